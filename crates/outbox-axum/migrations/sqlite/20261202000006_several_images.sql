-- A submission may carry several images (up to 3), in the order they were picked: each image has
-- its position, and the key is the submission and the position. SQLite cannot change a table's
-- key, so the table is copied; images stored before are their submission's first (position 0).
CREATE TABLE images_by_position (
    submission_id TEXT    NOT NULL REFERENCES submissions (id),
    position      INTEGER NOT NULL,
    content_type  TEXT    NOT NULL,
    file_name     TEXT    NOT NULL,
    original      BLOB    NOT NULL,
    thumbnail     BLOB    NOT NULL,
    sha256        TEXT,
    PRIMARY KEY (submission_id, position)
);
INSERT INTO images_by_position (submission_id, position, content_type, file_name, original, thumbnail, sha256)
    SELECT submission_id, 0, content_type, file_name, original, thumbnail, sha256 FROM images;
DROP TABLE images;
ALTER TABLE images_by_position RENAME TO images;
