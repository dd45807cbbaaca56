#if canImport(Glibc)
import Glibc
#endif

/// Checks that need whole columns: unique keys, dates in order, an insats of the same
/// förbund, rosters that agree with each other. Errors point back at the file's line.
enum Validation {
    static func keysAreUnique(_ table: Table, path: String, lines: RowLines) throws(LoadError) {
        let key = table.schema.keyColumn
        var firstRow: [RowKey: Int] = [:]
        // Generated files have increasing integer ids: check that cheaply before hashing.
        if case .int(let ids)? = table.column(key)?.data, (1..<max(1, ids.count)).allSatisfy({ ids[$0 - 1] < ids[$0] }) { return }
        for (row, value) in KeyIndex.keys(of: table).enumerated() {
            if let earlier = firstRow[value] {
                throw error(path: path, line: Int(lines[row]), column: key, text: value.description,
                            message: Message(.keyTwice, value, lines[earlier]),
                            hint: Message(.keyUnique, key, table.name.fileName))
            }
            firstRow[value] = row
        }
    }

    /// Whole numbers with a documented range (schema.md): an age of 240 or an extent of 500 %
    /// is a typing error that would skew every average silently.
    static let ranges: [TableName: [(column: String, range: ClosedRange<Int32>, meaning: Message)]] = [
        .deltagare: [("ålder", 16...67, Message(.rangeAge)),
                     ("omfattning_start", 1...100, Message(.rangePercent)),
                     ("omfattning_slut", 1...100, Message(.rangePercent))],
        .befolkning: [("år", 1900...2099, Message(.rangeYear)),
                      ("antal", 0...Int32.max, Message(.rangePeople))],
    ]

    static func valuesInRange(_ table: Table, path: String, lines: RowLines) throws(LoadError) {
        for (name, range, meaning) in ranges[table.name] ?? [] {
            guard case .int(let values)? = table.column(name)?.data, values.low <= values.high,
                  values.low < range.lowerBound || values.high > range.upperBound else { continue }
            for i in 0..<table.rowCount {
                let v = values[i]
                guard v != values.missing, !range.contains(v) else { continue }
                throw error(path: path, line: Int(lines[i]), column: name, text: String(v),
                            message: Message(.outsideRange, name, v, range.lowerBound, range.upperBound, meaning),
                            hint: Message(.leaveEmpty))
            }
        }
    }

    static func deltagare(_ table: Table, insatser: Table, path: String, lines: RowLines) throws(LoadError) {
        // Packed columns read in place: a decoded copy of 10M rows would raise the load's peak memory.
        let start = table.packed("startdatum"), end = table.packed("slutdatum")
        for i in 0..<table.rowCount where end[i] != Missing.date && end[i] < start[i] {
            throw error(path: path, line: Int(lines[i]), column: "slutdatum", text: Day.iso(end[i]),
                        message: Message(.endBeforeStart, Day.iso(end[i]), Day.iso(start[i])), hint: nil)
        }
        let förbund = table.packed("förbund"), insats = table.packed("insats")
        let insatsFörbund = insatser.references("förbund"), typ = insatser.codes("typ")
        let individ = Schema.typ.code(of: "individinriktad")!
        for i in 0..<table.rowCount {
            let row = Int(insats[i])
            if typ[row] != individ {
                throw error(path: path, line: Int(lines[i]), column: "insats", text: String(insatser.ints("id")[row]),
                            message: Message(.insatsStructural, insatser.ints("id")[row]), hint: nil)
            }
            if insatsFörbund[row] != förbund[i] {
                throw error(path: path, line: Int(lines[i]), column: "insats", text: String(insatser.ints("id")[row]),
                            message: Message(.insatsOtherForbund, insatser.ints("id")[row]),
                            hint: Message(.insatsOtherForbundHint))
            }
        }
    }

    static func insatser(_ table: Table, path: String, lines: RowLines) throws(LoadError) {
        let start = table.ints("startår"), end = table.ints("slutår")
        for i in 0..<table.rowCount where end[i] != Missing.int && end[i] < start[i] {
            throw error(path: path, line: Int(lines[i]), column: "slutår", text: String(end[i]),
                        message: Message(.endYearBeforeStart, end[i], start[i]), hint: nil)
        }
    }

    /// Each kommun, year, kön and åldersgrupp at most once: a second row would be counted twice.
    static func befolkning(_ table: Table, kommuner: Table, path: String, lines: RowLines) throws(LoadError) {
        let kommun = table.references("kommun"), år = table.ints("år"), kön = table.codes("kön"), grupp = table.codes("åldersgrupp")
        var first: [Int64: Int] = [:]
        for row in 0..<table.rowCount {
            let key = ((Int64(kommun[row]) * 4096 + Int64(år[row])) * 256 + Int64(kön[row])) * 256 + Int64(grupp[row])
            if let earlier = first[key] {
                let name = kommuner.texts("kommun")[Int(kommun[row])] ?? ""
                throw error(path: path, line: Int(lines[row]), column: "kommun", text: name,
                            message: Message(.popTwice, name, år[row], Schema.kön.name(of: kön[row]), Schema.befolkningsÅldersgrupp.name(of: grupp[row]), lines[earlier]),
                            hint: Message(.popOneRow))
            }
            first[key] = row
        }
    }

    /// A kommun lists a förbund exactly when that förbund lists the kommun.
    static func rostersAgree(kommuner: Table, förbund: Table, kommunerPath: String) throws(LoadError) {
        let (fOffsets, fTargets) = förbund.referenceSets("kommuner")
        let (kOffsets, kTargets) = kommuner.referenceSets("förbund")
        var fromFörbund = Set<[Int32]>()
        for f in 0..<förbund.rowCount {
            for k in fTargets[Int(fOffsets[f])..<Int(fOffsets[f + 1])] { fromFörbund.insert([Int32(f), k]) }
        }
        let names = kommuner.texts("kommun"), ids = förbund.texts("id")
        for k in 0..<kommuner.rowCount {
            for f in kTargets[Int(kOffsets[k])..<Int(kOffsets[k + 1])] where fromFörbund.remove([f, Int32(k)]) == nil {
                throw LoadError(file: kommunerPath, message: Message(.kommunListsForbund, names[k] ?? "", ids[Int(f)] ?? ""),
                                hint: Message(.membershipAgree))
            }
        }
        if let pair = fromFörbund.first {
            throw LoadError(file: kommunerPath, message: Message(.forbundListsKommun, ids[Int(pair[0])] ?? "", names[Int(pair[1])] ?? ""),
                            hint: Message(.membershipAgree))
        }
    }

    /// An error at a line found after parsing: the file is read again up to that line to
    /// place the caret under the right field.
    static func error(path: String, line: Int, column: String, text: String, message: Message, hint: Message?) -> LoadError {
        var result = LoadError(file: path, line: line, columnName: column, text: text, message: message, hint: hint)
        guard let reader = try? CSVRecordReader(path: path), (try? reader.next()) == true else { return result }
        var header: [String] = []
        for i in 0..<reader.fieldCount { header.append(NameMatching.fold(reader.text(ofField: i).trimmingSpaces)) }
        while (try? reader.next()) == true {
            guard reader.line < line else {
                if reader.line == line, let index = header.firstIndex(of: NameMatching.fold(column)), index < reader.fieldCount {
                    result.column = reader.place(ofField: index).column
                    result.sourceLine = reader.sourceLine()
                }
                break
            }
        }
        return result
    }
}
