import CheckoutCrypto
import CheckoutHTTP
import CheckoutWeChat
import Foundation
import CheckoutThreads

/// A local WeChat Pay API v3 platform on our own `Server` (ephemeral port), with keys made at
/// test time (once per process) and a fresh APIv3 key per instance. It checks every request's `WECHATPAY2-SHA256-RSA2048` Authorization against the
/// merchant public key (401 `SIGN_ERROR` otherwise), signs its answers with its platform key,
/// keeps trades and refunds in memory, and builds signed, encrypted notifications.
///
/// Modes: `.normal`; `.slow` (holds requests until `stop()` or 30 s: past any client
/// deadline); `.failing(status, code)` (every call answers that error); `.down` (the port is
/// closed for good); `.delayed(ms)` (answers normally after `ms`, which widens races between callers).
public final class FakeWeChatPay: Sendable {
    public enum Mode: Sendable, Equatable {
        case normal
        case slow
        case failing(status: Int, code: String)
        case down
        case delayed(milliseconds: Int)
    }

    /// One request the platform received.
    public struct Received: Sendable {
        public var method: String
        public var target: String
        public var body: [UInt8]
        /// Whether the Authorization header verified.
        public var authorized: Bool
        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    }

    struct Trade {
        var amount: Int
        var currency: String
        var openid: String
        var state: WeChatPayTransaction.TradeState = .notPay
        var transactionID: String?
        var refunds: [String: WeChatPayRefundAnswer] = [:]
    }

    public let appID = "wx_fake_app_0001"
    public let merchantID = "1230000109"
    public let merchantSerial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
    public let platformSerial = "PUB_KEY_ID_0112345678202411250011"
    public let merchantKey: RSAPrivateKey
    public let platformKey: RSAPrivateKey
    public let apiV3Key: String
    public let builder: WeChatPayNotificationBuilder
    let signer: WeChatPayPlatformSigner
    private let server: TestServer
    /// Keeps the port refused once `.down`.
    private let downPort = Locked<PortReservation?>(nil)
    private let state = Locked<(mode: Mode, received: [Received], trades: [String: Trade])>((.normal, [], [:]))
    /// Profit sharing: receivers, splits and how the next splits end (see `+ProfitSharing`).
    let sharing = Locked(FakeProfitSharing())
    /// How a new refund is answered: `PROCESSING` (settled later by a notification) or at once.
    let refundAnswerStatus = Locked(WeChatPayRefund.Status.processing)
    /// Actions to run once after handling a matching request, before answering (see `+CrashPoints`).
    let crashPoints = Locked<[FakeCrashPoint]>([])

    /// Keys made once per test process: RSA generation is slow, and on the cooperative pool
    /// of a 2-core machine many at once starve every other test's server.
    static let sharedKeys: (merchant: RSAPrivateKey, platform: RSAPrivateKey) = {
        do {
            return (try RSAPrivateKey.generate(), try RSAPrivateKey.generate())
        } catch {
            fatalError("cannot generate test keys: \(error)")
        }
    }()

    public init() throws {
        (merchantKey, platformKey) = Self.sharedKeys
        apiV3Key = SecureRandom.alphanumeric(count: 32)
        builder = try WeChatPayNotificationBuilder(platformPrivateKey: platformKey, platformSerial: platformSerial,
                                                   apiV3Key: Array(apiV3Key.utf8))
        signer = WeChatPayPlatformSigner(serialNumber: platformSerial, privateKey: platformKey)
        let box = FakeServerBox<FakeWeChatPay> { platform, request in await platform.respond(request) }
        server = try TestServer(responder: box.responder)
        box.attach(self)
    }

    /// `http://127.0.0.1:<port>`: the `WECHATPAY_API_BASE` to use.
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

    /// Answers new refunds with `status` from now on (default `PROCESSING`).
    public func setRefundAnswerStatus(_ status: WeChatPayRefund.Status) {
        refundAnswerStatus.withLock { $0 = status }
    }

    /// Every request received so far.
    public var received: [Received] { state.withLock { $0.received } }

    /// The platform's state of the trade `outTradeNo` (nil if unknown).
    public func tradeState(_ outTradeNo: String) -> String? { state.withLock { $0.trades[outTradeNo]?.state.rawValue } }

    /// Marks a trade paid at the platform (as if the payer paid) and returns the transaction.
    @discardableResult
    public func pay(_ outTradeNo: String, amount: Int? = nil, openid: String = "payer-openid") -> WeChatPayTransaction {
        let transactionID = "42000" + SecureRandom.alphanumeric(count: 23)
        let trade = state.withLock { state -> Trade in
            var trade = state.trades[outTradeNo] ?? Trade(amount: amount ?? 1, currency: "CNY", openid: openid)
            trade.state = .success
            trade.transactionID = transactionID
            state.trades[outTradeNo] = trade
            return trade
        }
        return transaction(outTradeNo, trade, amount: amount)
    }

    /// A signed, encrypted `TRANSACTION.SUCCESS` notification for `outTradeNo` (paying it first).
    public func paymentNotification(_ outTradeNo: String, amount: Int? = nil, id: String = UUID().uuidString,
                                    timestamp: Int = Int(Date().timeIntervalSince1970)) throws -> WeChatPaySignedMessage {
        try builder.transactionSuccess(pay(outTradeNo, amount: amount), id: id, timestamp: timestamp)
    }

    /// A signed `REFUND.*` notification settling refund `outRefundNo` with `status`.
    public func refundNotification(_ outRefundNo: String, status: WeChatPayRefund.Status = .success) throws -> WeChatPaySignedMessage {
        let answer = state.withLock { state -> (WeChatPayRefundAnswer, String?)? in
            for (no, trade) in state.trades {
                guard var refund = trade.refunds[outRefundNo] else { continue }
                refund.status = status
                state.trades[no]?.refunds[outRefundNo] = refund
                return (refund, trade.transactionID)
            }
            return nil
        }
        guard let (refund, transactionID) = answer else { throw FakeWeChatPayError.unknownRefund }
        return try builder.refund(WeChatPayRefund(
            merchantID: merchantID, outTradeNo: refund.outTradeNo, transactionID: transactionID,
            outRefundNo: refund.outRefundNo, refundID: refund.refundID, refundStatus: status,
            successTime: status == .success ? WeChatPayTime.format(Date()) : nil,
            amount: .init(total: refund.amount.total, refund: refund.amount.refund)))
    }

    /// Writes the merchant private key and the platform public key as PEM files in `directory`.
    public func writeKeyFiles(to directory: URL) throws -> (merchantKey: String, platformKey: String) {
        let merchant = directory.appendingPathComponent("merchant_key.pem")
        let platform = directory.appendingPathComponent("platform_public_key.pem")
        try Data(merchantKey.privateKeyPEM.utf8).write(to: merchant)
        try Data(platformKey.publicKeyPEM.utf8).write(to: platform)
        return (merchant.path, platform.path)
    }

    public func stop() {
        server.server.shutdown()
    }

    deinit { stop() }

    func transaction(_ outTradeNo: String, _ trade: Trade, amount: Int? = nil) -> WeChatPayTransaction {
        WeChatPayTransaction(
            appID: appID, merchantID: merchantID, outTradeNo: outTradeNo, transactionID: trade.transactionID,
            tradeState: trade.state, tradeStateDesc: nil, bankType: trade.transactionID == nil ? nil : "OTHERS",
            successTime: trade.transactionID == nil ? nil : WeChatPayTime.format(Date()),
            payer: .init(openID: trade.openid), amount: .init(total: amount ?? trade.amount, currency: trade.currency))
    }

    func respond(_ request: Request) async -> Response {
        let authorized = isAuthorized(request)
        let mode = state.withLock { state -> Mode in
            state.received.append(Received(method: request.method.rawValue, target: request.target,
                                            body: request.body, authorized: authorized))
            return state.mode
        }
        switch mode {
        case .slow:
            for _ in 0..<3000 where self.mode == .slow { try? await Task.sleep(for: .milliseconds(10)) }
        case .failing(let status, let code):
            return error(status, code)
        case .delayed(let milliseconds):
            try? await Task.sleep(for: .milliseconds(milliseconds))
        case .normal, .down:
            break
        }
        guard authorized else { return error(401, "SIGN_ERROR") }
        let response = route(request)
        await runCrashPoint(after: Received(method: request.method.rawValue, target: request.target,
                                            body: request.body, authorized: authorized))
        return response
    }

    private func isAuthorized(_ request: Request) -> Bool {
        guard let value = request.headers["Authorization"], let auth = WeChatPayAuthorization(headerValue: value),
              auth.merchantID == merchantID, auth.serialNumber == merchantSerial,
              let seconds = Int(auth.timestamp), abs(seconds - Int(Date().timeIntervalSince1970)) <= 300 else { return false }
        return auth.isValidSignature(method: request.method.rawValue, urlPathWithQuery: request.target,
                                     body: request.body, publicKey: merchantKey.publicKey)
    }

    /// An answer signed with the platform key.
    func signed(_ status: Int, _ body: [UInt8]) -> Response {
        var response = body.isEmpty ? Response(status: HTTPStatus(code: status))
                                    : Response.json(body, status: HTTPStatus(code: status))
        if let headers = try? signer.headers(body: body) {
            for field in headers { response.headers.append(field.name, field.value) }
        }
        return response
    }

    func error(_ status: Int, _ code: String) -> Response {
        .json(Array(#"{"code":"\#(code)","message":"fake platform error"}"#.utf8), status: HTTPStatus(code: status))
    }

    func encode(_ value: some Encodable) -> [UInt8] {
        Array((try? JSONEncoder().encode(value)) ?? Data())
    }

    func withTrades<T>(_ body: (inout [String: Trade]) -> T) -> T {
        state.withLock { body(&$0.trades) }
    }
}

public enum FakeWeChatPayError: Error {
    case unknownRefund
}
