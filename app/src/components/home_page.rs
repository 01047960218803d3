//! The page at `/`: the form, and the person's own submissions with each one's state (from the
//! worker: the server renders nobody's records), the offline badge, and the developers' details.

use leptos::prelude::*;
use outbox_leptos::texts::words;
use outbox_leptos::use_outbox;
use outbox_leptos::DeveloperDetails;
use outbox_leptos::NetworkBadge;
use outbox_leptos::PageNotices;
use outbox_leptos::SubmissionList;

use super::submit_form::SubmitForm;
use crate::tutorial_form::FORM_VIEW;

#[component]
pub fn HomePage() -> impl IntoView {
    use_outbox(FORM_VIEW);

    view! {
        <main>
            <header class="top">
                <h1>"Outbox"</h1>
                <NetworkBadge />
            </header>
            <p class="lead">{words("app.lead", &[])}</p>
            <PageNotices />
            <SubmitForm />
            <SubmissionList />
            <DeveloperDetails />
        </main>
    }
}
