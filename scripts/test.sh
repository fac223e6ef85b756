#!/usr/bin/env bash
# Runs every test: formatting, lints, host tests of every crate, wasm tests in headless
# Chromium, the release build with its asset sizes, and the end-to-end suite against the
# real server. Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n\033[1m== %s (%ss)\033[0m\n' "$*" "$(( $(date +%s) - start ))"; }

step "tools"
scripts/setup.sh test
source scripts/env.sh

step "cargo fmt"
cargo fmt --all -- --check

step "clippy (host and wasm)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p dxday --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "release build of the app"
trunk build --release
node scripts/compress.mjs dist

step "server build"
cargo build --profile server -p dxday-server --locked
export DXDAY_SERVER_BIN="$CARGO_TARGET_DIR/server/dxday-server"

step "host tests"
cargo test --workspace --locked

step "wasm tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=60 \
  cargo test -p dxday --target wasm32-unknown-unknown --locked

step "end-to-end tests (Playwright, release build, real server)"
npx playwright test

step "done in $(( $(date +%s) - start ))s"
