import Finsam
import Testing

/// One Session shared by many tasks: Sendable in Swift 6 language mode (this file compiling
/// is half the test), and the same answers as one task asking alone.
@Suite("A shared Session")
struct SharedSessionTests {
    /// Mostly the small tables (a debug build runs them in about a millisecond), one in ten on deltagare.
    static let queries = [
        "from förbund show count by län",
        "from kommuner show count",
        "from insatser show count by startår",
        "from förbund where län has \"Skåne\" show count",
        "from insatser show count by startår compare startår 2017 vs 2018",
        "from kommuner show count by län top 3",
        "from förbund show count",
        "from insatser where startår = 2018 show count",
        "from insatser show count by startår order by count desc",
        "from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by kön",
    ]

    @Test("8 tasks × 1 000 queries on one session give the serial answers")
    func taskGroup() async throws {
        let session = Session()
        let serial = try Self.queries.map { try session.render(session.query($0), as: .csv) }
        let answers = await withTaskGroup(of: [Int: Set<String>].self) { group in
            for task in 0..<8 {
                group.addTask {
                    var seen: [Int: Set<String>] = [:]
                    for i in 0..<1000 {
                        let q = (i + task) % Self.queries.count
                        let text = (try? session.query(Self.queries[q])).map { session.render($0, as: .csv) } ?? "error"
                        seen[q, default: []].insert(text)
                    }
                    return seen
                }
            }
            var all: [Int: Set<String>] = [:]
            for await seen in group { all.merge(seen) { $0.union($1) } }
            return all
        }
        #expect(answers.count == Self.queries.count)
        for (q, texts) in answers {
            #expect(texts == [serial[q]], "\(Self.queries[q]) answered otherwise when shared")
        }
    }

    @Test("let and set stay in their session; the built-in dataset is shared, not rebuilt")
    func perSession() throws {
        let a = Session(), b = Session()
        try a.run("let kvinnor = kön = kvinna\nset locale en")
        #expect(a.letNames == ["kvinnor"])
        #expect(b.letNames.isEmpty)
        #expect(a.display.locale == .en && b.display.locale == .sv)
        #expect(throws: FinsamError.self) { try b.query("from deltagare where kvinnor show count") }
        // Shared: a second session costs no generation (a debug build takes seconds to make one).
        let clock = ContinuousClock()
        let start = clock.now
        _ = Session()
        #expect(clock.now - start < .milliseconds(100))
    }
}
