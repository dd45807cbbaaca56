import FinsamStore
/// `invånare`: the population aged 16–64 on 31 December of a group's year, in the kommuner of the
/// group's area (a förbund: its member kommuner; a kommun; a län: its kommuner), of the group's
/// kön and åldersgrupp when the query groups or filters by them — from the table `befolkning`.
enum Population {
    static let name = "invånare"
    /// Its spellings (folded).
    static let names: Set<String> = ["invanare", "inhabitants", "population"]
}

/// Where `invånare` takes its population from for each group: the year, the area, kön and
/// åldersgrupp, each from a dimension of the group (by its name) or from `where`.
struct PopulationScope {
    enum Year { case dimension(String), fixed(Int32) }
    enum Area { case forbund, kommun, lan }
    let year: Year
    /// The dimension naming the area, and what kind of area it is (nil: no area dimension).
    let area: (name: String, kind: Area)?
    /// Kommuner (rows of kommuner) the `where` clause restricts to (nil: all).
    let kommuner: Set<Int32>?
    let könDimension: String?
    let kön: Set<UInt8>?
    let bandDimension: String?
    let bands: Set<UInt8>?
}

extension Binder {
    /// The scope of `invånare` in a query; an error when the query gives it no single year.
    func populationScope(_ query: BoundQuery, span: SourceSpan) throws(FinsamError) -> PopulationScope {
        guard dataset.befolkning.rowCount > 0 else {
            throw fail(Message(.popEmpty), span,
                       hint: Message(.popEmptyHint))
        }
        let dimensions = query.by + (query.pivot.map { p -> [BoundDimension] in
            switch p { case .across(let d), .compare(let d, _): [d] }
        } ?? [])
        func named(_ test: (ColumnPath) -> Bool) -> String? {
            dimensions.first { if case .column(let path) = $0 { test(path) } else { false } }?.name
        }
        // The year: `by år` (the years a deltagande was active), else one year in where.
        let conjuncts = query.filter.map(Self.conjuncts) ?? []
        let year: PopulationScope.Year
        if let d = named({ $0.name == "år" }) {
            year = .dimension(d)
        } else if let y = conjuncts.lazy.compactMap({ c -> Int32? in
            if case .yearsIn(let path, let years) = c, path.name == "år", years.count == 1 { return Int32(years.first!) }
            if case .intCompare(let path, .equal, let v) = c, path.name == "år" { return v }
            return nil
        }).first {
            year = .fixed(y)
        } else {
            throw fail(Message(.popNeedsYear), span,
                       hint: Message(.popNeedsYearHint))
        }
        let years = Set(dataset.befolkning.ints("år"))
        if case .fixed(let y) = year, !years.contains(y) {
            throw fail(Message(.popNoYear, y), span, hint: Message(.popYears, years.sorted().map(String.init).joined(separator: ", ")),
                       kind: .unknownValue)
        }
        // The area: förbund, kommun or a län through them.
        var area: (String, PopulationScope.Area)? = nil
        for d in dimensions {
            guard case .column(let path) = d else { continue }
            switch path.name {
            case "förbund", "insats.förbund": area = (d.name, .forbund)
            case "kommun": area = (d.name, .kommun)
            case "förbund.län", "kommun.län", "insats.förbund.län": area = (d.name, .lan)
            default: continue
            }
            break
        }
        // where förbund = x / kommun = x restrict the area of every group.
        var kommuner: Set<Int32>? = nil
        for c in conjuncts {
            guard case .referenceIn(let path, let rows) = c else { continue }
            switch path.name {
            case "förbund":
                let members = dataset.forbund.referenceSets("kommuner")
                let set = Set(rows.flatMap { r in members.targets[Int(members.offsets[Int(r)])..<Int(members.offsets[Int(r) + 1])] })
                kommuner = kommuner.map { $0.intersection(set) } ?? set
            case "kommun": kommuner = kommuner.map { $0.intersection(rows) } ?? rows
            default: break
            }
        }
        func codes(_ column: String) -> Set<UInt8>? {
            for c in conjuncts {
                if case .codes(let path, let allowed) = c, path.name == column {
                    return Set(allowed.indices.filter { allowed[$0] }.map(UInt8.init))
                }
            }
            return nil
        }
        return PopulationScope(year: year, area: area, kommuner: kommuner, könDimension: named { $0.name == "kön" }, kön: codes("kön"),
                               bandDimension: named { $0.name == "åldersgrupp" }, bands: codes("åldersgrupp"))
    }

    /// The conditions a `where` clause joins with `and` at its top.
    static func conjuncts(_ c: BoundCondition) -> [BoundCondition] {
        if case .and(let a, let b) = c { return conjuncts(a) + conjuncts(b) }
        return [c]
    }
}

/// The population of a group of an aggregate, for a scope: befolkning summed once per year and
/// kommun into a small array (kön × åldersgrupp), then added up over the group's area.
final class PopulationLookup {
    let scope: PopulationScope
    private let kommunCount: Int32
    /// [year: [kommun row: antal per kön * 4 + band]]
    private var counts: [Int32: [Int32: [Int]]] = [:]
    private let forbundKeys: [String: Int32]
    private let kommunKeys: [String: Int32]
    private let kommunLan: [String: [Int32]]
    /// Each förbund's member kommuner (rows of kommuner), and every kommun of some förbund.
    private let members: [[Int32]]
    private let inSomeForbund: [Int32]

    init(scope: PopulationScope, dataset: Dataset) {
        self.scope = scope
        kommunCount = Int32(dataset.kommuner.rowCount)
        let b = dataset.befolkning
        let (kommun, år, kön, band, antal) = (b.references("kommun"), b.ints("år"), b.codes("kön"), b.codes("åldersgrupp"), b.ints("antal"))
        for i in 0..<b.rowCount where kommun[i] != Missing.reference && antal[i] != Missing.int && kön[i] != Missing.category && band[i] != Missing.category {
            counts[år[i], default: [:]][kommun[i], default: [Int](repeating: 0, count: 8)][Int(kön[i]) * 4 + Int(band[i])] += Int(antal[i])
        }
        forbundKeys = Dictionary(KeyIndex.keys(of: dataset.forbund).enumerated().map { ($1.description, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        kommunKeys = Dictionary(KeyIndex.keys(of: dataset.kommuner).enumerated().map { ($1.description, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        let län = dataset.kommuner.codes("län")
        var byLan: [String: [Int32]] = [:]
        if case .category(let c) = dataset.kommuner.column("län")!.schema.type {
            for (row, code) in län.enumerated() where code != Missing.category { byLan[c.name(of: code), default: []].append(Int32(row)) }
        }
        kommunLan = byLan
        let (offsets, targets) = dataset.forbund.referenceSets("kommuner")
        members = (0..<dataset.forbund.rowCount).map { Array(targets[Int(offsets[$0])..<Int(offsets[$0 + 1])]) }
        inSomeForbund = Set(targets).sorted()
    }

    /// `invånare` of a group (nil: its year or area is missing, or befolkning lacks the year).
    func population(_ aggregate: Aggregate, group: Int) -> Double? {
        let labels = Dictionary(zip(aggregate.dimensions.map(\.name), aggregate.labels(ofGroup: group)), uniquingKeysWith: { a, _ in a })
        let year: Int32
        switch scope.year {
        case .fixed(let y): year = y
        case .dimension(let name):
            guard let label = labels[name], let y = Int32(label) else { return nil }
            year = y
        }
        guard let perKommun = counts[year] else { return nil }
        var area: [Int32]
        if let (name, kind) = scope.area, let label = labels[name] {
            switch kind {
            case .forbund: guard let row = forbundKeys[label] else { return nil }; area = members[Int(row)]
            case .kommun: guard let row = kommunKeys[label] else { return nil }; area = [row]
            case .lan: guard let rows = kommunLan[label] else { return nil }; area = rows
            }
        } else if let (_, kind) = scope.area, kind == .forbund {
            // The total over förbund: every kommun of some förbund.
            area = inSomeForbund
        } else {
            area = Array(0..<kommunCount)
        }
        if let restricted = scope.kommuner { area = area.filter(restricted.contains) }
        // A group without the kön or åldersgrupp dimension (a total) counts every value of it.
        var kön = scope.kön ?? [0, 1]
        if let name = scope.könDimension, let label = labels[name] {
            guard let code = Schema.kön.code(of: label) else { return nil }
            kön = kön.intersection([code])
        }
        var bands = scope.bands ?? [0, 1, 2, 3]
        if let name = scope.bandDimension, let label = labels[name] {
            // deltagare's 60– is befolkning's 60–64: the same code.
            guard let code = Schema.åldersgrupp.code(of: label) else { return nil }
            bands = bands.intersection([code])
        }
        var total = 0
        for k in area {
            guard let cells = perKommun[k] else { continue }
            for s in kön { for b in bands { total += cells[Int(s) * 4 + Int(b)] } }
        }
        return Double(total)
    }
}
