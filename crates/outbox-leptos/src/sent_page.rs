//! The page that answers a form the browser posted itself (pressed before the page was hydrated,
//! or with no script or wasm at all): what was stored, or why not, or (answered by the worker with
//! no server) that it waits on this device; and the way back to the form.
//! Rendered on the server only (`ssr`), with no script, like the owner's page.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use outbox_protocol::SubmissionRecord;

use crate::server_page::PageLook;
use crate::texts::{t, tf};

/// What the answer says.
pub enum SentView {
    /// Stored now, or already (`repeated`: the same form was posted again); `title`: what the
    /// page names it by (the form's first column).
    Stored { record: SubmissionRecord, title: String, repeated: bool },
    /// Not stored: the server's reason, which the person can act on.
    NotStored { reason: String },
    /// Not sent yet: the server could not be reached, and the worker keeps it on this device. The
    /// worker caches this page at install (`/queued`) and answers the form's post with it.
    Queued,
}

/// The whole document, dressed as the app (`look`), in the request's language.
pub fn sent_document(look: &PageLook, view: SentView) -> String {
    let title = t(if matches!(view, SentView::Queued) { "sent.title_queued" } else { "sent.title" });
    let app_name = look.app_name.clone();
    let owner = Owner::new();
    let body = owner.with(|| {
        view! {
            <main class="sent">
                <h1>{app_name}</h1>
                {match view {
                    SentView::Stored { record, title, repeated } => EitherOf3::A(stored(record, title, repeated)),
                    SentView::NotStored { reason } => EitherOf3::B(view! {
                        <p class="error" role="alert">{tf("sent.not_stored", &[("{reason}", &reason)])}</p>
                    }),
                    SentView::Queued => EitherOf3::C(view! {
                        <p class="queued" role="status">{t("sent.queued")}</p>
                    }),
                }}
                <p><a class="back" href="/">{t("sent.back")}</a></p>
            </main>
        }
        .to_html()
    });
    crate::server_page::document(look, crate::texts::current().tag(), &title, &body)
}

fn stored(record: SubmissionRecord, name: String, repeated: bool) -> impl IntoView {
    let SubmissionRecord { id, received_at, .. } = record;
    let said = t(if repeated { "sent.repeated" } else { "sent.stored" });
    view! {
        <p class="stored" role="status" data-id=id.to_string()>
            <span class="name">{name}</span>
            " "
            {said}
            " ("
            {t("sent.received")}
            " "
            <time datetime=received_at.clone()>{received_at.clone()}</time>
            ")."
        </p>
    }
}
