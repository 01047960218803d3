//! The server: Outbox's routes, store and worker for the inspection form, and the page.

use outbox_axum::forms::Forms;

fn main() -> std::process::ExitCode {
    outbox_axum::launch::main(Forms::of::<inspection::inspection::Inspection>(), inspection::App, inspection::shell)
}
