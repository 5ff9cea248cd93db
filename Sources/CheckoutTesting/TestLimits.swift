import Foundation

/// Process limits for tests that open many sockets.
public enum TestLimits {
    /// Raises the open-files soft limit to the hard limit.
    public static func raiseOpenFiles() {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
