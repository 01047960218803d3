#!/usr/bin/env bash
# Sets up what is missing, then runs Outbox with live rebuilds on http://127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec cargo leptos watch
