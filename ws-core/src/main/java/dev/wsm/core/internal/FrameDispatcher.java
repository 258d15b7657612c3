package dev.wsm.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.CloseCodes;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.Delivery;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.HubOptions;
import dev.wsm.core.MessageId;
import dev.wsm.core.RequestHandler;
import dev.wsm.core.Target;
import dev.wsm.core.WsException;
import dev.wsm.core.protocol.BinaryFrames;
import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.protocol.ClientFrameDecoder;
import dev.wsm.core.protocol.ProtocolException;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.Access;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Authenticator;
import dev.wsm.core.spi.ConnectionRecord;
import dev.wsm.core.spi.ConnectionStore;
import dev.wsm.core.spi.Handshake;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.core.spi.TransportHandler;
import dev.wsm.core.spi.TransportSession;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's {@link TransportHandler}: authenticates handshakes, registers connections, decodes
 * client frames and carries out each one, answering with a reply or an error frame. Runs on
 * transport threads and never blocks: slow work goes to stores' stages or the callback pool.
 */
@Singleton
public final class FrameDispatcher implements TransportHandler {
  private static final Logger log = LoggerFactory.getLogger(FrameDispatcher.class);
  private static final Pattern CUSTOM_TYPE = Pattern.compile("[a-z0-9_.:-]{1,64}");

  private final ClientFrameDecoder decoder = new ClientFrameDecoder();
  private final ConcurrentHashMap<String, RequestHandler> handlers = new ConcurrentHashMap<>();
  private final Authenticator authenticator;
  private final InMemoryConnectionPool pool;
  private final DefaultRoomRegistry rooms;
  private final DefaultPresenceTracker presence;
  private final DefaultMessageRouter router;
  private final HeartbeatMonitor heartbeats;
  private volatile boolean stopping;
  private final ConnectionStore connections;
  private final InboxAcks inboxAcks;
  private final Callbacks callbacks;
  private final HubOptions options;
  private final Clock clock;
  private final dev.wsm.core.spi.MessageStore messages;
  private final SessionTokens sessions;
  private final dev.wsm.core.ResumeOptions resume;
  private final Resumption resumption;
  private final AccessChecks access;
  private final InboundLimiter limiter;
  private final ConnectionAdmission admission;
  private final QuotaAdmission quota;
  private final RoomFanout roomFanout;
  private final UnstoredDelivery unstored;
  private final InboxDelivery inbox;
  private final DeliveryPressure pressure;

  @Inject
  public FrameDispatcher(Authenticator authenticator, InMemoryConnectionPool pool,
      DefaultRoomRegistry rooms, DefaultPresenceTracker presence, DefaultMessageRouter router,
      HeartbeatMonitor heartbeats, ConnectionStore connections, InboxAcks inboxAcks,
      dev.wsm.core.spi.MessageStore messages, Callbacks callbacks, HubOptions options, Clock clock,
      SessionTokens sessions, Resumption resumption, dev.wsm.core.ResumeOptions resume,
      AccessChecks access, InboundLimiter limiter, ConnectionAdmission admission,
      QuotaAdmission quota, RoomFanout roomFanout, UnstoredDelivery unstored, InboxDelivery inbox,
      DeliveryPressure pressure) {
    this.roomFanout = roomFanout;
    this.unstored = unstored;
    this.inbox = inbox;
    this.pressure = pressure;
    this.quota = quota;
    this.access = access;
    this.limiter = limiter;
    this.admission = admission;
    this.sessions = sessions;
    this.resume = resume;
    this.resumption = resumption;
    this.authenticator = authenticator;
    this.pool = pool;
    this.rooms = rooms;
    this.presence = presence;
    this.router = router;
    this.heartbeats = heartbeats;
    this.connections = connections;
    this.inboxAcks = inboxAcks;
    this.messages = messages;
    this.callbacks = callbacks;
    this.options = options;
    this.clock = clock;
  }

  /** Registers a handler for a custom type. */
  public void handle(String type, RequestHandler handler) {
    if (type == null || !CUSTOM_TYPE.matcher(type).matches()
        || ClientFrameDecoder.BUILT_IN_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "custom type must be 1-64 characters of a-z 0-9 _ . : - and not a built-in type: " + type);
    }
    if (handlers.putIfAbsent(type, java.util.Objects.requireNonNull(handler, "handler")) != null) {
      throw new IllegalArgumentException("a handler for '" + type + "' is registered already");
    }
  }

  @Override
  public AuthResult onHandshake(Handshake handshake) {
    java.util.Optional<AuthResult> refused = admission.refusal(handshake);
    if (refused.isPresent()) {
      return refused.get();
    }
    AuthResult result;
    try {
      result = authenticator.authenticate(handshake);
    } catch (RuntimeException e) {
      log.error("Authenticator failed; refusing the connection", e);
      return AuthResult.refuse(500, "authentication failed");
    }
    if (result instanceof AuthResult.Accepted accepted) {
      try {
        dev.wsm.core.DeviceId.from(accepted.principal());
      } catch (IllegalArgumentException e) {
        return AuthResult.refuse(400, "metadata 'device': " + e.getMessage());
      }
    }
    if (result instanceof AuthResult.Accepted accepted && !pool.hasRoomFor(accepted.principal().user())) {
      return AuthResult.refuse(429, "too many connections for this user (limit "
          + options.maxConnectionsPerUser() + ")");
    }
    return result;
  }

  @Override
  public void onOpen(TransportSession session, Principal principal) {
    LiveConnection c = new LiveConnection(ConnectionId.random(), principal, session, clock);
    if (!admission.opened(c.id(), session.remoteAddress())) {
      session.close(CloseCodes.TOO_MANY_CONNECTIONS, "too many connections from this address");
      return;
    }
    if (!pool.add(c)) {
      admission.closed(c.id());
      session.close(CloseCodes.TOO_MANY_CONNECTIONS, "too many connections for this user");
      return;
    }
    limiter.opened(c.id(), c.user());
    var reservation = quota.reserve(c);
    session.attach(c);
    c.send(ServerFrames.welcome(c.id(), c.user(), sessions.issue(c.user()),
        options.heartbeatInterval(),
        options.heartbeatTimeout(), clock.instant()));
    quota.enforce(c, reservation);
    presence.connected(c);
    connections.connected(new ConnectionRecord(c.id(), c.user(), c.labels(), c.metadata(),
        String.valueOf(c.remoteAddress()), c.connectedAt()));
    callbacks.emit(l -> l.onConnect(c));
    // The user's pending direct messages; they stay in the inbox until the client acks them.
    inboxAcks.deliver(c);
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
      dispatch(c, frame);
    } catch (RuntimeException e) {
      fail(c, frame.ref(), e);
      if (e instanceof WsException ws && ws.code() == ErrorCode.UNKNOWN_TYPE) {
        protocolError(c);
      }
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
      BinaryFrames.Inbound in = BinaryFrames.decode(data);
      requireMember(c, in.room());
      StoredMessage m = new StoredMessage(MessageId.random(), in.room(), null, c.user(), null,
          in.payload(), true, null, clock.instant(), null, 0);
      access.then(new Access.Publish(c, in.room()),
              () -> roomFanout.publish(m, other -> other == c, Target.room(in.room())))
          .thenRun(() -> callbacks.emit(l -> l.onMessage(c, in.room(),
              com.fasterxml.jackson.databind.node.BinaryNode.valueOf(in.payload()))))
          .exceptionally(e -> {
            fail(c, null, e);
            return null;
          });
    } catch (ProtocolException e) {
      fail(c, null, e);
      protocolError(c);
    } catch (RuntimeException e) {
      fail(c, null, e);
    }
  }

  @Override
  public void onPong(TransportSession session, ByteBuffer payload) {
    LiveConnection c = (LiveConnection) session.attachment();
    if (c != null) {
      heartbeats.pong(c, payload);
    }
  }

  /**
   * The hub is shutting down: connections closed from now on do not leave their rooms. Their
   * memberships die with this node (a durable store clears them at its next start), and the rooms
   * they kept alive, with their history, stay for the clients to come back to after the restart.
   */
  public void stopping() {
    stopping = true;
  }

  @Override
  public void onClose(TransportSession session, int code, String reason, boolean remote) {
    LiveConnection c = (LiveConnection) session.attachment();
    if (c == null) {
      return;
    }
    log.debug("{} closed: {} {} (remote {})", c.id(), code, reason, remote);
    c.markClosed();
    pool.remove(c);
    if (code == dev.wsm.core.CloseCodes.SLOW_CONSUMER) {
      pressure.slowConsumerClosed();
    }
    access.forget(c.id());
    limiter.closed(c.id(), c.user());
    admission.closed(c.id());
    quota.closed(c);
    // A normal closure (1000, or 1005: a close frame without a code) means the client left; any
    // other end (a dropped network, 1001 of a page reload, a heartbeat timeout) may be followed by
    // a reconnect: hold its place for the grace.
    java.time.Duration grace = code == 1000 || code == 1005 ? java.time.Duration.ZERO
        : resume.presenceGrace();
    if (!stopping) {
      for (var room : List.copyOf(c.roomSet())) {
        presence.left(c, room);
        rooms.leaveAfter(c, room, grace);
      }
    }
    if (grace.isZero() || stopping) {
      presence.disconnected(c);
    } else {
      // Within the grace a reconnect keeps the user online: no offline, online flap.
      CompletableFuture.delayedExecutor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .execute(() -> presence.disconnected(c));
    }
    connections.disconnected(c.id(), clock.instant(), c.messagesReceived());
    callbacks.emit(l -> l.onDisconnect(c, code, reason));
  }

  private void dispatch(LiveConnection c, ClientFrame frame) {
    String ref = frame.ref();
    if (frame instanceof ClientFrame.Publish p) {
      requireMember(c, p.room());
      Instant now = clock.instant();
      // Ephemeral and state messages are never stored: no offset, no history (Delivery classes).
      boolean stored = p.delivery() == dev.wsm.core.DeliveryClass.RELIABLE;
      StoredMessage m = new StoredMessage(MessageId.random(), p.room(), null, c.user(), p.event(),
          ServerFrames.jsonBytes(p.data()), false, p.parent(), now, expiry(now, p.ttl()), 0);
      java.util.function.Predicate<LiveConnection> skip =
          p.echo() ? Fanout.none() : other -> other == c;
      CompletionStage<Delivery> published = access.then(new Access.Publish(c, p.room()),
          () -> stored ? roomFanout.publish(m, skip, Target.room(p.room()))
              : java.util.concurrent.CompletableFuture.completedFuture(unstored.publish(
                  m, p.delivery(), p.key(), skip, Target.room(p.room()))));
      published.thenRun(() -> callbacks.emit(l -> l.onMessage(c, p.room(), p.data())));
      reply(c, ref, published, d -> g -> {
        g.writeStringField("id", d.id().value());
        if (stored) {
          g.writeNumberField("offset", d.offset().orElse(0));
        } else {
          g.writeStringField("delivery", p.delivery().wireName());
        }
        g.writeNumberField("delivered", d.delivered());
      });
    } else if (frame instanceof ClientFrame.Join j) {
      var joined = access.then(new Access.Join(c, j.room()),
          () -> rooms.join(c.id(), j.room(), j.password())).thenCompose(room ->
          messages.position(room.id()).thenApply(pos -> {
            roomFanout.trackFrom(room.id(), pos.lastOffset());
            return java.util.Map.entry(room, pos);
          }));
      reply(c, ref, joined, entry -> g -> {
        var room = entry.getKey();
        g.writeObjectFieldStart("room");
        g.writeStringField("name", room.id().value());
        g.writeStringField("topic", room.topic());
        g.writeBooleanField("private", room.isPrivate());
        g.writeNumberField("memberLimit", room.memberLimit());
        if (room.expiresAt().isPresent()) {
          g.writeStringField("expiresAt", room.expiresAt().get().toString());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("stream");
        g.writeStringField("epoch", entry.getValue().epoch());
        g.writeNumberField("offset", entry.getValue().lastOffset());
        g.writeEndObject();
      });
    } else if (frame instanceof ClientFrame.Ack a) {
      reply(c, ref, inboxAcks.ack(c, a), n -> g -> g.writeNumberField("acked", n));
    } else if (frame instanceof ClientFrame.Resume r) {
      reply(c, ref, resumption.resume(c, r), n -> g -> g.writeNumberField("rooms", n));
    } else if (frame instanceof ClientFrame.Leave l) {
      presence.left(c, l.room());
      reply(c, ref, rooms.leave(c, l.room()), left -> g -> g.writeBooleanField("left", left));
    } else if (frame instanceof ClientFrame.Direct d) {
      Instant now = clock.instant();
      StoredMessage m = new StoredMessage(MessageId.random(), null, d.to(), c.user(), d.event(),
          ServerFrames.jsonBytes(d.data()), false, null, now, expiry(now, d.ttl()), 0);
      CompletionStage<Delivery> sent = access.then(
          new Access.Direct(c, java.util.Optional.ofNullable(d.to()),
              java.util.Optional.ofNullable(d.connection())),
          () -> d.to() != null
              ? inbox.direct(m, d.to(), Target.user(d.to()))
              : router.send(Target.connection(d.connection()), dev.wsm.core.OutboundMessage
                  .of(dev.wsm.core.Payload.json(d.data())).withEvent(d.event()).withFrom(c.user())));
      reply(c, ref, sent, del -> g -> {
        g.writeStringField("id", del.id().value());
        g.writeNumberField("delivered", del.delivered());
        g.writeBooleanField("queued", del.queued());
      });
    } else if (frame instanceof ClientFrame.PresenceUpdate p) {
      reply(c, ref, presence.update(c.id(), p.status(), p.meta()),
          pr -> g -> ServerFrames.writePresenceFields(g, pr));
    } else if (frame instanceof ClientFrame.Typing t) {
      presence.typing(c.id(), t.room(), t.typing());
      if (ref != null) {
        c.send(ServerFrames.ok(ref, ServerFrames.Fields.NONE));
      }
    } else if (frame instanceof ClientFrame.Ping) {
      c.send(ServerFrames.pong(ref, clock.instant()));
    } else if (frame instanceof ClientFrame.Members m) {
      requireMember(c, m.room());
      reply(c, ref, access.then(new Access.Members(c, m.room()),
          () -> new MembersQuery(rooms, presence).run(m.room())), list -> g -> {
        g.writeStringField("room", m.room().value());
        g.writeArrayFieldStart("members");
        for (var p : list) {
          g.writeStartObject();
          ServerFrames.writePresenceFields(g, p);
          g.writeEndObject();
        }
        g.writeEndArray();
      });
    } else if (frame instanceof ClientFrame.History h) {
      requireMember(c, h.room());
      reply(c, ref, access.then(new Access.History(c, h.room()),
          () -> new HistoryQueryRunner(messages).run(h)), page -> g -> page.write(g, h.room()));
    } else if (frame instanceof ClientFrame.Custom custom) {
      RequestHandler handler = handlers.get(custom.type());
      if (handler == null) {
        throw new WsException(ErrorCode.UNKNOWN_TYPE, "unknown type '" + custom.type() + "'");
      }
      CompletionStage<JsonNode> result = callbacks.supply(() -> handler.handle(c, custom.data()))
          .thenCompose(Function.identity());
      reply(c, ref, result, data -> g -> {
        g.writeFieldName("data");
        if (data == null) {
          g.writeNull();
        } else {
          g.writeTree(data);
        }
      });
    }
  }

  private static Instant expiry(Instant now, java.time.Duration ttl) {
    return ttl == null ? null : now.plus(ttl);
  }

  private static void requireMember(LiveConnection c, dev.wsm.core.RoomId room) {
    if (!c.roomSet().contains(room)) {
      throw new WsException(ErrorCode.FORBIDDEN, "join room '" + room + "' first");
    }
  }

  /** Answers {@code ref} when the stage completes: ok with fields, or the failure's code. */
  private <T> void reply(LiveConnection c, String ref, CompletionStage<T> stage,
      Function<T, ServerFrames.Fields> fields) {
    stage.whenComplete((value, error) -> {
      if (error != null) {
        fail(c, ref, error);
      } else if (ref != null) {
        ServerFrames.Fields f;
        try {
          f = fields.apply(value);
        } catch (RuntimeException e) {
          fail(c, ref, e);
          return;
        }
        c.send(ServerFrames.ok(ref, f));
      }
    });
  }

  private void fail(LiveConnection c, String ref, Throwable error) {
    Throwable cause = Futures.unwrap(error);
    if (cause instanceof WsException ws && ws.code() != ErrorCode.INTERNAL) {
      c.send(ServerFrames.failure(ref, ws.code(), ws.getMessage()));
    } else {
      log.error("Internal error handling a frame from {}", c.id(), cause);
      c.send(ServerFrames.failure(ref, ErrorCode.INTERNAL, "internal error"));
    }
  }
}
