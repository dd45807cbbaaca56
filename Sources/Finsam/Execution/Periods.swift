import FinsamStore
/// The periods of a date for grouping (`month(startdatum)`): each period has a consecutive
/// index, so every period between the first and the last can be listed, empty ones too.
enum Period: String, CaseIterable {
    case month, quarter, week, year

    /// The function's spellings, English and Swedish (folded).
    var names: [String] {
        switch self {
        case .month: ["month", "manad"]
        case .quarter: ["quarter", "kvartal"]
        case .week: ["week", "vecka"]
        case .year: ["year", "ar"]
        }
    }

    static func named(_ folded: String) -> Period? { allCases.first { $0.names.contains(folded) } }

    /// The period's consecutive index of a day number (ISO weeks count from Mondays).
    func index(_ day: Int32) -> Int32 {
        switch self {
        case .week:
            // 1970-01-01 was a Thursday: Monday-based weeks since 1969-12-29.
            let sinceMonday = Int(day) + 3
            return Int32(sinceMonday >= 0 ? sinceMonday / 7 : (sinceMonday - 6) / 7)
        default:
            let (y, m, _) = Day.civil(day)
            switch self {
            case .month: return Int32(y * 12 + m - 1)
            case .quarter: return Int32(y * 4 + (m - 1) / 3)
            default: return Int32(y)
            }
        }
    }

    /// `2018-03`, `2018 K1`, `2018 v. 9`, `2018`.
    func label(_ index: Int32) -> String {
        let i = Int(index)
        switch self {
        case .month:
            let (y, m) = (i.floorDivided(by: 12), i.floorModulo(12) + 1)
            return "\(y)-\(m < 10 ? "0" : "")\(m)"
        case .quarter: return "\(i.floorDivided(by: 4)) K\(i.floorModulo(4) + 1)"
        case .year: return String(i)
        case .week:
            // The ISO week of its Thursday.
            let thursday = Int32(i * 7 - 3 + 3)
            let (y, _, _) = Day.civil(thursday)
            let firstThursday = Period.week.index(Day.number(year: y, month: 1, day: 4))
            return "\(y) v. \(index - firstThursday + 1)"
        }
    }

    /// DuckDB's label of the same period, for `finsam sql`.
    func sql(_ column: String) -> String {
        switch self {
        case .month: "strftime(\(column), '%Y-%m')"
        case .quarter: "CAST(year(\(column)) AS VARCHAR) || ' K' || CAST(quarter(\(column)) AS VARCHAR)"
        case .week: "CAST(isoyear(\(column)) AS VARCHAR) || ' v. ' || CAST(week(\(column)) AS VARCHAR)"
        case .year: "CAST(year(\(column)) AS VARCHAR)"
        }
    }
}

extension Int {
    fileprivate func floorDivided(by d: Int) -> Int { self >= 0 ? self / d : (self - d + 1) / d }
    fileprivate func floorModulo(_ d: Int) -> Int { self - floorDivided(by: d) * d }
}
