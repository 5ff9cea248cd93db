/// A parsed route path such as `/v1/orders/{id}` or `/assets/{path...}`.
///
/// Segments are literals (compared with the percent-decoded request segment, case-sensitively),
/// `{name}` parameters (exactly one segment) or a final `{name...}` catch-all (zero or more
/// segments). Empty segments and a trailing slash in the pattern are ignored: `/` is the root.
struct RoutePattern: Hashable, Sendable, CustomStringConvertible {
    enum Segment: Hashable, Sendable {
        case literal(String)
        case parameter(String)
        case catchAll(String)
    }

    /// Why a pattern text was refused.
    struct Invalid: Error, Equatable, CustomStringConvertible {
        let pattern: String
        let reason: String
        var description: String { "invalid route pattern \"\(pattern)\": \(reason)" }
    }

    let segments: [Segment]

    init(segments: [Segment]) {
        self.segments = segments
    }

    /// Parses a pattern, stopping the program on a malformed one (a programmer error).
    init(_ text: String) {
        do {
            self = try RoutePattern.parse(text)
        } catch {
            preconditionFailure(error.description)
        }
    }

    static func parse(_ text: String) throws(Invalid) -> RoutePattern {
        guard text.hasPrefix("/") else { throw Invalid(pattern: text, reason: "must start with /") }
        var segments: [Segment] = []
        var names: Set<String> = []
        for raw in text.split(separator: "/", omittingEmptySubsequences: true) {
            if case .catchAll = segments.last {
                throw Invalid(pattern: text, reason: "a catch-all must be the last segment")
            }
            guard raw.first == "{" else {
                guard !raw.contains("{"), !raw.contains("}") else {
                    throw Invalid(pattern: text, reason: "braces are only allowed around a whole segment")
                }
                guard raw != ".", raw != ".." else { throw Invalid(pattern: text, reason: "dot segments never match") }
                segments.append(.literal(String(raw)))
                continue
            }
            guard raw.last == "}" else { throw Invalid(pattern: text, reason: "unclosed parameter \(raw)") }
            var name = raw.dropFirst().dropLast()
            let isCatchAll = name.hasSuffix("...")
            if isCatchAll { name = name.dropLast(3) }
            guard isIdentifier(name) else { throw Invalid(pattern: text, reason: "bad parameter name \(raw)") }
            guard names.insert(String(name)).inserted else {
                throw Invalid(pattern: text, reason: "parameter \(name) appears twice")
            }
            segments.append(isCatchAll ? .catchAll(String(name)) : .parameter(String(name)))
        }
        return RoutePattern(segments: segments)
    }

    /// This pattern below `prefix` (`/v1` + `/orders` → `/v1/orders`).
    func prefixed(by prefix: RoutePattern) -> RoutePattern {
        RoutePattern(segments: prefix.segments + segments)
    }

    /// The pattern with parameter names erased: two routes clash when method and shape agree.
    var shape: String {
        "/" + segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .parameter: "{}"
            case .catchAll: "{...}"
            }
        }.joined(separator: "/")
    }

    var description: String {
        "/" + segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .parameter(let name): "{\(name)}"
            case .catchAll(let name): "{\(name)...}"
            }
        }.joined(separator: "/")
    }

    private static func isIdentifier(_ name: Substring) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): true
            default: false
            }
        }
    }
}
