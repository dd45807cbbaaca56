#!/usr/bin/env python3
"""Benchmark finsam against DuckDB on a generated dataset (make bench, issue 20).

Usage:
    python3 bench/duckdb_compare.py DATA_DIR FINSAM_BIN [--runs N] [--examples DIR]
                                    [--debug-bin DEBUG_FINSAM]

DATA_DIR holds deltagare.csv, insatser.csv, forbund.csv, kommuner.csv and
befolkning.csv in the project's own CSV format (/work/shared/domain/schema.md,
"Files"), e.g. written by `finsam generate --rows 10000000 --out DATA_DIR`.

What it does:
  1. Start-up: the whole process `echo 'from deltagare show count' | finsam`
     on the built-in dataset, median of 11; and Session() as the command line
     allows: a process that makes a session and runs one `set` minus
     `finsam --version`. With --debug-bin (or $BENCH_DEBUG_BIN), the same
     process of a debug build (median of 3), an upper bound of Session() in
     debug.
  2. finsam runs once as a subprocess:
         FINSAM_BIN --data DATA_DIR --timer --format json -c SCRIPT
     where SCRIPT holds, per query B1-B9, a warm-up pair and 3N timed pairs of
     runs: one with suppression on (`set suppress 5`, the default: as users get
     it), then one with `set suppress off` (the engine alone), alternating, so
     that each pair sees the same moment of the machine; then
     a csv export (`export to`) of a result of about 100 000 rows on 10M rows.
     The `time: <ms> ms` lines on stderr are the statement times (the leading
     `load: <ms> ms` and `memory: ...` lines the load time and the anonymous
     memory held after it), the JSON objects on stdout the answers;
     /usr/bin/time gives the peak resident memory.
  3. Every script of the Examples folder on DATA_DIR: their expect statements
     (which hold the built-in dataset's figures, and a failing one stops a
     report) left out, `finsam --data DATA_DIR --timer report SCRIPTS --out
     x.html`, timed as the report's own time minus the load.
  4. DuckDB (SET threads = 2) loads the five CSVs with read_csv and explicit
     column types, then builds a `deltagare` table at DuckDB's best:
     categories as ENUMs and every derived column the queries use
     materialised (startår, slutår, ung, åldersgrupp, tid_i_insats,
     arbete_studier_slut, försörjning_start as VARCHAR[], år as INTEGER[]),
     förbund with länsförbund, and förbund's län and kommuner as relations.
     The raw read_csv of deltagare.csv is timed on its own.
  5. DuckDB runs each query's hand-written SQL once as a warm-up and N timed
     times. For each query: median times on and off, the on/off ratio (the
     median of the pairs' ratios), the
     ratios DuckDB / finsam, and whether every cell finsam prints with
     suppression off agrees with DuckDB (counts exactly, shares, means,
     medians and rates within 1e-6 relative, plus 1e-6 absolute for the six
     decimals of finsam's JSON), and that repeated runs gave the same answer.
  6. A line per goal of issue 20 ("Goals"), ending in yes or no.

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

# Goals (issue 20, "Goals"): ratios with suppression on, as users get it.
GOAL_MIN_RATIO = 2.0          # every B-query at least 2x faster than DuckDB
GOAL_MEDIAN_RATIO = 4.0       # the median ratio
GOAL_STARTUP_MS = 30.0        # first answer of a whole process
GOAL_SESSION_DEBUG_MS = 500.0 # Session() in a debug build
GOAL_BYTES_PER_ROW = 40.0     # anonymous memory held after the load, per deltagare row
GOAL_LOAD_FACTOR = 1.0        # finsam's load no slower than DuckDB's read_csv of deltagare.csv
GOAL_EXAMPLES_MS = 2000.0     # every script of Examples/ on the dataset
GOAL_SUPPRESS_FACTOR = 1.10   # suppression on within 10 % of off, every B-query

SUPPRESS_ON = "set suppress 5"     # the default threshold: as users get it
SUPPRESS_OFF = "set suppress off"  # the engine alone
# The on/off ratio is a median of adjacent pairs' ratios, over this many times the runs.
ON_OFF_RUNS_FACTOR = 3

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
    "befolkning": ("befolkning.csv", ["kommun", "år", "kön", "åldersgrupp", "antal"]),
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
    # förbund with its derived columns materialised: a länsförbund lies in one län and has
    # every kommun of it, and only those, as members (schema.md; finsam sql writes the same)
    """CREATE TABLE förbund AS
       SELECT f.*, len(f.kommuner) AS antal_kommuner,
              CASE WHEN len(f.län) = 1
                   THEN (SELECT count(*) FROM kommuner k WHERE k.län = f.län[1]) = len(f.kommuner)
                        AND (SELECT count(*) FROM kommuner k WHERE k.län = f.län[1]
                                                             AND list_contains(f.kommuner, k.kommun))
                            = len(f.kommuner)
                   ELSE false END AS länsförbund
       FROM (SELECT id, namn, {l} AS län, {k} AS kommuner FROM raw_förbund) f""".format(
        l=as_set("län"), k=as_set("kommuner")),
    """CREATE TABLE insatser AS
       SELECT CAST(id AS BIGINT) AS id, namn, förbund, typ, inriktning,
              {m} AS målgrupp, CAST(startår AS INTEGER) AS startår,
              CAST(slutår AS INTEGER) AS slutår, CAST(budget AS BIGINT) AS budget,
              CAST(deltaganden AS BIGINT) AS deltaganden
       FROM raw_insatser""".format(m=as_set("målgrupp")),
    """CREATE TABLE befolkning AS
       SELECT kommun, CAST(år AS INTEGER) AS år, kön, åldersgrupp, CAST(antal AS BIGINT) AS antal
       FROM raw_befolkning""",
    # förbund.län and förbund.kommuner as relations: one row per (förbund, län), (förbund, kommun)
    """CREATE TABLE förbund_län AS SELECT id, unnest(län) AS län FROM förbund""",
    """CREATE TABLE förbund_kommun AS SELECT id, unnest(kommuner) AS kommun FROM förbund""",
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


def yes_no(v):
    """A yes/no group under set locale sv (the default)."""
    return "(saknas)" if v is None else ("ja" if v else "nej")


def conv_b7(rows):
    out = {}
    for lf, g, mean in rows:
        key = ("Totalt",) if g else (yes_no(lf),)
        out[key] = {"mean(count)": mean}
    return out


def conv_b8(rows):
    out = {}
    for f, g, c, rate in rows:
        key = ("Totalt",) if g else (label(f),)
        out[key] = {"count": c, "per 1000 invånare": rate}
    return out


def conv_b9(rows):
    """percent of row: every kön column of every row, an empty cell as 0 % of its row's n."""
    out, columns = {}, set()
    for utb, kon, gu, gk, pct, n in rows:
        key = ("Totalt",) if gu else (label(utb),)
        col = "Totalt" if gk else label(kon)
        columns.add(col)
        cells = out.setdefault(key, {})
        cells[col] = pct
        cells[col + " n"] = n
    for cells in out.values():
        for col in columns:
            if col not in cells:
                cells[col] = 0
                cells[col + " n"] = cells["Totalt n"]
    return out


# år = 2018 (active in 2018) from the materialised start and end years: år is
# [startår] for anonym and volym, startår..(slutår or the last year) for personuppgifter.
ACTIVE_2018 = (f"(startår = 2018 OR (registrering = 'personuppgifter' AND startår < 2018 "
               f"AND coalesce(slutår, {LAST_YEAR}) >= 2018))")

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
    ("B7",
     "from deltagare show count by förbund then show mean(count) by förbund.länsförbund",
     1,
     """WITH s AS (SELECT förbund, count(*) AS n FROM deltagare GROUP BY förbund)
        SELECT f.länsförbund, grouping(f.länsförbund) AS g, avg(s.n)
        FROM s LEFT JOIN förbund f ON f.id = s.förbund
        GROUP BY GROUPING SETS ((f.länsförbund), ())""",
     conv_b7, None),
    ("B8",
     "from deltagare where år = 2018 "
     "show count, count / invånare * 1000 as \"per 1000 invånare\" by förbund",
     1,
     f"""WITH n AS (SELECT förbund, count(*) AS n FROM deltagare WHERE {ACTIVE_2018}
                   GROUP BY förbund),
             p AS (SELECT fk.id, sum(b.antal) AS inv
                   FROM förbund_kommun fk JOIN befolkning b ON b.kommun = fk.kommun
                   WHERE b.år = 2018 GROUP BY fk.id),
             t AS (SELECT sum(n) AS n FROM n)
        SELECT n.förbund, 0 AS g, n.n, 1000.0 * n.n / nullif(p.inv, 0)
        FROM n LEFT JOIN p ON p.id = n.förbund
        UNION ALL
        SELECT NULL, 1, t.n, 1000.0 * t.n / nullif((SELECT sum(antal) FROM befolkning
               WHERE år = 2018 AND kommun IN (SELECT kommun FROM förbund_kommun)), 0)
        FROM t""",
     conv_b8, None),
    ("B9",
     "from deltagare show percent of row by utbildning across kön",
     1,
     """WITH c AS (SELECT utbildning, kön, grouping(utbildning) AS gu, grouping(kön) AS gk,
                         count(*) AS n
                  FROM deltagare GROUP BY CUBE (utbildning, kön))
        SELECT utbildning, kön, gu, gk,
               100.0 * n / max(n) OVER (PARTITION BY gu, utbildning),
               max(n) OVER (PARTITION BY gu, utbildning)
        FROM c""",
     conv_b9, None),
]

# A csv export of a result of about 100 000 rows on 10M deltagare rows (one förbund's
# persons; the rows scale with the dataset), suppression off as a count per person needs.
EXPORT_QUERY = ("from deltagare where registrering = personuppgifter and förbund = halland "
                "show count by person")

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


# The timer line in either language: `tid: 1.9 ms` (Swedish, the default), `time: 1.9 ms`.
TIME_RE = re.compile(r"^\s*(?:time|tid):\s*([0-9.]+)\s*ms\s*$")
LOAD_RE = re.compile(r"^\s*load:\s*([0-9.]+)\s*ms\s*$")
HELD_RE = re.compile(r"^\s*memory:\s*([0-9]+)\s*bytes resident anonymous after load")
REPORT_RE = re.compile(r"^\s*report:\s*([0-9.]+)\s*ms\s*$")
WROTE_RE = re.compile(r"^(?:wrote|skrev) .*: ([0-9]+) (?:tables|tabeller)")


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


def run_process(cmd, stdin=None):
    """Run finsam; (stdout, stderr, wall ms, peak RSS in bytes, where the RSS comes from).

    Peak RSS: Linux counts in a child's ru_maxrss the memory of the process it was forked
    from (the high-water mark of the pre-exec image), so a child of this Python process
    (with DuckDB in it) would be overstated. /usr/bin/time is a small process: its child's
    maximum is finsam's own."""
    gnu_time = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as rss:
        if gnu_time:
            cmd = [gnu_time, "-f", "%M", "-o", rss.name] + cmd
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err,
                                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
        if stdin is not None:
            proc.stdin.write(stdin.encode("utf-8"))
            proc.stdin.close()
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
    return proc.returncode, stdout, stderr, wall, maxrss_kb * 1024, rss_source


def finsam_plan(runs, export_path):
    """The statements of the one finsam run, each with its role.

    Per query: a warm-up pair and 3 x `runs` timed pairs, each a run with suppression on (the
    default, as users get it) and one with it off (the engine alone), so that each pair's
    ratio sees the same moment of the machine. Then the csv export of a ~100 000-row result."""
    plan = []
    for i, (_qid, text, *_rest) in enumerate(QUERIES):
        # On and off alternate run by run: this machine's speed drifts by a third over a
        # second or two, and a block of on runs then a block of off runs measured the drift.
        for r in range(ON_OFF_RUNS_FACTOR * runs + 1):
            plan.append((text, ("query", i, "on", r)))
            plan.append((SUPPRESS_OFF, ("set",)))
            plan.append((text, ("query", i, "off", r)))
            plan.append((SUPPRESS_ON, ("set",)))
    plan.append((SUPPRESS_OFF, ("set",)))
    plan.append((EXPORT_QUERY, ("export query",)))
    plan.append((f'export to "{export_path}"', ("export",)))
    return plan


def run_finsam(binary, data_dir, runs):
    export_dir = tempfile.mkdtemp(prefix="finsam-bench-")
    export_path = os.path.join(export_dir, "export.csv")
    plan = finsam_plan(runs, export_path)
    script = "\n".join(text for text, _role in plan)
    cmd = [binary, "--data", data_dir, "--timer", "--format", "json", "-c", script]
    code, stdout, stderr, wall, maxrss, rss_source = run_process(cmd)
    try:
        export_bytes = os.path.getsize(export_path)
        with open(export_path, "rb") as f:
            export_lines = sum(1 for _ in f)
    except OSError:
        export_bytes = export_lines = None
    finally:
        for name in os.listdir(export_dir):
            os.unlink(os.path.join(export_dir, name))
        os.rmdir(export_dir)
    if code != 0:
        raise Failure(f"finsam exited with status {code}\n"
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
    if len(times) != len(plan):
        raise Failure(f"finsam printed {len(times)} `time:` lines for {len(plan)} statements")
    results = split_results(stdout)
    answering = [i for i, (_t, role) in enumerate(plan) if role[0] in ("query", "export query")]
    if len(results) != len(answering):
        raise Failure(f"finsam printed {len(results)} results for {len(answering)} queries")
    result_of = dict(zip(answering, results))
    # per query and mode: the times of the timed runs and every answer (warm-up first)
    per = {}
    export = {}
    for i, (_text, role) in enumerate(plan):
        if role[0] == "query":
            _, q, mode, r = role
            entry = per.setdefault((q, mode), {"times": [], "answers": []})
            if r > 0:
                entry["times"].append(times[i])
            entry["answers"].append(result_of[i])
        elif role[0] == "export query":
            export["query_ms"] = times[i]
            export["rows"] = len(result_of[i])
        elif role[0] == "export":
            export["export_ms"] = times[i]
    export["file_bytes"] = export_bytes
    export["file_lines"] = export_lines
    return {"per": per, "times": times, "load": load, "held": held, "export": export,
            "maxrss": maxrss, "rss_source": rss_source, "wall": wall}


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


def median_wall(cmd, stdin, n):
    """Median wall time (ms) of n whole processes; None and the error if one fails."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(ms_since(t0))
        if done.returncode != 0:
            return None, done.stderr.decode("utf-8", errors="replace").strip()[-300:]
    return statistics.median(times), None


def measure_startup(binary):
    """The first answer of a whole process on the built-in dataset (median of 11), and
    Session() as cheaply as the command line allows: a process that makes a session and runs
    one `set` (no query) against one that prints its version (no session)."""
    startup, err = median_wall([binary], b"from deltagare show count\n", 11)
    with_session, _ = median_wall([binary, "-c", SUPPRESS_ON], None, 11)
    bare, _ = median_wall([binary, "--version"], None, 11)
    session = None if with_session is None or bare is None else max(0.0, with_session - bare)
    return {"startup": startup, "error": err, "with_session": with_session, "bare": bare,
            "session": session}


def measure_session_debug(debug_bin):
    """A debug build's whole process making a Session and running one `set` (median of 3):
    an upper bound for Session() in debug, the configuration embedders' tests run in."""
    if not debug_bin:
        return None
    ms, _err = median_wall([debug_bin, "-c", SUPPRESS_ON], None, 3)
    return ms


def strip_expects(text):
    """A script without its expect statements (`expect N` or `expect` and its | rows)."""
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        s = lines[i].strip()
        if s == "expect" or s.startswith("expect "):
            i += 1
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                i += 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out) + "\n"


STATEMENT_START = re.compile(r"^(from|let|set|describe|tables|values|load|export|expect|help|sql|"
                             r"explain)\b")


def split_statements(text):
    """A script's statements, in order: a statement keyword at the start of a line begins the
    next one (grammar.md, "Scripts and statements"); comments and blank lines belong to none."""
    out = []
    for line in text.splitlines():
        if STATEMENT_START.match(line):
            out.append(line.strip())
        elif out and line.strip() and not line.lstrip().startswith("--"):
            out[-1] += " " + line.strip()
    return out


def examples_detail(binary, data_dir, examples_dir, top=5):
    """The slowest statements of the Examples on the dataset (through standard input, with
    --timer): which of them the time goes to. None when the time lines do not pair up."""
    scripts = sorted(f for f in os.listdir(examples_dir) if f.endswith(".finsam"))
    text = "".join(strip_expects(open(os.path.join(examples_dir, f), encoding="utf-8").read())
                   for f in scripts)
    statements = split_statements(text)
    _code, _out, err, _wall, _rss, _src = run_process(
        [binary, "--data", data_dir, "--timer", "--format", "csv"], stdin=text)
    times = [float(m.group(1)) for m in map(TIME_RE.match, err.splitlines()) if m]
    if len(times) != len(statements):
        return None
    return sorted(zip(times, statements), key=lambda x: -x[0])[:top], sum(times)


def measure_examples(binary, data_dir, examples_dir):
    """Every script of Examples/ on the dataset, in one session: `finsam report` over the
    scripts with their expect statements left out (they hold the built-in dataset's figures,
    and a failing expect stops a report). Time = report's own time - the load. Should the
    report fail, the same statements go through standard input (which goes on after a failing
    statement), timed as wall time - load."""
    scripts = sorted(f for f in os.listdir(examples_dir) if f.endswith(".finsam"))
    if not scripts:
        return {"error": f"no .finsam scripts in {examples_dir}"}
    tmp = tempfile.mkdtemp(prefix="finsam-examples-")
    paths = []
    try:
        for name in scripts:
            with open(os.path.join(examples_dir, name), encoding="utf-8") as f:
                text = strip_expects(f.read())
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            paths.append(path)
        html = os.path.join(tmp, "examples.html")
        code, _out, err, wall, _rss, _src = run_process(
            [binary, "--data", data_dir, "--timer", "report", *paths, "--out", html])
        load = next((float(m.group(1)) for m in map(LOAD_RE.match, err.splitlines()) if m), None)
        total = next((float(m.group(1)) for m in map(REPORT_RE.match, err.splitlines()) if m), None)
        tables = next((m.group(1) for m in map(WROTE_RE.search, err.splitlines()) if m), "?")
        if code == 0 and load is not None and total is not None:
            return {"ms": total - load, "load": load, "how": f"finsam report of {len(paths)} "
                    f"scripts (expect statements left out): {tables} tables", "failed": 0}
        report_error = "\n".join(l for l in err.splitlines() if "error" in l)[:300]
        script = "".join(open(p, encoding="utf-8").read() for p in paths)
        code, _out, err, wall, _rss, _src = run_process(
            [binary, "--data", data_dir, "--timer"], stdin=script)
        load = next((float(m.group(1)) for m in map(LOAD_RE.match, err.splitlines()) if m), None)
        failed = sum(1 for l in err.splitlines() if re.search(r"\berror\b", l))
        if load is None:
            return {"error": "finsam printed no load time:\n" + err[-300:]}
        return {"ms": wall - load, "load": load, "failed": failed,
                "how": f"the statements of {len(paths)} scripts through standard input, expect "
                       f"statements left out (finsam report failed: {report_error}); wall time "
                       f"- load"}
    finally:
        for name in os.listdir(tmp):
            os.unlink(os.path.join(tmp, name))
        os.rmdir(tmp)


def main():
    ap = argparse.ArgumentParser(description="Benchmark finsam against DuckDB.")
    ap.add_argument("data_dir")
    ap.add_argument("finsam_bin")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per query and mode (default 5)")
    ap.add_argument("--examples", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                       "..", "Examples"),
                    help="the folder of example scripts run on the dataset (default Examples/)")
    ap.add_argument("--debug-bin", default=os.environ.get("BENCH_DEBUG_BIN"),
                    help="a debug build of finsam, for Session() in debug (default $BENCH_DEBUG_BIN)")
    ap.add_argument("--examples-detail", action="store_true",
                    default=os.environ.get("BENCH_EXAMPLES_DETAIL") == "1",
                    help="also list the Examples' slowest statements (one more load; default "
                         "$BENCH_EXAMPLES_DETAIL=1)")
    args = ap.parse_args()
    runs = max(1, args.runs)
    binary = os.path.abspath(args.finsam_bin)

    check_files(args.data_dir)
    warm_page_cache(args.data_dir)

    print(f"dataset {args.data_dir}; DuckDB {duckdb.__version__} with {THREADS} threads; "
          f"DuckDB {runs} timed runs per query, finsam {ON_OFF_RUNS_FACTOR * runs} alternating on/off pairs (after one warm-up); load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)

    # finsam first: this process is still small, and finsam does not share the
    # machine's memory with DuckDB's tables.
    st = measure_startup(binary)
    if st["startup"] is None:
        raise Failure(f"finsam failed on standard input: {st['error']}")
    session_debug = measure_session_debug(args.debug_bin)
    fs = run_finsam(binary, args.data_dir, runs)
    ex = measure_examples(binary, args.data_dir, args.examples)
    detail = examples_detail(binary, args.data_dir, args.examples) if args.examples_detail else None

    con, load_times, nrows = duckdb_load(args.data_dir)
    print(f"deltagare rows: {nrows}", flush=True)

    table = []
    firsts = []
    for i, (qid, _text, ndims, sql, conv, skip) in enumerate(QUERIES):
        on, off = fs["per"][(i, "on")], fs["per"][(i, "off")]
        rows, d_times = time_duckdb(con, sql, runs)
        on_med, off_med = statistics.median(on["times"]), statistics.median(off["times"])
        d_med = statistics.median(d_times)
        ratio_on = d_med / on_med if on_med > 0 else math.inf
        ratio_off = d_med / off_med if off_med > 0 else math.inf
        # Each on run against the off run just after it: the same moment of the machine.
        pairs = [a / b for a, b in zip(on["times"], off["times"]) if b > 0]
        on_off = statistics.median(pairs) if pairs else math.inf
        # every cell against DuckDB: the answer with suppression off (nothing hidden)
        answer = off["answers"][0]
        ndiff, first = compare(qid, ndims, answer, conv(rows), skip)
        for mode, entry in (("on", on), ("off", off)):
            if any(a != entry["answers"][0] for a in entry["answers"][1:]):
                ndiff += 1
                first = first or (qid, "-", "-", f"finsam's repeated runs (suppression {mode}) "
                                  "gave different answers", "")
        table.append({"qid": qid, "on": on_med, "off": off_med, "on_off": on_off, "duck": d_med,
                      "ratio_on": ratio_on, "ratio_off": ratio_off, "ndiff": ndiff,
                      "rows": len(answer)})
        if first:
            firsts.append((first, ndiff))

    print()
    print(f"{'query':<6} {'on ms':>8} {'off ms':>8} {'on/off':>7} {'DuckDB ms':>10} "
          f"{'ratio on':>9} {'ratio off':>9}  {'agree':<5} rows")
    for t in table:
        agree = "yes" if t["ndiff"] == 0 else f"no ({t['ndiff']} cells)"
        print(f"{t['qid']:<6} {fmt_ms(t['on']):>8} {fmt_ms(t['off']):>8} {t['on_off']:>7.2f} "
              f"{fmt_ms(t['duck']):>10} {t['ratio_on']:>9.2f} {t['ratio_off']:>9.2f}  "
              f"{agree:<5} {t['rows']}")
    print("(on: finsam with suppression on, as users get it; off: `set suppress off`, the engine "
          "alone; on/off = the median of adjacent pairs' ratios; ratio = DuckDB time / finsam time; medians of the timed runs; answers compared "
          "cell by cell with suppression off)")
    for qid, text, *_rest in QUERIES:
        print(f"  {qid}: {text}")

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
    print(f"      DuckDB also: other four tables {fmt_ms(load_times['small_tables'])} ms, "
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
    print(f"start-up: echo 'from deltagare show count' | finsam, whole process, median of 11: "
          f"{fmt_ms(st['startup'])} ms")
    if st["session"] is not None:
        print(f"Session() (release): a process making a session and running one `set` "
              f"{fmt_ms(st['with_session'])} ms - `finsam --version` {fmt_ms(st['bare'])} ms "
              f"= {fmt_ms(st['session'])} ms")
    if session_debug is not None:
        print(f"Session() (debug, {args.debug_bin}): the same whole process, median of 3: "
              f"{fmt_ms(session_debug)} ms (an upper bound)")
    if "error" in ex:
        print(f"Examples: not measured: {ex['error']}")
    else:
        failed = f"; {ex['failed']} statements failed" if ex["failed"] else ""
        print(f"Examples on the dataset: {fmt_ms(ex['ms'])} ms ({ex['how']}; load {fmt_ms(ex['load'])} "
              f"ms not counted{failed})")
    if args.examples_detail:
        if detail is None:
            print("  (the Examples' statements and time lines did not pair up: no detail)")
        else:
            slowest, total = detail
            print(f"  slowest statements (standard input, --timer; all statements {fmt_ms(total)} ms):")
            for ms, text in slowest:
                print(f"    {fmt_ms(ms):>8} ms  {text if len(text) <= 110 else text[:109] + '…'}")
    e = fs["export"]
    if e.get("export_ms") is not None:
        size = "n/a" if e["file_bytes"] is None else f"{e['file_bytes'] / 1e6:.1f} MB"
        print(f"csv export of a {e['rows']}-row result ({EXPORT_QUERY}; suppression off): query "
              f"{fmt_ms(e['query_ms'])} ms, `export to \"….csv\"` {fmt_ms(e['export_ms'])} ms "
              f"({e['file_lines']} lines, {size})")

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

    ratios = [t["ratio_on"] for t in table]
    med_ratio = statistics.median(ratios)
    min_ratio = min(ratios)
    min_q = table[ratios.index(min_ratio)]["qid"]
    med_off = statistics.median(t["ratio_off"] for t in table)
    all_agree = all(t["ndiff"] == 0 for t in table)
    worst = max(table, key=lambda t: t["on_off"])
    print()
    print(f"summary: suppression on: median ratio {med_ratio:.2f}, minimum {min_ratio:.2f} "
          f"({min_q}); off: median {med_off:.2f}; largest on/off {worst['on_off']:.2f} "
          f"({worst['qid']}); answers {'all agree' if all_agree else 'DISAGREE'}; load average now "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    def yn(ok):
        return "yes" if ok else "no"

    slow = [f"{t['qid']} {t['ratio_on']:.2f}" for t in table if t["ratio_on"] < GOAL_MIN_RATIO]
    costly = [f"{t['qid']} {t['on_off']:.3f}" for t in table if t["on_off"] > GOAL_SUPPRESS_FACTOR]
    print("goals (issue 20; ratios with suppression on):")
    print(f"  every B-query at least {GOAL_MIN_RATIO:g}x faster than DuckDB"
          + (f" (below: {', '.join(slow)})" if slow else f" (lowest {min_q} {min_ratio:.2f})")
          + f": {yn(not slow)}")
    print(f"  median ratio at least {GOAL_MEDIAN_RATIO:g}x ({med_ratio:.2f}): "
          f"{yn(med_ratio >= GOAL_MEDIAN_RATIO)}")
    print(f"  first answer of a whole process <= {GOAL_STARTUP_MS:g} ms ({fmt_ms(st['startup'])} ms): "
          f"{yn(st['startup'] <= GOAL_STARTUP_MS)}")
    if session_debug is not None:
        print(f"  Session() in a debug build <= {GOAL_SESSION_DEBUG_MS:g} ms (whole debug process "
              f"{fmt_ms(session_debug)} ms): {yn(session_debug <= GOAL_SESSION_DEBUG_MS)}")
    else:
        print(f"  Session() in a debug build <= {GOAL_SESSION_DEBUG_MS:g} ms: not measured "
              f"(BENCH_DEBUG_BIN=.build/debug/finsam after `swift build --product finsam` measures it)")
    print(f"  memory held after the load <= {GOAL_BYTES_PER_ROW:g} bytes per deltagare row "
          f"({bpr:.1f}): {yn(bpr <= GOAL_BYTES_PER_ROW)}")
    print(f"  load no slower than DuckDB's read_csv "
          f"({'n/a' if load_ratio is None else f'{load_ratio:.2f}'}x): "
          f"{yn(load_ratio is not None and load_ratio <= GOAL_LOAD_FACTOR)}")
    ex_ms = ex.get("ms")
    print(f"  every script of Examples/ on {nrows} rows under {GOAL_EXAMPLES_MS / 1000:g} s "
          f"({'not measured' if ex_ms is None else f'{fmt_ms(ex_ms)} ms'}): "
          f"{yn(ex_ms is not None and ex_ms < GOAL_EXAMPLES_MS and not ex.get('failed'))}")
    print(f"  suppression on within {100 * (GOAL_SUPPRESS_FACTOR - 1):.0f} % of off, every B-query"
          + (f" (above: {', '.join(costly)})" if costly else f" (largest {worst['qid']} {worst['on_off']:.2f})")
          + f": {yn(not costly)}")
    print(f"  answers agree with DuckDB, every cell: {yn(all_agree)}")
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
