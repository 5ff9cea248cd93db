import CheckoutHTTP
import CheckoutTesting
import Testing

/// Property test: however bytes are split, mutated input decodes to the same events and error.
@Suite struct RequestDecoderConsistencyTests {
    @Test func mutatedRequests_DecodeIdentically_WholeAndSplit() {
        let seed = FeedMode.all().compactMap { mode -> UInt64? in
            if case .randomSplits(let seed) = mode { seed } else { nil }
        }[0]
        var rng = SplitMix64(seed: seed)
        let corpus = RequestDecoderAcceptedCases.all.map(\.input).filter { $0.count < 2048 }
        let interesting: [UInt8] = Array("\r\n\0 \t:;,-0123456789abcdefABCDEF\u{7F}".utf8) + [0x80, 0xFF]
        var failures = 0
        for round in 0..<1500 where failures < 5 {
            var input = corpus[Int.random(in: 0..<corpus.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<input.count, using: &rng)
                let byte = interesting[Int.random(in: 0..<interesting.count, using: &rng)]
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: input[at] = byte
                case 1: input.insert(byte, at: at)
                default: input.remove(at: at)
                }
                if input.isEmpty { input = [byte] }
            }
            let whole = DecodeOutcome(input, mode: .whole)
            for mode in [FeedMode.byteByByte, .randomSplits(seed: rng.next())] {
                let split = DecodeOutcome(input, mode: mode)
                if split.events != whole.events || split.error != whole.error || split.leftover != whole.leftover {
                    failures += 1
                    Issue.record("round \(round) (seed \(seed)), fed \(mode): \(String(decoding: input, as: UTF8.self).debugDescription)")
                }
            }
        }
    }
}
