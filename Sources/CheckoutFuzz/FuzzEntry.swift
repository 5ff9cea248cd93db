#if FUZZING
/// The target `main` picked from the command line, for libFuzzer's callback.
nonisolated(unsafe) var selectedTarget: FuzzTarget?

/// libFuzzer's runtime references this symbol; `main` passes the same function to
/// `LLVMFuzzerRunDriver`. It runs the target chosen on the command line.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let target = selectedTarget else { return 0 }
    target.run(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#endif
