import FinsamStore
/// A cell as JSON a service reads without finsam: one key, the case, and its plain value —
/// `{"count":9590}`, `{"proportion":{"part":1559,"whole":5370}}`, `{"interval":{"low":27.8,"high":30.3,"marked":false}}`,
/// `{"suppressed":true}`.
extension Cell {
    private enum Key: String, CodingKey {
        case label, missingLabel, count, proportion, number, points, countDifference, numberDifference, relative, interval, empty, suppressed
    }
    private enum Part: String, CodingKey { case part, whole, low, high, marked }

    /// Decodes the form `encode(to:)` writes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard let key = container.allKeys.first, container.allKeys.count == 1 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a cell has one key, its kind"))
        }
        switch key {
        case .label: self = .label(try container.decode(String.self, forKey: key))
        case .missingLabel: self = .missingLabel
        case .count: self = .count(try container.decode(Int.self, forKey: key))
        case .countDifference: self = .countDifference(try container.decode(Int.self, forKey: key))
        case .number: self = .number(try container.decode(Double.self, forKey: key))
        case .points: self = .points(try container.decode(Double.self, forKey: key))
        case .numberDifference: self = .numberDifference(try container.decode(Double.self, forKey: key))
        case .relative: self = .relative(try container.decode(Double.self, forKey: key))
        case .proportion:
            let parts = try container.nestedContainer(keyedBy: Part.self, forKey: key)
            self = .proportion(part: try parts.decode(Int.self, forKey: .part), whole: try parts.decode(Int.self, forKey: .whole))
        case .interval:
            let parts = try container.nestedContainer(keyedBy: Part.self, forKey: key)
            self = .interval(Interval(low: try parts.decode(Double.self, forKey: .low), high: try parts.decode(Double.self, forKey: .high)),
                             marked: try parts.decode(Bool.self, forKey: .marked))
        case .empty: self = .empty
        case .suppressed: self = .suppressed
        }
    }

    /// Encodes the cell as one key, its kind, and its plain value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .label(let text): try container.encode(text, forKey: .label)
        case .missingLabel: try container.encode(true, forKey: .missingLabel)
        case .count(let n): try container.encode(n, forKey: .count)
        case .countDifference(let n): try container.encode(n, forKey: .countDifference)
        case .number(let v): try container.encode(v, forKey: .number)
        case .points(let v): try container.encode(v, forKey: .points)
        case .numberDifference(let v): try container.encode(v, forKey: .numberDifference)
        case .relative(let v): try container.encode(v, forKey: .relative)
        case .proportion(let part, let whole):
            var parts = container.nestedContainer(keyedBy: Part.self, forKey: .proportion)
            try parts.encode(part, forKey: .part)
            try parts.encode(whole, forKey: .whole)
        case .interval(let interval, let marked):
            var parts = container.nestedContainer(keyedBy: Part.self, forKey: .interval)
            try parts.encode(interval.low, forKey: .low)
            try parts.encode(interval.high, forKey: .high)
            try parts.encode(marked, forKey: .marked)
        case .empty: try container.encode(true, forKey: .empty)
        case .suppressed: try container.encode(true, forKey: .suppressed)
        }
    }
}
