import FinsamStore
import Foundation

/// SCB's table BE0101N1, *Folkmängd efter region, ålder, kön och år*, as PxWeb writes a CSV
/// download: a title line, a blank line, a header of `region`, `ålder`, `kön` and a column per
/// year, then a row per region, single age and kön (`0114 Upplands Väsby`, `16 år`, `män`).
/// Made from a befolkning table: each band's figure spread over its ages (the first ages take
/// the remainder), invented figures for the ages outside 16–64, SCB's totals (`totalt ålder`,
/// kön `totalt`) and riket and a län before the kommuner, as the real table has them.
enum SCBFixture {
    static let bands = [16...29, 30...44, 45...59, 60...64]

    struct Layout {
        var separator = ","
        var title = "\"Folkmängd efter region, ålder, kön och år\""
        /// Only these kommuner (by name); nil: every kommun of the table.
        var kommuner: Set<String>?
    }

    /// The figure of one age of one band cell.
    static func share(of antal: Int, age: Int) -> Int {
        let band = bands.first { $0.contains(age) }!
        let offset = age - band.lowerBound
        return antal / band.count + (offset < antal % band.count ? 1 : 0)
    }

    static func text(befolkning: Table, kommuner: Table, layout: Layout = Layout()) -> String {
        let names = kommuner.texts("kommun").map { $0 ?? "" }, codes = kommuner.texts("kod").map { $0 ?? "" }
        let kommun = befolkning.references("kommun"), år = befolkning.ints("år"), kön = befolkning.codes("kön")
        let grupp = befolkning.codes("åldersgrupp"), antal = befolkning.ints("antal")
        var cells: [[Int]: Int] = [:]   // [kommun, year, kön, band]
        for row in 0..<befolkning.rowCount {
            guard layout.kommuner?.contains(names[Int(kommun[row])]) ?? true else { continue }
            cells[[Int(kommun[row]), Int(år[row]), Int(kön[row]), Int(grupp[row])]] = Int(antal[row])
        }
        let years = Set(cells.keys.map { $0[1] }).sorted()
        let present = Set(cells.keys.map { $0[0] }).sorted()
        let man = Int(Schema.kön.code(of: "man")!), kvinna = Int(Schema.kön.code(of: "kvinna")!)

        /// People of one kommun, age (0…100, 100 meaning 100+), kön code and year.
        func figure(_ k: Int, _ age: Int, _ sex: Int, _ year: Int) -> Int {
            if let band = bands.firstIndex(where: { $0.contains(age) }) {
                return share(of: cells[[k, year, sex, band]] ?? 0, age: age)
            }
            return 40 + (age * 37 + k * 11 + sex * 5 + year) % 300
        }
        let q = { (s: String) in "\"" + s + "\"" }
        let sep = layout.separator
        var lines: [String] = []
        if !layout.title.isEmpty { lines += [layout.title, ""] }
        lines.append(([q("region"), q("ålder"), q("kön")] + years.map { q(String($0)) }).joined(separator: sep))
        func write(_ region: String, _ members: [Int]) {
            for age in 0...101 {
                let label = age == 101 ? "totalt ålder" : age == 100 ? "100+ år" : "\(age) år"
                func sum(_ sex: Int, _ year: Int) -> Int {
                    members.reduce(0) { total, k in total + (age == 101 ? (0...100).reduce(0) { $0 + figure(k, $1, sex, year) } : figure(k, age, sex, year)) }
                }
                for (name, sexes) in [("män", [man]), ("kvinnor", [kvinna]), ("totalt", [man, kvinna])] {
                    let values = years.map { year in String(sexes.reduce(0) { $0 + sum($1, year) }) }
                    lines.append(([q(region), q(label), q(name)] + values).joined(separator: sep))
                }
            }
        }
        write("00 Riket", present)
        write("01 Stockholms län", present.filter { codes[$0].hasPrefix("01") })
        for k in present { write("\(codes[k]) \(names[k])", [k]) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
