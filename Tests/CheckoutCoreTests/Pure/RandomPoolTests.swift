import CheckoutCrypto
import CheckoutThreads
import Foundation
import Testing
@testable import CheckoutCore

@Suite struct RandomPoolTests {
    /// A fill that counts its calls and writes 1, 2, 3, ... as words (so order and reuse show).
    final class CountingFill: Sendable {
        let calls = Locked(0)
        let counter = Locked<UInt64>(0)

        func fill(_ bytes: UnsafeMutableRawBufferPointer) {
            calls.withLock { $0 += 1 }
            let words = bytes.bindMemory(to: UInt64.self)
            counter.withLock { counter in
                for index in words.indices {
                    counter += 1
                    words[index] = counter
                }
            }
        }
    }

    @Test func oneFillServesCapacityWords_InOrder_EachOnce() {
        let counting = CountingFill()
        let pool = RandomPool(words: 8) { counting.fill($0) }
        #expect(counting.calls.withLock { $0 } == 0)  // nothing fetched before the first draw
        let drawn = (0..<20).map { _ in pool.next() }
        #expect(drawn == Array(1...20))
        #expect(counting.calls.withLock { $0 } == 3)  // 8 + 8 + 4 of the third fill
    }

    @Test func pairsAndTheGeneratorDrawEachWordOnce() {
        let counting = CountingFill()
        let pool = RandomPool(words: 5) { counting.fill($0) }
        #expect(pool.nextPair() == (1, 2))
        #expect(pool.nextPair() == (3, 4))
        #expect(pool.nextPair() == (5, 6))  // the second word from the next fill
        var generator = PooledRandomNumberGenerator(pool: pool)
        #expect((0..<3).map { _ in generator.next() } == [7, 8, 9])
        #expect(pool.next() == 11)  // 10 was the generator's spare: dropped, not handed out again
        #expect(counting.calls.withLock { $0 } == 3)
    }

    @Test func theDefaultFillWritesTheWholeBuffer_AndDiffersEachTime() {
        var a = [UInt8](repeating: 0, count: 4_096)
        var b = [UInt8](repeating: 0, count: 4_096)
        a.withUnsafeMutableBytes { SecureRandom.fill($0) }
        b.withUnsafeMutableBytes { SecureRandom.fill($0) }
        #expect(a != b)
        // 4,096 random bytes: each byte value appears 16 times on average; an unfilled tail of
        // zeros would show as hundreds of zero bytes.
        #expect(a.filter { $0 == 0 }.count < 64 && b.filter { $0 == 0 }.count < 64)
    }

    /// Eight threads draw 20,000 words each from one small pool: no word is handed out twice
    /// (the counting fill makes every word distinct, so a repeat would be a reuse).
    @Test func concurrentDrawsNeverShareAWord() async {
        let counting = CountingFill()
        let pool = RandomPool(words: 64) { counting.fill($0) }
        let drawn = await withTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<20_000).map { _ in pool.next() } }
            }
            var all: [UInt64] = []
            for await words in group { all += words }
            return all
        }
        #expect(drawn.count == 160_000)
        #expect(Set(drawn).count == 160_000)
        #expect(counting.calls.withLock { $0 } == 2_500)
    }

    @Test func pooledIDsAreDistinctAcrossThreads() async {
        let generator = RandomIDGenerator()
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<5_000).map { _ in generator.makeID(.order) } }
            }
            var all: [String] = []
            for await batch in group { all += batch }
            return all
        }
        #expect(Set(ids).count == 40_000)
        #expect(ids.allSatisfy { $0.hasPrefix("ord_") && $0.utf8.count == 26 && Base62.isBase62($0.dropFirst(4)) })
    }
}
