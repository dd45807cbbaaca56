#!/usr/bin/env python3
"""finsam's exports on a Swedish desk, read by LibreOffice Calc under a Swedish locale.

Usage: python3 Tests/xlsx/check_swedish.py FINSAM_BIN

CSV: `export to "x.csv"` under `set locale sv` (the default) writes `;` between fields, a
decimal comma and a UTF-8 byte order mark. LibreOffice (sv-SE, headless) converts the file to
a workbook; openpyxl reads it back: every number of finsam's English (machine) csv must be a
number cell of the same value, not text, labels with å/ä/ö intact, the notes rows kept. Under
`set locale en` the file is the machine csv: commas, decimal points, no BOM.
XLSX: `export to "x.xlsx"` writes shares as fractions formatted `0.0 %`, counts `#,##0`, means
with the shown decimals, hidden cells as the text `..`, an interval as text, the notes below
(without the instruction to the tool). LibreOffice (sv-SE) converting the workbook to csv "as
shown" must give the table's Swedish texts: `41,5 %`, `7 469`, `85,2`.
Prints "N passed, N failed"; exit 1 on any failure.
"""
import csv
import os
import subprocess
import sys
import tempfile

import openpyxl

BOM = b"\xef\xbb\xbf"
QUERIES = [
    "from deltagare where år = 2018 and registrering = personuppgifter show count, share(arbete_studier_slut), mean(omfattning_slut) by åldersgrupp across kön",
    # Hidden cells and two notes (a set column, suppression).
    "from deltagare where år = 2018 and registrering = personuppgifter and ålder > 63 show count by förbund.län",
    "from deltagare where år = 2018 and registrering = personuppgifter show share(arbete_studier_slut), mean(omfattning_slut) by åldersgrupp with ci",
]


def soffice(args, folder):
    """LibreOffice headless under a Swedish locale, with a profile of its own."""
    env = dict(os.environ, LANG="sv_SE.UTF-8", LC_ALL="sv_SE.UTF-8", LANGUAGE="sv")
    profile = "file://" + os.path.join(folder, "lo-profile")
    out = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless"] + args,
                         env=env, capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"soffice failed ({out.returncode}): {out.stderr[-500:]}")


def is_number(field):
    try:
        float(field)
        return True
    except ValueError:
        return False


def normal(text):
    """LibreOffice separates thousands with a no-break space."""
    return str(text).replace("\u00a0", " ").replace("\u202f", " ")


def swedish_integer(n):
    return f"{n:,}".replace(",", " ")


def check_csv(folder, i):
    problems = []
    with open(os.path.join(folder, f"q{i}-sv.csv"), "rb") as f:
        sv = f.read()
    with open(os.path.join(folder, f"q{i}-en.csv"), "rb") as f:
        en = f.read()
    if not sv.startswith(BOM):
        problems.append("the Swedish csv has no BOM")
    header = sv[len(BOM):].split(b"\n")[0].decode("utf-8")
    if ";" not in header or "," in header.replace("(", "").replace(")", "").split(";")[0]:
        problems.append(f"the Swedish csv's header is not ;-separated: {header!r}")
    if en.startswith(BOM) or b";" in en.split(b"\n")[0]:
        problems.append("the English csv has a BOM or ; in its header")
    expected = list(csv.reader(en.decode("utf-8").splitlines()))
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(os.path.join(folder, "lo-csv", f"q{i}-sv.xlsx")).active.iter_rows()]
    if len(rows) != len(expected):
        problems.append(f"LibreOffice read {len(rows)} rows, the csv has {len(expected)}")
    for r, (cells, fields) in enumerate(zip(rows, expected)):
        cells = cells + [None] * (len(fields) - len(cells))
        for c, field in enumerate(fields):
            value = cells[c]
            if field == "":
                if value not in (None, ""):
                    problems.append(f"row {r} col {c}: {value!r} where the csv is empty")
            elif r > 0 and is_number(field):
                if isinstance(value, str) and c == 0 and value == field:
                    continue
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    problems.append(f"row {r} col {c}: {value!r} is not a number (csv {field!r})")
                elif abs(value - float(field)) > 1e-6 * max(1.0, abs(float(field))):
                    problems.append(f"row {r} col {c}: {value} against {field}")
            elif value != field:
                problems.append(f"row {r} col {c}: text {value!r} against {field!r}")
    return problems


def check_xlsx(folder, i):
    problems = []
    sheet = openpyxl.load_workbook(os.path.join(folder, f"q{i}.xlsx")).active
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    with open(os.path.join(folder, f"q{i}-en.csv"), encoding="utf-8") as f:
        machine = list(csv.reader(f))
    with open(os.path.join(folder, "lo-xlsx", f"q{i}.csv"), encoding="utf-8") as f:
        shown = [[normal(x) for x in row] for row in csv.reader(f, delimiter=";")]
    data = [r for r in range(1, len(rows)) if rows[r][0].value and not str(rows[r][0].value).startswith((".. =", "en rad", "with ci"))]
    for r in data:
        for c, name in enumerate(header):
            cell = rows[r][c] if c < len(rows[r]) else None
            if cell is None or cell.value is None or c == 0:
                continue
            text = shown[r][c]
            if cell.value == "..":
                if text != "..":
                    problems.append(f"row {r} {name}: hidden shown as {text!r}")
                continue
            if name.endswith("KI"):
                if not isinstance(cell.value, str) or " – " not in cell.value or "," not in cell.value:
                    problems.append(f"row {r} {name}: interval {cell.value!r} is not Swedish text")
                continue
            if not isinstance(cell.value, (int, float)):
                problems.append(f"row {r} {name}: {cell.value!r} is not a number cell")
                continue
            field = float(machine[r][machine[0].index(name)])
            if name.startswith("share(") and not name.endswith(" n"):
                want_format, value, want_text = "0.0 %", field / 100, f"{field:.1f}".replace(".", ",") + " %"
            elif name.startswith("mean("):
                want_format, value, want_text = "#,##0.0", field, f"{field:.1f}".replace(".", ",")
            else:
                want_format, value, want_text = "#,##0", field, swedish_integer(int(field))
            if cell.number_format != want_format:
                problems.append(f"row {r} {name}: format {cell.number_format!r}, not {want_format!r}")
            if abs(cell.value - value) > 1e-6 * max(1.0, abs(value)):  # the machine csv has 6 decimals
                problems.append(f"row {r} {name}: {cell.value} against {value}")
            if text != want_text:
                problems.append(f"row {r} {name}: LibreOffice shows {text!r}, not {want_text!r}")
    notes = [r[0].value for r in rows[1:] if isinstance(r[0].value, str) and r[0].value.startswith((".. =", "en rad"))]
    if i == 1:
        if not any(isinstance(c.value, str) and c.value == ".." for r in rows for c in r):
            problems.append("no hidden cell written as ..")
        if notes != ["en rad kan räknas under flera värden av förbund.län; Totalt räknar den en gång",
                     ".. = dold: 8 celler bygger på färre än 5 personer"]:
            problems.append(f"the notes below the table: {notes!r}")
    if i == 2 and not any(name.endswith("KI") for name in header):
        problems.append(f"no interval column: {header}")
    return problems


def main():
    binary = os.path.abspath(sys.argv[1])
    passed = failed = 0
    with tempfile.TemporaryDirectory() as folder:
        csvs = []
        for i, query in enumerate(QUERIES):
            base = os.path.join(folder, f"q{i}")
            script = f'{query}\nexport to "{base}-sv.csv"\nexport to "{base}.xlsx"\nset locale en\nexport to "{base}-en.csv"'
            subprocess.run([binary, "-c", script], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            csvs.append(base + "-sv.csv")
        # One LibreOffice run a direction: ; separated, " quoted, UTF-8 (76), from line 1, Swedish (1053).
        soffice(["--infilter=CSV:59,34,76,1,,1053", "--convert-to", "xlsx", "--outdir", os.path.join(folder, "lo-csv")] + csvs, folder)
        soffice(["--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1,,1053,false,true,true", "--outdir", os.path.join(folder, "lo-xlsx")]
                + [os.path.join(folder, f"q{i}.xlsx") for i in range(len(QUERIES))], folder)
        for i, query in enumerate(QUERIES):
            for what, check in (("csv", check_csv), ("xlsx", check_xlsx)):
                try:
                    problems = check(folder, i)
                except (OSError, KeyError, ValueError, IndexError) as e:
                    problems = [f"{type(e).__name__}: {e}"]
                if problems:
                    failed += 1
                    print(f"FAIL {what}: {query}\n  " + "\n  ".join(problems[:6]))
                else:
                    passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
