# Sourced by the scripts: where tools and build output live.
# The Cargo target directory is kept outside the clone, like a CI cache, so that a fresh
# clone on a machine that has built before does not compile every crate again.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dxday/target}"
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# The release wasm is built with this pinned nightly (scripts/build-app.sh): it rebuilds the
# standard library for size, without its panic messages and formatting (issue 19). Tests,
# clippy, the server and the wasm tests use the stable toolchain.
export WASM_TOOLCHAIN=nightly-2026-05-20
