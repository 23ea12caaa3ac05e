-- wrk script: GET /api/v1/advisors/{random id}/progress with the bearer token in $TOKEN.
local max_id = tonumber(os.getenv("MAX_ID") or "100000")
local token = os.getenv("TOKEN")
math.randomseed(42)
request = function()
  local id = math.random(1, max_id)
  return wrk.format("GET", "/api/v1/advisors/" .. id .. "/progress", { ["Authorization"] = "Bearer " .. token })
end
