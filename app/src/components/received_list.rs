//! What the server has received, newest first; read again whenever the worker reports a delivery.

use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::received::{recent, RecentRecords, PAGE_LIST_LIMIT};

#[component]
pub fn ReceivedList(refresh: RwSignal<u32>) -> impl IntoView {
    let received = Resource::new_str(move || refresh.get(), |_| recent());
    view! {
        <section class="received">
            <h2>"Received by the server"</h2>
            <p class="hint">{format!("The {PAGE_LIST_LIMIT} newest.")}</p>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match received.await {
                        RecentRecords::Records(list) if list.is_empty() => {
                            EitherOf3::A(view! { <p class="empty">"Nothing yet."</p> })
                        }
                        RecentRecords::Records(list) => {
                            EitherOf3::B(view! {
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
                                                    <time datetime=r.received_at.clone()>{r.received_at.clone()}</time>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            })
                        }
                        RecentRecords::Unavailable(e) => {
                            EitherOf3::C(view! { <p class="error">{format!("cannot read the server's list: {e}")}</p> })
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
