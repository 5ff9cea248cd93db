-- wrk script: POST /v1/shops/{shop_id}/orders with a fresh Idempotency-Key per request.
-- Usage: wrk -s Benchmarks/Scripts/orders.lua URL -- SHOP_ID PRODUCT_ID TOKEN RUN_ID
local threads = {}
local counter = 0
local thread_id = 0
local path, headers, body, run_id

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local shop_id, product_id, token = args[1], args[2], args[3]
  run_id = args[4] or tostring(os.time())
  path = "/v1/shops/" .. shop_id .. "/orders"
  headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  body = '{"items":[{"product_id":"' .. product_id .. '","quantity":1}],' ..
         '"shipping":{"name":"Bench","phone":"13800000000","address":"1 Bench Road"}}'
end

function request()
  counter = counter + 1
  headers["Idempotency-Key"] = run_id .. "-" .. thread_id .. "-" .. counter
  return wrk.format("POST", path, headers, body)
end
