#!/usr/bin/env bash
# What each JSON codec costs a wasm file, measured as the worker is built (opt-level z, fat LTO,
# panic=abort, wasm-bindgen, wasm-opt -Oz, gzip -9): prints a Markdown table. The variants are in
# crates/outbox-protocol/codec-size/src/lib.rs; each reads a page's message, the worker's config and a batch's
# answer and writes a delivery and a report.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue"
export CARGO_TARGET_DIR=$root/target/codec-size
out=$CARGO_TARGET_DIR/out
echo "| variant | wasm | wasm gzip -9 | over the bare boundary | glue JS gzip -9 |"
echo "|---|---:|---:|---:|---:|"
base=
for variant in base hand sj swb lean; do
  flags=()
  [ "$variant" != base ] && flags=(--features "$variant")
  (cd crates/outbox-protocol/codec-size && cargo build -q --release --target wasm32-unknown-unknown "${flags[@]}")
  rm -rf "$out" && wasm-bindgen --target no-modules --out-dir "$out" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/codec_size.wasm"
  # shellcheck disable=SC2086
  node_modules/.bin/wasm-opt -Oz $features "$out/codec_size_bg.wasm" -o "$out/opt.wasm"
  size=$(stat -c %s "$out/opt.wasm")
  gz=$(gzip -9c "$out/opt.wasm" | wc -c)
  js=$(gzip -9c "$out/codec_size.js" | wc -c)
  [ -z "$base" ] && base=$gz
  echo "| $variant | $size B | $gz B | $((gz - base)) B | $js B |"
done
