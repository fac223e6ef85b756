#!/usr/bin/env bash
# The linker of the release wasm (scripts/build-app.sh passes it to rustc as -Clinker): the
# toolchain's own rust-lld, minus the exports of wasm-streams' three JavaScript classes
# (IntoUnderlyingSink, IntoUnderlyingSource, IntoUnderlyingByteSource).
#
# Leptos always turns on server_fn's `browser` feature, which links wasm-streams for
# streaming server functions; this app has no server function, and no Rust code of it makes
# one of those classes. rustc asks the linker to export their methods all the same, and an
# export keeps its code and everything it reaches. scripts/link-wasm.mjs used to drop the
# exports after wasm-bindgen, but by then their futures and closures sat in the function
# table, which the split modules share and so no optimizer may shrink: 7 KB of dead code.
# Dropped here, before the linker's garbage collection, they go with the exports. Measured
# on the plan's main module: 383,734 -> 374,653 B raw, 113,201 -> 110,284 B brotli.
#
# rustc calls the linker as `rust-lld -flavor wasm … --export NAME … -o OUT`, its arguments
# on the command line. It could pass them in a response file (`@FILE`) instead, out of this
# script's reach: then it stops the build rather than link the exports back in.
set -euo pipefail
: "${DXDAY_RUST_LLD:?is set by scripts/build-app.sh to the path of rust-lld}"
args=()
dropped=0
output=
previous=
for arg in "$@"; do
  if [[ "$arg" == @* ]]; then
    echo "scripts/wasm-ld.sh: rustc passed a response file ($arg); see its comment" >&2
    exit 1
  fi
  [ "$previous" = -o ] && output=$arg
  if [ "$previous" = --export ]; then
    case "$arg" in
      intounderlying* | __wbg_intounderlying* | __wbindgen_describe_intounderlying*)
        unset "args[$((${#args[@]} - 1))]"
        dropped=$((dropped + 1))
        previous=
        continue
        ;;
    esac
  fi
  args+=("$arg")
  previous=$arg
done
# Each of the app's binaries asks for 23 of these (10 methods, their descriptions and 3
# `free`s). None found in one of them means rustc or wasm-streams changed how they are
# named: stop rather than ship them again without a word. (Cargo links other wasm files
# with this linker too, such as wasm-streams' own cdylib, which nothing uses.)
[ -n "$output" ] || { echo "scripts/wasm-ld.sh: no -o among the linker's arguments" >&2; exit 1; }
if [ "$dropped" -eq 0 ] && [[ "$(basename "$output")" == dxday* ]]; then
  echo "scripts/wasm-ld.sh: no export of wasm-streams' classes to drop; see its comment" >&2
  exit 1
fi
exec "$DXDAY_RUST_LLD" "${args[@]}"
