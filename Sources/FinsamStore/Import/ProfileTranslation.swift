#if canImport(Glibc)
import Glibc
#endif

/// Rewrites a file in another export's layout into the project's CSV format through an import
/// profile, so that the one table parser reads every file. Each row lands on the line it came
/// from (blank lines in between, which the parser skips), so later errors name the user's line.
/// Values the profile does not know are counted (value, rows, first line): `strict` refuses the
/// load with that list, `lenient` writes them as missing and the report lists them.
struct ProfileTranslation {
    let profile: ImportProfile
    let options: ImportOptions
    let dataset: Dataset
    /// The user's file.
    let path: String

    struct Unknown {
        var header: String
        var value: String
        var count: Int
        var firstLine: Int
        var cells: [String]
        var cellIndex: Int
    }

    /// A temporary CSV file in the project's format (the caller removes it), and notes for the report.
    func write() throws(LoadError) -> (path: String, notes: [String]) {
        let table = profile.table
        let stored = Schema.table(table).storedColumns
        let index = Dictionary(uniqueKeysWithValues: stored.enumerated().map { ($1.name, $0) })
        let checks = stored.map { StoredValue($0, dataset: dataset) }
        let source = try SourceRows.read(path: path, sheet: options.sheet)
        let profileName = Message(.profileNamed, profile.name)

        // Every value a row shares: constants, then the parameters the load gave.
        var shared = [String?](repeating: nil, count: stored.count)
        for (column, value, line) in profile.constants {
            guard let text = checks[index[column]!].text(value) else {
                throw invalid(value.description, column: column, checks[index[column]!], place: Message(.profConstantPlace), line: line)
            }
            shared[index[column]!] = text
        }
        var given: [String: String] = [:]
        for (name, value) in options.parameters {
            guard let parameter = profile.parameters.first(where: { NameMatching.fold($0.column) == NameMatching.fold(name) }) else {
                let names = profile.parameters.map(\.column)
                let hint = NameMatching.suggestion(for: name, among: names).map { Message(.didYouMean, $0) }
                throw LoadError(file: path, message: Message(.profNoParameter, profileName, name),
                                hint: hint ?? (names.isEmpty ? Message(.profNoParameters, profileName) : Message(.profParameters, names.joined(separator: ", "))))
            }
            given[parameter.column] = value
        }
        for (column, meaning) in profile.parameters {
            guard let value = given[column] else {
                throw LoadError(file: path, message: Message(.profNeedsValue, profileName, column, meaning),
                                hint: Message(.profAddToLoad, profile.name, column))
            }
            guard let text = checks[index[column]!].text(value) else {
                throw invalid(value, column: column, checks[index[column]!], place: Message(.profWithPlace, column), line: nil)
            }
            shared[index[column]!] = text
        }

        // Each column of the profile to its place in the file, and every value of its maps checked.
        let folded = source.header.map { NameMatching.fold($0.trimmingSpaces) }
        var positions: [Int?] = []
        for entry in profile.columns {
            let matches = folded.indices.filter { folded[$0] == NameMatching.fold(entry.header.trimmingSpaces) }
            if matches.count > 1 {
                throw LoadError(file: path, line: source.headerLine, message: Message(.profTwoColumns, entry.header),
                                hint: Message(.profReadsOne, profileName))
            }
            if matches.isEmpty, !entry.optional {
                let hint = NameMatching.suggestion(for: entry.header, among: source.header).map { Message(.didYouMeanHeader, $0) }
                throw LoadError(file: path, line: source.headerLine, message: Message(.profNoColumn, entry.header, profileName),
                                hint: hint ?? Message(.profFileColumns, source.header.filter { !$0.isEmpty }.joined(separator: ", ")))
            }
            positions.append(matches.first)
            for (fileValue, assignments) in entry.values ?? [:] {
                for (column, value) in assignments where checks[index[column]!].text(value) == nil {
                    throw invalid(value.description, column: column, checks[index[column]!],
                                  place: Message(.profValueMapPlace, entry.header, fileValue), line: entry.line)
                }
            }
        }
        let read = Set(positions.compactMap { $0 })
        let ignored = source.header.indices.filter { !read.contains($0) && !source.header[$0].trimmingSpaces.isEmpty }.map { source.header[$0] }

        // The rows.
        let file = try TemporaryFile(for: path)
        var out = stored.map { FieldFormatter.quoted($0.name) as String }.joined(separator: ",") + "\n"
        var line = 1
        var unknown: [String: Unknown] = [:]
        var values = shared
        for (rowNumber, row) in source.rows.enumerated() {
            values = shared
            for column in profile.numbered { values[index[column]!] = String(rowNumber + 1) }
            if row.cells.count > source.header.count,
               let extra = row.cells[source.header.count...].firstIndex(where: { !$0.trimmingSpaces.isEmpty }) {
                file.finish()
                unlink(file.path)
                throw LoadError(file: path, line: row.line, message: Message(.rowExtraValue, extra + 1),
                                hint: Message(.rowExtraValueHint), sourceLine: Self.rowText(row.cells))
            }
            for (entry, position) in zip(profile.columns, positions) {
                guard let position else { continue }
                let cell = position < row.cells.count ? row.cells[position].trimmingSpaces : ""
                var known = true
                if let map = entry.values {
                    if let assignments = map[NameMatching.fold(cell)] {
                        for (column, value) in assignments { values[index[column]!] = checks[index[column]!].text(value) }
                    } else if !cell.isEmpty {
                        known = false
                    }
                } else if let target = entry.target, !cell.isEmpty {
                    if let text = checks[index[target]!].text(cell) { values[index[target]!] = text } else { known = false }
                }
                if !known {
                    let key = entry.header + "\u{0}" + cell
                    if unknown[key] == nil {
                        unknown[key] = Unknown(header: entry.header, value: cell, count: 0, firstLine: row.line, cells: row.cells, cellIndex: position)
                    }
                    unknown[key]!.count += 1
                }
            }
            while line < row.line - 1 { out += "\n"; line += 1 }
            out += values.map { $0.map { FieldFormatter.quoted($0) as String } ?? "" }.joined(separator: ",") + "\n"
            line += 1
            if out.utf8.count > 1 << 20 {
                try file.append(Array(out.utf8), for: path)
                out = ""
            }
        }
        try file.append(Array(out.utf8), for: path)
        file.finish()

        let found = unknown.values.sorted { ($0.firstLine, $0.header, $0.value) < ($1.firstLine, $1.header, $1.value) }
        if !found.isEmpty, options.unknownValues == .strict {
            unlink(file.path)
            throw strictError(found, profileName: profileName)
        }

        var notes = source.notes
        let summary = profile.summary.isEmpty ? "" : " (\(profile.summary))"
        notes.append(Message(.readThroughProfile, profileName, summary, profile.columns.count - positions.filter { $0 == nil }.count,
                             Set(profile.columns.flatMap(\.targets)).count, table.rawValue).localized)
        let fixed = profile.constants.map { "\($0.column) = \($0.value.description)" } + profile.parameters.map { "\($0.column) = \(given[$0.column]!)" }
        if !fixed.isEmpty { notes.append((Message(.profSameEveryRow) + fixed.joined(separator: ", ")).localized) }
        if !profile.numbered.isEmpty { notes.append((Message(.profNumbered) + profile.numbered.joined(separator: ", ")).localized) }
        if !ignored.isEmpty { notes.append((Message(.profIgnored, profileName) + ignored.joined(separator: ", ")).localized) }
        if !found.isEmpty {
            notes.append((Message(.profLenient, Self.rows(found), profileName) + Self.list(found)).localized)
        }
        return (file.path, notes)
    }

    /// `4 rows`: the cells holding unknown values.
    static func rows(_ found: [Unknown]) -> Message {
        let total = found.reduce(0) { $0 + $1.count }
        return total == 1 ? Message(.cellsOne) : Message(.cellsMany, total)
    }

    /// `Kön 'Okänd' (12 rows, first on line 5), …`, at most 10, then how many more.
    static func list(_ found: [Unknown]) -> Message {
        var parts = found.prefix(10).map { u in
            Message(u.count == 1 ? .profUnknownOne : .profUnknownMany, u.header, NameMatching.excerpt(u.value, limit: 40), u.count, u.firstLine)
        }
        if found.count > 10 { parts.append(Message(.andMore, found.count - 10)) }
        return Message.concat(Array(parts.map { [Message.verbatim(", "), $0] }.joined().dropFirst()))
    }

    private func strictError(_ found: [Unknown], profileName: Message) -> LoadError {
        let first = found[0]
        let text = Self.rowText(first.cells)
        let column = Self.rowText(Array(first.cells.prefix(first.cellIndex))).count + (first.cellIndex > 0 ? 3 : 0) + 1
        let headers = Set(found.map(\.header)).sorted()
        return LoadError(file: path, line: first.firstLine, column: column, columnName: first.header, text: first.value,
                         message: Message(found.count == 1 ? .profStrictOne : .profStrictMany, found.count, profileName, Self.rows(found), Self.list(found)),
                         hint: Message(found.count == 1 ? .profStrictOneHint : .profStrictManyHint, Message.list(headers)),
                         sourceLine: text)
    }

    /// A row as the error shows it: its cells with ` | ` between them.
    static func rowText(_ cells: [String]) -> String { cells.joined(separator: " | ") }

    private func invalid(_ value: String, column: String, _ check: StoredValue, place: Message, line: Int?) -> LoadError {
        let suggestion = NameMatching.suggestion(for: value, among: check.examples).map { Message(.didYouMean, $0) }
        let examples = check.examples.count <= 12 ? Message(.valuesOfColumn, column, check.examples.joined(separator: ", ")) : nil
        let where_ = line.map { "\(profile.file):\($0)" } ?? path
        return LoadError(file: where_, message: Message(.profNotValue, value, place, column, check.column.type.displayMessage),
                         hint: suggestion ?? examples)
    }
}
