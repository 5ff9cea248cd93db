/// Size limits the request decoder enforces while bytes arrive (RFC 9112 §2.3, §3; RFC 9110 §8.6).
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request-target in bytes; a longer one is answered 414. Default 8 KiB.
    public var maxTargetLength = 8 * 1024
    /// Largest head (request line, field lines and their line ends) in bytes; larger is 431. Default 16 KiB.
    /// Chunked trailers are held to the same budget.
    public var maxHeaderBytes = 16 * 1024
    /// Most field lines in a head; more is 431. Default 100. Chunked trailers are held to the same count.
    public var maxHeaderCount = 100
    /// Largest body, declared by Content-Length or decoded from chunks; larger is 413. Default 1 MiB.
    public var maxBodyBytes = 1024 * 1024
    /// Longest chunk-size line (size digits and ignored extensions); longer is 400. Default 4 KiB.
    public var maxChunkLineLength = 4 * 1024
    /// Most empty lines tolerated before a request line (RFC 9112 §2.2); more is 400. Default 8.
    public var maxLeadingEmptyLines = 8

    public init() {}

    /// Room a request line needs beyond its target: method, two spaces and `HTTP/1.1`.
    /// A request line that grows past `maxTargetLength + requestLineOverhead` fails at once.
    public static let requestLineOverhead = 32
}
