package dev.wsm.bench.jmh;

import dev.wsm.core.UserId;
import dev.wsm.core.internal.CoreTransportHandler;
import dev.wsm.core.spi.Principal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A client's {@code publish} frame through everything the core does with it, as a transport hands
 * it over: {@link CoreTransportHandler#onText} decodes the text, checks the rate limits and the
 * membership, asks the authorizer, stores the message, encodes it once, fans it out to the room's
 * other members and answers the publisher's {@code ref}. Sessions are {@link CountingSession}s, so
 * no I/O is measured. The connections are opened and joined through the same handler.
 *
 * <p>{@code members} is the room size including the publisher; the publisher is in 100 rooms and
 * publishes to them in turn, so a run's fixed cost per publish is {@link #publish} minus {@code
 * members - 1} deliveries.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PublishPathBenchmark {
  static final int ROOMS = 100;

  @Param({"11"})
  public int members;

  private CoreTransportHandler handler;
  private CountingSession publisher;
  private String[] frames;
  private int next;

  @Setup
  public void setUp() {
    BenchCore core = new BenchCore();
    handler = core.get(CoreTransportHandler.class);
    publisher = open("publisher");
    CountingSession[] receivers = new CountingSession[ROOMS * (members - 1)];
    frames = new String[ROOMS];
    for (int r = 0; r < ROOMS; r++) {
      String room = "room-" + r;
      join(publisher, room);
      for (int m = 0; m < members - 1; m++) {
        CountingSession s = open("user-" + r + "-" + m);
        join(s, room);
        receivers[r * (members - 1) + m] = s;
      }
      frames[r] = "{\"type\":\"publish\",\"ref\":\"p" + r + "\",\"room\":\"" + room
          + "\",\"data\":{\"t\":123456789012345,\"s\":\"" + "x".repeat(80) + "\"}}";
    }
    long[] before = new long[receivers.length];
    for (int i = 0; i < receivers.length; i++) {
      before[i] = receivers[i].frames();
    }
    long replies = publisher.frames();
    for (String frame : frames) {
      handler.onText(publisher, frame);
    }
    if (publisher.frames() - replies != ROOMS) {
      throw new IllegalStateException("expected one reply per publish, got "
          + (publisher.frames() - replies) + " frames for " + ROOMS + " publishes");
    }
    for (int i = 0; i < receivers.length; i++) {
      if (receivers[i].frames() - before[i] != 1) {
        throw new IllegalStateException("member " + i + " received "
            + (receivers[i].frames() - before[i]) + " frames for its room's one message");
      }
    }
  }

  private CountingSession open(String user) {
    CountingSession s = new CountingSession();
    handler.onOpen(s, Principal.of(UserId.of(user)));
    return s;
  }

  private void join(CountingSession s, String room) {
    long before = s.frames();
    handler.onText(s, "{\"type\":\"join\",\"ref\":\"j\",\"room\":\"" + room + "\"}");
    if (s.frames() == before) {
      throw new IllegalStateException("no reply to the join of " + room);
    }
  }

  @Benchmark
  public void publish() {
    int r = next;
    next = r + 1 == ROOMS ? 0 : r + 1;
    handler.onText(publisher, frames[r]);
  }
}
