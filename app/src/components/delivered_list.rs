//! The person's own submissions, as the server recorded them: read from the worker's report (it
//! keeps what this browser delivered), never from the server, which shows nobody's records.

use leptos::either::Either;
use leptos::prelude::*;

use crate::local_time::date_and_time;
use crate::submission_status::StatusBoard;

#[component]
pub fn DeliveredList(board: RwSignal<StatusBoard>) -> impl IntoView {
    let delivered = move || board.with(|b| b.outbox.as_ref().map(|o| o.delivered.clone()).unwrap_or_default());
    view! {
        <section class="received">
            <h2>"Your submissions"</h2>
            <p class="hint">"What this browser delivered, as the server recorded it (kept here for 30 days). Nobody else sees them."</p>
            {move || {
                let list = delivered();
                if list.is_empty() {
                    return Either::Left(view! { <p class="empty">"Nothing yet."</p> });
                }
                Either::Right(view! {
                    <ul id="received">
                        {list
                            .into_iter()
                            .map(|r| {
                                let image = r.thumbnail_url.clone().zip(r.image_url.clone()).map(|(thumbnail, original)| {
                                    view! {
                                        <a class="image" href=original target="_blank">
                                            <img class="thumbnail" src=thumbnail alt=format!("the image sent with {}", r.name) />
                                        </a>
                                    }
                                });
                                view! {
                                    <li data-id=r.id.to_string()>
                                        {image}
                                        <span class="name">{r.name}</span>
                                        " "
                                        <time datetime=r.received_at.clone()>{date_and_time(&r.received_at)}</time>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                })
            }}
        </section>
    }
}
