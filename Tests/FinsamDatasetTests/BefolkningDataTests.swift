import FinsamDataset
import FinsamStore
import Foundation
import Testing

/// The invented befolkning table keeps the rule docs/dataset.md states, checked here from the
/// table's rows and Data/kommun_befolkning.csv (and again from the files by
/// Tests/duckdb/check_befolkning.py).
@Suite("Built-in befolkning")
struct BefolkningDataTests {
    static let dataset = BuiltInDataset.make()

    /// kommun → population (all ages, about 2018), read from the file itself.
    static let population: [String: Double] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data/kommun_befolkning.csv").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",")
            out[String(cells[0])] = Double(cells[2])
        }
        return out
    }()

    /// [kommun name, year, kön code, band code] → antal.
    static let cells: [[String]: Int] = {
        let b = dataset.befolkning, names = dataset.kommuner.texts("kommun")
        let kommun = b.references("kommun"), år = b.ints("år"), kön = b.codes("kön"), grupp = b.codes("åldersgrupp"), antal = b.ints("antal")
        var out: [[String]: Int] = [:]
        for r in 0..<b.rowCount { out[[names[Int(kommun[r])] ?? "", String(år[r]), String(kön[r]), String(grupp[r])]] = Int(antal[r]) }
        return out
    }()

    static func size(_ population: Double) -> Double { min(1, max(0, (log10(population) - 4) / 1.8)) }

    @Test("every kommun of the roster, 2013–2022, both kön and four bands, once each")
    func complete() {
        #expect(Self.dataset.befolkning.rowCount == 290 * 10 * 2 * 4)
        #expect(Self.cells.count == 290 * 10 * 2 * 4)
        #expect(Self.population.count == 290)
        #expect(Self.dataset.befolkning.ints("id") == (1...23_200).map(Int32.init))
    }

    @Test("2018's 16–64 is the population stand-in × a share of 0.585 + 0.025 × size, ± 0.012")
    func scaledToPopulation() {
        var shares: [Double] = []
        for (kommun, population) in Self.population {
            let total = (0..<2).flatMap { k in (0..<4).map { Self.cells[[kommun, "2018", String(k), String($0)]]! } }.reduce(0, +)
            let share = Double(total) / population
            let center = 0.585 + 0.025 * Self.size(population)
            #expect(abs(share - center) <= 0.012 + 0.5 / population, "\(kommun): \(share)")
            #expect((0.57...0.64).contains(share), "\(kommun): \(share)")
            shares.append(share)
        }
        // The share varies by kommun, and more so than its size alone would make it.
        #expect(Set(shares.map { ($0 * 1000).rounded() }).count > 20)
    }

    @Test("bands and kön in plausible proportions, bigger kommuner younger")
    func proportions() {
        for (kommun, population) in Self.population {
            var bands = [Int](repeating: 0, count: 4), men = 0
            for k in 0..<2 {
                for g in 0..<4 {
                    let n = Self.cells[[kommun, "2018", String(k), String(g)]]!
                    bands[g] += n
                    if k == Int(Schema.kön.code(of: "man")!) { men += n }
                }
            }
            let total = Double(bands.reduce(0, +))
            let shares = bands.map { Double($0) / total }
            #expect((0.24...0.33).contains(shares[0]) && (0.27...0.34).contains(shares[1]) && (0.27...0.34).contains(shares[2])
                    && (0.085...0.15).contains(shares[3]), "\(kommun): \(shares)")
            #expect((0.49...0.53).contains(Double(men) / total), "\(kommun): \(Double(men) / total)")
            if population > 300_000 { #expect(shares[0] > 0.28 && shares[3] < 0.12, "\(kommun): \(shares)") }
        }
    }

    @Test("each band and kön changes by at most 0,5 % a year")
    func slowTrend() {
        for kommun in Self.population.keys {
            for k in 0..<2 {
                for g in 0..<4 {
                    let base = Double(Self.cells[[kommun, "2018", String(k), String(g)]]!)
                    for year in 2013...2022 {
                        let n = Double(Self.cells[[kommun, String(year), String(k), String(g)]]!)
                        let bound = base * (pow(1.005, Double(abs(year - 2018))) - 1) + 0.5
                        #expect(abs(n - base) <= bound, "\(kommun) \(year) \(k) \(g): \(n) against \(base)")
                    }
                }
            }
        }
    }

    @Test("the same seed gives the same befolkning; another seed another; --rows leaves it alone")
    func deterministic() {
        let again = BuiltInDataset.make().befolkning
        #expect(again.columns.map(\.data) == Self.dataset.befolkning.columns.map(\.data))
        #expect(BuiltInDataset.make(seed: 7, deltagareRows: 20_000).befolkning.ints("antal") != Self.dataset.befolkning.ints("antal"))
        #expect(BuiltInDataset.make(deltagareRows: 20_000).befolkning.ints("antal") == Self.dataset.befolkning.ints("antal"))
    }
}
