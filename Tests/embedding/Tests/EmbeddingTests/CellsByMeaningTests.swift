import Finsam
import Foundation
import Testing

/// Cells found by what they mean: a measure key whatever the spelling, typed row labels, the
/// pivot value, the part — the same whatever the number of measures or the display locale.
@Suite("Cells by meaning")
struct CellsByMeaningTests {
    static let share = MeasureKey.share("arbete_studier_slut")
    static let filter = "from deltagare where slutår = 2018 and registrering = personuppgifter"

    @Test("share(x), andel(x), share( x ) and an alias are one key")
    func keys() throws {
        #expect(MeasureKey("andel(arbete_studier_slut)") == Self.share)
        #expect(MeasureKey("share( arbete_studier_slut )") == Self.share)
        #expect(MeasureKey("Share(Arbete_studier_slut) as \"i arbete\"") == Self.share)
        #expect(MeasureKey("medelvärde(ålder)") == .mean("ålder"))
        #expect(MeasureKey("share(kön=kvinna)") == MeasureKey("andel( kön = \"kvinna\" )"))
        #expect(MeasureKey("antal") == .count)
        #expect(MeasureKey("procent av rad") == MeasureKey("percent of row"))
        #expect(MeasureKey("percent of column") == .percent && MeasureKey("percent of row") != .percent)
        #expect(MeasureKey("kvantil(ålder,0.9)").text == "quantile(ålder, 0.9)")
        #expect(MeasureKey("count/individer") == MeasureKey("antal / individer"))
        #expect(Self.share.text == "share(arbete_studier_slut)")
        let session = Session()
        for spelling in ["share(arbete_studier_slut)", "andel( arbete_studier_slut )", "share(arbete_studier_slut) as arbete"] {
            let result = try session.query("\(Self.filter) show \(spelling) by kön")
            #expect(result.value(row: ["kvinna"], measure: Self.share) == .proportion(part: 1559, whole: 5370), "\(spelling)")
        }
    }

    @Test("compare: the same address with one measure or two, in Swedish or English")
    func compare() throws {
        let session = Session()
        var expected: (Cell?, Cell?)?
        for (measures, lang) in [("share(arbete_studier_slut)", "sv"), ("count, andel(arbete_studier_slut)", "sv"),
                                 ("share(arbete_studier_slut)", "en"), ("antal, share(arbete_studier_slut)", "en")] {
            try session.run("set locale \(lang)")
            let result = try session.query("\(Self.filter) show \(measures) by åldersgrupp compare kön")
            let women = result.value(row: ["16–29"], measure: Self.share, pivot: "kvinna")
            let difference = result.difference(row: ["16–29"], measure: Self.share)
            #expect(women?.denominator != nil)
            guard case .points? = difference else { Issue.record("no difference in points: \(String(describing: difference))"); continue }
            if let expected {
                #expect(women == expected.0 && difference == expected.1, "\(measures), \(lang)")
            } else {
                expected = (women, difference)
            }
        }
        // The difference of counts, absolute and relative.
        let counts = try session.query("\(Self.filter) show count by åldersgrupp compare kön")
        guard case .countDifference(let d)? = counts.difference(row: [.total], measure: .count),
              case .count(let women)? = counts.value(row: [.total], measure: .count, pivot: "kvinna"),
              case .count(let men)? = counts.value(row: [.total], measure: .count, pivot: "man") else {
            Issue.record("no counts by meaning")
            return
        }
        #expect(d == men - women)
        #expect(counts.difference(row: [.total], measure: .count, relative: true)?.value != nil)
    }

    @Test("typed row labels: a year is a number, a yes/no a bool, the missing group .missing")
    func labels() throws {
        let session = Session()
        let byYear = try session.query("from deltagare where registrering = personuppgifter show count by år")
        #expect(byYear.row(labels: [2018]) != nil)
        #expect(byYear.labels(of: byYear.rows[0]).allSatisfy { if case .number = $0 { true } else { false } })
        let byYoung = try session.query("from deltagare where registrering = personuppgifter show count by ung")
        #expect(byYoung.value(row: [true], measure: .count) != nil)
        try session.run("set locale en")
        let again = try session.query("from deltagare where registrering = personuppgifter show count by ung")
        #expect(again.value(row: [true], measure: .count) == byYoung.value(row: [true], measure: .count))
        let byEducation = try session.query("from deltagare show count by utbildning")
        #expect(byEducation.rows.contains { byEducation.labels(of: $0) == [.missing] } == (byEducation.row(labels: [.missing]) != nil))
        #expect(byEducation.labels(of: byEducation.totalRow!) == [.total])
    }

    @Test("intervals by meaning: of a value and of a difference")
    func intervals() throws {
        let session = Session()
        let result = try session.query("from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by åldersgrupp compare kön with ci")
        let women = try #require(result.interval(row: ["16–29"], measure: Self.share, pivot: "kvinna"))
        #expect(women.0.low < women.0.high)
        let difference = try #require(result.interval(row: ["16–29"], measure: Self.share, part: .difference))
        guard case .points(let points)? = result.difference(row: ["16–29"], measure: Self.share) else {
            Issue.record("no difference")
            return
        }
        #expect(difference.0.low <= points && points <= difference.0.high)
        #expect(difference.marked == difference.0.excludesZero)
    }

    @Test("a result is Codable and keeps its addresses")
    func codable() throws {
        let result = try Session().query("\(Self.filter) show count, share(arbete_studier_slut) by kön across ung")
        let data = try JSONEncoder().encode(result)
        let decoded = try JSONDecoder().decode(ResultTable.self, from: data)
        #expect(decoded.value(row: ["kvinna"], measure: Self.share, pivot: true) == result.value(row: ["kvinna"], measure: Self.share, pivot: true))
        #expect(decoded.cell(row: ["man"], measure: .count, part: .total) == result.cell(row: ["man"], measure: .count, part: .total))
        #expect(decoded.cell(row: ["man"], measure: .count, part: .total) != nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(Cell.proportion(part: 1559, whole: 5370)), as: UTF8.self) == #"{"proportion":{"part":1559,"whole":5370}}"#)
        #expect(String(decoding: try encoder.encode(Cell.count(9590)), as: UTF8.self) == #"{"count":9590}"#)
        #expect(String(decoding: try encoder.encode(Cell.suppressed), as: UTF8.self) == #"{"suppressed":true}"#)
        // Every kind of cell comes back as it was: intervals, differences, suppressed and missing groups.
        let session = Session()
        let rich = try session.query("from deltagare where år = 2018 show count, share(arbete_studier_slut) by förbund.län, utbildning compare kön with ci")
        let back = try JSONDecoder().decode(ResultTable.self, from: try JSONEncoder().encode(rich))
        #expect(back.rows.map(\.cells) == rich.rows.map(\.cells))
        #expect(rich.rows.contains { $0.cells.contains(.suppressed) } && rich.rows.contains { $0.cells.contains(.missingLabel) })
        #expect(back.columns.map(\.key) == rich.columns.map(\.key) && back.columns.map(\.pivot) == rich.columns.map(\.pivot))
    }
}
