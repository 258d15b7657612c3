package dev.wsm.core;

import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Delivers messages. Each frame is encoded once and the same bytes go to every recipient. Sends never
 * block: frames go to each connection's bounded outbound queue, and a connection whose queue is full
 * is reported in {@link Delivery#dropped()} (and closed as a slow consumer). A message to a room
 * is appended to the room's history first and carries its offset. A message to a user who has no
 * connection is kept in the user's offline inbox and delivered when the user connects.
 */
public interface MessageRouter {
  /** Sends to a target; fails with {@link ErrorCode#NOT_FOUND} for a room that does not exist. */
  CompletionStage<Delivery> send(Target target, OutboundMessage message);

  default CompletionStage<Delivery> toConnection(ConnectionId id, OutboundMessage message) {
    return send(Target.connection(id), message);
  }

  default CompletionStage<Delivery> toUser(UserId user, OutboundMessage message) {
    return send(Target.user(user), message);
  }

  default CompletionStage<Delivery> toRoom(RoomId room, OutboundMessage message) {
    return send(Target.room(room), message);
  }

  default CompletionStage<Delivery> toAll(OutboundMessage message) {
    return send(Target.all(), message);
  }

  default CompletionStage<Delivery> toMatching(Predicate<Connection> predicate, OutboundMessage message) {
    return send(Target.matching(predicate), message);
  }

  /** What load shedding by {@link DeliveryClass} did on this node since it started. */
  DeliveryStats stats();
}
