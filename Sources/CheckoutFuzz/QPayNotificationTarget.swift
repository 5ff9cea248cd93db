import CheckoutCore
import CheckoutQQ

/// The QQ Wallet XML parser and notification reader: the document parsed whole and in pieces
/// gives the same fields or the same error; parsed fields written back parse to themselves;
/// the input as sent is never accepted (it cannot carry a valid MD5 `sign` of our key), and the
/// same fields signed with our key are never refused as unverified.
enum QPayNotificationTarget {
    static let apiKey = "fuzz-qpay-api-key-0123456789abcd"
    static let reader = QPayNotificationReader(apiKey: apiKey, merchantID: "1900000109", appID: "1110000000")
    static let signature = QPaySignature(apiKey: apiKey)

    static func run(_ input: [UInt8]) {
        // Past the size limit the whole document is refused before its first byte is read.
        guard input.count <= XMLFlatParser.Limits().maxBytes else { return }
        let whole = Result { () throws(XMLParseError) in try XMLFlatParser.parse(input) }
        let pieces = Result { () throws(XMLParseError) in try parseInPieces(input) }
        guard same(whole, pieces) else { preconditionFailure("split feeding changed the outcome: \(whole) vs \(pieces)") }
        if case .success = (Result { () throws(QPayNotificationRejection) in try reader.read(body: input) }) {
            preconditionFailure("a notification without our signature was accepted")
        }
        guard case .success(let fields) = whole else { return }
        let rewritten = Result { () throws(XMLParseError) in try XMLFlatParser.parse(fields.encoded()) }
        guard case .success(let again) = rewritten, again == fields else {
            preconditionFailure("fields do not survive being written back: \(fields) vs \(rewritten)")
        }
        guard fields.root == "xml" else { return }
        do {
            let notification = try reader.read(body: signature.signed(fields).encoded())
            precondition(notification.provider == "qpay" && notification.notificationID.utf8.count <= 128,
                         "an odd notification: \(notification.notificationID)")
        } catch {
            if error == .unverified { preconditionFailure("fields signed with our key were refused as unverified") }
        }
    }

    /// Pieces of 1 to 7 bytes, their sizes taken from the input itself.
    static func parseInPieces(_ input: [UInt8]) throws(XMLParseError) -> XMLFields {
        var parser = XMLFlatParser()
        var start = 0
        while start < input.count {
            let end = min(input.count, start + Int(input[start] % 7) + 1)
            try parser.feed(input[start..<end])
            start = end
        }
        return try parser.finish()
    }

    static func same(_ a: Result<XMLFields, XMLParseError>, _ b: Result<XMLFields, XMLParseError>) -> Bool {
        switch (a, b) {
        case (.success(let x), .success(let y)): x == y
        case (.failure(let x), .failure(let y)): x.kind == y.kind && x.offset == y.offset
        default: false
        }
    }
}
