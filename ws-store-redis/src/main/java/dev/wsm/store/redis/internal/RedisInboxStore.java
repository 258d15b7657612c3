package dev.wsm.store.redis.internal;

import dev.wsm.core.DeviceId;
import dev.wsm.core.MessageId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.store.redis.RedisOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
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
 * The per-user sequence counter is kept for good (a number is never given twice); device
 * positions live in one hash per user that expires when no device was seen for the max age.
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
  private static final Script REMOVE_UP_TO = Script.load("inbox-remove-upto");
  private static final Script DEVICE = Script.load("inbox-device");
  private static final Script ACK_DEVICE = Script.load("inbox-ack-device");

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
  public CompletionStage<Long> enqueue(UserId user, StoredMessage message) {
    return redis.<Long>script(ENQUEUE, ScriptOutputType.INTEGER, inboxKeys(user),
            message.id().value(), MessageCodec.json(message),
            Long.toString(deadline(message).toEpochMilli()),
            Integer.toString(options.inboxPerUser()), user.value())
        .thenApply(seq -> seq);
  }

  private Instant deadline(StoredMessage m) {
    Instant tooOld = m.timestamp().plus(options.inboxMaxAge());
    return m.expiresAt() != null && m.expiresAt().isBefore(tooOld) ? m.expiresAt() : tooOld;
  }

  @Override
  public CompletionStage<List<StoredMessage>> pending(UserId user, long after, int limit) {
    Instant now = clock.instant();
    return redis.call("inbox read", r -> r.zrangebyscoreWithScores(keys.inboxOrder(user),
            Range.from(Range.Boundary.excluding(after), Range.Boundary.unbounded())))
        .thenCompose(scored -> scored.isEmpty()
            ? CompletableFuture.completedFuture(List.<StoredMessage>of())
            : redis.call("inbox read", r -> r.hmget(keys.inboxMessages(user),
                scored.stream().map(ScoredValue::getValue).toArray(String[]::new)))
                .thenApply(values -> {
                  List<StoredMessage> result = new ArrayList<>();
                  for (int i = 0; i < values.size() && result.size() < limit; i++) {
                    KeyValue<String, String> kv = values.get(i);
                    if (kv.hasValue()) {
                      StoredMessage m = MessageCodec.fromJson(kv.getValue())
                          .withOffset((long) scored.get(i).getScore());
                      if (!m.isExpired(now) && !deadline(m).isBefore(now)) {
                        result.add(m);
                      }
                    }
                  }
                  return result;
                }));
  }

  @Override
  public CompletionStage<Integer> removeUpTo(UserId user, long upTo) {
    return redis.<Long>script(REMOVE_UP_TO, ScriptOutputType.INTEGER, inboxKeys(user),
            user.value(), Long.toString(upTo))
        .thenApply(Long::intValue);
  }

  @Override
  public CompletionStage<Long> device(UserId user, DeviceId device, Instant now) {
    return redis.<Long>script(DEVICE, ScriptOutputType.INTEGER,
        new String[] {keys.inboxDevices(user)}, device.value(),
        Long.toString(now.toEpochMilli()), Long.toString(options.inboxMaxAge().toMillis()));
  }

  @Override
  public CompletionStage<Integer> ackDevice(UserId user, DeviceId device, long upTo, Instant now) {
    return redis.<Long>script(ACK_DEVICE, ScriptOutputType.INTEGER,
            new String[] {keys.inboxOrder(user), keys.inboxMessages(user), keys.inboxDevices(user),
                keys.inboxDeadlines()},
            user.value(), device.value(), Long.toString(upTo), Long.toString(now.toEpochMilli()),
            Long.toString(options.inboxMaxAge().toMillis()))
        .thenApply(Long::intValue);
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
