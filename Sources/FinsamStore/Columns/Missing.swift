/// How each storage kind marks a missing value. One sentinel per kind keeps columns
/// plain contiguous arrays; every reader checks against these constants.
public enum Missing {
    public static let int: Int32 = .min
    public static let date: Int32 = .min
    public static let category: UInt8 = 0xFF
    public static let bool: UInt8 = 2
    public static let reference: Int32 = -1
    /// A set mask with this bit set is a missing set (not the empty set).
    public static let setBit: UInt32 = 1 << 31
    /// A missing set as a packed column decodes it.
    public static let setMask = Int32(bitPattern: setBit)
    public static let year: Int16 = .min
    /// A missing year as a packed column decodes it.
    public static let yearValue = Int32(year)
}
