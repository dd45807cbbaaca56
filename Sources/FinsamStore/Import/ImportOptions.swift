/// How `load` reads a file beyond the project's own formats: a workbook's sheet by name, and an
/// import profile for another export's layout with the values it asks for.
public struct ImportOptions: Sendable {
    /// What a load does with a value its profile does not know.
    public enum UnknownValues: Sendable, Equatable {
        /// Refuse the load, listing every such value (the default: nothing is dropped silently).
        case strict
        /// Load such a value as missing, and list them in the load report.
        case lenient
    }

    /// The sheet of an .xlsx workbook to read (nil: the first).
    public var sheet: String?
    public var profile: ImportProfile?
    /// A layout read by finsam's own code instead of a profile (`as scb`).
    public var layout: ImportLayout?
    /// The values of the profile's parameters, by name as the user wrote it.
    public var parameters: [(name: String, value: String)]
    public var unknownValues: UnknownValues

    public init(sheet: String? = nil, profile: ImportProfile? = nil, layout: ImportLayout? = nil,
                parameters: [(name: String, value: String)] = [], unknownValues: UnknownValues = .strict) {
        self.sheet = sheet
        self.profile = profile
        self.layout = layout
        self.parameters = parameters
        self.unknownValues = unknownValues
    }
}

/// Layouts of other exports that a profile cannot describe — figures in a column per year,
/// summed into bands — each read by code of its own. `load … as NAME` names one like a
/// built-in profile.
public enum ImportLayout: String, CaseIterable, Sendable {
    /// SCB's Statistikdatabasen, table BE0101N1, downloaded as CSV or xlsx (`SCBPopulation`).
    case scb

    /// The table the layout fills.
    public var table: TableName {
        switch self {
        case .scb: .befolkning
        }
    }

    public var summary: Message {
        switch self {
        case .scb: Message(.layoutSCB)
        }
    }

    public static func named(_ name: String) -> ImportLayout? { ImportLayout(rawValue: NameMatching.fold(name)) }
}
