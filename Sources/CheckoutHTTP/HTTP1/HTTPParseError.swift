/// Why a request could not be decoded, and the status the server answers with before closing.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule that was broken.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        // 400 Bad Request
        case invalidRequestLine, invalidTarget, invalidHeader, obsFold, bareCR, nulByte
        case invalidContentLength, duplicateContentLength, conflictingFraming, invalidTransferEncoding
        case invalidChunkSize, chunkSizeOverflow, chunkLineTooLong, invalidChunkData
        case missingHost, duplicateHost, invalidHost
        // 413, 414, 431
        case bodyTooLarge, targetTooLong, headerTooLarge, tooManyHeaders
        // 501, 505
        case unknownMethod, unsupportedTransferEncoding, unsupportedVersion
    }

    public var kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    /// The response status for this error: 400, 413, 414, 431, 501 or 505.
    public var status: HTTPStatus {
        switch kind {
        case .bodyTooLarge: .contentTooLarge
        case .targetTooLong: .uriTooLong
        case .headerTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge
        case .unknownMethod, .unsupportedTransferEncoding: .notImplemented
        case .unsupportedVersion: .httpVersionNotSupported
        default: .badRequest
        }
    }

    public var description: String { "\(status.code) \(kind.rawValue)" }
}
