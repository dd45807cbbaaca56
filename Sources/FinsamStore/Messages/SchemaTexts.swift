/// The descriptions of the data model's tables and columns in both languages: English as
/// `Schema` writes them (`summary`), Swedish here, keyed by `table` and `table.column`. A test
/// checks that every table and column of `Schema` has its Swedish form.
public enum SchemaTexts {
    public static let swedish: [String: String] = [
        "deltagare": "en rad per deltagande i en individinriktad insats",
        "deltagare.id": "unik radnyckel",
        "deltagare.person": "pseudonymiserad personnyckel; saknas för anonym och volym",
        "deltagare.förbund": "förbundet som finansierar insatsen",
        "deltagare.insats": "den individinriktade insatsen",
        "deltagare.registrering": "personuppgifter, anonym eller volym",
        "deltagare.kön": "kvinna eller man",
        "deltagare.ålder": "ålder vid start",
        "deltagare.åldersgrupp": "åldersgrupp i FK:s rapporter",
        "deltagare.ung": "ålder < 30",
        "deltagare.kommun": "bostadskommun",
        "deltagare.startdatum": "första dagen i insatsen",
        "deltagare.slutdatum": "sista dagen; saknas medan deltagandet pågår",
        "deltagare.startår": "året för startdatum",
        "deltagare.slutår": "året för slutdatum",
        "deltagare.år": "år då deltagandet pågick",
        "deltagare.tid_i_insats": "dagar från start till slut",
        "deltagare.utbildning": "högsta avslutade utbildning",
        "deltagare.försörjning_start": "offentlig försörjning vid start",
        "deltagare.försörjning_slut": "offentlig försörjning direkt efter avslut",
        "deltagare.offentlig_försörjning_tid": "tid med offentlig försörjning före start",
        "deltagare.sysselsättning_start": "arbete eller studier vid start",
        "deltagare.sysselsättning_slut": "arbete eller studier direkt efter avslut",
        "deltagare.omfattning_start": "omfattning av arbete eller studier vid start, procent",
        "deltagare.omfattning_slut": "omfattning av arbete eller studier efter avslut, procent",
        "deltagare.arbete_studier_start": "sysselsättning_start är inte tom",
        "deltagare.arbete_studier_slut": "sysselsättning_slut är inte tom",
        "deltagare.arbetssökande_slut": "arbetssökande hos AF direkt efter avslut",
        "deltagare.avslutsorsak": "orsaken till att deltagandet avslutades",
        "insatser": "en rad per insats",
        "insatser.id": "nyckel",
        "insatser.namn": "namn",
        "insatser.förbund": "finansierande förbund",
        "insatser.typ": "individinriktad eller strukturövergripande",
        "insatser.inriktning": "typ av insats",
        "insatser.målgrupp": "prioriterade målgrupper",
        "insatser.startår": "första året",
        "insatser.slutår": "sista året; saknas medan insatsen pågår",
        "insatser.år": "år då insatsen pågick",
        "insatser.budget": "budgeterad kostnad, kronor per år",
        "insatser.deltaganden": "deltaganden (bara strukturövergripande)",
        "förbund": "en rad per samordningsförbund (förteckningen 2018)",
        "förbund.id": "stabil kort nyckel",
        "förbund.namn": "officiellt namn",
        "förbund.län": "län som förbundet ligger i",
        "förbund.kommuner": "medlemskommuner",
        "förbund.antal_kommuner": "antal medlemskommuner",
        "förbund.länsförbund": "omfattar alla kommuner i sitt län",
        "kommuner": "en rad per kommun (alla 290)",
        "kommuner.kommun": "namn",
        "kommuner.kod": "SCB:s fyrsiffriga kod",
        "kommuner.län": "län",
        "kommuner.förbund": "förbundet 2018",
        "befolkning": "befolkningen 16–64 år den 31 december, per kommun, år, kön och åldersgrupp (syntetisk i de inbyggda data)",
        "befolkning.kommun": "folkbokföringskommun",
        "befolkning.år": "året; befolkningen den 31 december",
        "befolkning.kön": "kvinna eller man",
        "befolkning.åldersgrupp": "åldersgrupp den 31 december",
        "befolkning.antal": "antal invånare",
        "befolkning.id": "radnummer, 1…n (läses inte från filer)",
    ]
}

extension TableSchema {
    /// What the table holds, in `language`.
    public func summary(in language: Language) -> String {
        language == .sv ? SchemaTexts.swedish[name.rawValue] ?? summary : summary
    }

    /// What a column of the table means, in `language` (a column the data model does not
    /// describe, such as a pipeline's, keeps its own text).
    public func summary(of column: ColumnSchema, in language: Language) -> String {
        guard language == .sv, title == nil else { return column.summary }
        return SchemaTexts.swedish["\(name.rawValue).\(column.name)"] ?? column.summary
    }
}

extension ColumnType {
    /// The type as messages name it: `int`/`heltal`, `category`/`kategori`, `→ förbund`.
    public var displayMessage: Message {
        switch self {
        case .int: Message(.typeInt)
        case .text: Message(.typeText)
        case .bool: Message(.typeBool)
        case .date: Message(.typeDate)
        case .category: Message(.typeCategory)
        case .categorySet: Message(.typeCategorySet)
        case .yearSet: Message(.typeYearSet)
        case .reference(let table): .verbatim("→ \(table.rawValue)")
        case .referenceSet(let table): Message(.typeReferenceSet, table.rawValue)
        }
    }
}
