package dev.wsm.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON value kept as its UTF-8 text, as a client sent it: a published message's {@code data}
 * goes to the store and onto the wire as these bytes, never turned into a tree and back.
 * Immutable; equal when the bytes are equal.
 */
public final class RawJson {
  private final byte[] utf8;

  private RawJson(byte[] utf8) {
    this.utf8 = utf8;
  }

  /** The compact JSON text of {@code value}. */
  public static RawJson of(JsonNode value) {
    return new RawJson(ServerFrames.jsonBytes(value));
  }

  /** UTF-8 the caller has already checked to be exactly one JSON value, not copied. */
  static RawJson trusted(byte[] utf8) {
    return new RawJson(utf8);
  }

  /** The UTF-8 bytes themselves, not a copy: callers must not change them. */
  public byte[] utf8() {
    return utf8;
  }

  /** A new tree of the value, parsed on each call. */
  public JsonNode tree() {
    try {
      return WireJson.mapper().readTree(utf8);
    } catch (IOException e) {
      throw new IllegalStateException("RawJson holds text that is not JSON", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawJson other && Arrays.equals(utf8, other.utf8);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(utf8);
  }

  /** The JSON text. */
  @Override
  public String toString() {
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
