import FinsamDataset
import FinsamStore
import Foundation

/// The embeddable interpreter: holds a dataset, `let` definitions, settings and the last
/// result, and runs source text against them. A failing statement changes nothing: each
/// statement's effects are applied only once it has succeeded.
///
/// A session may be shared by many tasks or threads: its state is guarded by a lock, and its
/// statements run one at a time (a statement sees the `let`s and settings of the ones before
/// it, never half of another's). Sessions that should run side by side are cheap to make: they
/// use one built-in dataset, which is built once per process.
public final class Session: @unchecked Sendable {
    // @unchecked: every stored property is a `Guarded` value or a constant; `statementLock`
    // makes one statement (or script) at a time run, so none sees half of another's effects.
    // Recursive: `query` runs through `run`, and an outcome's callback may render. Foundation's
    // locks, not Synchronization's Mutex: that needs macOS 15, and the package supports 14.
    private let statementLock = NSRecursiveLock()

    /// Runs `body` as one statement: other tasks' statements wait until it is done.
    func locked<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        statementLock.lock()
        defer { statementLock.unlock() }
        return try body()
    }

    /// The tables the session queries; `load` replaces one of them in this session only.
    @Guarded public internal(set) var dataset: Dataset {
        didSet { mostRowsPerPerson = nil; derivedColumns.removeAll() }
    }
    /// Columns computed from the dataset (case lets, row arithmetic), kept between statements
    /// until the dataset or a let changes.
    let derivedColumns = DerivedColumnCache()
    /// The most deltagare rows one person has, found on the first suppressed query of a dataset.
    @Guarded private var mostRowsPerPerson: Int? = nil
    /// How numbers, labels and headers are written (`set locale`, `set decimals`).
    @Guarded public var display = DisplaySettings()
    /// How `render(_:)` lays out a table when no format is given (`set format`).
    @Guarded public var format: OutputFormat = .box
    /// Small-cell suppression of results from deltagare: cells based on fewer than this many
    /// persons show `..` (nil: off).
    @Guarded public var suppression: Int? = Session.defaultSuppression
    /// The threshold suppression starts with, and that `set suppress on` restores.
    public static let defaultSuppression = 5
    /// The level of `with ci` intervals in percent (`set ci 90|95|99`).
    @Guarded public var confidenceLevel: Double = 95
    /// The table of the last query (what `expect` and `export` read).
    @Guarded public internal(set) var lastResult: ResultTable? = nil
    @Guarded var lets: [String: LetDefinition] = [:]
    /// Asked between the phases of a query; true cancels it (Ctrl-C at the prompt).
    @Guarded public var isInterrupted: (@Sendable () -> Bool)? = nil
    /// Which aggregation paths a query may take. Answers never depend on it: `.general` exists
    /// so that tests can check the fast single-pass scan against the general path.
    @Guarded public var engine: Engine = .automatic

    /// Which aggregation paths a query may take.
    public enum Engine: Sendable {
        /// The chunked two-core scan where it applies, the general path otherwise.
        case automatic
        /// Always the general path (materialised selection, memberships, sorting).
        case general
    }

    /// What a statement produced.
    public enum Output: Sendable {
        /// A query's result, or what describe, tables and values list.
        case table(ResultTable)
        /// A query that ends in `plot`: its result drawn (the shell renders it at its width).
        case chart(Chart, ResultTable)
        /// Text that is the answer: help, sql.
        case message(String)
        /// A confirmation or report that is not part of the results: a `let` or `set`, what a
        /// `load` read, what an `export` wrote. Shells keep it out of csv and json output.
        case notice(String)
        /// An `expect` that held.
        case expectation(String)
    }

    /// A statement of a script and how it went (for runners that go on after a failure).
    public struct Outcome: Sendable {
        /// The statement's first line in the script.
        public var line: Int
        /// True for `expect`.
        public var isExpectation: Bool
        /// The statement as written (for reports, which print the query beside its answer).
        public var text = ""
        /// What the statement produced, or why it failed.
        public var result: Result<[Output], FinsamError>
        /// Binding, planning, execution and building the result; not rendering.
        public var elapsed: Duration = .zero
    }

    /// A session on `dataset`; by default the built-in dataset, built on the first session of
    /// the process and shared by all (its tables are immutable values: `load` replaces a table
    /// in this session's copy only).
    ///
    /// `readOnly`: the session refuses `load`, `export` and every other reading or writing of
    /// files (an error of kind `.readOnly`), for a service that runs queries its users write.
    public init(dataset: Dataset = BuiltInDataset.shared, readOnly: Bool = false) {
        _dataset = Guarded(wrappedValue: dataset)
        isReadOnly = readOnly
    }

    /// True when the session refuses `load`, `export` and file access.
    public let isReadOnly: Bool

    /// A session on the tables of a folder in the project's CSV format.
    public convenience init(directory: String) throws(FinsamError) {
        do {
            let (dataset, notes) = try CSVLoader.loadDatasetReporting(directory: directory)
            self.init(dataset: dataset)
            loadNotes = notes
        } catch {
            throw FinsamError(error)
        }
        dataDirectory = directory
    }

    /// What loading the folder of `init(directory:)` noted: a table it lacked and left empty
    /// (befolkning.csv in a folder written before finsam had it). Shells show it on standard error.
    @Guarded public internal(set) var loadNotes: [String] = []

    /// The folder the tables were read from (nil: the built-in dataset), for `sql`.
    @Guarded public var dataDirectory: String? = nil
    /// Tables replaced by `load`, and their files.
    @Guarded var loadedFiles: [TableName: String] = [:]

    /// The query in `text` as one self-contained DuckDB statement over the CSV files in
    /// `directory` (by default the folder the session was loaded from, else `data`); `$name`
    /// takes `parameters[name]` as in `run`.
    public func sql(_ text: String, parameters: [String: ParameterValue] = [:], directory: String? = nil) throws(FinsamError) -> String {
        try inLanguage { () throws(FinsamError) -> String in
            let source = SourceText(text, name: "<query>")
            let statements = try Parser.parse(source, parameters: parameters)
            statementLock.lock()
            defer { statementLock.unlock() }
            guard statements.count == 1 else { throw FinsamError(Message(.sqlOneQuery), hint: Message(.sqlExample)) }
            switch statements[0] {
            case .query(let q), .sql(let q, _): return try sqlText(q, source: source, directory: directory)
            default: throw FinsamError(Message(.sqlTakesQuery), at: statements[0].span, in: source, hint: Message(.sqlExample))
            }
        }
    }

    func sqlText(_ q: QuerySyntax, source: SourceText, directory: String? = nil) throws(FinsamError) -> String {
        let binder = binder(source)
        let folder = directory ?? dataDirectory ?? "data"
        var header = "-- finsam: \(source.text(q.span).split(whereSeparator: \.isNewline).joined(separator: " "))\n"
        if directory == nil, dataDirectory == nil {
            header += "-- the built-in dataset: write its files first with `finsam generate --out data`\n"
        }
        let files = directory == nil ? loadedFiles : [:]
        func generator(_ bound: BoundQuery) -> SQLGenerator {
            var generator = SQLGenerator(query: bound, dataset: dataset, directory: folder, files: files, totalLabel: display.locale.total,
                                         differenceLabel: display.locale.difference)
            (generator.yes, generator.no) = (display.locale.yesNo("true"), display.locale.yesNo("false"))
            return generator
        }
        if q.list != nil || q.steps.contains(where: { $0.list != nil }) {
            guard q.steps.isEmpty else {
                throw FinsamError(Message(.sqlListStep), at: q.span, in: source)
            }
            let listing = try binder.listing(q, locale: display.locale)
            let bound = BoundQuery(table: listing.table, filter: listing.filter, measures: [], by: [], pivot: nil, order: [], top: nil)
            return header + generator(bound).listing(listing)
        }
        var bound = try binder.query(q)
        guard !q.steps.isEmpty else { return header + generator(bound).statement() }
        // A pipeline: each step a CTE over the one before (its table is the step's result, so
        // the steps run to bind the next).
        var leading: [String] = []
        for (i, step) in q.steps.enumerated() {
            guard bound.pivot == nil else {
                throw FinsamError(Message(.sqlPipeline), at: step.span, in: source)
            }
            let (result, plan) = try run(bound)
            let input = try Pipeline.table(result, plan: plan, dataset: dataset, step: i + 1)
            var sql = generator(bound)
            if i > 0 { sql.source = "step\(i)" }
            leading.append(sql.stepCTE("step\(i + 1)", statement: sql.statement(), input: input, plan: plan))
            bound = try binder.query(step, over: input)
        }
        var last = generator(bound)
        last.source = "step\(q.steps.count)"
        last.leading = leading
        return header + last.statement()
    }

    /// The names the session's `let`s define, sorted.
    public var letNames: [String] { lets.keys.sorted() }

    /// Runs every statement; stops at the first that fails (earlier ones keep their effect).
    /// `$name` in a value's place takes `parameters[name]` (see `ParameterValue`); `name` and
    /// `firstLine` place the text in its file for error messages.
    @discardableResult
    public func run(_ text: String, parameters: [String: ParameterValue] = [:], name: String = "<input>",
                    firstLine: Int = 1) throws(FinsamError) -> [Output] {
        let source = SourceText(text, name: name, firstLine: firstLine)
        let statements = try inLanguage { () throws(FinsamError) in try Parser.parse(source, parameters: parameters) }
        return try locked { () throws(FinsamError) -> [Output] in
            var outputs: [Output] = []
            for statement in statements {
                outputs += try execute(statement, in: source)
            }
            return outputs
        }
    }

    /// Runs every statement, going on after failures (or stopping at the first): the outcome
    /// of each, timed, for test runners and shells. `each` sees an outcome as soon as its
    /// statement has run, while the settings are still those it ran with (a later `set format`
    /// must not change how an earlier table is printed).
    @discardableResult
    public func runScript(_ text: String, name: String, firstLine: Int = 1, stopAtFirstFailure: Bool = false,
                          each: ((Outcome) -> Void)? = nil) -> [Outcome] {
        let source = SourceText(text, name: name, firstLine: firstLine)
        // The whole script holds the lock: another task's statements do not land between its lines.
        statementLock.lock()
        defer { statementLock.unlock() }
        var outcomes: [Outcome] = []
        let clock = ContinuousClock()
        // Each statement parsed on its own: a syntax error fails its statement, not the script.
        for parsed in Parser.parseEach(source) {
            var outcome: Outcome
            switch parsed {
            case .failure(let error):
                outcome = Outcome(line: error.location?.line ?? firstLine, isExpectation: false, result: .failure(error.in(language)))
            case .success(let statement):
                let line = source.location(of: statement.span.start).line
                let isExpectation: Bool = switch statement {
                case .expectValue, .expectTable: true
                default: false
                }
                let start = clock.now
                do throws(FinsamError) {
                    outcome = Outcome(line: line, isExpectation: isExpectation, result: .success(try execute(statement, in: source)))
                } catch {
                    outcome = Outcome(line: line, isExpectation: isExpectation, result: .failure(error))
                }
                outcome.elapsed = clock.now - start
                outcome.text = source.text(statement.span)
            }
            outcomes.append(outcome)
            each?(outcome)
            if stopAtFirstFailure, case .failure = outcome.result { break }
        }
        return outcomes
    }

    /// Parses `text` and binds its queries without running them: names, values and types are
    /// checked, nothing changes (for editors, and the fuzzer of Fuzz/); `$name` takes
    /// `parameters[name]` as in `run`.
    public func validate(_ text: String, parameters: [String: ParameterValue] = [:]) throws(FinsamError) {
        try inLanguage { () throws(FinsamError) in
            let source = SourceText(text, name: "<input>")
            let statements = try Parser.parse(source, parameters: parameters)
            statementLock.lock()
            defer { statementLock.unlock() }
            for statement in statements {
                switch statement {
                case .query(let q), .sql(let q, _), .explain(let q, _): _ = try binder(source).query(q)
                default: break
                }
            }
        }
    }

    /// Runs one query and returns its table (of the last query, when the text holds several
    /// statements). `$name` in a value's place takes `parameters[name]`:
    /// `query("from deltagare where kön = $kön show count", ["kön": "kvinna"])`.
    public func query(_ text: String, _ parameters: [String: ParameterValue] = [:]) throws(FinsamError) -> ResultTable {
        for output in try run(text, parameters: parameters).reversed() {
            if case .table(let table) = output { return table }
            if case .chart(_, let table) = output { return table }
        }
        throw FinsamError(Message(.noQuery)).in(language)
    }

    /// The table as text in `format` (by default the session's), with its display settings.
    public func render(_ table: ResultTable, as format: OutputFormat? = nil) -> String {
        Renderer.render(table, as: format ?? self.format, settings: display)
    }

    /// A chart in `width` terminal columns.
    public func render(_ chart: Chart, width: Int) -> String {
        TerminalChart.render(chart, width: width, settings: display)
    }

    func binder(_ source: SourceText) -> Binder { Binder(dataset: dataset, lets: lets, source: source, derived: derivedColumns) }

    /// The session's language (`set locale`): of its errors, notes, help and confirmations.
    public var language: Language { display.locale.language }

    /// Runs `body` with the session's language as the current one (for loaders' notes); its
    /// error leaves in the language the session has when it fails.
    func inLanguage<R>(_ body: () throws(FinsamError) -> R) throws(FinsamError) -> R {
        let result: Result<R, FinsamError> = Language.$current.withValue(language) {
            do throws(FinsamError) { return .success(try body()) } catch { return .failure(error) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error): throw error.in(language)
        }
    }

    func execute(_ statement: StatementSyntax, in source: SourceText) throws(FinsamError) -> [Output] {
        try inLanguage { () throws(FinsamError) -> [Output] in try executeStatement(statement, in: source) }
    }

    func executeStatement(_ statement: StatementSyntax, in source: SourceText) throws(FinsamError) -> [Output] {
        switch statement {
        case .query(let q):
            let table = try answer(q, source: source)
            let chart = (q.steps.last ?? q).plot == nil ? nil : try Chart(table, locale: display.locale)
            lastResult = table
            return [chart.map { .chart($0, table) } ?? .table(table)]
        case .letBinding(let name, let nameSpan, let value, let span):
            return [.notice(try define(name, nameSpan: nameSpan, value: value, span: span, source: source))]
        case .set(let setting, let value, let span):
            return [.notice(try apply(setting: setting, value: value, span: span, source: source))]
        case .describe(let name, _):
            let table = try describe(name, source: source)
            lastResult = table
            return [.table(table)]
        case .tables:
            let table = tablesOverview()
            lastResult = table
            return [.table(table)]
        case .values(let name, let tableName, _):
            let table = try values(name, tableName: tableName, source: source)
            lastResult = table
            return [.table(table)]
        case .load(let load, let span):
            try refuseIfReadOnly("load", span: span, source: source)
            return [.notice(try self.load(load, span: span, source: source))]
        case .export(let path, let span):
            try refuseIfReadOnly("export", span: span, source: source)
            return [.notice(try export(to: path, span: span, source: source))]
        case .expectValue(let expected, let span):
            return [.expectation(try expect(expected, span: span, source: source))]
        case .expectTable(let rows, let span):
            return [.expectation(try expectTable(rows, span: span, source: source))]
        case .help(let topic, _):
            return [.message(Help.text(topic, in: language))]
        case .sql(let q, _):
            return [.message(try sqlText(q, source: source))]
        case .explain(let q, _):
            return [.message(try explain(q, source: source))]
        }
    }

    /// `explain`: the plan of a query, bound and planned but not run.
    func explain(_ q: QuerySyntax, source: SourceText) throws(FinsamError) -> String {
        let t = display.locale.text
        func label(_ id: MessageID) -> String { let name = t(Message(id)); return name + String(repeating: " ", count: max(1, 13 - name.count)) }
        let head = t(Message(.planHead, source.text(q.span).split(whereSeparator: \.isNewline).joined(separator: " "))) + "\n"
        if q.list != nil {
            let listing = try binder(source).listing(q, locale: display.locale)
            return head + label(.planTable) + t(Message(.planTableText, listing.table.title, display.locale.integer(listing.table.rowCount)))
                + (listing.filter.map { " where \($0.testedColumns.joined(separator: ", "))" } ?? "") + "\n"
                + "list         " + t(Message(.planListValues, listing.columns.map(\.name).joined(separator: ", ")))
                + t(listing.order.isEmpty ? Message(.planKeyOrder) : Message(.planOrderedBy, listing.order.map(\.path.name).joined(separator: ", ")))
                + (listing.top.map { t(Message(.planFirstN, $0)) } ?? "")
        }
        var query = try binder(source).query(q)
        if q.intervals != nil { query.confidence = confidenceLevel }
        let (plan, aggregator) = try planned(query)
        var text = head + plan.explanation(aggregator: aggregator, locale: display.locale, mostRowsPerPerson: rowsPerPerson())
        if !q.steps.isEmpty {
            text += "\nthen         " + t(Message(q.steps.count == 1 ? .planOneMoreStep : .planMoreSteps, q.steps.count))
        }
        return text
    }

    /// The plan of a bound query and the aggregator that executes it (running and `explain` alike).
    private func planned(_ query: BoundQuery) throws(FinsamError) -> (QueryPlan, Aggregator) {
        let measures = query.confidence == nil ? query.measures : query.measures.map { var m = $0; m.spread = true; return m }
        // Persons are in a table with a person key (deltagare); the others are public registers.
        let suppressing = query.table.schema.personKey != nil ? suppression : nil
        let persons = suppressing.map { PersonCounting(limit: $0, mostRowsPerPerson: rowsPerPerson()) }
        var aggregator = Aggregator(table: query.table, dataset: dataset, filter: query.filter, measures: measures,
                                    allowsScan: engine == .automatic, persons: persons)
        if let scope = query.population {
            let lookup = PopulationLookup(scope: scope, dataset: dataset)
            aggregator.population = { lookup.population($0, group: $1) }
        }
        return (try QueryPlan(query, dataset: dataset, suppression: suppressing), aggregator)
    }

    func runQuery(_ query: BoundQuery) throws(FinsamError) -> ResultTable { try run(query).table }

    private func run(_ query: BoundQuery) throws(FinsamError) -> (table: ResultTable, plan: QueryPlan) {
        let (plan, aggregator) = try planned(query)
        try checkInterruption()
        let table = try ResultBuilder(plan: plan, aggregator: aggregator, locale: display.locale).build()
        try checkInterruption()
        return (table, plan)
    }

    /// A query's answer: its rows listed, or its measures — through each step of a pipeline.
    func answer(_ q: QuerySyntax, source: SourceText) throws(FinsamError) -> ResultTable {
        let binder = binder(source)
        if q.list != nil {
            if let next = q.steps.first {
                throw FinsamError(Message(.listCannotFeed), at: next.span, in: source,
                                  hint: Message(.groupFirst))
            }
            let listing = try binder.listing(q, locale: display.locale)
            if listing.table.schema.personKey != nil, suppression != nil {
                throw FinsamError(Message(.listRefused, listing.table.title),
                                  at: q.span, in: source, hint: Message(.listRefusedHint), kind: .suppressionRefused)
            }
            return listing.build()
        }
        if let ci = q.intervals, !q.steps.isEmpty {
            throw FinsamError(Message(.ciLastStep), at: ci, in: source, hint: Message(.ciLastStepHint, MeasureCatalogue.average.name))
        }
        var query = try binder.query(q)
        if q.intervals != nil { query.confidence = confidenceLevel }
        var (table, plan) = try run(query)
        for (i, step) in q.steps.enumerated() {
            let input = try Pipeline.table(table, plan: plan, dataset: dataset, step: i + 1)
            let hidden = Pipeline.hiddenNote(table, step: i + 1, locale: display.locale)
            // `then list …`: the groups of the result behind a number, as rows (the last step).
            if step.list != nil {
                guard i == q.steps.count - 1 else {
                    throw FinsamError(Message(.listCannotFeed), at: q.steps[i + 1].span, in: source)
                }
                var listed = try binder.listing(step, over: input, locale: display.locale).build()
                if let hidden { listed.notes.append(hidden) }
                return listed
            }
            var next = try binder.query(step, over: input)
            if step.intervals != nil {
                guard i == q.steps.count - 1 else {
                    throw FinsamError(Message(.ciLastStep), at: step.intervals!, in: source, hint: Message(.ciLastStepHint, MeasureCatalogue.average.name))
                }
                next.confidence = confidenceLevel
            }
            (table, plan) = try run(next)
            if let hidden { table.notes.append(hidden) }
        }
        return table
    }

    private func rowsPerPerson() -> Int {
        if let known = mostRowsPerPerson { return known }
        let key = dataset.deltagare.schema.personKey
        let most = if let key, case .int(let person)? = dataset.deltagare.column(key)?.data { person.mostRowsPerValue } else { 1 }
        mostRowsPerPerson = most
        return most
    }

    private func refuseIfReadOnly(_ statement: String, span: SourceSpan, source: SourceText) throws(FinsamError) {
        guard isReadOnly else { return }
        throw FinsamError(Message(.readOnly, statement), at: span, in: source,
                          hint: Message(.readOnlyHint), kind: .readOnly)
    }

    private func checkInterruption() throws(FinsamError) {
        if isInterrupted?() == true { throw FinsamError(Message(.cancelled), kind: .cancelled) }
    }
}

extension Session {
    /// A value read and written under a lock of its own: a session's setting may be read by one
    /// task while another's statement changes it. (Public only because public properties use it.)
    @propertyWrapper
    public struct Guarded<Value>: @unchecked Sendable {
        // @unchecked: `value` is only touched while `lock` is held.
        private final class Box: @unchecked Sendable {
            let lock = NSLock()
            var value: Value
            init(_ value: Value) { self.value = value }
        }
        private let box: Box

        /// A guarded copy of `wrappedValue`.
        public init(wrappedValue: Value) { box = Box(wrappedValue) }

        /// The value, read or replaced under the lock.
        public var wrappedValue: Value {
            get { box.lock.withLock { box.value } }
            nonmutating set { box.lock.withLock { box.value = newValue } }
        }
    }
}
