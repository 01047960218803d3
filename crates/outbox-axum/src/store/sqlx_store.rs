//! What the SQLite and PostgreSQL stores do alike, written once: `sqlx_store!` makes a backend's
//! store over its sqlx database type. Every path in it is spelled out (`$crate::…`, `sqlx::…`), so
//! a backend module imports nothing for it, and the backends differ only in how they connect and
//! bind a group's insert. (A generic over `sqlx::Database` needs a bound per bound type and per
//! executor, more than it saves.)
//!
//! Every insert is the same statement: one multi-row `INSERT … ON CONFLICT (id) DO NOTHING
//! RETURNING id` (atomic by itself: all of it or none; each backend's `insert_submissions` binds
//! it), then the originals of the ids already stored (or repeated within the statement) read back
//! in one query. A group of the group writer, a batch and a single submission with its images all
//! take that way; if the multi-row statement fails, each submission is inserted on its own, so
//! one bad row cannot fail the others.

macro_rules! sqlx_store {
    ($store:ident, $db:ty) => {
        #[derive(Clone)]
        pub struct $store {
            pool: sqlx::Pool<$db>,
            /// Single submissions without images go through the group-commit writer.
            writer: $crate::store::group_writer::Writer,
            /// Forwarding's bookkeeping (claims and settling), whose commits need not wait for the
            /// disk: one lost to a power cut sends a forward again, with the same key. On SQLite a
            /// connection of its own (`synchronous=NORMAL`: it holds the one writer's lock for no
            /// fsync of its own; the next submission's commit syncs it), on PostgreSQL the pool.
            bookkeeping: sqlx::Pool<$db>,
            /// Every write transaction takes a turn (`WRITES_AT_ONCE` of the backend).
            slots: $crate::store::write_slots::WriteSlots,
        }

        impl $store {
            fn with_pools(pool: sqlx::Pool<$db>, bookkeeping: sqlx::Pool<$db>) -> Self {
                let slots = $crate::store::write_slots::WriteSlots::new(Self::WRITES_AT_ONCE);
                let writer = $crate::store::group_writer::Writer::start(Groups::new(pool.clone()), slots.clone());
                Self { pool, writer, bookkeeping, slots }
            }

            /// A submission without images joins the next group commit; with some, the record and
            /// its images are stored in one transaction, or none of them.
            pub async fn insert(
                &self,
                submission: &$crate::submission::ValidSubmission,
            ) -> Result<$crate::store::Stored, $crate::store::StoreError> {
                if submission.images.is_empty() {
                    return self.writer.insert(submission.clone()).await;
                }
                let _turn = self.slots.take().await;
                let mut tx = $crate::telemetry::waiting_for_pool(self.pool.begin()).await?;
                let stored = insert_each(&mut *tx, &[submission]).await.remove(0)?;
                tx.commit().await?;
                Ok(stored)
            }

            /// Several submissions (without images) in one statement, answered each in order.
            pub async fn insert_batch(
                &self,
                submissions: &[&$crate::submission::ValidSubmission],
            ) -> $crate::store::group_writer::GroupResult {
                let _turn = self.slots.take().await;
                let mut conn = $crate::telemetry::waiting_for_pool(self.pool.acquire()).await?;
                Ok(insert_all_or_each(&mut conn, submissions).await)
            }

            /// Records newest first, each with its position (`seq`), before the position `before`.
            pub async fn list(
                &self,
                form: Option<&str>,
                limit: i64,
                before: Option<i64>,
            ) -> Result<Vec<(i64, outbox_protocol::SubmissionRecord)>, $crate::store::StoreError> {
                let query = sqlx::query($crate::store::sql::LIST_SQL).bind(limit).bind(form).bind(before);
                let rows = query.fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|row| {
                        Ok(($crate::store::sql::position_from_row(row)?, $crate::store::sql::record_from_row(row)?))
                    })
                    .collect()
            }

            /// The position of the record `id`, if it is stored.
            pub async fn position(&self, id: uuid::Uuid) -> Result<Option<i64>, $crate::store::StoreError> {
                let query = sqlx::query_scalar($crate::store::sql::POSITION_SQL).bind(id.to_string());
                Ok(query.fetch_optional(&self.pool).await?)
            }

            pub async fn image(
                &self,
                id: uuid::Uuid,
                position: i32,
            ) -> Result<Option<(String, Vec<u8>)>, $crate::store::StoreError> {
                use sqlx::Row;
                let query = sqlx::query($crate::store::sql::IMAGE_SQL).bind(id.to_string()).bind(position);
                match query.fetch_optional(&self.pool).await? {
                    Some(row) => Ok(Some((row.try_get(0)?, row.try_get(1)?))),
                    None => Ok(None),
                }
            }

            pub async fn thumbnail(
                &self,
                id: uuid::Uuid,
                position: i32,
            ) -> Result<Option<Vec<u8>>, $crate::store::StoreError> {
                use sqlx::Row;
                let query = sqlx::query($crate::store::sql::THUMBNAIL_SQL).bind(id.to_string()).bind(position);
                match query.fetch_optional(&self.pool).await? {
                    Some(row) => Ok(Some(row.try_get(0)?)),
                    None => Ok(None),
                }
            }

            /// Deletes each submission of `ids` with its images, and keeps its id as deleted, in one
            /// transaction; answers how many there were.
            pub async fn delete(&self, ids: &[uuid::Uuid]) -> Result<usize, $crate::store::StoreError> {
                use $crate::store::sql;
                let deleted_at = sql::now_text();
                let _turn = self.slots.take().await;
                let mut tx = $crate::telemetry::waiting_for_pool(self.pool.begin()).await?;
                let mut deleted = 0;
                for id in ids {
                    let id = id.to_string();
                    sqlx::query(sql::DELETE_IMAGES_SQL).bind(&id).execute(&mut *tx).await?;
                    sqlx::query(sql::DELETE_FORWARD_SQL).bind(&id).execute(&mut *tx).await?;
                    if sqlx::query(sql::DELETE_SUBMISSION_SQL).bind(&id).fetch_optional(&mut *tx).await?.is_some() {
                        sqlx::query(sql::INSERT_DELETED_SQL).bind(&id).bind(&deleted_at).execute(&mut *tx).await?;
                        deleted += 1;
                    }
                }
                tx.commit().await?;
                Ok(deleted)
            }

            /// The ids of up to `limit` submissions received before `cutoff` (RFC 3339), oldest first.
            pub async fn received_before(
                &self,
                cutoff: &str,
                limit: i64,
            ) -> Result<Vec<uuid::Uuid>, $crate::store::StoreError> {
                use sqlx::Row;
                let rows = sqlx::query($crate::store::sql::RECEIVED_BEFORE_SQL)
                    .bind(cutoff)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|row| $crate::store::sql::stored_id(&row.try_get::<String, _>(0)?)).collect()
            }

            /// The pool's connections: open, idle, and the most it opens.
            pub fn pool_stats(&self) -> (u32, usize, u32) {
                (self.pool.size(), self.pool.num_idle(), self.pool.options().get_max_connections())
            }

            /// How hard submissions are arriving now (from the group writer's last group).
            pub fn intake(&self) -> $crate::store::group_writer::Intake {
                self.writer.intake()
            }

            /// Forwarding on: the cursor starts after what is stored (`START_FORWARDING_SQL` of the
            /// backend; kept if it exists: a second instance starting, or a restart); off: the
            /// cursor is dropped.
            pub async fn set_forwarding(&self, enabled: bool) -> Result<(), $crate::store::StoreError> {
                let statement =
                    if enabled { Self::START_FORWARDING_SQL } else { $crate::store::sql::STOP_FORWARDING_SQL };
                sqlx::query(statement).execute(&self.pool).await?;
                Ok(())
            }

            /// Claims up to `limit` forwards, leased until `lease_until` (ms): those due again first,
            /// then submissions after the cursor, if this instance can take the cursor.
            pub async fn claim_forwards(
                &self,
                now_ms: i64,
                lease_until: i64,
                limit: i64,
            ) -> Result<Vec<$crate::store::ForwardClaim>, $crate::store::StoreError> {
                use sqlx::Row;
                use $crate::store::{sql, ForwardClaim, ForwardSource};
                let _turn = self.slots.take().await;
                let mut tx = self.bookkeeping.begin().await?;
                if let Some(relaxed) = Self::RELAXED_COMMIT_SQL {
                    sqlx::query(relaxed).execute(&mut *tx).await?;
                }
                let rows = sqlx::query(Self::CLAIM_FORWARDS_SQL)
                    .bind(now_ms)
                    .bind(lease_until)
                    .bind(limit)
                    .fetch_all(&mut *tx)
                    .await?;
                let mut claims = rows
                    .iter()
                    .map(|row| {
                        let seq: i64 = row.try_get(0)?;
                        let id = sql::stored_id(&row.try_get::<String, _>(1)?)?;
                        let attempts: i32 = row.try_get(2)?;
                        let attempts = attempts.max(0) as u32;
                        Ok(ForwardClaim { id, seq, attempts, lease_until, source: ForwardSource::Due })
                    })
                    .collect::<Result<Vec<_>, $crate::store::StoreError>>()?;
                let room = limit - claims.len() as i64;
                let cursor: Option<(i64, i64, i64)> = if room > 0 {
                    sqlx::query_as(sql::FORWARD_CURSOR_SQL).fetch_optional(&mut *tx).await?
                } else {
                    None
                };
                if let Some((after_xid, after_seq, _)) = cursor.filter(|&(_, _, held_until)| held_until <= now_ms) {
                    let rows = sqlx::query(Self::NEW_FORWARDS_SQL)
                        .bind(after_xid)
                        .bind(after_seq)
                        .bind(room)
                        .fetch_all(&mut *tx)
                        .await?;
                    // Taken only if still where it was read and free (another instance may have
                    // taken or moved it meanwhile: then its submissions are that one's).
                    let taken = !rows.is_empty()
                        && sqlx::query(sql::TAKE_FORWARD_CURSOR_SQL)
                            .bind(lease_until)
                            .bind(now_ms)
                            .bind(after_xid)
                            .bind(after_seq)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected()
                            == 1;
                    if taken {
                        for row in &rows {
                            let xid: i64 = row.try_get(0)?;
                            let seq: i64 = row.try_get(1)?;
                            let id = sql::stored_id(&row.try_get::<String, _>(2)?)?;
                            let source = ForwardSource::New { xid };
                            claims.push(ForwardClaim { id, seq, attempts: 0, lease_until, source });
                        }
                    }
                }
                tx.commit().await?;
                Ok(claims)
            }

            /// Settles claimed forwards (each under its lease) in one transaction. Those due again:
            /// done (deleted, in one statement per lease: a round's 64 deletes one by one took the
            /// one SQLite writer as long as a group commit), failed for good, or due again at
            /// `next_attempt_at`. New ones: the cursor moves past the last of them, and those not
            /// done are kept as rows of `forwards` (unless the cursor's lease ran out: then another
            /// claim has them).
            pub async fn settle_forwards(
                &self,
                settled: &[($crate::store::ForwardClaim, $crate::store::ForwardSettled)],
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::{sql, ForwardSettled, ForwardSource};
                let mut done: std::collections::BTreeMap<i64, Vec<i64>> = std::collections::BTreeMap::new();
                for (claim, settled) in settled {
                    if *settled == ForwardSettled::Done && claim.source == ForwardSource::Due {
                        done.entry(claim.lease_until).or_default().push(claim.seq);
                    }
                }
                let last_new = settled
                    .iter()
                    .filter_map(|(claim, _)| match claim.source {
                        ForwardSource::New { xid } => Some((xid, claim.seq, claim.lease_until)),
                        ForwardSource::Due => None,
                    })
                    .max();
                let _turn = self.slots.take().await;
                let mut tx = self.bookkeeping.begin().await?;
                if let Some(relaxed) = Self::RELAXED_COMMIT_SQL {
                    sqlx::query(relaxed).execute(&mut *tx).await?;
                }
                for (lease_until, seqs) in &done {
                    let mut delete = sqlx::QueryBuilder::<$db>::new(sql::FORWARDS_DONE_SQL);
                    delete.push_bind(*lease_until).push(" AND seq IN (");
                    let mut separated = delete.separated(", ");
                    for seq in seqs {
                        separated.push_bind(*seq);
                    }
                    separated.push_unseparated(")");
                    delete.build().execute(&mut *tx).await?;
                }
                let cursor_moved = match last_new {
                    Some((xid, seq, lease_until)) => {
                        let moved = sqlx::query(sql::MOVE_FORWARD_CURSOR_SQL)
                            .bind(xid)
                            .bind(seq)
                            .bind(lease_until)
                            .execute(&mut *tx)
                            .await?;
                        moved.rows_affected() == 1
                    }
                    None => false,
                };
                // A new forward the receiver did not take, kept as a row of `forwards`.
                let keep_forward =
                    |claim: &$crate::store::ForwardClaim, state: &'static str, next_attempt_at: i64, error: &String| {
                        sqlx::query(sql::KEEP_FORWARD_SQL)
                            .bind(claim.seq)
                            .bind(claim.id.to_string())
                            .bind(state)
                            .bind(next_attempt_at)
                            .bind(error.clone())
                    };
                for (claim, settled) in settled {
                    let seq = claim.seq;
                    let query = match (claim.source, settled) {
                        (_, ForwardSettled::Done) => continue,
                        (ForwardSource::New { .. }, _) if !cursor_moved => continue,
                        (ForwardSource::New { .. }, ForwardSettled::Failed(error)) => {
                            keep_forward(claim, "failed", 0, error)
                        }
                        (ForwardSource::New { .. }, ForwardSettled::Retry { next_attempt_at, error }) => {
                            keep_forward(claim, "pending", *next_attempt_at, error)
                        }
                        (ForwardSource::Due, ForwardSettled::Failed(error)) => {
                            sqlx::query(sql::FORWARD_FAILED_SQL).bind(seq).bind(claim.lease_until).bind(error.clone())
                        }
                        (ForwardSource::Due, ForwardSettled::Retry { next_attempt_at, error }) => {
                            sqlx::query(sql::FORWARD_RETRY_SQL)
                                .bind(seq)
                                .bind(claim.lease_until)
                                .bind(*next_attempt_at)
                                .bind(error.clone())
                        }
                    };
                    query.execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            /// How many forwards wait, by state (`pending`: due again, or after the cursor;
            /// `failed`).
            pub async fn forward_backlog(&self) -> Result<Vec<(String, i64)>, $crate::store::StoreError> {
                let rows: Vec<(String, i64)> = sqlx::query_as(Self::FORWARD_BACKLOG_SQL).fetch_all(&self.pool).await?;
                let mut backlog: Vec<(String, i64)> = Vec::new();
                for (state, count) in rows {
                    match backlog.iter_mut().find(|(s, _)| *s == state) {
                        Some((_, total)) => *total += count,
                        None => backlog.push((state, count)),
                    }
                }
                Ok(backlog)
            }

            /// The forwards the receiver refused (4xx): id, attempts, its answer.
            pub async fn forward_failures(
                &self,
                limit: i64,
            ) -> Result<Vec<(String, i32, Option<String>)>, $crate::store::StoreError> {
                use sqlx::Row;
                let rows =
                    sqlx::query($crate::store::sql::FORWARD_FAILURES_SQL).bind(limit).fetch_all(&self.pool).await?;
                rows.iter().map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))).collect()
            }

            /// The stored records of `ids` (in one query), by id; an id not stored is left out.
            pub async fn records(
                &self,
                ids: &[uuid::Uuid],
            ) -> Result<
                std::collections::HashMap<uuid::Uuid, outbox_protocol::SubmissionRecord>,
                $crate::store::StoreError,
            > {
                if ids.is_empty() {
                    return Ok(std::collections::HashMap::new());
                }
                let ids: Vec<String> = ids.iter().map(uuid::Uuid::to_string).collect();
                let rows = select_by_ids(&ids).build().fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|row| $crate::store::sql::record_from_row(row).map(|record| (record.id, record)))
                    .collect()
            }

            /// A trivial query: does the database answer?
            pub async fn ping(&self) -> Result<(), $crate::store::StoreError> {
                sqlx::query($crate::store::sql::READY_SQL).execute(&self.pool).await?;
                Ok(())
            }

            /// At shutdown: stores and answers what the group writer holds, then closes the pool.
            pub async fn close(&self) {
                self.writer.close().await;
                self.pool.close().await;
            }

            /// The pool, for tests that reach under the store (a trigger that makes inserts fail).
            #[doc(hidden)]
            pub fn pool(&self) -> &sqlx::Pool<$db> {
                &self.pool
            }
        }

        /// The group writer's backend. It keeps its connection from one group to the next: the
        /// pool checks each connection it hands out with a round trip (on PostgreSQL 15% of the
        /// intake, measured), which the next group would pay every 2 ms. A connection that sat
        /// unused for `HELD_IDLE` is handed back when the next group comes, and one whose group
        /// met an error at once; the next group then takes a checked one (a database restarted
        /// while the intake was quiet costs no group).
        struct Groups {
            pool: sqlx::Pool<$db>,
            held: tokio::sync::Mutex<Option<(sqlx::pool::PoolConnection<$db>, std::time::Instant)>>,
        }

        impl Groups {
            const HELD_IDLE: std::time::Duration = std::time::Duration::from_secs(1);

            fn new(pool: sqlx::Pool<$db>) -> Self {
                Self { pool, held: tokio::sync::Mutex::new(None) }
            }
        }

        impl $crate::store::group_writer::GroupStore for Groups {
            fn store_group(
                &self,
                submissions: &[$crate::submission::ValidSubmission],
            ) -> impl std::future::Future<Output = $crate::store::group_writer::GroupResult> + Send {
                async move {
                    let mut held = self.held.lock().await;
                    let mut conn = match held.take() {
                        Some((conn, since)) if since.elapsed() < Self::HELD_IDLE => conn,
                        _ => $crate::telemetry::waiting_for_pool(self.pool.acquire()).await?,
                    };
                    let submissions: Vec<&$crate::submission::ValidSubmission> = submissions.iter().collect();
                    let results = insert_all_or_each(&mut conn, &submissions).await;
                    if results.iter().all(Result::is_ok) {
                        *held = Some((conn, std::time::Instant::now()));
                    }
                    Ok(results)
                }
            }
        }

        /// The multi-row statement; if it fails (then nothing of it was stored), each submission on
        /// its own.
        async fn insert_all_or_each(
            conn: &mut <$db as sqlx::Database>::Connection,
            submissions: &[&$crate::submission::ValidSubmission],
        ) -> Vec<Result<$crate::store::Stored, $crate::store::StoreError>> {
            match insert_all(conn, submissions).await {
                Ok(results) => results,
                Err(e) => {
                    tracing::warn!(
                        "the multi-row insert failed ({e}); storing its {} submissions one by one",
                        submissions.len()
                    );
                    insert_each(conn, submissions).await
                }
            }
        }

        async fn insert_each(
            conn: &mut <$db as sqlx::Database>::Connection,
            submissions: &[&$crate::submission::ValidSubmission],
        ) -> Vec<Result<$crate::store::Stored, $crate::store::StoreError>> {
            let mut results = Vec::with_capacity(submissions.len());
            for submission in submissions {
                results
                    .push(insert_all(conn, std::slice::from_ref(submission)).await.and_then(|mut one| one.remove(0)));
            }
            results
        }

        /// Fails as a whole only when the statement failed (then nothing was stored); a submission
        /// whose original cannot be read back gets its own error. Images of the submissions
        /// created are inserted on the same connection (the caller's transaction).
        async fn insert_all(
            conn: &mut <$db as sqlx::Database>::Connection,
            submissions: &[&$crate::submission::ValidSubmission],
        ) -> $crate::store::group_writer::GroupResult {
            use $crate::store::{sql, StoreError, Stored};
            let received_at = sql::now_text();
            // The backend's statement (`insert_submissions` of its module): the ids it stored.
            let mut inserted: std::collections::HashSet<String> =
                insert_submissions(&mut *conn, submissions, &received_at).await?.into_iter().collect();
            // Each inserted id is "created" for its first submission in the statement only.
            let created: Vec<bool> = submissions.iter().map(|s| inserted.remove(&s.id.to_string())).collect();
            for (s, _) in submissions.iter().zip(&created).filter(|(_, created)| **created) {
                for (position, image) in (0i32..).zip(&s.images) {
                    sqlx::query(sql::INSERT_IMAGE_SQL)
                        .bind(s.id.to_string())
                        .bind(position)
                        .bind(image.content_type)
                        .bind(&image.file_name)
                        .bind(&image.original)
                        .bind(&image.thumbnail)
                        .bind(&image.sha256)
                        .execute(&mut *conn)
                        .await?;
                }
            }
            let known: Vec<String> =
                submissions.iter().zip(&created).filter(|(_, c)| !**c).map(|(s, _)| s.id.to_string()).collect();
            let mut originals = std::collections::HashMap::new();
            let mut lookup_error = None;
            if !known.is_empty() {
                match select_by_ids(&known).build().fetch_all(&mut *conn).await {
                    Ok(rows) => {
                        for row in rows {
                            let record = sql::record_from_row(&row)?;
                            originals.insert(record.id, record);
                        }
                    }
                    Err(e) => lookup_error = Some(StoreError::from(e)),
                }
            }
            // A repeated id answers its original, unless the payload differs: then nothing is
            // stored and the caller hears of the conflict (`idempotency`).
            let mut results = Vec::with_capacity(submissions.len());
            for (s, created) in submissions.iter().zip(created) {
                if created {
                    let record = sql::new_record(s, received_at.clone());
                    results.push(Ok(Stored { record, outcome: $crate::store::Outcome::Created }));
                    continue;
                }
                let Some(original) = originals.get(&s.id).cloned() else {
                    // Not stored, not there: deleted (the insert's trigger skipped it), or a failure.
                    let deleted = match &lookup_error {
                        Some(e) => Err(e.clone()),
                        None => sqlx::query(sql::IS_DELETED_SQL)
                            .bind(s.id.to_string())
                            .fetch_optional(&mut *conn)
                            .await
                            .map_err(StoreError::from),
                    };
                    results.push(match deleted {
                        Ok(Some(_)) => Ok(Stored {
                            record: sql::new_record(s, received_at.clone()),
                            outcome: $crate::store::Outcome::Deleted,
                        }),
                        Ok(None) => Err(StoreError::Internal(format!("submission {} neither stored nor found", s.id))),
                        Err(e) => Err(e),
                    });
                    continue;
                };
                // The stored images' hashes are read only when both have images.
                let stored_sha256 = if s.images.is_empty() || original.images.is_empty() {
                    Vec::new()
                } else {
                    match stored_image_sha256(conn, s.id).await {
                        Ok(sha256) => sha256,
                        Err(e) => {
                            results.push(Err(e));
                            continue;
                        }
                    }
                };
                let outcome = $crate::store::idempotency::repeat_outcome(s, &original, &stored_sha256);
                results.push(Ok(Stored { record: original, outcome }));
            }
            Ok(results)
        }

        /// The query of the records of `ids` (not empty).
        fn select_by_ids(ids: &[String]) -> sqlx::QueryBuilder<'_, $db> {
            let mut select = sqlx::QueryBuilder::<$db>::new($crate::store::sql::SELECT_BY_IDS_SQL);
            select.push("(");
            let mut separated = select.separated(", ");
            for id in ids {
                separated.push_bind(id);
            }
            separated.push_unseparated(")");
            select
        }

        /// The SHA-256 of each stored image in order (hashed from its bytes for a row written
        /// before the column existed).
        async fn stored_image_sha256(
            conn: &mut <$db as sqlx::Database>::Connection,
            id: uuid::Uuid,
        ) -> Result<Vec<String>, $crate::store::StoreError> {
            use sqlx::Row;
            let rows =
                sqlx::query($crate::store::sql::IMAGE_SHA256_SQL).bind(id.to_string()).fetch_all(&mut *conn).await?;
            rows.iter()
                .map(|row| match row.try_get::<Option<String>, _>(0)? {
                    Some(sha256) => Ok(sha256),
                    None => Ok($crate::uploaded_image::sha256_hex(&row.try_get::<Vec<u8>, _>(1)?)),
                })
                .collect()
        }
    };
}
pub(crate) use sqlx_store;
