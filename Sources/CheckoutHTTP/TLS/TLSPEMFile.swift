import Glibc

/// Reads a configured PEM file with errors that name the file and the reason.
enum TLSPEMFile {
    /// Largest file accepted: a certificate chain or key is a few KiB.
    static let maximumSize = 1 << 20

    /// Returns the file's bytes after checking it exists, is readable, and holds a PEM block.
    static func read(_ path: String, as file: TLSError.File) throws(TLSError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw TLSError(code == ENOENT || code == ENOTDIR ? .fileNotFound : .fileUnreadable,
                           file: file, path: path, detail: String(cString: strerror(code)))
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw TLSError(.fileUnreadable, file: file, path: path, detail: String(cString: strerror(code)))
            }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > maximumSize {
                throw TLSError(.fileUnreadable, file: file, path: path, detail: "larger than \(maximumSize) bytes")
            }
        }
        guard containsPEMBlock(bytes) else {
            throw TLSError(.notPEM, file: file, path: path,
                           detail: bytes.isEmpty ? "the file is empty" : "no '-----BEGIN' line (DER or another format?)")
        }
        return bytes
    }

    /// Whether the bytes contain a PEM encapsulation boundary (RFC 7468 §2).
    static func containsPEMBlock(_ bytes: [UInt8]) -> Bool {
        let marker = Array("-----BEGIN ".utf8)
        guard bytes.count >= marker.count else { return false }
        for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
            if bytes[start..<(start + marker.count)].elementsEqual(marker) { return true }
        }
        return false
    }
}
