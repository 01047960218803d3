//! "Your submissions": one list, each submission once with its state (`submission_list::rows`
//! merges what the page, the outbox and the delivered list know), and what the person can do with
//! a failed one (edit and retry, or discard). Read from the worker, so a reload or another tab
//! shows the same. The lines are drawn in the browser (`submission_rows`); the server renders the
//! list empty (it renders nobody's records).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, HtmlInputElement};
use outbox_protocol::json::uuid_text;
use outbox_protocol::PageToWorker;

use super::submission_rows::{edited_field, row_element};
use crate::client_dom;
use crate::form_view::FormView;
use crate::page_outbox::expect_outbox;
use crate::submission_list::{rows, Row};
use crate::worker_bridge;

/// The list's element (one per page, as the person's list is).
const LIST_ID: &str = "submissions";

/// The person's list, inside a page that called `use_outbox`.
#[component]
pub fn SubmissionList() -> impl IntoView {
    let outbox = expect_outbox();
    let (board, form) = (outbox.board(), outbox.form());
    let rows = Memo::new(move |_| board.with(|b| rows(&form, b)));
    Effect::new(move |_| {
        let rows = rows.get();
        // Found by its id once hydrated (a node ref of its own cost the page's wasm 1.x KB).
        if let Some(list) = client_dom::by_id(LIST_ID) {
            show(&list, &rows, &form);
        }
    });
    // The lines' buttons, answered here: "retry now" with the edit box's text, "discard".
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = client_dom::closest(ev.target(), "button") else { return };
        let Some(line) = client_dom::closest(Some(button.clone().into()), "li[data-id]") else { return };
        let id_text = line.get_attribute("data-id").unwrap_or_default();
        let entry = rows.with_untracked(|rows| {
            rows.iter().find_map(|row| match row {
                Row::Waiting(entry) if uuid_text(&entry.id) == id_text => Some(entry.clone()),
                _ => None,
            })
        });
        let Some(entry) = entry else { return };
        let id = entry.id;
        match button.class_name().as_str() {
            "retry" => {
                let text = line
                    .query_selector("input.edit")
                    .ok()
                    .flatten()
                    .and_then(|input| input.dyn_into::<HtmlInputElement>().ok())
                    .map(|input| input.value())
                    .unwrap_or_default();
                let fields = form.with_text(&entry.fields, &edited_field(&entry, &form), &text);
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
            <h2>"Your submissions"</h2>
            {move || board.with(|b| b.notice.clone()).map(|text| view! { <p class="notice">{text}</p> })}
            <ul id=LIST_ID class="submissions" on:click=on_click></ul>
            {move || {
                let unlisted = board.with(|b| b.outbox.as_ref().map_or(0, |o| o.unlisted()));
                (unlisted > 0).then(|| view! { <p class="unlisted">{format!("and {unlisted} more waiting")}</p> })
            }}
            <p class="hint">"Kept in this browser: what waits until the server has it, what was sent for 30 days. Nobody else sees them."</p>
        </section>
    }
}

/// Shows `rows` in `list`, in order. Each line is built anew; one equal to a line shown
/// (`isEqualNode`: the same attributes and text) keeps the shown element in its place, so an edit
/// box keeps what the person typed, and its focus, while other lines change.
fn show(list: &Element, rows: &[Row], form: &FormView) {
    let shown = list.children();
    let shown: Vec<Element> = (0..shown.length()).filter_map(|i| shown.item(i)).collect();
    for (at, row) in rows.iter().enumerate() {
        let built = row_element(row, form);
        let element = shown.iter().find(|old| old.is_equal_node(Some(&built))).cloned().unwrap_or(built);
        let current = list.children().item(at as u32);
        if current.as_ref() != Some(&element) {
            let _ = list.insert_before(&element, current.as_ref().map(|c| c.as_ref()));
        }
    }
    while let Some(extra) = list.children().item(rows.len() as u32) {
        extra.remove();
    }
}

fn send(message: PageToWorker) {
    spawn_local(async move {
        if let Err(e) = worker_bridge::post(message).await {
            leptos::logging::warn!("{e}");
        }
    });
}
