//! The tutorial's form as the person sees it: a name, an optional image and the `sync` button,
//! inside `outbox_leptos`'s form (which sends them, and works before hydration too).

use leptos::prelude::*;
use outbox_leptos::texts::words;
use outbox_leptos::ImagePicker;
use outbox_leptos::OutboxForm;

use crate::tutorial_form::NAME_FIELD;

#[component]
pub fn SubmitForm() -> impl IntoView {
    view! {
        <OutboxForm action="/sync" class="submit-form">
            <label for="input">{words("app.name", &[])}</label>
            <input id="input" name=NAME_FIELD type="text" autocomplete="off" />
            <ImagePicker />
            <button type="submit" class="J_sync_event">{words("app.sync", &[])}</button>
        </OutboxForm>
    }
}
