//! The status region: where each of this page's submissions stands, as the worker reports it.

use leptos::prelude::*;

use crate::submission_status::StatusBoard;

#[component]
pub fn StatusView(board: RwSignal<StatusBoard>) -> impl IntoView {
    view! {
        <section class="status" role="status" aria-live="polite">
            <h2>"Your submissions"</h2>
            {move || board.with(|b| b.notice.clone()).map(|text| view! { <p class="notice">{text}</p> })}
            <ul class="submissions">
                {move || {
                    board
                        .get()
                        .submissions
                        .into_iter()
                        .map(|s| {
                            view! {
                                <li data-id=s.id.to_string() class=s.status.css_class()>
                                    <span class="name">{s.name}</span>
                                    " — "
                                    <span class="stage">{s.status.label()}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
