-- wrk script: the shopper's path, one step per request, one shopper per connection slot:
--   POST /v1/sessions (sandbox login, once per shopper)
--   POST /v1/shops/{shop}/cart/items        add the product to the cart
--   POST /v1/shops/{shop}/orders            buy the whole cart (fresh Idempotency-Key)
--   POST /v1/orders/{id}/payments           sandbox provider (fresh Idempotency-Key)
--   POST /v1/sandbox/orders/{id}/pay        the sandbox platform pays and notifies
-- then the shopper starts again at the cart. wrk does not say which request an answer is
-- for, so each request carries X-Request-Id "<shopper>.<n>", which the server echoes back.
-- Usage: wrk -s checkout-flow.lua URL -- SHOP_ID PRODUCT_ID RUN_ID SHOPPERS
local shop, product, run, shoppers
local state, token, order, idle = {}, {}, {}, {}
local counter = 0
flows, failures = 0, 0 -- globals: done() reads them through thread:get
local json = { ["Content-Type"] = "application/json" }

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  shop, product, run, shoppers = args[1], args[2], args[3] or tostring(os.time()), tonumber(args[4] or "64")
  for i = 1, shoppers do state[i] = "login"; idle[#idle + 1] = i end
end

local function headers(i, key)
  counter = counter + 1
  local h = { ["Content-Type"] = "application/json", ["X-Request-Id"] = i .. "." .. counter }
  if token[i] then h["Authorization"] = "Bearer " .. token[i] end
  if key then h["Idempotency-Key"] = run .. "-" .. i .. "-" .. counter end
  return h
end

function request()
  local i = table.remove(idle)
  -- wrk checks the script once outside any thread, and a shopper may be missing if a
  -- connection was replaced; neither happens in a healthy run.
  if i == nil then return wrk.format("GET", "/healthz", json) end
  local step = state[i]
  if step == "login" then
    return wrk.format("POST", "/v1/sessions", headers(i),
      '{"platform":"sandbox","code":"bench-' .. run .. '-' .. i .. '"}')
  elseif step == "cart" then
    return wrk.format("POST", "/v1/shops/" .. shop .. "/cart/items", headers(i),
      '{"product_id":"' .. product .. '","quantity":1}')
  elseif step == "order" then
    return wrk.format("POST", "/v1/shops/" .. shop .. "/orders", headers(i, true),
      '{"shipping":{"name":"Bench","phone":"13800000000","address":"1 Bench Road"}}')
  elseif step == "payment" then
    return wrk.format("POST", "/v1/orders/" .. order[i] .. "/payments", headers(i, true), '{"provider":"sandbox"}')
  else
    return wrk.format("POST", "/v1/sandbox/orders/" .. order[i] .. "/pay", headers(i), "")
  end
end

local next_step = { login = "cart", cart = "order", order = "payment", payment = "pay", pay = "cart" }

function response(status, headers, body)
  local id = headers["X-Request-Id"] or headers["x-request-id"] or ""
  local i = tonumber(id:match("^(%d+)%."))
  if i == nil then return end
  local step = state[i]
  if status >= 200 and status < 300 then
    if step == "login" then token[i] = body:match('"token":"([^"]+)"') end
    if step == "order" then order[i] = body:match('"id":"([^"]+)"') end
    if step == "pay" then flows = flows + 1 end
    state[i] = next_step[step]
  else
    failures = failures + 1
    state[i] = token[i] and "cart" or "login"
  end
  idle[#idle + 1] = i
end

-- done() runs outside the threads: it sums what each thread counted.
function done(summary, latency, requests)
  local total, failed = 0, 0
  for _, thread in ipairs(threads) do
    total = total + tonumber(thread:get("flows"))
    failed = failed + tonumber(thread:get("failures"))
  end
  io.write(string.format("FLOW flows=%d failures=%d\n", total, failed))
end
