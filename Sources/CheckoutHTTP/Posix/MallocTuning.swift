import CLinux

/// glibc's allocator set for a server that takes bursts (a flash sale opens 2,000 connections at
/// once): each thread's arena grows 16 MiB at a time and keeps up to 128 MiB free before it is
/// trimmed. With the defaults (128 KiB steps) the arenas grew and shrank by one `mprotect` call
/// per step: 15,380 calls while serving one flash sale of 2,000 buyers, each taking the process's
/// memory-map lock; 1,956 with the larger step alone, none with both (docs/PERFORMANCE.md).
/// Untouched reserve is not resident: 10,000 idle connections measured 50.1 MiB either way.
public enum MallocTuning {
    static let topPad: Int32 = 16 << 20
    static let trimThreshold: Int32 = 128 << 20

    /// Applies the settings; call before the serving threads start.
    public static func apply() {
        _ = mallopt(M_TOP_PAD, topPad)
        _ = mallopt(M_TRIM_THRESHOLD, trimThreshold)
    }
}
