// The embedding example of README.md, verbatim, so the README cannot drift from the API.
import Finsam
import Testing

@Test func womenAmongThoseEndedIn2018() throws {
    let data = BuiltInDataset.make()                       // or: try CSVLoader.loadDataset(directory: "data")
    let deltagare = data.deltagare
    let kön = deltagare.codes("kön"), slutår = deltagare.ints("slutår")
    let pu = Schema.registrering.code(of: "personuppgifter")!, kvinna = Schema.kön.code(of: "kvinna")!
    let registrering = deltagare.codes("registrering")
    let ended = (0..<deltagare.rowCount).filter { registrering[$0] == pu && slutår[$0] == 2018 }
    #expect(ended.count == 9590)
    #expect(ended.filter { kön[$0] == kvinna }.count == 5370)
}
