//! The page's Content-Security-Policy, set on each server-rendered response with that response's
//! nonce (leptos_axum makes one per request and puts it on the hydration scripts): no inline
//! script runs without it, nothing is `eval`ed, and only the app's own wasm is compiled.

/// The policy of the HTML page, for `nonce`.
#[cfg(any(feature = "ssr", test))]
fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

#[cfg(feature = "ssr")]
pub mod ssr {
    /// Puts the policy, with this response's nonce, on the response being rendered.
    pub fn set_page_policy() {
        let Some(nonce) = leptos::nonce::use_nonce() else { return };
        let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else { return };
        if let Ok(value) = super::page_policy(&nonce).parse() {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_policy_allows_no_inline_script_and_no_eval() {
        let policy = super::page_policy("abc");
        let script_src = policy.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(script_src.contains("'nonce-abc'") && script_src.contains("'wasm-unsafe-eval'"));
        assert!(!policy.contains("'unsafe-inline'") && !policy.contains("'unsafe-eval'"));
        for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"] {
            assert!(policy.contains(directive), "{directive}");
        }
    }
}
