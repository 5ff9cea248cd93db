import Foundation

/// The built `chatcheckout` binary run as a child process on ephemeral ports, for
/// end-to-end tests. Finds the binary through `CHECKOUT_BINARY` or next to the test bundle.
public final class ServiceProcess: @unchecked Sendable {
    /// The running binary.
    public let process: ChildProcess
    public let port: Int
    public let httpsPort: Int?
    public let dataDirectory: URL
    private let pipe: OutputPipe

    /// Path of the binary under test.
    public static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["CHECKOUT_BINARY"], !path.isEmpty { return path }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("chatcheckout").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug/chatcheckout"
    }

    /// Starts `chatcheckout arguments…` with `environment` added, and waits until
    /// `/healthz` answers (or `waitForHealth` is false).
    public init(
        arguments: [String] = ["serve"], environment: [String: String] = [:],
        httpsPort: Int? = nil, waitForHealth: Bool = true, executable: String? = nil
    ) throws {
        port = environment["CHECKOUT_HTTP_PORT"].flatMap(Int.init) ?? Self.freePort()
        self.httpsPort = httpsPort
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("cc-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["CHECKOUT_HTTP_PORT"] = String(port)
        env["CHECKOUT_DB"] = dataDirectory.appendingPathComponent("checkout.sqlite").path
        env["CHECKOUT_BIND"] = "127.0.0.1"
        if let httpsPort { env["CHECKOUT_HTTPS_PORT"] = String(httpsPort) }
        for (key, value) in environment { env[key] = value }
        pipe = try OutputPipe()
        process = try ChildProcess(executable ?? Self.binaryPath, arguments, environment: env,
                                   stdout: .descriptor(pipe.writeDescriptor), stderr: .descriptor(pipe.writeDescriptor))
        pipe.closeWriteEnd()
        if waitForHealth { try waitUntilHealthy() }
    }

    /// Polls `/healthz` for up to `seconds`.
    public func waitUntilHealthy(seconds: Double = 20) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard process.isRunning else { throw TestError("chatcheckout exited early: \(pipe.finish())") }
            // The answer counts only from our own listener: another test's server that drew
            // the same port would answer too, while ours exits with "already in use".
            if let client = try? TestConnection(port: port, timeout: 2),
               let response = try? client.request("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"),
               response.status == 200, Self.listens(processIdentifier: process.processIdentifier, port: port) {
                return
            }
            usleep(50_000)
        }
        throw TestError("chatcheckout did not become healthy: \(output())")
    }

    /// Everything the process printed so far.
    public func output() -> String { pipe.text }

    /// Settings for a binary whose memory a test measures: under AddressSanitizer (`make
    /// test-asan` sets `ASAN_OPTIONS`) freed blocks would sit in its 256 MB quarantine and
    /// count as resident, so the quarantine is turned off; nothing otherwise.
    public static var memoryMeasurementEnvironment: [String: String] {
        guard let options = ProcessInfo.processInfo.environment["ASAN_OPTIONS"] else { return [:] }
        return ["ASAN_OPTIONS": options + ":quarantine_size_mb=0:thread_local_quarantine_size_kb=0"]
    }

    /// The process's resident memory in KiB (`VmRSS` in /proc), or nil once it has exited.
    public func residentMemoryKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }

    /// Sends `signal` to the process.
    public func send(signal: Int32) { process.send(signal: signal) }

    /// Waits for exit (up to `seconds`) and returns the exit status, or nil on timeout.
    public func waitForExit(seconds: Double = 15) -> Int32? {
        guard let status = process.wait(seconds: seconds) else { return nil }
        pipe.finish()
        return status
    }

    /// Stops the process (SIGTERM, then SIGKILL) and removes its data folder.
    public func stop() {
        if process.isRunning {
            send(signal: SIGTERM)
            if waitForExit(seconds: 12) == nil { send(signal: SIGKILL); _ = waitForExit(seconds: 5) }
        }
        if !process.isRunning { pipe.finish() }
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    deinit { stop() }
}
