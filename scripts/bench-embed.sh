#!/usr/bin/env bash
# Embed report (not a test): loader and pane bytes (raw and brotli -q 11), and time from
# Guichet.open() to interactive in headless Chromium, cold and warm cache.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
[ -f dist/guichet-manifest.json ] || trunk build --release --offline
cargo build -q -p guichet-intake
size() { printf '%-28s %9s bytes raw %9s bytes brotli\n' "$1" "$(wc -c < "dist/$1")" "$(brotli -q 11 -c "dist/$1" | wc -c)"; }
pane=$(python3 -c 'import json; m=json.load(open("dist/guichet-manifest.json")); print(m["js"], m["wasm"], m["css"])')
for f in guichet.js $pane bundle/help-center.en.json bundle/help-center.fr.json bundle/directory.json; do size "$f"; done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d)
# dist/ and the e2e host page served together (Playwright's request routing would turn the
# browser's HTTP cache off, and the warm-cache figure with it); `cp -a` keeps file times.
cp -a dist "$dir/site"
mkdir -p "$dir/site/host-test/home"
cp tests/e2e/host/index.html "$dir/site/host-test/home/index.html"
cp tests/e2e/host/hostile.css tests/e2e/host/router.js "$dir/site/host-test/"
GUICHET_RATE_LIMIT=off target/debug/guichet-intake --addr 127.0.0.1:$port --db "$dir/e.db" --static "$dir/site" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
node scripts/bench/embed.mjs "http://127.0.0.1:$port"
