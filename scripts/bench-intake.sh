#!/usr/bin/env bash
# Intake durability and throughput report (not a test): wrk posts valid tickets with unique
# idempotency keys on loopback, then kill9.py kills the server during a load and checks that no
# acknowledged ticket is lost or duplicated. Prints the figures. The servers log as in
# production (GUICHET_LOG, default info: one JSON access line per request) to files, not the
# terminal; GUICHET_LOG=warn measures without access logs.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -q -p guichet-intake
bin=target/release/guichet-intake
dir=$(mktemp -d)
port=${PORT:-18080}
export GUICHET_LOG=${GUICHET_LOG:-info}
echo "logging: GUICHET_LOG=$GUICHET_LOG"
GUICHET_RATE_LIMIT=off $bin --addr 127.0.0.1:$port --db "$dir/bench.db" >/dev/null 2>"$dir/sqlite.log" &
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

# PostgreSQL: one replica, then two replicas on the same database (PG 15 from Debian, started
# here in a temporary folder on a Unix socket, fsync on).
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgdir=$(mktemp -d)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
as_pg "$pgbin/initdb -D $pgdir/data -U guichet --auth=trust -E UTF8 >/dev/null"
as_pg "$pgbin/pg_ctl -D $pgdir/data -o \"-k $pgdir -c listen_addresses='' -c max_connections=100\" -w -s -l $pgdir/log start"
trap 'kill $pid 2>/dev/null || true; as_pg "$pgbin/pg_ctl -D $pgdir/data -m fast -s stop" || true; rm -rf "$dir" "$pgdir"' EXIT
url="host=$pgdir user=guichet dbname=postgres"
count() { "$pgbin/psql" "$url" -tAc "select count(*) from tickets"; }
for replicas in 1 2; do
  "$pgbin/psql" "$url" -qc "set client_min_messages = warning; drop table if exists replies, deliveries, attachments, feedback, tickets, refinery_schema_history" >/dev/null
  pids=()
  for r in $(seq "$replicas"); do
    GUICHET_RATE_LIMIT=off $bin --addr 127.0.0.1:$((port + 10 + r)) --db "$url" >/dev/null 2>"$pgdir/replica$r.log" &
    pids+=($!)
  done
  for r in $(seq "$replicas"); do
    for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$((port + 10 + r))/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
  done
  echo "== PostgreSQL, $replicas replica(s): wrk ${duration}s, ${CONNECTIONS:-32} connections in all"
  wpids=()
  for r in $(seq "$replicas"); do
    wrk -t1 -c$(( ${CONNECTIONS:-32} / replicas )) -d"${duration}s" --latency -s scripts/bench/post-ticket.lua "http://127.0.0.1:$((port + 10 + r))/api/tickets" -- "replica$r" > "$pgdir/wrk.$r" &
    wpids+=($!)
  done
  wait "${wpids[@]}"
  for r in $(seq "$replicas"); do grep -E "Requests/sec|99%|non-201" "$pgdir/wrk.$r" | sed "s/^/  replica $r: /"; done
  rows=$(count)
  echo "tickets stored: $rows ($(python3 -c "print(round($rows/$duration))") durable tickets/s)"
  kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
done

echo "== PostgreSQL: two replicas, kill -9 of one, then a PostgreSQL restart, under load"
"$pgbin/psql" "$url" -qc "set client_min_messages = warning; drop table if exists replies, deliveries, attachments, feedback, tickets, refinery_schema_history" >/dev/null
python3 scripts/bench/replicas_pg.py "$bin" "$url" $((port + 21)) $((port + 22)) \
  "$( [ "$(id -u)" = 0 ] && echo "su postgres -s /bin/sh -c \"$pgbin/pg_ctl -D $pgdir/data -l $pgdir/log -m fast -w -s restart\"" || echo "$pgbin/pg_ctl -D $pgdir/data -l $pgdir/log -m fast -w -s restart" )"
