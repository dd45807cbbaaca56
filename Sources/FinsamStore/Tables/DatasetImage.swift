import Foundation

/// A dataset as one compact binary image: every column's arrays as they are held in memory
/// (packed integers with their width and base, category codes, bit masks), so that reading it
/// back is a copy per column, not a parse or a generation. For the built-in dataset's cache
/// (an instant start); not an exchange format: it is read only by the build that wrote it,
/// as its `fingerprint` says, and any mismatch or damage makes `decode` throw.
public enum DatasetImage {
    public struct Damaged: Error, CustomStringConvertible {
        public let description: String
    }

    static let magic = Array("FINSAMIMG1\n".utf8)

    public static func encode(_ dataset: Dataset, fingerprint: String) -> [UInt8] {
        var out = Writer()
        out.bytes(magic)
        out.string(fingerprint)
        for table in dataset.tables {
            out.int(table.rowCount)
            out.int(table.columns.count)
            for column in table.columns {
                out.string(column.name)
                out.column(column.data)
            }
        }
        out.bytes(magic)
        out.scalar(checksum(out.buffer[...]))
        return out.buffer
    }

    /// A 64-bit checksum of the image, eight bytes at a time (a damaged image whose lengths
    /// still agree must not give wrong codes to the engine).
    /// The checksum of bytes (also what names an image file after its fingerprint).
    public static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let words = raw.count / 8
        for i in 0..<words {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x100_0000_01b3
            h ^= h >> 29
        }
        for i in (words * 8)..<raw.count { h = (h ^ UInt64(raw[i])) &* 0x100_0000_01b3 }
        return h
    }

    /// The dataset of an image written with the same fingerprint. Tables take the schemas of
    /// this build (`Schema.table`); the image's columns must match them by name and kind.
    public static func decode(_ bytes: [UInt8], fingerprint: String) throws(Damaged) -> Dataset {
        try bytes.withUnsafeBytes { raw in Result { () throws(Damaged) -> Dataset in try decode(raw, fingerprint: fingerprint) } }.get()
    }

    /// The image in a file, mapped rather than read: each column is copied once, from the page cache.
    public static func decode(file path: String, fingerprint: String) throws(Damaged) -> Dataset {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw Damaged(description: "no image at \(path)")
        }
        return try data.withUnsafeBytes { raw in Result { () throws(Damaged) -> Dataset in try decode(raw, fingerprint: fingerprint) } }.get()
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, fingerprint: String) throws(Damaged) -> Dataset {
        guard bytes.count > 8 else { throw Damaged(description: "not a dataset image") }
        let body = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 8)])
        guard bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self) == UInt64(littleEndian: checksum(body)).littleEndian
        else { throw Damaged(description: "the checksum does not match") }
        var input = Reader(bytes: body)
        guard try input.bytes(magic.count) == magic else { throw Damaged(description: "not a dataset image") }
        guard try input.string() == fingerprint else { throw Damaged(description: "written by another build") }
        var tables: [TableName: Table] = [:]
        for name in TableName.allCases {
            let schema = Schema.table(name)
            let rows = try input.int(), count = try input.int()
            guard count == schema.columns.count else { throw Damaged(description: "\(name.rawValue) has \(count) columns") }
            var columns: [Column] = []
            for column in schema.columns {
                guard try input.string() == column.name else { throw Damaged(description: "\(name.rawValue): columns out of order") }
                let data = try input.column()
                guard data.count == rows else { throw Damaged(description: "\(name.rawValue).\(column.name): \(data.count) of \(rows) rows") }
                columns.append(Column(column, data))
            }
            tables[name] = Table(schema: schema, columns: columns)
        }
        guard try input.bytes(magic.count) == magic, input.isAtEnd else {
            throw Damaged(description: "the image does not end where it should")
        }
        return Dataset(deltagare: tables[.deltagare]!, insatser: tables[.insatser]!, forbund: tables[.forbund]!,
                       kommuner: tables[.kommuner]!, befolkning: tables[.befolkning]!)
    }

    // MARK: Writing

    struct Writer {
        var buffer: [UInt8] = []

        mutating func bytes(_ b: [UInt8]) { buffer += b }

        mutating func int(_ v: Int) { scalar(Int64(v)) }

        mutating func scalar<T: FixedWidthInteger>(_ v: T) {
            withUnsafeBytes(of: v.littleEndian) { buffer += $0 }
        }

        mutating func string(_ s: String) {
            let utf8 = Array(s.utf8)
            int(utf8.count)
            buffer += utf8
        }

        mutating func array<T: FixedWidthInteger>(_ values: [T]) {
            int(values.count)
            values.withUnsafeBytes { buffer += $0 }
        }

        mutating func packed(_ p: PackedInts) {
            scalar(p.base)
            scalar(p.missing)
            scalar(p.low)
            scalar(p.high)
            switch p.storage {
            case .u8(let a): scalar(UInt8(1)); array(a)
            case .u16(let a): scalar(UInt8(2)); array(a)
            case .u32(let a): scalar(UInt8(4)); array(a)
            case .sequence(let n): scalar(UInt8(0)); int(n)
            }
        }

        mutating func column(_ data: ColumnData) {
            switch data {
            case .int(let p): scalar(UInt8(0)); packed(p)
            case .text(let values):
                scalar(UInt8(1))
                int(values.count)
                for value in values {
                    if let value { string(value) } else { int(-1) }
                }
            case .bool(let a): scalar(UInt8(2)); array(a)
            case .date(let p): scalar(UInt8(3)); packed(p)
            case .category(let a): scalar(UInt8(4)); array(a)
            case .categorySet(let p): scalar(UInt8(5)); packed(p)
            case .yearSet(let first, let last): scalar(UInt8(6)); packed(first); packed(last)
            case .reference(let p): scalar(UInt8(7)); packed(p)
            case .referenceSet(let offsets, let targets): scalar(UInt8(8)); array(offsets); array(targets)
            }
        }
    }

    // MARK: Reading

    /// Every read checks its bounds: a damaged image throws, it never traps.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        mutating func bytes(_ n: Int) throws(Damaged) -> [UInt8] {
            guard n >= 0, n <= bytes.count - position else { throw Damaged(description: "the image is cut short") }
            defer { position += n }
            return Array(UnsafeRawBufferPointer(rebasing: bytes[position..<position + n]))
        }

        mutating func scalar<T: FixedWidthInteger>(_: T.Type) throws(Damaged) -> T {
            let size = MemoryLayout<T>.size
            guard size <= bytes.count - position else { throw Damaged(description: "the image is cut short") }
            defer { position += size }
            return T(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
        }

        mutating func int() throws(Damaged) -> Int {
            let v = try scalar(Int64.self)
            guard v >= -1, v <= Int64(Int32.max) else { throw Damaged(description: "a length out of range") }
            return Int(v)
        }

        mutating func string() throws(Damaged) -> String {
            let n = try int()
            guard let s = String(validating: try bytes(n), as: UTF8.self) else { throw Damaged(description: "text that is not UTF-8") }
            return s
        }

        mutating func array<T: FixedWidthInteger>(_: T.Type) throws(Damaged) -> [T] {
            let n = try int()
            let size = n * MemoryLayout<T>.stride
            guard n >= 0, size <= bytes.count - position else { throw Damaged(description: "the image is cut short") }
            let source = UnsafeRawBufferPointer(rebasing: bytes[position..<position + size])
            let out = [T](unsafeUninitializedCapacity: n) { target, count in
                UnsafeMutableRawBufferPointer(target).copyMemory(from: source)
                count = n
            }
            position += size
            return out
        }

        mutating func packed() throws(Damaged) -> PackedInts {
            let base = try scalar(Int32.self), missing = try scalar(Int32.self)
            let low = try scalar(Int32.self), high = try scalar(Int32.self)
            let storage: PackedInts.Storage
            switch try scalar(UInt8.self) {
            case 1: storage = .u8(try array(UInt8.self))
            case 2: storage = .u16(try array(UInt16.self))
            case 4: storage = .u32(try array(UInt32.self))
            case 0:
                let n = try int()
                guard n >= 0, n <= Int(UInt32.max) else { throw Damaged(description: "a sequence of \(n) entries") }
                storage = .sequence(count: n)
            default: throw Damaged(description: "an unknown width")
            }
            return PackedInts(storage: storage, base: base, missing: missing, low: low, high: high)
        }

        mutating func column() throws(Damaged) -> ColumnData {
            switch try scalar(UInt8.self) {
            case 0: return .int(try packed())
            case 1:
                let n = try int()
                guard n >= 0, n <= bytes.count - position else { throw Damaged(description: "the image is cut short") }
                var values: [String?] = []
                values.reserveCapacity(n)
                for _ in 0..<n {
                    let length = try int()
                    if length < 0 { values.append(nil); continue }
                    position -= 8
                    values.append(try string())
                }
                return .text(values)
            case 2: return .bool(try array(UInt8.self))
            case 3: return .date(try packed())
            case 4: return .category(try array(UInt8.self))
            case 5: return .categorySet(try packed())
            case 6: return .yearSet(first: try packed(), last: try packed())
            case 7: return .reference(try packed())
            case 8: return .referenceSet(offsets: try array(Int32.self), targets: try array(Int32.self))
            default: throw Damaged(description: "an unknown column kind")
            }
        }
    }
}
