package dev.wsm.bench.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baseline: a plain Java-WebSocket {@link WebSocketServer} with wsm's room semantics and nothing
 * else (no ids, offsets, history, presence, limits or acks), so that one load tool can drive both and
 * the difference is what wsm adds. Java-WebSocket's defaults throughout (decoder threads, backlog,
 * connection-lost timer) except TCP_NODELAY, which is on, as in wsm's transport.
 *
 * <p>Protocol, JSON text frames; a request with a {@code ref} gets {@code
 * {"type":"reply","ref":…,"ok":true}}, without one no reply:
 *
 * <ul>
 *   <li>on open: {@code {"type":"welcome","user":U}}, U from the query parameter {@code user}
 *       (default {@code anon});
 *   <li>{@code {"type":"join","room":R}} and {@code {"type":"leave","room":R}};
 *   <li>{@code {"type":"publish","room":R,"data":D}}: if the sender is a member, {@code
 *       {"type":"message","room":R,"from":U,"data":D}} — built once — goes through {@link
 *       #broadcast(String, java.util.Collection)} to every member but the sending connection; a
 *       non-member gets {@code forbidden} (as a reply with a ref, else as an error frame);
 *   <li>{@code {"type":"ping"}}: {@code {"type":"pong"}}, with the ref if given.
 * </ul>
 *
 * A frame that is not such a request is answered with {@code {"type":"error",…}} (or a failed reply
 * when it carries a ref). Membership ends when the connection closes.
 *
 * <p>Threading: Java-WebSocket calls each connection's handlers on that connection's decoder
 * thread; rooms are concurrent sets, so handlers never lock. Lifecycle: {@link #startAndAwait} once,
 * {@link #stop(int)} once.
 */
public final class BaselineServer extends WebSocketServer {
  private static final Logger log = LoggerFactory.getLogger(BaselineServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

  private final ConcurrentHashMap<String, Set<WebSocket>> rooms = new ConcurrentHashMap<>();
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile Exception startFailure;

  /** The rooms one connection is in, and who it is; attached to its {@link WebSocket}. */
  private record Member(String user, String quotedUser, Set<String> rooms) {}

  /** A server for {@code address} (port 0 for any free port); binds only on start. */
  public BaselineServer(InetSocketAddress address) {
    super(address);
    setTcpNoDelay(true);
  }

  /**
   * Starts the server thread and waits until the port is bound.
   *
   * @return the bound port (the real one when the address had port 0)
   * @throws IllegalStateException if binding fails or takes longer than {@code timeout}
   */
  public int startAndAwait(Duration timeout) throws InterruptedException {
    start();
    if (!started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the baseline server did not start within " + timeout);
    }
    if (startFailure != null) {
      throw new IllegalStateException("the baseline server could not bind " + getAddress() + ": "
          + startFailure.getMessage(), startFailure);
    }
    return getPort();
  }

  /** Members of a room on this server, for tests; empty when none. */
  public Set<WebSocket> members(String room) {
    Set<WebSocket> members = rooms.get(room);
    return members == null ? Set.of() : Set.copyOf(members);
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    String user = userOf(handshake.getResourceDescriptor());
    String quoted = quote(user);
    conn.setAttachment(new Member(user, quoted, ConcurrentHashMap.newKeySet()));
    conn.send("{\"type\":\"welcome\",\"user\":" + quoted + "}");
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    Member member = conn.getAttachment();
    if (member == null) {
      return;
    }
    for (String room : member.rooms()) {
      leave(room, conn, member);
    }
  }

  @Override
  public void onMessage(WebSocket conn, String text) {
    Member member = conn.getAttachment();
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      fail(conn, null, "invalid_message", "frame is not valid JSON");
      return;
    }
    if (frame == null || !frame.isObject()) {
      fail(conn, null, "invalid_message", "frame must be a JSON object");
      return;
    }
    JsonNode refNode = frame.get("ref");
    String ref = refNode == null || refNode.isNull() ? null : refNode.asText();
    String type = frame.path("type").asText("");
    if (type.equals("ping")) {
      conn.send(ref == null ? "{\"type\":\"pong\"}" : "{\"type\":\"pong\",\"ref\":" + quote(ref) + "}");
      return;
    }
    if (!type.equals("join") && !type.equals("leave") && !type.equals("publish")) {
      fail(conn, ref, "unknown_type", "unknown type");
      return;
    }
    JsonNode roomNode = frame.get("room");
    if (roomNode == null || !roomNode.isTextual() || roomNode.textValue().isEmpty()) {
      fail(conn, ref, "invalid_message", "field 'room' is required and must be a string");
      return;
    }
    String room = roomNode.textValue();
    switch (type) {
      case "join" -> {
        rooms.compute(room, (r, set) -> {
          Set<WebSocket> members = set == null ? ConcurrentHashMap.newKeySet() : set;
          members.add(conn);
          return members;
        });
        member.rooms().add(room);
        ok(conn, ref);
      }
      case "leave" -> {
        leave(room, conn, member);
        ok(conn, ref);
      }
      default -> publish(conn, member, ref, room, frame.get("data"));
    }
  }

  private void publish(WebSocket conn, Member member, String ref, String room, JsonNode data) {
    if (data == null) {
      fail(conn, ref, "invalid_message", "field 'data' is required");
      return;
    }
    Set<WebSocket> members = rooms.get(room);
    if (members == null || !member.rooms().contains(room)) {
      fail(conn, ref, "forbidden", "join room '" + room + "' before publishing to it");
      return;
    }
    String message;
    try {
      message = "{\"type\":\"message\",\"room\":" + quote(room) + ",\"from\":" + member.quotedUser()
          + ",\"data\":" + JSON.writeValueAsString(data) + "}";
    } catch (JsonProcessingException e) {
      fail(conn, ref, "invalid_message", "data cannot be written as JSON");
      return;
    }
    List<WebSocket> recipients = new ArrayList<>(members.size());
    for (WebSocket m : members) {
      if (m != conn) {
        recipients.add(m);
      }
    }
    broadcast(message, recipients);
    ok(conn, ref);
  }

  private void leave(String room, WebSocket conn, Member member) {
    member.rooms().remove(room);
    rooms.computeIfPresent(room, (r, set) -> {
      set.remove(conn);
      return set.isEmpty() ? null : set;
    });
  }

  private static void ok(WebSocket conn, String ref) {
    if (ref != null) {
      conn.send("{\"type\":\"reply\",\"ref\":" + quote(ref) + ",\"ok\":true}");
    }
  }

  private static void fail(WebSocket conn, String ref, String code, String message) {
    String error = "\"error\":{\"code\":" + quote(code) + ",\"message\":" + quote(message) + "}}";
    conn.send(ref == null ? "{\"type\":\"error\"," + error
        : "{\"type\":\"reply\",\"ref\":" + quote(ref) + ",\"ok\":false," + error);
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    if (conn == null) {
      // A server-level failure (Java-WebSocket logs it); before onStart: the port was not bound.
      if (started.getCount() > 0) {
        startFailure = ex;
        started.countDown();
      }
    } else {
      log.debug("connection {} failed", conn.getRemoteSocketAddress(), ex);
    }
  }

  /** The {@code user} query parameter of a request target like {@code /?user=alice}, or anon. */
  static String userOf(String resourceDescriptor) {
    String query;
    try {
      query = URI.create(resourceDescriptor == null ? "/" : resourceDescriptor).getRawQuery();
    } catch (IllegalArgumentException e) {
      return "anon";
    }
    if (query == null) {
      return "anon";
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("user=") && pair.length() > "user=".length()) {
        try {
          return URLDecoder.decode(pair.substring("user=".length()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return "anon";
        }
      }
    }
    return "anon";
  }

  private static String quote(String s) {
    return "\"" + new String(ESCAPE.quoteAsString(s)) + "\"";
  }
}
