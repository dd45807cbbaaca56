import FinsamStore
/// `help` and `help <topic>`.
enum Help {
    /// The topics in `language`.
    static func topics(in language: Language) -> [String: String] { language == .sv ? swedish : english }

    /// Every topic `help` answers: its own, then the built-in import profiles.
    static var topicNames: [String] { english.keys.sorted() + BuiltInProfiles.texts.keys.sorted() }

    static func text(_ topic: String?, in language: Language = .sv) -> String {
        let topics = topics(in: language)
        guard let topic else { return overview(in: language) }
        let folded = NameMatching.fold(topic)
        if let text = topics[folded] { return text }
        if let profile = BuiltInProfiles.texts[folded] {
            return Message(.helpProfile, folded).render(in: language) + "\n\n" + profile
        }
        let aliases = Dictionary(MeasureCatalogue.all.flatMap(\.names).map { (NameMatching.fold($0), "measures") }, uniquingKeysWith: { a, _ in a })
            .merging(["fraga": "query", "matt": "measures", "villkor": "conditions", "satser": "statements", "data": "data",
                       "where": "conditions", "from": "query", "let": "statements",
                       "set": "statements", "expect": "statements", "load": "statements", "export": "statements",
                       "ki": "ci", "intervals": "ci", "intervall": "ci", "with": "ci", "rita": "plot", "chart": "plot",
                       "diagram": "plot", "svg": "plot", "profile": "profiles", "profil": "profiles", "profiler": "profiles",
                       "import": "profiles", "as": "profiles", "suppression": "suppress", "rojning": "suppress",
                       "sekretess": "suppress", "explain": "statements", "forklara": "statements", "plan": "statements", "sheet": "statements", "blad": "statements", "xlsx": "statements"]) { measure, _ in measure }
        if let alias = aliases[folded], let text = topics[alias] { return text }
        let near = NameMatching.suggestion(for: topic, among: topicNames)
        return (near.map { Message(.noHelpNear, NameMatching.excerpt(topic), $0) }
                ?? Message(.noHelpTopics, NameMatching.excerpt(topic), topicNames.joined(separator: ", "))).render(in: language)
    }
}
