package dev.wsm.store.redis.internal;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.core.spi.StreamPosition;
import dev.wsm.store.redis.RedisOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Room streams in Redis Streams, shared by every node. A Lua script gives each message the room's
 * next offset and adds it under the stream entry id {@code <offset>-0}, so offsets are gap-free,
 * only increase, and history queries are {@code XRANGE}/{@code XREVRANGE} over offsets. The same
 * script trims each stream to {@link RedisOptions#historyPerRoom()} entries and drops entries older
 * than {@link RedisOptions#historyMaxAge()}. A stream's epoch is made when the stream is new and
 * made again when the stream was lost (dropped, evicted, or gone with a restart of a Redis without
 * persistence); offsets then start at 1 again.
 *
 * <p>Filters that offsets cannot express (time window, parent, expiry) are applied to pages of at
 * most {@value #PAGE} entries, reading at most {@value #MAX_PAGES} pages per query.
 */
@Singleton
public final class RedisMessageStore implements MessageStore {
  static final int PAGE = 500;
  static final int MAX_PAGES = 20;
  private static final Script APPEND = Script.load("stream-append");
  private static final Script POSITION = Script.load("stream-position");

  private final Redis redis;
  private final Keys keys;
  private final RedisOptions options;
  private final Clock clock;

  @Inject
  public RedisMessageStore(RedisConnector connector, RedisOptions options, Clock clock) {
    this.redis = new Redis(connector, options);
    this.keys = redis.keys();
    this.options = options;
    this.clock = clock;
  }

  /** Every node appends to and reads the same streams: offsets are the cluster's. */
  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public CompletionStage<StoredMessage> append(StoredMessage message) {
    if (message.room() == null) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("a stream message needs a room"));
    }
    RoomId room = message.room();
    List<String> args = new ArrayList<>();
    args.add(message.id().value());
    args.add(MessageId.random().value());
    args.add(Integer.toString(options.historyPerRoom()));
    args.add(Long.toString(clock.instant().minus(options.historyMaxAge()).toEpochMilli()));
    args.addAll(MessageCodec.flat(MessageCodec.fields(message)));
    return redis.<List<Object>>script(APPEND, ScriptOutputType.MULTI, streamKeys(room),
            args.toArray(String[]::new))
        .thenApply(r -> {
          long offset = (Long) r.get(0);
          List<?> stored = (List<?>) r.get(1);
          return stored.isEmpty() ? message.withOffset(offset)
              : MessageCodec.message(stored, offset);
        });
  }

  @Override
  public CompletionStage<List<StoredMessage>> history(RoomId room, HistoryQuery query) {
    long lower = query.afterOffset() + 1;
    long upper = query.beforeOffset() == 0 ? Long.MAX_VALUE : query.beforeOffset() - 1;
    List<StoredMessage> page = new ArrayList<>();
    if (upper < lower) {
      return CompletableFuture.completedFuture(page);
    }
    return scan(room, query, lower, upper, page, clock.instant(), 0);
  }

  private CompletableFuture<List<StoredMessage>> scan(RoomId room, HistoryQuery query, long lower,
      long upper, List<StoredMessage> page, Instant now, int pages) {
    Range<String> range = Range.create(lower + "-0",
        upper == Long.MAX_VALUE ? "+" : upper + "-0");
    Limit limit = Limit.from(PAGE);
    String key = keys.stream(room);
    CompletableFuture<List<StreamMessage<String, String>>> read = query.newestFirst()
        ? redis.call("history", r -> r.xrevrange(key, range, limit))
        : redis.call("history", r -> r.xrange(key, range, limit));
    return read.thenCompose(entries -> {
      long last = -1;
      for (StreamMessage<String, String> entry : entries) {
        last = offset(entry.getId());
        StoredMessage m = MessageCodec.message(entry.getBody(), last);
        if (query.matches(m.offset(), m.timestamp(), m.parent()) && !m.isExpired(now)) {
          page.add(m);
          if (page.size() >= query.limit()) {
            return CompletableFuture.completedFuture(page);
          }
        }
      }
      if (entries.size() < PAGE || pages + 1 >= MAX_PAGES) {
        return CompletableFuture.completedFuture(page);
      }
      return query.newestFirst()
          ? scan(room, query, lower, last - 1, page, now, pages + 1)
          : scan(room, query, last + 1, upper, page, now, pages + 1);
    });
  }

  private static long offset(String entryId) {
    int dash = entryId.indexOf('-');
    return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
  }

  @Override
  public CompletionStage<StreamPosition> position(RoomId room) {
    return redis.<List<Object>>script(POSITION, ScriptOutputType.MULTI, streamKeys(room),
            MessageId.random().value())
        .thenApply(r -> new StreamPosition(String.valueOf(r.get(0)), (Long) r.get(1)));
  }

  @Override
  public CompletionStage<Void> drop(RoomId room) {
    return redis.call("stream drop", r -> r.del(streamKeys(room))).thenApply(n -> null);
  }

  private String[] streamKeys(RoomId room) {
    return new String[] {keys.stream(room), keys.streamMeta(room), keys.streamIds(room)};
  }
}
