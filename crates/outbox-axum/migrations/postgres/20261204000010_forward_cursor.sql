-- Forwarding by a cursor over the submissions, not a row per submission: the insert writes
-- nothing for forwarding (the trigger's row, its two index entries, its claim and its delete cost
-- PostgreSQL a quarter of the intake). `forward_cursor` holds the last submission handed to the
-- receiver, in the order of the transaction that stored it (`xid`, then `seq`): every submission
-- of a transaction older than the oldest one still running (`pg_snapshot_xmin`) is committed or
-- never will be, so a cursor that moves only over those never passes one still to come (`seq`
-- alone would: sequence values are taken in one order and committed in another). The cursor is
-- leased like a forward (one instance hands a range on at a time). `forwards` keeps only what
-- was not delivered the first time (due again, or refused), as before.
--
-- The first statement locks `submissions` until the end: no insert runs meanwhile, so where the
-- trigger was on, the cursor starts exactly after what it recorded (no submission missed, none
-- recorded twice). No default rewrites the table: earlier rows keep a null `xid`, before any
-- cursor.
ALTER TABLE submissions ADD COLUMN xid BIGINT;
ALTER TABLE submissions ALTER COLUMN xid SET DEFAULT (pg_current_xact_id()::text::bigint);
-- In the cursor's order, so a round reads its 64 and no more (a BRIN index, cheaper to insert
-- into, made each round sort everything after the cursor: 62 ms with 135,000 behind it). New
-- entries go to the index's right edge.
CREATE INDEX submissions_by_xid ON submissions (xid, seq);
CREATE TABLE forward_cursor (
    one          INTEGER PRIMARY KEY CHECK (one = 1),
    after_xid    BIGINT  NOT NULL,
    after_seq    BIGINT  NOT NULL,
    leased_until BIGINT  NOT NULL DEFAULT 0
);
INSERT INTO forward_cursor (one, after_xid, after_seq)
    SELECT 1, pg_snapshot_xmax(pg_current_snapshot())::text::bigint - 1, 9223372036854775807
    WHERE EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'forward_submissions' AND tgrelid = 'submissions'::regclass);
DROP TRIGGER IF EXISTS forward_submissions ON submissions;
DROP FUNCTION IF EXISTS record_forwards();
