-- wrk script for `make bench BENCH=serve`: POSTs the body in WRK_BODY_FILE with the headers below, and at the end
-- prints one JSON line (prefixed "WRKJSON ") with requests, duration, errors and latency percentiles (µs).
local f = assert(io.open(os.getenv("WRK_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("WRK_API_KEY")
if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "errors_connect": %d, "errors_read": %d, "errors_write": %d, ' ..
    '"errors_status": %d, "errors_timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
