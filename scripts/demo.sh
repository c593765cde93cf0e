#!/usr/bin/env bash
# Installs what is missing, builds the pane and the intake server, and starts the demo portal
# on http://127.0.0.1:${GUICHET_PORT:-8080}/demo/ (tickets go to ./guichet.db). Ctrl-C stops it.
# GUICHET_CONTENT=DIR/content serves another portal's articles and support lines.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
trunk build --release --offline
# Another portal's content (guichet-content init DIR makes one): its bundle replaces the default.
if [ -n "${GUICHET_CONTENT:-}" ]; then
  cargo run --release -q -p guichet-cli -- build --content "$GUICHET_CONTENT" --out dist/bundle
  cargo run --release -q -p guichet-cli -- precompress dist/bundle
  # Its portal profile (forms, plans, response times), which the intake validates tickets with.
  if [ -f "$GUICHET_CONTENT/profile.toml" ]; then
    export GUICHET_PROFILES="$GUICHET_CONTENT/profile.toml"
  fi
fi
cargo build --release -p guichet-intake
echo "demo portal: http://127.0.0.1:${GUICHET_PORT:-8080}/demo/ (the pane mounted directly, as the browser tests use it: /)"
exec target/release/guichet-intake --addr "127.0.0.1:${GUICHET_PORT:-8080}" --db "${GUICHET_DB:-guichet.db}" --static dist
