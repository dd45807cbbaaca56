import FinsamStore

/// The deltagande rows under construction, one plain array per attribute. Personuppgifter
/// rows come first, then anonym and volym rows.
struct ParticipantRows {
    static let ongoing = Int16.max
    static let kvinna: UInt8 = 0, man: UInt8 = 1

    var registrering: [UInt8] = []
    var sex: [UInt8] = []
    var startYear: [Int16] = []
    /// `ongoing` when the deltagande had not ended by the end of the data.
    var endYear: [Int16] = []
    /// Duration class of personuppgifter rows: ends in startYear + durationClass.
    var durationClass: [UInt8] = []

    var ung: [Bool] = [], ae: [Bool] = [], sp: [Bool] = []
    var noSupportStart: [Bool] = [], försörjningsstöd: [Bool] = []
    var workStart: [Bool] = [], workEnd: [Bool] = [], jobSeeking: [Bool] = [], noSupportEnd: [Bool] = []
    var age: [Int32] = []
    var inriktning: [UInt8] = []
    var utbildning: [UInt8] = [], offentligTid: [UInt8] = [], avslutsorsak: [UInt8] = []
    var försörjningStart: [UInt32] = [], försörjningSlut: [UInt32] = []
    var sysselsättningStart: [UInt32] = [], sysselsättningSlut: [UInt32] = []
    var omfattningStart: [Int32] = [], omfattningSlut: [Int32] = []
    var startDay: [Int32] = [], endDay: [Int32] = []
    var förbund: [Int32] = [], insats: [Int32] = [], kommun: [Int32] = [], person: [Int32] = []

    var count: Int { registrering.count }

    mutating func append(registrering: UInt8, sex: UInt8, start: Int, end: Int?, durationClass: Int) {
        self.registrering.append(registrering)
        self.sex.append(sex)
        startYear.append(Int16(start))
        endYear.append(end.map(Int16.init) ?? Self.ongoing)
        self.durationClass.append(UInt8(durationClass))
    }

    /// Sizes every per-row attribute once the rows are known.
    mutating func allocateAttributes() {
        let n = count
        for keyPath in [\Self.ung, \.ae, \.sp, \.noSupportStart, \.försörjningsstöd, \.workStart, \.workEnd, \.jobSeeking, \.noSupportEnd] as [WritableKeyPath<Self, [Bool]>] {
            self[keyPath: keyPath] = [Bool](repeating: false, count: n)
        }
        age = [Int32](repeating: Missing.int, count: n)
        inriktning = [UInt8](repeating: 0, count: n)
        for keyPath in [\Self.utbildning, \.offentligTid, \.avslutsorsak] as [WritableKeyPath<Self, [UInt8]>] {
            self[keyPath: keyPath] = [UInt8](repeating: Missing.category, count: n)
        }
        for keyPath in [\Self.försörjningStart, \.försörjningSlut, \.sysselsättningStart, \.sysselsättningSlut] as [WritableKeyPath<Self, [UInt32]>] {
            self[keyPath: keyPath] = [UInt32](repeating: Missing.setBit, count: n)
        }
        omfattningStart = [Int32](repeating: Missing.int, count: n)
        omfattningSlut = [Int32](repeating: Missing.int, count: n)
        startDay = [Int32](repeating: 0, count: n)
        endDay = [Int32](repeating: Missing.date, count: n)
        förbund = [Int32](repeating: -1, count: n)
        insats = [Int32](repeating: -1, count: n)
        kommun = [Int32](repeating: Missing.reference, count: n)
        person = [Int32](repeating: Missing.int, count: n)
    }
}

/// Row predicates for the published populations, over copies of the year arrays (so a
/// stage can read them while it writes another attribute).
struct Populations {
    let startYear: [Int16]
    let endYear: [Int16]
    let sex: [UInt8]

    init(_ rows: ParticipantRows) {
        startYear = rows.startYear
        endYear = rows.endYear
        sex = rows.sex
    }

    /// Active (pågående) in the year.
    func active(_ year: Int) -> (Int32) -> Bool {
        let y = Int16(year), s = startYear, e = endYear
        return { s[Int($0)] <= y && y <= e[Int($0)] }
    }
    func ended(_ year: Int) -> (Int32) -> Bool {
        let y = Int16(year), e = endYear
        return { e[Int($0)] == y }
    }
    func isEnded(_ row: Int32) -> Bool { endYear[Int(row)] != ParticipantRows.ongoing }
}
