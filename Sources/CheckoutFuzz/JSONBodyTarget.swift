import CheckoutAPI
import CheckoutCore
import Foundation

/// Every route's JSON body type over the same input: decoding either yields a value or throws
/// `invalid_request` (never another error, never a trap); text that is not JSON is refused by
/// every type; a value that can be written back decodes from its own encoding to itself.
enum JSONBodyTarget {
    static func run(_ input: [UInt8]) {
        let isJSON = (try? JSONSerialization.jsonObject(with: Data(withoutSurrogateEscapes(input)),
                                                         options: [.fragmentsAllowed])) != nil
        for entry in RequestBodyTypes.all {
            let value: any Sendable
            do {
                value = try entry.decode(input)
            } catch {
                precondition(error.code == .invalidRequest, "\(entry.route): \(error.code) for \(describe(input))")
                precondition(error.param.map { !$0.isEmpty } ?? true, "\(entry.route): empty param")
                continue
            }
            precondition(isJSON, "\(entry.route) accepted text that is not JSON: \(describe(input))")
            if let codable = value as? any (Codable & Hashable) {
                roundTrip(codable, entry.route, input)
            }
        }
    }

    /// `value` encoded with Foundation's encoder decodes, through `JSONBody`, to itself.
    static func roundTrip<T: Codable & Hashable>(_ value: T, _ route: String, _ input: [UInt8]) {
        guard let encoded = try? JSONEncoder().encode(value) else {
            preconditionFailure("\(route): a decoded value cannot be encoded: \(describe(input))")
        }
        do {
            let again = try JSONBody.decode(T.self, from: Array(encoded))
            precondition(again == value, "\(route): \(value) came back as \(again) from \(describe(input))")
        } catch {
            preconditionFailure("\(route): its own encoding \(String(decoding: encoded, as: UTF8.self)) is refused: \(error)")
        }
    }

    /// `input` with every `\uD800`–`\uDFFF` escape spelled `\u0041`. RFC 8259 §8.2 lets a
    /// string hold an unpaired surrogate; `JSONSerialization` refuses one, while `JSONDecoder`
    /// skips it in a field the type does not read (found by this target, allowed by the RFC).
    static func withoutSurrogateEscapes(_ input: [UInt8]) -> [UInt8] {
        var out = input
        var i = 0
        while i + 5 < out.count {
            guard out[i] == UInt8(ascii: "\\") else {
                i += 1
                continue
            }
            // A backslash starts an escape: `\\ud800` is an escaped backslash and the text
            // `ud800`, so the escape is skipped whole (found by this target: the old scan
            // rewrote that text and turned valid JSON into invalid JSON).
            if out[i + 1] == UInt8(ascii: "u"), out[i + 2] | 0x20 == UInt8(ascii: "d"),
               let third = Character(Unicode.Scalar(out[i + 3])).hexDigitValue, third >= 8 {
                out.replaceSubrange(i + 2..<i + 6, with: Array("0041".utf8))
                i += 6
            } else {
                i += 2
            }
        }
        return out
    }

    static func describe(_ input: [UInt8]) -> String {
        String(decoding: input.prefix(200), as: UTF8.self).debugDescription
    }
}
