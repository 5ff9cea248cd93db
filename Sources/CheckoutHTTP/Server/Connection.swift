import Glibc

/// One accepted connection, owned by exactly one event loop thread.
///
/// The properties a request touches are `@exclusivity(unchecked)`: the runtime check cost
/// ~100 instructions an access and a request made 22 of them (with the loop's). It can never
/// fire here: only the loop's thread touches a connection, and no access to one of these is
/// held across a call that can reach the connection again. Each is read, assigned, or handed
/// `inout` to a value type's method or a static function (the state machine, the response
/// encoder, `Array`) that holds no reference to a connection or a loop. Keep it so: never pass
/// `&connection.x` to something that can reach `connection`.
final class Connection {
    let id: UInt64
    let socket: Socket
    let peer: String
    let isSecure: Bool
    @exclusivity(unchecked) var machine: ConnectionStateMachine
    /// The TLS session on the TLS port; `outbound` then holds plaintext and `wire` ciphertext.
    let tls: TLSSession?
    @exclusivity(unchecked) var wire: [UInt8] = []
    @exclusivity(unchecked) var wireOffset = 0
    /// The TLS handshake must be done by then.
    @exclusivity(unchecked) var handshakeDeadline: Int64?
    /// Bytes of the TLS handshake have arrived (it is in progress, so not idle).
    @exclusivity(unchecked) var handshakeStarted = false
    /// TLS bytes passed through the session since its record buffers were last freed.
    @exclusivity(unchecked) var tlsBuffersHeld = false
    /// Its slot in the loop's `IdleConnections` while it is filed there, else -1.
    @exclusivity(unchecked) var idleSlot = -1

    /// Bytes waiting to be written, from `outboundOffset`.
    @exclusivity(unchecked) var outbound: [UInt8] = []
    @exclusivity(unchecked) var outboundOffset = 0
    /// A file body still being sent after `outbound` drains.
    @exclusivity(unchecked) var file: OpenFile?
    /// A streaming body in progress: its pump task, and whether the stream has ended.
    @exclusivity(unchecked) var stream: StreamState?
    /// The response in flight, for the access log and keep-alive decision.
    @exclusivity(unchecked) var exchange: Exchange?
    /// After an error answer: stop parsing, drain the peer briefly, then close.
    @exclusivity(unchecked) var lingerUntil: Int64?
    /// The pending output ends this connection (an error answer).
    @exclusivity(unchecked) var closeAfterFlush = false
    /// Reading stopped because too many pipelined bytes wait behind a slow response.
    @exclusivity(unchecked) var readPaused = false
    /// `drive` is running for this connection (further calls only set `needsDrive`).
    @exclusivity(unchecked) var isDriving = false
    /// An exchange finished while `drive` was running: look at the buffered input again.
    @exclusivity(unchecked) var needsDrive = false
    /// The peer hung up (EPOLLRDHUP/EPOLLHUP): read on until EOF, even past short reads.
    @exclusivity(unchecked) var peerHungUp = false
    /// Queued in the loop's `pendingReads` (read budget used up with bytes still waiting).
    @exclusivity(unchecked) var readPending = false
    /// Registered with its loop and not closed yet: what `connections[id] != nil` says,
    /// without a dictionary lookup (checked several times a request).
    @exclusivity(unchecked) var isOpen = true

    init(id: UInt64, socket: Socket, peer: String, tls: TLSSession?, machine: ConnectionStateMachine, handshakeDeadline: Int64?) {
        self.id = id
        self.socket = socket
        self.peer = peer
        self.isSecure = tls != nil
        self.tls = tls
        self.machine = machine
        self.handshakeDeadline = handshakeDeadline
    }

    var hasPendingOutput: Bool { outboundOffset < outbound.count || file != nil }

    struct OpenFile {
        let fd: Int32
        var offset: Int
        var remaining: Int
    }

    struct StreamState {
        let task: Task<Void, Never>
        let chunked: Bool
        /// Tells the pump when the socket has taken what it sent.
        let credit: StreamCredit
        /// Body bytes of the stream received from the pump so far.
        var received = 0
        var ended = false
    }

    /// What the access log needs to know about the request being answered.
    struct Exchange {
        let method: HTTPMethod
        let path: String
        let requestID: String
        let startedAtMicroseconds: Int64
        let version: HTTPVersion
        var route: String?
        var keepAlive: Bool
        var status = 0
        var bodyBytes = 0
        /// The whole response (including a stream's end) is in `outbound` or `file`.
        var responseQueued = false
    }
}

@available(*, unavailable)
extension Connection: Sendable {}
