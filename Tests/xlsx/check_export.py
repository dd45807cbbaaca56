#!/usr/bin/env python3
"""finsam's .xlsx export and import, checked with an independent library (openpyxl).

Usage: python3 Tests/xlsx/check_export.py FINSAM_BIN

Export: 
For a few query shapes, finsam exports the same result to .csv and .xlsx. The workbook must
open, have a bold header row equal to the CSV header, and hold every value of the CSV: labels
as text cells and every number as a real number cell (not text), equal to the CSV's (a share
cell holds its fraction, formatted as a percent).
Import: openpyxl writes the built-in deltagare table as a workbook the way Excel users keep
it (real date cells, number cells, booleans, Excel's header names); `load deltagare from` it
must give the same answers as the project's CSV file.
Prints "N passed, N failed"; exit 1 on any failure.
"""
import datetime
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
    # A set column: the note that its groups add up to more than the total is a row of its own.
    "from deltagare where registrering = personuppgifter show count by år",
]


def check(binary, query, folder, index):
    xlsx = os.path.join(folder, f"r{index}.xlsx")
    csv_path = os.path.join(folder, f"r{index}.csv")
    # The machine csv (locale en: commas, decimal points); Tests/xlsx/check_swedish.py checks the Swedish one.
    script = f'{query}\nexport to "{xlsx}"\nset locale en\nexport to "{csv_path}"'
    subprocess.run([binary, "-c", script], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(csv_path, encoding="utf-8", newline="") as f:
        expected = list(csv.reader(f))
    sheet = openpyxl.load_workbook(xlsx).active
    rows = list(sheet.iter_rows())
    problems = []
    if query.endswith("by år") and not (expected[-1][0].startswith("en rad kan räknas under flera värden av år")
                                       and rows[-1][0].value == expected[-1][0]):
        problems.append(f"the note is not the last row: csv {expected[-1]!r}, xlsx {rows[-1][0].value!r}")
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
            if c == 0 and value == field:
                continue  # a label that reads as a number (a year) is a text cell, as it should be
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                problems.append(f"row {r} col {c}: {value!r} is not a number cell")
                continue
            if "%" in cells[c].number_format:
                value = value * 100  # a share: its fraction, shown as a percent
            if abs(value - number) > 1e-6 * max(1.0, abs(number)):
                problems.append(f"row {r} col {c}: {value} against {number}")
    return problems


IMPORT_QUERIES = [
    "from deltagare where slutår = 2018 and registrering = personuppgifter show count, share(arbete_studier_slut) by åldersgrupp compare kön",
    "from deltagare where år = 2019 show median(tid_i_insats), mean(omfattning_start) by utbildning",
    "from deltagare where försörjning_start has aktivitetsersättning show individer by år across kön",
]
RENAMED = {"slutdatum": "Avslutsdatum", "kommun": "Bostadsort", "kön": "Kön", "ålder": "Ålder"}
INTS = {"id", "person", "insats", "ålder", "omfattning_start", "omfattning_slut"}
DATES = {"startdatum", "slutdatum"}


def check_import(binary, folder):
    data = os.path.join(folder, "data")
    # A scaled dataset: openpyxl writes a large sheet slowly.
    subprocess.run([binary, "generate", "--rows", "20000", "--out", data], check=True, stdout=subprocess.DEVNULL)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Deltagare"
    with open(os.path.join(data, "deltagare.csv"), encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        sheet.append([RENAMED.get(h, h) for h in header])
        for row in reader:
            cells = []
            for name, field in zip(header, row):
                if field == "":
                    cells.append(None)
                elif name in INTS:
                    cells.append(int(field))
                elif name in DATES:
                    cells.append(datetime.date.fromisoformat(field))
                elif field in ("true", "false"):
                    cells.append(field == "true")
                else:
                    cells.append(field)
            sheet.append(cells)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    xlsx = os.path.join(folder, "deltagare.xlsx")
    workbook.save(xlsx)

    def answers(args, prefix=""):
        script = prefix + "\n".join(IMPORT_QUERIES)
        out = subprocess.run([binary, "--format", "csv"] + args + ["-c", script], capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"finsam failed ({out.returncode}):\n{out.stderr[-800:]}")
        return out.stdout, out.stderr
    from_csv, _ = answers(["--data", data])
    from_xlsx, report = answers(["--data", data], f'load deltagare from "{xlsx}"\n')
    # The load report is a notice: on standard error, never in the csv on standard output.
    lines = report.splitlines()
    problems = []
    if not lines or not lines[0].startswith("läste in deltagare:"):
        problems.append(f"no load report on stderr: {lines[:2]}")
    if "läst som en Excel-arbetsbok" not in report:
        problems.append("the report does not say the file was read as a workbook")
    body = from_xlsx
    if body.strip() != from_csv.strip():
        problems.append("the answers differ from the csv's:\n" + body[:400] + "\n---\n" + from_csv[:400])
    # A broken cell: refused, naming the workbook and the row Excel shows; nothing changes.
    for cell in sheet[5]:
        if cell.value in ("kvinna", "man"):
            cell.value = "kvina"
            break
    broken = os.path.join(folder, "broken.xlsx")
    workbook.save(broken)
    out = subprocess.run([binary, "--data", data, "-c", f'load deltagare from "{broken}"'], capture_output=True, text=True)
    if out.returncode == 0 or f"{broken}:5:" not in out.stderr or "menade du 'kvinna'" not in out.stderr:
        problems.append(f"a broken workbook: exit {out.returncode}, {out.stderr[:300]!r}")
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
        try:
            problems = check_import(binary, folder)
        except RuntimeError as e:
            problems = [str(e)]
        if problems:
            failed += 1
            print("FAIL load deltagare from a workbook\n  " + "\n  ".join(problems[:5]))
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
