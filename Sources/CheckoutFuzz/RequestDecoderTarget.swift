import CheckoutHTTP

/// The request decoder fed the input whole and then at split points taken from the input
/// itself: both runs must produce the same events and the same error (the parser is
/// incremental, so where the bytes break must not matter), and no request may exceed its limits.
enum RequestDecoderTarget {
    static let limits = HTTPLimits()

    static func run(_ input: [UInt8]) {
        let whole = decode([input[...]])
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        var step = 1
        while start < input.count {
            let end = min(input.count, start + step)
            pieces.append(input[start..<end])
            start = end
            step = Int(input[end - 1] % 7) + 1
        }
        let split = decode(pieces)
        guard whole == split else {
            preconditionFailure("split feeding changed the outcome: \(whole) vs \(split)")
        }
    }

    /// Events as text (heads, body sizes) plus the error, if any.
    static func decode(_ pieces: [ArraySlice<UInt8>]) -> [String] {
        var decoder = HTTPRequestDecoder(limits: limits)
        var events: [String] = []
        for piece in pieces {
            piece.withUnsafeBytes { decoder.append($0) }
            do {
                while let event = try decoder.next() {
                    switch event {
                    case .head(let head):
                        events.append("head \(head.method) \(head.target) \(head.version) \(head.headers.count)")
                    case .end(let body):
                        precondition(body.count <= limits.maxBodyBytes, "body over the limit")
                        events.append("end \(body.count)")
                    }
                }
            } catch {
                events.append("error \(error)")
                return events
            }
        }
        return events
    }
}
