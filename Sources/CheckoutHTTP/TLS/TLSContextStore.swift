import CheckoutThreads

/// The server's current `TLSContext`, replaceable at run time (SIGHUP).
///
/// New sessions take the current context; sessions already open keep the context they
/// were made from (each holds a reference), so a reload never disturbs a connection.
public final class TLSContextStore: Sendable {
    /// The files and settings every reload reads.
    public let configuration: TLSConfiguration
    private let state: Locked<TLSContext>

    /// Builds the first context; throws what `TLSContext(configuration:)` throws.
    public init(configuration: TLSConfiguration) throws(TLSError) {
        self.configuration = configuration
        self.state = Locked(try TLSContext(configuration: configuration))
    }

    /// The context new sessions use.
    public var current: TLSContext { state.withLock { $0 } }

    /// Rebuilds the context from the same paths (the files may have been replaced).
    ///
    /// On success the new context becomes current and is returned; on failure the old
    /// one stays current and the error is thrown, for the caller to log in one line.
    @discardableResult
    public func reload() throws(TLSError) -> TLSContext {
        let fresh = try TLSContext(configuration: configuration)
        state.withLock { $0 = fresh }
        return fresh
    }

    /// A server session on the current context.
    public func makeSession() throws(TLSError) -> TLSSession {
        try TLSSession(context: current)
    }
}
