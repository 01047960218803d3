#!/usr/bin/env bash
# Installs what Outbox needs on a Debian machine, skipping what is already there at the right
# version: the wasm target, cargo-leptos, wasm-bindgen-cli (the version in Cargo.lock), binaryen
# (wasm-opt, from npm: package.json at the root) and the end-to-end npm packages. With --browser,
# --postgres, --bench also the browsers (Chromium, Firefox ESR, WebKitGTK), PostgreSQL, and the
# load generator wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.11
want_browser=false
want_postgres=false
want_bench=false
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=true ;;
    --postgres) want_postgres=true ;;
    --bench) want_bench=true ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages.
packages=()
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
command -v cc >/dev/null || packages+=(build-essential)
if $want_browser; then
  # The three engines of the end-to-end suite, all from Debian (no browser is downloaded):
  # Chromium, Firefox ESR, and WebKitGTK's WebDriver with its MiniBrowser, which needs Xvfb.
  command -v chromium >/dev/null || packages+=(chromium)
  command -v firefox-esr >/dev/null || packages+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null || packages+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null || packages+=(xvfb xauth)
fi
$want_postgres && { [ -x /usr/lib/postgresql/15/bin/pg_ctl ] || packages+=(postgresql); }
$want_bench && { command -v wrk >/dev/null || packages+=(wrk); }
if [ ${#packages[@]} -gt 0 ]; then
  say "installing Debian packages: ${packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# Rust: the wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# cargo-leptos (about 20 minutes to compile, once).
if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (compiles for a while, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --ignore-rust-version
fi

# wasm-bindgen-cli: must equal the wasm-bindgen crate in Cargo.lock exactly.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version"
  # Without --locked: one crate of its lock file is missing from the registry.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

# npm packages: binaryen's wasm-opt at the root (build), Playwright in end2end/ (tests; it downloads
# no browser: the system Chromium is used). Each is reinstalled only when its lock file changed.
for dir in . end2end; do
  lock_sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$dir/node_modules/.outbox-lock-sum" 2>/dev/null)" != "$lock_sum" ]; then
    say "installing the npm packages of $dir"
    (cd "$dir" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund)
    echo "$lock_sum" > "$dir/node_modules/.outbox-lock-sum"
  fi
done

say "ready"
