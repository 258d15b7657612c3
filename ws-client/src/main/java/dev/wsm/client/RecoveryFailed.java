package dev.wsm.client;

/**
 * A room could not be recovered after a reconnect: none of the messages missed while disconnected
 * were delivered. Unless {@code reason} is {@code join_failed}, the client is in the room again and
 * receives new messages; fetch the gap with {@link WsmClient#history} if it matters: after {@code
 * previousOffset} when {@code epoch} equals {@code previousEpoch}, from the start otherwise.
 *
 * @param room the room
 * @param reason {@code epoch_changed} (the room's stream was reset), {@code not_in_history} (the
 *     missed messages are no longer all stored), {@code join_failed} (the room could not be joined
 *     again; the client forgets it), or, when the server refused the session and the client joined
 *     the room again with {@code join}, {@code invalid_session}; new values may be added
 * @param epoch the room's stream epoch now; null after {@code join_failed}
 * @param offset the room's newest offset now; 0 after {@code join_failed}
 * @param previousEpoch the epoch the client had seen; null if it had none
 * @param previousOffset the highest offset the client had seen
 * @param errorCode with {@code join_failed}: the join's error code; null otherwise
 */
public record RecoveryFailed(String room, String reason, String epoch, long offset,
    String previousEpoch, long previousOffset, String errorCode) {}
