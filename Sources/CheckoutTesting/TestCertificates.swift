import Foundation

/// A development CA and a server certificate for 127.0.0.1/localhost, made once per test
/// process by `docker/make-cert.sh` (the same script as `make cert`).
public struct TestCertificates: Sendable {
    public let directory: String
    public var caPath: String { directory + "/ca.pem" }
    public var certificatePath: String { directory + "/server.pem" }
    public var keyPath: String { directory + "/server.key" }

    public static func shared() throws -> TestCertificates { try cached.get() }

    private static let cached = Result { try TestCertificates.generate(name: "shared") }

    /// Makes a new CA and certificate in a fresh folder (a different certificate each call).
    public static func generate(name: String = UUID().uuidString) throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cc-tls-\(getpid())-\(name)").path
        try? FileManager.default.removeItem(atPath: directory)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docker/make-cert.sh").path
        let status = try ChildProcess("/bin/bash", [script, directory], stdout: .null, stderr: .null).waitUntilExit()
        guard status == 0 else { throw TestError("make-cert.sh failed with \(status)") }
        return TestCertificates(directory: directory)
    }
}
