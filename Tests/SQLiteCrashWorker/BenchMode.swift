import CheckoutSQLite
import CheckoutThreads
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Durable single-row commits per second (WAL, synchronous=FULL) at 1, 16 and 64 submitter
/// threads: one transaction per write (`maxBatchSize = 1`) against group commit (256), same
/// disk, same run. Prints a markdown table.
struct BenchMode {
    let folder: String
    let seconds: Double

    struct Measurement {
        let commitsPerSecond: Double
        let averageBatch: Double
    }

    func run() {
        _ = mkdir(folder, 0o755)
        print("SQLite \(Database.sqliteVersion) · WAL · synchronous=FULL · \(seconds) s per case · folder \(folder)")
        print("")
        print("| submitters | one txn per write (commits/s) | group commit (commits/s) | speed-up | avg batch |")
        print("|---:|---:|---:|---:|---:|")
        for submitters in [1, 16, 64] {
            let single = measure(submitters: submitters, maxBatchSize: 1)
            let group = measure(submitters: submitters, maxBatchSize: 256)
            let speedUp = group.commitsPerSecond / max(single.commitsPerSecond, 1)
            print("| \(submitters) | \(format(single.commitsPerSecond)) | \(format(group.commitsPerSecond)) "
                  + "| \(format(speedUp, decimals: 1))× | \(format(group.averageBatch, decimals: 1)) |")
            fflush(nil)
        }
    }

    private func measure(submitters: Int, maxBatchSize: Int) -> Measurement {
        let path = "\(folder)/bench-\(submitters)-\(maxBatchSize).sqlite"
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        do {
            let writer = try DatabaseWriter(path: path, writer: WriterConfiguration(maxBatchSize: maxBatchSize))
            try writer.writeAndWait { try $0.execute("CREATE TABLE bench (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)") }
            let before = writer.statistics
            let load = Load(writer: writer)
            let start = monotonicSeconds()
            let threads = (0..<submitters).map { _ in SystemThread(name: "submitter") { load.submitUntilStopped() } }
            usleep(UInt32(seconds * 1_000_000))
            load.stop()
            for thread in threads { thread.join() }
            let elapsed = monotonicSeconds() - start
            let after = writer.statistics
            writer.close()
            let batches = max(after.batches - before.batches, 1)
            let committed = load.committed.load(ordering: .relaxed)
            return Measurement(commitsPerSecond: Double(committed) / elapsed,
                               averageBatch: Double(after.jobs - before.jobs) / Double(batches))
        } catch {
            fail("bench failed: \(error)")
        }
    }

    private func format(_ value: Double, decimals: Int = 0) -> String {
        if decimals == 0 {
            let rounded = Int(value.rounded())
            var digits = String(rounded)
            var index = digits.count - 3
            while index > 0 {
                digits.insert(",", at: digits.index(digits.startIndex, offsetBy: index))
                index -= 3
            }
            return digits
        }
        let scale = pow(10, Double(decimals))
        return String((value * scale).rounded() / scale)
    }
}

/// The submitters' shared state: a stop flag, the next id and the count of acknowledged commits.
final class Load: Sendable {
    let writer: DatabaseWriter
    let committed = Atomic<Int>(0)
    private let nextID = Atomic<Int64>(1)
    private let stopped = Atomic<Bool>(false)

    init(writer: DatabaseWriter) { self.writer = writer }

    func stop() { stopped.store(true, ordering: .relaxed) }

    func submitUntilStopped() {
        let payload = String(repeating: "x", count: 64)
        while !stopped.load(ordering: .relaxed) {
            let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
            do {
                try writer.writeAndWait { try $0.execute("INSERT INTO bench (id, payload) VALUES (?, ?)", [id, payload]) }
                committed.wrappingAdd(1, ordering: .relaxed)
            } catch {
                fail("bench write failed: \(error)")
            }
        }
    }
}

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
