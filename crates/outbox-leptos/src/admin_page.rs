//! `/admin`, the owner's page: sign in with the owner's token, list every submission newest first
//! with thumbnails, page to older ones, delete one (with its images), export them all, sign out. Rendered by Leptos on the server
//! only (`ssr`): plain forms and links, no script and no wasm, so its policy allows no script at all.

use leptos::either::Either;
use leptos::prelude::*;
use outbox_protocol::json::uuid_text;
use outbox_protocol::SubmissionRecord;

use crate::server_page::PageLook;
use crate::texts::{t, tf};

/// A page of one form's records, under the form's columns.
pub struct FormTable {
    /// The form shown, and every form (links to the others).
    pub form: &'static str,
    pub forms: Vec<&'static str>,
    /// `(field, label)` of each column.
    pub columns: Vec<(&'static str, &'static str)>,
    pub rows: Vec<OwnerRow>,
}

/// A record as the owner's table shows it: its form's columns, each as text.
pub struct OwnerRow {
    pub record: SubmissionRecord,
    /// One cell per column of the form, in order.
    pub cells: Vec<String>,
}

/// What the page shows.
pub enum AdminView {
    /// Not signed in (again, with why, after a wrong token).
    SignIn { error: Option<String> },
    /// A page of records of one form, newest first; `older` links the next page, `paged` says this
    /// is not the first one.
    Records { table: FormTable, older: Option<String>, paged: bool, failed_forwards: Vec<FailedForward> },
}

/// A submission the receiver of `OUTBOX_FORWARD_URL` refused (a 4xx): kept, not retried.
pub struct FailedForward {
    pub id: String,
    pub attempts: i32,
    pub error: Option<String>,
}

/// The whole document of `/admin`, dressed as the app (`look`).
pub fn admin_document(look: &PageLook, view: AdminView) -> String {
    let heading = tf("admin.heading", &[("{app}", &look.app_name)]);
    let owner = Owner::new();
    let body = owner.with(|| {
        view! {
            <main class="admin">
                <h1>{heading}</h1>
                {match view {
                    AdminView::SignIn { error } => Either::Left(sign_in(error)),
                    AdminView::Records { table, older, paged, failed_forwards } => {
                        Either::Right(view! {
                            {not_forwarded(failed_forwards)}
                            {records_page(table, older, paged)}
                        })
                    }
                }}
            </main>
        }
        .to_html()
    });
    crate::server_page::document(look, crate::texts::current().tag(), &t("admin.title"), &body)
}

fn sign_in(error: Option<String>) -> impl IntoView {
    view! {
        <form class="sign-in" method="post" action="/admin/sign-in">
            <label for="token">{t("admin.token")}</label>
            <input id="token" name="token" type="password" autocomplete="current-password" required />
            <button type="submit">{t("admin.sign_in")}</button>
            {error.map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </form>
    }
}

/// The forwards the receiver refused, with its answers (none: nothing shown).
fn not_forwarded(failed: Vec<FailedForward>) -> impl IntoView {
    (!failed.is_empty()).then(|| {
        let items = failed
            .into_iter()
            .map(|FailedForward { id, attempts, error }| {
                let key = id.clone();
                view! {
                    <li data-id=key>
                        <span class="id">{id}</span>
                        {tf("admin.attempt", &[("{n}", &attempts.to_string())])}
                        <span class="error">{error.unwrap_or_default()}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="not-forwarded" aria-labelledby="not-forwarded-heading">
                <h2 id="not-forwarded-heading">{t("admin.not_forwarded")}</h2>
                <ul>{items}</ul>
            </section>
        }
    })
}

fn records_page(table: FormTable, older: Option<String>, paged: bool) -> impl IntoView {
    let FormTable { form, forms, columns, rows } = table;
    let fields: Vec<&'static str> = columns.iter().map(|(field, _)| *field).collect();
    let others = (forms.len() > 1).then(|| {
        let links = forms
            .into_iter()
            .map(|name| {
                let current = (name == form).then_some("page");
                view! { <a href=format!("/admin?form={name}") aria-current=current>{name}</a> " " }
            })
            .collect_view();
        view! { <nav class="forms">{t("admin.forms")} {links}</nav> }
    });
    view! {
        <nav class="admin-actions">
            <a href=format!("/api/submissions/export?format=csv&form={form}") download=format!("{form}-submissions.csv")>
                {t("admin.export_csv")}
            </a>
            " "
            <a href=format!("/api/submissions/export?format=ndjson&form={form}") download=format!("{form}-submissions.ndjson")>
                {t("admin.export_ndjson")}
            </a>
            <form method="post" action="/admin/sign-out">
                <button type="submit">{t("admin.sign_out")}</button>
            </form>
        </nav>
        {others}
        {if rows.is_empty() {
            Either::Left(view! { <p class="empty">{t("admin.empty")}</p> })
        } else {
            Either::Right(view! {
                <table id="all-submissions">
                    <thead>
                        <tr>
                            <th>{t("admin.image")}</th>
                            {columns.into_iter().map(|(_, label)| view! { <th>{label}</th> }).collect_view()}
                            <th>{t("admin.received")}</th><th>{t("admin.pressed")}</th><th>{t("admin.attempts")}</th>
                            <th>{t("admin.id")}</th><th>{t("admin.delete")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|r| row(form, &fields, r)).collect_view()}
                    </tbody>
                </table>
            })
        }}
        <nav class="paging">
            {paged.then(|| view! { <a class="newest" href=format!("/admin?form={form}")>{t("admin.newest")}</a> })}
            " "
            {older.map(|href| view! { <a class="older" href=href>{t("admin.older")}</a> })}
        </nav>
    }
}

fn row(form: &'static str, fields: &[&'static str], row: OwnerRow) -> impl IntoView {
    let OwnerRow { record, cells } = row;
    let SubmissionRecord { id, received_at, pressed_at, attempts, images, .. } = record;
    let count = images.len();
    let image = images
        .into_iter()
        .enumerate()
        .map(|(i, links)| {
            let alt = match count {
                1 => t("admin.image_one"),
                n => tf("admin.image_many", &[("{i}", &(i + 1).to_string()), ("{n}", &n.to_string())]),
            };
            view! { <a href=links.url><img class="thumbnail" src=links.thumbnail_url alt=alt /></a> }
        })
        .collect_view();
    view! {
        <tr data-id=uuid_text(&id)>
            <td>{image}</td>
            {fields.iter().zip(cells).map(|(field, cell)| view! { <td class=*field>{cell}</td> }).collect_view()}
            <td><time datetime=received_at.clone()>{received_at.clone()}</time></td>
            <td>{pressed_at}</td>
            <td>{attempts}</td>
            <td class="id">{uuid_text(&id)}</td>
            <td>
                // A plain form (no script runs here); the session cookie is SameSite=Strict, so no
                // other site can post it.
                <form class="delete" method="post" action="/admin/delete">
                    <input type="hidden" name="id" value=uuid_text(&id) />
                    <input type="hidden" name="form" value=form />
                    <button type="submit" aria-label=tf("admin.delete_label", &[("{id}", &uuid_text(&id))])>
                        {t("admin.delete")}
                    </button>
                </form>
            </td>
        </tr>
    }
}
