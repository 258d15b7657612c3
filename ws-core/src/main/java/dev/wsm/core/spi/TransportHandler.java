package dev.wsm.core.spi;

import java.nio.ByteBuffer;

/**
 * The core's side of a transport: the transport calls it from its own threads. Implementations
 * (the core) never block in these methods: they decode, update in-memory state, queue frames and
 * hand anything slower to other threads. For one session, calls arrive one at a time and in order.
 */
public interface TransportHandler {
  /**
   * Decides whether to accept an upgrade request, before the 101 response. A refusal's status is
   * sent as the HTTP response.
   */
  AuthResult onHandshake(Handshake handshake);

  /** The session is open; {@code principal} is what {@link #onHandshake} accepted. */
  void onOpen(TransportSession session, Principal principal);

  void onText(TransportSession session, String text);

  void onBinary(TransportSession session, ByteBuffer data);

  /** A pong arrived, with the payload it echoes (empty for an unsolicited pong). */
  void onPong(TransportSession session, ByteBuffer payload);

  /** The session closed, by either side; called once per opened session. */
  void onClose(TransportSession session, int code, String reason, boolean remote);
}
