import Finsam
import Foundation

/// One built-in dataset for all language tests (it is a value; each test makes its own Session).
let builtIn = BuiltInDataset.make()

/// The repository's root, for Examples/, Grammar/ and README.md.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func read(_ relativePath: String) -> String {
    (try? String(contentsOf: repositoryRoot.appendingPathComponent(relativePath), encoding: .utf8)) ?? ""
}

/// The code blocks marked ```finsam in a markdown text.
func finsamBlocks(in markdown: String) -> [String] {
    var blocks: [String] = [], current: [String]? = nil
    for line in markdown.components(separatedBy: "\n") {
        if current == nil, line.trimmingCharacters(in: .whitespaces) == "```finsam" { current = []; continue }
        if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" { blocks.append(current!.joined(separator: "\n")); current = nil; continue }
        current?.append(line)
    }
    return blocks
}
