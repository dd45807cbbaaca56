/// The text one stored column takes in the project's CSV format, from a value as another
/// export writes it: categories and references matched case- and accent-insensitively, sets
/// split on `;` or `,`, booleans from ja/nej as well as true/false, dates with a time of day
/// or as YYYYMMDD. Nil when the value is not one of the column's.
struct StoredValue {
    let column: ColumnSchema
    /// Reference keys as the target table spells them.
    private let keys: Set<String>
    /// Folded key → key, made on the first value not spelled as a key is.
    private let folded = FoldedKeys()
    /// The column's values, for a suggestion in an error.
    let examples: [String]

    private final class FoldedKeys: @unchecked Sendable {
        var map: [String: String]?
    }

    init(_ column: ColumnSchema, dataset: Dataset) {
        self.column = column
        var keys: [String] = []
        switch column.type {
        case .reference(let t), .referenceSet(let t):
            let target = dataset[t]
            switch t {
            case .insatser, .deltagare, .befolkning: keys = target.ints("id").map { String($0) }
            case .forbund: keys = target.texts("id").map { $0 ?? "" }
            case .kommuner: keys = target.texts("kommun").map { $0 ?? "" }
            }
            examples = keys
        case .category(let c), .categorySet(let c): examples = c.values
        case .bool: examples = ["true", "false"]
        default: examples = []
        }
        self.keys = Set(keys)
    }

    func text(_ value: ProfileValue) -> String? {
        switch value {
        case .one(let v): text(v)
        case .list(let items): setText(items)
        }
    }

    /// The stored text of a non-empty cell, or nil.
    func text(_ raw: String) -> String? {
        let value = raw.trimmingSpaces
        switch column.type {
        case .int:
            var bytes = Array(value.utf8)
            let n = bytes.withUnsafeMutableBufferPointer { b in try? FieldParsing.int(UnsafeBufferPointer(b)) }
            return n.map { String($0) }
        case .text:
            return value
        case .bool:
            switch NameMatching.fold(value) {
            case "true", "sant", "ja", "j", "yes", "1": return "true"
            case "false", "falskt", "nej", "n", "no", "0": return "false"
            default: return nil
            }
        case .date:
            return Self.isoDate(value)
        case .category(let c):
            return c.code(of: value).map { c.name(of: $0) }
        case .reference:
            return key(value)
        case .categorySet, .referenceSet:
            let items = value.split(whereSeparator: { $0 == ";" || $0 == "," }).map { String($0).trimmingSpaces }
            if items.count == 1, NameMatching.fold(items[0]) == "ingen" { return "ingen" }
            return setText(items)
        case .yearSet:
            return nil
        }
    }

    private func key(_ value: String) -> String? {
        if keys.contains(value) { return value }
        if folded.map == nil {
            var map: [String: String] = [:]
            for key in keys.sorted() where map[NameMatching.fold(key)] == nil { map[NameMatching.fold(key)] = key }
            folded.map = map
        }
        return folded.map![NameMatching.fold(value)]
    }

    private func setText(_ items: [String]) -> String? {
        var out: [String] = []
        for item in items {
            let one: String?
            switch column.type {
            case .categorySet(let c): one = c.code(of: item.trimmingSpaces).map { c.name(of: $0) }
            case .referenceSet: one = key(item.trimmingSpaces)
            default: return items.count == 1 ? text(items[0]) : nil
            }
            guard let one else { return nil }
            if !out.contains(one) { out.append(one) }
        }
        return out.isEmpty ? "ingen" : out.joined(separator: ";")
    }

    /// `YYYY-MM-DD`, with an optional time of day after it (as Excel writes a date-time to
    /// CSV), or `YYYYMMDD`; checked by the loader's own date parser.
    static func isoDate(_ value: String) -> String? {
        var bytes = Array(value.utf8)
        if bytes.count == 8, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            bytes = Array(bytes[0..<4]) + [UInt8(ascii: "-")] + Array(bytes[4..<6]) + [UInt8(ascii: "-")] + Array(bytes[6..<8])
        } else if bytes.count > 10 {
            // Only a time of day may follow: " 00:00", " 00:00:00", "T00:00:00".
            guard bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
                  bytes[11...].allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else { return nil }
            bytes = Array(bytes[0..<10])
        }
        let day = bytes.withUnsafeBufferPointer { try? FieldParsing.date($0) }
        return day.map(Day.iso)
    }
}
