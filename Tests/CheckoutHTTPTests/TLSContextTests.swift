import Foundation
import Testing
@testable import CheckoutHTTP

@Suite struct TLSContextTests {
    let fixtures: TLSFixtures

    init() throws { fixtures = try TLSFixtures.shared() }

    private func load(cert: String? = nil, key: String? = nil) throws(TLSError) -> TLSContext {
        try TLSContext(configuration: TLSConfiguration(certificateChainPath: cert ?? fixtures.serverCertPath,
                                                       privateKeyPath: key ?? fixtures.serverKeyPath))
    }

    @Test func validChainAndKey_Load_WithTheCertificatesDetails() throws {
        let context = try load()
        #expect(context.role == .server)
        let certificate = try #require(context.certificate)
        #expect(certificate.sha256FingerprintHex == fixtures.serverFingerprint)
        #expect(certificate.subject.contains("CN=localhost"))
        #expect(!context.isExpired)
        let now = Int(Date().timeIntervalSince1970)
        #expect(try #require(context.certificateNotAfter) > now + 300 * 86_400)  // make-cert.sh: 365 days
        #expect(certificate.notBefore <= now)
    }

    @Test func defaultConfiguration_HasA10SecondHandshakeTimeout() {
        let configuration = TLSConfiguration(certificateChainPath: "c.pem", privateKeyPath: "k.pem")
        #expect(configuration.handshakeTimeout == .seconds(10))
        #expect(!configuration.sessionTicketsEnabled)
    }

    @Test func expiredCertificate_Loads_AndIsReportedExpired() throws {
        let context = try load(cert: fixtures.expiredCertPath, key: fixtures.expiredKeyPath)
        #expect(context.isExpired)
        #expect(context.certificateNotAfter == 1_577_923_200)  // 2020-01-02T00:00:00Z
        #expect(HTTPDate.format(epochSeconds: context.certificateNotAfter!) == "Thu, 02 Jan 2020 00:00:00 GMT")
    }

    @Test func missingCertificateFile_IsFileNotFound_NamingTheFile() {
        let path = fixtures.path("absent.pem")
        let error = #expect(throws: TLSError.self) { try load(cert: path) }
        #expect(error?.kind == .fileNotFound)
        #expect(error?.file == .certificateChain)
        #expect(error?.path == path)
        #expect(error?.description.contains("TLS certificate chain: file not found (\(path))") == true)
    }

    @Test func missingKeyFile_IsFileNotFound_NamingTheFile() {
        let error = #expect(throws: TLSError.self) { try load(key: fixtures.path("absent.key")) }
        #expect(error?.kind == .fileNotFound)
        #expect(error?.file == .privateKey)
    }

    @Test func directoryInsteadOfAFile_IsUnreadable() {
        let error = #expect(throws: TLSError.self) { try load(cert: fixtures.directory.path) }
        #expect(error?.kind == .fileUnreadable)
        #expect(error?.file == .certificateChain)
    }

    @Test(arguments: [\TLSFixtures.derCertPath, \.emptyPath])
    func nonPEMCertificate_IsNotPEM(path: KeyPath<TLSFixtures, String> & Sendable) {
        let error = #expect(throws: TLSError.self) { try load(cert: fixtures[keyPath: path]) }
        #expect(error?.kind == .notPEM)
        #expect(error?.file == .certificateChain)
    }

    @Test func nonPEMKey_IsNotPEM() {
        let error = #expect(throws: TLSError.self) { try load(key: fixtures.derCertPath) }
        #expect(error?.kind == .notPEM)
        #expect(error?.file == .privateKey)
    }

    @Test func keyFileGivenAsCertificate_IsAnInvalidCertificate() {
        let error = #expect(throws: TLSError.self) { try load(cert: fixtures.serverKeyPath) }
        #expect(error?.kind == .invalidCertificate)
        #expect(error?.openSSLErrors.isEmpty == false)
    }

    @Test func certificateGivenAsKey_IsAnInvalidPrivateKey() {
        let error = #expect(throws: TLSError.self) { try load(key: fixtures.serverCertPath) }
        #expect(error?.kind == .invalidPrivateKey)
    }

    @Test func encryptedKey_IsRefused_WithoutPrompting() {
        let error = #expect(throws: TLSError.self) { try load(key: fixtures.encryptedKeyPath) }
        #expect(error?.kind == .invalidPrivateKey)
    }

    @Test(arguments: [\TLSFixtures.otherECKeyPath, \.otherRSAKeyPath, \.secondKeyPath])
    func keyOfAnotherCertificate_IsAKeyMismatch(key: KeyPath<TLSFixtures, String> & Sendable) {
        let error = #expect(throws: TLSError.self) { try load(key: fixtures[keyPath: key]) }
        #expect(error?.kind == .keyMismatch)
        #expect(error?.file == .privateKey)
        #expect(error?.description.contains("\n") == false)
    }
}
