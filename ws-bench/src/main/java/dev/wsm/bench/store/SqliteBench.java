package dev.wsm.bench.store;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.Managed;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.RoomRecord;
import dev.wsm.core.spi.RoomStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreModule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/** The SQLite store opened through its Guice module, as {@code wsm serve} opens it. */
final class SqliteBench implements AutoCloseable {
  final MessageStore messages;
  final RoomStore rooms;
  private final List<Managed> managed;

  SqliteBench(SqliteOptions options) {
    Injector injector = Guice.createInjector(new SqliteStoreModule(options),
        binder -> binder.bind(java.time.Clock.class).toInstance(java.time.Clock.systemUTC()));
    this.messages = injector.getInstance(MessageStore.class);
    this.rooms = injector.getInstance(RoomStore.class);
    this.managed = List.copyOf(injector.getInstance(Key.get(new TypeLiteral<Set<Managed>>() {})));
    managed.forEach(Managed::start);
  }

  static StoredMessage message(RoomId room, int size, long seq) {
    byte[] data = ("{\"seq\":" + seq + ",\"pad\":\"" + "x".repeat(Math.max(0, size - 24)) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    return new StoredMessage(MessageId.random(), room, null, UserId.of("bench"), null, data, false,
        null, Instant.now(), null, 0);
  }

  /** Appends {@code count} messages round-robin over {@code roomCount} rooms, {@code window} in flight. */
  long fill(int roomCount, long count, int size, int window) throws InterruptedException {
    Semaphore inFlight = new Semaphore(window);
    List<RoomId> roomIds = new ArrayList<>();
    for (int r = 0; r < roomCount; r++) {
      RoomId id = RoomId.of("room-" + r);
      roomIds.add(id);
      rooms.create(new RoomRecord(id, "", null, 0, null, Instant.now(), null, false))
          .toCompletableFuture().join();
    }
    CompletableFuture<?>[] last = new CompletableFuture<?>[1];
    for (long i = 0; i < count; i++) {
      inFlight.acquire();
      last[0] = messages.append(message(roomIds.get((int) (i % roomCount)), size, i))
          .toCompletableFuture().whenComplete((m, e) -> {
            inFlight.release();
            if (e != null) {
              System.err.println("append failed: " + e);
            }
          });
    }
    inFlight.acquire(window);
    inFlight.release(window);
    return count;
  }

  HistoryQuery page(long after, boolean newestFirst) {
    return new HistoryQuery(after, 100, newestFirst);
  }

  @Override
  public void close() {
    for (int i = managed.size() - 1; i >= 0; i--) {
      managed.get(i).stop(Duration.ofSeconds(30));
    }
  }
}
