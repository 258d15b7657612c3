package dev.wsm.transport.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JavaWebSocketHandshakeOptionsTest {
  @Test
  void handshakeLimitsDefaultToTenSecondsEightKibAndTwoThousandPendingWithoutTls() {
    assertThat(JavaWebSocketOptions.DEFAULTS.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(JavaWebSocketOptions.DEFAULTS.maxHeaderBytes()).isEqualTo(8 * 1024);
    assertThat(JavaWebSocketOptions.DEFAULTS.maxPendingHandshakes()).isEqualTo(2000);
    assertThat(JavaWebSocketOptions.DEFAULTS.tls()).isNull();
  }

  @Test
  void handshakeLimitsAreValidated() {
    assertThatThrownBy(() -> JavaWebSocketOptions.DEFAULTS.withHandshakeTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshakeTimeout");
    assertThatThrownBy(() -> JavaWebSocketOptions.DEFAULTS.withMaxHeaderBytes(1023))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxHeaderBytes");
    assertThatThrownBy(() -> JavaWebSocketOptions.DEFAULTS.withMaxPendingHandshakes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPendingHandshakes");
  }
}
