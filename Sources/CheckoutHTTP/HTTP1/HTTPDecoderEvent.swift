/// What `HTTPRequestDecoder.next()` produces, in order: a head, then the end of that request.
public enum HTTPDecoderEvent: Sendable, Equatable {
    /// The head is complete and valid; the body, if any, follows.
    case head(HTTPRequestHead)
    /// The request is complete; `body` is the whole decoded body (empty when there is none).
    case end(body: [UInt8])
}
