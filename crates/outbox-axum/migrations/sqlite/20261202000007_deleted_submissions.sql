-- The ids of submissions the owner deleted (or retention did): a queue that was offline for long
-- may send one again, and it must not be stored again: the one insert statement leaves such an id
-- out (`store::sql::INSERT_SUBMISSIONS_SQL`).
CREATE TABLE deleted_submissions (
    id         TEXT PRIMARY KEY,
    deleted_at TEXT NOT NULL
);
