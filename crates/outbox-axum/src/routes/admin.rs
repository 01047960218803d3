//! `/admin`: the owner's page (rendered by `outbox_leptos::admin_page`), signing in with the owner's token
//! (a form: the session cookie of `admin_session`) and out. Without a session it shows the sign-in
//! form; a wrong token is a 401 with the form again. Each row's delete button posts `/admin/delete`.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Form, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use outbox_leptos::admin_page::{admin_document, AdminView, FailedForward, FormTable, OwnerRow};

use super::owner::Owner;
use super::Api;
use crate::admin_session;
use crate::error::AppError;

/// Records on one page of `/admin`.
const PAGE: usize = 50;
/// No script at all runs on the owner's page; its images and style come from here.
const ADMIN_POLICY: &str = "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

#[derive(Deserialize)]
pub struct PageParams {
    before: Option<Uuid>,
    form: Option<String>,
}

pub async fn page(
    State(api): State<Api>,
    owner: Result<Owner, AppError>,
    params: Result<Query<PageParams>, QueryRejection>,
) -> Result<Response, AppError> {
    if owner.is_err() {
        return Ok(html(&api, StatusCode::OK, AdminView::SignIn { error: None }));
    }
    let Query(PageParams { before, form }) = params?;
    let form = match form {
        None => api.forms.default_form(),
        Some(name) => {
            api.forms.get(&name).ok_or_else(|| AppError::NotFound(format!("there is no form named {name:?}")))?
        }
    };
    let records = api.store.list(Some(form.name()), Some(PAGE), before).await?;
    let older = (records.len() == PAGE)
        .then(|| records.last().map(|r| format!("/admin?before={}&form={}", r.id, form.name())))
        .flatten();
    let table = FormTable {
        form: form.name(),
        forms: api.forms.iter().map(|f| f.name()).collect(),
        columns: form.columns().iter().map(|c| (c.field, c.label)).collect(),
        rows: records.into_iter().map(|record| OwnerRow { cells: form.cells(&record), record }).collect(),
    };
    let failed_forwards = api
        .store
        .forward_failures(PAGE)
        .await?
        .into_iter()
        .map(|(id, attempts, error)| FailedForward { id, attempts, error })
        .collect();
    Ok(html(&api, StatusCode::OK, AdminView::Records { table, older, paged: before.is_some(), failed_forwards }))
}

#[derive(Deserialize)]
pub struct Deletion {
    id: Uuid,
    form: String,
}

/// The owner deletes a submission (its images too) from the table: back to the form's page.
pub async fn delete(
    _owner: Owner,
    State(api): State<Api>,
    Form(deletion): Form<Deletion>,
) -> Result<Response, AppError> {
    let form = api.forms.get(&deletion.form).map_or(api.forms.default_form().name(), |f| f.name());
    match api.store.delete(&[deletion.id]).await? {
        0 => Err(AppError::NotFound(format!("there is no submission {} (deleted already?)", deletion.id))),
        _ => {
            tracing::info!(id = %deletion.id, "the owner deleted a submission");
            Ok((StatusCode::SEE_OTHER, [(header::LOCATION, format!("/admin?form={form}"))]).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct SignIn {
    token: String,
}

pub async fn sign_in(State(api): State<Api>, request: Parts, Form(form): Form<SignIn>) -> Response {
    let headers = &request.headers;
    // Every attempt counts against the client's limit: a token cannot be guessed at speed.
    if let Err(wait) = api.sign_in_limit.check(api.sign_in_limit.client_of(&request)) {
        let seconds = wait.as_secs().max(1);
        tracing::info!("sign-in attempts over the limit; refused for {seconds} s");
        let error = Some(outbox_leptos::texts::tf("admin.too_many", &[("{seconds}", &seconds.to_string())]));
        let mut page = html(&api, StatusCode::TOO_MANY_REQUESTS, AdminView::SignIn { error });
        page.headers_mut().insert(header::RETRY_AFTER, seconds.into());
        return page;
    }
    if !api.owner.matches(form.token.trim()) {
        tracing::info!("a wrong owner's token was tried on /admin");
        let error = Some(outbox_leptos::texts::t("admin.wrong_token"));
        return html(&api, StatusCode::UNAUTHORIZED, AdminView::SignIn { error });
    }
    let cookie = admin_session::set_cookie(&admin_session::issue(&api.owner), is_https(headers));
    (StatusCode::SEE_OTHER, [(header::SET_COOKIE, cookie), (header::LOCATION, "/admin".to_string())]).into_response()
}

pub async fn sign_out() -> Response {
    let cookie = admin_session::clear_cookie();
    (StatusCode::SEE_OTHER, [(header::SET_COOKIE, cookie), (header::LOCATION, "/admin".to_string())]).into_response()
}

/// Behind a TLS-terminating proxy the request says so in `X-Forwarded-Proto`: the cookie is then
/// `Secure` (never sent over plain HTTP).
fn is_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

fn html(api: &Api, status: StatusCode, view: AdminView) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, ADMIN_POLICY),
            (header::CACHE_CONTROL, "no-store"),
        ],
        admin_document(&api.look, view),
    )
        .into_response()
}
