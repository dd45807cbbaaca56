import Finsam
import Foundation
import Testing

/// finsam as a dependency: the names an embedder meets, and a first test of the kind an
/// analyst team writes.
@Suite("Embedding")
struct EmbeddingTests {
    @Test("Foundation's names stay Foundation's beside finsam's (this file compiling is the test)")
    func noAmbiguity() {
        // Once, `Locale` named finsam's number format too, and this line did not compile.
        let foundation: Locale = Locale(identifier: "sv_SE")
        #expect(foundation.identifier == "sv_SE")
        let l: Locale = .current
        #expect(l.identifier == Foundation.Locale.current.identifier)
        var settings = DisplaySettings()
        settings.locale = .en
        #expect(settings.locale == DisplayLocale.en)
    }

    @Test("a query of the built-in dataset, read by its typed cells")
    func query() throws {
        let session = Session()
        let table = try session.query("from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by kön")
        guard case .proportion(let part, let whole)? = table.row(["kvinna"]).flatMap({ table.cell($0, column: "share(arbete_studier_slut)") }) else {
            Issue.record("no share for kvinna")
            return
        }
        #expect(whole == 5370)
        #expect(part > 0 && part < whole)
    }

    @Test("errors say what kind they are and where")
    func errorKinds() {
        let session = Session()
        func kind(_ text: String) -> FinsamError.Kind? {
            do { try session.run(text); return nil } catch { return error.kind }
        }
        #expect(kind("from deltagare where kön = kvina") == .unknownValue)
        #expect(kind("from deltagare show count by kn") == .unknownName)
        #expect(kind("from deltagare where avslutsorsak = \"fortsatt") == .openQuote)
        #expect(kind("from deltagare show") == .syntax)
        do {
            try session.run("from deltagare where kön = kvina")
        } catch {
            #expect(error.location?.line == 1 && error.location?.column == 28)
        }
    }
}
