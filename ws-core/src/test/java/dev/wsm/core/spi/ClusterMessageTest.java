package dev.wsm.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsm.core.RoomId;
import dev.wsm.core.Target;
import dev.wsm.core.UserId;
import org.junit.jupiter.api.Test;

class ClusterMessageTest {
  private static final OutboundFrame FRAME = OutboundFrame.text("{}");

  @Test
  void aMatchingTargetCannotCrossNodes() {
    assertThatThrownBy(() -> new ClusterMessage("n", Target.matching(c -> true), FRAME))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("local-only");
  }

  @Test
  void onlyARoomMessageCarriesAnOffset() {
    assertThat(new ClusterMessage("n", Target.room(RoomId.of("r")), FRAME, 7).offset()).isEqualTo(7);
    assertThat(new ClusterMessage("n", Target.all(), FRAME).offset()).isZero();
    assertThatThrownBy(() -> new ClusterMessage("n", Target.user(UserId.of("u")), FRAME, 7))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClusterMessage("n", Target.room(RoomId.of("r")), FRAME, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKickNeedsACloseCodeAnApplicationMaySendAndAShortReason() {
    assertThatThrownBy(() -> new ClusterCommand.CloseUser("n", UserId.of("u"), 1006, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("close code");
    assertThatThrownBy(() -> new ClusterCommand.CloseUser("n", UserId.of("u"), 4003, "x".repeat(124)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("123 bytes");
    assertThat(new ClusterCommand.CloseUser("n", UserId.of("u"), 1000, "").code()).isEqualTo(1000);
  }
}
