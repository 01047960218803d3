//! The page at `/`: the form, and the person's own submissions with each one's state (from the
//! worker: the server renders nobody's records), the offline badge, and the developers' details.

use leptos::prelude::*;
use outbox_leptos::components::developer_details::DeveloperDetails;
use outbox_leptos::components::network_badge::NetworkBadge;
use outbox_leptos::components::page_notices::PageNotices;
use outbox_leptos::components::submission_list::SubmissionList;
use outbox_leptos::texts::words;
use outbox_leptos::use_outbox;

use super::submit_form::SubmitForm;
use crate::tutorial_form::FORM_VIEW;

#[component]
pub fn HomePage() -> impl IntoView {
    let outbox = use_outbox(FORM_VIEW);
    let board = outbox.board();

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
            <DeveloperDetails board />
        </main>
    }
}
