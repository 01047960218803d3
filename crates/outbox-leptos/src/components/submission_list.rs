//! "Your submissions": one list, each submission once with its state (`submission_list::rows`
//! merges what the page, the outbox and the delivered list know), and what the person can do with
//! a failed one (edit and retry, or discard). Read from the worker, so a reload or another tab
//! shows the same. The lines are drawn in the browser (`submission_rows`); the server renders the
//! list empty (it renders nobody's records).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;
use outbox_protocol::json::uuid_text;
use outbox_protocol::PageToWorker;

use super::submission_rows::{edited_field, row_element};
use crate::client_dom::{self, Node};
use crate::form_reading::fields_of;
use crate::page_outbox::expect_outbox;
use crate::submission_list::rows;
use crate::texts::{tf, words};
use crate::worker_bridge;

/// The list's element, and the places of its notice and of its count of what it leaves out (one
/// per page, as the person's list is).
const LIST_ID: &str = "submissions";
const NOTICE_ID: &str = "submissions-notice";
const UNLISTED_ID: &str = "submissions-unlisted";

/// The person's list, inside a page that called `use_outbox`.
#[component]
pub fn SubmissionList() -> impl IntoView {
    let outbox = expect_outbox();
    let (board, form) = (outbox.board(), outbox.form());
    client_dom::draw(NOTICE_ID, move || {
        Some(board.with(|b| b.notice.iter().map(|text| Node::new("p").class("notice").text(text).element()).collect()))
    });
    client_dom::draw(UNLISTED_ID, move || {
        let unlisted = board.with(|b| b.outbox.as_ref().map_or(0, |o| o.unlisted()));
        let note = (unlisted > 0)
            .then(|| Node::new("p").class("unlisted").text(&tf("list.more", &[("{n}", &unlisted.to_string())])));
        Some(note.into_iter().map(Node::element).collect())
    });
    client_dom::draw(LIST_ID, move || {
        Some(board.with(|b| rows(&form, b)).iter().map(|row| row_element(row, &form)).collect())
    });
    // The lines' buttons, answered here: "send again" with the edit box's text, "discard".
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = client_dom::closest(ev.target(), "button") else { return };
        let Some(line) = client_dom::closest(Some(button.clone().into()), "li[data-id]") else { return };
        let id_text = line.get_attribute("data-id").unwrap_or_default();
        // Only a line of the worker's outbox has buttons: its entry, as the last report gave it.
        let entry = board.with_untracked(|b| {
            b.outbox.as_ref().and_then(|o| o.entries.iter().find(|e| uuid_text(&e.id) == id_text).cloned())
        });
        let Some(entry) = entry else { return };
        let id = entry.id;
        match button.class_name().as_str() {
            "retry" => {
                // The edit box as its form posts it (an unticked box: no value).
                let edited = line.query_selector("form").ok().flatten().map(|f| fields_of(f.unchecked_ref()));
                let field = edited_field(&entry, &form);
                let text = edited.map(|edited| form.text_of(&edited, &field)).unwrap_or_default();
                let fields = form.with_text(&entry.fields, &field, &text);
                send(PageToWorker::Retry { id, fields: Some(fields) });
            }
            "discard" => {
                board.update(|b| b.forget(id));
                send(PageToWorker::Discard { id });
            }
            _ => {}
        }
    };
    view! {
        <section class="status" role="status" aria-live="polite">
            <h2>{words("list.heading", &[])}</h2>
            <div id=NOTICE_ID></div>
            <ul id=LIST_ID class="submissions" on:click=on_click></ul>
            <div id=UNLISTED_ID></div>
            <p class="hint">{words("list.hint", &[])}</p>
        </section>
    }
}

fn send(message: PageToWorker) {
    spawn_local(async move {
        if let Err(e) = worker_bridge::post(message).await {
            leptos::logging::warn!("{e}");
        }
    });
}
