package dev.wsm.core.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.DeliveryClass;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.MessageId;
import dev.wsm.core.PresenceStatus;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decodes client text frames. Stateless and thread-safe. Every malformed input ends in a {@link
 * ProtocolException} with {@code invalid_message}, {@code unknown_type} or {@code too_large}; no
 * other exception escapes.
 */
public final class ClientFrameDecoder {
  /** The built-in client frame types. */
  public static final Set<String> BUILT_IN_TYPES =
      Set.of("join", "leave", "publish", "direct", "presence", "typing", "ping", "members",
          "history", "resume", "ack");

  private static final Pattern CUSTOM_TYPE = Pattern.compile("[a-z0-9_.:-]{1,64}");
  private static final int MAX_REF_LENGTH = 64;
  private static final int DEFAULT_HISTORY_LIMIT = 50;
  private static final int MAX_SESSION_LENGTH = 512;
  private static final int MAX_RESUME_ROOMS = 100;
  private static final int MAX_ACK_IDS = 1000;
  /** The longest time to live a message may ask for: 7 days. */
  static final long MAX_TTL_SECONDS = 7 * 24 * 3600;

  /** Decodes one frame. */
  public ClientFrame decode(String text) {
    FrameObject frame;
    try {
      frame = FrameObject.read(text);
    } catch (StreamConstraintsException e) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "frame is nested too deeply or has an oversize value", null);
    } catch (JacksonException e) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "frame is not valid JSON", null);
    } catch (ProtocolException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Jackson reports some hostile inputs (e.g. extreme nesting) as plain runtime errors.
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "frame is not valid JSON", null);
    }
    JsonNode root = frame.fields();
    String ref = ref(root);
    JsonNode typeNode = root.get("type");
    if (typeNode == null || !typeNode.isTextual()) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "field 'type' must be a string", ref);
    }
    String type = typeNode.textValue();
    Fields f = new Fields(root, ref, frame);
    return switch (type) {
      case "join" -> new ClientFrame.Join(ref, f.room("room"), f.optionalString("password", 1024));
      case "leave" -> new ClientFrame.Leave(ref, f.room("room"));
      case "publish" -> publish(f, ref);
      case "ack" -> ack(f, ref);
      case "direct" -> direct(f, ref);
      case "presence" -> presence(f, ref);
      case "typing" -> new ClientFrame.Typing(ref, f.room("room"), f.requiredBoolean("typing"));
      case "ping" -> new ClientFrame.Ping(ref);
      case "members" -> new ClientFrame.Members(ref, f.room("room"));
      case "history" -> history(f, ref);
      case "resume" -> resume(f, ref);
      default -> {
        if (!CUSTOM_TYPE.matcher(type).matches()) {
          throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
              "unknown type (custom types are 1-64 characters of a-z 0-9 _ . : -)", ref);
        }
        yield new ClientFrame.Custom(type, ref, f.dataTree(false));
      }
    };
  }

  private static ClientFrame ack(Fields f, String ref) {
    JsonNode list = f.root().get("ids");
    JsonNode upTo = f.root().get("upTo");
    if (upTo != null && list != null) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "give exactly one of 'ids' and 'upTo', not both", ref);
    }
    if (upTo != null) {
      if (!upTo.isIntegralNumber() || !upTo.canConvertToLong() || upTo.longValue() < 1) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
            "field 'upTo' must be a positive integer (a 'seq' of a direct message)", ref);
      }
      return new ClientFrame.Ack(ref, List.of(), upTo.longValue());
    }
    if (list == null) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "give exactly one of 'ids' (a non-empty array of message ids) and 'upTo' (a seq)", ref);
    }
    if (!list.isArray() || list.isEmpty()) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "field 'ids' is required and must be a non-empty array of message ids", ref);
    }
    if (list.size() > MAX_ACK_IDS) {
      throw new ProtocolException(ErrorCode.TOO_LARGE,
          "field 'ids' must have at most " + MAX_ACK_IDS + " entries", ref);
    }
    List<MessageId> ids = new ArrayList<>(list.size());
    for (JsonNode id : list) {
      if (!id.isTextual()) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "each of 'ids' must be a string", ref);
      }
      ids.add(f.id(() -> new MessageId(id.textValue())));
    }
    return new ClientFrame.Ack(ref, ids);
  }

  private static ClientFrame resume(Fields f, String ref) {
    String session = f.requiredString("session");
    if (session.length() > MAX_SESSION_LENGTH) {
      throw new ProtocolException(ErrorCode.TOO_LARGE,
          "field 'session' must be at most " + MAX_SESSION_LENGTH + " characters", ref);
    }
    JsonNode list = f.root().get("rooms");
    if (list == null || !list.isArray()) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "field 'rooms' is required and must be an array", ref);
    }
    if (list.size() > MAX_RESUME_ROOMS) {
      throw new ProtocolException(ErrorCode.TOO_LARGE,
          "field 'rooms' must have at most " + MAX_RESUME_ROOMS + " entries", ref);
    }
    List<ClientFrame.ResumeRoom> rooms = new ArrayList<>(list.size());
    for (JsonNode entry : list) {
      if (!entry.isObject()) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
            "each entry of 'rooms' must be an object", ref);
      }
      Fields e = new Fields(entry, ref, null);
      long offset = e.optionalLong("offset", 0);
      String epoch = e.optionalString("epoch", 64);
      if (offset > 0 && epoch == null) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
            "a resumed room with an 'offset' needs the 'epoch' it belongs to", ref);
      }
      rooms.add(new ClientFrame.ResumeRoom(e.room("room"), offset, epoch,
          e.optionalString("password", 1024)));
    }
    return new ClientFrame.Resume(ref, session, rooms);
  }

  private static ClientFrame history(Fields f, String ref) {
    long after = f.optionalLong("after", 0);
    long before = f.optionalLong("before", 0);
    if (before != 0 && before <= after + 1) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "field 'before' must be greater than 'after' + 1 (or 0 for no bound)", ref);
    }
    Instant since = f.optionalInstant("since");
    Instant until = f.optionalInstant("until");
    if (since != null && until != null && !since.isBefore(until)) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "field 'since' must be before 'until'", ref);
    }
    return new ClientFrame.History(ref, f.room("room"), after, before, since, until,
        f.optionalMessageId("parent"), f.optionalInt("limit", DEFAULT_HISTORY_LIMIT, 1, 1000),
        f.newestFirst());
  }

  private static ClientFrame publish(Fields f, String ref) {
    String deliveryName = f.optionalString("delivery", 16);
    DeliveryClass delivery = DeliveryClass.RELIABLE;
    if (deliveryName != null) {
      try {
        delivery = DeliveryClass.fromWire(deliveryName);
      } catch (IllegalArgumentException e) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE, e.getMessage(), ref);
      }
    }
    String key = f.optionalString("key", 256);
    if (delivery == DeliveryClass.STATE && (key == null || key.isEmpty())) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "a publish with delivery 'state' needs a 'key' (1-256 characters)", ref);
    }
    if (delivery != DeliveryClass.STATE && key != null) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "'key' applies to delivery 'state' only", ref);
    }
    java.time.Duration ttl = f.ttl();
    if (delivery != DeliveryClass.RELIABLE && ttl != null) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "'ttl' applies to reliable messages only (others are never stored)", ref);
    }
    return new ClientFrame.Publish(ref, f.room("room"), f.rawData(), f.event(),
        f.optionalBoolean("echo", false), ttl, f.optionalMessageId("parent"), delivery, key);
  }

  private static ClientFrame direct(Fields f, String ref) {
    String to = f.optionalString("to", Integer.MAX_VALUE);
    String connection = f.optionalString("connection", Integer.MAX_VALUE);
    if ((to == null) == (connection == null)) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "direct needs exactly one of 'to' (a user id) or 'connection'", ref);
    }
    return new ClientFrame.Direct(ref, to == null ? null : f.id(() -> new UserId(to)),
        connection == null ? null : f.id(() -> new ConnectionId(connection)), f.dataTree(true),
        f.event(), f.ttl());
  }

  private static ClientFrame presence(Fields f, String ref) {
    String status = f.optionalString("status", 16);
    JsonNode meta = f.root.get("meta");
    if (meta != null && meta.isNull()) {
      meta = null;
    }
    if (status == null && meta == null) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "presence needs 'status' and/or 'meta'", ref);
    }
    PresenceStatus parsed = null;
    if (status != null) {
      parsed = PresenceStatus.fromWire(status)
          .filter(s -> s != PresenceStatus.OFFLINE)
          .orElseThrow(() -> new ProtocolException(ErrorCode.INVALID_MESSAGE,
              "'status' must be one of online, away, busy", ref));
    }
    if (meta != null && !meta.isObject()) {
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "'meta' must be a JSON object", ref);
    }
    return new ClientFrame.PresenceUpdate(ref, parsed, meta);
  }

  private static String ref(JsonNode root) {
    JsonNode node = root.get("ref");
    if (node == null || node.isNull()) {
      return null;
    }
    if ((node.isTextual() || node.isIntegralNumber()) && node.asText().length() <= MAX_REF_LENGTH) {
      return node.asText();
    }
    throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
        "'ref' must be a string or integer of at most " + MAX_REF_LENGTH + " characters", null);
  }

  /** Typed field access that turns every problem into a ProtocolException naming the field. */
  private record Fields(JsonNode root, String ref, FrameObject frame) {
    RoomId room(String name) {
      String value = requiredString(name);
      return id(() -> new RoomId(value));
    }

    <T> T id(java.util.function.Supplier<T> make) {
      try {
        return make.get();
      } catch (IllegalArgumentException e) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE, e.getMessage(), ref);
      }
    }

    String requiredString(String name) {
      JsonNode node = root.get(name);
      if (node == null || !node.isTextual()) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
            "field '" + name + "' is required and must be a string", ref);
      }
      return node.textValue();
    }

    String optionalString(String name, int maxLength) {
      JsonNode node = root.get(name);
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isTextual()) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
            "field '" + name + "' must be a string", ref);
      }
      if (node.textValue().length() > maxLength) {
        throw new ProtocolException(ErrorCode.TOO_LARGE,
            "field '" + name + "' must be at most " + maxLength + " characters", ref);
      }
      return node.textValue();
    }

    /** An optional message id (e.g. {@code parent}); null when absent. */
    MessageId optionalMessageId(String name) {
      String value = optionalString(name, Integer.MAX_VALUE);
      return value == null ? null : id(() -> new MessageId(value));
    }

    /** The optional {@code ttl}: whole seconds, 1 to 7 days; null when absent. */
    java.time.Duration ttl() {
      JsonNode node = root.get("ttl");
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1
          || node.longValue() > MAX_TTL_SECONDS) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
            "field 'ttl' must be whole seconds from 1 to " + MAX_TTL_SECONDS, ref);
      }
      return java.time.Duration.ofSeconds(node.longValue());
    }

    /** An optional ISO-8601 instant such as {@code 2026-11-22T09:30:00Z}. */
    Instant optionalInstant(String name) {
      String text = optionalString(name, 64);
      if (text == null) {
        return null;
      }
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "field '" + name
            + "' must be an ISO-8601 instant such as 2026-11-22T09:30:00Z", ref);
      }
    }

    /** The optional {@code event} label: 1 to 128 characters. */
    String event() {
      String event = optionalString("event", 128);
      if (event != null && event.isEmpty()) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "field 'event' must not be empty", ref);
      }
      return event;
    }

    /** History order: {@code oldest} (default) or {@code newest}. */
    boolean newestFirst() {
      String order = optionalString("order", 16);
      if (order == null || order.equals("oldest")) {
        return false;
      }
      if (order.equals("newest")) {
        return true;
      }
      throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
          "field 'order' must be 'oldest' or 'newest'", ref);
    }

    boolean requiredBoolean(String name) {
      JsonNode node = root.get(name);
      if (node == null || !node.isBoolean()) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
            "field '" + name + "' is required and must be true or false", ref);
      }
      return node.booleanValue();
    }

    boolean optionalBoolean(String name, boolean fallback) {
      JsonNode node = root.get(name);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isBoolean()) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
            "field '" + name + "' must be true or false", ref);
      }
      return node.booleanValue();
    }

    long optionalLong(String name, long fallback) {
      JsonNode node = root.get(name);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
            "field '" + name + "' must be a non-negative integer", ref);
      }
      return node.longValue();
    }

    int optionalInt(String name, int fallback, int min, int max) {
      JsonNode node = root.get(name);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min
          || node.intValue() > max) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
            "field '" + name + "' must be an integer from " + min + " to " + max, ref);
      }
      return node.intValue();
    }

    /** The required {@code data} as the client wrote it. */
    RawJson rawData() {
      requireData();
      return RawJson.trusted(frame.dataUtf8());
    }

    /** {@code data} as a tree; JSON null when it is absent and not required. */
    JsonNode dataTree(boolean required) {
      if (!required && (frame == null || !frame.hasData())) {
        return com.fasterxml.jackson.databind.node.NullNode.getInstance();
      }
      requireData();
      try {
        return WireJson.mapper().readTree(frame.dataText());
      } catch (IOException e) {
        throw new IllegalStateException("data was checked by the frame's parser", e);
      }
    }

    private void requireData() {
      if (frame == null || !frame.hasData()) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "field 'data' is required", ref);
      }
    }
  }
}
