package dev.wsm.testkit.contract;

import static dev.wsm.testkit.contract.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ConnectionRecord;
import dev.wsm.core.spi.ConnectionStats;
import dev.wsm.core.spi.ConnectionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ConnectionStore} must pass. To test a store, extend this class and
 * return a new, empty store:
 *
 * <pre>{@code
 * class SqliteConnectionStoreTest extends ConnectionStoreContract {
 *   @Override
 *   protected ConnectionStore createStore() {
 *     return new SqliteConnectionStore(freshDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #createStore} is called before each test. The store counts a connection in {@code
 * totalEverConnected} when it is registered, and registering a connection that is already active
 * changes nothing; it adds the messages received given at a connection's first disconnect to
 * {@code totalMessages}, ignoring later disconnects and those of unknown connections; {@code
 * active} and {@code byLabel} count active connections only; {@code users} counts the distinct
 * users of the active connections; heartbeats, also of unknown connections, change no stats.
 */
public abstract class ConnectionStoreContract {
  /** A fixed "now"; the store reads no clock of its own for these operations. */
  protected static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private static final UserId ADA = UserId.of("ada");
  private static final UserId BOB = UserId.of("bob");

  private ConnectionStore store;

  /** A new, empty store. */
  protected abstract ConnectionStore createStore();

  @BeforeEach
  public final void createStoreUnderTest() {
    store = createStore();
  }

  @Test
  public void statsOfAnEmptyStoreAreZero() {
    ConnectionStats stats = stats();

    assertThat(stats.active()).isZero();
    assertThat(stats.totalEverConnected()).isZero();
    assertThat(stats.totalMessages()).isZero();
    assertThat(stats.byLabel()).isEmpty();
    assertThat(stats.users()).isZero();
  }

  @Test
  public void usersCountsEachUserWithAnActiveConnectionOnce() {
    connect("a1", ADA);
    connect("a2", ADA);
    connect("b1", BOB);

    assertThat(stats().users()).isEqualTo(2);
  }

  @Test
  public void aUserStopsCountingWithItsLastActiveConnection() {
    connect("a1", ADA);
    connect("a2", ADA);
    connect("b1", BOB);

    disconnect("a1", 0);
    assertThat(stats().users()).as("ada keeps a device").isEqualTo(2);
    disconnect("a2", 0);
    assertThat(stats().users()).as("ada has none").isEqualTo(1);
    disconnect("a2", 0);
    assertThat(stats().users()).as("a repeated disconnect uncounts nothing").isEqualTo(1);
  }

  @Test
  public void connectedConnectionsAreActiveAndCounted() {
    connect("a1", ADA);
    connect("a2", ADA);
    connect("b1", BOB);

    ConnectionStats stats = stats();

    assertThat(stats.active()).isEqualTo(3);
    assertThat(stats.totalEverConnected()).isEqualTo(3);
    assertThat(stats.totalMessages()).isZero();
  }

  @Test
  public void disconnectedConnectionIsNoLongerActiveButStaysInTheTotal() {
    connect("a1", ADA);
    connect("b1", BOB);

    disconnect("a1", 0);

    ConnectionStats stats = stats();
    assertThat(stats.active()).isEqualTo(1);
    assertThat(stats.totalEverConnected()).isEqualTo(2);
  }

  @Test
  public void connectingTheSameIdTwiceCountsItOnce() {
    connect("a1", ADA);
    connect("a1", ADA);

    ConnectionStats stats = stats();

    assertThat(stats.active()).isEqualTo(1);
    assertThat(stats.totalEverConnected()).isEqualTo(1);
  }

  @Test
  public void totalMessagesSumsTheCountsGivenAtDisconnect() {
    connect("a1", ADA);
    connect("a2", ADA);
    connect("b1", BOB);

    disconnect("a1", 7);
    disconnect("b1", 5);

    assertThat(stats().totalMessages()).isEqualTo(12);
    disconnect("a2", 0);
    assertThat(stats().totalMessages()).isEqualTo(12);
  }

  @Test
  public void disconnectingTwiceCountsTheMessagesOnce() {
    connect("a1", ADA);
    connect("b1", BOB);

    disconnect("a1", 7);
    disconnect("a1", 7);

    ConnectionStats stats = stats();
    assertThat(stats.totalMessages()).isEqualTo(7);
    assertThat(stats.active()).isEqualTo(1);
    assertThat(stats.totalEverConnected()).isEqualTo(2);
  }

  @Test
  public void disconnectingAnUnknownConnectionChangesNothing() {
    connect("a1", ADA);

    disconnect("nobody", 9);

    ConnectionStats stats = stats();
    assertThat(stats.active()).isEqualTo(1);
    assertThat(stats.totalEverConnected()).isEqualTo(1);
    assertThat(stats.totalMessages()).isZero();
  }

  @Test
  public void byLabelCountsActiveConnectionsPerLabel() {
    connect("a1", ADA, "beta", "mobile");
    connect("a2", ADA, "beta");
    connect("b1", BOB, "mobile");
    connect("c1", UserId.of("cy"));

    Map<String, Long> byLabel = stats().byLabel();

    assertThat(byLabel).containsOnly(Map.entry("beta", 2L), Map.entry("mobile", 2L));
  }

  @Test
  public void disconnectedConnectionsLeaveTheirLabels() {
    connect("a1", ADA, "beta", "mobile");
    connect("b1", BOB, "mobile");

    disconnect("a1", 3);

    Map<String, Long> byLabel = stats().byLabel();
    assertThat(byLabel.getOrDefault("beta", 0L)).as("beta").isZero();
    assertThat(byLabel.getOrDefault("mobile", 0L)).as("mobile").isEqualTo(1);

    disconnect("b1", 0);

    assertThat(stats().byLabel().values()).allMatch(count -> count == 0);
  }

  @Test
  public void heartbeatsDoNotChangeTheStats() {
    connect("a1", ADA, "beta");
    disconnect("a1", 4);
    connect("b1", BOB, "beta");
    ConnectionStats before = stats();

    await(store.heartbeat(ConnectionId.of("b1"), NOW.plusSeconds(30), Duration.ofMillis(12)));
    await(store.heartbeat(ConnectionId.of("a1"), NOW.plusSeconds(30), Duration.ofMillis(12)));

    assertThat(stats()).isEqualTo(before);
  }

  @Test
  public void heartbeatOfAnUnknownConnectionIsHarmless() {
    connect("a1", ADA);

    await(store.heartbeat(ConnectionId.of("nobody"), NOW, Duration.ofMillis(5)));

    ConnectionStats stats = stats();
    assertThat(stats.active()).isEqualTo(1);
    assertThat(stats.totalEverConnected()).isEqualTo(1);
    connect("nobody", BOB);
    assertThat(stats().active()).isEqualTo(2);
  }

  @Test
  public void concurrentConnectsAndDisconnectsAreAllCounted() throws Exception {
    int threads = 8;
    int perThread = 24;
    long total = (long) threads * perThread;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      runConcurrently(pool, threads, perThread,
          (thread, i) -> connect("t" + thread + "-" + i, UserId.of("user" + thread),
              i % 2 == 0 ? new String[] {"even"} : new String[0]));

      ConnectionStats connected = stats();
      assertThat(connected.active()).isEqualTo(total);
      assertThat(connected.totalEverConnected()).isEqualTo(total);
      assertThat(connected.byLabel()).containsEntry("even", total / 2);
      assertThat(connected.users()).isEqualTo(threads);

      runConcurrently(pool, threads, perThread,
          (thread, i) -> disconnect("t" + thread + "-" + i, 1));

      ConnectionStats disconnected = stats();
      assertThat(disconnected.active()).isZero();
      assertThat(disconnected.users()).isZero();
      assertThat(disconnected.totalEverConnected()).isEqualTo(total);
      assertThat(disconnected.totalMessages()).isEqualTo(total);
    } finally {
      pool.shutdownNow();
    }
  }

  private interface Step {
    void run(int thread, int index);
  }

  /** Runs {@code perThread} steps on each of {@code threads} threads, all started at once. */
  private static void runConcurrently(ExecutorService pool, int threads, int perThread, Step step)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      results.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          step.run(thread, i);
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> result : results) {
      result.get(30, TimeUnit.SECONDS);
    }
  }

  private void connect(String id, UserId user, String... labels) {
    await(store.connected(new ConnectionRecord(ConnectionId.of(id), user, Set.of(labels),
        Map.of("client", "contract"), "203.0.113.7:40000", NOW)));
  }

  private void disconnect(String id, long messagesReceived) {
    await(store.disconnected(ConnectionId.of(id), NOW.plusSeconds(60), messagesReceived));
  }

  private ConnectionStats stats() {
    return await(store.stats());
  }
}
