//! The app shell: what a page needs to open with no network (`/` as rendered for nobody, the
//! hydration JS and wasm, the CSS, the icons, the manifest, and the page that answers a form posted
//! with no server, `/queued`), listed with a hash of each file when the server starts. Its version
//! (those hashes, the worker's own build and an optional release name) goes into the worker script
//! with the rest of its config (one JSON value), so a new build is a new worker that caches the new
//! shell, and a build that changed nothing is the same script: the browser caches nothing again.

use std::path::{Path, PathBuf};

use outbox_protocol::{FormRoute, WorkerConfig};
use sha2::{Digest, Sha256};

/// The worker's own build (a hash of its glue and wasm, by `build.rs`).
const WORKER_BUILD: &str = include_str!(concat!(env!("OUT_DIR"), "/sw/version.txt"));

/// The app shell the worker caches at install: what a page needs to open with no network, listed
/// with its version (`AppShell::scan` at start-up).
#[derive(Debug, Clone)]
pub struct AppShell {
    /// A hash of everything below, 16 hex digits.
    pub version: String,
    /// The URLs cached at install, `/` first, `/queued` second.
    pub files: Vec<String>,
    /// The site files whose names carry their hash (cargo-leptos's `hash-files`), which may be
    /// cached for good.
    pub hashed_files: Vec<String>,
    /// How long a navigation waits for the network before the worker answers from the cache.
    pub navigation_timeout_ms: u64,
}

/// How long a navigation waits for the network, unless `OUTBOX_NAVIGATION_TIMEOUT_MS` says.
pub const DEFAULT_NAVIGATION_TIMEOUT_MS: u64 = 3_000;
/// The IndexedDB database of the worker's outbox (every form's entries; queues in browsers have it).
pub const OUTBOX_DATABASE: &str = "outbox";

impl AppShell {
    /// Lists the built site under `site_root` (its precompressed `.br`/`.gz` twins and `.d.ts`
    /// declarations aside).
    /// `hash_file`: cargo-leptos's list of the hashes in the site's file names, if it hashed them.
    pub fn scan(
        site_root: &Path,
        hash_file: Option<&Path>,
        release_name: Option<&str>,
        navigation_timeout_ms: u64,
    ) -> std::io::Result<Self> {
        let mut paths = Vec::new();
        list_files(site_root, &mut paths)?;
        paths.sort();
        let mut version = Sha256::new();
        version.update(WORKER_BUILD.trim());
        version.update([0]);
        version.update(release_name.unwrap_or_default());
        version.update(navigation_timeout_ms.to_le_bytes());
        let mut files = vec!["/".to_string(), crate::routes::QUEUED_PAGE.to_string()];
        for path in &paths {
            let url = url_of(site_root, path);
            version.update(&url);
            version.update(Sha256::digest(std::fs::read(path)?));
            files.push(url);
        }
        let hashes = match hash_file {
            Some(file) => std::fs::read_to_string(file)?,
            None => String::new(),
        };
        let hashed_files = files.iter().filter(|url| carries_hash(url, &hashes)).cloned().collect();
        let version = hex(&version.finalize()[..8]);
        Ok(Self { version, files, hashed_files, navigation_timeout_ms })
    }

    /// What the worker is told (`outbox_protocol::WorkerConfig`): this shell, and the routes of
    /// the forms it delivers (the default first), one outbox database for all.
    pub fn worker_config(&self, forms: Vec<FormRoute>) -> WorkerConfig {
        WorkerConfig {
            version: self.version.clone(),
            shell_files: self.files.clone(),
            navigation_timeout_ms: self.navigation_timeout_ms,
            database: OUTBOX_DATABASE.into(),
            forms,
        }
    }

    /// The worker's JS shim with its config in: one JSON value in place of `__OUTBOX_CONFIG__`.
    pub fn stamp(&self, shim: &str, forms: Vec<FormRoute>) -> String {
        let config = serde_json::to_string(&self.worker_config(forms)).expect("the config is plain data");
        shim.replace("__OUTBOX_CONFIG__", &config)
    }

    /// Whether `path` names a file whose name carries its hash (cached for good).
    pub(crate) fn is_hashed(&self, path: &str) -> bool {
        self.hashed_files.iter().any(|f| f == path)
    }
}

/// A site file is named `name.<hash>.<ext>` when cargo-leptos hashed it, and `hash.txt` lists
/// each hash as `<ext>: <hash>`.
fn carries_hash(url: &str, hashes: &str) -> bool {
    hashes.lines().filter_map(|line| line.split_once(':')).any(|(ext, hash)| {
        let (ext, hash) = (ext.trim(), hash.trim());
        !hash.is_empty() && url.ends_with(&format!(".{hash}.{ext}"))
    })
}

fn list_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        // Hidden files, compressed twins, and wasm-bindgen's TypeScript declarations: no page needs them.
        if name.starts_with('.') || [".br", ".gz", ".ts"].iter().any(|ext| name.ends_with(ext)) {
            continue;
        }
        if path.is_dir() {
            list_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn url_of(site_root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(site_root).unwrap_or(path);
    let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    format!("/{}", parts.join("/"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A built site in `site/`, and cargo-leptos's hash file beside it (it lives by the binary).
    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        std::fs::create_dir_all(site.join("icons")).unwrap();
        std::fs::write(site.join("pkg/outbox.abc.js"), "js").unwrap();
        std::fs::write(site.join("pkg/outbox.abc.js.br"), "compressed").unwrap();
        std::fs::write(site.join("pkg/outbox.def.wasm"), "wasm").unwrap();
        std::fs::write(site.join("pkg/outbox.d.xyz.ts"), "declarations").unwrap();
        std::fs::write(site.join("icons/icon-192.png"), "png").unwrap();
        std::fs::write(site.join("manifest.webmanifest"), "{}").unwrap();
        std::fs::write(dir.path().join("hash.txt"), "js: abc\nwasm: def\ncss: ghi\n").unwrap();
        dir
    }

    fn scan(dir: &Path, release: Option<&str>) -> AppShell {
        AppShell::scan(&dir.join("site"), Some(&dir.join("hash.txt")), release, DEFAULT_NAVIGATION_TIMEOUT_MS).unwrap()
    }

    #[test]
    fn lists_the_page_and_every_site_file_but_the_compressed_twins_and_declarations() {
        let dir = site();
        let shell = scan(dir.path(), None);
        assert_eq!(
            shell.files,
            [
                "/",
                "/queued",
                "/icons/icon-192.png",
                "/manifest.webmanifest",
                "/pkg/outbox.abc.js",
                "/pkg/outbox.def.wasm"
            ]
        );
        assert_eq!(shell.hashed_files, ["/pkg/outbox.abc.js", "/pkg/outbox.def.wasm"]);
        assert!(shell.is_hashed("/pkg/outbox.abc.js") && !shell.is_hashed("/manifest.webmanifest"));
    }

    #[test]
    fn the_version_changes_with_any_file_or_the_release_name_and_only_then() {
        let dir = site();
        let first = scan(dir.path(), None);
        assert_eq!(first.version, scan(dir.path(), None).version, "nothing changed: the same worker");
        assert_ne!(first.version, scan(dir.path(), Some("next")).version);
        std::fs::write(dir.path().join("site/icons/icon-192.png"), "another png").unwrap();
        assert_ne!(first.version, scan(dir.path(), None).version);
    }

    #[test]
    fn puts_the_config_into_the_shim_as_one_json_value() {
        let dir = site();
        let shell = scan(dir.path(), None);
        let stamped = shell.stamp(
            "const OUTBOX = __OUTBOX_CONFIG__;",
            vec![crate::routes::scheme::form_route("tutorial", true, None)],
        );
        let json = stamped.strip_prefix("const OUTBOX = ").and_then(|s| s.strip_suffix(';')).unwrap();
        let config: WorkerConfig = serde_json::from_str(json).unwrap();
        assert_eq!(config.version, shell.version);
        assert_eq!(config.shell_files, shell.files);
        assert_eq!(config.navigation_timeout_ms, 3000);
        assert_eq!(
            (config.database.as_str(), config.forms),
            (OUTBOX_DATABASE, vec![crate::routes::scheme::form_route("tutorial", true, None)])
        );
    }
}
