// The embedding example of README.md, verbatim, so the README cannot drift from the API.
import Finsam
import Testing

@Test func workOrStudiesAfterTheInsats() throws {
    let session = Session()                                   // the built-in dataset; or Session(directory: "data")
    let result = try session.query("""
        from deltagare where slutår = 2018 and registrering = personuppgifter
          show share(arbete_studier_slut) by kön
        """)
    let women = try #require(result.row(["kvinna"]))
    #expect(result.cell(women, column: "share(arbete_studier_slut)") == .share(part: 1559, whole: 5370))
    #expect(session.render(result).contains("29,0 %"))
    #expect(throws: FinsamError.self) { try session.run("from deltagare where kön = kvina") }
}
