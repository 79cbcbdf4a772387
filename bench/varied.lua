-- A different address per request, drawn from a file written by bench/run.py.
--
--   wrk -t2 -c16 -d10s -s bench/varied.lua http://127.0.0.1:PORT -- addresses.tsv
--
-- Each line of the file: a path, then optionally a tab and the Cookie header of a signed-in
-- session (bench/run.py signs every account in beforehand). wrk's Lua does not say which
-- connection asks for the next request, so the address and its cookie are drawn per request.
-- Responses carrying X-Fragment-Cache (the platform under KCC_BENCH=1) are counted, and the
-- totals printed at the end as "FRAGMENTS hits=N misses=N".

local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("number", count)
  table.insert(threads, thread)
end

function init(args)
  addresses = {}
  for line in io.lines(args[1]) do
    local path, cookie = line:match("^([^\t]+)\t?(.*)$")
    if path then
      local headers = {}
      if cookie ~= "" then
        headers["Cookie"] = cookie
      end
      table.insert(addresses, wrk.format("GET", path, headers))
    end
  end
  math.randomseed(os.time() * 100 + number)
  hits, misses = 0, 0
end

function request()
  return addresses[math.random(#addresses)]
end

function response(status, headers, body)
  local counted = headers["X-Fragment-Cache"]
  if counted then
    local h, m = counted:match("hits=(%d+) misses=(%d+)")
    hits = hits + tonumber(h)
    misses = misses + tonumber(m)
  end
end

function done(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do
    h = h + (thread:get("hits") or 0)
    m = m + (thread:get("misses") or 0)
  end
  io.write(string.format("FRAGMENTS hits=%d misses=%d\n", h, m))
end
