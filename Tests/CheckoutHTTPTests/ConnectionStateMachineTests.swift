@testable import CheckoutHTTP
import Testing

/// The connection state machine on an injected clock, without sockets.
@Suite struct ConnectionStateMachineTests {
    var timeouts: HTTPTimeouts {
        var t = HTTPTimeouts()
        t.firstRequestMilliseconds = 1_000
        t.headMilliseconds = 2_000
        t.idleMilliseconds = 5_000
        t.bodyProgressMilliseconds = 3_000
        t.writeProgressMilliseconds = 4_000
        return t
    }

    func machine(at now: Int64 = 0) -> ConnectionStateMachine {
        ConnectionStateMachine(now: now, limits: HTTPLimits(), timeouts: timeouts)
    }

    func feed(_ m: inout ConnectionStateMachine, _ text: String, at now: Int64) {
        Array(text.utf8).withUnsafeBytes { m.bytesReceived($0, now: now) }
    }

    func dispatchedPath(_ action: ConnectionStateMachine.Action) -> String? {
        if case .dispatch(let head, _) = action { return head.target }
        return nil
    }

    @Test func silentConnection_ClosesAtTheFirstRequestDeadline() {
        var m = machine()
        #expect(m.tick(now: 999) == .none)
        #expect(m.tick(now: 1_000) == .close)
        #expect(m.phase == .closed)
    }

    @Test func slowHead_IsRejectedWith408AtTheHeadDeadline() {
        var m = machine()
        feed(&m, "GET / HTTP/1.1\r\n", at: 500)
        #expect(m.nextAction(now: 500) == .none)
        #expect(m.tick(now: 2_000) == .none) // first-request limit no longer applies once bytes came
        #expect(m.tick(now: 2_499) == .none)
        #expect(m.tick(now: 2_500) == .reject(.requestTimeout))
    }

    @Test func headDeadline_CountsFromTheFirstByteNotTheLast() {
        var m = machine()
        feed(&m, "GET / HTTP/1.1\r\n", at: 100)
        for t in stride(from: 200, through: 2_000, by: 100) {
            feed(&m, "X-Drip: 1\r\n", at: Int64(t))
            _ = m.nextAction(now: Int64(t))
        }
        #expect(m.tick(now: 2_100) == .reject(.requestTimeout))
    }

    @Test func stalledBody_IsRejectedAfterBodyProgressTimeout() {
        var m = machine()
        feed(&m, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc", at: 0)
        #expect(m.nextAction(now: 0) == .none)
        feed(&m, "de", at: 2_000)
        #expect(m.nextAction(now: 2_000) == .none)
        #expect(m.tick(now: 4_999) == .none)
        #expect(m.tick(now: 5_000) == .reject(.requestTimeout))
    }

    @Test func keepAlive_ReturnsToIdleAndUsesTheIdleLimit() {
        var m = machine()
        feed(&m, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n", at: 10)
        #expect(dispatchedPath(m.nextAction(now: 10)) == "/a")
        #expect(m.nextAction(now: 10) == .none) // nothing more while responding
        m.responseStarted(now: 20)
        #expect(m.responseCompleted(keepAlive: true, now: 30) == .none)
        #expect(m.phase == .idle(since: 30))
        #expect(m.tick(now: 5_029) == .none)
        #expect(m.tick(now: 5_030) == .close)
    }

    @Test func pipelinedRequests_AreDispatchedOneAtATimeInOrder() {
        var m = machine()
        feed(&m, "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n", at: 0)
        var order: [String] = []
        for _ in 0..<3 {
            let action = m.nextAction(now: 0)
            order.append(dispatchedPath(action) ?? "?")
            #expect(m.nextAction(now: 0) == .none)
            m.responseStarted(now: 0)
            #expect(m.responseCompleted(keepAlive: true, now: 0) == .none)
        }
        #expect(order == ["/1", "/2", "/3"])
        #expect(m.requestCount == 3)
    }

    @Test func parseError_RejectsAndCloses() {
        var m = machine()
        feed(&m, "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n", at: 0)
        #expect(m.nextAction(now: 0) == .reject(.badRequest))
        #expect(m.phase == .closed)
        #expect(m.nextAction(now: 0) == .none)
    }

    @Test func parseErrorInAPipelinedRequest_WaitsUntilTheEarlierResponseIsDone() {
        var m = machine()
        feed(&m, "GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n", at: 0)
        #expect(dispatchedPath(m.nextAction(now: 0)) == "/ok")
        #expect(m.nextAction(now: 0) == .none) // no error answer while a response is pending
        m.responseStarted(now: 1)
        #expect(m.responseCompleted(keepAlive: true, now: 2) == .none)
        #expect(m.nextAction(now: 2) == .reject(.badRequest))
    }

    @Test func expectContinue_AsksForTheBodyOnce() {
        var m = machine()
        feed(&m, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n", at: 0)
        #expect(m.nextAction(now: 0) == .sendContinue)
        #expect(m.nextAction(now: 0) == .none)
        feed(&m, "hi", at: 5)
        if case .dispatch(_, let body) = m.nextAction(now: 5) {
            #expect(body == Array("hi".utf8))
        } else {
            Issue.record("expected a dispatch")
        }
    }

    @Test func expectContinue_IsSkippedWhenTheBodyAlreadyArrived() {
        var m = machine()
        feed(&m, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nhi", at: 0)
        #expect(dispatchedPath(m.nextAction(now: 0)) == "/")
    }

    @Test func connectionClose_EndsAfterTheResponse() {
        var m = machine()
        feed(&m, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", at: 0)
        _ = m.nextAction(now: 0)
        m.responseStarted(now: 0)
        #expect(m.responseCompleted(keepAlive: false, now: 0) == .close)
        #expect(m.phase == .closed)
    }

    @Test func peerHalfClose_AnswersBufferedRequestsThenCloses() {
        var m = machine()
        feed(&m, "GET /last HTTP/1.1\r\nHost: x\r\n\r\n", at: 0)
        m.peerClosed()
        #expect(dispatchedPath(m.nextAction(now: 0)) == "/last")
        #expect(m.mustCloseAfterResponse)
        m.responseStarted(now: 0)
        #expect(m.responseCompleted(keepAlive: false, now: 0) == .close)
    }

    @Test func peerCloseMidHead_ClosesWithoutAnswer() {
        var m = machine()
        feed(&m, "GET / HT", at: 0)
        m.peerClosed()
        #expect(m.nextAction(now: 0) == .close)
    }

    @Test func slowReader_IsClosedAfterWriteProgressTimeout() {
        var m = machine()
        feed(&m, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", at: 0)
        _ = m.nextAction(now: 0)
        #expect(m.tick(now: 60_000) == .none) // the handler may take its time
        m.responseStarted(now: 100)
        m.writeProgressed(now: 3_000)
        #expect(m.tick(now: 6_999) == .none)
        #expect(m.tick(now: 7_000) == .close)
    }

    @Test func shutdown_ClosesIdleAndLetsBusyFinish() {
        var idle = machine()
        #expect(idle.beginShutdown() == .close)
        var busy = machine()
        feed(&busy, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", at: 0)
        _ = busy.nextAction(now: 0)
        #expect(busy.beginShutdown() == .none)
        #expect(busy.mustCloseAfterResponse)
        busy.responseStarted(now: 0)
        #expect(busy.responseCompleted(keepAlive: true, now: 0) == .close)
    }
}
