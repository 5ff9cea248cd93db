import Testing
@testable import CheckoutCore

@Suite struct IDGeneratorTests {
    let generator = RandomIDGenerator()

    @Test(arguments: [IDKind.shop, .product, .user, .order, .payment, .refund])
    func idsCarryTheirPrefixAndABase62Body(kind: IDKind) {
        let id = generator.makeID(kind)
        #expect(id.hasPrefix(kind.prefix))
        let body = id.dropFirst(kind.prefix.count)
        #expect(body.count == 22)
        #expect(Base62.isBase62(body))
    }

    @Test func orderIDsFitWeChatOutTradeNo() {
        for _ in 0..<1000 {
            let id = generator.makeID(.order)
            #expect(id.utf8.count <= 32)
            #expect(id.utf8.allSatisfy { $0 == 0x5F || $0 == 0x2D || (0x30...0x39).contains($0)
                || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
        }
    }

    @Test func tenThousandIDsAreDistinct() {
        let ids = Set((0..<10_000).map { _ in generator.makeID(.order) })
        #expect(ids.count == 10_000)
    }

    @Test func orderIDsSortByTheirMillisecond_AndKeep83RandomBits() {
        let before = UInt64(SystemClock().now().milliseconds)
        let ids = (0..<200).map { _ in generator.makeID(.order) }
        let after = UInt64(SystemClock().now().milliseconds)
        for id in ids {
            let time = id.dropFirst(4).prefix(RandomIDGenerator.timePrefixLength)
            #expect(time >= Substring(Base62.digits(of: before, width: 8)) && time <= Substring(Base62.digits(of: after, width: 8)))
        }
        // Later milliseconds sort later, as text (SQLite's BINARY collation compares bytes).
        let stamps: [UInt64] = [0, 1, 61, 62, 3_843, 3_844, before, before + 1, 218_340_105_584_895]
        let texts = stamps.map { Base62.digits(of: $0, width: 8) }
        #expect(texts == texts.sorted() && Set(texts).count == stamps.count)
        #expect(texts.first == "00000000" && texts.last == "zzzzzzzz")
        var seen = Set<UInt8>()
        for _ in 0..<500 { seen.formUnion(generator.makeID(.order).dropFirst(4 + 8).utf8) }
        #expect(seen.count == 62)
    }

    @Test func idBodiesUseTheWholeAlphabet() {
        var seen = Set<UInt8>()
        for _ in 0..<500 { seen.formUnion(generator.makeID(.user).dropFirst(4).utf8) }
        #expect(seen.count == 62)
    }

    /// Ten 6-bit chunks per 64-bit draw, 62 and 63 dropped: each symbol stays equally likely (a
    /// `chunk % 62` would give `0` and `1` twice the weight). 62,000 characters: each symbol's
    /// count is 1,000 ± 31; the bounds are six standard deviations wide.
    @Test func randomCharactersAreUniformOverTheAlphabet() {
        var bytes: [UInt8] = []
        for _ in 0..<4_000 { Base62.appendRandom(count: 15, to: &bytes) }
        Base62.appendRandom(count: 2_000, to: &bytes)
        #expect(bytes.count == 62_000)
        var counts: [UInt8: Int] = [:]
        for byte in bytes { counts[byte, default: 0] += 1 }
        #expect(Set(counts.keys) == Set(Base62.alphabet))
        for (byte, count) in counts { #expect((810...1_190).contains(count), "\(UnicodeScalar(byte)): \(count)") }
        #expect(Base62.random(count: 0).isEmpty && Base62.random(count: 40).utf8.count == 40)
    }

    @Test func base62BytesAreExactlyTheAlphabet() {
        for byte in UInt8.min...UInt8.max {
            #expect(Base62.isBase62(byte) == Base62.alphabet.contains(byte), "\(byte)")
        }
        #expect(Base62.isBase62("0aZ9") && !Base62.isBase62("0a-Z") && Base62.isBase62(""))
    }

    @Test func secretsAreLongPrefixedAndDistinct() {
        let a = SecretToken.generate(prefix: SecretToken.shopKeyPrefix)
        let b = SecretToken.generate(prefix: SecretToken.shopKeyPrefix)
        #expect(a.hasPrefix("sk_") && a.count == 46)
        #expect(a != b)
    }

    @Test func secretsMatchOnlyTheirOwnHash() {
        let secret = SecretToken.generate(prefix: SecretToken.sessionPrefix)
        let stored = SecretToken.hash(secret)
        #expect(stored.count == 64)
        #expect(stored != secret)
        #expect(SecretToken.matches(secret, storedHash: stored))
        #expect(!SecretToken.matches(secret + "x", storedHash: stored))
        #expect(!SecretToken.matches(secret, storedHash: String(stored.dropLast())))
    }
}
