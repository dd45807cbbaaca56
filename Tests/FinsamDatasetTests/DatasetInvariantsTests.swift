import FinsamDataset
import FinsamStore
import Testing

/// Beyond the published figures: the built-in data must hang together and look real.
@Suite("Built-in dataset invariants")
struct DatasetInvariantsTests {
    static let dataset = BuiltInDataset.make()
    let d = DeltagareView(Self.dataset.deltagare)

    @Test("every deltagande is in an individinriktad insats of its förbund, active in all its years")
    func insatsCoversDeltagande() {
        let insatser = Self.dataset.insatser
        let förbund = d.table.references("förbund")
        let (insatsFirst, insatsLast) = insatser.yearRanges("år")
        let typ = insatser.codes("typ"), insatsFörbund = insatser.references("förbund")
        let individ = Schema.typ.code(of: "individinriktad")!
        var bad = 0
        for r in d.rows {
            let i = Int(d.insats[r])
            if typ[i] != individ || insatsFörbund[i] != förbund[r] || insatsFirst[i] > d.yearFirst[r] || insatsLast[i] < d.yearLast[r] { bad += 1 }
        }
        #expect(bad == 0)
    }

    @Test("kommun of residence lies in the förbund")
    func kommunInFörbund() {
        let kommun = d.table.references("kommun"), förbund = d.table.references("förbund")
        let (offsets, targets) = Self.dataset.forbund.referenceSets("kommuner")
        var missing = 0, outside = 0
        for r in d.rows {
            guard kommun[r] != Missing.reference else { if d.isPU(r) { missing += 1 }; continue }
            let f = Int(förbund[r])
            if !targets[Int(offsets[f])..<Int(offsets[f + 1])].contains(kommun[r]) { outside += 1 }
        }
        #expect(outside == 0)
        #expect(missing > 0 && missing < d.count(d.isPU) / 100, "a few personuppgifter rows without kommun: \(missing)")
    }

    @Test("anonym and volym rows carry only id, förbund, insats, registrering, kön and startdatum")
    func anonymousRowsAreBare() {
        let t = d.table
        let kept: Set<String> = ["id", "förbund", "insats", "registrering", "kön", "startdatum", "startår", "år"]
        for column in t.columns where !kept.contains(column.name) {
            let missing: Bool = (0..<t.rowCount).filter { !d.isPU($0) }.allSatisfy { row in
                switch column.data {
                case .int(let v), .date(let v): v[row] == Missing.int
                case .reference(let v): v[row] == Missing.reference
                case .category(let v): v[row] == Missing.category
                case .bool(let v): v[row] == Missing.bool
                case .categorySet(let v): v[row] == Missing.setMask
                default: true
                }
            }
            #expect(missing, "\(column.name) is set on an anonym or volym row")
        }
        // anonym and volym count only in their start year.
        #expect(d.rows.filter { !d.isPU($0) }.allSatisfy { d.yearFirst[$0] == d.yearLast[$0] })
    }

    @Test("ages, sexes and ended-row fields are consistent")
    func personFields() {
        let slut = d.table.dates("slutdatum")
        for r in d.rows where d.isPU(r) {
            guard d.kön[r] != Missing.category, (16...67).contains(d.ålder[r]) else {
                Issue.record("row \(r): kön \(d.kön[r]), ålder \(d.ålder[r])"); return
            }
            if d.ae(r) && d.ålder[r] >= 30 { Issue.record("row \(r): aktivitetsersättning at \(d.ålder[r])"); return }
            let ended = slut[r] != Missing.date
            if ended != (d.avslutsorsak[r] != Missing.category) || ended != (d.arbeteStudierSlut[r] != Missing.bool) {
                Issue.record("row \(r): ended-row fields disagree with slutdatum"); return
            }
            if (d.omfattningSlut[r] != Missing.int) != (d.arbeteStudierSlut[r] == 1) {
                Issue.record("row \(r): omfattning_slut without work or studies"); return
            }
            if !ended && d.yearLast[r] != 2022 { Issue.record("row \(r): ongoing but år ends \(d.yearLast[r])"); return }
        }
    }

    @Test("durations look real: most end within six months, some run over a year")
    func durations() {
        let tid = d.table.ints("tid_i_insats").filter { $0 != Missing.int }.sorted()
        let median = tid[tid.count / 2]
        let overYear = Double(tid.filter { $0 > 365 }.count) / Double(tid.count)
        let withinSixMonths = Double(tid.filter { $0 <= 183 }.count) / Double(tid.count)
        #expect(tid.allSatisfy { $0 >= 0 })
        #expect(withinSixMonths > 0.5, "within six months: \(withinSixMonths)")
        #expect((60...183).contains(median), "median \(median) days")
        #expect(overYear > 0.05 && overYear < 0.3, "over a year: \(overYear)")
    }

    @Test("persons: some come back; a person is never in two deltaganden the same year")
    func persons() {
        var rowsOf: [Int32: [Int]] = [:]
        for r in d.rows where d.isPU(r) { rowsOf[d.person[r], default: []].append(r) }
        let repeated = rowsOf.values.filter { $0.count > 1 }
        #expect(repeated.count > rowsOf.count / 50, "\(repeated.count) of \(rowsOf.count) persons have several rows")
        for rows in repeated {
            let sorted = rows.sorted { d.yearFirst[$0] < d.yearFirst[$1] }
            for (a, b) in zip(sorted, sorted.dropFirst()) where d.yearLast[a] >= d.yearFirst[b] {
                Issue.record("person \(d.person[a]) active twice in \(d.yearFirst[b])"); return
            }
            #expect(Set(rows.map { d.kön[$0] }).count == 1)
            #expect(Set(rows.map { Int(d.startår[$0]) - Int(d.ålder[$0]) }).count == 1, "birth year")
        }
    }

    @Test("participants spread by population: Stockholm the biggest, Göteborg and Malmö near the top")
    func spreadByPopulation() {
        let förbund = d.table.references("förbund"), ids = Self.dataset.forbund.texts("id")
        var perFörbund = [String: Int]()
        for r in d.rows where d.isPU(r) { perFörbund[ids[Int(förbund[r])]!, default: 0] += 1 }
        #expect(perFörbund.count >= 80, "förbund with participants: \(perFörbund.count)")
        // Göteborg's four district förbund together; multi-kommun förbund (Uppsala län, Halland) are as big as Malmö.
        var merged = [String: Int]()
        for (id, n) in perFörbund { merged[id.hasPrefix("goteborg_") ? "göteborg" : id, default: 0] += n }
        let ranking = merged.sorted { $0.value > $1.value }.map(\.key)
        #expect(ranking.first == "stockholms_stad", "\(ranking.prefix(6))")
        #expect(ranking.prefix(6).contains("göteborg") && ranking.prefix(6).contains("finsam_malmo"), "\(ranking.prefix(6))")
    }

    @Test("the same seed gives the same data; another seed other rows")
    func deterministic() {
        let again = BuiltInDataset.make()
        let other = BuiltInDataset.make(seed: 7)
        for (a, b) in zip(Self.dataset.deltagare.columns, again.deltagare.columns) { #expect(a.data == b.data, "\(a.name)") }
        #expect(Self.dataset.deltagare.ints("ålder") != other.deltagare.ints("ålder"))
    }

    @Test("a scaled variant has the requested rows and the same distributions")
    func scaled() {
        let scaled = BuiltInDataset.make(deltagareRows: 40_000)
        #expect(scaled.deltagare.rowCount == 40_000)
        let s = DeltagareView(scaled.deltagare)
        let pu18 = s.rows.filter { s.isPU($0) && s.active($0, 2018) }
        let women = Double(pu18.filter { s.kön[$0] == DeltagareView.kvinna }.count) / Double(pu18.count)
        #expect(abs(women - 0.54) < 0.01, "share kvinna 2018: \(women)")
        let ended = s.rows.filter { s.isPU($0) && s.slutår[$0] == 2018 }
        let work = Double(ended.filter { s.arbeteStudierSlut[$0] == 1 }.count) / Double(ended.count)
        #expect(abs(work - 0.324) < 0.01, "arbete/studier 2018: \(work)")
    }
}
