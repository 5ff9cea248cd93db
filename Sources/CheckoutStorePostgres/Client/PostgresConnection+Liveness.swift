#if canImport(Glibc)
import Glibc
#endif

extension PostgresConnection {
    /// Whether an idle connection can take a job, found without a round trip. A server that shut
    /// down or restarted has left its goodbye in the socket (a FATAL error, then end of stream),
    /// which a zero-timeout poll sees; libpq itself would only notice on the next query, failing
    /// it. Anything waiting on an idle pool connection (which never listens) is that goodbye or,
    /// rarely, a notice, so a fresh connection is the safe answer either way. Costs one `poll`.
    var isUsableWhenIdle: Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0 && !isBroken
    }
}
