// `CheckoutFuzz TARGET [libFuzzer options] [CORPUS...]`.
//
// Built with `-sanitize=fuzzer,address -DFUZZING` (`make fuzz`), it hands TARGET's function to
// libFuzzer. Built normally, it replays every file of the given corpus folders or files through
// the target once (what `make test` does with the committed seeds): a regression check that
// needs no fuzzer runtime.
#if FUZZING
import CFuzzer
#endif
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTarget.named(arguments[1]) else {
    let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
    FileHandle.standardError.write(Data("usage: CheckoutFuzz TARGET [options] [corpus...]; targets: \(names)\n".utf8))
    exit(2)
}

#if FUZZING
selectedTarget = target
// libFuzzer sees the program name and the options after TARGET.
var argc = Int32(arguments.count - 1)
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = {
    let pointers = ([arguments[0]] + arguments.dropFirst(2)).map { strdup($0) }
    let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: pointers.count + 1)
    for (index, pointer) in pointers.enumerated() { array[index] = pointer }
    array[pointers.count] = nil
    return array
}()
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
#else
var replayed = 0
for path in arguments.dropFirst(2) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        FileHandle.standardError.write(Data("no such corpus: \(path)\n".utf8))
        exit(2)
    }
    let files = isDirectory.boolValue
        ? (try FileManager.default.contentsOfDirectory(atPath: path)).sorted().map { path + "/" + $0 }
        : [path]
    for file in files {
        target.run(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        replayed += 1
    }
}
print("\(target.name): \(replayed) inputs replayed, no failure")
#endif
