import CheckoutTesting
import Foundation

/// What became of many connections that each sent one request: answered 200, closed by the
/// server (EOF, reset, or an answer other than 200), or still silent at the deadline. Waits
/// on all of them at once (`poll`), so a flood of silent connections costs one deadline, not
/// one read timeout each (150 sequential 2 s timeouts made a flood test take minutes).
struct FloodOutcome: CustomStringConvertible {
    var answered = 0
    var closed = 0
    var silent = 0

    var description: String { "\(answered) answered, \(closed) closed, \(silent) silent" }

    /// Waits up to `seconds` for every client's first response.
    init(_ clients: [TestConnection], seconds: Double) {
        var waiting = Array(clients.indices)
        let deadline = Date().addingTimeInterval(seconds)
        while !waiting.isEmpty, Date() < deadline {
            var fds = waiting.map { pollfd(fd: clients[$0].fd, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 100) >= 0 else { continue }
            var still: [Int] = []
            for (index, entry) in zip(waiting, fds) {
                guard entry.revents != 0 else {
                    still.append(index)
                    continue
                }
                if (try? clients[index].readResponse())?.status == 200 { answered += 1 } else { closed += 1 }
            }
            waiting = still
        }
        silent = waiting.count
    }
}
