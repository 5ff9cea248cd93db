import Glibc

/// A failed system call: the function name and `errno`.
public struct SystemError: Error, CustomStringConvertible, Sendable, Equatable {
    public let function: String
    public let errno: Int32

    public init(_ function: String, errno: Int32) {
        self.function = function
        self.errno = errno
    }

    public var description: String {
        "\(function) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }

}

/// Outcome of a non-blocking call: done, or it would have blocked (EAGAIN).
enum IOResult<T> {
    case processed(T)
    case wouldBlock
}

/// Runs a system call, retrying on EINTR; EAGAIN becomes `.wouldBlock`, other failures throw.
/// EBADF and EFAULT mean a bug in this process, never the peer, so they trap.
@inline(__always)
func syscall<T: FixedWidthInteger>(_ function: String, _ body: () -> T) throws(SystemError) -> IOResult<T> {
    while true {
        let result = body()
        if result >= 0 { return .processed(result) }
        let error = Glibc.errno
        switch error {
        case EINTR: continue
        case EAGAIN: return .wouldBlock
        case EBADF, EFAULT: preconditionFailure("\(function): \(SystemError(function, errno: error))")
        default: throw SystemError(function, errno: error)
        }
    }
}

/// Runs a blocking-style system call whose failure is always an error (EINTR retried).
@inline(__always)
@discardableResult
func syscallOrThrow<T: FixedWidthInteger>(_ function: String, _ body: () -> T) throws(SystemError) -> T {
    while true {
        let result = body()
        if result >= 0 { return result }
        let error = Glibc.errno
        if error == EINTR { continue }
        throw SystemError(function, errno: error)
    }
}
