package dev.wsm.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.wsm.client.internal.EventQueue;
import dev.wsm.client.internal.Frames;
import dev.wsm.client.internal.Handlers;
import dev.wsm.client.internal.Reconnect;
import dev.wsm.client.internal.RequestFrames;
import dev.wsm.client.internal.RoomStreams;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A client of a wsm server over one WebSocket at a time (the JDK's {@code java.net.http}). Build
 * it with {@link #builder(URI)}, register handlers there, then {@link #connect()}. Every request
 * returns a {@link CompletableFuture}; the client reconnects on its own when the connection is
 * lost and, with auto-resume, rejoins its rooms and receives what it missed, each message once.
 *
 * <p><b>Threads.</b> Thread-safe: any thread may call any method; no method blocks except {@link
 * #close()} (about 2 s at most). Handlers run on the client's one event thread, one at a time, in
 * the order the server sent the events, never on a WebSocket thread. Request futures complete on
 * the client's reply thread (neither the event thread nor a WebSocket thread), so a handler may
 * wait for a request's result; code chained to a future without {@code …Async} runs on the reply
 * thread and should not block it.
 *
 * <p><b>Requests.</b> A request fails with {@link WsmClientException} carrying the server's error
 * code when the server refuses it, with {@link RequestTimeoutException} after {@link
 * WsmClientOptions#requestTimeout()}, and with code {@link WsmClientException#DISCONNECTED} when
 * the connection was lost after it was sent (the server may have carried it out; it is not sent
 * again). Requests made while the client is connecting or reconnecting wait in a bounded queue
 * ({@link WsmClientOptions#maxQueuedRequests()}; past it they fail at once with {@link
 * WsmClientException#OVERLOADED}) and are sent, in order, once the client is connected and its
 * rooms are resumed; their timeout runs while they wait.
 *
 * <p><b>Reconnecting.</b> After a connection is lost the client waits a {@link Backoff} delay and
 * connects again, unless {@link #close()} was called or the close code says not to come back. It
 * reconnects after 1001, 1006 (no close frame: network failure, heartbeat silence), 1009, 1011,
 * 1012 to 1014, 4000, 4001 and the other codes of wsm's range 4000 to 4099. It stays {@link
 * ClientState#CLOSED} after 1000, 1002, 1003, 1007, 1008, 1010, 4003 (kicked), 4029 (too many
 * connections) and application codes 4100 to 4999. A reconnect refused with HTTP 400, 401, 403 or
 * 404 closes the client; other refusals are retried. The first connection is not retried: if it
 * fails, {@link #connect()} fails and the client is closed.
 *
 * <p><b>Resume and duplicates.</b> For every room joined through this client, the client keeps
 * the stream epoch (from the join reply or a {@code recovered} frame) and the highest offset it
 * handed to the message handler, and drops a message at or below that offset: a handler sees each
 * message once, in offset order. After a reconnect it sends {@code resume} first, with the session
 * token of the previous {@code welcome} and each room's position (and password); the server sends
 * the missed messages and then {@link Recovered}, or {@link RecoveryFailed} when it cannot. If the
 * server refuses the session, the client joins each room again and reports {@link RecoveryFailed}
 * with reason {@code invalid_session} ({@link Recovered} with 0 missed if nothing was missed).
 *
 * <p><b>Heartbeats.</b> The JDK WebSocket answers the server's pings itself. When nothing at all
 * (no frame, no ping) has arrived for the welcome's {@code heartbeat.timeout}, the client takes
 * the connection for dead, aborts it and reconnects.
 *
 * <p><b>Bounds.</b> Requests in flight ({@link WsmClientOptions#maxPendingRequests()}), requests
 * waiting for a connection ({@link WsmClientOptions#maxQueuedRequests()}), events waiting for the
 * event thread ({@link WsmClientOptions#eventQueueCapacity()}: when slow handlers let it fill, the
 * client drops the connection and reconnects once the queue has drained to half, and resume
 * delivers again what did not fit), incoming message size ({@link
 * WsmClientOptions#maxIncomingMessageSize()}), reconnect attempts ({@link Backoff#maxAttempts()}).
 */
public final class WsmClient implements AutoCloseable {
  private static final AtomicInteger CLIENTS = new AtomicInteger();
  /** The most rooms one {@code resume} may carry (docs/protocol.md). */
  private static final int RESUME_ROOMS = 100;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final URI uri;
  private final boolean autoAck;
  private final String bearerToken;
  private final WsmClientOptions options;
  private final Handlers handlers;
  private final HttpClient http;
  private final EventQueue events;
  private final ThreadPoolExecutor replies;
  private final ScheduledThreadPoolExecutor timer;
  private final CompletableFuture<Welcome> connected = new CompletableFuture<>();

  private final Object lock = new Object();
  // Guarded by lock:
  private ClientState state = ClientState.NEW;
  private Link link;
  private Welcome welcome;
  private boolean everWelcomed;
  private int failedAttempts;
  private long nextRef;
  private final Map<String, Pending> inFlight = new LinkedHashMap<>();
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private final RoomStreams rooms = new RoomStreams();

  private WsmClient(Builder builder) {
    URI withUser = builder.user == null ? builder.uri : withUser(builder.uri, builder.user);
    this.uri = builder.device == null ? withUser : withParam(withUser, "device", builder.device);
    this.autoAck = builder.autoAck;
    this.bearerToken = builder.bearerToken;
    this.options = builder.options;
    this.handlers = builder.handlers();
    this.http = builder.httpClient != null ? builder.httpClient : SharedHttp.CLIENT;
    int id = CLIENTS.incrementAndGet();
    this.events = new EventQueue("wsm-client-" + id + "-events", options.eventQueueCapacity(),
        handlers.error());
    this.replies = EventQueue.singleThread("wsm-client-" + id + "-replies");
    this.timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "wsm-client-" + id + "-timer");
      thread.setDaemon(true);
      return thread;
    });
    this.timer.setRemoveOnCancelPolicy(true);
    this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  /** Starts building a client for a server URL such as {@code ws://localhost:8080/ws}. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /**
   * Opens the connection. The future completes with the {@code welcome} once the server accepted
   * the client, and fails with code {@link WsmClientException#CONNECT_FAILED} if the first
   * connection could not be opened, was refused or closed before its welcome (the client is then
   * closed). Calling it again returns the same future.
   */
  public CompletableFuture<Welcome> connect() {
    Link attempt = null;
    synchronized (lock) {
      if (state == ClientState.NEW) {
        setState(ClientState.CONNECTING, 0, "connecting to " + redacted());
        attempt = open();
      }
    }
    if (attempt != null) {
      start(attempt);
    }
    return connected;
  }

  public ClientState state() {
    synchronized (lock) {
      return state;
    }
  }

  /** The welcome of the current (or last) connection; empty before the first. */
  public Optional<Welcome> welcome() {
    synchronized (lock) {
      return Optional.ofNullable(welcome);
    }
  }

  /**
   * The position the client has reached in a room's stream: the epoch and the highest offset handed
   * to the message handler. Empty for a room the client knows nothing about.
   */
  public Optional<StreamPosition> position(String room) {
    synchronized (lock) {
      RoomStreams.Stream s = rooms.get(room);
      return s == null ? Optional.empty() : Optional.of(s.position());
    }
  }

  /**
   * Closes the connection with 1000 and the client for good: requests waiting or in flight fail
   * with code {@link WsmClientException#CLOSED}, the state becomes {@link ClientState#CLOSED},
   * events already queued are still delivered. Waits at most about 2 s for the server to
   * acknowledge the close. Idempotent.
   */
  @Override
  public void close() {
    Link last;
    synchronized (lock) {
      if (state == ClientState.CLOSED) {
        return;
      }
      last = link;
      terminate(last == null ? 0 : 1000, "closed by the client", null, false);
    }
    if (last != null) {
      last.closeGracefully();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  /** Joins a public room (creating it if the server allows). */
  public CompletableFuture<JoinResult> join(String room) {
    return join(room, null);
  }

  /**
   * Joins a room; {@code password} is needed for a private room (null for none). The client
   * remembers the password to rejoin the room after a reconnect.
   */
  public CompletableFuture<JoinResult> join(String room, String password) {
    return call(RequestFrames.join(room, password), Frames::join,
        reply -> rooms.joined(room, password, Frames.stream(reply)));
  }

  /** Leaves a room; true when this connection was a member. The client forgets the room. */
  public CompletableFuture<Boolean> leave(String room) {
    return call(RequestFrames.leave(room), reply -> reply.path("left").asBoolean(),
        reply -> rooms.forget(room));
  }

  /** Publishes a JSON string to a room this client has joined. */
  public CompletableFuture<PublishResult> publish(String room, String text) {
    return publish(room, TextNode.valueOf(Objects.requireNonNull(text, "text")), SendOptions.NONE);
  }

  /** Publishes JSON data to a room this client has joined. */
  public CompletableFuture<PublishResult> publish(String room, JsonNode data) {
    return publish(room, data, SendOptions.NONE);
  }

  /**
   * Publishes JSON data with an event label (null for none) to a room this client has joined. The
   * publishing connection does not receive its own message.
   */
  public CompletableFuture<PublishResult> publish(String room, JsonNode data, String event) {
    return publish(room, data, SendOptions.NONE.withEvent(event));
  }

  /** Publishes JSON data with an event, a time to live and/or a parent (a reply in a thread). */
  public CompletableFuture<PublishResult> publish(String room, JsonNode data, SendOptions send) {
    // The client's own message never comes back to it: its offset is not a hole to wait for.
    return call(RequestFrames.publish(room, data, send), Frames::publish, reply -> {
      long offset = reply.path("offset").asLong();
      if (offset > 0 && rooms.get(room) != null) {
        rooms.seen(room, offset);
      }
    });
  }

  /** Sends a JSON string to every connection of a user (or to the user's offline inbox). */
  public CompletableFuture<DirectResult> direct(String user, String text) {
    return direct(user, TextNode.valueOf(Objects.requireNonNull(text, "text")), SendOptions.NONE);
  }

  /** Sends JSON data to every connection of a user (or to the user's offline inbox). */
  public CompletableFuture<DirectResult> direct(String user, JsonNode data) {
    return direct(user, data, SendOptions.NONE);
  }

  /** Sends JSON data with an event label (null for none) to every connection of a user. */
  public CompletableFuture<DirectResult> direct(String user, JsonNode data, String event) {
    return direct(user, data, SendOptions.NONE.withEvent(event));
  }

  /** Sends JSON data to every connection of a user with an event and/or a time to live. */
  public CompletableFuture<DirectResult> direct(String user, JsonNode data, SendOptions send) {
    return call(RequestFrames.direct(user, data, send), Frames::directResult, null);
  }

  /**
   * Acknowledges direct messages by id (1 to 1,000 ids): the user's inbox stops keeping them, for
   * every device of the user. Completes with how many of them the inbox still held. Until a device
   * acknowledges a direct message, the server sends it again at every connect, so the direct
   * handler may see it again after a reconnect.
   */
  public CompletableFuture<Integer> ack(Collection<String> ids) {
    return call(RequestFrames.ack(ids), reply -> reply.path("acked").asInt(), null);
  }

  /**
   * Acknowledges every direct message of this user's inbox numbered {@code seq} or lower (see
   * {@link DirectMessage#seq()}); only for a client that has handled all of them, since messages
   * sent live and from the inbox may interleave around a connect. Completes with how many the
   * inbox (or, in the server's device mode, this device's position) newly covers.
   */
  public CompletableFuture<Integer> ackUpTo(long seq) {
    return call(RequestFrames.ackUpTo(seq), reply -> reply.path("acked").asInt(), null);
  }

  /** As {@link #ack(Collection)}. */
  public CompletableFuture<Integer> ack(String... ids) {
    return ack(ids == null ? null : Arrays.asList(ids));
  }

  /** Reads a page of a room's history; this client must have joined the room. */
  public CompletableFuture<HistoryPage> history(String room, HistoryRequest request) {
    return call(RequestFrames.history(room, request), Frames::history, null);
  }

  /** The members of a room this client has joined, with their presence, by user id. */
  public CompletableFuture<List<Presence>> members(String room) {
    return call(RequestFrames.members(room), Frames::members, null);
  }

  /**
   * Sets this connection's status ({@code online}, {@code busy} or {@code away}) and/or replaces
   * the user's metadata object; either may be null, not both. Completes with the user's aggregated
   * presence.
   */
  public CompletableFuture<Presence> presence(String status, ObjectNode meta) {
    return call(RequestFrames.presence(status, meta), Frames::presence, null);
  }

  /** Starts or stops the user's typing indicator in a room this client has joined. */
  public CompletableFuture<Void> typing(String room, boolean typing) {
    return call(RequestFrames.typing(room, typing), reply -> null, null);
  }

  /**
   * Sends a request of any other type, typically a custom type a server application registered
   * ({@code {"type":type, …fields}}), and completes with the whole {@code reply} frame. {@code
   * join}, {@code leave}, {@code resume} and {@code ping} are refused: the first three have methods
   * that keep the client's room state right, and {@code ping} is answered without a reply.
   */
  public CompletableFuture<JsonNode> request(String type, ObjectNode fields) {
    return call(RequestFrames.custom(type, fields), reply -> reply, null);
  }

  @Override
  public String toString() {
    return "WsmClient[" + redacted() + ", " + state() + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Request plumbing

  /** What to do with a request's outcome. Called with the lock held; must not block. */
  private interface Outcome {
    void ok(JsonNode reply);

    void failed(WsmClientException error);
  }

  /** A request with its ref, waiting to be sent or for its reply. */
  private static final class Pending {
    final String ref;
    final String type;
    final ObjectNode frame;
    final Outcome outcome;
    ScheduledFuture<?> timeout;

    Pending(String ref, String type, ObjectNode frame, Outcome outcome) {
      this.ref = ref;
      this.type = type;
      this.frame = frame;
      this.outcome = outcome;
    }
  }

  /**
   * A user request: {@code onOk} updates the client's state in reply order (with the lock held);
   * {@code result} builds the future's value on the reply thread.
   */
  private <T> CompletableFuture<T> call(ObjectNode frame, Function<JsonNode, T> result,
      Consumer<JsonNode> onOk) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Outcome outcome = new Outcome() {
      @Override
      public void ok(JsonNode reply) {
        if (onOk != null) {
          onOk.accept(reply);
        }
        onReplyThread(() -> {
          T value;
          try {
            value = result.apply(reply);
          } catch (RuntimeException e) {
            future.completeExceptionally(new WsmClientException(WsmClientException.PROTOCOL,
                "cannot read the reply to '" + frame.path("type").asText() + "'", e));
            return;
          }
          future.complete(value);
        });
      }

      @Override
      public void failed(WsmClientException error) {
        onReplyThread(() -> future.completeExceptionally(error));
      }
    };
    submit(frame, outcome);
    return future;
  }

  private void onReplyThread(Runnable task) {
    try {
      replies.execute(task);
    } catch (RejectedExecutionException closed) {
      task.run(); // the client is closed and its reply thread gone: complete here
    }
  }

  private void submit(ObjectNode frame, Outcome outcome) {
    synchronized (lock) {
      String type = frame.path("type").asText();
      switch (state) {
        case NEW -> {
          outcome.failed(new WsmClientException(WsmClientException.NOT_CONNECTED,
              "call connect() before '" + type + "'"));
          return;
        }
        case CLOSED -> {
          outcome.failed(closedError());
          return;
        }
        default -> { }
      }
      Pending p = new Pending(String.valueOf(++nextRef), type, frame, outcome);
      if (state == ClientState.CONNECTED) {
        if (!send(link, p)) {
          return;
        }
      } else if (waiting.size() >= options.maxQueuedRequests()) {
        outcome.failed(new WsmClientException(WsmClientException.OVERLOADED,
            "not connected and " + waiting.size() + " requests already wait for the connection"));
        return;
      } else {
        waiting.add(p);
      }
      p.timeout = schedule(() -> timedOut(p), options.requestTimeout());
    }
  }

  /** Sends a request on a link (lock held); false when it failed at once. */
  private boolean send(Link on, Pending p) {
    if (inFlight.size() >= options.maxPendingRequests()) {
      p.outcome.failed(new WsmClientException(WsmClientException.OVERLOADED,
          inFlight.size() + " requests already wait for their reply"));
      return false;
    }
    p.frame.put("ref", p.ref);
    String text;
    try {
      text = Frames.JSON.writeValueAsString(p.frame);
    } catch (JsonProcessingException e) {
      p.outcome.failed(new WsmClientException(WsmClientException.PROTOCOL,
          "cannot write '" + p.type + "' as JSON", e));
      return false;
    }
    inFlight.put(p.ref, p);
    on.send(text);
    return true;
  }

  /** Sends a request of the client's own (resume, rejoin) on the link being resumed. */
  private void sendInternal(Link on, ObjectNode frame, Outcome outcome) {
    Pending p = new Pending(String.valueOf(++nextRef), frame.path("type").asText(), frame, outcome);
    if (send(on, p)) {
      p.timeout = schedule(() -> timedOut(p), options.requestTimeout());
    }
  }

  private void timedOut(Pending p) {
    synchronized (lock) {
      if (inFlight.remove(p.ref, p) || waiting.remove(p)) {
        p.outcome.failed(new RequestTimeoutException(p.type, options.requestTimeout()));
      }
    }
  }

  private void replied(JsonNode frame) {
    Pending p = inFlight.remove(frame.path("ref").asText());
    if (p == null) {
      return; // timed out already, or not ours
    }
    if (p.timeout != null) {
      p.timeout.cancel(false);
    }
    if (frame.path("ok").asBoolean()) {
      p.outcome.ok(frame);
    } else {
      p.outcome.failed(Frames.error(frame));
    }
  }

  /** Fails every request in flight (lock held): its connection is gone. */
  private void failInFlight(WsmClientException error) {
    List<Pending> failed = new ArrayList<>(inFlight.values());
    inFlight.clear();
    for (Pending p : failed) {
      if (p.timeout != null) {
        p.timeout.cancel(false);
      }
      p.outcome.failed(error);
    }
  }

  private void failWaiting(WsmClientException error) {
    Pending p;
    while ((p = waiting.poll()) != null) {
      if (p.timeout != null) {
        p.timeout.cancel(false);
      }
      p.outcome.failed(error);
    }
  }

  /** Sends the requests that waited for the connection, in order (lock held). */
  private void flushWaiting() {
    Pending p;
    while (state == ClientState.CONNECTED && link != null && (p = waiting.poll()) != null) {
      if (!send(link, p) && p.timeout != null) {
        p.timeout.cancel(false);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Connections

  /** Makes a new connection attempt the current link (lock held); {@link #start} opens it. */
  private Link open() {
    Link attempt = new Link();
    link = attempt;
    attempt.welcomeTimer = schedule(
        () -> drop(attempt, 1006,
            "no welcome within " + options.connectTimeout().toMillis() + " ms"),
        options.connectTimeout());
    return attempt;
  }

  /** Opens the connection of an attempt (lock not held: resolving the host may block). */
  private void start(Link attempt) {
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(options.connectTimeout());
    if (bearerToken != null) {
      builder.header("Authorization", "Bearer " + bearerToken);
    }
    CompletableFuture<WebSocket> opening;
    try {
      opening = builder.buildAsync(uri, attempt);
    } catch (RuntimeException refused) {
      openFailed(attempt, refused);
      return;
    }
    opening.whenComplete((ws, error) -> {
      if (error != null) {
        openFailed(attempt, error);
      } else {
        attempt.opened(ws);
      }
    });
  }

  private void openFailed(Link attempt, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    synchronized (lock) {
      if (attempt != link) {
        return;
      }
      link = null;
      attempt.dead = true;
      cancel(attempt.welcomeTimer);
      if (state == ClientState.CLOSED) {
        return;
      }
      int status = cause instanceof WebSocketHandshakeException refused
          ? refused.getResponse().statusCode() : 0;
      String reason = status != 0
          ? "the server refused the upgrade with HTTP " + status + refusalBody(cause)
          : "cannot connect to " + redacted() + ": " + cause;
      if (!everWelcomed) {
        terminate(0, reason,
            new WsmClientException(WsmClientException.CONNECT_FAILED, reason, cause), true);
      } else if (status != 0 && !Reconnect.afterRefusal(status)) {
        events.error(new WsmClientException(WsmClientException.CONNECT_FAILED, reason, cause));
        terminate(0, reason, null, true);
      } else {
        scheduleReconnect(reason);
      }
    }
  }

  private static String refusalBody(Throwable cause) {
    Object body = ((WebSocketHandshakeException) cause).getResponse().body();
    String text = body == null ? "" : String.valueOf(body);
    if (text.isEmpty() || text.equals("null")) {
      return "";
    }
    return ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
  }

  /** A connection ended (lock not held). */
  private void lost(Link which, int code, String reason) {
    synchronized (lock) {
      if (which != link) {
        return;
      }
      link = null;
      which.dead = true;
      cancel(which.welcomeTimer);
      cancel(which.heartbeat);
      failInFlight(new WsmClientException(WsmClientException.DISCONNECTED,
          "the connection was lost before the reply (" + code + " " + reason + ")"));
      if (state == ClientState.CLOSED) {
        return;
      }
      String why = "connection closed: " + code + (reason.isEmpty() ? "" : " " + reason);
      if (!everWelcomed) {
        terminate(code, why, new WsmClientException(WsmClientException.CONNECT_FAILED,
            "the first connection closed before its welcome: " + code + " " + reason), true);
      } else if (!Reconnect.afterClose(code)) {
        terminate(code, why, null, true);
      } else {
        setState(ClientState.RECONNECTING, code, why);
        scheduleReconnect(why);
      }
    }
  }

  /** Drops a connection without a closing handshake and handles it as lost. */
  private void drop(Link which, int code, String reason) {
    lost(which, code, reason);
    which.abort();
  }

  private void scheduleReconnect(String why) {
    Backoff backoff = options.backoff();
    if (!backoff.allowsAttempt(failedAttempts)) {
      terminate(0, "gave up after " + failedAttempts + " reconnect attempts; last: " + why, null,
          true);
      return;
    }
    Duration delay = backoff.delay(failedAttempts);
    failedAttempts++;
    schedule(this::reconnect, delay);
  }

  private void reconnect() {
    Link attempt;
    synchronized (lock) {
      if (state != ClientState.RECONNECTING || link != null) {
        return;
      }
      if (events.queued() > events.capacity() / 2) {
        // Let slow handlers drain the queue first, or the resumed messages would overflow it again.
        schedule(this::reconnect, options.backoff().base());
        return;
      }
      attempt = open();
    }
    start(attempt);
  }

  /**
   * Closes the client for good (lock held). {@code connectError} fails a pending connect();
   * {@code abortLink}: drop the current connection (otherwise the caller closes it).
   */
  private void terminate(int code, String reason, WsmClientException connectError,
      boolean abortLink) {
    Link last = link;
    link = null;
    if (last != null) {
      last.dead = true;
      cancel(last.welcomeTimer);
      cancel(last.heartbeat);
      if (abortLink) {
        last.abort();
      }
    }
    setState(ClientState.CLOSED, code, reason);
    WsmClientException closed = closedError();
    failInFlight(closed);
    failWaiting(closed);
    if (!connected.isDone()) {
      WsmClientException error = connectError != null ? connectError : closed;
      onReplyThread(() -> connected.completeExceptionally(error));
    }
    timer.shutdown();
    events.shutdown();
    replies.shutdown();
  }

  private WsmClientException closedError() {
    return new WsmClientException(WsmClientException.CLOSED, "the client is closed");
  }

  // ---------------------------------------------------------------------------------------------
  // Incoming frames (lock held from here on)

  private void received(Link from, String text) {
    JsonNode frame;
    try {
      frame = Frames.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      events.error(new WsmClientException(WsmClientException.PROTOCOL,
          "the server sent a frame that is not JSON", e));
      return;
    }
    if (frame == null || !frame.isObject()) {
      events.error(new WsmClientException(WsmClientException.PROTOCOL,
          "the server sent a frame that is not a JSON object"));
      return;
    }
    synchronized (lock) {
      if (from != link || state == ClientState.CLOSED) {
        return;
      }
      dispatch(from, frame);
    }
  }

  private void dispatch(Link from, JsonNode frame) {
    switch (frame.path("type").asText()) {
      case "welcome" -> welcomed(from, frame);
      case "reply" -> replied(frame);
      case "message" -> message(from, frame);
      case "recovered" -> recovered(from, frame);
      case "direct" -> event(from, autoAck ? this::handleAndAck : handlers.direct(),
          Frames.direct(frame));
      case "broadcast" -> event(from, handlers.broadcast(), Frames.broadcast(frame));
      case "joined" -> event(from, handlers.joined(), Frames.member(frame));
      case "left" -> event(from, handlers.left(), Frames.member(frame));
      case "presence" -> event(from, handlers.presence(), Frames.presence(frame));
      case "typing" -> event(from, handlers.typing(), Frames.typing(frame));
      case "room_closed" -> {
        RoomClosed closed = Frames.roomClosed(frame);
        rooms.forget(closed.room());
        event(from, handlers.roomClosed(), closed);
      }
      case "error" -> events.error(Frames.error(frame));
      default -> { } // pong, and frame types a newer server may add: ignored (protocol.md 10)
    }
  }

  private void message(Link from, JsonNode frame) {
    RoomMessage m = Frames.message(frame, null);
    if (m.room() == null || rooms.isDuplicate(m.room(), m.offset())) {
      return;
    }
    if (event(from, handlers.message(), m) && m.offset() > 0) {
      rooms.seen(m.room(), m.offset());
    }
  }

  /** Queues an event for its handler; when the queue is full, drops the connection. */
  /** With auto-ack: the direct handler, then an ack of the message once it returned normally. */
  private void handleAndAck(DirectMessage m) {
    handlers.direct().accept(m);
    if (m.seq() > 0 && state() == ClientState.CONNECTED) {
      ack(m.id()).exceptionally(e -> null); // not acked: the server sends it again; ids dedupe
    }
  }

  private <T> boolean event(Link from, Consumer<T> handler, T value) {
    if (events.offer(() -> handler.accept(value))) {
      return true;
    }
    events.error(new WsmClientException(WsmClientException.PROTOCOL, "event queue full ("
        + events.capacity() + " events): handlers are too slow; dropping the connection"));
    lost(from, 1006, "event queue full");
    from.abort();
    return false;
  }

  private void welcomed(Link from, JsonNode frame) {
    if (from.welcomed) {
      return;
    }
    from.welcomed = true;
    Welcome w = Frames.welcome(frame);
    cancel(from.welcomeTimer);
    from.heartbeatTimeout = w.heartbeatTimeout();
    if (!w.heartbeatTimeout().isZero()) {
      long period = Math.max(50, w.heartbeatTimeout().toMillis() / 4);
      from.heartbeat = timer.scheduleAtFixedRate(from::checkSilence, period, period,
          TimeUnit.MILLISECONDS);
    }
    String previousSession = welcome == null ? null : welcome.session();
    welcome = w;
    if (!everWelcomed) {
      everWelcomed = true;
      setState(ClientState.CONNECTED, 0, "welcomed as " + w.user());
      onReplyThread(() -> connected.complete(w));
      flushWaiting();
      return;
    }
    rooms.forgetNotJoined();
    if (!options.autoResume()) {
      rooms.clear();
      reconnected();
      return;
    }
    List<RoomStreams.Stream> toResume = rooms.joinedRooms();
    if (toResume.isEmpty()) {
      reconnected();
    } else if (previousSession == null) {
      rejoin(from, toResume, "invalid_session");
    } else {
      resume(from, previousSession, toResume, 0);
    }
  }

  private void reconnected() {
    failedAttempts = 0; // only now: a server that drops every connection while resuming backs off
    setState(ClientState.CONNECTED, 0, "reconnected as " + welcome.connection());
    flushWaiting();
  }

  /** Sends one {@code resume} for up to 100 rooms from {@code start}; the next on its reply. */
  private void resume(Link on, String session, List<RoomStreams.Stream> all, int start) {
    int end = Math.min(all.size(), start + RESUME_ROOMS);
    ObjectNode frame = frame("resume").put("session", session);
    ArrayNode list = frame.putArray("rooms");
    for (RoomStreams.Stream s : all.subList(start, end)) {
      ObjectNode room = list.addObject().put("room", s.room).put("offset", s.highest);
      if (s.epoch != null) {
        room.put("epoch", s.epoch);
      }
      if (s.password != null) {
        room.put("password", s.password);
      }
    }
    sendInternal(on, frame, new Outcome() {
      @Override
      public void ok(JsonNode reply) {
        if (end < all.size()) {
          resume(on, session, all, end);
        } else {
          reconnected();
        }
      }

      @Override
      public void failed(WsmClientException error) {
        if (!stillCurrent(on, error)) {
          return;
        }
        // invalid_session (expired, or a server that lost its session key), or a server that does
        // not know resume: join the rooms again instead; each gets a RecoveryFailed.
        if (!error.code().equals("invalid_session")) {
          events.error(error);
        }
        rejoin(on, all.subList(start, all.size()), error.code());
      }
    });
  }

  /** Whether a failed internal request's link still matters; aborts it after a timeout. */
  private boolean stillCurrent(Link on, WsmClientException error) {
    if (on != link) {
      return false;
    }
    if (error instanceof RequestTimeoutException) {
      lost(on, 1006, error.getMessage());
      on.abort();
      return false;
    }
    return !error.code().equals(WsmClientException.DISCONNECTED)
        && !error.code().equals(WsmClientException.CLOSED);
  }

  /** Joins rooms again with {@code join} when resume was not possible. */
  private void rejoin(Link on, List<RoomStreams.Stream> toJoin, String reason) {
    AtomicInteger left = new AtomicInteger(toJoin.size());
    for (RoomStreams.Stream s : List.copyOf(toJoin)) {
      ObjectNode frame = frame("join").put("room", s.room);
      if (s.password != null) {
        frame.put("password", s.password);
      }
      sendInternal(on, frame, new Outcome() {
        @Override
        public void ok(JsonNode reply) {
          StreamPosition now = Frames.stream(reply);
          rooms.joined(s.room, s.password, now);
          if (now != null && now.epoch().equals(s.epoch) && now.offset() == s.highest) {
            event(on, handlers.recovered(), new Recovered(s.room, 0, now.epoch(), now.offset()));
          } else {
            event(on, handlers.recoveryFailed(), new RecoveryFailed(s.room, reason,
                now == null ? null : now.epoch(), now == null ? 0 : now.offset(), s.epoch,
                s.highest, null));
          }
          done();
        }

        @Override
        public void failed(WsmClientException error) {
          if (!stillCurrent(on, error)) {
            return;
          }
          rooms.forget(s.room);
          event(on, handlers.recoveryFailed(), new RecoveryFailed(s.room, "join_failed", null, 0,
              s.epoch, s.highest, error.code()));
          done();
        }

        private void done() {
          if (left.decrementAndGet() == 0 && on == link) {
            reconnected();
          }
        }
      });
    }
    if (toJoin.isEmpty()) {
      reconnected();
    }
  }

  private void recovered(Link from, JsonNode frame) {
    String room = Frames.text(frame, "room");
    if (room == null) {
      return;
    }
    RoomStreams.Stream s = rooms.get(room);
    String previousEpoch = s == null ? null : s.epoch;
    long previousOffset = s == null ? 0 : s.highest;
    String epoch = Frames.text(frame, "epoch");
    long offset = frame.path("offset").asLong();
    if (frame.path("recovered").asBoolean()) {
      rooms.reset(room, epoch, offset);
      event(from, handlers.recovered(),
          new Recovered(room, frame.path("missed").asLong(), epoch, offset));
      return;
    }
    String reason = frame.path("reason").asText("unknown");
    String errorCode = null;
    if (reason.equals("join_failed")) {
      rooms.forget(room);
      errorCode = frame.path("error").path("code").asText(null);
    } else {
      rooms.reset(room, epoch, offset);
    }
    event(from, handlers.recoveryFailed(), new RecoveryFailed(room, reason, epoch, offset,
        previousEpoch, previousOffset, errorCode));
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** Changes the state and queues the state change (lock held). */
  private void setState(ClientState next, int code, String reason) {
    ClientState previous = state;
    if (previous == next) {
      return;
    }
    state = next;
    StateChange change = new StateChange(previous, next, code, reason);
    events.control(() -> handlers.stateChange().accept(change));
  }

  private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    try {
      return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      return null; // the client is closed; nothing is scheduled any more
    }
  }

  private static void cancel(ScheduledFuture<?> task) {
    if (task != null) {
      task.cancel(false);
    }
  }

  private static ObjectNode frame(String type) {
    return Frames.object().put("type", type);
  }

  /** The URL without its query, which may carry the user. */
  private String redacted() {
    return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? ""
        : uri.getRawPath());
  }

  private static URI withUser(URI uri, String user) {
    return withParam(uri, "user", user);
  }

  private static URI withParam(URI uri, String name, String value) {
    String param = name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    String text = uri.toString();
    return URI.create(uri.getRawQuery() == null ? text + "?" + param : text + "&" + param);
  }

  /** One HTTP client for every WsmClient that was not given one: each costs a selector thread. */
  private static final class SharedHttp {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
  }

  // ---------------------------------------------------------------------------------------------
  // One WebSocket connection

  /**
   * One connection attempt and, once open, the connection. The JDK calls its listener methods one
   * at a time; they decode, hand over to the client under its lock, and ask for the next message.
   */
  private final class Link implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final CompletableFuture<Void> closedByPeer = new CompletableFuture<>();
    private volatile WebSocket socket;
    private volatile long lastHeard = System.nanoTime();
    private CompletableFuture<?> sendTail = CompletableFuture.completedFuture(null);
    // Guarded by the client's lock:
    boolean dead;
    boolean welcomed;
    ScheduledFuture<?> welcomeTimer;
    ScheduledFuture<?> heartbeat;
    Duration heartbeatTimeout = Duration.ZERO;

    void opened(WebSocket ws) {
      socket = ws;
      boolean abandoned;
      synchronized (lock) {
        abandoned = dead;
      }
      if (abandoned) {
        ws.abort();
      }
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
      if (text.length() + data.length() > options.maxIncomingMessageSize()) {
        tooLarge();
        return null;
      }
      text.append(data);
      if (last) {
        String frame = text.toString();
        text.setLength(0);
        received(this, frame);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      heard();
      if (binary.size() + data.remaining() > options.maxIncomingMessageSize()) {
        tooLarge();
        return null;
      }
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (last) {
        byte[] frame = binary.toByteArray();
        binary = new ByteArrayOutputStream();
        receivedBinary(frame);
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
      lost(this, statusCode, reason == null ? "" : reason);
      return null; // the JDK then answers the close and closes the TCP connection
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closedByPeer.complete(null);
      lost(this, 1006, "connection failed: " + error);
    }

    private void heard() {
      lastHeard = System.nanoTime();
    }

    private void receivedBinary(byte[] frame) {
      BinaryMessage message;
      try {
        message = Frames.binary(frame);
      } catch (IllegalArgumentException e) {
        events.error(new WsmClientException(WsmClientException.PROTOCOL,
            "the server sent a malformed binary frame", e));
        return;
      }
      synchronized (lock) {
        if (this == link && state != ClientState.CLOSED) {
          event(this, handlers.binary(), message);
        }
      }
    }

    private void tooLarge() {
      events.error(new WsmClientException(WsmClientException.PROTOCOL,
          "the server sent a message over " + options.maxIncomingMessageSize()
              + " characters or bytes; dropping the connection"));
      drop(this, 1006, "incoming message too large");
    }

    /** Timer: a connection silent for longer than the heartbeat timeout is dead. */
    void checkSilence() {
      long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeard);
      if (silentMillis > heartbeatTimeout.toMillis()) {
        drop(this, 1006, "heartbeat timeout: nothing received for " + silentMillis + " ms");
      }
    }

    /** Queues a text frame behind the ones before it: the JDK allows one send at a time. */
    void send(String frame) {
      synchronized (this) {
        WebSocket ws = socket;
        if (ws == null) {
          return; // cannot happen once welcomed; the request then times out
        }
        CompletableFuture<?> next = sendTail.handle((ignored, error) -> null)
            .thenCompose(ignored -> ws.sendText(frame, true));
        next.whenComplete((ignored, error) -> {
          if (error != null) {
            drop(this, 1006, "send failed: " + error);
          }
        });
        sendTail = next;
      }
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

  // ---------------------------------------------------------------------------------------------
  // Builder

  /**
   * Builds a {@link WsmClient}. Not thread-safe. Each {@code on…} method sets the handler for one
   * kind of event (a later call replaces an earlier one); handlers not set do nothing.
   */
  public static final class Builder {
    private final URI uri;
    private String user;
    private String device;
    private boolean autoAck;
    private String bearerToken;
    private WsmClientOptions options = WsmClientOptions.DEFAULTS;
    private HttpClient httpClient;
    private Consumer<RoomMessage> message;
    private Consumer<DirectMessage> direct;
    private Consumer<Broadcast> broadcast;
    private Consumer<BinaryMessage> binary;
    private Consumer<MemberEvent> joined;
    private Consumer<MemberEvent> left;
    private Consumer<Presence> presence;
    private Consumer<Typing> typing;
    private Consumer<RoomClosed> roomClosed;
    private Consumer<Recovered> recovered;
    private Consumer<RecoveryFailed> recoveryFailed;
    private Consumer<StateChange> stateChange;
    private Consumer<Throwable> error;

    private Builder(URI uri) {
      if (uri == null) {
        throw new IllegalArgumentException("uri must not be null");
      }
      String scheme = uri.getScheme();
      if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException(
            "uri must start with ws:// or wss:// (was " + uri.getScheme() + "://…)");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("uri must name a host (was " + uri + ")");
      }
      if (uri.getRawFragment() != null) {
        throw new IllegalArgumentException("uri must not have a fragment (#…)");
      }
      this.uri = uri;
    }

    /**
     * The user to connect as, sent as the {@code user} query parameter that the server's
     * development-mode authenticator trusts: 1 to 128 characters, no control characters.
     */
    public Builder user(String value) {
      if (value == null || value.isEmpty() || value.length() > 128) {
        throw new IllegalArgumentException("user must be 1 to 128 characters");
      }
      if (value.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("user must not contain control characters");
      }
      this.user = value;
      return this;
    }

    /**
     * This device's id, sent as the {@code device} query parameter that the server's
     * development-mode authenticator trusts (a real authenticator takes it from the token): 1 to
     * 64 characters of {@code A-Z a-z 0-9 . _ : -}. With the server in device ack mode, each
     * device keeps its own inbox position.
     */
    public Builder device(String value) {
      if (value == null || !value.matches("[A-Za-z0-9._:-]{1,64}")) {
        throw new IllegalArgumentException(
            "device must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
      }
      this.device = value;
      return this;
    }

    /**
     * Whether each inbox direct message is acknowledged (by id) once the direct handler returned
     * normally (default false: call {@link WsmClient#ack} or {@link WsmClient#ackUpTo}). A
     * handler that throws leaves its message unacknowledged, to come again at the next connect.
     */
    public Builder autoAck(boolean value) {
      this.autoAck = value;
      return this;
    }

    /** A token sent as {@code Authorization: Bearer …} at every connect (real authenticators). */
    public Builder bearerToken(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("bearerToken must not be empty");
      }
      if (value.chars().anyMatch(c -> Character.isISOControl(c) || c > 0x7e)) {
        throw new IllegalArgumentException(
            "bearerToken must be printable ASCII (it travels in an HTTP header)");
      }
      this.bearerToken = value;
      return this;
    }

    /** Every setting at once (default {@link WsmClientOptions#DEFAULTS}). */
    public Builder options(WsmClientOptions value) {
      if (value == null) {
        throw new IllegalArgumentException("options must not be null");
      }
      this.options = value;
      return this;
    }

    /** See {@link WsmClientOptions#requestTimeout()} (default 10 s). */
    public Builder requestTimeout(Duration value) {
      this.options = options.withRequestTimeout(value);
      return this;
    }

    /** See {@link WsmClientOptions#backoff()} (default {@link Backoff#DEFAULTS}). */
    public Builder backoff(Backoff value) {
      this.options = options.withBackoff(value);
      return this;
    }

    /** See {@link WsmClientOptions#autoResume()} (default true). */
    public Builder autoResume(boolean value) {
      this.options = options.withAutoResume(value);
      return this;
    }

    /** The JDK HTTP client to open WebSockets with (default: one shared by all clients). */
    public Builder httpClient(HttpClient value) {
      this.httpClient = Objects.requireNonNull(value, "httpClient");
      return this;
    }

    /** Room messages, each once, in offset order per room. */
    public Builder onMessage(Consumer<RoomMessage> handler) {
      this.message = Objects.requireNonNull(handler, "handler");
      return this;
    }

    public Builder onDirect(Consumer<DirectMessage> handler) {
      this.direct = Objects.requireNonNull(handler, "handler");
      return this;
    }

    public Builder onBroadcast(Consumer<Broadcast> handler) {
      this.broadcast = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** Binary frames (room messages, direct messages or broadcasts with a binary payload). */
    public Builder onBinary(Consumer<BinaryMessage> handler) {
      this.binary = Objects.requireNonNull(handler, "handler");
      return this;
    }

    public Builder onJoined(Consumer<MemberEvent> handler) {
      this.joined = Objects.requireNonNull(handler, "handler");
      return this;
    }

    public Builder onLeft(Consumer<MemberEvent> handler) {
      this.left = Objects.requireNonNull(handler, "handler");
      return this;
    }

    public Builder onPresence(Consumer<Presence> handler) {
      this.presence = Objects.requireNonNull(handler, "handler");
      return this;
    }

    public Builder onTyping(Consumer<Typing> handler) {
      this.typing = Objects.requireNonNull(handler, "handler");
      return this;
    }

    public Builder onRoomClosed(Consumer<RoomClosed> handler) {
      this.roomClosed = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** A room was recovered after a reconnect, its missed messages delivered before this. */
    public Builder onRecovered(Consumer<Recovered> handler) {
      this.recovered = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** A room could not be recovered after a reconnect ({@code recovered:false}). */
    public Builder onRecoveryFailed(Consumer<RecoveryFailed> handler) {
      this.recoveryFailed = Objects.requireNonNull(handler, "handler");
      return this;
    }

    public Builder onStateChange(Consumer<StateChange> handler) {
      this.stateChange = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Errors that belong to no request: {@code error} frames, unreadable frames, a full event
     * queue, a reconnect refused for good, and exceptions thrown by the other handlers.
     */
    public Builder onError(Consumer<Throwable> handler) {
      this.error = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** The client, not yet connected: no thread runs and no socket is open before connect(). */
    public WsmClient build() {
      return new WsmClient(this);
    }

    private Handlers handlers() {
      Handlers none = Handlers.NONE;
      return new Handlers(
          message != null ? message : none.message(),
          direct != null ? direct : none.direct(),
          broadcast != null ? broadcast : none.broadcast(),
          binary != null ? binary : none.binary(),
          joined != null ? joined : none.joined(),
          left != null ? left : none.left(),
          presence != null ? presence : none.presence(),
          typing != null ? typing : none.typing(),
          roomClosed != null ? roomClosed : none.roomClosed(),
          recovered != null ? recovered : none.recovered(),
          recoveryFailed != null ? recoveryFailed : none.recoveryFailed(),
          stateChange != null ? stateChange : none.stateChange(),
          error != null ? error : none.error());
    }
  }
}
