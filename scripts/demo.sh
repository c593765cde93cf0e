#!/usr/bin/env bash
# Installs what is missing, builds the pane and the intake server, and starts the demo portal
# on http://127.0.0.1:${GUICHET_PORT:-8080}/ (tickets go to ./guichet.db). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
trunk build --release --offline
cargo build --release -p guichet-intake
exec target/release/guichet-intake --addr "127.0.0.1:${GUICHET_PORT:-8080}" --db "${GUICHET_DB:-guichet.db}" --static dist
