import FinsamStore

/// Row-level views of the built-in tables for the tests: plain predicates over the store's
/// columns. Deliberately simple (a closure per row) — the tests check the data, not speed.
struct DeltagareView {
    let table: Table
    let registrering: [UInt8], kön: [UInt8], ålder: [Int32], person: [Int32]
    let yearFirst: [Int16], yearLast: [Int16], startår: [Int32], slutår: [Int32]
    let försörjningStart: [UInt32], försörjningSlut: [UInt32]
    let arbeteStudierStart: [UInt8], arbeteStudierSlut: [UInt8], ung: [UInt8], åldersgrupp: [UInt8]
    let utbildning: [UInt8], offentligTid: [UInt8], omfattningStart: [Int32], omfattningSlut: [Int32]
    let arbetssökande: [UInt8], avslutsorsak: [UInt8], insats: [Int32]

    init(_ table: Table) {
        self.table = table
        registrering = table.codes("registrering"); kön = table.codes("kön"); ålder = table.ints("ålder")
        person = table.ints("person")
        (yearFirst, yearLast) = table.yearRanges("år")
        startår = table.ints("startår"); slutår = table.ints("slutår")
        försörjningStart = table.masks("försörjning_start"); försörjningSlut = table.masks("försörjning_slut")
        arbeteStudierStart = table.bools("arbete_studier_start"); arbeteStudierSlut = table.bools("arbete_studier_slut")
        ung = table.bools("ung"); åldersgrupp = table.codes("åldersgrupp")
        utbildning = table.codes("utbildning"); offentligTid = table.codes("offentlig_försörjning_tid")
        omfattningStart = table.ints("omfattning_start"); omfattningSlut = table.ints("omfattning_slut")
        arbetssökande = table.bools("arbetssökande_slut"); avslutsorsak = table.codes("avslutsorsak")
        insats = table.references("insats")
    }

    var rows: Range<Int> { 0..<table.rowCount }

    static let pu = Schema.registrering.code(of: "personuppgifter")!
    static let kvinna = Schema.kön.code(of: "kvinna")!
    static let man = Schema.kön.code(of: "man")!

    func isPU(_ r: Int) -> Bool { registrering[r] == Self.pu }
    func active(_ r: Int, _ year: Int) -> Bool { Int(yearFirst[r]) <= year && year <= Int(yearLast[r]) }
    func has(_ mask: UInt32, _ name: String) -> Bool {
        mask & Missing.setBit == 0 && mask & (1 << UInt32(Schema.försörjning.code(of: name)!)) != 0
    }
    func ae(_ r: Int) -> Bool { has(försörjningStart[r], "aktivitetsersättning") }
    func sp(_ r: Int) -> Bool { has(försörjningStart[r], "sjukpenning") || has(försörjningStart[r], "rehabiliteringspenning") }

    func count(_ where: (Int) -> Bool) -> Int { rows.filter(`where`).count }
    func individer(_ where: (Int) -> Bool) -> Int { Set(rows.filter(`where`).map { person[$0] }).count }
}

/// A share as published: among rows where the condition is decidable.
struct Share: CustomStringConvertible {
    var part = 0, whole = 0
    var percent: Double { whole == 0 ? .nan : 100 * Double(part) / Double(whole) }
    /// Half up, as the reports round.
    func rounds(to published: Int) -> Bool { whole > 0 && 200 * part >= (2 * published - 1) * whole && 200 * part < (2 * published + 1) * whole }
    var description: String { "\(part)/\(whole) = \(percent) %" }
}

struct Mean: CustomStringConvertible {
    var sum = 0, n = 0
    var value: Double { Double(sum) / Double(n) }
    func rounds(to published: Int) -> Bool { n > 0 && 2 * sum >= (2 * published - 1) * n && 2 * sum < (2 * published + 1) * n }
    var description: String { "\(sum)/\(n) = \(value)" }
}
