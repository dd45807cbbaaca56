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
        case .befolkning:
            let n = stored.first?.count ?? 0
            derived = ["id": .int((0..<n).map { Int32($0 + 1) })]
        }
        let columns = schema.columns.map { column in
            Column(column, column.derived ? derived[column.name]! : byName[column.name]!)
        }
        return Table(schema: schema, columns: columns)
    }

    /// A table without rows (befolkning of a folder written before it existed).
    public static func empty(_ name: TableName) -> Table {
        let stored: [ColumnData] = Schema.table(name).storedColumns.map { column in
            switch column.type {
            case .int: .int([Int32]())
            case .date: .date([Int32]())
            case .text: .text([])
            case .bool: .bool([])
            case .category: .category([])
            case .categorySet: .categorySet([UInt32]())
            case .yearSet: .yearSet(first: [Int16](), last: [Int16]())
            case .reference: .reference([Int32]())
            case .referenceSet: .referenceSet(offsets: [0], targets: [])
            }
        }
        return table(name, stored: stored, kommuner: name == .forbund ? empty(.kommuner) : nil)
    }

    private static func deltagare(_ c: [String: ColumnData]) -> [String: ColumnData] {
        guard case .int(let ålder)? = c["ålder"], case .date(let start)? = c["startdatum"],
              case .date(let slut)? = c["slutdatum"], case .category(let registrering)? = c["registrering"],
              case .categorySet(let syssStart)? = c["sysselsättning_start"],
              case .categorySet(let syssSlut)? = c["sysselsättning_slut"]
        else { preconditionFailure("deltagare columns of the wrong kind") }
        let n = ålder.count
        // Block by block from the packed columns: no decoded copy of a whole column is held.
        var grupp = [UInt8](repeating: Missing.category, count: n)
        var ung = [UInt8](repeating: Missing.bool, count: n)
        Self.inBlocks(n) { rows, buffer in
            ålder.decode(from: rows.lowerBound, count: rows.count, into: buffer)
            for (i, row) in rows.enumerated() where buffer[i] != Missing.int {
                let a = buffer[i]
                grupp[row] = a < 30 ? 0 : a < 45 ? 1 : a < 60 ? 2 : 3
                ung[row] = a < 30 ? 1 : 0
            }
        }
        // Years through a table over the (few thousand) days the data spans.
        let startYears = years(of: start), endYears = years(of: slut)
        // An ongoing deltagande is active up to the last year the data reaches.
        let lastYear = max(startYears.high, endYears.high)
        let personuppgifter = Schema.registrering.code(of: "personuppgifter")!
        let last = PackedInts(count: n, missing: Missing.yearValue) { rows, out in
            let ends = UnsafeMutablePointer<Int32>.allocate(capacity: rows.count)
            defer { ends.deallocate() }
            startYears.decode(from: rows.lowerBound, count: rows.count, into: out)
            endYears.decode(from: rows.lowerBound, count: rows.count, into: ends)
            for (i, row) in rows.enumerated() {
                // SUS counts anonym and volym rows only in their start year.
                if out[i] == Missing.int { out[i] = Missing.yearValue }
                else if registrering[row] == personuppgifter { out[i] = ends[i] == Missing.int ? lastYear : ends[i] }
            }
        }
        let tid = PackedInts(count: n, missing: Missing.int) { rows, out in
            let ends = UnsafeMutablePointer<Int32>.allocate(capacity: rows.count)
            defer { ends.deallocate() }
            start.decode(from: rows.lowerBound, count: rows.count, into: out)
            slut.decode(from: rows.lowerBound, count: rows.count, into: ends)
            for i in 0..<rows.count {
                out[i] = out[i] == Missing.date || ends[i] == Missing.date ? Missing.int : ends[i] - out[i]
            }
        }
        let first = startYears.withMissing(Missing.yearValue)
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
        let lastYear = max(startår.high, slutår.high)
        let first = startår.values.map { Int16(clamping: $0) }
        let last = slutår.values.map { Int16(clamping: $0 == Missing.int ? lastYear : $0) }
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

    /// Calendar years of day numbers, through a table over the range of days present.
    private static func years(of days: PackedInts) -> PackedInts {
        guard days.low <= days.high else { return days.mapValues(missing: Missing.int) { $0 } }
        let table = (days.low...days.high).map { Int32(Day.year($0)) }
        return days.mapValues(missing: Missing.int) { table[Int($0 - days.low)] }
    }

    private static func nonEmpty(_ masks: PackedInts) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: masks.count)
        inBlocks(masks.count) { rows, buffer in
            masks.decode(from: rows.lowerBound, count: rows.count, into: buffer)
            for (i, row) in rows.enumerated() { out[row] = buffer[i] == Missing.setMask ? Missing.bool : (buffer[i] == 0 ? 0 : 1) }
        }
        return out
    }

    /// Runs `body` over blocks of rows with a buffer of a block's values.
    private static func inBlocks(_ n: Int, _ body: (Range<Int>, UnsafeMutablePointer<Int32>) -> Void) {
        let block = 1 << 16
        let buffer = UnsafeMutablePointer<Int32>.allocate(capacity: block)
        defer { buffer.deallocate() }
        for start in stride(from: 0, to: n, by: block) { body(start..<min(n, start + block), buffer) }
    }
}
