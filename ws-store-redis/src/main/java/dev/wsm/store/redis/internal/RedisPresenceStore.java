package dev.wsm.store.redis.internal;

import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.PresenceRecord;
import dev.wsm.core.spi.PresenceStore;
import dev.wsm.store.redis.RedisOptions;
import io.lettuce.core.ScriptOutputType;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Users' last presence in Redis, shared by every node; last write wins. Each record names the node
 * that saved it, and counts only while that node's {@link NodeLease} lives: when the node dies, the
 * user reads as {@link PresenceStatus#OFFLINE} (with the last-seen time it saved) within the lease.
 */
@Singleton
public final class RedisPresenceStore implements PresenceStore {
  private static final Script FIND = Script.load("presence-find");

  private final Redis redis;
  private final Keys keys;
  private final NodeLease lease;

  @Inject
  public RedisPresenceStore(RedisConnector connector, RedisOptions options, NodeLease lease) {
    this.redis = new Redis(connector, options);
    this.keys = redis.keys();
    this.lease = lease;
  }

  @Override
  public CompletionStage<Void> save(PresenceRecord record) {
    Map<String, String> fields = new HashMap<>();
    fields.put("status", record.status().name());
    fields.put("meta", record.metaJson());
    fields.put("seen", record.lastSeen().toString());
    fields.put("node", lease.node());
    return redis.call("presence save", r -> r.hset(keys.presence(record.user()), fields))
        .thenApply(n -> null);
  }

  @Override
  public CompletionStage<Optional<PresenceRecord>> find(UserId user) {
    return redis.<List<Object>>script(FIND, ScriptOutputType.MULTI,
            new String[] {keys.presence(user)}, keys.nodeLease(""))
        .thenApply(r -> {
          if (r.isEmpty()) {
            return Optional.empty();
          }
          List<?> flat = (List<?>) r.get(0);
          Map<String, String> f = new HashMap<>();
          for (int i = 0; i + 1 < flat.size(); i += 2) {
            f.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
          }
          boolean alive = (Long) r.get(1) == 1L;
          PresenceStatus status = PresenceStatus.valueOf(f.get("status"));
          return Optional.of(new PresenceRecord(user, alive ? status : PresenceStatus.OFFLINE,
              f.get("meta"), Instant.parse(f.get("seen"))));
        });
  }
}
