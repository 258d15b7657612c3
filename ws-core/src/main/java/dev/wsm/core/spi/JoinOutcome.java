package dev.wsm.core.spi;

/** What {@link RoomStore#addMember} did. */
public enum JoinOutcome {
  /** Added; this is the user's first connection in the room (others should be told it joined). */
  JOINED_FIRST_DEVICE,
  /** Added; the user already had another connection in the room. */
  JOINED_ANOTHER_DEVICE,
  /** The connection was a member already; nothing changed. */
  ALREADY_MEMBER,
  /** Not added: the room has as many distinct users as its member limit. */
  FULL,
  /** Not added: no such room. */
  NO_SUCH_ROOM
}
