//! How the worker words a server's answer that did not store a submission ("server answered 422:
//! rating: at most 5"), and how a page reads the server's own words back out of it to show them
//! to the person ("not accepted: rating: at most 5"). One format, written and read here.

/// The reason the worker keeps for an answer of `status` (with the server's `error`, if it gave one).
pub fn server_answered(status: u16, error: Option<&str>) -> String {
    match error {
        Some(error) => format!("server answered {status}: {error}"),
        None => format!("server answered {status}"),
    }
}

/// The server's own words in a reason `server_answered` made, when it gave any.
pub fn server_words(reason: &str) -> Option<&str> {
    let rest = reason.strip_prefix("server answered ")?;
    // Three digits, then ": " (not a searched ": ": its searcher cost the page's wasm 0.5 KB gzip).
    let (status, words) = (rest.get(..3)?, rest.get(3..)?.strip_prefix(": ")?);
    status.bytes().all(|b| b.is_ascii_digit()).then_some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_words_come_back_out_of_the_reason() {
        assert_eq!(server_words(&server_answered(422, Some("rating: at most 5"))), Some("rating: at most 5"));
        assert_eq!(server_words(&server_answered(503, None)), None);
        assert_eq!(server_words("network error: Failed to fetch"), None);
        assert_eq!(server_words("server answered soon: x"), None);
    }
}
