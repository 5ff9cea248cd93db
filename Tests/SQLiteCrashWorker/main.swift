// SQLiteCrashWorker: `crash DB SUBMITTERS [LIMIT]` commits numbered rows for the durability test;
// `bench [DIR] [SECONDS]` measures group commit (see docs/PERFORMANCE.md).
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
switch arguments.dropFirst().first {
case "crash" where arguments.count >= 4:
    let limit = arguments.count > 4 ? Int(arguments[4]) ?? 1_000_000 : 1_000_000
    await CrashMode(path: arguments[2], submitters: Int(arguments[3]) ?? 16, limit: limit).run()
case "bench":
    let folder = arguments.count > 2 ? arguments[2] : ".build/bench-sqlite"
    let seconds = arguments.count > 3 ? Double(arguments[3]) ?? 3 : 3
    BenchMode(folder: folder, seconds: seconds).run()
default:
    fail("usage: SQLiteCrashWorker crash DB SUBMITTERS [LIMIT] | bench [DIR] [SECONDS]")
}
