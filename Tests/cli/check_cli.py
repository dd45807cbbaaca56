#!/usr/bin/env python3
"""The command line's machine output, read by real parsers (Python's csv and json modules).

Usage: python3 Tests/cli/check_cli.py FINSAM_BIN

- `--format csv` and `--format json` carry only data on standard output: confirmations of
  `set` and `let` and `load`'s report go to standard error, so `finsam … > out.csv` is a file a
  CSV reader takes whole, and `--format json` is JSON.
- A result's notes travel with it: a row of their own in csv, `notes` in json.
- `finsam summary --data DIR` describes DIR, with the option before or after the subcommand.
Prints "N passed, N failed"; exit 1 on any failure.
"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checklist import Checklist  # noqa: E402


def run(args, stdin=None):
    done = subprocess.run(args, capture_output=True, text=True, input=stdin)
    return done.returncode, done.stdout, done.stderr


def main():
    binary = os.path.abspath(sys.argv[1])
    checks = Checklist(indent="  ")
    check = checks.check

    # csv: a set, a let, then a result: standard output is exactly the table.
    code, out, err = run([binary, "--format", "csv", "-c",
                          "set suppress off\nlet ung25 = ålder < 25\nfrom deltagare where ung25 show count by kön"])
    rows = list(csv.reader(io.StringIO(out)))
    check("csv: only the table on stdout", code == 0 and rows[0] == ["kön", "count"]
          and [r[0] for r in rows[1:]] == ["kvinna", "man", "Totalt"]
          and all(r[1].isdigit() for r in rows[1:]), out)
    check("csv: the confirmations on stderr", "suppress = off" in err and "ung25" in err, err)

    # json: set decimals (its confirmation once made the output invalid JSON).
    code, out, err = run([binary, "--format", "json", "-c",
                          "set decimals 2\nfrom deltagare where slutår = 2018 show share(arbete_studier_slut) by kön"])
    try:
        result = json.loads(out)
        ok = code == 0 and [r["kön"] for r in result["rows"]] == ["kvinna", "man", "Totalt"] and result["notes"] == []
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        ok, out = False, f"{e}: {out}"
    check("json: one valid document", ok, out)
    check("json: the confirmation on stderr", "decimals = 2" in err, err)

    # Piped to a file in the default format: confirmations still stay out of the file.
    code, out, err = run([binary, "-c", "set locale en\nfrom deltagare show count"])
    check("box through a pipe: no confirmation on stdout", code == 0 and "locale" not in out and "locale" in err, out + err)

    # Standard input, the same.
    code, out, err = run([binary, "--format", "csv"], stdin="set ci 90\nfrom deltagare where år = 2018 show count\n")
    check("stdin: only the table on stdout", code == 0 and list(csv.reader(io.StringIO(out))) == [["count"], ["32715"]], out)

    with tempfile.TemporaryDirectory() as folder:
        data = os.path.join(folder, "data")
        code, _, err = run([binary, "generate", "--rows", "4000", "--out", data])
        check("generate a small dataset", code == 0, err)

        # load's report goes to stderr; the csv on stdout is the answer alone.
        code, out, err = run([binary, "--format", "csv", "-c",
                              f'load deltagare from "{os.path.join(data, "deltagare.csv")}"\nfrom deltagare show count'])
        check("csv: load's report on stderr", code == 0 and list(csv.reader(io.StringIO(out))) == [["count"], ["4000"]]
              and "läste in deltagare" in err, out + err)

        # summary describes the folder, whichever side of the subcommand --data is.
        for args in ([binary, "summary", "--data", data], [binary, "--data", data, "summary"]):
            code, out, err = run(args)
            check(f"summary describes DIR: {' '.join(args[1:])}", code == 0 and f"Tabeller från {data}" in out
                  and re.search(r"deltagare\s+4000 rader", out) is not None, out + err)

    # Notes: a set column's groups add up to more than the total.
    query = "from deltagare where registrering = personuppgifter show count by år"
    code, out, _ = run([binary, "--format", "csv", "-c", query])
    rows = list(csv.reader(io.StringIO(out)))
    check("csv: the note as a row of its own", code == 0 and rows[-2][0] == "Totalt"
          and rows[-1][0].startswith("en rad kan räknas under flera värden av år") and rows[-1][1:] == [""], out)
    code, out, _ = run([binary, "--format", "json", "-c", query])
    try:
        notes = json.loads(out)["notes"]
    except (json.JSONDecodeError, KeyError) as e:
        notes = [str(e)]
    check("json: the note in notes", code == 0 and len(notes) == 1 and "flera värden av år" in notes[0], out[-400:])

    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
