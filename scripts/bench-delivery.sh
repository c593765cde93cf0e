#!/usr/bin/env bash
# Delivery report (not a test): latency from 201 to each destination's acknowledgement at a
# fixed rate across three destinations, and the drain rate of a backlog after an outage.
# RATE (tickets/s, default 200), SECONDS (default 10), BACKLOG (default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q --release -p guichet-intake --example bench_delivery
