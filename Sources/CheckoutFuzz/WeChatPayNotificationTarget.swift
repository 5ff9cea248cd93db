import CheckoutCore
import CheckoutCrypto
import CheckoutHTTP
import CheckoutWeChat
import Foundation

/// The WeChat Pay notification reader (headers, signature, decryption, resource JSON) with the
/// first input byte choosing how much of the message the fuzzer controls:
/// - 0, forged: headers (`Name: value` lines) and body from the input, never signed by the
///   platform key: always refused as unverified;
/// - 1, signed body: the input is the body, signed with the platform key: never refused as
///   unverified, and an accepted one is the body as sent;
/// - 2, sealed resource: the input is the resource JSON, encrypted and signed as the platform
///   does: decryption never fails, and an accepted one carries that plaintext.
enum WeChatPayNotificationTarget {
    static let serial = "FUZZ0000SERIAL"
    static let apiV3Key = Array("fuzz-apiv3-key-0123456789abcdefg".utf8)

    /// Keys, the reader and the builder, made once per process (a 1024-bit key keeps signing fast).
    static let fixture: (reader: WeChatPayNotificationReader, builder: WeChatPayNotificationBuilder,
                         signer: WeChatPayPlatformSigner) = {
        do {
            let key = try RSAPrivateKey.generate(bits: 1024)
            let authority = WeChatPayNotificationReader.Authority(
                provider: "wechatpay", serial: serial, platformKey: key.publicKey,
                decryptor: try WeChatPayNotificationDecryptor(apiV3Key: apiV3Key), appID: "wxfuzz", merchantID: "1900000001")
            return (WeChatPayNotificationReader(authorities: [authority]),
                    try WeChatPayNotificationBuilder(platformPrivateKey: key, platformSerial: serial, apiV3Key: apiV3Key),
                    WeChatPayPlatformSigner(serialNumber: serial, privateKey: key))
        } catch {
            preconditionFailure("fixture: \(error)")
        }
    }()

    static func run(_ input: [UInt8]) {
        guard let mode = input.first else { return }
        let rest = Array(input.dropFirst())
        switch mode % 3 {
        case 0: forged(rest)
        case 1: signedBody(rest)
        default: sealedResource(rest)
        }
    }

    static func forged(_ input: [UInt8]) {
        let (headers, body) = split(input)
        do {
            _ = try fixture.reader.read(headers: headers, body: body)
            preconditionFailure("a notification not signed by the platform was accepted")
        } catch {
            guard case .unverified = error else { preconditionFailure("unsigned, yet refused as \(error)") }
        }
    }

    static func signedBody(_ body: [UInt8]) {
        let headers = sign(body)
        do {
            let notification = try fixture.reader.read(headers: headers, body: body)
            precondition(notification.rawBody == body && notification.provider == "wechatpay", "not the body as sent")
        } catch {
            if case .unverified = error { preconditionFailure("a correctly signed body was refused as \(error)") }
        }
    }

    static func sealedResource(_ input: [UInt8]) {
        let kinds: [WeChatPayEventType] = [.transactionSuccess, .refundSuccess, .refundClosed,
                                            WeChatPayEventType(rawValue: "PROFITSHARING.SUCCESS")]
        let kind = kinds[Int(input.first ?? 0) % kinds.count]
        let resource = Array(input.dropFirst())
        let message: WeChatPaySignedMessage
        do {
            message = try fixture.builder.notification(eventType: kind, summary: "fuzz", originalType: "transaction",
                                                        resourceJSON: resource, associatedData: "transaction")
        } catch {
            preconditionFailure("cannot build: \(error)")
        }
        do {
            let notification = try fixture.reader.read(headers: message.headers, body: message.body)
            precondition(notification.resource == resource, "the plaintext changed on the way")
        } catch {
            switch error {
            case .undecryptable(.malformedJSON), .undecryptable(.unexpectedEventType): break
            default: preconditionFailure("a sealed resource was refused as \(error)")
            }
        }
    }

    /// Correct platform headers for `body`, now.
    static func sign(_ body: [UInt8]) -> HTTPFields {
        do {
            return try fixture.signer.headers(body: body)
        } catch {
            preconditionFailure("cannot sign: \(error)")
        }
    }

    /// `Name: value` lines up to the first empty line, then the body.
    static func split(_ input: [UInt8]) -> (HTTPFields, [UInt8]) {
        var headers: HTTPFields = [:]
        var start = 0
        while start < input.count {
            let end = input[start...].firstIndex(of: UInt8(ascii: "\n")) ?? input.count
            let line = input[start..<end]
            start = end + 1
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            headers.append(name, value)
        }
        return (headers, start < input.count ? Array(input[start...]) : [])
    }
}
