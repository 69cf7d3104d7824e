-- wrk script: GET the path given on the command line (the History page's
-- first page), as the page asks for it.
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(dir .. "common.lua")
wrk.headers["Accept"] = "application/json"
