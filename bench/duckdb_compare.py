#!/usr/bin/env python3
"""Benchmark finsam against DuckDB on a generated dataset.

Usage:
    python3 bench/duckdb_compare.py DATA_DIR FINSAM_BIN [--runs N]

DATA_DIR holds deltagare.csv, insatser.csv, forbund.csv and kommuner.csv in
the project's own CSV format (/work/shared/domain/schema.md, "Files"), e.g.
written by `finsam generate --rows 10000000 --out DATA_DIR`.

What it does:
  1. DuckDB (SET threads = 2) loads the four CSVs with read_csv and explicit
     column types, then builds a `deltagare` table at DuckDB's best:
     categories as ENUMs and every derived column the queries use
     materialised (startår, slutår, ung, åldersgrupp, tid_i_insats,
     arbete_studier_slut, försörjning_start as VARCHAR[], år as INTEGER[]).
     The raw read_csv of deltagare.csv is timed on its own.
  2. finsam runs once as a subprocess:
         FINSAM_BIN --data DATA_DIR --timer --format json -c SCRIPT
     where SCRIPT holds each of the six queries once as a warm-up and then N
     more times. The `time: <ms> ms` lines on stderr are the statement times
     (a leading `load: <ms> ms` line, if printed, is the load time), the
     JSON arrays on stdout are the answers, and wait4's rusage gives the
     peak resident memory.
  3. DuckDB runs the equivalent SQL once as a warm-up and N timed times.
     For each query: median times, ratio DuckDB / finsam, and whether every
     cell finsam prints agrees with DuckDB (counts exactly, shares, means and
     medians within 1e-6 relative, plus 1e-6 absolute for the six decimals of
     finsam's JSON).

Exit status: 0 when the benchmark ran (whether or not the goals hold);
1 when finsam fails or its output cannot be read, or the script crashes.
"""

import argparse
import csv
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

try:
    import duckdb
except ImportError:
    print("duckdb_compare.py: the Python package 'duckdb' is not installed; "
          "install it with `pip install duckdb`.", file=sys.stderr)
    sys.exit(1)

LAST_YEAR = 2022
THREADS = 2

# Goals
GOAL_MIN_RATIO = 2.0
GOAL_MEDIAN_RATIO = 3.0
GOAL_LOAD_FACTOR = 1.5
GOAL_BYTES_PER_ROW = 48.0

# ---------------------------------------------------------------------------
# Files and types

DELTAGARE_COLUMNS = [
    "id", "person", "förbund", "insats", "registrering", "kön", "ålder",
    "kommun", "startdatum", "slutdatum", "utbildning", "försörjning_start",
    "försörjning_slut", "offentlig_försörjning_tid", "sysselsättning_start",
    "sysselsättning_slut", "omfattning_start", "omfattning_slut",
    "arbetssökande_slut", "avslutsorsak"]
FILES = {
    "deltagare": ("deltagare.csv", DELTAGARE_COLUMNS),
    "insatser": ("insatser.csv", [
        "id", "namn", "förbund", "typ", "inriktning", "målgrupp", "startår",
        "slutår", "budget", "deltaganden"]),
    "förbund": ("forbund.csv", ["id", "namn", "län", "kommuner"]),
    "kommuner": ("kommuner.csv", ["kommun", "kod", "län", "förbund"]),
}

ENUMS = {
    "registrering_t": ["personuppgifter", "anonym", "volym"],
    "kon_t": ["kvinna", "man"],
    "utbildning_t": ["grundskola", "gymnasium", "eftergymnasial", "okänd"],
    "avslutsorsak_t": ["arbete eller studier", "arbetssökande", "fortsatt rehabilitering",
                       "sjukdom", "flytt", "föräldraledighet", "avbrott", "annan"],
    "off_tid_t": ["ingen", "upp till 1 år", "1–3 år", "3–6 år", "över 6 år"],
    "aldersgrupp_t": ["16–29", "30–44", "45–59", "60–"],
}

# read_csv types of deltagare.csv: ints, dates, booleans and categories are
# parsed by the CSV reader itself; sets and references stay text.
DELTAGARE_TYPES = {c: "VARCHAR" for c in DELTAGARE_COLUMNS}
DELTAGARE_TYPES.update({
    "id": "BIGINT", "person": "BIGINT", "insats": "BIGINT",
    "registrering": "registrering_t", "kön": "kon_t", "ålder": "INTEGER",
    "startdatum": "DATE", "slutdatum": "DATE", "utbildning": "utbildning_t",
    "offentlig_försörjning_tid": "off_tid_t",
    "omfattning_start": "INTEGER", "omfattning_slut": "INTEGER",
    "arbetssökande_slut": "BOOLEAN", "avslutsorsak": "avslutsorsak_t",
})


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def as_set(col):
    """A set column: `ingen` is the empty set, otherwise values joined by ';'."""
    return (f"CASE WHEN {col} IS NULL THEN NULL WHEN {col} = 'ingen' THEN []::VARCHAR[] "
            f"ELSE string_split({col}, ';') END")


def read_csv_sql(path, types):
    cols = "{" + ", ".join(f"{sql_str(c)}: {sql_str(t)}" for c, t in types.items()) + "}"
    return (f"read_csv({sql_str(path)}, header = true, auto_detect = false, delim = ',', "
            f"quote = '\"', escape = '\"', columns = {cols})")


BUILD_DELTAGARE = f"""
CREATE TABLE deltagare AS
SELECT r.* EXCLUDE (försörjning_start),
       {as_set('försörjning_start')} AS försörjning_start,
       CAST(year(startdatum) AS INTEGER) AS startår,
       CAST(year(slutdatum) AS INTEGER) AS slutår,
       ålder < 30 AS ung,
       CAST(CASE WHEN ålder IS NULL THEN NULL
                 WHEN ålder < 30 THEN '16–29'
                 WHEN ålder < 45 THEN '30–44'
                 WHEN ålder < 60 THEN '45–59'
                 ELSE '60–' END AS aldersgrupp_t) AS åldersgrupp,
       CAST(slutdatum - startdatum AS INTEGER) AS tid_i_insats,
       sysselsättning_slut <> 'ingen' AS arbete_studier_slut,
       CASE WHEN registrering = 'personuppgifter'
            THEN CAST(range(year(startdatum), coalesce(year(slutdatum), {LAST_YEAR}) + 1)
                      AS INTEGER[])
            ELSE [CAST(year(startdatum) AS INTEGER)]
       END AS år
FROM raw_deltagare r
"""

BUILD_SMALL = [
    """CREATE TABLE kommuner AS
       SELECT kommun, kod, län, {f} AS förbund FROM raw_kommuner""".format(f=as_set("förbund")),
    """CREATE TABLE förbund AS
       SELECT id, namn, {l} AS län, {k} AS kommuner FROM raw_förbund""".format(
        l=as_set("län"), k=as_set("kommuner")),
    """CREATE TABLE insatser AS
       SELECT CAST(id AS BIGINT) AS id, namn, förbund, typ, inriktning,
              {m} AS målgrupp, CAST(startår AS INTEGER) AS startår,
              CAST(slutår AS INTEGER) AS slutår, CAST(budget AS BIGINT) AS budget,
              CAST(deltaganden AS BIGINT) AS deltaganden
       FROM raw_insatser""".format(m=as_set("målgrupp")),
    # förbund.län as a relation: one row per (förbund, län)
    """CREATE TABLE förbund_län AS SELECT id, unnest(län) AS län FROM förbund""",
]

# ---------------------------------------------------------------------------
# The queries


def label(v):
    return "(saknas)" if v is None else str(v)


def share_cells(cells, name, true_count, n):
    """finsam prints a share as a percent with its denominator `<name> n`; no rows: null."""
    if n:
        cells[name] = 100.0 * true_count / n
        cells[name + " n"] = n
    else:
        cells[name] = None


def conv_b1(rows):
    out = {}
    for ag, kon, g, c, t, n in rows:
        key = ("Totalt",) if g else (label(ag),)
        cells = out.setdefault(key, {})
        k = label(kon)
        cells[f"count {k}"] = c
        share_cells(cells, f"share(arbete_studier_slut) {k}", t, n)
    return out


def conv_b2(rows):
    out = {}
    for year, kon, g, c, t, n in rows:
        key = ("Totalt", "") if g else (label(year), label(kon))
        cells = {"count": c}
        share_cells(cells, "share(arbete_studier_slut)", t, n)
        out[key] = cells
    return out


def conv_b3(rows):
    out = {}
    for f, year, kon, g, c in rows:
        key = ("Totalt", "", "") if g else (label(f), label(year), label(kon))
        out[key] = {"count": c}
    return out


def conv_b4(rows):
    out = {}
    for part, year, kon, gk, n in rows:
        key = ("Totalt",) if part else (label(year),)
        col = "Totalt" if gk else label(kon)
        out.setdefault(key, {})[col] = n
    return out


def conv_b5(rows):
    out = {}
    for part, lan, med, mean in rows:
        key = ("Totalt",) if part else (label(lan),)
        out[key] = {"median(tid_i_insats)": med, "mean(omfattning_slut)": mean}
    return out


def conv_b6(rows):
    out = {}
    for kommun, g, c in rows:
        key = ("Totalt",) if g else (label(kommun),)
        out[key] = {"count": c}
    return out


QUERIES = [
    # id, finsam text, number of row dimensions, DuckDB SQL, converter, skipped keys
    ("B1",
     "from deltagare where slutår = 2018 and registrering = personuppgifter "
     "show count, share(arbete_studier_slut) by åldersgrupp compare kön",
     1,
     """SELECT åldersgrupp, kön, grouping(åldersgrupp) AS g, count(*),
               count(*) FILTER (WHERE arbete_studier_slut), count(arbete_studier_slut)
        FROM deltagare
        WHERE slutår = 2018 AND registrering = 'personuppgifter'
        GROUP BY GROUPING SETS ((åldersgrupp, kön), (kön))""",
     conv_b1, re.compile("skillnad")),
    ("B2",
     "from deltagare show count, share(arbete_studier_slut) by startår, kön",
     2,
     """SELECT startår, kön, grouping(startår) AS g, count(*),
               count(*) FILTER (WHERE arbete_studier_slut), count(arbete_studier_slut)
        FROM deltagare
        GROUP BY GROUPING SETS ((startår, kön), ())""",
     conv_b2, None),
    ("B3",
     "from deltagare where ålder < 30 show count by förbund, startår, kön",
     3,
     """SELECT förbund, startår, kön, grouping(förbund) AS g, count(*)
        FROM deltagare
        WHERE ålder < 30
        GROUP BY GROUPING SETS ((förbund, startår, kön), ())""",
     conv_b3, None),
    ("B4",
     "from deltagare where försörjning_start has aktivitetsersättning "
     "show individer by år across kön",
     1,
     """WITH f AS (SELECT person, kön, år FROM deltagare
                   WHERE list_contains(försörjning_start, 'aktivitetsersättning'))
        SELECT 0 AS part, y, kön, grouping(kön) AS gk, count(DISTINCT person)
        FROM (SELECT person, kön, unnest(år) AS y FROM f)
        GROUP BY GROUPING SETS ((y, kön), (y))
        UNION ALL
        SELECT 1 AS part, NULL, kön, grouping(kön) AS gk, count(DISTINCT person)
        FROM f
        GROUP BY GROUPING SETS ((kön), ())""",
     conv_b4, None),
    ("B5",
     "from deltagare where registrering = personuppgifter "
     "show median(tid_i_insats), mean(omfattning_slut) by förbund.län",
     1,
     """WITH d AS (SELECT förbund, tid_i_insats, omfattning_slut FROM deltagare
                   WHERE registrering = 'personuppgifter')
        SELECT 0 AS part, fl.län, quantile_cont(d.tid_i_insats, 0.5), avg(d.omfattning_slut)
        FROM d LEFT JOIN förbund_län fl ON d.förbund = fl.id
        GROUP BY fl.län
        UNION ALL
        SELECT 1 AS part, NULL, quantile_cont(tid_i_insats, 0.5), avg(omfattning_slut)
        FROM d""",
     conv_b5, None),
    ("B6",
     "from deltagare where registrering = personuppgifter and utbildning = grundskola "
     "show count by kommun",
     1,
     """SELECT kommun, grouping(kommun) AS g, count(*)
        FROM deltagare
        WHERE registrering = 'personuppgifter' AND utbildning = 'grundskola'
        GROUP BY GROUPING SETS ((kommun), ())""",
     conv_b6, None),
]

# ---------------------------------------------------------------------------


class Failure(Exception):
    pass


def ms_since(t0):
    return (time.perf_counter() - t0) * 1000.0


def check_files(data_dir):
    for _table, (filename, columns) in FILES.items():
        path = os.path.join(data_dir, filename)
        if not os.path.isfile(path):
            raise Failure(f"missing file {path}")
        with open(path, encoding="utf-8", newline="") as f:
            header = next(csv.reader(f), None)
        if header != columns:
            raise Failure(f"{path}: header is {header}, expected {columns}")


def warm_page_cache(data_dir):
    """Read every file once so that neither side pays for the disk."""
    for _table, (filename, _cols) in FILES.items():
        with open(os.path.join(data_dir, filename), "rb") as f:
            while f.read(1 << 24):
                pass


def duckdb_load(data_dir):
    con = duckdb.connect()
    con.execute(f"SET threads = {THREADS}")
    for name, values in ENUMS.items():
        con.execute(f"CREATE TYPE {name} AS ENUM ({', '.join(map(sql_str, values))})")
    times = {}

    path = os.path.join(data_dir, "deltagare.csv")
    t0 = time.perf_counter()
    con.execute(f"CREATE TABLE raw_deltagare AS SELECT * FROM {read_csv_sql(path, DELTAGARE_TYPES)}")
    times["read_deltagare"] = ms_since(t0)

    t0 = time.perf_counter()
    for table, (filename, columns) in FILES.items():
        if table == "deltagare":
            continue
        types = {c: "VARCHAR" for c in columns}
        con.execute(f"CREATE TABLE raw_{table} AS SELECT * FROM "
                    f"{read_csv_sql(os.path.join(data_dir, filename), types)}")
    for sql in BUILD_SMALL:
        con.execute(sql)
    times["small_tables"] = ms_since(t0)

    t0 = time.perf_counter()
    con.execute(BUILD_DELTAGARE)
    con.execute("DROP TABLE raw_deltagare")
    times["build_deltagare"] = ms_since(t0)

    rows = con.execute("SELECT count(*) FROM deltagare").fetchone()[0]
    return con, times, rows


TIME_RE = re.compile(r"^\s*time:\s*([0-9.]+)\s*ms\s*$")
LOAD_RE = re.compile(r"^\s*load:\s*([0-9.]+)\s*ms\s*$")
HELD_RE = re.compile(r"^\s*memory:\s*([0-9]+)\s*bytes resident anonymous after load")


def split_results(stdout):
    """The rows of each JSON result on stdout, in order: a result is an object from a line '{'
    to a line that is exactly '}' ({"rows": [...], "notes": [...]}); notices go to stderr."""
    results, block = [], []
    for line in stdout.splitlines():
        if not block and line.rstrip() != "{":
            continue
        block.append(line)
        if line.rstrip() == "}":
            try:
                results.append(json.loads("\n".join(block))["rows"])
            except (json.JSONDecodeError, KeyError) as e:
                raise Failure(f"finsam printed a result that is not JSON: {e}\n"
                              + "\n".join(block[:5]))
            block = []
    if block:
        raise Failure("finsam's output ends inside a result:\n" + "\n".join(block[:5]))
    return results


def run_finsam(binary, data_dir, runs):
    # The timed runs as users get them (small cells suppressed); then, for the cell-by-cell
    # comparison with DuckDB, each query once more with suppression off.
    statements = []
    for _qid, text, *_rest in QUERIES:
        statements.extend([text] * (runs + 1))
    statements.append("set suppress off")
    statements.extend(text for _qid, text, *_rest in QUERIES)
    script = "\n".join(statements)
    cmd = [binary, "--data", data_dir, "--timer", "--format", "json", "-c", script]
    # Peak RSS: Linux counts in a child's ru_maxrss the memory of the process it
    # was forked from (the high-water mark of the pre-exec image), so a child of
    # this Python process (with DuckDB in it) would be overstated. /usr/bin/time
    # is a small process: its child's maximum is finsam's own.
    gnu_time = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as rss:
        if gnu_time:
            cmd = [gnu_time, "-f", "%M", "-o", rss.name] + cmd
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _pid, status, rusage = os.wait4(proc.pid, 0)
        wall = ms_since(t0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", errors="replace")
        stderr = err.read().decode("utf-8", errors="replace")
        maxrss_kb, rss_source = rusage.ru_maxrss, "wait4 (may include this script's own memory)"
        if gnu_time:
            text = rss.read().strip().splitlines()
            if text and text[-1].strip().isdigit():
                maxrss_kb, rss_source = int(text[-1].strip()), "/usr/bin/time"
    if proc.returncode != 0:
        raise Failure(f"finsam exited with status {proc.returncode}\n"
                      f"stderr (last lines):\n" + "\n".join(stderr.splitlines()[-15:]))
    times, load, held = [], None, None
    for line in stderr.splitlines():
        m = TIME_RE.match(line)
        if m:
            times.append(float(m.group(1)))
            continue
        m = HELD_RE.match(line)
        if m and held is None:
            held = int(m.group(1))
            continue
        m = LOAD_RE.match(line)
        if m and load is None:
            load = float(m.group(1))
    if len(times) != len(statements):
        raise Failure(f"finsam printed {len(times)} `time:` lines for {len(statements)} statements")
    results = split_results(stdout)
    if len(results) != len(statements) - 1:
        raise Failure(f"finsam printed {len(results)} results for {len(statements) - 1} queries")
    maxrss_bytes = maxrss_kb * 1024   # Linux: kilobytes
    return {"times": times, "results": results, "load": load, "held": held,
            "maxrss": maxrss_bytes, "rss_source": rss_source, "wall": wall}


def time_duckdb(con, sql, runs):
    rows = con.execute(sql).fetchall()   # warm-up; its answer is the one compared
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        con.execute(sql).fetchall()
        times.append(ms_since(t0))
    return rows, times


def close(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b)) + 1e-6


def compare(qid, ndims, finsam_rows, duck, skip):
    """Every cell finsam prints against DuckDB. Returns (number of differences, first one)."""
    diffs, first = 0, None
    seen = set()

    def differ(row, col, fv, dv):
        nonlocal diffs, first
        diffs += 1
        if first is None:
            first = (qid, row, col, fv, dv)

    for r in finsam_rows:
        keys = list(r.keys())
        dims = keys[:ndims]
        key = tuple("" if r[d] is None else str(r[d]) for d in dims)
        seen.add(key)
        dcells = duck.get(key)
        for col in keys[ndims:]:
            if col == "total" or (skip and skip.search(col)):
                continue
            fv = r[col]
            if dcells is None:
                # a group DuckDB does not have: fine only if it is empty
                if fv not in (None, 0):
                    differ(key, col, fv, "(no such group)")
                continue
            if col not in dcells:
                if fv not in (None, 0):
                    differ(key, col, fv, "(no such cell)")
                continue
            dv = dcells[col]
            if fv is None or dv is None:
                if not (fv is None and dv is None):
                    differ(key, col, fv, dv)
            elif not close(fv, dv):
                differ(key, col, fv, dv)
    for key, cells in duck.items():
        if key not in seen:
            differ(key, "(row)", "(row missing)", cells)
    return diffs, first


def fmt_ms(v):
    if v is None:
        return "n/a"
    return f"{v:.1f}" if v < 1000 else f"{v:.0f}"


def main():
    ap = argparse.ArgumentParser(description="Benchmark finsam against DuckDB.")
    ap.add_argument("data_dir")
    ap.add_argument("finsam_bin")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per query (default 5)")
    args = ap.parse_args()
    runs = max(1, args.runs)

    check_files(args.data_dir)
    warm_page_cache(args.data_dir)

    print(f"dataset {args.data_dir}; DuckDB {duckdb.__version__} with {THREADS} threads; "
          f"{runs} timed runs per query (after one warm-up)", flush=True)

    # finsam first: this process is still small, and finsam does not share the
    # machine's memory with DuckDB's tables.
    fs = run_finsam(os.path.abspath(args.finsam_bin), args.data_dir, runs)

    con, load_times, nrows = duckdb_load(args.data_dir)
    print(f"deltagare rows: {nrows}", flush=True)

    table = []
    firsts = []
    per = runs + 1
    for i, (qid, _text, ndims, sql, conv, skip) in enumerate(QUERIES):
        f_times = fs["times"][i * per + 1:(i + 1) * per]
        f_answer = fs["results"][len(QUERIES) * per + i]
        first_run = fs["results"][i * per]
        other = fs["results"][i * per + 1:(i + 1) * per]
        consistent = all(o == first_run for o in other)
        rows, d_times = time_duckdb(con, sql, runs)
        f_med = statistics.median(f_times)
        d_med = statistics.median(d_times)
        ratio = d_med / f_med if f_med > 0 else math.inf
        ndiff, first = compare(qid, ndims, f_answer, conv(rows), skip)
        if not consistent:
            ndiff += 1
            first = first or (qid, "-", "-", "finsam's repeated runs gave different answers", "")
        table.append((qid, f_med, d_med, ratio, ndiff, len(f_answer)))
        if first:
            firsts.append((first, ndiff))

    print()
    print(f"{'query':<6} {'finsam ms':>10} {'DuckDB ms':>10} {'ratio':>7}  {'agree':<5} rows")
    for qid, f_med, d_med, ratio, ndiff, nres in table:
        agree = "yes" if ndiff == 0 else f"no ({ndiff} cells)"
        print(f"{qid:<6} {fmt_ms(f_med):>10} {fmt_ms(d_med):>10} {ratio:>7.2f}  {agree:<5} {nres}")
    print("(ratio = DuckDB time / finsam time; medians of the timed runs)")

    for (qid, row, col, fv, dv), ndiff in firsts:
        print(f"DISAGREE {qid}: first differing cell: row {row!r} column {col!r}: "
              f"finsam {fv!r}, DuckDB {dv!r}  ({ndiff} cells differ)")

    print()
    d_read = load_times["read_deltagare"]
    f_load = fs["load"]
    load_ratio = f_load / d_read if f_load is not None else None
    print(f"load: finsam {fmt_ms(f_load)} ms (whole data folder); "
          f"DuckDB read_csv(deltagare.csv) {fmt_ms(d_read)} ms; "
          f"ratio finsam/DuckDB {'n/a' if load_ratio is None else f'{load_ratio:.2f}'}")
    print(f"      DuckDB also: other three tables {fmt_ms(load_times['small_tables'])} ms, "
          f"derived deltagare table {fmt_ms(load_times['build_deltagare'])} ms")
    # The goal is about the data held: finsam's anonymous resident memory right after the load
    # (RssAnon, which it prints with --timer). The peak over the whole run, load transients
    # and query buffers included, is shown beside it.
    peak_bpr = fs["maxrss"] / nrows if nrows else math.inf
    bpr = fs["held"] / nrows if nrows and fs["held"] is not None else math.inf
    held_text = "n/a" if fs["held"] is None else f"{fs['held'] / 1e6:.1f} MB"
    print(f"memory: finsam holds {held_text} of anonymous memory after the load = {bpr:.1f} bytes per "
          f"deltagare row ({nrows} rows); peak RSS over the run {fs['maxrss'] / 1e6:.1f} MB = "
          f"{peak_bpr:.1f} bytes per row (measured by {fs['rss_source']}); "
          f"finsam process wall time {fmt_ms(fs['wall'])} ms")

    # Cross-check of finsam's `time:` lines against the clock of this script:
    # after the load, the process does little but run the statements, so the
    # time lines should cover most of (process wall time - load time).
    timed_sum = sum(fs["times"])
    timer_ok = None
    if f_load is not None:
        after_load = fs["wall"] - f_load
        coverage = timed_sum / after_load if after_load > 0 else math.inf
        timer_ok = coverage >= 0.5
        print(f"timer check: finsam's {len(fs['times'])} time lines sum to {fmt_ms(timed_sum)} ms; "
              f"process wall time - load = {fmt_ms(after_load)} ms ({100 * coverage:.0f} % covered)")
        if not timer_ok:
            print("WARNING: finsam's time lines cover under half of the time the process spent "
                  "after loading: they under-report the statements' time (a unit or rounding "
                  "error?), so the ratios above are not trustworthy.")

    ratios = [t[3] for t in table]
    med_ratio = statistics.median(ratios)
    min_ratio = min(ratios)
    min_q = table[ratios.index(min_ratio)][0]
    all_agree = all(t[4] == 0 for t in table)
    print()
    print(f"summary: median ratio {med_ratio:.2f}, minimum ratio {min_ratio:.2f} ({min_q}); "
          f"answers {'all agree' if all_agree else 'DISAGREE'}")

    def yn(ok):
        return "n/a" if ok is None else ("yes" if ok else "NO")

    slow = [t[0] for t in table if t[3] < GOAL_MIN_RATIO]
    print("goals:")
    print(f"  every query ratio >= {GOAL_MIN_RATIO:g}: {yn(not slow)}"
          + (f" (below: {', '.join(slow)})" if slow else ""))
    print(f"  median ratio >= {GOAL_MEDIAN_RATIO:g}: {yn(med_ratio >= GOAL_MEDIAN_RATIO)}")
    print(f"  finsam load <= {GOAL_LOAD_FACTOR:g} x DuckDB read_csv: "
          f"{yn(None if load_ratio is None else load_ratio <= GOAL_LOAD_FACTOR)}")
    print(f"  memory held after load <= {GOAL_BYTES_PER_ROW:g} bytes per row: {yn(bpr <= GOAL_BYTES_PER_ROW)}"
          f" (peak over the run: {peak_bpr:.1f})")
    print(f"  answers agree: {yn(all_agree)}")
    if timer_ok is False:
        print("  (the time goals rest on finsam's time lines, which failed the timer check)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print(f"duckdb_compare.py: {e}", file=sys.stderr)
        sys.exit(1)
    except duckdb.Error as e:
        print(f"duckdb_compare.py: DuckDB error: {e}", file=sys.stderr)
        sys.exit(1)
