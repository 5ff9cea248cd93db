import CheckoutCrypto
import CheckoutHTTPTypes
import Foundation
import Testing
import CheckoutTesting
@testable import CheckoutWeChat

/// Runs the machine's python3 (`cryptography` is installed for payment tests).
enum Python {
    static func hasCryptography() -> Bool {
        (try? run(["-c", "import cryptography"])) != nil
    }

    /// Runs `python3 args…` and returns its stdout, throwing on a non-zero exit.
    static func run(_ arguments: [String]) throws -> String {
        let out = try OutputPipe()
        let process = try ChildProcess("python3", arguments, stdout: .descriptor(out.writeDescriptor), stderr: .null)
        out.closeWriteEnd()
        guard process.waitUntilExit() == 0 else { throw CocoaError(.executableLoad) }
        return out.finish().trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Python `cryptography` plays an independent implementation of the platform's side.
@Suite struct PythonCrossCheckTests {
    @Test func pythonCryptography_IsInstalled() {
        #expect(Python.hasCryptography(), "python3 with `cryptography` is missing (make test-deps installs it)")
    }

    static let script = """
    import base64, json, sys
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    key, public_pem, body, timestamp, nonce, signature = sys.argv[1:7]
    message = (timestamp + "\\n" + nonce + "\\n" + body + "\\n").encode()
    public = serialization.load_pem_public_key(public_pem.encode())
    public.verify(base64.b64decode(signature), message, padding.PKCS1v15(), hashes.SHA256())
    resource = json.loads(body)["resource"]
    plain = AESGCM(key.encode()).decrypt(resource["nonce"].encode(), base64.b64decode(resource["ciphertext"]),
                                         resource["associated_data"].encode())
    print(json.loads(plain)["out_trade_no"], json.loads(plain)["amount"]["total"])
    """

    @Test func pythonVerifiesAndDecryptsANotificationWeBuilt() throws {
        let platformKey = try RSAPrivateKey.generate()
        let apiV3Key = SecureRandom.alphanumeric(count: 32)
        let builder = try WeChatPayNotificationBuilder(platformPrivateKey: platformKey, platformSerial: "PUB_KEY_ID_0114",
                                                       apiV3Key: Array(apiV3Key.utf8))
        let message = try builder.transactionSuccess(WeChatPayNotificationTests.paid)
        let arguments = [apiV3Key, platformKey.publicKeyPEM, String(decoding: message.body, as: UTF8.self),
                         message.headers["Wechatpay-Timestamp"]!, message.headers["Wechatpay-Nonce"]!,
                         message.headers["Wechatpay-Signature"]!]
        #expect(try Python.run(["-c", Self.script] + arguments) == "ord_7Hk2 2599")

        var forged = arguments
        forged[3] = String(Int(forged[3])! + 1)
        #expect(throws: (any Error).self) { try Python.run(["-c", Self.script] + forged) }
    }
}
