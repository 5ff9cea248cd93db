/// The named component schemas of the contract's objects (API.md), referenced by operations.
enum APISchemas {
    static let all: [(String, JSONValue)] = []
}
