#!/usr/bin/env bash
# First-open report (not a test): search → first result on the e2e host page with the network
# and CPU throttled (four profiles, cold and warm cache) and the bytes on the wire per file,
# against the intake serving dist/ as in production (precompressed variants on) →
# reports/first-open.md. BENCH_RUNS=3 for a quicker run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
[ -f dist/guichet-pane_bg.wasm.br ] || trunk build --release --offline
cargo build -q -p guichet-intake
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d)
GUICHET_RATE_LIMIT=off target/debug/guichet-intake --addr 127.0.0.1:$port --db "$dir/e.db" --static dist >/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
{
  echo "# First open (report, not a test)"
  echo
  echo "\`scripts/bench-first-open.sh\` on $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), headless Chromium $(chromium --version 2>/dev/null | awk '{print $2}'), 2 cores."
  echo
  node scripts/bench/first-open.mjs "http://127.0.0.1:$port" "${BENCH_RUNS:-5}"
} > reports/first-open.md
cat reports/first-open.md
