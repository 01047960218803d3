//! One list of the person's submissions, each once with its state: what this page clicked and the
//! worker has not taken yet, what waits in the worker's outbox (every tab's), and what this browser
//! delivered (kept by the worker for 30 days). Merged by id here, free of the browser, so
//! `cargo test` covers it.

use outbox_protocol::{EntryView, SubmissionRecord};

use crate::form_view::FormView;
use crate::submission_status::{StatusBoard, Submission};

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// Known to this page only: not acknowledged by the worker yet, or not saved.
    Page(Submission),
    /// In the worker's outbox: queued, sending, retrying, failed or expired.
    Waiting(EntryView),
    /// Delivered: as the server recorded it.
    Delivered(SubmissionRecord),
}

#[cfg(test)]
impl Row {
    /// The submission's id, whatever its source.
    fn id(&self) -> uuid::Uuid {
        match self {
            Row::Page(s) => s.id,
            Row::Waiting(e) => e.id,
            Row::Delivered(r) => r.id,
        }
    }
}

/// What waits first (this page's newest first, then the outbox in its order), then what was
/// delivered, newest first. The worker's outbox says where an entry stands once it lists it; a
/// submission is "sent" when its delivered list has it.
/// Only `form`'s submissions are listed (an app's other forms have pages of their own).
pub fn rows(form: &FormView, board: &StatusBoard) -> Vec<Row> {
    let (entries, delivered) = match &board.outbox {
        Some(view) => (&view.entries[..], view.delivered.iter().filter_map(|r| form.record(r)).collect()),
        None => (&[][..], Vec::new()),
    };
    let shown_elsewhere =
        |id| entries.iter().any(|e: &EntryView| e.id == id) || delivered.iter().any(|r: &SubmissionRecord| r.id == id);
    let mut rows: Vec<Row> =
        board.submissions.iter().filter(|s| !shown_elsewhere(s.id)).cloned().map(Row::Page).collect();
    let this_form = |e: &&EntryView| form.is_its(e.form.as_deref());
    rows.extend(entries.iter().filter(this_form).cloned().map(Row::Waiting));
    rows.extend(delivered.into_iter().map(Row::Delivered));
    rows
}

// The delivered records are read with a build's JSON reader (serde_json on the server): as in
// `form_view`, these run with `ssr` (`cargo test --workspace`, or `-p outbox-leptos --features ssr`).
#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use outbox_protocol::{DeliveryMode, EntryState, OutboxCounts, OutboxView};
    use uuid::Uuid;

    use crate::submission_status::SubmissionStatus;

    const FORM: FormView = FormView {
        name: outbox_protocol::TUTORIAL_FORM,
        columns: &[outbox_protocol::Column::new("name", "Name")],
        untitled: "anonymous",
    };

    fn tutorial_fields(name: &str) -> outbox_protocol::RawJson {
        outbox_protocol::RawJson::object(|o| {
            o.text("name", name);
        })
    }

    fn entry(n: u128, state: EntryState) -> EntryView {
        EntryView {
            id: Uuid::from_u128(n),
            form: None,
            fields: tutorial_fields(&format!("entry {n}")),
            created_at_ms: 0,
            attempts: 0,
            state,
            last_error: None,
            refused_field: None,
            images: Vec::new(),
        }
    }

    fn record(n: u128) -> SubmissionRecord {
        SubmissionRecord {
            id: Uuid::from_u128(n),
            form: outbox_protocol::TUTORIAL_FORM.into(),
            fields: tutorial_fields(&format!("record {n}")),
            received_at: "2026-11-28T06:00:00.000Z".into(),
            pressed_at: None,
            attempts: 1,
            image_url: None,
            thumbnail_url: None,
            images: Vec::new(),
        }
    }

    fn board(
        page: &[(u128, SubmissionStatus)],
        entries: Vec<EntryView>,
        delivered: Vec<SubmissionRecord>,
    ) -> StatusBoard {
        let delivered = delivered.iter().map(outbox_protocol::RawJson::written).collect();
        StatusBoard {
            submissions: page
                .iter()
                .map(|(n, status)| Submission {
                    id: Uuid::from_u128(*n),
                    title: format!("page {n}"),
                    status: status.clone(),
                })
                .collect(),
            notice: None,
            outbox: Some(OutboxView {
                mode: DeliveryMode::BackgroundSync,
                online: true,
                counts: OutboxCounts { waiting: entries.len(), failed: 0, expired: 0 },
                entries,
                delivered,
            }),
        }
    }

    fn ids(rows: &[Row]) -> Vec<u128> {
        rows.iter().map(|r| r.id().as_u128()).collect()
    }

    #[test]
    fn each_submission_is_listed_once_waiting_ones_first() {
        let rows = rows(
            &FORM,
            &board(
                &[(1, SubmissionStatus::AwaitingWorker), (2, SubmissionStatus::Queued), (3, SubmissionStatus::Sending)],
                vec![entry(2, EntryState::Queued), entry(4, EntryState::Failed)],
                vec![record(3), record(5)],
            ),
        );
        assert_eq!(ids(&rows), [1, 2, 4, 3, 5]);
        assert!(matches!(rows[1], Row::Waiting(_)), "the outbox says where a stored one stands");
        assert!(matches!(rows[3], Row::Delivered(_)), "a delivered one is shown as the server recorded it");
    }

    #[test]
    fn another_forms_entries_and_records_are_not_this_pages() {
        let mut other_entry = entry(2, EntryState::Queued);
        other_entry.form = Some("inspection".into());
        let mut named_entry = entry(3, EntryState::Queued);
        named_entry.form = Some(outbox_protocol::TUTORIAL_FORM.into());
        let mut other_record = record(4);
        other_record.form = "inspection".into();
        let rows = rows(
            &FORM,
            &board(&[], vec![entry(1, EntryState::Queued), other_entry, named_entry], vec![other_record, record(5)]),
        );
        assert_eq!(ids(&rows), [1, 3, 5]);
    }

    #[test]
    fn before_the_worker_reports_the_page_lists_its_own() {
        let mut board = board(&[(1, SubmissionStatus::AwaitingWorker)], vec![], vec![]);
        board.outbox = None;
        assert_eq!(ids(&rows(&FORM, &board)), [1]);
    }
}
