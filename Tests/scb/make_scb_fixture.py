#!/usr/bin/env python3
"""Writes the SCB fixtures of Tests/FinsamStoreTests/Fixtures:

  BE0101N1-pivot.csv   SCB's table "Folkmängd efter region, ålder, kön och år" (BE0101N1) as
                       PxWeb lays it out in an Excel download: a title, a blank row, a header
                       whose stub cells are empty and whose years are columns, a stub value
                       only where it changes, footnotes after the figures. UTF-8.
  BE0101N1.xlsx        the same file converted by LibreOffice Calc (headless), so the workbook
                       is one a spreadsheet program wrote, with number cells for the figures.

The figures are invented (deterministic): five regions (riket, a län and three kommuner),
every age 0 år … 100+ år and totalt ålder, män, kvinnor and totalt, 2021 and 2022.

Usage: python3 Tests/scb/make_scb_fixture.py   (needs soffice, from libreoffice-calc-nogui)
"""

import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "FinsamStoreTests", "Fixtures")
YEARS = [2021, 2022]
KOMMUNER = [("0114 Upplands Väsby", 46000), ("1480 Göteborg", 571000), ("2584 Kiruna", 23000)]
AGES = [f"{a} år" for a in range(100)] + ["100+ år"]
SEXES = ["män", "kvinnor"]


def figure(population, age, sex, year):
    """People of one age: a smooth age profile scaled to the kommun, with a little noise."""
    shape = 1.25 - 0.35 * math.cos(age / 18.0) if age < 85 else 1.25 * math.exp(-(age - 84) / 5.0)
    noise = ((age * 104729 + sex * 1299709 + year * 15485863 + population) % 97) / 970.0
    return max(0, round(population / 190.0 * shape * (0.98 + noise) * (1.02 if sex == 0 else 0.98)))


def rows():
    """(region, ålder, kön, figures per year) in PxWeb's order: region, then ålder, then kön."""
    kommun_figures = {}
    for name, population in KOMMUNER:
        for a, age in enumerate(AGES):
            for s in range(2):
                kommun_figures[(name, age, s)] = [figure(population, min(a, 100), s, y) for y in YEARS]
    def totals(names):
        out = {}
        for age in AGES:
            for s in range(2):
                out[(age, s)] = [sum(kommun_figures[(n, age, s)][i] for n in names) for i in range(len(YEARS))]
        return out
    regions = [("00 Riket", totals([n for n, _ in KOMMUNER])), ("01 Stockholms län", totals(["0114 Upplands Väsby"]))]
    regions += [(n, {(age, s): kommun_figures[(n, age, s)] for age in AGES for s in range(2)}) for n, _ in KOMMUNER]
    for region, figures in regions:
        for age in AGES + ["totalt ålder"]:
            per_sex = []
            for s in range(2):
                if age == "totalt ålder":
                    per_sex.append([sum(figures[(a, s)][i] for a in AGES) for i in range(len(YEARS))])
                else:
                    per_sex.append(figures[(age, s)])
            yield region, age, "män", per_sex[0]
            yield region, age, "kvinnor", per_sex[1]
            yield region, age, "totalt", [m + k for m, k in zip(*per_sex)]


def main():
    os.makedirs(OUT, exist_ok=True)
    pivot = os.path.join(OUT, "BE0101N1-pivot.csv")
    with open(pivot, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
        w.writerow(["Folkmängd efter region, ålder, kön och år"])
        w.writerow([])
        w.writerow(["", "", ""] + [str(y) for y in YEARS])
        previous = (None, None)
        for region, age, sex, values in rows():
            shown_region = region if region != previous[0] else ""
            shown_age = age if (region, age) != previous else ""
            previous = (region, age)
            w.writerow([shown_region, shown_age, sex] + values)
        w.writerow([])
        w.writerow(["Folkmängden avser förhållandena den 31 december för resp. år."])
        w.writerow(["Källa: SCB (figures invented for finsam's tests)"])
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("make_scb_fixture.py: soffice not found (apt-get install libreoffice-calc-nogui)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        # CSV filter options: comma (44), double quote (34), UTF-8 (76), from line 1; quoted
        # fields stay text ("0114 Upplands Väsby"), unquoted ones become numbers.
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{work}/profile", "--convert-to", "xlsx",
                        "--infilter=CSV:44,34,76,1,,1053,true,true", "--outdir", work, pivot],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(work, "BE0101N1-pivot.xlsx"), os.path.join(OUT, "BE0101N1.xlsx"))
    print(f"wrote {pivot} and {os.path.join(OUT, 'BE0101N1.xlsx')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
