-- The SHA-256 of each image (lower-case hex), so a repeated id is compared with what was stored
-- (the same payload: the original answer; another payload: a conflict). Null for older rows: their
-- hash is computed from the bytes when needed.
ALTER TABLE images ADD COLUMN sha256 TEXT;
