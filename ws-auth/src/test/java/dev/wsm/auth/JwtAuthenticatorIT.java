package dev.wsm.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Module;
import dev.wsm.core.HubOptions;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWT authentication over real sockets: every refusal is an HTTP status before the upgrade. */
class JwtAuthenticatorIT {
  private static final Duration HOUR = Duration.ofHours(1);
  private static TestServer hmac;
  private static TestServer rsa;
  private static TestServer ec;

  private static TestServer start(JwtOptions options) {
    Module transport = new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0));
    return TestServer.start(HubOptions.DEFAULTS, transport, new JwtAuthModule(options));
  }

  @BeforeAll
  static void startServers() {
    hmac = start(JwtOptions.hmac(Jwts.SECRET).withIssuer("https://auth.example").withAudience("wsm"));
    rsa = start(JwtOptions.publicKeyPem(Jwts.pem(Jwts.RSA)));
    ec = start(JwtOptions.publicKeyPem(Jwts.pem(Jwts.EC)));
  }

  @AfterAll
  static void stopServers() {
    hmac.close();
    rsa.close();
    ec.close();
  }

  private static com.nimbusds.jwt.JWTClaimsSet.Builder good(String user) {
    return Jwts.claims(user, HOUR).issuer("https://auth.example").audience("wsm");
  }

  private static URI url(TestServer server) {
    return server.withQuery("");
  }

  private static Upgrade bearer(TestServer server, String token) {
    return Upgrade.send(url(server), Map.of("Authorization", "Bearer " + token));
  }

  private static void assertRefused(Upgrade upgrade, int status, String reason, String token) {
    assertThat(upgrade.status()).isEqualTo(status);
    assertThat(upgrade.body()).contains(reason);
    assertThat(upgrade.body()).doesNotContain(token);
  }

  @Test
  void aValidBearerTokenConnectsAsItsUserWithItsRoles() {
    String token = Jwts.hs256(good("alice"));
    try (TestClient client = TestClient.connect(url(hmac), Map.of("Authorization", "Bearer " + token))) {
      JsonNode welcome = client.await("welcome");
      assertThat(welcome.path("user").asText()).isEqualTo("alice");
      assertThat(hmac.hub().connections().byUser(dev.wsm.core.UserId.of("alice")))
          .singleElement().satisfies(c -> assertThat(c.roles()).containsExactlyInAnyOrder("agent", "eu"));
    }
  }

  @Test
  void aValidTokenInTheQueryConnects() {
    String token = Jwts.hs256(good("bob"));
    try (TestClient client = TestClient.connectWelcomed(
        hmac.withQuery("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))) {
      assertThat(client.received().get(0).path("user").asText()).isEqualTo("bob");
    }
  }

  @Test
  void rsaAndEcSignedTokensConnect() {
    assertThat(bearer(rsa, Jwts.rs256(Jwts.claims("carol", HOUR))).status()).isEqualTo(101);
    assertThat(bearer(ec, Jwts.es256(Jwts.claims("dave", HOUR))).status()).isEqualTo(101);
  }

  @Test
  void noTokenIsRefusedWith401() {
    assertRefused(Upgrade.send(url(hmac), Map.of()), 401, "missing token", "\u0000");
    assertRefused(Upgrade.send(url(hmac), Map.of("Authorization", "Basic YWxpY2U6cHc=")), 401,
        "missing token", "YWxpY2U6cHc=");
  }

  @Test
  void anExpiredTokenIsRefusedWith401() {
    Instant now = Instant.now();
    String token = Jwts.hs256(good("alice").issueTime(Date.from(now.minusSeconds(3600)))
        .expirationTime(Date.from(now.minusSeconds(60))));
    assertRefused(bearer(hmac, token), 401, "invalid token: expired", token);
  }

  @Test
  void aTokenExpiredWithinTheLeewayIsStillAccepted() {
    String token = Jwts.hs256(good("alice").expirationTime(Date.from(Instant.now().minusSeconds(10))));
    assertThat(bearer(hmac, token).status()).isEqualTo(101);
  }

  @Test
  void aNotYetValidTokenIsRefusedWith401() {
    String token = Jwts.hs256(good("alice").notBeforeTime(Date.from(Instant.now().plusSeconds(120))));
    assertRefused(bearer(hmac, token), 401, "invalid token: not yet valid", token);
  }

  @Test
  void aTokenWithoutExpiryIsRefusedWith401() {
    String token = Jwts.hs256(good("alice").expirationTime(null));
    assertRefused(bearer(hmac, token), 401, "invalid token: no expiry", token);
  }

  @Test
  void theWrongIssuerIsRefusedWith401() {
    String token = Jwts.hs256(good("alice").issuer("https://evil.example"));
    assertRefused(bearer(hmac, token), 401, "invalid token: wrong issuer", token);
  }

  @Test
  void theWrongAudienceIsRefusedWith401() {
    String token = Jwts.hs256(good("alice").audience(List.of("other", "api")));
    assertRefused(bearer(hmac, token), 401, "invalid token: wrong audience", token);
    String none = Jwts.hs256(good("alice").audience((String) null));
    assertRefused(bearer(hmac, none), 401, "invalid token: wrong audience", none);
  }

  @Test
  void aForgedSignatureIsRefusedWith401() {
    String token = Jwts.forged(good("alice"));
    assertRefused(bearer(hmac, token), 401, "invalid token: bad signature", token);
    String otherKey = Jwts.rs256(Jwts.claims("alice", HOUR));
    assertRefused(bearer(rsa, otherKey.substring(0, otherKey.length() - 4) + "AAAA"), 401,
        "invalid token", otherKey);
  }

  @Test
  void algNoneIsRefusedWith401() {
    for (String token : Jwts.algNone(good("alice"))) {
      assertRefused(bearer(hmac, token), 401, "invalid token", token);
      assertRefused(bearer(rsa, token), 401, "invalid token", token);
    }
  }

  @Test
  void hs256SignedWithTheRsaPublicKeyIsRefusedWith401() {
    for (String token : Jwts.hs256WithPublicKey(Jwts.claims("alice", HOUR))) {
      assertRefused(bearer(rsa, token), 401, "invalid token: algorithm not allowed", token);
    }
  }

  @Test
  void anotherKeysAlgorithmIsRefusedWith401() {
    String token = Jwts.es256(Jwts.claims("alice", HOUR));
    assertRefused(bearer(rsa, token), 401, "invalid token: algorithm not allowed", token);
    assertRefused(bearer(hmac, token), 401, "invalid token: algorithm not allowed", token);
  }

  @Test
  void garbageIsRefusedWith401() {
    assertRefused(bearer(hmac, "not.a.jwt"), 401, "invalid token: malformed", "not.a.jwt");
    assertRefused(bearer(hmac, "x".repeat(7000)), 401, "invalid token", "xxxxxxxx");
  }

  @Test
  void aValidTokenWithoutAUserIsRefusedWith403() {
    String token = Jwts.hs256(good("alice").subject(null));
    assertRefused(bearer(hmac, token), 403, "token has no user id", token);
    String control = Jwts.hs256(good("bad\u0001user"));
    assertRefused(bearer(hmac, control), 403, "token has no valid user id", control);
  }

  @Test
  void aConnectionTicketIsNotAcceptedAsAToken() {
    TicketOptions sameKey = TicketOptions.DEFAULTS.withSecret(Jwts.SECRET);
    ConnectionTickets tickets = new ConnectionTickets(sameKey,
        new dev.wsm.auth.internal.InMemoryTicketLedger(sameKey, java.time.Clock.systemUTC()),
        java.time.Clock.systemUTC());
    String ticket = tickets.issue(dev.wsm.core.spi.Principal.of(dev.wsm.core.UserId.of("alice")));
    assertRefused(bearer(hmac, ticket), 401, "invalid token", ticket);
  }
}
