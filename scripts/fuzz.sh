#!/usr/bin/env bash
# A long fuzzing campaign (the test command runs the same targets briefly): the explorer's
# query parser, the plan loader and the initiative validator get random and mutated input
# and must answer without panicking. Stable Rust has no cargo-fuzz, so these are bounded
# proptest runs, built with optimisations.
#   scripts/fuzz.sh            100000 cases per target
#   scripts/fuzz.sh 1000000    as many as you like
# A failure prints the smallest input that reproduces it; proptest saves it under
# crates/core/proptest-regressions/ so that the test command replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cases="${1:-100000}"
start=$(date +%s)
DXDAY_FUZZ_CASES="$cases" cargo test -p dxday-core --release --locked --test fuzz -- --test-threads=2
echo "fuzz: $cases cases per target in $(( $(date +%s) - start ))s"
