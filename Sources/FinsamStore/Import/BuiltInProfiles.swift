/// The import profiles shipped with finsam, by name. Each is the same YAML a user would write
/// (`help profiles` prints them as templates), parsed like a user's file.
public enum BuiltInProfiles {
    public static let texts: [String: String] = ["dis": dis]

    public static func named(_ name: String) -> ImportProfile? {
        guard let text = texts[NameMatching.fold(name)] else { return nil }
        // A built-in profile that does not parse is a bug the tests catch (BuiltInProfileTests).
        return try? ImportProfile.parse(text, file: "built-in profile \(NameMatching.fold(name))")
    }

    /// DIS (Deltagare i samverkan), the follow-up workbook of the samordningsförbund in Västra
    /// Götaland: ISF 2011, Bilaga 2 names its eight variables. The report gives the variables and
    /// the categories of its charts, not a code list, so the values below are the spellings of
    /// those categories; a value not listed is reported by the load, never guessed.
    static let dis = #"""
    # DIS – Deltagare i samverkan: the follow-up workbook of the samordningsförbund in
    # Västra Götaland (ISF 2011, Bilaga 2). One row per deltagare; eight columns.
    profile: dis
    table: deltagare
    description: Deltagare i samverkan, the follow-up workbook of Västra Götaland

    # The file has no förbund or insats: one DIS file is one förbund's record of one insats.
    #   load deltagare from "dis.xlsx" as dis with förbund = "goteborg_hisingen", insats = 2524
    parameters:
      förbund: the förbund whose file this is (an id of the förbund table)
      insats: the individinriktad insats of the förbund the rows took part in (an id of insatser)

    # DIS records persons with their background facts.
    constants:
      registrering: personuppgifter

    # No keys in the file: rows are numbered 1, 2, 3…, and each row is its own person.
    numbered: [id, person]

    columns:
      Ålder: ålder
      Kön:
        to: kön
        values:
          Kvinna: kvinna
          K: kvinna
          Man: man
          M: man
      Bostadsort: kommun
      Startdatum: startdatum
      Avslutsdatum: slutdatum

      # Huvudsaklig försörjning: the main support, one value. Lön, studiestöd (CSN) and no
      # support are "egen försörjning", which is no public support: the empty set.
      # A value naming only the payer (Försäkringskassan, Arbetsförmedlingen) says too
      # little to choose a benefit; such a file needs its own copy of this profile.
      Försörjning vid start:
        to: försörjning_start
        values: &support
          Försörjningsstöd: [försörjningsstöd]
          Ekonomiskt bistånd: [försörjningsstöd]
          Sjukpenning: [sjukpenning]
          Rehabiliteringspenning: [rehabiliteringspenning]
          Aktivitetsersättning: [aktivitetsersättning]
          Sjukersättning: [sjukersättning]
          A-kassa: [a-kassa]
          Aktivitetsstöd: [aktivitetsstöd]
          Utvecklingsersättning: [aktivitetsstöd]
          Annan ersättning: [annan]
          Annan: [annan]
          Lön: []
          Studiestöd: []
          Studiestöd (CSN): []
          Ingen: []
          Ingen ersättning: []
      Försörjning vid avslut:
        to: försörjning_slut
        values: *support

      # Status vid avslut is the reason the deltagande ended, and tells the work or studies
      # after it; job-seeking is known only where the status says so.
      Status vid avslut:
        values:
          Arbete:
            { avslutsorsak: arbete eller studier, sysselsättning_slut: [arbete], arbetssökande_slut: false }
          Arbete med lönesubvention:
            { avslutsorsak: arbete eller studier, sysselsättning_slut: [subventionerat arbete], arbetssökande_slut: false }
          Lönesubventionerad anställning:
            { avslutsorsak: arbete eller studier, sysselsättning_slut: [subventionerat arbete], arbetssökande_slut: false }
          Eget företag:
            { avslutsorsak: arbete eller studier, sysselsättning_slut: [eget företag], arbetssökande_slut: false }
          Studier:
            { avslutsorsak: arbete eller studier, sysselsättning_slut: [studier], arbetssökande_slut: false }
          Arbetssökande:
            { avslutsorsak: arbetssökande, sysselsättning_slut: [], arbetssökande_slut: true }
          Fortsatt rehabilitering:
            { avslutsorsak: fortsatt rehabilitering, sysselsättning_slut: [] }
          Ingen arbetsförmåga:
            { avslutsorsak: sjukdom, sysselsättning_slut: [] }
          Sjukdom:
            { avslutsorsak: sjukdom, sysselsättning_slut: [] }
          Flyttat:
            { avslutsorsak: flytt, sysselsättning_slut: [] }
          Föräldraledighet:
            { avslutsorsak: föräldraledighet, sysselsättning_slut: [] }
          Avbrott:
            { avslutsorsak: avbrott, sysselsättning_slut: [] }
          Annat:
            { avslutsorsak: annan, sysselsättning_slut: [] }
    """#
}
