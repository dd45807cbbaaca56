import FinsamStore
import Foundation

/// The statements other than queries and expectations.
extension Session {
    func define(_ name: String, nameSpan: SourceSpan, value: Expr, span: SourceSpan, source: SourceText) throws(FinsamError) -> String {
        // The checks bind without the session's computed columns: those they make rest on the
        // lets as they were.
        let binder = Binder(dataset: dataset, lets: lets, source: source)
        if dataset.tables.contains(where: { $0.column(name) != nil }) {
            throw FinsamError(Message(.alreadyColumn, name), at: nameSpan, in: source, hint: Message(.chooseAnotherName))
        }
        let kind: LetDefinition.Kind
        switch value {
        case .call("bin", _, _): kind = .bin
        case .cases: kind = .cases
        case .name(let ref) where dataset.tables.contains(where: { t in (try? binder.column(ref, in: t)).map { if case .bool = $0.type { false } else { true } } ?? false }):
            kind = .alias(ref)
        default: kind = .condition
        }
        let definition = LetDefinition(expression: value, kind: kind, source: source.text(value.span))
        // It must make sense for at least one table; report the error for the most likely one.
        var firstError: FinsamError?
        var valid: [String] = []
        for table in dataset.tables {
            do throws(FinsamError) {
                switch kind {
                case .condition: _ = try binder.condition(value, in: table)
                case .bin, .alias: _ = try binder.dimension(value, in: table)
                case .cases:
                    guard case .cases(let arms, let otherwise, _) = value else { break }
                    _ = try binder.caseColumn(name, arms: arms, otherwise: otherwise, in: table)
                }
                valid.append(table.name.rawValue)
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        guard !valid.isEmpty else { throw firstError! }
        let replaced = lets[name] != nil
        lets[name] = definition
        // A computed column may rest on the name just (re)defined.
        derivedColumns.removeAll()
        return Message(replaced ? .letRedefined : .letDefined, name, definition.source, valid.joined(separator: ", ")).render(in: language)
    }

    func apply(setting: String, value: String, span: SourceSpan, source: SourceText) throws(FinsamError) -> String {
        let v = NameMatching.fold(value)
        func bad(_ expected: Message) -> FinsamError {
            FinsamError(Message(.settingCannotBe, NameMatching.excerpt(setting), NameMatching.excerpt(value)), at: span, in: source, hint: Message(.expectedX, expected))
        }
        guard let known = Setting.named(setting) else {
            let settings = Setting.allCases.map(\.rawValue)
            throw FinsamError(Message(.unknownSetting, NameMatching.excerpt(setting)), at: span, in: source,
                              hint: NameMatching.suggestion(for: setting, among: settings).map { Message(.didYouMean, $0) } ?? Message(.settingsList, settings.joined(separator: ", ")),
                              kind: .unknownName)
        }
        switch known {
        case .format:
            guard let format = OutputFormat(rawValue: v) else { throw bad(Message(.setFormats)) }
            self.format = format
        case .locale:
            guard let language = DisplayLocale.Language(rawValue: v) else { throw bad(Message(.setLocale)) }
            display.locale = DisplayLocale(language: language)
        case .decimals:
            guard let n = Int(v), (0...6).contains(n) else { throw bad(Message(.setDecimals)) }
            display.decimals = n
        case .suppress:
            if ["off", "av"].contains(v) {
                suppression = nil
            } else if ["on", "på", "pa"].contains(v) {
                suppression = Session.defaultSuppression
            } else {
                guard let n = Int(v), (2...1000).contains(n) else { throw bad(Message(.setSuppress)) }
                suppression = n
            }
        case .denominators:
            guard ["on", "off", "pa", "av"].contains(v) else { throw bad(Message(.setOnOff)) }
            display.denominators = v == "on" || v == "pa"
        case .ci:
            guard let level = Double(v), [90, 95, 99].contains(level) else { throw bad(Message(.setCi)) }
            confidenceLevel = level
        case .width:
            if ["off", "av"].contains(v) { display.width = 0 } else if ["auto", "terminal"].contains(v) { display.width = nil } else {
                guard let n = Int(v), (20...10_000).contains(n) else { throw bad(Message(.setWidth)) }
                display.width = n
            }

        }
        return "\(setting) = \(value)"
    }

    func rowsText(_ n: Int) -> Message { n == 1 ? Message(.oneRow) : Message(.nRows, Message.count(n)) }

    func tablesOverview() -> ResultTable {
        let sv = display.locale.language == .sv
        let columns = (sv ? ["tabell", "rader", "kolumner", "innehåll"] : ["table", "rows", "columns", "contents"]).enumerated().map { i, name in
            ResultTable.Column(name: name, role: i == 1 || i == 2 ? .measure : .dimension)
        }
        let rows = dataset.tables.map { t in
            ResultTable.Row(cells: [.label(t.name.rawValue), .count(t.rowCount), .count(t.columns.count), .label(t.schema.summary(in: language))], isTotal: false)
        }
        return ResultTable(columns: columns, rows: rows)
    }

    func describe(_ name: NameRef?, source: SourceText) throws(FinsamError) -> ResultTable {
        guard let name else { return tablesOverview() }
        let table = try binder(source).table(name)
        let locale = display.locale, sv = locale.language == .sv
        let yes = sv ? "ja" : "yes"
        let columns = (sv ? ["kolumn", "typ", "saknas", "härledd", "betydelse"] : ["column", "type", "missing", "derived", "meaning"]).enumerated().map { i, n in
            ResultTable.Column(name: n, role: i == 2 ? .measure : .dimension)
        }
        var rows: [ResultTable.Row] = table.columns.map { column in
            let missing = column.data.missingCount
            var type = column.schema.type.displayMessage.render(in: language)
            // The first categories, so that a wide list does not make a wide table.
            func listed(_ values: [String]) -> String {
                let shown = values.prefix(values.count > 4 ? 3 : 4).joined(separator: ", ")
                return " (" + shown + (values.count > 4 ? (sv ? ", … \(values.count - 3) till" : ", … \(values.count - 3) more") : "") + ")"
            }
            if case .category(let c) = column.schema.type { type += listed(c.values) }
            if case .categorySet(let c) = column.schema.type { type += listed(c.values) }
            return ResultTable.Row(cells: [.label(column.name), .label(type), .count(missing),
                                           .label(column.schema.derived ? yes : ""), .label(table.schema.summary(of: column.schema, in: language))], isTotal: false)
        }
        for name in letNames {
            rows.append(.init(cells: [.label(name), .label("let"), .empty, .label(yes), .label(lets[name]!.source)], isTotal: false))
        }
        return ResultTable(columns: columns, rows: rows,
                           notes: ["\(table.name.rawValue): \(locale.integer(table.rowCount)) \(sv ? "rader" : "rows") — \(table.schema.summary(in: language))"])
    }

    /// `values kön`: the values of a column with their counts.
    func values(_ name: NameRef, tableName: NameRef?, source: SourceText) throws(FinsamError) -> ResultTable {
        let binder = binder(source)
        let table: Table
        if let tableName {
            table = try binder.table(tableName)
        } else {
            let candidates = dataset.tables.filter { (try? binder.column(name, in: $0)) != nil }
            table = candidates.first ?? dataset.deltagare
        }
        let dimension = try binder.dimension(.name(name), in: table)
        let query = BoundQuery(table: table, filter: nil, measures: [BoundMeasure(MeasureCatalogue.count, label: "count")],
                               by: [dimension], pivot: nil, order: [], top: nil)
        return try runQuery(query)
    }

    func load(_ load: LoadSyntax, span: SourceSpan, source: SourceText) throws(FinsamError) -> String {
        let table = try binder(source).table(load.table)
        let resolved = resolve(load.path, relativeTo: source)
        var options = ImportOptions(sheet: load.sheet, unknownValues: load.lenient ? .lenient : .strict)
        if let (name, isFile, profileSpan) = load.profile, !isFile, let layout = ImportLayout.named(name) {
            // A layout read by finsam's own code (SCB's table): one table, no parameters.
            guard layout.table == table.name else {
                throw FinsamError(Message(.layoutReads, layout.rawValue, layout.table.rawValue, layout.summary, table.name.rawValue),
                                  at: profileSpan, in: source, hint: Message(.layoutHint, layout.table.rawValue, layout.rawValue))
            }
            if let parameter = load.parameters.first {
                throw FinsamError(Message(.layoutNoParameters, layout.rawValue), at: parameter.span, in: source,
                                  hint: Message(.layoutHint, layout.table.rawValue, layout.rawValue))
            }
            options.layout = layout
        } else if let (name, isFile, profileSpan) = load.profile {
            let profile = try importProfile(name, isFile: isFile, span: profileSpan, source: source)
            options.profile = profile
            // Parameter names are checked here, where the statement can be pointed at.
            for parameter in load.parameters where !profile.parameters.contains(where: { NameMatching.fold($0.column) == NameMatching.fold(parameter.name) }) {
                let names = profile.parameters.map(\.column)
                let hint = NameMatching.suggestion(for: parameter.name, among: names).map { Message(.didYouMean, $0) }
                throw FinsamError(Message(.profileNoParameter, profile.name, parameter.name), at: parameter.span, in: source,
                                  hint: hint ?? (names.isEmpty ? Message(.itTakesNone) : Message(.profParameters, names.joined(separator: ", "))))
            }
            let missing = profile.parameters.filter { p in !load.parameters.contains { NameMatching.fold($0.name) == NameMatching.fold(p.column) } }
            if !missing.isEmpty {
                let example = missing.map { "\($0.column) = …" }.joined(separator: ", ")
                throw FinsamError(Message(.profileNeeds, profile.name, Message.list(missing.map { "\($0.column) (\($0.meaning))" })),
                                  at: profileSpan, in: source, hint: Message(.addAsWith, name, example))
            }
            options.parameters = load.parameters.map { ($0.name, $0.value) }
        }
        do {
            let clock = ContinuousClock(), start = clock.now
            let (loaded, report) = try CSVLoader.loadTableReporting(table.name, from: resolved, into: dataset, options: options)
            dataset = loaded
            // The SQL of `sql` reads a table replaced from a file of the project's format from that file.
            if resolved.lowercased().hasSuffix(".csv"), options.profile == nil { loadedFiles[table.name] = resolved } else { loadedFiles[table.name] = nil }
            let ms = Int((clock.now - start).inMilliseconds)
            // Every row read is loaded: a row that cannot be read refuses the whole file.
            let head = Message(.loadedHead, table.name.rawValue, report.rows, load.path, ms).render(in: language)
            return ([head] + report.lines.map { "  " + $0 }).joined(separator: "\n")
        } catch {
            throw FinsamError(error)
        }
    }

    /// `as dis` names a built-in profile; `as "mitt.yaml"` a profile file beside the script.
    private func importProfile(_ name: String, isFile: Bool, span: SourceSpan, source: SourceText) throws(FinsamError) -> ImportProfile {
        if !isFile {
            if let profile = BuiltInProfiles.named(name) { return profile }
            let names = (BuiltInProfiles.texts.keys + ImportLayout.allCases.map(\.rawValue)).sorted()
            let hint = NameMatching.suggestion(for: name, among: names).map { Message(.didYouMean, $0) }
            throw FinsamError(Message(.noBuiltInProfile, name), at: span, in: source,
                              hint: hint ?? Message(.builtInProfiles, names.joined(separator: ", ")))
        }
        let path = resolve(name, relativeTo: source)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FinsamError(Message(.cannotReadProfile, name), at: span, in: source, hint: Message(.helpProfilesHint), kind: .load)
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            throw FinsamError(Message(.profileNotUTF8, name), at: span, in: source, kind: .load)
        }
        do throws(LoadError) { return try ImportProfile.parse(text, file: name) } catch { throw FinsamError(error) }
    }

    func export(to path: String, span: SourceSpan, source: SourceText) throws(FinsamError) -> String {
        guard var result = lastResult else {
            throw FinsamError(Message(.noResultToExport), at: span, in: source, hint: Message(.runQueryFirst))
        }
        // A file is published output: its notes carry no instructions to the tool (`set suppress off …`).
        result.notes = result.notes.map(DisplayLocale.published)
        let lower = path.lowercased()
        if lower.hasSuffix(".svg") { return try exportChart(result, to: path, span: span, source: source) }
        if lower.hasSuffix(".xlsx") {
            let (header, rows) = Renderer.sheet(result, settings: display)
            do { try XLSXWriter.write(header: header, rows: rows, to: resolve(path, relativeTo: source)) } catch {
                throw FinsamError(Message(.cannotWrite, path, error.localizedDescription), at: span, in: source)
            }
            return Message(.wrote, rowsText(result.rows.count), path, "xlsx").render(in: language)
        }
        let format: OutputFormat = lower.hasSuffix(".json") ? .json : lower.hasSuffix(".md") ? .markdown : lower.hasSuffix(".txt") ? .box : .csv
        guard lower.hasSuffix(".csv") || lower.hasSuffix(".json") || lower.hasSuffix(".md") || lower.hasSuffix(".txt") else {
            throw FinsamError(Message(.cannotTellFormat, NameMatching.excerpt(path)), at: span, in: source, hint: Message(.endNameWith))
        }
        // A .csv file follows the locale (Swedish Excel opens `;` and decimal commas); standard output does not.
        let text = format == .csv ? Renderer.csvFile(result, locale: display.locale) : Renderer.render(result, as: format, settings: display) + "\n"
        do { try text.write(toFile: resolve(path, relativeTo: source), atomically: true, encoding: .utf8) } catch {
            throw FinsamError(Message(.cannotWrite, path, error.localizedDescription), at: span, in: source)
        }
        return Message(.wrote, rowsText(result.rows.count), path, format.rawValue).render(in: language)
    }

    /// `export to "chart.svg"`: the last result drawn as `plot` draws it, as a standalone SVG.
    func exportChart(_ result: ResultTable, to path: String, span: SourceSpan, source: SourceText) throws(FinsamError) -> String {
        let chart: Chart
        do { chart = try Chart(result, locale: display.locale) } catch {
            throw FinsamError(error.messageText, at: span, in: source)
        }
        do { try SVGChart.render(chart, settings: display).write(toFile: resolve(path, relativeTo: source), atomically: true, encoding: .utf8) } catch {
            throw FinsamError(Message(.cannotWrite, path, error.localizedDescription), at: span, in: source)
        }
        return Message(chart.categories.count == 1 ? .wroteChartOne : .wroteChart, chart.categories.count, path).render(in: language)
    }

    /// A relative path in a script is relative to the script's folder.
    func resolve(_ path: String, relativeTo source: SourceText) -> String {
        guard !path.hasPrefix("/"), source.name.contains("/"), !source.name.hasPrefix("<") else { return path }
        return URL(fileURLWithPath: source.name).deletingLastPathComponent().appendingPathComponent(path).path
    }
}
