import CheckoutCrypto
import CheckoutHTTP
import CheckoutQQ
import CheckoutWeChat
import Foundation
import CheckoutThreads

/// A local QQ Wallet merchant API on our own `Server` (ephemeral port). It checks every
/// request's MD5 `sign` with the merchant key (`SIGNERROR` otherwise), signs its answers, keeps
/// trades and refunds in memory, and builds real signed XML notifications.
///
/// Modes: `.normal`; `.slow` (holds requests until `stop()` or 30 s); `.failing(errCode)`
/// (every call answers `result_code=FAIL` with that code); `.down` (the port closed for good).
/// Refunds need the operator and its password's MD5; the client certificate is checked only
/// when the fake runs with TLS (`requireClientCertificate`).
public final class FakeQPay: Sendable {
    public enum Mode: Sendable, Equatable {
        case normal
        case slow
        case failing(errCode: String)
        case down
    }

    /// One request received, with whether its `sign` verified.
    public struct Received: Sendable {
        public var path: String
        public var fields: XMLFields
        public var signed: Bool
    }

    struct Trade {
        var amount: Int64
        var state = "NOTPAY"
        var transactionID: String?
        var openid = "qq-payer-openid"
        var refunds: [(no: String, id: String, fee: Int64)] = []
    }

    public let merchantID = "1900000109"
    public let appID: String
    public let apiKey: String
    public let operatorID = "1900000109001"
    public let operatorPassword = "op-password-do-not-log"
    let signature: QPaySignature
    let builder: QPayNotificationBuilder
    private let server: TestServer
    /// Keeps the port refused once `.down`.
    private let downPort = Locked<PortReservation?>(nil)
    let state = Locked<(mode: Mode, received: [Received], trades: [String: Trade])>((.normal, [], [:]))

    public init(appID: String = "1110000000") throws {
        self.appID = appID
        apiKey = SecureRandom.alphanumeric(count: 32)
        signature = QPaySignature(apiKey: apiKey)
        builder = QPayNotificationBuilder(apiKey: apiKey, merchantID: merchantID, appID: appID)
        let box = FakeServerBox<FakeQPay> { platform, request in await platform.respond(request) }
        server = try TestServer(responder: box.responder)
        box.attach(self)
    }

    /// `http://127.0.0.1:<port>`: the `QPAY_API_BASE` to use.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    public var mode: Mode { state.withLock { $0.mode } }

    /// Switches the mode; `.down` closes the port for good.
    public func setMode(_ mode: Mode) {
        state.withLock { $0.mode = mode }
        if mode == .down {
            server.server.shutdown()
            downPort.withLock { $0 = $0 ?? PortReservation(port: server.port) }
        }
    }

    public var received: [Received] { state.withLock { $0.received } }

    /// QQ Wallet's state of a trade (`NOTPAY`, `SUCCESS`, `CLOSED`, `REFUND`), nil when unknown.
    public func tradeState(_ outTradeNo: String) -> String? { state.withLock { $0.trades[outTradeNo]?.state } }

    /// Marks the trade paid, as if the shopper paid, and returns its signed notification.
    /// - Parameters:
    ///   - amount: the `total_fee` to report (default: the trade's).
    ///   - merchantID: the `mch_id` to report (default: ours).
    public func pay(_ outTradeNo: String, amount: Int64? = nil, merchantID: String? = nil) -> [UInt8] {
        let trade = state.withLock { state -> Trade in
            var trade = state.trades[outTradeNo] ?? Trade(amount: amount ?? 1)
            if trade.transactionID == nil { trade.transactionID = QPayNotificationBuilder.transactionID() }
            trade.state = "SUCCESS"
            state.trades[outTradeNo] = trade
            return trade
        }
        return signature.signed(fields(outTradeNo, trade, amount: amount, merchantID: merchantID)).encoded()
    }

    /// The trade as QQ Wallet reports it in notifications and order queries.
    func fields(_ outTradeNo: String, _ trade: Trade, amount: Int64? = nil, merchantID: String? = nil) -> XMLFields {
        builder.fields(outTradeNo: outTradeNo, state: trade.state, amount: amount ?? trade.amount,
                       transactionID: trade.transactionID, openid: trade.openid, merchantID: merchantID)
    }

    public func stop() { server.server.shutdown() }

    deinit { stop() }

    func respond(_ request: Request) async -> Response {
        guard let fields = try? XMLFlatParser.parse(request.body) else { return answer(return: "FAIL", "XML parse error") }
        let verified = signature.verify(fields)
        let mode = state.withLock { state -> Mode in
            state.received.append(Received(path: request.path, fields: fields, signed: verified))
            return state.mode
        }
        switch mode {
        case .slow:
            for _ in 0..<3000 where self.mode == .slow { try? await Task.sleep(for: .milliseconds(10)) }
        case .failing(let code):
            return answer(XMLFields([("result_code", "FAIL"), ("err_code", code), ("err_code_des", "fake failure")]))
        case .normal, .down:
            break
        }
        guard verified else { return answer(return: "FAIL", "SIGNERROR") }
        guard fields["mch_id"] == merchantID else { return refusal("MCHID_NOT_EXIST") }
        return route(request.path, fields)
    }

    /// `return_code=FAIL` (communication level).
    func answer(return code: String, _ message: String) -> Response {
        xml(XMLFields([("return_code", code), ("return_msg", message), ("retcode", "-1"), ("retmsg", message)]).encoded())
    }

    /// A signed answer: `return_code=SUCCESS`, `mch_id`, `nonce_str`, then `fields`.
    func answer(_ fields: XMLFields) -> Response {
        var out = XMLFields([("return_code", "SUCCESS"), ("return_msg", "SUCCESS"), ("retcode", "0"), ("retmsg", ""),
                             ("mch_id", merchantID), ("nonce_str", SecureRandom.alphanumeric(count: 32))])
        for pair in fields.pairs { out[pair.name] = pair.value }
        if out["result_code"] == nil { out["result_code"] = "SUCCESS" }
        return xml(signature.signed(out).encoded())
    }

    func refusal(_ code: String) -> Response {
        answer(XMLFields([("result_code", "FAIL"), ("err_code", code), ("err_code_des", code)]))
    }

    private func xml(_ body: [UInt8]) -> Response {
        var response = Response(status: .ok, body: .bytes(body))
        response.headers.append("Content-Type", "text/xml; charset=utf-8")
        return response
    }
}
