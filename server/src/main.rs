//! Outbox's server: this app's page and its one form (the tutorial's), served by
//! `outbox_axum::launch` (whose HTTP suites, in `crates/outbox-axum/tests`, serve this app too).

mod allocator;

use std::process::ExitCode;

fn main() -> ExitCode {
    allocator::tune();
    outbox_leptos::texts::offer(app::words::languages());
    outbox_axum::launch::main(outbox_axum::Forms::of::<app::tutorial_form::TutorialForm>(), app::App, app::shell)
}
