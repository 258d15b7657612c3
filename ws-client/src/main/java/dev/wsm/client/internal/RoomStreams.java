package dev.wsm.client.internal;

import dev.wsm.client.StreamPosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per room, the stream epoch, the highest offset handed to the event queue, and the offsets below
 * it that were skipped: with publishers on several nodes of a cluster a room's messages can arrive
 * slightly out of offset order, so a skipped offset is a "hole" that may still come. A message is a
 * duplicate when its offset is at or below the highest and is not a hole. A resume starts below the
 * oldest hole. A hole not filled within {@link #HOLE_GRACE_NANOS} is given up (the message was not
 * for this client: its own publish, or an exclusion). Not thread-safe: the client guards it with
 * its lock.
 */
final class RoomStreams {
  /** How long a skipped offset may still arrive (a cross-node hop takes milliseconds). */
  static final long HOLE_GRACE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
  /** Holes kept per room at most; a larger jump is taken as messages not meant for this client. */
  static final int MAX_HOLES = 1000;

  /** One room's position; {@code joined}: joined through this client, so resumed. */
  static final class Stream {
    final String room;
    String epoch;
    long highest;
    String password;
    boolean joined;
    /** Skipped offsets below {@code highest}, with when they were skipped (System.nanoTime). */
    final java.util.TreeMap<Long, Long> holes = new java.util.TreeMap<>();

    Stream(String room) {
      this.room = room;
    }

    StreamPosition position() {
      return new StreamPosition(epoch, highest);
    }

    /** Gives up the holes older than the grace. */
    void expireHoles(long now) {
      if (!holes.isEmpty()) {
        holes.values().removeIf(since -> now - since > HOLE_GRACE_NANOS);
      }
    }

    /** Where a resume starts: below the oldest hole that may still come, else the highest. */
    long resumeFrom(long now) {
      expireHoles(now);
      return holes.isEmpty() ? highest : holes.firstKey() - 1;
    }
  }

  private final Map<String, Stream> rooms = new LinkedHashMap<>();

  /** True when a message at this offset was handed on already (a duplicate in this epoch). */
  boolean isDuplicate(String room, long offset) {
    Stream s = rooms.get(room);
    if (s == null || offset <= 0 || offset > s.highest) {
      return false;
    }
    s.expireHoles(System.nanoTime());
    return !s.holes.containsKey(offset);
  }

  /**
   * Records that the message at this offset was handed on (or, for the client's own publish,
   * needs no delivery): fills its hole, or skips over the offsets between the highest and it.
   */
  void seen(String room, long offset) {
    Stream s = rooms.computeIfAbsent(room, Stream::new);
    if (s.holes.remove(offset) != null || offset <= s.highest) {
      return;
    }
    long skipped = offset - s.highest - 1;
    if (s.highest > 0 && skipped > 0 && skipped <= MAX_HOLES) {
      long now = System.nanoTime();
      for (long o = s.highest + 1; o < offset; o++) {
        s.holes.put(o, now);
      }
      while (s.holes.size() > MAX_HOLES) {
        s.holes.pollFirstEntry();
      }
    }
    s.highest = offset;
  }

  /**
   * A join succeeded at this stream position (null when the server did not report one). Messages
   * that arrived before the reply stay counted when the epoch is the same or was unknown.
   */
  void joined(String room, String password, StreamPosition stream) {
    Stream s = rooms.computeIfAbsent(room, Stream::new);
    s.joined = true;
    s.password = password;
    if (stream != null) {
      moveTo(s, stream.epoch(), stream.offset());
    }
  }

  /** The room's stream is now at this position: a new epoch starts there, the same one moves up. */
  void reset(String room, String epoch, long offset) {
    Stream s = rooms.get(room);
    if (s != null) {
      moveTo(s, epoch, offset);
    }
  }

  private static void moveTo(Stream s, String epoch, long offset) {
    if (epoch == null) {
      return;
    }
    if (s.epoch != null && !s.epoch.equals(epoch)) {
      s.highest = offset;
      s.holes.clear();
    } else {
      s.highest = Math.max(s.highest, offset);
      s.holes.headMap(offset, true).clear(); // the stream is whole up to here
    }
    s.epoch = epoch;
  }

  void forget(String room) {
    rooms.remove(room);
  }

  Stream get(String room) {
    return rooms.get(room);
  }

  /**
   * Snapshots of the rooms joined through this client, in the order they were first joined, each
   * at the position its resume starts from.
   */
  List<Stream> joinedRooms() {
    List<Stream> joined = new ArrayList<>();
    for (Stream s : rooms.values()) {
      if (s.joined) {
        Stream copy = new Stream(s.room);
        copy.epoch = s.epoch;
        copy.highest = s.resumeFrom(System.nanoTime());
        copy.password = s.password;
        copy.joined = true;
        joined.add(copy);
      }
    }
    return joined;
  }

  /** Forgets every room (a reconnect without resume: the new connection is in none). */
  void clear() {
    rooms.clear();
  }

  /**
   * Forgets the rooms this client did not join itself (it only saw their messages): a new
   * connection is not in them, and if it is put in them again their stream may have a new epoch.
   */
  void forgetNotJoined() {
    rooms.values().removeIf(s -> !s.joined);
  }
}
