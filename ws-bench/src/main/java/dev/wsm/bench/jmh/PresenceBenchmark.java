package dev.wsm.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.Presence;
import dev.wsm.core.PresenceStatus;
import dev.wsm.core.RoomId;
import dev.wsm.core.internal.DefaultPresenceTracker;
import dev.wsm.core.internal.LiveConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link DefaultPresenceTracker#update}: one device of a user changes its status, in µs per update.
 * The user is in 10 rooms of 100 members each (the user and 99 others, all distinct), so every
 * update aggregates the user's devices, saves to the in-memory presence store, collects the 991
 * distinct recipients (the user's device and everyone sharing a room) into an identity set, encodes
 * one {@code presence} frame and sends it to each {@link CountingSession}. No I/O is measured;
 * divide by 991 for the cost per recipient.
 *
 * <ul>
 *   <li>{@link #statusOnly}: the status alternates between away and online, no metadata.
 *   <li>{@link #statusAndMeta}: the same with a small metadata object, which adds its size check,
 *       its copy and its serialization.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PresenceBenchmark {
  static final int ROOMS = 10;
  static final int MEMBERS_PER_ROOM = 100;
  /** The user's device plus 99 others in each of 10 rooms. */
  static final int RECIPIENTS = 1 + ROOMS * (MEMBERS_PER_ROOM - 1);

  private DefaultPresenceTracker presence;
  private ConnectionId device;
  private JsonNode meta;
  private boolean away;

  @Setup
  public void setUp() {
    BenchCore core = new BenchCore();
    presence = core.get(DefaultPresenceTracker.class);
    LiveConnection user = core.connect("alice");
    device = user.id();
    List<LiveConnection> others = new ArrayList<>();
    for (int r = 0; r < ROOMS; r++) {
      RoomId room = RoomId.of("room-" + r);
      core.join(room, user);
      for (int m = 1; m < MEMBERS_PER_ROOM; m++) {
        LiveConnection other = core.connect("user-" + r + "-" + m);
        core.join(room, other);
        others.add(other);
      }
    }
    meta = JsonNodeFactory.instance.objectNode().put("mood", "focused").put("client", "web");
    presence.update(device, PresenceStatus.AWAY, meta).toCompletableFuture().join();
    long reached = others.stream().filter(o -> o.messagesSent() == 1).count()
        + user.messagesSent();
    if (reached != RECIPIENTS) {
      throw new IllegalStateException("expected " + RECIPIENTS + " recipients, got " + reached);
    }
  }

  private PresenceStatus nextStatus() {
    away = !away;
    return away ? PresenceStatus.AWAY : PresenceStatus.ONLINE;
  }

  @Benchmark
  public CompletionStage<Presence> statusOnly() {
    return presence.update(device, nextStatus(), null);
  }

  @Benchmark
  public CompletionStage<Presence> statusAndMeta() {
    return presence.update(device, nextStatus(), meta);
  }
}
