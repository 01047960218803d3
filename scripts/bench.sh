#!/usr/bin/env bash
# Outbox's performance table: sets up what is missing (Chromium, PostgreSQL, wrk), builds in
# release, starts PostgreSQL on loopback, runs the benchmark specs (end2end/bench/) and prints a
# Markdown table, also written to target/bench/results.json. `--smoke` runs every figure with tiny
# counts (CI does, so the benchmark cannot rot); the figures of a smoke run mean nothing. `--soak`
# runs only the soak: 10 minutes of mixed load, reporting what was served, the errors by status, and
# the server's memory and open files at the start and the end (not in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=0
soak=0
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1 ;;
    --soak) soak=1 ;;
    *) echo "usage: $0 [--smoke | --soak]" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh --browser --postgres --bench
cargo leptos build --release --precompress

# The caller's PostgreSQL (scripts/test.sh has one running), else a throw-away one.
if [ -z "${OUTBOX_TEST_POSTGRES_URL:-}" ]; then
  OUTBOX_TEST_POSTGRES_URL=$(bash scripts/postgres.sh start)
  export OUTBOX_TEST_POSTGRES_URL
  trap 'bash scripts/postgres.sh stop' EXIT
fi

rm -rf target/bench && mkdir -p target/bench
# The Workbox reference (end2end/bench/workbox/): its worker bundled from the pinned npm packages,
# served by the release server at /peer/ (OUTBOX_PEER_DIR, set by the benchmark's specs).
(cd end2end && npx esbuild bench/workbox/sw.js --bundle --minify --define:process.env.NODE_ENV='"production"' \
  --log-level=warning --outfile=../target/bench/peer/sw.js)
cp end2end/bench/workbox/index.html end2end/bench/workbox/page.js target/bench/peer/
export OUTBOX_BENCH_SMOKE=$smoke
if [ "$soak" = 1 ]; then
  (cd end2end && OUTBOX_BENCH_SOAK=1 npx playwright test --config bench.config.ts bench/soak.bench.ts)
else
  (cd end2end && npx playwright test --config bench.config.ts)
fi
node end2end/bench/report.mjs
