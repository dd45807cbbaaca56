#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Strings as UTF-8 bytes in one array, string i at `ends[i-1]..<ends[i]`: the CSV hot path
/// compares a field with them by `memcmp`, without touching an array per string (category
/// values, the keys of a referenced table).
struct ByteStrings: Sendable, Hashable {
    private let bytes: [UInt8]
    private let ends: [Int]

    init(_ strings: [String]) {
        bytes = strings.flatMap { Array($0.utf8) }
        var end = 0
        ends = strings.map { end += $0.utf8.count; return end }
    }

    var count: Int { ends.count }

    /// Whether string `i` is exactly `field`'s bytes.
    @inline(__always)
    func matches(_ i: Int, _ field: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = i == 0 ? 0 : ends[i - 1]
        guard ends[i] - start == field.count else { return false }
        return field.isEmpty || bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, field.baseAddress!, field.count) == 0 }
    }

    /// The first string that is exactly `field`'s bytes.
    @inline(__always)
    func firstIndex(of field: UnsafeBufferPointer<UInt8>) -> Int? {
        (0..<ends.count).first { matches($0, field) }
    }

    /// String `i`'s bytes.
    func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = i == 0 ? 0 : ends[i - 1]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[i]])) }
    }

    /// String `i` as text.
    func string(_ i: Int) -> String { withBytes(i) { String(decoding: $0, as: UTF8.self) } }

    /// Whether `field` is exactly the bytes of `text`.
    @inline(__always)
    static func equal(_ field: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        field.count == text.utf8CodeUnitCount && (field.isEmpty || memcmp(field.baseAddress!, text.utf8Start, field.count) == 0)
    }
}
