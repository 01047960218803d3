//! "Your submissions": one list, each submission once with its state (`submission_list::rows`
//! merges what the page, the outbox and the delivered list know), and what the person can do with
//! a failed one (edit and retry, or discard). Read from the worker, so a reload or another tab
//! shows the same.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::task::spawn_local;
use outbox_protocol::json::uuid_text;
use outbox_protocol::{human_size, EntryState, EntryView, ImageMeta, PageToWorker, SubmissionRecord};

use crate::form_view::FormView;
use crate::local_time::{clock_time, date_and_time};
use crate::page_outbox::expect_outbox;
use crate::submission_list::{rows, Row};
use crate::submission_status::{StatusBoard, Submission, SubmissionStatus};
use crate::worker_bridge;

/// The person's list, inside a page that called `use_outbox`.
#[component]
pub fn SubmissionList() -> impl IntoView {
    let outbox = expect_outbox();
    let (board, form) = (outbox.board(), outbox.form());
    let rows = Memo::new(move |_| board.with(|b| rows(&form, b)));
    view! {
        <section class="status" role="status" aria-live="polite">
            <h2>"Your submissions"</h2>
            {move || board.with(|b| b.notice.clone()).map(|text| view! { <p class="notice">{text}</p> })}
            <ul id="submissions" class="submissions">
                {move || {
                    rows.get()
                        .into_iter()
                        .map(|row| match row {
                            Row::Page(submission) => EitherOf3::A(view! { <PageRow submission /> }),
                            Row::Waiting(entry) => EitherOf3::B(view! { <WaitingRow entry board form /> }),
                            Row::Delivered(record) => EitherOf3::C(view! { <DeliveredRow record form /> }),
                        })
                        .collect_view()
                }}
            </ul>
            {move || {
                let unlisted = board.with(|b| b.outbox.as_ref().map_or(0, |o| o.unlisted()));
                (unlisted > 0).then(|| view! { <p class="unlisted">{format!("and {unlisted} more waiting")}</p> })
            }}
            <p class="hint">"Kept in this browser: what waits until the server has it, what was sent for 30 days. Nobody else sees them."</p>
        </section>
    }
}

/// A submission only this page knows of yet.
#[component]
fn PageRow(submission: Submission) -> impl IntoView {
    let state = match submission.status {
        SubmissionStatus::AwaitingWorker => "awaiting",
        SubmissionStatus::Queued => "queued",
        SubmissionStatus::Sending => "sending",
        SubmissionStatus::Retrying(_) => "retrying",
        SubmissionStatus::Failed(_) => "failed",
    };
    view! {
        <li data-id=uuid_text(&submission.id) data-state=state class=submission.status.css_class()>
            <span class="name">{submission.title}</span>
            " "
            <span class="stage">{submission.status.label()}</span>
        </li>
    }
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

fn send(message: PageToWorker) {
    spawn_local(async move {
        if let Err(e) = worker_bridge::post(message).await {
            leptos::logging::warn!("{e}");
        }
    });
}

/// An entry of the worker's outbox.
#[component]
fn WaitingRow(entry: EntryView, board: RwSignal<StatusBoard>, form: FormView) -> impl IntoView {
    let id = entry.id;
    let name = form.title_of(&entry.fields);
    // A failed one is edited in the field the server refused (else the title field), which the
    // server's reason describes.
    let refused = entry.refused_field.clone();
    let edited_field = refused.clone().unwrap_or_else(|| form.title_field().to_string());
    let label = form.label_of(&edited_field);
    let edited = RwSignal::new(form.text_of(&entry.fields, &edited_field));
    let entry_fields = entry.fields.clone();
    let reason_id = format!("reason-{}", uuid_text(&id));
    let field_refused = refused.is_some();
    let can_retry = entry.state == EntryState::Failed;
    let can_discard = matches!(entry.state, EntryState::Failed | EntryState::Expired);
    let class = match entry.state {
        EntryState::Failed | EntryState::Expired => "failed",
        _ => "pending",
    };
    view! {
        <li data-id=uuid_text(&id) data-state=state_key(&entry.state) class=class>
            <span class="name">{name}</span>
            {attachment_text(&entry.images).map(|text| view! { <span class="attachment">{text}</span> })}
            " "
            <span class="stage" id=reason_id.clone()>
                {state_label(&entry)}
            </span>
            " "
            <span class="time">{clock_time(entry.created_at_ms)}</span>
            {can_retry
                .then(|| {
                    view! {
                        <span class="actions">
                            <label class="edit-label">
                                {format!("{label} ")}
                                <input
                                    class="edit"
                                    type="text"
                                    bind:value=edited
                                    aria-invalid=field_refused.then_some("true")
                                    aria-describedby=field_refused.then_some(reason_id)
                                />
                            </label>
                            <button
                                type="button"
                                class="retry"
                                on:click=move |_| {
                                    let fields = form.with_text(&entry_fields, &edited_field, &edited.get_untracked());
                                    send(PageToWorker::Retry { id, fields: Some(fields) })
                                }
                            >
                                "retry now"
                            </button>
                        </span>
                    }
                })}
            {can_discard
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="discard"
                            on:click=move |_| {
                                board.update(|b| b.forget(id));
                                send(PageToWorker::Discard { id })
                            }
                        >
                            "discard"
                        </button>
                    }
                })}
        </li>
    }
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

/// A delivered submission, as the server recorded it.
#[component]
fn DeliveredRow(record: SubmissionRecord, form: FormView) -> impl IntoView {
    let name = form.title_of(&record.fields);
    let count = record.images.len();
    let image = record
        .images
        .iter()
        .enumerate()
        .map(|(i, links)| {
            let alt = match count {
                1 => format!("the image sent with {name}"),
                n => format!("image {} of {n} sent with {name}", i + 1),
            };
            view! {
                <a class="image" href=links.url.clone() target="_blank">
                    <img class="thumbnail" src=links.thumbnail_url.clone() alt=alt />
                </a>
            }
        })
        .collect_view();
    view! {
        <li data-id=uuid_text(&record.id) data-state="sent" class="sent">
            {image}
            <span class="name">{name}</span>
            " "
            <span class="stage">"sent"</span>
            " "
            <time datetime=record.received_at.clone()>{date_and_time(&record.received_at)}</time>
        </li>
    }
}
