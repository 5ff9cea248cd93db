import COpenSSL

/// The ciphertext a session has received but OpenSSL has not read yet, and the ciphertext
/// OpenSSL has produced but the caller has not drained yet.
///
/// Both are plain Swift arrays released when empty, so an idle session holds no buffer
/// (a `BIO_s_mem` would keep its high-water allocation for the connection's lifetime).
///
/// Its properties are `@exclusivity(unchecked)` (the runtime check was ~300 instructions a
/// TLS request): a store belongs to one session, which is not Sendable, and no access to a
/// property is held across a call into OpenSSL (the BIO callbacks below touch them while
/// `SSL_read`/`SSL_write` run, and nothing holds them then).
final class TLSByteStore {
    @exclusivity(unchecked) var inbound: [UInt8] = []
    @exclusivity(unchecked) var inboundIndex = 0
    @exclusivity(unchecked) var outbound: [UInt8] = []

    var inboundCount: Int { inbound.count - inboundIndex }

    /// Whether the unread ciphertext starts with a whole TLS record: a 5-byte header whose
    /// last two bytes give the length (RFC 8446 §5.1). Bytes that cannot start a record (a
    /// content type other than 20–24, or a length past 2^14 + 2048) count as whole: OpenSSL
    /// refuses them at once.
    var startsWithWholeRecord: Bool {
        let available = inboundCount
        guard available > 0 else { return false }
        return inbound.withUnsafeBufferPointer { bytes in
            guard (20...24).contains(bytes[inboundIndex]) else { return true }
            guard available >= 5 else { return false }
            let length = Int(bytes[inboundIndex + 3]) << 8 | Int(bytes[inboundIndex + 4])
            return length > 18_432 || available >= 5 + length
        }
    }

    /// Queues ciphertext for OpenSSL, first dropping what it has already read, so the
    /// buffer never holds more than the unread tail plus the new bytes.
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if inboundIndex > 0 {
            inbound.removeSubrange(0..<inboundIndex)
            inboundIndex = 0
        }
        inbound.append(contentsOf: bytes)
    }
}

/// A source/sink BIO over a `TLSByteStore`: OpenSSL reads ciphertext from `inbound` and
/// writes ciphertext to `outbound`; an empty `inbound` is a retryable read (WANT_READ).
enum TLSByteBIO {
    /// The BIO_METHOD, created once per process; never freed.
    nonisolated(unsafe) static let method: OpaquePointer = {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "checkout byte store") else {
            fatalError("BIO_meth_new failed: out of memory")
        }
        BIO_meth_set_write(method, write)
        BIO_meth_set_read(method, read)
        BIO_meth_set_ctrl(method, control)
        BIO_meth_set_create(method) { bio in
            BIO_set_init(bio, 1)
            return 1
        }
        BIO_meth_set_destroy(method) { bio in
            BIO_set_data(bio, nil)
            return 1
        }
        return method
    }()

    /// Makes a BIO over `store`, which must outlive it (the session owns both and frees the SSL first).
    static func make(store: TLSByteStore) -> OpaquePointer? {
        guard let bio = BIO_new(method) else { return nil }
        BIO_set_data(bio, Unmanaged.passUnretained(store).toOpaque())
        return bio
    }

    private static func store(_ bio: OpaquePointer?) -> TLSByteStore? {
        guard let bio, let data = BIO_get_data(bio) else { return nil }
        return Unmanaged<TLSByteStore>.fromOpaque(data).takeUnretainedValue()
    }

    private static let write: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = { bio, data, length in
        guard let bio, let store = store(bio) else { return -1 }
        checkout_BIO_clear_retry_flags(bio)
        guard let data, length > 0 else { return 0 }
        store.outbound.append(contentsOf: UnsafeRawBufferPointer(start: data, count: Int(length)))
        return length
    }

    private static let read: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int32) -> Int32 = { bio, buffer, length in
        guard let bio, let store = store(bio) else { return -1 }
        checkout_BIO_clear_retry_flags(bio)
        guard let buffer, length > 0 else { return 0 }
        let available = store.inboundCount
        guard available > 0 else {
            checkout_BIO_set_retry_read(bio)
            return -1
        }
        let count = min(available, Int(length))
        store.inbound.withUnsafeBytes { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + store.inboundIndex, byteCount: count)
        }
        store.inboundIndex += count
        if store.inboundIndex == store.inbound.count {
            store.inbound = []
            store.inboundIndex = 0
        }
        return Int32(count)
    }

    private static let control: @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int = { bio, command, _, _ in
        switch command {
        case BIO_CTRL_FLUSH: 1
        case BIO_CTRL_PENDING: store(bio)?.inboundCount ?? 0
        default: 0
        }
    }
}
