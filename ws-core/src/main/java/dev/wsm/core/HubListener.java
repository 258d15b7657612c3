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
}
