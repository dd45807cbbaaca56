/// How many deltagande rows of each kind to make: for personuppgifter rows, a count per
/// sex, start year and duration class (ending the same year, one year later, …), solved so
/// that the rows active each published year and those ended in 2018 come out exactly.
/// Only counts; `ParticipantGenerator` makes the rows.
struct ParticipantPlan {
    static let years = 2013...2022
    static let lastYear = years.upperBound
    /// Duration classes: a row of class k ends in its start year + k (ongoing if past 2022).
    /// Most end within the year they start or the next; a few run for years.
    static let durationShares = [0.40, 0.40, 0.13, 0.05, 0.02]
    static let sexes = 0..<2  // 0 kvinna, 1 man

    /// Starts per year for the years without a published count (both sexes, before scaling).
    static let freeStarts: [Int: Double] = [2013: 6000, 2014: 6500, 2015: 7000, 2019: 10500, 2020: 8500, 2021: 9000]
    static let freeAnonym: [Int: Double] = [2013: 2200, 2014: 2300, 2015: 2400, 2019: 1900, 2020: 2600, 2021: 3200]
    static let freeVolym: [Int: Double] = [2013: 8000, 2014: 9000, 2015: 9800, 2019: 11000, 2020: 7000, 2021: 6000, 2022: 0]
    // The 2022 report counts no volym rows (its total 21 370 is personuppgifter and anonym).
    static let womenShare = 0.55

    let scale: Double
    /// [sex][year - 2013][duration class]
    private(set) var cohorts: [[[Int]]]
    /// [sex][year - 2013]; sex 2 = kön missing (volym only).
    private(set) var anonym: [[Int]]
    private(set) var volym: [[Int]]

    init(scale: Double, totalRows: Int? = nil) {
        self.scale = scale
        cohorts = Self.sexes.map { Self.cohorts(sex: $0, scale: scale) }
        anonym = [[Int]](repeating: [Int](repeating: 0, count: Self.years.count), count: 2)
        volym = [[Int]](repeating: [Int](repeating: 0, count: Self.years.count), count: 3)
        for (i, year) in Self.years.enumerated() {
            let a = PublishedFigures.anonymStarts[year].map(Double.init) ?? Self.freeAnonym[year]!
            if year == 2017 {
                anonym[0][i] = Self.scaled(Double(PublishedFigures.anonym2017.kvinna), scale)
                anonym[1][i] = Self.scaled(Double(PublishedFigures.anonym2017.man), scale)
            } else {
                let total = Self.scaled(a, scale)
                anonym[0][i] = Int((Double(total) * 0.54).rounded())
                anonym[1][i] = total - anonym[0][i]
            }
            let v = Self.scaled(PublishedFigures.volymStarts[year].map(Double.init) ?? Self.freeVolym[year]!, scale)
            volym[2][i] = Int((Double(v) * 0.02).rounded())
            volym[0][i] = Int((Double(v - volym[2][i]) * Self.womenShare).rounded())
            volym[1][i] = v - volym[2][i] - volym[0][i]
        }
        // A requested row count is met exactly by the volym rows of a year without a target.
        if let totalRows {
            let i = 2019 - Self.years.lowerBound
            volym[1][i] = max(0, volym[1][i] + totalRows - rowCount)
        }
    }

    var personuppgifterRows: Int { cohorts.joined().joined().reduce(0, +) }
    var rowCount: Int { personuppgifterRows + anonym.joined().reduce(0, +) + volym.joined().reduce(0, +) }

    static func scaled(_ value: Double, _ scale: Double) -> Int { Int((value * scale).rounded()) }

    /// The cohorts of one sex. Years with published counts are solved for; the others
    /// follow `freeStarts`.
    private static func cohorts(sex: Int, scale: Double) -> [[Int]] {
        let published = PublishedFigures.personuppgifterActive
        func target(_ year: Int) -> Int {
            let total = scaled(Double(published[year]!), scale)
            let percent = Double(PublishedFigures.womenPercent[year] ?? 55) / 100
            let women = Int((Double(total) * percent).rounded())
            return sex == 0 ? women : total - women
        }
        let ended2018 = scaled(Double(sex == 0 ? PublishedFigures.ended2018.kvinna : PublishedFigures.ended2018.man), scale)
        var n = [[Int]](repeating: [Int](repeating: 0, count: durationShares.count), count: years.count)

        func activeFromEarlier(_ year: Int) -> Int {
            var sum = 0
            for (i, start) in years.enumerated() where start < year {
                for k in durationShares.indices where start + k >= year { sum += n[i][k] }
            }
            return sum
        }
        func endingFromEarlier(_ year: Int) -> Int {
            var sum = 0
            for (i, start) in years.enumerated() where start < year && year - start < durationShares.count {
                sum += n[i][year - start]
            }
            return sum
        }
        func split(_ total: Int, classes: Range<Int>) -> [Int] {
            Quota.apportion(classes.map { durationShares[$0] }, total: max(0, total))
        }
        let sexShare = sex == 0 ? womenShare : 1 - womenShare
        for (i, year) in years.enumerated() {
            switch year {
            case 2018:
                // Ended in 2018 fixes the rows that start and end in 2018; active in 2018 the rest.
                n[i][0] = max(0, ended2018 - endingFromEarlier(2018))
                let rest = target(2018) - activeFromEarlier(2018) - n[i][0]
                for (k, count) in zip(1..<durationShares.count, split(rest, classes: 1..<durationShares.count)) { n[i][k] = count }
            case _ where published[year] != nil:
                n[i] = split(target(year) - activeFromEarlier(year), classes: 0..<durationShares.count)
            default:
                n[i] = split(scaled(freeStarts[year]! * sexShare, scale), classes: 0..<durationShares.count)
            }
        }
        return n
    }

    /// Rows of the target group (AE or SP at start) per start year and duration class, so
    /// that the persons active and newly registered each year 2016–2022 meet tables 1–4.
    /// `longShares`: the shares of each year's new rows that run two and three years on.
    static func targetGroupCohorts(active: [Int], new: [Int], longShares: (Double, Double)) -> [[Int]] {
        // Years before 2016 have no published count: a slowly growing start.
        let before = [0.85, 0.9, 0.95].map { Int((Double(new[0]) * $0).rounded()) }
        let starts = before + new
        let carry = zip(active, new).map { $0 - $1 }   // active in Y but started earlier
        let m2 = starts.map { Int((Double($0) * longShares.0).rounded()) }
        let m3 = starts.map { Int((Double($0) * longShares.1).rounded()) }
        let atLeast2 = zip(m2, m3).map(+)
        var atLeast1 = starts.map { Int((Double($0) * 0.5).rounded()) }
        // Carried into year Y = rows of Y-1 lasting ≥1 more year + of Y-2 ≥2 + of Y-3 ≥3.
        for (i, _) in years.enumerated() where i >= 2 && i + 1 < years.count && i + 1 >= 3 {
            let needed = carry[i + 1 - 3] - atLeast2[i - 1] - m3[i - 2]
            atLeast1[i] = needed
        }
        return (0..<years.count).map { i in
            let m1Total = min(max(atLeast1[i], atLeast2[i]), starts[i])
            return [starts[i] - m1Total, m1Total - atLeast2[i], m2[i], m3[i], 0]
        }
    }
}
