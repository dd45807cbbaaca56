import FinsamStore

/// Section D: what happened after an ended deltagande. Every ended row gets results; those
/// ended in 2018 are calibrated per cell of sex × class (AE, ung without AE, not ung), the
/// cells' rates then serve the other years.
extension ParticipantGenerator {
    /// Ended personuppgifter rows per [sex][class].
    func endedCells() -> [[[Int32]]] {
        var cells = [[[Int32]]](repeating: [[], [], []], count: 2)
        for sex in ParticipantPlan.sexes {
            for row in personRows[sex] where rows.endYear[Int(row)] != ParticipantRows.ongoing {
                cells[sex][resultClass(row)].append(row)
            }
        }
        return cells
    }

    func resultClass(_ row: Int32) -> Int { rows.ae[Int(row)] ? 0 : rows.ung[Int(row)] ? 1 : 2 }

    mutating func assignResults() {
        let pop = Populations(rows)
        let cells = endedCells()
        let ended2018 = pop.ended(2018)
        // Sizes of the 2018 cells, [sex][class].
        func sizes2018(_ filter: (Int32) -> Bool = { _ in true }) -> [[Int]] {
            cells.map { $0.map { cell in cell.filter { ended2018($0) && filter($0) }.count } }
        }
        let size = sizes2018()
        let sexSizes = size.map { $0.reduce(0, +) }
        let classSizes = (0..<3).map { c in size[0][c] + size[1][c] }
        // The stage draws from a local copy of the generator, handed back before the per-row pass.
        var random = self.random

        /// Flags rows of each cell: the 2018 rows by the raked counts, other years at the same rate.
        func assign(_ flags: inout [Bool], _ counts: ResultCounts, eligible: @escaping (Int32) -> Bool,
                    eligibleSizes: [[Int]], preferred: ((Int32) -> Bool)? = nil) {
            let cellCounts = counts.byClass.map {
                Raking.fit(sizes: eligibleSizes, rowTargets: counts.bySex, columnTargets: $0.map(Double.init))
            } ?? counts.bySex.enumerated().map { sex, total in Quota.scaled(eligibleSizes[sex], to: total) }
            for sex in 0..<2 {
                for c in 0..<3 {
                    let target = cellCounts[sex][c]
                    var populations: [(contains: (Int32) -> Bool, target: Int)] = []
                    if let preferred {
                        // Most of the flagged come from the preferred rows (e.g. no support after work).
                        populations.append(({ ended2018($0) && preferred($0) }, Int((Double(target) * 0.68).rounded())))
                    }
                    populations.append((ended2018, target))
                    Quota.flag(rows: cells[sex][c], eligible: eligible, populations: populations,
                               rate: Double(target) / Double(max(1, size[sex][c])), into: &flags, &random)
                }
            }
        }

        // D2, D3, D5: work or studies after the end.
        let work = ResultCounts(PublishedFigures.arbeteStudierSlutShares, sexSizes: sexSizes, classSizes: classSizes,
                                exactBySex: [scaled(PublishedFigures.arbeteStudierSlut2018.kvinna), scaled(PublishedFigures.arbeteStudierSlut2018.man)])
        assign(&rows.workEnd, work, eligible: { _ in true }, eligibleSizes: size)
        // D8: job-seeking at AF after the end.
        let seeking = ResultCounts(PublishedFigures.arbetssökandeSlut, sexSizes: sexSizes, classSizes: classSizes)
        assign(&rows.jobSeeking, seeking, eligible: { _ in true }, eligibleSizes: size)
        // D9, D10: reasons for ending, among those not going to work or studies.
        let workEnd = rows.workEnd
        var continued = [Bool](repeating: false, count: rows.count)
        let notWorking = sizes2018 { !workEnd[Int($0)] }
        assign(&continued, ResultCounts(PublishedFigures.fortsattRehabilitering, sexSizes: sexSizes, classSizes: classSizes),
               eligible: { !workEnd[Int($0)] }, eligibleSizes: notWorking)
        var ill = [Bool](repeating: false, count: rows.count)
        let available = continued
        assign(&ill, ResultCounts(PublishedFigures.sjukdom, sexSizes: sexSizes, classSizes: classSizes),
               eligible: { !workEnd[Int($0)] && !available[Int($0)] },
               eligibleSizes: sizes2018 { !workEnd[Int($0)] && !available[Int($0)] })
        // D11: no public support after the end, mostly among those who went to work or studies.
        assign(&rows.noSupportEnd, ResultCounts(PublishedFigures.ingenFörsörjningSlut, sexSizes: sexSizes, classSizes: classSizes),
               eligible: { _ in true }, eligibleSizes: size, preferred: { workEnd[Int($0)] })

        self.random = random
        let reason = Schema.avslutsorsak
        let towork = reason.code(of: "arbete eller studier")!, rehab = reason.code(of: "fortsatt rehabilitering")!
        let sjukdom = reason.code(of: "sjukdom")!
        let otherReasons = ["arbetssökande", "flytt", "föräldraledighet", "avbrott", "annan"].map { reason.code(of: $0)! }
        let otherWeights = WeightedChoice([0.3, 0.08, 0.07, 0.3, 0.25])
        let afterWork = WeightedChoice([0.5, 0.1, 0.1, 0.05, 0.25])
        for cellRows in cells.joined() {
            for row in cellRows.map(Int.init) {
                if rows.workEnd[row] {
                    rows.avslutsorsak[row] = random.chance(0.88) ? towork : otherReasons[afterWork.pick(&random)]
                } else if continued[row] {
                    rows.avslutsorsak[row] = rehab
                } else if ill[row] {
                    rows.avslutsorsak[row] = sjukdom
                } else {
                    rows.avslutsorsak[row] = otherReasons[otherWeights.pick(&random)]
                }
                rows.sysselsättningSlut[row] = rows.workEnd[row] ? workSet() : 0
                rows.försörjningSlut[row] = rows.noSupportEnd[row] ? 0 : supportAfter(rows.försörjningStart[row])
            }
        }
        assignExtent(cells: cells)
    }

    /// Public support directly after the end, from the support at start.
    private mutating func supportAfter(_ start: UInt32) -> UInt32 {
        let f = Schema.försörjning
        func bit(_ name: String) -> UInt32 { 1 << UInt32(f.code(of: name)!) }
        var mask: UInt32 = 0
        if start & bit("aktivitetsersättning") != 0, random.chance(0.9) { mask |= bit("aktivitetsersättning") }
        if start & (bit("sjukpenning") | bit("rehabiliteringspenning")) != 0 {
            let u = random.unit()
            mask |= u < 0.5 ? bit("sjukpenning") : u < 0.65 ? bit("sjukersättning") : u < 0.75 ? bit("a-kassa") : u < 0.9 ? bit("aktivitetsstöd") : bit("annan")
        }
        if start & bit("försörjningsstöd") != 0, random.chance(0.7) { mask |= bit("försörjningsstöd") }
        if mask == 0 {
            let choices = ["aktivitetsstöd", "a-kassa", "försörjningsstöd", "annan"]
            mask = bit(choices[WeightedChoice([0.35, 0.25, 0.2, 0.2]).pick(&random)])
        }
        return mask
    }

    /// D6, D7: omfattning (percent of full time) at start and after the end. Cell means come
    /// from an additive fit to the published means by sex and by class; each cell's values
    /// are then drawn around its average and corrected to hit it.
    private mutating func assignExtent(cells: [[[Int32]]]) {
        let pop = Populations(rows)
        let ended2018 = pop.ended(2018)
        let published = PublishedFigures.omfattning
        for phase in 0..<2 {
            let has: (Int32) -> Bool = phase == 0 ? { [rows] in rows.workStart[Int($0)] } : { [rows] in rows.workEnd[Int($0)] }
            let size = cells.map { $0.map { cell in cell.filter { ended2018($0) && has($0) }.count } }
            func publishedAverage(_ i: Int) -> Double { phase == 0 ? published[i].start : published[i].slut }
            // Class means: AE, ung without AE (from ung overall and AE), not ung.
            let aeCount = Double(size[0][0] + size[1][0]), ungOther = Double(size[0][1] + size[1][1])
            let ungOtherMean = ungOther > 0 ? (publishedAverage(3) * (aeCount + ungOther) - publishedAverage(5) * aeCount) / ungOther : publishedAverage(3)
            let means = Raking.additiveMeans(sizes: size, rowMeans: [publishedAverage(1), publishedAverage(2)], columnMeans: [publishedAverage(5), ungOtherMean, publishedAverage(4)])
            for sex in 0..<2 {
                for c in 0..<3 {
                    let target = means[sex][c]
                    let calibrated = cells[sex][c].filter { ended2018($0) && has($0) }
                    let others = cells[sex][c].filter { !ended2018($0) && has($0) }
                    for group in [calibrated, others] where !group.isEmpty {
                        let values = extentValues(count: group.count, average: target)
                        for (row, value) in zip(group, values) {
                            if phase == 0 { rows.omfattningStart[Int(row)] = value } else { rows.omfattningSlut[Int(row)] = value }
                        }
                    }
                }
            }
        }
        // Rows still ongoing that work at start also have an extent.
        for sex in 0..<2 {
            let open = personRows[sex].filter { rows.workStart[Int($0)] && rows.omfattningStart[Int($0)] == Missing.int }
            for (row, value) in zip(open, extentValues(count: open.count, average: PublishedFigures.omfattning[sex + 1].start)) {
                rows.omfattningStart[Int(row)] = value
            }
        }
    }

    /// `count` extents from the usual steps (25, 50, 75, 100 % and a few others) whose average
    /// is within 0,05 of `average`.
    private mutating func extentValues(count: Int, average: Double) -> [Int32] {
        let steps: [Int32] = [20, 25, 40, 50, 60, 75, 80, 100]
        let target = min(99, max(21, average))
        // Tilt the step weights toward the average, then correct the sum one step at a time.
        let tilt = (target - 60) / 20
        let weights = steps.map { exp(tilt * (Double($0) - 60) / 40) }
        let choice = WeightedChoice(weights)
        var values = (0..<count).map { _ in steps[choice.pick(&random)] }
        var sum = values.reduce(0) { $0 + Int($1) }
        let goal = Int((target * Double(count)).rounded())
        var guardCount = 0
        while abs(sum - goal) > max(1, count / 20), guardCount < count * 8 {
            guardCount += 1
            let i = random.below(count)
            guard let position = steps.firstIndex(of: values[i]) else { continue }
            let next = sum < goal ? position + 1 : position - 1
            guard steps.indices.contains(next) else { continue }
            sum += Int(steps[next]) - Int(values[i])
            values[i] = steps[next]
        }
        // The last few units go to single rows as odd extents (e.g. 62 %).
        var rest = goal - sum
        var i = 0
        while rest != 0, i < count * 4 {
            let row = i % count
            let change = Int32(max(-10, min(10, rest)))
            let newValue = values[row] + change
            if (1...100).contains(newValue) { values[row] = newValue; rest -= Int(change) }
            i += 1
        }
        return values
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
