import CheckoutCore
import CheckoutHTTP
import Foundation

/// Decoding of JSON request bodies (docs/API.md "Conventions"): unknown fields are ignored; a wrong
/// type, a missing field or a non-integer number is `invalid_request` naming the field.
public enum JSONBody {
    /// Decodes `type` from `bytes`. Numbers that are not 64-bit integers are refused wherever
    /// an integer (or any non-number) is read, and ignored in fields the type does not read.
    /// - Throws: `CheckoutError` `invalid_request`, with `param` when one field is at fault.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(CheckoutError) -> T {
        guard bytes.contains(where: { !isJSONWhitespace($0) }) else {
            throw .invalidRequest("A JSON request body is required.")
        }
        if let fault = JSONTextGuard.fault(in: bytes) { throw .invalidRequest(fault) }
        let suspicious = JSONNumberGuard.suspiciousNumbers(in: bytes)
        do {
            if suspicious.isEmpty {
                return try JSONDecoder().decode(type, from: Data(bytes))
            }
            // Decode twice with each odd number swapped for a string, then for an empty array:
            // an integer field fails both ways, a string field fails the second, an array field
            // the first; a field the type never reads passes both.
            let quoted = JSONNumberGuard.replacing(suspicious, in: bytes) { [UInt8(ascii: "\"")] + $0 + [UInt8(ascii: "\"")] }
            let value = try JSONDecoder().decode(type, from: Data(quoted))
            let emptied = JSONNumberGuard.replacing(suspicious, in: bytes) { _ in Array("[]".utf8) }
            _ = try JSONDecoder().decode(type, from: Data(emptied))
            return value
        } catch let error as DecodingError {
            // Foundation's decoder parses lazily and may report a syntax error as a type error.
            guard (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil else {
                throw .invalidRequest("The request body is not valid JSON.")
            }
            throw describe(error)
        } catch let error as CheckoutError {
            throw error
        } catch {
            throw .invalidRequest("The request body could not be read.")
        }
    }

    /// The contract error for a decoding failure, with `param` from its coding path.
    public static func describe(_ error: DecodingError) -> CheckoutError {
        switch error {
        case .keyNotFound(let key, let context):
            let param = path(context.codingPath + [key])
            return .invalidRequest("\(param) is required.", param: param)
        case .valueNotFound(let type, let context):
            guard !context.codingPath.isEmpty else { return .invalidRequest("The request body must not be null.") }
            let param = path(context.codingPath)
            return .invalidRequest("\(param) must be \(kind(of: type)), not null.", param: param)
        case .typeMismatch(let type, let context):
            guard !context.codingPath.isEmpty else {
                return .invalidRequest("The request body must be \(kind(of: type)).")
            }
            let param = path(context.codingPath)
            return .invalidRequest("\(param) must be \(kind(of: type)).", param: param)
        case .dataCorrupted(let context):
            guard !context.codingPath.isEmpty else { return .invalidRequest("The request body is not valid JSON.") }
            let param = path(context.codingPath)
            return .invalidRequest("\(param) is invalid: \(context.debugDescription)", param: param)
        @unknown default:
            return .invalidRequest("The request body could not be decoded.")
        }
    }

    /// `items[0].quantity` from a coding path.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
                out += "[\(index)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }

    static func kind(of type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type, is Int16.Type, is Int8.Type,
             is UInt.Type, is UInt64.Type, is UInt32.Type, is UInt16.Type, is UInt8.Type:
            return "an integer"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Dictionary") || (name.hasPrefix("[") && name.contains(":")) { return "an object" }
            if name.hasPrefix("Array") || name.hasPrefix("[") { return "an array" }
            return "of another type"
        }
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
