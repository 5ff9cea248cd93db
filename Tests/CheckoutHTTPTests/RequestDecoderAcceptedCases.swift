import CheckoutHTTP

/// Requests the decoder must accept, and what it must make of them.
enum RequestDecoderAcceptedCases {
    static let hostA = ("Host", "a")

    static let all: [DecoderCase] = [
        .accepts("simple GET", "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
                 req(headers: [("Host", "example.com")])),
        .accepts("HEAD", "HEAD /index.html HTTP/1.1\r\nHost: a\r\n\r\n", req(.head, "/index.html")),
        .accepts("GET with query", "GET /v1/orders?limit=10&after=x%20y HTTP/1.1\r\nHost: a\r\n\r\n",
                 req(.get, "/v1/orders?limit=10&after=x%20y")),
        .accepts("POST with Content-Length", "POST /v1/carts HTTP/1.1\r\nHost: a\r\nContent-Length: 13\r\n\r\n{\"items\":[1]}",
                 req(.post, "/v1/carts", framing: .length(13), body: "{\"items\":[1]}")),
        .accepts("POST with Content-Length 0", "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
                 req(.post, "/x", framing: .length(0))),
        .accepts("PUT, PATCH, DELETE, TRACE pipelined",
                 "PUT /a HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx"
                     + "PATCH /b HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nyz"
                     + "DELETE /c HTTP/1.1\r\nHost: a\r\n\r\nTRACE /d HTTP/1.1\r\nHost: a\r\n\r\n",
                 req(.put, "/a", framing: .length(1), body: "x"), req(.patch, "/b", framing: .length(2), body: "yz"),
                 req(.delete, "/c"), req(.trace, "/d")),
        .accepts("chunked body", "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                 req(.post, "/u", framing: .chunked, body: "hello world")),
        .accepts("chunked with extensions", "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                     + "5;name=value;flag\r\nhello\r\n3 ; q=\"a b\"\r\nabc\r\n0;last\r\n\r\n",
                 req(.post, "/u", framing: .chunked, body: "helloabc")),
        .accepts("chunked with trailers", "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                     + "3\r\nabc\r\n0\r\nX-Checksum: 123\r\nX-Other:\tv \r\n\r\n",
                 req(.post, "/u", framing: .chunked, body: "abc")),
        .accepts("chunked with upper-case hex and leading zeros", "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                     + "000A\r\n0123456789\r\n00\r\n\r\n",
                 req(.post, "/u", framing: .chunked, body: "0123456789")),
        .accepts("chunked with only the last chunk", "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                 req(.post, "/u", framing: .chunked)),
        .accepts("Transfer-Encoding chunked in any case", "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ChUnKeD\r\n\r\n1\r\nz\r\n0\r\n\r\n",
                 req(.post, "/u", framing: .chunked, body: "z")),
        .accepts("HTTP/1.0 closes by default", "GET / HTTP/1.0\r\n\r\n", req(version: .http1_0, keepAlive: false)),
        .accepts("HTTP/1.0 keep-alive on request", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
                 req(version: .http1_0, keepAlive: true)),
        .accepts("HTTP/1.0 keep-alive and close means close", "GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n",
                 req(version: .http1_0, keepAlive: false)),
        .accepts("HTTP/1.1 Connection close", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", req(keepAlive: false)),
        .accepts("HTTP/1.1 Connection close in a list", "GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, CLOSE\r\n\r\n",
                 req(keepAlive: false)),
        .accepts("HTTP/1.1 Connection keep-alive", "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n", req()),
        .accepts("HTTP/1.0 POST with Content-Length", "POST /p HTTP/1.0\r\nContent-Length: 2\r\n\r\nok",
                 req(.post, "/p", version: .http1_0, keepAlive: false, framing: .length(2), body: "ok")),
        .accepts("HTTP/1.2 is read as 1.1", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", req()),
        .accepts("Expect 100-continue with a body", "POST /p HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
                 req(.post, "/p", continue: true, framing: .length(3), body: "abc")),
        .accepts("Expect 100-continue with chunked", "POST /p HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                 req(.post, "/p", continue: true, framing: .chunked)),
        .accepts("Expect 100-continue without a body", "GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n", req()),
        .accepts("Expect 100-continue with Content-Length 0", "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n",
                 req(.post, framing: .length(0))),
        .accepts("Expect 100-continue ignored on HTTP/1.0", "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx",
                 req(.post, version: .http1_0, keepAlive: false, framing: .length(1), body: "x")),
        .accepts("absolute-form target", "GET http://example.com:8080/v1/x?y=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
                 req(.get, "http://example.com:8080/v1/x?y=1")),
        .accepts("absolute-form https target", "GET HTTPS://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n",
                 req(.get, "HTTPS://example.com")),
        .accepts("asterisk-form for OPTIONS", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", req(.options, "*")),
        .accepts("authority-form for CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
                 req(.connect, "example.com:443")),
        .accepts("three pipelined requests in one buffer",
                 "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody"
                     + "POST /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
                 req(.get, "/1"), req(.post, "/2", framing: .length(4), body: "body"),
                 req(.post, "/3", framing: .chunked, body: "hi")),
        .accepts("a partial next request stays buffered", "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HT", leftover: 9,
                 req(.get, "/1")),
        .accepts("leading empty lines are ignored", "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", req()),
        .accepts("an empty line between pipelined requests is ignored",
                 "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
                 req(.post, framing: .length(1), body: "x"), req(.get, "/2")),
        .accepts("bare LF line ends in the head", "GET / HTTP/1.1\nHost: a\nX-A: b\n\n",
                 req(headers: [("Host", "a"), ("X-A", "b")])),
        .accepts("field values trimmed of OWS", "GET / HTTP/1.1\r\nHost:   a.example \t\r\nX-Empty:\r\nX-Inner: a  b\r\n\r\n",
                 req(headers: [("Host", "a.example"), ("X-Empty", ""), ("X-Inner", "a  b")])),
        .accepts("field order and repeats are kept", "GET / HTTP/1.1\r\nhost: a\r\nAccept: x\r\nAccept: y\r\n\r\n",
                 req(headers: [("host", "a"), ("Accept", "x"), ("Accept", "y")])),
        .accepts("tokens with every tchar in a field name", "GET / HTTP/1.1\r\nHost: a\r\nX-!#$%&'*+-.^_`|~09: v\r\n\r\n",
                 req(headers: [("Host", "a"), ("X-!#$%&'*+-.^_`|~09", "v")])),
        .accepts("repeated identical Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
                 req(.post, framing: .length(3), body: "abc")),
        .accepts("identical Content-Length list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3,3\r\n\r\nabc",
                 req(.post, framing: .length(3), body: "abc")),
        .accepts("Content-Length with leading zeros", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 003\r\n\r\nabc",
                 req(.post, framing: .length(3), body: "abc")),
        .accepts("a body with CR, LF and NUL bytes", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n\r\n\0\r\r",
                 req(.post, framing: .length(5), body: "\r\n\0\r\r")),
        .accepts("host with port and IPv6 literal", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
                 req(headers: [("Host", "[::1]:8080")])),
        .accepts("empty Host is allowed", "GET / HTTP/1.1\r\nHost:\r\n\r\n", req(headers: [("Host", "")])),
        .accepts("obs-text in a field value", bytes: Array("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf".utf8) + [0xC3, 0xA9]
                     + Array("\r\n\r\n".utf8),
                 req(headers: [("Host", "a"), ("X-Name", "café")])),
        .accepts("Transfer-Encoding with empty list elements", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , chunked,\r\n\r\n0\r\n\r\n",
                 req(.post, framing: .chunked)),
        .accepts("exactly 100 fields", "GET / HTTP/1.1\r\nHost: a\r\n" + (1..<100).map { "X-\($0): v\r\n" }.joined() + "\r\n",
                 req()),
        .accepts("target of exactly the limit", "GET /" + String(repeating: "a", count: 8 * 1024 - 1) + " HTTP/1.1\r\nHost: a\r\n\r\n",
                 req(.get, "/" + String(repeating: "a", count: 8 * 1024 - 1))),
        .accepts("body of exactly the limit", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\n12345678",
                 limits: small(body: 8), req(.post, framing: .length(8), body: "12345678")),
        .accepts("chunked body of exactly the limit", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n1234\r\n4\r\n5678\r\n0\r\n\r\n",
                 limits: small(body: 8), req(.post, framing: .chunked, body: "12345678")),
    ]

    /// Default limits except the body.
    static func small(body: Int) -> HTTPLimits {
        var limits = HTTPLimits()
        limits.maxBodyBytes = body
        return limits
    }
}
