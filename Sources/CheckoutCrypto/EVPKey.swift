internal import COpenSSL

/// Owns one `EVP_PKEY*`. OpenSSL 3 keys are immutable once built and reference-counted
/// atomically, so one key may sign or verify on many threads at once (each operation makes
/// its own `EVP_MD_CTX`).
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer` (one reference).
    init(taking pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_PKEY_free(pointer) }

    /// Whether this is a plain RSA key (not RSA-PSS, EC, ...).
    var isRSA: Bool { EVP_PKEY_is_a(pointer, "RSA") == 1 }

    /// The modulus size in bits.
    var bits: Int { Int(EVP_PKEY_get_bits(pointer)) }

    /// Runs `body` with a read-only memory BIO over `bytes`.
    static func withReadBIO<T, E: Error>(_ bytes: [UInt8], _ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        // BIO_new_mem_buf does not copy: the buffer must outlive the BIO, hence the nesting.
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        defer { storage.deallocate() }
        _ = storage.initialize(from: bytes)
        guard let bio = BIO_new_mem_buf(storage.baseAddress, Int32(bytes.count)) else {
            fatalError("BIO_new_mem_buf failed: \(CryptoError.drainOpenSSLErrors())")
        }
        defer { BIO_free(bio) }
        return try body(bio)
    }

    /// Runs `write` against a fresh memory BIO and returns what it wrote as a string.
    static func writeToString(_ what: String, _ write: (OpaquePointer) -> Int32) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { fatalError("BIO_new failed") }
        defer { BIO_free(bio) }
        // Writing a valid in-memory key to a memory BIO fails only when memory is exhausted.
        guard write(bio) == 1 else { fatalError("\(what) failed: \(CryptoError.drainOpenSSLErrors())") }
        var data: UnsafeMutablePointer<CChar>?
        let length = checkout_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { return "" }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
