#!/usr/bin/env bash
# Runs every test: native unit and HTTP tests (core, intake, content CLI), then the browser
# end-to-end tests (Playwright driving Debian's Chromium against the real intake server and a
# real SQLite file). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"

echo "==> formatting and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings

echo "==> native tests (core, intake, content CLI, and the pane's pure functions)"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
else
  cargo test --workspace --no-fail-fast
fi

echo "==> building the pane (release, wasm-opt -Oz) and the intake server"
trunk build --release --offline
cargo build -p guichet-intake
# The default help center once more, written chunked, for the chunked-bundle browser tests.
cargo run -q -p guichet-cli -- build --content content --out dist/bundle-chunked --chunk-above 0

echo "==> browser tests"
# A free loopback port for the intake under test, so a busy 8765 cannot fail the run.
GUICHET_E2E_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export GUICHET_E2E_PORT
status=0
npx playwright test || status=$?
node -e '
  const r = require("./target/e2e/results.json").stats;
  console.log(`playwright: ${r.expected} passed, ${r.unexpected + r.flaky} failed, ${r.skipped} skipped`);
' || true
exit $status
