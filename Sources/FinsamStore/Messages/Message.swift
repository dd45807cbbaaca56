#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The language of what finsam says: Swedish (`sv`, the default) or English (`en`).
public enum Language: String, Sendable, CaseIterable, Equatable {
    case sv, en

    /// The language of messages made where no session's language is at hand (a loader's notes):
    /// a session runs its statements with its own.
    @TaskLocal public static var current: Language = .sv

    /// Runs `body` with `language` as the current language (errors made in it are in it).
    public static func with<R>(_ language: Language, _ body: () throws -> R) rethrows -> R {
        try $current.withValue(language, operation: body)
    }

    /// English when `LANG`, `LC_ALL` or `LC_MESSAGES` (the first one set) begins with `en`, else Swedish.
    public static func fromEnvironment(_ environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty { return value.lowercased().hasPrefix("en") ? .en : .sv }
        }
        return .sv
    }
}

/// Something finsam says to its user, before it is put in a language: an entry of the message
/// catalogue (`MessageID` in `Catalogue.swift`, both forms in `Catalogue+Loading`, `+Language` and `+Session`) with its arguments, or a text that is
/// not translated (a name, a value, a quoted piece of a query), or messages one after another.
public indirect enum Message: Sendable, Equatable, CustomStringConvertible {
    /// A catalogue entry; its arguments fill `{1}`, `{2}`, … of the entry's form.
    case entry(MessageID, [Message])
    /// A text shown as it is in every language (an identifier, a value, a file name).
    case verbatim(String)
    /// A whole number, with the language's thousands separator (`32 715`, `32,715`).
    case count(Int)
    /// Messages one after another.
    case concat([Message])

    /// A catalogue entry with its arguments: a `Message` is rendered in the same language, an
    /// `Int` as its digits (`Message.count` for thousands separators), anything else as it prints.
    public init(_ id: MessageID, _ arguments: any Sendable...) {
        self = .entry(id, arguments.map(Message.argument))
    }

    static func argument(_ value: any Sendable) -> Message {
        if let message = value as? Message { return message }
        if let text = value as? String { return .verbatim(text) }
        if let text = value as? Substring { return .verbatim(String(text)) }
        return .verbatim(String(describing: value))
    }

    /// Items joined as a list: `a, b och c` / `a, b and c` (`conjunction` .and or .or), or with `separator`.
    public static func list(_ items: [String], _ conjunction: MessageID = .and) -> Message {
        guard items.count > 1 else { return .verbatim(items.first ?? "") }
        return .entry(conjunction, [.verbatim(items.dropLast().joined(separator: ", ")), .verbatim(items.last!)])
    }

    /// The message in `language`.
    public func render(in language: Language) -> String {
        switch self {
        case .verbatim(let text): return text
        case .count(let n): return Message.formatCount(n, language)
        case .concat(let parts): return parts.map { $0.render(in: language) }.joined()
        case .entry(let id, let arguments):
            let form = id.text(in: language)
            var out = ""
            var index = form.startIndex
            while index < form.endIndex {
                if form[index] == "{", let close = form[index...].firstIndex(of: "}"),
                   let n = Int(form[form.index(after: index)..<close]), n >= 1 {
                    if n <= arguments.count { out += arguments[n - 1].render(in: language) }
                    index = form.index(after: close)
                } else {
                    out.append(form[index])
                    index = form.index(after: index)
                }
            }
            return out
        }
    }

    /// The message in the current language (`Language.current`).
    public var localized: String { render(in: Language.current) }

    /// Swedish, the default.
    public var description: String { render(in: .sv) }

    static func formatCount(_ n: Int, _ language: Language) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += language == .sv ? " " : "," }
            out.append(c)
        }
        return (n < 0 ? "−" : "") + out
    }

    /// The system's reason for a failed file operation: the common ones from the catalogue,
    /// others as the C library words them.
    public static func systemError(_ code: Int32) -> Message {
        switch code {
        case ENOENT: Message(.errNoSuchFile)
        case EACCES, EPERM: Message(.errPermission)
        case EISDIR: Message(.errIsFolder)
        case ENOTDIR: Message(.errNotFolder)
        default: .verbatim(String(cString: strerror(code)))
        }
    }

    public static func + (a: Message, b: Message) -> Message { .concat([a, b]) }
    public static func + (a: Message, b: String) -> Message { .concat([a, .verbatim(b)]) }
    public static func + (a: String, b: Message) -> Message { .concat([.verbatim(a), b]) }
}

extension MessageID {
    /// The entry's form in `language`.
    public func text(in language: Language) -> String {
        let f = forms
        return language == .sv ? f.sv : f.en
    }

    /// The placeholders `{1}`, `{2}`, … a form uses, in order of first use.
    public static func placeholders(_ form: String) -> Set<Int> {
        var found = Set<Int>()
        var index = form.startIndex
        while let open = form[index...].firstIndex(of: "{") {
            guard let close = form[open...].firstIndex(of: "}") else { break }
            if let n = Int(form[form.index(after: open)..<close]) { found.insert(n) }
            index = form.index(after: open)
        }
        return found
    }
}

/// An error whose message and hint are catalogue messages, put in a language when read
/// (`FinsamError`, `LoadError`): one rendering for both.
public protocol CatalogueMessages {
    /// What went wrong, before it is put in a language.
    var messageText: Message { get set }
    /// The likely fix, before it is put in a language.
    var hintText: Message? { get set }
    /// The language `message` and `hint` are read in.
    var language: Language { get }
}

extension CatalogueMessages {
    /// What went wrong, in `language`; set, it is taken as written.
    public var message: String {
        get { messageText.render(in: language) }
        set { messageText = .verbatim(newValue) }
    }

    /// The likely fix, in `language`.
    public var hint: String? {
        get { hintText?.render(in: language) }
        set { hintText = newValue.map(Message.verbatim) }
    }
}
