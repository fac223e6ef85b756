#!/usr/bin/env bash
# Builds the app in release into dist/: the plan (index.html, the wasm a first visit loads)
# and the forms (forms.html, with their own wasm; see dxday_core::route::Bundle), then the
# service worker's precache list and the compressed copies the server sends.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# The pages and their style sheets. The wasm is not Trunk's: see below.
trunk build --release
# The page preloads the plan the app opens with: the newest year in data/plans (as build.rs
# finds it for the app), so a new year's file needs no other change.
newest=$(ls data/plans | sed -n 's/^\([0-9]\{4\}\)\.json$/\1/p' | sort -n | tail -1)
[ -n "$newest" ] || { echo "data/plans: no YEAR.json plan file" >&2; exit 1; }
sed -i "s#api/plans/[0-9]\{4\}#api/plans/$newest#" dist/index.html
grep -q "api/plans/$newest" dist/index.html || { echo "dist/index.html: no plan preload" >&2; exit 1; }
# The forms' page is index.html with the forms' wasm, written here so the two never drift
# apart; the files index.html copies are already in dist. Its shell marks no page as the
# current one (index.html's marks the plan), and it preloads no plan: the forms load none.
# The forms' own style sheet is linked here only: the plan's pages use none of it, so a
# first visit does not load it. The forms draw none of the parts later.css styles.
sed -e 's#^\( *\)<link data-trunk rel="css" href="style/share.css">#&\n\1<link data-trunk rel="css" href="style/forms.css">#' \
    -e '/rel="preload" href="api\/plans/d' \
    -e '/href="style\/later.css"/d' \
    -e '/rel="copy-\(dir\|file\)"/d' \
    -e 's/Đang tải kế hoạch…/Đang tải…/' \
    -e 's/ aria-current="page"//' index.html > forms.html
grep -q '<!-- app-wasm -->' forms.html || { echo "forms.html: no <!-- app-wasm --> line in index.html" >&2; exit 1; }
grep -q 'href="style/forms.css"' forms.html || { echo "forms.html: no style/share.css link in index.html to put the forms' style sheet after" >&2; exit 1; }
# Trunk replaces its whole output folder on each build: the forms are built beside it and
# copied in. The style sheets are the same files with the same hashed names in both.
forms_dist="$CARGO_TARGET_DIR/forms-dist"
trunk build forms.html --release --dist "$forms_dist"
# Trunk names its page index.html whatever the source was called.
mv "$forms_dist/index.html" dist/forms.html
cp -r -n "$forms_dist"/. dist/
# The two wasm binaries, each split into its main module and one module per #[lazy]
# function (scripts/link-wasm.mjs): Trunk's Rust step runs wasm-bindgen straight after
# Cargo, and the split must come between them.
#
# With the pinned nightly ($WASM_TOOLCHAIN, scripts/env.sh), which rebuilds the standard
# library for this wasm: optimized for size like the rest, with a panic that stops at once
# (immediate-abort) instead of formatting a message nobody reads (the release wasm has no
# console hook), no source locations, and no `{:?}` output (the app shows error codes in
# words, never a Debug text). Measured in brotli: the plan's main module 140.9 → 124.1 KB, the
# forms' 162.8 → 137.8 KB. (std, core, alloc and dxday-core at opt-level 3: +5 KB, and no
# filter or load time measurably faster.)
# The stable toolchain cannot drop the standard library's panic and formatting code, which
# comes prebuilt. Tests and clippy build with stable (scripts/test.sh).
# The linker is the toolchain's rust-lld behind scripts/wasm-ld.sh, which keeps the dead code
# of wasm-streams' JavaScript classes out (see there). The script is copied to a fixed place
# in the target directory: its path is part of the flags, which Cargo keys every compiled
# crate on, so a path inside the clone would make each clone (CI's among them) build all of
# the wasm's dependencies and standard library again. Written beside and moved into place, so
# that a build of another clone that is linking at that moment reads a whole script. (Cargo
# does not watch the linker: after a change to wasm-ld.sh, touch src/main.rs to link again.)
DXDAY_RUST_LLD="$(rustc +"$WASM_TOOLCHAIN" --print sysroot)/lib/rustlib/$(rustc +"$WASM_TOOLCHAIN" -vV | sed -n 's/^host: //p')/bin/rust-lld"
[ -x "$DXDAY_RUST_LLD" ] || { echo "no rust-lld at $DXDAY_RUST_LLD" >&2; exit 1; }
export DXDAY_RUST_LLD
wasm_ld="$CARGO_TARGET_DIR/dxday-wasm-ld.sh"
mkdir -p "$CARGO_TARGET_DIR"
cp scripts/wasm-ld.sh "$wasm_ld.$$"
mv -f "$wasm_ld.$$" "$wasm_ld"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Clinker=$wasm_ld" \
  cargo +"$WASM_TOOLCHAIN" build --release --target wasm32-unknown-unknown --bins --locked \
  -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
for pair in dxday:index.html dxday-forms:forms.html; do
  node scripts/link-wasm.mjs "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/${pair%%:*}.wasm" "${pair#*:}" dist
done
# Before the precache list, which hashes the files, and the compressed copies.
node scripts/minify.mjs dist index.html forms.html
node scripts/sw.mjs dist
# Its table of each asset's raw, gzip and brotli size is the build's last output (the test
# command shows it; scripts/bench.sh measures the first load itself).
node scripts/compress.mjs dist
