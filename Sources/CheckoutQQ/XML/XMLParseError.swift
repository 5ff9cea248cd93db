/// Why a payment XML document was refused. Nothing in it may be used then.
public struct XMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// More bytes than the limit (a notification is untrusted input).
        case tooLarge
        /// A DTD, comment, processing instruction or entity declaration (`<!…`, `<?…` after the start).
        case forbiddenMarkup
        /// An entity reference other than the five predefined ones and numeric references.
        case unknownEntity
        /// Attributes, nested elements, text outside an element, mismatched or malformed tags.
        case malformed
        /// A value that is not valid UTF-8, a control character, or an encoding other than UTF-8.
        case badEncoding
        /// The same field twice, or more fields, longer names or values than the limits.
        case limitExceeded
        /// The document ended before its root element closed.
        case truncated
    }

    public var kind: Kind
    /// The byte offset where it was noticed.
    public var offset: Int
    public var detail: String

    public init(_ kind: Kind, at offset: Int, _ detail: String) {
        self.kind = kind
        self.offset = offset
        self.detail = detail
    }

    public var description: String { "\(kind) at byte \(offset): \(detail)" }
}
