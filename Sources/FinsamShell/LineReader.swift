/// Where the shell's input comes from: a line editor on a terminal, or scripted lines in tests.
public enum LineInput: Equatable, Sendable {
    case line(String)
    /// Ctrl-C: drop the current input.
    case interrupt
    /// Ctrl-D on an empty line, or the end of the input.
    case end
}

public protocol LineReader: AnyObject {
    func read(prompt: String) -> LineInput
    func addHistory(_ entry: String)
}

/// Lines given in advance (tests, pipes).
public final class ScriptedLineReader: LineReader {
    private var inputs: [LineInput]
    public private(set) var prompts: [String] = []
    public private(set) var history: [String] = []

    public init(_ inputs: [LineInput]) { self.inputs = inputs }

    public convenience init(lines: [String]) { self.init(lines.map { .line($0) }) }

    public func read(prompt: String) -> LineInput {
        prompts.append(prompt)
        return inputs.isEmpty ? .end : inputs.removeFirst()
    }

    public func addHistory(_ entry: String) { history.append(entry) }
}
