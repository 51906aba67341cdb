-- Rotates the Host header over every registered preview host: pr1..prN.<domain> and pr1..prN-api.<domain>.
-- Requests are formatted once in init, so the per-request cost in wrk is the same for both proxies.
local previews = tonumber(os.getenv("PREVIEWS") or "1")
local domain = os.getenv("DOMAIN") or "preview.localhost"
local requests = {}
local next_index = 0

function init(args)
  for i = 1, previews do
    requests[#requests + 1] = wrk.format("GET", "/", { Host = "pr" .. i .. "." .. domain })
    requests[#requests + 1] = wrk.format("GET", "/", { Host = "pr" .. i .. "-api." .. domain })
  end
  -- Each wrk thread starts at its own place in the rotation.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
  next_index = math.random(#requests) - 1
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
