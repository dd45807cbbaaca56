import Finsam
import FinsamDataset
import FinsamStore
import Testing

/// Every figure of targets.md, sections A–G, recomputed from the built-in dataset's rows.
/// The expected numbers are copied from targets.md (not from the generator's inputs).
@Suite("Published figures (targets.md A–G)")
struct PublishedFiguresTests {
    static let dataset = BuiltInDataset.make()
    let d = DeltagareView(Self.dataset.deltagare)
    let sexes = [DeltagareView.kvinna, DeltagareView.man]

    func share(_ population: (Int) -> Bool, _ condition: (Int) -> Bool?) -> Share {
        var s = Share()
        for r in d.rows where population(r) {
            guard let holds = condition(r) else { continue }
            s.whole += 1
            if holds { s.part += 1 }
        }
        return s
    }

    func bool(_ column: [UInt8], _ r: Int) -> Bool? { column[r] == Missing.bool ? nil : column[r] == 1 }

    func expectShare(_ id: String, _ s: Share, _ published: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(s.rounds(to: published), "\(id): \(s), published \(published) %", sourceLocation: sourceLocation)
    }

    // MARK: A

    @Test("A1–A4: individer with AE and SP, 2016–2022, by sex")
    func targetGroups() {
        let a1 = [(940, 793), (988, 830), (1055, 951), (966, 895), (851, 738), (773, 711), (819, 762)]
        let a2 = [(544, 467), (566, 512), (541, 498), (491, 403), (385, 337), (372, 360), (417, 391)]
        let a3 = [(1984, 797), (2477, 977), (2987, 1168), (2915, 1216), (2372, 1038), (2582, 1166), (3109, 1369)]
        let a4 = [(1354, 557), (1753, 647), (2069, 807), (1687, 732), (1272, 587), (1474, 656), (1693, 732)]
        for (i, year) in (2016...2022).enumerated() {
            for (sex, pick) in zip(sexes, [{ (p: (Int, Int)) in p.0 }, { (p: (Int, Int)) in p.1 }]) {
                let base: (Int) -> Bool = { d.isPU($0) && d.kön[$0] == sex }
                #expect(d.individer { base($0) && d.ae($0) && d.active($0, year) } == pick(a1[i]), "A1 \(year) \(sex)")
                #expect(d.individer { base($0) && d.ae($0) && d.startår[$0] == year } == pick(a2[i]), "A2 \(year) \(sex)")
                #expect(d.individer { base($0) && d.sp($0) && d.active($0, year) } == pick(a3[i]), "A3 \(year) \(sex)")
                #expect(d.individer { base($0) && d.sp($0) && d.startår[$0] == year } == pick(a4[i]), "A4 \(year) \(sex)")
            }
        }
    }

    // MARK: B

    @Test("B1–B5: registrations per year by registrering")
    func registrations() {
        func count(_ year: Int, _ reg: String, sex: UInt8? = nil) -> Int {
            let code = Schema.registrering.code(of: reg)!
            return d.count { d.registrering[$0] == code && d.active($0, year) && (sex == nil || d.kön[$0] == sex) }
        }
        #expect([count(2016, "personuppgifter"), count(2016, "anonym"), count(2016, "volym")] == [14634, 2482, 10590], "B1")
        #expect([count(2017, "personuppgifter"), count(2017, "anonym"), count(2017, "volym")] == [15035, 1726, 12053], "B2")
        #expect([count(2017, "anonym", sex: DeltagareView.kvinna), count(2017, "anonym", sex: DeltagareView.man)] == [930, 796], "B3")
        #expect([count(2018, "personuppgifter"), count(2018, "anonym"), count(2018, "volym")] == [19151, 1705, 11859], "B4")
        #expect(d.count { d.active($0, 2018) } == 32715, "B4 total")
        #expect([count(2022, "personuppgifter"), count(2022, "anonym")] == [17562, 3808], "B5")
        #expect(d.count { d.active($0, 2022) } == 21370, "B5 total")
    }

    // MARK: C

    @Test("C1–C11: participants 2017 and 2018")
    func participants() {
        let pu17: (Int) -> Bool = { d.isPU($0) && d.active($0, 2017) }
        let pu18: (Int) -> Bool = { d.isPU($0) && d.active($0, 2018) }
        let kvinna: (Int) -> Bool? = { d.kön[$0] == Missing.category ? nil : d.kön[$0] == DeltagareView.kvinna }
        let ung: (Int) -> Bool? = { bool(d.ung, $0) }
        expectShare("C1", share(pu17, kvinna), 55)
        expectShare("C2 all", share(pu17, ung), 47)
        expectShare("C2 män", share({ pu17($0) && d.kön[$0] == DeltagareView.man }, ung), 55)
        expectShare("C2 kvinnor", share({ pu17($0) && d.kön[$0] == DeltagareView.kvinna }, ung), 40)
        expectShare("C3", share(pu18, kvinna), 54)
        for (code, published) in [39, 30, 27, 4].enumerated() {
            expectShare("C4 \(Schema.åldersgrupp.values[code])", share(pu18) { d.åldersgrupp[$0] == Missing.category ? nil : d.åldersgrupp[$0] == code }, published)
        }
        expectShare("C5", share({ pu18($0) && d.ung[$0] == 1 }, kvinna), 46)
        for (sex, shares) in zip(sexes, [[31, 38, 22, 9], [39, 37, 16, 8]]) {
            for (code, published) in shares.enumerated() {
                expectShare("C6/C7 \(sex) \(Schema.utbildning.values[code])",
                            share({ pu18($0) && d.kön[$0] == sex }) { d.utbildning[$0] == Missing.category ? nil : d.utbildning[$0] == code }, published)
            }
        }
        let ingen = Schema.offentligFörsörjningTid.code(of: "ingen")!
        let notIngen: (Int) -> Bool? = { d.offentligTid[$0] == Missing.category ? nil : d.offentligTid[$0] != ingen }
        expectShare("C8 all", share(pu18, notIngen), 89)
        expectShare("C8 kvinnor", share({ pu18($0) && d.kön[$0] == DeltagareView.kvinna }, notIngen), 91)
        expectShare("C8 män", share({ pu18($0) && d.kön[$0] == DeltagareView.man }, notIngen), 86)
        for (name, published) in [("upp till 1 år", 20), ("1–3 år", 29), ("3–6 år", 21)] {
            let code = Schema.offentligFörsörjningTid.code(of: name)!
            expectShare("C9 \(name)", share(pu18) { d.offentligTid[$0] == Missing.category ? nil : d.offentligTid[$0] == code }, published)
        }
        let stöd: (Int) -> Bool? = { d.försörjningStart[$0] & Missing.setBit != 0 ? nil : d.has(d.försörjningStart[$0], "försörjningsstöd") }
        expectShare("C10 all", share(pu18, stöd), 32)
        expectShare("C10 kvinnor", share({ pu18($0) && d.kön[$0] == DeltagareView.kvinna }, stöd), 29)
        expectShare("C10 män", share({ pu18($0) && d.kön[$0] == DeltagareView.man }, stöd), 35)
        let inriktning = Self.dataset.insatser.codes("inriktning")
        for (name, published) in [("rehabilitering till arbete/utbildning", 73), ("förberedande", 20), ("kartläggning av individer", 5), ("förebyggande", 3)] {
            let code = Schema.inriktning.code(of: name)!
            expectShare("C11 \(name)", share(pu18) { inriktning[Int(d.insats[$0])] == code }, published)
        }
    }

    // MARK: D

    @Test("D1–D11: results after an insats ended in 2018")
    func results() {
        let ended: (Int) -> Bool = { d.isPU($0) && d.slutår[$0] == 2018 }
        let groups: [(String, (Int) -> Bool)] = [
            ("all", ended),
            ("kvinnor", { ended($0) && d.kön[$0] == DeltagareView.kvinna }),
            ("män", { ended($0) && d.kön[$0] == DeltagareView.man }),
            ("ung", { ended($0) && d.ung[$0] == 1 }),
            ("not ung", { ended($0) && d.ung[$0] == 0 }),
            ("ung and AE", { ended($0) && d.ung[$0] == 1 && d.ae($0) }),
        ]
        #expect(d.count(ended) == 9590, "D1")
        #expect(d.count(groups[1].1) == 5370 && d.count(groups[2].1) == 4220, "D1 by sex")
        let work: (Int) -> Bool? = { bool(d.arbeteStudierSlut, $0) }
        #expect(d.count { ended($0) && d.arbeteStudierSlut[$0] == 1 } == 3109, "D2")
        #expect(d.count { groups[1].1($0) && d.arbeteStudierSlut[$0] == 1 } == 1559, "D2 kvinnor")
        #expect(d.count { groups[2].1($0) && d.arbeteStudierSlut[$0] == 1 } == 1550, "D2 män")
        func shares(_ id: String, _ condition: (Int) -> Bool?, _ published: [Int?]) {
            for ((name, group), value) in zip(groups, published) {
                guard let value else { continue }
                expectShare("\(id) \(name)", share(group, condition), value)
            }
        }
        shares("D3/D5", work, [32, 29, 37, 41, 27, 31])
        shares("D4", { bool(d.arbeteStudierStart, $0) }, [12, 13, 12, nil, nil, nil])
        shares("D8", { bool(d.arbetssökande, $0) }, [18, 16, 20, 13, 20, 10])
        let rehab = Schema.avslutsorsak.code(of: "fortsatt rehabilitering")!, sjukdom = Schema.avslutsorsak.code(of: "sjukdom")!
        shares("D9", { d.avslutsorsak[$0] == Missing.category ? nil : d.avslutsorsak[$0] == rehab }, [35, 38, 30, nil, nil, 40])
        shares("D10", { d.avslutsorsak[$0] == Missing.category ? nil : d.avslutsorsak[$0] == sjukdom }, [11, 12, 10, nil, nil, nil])
        shares("D11 start", { d.försörjningStart[$0] & Missing.setBit != 0 ? nil : d.försörjningStart[$0] == 0 }, [9, 8, 12, nil, nil, nil])
        shares("D11 slut", { d.försörjningSlut[$0] & Missing.setBit != 0 ? nil : d.försörjningSlut[$0] == 0 }, [22, 19, 27, nil, nil, nil])
        // D6, D7: means over rows with a value.
        let means: [(Int, Int)] = [(67, 84), (64, 80), (71, 89), (72, 85), (64, 84), (62, 75)]
        for ((name, group), (start, slut)) in zip(groups, means) {
            var m0 = Mean(), m1 = Mean()
            for r in d.rows where group(r) {
                if d.omfattningStart[r] != Missing.int { m0.sum += Int(d.omfattningStart[r]); m0.n += 1 }
                if d.omfattningSlut[r] != Missing.int { m1.sum += Int(d.omfattningSlut[r]); m1.n += 1 }
            }
            #expect(m0.rounds(to: start), "D6/D7 omfattning_start \(name): \(m0), published \(start)")
            #expect(m1.rounds(to: slut), "D6/D7 omfattning_slut \(name): \(m1), published \(slut)")
        }
    }

    // MARK: E

    @Test("E1–E6: insatser")
    func insatser() {
        let t = Self.dataset.insatser
        let typ = t.codes("typ"), inriktning = t.codes("inriktning"), målgrupp = t.masks("målgrupp")
        let (first, last) = t.yearRanges("år")
        let förbund = t.references("förbund")
        func active(_ i: Int, _ year: Int) -> Bool { Int(first[i]) <= year && year <= Int(last[i]) }
        let individ = Schema.typ.code(of: "individinriktad")!, struktur = Schema.typ.code(of: "strukturövergripande")!
        let e1 = ["rehabilitering till arbete/utbildning": 293, "förberedande": 144, "kartläggning av individer": 62,
                  "förebyggande": 33, "annan inriktning": 27]
        for (name, expected) in e1 {
            let code = Schema.inriktning.code(of: name)!
            #expect((0..<t.rowCount).filter { typ[$0] == individ && inriktning[$0] == code && active($0, 2018) }.count == expected, "E1 \(name)")
        }
        let e2 = ["dialog och kommunikation": 213, "utbildning": 143, "kartläggning": 79, "annan inriktning": 111]
        for (name, expected) in e2 {
            let code = Schema.inriktning.code(of: name)!
            #expect((0..<t.rowCount).filter { typ[$0] == struktur && inriktning[$0] == code && active($0, 2018) }.count == expected, "E2 \(name)")
        }
        #expect(Set((0..<t.rowCount).filter { typ[$0] == individ && active($0, 2018) }.map { förbund[$0] }).count == 80, "E3 individinriktad")
        #expect(Set((0..<t.rowCount).filter { typ[$0] == struktur && active($0, 2018) }.map { förbund[$0] }).count == 82, "E3 strukturövergripande")
        let e4 = [[77, 56, 0], [136, 141, 85], [114, 128, 81], [154, 158, 121], [147, 152, 118], [112, 88, 83], [100, 72, 77]]
        for (i, year) in (2016...2022).enumerated() {
            for group in 0..<3 {
                let count = (0..<t.rowCount).filter { målgrupp[$0] & (1 << UInt32(group)) != 0 && active($0, year) }.count
                #expect(count == e4[i][group], "E4 \(year) \(Schema.målgrupp.values[group])")
            }
        }
        #expect((0..<t.rowCount).filter { active($0, 2022) }.count == 968, "E5")
        for (group, expected) in [31, 26, 23].enumerated() {
            let count = Set((0..<t.rowCount).filter { målgrupp[$0] & (1 << UInt32(group)) != 0 && active($0, 2022) }.map { förbund[$0] }).count
            #expect(count == expected, "E6 \(Schema.målgrupp.values[group])")
        }
    }

    // MARK: F

    @Test("F1–F5: förbund and kommuner")
    func rosters() {
        let f = Self.dataset.forbund, k = Self.dataset.kommuner
        #expect(f.rowCount == 83, "F1")
        let (offsets, targets) = k.referenceSets("förbund")
        let without = (0..<k.rowCount).filter { offsets[$0] == offsets[$0 + 1] }.count
        #expect(k.rowCount - without == 260 && without == 30, "F2")
        #expect(k.rowCount == 290, "F3")
        #expect(f.bools("länsförbund").filter { $0 == 1 }.count == 8, "F4")
        let göteborg = k.texts("kommun").firstIndex(of: "Göteborg")!
        #expect(offsets[göteborg + 1] - offsets[göteborg] == 4, "F5")
        _ = targets
    }

    // MARK: G

    /// G3's band: budgets of the insatser active in a year between 60 % and 85 % of the year's
    /// financing, in kronor.
    static func g3Band(financing: Double) -> ClosedRange<Double> { 0.60 * financing...0.85 * financing }

    /// `from insatser where år = Y show sum(budget)`, through the language, and the same sum
    /// taken from the table's columns, which must agree.
    func budgetSum(_ year: Int, _ session: Session) throws -> Double {
        let t = Self.dataset.insatser
        let budget = t.ints("budget"), (first, last) = t.yearRanges("år")
        let fromRows = (0..<t.rowCount).filter { Int(first[$0]) <= year && year <= Int(last[$0]) && budget[$0] != Missing.int }
            .reduce(0) { $0 + Int(budget[$1]) }
        let queried = try #require(try session.query("from insatser where år = \(year) show sum(budget)").scalar?.value)
        #expect(queried == Double(fromRows), "G3 \(year): the query gives \(queried), the rows \(fromRows)")
        return queried
    }

    @Test("G3: budgets of the insatser active in 2018 are 60–85 % of G2's 670 Mkr")
    func budgets2018() throws {
        let band = Self.g3Band(financing: 670_000_000)   // G2: about 670 Mkr
        // The band can fail: the budgets before their calibration summed to 1 039 Mkr in 2018.
        #expect(!band.contains(1_039_365_000) && band.upperBound < 570_000_000 && band.lowerBound > 400_000_000)
        let sum = try budgetSum(2018, Session(dataset: Self.dataset))
        #expect(band.contains(sum), "G3 2018: \(sum) kr, \(100 * sum / 670_000_000) % of 670 Mkr")
    }

    @Test("G3: every year 2013–2022, budgets of the insatser active are 60–85 % of the year's financing")
    func budgetsPerYear() throws {
        // The state's money, Mkr allotted per year (001, Tabell 5.1; 000, Tabell 4 for 2018),
        // 2020–2022 held at 339 (no source); financing is twice it (G2).
        let state = [2013: 280, 2014: 280, 2015: 280, 2016: 339, 2017: 339, 2018: 339, 2019: 339,
                     2020: 339, 2021: 339, 2022: 339]
        let session = Session(dataset: Self.dataset)
        for year in 2013...2022 {
            let financing = 2 * Double(state[year]!) * 1_000_000
            let sum = try budgetSum(year, session)
            #expect(Self.g3Band(financing: financing).contains(sum), "G3 \(year): \(sum) kr, \(100 * sum / financing) % of \(financing)")
        }
    }
}
