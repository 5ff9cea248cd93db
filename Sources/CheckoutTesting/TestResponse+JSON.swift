import Foundation

extension TestResponse {
    /// The body parsed as a JSON object (empty when it is not one).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// The body decoded as `type`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(body))
    }

    /// `error.code` of a contract error body, or nil.
    public var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    /// `error.param` of a contract error body, or nil.
    public var errorParam: String? { (json["error"] as? [String: Any])?["param"] as? String }
    /// `error.message` of a contract error body, or nil.
    public var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }

    /// The media type of `Content-Type`, lowercased, without parameters.
    public var mediaType: String? {
        header("Content-Type")?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }
}
