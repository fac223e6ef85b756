-- wrk script: durable POST /api/initiatives, each request with its own Idempotency-Key.
dofile("tests/bench/report.lua")
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  -- Lua's random numbers start from the same seed in every run: seeded by the start time
  -- (runs are seconds apart) and the thread, so keys differ between runs and threads.
  math.randomseed(os.time() * 16 + tid)
end

-- A random UUID v4, the key the app's outbox sends (crypto.randomUUID, src/browser.rs):
-- keys in no order, as real ones come, so each lands on its own page of the key index.
-- (Keys counted up per connection all went to the end of it, which flattered SQLite: in
-- three runs of 10 s against the same server, 6,800 to 7,600 req/s with those and 7,364,
-- 5,810 and 5,521 with these, as the index grew.)
local function uuid_v4()
  local r = math.random
  return string.format("%04x%04x-%04x-4%03x-%04x-%04x%04x%04x",
    r(0, 0xffff), r(0, 0xffff), r(0, 0xffff), r(0, 0xfff), r(0x8000, 0xbfff),
    r(0, 0xffff), r(0, 0xffff), r(0, 0xffff))
end

-- BENCH_PREFIX: the sub-path the server is under ("/cds" behind deploy/nginx.conf).
local prefix = os.getenv("BENCH_PREFIX") or ""

local body = [[{"title":"Hướng dẫn người cao tuổi dùng dịch vụ công","description":"Tình nguyện viên hướng dẫn người cao tuổi cài đặt và dùng ứng dụng dịch vụ công.","organizer_name":"Nhóm tình nguyện","organizer_type":"nhom-cong-dong","province":"ha-noi","start_date":"2026-12-01","end_date":"2026-12-10","contact_email":"bench@example.vn","plan_year":2022,"consent":true}]]

request = function()
  local key = uuid_v4()
  return wrk.format("POST", prefix .. "/api/initiatives", { ["Content-Type"] = "application/json", ["Idempotency-Key"] = key }, body)
end
