/// Reads a streamed `text/event-stream` response off a `TestConnection`: the head, then one
/// server-sent event (or comment) at a time, decoding chunked transfer coding when present.
/// Used from one task at a time.
public final class EventStreamReader: @unchecked Sendable {
    public let connection: TestConnection
    /// The response head (status line and fields), as text.
    public private(set) var head = ""
    private var raw: [UInt8] = []
    private var decoded: [UInt8] = []
    private var chunked = false
    /// The stream ended (last chunk or EOF).
    public private(set) var ended = false

    /// Sends `request` and reads the response head.
    public init(_ connection: TestConnection, request: String) throws {
        self.connection = connection
        try connection.send(request)
        while true {
            if let end = TestResponse.find(Array("\r\n\r\n".utf8), in: raw, from: 0) {
                head = String(decoding: raw[..<end], as: UTF8.self)
                raw.removeFirst(end + 4)
                chunked = head.lowercased().contains("transfer-encoding: chunked")
                break
            }
            guard let bytes = try connection.takeBytes() else { throw TestError("closed before the head: \(raw.count) bytes") }
            raw += bytes
        }
    }

    /// The status code of the head.
    public var status: Int { Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0 }

    /// The next event block (its lines, without the blank line that ends it).
    /// - Throws: on timeout, or when the stream ends first.
    public func next() throws -> String {
        while true {
            decode()
            if let end = TestResponse.find(Array("\n\n".utf8), in: decoded, from: 0) {
                let block = String(decoding: decoded[..<end], as: UTF8.self)
                decoded.removeFirst(end + 2)
                return block
            }
            guard !ended, let bytes = try connection.takeBytes() else {
                ended = true
                throw TestError("the stream ended")
            }
            raw += bytes
        }
    }

    /// The next event named `name` (skipping others); returns its `id` and `data`.
    public func next(event name: String) throws -> (id: String?, data: String) {
        while true {
            let block = try next()
            var id: String?, event: String?, data = ""
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("id: ") { id = String(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data += line.dropFirst(6) }
            }
            if event == name { return (id, data) }
        }
    }

    /// Moves complete chunks (or everything, unchunked) from `raw` to `decoded`.
    private func decode() {
        guard chunked else {
            decoded += raw
            raw.removeAll()
            return
        }
        while let lineEnd = TestResponse.find(Array("\r\n".utf8), in: raw, from: 0) {
            let sizeText = String(decoding: raw[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText, radix: 16) else { return }
            if size == 0 {
                ended = true
                raw.removeAll()
                return
            }
            guard raw.count >= lineEnd + 2 + size + 2 else { return }
            decoded += raw[(lineEnd + 2)..<(lineEnd + 2 + size)]
            raw.removeFirst(lineEnd + 2 + size + 2)
        }
    }
}
