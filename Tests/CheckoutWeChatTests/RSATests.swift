import CheckoutCrypto
import Foundation
import Testing
@testable import CheckoutWeChat

@Suite struct RSATests {
    let knownSignature = [UInt8](Data(base64Encoded: Fixtures.knownMessageSignature)!)

    @Test func pkcs1AndPKCS8Keys_ProduceTheOpenSSLCLISignature() throws {
        for pem in [Fixtures.merchantKeyPKCS1, Fixtures.merchantKeyPKCS8] {
            let key = try RSAPrivateKey(pem: pem)
            #expect(key.bits == 2048)
            #expect(try key.sign(sha256: Fixtures.knownMessage) == knownSignature)
        }
    }

    @Test func publicKeysInEveryPEMForm_VerifyTheKnownSignature() throws {
        let keys = [
            try RSAPublicKey(pem: Fixtures.merchantPublicKey),
            try RSAPublicKey(pem: Fixtures.merchantPublicKeyPKCS1),
            try RSAPrivateKey(pem: Fixtures.merchantKeyPKCS1).publicKey,
        ]
        for key in keys {
            #expect(key.verify(signature: knownSignature, sha256: Fixtures.knownMessage))
        }
    }

    @Test(arguments: [0, 100, 255])
    func verify_FailsWhenOneSignatureBitIsFlipped(byte: Int) throws {
        let key = try RSAPublicKey(pem: Fixtures.merchantPublicKey)
        var forged = knownSignature
        forged[byte] ^= 0x01
        #expect(!key.verify(signature: forged, sha256: Fixtures.knownMessage))
    }

    @Test func verify_FailsForAnotherMessageOrAnotherKeyOrGarbage() throws {
        let key = try RSAPublicKey(pem: Fixtures.merchantPublicKey)
        var message = Array(Fixtures.knownMessage.utf8)
        message[0] ^= 0x01
        #expect(!key.verify(signature: knownSignature, sha256: message))
        #expect(!(try RSAPublicKey(pem: Fixtures.platformCertificate)).verify(signature: knownSignature, sha256: Fixtures.knownMessage))
        #expect(!key.verify(signature: [], sha256: Fixtures.knownMessage))
        #expect(!key.verify(signature: Array(knownSignature.prefix(255)), sha256: Fixtures.knownMessage))
        #expect(!key.verify(signature: [UInt8](repeating: 0xFF, count: 256), sha256: Fixtures.knownMessage))
    }

    @Test func unreadableEncryptedOrNonRSAKeys_AreRefusedAsInvalidKey() {
        let cases: [() throws -> Void] = [
            { _ = try RSAPrivateKey(pem: "not a key") },
            { _ = try RSAPrivateKey(pem: Fixtures.merchantPublicKey) },
            { _ = try RSAPrivateKey(pem: Fixtures.encryptedKey) },
            { _ = try RSAPrivateKey(pem: Fixtures.ecPrivateKey) },
            { _ = try RSAPublicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n") },
            { _ = try RSAPublicKey(pem: Fixtures.ecPublicKey) },
            { _ = try RSAPrivateKey(pemFile: "/nonexistent/apiclient_key.pem") },
        ]
        for body in cases {
            #expect { try body() } throws: { ($0 as? CryptoError)?.code == .invalidKey }
        }
    }

    @Test func privateKeyFile_IsReadFromDisk() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wechat-key-\(UUID().uuidString).pem").path
        try Fixtures.merchantKeyPKCS8.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try RSAPrivateKey(pemFile: path).sign(sha256: Fixtures.knownMessage) == knownSignature)
    }

    @Test func generatedKey_SignsVerifiesAndSurvivesPEMExport() throws {
        let key = try RSAPrivateKey.generate(bits: 2048)
        #expect(key.bits == 2048)
        #expect(key.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(key.publicKeyPEM.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        let reloaded = try RSAPrivateKey(pem: key.privateKeyPEM)
        let publicKey = try RSAPublicKey(pem: key.publicKeyPEM)
        let signature = try reloaded.sign(sha256: "hello")
        #expect(signature.count == 256)
        #expect(publicKey.verify(signature: signature, sha256: "hello"))
        #expect(try key.sign(sha256: "hello") == signature)  // PKCS#1 v1.5 is deterministic
        #expect(!(try RSAPublicKey(pem: Fixtures.merchantPublicKey)).verify(signature: signature, sha256: "hello"))
    }

    @Test func oneKey_SignsAndVerifiesFromManyTasksAtOnce() async throws {
        let key = try RSAPrivateKey(pem: Fixtures.merchantKeyPKCS8)
        let publicKey = key.publicKey
        let expected = knownSignature
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    let signature = try key.sign(sha256: Fixtures.knownMessage)
                    return signature == expected && publicKey.verify(signature: signature, sha256: Fixtures.knownMessage)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 32 && results.allSatisfy { $0 })
    }

    @Test func exportedPublicKeyPEM_MatchesOpenSSLCLIOutput() throws {
        let key = try RSAPrivateKey(pem: Fixtures.merchantKeyPKCS1)
        #expect(key.publicKeyPEM.trimmingCharacters(in: .whitespacesAndNewlines) == Fixtures.merchantPublicKey)
    }

    @Test func certificate_GivesWeChatStyleSerialValidityAndItsKey() throws {
        let certificate = try X509Certificate(pem: Fixtures.platformCertificate)
        #expect(certificate.serialNumberHex == Fixtures.platformSerial)
        #expect(certificate.notAfter.timeIntervalSince(certificate.notBefore) == 36500 * 86400)
        #expect(certificate.isValid(at: certificate.notBefore.addingTimeInterval(86400)))
        #expect(!certificate.isValid(at: certificate.notBefore.addingTimeInterval(-1)))
        let platform = try RSAPrivateKey(pem: Fixtures.platformKey)
        let signature = try platform.sign(sha256: "notification")
        #expect(certificate.publicKey.verify(signature: signature, sha256: "notification"))
        #expect(try RSAPublicKey(pem: Fixtures.platformCertificate).verify(signature: signature, sha256: "notification"))
    }

    @Test func certificateReader_RefusesAKeyPEM() {
        #expect { try X509Certificate(pem: Fixtures.merchantPublicKey) } throws: {
            ($0 as? CryptoError)?.code == .invalidCertificate
        }
    }
}
