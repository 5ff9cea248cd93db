import CheckoutSQLite
import CheckoutThreads
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Commits numbered rows from many concurrent submitters (half threads, half tasks) and writes
/// each id to stdout once its commit is acknowledged: `+ID` committed, `-ID` a job that threw
/// (rolled back, must be absent). Runs until killed or until `limit` ids were used.
struct CrashMode: Sendable {
    static let migrations = [
        Migration(version: 1, name: "create_acked", sql: """
            CREATE TABLE acked (id INTEGER PRIMARY KEY, submitter INTEGER NOT NULL, payload TEXT NOT NULL);
            """),
    ]

    struct Rejected: Error {}

    let path: String
    let submitters: Int
    let limit: Int

    func run() async {
        let writer: DatabaseWriter
        do {
            writer = try DatabaseWriter(path: path)
            _ = try Migrator(migrations: Self.migrations).migrate(writer)
            let first = try writer.writeAndWait { try ($0.queryOne("SELECT max(id) AS id FROM acked")?.optionalInt64("id") ?? 0) + 1 }
            let work = Work(writer: writer, first: first, end: first + Int64(limit))
            var threads: [SystemThread] = []
            for submitter in 0..<(submitters / 2) {
                threads.append(SystemThread(name: "submitter") { work.loopOnThread(submitter: submitter) })
            }
            await withTaskGroup(of: Void.self) { group in
                for submitter in (submitters / 2)..<submitters {
                    group.addTask { await work.loopInTask(submitter: submitter) }
                }
            }
            for thread in threads { thread.join() }
            writer.close()
        } catch {
            fail("crash worker: \(error)")
        }
    }
}

/// The shared state of the submitters.
final class Work: Sendable {
    let writer: DatabaseWriter
    let next: Atomic<Int64>
    let end: Int64

    init(writer: DatabaseWriter, first: Int64, end: Int64) {
        self.writer = writer
        self.next = Atomic(first)
        self.end = end
    }

    private func claim() -> Int64? {
        let id = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return id < end ? id : nil
    }

    func loopOnThread(submitter: Int) {
        while let id = claim() {
            report(id: id) { job in try writer.writeAndWait(job) }
        }
    }

    func loopInTask(submitter: Int) async {
        while let id = claim() {
            let shouldFail = id % 10 == 0
            do {
                try await writer.write { database in try Self.insert(id, submitter: submitter, fail: shouldFail, database) }
                Self.emit("+\(id)\n")
            } catch is CrashMode.Rejected {
                Self.emit("-\(id)\n")
            } catch {
                fail("write failed: \(error)")
            }
        }
    }

    private func report(id: Int64, _ submit: (@escaping @Sendable (Database) throws -> Void) throws -> Void) {
        let shouldFail = id % 10 == 0
        do {
            try submit { database in try Self.insert(id, submitter: -1, fail: shouldFail, database) }
            Self.emit("+\(id)\n")
        } catch is CrashMode.Rejected {
            Self.emit("-\(id)\n")
        } catch {
            fail("write failed: \(error)")
        }
    }

    private static func insert(_ id: Int64, submitter: Int, fail: Bool, _ database: Database) throws {
        try database.execute("INSERT INTO acked (id, submitter, payload) VALUES (?, ?, ?)",
                             [id, submitter, "row \(id) of the crash test"])
        if fail { throw CrashMode.Rejected() }
    }

    /// One write(2) per line: a line up to PIPE_BUF bytes reaches the pipe whole or not at all.
    static func emit(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 { if errno == EINTR { continue }; exit(1) }
                offset += written
            }
        }
    }
}
