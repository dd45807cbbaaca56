// The first test of README.md's embedding section, verbatim, compiled as an embedder's: the README
// cannot drift from the API.
import Finsam
import Testing

@Test func workOrStudiesAfterTheInsats() throws {
    let session = Session()                                   // the built-in dataset; or Session(directory: "data")
    let result = try session.query("""
        from deltagare where slutår = $år and registrering = personuppgifter
          show andel(arbete_studier_slut) by kön
        """, ["år": 2018])
    // A cell by meaning: row labels, and the measure in any spelling (andel, share, spaces, as …).
    #expect(result.value(row: ["kvinna"], measure: .share("arbete_studier_slut")) == .proportion(part: 1559, whole: 5370))
    #expect(session.render(result).contains("29,0 %"))
    #expect(throws: FinsamError.self) { try session.run("from deltagare where kön = kvina") }
}
