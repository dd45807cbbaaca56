import Yams

/// How the columns of another export's layout become the columns of a table: a small YAML
/// file a user can write for their own export (`docs/profiles.md`), or one of the built-in
/// profiles (`BuiltInProfiles`). A profile says, for each column of the file, which stored
/// column it fills and how its values map; it gives constants and numbered keys for columns
/// the file lacks, and names the values a load must supply (`with förbund = "…"`).
public struct ImportProfile: Sendable {
    /// What one value of a file's column becomes: one or more stored columns and their values.
    public typealias Assignments = [(column: String, value: ProfileValue)]

    public struct SourceColumn: Sendable {
        /// The header as the profile writes it; matched case- and accent-insensitively.
        public var header: String
        /// The stored column a value is copied to when the profile has no value map.
        public var target: String?
        /// Folded file value → what it becomes. Nil: the value is copied to `target` as it is.
        public var values: [String: Assignments]?
        /// Every stored column this file column fills.
        public var targets: [String]
        public var optional: Bool
        /// The profile's line, for errors that concern this entry.
        public var line: Int
    }

    public var name: String
    public var table: TableName
    public var summary: String
    /// The profile file, or `built-in` for the profiles shipped with finsam.
    public var file: String
    /// The profile's text (the built-in ones are shown by `help profiles` as templates).
    public var text: String
    /// Stored columns whose value every row shares and the load statement gives, with what
    /// the value means (for the error when one is left out).
    public var parameters: [(column: String, meaning: String)]
    public var constants: [(column: String, value: ProfileValue, line: Int)]
    /// Stored columns numbered 1, 2, 3… in row order (keys the layout does not have).
    public var numbered: [String]
    public var columns: [SourceColumn]
}

/// A value in a profile: one value, or a list (for a set column; `[]` is the empty set).
public enum ProfileValue: Sendable, Equatable {
    case one(String)
    case list([String])

    var description: String {
        switch self {
        case .one(let v): v
        case .list(let vs): "[" + vs.joined(separator: ", ") + "]"
        }
    }
}

extension ImportProfile {
    /// Reads a profile from YAML text. Every error names the profile's file, line and column.
    public static func parse(_ text: String, file: String) throws(LoadError) -> ImportProfile {
        let lines = Self.yamlLines(text)
        func fail(_ node: Node?, _ message: Message, _ hint: Message? = nil) -> LoadError {
            let line = node?.mark?.line
            return LoadError(file: file, line: line, column: node?.mark?.column, text: node?.scalar?.string,
                             message: message, hint: hint, sourceLine: line.flatMap { $0 >= 1 && $0 - 1 < lines.count ? lines[$0 - 1] : nil })
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw fail(nil, Message(.ypEmpty)) }
            root = node
        } catch let error as LoadError {
            throw error
        } catch let error as YamlError {
            throw Self.yamlError(error, file: file, lines: lines)
        } catch {
            throw LoadError(file: file, message: Message(.ypNotYAML, error))
        }
        guard let top = root.mapping else {
            throw fail(root, Message(.ypMapping), Message(.ypSeeHelp))
        }
        let known = ["profile", "table", "description", "parameters", "constants", "numbered", "columns"]
        for key in top.keys where !known.contains(key.string ?? "") {
            let hint = NameMatching.suggestion(for: key.string ?? "", among: known).map { Message(.didYouMean, $0) }
            throw fail(key, Message(.ypUnknownKey, key.string ?? ""), hint ?? Message(.ypKeysAre, known.joined(separator: ", ")))
        }
        func string(_ key: String, required: Bool) throws(LoadError) -> (String, Node)? {
            guard let node = top[key] else {
                if required { throw fail(root, Message(.ypNoKey, key), Message(.ypEveryNames, key)) }
                return nil
            }
            guard let value = node.scalar?.string else { throw fail(node, Message(.ypOneValue, key)) }
            return (value, node)
        }
        let name = try string("profile", required: true)!.0
        let (tableText, tableNode) = try string("table", required: true)!
        guard let table = TableName.allCases.first(where: { NameMatching.fold($0.rawValue) == NameMatching.fold(tableText) }) else {
            throw fail(tableNode, Message(.ypNoTable, tableText), Message(.ypTablesAre) + TableName.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let schema = Schema.table(table)
        func column(_ node: Node) throws(LoadError) -> String {
            guard let text = node.scalar?.string else { throw fail(node, Message(.ypExpectedColumn)) }
            if let found = schema.storedColumns.first(where: { NameMatching.fold($0.name) == NameMatching.fold(text) }) {
                return found.name
            }
            if schema.columns.contains(where: { $0.name == text && $0.derived }) {
                throw fail(node, Message(.ypDerived, text))
            }
            let hint = NameMatching.suggestion(for: text, among: schema.storedColumns.map(\.name)).map { Message(.didYouMean, $0) }
            throw fail(node, Message(.ypNoColumn, table.rawValue, text),
                       hint ?? Message(.storedColumnsAre, schema.storedColumns.map(\.name).joined(separator: ", ")))
        }
        func value(_ node: Node) throws(LoadError) -> ProfileValue {
            if let s = node.scalar?.string { return .one(s) }
            if let items = node.sequence {
                var out: [String] = []
                for item in items {
                    guard let s = item.scalar?.string else { throw fail(item, Message(.ypPlainList)) }
                    out.append(s)
                }
                return .list(out)
            }
            throw fail(node, Message(.ypValueOrList))
        }

        var parameters: [(String, String)] = []
        if let node = top["parameters"] {
            guard let mapping = node.mapping else { throw fail(node, Message(.ypParameters)) }
            for (key, meaning) in mapping { parameters.append((try column(key), meaning.scalar?.string ?? "")) }
        }
        var constants: [(String, ProfileValue, Int)] = []
        if let node = top["constants"] {
            guard let mapping = node.mapping else { throw fail(node, Message(.ypConstants)) }
            for (key, v) in mapping { constants.append((try column(key), try value(v), key.mark?.line ?? 0)) }
        }
        var numbered: [String] = []
        if let node = top["numbered"] {
            let items = node.sequence.map(Array.init) ?? [node]
            for item in items {
                let name = try column(item)
                guard schema.storedColumns.first(where: { $0.name == name })?.type == .int else {
                    throw fail(item, Message(.ypNumbered))
                }
                numbered.append(name)
            }
        }
        guard let columnsNode = top["columns"], let columnsMapping = columnsNode.mapping else {
            throw fail(top["columns"] ?? root, Message(.ypNeedsColumns))
        }
        var columns: [SourceColumn] = []
        var headerNodes: [Node] = []
        for (headerNode, rule) in columnsMapping {
            headerNodes.append(headerNode)
            guard let header = headerNode.scalar?.string else { throw fail(headerNode, Message(.ypHeaderPlain)) }
            var entry = SourceColumn(header: header, target: nil, values: nil, targets: [], optional: false,
                                     line: headerNode.mark?.line ?? 0)
            if rule.scalar != nil {
                entry.target = try column(rule)  // `Ålder: ålder`
            } else if let mapping = rule.mapping {
                for key in mapping.keys where !["to", "values", "optional"].contains(key.string ?? "") {
                    throw fail(key, Message(.ypUnknownColumnKey, key.string ?? ""), Message(.ypColumnKeys))
                }
                if let to = mapping["to"] { entry.target = try column(to) }
                if let optional = mapping["optional"] { entry.optional = ["true", "yes", "ja"].contains(optional.scalar?.string.lowercased() ?? "") }
                if let valuesNode = mapping["values"] {
                    guard let values = valuesNode.mapping else { throw fail(valuesNode, Message(.ypValuesMap)) }
                    var map: [String: Assignments] = [:]
                    for (from, to) in values {
                        guard let fromText = from.scalar?.string else { throw fail(from, Message(.ypValuePlain)) }
                        var assignments: Assignments = []
                        if let each = to.mapping {
                            for (c, v) in each { assignments.append((try column(c), try value(v))) }
                        } else {
                            guard let target = entry.target else {
                                throw fail(to, Message(.ypNoColumnNamed), Message(.ypNoColumnHint))
                            }
                            assignments.append((target, try value(to)))
                        }
                        let folded = NameMatching.fold(fromText.trimmingSpaces)
                        guard map[folded] == nil else { throw fail(from, Message(.ypMappedTwice, fromText)) }
                        map[folded] = assignments
                    }
                    entry.values = map
                }
                guard entry.target != nil || entry.values != nil else {
                    throw fail(rule, Message(.ypNeedsTo, header))
                }
            } else {
                throw fail(rule, Message(.ypExpectedColumnTo))
            }
            var targets: [String] = entry.target.map { [$0] } ?? []
            for assignments in entry.values?.values ?? [:].values {
                for (c, _) in assignments where !targets.contains(c) { targets.append(c) }
            }
            entry.targets = targets
            columns.append(entry)
        }

        // Every stored column is filled at most once, and every required one at least once.
        var filledBy: [String: String] = [:]
        func claim(_ column: String, _ by: String, _ node: Node?) throws(LoadError) {
            if let earlier = filledBy[column] {
                throw fail(node, Message(.ypFilledTwice, column, earlier, by), Message(.ypOnePlace))
            }
            filledBy[column] = by
        }
        for (c, _) in parameters { try claim(c, "a parameter", top["parameters"]) }
        for (c, _, _) in constants { try claim(c, "a constant", top["constants"]) }
        for c in numbered { try claim(c, "numbered", top["numbered"]) }
        for (entry, node) in zip(columns, headerNodes) { for c in entry.targets { try claim(c, "the column '\(entry.header)'", node) } }
        for stored in schema.storedColumns where !stored.nullable && filledBy[stored.name] == nil {
            throw fail(root, Message(.ypNoValueFor, stored.name, table.rawValue),
                       Message(.ypMapAColumn))
        }
        return ImportProfile(name: name, table: table, summary: try string("description", required: false)?.0 ?? "",
                             file: file, text: text, parameters: parameters, constants: constants,
                             numbered: numbered, columns: columns)
    }

    /// The lines as libyaml counts them: \r\n, \r, \n, NEL, LS and PS each end one.
    static func yamlLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n", afterCR { afterCR = false; continue }
            afterCR = scalar == "\r"
            if scalar == "\r" || scalar == "\n" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }

    private static func yamlError(_ error: YamlError, file: String, lines: [String]) -> LoadError {
        func located(_ problem: String, _ mark: Mark) -> LoadError {
            // At the end of the text libyaml names the line after the last: show the last.
            var (line, column) = (max(1, mark.line), mark.column)
            if line > lines.count { (line, column) = (lines.count, (lines.last?.count ?? 0) + 1) }
            while line > 1, lines[line - 1].isEmpty { line -= 1; column = lines[line - 1].count + 1 }
            return LoadError(file: file, line: line, column: column, message: Message(.ypInvalidYAML, problem),
                             hint: Message(.ypIndent),
                             sourceLine: line - 1 < lines.count ? lines[line - 1] : nil)
        }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return located(problem, mark)
        default:
            return LoadError(file: file, message: Message(.ypInvalidYAML, error))
        }
    }
}
