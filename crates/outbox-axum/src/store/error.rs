//! Why the store failed, told apart by what the caller should do: `Unavailable` (the database
//! cannot be reached now, or is too busy: answer 503 and let the client retry) or `Internal` (a
//! row that cannot be decoded, a broken schema: retrying will not help, so it is a 500, logged).
//! Start-up errors (`UnknownScheme`, `Open`, `Migrate`) stop the server before it serves.

/// A store error; cloneable, so one failure of a group commit reaches every caller in the group.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("DATABASE_URL must start with sqlite:// or postgres://, not {0:?}")]
    UnknownScheme(String),
    #[error("cannot open the database {url}: {reason}")]
    Open { url: String, reason: String },
    #[error("cannot apply the database migrations: {0}")]
    Migrate(String),
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("the database answered something the server cannot use: {0}")]
    Internal(String),
    /// A page asked for after a record that is no longer stored (deleted since the page before).
    #[error(
        "the record {0} this page starts after is no longer stored (deleted since); list again from the first page"
    )]
    CursorGone(uuid::Uuid),
}

impl StoreError {
    /// Will the same request likely succeed later (503), or not (500)?
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_) | StoreError::Open { .. })
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        use sqlx::Error as E;
        let text = e.to_string();
        match &e {
            // Reaching the database, or waiting for it.
            E::Io(_) | E::Tls(_) | E::Protocol(_) | E::PoolTimedOut | E::PoolClosed | E::WorkerCrashed => {
                StoreError::Unavailable(text)
            }
            E::Database(db) if is_transient(db.code().as_deref()) => StoreError::Unavailable(text),
            // What was read does not fit, or the schema is not what this server expects.
            _ => StoreError::Internal(text),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migrate(e.to_string())
    }
}

/// Database error codes that say "not now" rather than "never": SQLite busy or locked (5, 6 and
/// their extended codes), PostgreSQL's connection exceptions (08…), serialization and deadlock
/// (40…), too many connections and resources (53…), shutdown and cancel (57…), system errors (58…).
/// (A PostgreSQL SQLSTATE has five characters; SQLite's codes, extended ones included, at most four
/// digits, the primary code in the low byte.)
fn is_transient(code: Option<&str>) -> bool {
    let Some(code) = code else { return false };
    if code.len() == 5 {
        return ["08", "40", "53", "57", "58"].iter().any(|class| code.starts_with(class));
    }
    code.parse::<u32>().is_ok_and(|n| matches!(n & 0xff, 5 | 6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outage_is_unavailable_and_a_row_that_cannot_be_read_is_internal() {
        assert!(StoreError::from(sqlx::Error::PoolTimedOut).is_unavailable());
        assert!(StoreError::from(sqlx::Error::Io(std::io::Error::other("reset"))).is_unavailable());
        let decode = sqlx::Error::Decode("not a uuid".into());
        assert!(!StoreError::from(decode).is_unavailable());
        assert!(!StoreError::from(sqlx::Error::RowNotFound).is_unavailable());
    }

    #[test]
    fn busy_and_connection_codes_are_transient() {
        assert!(is_transient(Some("5")), "SQLITE_BUSY");
        assert!(is_transient(Some("517")), "SQLITE_BUSY_SNAPSHOT");
        assert!(is_transient(Some("6")), "SQLITE_LOCKED");
        assert!(is_transient(Some("57014")), "PostgreSQL statement timeout");
        assert!(is_transient(Some("08006")), "PostgreSQL connection failure");
        assert!(!is_transient(Some("23505")), "a unique violation is no outage");
        assert!(!is_transient(Some("19")), "SQLITE_CONSTRAINT");
        assert!(!is_transient(None));
    }
}
