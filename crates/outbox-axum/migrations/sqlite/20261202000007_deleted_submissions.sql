-- The ids of submissions the owner deleted (or retention did): a queue that was offline for long
-- may send one again, and it must not be stored again. The trigger skips such a row inside the
-- insert itself (RAISE(IGNORE): the statement goes on without it), so no insert path can miss it.
CREATE TABLE deleted_submissions (
    id         TEXT PRIMARY KEY,
    deleted_at TEXT NOT NULL
);
CREATE TRIGGER deleted_stay_deleted BEFORE INSERT ON submissions
WHEN EXISTS (SELECT 1 FROM deleted_submissions WHERE id = NEW.id)
BEGIN
    SELECT RAISE(IGNORE);
END;
