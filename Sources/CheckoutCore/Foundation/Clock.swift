import Foundation

/// The source of "now" for the domain, injected so expiry and windows are testable.
public protocol Clock: Sendable {
    func now() -> Timestamp
}

/// The wall clock.
public struct SystemClock: Clock {
    public init() {}

    public func now() -> Timestamp { Timestamp(Date()) }
}
