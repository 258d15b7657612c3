package dev.wsm.core.spi;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * One encoded message, ready to be written to any number of connections: a broadcast builds one
 * frame and hands the same instance to every recipient. Immutable; the transport may cache its own
 * wire form of the frame with {@link #wire(Function)}.
 */
public final class OutboundFrame {
  private final byte[] payload;
  private final boolean binary;
  private volatile Object wire;

  private OutboundFrame(byte[] payload, boolean binary) {
    this.payload = Objects.requireNonNull(payload, "payload");
    this.binary = binary;
  }

  /** A text frame holding UTF-8 bytes; the array must not be changed afterwards. */
  public static OutboundFrame text(byte[] utf8) {
    return new OutboundFrame(utf8, false);
  }

  public static OutboundFrame text(String text) {
    return new OutboundFrame(text.getBytes(StandardCharsets.UTF_8), false);
  }

  /** A binary frame; the array must not be changed afterwards. */
  public static OutboundFrame binary(byte[] bytes) {
    return new OutboundFrame(bytes, true);
  }

  public boolean isBinary() {
    return binary;
  }

  /** The payload bytes, not copied: callers must not change them. */
  public byte[] payload() {
    return payload;
  }

  public int size() {
    return payload.length;
  }

  /** The text of a text frame. */
  public String text() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /**
   * The transport's own encoding of this frame, computed once by {@code encoder} and then shared.
   * One transport per frame: a frame is never written by two transports.
   */
  @SuppressWarnings("unchecked")
  public <T> T wire(Function<OutboundFrame, T> encoder) {
    Object cached = wire;
    if (cached == null) {
      cached = encoder.apply(this);
      wire = cached;
    }
    return (T) cached;
  }
}
