#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads SCB's Statistikdatabasen table BE0101N1, *Folkmängd efter region, ålder, kön och år*,
/// as analysts download it from PxWeb, into the befolkning table (`load befolkning from … as scb`).
///
/// The layout: title lines, then a header of the stub columns `region`, `ålder`, `kön` and a
/// column per year (`2013`, or `Folkmängd 2013`); rows such as `0114 Upplands Väsby`, `16 år`,
/// `män`, then the figures. CSV in UTF-8 or Windows-1252, separated by commas, semicolons or
/// tabs; or an xlsx workbook, where a stub cell is left empty under the same value and
/// footnotes follow the figures. The long layout (`år` or `tid` as a stub column and one
/// column of figures) is read too. Regions are matched by SCB's code to `kommuner.kod`, else
/// by name; ages 16–64 are summed into the four bands, the rest (and every total) left out.
enum SCBPopulation {
    /// One row of the file, and how to point at one of its cells.
    struct Row {
        var line: Int
        var cells: [String]
        /// The error at cell `index`, with its place and the row's text.
        var error: (_ index: Int, _ message: Message, _ hint: Message?) -> LoadError
    }

    /// Each non-empty row of the file in order; `body` returns false to stop early.
    static func forEachRow(path: String, sheet: String?, notes: inout [String],
                           _ body: (Row) throws(LoadError) -> Bool) throws(LoadError) {
        if XLSXReader.isWorkbook(path: path) {
            let rows = try XLSXReader.rows(path: path, sheet: sheet)
            notes.append((sheet.map { Message(.readAsWorkbookSheet, $0) } ?? Message(.readAsWorkbookFirst)).localized)
            for (index, cells) in rows.enumerated() where cells.contains(where: { !$0.trimmingSpaces.isEmpty }) {
                let row = Row(line: index + 1, cells: cells) { cell, message, hint in
                    // As profiles show a workbook's row: its cells with ` | ` between them.
                    let text = ProfileTranslation.rowText(cells)
                    let column = ProfileTranslation.rowText(Array(cells.prefix(cell))).count + (cell > 0 ? 3 : 0) + 1
                    return LoadError(file: path, line: index + 1, column: column, text: cell < cells.count ? cells[cell] : nil,
                                     message: message, hint: hint, sourceLine: text)
                }
                if try !body(row) { return }
            }
            return
        }
        if let sheet { throw SourceRows.notAWorkbook(path, sheet: sheet) }
        let dialect = CSVDialect.detectBelowTitles(path: path)
        let readPath = dialect.encoding == .windows1252 ? try Windows1252.transcodedCopy(of: path) : path
        defer { if readPath != path { unlink(readPath) } }
        let reader = try CSVRecordReader(path: readPath, separator: dialect.separator, displayPath: path)
        if reader.looksBinary { throw LoadError(file: path, message: Message(.binaryNotCSVOrXLSX)) }
        if let described = dialect.description { notes.append(Message(.readAs, described).localized) }
        while try reader.next() {
            let cells = (0..<reader.fieldCount).map { reader.text(ofField: $0) }
            let row = Row(line: reader.line, cells: cells) { cell, message, hint in
                // Valid while the reader stands on this row, which is while `body` runs.
                let place = cell < reader.fieldCount ? reader.place(ofField: cell) : (reader.line, 1)
                return LoadError(file: path, line: place.0, column: place.1, text: cell < cells.count ? cells[cell] : nil,
                                 message: message, hint: hint, sourceLine: reader.sourceLine())
            }
            if try !body(row) { return }
        }
    }

    // MARK: The header

    enum Stub { case region, ålder, kön, år }

    /// Where the header found each column: the stubs, and the figures' columns by year (wide)
    /// or the one column of figures (long, with `år` a stub).
    struct Header {
        var line: Int
        var stubs: [(index: Int, role: Stub?)]
        var years: [(index: Int, year: Int)]
        var valueColumn: Int?
        /// The first cell of the first title line, for the report.
        var title: String?
    }

    /// A year as a header cell writes it: `2013`, or a label and the year (`Folkmängd 2013`).
    static func year(inHeader cell: String) -> Int? {
        let words = cell.trimmingSpaces.split(separator: " ")
        guard let last = words.last, last.count == 4, let year = Int(last), (1900...2099).contains(year) else { return nil }
        // A title such as "… År 1968 - 2023" is not a year's column: the label has no digits.
        guard words.dropLast().allSatisfy({ !$0.contains(where: \.isNumber) && $0 != "-" && $0 != "–" }) else { return nil }
        return year
    }

    static func stubRole(ofHeader cell: String) -> Stub? {
        switch NameMatching.fold(cell.trimmingSpaces) {
        case "region": .region
        case "alder", "age", "alder (ar)": .ålder
        case "kon", "sex", "gender": .kön
        case "ar", "tid", "year", "period": .år
        default: nil
        }
    }

    /// The header, if `row` is one: a column per year after the stub columns, or the stubs
    /// region and år with a column of figures after them.
    static func header(_ row: Row, title: String?) -> Header? {
        let cells = row.cells
        if let first = cells.firstIndex(where: { year(inHeader: $0) != nil }), first >= 1 {
            var years: [(Int, Int)] = []
            for index in first..<cells.count {
                if let y = year(inHeader: cells[index]) { years.append((index, y)) } else if !cells[index].trimmingSpaces.isEmpty { return nil }
            }
            let stubs = (0..<first).map { ($0, stubRole(ofHeader: cells[$0])) }
            return Header(line: row.line, stubs: stubs, years: years, valueColumn: nil, title: title)
        }
        let roles = cells.map(stubRole(ofHeader:))
        guard roles.contains(.region), let år = roles.lastIndex(of: .år), år + 1 < cells.count else { return nil }
        let stubs = (0..<cells.count - 1).map { ($0, roles[$0]) }
        return Header(line: row.line, stubs: stubs, years: [], valueColumn: cells.count - 1, title: title)
    }

    /// True when the file opens like SCB's table (title lines, then a header with years or
    /// region and år): for the hint when it is loaded without `as scb`.
    static func looksLikeSCB(path: String) -> Bool {
        var notes: [String] = [], found = false, seen = 0
        try? forEachRow(path: path, sheet: nil, notes: &notes) { row in
            seen += 1
            if let header = header(row, title: nil), header.valueColumn != nil || header.stubs.count >= 2 { found = true }
            return !found && seen < 20
        }
        return found
    }

    // MARK: Values

    enum Region: Equatable {
        case kommun(Int32)
        /// Riket or a län: not a kommun, left out.
        case aggregate
        case unknown
    }

    /// `0114 Upplands Väsby` by the code, else by the name; `0114` or `Upplands Väsby` alone too.
    static func region(_ text: String, codes: [String: Int32], names: [String: Int32]) -> Region {
        let value = text.trimmingSpaces
        let digits = value.prefix { $0.isASCII && $0.isNumber }
        let name = String(value.dropFirst(digits.count)).trimmingSpaces
        if digits.count == 4, let row = codes[String(digits)] { return .kommun(row) }
        if !name.isEmpty, let row = names[NameMatching.fold(name)] { return .kommun(row) }
        let folded = NameMatching.fold(name)
        // SCB's codes: 00 for the country, two digits for a län.
        if (digits.count == 2 || digits.allSatisfy { $0 == "0" }) && !digits.isEmpty { return .aggregate }
        if ["riket", "sverige", "hela riket"].contains(folded) || folded.hasSuffix(" lan") { return .aggregate }
        return .unknown
    }

    enum Age: Equatable {
        case age(Int)
        /// `totalt ålder` and the like: left out, the single ages are summed.
        case total
        case unknown
    }

    /// `16 år`, `100+ år`, `16` (codes), `16 years`; `totalt ålder`, `totalt`, `tot`.
    static func age(_ text: String) -> Age {
        let folded = NameMatching.fold(text.trimmingSpaces)
        if ["totalt alder", "totalt", "tot", "total", "total age", "samtliga aldrar", "alla aldrar", "totalt, alla aldrar"].contains(folded) {
            return .total
        }
        var words = folded.split(separator: " ").map(String.init)
        if words.count == 2, ["ar", "years", "year"].contains(words[1]) { words.removeLast() }
        guard words.count == 1 else { return .unknown }
        var number = words[0]
        if number.hasSuffix("+") { number.removeLast() }
        guard let n = Int(number), (0...130).contains(n) else { return .unknown }
        return .age(n)
    }

    enum Sex: Equatable {
        case code(UInt8)
        case total
        case unknown
    }

    /// `män`/`kvinnor` (and SCB's codes 1 and 2); `totalt`, `män och kvinnor`, `1+2` are totals.
    static func sex(_ text: String) -> Sex {
        switch NameMatching.fold(text.trimmingSpaces) {
        case "man", "1", "men", "males", "male": .code(Schema.kön.code(of: "man")!)
        case "kvinnor", "kvinna", "2", "women", "females", "female": .code(Schema.kön.code(of: "kvinna")!)
        case "totalt", "tot", "total", "man och kvinnor", "totalt, man och kvinnor", "kvinnor och man", "1+2", "samtliga", "both sexes":
            .total
        default: .unknown
        }
    }

    /// The band (a code of `Schema.befolkningsÅldersgrupp`) of an age 16–64.
    static func band(_ age: Int) -> UInt8? {
        switch age {
        case 16...29: 0
        case 30...44: 1
        case 45...59: 2
        case 60...64: 3
        default: nil
        }
    }
    static let bandWidths = [14, 15, 15, 5]

    /// A figure: a whole number (digit groups and `,0` as Excel writes them read too), or
    /// SCB's `–`/`-` for zero. Nil for anything else (`..`: not available).
    static func figure(_ text: String) -> Int32? {
        let value = text.trimmingSpaces
        if value == "-" || value == "–" { return 0 }
        var bytes = Array(value.utf8)
        guard !bytes.isEmpty, let n = bytes.withUnsafeMutableBufferPointer({ b in try? FieldParsing.int(UnsafeBufferPointer(b)) }),
              n >= 0 else { return nil }
        return n
    }

    // MARK: Reading

    /// The befolkning table the file describes, with notes for the load report. References
    /// resolve against `kommuner`.
    static func read(path: String, sheet: String?, kommuner: Table,
                     unknownValues: ImportOptions.UnknownValues) throws(LoadError) -> (table: Table, notes: [String]) {
        var codes: [String: Int32] = [:], names: [String: Int32] = [:]
        let kommunNames = kommuner.texts("kommun")
        for (row, kod) in kommuner.texts("kod").enumerated() { if let kod, codes[kod] == nil { codes[kod] = Int32(row) } }
        for (row, name) in kommunNames.enumerated() {
            if let name, names[NameMatching.fold(name)] == nil { names[NameMatching.fold(name)] = Int32(row) }
        }

        var notes: [String] = []
        var header: Header?
        var title: String?
        // Stub values carried down to a workbook's rows that leave them empty.
        var carried: [Int: String] = [:]
        // (kommun, year, kön, age) → the line of its figure: each figure once.
        var seen: [Int64: Int] = [:]
        // (kommun, year, kön, band) → the sum, and how many ages it holds.
        var sums: [Int64: (antal: Int64, ages: Int)] = [:]
        var aggregates: [String] = [], unknownRegions: [String: (count: Int, line: Int)] = [:]
        var ageTotals = 0, outside = Set<Int>(), sexTotals = 0, footnotes = 0, resolved = false
        var years = Set<Int>()
        let lenient = unknownValues == .lenient

        try forEachRow(path: path, sheet: sheet, notes: &notes) { (row: Row) throws(LoadError) -> Bool in
            guard var found = header else {
                if let candidate = Self.header(row, title: title) {
                    header = candidate
                } else if title == nil {
                    title = row.cells.first { !$0.trimmingSpaces.isEmpty }?.trimmingSpaces
                }
                return true
            }
            // The figures of the row: (year, cell index).
            let figures: [(year: Int?, index: Int)] = found.valueColumn.map { [(nil, $0)] } ?? found.years.map { ($0.year, $0.index) }
            func cell(_ i: Int) -> String { i < row.cells.count ? row.cells[i].trimmingSpaces : "" }
            // Footnotes, source lines and blank rows after the figures hold no figure.
            guard figures.contains(where: { !cell($0.index).isEmpty }) else { footnotes += 1; return true }
            if let extra = row.cells.indices.last(where: { !cell($0).isEmpty }),
               extra > max(found.years.last?.index ?? 0, found.valueColumn ?? 0) {
                throw row.error(extra, Message(.rowExtraValue, extra + 1), Message(.scbNothingAfterYears))
            }
            if !resolved {
                found = try Self.resolve(found, firstRow: row, path: path)
                header = found
                resolved = true
            }
            var stub: [Stub: (value: String, index: Int)] = [:]
            for (index, role) in found.stubs {
                guard let role else { continue }
                var value = cell(index)
                if value.isEmpty, let above = carried[index] { value = above }
                guard !value.isEmpty else {
                    throw row.error(index, Message(.scbNoRole, Self.name(role)), Message(.scbEveryRowNames))
                }
                if found.valueColumn == nil, !cell(index).isEmpty {
                    // A new value in a workbook's pivot resets the columns to its right.
                    for (other, _) in found.stubs where other > index { carried[other] = nil }
                }
                carried[index] = value
                stub[role] = (value, index)
            }

            // Every figure is read, also of the rows left out below: a broken file is refused whole.
            var values: [(year: Int, value: Int32, index: Int)] = []
            for (givenYear, index) in figures {
                var year = givenYear
                if year == nil {
                    let yearText = stub[.år]!.value
                    guard let y = Int(yearText.trimmingSpaces), (1900...2099).contains(y) else {
                        throw row.error(stub[.år]!.index, Message(.scbNotYear, yearText), nil)
                    }
                    year = y
                }
                let text = cell(index)
                guard let value = Self.figure(text) else {
                    let hint = text == ".." || text == "." ? Message(.scbDotsHint)
                        : text.isEmpty ? Message(.scbNeedsFigure) : Message(.scbWholeNumber)
                    throw row.error(index, text.isEmpty ? Message(.scbNoFigure, year!) : Message(.scbNotNumber, text), hint)
                }
                values.append((year!, value, index))
            }

            let regionText = stub[.region]!.value
            let kommun: Int32
            switch Self.region(regionText, codes: codes, names: names) {
            case .kommun(let row): kommun = row
            case .aggregate:
                if !aggregates.contains(regionText) { aggregates.append(regionText) }
                return true
            case .unknown:
                guard lenient else {
                    let hint = NameMatching.suggestion(for: String(regionText.drop { $0.isNumber || $0 == " " }), among: kommunNames.compactMap { $0 })
                        .map { Message(.scbRegionDidYouMean, $0) }
                    throw row.error(stub[.region]!.index, Message(.scbRegion, regionText),
                                    hint ?? Message(.scbRegionHint))
                }
                unknownRegions[regionText, default: (0, row.line)].count += 1
                return true
            }
            let ageText = stub[.ålder]!.value
            let age: Int
            switch Self.age(ageText) {
            case .age(let a): age = a
            case .total: ageTotals += 1; return true
            case .unknown:
                throw row.error(stub[.ålder]!.index, Message(.scbNotAge, ageText),
                                Message(.scbAgeHint))
            }
            let sexText = stub[.kön]!.value
            let kön: UInt8
            switch Self.sex(sexText) {
            case .code(let code): kön = code
            case .total: sexTotals += 1; return true
            case .unknown:
                throw row.error(stub[.kön]!.index, Message(.scbNotSex, sexText), Message(.scbSexHint))
            }
            guard let band = Self.band(age) else { outside.insert(age); return true }

            for (year, value, index) in values {
                let key = ((Int64(kommun) * 4096 + Int64(year)) * 2 + Int64(kön)) * 256 + Int64(age)
                if let earlier = seen[key] {
                    throw row.error(index, Message(.scbTwice, kommunNames[Int(kommun)] ?? "", ageText, sexText, year, earlier),
                                    Message(.scbOnce))
                }
                seen[key] = row.line
                years.insert(year)
                let bandKey = ((Int64(kommun) * 4096 + Int64(year)) * 2 + Int64(kön)) * 4 + Int64(band)
                sums[bandKey, default: (0, 0)].antal += Int64(value)
                sums[bandKey, default: (0, 0)].ages += 1
            }
            return true
        }

        guard let header else {
            throw LoadError(file: path, message: Message(.scbNoHeader),
                            hint: Message(.scbDownloadBE))
        }
        if !unknownRegions.isEmpty {
            let list = unknownRegions.sorted { $0.value.line < $1.value.line }.prefix(10).map { Message(.scbRegionLine, $0.key, $0.value.line).localized }
            let count = unknownRegions.count == 1 ? Message(.scbOneRegion) : Message(.scbRegions, unknownRegions.count)
            notes.append((Message(.scbNotKommun, count) + list.joined(separator: ", ")
                         + (unknownRegions.count > 10 ? ", …" : "")).localized)
        }
        guard !sums.isEmpty else {
            var why: [Message] = []
            if sexTotals > 0 { why.append(Message(.scbWhySex)) }
            if ageTotals > 0 || !outside.isEmpty { why.append(Message(.scbWhyAges)) }
            if !aggregates.isEmpty { why.append(Message(.scbWhyRegions)) }
            throw LoadError(file: path, message: why.isEmpty ? Message(.scbNoFigures)
                                : Message(.scbNoFiguresWhy, Message(.scbNoFigures), Message.concat(Array(why.map { [Message.verbatim(", "), $0] }.joined().dropFirst()))),
                            hint: Message(.scbChoose))
        }

        // Every kommun and year the file has, complete: both kön and every age of the four bands.
        var kommunerRead = Set<Int32>()
        for key in sums.keys { kommunerRead.insert(Int32(key / (4096 * 2 * 4))) }
        for kommun in kommunerRead.sorted() {
            for year in years.sorted() {
                for kön in 0..<2 {
                    for band in 0..<4 {
                        let key = ((Int64(kommun) * 4096 + Int64(year)) * 2 + Int64(kön)) * 4 + Int64(band)
                        let ages = sums[key]?.ages ?? 0
                        guard ages != bandWidths[band] else { continue }
                        let range = [16...29, 30...44, 45...59, 60...64][band]
                        let missing = range.filter { seen[((Int64(kommun) * 4096 + Int64(year)) * 2 + Int64(kön)) * 256 + Int64($0)] == nil }
                        throw LoadError(file: path,
                                        message: Message(missing.count == 1 ? .scbLacksAge : .scbLacksAges, Self.ranges(missing), kommunNames[Int(kommun)] ?? "",
                                                         Schema.kön.name(of: UInt8(kön)), year, Schema.befolkningsÅldersgrupp.name(of: UInt8(band))),
                                        hint: Message(.scbChooseEvery))
                    }
                }
            }
        }

        // Rows in the kommuner table's order, then year, kön and band.
        var kommun: [Int32] = [], år: [Int32] = [], kön: [UInt8] = [], grupp: [UInt8] = [], antal: [Int32] = []
        for (key, sum) in sums.sorted(by: { $0.key < $1.key }) {
            guard sum.antal <= Int64(Int32.max) else {
                throw LoadError(file: path, message: Message(.scbBandSum, sum.antal, Int32.max))
            }
            grupp.append(UInt8(key % 4))
            kön.append(UInt8(key / 4 % 2))
            år.append(Int32(key / 8 % 4096))
            kommun.append(Int32(key / (8 * 4096)))
            antal.append(Int32(sum.antal))
        }
        let table = Derivation.table(.befolkning, stored: [.reference(kommun), .int(år), .category(kön), .category(grupp), .int(antal)])

        let yearList = years.sorted()
        let span = yearList.count == 1 ? "\(yearList[0])" : "\(yearList.first!)–\(yearList.last!)" + (yearList.count == yearList.last! - yearList.first! + 1 ? "" : Message(.yearsCount, yearList.count).localized)
        let titleText = header.title.map { " '\(NameMatching.excerpt($0))'" } ?? ""
        let kommunerText = kommunerRead.count == 1 ? "1 kommun" : "\(kommunerRead.count) kommuner"
        notes.append(Message(header.valueColumn == nil ? .scbReadColumnPerYear : .scbReadRowPerYear, titleText, kommunerText, span).localized)
        notes.append(Message(.scbSummed).localized)
        var left: [Message] = []
        if !outside.isEmpty { left.append(Message(.scbLeftAges, Self.ranges(outside.sorted()))) }
        if ageTotals > 0 { left.append(Message(.scbLeftAgeTotals, ageTotals)) }
        if sexTotals > 0 { left.append(Message(.scbLeftSexTotals, sexTotals)) }
        if !aggregates.isEmpty {
            left.append(Message(.scbLeftRegions, aggregates.prefix(3).joined(separator: ", "))
                        + (aggregates.count > 3 ? " " + Message(.andMore, aggregates.count - 3) : .verbatim("")))
        }
        if footnotes > 0 { left.append(Message(.scbLeftFootnotes, footnotes)) }
        if !left.isEmpty { notes.append((Message(.scbLeftOut) + left.map { $0.localized }.joined(separator: "; ")).localized) }
        return (table, notes)
    }

    /// The header with a role for every stub column it needs. A workbook leaves the stubs'
    /// header cells empty: those columns are told apart by the first row of figures (a kön,
    /// an age, else the region), in SCB's order where that does not tell.
    private static func resolve(_ header: Header, firstRow: Row, path: String) throws(LoadError) -> Header {
        var header = header
        var missing: [Stub] = [.region, .ålder, .kön].filter { role in !header.stubs.contains { $0.role == role } }
        if header.valueColumn != nil, !header.stubs.contains(where: { $0.role == .år }) { missing.append(.år) }
        let unnamed = header.stubs.indices.filter { header.stubs[$0].role == nil }
        if !missing.isEmpty, unnamed.count >= missing.count {
            var open = missing
            func take(_ role: Stub, where test: (String) -> Bool) {
                guard open.contains(role) else { return }
                for position in unnamed where header.stubs[position].role == nil {
                    let index = header.stubs[position].index
                    let value = index < firstRow.cells.count ? firstRow.cells[index].trimmingSpaces : ""
                    if test(value) {
                        header.stubs[position].role = role
                        open.removeAll { $0 == role }
                        return
                    }
                }
            }
            let plainNumber: (String) -> Bool = { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
            take(.kön) { !plainNumber($0) && sex($0) != .unknown }
            take(.ålder) { !plainNumber($0) && age($0) != .unknown }
            take(.år) { Int($0).map { (1900...2099).contains($0) } ?? false }
            take(.region) { !$0.isEmpty }
            for role in open {
                if let position = unnamed.first(where: { header.stubs[$0].role == nil }) { header.stubs[position].role = role }
            }
            missing = missing.filter { role in !header.stubs.contains { $0.role == role } }
        }
        if let role = missing.first {
            throw LoadError(file: path, line: header.line,
                            message: Message(.scbHeaderNoColumn, name(role)),
                            hint: Message(.scbDownload))
        }
        return header
    }

    static func name(_ stub: Stub) -> String {
        switch stub {
        case .region: "region"
        case .ålder: "ålder"
        case .kön: "kön"
        case .år: "år"
        }
    }

    /// `0–15, 65–100` from sorted ages.
    static func ranges(_ ages: [Int]) -> String {
        var parts: [String] = []
        var start = ages.first, previous = ages.first
        for age in ages.dropFirst() + [Int.max] {
            if age != previous! + 1 {
                parts.append(start == previous ? "\(start!)" : "\(start!)–\(previous!)")
                start = age
            }
            previous = age
        }
        return parts.joined(separator: ", ")
    }
}
