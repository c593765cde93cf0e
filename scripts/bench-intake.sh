#!/usr/bin/env bash
# Intake durability and throughput report (not a test): wrk posts valid tickets with unique
# idempotency keys on loopback, then kill9.py kills the server during a load and checks that no
# acknowledged ticket is lost or duplicated. Prints the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -q -p guichet-intake
bin=target/release/guichet-intake
dir=$(mktemp -d)
port=${PORT:-18080}
GUICHET_RATE_LIMIT=off $bin --addr 127.0.0.1:$port --db "$dir/bench.db" >/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
duration=${DURATION:-20}
echo "== wrk: ${duration}s, 2 threads, ${CONNECTIONS:-32} connections, POST /api/tickets (each a durable SQLite commit)"
wrk -t2 -c"${CONNECTIONS:-32}" -d"${duration}s" --latency -s scripts/bench/post-ticket.lua "http://127.0.0.1:$port/api/tickets"
rows=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from tickets').fetchone()[0])" "$dir/bench.db")
echo "tickets stored: $rows ($(python3 -c "print(round($rows/$duration))") durable tickets/s)"
kill $pid; wait $pid 2>/dev/null || true
echo "== kill -9 during load"
python3 scripts/bench/kill9.py "$bin" "$dir/kill9.db" $((port + 1))
