#!/usr/bin/env python3
"""An independent reader (openpyxl) checks finsam's .xlsx export against its .csv export.

Usage: python3 Tests/xlsx/check_export.py FINSAM_BIN

For a few query shapes, finsam exports the same result to .csv and .xlsx. The workbook must
open, have a bold header row equal to the CSV header, and hold every value of the CSV: labels
as text cells and every number as a real number cell (not text), equal to the CSV's.
Prints "N passed, N failed"; exit 1 on any failure.
"""
import csv
import os
import subprocess
import sys
import tempfile

import openpyxl

QUERIES = [
    "from deltagare where år = 2018 and registrering = personuppgifter show count, share(arbete_studier_slut) by åldersgrupp across kön",
    "from deltagare where slutår = 2018 and registrering = personuppgifter show median(tid_i_insats), mean(omfattning_slut) by förbund.län",
    "from deltagare where år = 2018 show count by registrering compare kön",
    "from insatser where år = 2018 show count",
]


def check(binary, query, folder, index):
    xlsx = os.path.join(folder, f"r{index}.xlsx")
    csv_path = os.path.join(folder, f"r{index}.csv")
    script = f'{query}\nexport to "{xlsx}"\nexport to "{csv_path}"'
    subprocess.run([binary, "-c", script], check=True, stdout=subprocess.DEVNULL)
    with open(csv_path, encoding="utf-8", newline="") as f:
        expected = list(csv.reader(f))
    sheet = openpyxl.load_workbook(xlsx).active
    rows = list(sheet.iter_rows())
    problems = []
    if len(rows) != len(expected):
        problems.append(f"{len(rows)} rows in the workbook, {len(expected)} in the csv")
    for r, (cells, fields) in enumerate(zip(rows, expected)):
        values = [c.value for c in cells] + [None] * (len(fields) - len(cells))
        for c, field in enumerate(fields):
            value = values[c]
            if r == 0:
                if value != field or not cells[c].font.b:
                    problems.append(f"header {c}: {value!r} (bold {cells[c].font.b}) against {field!r}")
                continue
            if field == "":
                if value not in (None, ""):
                    problems.append(f"row {r} col {c}: {value!r} where the csv is empty")
                continue
            try:
                number = float(field)
            except ValueError:
                if value != field:
                    problems.append(f"row {r} col {c}: text {value!r} against {field!r}")
                continue
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                problems.append(f"row {r} col {c}: {value!r} is not a number cell")
            elif abs(value - number) > 1e-6 * max(1.0, abs(number)):
                problems.append(f"row {r} col {c}: {value} against {number}")
    return problems


def main():
    binary = os.path.abspath(sys.argv[1])
    passed = failed = 0
    with tempfile.TemporaryDirectory() as folder:
        for i, query in enumerate(QUERIES):
            problems = check(binary, query, folder, i)
            if problems:
                failed += 1
                print(f"FAIL {query}\n  " + "\n  ".join(problems[:5]))
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
