#!/usr/bin/env python3
"""Drives headless Chromium (selenium + chromedriver) through ChatCheckout's pages against a
running server in sandbox mode. Run by Tests/EndToEndTests/BrowserPagesTests.swift, which
starts the binary and makes the shop, products and share link.

Checks, each a failure (exit 1) when broken:
- budgets per page under emulated slow 3G (400 kbit/s, 400 ms latency), cold cache: no
  request to another host, at most 60 KB transferred with everything it loads, no console
  errors, no horizontal scrolling at 375 px. The times (load event, time to interactive) are
  measured and printed, never asserted: on a loaded build machine a wall-clock budget flakes
  (the numbers go to docs/PERFORMANCE.md);
- the purchase from a share link (the first order answer is lost on the way, so the retried
  tap must replay the same Idempotency-Key and buy once), and the dashboard in a second
  window showing the paid order and the moved counters without reload; the dashboard opens
  its stream with a live token in a header (never the shop key, never a URL), and after a
  drop reconnects with Last-Event-ID and shows the order paid while it was away; scenes
  (WeChat's and QQ's) and channels by name;
- stock states (in stock, only N left, sold out), and refusals told in words: out of stock
  (the last unit sold under the shopper), rate limited with its wait, an expired order;
- a product titled <img src=x onerror=alert(1)> shows those characters; English when the
  browser prefers it; the 404 page for an unknown product; no key or token in any URL.
Prints one JSON line of measurements; screenshots go to --out.
"""
import argparse
import json
import sys
import time
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# What WeChat's in-app browser sends on an Android phone; headless Chromium's own User-Agent says
# "HeadlessChrome", which the share-click counter rightly takes for a machine.
WECHAT_UA = ("Mozilla/5.0 (Linux; Android 12; M2102J2SC Build/SKQ1.211006.001; wv) AppleWebKit/537.36 "
             "(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) "
             "NetType/4G Language/zh_CN")
# Mobile QQ's in-app browser on Android.
QQ_UA = ("Mozilla/5.0 (Linux; Android 12; V2046A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Version/4.0 Chrome/109.0.5414.86 MQQBrowser/6.2 TBS/047205 Mobile Safari/537.36 V1_AND_SQ_9.0.20_5870_YYB_D QQ/9.0.20.15870 "
         "NetType/WIFI WebP/0.3.0 AppId/537213803 Pixel/1080")
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8,
           "uploadThroughput": 400 * 1000 / 8}
BUDGET_BYTES = 60 * 1000
SLOW_3G_LOAD_GOAL_MS = 3000  # the goal for the load event; reported, not asserted
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message, file=sys.stderr)
    return condition


def make_driver(lang="zh-CN", width=375, height=812, user_agent=WECHAT_UA):
    options = webdriver.ChromeOptions()
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--disable-gpu")
    options.add_argument("--no-first-run")
    options.add_argument(f"--lang={lang}")
    options.add_argument(f"--user-agent={user_agent}")
    options.add_argument(f"--window-size={width},{height}")
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Network.enable", {})
    resize(driver, width, height)
    return driver


def resize(driver, width, height):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def network_log(driver):
    """Requests seen since the last call: {request_id: {url, bytes}} from the DevTools events."""
    requests = {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            requests.setdefault(params["requestId"], {"bytes": 0})["url"] = params["request"]["url"]
            requests[params["requestId"]]["headers"] = params["request"].get("headers", {})
        elif message["method"] == "Network.loadingFinished":
            requests.setdefault(params["requestId"], {"bytes": 0})["bytes"] = params["encodedDataLength"]
    return requests


def console_errors(driver, allowed=()):
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    return [e for e in errors if not any(a in e for a in allowed)]


def wait(driver, condition, seconds=20, what="condition"):
    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition)
    except TimeoutException:
        check(False, f"timed out waiting for {what}")
        return None


def measure(driver, base, path, ready_script, name, allowed_console=()):
    """Loads `path` cold under slow 3G and checks the budgets; returns the measurements."""
    driver.get_log("performance")
    driver.get_log("browser")
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", SLOW_3G)
    driver.get(base + path)
    wait(driver, lambda d: d.execute_script(ready_script), 30, f"{name} to be ready")
    time.sleep(1.5)  # let the requests the page starts after load finish under the slow link
    timing = driver.execute_script("""
        const nav = performance.getEntriesByType('navigation')[0];
        const ready = performance.getEntriesByName('cc-ready')[0];
        return {load: nav.loadEventEnd, dcl: nav.domContentLoadedEventEnd, ready: ready ? ready.startTime : null,
                scroll: document.documentElement.scrollWidth, width: window.innerWidth};""")
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                               "downloadThroughput": -1, "uploadThroughput": -1})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    requests = network_log(driver)
    origin = urllib.parse.urlsplit(base).netloc
    hosts = {urllib.parse.urlsplit(r["url"]).netloc for r in requests.values() if r.get("url", "").startswith("http")}
    others = [r["url"] for r in requests.values() if r.get("url", "").startswith(("data:",)) is False
              and urllib.parse.urlsplit(r.get("url", "")).netloc not in ("", origin)]
    total = sum(r["bytes"] for r in requests.values())
    result = {"page": name, "requests": len(requests), "bytes": total, "load_ms": round(timing["load"]),
              "dom_ready_ms": round(timing["dcl"]),
              "interactive_ms": round(timing["ready"]) if timing["ready"] is not None else None}
    check(not others, f"{name}: requests to other hosts: {others} (hosts {hosts})")
    check(total <= BUDGET_BYTES, f"{name}: {total} bytes transferred, budget {BUDGET_BYTES}")
    result["load_goal_met"] = timing["load"] <= SLOW_3G_LOAD_GOAL_MS
    check(timing["scroll"] <= timing["width"], f"{name}: scrolls horizontally ({timing['scroll']} > {timing['width']})")
    errors = console_errors(driver, allowed_console)
    check(not errors, f"{name}: console errors: {errors}")
    return result


def no_alert(driver):
    try:
        driver.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def text(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def buy(driver, args):
    """Buys from the product page; the first order answer is dropped, the retried tap replays."""
    driver.find_element(By.ID, "buy").click()
    wait(driver, lambda d: d.find_element(By.ID, "ship-name").is_displayed(), what="the delivery form")
    driver.find_element(By.ID, "ship-name").send_keys("李雷")
    driver.find_element(By.ID, "ship-phone").send_keys("13800000000")
    driver.find_element(By.ID, "ship-address").send_keys("上海市测试路 1 号")
    driver.find_element(By.ID, "buy").click()
    shown = wait(driver, lambda d: d.find_element(By.ID, "msg").get_attribute("class") == "note error"
                 and d.find_element(By.ID, "msg").text, what="the lost answer's message")
    check(shown and ("网络" in shown or "network" in shown.lower()), f"the lost answer is told in words, got {shown!r}")
    wait(driver, lambda d: d.find_element(By.ID, "buy").is_enabled(), what="the buy button to come back")
    driver.find_element(By.ID, "buy").click()
    wait(driver, lambda d: d.find_element(By.ID, "paid").is_displayed(), 30, "the paid state")
    detail = text(driver, "paid-detail")
    check(args.price_text in detail, f"the paid state names the amount {args.price_text}: {detail!r}")
    return driver.find_element(By.ID, "paid").get_attribute("data-order")


LOSE_FIRST_ORDER_ANSWER = """
(function () {
  var real = window.fetch;
  window.__orderKeys = [];
  window.__answerLost = false;
  window.fetch = function (url, init) {
    var isOrder = /\\/v1\\/shops\\/[^/]+\\/orders$/.test(String(url)) && init && init.method === 'POST';
    if (isOrder) window.__orderKeys.push(init.headers['Idempotency-Key']);
    return real.apply(this, arguments).then(function (res) {
      if (isOrder && !window.__answerLost) { window.__answerLost = true; throw new TypeError('answer lost on the way'); }
      return res;
    });
  };
})();
"""


LIVE_PROBE = """
(function () {
  // Records every request the dashboard makes to the live stream, and lets the test drop the
  // open stream (__dropLive) and hold the reconnection (__holdLive) while an order is paid.
  var real = window.fetch;
  window.__live = [];
  window.__holdLive = false;
  window.fetch = function (url, init) {
    if (String(url).indexOf('/v1/stats/live') < 0 || String(url).indexOf('/v1/stats/live-tokens') >= 0) return real.apply(this, arguments);
    var headers = (init && init.headers) || {};
    window.__live.push({ url: String(url), auth: headers.Authorization || '', last: headers['Last-Event-ID'] || null });
    var mine = new AbortController();
    if (init && init.signal) init.signal.addEventListener('abort', function () { mine.abort(); });
    window.__dropLive = function () { mine.abort(); };
    var args = Object.assign({}, init, { signal: mine.signal }), self = this;
    return new Promise(function (resolve) {
      (function go() { if (window.__holdLive) setTimeout(go, 100); else resolve(); })();
    }).then(function () { return real.call(self, url, args); });
  };
})();
"""


def live_stream_and_replay(merchant, shopper, args):
    """The dashboard's stream: a live token, never the key; a drop, an order paid meanwhile, a replay."""
    requests = merchant.execute_script("return window.__live")
    check(requests and all(r["auth"].startswith("Bearer lt_") for r in requests),
          f"the stream is opened with a live token: {[r['auth'][:10] for r in requests]}")
    check(all(args.shop_key not in r["auth"] and "token" not in r["url"] and args.shop_key not in r["url"] for r in requests),
          "neither the shop key nor a token is sent to the stream URL")
    merchant.execute_script("window.__holdLive = true; window.__dropLive();")
    wait(merchant, lambda d: d.find_element(By.ID, "live").get_attribute("class") == "live", 20, "the dashboard to notice the drop")
    second = buy_again(shopper, args)
    merchant.execute_script("window.__holdLive = false")
    wait(merchant, lambda d: d.find_element(By.ID, "live").get_attribute("class") == "live on", 30, "the stream to come back")
    requests = merchant.execute_script("return window.__live")
    check(len(requests) >= 2 and requests[-1]["last"], f"the reconnection sends Last-Event-ID: {requests}")
    wait(merchant, lambda d: d.find_elements(By.CSS_SELECTOR, f"#feed li[data-order='{second}']"), 20,
         "the order paid during the drop, replayed on the dashboard")
    return second


def buy_again(driver, args):
    """A second purchase on the product page (the delivery form keeps its values); no answer is lost this time."""
    driver.execute_script("window.__answerLost = true")
    driver.find_element(By.ID, "buy").click()
    wait(driver, lambda d: d.find_element(By.ID, "ship-name").is_displayed(), what="the delivery form again")
    before = driver.find_element(By.ID, "paid").get_attribute("data-order")
    driver.find_element(By.ID, "buy").click()
    wait(driver, lambda d: d.find_element(By.ID, "paid").is_displayed()
         and d.find_element(By.ID, "paid").get_attribute("data-order") != before, 30, "the second paid state")
    return driver.find_element(By.ID, "paid").get_attribute("data-order")


def api(base, method, path, token, body=None):
    """One API call from the test itself (to change a product under the page's feet)."""
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def stock_states(driver, base, args, ready):
    """In stock, only N left, sold out (buy button off), and a sale that runs out under the shopper."""
    driver.get(base + "/p/" + args.xss_product)
    wait(driver, lambda d: d.execute_script(ready), what="the unlimited product")
    check(text(driver, "stock") == "有货", f"unlimited stock reads in stock: {text(driver, 'stock')!r}")
    driver.get(base + "/p/" + args.product)
    wait(driver, lambda d: d.execute_script(ready), what="the product with little stock")
    check(text(driver, "stock").startswith("仅剩 "), f"little stock reads only N left: {text(driver, 'stock')!r}")
    driver.get(base + "/p/" + args.sold_out_product)
    wait(driver, lambda d: d.execute_script(ready), what="the sold-out product")
    check(text(driver, "stock") == "已售罄" and not driver.find_element(By.ID, "buy").is_enabled(),
          f"sold out: {text(driver, 'stock')!r}, the buy button off")
    # The last unit goes while the shopper fills the form: the refusal is told in words.
    api(base, "PATCH", "/v1/products/" + args.sold_out_product, args.shop_key, {"stock": 1})
    driver.get(base + "/p/" + args.sold_out_product)
    wait(driver, lambda d: d.execute_script(ready) and d.find_element(By.ID, "buy").is_enabled(), what="one unit left")
    driver.execute_script("window.__answerLost = true")
    driver.find_element(By.ID, "buy").click()
    wait(driver, lambda d: d.find_element(By.ID, "ship-name").is_displayed(), what="the delivery form")
    api(base, "PATCH", "/v1/products/" + args.sold_out_product, args.shop_key, {"stock": 0})
    driver.find_element(By.ID, "buy").click()
    shown = wait(driver, lambda d: d.find_element(By.ID, "msg").get_attribute("class") == "note error"
                 and d.find_element(By.ID, "msg").text, what="the out-of-stock message")
    check(shown and "库存不足" in shown, f"out of stock is told in words: {shown!r}")


FAULTS = """
(function () {
  // The next request whose URL matches window.__fault.path gets window.__fault's answer instead.
  var real = window.fetch;
  window.__fault = null;
  window.fetch = function (url, init) {
    var fault = window.__fault;
    if (fault && new RegExp(fault.path).test(String(url))) {
      window.__fault = null;
      return Promise.resolve(new Response(JSON.stringify(fault.body), {
        status: fault.status, headers: Object.assign({ 'Content-Type': 'application/json' }, fault.headers || {}) }));
    }
    return real.apply(this, arguments);
  };
})();
"""


def api_errors_in_words(driver, base, args, ready):
    """The API's refusals (rate limited with its wait, an order that expired) are told in words."""
    cases = [
        ("/v1/sessions$", 429, "rate_limited", {"Retry-After": "7"}, ["操作太频繁", "7 秒"]),
        ("/payments$", 409, "invalid_state", {}, ["订单已过期"]),
    ]
    for path, status, code, headers, words in cases:
        driver.get(base + "/p/" + args.product)
        wait(driver, lambda d: d.execute_script(ready), what="the product page")
        if path == "/v1/sessions$":
            driver.execute_script("sessionStorage.removeItem('cc_session')")
        driver.execute_script("window.__answerLost = true; window.__fault = arguments[0]",
                              {"path": path, "status": status, "headers": headers,
                               "body": {"error": {"code": code, "message": "from the test"}}})
        driver.find_element(By.ID, "buy").click()
        wait(driver, lambda d: d.find_element(By.ID, "ship-name").is_displayed(), what="the delivery form")
        driver.find_element(By.ID, "buy").click()
        shown = wait(driver, lambda d: d.find_element(By.ID, "msg").get_attribute("class") == "note error"
                     and d.find_element(By.ID, "msg").text, what=f"the {code} message")
        check(bool(shown) and all(w in shown for w in words), f"{code} is told in words: {shown!r}")
        wait(driver, lambda d: d.find_element(By.ID, "buy").is_enabled(), what="the buy button to come back")


WEB_SHARE = """
window.__shared = null;
navigator.share = function (data) { window.__shared = data; return Promise.resolve(); };
navigator.canShare = function () { return true; };
"""


def share_button(driver, expected_path):
    """The share button offers a link (copy fallback: headless Chromium has no Web Share)."""
    driver.find_element(By.ID, "share").click()
    wait(driver, lambda d: d.find_element(By.ID, "share-box").is_displayed(), what="the share box")
    url = driver.find_element(By.ID, "share-url").get_attribute("value")
    check(expected_path in url, f"the share box offers a {expected_path} link: {url!r}")
    check(text(driver, "share-lead") != "", "the share box says what to do with the link")
    return url


def handoff(args, base):
    """Outside sandbox mode: buying shows how the mini program takes over (WeChat's pay parameters
    in WeChat, QQ Wallet's and WeChat Pay in QQ's in QQ); sharing falls back to the page."""
    for platform, user_agent, calls in (("wechat", WECHAT_UA, ["wx.requestPayment", "paySign"]),
                                        ("qq", QQ_UA, ["qq.requestPayment", "bargainor_id", "qq.requestWxPayment"])):
        driver = make_driver(user_agent=user_agent)
        driver.get(base + "/p/" + args.product)
        ready = "return !!performance.getEntriesByName('cc-ready').length"
        wait(driver, lambda d: d.execute_script(ready), what="the product page")
        driver.find_element(By.ID, "buy").click()
        driver.find_element(By.ID, "ship-name").send_keys("Li Lei")
        driver.find_element(By.ID, "ship-phone").send_keys("13800000000")
        driver.find_element(By.ID, "ship-address").send_keys("1 Test Road")
        driver.find_element(By.ID, "buy").click()
        wait(driver, lambda d: d.find_element(By.ID, "handoff").is_displayed(), what="the mini program hand-over")
        params = text(driver, "handoff-params")
        check(all(call in params for call in calls) and args.product in params,
              f"{platform}: the hand-over shows {calls}: {params!r}")
        check(not driver.find_element(By.ID, "msg").is_displayed(), f"{platform}: no error beside the hand-over")
        check(driver.find_element(By.ID, "buy").is_enabled(), f"{platform}: the buy button is never dead")
        share_button(driver, "/p/" + args.product)
        driver.save_screenshot(f"{args.out}/handoff-{platform}-375.png")
        errors = console_errors(driver, ["status of 400"])
        check(not errors, f"{platform}: console errors: {errors}")
        driver.quit()
    print(json.dumps({"handoff": "ok", "failures": failures}))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--product", required=True)
    parser.add_argument("--price-text", required=True)
    parser.add_argument("--xss-product")
    parser.add_argument("--inactive-product")
    parser.add_argument("--sold-out-product", help="a product with stock 0 (the test sets it to 1 and back)")
    parser.add_argument("--share-url", help="a /s/{code} link to the product (omitted: open /p/{id})")
    parser.add_argument("--shop-key", default="")
    parser.add_argument("--handoff", action="store_true", help="the server is not in sandbox mode: check the hand-over only")
    parser.add_argument("--dashboard", action="store_true", help="also check the live dashboard")
    parser.add_argument("--scene-names", nargs="*", default=[], help="rows the dashboard's by-scene table must show")
    parser.add_argument("--channel-names", nargs="*", default=[], help="rows the dashboard's by-channel table must show")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    base = args.base.rstrip("/")
    if args.handoff:
        return handoff(args, base)
    results = {"pages": []}

    shopper = make_driver()
    shopper.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LOSE_FIRST_ORDER_ANSWER})
    shopper.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FAULTS})
    product_ready = "return !!performance.getEntriesByName('cc-ready').length && document.getElementById('seller').textContent !== ''"
    results["pages"].append(measure(shopper, base, "/p/" + args.product, product_ready, "product page"))
    check(shopper.execute_script("return document.documentElement.lang") == "zh-CN", "the product page is zh-CN by default")
    check(text(shopper, "price") == args.price_text, f"price {text(shopper, 'price')!r} != {args.price_text!r}")
    check(text(shopper, "buy") == "立即购买", "the buy button speaks Chinese")
    results["pages"].append(measure(shopper, base, "/p/" + args.inactive_product,
                                    "return document.readyState === 'complete'", "not-found page",
                                    allowed_console=["status of 404"]))
    check(shopper.find_element(By.CSS_SELECTOR, ".big").text == "404" and text(shopper, "nf-title") != "",
          "the not-found page shows 404 in the site's look")
    results["pages"].append(measure(shopper, base, "/dashboard", "return document.readyState === 'complete'",
                                    "dashboard"))
    if args.shop_key:
        # Signed in (the key already in this tab): interactive once the counters and the stream are up.
        shopper.execute_script("sessionStorage.setItem('cc_shop_key', arguments[0])", args.shop_key)
        results["pages"].append(measure(shopper, base, "/dashboard",
                                        "return !!performance.getEntriesByName('cc-ready').length "
                                        "&& document.getElementById('live').className === 'live on'",
                                        "dashboard signed in"))
        shopper.execute_script("sessionStorage.removeItem('cc_shop_key')")

    merchant = None
    if args.dashboard:
        merchant = make_driver(width=1280, height=900)
        merchant.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LIVE_PROBE})
        merchant.get(base + "/dashboard")
        wait(merchant, lambda d: d.find_element(By.ID, "key").is_displayed(), what="the key form")
        merchant.find_element(By.ID, "key").send_keys(args.shop_key)
        merchant.find_element(By.ID, "connect").click()
        wait(merchant, lambda d: d.find_element(By.ID, "live").get_attribute("class") == "live on", 20, "the live stream")
        merchant.execute_script("window.__sameDocument = true")
        before = merchant.find_element(By.ID, "m-paid_orders").text
        check(args.shop_key not in merchant.current_url, "the shop key is not in the dashboard URL")
        storage = merchant.execute_script("return [sessionStorage.getItem('cc_shop_key'), JSON.stringify(localStorage), document.cookie]")
        check(storage[0] == args.shop_key, "the shop key is kept in sessionStorage")
        check(args.shop_key not in storage[1] and args.shop_key not in storage[2], "the shop key is in no other storage")

    # From the share link to a paid order.
    landing = args.share_url or (base + "/p/" + args.product)
    shopper.get(landing)
    wait(shopper, lambda d: d.execute_script(product_ready), what="the product page from the share link")
    if args.share_url:
        check("share=" in shopper.current_url, f"the share link lands with its code: {shopper.current_url}")
        if "scene=" in args.share_url:
            check("scene=" in shopper.current_url, f"the share link lands with its scene: {shopper.current_url}")
    order_id = buy(shopper, args)
    keys = shopper.execute_script("return window.__orderKeys")
    check(len(keys) == 2 and keys[0] == keys[1], f"the retried tap reused the Idempotency-Key: {keys}")
    results["order"] = order_id
    share_button(shopper, "/s/" if args.share_url else "/p/")
    results["order_keys"] = keys
    shopper.save_screenshot(f"{args.out}/product-375.png")
    resize(shopper, 1280, 900)
    shopper.get(base + "/p/" + args.product)
    wait(shopper, lambda d: d.execute_script(product_ready), what="the product page at 1280")
    shopper.save_screenshot(f"{args.out}/product-1280.png")
    resize(shopper, 375, 812)

    if merchant:
        wait(merchant, lambda d: d.find_elements(By.CSS_SELECTOR, f"#feed li[data-order='{order_id}']"), 20,
             "the paid order on the dashboard")
        wait(merchant, lambda d: d.find_element(By.ID, "m-paid_orders").text != before, 20, "the paid counter to move")
        check(merchant.execute_script("return window.__sameDocument === true"), "the dashboard updated without reload")
        wait(merchant, lambda d: d.find_elements(By.CSS_SELECTOR, "#chart rect.paid"), 10, "a paid bar in the chart")
        results["replayed_order"] = live_stream_and_replay(merchant, shopper, args)
        for table, names in (("t-scene", args.scene_names), ("t-channel", args.channel_names)):
            for name in names:
                wait(merchant, lambda d: name in d.find_element(By.ID, table).text, 30, f"{name!r} in {table}")
        results["dashboard_paid_orders"] = merchant.find_element(By.ID, "m-paid_orders").text
        merchant.save_screenshot(f"{args.out}/dashboard-1280.png")
        resize(merchant, 375, 812)
        time.sleep(0.5)
        check(merchant.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"),
              "the dashboard does not scroll horizontally at 375 px")
        merchant.save_screenshot(f"{args.out}/dashboard-375.png")
        check(not console_errors(merchant), f"dashboard console errors: {console_errors(merchant)}")
        for request in network_log(merchant).values():
            check(args.shop_key not in request.get("url", ""), f"the shop key rode in a URL: {request.get('url')}")

    # Every URL the shopper's browser asked for: no session token, no key.
    token = shopper.execute_script("var s = JSON.parse(sessionStorage.getItem('cc_session') || 'null'); return s && s.token")
    check(bool(token), "the shopper has a session")
    for request in network_log(shopper).values():
        url = request.get("url", "")
        check(not token or token not in url, f"the session token rode in a URL: {url}")

    # API text is text.
    shopper.get(base + "/p/" + args.xss_product)
    wait(shopper, lambda d: d.execute_script(product_ready), what="the product titled with markup")
    check(no_alert(shopper), "a title with markup ran script")
    check(text(shopper, "title") == "<img src=x onerror=alert(1)>", f"the title shows as characters: {text(shopper, 'title')!r}")
    check(not shopper.find_elements(By.CSS_SELECTOR, "#title img"), "the title made an element")
    if args.sold_out_product and args.shop_key:
        stock_states(shopper, base, args, product_ready)
        api_errors_in_words(shopper, base, args, product_ready)
    shopper.get(base + "/p/" + args.inactive_product)
    shopper.save_screenshot(f"{args.out}/not-found-375.png")
    shopper.quit()

    english = make_driver(lang="en-US")
    english.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WEB_SHARE})
    english.get(base + "/p/" + args.product)
    wait(english, lambda d: d.execute_script(product_ready), what="the English product page")
    check(english.execute_script("return document.documentElement.lang") == "en-US", "English when the browser prefers it")
    check(text(english, "buy") == "Buy now", f"English buy button: {text(english, 'buy')!r}")
    check(text(english, "price") == args.price_text, f"English price: {text(english, 'price')!r}")
    check(text(english, "seller").startswith("Sold by"), f"English seller line: {text(english, 'seller')!r}")
    check(text(english, "stock").startswith("Only "), f"English stock state: {text(english, 'stock')!r}")
    english.find_element(By.ID, "share").click()
    shared = wait(english, lambda d: d.execute_script("return window.__shared"), what="the Web Share sheet")
    check(bool(shared) and "/s/" in shared.get("url", "") and shared.get("title"), f"Web Share gets the link: {shared}")
    check(not english.find_element(By.ID, "share-box").is_displayed(), "with Web Share there is no copy box")
    english.get(base + "/p/" + args.inactive_product)
    check("not" in text(english, "nf-title").lower(), "the not-found page speaks English too")
    if merchant:
        english.get(base + "/dashboard")
        english.execute_script("sessionStorage.setItem('cc_shop_key', arguments[0])", args.shop_key)
        english.get(base + "/dashboard")
        wait(english, lambda d: d.find_element(By.ID, "live").get_attribute("class") == "live on", 20, "the English dashboard")
        wait(english, lambda d: "Group chat" in d.find_element(By.ID, "t-scene").text, 20, "English scene names")
        check(english.execute_script("return document.documentElement.lang") == "en-US", "the dashboard speaks English too")
    english.quit()
    if merchant:
        merchant.quit()

    results["failures"] = failures
    print(json.dumps(results, ensure_ascii=False))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
