#!/usr/bin/env python3
"""Independent check of a finsam dataset against the published figures.

Usage:
    python3 Tests/duckdb/check_targets.py DIR [-v] [ID ...]

DIR holds deltagare.csv, insatser.csv, forbund.csv and kommuner.csv in the
project's own CSV format (/work/shared/domain/schema.md, section "Files").
Every figure of targets.md sections A-G is recomputed here with DuckDB,
without any code of the project itself:

  * every column is read as VARCHAR (nothing is guessed) and cast in SQL;
  * the derived columns (startår, slutår, år, ung, åldersgrupp,
    arbete_studier_*, insatser.år, förbund.länsförbund) are computed below;
  * counts must match exactly, percents must round to the published whole
    percent (share in [p-0.5, p+0.5) %), means likewise to the whole number;
    a sum of money (G3) must lie in its band;
  * a share counts, among the rows where its condition is not missing,
    those where it holds.

Optional ID arguments restrict the run to those targets: an exact id
(`C1`, `D11`) or a section letter (`A`); -v prints the SQL of failing figures.

Output: one `PASS`/`FAIL` line per figure, then `N passed, N failed`.
Exit status: 0 all passed, 1 some failed, 2 unusable input or no duckdb.
Lines starting with `WARN` (format and reference checks) are informative
and do not change the exit status.
"""

import argparse
import csv
import os
import signal
import sys
from collections import namedtuple

try:
    import duckdb
except ImportError:
    print("check_targets.py: the Python package 'duckdb' is not installed; "
          "install it with `pip install duckdb` and run again.", file=sys.stderr)
    sys.exit(2)

LAST_YEAR = 2022   # the data runs to 31 December 2022
YEARS = list(range(2016, 2023))

# ---------------------------------------------------------------------------
# Files: stored (non-derived) columns, in the order of schema.md

FILES = {
    "deltagare": ("deltagare.csv", [
        "id", "person", "förbund", "insats", "registrering", "kön", "ålder",
        "kommun", "startdatum", "slutdatum", "utbildning", "försörjning_start",
        "försörjning_slut", "offentlig_försörjning_tid", "sysselsättning_start",
        "sysselsättning_slut", "omfattning_start", "omfattning_slut",
        "arbetssökande_slut", "avslutsorsak"]),
    "insatser": ("insatser.csv", [
        "id", "namn", "förbund", "typ", "inriktning", "målgrupp", "startår",
        "slutår", "budget", "deltaganden"]),
    "förbund": ("forbund.csv", ["id", "namn", "län", "kommuner"]),
    "kommuner": ("kommuner.csv", ["kommun", "kod", "län", "förbund"]),
}


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def sql_list(values):
    return "[" + ", ".join(sql_str(v) for v in values) + "]"


def as_set(col):
    """A set column: `ingen` is the empty set, otherwise values joined by ';'."""
    return (f"CASE WHEN {col} IS NULL THEN NULL WHEN {col} = 'ingen' THEN []::VARCHAR[] "
            f"ELSE string_split({col}, ';') END AS {col}")


def as_bool(col):
    return (f"CASE WHEN {col} IS NULL THEN NULL WHEN {col} = 'true' THEN true "
            f"WHEN {col} = 'false' THEN false "
            f"ELSE error('{col}: not a boolean: ' || {col}) END AS {col}")


def as_type(col, typ):
    return f"CAST({col} AS {typ}) AS {col}"


TYPED_SQL = [   # (table, SQL); kommuner first: förbund.länsförbund needs it
    ("kommuner", f"""
    CREATE TABLE kommuner AS
    SELECT kommun, kod, län, {as_set('förbund')}
    FROM raw_kommuner
    """),
    ("förbund", f"""
    CREATE TABLE förbund AS
    WITH f AS (SELECT id, namn, {as_set('län')}, {as_set('kommuner')} FROM raw_förbund)
    SELECT f.*,
           len(f.kommuner) AS antal_kommuner,
           -- covers every kommun of its (single) län
           coalesce(len(f.län) = 1
                    AND EXISTS (SELECT 1 FROM kommuner k WHERE k.län = f.län[1])
                    AND NOT EXISTS (SELECT 1 FROM kommuner k
                                    WHERE k.län = f.län[1]
                                      AND NOT list_contains(f.kommuner, k.kommun)),
                    false) AS länsförbund
    FROM f
    """),
    ("insatser", f"""
    CREATE TABLE insatser AS
    WITH i AS (
        SELECT {as_type('id', 'BIGINT')}, namn, förbund, typ, inriktning,
               {as_set('målgrupp')}, {as_type('startår', 'INTEGER')},
               {as_type('slutår', 'INTEGER')}, {as_type('budget', 'BIGINT')},
               {as_type('deltaganden', 'BIGINT')}
        FROM raw_insatser)
    SELECT i.*, range(startår, coalesce(slutår, {LAST_YEAR}) + 1) AS år
    FROM i
    """),
    ("deltagare", f"""
    CREATE TABLE deltagare AS
    WITH d AS (
        SELECT {as_type('id', 'BIGINT')}, {as_type('person', 'BIGINT')}, förbund,
               {as_type('insats', 'BIGINT')}, registrering, kön,
               {as_type('ålder', 'INTEGER')}, kommun,
               {as_type('startdatum', 'DATE')}, {as_type('slutdatum', 'DATE')},
               utbildning, {as_set('försörjning_start')}, {as_set('försörjning_slut')},
               offentlig_försörjning_tid,  -- a plain category: 'ingen' is a value here
               {as_set('sysselsättning_start')}, {as_set('sysselsättning_slut')},
               {as_type('omfattning_start', 'INTEGER')},
               {as_type('omfattning_slut', 'INTEGER')},
               {as_bool('arbetssökande_slut')}, avslutsorsak
        FROM raw_deltagare)
    SELECT d.*,
           year(startdatum) AS startår,
           year(slutdatum) AS slutår,
           CASE WHEN registrering = 'personuppgifter'
                THEN range(year(startdatum), coalesce(year(slutdatum), {LAST_YEAR}) + 1)
                ELSE [year(startdatum)]      -- anonym, volym: start year only
           END AS år,
           slutdatum - startdatum AS tid_i_insats,
           ålder < 30 AS ung,
           CASE WHEN ålder IS NULL THEN NULL
                WHEN ålder < 30 THEN '16–29'
                WHEN ålder < 45 THEN '30–44'
                WHEN ålder < 60 THEN '45–59'
                ELSE '60–' END AS åldersgrupp,
           len(sysselsättning_start) > 0 AS arbete_studier_start,
           len(sysselsättning_slut) > 0 AS arbete_studier_slut
    FROM d
    """),
    # deltagare with the inriktning of their insats (C11)
    ("deltagare_insats", """
    CREATE VIEW deltagare_insats AS
    SELECT d.*, i.inriktning AS insats_inriktning
    FROM deltagare d LEFT JOIN insatser i ON d.insats = i.id
    """),
]

# ---------------------------------------------------------------------------
# Format and reference checks (WARN only; they explain failing figures)

REGISTRERING = ["personuppgifter", "anonym", "volym"]
KON = ["kvinna", "man"]
UTBILDNING = ["grundskola", "gymnasium", "eftergymnasial", "okänd"]
FORSORJNING = ["sjukpenning", "rehabiliteringspenning", "aktivitetsersättning",
               "sjukersättning", "a-kassa", "aktivitetsstöd", "försörjningsstöd", "annan"]
OFF_TID = ["ingen", "upp till 1 år", "1–3 år", "3–6 år", "över 6 år"]
SYSSELSATTNING = ["arbete", "subventionerat arbete", "eget företag", "studier"]
AVSLUTSORSAK = ["arbete eller studier", "arbetssökande", "fortsatt rehabilitering",
                "sjukdom", "flytt", "föräldraledighet", "avbrott", "annan"]
TYP = ["individinriktad", "strukturövergripande"]
INRIKTNING_IND = ["rehabilitering till arbete/utbildning", "förberedande",
                  "kartläggning av individer", "förebyggande", "annan inriktning"]
INRIKTNING_STR = ["dialog och kommunikation", "utbildning", "kartläggning", "annan inriktning"]
MALGRUPP = ["unga med aktivitetsersättning", "sjukskrivna", "unga med funktionsnedsättning"]


def bad_category(table, col, values):
    return f"SELECT count(*) FROM {table} WHERE {col} NOT IN ({', '.join(map(sql_str, values))})"


def bad_set(table, col, values):
    return f"SELECT count(*) FROM {table} WHERE NOT list_has_all({sql_list(values)}, {col})"


def bad_reference(table, key, col, target):
    """Rows of `table` with an element of the set `col` that is not a key in `target`."""
    return (f"SELECT count(DISTINCT {key}) FROM (SELECT {key}, unnest({col}) AS x FROM {table}) "
            f"WHERE x NOT IN (SELECT {target})")


DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

FORMAT_CHECKS = [
    ("deltagare.id not unique", "SELECT count(*) - count(DISTINCT id) FROM deltagare"),
    ("insatser.id not unique", "SELECT count(*) - count(DISTINCT id) FROM insatser"),
    ("förbund.id not unique", "SELECT count(*) - count(DISTINCT id) FROM förbund"),
    ("kommuner.kommun not unique", "SELECT count(*) - count(DISTINCT kommun) FROM kommuner"),
    ("deltagare.registrering out of domain", bad_category("deltagare", "registrering", REGISTRERING)),
    ("deltagare.registrering missing", "SELECT count(*) FROM deltagare WHERE registrering IS NULL"),
    ("deltagare.kön out of domain", bad_category("deltagare", "kön", KON)),
    ("deltagare.utbildning out of domain", bad_category("deltagare", "utbildning", UTBILDNING)),
    ("deltagare.offentlig_försörjning_tid out of domain",
     bad_category("deltagare", "offentlig_försörjning_tid", OFF_TID)),
    ("deltagare.avslutsorsak out of domain", bad_category("deltagare", "avslutsorsak", AVSLUTSORSAK)),
    ("deltagare.försörjning_start out of domain", bad_set("deltagare", "försörjning_start", FORSORJNING)),
    ("deltagare.försörjning_slut out of domain", bad_set("deltagare", "försörjning_slut", FORSORJNING)),
    ("deltagare.sysselsättning_start out of domain",
     bad_set("deltagare", "sysselsättning_start", SYSSELSATTNING)),
    ("deltagare.sysselsättning_slut out of domain",
     bad_set("deltagare", "sysselsättning_slut", SYSSELSATTNING)),
    ("deltagare.ålder outside 16–67", "SELECT count(*) FROM deltagare WHERE ålder NOT BETWEEN 16 AND 67"),
    ("deltagare.omfattning_* outside 1–100",
     "SELECT count(*) FROM deltagare WHERE omfattning_start NOT BETWEEN 1 AND 100 "
     "OR omfattning_slut NOT BETWEEN 1 AND 100"),
    ("deltagare dates not YYYY-MM-DD",
     f"SELECT count(*) FROM raw_deltagare WHERE NOT regexp_matches(startdatum, '{DATE_RE}') "
     f"OR NOT regexp_matches(slutdatum, '{DATE_RE}')"),
    ("deltagare.startdatum missing", "SELECT count(*) FROM deltagare WHERE startdatum IS NULL"),
    ("deltagare.slutdatum before startdatum", "SELECT count(*) FROM deltagare WHERE slutdatum < startdatum"),
    ("deltagare.slutdatum after 2022", f"SELECT count(*) FROM deltagare WHERE slutår > {LAST_YEAR}"),
    ("deltagare person missing on personuppgifter rows",
     "SELECT count(*) FROM deltagare WHERE registrering = 'personuppgifter' AND person IS NULL"),
    ("deltagare.förbund not in förbund.id",
     "SELECT count(*) FROM deltagare WHERE förbund NOT IN (SELECT id FROM förbund)"),
    ("deltagare.insats not in insatser.id",
     "SELECT count(*) FROM deltagare WHERE insats NOT IN (SELECT id FROM insatser)"),
    ("deltagare.kommun not in kommuner.kommun",
     "SELECT count(*) FROM deltagare WHERE kommun NOT IN (SELECT kommun FROM kommuner)"),
    ("deltagare.insats of another förbund or not individinriktad",
     "SELECT count(*) FROM deltagare d JOIN insatser i ON d.insats = i.id "
     "WHERE i.förbund <> d.förbund OR i.typ <> 'individinriktad'"),
    ("insatser.typ out of domain", bad_category("insatser", "typ", TYP)),
    ("insatser.inriktning out of domain for its typ",
     f"SELECT count(*) FROM insatser WHERE (typ = 'individinriktad' AND inriktning NOT IN "
     f"({', '.join(map(sql_str, INRIKTNING_IND))})) OR (typ = 'strukturövergripande' AND "
     f"inriktning NOT IN ({', '.join(map(sql_str, INRIKTNING_STR))}))"),
    ("insatser.målgrupp out of domain", bad_set("insatser", "målgrupp", MALGRUPP)),
    ("insatser.förbund not in förbund.id",
     "SELECT count(*) FROM insatser WHERE förbund NOT IN (SELECT id FROM förbund)"),
    ("insatser.slutår before startår", "SELECT count(*) FROM insatser WHERE slutår < startår"),
    ("förbund.kommuner not in kommuner.kommun",
     bad_reference("förbund", "id", "kommuner", "kommun FROM kommuner")),
    ("förbund.län not a län of kommuner.csv", bad_reference("förbund", "id", "län", "län FROM kommuner")),
    ("kommuner.förbund not in förbund.id", bad_reference("kommuner", "kommun", "förbund", "id FROM förbund")),
]

# ---------------------------------------------------------------------------
# The targets (targets.md, sections A-G)

Target = namedtuple("Target", "id label sql expected kind")   # kind: count | percent | mean | band
TARGETS = []


def count(tid, label, sql, expected):
    """sql returns one number, compared exactly."""
    TARGETS.append(Target(tid, label, sql, expected, "count"))


def percent(tid, label, frm, where, cond, expected):
    """Share of rows (among those of `where` where `cond` is not missing) where `cond` holds."""
    sql = f"SELECT count(*) FILTER (WHERE {cond}), count(({cond})) FROM {frm} WHERE {where}"
    TARGETS.append(Target(tid, label, sql, expected, "percent"))


def mean(tid, label, frm, where, col, expected):
    """Mean of `col` over the rows of `where` that have a value."""
    sql = f"SELECT sum({col}), count({col}) FROM {frm} WHERE {where}"
    TARGETS.append(Target(tid, label, sql, expected, "mean"))


def within(tid, label, sql, low, high):
    """sql returns one number, which must lie in [low, high]."""
    TARGETS.append(Target(tid, label, sql, (low, high), "band"))


PU = "registrering = 'personuppgifter'"
AE = "list_contains(försörjning_start, 'aktivitetsersättning')"
SP = "list_has_any(försörjning_start, ['sjukpenning', 'rehabiliteringspenning'])"


def active(y):          # pågående år Y
    return f"list_contains(år, {y})"


SEX = {"kvinna": "kön = 'kvinna'", "man": "kön = 'man'"}

# A. Target groups 2016-2022: individer (pu), by sex; (kvinna, man) per year 2016..2022
A = [
    ("A1", AE, "pågående", [(940, 793), (988, 830), (1055, 951), (966, 895), (851, 738), (773, 711), (819, 762)]),
    ("A2", AE, "nyregistrerade", [(544, 467), (566, 512), (541, 498), (491, 403), (385, 337), (372, 360), (417, 391)]),
    ("A3", SP, "pågående", [(1984, 797), (2477, 977), (2987, 1168), (2915, 1216), (2372, 1038), (2582, 1166), (3109, 1369)]),
    ("A4", SP, "nyregistrerade", [(1354, 557), (1753, 647), (2069, 807), (1687, 732), (1272, 587), (1474, 656), (1693, 732)]),
]
for tid, group, when, values in A:
    for y, pair in zip(YEARS, values):
        in_year = active(y) if when == "pågående" else f"startår = {y}"
        for sex, expected in zip(("kvinna", "man"), pair):
            count(tid, f"{y} {sex}",
                  f"SELECT count(DISTINCT person) FROM deltagare "
                  f"WHERE {PU} AND {group} AND {in_year} AND {SEX[sex]}", expected)

# B. Registrations per year: rows active in the year, by registrering
B = [
    ("B1", 2016, {"personuppgifter": 14634, "anonym": 2482, "volym": 10590}),
    ("B2", 2017, {"personuppgifter": 15035, "anonym": 1726, "volym": 12053}),
    ("B4", 2018, {"personuppgifter": 19151, "anonym": 1705, "volym": 11859, None: 32715}),
    ("B5", 2022, {"personuppgifter": 17562, "anonym": 3808, None: 21370}),
]
for tid, y, values in B:
    for reg, expected in values.items():
        if reg is None:   # the published total (all three registrations)
            count(tid, f"{y} total", f"SELECT count(*) FROM deltagare WHERE {active(y)}", expected)
        else:
            count(tid, f"{y} {reg}",
                  f"SELECT count(*) FROM deltagare WHERE {active(y)} AND registrering = '{reg}'",
                  expected)
    if tid == "B2":   # B3 follows B2 in targets.md
        for sex, expected in (("kvinna", 930), ("man", 796)):
            count("B3", f"2017 anonym {sex}",
                  f"SELECT count(*) FROM deltagare WHERE {active(2017)} "
                  f"AND registrering = 'anonym' AND {SEX[sex]}", expected)

# C. Participants 2017 and 2018 (pu, active in the year): shares of rows
PU17 = f"{PU} AND {active(2017)}"
PU18 = f"{PU} AND {active(2018)}"
D = "deltagare"
percent("C1", "2017 share kvinna", D, PU17, SEX["kvinna"], 55)
percent("C2", "2017 share ung", D, PU17, "ung", 47)
percent("C2", "2017 share ung among män", D, f"{PU17} AND {SEX['man']}", "ung", 55)
percent("C2", "2017 share ung among kvinnor", D, f"{PU17} AND {SEX['kvinna']}", "ung", 40)
percent("C3", "2018 share kvinna", D, PU18, SEX["kvinna"], 54)
for band, expected in (("16–29", 39), ("30–44", 30), ("45–59", 27), ("60–", 4)):
    percent("C4", f"2018 åldersgrupp {band}", D, PU18, f"åldersgrupp = '{band}'", expected)
percent("C5", "2018 share kvinna among ung", D, f"{PU18} AND ung", SEX["kvinna"], 46)
for tid, sex, values in (("C6", "kvinna", (31, 38, 22, 9)), ("C7", "man", (39, 37, 16, 8))):
    for level, expected in zip(UTBILDNING, values):
        percent(tid, f"2018 {sex} utbildning {level}", D, f"{PU18} AND {SEX[sex]}",
                f"utbildning = '{level}'", expected)
for sex, expected in ((None, 89), ("kvinna", 91), ("man", 86)):
    where = PU18 if sex is None else f"{PU18} AND {SEX[sex]}"
    percent("C8", f"2018 offentlig_försörjning_tid != ingen, {sex or 'all'}", D, where,
            "offentlig_försörjning_tid <> 'ingen'", expected)
for tid_value, expected in (("upp till 1 år", 20), ("1–3 år", 29), ("3–6 år", 21)):
    percent("C9", f"2018 offentlig_försörjning_tid {tid_value}", D, PU18,
            f"offentlig_försörjning_tid = '{tid_value}'", expected)
for sex, expected in ((None, 32), ("kvinna", 29), ("man", 35)):
    where = PU18 if sex is None else f"{PU18} AND {SEX[sex]}"
    percent("C10", f"2018 försörjningsstöd at start, {sex or 'all'}", D, where,
            "list_contains(försörjning_start, 'försörjningsstöd')", expected)
for inriktning, expected in zip(INRIKTNING_IND[:4], (73, 20, 5, 3)):
    percent("C11", f"2018 insats.inriktning {inriktning}", "deltagare_insats", PU18,
            f"insats_inriktning = '{inriktning}'", expected)

# D. Results after an ended insats, 2018 (pu, slutår = 2018)
END18 = f"{PU} AND slutår = 2018"
SUBGROUPS = {   # label -> extra where
    "all": "true", "kvinnor": SEX["kvinna"], "män": SEX["man"],
    "ung": "ung", "not ung": "NOT ung", "ung and AE": f"ung AND {AE}",
}


def end18(group):
    return END18 if group == "all" else f"{END18} AND {SUBGROUPS[group]}"


for group, expected in (("all", 9590), ("kvinnor", 5370), ("män", 4220)):
    count("D1", f"rows {group}", f"SELECT count(*) FROM deltagare WHERE {end18(group)}", expected)
percent("D1", "share kvinna", D, END18, SEX["kvinna"], 56)
percent("D1", "share man", D, END18, SEX["man"], 44)
for group, expected in (("all", 3109), ("kvinnor", 1559), ("män", 1550)):
    count("D2", f"arbete_studier_slut rows {group}",
          f"SELECT count(*) FROM deltagare WHERE {end18(group)} AND arbete_studier_slut", expected)
D_SHARES = [  # id, condition, {subgroup: published percent}
    ("D3", "arbete_studier_slut", {"all": 32, "kvinnor": 29, "män": 37}),
    ("D4", "arbete_studier_start", {"all": 12, "kvinnor": 13, "män": 12}),
    ("D5", "arbete_studier_slut", {"ung": 41, "not ung": 27, "ung and AE": 31}),
    ("D8", "arbetssökande_slut",
     {"all": 18, "kvinnor": 16, "män": 20, "ung": 13, "not ung": 20, "ung and AE": 10}),
    ("D9", "avslutsorsak = 'fortsatt rehabilitering'",
     {"all": 35, "kvinnor": 38, "män": 30, "ung and AE": 40}),
    ("D10", "avslutsorsak = 'sjukdom'", {"all": 11, "kvinnor": 12, "män": 10}),
    ("D11", "len(försörjning_start) = 0", {"all": 9, "kvinnor": 8, "män": 12}),
    ("D11", "len(försörjning_slut) = 0", {"all": 22, "kvinnor": 19, "män": 27}),
]
D11_NAMES = {"len(försörjning_start) = 0": "försörjning_start empty",
             "len(försörjning_slut) = 0": "försörjning_slut empty"}
D_MEANS = [  # id, {subgroup: (mean omfattning_start, mean omfattning_slut)}
    ("D6", {"all": (67, 84), "kvinnor": (64, 80), "män": (71, 89)}),
    ("D7", {"ung": (72, 85), "not ung": (64, 84), "ung and AE": (62, 75)}),
]
for tid, cond, values in D_SHARES:
    what = D11_NAMES.get(cond, cond)
    for group, expected in values.items():
        percent(tid, f"{what}, {group}", D, end18(group), cond, expected)
    if tid == "D5":   # D6 and D7 come between D5 and D8
        for mid, mvalues in D_MEANS:
            for group, (start, slut) in mvalues.items():
                mean(mid, f"mean omfattning_start, {group}", D, end18(group), "omfattning_start", start)
                mean(mid, f"mean omfattning_slut, {group}", D, end18(group), "omfattning_slut", slut)

# E. Insatser
E1 = [293, 144, 62, 33, 27]
E2 = [213, 143, 79, 111]
for tid, typ, names, values in (("E1", "individinriktad", INRIKTNING_IND, E1),
                                ("E2", "strukturövergripande", INRIKTNING_STR, E2)):
    for inriktning, expected in zip(names, values):
        count(tid, f"2018 {typ} {inriktning}",
              f"SELECT count(*) FROM insatser WHERE {active(2018)} AND typ = '{typ}' "
              f"AND inriktning = '{inriktning}'", expected)
    count(tid, f"2018 {typ} total",
          f"SELECT count(*) FROM insatser WHERE {active(2018)} AND typ = '{typ}'", sum(values))
for typ, expected in (("individinriktad", 80), ("strukturövergripande", 82)):
    count("E3", f"2018 förbund with {typ} insatser",
          f"SELECT count(DISTINCT förbund) FROM insatser WHERE {active(2018)} AND typ = '{typ}'",
          expected)
E4 = {2016: (77, 56, 0), 2017: (136, 141, 85), 2018: (114, 128, 81), 2019: (154, 158, 121),
      2020: (147, 152, 118), 2021: (112, 88, 83), 2022: (100, 72, 77)}
for y, values in E4.items():
    for malgrupp, expected in zip(MALGRUPP, values):
        count("E4", f"{y} {malgrupp}",
              f"SELECT count(*) FROM insatser WHERE {active(y)} "
              f"AND list_contains(målgrupp, '{malgrupp}')", expected)
    if y in (2018, 2022):   # published totals: each marked insats carries one målgrupp
        count("E4", f"{y} marked insatser total",
              f"SELECT count(*) FROM insatser WHERE {active(y)} AND len(målgrupp) > 0", sum(values))
count("E5", "2022 all insatser", f"SELECT count(*) FROM insatser WHERE {active(2022)}", 968)
for malgrupp, expected in zip(MALGRUPP, (31, 26, 23)):
    count("E6", f"2022 förbund with an insats for {malgrupp}",
          f"SELECT count(DISTINCT förbund) FROM insatser WHERE {active(2022)} "
          f"AND list_contains(målgrupp, '{malgrupp}')", expected)

# F. Förbund and kommuner
count("F1", "förbund in the 2018 roster", "SELECT count(*) FROM förbund", 83)
count("F2", "kommuner with a förbund", "SELECT count(*) FROM kommuner WHERE len(förbund) > 0", 260)
count("F2", "kommuner without a förbund", "SELECT count(*) FROM kommuner WHERE len(förbund) = 0", 30)
count("F3", "all kommuner", "SELECT count(*) FROM kommuner", 290)
count("F4", "länsförbund", "SELECT count(*) FROM förbund WHERE länsförbund", 8)
count("F5", "förbund whose kommuner include Göteborg",
      "SELECT count(*) FROM förbund WHERE list_contains(kommuner, 'Göteborg')", 4)

# G. Money. G3: the budgets of the insatser active in a year (kronor per year, missing ones left
# out) lie between 60 % and 85 % of that year's financing, twice the state's money (G2: the
# state gives half). State money in Mkr: 001 (ISF 2019:1) Tabell 5.1 for 2013-2019, 000
# Tabell 4 for 2018; no source for 2020-2022, held at 339.
STATE_MKR = {2013: 280, 2014: 280, 2015: 280, 2016: 339, 2017: 339, 2018: 339, 2019: 339,
             2020: 339, 2021: 339, 2022: 339}


def budgets(y):
    return f"SELECT sum(budget) FROM insatser WHERE {active(y)}"


within("G3", "2018 sum(budget), 60-85 % of G2's 670 Mkr", budgets(2018), 0.60 * 670e6, 0.85 * 670e6)
for y, mkr in STATE_MKR.items():
    within("G3", f"{y} sum(budget), 60-85 % of {2 * mkr} Mkr", budgets(y), 0.60 * 2e6 * mkr, 0.85 * 2e6 * mkr)

# ---------------------------------------------------------------------------


def die(message):
    print(f"check_targets.py: {message}", file=sys.stderr)
    sys.exit(2)


def load(con, directory):
    for table, (filename, columns) in FILES.items():
        path = os.path.join(directory, filename)
        if not os.path.isfile(path):
            die(f"missing file {path}")
        with open(path, encoding="utf-8", newline="") as f:
            try:
                header = next(csv.reader(f), None)
            except UnicodeDecodeError as e:
                die(f"{path} is not UTF-8: {e}")
        if header != columns:
            die(f"{path}: header is {header}\n  expected {columns}")
        types = "{" + ", ".join(f"{sql_str(c)}: 'VARCHAR'" for c in columns) + "}"
        try:
            con.execute(f"""
                CREATE TABLE raw_{table} AS SELECT * FROM read_csv({sql_str(path)},
                    header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                    columns = {types})""")
        except duckdb.Error as e:
            die(f"cannot read {path}: {e}")
    for table, sql in TYPED_SQL:
        try:
            con.execute(sql)
        except duckdb.Error as e:
            die(f"cannot convert {table} to the schema's types: {e}")


def fmt_mkr(kronor):
    return "none" if kronor is None else f"{kronor / 1e6:.1f} Mkr"


def fmt_expected(t):
    if t.kind == "band":
        return f"{fmt_mkr(t.expected[0])} to {fmt_mkr(t.expected[1])}"
    return f"{t.expected}{' %' if t.kind == 'percent' else ''}"


def fmt_pct(num, den):
    return f"{100 * num / den:.1f} % ({num}/{den})"


def evaluate(con, t):
    """Return (passed, text of the computed value)."""
    row = con.execute(t.sql).fetchone()
    if t.kind == "count":
        got = row[0]
        return got == t.expected, str(got)
    if t.kind == "band":
        got, (low, high) = row[0], t.expected
        return got is not None and low <= got <= high, fmt_mkr(got)
    num, den = row
    if not den:
        return False, "no rows with a value"
    if t.kind == "percent":
        # exact: p - 0.5 <= 100 * num / den < p + 0.5
        ok = (2 * t.expected - 1) * den <= 200 * num < (2 * t.expected + 1) * den
        return ok, fmt_pct(num, den)
    # mean: p - 0.5 <= num / den < p + 0.5
    ok = (2 * t.expected - 1) * den <= 2 * num < (2 * t.expected + 1) * den
    return ok, f"{num / den:.1f} (n={den})"


def main():
    parser = argparse.ArgumentParser(description="Check a finsam dataset against targets.md A-G.")
    parser.add_argument("dir", help="directory with deltagare.csv, insatser.csv, forbund.csv, kommuner.csv")
    parser.add_argument("ids", nargs="*", help="only these targets: exact ids (C1) or section letters (A)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the SQL of failing figures")
    args = parser.parse_args()
    if hasattr(signal, "SIGPIPE"):   # quiet when piped into head
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    con = duckdb.connect()
    load(con, args.dir)

    for what, sql in FORMAT_CHECKS:
        try:
            n = con.execute(sql).fetchone()[0]
        except duckdb.Error as e:
            n = f"check failed ({e})"
        if n:
            print(f"WARN {what}: {n} rows")

    passed = failed = 0
    for t in TARGETS:
        if args.ids and not any(t.id == i or (i.isalpha() and t.id.startswith(i))
                                for i in args.ids):
            continue
        try:
            ok, got = evaluate(con, t)
        except duckdb.Error as e:
            ok, got = False, f"SQL error: {e}"
        if ok:
            passed += 1
            print(f"PASS {t.id} {t.label}: {got}")
        else:
            failed += 1
            print(f"FAIL {t.id} {t.label}: expected {fmt_expected(t)} got {got}")
            if args.verbose:
                print(f"     {' '.join(t.sql.split())}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
