#!/usr/bin/env bash
# Benchmarks (not tests): builds the release and prints one Markdown report, also written
# to BENCHMARKS.md with the machine it ran on:
#   bundle      first-load transfer per asset (raw, gzip, brotli) against the 150 KiB budget,
#               and the largest items of the wasm (twiggy)
#   lighthouse  page load, mobile and desktop presets
#   filter      input to painted results with 1,000, 10,000 and 100,000 activities, memory
#   server      GET / and GET /api/plans/YEAR against nginx serving the same files, and
#               durable POST /api/initiatives on SQLite and on PostgreSQL (wrk); and at
#               about 500 req/s through deploy/nginx.conf, beside direct (server_post_nginx:
#               one instance on SQLite, two on one PostgreSQL)
# Exits non-zero, after the whole report is written, when the first load is over budget or
# a section failed. Progress goes to stderr, the report to stdout.
#
# Settings (environment): BENCH_RUNS (runs of each wrk measurement, 3), BENCH_LH_RUNS
# (Lighthouse runs per preset, 5: the goal is on their median), BENCH_SIZES ("1000 10000
# 100000"), BENCH_FILTER_RUNS (repetitions of each filtering scenario, 15), BENCH_LOADS (fresh
# loads of each synthetic plan, whose median is its load to first results, 9), BENCH_DURATION
# (seconds per wrk run, 10), BENCH_CONNECTIONS (wrk connections, 32), BENCH_SECTIONS
# (which sections, all by default: "bundle wasm lighthouse filter server_get
# server_post_sqlite server_post_postgres server_post_nginx").
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
loadavg_start=$(cut -d' ' -f1 /proc/loadavg)
runs=${BENCH_RUNS:-3}
lh_runs=${BENCH_LH_RUNS:-5}
sizes=${BENCH_SIZES:-1000 10000 100000}
filter_runs=${BENCH_FILTER_RUNS:-15}
duration=${BENCH_DURATION:-10}
connections=${BENCH_CONNECTIONS:-32}
sections=${BENCH_SECTIONS:-bundle wasm lighthouse filter server_get server_post_sqlite server_post_postgres server_post_nginx}
log() { printf '\033[1m[bench %4ss]\033[0m %s\n' "$(( $(date +%s) - started ))" "$*" >&2; }

scripts/setup.sh bench >&2
source scripts/env.sh
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

work=$(mktemp -d)
results="$work/results"
mkdir -p "$results" "$work/bin"
touch "$work/pids"
# Every background process is written to $work/pids (sections run in subshells, so the
# shell's own job list would miss them); a throwaway PostgreSQL leaves its directory in
# $work/pgdir.
cleanup() {
  while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$work/pids"
  if [ -s "$work/pgdir" ]; then
    pgdir=$(cat "$work/pgdir")
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- Build: without it there is nothing to measure, so a failure here stops everything.
log "release build of the app"
# With the plan's main wasm also written with its function names (scripts/link-wasm.mjs),
# for twiggy: the target directory is shared with other clones (scripts/env.sh), so what
# this run measures is kept in its own folder.
mkdir -p "$work/named"
LINK_WASM_NAMED_DIR="$work/named" scripts/build-app.sh >&2
log "release build of the server"
# With the floor under it for the GET rows (crates/server/examples/bare_get.rs).
cargo build --profile server -p dxday-server --bins --example bare_get --locked >&2
cp "$CARGO_TARGET_DIR/server/dxday-server" "$CARGO_TARGET_DIR/server/dxday-synth" \
  "$CARGO_TARGET_DIR/server/examples/bare_get" "$work/bin/"
bin="$work/bin"
# The plan's wasm: what index.html loads (dist also holds the forms' own).
release_wasm=dist/$(grep -o 'dxday-[0-9a-f]*_bg\.wasm' dist/index.html | head -1)
# The plan the app fetches at start: the newest in data/plans (src/years.rs, from build.rs).
year=$(ls data/plans | sed -n 's/^\([0-9]\{4\}\)\.json$/\1/p' | sort -n | tail -1)
plan_path="/api/plans/${year:?no YEAR.json plan file in data/plans}"

# ---- Helpers used inside the sections.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_server NAME PLANS_DIR DATABASE_URL: the release server on a free loopback port,
# limits off (the benchmarks send far more than 10 submissions a minute, at once).
# Sets $server_url and $server_pid.
start_server() {
  "$bin/dxday-server" --listen 127.0.0.1:0 --dist dist --plans "$2" --database-url "$3" \
    --rate-limit-per-minute 0 --min-fill-seconds 0 "${@:4}" > "$work/$1.out" 2>&1 &
  server_pid=$!
  echo "$server_pid" >> "$work/pids"
  for _ in $(seq 300); do grep -qs '^listening on ' "$work/$1.out" && break; sleep 0.1; done
  server_url=$(sed -n 's/^listening on //p' "$work/$1.out")
  [ -n "$server_url" ] || { cat "$work/$1.out" >&2; echo "the server did not start" >&2; return 1; }
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# wrk_run LABEL_JSON WRK_ARGS…: one wrk run; its JSON summary (tests/bench/report.lua),
# prefixed with the label's fields, goes to results/server.jsonl.
wrk_run() {
  local label=$1 output
  shift
  output=$(wrk -t2 -c"${WRK_CONNECTIONS:-$connections}" -d"${duration}s" --latency "$@")
  local line
  line=$(sed -n 's|^BENCH_JSON {|{'"$label"',|p' <<< "$output")
  [ -n "$line" ] || { echo "$output" >&2; echo "wrk gave no summary" >&2; return 1; }
  echo "$line" >> "$results/server.jsonl"
  log "  $label: $(sed 's/.*"rps":\([0-9.]*\).*"p99_us":\([0-9]*\).*/\1 req\/s, p99 \2 µs/' <<< "$line")"
}

# ---- The sections. Each runs in a subshell with errexit: a failure ends that section
# only, is written to results/NAME.error with the failing command and its last output,
# and makes the command fail at the end.
section_bundle() {
  start_server bundle data/plans "sqlite://$work/bundle.db"
  node scripts/bench/bundle.mjs dist "$server_url" "$plan_path" > "$results/bundle.json"
  stop "$server_pid"
}

section_wasm() {
  [ -f "$work/named/dxday.wasm" ] || { echo "scripts/build-app.sh wrote no named wasm to $work/named" >&2; return 1; }
  cp "$work/named/wasm-opt.txt" "$work/wasm_opt_level"
  node scripts/bench/wasm-size.mjs "$work/named/dxday.wasm" "$release_wasm" 20 > "$results/wasm.json"
}

section_lighthouse() {
  start_server lighthouse data/plans "sqlite://$work/lighthouse.db"
  node scripts/bench/lighthouse.mjs "$server_url/" "$lh_runs" > "$results/lighthouse.json"
  stop "$server_pid"
}

section_filter() {
  for size in $sizes; do
    mkdir -p "$work/plans-$size"
    "$bin/dxday-synth" data/plans/2022.json "$size" "$work/plans-$size/2022.json"
    start_server "filter-$size" "$work/plans-$size" "sqlite://$work/filter-$size.db"
    log "  $size activities"
    # The synthetic plan is a 2022 one, and the only year this server has.
    BENCH_URL="$server_url/?year=2022" BENCH_SIZE="$size" BENCH_RUNS="$filter_runs" \
      node tests/bench/filter.bench.mjs >> "$results/filter.jsonl"
    stop "$server_pid"
  done
}

section_server_get() {
  start_server get data/plans "sqlite://$work/get.db"
  local ours=$server_url
  # nginx: its own configuration and files in a temporary directory, in the foreground,
  # 2 workers like the 2 cores, no compression, keep-alive as long as wrk wants (nginx
  # closes a connection after 1,000 requests by default; ours never does).
  local ng="$work/nginx" port
  mkdir -p "$ng/tmp"
  port=$(free_port)
  # The exact body our API sends, so both send the same bytes at the same path.
  curl -fsS "$ours$plan_path" -o "$ng/plan.json"
  cat > "$ng/nginx.conf" <<EOF
worker_processes 2;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  gzip off;
  keepalive_requests 100000000;
  client_body_temp_path $ng/tmp/body;
  proxy_temp_path $ng/tmp/proxy;
  fastcgi_temp_path $ng/tmp/fastcgi;
  uwsgi_temp_path $ng/tmp/uwsgi;
  scgi_temp_path $ng/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $PWD/dist;
    index index.html;
    location = $plan_path { alias $ng/plan.json; default_type application/json; }
    location / { try_files \$uri \$uri/ /index.html; }
  }
}
EOF
  nginx -p "$ng" -c "$ng/nginx.conf" -g 'daemon off;' 2>> "$ng/error.log" &
  local nginx_pid=$!
  echo "$nginx_pid" >> "$work/pids"
  for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.1; done
  curl -fsS -o /dev/null "http://127.0.0.1:$port$plan_path" || { cat "$ng/error.log" >&2; return 1; }
  cmp -s "$ng/plan.json" <(curl -fsS "http://127.0.0.1:$port$plan_path") || { echo "nginx sends another plan body" >&2; return 1; }
  # The floor: hyper alone on the same runtime, the plan's bytes at every path; and the
  # same through an axum router of one route, between it and ours.
  local floor_pids=() mode
  declare -A floor
  for mode in hyper axum; do
    "$bin/bare_get" "$mode" "$ng/plan.json" > "$work/bare-$mode.out" 2>&1 &
    floor_pids+=($!)
    echo "$!" >> "$work/pids"
    for _ in $(seq 50); do grep -qs '^listening on ' "$work/bare-$mode.out" && break; sleep 0.1; done
    floor[$mode]=$(sed -n 's/^listening on //p' "$work/bare-$mode.out")
    [ -n "${floor[$mode]}" ] || { cat "$work/bare-$mode.out" >&2; return 1; }
  done
  # Warm-up of all four, not counted.
  wrk -t2 -c"$connections" -d2s "$ours/" > /dev/null
  wrk -t2 -c"$connections" -d2s "http://127.0.0.1:$port/" > /dev/null
  for mode in hyper axum; do wrk -t2 -c"$connections" -d2s "${floor[$mode]}$plan_path" > /dev/null; done
  # A static file too: the JS glue (its hashed name from dist), sent from disk by both.
  local asset
  asset=/$(basename "$(ls dist/*.js | grep -v -e sw -e frame -e embed | head -n 1)")
  for run in $(seq "$runs"); do
    for path in / "$asset" "$plan_path"; do
      # Alternating, so that a change in the machine's load falls on both.
      wrk_run '"bench":"get","target":"ours","path":"'"$path"'","run":'"$run" -s tests/bench/get.lua "$ours$path"
      wrk_run '"bench":"get","target":"nginx","path":"'"$path"'","run":'"$run" -s tests/bench/get.lua "http://127.0.0.1:$port$path"
    done
    for mode in hyper axum; do
      wrk_run '"bench":"get","target":"'"$mode"'","path":"'"$plan_path"'","run":'"$run" -s tests/bench/get.lua "${floor[$mode]}$plan_path"
    done
  done
  stop "$server_pid"
  stop "$nginx_pid"
  for pid in "${floor_pids[@]}"; do stop "$pid"; done
}

section_server_post_sqlite() {
  start_server post-sqlite data/plans "sqlite://$work/post.db"
  for run in $(seq "$runs"); do
    wrk_run '"bench":"post","db":"SQLite","run":'"$run" -s tests/bench/post.lua "$server_url"
  done
  for run in $(seq "$runs"); do
    # 16 connections, each waiting 32 ms between requests (tests/bench/post_500rps.lua).
    WRK_CONNECTIONS=16 wrk_run '"bench":"post_500","db":"SQLite","run":'"$run" -s tests/bench/post_500rps.lua "$server_url"
  done
  stop "$server_pid"
}

section_server_post_postgres() {
  start_postgres
  start_server post-postgres data/plans "$pg_url"
  for run in $(seq "$runs"); do
    wrk_run '"bench":"post","db":"PostgreSQL","run":'"$run" -s tests/bench/post.lua "$server_url"
  done
  stop "$server_pid"
  stop_postgres
}

# start_postgres: a throwaway cluster, as in scripts/test.sh (trust authentication on
# loopback only); sets $pg_url.
start_postgres() {
  local pgdir pgport pgbin=/usr/lib/postgresql/15/bin
  pgdir=$(mktemp -d)
  echo "$pgdir" > "$work/pgdir"
  chown postgres "$pgdir"
  pgport=$(free_port)
  runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
    -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  pg_url="postgres://postgres@127.0.0.1:$pgport/postgres"
}
stop_postgres() {
  local pgdir
  pgdir=$(cat "$work/pgdir")
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$pgdir/data" -m fast -w stop >/dev/null
  rm -rf "$pgdir"
  : > "$work/pgdir"
}

# deploy_nginx PORT_A PORT_B: deploy/nginx.conf as shipped, its TLS lines aside (as
# crates/server/tests/deploy.rs runs it), in front of the instances on those ports; sets
# $nginx_url (the app's /cds/ sub-path) and $nginx_pid.
deploy_nginx() {
  local ng="$work/deploy-nginx" port
  mkdir -p "$ng/tmp"
  port=$(free_port)
  grep -v '# tls *$' deploy/nginx.conf \
    | sed -e "s/127.0.0.1:8080/127.0.0.1:$1/" -e "s/127.0.0.1:8081/127.0.0.1:$2/" \
      -e "s/^\( *\)server_name dxday.example.gov.vn;/\1listen 127.0.0.1:$port;\n&/" > "$ng/dxday.conf"
  cat > "$ng/nginx.conf" <<NGINX
worker_processes 2;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $ng/tmp/body;
  proxy_temp_path $ng/tmp/proxy;
  fastcgi_temp_path $ng/tmp/fastcgi;
  uwsgi_temp_path $ng/tmp/uwsgi;
  scgi_temp_path $ng/tmp/scgi;
  include $ng/dxday.conf;
}
NGINX
  nginx -p "$ng" -c "$ng/nginx.conf" -g 'daemon off;' 2>> "$ng/error.log" &
  nginx_pid=$!
  echo "$nginx_pid" >> "$work/pids"
  nginx_url="http://127.0.0.1:$port/cds"
  for _ in $(seq 50); do curl -fsS -o /dev/null "$nginx_url/api/health" 2>/dev/null && break; sleep 0.1; done
  curl -fsS -o /dev/null "$nginx_url/api/health" || { cat "$ng/error.log" >&2; return 1; }
}

# post_via_nginx DB DIRECT_URL: POST at about 500 req/s straight to an instance and through
# nginx, in alternating runs (a change in the machine's load falls on both).
post_via_nginx() {
  local db=$1 direct=$2
  for run in $(seq "$runs"); do
    BENCH_PREFIX=/cds WRK_CONNECTIONS=16 wrk_run '"bench":"post_500","db":"'"$db"'","via":"direct","run":'"$run" -s tests/bench/post_500rps.lua "$direct"
    BENCH_PREFIX=/cds WRK_CONNECTIONS=16 wrk_run '"bench":"post_500","db":"'"$db"'","via":"nginx","run":'"$run" -s tests/bench/post_500rps.lua "${nginx_url%/cds}"
  done
}

section_server_post_nginx() {
  local behind=(--trusted-proxies 127.0.0.1 --public-url http://127.0.0.1/cds/)
  start_server nginx-sqlite data/plans "sqlite://$work/nginx.db" "${behind[@]}"
  # One instance on SQLite: both upstream lines name it.
  deploy_nginx "${server_url##*:}" "${server_url##*:}"
  post_via_nginx "SQLite, 1 instance" "$server_url"
  stop "$nginx_pid"
  stop "$server_pid"
  start_postgres
  start_server nginx-pg-a data/plans "$pg_url" "${behind[@]}"
  local a_pid=$server_pid a_url=$server_url
  start_server nginx-pg-b data/plans "$pg_url" "${behind[@]}"
  deploy_nginx "${a_url##*:}" "${server_url##*:}"
  post_via_nginx "PostgreSQL, 2 instances" "$a_url"
  stop "$nginx_pid"
  stop "$server_pid"
  stop "$a_pid"
  stop_postgres
}

run_section() {
  local name=$1 rc
  log "$name"
  set +e
  # stderr goes to the terminal and to a file, through a pipe (which waits for tee).
  { (
    set -eE
    # The innermost failing command is the one to name; callers fail after it.
    trap 'rc=$?; [ -e "$results/$name.error" ] || echo "\`$BASH_COMMAND\` failed (exit $rc, line $LINENO of scripts/bench.sh)" > "$results/$name.error"' ERR
    "section_$name"
  ) 2>&1 1>&3 | tee "$work/$name.stderr" >&2; } 3>&1
  rc=${PIPESTATUS[0]}
  set -e
  # A section that failed half-way may have left its servers running: stop them now, so
  # they take nothing from the next section.
  while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$work/pids"
  : > "$work/pids"
  if [ "$rc" -ne 0 ]; then
    [ -s "$results/$name.error" ] || echo "exit status $rc" > "$results/$name.error"
    tail -n 12 "$work/$name.stderr" >> "$results/$name.error"
    log "$name FAILED: $(head -n 1 "$results/$name.error")"
  fi
}

for name in $sections; do
  declare -F "section_$name" > /dev/null || { echo "unknown section: $name" >&2; exit 2; }
  run_section "$name"
done

cat > "$results/settings.json" <<EOF
{"seconds": $(( $(date +%s) - started )), "loadavg_start": "$loadavg_start", "server_runs": $runs, "lighthouse_runs": $lh_runs,
 "sizes": "$sizes", "filter_runs": $filter_runs, "duration": $duration, "connections": $connections,
 "sections": "$sections", "wasm_opt_level": "$(cat "$work/wasm_opt_level" 2>/dev/null || echo -Oz)", "wrk": "-t2 -c$connections -d${duration}s"}
EOF
# The raw figures stay for a closer look (git ignores the folder).
rm -rf .bench-results && cp -r "$results" .bench-results
log "report"
node scripts/bench/report.mjs "$results" BENCHMARKS.md
