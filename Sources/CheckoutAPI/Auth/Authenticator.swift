import CheckoutCore
import CheckoutHTTP

/// Reads `Authorization: Bearer <token>` and decides who the caller is.
///
/// Shop keys start with `sk_`, session tokens with `sess_`; any other token is compared, in
/// constant time, with the admin token (none configured: it never matches). A missing or
/// unknown token is 401 `unauthenticated` with `WWW-Authenticate: Bearer`; a valid token of a
/// kind the route does not accept is 403 `forbidden`.
public struct Authenticator: Sendable {
    let adminTokenHash: String?
    let resolver: any CallerResolver

    /// - Parameters:
    ///   - adminToken: `CHECKOUT_ADMIN_TOKEN`, or nil: admin routes then always answer 401.
    ///   - resolver: finds shops and sessions by their secrets.
    public init(adminToken: String?, resolver: any CallerResolver) {
        self.adminTokenHash = adminToken.map { SecretToken.hash($0) }
        self.resolver = resolver
    }

    /// The caller, or nil when the request has no `Authorization` header.
    /// - Throws: 401 for a malformed header or a token that matches nothing.
    public func caller(_ request: Request) async throws -> Caller? {
        guard let token = try Self.bearerToken(request.headers) else { return nil }
        if token.hasPrefix(SecretToken.shopKeyPrefix) {
            guard let shop = try await resolver.shop(secretKey: token) else { throw Self.invalidToken }
            return .shop(shop)
        }
        if token.hasPrefix(SecretToken.sessionPrefix) {
            guard let session = try await resolver.session(token: token) else { throw Self.invalidToken }
            return .shopper(session)
        }
        guard let adminTokenHash,
              SecretToken.matches(token, storedHash: adminTokenHash)
        else { throw Self.invalidToken }
        return .admin
    }

    /// The caller, who must be one of `kinds`.
    /// - Throws: 401 without a valid token, 403 for a valid token of another kind.
    public func require(_ request: Request, _ kinds: Set<Caller.Kind>) async throws -> Caller {
        guard let caller = try await caller(request) else {
            throw APIError.unauthenticated("Authorization: Bearer <token> is required.")
        }
        guard kinds.contains(caller.kind) else {
            let allowed = Caller.Kind.allCases.filter(kinds.contains).map(\.rawValue).joined(separator: " or ")
            throw APIError.forbidden("This route is for \(allowed) callers only.")
        }
        return caller
    }

    /// Requires the admin token.
    public func requireAdmin(_ request: Request) async throws {
        _ = try await require(request, [.admin])
    }

    /// Requires a shop secret key; returns the shop.
    public func requireShop(_ request: Request) async throws -> Shop {
        try await require(request, [.shop]).requireShop()
    }

    /// Requires a shopper session; returns it.
    public func requireShopper(_ request: Request) async throws -> ShopperSession {
        try await require(request, [.shopper]).requireShopper()
    }

    static let invalidToken = APIError.unauthenticated("The bearer token is invalid, expired or revoked.", invalidToken: true)

    /// The token of an `Authorization: Bearer` header (RFC 6750 §2.1), nil when there is none.
    /// - Throws: 401 for several headers, another scheme or a malformed token.
    static func bearerToken(_ headers: HTTPFields) throws(APIError) -> String? {
        let values = headers.values(for: "Authorization")
        guard let value = values.first else { return nil }
        guard values.count == 1 else { throw .unauthenticated("Send one Authorization header.") }
        // Two words separated by spaces (as `split(separator: " ")` would find them), scanned as
        // bytes of the contiguous text: a Character split costs ~20k instructions a request, a
        // scan through `Substring.UTF8View` ~10k. Non-ASCII takes the split.
        var text = value
        switch text.withUTF8(scanBearer) {
        case .token(let token): return token
        case .nonASCII: return try splitBearerToken(value)
        case .malformed: throw .unauthenticated("Authorization must be \"Bearer <token>\".")
        case .invalidToken: throw invalidToken
        }
    }

    /// What the byte scan of an `Authorization` value found.
    private enum BearerScan {
        case token(String)
        case nonASCII
        /// Not two words, or the first is not `Bearer`.
        case malformed
        /// Past 512 bytes, or a byte outside `b64token`.
        case invalidToken
    }

    private static func scanBearer(_ bytes: UnsafeBufferPointer<UInt8>) -> BearerScan {
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return .nonASCII }
        var words: [Range<Int>] = []
        var index = 0
        while words.count < 3 {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            guard index < bytes.count else { break }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: " ") { index += 1 }
            words.append(start..<index)
        }
        guard words.count == 2, words[0].count == 6,
              zip(bytes[words[0]], "bearer".utf8).allSatisfy({ $0 | 0x20 == $1 }) else { return .malformed }
        let token = UnsafeBufferPointer(rebasing: bytes[words[1]])
        guard token.count <= 512, token.allSatisfy(isToken68) else { return .invalidToken }
        return .token(String(decoding: token, as: UTF8.self))
    }

    /// `bearerToken` for values with non-ASCII bytes: words split as Characters.
    static func splitBearerToken(_ value: String) throws(APIError) -> String {
        let parts = value.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthenticated("Authorization must be \"Bearer <token>\".")
        }
        let token = parts[1]
        guard token.utf8.count <= 512, token.utf8.allSatisfy(isToken68) else { throw invalidToken }
        return String(token)
    }

    /// RFC 6750 `b64token`: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" and trailing "=".
    private static func isToken68(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
            true
        default:
            false
        }
    }
}
