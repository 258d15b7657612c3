-- wsm SQLite schema, version 3: a sequence number per user for inbox messages (never reused, so
-- that "ack up to" always means the same messages) and each device's ack position.

ALTER TABLE inbox ADD COLUMN user_seq BIGINT NOT NULL DEFAULT 0;

CREATE TABLE inbox_sequences (
  user_id  VARCHAR NOT NULL PRIMARY KEY,
  last_seq BIGINT  NOT NULL
);

CREATE TABLE inbox_devices (
  user_id   VARCHAR NOT NULL,
  device    VARCHAR NOT NULL,
  acked_seq BIGINT  NOT NULL,
  seen_at   BIGINT  NOT NULL,
  PRIMARY KEY (user_id, device)
);

/* [jooq ignore start] */
-- Messages kept by version 2 are numbered by their row id, which grows in enqueue order.
UPDATE inbox SET user_seq = seq;
INSERT INTO inbox_sequences (user_id, last_seq) SELECT user_id, MAX(seq) FROM inbox GROUP BY user_id;
CREATE INDEX inbox_by_user_user_seq ON inbox (user_id, user_seq);
CREATE INDEX inbox_devices_by_seen ON inbox_devices (seen_at);
/* [jooq ignore stop] */
