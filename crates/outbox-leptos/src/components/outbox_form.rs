//! The form element around a form's fields: [`OutboxForm`]. The page's view gives the fields (any
//! inputs with a `name`, and an [`super::image_picker::ImagePicker`] for photos); a press sends
//! what they hold to the worker under the form's name, shows it in the person's list at once, and
//! empties the form.
//!
//! It works before the page is interactive too (progressive enhancement): rendered by the server
//! as a plain `multipart/form-data` form posting to the form's address, with an id made on the
//! server, so a press before hydration (a slow first visit) or without script is a native
//! submission that the server answers with a page (or the worker keeps, offline). Once hydrated the
//! submit event goes to the outbox instead, and what the person typed before that stays in the
//! fields (no input is bound to a signal that hydration would write over).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::HtmlFormElement;
use outbox_protocol::form_fields;

use crate::page_outbox::expect_outbox;
use crate::picked_file::{self, PickedImage};
use crate::submission_status::SubmissionStatus;
use crate::{acknowledgement_watch, form_reading, worker_bridge};

/// The photos picked for the next submission, in order, shared by the form and its image picker.
#[derive(Clone, Copy)]
pub struct PickedSlot(pub RwSignal<Vec<PickedImage>>);

/// The form posting to `action` (the form's address: `/sync` for the default form, else
/// `/forms/{name}`), around `children`: the fields and the submit button.
#[component]
pub fn OutboxForm<C>(
    action: &'static str,
    #[prop(optional)] class: &'static str,
    children: TypedChildren<C>,
) -> impl IntoView
where
    C: IntoView + 'static,
{
    let outbox = expect_outbox();
    let board = outbox.board();
    let form_view = outbox.form();
    let picked = RwSignal::new(Vec::<PickedImage>::new());
    provide_context(PickedSlot(picked));

    let send = move |ev: leptos::ev::SubmitEvent| {
        // The form is the event's own target; should it not be there, the browser posts it itself
        // (never a press prevented and then dropped).
        let Some(form) = ev.target().and_then(|target| target.dyn_into::<HtmlFormElement>().ok()) else { return };
        ev.prevent_default();
        let id = worker_bridge::new_id();
        let fields = form_reading::fields_of(&form);
        board.update(|b| b.start(id, form_view.title_of(&fields)));
        // Emptied for the next one (a hidden field keeps its value, the id being the page's).
        form.reset();
        let images = picked
            .get_untracked()
            .into_iter()
            .map(|p| {
                picked_file::release(&p.preview_url);
                p.image
            })
            .collect();
        picked.set(Vec::new());
        spawn_local(async move {
            match worker_bridge::submit(id, form_view.name, fields, images).await {
                Ok(posted) => acknowledgement_watch::watch(board, id, posted).await,
                Err(reason) => board.update(|b| b.set_status(id, SubmissionStatus::Failed(reason))),
            }
        });
    };

    view! {
        <form class=class method="post" action=action enctype="multipart/form-data" on:submit=send>
            <input type="hidden" name=form_fields::ID value=native_submission_id() />
            {children.into_inner()()}
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
