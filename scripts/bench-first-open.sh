#!/usr/bin/env bash
# First-open report (not a test): search → first result on the e2e host page with the network
# and CPU throttled (four profiles, cold and warm cache) and the bytes on the wire per file,
# against the intake serving dist/ as in production (precompressed variants on) →
# reports/first-open.md. BENCH_RUNS=3 for a quicker run; BENCH_PLAIN=1 without the
# precompressed variants; BENCH_QUERY another query; BENCH_ONLY="Fast 4G" only the profiles whose
# name contains it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench/host-site.sh
{
  echo "# First open (report, not a test)"
  echo
  echo "\`scripts/bench-first-open.sh\` on $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), headless Chromium $(chromium --version 2>/dev/null | awk '{print $2}'), 2 cores."
  echo
  node scripts/bench/first-open.mjs "$base" "${BENCH_RUNS:-5}"
} > "${BENCH_REPORT:-reports/first-open.md}"
cat "${BENCH_REPORT:-reports/first-open.md}"
