package dev.wsm.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NettyHandshakeOptionsTest {
  @Test
  void handshakeLimitsDefaultToTenSecondsEightKibAndTwoThousandPendingWithoutTls() {
    assertThat(NettyOptions.DEFAULTS.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(NettyOptions.DEFAULTS.maxHeaderBytes()).isEqualTo(8 * 1024);
    assertThat(NettyOptions.DEFAULTS.maxPendingHandshakes()).isEqualTo(2000);
    assertThat(NettyOptions.DEFAULTS.tls()).isNull();
  }

  @Test
  void handshakeLimitsAreValidated() {
    assertThatThrownBy(() -> NettyOptions.DEFAULTS.withHandshakeTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshakeTimeout");
    assertThatThrownBy(() -> NettyOptions.DEFAULTS.withMaxHeaderBytes(1023))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxHeaderBytes");
    assertThatThrownBy(() -> NettyOptions.DEFAULTS.withMaxPendingHandshakes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPendingHandshakes");
  }

  @Test
  void pendingHandshakePlacesAreCappedAndGivenBack() {
    PendingHandshakes pending = new PendingHandshakes(2);
    assertThat(pending.tryAcquire()).isTrue();
    assertThat(pending.tryAcquire()).isTrue();
    assertThat(pending.tryAcquire()).isFalse();
    pending.release();
    assertThat(pending.tryAcquire()).isTrue();
  }
}
