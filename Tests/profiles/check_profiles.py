#!/usr/bin/env python3
"""`load … as dis`, checked end to end against the rows it came from.

Usage: python3 Tests/profiles/check_profiles.py FINSAM_BIN

make_dis_fixture.py writes rows of the built-in data in the DIS layout (a workbook made by
openpyxl, and the CSV Swedish Excel saves: ';', Windows-1252, CRLF) and the same rows in the
project's format. Each file is loaded (the DIS ones through the profile) and the same queries
must give the same answers, over every column DIS carries. Then the refusals: values the
profile does not know (strict refuses with value, count and first line; lenient loads them as
missing and says so), a broken date, a sheet that is not there, a file of another layout.
(That a refused load changes nothing is tested through the Session API: ImportProfileTests.)
Prints "N passed, N failed"; exit 1 on any failure.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checklist import Checklist  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
INSATS = "2902"
QUERIES = [
    "from deltagare show count by kön",
    "from deltagare show count by åldersgrupp across kön",
    "from deltagare show mean(ålder), median(ålder), min(ålder), max(ålder) by kön",
    "from deltagare show count by kommun",
    "from deltagare show count by startår compare kön",
    "from deltagare where slutår >= 2000 show count, share(arbete_studier_slut), share(avslutsorsak = arbetssökande) by slutår",
    "from deltagare show count by avslutsorsak",
    "from deltagare show count by försörjning_start across åldersgrupp",
    "from deltagare show count by försörjning_slut",
    "from deltagare show count by sysselsättning_slut",
    "from deltagare show median(tid_i_insats), mean(tid_i_insats), sum(tid_i_insats)",
    "from deltagare where försörjning_start has försörjningsstöd and not arbete_studier_slut show count by kön",
    "from deltagare show count by år",
]


def run(binary, script, cwd):
    # In English (LANG=en…): the messages checked below are its English forms.
    env = dict(os.environ, LANG="en_US.UTF-8", LC_ALL="", LC_MESSAGES="")
    done = subprocess.run([binary, "-c", script], cwd=cwd, capture_output=True, text=True, env=env)
    return done.returncode, done.stdout + done.stderr


def main():
    binary = os.path.abspath(sys.argv[1])
    checks = Checklist()
    check = checks.check

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([binary, "generate", "--out", os.path.join(folder, "gen")], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, os.path.join(HERE, "make_dis_fixture.py"),
                        os.path.join(folder, "gen", "deltagare.csv"), INSATS, folder], check=True)
        with open(os.path.join(folder, "forbund.txt"), encoding="utf-8") as f:
            förbund = f.read().strip()
        profile = f'as dis with förbund = "{förbund}", insats = {INSATS}'

        def answer_lines(load):
            code, out = run(binary, "set suppress off\nset format csv\n" + load + "\n" + "\n".join(QUERIES), folder)
            lines = out.splitlines()
            # Drop the load's report (its lines start with "loaded" or two spaces).
            return code, [l for l in lines if not l.startswith("loaded ") and not l.startswith("  ")], out

        code, expected, out = answer_lines('load deltagare from "original.csv"')
        check("the original rows load", code == 0 and len(expected) > 40, out)
        for load in ['load deltagare from "original.xlsx" sheet "Rader"',
                     f'load deltagare from "dis.xlsx" {profile}',
                     f'load deltagare from "dis.xlsx" sheet "Deltagare" {profile}',
                     f'load deltagare from "dis-excel.csv" {profile}',
                     f'läs deltagare från "dis-excel.csv" som dis med förbund = "{förbund}", insats = {INSATS} strikt']:
            code, got, out = answer_lines(load)
            differences = [f"  {a!r}\n  {b!r}" for a, b in zip(expected, got) if a != b][:5]
            check(f"same answers: {load}", code == 0 and got == expected,
                  out[:600] + "\n" + "\n".join(differences) + f"\n({len(expected)} lines expected, {len(got)} got)")

        # Values the profile does not know.
        with open(os.path.join(folder, "dis-excel.csv"), encoding="cp1252", newline="") as f:
            lines = f.read().split("\r\n")
        def write_edited(name, edits):
            """The DIS CSV with cells replaced: edits are (line index, cell index, value)."""
            edited = list(lines)
            for i, cell, value in edits:
                cells = edited[i].split(";")
                cells[cell] = value
                edited[i] = ";".join(cells)
            with open(os.path.join(folder, name), "w", encoding="cp1252", newline="") as f:
                f.write("\r\n".join(edited))

        write_edited("unknown.csv", [(4, 7, "Pension"), (9, 7, "Okänt"), (12, 7, "Okänt"), (20, 1, "Annat kön")])
        code, out = run(binary, f'load deltagare from "unknown.csv" {profile}', folder)
        check("strict refuses unknown values with value, count and first line",
              "unknown.csv:5:" in out and "3 values that profile dis does not know, in 4 cells" in out and "Status vid avslut 'Pension' (1 row, line 5)" in out
              and "Status vid avslut 'Okänt' (2 rows, first on line 10)" in out and "Kön 'Annat kön' (1 row, line 21)" in out
              and "lenient" in out, out)
        code, out = run(binary, f'set suppress off\nload deltagare from "unknown.csv" {profile} lenient\nfrom deltagare show count by avslutsorsak\nfrom deltagare show count by kön', folder)
        check("lenient loads them as missing and lists them",
              code == 0 and "4 cells with values profile dis does not know, read as missing (lenient)" in out
              and "(missing)" in out, out)

        # A date that is no date; a sheet that is not there; a file without a DIS column.
        write_edited("baddate.csv", [(7, 3, "2013-02-30")])
        code, out = run(binary, f'load deltagare from "baddate.csv" {profile}', folder)
        check("an impossible date is refused by its line", code != 0 and "baddate.csv:8:" in out and "2013-02-30" in out, out)
        code, out = run(binary, f'load deltagare from "dis.xlsx" sheet "Blad1" {profile}', folder)
        check("a missing sheet is named, with the sheets there are",
              code != 0 and "no sheet named 'Blad1'" in out and "Deltagare, Anteckningar" in out, out)
        code, out = run(binary, f'load deltagare from "original.csv" {profile}', folder)
        check("a file of another layout is refused by its header",
              code != 0 and "no column 'Bostadsort', which profile dis reads" in out, out)

    sys.exit(checks.finish())


if __name__ == "__main__":
    main()
