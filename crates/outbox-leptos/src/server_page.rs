//! The document around a page rendered on the server only (no hydration, no script): the owner's
//! page and the answer to a native form post share it.

/// The whole HTML document: `title` (text) and `body` (HTML rendered by Leptos, escaped there).
pub fn document(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <link rel=\"stylesheet\" href=\"/pkg/outbox.css\"></head><body>{body}</body></html>"
    )
}
