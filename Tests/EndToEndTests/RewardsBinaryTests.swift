import CheckoutTesting
import Foundation
import Testing

/// Sharer rewards against the built binary in sandbox mode, with curl: the program is set, an
/// order is paid with profit sharing (the sandbox plays WeChat Pay's 分账 calls), and the
/// order's held funds are released to the merchant when it earns nothing.
@Suite(.serialized) struct RewardsBinaryTests {
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
