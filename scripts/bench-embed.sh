#!/usr/bin/env bash
# Embed report (not a test): loader and pane bytes (raw and brotli -q 11), and time from
# Guichet.open() to interactive in headless Chromium, cold and warm cache.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench/host-site.sh
size() { printf '%-28s %9s bytes raw %9s bytes brotli\n' "$1" "$(wc -c < "dist/$1")" "$(brotli -q 11 -c "dist/$1" | wc -c)"; }
pane=$(python3 -c 'import json; m=json.load(open("dist/guichet-manifest.json")); print(m["js"], m["wasm"], m["css"])')
for f in guichet.js $pane bundle/help-center.en.json bundle/help-center.fr.json bundle/directory.json; do size "$f"; done
node scripts/bench/embed.mjs "$base"
