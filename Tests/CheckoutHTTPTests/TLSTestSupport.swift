import Foundation
import Testing
import CheckoutTesting
@testable import CheckoutHTTP

/// Certificates and keys made once per test process with docker/make-cert.sh and the openssl CLI.
struct TLSFixtures: Sendable {
    let directory: URL
    /// Development CA from make-cert.sh.
    var caPath: String { path("ca.pem") }
    /// Server certificate (localhost, 127.0.0.1) and key from make-cert.sh.
    var serverCertPath: String { path("server.pem") }
    var serverKeyPath: String { path("server.key") }
    /// A second server certificate + key from the same CA (for reloads).
    var secondCertPath: String { path("second.pem") }
    var secondKeyPath: String { path("second.key") }
    /// A certificate from the same CA that expired in 2020, and its key.
    var expiredCertPath: String { path("expired.pem") }
    var expiredKeyPath: String { path("expired.key") }
    /// An unrelated self-signed CA: clients trusting it must reject the server.
    var otherCAPath: String { path("other-ca.pem") }
    /// Keys that do not belong to server.pem: same type (EC) and another type (RSA).
    var otherECKeyPath: String { path("other-ec.key") }
    var otherRSAKeyPath: String { path("other-rsa.key") }
    /// server.key encrypted with a passphrase.
    var encryptedKeyPath: String { path("encrypted.key") }
    /// server.pem in DER form, and an empty file.
    var derCertPath: String { path("server.der") }
    var emptyPath: String { path("empty.pem") }
    /// SHA-256 fingerprints as printed by `openssl x509 -fingerprint -sha256`.
    let serverFingerprint: String
    let secondFingerprint: String

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Shared fixtures; generated on first use.
    static func shared() throws -> TLSFixtures { try cached.get() }
    private static let cached = Result { try TLSFixtures.generate() }

    private static func generate() throws -> TLSFixtures {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("checkout-tls-tests-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let dir = directory.path
        try TLSTool.run(TLSTool.makeCertScript, [dir])
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        let ext = "\(dir)/leaf.ext"
        try "subjectAltName = DNS:localhost, IP:127.0.0.1\nextendedKeyUsage = serverAuth\n"
            .write(toFile: ext, atomically: true, encoding: .utf8)
        // A second leaf signed by the same CA.
        try openssl(["req", "-new"] + ec + ["-keyout", "\(dir)/second.key", "-out", "\(dir)/second.csr", "-subj", "/CN=localhost"])
        try openssl(["x509", "-req", "-in", "\(dir)/second.csr", "-CA", "\(dir)/ca.pem", "-CAkey", "\(dir)/ca.key",
                     "-CAcreateserial", "-CAserial", "\(dir)/ca.srl", "-days", "30", "-extfile", ext, "-out", "\(dir)/second.pem"])
        // An expired leaf: `openssl ca` is the only CLI path to explicit past dates.
        try openssl(["req", "-new"] + ec + ["-keyout", "\(dir)/expired.key", "-out", "\(dir)/expired.csr", "-subj", "/CN=localhost"])
        try "".write(toFile: "\(dir)/index.txt", atomically: true, encoding: .utf8)
        try """
            [ca]
            default_ca = dev
            [dev]
            database = \(dir)/index.txt
            serial = \(dir)/serial
            new_certs_dir = \(dir)
            default_md = sha256
            policy = any
            [any]
            commonName = supplied
            """.write(toFile: "\(dir)/ca.cnf", atomically: true, encoding: .utf8)
        try openssl(["ca", "-batch", "-config", "\(dir)/ca.cnf", "-rand_serial", "-notext",
                     "-startdate", "20200101000000Z", "-enddate", "20200102000000Z",
                     "-cert", "\(dir)/ca.pem", "-keyfile", "\(dir)/ca.key", "-in", "\(dir)/expired.csr",
                     "-out", "\(dir)/expired.pem", "-extfile", ext])
        // Unrelated material.
        try openssl(["req", "-x509"] + ec + ["-keyout", "\(dir)/other-ca.key", "-out", "\(dir)/other-ca.pem",
                                             "-subj", "/CN=Other CA", "-days", "30"])
        try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "\(dir)/other-ec.key"])
        try openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "\(dir)/other-rsa.key"])
        try openssl(["pkey", "-in", "\(dir)/server.key", "-aes256", "-passout", "pass:secret", "-out", "\(dir)/encrypted.key"])
        try openssl(["x509", "-in", "\(dir)/server.pem", "-outform", "DER", "-out", "\(dir)/server.der"])
        try "".write(toFile: "\(dir)/empty.pem", atomically: true, encoding: .utf8)
        return TLSFixtures(directory: directory,
                           serverFingerprint: try fingerprint("\(dir)/server.pem"),
                           secondFingerprint: try fingerprint("\(dir)/second.pem"))
    }

    @discardableResult
    static func openssl(_ arguments: [String]) throws -> String {
        try TLSTool.run("/usr/bin/openssl", arguments)
    }

    /// `openssl x509 -fingerprint -sha256` → `AB:CD:...`.
    static func fingerprint(_ certPath: String) throws -> String {
        let output = try openssl(["x509", "-in", certPath, "-noout", "-fingerprint", "-sha256"])
        return String(output.split(separator: "=").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Runs command-line tools for fixtures.
enum TLSTool {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// docker/make-cert.sh of this package.
    static let makeCertScript = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docker/make-cert.sh").path

    /// Runs `executable` and returns its standard output; throws on a non-zero exit.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let output = try OutputPipe(), errors = try OutputPipe()
        let process = try ChildProcess(executable, arguments, stdout: .descriptor(output.writeDescriptor),
                                       stderr: .descriptor(errors.writeDescriptor))
        output.closeWriteEnd()
        errors.closeWriteEnd()
        let status = process.waitUntilExit()
        let out = output.finish(), err = errors.finish()
        guard status == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(status): " + err)
        }
        return out
    }
}

/// An in-memory connection between a client and a server session.
struct TLSPair {
    let client: TLSSession
    let server: TLSSession

    init(client: TLSSession, server: TLSSession) {
        self.client = client
        self.server = server
    }

    /// A TLS 1.3 pair on the fixture certificate, client trusting the fixture CA.
    init(fixtures: TLSFixtures, client configuration: TLSClientConfiguration? = nil,
         serverName: String? = "localhost", resuming: TLSResumableSession? = nil,
         server context: TLSContext? = nil) throws {
        let serverContext = try context ?? TLSContext(configuration: TLSConfiguration(
            certificateChainPath: fixtures.serverCertPath, privateKeyPath: fixtures.serverKeyPath))
        let clientContext = try TLSContext.makeClient(
            configuration: configuration ?? TLSClientConfiguration(trustedCAPath: fixtures.caPath))
        self.client = try TLSSession(context: clientContext, serverName: serverName, resuming: resuming)
        self.server = try TLSSession(context: serverContext)
    }

    /// Moves pending ciphertext both ways; returns whether any byte moved.
    @discardableResult
    func shuttle() -> Bool {
        let toServer = client.drainCiphertext()
        server.feed(toServer)
        let toClient = server.drainCiphertext()
        client.feed(toClient)
        return !toServer.isEmpty || !toClient.isEmpty
    }

    /// Runs both handshakes to completion (or the first error).
    func handshake() throws {
        for _ in 0..<10 {
            let clientState = try client.handshake()
            server.feed(client.drainCiphertext())
            let serverState = try server.handshake()
            client.feed(server.drainCiphertext())
            if clientState == .complete && serverState == .complete { return }
        }
        throw TLSTool.Failure(description: "handshake made no progress")
    }

    /// Sends `bytes` from one side and returns everything the other side read.
    static func transfer(_ bytes: [UInt8], from sender: TLSSession, to receiver: TLSSession) throws -> [UInt8] {
        try sender.writePlaintext(bytes)
        receiver.feed(sender.drainCiphertext())
        var received: [UInt8] = []
        while case .bytes = try receiver.readPlaintext(into: &received) {}
        return received
    }
}

extension Array where Element == UInt8 {
    static func random(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in generator.next() }
    }
}
