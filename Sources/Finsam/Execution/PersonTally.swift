import FinsamStore
/// The unique persons behind each group's cell, counted up to a limit (the suppression
/// threshold): a person can have several deltaganden, so a cell of 12 rows may be 2 persons.
/// Counting stops at the limit, so a large group costs one comparison a row once it is reached;
/// below it the tally is exact. A row without a person key (anonym and volym registrations) is
/// a unit of its own.
///
/// Each group keeps the person keys it has seen, sorted, in a slice of `ids`: the limit's worth
/// of room, or given room per group (`offsets`) where groups are many and most hold fewer rows
/// than the limit. The storage is manual: the scan's inner loop reads `units` once a row.
final class PersonTally {
    let limit: Int
    let groups: Int
    /// Units (persons and unkeyed rows) seen per group, at most `limit`.
    private let units: UnsafeMutablePointer<UInt32>
    /// Person keys kept per group (the rest of its units are unkeyed rows).
    private let stored: UnsafeMutablePointer<UInt32>
    private let ids: UnsafeMutablePointer<Int32>
    private let offsets: [Int]?

    /// Room for `limit` keys in each of `groups` groups.
    init(limit: Int, groups: Int) {
        self.limit = limit
        self.groups = groups
        offsets = nil
        units = .allocate(capacity: max(1, groups))
        units.initialize(repeating: 0, count: groups)
        stored = .allocate(capacity: max(1, groups))
        stored.initialize(repeating: 0, count: groups)
        ids = .allocate(capacity: max(1, groups * limit))
    }

    /// Room for `min(limit, rows[g])` keys in group g: a group of n rows has at most n persons.
    init(limit: Int, rows: [Int]) {
        self.limit = limit
        groups = rows.count
        var offsets = [Int](repeating: 0, count: rows.count + 1)
        for g in rows.indices { offsets[g + 1] = offsets[g] + min(limit, rows[g]) }
        self.offsets = offsets
        units = .allocate(capacity: max(1, groups))
        units.initialize(repeating: 0, count: groups)
        stored = .allocate(capacity: max(1, groups))
        stored.initialize(repeating: 0, count: groups)
        ids = .allocate(capacity: max(1, offsets[groups]))
    }

    deinit {
        units.deallocate()
        stored.deallocate()
        ids.deallocate()
    }

    /// The group's persons when fewer than the limit; nil when it has at least that many.
    func persons(_ group: Int) -> Int? {
        let n = Int(units[group])
        return n < limit ? n : nil
    }

    @inline(__always)
    func isFull(_ group: Int) -> Bool { Int(units[group]) >= limit }

    /// The units per group, for a scan's inner loop to test fullness without a call per row.
    var unitCounts: UnsafePointer<UInt32> { UnsafePointer(units) }

    /// Counts `person` (or, when it is `missing`, an unkeyed row) in `group`.
    @inline(__always)
    func add(_ person: Int32, missing: Int32, to group: Int) {
        guard Int(units[group]) < limit else { return }
        guard person != missing else { units[group] += 1; return }
        insert(person, into: group)
    }

    private func start(_ group: Int) -> Int { offsets?[group] ?? group * limit }

    private func insert(_ person: Int32, into group: Int) {
        let start = start(group)
        let n = Int(stored[group])
        // Binary search in the group's sorted keys: the limit may be up to 1000.
        var low = start, high = start + n
        while low < high {
            let mid = (low + high) / 2
            if ids[mid] < person { low = mid + 1 } else { high = mid }
        }
        if low < start + n, ids[low] == person { return }
        var i = start + n
        while i > low { ids[i] = ids[i - 1]; i -= 1 }
        ids[low] = person
        stored[group] += 1
        units[group] += 1
    }

    /// Adds the units of `other`'s group `from` to this tally's group `into`.
    func merge(_ other: PersonTally, group from: Int, into: Int) {
        guard !isFull(into) else { return }
        guard !other.isFull(from) else { units[into] = UInt32(limit); return }
        let start = other.start(from)
        for i in start..<start + Int(other.stored[from]) {
            insert(other.ids[i], into: into)
            if isFull(into) { return }
        }
        let unkeyed = Int(other.units[from]) - Int(other.stored[from])
        units[into] = UInt32(min(limit, Int(units[into]) + unkeyed))
    }

    /// Adds every group of `other`, which has the same groups.
    func merge(_ other: PersonTally) {
        for g in 0..<groups { merge(other, group: g, into: g) }
    }

    /// The tally of the given groups only, in that order.
    func gathered(_ groups: [Int]) -> PersonTally {
        let out = PersonTally(limit: limit, rows: groups.map { Int(stored[$0]) })
        // Each group's sorted keys copied as they are (merging them one by one into the empty
        // group would only sort them again); a full group's keys are never read.
        for (to, from) in groups.enumerated() {
            let n = Int(stored[from])
            (out.ids + out.start(to)).update(from: ids + start(from), count: n)
            out.stored[to] = UInt32(n)
            out.units[to] = units[from]
        }
        return out
    }
}

/// Which rows of a group a measure's cell is based on, for counting its persons.
enum PersonBasis: Hashable {
    /// Every row (a count, a percent).
    case rows
    /// The rows where measure `m`'s condition is known (its denominator).
    case known(Int)
    /// The rows where measure `m` has a value (a measure of a number column).
    case valued(Int)

    /// The unique bases of `measures` and each measure's index into them (nil for
    /// a count of persons): one tally serves every measure of the same basis.
    static func uniqueBases(_ measures: [BoundMeasure]) -> (bases: [PersonBasis], index: [Int?]) {
        var bases: [PersonBasis] = []
        let index = of(measures).map { basis -> Int? in
            guard let basis else { return nil }
            if let i = bases.firstIndex(of: basis) { return i }
            bases.append(basis)
            return bases.count - 1
        }
        return (bases, index)
    }

    /// The basis of each measure's cell; nil where the cell already counts persons
    /// (a count of persons). Counts, percents and counts of values have one basis, every row.
    static func of(_ measures: [BoundMeasure]) -> [PersonBasis?] {
        measures.enumerated().map { m, measure in
            switch measure.definition.basis {
            case .rows: .rows
            case .known: .known(m)
            case .valued: .valued(m)
            case .persons: nil
            }
        }
    }
}

/// Suppression's unit is the person, and a person can have several rows (deltaganden). A cell
/// whose basis is `limit` rows or more but fewer than `limit × mostRowsPerPerson` could be
/// fewer than `limit` persons: only then are persons counted, so queries of large groups pay
/// nothing for it.
struct PersonCounting {
    /// The suppression threshold.
    let limit: Int
    /// The most rows any one person has in the table.
    let mostRowsPerPerson: Int

    /// Whether any cell could hide fewer persons than rows: not when no person has two rows.
    /// (An embedder may set any threshold: below 2 nothing is hidden.)
    var isPossible: Bool { mostRowsPerPerson > 1 && limit > 1 }

    func isNeeded(_ aggregates: [Aggregate], measures: [BoundMeasure]) -> Bool {
        guard isPossible else { return false }
        let bases = PersonBasis.of(measures)
        let (product, overflow) = limit.multipliedReportingOverflow(by: mostRowsPerPerson)
        let doubtful = limit..<(overflow ? Int.max : product)
        return aggregates.contains { aggregate in
            aggregate.keys.indices.contains { g in
                bases.indices.contains { m in bases[m] != nil && doubtful.contains(aggregate.basis(group: g, measure: m, measures[m])) }
            }
        }
    }
}
