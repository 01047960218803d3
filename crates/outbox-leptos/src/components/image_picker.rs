//! The optional images: a file picker for up to `MAX_IMAGES` (`accept="image/*"`, a phone offers
//! its camera), a preview and the size of each, and a refusal on the page when there are too many
//! or one is over the server's limit. Inside an [`super::outbox_form::OutboxForm`], whose next
//! submission carries the picked images, in the order picked.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use outbox_protocol::{form_fields, human_size, MAX_IMAGES};

use super::outbox_form::PickedSlot;
use crate::image_limit::max_image_bytes;
use crate::picked_file::{self, PickedFile};

/// Why these files cannot be sent, in words the person acts on (none: they can).
fn refusal_of(files: &[PickedFile], max: u64) -> Option<String> {
    if files.len() > MAX_IMAGES {
        return Some(format!(
            "You picked {} images; up to {MAX_IMAGES} go with one submission. Pick fewer.",
            files.len()
        ));
    }
    files.iter().find(|file| file.size > max).map(|file| {
        format!(
            "{} is {}; the server takes images up to {}. Pick a smaller one.",
            file.name,
            human_size(file.size),
            human_size(max)
        )
    })
}

#[component]
pub fn ImagePicker() -> impl IntoView {
    let PickedSlot(picked) = expect_context::<PickedSlot>();
    let input = NodeRef::<Input>::new();
    let max = max_image_bytes();
    let refusal = RwSignal::new(None::<String>);

    let on_change = move |ev: leptos::ev::Event| {
        let element = event_target::<leptos::web_sys::HtmlInputElement>(&ev);
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

    // A file picked before the page was hydrated (a slow first visit) is taken as if picked now.
    Effect::new(move |_| {
        if let Some(element) = input.get_untracked() {
            if !picked_file::picked_files(&element).is_empty() {
                if let Ok(change) = leptos::web_sys::Event::new("change") {
                    let _ = element.dispatch_event(&change);
                }
            }
        }
    });

    view! {
        <div class="image-picker">
            <label for="image">"Images (optional)"</label>
            <input
                id="image"
                name=form_fields::IMAGE
                type="file"
                accept="image/*"
                multiple
                node_ref=input
                on:change=on_change
            />
            <span class="hint">
                {format!("Up to {MAX_IMAGES}: PNG, JPEG, WebP or GIF, each up to {}", human_size(max))}
            </span>
            {move || refusal.get().map(|text| view! { <p class="image-refusal" role="alert">{text}</p> })}
            {move || {
                picked
                    .get()
                    .into_iter()
                    .map(|p| {
                        view! {
                            <figure class="image-preview">
                                <img src=p.preview_url alt=format!("the picked image {}", p.image.file_name) />
                                <figcaption>
                                    <span class="file-name">{p.image.file_name.clone()}</span>
                                    " "
                                    <span class="image-size">{human_size(p.image.bytes.len() as u64)}</span>
                                </figcaption>
                            </figure>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
