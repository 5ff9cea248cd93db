import CheckoutTesting
import Foundation
import Testing

/// The sandbox payment flow against the built binary, with curl, as a developer would run it:
/// order → payment (pay_params) → sandbox pay (a real signed, encrypted v3 notification through
/// the callback path) → paid → fulfilled → completed; then a partial refund.
@Suite(.serialized) struct SandboxPaymentBinaryTests {
    static let script = #"""
    set -euo pipefail
    json() { python3 -c "import sys,json; d=json.load(sys.stdin); print($1)"; }
    SHOP=$(curl -sf -X POST "$BASE/v1/shops" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{"name":"Pay Shop"}')
    SHOP_ID=$(echo "$SHOP" | json 'd["shop"]["id"]'); KEY=$(echo "$SHOP" | json 'd["secret_key"]')
    PRODUCT_ID=$(curl -sf -X POST "$BASE/v1/products" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d '{"title":"Tea","price":2500,"stock":3}' | json 'd["id"]')
    TOKEN=$(curl -sf -X POST "$BASE/v1/sessions" -H 'Content-Type: application/json' -d '{"platform":"sandbox","code":"payer-1"}' | json 'd["token"]')
    place_and_pay() { # $1: idempotency suffix; prints the paid order id
      local order_id payment status=""
      order_id=$(curl -sf -X POST "$BASE/v1/shops/$SHOP_ID/orders" -H "Authorization: Bearer $TOKEN" -H "Idempotency-Key: order-$1" \
        -H 'Content-Type: application/json' \
        -d "{\"items\":[{\"product_id\":\"$PRODUCT_ID\",\"quantity\":1}],\"shipping\":{\"name\":\"Li\",\"phone\":\"13800000000\",\"address\":\"1 Road\"}}" | json 'd["id"]')
      payment=$(curl -sf -X POST "$BASE/v1/orders/$order_id/payments" -H "Authorization: Bearer $TOKEN" -H "Idempotency-Key: pay-$1" \
        -H 'Content-Type: application/json' -d '{"provider":"sandbox"}')
      echo "$payment" | json 'd["pay_params"]["package"]' | grep -q '^prepay_id='
      echo "$payment" | json 'd["pay_params"]["signType"]' | grep -qx 'RSA'
      curl -sf -X POST "$BASE/v1/sandbox/orders/$order_id/pay" -H "Authorization: Bearer $TOKEN" > /dev/null
      for _ in $(seq 50); do
        status=$(curl -sf "$BASE/v1/orders/$order_id" -H "Authorization: Bearer $TOKEN" | json 'd["status"]')
        [ "$status" = paid ] && break; sleep 0.1
      done
      [ "$status" = paid ] || { echo "order $order_id not paid: $status" >&2; return 1; }
      echo "$order_id"
    }
    ORDER_ID=$(place_and_pay 1)
    echo "paid: $(curl -sf "$BASE/v1/orders/$ORDER_ID" -H "Authorization: Bearer $TOKEN" | json 'd["status"]')"
    curl -sf "$BASE/v1/orders/$ORDER_ID" -H "Authorization: Bearer $TOKEN" | json 'd["payment"]["provider"]'
    curl -sf -X POST "$BASE/v1/orders/$ORDER_ID/fulfill" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d '{"carrier":"SF","tracking_number":"SF123"}' | json 'd["status"]'
    curl -sf -X POST "$BASE/v1/orders/$ORDER_ID/complete" -H "Authorization: Bearer $TOKEN" | json 'd["status"]'
    SECOND=$(place_and_pay 2)
    curl -sf -X POST "$BASE/v1/orders/$SECOND/refunds" -H "Authorization: Bearer $KEY" -H 'Idempotency-Key: refund-1' \
      -H 'Content-Type: application/json' -d '{"amount":1000,"reason":"broken cup"}' | json 'd["amount"]'
    STATUS=""
    for _ in $(seq 50); do
      STATUS=$(curl -sf "$BASE/v1/orders/$SECOND" -H "Authorization: Bearer $TOKEN" | json 'd["status"]')
      [ "$STATUS" = partially_refunded ] && break; sleep 0.1
    done
    echo "refund: $STATUS"
    """#

    @Test func sandboxFlow_WithCurl_PaysRefundsFulfillsAndCompletes() throws {
        let admin = "e2e-admin-token-0123456789"
        let service = try ServiceProcess(environment: ["CHECKOUT_SANDBOX": "1", "CHECKOUT_ADMIN_TOKEN": admin])
        defer { service.stop() }
        let result = try Shell.run("/bin/bash", ["-c", Self.script], environment: [
            "BASE": "http://127.0.0.1:\(service.port)", "ADMIN": admin,
        ], timeout: 60)
        #expect(result.status == 0, "\(result.output)\n--- server ---\n\(service.output().suffix(3000))")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("paid: paid"))
        #expect(lines.contains("sandbox"))
        #expect(lines.contains("1000"))
        #expect(lines.contains("refund: partially_refunded"))
        #expect(lines.contains("fulfilled"))
        #expect(lines.contains("completed"))
    }

    @Test func sandboxRoutes_Are404WithoutSandboxMode() throws {
        let service = try ServiceProcess(environment: ["CHECKOUT_SANDBOX": "0"])
        defer { service.stop() }
        let response = try TestConnection(port: service.port).request(
            "POST /v1/sandbox/orders/ord_x/pay HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(response.status == 404)
    }
}
