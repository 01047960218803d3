-- Forwarding by a cursor over the submissions, not a row per submission: the insert writes
-- nothing for forwarding. `forward_cursor` holds the `seq` of the last submission handed to the
-- receiver (SQLite has one writer, so submissions commit in `seq` order: nothing can appear
-- behind the cursor; `after_xid` is PostgreSQL's and stays 0 here). The cursor is leased like a
-- forward. `forwards` keeps only what was not delivered the first time (due again, or refused).
-- Where the trigger was on, the cursor starts right after what it recorded (one writer: nothing
-- is stored between the two).
CREATE TABLE forward_cursor (
    one          INTEGER PRIMARY KEY CHECK (one = 1),
    after_xid    INTEGER NOT NULL DEFAULT 0,
    after_seq    INTEGER NOT NULL,
    leased_until INTEGER NOT NULL DEFAULT 0
);
INSERT INTO forward_cursor (one, after_seq)
    SELECT 1, (SELECT COALESCE(MAX(seq), 0) FROM submissions)
    WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'forward_submissions');
DROP TRIGGER IF EXISTS forward_submissions;
