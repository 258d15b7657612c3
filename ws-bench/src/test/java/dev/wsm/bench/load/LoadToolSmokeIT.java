package dev.wsm.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.BackpressureOptions;
import dev.wsm.core.HubOptions;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreModule;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.javawebsocket.JavaWebSocketOptions;
import dev.wsm.transport.javawebsocket.JavaWebSocketTransportModule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small run of the real load tool against a real server: nothing may be lost. */
class LoadToolSmokeIT {
  private static final HubOptions HUB = HubOptions.DEFAULTS.withMaxConnectionsPerUser(0);

  private static LoadOptions fanout(TestServer server, int subscribers, int rooms, int publishers,
      int messages, int rate) {
    return new LoadOptions(URI.create(server.hub().url()), "fanout", subscribers, rooms, publishers,
        messages, rate, 100, 50, ProcessHandle.current().pid(), Duration.ofSeconds(5),
        Duration.ofSeconds(60), null, null, "smoke", false);
  }

  private static LoadResult run(LoadOptions options) throws Exception {
    return LoadRun.run(options, new PrintStream(new ByteArrayOutputStream()));
  }

  private static void assertNothingLost(LoadResult r, long expected) {
    assertThat(r.connectFailures()).isZero();
    assertThat(r.expectedDeliveries()).isEqualTo(expected);
    assertThat(r.delivered()).isEqualTo(expected);
    assertThat(r.lost()).isZero();
    assertThat(r.closedByServer()).isZero();
    assertThat(r.p99Micros()).isPositive();
    assertThat(r.deliveredPerSecond()).isPositive();
  }

  @Test
  void aBurstToOneRoomOnNettyLosesNothing() throws Exception {
    Module netty = new dev.wsm.transport.netty.NettyTransportModule(
        dev.wsm.transport.netty.NettyOptions.DEFAULTS.withPort(0));
    try (TestServer server = TestServer.start(HUB, netty)) {
      assertNothingLost(run(fanout(server, 50, 1, 1, 300, 0)), 50L * 300);
    }
  }

  @Test
  void aBurstOverManyRoomsOnJavaWebSocketLosesNothing() throws Exception {
    Module jws = new JavaWebSocketTransportModule(JavaWebSocketOptions.DEFAULTS.withPort(0));
    try (TestServer server = TestServer.start(HUB, jws)) {
      // 60 subscribers and 6 publishers in 6 rooms: each message reaches 10 subscribers.
      assertNothingLost(run(fanout(server, 60, 6, 6, 300, 0)), 300L * 10);
    }
  }

  @Test
  void aBurstThatOutrunsTheStoreIsSlowedDownByTheServerAndLosesNothing(@TempDir Path dir)
      throws Exception {
    Module netty = new dev.wsm.transport.netty.NettyTransportModule(
        dev.wsm.transport.netty.NettyOptions.DEFAULTS.withPort(0));
    // A small writer queue and smaller back-pressure limits: the server keeps suspending the
    // publishers' reads (LoadEngineIT covers the tool's writes that a socket does not take).
    Module sqlite = new SqliteStoreModule(
        SqliteOptions.at(dir.resolve("wsm.db")).withWriteQueue(256, 64));
    Module limits = binder -> OptionalBinder.newOptionalBinder(binder, BackpressureOptions.class)
        .setBinding().toInstance(new BackpressureOptions(4, 32));
    try (TestServer server = TestServer.start(HUB, netty, sqlite, limits)) {
      LoadOptions burst = new LoadOptions(URI.create(server.hub().url()), "fanout", 30, 3, 3,
          3000, 0, 4000, 50, ProcessHandle.current().pid(), Duration.ofSeconds(10),
          Duration.ofSeconds(90), null, null, "smoke", false);
      assertNothingLost(run(burst), 3000L * 10);
    }
  }

  @Test
  void aPacedRunLosesNothingAndMeasuresLatency() throws Exception {
    Module netty = new dev.wsm.transport.netty.NettyTransportModule(
        dev.wsm.transport.netty.NettyOptions.DEFAULTS.withPort(0));
    try (TestServer server = TestServer.start(HUB, netty)) {
      LoadResult r = run(fanout(server, 20, 1, 1, 200, 400));
      assertNothingLost(r, 20L * 200);
      assertThat(r.p50Micros()).isLessThanOrEqualTo(r.p99Micros());
      assertThat(r.maxMicros()).isGreaterThanOrEqualTo(r.p999Micros());
    }
  }

  @Test
  void aPacedRunWritesItsLatencyTimelineWithEveryDelivery(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    Module netty = new dev.wsm.transport.netty.NettyTransportModule(
        dev.wsm.transport.netty.NettyOptions.DEFAULTS.withPort(0));
    try (TestServer server = TestServer.start(HUB, netty)) {
      java.nio.file.Path csv = dir.resolve("timeline.csv");
      LoadOptions o = fanout(server, 20, 1, 1, 100, 200);
      LoadResult r = run(new LoadOptions(o.url(), o.scenario(), o.subscribers(), o.rooms(),
          o.publishers(), o.messages(), o.rate(), o.payloadBytes(), o.connectConcurrency(),
          o.serverPid(), o.drainTimeout(), o.maxDuration(), null, csv, o.label(), false));

      assertNothingLost(r, 20L * 100);
      java.util.List<String> lines = java.nio.file.Files.readAllLines(csv);
      assertThat(lines.get(0)).isEqualTo("send_ms,epoch_ms,deliveries,max_latency_us");
      java.util.List<long[]> rows = lines.subList(1, lines.size()).stream()
          .map(l -> java.util.Arrays.stream(l.split(",")).mapToLong(Long::parseLong).toArray())
          .toList();
      // 100 messages at 200/s are sent over half a second: 50 buckets of 10 ms, two each.
      assertThat(rows).hasSizeBetween(49, 51);
      assertThat(rows.stream().mapToLong(row -> row[2]).sum()).isEqualTo(20L * 100);
      // The histogram keeps three significant digits of the same slowest delivery.
      assertThat(rows.stream().mapToLong(row -> row[3]).max().orElseThrow())
          .isCloseTo(r.maxMicros(), org.assertj.core.data.Percentage.withPercentage(0.2));
    }
  }

  @Test
  void aConnectStormOpensEveryConnection() throws Exception {
    Module netty = new dev.wsm.transport.netty.NettyTransportModule(
        dev.wsm.transport.netty.NettyOptions.DEFAULTS.withPort(0));
    try (TestServer server = TestServer.start(HUB, netty)) {
      LoadOptions storm = new LoadOptions(URI.create(server.hub().url()), "connect", 500, 1, 0, 0, 0,
          100, 100, 0, Duration.ofSeconds(5), Duration.ofSeconds(60), null, null, "smoke", false);
      LoadResult r = run(storm);
      assertThat(r.connections()).isEqualTo(500);
      assertThat(r.connectFailures()).isZero();
      assertThat(r.connectPerSecond()).isPositive();
    }
  }

  @Test
  void theJsonReportCarriesTheOptionsAndTheFigures() throws Exception {
    Module netty = new dev.wsm.transport.netty.NettyTransportModule(
        dev.wsm.transport.netty.NettyOptions.DEFAULTS.withPort(0));
    try (TestServer server = TestServer.start(HUB, netty)) {
      LoadOptions options = fanout(server, 5, 1, 1, 20, 0);
      String json = run(options).toJson(options);
      var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      assertThat(doc.path("options").path("subscribers").asInt()).isEqualTo(5);
      assertThat(doc.path("result").path("delivered").asLong()).isEqualTo(100);
      assertThat(doc.path("result").path("lost").asLong()).isZero();
    }
  }
}
