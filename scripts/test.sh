#!/usr/bin/env bash
# Runs every test: formatting, lints, host tests of every crate, wasm tests in headless
# Chromium, the release build with its asset sizes, and the end-to-end suite against the
# real server. Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n\033[1m== %s (%ss)\033[0m\n' "$*" "$(( $(date +%s) - start ))"; }
# finish PID LOG WHAT: waits for a build started in the background with its output in LOG,
# prints that output, and stops the script if the build failed.
finish() {
  local status=0
  wait "$1" || status=$?
  cat "$2"
  rm -f "$2"
  [ "$status" -eq 0 ] || { echo "$3 failed" >&2; exit "$status"; }
}

step "tools"
scripts/setup.sh test
source scripts/env.sh

step "cargo fmt"
cargo fmt --all -- --check

# The release build of the app (wasm, LTO: long single-threaded stretches) runs beside the
# lints, which build other profiles in other folders of the target directory; the host tests
# wait for it, since the server's tests serve the built app.
step "release build of the app (in the background) and clippy (host and wasm)"
app_log=$(mktemp)
scripts/build-app.sh >"$app_log" 2>&1 &
app_build=$!
# The app crate is linted for the target it runs on (wasm); its host build would be unused.
cargo clippy --workspace --exclude dxday --all-targets --locked -- -D warnings
cargo clippy -p dxday --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "release build of the app (its output)"
finish "$app_build" "$app_log" "the release build of the app"

# The optimized server, for schemathesis and the end-to-end tests, builds beside the host
# tests: they use their own debug build, and much of their run is waiting on the servers
# they start (5.8 min for this build and 5.3 min for the host tests, one after the other,
# on a new machine here).
step "server build (in the background)"
server_log=$(mktemp)
cargo build --profile server -p dxday-server --locked >"$server_log" 2>&1 &
server_build=$!
export DXDAY_SERVER_BIN="$CARGO_TARGET_DIR/server/dxday-server"
# What is still running when the script ends, passed or failed. Nothing here may fail: under
# `set -e` a failing command would end the cleanup half done and turn a pass into exit 1.
pgdir=
pgbin=/usr/lib/postgresql/15/bin
st_pg=
cleanup() {
  if [ -n "$server_build" ]; then kill "$server_build" 2>/dev/null || true; fi
  if [ -n "$st_pg" ]; then kill "$st_pg" 2>/dev/null || true; fi
  if [ -n "$pgdir" ]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  fi
}
trap cleanup EXIT

step "throwaway PostgreSQL for the storage tests"
pgdir=$(mktemp -d)
chown postgres "$pgdir"
pgport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
  -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
export DXDAY_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pgport/postgres"

step "host tests (SQLite and PostgreSQL), with a short fuzzing run (scripts/fuzz.sh runs a long one)"
# The app's own tests run in Chromium below; on the host it has none.
DXDAY_FUZZ_CASES=256 cargo test --workspace --exclude dxday --locked

step "server build (its output)"
finish "$server_build" "$server_log" "the server build"
server_build=

step "schemathesis against /api/openapi.json (SQLite and PostgreSQL side by side)"
# Each run keeps one core busy generating cases (one worker: see schemathesis.sh), so the
# two storages are checked at once: 47 s for both on a new machine here. Both are waited
# for, and their output printed in order, whichever fails.
runuser -u postgres -- "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -q -c "CREATE DATABASE schemathesis"
st_pg_log=$(mktemp)
DXDAY_SCHEMATHESIS_DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/schemathesis" \
  tests/security/schemathesis.sh >"$st_pg_log" 2>&1 &
st_pg=$!
st_sqlite=0
tests/security/schemathesis.sh || st_sqlite=$?
finish "$st_pg" "$st_pg_log" "schemathesis on PostgreSQL"
st_pg=
[ "$st_sqlite" -eq 0 ] || { echo "schemathesis on SQLite failed" >&2; exit "$st_sqlite"; }

step "wasm tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=60 \
  cargo test -p dxday --target wasm32-unknown-unknown --locked

step "end-to-end tests (Playwright, release build, real server)"
npx playwright test

step "done in $(( $(date +%s) - start ))s"
