//! This app's router: outbox-axum's, with the app's pages and the one form it stores.

use app::{shell, App};
use axum::Router;
use leptos::config::LeptosOptions;
use outbox_axum::Api;
use outbox_axum::AppShell;
use outbox_axum::Forms;

/// The forms this app stores: the tutorial's.
pub fn app_forms() -> Forms {
    Forms::of::<app::tutorial_form::TutorialForm>()
}

/// The whole router (`outbox_axum::router`) with this app's pages.
pub fn router(api: Api, leptos: LeptosOptions, app_shell: AppShell) -> Router {
    outbox_axum::router(api, leptos, app_shell, App, shell)
}
