/// The dictionary of a category column: the allowed values, each stored as a small code
/// (its position). Codes are stable for a column, so a table can be grouped by code alone.
public struct Categories: Sendable, Hashable {
    public let values: [String]
    private let utf8Values: ByteStrings
    private let foldedValues: [String]

    public init(_ values: [String]) {
        precondition(values.count < Int(Missing.category), "too many categories")
        self.values = values
        self.utf8Values = ByteStrings(values)
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
        utf8Values.firstIndex(of: bytes).map { UInt8($0) }
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

