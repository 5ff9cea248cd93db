import CheckoutCrypto
import CheckoutThreads

/// Random 64-bit words fetched in bulk from OpenSSL's CSPRNG (`RAND_bytes`: a DRBG seeded and
/// reseeded from the kernel's `getrandom`, 256-bit security), each handed out once, then
/// wiped. Ids drew each 64-bit word from `SystemRandomNumberGenerator`, one `getrandom` system
/// call per word: two an order id, 4,000 in a flash sale of 2,000 buyers.
///
/// No generator of our own sits in between, so the words are as unguessable as the CSPRNG's;
/// the only difference is that up to `capacity` words wait in memory before use. Secrets
/// (`SecretToken`) still draw from the system directly.
public final class RandomPool: Sendable {
    private struct Buffer {
        var words: [UInt64]
        /// The next unused word; `words.count` when all are used.
        var next: Int
    }

    private let buffer: Locked<Buffer>
    /// Words fetched by one refill.
    public let capacity: Int
    private let fill: @Sendable (UnsafeMutableRawBufferPointer) -> Void

    /// The pool the id generators share (512 words: one refill per ~300 order ids).
    public static let shared = RandomPool(words: 512)

    /// - Parameters:
    ///   - words: how many 64-bit words one refill fetches.
    ///   - fill: writes random bytes over the whole buffer (tests count or fake the refills).
    public init(words: Int, fill: @escaping @Sendable (UnsafeMutableRawBufferPointer) -> Void = SecureRandom.fill) {
        precondition(words > 0, "a pool holds at least one word")
        capacity = words
        self.fill = fill
        buffer = Locked(Buffer(words: [UInt64](repeating: 0, count: words), next: words))
    }

    /// The next unused random word (refilling the pool when it is empty).
    public func next() -> UInt64 {
        buffer.withLock { take(&$0) }
    }

    /// The next two unused words under one lock (an order id needs two).
    public func nextPair() -> (UInt64, UInt64) {
        buffer.withLock { buffer in (take(&buffer), take(&buffer)) }
    }

    private func take(_ buffer: inout Buffer) -> UInt64 {
        if buffer.next == buffer.words.count {
            buffer.words.withUnsafeMutableBytes { fill($0) }
            buffer.next = 0
        }
        defer {
            buffer.words[buffer.next] = 0
            buffer.next += 1
        }
        return buffer.words[buffer.next]
    }
}

/// `RandomNumberGenerator` over a `RandomPool`, drawing two words per lock (for
/// `Base62.appendRandom`; a spare word is dropped with the generator, never reused).
public struct PooledRandomNumberGenerator: RandomNumberGenerator {
    let pool: RandomPool
    private var spare: UInt64?

    public init(pool: RandomPool = .shared) {
        self.pool = pool
    }

    public mutating func next() -> UInt64 {
        if let word = spare {
            spare = nil
            return word
        }
        let (word, other) = pool.nextPair()
        spare = other
        return word
    }
}
