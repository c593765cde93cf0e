#!/usr/bin/env bash
# Runs every test: native unit and HTTP tests (core, intake, content CLI), then the browser
# end-to-end tests (Playwright driving Debian's Chromium against the real intake server and a
# real SQLite file), then the HTTP and browser tests again against a real PostgreSQL server.
# Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
# No incremental compilation caches (tens of GB after a few runs; a test run builds once).
export CARGO_INCREMENTAL=0

echo "==> formatting and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings

echo "==> native tests (core, intake, content CLI, and the pane's pure functions)"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
else
  cargo test --workspace --no-fail-fast
fi

echo "==> time zones and text folding in Chromium (the pane asks the browser's Intl, normalize, toLowerCase; checked against chrono-tz and Rust's)"
# wasm-bindgen-test-runner (from wasm-bindgen-cli) drives Chromium through chromedriver.
cargo test -p guichet-core --target wasm32-unknown-unknown --test zone_browser --test text_fold

echo "==> building the pane (release, wasm-opt -Oz) and the intake server"
trunk build --release --offline
cargo build -p guichet-intake
# The default help center once more, written chunked, for the chunked-bundle browser tests.
cargo run -q -p guichet-cli -- build --content content --out dist/bundle-chunked --chunk-above 0
# The example portal (examples/acme: its own articles and support lines), for its browser test.
cargo run -q -p guichet-cli -- build --content examples/acme/content --out dist/bundle-acme
# Help-center pages from the wild (tests/fixtures/docfx, DocFX Markdown we wrote) imported as a
# portal would, for the accessibility test of imported articles.
rm -rf target/imported-content && mkdir -p target/imported-content
cp -r content/directory content/profile.toml target/imported-content/
cargo run -q -p guichet-cli -- import-docs --src tests/fixtures/docfx --out target/imported-content/articles >/dev/null
cargo run -q -p guichet-cli -- build --content target/imported-content --out dist/bundle-imported >/dev/null
# Their brotli and gzip variants, as trunk's post-build hook writes them for the rest of dist/.
cargo run -q -p guichet-cli -- precompress dist

echo "==> browser tests (SQLite)"
# A free loopback port for the intake under test, so a busy 8765 cannot fail the run.
GUICHET_E2E_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export GUICHET_E2E_PORT
status=0
npx playwright test || status=$?
summary() {
  node -e '
    const r = require(process.argv[1]).stats;
    console.log(`playwright (${process.argv[2]}): ${r.expected} passed, ${r.unexpected + r.flaky} failed, ${r.skipped} skipped`);
  ' "$@" || true
}
summary ./target/e2e/results.json SQLite

# The same HTTP and browser tests against PostgreSQL: one throwaway server (initdb, pg_ctl on
# a Unix socket in a temporary folder), a fresh database per HTTP test and one for the
# browser pass. (The store tests already run on both backends above.) The HTTP tests named
# sqlite_… check what only SQLite has (online backup of the file) and are left out here.
pgdir=$(mktemp -d)
trap './scripts/pg-temp.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT
pg=$(./scripts/pg-temp.sh start "$pgdir")
echo "==> HTTP tests (PostgreSQL)"
if cargo nextest --version >/dev/null 2>&1; then
  GUICHET_TEST_BACKEND=postgres GUICHET_TEST_PG="$pg" cargo nextest run -p guichet-intake --test http -E 'not test(/^sqlite_/)' || status=$?
else
  GUICHET_TEST_BACKEND=postgres GUICHET_TEST_PG="$pg" cargo test -p guichet-intake --test http -- --skip sqlite_ || status=$?
fi
echo "==> browser tests (PostgreSQL)"
python3 -c 'import psycopg, sys; psycopg.connect(sys.argv[1] + " dbname=postgres", autocommit=True).execute("CREATE DATABASE e2e")' "$pg"
GUICHET_E2E_DB="$pg dbname=e2e" npx playwright test || status=$?
summary ./target/e2e/results-postgres.json PostgreSQL
exit $status
