-- One row per submission. The client-generated id is unique: a repeated delivery, from any server
-- instance, stores nothing new. `seq` orders the list (newest first). Times are RFC 3339 text in
-- UTC with milliseconds, the same as on SQLite, so both stores answer byte-identical records.
CREATE TABLE submissions (
    seq         BIGSERIAL PRIMARY KEY,
    id          TEXT      NOT NULL UNIQUE,
    name        TEXT      NOT NULL,
    received_at TEXT      NOT NULL,
    pressed_at  TEXT,
    attempts    INTEGER   NOT NULL DEFAULT 1
);
