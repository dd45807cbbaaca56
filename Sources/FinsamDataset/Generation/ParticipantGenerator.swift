import FinsamStore

/// Makes the deltagare rows in stages, each stage deciding one attribute by exact quotas
/// over the published populations (see docs/dataset.md):
/// rows → ung → target groups (AE, SP) → ages → support at start → education → work at
/// start → results after the end → inriktning → dates → insats, förbund, kommun → persons.
struct ParticipantGenerator {
    let plan: ParticipantPlan
    var rows = ParticipantRows()
    var random: SeededRandom
    /// Personuppgifter rows by sex.
    var personRows: [[Int32]] = [[], []]
    /// Personuppgifter rows of each cohort: [sex][start year - 2013][duration class].
    var cohorts: [[[Range<Int32>]]] = []

    static let personuppgifter = Schema.registrering.code(of: "personuppgifter")!
    static let anonym = Schema.registrering.code(of: "anonym")!
    static let volym = Schema.registrering.code(of: "volym")!

    init(plan: ParticipantPlan, seed: UInt64) {
        self.plan = plan
        self.random = SeededRandom(seed: seed, stream: "deltagare")
    }

    func scaled(_ value: Int) -> Int { ParticipantPlan.scaled(Double(value), plan.scale) }

    mutating func generate(insatser: [InsatsGenerator.Insats], rosters: Rosters) -> ParticipantRows {
        makeRows()
        rows.allocateAttributes()
        assignYouth()
        assignTargetGroups()
        assignAges()
        assignSupportAtStart()
        assignEducation()
        assignWorkAtStart()
        assignResults()
        assignInriktning()
        assignDates()
        place(insatser: insatser, rosters: rosters)
        assignPersons()
        return rows
    }

    private mutating func makeRows() {
        let years = ParticipantPlan.years
        cohorts = ParticipantPlan.sexes.map { _ in years.map { _ in [] } }
        for sex in ParticipantPlan.sexes {
            for (i, start) in years.enumerated() {
                for (k, count) in plan.cohorts[sex][i].enumerated() {
                    let first = Int32(rows.count)
                    let end = start + k <= ParticipantPlan.lastYear ? start + k : nil
                    for _ in 0..<count {
                        personRows[sex].append(Int32(rows.count))
                        rows.append(registrering: Self.personuppgifter, sex: UInt8(sex), start: start, end: end, durationClass: k)
                    }
                    cohorts[sex][i].append(first..<Int32(rows.count))
                }
            }
        }
        for (i, start) in years.enumerated() {
            for sex in 0..<2 {
                for _ in 0..<plan.anonym[sex][i] {
                    rows.append(registrering: Self.anonym, sex: UInt8(sex), start: start, end: nil, durationClass: 0)
                }
            }
            for sex in 0..<3 {
                for _ in 0..<plan.volym[sex][i] {
                    rows.append(registrering: Self.volym, sex: sex == 2 ? Missing.category : UInt8(sex), start: start, end: nil, durationClass: 0)
                }
            }
        }
    }

    // MARK: - Sizes of the published populations

    func count(_ rows: [Int32], _ predicate: (Int32) -> Bool) -> Int {
        var n = 0
        for row in rows where predicate(row) { n += 1 }
        return n
    }

    /// Rows of each sex active in a year / ended in 2018.
    func sizes(_ predicate: (Int32) -> Bool) -> [Int] { personRows.map { count($0, predicate) } }

    // MARK: - Stages

    /// C2, C4, C5: the percent under 30 in 2017 and 2018, by sex.
    private mutating func assignYouth() {
        let pop = Populations(rows)
        let active18 = sizes(pop.active(2018)), active17 = sizes(pop.active(2017)), ended18 = sizes(pop.ended(2018))
        let ung18 = Int((Double(active18.reduce(0, +)) * Double(PublishedFigures.åldersgrupp2018[0]) / 100).rounded())
        let women18 = Int((Double(ung18) * Double(PublishedFigures.womenAmongUng2018) / 100).rounded())
        let ung18BySex = [women18, ung18 - women18]
        let c2 = PublishedFigures.ung2017
        let ung17 = Rounding.counts(sizes: active17, percents: [c2.kvinna, c2.man], total: c2.all)
        for sex in ParticipantPlan.sexes {
            let rate18 = Double(ung18BySex[sex]) / Double(max(1, active18[sex]))
            let rate17 = Double(ung17[sex]) / Double(max(1, active17[sex]))
            Quota.flag(rows: personRows[sex], eligible: { _ in true },
                       populations: [(pop.ended(2018), Int((rate18 * Double(ended18[sex])).rounded())),
                                     (pop.active(2018), ung18BySex[sex]),
                                     (pop.active(2017), ung17[sex])],
                       rate: (rate17 + rate18) / 2, into: &rows.ung, &random)
        }
    }

    /// Tables 1–4 of the 2022 report: rows with aktivitetsersättning (AE, always under 30)
    /// and with sjukpenning or rehabiliteringspenning (SP) per start year and duration.
    private mutating func assignTargetGroups() {
        let published = PublishedFigures.self
        for sex in ParticipantPlan.sexes {
            func pick(_ table: [PublishedFigures.BySex]) -> [Int] { table.map { scaled(sex == 0 ? $0.kvinna : $0.man) } }
            let ae = ParticipantPlan.targetGroupCohorts(active: pick(published.aeActive), new: pick(published.aeNew), longShares: (0.22, 0.06))
            let sp = ParticipantPlan.targetGroupCohorts(active: pick(published.spActive), new: pick(published.spNew), longShares: (0.12, 0.03))
            for i in 0..<ParticipantPlan.years.count {
                for k in 0..<ParticipantPlan.durationShares.count {
                    let cohort = Array(cohorts[sex][i][k])
                    let ung = cohort.filter { rows.ung[Int($0)] }
                    for row in Quota.draw(ae[i][k], from: ung, &random) { rows.ae[Int(row)] = true }
                    // SP comes mostly to those over 30.
                    let older = cohort.filter { !rows.ung[Int($0)] }
                    let fromOlder = Quota.draw(Int((Double(sp[i][k]) * 0.8).rounded()), from: older, &random)
                    for row in fromOlder { rows.sp[Int(row)] = true }
                    let rest = cohort.filter { !rows.ae[Int($0)] && !rows.sp[Int($0)] }
                    for row in Quota.draw(sp[i][k] - fromOlder.count, from: rest, &random) { rows.sp[Int(row)] = true }
                }
            }
        }
    }

    /// C4: age bands of 2018; ages within the bands.
    private mutating func assignAges() {
        let pop = Populations(rows)
        let all = personRows[0] + personRows[1]
        let older = all.filter { !rows.ung[Int($0)] }
        let active18 = count(all, pop.active(2018))
        let ung18 = count(all) { pop.active(2018)($0) && rows.ung[Int($0)] }
        let shares = PublishedFigures.åldersgrupp2018
        let band1 = Int((Double(active18 * shares[1]) / 100).rounded()), band2 = Int((Double(active18 * shares[2]) / 100).rounded())
        var band = [UInt8](repeating: 0, count: rows.count)
        Quota.category(rows: older, populations: [(pop.active(2018), [band1, band2, active18 - ung18 - band1 - band2])],
                       shares: shares.dropFirst().map(Double.init), into: &band, &random)
        let young = WeightedChoice([1, 2, 4, 6] + [Double](repeating: 8, count: 10))       // 16–29
        let youngAE = WeightedChoice([4] + [Double](repeating: 8, count: 10))              // 19–29
        let sixty = WeightedChoice([5, 4, 4, 3, 2, 1, 1])                                   // 60–66
        for row in all.map(Int.init) {
            if rows.ung[row] {
                rows.age[row] = rows.ae[row] ? Int32(19 + youngAE.pick(&random)) : Int32(16 + young.pick(&random))
            } else {
                switch band[row] {
                case 0: rows.age[row] = Int32(30 + random.below(15))
                case 1: rows.age[row] = Int32(45 + random.below(15))
                default: rows.age[row] = Int32(60 + sixty.pick(&random))
                }
            }
        }
    }

    /// C8–C10, D11 (start): no public support at start, time on support before, försörjningsstöd.
    private mutating func assignSupportAtStart() {
        let pop = Populations(rows)
        let active18 = sizes(pop.active(2018)), ended18 = sizes(pop.ended(2018))
        let none = PublishedFigures.ingenFörsörjningStart
        let endedNone = ResultCounts(none, sexSizes: ended18, classSizes: [0, 0, 0]).bySex
        let c8 = PublishedFigures.offentligFörsörjning2018
        let activeNone = Rounding.counts(sizes: active18, percents: [100 - c8.kvinna, 100 - c8.man], total: 100 - c8.all)
        let c10 = PublishedFigures.försörjningsstöd2018
        let stöd = Rounding.counts(sizes: active18, percents: [c10.kvinna, c10.man], total: c10.all)
        let ae = rows.ae, sp = rows.sp
        for sex in ParticipantPlan.sexes {
            Quota.flag(rows: personRows[sex], eligible: { !ae[Int($0)] && !sp[Int($0)] },
                       populations: [(pop.ended(2018), endedNone[sex]), (pop.active(2018), activeNone[sex])],
                       rate: Double(activeNone[sex]) / Double(max(1, active18[sex])), into: &rows.noSupportStart, &random)
            let noSupport = rows.noSupportStart
            Quota.flag(rows: personRows[sex], eligible: { !noSupport[Int($0)] },
                       populations: [(pop.active(2018), stöd[sex])],
                       rate: Double(stöd[sex]) / Double(max(1, active18[sex])), into: &rows.försörjningsstöd, &random)
        }
        // Time on support before the start: ingen exactly for those without support now (C8),
        // the other bands by C9's shares of 2018.
        let all = personRows[0] + personRows[1]
        let supported = all.filter { !rows.noSupportStart[Int($0)] }
        let total18 = active18.reduce(0, +)
        let c9 = PublishedFigures.offentligFörsörjningTid2018.map { Int((Double(total18 * $0) / 100).rounded()) }
        let supported18 = count(supported, pop.active(2018))
        var band = [UInt8](repeating: 0, count: rows.count)
        Quota.category(rows: supported, populations: [(pop.active(2018), c9 + [supported18 - c9.reduce(0, +)])],
                       shares: (c9 + [supported18 - c9.reduce(0, +)]).map(Double.init), into: &band, &random)
        let code = Schema.försörjning
        let aeBit: UInt32 = 1 << UInt32(code.code(of: "aktivitetsersättning")!)
        let sjukpenning: UInt32 = 1 << UInt32(code.code(of: "sjukpenning")!)
        let rehab: UInt32 = 1 << UInt32(code.code(of: "rehabiliteringspenning")!)
        let stödBit: UInt32 = 1 << UInt32(code.code(of: "försörjningsstöd")!)
        let others = ["aktivitetsstöd", "a-kassa", "sjukersättning", "annan"].map { UInt32(1) << UInt32(code.code(of: $0)!) }
        let otherWeights = WeightedChoice([0.35, 0.2, 0.1, 0.35])
        for row in all.map(Int.init) {
            rows.offentligTid[row] = rows.noSupportStart[row] ? 0 : band[row] + 1
            guard !rows.noSupportStart[row] else { rows.försörjningStart[row] = 0; continue }
            var mask: UInt32 = 0
            if rows.ae[row] { mask |= aeBit }
            if rows.sp[row] {
                let u = random.unit()
                mask |= u < 0.7 ? sjukpenning : u < 0.95 ? rehab : sjukpenning | rehab
            }
            if rows.försörjningsstöd[row] { mask |= stödBit }
            if mask == 0 || random.chance(0.08) { mask |= others[otherWeights.pick(&random)] }
            rows.försörjningStart[row] = mask
        }
    }

    /// C6, C7: education by sex in 2018.
    private mutating func assignEducation() {
        let pop = Populations(rows)
        let active18 = sizes(pop.active(2018))
        for sex in ParticipantPlan.sexes {
            let shares = sex == 0 ? PublishedFigures.utbildning2018.kvinna : PublishedFigures.utbildning2018.man
            Quota.category(rows: personRows[sex], populations: [(pop.active(2018), Quota.scaled(shares, to: active18[sex]))],
                           shares: shares.map(Double.init), into: &rows.utbildning, &random)
        }
    }

    /// D4: work or studies at start, among those ended in 2018, by sex.
    private mutating func assignWorkAtStart() {
        let pop = Populations(rows)
        let ended18 = sizes(pop.ended(2018))
        let counts = ResultCounts(PublishedFigures.arbeteStudierStart, sexSizes: ended18, classSizes: [0, 0, 0]).bySex
        for sex in ParticipantPlan.sexes {
            Quota.flag(rows: personRows[sex], eligible: { _ in true }, populations: [(pop.ended(2018), counts[sex])],
                       rate: Double(counts[sex]) / Double(max(1, ended18[sex])), into: &rows.workStart, &random)
        }
        for row in (personRows[0] + personRows[1]).map(Int.init) {
            rows.sysselsättningStart[row] = rows.workStart[row] ? workSet() : 0
        }
    }

    /// The kinds of work or study of someone who has some.
    mutating func workSet() -> UInt32 {
        let kinds = WeightedChoice([0.36, 0.26, 0.05, 0.33])  // arbete, subventionerat arbete, eget företag, studier
        var mask: UInt32 = 1 << UInt32(kinds.pick(&random))
        if random.chance(0.08) { mask |= 1 << UInt32(kinds.pick(&random)) }
        return mask
    }

    /// C11: the inriktning of the insats, by 2018's shares for personuppgifter rows.
    private mutating func assignInriktning() {
        let pop = Populations(rows)
        let all = personRows[0] + personRows[1]
        // 73/20/5/3 % with a few in 'annan inriktning' (rounding to 0 %).
        let shares = [72.7, 19.7, 4.7, 2.6, 0.3]
        let active18 = count(all, pop.active(2018))
        Quota.category(rows: all, populations: [(pop.active(2018), Quota.apportion(shares, total: active18))],
                       shares: shares, into: &rows.inriktning, &random)
        let anonymShares = WeightedChoice(shares), volymShares = WeightedChoice([0.25, 0.25, 0.30, 0.15, 0.05])
        for row in plan.personuppgifterRows..<rows.count {
            rows.inriktning[row] = UInt8(rows.registrering[row] == Self.anonym ? anonymShares.pick(&random) : volymShares.pick(&random))
        }
    }
}
