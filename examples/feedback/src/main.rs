//! The server: Outbox's routes, store and worker for the feedback form, and the page.

use outbox_axum::prelude::*;

fn main() -> std::process::ExitCode {
    launch::main(Forms::of::<feedback::feedback::Feedback>(), feedback::App, feedback::shell)
}
