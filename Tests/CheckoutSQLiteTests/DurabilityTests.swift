import CheckoutSQLite
import Glibc
import Testing

/// Kills a child process that commits through the writer at random moments and checks that
/// every acknowledged row survived and the database is intact.
@Suite struct DurabilityTests {
    let folder = TemporaryDirectory()

    /// The SQLiteCrashWorker binary built next to the test bundle (override: CHECKOUT_SQLITE_CRASH_WORKER).
    static func workerPath() -> String? {
        if let path = getenv("CHECKOUT_SQLITE_CRASH_WORKER") { return String(cString: path) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        let executable = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var folder = executable
        // The bundle may be a file (…/debug/X.xctest) or a folder tree (…/X.xctest/Contents/…).
        while let slash = folder.lastIndex(of: "/") {
            folder = String(folder[..<slash])
            let candidate = folder + "/SQLiteCrashWorker"
            if access(candidate, X_OK) == 0 { return candidate }
            if folder.hasSuffix("/.build") || folder.isEmpty { break }
        }
        return nil
    }

    @Test func acknowledgedRowsSurviveSIGKILLAtRandomMoments() throws {
        let worker = try #require(Self.workerPath(), "SQLiteCrashWorker not built next to the test bundle")
        let database = folder.file("crash/durable.sqlite")
        var generator = SystemRandomNumberGenerator()
        var committed = Set<Int64>()
        var rolledBack = Set<Int64>()
        for round in 1...5 {
            let killAfter = Int.random(in: 20...2500, using: &generator)
            let child = try ChildProcess(executable: worker, arguments: ["crash", database, "32"])
            var lines = 0
            var lineBuffer: [UInt8] = []
            while lines < killAfter, let chunk = child.readChunk() {
                for byte in chunk {
                    if byte == UInt8(ascii: "\n") {
                        record(lineBuffer, committed: &committed, rolledBack: &rolledBack)
                        lines += 1
                        lineBuffer.removeAll(keepingCapacity: true)
                    } else {
                        lineBuffer.append(byte)
                    }
                }
            }
            child.kill()
            // Acknowledgements already in the pipe were acknowledged before the kill: they count too.
            for chunk in child.drainAfterExit() {
                for byte in chunk {
                    if byte == UInt8(ascii: "\n") {
                        record(lineBuffer, committed: &committed, rolledBack: &rolledBack)
                        lineBuffer.removeAll(keepingCapacity: true)
                    } else {
                        lineBuffer.append(byte)
                    }
                }
            }
            #expect(child.wasKilledBySIGKILL, "round \(round): the worker ended on its own")
            #expect(lines >= killAfter, "round \(round): worker stopped after \(lines) acknowledgements")

            let reopened = try Database(path: database)
            #expect(try reopened.queryOne("PRAGMA integrity_check")?[0] == .text("ok"))
            let present = Set(try reopened.query("SELECT id FROM acked").map { try $0.int64("id") })
            let lost = committed.subtracting(present)
            #expect(lost.isEmpty, "round \(round): \(lost.count) acknowledged rows lost, e.g. \(lost.sorted().prefix(5))")
            #expect(rolledBack.isDisjoint(with: present), "round \(round): a rolled-back job's row is present")
        }
        #expect(committed.count > 100)
    }

    private func record(_ line: [UInt8], committed: inout Set<Int64>, rolledBack: inout Set<Int64>) {
        guard let first = line.first, let id = Int64(String(decoding: line.dropFirst(), as: UTF8.self)) else {
            Issue.record("unreadable line from the worker: \(String(decoding: line, as: UTF8.self))")
            return
        }
        if first == UInt8(ascii: "+") { committed.insert(id) } else { rolledBack.insert(id) }
    }
}
