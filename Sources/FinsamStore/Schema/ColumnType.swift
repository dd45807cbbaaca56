/// The five tables of the data model.
public enum TableName: String, CaseIterable, Sendable, Hashable {
    case deltagare
    case insatser
    case forbund = "förbund"
    case kommuner
    /// The population aged 16–64 per kommun, year, kön and åldersgrupp (the denominator of
    /// rates per inhabitant).
    case befolkning

    /// The file name in the project's CSV format (ASCII, as `finsam generate` writes it).
    public var fileName: String {
        switch self {
        case .deltagare: "deltagare.csv"
        case .insatser: "insatser.csv"
        case .forbund: "forbund.csv"
        case .kommuner: "kommuner.csv"
        case .befolkning: "befolkning.csv"
        }
    }
}

/// The type of a column as queries see it.
public enum ColumnType: Sendable, Hashable {
    case int
    case text
    case bool
    case date
    case category(Categories)
    case categorySet(Categories)
    /// The years in which a row was active; always a run of consecutive years.
    case yearSet
    case reference(TableName)
    case referenceSet(TableName)

    /// A set of values per row (`år`, `försörjning_start`): grouping counts the row once per value.
    public var isSet: Bool {
        switch self {
        case .yearSet, .categorySet, .referenceSet: true
        default: false
        }
    }

    public var displayName: String {
        switch self {
        case .int: "int"
        case .text: "text"
        case .bool: "bool"
        case .date: "date"
        case .category: "category"
        case .categorySet: "set of category"
        case .yearSet: "set of int"
        case .reference(let table): "→ \(table.rawValue)"
        case .referenceSet(let table): "set of → \(table.rawValue)"
        }
    }
}

public struct ColumnSchema: Sendable, Hashable {
    public let name: String
    public let type: ColumnType
    public let nullable: Bool
    /// Derived columns are computed from stored ones at load and never written to files.
    public let derived: Bool
    public let summary: String
    /// What the column means beyond its type, for the language (the store itself ignores it).
    public let role: Role?

    public enum Role: Sendable, Hashable {
        /// The pseudonymous person key: the count of persons counts it, suppression counts persons by it,
        /// and a table with one holds persons (its results are suppressed).
        case personKey
        /// A percentage (0–100): an average of it is one too, and its differences are in points.
        case percent
        /// A date whose year is the named column (`startdatum` → `startår`), for hints.
        case dateWithYear(String)
        /// Numbers with decimals, stored as whole numbers times 10^n (a pipeline's shares and means).
        case decimals(Int)
    }

    public init(_ name: String, _ type: ColumnType, nullable: Bool = false, derived: Bool = false, role: Role? = nil, _ summary: String) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.derived = derived
        self.role = role
        self.summary = summary
    }

    public var asciiName: String { NameMatching.fold(name) }
}

public struct TableSchema: Sendable {
    public let name: TableName
    /// The column whose values other tables use to refer to a row.
    public let keyColumn: String
    public let columns: [ColumnSchema]
    public let summary: String
    /// How messages name a table that is not one of the data model's (a query's result read by
    /// the next step of a pipeline); nil: its name.
    public var title: String? = nil

    public init(name: TableName, keyColumn: String, columns: [ColumnSchema], summary: String, title: String? = nil) {
        self.name = name
        self.keyColumn = keyColumn
        self.columns = columns
        self.summary = summary
        self.title = title
    }

    public var storedColumns: [ColumnSchema] { columns.filter { !$0.derived } }

    /// The person key, when the table's rows are persons' (deltagare): then its results are
    /// suppressed and the count of persons counts it.
    public var personKey: String? { columns.first { $0.role == .personKey }?.name }

    public func column(named name: String) -> ColumnSchema? {
        columns.first { $0.name == name } ?? columns.first { $0.asciiName == NameMatching.fold(name) }
    }
}
