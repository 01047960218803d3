//! The form: a name, an optional image and the `sync` button.
//!
//! It works before the page is interactive too (progressive enhancement): rendered by the server
//! as a plain `multipart/form-data` form posting to `/sync`, with an id made on the server, so a
//! press before hydration (a slow first visit) or without script is a native submission that the
//! server answers with a page. Once hydrated, the submit event goes to the outbox instead, and what
//! the person typed before that stays in the field (the input is not bound to a signal that
//! hydration would write over).

use leptos::html::{Form, Input};
use leptos::prelude::*;
use leptos::task::spawn_local;
use outbox_protocol::{form_fields, TUTORIAL_FORM};

use super::image_picker::ImagePicker;
use crate::picked_file::{self, PickedImage};
use crate::submission_status::{StatusBoard, SubmissionStatus};
use crate::{acknowledgement_watch, worker_bridge};

#[component]
pub fn SubmitForm(board: RwSignal<StatusBoard>) -> impl IntoView {
    let form_element = NodeRef::<Form>::new();
    let picked = RwSignal::new(None::<PickedImage>);
    let file_input = NodeRef::<Input>::new();

    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = form_element.get_untracked() else { return };
        let id = worker_bridge::new_id();
        let fields = crate::form_reading::fields_of(&form);
        board.update(|b| b.start(id, crate::tutorial_form::name(&fields)));
        // Emptied for the next one (a hidden field keeps its value, the id being the page's).
        form.reset();
        let image = picked.get_untracked().map(|p| {
            picked_file::release(&p.preview_url);
            p.image
        });
        picked.set(None);
        spawn_local(async move {
            match worker_bridge::submit(id, TUTORIAL_FORM, fields, image).await {
                Ok(posted) => acknowledgement_watch::watch(board, id, posted).await,
                Err(reason) => board.update(|b| b.set_status(id, SubmissionStatus::Failed(reason))),
            }
        });
    };

    view! {
        <form
            class="submit-form"
            method="post"
            action="/sync"
            enctype="multipart/form-data"
            on:submit=send
            node_ref=form_element
        >
            <input type="hidden" name=form_fields::ID value=native_submission_id() />
            <label for="input">"Name"</label>
            <input id="input" name=form_fields::NAME type="text" autocomplete="off" />
            <ImagePicker picked input=file_input />
            <button type="submit" class="J_sync_event">"sync"</button>
        </form>
    }
}

/// The id of a native submission (the form posted before hydration or without script): made on
/// the server for each page a tab navigated to, so the same form posted twice (a reload of the
/// answer) is stored once. The page the worker caches at install (fetched, not navigated to) is
/// shown on many visits: it carries none, and each of its posts gets an id where it is kept (the
/// worker, or the server). Once hydrated the page makes a new id for each press instead.
fn native_submission_id() -> String {
    #[cfg(feature = "ssr")]
    {
        let mode = use_context::<http::request::Parts>()
            .and_then(|parts| parts.headers.get("sec-fetch-mode").and_then(|v| v.to_str().ok()).map(str::to_owned));
        // A browser too old to say how it fetches is treated as navigating: an id, as before.
        if mode.is_none_or(|mode| mode == "navigate") {
            return uuid::Uuid::new_v4().to_string();
        }
    }
    String::new()
}
