import CEditLineShim
import Finsam
import FinsamStore
import FinsamShell
import Foundation

/// Line editing through libedit: emacs keys, history kept across sessions, Ctrl-R reverse
/// search, Tab completion by context, Ctrl-C to drop the line, Ctrl-D to leave.
public final class EditLineReader: LineReader {
    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private let completer: (String) -> Completion

    /// nil when libedit cannot start on this terminal.
    public init?(historyPath: String?, completer: @escaping (String) -> Completion) {
        // libedit reads multibyte input only in a UTF-8 locale; Swedish letters need one.
        if let locale = setlocale(LC_CTYPE, ""), String(cString: locale).uppercased().contains("UTF") {
        } else {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        guard let editor = fs_el_open("finsam"), let history = fs_history_open(2000) else { return nil }
        self.editor = editor
        self.history = history
        self.historyPath = historyPath
        self.completer = completer
        fs_el_set_history(editor, history)
        if let historyPath { _ = fs_history_load(history, historyPath) }
        fs_el_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
        fs_el_add_function(editor, "finsam-complete", "complete the word at the cursor", completeCallback)
        fs_el_bind(editor, "^I", "finsam-complete")
        fs_sigint_install()
    }

    deinit {
        fs_el_close(editor)
        fs_history_close(history)
    }

    /// `$XDG_STATE_HOME/finsam/history`, else `~/.local/state/finsam/history`, else `~/.finsam_history`.
    public static func defaultHistoryPath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.local/state" }
        if let state {
            let directory = state + "/finsam"
            if (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil {
                return directory + "/history"
            }
        }
        return environment["HOME"].map { $0 + "/.finsam_history" }
    }

    public func read(prompt: String) -> LineInput {
        fs_el_set_prompt_text(prompt)
        _ = fs_sigint_take()
        var count: Int32 = 0
        guard let text = fs_el_gets(editor, &count) else {
            if fs_sigint_take() != 0 || count < 0 {
                print("^C")
                return .interrupt
            }
            return .end
        }
        if fs_sigint_take() != 0 { print(""); return .interrupt }
        var line = String(cString: text)
        while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
        return .line(line)
    }

    public func addHistory(_ entry: String) {
        // One history entry per statement, on one line, so Up brings back the whole statement.
        let oneLine = entry.split(separator: "\n").map { String($0).trimmingSpaces }.joined(separator: entry.contains("\n|") ? "\n" : " ")
        fs_history_enter(history, oneLine)
        if let historyPath { _ = fs_history_save(history, historyPath) }
    }

    /// Tab: one candidate replaces the word; several extend it to their common prefix, or are listed.
    fileprivate func completeAtCursor() -> UInt8 {
        var before = [CChar](repeating: 0, count: 8192), after = [CChar](repeating: 0, count: 8192)
        guard fs_el_line(editor, &before, 8192, &after, 8192) >= 0 else { return UInt8(CC_REFRESH_BEEP) }
        let text = String(decoding: before.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let completion = completer(text)
        let candidates = completion.candidates
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        if candidates.count == 1 {
            let choice = candidates[0]
            let suffix = choice.hasSuffix("(") || choice.hasSuffix("/") || choice.hasSuffix(".") ? "" : " "
            replace(completion.replacing, with: choice + suffix)
            return UInt8(CC_REFRESH)
        }
        let common = Self.commonPrefix(candidates)
        if common.count > completion.replacing.count {
            replace(completion.replacing, with: common)
            return UInt8(CC_REFRESH)
        }
        // List the candidates in columns under the line, then redraw it.
        let width = (candidates.map(\.count).max() ?? 0) + 2
        let columns = max(1, 80 / width)
        var listing = "\n"
        for (i, candidate) in candidates.prefix(200).enumerated() {
            listing += candidate.padding(toLength: width, withPad: " ", startingAt: 0)
            if (i + 1) % columns == 0 { listing += "\n" }
        }
        if candidates.count > 200 { listing += "\n… \(candidates.count - 200) more" }
        print(listing.hasSuffix("\n") ? String(listing.dropLast()) : listing)
        return UInt8(CC_REDISPLAY)
    }

    private func replace(_ old: String, with new: String) {
        if !old.isEmpty { el_deletestr(editor, Int32(old.count)) }
        _ = el_insertstr(editor, new)
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// For the engine: true while Ctrl-C is pending, so a running query stops.
    public static let interruptPending: @Sendable () -> Bool = { fs_sigint_pending() != 0 }
}

private let completeCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editor, _ in
    guard let editor, let raw = fs_el_get_clientdata(editor) else { return UInt8(CC_ERROR) }
    return Unmanaged<EditLineReader>.fromOpaque(raw).takeUnretainedValue().completeAtCursor()
}
