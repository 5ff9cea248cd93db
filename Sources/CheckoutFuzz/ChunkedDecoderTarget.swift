import CheckoutHTTP

/// The chunked decoder fed whole and in pieces: same body, same consumed count, same error;
/// it never reads past the final CRLF and never decodes more than its body limit.
enum ChunkedDecoderTarget {
    static let maxBody = 64 * 1024

    static func run(_ input: [UInt8]) {
        let whole = decode(input, pieceSize: input.count)
        let split = decode(input, pieceSize: Int(input.first ?? 0) % 5 + 1)
        guard whole == split else {
            preconditionFailure("split feeding changed the outcome: \(whole.summary) vs \(split.summary)")
        }
    }

    struct Outcome: Equatable {
        var body: [UInt8] = []
        var consumed = 0
        var complete = false
        var error: String?
        var summary: String { "\(body.count) bytes, consumed \(consumed), complete \(complete), error \(error ?? "-")" }
    }

    static func decode(_ input: [UInt8], pieceSize: Int) -> Outcome {
        var decoder = ChunkedDecoder(maxBodyBytes: maxBody)
        var outcome = Outcome()
        var start = 0
        while start < input.count && !decoder.isComplete {
            let end = min(input.count, start + max(pieceSize, 1))
            do {
                let used = try input[start..<end].withUnsafeBytes { try decoder.decode($0, into: &outcome.body) }
                precondition(used <= end - start, "consumed more than it was given")
                outcome.consumed += used
                // A decoder that stops short of its piece without finishing must have been complete.
                if used < end - start { precondition(decoder.isComplete, "stopped early without completing") }
            } catch {
                // After an error the input is refused whole: what was consumed before does not count.
                outcome.error = "\(error)"
                outcome.consumed = 0
                outcome.body = []
                break
            }
            start = end
        }
        precondition(outcome.body.count <= maxBody, "decoded past the body limit")
        outcome.complete = decoder.isComplete
        return outcome
    }
}
