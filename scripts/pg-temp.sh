#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test script: `pg-temp.sh start DIR` runs initdb in
# DIR/data and starts it listening only on a Unix socket in DIR, then prints the connection
# string (without dbname); `pg-temp.sh stop DIR` stops it. Debian's binaries
# (/usr/lib/postgresql/<version>/bin; scripts/setup.sh installs the package when missing).
# PostgreSQL refuses to run as root: as root, the server runs as `postgres`.
set -euo pipefail
cmd=$1 dir=$(realpath "$2")
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
case $cmd in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "'$bin/initdb' -D '$dir/data' -U guichet --auth=trust -E UTF8 --no-sync >/dev/null"
    as_owner "'$bin/pg_ctl' -D '$dir/data' -o \"-k '$dir' -c listen_addresses='' -c max_connections=300\" -w -s -l '$dir/log' start"
    echo "host=$dir user=guichet"
    ;;
  stop)
    as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -s stop" || true
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
