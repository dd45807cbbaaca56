/// The data model of `shared/domain/schema.md`: names, types and category values are the
/// contract that queries, scripts and files rely on.
public enum Schema {
    public static let registrering = Categories(["personuppgifter", "anonym", "volym"])
    public static let kön = Categories(["kvinna", "man"])
    public static let åldersgrupp = Categories(["16–29", "30–44", "45–59", "60–"])
    /// The age bands of befolkning: deltagare's bands, with the last one closed at 64 (the
    /// working-age population SCB's tables are usually cut to).
    public static let befolkningsÅldersgrupp = Categories(["16–29", "30–44", "45–59", "60–64"])
    public static let utbildning = Categories(["grundskola", "gymnasium", "eftergymnasial", "okänd"])
    public static let försörjning = Categories([
        "sjukpenning", "rehabiliteringspenning", "aktivitetsersättning", "sjukersättning",
        "a-kassa", "aktivitetsstöd", "försörjningsstöd", "annan",
    ])
    public static let offentligFörsörjningTid = Categories(["ingen", "upp till 1 år", "1–3 år", "3–6 år", "över 6 år"])
    public static let sysselsättning = Categories(["arbete", "subventionerat arbete", "eget företag", "studier"])
    public static let avslutsorsak = Categories([
        "arbete eller studier", "arbetssökande", "fortsatt rehabilitering", "sjukdom",
        "flytt", "föräldraledighet", "avbrott", "annan",
    ])
    public static let typ = Categories(["individinriktad", "strukturövergripande"])
    /// Individinriktade and strukturövergripande inriktningar have one dictionary;
    /// `annan inriktning` serves both.
    public static let inriktning = Categories([
        "rehabilitering till arbete/utbildning", "förberedande", "kartläggning av individer",
        "förebyggande", "annan inriktning",
        "dialog och kommunikation", "utbildning", "kartläggning",
    ])
    public static let målgrupp = Categories(["unga med aktivitetsersättning", "sjukskrivna", "unga med funktionsnedsättning"])
    public static let län = Categories([
        "Blekinge", "Dalarna", "Gotland", "Gävleborg", "Halland", "Jämtland", "Jönköping", "Kalmar",
        "Kronoberg", "Norrbotten", "Skåne", "Stockholm", "Södermanland", "Uppsala", "Värmland",
        "Västerbotten", "Västernorrland", "Västmanland", "Västra Götaland", "Örebro", "Östergötland",
    ])

    public static let deltagare = TableSchema(
        name: .deltagare, keyColumn: "id",
        columns: [
            ColumnSchema("id", .int, "unique row key"),
            ColumnSchema("person", .int, nullable: true, role: .personKey, "pseudonymous person key; missing for anonym and volym"),
            ColumnSchema("förbund", .reference(.forbund), "the förbund that finances the insats"),
            ColumnSchema("insats", .reference(.insatser), "the individinriktad insats"),
            ColumnSchema("registrering", .category(registrering), "personuppgifter, anonym or volym"),
            ColumnSchema("kön", .category(kön), nullable: true, "kvinna or man"),
            ColumnSchema("ålder", .int, nullable: true, "age at start"),
            ColumnSchema("åldersgrupp", .category(åldersgrupp), nullable: true, derived: true, "age band of FK's reports"),
            ColumnSchema("ung", .bool, nullable: true, derived: true, "ålder < 30"),
            ColumnSchema("kommun", .reference(.kommuner), nullable: true, "kommun of residence"),
            ColumnSchema("startdatum", .date, role: .dateWithYear("startår"), "first day in the insats"),
            ColumnSchema("slutdatum", .date, nullable: true, role: .dateWithYear("slutår"), "last day; missing while ongoing"),
            ColumnSchema("startår", .int, derived: true, "year of startdatum"),
            ColumnSchema("slutår", .int, nullable: true, derived: true, "year of slutdatum"),
            ColumnSchema("år", .yearSet, derived: true, "years in which the deltagande was active"),
            ColumnSchema("tid_i_insats", .int, nullable: true, derived: true, "days from start to end"),
            ColumnSchema("utbildning", .category(utbildning), nullable: true, "highest completed education"),
            ColumnSchema("försörjning_start", .categorySet(försörjning), nullable: true, "public support at start"),
            ColumnSchema("försörjning_slut", .categorySet(försörjning), nullable: true, "public support directly after end"),
            ColumnSchema("offentlig_försörjning_tid", .category(offentligFörsörjningTid), nullable: true, "time on public support before start"),
            ColumnSchema("sysselsättning_start", .categorySet(sysselsättning), nullable: true, "work or studies at start"),
            ColumnSchema("sysselsättning_slut", .categorySet(sysselsättning), nullable: true, "work or studies directly after end"),
            ColumnSchema("omfattning_start", .int, nullable: true, role: .percent, "extent of work or study at start, percent"),
            ColumnSchema("omfattning_slut", .int, nullable: true, role: .percent, "extent of work or study after end, percent"),
            ColumnSchema("arbete_studier_start", .bool, nullable: true, derived: true, "sysselsättning_start is not empty"),
            ColumnSchema("arbete_studier_slut", .bool, nullable: true, derived: true, "sysselsättning_slut is not empty"),
            ColumnSchema("arbetssökande_slut", .bool, nullable: true, "job-seeking at AF directly after end"),
            ColumnSchema("avslutsorsak", .category(avslutsorsak), nullable: true, "reason the deltagande ended"),
        ],
        summary: "one row per deltagande in an individinriktad insats")

    public static let insatser = TableSchema(
        name: .insatser, keyColumn: "id",
        columns: [
            ColumnSchema("id", .int, "key"),
            ColumnSchema("namn", .text, "name"),
            ColumnSchema("förbund", .reference(.forbund), "financing förbund"),
            ColumnSchema("typ", .category(typ), "individinriktad or strukturövergripande"),
            ColumnSchema("inriktning", .category(inriktning), "kind of insats"),
            ColumnSchema("målgrupp", .categorySet(målgrupp), "prioritised target groups"),
            ColumnSchema("startår", .int, "first year"),
            ColumnSchema("slutår", .int, nullable: true, "last year; missing while ongoing"),
            ColumnSchema("år", .yearSet, derived: true, "years in which the insats was active"),
            ColumnSchema("budget", .int, nullable: true, "budgeted cost, kronor per year"),
            ColumnSchema("deltaganden", .int, nullable: true, "participations (strukturövergripande only)"),
        ],
        summary: "one row per insats")

    public static let förbund = TableSchema(
        name: .forbund, keyColumn: "id",
        columns: [
            ColumnSchema("id", .text, "stable short key"),
            ColumnSchema("namn", .text, "official name"),
            ColumnSchema("län", .categorySet(län), "län the förbund lies in"),
            ColumnSchema("kommuner", .referenceSet(.kommuner), "member kommuner"),
            ColumnSchema("antal_kommuner", .int, derived: true, "number of member kommuner"),
            ColumnSchema("länsförbund", .bool, derived: true, "covers every kommun of its län"),
        ],
        summary: "one row per samordningsförbund (the 2018 roster)")

    public static let kommuner = TableSchema(
        name: .kommuner, keyColumn: "kommun",
        columns: [
            ColumnSchema("kommun", .text, "name"),
            ColumnSchema("kod", .text, "SCB's four-digit code"),
            ColumnSchema("län", .category(län), "län"),
            ColumnSchema("förbund", .referenceSet(.forbund), "the förbund of 2018"),
        ],
        summary: "one row per kommun (all 290)")

    public static let befolkning = TableSchema(
        name: .befolkning, keyColumn: "id",
        columns: [
            ColumnSchema("kommun", .reference(.kommuner), "kommun of residence (folkbokföring)"),
            ColumnSchema("år", .int, "the year; the population on 31 December"),
            ColumnSchema("kön", .category(kön), "kvinna or man"),
            ColumnSchema("åldersgrupp", .category(befolkningsÅldersgrupp), "age band on 31 December"),
            ColumnSchema("antal", .int, "number of inhabitants"),
            // Nothing refers to befolkning, and no column is a key alone: the row number serves.
            ColumnSchema("id", .int, derived: true, "row number, 1…n (not read from files)"),
        ],
        summary: "the population aged 16–64 on 31 December, per kommun, year, kön and åldersgrupp (synthetic in the built-in data)")

    /// Header names of other exports (SUS, Uppföljning Finsam, Excel sheets) and the column
    /// each means, by folded name (case and accents do not matter: Kön, KON and kon are one).
    public static let headerAliases: [String: String] = [
        "avslutsdatum": "slutdatum", "slutdatum": "slutdatum", "bostadsort": "kommun", "hemkommun": "kommun",
        "alder vid start": "ålder", "utbildningsniva": "utbildning", "forsorjning vid start": "försörjning_start",
        "forsorjning vid avslut": "försörjning_slut", "avslutsanledning": "avslutsorsak", "samordningsforbund": "förbund",
        "personid": "person", "lopnummer": "id",
    ]

    public static func table(_ name: TableName) -> TableSchema {
        switch name {
        case .deltagare: deltagare
        case .insatser: insatser
        case .forbund: förbund
        case .kommuner: kommuner
        case .befolkning: befolkning
        }
    }
}
