package dev.wsm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.testkit.TestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wsm serve} with JWT authentication and in development mode, as child processes. */
class ServeAuthIT {
  private static final String SECRET = "serve-auth-it-secret-0123456789abcdef";

  @TempDir
  Path work;

  @Test
  void serveWithAJwtSecretAcceptsTokensFromWsmTokenAndRefusesOthers() throws Exception {
    Path stdout = work.resolve("serve.out");
    Process[] serve = new Process[1];
    try {
      String url = serve(stdout, serve, "--port", "0", "--store", "memory",
          "--jwt-secret", SECRET, "--jwt-issuer", "wsm-it");
      assertThat(Files.readAllLines(stdout).get(0)).contains("auth: JWT HS256, iss wsm-it")
          .doesNotContain(SECRET);
      Path tokenOut = work.resolve("token.out");
      Process token = WsmProcess.start(work, tokenOut, "token", "--user", "alice", "--role", "agent",
          "--ttl", "5m", "--secret", SECRET, "--issuer", "wsm-it");
      assertThat(token.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(token.exitValue()).isZero();
      String jwt = Files.readString(tokenOut).trim();
      try (TestClient alice = TestClient.connect(URI.create(url), Map.of("Authorization", "Bearer " + jwt))) {
        assertThat(alice.await("welcome").path("user").asText()).isEqualTo("alice");
      }
      assertThat(refusal(url + "?user=mallory")).isEqualTo(401);
      serve[0].destroy();
      assertThat(serve[0].waitFor(15, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(work.resolve("serve.err"));
      assertThat(err).doesNotContain("WARNING").doesNotContain(SECRET).doesNotContain(jwt);
    } finally {
      if (serve[0] != null) {
        serve[0].destroyForcibly();
      }
    }
  }

  @Test
  void developmentModePrintsOneWarningLineAtStartUp() throws Exception {
    Path stdout = work.resolve("serve.out");
    Process[] serve = new Process[1];
    try {
      String url = serve(stdout, serve, "--port", "0", "--store", "memory");
      assertThat(url).startsWith("ws://127.0.0.1:");
      assertThat(Files.readAllLines(stdout).get(0)).contains("auth: development mode");
      serve[0].destroy();
      assertThat(serve[0].waitFor(15, TimeUnit.SECONDS)).isTrue();
      List<String> warnings = Files.readString(work.resolve("serve.err")).lines().filter(l -> l.contains("WARNING")).toList();
      assertThat(warnings).singleElement().asString()
          .startsWith("wsm: WARNING: development mode: no authentication");
    } finally {
      if (serve[0] != null) {
        serve[0].destroyForcibly();
      }
    }
  }

  /** Starts {@code wsm serve}, stdout and stderr to files (destroy() closes a process's pipes). */
  private String serve(Path stdout, Process[] out, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        WsmProcess.JAR.toString(), "serve"));
    command.addAll(List.of(args));
    out[0] = new ProcessBuilder(command).directory(work.toFile())
        .redirectOutput(stdout.toFile()).redirectError(work.resolve("serve.err").toFile()).start();
    String line = WsmProcess.firstLine(stdout, java.time.Duration.ofSeconds(20));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("serving (ws://\\S+)").matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return m.group(1);
  }

  private static int refusal(String url) {
    try (TestClient ignored = TestClient.connect(URI.create(url))) {
      return 101;
    } catch (TestClient.HandshakeRefused e) {
      return e.status();
    }
  }

}
