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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Room streams in memory, each bounded to {@link InMemoryStoreOptions#historyPerRoom()} messages.
 * Each stream gets a fresh random epoch when created, so a restart voids every client's offsets.
 * Idempotency by message id covers the messages still held: an id evicted past the limit is new
 * again.
 */
@Singleton
public final class InMemoryMessageStore implements MessageStore {
  private final ConcurrentHashMap<RoomId, Stream> streams = new ConcurrentHashMap<>();
  private final int capacity;
  private final Clock clock;

  private static final class Stream {
    final String epoch = MessageId.random().value();
    final ArrayDeque<StoredMessage> messages = new ArrayDeque<>();
    final Map<MessageId, StoredMessage> byId = new HashMap<>();
    long lastOffset;
    boolean dropped;
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
      Stream stream = streams.computeIfAbsent(message.room(), r -> new Stream());
      synchronized (stream) {
        if (stream.dropped) {
          continue; // dropped between lookup and lock: append to the stream that replaced it
        }
        return Futures.done(appendTo(stream, message));
      }
    }
  }

  private StoredMessage appendTo(Stream stream, StoredMessage message) {
    StoredMessage stored = message.withOffset(stream.lastOffset + 1);
    StoredMessage existing = stream.byId.putIfAbsent(stored.id(), stored);
    if (existing != null) {
      return existing;
    }
    stream.lastOffset++;
    stream.messages.addLast(stored);
    if (stream.messages.size() > capacity) {
      StoredMessage evicted = stream.messages.removeFirst();
      stream.byId.remove(evicted.id());
    }
    return stored;
  }

  @Override
  public CompletionStage<List<StoredMessage>> history(RoomId room, HistoryQuery query) {
    Stream stream = streams.get(room);
    if (stream == null) {
      return Futures.done(List.of());
    }
    var now = clock.instant();
    List<StoredMessage> page = new ArrayList<>(Math.min(query.limit(), 64));
    synchronized (stream) {
      Iterator<StoredMessage> it =
          query.newestFirst() ? stream.messages.descendingIterator() : stream.messages.iterator();
      while (it.hasNext() && page.size() < query.limit()) {
        StoredMessage m = it.next();
        if (m.offset() <= query.afterOffset() && query.newestFirst()) {
          break;
        }
        if (query.matches(m.offset(), m.timestamp(), m.parent()) && !m.isExpired(now)) {
          page.add(m);
        }
      }
    }
    return Futures.done(page);
  }

  @Override
  public CompletionStage<StreamPosition> position(RoomId room) {
    Stream stream = streams.computeIfAbsent(room, r -> new Stream());
    synchronized (stream) {
      return Futures.done(new StreamPosition(stream.epoch, stream.lastOffset));
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
