import FinsamStore
import Foundation

/// Columns a session computed from its dataset — `case` lets, row arithmetic, a column compared
/// with a column — kept between statements, so that a script's tenth query by a let does not
/// compute it over ten million rows again. Valid while the dataset and the lets stay as they
/// are: the session empties it when either changes. Only tables of the session's dataset are
/// cached (a pipeline's table is another every time).
final class DerivedColumnCache: @unchecked Sendable {
    /// Entries and bytes kept at most (the oldest go first): a column is one or two bytes a
    /// row, so at ten million rows about eight columns.
    static let capacity = 16
    static let byteCapacity = 128 << 20
    private let lock = NSLock()
    private var columns: [String: ColumnPath] = [:]
    private var order: [String] = []
    private var bytes = 0

    /// The column of `key` in `table`, made by `make` unless already made.
    func column(_ key: String, in table: TableName, _ make: () throws(FinsamError) -> ColumnPath) throws(FinsamError) -> ColumnPath {
        let key = table.rawValue + "\u{1}" + key
        if let known = lock.withLock({ columns[key] }) { return known }
        let made = try make()
        let size = made.column.data.byteCount
        guard size <= Self.byteCapacity else { return made }
        lock.withLock {
            if let old = columns.updateValue(made, forKey: key) { bytes -= old.column.data.byteCount } else { order.append(key) }
            bytes += size
            while order.count > Self.capacity || bytes > Self.byteCapacity, let oldest = order.first {
                order.removeFirst()
                if let gone = columns.removeValue(forKey: oldest) { bytes -= gone.column.data.byteCount }
            }
        }
        return made
    }

    func removeAll() {
        lock.withLock {
            columns.removeAll()
            order.removeAll()
            bytes = 0
        }
    }
}
