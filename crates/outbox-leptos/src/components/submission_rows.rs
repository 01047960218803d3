//! The lines of the person's list, one element per [`Row`], built in the browser (`client_dom`:
//! as Leptos views, the three kinds of line cost the page's wasm 6.9 KB gzip more, measured).
//! Their buttons carry no handlers: the list answers their clicks (`submission_list`).

use outbox_protocol::json::uuid_text;
use outbox_protocol::{human_size, EntryState, EntryView, ImageMeta, SubmissionRecord};
use web_sys::Element;

use crate::client_dom::Node;
use crate::form_view::FormView;
use crate::local_time::{clock_time, date_and_time};
use crate::submission_list::Row;
use crate::submission_status::{Submission, SubmissionStatus};

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
    let state = match submission.status {
        SubmissionStatus::AwaitingWorker => "awaiting",
        SubmissionStatus::Queued => "queued",
        SubmissionStatus::Sending => "sending",
        SubmissionStatus::Retrying(_) => "retrying",
        SubmissionStatus::Failed(_) => "failed",
    };
    line(&submission.id, state, submission.status.css_class())
        .child(span("name", &submission.title))
        .text(" ")
        .child(span("stage", &submission.status.label()))
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

fn state_label(entry: &EntryView) -> String {
    let reason = entry.last_error.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
    match entry.state {
        EntryState::Queued => "queued".into(),
        EntryState::Sending => "sending…".into(),
        EntryState::Retrying { next_attempt_at_ms } => {
            format!("retrying{reason} (attempt {}; next at {})", entry.attempts, clock_time(next_attempt_at_ms))
        }
        EntryState::Failed => format!("failed{reason}"),
        EntryState::Expired => format!("expired{reason}"),
    }
}

/// The field a failed entry is edited in: the one the server refused, else the form's title.
pub fn edited_field(entry: &EntryView, form: &FormView) -> String {
    entry.refused_field.clone().unwrap_or_else(|| form.title_field().to_string())
}

/// An entry of the worker's outbox. A failed one offers its edited field (in an `input.edit`
/// marked invalid and described by the reason when the server named that field) and "retry now";
/// a failed or expired one "discard".
fn waiting_row(entry: &EntryView, form: &FormView) -> Node {
    let reason_id = format!("reason-{}", uuid_text(&entry.id));
    let class = match entry.state {
        EntryState::Failed | EntryState::Expired => "failed",
        _ => "pending",
    };
    let actions = (entry.state == EntryState::Failed).then(|| {
        let field = edited_field(entry, form);
        let mut input =
            Node::new("input").class("edit").attr("type", "text").attr("value", &form.text_of(&entry.fields, &field));
        if entry.refused_field.is_some() {
            input = input.attr("aria-invalid", "true").attr("aria-describedby", &reason_id);
        }
        Node::new("span")
            .class("actions")
            .child(Node::new("label").class("edit-label").text(&format!("{} ", form.label_of(&field))).child(input))
            .child(button("retry", "retry now"))
    });
    let discard = matches!(entry.state, EntryState::Failed | EntryState::Expired).then(|| button("discard", "discard"));
    line(&entry.id, state_key(&entry.state), class)
        .child(span("name", &form.title_of(&entry.fields)))
        .child_if(attachment_text(&entry.images).map(|text| span("attachment", &text)))
        .text(" ")
        .child(span("stage", &state_label(entry)).attr("id", &reason_id))
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
        [one] => Some(format!(" with {} ({size})", one.file_name)),
        several => {
            let names: Vec<&str> = several.iter().map(|i| i.file_name.as_str()).collect();
            Some(format!(" with {} images ({}; {size})", several.len(), names.join(", ")))
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
            1 => format!("the image sent with {name}"),
            n => format!("image {} of {n} sent with {name}", i + 1),
        };
        let thumbnail = Node::new("img").class("thumbnail").attr("src", &links.thumbnail_url).attr("alt", &alt);
        row =
            row.child(Node::new("a").class("image").attr("href", &links.url).attr("target", "_blank").child(thumbnail));
    }
    row.child(span("name", &name))
        .text(" ")
        .child(span("stage", "sent"))
        .text(" ")
        .child(Node::new("time").attr("datetime", &record.received_at).text(&date_and_time(&record.received_at)))
}
