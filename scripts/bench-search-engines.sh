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
# Real help centers, when the shared corpus is there (benchmark input only; a clone without it
# benchmarks the default and synthetic help centers): its English pages, and its French pages
# (each with its English original), imported as a portal would, with our labelled queries.
shared="${HELP_CENTER_CORPUS:-../shared/reference/help-center-corpus}"
real=()
if [ -d "$shared/docs" ]; then
  for c in "docs:$shared/docs:docs-en" "fr-docs:$shared/fr/docs:fr-docs-fr"; do
    IFS=: read -r name src set <<<"$c"
    target/release/guichet-content import-docs --src "$src" --out "$out/real-$name/articles" --includes "$shared/includes" >"$out/import-$name.txt"
    sed -n '1,3p' "$out/import-$name.txt"
    real+=(--corpus "$name=$out/real-$name,scripts/bench/corpus/$set.tsv")
  done
else
  echo "no $shared: real help centers left out" >&2
fi
target/release/guichet-content export-bench --out "$out" --articles "$sizes" "${real[@]}"
for site in "$out"/html/*/; do
  corpus=$(basename "$site")
  node_modules/@pagefind/linux-x64/bin/pagefind_extended --site "$site" --output-path "$out/pagefind-$corpus" >/dev/null
done
node scripts/bench/engines.mjs "$out" reports/search-engines.md
