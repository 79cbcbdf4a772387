-- Enrolments posted while another page is measured: each request, a random official of the
-- file enrols in a random published offering (CSRF token of their own session).
--
--   wrk -t1 -c2 -d12s -s bench/enrol.lua http://127.0.0.1:PORT -- writers.tsv offerings.txt
--
-- writers.tsv: "Cookie header<TAB>csrf token" per line; offerings.txt: one id per line.
-- Each of the two connections waits 200 ms before its next request: about 10 posts a second
-- (the figure bench/run.py reports is wrk's own count).

function init(args)
  writers, offerings = {}, {}
  for line in io.lines(args[1]) do
    local cookie, token = line:match("^([^\t]+)\t(.+)$")
    if cookie then
      table.insert(writers, { cookie = cookie, token = token })
    end
  end
  for line in io.lines(args[2]) do
    table.insert(offerings, line)
  end
  math.randomseed(os.time())
end

function delay()
  return 200
end

function request()
  local writer = writers[math.random(#writers)]
  local offering = offerings[math.random(#offerings)]
  return wrk.format("POST", "/offerings/" .. offering .. "/enrol", {
    ["Cookie"] = writer.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "csrf_token=" .. writer.token)
end
