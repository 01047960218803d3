//! The optional images: a file picker for up to `MAX_IMAGES` (`accept="image/*"`, a phone offers
//! its camera), a preview and the size of each, and a refusal on the page when there are too many
//! or one is over the server's limit. Inside an [`super::outbox_form::OutboxForm`], whose next
//! submission carries the picked images, in the order picked.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::HtmlInputElement;
use outbox_protocol::{form_fields, human_size, MAX_IMAGES};

use super::outbox_form::PickedSlot;
use crate::client_dom::{self, Node};
use crate::image_limit::max_image_bytes;
use crate::picked_file::{self, PickedFile, PickedImage};
use crate::texts::{tf, words};

/// Why these files cannot be sent, in words the person acts on (none: they can).
fn refusal_of(files: &[PickedFile], max: u64) -> Option<String> {
    if files.len() > MAX_IMAGES {
        let (n, max) = (files.len().to_string(), MAX_IMAGES.to_string());
        return Some(tf("images.too_many", &[("{n}", &n), ("{max}", &max)]));
    }
    files.iter().find(|file| file.size > max).map(|file| {
        let (size, max) = (human_size(file.size), human_size(max));
        tf("images.too_large", &[("{name}", &file.name), ("{size}", &size), ("{max}", &max)])
    })
}

/// The file input's id, and the places of the refusal and the previews (one picker per page; the
/// effects find them by these once hydrated: a node ref per element type cost the page's wasm
/// about 1 KB gzip, measured).
const INPUT_ID: &str = "image";
const PREVIEWS_ID: &str = "image-previews";
const REFUSAL_ID: &str = "image-refusal";

/// The form's optional images: a file input (up to `MAX_IMAGES`, each within the server's limit),
/// their previews, and a refusal in words when a pick does not fit. Inside an `OutboxForm`.
#[component]
pub fn ImagePicker() -> impl IntoView {
    let PickedSlot(picked) = expect_context::<PickedSlot>();
    let max = max_image_bytes();
    let refusal = RwSignal::new(None::<String>);

    let on_change = move |ev: leptos::ev::Event| {
        let element = event_target::<HtmlInputElement>(&ev);
        for old in picked.get_untracked() {
            picked_file::release(&old.preview_url);
        }
        picked.set(Vec::new());
        let files = picked_file::picked_files(&element);
        refusal.set(refusal_of(&files, max));
        if refusal.get_untracked().is_some() {
            element.set_value("");
            return;
        }
        spawn_local(async move {
            let mut images = Vec::with_capacity(files.len());
            for file in files {
                match file.read().await {
                    Ok(image) => images.push(image),
                    Err(reason) => return refusal.set(Some(reason)),
                }
            }
            picked.set(images);
        });
    };

    // The refusal and the previews follow their signals (drawn in the browser only: `client_dom`).
    client_dom::draw(REFUSAL_ID, move || {
        let text = refusal.get();
        Some(
            text.iter()
                .map(|text| Node::new("p").class("image-refusal").attr("role", "alert").text(text).element())
                .collect(),
        )
    });
    client_dom::draw(PREVIEWS_ID, move || Some(picked.with(|picked| picked.iter().map(preview).collect())));

    // A file picked before the page was hydrated (a slow first visit) is taken as if picked now.
    Effect::new(move |_| {
        if let Some(element) = client_dom::by_id(INPUT_ID).and_then(|e| e.dyn_into::<HtmlInputElement>().ok()) {
            if !picked_file::picked_files(&element).is_empty() {
                if let Ok(change) = leptos::web_sys::Event::new("change") {
                    let _ = element.dispatch_event(&change);
                }
            }
        }
    });

    view! {
        <div class="image-picker">
            <label for=INPUT_ID>{words("images.label", &[])}</label>
            <input
                id=INPUT_ID
                name=form_fields::IMAGE
                type="file"
                accept="image/*"
                multiple
                on:change=on_change
            />
            <span class="hint">
                {words("images.hint", &[("{max}", &MAX_IMAGES.to_string()), ("{size}", &human_size(max))])}
            </span>
            <div id=REFUSAL_ID></div>
            <div id=PREVIEWS_ID class="image-previews"></div>
        </div>
    }
}

/// One picked image's preview: the image, its name and size.
fn preview(picked: &PickedImage) -> leptos::web_sys::Element {
    let name = &picked.image.file_name;
    Node::new("figure")
        .class("image-preview")
        .child(
            Node::new("img").attr("src", &picked.preview_url).attr("alt", &tf("images.preview", &[("{name}", name)])),
        )
        .child(
            Node::new("figcaption")
                .child(Node::new("span").class("file-name").text(name))
                .text(" ")
                .child(Node::new("span").class("image-size").text(&human_size(picked.image.bytes.len() as u64))),
        )
        .element()
}
