package dev.wsm.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** What a message carries: a JSON value, a text string, or raw bytes (sent as a binary frame). */
public sealed interface Payload permits Payload.Json, Payload.Text, Payload.Binary {

  /** A JSON value; the caller must not mutate the node afterwards. */
  static Payload json(JsonNode value) {
    return new Json(value);
  }

  /** A text string, sent as the JSON string in {@code data}. */
  static Payload text(String value) {
    return new Text(value);
  }

  /** Raw bytes, sent as a binary frame; the caller must not mutate the array afterwards. */
  static Payload binary(byte[] value) {
    return new Binary(value);
  }

  /** A JSON value. */
  record Json(JsonNode value) implements Payload {
    public Json {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A text string. */
  record Text(String value) implements Payload {
    public Text {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Raw bytes. */
  record Binary(byte[] value) implements Payload {
    public Binary {
      Objects.requireNonNull(value, "value");
    }
  }
}
