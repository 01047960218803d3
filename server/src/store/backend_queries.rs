//! What the SQLite and PostgreSQL stores do alike, written once for both: a macro over the sqlx
//! backend types (a generic over `sqlx::Database` needs more bounds than it saves). Each backend
//! keeps only what differs: how it opens, and how it reads a row (`from_row`).

/// Generates, in a backend module: `insert`, `image`, `thumbnail`, `insert_batch` and `list` on
/// `$store` (which has `pool` and `writer` fields), `insert_on`, and the group writer's backend
/// `$groups`. `$attempt` converts an attempt count to the backend's integer column.
macro_rules! backend_queries {
    ($store:ident, $groups:ident, $pool:ty, $db:ty, $conn:ty, $attempt:expr) => {
        impl $store {
            /// A submission without an image joins the next group commit; with one, the record
            /// and its image are stored together, or neither.
            pub async fn insert(&self, submission: &ValidSubmission) -> Result<Stored, StoreError> {
                if submission.image.is_none() {
                    return self.writer.insert(submission.clone()).await;
                }
                let mut tx = self.pool.begin().await?;
                let stored = insert_on(&mut tx, submission).await?;
                tx.commit().await?;
                Ok(stored)
            }

            pub async fn image(&self, id: uuid::Uuid) -> Result<Option<(String, Vec<u8>)>, StoreError> {
                let row = sqlx::query(IMAGE_SQL).bind(id.to_string()).fetch_optional(&self.pool).await?;
                Ok(match row {
                    Some(row) => Some((row.try_get(0)?, row.try_get(1)?)),
                    None => None,
                })
            }

            pub async fn thumbnail(&self, id: uuid::Uuid) -> Result<Option<Vec<u8>>, StoreError> {
                let row = sqlx::query(THUMBNAIL_SQL).bind(id.to_string()).fetch_optional(&self.pool).await?;
                Ok(match row {
                    Some(row) => Some(row.try_get(0)?),
                    None => None,
                })
            }

            pub async fn insert_batch(&self, submissions: &[&ValidSubmission]) -> Result<Vec<Stored>, StoreError> {
                let mut tx = self.pool.begin().await?;
                let mut stored = Vec::with_capacity(submissions.len());
                for submission in submissions {
                    stored.push(insert_on(&mut tx, submission).await?);
                }
                tx.commit().await?;
                Ok(stored)
            }

            pub async fn list(&self, limit: i64) -> Result<Vec<SubmissionRecord>, StoreError> {
                let rows = sqlx::query(LIST_SQL).bind(limit).fetch_all(&self.pool).await?;
                rows.iter().map(from_row).collect()
            }
        }

        /// Stores one submission (and its image) on `conn` unless its id is known; either way
        /// answers the stored record.
        pub(super) async fn insert_on(conn: &mut $conn, s: &ValidSubmission) -> Result<Stored, StoreError> {
            let received_at = now_text();
            let inserted = sqlx::query(INSERT_SQL)
                .bind(s.id.to_string())
                .bind(&s.name)
                .bind(&received_at)
                .bind(&s.pressed_at)
                .bind($attempt(s.attempt))
                .execute(&mut *conn)
                .await?;
            if inserted.rows_affected() == 1 {
                if let Some(image) = &s.image {
                    sqlx::query(INSERT_IMAGE_SQL)
                        .bind(s.id.to_string())
                        .bind(image.content_type)
                        .bind(&image.file_name)
                        .bind(&image.original)
                        .bind(&image.thumbnail)
                        .execute(&mut *conn)
                        .await?;
                }
                return Ok(Stored { record: new_record(s, received_at), created: true });
            }
            let row = sqlx::query(SELECT_BY_ID_SQL).bind(s.id.to_string()).fetch_one(&mut *conn).await?;
            Ok(Stored { record: from_row(&row)?, created: false })
        }

        $crate::store::group_writer::group_store!($groups, $pool, $db, $conn, $attempt, from_row, insert_on);
    };
}
pub(crate) use backend_queries;
