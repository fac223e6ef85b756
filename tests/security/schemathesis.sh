#!/usr/bin/env bash
# The API against its own OpenAPI document: schemathesis generates requests for every
# operation of /api/openapi.json (valid and invalid ones, with and without the admin token)
# and checks every answer: no 5xx, every status, content type, header and body as
# documented, invalid input refused, auth not ignored.
#
# Runs the real server binary ($DXDAY_SERVER_BIN, built by scripts/test.sh) on a temporary
# SQLite file, with the rate limit and the bot timer off so that generated submissions
# reach the storage code instead of being turned away early.
#   tests/security/schemathesis.sh           200 examples per operation (the test command)
#   DXDAY_SCHEMATHESIS_EXAMPLES=1000 tests/security/schemathesis.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
bin="${DXDAY_SERVER_BIN:-$CARGO_TARGET_DIR/server/dxday-server}"
st="${DXDAY_SCHEMATHESIS:-$HOME/.cache/dxday/venv/bin/schemathesis}"
examples="${DXDAY_SCHEMATHESIS_EXAMPLES:-200}"
token="schemathesis-moderator-0123456789"

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/dist"
echo '<!DOCTYPE html><html lang="vi"><head><title>dxday</title></head><body></body></html>' >"$work/dist/index.html"

mkfifo "$work/out"
# SQLite by default; DXDAY_SCHEMATHESIS_DATABASE_URL=postgres://… runs it on PostgreSQL.
db="${DXDAY_SCHEMATHESIS_DATABASE_URL:-sqlite://$work/st.db}"
RUST_LOG=warn "$bin" --listen 127.0.0.1:0 --database-url "$db" \
  --dist "$work/dist" --plans data/plans --rate-limit-per-minute 0 --min-fill-seconds 0 \
  --admin-tokens "schemathesis=$token" >"$work/out" 2>"$work/server.log" &
server_pid=$!
read -r line <"$work/out"
url="${line#listening on }"
# Keep draining stdout so the server never blocks on a full pipe.
cat "$work/out" >/dev/null &

start=$(date +%s)
status=0
"$st" --config-file tests/security/schemathesis.toml run "$url/api/openapi.json" --url "$url" \
  --checks all \
  --max-examples "$examples" \
  --header "Authorization: Bearer $token" \
  --workers 2 --seed 20221010 --no-color --generation-database none \
  --request-timeout 30 ${DXDAY_SCHEMATHESIS_ARGS:-} || status=$?
echo "schemathesis: $(( $(date +%s) - start ))s, $examples examples per operation, on ${db%%:*}"
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "the server died during the run" >&2
  status=1
fi
if grep -q "panicked" "$work/server.log"; then
  echo "the server panicked:" >&2
  grep -B2 -A5 "panicked" "$work/server.log" >&2
  status=1
fi
exit "$status"
