package dev.wsm.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per room, the stream epoch and the highest offset handed to the event queue: the position a
 * resume starts from, and the line below which a message is a duplicate. Not thread-safe: the
 * client guards it with its lock.
 */
final class RoomStreams {
  /** One room's position; {@code joined}: joined through this client, so resumed. */
  static final class Stream {
    final String room;
    String epoch;
    long highest;
    String password;
    boolean joined;

    Stream(String room) {
      this.room = room;
    }

    StreamPosition position() {
      return new StreamPosition(epoch, highest);
    }
  }

  private final Map<String, Stream> rooms = new LinkedHashMap<>();

  /** True when a message at this offset was handed on already (a duplicate in this epoch). */
  boolean isDuplicate(String room, long offset) {
    Stream s = rooms.get(room);
    return s != null && offset > 0 && offset <= s.highest;
  }

  /** Records that the message at this offset was handed on. */
  void seen(String room, long offset) {
    Stream s = rooms.computeIfAbsent(room, Stream::new);
    s.highest = Math.max(s.highest, offset);
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
    } else {
      s.highest = Math.max(s.highest, offset);
    }
    s.epoch = epoch;
  }

  void forget(String room) {
    rooms.remove(room);
  }

  Stream get(String room) {
    return rooms.get(room);
  }

  /** Snapshots of the rooms joined through this client, in the order they were first joined. */
  List<Stream> joinedRooms() {
    List<Stream> joined = new ArrayList<>();
    for (Stream s : rooms.values()) {
      if (s.joined) {
        Stream copy = new Stream(s.room);
        copy.epoch = s.epoch;
        copy.highest = s.highest;
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
