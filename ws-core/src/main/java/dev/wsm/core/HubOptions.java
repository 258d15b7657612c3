package dev.wsm.core;

import java.time.Duration;

/**
 * The core's settings. Immutable; start from {@link #DEFAULTS} and change with the {@code with…}
 * methods. Every value is validated here, so a bad setting fails at start-up, not in traffic.
 *
 * @param heartbeatInterval how often the server pings each connection (default 25 s)
 * @param heartbeatTimeout a connection silent (no frame, no pong) this long is closed with {@link
 *     CloseCodes#HEARTBEAT_TIMEOUT} (default 60 s; must exceed the interval)
 * @param maxConnectionsPerUser connections one user may hold at once (default 10; 0 = no limit)
 * @param maxRoomsPerConnection rooms one connection may join (default 100)
 * @param autoCreateRooms joining a room that does not exist creates a public, ephemeral one
 *     (default true)
 * @param typingTimeout a typing indicator clears itself after this long without a refresh (default
 *     5 s)
 * @param passwordIterations PBKDF2-HMAC-SHA256 iterations for new room passwords (default 600,000;
 *     1,000 to 10,000,000)
 * @param callbackThreads threads that run request handlers and password hashing (default 4);
 *     listener events always run in order on one more thread
 * @param callbackQueue tasks that may wait for a callback thread (and events for the listener
 *     thread) before new ones are refused (default 10,000)
 * @param sweepInterval how often expired rooms and typing indicators are swept (default 500 ms)
 * @param maxPresenceMetaBytes largest presence metadata, as JSON (default 4,096)
 * @param membershipEventsMaxMembers {@code joined}/{@code left} are sent only while a room has at
 *     most this many members on this node (default 1,000): in a larger room every join would cost a
 *     frame to every member, O(n²) for a crowd arriving; such rooms use {@code members} instead
 */
public record HubOptions(
    Duration heartbeatInterval,
    Duration heartbeatTimeout,
    int maxConnectionsPerUser,
    int maxRoomsPerConnection,
    boolean autoCreateRooms,
    Duration typingTimeout,
    int passwordIterations,
    int callbackThreads,
    int callbackQueue,
    Duration sweepInterval,
    int maxPresenceMetaBytes,
    int membershipEventsMaxMembers) {

  /** The default of {@link #membershipEventsMaxMembers()}. */
  public static final int DEFAULT_MEMBERSHIP_EVENTS_MAX_MEMBERS = 1000;

  public static final HubOptions DEFAULTS =
      new HubOptions(
          Duration.ofSeconds(25),
          Duration.ofSeconds(60),
          10,
          100,
          true,
          Duration.ofSeconds(5),
          600_000,
          4,
          10_000,
          Duration.ofMillis(500),
          4096,
          DEFAULT_MEMBERSHIP_EVENTS_MAX_MEMBERS);

  public HubOptions {
    positive("heartbeatInterval", heartbeatInterval);
    positive("heartbeatTimeout", heartbeatTimeout);
    if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException("heartbeatTimeout must be longer than heartbeatInterval");
    }
    atLeast("maxConnectionsPerUser", maxConnectionsPerUser, 0);
    atLeast("maxRoomsPerConnection", maxRoomsPerConnection, 1);
    positive("typingTimeout", typingTimeout);
    atLeast("passwordIterations", passwordIterations, 1000);
    if (passwordIterations > 10_000_000) {
      throw new IllegalArgumentException("passwordIterations must be at most 10,000,000");
    }
    atLeast("callbackThreads", callbackThreads, 1);
    atLeast("callbackQueue", callbackQueue, 1);
    positive("sweepInterval", sweepInterval);
    atLeast("maxPresenceMetaBytes", maxPresenceMetaBytes, 2);
    atLeast("membershipEventsMaxMembers", membershipEventsMaxMembers, 0);
  }

  private static void positive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration");
    }
  }

  private static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + " (was " + value + ")");
    }
  }

  public HubOptions withHeartbeat(Duration interval, Duration timeout) {
    return new HubOptions(interval, timeout, maxConnectionsPerUser, maxRoomsPerConnection,
        autoCreateRooms, typingTimeout, passwordIterations, callbackThreads, callbackQueue,
        sweepInterval, maxPresenceMetaBytes, membershipEventsMaxMembers);
  }

  public HubOptions withMaxConnectionsPerUser(int value) {
    return new HubOptions(heartbeatInterval, heartbeatTimeout, value, maxRoomsPerConnection,
        autoCreateRooms, typingTimeout, passwordIterations, callbackThreads, callbackQueue,
        sweepInterval, maxPresenceMetaBytes, membershipEventsMaxMembers);
  }

  public HubOptions withMaxRoomsPerConnection(int value) {
    return new HubOptions(heartbeatInterval, heartbeatTimeout, maxConnectionsPerUser, value,
        autoCreateRooms, typingTimeout, passwordIterations, callbackThreads, callbackQueue,
        sweepInterval, maxPresenceMetaBytes, membershipEventsMaxMembers);
  }

  public HubOptions withAutoCreateRooms(boolean value) {
    return new HubOptions(heartbeatInterval, heartbeatTimeout, maxConnectionsPerUser,
        maxRoomsPerConnection, value, typingTimeout, passwordIterations, callbackThreads,
        callbackQueue, sweepInterval, maxPresenceMetaBytes, membershipEventsMaxMembers);
  }

  public HubOptions withTypingTimeout(Duration value) {
    return new HubOptions(heartbeatInterval, heartbeatTimeout, maxConnectionsPerUser,
        maxRoomsPerConnection, autoCreateRooms, value, passwordIterations, callbackThreads,
        callbackQueue, sweepInterval, maxPresenceMetaBytes, membershipEventsMaxMembers);
  }

  public HubOptions withPasswordIterations(int value) {
    return new HubOptions(heartbeatInterval, heartbeatTimeout, maxConnectionsPerUser,
        maxRoomsPerConnection, autoCreateRooms, typingTimeout, value, callbackThreads,
        callbackQueue, sweepInterval, maxPresenceMetaBytes, membershipEventsMaxMembers);
  }

  public HubOptions withCallbacks(int threads, int queue) {
    return new HubOptions(heartbeatInterval, heartbeatTimeout, maxConnectionsPerUser,
        maxRoomsPerConnection, autoCreateRooms, typingTimeout, passwordIterations, threads, queue,
        sweepInterval, maxPresenceMetaBytes, membershipEventsMaxMembers);
  }

  public HubOptions withSweepInterval(Duration value) {
    return new HubOptions(heartbeatInterval, heartbeatTimeout, maxConnectionsPerUser,
        maxRoomsPerConnection, autoCreateRooms, typingTimeout, passwordIterations, callbackThreads,
        callbackQueue, value, maxPresenceMetaBytes, membershipEventsMaxMembers);
  }

  public HubOptions withMaxPresenceMetaBytes(int value) {
    return new HubOptions(heartbeatInterval, heartbeatTimeout, maxConnectionsPerUser,
        maxRoomsPerConnection, autoCreateRooms, typingTimeout, passwordIterations, callbackThreads,
        callbackQueue, sweepInterval, value, membershipEventsMaxMembers);
  }

  public HubOptions withMembershipEventsMaxMembers(int value) {
    return new HubOptions(heartbeatInterval, heartbeatTimeout, maxConnectionsPerUser,
        maxRoomsPerConnection, autoCreateRooms, typingTimeout, passwordIterations, callbackThreads,
        callbackQueue, sweepInterval, maxPresenceMetaBytes, value);
  }
}
