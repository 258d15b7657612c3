package dev.wsm.client.internal;

import dev.wsm.client.WsmClientException;
import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection attempt and, once open, the connection: reassembles incoming frames up to the
 * size limit, notes when anything was last heard, queues outgoing frames one after another.
 *
 * <p>Threads: the JDK calls the {@link WebSocket.Listener} methods one at a time, on its own
 * threads; they decode and hand each frame to the {@link Listener}, then ask for the next. {@link
 * #send}, {@link #abort} and {@link #drop} may be called from any thread; {@link
 * #closeGracefully} blocks the caller (about 2 s at most). The fields without a modifier are
 * guarded by the client's lock ({@link ConnectionLoop}).
 */
final class Link implements WebSocket.Listener {
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  /** What a link reports, from the JDK's threads or the timer; called without the lock. */
  interface Listener {
    void text(Link from, String frame);

    void binary(Link from, byte[] frame);

    void lost(Link from, int code, String reason);

    /** An error that belongs to no request, for the error handler. */
    void error(Throwable error);
  }

  private final Listener listener;
  private final int maxIncomingMessageSize;
  private final StringBuilder text = new StringBuilder();
  private ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private final CompletableFuture<Void> closedByPeer = new CompletableFuture<>();
  private volatile WebSocket socket;
  private volatile long lastHeard = System.nanoTime();
  private CompletableFuture<?> sendTail = CompletableFuture.completedFuture(null);
  private final AtomicInteger unwritten = new AtomicInteger();
  // Guarded by the client's lock:
  boolean dead;
  boolean welcomed;
  ScheduledFuture<?> welcomeTimer;
  ScheduledFuture<?> heartbeat;

  Link(Listener listener, int maxIncomingMessageSize) {
    this.listener = listener;
    this.maxIncomingMessageSize = maxIncomingMessageSize;
  }

  /** Marks the link ended and stops its timers (lock held). */
  void retire() {
    dead = true;
    ClientThreads.cancel(welcomeTimer);
    ClientThreads.cancel(heartbeat);
  }

  /** The WebSocket, once the opening handshake completed. */
  void opened(WebSocket ws) {
    socket = ws;
  }

  @Override
  public void onOpen(WebSocket ws) {
    socket = ws;
    heard();
    ws.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    heard();
    if (text.length() + data.length() > maxIncomingMessageSize) {
      tooLarge();
      return null;
    }
    text.append(data);
    if (last) {
      String frame = text.toString();
      text.setLength(0);
      listener.text(this, frame);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    heard();
    if (binary.size() + data.remaining() > maxIncomingMessageSize) {
      tooLarge();
      return null;
    }
    byte[] chunk = new byte[data.remaining()];
    data.get(chunk);
    binary.writeBytes(chunk);
    if (last) {
      byte[] frame = binary.toByteArray();
      binary = new ByteArrayOutputStream();
      listener.binary(this, frame);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
    heard(); // the JDK sends the pong itself
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
    heard();
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    closedByPeer.complete(null);
    listener.lost(this, statusCode, reason == null ? "" : reason);
    return null; // the JDK then answers the close and closes the TCP connection
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    closedByPeer.complete(null);
    listener.lost(this, 1006, "connection failed: " + error);
  }

  private void heard() {
    lastHeard = System.nanoTime();
  }

  /** How long nothing at all (no frame, no ping) has arrived. */
  long silentMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeard);
  }

  private void tooLarge() {
    listener.error(new WsmClientException(WsmClientException.PROTOCOL,
        "the server sent a message over " + maxIncomingMessageSize
            + " characters or bytes; dropping the connection"));
    drop(1006, "incoming message too large");
  }

  /** Drops the connection without a closing handshake and reports it lost (lock not held). */
  void drop(int code, String reason) {
    listener.lost(this, code, reason);
    abort();
  }

  /** Queues a text frame behind the ones before it: the JDK allows one send at a time. */
  void send(String frame) {
    synchronized (this) {
      WebSocket ws = socket;
      if (ws == null) {
        return; // cannot happen once welcomed; the request then times out
      }
      unwritten.incrementAndGet();
      CompletableFuture<?> next = sendTail.handle((ignored, error) -> null)
          .thenCompose(ignored -> ws.sendText(frame, true));
      next.whenComplete((ignored, error) -> {
        unwritten.decrementAndGet();
        if (error != null) {
          drop(1006, "send failed: " + error);
        }
      });
      sendTail = next;
    }
  }

  /**
   * Frames handed to {@link #send} and not yet written to the socket: they pile up when the
   * server reads slower than this client sends.
   */
  int unwritten() {
    return unwritten.get();
  }

  /** Sends a close frame after the frames queued before it and waits briefly for the answer. */
  void closeGracefully() {
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    try {
      CompletableFuture<?> sent;
      synchronized (this) {
        sent = sendTail.handle((ignored, error) -> null)
            .thenCompose(ignored -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        sendTail = sent;
      }
      sent.get(CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
      closedByPeer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the server did not answer in time: drop the connection below
    } finally {
      ws.abort();
    }
  }

  void abort() {
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
  }
}
