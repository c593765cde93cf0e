#!/usr/bin/env bash
# Installs what Guichet's build and tests need on a fresh Debian machine with the Rust
# toolchain (see README). Idempotent: each step checks first and skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# cargo fmt and clippy run in the test command.
for c in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$c"; then
    say "adding the $c component"
    rustup component add "$c"
  fi
done

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v brotli >/dev/null 2>&1 || need_apt+=(brotli)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
# The store and replica tests start a real PostgreSQL (initdb, pg_ctl) in a temporary folder.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

# trunk 0.22 needs a newer rustc than this machine's 1.95: pin 0.21.14.
if [ "$(trunk --version 2>/dev/null || true)" != "trunk 0.21.14" ]; then
  say "installing trunk 0.21.14 (about 10 minutes)"
  cargo install trunk --version 0.21.14 --locked
fi

# wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly. `--locked` fails
# here (a yanked dependency), so install without it.
wbg=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wbg" ]; then
  say "installing wasm-bindgen-cli $wbg"
  cargo install wasm-bindgen-cli --version "$wbg"
fi

# wasm-opt (npm binaryen@132; Debian's v108 produces broken output), terser (the build
# minifies the pane's JavaScript) and Playwright (no browser download: tests use
# /usr/bin/chromium).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/terser ] || [ ! -x node_modules/.bin/playwright ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (binaryen, terser, @playwright/test)"
  npm ci --no-audit --no-fund
fi

# The intake's delivery tests run a real SMTP server (aiosmtpd) and check webhook signatures
# with the Standard Webhooks reference library; the browser tests read PostgreSQL with psycopg.
if ! python3 -c 'import aiosmtpd, standardwebhooks, psycopg' 2>/dev/null; then
  say "installing Python test helpers (aiosmtpd, standardwebhooks, psycopg)"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check -r crates/intake/tests/support/requirements.txt
fi
