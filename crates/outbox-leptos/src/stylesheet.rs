//! The stylesheet's URL. cargo-leptos names the site's files by their hashes (so they may be cached
//! for good) and lists the hashes in a file beside the server binary; leptos's hydration scripts
//! read it on each render, the stylesheet's link reads it once.

use leptos::config::LeptosOptions;

pub fn href(options: &LeptosOptions) -> String {
    let pkg = &options.site_pkg_dir;
    let name = &options.output_name;
    match css_hash(options) {
        Some(hash) => format!("/{pkg}/{name}.{hash}.css"),
        None => format!("/{pkg}/{name}.css"),
    }
}

#[cfg(feature = "ssr")]
fn css_hash(options: &LeptosOptions) -> Option<String> {
    use std::sync::OnceLock;
    static HASH: OnceLock<Option<String>> = OnceLock::new();
    if !options.hash_files {
        return None;
    }
    HASH.get_or_init(|| {
        let file = std::env::current_exe().ok()?.parent()?.join(&*options.hash_file);
        let hashes = std::fs::read_to_string(file).ok()?;
        hashes
            .lines()
            .find_map(|line| line.split_once(':').filter(|(ext, _)| ext.trim() == "css"))
            .map(|(_, hash)| hash.trim().to_string())
    })
    .clone()
}

#[cfg(not(feature = "ssr"))]
fn css_hash(_: &LeptosOptions) -> Option<String> {
    None
}
