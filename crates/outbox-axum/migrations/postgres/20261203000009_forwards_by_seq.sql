-- Forwards keyed by their submission's `seq`, not its id: a new forward is appended at the end of
-- its index, where a random text key touched a page anywhere in it. The trigger and its function
-- are dropped (they name the old columns); a server with forwarding configured creates the new
-- ones at start (`PgStore::set_forwarding`).
DROP TRIGGER IF EXISTS forward_submissions ON submissions;
DROP FUNCTION IF EXISTS record_forwards();
CREATE TABLE forwards_by_seq (
    seq             BIGINT  PRIMARY KEY,
    submission_id   TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL DEFAULT 0,
    leased_until    BIGINT  NOT NULL DEFAULT 0,
    last_error      TEXT
);
INSERT INTO forwards_by_seq (seq, submission_id, state, attempts, next_attempt_at, leased_until, last_error)
    SELECT s.seq, f.submission_id, f.state, f.attempts, f.next_attempt_at, f.leased_until, f.last_error
    FROM forwards f JOIN submissions s ON s.id = f.submission_id;
DROP TABLE forwards;
ALTER TABLE forwards_by_seq RENAME TO forwards;
CREATE INDEX forwards_due ON forwards (state, next_attempt_at);
