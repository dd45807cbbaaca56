import FinsamStore

/// Dates, then where each deltagande took place (an insats of the right inriktning active
/// through the deltagande, its förbund, a kommun of that förbund), then which rows belong
/// to one person.
extension ParticipantGenerator {
    /// Start and end days consistent with the rows' years: rows ending the year they start
    /// last weeks to months; longer ones end early in their last year more often than late.
    mutating func assignDates() {
        for row in 0..<rows.count {
            let start = Int(rows.startYear[row])
            let yearStart = Day.number(year: start, month: 1, day: 1)
            let days = Day.daysIn(year: start)
            let end = rows.endYear[row]
            if end == Int16(start) {
                let first = random.below(days - 20)
                let length = 14 + Int(-log(1 - random.unit()) * 75)
                rows.startDay[row] = yearStart + Int32(first)
                rows.endDay[row] = yearStart + Int32(min(days - 1, first + length))
            } else if end == Int16(start + 1) {
                // A row crossing one new year: its length first (most well under a year), then
                // a start late enough to cross it. Most deltaganden thus last under six months.
                let length = min(364, 45 + Int(-log(1 - random.unit()) * 170))
                let remaining = 1 + random.below(min(length, days))
                rows.startDay[row] = yearStart + Int32(days - remaining)
                rows.endDay[row] = rows.startDay[row] + Int32(length)
            } else {
                rows.startDay[row] = yearStart + Int32(random.below(days))
                if end != ParticipantRows.ongoing {
                    let endYearStart = Day.number(year: Int(end), month: 1, day: 1)
                    let day = Int(pow(random.unit(), 1.6) * Double(Day.daysIn(year: Int(end))))
                    rows.endDay[row] = endYearStart + Int32(day)
                }
            }
        }
    }

    /// Places each row in an individinriktad insats of its inriktning active in every year of
    /// the deltagande, choosing the förbund by population among those that have one.
    mutating func place(insatser: [InsatsGenerator.Insats], rosters: Rosters) {
        let weights = rosters.förbundPopulation
        let kommunChoice = rosters.förbund.map { f in WeightedChoice(f.kommuner.map { rosters.populationFraction(ofKommun: $0) }) }
        struct Candidates { var förbund: [Int]; var choice: WeightedChoice; var insatser: [[Int32]] }
        var cache: [Int: Candidates] = [:]
        func candidates(_ inriktning: UInt8, _ first: Int, _ last: Int, anyInriktning: Bool) -> Candidates {
            var byFörbund: [Int: [Int32]] = [:]
            for (i, insats) in insatser.enumerated()
            where insats.typ == InsatsGenerator.individ && (anyInriktning || insats.inriktning == inriktning)
                && insats.start <= first && (insats.end ?? Int.max) >= last {
                byFörbund[insats.förbund, default: []].append(Int32(i))
            }
            let förbund = byFörbund.keys.sorted()
            return Candidates(förbund: förbund, choice: WeightedChoice(förbund.map { weights[$0] }), insatser: förbund.map { byFörbund[$0]! })
        }
        for row in 0..<rows.count {
            let first = Int(rows.startYear[row])
            let isPerson = rows.registrering[row] == Self.personuppgifter
            let last = isPerson ? min(Int(rows.endYear[row]), ParticipantPlan.lastYear) : first
            let key = (Int(rows.inriktning[row]) * 10_000 + first) * 10_000 + last
            if cache[key] == nil {
                var found = candidates(rows.inriktning[row], first, last, anyInriktning: false)
                // Only at tiny scales can an inriktning lack a long enough insats: take any.
                if found.förbund.isEmpty { found = candidates(0, first, last, anyInriktning: true) }
                cache[key] = found
            }
            let found = cache[key]!
            guard !found.förbund.isEmpty else { preconditionFailure("no insats covers \(first)–\(last)") }
            let f = found.choice.pick(&random)
            let options = found.insatser[f]
            let insats = options[random.below(options.count)]
            rows.insats[row] = insats
            rows.förbund[row] = Int32(found.förbund[f])
            rows.inriktning[row] = insatser[Int(insats)].inriktning
            if isPerson && !random.chance(0.004) {
                let members = rosters.förbund[found.förbund[f]].kommuner
                rows.kommun[row] = Int32(members[kommunChoice[found.förbund[f]].pick(&random)])
            }
        }
    }

    /// Joins some rows into persons who came back: rows of the same sex, birth year and
    /// förbund, the later starting in a year after the earlier ended. A person is never in
    /// two deltaganden in the same year, so persons and rows agree within a year.
    /// Indices of `people` ordered by sex, birth year, förbund and start day, ties by index (a
    /// stable sort). The fields pack into one 64-bit word per row when their ranges allow —
    /// sorting plain integers is several times faster than a comparison closure, and start-up
    /// builds the dataset — else the closure sort gives the same order.
    private func sortedBySexBirthFörbundStart(_ people: [Int32], birthYear: [Int]) -> [Int] {
        let rowsOf = people.map(Int.init)
        func span<T: BinaryInteger>(_ values: [T]) -> (low: Int, bits: Int) {
            let low = Int(values.min() ?? 0), high = Int(values.max() ?? 0)
            return (low, max(1, Int.bitWidth - (high - low).leadingZeroBitCount))
        }
        let sex = span(rowsOf.map { rows.sex[$0] }), birth = span(birthYear)
        let förbund = span(rowsOf.map { rows.förbund[$0] }), start = span(rowsOf.map { rows.startDay[$0] })
        let index = max(1, Int.bitWidth - people.count.leadingZeroBitCount)
        guard sex.bits + birth.bits + förbund.bits + start.bits + index <= 64 else {
            return people.indices.sorted { a, b in
                let ra = rowsOf[a], rb = rowsOf[b]
                if rows.sex[ra] != rows.sex[rb] { return rows.sex[ra] < rows.sex[rb] }
                if birthYear[a] != birthYear[b] { return birthYear[a] < birthYear[b] }
                if rows.förbund[ra] != rows.förbund[rb] { return rows.förbund[ra] < rows.förbund[rb] }
                if rows.startDay[ra] != rows.startDay[rb] { return rows.startDay[ra] < rows.startDay[rb] }
                return a < b
            }
        }
        var keys = [UInt64](repeating: 0, count: people.count)
        for (i, r) in rowsOf.enumerated() {
            var key = UInt64(Int(rows.sex[r]) - sex.low)
            key = key << birth.bits | UInt64(birthYear[i] - birth.low)
            key = key << förbund.bits | UInt64(Int(rows.förbund[r]) - förbund.low)
            key = key << start.bits | UInt64(Int(rows.startDay[r]) - start.low)
            keys[i] = key << index | UInt64(i)
        }
        keys.sort()
        let mask = UInt64(1) << index - 1
        return keys.map { Int($0 & mask) }
    }

    mutating func assignPersons() {
        let people = personRows[0] + personRows[1]
        let birthYear = people.map { Int(rows.startYear[Int($0)]) - Int(rows.age[Int($0)]) }
        let order = sortedBySexBirthFörbundStart(people, birthYear: birthYear)
        var personOf = [Int32](repeating: -1, count: rows.count)
        var persons = 0
        var group: [(person: Int32, lastYear: Int16, kommun: Int32)] = []
        var previous: Int32 = -1
        for index in order {
            let row = people[index]
            let r = Int(row)
            if previous < 0 || rows.sex[Int(previous)] != rows.sex[r] || birthYear[index] != Int(rows.startYear[Int(previous)]) - Int(rows.age[Int(previous)])
                || rows.förbund[Int(previous)] != rows.förbund[r] {
                group.removeAll(keepingCapacity: true)
            }
            previous = row
            if let i = group.firstIndex(where: { $0.lastYear < rows.startYear[r] }), random.chance(0.35) {
                personOf[r] = group[i].person
                group[i].lastYear = rows.endYear[r]
                if group[i].kommun != Missing.reference { rows.kommun[r] = group[i].kommun }
            } else {
                personOf[r] = Int32(persons)
                group.append((Int32(persons), rows.endYear[r], rows.kommun[r]))
                persons += 1
            }
        }
        // Pseudonymous keys: the person numbers in a random order, from 100001 up.
        var keys = (0..<persons).map { Int32(100_001 + $0) }
        keys.shuffle(using: &random)
        for row in people { rows.person[Int(row)] = keys[Int(personOf[Int(row)])] }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
