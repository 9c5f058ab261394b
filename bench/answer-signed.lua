-- wrk script: signed answer webhooks, as Vonage sends them (POST JSON, a token per request, each
-- jti used once). wrk's Lua cannot compute HMAC-SHA256, so the tokens are made beforehand by
-- `VoiceProxy.Bench tokens` ("token<TAB>body" lines) and each is sent once, in order.
-- Usage: wrk ... -s bench/answer-signed.lua <url> -- <tokens file>
-- With several wrk threads each would start at the first line: run it with -t1.
local requests = {}
local next = 1

init = function(args)
  for line in io.lines(args[1]) do
    local token, body = line:match("([^\t]+)\t(.+)")
    if token then
      requests[#requests + 1] = wrk.format("POST", "/webhooks/answer",
        { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
    end
  end
end

request = function()
  local r = requests[next]
  -- Past the last token a request repeats one and is refused as a replay (401): the file is sized
  -- for the run, and the report counts non-2xx answers so a short file shows.
  next = next % #requests + 1
  return r
end
