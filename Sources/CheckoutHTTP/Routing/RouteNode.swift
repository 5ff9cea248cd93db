/// One node of the frozen routing trie: children by literal segment, one parameter child,
/// and the routes that end here or continue with a catch-all.
final class RouteNode: Sendable {
    let literals: [String: RouteNode]
    /// The same children by their UTF-8 bytes, for `match(bytes:)`; nil when a literal is not
    /// ASCII (a `String` compares by canonical equivalence there, so bytes could disagree).
    let asciiLiterals: [(bytes: [UInt8], node: RouteNode)]?
    let parameter: RouteNode?
    /// Routes whose pattern ends at this node.
    let endpoints: MethodTable?
    /// Routes whose pattern ends with a catch-all below this node.
    let catchAll: MethodTable?

    init(literals: [String: RouteNode], parameter: RouteNode?, endpoints: MethodTable?, catchAll: MethodTable?) {
        self.literals = literals
        self.parameter = parameter
        self.endpoints = endpoints
        self.catchAll = catchAll
        let ascii = literals.allSatisfy { key, _ in key.utf8.allSatisfy { $0 < 0x80 } }
        asciiLiterals = ascii ? literals.map { (Array($0.key.utf8), $0.value) } : nil
        byteMatchable = ascii && literals.values.allSatisfy(\.byteMatchable) && (parameter?.byteMatchable ?? true)
        parameterDepth = max(literals.values.map(\.parameterDepth).max() ?? 0, parameter.map { $0.parameterDepth + 1 } ?? 0)
    }

    /// Every literal of this subtrie is ASCII: `match(bytes:)` may answer for it.
    let byteMatchable: Bool
    /// The most parameters a path through this subtrie captures.
    let parameterDepth: Int

    /// What a successful path match found: the routes and the captured segment values.
    struct Match {
        var table: MethodTable
        var captures: [String]
        var rest: String?
    }

    /// Finds the most specific node for `segments[index...]`: literal, then parameter, then
    /// catch-all, backtracking when a branch has no route further down.
    func match(_ segments: [String], from index: Int, captures: inout [String]) -> Match? {
        guard index < segments.count else {
            if let endpoints { return Match(table: endpoints, captures: captures, rest: nil) }
            if let catchAll { return Match(table: catchAll, captures: captures, rest: "") }
            return nil
        }
        let segment = segments[index]
        if let child = literals[segment], let found = child.match(segments, from: index + 1, captures: &captures) {
            return found
        }
        if let parameter {
            captures.append(segment)
            if let found = parameter.match(segments, from: index + 1, captures: &captures) { return found }
            captures.removeLast()
        }
        if let catchAll {
            return Match(table: catchAll, captures: captures, rest: segments[index...].joined(separator: "/"))
        }
        return nil
    }

    /// The mutable form used while building.
    final class Builder {
        var literals: [String: Builder] = [:]
        var parameter: Builder?
        var endpoints: [HTTPMethod: Endpoint] = [:]
        var catchAll: [HTTPMethod: Endpoint] = [:]

        func insert(_ route: Router.Route) {
            var node = self
            var names: [String] = []
            for segment in route.pattern.segments {
                switch segment {
                case .literal(let text):
                    let next = node.literals[text] ?? Builder()
                    node.literals[text] = next
                    node = next
                case .parameter(let name):
                    let next = node.parameter ?? Builder()
                    node.parameter = next
                    node = next
                    names.append(name)
                case .catchAll(let name):
                    node.catchAll[route.method] = Endpoint(pattern: route.pattern.description, parameterNames: names,
                                                           catchAllName: name, handler: route.handler, inline: route.inline)
                    return
                }
            }
            node.endpoints[route.method] = Endpoint(pattern: route.pattern.description, parameterNames: names,
                                                    catchAllName: nil, handler: route.handler, inline: route.inline)
        }

        func freeze() -> RouteNode {
            RouteNode(
                literals: literals.mapValues { $0.freeze() },
                parameter: parameter?.freeze(),
                endpoints: endpoints.isEmpty ? nil : MethodTable(endpoints),
                catchAll: catchAll.isEmpty ? nil : MethodTable(catchAll))
        }
    }
}

/// One route's handler with the names of the values its pattern captures (a class: a match
/// hands over one reference, not five fields to retain).
final class Endpoint: Sendable {
    let pattern: String
    let parameterNames: [String]
    let catchAllName: String?
    let handler: RouteHandler
    let inline: InlineRouteAttempt?

    init(pattern: String, parameterNames: [String], catchAllName: String?, handler: @escaping RouteHandler,
         inline: InlineRouteAttempt?) {
        self.pattern = pattern
        self.parameterNames = parameterNames
        self.catchAllName = catchAllName
        self.handler = handler
        self.inline = inline
    }
}

/// The routes sharing one path, by method, with the sorted `Allow` list.
final class MethodTable: Sendable {
    /// A handful of methods at most: a linear scan compares short strings, no hashing.
    let handlers: [(method: HTTPMethod, endpoint: Endpoint)]
    /// Every method the path answers, HEAD included when GET is, sorted by name.
    let allowed: [HTTPMethod]

    init(_ handlers: [HTTPMethod: Endpoint]) {
        self.handlers = handlers.map { ($0.key, $0.value) }.sorted { $0.method.rawValue < $1.method.rawValue }
        var methods = Set(handlers.keys)
        if methods.contains(.get) { methods.insert(.head) }
        allowed = methods.sorted { $0.rawValue < $1.rawValue }
    }

    /// The handler for `method`; HEAD falls back to GET (RFC 9110 §9.3.2).
    func endpoint(for method: HTTPMethod) -> Endpoint? {
        if let endpoint = handler(method) { return endpoint }
        return method == .head ? handler(.get) : nil
    }

    private func handler(_ method: HTTPMethod) -> Endpoint? {
        for entry in handlers where entry.method == method { return entry.endpoint }
        return nil
    }
}
