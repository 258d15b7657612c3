-- wsm SQLite schema, version 2: offline inboxes, presence, the connection registry and its
-- heartbeat log, and running totals for stats.

CREATE TABLE inbox (
  seq         INTEGER PRIMARY KEY,
  user_id     VARCHAR    NOT NULL,
  id          VARCHAR    NOT NULL,
  room_name   TEXT,
  sender      TEXT,
  event       TEXT,
  data        BLOB    NOT NULL,
  is_binary   INTEGER NOT NULL,
  parent_id   TEXT,
  sent_at     BIGINT  NOT NULL,
  expires_at  BIGINT,
  enqueued_at BIGINT  NOT NULL
);

CREATE TABLE presence (
  user_id   VARCHAR   NOT NULL PRIMARY KEY,
  status    VARCHAR   NOT NULL,
  meta_json VARCHAR   NOT NULL,
  last_seen BIGINT NOT NULL
);

CREATE TABLE connections (
  id                  VARCHAR    NOT NULL PRIMARY KEY,
  user_id             VARCHAR    NOT NULL,
  status              VARCHAR    NOT NULL,
  remote_address      TEXT,
  metadata_json       VARCHAR    NOT NULL,
  connected_at        BIGINT  NOT NULL,
  disconnected_at     BIGINT,
  last_heartbeat      BIGINT,
  last_latency_micros BIGINT,
  messages_received   BIGINT  NOT NULL
);

CREATE TABLE connection_labels (
  connection_id VARCHAR NOT NULL,
  label         VARCHAR NOT NULL,
  PRIMARY KEY (connection_id, label)
);

CREATE TABLE heartbeats (
  connection_id  VARCHAR   NOT NULL,
  at             BIGINT NOT NULL,
  latency_micros BIGINT NOT NULL
);

-- Totals that outlive purged rows: connections_total, messages_received_total.
CREATE TABLE counters (
  name  VARCHAR   NOT NULL PRIMARY KEY,
  value BIGINT NOT NULL
);

/* [jooq ignore start] */
CREATE UNIQUE INDEX inbox_by_user_message ON inbox (user_id, id);
CREATE INDEX inbox_by_user_seq ON inbox (user_id, seq);
CREATE INDEX inbox_by_expiry ON inbox (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX inbox_by_sent ON inbox (sent_at);
CREATE INDEX presence_by_status ON presence (status);
CREATE INDEX connections_by_status ON connections (status);
CREATE INDEX connections_by_user ON connections (user_id);
CREATE INDEX connections_by_disconnect ON connections (disconnected_at) WHERE disconnected_at IS NOT NULL;
CREATE INDEX connection_labels_by_label ON connection_labels (label, connection_id);
CREATE INDEX heartbeats_by_connection ON heartbeats (connection_id, at);
CREATE INDEX heartbeats_by_time ON heartbeats (at);
INSERT INTO counters (name, value) VALUES ('connections_total', 0), ('messages_received_total', 0);
/* [jooq ignore stop] */
