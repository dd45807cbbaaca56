import Finsam
import Testing

/// The plan stage and `explain`: what a query will compute, in a few lines, without running it.
@Suite("Plan")
struct PlanTests {
    /// A session in English (the plan's lines compared below are English).
    static func english() -> Session {
        let session = Session(dataset: builtIn)
        session.display.locale = .en
        return session
    }

    func explain(_ query: String, _ session: Session = PlanTests.english()) throws -> String {
        guard case .message(let text)? = try session.run("explain " + query).first else { return "" }
        return text
    }

    @Test("explain names the groupings, the path, the listed values, the order and suppression")
    func lines() throws {
        let text = try explain("from deltagare where år >= 2021 show count, mean(ålder) by år across kön order by count desc top 1")
        #expect(text.hasPrefix("plan: from deltagare where år >= 2021"))
        #expect(text.contains("by           år: 11 codes, a set (a row counts under each of its values); listed: 2021, 2022"))
        #expect(text.contains("across       kön: 3 codes"))
        #expect(text.contains("groupings    [år, kön] [år] [kön] []: all in one pass of the two-core scan"))
        #expect(text.contains("order        count desc, top 1"))
        #expect(text.contains("suppression  cells of 1–4 persons hidden"))
        // A query whose measures add up: the margins are rolled up from the finest groups.
        #expect(try explain("from deltagare show count by kön, utbildning").contains("the finest by one pass of the two-core scan, the others rolled up"))
        // The general path, and why.
        let s = PlanTests.english()
        s.engine = .general
        #expect(try explain("from deltagare show mean(ålder) by kön", s).contains("the engine is set to it"))
        #expect(try explain("from insatser show sum(budget) by förbund").contains("suppression  none (a public register)"))
    }

    @Test("explain runs nothing; its errors are the query's; it has a Swedish name and completes")
    func notRun() throws {
        let s = Session(dataset: builtIn)
        _ = try s.query("from deltagare show count by kön")
        let before = s.lastResult?.rows.count
        _ = try explain("from deltagare show count by år", s)
        #expect(s.lastResult?.rows.count == before)
        #expect(try explain("från deltagare visa antal per kön", s).contains("grupperingar [kön] []"))
        do {
            _ = try s.run("förklara from deltagare where kön = kvina")
            Issue.record("explain of a bad query")
        } catch {
            #expect(error.kind == .unknownValue && error.hint == "menade du 'kvinna'?")
        }
        #expect(s.completions(before: "expl").candidates == ["explain"])
    }
}
