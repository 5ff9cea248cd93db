// Hummingbird 2 peer for `make bench`: the comparable routes on one port, plain or TLS.
// Usage: HummingbirdPeer PORT [CERT.pem KEY.pem]
import Hummingbird
import HummingbirdTLS
import NIOSSL
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 2 || arguments.count == 4, let port = Int(arguments[1]) else {
    print("usage: HummingbirdPeer PORT [CERT.pem KEY.pem]")
    exit(2)
}

let router = Router()
router.get("text") { _, _ in "Hello, World!" }
router.get("json") { _, _ in PeerStatus(status: "ok") }
router.get("products") { _, _ in PeerPage(data: PeerProduct.benchmarkShop, next_cursor: nil) }

let configuration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: "Hummingbird")
if arguments.count == 4 {
    let tls = TLSConfiguration.makeServerConfiguration(
        certificateChain: try NIOSSLCertificate.fromPEMFile(arguments[2]).map { .certificate($0) },
        privateKey: .privateKey(try NIOSSLPrivateKey(file: arguments[3], format: .pem)))
    let app = Application(router: router, server: try .tls(.http1(), tlsConfiguration: tls),
                          configuration: configuration)
    try await app.runService()
} else {
    let app = Application(router: router, configuration: configuration)
    try await app.runService()
}
