#!/usr/bin/env python3
"""Independent check of befolkning.csv, the invented population of the built-in dataset.

Usage:
    python3 Tests/duckdb/check_befolkning.py DIR [POPULATION_CSV]

DIR holds the files `finsam generate` writes; POPULATION_CSV is the population stand-in
(default Data/kommun_befolkning.csv: kommun, kod, befolkning of all ages, about 2018).
DuckDB reads befolkning.csv as text and sums it; nothing of the project's code is used.
The rule checked is the one docs/dataset.md states:

  * every kommun of kommuner.csv, 2013-2022, kvinna and man, the bands 16–29, 30–44,
    45–59 and 60–64: each once, antal a whole number >= 0;
  * 2018's 16–64 per kommun = round(population x share), where
    share = 0.585 + 0.025 c + u, |u| <= 0.012, c = clamp((log10(population) - 4) / 1.8, 0, 1);
  * bands and kön in plausible proportions (16–29 24-33 %, 30–44 and 45–59 27-34 %,
    60–64 8.5-15 %; men 49-53 %);
  * each kommun, kön and band changes by at most 0.5 % a year (and rounding) from 2018.

Output: a PASS/FAIL line per check, then `N passed, N failed`.
Exit status: 0 all passed, 1 some failed, 2 unusable input or no duckdb.
"""

import csv
import math
import os
import sys

try:
    import duckdb
except ImportError:
    print("check_befolkning.py: the Python package 'duckdb' is not installed; "
          "install it with `pip install duckdb` and run again.", file=sys.stderr)
    sys.exit(2)

YEARS = list(range(2013, 2023))
BANDS = ["16–29", "30–44", "45–59", "60–64"]
SEXES = ["kvinna", "man"]


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    folder = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    population_file = sys.argv[2] if len(sys.argv) == 3 else os.path.join(here, "..", "..", "Data", "kommun_befolkning.csv")
    path = os.path.join(folder, "befolkning.csv")
    if not os.path.exists(path):
        print(f"check_befolkning.py: {path} does not exist", file=sys.stderr)
        return 2
    with open(population_file, encoding="utf-8") as f:
        population = {row["kommun"]: float(row["befolkning"]) for row in csv.DictReader(f)}

    results = []

    def check(name, ok, detail=""):
        results.append(ok)
        print(("PASS " if ok else "FAIL ") + name + ("" if ok or not detail else f": {detail}"))

    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\r\n")
    check("befolkning.csv's header is kommun,år,kön,åldersgrupp,antal", header == "kommun,år,kön,åldersgrupp,antal", header)

    con = duckdb.connect()
    con.execute(f"""CREATE TABLE b AS SELECT * FROM read_csv('{path}', header = true, auto_detect = false,
                    columns = {{'kommun': 'VARCHAR', 'år': 'VARCHAR', 'kön': 'VARCHAR', 'åldersgrupp': 'VARCHAR', 'antal': 'VARCHAR'}})""")
    con.execute(f"""CREATE TABLE k AS SELECT kommun FROM read_csv('{os.path.join(folder, "kommuner.csv")}', header = true,
                    auto_detect = false, columns = {{'kommun': 'VARCHAR', 'kod': 'VARCHAR', 'län': 'VARCHAR', 'förbund': 'VARCHAR'}})""")
    bad = con.execute("""SELECT count(*) FROM b WHERE TRY_CAST(antal AS BIGINT) IS NULL OR CAST(antal AS BIGINT) < 0
                         OR TRY_CAST("år" AS INTEGER) IS NULL""").fetchone()[0]
    check("antal and år are whole numbers, antal >= 0", bad == 0, f"{bad} rows")
    if bad:
        return finish(results)

    cells = {(kommun, int(year), sex, band): int(antal)
             for kommun, year, sex, band, antal in con.execute('SELECT kommun, "år", "kön", "åldersgrupp", antal FROM b').fetchall()}
    rows = con.execute("SELECT count(*) FROM b").fetchone()[0]
    kommuner = [r[0] for r in con.execute("SELECT kommun FROM k").fetchall()]
    expected = {(kommun, y, s, band) for kommun in kommuner for y in YEARS for s in SEXES for band in BANDS}
    check(f"each kommun ({len(kommuner)}), year 2013–2022, kön and band once", rows == len(expected) and set(cells) == expected,
          f"{rows} rows, {len(set(cells) ^ expected)} cells differ from the expected")
    check("the population stand-in names every kommun", set(population) == set(kommuner),
          f"{sorted(set(population) ^ set(kommuner))[:5]}")
    if set(cells) != expected or set(population) != set(kommuner):
        return finish(results)

    # 2018 totals per kommun, summed by DuckDB.
    totals = dict(con.execute("""SELECT kommun, sum(CAST(antal AS BIGINT)) FROM b WHERE "år" = '2018' GROUP BY kommun""").fetchall())
    off = []
    for kommun, people in population.items():
        c = min(1.0, max(0.0, (math.log10(people) - 4) / 1.8))
        share = totals[kommun] / people
        if abs(share - (0.585 + 0.025 * c)) > 0.012 + 0.5 / people or not 0.57 <= share <= 0.64:
            off.append(f"{kommun} {share:.4f}")
    check("2018's 16–64 per kommun = population x (0.585 + 0.025 c ± 0.012)", not off, ", ".join(off[:5]))
    national = sum(totals.values()) / sum(population.values())
    check(f"the country's 16–64 share in 2018 is {national:.3f} (0.57–0.64)", 0.57 <= national <= 0.64)

    off = []
    for kommun in kommuner:
        bands = [sum(cells[(kommun, 2018, s, b)] for s in SEXES) for b in BANDS]
        total = sum(bands)
        shares = [n / total for n in bands]
        men = sum(cells[(kommun, 2018, "man", b)] for b in BANDS) / total
        if not (0.24 <= shares[0] <= 0.33 and 0.27 <= shares[1] <= 0.34 and 0.27 <= shares[2] <= 0.34
                and 0.085 <= shares[3] <= 0.15 and 0.49 <= men <= 0.53):
            off.append(f"{kommun} {[round(x, 3) for x in shares]} men {men:.3f}")
    check("bands and kön in plausible proportions in 2018", not off, ", ".join(off[:5]))

    off = []
    for (kommun, year, sex, band), n in cells.items():
        base = cells[(kommun, 2018, sex, band)]
        if abs(n - base) > base * (1.005 ** abs(year - 2018) - 1) + 0.5:
            off.append(f"{kommun} {year} {sex} {band}: {n} against {base} in 2018")
    check("each kommun, kön and band changes by at most 0.5 % a year", not off, ", ".join(off[:5]))
    return finish(results)


def finish(results):
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
