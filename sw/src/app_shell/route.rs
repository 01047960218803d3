//! Which requests the worker answers, and how: the network for what is sent, the API, the images
//! and the owner's pages; the cache for the shell's files; the network first for a navigation to the
//! page, then the cached page. Pure, so `cargo test` covers it.

/// How one request is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Straight to the network, as if there were no worker.
    Network,
    /// A file of the shell: from the cache, else from the network.
    CacheFirst,
    /// A navigation to the page: the network, and the cached page when the network fails, answers
    /// a server error or takes longer than the timeout.
    NetworkFirst,
}

/// Paths that always go to the network, even navigated to: a person's data (`/api/…`,
/// `/images/…`) and the owner's pages (`/admin…`). What is sent (the form's address, from the
/// worker's config) is neither the page nor a shell file, so it goes there too.
const NETWORK_ONLY: &[&str] = &["/api/", "/admin", "/images/"];

/// `path`: the request's path (without its query); `navigation`: a page load in a tab;
/// `same_origin`: the request goes to the worker's own origin.
pub fn route(path: &str, navigation: bool, same_origin: bool, shell_files: &[String]) -> Route {
    if !same_origin || NETWORK_ONLY.iter().any(|prefix| path.starts_with(prefix)) {
        return Route::Network;
    }
    if path == "/" {
        // The page is the shell only for a tab; anything else fetching it gets the network's.
        return if navigation { Route::NetworkFirst } else { Route::Network };
    }
    if !navigation && shell_files.iter().any(|file| file == path) {
        return Route::CacheFirst;
    }
    // Any other page (none exists but `/` and the owner's) and any other file: the server says.
    Route::Network
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell() -> Vec<String> {
        ["/", "/pkg/outbox.abc.js", "/pkg/outbox.def.wasm", "/icons/icon-192.png", "/manifest.webmanifest"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn a_navigation_to_the_page_tries_the_network_first() {
        assert_eq!(route("/", true, true, &shell()), Route::NetworkFirst);
    }

    #[test]
    fn the_shell_files_come_from_the_cache() {
        for file in ["/pkg/outbox.abc.js", "/pkg/outbox.def.wasm", "/icons/icon-192.png", "/manifest.webmanifest"] {
            assert_eq!(route(file, false, true, &shell()), Route::CacheFirst, "{file}");
        }
    }

    #[test]
    fn what_is_sent_a_persons_data_and_the_owners_pages_always_go_to_the_network() {
        for path in ["/sync", "/sync/batch", "/api/submissions", "/api/export", "/admin", "/images/1/thumb"] {
            assert_eq!(route(path, false, true, &shell()), Route::Network, "{path}");
            assert_eq!(route(path, true, true, &shell()), Route::Network, "{path} as a navigation");
        }
    }

    #[test]
    fn other_origins_files_not_in_the_shell_and_other_pages_go_to_the_network() {
        assert_eq!(route("/pkg/outbox.abc.js", false, false, &shell()), Route::Network);
        assert_eq!(route("/pkg/outbox.old.js", false, true, &shell()), Route::Network);
        assert_eq!(route("/elsewhere", true, true, &shell()), Route::Network);
        assert_eq!(route("/", false, true, &shell()), Route::Network, "the page fetched, not navigated to");
    }
}
