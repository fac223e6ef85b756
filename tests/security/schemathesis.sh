#!/usr/bin/env bash
# The API against its own OpenAPI document: schemathesis generates requests for every
# operation of /api/openapi.json (valid and invalid ones, with and without the admin token)
# and checks every answer: no 5xx, every status, content type, header and body as
# documented, invalid input refused, auth not ignored.
#
# Runs the real server binary ($DXDAY_SERVER_BIN, built by scripts/test.sh) on a temporary
# SQLite file, with the rate limit and the bot timer off so that generated submissions
# reach the storage code instead of being turned away early (every other test keeps the real
# limiter on). Positive cases of a submission must be stored (201), and the stateful phase
# follows the document's links: submit, track by the code, a moderator's decision, the list
# of approved initiatives. At the end it prints how many cases reached each step, counted
# from the answers and from the server itself, and fails if a step was never reached.
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
export SCHEMATHESIS_HOOKS="$PWD/tests/security/schemathesis_hooks.py"
export DXDAY_SCHEMATHESIS_CALLS="$work/calls.jsonl"
# One worker: with the hooks' filters, two threads describing hypothesis strategies at once
# hit CPython 3.11's "AST constructor recursion depth mismatch" (an interpreter race).
"$st" --config-file tests/security/schemathesis.toml run "$url/api/openapi.json" --url "$url" \
  --checks all \
  --max-examples "$examples" \
  --header "Authorization: Bearer $token" \
  --workers 1 --seed 20221010 --no-color --generation-database none \
  --request-timeout 30 ${DXDAY_SCHEMATHESIS_ARGS:-} || status=$?
echo "schemathesis: $(( $(date +%s) - start ))s, $examples examples per operation, on ${db%%:*}"
# What the cases reached: from the answers schemathesis got, then from the server.
python3 - "$work/calls.jsonl" "$url" "$token" <<'PY' || status=1
import collections, json, sys, urllib.request
calls_file, url, token = sys.argv[1:]
calls = [json.loads(line) for line in open(calls_file, encoding="utf-8")]
def count(operation, statuses, mode=None, stateful=False):
    return sum(1 for c in calls if c["operation"] == operation and c["status"] in statuses
               and (mode is None or c["mode"] == mode) and (("stateful" in c["phase"].lower()) == stateful))
def get(path, auth=False):
    req = urllib.request.Request(url + path, headers={"Authorization": f"Bearer {token}"} if auth else {})
    with urllib.request.urlopen(req) as r:
        return json.load(r)
stored = {s: get(f"/api/admin/initiatives?status={s}", auth=True)["items"] for s in ("pending", "approved", "rejected")}
public, page = 0, 1
while True:
    items = get(f"/api/initiatives?per_page=100&page={page}")["items"]
    public += len(items)
    if len(items) < 100:
        break
    page += 1
plan_years = [p["year"] for p in get("/api/plans")["plans"]]
in_plans = sum(1 for y in plan_years for a in get(f"/api/plans/{y}")["activities"] if "initiative" in a.get("source", {}))
# An initiative filed under a campaign whose plan is not out yet (2027 in December 2026) has
# no plan to appear in until the plan file is published.
approved_with_plan = sum(1 for i in stored["approved"] if i["public"]["plan_year"] in plan_years)
steps = [
    ("positive submissions answered 201 (coverage and fuzzing phases)", count("POST /api/initiatives", {201}, "positive")),
    ("submissions answered 201 in the stateful phase", count("POST /api/initiatives", {201}, stateful=True)),
    ("trackings by the returned code answered 200 (stateful)", count("GET /api/initiatives/track/{code}", {200}, stateful=True)),
    ("decisions answered 200 (stateful; one initiative may be decided again)", count("POST /api/admin/initiatives/{id}/decision", {200}, stateful=True)),
    ("initiatives stored and still pending", len(stored["pending"])),
    ("initiatives approved", len(stored["approved"])),
    ("initiatives rejected", len(stored["rejected"])),
    ("approved initiatives in GET /api/initiatives", public),
    ("approved initiatives in their year's plan (GET /api/plans/{year})", in_plans),
]
for name, n in steps:
    print(f"  {n:6d}  {name}")
print(f"  ({len(stored['approved']) - approved_with_plan} approved for a year whose plan is not out yet)")
submits = collections.Counter((c["phase"], c["mode"], c["status"]) for c in calls if c["operation"] == "POST /api/initiatives")
print("  submissions by phase, mode and status: " + ", ".join(f"{p} {m} {s}: {n}" for (p, m, s), n in sorted(submits.items())))
statuses = collections.Counter((c["operation"], c["status"]) for c in calls)
print("  answers by operation and status: " + ", ".join(f"{o} {s}: {n}" for (o, s), n in sorted(statuses.items())))
if any(n == 0 for _, n in steps) or public != len(stored["approved"]) or in_plans != approved_with_plan:
    print("a step of a submission's way was never reached, or approved initiatives are missing from the list or the plans", file=sys.stderr)
    sys.exit(1)
PY
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
