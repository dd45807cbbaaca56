import FinsamStore
extension Duration {
    /// The duration in milliseconds, for timings shown to users.
    public var inMilliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    /// Milliseconds with one decimal: 554.0, 1.5.
    public var millisecondsText: String {
        let tenths = Int((inMilliseconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
