/// How the body of a request is delimited (RFC 9112 §6.3).
public enum BodyFraming: Sendable, Hashable {
    /// No body: neither Content-Length nor Transfer-Encoding was sent.
    case none
    /// Exactly this many bytes follow the head (`Content-Length`, possibly 0).
    case length(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
}

/// A validated request head: request line, fields and the connection facts derived from them.
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: HTTPMethod
    /// The request-target as sent: origin-form, absolute-form, `*` (OPTIONS) or authority-form (CONNECT).
    public var target: String
    /// `HTTP/1.0` or `HTTP/1.1` (a higher 1.x minor is read as 1.1, RFC 9112 §2.3).
    public var version: HTTPVersion
    public var headers: HTTPFields
    /// Whether the connection may stay open: 1.1 unless `Connection: close`; 1.0 only with
    /// `Connection: keep-alive` (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// `Expect: 100-continue` on an HTTP/1.1 request that has a body (RFC 9110 §10.1.1).
    public var expectsContinue: Bool
    public var framing: BodyFraming

    public init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, headers: HTTPFields = [:],
        keepAlive: Bool = true, expectsContinue: Bool = false, framing: BodyFraming = .none
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
        self.framing = framing
    }

    /// Whether a body follows the head (a declared length of 0 counts as none).
    public var hasBody: Bool {
        switch framing {
        case .none, .length(0): false
        case .length, .chunked: true
        }
    }

    /// The complete request handlers see, once the body is known.
    public func makeRequest(body: [UInt8], context: RequestContext = RequestContext()) -> Request {
        Request(method: method, target: target, version: version, headers: headers, body: body, context: context)
    }
}
