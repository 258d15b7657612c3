package dev.wsm.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.HubOptions;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TicketsWithoutJwtIT {
  @Test
  void aServerWithTicketsOnlyRefusesTokens() {
    try (TestServer server = TestServer.start(HubOptions.DEFAULTS,
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)),
        new TicketAuthModule(TicketOptions.DEFAULTS))) {
      String token = Jwts.hs256(Jwts.claims("bob", Duration.ofHours(1)));
      Upgrade upgrade = Upgrade.send(server.withQuery(""), Map.of("Authorization", "Bearer " + token));
      assertThat(upgrade.status()).isEqualTo(401);
      assertThat(upgrade.body()).contains("missing ticket");
    }
  }
}
