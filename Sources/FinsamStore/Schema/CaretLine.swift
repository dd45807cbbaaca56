/// The source line and caret under an error, shared by file and query diagnostics:
///
///      2 | …01,stockholms_stad,1284,personuppgifter,kvina,34,…
///        |                                          ^~~~~
///
/// A long line is cut to a window around the column; control characters show as '�'.
public enum CaretLine {
    public static func render(line: Int, text: String, column: Int?, width: Int) -> String {
        let (shown, offset) = window(text, around: (column ?? 1) - 1)
        let gutter = String(line)
        var out = " \(gutter) | \(shown)"
        if let column {
            let visible = shown.count - max(0, column - 1 - offset)
            let carets = max(1, min(width, 60, max(1, visible)))
            let pad = String(repeating: " ", count: max(0, column - 1 - offset))
            out += "\n \(String(repeating: " ", count: gutter.count)) | \(pad)^\(String(repeating: "~", count: carets - 1))"
        }
        return out
    }

    private static func window(_ line: String, around column: Int) -> (String, Int) {
        let characters = line.map { c -> Character in
            if c == "\t" { return " " }
            return c.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? "\u{FFFD}" : c
        }
        guard characters.count > 120 else { return (String(characters), 0) }
        let start = max(0, min(column - 40, characters.count - 120))
        let end = min(characters.count, start + 120)
        let prefix = start > 0 ? "…" : ""
        return (prefix + String(characters[start..<end]) + (end < characters.count ? "…" : ""), start - prefix.count)
    }
}
