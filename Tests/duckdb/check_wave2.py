#!/usr/bin/env python3
"""Independent check of the second wave's examples (Examples/g_andra_vagen.finsam).

Usage:
    python3 Tests/duckdb/check_wave2.py DIR [EXAMPLE]

DIR holds the CSV files of `finsam generate`. Every value the example script
expects is recomputed here with DuckDB by hand-written SQL (loaded as in
check_targets.py, without any code of the project) and compared with the
value as written, rounded as written: a figure the script expects that
DuckDB does not give fails. The chi-square statistic of the crosstab is
computed here from DuckDB's counts.

Exit status: 0 all agree, 1 some differ, 2 unusable input.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import duckdb  # noqa: E402
from check_targets import load  # noqa: E402

PU = "registrering = 'personuppgifter'"


def rows(con, sql):
    return con.execute(sql).fetchall()


def table(con, sql, labels=1):
    """label tuple (as text) -> list of values."""
    out = {}
    for r in rows(con, sql):
        key = tuple("(saknas)" if v is None else str(v) for v in r[:labels])
        out[key] = list(r[labels:])
    return out


def checks(con):
    """One entry per query of the example, in order: columns, {labels: values}, and the order
    the rows must come in (None: any)."""
    out = []
    # 1. individer, count, count / individer by kön
    q = f"FROM deltagare WHERE {PU} AND slutår = 2018"
    t = table(con, f"SELECT kön, count(DISTINCT person), count(*), count(*) / count(DISTINCT person) {q} GROUP BY kön")
    t[("Totalt",)] = list(rows(con, f"SELECT count(DISTINCT person), count(*), count(*) / count(DISTINCT person) {q}")[0])
    out.append((["individer", "count", "per person"], t, None))
    # 2. mean(omfattning_slut - omfattning_start) by kön, rows with both values
    q = f"FROM deltagare WHERE slutår = 2018 AND {PU} AND omfattning_slut IS NOT NULL AND omfattning_start IS NOT NULL"
    t = table(con, f"SELECT kön, avg(omfattning_slut - omfattning_start) {q} GROUP BY kön")
    t[("Totalt",)] = [rows(con, f"SELECT avg(omfattning_slut - omfattning_start) {q}")[0][0]]
    out.append((["förändring"], t, None))
    # 3. startår = slutår
    q = f"FROM deltagare WHERE {PU} AND startår = slutår"
    t = table(con, f"SELECT startår, count(*) {q} GROUP BY startår")
    t[("Totalt",)] = [rows(con, f"SELECT count(*) {q}")[0][0]]
    out.append((["count"], t, None))
    # 4. having count >= 30, by the share desc, top 10 (ties in finsam's order of förbund: the file's)
    q = f"FROM deltagare d WHERE slutår = 2018 AND {PU}"
    share = "100.0 * count(*) FILTER (WHERE arbete_studier_slut) / count(arbete_studier_slut)"
    ranked = rows(con, f"""SELECT förbund, count(*), {share} AS s {q} GROUP BY förbund HAVING count(*) >= 30
                           ORDER BY round(s, 9) DESC, (SELECT rowid FROM förbund f WHERE f.id = d.förbund) LIMIT 10""")
    t = {(r[0],): [r[1], r[2]] for r in ranked}
    t[("Totalt",)] = list(rows(con, f"SELECT count(*), {share} {q}")[0])
    out.append((["count", "share(arbete_studier_slut)"], t, [r[0] for r in ranked]))
    # 5. compare år 2017 vs 2018 by förbund.län, by the difference desc, top 5
    def per_year(y):
        return f"""SELECT l AS län, count(*) AS n FROM (SELECT unnest(f.län) AS l FROM deltagare d JOIN förbund f ON f.id = d.förbund
                   WHERE {PU} AND list_contains(d.år, {y})) GROUP BY l"""
    ranked = rows(con, f"""SELECT a.län, coalesce(a.n, 0), coalesce(b.n, 0), coalesce(b.n, 0) - coalesce(a.n, 0),
                                  100.0 * (coalesce(b.n, 0) - a.n) / a.n
                           FROM ({per_year(2017)}) a FULL JOIN ({per_year(2018)}) b USING (län) ORDER BY 4 DESC LIMIT 5""")
    t = {(r[0],): list(r[1:]) for r in ranked}
    out.append((["2017", "2018", "skillnad", "skillnad %"], t, [r[0] for r in ranked]))
    # 6. count by förbund (2018), then mean, median and count by förbund.länsförbund
    step = f"""SELECT f.länsförbund AS lf, s.n FROM (SELECT förbund, count(*) AS n FROM deltagare WHERE list_contains(år, 2018) GROUP BY förbund) s
               JOIN förbund f ON f.id = s.förbund"""
    t = table(con, f"SELECT CASE WHEN lf THEN 'ja' ELSE 'nej' END, avg(n), quantile_cont(n, 0.5), count(*) FROM ({step}) GROUP BY lf")
    t[("Totalt",)] = list(rows(con, f"SELECT avg(n), quantile_cont(n, 0.5), count(*) FROM ({step})")[0])
    out.append((["mean(count)", "median(count)", "count"], t, None))
    # 7. percent of row by utbildning across kön
    q = f"FROM deltagare WHERE slutår = 2018 AND {PU}"
    t = {}
    for u, k, man, total in rows(con, f"""SELECT coalesce(utbildning, '(saknas)'), 100.0 * count(*) FILTER (WHERE kön = 'kvinna') / count(*),
                                              100.0 * count(*) FILTER (WHERE kön = 'man') / count(*), 100.0 {q} GROUP BY ALL"""):
        t[(u,)] = [k, man, total]
    t[("Totalt",)] = list(rows(con, f"SELECT 100.0 * count(*) FILTER (WHERE kön = 'kvinna') / count(*), 100.0 * count(*) FILTER (WHERE kön = 'man') / count(*), 100.0 {q}")[0])
    out.append((["kvinna", "man", "Totalt"], t, None))
    # 8. months and quarters
    q = f"FROM deltagare WHERE startår = 2018 AND {PU}"
    t = table(con, f"SELECT strftime(startdatum, '%Y-%m'), count(*) {q} GROUP BY 1")
    t[("Totalt",)] = [rows(con, f"SELECT count(*) {q}")[0][0]]
    out.append((["count"], t, None))
    q = "FROM deltagare WHERE startår = 2018"
    t = table(con, f"SELECT year(startdatum) || ' K' || quarter(startdatum), count(*) {q} GROUP BY 1")
    t[("Totalt",)] = [rows(con, f"SELECT count(*) {q}")[0][0]]
    out.append((["count"], t, None))
    # 9. own categories: first match wins, missing where every condition is unknown
    case = """CASE WHEN list_has_any(försörjning_start, ['sjukpenning', 'rehabiliteringspenning', 'aktivitetsersättning']) THEN 'FK-ersättning'
                   WHEN list_contains(försörjning_start, 'försörjningsstöd') THEN 'försörjningsstöd'
                   WHEN försörjning_start IS NULL THEN NULL ELSE 'annat' END"""
    q = f"FROM deltagare WHERE list_contains(år, 2018) AND {PU}"
    t = table(con, f"SELECT {case}, count(*) {q} GROUP BY 1")
    t[("Totalt",)] = [rows(con, f"SELECT count(*) {q}")[0][0]]
    out.append((["count"], t, None))
    # 10. list the länsförbund, most kommuner first (ties in the file's order)
    listed = rows(con, "SELECT namn, antal_kommuner FROM förbund WHERE länsförbund ORDER BY antal_kommuner DESC, rowid")
    out.append((["antal_kommuner"], {(r[0],): [r[1]] for r in listed}, [r[0] for r in listed]))
    # 11. deltagare per 1 000 inhabitants 16-64 of the förbund's kommuner, 2018; the total over
    #     every kommun of some förbund
    pop = """SELECT f.id AS förbund, sum(b.antal) AS invånare FROM förbund f, befolkning b
             WHERE b.år = 2018 AND list_contains(f.kommuner, b.kommun) GROUP BY f.id"""
    n = f"SELECT förbund, count(*) AS n FROM deltagare WHERE list_contains(år, 2018) AND {PU} GROUP BY förbund"
    ranked = rows(con, f"""SELECT p.förbund, n.n, p.invånare, 1000.0 * n.n / p.invånare AS r FROM ({n}) n JOIN ({pop}) p USING (förbund)
                           ORDER BY round(r, 9) DESC LIMIT 10""")
    t = {(r[0],): list(r[1:]) for r in ranked}
    everyone = rows(con, "SELECT sum(antal) FROM befolkning WHERE år = 2018 AND kommun IN (SELECT unnest(kommuner) FROM förbund)")[0][0]
    total = rows(con, f"SELECT count(*) FROM deltagare WHERE list_contains(år, 2018) AND {PU}")[0][0]
    t[("Totalt",)] = [total, everyone, 1000.0 * total / everyone]
    out.append((["count", "invånare", "per 1000 invånare"], t, [r[0] for r in ranked]))
    # 12. the crosstab of the chi-square test
    q = f"FROM deltagare WHERE slutår = 2018 AND {PU}"
    cross = rows(con, f"SELECT utbildning, count(*) FILTER (WHERE kön = 'kvinna'), count(*) FILTER (WHERE kön = 'man'), count(*) {q} AND utbildning IS NOT NULL GROUP BY 1")
    t = {(r[0],): list(r[1:]) for r in cross}
    t[("Totalt",)] = list(rows(con, f"SELECT count(*) FILTER (WHERE kön = 'kvinna'), count(*) FILTER (WHERE kön = 'man'), count(*) {q}")[0])
    out.append((["kvinna", "man", "Totalt"], t, None))
    observed = [[r[1], r[2]] for r in cross]
    return out, chi_square(observed)


def chi_square(observed):
    rs = [sum(r) for r in observed]
    cs = [sum(c) for c in zip(*observed)]
    n = sum(rs)
    return sum((o - rs[i] * cs[j] / n) ** 2 / (rs[i] * cs[j] / n) for i, r in enumerate(observed) for j, o in enumerate(r))


def number(text):
    """A value as the script writes it: '1 002', '+33,1 %', '45,9 %' -> (value, decimals)."""
    t = text.replace("\u00a0", "").replace(" ", "").replace("%", "").replace("+", "").replace("\u2212", "-").replace(",", ".")
    decimals = len(t.split(".")[1]) if "." in t else 0
    return float(t), decimals


def expectations(path):
    """The expected tables of the script's queries, in order: (header, rows)."""
    lines = open(path, encoding="utf-8").read().splitlines()
    out, i = [], 0
    while i < len(lines):
        if lines[i].strip() == "expect" and i + 1 < len(lines) and lines[i + 1].startswith("|"):
            table = []
            i += 1
            while i < len(lines) and lines[i].startswith("|"):
                table.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                i += 1
            out.append((table[0], table[1:]))
            continue
        i += 1
    return out


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    example = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "Examples", "g_andra_vagen.finsam")
    con = duckdb.connect()
    load(con, sys.argv[1])
    con.execute(f"CREATE TABLE befolkning AS SELECT * FROM read_csv('{os.path.join(sys.argv[1], 'befolkning.csv')}', header = true, "
                "columns = {'kommun': 'VARCHAR', 'år': 'INTEGER', 'kön': 'VARCHAR', 'åldersgrupp': 'VARCHAR', 'antal': 'BIGINT'})")
    computed, chi2 = checks(con)
    expected = expectations(example)
    failures = passed = 0
    if len(expected) != len(computed):
        print(f"FAIL the script has {len(expected)} expected tables, this check {len(computed)}")
        sys.exit(1)
    for n, ((header, body), (columns, values, order)) in enumerate(zip(expected, computed), 1):
        for row in body:
            label = (row[0],)
            if label not in values:
                print(f"FAIL query {n}: DuckDB has no row {row[0]}")
                failures += 1
                continue
            for name, cell in zip(header[1:], row[1:]):
                value = values[label][columns.index(name)]
                want, decimals = number(cell)
                if value is None or abs(round(float(value), decimals) - want) > 1e-9 and abs(float(value) - want) > 0.5 * 10 ** -decimals + 1e-9:
                    print(f"FAIL query {n}: {row[0]} {name}: the script expects {cell}, DuckDB gives {value}")
                    failures += 1
                else:
                    passed += 1
        if order is not None:
            listed = [r[0] for r in body if r[0] != "Totalt"]
            positions = [order.index(x) for x in listed if x in order]
            if positions != sorted(positions):
                print(f"FAIL query {n}: the rows come in another order than DuckDB's: {listed}")
                failures += 1
            else:
                passed += 1
    # The note under the crosstab: χ² = 101,4.
    note = re.search(r"χ² = ([0-9]+,[0-9])", open(example, encoding="utf-8").read())
    if note is None or abs(chi2 - float(note.group(1).replace(",", "."))) > 0.05:
        print(f"FAIL chi-square: the script says {note.group(1) if note else 'nothing'}, DuckDB's counts give {chi2:.2f}")
        failures += 1
    else:
        passed += 1
    print(f"{passed} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
