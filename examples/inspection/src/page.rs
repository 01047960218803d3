//! The page: the inspection form's fields inside Outbox's form, and the person's list.

use leptos::prelude::*;
use outbox_leptos::prelude::*;

use crate::inspection::{FINDINGS, FORM_VIEW};

#[component]
pub fn App() -> impl IntoView {
    use_outbox(FORM_VIEW);
    view! {
        <main>
            <header class="top">
                <h1>"Inspection"</h1>
                <NetworkBadge />
            </header>
            <OutboxForm action="/sync" class="submit-form">
                <label for="title">"Title"</label>
                <input id="title" name="title" type="text" autocomplete="off" />
                <label for="finding">"Finding"</label>
                <select id="finding" name="finding">
                    {FINDINGS.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
                </select>
                <label for="depth_cm">"Depth (cm)"</label>
                <input id="depth_cm" name="depth_cm" type="number" min="0" />
                <label for="note">"Note"</label>
                <textarea id="note" name="note" rows="3"></textarea>
                <ImagePicker />
                <button type="submit">"Send"</button>
            </OutboxForm>
            <SubmissionList />
        </main>
    }
}
