//! A form the browser posted itself to a form's address (`/sync`: the page's form pressed before hydration, or where
//! the page's wasm never runs) while this worker controls the page. The server answers it when it
//! can, with its page saying what it stored. When it cannot be reached, fails, or is slower than a
//! navigation waits, the worker keeps the submission in the outbox as it keeps a page's message,
//! and answers with the cached page that says so (the form's `queued_page`, `/queued`).

use std::pin::pin;
use std::rc::Rc;

use futures::future::{select, Either};
use outbox_protocol::{form_fields, ImageAttachment, NativePost, RawJson};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FormData, Request, Response, ResponseInit};

use crate::app_shell::AppShell;
use crate::browser::cache;
use crate::browser::fetch::fetch_request;
use crate::browser::scope::{describe, now_ms, sha256, sleep};
use crate::outbox::store::OutboxStore;
use crate::BrowserOutbox;

impl BrowserOutbox {
    /// The answer to the form's post: the server's page, else the page saying it waits here.
    pub async fn take_form_post(self: &Rc<Self>, shell: &AppShell, request: Request) -> Result<Response, JsValue> {
        let path = web_sys::Url::new(&request.url())?.pathname();
        // The shim passes only posts to a form's address.
        let Some(form) = self.form_of_action(&path).cloned() else { return fetch_request(&request).await };
        let kept = request.clone()?;
        let mut sent = pin!(fetch_request(&request));
        let server_error = match select(sent.as_mut(), pin!(sleep(shell.navigation_timeout_ms))).await {
            Either::Left((Ok(response), _)) if response.status() < 500 => return Ok(response),
            Either::Left((Ok(response), _)) => Some(response),
            _ => None,
        };
        // A server error, no server, or one too slow: nothing is known stored, so the outbox keeps
        // it (should the slow one store it after all, the id makes the outbox's send a repeat).
        match self.keep_form(&form.name, kept).await {
            Ok(kept) => {
                // Answered as soon as it is kept (a request still stalled must not hold the
                // answer); the worker's timer drains it at once, or the next wake-up does.
                if kept {
                    self.set_wake_timer(now_ms());
                }
                match cache::matching(&shell.cache_name, &form.queued_page).await {
                    Some(page) => Ok(page),
                    None => plain_page(200, "Saved on this device: it will be sent once the server answers."),
                }
            }
            Err(reason) => match server_error {
                Some(response) => Ok(response),
                None => plain_page(503, &format!("Not saved: {reason}. Go back and send it again.")),
            },
        }
    }

    /// Keeps the form's submission; answers whether it is new (not kept already).
    async fn keep_form(self: &Rc<Self>, form_name: &str, request: Request) -> Result<bool, String> {
        let read = |e: JsValue| format!("the form cannot be read: {}", describe(&e));
        let form: FormData = JsFuture::from(request.form_data().map_err(read)?).await.map_err(read)?.unchecked_into();
        // Every text the form carries but its id is a field, in the form's order; its files are the
        // images. The post's identity is derived from all of it, as the server derives it.
        let mut post = NativePost::new(&form.get(form_fields::ID).as_string().unwrap_or_default());
        let fields = RawJson::object(|o| {
            outbox_browser::form_data::text_fields(&form, |key, value| {
                o.text(key, value);
                post.text(key, value);
            })
        });
        let mut images = Vec::new();
        for file in form.get_all(form_fields::IMAGE).iter().filter_map(|f| f.dyn_into::<File>().ok()) {
            // A file input left empty sends an empty file: no image.
            if file.size() > 0.0 {
                let bytes = JsFuture::from(file.array_buffer()).await.map_err(read)?;
                let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
                post.image(sha256(&bytes).await.map_err(read)?);
                images.push(ImageAttachment { file_name: file.name(), mime: file.type_(), bytes });
            }
        }
        let id = NativePost::id_from_digest(&sha256(post.digest_input()).await.map_err(read)?);
        // The same post kept already (the answer reloaded while the server is away): nothing new.
        if self.store().await?.get(id).await?.is_some() {
            return Ok(false);
        }
        self.keep(id, Some(form_name.into()), fields, None, images).await.map(|_| true)
    }
}

/// A page of plain text, for when the cached page is missing or nothing could be kept.
fn plain_page(status: u16, text: &str) -> Result<Response, JsValue> {
    let init = ResponseInit::new();
    init.set_status(status);
    Response::new_with_opt_str_and_init(Some(text), &init)
}
