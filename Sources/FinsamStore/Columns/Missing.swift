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
    public static let year: Int16 = .min
}
