import Glibc

/// A child process whose stdout is a pipe to us (posix_spawn; SIGKILL; non-blocking drain).
final class ChildProcess {
    struct SpawnError: Error, CustomStringConvertible {
        let code: Int32
        var description: String { "posix_spawn failed: \(String(cString: strerror(code)))" }
    }

    let pid: pid_t
    private let output: Int32
    private var status: Int32 = 0
    private var reaped = false

    init(executable: String, arguments: [String]) throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SpawnError(code: errno) }
        // Other tests may spawn children concurrently: keep our read end out of them.
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(fds[1])
        guard code == 0 else {
            close(fds[0])
            throw SpawnError(code: code)
        }
        self.pid = pid
        self.output = fds[0]
    }

    deinit {
        if !reaped {
            Glibc.kill(pid, SIGKILL)
            waitpid(pid, nil, 0)
        }
        close(output)
    }

    /// The next bytes of the child's stdout; nil at end of file.
    func readChunk() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(output, &buffer, buffer.count)
            if count > 0 { return Array(buffer[..<count]) }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// SIGKILL, then wait for the child to be gone.
    func kill() {
        Glibc.kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
    }

    /// What the dead child left in the pipe (non-blocking: a leaked write end elsewhere cannot hang us).
    func drainAfterExit() -> [[UInt8]] {
        _ = fcntl(output, F_SETFL, fcntl(output, F_GETFL) | O_NONBLOCK)
        var chunks: [[UInt8]] = []
        while let chunk = readChunk() { chunks.append(chunk) }
        return chunks
    }

    /// True when the child ended by SIGKILL.
    var wasKilledBySIGKILL: Bool { reaped && (status & 0x7f) == SIGKILL }
}
