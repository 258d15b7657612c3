package dev.wsm.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.HubOptions;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.Principal;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.javawebsocket.JavaWebSocketOptions;
import dev.wsm.transport.javawebsocket.JavaWebSocketTransportModule;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The authenticators on the other transport: header, query and ticket, good and bad. */
class JavaWebSocketAuthIT {
  @Test
  void tokensAndTicketsWorkAndBadOnesAreRefusedWith401() {
    try (TestServer server = TestServer.start(HubOptions.DEFAULTS,
        new JavaWebSocketTransportModule(JavaWebSocketOptions.DEFAULTS.withPort(0)),
        new TicketAuthModule(TicketOptions.DEFAULTS, JwtOptions.hmac(Jwts.SECRET)))) {
      String token = Jwts.hs256(Jwts.claims("alice", Duration.ofHours(1)));
      try (TestClient alice = TestClient.connect(server.withQuery(""), Map.of("Authorization", "Bearer " + token))) {
        assertThat(alice.await("welcome").path("user").asText()).isEqualTo("alice");
      }
      assertThat(Upgrade.send(server.withQuery("token=" + token), Map.of()).status()).isEqualTo(101);
      Upgrade forged = Upgrade.send(server.withQuery(""),
          Map.of("Authorization", "Bearer " + Jwts.forged(Jwts.claims("alice", Duration.ofHours(1)))));
      assertThat(forged.status()).isEqualTo(401);
      assertThat(forged.body()).contains("invalid token: bad signature");
      for (String none : Jwts.algNone(Jwts.claims("alice", Duration.ofHours(1)))) {
        assertThat(Upgrade.send(server.withQuery("token=" + none), Map.of()).status()).isEqualTo(401);
      }
      String ticket = server.get(ConnectionTickets.class).issue(Principal.of(UserId.of("carol")));
      assertThat(Upgrade.send(server.withQuery("ticket=" + ticket), Map.of()).status()).isEqualTo(101);
      Upgrade reused = Upgrade.send(server.withQuery("ticket=" + ticket), Map.of());
      assertThat(reused.status()).isEqualTo(401);
      assertThat(reused.body()).contains("invalid ticket: used already");
      assertThat(Upgrade.send(server.withQuery(""), Map.of()).status()).isEqualTo(401);
    }
  }
}
