-- A submission may carry several images (up to 3), in the order they were picked: each image has
-- its position, and the key is the submission and the position. Images stored before are their
-- submission's first (position 0).
ALTER TABLE images ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE images DROP CONSTRAINT images_pkey;
ALTER TABLE images ADD PRIMARY KEY (submission_id, position);
ALTER TABLE images ALTER COLUMN position DROP DEFAULT;
