package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.JoinOutcome;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.RoomRecord;
import dev.wsm.core.spi.RoomStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.core.spi.StreamPosition;
import dev.wsm.testkit.contract.RoomStoreContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRoomStoreTest extends RoomStoreContract {
  @TempDir
  Path dir;
  private final Databases databases = new Databases();
  private SqliteDatabase db;

  @Override
  protected RoomStore createStore() {
    db = databases.open(dir, Clock.systemUTC());
    return new SqliteRoomStore(db);
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected RoomStore reopen() {
    db = databases.reopen(db);
    return new SqliteRoomStore(db);
  }

  @AfterEach
  void closeDatabase() {
    databases.close();
  }

  @Test
  void reopeningClearsMembershipsAndKeepsEphemeralRoomsUntilTheRestartGraceHasPassed() {
    MutableClock clock = new MutableClock(NOW);
    SqliteOptions options = SqliteOptions.at(dir.resolve("grace.db"))
        .withRestartGrace(Duration.ofMinutes(5)).withPurge(Duration.ofHours(1), 1000);
    SqliteDatabase graceDb = databases.open(options, clock);
    RoomId lobby = RoomId.of("lobby");
    RoomId party = RoomId.of("party");
    RoomId unused = RoomId.of("unused-party");
    UserId ada = UserId.of("ada");
    UserId bob = UserId.of("bob");
    RoomStore rooms = new SqliteRoomStore(graceDb);
    MessageStore messages = new SqliteMessageStore(graceDb);
    await(rooms.create(new RoomRecord(lobby, "", null, 1, null, NOW, null, false)));
    await(rooms.create(new RoomRecord(party, "", null, 0, ada, NOW, null, true)));
    await(rooms.create(new RoomRecord(unused, "", null, 0, ada, NOW, null, true)));
    await(rooms.addMember(lobby, ada, ConnectionId.of("a1")));
    await(rooms.addMember(party, ada, ConnectionId.of("a1")));
    await(rooms.addMember(party, bob, ConnectionId.of("b1")));
    await(messages.append(message(lobby, "in-lobby")));
    await(messages.append(message(party, "in-party")));
    StreamPosition lobbyPosition = await(messages.position(lobby));
    StreamPosition partyPosition = await(messages.position(party));

    clock.advance(Duration.ofSeconds(1));
    graceDb = databases.reopen(graceDb);
    rooms = new SqliteRoomStore(graceDb);
    messages = new SqliteMessageStore(graceDb);

    assertThat(await(rooms.members(lobby))).isEmpty();
    assertThat(await(rooms.members(party))).isEmpty();
    assertThat(await(rooms.addMember(lobby, bob, ConnectionId.of("b2"))))
        .as("the dead connection no longer holds the only place")
        .isEqualTo(JoinOutcome.JOINED_FIRST_DEVICE);
    assertThat(await(rooms.list())).extracting(r -> r.id().value())
        .as("ephemeral rooms wait for their clients to come back")
        .containsExactly("lobby", "party", "unused-party");
    assertThat(await(messages.position(party))).isEqualTo(partyPosition);
    assertThat(await(rooms.addMember(party, ada, ConnectionId.of("a2"))))
        .isEqualTo(JoinOutcome.JOINED_FIRST_DEVICE);

    assertThat(await(graceDb.purgeNow())).as("nothing is purged within the grace").isZero();
    clock.advance(Duration.ofMinutes(5));
    await(graceDb.purgeNow());

    assertThat(await(rooms.list())).extracting(r -> r.id().value())
        .as("the ephemeral room nobody came back to is gone; the rejoined one stays")
        .containsExactly("lobby", "party");
    assertThat(await(messages.position(lobby))).isEqualTo(lobbyPosition);
    assertThat(await(messages.position(party))).isEqualTo(partyPosition);
    assertThat(await(messages.history(party, new HistoryQuery(0, 10, false))))
        .extracting(m -> m.id().value()).containsExactly("in-party");
    assertThat(await(messages.position(unused)).lastOffset()).isZero();
  }

  private static StoredMessage message(RoomId room, String id) {
    return new StoredMessage(MessageId.of(id), room, null, null, null,
        "{}".getBytes(StandardCharsets.UTF_8), false, null, NOW, null, 0);
  }
}
