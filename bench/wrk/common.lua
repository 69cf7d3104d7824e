-- Shared by bench/server.sh's wrk scripts: one machine-readable line
-- "WRKJSON {...}" at the end (latencies from wrk are in microseconds), the
-- same fields as the wger baseline's, plus how many requests the server
-- acknowledged: every answer wrk did not count as an error status (400 and
-- over). The API answers a post 201, or 200 for a retry, and never 3xx.
-- Counted from wrk's summary rather than in a `response` function: with
-- one, wrk hands every answer's headers and body to Lua, work the wger
-- baseline's scripts do not make it do, on the cores the server shares.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local e = summary.errors
  local acked = summary.requests - e.status
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_s":%.3f,"rps":%.2f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,"err_connect":%d,"err_read":%d,"err_write":%d,"err_non2xx3xx":%d,"err_timeout":%d,"acknowledged":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, acked))
end
