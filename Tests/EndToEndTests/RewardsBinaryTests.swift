import CheckoutTesting
import Foundation
import Testing

/// Sharer rewards against the built binary in sandbox mode, with curl: the program is set, an
/// order is paid with profit sharing (the sandbox plays WeChat Pay's 分账 calls); an order that
/// earns nothing has its held funds released at once, and a credited one is paid out to its
/// sharer after fulfilment (`freeze_days: 0`), a refund after payout becoming an adjustment.
@Suite(.serialized) struct RewardsBinaryTests {
    static let lifecycle = #"""
    set -euo pipefail
    json() { python3 -c "import sys,json; d=json.load(sys.stdin); print($1)"; }
    H='Content-Type: application/json'
    SHOP=$(curl -sf -X POST "$BASE/v1/shops" -H "Authorization: Bearer $ADMIN" -H "$H" -d '{"name":"Reward Shop"}')
    SHOP_ID=$(echo "$SHOP" | json 'd["shop"]["id"]'); KEY=$(echo "$SHOP" | json 'd["secret_key"]')
    curl -sf -X PUT "$BASE/v1/rewards" -H "Authorization: Bearer $KEY" -H "$H" -d '{"enabled":true,"rate_bps":1000,"freeze_days":0}' > /dev/null
    PRODUCT_ID=$(curl -sf -X POST "$BASE/v1/products" -H "Authorization: Bearer $KEY" -H "$H" \
      -d '{"title":"Tea","price":2500,"commission_bps":2000}' | json 'd["id"]')
    session() { curl -sf -X POST "$BASE/v1/sessions" -H "$H" -d "{\"platform\":\"sandbox\",\"code\":\"$1\"}" | json 'd["token"]'; }
    SHARER=$(session sharer-1); FRIEND=$(session friend-1)
    CODE=$(curl -sf -X POST "$BASE/v1/share-links" -H "Authorization: Bearer $SHARER" -H "$H" \
      -d "{\"shop_id\":\"$SHOP_ID\",\"product_id\":\"$PRODUCT_ID\",\"channel\":\"group\"}" | json 'd["code"]')
    curl -sf -o /dev/null -A 'Mozilla/5.0 (iPhone) MicroMessenger/8.0' "$BASE/s/$CODE?scene=1008"
    ORDER_ID=$(curl -sf -X POST "$BASE/v1/shops/$SHOP_ID/orders" -H "Authorization: Bearer $FRIEND" -H "Idempotency-Key: o-1" -H "$H" \
      -d "{\"items\":[{\"product_id\":\"$PRODUCT_ID\",\"quantity\":2}],\"share_code\":\"$CODE\",\"scene\":1008,\"shipping\":{\"name\":\"Li\",\"phone\":\"13800000000\",\"address\":\"1 Road\"}}" | json 'd["id"]')
    curl -sf -X POST "$BASE/v1/orders/$ORDER_ID/payments" -H "Authorization: Bearer $FRIEND" -H "Idempotency-Key: p-1" -H "$H" \
      -d '{"provider":"sandbox"}' > /dev/null
    curl -sf -X POST "$BASE/v1/sandbox/orders/$ORDER_ID/pay" -H "Authorization: Bearer $FRIEND" > /dev/null
    wait_for() { # $1: a command whose output must equal $2
      local out=""; for _ in $(seq 100); do out=$(eval "$1" || true); [ "$out" = "$2" ] && return 0; sleep 0.1; done
      echo "waited for $2, got $out" >&2; return 1
    }
    MINE="curl -sf '$BASE/v1/me/commissions' -H 'Authorization: Bearer $SHARER'"
    wait_for "$MINE | json 'd[\"data\"][0][\"status\"] if d[\"data\"] else None'" pending
    eval "$MINE" | json '"earned: %s %s %s" % (d["data"][0]["amount"], d["data"][0]["rate_bps"], d["balance"]["pending"])'
    curl -sf -X POST "$BASE/v1/orders/$ORDER_ID/fulfill" -H "Authorization: Bearer $KEY" -H "$H" \
      -d '{"carrier":"SF","tracking_number":"SF1"}' > /dev/null
    wait_for "$MINE | json 'd[\"data\"][0][\"status\"]'" paid_out
    eval "$MINE" | json '"paid: %s %s" % (d["balance"]["paid_out"], d["data"][0]["payout"]["out_order_no"] == d["data"][0]["id"])'
    curl -sf -X POST "$BASE/v1/orders/$ORDER_ID/refunds" -H "Authorization: Bearer $KEY" -H "Idempotency-Key: r-1" -H "$H" \
      -d '{"amount":2500}' > /dev/null
    wait_for "$MINE | json 'd[\"balance\"][\"adjustments\"]'" -500
    eval "$MINE" | json '"after refund: %s %s %s %s" % (d["data"][0]["amount"], d["data"][0]["adjustment"], d["balance"]["paid_out"], d["balance"]["total"])'
    curl -sf "$BASE/v1/stats?group_by=sharer" -H "Authorization: Bearer $KEY" | json '"stats commission: %s" % d["data"][0]["commission"]'
    curl -sf "$BASE/v1/commissions?status=paid_out" -H "Authorization: Bearer $KEY" | json '"shop list: %d" % len(d["data"])'
    curl -sf "$BASE/metrics" | grep -c '^checkout_reward_events_total{event="payout_succeeded"} 1$'
    """#

    /// On SQLite and on PostgreSQL (a fresh database of the run's server).
    @Test(arguments: ["sqlite", "postgres"])
    func aCreditedSaleIsPaidOutAfterFulfilmentAndARefundAfterPayoutIsAnAdjustment(_ backend: String) async throws {
        let admin = "e2e-admin-token-0123456789"
        var environment = ["CHECKOUT_SANDBOX": "1", "CHECKOUT_ADMIN_TOKEN": admin]
        if backend == "postgres" { environment["CHECKOUT_DATABASE_URL"] = try await PostgresTestDatabase.freshDatabaseURL() }
        let service = try ServiceProcess(environment: environment)
        defer { service.stop() }
        let result = try await Blocking.run {
            try Shell.run("/bin/bash", ["-c", Self.lifecycle], environment: [
                "BASE": "http://127.0.0.1:\(service.port)", "ADMIN": admin,
            ], timeout: 90)
        }
        #expect(result.status == 0, "\(result.output)\n--- server ---\n\(service.output().suffix(3000))")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("earned: 1000 2000 1000"))
        #expect(lines.contains("paid: 1000 True"))
        #expect(lines.contains("after refund: 500 -500 1000 500"))
        #expect(lines.contains("stats commission: 500"))
        #expect(lines.contains("shop list: 1"))
    }

    static let script = #"""
    set -euo pipefail
    json() { python3 -c "import sys,json; d=json.load(sys.stdin); print($1)"; }
    SHOP=$(curl -sf -X POST "$BASE/v1/shops" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{"name":"Reward Shop"}')
    SHOP_ID=$(echo "$SHOP" | json 'd["shop"]["id"]'); KEY=$(echo "$SHOP" | json 'd["secret_key"]')
    curl -sf -X PUT "$BASE/v1/rewards" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d '{"enabled":true,"rate_bps":1000,"freeze_days":0}' | json '"program: %s %s %s" % (d["enabled"], d["rate_bps"], d["freeze_days"])'
    curl -s -o /dev/null -w 'cap: %{http_code}\n' -X PUT "$BASE/v1/rewards" -H "Authorization: Bearer $KEY" \
      -H 'Content-Type: application/json' -d '{"rate_bps":3001}'
    PRODUCT_ID=$(curl -sf -X POST "$BASE/v1/products" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d '{"title":"Tea","price":2500,"commission_bps":2000}' | json 'd["id"]')
    BUYER=$(curl -sf -X POST "$BASE/v1/sessions" -H 'Content-Type: application/json' -d '{"platform":"sandbox","code":"buyer-1"}' | json 'd["token"]')
    ORDER_ID=$(curl -sf -X POST "$BASE/v1/shops/$SHOP_ID/orders" -H "Authorization: Bearer $BUYER" -H "Idempotency-Key: order-1" \
      -H 'Content-Type: application/json' \
      -d "{\"items\":[{\"product_id\":\"$PRODUCT_ID\",\"quantity\":2}],\"shipping\":{\"name\":\"Li\",\"phone\":\"13800000000\",\"address\":\"1 Road\"}}" | json 'd["id"]')
    curl -sf -X POST "$BASE/v1/orders/$ORDER_ID/payments" -H "Authorization: Bearer $BUYER" -H "Idempotency-Key: pay-1" \
      -H 'Content-Type: application/json' -d '{"provider":"sandbox"}' > /dev/null
    curl -sf -X POST "$BASE/v1/sandbox/orders/$ORDER_ID/pay" -H "Authorization: Bearer $BUYER" > /dev/null
    RELEASED=""
    for _ in $(seq 100); do
      RELEASED=$(curl -sf "$BASE/metrics" | grep '^checkout_reward_events_total{event="funds_released"}' | awk '{print $2}')
      [ "$RELEASED" = 1 ] && break; sleep 0.2
    done
    echo "released: $RELEASED"
    curl -sf "$BASE/v1/commissions" -H "Authorization: Bearer $KEY" | json '"shop commissions: %d" % len(d["data"])'
    curl -sf "$BASE/v1/me/commissions" -H "Authorization: Bearer $BUYER" | json '"balance total: %d" % d["balance"]["total"]'
    """#

    @Test func anUncreditedSandboxPaymentWithTheProgramOnReleasesItsHeldFunds() throws {
        let admin = "e2e-admin-token-0123456789"
        let service = try ServiceProcess(environment: ["CHECKOUT_SANDBOX": "1", "CHECKOUT_ADMIN_TOKEN": admin])
        defer { service.stop() }
        let result = try Shell.run("/bin/bash", ["-c", Self.script], environment: [
            "BASE": "http://127.0.0.1:\(service.port)", "ADMIN": admin,
        ], timeout: 60)
        #expect(result.status == 0, "\(result.output)\n--- server ---\n\(service.output().suffix(3000))")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("program: True 1000 0"))
        #expect(lines.contains("cap: 400"))
        #expect(lines.contains("released: 1"))
        #expect(lines.contains("shop commissions: 0"))
        #expect(lines.contains("balance total: 0"))
    }
}
