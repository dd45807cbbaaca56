#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation

/// Reads one table file of the project's CSV format into typed columns: the header is
/// checked against the schema, every field is parsed and validated, and each failure
/// names file, line, column and the offending text.
struct TableFileParser {
    /// Where references of this table point.
    struct Targets {
        var forbund: ByteKeyLookup?
        var kommuner: ByteKeyLookup?
        var insatser: [Int32: Int32]?
    }

    struct Parsed {
        var columns: [ColumnData?]
        /// How the file was read, when not as the project's own format (for the load report).
        var notes: [String] = []
        var pendingSets: [Int: PendingReferenceSetSink]
        /// The line each row started on, for errors found after parsing.
        var lines: RowLines
        var rowCount: Int { lines.count }
    }

    let table: TableName
    let path: String
    let targets: Targets
    var progress: ((Int, Int) -> Void)?

    /// Files at least this large are read in two parts on both cores.
    static let partedSize = 32 << 20

    /// The file actually read: `path`, or a UTF-8 copy of a Windows-1252 file.
    private var readPath: String
    private var dialect = CSVDialect.standard

    init(table: TableName, path: String, targets: Targets) {
        self.table = table
        self.path = path
        self.targets = targets
        readPath = path
    }

    /// The sheet to read when the file is a workbook (nil: the first).
    var sheet: String?
    /// A file an import profile wrote in the project's format from `path`: read instead, with
    /// errors still naming `path` (its rows stand on the lines they came from).
    var translated: String?

    func parse() throws(LoadError) -> Parsed {
        var parser = self
        var notes: [String] = []
        if let translated {
            parser.readPath = translated
        } else if Self.isOldExcel(path) {
            throw LoadError(file: path, message: Message(.xlsFile),
                            hint: Message(.xlsHint))
        } else if XLSXReader.isWorkbook(path: path) {
            // A workbook's sheet as CSV text, then read like any file.
            parser.readPath = try Self.csvCopy(of: try XLSXReader.rows(path: path, sheet: sheet), for: path)
            let kind = ODSReader.isSpreadsheet(path: path) ? Message(.kindODS) : Message(.kindExcel)
            notes.append((sheet.map { Message(.readAsKindSheet, kind, $0) } ?? Message(.readAsKindFirst, kind)).localized)
        } else if let sheet {
            throw SourceRows.notAWorkbook(path, sheet: sheet)
        } else {
            parser.dialect = CSVDialect.detect(path: path)
            if parser.dialect.encoding == .windows1252 { parser.readPath = try Windows1252.transcodedCopy(of: path) }
        }
        // Copies made here are removed here; a translated file is its maker's.
        defer { if parser.readPath != path, parser.readPath != translated { unlink(parser.readPath) } }
        var parsed: Parsed
        if let inParts = parser.parseInParts() { parsed = inParts } else { parsed = try parser.parseWhole() }
        if let described = parser.dialect.description { notes.append(Message(.readAs, described).localized) }
        parsed.notes.insert(contentsOf: notes, at: 0)
        return parsed
    }

    /// An .xls file: the OLE2 compound-file signature, or the name when the file is unreadable.
    static func isOldExcel(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return path.lowercased().hasSuffix(".xls") }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 8)) == Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    }

    /// Rows of text as a temporary file in the project's CSV format (the caller removes it).
    private static func csvCopy(of rows: [[String]], for path: String) throws(LoadError) -> String {
        func field(_ s: String) -> String { FieldFormatter.quoted(s) }
        // Formatted but empty cells end many rows: drop them, then give every row the width of
        // the widest (a sheet leaves out empty cells at the end of a row). Empty rows stay blank lines.
        let trimmed = rows.map { row in row[..<(row.lastIndex { !$0.isEmpty }.map { $0 + 1 } ?? 0)] }
        let width = trimmed.map(\.count).max() ?? 0
        let text = trimmed.map { row in
            (row.isEmpty ? [] : Array(row) + Array(repeating: "", count: width - row.count)).map(field).joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        let file = try TemporaryFile(for: path)
        try file.append(Array(text.utf8), for: path)
        file.finish()
        return file.path
    }

    private func reader(range: Range<Int>? = nil) throws(LoadError) -> CSVRecordReader {
        try CSVRecordReader(path: readPath, range: range, separator: dialect.separator, displayPath: path)
    }

    private func parseWhole() throws(LoadError) -> Parsed {
        let reader = try reader()
        let (order, headerNotes) = try readHeader(reader)
        let stored = Schema.table(table).storedColumns
        let sinks = order.map { makeSink(stored[$0]) }
        var empty = EmptyRows()
        let lines = try readRows(reader, order: order, sinks: sinks, empty: &empty, progress: progress)
        var notes = headerNotes + Self.normalisationNotes([sinks], order: order, stored: stored)
        if let note = empty.note { notes.append(note) }
        var columns = [ColumnData?](repeating: nil, count: stored.count)
        var pending: [Int: PendingReferenceSetSink] = [:]
        for (sink, index) in zip(sinks, order) {
            if let set = sink as? PendingReferenceSetSink { pending[index] = set } else { columns[index] = sink.finish() }
        }
        return Parsed(columns: columns, notes: notes, pendingSets: pending, lines: lines)
    }

    /// A large file in two halves, split after a line end, parsed at the same time and joined.
    /// Any failure (including a quoted field that spans the split) returns nil, and the file is
    /// read whole instead: that path gives the exact error and line.
    private func parseInParts() -> Parsed? {
        let stored = Schema.table(table).storedColumns
        guard !stored.contains(where: { if case .referenceSet = $0.type { true } else { false } }),
              let split = Self.splitPoint(readPath), split > 0 else { return nil }
        final class Part: @unchecked Sendable {
            var columns: [ColumnData] = []
            var lines: RowLines?
            var linesRead = 0
            var notes: [String] = []
            var sinks: [ColumnSink] = []
            var order: [Int] = []
            var empty = EmptyRows()
        }
        let parts = [Part(), Part()]
        nonisolated(unsafe) let parser = self
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do throws(LoadError) {
                let reader = try parser.reader(range: i == 0 ? 0..<split : split..<Int.max)
                let order: [Int]
                if i == 0 { (order, parts[i].notes) = try parser.readHeader(reader) } else { order = try parser.readHeader(parser.reader()).order }
                let sinks = order.map { parser.makeSink(stored[$0]) }
                // The first part reports for both: the halves advance at about the same pace.
                let progress = i == 0 ? parser.progress.map { report in { (read: Int, total: Int) in report(min(2 * read, total), total) } } : nil
                parts[i].lines = try parser.readRows(reader, order: order, sinks: sinks, empty: &parts[i].empty, progress: progress)
                (parts[i].sinks, parts[i].order) = (sinks, order)
                parts[i].linesRead = reader.linesRead
                var columns = [ColumnData?](repeating: nil, count: stored.count)
                for (sink, index) in zip(sinks, order) { columns[index] = sink.finish() }
                parts[i].columns = columns.map { $0! }
            } catch {
                parts[i].lines = nil
            }
        }
        guard let first = parts[0].lines, let second = parts[1].lines else { return nil }
        // Column by column, each part's copy dropped once joined, so the load never holds the
        // whole table twice.
        var columns: [ColumnData] = []
        for index in stored.indices {
            columns.append(ColumnData.joined([parts[0].columns[index], parts[1].columns[index]]))
            parts[0].columns[index] = .bool([])
            parts[1].columns[index] = .bool([])
            CSVLoader.releaseFreedMemory()
        }
        var notes = parts[0].notes + Self.normalisationNotes([parts[0].sinks, parts[1].sinks], order: parts[0].order, stored: stored)
        // Empty rows at the end of the first half lie between data rows when the second has any.
        var empty = parts[0].empty
        if second.count > 0 { empty.between += empty.pending; empty.first = empty.first ?? empty.pendingFirst }
        empty.between += parts[1].empty.between
        if let note = empty.note { notes.append(note) }
        return Parsed(columns: columns, notes: notes, pendingSets: [:],
                      lines: RowLines.joined(first, second, lineOffset: parts[0].linesRead))
    }

    /// The offset just after the first line end past the middle of a large file, or nil.
    private static func splitPoint(_ path: String) -> Int? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, Int(info.st_size) >= partedSize else { return nil }
        let middle = Int(info.st_size) / 2
        var block = [UInt8](repeating: 0, count: 1 << 16)
        let n = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 1 << 16, off_t(middle)) }
        guard n > 0, let newline = block[0..<n].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return middle + newline + 1
    }

    /// The stored column of each header field, and notes on names read through an alias.
    private func readHeader(_ reader: CSVRecordReader) throws(LoadError) -> (order: [Int], notes: [String]) {
        let schema = Schema.table(table)
        if reader.looksBinary {
            throw LoadError(file: path, message: Message(.binaryNotCSV), hint: Message(.isUTF8Header, table.fileName))
        }
        guard try reader.next() else {
            throw LoadError(file: path, line: 1, message: Message(.fileEmpty),
                            hint: Message(.expectedHeaderRow, schema.storedColumns.map(\.name).joined(separator: ",")))
        }
        do throws(LoadError) {
            return try headerOrder(reader, schema: schema)
        } catch {
            // A title or notes above the table: the header is the first of the next rows that
            // names the table's columns. Otherwise the first row's error stands.
            for _ in 0..<20 {
                guard (try? reader.next()) == true else { break }
                if var found = try? headerOrder(reader, schema: schema) {
                    found.notes.insert("header on row \(reader.line) (the rows above it are skipped)", at: 0)
                    return found
                }
            }
            throw error
        }
    }

    /// Empty rows skipped: those between data rows are reported, those after the last are not.
    struct EmptyRows {
        var between = 0, pending = 0
        var first: Int?, pendingFirst: Int?
        var note: String? {
            between == 0 ? nil : "skipped \(between) empty row\(between == 1 ? "" : "s") between the data (the first on line \(first ?? 0))"
        }
    }

    /// The notes of sinks that read fields by a looser rule, counts summed over the parts.
    private static func normalisationNotes(_ parts: [[ColumnSink]], order: [Int], stored: [ColumnSchema]) -> [String] {
        guard let first = parts.first else { return [] }
        return first.indices.compactMap { i in
            guard let sink = first[i] as? NormalisingSink else { return nil }
            let count = parts.reduce(0) { $0 + (($1[i] as? NormalisingSink)?.normalised ?? 0) }
            return count > 0 ? sink.note(column: stored[order[i]].name, count: count) : nil
        }
    }

    /// Every record after the header into the sinks; the line each row started on.
    private func readRows(_ reader: CSVRecordReader, order: [Int], sinks: [ColumnSink], empty: inout EmptyRows,
                          progress: ((Int, Int) -> Void)?) throws(LoadError) -> RowLines {
        let stored = Schema.table(table).storedColumns
        let required = order.map { !stored[$0].nullable }
        var lines = RowLines.Builder()
        let fileSize = reader.fileSize
        var nextReport = 64 << 20
        var blankLines = reader.blankLines
        // The sinks without a retain and release per field (a third of the load's time when
        // they were an array of existentials); `sinks` keeps them alive.
        let sinkRefs = sinks.map { Unmanaged.passUnretained($0) }
        defer { withExtendedLifetime(sinks) {} }
        while try reader.next() {
            // Blank lines, and rows of empty fields (`;;;;`, a formatted but empty sheet row), are no rows.
            if reader.blankLines > blankLines {
                empty.pendingFirst = empty.pendingFirst ?? reader.line - (reader.blankLines - blankLines)
                empty.pending += reader.blankLines - blankLines
                blankLines = reader.blankLines
            }
            if reader.allFieldsEmpty {
                empty.pendingFirst = empty.pendingFirst ?? reader.line
                empty.pending += 1
                continue
            }
            if empty.pending > 0 {
                empty.first = empty.first ?? empty.pendingFirst
                empty.between += empty.pending
                (empty.pending, empty.pendingFirst) = (0, nil)
            }
            guard reader.fieldCount == sinks.count else {
                let found = reader.fieldCount
                let place = found > sinks.count ? reader.place(ofField: sinks.count) : (reader.line, 1)
                throw LoadError(file: path, line: place.0, column: place.1,
                                message: Message(.fieldCount, sinks.count, found),
                                hint: found > sinks.count ? Message(.commaQuoted) : Message(.everyRowNeeds),
                                sourceLine: reader.sourceLine())
            }
            for i in 0..<sinkRefs.count {
                let field = reader.field(i)
                if field.start == field.end {
                    if required[i] {
                        throw fieldError(reader, i, stored[order[i]].name, FieldError(message: Message(.valueRequired, stored[order[i]].name)))
                    }
                    sinkRefs[i]._withUnsafeGuaranteedRef { $0.appendMissing() }
                    continue
                }
                var failure: FieldError?
                reader.withField(i) { (bytes: UnsafeBufferPointer<UInt8>) in
                    sinkRefs[i]._withUnsafeGuaranteedRef { sink in
                        do throws(FieldError) { try sink.append(bytes) } catch { failure = error }
                    }
                }
                if let failure { throw fieldError(reader, i, stored[order[i]].name, failure) }
            }
            lines.append(reader.line)
            if lines.count == 4096, let bytes = reader.bytesToRead {
                // Rows to come, from the size of those read so far (a little over, rather than under).
                let estimate = 4096 + bytes / max(1, reader.bytesConsumed / 4096) * 21 / 20
                for sink in sinks { sink.reserve(estimate) }
                lines.reserve(estimate)
            }
            if let progress, reader.bytesRead >= nextReport {
                progress(reader.bytesRead, fileSize)
                nextReport += 64 << 20
            }
        }
        return lines.build()
    }

    /// Maps header fields to stored columns; every stored column exactly once.
    private func headerOrder(_ reader: CSVRecordReader, schema: TableSchema) throws(LoadError) -> (order: [Int], notes: [String]) {
        let stored = schema.storedColumns
        var order: [Int] = [], notes: [String] = []
        for i in 0..<reader.fieldCount {
            let name = reader.text(ofField: i).trimmingSpaces
            let place = reader.place(ofField: i)
            func fail(_ message: Message, _ hint: Message?) -> LoadError {
                LoadError(file: path, line: place.line, column: place.column, text: name, message: message, hint: hint,
                          sourceLine: reader.sourceLine())
            }
            if name.isEmpty {
                throw fail(Message(.headerCellEmpty, Self.columnLetter(i)),
                           Message(.nameTheColumn, table.fileName, stored.map(\.name).joined(separator: ", ")))
            }
            if let derived = schema.column(named: name), derived.derived {
                throw fail(Message(.derivedNotRead, derived.name), Message(.derivedHint))
            }
            let folded = NameMatching.fold(name)
            let aliased = Schema.headerAliases[folded].map(NameMatching.fold)
            guard let index = stored.firstIndex(where: { $0.name == name || $0.asciiName == folded })
                    ?? stored.firstIndex(where: { $0.asciiName == aliased }) else {
                let hint = NameMatching.suggestion(for: name, among: stored.map(\.name)).map { Message(.didYouMean, $0) }
                    ?? Message(.columnsOf, table.fileName, stored.map(\.name).joined(separator: ", "))
                throw fail(Message(.unknownFileColumn, name, table.fileName), hint)
            }
            if order.contains(index) { throw fail(Message(.columnTwice, stored[index].name), nil) }
            if stored[index].asciiName != folded { notes.append(Message(.columnReadAs, name, stored[index].name).localized) }
            order.append(index)
        }
        let missing = stored.indices.filter { !order.contains($0) }.map { stored[$0].name }
        if !missing.isEmpty {
            throw LoadError(file: path, line: reader.line, message: Message(missing.count > 1 ? .headerLacksColumns : .headerLacksColumn, missing.joined(separator: ", ")),
                            hint: Message(.headerIs, table.fileName, stored.map(\.name).joined(separator: ",")),
                            sourceLine: reader.sourceLine())
        }
        return (order, notes)
    }

    /// A spreadsheet's letter for column i (0 → A, 26 → AA).
    static func columnLetter(_ i: Int) -> String {
        var n = i + 1, letters = ""
        while n > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    private func makeSink(_ column: ColumnSchema) -> ColumnSink {
        if table == .kommuner, column.name == "kod" { return KodSink() }
        return switch column.type {
        case .int: IntSink()
        case .text: TextSink()
        case .bool: BoolSink()
        case .date: DateSink()
        case .category(let c): CategorySink(c, column: column.name)
        case .categorySet(let c): CategorySetSink(c, column: column.name)
        case .reference(.forbund): TextReferenceSink(targets.forbund!, target: .forbund)
        case .reference(.kommuner): TextReferenceSink(targets.kommuner!, target: .kommuner)
        case .reference(.insatser): IntReferenceSink(targets.insatser!, target: .insatser)
        case .referenceSet: PendingReferenceSetSink()
        case .reference(.deltagare), .reference(.befolkning), .yearSet: preconditionFailure("no stored column of this kind")
        }
    }

    private func fieldError(_ reader: CSVRecordReader, _ i: Int, _ column: String, _ error: FieldError) -> LoadError {
        let place = reader.place(ofField: i, offset: error.part?.lowerBound)
        var text = reader.text(ofField: i)
        if let part = error.part {
            text = (try? reader.withField(i) { (bytes: UnsafeBufferPointer<UInt8>) throws(FieldError) in
                String(decoding: UnsafeBufferPointer(rebasing: bytes[part]), as: UTF8.self)
            }) ?? text
        }
        return LoadError(file: path, line: place.line, column: place.column, columnName: column, text: text,
                         message: error.message, hint: error.hint, sourceLine: reader.sourceLine())
    }
}

extension String {
    /// Without leading and trailing spaces.
    public var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

/// The line each row of a file started on. Stored as line minus row, which is the same
/// small number for every row unless a quoted field spans lines: a byte a row, not four.
struct RowLines {
    private let offsets: PackedInts

    struct Builder {
        private var offsets = PackedIntsBuilder(missing: Missing.int)
        mutating func append(_ line: Int) { offsets.append(Int32(truncatingIfNeeded: line - offsets.count)) }
        mutating func reserve(_ rows: Int) { offsets.reserveCapacity(rows) }
        var count: Int { offsets.count }
        func build() -> RowLines { RowLines(offsets: offsets.build()) }
    }

    /// The lines of a file read in two parts: the second part counted its lines from 1.
    static func joined(_ first: RowLines, _ second: RowLines, lineOffset: Int) -> RowLines {
        // Row r of the second part is row first.count + r of the file.
        let shifted = second.offsets.mapValues(missing: Missing.int) { $0 &+ Int32(lineOffset - first.count) }
        return RowLines(offsets: PackedInts.joined([first.offsets, shifted]))
    }

    var count: Int { offsets.count }
    subscript(row: Int) -> Int32 { offsets[row] &+ Int32(truncatingIfNeeded: row) }
}
