package dev.wsm.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import dev.wsm.core.HubOptions;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreModule;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small reconnect storm of the real tool against a real server: every client must recover. */
class StormSmokeIT {
  private static final HubOptions HUB = HubOptions.DEFAULTS.withMaxConnectionsPerUser(0);

  private static StormOptions storm(TestServer server, int clients, Duration jitter) {
    return new StormOptions(URI.create(server.hub().url()), ProcessHandle.current().pid(), clients,
        10, 20, 300, 100, 100, Duration.ofMillis(500), Duration.ofMillis(500), jitter,
        Duration.ofMillis(300), 5, Duration.ofSeconds(60), Duration.ofSeconds(10), "smoke", 7);
  }

  private static StormResult run(StormOptions options) throws Exception {
    return StormRun.run(options, new PrintStream(new ByteArrayOutputStream()));
  }

  private static void assertEveryClientRecoveredEverything(StormResult r, int clients) {
    assertThat(r.initialFailures()).isZero();
    assertThat(r.dropped()).isEqualTo(clients);
    assertThat(r.recovered()).isEqualTo(clients);
    assertThat(r.notRecovered()).isZero();
    assertThat(r.unresolved()).isZero();
    assertThat(r.resumeErrors()).isZero();
    assertThat(r.lost()).isZero();
    assertThat(r.duplicates()).isZero();
    // 300 msg/s over 10 rooms for 500 ms down: each client missed some messages, and got each one.
    assertThat(r.missedReported()).isPositive().isEqualTo(r.recoveryMessages());
    assertThat(r.p50Millis()).isPositive().isLessThanOrEqualTo(r.p99Millis());
    assertThat(r.maxMillis()).isGreaterThanOrEqualTo(r.p99Millis());
    assertThat(r.totalMillis()).isGreaterThanOrEqualTo(r.maxMillis() - 1);
    assertThat(r.stormP99Millis()).isPositive();
    assertThat(r.clean()).isTrue();
  }

  @Test
  void clientsDroppedAtOnceAllResumeFromMemoryWithNothingLostOrRepeated() throws Exception {
    Module netty = new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0));
    try (TestServer server = TestServer.start(HUB, netty)) {
      assertEveryClientRecoveredEverything(run(storm(server, 300, Duration.ZERO)), 300);
    }
  }

  @Test
  void clientsReconnectingWithJitterAllResumeFromSqlite(@TempDir Path dir) throws Exception {
    Module netty = new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0));
    Module sqlite = new SqliteStoreModule(SqliteOptions.at(dir.resolve("storm.db")));
    try (TestServer server = TestServer.start(HUB, netty, sqlite)) {
      assertEveryClientRecoveredEverything(run(storm(server, 200, Duration.ofMillis(300))), 200);
    }
  }

  @Test
  void clientsWhoseGapIsNoLongerInHistoryAreReportedAsNotRecovered() throws Exception {
    Module netty = new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0));
    // Two messages of history per room: every client misses more than that while it is away.
    var defaults = dev.wsm.core.internal.InMemoryStoreOptions.DEFAULTS;
    Module tinyHistory = binder -> com.google.inject.multibindings.OptionalBinder
        .newOptionalBinder(binder, dev.wsm.core.internal.InMemoryStoreOptions.class).setBinding()
        .toInstance(new dev.wsm.core.internal.InMemoryStoreOptions(2, defaults.inboxPerUser(),
            defaults.inboxMaxAge()));
    try (TestServer server = TestServer.start(HUB, netty, tinyHistory)) {
      StormResult r = run(storm(server, 50, Duration.ZERO));
      assertThat(r.dropped()).isEqualTo(50);
      assertThat(r.notRecovered()).isEqualTo(50);
      assertThat(r.recovered()).isZero();
      // Told, not lost: the gap is left to history; what arrives live after it is checked.
      assertThat(r.lost()).isZero();
      assertThat(r.duplicates()).isZero();
      assertThat(r.clean()).isFalse();
    }
  }

  @Test
  void theJsonReportCarriesTheOptionsAndTheFigures() throws Exception {
    Module netty = new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0));
    try (TestServer server = TestServer.start(HUB, netty)) {
      StormOptions options = storm(server, 20, Duration.ZERO);
      var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run(options).toJson(options));
      assertThat(doc.path("options").path("clients").asInt()).isEqualTo(20);
      assertThat(doc.path("result").path("recovered").asLong()).isEqualTo(20);
      assertThat(doc.path("result").path("lost").asLong()).isZero();
    }
  }
}
