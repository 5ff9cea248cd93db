/// How a human click by one viewer on one link counts: the first is a new unique visitor and a
/// click; another within an hour of the last counted one is a repeat (not a new click); later
/// ones are clicks again.
public enum ClickRule {
    /// Seconds during which a repeat click by the same viewer on the same link is folded.
    public static let repeatWindowSeconds: Int64 = 3600

    public enum Outcome: String, Hashable, Sendable {
        /// First click of this viewer on this link: a click and a unique visitor.
        case firstVisit = "first_visit"
        /// A click by a known viewer, more than an hour after their last counted one.
        case click
        /// Within the hour: answered, not counted.
        case repeatClick = "repeat"
    }

    /// - Parameter lastCountedAt: when this viewer's last counted click on this link was, if any.
    public static func outcome(lastCountedAt: Timestamp?, now: Timestamp) -> Outcome {
        guard let lastCountedAt else { return .firstVisit }
        return now.milliseconds - lastCountedAt.milliseconds < repeatWindowSeconds * 1000 ? .repeatClick : .click
    }
}
