/// What other threads tell an event loop, through its inbox and eventfd.
enum LoopMessage: Sendable {
    /// A handler finished: write this response on connection `id`.
    case response(id: UInt64, Response)
    /// The next piece of a streaming body for connection `id`.
    case chunk(id: UInt64, [UInt8])
    /// The streaming body of connection `id` ended.
    case streamEnded(id: UInt64)
    /// Stop accepting, finish in-flight requests, close idle connections.
    case shutdown
    /// Close everything now (the grace period ran out).
    case forceClose
}
