package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Faults.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.MessageId;
import dev.wsm.core.PresenceStatus;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ConnectionRecord;
import dev.wsm.core.spi.ConnectionStats;
import dev.wsm.core.spi.PresenceRecord;
import dev.wsm.core.spi.RoomRecord;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.store.sqlite.SqliteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Upgrades of a database written by an older wsm, and the list of migration scripts. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SqliteMigrationTest {
  /** Maven runs the tests in the module's folder. */
  private static final Path SCRIPTS_DIR =
      Path.of("src/main/resources/dev/wsm/store/sqlite/migrations");

  @TempDir
  Path dir;
  private final Databases databases = new Databases();

  @AfterEach
  void closeDatabases() {
    databases.close();
  }

  @Test
  void theScriptListNamesEveryMigrationScriptInTheFolderInVersionOrder() throws IOException {
    List<String> files;
    try (Stream<Path> listing = Files.list(SCRIPTS_DIR)) {
      files = listing.map(p -> p.getFileName().toString())
          .filter(name -> name.matches("V\\d+__.+\\.sql"))
          .sorted((a, b) -> Integer.compare(version(a), version(b)))
          .toList();
    }

    assertThat(files).isNotEmpty();
    assertThat(Migrations.SCRIPTS).containsExactlyElementsOf(files);
    for (int i = 0; i < files.size(); i++) {
      assertThat(version(files.get(i))).as("the version of " + files.get(i)).isEqualTo(i + 1);
    }
  }

  @Test
  void theMigrationsFolderHoldsNothingButVersionedScripts() throws IOException {
    try (Stream<Path> listing = Files.list(SCRIPTS_DIR)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .allMatch(name -> name.matches("V\\d+__[a-z0-9_]+\\.sql"), "named V<n>__<what>.sql");
    }
  }

  private static int version(String script) {
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }

  @Test
  void aVersionOneDatabaseIsUpgradedToTheLatestSchemaKeepingItsRoomsAndMessages()
      throws Exception {
    Path file = dir.resolve("wsm.db");
    Instant created = Instant.parse("2024-05-01T10:00:00Z");
    SqliteDatabase old = new SqliteDatabase(SqliteOptions.at(file), Clock.systemUTC(),
        Migrations.upTo(1));
    old.start();
    try {
      SqliteRoomStore rooms = new SqliteRoomStore(old);
      SqliteMessageStore messages = new SqliteMessageStore(old);
      assertThat(await(rooms.create(new RoomRecord(RoomId.of("lobby"), "hello", null, 10,
          UserId.of("alice"), created, null, false)))).isTrue();
      for (int i = 1; i <= 5; i++) {
        assertThat(await(messages.append(Faults.message("lobby", "m-" + i, 100))).offset())
            .isEqualTo(i);
      }
    } finally {
      old.stop(Duration.ofSeconds(5));
    }
    assertThat(Faults.queryLong(file, "PRAGMA user_version")).isEqualTo(1);
    assertThat(Faults.queryLong(file,
        "SELECT count(*) FROM sqlite_master WHERE name = 'connections'")).isZero();

    SqliteDatabase db = databases.open(SqliteOptions.at(file), Clock.systemUTC());

    assertThat(Faults.queryLong(file, "PRAGMA user_version")).isEqualTo(Migrations.SCRIPTS.size());
    assertThat(Faults.queryLong(file, "PRAGMA application_id")).isEqualTo(Migrations.APPLICATION_ID);
    SqliteRoomStore rooms = new SqliteRoomStore(db);
    SqliteMessageStore messages = new SqliteMessageStore(db);
    assertThat(await(rooms.find(RoomId.of("lobby")))).get()
        .satisfies(r -> {
          assertThat(r.topic()).isEqualTo("hello");
          assertThat(r.memberLimit()).isEqualTo(10);
          assertThat(r.createdBy()).isEqualTo(UserId.of("alice"));
          assertThat(r.createdAt()).isEqualTo(created);
        });
    List<StoredMessage> history = Faults.wholeHistory(messages, "lobby");
    assertThat(history).extracting(StoredMessage::id).extracting(MessageId::value)
        .containsExactly("m-1", "m-2", "m-3", "m-4", "m-5");
    assertThat(history).extracting(StoredMessage::offset).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(await(messages.append(Faults.message("lobby", "m-6", 100))).offset()).isEqualTo(6);

    // The tables of version 2 work.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    SqliteInboxStore inbox = new SqliteInboxStore(db);
    StoredMessage direct = new StoredMessage(MessageId.of("d-1"), null, UserId.of("bob"),
        UserId.of("alice"), null, "{}".getBytes(), false, null, now, null, 0);
    assertThat(await(inbox.enqueue(UserId.of("bob"), direct))).isPositive();
    assertThat(await(inbox.pending(UserId.of("bob"), 10))).extracting(StoredMessage::id)
        .containsExactly(MessageId.of("d-1"));

    SqlitePresenceStore presence = new SqlitePresenceStore(db);
    await(presence.save(new PresenceRecord(UserId.of("bob"), PresenceStatus.AWAY, "{}", now)));
    assertThat(await(presence.find(UserId.of("bob")))).map(PresenceRecord::status)
        .isEqualTo(Optional.of(PresenceStatus.AWAY));

    SqliteConnectionStore connections = new SqliteConnectionStore(db);
    await(connections.connected(new ConnectionRecord(ConnectionId.of("c-1"), UserId.of("bob"),
        Set.of("web"), Map.of(), "127.0.0.1", now)));
    ConnectionStats stats = await(connections.stats());
    assertThat(stats.active()).isEqualTo(1);
    assertThat(stats.totalEverConnected()).isEqualTo(1);
    assertThat(stats.byLabel()).containsEntry("web", 1L);
  }

  @Test
  void aVersionTwoInboxIsNumberedInItsOrderAndNewMessagesGetHigherNumbers() throws Exception {
    Path file = dir.resolve("wsm.db");
    SqliteDatabase old = new SqliteDatabase(SqliteOptions.at(file), Clock.systemUTC(),
        Migrations.upTo(2));
    old.start();
    old.stop(Duration.ofSeconds(5));
    long now = Instant.now().toEpochMilli() * 1_000_000L;
    try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        var st = conn.createStatement()) {
      for (String[] row : new String[][] {{"bob", "b-1"}, {"ann", "a-1"}, {"bob", "b-2"}}) {
        st.executeUpdate("INSERT INTO inbox (user_id, id, data, is_binary, sent_at, enqueued_at)"
            + " VALUES ('" + row[0] + "', '" + row[1] + "', X'7B7D', 0, " + now + ", " + now + ")");
      }
    }

    SqliteDatabase db = databases.open(SqliteOptions.at(file), Clock.systemUTC());
    SqliteInboxStore inbox = new SqliteInboxStore(db);

    List<StoredMessage> bob = await(inbox.pending(UserId.of("bob"), 10));
    assertThat(bob).extracting(m -> m.id().value()).containsExactly("b-1", "b-2");
    assertThat(bob.get(1).offset()).isGreaterThan(bob.get(0).offset());
    assertThat(bob.get(0).offset()).isPositive();
    StoredMessage next = new StoredMessage(MessageId.of("b-3"), null, UserId.of("bob"), null,
        null, "{}".getBytes(), false, null, Instant.now(), null, 0);
    assertThat(await(inbox.enqueue(UserId.of("bob"), next))).isGreaterThan(bob.get(1).offset());
    assertThat(await(inbox.removeUpTo(UserId.of("bob"), bob.get(1).offset()))).isEqualTo(2);
    assertThat(await(inbox.pending(UserId.of("ann"), 10))).extracting(m -> m.id().value())
        .containsExactly("a-1");
  }

  @Test
  void aDatabaseAlreadyAtTheLatestVersionIsNotMigratedAgain() throws Exception {
    Path file = dir.resolve("wsm.db");
    SqliteDatabase first = new SqliteDatabase(SqliteOptions.at(file), Clock.systemUTC());
    first.start();
    first.stop(Duration.ofSeconds(5));
    long schemaCookie = Faults.queryLong(file, "PRAGMA schema_version");

    databases.open(SqliteOptions.at(file), Clock.systemUTC());

    assertThat(Faults.queryLong(file, "PRAGMA schema_version")).isEqualTo(schemaCookie);
    assertThat(Faults.queryLong(file, "PRAGMA user_version")).isEqualTo(Migrations.SCRIPTS.size());
  }
}
