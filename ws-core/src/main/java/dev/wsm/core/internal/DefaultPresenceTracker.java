package dev.wsm.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.DeliveryClass;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.HubOptions;
import dev.wsm.core.Presence;
import dev.wsm.core.PresenceStatus;
import dev.wsm.core.PresenceTracker;
import dev.wsm.core.RoomId;
import dev.wsm.core.Target;
import dev.wsm.core.UserId;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.protocol.WireJson;
import dev.wsm.core.spi.PresenceRecord;
import dev.wsm.core.spi.PresenceRoster;
import dev.wsm.core.spi.PresenceStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence of each user over the nodes: each device has a status, each node puts its view of the
 * user (best status, devices, last activity) in the {@link PresenceRoster}, and the user's status is
 * the most available one over the nodes (online, then busy, then away); metadata is per user. A
 * change is announced with the aggregate over the nodes; it goes as {@code presence}
 * to the user's devices and to the members of every room the user is in (each connection once on
 * this node), and through the cluster bus to the other nodes.
 * Typing indicators are kept by {@link TypingIndicators}.
 */
@Singleton
public final class DefaultPresenceTracker implements PresenceTracker {
  private static final Logger log = LoggerFactory.getLogger(DefaultPresenceTracker.class);
  private final InMemoryConnectionPool pool;
  private final LocalRoomIndex index;
  private final PresenceStore store;
  private final Clock clock;
  private final HubOptions options;
  private final DeliveryPressure pressure;
  private final ClusterRelay relay;
  private final PresenceRoster roster;
  private final ConcurrentHashMap<UserId, JsonNode> meta = new ConcurrentHashMap<>();
  /** Per online user, the status and devices last saved: what the user's watchers were told. */
  private final ConcurrentHashMap<UserId, Long> shown = new ConcurrentHashMap<>();
  private final TypingIndicators typing;
  /** Users whose view this node could not put in the roster; the sweep puts them again. */
  private final Set<UserId> unsynced = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicBoolean repairing =
      new java.util.concurrent.atomic.AtomicBoolean();
  /** Striped locks that order the roster puts of each user. */
  private final Object[] locks = java.util.stream.IntStream.range(0, 64)
      .mapToObj(i -> new Object()).toArray();

  @Inject
  public DefaultPresenceTracker(InMemoryConnectionPool pool, LocalRoomIndex index, PresenceStore store,
      Clock clock, HubOptions options, DeliveryPressure pressure,
      ClusterRelay relay, PresenceRoster roster, TypingIndicators typing) {
    this.typing = typing;
    this.roster = roster;
    this.pressure = pressure;
    this.relay = relay;
    this.pool = pool;
    this.index = index;
    this.store = store;
    this.clock = clock;
    this.options = options;
  }

  @Override
  public CompletionStage<Presence> presence(UserId user) {
    return roster.get(user).handle((a, failure) -> {
      if (failure != null) {
        log.warn("Could not read the presence roster of {}; answering this node's view", user,
            Futures.unwrap(failure));
      }
      return a;
    }).thenCompose(a -> {
      Set<LiveConnection> devices = pool.liveByUser(user);
      if (a != null && a.devices() > 0) {
        Presence p = presence(user, a);
        if (!devices.isEmpty()) {
          // This node's devices may have been active since they last put their view.
          Instant here = aggregate(user, devices).lastSeen();
          if (here.isAfter(p.lastSeen())) {
            p = new Presence(user, p.status(), p.meta(), here, p.devices());
          }
        }
        return Futures.done(p);
      }
      if (!devices.isEmpty()) {
        return Futures.done(aggregate(user, devices));
      }
      return offline(user);
    });
  }

  private CompletionStage<Presence> offline(UserId user) {
    return store.find(user).thenApply(record -> record
        .map(r -> new Presence(user, PresenceStatus.OFFLINE, parse(r.metaJson()), r.lastSeen(), 0))
        .orElseGet(() -> new Presence(user, PresenceStatus.OFFLINE, null, Instant.EPOCH, 0)));
  }

  @Override
  public CompletionStage<Presence> update(ConnectionId connection, PresenceStatus status, JsonNode newMeta) {
    LiveConnection c = pool.live(connection);
    if (c == null) {
      return Futures.failed(ErrorCode.NOT_FOUND, "no such connection");
    }
    if (status == PresenceStatus.OFFLINE) {
      return Futures.failed(ErrorCode.INVALID_MESSAGE, "a connected user cannot be offline");
    }
    if (newMeta != null) {
      if (!newMeta.isObject()) {
        return Futures.failed(ErrorCode.INVALID_MESSAGE, "presence meta must be a JSON object");
      }
      if (ServerFrames.jsonBytes(newMeta).length > options.maxPresenceMetaBytes()) {
        return Futures.failed(ErrorCode.TOO_LARGE,
            "presence meta must be at most " + options.maxPresenceMetaBytes() + " bytes of JSON");
      }
      meta.put(c.user(), newMeta.deepCopy());
    }
    if (status != null) {
      c.status(status);
    }
    UserId user = c.user();
    return overCluster(user, newMeta, () -> aggregate(user, pool.liveByUser(user))).thenApply(p -> {
      announce(p);
      return p;
    });
  }

  /**
   * Puts this node's view of a user in the roster and answers the aggregate over the nodes; this
   * node's view when the roster cannot answer. {@code newMeta} replaces the user's meta unless null.
   */
  private CompletionStage<Presence> overCluster(UserId user, JsonNode newMeta,
      Supplier<Presence> view) {
    Put put = put(user, newMeta, view);
    Presence local = put.local();
    return put.answer().handle((a, failure) -> {
          if (failure != null) {
            log.warn("Could not update the presence roster of {}; announcing this node's view",
                local.user(), Futures.unwrap(failure));
            unsynced.add(local.user());
            return local;
          }
          if (a.devices() == 0) {
            return new Presence(local.user(), PresenceStatus.OFFLINE,
                a.metaJson() == null ? local.meta() : parse(a.metaJson()), local.lastSeen(), 0);
          }
          return presence(local.user(), a);
        });
  }

  /** This node's view as put, and the roster's answer. */
  private record Put(Presence local, CompletionStage<PresenceRoster.Aggregate> answer) {}

  /**
   * Takes this node's view of a user and puts it in the roster, under the user's lock: puts reach
   * the roster in the order their views were taken, so the last one is the current view.
   */
  private Put put(UserId user, JsonNode newMeta, Supplier<Presence> view) {
    synchronized (locks[Math.floorMod(user.hashCode(), locks.length)]) {
      Presence local = view.get();
      CompletionStage<PresenceRoster.Aggregate> answer;
      try {
        answer = roster.put(user, local.status(), local.devices(), local.lastSeen(),
            newMeta == null ? null : json(newMeta));
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      return new Put(local, answer);
    }
  }

  private Presence presence(UserId user, PresenceRoster.Aggregate a) {
    return new Presence(user, a.status(), a.metaJson() == null ? meta.get(user) : parse(a.metaJson()),
        a.lastSeen(), a.devices());
  }

  /**
   * A connection opened: the user is online. Announced only when another device was connected
   * already (a first device has joined no room yet, so no one else could be told).
   */
  public void connected(LiveConnection c) {
    UserId user = c.user();
    overCluster(user, null, () -> aggregate(user, pool.liveByUser(user))).thenAccept(p -> {
      if (p.devices() > 1 && !unchanged(p)) {
        announce(p);
      } else {
        save(p);
      }
    });
  }

  /**
   * A connection closed (after it left its rooms): recompute and announce, or record the user
   * offline with its last-seen time when this was the last device (its rooms were told by {@code
   * left}).
   */
  public void disconnected(LiveConnection c) {
    UserId user = c.user();
    // The user's devices on other nodes may share rooms with this one: tell those rooms too.
    Set<RoomId> rooms = Set.copyOf(c.roomSet());
    overCluster(user, null, () -> {
      Set<LiveConnection> devices = pool.liveByUser(user);
      return devices.isEmpty()
          ? new Presence(user, PresenceStatus.OFFLINE, meta.remove(user), clock.instant(), 0)
          : aggregate(user, devices);
    }).thenAccept(p -> {
      if (p.devices() == 0) {
        save(new Presence(p.user(), PresenceStatus.OFFLINE, p.meta(), clock.instant(), 0));
      } else if (unchanged(p)) {
        // A reconnect within the grace took the dropped device's place: its watchers already
        // have this status and count, so telling every member of its rooms again would be a
        // flap of nothing (and, for a crowd reconnecting at once, a frame per member per user).
        save(p);
      } else {
        announce(p, rooms);
      }
    });
  }

  /**
   * The devices of {@code user} on a dead node were removed from the roster by this node. As on a
   * normal close: a user with devices left on live nodes is announced with the new aggregate to the
   * user's devices, to {@code rooms} (those the dead devices were in) and to the rooms of the user's
   * devices here, on every node; a user with none left reads offline and is not announced (the
   * rooms got {@code left}). Never blocks.
   */
  public void lostDevices(UserId user, Set<RoomId> rooms) {
    roster.get(user).whenComplete((a, failure) -> {
      if (failure != null) {
        log.warn("Could not read the presence of {}, whose node died; not announced", user,
            Futures.unwrap(failure));
      } else if (a.devices() > 0) {
        announce(presence(user, a), rooms);
      }
    });
  }

  @Override
  public void typing(ConnectionId connection, RoomId room, boolean on) {
    typing.typing(connection, room, on);
  }

  @Override
  public Set<UserId> typing(RoomId room) {
    return typing.typing(room);
  }

  /** Clears the user's typing in a room when the connection leaves it and no other device remains. */
  public void left(LiveConnection c, RoomId room) {
    typing.left(c, room);
  }

  /** Expires typing indicators past their deadline, and puts again the views the roster missed. */
  public void sweep() {
    repairRoster();
    typing.sweep();
  }

  /**
   * Puts this node's current view of each user whose put failed (the roster's store was
   * unreachable), so that a device that left meanwhile stops counting; one round at a time.
   */
  private void repairRoster() {
    if (unsynced.isEmpty() || !repairing.compareAndSet(false, true)) {
      return;
    }
    java.util.List<UserId> users = unsynced.stream().limit(1000).toList();
    unsynced.removeAll(users);
    java.util.List<CompletableFuture<?>> puts = new java.util.ArrayList<>();
    for (UserId user : users) {
      Put put = put(user, meta.get(user), () -> {
        Set<LiveConnection> devices = pool.liveByUser(user);
        return devices.isEmpty()
            ? new Presence(user, PresenceStatus.OFFLINE, null, clock.instant(), 0)
            : aggregate(user, devices);
      });
      puts.add(put.answer().toCompletableFuture().exceptionally(e -> {
        unsynced.add(user);
        return null;
      }));
    }
    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new))
        .whenComplete((ok, e) -> repairing.set(false));
  }

  private Presence aggregate(UserId user, Set<LiveConnection> devices) {
    PresenceStatus best = PresenceStatus.OFFLINE;
    for (LiveConnection d : devices) {
      if (d.status().ordinal() < best.ordinal()) {
        best = d.status();
      }
    }
    Instant lastSeen = devices.isEmpty() ? clock.instant() : Instant.EPOCH;
    for (LiveConnection d : devices) {
      if (d.lastSeen().isAfter(lastSeen)) {
        lastSeen = d.lastSeen();
      }
    }
    return new Presence(user, best, meta.get(user), lastSeen, devices.size());
  }

  private void announce(Presence p) {
    announce(p, Set.of());
  }

  private void announce(Presence p, Set<RoomId> alsoRooms) {
    save(p);
    Set<LiveConnection> recipients = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<RoomId> rooms = new java.util.HashSet<>();
    for (RoomId room : alsoRooms) {
      rooms.add(room);
      recipients.addAll(index.members(room));
    }
    for (LiveConnection device : pool.liveByUser(p.user())) {
      recipients.add(device);
      for (RoomId room : device.roomSet()) {
        rooms.add(room);
        recipients.addAll(index.members(room));
      }
    }
    var frame = ServerFrames.presence(p);
    // State keyed by user: a recipient under pressure gets the user's latest presence only.
    Fanout.sendAs(recipients, Fanout.none(), frame, DeliveryClass.STATE,
        "presence:" + p.user().value(), pressure);
    // Other nodes: the user's devices there, and the members there of the rooms the user's devices
    // here are in; each connection there gets the copies once (see EventCopies).
    String key = "presence:" + p.user().value();
    relay.relayState(Target.user(p.user()), frame, key);
    for (RoomId room : rooms) {
      relay.relayState(Target.room(room).exceptUsers(Set.of(p.user())), frame, key);
    }
  }

  /** The JSON of empty meta, as Jackson writes it: one string for every user without meta. */
  private static final String NO_META = "{}";

  private static String json(JsonNode node) {
    if (node.isObject() && node.isEmpty()) {
      return NO_META;
    }
    try {
      return WireJson.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return "{}";
    }
  }

  /** Whether {@code p} has the status and devices last saved for its user. */
  private boolean unchanged(Presence p) {
    Long last = shown.get(p.user());
    return last != null && last == shownAs(p);
  }

  private static long shownAs(Presence p) {
    return ((long) p.status().ordinal() << 32) | p.devices();
  }

  private void save(Presence p) {
    if (p.devices() == 0) {
      shown.remove(p.user());
    } else {
      shown.put(p.user(), shownAs(p));
    }
    String json = json(p.meta());
    store.save(new PresenceRecord(p.user(), p.status(), json, p.lastSeen()))
        .exceptionally(e -> {
          log.warn("Could not save presence of {}", p.user(), Futures.unwrap(e));
          return null;
        });
  }

  private static JsonNode parse(String json) {
    try {
      return WireJson.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      return JsonNodeFactory.instance.objectNode();
    }
  }
}
