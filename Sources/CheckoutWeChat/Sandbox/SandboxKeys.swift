import CheckoutCrypto
import Foundation
import CheckoutThreads

/// The sandbox platform's identity: a merchant key, a platform key, their serials and an
/// APIv3 key, generated at first start and kept in a folder of the data directory (files
/// readable by the owner only). Never used for real payments.
public struct SandboxKeys: Sendable {
    public let appID: String
    public let merchantID: String
    public let merchantSerial: String
    public let merchantKey: RSAPrivateKey
    public let platformSerial: String
    public let platformKey: RSAPrivateKey
    /// 32 ASCII characters.
    public let apiV3Key: String

    private struct Identity: Codable {
        var appID: String
        var merchantID: String
        var merchantSerial: String
        var platformSerial: String
        var apiV3Key: String
        enum CodingKeys: String, CodingKey {
            case appID = "app_id"
            case merchantID = "merchant_id"
            case merchantSerial = "merchant_serial"
            case platformSerial = "platform_serial"
            case apiV3Key = "apiv3_key"
        }
    }

    /// Reads the keys from `directory`, creating the folder and the keys when absent.
    /// - Throws: an error naming the file that cannot be read or written.
    public static func loadOrCreate(directory: String) throws -> SandboxKeys {
        let fm = FileManager.default
        let identityPath = directory + "/sandbox.json"
        let merchantPath = directory + "/merchant_key.pem"
        let platformPath = directory + "/platform_key.pem"
        if fm.fileExists(atPath: identityPath) {
            let identity = try JSONDecoder().decode(Identity.self, from: Data(contentsOf: URL(fileURLWithPath: identityPath)))
            return SandboxKeys(identity, merchantKey: try RSAPrivateKey(pemFile: merchantPath),
                               platformKey: try RSAPrivateKey(pemFile: platformPath))
        }
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true,
                               attributes: [.posixPermissions: 0o700])
        let identity = Identity(appID: "wx_sandbox_app", merchantID: "1900000001",
                                merchantSerial: "SANDBOX" + Hex.encode(SecureRandom.bytes(count: 16)).uppercased(),
                                platformSerial: "PUB_KEY_ID_SANDBOX_" + Hex.encode(SecureRandom.bytes(count: 12)).uppercased(),
                                apiV3Key: SecureRandom.alphanumeric(count: 32))
        let pair = try generatedPair()
        let keys = SandboxKeys(identity, merchantKey: pair.merchant, platformKey: pair.platform)
        try write(keys.merchantKey.privateKeyPEM, to: merchantPath)
        try write(keys.platformKey.privateKeyPEM, to: platformPath)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Written last: its presence means the folder is complete.
        try write(String(decoding: try encoder.encode(identity), as: UTF8.self), to: identityPath)
        return keys
    }

    /// RSA generation is slow (a second or more on a busy small machine); a process that opens
    /// several fresh sandbox folders (tests) makes the pair once. The sandbox keys guard
    /// nothing of value; serials and the APIv3 key are still drawn per folder.
    private static let pairs = Locked<(merchant: RSAPrivateKey, platform: RSAPrivateKey)?>(nil)

    private static func generatedPair() throws -> (merchant: RSAPrivateKey, platform: RSAPrivateKey) {
        try pairs.withLock { cached in
            if let cached { return cached }
            let pair = (merchant: try RSAPrivateKey.generate(), platform: try RSAPrivateKey.generate())
            cached = pair
            return pair
        }
    }

    private init(_ identity: Identity, merchantKey: RSAPrivateKey, platformKey: RSAPrivateKey) {
        appID = identity.appID
        merchantID = identity.merchantID
        merchantSerial = identity.merchantSerial
        platformSerial = identity.platformSerial
        apiV3Key = identity.apiV3Key
        self.merchantKey = merchantKey
        self.platformKey = platformKey
    }

    private static func write(_ text: String, to path: String) throws {
        let created = FileManager.default.createFile(atPath: path, contents: Data(text.utf8),
                                                     attributes: [.posixPermissions: 0o600])
        guard created else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    }
}
