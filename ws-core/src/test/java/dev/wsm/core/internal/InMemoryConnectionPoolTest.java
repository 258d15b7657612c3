package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.Connection;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.HubOptions;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.SendResult;
import dev.wsm.core.spi.TransportSession;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InMemoryConnectionPoolTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final UserId ADA = UserId.of("ada");
  private static final UserId BOB = UserId.of("bob");

  /** A transport session that records what the core sends it. */
  static final class RecordingSession implements TransportSession {
    final List<OutboundFrame> sent = new CopyOnWriteArrayList<>();
    volatile boolean open = true;
    volatile int closeCode;
    /** Whether reads are suspended, as the last suspendReads or resumeReads left them. */
    volatile boolean readsSuspended;
    private volatile Object attachment;

    @Override
    public InetSocketAddress remoteAddress() {
      return new InetSocketAddress("127.0.0.1", 50_000);
    }

    @Override
    public SendResult send(OutboundFrame frame) {
      if (!open) {
        return SendResult.CLOSED;
      }
      sent.add(frame);
      return SendResult.SENT;
    }

    @Override
    public void suspendReads() {
      readsSuspended = true;
    }

    @Override
    public void resumeReads() {
      readsSuspended = false;
    }

    @Override
    public void ping(byte[] payload) {}

    @Override
    public void close(int code, String reason) {
      closeCode = code;
      open = false;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public Object attachment() {
      return attachment;
    }

    @Override
    public void attach(Object attachment) {
      this.attachment = attachment;
    }
  }

  private static LiveConnection connection(String id, UserId user) {
    return connection(id, new Principal(user, Set.of(), Set.of(), Map.of()));
  }

  private static LiveConnection connection(String id, Principal principal) {
    return new LiveConnection(ConnectionId.of(id), principal, new RecordingSession(), CLOCK);
  }

  private static InMemoryConnectionPool pool(int maxPerUser) {
    return new InMemoryConnectionPool(HubOptions.DEFAULTS.withMaxConnectionsPerUser(maxPerUser));
  }

  private static List<String> ids(List<Connection> connections) {
    return connections.stream().map(c -> c.id().value()).sorted().toList();
  }

  @Test
  void refusesAUserOverThePerUserLimit() {
    InMemoryConnectionPool pool = pool(2);
    LiveConnection third = connection("a3", ADA);

    assertThat(pool.add(connection("a1", ADA))).isTrue();
    assertThat(pool.add(connection("a2", ADA))).isTrue();
    assertThat(pool.hasRoomFor(ADA)).isFalse();
    assertThat(pool.add(third)).isFalse();

    assertThat(pool.countForUser(ADA)).isEqualTo(2);
    assertThat(pool.get(third.id())).isEmpty();
    assertThat(pool.add(connection("b1", BOB))).as("other users are not limited by ada").isTrue();
    assertThat(pool.count()).isEqualTo(3);
  }

  @Test
  void zeroPerUserLimitMeansNoLimit() {
    InMemoryConnectionPool pool = pool(0);

    for (int i = 0; i < 50; i++) {
      assertThat(pool.add(connection("a" + i, ADA))).isTrue();
    }
    assertThat(pool.countForUser(ADA)).isEqualTo(50);
    assertThat(pool.hasRoomFor(ADA)).isTrue();
  }

  @Test
  void removingAConnectionFreesItsPlace() {
    InMemoryConnectionPool pool = pool(1);
    LiveConnection first = connection("a1", ADA);
    pool.add(first);

    pool.remove(first);

    assertThat(pool.hasRoomFor(ADA)).isTrue();
    assertThat(pool.add(connection("a2", ADA))).isTrue();
  }

  @Test
  void removeReportsWhetherItWasTheUsersLastDevice() {
    InMemoryConnectionPool pool = pool(10);
    LiveConnection phone = connection("phone", ADA);
    LiveConnection laptop = connection("laptop", ADA);
    pool.add(phone);
    pool.add(laptop);

    assertThat(pool.remove(phone)).isFalse();
    assertThat(pool.remove(laptop)).isTrue();
    assertThat(pool.remove(laptop)).as("removing twice").isFalse();
    assertThat(pool.countForUser(ADA)).isZero();
    assertThat(pool.byUser(ADA)).isEmpty();
  }

  @Test
  void aUserKeepsEveryDeviceWhileDevicesComeAndGoOneByOne() {
    InMemoryConnectionPool pool = pool(0);
    LiveConnection phone = connection("phone", ADA);
    LiveConnection laptop = connection("laptop", ADA);
    LiveConnection tablet = connection("tablet", ADA);

    pool.add(phone);
    assertThat(pool.liveByUser(ADA)).containsExactly(phone);
    pool.add(laptop);
    pool.add(tablet);
    assertThat(pool.liveByUser(ADA)).containsExactlyInAnyOrder(phone, laptop, tablet);
    assertThat(pool.remove(laptop)).isFalse();
    assertThat(pool.remove(phone)).isFalse();
    assertThat(pool.liveByUser(ADA)).containsExactly(tablet);
    pool.add(phone);
    assertThat(pool.liveByUser(ADA)).containsExactlyInAnyOrder(tablet, phone);
    assertThat(pool.remove(tablet)).isFalse();
    assertThat(pool.remove(phone)).isTrue();
    assertThat(pool.liveByUser(ADA)).isEmpty();
    assertThat(pool.count()).isZero();
  }

  @Test
  void addingTheSameConnectionTwiceCountsItOnce() {
    InMemoryConnectionPool pool = pool(0);
    LiveConnection phone = connection("phone", ADA);
    LiveConnection laptop = connection("laptop", ADA);

    assertThat(pool.add(phone)).isTrue();
    assertThat(pool.add(phone)).isTrue();
    assertThat(pool.countForUser(ADA)).isEqualTo(1);
    pool.add(laptop);
    assertThat(pool.add(laptop)).isTrue();
    assertThat(pool.countForUser(ADA)).isEqualTo(2);
  }

  @Test
  void removeOfAConnectionNotInThePoolReturnsFalse() {
    InMemoryConnectionPool pool = pool(10);
    pool.add(connection("a1", ADA));

    assertThat(pool.remove(connection("stranger", ADA))).isFalse();
    assertThat(pool.countForUser(ADA)).isEqualTo(1);
  }

  @Test
  void byUserReturnsEveryDeviceOfTheUser() {
    InMemoryConnectionPool pool = pool(10);
    pool.add(connection("a1", ADA));
    pool.add(connection("a2", ADA));
    pool.add(connection("b1", BOB));

    assertThat(ids(pool.byUser(ADA))).containsExactly("a1", "a2");
    assertThat(ids(pool.byUser(BOB))).containsExactly("b1");
    assertThat(pool.byUser(UserId.of("nobody"))).isEmpty();
  }

  @Test
  void byLabelReturnsConnectionsCarryingTheLabel() {
    InMemoryConnectionPool pool = pool(10);
    pool.add(connection("agent", new Principal(ADA, Set.of(), Set.of("support", "en"), Map.of())));
    pool.add(connection("other", new Principal(BOB, Set.of(), Set.of("en"), Map.of())));
    pool.add(connection("plain", UserId.of("cy")));

    assertThat(ids(pool.byLabel("support"))).containsExactly("agent");
    assertThat(ids(pool.byLabel("en"))).containsExactly("agent", "other");
    assertThat(pool.byLabel("fr")).isEmpty();
  }

  @Test
  void matchingAppliesThePredicateToEveryConnection() {
    InMemoryConnectionPool pool = pool(10);
    pool.add(connection("eu", new Principal(ADA, Set.of(), Set.of(), Map.of("region", "eu"))));
    pool.add(connection("us", new Principal(BOB, Set.of(), Set.of(), Map.of("region", "us"))));

    assertThat(ids(pool.matching(c -> "eu".equals(c.metadata().get("region")))))
        .containsExactly("eu");
    assertThat(ids(pool.matching(c -> true))).containsExactly("eu", "us");
  }

  @Test
  void getAndAllSeeEveryAddedConnection() {
    InMemoryConnectionPool pool = pool(10);
    LiveConnection a1 = connection("a1", ADA);
    pool.add(a1);
    pool.add(connection("b1", BOB));

    assertThat(pool.get(ConnectionId.of("a1"))).containsSame(a1);
    assertThat(pool.live(ConnectionId.of("a1"))).isSameAs(a1);
    assertThat(pool.get(ConnectionId.of("missing"))).isEmpty();
    assertThat(pool.all()).hasSize(2);
    assertThat(pool.count()).isEqualTo(2);
  }

  @Test
  void resultsAreSnapshots() {
    InMemoryConnectionPool pool = pool(10);
    LiveConnection a1 = connection("a1", ADA);
    pool.add(a1);
    List<Connection> devices = pool.byUser(ADA);

    pool.add(connection("a2", ADA));
    pool.remove(a1);

    assertThat(ids(devices)).containsExactly("a1");
  }

  @Test
  void liveConnectionSendsThroughItsSessionAndCountsFrames() {
    RecordingSession session = new RecordingSession();
    LiveConnection c = new LiveConnection(ConnectionId.of("a1"), Principal.of(ADA), session, CLOCK);
    OutboundFrame frame = OutboundFrame.text("{\"type\":\"pong\"}");

    assertThat(c.send(frame)).isEqualTo(SendResult.SENT);
    session.close(1000, "bye");
    assertThat(c.send(frame)).isEqualTo(SendResult.CLOSED);

    assertThat(session.sent).containsExactly(frame);
    assertThat(c.messagesSent()).isEqualTo(1);
    assertThat(c.isOpen()).isFalse();
    assertThat(c.connectedAt()).isEqualTo(CLOCK.instant());
  }

  @Test
  void framesSentFromManyThreadsAtOnceAreEachCounted() throws Exception {
    LiveConnection c = new LiveConnection(ConnectionId.of("a1"), Principal.of(ADA),
        new RecordingSession(), CLOCK);
    OutboundFrame frame = OutboundFrame.text("{}");
    Thread[] senders = new Thread[4];
    for (int t = 0; t < senders.length; t++) {
      senders[t] = new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          c.send(frame);
        }
      });
      senders[t].start();
    }
    for (Thread sender : senders) {
      sender.join();
    }
    c.received();
    c.received();

    assertThat(c.messagesSent()).isEqualTo(40_000);
    assertThat(c.messagesReceived()).isEqualTo(2);
  }
}
