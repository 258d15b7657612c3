package dev.wsm.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests (the JDK's {@code java.net.http.WebSocket}) that speaks wsm's
 * protocol: it keeps every received frame, lets a test wait for the first one matching a predicate,
 * and sends requests with a fresh {@code ref}. Thread-safe. Close it when done.
 */
public final class TestClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** One client for all: creating an HttpClient per connection costs milliseconds and a thread. */
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final WebSocket socket;
  private final Inbox inbox;
  private final AtomicInteger refs = new AtomicInteger();

  private TestClient(WebSocket socket, Inbox inbox) {
    this.socket = socket;
    this.inbox = inbox;
  }

  /** The outcome of a close: the WebSocket close code and reason. */
  public record CloseInfo(int code, String reason) {}

  /** Connects and waits for the open handshake; fails with {@link HandshakeRefused} on a refusal. */
  public static TestClient connect(URI uri) {
    return connect(uri, java.util.Map.of());
  }

  /**
   * Connects with extra request headers (e.g. {@code Authorization}) and waits for the open
   * handshake; fails with {@link HandshakeRefused} on a refusal.
   */
  public static TestClient connect(URI uri, java.util.Map<String, String> headers) {
    Inbox inbox = new Inbox();
    try {
      WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
      headers.forEach(builder::header);
      WebSocket ws = builder
          .buildAsync(uri, inbox)
          .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return new TestClient(ws, inbox);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        throw new HandshakeRefused(refused.getResponse().statusCode(),
            String.valueOf(refused.getResponse().body()));
      }
      throw new IllegalStateException("could not connect to " + uri, e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException("could not connect to " + uri, e);
    }
  }

  /** Connects and waits for the {@code welcome} frame. */
  public static TestClient connectWelcomed(URI uri) {
    TestClient client = connect(uri);
    client.await("welcome");
    return client;
  }

  /** The upgrade was refused with an HTTP status. */
  public static final class HandshakeRefused extends RuntimeException {
    private final int status;

    HandshakeRefused(int status, String body) {
      super("handshake refused with HTTP " + status + ": " + body);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** Sends a text frame as-is. */
  public void sendText(String text) {
    join(socket.sendText(text, true));
  }

  /** Sends a JSON frame built from alternating keys and values. */
  public void send(Object... keysAndValues) {
    sendText(json(keysAndValues).toString());
  }

  public void sendBinary(byte[] bytes) {
    join(socket.sendBinary(ByteBuffer.wrap(bytes), true));
  }

  /**
   * Sends a request with a fresh ref (keys and values as in {@link #send}) and waits for its
   * {@code reply}.
   */
  public JsonNode request(Object... keysAndValues) {
    String ref = "r" + refs.incrementAndGet();
    var node = json(keysAndValues);
    node.put("ref", ref);
    sendText(node.toString());
    return await(f -> "reply".equals(f.path("type").asText()) && ref.equals(f.path("ref").asText()));
  }

  /** Waits (10 s at most) for the first unconsumed frame of this type, and consumes it. */
  public JsonNode await(String type) {
    return await(f -> type.equals(f.path("type").asText()));
  }

  public JsonNode await(Predicate<JsonNode> match) {
    return await(match, Duration.ofSeconds(10));
  }

  /** Waits for the first unconsumed frame matching, and consumes it; fails after the timeout. */
  public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
    return inbox.take(match, timeout);
  }

  /** Waits for the first unconsumed binary frame. */
  public byte[] awaitBinary(Duration timeout) {
    return inbox.takeBinary(timeout);
  }

  /** True if a matching frame arrives within {@code within}; does not consume it. */
  public boolean receives(Predicate<JsonNode> match, Duration within) {
    return inbox.peek(match, within);
  }

  /** Every text frame received so far, consumed or not. */
  public List<JsonNode> received() {
    return inbox.all();
  }

  /** Completes when the server closes the connection (or the connection fails: code 1006). */
  public CompletableFuture<CloseInfo> closed() {
    return inbox.closed;
  }

  public CloseInfo awaitClose(Duration timeout) {
    try {
      return inbox.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("the connection was not closed within " + timeout, e);
    }
  }

  public boolean isOpen() {
    return !socket.isOutputClosed() && !inbox.closed.isDone();
  }

  /** Drops the TCP connection without a close frame. */
  public void abort() {
    socket.abort();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        socket.abort();
      }
    }
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode json(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must come in pairs");
    }
    var node = JSON.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
    }
    return node;
  }

  private static void join(CompletableFuture<WebSocket> f) {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("send failed", e);
    }
  }

  /** Receives frames into a list that tests search. */
  private static final class Inbox implements WebSocket.Listener {
    private final List<JsonNode> frames = new ArrayList<>();
    private final List<JsonNode> unconsumed = new ArrayList<>();
    private final List<byte[]> binaries = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        JsonNode node;
        try {
          node = JSON.readTree(text.toString());
        } catch (Exception e) {
          node = JSON.createObjectNode().put("type", "__unparseable__").put("raw", text.toString());
        }
        text.setLength(0);
        synchronized (this) {
          frames.add(node);
          unconsumed.add(node);
          notifyAll();
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (last) {
        synchronized (this) {
          binaries.add(binary.toByteArray());
          notifyAll();
        }
        binary = new java.io.ByteArrayOutputStream();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(new CloseInfo(statusCode, reason));
      synchronized (this) {
        notifyAll();
      }
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(new CloseInfo(1006, String.valueOf(error)));
      synchronized (this) {
        notifyAll();
      }
    }

    synchronized JsonNode take(Predicate<JsonNode> match, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        for (Iterator<JsonNode> it = unconsumed.iterator(); it.hasNext(); ) {
          JsonNode f = it.next();
          if (match.test(f)) {
            it.remove();
            return f;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no matching frame within " + timeout + "; last received: "
              + summary(frames));
        }
        waitNanos(left);
      }
    }

    /** The last ten frames, each cut to 200 characters, for failure messages. */
    private static String summary(List<JsonNode> frames) {
      StringBuilder out = new StringBuilder("[");
      for (JsonNode f : frames.subList(Math.max(0, frames.size() - 10), frames.size())) {
        String text = f.toString();
        out.append(text.length() > 200 ? text.substring(0, 200) + "…" : text).append(", ");
      }
      return out.append("] (").append(frames.size()).append(" in all)").toString();
    }

    synchronized boolean peek(Predicate<JsonNode> match, Duration within) {
      long deadline = System.nanoTime() + within.toNanos();
      while (true) {
        if (unconsumed.stream().anyMatch(match)) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        waitNanos(left);
      }
    }

    synchronized byte[] takeBinary(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (binaries.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no binary frame within " + timeout);
        }
        waitNanos(left);
      }
      return binaries.remove(0);
    }

    synchronized List<JsonNode> all() {
      return List.copyOf(frames);
    }

    private void waitNanos(long nanos) {
      try {
        TimeUnit.NANOSECONDS.timedWait(this, Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(100)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
