package dev.wsm.client;

import static org.assertj.core.api.Assertions.assertThat;

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
