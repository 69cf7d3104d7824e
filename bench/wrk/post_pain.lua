-- wrk script: POST /api/v1/pain, a new diary entry each time with its own
-- client-made UUID v7 (as the Diary page makes them), dated now, from a
-- same-origin page (Origin: $LIMBER_ORIGIN).
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(dir .. "common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Origin"] = os.getenv("LIMBER_ORIGIN")

local counter = 0

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

-- A UUID v7: 48 bits of Unix milliseconds, version 7, then a per-thread
-- counter and random bits (62 random bits in all with the seed per
-- thread, so two threads never make the same id in practice).
local function uuid7()
  counter = counter + 1
  local ms = os.time() * 1000 + (counter % 1000)
  local hex = string.format("%012x", ms)
  return string.format("%s-%s-7%03x-%04x-%04x%04x%04x",
    hex:sub(1, 8), hex:sub(9, 12), counter % 4096,
    0x8000 + math.random(0, 0x3fff),
    math.random(0, 0xffff), math.random(0, 0xffff), math.random(0, 0xffff))
end

function request()
  local body = string.format(
    '{"id":"%s","at":"%s","back":3,"leg":2,"reach":"thigh","side":"left","qualities":["ache"],"weakness":false,"morning":false,"note":"wrk"}',
    uuid7(), os.date("!%Y-%m-%dT%H:%M:%SZ"))
  return wrk.format(nil, nil, nil, body)
end
