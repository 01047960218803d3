//! The harness of outbox-axum's HTTP suites, with the tutorial app (`app`: its page and its form)
//! as the app served: the router on a real SQLite file or on a real PostgreSQL
//! database (a fresh one per test, on the server `OUTBOX_TEST_POSTGRES_URL` names; without it the
//! PostgreSQL half is skipped and the run says so), requests through `tower::ServiceExt::oneshot`,
//! no socket.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use outbox_axum::AppShell;
use outbox_axum::ClientLimit;
use outbox_axum::Forms;
use outbox_axum::ImageRules;
use outbox_axum::OwnerToken;
use outbox_axum::Store;
use outbox_axum::{Api, ApiParts};
use outbox_protocol::{Column, FieldError, Form, SubmissionRecord};
use serde_json::Value;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    _dir: Option<tempfile::TempDir>,
    _site: tempfile::TempDir,
}

/// The owner's token of every test app.
pub const OWNER_TOKEN: &str = "test-owner-token";

/// A built site as cargo-leptos leaves it (hashed file names, precompressed twins), the Leptos
/// settings that point at it, and its app shell.
pub fn test_site() -> (tempfile::TempDir, LeptosOptions, AppShell) {
    // The app's languages, as its main offers them before serving.
    outbox_leptos::texts::offer(app::words::languages());
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/outbox.HASH.js"), SITE_JS).unwrap();
    std::fs::write(site.join("pkg/outbox.HASH.js.gz"), "gzip twin").unwrap();
    std::fs::write(site.join("manifest.webmanifest"), "{}").unwrap();
    std::fs::write(dir.path().join("hash.txt"), "js: HASH\n").unwrap();
    let leptos = LeptosOptions::builder().output_name("outbox").site_root(site.to_str().unwrap()).build();
    let shell = AppShell::scan(&site, Some(&dir.path().join("hash.txt")), None, 3_000).unwrap();
    (dir, leptos, shell)
}

/// The test site's script.
pub const SITE_JS: &str = "console.log('outbox')";

/// Outbox's router with the tutorial app's page (`app`), the fixture of these suites.
pub fn tutorial_router(api: Api, leptos: LeptosOptions, shell: AppShell) -> Router {
    outbox_axum::router(api, leptos, shell, app::App, app::shell)
}

pub fn router(store: Store, images: ImageRules) -> (Router, tempfile::TempDir) {
    let (site, leptos, shell) = test_site();
    let api = Api::new(ApiParts {
        store,
        forms: test_forms(),
        images,
        owner: OwnerToken::new(OWNER_TOKEN),
        intake_limit: None,
        sign_in_limit: ClientLimit::sign_in(0),
        look: outbox_leptos::PageLook::of(&leptos),
    });
    (tutorial_router(api, leptos, shell), site)
}

pub async fn sqlite_app() -> TestApp {
    sqlite_app_with(ImageRules::default()).await
}

pub async fn sqlite_app_with(images: ImageRules) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let (router, site) = router(Store::open(&url).await.unwrap(), images);
    TestApp { router, _dir: Some(dir), _site: site }
}

/// The app on a fresh PostgreSQL database; `None` (the test is skipped, and the run says so)
/// when `OUTBOX_TEST_POSTGRES_URL` names no server.
pub async fn postgres_app() -> Option<TestApp> {
    let url = outbox_axum::testing::fresh_database().await?;
    let store = Store::open(&url).await.unwrap();
    assert_eq!(store.backend(), "postgres");
    let (router, site) = router(store, ImageRules::default());
    Some(TestApp { router, _dir: None, _site: site })
}

/// Runs each test of the suite once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(#[tokio::test] async fn $name() { super::$name(super::sqlite_app().await).await })*
        }
        mod on_postgres {
            $(#[tokio::test] async fn $name() {
                if let Some(app) = super::postgres_app().await {
                    super::$name(app).await
                }
            })*
        }
    };
}

impl TestApp {
    /// A test app of a router made by `router` over a store the test keeps a handle of.
    pub fn from_parts(router: Router, site: tempfile::TempDir) -> Self {
        TestApp { router, _dir: None, _site: site }
    }

    pub async fn send(&self, request: Request<Body>) -> (StatusCode, Value) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON ({status}): {}", String::from_utf8_lossy(&bytes)));
        (status, value)
    }

    /// Any request answered as it is (headers, bytes).
    pub async fn get_response_of(&self, request: Request<Body>) -> axum::response::Response {
        self.router.clone().oneshot(request).await.unwrap()
    }

    /// A GET answered as it is (headers, bytes), for what is not JSON.
    pub async fn get_response(&self, uri: &str) -> axum::response::Response {
        self.router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap()
    }

    /// A GET as the owner (with the owner's token: `/api/submissions` needs it).
    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        let bearer = format!("Bearer {OWNER_TOKEN}");
        self.send(Request::get(uri).header(header::AUTHORIZATION, bearer).body(Body::empty()).unwrap()).await
    }

    pub async fn post_json(&self, body: &str) -> (StatusCode, Value) {
        let request = Request::post("/sync")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(request).await
    }

    /// `POST /sync/batch` with `batch`.
    pub async fn post_batch(&self, batch: &Value) -> (StatusCode, Value) {
        let request = Request::post("/sync/batch")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(batch.to_string()))
            .unwrap();
        self.send(request).await
    }

    pub async fn list(&self) -> Vec<SubmissionRecord> {
        let (status, value) = self.get("/api/submissions").await;
        assert_eq!(status, StatusCode::OK);
        serde_json::from_value(value).unwrap()
    }
}

/// A second form, declared as another app would: a title, a choice from a list, a number, a note.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    title: String,
    kind: Kind,
    depth_cm: u32,
    #[serde(default)]
    note: String,
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Pump,
    Valve,
    Pipe,
}

impl Form for Inspection {
    const NAME: &'static str = "inspection";
    const COLUMNS: &'static [Column] = &[
        Column::new("title", "Title"),
        Column::new("kind", "Kind"),
        Column::new("depth_cm", "Depth (cm)"),
        Column::new("note", "Note"),
    ];

    fn validate(mut self) -> Result<Self, FieldError> {
        self.title = self.title.trim().to_string();
        if self.title.is_empty() {
            return Err(FieldError::new("title", "give the inspection a title"));
        }
        if self.depth_cm > 10_000 {
            return Err(FieldError::new("depth_cm", "at most 10,000 cm"));
        }
        Ok(self)
    }
}

/// The forms of the test apps: the tutorial's (the default) and the inspection.
pub fn test_forms() -> Forms {
    Forms::of::<app::tutorial_form::TutorialForm>().with::<Inspection>()
}

const FORM_BOUNDARY: &str = "native-form-boundary";

/// The tutorial's form as a browser posts it itself: `id` (the page's), `name`, and an empty file
/// input; a navigation (`Sec-Fetch-Mode: navigate`).
pub fn native_post(id: &str, name: &str) -> Request<Body> {
    form_post(id, name, "navigate")
}

/// The same form posted with `fetch_mode` (`cors`: a script's post, not the browser's own).
pub fn form_post(id: &str, name: &str, fetch_mode: &str) -> Request<Body> {
    let body = format!(
        "--{FORM_BOUNDARY}\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n{id}\r\n\
         --{FORM_BOUNDARY}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n{name}\r\n\
         --{FORM_BOUNDARY}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n\r\n--{FORM_BOUNDARY}--\r\n"
    );
    Request::post("/sync")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={FORM_BOUNDARY}"))
        .header("sec-fetch-mode", fetch_mode)
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .body(Body::from(body))
        .unwrap()
}

/// The tutorial form's one field of a record.
pub fn name_of(record: &SubmissionRecord) -> String {
    let fields: Value = serde_json::from_str(record.fields.as_str()).unwrap();
    fields["name"].as_str().expect("a record of the tutorial's form has a name").to_string()
}
