//! `GET /api/submissions/export?format=csv|ndjson&form=NAME`: every record of a form (the default
//! form unless named), newest first, for the owner, its fields as the form's columns in the CSV
//! (the field names head them) and as members in NDJSON; streamed page by page (500 records a query), so 100,000 records never sit in memory. A database
//! failure midway ends the transfer unfinished (the client sees a broken download, not a short
//! file that looks whole).

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use outbox_protocol::SubmissionRecord;
use serde::Deserialize;

use super::owner::Owner;
use super::Api;
use crate::error::AppError;
use crate::forms::DeclaredForm;

/// Records read per query.
const CHUNK: usize = 500;

#[derive(Deserialize)]
pub struct ExportParams {
    format: Option<String>,
    form: Option<String>,
}

#[derive(Clone, Copy)]
enum Format {
    Csv,
    Ndjson,
}

pub async fn export(
    _owner: Owner,
    State(api): State<Api>,
    params: Result<Query<ExportParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let Query(ExportParams { format, form }) = params?;
    let forms = api.forms.clone();
    let form_name = match form {
        None => forms.default_form().name(),
        Some(name) => match forms.get(&name) {
            Some(form) => form.name(),
            None => return Err(AppError::NotFound(format!("there is no form named {name:?}"))),
        },
    };
    let store = api.store.clone();
    let format = match format.as_deref() {
        None | Some("ndjson") => Format::Ndjson,
        Some("csv") => Format::Csv,
        Some(other) => {
            return Err(AppError::Request {
                status: StatusCode::BAD_REQUEST,
                message: format!("format {other:?} is not one of csv, ndjson"),
            })
        }
    };
    let (content_type, file_name) = match format {
        Format::Csv => ("text/csv; charset=utf-8", format!("{form_name}-submissions.csv")),
        Format::Ndjson => ("application/x-ndjson", format!("{form_name}-submissions.ndjson")),
    };
    let header_line = matches!(format, Format::Csv).then(|| {
        let fields = forms.get(form_name).map(|f| f.columns()).unwrap_or_default().iter().map(|c| csv_cell(c.field));
        let cells: Vec<String> = std::iter::once("id".to_string())
            .chain(fields)
            .chain(["received_at", "pressed_at", "attempts"].map(String::from))
            .chain((0..outbox_protocol::MAX_IMAGES).map(image_column))
            .collect();
        cells.join(",") + "\r\n"
    });
    // The cursor is the last record's position, not its id: a record deleted meanwhile (by the
    // owner or retention) cannot end the file early.
    let pages = futures::stream::unfold(Some(None::<i64>), move |cursor| {
        let (store, forms) = (store.clone(), forms.clone());
        async move {
            let before = cursor?;
            let form = forms.get(form_name)?;
            match store.page(Some(form_name), Some(CHUNK), before).await {
                Ok(records) if records.is_empty() => None,
                Ok(records) => {
                    let next = (records.len() == CHUNK).then(|| records.last().map(|(position, _)| *position));
                    let text: String = records.iter().map(|(_, r)| line(format, form, r)).collect();
                    Some((Ok::<_, std::io::Error>(text), next))
                }
                Err(e) => {
                    tracing::error!("the export stopped: {e}");
                    Some((Err(std::io::Error::other(e.to_string())), None))
                }
            }
        }
    });
    let body = futures::StreamExt::chain(futures::stream::iter(header_line.map(Ok)), pages);
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

fn line(format: Format, form: &DeclaredForm, record: &SubmissionRecord) -> String {
    match format {
        Format::Ndjson => serde_json::to_string(record).map(|json| json + "\n").unwrap_or_default(),
        Format::Csv => {
            let SubmissionRecord { id, received_at, pressed_at, attempts, images, .. } = record;
            let cells: Vec<String> = std::iter::once(id.to_string())
                .chain(form.cells(record).iter().map(|cell| csv_cell(cell)))
                .chain([
                    csv_cell(received_at),
                    csv_cell(pressed_at.as_deref().unwrap_or_default()),
                    attempts.to_string(),
                ])
                .chain(
                    (0..outbox_protocol::MAX_IMAGES)
                        .map(|i| images.get(i).map(|l| csv_cell(&l.url)).unwrap_or_default()),
                )
                .collect();
            cells.join(",") + "\r\n"
        }
    }
}

/// The CSV column of the image at `position`: `image_url` (the first: its name from when a
/// submission had one), `image_2_url`, …; a cell each, so a spreadsheet links each one.
fn image_column(position: usize) -> String {
    match position {
        0 => "image_url".to_string(),
        n => format!("image_{}_url", n + 1),
    }
}

/// A CSV cell (RFC 4180 quoting). A text that a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP advises: a name is
/// what anyone typed.
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) || text.starts_with('\'') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("-1"), "\"'-1\"");
    }
}
