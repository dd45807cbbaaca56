import FinsamStore

/// The real rosters (`Data/forbund_2018.csv`, `Data/kommuner.csv`) and the population
/// stand-in (`Data/kommun_befolkning.csv`, approximate 2018 figures used only as weights).
struct Rosters {
    struct Förbund {
        var id: String
        var namn: String
        var län: UInt32
        var kommuner: [Int]
    }
    struct Kommun {
        var namn: String
        var kod: String
        var län: UInt8
        var förbund: [Int]
        var befolkning: Double
    }

    let förbund: [Förbund]
    let kommuner: [Kommun]

    static let embedded = Rosters()

    private init() {
        let kommunRows = CSVText.records(RosterData.kommuner).dropFirst()
        let befolkning = Dictionary(uniqueKeysWithValues: CSVText.records(RosterData.kommunBefolkning).dropFirst().map { ($0[0], Double($0[2])!) })
        let förbundRows = Array(CSVText.records(RosterData.forbund2018).dropFirst())
        let förbundIndex = Dictionary(uniqueKeysWithValues: förbundRows.enumerated().map { ($1[0], $0) })
        var kommuner = kommunRows.map { row in
            Kommun(namn: row[0], kod: row[3], län: Schema.län.code(of: row[1])!,
                   förbund: row[2].isEmpty ? [] : row[2].split(separator: ";").map { förbundIndex[String($0)]! },
                   befolkning: befolkning[row[0]]!)
        }
        let kommunIndex = Dictionary(uniqueKeysWithValues: kommuner.enumerated().map { ($1.namn, $0) })
        var förbund = förbundRows.map { row in
            Förbund(id: row[0], namn: row[1],
                    län: row[2].split(separator: ";").reduce(UInt32(0)) { $0 | 1 << UInt32(Schema.län.code(of: String($1))!) },
                    kommuner: row[3].split(separator: ";").map { kommunIndex[String($0)]! })
        }
        // The roster files list membership from both sides; keep them in step for safety.
        for (f, entry) in förbund.enumerated() {
            for k in entry.kommuner where !kommuner[k].förbund.contains(f) { kommuner[k].förbund.append(f) }
        }
        for (k, entry) in kommuner.enumerated() {
            for f in entry.förbund where !förbund[f].kommuner.contains(k) { förbund[f].kommuner.append(k) }
        }
        self.förbund = förbund
        self.kommuner = kommuner
    }

    /// A kommun's people counted in each of its förbund: Göteborg's four district förbund
    /// split its population evenly.
    func populationFraction(ofKommun k: Int) -> Double {
        kommuner[k].befolkning / Double(max(1, kommuner[k].förbund.count))
    }

    var förbundPopulation: [Double] {
        förbund.map { $0.kommuner.map(populationFraction(ofKommun:)).reduce(0, +) }
    }

    func tables() -> (förbund: Table, kommuner: Table) {
        let kommunerTable = Derivation.table(.kommuner, stored: [
            .text(kommuner.map(\.namn)), .text(kommuner.map(\.kod)), .category(kommuner.map(\.län)),
            Self.referenceSet(kommuner.map(\.förbund)),
        ])
        let förbundTable = Derivation.table(.forbund, stored: [
            .text(förbund.map(\.id)), .text(förbund.map(\.namn)), .categorySet(förbund.map(\.län)),
            Self.referenceSet(förbund.map(\.kommuner)),
        ], kommuner: kommunerTable)
        return (förbundTable, kommunerTable)
    }

    private static func referenceSet(_ lists: [[Int]]) -> ColumnData {
        var offsets: [Int32] = [0], targets: [Int32] = []
        for list in lists {
            targets.append(contentsOf: list.map(Int32.init))
            offsets.append(Int32(targets.count))
        }
        return .referenceSet(offsets: offsets, targets: targets)
    }
}
