#!/usr/bin/env bash
# Installs what building and testing need, and skips what is already there.
#   scripts/setup.sh app    what the run command needs: wasm target, the release wasm's nightly,
#                           trunk, wasm-bindgen, wasm-split, wasm-opt
#   scripts/setup.sh test   all of the above, plus Chromium, chromedriver, PostgreSQL, nginx, tesseract (vie),
#                           zbar, curl, schemathesis
#   scripts/setup.sh bench  all of the above, plus wrk and twiggy (scripts/bench.sh only)
# Every tool comes from a package registry (crates.io, npm, Debian, PyPI) or rustup's own
# servers; nothing else is fetched.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mode="${1:-test}"
TRUNK_VERSION=0.21.14
SCHEMATHESIS_VERSION=4.32.5
TWIGGY_VERSION=0.8.0
# The splitter behind Leptos's #[lazy] (the library cargo-leptos links, with its command line).
WASM_SPLIT_VERSION=0.2.4

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# The Node, Debian and PyPI packages are fetched and unpacked while Cargo compiles the Rust
# tools below: those downloads wait on the network and the disk, Cargo on the two cores. Each
# runs in the background with its own log, shown when it is done.
node_packages() {
  # wasm-opt, terser, Lightning CSS and Playwright come from npm (binaryen 132; Debian's wasm-opt 108 breaks the wasm).
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/terser ] || [ ! -d node_modules/lightningcss ] \
    || [ ! -d node_modules/@playwright/test ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing Node packages"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  fi
}

system_packages() {
  if [ "$mode" = test ] || [ "$mode" = bench ]; then
    missing=()
    command -v chromium >/dev/null || missing+=(chromium)
    command -v chromedriver >/dev/null || missing+=(chromium-driver)
    [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
    python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
    # The fault tests make a database file immutable (chattr) on a small tmpfs (mount).
    command -v chattr >/dev/null || missing+=(e2fsprogs)
    # The deployment test runs deploy/nginx.conf in Debian's nginx; the slow-client test
    # lowers the server's file limit with prlimit (util-linux).
    [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
    command -v prlimit >/dev/null || missing+=(util-linux)
    # The share tests (crates/server/tests/share.rs) read the preview pictures back with OCR
    # in Vietnamese and scan the QR codes.
    command -v tesseract >/dev/null || missing+=(tesseract-ocr)
    [ -e /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || missing+=(tesseract-ocr-vie)
    command -v zbarimg >/dev/null || missing+=(zbar-tools)
    # api_reference.rs runs the README's curl submission as written.
    command -v curl >/dev/null || missing+=(curl)
    if [ ${#missing[@]} -gt 0 ]; then
      log "installing Debian packages: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq "${missing[@]}" >/dev/null
    fi

    # schemathesis (PyPI), pinned, in its own virtual environment next to the build cache.
    venv="$HOME/.cache/dxday/venv"
    if [ "$("$venv/bin/schemathesis" --version 2>/dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
      log "installing schemathesis $SCHEMATHESIS_VERSION"
      python3 -m venv "$venv"
      "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
    fi
  fi
}

background=()
run_in_background() {
  local out
  out=$(mktemp)
  "$@" >"$out" 2>&1 &
  background+=("$!:$out:$1")
}
run_in_background node_packages
run_in_background system_packages

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# The pinned nightly that builds the release wasm, with the standard library's source
# (scripts/build-app.sh rebuilds it) and the wasm target: 11 to 19 s here, from rustup's servers.
if ! rustup run "$WASM_TOOLCHAIN" rustc --version >/dev/null 2>&1 \
  || ! rustup component list --toolchain "$WASM_TOOLCHAIN" --installed | grep -qx rust-src \
  || ! rustup target list --toolchain "$WASM_TOOLCHAIN" --installed | grep -qx wasm32-unknown-unknown; then
  log "installing the Rust toolchain $WASM_TOOLCHAIN for the release wasm"
  rustup toolchain install "$WASM_TOOLCHAIN" --profile minimal --component rust-src --target wasm32-unknown-unknown
fi

# trunk 0.22 needs a newer rustc than this machine's; 0.21.14 is the last that fits.
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (5 to 8 minutes on 2 cores)"
  # Trunk's own release profile links with fat LTO in one codegen unit, on one core: 9 min
  # 15 s on a new machine here, against 7 min 37 s without (same host). It only drives
  # cargo, wasm-bindgen and wasm-opt, so a faster trunk would not build the app faster.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must be exactly the version in Cargo.lock, or trunk refuses to build.
wb_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wb_version" ]; then
  log "installing wasm-bindgen-cli $wb_version"
  # --locked fails: one of its locked dependencies is no longer in the registry.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

# Splits the #[lazy] functions out of the app's wasm (scripts/link-wasm.mjs).
# (It has no --version: Cargo's list of installed packages says which one is there.)
if ! command -v wasm-split-cli >/dev/null \
  || ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes on 2 cores)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
fi

failed=0
for job in "${background[@]}"; do
  IFS=: read -r pid out name <<<"$job"
  status=0
  wait "$pid" || status=$?
  cat "$out"
  rm -f "$out"
  if [ "$status" -ne 0 ]; then
    echo "scripts/setup.sh: $name failed (exit $status)" >&2
    failed=1
  fi
done
[ "$failed" -eq 0 ] || exit 1

# The benchmarks' own tools, never installed for the tests: wrk (load generator) and nginx
# (the baseline server) from Debian, twiggy (wasm size profiler) from crates.io.
if [ "$mode" = bench ]; then
  missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages for the benchmarks: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ "$(twiggy --version 2>/dev/null || true)" != "twiggy-opt $TWIGGY_VERSION" ]; then
    log "installing twiggy $TWIGGY_VERSION"
    cargo install twiggy --version "$TWIGGY_VERSION" --locked
  fi
fi
log "tools ready"
