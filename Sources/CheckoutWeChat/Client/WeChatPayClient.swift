import CheckoutCore
import CheckoutCrypto
import CheckoutHTTPTypes
import CheckoutThreads
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// WeChat Pay API v3 over HTTPS (URLSession; certificates verified by the system): every
/// request signed `WECHATPAY2-SHA256-RSA2048` with the merchant key, every 2xx answer's
/// `Wechatpay-*` signature verified with the platform key before it is believed, and a hard
/// deadline on every call.
public final class WeChatPayClient: Sendable {
    public let configuration: WeChatPayClientConfiguration
    let signer: WeChatPayRequestSigner
    let verifier: WeChatPaySignatureVerifier
    let session: URLSession

    public init(configuration: WeChatPayClientConfiguration) {
        self.configuration = configuration
        signer = WeChatPayRequestSigner(merchantID: configuration.merchantID, serialNumber: configuration.merchantSerial,
                                        privateKey: configuration.merchantKey)
        verifier = WeChatPaySignatureVerifier(platformKeys: configuration.platformKeys)
        let settings = URLSessionConfiguration.ephemeral
        // The hard deadline governs; URLSession's own limits are a whole-second backstop
        // (swift-corelibs-foundation mishandles sub-second limits under concurrency).
        let backstop = Double(max(2, configuration.timeout.components.seconds + 2))
        settings.timeoutIntervalForRequest = backstop
        settings.timeoutIntervalForResource = backstop
        settings.httpCookieStorage = nil
        settings.urlCache = nil
        settings.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: settings)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Places a JSAPI (mini-program) prepay order; returns its `prepay_id`.
    public func prepayJSAPI(_ order: WeChatPayJSAPIPrepay) async throws(PaymentProviderError) -> String {
        let answer = try await send("POST", "/v3/pay/transactions/jsapi", body: try Self.encode(order))
        return try Self.decode(WeChatPayPrepayAnswer.self, answer.body).prepayID
    }

    /// Submits a refund (repeating an `out_refund_no` answers that refund's state).
    public func refund(_ refund: WeChatPayRefundRequest) async throws(PaymentProviderError) -> WeChatPayRefundAnswer {
        let answer = try await send("POST", "/v3/refund/domestic/refunds", body: try Self.encode(refund))
        return try Self.decode(WeChatPayRefundAnswer.self, answer.body)
    }

    /// Closes an unpaid order (204 on success).
    public func close(outTradeNo: String) async throws(PaymentProviderError) {
        let body = try Self.encode(["mchid": configuration.merchantID])
        _ = try await send("POST", "/v3/pay/transactions/out-trade-no/\(try Self.pathSegment(outTradeNo))/close", body: body)
    }

    /// The payment of `outTradeNo`, or nil when the platform knows no such order.
    public func query(outTradeNo: String) async throws(PaymentProviderError) -> WeChatPayTransaction? {
        let path = "/v3/pay/transactions/out-trade-no/\(try Self.pathSegment(outTradeNo))?mchid=\(configuration.merchantID)"
        do {
            let answer = try await send("GET", path, body: [])
            return try Self.decode(WeChatPayTransaction.self, answer.body)
        } catch where error.kind == .rejected && error.httpStatus == 404 && error.code == "ORDER_NOT_EXIST" {
            return nil
        }
    }

    /// One signed call; the answer's signature is verified before it is returned.
    /// - Returns: a 2xx answer.
    func send(_ method: String, _ pathWithQuery: String,
              body: [UInt8]) async throws(PaymentProviderError) -> (status: Int, body: [UInt8]) {
        guard let url = URL(string: configuration.apiBase + pathWithQuery) else {
            throw PaymentProviderError(.unreachable, "WECHATPAY_API_BASE does not make a URL")
        }
        let answer = try await exchange(method, url: url, signedPath: pathWithQuery, body: body)
        guard (200..<300).contains(answer.status) else {
            // As the official SDKs do, error answers are read without requiring a signature;
            // only their code is used, and never to mark anything paid.
            let detail = try? JSONDecoder().decode(ErrorBody.self, from: Data(answer.body))
            throw PaymentProviderError(.rejected, code: detail?.code, httpStatus: answer.status,
                                       String((detail?.message ?? "error answer").prefix(200)))
        }
        do {
            try verifier.verify(headers: answer.headers, body: answer.body)
        } catch {
            throw PaymentProviderError(.invalidResponse, httpStatus: answer.status, "answer signature: \(error)")
        }
        return (answer.status, answer.body)
    }

    /// Sends one request signed over `signedPath` to `url` (which may be a forwarder's, as QQ's
    /// for H5 orders) and returns whatever answer came, unverified: the caller verifies.
    public func exchange(_ method: String, url: URL, signedPath: String,
                         body: [UInt8]) async throws(PaymentProviderError) -> (status: Int, headers: HTTPFields, body: [UInt8]) {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("ChatCheckout/1 (WeChatPay API v3)", forHTTPHeaderField: "User-Agent")
        if method != "GET" {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body)
        }
        do {
            request.setValue(try signer.authorization(method: method, urlPathWithQuery: signedPath, body: body),
                             forHTTPHeaderField: "Authorization")
        } catch {
            throw PaymentProviderError(.invalidResponse, "cannot sign the request: \(error.code)")
        }
        let (session, signed) = (self.session, request)
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await withDeadline(configuration.timeout, onTimeout: {
                PaymentProviderError(.timedOut, "no answer within the deadline")
            }) {
                do {
                    return try await session.data(for: signed)
                } catch {
                    throw Self.transportError(error)
                }
            }
        } catch let error as PaymentProviderError {
            throw error
        } catch {
            throw Self.transportError(error)
        }
        guard let http = response as? HTTPURLResponse else {
            throw PaymentProviderError(.invalidResponse, "not an HTTP answer")
        }
        var headers = HTTPFields()
        for case let (name as String, value as String) in http.allHeaderFields { headers.append(name, value) }
        return (http.statusCode, headers, [UInt8](data))
    }

    /// Verifies an answer's `Wechatpay-*` signature with the platform key.
    public func verifyAnswer(headers: HTTPFields, body: [UInt8]) throws(WeChatPayVerificationError) {
        try verifier.verify(headers: headers, body: body)
    }

    private struct ErrorBody: Decodable {
        var code: String?
        var message: String?
    }

    static func transportError(_ error: any Error) -> PaymentProviderError {
        if let error = error as? PaymentProviderError { return error }
        if let urlError = error as? URLError {
            if urlError.code == .timedOut { return PaymentProviderError(.timedOut, "the transfer timed out") }
            return PaymentProviderError(.unreachable, "transport error \(urlError.code.rawValue)")
        }
        if error is CancellationError { return PaymentProviderError(.timedOut, "cancelled") }
        return PaymentProviderError(.unreachable, "transport error \(type(of: error))")
    }

    static func encode(_ value: some Encodable) throws(PaymentProviderError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return [UInt8](try encoder.encode(value))
        } catch {
            throw PaymentProviderError(.invalidResponse, "cannot encode the request")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws(PaymentProviderError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw PaymentProviderError(.invalidResponse, "unexpected answer JSON")
        }
    }

    /// An out_trade_no (or another WeChat id of at most `maxLength`) as one path segment:
    /// WeChat ids are `[A-Za-z0-9_-]`, nothing else.
    static func pathSegment(_ value: String, maxLength: Int = 32) throws(PaymentProviderError) -> String {
        let allowed = value.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*")
        }
        guard allowed, (1...maxLength).contains(value.utf8.count) else {
            throw PaymentProviderError(.unreachable, "not a valid WeChat Pay id")
        }
        return value
    }
}
