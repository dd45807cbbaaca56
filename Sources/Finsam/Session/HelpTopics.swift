import FinsamStore
// The texts of `help`, in both languages (a test checks that both have every topic). The
// texts show whole queries, so measure names appear here as in the grammar: the third place,
// after MeasureCatalogue.swift and the embedding guide, that spells them out.
extension Help {
    /// `help` without a topic.
    static func overview(in language: Language) -> String {
        language == .sv ? """
            finsam \(Finsam.version) — frågor om Finsams deltagare, insatser och förbund.
              from deltagare where år = 2018 show count by registrering
              from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by åldersgrupp compare kön
            help query · help measures · help conditions · help statements · help then · help categories · help profiles · help ci · help test · help plot · help suppress · help data
            set locale en: English
            """ : """
            finsam \(Finsam.version) — questions about Finsam deltagare, insatser and förbund.
              from deltagare where år = 2018 show count by registrering
              from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by åldersgrupp compare kön
            help query · help measures · help conditions · help statements · help then · help categories · help profiles · help ci · help test · help plot · help suppress · help data
            set locale sv: svenska
            """
    }

    static let english: [String: String] = [
        "query": """
        A query, on one line or several:
          from <table>
            [where <condition>]
            [show <measure>, ...]                 default: count
            [by <dimension>, ...]                 a row per group, plus a total row
            [across <dimension>                   a column per value, plus a total column
             | compare <dimension> [a vs b]]      values side by side, plus the difference (last − first; not the missing group)
            [having <measure> >= <n> ...]         keep the groups whose measures pass (the total stays over all)
            [order by <measure or column> [desc], ...] [top <n>]    top alone: the n largest by the first measure;
                                                  any column of the result: order by skillnad desc ranks by change
            [with ci] [with test]                 confidence intervals (help ci); a chi-square test of by … across …
            [plot]                                draw the result as a chart (help plot)
            [then show … by …]                    the result is the next step's table (help then)
          from <table> [where …] list <column>, … [order by …] [top <n>]    the rows themselves (not deltagare
                                                  under suppression)
        Tables: deltagare, insatser, förbund, kommuner, befolkning.
        Swedish keywords work too: från, där, visa, per, mot, jämför, antal, andel, och, eller, inte.
        Example: from deltagare where slutår = 2018 and registrering = personuppgifter
                   show share(arbete_studier_slut) by åldersgrupp compare kön
        """,
        "measures": """
        \(MeasureCatalogue.helpText(in: .en))
        percent of row|column|total   each row sums to 100 % (of row), or a share of the grand total (of total)
        invånare      the population 16–64 of the group's area and year (befolkning; help data)
        Formulas: + - * / between measures and numbers: count / individer, count / invånare * 1000,
        share(arbete_studier_slut) - share(arbetssökande_slut) (in percentage points).
        Row-level arithmetic inside a measure: mean(omfattning_slut - omfattning_start), median(slutdatum - startdatum).
        Name a measure with as: show share(ung) as "andel unga"
        """,
        "then": """
        then (sedan) makes a result the next step's table:
          from deltagare where år = 2018 show count by förbund then show mean(count), median(count) by förbund.länsförbund
        Group columns keep their meaning (förbund stays a förbund: förbund.länsförbund works); measures become
        number columns named by their labels (mean("share(ung)")). Cells hidden by suppression are missing in the
        next step, so no step can reveal them. with ci, with test and plot belong to the last step.
        """,
        "categories": """
        Your own categories, first match wins; a row no condition can decide is (missing):
          let stöd = case when försörjning_start has any (sjukpenning, rehabiliteringspenning, aktivitetsersättning)
                     then "FK-ersättning" when försörjning_start has försörjningsstöd then "försörjningsstöd" else "annat" end
          from deltagare where år = 2018 show count by stöd          where stöd = "FK-ersättning"
        Periods of a date: by month(startdatum), quarter(…), week(…) (ISO), year(…) — every period listed, empty ones as 0.
        Swedish: välj när … så … annars … slut; månad, kvartal, vecka, år.
        """,
        "conditions": """
        kön = kvinna    ålder < 30    startår in 2016..2022    utbildning in (grundskola, gymnasium)
        försörjning_start has aktivitetsersättning    has any (sjukpenning, rehabiliteringspenning)    has all (…)
        försörjning_slut is empty    slutdatum is missing    kommun is not missing
        and, or, not, parentheses. Values with spaces in quotes: "fortsatt rehabilitering" (16–29 and a-kassa need none).
        $name: a value a program passes with the text (where kön = $kön); never pasted into it.
        A test of a set column also picks the values listed when grouping by it: where år >= 2021 … by år
        lists 2021 and 2022; not år = 2021 every year but 2021.
        Column against column: startår = slutår, omfattning_slut > omfattning_start, slutdatum - startdatum > 90 (days).
        A comparison with a missing value is neither true nor false: where drops it, is missing finds it.
        Related tables without a join: förbund.län, insats.inriktning, kommun.län.
        """,
        "statements": """
        let ung25 = ålder < 25             a named condition (or bin(…), or a column alias) for later queries
        set format box|markdown|csv|json   set locale sv|en   set decimals 1   set denominators on|off   set ci 90|95|99
        set suppress 5|off|on              hide cells of deltagare on fewer than 5 persons (on by default)
        set width 80|off|auto              fit tables and charts to 80 columns; off: no limit; auto: the terminal's
        set locale sv|en                   the language of messages, help and numbers (Swedish by default; LANG=en… starts in English)
        sql from deltagare …               the query as one DuckDB SQL statement over the CSV files
        explain from deltagare …           the query's plan: groupings, path, listed values, order, suppression
        describe deltagare    tables    values kön
        load deltagare from "fil.csv"      replace a table: the project's CSV, Swedish Excel CSV (; and
                                           Windows-1252), an .xlsx or .ods file's first sheet; reports what it
                                           read (empty rows, a title above the header, dates at 00:00, ja/nej,
                                           Kvinna, kod 114 → 0114); a failed load changes nothing
          … sheet "Blad2"                  the sheet of that name (in any case)
          … as dis with förbund = "x", insats = 12 [lenient]
                                           another export's layout, through an import profile (help profiles)
        load befolkning from "BE0101N1.csv" as scb
                                           SCB's "Folkmängd efter region, ålder, kön och år" (CSV or xlsx):
                                           ages 16–64 summed into befolkning's four bands
        export to "resultat.xlsx"          the last result (.csv, .xlsx, .json, .md, .txt; .svg: as a chart);
                                           a .csv file follows set locale: sv for Swedish Excel (; decimal
                                           comma, BOM), en with , and . (--format csv: always , and .)
        expect 9590 / expect 32 %          an assertion on the previous result; or expect and a markdown table
        help [query | measures | conditions | statements | then | categories | ci | test | plot | suppress | profiles | data]
        """,
        "profiles": """
        An import profile reads another export's layout into a table:
          load deltagare from "dis.xlsx" as dis with förbund = "goteborg_hisingen", insats = 2524
          load deltagare from "export.csv" as "vår-profil.yaml"
        A profile is a small YAML file (help dis prints the built-in DIS profile; copy it as a start):
          profile: namn            table: deltagare            description: …
          columns:                 each header of the file → a column, or to: and values: (a map of
                                   the file's values; a value may set several columns: { avslutsorsak: …, … })
          constants:               a value every row shares          numbered: [id, person]   keys 1, 2, 3…
          parameters:              values the load gives with with name = value
        Headers and values match case- and accent-insensitively. A value the profile does not know is
        listed with its count and first line: strict (the default) refuses the load; lenient loads it
        as missing and the report says so. Built-in profiles: \(BuiltInProfiles.texts.keys.sorted().joined(separator: ", ")).
        as scb is no profile but finsam's own reader of SCB's table BE0101N1 (years as columns):
          load befolkning from "BE0101N1.xlsx" as scb
        """,
        "ci": """
        with ci at the end of a query adds a 95 % interval after every share and mean (set ci 90|95|99):
          share, percent   Wilson's score interval (stays within 0–100 %, fair for small groups)
          mean             mean ± t·s/√n
          compare          the difference of two shares: Newcombe's interval; of two means: Welch's;
                           marked * when it excludes 0 — the difference is more than noise
        from deltagare where slutår = 2018 and registrering = personuppgifter
          show share(arbete_studier_slut) by åldersgrupp compare kön with ci
        The intervals take the rows as independent draws. They are not when one person has several
        rows, and a compare of two år counts a deltagande active in both years in both: there the
        intervals are too narrow. Compare groups without overlap (slutår, kön) for a fair test.
        """,
        "test": """
        with test under a crosstab (by … across …, counts) gives Pearson's chi-square test of independence:
        χ², its degrees of freedom, the p-value and Cramér's V, over the known values ((missing) left out).
        When more than 20 % of the cells expect fewer than 5 rows (or one expects fewer than 1) chi-square is
        refused; a 2×2 table gets Fisher's exact test instead. Refused too when a cell is hidden by suppression
        (the statistic could give it back) and for set columns (a row would count twice).
          from deltagare where slutår = 2018 and registrering = personuppgifter show count by utbildning across kön with test
        """,
        "plot": """
        plot at the end of a query draws the result instead of the table:
          by a group           horizontal bars (grouped, with a legend, for across and compare)
          by a year            columns (one series) or lines (across/compare)
        It draws the first measure; with ci adds the intervals. The total row is left out.
        export to "diagram.svg" then writes the same chart as an SVG file (Swedish number format,
        a title and the values in words for screen readers).
        from deltagare where registrering = personuppgifter show count by år plot
        A whole script's tables and charts as one page: finsam report SCRIPT --out rapport.html
        (and --out rapport.xlsx, a sheet per table); -- # Title and -- ## Title comments title them.
        """,
        "suppress": """
        Results from deltagare hide small cells, on by default (set suppress 5; set suppress 10; set suppress off):
          ..   a cell based on fewer than 5 persons: a count of 1–4, a percent of it, a share whose
               denominator is that few, a value of any other measure over the values of that few
        and, so that no hidden cell can be worked out, more cells: decided on the question's cube —
        every combination of the by, across and compare values and every margin (row totals, column
        totals, the grand total), whether the table shows them or not — each line of it hides none or
        at least two. So by a, b / by a across b / by a compare b hide the same cells, and together
        they give none back. A percent hides with its count or its column's total, a difference with
        either value, an interval with its value. A footer counts the hidden cells; zeros are shown.
        insatser, förbund, kommuner and befolkning are public: never hidden. docs/suppression.md has
        the rule, its test and its limits (tables of other questions are protected each on their own).
        """,
        "data": """
        The built-in dataset is synthetic: made-up rows calibrated so that queries give back the figures
        Försäkringskassan, ISF and Arbetsförmedlingen published (2016–2018, 2022; target groups 2016–2022;
        see docs/dataset.md). befolkning (16–64 per kommun, år, kön, åldersgrupp) is invented too, scaled
        to approximate populations; load SCB's real table with as scb. describe <table> lists the columns;
        values <column> lists a column's values with their counts.
        """,
    ]

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
        set suppress 5|off|on              dölj celler i deltagare med färre än 5 personer (på som standard)
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
}
