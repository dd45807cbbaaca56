import Finsam
/// Terminal colours, only on a terminal and never with NO_COLOR set.
public struct Style: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    private func wrap(_ code: String, _ text: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    public func error(_ text: String) -> String { wrap("1;31", text) }
    public func hint(_ text: String) -> String { wrap("36", text) }
    public func keyword(_ text: String) -> String { wrap("1", text) }
    public func muted(_ text: String) -> String { wrap("2", text) }

    /// An error with its parts coloured: the label, the caret, the hint (the error's own parts,
    /// never its text parsed).
    public func diagnostic(_ failure: FinsamError) -> String {
        let style = self
        return failure.render(style: FinsamError.Style(label: { style.error($0) }, caret: { style.error($0) }, hint: { style.hint($0) }))
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
