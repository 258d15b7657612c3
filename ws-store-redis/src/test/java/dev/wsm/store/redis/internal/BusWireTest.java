package dev.wsm.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.RoomId;
import dev.wsm.core.Target;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ClusterCommand;
import dev.wsm.core.spi.ClusterMessage;
import dev.wsm.core.spi.OutboundFrame;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusWireTest {
  private static final Target ROOM = Target.room(RoomId.of("lobby"))
      .exceptConnections(Set.of(ConnectionId.of("c1"))).exceptUsers(Set.of(UserId.of("ada")));

  @Test
  void aMessageComesBackWithItsSenderNumberTargetAndFrame() throws Exception {
    byte[] wire = BusWire.encode("bus-1", new ClusterMessage("node-a", ROOM,
        OutboundFrame.binary(new byte[] {0, -1, 7}), 17));
    BusWire.setSeq(wire, 42);

    BusWire.Envelope e = BusWire.decode(wire);

    assertThat(e.sender()).isEqualTo("bus-1");
    assertThat(e.seq()).isEqualTo(42);
    assertThat(e.command()).isNull();
    assertThat(e.message().origin()).isEqualTo("node-a");
    assertThat(e.message().target()).isEqualTo(ROOM);
    assertThat(e.message().offset()).isEqualTo(17);
    assertThat(e.message().frame().isBinary()).isTrue();
    assertThat(e.message().frame().payload()).containsExactly(0, -1, 7);
  }

  @Test
  void aStateFrameKeepsItsClassAndKeyAndAnEphemeralOneItsClass() throws Exception {
    var state = new ClusterMessage("node-a", ROOM, OutboundFrame.text("{\"p\":1}"),
        dev.wsm.core.DeliveryClass.STATE, "presence:alice");
    ClusterMessage back = BusWire.decode(BusWire.encode("bus-1", state)).message();
    assertThat(back.delivery()).isEqualTo(dev.wsm.core.DeliveryClass.STATE);
    assertThat(back.key()).isEqualTo("presence:alice");
    assertThat(back.frame().text()).isEqualTo("{\"p\":1}");
    var ephemeral = new ClusterMessage("node-a", ROOM, OutboundFrame.text("x"),
        dev.wsm.core.DeliveryClass.EPHEMERAL, null);
    ClusterMessage back2 = BusWire.decode(BusWire.encode("bus-1", ephemeral)).message();
    assertThat(back2.delivery()).isEqualTo(dev.wsm.core.DeliveryClass.EPHEMERAL);
    assertThat(back2.key()).isNull();
  }

  @Test
  void commandsComeBackWhole() throws Exception {
    var kick = new ClusterCommand.CloseUser("node-a", UserId.of("bob"), 4003, "bye");
    assertThat(BusWire.decode(BusWire.encode("bus-1", kick)).command()).isEqualTo(kick);
    var close = new ClusterCommand.CloseRoom("node-a", RoomId.of("lobby"), "expired");
    assertThat(BusWire.decode(BusWire.encode("bus-1", close)).command()).isEqualTo(close);
  }

  @Test
  void aResyncIsNeverEncoded() {
    assertThatThrownBy(() -> BusWire.encode("bus-1", new ClusterCommand.Resync("bus-1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theEnvelopeAddsAtMost40BytesToTheIdsAndTheFrame() {
    String sender = "0123456789abcdefghijkl";
    String origin = "node-0123456789abcdefghijkl";
    byte[] frame = "{\"type\":\"message\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] wire = BusWire.encode(sender, new ClusterMessage(origin, Target.room(RoomId.of("lobby")),
        OutboundFrame.text(frame), 1));

    assertThat(wire.length - sender.length() - origin.length() - "lobby".length() - frame.length)
        .isLessThanOrEqualTo(40);
  }

  @Test
  void everyTruncationOfAMessageIsRefusedAsMalformed() {
    byte[] wire = BusWire.encode("bus-1", new ClusterMessage("node-a", ROOM, OutboundFrame.text("{}")));
    for (int n = 0; n < wire.length; n++) {
      byte[] cut = Arrays.copyOf(wire, n);
      assertThatThrownBy(() -> BusWire.decode(cut)).isInstanceOf(BusWire.Malformed.class);
    }
  }

  @Test
  void anUnknownVersionTrailingBytesAndAHugeCountAreRefused() {
    byte[] wire = BusWire.encode("bus-1", new ClusterMessage("node-a", ROOM, OutboundFrame.text("{}")));
    byte[] v2 = wire.clone();
    v2[0] = (byte) (BusWire.VERSION + 1);
    assertThatThrownBy(() -> BusWire.decode(v2)).isInstanceOf(BusWire.Malformed.class)
        .hasMessageContaining("version");
    byte[] longer = Arrays.copyOf(wire, wire.length + 1);
    assertThatThrownBy(() -> BusWire.decode(longer)).isInstanceOf(BusWire.Malformed.class);
    byte[] all = BusWire.encode("b", new ClusterMessage("o", Target.all(), OutboundFrame.text("{}")));
    // the count of excluded connections follows: version 1 byte, seq 8, "b" 3, kind 1, "o" 3, target 1
    int countAt = 1 + 8 + 3 + 1 + 3 + 1;
    java.nio.ByteBuffer.wrap(all).putInt(countAt, Integer.MAX_VALUE);
    assertThatThrownBy(() -> BusWire.decode(all)).isInstanceOf(BusWire.Malformed.class)
        .hasMessageContaining("count");
  }

  @Test
  void anInvalidIdFromTheWireIsRefused() {
    byte[] wire = BusWire.encode("b", new ClusterMessage("o", Target.user(UserId.of("x")),
        OutboundFrame.text("{}")));
    // the user id "x" sits after the target kind: make it a control character
    int at = 1 + 8 + 3 + 1 + 3 + 1 + 2;
    wire[at] = 0x07;
    assertThatThrownBy(() -> BusWire.decode(wire)).isInstanceOf(BusWire.Malformed.class);
  }
}
