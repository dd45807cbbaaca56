#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// The dictionary of a category column: the allowed values, each stored as a small code
/// (its position). Codes are stable for a column, so a table can be grouped by code alone.
public struct Categories: Sendable, Hashable {
    public let values: [String]
    // Every value's UTF-8 bytes in one array, value i at utf8Ends[i-1]..<utf8Ends[i]: the CSV
    // hot path compares against them without touching an array per value.
    private let utf8Bytes: [UInt8]
    private let utf8Ends: [Int]
    private let foldedValues: [String]

    public init(_ values: [String]) {
        precondition(values.count < Int(Missing.category), "too many categories")
        self.values = values
        self.utf8Bytes = values.flatMap { Array($0.utf8) }
        var end = 0
        self.utf8Ends = values.map { end += $0.utf8.count; return end }
        self.foldedValues = values.map(NameMatching.fold)
    }

    public var count: Int { values.count }

    /// The code of a value: exact spelling first, then the ASCII/hyphen-folded spelling.
    public func code(of value: String) -> UInt8? {
        if let index = values.firstIndex(of: value) { return UInt8(index) }
        let folded = NameMatching.fold(value)
        if let index = foldedValues.firstIndex(of: folded) { return UInt8(index) }
        return nil
    }

    /// Byte-level lookup for the CSV hot path: exact UTF-8 match, no allocation.
    @inline(__always)
    public func code(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> UInt8? {
        utf8Bytes.withUnsafeBufferPointer { all in
            var start = 0
            for (index, end) in utf8Ends.enumerated() {
                if end - start == bytes.count, ByteComparison.equal(all, at: start, bytes) { return UInt8(index) }
                start = end
            }
            return nil
        }
    }

    public func suggestion(for value: String) -> String? {
        NameMatching.suggestion(for: value, among: values)
    }

    public func name(of code: UInt8) -> String { values[Int(code)] }

    /// The names of the members of a set mask, in dictionary order.
    public func names(inMask mask: UInt32) -> [String] {
        (0..<values.count).filter { mask & (1 << UInt32($0)) != 0 }.map { values[$0] }
    }
}

/// Byte comparison for the CSV hot path: `memcmp`, not a generic `elementsEqual` loop.
public enum ByteComparison {
    @inline(__always)
    /// Whether `all[start..<start + b.count]` holds the bytes of `b` (the caller checks the length).
    public static func equal(_ all: UnsafeBufferPointer<UInt8>, at start: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.isEmpty || memcmp(all.baseAddress! + start, b.baseAddress!, b.count) == 0
    }

    @inline(__always)
    public static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: StaticString) -> Bool {
        a.count == b.utf8CodeUnitCount && (a.isEmpty || memcmp(a.baseAddress!, b.utf8Start, a.count) == 0)
    }
}
