import CheckoutHTTP
import CheckoutThreads
import Foundation

/// A pipe whose read end is drained on its own thread until end of file, so a child that
/// writes a lot never blocks on a full pipe. Hand `writeDescriptor` to `ChildProcess`, then
/// call `closeWriteEnd()` so the end of file arrives when the child (and its children) exit.
public final class OutputPipe: @unchecked Sendable {
    /// The end the child writes to.
    public let writeDescriptor: Int32
    private let collected = OutputCollector()
    private let drained = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var writeOpen = true
    private var finished = false

    public init() throws {
        let (readDescriptor, write) = try ChildProcess.makePipe()
        writeDescriptor = write
        let collected = self.collected, drained = self.drained
        // Detached: `drained` says when it is done, and a pipe nobody finishes leaks no thread.
        SystemThread(name: "test-output") {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(readDescriptor, &buffer, buffer.count)
                if count > 0 {
                    collected.append(Data(buffer[0..<count]))
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(readDescriptor)
            drained.signal()
        }.detach()
    }

    /// Closes the parent's copy of the write end (once the child has been started).
    public func closeWriteEnd() {
        lock.lock()
        defer { lock.unlock() }
        if writeOpen { close(writeDescriptor) }
        writeOpen = false
    }

    /// Everything read so far.
    public var text: String { collected.text }

    /// Waits up to `seconds` for the end of file (every writer gone) and returns all text.
    @discardableResult
    public func finish(seconds: Double = 5) -> String {
        closeWriteEnd()
        lock.lock()
        let wait = !finished
        lock.unlock()
        if wait, drained.wait(timeout: .now() + seconds) == .success {
            lock.lock()
            finished = true
            lock.unlock()
        }
        return collected.text
    }

    deinit { closeWriteEnd() }
}

/// Thread-safe accumulation of a child's output.
final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) {
        lock.lock()
        data.append(chunk)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
