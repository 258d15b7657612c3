package dev.wsm.core.internal;

import dev.wsm.core.Target;
import dev.wsm.core.protocol.BinaryFrames;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.StoredMessage;
import java.util.function.Predicate;

/**
 * The frame a stored message goes out as, and which connections a target's exclusions skip.
 * Stateless; safe on any thread.
 */
public final class MessageFrames {
  private MessageFrames() {}

  /** The frame of a stored message: a binary frame for binary data, else JSON of {@code type}. */
  public static OutboundFrame frame(String type, StoredMessage m) {
    return m.binary() ? BinaryFrames.encode(m.room(), m.from(), m.data()) : ServerFrames.message(type, m);
  }

  /** The connections a room target excludes ({@link Fanout#none()} when it excludes nobody). */
  static Predicate<LiveConnection> skipFor(Target.ToRoom room) {
    if (room.exceptConnections().isEmpty() && room.exceptUsers().isEmpty()) {
      return Fanout.none();
    }
    return c -> room.exceptConnections().contains(c.id()) || room.exceptUsers().contains(c.user());
  }

  /** Whether the everyone target {@code all} excludes {@code c}. */
  static boolean skips(Target.ToAll all, LiveConnection c) {
    return all.exceptConnections().contains(c.id()) || all.exceptUsers().contains(c.user());
  }
}
