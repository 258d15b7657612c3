package dev.wsm.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.Target;
import dev.wsm.core.spi.ClusterBus;
import dev.wsm.core.spi.ClusterMessage;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisTestServer;
import dev.wsm.testkit.contract.ClusterBusContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bus contract on a real Redis, plus what only this bus promises (wire errors, gaps). */
class RedisClusterBusTest extends ClusterBusContract {
  private final RedisOptions options = RedisTestServer.shared().options();
  private final List<RedisConnector> connectors = new ArrayList<>();
  private RedisTestServer own;

  private RedisConnector connector(RedisOptions o) {
    RedisConnector c = new RedisConnector(o);
    c.start();
    connectors.add(c);
    return c;
  }

  @Override
  protected ClusterBus newNode() {
    return new RedisClusterBus(connector(options));
  }

  @Override
  protected ClusterBus startedNodeThatCannotDeliver(int capacity) {
    own = RedisTestServer.ownProcess();
    RedisClusterBus bus = new RedisClusterBus(connector(RedisOptions.at(own.uri())
        .withKeyPrefix(options.keyPrefix())), capacity, 100);
    bus.start(m -> {});
    own.stopProcess();
    return bus;
  }

  @Override
  protected void cleanUp() {
    connectors.forEach(c -> c.stop(Duration.ofSeconds(1)));
    if (own != null) {
      own.close();
    }
    RedisTestServer.shared().deleteKeys(options.keyPrefix());
  }

  private void rawPublish(byte[] wire) {
    RedisClient client = RedisClient.create(options.uri().toString());
    try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
      c.sync().publish((options.keyPrefix() + "bus").getBytes(StandardCharsets.UTF_8), wire);
    } finally {
      client.shutdown(0, 1, TimeUnit.SECONDS);
    }
  }

  private static ClusterMessage message(String json) {
    return new ClusterMessage("node-x", Target.all(), OutboundFrame.text(json));
  }

  @Test
  void aMalformedMessageIsDroppedAndCountedAndTheBusGoesOn() throws Exception {
    RedisClusterBus bus = new RedisClusterBus(connector(options));
    var got = new LinkedBlockingQueue<ClusterMessage>();
    bus.start(got::add);
    try {
      rawPublish("not a bus message".getBytes(StandardCharsets.UTF_8));
      byte[] futureVersion = BusWire.encode("other", message("{}"));
      futureVersion[0] = (byte) (BusWire.VERSION + 1);
      rawPublish(futureVersion);
      byte[] truncated = BusWire.encode("other", message("{\"n\":1}"));
      rawPublish(java.util.Arrays.copyOf(truncated, truncated.length - 3));
      byte[] good = BusWire.encode("other", message("{\"ok\":true}"));
      BusWire.setSeq(good, 1);
      rawPublish(good);

      ClusterMessage m = got.poll(5, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.frame().text()).isEqualTo("{\"ok\":true}");
      assertThat(bus.stats().malformed()).isEqualTo(3);
    } finally {
      bus.stop();
      cleanUp();
    }
  }

  @Test
  void aSkippedSequenceNumberIsCountedAsAGapAndARepeatedOneIsDropped() throws Exception {
    RedisClusterBus bus = new RedisClusterBus(connector(options));
    var got = new LinkedBlockingQueue<ClusterMessage>();
    bus.start(got::add);
    try {
      for (long seq : new long[] {1, 2, 5, 5, 6}) {
        byte[] wire = BusWire.encode("other", message("{\"seq\":" + seq + "}"));
        BusWire.setSeq(wire, seq);
        rawPublish(wire);
      }
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ClusterMessage m = got.poll(5, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        texts.add(m.frame().text());
      }
      assertThat(texts).containsExactly("{\"seq\":1}", "{\"seq\":2}", "{\"seq\":5}", "{\"seq\":6}");
      assertThat(bus.stats().gaps()).isEqualTo(2);
      assertThat(bus.stats().duplicates()).isEqualTo(1);
    } finally {
      bus.stop();
      cleanUp();
    }
  }

  @Test
  void aBusResubscribesAfterRedisRestartsAndCountsTheMessagesItMissed() throws Exception {
    own = RedisTestServer.ownProcess();
    RedisOptions o = RedisOptions.at(own.uri()).withKeyPrefix(options.keyPrefix())
        .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500));
    RedisClusterBus sender = new RedisClusterBus(connector(o));
    RedisClusterBus receiver = new RedisClusterBus(connector(o));
    var got = new LinkedBlockingQueue<ClusterMessage>();
    sender.start(m -> {});
    receiver.start(got::add);
    try {
      sender.publish(message("{\"n\":1}"));
      assertThat(got.poll(5, TimeUnit.SECONDS)).isNotNull();
      own.stopProcess();
      assertThat(sender.publish(message("{\"n\":2}"))).isTrue(); // buffered, then times out
      Thread.sleep(1500);
      own.startProcess();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      ClusterMessage back = null;
      while (back == null && System.nanoTime() < deadline) {
        sender.publish(message("{\"n\":3}"));
        back = got.poll(200, TimeUnit.MILLISECONDS);
      }
      assertThat(back).as("a message after Redis came back").isNotNull();
      assertThat(receiver.stats().resubscribes()).isGreaterThanOrEqualTo(1);
      assertThat(receiver.stats().gaps()).isGreaterThanOrEqualTo(1);
      assertThat(sender.stats().failed()).isGreaterThanOrEqualTo(1);
    } finally {
      sender.stop();
      receiver.stop();
      cleanUp();
    }
  }

  @Test
  void unansweredPublishesAreBoundedInBytesAsWellAsInNumber() {
    own = RedisTestServer.ownProcess();
    RedisClusterBus bus = new RedisClusterBus(connector(RedisOptions.at(own.uri())
        .withKeyPrefix(options.keyPrefix())), 10_000, 100);
    bus.start(m -> {});
    try {
      own.stopProcess();
      ClusterMessage big = new ClusterMessage("node-x", Target.all(),
          OutboundFrame.binary(new byte[1 << 20]));
      int accepted = 0;
      while (accepted < 100 && bus.publish(big)) {
        accepted++;
      }
      assertThat(accepted).isBetween(60, 64);
      assertThat(bus.stats().dropped()).isEqualTo(1);
    } finally {
      bus.stop();
      cleanUp();
    }
  }
}
