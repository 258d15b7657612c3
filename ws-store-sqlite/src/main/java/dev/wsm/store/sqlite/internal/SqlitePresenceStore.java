package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Sql.p;
import static dev.wsm.store.sqlite.internal.schema.tables.Presence.PRESENCE;

import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.PresenceRecord;
import dev.wsm.core.spi.PresenceStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Users' last known presence in SQLite; last write wins. */
@Singleton
public final class SqlitePresenceStore implements PresenceStore {
  private static final String UPSERT = Sql.render(Sql.dsl()
      .insertInto(PRESENCE, PRESENCE.USER_ID, PRESENCE.STATUS, PRESENCE.META_JSON,
          PRESENCE.LAST_SEEN)
      .values(p(PRESENCE.USER_ID), p(PRESENCE.STATUS), p(PRESENCE.META_JSON),
          p(PRESENCE.LAST_SEEN))
      .onConflict(PRESENCE.USER_ID).doUpdate()
      .set(PRESENCE.STATUS, org.jooq.impl.DSL.excluded(PRESENCE.STATUS))
      .set(PRESENCE.META_JSON, org.jooq.impl.DSL.excluded(PRESENCE.META_JSON))
      .set(PRESENCE.LAST_SEEN, org.jooq.impl.DSL.excluded(PRESENCE.LAST_SEEN)));
  private static final String FIND = Sql.render(Sql.dsl()
      .select(PRESENCE.STATUS, PRESENCE.META_JSON, PRESENCE.LAST_SEEN).from(PRESENCE)
      .where(PRESENCE.USER_ID.eq(p(PRESENCE.USER_ID))));

  private final SqliteDatabase db;

  @Inject
  public SqlitePresenceStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public CompletionStage<Void> save(PresenceRecord record) {
    return db.write(conn -> {
      PreparedStatement ps = conn.prepare(UPSERT);
      ps.setString(1, record.user().value());
      ps.setString(2, record.status().name());
      ps.setString(3, record.metaJson());
      ps.setLong(4, Rows.nanos(record.lastSeen()));
      ps.executeUpdate();
      return null;
    });
  }

  @Override
  public CompletionStage<Optional<PresenceRecord>> find(UserId user) {
    return db.read(conn -> {
      PreparedStatement ps = conn.prepare(FIND);
      ps.setString(1, user.value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new PresenceRecord(user, PresenceStatus.valueOf(rs.getString(1)),
            rs.getString(2), Rows.instant(rs.getLong(3))));
      }
    });
  }
}
