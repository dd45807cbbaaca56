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
        var pendingSets: [Int: PendingReferenceSetSink]
        /// The line each row started on, for errors found after parsing.
        var lines: [Int32]
        var rowCount: Int { lines.count }
    }

    let table: TableName
    let path: String
    let targets: Targets
    var progress: ((Int, Int) -> Void)?

    func parse() throws(LoadError) -> Parsed {
        let reader = try CSVRecordReader(path: path)
        let schema = Schema.table(table)
        let stored = schema.storedColumns
        if reader.looksBinary {
            throw LoadError(file: path, message: "a binary file, not CSV text", hint: "\(table.fileName) is UTF-8 text with a header row")
        }
        guard try reader.next() else {
            throw LoadError(file: path, line: 1, message: "the file is empty",
                            hint: "expected a header row: \(stored.map(\.name).joined(separator: ","))")
        }
        let order = try headerOrder(reader, schema: schema)
        let sinks = order.map { makeSink(stored[$0]) }
        let required = order.map { !stored[$0].nullable }
        var lines: [Int32] = []
        let fileSize = reader.fileSize
        var nextReport = 64 << 20
        while try reader.next() {
            guard reader.fields.count == sinks.count else {
                let found = reader.fields.count
                let place = found > sinks.count ? reader.place(ofField: sinks.count) : (reader.line, 1)
                throw LoadError(file: path, line: place.0, column: place.1,
                                message: "expected \(sinks.count) fields, found \(found)",
                                hint: found > sinks.count ? "a field with a comma must be quoted" : "every row needs a value (or an empty field) for each column",
                                sourceLine: reader.sourceLine())
            }
            for i in 0..<sinks.count {
                let field = reader.fields[i]
                if field.start == field.end {
                    if required[i] {
                        throw fieldError(reader, i, stored[order[i]].name, FieldError(message: "a value is required for \(stored[order[i]].name)"))
                    }
                    sinks[i].appendMissing()
                    continue
                }
                do throws(FieldError) {
                    try reader.withField(i) { (bytes: UnsafeBufferPointer<UInt8>) throws(FieldError) in try sinks[i].append(bytes) }
                } catch {
                    throw fieldError(reader, i, stored[order[i]].name, error)
                }
            }
            lines.append(Int32(truncatingIfNeeded: reader.line))
            if let progress, reader.bytesRead >= nextReport {
                progress(reader.bytesRead, fileSize)
                nextReport += 64 << 20
            }
        }
        var columns = [ColumnData?](repeating: nil, count: stored.count)
        var pending: [Int: PendingReferenceSetSink] = [:]
        for (sink, index) in zip(sinks, order) {
            if let set = sink as? PendingReferenceSetSink { pending[index] = set } else { columns[index] = sink.finish() }
        }
        return Parsed(columns: columns, pendingSets: pending, lines: lines)
    }

    /// Maps header fields to stored columns; every stored column exactly once.
    private func headerOrder(_ reader: CSVRecordReader, schema: TableSchema) throws(LoadError) -> [Int] {
        let stored = schema.storedColumns
        var order: [Int] = []
        for i in 0..<reader.fields.count {
            let name = reader.text(ofField: i).trimmingSpaces
            let place = reader.place(ofField: i)
            func fail(_ message: String, _ hint: String?) -> LoadError {
                LoadError(file: path, line: place.line, column: place.column, text: name, message: message, hint: hint,
                          sourceLine: reader.sourceLine())
            }
            if let derived = schema.column(named: name), derived.derived {
                throw fail("\(derived.name) is a derived column and is not read from files", "remove the column; it is computed at load")
            }
            let folded = NameMatching.fold(name)
            guard let index = stored.firstIndex(where: { $0.name == name || $0.asciiName == folded }) else {
                let hint = NameMatching.suggestion(for: name, among: stored.map(\.name)).map { "did you mean '\($0)'?" }
                    ?? "the columns of \(table.fileName) are: \(stored.map(\.name).joined(separator: ", "))"
                throw fail("unknown column '\(name)' in \(table.fileName)", hint)
            }
            if order.contains(index) { throw fail("the column \(stored[index].name) appears twice", nil) }
            order.append(index)
        }
        let missing = stored.indices.filter { !order.contains($0) }.map { stored[$0].name }
        if !missing.isEmpty {
            throw LoadError(file: path, line: reader.line, message: "the header lacks the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", "))",
                            hint: "the header of \(table.fileName) is: \(stored.map(\.name).joined(separator: ","))",
                            sourceLine: reader.sourceLine())
        }
        return order
    }

    private func makeSink(_ column: ColumnSchema) -> ColumnSink {
        switch column.type {
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
        case .reference(.deltagare), .yearSet: preconditionFailure("no stored column of this kind")
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
