import FinsamStore

/// The insatser: spans of years built so that the number active each year meets the
/// published counts (E1, E2, E4, E5), then placed in förbund so that the published counts
/// of förbund with an insats (E3, E6) hold.
struct InsatsGenerator {
    static let years = 2013...2022
    static let individ = Schema.typ.code(of: "individinriktad")!
    static let struktur = Schema.typ.code(of: "strukturövergripande")!

    struct Insats {
        var förbund = -1
        var typ: UInt8
        var inriktning: UInt8
        var målgrupp: UInt32 = 0
        var start: Int
        var end: Int?
        var permanent = false

        func active(in year: Int) -> Bool { start <= year && year <= (end ?? InsatsGenerator.years.upperBound) }
    }

    let rosters: Rosters
    var random: SeededRandom

    init(rosters: Rosters, seed: UInt64) {
        self.rosters = rosters
        self.random = SeededRandom(seed: seed, stream: "insatser")
    }

    /// Relative activity of other years against 2018 (the year of the full tables).
    static let yearFactor: [Int: Double] = [2013: 0.78, 2014: 0.84, 2015: 0.9, 2016: 0.94, 2017: 0.97, 2018: 1,
                                            2019: 1.04, 2020: 1.0, 2021: 0.96, 2022: 0.93]

    mutating func generate() -> [Insats] {
        var insatser = markedInsatser()
        insatser += unmarkedIndividinriktade(marked: insatser)
        insatser += strukturövergripande(individinriktade: insatser)
        placeInFörbund(&insatser)
        return insatser
    }

    /// E4: insatser marked for one target group each, active per year as published.
    private mutating func markedInsatser() -> [Insats] {
        var result: [Insats] = []
        let shares = PublishedFigures.individinriktade2018.map(Double.init)
        for (group, counts) in PublishedFigures.marked.enumerated() {
            var active = [Int](repeating: 0, count: Self.years.count)
            for (i, count) in counts.enumerated() { active[i + 3] = count }  // published from 2016
            // A group published as 0 in 2016 has none running before its first year.
            for span in spans(active: active, retention: 0.78, permanent: 0, lookBack: counts[0] == 0 ? 0 : 1) {
                result.append(Insats(typ: Self.individ, inriktning: 0, målgrupp: 1 << UInt32(group), start: span.start, end: span.end))
            }
        }
        // Inriktning: the 2018 ones by exact quota within E1's counts, the others by E1's shares.
        let active2018 = result.indices.filter { result[$0].active(in: 2018) }.map(Int32.init)
        let quotas = Quota.scaled(PublishedFigures.individinriktade2018, to: active2018.count)
        for (code, group) in Quota.split(active2018, into: quotas, &random).enumerated() {
            for i in group { result[Int(i)].inriktning = UInt8(code) }
        }
        for i in result.indices where !result[i].active(in: 2018) { result[i].inriktning = UInt8(random.pick(shares)) }
        return result
    }

    /// Unmarked individinriktade insatser filling each inriktning's yearly count; a few per
    /// inriktning run through the whole period, so every deltagande finds an insats.
    private mutating func unmarkedIndividinriktade(marked: [Insats]) -> [Insats] {
        var result: [Insats] = []
        let permanent = [24, 10, 4, 3, 2]
        for (code, count2018) in PublishedFigures.individinriktade2018.enumerated() {
            let active = Self.years.map { year -> Int in
                let markedCount = marked.filter { Int($0.inriktning) == code && $0.active(in: year) }.count
                let planned = year == 2018 ? count2018 : Int((Double(count2018) * Self.yearFactor[year]!).rounded())
                return max(planned - markedCount, permanent[code] + (year == 2018 ? 0 : 2))
            }
            for span in spans(active: active, retention: 0.8, permanent: permanent[code], lookBack: 5) {
                result.append(Insats(typ: Self.individ, inriktning: UInt8(code), start: span.start, end: span.end, permanent: span.permanent))
            }
        }
        return result
    }

    /// E2 and E5: strukturövergripande insatser; 2022 brings the total to the published count.
    private mutating func strukturövergripande(individinriktade: [Insats]) -> [Insats] {
        let individ2022 = individinriktade.filter { $0.active(in: 2022) }.count
        let total2022 = PublishedFigures.insatser2022 - individ2022
        let base = PublishedFigures.strukturövergripande2018
        let shares2022 = Quota.scaled(base, to: total2022)
        var result: [Insats] = []
        for (offset, count2018) in base.enumerated() {
            let code = offset == 3 ? Schema.inriktning.code(of: "annan inriktning")! : UInt8(5 + offset)
            let active = Self.years.map { year -> Int in
                if year == 2022 { return shares2022[offset] }
                return year == 2018 ? count2018 : Int((Double(count2018) * Self.yearFactor[year]!).rounded())
            }
            for span in spans(active: active, retention: 0.75, permanent: 0, lookBack: 4) {
                result.append(Insats(typ: Self.struktur, inriktning: code, start: span.start, end: span.end))
            }
        }
        return result
    }

    /// Start and end years for insatser such that exactly `active[i]` are active in year i:
    /// each year some of the running ones stop and new ones start. The first year's stock
    /// started up to `lookBack` years earlier; the first `permanent` never stop.
    private mutating func spans(active: [Int], retention: Double, permanent: Int, lookBack: Int) -> [(start: Int, end: Int?, permanent: Bool)] {
        var spans: [(start: Int, end: Int?, permanent: Bool)] = []
        var alive: [Int] = []
        for (i, year) in Self.years.enumerated() {
            let target = active[i]
            if alive.isEmpty && spans.isEmpty {
                guard target > 0 else { continue }
                for n in 0..<target {
                    alive.append(spans.count)
                    spans.append((year - random.below(lookBack + 1), nil, n < permanent))
                }
                continue
            }
            let stayers = alive.filter { spans[$0].permanent }
            var others = alive.filter { !spans[$0].permanent }
            others.shuffle(using: &random)
            let keep = max(0, min(others.count, target - stayers.count, Int((retention * Double(others.count)).rounded())))
            for index in others[keep...] { spans[index].end = year - 1 }
            alive = stayers + others[..<keep]
            for _ in 0..<max(0, target - alive.count) {
                alive.append(spans.count)
                spans.append((year, nil, false))
            }
        }
        // Some of those running in the last year end with it; the rest are ongoing.
        for index in alive where !spans[index].permanent && random.chance(0.3) { spans[index].end = Self.years.upperBound }
        return spans
    }

    /// Places insatser in förbund, weighted by population, so that exactly the published
    /// number of förbund have an individinriktad (80) and a strukturövergripande (82) insats
    /// in 2018, and a marked insats per target group in 2022 (31, 26, 23).
    private mutating func placeInFörbund(_ insatser: inout [Insats]) {
        let weights = rosters.förbundPopulation.map { pow07($0) }
        let all = Array(rosters.förbund.indices)
        let bySize = all.sorted { weights[$0] < weights[$1] }
        let smallest = Array(bySize.prefix(12))
        let withoutIndivid = Set(Quota.draw(all.count - PublishedFigures.förbundWithInsats2018.individinriktad,
                                            from: smallest.map(Int32.init), &random).map(Int.init))
        let withoutStruktur = Set(Quota.draw(all.count - PublishedFigures.förbundWithInsats2018.strukturövergripande,
                                             from: smallest.map(Int32.init), &random).map(Int.init))
        let individ2018 = all.filter { !withoutIndivid.contains($0) }
        let struktur2018 = all.filter { !withoutStruktur.contains($0) }

        func pick(_ among: [Int]) -> Int { among[WeightedChoice(among.map { weights[$0] }).pick(&random)] }

        // E6: each target group's insatser active in 2022 cover exactly its förbund.
        for (group, size) in PublishedFigures.förbundWithMarked2022.enumerated() {
            var chosen: [Int] = []
            var pool = individ2018
            for _ in 0..<size {
                let f = pick(pool)
                chosen.append(f)
                pool.removeAll { $0 == f }
            }
            var active2022 = insatser.indices.filter { insatser[$0].målgrupp == 1 << UInt32(group) && insatser[$0].active(in: 2022) }
            active2022.shuffle(using: &random)
            for (n, i) in active2022.enumerated() { insatser[i].förbund = n < chosen.count ? chosen[n] : pick(chosen) }
        }
        // E3: the 2018 insatser of each typ cover exactly their förbund.
        for (typ, covered) in [(Self.individ, individ2018), (Self.struktur, struktur2018)] {
            var uncovered = Set(covered)
            for insats in insatser where insats.typ == typ && insats.förbund >= 0 && insats.active(in: 2018) {
                uncovered.remove(insats.förbund)
            }
            var open = insatser.indices.filter { insatser[$0].typ == typ && insatser[$0].förbund < 0 && insatser[$0].active(in: 2018) }
            open.shuffle(using: &random)
            var missing = uncovered.sorted()
            missing.shuffle(using: &random)
            for i in open { insatser[i].förbund = missing.popLast() ?? pick(covered) }
        }
        for i in insatser.indices where insatser[i].förbund < 0 { insatser[i].förbund = pick(all) }
    }

    /// Weights grow slower than population: small förbund run several insatser too.
    private func pow07(_ x: Double) -> Double { x <= 0 ? 0 : exp(0.7 * log(x)) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
