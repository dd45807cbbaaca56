import FinsamStore
/// `help` and `help <topic>`.
enum Help {
    /// The topics in `language`.
    static func topics(in language: Language) -> [String: String] { language == .sv ? swedish : english }

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
        set suppress 5|off                 hide cells of deltagare on fewer than 5 persons (on by default)
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

    /// Every topic `help` answers: its own, then the built-in import profiles.
    static var topicNames: [String] { english.keys.sorted() + BuiltInProfiles.texts.keys.sorted() }

    static func text(_ topic: String?, in language: Language = .sv) -> String {
        let topics = topics(in: language)
        guard let topic else {
            return language == .sv ? """
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
        let folded = NameMatching.fold(topic)
        if let text = topics[folded] { return text }
        if let profile = BuiltInProfiles.texts[folded] {
            return Message(.helpProfile, folded).render(in: language) + "\n\n" + profile
        }
        let aliases = ["fraga": "query", "matt": "measures", "villkor": "conditions", "satser": "statements", "data": "data",
                       "share": "measures", "count": "measures", "where": "conditions", "from": "query", "let": "statements",
                       "set": "statements", "expect": "statements", "load": "statements", "export": "statements",
                       "ki": "ci", "intervals": "ci", "intervall": "ci", "with": "ci", "rita": "plot", "chart": "plot",
                       "diagram": "plot", "svg": "plot", "profile": "profiles", "profil": "profiles", "profiler": "profiles",
                       "import": "profiles", "as": "profiles", "suppression": "suppress", "rojning": "suppress",
                       "sekretess": "suppress", "explain": "statements", "forklara": "statements", "plan": "statements", "sheet": "statements", "blad": "statements", "xlsx": "statements"]
        if let alias = aliases[folded], let text = topics[alias] { return text }
        let near = NameMatching.suggestion(for: topic, among: topicNames)
        return (near.map { Message(.noHelpNear, NameMatching.excerpt(topic), $0) }
                ?? Message(.noHelpTopics, NameMatching.excerpt(topic), topicNames.joined(separator: ", "))).render(in: language)
    }
}
