//! The form: a name, an optional image and the `sync` button.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outbox_protocol::name_or_anonymous;

use super::image_picker::ImagePicker;
use crate::picked_file::{self, PickedImage};
use crate::submission_status::{StatusBoard, SubmissionStatus};
use crate::{acknowledgement_watch, worker_bridge};

#[component]
pub fn SubmitForm(board: RwSignal<StatusBoard>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let picked = RwSignal::new(None::<PickedImage>);
    let file_input = NodeRef::<leptos::html::Input>::new();

    let send = move |_| {
        let id = worker_bridge::new_id();
        let typed = name.get_untracked();
        let shown = name_or_anonymous(typed.trim().to_string());
        board.update(|b| b.start(id, shown));
        name.set(String::new());
        let image = picked.get_untracked().map(|p| {
            picked_file::release(&p.preview_url);
            p.image
        });
        picked.set(None);
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
        }
        spawn_local(async move {
            match worker_bridge::submit(id, typed, image).await {
                Ok(posted) => acknowledgement_watch::watch(board, id, posted).await,
                Err(reason) => board.update(|b| b.set_status(id, SubmissionStatus::Failed(reason))),
            }
        });
    };

    view! {
        <form class="submit-form" on:submit=|ev| ev.prevent_default()>
            <label for="input">"Name"</label>
            <input id="input" type="text" autocomplete="off" bind:value=name />
            <ImagePicker picked input=file_input />
            <button type="button" class="J_sync_event" on:click=send>"sync"</button>
        </form>
    }
}
