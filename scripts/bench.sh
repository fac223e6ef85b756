#!/usr/bin/env bash
# Benchmarks (not tests): filtering speed in headless Chromium with 1,000, 10,000 and
# 100,000 synthetic activities, and the release bundle's sizes. Prints one report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/env.sh
trunk build --release
node scripts/sw.mjs dist
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

# Server: durable submissions and plan reads, with wrk (Debian) on loopback.
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
start_server() { # $1 = database URL; sets $url and $server_pid
  "$bin/dxday-server" --listen 127.0.0.1:0 --dist dist --plans data/plans --database-url "$1" \
    --rate-limit-per-minute 0 --min-fill-seconds 0 > "$work/server.out" 2>/dev/null &
  server_pid=$!
  for _ in $(seq 100); do grep -q listening "$work/server.out" && break; sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$work/server.out")
}
echo "== server on $(nproc) cores (wrk -t2 -c32 -d10s, load generator on the same machine)"
start_server "sqlite://$work/server.db"
echo "-- GET /api/plans/2022"
wrk -t2 -c32 -d10s --latency "$url/api/plans/2022" | grep -E "Requests/sec|50%|99%"
echo "-- POST /api/initiatives on SQLite (WAL, synchronous=FULL, group commit)"
wrk -t2 -c32 -d10s --latency -s tests/bench/post.lua "$url" | grep -E "Requests/sec|50%|99%|Non-2xx"
echo "-- POST /api/initiatives on SQLite at about 500 requests per second"
wrk -t2 -c16 -d15s --latency -s tests/bench/post_500rps.lua "$url" | grep -E "Requests/sec|50%|99%|Non-2xx"
kill "$server_pid"
if [ -n "${DXDAY_BENCH_POSTGRES_URL:-}" ]; then
  echo "-- POST /api/initiatives on PostgreSQL"
  start_server "$DXDAY_BENCH_POSTGRES_URL"
  wrk -t2 -c32 -d10s --latency -s tests/bench/post.lua "$url" | grep -E "Requests/sec|50%|99%|Non-2xx"
  kill "$server_pid"
fi
