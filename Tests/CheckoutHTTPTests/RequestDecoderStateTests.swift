import CheckoutHTTP
import Testing

/// The decoder's progress flags, failure stickiness, limits as bytes arrive, and buffering.
@Suite struct RequestDecoderStateTests {
    struct Flags: Equatable, CustomStringConvertible {
        var idle, head, body: Bool
        init(_ d: HTTPRequestDecoder) { (idle, head, body) = (d.isIdle, d.isReadingHead, d.isReadingBody) }
        init(idle: Bool = false, head: Bool = false, body: Bool = false) { (self.idle, self.head, self.body) = (idle, head, body) }
        var description: String { "idle \(idle) head \(head) body \(body)" }
    }

    @Test func progressFlags_FollowADripFeed_ThroughHeadBodyAndIdle() throws {
        let first = Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n".utf8)
        var decoder = HTTPRequestDecoder()
        #expect(Flags(decoder) == Flags(idle: true))
        for (index, byte) in first.enumerated() {
            decoder.append([byte])
            let event = try decoder.next()
            if index < first.count - 1 {
                #expect(event == nil)
                #expect(Flags(decoder) == Flags(head: true), "after byte \(index)")
            } else {
                guard case .head(let head) = event else { Issue.record("no head: \(String(describing: event))"); return }
                #expect(head.framing == .length(3))
                #expect(Flags(decoder) == Flags(body: true))
            }
        }
        for byte in Array("ab".utf8) {
            decoder.append([byte])
            #expect(try decoder.next() == nil)
            #expect(Flags(decoder) == Flags(body: true))
        }
        decoder.append(Array("c".utf8))
        #expect(try decoder.next() == .end(body: Array("abc".utf8)))
        #expect(Flags(decoder) == Flags(idle: true))
        #expect(try decoder.next() == nil)

        // A stray CRLF between requests is dropped and leaves the decoder idle.
        decoder.append(Array("\r".utf8))
        #expect(try decoder.next() == nil)
        #expect(Flags(decoder) == Flags(head: true))
        decoder.append(Array("\n".utf8))
        #expect(try decoder.next() == nil)
        #expect(Flags(decoder) == Flags(idle: true))
        #expect(decoder.bufferedByteCount == 0)

        decoder.append(Array("G".utf8))
        #expect(Flags(decoder) == Flags(head: true))
        #expect(decoder.bufferedByteCount == 1)
    }

    @Test func bodylessRequest_EndsRightAfterItsHead_AndLeavesTheNextRequestBuffered() throws {
        var decoder = HTTPRequestDecoder()
        decoder.append(Array("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\n".utf8))
        guard case .head(let head) = try decoder.next() else { Issue.record("no head"); return }
        #expect(head.target == "/1")
        #expect(decoder.isReadingBody)
        #expect(try decoder.next() == .end(body: []))
        #expect(decoder.bufferedByteCount == 17)
        #expect(decoder.isReadingHead)
        #expect(try decoder.next() == nil)
    }

    @Test func failedDecoder_KeepsThrowingTheSameError_AndIgnoresMoreBytes() {
        var decoder = HTTPRequestDecoder()
        decoder.append(Array("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n".utf8))
        #expect(throws: HTTPParseError(.invalidHeader)) { try decoder.next() }
        decoder.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(throws: HTTPParseError(.invalidHeader)) { try decoder.next() }
        #expect(decoder.isFailed)
        #expect(!decoder.isIdle && !decoder.isReadingHead && !decoder.isReadingBody)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func headLimit_FailsOnTheFirstByteOverIt_BeforeAnyLineEnd() throws {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 64
        var decoder = HTTPRequestDecoder(limits: limits)
        let bytes = Array(("GET / HTTP/1.1\r\nX-Long: " + String(repeating: "v", count: 100)).utf8)
        for byte in bytes[..<64] {
            decoder.append([byte])
            #expect(try decoder.next() == nil)
        }
        decoder.append([bytes[64]])
        #expect(throws: HTTPParseError(.headerTooLarge)) { try decoder.next() }
    }

    @Test func headOfExactlyTheLimit_IsAccepted() throws {
        var limits = HTTPLimits()
        let head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
        limits.maxHeaderBytes = head.utf8.count
        var decoder = HTTPRequestDecoder(limits: limits)
        decoder.append(Array(head.utf8))
        #expect(try decoder.next() != nil)
        limits.maxHeaderBytes -= 1
        var smaller = HTTPRequestDecoder(limits: limits)
        smaller.append(Array(head.utf8))
        #expect(throws: HTTPParseError(.headerTooLarge)) { try smaller.next() }
    }

    @Test func longTarget_Fails414_AsSoonAsTheLineOutgrowsTheLimit() throws {
        var limits = HTTPLimits()
        limits.maxTargetLength = 16
        var decoder = HTTPRequestDecoder(limits: limits)
        let line = Array(("GET /" + String(repeating: "a", count: 200)).utf8)
        let allowed = limits.maxTargetLength + HTTPLimits.requestLineOverhead
        for byte in line[..<allowed] {
            decoder.append([byte])
            #expect(try decoder.next() == nil)
        }
        decoder.append([line[allowed]])
        #expect(throws: HTTPParseError(.targetTooLong)) { try decoder.next() }
    }

    @Test func fieldCountLimit_FailsOnTheFieldOverIt_BeforeTheHeadEnds() throws {
        var limits = HTTPLimits()
        limits.maxHeaderCount = 3
        var decoder = HTTPRequestDecoder(limits: limits)
        decoder.append(Array("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n".utf8))
        #expect(try decoder.next() == nil)
        decoder.append(Array("C: 3\r\n".utf8))
        #expect(throws: HTTPParseError(.tooManyHeaders)) { try decoder.next() }
    }

    @Test func manyPipelinedRequests_DecodeInOrder_WithoutTheBufferGrowing() throws {
        var decoder = HTTPRequestDecoder()
        let one = "POST /n HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
        var ends = 0
        for round in 0..<200 {
            // Three and a half requests per read, so every read leaves a partial request behind.
            let text = round % 2 == 0
                ? String(repeating: one, count: 3) + String(one.prefix(20))
                : String(one.dropFirst(20)) + String(repeating: one, count: 3)
            decoder.append(Array(text.utf8))
            while let event = try decoder.next() {
                if case .end(let body) = event {
                    #expect(body == Array("hello".utf8))
                    ends += 1
                }
            }
            #expect(decoder.bufferedByteCount < one.utf8.count)
        }
        #expect(ends == 700)
        #expect(decoder.isIdle)
    }

    @Test func rawBufferAppend_DecodesLikeArrayAppend() throws {
        let bytes = Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok".utf8)
        var decoder = HTTPRequestDecoder()
        bytes.withUnsafeBytes { decoder.append($0) }
        guard case .head(let head) = try decoder.next() else { Issue.record("no head"); return }
        #expect(head.headers["content-length"] == "2")
        #expect(head.hasBody)
        #expect(try decoder.next() == .end(body: Array("ok".utf8)))
        let request = head.makeRequest(body: Array("ok".utf8))
        #expect(request.path == "/" && request.body.count == 2)
    }

    @Test(arguments: [
        (HTTPParseError.Kind.bareCR, 400), (.bodyTooLarge, 413), (.targetTooLong, 414), (.headerTooLarge, 431),
        (.tooManyHeaders, 431), (.unknownMethod, 501), (.unsupportedTransferEncoding, 501), (.unsupportedVersion, 505),
    ])
    func parseError_HasItsStatus(_ kind: HTTPParseError.Kind, _ code: Int) {
        #expect(HTTPParseError(kind).status.code == code)
    }
}
