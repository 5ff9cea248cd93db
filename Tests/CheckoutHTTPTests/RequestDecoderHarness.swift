import CheckoutHTTP
import CheckoutTesting
import Glibc
import Testing

/// How a test feeds bytes to a decoder: whole, byte by byte, at random splits.
enum FeedMode: CustomStringConvertible, Sendable {
    case whole
    case byteByByte
    /// Up to 20 cut points drawn from a seeded generator; the seed is printed on failure.
    case randomSplits(seed: UInt64)

    /// The three modes, with a fresh seed (or `DECODER_SEED` from the environment, to replay a failure).
    static func all() -> [FeedMode] {
        let env = getenv("DECODER_SEED").flatMap { UInt64(String(cString: $0)) }
        return [.whole, .byteByByte, .randomSplits(seed: env ?? UInt64.random(in: 1...UInt64.max))]
    }

    var description: String {
        switch self {
        case .whole: "whole"
        case .byteByByte: "byte by byte"
        case .randomSplits(let seed): "random splits (DECODER_SEED=\(seed))"
        }
    }

    /// `input` cut into the pieces this mode feeds.
    func pieces(of input: [UInt8]) -> [ArraySlice<UInt8>] {
        switch self {
        case .whole:
            return [input[...]]
        case .byteByByte:
            return input.indices.map { input[$0...$0] }
        case .randomSplits(let seed):
            var rng = SplitMix64(seed: seed)
            guard input.count > 1 else { return [input[...]] }
            let cuts = Set((0..<20).map { _ in Int.random(in: 1..<input.count, using: &rng) }).sorted()
            var pieces: [ArraySlice<UInt8>] = []
            var start = 0
            for cut in cuts + [input.count] {
                pieces.append(input[start..<cut])
                start = cut
            }
            return pieces
        }
    }
}

/// Everything a decoder produced for one input.
struct DecodeOutcome {
    var events: [HTTPDecoderEvent] = []
    var error: HTTPParseError?
    var leftover = 0

    /// Feeds `input` in `mode`'s pieces, draining `next()` after each piece.
    init(_ input: [UInt8], mode: FeedMode, limits: HTTPLimits = .init()) {
        var decoder = HTTPRequestDecoder(limits: limits)
        for piece in mode.pieces(of: input) {
            piece.withUnsafeBytes { decoder.append($0) }
            do {
                while let event = try decoder.next() { events.append(event) }
            } catch {
                self.error = error
                // A failed decoder stays failed.
                let again = Result { () throws(HTTPParseError) in try decoder.next() }
                if case .failure(let second) = again, second == error {} else { self.error = nil }
                return
            }
        }
        leftover = decoder.bufferedByteCount
    }

    /// Pairs each head with the body of its `.end`; `nil` if the events are out of order.
    var requests: [(HTTPRequestHead, [UInt8])]? {
        var result: [(HTTPRequestHead, [UInt8])] = []
        var pending: HTTPRequestHead?
        for event in events {
            switch (event, pending) {
            case (.head(let head), nil): pending = head
            case (.end(let body), let head?): result.append((head, body)); pending = nil
            default: return nil
            }
        }
        return pending == nil ? result : nil
    }
}

/// What a decoded request should look like.
struct ExpectedRequest: Sendable {
    var method: HTTPMethod = .get
    var target = "/"
    var version: HTTPVersion = .http1_1
    var keepAlive = true
    var expectsContinue = false
    var framing: BodyFraming = .none
    var body = ""
    /// When set, the exact field list in order.
    var headers: [(String, String)]?

    func mismatch(_ head: HTTPRequestHead, _ body: [UInt8]) -> String? {
        var problems: [String] = []
        if head.method != method { problems.append("method \(head.method) != \(method)") }
        if head.target != target { problems.append("target \(head.target) != \(target)") }
        if head.version != version { problems.append("version \(head.version) != \(version)") }
        if head.keepAlive != keepAlive { problems.append("keepAlive \(head.keepAlive) != \(keepAlive)") }
        if head.expectsContinue != expectsContinue { problems.append("expectsContinue \(head.expectsContinue)") }
        if head.framing != framing { problems.append("framing \(head.framing) != \(framing)") }
        if body != Array(self.body.utf8) { problems.append("body \(String(decoding: body, as: UTF8.self).debugDescription)") }
        if let headers, !head.headers.map({ [$0.name, $0.value] }).elementsEqual(headers.map { [$0.0, $0.1] }) {
            problems.append("headers \(head.headers)")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }
}

func req(
    _ method: HTTPMethod = .get, _ target: String = "/", version: HTTPVersion = .http1_1,
    keepAlive: Bool = true, continue expectsContinue: Bool = false, framing: BodyFraming = .none,
    body: String = "", headers: [(String, String)]? = nil
) -> ExpectedRequest {
    ExpectedRequest(method: method, target: target, version: version, keepAlive: keepAlive,
                    expectsContinue: expectsContinue, framing: framing, body: body, headers: headers)
}

/// One row of a decoder table.
struct DecoderCase: Sendable, CustomTestStringConvertible {
    enum Expectation: Sendable {
        /// These requests, then `leftover` unconsumed bytes.
        case requests([ExpectedRequest], leftover: Int)
        /// `before` complete requests, then this error with this status code.
        case failure(HTTPParseError.Kind, status: Int, before: Int)
    }

    var name: String
    var input: [UInt8]
    var limits = HTTPLimits()
    var expectation: Expectation

    var testDescription: String { name }

    static func accepts(_ name: String, _ input: String, limits: HTTPLimits = .init(), leftover: Int = 0,
                        _ requests: ExpectedRequest...) -> DecoderCase {
        DecoderCase(name: name, input: Array(input.utf8), limits: limits, expectation: .requests(requests, leftover: leftover))
    }

    static func accepts(_ name: String, bytes: [UInt8], _ requests: ExpectedRequest...) -> DecoderCase {
        DecoderCase(name: name, input: bytes, expectation: .requests(requests, leftover: 0))
    }

    static func rejects(_ name: String, _ input: String, _ kind: HTTPParseError.Kind, _ status: Int,
                        limits: HTTPLimits = .init(), before: Int = 0) -> DecoderCase {
        DecoderCase(name: name, input: Array(input.utf8), limits: limits, expectation: .failure(kind, status: status, before: before))
    }

    static func rejects(_ name: String, bytes: [UInt8], _ kind: HTTPParseError.Kind, _ status: Int) -> DecoderCase {
        DecoderCase(name: name, input: bytes, expectation: .failure(kind, status: status, before: 0))
    }

    /// Runs the case in every feed mode and records each difference from the expectation.
    func verify() {
        for mode in FeedMode.all() {
            let outcome = DecodeOutcome(input, mode: mode, limits: limits)
            let context = "\(name), fed \(mode)"
            switch expectation {
            case .requests(let expected, let leftover):
                #expect(outcome.error == nil, "\(context): unexpected \(outcome.error.map(String.init(describing:)) ?? "")")
                check(outcome, expected, context: context)
                #expect(outcome.leftover == leftover, "\(context): \(outcome.leftover) bytes left over")
            case .failure(let kind, let status, let before):
                #expect(outcome.error?.kind == kind, "\(context): got \(outcome.error.map(String.init(describing:)) ?? "no error")")
                #expect(outcome.error?.status.code == status, "\(context): status")
                // Body errors come after the head of their request, so count only completed requests.
                let ends = outcome.events.filter { if case .end = $0 { true } else { false } }.count
                #expect(ends == before, "\(context): \(outcome.events.count) events before the error")
            }
        }
    }

    private func check(_ outcome: DecodeOutcome, _ expected: [ExpectedRequest], context: String) {
        guard let decoded = outcome.requests else {
            Issue.record("\(context): events out of order: \(outcome.events)")
            return
        }
        #expect(decoded.count == expected.count, "\(context): \(decoded.count) requests")
        for (index, (got, want)) in zip(decoded, expected).enumerated() {
            if let problem = want.mismatch(got.0, got.1) { Issue.record("\(context): request \(index): \(problem)") }
        }
    }
}
