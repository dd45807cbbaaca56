import FinsamStore
/// How numbers and the few words of a result read: Swedish by default (`32 715`, `29,0 %`),
/// English with `set locale en` (`32,715`, `29.0%`).
public struct DisplayLocale: Sendable, Equatable {
    /// Swedish (`sv`) or English (`en`).
    public typealias Language = FinsamStore.Language
    /// The language of numbers and words.
    public var language: Language

    /// The locale of `language`.
    public init(language: Language) { self.language = language }

    /// Swedish: `32 715`, `29,0 %`, `Totalt`, `ja`.
    public static let sv = DisplayLocale(language: .sv)
    /// English: `32,715`, `29.0%`, `Total`, `true`.
    public static let en = DisplayLocale(language: .en)

    var total: String { text(Message(.wordTotal)) }
    var difference: String { text(Message(.wordDifference)) }
    var points: String { text(Message(.wordPoints)) }
    var missing: String { text(Message(.wordMissing)) }
    /// A yes/no value as it reads: `ja`/`nej` in Swedish, `true`/`false` in English.
    func yesNo(_ label: String) -> String {
        guard language == .sv else { return label }
        return label == "true" ? "ja" : label == "false" ? "nej" : label
    }

    /// A catalogue message in this locale's language.
    func text(_ message: Message) -> String { message.render(in: language) }

    func havingNote(_ left: Int, of count: Int) -> String {
        text(Message(.noteHaving, integer(left), integer(count)))
    }

    /// The header of an interval column: `95 % KI`, `95% CI`.
    func intervalName(_ level: Double) -> String {
        text(Message(.intervalHeader, Int(level)))
    }

    func significanceNote(_ level: Double) -> String { text(Message(.noteSignificant, Int(level))) }

    func noIntervalNote(_ measures: [String]) -> String { text(Message(.noteNoInterval, measures.joined(separator: ", "))) }

    func topNote(_ top: Int, of count: Int) -> String { text(Message(.noteTop, integer(top), integer(count))) }

    /// Under a grouping by a set column.
    func severalValuesNote(_ columns: [String]) -> String { text(Message(.noteSeveralValues, Message.list(columns))) }

    func emptyComparedNote(_ column: String, _ value: String) -> String { text(Message(.noteEmptyCompared, column, value)) }

    func overlapNote(_ rows: Int, _ a: String, _ b: String) -> String { text(Message(.noteOverlap, integer(rows), a, b)) }

    /// A whole number with thousands separators.
    public func integer(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += language == .sv ? " " : "," }
            out.append(c)
        }
        return (n < 0 ? "−" : "") + out
    }

    /// A decimal number with `decimals` places.
    func decimal(_ v: Double, decimals: Int) -> String {
        let scale = (0..<decimals).reduce(1.0) { r, _ in r * 10 }
        let rounded = (abs(v) * scale).rounded() / scale
        let whole = Int(rounded.rounded(.down))
        var text = integer(whole)
        if decimals > 0 {
            let fraction = Int(((rounded - Double(whole)) * scale).rounded())
            let digits = String(fraction)
            text += (language == .sv ? "," : ".") + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return (v < 0 && rounded != 0 ? "−" : "") + text
    }

    func percent(_ v: Double, decimals: Int) -> String {
        language == .sv ? "\(decimal(v, decimals: decimals)) %" : "\(decimal(v, decimals: decimals))%"
    }

    func signed(_ text: String, _ v: Double) -> String { v > 0 ? "+" + text : text }
}

/// Display settings of a session.
public struct DisplaySettings: Sendable, Equatable {
    /// The number format and words (`set locale`).
    public var locale: DisplayLocale = .sv
    /// Decimals of shares and means (`set decimals`, 0 to 6).
    public var decimals = 1
    /// Show each proportion's denominator next to it.
    public var denominators = false
    /// Box tables and charts fit this many columns (`set width N`); 0: as wide as they are
    /// (`set width off`); nil: the terminal's width in the shell, else as wide as they are.
    public var width: Int?
    /// The header line of csv output (`.headers off` leaves it out, as sqlite3 does).
    public var headers = true

    /// Swedish, one decimal, no denominators.
    public init() {}

    func text(_ cell: Cell) -> String {
        switch cell {
        case .label(let s): s
        case .missingLabel: locale.missing
        case .count(let n): locale.integer(n)
        case .proportion(let part, let whole):
            whole == 0 ? "–" : locale.percent(100 * Double(part) / Double(whole), decimals: decimals)
                + (denominators ? " (n=\(locale.integer(whole)))" : "")
        case .number(let v): locale.decimal(v, decimals: decimals)
        case .numberDifference(let v): locale.signed(locale.decimal(v, decimals: decimals), v)
        case .points(let v): locale.signed(locale.decimal(v, decimals: decimals), v) + " " + locale.points
        case .countDifference(let n): locale.signed(locale.integer(n), Double(n))
        case .relative(let v): locale.signed(locale.percent(v, decimals: decimals), v)
        case .interval(let i, let marked):
            // Bounds that round alike (`38 – 38` under set decimals 0) get the decimals that tell them apart.
            (decimals...(decimals + 3)).lazy.map { d in (self.locale.decimal(i.low, decimals: d), self.locale.decimal(i.high, decimals: d)) }
                .first { $0.0 != $0.1 || i.low == i.high }.map { $0.0 + " – " + $0.1 + (marked ? " *" : "") }
                ?? locale.decimal(i.low, decimals: decimals) + " – " + locale.decimal(i.high, decimals: decimals) + (marked ? " *" : "")
        case .empty: "–"
        case .suppressed: ".."
        }
    }
}
