//! Reading the file the person picked in an `<input type="file">`: its name, type, size, bytes and
//! a preview URL. Browser-only; the server build gets inert stand-ins of the same names.

use outbox_protocol::ImageAttachment;

/// A picked image, read into memory (the worker stores its bytes, not a Blob).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickedImage {
    pub image: ImageAttachment,
    /// An object URL for the preview (revoked when the image is replaced or sent).
    pub preview_url: String,
}

#[cfg(feature = "hydrate")]
pub use browser::*;

#[cfg(not(feature = "hydrate"))]
pub use server_side::*;

#[cfg(not(feature = "hydrate"))]
mod server_side {
    use super::PickedImage;

    pub struct PickedFile;

    pub fn first_file(_input: &leptos::web_sys::HtmlInputElement) -> Option<PickedFile> {
        None
    }
    pub fn size_of(_file: &PickedFile) -> u64 {
        0
    }
    pub fn name_of(_file: &PickedFile) -> String {
        String::new()
    }
    pub async fn read(_file: PickedFile) -> Result<PickedImage, String> {
        Err("files are read in the browser only".into())
    }
    pub fn release(_preview_url: &str) {}
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::PickedImage;
    use outbox_protocol::ImageAttachment;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{File, HtmlInputElement, Url};

    pub type PickedFile = File;

    pub fn first_file(input: &HtmlInputElement) -> Option<File> {
        input.files()?.get(0)
    }

    pub fn size_of(file: &File) -> u64 {
        file.size() as u64
    }

    pub fn name_of(file: &File) -> String {
        file.name()
    }

    pub async fn read(file: File) -> Result<PickedImage, String> {
        let buffer =
            JsFuture::from(file.array_buffer()).await.map_err(|e| format!("cannot read {}: {e:?}", file.name()))?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        let preview_url = Url::create_object_url_with_blob(&file).unwrap_or_default();
        let mime = match file.type_() {
            t if t.is_empty() => "application/octet-stream".to_string(),
            t => t,
        };
        Ok(PickedImage { image: ImageAttachment { file_name: file.name(), mime, bytes }, preview_url })
    }

    pub fn release(preview_url: &str) {
        if !preview_url.is_empty() {
            let _ = Url::revoke_object_url(preview_url);
        }
    }
}
