package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.LimitOptions;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Handshake;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionAdmissionTest {
  private static final InetSocketAddress HOME = new InetSocketAddress("127.0.0.1", 50000);
  private static final InetSocketAddress AWAY = new InetSocketAddress("127.0.0.2", 50000);

  private static Handshake from(InetSocketAddress remote, Map<String, String> headers) {
    return new Handshake("/ws", Map.<String, List<String>>of(), headers, remote);
  }

  private static Optional<Integer> status(ConnectionAdmission admission, Handshake handshake) {
    return admission.refusal(handshake).map(r -> ((AuthResult.Refused) r).status());
  }

  @Test
  void anEmptyAllowlistLetsEveryOriginIn() {
    ConnectionAdmission admission = new ConnectionAdmission(LimitOptions.DEFAULTS);
    assertThat(status(admission, from(HOME, Map.of("origin", "https://anywhere.example"))))
        .isEmpty();
  }

  @Test
  void onlyAnExactlyMatchingOriginIsLetIn() {
    ConnectionAdmission admission = new ConnectionAdmission(
        LimitOptions.DEFAULTS.withAllowedOrigins(Set.of("https://app.example.com")));
    assertThat(status(admission, from(HOME, Map.of("origin", "https://app.example.com"))))
        .isEmpty();
    for (String other : List.of("http://app.example.com", "https://app.example.com:8443",
        "https://app.example.com.evil.com", "https://evil.com", "null", "")) {
      assertThat(status(admission, from(HOME, Map.of("origin", other)))).as(other).contains(403);
    }
  }

  @Test
  void aHandshakeWithoutAnOriginIsNotABrowserAndIsNotChecked() {
    ConnectionAdmission admission = new ConnectionAdmission(
        LimitOptions.DEFAULTS.withAllowedOrigins(Set.of("https://app.example.com")));
    assertThat(status(admission, from(HOME, Map.of()))).isEmpty();
  }

  @Test
  void anAddressAtItsCapIsRefusedWith429AndLetInAgainWhenOneCloses() {
    ConnectionAdmission admission =
        new ConnectionAdmission(LimitOptions.DEFAULTS.withMaxConnectionsPerIp(2));
    ConnectionId a = ConnectionId.random();
    ConnectionId b = ConnectionId.random();
    assertThat(admission.opened(a, HOME)).isTrue();
    assertThat(admission.opened(b, HOME)).isTrue();
    assertThat(status(admission, from(HOME, Map.of()))).contains(429);
    assertThat(admission.opened(ConnectionId.random(), HOME)).as("raced past the check").isFalse();
    assertThat(status(admission, from(AWAY, Map.of()))).isEmpty();
    admission.closed(a);
    assertThat(status(admission, from(HOME, Map.of()))).isEmpty();
    admission.closed(b);
    admission.closed(b);
    assertThat(admission.addresses()).isZero();
  }

  @Test
  void withNoCapNothingIsCounted() {
    ConnectionAdmission admission =
        new ConnectionAdmission(LimitOptions.DEFAULTS.withMaxConnectionsPerIp(0));
    for (int i = 0; i < 1000; i++) {
      assertThat(admission.opened(ConnectionId.random(), HOME)).isTrue();
    }
    assertThat(status(admission, from(HOME, Map.of()))).isEmpty();
    assertThat(admission.addresses()).isZero();
  }
}
