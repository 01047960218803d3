//! `server backup FILE`: a consistent copy of the SQLite database, written while the server keeps
//! serving and taking submissions (another process opens the same file, read-only: SQLite's WAL
//! lets both work; a path that names no Outbox database is an error, never an empty copy). Every submission acknowledged before the copy started is in it, its images too. To
//! restore, stop the server and put the copy in the database's place (`DATABASE_URL`). PostgreSQL
//! is backed up with `pg_dump` (the command says so).

use std::path::Path;
use std::process::ExitCode;

use crate::config::DEFAULT_DATABASE_URL;
use crate::store::{Store, StoreConfig};

/// Copies the database `DATABASE_URL` names to `file`; the exit code says whether it worked.
pub async fn run(file: &Path) -> ExitCode {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.into());
    let config = StoreConfig::new(url);
    match Store::backup(&config, file).await {
        Ok(()) => {
            let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
            println!("backed up {} to {} ({size} bytes)", config.redacted_url(), file.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("backup failed: {e}");
            ExitCode::FAILURE
        }
    }
}
