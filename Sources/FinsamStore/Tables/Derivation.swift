/// Completes a table from its stored columns by computing the derived ones, in one pass
/// per derived column over plain arrays. The generator and the CSV loader both end here,
/// so a derived value has exactly one definition.
public enum Derivation {
    /// `stored` follows `Schema.table(name).storedColumns`. `kommuner` is needed for the
    /// förbund table (länsförbund compares a förbund with every kommun of its län).
    public static func table(_ name: TableName, stored: [ColumnData], kommuner: Table? = nil) -> Table {
        let schema = Schema.table(name)
        precondition(stored.count == schema.storedColumns.count, "stored columns of \(name.rawValue) do not match the schema")
        var byName: [String: ColumnData] = [:]
        for (column, data) in zip(schema.storedColumns, stored) { byName[column.name] = data }
        let derived: [String: ColumnData]
        switch name {
        case .deltagare: derived = deltagare(byName)
        case .insatser: derived = insatser(byName)
        case .forbund:
            guard let kommuner else { preconditionFailure("förbund needs the kommuner table") }
            derived = förbund(byName, kommuner: kommuner)
        case .kommuner: derived = [:]
        }
        let columns = schema.columns.map { column in
            Column(column, column.derived ? derived[column.name]! : byName[column.name]!)
        }
        return Table(schema: schema, columns: columns)
    }

    private static func deltagare(_ c: [String: ColumnData]) -> [String: ColumnData] {
        guard case .int(let ålder)? = c["ålder"], case .date(let start)? = c["startdatum"],
              case .date(let slut)? = c["slutdatum"], case .category(let registrering)? = c["registrering"],
              case .categorySet(let syssStart)? = c["sysselsättning_start"],
              case .categorySet(let syssSlut)? = c["sysselsättning_slut"]
        else { preconditionFailure("deltagare columns of the wrong kind") }
        let n = ålder.count
        var grupp = [UInt8](repeating: Missing.category, count: n)
        var ung = [UInt8](repeating: Missing.bool, count: n)
        for i in 0..<n where ålder[i] != Missing.int {
            let a = ålder[i]
            grupp[i] = a < 30 ? 0 : a < 45 ? 1 : a < 60 ? 2 : 3
            ung[i] = a < 30 ? 1 : 0
        }
        let startYears = years(of: start)
        let endYears = years(of: slut)
        // An ongoing deltagande is active up to the last year the data reaches.
        let lastYear = max(startYears.lazy.filter { $0 != Missing.int }.max() ?? 0,
                           endYears.lazy.filter { $0 != Missing.int }.max() ?? 0)
        let personuppgifter = Schema.registrering.code(of: "personuppgifter")!
        var first = [Int16](repeating: Missing.year, count: n)
        var last = [Int16](repeating: Missing.year, count: n)
        var tid = [Int32](repeating: Missing.int, count: n)
        for i in 0..<n {
            first[i] = Int16(startYears[i])
            // SUS counts anonym and volym rows only in their start year.
            if registrering[i] != personuppgifter {
                last[i] = first[i]
            } else {
                last[i] = Int16(endYears[i] == Missing.int ? lastYear : endYears[i])
            }
            if slut[i] != Missing.date { tid[i] = slut[i] - start[i] }
        }
        return [
            "åldersgrupp": .category(grupp), "ung": .bool(ung),
            "startår": .int(startYears), "slutår": .int(endYears),
            "år": .yearSet(first: first, last: last), "tid_i_insats": .int(tid),
            "arbete_studier_start": .bool(nonEmpty(syssStart)), "arbete_studier_slut": .bool(nonEmpty(syssSlut)),
        ]
    }

    private static func insatser(_ c: [String: ColumnData]) -> [String: ColumnData] {
        guard case .int(let startår)? = c["startår"], case .int(let slutår)? = c["slutår"]
        else { preconditionFailure("insatser columns of the wrong kind") }
        let lastYear = max(startår.max() ?? 0, slutår.lazy.filter { $0 != Missing.int }.max() ?? 0)
        let first = startår.map { Int16(clamping: $0) }
        let last = slutår.map { Int16(clamping: $0 == Missing.int ? lastYear : $0) }
        return ["år": .yearSet(first: first, last: last)]
    }

    private static func förbund(_ c: [String: ColumnData], kommuner: Table) -> [String: ColumnData] {
        guard case .categorySet(let län)? = c["län"], case .referenceSet(let offsets, let targets)? = c["kommuner"]
        else { preconditionFailure("förbund columns of the wrong kind") }
        let kommunLän = kommuner.codes("län")
        var kommunerPerLän = [Int](repeating: 0, count: Schema.län.count)
        for code in kommunLän { kommunerPerLän[Int(code)] += 1 }
        let n = län.count
        var antal = [Int32](repeating: 0, count: n)
        var länsförbund = [UInt8](repeating: 0, count: n)
        for i in 0..<n {
            let members = targets[Int(offsets[i])..<Int(offsets[i + 1])]
            antal[i] = Int32(members.count)
            // A länsförbund lies in one län and has every kommun of it as a member.
            guard län[i].nonzeroBitCount == 1 else { continue }
            let code = län[i].trailingZeroBitCount
            let inLän = members.filter { Int(kommunLän[Int($0)]) == code }.count
            länsförbund[i] = inLän == kommunerPerLän[code] && inLän == members.count ? 1 : 0
        }
        return ["antal_kommuner": .int(antal), "länsförbund": .bool(länsförbund)]
    }

    private static func years(of days: [Int32]) -> [Int32] {
        days.map { $0 == Missing.date ? Missing.int : Int32(Day.year($0)) }
    }

    private static func nonEmpty(_ masks: [UInt32]) -> [UInt8] {
        masks.map { $0 & Missing.setBit != 0 ? Missing.bool : ($0 == 0 ? 0 : 1) }
    }
}
