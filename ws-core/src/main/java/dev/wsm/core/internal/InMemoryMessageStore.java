package dev.wsm.core.internal;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.core.spi.StreamPosition;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Room streams in memory, each bounded to {@link InMemoryStoreOptions#historyPerRoom()} messages
 * and kept compactly ({@link StreamRing}). Each stream gets a fresh random epoch when created, so a restart voids every client's offsets.
 * Idempotency by message id covers the messages still held: an id evicted past the limit is new
 * again.
 */
@Singleton
public final class InMemoryMessageStore implements MessageStore {
  private final ConcurrentHashMap<RoomId, Stream> streams = new ConcurrentHashMap<>();
  private final int capacity;
  private final Clock clock;

  /** A room's stream; guarded by its own monitor. */
  private static final class Stream {
    final String epoch = MessageId.random().value();
    final StreamRing ring;
    boolean dropped;

    Stream(RoomId room, int capacity) {
      ring = new StreamRing(room, capacity);
    }
  }

  @Inject
  public InMemoryMessageStore(InMemoryStoreOptions options, Clock clock) {
    this.capacity = options.historyPerRoom();
    this.clock = clock;
  }

  @Override
  public CompletionStage<StoredMessage> append(StoredMessage message) {
    if (message.room() == null) {
      return java.util.concurrent.CompletableFuture.failedFuture(
          new IllegalArgumentException("a stream message needs a room"));
    }
    while (true) {
      Stream stream = streams.computeIfAbsent(message.room(), r -> new Stream(r, capacity));
      synchronized (stream) {
        if (stream.dropped) {
          continue; // dropped between lookup and lock: append to the stream that replaced it
        }
        return Futures.done(stream.ring.append(message));
      }
    }
  }

  @Override
  public CompletionStage<List<StoredMessage>> history(RoomId room, HistoryQuery query) {
    Stream stream = streams.get(room);
    if (stream == null) {
      return Futures.done(List.of());
    }
    Instant now = clock.instant();
    synchronized (stream) {
      return Futures.done(stream.ring.scan(query.afterOffset(), query.beforeOffset(),
          query.newestFirst(), query.limit(),
          m -> query.matches(m.offset(), m.timestamp(), m.parent()) && !m.isExpired(now)));
    }
  }

  @Override
  public CompletionStage<StreamPosition> position(RoomId room) {
    Stream stream = streams.computeIfAbsent(room, r -> new Stream(r, capacity));
    synchronized (stream) {
      return Futures.done(new StreamPosition(stream.epoch, stream.ring.lastOffset()));
    }
  }

  @Override
  public CompletionStage<Void> drop(RoomId room) {
    Stream stream = streams.remove(room);
    if (stream != null) {
      synchronized (stream) {
        stream.dropped = true;
      }
    }
    return Futures.done(null);
  }
}
