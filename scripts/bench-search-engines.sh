#!/usr/bin/env bash
# Side-by-side search benchmark (a report, not a test): Guichet vs MiniSearch, FlexSearch,
# Lunr + lunr-languages and Pagefind in the same headless Chromium. Writes
# reports/search-engines.md. Needs what scripts/setup.sh installs (wasm32 target,
# Pagefind from the optional npm package @pagefind/linux-x64 (x86-64 Linux only),
# wasm-bindgen-cli, npm packages, Chromium). Takes several minutes (20k articles).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
out=target/bench-search
sizes="${BENCH_ARTICLES:-1000,20000}"
cargo build -q --release -p guichet-cli
cargo build -q -p guichet-search-wasm --target wasm32-unknown-unknown --profile wasm-release
rm -rf "$out" && mkdir -p "$out/guichet"
wasm-bindgen --target web --no-typescript --out-dir "$out/guichet" target/wasm32-unknown-unknown/wasm-release/guichet_search_wasm.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  -o "$out/guichet/guichet_search_wasm_bg.wasm" "$out/guichet/guichet_search_wasm_bg.wasm"
target/release/guichet-content export-bench --out "$out" --articles "$sizes"
for corpus in labelled-fr labelled-en $(echo "$sizes" | tr ',' '\n' | awk '{ print ($1 % 1000 == 0) ? $1/1000 "k" : $1 }'); do
  node_modules/@pagefind/linux-x64/bin/pagefind_extended --site "$out/html/$corpus" --output-path "$out/pagefind-$corpus" >/dev/null
done
node scripts/bench/engines.mjs "$out" reports/search-engines.md
