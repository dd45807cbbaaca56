/// Terminal colours, only on a terminal and never with NO_COLOR set.
public struct Style: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    private func wrap(_ code: String, _ text: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    public func error(_ text: String) -> String { wrap("1;31", text) }
    public func hint(_ text: String) -> String { wrap("36", text) }
    public func keyword(_ text: String) -> String { wrap("1", text) }
    public func muted(_ text: String) -> String { wrap("2", text) }

    /// An error message as the engine renders it, with its parts coloured.
    public func diagnostic(_ text: String) -> String {
        guard enabled else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let s = String(line)
            if let range = s.range(of: ": error: ") {
                return String(s[..<range.lowerBound]) + ": " + error("error:") + " " + s[range.upperBound...]
            }
            if s.hasPrefix("error: ") { return error("error:") + s.dropFirst(6) }
            if s.trimmingSpaces.hasPrefix("hint:") { return hint(s) }
            if s.contains("^"), s.allSatisfy({ " |^~".contains($0) }) { return error(s) }
            return s
        }.joined(separator: "\n")
    }

    /// Missing values in a rendered table, muted.
    public func table(_ text: String) -> String {
        guard enabled else { return text }
        return text.replacingOccurrences(of: "(saknas)", with: muted("(saknas)"))
            .replacingOccurrences(of: "(missing)", with: muted("(missing)"))
            .replacingOccurrences(of: " – ", with: " " + muted("–") + " ")
    }
}

import Foundation
