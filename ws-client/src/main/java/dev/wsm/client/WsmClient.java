package dev.wsm.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.wsm.client.internal.BuilderChecks;
import dev.wsm.client.internal.ConnectionLoop;
import dev.wsm.client.internal.Endpoint;
import dev.wsm.client.internal.Frames;
import dev.wsm.client.internal.HandlerSet;
import dev.wsm.client.internal.RequestFrames;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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
  private final ConnectionLoop loop;

  private WsmClient(Builder builder) {
    this.loop = new ConnectionLoop(new Endpoint(builder.uri, builder.user, builder.device,
        builder.bearerToken, builder.httpClient), builder.autoAck, builder.options,
        builder.handlers);
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
    return loop.connect();
  }

  public ClientState state() {
    return loop.state();
  }

  /** The welcome of the current (or last) connection; empty before the first. */
  public Optional<Welcome> welcome() {
    return loop.welcome();
  }

  /**
   * The position the client has reached in a room's stream: the epoch and the highest offset handed
   * to the message handler. Empty for a room the client knows nothing about.
   */
  public Optional<StreamPosition> position(String room) {
    return loop.rooms().position(room);
  }

  /**
   * Closes the connection with 1000 and the client for good: requests waiting or in flight fail
   * with code {@link WsmClientException#CLOSED}, the state becomes {@link ClientState#CLOSED},
   * events already queued are still delivered. Waits at most about 2 s for the server to
   * acknowledge the close. Idempotent.
   */
  @Override
  public void close() {
    loop.close();
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
    return loop.rooms().join(room, password);
  }

  /** Leaves a room; true when this connection was a member. The client forgets the room. */
  public CompletableFuture<Boolean> leave(String room) {
    return loop.rooms().leave(room);
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
    return loop.rooms().publish(room, data, send);
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
    return loop.call(RequestFrames.direct(user, data, send), Frames::directResult);
  }

  /**
   * Acknowledges direct messages by id (1 to 1,000 ids): the user's inbox stops keeping them, for
   * every device of the user. Completes with how many of them the inbox still held. Until a device
   * acknowledges a direct message, the server sends it again at every connect, so the direct
   * handler may see it again after a reconnect.
   */
  public CompletableFuture<Integer> ack(Collection<String> ids) {
    return loop.inbox().ack(ids);
  }

  /**
   * Acknowledges every direct message of this user's inbox numbered {@code seq} or lower (see
   * {@link DirectMessage#seq()}); only for a client that has handled all of them, since messages
   * sent live and from the inbox may interleave around a connect. Completes with how many the
   * inbox (or, in the server's device mode, this device's position) newly covers.
   */
  public CompletableFuture<Integer> ackUpTo(long seq) {
    return loop.inbox().ackUpTo(seq);
  }

  /** As {@link #ack(Collection)}. */
  public CompletableFuture<Integer> ack(String... ids) {
    return ack(ids == null ? null : Arrays.asList(ids));
  }

  /** Reads a page of a room's history; this client must have joined the room. */
  public CompletableFuture<HistoryPage> history(String room, HistoryRequest request) {
    return loop.call(RequestFrames.history(room, request), Frames::history);
  }

  /** The members of a room this client has joined, with their presence, by user id. */
  public CompletableFuture<List<Presence>> members(String room) {
    return loop.call(RequestFrames.members(room), Frames::members);
  }

  /**
   * Sets this connection's status ({@code online}, {@code busy} or {@code away}) and/or replaces
   * the user's metadata object; either may be null, not both. Completes with the user's aggregated
   * presence.
   */
  public CompletableFuture<Presence> presence(String status, ObjectNode meta) {
    return loop.call(RequestFrames.presence(status, meta), Frames::presence);
  }

  /** Starts or stops the user's typing indicator in a room this client has joined. */
  public CompletableFuture<Void> typing(String room, boolean typing) {
    return loop.call(RequestFrames.typing(room, typing), reply -> null);
  }

  /**
   * Sends a request of any other type, typically a custom type a server application registered
   * ({@code {"type":type, …fields}}), and completes with the whole {@code reply} frame. {@code
   * join}, {@code leave}, {@code resume} and {@code ping} are refused: the first three have methods
   * that keep the client's room state right, and {@code ping} is answered without a reply.
   */
  public CompletableFuture<JsonNode> request(String type, ObjectNode fields) {
    return loop.call(RequestFrames.custom(type, fields), reply -> reply);
  }

  @Override
  public String toString() {
    return "WsmClient[" + loop.redacted() + ", " + state() + "]";
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
    private final HandlerSet handlers = new HandlerSet();

    private Builder(URI uri) {
      this.uri = BuilderChecks.serverUri(uri);
    }

    /**
     * The user to connect as, sent as the {@code user} query parameter that the server's
     * development-mode authenticator trusts: 1 to 128 characters, no control characters.
     */
    public Builder user(String value) {
      this.user = BuilderChecks.user(value);
      return this;
    }

    /**
     * This device's id, sent as the {@code device} query parameter that the server's
     * development-mode authenticator trusts (a real authenticator takes it from the token): 1 to
     * 64 characters of {@code A-Z a-z 0-9 . _ : -}. With the server in device ack mode, each
     * device keeps its own inbox position.
     */
    public Builder device(String value) {
      this.device = BuilderChecks.device(value);
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
      this.bearerToken = BuilderChecks.bearerToken(value);
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
      handlers.message(handler);
      return this;
    }

    public Builder onDirect(Consumer<DirectMessage> handler) {
      handlers.direct(handler);
      return this;
    }

    public Builder onBroadcast(Consumer<Broadcast> handler) {
      handlers.broadcast(handler);
      return this;
    }

    /** Binary frames (room messages, direct messages or broadcasts with a binary payload). */
    public Builder onBinary(Consumer<BinaryMessage> handler) {
      handlers.binary(handler);
      return this;
    }

    public Builder onJoined(Consumer<MemberEvent> handler) {
      handlers.joined(handler);
      return this;
    }

    public Builder onLeft(Consumer<MemberEvent> handler) {
      handlers.left(handler);
      return this;
    }

    public Builder onPresence(Consumer<Presence> handler) {
      handlers.presence(handler);
      return this;
    }

    public Builder onTyping(Consumer<Typing> handler) {
      handlers.typing(handler);
      return this;
    }

    public Builder onRoomClosed(Consumer<RoomClosed> handler) {
      handlers.roomClosed(handler);
      return this;
    }

    /** A room was recovered after a reconnect, its missed messages delivered before this. */
    public Builder onRecovered(Consumer<Recovered> handler) {
      handlers.recovered(handler);
      return this;
    }

    /** A room could not be recovered after a reconnect ({@code recovered:false}). */
    public Builder onRecoveryFailed(Consumer<RecoveryFailed> handler) {
      handlers.recoveryFailed(handler);
      return this;
    }

    public Builder onStateChange(Consumer<StateChange> handler) {
      handlers.stateChange(handler);
      return this;
    }

    /**
     * Errors that belong to no request: {@code error} frames, unreadable frames, a full event
     * queue, a reconnect refused for good, and exceptions thrown by the other handlers.
     */
    public Builder onError(Consumer<Throwable> handler) {
      handlers.error(handler);
      return this;
    }

    /** The client, not yet connected: no thread runs and no socket is open before connect(). */
    public WsmClient build() {
      return new WsmClient(this);
    }
  }
}
