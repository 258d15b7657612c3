package dev.wsm.bench.jmh;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.protocol.ClientFrameDecoder;
import dev.wsm.core.protocol.ProtocolException;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The wire protocol's per-frame cost, with no routing around it:
 *
 * <ul>
 *   <li>{@link #decodePublish}: {@link ClientFrameDecoder#decode} of a typical 153-byte {@code
 *       publish} frame (ref, room, event, a small JSON object as data) into a {@link
 *       ClientFrame.Publish} — what a transport thread pays for every inbound chat message.
 *   <li>{@link #encodeMessage}: {@link ServerFrames#message} of a room {@code message} frame from a
 *       {@link StoredMessage} holding 98 bytes of JSON data — what a broadcast pays once, however
 *       many members it reaches.
 *   <li>{@link #decodeMalformed}: the error path, a publish frame cut off mid-JSON, ending in a
 *       {@link ProtocolException} (Jackson's exception plus ours, stack traces included) — what a
 *       misbehaving client costs per frame.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProtocolBenchmark {
  /** 153 bytes: a chat line as a browser client sends it. */
  static final String PUBLISH_FRAME = "{\"type\":\"publish\",\"ref\":\"r-000123\",\"room\":\"lobby\","
      + "\"event\":\"chat\",\"data\":{\"text\":\"hello everyone, how is it going today?\",\"n\":42,"
      + "\"tags\":[\"a\",\"b\"],\"ok\":1}}";

  /** The same frame cut off inside {@code data}: not valid JSON. */
  static final String MALFORMED_FRAME = PUBLISH_FRAME.substring(0, 110);

  /** 98 bytes of JSON, the data of the encoded message. */
  static final String MESSAGE_DATA = "{\"text\":\"hello everyone, this is a typical chat line\","
      + "\"n\":42,\"tags\":[\"greeting\",\"chat\"],\"ok\":true}";

  private ClientFrameDecoder decoder;
  private StoredMessage stored;

  @Setup
  public void setUp() {
    decoder = new ClientFrameDecoder();
    stored = new StoredMessage(MessageId.random(), RoomId.of("lobby"), null, UserId.of("alice"),
        null, MESSAGE_DATA.getBytes(StandardCharsets.UTF_8), false, null,
        Instant.parse("2025-01-01T12:00:00.123Z"), null, 4711);
    if (!(decoder.decode(PUBLISH_FRAME) instanceof ClientFrame.Publish)) {
      throw new IllegalStateException("the publish frame does not decode to a Publish");
    }
    try {
      decoder.decode(MALFORMED_FRAME);
      throw new IllegalStateException("the malformed frame decoded");
    } catch (ProtocolException expected) {
      // the path decodeMalformed measures
    }
  }

  @Benchmark
  public ClientFrame decodePublish() {
    return decoder.decode(PUBLISH_FRAME);
  }

  @Benchmark
  public OutboundFrame encodeMessage() {
    return ServerFrames.message("message", stored);
  }

  @Benchmark
  public Object decodeMalformed() {
    try {
      return decoder.decode(MALFORMED_FRAME);
    } catch (ProtocolException e) {
      return e;
    }
  }
}
