/// The result columns a reader expects, by name, in the order it reads them. A statement
/// resolves a layout to column positions once per prepared statement (again only when SQLite
/// re-prepares it after a schema change), so a row is then read by position: no name lookup
/// per row. Keep one layout in a `static let` per query shape.
public final class ColumnLayout: Sendable {
    /// The column names, in the reader's order.
    public let names: [String]

    /// - Parameter names: the result column names (as `SELECT` names them), in reading order.
    public init(_ names: [String]) {
        self.names = names
    }

    /// The layout's names, comma separated: the column list of a `SELECT`.
    public var selectList: String { names.joined(separator: ", ") }
}

/// A layout resolved against one prepared statement: field `i` of the layout is column
/// `positions[i]` of the result.
struct ResolvedLayout {
    /// Held, so its identity cannot be taken by a later layout at the same address.
    let layout: ColumnLayout
    let prepareCount: Int32
    let positions: [Int32]
}
