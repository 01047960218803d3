//! What an answer from the server means for a submission: delivered, retry later, or refused.
//!
//! Pure, so the rule is unit-tested natively; `delivery` applies it to real responses.

/// The class of an HTTP status for a submission that was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeClass {
    /// 2xx: stored now, or the server already had it (a repeated id). Safe to forget.
    Delivered,
    /// Network error, 408, 429, 5xx: the submission must be kept and sent again later.
    RetryLater,
    /// Any other 4xx: sending the same data again cannot succeed; the person must change it.
    Refused,
}

pub fn classify(status: u16) -> OutcomeClass {
    match status {
        200..=299 => OutcomeClass::Delivered,
        408 | 429 => OutcomeClass::RetryLater,
        400..=499 => OutcomeClass::Refused,
        // 1xx/3xx never reach a fetch() caller as final answers to a POST; treat them, and 5xx,
        // as "not stored": keeping data is always safe, the id makes a resend harmless.
        _ => OutcomeClass::RetryLater,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(classify(200), OutcomeClass::Delivered);
        assert_eq!(classify(201), OutcomeClass::Delivered);
        assert_eq!(classify(408), OutcomeClass::RetryLater);
        assert_eq!(classify(429), OutcomeClass::RetryLater);
        assert_eq!(classify(500), OutcomeClass::RetryLater);
        assert_eq!(classify(503), OutcomeClass::RetryLater);
        assert_eq!(classify(400), OutcomeClass::Refused);
        assert_eq!(classify(413), OutcomeClass::Refused);
        assert_eq!(classify(422), OutcomeClass::Refused);
        assert_eq!(classify(302), OutcomeClass::RetryLater);
    }
}
