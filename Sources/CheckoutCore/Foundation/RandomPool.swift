import CheckoutThreads
import Glibc

/// Random 64-bit words from the kernel's CSPRNG, fetched in bulk: one `getrandom` call fills
/// `capacity` bytes, and each word is handed out once, then wiped. Ids drew one `getrandom`
/// per 64-bit word (two system calls an order id); a flash sale of 2,000 buyers made 4,000.
///
/// The words are the kernel's output itself (no generator of our own in between), so they are
/// exactly as unguessable as direct draws; the only difference is that up to `capacity` bytes
/// wait in memory before use. Secrets (`SecretToken`) still draw directly.
public final class RandomPool: Sendable {
    private struct Buffer {
        var words: [UInt64]
        /// The next unused word; `words.count` when all are used.
        var next: Int
    }

    private let buffer: Locked<Buffer>
    /// Words fetched by one `getrandom` call.
    public let capacity: Int
    private let fill: @Sendable (UnsafeMutableRawBufferPointer) -> Void

    /// The pool the id generators share (512 words: one system call per ~300 order ids).
    public static let shared = RandomPool(words: 512)

    /// - Parameters:
    ///   - words: how many 64-bit words one refill fetches.
    ///   - fill: writes random bytes over the whole buffer (tests count or fake the refills).
    public init(words: Int, fill: @escaping @Sendable (UnsafeMutableRawBufferPointer) -> Void = RandomPool.kernelFill) {
        precondition(words > 0, "a pool holds at least one word")
        capacity = words
        self.fill = fill
        buffer = Locked(Buffer(words: [UInt64](repeating: 0, count: words), next: words))
    }

    /// The next unused random word (refilling the pool when it is empty).
    public func next() -> UInt64 {
        buffer.withLock { buffer in
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

    /// Fills `bytes` from the kernel's CSPRNG (`getrandom(2)`, blocking only before the kernel
    /// pool is first seeded). A CSPRNG that fails leaves nothing safe to hand out: it stops the
    /// process rather than return predictable ids.
    public static func kernelFill(_ bytes: UnsafeMutableRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let read = getrandom(bytes.baseAddress! + offset, bytes.count - offset, 0)
            if read < 0 {
                guard errno == EINTR else { fatalError("getrandom failed: errno \(errno)") }
                continue
            }
            offset += read
        }
    }
}

/// `RandomNumberGenerator` over a `RandomPool` (for `Base62.appendRandom`).
public struct PooledRandomNumberGenerator: RandomNumberGenerator {
    let pool: RandomPool

    public init(pool: RandomPool = .shared) {
        self.pool = pool
    }

    public mutating func next() -> UInt64 {
        pool.next()
    }
}
