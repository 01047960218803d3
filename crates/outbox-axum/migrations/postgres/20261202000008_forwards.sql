-- Forwarding onward (OUTBOX_FORWARD_URL): one row per stored submission still to be forwarded, a
-- transactional outbox on the server. The row is written by a trigger inside the submission's own
-- insert (created while forwarding is configured: see `forwarding`), so a submission is stored with
-- its forward or not at all. Pending rows are claimed with a lease (`leased_until`, ms since the
-- epoch), retried at `next_attempt_at` with backoff, and deleted once the receiver answered 2xx; a
-- 4xx leaves the row `failed` with the receiver's answer, for the owner to see.
CREATE TABLE forwards (
    submission_id   TEXT    PRIMARY KEY,
    state           TEXT    NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL DEFAULT 0,
    leased_until    BIGINT  NOT NULL DEFAULT 0,
    last_error      TEXT
);
CREATE INDEX forwards_due ON forwards (state, next_attempt_at);
