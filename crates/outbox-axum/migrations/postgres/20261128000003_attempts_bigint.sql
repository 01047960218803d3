-- The attempt count as a 64-bit integer, as SQLite's INTEGER is: one row mapping reads both stores.
ALTER TABLE submissions ALTER COLUMN attempts TYPE BIGINT;
