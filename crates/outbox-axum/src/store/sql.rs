//! The SQL, written once for both backends (both take `$N` placeholders: sqlx binds SQLite's `$N`
//! by number too), and the one mapping from a row to a record. Every read of a record returns the
//! columns in the order of `select_records!`: id, form, fields (JSON: text on SQLite, jsonb on
//! PostgreSQL, read and bound as `serde_json::Value` on both), received_at, pressed_at, attempts
//! (a 64-bit integer on both), and how many images it has.

use outbox_protocol::{RawJson, SubmissionRecord};
use sqlx::{ColumnIndex, Decode, Row, Type};
use uuid::Uuid;

use super::StoreError;
use crate::submission::ValidSubmission;

pub const INSERT_IMAGE_SQL: &str =
    "INSERT INTO images (submission_id, position, content_type, file_name, original, thumbnail, sha256) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";
/// SQLite's: followed by the rows (`QueryBuilder::push_values`) and `INSERT_SUBMISSIONS_END`: an id already
/// stored, or deleted since (`deleted_submissions`: not stored again), is left out by the statement
/// itself, so no insert path can store a deleted id. (`column1` is the first column of `VALUES`
/// on both backends.)
pub const INSERT_SUBMISSIONS_SQL: &str =
    "INSERT INTO submissions (id, form, fields, received_at, pressed_at, attempts) SELECT * FROM (";
pub const INSERT_SUBMISSIONS_END: &str = ") AS v WHERE NOT EXISTS (SELECT 1 FROM deleted_submissions d \
     WHERE d.id = v.column1) ON CONFLICT (id) DO NOTHING RETURNING id";
/// PostgreSQL's: the same, over the columns as arrays (`$4` the time of receipt, for all).
pub const INSERT_SUBMISSIONS_POSTGRES: &str = "INSERT INTO submissions (id, form, fields, received_at, pressed_at, attempts) \
     SELECT v.id, v.form, v.fields::jsonb, $4, v.pressed_at, v.attempts \
     FROM UNNEST($1::text[], $2::text[], $3::text[], $5::text[], $6::int8[]) AS v(id, form, fields, pressed_at, attempts) \
     WHERE NOT EXISTS (SELECT 1 FROM deleted_submissions d WHERE d.id = v.id) ON CONFLICT (id) DO NOTHING RETURNING id";
macro_rules! select_records {
    () => {
        "SELECT s.id, s.form, s.fields, s.received_at, s.pressed_at, s.attempts, \
         (SELECT COUNT(*) FROM images i WHERE i.submission_id = s.id), s.seq \
         FROM submissions s"
    };
}
/// `$2`: one form's records only, or (null) every form's; `$3`: only those before the position
/// `seq` (a cursor that outlives the deletion of the record it was read from), or (null) from the
/// newest.
pub const LIST_SQL: &str = concat!(
    select_records!(),
    " WHERE ($2 IS NULL OR s.form = $2) AND ($3 IS NULL OR s.seq < $3) ORDER BY s.seq DESC LIMIT $1"
);
/// A record's position in the list (`seq`), for a cursor named by the record's id.
pub const POSITION_SQL: &str = "SELECT seq FROM submissions WHERE id = $1";
/// Followed by a parenthesized list of ids.
pub const SELECT_BY_IDS_SQL: &str = concat!(select_records!(), " WHERE s.id IN ");
/// Deleting a submission: its images, its row (answering its id when there was one), and its id
/// kept as deleted (a queue sending it again gets 410, `Outcome::Deleted`).
pub const DELETE_IMAGES_SQL: &str = "DELETE FROM images WHERE submission_id = $1";
pub const DELETE_SUBMISSION_SQL: &str = "DELETE FROM submissions WHERE id = $1 RETURNING id";
pub const INSERT_DELETED_SQL: &str =
    "INSERT INTO deleted_submissions (id, deleted_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING";
pub const IS_DELETED_SQL: &str = "SELECT 1 FROM deleted_submissions WHERE id = $1";
/// The oldest submissions received before `$1` (retention), a chunk at a time.
pub const RECEIVED_BEFORE_SQL: &str = "SELECT id FROM submissions WHERE received_at < $1 ORDER BY seq LIMIT $2";
/// Forwarding (`forwarding`): a submission is handed on first from the cursor (`forward_cursor`,
/// see its migration), then, if the receiver did not take it, from a row of `forwards` named by
/// its `seq`. A claim of either is settled only under its own lease, so one whose lease ran out
/// and was claimed again is not settled twice.
pub const FORWARD_CURSOR_SQL: &str = "SELECT after_xid, after_seq, leased_until FROM forward_cursor";
/// Takes the cursor at the position read, if nobody holds it (`$1` the lease, `$2` now).
pub const TAKE_FORWARD_CURSOR_SQL: &str = "UPDATE forward_cursor SET leased_until = $1 \
     WHERE leased_until <= $2 AND after_xid = $3 AND after_seq = $4";
/// Moves the cursor past a round and lets it go, under the round's lease (`$3`).
pub const MOVE_FORWARD_CURSOR_SQL: &str =
    "UPDATE forward_cursor SET after_xid = $1, after_seq = $2, leased_until = 0 WHERE leased_until = $3";
pub const STOP_FORWARDING_SQL: &str = "DELETE FROM forward_cursor";
/// A submission handed on from the cursor that the receiver did not take: kept to be retried
/// (`pending`) or shown (`failed`).
pub const KEEP_FORWARD_SQL: &str =
    "INSERT INTO forwards (seq, submission_id, state, attempts, next_attempt_at, last_error) \
     VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT (seq) DO NOTHING";
/// The submissions after the cursor (`$1`, `$2`), oldest first, at most `$3`: SQLite's by `seq`
/// (one writer: they commit in that order; `$1` is always 0 there), PostgreSQL's by transaction,
/// and only of transactions older than every one still running (see the cursor's migration).
pub const NEW_FORWARDS_SQLITE: &str = "SELECT 0, seq, id FROM submissions WHERE seq > $2 ORDER BY seq LIMIT $3";
pub const NEW_FORWARDS_POSTGRES: &str = "SELECT xid, seq, id FROM submissions \
     WHERE xid >= $1 AND (xid > $1 OR seq > $2) AND xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint \
     ORDER BY xid, seq LIMIT $3";
/// Where a cursor starts when forwarding is switched on: after what is stored (on PostgreSQL,
/// after every transaction begun so far: `pg_snapshot_xmax`; one still storing was stored before).
pub const START_FORWARDING_SQLITE: &str = "INSERT INTO forward_cursor (one, after_xid, after_seq) \
     SELECT 1, 0, COALESCE(MAX(seq), 0) FROM submissions WHERE true ON CONFLICT (one) DO NOTHING";
pub const START_FORWARDING_POSTGRES: &str = "INSERT INTO forward_cursor (one, after_xid, after_seq) \
     VALUES (1, pg_snapshot_xmax(pg_current_snapshot())::text::bigint - 1, 9223372036854775807) \
     ON CONFLICT (one) DO NOTHING";
/// Followed by the lease and `AND seq IN (…)`: a round's forwards due again and done, in one
/// statement.
pub const FORWARDS_DONE_SQL: &str = "DELETE FROM forwards WHERE leased_until = ";
pub const FORWARD_FAILED_SQL: &str = "UPDATE forwards SET state = 'failed', attempts = attempts + 1, \
     leased_until = 0, last_error = $3 WHERE seq = $1 AND leased_until = $2";
pub const FORWARD_RETRY_SQL: &str = "UPDATE forwards SET attempts = attempts + 1, next_attempt_at = $3, \
     leased_until = 0, last_error = $4 WHERE seq = $1 AND leased_until = $2";
/// Forwards waiting by state: the rows of `forwards`, and as `pending` every submission after the
/// cursor.
macro_rules! forward_backlog {
    ($after_cursor:literal) => {
        concat!(
            "SELECT state, COUNT(*) FROM forwards GROUP BY state UNION ALL \
             SELECT 'pending', COUNT(*) FROM submissions s JOIN forward_cursor c ON ",
            $after_cursor
        )
    };
}
pub const FORWARD_BACKLOG_SQLITE: &str = forward_backlog!("s.seq > c.after_seq");
pub const FORWARD_BACKLOG_POSTGRES: &str =
    forward_backlog!("s.xid >= c.after_xid AND (s.xid > c.after_xid OR s.seq > c.after_seq)");
pub const FORWARD_FAILURES_SQL: &str =
    "SELECT submission_id, attempts, last_error FROM forwards WHERE state = 'failed' ORDER BY seq LIMIT $1";
/// Run before the submission's row is deleted (its `seq` names the forward).
pub const DELETE_FORWARD_SQL: &str = "DELETE FROM forwards WHERE seq = (SELECT seq FROM submissions WHERE id = $1)";
/// The claim's inner query: due, pending forwards not leased, oldest due first.
macro_rules! due_forwards {
    () => {
        "SELECT seq FROM forwards WHERE state = 'pending' AND next_attempt_at <= $1 \
         AND leased_until <= $1 ORDER BY next_attempt_at LIMIT $3"
    };
}
/// Claims up to `$3` due forwards for a lease until `$2`; PostgreSQL skips rows another instance
/// is claiming (`SKIP LOCKED`), so two instances never forward the same submission at once.
pub const CLAIM_FORWARDS_SQLITE: &str = concat!(
    "UPDATE forwards SET leased_until = $2 WHERE seq IN (",
    due_forwards!(),
    ") RETURNING seq, submission_id, attempts"
);
pub const CLAIM_FORWARDS_POSTGRES: &str = concat!(
    "UPDATE forwards SET leased_until = $2 WHERE seq IN (",
    due_forwards!(),
    " FOR UPDATE SKIP LOCKED) RETURNING seq, submission_id, attempts"
);
/// The readiness query: trivial, but it reaches the submissions table (a `SELECT 1` alone would
/// not touch SQLite's file).
pub const READY_SQL: &str = "SELECT 1 FROM submissions LIMIT 1";
pub const IMAGE_SQL: &str = "SELECT content_type, original FROM images WHERE submission_id = $1 AND position = $2";
/// Each image's hash in order; the bytes only where a row written before the column has none.
pub const IMAGE_SHA256_SQL: &str = "SELECT sha256, CASE WHEN sha256 IS NULL THEN original END FROM images \
     WHERE submission_id = $1 ORDER BY position";
pub const THUMBNAIL_SQL: &str = "SELECT thumbnail FROM images WHERE submission_id = $1 AND position = $2";

/// A record's position in the list, from a row of `select_records!`.
pub fn position_from_row<'r, R: Row>(row: &'r R) -> Result<i64, StoreError>
where
    usize: ColumnIndex<R>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(row.try_get(7)?)
}

/// A record from a row of `select_records!`, on either backend.
pub fn record_from_row<'r, R: Row>(row: &'r R) -> Result<SubmissionRecord, StoreError>
where
    usize: ColumnIndex<R>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    serde_json::Value: Decode<'r, R::Database> + Type<R::Database>,
{
    let id = stored_id(&row.try_get::<String, _>(0)?)?;
    let fields: serde_json::Value = row.try_get(2)?;
    let attempts: i64 = row.try_get(5)?;
    let images: i64 = row.try_get(6)?;
    let record = SubmissionRecord {
        id,
        form: row.try_get(1)?,
        fields: raw_fields(&fields)?,
        received_at: row.try_get(3)?,
        pressed_at: row.try_get(4)?,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        image_url: None,
        thumbnail_url: None,
        images: Vec::new(),
    };
    Ok(record.with_images(usize::try_from(images).unwrap_or(0)))
}

/// A submission's id as stored (text).
pub fn stored_id(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|e| StoreError::Internal(format!("the stored id {text:?} is not a uuid: {e}")))
}

/// The record of a submission stored just now.
pub fn new_record(s: &ValidSubmission, received_at: String) -> SubmissionRecord {
    let record = SubmissionRecord {
        id: s.id,
        form: s.form.to_string(),
        fields: raw_fields(&s.fields).unwrap_or_else(|_| RawJson::object(|_| {})),
        received_at,
        pressed_at: s.pressed_at.clone(),
        attempts: s.attempt,
        image_url: None,
        thumbnail_url: None,
        images: Vec::new(),
    };
    record.with_images(s.images.len())
}

fn raw_fields(fields: &serde_json::Value) -> Result<RawJson, StoreError> {
    RawJson::serialized(fields).map_err(|e| StoreError::Internal(format!("stored fields cannot be written: {e}")))
}

/// The time of receipt as stored: RFC 3339 in UTC with milliseconds, the same on both backends.
pub fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
