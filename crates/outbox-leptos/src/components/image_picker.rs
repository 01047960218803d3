//! The optional image: a file picker (`accept="image/*"`, a phone offers its camera), a preview and
//! the size, and a refusal on the page when the image is over the server's limit. Inside an
//! [`super::outbox_form::OutboxForm`], whose next submission carries the picked image.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use outbox_protocol::{form_fields, human_size};

use super::outbox_form::PickedSlot;
use crate::image_limit::max_image_bytes;
use crate::picked_file;

#[component]
pub fn ImagePicker() -> impl IntoView {
    let PickedSlot(picked) = expect_context::<PickedSlot>();
    let input = NodeRef::<Input>::new();
    let max = max_image_bytes();
    let refusal = RwSignal::new(None::<String>);

    let on_change = move |ev: leptos::ev::Event| {
        let element = event_target::<leptos::web_sys::HtmlInputElement>(&ev);
        if let Some(old) = picked.get_untracked() {
            picked_file::release(&old.preview_url);
        }
        picked.set(None);
        refusal.set(None);
        let Some(file) = picked_file::first_file(&element) else {
            return;
        };
        let size = picked_file::size_of(&file);
        if size > max {
            refusal.set(Some(format!(
                "{} is {}; the server takes images up to {}. Pick a smaller one.",
                picked_file::name_of(&file),
                human_size(size),
                human_size(max)
            )));
            element.set_value("");
            return;
        }
        spawn_local(async move {
            match picked_file::read(file).await {
                Ok(image) => picked.set(Some(image)),
                Err(reason) => refusal.set(Some(reason)),
            }
        });
    };

    // A file picked before the page was hydrated (a slow first visit) is taken as if picked now.
    Effect::new(move |_| {
        if let Some(element) = input.get_untracked() {
            if picked_file::first_file(&element).is_some() {
                if let Ok(change) = leptos::web_sys::Event::new("change") {
                    let _ = element.dispatch_event(&change);
                }
            }
        }
    });

    view! {
        <div class="image-picker">
            <label for="image">"Image (optional)"</label>
            <input
                id="image"
                name=form_fields::IMAGE
                type="file"
                accept="image/*"
                node_ref=input
                on:change=on_change
            />
            <span class="hint">{format!("PNG, JPEG, WebP or GIF, up to {}", human_size(max))}</span>
            {move || refusal.get().map(|text| view! { <p class="image-refusal" role="alert">{text}</p> })}
            {move || {
                picked.get().map(|p| {
                    view! {
                        <figure class="image-preview">
                            <img src=p.preview_url alt="the picked image" />
                            <figcaption>
                                <span class="file-name">{p.image.file_name.clone()}</span>
                                " "
                                <span class="image-size">{human_size(p.image.bytes.len() as u64)}</span>
                            </figcaption>
                        </figure>
                    }
                })
            }}
        </div>
    }
}
