//! An app's server process in one call (`main`): read the configuration, open the store, serve
//! the router; on SIGTERM or Ctrl-C stop taking connections, answer what is in flight, flush the
//! store and exit.

use std::process::ExitCode;
use std::time::Duration;

use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::IntoView;
use tracing_subscriber::EnvFilter;

use crate::app_shell::AppShell;
use crate::config::Config;
use crate::forms::Forms;
use crate::routes::{Api, ApiParts};
use crate::store::Store;
use crate::{serve, site_files, site_router};

/// Runs the app's server: reads the configuration (`Config::from_env`), opens the store, serves
/// `forms` and the app's pages (`app` inside `shell`, as `site_router::router` takes them) until
/// SIGTERM or Ctrl-C; then stops taking connections, answers what is in flight, flushes the store
/// and exits. Logs go to standard output, filtered by `RUST_LOG`, as text or JSON lines
/// (`OUTBOX_LOG_FORMAT`). An app's `main` is this call. With the arguments `backup FILE` it copies
/// the database to `FILE` instead (`backup`), while a server may go on serving it.
pub fn main<A, AV, S, SV>(forms: Forms, app: A, shell: S) -> ExitCode
where
    A: Fn() -> AV + Clone + Send + Sync + 'static,
    AV: IntoView + 'static,
    S: Fn(LeptosOptions) -> SV + Clone + Send + Sync + 'static,
    SV: IntoView + 'static,
{
    crate::malloc_tuning::apply();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => {}
        ["backup", file] => return runtime.block_on(crate::backup::run(std::path::Path::new(file))),
        _ => {
            eprintln!("usage: {} [backup FILE]", std::env::args().next().unwrap_or_else(|| "server".into()));
            return ExitCode::from(2);
        }
    }
    if let Err(e) = init_logs(std::env::var("OUTBOX_LOG_FORMAT").ok().as_deref()) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    let pages = move |api, leptos, files| site_router::router(api, leptos, files, app, shell);
    match runtime.block_on(run(forms, pages)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to standard output, filtered by `RUST_LOG`: lines for people (`text`, the default) or one
/// JSON object a line for machines (`OUTBOX_LOG_FORMAT=json`: `timestamp`, `level`, `target`,
/// `fields.message` and the event's other fields).
fn init_logs(format: Option<&str>) -> Result<(), String> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match format.map(str::trim) {
        None | Some("" | "text") => logs.init(),
        Some("json") => logs.json().init(),
        Some(other) => return Err(format!("OUTBOX_LOG_FORMAT must be text or json, not {other:?}")),
    }
    Ok(())
}

/// Serves `forms` with the router `pages` makes (`site_router::router` with the app's pages).
async fn run(
    forms: Forms,
    pages: impl FnOnce(Api, LeptosOptions, AppShell) -> Router,
) -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    if let Some(tag) = &config.language {
        outbox_leptos::texts::force(tag)?;
        tracing::info!("every page in {tag} (OUTBOX_LANGUAGE)");
    }
    let store = Store::open_with(&config.store).await?;
    tracing::info!("storing in {}", store.backend());
    let addr = config.leptos.site_addr;
    match config.forward.clone() {
        Some(forward) => crate::forwarding::start(store.clone(), forward).await?,
        None => store.set_forwarding(false).await?,
    }
    if let Some(handle) = crate::telemetry::install(config.metrics) {
        crate::telemetry::spawn_upkeep(handle);
        if let Some(metrics_addr) = config.metrics_addr {
            serve_metrics(metrics_addr, store.clone()).await?;
        }
    }
    if let Some(days) = config.retention_days {
        tracing::info!("keeping submissions for {days} days (OUTBOX_RETENTION_DAYS)");
        crate::retention::spawn(store.clone(), days);
    }
    let owner = config.owner.clone();
    tracing::info!(
        "the worker caches an app shell of {} files, version {}",
        config.app_shell.files.len(),
        config.app_shell.version
    );
    let api = Api::new(ApiParts {
        store: store.clone(),
        forms,
        images: config.images,
        owner: config.owner,
        intake_limit: config.intake_limit,
        sign_in_limit: config.sign_in_limit,
        look: outbox_leptos::PageLook::of(&config.leptos),
    });
    let router = pages(api, config.leptos, config.app_shell);
    let router = match &config.peer_dir {
        Some(dir) => {
            tracing::warn!("serving {} at /peer/ (OUTBOX_PEER_DIR: for the benchmark only)", dir.display());
            site_files::with_peer_dir(router, dir)
        }
        None => router,
    };
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tracing::info!("listening on http://{local}");
    if config.owner_token_is_random {
        let token = owner.reveal();
        tracing::info!(
            "OUTBOX_ADMIN_TOKEN is not set; this run's owner token is {token}: sign in at http://{local}/admin, \
             or curl -H 'Authorization: Bearer {token}' http://{local}/api/submissions"
        );
    }
    let (signalled, on_signal) = tokio::sync::oneshot::channel();
    let stopping = async move {
        shutdown_signal().await;
        tracing::info!("stopping: no new connections; answering the requests in flight");
        let _ = signalled.send(());
    };
    let max_connections = serve::connection_limit(config.max_connections);
    tracing::info!("at most {max_connections} connections at once");
    let serving = serve::serve(listener, router, max_connections, stopping);
    // What is still in flight after the grace is dropped unanswered: never acknowledged, so the
    // worker keeps it and sends it again; nothing acknowledged is lost.
    let grace_over = async {
        match on_signal.await {
            Ok(()) => tokio::time::sleep(IN_FLIGHT_GRACE).await,
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        () = serving => {}
        () = grace_over => tracing::warn!("requests still in flight after {IN_FLIGHT_GRACE:?} were dropped unanswered"),
    }
    if tokio::time::timeout(CLOSE_GRACE, store.close()).await.is_err() {
        tracing::warn!("the store did not close within {CLOSE_GRACE:?}");
    }
    tracing::info!("stopped");
    Ok(())
}

/// `/metrics` alone, without the owner's token, on its own address (`OUTBOX_METRICS_ADDR`).
async fn serve_metrics(addr: std::net::SocketAddr, store: Store) -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("metrics at http://{}/metrics (OUTBOX_METRICS_ADDR)", listener.local_addr()?);
    let router =
        Router::new().route("/metrics", axum::routing::get(crate::routes::probes::metrics_text_of)).with_state(store);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!("the metrics listener stopped: {e}");
        }
    });
    Ok(())
}

/// How long requests in flight may take to be answered after SIGTERM; with `CLOSE_GRACE`, the
/// server exits within 10 s.
const IN_FLIGHT_GRACE: Duration = Duration::from_secs(7);
/// How long flushing the group writer and closing the pool may take.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
}
