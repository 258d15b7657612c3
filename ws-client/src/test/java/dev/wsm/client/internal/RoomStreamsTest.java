package dev.wsm.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.client.StreamPosition;
import org.junit.jupiter.api.Test;

class RoomStreamsTest {
  private final RoomStreams streams = new RoomStreams();

  @Test
  void aMessageAtOrBelowTheHighestOffsetSeenIsADuplicate() {
    streams.joined("lobby", null, new StreamPosition("E1", 41));
    assertThat(streams.isDuplicate("lobby", 41)).isTrue();
    assertThat(streams.isDuplicate("lobby", 42)).isFalse();
    streams.seen("lobby", 42);
    assertThat(streams.isDuplicate("lobby", 42)).isTrue();
    assertThat(streams.get("lobby").position()).isEqualTo(new StreamPosition("E1", 42));
  }

  @Test
  void aLowerOffsetThatArrivesLateIsDeliveredOnceAndTheResumeStartsBelowIt() {
    streams.joined("lobby", null, new StreamPosition("E1", 10));
    streams.seen("lobby", 13); // 11 and 12 are still on their way from another node
    assertThat(streams.isDuplicate("lobby", 12)).isFalse();
    assertThat(streams.joinedRooms().get(0).highest).as("resume from below the hole").isEqualTo(10);
    streams.seen("lobby", 12);
    assertThat(streams.isDuplicate("lobby", 12)).isTrue();
    assertThat(streams.isDuplicate("lobby", 11)).isFalse();
    streams.seen("lobby", 11);
    assertThat(streams.isDuplicate("lobby", 11)).isTrue();
    assertThat(streams.joinedRooms().get(0).highest).isEqualTo(13);
  }

  @Test
  void aHoleThatIsNeverFilledIsGivenUpAfterTheGrace() {
    streams.joined("lobby", null, new StreamPosition("E1", 10));
    streams.seen("lobby", 12);
    RoomStreams.Stream s = streams.get("lobby");
    s.holes.replaceAll((offset, since) -> since - RoomStreams.HOLE_GRACE_NANOS - 1);
    assertThat(streams.isDuplicate("lobby", 11)).as("given up: a late copy is dropped").isTrue();
    assertThat(streams.joinedRooms().get(0).highest).isEqualTo(12);
  }

  @Test
  void aRecoveryToAPositionClosesTheHolesBelowIt() {
    streams.joined("lobby", null, new StreamPosition("E1", 10));
    streams.seen("lobby", 14);
    streams.reset("lobby", "E1", 14);
    assertThat(streams.get("lobby").holes).isEmpty();
  }

  @Test
  void messagesThatOvertookTheJoinReplyStayCounted() {
    streams.seen("lobby", 43); // arrived before the reply, which reports the stream at 42
    streams.joined("lobby", null, new StreamPosition("E1", 42));
    assertThat(streams.get("lobby").position()).isEqualTo(new StreamPosition("E1", 43));
  }

  @Test
  void aNewEpochStartsAtItsOwnOffset() {
    streams.joined("lobby", "pw", new StreamPosition("E1", 500));
    streams.reset("lobby", "E2", 3);
    assertThat(streams.get("lobby").position()).isEqualTo(new StreamPosition("E2", 3));
    assertThat(streams.isDuplicate("lobby", 4)).isFalse();
    assertThat(streams.get("lobby").password).isEqualTo("pw");
  }

  @Test
  void onlyRoomsJoinedThroughTheClientAreResumed() {
    streams.joined("a", null, new StreamPosition("E", 0));
    streams.seen("server-side", 7);
    streams.joined("b", null, null);
    assertThat(streams.joinedRooms()).extracting(s -> s.room).containsExactly("a", "b");
    streams.forgetNotJoined();
    assertThat(streams.get("server-side")).isNull();
    streams.forget("a");
    assertThat(streams.joinedRooms()).extracting(s -> s.room).containsExactly("b");
  }
}
