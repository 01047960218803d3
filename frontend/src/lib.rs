//! The browser's entry point: hydrate the page the server rendered.

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // A panic's message in the console in debug builds (`cargo leptos watch`); in release a panic
    // still shows as an error there, without its message: the hook cost the page 0.9 KB gzip.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
