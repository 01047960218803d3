//! What the page knows of each submission it made, updated from the worker's reports. Its
//! delivery is not a status here: the worker's outbox report lists it among the delivered, and
//! the list shows it from there (`submission_list`), so "sent" comes from one report.

use outbox_protocol::{OutboxView, WorkerToPage};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmissionStatus {
    /// Clicked and posted; the worker has not acknowledged it yet (it lives in the page only).
    AwaitingWorker,
    Queued,
    Sending,
    /// Not delivered yet; the worker keeps it and tries again by itself.
    Retrying(String),
    Failed(String),
}

impl SubmissionStatus {
    pub fn css_class(&self) -> &'static str {
        match self {
            SubmissionStatus::AwaitingWorker
            | SubmissionStatus::Queued
            | SubmissionStatus::Sending
            | SubmissionStatus::Retrying(_) => "pending",
            SubmissionStatus::Failed(_) => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub id: Uuid,
    /// What its line shows (the form's title field).
    pub title: String,
    pub status: SubmissionStatus,
}

/// The page's submissions, newest first, plus the latest notice that belongs to none of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusBoard {
    pub submissions: Vec<Submission>,
    pub notice: Option<String>,
    /// The worker's outbox as last reported (None until the worker answered).
    pub outbox: Option<OutboxView>,
}

impl StatusBoard {
    pub fn start(&mut self, id: Uuid, title: String) {
        self.submissions.insert(0, Submission { id, title, status: SubmissionStatus::AwaitingWorker });
    }

    /// The person discarded it: the page forgets it too.
    pub fn forget(&mut self, id: Uuid) {
        self.submissions.retain(|s| s.id != id);
    }

    pub fn set_status(&mut self, id: Uuid, status: SubmissionStatus) {
        if let Some(s) = self.submissions.iter_mut().find(|s| s.id == id) {
            s.status = status;
        }
    }

    /// Applies a worker report.
    pub fn apply(&mut self, report: WorkerToPage) {
        match report {
            // Online the worker sends while it stores: "queued" may come after the outcome.
            WorkerToPage::Queued { id } => {
                if self.submissions.iter().any(|s| s.id == id && s.status == SubmissionStatus::AwaitingWorker) {
                    self.set_status(id, SubmissionStatus::Queued);
                }
            }
            WorkerToPage::Sending { id } => self.set_status(id, SubmissionStatus::Sending),
            WorkerToPage::Failed { id, reason, will_retry: true } => {
                self.set_status(id, SubmissionStatus::Retrying(reason))
            }
            WorkerToPage::Failed { id, reason, will_retry: false } => {
                self.set_status(id, SubmissionStatus::Failed(reason))
            }
            WorkerToPage::Outbox(view) => self.outbox = Some(view),
            WorkerToPage::Pinged { status } => {
                self.notice = Some(format!("data-less sync done: GET /sync answered {status}"))
            }
            WorkerToPage::Error { reason } => {
                self.notice = Some(format!("the service worker refused a message: {reason}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_reports_and_a_late_queued_does_not_undo_sending() {
        let id = Uuid::from_u128(1);
        let mut board = StatusBoard::default();
        board.start(id, "x".into());
        // Online the worker starts the send before the write: "sending" may come first.
        board.apply(WorkerToPage::Sending { id });
        board.apply(WorkerToPage::Queued { id });
        assert_eq!(board.submissions[0].status, SubmissionStatus::Sending);
        board.apply(WorkerToPage::Failed { id, reason: "offline".into(), will_retry: true });
        assert_eq!(board.submissions[0].status, SubmissionStatus::Retrying("offline".into()));
    }
}
