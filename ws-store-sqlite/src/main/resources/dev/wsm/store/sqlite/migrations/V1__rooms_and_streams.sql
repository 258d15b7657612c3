-- wsm SQLite schema, version 1: rooms, their members and their message streams.
-- Text columns are VARCHAR (TEXT affinity in SQLite). Times are nanoseconds since the epoch (UTC) in BIGINT columns; booleans are 0/1 INTEGERs.
-- Applied in a transaction by the store at start-up; PRAGMA user_version records the version.

CREATE TABLE rooms (
  name          VARCHAR    NOT NULL PRIMARY KEY,
  topic         VARCHAR    NOT NULL,
  -- pbkdf2-sha256$iterations$salt$hash: the KDF parameters travel with the hash, for upgrades.
  password_hash TEXT,
  is_private    INTEGER NOT NULL,
  member_limit  INTEGER NOT NULL,
  created_by    TEXT,
  created_at    BIGINT  NOT NULL,
  expires_at    BIGINT,
  ephemeral     INTEGER NOT NULL
);

CREATE TABLE room_members (
  room_name     VARCHAR    NOT NULL,
  user_id       VARCHAR    NOT NULL,
  connection_id VARCHAR    NOT NULL,
  joined_at     BIGINT  NOT NULL,
  PRIMARY KEY (room_name, connection_id)
);

-- One row per room stream: its epoch and the newest offset handed out.
CREATE TABLE streams (
  room_name   VARCHAR   NOT NULL PRIMARY KEY,
  epoch       VARCHAR   NOT NULL,
  last_offset BIGINT NOT NULL
);

CREATE TABLE messages (
  seq         INTEGER PRIMARY KEY,
  id          VARCHAR    NOT NULL,
  room_name   VARCHAR    NOT NULL,
  room_offset BIGINT  NOT NULL,
  sender      TEXT,
  event       TEXT,
  data        BLOB    NOT NULL,
  is_binary   INTEGER NOT NULL,
  parent_id   TEXT,
  sent_at     BIGINT  NOT NULL,
  expires_at  BIGINT
);

/* [jooq ignore start] */
CREATE INDEX rooms_by_expiry ON rooms (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX room_members_by_user ON room_members (room_name, user_id);
CREATE UNIQUE INDEX messages_by_id ON messages (id);
CREATE UNIQUE INDEX messages_by_room_offset ON messages (room_name, room_offset);
CREATE INDEX messages_by_room_time ON messages (room_name, sent_at);
CREATE INDEX messages_by_expiry ON messages (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX messages_by_parent ON messages (parent_id) WHERE parent_id IS NOT NULL;
/* [jooq ignore stop] */
