import FinsamStore
/// `help` in Swedish: a text per topic, as `Help.english` has in English (a test checks that
/// both languages have every topic).
extension Help {
    static let swedish: [String: String] = [
        "query": """
        En fråga, på en rad eller flera:
          from <tabell>
            [where <villkor>]
            [show <mått>, ...]                    standard: count
            [by <dimension>, ...]                 en rad per grupp, och en totalrad
            [across <dimension>                   en kolumn per värde, och en totalkolumn
             | compare <dimension> [a vs b]]      värden sida vid sida, och skillnaden (sista − första; inte gruppen som saknas)
            [having <mått> >= <n> ...]            behåll grupperna vars mått uppfyller villkoret (totalen gäller alla)
            [order by <mått eller kolumn> [desc], ...] [top <n>]    top ensamt: de n största efter första måttet;
                                                  vilken kolumn som helst i resultatet: order by skillnad desc rangordnar efter förändring
            [with ci] [with test]                 konfidensintervall (help ci); ett chi2-test av by … across …
            [plot]                                rita resultatet som ett diagram (help plot)
            [then show … by …]                    resultatet blir nästa stegs tabell (help then)
          from <tabell> [where …] list <kolumn>, … [order by …] [top <n>]    själva raderna (inte deltagare
                                                  under röjandeskydd)
        Tabeller: deltagare, insatser, förbund, kommuner, befolkning. Svenska nyckelord fungerar också:
        från, där, visa, per, mot, jämför, antal, andel, och, eller, inte.
        Exempel: from deltagare where slutår = 2018 and registrering = personuppgifter
                   show share(arbete_studier_slut) by åldersgrupp compare kön
        """,
        "measures": """
        \(MeasureCatalogue.helpText(in: .sv))
        percent of row|column|total   varje rad summerar till 100 % (of row), eller en andel av totalsumman (of total)
        invånare      befolkningen 16–64 år i gruppens område och år (befolkning; help data)
        Formler: + - * / mellan mått och tal: count / individer, count / invånare * 1000,
        share(arbete_studier_slut) - share(arbetssökande_slut) (i procentenheter).
        Räkning per rad inuti ett mått: mean(omfattning_slut - omfattning_start), median(slutdatum - startdatum).
        Namnge ett mått med as: show share(ung) as "andel unga"
        """,
        "then": """
        then (sedan) gör ett resultat till nästa stegs tabell:
          from deltagare where år = 2018 show count by förbund then show mean(count), median(count) by förbund.länsförbund
        Gruppkolumner behåller sin betydelse (förbund förblir ett förbund: förbund.länsförbund fungerar); mått blir
        talkolumner som heter som sina rubriker (mean("share(ung)")). Celler som röjandeskyddet döljer saknas i
        nästa steg, så inget steg kan avslöja dem. with ci, with test och plot hör till det sista steget.
        """,
        "categories": """
        Egna kategorier, första träffen gäller; en rad som inget villkor kan avgöra blir (saknas):
          let stöd = case when försörjning_start has any (sjukpenning, rehabiliteringspenning, aktivitetsersättning)
                     then "FK-ersättning" when försörjning_start has försörjningsstöd then "försörjningsstöd" else "annat" end
          from deltagare where år = 2018 show count by stöd          where stöd = "FK-ersättning"
        Perioder av ett datum: by month(startdatum), quarter(…), week(…) (ISO), year(…) — varje period listas, tomma som 0.
        På svenska: välj när … så … annars … slut; månad, kvartal, vecka, år.
        """,
        "conditions": """
        kön = kvinna    ålder < 30    startår in 2016..2022    utbildning in (grundskola, gymnasium)
        försörjning_start has aktivitetsersättning    has any (sjukpenning, rehabiliteringspenning)    has all (…)
        försörjning_slut is empty    slutdatum is missing    kommun is not missing
        and, or, not, parenteser. Värden med mellanslag inom citattecken: "fortsatt rehabilitering" (16–29 och a-kassa behöver inga).
        $namn: ett värde som ett program skickar med texten (where kön = $kön); klistras aldrig in i den.
        Ett test av en mängdkolumn väljer också vilka värden som listas när man grupperar per den: where år >= 2021 … by år
        listar 2021 och 2022; not år = 2021 varje år utom 2021.
        Kolumn mot kolumn: startår = slutår, omfattning_slut > omfattning_start, slutdatum - startdatum > 90 (dagar).
        En jämförelse med ett saknat värde är varken sann eller falsk: where tar bort den, is missing hittar den.
        Relaterade tabeller utan join: förbund.län, insats.inriktning, kommun.län.
        """,
        "statements": """
        let ung25 = ålder < 25             ett namngivet villkor (eller bin(…), eller ett alias för en kolumn) för senare frågor
        set format box|markdown|csv|json   set locale sv|en   set decimals 1   set denominators on|off   set ci 90|95|99
        set suppress 5|off                 dölj celler i deltagare med färre än 5 personer (på som standard)
        set width 80|off|auto              anpassa tabeller och diagram till 80 kolumner; off: ingen gräns; auto: terminalens
        set locale sv|en                   språket för meddelanden, hjälp och tal (svenska som standard; LANG=en… startar på engelska)
        sql from deltagare …               frågan som en DuckDB SQL-sats över CSV-filerna
        explain from deltagare …           frågans plan: grupperingar, väg, listade värden, ordning, röjandeskydd
        describe deltagare    tables    values kön
        load deltagare from "fil.csv"      ersätt en tabell: projektets CSV, svensk Excel-CSV (; och
                                           Windows-1252), första bladet i en .xlsx- eller .ods-fil; rapporterar vad den
                                           läste (tomma rader, en titel ovanför rubriken, datum med 00:00, ja/nej,
                                           Kvinna, kod 114 → 0114); en misslyckad inläsning ändrar ingenting
          … sheet "Blad2"                  bladet med det namnet (oavsett skiftläge)
          … as dis with förbund = "x", insats = 12 [lenient]
                                           en annan exports format, genom en importprofil (help profiles)
        load befolkning from "BE0101N1.csv" as scb
                                           SCB:s "Folkmängd efter region, ålder, kön och år" (CSV eller xlsx):
                                           åldrarna 16–64 summeras till befolkningens fyra åldersgrupper
        export to "resultat.xlsx"          det senaste resultatet (.csv, .xlsx, .json, .md, .txt; .svg: som diagram);
                                           en .csv-fil följer set locale: sv för svensk Excel (; decimal-
                                           komma, BOM), en med , och . (--format csv: alltid , och .)
        expect 9590 / expect 32 %          ett påstående om det förra resultatet; eller expect och en markdowntabell
        help [query | measures | conditions | statements | then | categories | ci | test | plot | suppress | profiles | data]
        """,
        "profiles": """
        En importprofil läser en annan exports format till en tabell:
          load deltagare from "dis.xlsx" as dis with förbund = "goteborg_hisingen", insats = 2524
          load deltagare from "export.csv" as "vår-profil.yaml"
        En profil är en liten YAML-fil (help dis skriver ut den inbyggda DIS-profilen; kopiera den som start):
          profile: namn            table: deltagare            description: …
          columns:                 varje rubrik i filen → en kolumn, eller till to: och values: (en tabell över
                                   filens värden; ett värde kan sätta flera kolumner: { avslutsorsak: …, … })
          constants:               ett värde som alla rader delar          numbered: [id, person]   nycklarna 1, 2, 3…
          parameters:              värden som load ger med with namn = värde
        Rubriker och värden matchas utan hänsyn till skiftläge och accenter. Ett värde som profilen inte känner till
        listas med antal och första rad: strict (standard) vägrar inläsningen; lenient läser in det
        som saknat och rapporten säger det. Inbyggda profiler: \(BuiltInProfiles.texts.keys.sorted().joined(separator: ", ")).
        as scb är ingen profil utan finsams egen läsare av SCB:s tabell BE0101N1 (år som kolumner):
          load befolkning from "BE0101N1.xlsx" as scb
        """,
        "ci": """
        with ci sist i en fråga lägger till ett 95 %-intervall efter varje andel och medelvärde (set ci 90|95|99):
          share, percent   Wilsons intervall (håller sig inom 0–100 %, rimligt för små grupper)
          mean             medelvärde ± t·s/√n
          compare          skillnaden mellan två andelar: Newcombes intervall; mellan två medelvärden: Welchs;
                           markerad * när det utesluter 0 — skillnaden är mer än slumpbrus
        from deltagare where slutår = 2018 and registrering = personuppgifter
          show share(arbete_studier_slut) by åldersgrupp compare kön with ci
        Intervallen behandlar raderna som oberoende dragningar. Det är de inte när en person har flera
        rader, och en compare av två år räknar ett deltagande som pågick båda åren i båda: där blir
        intervallen för smala. Jämför grupper utan överlapp (slutår, kön) för ett rättvist test.
        """,
        "test": """
        with test under en korstabell (by … across …, antal) ger Pearsons chi2-test av oberoende:
        χ², antalet frihetsgrader, p-värdet och Cramérs V, över de kända värdena ((saknas) utelämnat).
        När fler än 20 % av cellerna väntas få färre än 5 rader (eller en väntas få färre än 1) vägras
        chi2-testet; en 2×2-tabell får Fishers exakta test i stället. Vägras också när en cell är dold av
        röjandeskyddet (statistikan skulle kunna avslöja den) och för mängdkolumner (en rad skulle räknas två gånger).
          from deltagare where slutår = 2018 and registrering = personuppgifter show count by utbildning across kön with test
        """,
        "plot": """
        plot sist i en fråga ritar resultatet i stället för tabellen:
          per grupp            liggande staplar (grupperade, med förklaring, för across och compare)
          per år               stående staplar (en serie) eller linjer (across/compare)
        Det ritar det första måttet; with ci lägger till intervallen. Totalraden utelämnas.
        export to "diagram.svg" skriver sedan samma diagram som en SVG-fil (svenskt talformat,
        en titel och värdena i ord för skärmläsare).
        from deltagare where registrering = personuppgifter show count by år plot
        Ett helt skripts tabeller och diagram som en sida: finsam report SKRIPT --out rapport.html
        (och --out rapport.xlsx, ett blad per tabell); kommentarerna -- # Rubrik och -- ## Rubrik ger dem rubriker.
        """,
        "suppress": """
        Resultat från deltagare döljer små celler, på som standard (set suppress 5; set suppress 10; set suppress off):
          ..   en cell som bygger på färre än 5 personer: ett antal på 1–4, en procent av det, en andel vars
               nämnare är så få, ett värde av ett annat mått över värdena för så få
        och, så att ingen dold cell kan räknas fram, fler celler: det avgörs på frågans kub —
        varje kombination av värdena i by, across och compare och varje marginal (radsummor, kolumn-
        summor, totalsumman), vare sig tabellen visar dem eller inte — varje linje i den döljer ingen eller
        minst två. Så by a, b / by a across b / by a compare b döljer samma celler, och tillsammans
        avslöjar de ingen. En procent döljs med sitt antal eller sin kolumns total, en skillnad med
        något av värdena, ett intervall med sitt värde. En fotnot räknar de dolda cellerna; nollor visas.
        insatser, förbund, kommuner och befolkning är offentliga: döljs aldrig. docs/suppression.md har
        regeln, dess test och dess gränser (tabeller från andra frågor skyddas var för sig).
        """,
        "data": """
        De inbyggda data är syntetiska: påhittade rader kalibrerade så att frågor ger tillbaka de siffror
        Försäkringskassan, ISF och Arbetsförmedlingen publicerat (2016–2018, 2022; målgrupper 2016–2022;
        se docs/dataset.md). befolkning (16–64 år per kommun, år, kön, åldersgrupp) är också påhittad, skalad
        till ungefärliga folkmängder; läs in SCB:s riktiga tabell med as scb. describe <tabell> listar kolumnerna;
        values <kolumn> listar en kolumns värden med antal.
        """,
    ]

    /// `help measures` in Swedish: what each measure gives.
    static let swedishMeasures: [String: String] = [
        "count": "gruppens rader",
        "individer": "unika personer (personnyckeln)",
        "percent": "gruppens antal som andel av kolumnens total",
        "share": "bland raderna där villkoret kan avgöras; dess nämnare behålls",
        "distinct": "antalet olika värden",
        "mean": "medelvärdet över raderna med ett värde",
        "median": "mittvärdet (medelvärdet av de två mittersta)",
        "sum": "summan av värdena",
        "min": "det minsta värdet",
        "max": "det största värdet",
        "quantile": "interpolerat mellan ordningsstatistikor (DuckDB:s quantile_cont)",
        "stddev": "stickprovets standardavvikelse (n − 1; DuckDB:s stddev_samp)",
        "variance": "stickprovets varians (n − 1; DuckDB:s var_samp)",
        "cv": "variationskoefficienten: standardavvikelse / medelvärde",
    ]
}
