package dev.wsm.core.internal;

import dev.wsm.core.CloseCodes;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.RequestHandler;
import dev.wsm.core.WsException;
import dev.wsm.core.protocol.BinaryFrames;
import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.protocol.ClientFrameDecoder;
import dev.wsm.core.protocol.ProtocolException;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Handshake;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.TransportHandler;
import dev.wsm.core.spi.TransportSession;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;

/**
 * The core's {@link TransportHandler}: checks handshakes ({@link HandshakeCheck}), opens and closes
 * connections ({@link ConnectionOpening}, {@link ConnectionClosing}), and decodes each client frame,
 * takes it from the rate limits and hands it to the {@link FrameDispatcher}, answering what fails
 * at once with an error frame. Protocol errors count; too many close the connection.
 *
 * <p>Threading: called on transport threads, each connection's events on one thread at a time;
 * never blocks (but for the Authenticator during a handshake): slow work goes to stores' stages
 * or the callback pool.
 */
@Singleton
public final class CoreTransportHandler implements TransportHandler {
  private final ClientFrameDecoder decoder = new ClientFrameDecoder();
  private final HandshakeCheck handshakes;
  private final ConnectionOpening opening;
  private final ConnectionClosing closing;
  private final InboundLimiter limiter;
  private final HeartbeatMonitor heartbeats;
  private final FrameDispatcher dispatcher;
  private final CustomFrames customs;
  private final Requests requests;

  @Inject
  public CoreTransportHandler(HandshakeCheck handshakes, ConnectionOpening opening,
      ConnectionClosing closing, InboundLimiter limiter, HeartbeatMonitor heartbeats,
      FrameDispatcher dispatcher, CustomFrames customs, Requests requests) {
    this.handshakes = handshakes;
    this.opening = opening;
    this.closing = closing;
    this.limiter = limiter;
    this.heartbeats = heartbeats;
    this.dispatcher = dispatcher;
    this.customs = customs;
    this.requests = requests;
  }

  /** Registers a handler for a custom type (see {@link CustomFrames#register}). */
  public void handle(String type, RequestHandler handler) {
    customs.register(type, handler);
  }

  /** The hub is shutting down (see {@link ConnectionClosing#stopping()}). */
  public void stopping() {
    closing.stopping();
  }

  @Override
  public AuthResult onHandshake(Handshake handshake) {
    return handshakes.check(handshake);
  }

  @Override
  public void onOpen(TransportSession session, Principal principal) {
    opening.open(session, principal);
  }

  @Override
  public void onText(TransportSession session, String text) {
    LiveConnection c = (LiveConnection) session.attachment();
    if (c == null) {
      return;
    }
    c.received();
    ClientFrame frame;
    try {
      frame = decoder.decode(text);
    } catch (ProtocolException e) {
      c.send(ServerFrames.failure(e.ref(), e.code(), e.getMessage()));
      protocolError(c);
      return;
    }
    if (!admitted(c, FrameTypes.of(frame), frame.ref())) {
      return;
    }
    try {
      dispatcher.dispatch(c, frame);
    } catch (RuntimeException e) {
      requests.fail(c, frame.ref(), e);
      if (e instanceof WsException ws && ws.code() == ErrorCode.UNKNOWN_TYPE) {
        protocolError(c);
      }
    }
  }

  @Override
  public void onBinary(TransportSession session, ByteBuffer data) {
    LiveConnection c = (LiveConnection) session.attachment();
    if (c == null) {
      return;
    }
    c.received();
    if (!admitted(c, "binary", null)) {
      return;
    }
    try {
      dispatcher.dispatch(c, BinaryFrames.decode(data));
    } catch (ProtocolException e) {
      requests.fail(c, null, e);
      protocolError(c);
    } catch (RuntimeException e) {
      requests.fail(c, null, e);
    }
  }

  @Override
  public void onPong(TransportSession session, ByteBuffer payload) {
    LiveConnection c = (LiveConnection) session.attachment();
    if (c != null) {
      heartbeats.pong(c, payload);
    }
  }

  @Override
  public void onClose(TransportSession session, int code, String reason, boolean remote) {
    LiveConnection c = (LiveConnection) session.attachment();
    if (c != null) {
      closing.close(c, code, reason, remote);
    }
  }

  /**
   * Takes the frame from the rate limits; a frame over them is answered {@code rate_limited} (and
   * the connection closed with {@link CloseCodes#RATE_LIMITED} once it has been too often).
   */
  private boolean admitted(LiveConnection c, String type, String ref) {
    InboundLimiter.Verdict verdict = limiter.admit(c.id(), type);
    if (verdict == InboundLimiter.Verdict.ALLOWED) {
      return true;
    }
    c.send(ServerFrames.failure(ref, ErrorCode.RATE_LIMITED, "rate limit exceeded; slow down"));
    if (verdict == InboundLimiter.Verdict.CLOSE) {
      c.close(CloseCodes.RATE_LIMITED, "rate limit exceeded too often");
    }
    return false;
  }

  /** Counts a protocol error; the one past the threshold closes the connection. */
  private void protocolError(LiveConnection c) {
    if (limiter.protocolError(c.id())) {
      c.close(CloseCodes.TOO_MANY_ERRORS, "too many protocol errors");
    }
  }
}
