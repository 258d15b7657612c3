package dev.wsm.core;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Application hooks. Called on wsm's callback thread, one event at a time in the order they
 * happened, never on a transport thread; a slow listener delays later events but never traffic.
 * Exceptions are logged and ignored. If events arrive faster than listeners consume them, the queue
 * (see {@link HubOptions#callbackQueue()}) fills and further events are dropped and logged.
 */
public interface HubListener {
  HubListener NONE = new HubListener() {};

  default void onConnect(Connection connection) {}

  /** The connection closed; {@code code} is the WebSocket close code. */
  default void onDisconnect(Connection connection, int code, String reason) {}

  default void onJoin(Connection connection, RoomId room) {}

  default void onLeave(Connection connection, RoomId room) {}

  /**
   * A client published to a room, after it was delivered; {@code data} is the JSON payload, or a
   * binary node for a binary frame.
   */
  default void onMessage(Connection connection, RoomId room, JsonNode data) {}

  /**
   * The connection's outbound queue was under pressure and frames were shed since the last report
   * (reports come at most every 100 ms per connection): {@code ephemeralDropped} ephemeral frames
   * were not sent, {@code stateReplaced} waiting state frames were replaced by newer ones.
   */
  default void onShed(Connection connection, long ephemeralDropped, long stateReplaced) {}

  /**
   * A reliable broadcast found the connection's queue full (the connection is being closed as a
   * slow consumer) and was put in its user's inbox, to be delivered when a device connects.
   */
  default void onSpilled(Connection connection, MessageId message) {}
}
