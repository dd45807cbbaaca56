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
    /// The values of the profile's parameters, by name as the user wrote it.
    public var parameters: [(name: String, value: String)]
    public var unknownValues: UnknownValues

    public init(sheet: String? = nil, profile: ImportProfile? = nil, parameters: [(name: String, value: String)] = [],
                unknownValues: UnknownValues = .strict) {
        self.sheet = sheet
        self.profile = profile
        self.parameters = parameters
        self.unknownValues = unknownValues
    }
}
