package dev.wsm.bench.store;

import com.google.inject.Guice;
import dev.wsm.core.CoreModule;
import dev.wsm.core.Hub;
import dev.wsm.core.RoomId;
import dev.wsm.store.sqlite.Durability;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreModule;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wsm-bench sqlite <figure>}: the SQLite store's figures, measured through the store SPI as
 * the hub uses it. Every run is bounded by its counts.
 */
@Command(name = "sqlite", description = {"Measure the SQLite store.",
    "throughput: sustained persisted appends/s; latency: durable append latency at a paced rate;",
    "history: 100-message pages from one big room; restart: time until a hub over a big database",
    "accepts a WebSocket connection."})
public final class SqliteCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "throughput, latency, history or restart")
  String figure;

  @Option(names = "--db", description = "database file (default: a new file in a temp folder)")
  Path db;

  @Option(names = "--durability", defaultValue = "power-loss",
      description = "power-loss or process-crash (default ${DEFAULT-VALUE})")
  String durability;

  @Option(names = "-n", defaultValue = "200000", description = "messages (default ${DEFAULT-VALUE})")
  long count;

  @Option(names = "--rooms", defaultValue = "100", description = "rooms (default ${DEFAULT-VALUE})")
  int roomCount;

  @Option(names = "--size", defaultValue = "100", description = "payload bytes (default ${DEFAULT-VALUE})")
  int size;

  @Option(names = "--window", defaultValue = "4096",
      description = "appends in flight in throughput runs (default ${DEFAULT-VALUE})")
  int window;

  @Option(names = "--rate", defaultValue = "1000", description = "appends/s in latency runs (default ${DEFAULT-VALUE})")
  int rate;

  @Option(names = "--queries", defaultValue = "10000", description = "history pages (default ${DEFAULT-VALUE})")
  int queries;

  @Override
  public Integer call() throws Exception {
    Path file = db != null ? db : Files.createTempDirectory("wsm-sqlite-bench").resolve("bench.db");
    SqliteOptions options = SqliteOptions.at(file)
        .withDurability("process-crash".equals(durability) ? Durability.PROCESS_CRASH
            : Durability.POWER_LOSS)
        .withHistory(Integer.MAX_VALUE, Duration.ofDays(3650));
    switch (figure) {
      case "throughput" -> throughput(options);
      case "latency" -> latency(options);
      case "history" -> history(options);
      case "restart" -> restart(options);
      default -> {
        System.err.println("wsm-bench: figure must be throughput, latency, history or restart");
        return 2;
      }
    }
    return 0;
  }

  private void throughput(SqliteOptions options) throws Exception {
    try (SqliteBench bench = new SqliteBench(options)) {
      bench.fill(roomCount, Math.min(20_000, count), size, window); // warm-up
      var os = (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      ThreadCpu.mark();
      long cpu = os.getProcessCpuTime();
      long start = System.nanoTime();
      bench.fill(roomCount, count, size, window);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuMicros = (os.getProcessCpuTime() - cpu) / 1e3 / count;
      System.err.println("CPU per append by thread (us): " + ThreadCpu.perThread(count));
      System.out.printf(Locale.ROOT, "{\"figure\":\"throughput\",\"durability\":\"%s\",\"messages\":%d,"
          + "\"rooms\":%d,\"size\":%d,\"seconds\":%.3f,\"appendsPerSecond\":%.0f,"
          + "\"processCpuMicrosPerAppend\":%.2f}%n",
          durability, count, roomCount, size, seconds, count / seconds, cpuMicros);
    }
  }

  private void latency(SqliteOptions options) throws Exception {
    Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    try (SqliteBench bench = new SqliteBench(options)) {
      bench.fill(1, 1000, size, 64); // warm-up; also creates room-0
      RoomId room = RoomId.of("room-0");
      long interval = TimeUnit.SECONDS.toNanos(1) / rate;
      long next = System.nanoTime();
      CompletableFuture<?>[] all = new CompletableFuture<?>[(int) Math.min(count, 1_000_000)];
      for (int i = 0; i < all.length; i++) {
        while (System.nanoTime() < next) {
          LockSupport.parkNanos(Math.max(1, next - System.nanoTime() - 50_000));
        }
        long sent = next; // latency from the intended send time: no coordinated omission
        all[i] = bench.messages.append(SqliteBench.message(room, size, i)).toCompletableFuture()
            .thenRun(() -> h.recordValue(Math.max(0, System.nanoTime() - sent)));
        next += interval;
      }
      CompletableFuture.allOf(all).join();
    }
    System.out.printf(Locale.ROOT, "{\"figure\":\"latency\",\"durability\":\"%s\",\"rate\":%d,"
        + "\"messages\":%d,\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f}%n",
        durability, rate, h.getTotalCount(), ms(h, 50), ms(h, 99), ms(h, 99.9),
        h.getMaxValue() / 1e6);
  }

  private void history(SqliteOptions options) throws Exception {
    Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    long last;
    try (SqliteBench bench = new SqliteBench(options)) {
      RoomId room = RoomId.of("room-0");
      last = bench.messages.position(room).toCompletableFuture().join().lastOffset();
      if (last < count) {
        System.err.printf("filling room-0 with %d messages...%n", count - last);
        bench.fill(1, count - last, size, window);
        last = count;
      }
      for (int i = 0; i < queries + 1000; i++) {
        long after = ThreadLocalRandom.current().nextLong(Math.max(1, last - 100));
        boolean newest = (i & 1) == 1;
        long start = System.nanoTime();
        int got = bench.messages.history(room, bench.page(after, newest)).toCompletableFuture()
            .join().size();
        if (got != 100) {
          throw new IllegalStateException("a page held " + got + " messages, not 100");
        }
        if (i >= 1000) { // the first 1,000 warm up
          h.recordValue(System.nanoTime() - start);
        }
      }
    }
    System.out.printf(Locale.ROOT, "{\"figure\":\"history\",\"roomMessages\":%d,\"pages\":%d,"
        + "\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f}%n",
        last, h.getTotalCount(), ms(h, 50), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1e6);
  }

  private void restart(SqliteOptions options) throws Exception {
    try (SqliteBench bench = new SqliteBench(options)) {
      long have = bench.messages.position(RoomId.of("room-0")).toCompletableFuture().join()
          .lastOffset() * roomCount;
      if (have < count) {
        System.err.printf("filling %d rooms with %d messages...%n", roomCount, count);
        bench.fill(roomCount, count, size, window);
      }
    }
    long start = System.nanoTime();
    Hub hub = Guice.createInjector(new CoreModule(),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), new SqliteStoreModule(options))
        .getInstance(Hub.class);
    hub.start();
    long started = System.nanoTime();
    CompletableFuture<String> welcome = new CompletableFuture<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(hub.url() + "?user=restart"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            welcome.complete(data.toString());
            return null;
          }
        }).join();
    welcome.get(30, TimeUnit.SECONDS);
    long welcomed = System.nanoTime();
    ws.abort();
    hub.shutdown(Duration.ofSeconds(5));
    System.out.printf(Locale.ROOT, "{\"figure\":\"restart\",\"messages\":%d,\"rooms\":%d,"
        + "\"hubStartMs\":%.1f,\"firstWelcomeMs\":%.1f}%n", count, roomCount,
        (started - start) / 1e6, (welcomed - start) / 1e6);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1e6;
  }
}
