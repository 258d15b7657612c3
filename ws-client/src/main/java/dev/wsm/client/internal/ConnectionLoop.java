package dev.wsm.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wsm.client.ClientState;
import dev.wsm.client.StateChange;
import dev.wsm.client.Welcome;
import dev.wsm.client.WsmClientException;
import dev.wsm.client.WsmClientOptions;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The connection loop behind {@link dev.wsm.client.WsmClient}: owns the client's {@link
 * ClientState} and its one current {@link Link}; opens it through the {@link Endpoint}, takes its
 * welcome, handles its loss with a reconnect after a {@link ReconnectAttempts} delay (or not, as
 * {@link Reconnect} says), and closes the client for good. The other roles are its parts: requests
 * go through {@link Requests}, incoming frames through the {@link Dispatcher}, room streams are
 * kept by {@link Rooms} and resumed by {@link RoomResume}, inbox acks by {@link InboxAcks}. Its
 * contract is the client's (see the client's Javadoc).
 *
 * <p>Threads: the public methods may be called from any thread; none blocks except {@link
 * #close()} (about 2 s at most). One lock, created here, guards the mutable state of the loop and
 * of its parts; it is not held while a host name is resolved or a close handshake is awaited.
 * The JDK's WebSocket threads call in through the {@link Dispatcher}, the timer thread through
 * welcome timeouts, heartbeats, reconnect delays and request timeouts ({@link ClientThreads});
 * handlers run on the event thread and request futures complete on the reply thread. The
 * package-private methods are called with the lock held unless they say otherwise.
 */
public final class ConnectionLoop {
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final Endpoint endpoint;
  private final WsmClientOptions options;
  private final Handlers handlers;
  private final ClientThreads threads;
  private final Requests requests;
  private final InboxAcks inbox;
  private final Rooms rooms;
  private final RoomResume resume;
  private final Dispatcher dispatcher;
  private final EventQueue events;
  private final CompletableFuture<Welcome> connected = new CompletableFuture<>();

  private final Object lock = new Object();
  // Guarded by lock:
  private ClientState state = ClientState.NEW;
  private Link link;
  private Welcome welcome;
  private boolean everWelcomed;
  private final RoomStreams streams = new RoomStreams();
  private final ReconnectAttempts attempts;

  /** A client of the server at {@code endpoint}; nothing runs before connect(). */
  public ConnectionLoop(Endpoint endpoint, boolean autoAck, WsmClientOptions options,
      HandlerSet handlerSet) {
    Handlers handlers = handlerSet.build();
    this.endpoint = endpoint;
    this.options = options;
    this.handlers = handlers;
    this.threads = new ClientThreads(CLIENTS.incrementAndGet(), options.eventQueueCapacity(),
        handlers.error());
    this.events = threads.events();
    this.requests = new Requests(lock, options, threads);
    this.attempts = new ReconnectAttempts(options.backoff());
    this.inbox = new InboxAcks(this, handlers.direct());
    this.rooms = new Rooms(lock, this, streams);
    this.resume = new RoomResume(this, requests, streams, handlers, events);
    this.dispatcher = new Dispatcher(lock, this, requests, resume, streams, handlers,
        inbox.directHandler(autoAck), events);
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /** As {@link dev.wsm.client.WsmClient#connect()}. */
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

  public Optional<Welcome> welcome() {
    synchronized (lock) {
      return Optional.ofNullable(welcome);
    }
  }

  /** Room requests and positions. */
  public Rooms rooms() {
    return rooms;
  }

  /** As {@link dev.wsm.client.WsmClient#close()}: blocks about 2 s at most. */
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

  /** Inbox acknowledgements. */
  public InboxAcks inbox() {
    return inbox;
  }

  /** The URL without its query, which may carry the user. */
  public String redacted() {
    return endpoint.redacted();
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  /** Sends a request; {@code result} makes the future's value of the reply, on the reply thread. */
  public <T> CompletableFuture<T> call(ObjectNode frame, Function<JsonNode, T> result) {
    return call(frame, result, null);
  }

  // ---------------------------------------------------------------------------------------------
  // Request plumbing

  /** A request whose {@code onOk} (may be null) updates the client's state; see {@link Outcome}. */
  <T> CompletableFuture<T> call(ObjectNode frame, Function<JsonNode, T> result,
      Consumer<JsonNode> onOk) {
    CompletableFuture<T> future = new CompletableFuture<>();
    submit(frame, Outcome.completing(future, frame.path("type").asText(), result, onOk, threads));
    return future;
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
      requests.submit(connectedLink(), frame, outcome);
    }
  }

  /** The link requests go out on, or null while not connected (lock held). */
  private Link connectedLink() {
    return state == ClientState.CONNECTED ? link : null;
  }

  // ---------------------------------------------------------------------------------------------
  // Connections

  /** Makes a new connection attempt the current link (lock held); {@link #start} opens it. */
  private Link open() {
    Link attempt = new Link(dispatcher, options.maxIncomingMessageSize());
    link = attempt;
    attempt.welcomeTimer = threads.schedule(
        () -> attempt.drop(1006,
            "no welcome within " + options.connectTimeout().toMillis() + " ms"),
        options.connectTimeout());
    return attempt;
  }

  /** Opens the connection of an attempt (lock not held: resolving the host may block). */
  private void start(Link attempt) {
    endpoint.open(attempt, options.connectTimeout()).whenComplete((ws, error) -> {
      if (error != null) {
        openFailed(attempt, error);
        return;
      }
      attempt.opened(ws);
      boolean abandoned;
      synchronized (lock) {
        abandoned = attempt.dead;
      }
      if (abandoned) {
        ws.abort();
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
      attempt.retire();
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

  /** A connection ended (lock held or not: it takes it). */
  void lost(Link which, int code, String reason) {
    synchronized (lock) {
      if (which != link) {
        return;
      }
      link = null;
      which.retire();
      requests.failInFlight(new WsmClientException(WsmClientException.DISCONNECTED,
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

  private void scheduleReconnect(String why) {
    Duration delay = attempts.next();
    if (delay == null) {
      terminate(0, "gave up after " + attempts.failed() + " reconnect attempts; last: " + why,
          null, true);
      return;
    }
    threads.schedule(this::reconnect, delay);
  }

  private void reconnect() {
    Link attempt;
    synchronized (lock) {
      if (state != ClientState.RECONNECTING || link != null) {
        return;
      }
      if (events.queued() > events.capacity() / 2) {
        // Let slow handlers drain the queue first, or the resumed messages would overflow it again.
        threads.schedule(this::reconnect, attempts.drainWait());
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
      last.retire();
      if (abortLink) {
        last.abort();
      }
    }
    setState(ClientState.CLOSED, code, reason);
    WsmClientException closed = closedError();
    requests.failInFlight(closed);
    requests.failWaiting(closed);
    if (!connected.isDone()) {
      WsmClientException error = connectError != null ? connectError : closed;
      threads.onReplyThread(() -> connected.completeExceptionally(error));
    }
    threads.shutdown();
  }

  private WsmClientException closedError() {
    return new WsmClientException(WsmClientException.CLOSED, "the client is closed");
  }

  // ---------------------------------------------------------------------------------------------
  // The current link (lock held from here on)

  /** Whether frames from this link are still for the client (lock held). */
  boolean accepts(Link from) {
    return from == link && state != ClientState.CLOSED;
  }

  /** Queues an event for its handler; when the queue is full, drops the connection. */
  <T> boolean deliver(Link from, Consumer<T> handler, T value) {
    if (events.offer(() -> handler.accept(value))) {
      return true;
    }
    events.error(new WsmClientException(WsmClientException.PROTOCOL, "event queue full ("
        + events.capacity() + " events): handlers are too slow; dropping the connection"));
    lost(from, 1006, "event queue full");
    from.abort();
    return false;
  }

  /** A {@code welcome} frame (lock held). */
  void welcomed(Link from, JsonNode frame) {
    if (from.welcomed) {
      return;
    }
    from.welcomed = true;
    Welcome w = Frames.welcome(frame);
    ClientThreads.cancel(from.welcomeTimer);
    from.heartbeat = Heartbeat.watch(from, w.heartbeatTimeout(), threads);
    String previousSession = welcome == null ? null : welcome.session();
    welcome = w;
    if (!everWelcomed) {
      everWelcomed = true;
      setState(ClientState.CONNECTED, 0, "welcomed as " + w.user());
      threads.onReplyThread(() -> connected.complete(w));
      requests.flush(this::connectedLink);
      return;
    }
    resume.rewelcomed(from, previousSession, options.autoResume());
  }

  /** The client is back in its rooms after a reconnect (lock held). */
  void reconnected() {
    attempts.succeeded(); // only now: a server that drops every connection while resuming backs off
    setState(ClientState.CONNECTED, 0, "reconnected as " + welcome.connection());
    requests.flush(this::connectedLink);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** Whether a link is the current one (lock held). */
  boolean isCurrent(Link on) {
    return on == link;
  }

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
}
