package dev.wsm.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.PresenceStatus;
import dev.wsm.core.RoomId;
import dev.wsm.core.spi.JoinOutcome;
import dev.wsm.core.spi.RoomRecord;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ConnectionRecord;
import dev.wsm.core.spi.PresenceRecord;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes (two connectors, two leases) on one Redis, with a short lease. */
class RedisPresenceLeaseTest {
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final UserId ADA = UserId.of("ada");
  private static final UserId BOB = UserId.of("bob");
  private static final Instant SEEN = Instant.parse("2030-01-01T00:00:00Z");

  private final RedisTestServer server = RedisTestServer.shared();
  private final RedisOptions options = server.options().withPresenceLease(LEASE);
  private final Node a = new Node(options);
  private final Node b = new Node(options);

  /** A node: its own connection to Redis, its lease, its stores. */
  private static final class Node {
    final RedisConnector connector;
    final NodeLease lease;
    final RedisPresenceStore presence;
    final RedisConnectionStore connections;

    Node(RedisOptions options) {
      connector = new RedisConnector(options);
      connector.start();
      lease = new NodeLease(connector, options);
      lease.start();
      presence = new RedisPresenceStore(connector, options, lease);
      connections = new RedisConnectionStore(connector, options, lease);
    }

    /** Dies without a goodbye: the lease is neither renewed nor released. */
    void crash() {
      lease.halt();
      connector.stop(Duration.ZERO);
    }

    void stop() {
      lease.stop(Duration.ofSeconds(1));
      connector.stop(Duration.ofSeconds(1));
    }
  }

  @AfterEach
  void stopNodes() {
    a.stop();
    b.stop();
    server.deleteKeys(options.keyPrefix());
  }

  @Test
  void theUsersOfACrashedNodeGoOfflineWithinTheLeaseKeepingTheirLastSeen() throws Exception {
    await(a.presence.save(new PresenceRecord(ADA, PresenceStatus.BUSY, "{\"m\":1}", SEEN)));
    assertThat(await(b.presence.find(ADA))).map(PresenceRecord::status)
        .contains(PresenceStatus.BUSY);

    a.crash();
    long crashedAt = System.nanoTime();
    PresenceStatus seen = poll(() -> await(b.presence.find(ADA)).orElseThrow().status(),
        PresenceStatus.OFFLINE, LEASE.plusSeconds(3));

    assertThat(seen).as("offline within the lease (plus a margin) after the crash")
        .isEqualTo(PresenceStatus.OFFLINE);
    assertThat(Duration.ofNanos(System.nanoTime() - crashedAt))
        .isLessThanOrEqualTo(LEASE.plusSeconds(3));
    assertThat(await(b.presence.find(ADA))).contains(
        new PresenceRecord(ADA, PresenceStatus.OFFLINE, "{\"m\":1}", SEEN));
  }

  @Test
  void aLiveNodeKeepsItsUsersOnlineLongAfterTheLeaseByRenewingIt() throws Exception {
    await(a.presence.save(new PresenceRecord(ADA, PresenceStatus.ONLINE, "{}", SEEN)));

    Thread.sleep(LEASE.multipliedBy(2).toMillis() + 500);

    assertThat(await(b.presence.find(ADA))).map(PresenceRecord::status)
        .contains(PresenceStatus.ONLINE);
  }

  @Test
  void theConnectionsOfACrashedNodeLeaveTheClusterStatsWithinTheLease() throws Exception {
    await(a.connections.connected(record("a1", "mobile")));
    await(a.connections.connected(record("a2", "mobile")));
    await(b.connections.connected(record("b1", "mobile")));
    assertThat(await(b.connections.stats()).active()).isEqualTo(3);
    assertThat(await(b.connections.stats()).byLabel()).containsEntry("mobile", 3L);

    a.crash();

    long active = poll(() -> await(b.connections.stats()).active(), 1L, LEASE.plusSeconds(3));
    assertThat(active).isEqualTo(1);
    assertThat(await(b.connections.stats()).byLabel()).containsEntry("mobile", 1L);
    assertThat(await(b.connections.stats()).totalEverConnected()).isEqualTo(3);
  }

  @Test
  void theUsersOfACrashedNodeLeaveTheClusterUserCountWithTheLeaseAndOnceEach() throws Exception {
    await(a.connections.connected(record("a1", ADA)));
    await(a.connections.connected(record("a2", ADA)));
    await(a.connections.connected(record("a3", BOB)));
    await(b.connections.connected(record("b1", ADA)));
    assertThat(await(b.connections.stats()).users()).as("ada on both nodes counts once")
        .isEqualTo(2);
    java.util.List<dev.wsm.core.spi.ClusterCommand.NodeLost> lost =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    b.lease.onNodeLost(lost::add);

    a.crash();

    long users = poll(() -> await(b.connections.stats()).users(), 1L, LEASE.plusSeconds(3));
    assertThat(users).as("only ada, by her device on b").isEqualTo(1);
    poll(lost::size, 1, Duration.ofSeconds(3));
    assertThat(lost).singleElement().satisfies(report -> {
      assertThat(report.users()).containsExactlyInAnyOrder(ADA, BOB);
      assertThat(report.silentFor()).isEqualTo(LEASE.minus(LEASE.dividedBy(3)));
    });
    await(b.connections.disconnected(ConnectionId.of("b1"), SEEN, 0));
    assertThat(await(b.connections.stats()).users()).isZero();
    assertThat(await(b.lease.reapDeadNodes())).isZero();
    assertThat(lost).as("reported once").hasSize(1);
  }

  @Test
  void theRoomPlacesHeldByACrashedNodesUsersAreFreedWithinTheLease() throws Exception {
    RedisRoomStore roomsA = new RedisRoomStore(a.connector, options, a.lease);
    RedisRoomStore roomsB = new RedisRoomStore(b.connector, options, b.lease);
    RoomId vip = RoomId.of("vip");
    RoomId party = RoomId.of("party");
    await(roomsA.create(new RoomRecord(vip, "", null, 1, null, SEEN, null, false)));
    await(roomsA.create(new RoomRecord(party, "", null, 0, null, SEEN, null, true)));
    assertThat(await(roomsA.addMember(vip, ADA, ConnectionId.of("a1"))))
        .isEqualTo(JoinOutcome.JOINED_FIRST_DEVICE);
    await(roomsA.addMember(party, ADA, ConnectionId.of("a1")));
    assertThat(await(roomsB.addMember(vip, BOB, ConnectionId.of("b1")))).isEqualTo(JoinOutcome.FULL);

    a.crash();

    JoinOutcome later = poll(() -> await(roomsB.addMember(vip, BOB, ConnectionId.of("b1"))),
        JoinOutcome.JOINED_FIRST_DEVICE, LEASE.multipliedBy(2).plusSeconds(2));
    assertThat(later).as("ada's place is freed once node A's lease is gone")
        .isEqualTo(JoinOutcome.JOINED_FIRST_DEVICE);
    assertThat(await(roomsB.members(vip))).containsExactly(BOB);
    assertThat(await(roomsB.find(party))).as("the emptied ephemeral room is gone").isEmpty();
    assertThat(await(roomsB.find(vip))).as("a persistent room stays").isPresent();
  }

  private static ConnectionRecord record(String id, String label) {
    return new ConnectionRecord(ConnectionId.of(id), ADA, Set.of(label), Map.of(), "127.0.0.1:1",
        SEEN);
  }

  private static ConnectionRecord record(String id, UserId user) {
    return new ConnectionRecord(ConnectionId.of(id), user, Set.of(), Map.of(), "127.0.0.1:1", SEEN);
  }

  private static <T> T poll(Supplier<T> read, T wanted, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    T value = read.get();
    while (!wanted.equals(value) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      value = read.get();
    }
    return value;
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
