import CheckoutCore
import CheckoutCrypto
import CheckoutHTTPTypes
import Foundation

/// Turns a `POST` from the platform into a verified, decrypted `PaymentNotification`: the
/// signature over `timestamp\nnonce\nbody\n` with the key named by `Wechatpay-Serial` (an
/// unknown serial is rejected), a timestamp within ±5 minutes, then the resource decrypted
/// with the APIv3 key of the provider that serial belongs to.
public struct WeChatPayNotificationReader: Sendable {
    /// The keys of one provider's platform.
    public struct Authority: Sendable {
        /// The provider name the notifications are applied under (`wechatpay`, `sandbox`).
        public var provider: String
        public var serial: String
        public var platformKey: RSAPublicKey
        public var decryptor: WeChatPayNotificationDecryptor
        /// Ours, to tell a transaction of another merchant.
        public var appID: String
        public var merchantID: String

        public init(provider: String, serial: String, platformKey: RSAPublicKey,
                    decryptor: WeChatPayNotificationDecryptor, appID: String, merchantID: String) {
            self.provider = provider
            self.serial = serial
            self.platformKey = platformKey
            self.decryptor = decryptor
            self.appID = appID
            self.merchantID = merchantID
        }
    }

    let authorities: [String: Authority]
    let verifier: WeChatPaySignatureVerifier

    /// - Parameters:
    ///   - now: the clock of the timestamp window.
    public init(authorities: [Authority], allowedSkew: Int = 300, now: @escaping @Sendable () -> Date = { Date() }) {
        self.authorities = Dictionary(authorities.map { ($0.serial, $0) }, uniquingKeysWith: { first, _ in first })
        verifier = WeChatPaySignatureVerifier(platformKeys: self.authorities.mapValues(\.platformKey),
                                              allowedSkew: allowedSkew, now: now)
    }

    /// Verifies, decodes and decrypts one notification.
    /// - Throws: `WeChatPayNotificationRejection`; nothing may be applied then.
    public func read(headers: HTTPFields, body: [UInt8]) throws(WeChatPayNotificationRejection) -> PaymentNotification {
        do {
            try verifier.verify(headers: headers, body: body)
        } catch {
            throw .unverified(error)
        }
        guard let serial = headers[WeChatPayHeader.serial], let authority = authorities[serial] else {
            throw .unverified(.unknownSerial(headers[WeChatPayHeader.serial] ?? ""))
        }
        do {
            let notification = try WeChatPayNotificationDecryptor.decodeNotification(body)
            let plaintext = try authority.decryptor.decrypt(notification.resource)
            let event: PaymentNotification.Event
            if notification.eventType.isTransaction {
                let tx = try WeChatPayNotificationDecryptor.decodeJSON(WeChatPayTransaction.self, from: plaintext)
                event = .transaction(WeChatPayMapping.transaction(tx, appID: authority.appID,
                                                                  merchantID: authority.merchantID))
            } else if notification.eventType.isRefund {
                let refund = try WeChatPayNotificationDecryptor.decodeJSON(WeChatPayRefund.self, from: plaintext)
                event = .refund(WeChatPayMapping.refund(refund))
            } else {
                event = .unsupported
            }
            guard !notification.id.isEmpty, notification.id.utf8.count <= 128 else {
                throw WeChatPayDecryptionError.malformedJSON("notification id")
            }
            return PaymentNotification(provider: authority.provider, notificationID: notification.id,
                                       eventType: String(notification.eventType.rawValue.prefix(64)), rawBody: body,
                                       resource: plaintext, serial: serial, event: event)
        } catch let error as WeChatPayDecryptionError {
            throw .undecryptable(error)
        } catch {
            throw .undecryptable(.malformedJSON("undecodable"))
        }
    }
}

/// Why a notification was refused. The callback answers 4xx with `{"code":"FAIL"}` so the
/// platform retries; nothing is applied.
public enum WeChatPayNotificationRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// Headers missing, unknown serial, stale or future timestamp, or a signature that fails.
    case unverified(WeChatPayVerificationError)
    /// Signed correctly but the body or its resource cannot be read.
    case undecryptable(WeChatPayDecryptionError)

    /// 401 for an unverified sender, 400 for an unreadable body.
    public var status: Int {
        switch self {
        case .unverified: 401
        case .undecryptable: 400
        }
    }

    public var description: String {
        switch self {
        case .unverified(let error): "unverified: \(error)"
        case .undecryptable(let error): "unreadable: \(error)"
        }
    }
}
