#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes tables in the project's CSV format: stored columns only, references as keys,
/// sets joined by `;` with the empty set as `ingen`, RFC 4180 quoting where needed.
/// Rows are formatted into one reused byte buffer, flushed in large writes.
public enum CSVWriter {
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): error: cannot write: \(reason)" }
    }

    /// Writes every table of `dataset` into `directory` (created if needed).
    public static func write(_ dataset: Dataset, to directory: String,
                             progress: (@Sendable (TableName, Int, Int) -> Void)? = nil) throws(WriteError) {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw WriteError(path: directory, reason: String(cString: strerror(errno)))
        }
        for name in TableName.allCases {
            let path = directory.hasSuffix("/") ? directory + name.fileName : directory + "/" + name.fileName
            try write(dataset[name], in: dataset, to: path) { progress?(name, $0, $1) }
        }
    }

    public static func write(_ table: Table, in dataset: Dataset, to path: String,
                             progress: ((Int, Int) -> Void)? = nil) throws(WriteError) {
        guard let file = fopen(path, "w") else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(file) }
        let columns = table.columns.filter { !$0.schema.derived }
        let formatters = columns.map { FieldFormatter($0, dataset: dataset) }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 22)
        func flush() throws(WriteError) {
            let written = out.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            guard written == out.count else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
            out.removeAll(keepingCapacity: true)
        }
        for (i, column) in columns.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: column.name.utf8)
        }
        out.append(UInt8(ascii: "\n"))
        for row in 0..<table.rowCount {
            for (i, formatter) in formatters.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                formatter.append(row, to: &out)
            }
            out.append(UInt8(ascii: "\n"))
            if out.count >= 1 << 22 {
                try flush()
                if row & 0xFFFF == 0 { progress?(row, table.rowCount) }
            }
        }
        try flush()
        progress?(table.rowCount, table.rowCount)
    }
}

/// Formats one column's values. Category names and reference keys are encoded (and quoted
/// where needed) once, so the row loop only copies bytes.
struct FieldFormatter {
    private enum Kind {
        case int(PackedInts), date(PackedInts), bool([UInt8]), text([String?])
        case category([UInt8], [[UInt8]])
        case categorySet(PackedInts, [[UInt8]])
        case reference(PackedInts, [[UInt8]])
        case referenceSet([Int32], [Int32], [[UInt8]])
    }
    private let kind: Kind

    init(_ column: Column, dataset: Dataset) {
        func encoded(_ values: [String]) -> [[UInt8]] { values.map { FieldFormatter.quoted($0) } }
        func encodedForSet(_ values: [String]) -> [[UInt8]] { values.map { Array($0.utf8) } }
        func keys(_ table: TableName) -> [String] { KeyIndex.keys(of: dataset[table]).map(\.description) }
        switch (column.schema.type, column.data) {
        case (_, .int(let v)): kind = .int(v)
        case (_, .date(let v)): kind = .date(v)
        case (_, .bool(let v)): kind = .bool(v)
        case (_, .text(let v)): kind = .text(v)
        case (.category(let c), .category(let v)): kind = .category(v, encoded(c.values))
        case (.categorySet(let c), .categorySet(let v)): kind = .categorySet(v, encodedForSet(c.values))
        case (.reference(let t), .reference(let v)): kind = .reference(v, encoded(keys(t)))
        case (.referenceSet(let t), .referenceSet(let o, let v)): kind = .referenceSet(o, v, encodedForSet(keys(t)))
        default: preconditionFailure("column \(column.name) has data of another kind than its type")
        }
    }

    /// A field quoted when it holds a comma, quote, semicolon-free newline or leading space.
    static func quoted(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else { return bytes }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for b in bytes {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    static func quoted(_ text: String) -> String { String(decoding: quoted(text) as [UInt8], as: UTF8.self) }

    @inline(__always)
    func append(_ row: Int, to out: inout [UInt8]) {
        switch kind {
        case .int(let v):
            let value = v[row]
            if value != Missing.int { Self.appendInt(Int(value), to: &out) }
        case .date(let v):
            let day = v[row]
            if day != Missing.date {
                let (y, m, d) = Day.civil(day)
                Self.appendInt(y, to: &out)
                out.append(UInt8(ascii: "-")); Self.appendTwoDigits(m, to: &out)
                out.append(UInt8(ascii: "-")); Self.appendTwoDigits(d, to: &out)
            }
        case .bool(let v):
            if v[row] == 1 { out.append(contentsOf: [116, 114, 117, 101]) }          // true
            else if v[row] == 0 { out.append(contentsOf: [102, 97, 108, 115, 101]) } // false
        case .text(let v):
            if let text = v[row] { out.append(contentsOf: Self.quoted(text)) }
        case .category(let v, let names):
            if v[row] != Missing.category { out.append(contentsOf: names[Int(v[row])]) }
        case .categorySet(let v, let names):
            let mask = UInt32(bitPattern: v[row])
            guard mask & Missing.setBit == 0 else { return }
            if mask == 0 { out.append(contentsOf: FieldParsing.ingen); return }
            // Category names contain no comma, quote or semicolon, so a set needs no quoting.
            var rest = mask, first = true
            while rest != 0 {
                let code = rest.trailingZeroBitCount
                if !first { out.append(UInt8(ascii: ";")) }
                out.append(contentsOf: names[code])
                first = false
                rest &= rest - 1
            }
        case .reference(let v, let keys):
            let target = v[row]
            if target != Missing.reference { out.append(contentsOf: keys[Int(target)]) }
        case .referenceSet(let offsets, let targets, let keys):
            let members = targets[Int(offsets[row])..<Int(offsets[row + 1])]
            if members.isEmpty { out.append(contentsOf: FieldParsing.ingen); return }
            let joined = members.map { String(decoding: keys[Int($0)], as: UTF8.self) }.joined(separator: ";")
            out.append(contentsOf: Self.quoted(joined))
        }
    }

    @inline(__always)
    static func appendInt(_ value: Int, to out: inout [UInt8]) {
        var v = value
        if v < 0 { out.append(UInt8(ascii: "-")); v = -v }
        if v < 10 { out.append(UInt8(48 + v)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while v > 0 { buffer[count] = UInt8(48 + v % 10); v /= 10; count += 1 }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    @inline(__always)
    static func appendTwoDigits(_ value: Int, to out: inout [UInt8]) {
        out.append(UInt8(48 + value / 10))
        out.append(UInt8(48 + value % 10))
    }
}
