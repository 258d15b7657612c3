package dev.wsm.bench.jmh;

import dev.wsm.core.RoomId;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.core.spi.Managed;
import dev.wsm.store.sqlite.Durability;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.wsm.core.MessageId;
import dev.wsm.core.UserId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Batched appends to the SQLite store: each invocation appends {@value #BATCH} 100-byte messages
 * over 10 rooms and waits until all have committed; the score is appends per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SqliteAppendBenchmark {
  static final int BATCH = 1000;

  @Param({"POWER_LOSS", "PROCESS_CRASH"})
  public String durability;

  private MessageStore store;
  private List<Managed> managed;
  private final RoomId[] rooms = new RoomId[10];
  private final byte[] payload = ("{\"text\":\"" + "x".repeat(88) + "\"}")
      .getBytes(StandardCharsets.UTF_8);

  @Setup(Level.Trial)
  public void open() throws Exception {
    SqliteOptions options = SqliteOptions.at(Files.createTempDirectory("wsm-jmh").resolve("a.db"))
        .withDurability(Durability.valueOf(durability))
        .withHistory(Integer.MAX_VALUE, Duration.ofDays(3650));
    Injector injector = Guice.createInjector(new SqliteStoreModule(options),
        binder -> binder.bind(java.time.Clock.class).toInstance(java.time.Clock.systemUTC()));
    store = injector.getInstance(MessageStore.class);
    managed = List.copyOf(injector.getInstance(Key.get(new TypeLiteral<Set<Managed>>() {})));
    managed.forEach(Managed::start);
    for (int i = 0; i < rooms.length; i++) {
      rooms[i] = RoomId.of("room-" + i);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    managed.forEach(m -> m.stop(Duration.ofSeconds(30)));
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object appendABatch() {
    CompletableFuture<?>[] all = new CompletableFuture<?>[BATCH];
    for (int i = 0; i < BATCH; i++) {
      all[i] = store.append(new StoredMessage(MessageId.random(), rooms[i % rooms.length], null,
          UserId.of("jmh"), null, payload, false, null, Instant.now(), null, 0))
          .toCompletableFuture();
    }
    return CompletableFuture.allOf(all).join();
  }
}
