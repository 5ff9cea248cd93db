-- wrk script: each thread posts its share of the pre-built notifications in NOTIFICATIONS,
-- one per request, to /v1/payment-callbacks/wechatpay. Counts non-204 answers.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  -- `id` was set on this thread's state by setup(); WRK_THREADS matches wrk's -t.
  local n, index = id, 0
  local total = tonumber(os.getenv("WRK_THREADS"))
  for line in io.lines(os.getenv("NOTIFICATIONS")) do
    if index % total == n then
      local ts, nonce, sig, serial, body = line:match("([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)")
      table.insert(requests, wrk.format("POST", "/v1/payment-callbacks/wechatpay", {
        ["Content-Type"] = "application/json", ["Wechatpay-Timestamp"] = ts, ["Wechatpay-Nonce"] = nonce,
        ["Wechatpay-Signature"] = sig, ["Wechatpay-Serial"] = serial,
        ["Wechatpay-Signature-Type"] = "WECHATPAY2-SHA256-RSA2048"}, body))
    end
    index = index + 1
  end
  position = 0
  not204 = 0
end

function request()
  -- wrk calls this once outside any thread to check the script.
  if requests == nil or #requests == 0 then return wrk.format("GET", "/healthz") end
  position = position + 1
  if position > #requests then position = 1 end
  return requests[position]
end

function response(status, headers, body)
  if status ~= 204 then not204 = not204 + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + tonumber(thread:get("not204")) end
  io.write(string.format("RESULT requests=%d seconds=%.2f p50_ms=%.2f p99_ms=%.2f not204=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
