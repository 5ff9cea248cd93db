import CLinux
import Foundation

/// A child process started with `posix_spawn`, for tests.
///
/// Foundation's `Process.run()` on this toolchain crashes now and then (SIGSEGV in a memcpy
/// that over-reads `/proc/self/fd` entries while it closes inherited descriptors), and test
/// processes hold many descriptors. This spawns directly: descriptors from 3 up are closed in
/// the child with `posix_spawn_file_actions_addclosefrom_np`, the standard streams go where
/// the caller says, and the exit status is collected with `waitpid`.
public final class ChildProcess: @unchecked Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// The test process's own stream.
        case inherit
        /// `/dev/null`.
        case null
        /// A descriptor of the parent, duplicated onto the stream (the caller keeps it).
        case descriptor(Int32)
    }

    /// The child's process id.
    public let processIdentifier: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `executable` (a path, or a name looked up on PATH) with `arguments`.
    /// `environment` replaces the test process's environment when given.
    public init(
        _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
        stdin: Stream = .null, stdout: Stream = .inherit, stderr: Stream = .inherit
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (stream, target) in [(stdin, Int32(0)), (stdout, 1), (stderr, 2)] {
            switch stream {
            case .inherit: break
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .descriptor(let fd):
                posix_spawn_file_actions_adddup2(&actions, fd, target)
            }
        }
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environmentPairs = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp = environmentPairs.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let result = executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, nil, argv, envp)
            : posix_spawnp(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else {
            throw TestError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        processIdentifier = pid
    }

    /// A pipe whose two ends close on exec (a child gets only what its file actions give it).
    public static func makePipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw TestError("pipe failed: errno \(errno)") }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }

    /// Whether the child has not exited yet (reaps it when it has).
    public var isRunning: Bool { reap() == nil }

    /// Blocks until the child exits; returns its exit code (128 + signal when a signal ended it).
    @discardableResult
    public func waitUntilExit() -> Int32 {
        while true {
            if let status = reap() { return status }
            usleep(5_000)
        }
    }

    /// Waits up to `seconds` for the child to exit; its exit code, or nil while it still runs.
    public func wait(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let status = reap() { return status }
            usleep(10_000)
        }
        return reap()
    }

    /// The exit code once the child has exited (128 + signal when a signal ended it).
    public var terminationStatus: Int32 { reap() ?? -1 }

    /// Sends `signal` to the child unless it has already been reaped.
    public func send(signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if exitStatus == nil { kill(processIdentifier, signal) }
    }

    /// Sends SIGTERM.
    public func terminate() { send(signal: SIGTERM) }

    private func reap() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(processIdentifier, &status, WNOHANG) } while result == -1 && errno == EINTR
        guard result == processIdentifier else { return nil }
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        exitStatus = code
        return code
    }
}
