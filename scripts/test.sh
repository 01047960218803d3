#!/usr/bin/env bash
# Sets up what is missing (Chromium, PostgreSQL, wrk too), then runs every check: rustfmt, clippy
# with warnings as errors, the end-to-end suite's types (tsc, strict), the Rust tests of the
# workspace (the store suite on SQLite and on PostgreSQL), the Playwright suite against a freshly
# built release server, once on SQLite and once on PostgreSQL (with the wasm size budgets), and a
# smoke run of the benchmark (tiny counts, so that it cannot rot). The example app in
# examples/inspection and examples/feedback (written from the README alone) are checked and built too,
# and their specs run in every engine. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser --postgres --bench

# A throw-away PostgreSQL for the store suite and the Playwright projects on PostgreSQL.
OUTBOX_TEST_POSTGRES_URL=$(bash scripts/postgres.sh start)
export OUTBOX_TEST_POSTGRES_URL
trap 'bash scripts/postgres.sh stop' EXIT

started=$(date +%s)
echo "== cargo fmt --check"
cargo fmt --all --check
echo "== cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings
echo "== tsc --noEmit (the end-to-end suite, strict)"
(cd end2end && npx tsc --noEmit -p .)

echo "== cargo doc: the library crates' public items, each documented (-D missing_docs), links whole"
for crate_features in outbox-protocol:serde,browser outbox-browser: outbox-leptos:ssr outbox-leptos:hydrate outbox-axum:; do
  RUSTDOCFLAGS="-D warnings -D missing_docs" cargo doc --no-deps --quiet -p "${crate_features%%:*}" --features "${crate_features#*:}"
done

echo "== cargo test --workspace"
cargo test --workspace
echo "== the protocol's JSON.parse adapter, in wasm (wasm-bindgen-test-runner, Node.js)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p outbox-protocol --features browser --target wasm32-unknown-unknown

echo "== cargo leptos build --release --precompress"
cargo leptos build --release --precompress
echo "== the example app (examples/inspection, its own workspace on the same crates): fmt, clippy, build"
# (binaryen's wasm-opt from the root's npm packages: cargo-leptos finds it on PATH there only.)
(cd examples/inspection \
  && cargo fmt --check \
  && cargo clippy --all-targets --features ssr -- -D warnings \
  && PATH="$PWD/../../node_modules/.bin:$PATH" cargo leptos build --release --precompress)
echo "== the app written from the README alone (examples/feedback): fmt, clippy, build"
(cd examples/feedback \
  && cargo fmt --check \
  && cargo clippy --all-targets --features ssr -- -D warnings \
  && PATH="$PWD/../../node_modules/.bin:$PATH" cargo leptos build --release --precompress)

echo "== Playwright"
(cd end2end && npx playwright test "$@")

echo "== benchmark, smoke run"
bash scripts/bench.sh --smoke
echo "all tests passed in $(( $(date +%s) - started )) s"
