/// The backend as a whole: is it answering, and closing it at shutdown.
public protocol StoreHealth: Sendable {
    /// Returns when the backend answers both a read and a write.
    /// - Throws: `StorageError` (`unavailable`) when it does not.
    func checkReady() async throws
    /// Finishes queued writes and closes every connection; the stores fail afterwards.
    func close()
}
