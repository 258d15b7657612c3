package dev.wsm.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wsm.client.HistoryRequest;
import dev.wsm.client.SendOptions;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the request frames of the client's methods, without a {@code ref} (the correlator adds
 * it), and refuses bad arguments with {@link IllegalArgumentException} on the caller's thread.
 * Stateless.
 */
public final class RequestFrames {
  /** Built-in types with a method of their own, which keeps the client's state right. */
  private static final Set<String> RESERVED = Set.of("join", "leave", "resume", "ping");

  private RequestFrames() {}

  static ObjectNode join(String room, String password) {
    requireText(room, "room");
    ObjectNode frame = frame("join").put("room", room);
    if (password != null) {
      frame.put("password", password);
    }
    return frame;
  }

  static ObjectNode leave(String room) {
    return roomFrame("leave", room);
  }

  static ObjectNode publish(String room, JsonNode data, SendOptions send) {
    requireText(room, "room");
    ObjectNode frame = frame("publish").put("room", room);
    frame.set("data", data == null ? Frames.NODES.nullNode() : data);
    addOptions(frame, send);
    if (send.parent() != null) {
      frame.put("parent", send.parent());
    }
    if (send.delivery() != null) {
      frame.put("delivery", send.delivery());
      if (send.key() != null) {
        frame.put("key", send.key());
      }
    }
    return frame;
  }

  public static ObjectNode direct(String user, JsonNode data, SendOptions send) {
    requireText(user, "user");
    if (send.parent() != null) {
      throw new IllegalArgumentException("a direct message has no parent");
    }
    ObjectNode frame = frame("direct").put("to", user);
    frame.set("data", data == null ? Frames.NODES.nullNode() : data);
    addOptions(frame, send);
    return frame;
  }

  private static void addOptions(ObjectNode frame, SendOptions send) {
    if (send.event() != null) {
      frame.put("event", send.event());
    }
    if (send.ttl() != null) {
      frame.put("ttl", send.ttl().toSeconds());
    }
  }

  static ObjectNode ack(Collection<String> ids) {
    if (ids == null || ids.isEmpty() || ids.size() > 1000) {
      throw new IllegalArgumentException("ack takes 1 to 1,000 message ids");
    }
    ObjectNode frame = frame("ack");
    ArrayNode list = frame.putArray("ids");
    for (String id : ids) {
      requireText(id, "a message id");
      list.add(id);
    }
    return frame;
  }

  static ObjectNode ackUpTo(long seq) {
    if (seq < 1) {
      throw new IllegalArgumentException("ackUpTo takes a seq of at least 1 (was " + seq + ")");
    }
    ObjectNode frame = frame("ack");
    frame.put("upTo", seq);
    return frame;
  }

  public static ObjectNode history(String room, HistoryRequest request) {
    requireText(room, "room");
    Objects.requireNonNull(request, "request");
    ObjectNode frame = frame("history").put("room", room)
        .put("after", request.after()).put("limit", request.limit())
        .put("order", request.order() == HistoryRequest.Order.NEWEST ? "newest" : "oldest");
    if (request.before() != 0) {
      frame.put("before", request.before());
    }
    if (request.since() != null) {
      frame.put("since", request.since().toString());
    }
    if (request.until() != null) {
      frame.put("until", request.until().toString());
    }
    if (request.parent() != null) {
      frame.put("parent", request.parent());
    }
    return frame;
  }

  public static ObjectNode members(String room) {
    return roomFrame("members", room);
  }

  public static ObjectNode presence(String status, ObjectNode meta) {
    if (status == null && meta == null) {
      throw new IllegalArgumentException("presence needs a status, a meta object or both");
    }
    ObjectNode frame = frame("presence");
    if (status != null) {
      frame.put("status", status);
    }
    if (meta != null) {
      frame.set("meta", meta);
    }
    return frame;
  }

  public static ObjectNode typing(String room, boolean typing) {
    return roomFrame("typing", room).put("typing", typing);
  }

  /** A request of a type without a method of its own; {@code type} and {@code ref} fields drop. */
  public static ObjectNode custom(String type, ObjectNode fields) {
    requireText(type, "type");
    if (RESERVED.contains(type)) {
      throw new IllegalArgumentException("'" + type + "' cannot be sent with request(): "
          + (type.equals("ping") ? "the server answers it with pong, not a reply"
              : "use the client's method of that name"));
    }
    ObjectNode frame = frame(type);
    if (fields != null) {
      fields.fields().forEachRemaining(e -> {
        if (!e.getKey().equals("type") && !e.getKey().equals("ref")) {
          frame.set(e.getKey(), e.getValue());
        }
      });
    }
    return frame;
  }

  private static ObjectNode roomFrame(String type, String room) {
    requireText(room, "room");
    return frame(type).put("room", room);
  }

  static ObjectNode frame(String type) {
    return Frames.object().put("type", type);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " must be a non-empty string");
    }
  }
}
