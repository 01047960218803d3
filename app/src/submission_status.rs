//! What the page knows of each submission it made, updated from the worker's reports.

use outbox_protocol::{OutboxView, WorkerToPage};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// Clicked; the page is handing it to the worker.
    Handing,
    Queued,
    Sending,
    Sent,
    /// Not delivered yet; the worker keeps it and tries again by itself.
    Retrying(String),
    Failed(String),
}

impl Stage {
    pub fn label(&self) -> String {
        match self {
            Stage::Handing => "handing to the service worker…".into(),
            Stage::Queued => "queued".into(),
            Stage::Sending => "sending…".into(),
            Stage::Sent => "sent".into(),
            Stage::Retrying(reason) => format!("retrying: {reason}"),
            Stage::Failed(reason) => format!("failed: {reason}"),
        }
    }

    pub fn css_class(&self) -> &'static str {
        match self {
            Stage::Handing | Stage::Queued | Stage::Sending | Stage::Retrying(_) => "pending",
            Stage::Sent => "sent",
            Stage::Failed(_) => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub id: Uuid,
    pub name: String,
    pub stage: Stage,
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
    pub fn start(&mut self, id: Uuid, name: String) {
        self.submissions.insert(0, Submission { id, name, stage: Stage::Handing });
    }

    pub fn set_stage(&mut self, id: Uuid, stage: Stage) {
        if let Some(s) = self.submissions.iter_mut().find(|s| s.id == id) {
            // A late "queued" or "sending" must not hide a final outcome.
            if s.stage != Stage::Sent || stage == Stage::Sent {
                s.stage = stage;
            }
        }
    }

    /// Applies a worker report; true when the server's list should be read again.
    pub fn apply(&mut self, report: WorkerToPage) -> bool {
        match report {
            // Online the worker sends while it stores: "queued" may come after the outcome.
            WorkerToPage::Queued { id } => {
                if self.submissions.iter().any(|s| s.id == id && s.stage == Stage::Handing) {
                    self.set_stage(id, Stage::Queued);
                }
            }
            WorkerToPage::Sending { id } => self.set_stage(id, Stage::Sending),
            WorkerToPage::Sent { id, .. } => {
                self.set_stage(id, Stage::Sent);
                return true;
            }
            WorkerToPage::Failed { id, reason, will_retry: true } => self.set_stage(id, Stage::Retrying(reason)),
            WorkerToPage::Failed { id, reason, will_retry: false } => self.set_stage(id, Stage::Failed(reason)),
            WorkerToPage::Outbox(view) => self.outbox = Some(view),
            WorkerToPage::Pinged { status } => {
                self.notice = Some(format!("data-less sync done: GET /sync answered {status}"))
            }
            WorkerToPage::Error { reason } => {
                self.notice = Some(format!("the service worker refused a message: {reason}"))
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use outbox_protocol::SubmissionRecord;

    #[test]
    fn follows_the_reports_and_asks_for_a_refresh_on_delivery() {
        let id = Uuid::from_u128(1);
        let mut board = StatusBoard::default();
        board.start(id, "x".into());
        assert!(!board.apply(WorkerToPage::Queued { id }));
        assert_eq!(board.submissions[0].stage, Stage::Queued);
        let record = SubmissionRecord {
            id,
            name: "x".into(),
            received_at: "t".into(),
            pressed_at: None,
            attempts: 1,
            image_url: None,
            thumbnail_url: None,
        };
        assert!(board.apply(WorkerToPage::Sent { id, record }));
        // A report arriving late does not undo "sent".
        board.apply(WorkerToPage::Queued { id });
        assert_eq!(board.submissions[0].stage, Stage::Sent);
    }
}
