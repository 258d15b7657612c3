package dev.wsm.core.spi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class EndpointChecksTest {

  @Test
  void acceptsAnOrdinaryEndpointAndPortZero() {
    assertThatCode(() -> EndpointChecks.check("127.0.0.1", 0, "/ws", 65536)).doesNotThrowAnyException();
    assertThatCode(() -> EndpointChecks.check("::1", 65535, "/", 128)).doesNotThrowAnyException();
  }

  @Test
  void refusesEachBadValueWithAMessageNamingIt() {
    assertThatIllegalArgumentException().isThrownBy(() -> EndpointChecks.check(" ", 80, "/ws", 1024))
        .withMessageContaining("host");
    assertThatIllegalArgumentException().isThrownBy(() -> EndpointChecks.check("h", 70000, "/ws", 1024))
        .withMessageContaining("port must be 0 to 65535 (was 70000)");
    assertThatIllegalArgumentException().isThrownBy(() -> EndpointChecks.check("h", -1, "/ws", 1024))
        .withMessageContaining("port");
    for (String path : new String[] {"ws", "/ws?x=1", "/a b", null}) {
      assertThatIllegalArgumentException().isThrownBy(() -> EndpointChecks.check("h", 80, path, 1024))
          .withMessageContaining("path");
    }
    assertThatIllegalArgumentException().isThrownBy(() -> EndpointChecks.check("h", 80, "/ws", 127))
        .withMessageContaining("maxMessageSize");
  }
}
