//! Forwarding onward (`OUTBOX_FORWARD_URL`), as carefully as the browser sends: every stored
//! submission is POSTed to the receiver as JSON (its record, as `GET /api/submissions` lists it)
//! with `Idempotency-Key: <its id>`, and signed when `OUTBOX_FORWARD_SECRET` is set
//! (`X-Outbox-Signature: sha256=<hex HMAC-SHA256 of the body>`, as webhooks conventionally do).
//!
//! A transactional outbox on the server: the submissions table is the outbox, read after a
//! cursor in the same database (`Store::set_forwarding`; the cursor's migration says why it never
//! passes over a submission), so a stored submission is always forwarded, across restarts, and the
//! insert writes nothing more. A loop claims, with a lease, the forwards due again and the
//! submissions after the cursor (one instance holds the cursor at a time; PostgreSQL skips rows
//! another instance holds, so two instances never forward the same submission at once), sends
//! them, and settles each under its lease: a 2xx is done; a 4xx (but 408 and 429) keeps it as
//! failed with the receiver's answer, shown on `/admin`; anything else (5xx, 408, 429, no answer)
//! retries with exponential backoff and jitter. The receiver may see a submission twice (a crash
//! between its 2xx and the settling), always with the same key: it dedupes by the key.

use std::collections::HashMap;
use std::time::Duration;

use hmac::{Hmac, Mac};
use outbox_protocol::SubmissionRecord;
use sha2::Sha256;

use crate::store::{ForwardClaim, ForwardSettled, Intake, Store, StoreError};

/// What forwarding needs from the configuration.
#[derive(Clone)]
pub struct ForwardConfig {
    pub url: reqwest::Url,
    pub secret: Option<String>,
}

/// Forwards claimed, sent (concurrently) and settled (in one transaction) at once.
const BATCH: usize = 64;
/// How long a claim holds a forward: longer than a request may take (a receiver answers within
/// 10 s, as webhook senders such as GitHub expect); after a crash, what it held is due again then.
const LEASE_MS: i64 = 20_000;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const _: () = assert!(REQUEST_TIMEOUT.as_millis() < LEASE_MS as u128);
/// How long the loop waits when nothing is due, and after the database failed.
const IDLE: Duration = Duration::from_millis(200);
const AFTER_FAILURE: Duration = Duration::from_secs(5);
/// How much of a receiver's answer is read (what `/admin` shows of a refusal is its first 300
/// characters).
const ANSWER_KEPT: usize = 4 * 1024;
/// Backoff: 1 s, doubling, at most 10 minutes, each with up to half again of jitter.
const BACKOFF_FIRST_MS: i64 = 1_000;
const BACKOFF_MAX_MS: i64 = 600_000;

/// The signature header's name and value for `body`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    let tag: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={tag}")
}

/// The wait before attempt `attempts + 1` (`attempts` made so far), `jitter` in [0, 1).
pub fn backoff_ms(attempts: u32, jitter: f64) -> i64 {
    let base = BACKOFF_FIRST_MS.saturating_mul(1_i64 << attempts.min(20)).min(BACKOFF_MAX_MS);
    base + (base as f64 * jitter / 2.0) as i64
}

/// How an answer settles a forward.
pub fn settled_by(status: u16, body: &str, attempts: u32, now_ms: i64, jitter: f64) -> ForwardSettled {
    let body: String = body.chars().take(300).collect();
    let error = format!("the receiver answered {status}: {body}");
    match status {
        200..=299 => ForwardSettled::Done,
        400..=499 if status != 408 && status != 429 => ForwardSettled::Failed(error),
        _ => retry(attempts, now_ms, jitter, error),
    }
}

/// Due again after the backoff of `attempts`.
fn retry(attempts: u32, now_ms: i64, jitter: f64, error: String) -> ForwardSettled {
    ForwardSettled::Retry { next_attempt_at: now_ms + backoff_ms(attempts, jitter), error }
}

/// Starts forwarding: the cursor, then the loop, while the server runs.
pub async fn start(store: Store, config: ForwardConfig) -> Result<(), crate::store::StoreError> {
    store.set_forwarding(true).await?;
    let client = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|e| crate::store::StoreError::Internal(format!("the forwarding client cannot start: {e}")))?;
    tracing::info!("forwarding every stored submission to {}", config.url);
    tokio::spawn(run(store, client, config));
    Ok(())
}

async fn run(store: Store, client: reqwest::Client, config: ForwardConfig) {
    loop {
        match store.claim_forwards(now_ms(), LEASE_MS, BATCH).await {
            Ok(claimed) if claimed.is_empty() => tokio::time::sleep(IDLE).await,
            Ok(claimed) => {
                let round = std::time::Instant::now();
                // The round's records in one query (none for a submission deleted since).
                let ids: Vec<uuid::Uuid> = claimed.iter().map(|claim| claim.id).collect();
                let records = store.records(&ids).await;
                let sends = claimed.iter().map(|claim| forward(&records, &client, &config, claim));
                let settled: Vec<_> = claimed.iter().cloned().zip(futures::future::join_all(sends).await).collect();
                if let Err(e) = store.settle_forwards(&settled).await {
                    // The leases run out and the forwards are claimed again: sent twice at worst,
                    // with the same keys.
                    tracing::warn!("forwarding: {} outcomes could not be saved ({e})", settled.len());
                }
                // Forwarding gives way to the intake: while submissions arrive it rests as long as
                // its round took, and 19 times as long while they flood in (on two cores its
                // requests, and the receiver's, take the intake's CPU: a forward costs about what
                // 1.6 submissions do, measured). A backlog drains at full speed once it is quiet.
                tokio::time::sleep(round.elapsed() * rest_per_round(store.intake())).await;
            }
            Err(e) => {
                tracing::warn!("forwarding: cannot claim what is due ({e}); trying again shortly");
                tokio::time::sleep(AFTER_FAILURE).await;
            }
        }
    }
}

/// How many times its own length forwarding rests after a round, by how hard submissions arrive.
fn rest_per_round(intake: Intake) -> u32 {
    match intake {
        Intake::Quiet => 0,
        Intake::Busy => 1,
        Intake::Flooded => 19,
    }
}

/// Sends one forward; answers how it settles.
async fn forward(
    records: &Result<HashMap<uuid::Uuid, SubmissionRecord>, StoreError>,
    client: &reqwest::Client,
    config: &ForwardConfig,
    claim: &ForwardClaim,
) -> ForwardSettled {
    let settled = match records.as_ref().map(|records| records.get(&claim.id)) {
        // Deleted since it was stored: nothing to forward.
        Ok(None) => ForwardSettled::Done,
        Ok(Some(record)) => {
            let body = serde_json::to_vec(record).unwrap_or_default();
            let mut request = client
                .post(config.url.clone())
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header("Idempotency-Key", claim.id.to_string());
            if let Some(secret) = &config.secret {
                request = request.header("X-Outbox-Signature", signature(secret, &body));
            }
            match request.body(body).send().await {
                Ok(answer) => {
                    let status = answer.status().as_u16();
                    let text = answer_start(answer).await;
                    settled_by(status, &text, claim.attempts, now_ms(), rand_unit())
                }
                Err(e) => {
                    retry(claim.attempts, now_ms(), rand_unit(), format!("the receiver could not be reached: {e}"))
                }
            }
        }
        Err(e) => retry(claim.attempts, now_ms(), rand_unit(), format!("the submission could not be read: {e}")),
    };
    match &settled {
        ForwardSettled::Done => tracing::debug!(id = %claim.id, "forwarded"),
        ForwardSettled::Failed(e) => tracing::warn!(id = %claim.id, "forwarding refused, kept as failed: {e}"),
        ForwardSettled::Retry { error, .. } => tracing::info!(id = %claim.id, "forwarding will be retried: {error}"),
    }
    settled
}

/// The beginning of an answer's body (at most `ANSWER_KEPT` bytes, as text), never more: a
/// receiver answering 64 MiB (or without end) costs no more memory than one answering a line. The
/// rest is not read; the connection is dropped with it.
async fn answer_start(mut answer: reqwest::Response) -> String {
    let mut kept = Vec::new();
    while kept.len() < ANSWER_KEPT {
        match answer.chunk().await {
            Ok(Some(chunk)) => kept.extend_from_slice(&chunk[..chunk.len().min(ANSWER_KEPT - kept.len())]),
            Ok(None) | Err(_) => break,
        }
    }
    String::from_utf8_lossy(&kept).into_owned()
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A number in [0, 1) for jitter (from a fresh uuid's random bits: no other randomness is needed).
fn rand_unit() -> f64 {
    (uuid::Uuid::new_v4().as_u128() as u64 >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_settle_a_forward() {
        assert_eq!(settled_by(204, "", 0, 0, 0.0), ForwardSettled::Done);
        assert!(
            matches!(settled_by(400, "bad field", 0, 0, 0.0), ForwardSettled::Failed(e) if e.contains("400: bad field"))
        );
        for status in [408, 429, 500, 503] {
            let settled = settled_by(status, "", 2, 10_000, 0.0);
            assert_eq!(
                settled,
                ForwardSettled::Retry { next_attempt_at: 14_000, error: format!("the receiver answered {status}: ") }
            );
        }
    }

    /// A receiver whose error answer never ends: the forward settles at once with the answer's
    /// beginning, its memory bounded (reading it whole took 64 MiB per answer, or until the timeout).
    #[tokio::test]
    async fn an_endless_answer_is_read_no_further_than_its_beginning() {
        use futures::StreamExt;
        let endless = || {
            let chunk = bytes_of("refused: ".repeat(1_000));
            axum::body::Body::from_stream(futures::stream::repeat(chunk).map(Ok::<_, std::io::Error>))
        };
        let receiver = axum::Router::new()
            .route("/", axum::routing::post(move || async move { (axum::http::StatusCode::BAD_REQUEST, endless()) }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, receiver).await.unwrap() });
        let client = reqwest::Client::builder().timeout(REQUEST_TIMEOUT).build().unwrap();
        let started = std::time::Instant::now();
        let answer = client.post(&url).body("{}").send().await.unwrap();
        let text = answer_start(answer).await;
        assert!(started.elapsed() < Duration::from_secs(3), "read for {:?}", started.elapsed());
        assert_eq!(text.len(), ANSWER_KEPT);
        assert!(text.starts_with("refused: refused"));
        assert!(matches!(settled_by(400, &text, 0, 0, 0.0), ForwardSettled::Failed(e) if e.contains("400: refused")));
    }

    fn bytes_of(text: String) -> axum::body::Bytes {
        axum::body::Bytes::from(text)
    }

    #[test]
    fn backoff_doubles_up_to_ten_minutes_with_jitter() {
        assert_eq!(backoff_ms(0, 0.0), 1_000);
        assert_eq!(backoff_ms(3, 0.0), 8_000);
        assert_eq!(backoff_ms(40, 0.0), 600_000);
        assert!(backoff_ms(40, 0.999) < 900_000);
    }

    #[test]
    fn the_signature_is_the_bodys_hmac_sha256() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
