package dev.wsm.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.RoomId;
import dev.wsm.core.Target;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ClusterBus;
import dev.wsm.core.spi.ClusterCommand;
import dev.wsm.core.spi.ClusterMessage;
import dev.wsm.core.spi.OutboundFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ClusterBus} that really connects nodes must pass (a single-node bus has
 * no one to talk to). Extend it and make buses of one cluster:
 *
 * <pre>{@code
 * class RedisClusterBusTest extends ClusterBusContract {
 *   @Override
 *   protected ClusterBus newNode() {
 *     return new RedisClusterBus(startedConnector(sharedOptions));
 *   }
 *
 *   @Override
 *   protected ClusterBus startedNodeThatCannotDeliver(int capacity) { ... }
 *
 *   @Override
 *   protected void cleanUp() { ... stop the connectors ... }
 * }
 * }</pre>
 *
 * <p>Every bus a test makes belongs to the same cluster, and to no other test's. The suite starts
 * and stops the buses itself, then calls {@link #cleanUp()}.
 */
public abstract class ClusterBusContract {
  private static final Duration WAIT = Duration.ofSeconds(5);
  /** Long enough for a message that is on its way to arrive. */
  private static final Duration QUIET = Duration.ofMillis(300);

  private final List<ClusterBus> buses = new ArrayList<>();

  /** A new bus of one more node of this test's cluster, not started. */
  protected abstract ClusterBus newNode();

  /**
   * A started bus of this test's cluster with a publish buffer of {@code capacity} messages that
   * cannot hand anything on now (e.g. its server was stopped after it started), so publishes stay
   * buffered for at least a few seconds.
   */
  protected abstract ClusterBus startedNodeThatCannotDeliver(int capacity);

  /** Whether the bus carries {@link ClusterCommand}s as well as messages (default true). */
  protected boolean carriesCommands() {
    return true;
  }

  /** Releases what the subclass made for this test; called after the suite stopped every bus. */
  protected void cleanUp() {}

  @AfterEach
  void stopBuses() {
    try {
      buses.forEach(ClusterBus::stop);
    } finally {
      cleanUp();
    }
  }

  /** A started node and what it receives. */
  protected final class Node {
    final ClusterBus bus;
    final BlockingQueue<ClusterMessage> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<ClusterCommand> commands = new LinkedBlockingQueue<>();

    Node(ClusterBus bus) {
      this.bus = bus;
      buses.add(bus);
      bus.start(messages::add, commands::add);
    }

    ClusterMessage next() {
      try {
        ClusterMessage m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("a message within " + WAIT).isNotNull();
        return m;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    ClusterMessage nextOrNull(Duration within) {
      try {
        return messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private Node node() {
    return new Node(newNode());
  }

  private static ClusterMessage text(String origin, Target target, String json) {
    return new ClusterMessage(origin, target, OutboundFrame.text(json));
  }

  private static void assertSame(ClusterMessage got, ClusterMessage sent) {
    assertThat(got.origin()).isEqualTo(sent.origin());
    assertThat(got.target()).isEqualTo(sent.target());
    assertThat(got.offset()).isEqualTo(sent.offset());
    assertThat(got.frame().isBinary()).isEqualTo(sent.frame().isBinary());
    assertThat(got.frame().payload()).isEqualTo(sent.frame().payload());
  }

  @Test
  void aMessageReachesEveryOtherNodeAndNeverItsSender() {
    Node a = node();
    Node b = node();
    Node c = node();
    ClusterMessage sent = text("node-a", Target.all(), "{\"n\":1}");

    assertThat(a.bus.publish(sent)).isTrue();

    assertSame(b.next(), sent);
    assertSame(c.next(), sent);
    // b's reply went out after a's message was delivered to b, so the bus handed a's message to a
    // (if it ever would) before the reply.
    ClusterMessage reply = text("node-b", Target.all(), "{\"n\":2}");
    assertThat(b.bus.publish(reply)).isTrue();
    assertSame(a.next(), reply);
    assertThat(a.nextOrNull(QUIET)).as("a node's own message").isNull();
    assertSame(c.next(), reply);
    assertThat(b.nextOrNull(QUIET)).as("a node's own message").isNull();
  }

  @Test
  void everyTargetKindCrossesWithItsExcludes() {
    Node a = node();
    Node b = node();
    ConnectionId conn = ConnectionId.of("c-1");
    UserId ada = UserId.of("ada");
    List<Target> targets = List.of(
        Target.connection(conn),
        Target.user(ada),
        Target.room(RoomId.of("lobby")),
        Target.room(RoomId.of("lobby")).exceptConnections(Set.of(conn, ConnectionId.of("c-2")))
            .exceptUsers(Set.of(ada, UserId.of("bob"))),
        Target.all(),
        Target.all().exceptConnections(Set.of(conn)).exceptUsers(Set.of(ada)),
        Target.label("agent"));
    for (Target t : targets) {
      assertThat(a.bus.publish(text("node-a", t, "{\"t\":\"" + t.getClass().getSimpleName() + "\"}")))
          .isTrue();
    }
    for (Target t : targets) {
      assertThat(b.next().target()).isEqualTo(t);
    }
  }

  @Test
  void aRoomMessageKeepsItsOffset() {
    Node a = node();
    Node b = node();
    ClusterMessage sent = new ClusterMessage("node-a", Target.room(RoomId.of("lobby")),
        OutboundFrame.text("{}"), Long.MAX_VALUE - 1);

    a.bus.publish(sent);

    assertSame(b.next(), sent);
  }

  @Test
  void framesKeepEveryByteAndWhetherTheyAreBinary() {
    Node a = node();
    Node b = node();
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    ClusterMessage binary = new ClusterMessage("node-a", Target.all(), OutboundFrame.binary(all));
    ClusterMessage text = text("node-a", Target.all(), "{\"text\":\"h\u00e9llo \ud83d\udc4b\"}");
    ClusterMessage empty = new ClusterMessage("node-a", Target.all(), OutboundFrame.binary(new byte[0]));

    a.bus.publish(binary);
    a.bus.publish(text);
    a.bus.publish(empty);

    assertSame(b.next(), binary);
    assertSame(b.next(), text);
    assertSame(b.next(), empty);
  }

  @Test
  void messagesOfOneNodeArriveInTheOrderTheyWerePublished() {
    Node a = node();
    Node b = node();
    for (int i = 0; i < 200; i++) {
      assertThat(a.bus.publish(text("node-a", Target.all(), "{\"n\":" + i + "}"))).isTrue();
    }
    for (int i = 0; i < 200; i++) {
      assertThat(b.next().frame().text()).isEqualTo("{\"n\":" + i + "}");
    }
  }

  @Test
  void commandsReachTheOtherNodesOnly() throws InterruptedException {
    org.junit.jupiter.api.Assumptions.assumeTrue(carriesCommands(), "this bus carries no commands");
    Node a = node();
    Node b = node();
    var kick = new ClusterCommand.CloseUser("node-a", UserId.of("ada"), 4003, "kicked");

    assertThat(a.bus.publish(kick)).isTrue();

    assertThat(b.commands.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(kick);
    assertThat(a.commands.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aFullBufferDropsAndReportsFalseWithoutBlocking() {
    int capacity = 8;
    ClusterBus stalled = startedNodeThatCannotDeliver(capacity);
    buses.add(stalled);
    long start = System.nanoTime();
    List<Boolean> results = new ArrayList<>();
    for (int i = 0; i < capacity * 2; i++) {
      results.add(stalled.publish(text("node-a", Target.all(), "{\"n\":" + i + "}")));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(results.subList(0, capacity)).containsOnly(true);
    assertThat(results.subList(capacity, results.size())).containsOnly(false);
    assertThat(took).isLessThan(Duration.ofMillis(500));
  }

  @Test
  void stopIsIdempotentAndAStoppedBusPublishesNothing() {
    Node a = node();
    Node b = node();
    a.bus.stop();
    a.bus.stop();

    assertThat(a.bus.publish(text("node-a", Target.all(), "{}"))).isFalse();
    assertThat(b.nextOrNull(QUIET)).isNull();
  }
}
