-- The image that came with a submission, if any: the original bytes as received (checked to be a
-- PNG, JPEG, WebP or GIF) and a small JPEG thumbnail. Written in the submission's transaction.
CREATE TABLE images (
    submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
    content_type  TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    original      BYTEA NOT NULL,
    thumbnail     BYTEA NOT NULL
);
