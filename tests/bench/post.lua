-- wrk script: durable POST /api/initiatives, each request with its own Idempotency-Key.
dofile("tests/bench/report.lua")
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  n = 0
  -- Keys must differ from one run to the next: Lua's random numbers start from the same
  -- seed in every run, so the start time goes into the key (runs are seconds apart).
  run = os.time()
end

-- BENCH_PREFIX: the sub-path the server is under ("/cds" behind deploy/nginx.conf).
local prefix = os.getenv("BENCH_PREFIX") or ""

local body = [[{"title":"Hướng dẫn người cao tuổi dùng dịch vụ công","description":"Tình nguyện viên hướng dẫn người cao tuổi cài đặt và dùng ứng dụng dịch vụ công.","organizer_name":"Nhóm tình nguyện","organizer_type":"nhom-cong-dong","province":"ha-noi","start_date":"2026-12-01","end_date":"2026-12-10","contact_email":"bench@example.vn","plan_year":2022,"consent":true}]]

request = function()
  n = n + 1
  local key = string.format("bench-%d-%d-%d", run, tid, n)
  return wrk.format("POST", prefix .. "/api/initiatives", { ["Content-Type"] = "application/json", ["Idempotency-Key"] = key }, body)
end
