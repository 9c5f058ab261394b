-- wrk script: each request is an answer webhook from a random live route (caller, dialed number).
-- Usage: wrk ... -s bench/answer.lua <url> -- <routes file with "from to" lines>
local paths = {}

init = function(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 1000)
  for line in io.lines(args[1]) do
    local from, to = line:match("(%d+) (%d+)")
    if from then paths[#paths + 1] = "/webhooks/answer?from=" .. from .. "&to=" .. to .. "&uuid=bench" end
  end
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
