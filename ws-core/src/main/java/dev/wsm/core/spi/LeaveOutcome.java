package dev.wsm.core.spi;

/**
 * What {@link RoomStore#removeMember} did.
 *
 * @param wasMember the connection was a member and is not any more
 * @param userLeft it was the user's last connection in the room (others should be told it left)
 * @param roomDeleted the room was ephemeral, is now empty, and was deleted
 */
public record LeaveOutcome(boolean wasMember, boolean userLeft, boolean roomDeleted) {
  public static final LeaveOutcome NOT_MEMBER = new LeaveOutcome(false, false, false);
}
