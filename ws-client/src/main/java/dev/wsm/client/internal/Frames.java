package dev.wsm.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wsm.client.BinaryMessage;
import dev.wsm.client.Broadcast;
import dev.wsm.client.DirectMessage;
import dev.wsm.client.DirectResult;
import dev.wsm.client.HistoryPage;
import dev.wsm.client.JoinResult;
import dev.wsm.client.MemberEvent;
import dev.wsm.client.Presence;
import dev.wsm.client.PublishResult;
import dev.wsm.client.RoomClosed;
import dev.wsm.client.RoomInfo;
import dev.wsm.client.RoomMessage;
import dev.wsm.client.StreamPosition;
import dev.wsm.client.Typing;
import dev.wsm.client.Welcome;
import dev.wsm.client.WsmClientException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads server frames into the client's records. Lenient: an absent field becomes null or 0.
 * Stateless; any thread.
 */
public final class Frames {
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Frames() {}

  static Welcome welcome(JsonNode f) {
    JsonNode heartbeat = f.path("heartbeat");
    return new Welcome(f.path("protocol").asInt(), text(f, "connection"), text(f, "user"),
        text(f, "session"), Duration.ofMillis(heartbeat.path("interval").asLong()),
        Duration.ofMillis(heartbeat.path("timeout").asLong()), instant(f, "ts"));
  }

  static RoomMessage message(JsonNode f, String room) {
    JsonNode data = f.get("data");
    if (data == null && f.hasNonNull("binary")) {
      try {
        data = BinaryNode.valueOf(Base64.getDecoder().decode(f.get("binary").asText()));
      } catch (IllegalArgumentException e) {
        data = null;
      }
    }
    return new RoomMessage(text(f, "id"), room != null ? room : text(f, "room"),
        f.path("offset").asLong(), text(f, "from"), text(f, "event"),
        data == null ? NODES.nullNode() : data, instant(f, "ts"), text(f, "parent"));
  }

  static DirectMessage direct(JsonNode f) {
    return new DirectMessage(text(f, "id"), text(f, "from"), text(f, "event"), data(f),
        instant(f, "ts"), f.path("seq").asLong(0));
  }

  static Broadcast broadcast(JsonNode f) {
    return new Broadcast(text(f, "id"), text(f, "from"), text(f, "event"), data(f),
        instant(f, "ts"));
  }

  static MemberEvent member(JsonNode f) {
    return new MemberEvent(text(f, "room"), text(f, "user"), instant(f, "ts"));
  }

  public static Presence presence(JsonNode f) {
    JsonNode meta = f.get("meta");
    return new Presence(text(f, "user"), text(f, "status"),
        meta == null || meta.isNull() ? NODES.objectNode() : meta, instant(f, "lastSeen"),
        f.path("devices").asInt());
  }

  static Typing typing(JsonNode f) {
    return new Typing(text(f, "room"), text(f, "user"), f.path("typing").asBoolean());
  }

  static RoomClosed roomClosed(JsonNode f) {
    return new RoomClosed(text(f, "room"), text(f, "reason"));
  }

  /** The {@code stream} object of a join reply; null when absent. */
  static StreamPosition stream(JsonNode reply) {
    JsonNode s = reply.get("stream");
    if (s == null || !s.isObject() || !s.hasNonNull("epoch")) {
      return null;
    }
    return new StreamPosition(s.get("epoch").asText(), s.path("offset").asLong());
  }

  static JoinResult join(JsonNode reply) {
    JsonNode r = reply.path("room");
    RoomInfo room = new RoomInfo(text(r, "name"), r.path("topic").asText(""),
        r.path("private").asBoolean(), r.path("memberLimit").asInt(), instant(r, "expiresAt"));
    return new JoinResult(room, stream(reply));
  }

  static PublishResult publish(JsonNode reply) {
    return new PublishResult(text(reply, "id"), reply.path("offset").asLong(),
        reply.path("delivered").asInt());
  }

  public static DirectResult directResult(JsonNode reply) {
    return new DirectResult(text(reply, "id"), reply.path("delivered").asInt(),
        reply.path("queued").asBoolean());
  }

  public static HistoryPage history(JsonNode reply) {
    String room = text(reply, "room");
    List<RoomMessage> messages = new ArrayList<>();
    for (JsonNode m : reply.path("messages")) {
      messages.add(message(m, room));
    }
    return new HistoryPage(room, text(reply, "epoch"), reply.path("lastOffset").asLong(),
        messages);
  }

  public static List<Presence> members(JsonNode reply) {
    List<Presence> members = new ArrayList<>();
    for (JsonNode m : reply.path("members")) {
      members.add(presence(m));
    }
    return List.copyOf(members);
  }

  static WsmClientException error(JsonNode frame) {
    JsonNode error = frame.path("error");
    String code = error.path("code").asText("");
    return new WsmClientException(code.isEmpty() ? "internal" : code,
        error.path("message").asText("request failed"));
  }

  /** Decodes a server binary frame: u16 room length, room, u16 sender length, sender, payload. */
  static BinaryMessage binary(byte[] frame) {
    ByteBuffer buffer = ByteBuffer.wrap(frame);
    String room = shortString(buffer);
    String from = shortString(buffer);
    byte[] payload = new byte[buffer.remaining()];
    buffer.get(payload);
    return new BinaryMessage(room, from, payload);
  }

  private static String shortString(ByteBuffer buffer) {
    if (buffer.remaining() < 2) {
      throw new IllegalArgumentException("binary frame too short");
    }
    int length = Short.toUnsignedInt(buffer.getShort());
    if (length > buffer.remaining()) {
      throw new IllegalArgumentException("binary frame length past its end");
    }
    if (length == 0) {
      return null;
    }
    ByteBuffer slice = buffer.slice().limit(length);
    buffer.position(buffer.position() + length);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(slice).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("binary frame name is not UTF-8", e);
    }
  }

  static ObjectNode object() {
    return NODES.objectNode();
  }

  private static JsonNode data(JsonNode f) {
    JsonNode data = f.get("data");
    return data == null ? NODES.nullNode() : data;
  }

  static String text(JsonNode f, String field) {
    JsonNode v = f.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static Instant instant(JsonNode f, String field) {
    String v = text(f, field);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
