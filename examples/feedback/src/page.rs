//! The page: the feedback form's fields inside Outbox's form, and the person's list.

use leptos::prelude::*;
use outbox_leptos::prelude::*;

use crate::feedback::FORM_VIEW;

#[component]
pub fn App() -> impl IntoView {
    use_outbox(FORM_VIEW);
    view! {
        <main>
            <header class="top">
                <h1>"Feedback"</h1>
                <NetworkBadge />
            </header>
            <OutboxForm action="/sync" class="submit-form">
                <label for="email">"E-mail"</label>
                <input id="email" name="email" type="email" />
                <label for="rating">"Rating (1 to 5)"</label>
                <input id="rating" name="rating" type="number" />
                <label for="message">"Message"</label>
                <textarea id="message" name="message" rows="3"></textarea>
                <label><input id="subscribe" name="subscribe" type="checkbox" />" Keep me posted"</label>
                <button type="submit">"Send"</button>
            </OutboxForm>
            <SubmissionList />
        </main>
    }
}
