package dev.wsm.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.auth.internal.InMemoryTicketLedger;
import dev.wsm.core.spi.AuthResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Garbage and near-miss credentials are refused with 401, never an exception. */
class HostileCredentialsTest {
  private static final int ROUNDS = 5_000;
  private final JwtAuthenticator jwt = new JwtAuthenticator(JwtOptions.hmac(Jwts.SECRET), Clock.systemUTC());
  private final ConnectionTickets tickets = new ConnectionTickets(TicketOptions.DEFAULTS,
      new InMemoryTicketLedger(TicketOptions.DEFAULTS, Clock.systemUTC()), Clock.systemUTC());

  @Test
  void randomAndMangledTokensAreRefusedWith401() {
    Random random = new Random(42);
    List<String> headers = List.of("{}", "{\"alg\":\"HS256\"}", "{\"alg\":\"HS256\",\"crit\":[\"x\"],\"x\":1}",
        "{\"alg\":\"HS256\",\"typ\":\"wsm-ticket\"}", "{\"alg\":[1]}", "[]", "null", "{\"alg\":\"none\"}",
        "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", "{\"alg\":\"HS256\",\"zip\":\"DEF\"}",
        "{\"alg\":\"dir\",\"enc\":\"A128GCM\"}");
    List<String> payloads = List.of("{}", "{\"sub\":1,\"exp\":\"x\"}", "{\"sub\":\"a\",\"exp\":1e400}",
        "{\"sub\":\"a\",\"exp\":99999999999,\"roles\":{}}", "[", "{\"sub\":\"a\",\"exp\":-1}", "\"x\"");
    for (int i = 0; i < ROUNDS; i++) {
      String token = switch (i % 4) {
        case 0 -> randomText(random);
        case 1 -> b64(headers.get(random.nextInt(headers.size()))) + "."
            + b64(payloads.get(random.nextInt(payloads.size()))) + "." + randomText(random);
        case 2 -> b64(headers.get(random.nextInt(headers.size()))) + "."
            + b64(payloads.get(random.nextInt(payloads.size()))) + "." + randomText(random) + "." + randomText(random) + ".";
        default -> mutate(Jwts.hs256(Jwts.claims("alice", java.time.Duration.ofHours(1))), random);
      };
      AuthResult result = jwt.check(token);
      assertThat(result).as(token).isInstanceOfSatisfying(AuthResult.Refused.class,
          r -> assertThat(r.status()).isIn(401, 403));
      assertThat(tickets.redeem(token)).as(token).isInstanceOf(AuthResult.Refused.class);
    }
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String randomText(Random random) {
    String alphabet = "abcXYZ019-_.=+/{}\"\\ \u00e9\u0000";
    StringBuilder b = new StringBuilder();
    int length = random.nextInt(80);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /**
   * The token with one to three characters changed, each at a position of its own (two flips at
   * one position could restore an 'A', and with it a valid token: the token varies with the clock).
   */
  private static String mutate(String token, Random random) {
    char[] chars = token.toCharArray();
    int flips = 1 + random.nextInt(3);
    java.util.Set<Integer> positions = new java.util.HashSet<>();
    while (positions.size() < flips) {
      // Not the last character: its low bits are padding, which base64 decoding may ignore.
      positions.add(random.nextInt(chars.length - 1));
    }
    for (int at : positions) {
      chars[at] = chars[at] == 'A' ? 'B' : 'A';
    }
    return new String(chars);
  }
}
