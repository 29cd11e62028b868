-- wrk script for bench/serve.sh: each connection requests the URLs of the file named by the
-- environment's URLS (one path?query a line) in turn, from its own starting point, and the run ends
-- with one line a shell reads: requests/s, p50 and p99 latency (ms), non-2xx answers, socket errors.
local urls = {}
for line in io.lines(os.getenv("URLS")) do
  if line ~= "" then urls[#urls + 1] = line end
end

local next_url = 0
function setup(thread)
  next_url = next_url + 7
  thread:set("next_url", next_url)
end

function request()
  next_url = next_url % #urls + 1
  return wrk.format("GET", urls[next_url])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.status,
    e.connect + e.read + e.write + e.timeout))
end
