#!/usr/bin/env bash
# Benchmarks (not tests): filtering speed in headless Chromium with 1,000, 10,000 and
# 100,000 synthetic activities, and the release bundle's sizes. Prints one report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/env.sh
trunk build --release
echo "== bundle (bytes)"
node scripts/compress.mjs dist
cargo build --profile server -p dxday-server --bins --locked
bin="$CARGO_TARGET_DIR/server"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
echo "== filtering: input to painted result (ms), $(nproc) cores, $(chromium --version)"
for size in ${BENCH_SIZES:-1000 10000 100000}; do
  mkdir -p "$work/$size"
  "$bin/dxday-synth" data/plans/2022.json "$size" "$work/$size/2022.json"
  "$bin/dxday-server" --listen 127.0.0.1:0 --dist dist --plans "$work/$size" \
    --database-url "sqlite://$work/$size/bench.db" > "$work/$size/out" 2>/dev/null &
  for _ in $(seq 100); do grep -q listening "$work/$size/out" && break; sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$work/$size/out")
  BENCH_URL="$url" BENCH_SIZE="$size" node tests/bench/filter.bench.mjs
  kill %1 2>/dev/null || true
  wait 2>/dev/null || true
done
