#if canImport(Glibc)
import Glibc
#endif

/// Loads the project's CSV format (what `finsam generate` writes). All or nothing: the
/// result is a new `Dataset` value, and any failure leaves the caller's dataset as it was.
public enum CSVLoader {
    /// Progress of a long load: the table, bytes read, bytes in the file.
    public typealias Progress = @Sendable (TableName, Int, Int) -> Void

    /// Loads the tables of a folder holding deltagare.csv, insatser.csv, forbund.csv,
    /// kommuner.csv and befolkning.csv (without which befolkning is empty).
    public static func loadDataset(directory: String, progress: Progress? = nil) throws(LoadError) -> Dataset {
        try loadDatasetReporting(directory: directory, progress: progress).dataset
    }

    /// `loadDataset`, with notes on what the folder lacked: a folder written before finsam had
    /// befolkning has no befolkning.csv, and loads with that table empty rather than failing.
    public static func loadDatasetReporting(directory: String, progress: Progress? = nil) throws(LoadError) -> (dataset: Dataset, notes: [String]) {
        func path(_ t: TableName) -> String { directory.hasSuffix("/") ? directory + t.fileName : directory + "/" + t.fileName }
        // förbund and kommuner refer to each other; their reference sets are resolved once both are read.
        let kommunerParsed = try parser(.kommuner, Input(path: path(.kommuner)), TableFileParser.Targets(), progress).parse()
        let förbundParsed = try parser(.forbund, Input(path: path(.forbund)), TableFileParser.Targets(), progress).parse()
        let (kommuner, förbund) = try rosters(kommuner: kommunerParsed, kommunerPath: path(.kommuner),
                                              förbund: förbundParsed, förbundPath: path(.forbund))
        let insatser = try load(.insatser, Input(path: path(.insatser)), förbund: förbund, kommuner: kommuner, insatser: nil, progress: progress).table
        let deltagare = try load(.deltagare, Input(path: path(.deltagare)), förbund: förbund, kommuner: kommuner, insatser: insatser, progress: progress).table
        var notes: [String] = []
        let befolkning: Table
        if access(path(.befolkning), F_OK) == 0 {
            befolkning = try load(.befolkning, Input(path: path(.befolkning)), förbund: förbund, kommuner: kommuner, insatser: nil, progress: progress).table
        } else {
            befolkning = Derivation.empty(.befolkning)
            notes.append(Message(.noBefolkningFile, path(.befolkning)).localized)
        }
        let dataset = Dataset(deltagare: deltagare, insatser: insatser, forbund: förbund, kommuner: kommuner, befolkning: befolkning)
        releaseFreedMemory()
        return (dataset, notes)
    }

    /// Hands the memory of a load's temporary arrays back to the system. glibc keeps freed
    /// blocks below its (adaptive) mmap threshold in its heap, so without a trim the parsing
    /// halves and joined copies would stay resident beside the tables.
    static func releaseFreedMemory() {
        #if canImport(Glibc)
        // malloc.h is not part of the Glibc module: look the function up instead.
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        #endif
    }

    /// Replaces one table of `dataset` with the contents of a file. References from the file
    /// resolve against the dataset's other tables; references into the replaced table are
    /// re-pointed by key.
    public static func loadTable(_ name: TableName, from path: String, into dataset: Dataset,
                                 progress: Progress? = nil) throws(LoadError) -> Dataset {
        try loadTableReporting(name, from: path, into: dataset, progress: progress).dataset
    }

    /// `loadTable`, with a report of what was read. `options` choose a workbook's sheet, or an
    /// import profile that reads another export's layout.
    public static func loadTableReporting(_ name: TableName, from path: String, into dataset: Dataset,
                                          options: ImportOptions = ImportOptions(),
                                          progress: Progress? = nil) throws(LoadError) -> (dataset: Dataset, report: LoadReport) {
        var input = Input(path: path, sheet: options.sheet)
        if let layout = options.layout {
            guard layout.table == name else {
                throw LoadError(file: path, message: Message(.layoutReads, layout.rawValue, layout.table.rawValue, layout.summary, name.rawValue),
                                hint: Message(.layoutHint, layout.table.rawValue, layout.rawValue))
            }
            let (table, notes) = try SCBPopulation.read(path: path, sheet: options.sheet, kommuner: dataset.kommuner,
                                                       unknownValues: options.unknownValues)
            return (try dataset.replacing(table), LoadReport(table: table, file: path, notes: notes))
        }
        if let profile = options.profile {
            guard profile.table == name else {
                throw LoadError(file: path, message: Message(.profileReads, profile.name, profile.table.rawValue, name.rawValue),
                                hint: Message(.profileReadsHint, profile.table.rawValue, profile.name))
            }
            (input.translated, input.notes) = try ProfileTranslation(profile: profile, options: options, dataset: dataset, path: path).write()
        }
        defer { if let translated = input.translated { unlink(translated) } }
        let table: Table
        var notes: [String] = []
        switch name {
        case .deltagare, .insatser:
            (table, notes) = try load(name, input, förbund: dataset.forbund, kommuner: dataset.kommuner,
                                      insatser: dataset.insatser, progress: progress)
        case .befolkning:
            do throws(LoadError) {
                (table, notes) = try load(name, input, förbund: dataset.forbund, kommuner: dataset.kommuner,
                                          insatser: nil, progress: progress)
            } catch {
                // SCB's own layout fails on its title or header: say how to read it instead.
                if input.translated == nil, SCBPopulation.looksLikeSCB(path: path) {
                    throw LoadError(file: path, message: Message(.looksSCB),
                                    hint: Message(.looksSCBHint))
                }
                throw error
            }
        case .kommuner:
            let parsed = try parser(.kommuner, input, TableFileParser.Targets(), progress).parse()
            notes = parsed.notes
            table = try rosters(kommuner: parsed, kommunerPath: path, förbund: nil, förbundPath: "",
                                existingFörbund: dataset.forbund, existingKommuner: dataset.kommuner).kommuner
        case .forbund:
            let parsed = try parser(.forbund, input, TableFileParser.Targets(), progress).parse()
            notes = parsed.notes
            table = try rosters(kommuner: nil, kommunerPath: "", förbund: parsed, förbundPath: path,
                                existingFörbund: dataset.forbund, existingKommuner: dataset.kommuner).förbund
        }
        let next = try dataset.replacing(table)
        return (next, LoadReport(table: table, file: path, notes: input.notes + notes))
    }

    /// The file a load names, and what it is read through.
    private struct Input {
        var path: String
        var sheet: String?
        /// The project-format copy an import profile wrote.
        var translated: String?
        var notes: [String] = []
    }

    private static func parser(_ name: TableName, _ input: Input, _ targets: TableFileParser.Targets,
                               _ progress: Progress?) -> TableFileParser {
        var parser = TableFileParser(table: name, path: input.path, targets: targets)
        parser.sheet = input.sheet
        parser.translated = input.translated
        if let progress { parser.progress = { progress(name, $0, $1) } }
        return parser
    }

    private static func load(_ name: TableName, _ input: Input, förbund: Table, kommuner: Table, insatser: Table?,
                             progress: Progress?) throws(LoadError) -> (table: Table, notes: [String]) {
        let path = input.path
        var targets = TableFileParser.Targets()
        targets.forbund = ByteKeyLookup(keys: förbund.texts("id").map { $0 ?? "" })
        targets.kommuner = ByteKeyLookup(keys: kommuner.texts("kommun").map { $0 ?? "" })
        if let insatser {
            var rows: [Int32: Int32] = [:]
            for (row, id) in insatser.ints("id").enumerated() where rows[id] == nil { rows[id] = Int32(row) }
            targets.insatser = rows
        }
        let parsed = try parser(name, input, targets, progress).parse()
        let table = Derivation.table(name, stored: parsed.columns.map { $0! })
        try Validation.keysAreUnique(table, path: path, lines: parsed.lines)
        try Validation.valuesInRange(table, path: path, lines: parsed.lines)
        if name == .deltagare, let insatser {
            try Validation.deltagare(table, insatser: insatser, path: path, lines: parsed.lines)
        }
        if name == .insatser { try Validation.insatser(table, path: path, lines: parsed.lines) }
        if name == .befolkning { try Validation.befolkning(table, kommuner: kommuner, path: path, lines: parsed.lines) }
        return (table, parsed.notes)
    }

    /// Builds the kommuner and förbund tables, resolving their sets of references to each
    /// other. A table not given is taken from the existing dataset.
    static func rosters(kommuner: TableFileParser.Parsed?, kommunerPath: String,
                        förbund: TableFileParser.Parsed?, förbundPath: String,
                        existingFörbund: Table? = nil, existingKommuner: Table? = nil) throws(LoadError) -> (kommuner: Table, förbund: Table) {
        let storedK = Schema.kommuner.storedColumns, storedF = Schema.förbund.storedColumns
        let kommunNames: [String] = kommuner.map { textColumn($0, storedK, "kommun") } ?? existingKommuner!.texts("kommun").map { $0 ?? "" }
        let förbundIds: [String] = förbund.map { textColumn($0, storedF, "id") } ?? existingFörbund!.texts("id").map { $0 ?? "" }

        var kommunerTable = existingKommuner
        if let kommuner {
            var columns = kommuner.columns
            let index = storedK.firstIndex { $0.name == "förbund" }!
            columns[index] = try resolve(kommuner.pendingSets[index]!, keys: förbundIds, target: .forbund,
                                         column: "förbund", path: kommunerPath, lines: kommuner.lines)
            kommunerTable = Derivation.table(.kommuner, stored: columns.map { $0! })
            try Validation.keysAreUnique(kommunerTable!, path: kommunerPath, lines: kommuner.lines)
        }
        var förbundTable = existingFörbund
        if let förbund {
            var columns = förbund.columns
            let index = storedF.firstIndex { $0.name == "kommuner" }!
            columns[index] = try resolve(förbund.pendingSets[index]!, keys: kommunNames, target: .kommuner,
                                         column: "kommuner", path: förbundPath, lines: förbund.lines)
            förbundTable = Derivation.table(.forbund, stored: columns.map { $0! }, kommuner: kommunerTable!)
            try Validation.keysAreUnique(förbundTable!, path: förbundPath, lines: förbund.lines)
        }
        if kommuner != nil, förbund != nil {
            try Validation.rostersAgree(kommuner: kommunerTable!, förbund: förbundTable!, kommunerPath: kommunerPath)
        }
        return (kommunerTable!, förbundTable!)
    }

    private static func textColumn(_ parsed: TableFileParser.Parsed, _ stored: [ColumnSchema], _ name: String) -> [String] {
        guard case .text(let values)? = parsed.columns[stored.firstIndex { $0.name == name }!] else { return [] }
        return values.map { $0 ?? "" }
    }

    private static func resolve(_ pending: PendingReferenceSetSink, keys: [String], target: TableName, column: String,
                                path: String, lines: RowLines) throws(LoadError) -> ColumnData {
        var rows: [String: Int32] = [:]
        for (row, key) in keys.enumerated() where rows[key] == nil { rows[key] = Int32(row) }
        var targets: [Int32] = []
        targets.reserveCapacity(pending.keys.count)
        var row = 0
        for (i, key) in pending.keys.enumerated() {
            while pending.offsets[row + 1] <= Int32(i) { row += 1 }
            guard let targetRow = rows[key] else {
                let hint = NameMatching.suggestion(for: key, among: keys).map { Message(.didYouMean, $0) }
                throw Validation.error(path: path, line: Int(lines[row]), column: column, text: key,
                                       message: Message(.noKeyRowQuoted, target.rawValue, key),
                                       hint: hint ?? Message(.everyReference, target.fileName))
            }
            targets.append(targetRow)
        }
        return .referenceSet(offsets: pending.offsets, targets: targets)
    }
}
