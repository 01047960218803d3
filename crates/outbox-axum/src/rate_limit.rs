//! A limit of requests per client: optional on the intake (`OUTBOX_RATE_LIMIT` requests a minute;
//! off when unset), always on the owner's sign-in (`SIGN_INS_PER_MINUTE`: a token cannot be
//! guessed at thousands a second); beyond it `429` with `Retry-After`, which the worker honours. The client is the
//! connection's address, or behind `OUTBOX_TRUSTED_PROXIES` proxies the address they name in
//! `X-Forwarded-For` (counted from the right: the last proxy's entry is the one it saw; entries
//! further left could be written by the client itself, so they are not trusted).

use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Forget idle clients every this many checks, so memory stays bounded.
const RETAIN_EVERY: u64 = 10_000;

/// Sign-in attempts a client may make a minute.
pub const SIGN_INS_PER_MINUTE: u32 = 10;

/// A limit of requests per minute for each client (by its address, or by `X-Forwarded-For` behind
/// trusted proxies).
#[derive(Clone)]
pub struct ClientLimit {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    checks: Arc<AtomicU64>,
    trusted_proxies: usize,
}

impl ClientLimit {
    /// `requests` a minute for each client; `trusted_proxies`: how many proxies in front of this
    /// server append to `X-Forwarded-For` (0: the peer's address is the client's).
    pub fn per_minute(requests: NonZeroU32, trusted_proxies: usize) -> Self {
        Self {
            limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(requests))),
            checks: Arc::new(AtomicU64::new(0)),
            trusted_proxies,
        }
    }

    /// The sign-in's limit (`SIGN_INS_PER_MINUTE`).
    pub fn sign_in(trusted_proxies: usize) -> Self {
        Self::per_minute(NonZeroU32::new(SIGN_INS_PER_MINUTE).expect("not zero"), trusted_proxies)
    }

    /// Who is asking, from a request: its peer and its `X-Forwarded-For`.
    pub fn client_of(&self, request: &axum::http::request::Parts) -> IpAddr {
        let peer = request.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
        let forwarded = request.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        self.client(peer, forwarded)
    }

    /// Who is asking: the peer, or with trusted proxies the entry of `X-Forwarded-For` the nearest
    /// of them wrote.
    pub fn client(&self, peer: Option<IpAddr>, forwarded_for: Option<&str>) -> IpAddr {
        let peer = peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        if self.trusted_proxies == 0 {
            return peer;
        }
        let entries: Vec<&str> = forwarded_for.unwrap_or_default().split(',').map(str::trim).collect();
        entries
            .len()
            .checked_sub(self.trusted_proxies)
            .and_then(|i| entries.get(i))
            .or(entries.first())
            .and_then(|entry| entry.parse().ok())
            .unwrap_or(peer)
    }

    /// `Err(wait)` when `client` is over its limit.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % RETAIN_EVERY == RETAIN_EVERY - 1 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&client).map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_client_is_the_peer_unless_proxies_are_trusted() {
        let direct = ClientLimit::per_minute(NonZeroU32::new(5).unwrap(), 0);
        assert_eq!(
            direct.client(Some(ip("10.0.0.9")), Some("1.2.3.4")),
            ip("10.0.0.9"),
            "a client's own header is not trusted"
        );
        let behind_one = ClientLimit::per_minute(NonZeroU32::new(5).unwrap(), 1);
        assert_eq!(
            behind_one.client(Some(ip("10.0.0.9")), Some("6.6.6.6, 1.2.3.4")),
            ip("1.2.3.4"),
            "the proxy's entry"
        );
        let behind_two = ClientLimit::per_minute(NonZeroU32::new(5).unwrap(), 2);
        assert_eq!(behind_two.client(Some(ip("10.0.0.9")), Some("6.6.6.6, 1.2.3.4, 10.0.0.2")), ip("1.2.3.4"));
        assert_eq!(behind_one.client(Some(ip("10.0.0.9")), None), ip("10.0.0.9"), "no header: the peer");
        assert_eq!(behind_one.client(Some(ip("10.0.0.9")), Some("garbage")), ip("10.0.0.9"));
    }

    #[test]
    fn each_client_has_its_own_allowance() {
        let limit = ClientLimit::per_minute(NonZeroU32::new(3).unwrap(), 0);
        for _ in 0..3 {
            assert!(limit.check(ip("1.1.1.1")).is_ok());
        }
        let wait = limit.check(ip("1.1.1.1")).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(20), "{wait:?}");
        assert!(limit.check(ip("2.2.2.2")).is_ok(), "another client is not held back");
    }
}
