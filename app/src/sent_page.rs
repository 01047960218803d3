//! The page that answers a form the browser posted itself (pressed before the page was hydrated,
//! or with no script or wasm at all): what was stored, or why not, and the way back to the form.
//! Rendered on the server only (`ssr`), with no script, like the owner's page.

use leptos::either::Either;
use leptos::prelude::*;
use outbox_protocol::SubmissionRecord;

/// What the answer says.
pub enum SentView {
    /// Stored now, or already (`repeated`: the same form was posted again).
    Stored { record: SubmissionRecord, repeated: bool },
    /// Not stored: the server's reason, which the person can act on.
    NotStored { reason: String },
}

/// The whole document.
pub fn sent_document(view: SentView) -> String {
    let owner = Owner::new();
    let body = owner.with(|| {
        view! {
            <main class="sent">
                <h1>"Outbox"</h1>
                {match view {
                    SentView::Stored { record, repeated } => Either::Left(stored(record, repeated)),
                    SentView::NotStored { reason } => Either::Right(view! {
                        <p class="error" role="alert">{format!("Not stored: {reason}")}</p>
                    }),
                }}
                <p><a class="back" href="/">"Back to the form"</a></p>
            </main>
        }
        .to_html()
    });
    crate::server_page::document("Outbox: sent", &body)
}

fn stored(record: SubmissionRecord, repeated: bool) -> impl IntoView {
    let SubmissionRecord { id, name, received_at, .. } = record;
    let said = if repeated { "was already stored" } else { "is stored" };
    view! {
        <p class="stored" role="status" data-id=id.to_string()>
            <span class="name">{name}</span>
            " "
            {said}
            " (received "
            <time datetime=received_at.clone()>{received_at.clone()}</time>
            ")."
        </p>
    }
}
