//! Reading the files the person picked in an `<input type="file" multiple>`: each one's name,
//! type, size, bytes and a preview URL. Called from event handlers only, so in the browser only.

use outbox_protocol::ImageAttachment;

/// A picked image, read into memory (the worker stores its bytes, not a Blob).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickedImage {
    pub image: ImageAttachment,
    /// An object URL for the preview (revoked when the image is replaced or sent).
    pub preview_url: String,
}

/// A file as picked: its name and size at once, its bytes once read.
pub struct PickedFile {
    pub name: String,
    pub size: u64,
    file: web_sys::File,
}

/// The files picked in `input`, in the order the browser lists them.
pub fn picked_files(input: &leptos::web_sys::HtmlInputElement) -> Vec<PickedFile> {
    let Some(list) = input.files() else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| PickedFile { name: file.name(), size: file.size() as u64, file })
        .collect()
}

impl PickedFile {
    /// Its bytes and a preview URL.
    pub async fn read(self) -> Result<PickedImage, String> {
        let Self { name, file, .. } = self;
        let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
            .await
            .map_err(|e| format!("cannot read {name}: {}", outbox_browser::errors::describe(&e)))?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        let preview_url = web_sys::Url::create_object_url_with_blob(&file).unwrap_or_default();
        let mime = match file.type_() {
            t if t.is_empty() => "application/octet-stream".to_string(),
            t => t,
        };
        Ok(PickedImage { image: ImageAttachment { file_name: name, mime, bytes }, preview_url })
    }
}

/// Frees a preview URL.
pub fn release(preview_url: &str) {
    if !preview_url.is_empty() {
        let _ = web_sys::Url::revoke_object_url(preview_url);
    }
}
