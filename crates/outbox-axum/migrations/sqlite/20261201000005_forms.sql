-- Any declared form is stored: each submission names its form and keeps its fields as one JSON
-- object (the owner queries them with json_extract). Rows stored before hold the tutorial form's
-- one field, `name`: it moves into the fields, and the column goes (one place for every field).
ALTER TABLE submissions ADD COLUMN form TEXT NOT NULL DEFAULT 'tutorial';
ALTER TABLE submissions ADD COLUMN fields TEXT NOT NULL DEFAULT '{}';
UPDATE submissions SET fields = json_object('name', name);
ALTER TABLE submissions DROP COLUMN name;
CREATE INDEX submissions_by_form ON submissions (form, seq);
