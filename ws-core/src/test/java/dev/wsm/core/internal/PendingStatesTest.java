package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsm.core.DeliveryOptions;
import dev.wsm.core.spi.OutboundFrame;
import org.junit.jupiter.api.Test;

class PendingStatesTest {

  @Test
  void aNewerFrameOfAKeyReplacesTheWaitingOneAndKeysKeepTheirOrder() {
    PendingStates pending = new PendingStates();
    assertThat(pending.defer("a", OutboundFrame.text("a1"), 10)).isZero();
    assertThat(pending.defer("b", OutboundFrame.text("b1"), 10)).isZero();
    assertThat(pending.defer("a", OutboundFrame.text("a2"), 10)).isEqualTo(1);
    assertThat(pending.takeAll()).extracting(OutboundFrame::text).containsExactly("b1", "a2");
    assertThat(pending.isWaiting()).isFalse();
    assertThat(pending.takeShed()).containsExactly(0, 1);
    assertThat(pending.takeShed()).containsExactly(0, 0);
  }

  @Test
  void pastTheKeyLimitTheOldestWaitingKeyIsDropped() {
    PendingStates pending = new PendingStates();
    pending.defer("a", OutboundFrame.text("a"), 2);
    pending.defer("b", OutboundFrame.text("b"), 2);
    assertThat(pending.defer("c", OutboundFrame.text("c"), 2)).isEqualTo(1);
    assertThat(pending.takeAll()).extracting(OutboundFrame::text).containsExactly("b", "c");
  }

  @Test
  void deliveryOptionsRefuseAMarkOutsideZeroToOne() {
    assertThatThrownBy(() -> new DeliveryOptions(0, 10)).hasMessageContaining("pressureAt");
    assertThatThrownBy(() -> new DeliveryOptions(1.5, 10)).hasMessageContaining("pressureAt");
    assertThatThrownBy(() -> new DeliveryOptions(0.5, 0)).hasMessageContaining("maxPendingStates");
  }
}
