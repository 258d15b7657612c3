package dev.wsm.store.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.concurrent.TimeUnit;

/**
 * Removes every key under a key prefix ({@link RedisOptions#keyPrefix()}): what a benchmark or a
 * test run left behind. It walks the keyspace with {@code SCAN} (never {@code KEYS}) and deletes
 * with {@code UNLINK}, so Redis stays responsive; never run it on the prefix of a live cluster.
 */
public final class RedisPrefixes {
  private RedisPrefixes() {}

  /**
   * Deletes the keys starting with {@code prefix} on the Redis at {@code uri}.
   *
   * @return how many keys were deleted
   * @throws IllegalArgumentException if the prefix is empty (that would be every key)
   */
  public static long delete(String uri, String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      throw new IllegalArgumentException("a key prefix is required: an empty one names every key");
    }
    RedisClient client = RedisClient.create(uri);
    long deleted = 0;
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> cmd = c.sync();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page =
            cmd.scan(cursor, ScanArgs.Builder.matches(glob(prefix) + "*").limit(1000));
        if (!page.getKeys().isEmpty()) {
          deleted += cmd.unlink(page.getKeys().toArray(new String[0]));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
    return deleted;
  }

  /** The prefix with the glob characters of SCAN's MATCH escaped. */
  static String glob(String prefix) {
    return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
