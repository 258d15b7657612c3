package dev.wsm.store.redis.internal;

import dev.wsm.core.MessageId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.store.redis.RedisOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Offline inboxes in Redis, shared by every node: per user, the message ids in enqueue order (a
 * sorted set scored by a per-user sequence) and the messages (a hash); one sorted set of every
 * inbox message's deadline (its expiry, or its sending time plus {@link
 * RedisOptions#inboxMaxAge()}) lets {@link #purge} find what is due without scanning inboxes.
 * Each inbox keeps at most {@link RedisOptions#inboxPerUser()} messages, dropping the oldest.
 */
@Singleton
public final class RedisInboxStore implements InboxStore {
  /** Messages a purge removes per script run (one run holds Redis for a moment only). */
  static final int PURGE_BATCH = 1000;
  /** Script runs per purge; the rest waits for the next purge. */
  static final int PURGE_RUNS = 100;
  private static final Script ENQUEUE = Script.load("inbox-enqueue");
  private static final Script REMOVE = Script.load("inbox-remove");
  private static final Script PURGE = Script.load("inbox-purge");

  private final Redis redis;
  private final Keys keys;
  private final RedisOptions options;
  private final Clock clock;

  @Inject
  public RedisInboxStore(RedisConnector connector, RedisOptions options, Clock clock) {
    this.redis = new Redis(connector, options);
    this.keys = redis.keys();
    this.options = options;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Boolean> enqueue(UserId user, StoredMessage message) {
    return redis.<Long>script(ENQUEUE, ScriptOutputType.INTEGER, inboxKeys(user),
            message.id().value(), MessageCodec.json(message),
            Long.toString(deadline(message).toEpochMilli()),
            Integer.toString(options.inboxPerUser()), user.value())
        .thenApply(added -> added == 1L);
  }

  private Instant deadline(StoredMessage m) {
    Instant tooOld = m.timestamp().plus(options.inboxMaxAge());
    return m.expiresAt() != null && m.expiresAt().isBefore(tooOld) ? m.expiresAt() : tooOld;
  }

  @Override
  public CompletionStage<List<StoredMessage>> pending(UserId user, int limit) {
    Instant now = clock.instant();
    return redis.call("inbox read", r -> r.zrange(keys.inboxOrder(user), 0, -1))
        .thenCompose(ids -> ids.isEmpty()
            ? CompletableFuture.completedFuture(List.<KeyValue<String, String>>of())
            : redis.call("inbox read",
                r -> r.hmget(keys.inboxMessages(user), ids.toArray(String[]::new))))
        .thenApply(values -> {
          List<StoredMessage> result = new ArrayList<>();
          for (KeyValue<String, String> kv : values) {
            if (result.size() >= limit) {
              break;
            }
            if (kv.hasValue()) {
              StoredMessage m = MessageCodec.fromJson(kv.getValue());
              if (!m.isExpired(now) && !deadline(m).isBefore(now)) {
                result.add(m);
              }
            }
          }
          return result;
        });
  }

  @Override
  public CompletionStage<Integer> remove(UserId user, Collection<MessageId> ids) {
    if (ids.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    List<String> args = new ArrayList<>(ids.size() + 1);
    args.add(user.value());
    ids.forEach(id -> args.add(id.value()));
    return redis.<Long>script(REMOVE, ScriptOutputType.INTEGER, inboxKeys(user),
            args.toArray(String[]::new))
        .thenApply(Long::intValue);
  }

  @Override
  public CompletionStage<Integer> purge(Instant now) {
    return purge(now, 0, 0);
  }

  private CompletableFuture<Integer> purge(Instant now, int removedSoFar, int runs) {
    return redis.<Long>script(PURGE, ScriptOutputType.INTEGER,
            new String[] {keys.inboxDeadlines()}, Long.toString(now.toEpochMilli()),
            Integer.toString(PURGE_BATCH), keys.prefix())
        .thenCompose(removed -> {
          int total = removedSoFar + removed.intValue();
          return removed < PURGE_BATCH || runs + 1 >= PURGE_RUNS
              ? CompletableFuture.completedFuture(total)
              : purge(now, total, runs + 1);
        });
  }

  private String[] inboxKeys(UserId user) {
    return new String[] {keys.inboxOrder(user), keys.inboxMessages(user),
        keys.inboxSequence(user), keys.inboxDeadlines()};
  }
}
