-- Shared by bench/server.sh's wrk scripts: one machine-readable line
-- "WRKJSON {...}" at the end (latencies from wrk are in microseconds), the
-- same fields as the wger baseline's, plus how many requests the server
-- acknowledged with a 2xx (summed over wrk's threads).
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

acknowledged = 0

function response(status, headers, body)
  if status >= 200 and status < 300 then
    acknowledged = acknowledged + 1
  end
end

function done(summary, latency, requests)
  local acked = 0
  for _, t in ipairs(threads) do
    acked = acked + (t:get("acknowledged") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_s":%.3f,"rps":%.2f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,"err_connect":%d,"err_read":%d,"err_write":%d,"err_non2xx3xx":%d,"err_timeout":%d,"acknowledged":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, acked))
end
