-- wrk script for `npm run bench -- rta`: cycles through a pool of prepared bid requests (JSON and
-- protobuf bodies; known, unknown and malformed) read from the file named by JOINTSCORE_POOL, and
-- prints the latency percentiles (microseconds) and error counts as one JSON line.
local pool = {}
local n = 0
local counter = 0

function init(args)
  local f = assert(io.open(os.getenv("JOINTSCORE_POOL"), "rb"))
  while true do
    local ctype = f:read("*l")
    if not ctype or ctype == "" then break end
    local len = tonumber(f:read("*l"))
    local body = f:read(len)
    f:read(1)
    n = n + 1
    pool[n] = wrk.format("POST", "/rta", { ["Content-Type"] = ctype }, body)
  end
  f:close()
  counter = math.random(n)
end

function request()
  counter = counter % n + 1
  return pool[counter]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSONRESULT {"requests":%d,"duration_us":%d,"p50":%.1f,"p90":%.1f,"p99":%.1f,"p999":%.1f,"max":%.1f,"mean":%.1f,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
