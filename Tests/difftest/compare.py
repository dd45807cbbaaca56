#!/usr/bin/env python3
"""The oracle side of finsam's differential test: runs the SQL that `finsam sql` wrote for each
query in DuckDB and compares every number with the cells finsam computed.

Usage:  python3 Tests/difftest/compare.py CASES.json

CASES.json (written by Tests/FinsamDifferentialTests; a `list` query has "rows" instead of
"cells": every row's values as text, compared in order):
  {"cases": [{"query": "...", "sql": "...", "dimensions": 2,
              "cells": [[["label", ...], "measure", "count", 17], [[...], "m", "share", 5, 9],
                        [[...], "m", "number", 4.5], [[...], "m", "empty"]]}]}
A cell's key is its row labels (`Totalt`, `` for the total row) and, for across/compare, its
pivot value (`Totalt` for the total column). The SQL answers in long form: the dimension
columns, then per measure its value (a share or percent as percent and `<name> n`).

Counts and denominators must be equal; a share's numerator is recovered from its percent and
must be equal; other numbers (means, medians, sums) agree within 1e-9 relative. A group that
DuckDB does not list must be a count of 0, a percent of 0 or an empty cell in finsam; a group DuckDB lists must
be in finsam's table.

Each distinct read_csv(...) call is read once into a table and the statements use that table
(the CSV files are not re-read per query); every 25th statement also runs verbatim, files and all.

Output: one line per mismatch, then `difftest: N queries, N cells compared, N mismatches`.
Exit status: 0 no mismatch, 1 mismatches, 2 unusable input or no duckdb.
"""

import json
import math
import re
import sys

try:
    import duckdb
except ImportError:
    print("compare.py: the Python package 'duckdb' is not installed (pip install duckdb)", file=sys.stderr)
    sys.exit(2)

READ_CSV = re.compile(r"read_csv\('(?:[^']|'')*', header = true[^)]*\}\)")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    con = duckdb.connect()
    con.execute("SET threads = 1")
    tables = {}

    def preloaded(sql):
        def replace(match):
            text = match.group(0)
            if text not in tables:
                name = f"csv_{len(tables)}"
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM {text}")
                tables[text] = name
            return tables[text]
        return READ_CSV.sub(replace, sql)

    mismatches = 0
    compared = 0
    for number, case in enumerate(cases):
        problems = []
        try:
            sql = case["sql"] if number % 25 == 0 else preloaded(case["sql"])
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
        except Exception as e:  # a statement DuckDB rejects is a mismatch too
            problems.append(f"DuckDB failed: {e}")
            rows, columns = [], []
        if "rows" in case:
            # A list: the same rows, in the same order, every value as finsam shows it.
            def text(v):
                return "(saknas)" if v is None else str(v)
            got = [[text(v) for v in row] for row in rows]
            for i, (mine, theirs) in enumerate(zip(case["rows"], got)):
                compared += len(mine)
                if mine != theirs:
                    problems.append(f"row {i}: finsam {mine}, DuckDB {theirs}")
            if len(got) != len(case["rows"]):
                problems.append(f"finsam lists {len(case['rows'])} rows, DuckDB {len(got)}")
            mismatches += report(number, case, problems)
            continue
        dims = case["dimensions"]
        found = {}
        for row in rows:
            key = tuple(row[:dims])
            if key in found:
                problems.append(f"DuckDB lists the group {list(key)} twice")
            found[key] = dict(zip(columns[dims:], row[dims:]))
        seen = set()
        for labels, measure, kind, *values in case["cells"]:
            key = tuple(labels)
            seen.add(key)
            compared += 1
            row = found.get(key)
            where = f"{list(key)} {measure}"
            if kind == "hidden":
                continue  # suppressed in finsam (an empty cell's 0 % may hide too); DuckDB does not suppress
            if row is None:
                # An empty group: a count of 0, a share of nothing, a percent 0 of its column.
                # (and a difference of two such zeros)
                if not (kind == "empty" or (kind in ("count", "number") and values[0] == 0) or (kind == "share" and values[0] == 0)):
                    problems.append(f"{where}: finsam {kind} {values}, DuckDB has no such group")
                continue
            if measure not in row:
                problems.append(f"{where}: DuckDB has no column {measure!r} (columns {columns})")
                continue
            got = row[measure]
            if kind == "count":
                # (A whole number finsam computed exactly may come from DuckDB as a float: 240.99999999999997.)
                if got is None or (got != values[0] and not (isinstance(got, float) and math.isclose(got, values[0], rel_tol=1e-9))):
                    problems.append(f"{where}: finsam {values[0]}, DuckDB {got}")
            elif kind == "share":
                part, whole = values
                n = row.get(measure + " n")
                if got is None or n is None:
                    problems.append(f"{where}: finsam {part}/{whole}, DuckDB {got} of {n}")
                elif n != whole or round(got * n / 100) != part:
                    problems.append(f"{where}: finsam {part}/{whole}, DuckDB {got} % of {n}")
            elif kind == "number":
                if got is None or not math.isclose(float(got), values[0], rel_tol=1e-9, abs_tol=1e-9):
                    problems.append(f"{where}: finsam {values[0]}, DuckDB {got}")
            elif kind == "empty":
                n = row.get(measure + " n")
                if got is not None:
                    problems.append(f"{where}: finsam empty, DuckDB {got}")
        for key in found:
            if key not in seen:
                problems.append(f"{list(key)}: DuckDB lists a group finsam does not show")
        mismatches += report(number, case, problems)
    print(f"difftest: {len(cases)} queries, {compared} cells compared, {mismatches} mismatches")
    return 1 if mismatches else 0


def report(number, case, problems):
    """Prints a case's problems (at most 10); 1 when it has any."""
    if not problems:
        return 0
    print(f"MISMATCH {number}: {case['query']}")
    for p in problems[:10]:
        print(f"  {p}")
    if len(problems) > 10:
        print(f"  … and {len(problems) - 10} more")
    return 1


if __name__ == "__main__":
    sys.exit(main())
