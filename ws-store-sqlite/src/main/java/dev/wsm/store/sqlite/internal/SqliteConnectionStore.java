package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Sql.p;
import static dev.wsm.store.sqlite.internal.schema.tables.ConnectionLabels.CONNECTION_LABELS;
import static dev.wsm.store.sqlite.internal.schema.tables.Connections.CONNECTIONS;
import static dev.wsm.store.sqlite.internal.schema.tables.Counters.COUNTERS;
import static dev.wsm.store.sqlite.internal.schema.tables.Heartbeats.HEARTBEATS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.spi.ConnectionRecord;
import dev.wsm.core.spi.ConnectionStats;
import dev.wsm.core.spi.ConnectionStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jooq.impl.DSL;

/**
 * The connection registry in SQLite: one row per connection (active or disconnected), its labels,
 * a heartbeat log with latencies, and running totals that outlive purged rows.
 */
@Singleton
public final class SqliteConnectionStore implements ConnectionStore {
  static final String ACTIVE = "active";
  static final String DISCONNECTED = "disconnected";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String INSERT = Sql.render(Sql.dsl()
      .insertInto(CONNECTIONS, CONNECTIONS.ID, CONNECTIONS.USER_ID, CONNECTIONS.STATUS,
          CONNECTIONS.REMOTE_ADDRESS, CONNECTIONS.METADATA_JSON, CONNECTIONS.CONNECTED_AT,
          CONNECTIONS.MESSAGES_RECEIVED)
      .values(p(CONNECTIONS.ID), p(CONNECTIONS.USER_ID), p(CONNECTIONS.STATUS),
          p(CONNECTIONS.REMOTE_ADDRESS), p(CONNECTIONS.METADATA_JSON), p(CONNECTIONS.CONNECTED_AT),
          DSL.inline(0L))
      .onConflictDoNothing());
  private static final String ADD_LABEL = Sql.render(Sql.dsl()
      .insertInto(CONNECTION_LABELS, CONNECTION_LABELS.CONNECTION_ID, CONNECTION_LABELS.LABEL)
      .values(p(CONNECTION_LABELS.CONNECTION_ID), p(CONNECTION_LABELS.LABEL))
      .onConflictDoNothing());
  private static final String ADD_TO_COUNTER = Sql.render(Sql.dsl()
      .update(COUNTERS).set(COUNTERS.VALUE, COUNTERS.VALUE.plus(p(COUNTERS.VALUE)))
      .where(COUNTERS.NAME.eq(p(COUNTERS.NAME))));
  private static final String DISCONNECT = Sql.render(Sql.dsl()
      .update(CONNECTIONS)
      .set(CONNECTIONS.STATUS, DSL.inline(DISCONNECTED))
      .set(CONNECTIONS.DISCONNECTED_AT, p(CONNECTIONS.DISCONNECTED_AT))
      .set(CONNECTIONS.MESSAGES_RECEIVED, p(CONNECTIONS.MESSAGES_RECEIVED))
      .where(CONNECTIONS.ID.eq(p(CONNECTIONS.ID)))
      .and(CONNECTIONS.STATUS.eq(DSL.inline(ACTIVE))));
  private static final String HEARTBEAT = Sql.render(Sql.dsl()
      .update(CONNECTIONS)
      .set(CONNECTIONS.LAST_HEARTBEAT, p(CONNECTIONS.LAST_HEARTBEAT))
      .set(CONNECTIONS.LAST_LATENCY_MICROS, p(CONNECTIONS.LAST_LATENCY_MICROS))
      .where(CONNECTIONS.ID.eq(p(CONNECTIONS.ID))));
  private static final String LOG_HEARTBEAT = Sql.render(Sql.dsl()
      .insertInto(HEARTBEATS, HEARTBEATS.CONNECTION_ID, HEARTBEATS.AT, HEARTBEATS.LATENCY_MICROS)
      .values(p(HEARTBEATS.CONNECTION_ID), p(HEARTBEATS.AT), p(HEARTBEATS.LATENCY_MICROS)));
  private static final String COUNT_ACTIVE = Sql.render(Sql.dsl()
      .select(DSL.count(), DSL.countDistinct(CONNECTIONS.USER_ID)).from(CONNECTIONS)
      .where(CONNECTIONS.STATUS.eq(DSL.inline(ACTIVE))));
  private static final String COUNTERS_ALL = Sql.render(Sql.dsl()
      .select(COUNTERS.NAME, COUNTERS.VALUE).from(COUNTERS));
  private static final String BY_LABEL = Sql.render(Sql.dsl()
      .select(CONNECTION_LABELS.LABEL, DSL.count()).from(CONNECTION_LABELS)
      .join(CONNECTIONS).on(CONNECTIONS.ID.eq(CONNECTION_LABELS.CONNECTION_ID))
      .where(CONNECTIONS.STATUS.eq(DSL.inline(ACTIVE)))
      .groupBy(CONNECTION_LABELS.LABEL));

  private final SqliteDatabase db;

  @Inject
  public SqliteConnectionStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public CompletionStage<Void> connected(ConnectionRecord record) {
    String metadata;
    try {
      metadata = JSON.writeValueAsString(record.metadata());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return db.write(conn -> {
      PreparedStatement ps = conn.prepare(INSERT);
      ps.setString(1, record.id().value());
      ps.setString(2, record.user().value());
      ps.setString(3, ACTIVE);
      Rows.setText(ps, 4, record.remoteAddress());
      ps.setString(5, metadata);
      ps.setLong(6, Rows.nanos(record.connectedAt()));
      if (ps.executeUpdate() == 0) {
        return null;
      }
      PreparedStatement label = conn.prepare(ADD_LABEL);
      for (String l : record.labels()) {
        label.setString(1, record.id().value());
        label.setString(2, l);
        label.executeUpdate();
      }
      addToCounter(conn, "connections_total", 1);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> disconnected(ConnectionId id, Instant at, long messagesReceived) {
    return db.write(conn -> {
      PreparedStatement ps = conn.prepare(DISCONNECT);
      ps.setLong(1, Rows.nanos(at));
      ps.setLong(2, messagesReceived);
      ps.setString(3, id.value());
      if (ps.executeUpdate() == 1) {
        addToCounter(conn, "messages_received_total", messagesReceived);
      }
      return null;
    });
  }

  @Override
  public CompletionStage<Void> heartbeat(ConnectionId id, Instant at, Duration latency) {
    long micros = latency.toNanos() / 1000;
    return db.write(conn -> {
      PreparedStatement ps = conn.prepare(HEARTBEAT);
      ps.setLong(1, Rows.nanos(at));
      ps.setLong(2, micros);
      ps.setString(3, id.value());
      if (ps.executeUpdate() == 1) {
        PreparedStatement log = conn.prepare(LOG_HEARTBEAT);
        log.setString(1, id.value());
        log.setLong(2, Rows.nanos(at));
        log.setLong(3, micros);
        log.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public CompletionStage<ConnectionStats> stats() {
    return db.read(conn -> {
      long active = 0;
      long users = 0;
      try (ResultSet rs = conn.prepare(COUNT_ACTIVE).executeQuery()) {
        if (rs.next()) {
          active = rs.getLong(1);
          users = rs.getLong(2);
        }
      }
      Map<String, Long> counters = new HashMap<>();
      try (ResultSet rs = conn.prepare(COUNTERS_ALL).executeQuery()) {
        while (rs.next()) {
          counters.put(rs.getString(1), rs.getLong(2));
        }
      }
      Map<String, Long> byLabel = new HashMap<>();
      try (ResultSet rs = conn.prepare(BY_LABEL).executeQuery()) {
        while (rs.next()) {
          byLabel.put(rs.getString(1), rs.getLong(2));
        }
      }
      return new ConnectionStats(active, counters.getOrDefault("connections_total", 0L),
          counters.getOrDefault("messages_received_total", 0L), byLabel, users);
    });
  }

  private static void addToCounter(Conn conn, String name, long delta) throws java.sql.SQLException {
    PreparedStatement ps = conn.prepare(ADD_TO_COUNTER);
    ps.setLong(1, delta);
    ps.setString(2, name);
    ps.executeUpdate();
  }
}
