#!/usr/bin/env bash
# First-open report (not a test): search → first result on the e2e host page with the network
# and CPU throttled (four profiles, cold and warm cache) and the bytes on the wire per file,
# against the intake serving dist/ as in production (precompressed variants on) →
# reports/first-open.md. BENCH_RUNS=3 for a quicker run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
[ -f dist/guichet-manifest.json ] || trunk build --release --offline
cargo build -q -p guichet-intake
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d)
# dist/ and the e2e host page served together by the intake (Playwright's request routing
# would turn the browser's HTTP cache off, and the warm-cache figures with it); `cp -a` keeps
# the times that tell fresh precompressed variants from stale ones.
cp -a dist "$dir/site"
mkdir -p "$dir/site/host-test/home"
cp tests/e2e/host/index.html "$dir/site/host-test/home/index.html"
cp tests/e2e/host/hostile.css tests/e2e/host/router.js "$dir/site/host-test/"
# BENCH_PLAIN=1: without the precompressed variants (every file as it is), for comparison.
if [ -n "${BENCH_PLAIN:-}" ]; then find "$dir/site" \( -name '*.br' -o -name '*.gz' \) -delete; fi
GUICHET_RATE_LIMIT=off target/debug/guichet-intake --addr 127.0.0.1:$port --db "$dir/e.db" --static "$dir/site" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
{
  echo "# First open (report, not a test)"
  echo
  echo "\`scripts/bench-first-open.sh\` on $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), headless Chromium $(chromium --version 2>/dev/null | awk '{print $2}'), 2 cores."
  echo
  node scripts/bench/first-open.mjs "http://127.0.0.1:$port" "${BENCH_RUNS:-5}"
} > "${BENCH_REPORT:-reports/first-open.md}"
cat "${BENCH_REPORT:-reports/first-open.md}"
