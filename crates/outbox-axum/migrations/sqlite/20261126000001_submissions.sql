-- One row per submission. The client-generated id is unique: a repeated delivery stores nothing new.
-- `seq` orders the list (newest first) even when two records share a millisecond.
CREATE TABLE submissions (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    received_at TEXT    NOT NULL
);
