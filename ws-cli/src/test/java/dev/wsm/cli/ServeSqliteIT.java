package dev.wsm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wsm.testkit.TestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wsm serve} on its default store, SQLite: durable across kills, clear about bad files. */
class ServeSqliteIT {
  @TempDir
  Path work;

  @Test
  void everyAcknowledgedPublishSurvivesAKillDashNineAndARestart() throws Exception {
    Path stdout = work.resolve("first.out");
    Process[] server = new Process[1];
    Map<Long, String> acknowledged = new HashMap<>();
    try {
      String url = WsmProcess.serve(work, stdout, server, "--port", "0",
          "--rate-limit", "off", "--user-rate-limit", "off");
      assertThat(Files.readAllLines(stdout).get(0)).contains("store: sqlite " + work.toRealPath());
      try (TestClient alice = TestClient.connectWelcomed(URI.create(url + "?user=alice"))) {
        assertThat(alice.request("type", "join", "room", "log").path("ok").asBoolean()).isTrue();
        Thread publisher = publishPaced(alice);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acks(alice.received(), null) < 300 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        server[0].destroyForcibly(); // SIGKILL, mid-stream: no shutdown hook runs
        publisher.join(30_000);
        assertThat(server[0].waitFor(10, TimeUnit.SECONDS)).isTrue();
        alice.awaitClose(Duration.ofSeconds(10));
        acks(alice.received(), acknowledged);
      }
    } finally {
      if (server[0] != null) {
        server[0].destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300).hasSizeLessThan(PUBLISHES);

    Path stdout2 = work.resolve("second.out");
    try {
      String url = WsmProcess.serve(work, stdout2, server, "--port", "0",
          "--rate-limit", "off", "--user-rate-limit", "off");
      try (TestClient bob = TestClient.connectWelcomed(URI.create(url + "?user=bob"))) {
        assertThat(bob.request("type", "join", "room", "log").path("ok").asBoolean()).isTrue();
        Map<Long, String> stored = history(bob, "log");
        for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
          assertThat(stored).as("acknowledged offset %d", ack.getKey())
              .containsEntry(ack.getKey(), ack.getValue());
        }
        // Offsets stay gap-free and continue after the restart.
        long last = stored.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        assertThat(stored.keySet()).hasSize((int) last);
        JsonNode next = bob.request("type", "publish", "room", "log", "data", "after restart");
        assertThat(next.path("offset").asLong()).isEqualTo(last + 1);
      }
      server[0].destroy();
      assertThat(server[0].waitFor(15, TimeUnit.SECONDS)).isTrue();
    } finally {
      server[0].destroyForcibly();
    }
    try (var db = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("wsm.db"));
        var rs = db.createStatement().executeQuery("PRAGMA integrity_check")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("ok");
    }
  }

  @Test
  void aSubscriberResumesAfterAKillDashNineAndGetsEveryAcknowledgedMessage() throws Exception {
    Process[] server = new Process[1];
    Map<Long, String> acknowledged = new HashMap<>();
    Map<Long, String> seenByBob = new HashMap<>();
    String session;
    String epoch;
    long bobLast;
    try {
      String url = WsmProcess.serve(work, work.resolve("first.out"), server, "--port", "0",
          "--rate-limit", "off", "--user-rate-limit", "off");
      try (TestClient alice = TestClient.connectWelcomed(URI.create(url + "?user=alice"));
          TestClient bob = TestClient.connect(URI.create(url + "?user=bob"))) {
        session = bob.await("welcome").path("session").asText();
        JsonNode joined = bob.request("type", "join", "room", "log");
        epoch = joined.path("stream").path("epoch").asText();
        assertThat(alice.request("type", "join", "room", "log").path("ok").asBoolean()).isTrue();
        Thread publisher = publishPaced(alice);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acks(alice.received(), null) < 300 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        server[0].destroyForcibly();
        publisher.join(30_000);
        assertThat(server[0].waitFor(10, TimeUnit.SECONDS)).isTrue();
        alice.awaitClose(Duration.ofSeconds(10));
        bob.awaitClose(Duration.ofSeconds(10));
        acks(alice.received(), acknowledged);
        for (JsonNode f : bob.received()) {
          if ("message".equals(f.path("type").asText())) {
            seenByBob.put(f.path("offset").asLong(), f.path("data").asText());
          }
        }
        bobLast = seenByBob.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
      }
    } finally {
      if (server[0] != null) {
        server[0].destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    try {
      String url = WsmProcess.serve(work, work.resolve("second.out"), server, "--port", "0",
          "--rate-limit", "off", "--user-rate-limit", "off");
      try (TestClient bob = TestClient.connectWelcomed(URI.create(url + "?user=bob"))) {
        ObjectNode resume = JsonNodeFactory.instance.objectNode();
        resume.put("type", "resume").put("ref", "again").put("session", session);
        resume.putArray("rooms").addObject().put("room", "log").put("offset", bobLast)
            .put("epoch", epoch);
        bob.sendText(resume.toString());
        JsonNode reply = bob.await(f -> "again".equals(f.path("ref").asText()),
            Duration.ofSeconds(30));
        assertThat(reply.path("ok").asBoolean()).as(reply.toString()).isTrue();
        JsonNode recovered = bob.await("recovered");
        assertThat(recovered.path("recovered").asBoolean()).as(recovered.toString()).isTrue();
        for (JsonNode f : bob.received()) {
          if ("message".equals(f.path("type").asText())) {
            assertThat(seenByBob).as("nothing bob had is sent again")
                .doesNotContainKey(f.path("offset").asLong());
            seenByBob.put(f.path("offset").asLong(), f.path("data").asText());
          }
        }
        for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
          assertThat(seenByBob).as("acknowledged offset %d reached bob", ack.getKey())
              .containsEntry(ack.getKey(), ack.getValue());
        }
      }
    } finally {
      server[0].destroyForcibly();
    }
    assertThat(work.resolve("wsm.db.key")).exists();
  }

  /** Publishes sent per kill test: more than can be acknowledged before the kill lands. */
  private static final int PUBLISHES = 20_000;

  /**
   * Publishes {@link #PUBLISHES} messages ({@code ref} p<i>, data m<i>) at about 5,000/s on a
   * thread of its own, so that the server is killed mid-stream however fast this machine is; stops
   * when the connection is gone.
   */
  private static Thread publishPaced(TestClient client) {
    Thread t = new Thread(() -> {
      long start = System.nanoTime();
      try {
        for (int i = 0; i < PUBLISHES && client.isOpen(); i++) {
          client.send("type", "publish", "ref", "p" + i, "room", "log", "data", "m" + i);
          long due = start + i * 200_000L;
          while (System.nanoTime() < due) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
          }
        }
      } catch (RuntimeException closed) {
        // the server was killed: sending ends here
      }
    }, "paced-publisher");
    t.start();
    return t;
  }

  /** Counts the successful publish replies; records offset -> data sent into {@code into}. */
  private static int acks(List<JsonNode> frames, Map<Long, String> into) {
    int n = 0;
    for (JsonNode f : frames) {
      if ("reply".equals(f.path("type").asText()) && f.path("ref").asText().startsWith("p")
          && f.path("ok").asBoolean()) {
        n++;
        if (into != null) {
          into.put(f.path("offset").asLong(), "m" + f.path("ref").asText().substring(1));
        }
      }
    }
    return n;
  }

  private static Map<Long, String> history(TestClient client, String room) {
    Map<Long, String> stored = new HashMap<>();
    long after = 0;
    while (true) {
      JsonNode page = client.request("type", "history", "room", room, "after", after,
          "limit", 1000);
      assertThat(page.path("ok").asBoolean()).as(page.toString()).isTrue();
      if (page.path("messages").isEmpty()) {
        return stored;
      }
      for (JsonNode m : page.path("messages")) {
        after = m.path("offset").asLong();
        stored.put(after, m.path("data").asText());
      }
    }
  }

  @Test
  void aSecondServerOnTheSameDatabaseIsRefusedWithExitCode3() throws Exception {
    Process[] first = new Process[1];
    try {
      WsmProcess.serve(work, work.resolve("first.out"), first, "--port", "0");
      Process second = WsmProcess.start(work, null, "serve", "--port", "0");
      String err = WsmProcess.exitAndStderr(second);
      assertThat(second.exitValue()).isEqualTo(ServeCommand.EXIT_STORE);
      assertThat(err).contains("wsm: SQLite store").contains("another wsm process")
          .doesNotContain("\tat ");
    } finally {
      if (first[0] != null) {
        first[0].destroyForcibly();
      }
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedWithExitCode3AndLeftAlone() throws Exception {
    Path notes = work.resolve("notes.txt");
    Files.writeString(notes, "shopping list: milk, eggs\n");
    Process wsm = WsmProcess.start(work, null, "serve", "--port", "0", "--db", notes.toString());
    String err = WsmProcess.exitAndStderr(wsm);
    assertThat(wsm.exitValue()).isEqualTo(ServeCommand.EXIT_STORE);
    assertThat(err).contains("wsm: SQLite store " + notes).contains("not a SQLite database")
        .doesNotContain("\tat ");
    assertThat(Files.readString(notes)).isEqualTo("shopping list: milk, eggs\n");
    assertThat(work.resolve("notes.txt.key")).as("a refused start leaves no key behind")
        .doesNotExist();
  }

  @Test
  void aDatabaseInAMissingDirectoryIsRefusedWithExitCode3() throws Exception {
    Process wsm = WsmProcess.start(work, null, "serve", "--port", "0", "--db", "no/such/dir/x.db");
    String err = WsmProcess.exitAndStderr(wsm);
    assertThat(wsm.exitValue()).isEqualTo(ServeCommand.EXIT_STORE);
    assertThat(err).contains("does not exist").doesNotContain("\tat ");
  }

  @Test
  void theMemoryStoreWritesNoDatabaseFile() throws Exception {
    Process[] server = new Process[1];
    try {
      String url = WsmProcess.serve(work, work.resolve("out"), server, "--port", "0",
          "--store", "memory");
      assertThat(Files.readAllLines(work.resolve("out")).get(0)).contains("store: memory");
      try (TestClient c = TestClient.connectWelcomed(URI.create(url + "?user=c"))) {
        assertThat(c.request("type", "join", "room", "r").path("ok").asBoolean()).isTrue();
      }
      assertThat(work.resolve("wsm.db")).doesNotExist();
    } finally {
      if (server[0] != null) {
        server[0].destroyForcibly();
      }
    }
  }

  @Test
  void anUnknownStoreOrDurabilityIsRefusedWithExitCode2() throws Exception {
    Process store = WsmProcess.start(work, null, "serve", "--store", "floppy");
    assertThat(WsmProcess.exitAndStderr(store)).contains("store must be sqlite, redis or memory");
    assertThat(store.exitValue()).isEqualTo(2);
    Process durability = WsmProcess.start(work, null, "serve", "--durability", "forever");
    assertThat(WsmProcess.exitAndStderr(durability))
        .contains("durability must be power-loss or process-crash");
    assertThat(durability.exitValue()).isEqualTo(2);
  }
}
