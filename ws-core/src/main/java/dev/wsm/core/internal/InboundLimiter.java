package dev.wsm.core.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.LimitOptions;
import dev.wsm.core.RateLimit;
import dev.wsm.core.UserId;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.MathType;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LockFreeBucket;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inbound rate limits and the error threshold, as Bucket4j token buckets on the monotonic clock:
 * one bucket per connection (and per listed message type), one per user shared by that user's
 * connections on this node, and one each counting a connection's violations and protocol errors.
 * Every check is a lock-free compare-and-set: cheap enough for transport threads. A user's bucket
 * goes when its last connection does, so memory is bounded by the live connections. With every
 * rate limit off, a connection holds no buckets of its own until its first protocol error, and
 * users hold none.
 */
@Singleton
public final class InboundLimiter {
  /** What to do with an inbound message. */
  public enum Verdict {
    /** Within the limits: carry it out. */
    ALLOWED,
    /** Over a limit: answer {@code rate_limited}. */
    LIMITED,
    /** Over a limit once too often: answer {@code rate_limited} and close the connection. */
    CLOSE
  }

  /**
   * The buckets of every connection that has no rate limit (with every limit off): it has nothing
   * to count until its first protocol error, when it gets buckets of its own. Never counts itself.
   */
  private static final ConnectionBuckets UNLIMITED = new ConnectionBuckets(null, Map.of(), null);

  private final LimitOptions options;
  /** One immutable configuration per rate, shared by its buckets (a handful of rates in all). */
  private final ConcurrentHashMap<RateLimit, BucketConfiguration> configurations =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ConnectionId, ConnectionBuckets> connections =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UserId, UserBucket> users = new ConcurrentHashMap<>();

  @Inject
  public InboundLimiter(LimitOptions options) {
    this.options = options;
  }

  /** Starts limiting a newly opened connection (and counts it towards its user's bucket). */
  public void opened(ConnectionId connection, UserId user) {
    Bucket shared = null;
    if (!options.userRate().isOff()) {
      shared = users.compute(user, (u, existing) -> {
        UserBucket b = existing == null ? new UserBucket(bucket(options.userRate())) : existing;
        b.connections++;
        return b;
      }).bucket;
    }
    Map<String, Bucket> byType = new HashMap<>();
    options.typeRates().forEach((type, rate) -> {
      if (!rate.isOff()) {
        byType.put(type, bucket(rate));
      }
    });
    Bucket general = bucket(options.connectionRate());
    connections.put(connection, general == null && byType.isEmpty() && shared == null ? UNLIMITED
        : new ConnectionBuckets(general, Map.copyOf(byType), shared));
  }

  /** Forgets a closed connection; the user's bucket goes with the user's last connection. */
  public void closed(ConnectionId connection, UserId user) {
    if (connections.remove(connection) == null) {
      return;
    }
    // Users have buckets only while the user rate is on.
    users.computeIfPresent(user, (u, b) -> --b.connections == 0 ? null : b);
  }

  /** Takes a token for one inbound message of {@code type} from the connection's and user's buckets. */
  public Verdict admit(ConnectionId connection, String type) {
    ConnectionBuckets b = connections.get(connection);
    if (b == null) {
      return Verdict.ALLOWED;
    }
    RateLimit listed = options.typeRates().get(type);
    if (listed != null && listed.isOff()) {
      return Verdict.ALLOWED; // exempt from every rate limit
    }
    Bucket own = b.byType.getOrDefault(type, b.general);
    if (own != null && !own.tryConsume(1)) {
      return violation(b);
    }
    if (b.user != null && !b.user.tryConsume(1)) {
      return violation(b);
    }
    return Verdict.ALLOWED;
  }

  /** Counts a protocol error; returns true when it is the one that passes the error threshold. */
  public boolean protocolError(ConnectionId connection) {
    if (options.maxErrors() == 0) {
      return false;
    }
    ConnectionBuckets b = connections.get(connection);
    if (b == UNLIMITED) {
      // Its own buckets from now on, unless it closed meanwhile (then it stays forgotten).
      ConnectionBuckets own = new ConnectionBuckets(null, Map.of(), null);
      b = connections.replace(connection, UNLIMITED, own) ? own : connections.get(connection);
    }
    if (b == null) {
      return false;
    }
    if (b.errors == null) {
      b.errors = counter(options.maxErrors(), options.errorWindow());
    }
    return exhausted(b.errors);
  }

  /** Users with a bucket here (for tests of the memory bound). */
  int userBuckets() {
    return users.size();
  }

  /** Connections with buckets here, shared or their own (for tests of the memory bound). */
  int connectionBuckets() {
    return connections.size();
  }

  private Verdict violation(ConnectionBuckets b) {
    if (options.maxViolations() == 0) {
      return Verdict.LIMITED;
    }
    if (b.violations == null) {
      b.violations = counter(options.maxViolations(), options.violationWindow());
    }
    return exhausted(b.violations) ? Verdict.CLOSE : Verdict.LIMITED;
  }

  /** Counts one event; true when it is the threshold's: the last token of its window is gone. */
  private static boolean exhausted(Bucket counter) {
    return counter.tryConsumeAndReturnRemaining(1).getRemainingTokens() == 0;
  }

  /**
   * A lock-free bucket on the monotonic clock, as {@code Bucket.builder()} makes one, but sharing
   * one configuration per rate: a configuration of its own cost every bucket about 150 B more.
   */
  private Bucket bucket(RateLimit rate) {
    if (rate.isOff()) {
      return null;
    }
    BucketConfiguration shared = configurations.computeIfAbsent(rate, r -> BucketConfiguration
        .builder()
        .addLimit(l -> l.capacity(r.burst()).refillGreedy(r.permits(), r.period()))
        .build());
    return new LockFreeBucket(shared, MathType.INTEGER_64_BITS, TimeMeter.SYSTEM_NANOTIME,
        BucketListener.NOPE);
  }

  /** A bucket that holds {@code max} events and forgets them at {@code max} per {@code window}. */
  private Bucket counter(int max, Duration window) {
    return bucket(new RateLimit(max, window, max));
  }

  /**
   * A connection's buckets. The violation and error counters are made at the first violation or
   * error (most connections never have one); the transport calls for one session one at a time.
   */
  private static final class ConnectionBuckets {
    final Bucket general;
    final Map<String, Bucket> byType;
    final Bucket user;
    volatile Bucket violations;
    volatile Bucket errors;

    ConnectionBuckets(Bucket general, Map<String, Bucket> byType, Bucket user) {
      this.general = general;
      this.byType = byType;
      this.user = user;
    }
  }

  /** A user's shared bucket and how many of its connections use it; guarded by the map's compute. */
  private static final class UserBucket {
    final Bucket bucket;
    int connections;

    UserBucket(Bucket bucket) {
      this.bucket = bucket;
    }
  }
}
