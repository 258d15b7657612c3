package dev.wsm.core.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.Presence;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.StoredMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Encodes server → client frames (protocol version {@value #PROTOCOL_VERSION}). Each method returns
 * one {@link OutboundFrame} that may go to any number of connections. Thread-safe.
 */
public final class ServerFrames {
  public static final int PROTOCOL_VERSION = 1;

  private ServerFrames() {}

  /** Writes the fields of an ok reply after {@code "ok":true}. */
  @FunctionalInterface
  public interface Fields {
    Fields NONE = g -> {};

    void write(JsonGenerator generator) throws IOException;
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator generator) throws IOException;
  }

  private static OutboundFrame encode(Body body) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (JsonGenerator g = WireJson.mapper().getFactory().createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return OutboundFrame.text(out.toByteArray());
  }

  public static OutboundFrame welcome(ConnectionId connection, UserId user, String session,
      Duration heartbeatInterval, Duration heartbeatTimeout, Instant now) {
    return encode(g -> {
      g.writeStringField("type", "welcome");
      g.writeNumberField("protocol", PROTOCOL_VERSION);
      g.writeStringField("connection", connection.value());
      g.writeStringField("user", user.value());
      g.writeStringField("session", session);
      g.writeObjectFieldStart("heartbeat");
      g.writeNumberField("interval", heartbeatInterval.toMillis());
      g.writeNumberField("timeout", heartbeatTimeout.toMillis());
      g.writeEndObject();
      g.writeStringField("ts", now.toString());
    });
  }

  /**
   * The end of one room's recovery: {@code recovered} true with {@code missed}, or false with a
   * {@code reason} (and {@code error} for a failed join; then {@code epoch} is null).
   */
  public static OutboundFrame recovered(RoomId room, boolean recovered, int missed, String reason,
      ErrorCode error, String errorMessage, String epoch, long offset) {
    return encode(g -> {
      g.writeStringField("type", "recovered");
      g.writeStringField("room", room.value());
      g.writeBooleanField("recovered", recovered);
      if (recovered) {
        g.writeNumberField("missed", missed);
      } else {
        g.writeStringField("reason", reason);
      }
      if (error != null) {
        g.writeObjectFieldStart("error");
        g.writeStringField("code", error.wire());
        g.writeStringField("message", errorMessage);
        g.writeEndObject();
      }
      if (epoch != null) {
        g.writeStringField("epoch", epoch);
        g.writeNumberField("offset", offset);
      }
    });
  }

  public static OutboundFrame ok(String ref, Fields fields) {
    return encode(g -> {
      g.writeStringField("type", "reply");
      g.writeStringField("ref", ref);
      g.writeBooleanField("ok", true);
      fields.write(g);
    });
  }

  /** A failed reply when {@code ref} is given, otherwise an {@code error} frame. */
  public static OutboundFrame failure(String ref, ErrorCode code, String message) {
    return encode(g -> {
      if (ref != null) {
        g.writeStringField("type", "reply");
        g.writeStringField("ref", ref);
        g.writeBooleanField("ok", false);
      } else {
        g.writeStringField("type", "error");
      }
      g.writeObjectFieldStart("error");
      g.writeStringField("code", code.wire());
      g.writeStringField("message", message);
      g.writeEndObject();
    });
  }

  /** A room message ({@code type: message}), a direct one ({@code direct}) or a broadcast. */
  public static OutboundFrame message(String type, StoredMessage m) {
    return message(type, m, dev.wsm.core.DeliveryClass.RELIABLE, null);
  }

  /**
   * A message frame of a delivery class: an ephemeral or state message carries {@code delivery}
   * (and a state message its {@code key}) and no offset, since it is not in the room's stream.
   */
  public static OutboundFrame message(String type, StoredMessage m,
      dev.wsm.core.DeliveryClass delivery, String key) {
    boolean stored = delivery == dev.wsm.core.DeliveryClass.RELIABLE;
    JsonBytes out = new JsonBytes(160 + m.data().length + (m.event() == null ? 0 : m.event().length()));
    out.string("type", type).string("id", m.id().value());
    if (m.room() != null) {
      out.string("room", m.room().value());
      if (stored) {
        out.number("offset", m.offset());
      }
    } else if (stored && m.offset() > 0) {
      out.number("seq", m.offset());
    }
    if (!stored) {
      out.string("delivery", delivery.wireName());
      if (key != null) {
        out.string("key", key);
      }
    }
    if (m.from() != null) {
      out.string("from", m.from().value());
    }
    if (m.event() != null) {
      out.string("event", m.event());
    }
    if (m.parent() != null) {
      out.string("parent", m.parent().value());
    }
    out.raw("data", m.data()).timestamp("ts", m.timestamp());
    return OutboundFrame.text(out.end());
  }

  /**
   * The reply to a {@code publish}: the message's id, then its {@code offset} when it is stored
   * (reliable) or its {@code delivery} class when it is not, and how many connections it reached.
   */
  public static OutboundFrame published(String ref, dev.wsm.core.MessageId id,
      dev.wsm.core.DeliveryClass delivery, long offset, int delivered) {
    JsonBytes out = new JsonBytes(120);
    out.string("type", "reply").string("ref", ref).bool("ok", true).string("id", id.value());
    if (delivery == dev.wsm.core.DeliveryClass.RELIABLE) {
      out.number("offset", offset);
    } else {
      out.string("delivery", delivery.wireName());
    }
    return OutboundFrame.text(out.number("delivered", delivered).end());
  }

  public static OutboundFrame joined(RoomId room, UserId user, Instant now) {
    return membership("joined", room, user, now);
  }

  public static OutboundFrame left(RoomId room, UserId user, Instant now) {
    return membership("left", room, user, now);
  }

  private static OutboundFrame membership(String type, RoomId room, UserId user, Instant now) {
    return encode(g -> {
      g.writeStringField("type", type);
      g.writeStringField("room", room.value());
      g.writeStringField("user", user.value());
      g.writeStringField("ts", now.toString());
    });
  }

  public static OutboundFrame presence(Presence p) {
    return encode(g -> {
      g.writeStringField("type", "presence");
      writePresenceFields(g, p);
    });
  }

  /** Writes user, status, meta, lastSeen and devices of a presence. */
  public static void writePresenceFields(JsonGenerator g, Presence p) throws IOException {
    g.writeStringField("user", p.user().value());
    g.writeStringField("status", p.status().wire());
    g.writeFieldName("meta");
    g.writeTree(p.meta());
    g.writeStringField("lastSeen", p.lastSeen().toString());
    g.writeNumberField("devices", p.devices());
  }

  public static OutboundFrame typing(RoomId room, UserId user, boolean typing) {
    return encode(g -> {
      g.writeStringField("type", "typing");
      g.writeStringField("room", room.value());
      g.writeStringField("user", user.value());
      g.writeBooleanField("typing", typing);
    });
  }

  public static OutboundFrame pong(String ref, Instant now) {
    return encode(g -> {
      g.writeStringField("type", "pong");
      if (ref != null) {
        g.writeStringField("ref", ref);
      }
      g.writeStringField("ts", now.toString());
    });
  }

  /** The room is gone; {@code reason} is {@code expired} or {@code deleted}. */
  public static OutboundFrame roomClosed(RoomId room, String reason) {
    return encode(g -> {
      g.writeStringField("type", "room_closed");
      g.writeStringField("room", room.value());
      g.writeStringField("reason", reason);
    });
  }

  /** Encodes a JSON value to the bytes a {@link StoredMessage} keeps. */
  public static byte[] jsonBytes(JsonNode value) {
    try {
      return WireJson.mapper().writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
