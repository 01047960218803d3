//! The lines of the person's list, one element per [`Row`], built in the browser (`client_dom`:
//! as Leptos views, the three kinds of line cost the page's wasm 6.9 KB gzip more, measured).
//! Their buttons carry no handlers: the list answers their clicks (`submission_list`).

use outbox_protocol::json::uuid_text;
use outbox_protocol::{human_size, server_words, EntryState, EntryView, ImageMeta, SubmissionRecord};
use web_sys::Element;

use crate::client_dom::Node;
use crate::form_view::FormView;
use crate::local_time::{clock_time, date_and_time};
use crate::submission_list::Row;
use crate::submission_status::{Submission, SubmissionStatus};
use crate::texts::{t, tf};

/// The element of one line.
pub fn row_element(row: &Row, form: &FormView) -> Element {
    match row {
        Row::Page(submission) => page_row(submission),
        Row::Waiting(entry) => waiting_row(entry, form),
        Row::Delivered(record) => delivered_row(record, form),
    }
    .element()
}

/// `<li data-id data-state class>`, the line's frame.
fn line(id: &uuid::Uuid, state: &str, class: &str) -> Node {
    Node::new("li").attr("data-id", &uuid_text(id)).attr("data-state", state).class(class)
}

fn span(class: &str, text: &str) -> Node {
    Node::new("span").class(class).text(text)
}

/// A submission only this page knows of yet.
fn page_row(submission: &Submission) -> Node {
    let (state, reason) = match &submission.status {
        SubmissionStatus::AwaitingWorker => ("awaiting", ""),
        SubmissionStatus::Queued => ("queued", ""),
        SubmissionStatus::Sending => ("sending", ""),
        SubmissionStatus::Retrying(reason) => ("retrying", reason.as_str()),
        SubmissionStatus::Failed(reason) => ("failed", reason.as_str()),
    };
    line(&submission.id, state, submission.status.css_class())
        .child(span("name", &submission.title))
        .text(" ")
        .child(span("stage", &stage_words(state, reason)))
        .child_if((state == "retrying").then(|| span("detail", reason)))
}

fn state_key(state: &EntryState) -> &'static str {
    match state {
        EntryState::Queued => "queued",
        EntryState::Sending => "sending",
        EntryState::Retrying { .. } => "retrying",
        EntryState::Failed => "failed",
        EntryState::Expired => "expired",
    }
}

/// Where a line stands (its `data-state`), in the person's words: a refusal in the server's own
/// words ("not accepted: rating: at most 5"), anything else not sent with why.
fn stage_words(state: &str, reason: &str) -> String {
    let (key, reason) = match state {
        "awaiting" => ("state.saving", reason),
        "queued" => ("state.queued", reason),
        "sending" => ("state.sending", reason),
        "retrying" => ("state.waiting", reason),
        "expired" => ("state.expired", reason),
        _ => match server_words(reason) {
            Some(words) => ("state.refused", words),
            None => ("state.not_sent", reason),
        },
    };
    // One call for every state: a text without the blank is left as it is.
    tf(key, &[("{reason}", reason)])
}

/// For an entry waiting for a retry, the detail its line shows smaller: the attempt, when the
/// next is, and why the last did not go.
fn retry_detail(entry: &EntryView) -> Option<String> {
    let EntryState::Retrying { next_attempt_at_ms } = entry.state else { return None };
    let (attempt, time) = (entry.attempts.to_string(), clock_time(next_attempt_at_ms));
    let reason = entry.last_error.as_deref().unwrap_or_default();
    Some(tf("state.detail", &[("{attempt}", &attempt), ("{time}", &time), ("{reason}", reason)]))
}

/// The field a failed entry is edited in: the one the server refused, else the form's title.
pub fn edited_field(entry: &EntryView, form: &FormView) -> String {
    entry.refused_field.clone().unwrap_or_else(|| form.title_field().to_string())
}

/// The edit box of a failed entry's field, holding what the entry holds: a copy of the page's own
/// control of that field (a choice stays a choice, a multi-line message keeps its lines, a number
/// its bounds), or a one-line text input when the page's form has none. It is read as its form
/// would post it (`FormData`), in a form of its own that never submits (`method="dialog"` outside
/// a dialog does nothing: Enter in the box posts nothing).
fn edit_box(field: &str, value: &str) -> Node {
    Node::copy_of_control(field, value)
        .unwrap_or_else(|| Node::new("input").attr("type", "text").attr("name", field).attr("value", value))
        .class("edit")
}

/// An entry of the worker's outbox. A failed one offers its edited field (in an `.edit` box
/// marked invalid and described by the reason when the server named that field) and "send again";
/// a failed or expired one "discard".
fn waiting_row(entry: &EntryView, form: &FormView) -> Node {
    let reason_id = format!("reason-{}", uuid_text(&entry.id));
    let class = match entry.state {
        EntryState::Failed | EntryState::Expired => "failed",
        _ => "pending",
    };
    let actions = (entry.state == EntryState::Failed).then(|| {
        let field = edited_field(entry, form);
        let mut input = edit_box(&field, &form.text_of(&entry.fields, &field));
        if entry.refused_field.is_some() {
            input = input.attr("aria-invalid", "true").attr("aria-describedby", &reason_id);
        }
        Node::new("form")
            .attr("method", "dialog")
            .class("actions")
            .child(Node::new("label").class("edit-label").text(&format!("{} ", form.label_of(&field))).child(input))
            .child(button("retry", &t("action.retry")))
    });
    let discard = matches!(entry.state, EntryState::Failed | EntryState::Expired)
        .then(|| button("discard", &t("action.discard")));
    let state = state_key(&entry.state);
    let words = stage_words(state, entry.last_error.as_deref().unwrap_or_default());
    line(&entry.id, state, class)
        .child(span("name", &form.title_of(&entry.fields)))
        .child_if(attachment_text(&entry.images).map(|text| span("attachment", &text)))
        .text(" ")
        .child(span("stage", &words).attr("id", &reason_id))
        .child_if(retry_detail(entry).map(|detail| span("detail", &detail)))
        .text(" ")
        .child(span("time", &clock_time(entry.created_at_ms)))
        .child_if(actions)
        .child_if(discard)
}

fn button(class: &str, text: &str) -> Node {
    Node::new("button").attr("type", "button").class(class).text(text)
}

/// " with a.jpg (1.2 MB)", or " with 2 images (a.jpg, b.jpg; 3.1 MB)": what waits beside the fields.
fn attachment_text(images: &[ImageMeta]) -> Option<String> {
    let size = human_size(images.iter().map(|i| i.size).sum());
    match images {
        [] => None,
        [one] => Some(tf("attachment.one", &[("{file}", &one.file_name), ("{size}", &size)])),
        several => {
            let names: Vec<&str> = several.iter().map(|i| i.file_name.as_str()).collect();
            let n = several.len().to_string();
            Some(tf("attachment.many", &[("{n}", &n), ("{names}", &names.join(", ")), ("{size}", &size)]))
        }
    }
}

/// A delivered submission, as the server recorded it: its images' thumbnails linking to each.
fn delivered_row(record: &SubmissionRecord, form: &FormView) -> Node {
    let name = form.title_of(&record.fields);
    let count = record.images.len();
    let mut row = line(&record.id, "sent", "sent");
    for (i, links) in record.images.iter().enumerate() {
        let alt = match count {
            1 => tf("image.sent_one", &[("{name}", &name)]),
            n => tf("image.sent_many", &[("{i}", &(i + 1).to_string()), ("{n}", &n.to_string()), ("{name}", &name)]),
        };
        let thumbnail = Node::new("img").class("thumbnail").attr("src", &links.thumbnail_url).attr("alt", &alt);
        row =
            row.child(Node::new("a").class("image").attr("href", &links.url).attr("target", "_blank").child(thumbnail));
    }
    row.child(span("name", &name))
        .text(" ")
        .child(span("stage", &t("state.sent")))
        .text(" ")
        .child(Node::new("time").attr("datetime", &record.received_at).text(&date_and_time(&record.received_at)))
}
