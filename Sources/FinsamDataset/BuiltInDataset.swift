import FinsamStore

/// The built-in dataset: synthetic rows, deterministic from a seed, calibrated so that
/// queries over them give back the published figures of `shared/domain/targets.md`.
/// See docs/dataset.md for what is real, what is invented and how calibration works.
public enum BuiltInDataset {
    /// The seed of the calibrated dataset.
    public static let defaultSeed: UInt64 = 2018

    /// The calibrated dataset of the default seed, made on first use and shared by every session
    /// of the process (a `static let` is initialised once, thread-safely; a `Dataset` is an
    /// immutable value, so sharing it is safe and a session's `load` changes its own copy only).
    /// Read from its cached image when this build has written one (`BuiltInImage`).
    public static let shared: Dataset = BuiltInImage.dataset()

    /// The number of deltagare rows at the calibrated scale.
    public static var calibratedRowCount: Int { ParticipantPlan(scale: 1).rowCount }

    /// The dataset. `deltagareRows` scales every count (the published figures then hold as
    /// shares, and as counts times the scale); nil gives the calibrated size. befolkning is the
    /// same at every scale.
    public static func make(seed: UInt64 = defaultSeed, deltagareRows: Int? = nil) -> Dataset {
        let rosters = Rosters.embedded
        let (förbundTable, kommunerTable) = rosters.tables()
        var insatsGenerator = InsatsGenerator(rosters: rosters, seed: seed)
        let insatser = insatsGenerator.generate()
        let (insatserTable, insatsRow) = InsatserTable.make(insatser, rosters: rosters, seed: seed)

        let plan: ParticipantPlan
        if let deltagareRows {
            let scale = Double(deltagareRows) / Double(calibratedRowCount)
            plan = ParticipantPlan(scale: scale, totalRows: deltagareRows)
        } else {
            plan = ParticipantPlan(scale: 1)
        }
        var generator = ParticipantGenerator(plan: plan, seed: seed)
        let rows = generator.generate(insatser: insatser, rosters: rosters)
        let deltagare = DeltagareTable.make(rows, insatsRow: insatsRow)
        let befolkning = BefolkningTable.make(rosters: rosters, seed: seed)
        return Dataset(deltagare: deltagare, insatser: insatserTable, forbund: förbundTable, kommuner: kommunerTable,
                       befolkning: befolkning)
    }
}

/// The insatser table: ordered by förbund and start year, with names, budgets and (for
/// strukturövergripande) participation counts.
enum InsatserTable {
    static func make(_ insatser: [InsatsGenerator.Insats], rosters: Rosters, seed: UInt64) -> (Table, [Int32]) {
        var random = SeededRandom(seed: seed, stream: "insatser.namn")
        let order = insatser.indices.sorted {
            (insatser[$0].förbund, insatser[$0].start, $0) < (insatser[$1].förbund, insatser[$1].start, $1)
        }
        var rowOf = [Int32](repeating: 0, count: insatser.count)
        for (row, i) in order.enumerated() { rowOf[i] = Int32(row) }
        var namn: [String?] = [], drawn: [Double] = [], counted: [Bool] = [], deltaganden: [Int32] = []
        for i in order {
            let insats = insatser[i]
            let förbund = rosters.förbund[insats.förbund]
            let place = rosters.kommuner[förbund.kommuner[random.below(förbund.kommuner.count)]].namn
            let words = names[Int(insats.inriktning)]
            namn.append("\(words[random.below(words.count)]) \(place)")
            let individ = insats.typ == InsatsGenerator.individ
            // Individinriktade cost about four times as much; the scale below keeps that.
            drawn.append(exp(log(individ ? 1_200_000 : 300_000) + 0.7 * normal(&random)))
            counted.append(!random.chance(0.03))
            deltaganden.append(individ ? Missing.int : Int32(max(3, exp(log(60) + 0.9 * normal(&random)).rounded())))
        }
        // G3: the drawn budgets scaled (after all the draws, so names and counts keep theirs)
        // until each year's active budgets are 72 % of that year's financing; whole thousands.
        let years = InsatsGenerator.years
        let target = Dictionary(uniqueKeysWithValues: years.map { ($0, PublishedFigures.budgetShareOfFinancing * PublishedFigures.financing($0)) })
        let factor = BudgetScale.factors(drawn: drawn, counted: counted, years: order.map { i in
            max(insatser[i].start, years.lowerBound)...min(insatser[i].end ?? years.upperBound, years.upperBound)
        }, target: target)
        let budget = drawn.indices.map { k in
            counted[k] ? Int32(min(20_000_000, (drawn[k] * factor[k] / 1000).rounded() * 1000)) : Missing.int
        }
        let table = Derivation.table(.insatser, stored: [
            .int(order.indices.map { Int32($0 + 1) }),
            .text(namn),
            .reference(order.map { Int32(insatser[$0].förbund) }),
            .category(order.map { insatser[$0].typ }),
            .category(order.map { insatser[$0].inriktning }),
            .categorySet(order.map { insatser[$0].målgrupp }),
            .int(order.map { Int32(insatser[$0].start) }),
            .int(order.map { insatser[$0].end.map(Int32.init) ?? Missing.int }),
            .int(budget),
            .int(deltaganden),
        ])
        return (table, rowOf)
    }

    /// Name stems per inriktning (codes of Schema.inriktning), in the style of real insatser.
    static let names: [[String]] = [
        ["Vägen vidare", "Steg för steg", "Arbetslinjen", "Nya möjligheter", "Framåt", "Jobbcentrum", "Rehabteam",
         "Kompassen", "Språngbrädan", "IPS – individanpassat stöd"],
        ["Aktivitetshuset", "Förberedande träning", "Motivationsgruppen", "Vardagslots", "Ut i livet", "Basen"],
        ["Kartläggningsteam", "Arbetsförmågebedömning", "Rätt stöd", "Samverkansteam"],
        ["Unga in", "Tidiga insatser", "Hälsoskolan", "Unga vuxna"],
        ["Lotsen", "Navigatorcentrum", "Mötesplatsen"],
        ["Samverkansforum", "Nätverket", "Chefsnätverk", "Dialogforum"],
        ["Kompetensutveckling", "Utbildningsdagar", "Metodstöd", "Finsamskolan"],
        ["Behovsanalys", "Kartläggning av målgrupp", "Nulägesanalys"],
    ]

    /// A standard normal draw (Box–Muller).
    static func normal(_ random: inout SeededRandom) -> Double {
        let u = max(1e-12, random.unit()), v = random.unit()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

/// The deltagare table: rows ordered by start date, ids in that order.
enum DeltagareTable {
    static func make(_ rows: ParticipantRows, insatsRow: [Int32]) -> Table {
        let n = rows.count
        // Counting sort by start day keeps the generation order within a day.
        let minDay = Int(rows.startDay.min() ?? 0), maxDay = Int(rows.startDay.max() ?? 0)
        var counts = [Int](repeating: 0, count: maxDay - minDay + 2)
        for day in rows.startDay { counts[Int(day) - minDay + 1] += 1 }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        var order = [Int](repeating: 0, count: n)
        for row in 0..<n {
            let slot = Int(rows.startDay[row]) - minDay
            order[counts[slot]] = row
            counts[slot] += 1
        }
        let person = rows.registrering.map { $0 == ParticipantGenerator.personuppgifter }
        func column<T>(_ values: [T], _ missing: T, personOnly: Bool = true, endedOnly: Bool = false) -> [T] {
            order.map { row in
                if personOnly && !person[row] { return missing }
                if endedOnly && rows.endYear[row] == ParticipantRows.ongoing { return missing }
                return values[row]
            }
        }
        let ended = rows.endYear.map { $0 != ParticipantRows.ongoing }
        let jobSeeking = zip(rows.jobSeeking, ended).map { $1 ? UInt8($0 ? 1 : 0) : Missing.bool }
        return Derivation.table(.deltagare, stored: [
            .int((0..<n).map { Int32($0 + 1) }),
            .int(column(rows.person, Missing.int)),
            .reference(order.map { rows.förbund[$0] }),
            .reference(order.map { insatsRow[Int(rows.insats[$0])] }),
            .category(order.map { rows.registrering[$0] }),
            .category(order.map { rows.sex[$0] }),
            .int(column(rows.age, Missing.int)),
            .reference(column(rows.kommun, Missing.reference)),
            .date(order.map { rows.startDay[$0] }),
            .date(column(rows.endDay, Missing.date)),
            .category(column(rows.utbildning, Missing.category)),
            .categorySet(column(rows.försörjningStart, Missing.setBit)),
            .categorySet(column(rows.försörjningSlut, Missing.setBit, endedOnly: true)),
            .category(column(rows.offentligTid, Missing.category)),
            .categorySet(column(rows.sysselsättningStart, Missing.setBit)),
            .categorySet(column(rows.sysselsättningSlut, Missing.setBit, endedOnly: true)),
            .int(column(rows.omfattningStart, Missing.int)),
            .int(column(rows.omfattningSlut, Missing.int, endedOnly: true)),
            .bool(column(jobSeeking, Missing.bool)),
            .category(column(rows.avslutsorsak, Missing.category, endedOnly: true)),
        ])
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
