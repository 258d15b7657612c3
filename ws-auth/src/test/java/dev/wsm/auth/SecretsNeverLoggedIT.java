package dev.wsm.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.HubOptions;
import dev.wsm.core.RoomId;
import dev.wsm.core.RoomOptions;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.Principal;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tokens, tickets, room passwords and message bodies never reach the log. The server runs in this
 * JVM with slf4j-simple at debug level (set in the pom), writing to a captured System.err; clients
 * use every kind of secret with unique markers, good and bad, and the log is searched for them.
 */
class SecretsNeverLoggedIT {
  private static final String MARK = "MARK" + UUID.randomUUID().toString().replace("-", "");

  @Test
  void noSecretOrBodyAppearsInTheServerLog() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    System.setErr(new PrintStream(tee(originalErr, captured), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(tee(originalOut, captured), true, StandardCharsets.UTF_8));
    List<String> secrets = new ArrayList<>();
    String jwtSecret = "jwt-secret-" + MARK;
    secrets.add(jwtSecret);
    try (TestServer server = TestServer.start(HubOptions.DEFAULTS.withPasswordIterations(1000),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)),
        new TicketAuthModule(TicketOptions.DEFAULTS, JwtOptions.hmac(jwtSecret)))) {
      String password = "password-" + MARK;
      secrets.add(password);
      server.hub().rooms().create(RoomId.of("vault"), RoomOptions.DEFAULTS.withPassword(password))
          .toCompletableFuture().get();
      JwtSigner signer = new JwtSigner(jwtSecret);
      String aliceToken = signer.sign(UserId.of("alice"), java.util.Set.of("role-" + MARK),
          Duration.ofHours(1), java.util.Optional.empty(), java.util.Optional.empty(), Instant.now());
      String bobToken = signer.sign(UserId.of("bob"), java.util.Set.of(), Duration.ofHours(1),
          java.util.Optional.empty(), java.util.Optional.empty(), Instant.now());
      String expired = new JwtSigner(jwtSecret).sign(UserId.of("eve"), java.util.Set.of(),
          Duration.ofSeconds(1), java.util.Optional.empty(), java.util.Optional.empty(),
          Instant.now().minus(Duration.ofHours(1)));
      String forged = Jwts.forged(Jwts.claims("mallory", Duration.ofHours(1)));
      String ticket = server.get(ConnectionTickets.class).issue(Principal.of(UserId.of("carol")));
      secrets.addAll(List.of(aliceToken, bobToken, expired, forged, ticket));
      for (String token : List.of(aliceToken, bobToken, expired, forged, ticket)) {
        secrets.add(token.substring(token.lastIndexOf('.') + 1));
      }

      try (TestClient alice = TestClient.connect(server.withQuery(""), Map.of("Authorization", "Bearer " + aliceToken));
          TestClient bob = TestClient.connect(server.withQuery("token=" + URLEncoder.encode(bobToken, StandardCharsets.UTF_8)));
          TestClient carol = TestClient.connect(server.withQuery("ticket=" + ticket))) {
        alice.await("welcome");
        bob.await("welcome");
        carol.await("welcome");
        for (int i = 0; i < 7; i++) {
          alice.request("type", "join", "room", "vault", "password", "guess-" + i + "-" + MARK);
        }
        bob.request("type", "join", "room", "vault", "password", password);
        carol.request("type", "join", "room", "vault", "password", password);
        bob.request("type", "publish", "room", "vault", "data", Map.of("text", "body-" + MARK));
        bob.sendBinary(binary("vault", ("binary-" + MARK).getBytes(StandardCharsets.UTF_8)));
        bob.request("type", "publish", "room", "not-joined", "data", "refused-body-" + MARK);
        bob.request("type", "direct", "to", "alice", "data", "direct-" + MARK);
        bob.request("type", "direct", "to", "offline-user", "data", "queued-" + MARK);
        bob.request("type", "presence", "status", "away", "meta", Map.of("note", "meta-" + MARK));
        bob.sendText("{\"type\":\"publish\",\"room\":\"vault\",\"data\":\"broken-" + MARK);
        carol.await(f -> "message".equals(f.path("type").asText()));
      }
      // Refused handshakes: reused ticket, expired and forged tokens, in the header and the query.
      for (String bad : List.of(ticket, expired, forged)) {
        Upgrade.send(server.withQuery(""), Map.of("Authorization", "Bearer " + bad));
        Upgrade.send(server.withQuery("token=" + bad), Map.of());
        Upgrade.send(server.withQuery("ticket=" + bad), Map.of());
      }
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).as("the server logged at debug level").contains("DEBUG").contains("closed");
    assertThat(log).doesNotContain(MARK);
    for (String secret : secrets) {
      assertThat(log).doesNotContain(secret);
    }
  }

  private static OutputStream tee(OutputStream a, OutputStream b) {
    return new OutputStream() {
      @Override
      public synchronized void write(int c) throws java.io.IOException {
        a.write(c);
        b.write(c);
      }

      @Override
      public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
        a.write(buf, off, len);
        b.write(buf, off, len);
      }
    };
  }

  private static byte[] binary(String room, byte[] payload) {
    byte[] name = room.getBytes(StandardCharsets.UTF_8);
    return java.nio.ByteBuffer.allocate(2 + name.length + payload.length)
        .putShort((short) name.length).put(name).put(payload).array();
  }
}
