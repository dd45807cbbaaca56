import Foundation
import FinsamStore

/// The befolkning table of the built-in dataset: every kommun of the roster, 2013–2022, both
/// kön and the four bands 16–29 … 60–64. SCB's figures are not at hand offline, so the numbers
/// are invented, scaled to the population stand-in (`Data/kommun_befolkning.csv`, all ages,
/// about 2018) by a rule that `Tests/duckdb/check_befolkning.py` checks from the files:
///
/// - size c = clamp((log10(population) − 4) / 1.8, 0, 1): 0 up to 10 000 people, 1 from 630 000;
/// - 16–64 in 2018 = round(population × f), f = 0.585 + 0.025 c + u, |u| ≤ 0.012
///   (so 0.573–0.622: bigger kommuner have more people of working age);
/// - bands in proportion to 0.25 + 0.05 c, 0.28 + 0.04 c, 0.31 − 0.03 c, 0.13 − 0.03 c, each
///   ± 0.008 (bigger kommuner younger), and men 0.51 (+0.01 at 16–29, −0.01 at 60–64) ± 0.006;
/// - each band and kön changes by g a year, g = −0.002 + 0.005 c ± 0.0025, within ±0.5 %.
///
/// Its own random stream, so the draws of deltagare and insatser stay as they were.
enum BefolkningTable {
    static let years = 2013...2022
    static let baseYear = 2018

    static func make(rosters: Rosters, seed: UInt64) -> Table {
        var random = SeededRandom(seed: seed, stream: "befolkning")
        func uniform(_ half: Double) -> Double { (2 * random.unit() - 1) * half }
        let kvinna = Schema.kön.code(of: "kvinna")!, man = Schema.kön.code(of: "man")!
        var kommun: [Int32] = [], år: [Int32] = [], kön: [UInt8] = [], grupp: [UInt8] = [], antal: [Int32] = []
        kommun.reserveCapacity(rosters.kommuner.count * years.count * 8)
        for (k, entry) in rosters.kommuner.enumerated() {
            let c = size(entry.befolkning)
            let fraction = 0.585 + 0.025 * c + uniform(0.012)
            let total = Int((entry.befolkning * fraction).rounded())
            let bands = [0.25 + 0.05 * c, 0.28 + 0.04 * c, 0.31 - 0.03 * c, 0.13 - 0.03 * c].map { $0 + uniform(0.008) }
            let men = [0.52, 0.51, 0.51, 0.50].map { $0 + uniform(0.006) }
            let growth = -0.002 + 0.005 * c
            // Cells of 2018 in the order band × (kvinna, man), apportioned so they add up to `total`.
            var weights: [Double] = [], rates: [Double] = []
            for band in 0..<4 {
                weights += [bands[band] * (1 - men[band]), bands[band] * men[band]]
                rates += [0, 1].map { _ in min(0.005, max(-0.005, growth + uniform(0.0025))) }
            }
            let cells = Quota.apportion(weights, total: total)
            for year in years {
                for sex in [kvinna, man] {
                    for band in 0..<4 {
                        let cell = band * 2 + (sex == man ? 1 : 0)
                        let value = Double(cells[cell]) * pow(1 + rates[cell], Double(year - baseYear))
                        kommun.append(Int32(k))
                        år.append(Int32(year))
                        kön.append(sex)
                        grupp.append(UInt8(band))
                        antal.append(Int32(value.rounded()))
                    }
                }
            }
        }
        return Derivation.table(.befolkning, stored: [.reference(kommun), .int(år), .category(kön), .category(grupp), .int(antal)])
    }

    /// 0 for a kommun of 10 000 people or fewer, 1 from about 630 000, by the logarithm between.
    static func size(_ population: Double) -> Double {
        min(1, max(0, (log10(population) - 4) / 1.8))
    }
}
