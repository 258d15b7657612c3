package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.SendResult;
import dev.wsm.core.spi.TransportSession;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalRoomIndexTest {
  private static final class NoSession implements TransportSession {
    private volatile Object attachment;

    @Override public InetSocketAddress remoteAddress() {
      return new InetSocketAddress("127.0.0.1", 1);
    }

    @Override public SendResult send(OutboundFrame frame) {
      return SendResult.SENT;
    }

    @Override public void ping(byte[] payload) {}

    @Override public void close(int code, String reason) {}

    @Override public boolean isOpen() {
      return true;
    }

    @Override public Object attachment() {
      return attachment;
    }

    @Override public void attach(Object a) {
      attachment = a;
    }
  }

  private static LiveConnection connection(String user) {
    return new LiveConnection(ConnectionId.random(), Principal.of(UserId.of(user)), new NoSession(),
        Clock.systemUTC());
  }

  @Test
  void aMemberAddedWhileTheLastOtherMemberLeavesIsNeverLost() throws Exception {
    LocalRoomIndex index = new LocalRoomIndex();
    RoomId room = RoomId.of("r");
    LiveConnection churner = connection("churner");
    LiveConnection joiner = connection("joiner");
    AtomicInteger lost = new AtomicInteger();
    Thread churn = new Thread(() -> {
      for (int i = 0; i < 200_000; i++) {
        index.add(room, churner);
        index.remove(room, churner);
      }
    });
    churn.start();
    for (int i = 0; i < 200_000 && churn.isAlive(); i++) {
      index.add(room, joiner);
      if (!index.members(room).contains(joiner)) {
        lost.incrementAndGet();
      }
      index.remove(room, joiner);
    }
    churn.join();
    assertThat(lost.get()).as("joins that landed in a set no longer in the index").isZero();
  }

  @Test
  void removingTheLastMemberDropsTheRoomFromTheIndex() {
    LocalRoomIndex index = new LocalRoomIndex();
    LiveConnection a = connection("a");
    index.add(RoomId.of("r"), a);
    assertThat(index.roomCount()).isEqualTo(1);
    assertThat(index.remove(RoomId.of("r"), a)).isTrue();
    assertThat(index.roomCount()).isZero();
    assertThat(a.rooms()).isEmpty();
  }

  @Test
  void aConnectionsRoomsFollowItsJoinsAndLeaves() {
    LocalRoomIndex index = new LocalRoomIndex();
    LiveConnection a = connection("a");
    assertThat(a.rooms()).as("before any join").isEmpty();
    assertThat(index.remove(RoomId.of("never"), a)).isFalse();

    index.add(RoomId.of("r1"), a);
    index.add(RoomId.of("r2"), a);
    assertThat(a.rooms()).containsExactlyInAnyOrder(RoomId.of("r1"), RoomId.of("r2"));
    index.removeRoom(RoomId.of("r1"));
    assertThat(a.rooms()).containsExactly(RoomId.of("r2"));
  }

  @Test
  void aRoomReservedForAJoinCountsAgainstTheLimitUntilReleased() {
    LiveConnection a = connection("a");
    LocalRoomIndex index = new LocalRoomIndex();
    index.add(RoomId.of("in"), a);

    assertThat(a.reserveRoom(RoomId.of("in"), 2)).as("already in it").isZero();
    assertThat(a.reserveRoom(RoomId.of("next"), 2)).isEqualTo(1);
    assertThat(a.reserveRoom(RoomId.of("next"), 2)).as("already joining it").isZero();
    assertThat(a.reserveRoom(RoomId.of("third"), 2)).as("one joined, one joining").isEqualTo(-1);
    a.releaseRoom(RoomId.of("next"));
    assertThat(a.reserveRoom(RoomId.of("third"), 2)).isEqualTo(1);
  }
}
