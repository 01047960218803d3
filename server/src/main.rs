//! Outbox's server binary: this app's page and form, served by `outbox_axum::launch`.

mod allocator;

use std::process::ExitCode;

fn main() -> ExitCode {
    allocator::tune();
    outbox_leptos::texts::offer(app::words::languages());
    outbox_axum::launch::main(server::app_router::app_forms(), app::App, app::shell)
}
