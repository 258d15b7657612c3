package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ConnectionRecord;
import dev.wsm.core.spi.ConnectionStats;
import dev.wsm.core.spi.ConnectionStore;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** What {@link Purger} deletes, one {@link SqliteDatabase#purgeNow()} run at a time. */
class SqlitePurgeTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final RoomId LOBBY = RoomId.of("lobby");
  private static final RoomId KITCHEN = RoomId.of("kitchen");
  /** Long enough that no scheduled run happens during a test: only purgeNow() purges. */
  private static final Duration INTERVAL = Duration.ofHours(1);

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock(START);
  private final Databases databases = new Databases();
  private SqliteDatabase db;
  private MessageStore messages;
  private ConnectionStore connections;

  @AfterEach
  void closeDatabase() {
    databases.close();
  }

  @Test
  void expiredMessagesAreDeleted() throws SQLException {
    open(options());
    append(LOBBY, "brief", START.plusSeconds(60));
    append(LOBBY, "keeps", null);
    append(KITCHEN, "longer", START.plusSeconds(120));

    assertThat(purge()).as("nothing expired yet").isZero();

    clock.advance(Duration.ofSeconds(60));

    assertThat(purge()).isEqualTo(1);
    assertThat(rows("SELECT count(*) FROM messages")).isEqualTo(2);
    assertThat(rows("SELECT count(*) FROM messages WHERE id = 'brief'")).isZero();
    assertThat(history(LOBBY)).extracting(m -> m.id().value(), StoredMessage::offset)
        .containsExactly(tuple("keeps", 2L));

    clock.advance(Duration.ofSeconds(60));

    assertThat(purge()).isEqualTo(1);
    assertThat(rows("SELECT count(*) FROM messages")).isEqualTo(1);
  }

  @Test
  void historyBeyondThePerRoomLimitIsTrimmedOldestFirstKeepingTheOffsets() throws SQLException {
    open(options().withHistory(3, Duration.ofDays(30)));
    appendMany(LOBBY, 5);
    appendMany(KITCHEN, 2);

    assertThat(purge()).isEqualTo(2);

    assertThat(ids(history(LOBBY))).containsExactly("lobby-3", "lobby-4", "lobby-5");
    assertThat(offsets(history(LOBBY))).containsExactly(3L, 4L, 5L);
    assertThat(offsets(history(KITCHEN))).containsExactly(1L, 2L);
    assertThat(rows("SELECT count(*) FROM messages")).isEqualTo(5);
    assertThat(await(messages.position(LOBBY)).lastOffset()).isEqualTo(5);
    assertThat(purge()).as("nothing more to trim").isZero();

    assertThat(append(LOBBY, "lobby-6", null).offset()).isEqualTo(6);
    assertThat(purge()).isEqualTo(1);
    assertThat(offsets(history(LOBBY))).containsExactly(4L, 5L, 6L);
  }

  @Test
  void historyOlderThanTheMaximumAgeIsDeleted() throws SQLException {
    open(options().withHistory(100, Duration.ofDays(1)));
    append(LOBBY, "old-1", null);
    append(KITCHEN, "old-2", null);
    clock.advance(Duration.ofHours(12));
    append(LOBBY, "middle", null);
    clock.advance(Duration.ofHours(13)); // the oldest kept: sent at START + 1 h or later

    assertThat(purge()).isEqualTo(2);

    assertThat(history(LOBBY)).extracting(m -> m.id().value(), StoredMessage::offset)
        .containsExactly(tuple("middle", 2L));
    assertThat(history(KITCHEN)).isEmpty();
    assertThat(rows("SELECT count(*) FROM messages")).isEqualTo(1);

    clock.advance(Duration.ofHours(12));

    assertThat(purge()).isEqualTo(1);
    assertThat(rows("SELECT count(*) FROM messages")).isZero();
    assertThat(await(messages.position(LOBBY)).lastOffset()).as("the stream is kept")
        .isEqualTo(2);
  }

  @Test
  void aRunDeletesAtMostTheBatchOfExpiredMessagesAndTheNextRunContinues() throws SQLException {
    open(options().withPurge(INTERVAL, 2));
    for (int i = 1; i <= 5; i++) {
      append(LOBBY, "m" + i, START.plusSeconds(60));
    }
    clock.advance(Duration.ofSeconds(60));

    assertThat(purge()).isEqualTo(2);
    assertThat(rows("SELECT count(*) FROM messages")).isEqualTo(3);
    assertThat(purge()).isEqualTo(2);
    assertThat(purge()).isEqualTo(1);
    assertThat(purge()).isZero();
    assertThat(rows("SELECT count(*) FROM messages")).isZero();
  }

  @Test
  void aRunTrimsAtMostTheBatchOverAllRoomsAndTheNextRunContinues() throws SQLException {
    open(options().withHistory(1, Duration.ofDays(30)).withPurge(INTERVAL, 2));
    appendMany(LOBBY, 4);
    appendMany(KITCHEN, 3);

    assertThat(purge()).isEqualTo(2);
    assertThat(rows("SELECT count(*) FROM messages")).isEqualTo(5);
    assertThat(purge()).isEqualTo(2);
    assertThat(purge()).isEqualTo(1);
    assertThat(purge()).isZero();

    assertThat(offsets(history(LOBBY))).containsExactly(4L);
    assertThat(offsets(history(KITCHEN))).containsExactly(3L);
  }

  @Test
  void heartbeatLogRowsOlderThanADayAreDeleted() throws SQLException {
    open(options());
    await(connections.connected(connection("c1")));
    for (Duration after : List.of(Duration.ZERO, Duration.ofMinutes(30), Duration.ofHours(2),
        Duration.ofHours(20))) {
      await(connections.heartbeat(ConnectionId.of("c1"), START.plus(after),
          Duration.ofMillis(15)));
    }
    assertThat(rows("SELECT count(*) FROM heartbeats")).isEqualTo(4);

    clock.set(START.plus(Duration.ofHours(25))); // the oldest kept: START + 1 h or later

    assertThat(purge()).isEqualTo(2);
    assertThat(rows("SELECT count(*) FROM heartbeats")).isEqualTo(2);
    assertThat(rows("SELECT count(*) FROM heartbeats WHERE at < "
        + Rows.nanos(START.plus(Duration.ofHours(1))))).isZero();
    assertThat(rows("SELECT count(*) FROM connections")).as("the connection is active")
        .isEqualTo(1);
    assertThat(purge()).isZero();
  }

  @Test
  void disconnectedConnectionsOlderThanThirtyDaysAreDeletedAndTheTotalsKeepCountingThem()
      throws SQLException {
    open(options());
    await(connections.connected(connection("c1", "beta")));
    await(connections.connected(connection("c2", "beta")));
    await(connections.connected(connection("c3", "gamma")));
    await(connections.disconnected(ConnectionId.of("c1"), START.plus(Duration.ofHours(1)), 7));
    await(connections.disconnected(ConnectionId.of("c2"), START.plus(Duration.ofDays(20)), 5));
    ConnectionStats before = await(connections.stats());
    assertThat(before).isEqualTo(new ConnectionStats(1, 3, 12, Map.of("gamma", 1L), 1));

    clock.set(START.plus(Duration.ofDays(31))); // the oldest kept: disconnected at START + 1 d

    assertThat(purge()).isEqualTo(1);
    assertThat(rows("SELECT count(*) FROM connections WHERE id = 'c1'")).isZero();
    assertThat(rows("SELECT count(*) FROM connection_labels WHERE connection_id = 'c1'")).isZero();
    assertThat(rows("SELECT count(*) FROM connections")).isEqualTo(2);
    assertThat(await(connections.stats())).isEqualTo(before);

    clock.set(START.plus(Duration.ofDays(51)));

    assertThat(purge()).isEqualTo(1);
    assertThat(rows("SELECT count(*) FROM connections")).isEqualTo(1);
    assertThat(rows("SELECT count(*) FROM connections WHERE id = 'c3'"))
        .as("an active connection is never purged").isEqualTo(1);
    assertThat(rows("SELECT count(*) FROM connection_labels")).isEqualTo(1);
    assertThat(await(connections.stats())).isEqualTo(before);
  }

  private SqliteOptions options() {
    return SqliteOptions.at(dir.resolve("wsm.db")).withPurge(INTERVAL, 10_000);
  }

  private void open(SqliteOptions options) {
    db = databases.open(options, clock);
    messages = new SqliteMessageStore(db);
    connections = new SqliteConnectionStore(db);
  }

  private long purge() {
    try {
      return db.purgeNow().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the purge failed or timed out: " + e, e);
    }
  }

  /** The single number the query returns, read over a separate read-only connection. */
  private long rows(String sql) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    String url = "jdbc:sqlite:" + dir.resolve("wsm.db").toAbsolutePath();
    try (Connection jdbc = DriverManager.getConnection(url, config.toProperties());
        Statement statement = jdbc.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      assertThat(rs.next()).as("a row from " + sql).isTrue();
      return rs.getLong(1);
    }
  }

  private StoredMessage append(RoomId room, String id, Instant expiresAt) {
    return await(messages.append(new StoredMessage(MessageId.of(id), room, null, null, null,
        ("{\"n\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), false, null, clock.instant(),
        expiresAt, 0)));
  }

  private void appendMany(RoomId room, int count) {
    for (int i = 1; i <= count; i++) {
      append(room, room.value() + "-" + i, null);
    }
  }

  private List<StoredMessage> history(RoomId room) {
    return await(messages.history(room, new HistoryQuery(0, 100, false)));
  }

  private static List<String> ids(List<StoredMessage> page) {
    return page.stream().map(m -> m.id().value()).toList();
  }

  private static List<Long> offsets(List<StoredMessage> page) {
    return page.stream().map(StoredMessage::offset).toList();
  }

  private static ConnectionRecord connection(String id, String... labels) {
    return new ConnectionRecord(ConnectionId.of(id), UserId.of("ada"), Set.of(labels), Map.of(),
        "203.0.113.7:40000", START);
  }
}
