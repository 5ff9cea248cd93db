import CheckoutHTTPTypes
import CheckoutTesting
import CheckoutWeChat
import Foundation
import Testing

/// Both QQ purchase paths on the built binary over real sockets, against fake QQ, QQ Wallet and
/// WeChat Pay platforms: QQ login → order → pay → notification → paid → refund; and forged,
/// replayed, wrong-amount and malformed QQ Wallet notifications that change nothing.
@Suite(.serialized) struct QQBinaryTests {
    struct Harness {
        let wechatPay: FakeWeChatPay
        let qq: FakeQQPlatform
        let qpay: FakeQPay
        let service: ServiceProcess
        let keys: URL
        static let admin = "e2e-admin-token-0123456789"

        init() throws {
            wechatPay = try FakeWeChatPay()
            qq = try FakeQQPlatform(wechatPay: wechatPay)
            qpay = try FakeQPay(appID: qq.appID)
            keys = FileManager.default.temporaryDirectory.appendingPathComponent("cc-qq-e2e-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
            let files = try wechatPay.writeKeyFiles(to: keys)
            let certificates = try TestCertificates.shared()
            service = try ServiceProcess(environment: [
                "CHECKOUT_ADMIN_TOKEN": Self.admin, "CHECKOUT_PUBLIC_URL": "https://shop.example",
                "QQ_APP_ID": qq.appID, "QQ_APP_SECRET": qq.appSecret, "QQ_API_BASE": qq.baseURL,
                "QPAY_MCH_ID": qpay.merchantID, "QPAY_API_KEY": qpay.apiKey, "QPAY_API_BASE": qpay.baseURL,
                "QPAY_CERT": certificates.certificatePath, "QPAY_KEY": certificates.keyPath,
                "QPAY_OP_USER_ID": qpay.operatorID, "QPAY_OP_USER_PASSWD": qpay.operatorPassword,
                "WECHAT_APP_ID": wechatPay.appID, "WECHATPAY_MCH_ID": wechatPay.merchantID,
                "WECHATPAY_APIV3_KEY": wechatPay.apiV3Key, "WECHATPAY_MERCHANT_KEY": files.merchantKey,
                "WECHATPAY_MERCHANT_SERIAL": wechatPay.merchantSerial, "WECHATPAY_PLATFORM_CERT": files.platformKey,
                "WECHATPAY_PLATFORM_SERIAL": wechatPay.platformSerial, "WECHATPAY_API_BASE": wechatPay.baseURL,
            ])
        }

        func stop() {
            service.stop()
            try? FileManager.default.removeItem(at: keys)
        }

        /// One request over a new connection to the binary.
        func call(_ method: String, _ path: String, token: String? = nil, key: String? = nil, json: String? = nil,
                  body: [UInt8]? = nil, contentType: String = "application/json") throws -> TestResponse {
            let payload = body ?? Array((json ?? "").utf8)
            var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(payload.count)\r\n"
            if let token { head += "Authorization: Bearer \(token)\r\n" }
            if let key { head += "Idempotency-Key: \(key)\r\n" }
            if !payload.isEmpty { head += "Content-Type: \(contentType)\r\n" }
            let connection = try TestConnection(port: service.port, timeout: 15)
            try connection.send(Array((head + "\r\n").utf8) + payload)
            return try connection.readResponse(head: method == "HEAD")
        }

        /// A shop with one product and a QQ shopper; returns (shop id, shop key, product id, shopper token).
        func shopAndQQShopper(code: String) throws -> (shop: String, key: String, product: String, token: String) {
            let shop = try call("POST", "/v1/shops", token: Self.admin, json: #"{"name":"QQ Tea"}"#).json
            let shopID = try #require((shop["shop"] as? [String: Any])?["id"] as? String)
            let key = try #require(shop["secret_key"] as? String)
            let product = try call("POST", "/v1/products", token: key, json: #"{"title":"乌龙茶","price":2500,"stock":5}"#).json
            let login = try call("POST", "/v1/sessions", json: #"{"platform":"qq","code":"\#(code)"}"#)
            #expect(login.status == 201, "\(login.text)")
            #expect((login.json["user"] as? [String: Any])?["platform"] as? String == "qq")
            return (shopID, key, try #require(product["id"] as? String), try #require(login.json["token"] as? String))
        }

        func placeOrder(_ s: (shop: String, key: String, product: String, token: String), key: String) throws -> String {
            let order = try call("POST", "/v1/shops/\(s.shop)/orders", token: s.token, key: key, json: """
                {"items":[{"product_id":"\(s.product)","quantity":1}],"shipping":{"name":"Li","phone":"13800000000","address":"1 Road"}}
                """)
            #expect(order.status == 201, "\(order.text)")
            return try #require(order.json["id"] as? String)
        }

        func status(_ orderID: String, token: String) throws -> String? {
            try call("GET", "/v1/orders/\(orderID)", token: token).json["status"] as? String
        }
    }

    @Test func qqWallet_FullPurchaseAndHostileNotifications() throws {
        let h = try Harness()
        defer { h.stop() }
        let s = try h.shopAndQQShopper(code: "e2e-qpay-1")
        let orderID = try h.placeOrder(s, key: "o-1")
        let payment = try h.call("POST", "/v1/orders/\(orderID)/payments", token: s.token, key: "p-1", json: #"{"provider":"qpay"}"#)
        #expect(payment.status == 201, "\(payment.text)")
        #expect((payment.json["pay_params"] as? [String: Any])?["bargainor_id"] as? String == h.qpay.merchantID)

        let notification = h.qpay.pay(orderID, amount: 2500)
        var forged = String(decoding: notification, as: UTF8.self)
        forged = forged.replacingOccurrences(of: "<total_fee>2500</total_fee>", with: "<total_fee>1</total_fee>")
        let callback = "/v1/payment-callbacks/qpay"
        #expect(try h.call("POST", callback, body: Array(forged.utf8), contentType: "text/xml").status == 401)
        let laughs = #"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "a"><!ENTITY b "&a;&a;&a;&a;">]><xml><a>&b;</a></xml>"#
        #expect(try h.call("POST", callback, body: Array(laughs.utf8), contentType: "text/xml").status == 400)
        let broken = Array("<xml><out_trade_no>".utf8) + [0xFF, 0xFE] + Array("</out_trade_no></xml>".utf8)
        #expect(try h.call("POST", callback, body: broken, contentType: "text/xml").status == 400)
        // 10 MB announced: refused from the head, before the body is read.
        let huge = try TestConnection(port: h.service.port, timeout: 15)
        try huge.send(Array("POST \(callback) HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: \(10 * 1024 * 1024)\r\n\r\n<xml><a>".utf8)
                      + [UInt8](repeating: 0x41, count: 64 * 1024))
        #expect(try huge.readResponse().status == 413)
        #expect(try h.status(orderID, token: s.token) == "pending_payment")

        let paid = try h.call("POST", callback, body: notification, contentType: "text/xml")
        #expect(paid.status == 200 && paid.text == "<xml><return_code>SUCCESS</return_code></xml>")
        #expect(try h.status(orderID, token: s.token) == "paid")
        #expect(try h.call("POST", callback, body: notification, contentType: "text/xml").status == 200)

        // Signed by QQ Wallet but for another amount: an anomaly, never a payment.
        let other = try h.placeOrder(s, key: "o-2")
        #expect(try h.call("POST", "/v1/orders/\(other)/payments", token: s.token, key: "p-2", json: #"{"provider":"qpay"}"#).status == 201)
        #expect(try h.call("POST", callback, body: h.qpay.pay(other, amount: 1), contentType: "text/xml").status == 200)
        #expect(try h.status(other, token: s.token) == "pending_payment")
        let anomalies = try h.call("GET", "/v1/payment-anomalies", token: s.key).json["data"] as? [[String: Any]]
        #expect(anomalies?.first?["kind"] as? String == "amount_mismatch")

        let refund = try h.call("POST", "/v1/orders/\(orderID)/refunds", token: s.key, key: "r-1", json: "{}")
        #expect(refund.status == 201, "\(refund.text)")
        // The answer is the refund as created (committed with its key); QQ Wallet's answer settles it.
        #expect(refund.json["status"] as? String == "pending")
        #expect(try h.status(orderID, token: s.token) == "refunded")
    }

    @Test func wechatPayInQQ_FullPurchaseThroughTheForwarder() throws {
        let h = try Harness()
        defer { h.stop() }
        let s = try h.shopAndQQShopper(code: "e2e-wxqq-1")
        let orderID = try h.placeOrder(s, key: "o-1")
        let payment = try h.call("POST", "/v1/orders/\(orderID)/payments", token: s.token, key: "p-1",
                                 json: #"{"provider":"wechatpay_qq"}"#)
        #expect(payment.status == 201, "\(payment.text)\n\(h.service.output().suffix(2000))")
        let params = payment.json["pay_params"] as? [String: Any]
        #expect((params?["url"] as? String)?.hasPrefix("https://wx.tenpay.com/") == true)
        #expect(params?["referer"] as? String == "https://shop.example")
        let realNotify = try #require(h.qq.realNotifyURL(orderID))
        #expect(realNotify == "https://shop.example/v1/payment-callbacks/wechatpay")

        // QQ passes WeChat Pay's notification on to real_notify_url as it came.
        let message = try h.wechatPay.paymentNotification(orderID, amount: 2500)
        var head = "POST /v1/payment-callbacks/wechatpay HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for field in message.headers { head += "\(field.name): \(field.value)\r\n" }
        head += "Content-Type: application/json\r\nContent-Length: \(message.body.count)\r\n\r\n"
        let connection = try TestConnection(port: h.service.port, timeout: 15)
        try connection.send(Array(head.utf8) + message.body)
        #expect(try connection.readResponse().status == 204)
        let order = try h.call("GET", "/v1/orders/\(orderID)", token: s.token).json
        #expect(order["status"] as? String == "paid")
        #expect((order["payment"] as? [String: Any])?["provider"] as? String == "wechatpay_qq")
        let refund = try h.call("POST", "/v1/orders/\(orderID)/refunds", token: s.key, key: "r-1", json: "{}")
        #expect(refund.status == 201, "\(refund.text)")
    }

    /// Stats by scene with QQ scenes on the binary: a Qzone link, a click from the Qzone feed
    /// (2060) that lands on the page with its scene, and a QQ Wallet payment through a real
    /// signed notification, credited in stats by scene and channel and in trending.
    @Test func qqScenesAndQzone_InStatsAndTrending() throws {
        let h = try Harness()
        defer { h.stop() }
        let s = try h.shopAndQQShopper(code: "e2e-qzone-buyer")
        let sharer = try h.call("POST", "/v1/sessions", json: #"{"platform":"qq","code":"e2e-qzone-sharer"}"#).json["token"] as? String
        let link = try h.call("POST", "/v1/share-links", token: sharer,
                              json: #"{"shop_id":"\#(s.shop)","product_id":"\#(s.product)","channel":"qzone"}"#)
        #expect(link.status == 201, "\(link.text)")
        let code = try #require(link.json["code"] as? String)
        let click = try h.call("GET", "/s/\(code)?scene=2060")
        #expect(click.status == 302 && click.header("Location") == "/p/\(s.product)?share=\(code)&scene=2060")
        let order = try h.call("POST", "/v1/shops/\(s.shop)/orders", token: s.token, key: "o-qzone", json: """
            {"items":[{"product_id":"\(s.product)","quantity":1}],"share_code":"\(code)","scene":2060,
             "shipping":{"name":"Li","phone":"13800000000","address":"1 Road"}}
            """)
        let orderID = try #require(order.json["id"] as? String, "\(order.text)")
        #expect(order.json["scene"] as? Int == 2060 && order.json["share_code"] as? String == code)
        #expect(try h.call("POST", "/v1/orders/\(orderID)/payments", token: s.token, key: "p-qzone",
                           json: #"{"provider":"qpay"}"#).status == 201)
        let paid = try h.call("POST", "/v1/payment-callbacks/qpay", body: h.qpay.pay(orderID, amount: 2500), contentType: "text/xml")
        #expect(paid.status == 200)

        func rows(_ groupBy: String) throws -> [String: [String: Any]] {
            let data = try h.call("GET", "/v1/stats?group_by=\(groupBy)", token: s.key).json["data"] as? [[String: Any]] ?? []
            return Dictionary(uniqueKeysWithValues: data.map { (($0["key"] as? String) ?? "none", $0) })
        }
        let feed = try #require(try rows("scene")["2060"])
        #expect(feed["clicks"] as? Int == 1 && feed["paid_orders"] as? Int == 1 && feed["gmv"] as? Int == 2500)
        let qzone = try #require(try rows("channel")["qzone"])
        #expect(qzone["shares"] as? Int == 1 && qzone["paid_orders"] as? Int == 1 && qzone["gmv"] as? Int == 2500)
        let trending = try h.call("GET", "/v1/shops/\(s.shop)/trending?scene=2060").json["data"] as? [[String: Any]]
        #expect(trending?.first?["score"] as? Int == 11)
    }
}
