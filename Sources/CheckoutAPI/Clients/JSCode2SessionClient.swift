import CheckoutCore
import CheckoutHTTP
import CheckoutThreads
import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Mini-program login through code2session, which WeChat and QQ offer in the same shape:
/// `GET {base}/sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code`
/// (`WECHAT_API_BASE` or `QQ_API_BASE`).
///
/// Outcomes: JSON with `openid` → the openid; `errcode` -1 (platform busy) → 503
/// `unavailable`; `errcode` 45011 (the platform's rate limit) → 503 `unavailable` with
/// `Retry-After: 60`; any other `errcode` → 401 `unauthenticated`; connection refused, DNS or TLS
/// failure, a non-200 status or a body without `openid` → 502 `bad_gateway`; no answer within
/// `timeout` → 503 `unavailable`. The deadline is hard: the call returns when it passes even
/// if the transfer has not noticed yet. The secret is only ever in the request URL, which is
/// never logged (errors are logged by code only).
public struct JSCode2SessionClient: ShopperLogin {
    public let appID: String
    let appSecret: String
    public let apiBase: String
    public let timeout: Duration
    let session: URLSession
    let logger: Logger

    /// - Parameters:
    ///   - apiBase: `WECHAT_API_BASE`, without a trailing slash.
    ///   - timeout: the hard limit of one exchange (default 5 s).
    public init(appID: String, appSecret: String, apiBase: String, timeout: Duration = .seconds(5), logger: Logger) {
        self.appID = appID
        self.appSecret = appSecret
        self.apiBase = apiBase
        self.timeout = timeout
        self.logger = logger
        let configuration = URLSessionConfiguration.ephemeral
        // The hard deadline below governs; URLSession's own limits are a backstop in whole seconds
        // (swift-corelibs-foundation fires sub-second limits at once when transfers run concurrently).
        let backstop = Double(max(2, timeout.components.seconds + 2))
        configuration.timeoutIntervalForRequest = backstop
        configuration.timeoutIntervalForResource = backstop
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = URLSession(configuration: configuration)
    }

    public func openid(forCode code: String) async throws -> String {
        try Self.validate(code: code)
        let request = try makeRequest(code: code)
        let (session, logger) = (self.session, self.logger)
        let (data, response) = try await withDeadline(timeout, onTimeout: {
            logger.warning("code2session timed out")
            return CheckoutError(.unavailable, "The login platform did not answer in time.")
        }) {
            do {
                return try await session.data(for: request)
            } catch {
                throw Self.map(error, logger: logger)
            }
        }
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            logger.warning("code2session answered an unexpected status", metadata: ["status": "\(status)"])
            throw CheckoutError(.badGateway, "The login platform answered with an error (HTTP \(status)).")
        }
        return try Self.parse(Array(data), logger: logger)
    }

    /// A login code: 1–128 printable ASCII characters without spaces.
    static func validate(code: String) throws(CheckoutError) {
        let bytes = code.utf8
        guard (1...128).contains(bytes.count), bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalidRequest("code must be the login code from wx.login.", param: "code")
        }
    }

    func makeRequest(code: String) throws -> URLRequest {
        let query = PercentEncoding.query([("appid", appID), ("secret", appSecret), ("js_code", code),
                                           ("grant_type", "authorization_code")])
        guard let url = URL(string: "\(apiBase)/sns/jscode2session?\(query)") else {
            throw CheckoutError(.internal, "The login platform address is not a URL.")
        }
        var request = URLRequest(url: url)
        request.httpMethod = "GET"
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        return request
    }

    /// Reads a code2session answer.
    static func parse(_ body: [UInt8], logger: Logger) throws -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            logger.warning("code2session answered something that is not a JSON object")
            throw CheckoutError(.badGateway, "The login platform answered something unreadable.")
        }
        let errcode = (object["errcode"] as? NSNumber)?.intValue ?? 0
        if errcode == -1 {
            throw CheckoutError(.unavailable, "The login platform is busy; retry shortly.")
        }
        if errcode == 45011 {
            logger.warning("code2session refused: the platform's rate limit", metadata: ["errcode": "45011"])
            throw APIError(.unavailable, "The login platform limits logins right now; retry in 60 s.",
                           headers: ["Retry-After": "60"])
        }
        if errcode != 0 {
            logger.info("code2session refused a login code", metadata: ["errcode": "\(errcode)"])
            throw CheckoutError(.unauthenticated, "The platform refused the login code (errcode \(errcode)).")
        }
        guard let openid = object["openid"] as? String, !openid.isEmpty else {
            throw CheckoutError(.badGateway, "The login platform answered without an openid.")
        }
        return openid
    }

    /// Maps a transport failure without ever printing it (its description holds the URL).
    static func map(_ error: any Error, logger: Logger) -> any Error {
        if error is CheckoutError { return error }
        guard let urlError = error as? URLError else {
            logger.warning("code2session failed", metadata: ["error_type": "\(type(of: error))"])
            return CheckoutError(.badGateway, "The login platform could not be reached.")
        }
        logger.warning("code2session failed", metadata: ["url_error": "\(urlError.code.rawValue)"])
        if urlError.code == .timedOut {
            return CheckoutError(.unavailable, "The login platform did not answer in time.")
        }
        return CheckoutError(.badGateway, "The login platform could not be reached.")
    }
}

