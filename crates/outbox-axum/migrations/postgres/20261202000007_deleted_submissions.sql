-- The ids of submissions the owner deleted (or retention did): a queue that was offline for long
-- may send one again, and it must not be stored again. The trigger skips such a row inside the
-- insert itself (a BEFORE trigger returning NULL), so no insert path can miss it.
CREATE TABLE deleted_submissions (
    id         TEXT PRIMARY KEY,
    deleted_at TEXT NOT NULL
);
CREATE FUNCTION skip_deleted_submission() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM deleted_submissions WHERE id = NEW.id) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER deleted_stay_deleted BEFORE INSERT ON submissions
    FOR EACH ROW EXECUTE FUNCTION skip_deleted_submission();
