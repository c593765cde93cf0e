# Sourced by the bench scripts: builds what is missing, then serves dist/ and the e2e host page
# (tests/e2e/host, under /host-test/) together with the intake from a temporary copy, as in
# production (precompressed variants on). Playwright's request routing would turn the
# browser's HTTP cache off, and the warm-cache figures with it; `cp -a` keeps the file times
# that tell fresh precompressed variants from stale ones. Sets `base` (the server's URL);
# the server and the copy go at exit. BENCH_PLAIN=1: without the precompressed variants.
export PATH="$PWD/node_modules/.bin:$PATH"
[ -f dist/guichet-manifest.json ] || trunk build --release --offline
cargo build -q -p guichet-intake
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d)
cp -a dist "$dir/site"
mkdir -p "$dir/site/host-test/home"
cp tests/e2e/host/index.html "$dir/site/host-test/home/index.html"
cp tests/e2e/host/hostile.css tests/e2e/host/router.js "$dir/site/host-test/"
if [ -n "${BENCH_PLAIN:-}" ]; then find "$dir/site" \( -name '*.br' -o -name '*.gz' \) -delete; fi
GUICHET_RATE_LIMIT=off target/debug/guichet-intake --addr 127.0.0.1:$port --db "$dir/e.db" --static "$dir/site" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
base="http://127.0.0.1:$port"
