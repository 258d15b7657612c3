package dev.wsm.store.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.StoredMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages as flat string fields: a stream entry's fields, or (as JSON) an inbox hash value. The
 * field {@code i} (message id) comes first and {@code t} (sent at, epoch ms, which the scripts read
 * for age trimming) second. Text payloads are kept as text, anything else in Base64 ({@code d64}).
 */
final class MessageCodec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() { };

  private MessageCodec() {}

  static Map<String, String> fields(StoredMessage m) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("i", m.id().value());
    f.put("t", Long.toString(m.timestamp().toEpochMilli()));
    if (m.timestamp().getNano() % 1_000_000 != 0) {
      f.put("tn", m.timestamp().toString());
    }
    if (m.expiresAt() != null) {
      f.put("x", m.expiresAt().toString());
    }
    put(f, "r", m.room() == null ? null : m.room().value());
    put(f, "u", m.to() == null ? null : m.to().value());
    put(f, "f", m.from() == null ? null : m.from().value());
    put(f, "e", m.event());
    put(f, "p", m.parent() == null ? null : m.parent().value());
    String text = m.binary() ? null : utf8(m.data());
    if (text != null) {
      f.put("d", text);
    } else {
      f.put("d64", Base64.getEncoder().encodeToString(m.data()));
    }
    if (m.binary()) {
      f.put("b", "1");
    }
    return f;
  }

  /** The fields as alternating name, value arguments. */
  static List<String> flat(Map<String, String> fields) {
    List<String> out = new ArrayList<>(fields.size() * 2);
    fields.forEach((k, v) -> {
      out.add(k);
      out.add(v);
    });
    return out;
  }

  static StoredMessage message(Map<String, String> f, long offset) {
    String ts = f.get("tn");
    Instant timestamp = ts != null ? Instant.parse(ts) : Instant.ofEpochMilli(Long.parseLong(f.get("t")));
    String x = f.get("x");
    String d = f.get("d");
    byte[] data = d != null ? d.getBytes(StandardCharsets.UTF_8)
        : Base64.getDecoder().decode(f.getOrDefault("d64", ""));
    return new StoredMessage(MessageId.of(f.get("i")),
        f.containsKey("r") ? RoomId.of(f.get("r")) : null,
        f.containsKey("u") ? UserId.of(f.get("u")) : null,
        f.containsKey("f") ? UserId.of(f.get("f")) : null,
        f.get("e"), data, "1".equals(f.get("b")),
        f.containsKey("p") ? MessageId.of(f.get("p")) : null,
        timestamp, x == null ? null : Instant.parse(x), offset);
  }

  /** A message from a flat name, value list (as scripts return entries). */
  static StoredMessage message(List<?> flat, long offset) {
    Map<String, String> f = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      f.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
    }
    return message(f, offset);
  }

  static String json(StoredMessage m) {
    try {
      return JSON.writeValueAsString(fields(m));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static StoredMessage fromJson(String json) {
    try {
      return message(JSON.readValue(json, MAP), 0);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable inbox message", e);
    }
  }

  private static void put(Map<String, String> f, String key, String value) {
    if (value != null) {
      f.put(key, value);
    }
  }

  private static String utf8(byte[] data) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
