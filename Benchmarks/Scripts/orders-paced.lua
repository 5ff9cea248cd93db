-- wrk script: the orders of orders.lua, each connection paced to one request every
-- DELAY_MS milliseconds (so connections x 1000 / DELAY_MS is the offered rate while answers
-- come faster than that), counting answers by status.
-- With IDS_PREFIX, each thread writes the id of every order answered 201 to IDS_PREFIX-N, one
-- a line, so the benchmark can read each acknowledged order back from the database.
-- Usage: wrk -s Benchmarks/Scripts/orders-paced.lua URL -- SHOP_ID PRODUCT_ID TOKEN RUN_ID DELAY_MS [IDS_PREFIX]
dofile("Benchmarks/Scripts/orders.lua")
local base_init = init
local pause = 0
local ids = nil
created, shed, other = 0, 0, 0

function init(args)
  base_init(args)
  pause = tonumber(args[5] or "0")
  if args[6] then ids = io.open(args[6] .. "-" .. thread_id, "w") end
end

function delay()
  return pause
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    if ids then ids:write(string.match(body, '"id":"([^"]+)"') or "?", "\n"); ids:flush() end
  elseif status == 503 then shed = shed + 1
  else other = other + 1 end
end

local all_threads = {}
local base_setup = setup
function setup(thread)
  base_setup(thread)
  table.insert(all_threads, thread)
end

function done(summary, latency, requests)
  local c, s, o = 0, 0, 0
  for _, thread in ipairs(all_threads) do
    c = c + thread:get("created"); s = s + thread:get("shed"); o = o + thread:get("other")
  end
  io.write(string.format("answers: 201=%d 503=%d other=%d\n", c, s, o))
end
