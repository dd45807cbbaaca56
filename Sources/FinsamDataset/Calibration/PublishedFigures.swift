/// The published figures the generator calibrates to (`shared/domain/targets.md`, with the
/// source of each). These are inputs to the construction; the tests keep their own copy of
/// every figure and recompute it from the generated rows.
enum PublishedFigures {
    typealias BySex = (kvinna: Int, man: Int)

    // B. Rows active in a year by registrering (anonym and volym count in their start year).
    static let personuppgifterActive: [Int: Int] = [2016: 14634, 2017: 15035, 2018: 19151, 2022: 17562]
    static let anonymStarts: [Int: Int] = [2016: 2482, 2017: 1726, 2018: 1705, 2022: 3808]
    static let anonym2017: BySex = (930, 796)
    static let volymStarts: [Int: Int] = [2016: 10590, 2017: 12053, 2018: 11859]

    // C1, C3 and 004 §3.1: percent women among pu rows active in the year.
    static let womenPercent: [Int: Int] = [2017: 55, 2018: 54, 2022: 55]
    // C2: percent ung among pu 2017, all / män / kvinnor.
    static let ung2017 = (all: 47, man: 55, kvinna: 40)
    // C4: åldersgrupp shares 2018; C5: percent women among ung 2018.
    static let åldersgrupp2018 = [39, 30, 27, 4]
    static let womenAmongUng2018 = 46
    // C6, C7: utbildning 2018 (grundskola, gymnasium, eftergymnasial, okänd).
    static let utbildning2018: (kvinna: [Int], man: [Int]) = ([31, 38, 22, 9], [39, 37, 16, 8])
    // C8: offentlig_försörjning_tid != ingen 2018: all / kvinnor / män; C9: upp till 1 år, 1–3, 3–6.
    static let offentligFörsörjning2018 = (all: 89, kvinna: 91, man: 86)
    static let offentligFörsörjningTid2018 = [20, 29, 21]
    // C10: försörjningsstöd at start 2018.
    static let försörjningsstöd2018 = (all: 32, kvinna: 29, man: 35)
    // C11: percent of pu 2018 by insats.inriktning (rehabilitering, förberedande, kartläggning, förebyggande).
    static let inriktning2018 = [73, 20, 5, 3]

    // D. pu rows ended in 2018.
    static let ended2018: BySex = (5370, 4220)
    static let arbeteStudierSlut2018: BySex = (1559, 1550)
    /// Percent among: all, kvinna, man, ung, not ung, ung with AE (nil: not published).
    struct ResultShares { var all: Int; var kvinna: Int; var man: Int; var ung: Int?; var notUng: Int?; var ungAE: Int? }
    static let arbeteStudierSlutShares = ResultShares(all: 32, kvinna: 29, man: 37, ung: 41, notUng: 27, ungAE: 31)
    static let arbeteStudierStart = ResultShares(all: 12, kvinna: 13, man: 12)
    static let arbetssökandeSlut = ResultShares(all: 18, kvinna: 16, man: 20, ung: 13, notUng: 20, ungAE: 10)
    static let fortsattRehabilitering = ResultShares(all: 35, kvinna: 38, man: 30, ungAE: 40)
    static let sjukdom = ResultShares(all: 11, kvinna: 12, man: 10)
    static let ingenFörsörjningStart = ResultShares(all: 9, kvinna: 8, man: 12)
    static let ingenFörsörjningSlut = ResultShares(all: 22, kvinna: 19, man: 27)
    /// D6, D7: average omfattning (start, slut) for all, kvinna, man, ung, not ung, ung with AE.
    static let omfattning: [(start: Double, slut: Double)] = [(67, 84), (64, 80), (71, 89), (72, 85), (64, 84), (62, 75)]

    // A. Individer with aktivitetsersättning (AE) and sjukpenning/rehabiliteringspenning (SP) at start, 2016–2022.
    static let aeActive: [BySex] = [(940, 793), (988, 830), (1055, 951), (966, 895), (851, 738), (773, 711), (819, 762)]
    static let aeNew: [BySex] = [(544, 467), (566, 512), (541, 498), (491, 403), (385, 337), (372, 360), (417, 391)]
    static let spActive: [BySex] = [(1984, 797), (2477, 977), (2987, 1168), (2915, 1216), (2372, 1038), (2582, 1166), (3109, 1369)]
    static let spNew: [BySex] = [(1354, 557), (1753, 647), (2069, 807), (1687, 732), (1272, 587), (1474, 656), (1693, 732)]

    // E. Insatser.
    /// E1: individinriktade active 2018 by inriktning (codes 0–4 of Schema.inriktning).
    static let individinriktade2018 = [293, 144, 62, 33, 27]
    /// E2: strukturövergripande active 2018: dialog och kommunikation, utbildning, kartläggning, annan inriktning.
    static let strukturövergripande2018 = [213, 143, 79, 111]
    /// E3: förbund with an individinriktad / strukturövergripande insats active 2018.
    static let förbundWithInsats2018 = (individinriktad: 80, strukturövergripande: 82)
    /// E4: insatser marked per målgrupp (AE, sjukskrivna, unga med funktionsnedsättning), 2016–2022.
    static let marked: [[Int]] = [
        [77, 136, 114, 154, 147, 112, 100],
        [56, 141, 128, 158, 152, 88, 72],
        [0, 85, 81, 121, 118, 83, 77],
    ]
    /// E5: all insatser active 2022; E6: förbund with a marked insats active 2022 per målgrupp.
    static let insatser2022 = 968
    static let förbundWithMarked2022 = [31, 26, 23]

    // G. Money.
    /// The state's money for samordningsförbund, Mkr allotted per year: 001 (ISF 2019:1),
    /// Tabell 5.1, for 2013–2019 (000, Tabell 4, gives the same 339 for 2018). No source gives
    /// 2020–2022; they are held at the last published level.
    static let statligaMedel: [Int: Int] = [2013: 280, 2014: 280, 2015: 280, 2016: 339, 2017: 339,
                                            2018: 339, 2019: 339, 2020: 339, 2021: 339, 2022: 339]
    /// G2: all förbund's financing in a year, kronor: the state gives half, kommuner and
    /// regioner a quarter each.
    static func financing(_ year: Int) -> Double { 2 * Double(statligaMedel[year]!) * 1_000_000 }
    /// G3: the budgets of the insatser active in a year come to 60–85 % of that year's
    /// financing (the rest is administration and money left unspent); the generator aims here.
    static let budgetShareOfFinancing = 0.72
}
