import FinsamStore
import Foundation

/// Columns a session computed from its dataset — `case` lets, row arithmetic, a column compared
/// with a column — kept between statements, so that a script's tenth query by a let does not
/// compute it over ten million rows again. Valid while the dataset and the lets stay as they
/// are: the session empties it when either changes. Only tables of the session's dataset are
/// cached (a pipeline's table is another every time).
final class DerivedColumnCache: @unchecked Sendable {
    /// Entries kept at most: each is a column (one or two bytes a row).
    static let capacity = 16
    private let lock = NSLock()
    private var columns: [String: ColumnPath] = [:]
    private var order: [String] = []

    /// The column of `key` in `table`, made by `make` unless already made.
    func column(_ key: String, in table: TableName, _ make: () throws(FinsamError) -> ColumnPath) throws(FinsamError) -> ColumnPath {
        let key = table.rawValue + "\u{1}" + key
        if let known = lock.withLock({ columns[key] }) { return known }
        let made = try make()
        lock.withLock {
            if columns[key] == nil { order.append(key) }
            columns[key] = made
            if order.count > Self.capacity { columns[order.removeFirst()] = nil }
        }
        return made
    }

    func removeAll() {
        lock.withLock {
            columns.removeAll()
            order.removeAll()
        }
    }
}
