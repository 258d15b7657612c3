package dev.wsm.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.HubOptions;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.Principal;
import dev.wsm.testkit.MutableClock;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One-time connection tickets over real sockets, next to JWTs on the same server. */
class ConnectionTicketsIT {
  private final MutableClock clock = new MutableClock(Instant.now());
  private TestServer server;
  private ConnectionTickets tickets;

  @BeforeEach
  void start() {
    server = TestServer.start(HubOptions.DEFAULTS,
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)),
        new TicketAuthModule(TicketOptions.DEFAULTS, JwtOptions.hmac(Jwts.SECRET)),
        binder -> OptionalBinder.newOptionalBinder(binder, Clock.class).setBinding().toInstance(clock));
    tickets = server.get(ConnectionTickets.class);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Upgrade redeem(String ticket) {
    return Upgrade.send(server.withQuery("ticket=" + ticket), Map.of());
  }

  @Test
  void aTicketConnectsItsPrincipalOnce() {
    Principal principal = new Principal(UserId.of("alice"), Set.of("agent"), Set.of("support"),
        Map.of("region", "eu"));
    String ticket = tickets.issue(principal);
    try (TestClient client = TestClient.connectWelcomed(server.withQuery("ticket=" + ticket))) {
      assertThat(client.received().get(0).path("user").asText()).isEqualTo("alice");
      assertThat(server.hub().connections().byUser(UserId.of("alice"))).singleElement().satisfies(c -> {
        assertThat(c.roles()).containsExactly("agent");
        assertThat(c.labels()).containsExactly("support");
        assertThat(c.metadata()).containsExactlyEntriesOf(Map.of("region", "eu"));
      });
    }
    Upgrade again = redeem(ticket);
    assertThat(again.status()).isEqualTo(401);
    assertThat(again.body()).contains("invalid ticket: used already").doesNotContain(ticket);
  }

  @Test
  void aTicketIsRefusedAfterItExpires() {
    String ticket = tickets.issue(Principal.of(UserId.of("alice")));
    clock.advance(Duration.ofSeconds(30));
    Upgrade late = redeem(ticket);
    assertThat(late.status()).isEqualTo(401);
    assertThat(late.body()).contains("invalid ticket: expired").doesNotContain(ticket);
  }

  @Test
  void aTicketIsAcceptedJustBeforeItExpires() {
    String ticket = tickets.issue(Principal.of(UserId.of("alice")));
    clock.advance(Duration.ofSeconds(29));
    assertThat(redeem(ticket).status()).isEqualTo(101);
  }

  @Test
  void aForgedOrForeignTicketIsRefused() {
    String ticket = tickets.issue(Principal.of(UserId.of("alice")));
    String[] parts = ticket.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA";
    assertThat(redeem(tampered).body()).contains("invalid ticket: bad signature");
    ConnectionTickets otherNode = new ConnectionTickets(TicketOptions.DEFAULTS.withSecret("x".repeat(40)),
        new dev.wsm.auth.internal.InMemoryTicketLedger(TicketOptions.DEFAULTS, clock), clock);
    Upgrade foreign = redeem(otherNode.issue(Principal.of(UserId.of("alice"))));
    assertThat(foreign.status()).isEqualTo(401);
    assertThat(foreign.body()).contains("invalid ticket: bad signature");
    String jwt = Jwts.hs256(Jwts.claims("alice", Duration.ofHours(1)));
    assertThat(redeem(jwt).body()).as("a JWT is not a ticket").contains("invalid ticket: not a ticket");
    assertThat(redeem("garbage").status()).isEqualTo(401);
  }

  @Test
  void withoutATicketAJwtIsAccepted() {
    String token = Jwts.hs256(Jwts.claims("bob", Duration.ofHours(1)));
    assertThat(Upgrade.send(server.withQuery(""), Map.of("Authorization", "Bearer " + token)).status())
        .isEqualTo(101);
    Upgrade none = Upgrade.send(server.withQuery(""), Map.of());
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body()).contains("missing ticket or token");
  }
}
