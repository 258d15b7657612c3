package dev.wsm.bench.jmh;

import dev.wsm.core.Delivery;
import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.Target;
import dev.wsm.core.UserId;
import dev.wsm.core.internal.LiveConnection;
import dev.wsm.core.internal.RoomFanout;
import dev.wsm.core.spi.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A room message through the real {@link RoomFanout#publish} path, as {@code PublishFrames} runs
 * it for a client's {@code publish}: a new {@link StoredMessage} with a fresh id, the room's striped
 * lock, the append to the in-memory stream (offset, bounded history with eviction), one encoding,
 * the hand-off to the (local, no-op) cluster bus, and the fan-out to every member but the sender.
 * Every member is a real {@code LiveConnection} on a {@link CountingSession}, so no I/O is measured:
 * this is the core's overhead per delivery, the floor under any transport.
 *
 * <p>{@code rooms} splits 1,000 receiving members: {@code 1} is one room of 1,000 (plus the sender),
 * {@code 100} is 100 rooms of 10 (the one sender is in all of them). Each member is its own user.
 *
 * <ul>
 *   <li>{@link #publish}: one message to one room (rotating through the rooms), in µs per publish:
 *       a 1,000-member fan-out for {@code rooms=1}, a 10-member one for {@code rooms=100}.
 *   <li>{@link #publishToEveryRoomPerDelivery}: one message to each room, 1,000 deliveries in all,
 *       reported in ns per delivery ({@code @OperationsPerInvocation(1000)}), so the two layouts
 *       compare directly: the difference is the fixed cost of a publish (id, append, encode) spread
 *       over 1,000 or over 10 recipients.
 * </ul>
 *
 * <p>For {@code rooms=1}, {@code publish} divided by 1,000 is the per-delivery figure too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class RoomFanoutBenchmark {
  static final int RECEIVERS = 1000;
  static final byte[] DATA = ProtocolBenchmark.MESSAGE_DATA.getBytes(StandardCharsets.UTF_8);

  @Param({"1", "100"})
  public int rooms;

  private RoomFanout fanout;
  private Clock clock;
  private RoomId[] roomIds;
  private Target[] targets;
  private UserId senderUser;
  private Predicate<LiveConnection> notSender;
  private int next;

  @Setup
  public void setUp() {
    if (RECEIVERS % rooms != 0) {
      throw new IllegalArgumentException("rooms must divide " + RECEIVERS);
    }
    BenchCore core = new BenchCore();
    fanout = core.get(RoomFanout.class);
    clock = core.clock;
    LiveConnection sender = core.connect("sender");
    senderUser = sender.user();
    notSender = other -> other == sender;
    roomIds = new RoomId[rooms];
    targets = new Target[rooms];
    int perRoom = RECEIVERS / rooms;
    for (int r = 0; r < rooms; r++) {
      roomIds[r] = RoomId.of("room-" + r);
      targets[r] = Target.room(roomIds[r]);
      core.join(roomIds[r], sender);
      for (int m = 0; m < perRoom; m++) {
        core.join(roomIds[r], core.connect("user-" + r + "-" + m));
      }
    }
    int delivered = 0;
    for (int r = 0; r < rooms; r++) {
      delivered += publishTo(r).toCompletableFuture().join().delivered();
    }
    if (delivered != RECEIVERS || sender.messagesSent() != 0) {
      throw new IllegalStateException("expected " + RECEIVERS + " deliveries, none to the sender; got "
          + delivered + ", " + sender.messagesSent() + " to the sender");
    }
  }

  private CompletionStage<Delivery> publishTo(int r) {
    StoredMessage m = new StoredMessage(MessageId.random(), roomIds[r], null, senderUser, null, DATA,
        false, null, clock.instant(), null, 0);
    return fanout.publish(m, notSender, targets[r]);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public CompletionStage<Delivery> publish() {
    int r = next;
    next = r + 1 == rooms ? 0 : r + 1;
    return publishTo(r);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @OperationsPerInvocation(RECEIVERS)
  public void publishToEveryRoomPerDelivery(Blackhole bh) {
    for (int r = 0; r < rooms; r++) {
      bh.consume(publishTo(r));
    }
  }
}
