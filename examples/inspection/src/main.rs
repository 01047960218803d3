//! The server: Outbox's routes, store and worker for the inspection form, and the page.

use outbox_axum::prelude::*;

fn main() -> std::process::ExitCode {
    launch::main(Forms::of::<inspection::inspection::Inspection>(), inspection::App, inspection::shell)
}
