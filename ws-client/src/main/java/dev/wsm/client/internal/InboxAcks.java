package dev.wsm.client.internal;

import dev.wsm.client.ClientState;
import dev.wsm.client.DirectMessage;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Acknowledgements of the user's inbox: by message id, up to a {@code seq}, and, with auto-ack,
 * one by id after the direct handler returned normally (a handler that throws leaves its message
 * to come again at the next connect).
 *
 * <p>Threads: {@link #ack} and {@link #ackUpTo} may be called from any thread and do not block;
 * the auto-acking direct handler runs on the event thread.
 */
public final class InboxAcks {
  private final ConnectionLoop loop;
  private final Consumer<DirectMessage> directHandler;

  InboxAcks(ConnectionLoop loop, Consumer<DirectMessage> directHandler) {
    this.loop = loop;
    this.directHandler = directHandler;
  }

  /** Acknowledges 1 to 1,000 messages by id; completes with how many the inbox still held. */
  public CompletableFuture<Integer> ack(Collection<String> ids) {
    return loop.call(RequestFrames.ack(ids), reply -> reply.path("acked").asInt());
  }

  /** Acknowledges every message numbered {@code seq} or lower; completes with how many. */
  public CompletableFuture<Integer> ackUpTo(long seq) {
    return loop.call(RequestFrames.ackUpTo(seq), reply -> reply.path("acked").asInt());
  }

  /** The handler for direct messages: the application's, followed by an ack with auto-ack. */
  Consumer<DirectMessage> directHandler(boolean autoAck) {
    return autoAck ? this::handleAndAck : directHandler;
  }

  /** With auto-ack: the direct handler, then an ack of the message once it returned normally. */
  private void handleAndAck(DirectMessage m) {
    directHandler.accept(m);
    if (m.seq() > 0 && loop.state() == ClientState.CONNECTED) {
      // not acked: the server sends it again; ids dedupe
      ack(Arrays.asList(m.id())).exceptionally(e -> null);
    }
  }
}
