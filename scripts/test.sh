#!/usr/bin/env bash
# Sets up what is missing (Chromium too), then runs every test: the Rust tests of the workspace and
# the Playwright suite against a freshly built release server. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser

started=$(date +%s)
echo "== cargo test --workspace"
cargo test --workspace

echo "== cargo leptos build --release"
cargo leptos build --release

echo "== Playwright"
(cd end2end && npx playwright test "$@")
echo "all tests passed in $(( $(date +%s) - started )) s"
