//! How the store connects: which database, pool size, timeouts, start-up retries; and the URL as
//! it may appear in a log (without its password).

use std::time::Duration;

/// How the store connects (`OUTBOX_DATABASE_URL` and the `OUTBOX_DB_*` settings).
#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// `sqlite://FILE` or `postgres://…`.
    pub url: String,
    /// Connections in the pool.
    pub pool_size: u32,
    /// Longest a statement may run (PostgreSQL `statement_timeout`; SQLite's busy timeout).
    pub statement_timeout: Duration,
    /// Longest a request waits for a connection before it is answered 503.
    pub acquire_timeout: Duration,
    /// Connection attempts at start-up, one second apart (the database may start after the server).
    pub connect_attempts: u32,
}

impl StoreConfig {
    /// The defaults for `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            pool_size: 8,
            statement_timeout: Duration::from_secs(5),
            acquire_timeout: Duration::from_secs(3),
            connect_attempts: 30,
        }
    }

    /// The URL without its password, for logs and messages.
    pub fn redacted_url(&self) -> String {
        redact(&self.url)
    }
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => format!("{}://…{}", &url[..scheme_end], &url[at..]),
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn a_password_never_reaches_a_log() {
        assert_eq!(redact("postgres://outbox:secret@db:5432/outbox"), "postgres://…@db:5432/outbox");
        assert_eq!(redact("sqlite://outbox.db"), "sqlite://outbox.db");
    }
}
