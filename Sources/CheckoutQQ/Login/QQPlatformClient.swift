import CheckoutHTTP
import Foundation

/// QQ's open API for the mini program (`QQ_API_BASE`): the app's access token
/// (`GET /api/getToken?grant_type=client_credential&appid=&secret=`). The secret is only in the
/// request URL, which is never logged.
public struct QQPlatformClient: Sendable {
    public let apiBase: String
    public let appID: String
    let appSecret: String
    let http: BlockingHTTPClient

    /// - Parameters:
    ///   - trustedCAPath: a CA file instead of the system store (tests).
    /// - Throws: `TLSError` when the trust store cannot be loaded.
    public init(apiBase: String, appID: String, appSecret: String, trustedCAPath: String? = nil,
                timeout: Duration = .seconds(5)) throws {
        self.apiBase = apiBase
        self.appID = appID
        self.appSecret = appSecret
        http = BlockingHTTPClient(tls: try TLSContext.makeClient(trustedCAPath: trustedCAPath), timeout: timeout)
    }

    /// A new access token and its lifetime in seconds.
    /// - Throws: `QQPlatformError`.
    public func fetchToken() async throws -> (token: String, expiresIn: Int64) {
        let query = PercentEncoding.query([("grant_type", "client_credential"), ("appid", appID), ("secret", appSecret)])
        let object = try await getJSON("/api/getToken?\(query)")
        guard let token = object["access_token"] as? String, !token.isEmpty, token.utf8.count <= 512 else {
            throw QQPlatformError(.invalidResponse, "getToken answered without an access_token")
        }
        return (token, (object["expires_in"] as? NSNumber)?.int64Value ?? 7200)
    }

    /// GETs `pathWithQuery` and returns the JSON object, or throws QQ's `errcode`.
    func getJSON(_ pathWithQuery: String) async throws -> [String: Any] {
        guard let url = URL(string: apiBase + pathWithQuery) else { throw QQPlatformError(.unreachable, "QQ_API_BASE does not make a URL") }
        let answer: BlockingHTTPClient.Answer
        do {
            answer = try await http.send(method: "GET", url: url, headers: [("Accept", "application/json")], body: [])
        } catch let error as OutgoingHTTPError {
            throw QQPlatformError(error.kind == .timedOut ? .timedOut : .unreachable, error.message)
        }
        return try QQPlatformError.check(status: answer.status, body: answer.body)
    }
}
