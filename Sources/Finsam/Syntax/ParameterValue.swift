import FinsamStore
/// A value bound to a `$name` parameter of a statement (`where kön = $kön and slutår = $år`).
///
/// A parameter stands where a literal value may: the parser makes it that literal (a quoted
/// text, a number, a date), and the binder checks it against its column as it checks what is
/// typed. It is never pasted into the text, so no value can change what a statement says.
public enum ParameterValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral {
    /// A category, a text, a band: as if written in double quotes.
    case text(String)
    /// A whole number: a year, an age.
    case int(Int)
    /// A number with decimals.
    case number(Double)
    /// A yes/no value (`true`, `false`).
    case bool(Bool)
    /// A date: year, month (1–12), day.
    case date(year: Int, month: Int, day: Int)

    /// A text: `"kvinna"`.
    public init(stringLiteral value: String) { self = .text(value) }
    /// A whole number: `2018`.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A number with decimals: `0.9`.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A yes/no value: `true`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// The literal the parameter stands for, at the parameter's place.
    func literal(at span: SourceSpan, in source: SourceText, name: String) throws(FinsamError) -> Expr {
        switch self {
        case .text(let s): return .string(s, span)
        case .int(let n): return .number(Double(n), span)
        case .number(let v):
            guard v.isFinite else { throw FinsamError(Message(.paramNotFinite, name), at: span, in: source, kind: .parameter) }
            return .number(v, span)
        case .bool(let b): return .word(b ? "true" : "false", span)
        case .date(let y, let m, let d):
            guard (1...12).contains(m), d >= 1, d <= Day.daysIn(month: m, year: y) else {
                throw FinsamError(Message(.paramNoDate, name, y, m, d), at: span, in: source, kind: .parameter)
            }
            return .date(Day.number(year: y, month: m, day: d), span)
        }
    }
}
