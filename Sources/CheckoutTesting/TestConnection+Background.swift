import CheckoutThreads
import Foundation

extension TestConnection {
    /// Sends `bytes` on a thread of its own and returns at once, so the caller can read the
    /// answers while a large pipelined batch is still going out (a server that answers
    /// while reading would otherwise fill both socket buffers and stall the test).
    public func sendInBackground(_ bytes: [UInt8]) -> BackgroundSend {
        let send = BackgroundSend()
        SystemThread(name: "test-send") { [self] in
            do { try self.send(bytes) } catch { send.failure = error }
            send.done.signal()
        }.detach()
        return send
    }
}

/// A send running on its own thread; `wait()` returns its error, if any.
public final class BackgroundSend: @unchecked Sendable {
    fileprivate let done = DispatchSemaphore(value: 0)
    fileprivate var failure: (any Error)?

    /// Waits for the send to end (at most `seconds`) and throws what it threw.
    public func wait(seconds: Double = 30) throws {
        guard done.wait(timeout: .now() + seconds) == .success else { throw TestError("background send did not finish") }
        if let failure { throw failure }
    }
}
