-- wrk script: POST /api/v1/pain, a new diary entry each time with its own
-- client-made UUID v7 (as the Diary page makes them), dated now, from a
-- same-origin page (Origin: $LIMBER_ORIGIN).
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(dir .. "common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Origin"] = os.getenv("LIMBER_ORIGIN")

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

-- The wall clock in milliseconds (Lua's os.time counts seconds).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } limber_timespec;
int clock_gettime(int clock, limber_timespec *tp);
]]
local CLOCK_REALTIME = 0
local now = ffi.new("limber_timespec")
local function unix_ms()
  ffi.C.clock_gettime(CLOCK_REALTIME, now)
  return tonumber(now.tv_sec) * 1000 + math.floor(tonumber(now.tv_nsec) / 1e6)
end

-- A UUID v7 as the Diary page makes one (`L.uuid7` in app.js): 48 bits
-- of Unix milliseconds, the version, then random bits. Ids made later
-- sort later, as every client's do.
local function uuid7()
  local hex = string.format("%012x", unix_ms())
  return string.format("%s-%s-7%03x-%04x-%04x%04x%04x",
    hex:sub(1, 8), hex:sub(9, 12), math.random(0, 0xfff),
    0x8000 + math.random(0, 0x3fff),
    math.random(0, 0xffff), math.random(0, 0xffff), math.random(0, 0xffff))
end

function request()
  local body = string.format(
    '{"id":"%s","at":"%s","back":3,"leg":2,"reach":"thigh","side":"left","qualities":["ache"],"weakness":false,"morning":false,"note":"wrk"}',
    uuid7(), os.date("!%Y-%m-%dT%H:%M:%SZ"))
  return wrk.format(nil, nil, nil, body)
end
