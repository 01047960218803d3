#!/usr/bin/env bash
# Packages the five crates an app uses (`cargo package`, each built from its package alone):
# outbox-protocol, outbox-browser, outbox-sw, outbox-leptos, outbox-axum. outbox-axum carries the worker built in
# release (its files in crates/outbox-axum/worker/, not in git): outside this workspace its build
# script has no worker crate to build. Extra arguments go to `cargo package` (e.g. --no-verify).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -p outbox-axum --release
built=$(ls -td target/release/build/outbox-axum-*/out/sw | head -1)
mkdir -p crates/outbox-axum/worker
cp "$built"/sw.js "$built"/outbox_sw.js "$built"/outbox_sw_bg.wasm crates/outbox-axum/worker/
# --allow-dirty: the worker's files are built, not committed.
cargo package --allow-dirty -p outbox-protocol -p outbox-browser -p outbox-sw -p outbox-leptos -p outbox-axum "$@"
