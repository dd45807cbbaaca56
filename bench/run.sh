#!/usr/bin/env bash
# make bench: 10M deltagare rows (made once, then reused), finsam against DuckDB on the same
# files, and the start-up time of the whole process. Not part of make test.
set -euo pipefail
BIN=$(realpath "$1")
DATA=${BENCH_DATA:-.build/bench-data}
ROWS=${BENCH_ROWS:-10000000}
if [ ! -f "$DATA/deltagare.csv" ] || [ "$(cat "$DATA/.rows" 2>/dev/null)" != "$ROWS" ]; then
  echo "generating $ROWS deltagare rows into $DATA …"
  "$BIN" generate --rows "$ROWS" --out "$DATA" >/dev/null
  echo "$ROWS" > "$DATA/.rows"
fi
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install -q duckdb

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $(swift --version 2>/dev/null | head -1)"
# Start-up: the whole process answering one query on the built-in dataset (median of 11).
python3 - "$BIN" <<'PY'
import subprocess, sys, time, statistics
times = []
for _ in range(11):
    start = time.perf_counter()
    subprocess.run([sys.argv[1]], input=b"from deltagare show count\n", stdout=subprocess.DEVNULL, check=True)
    times.append((time.perf_counter() - start) * 1000)
print(f"start-up (echo 'from deltagare show count' | finsam): median {statistics.median(times):.0f} ms (goal: 150 ms)")
PY
# A large export: a result of ~63 000 rows as csv against the same as a box table (whole
# processes on the built-in dataset, median of 5; the query's own time is the same in both).
python3 - "$BIN" <<'PY'
import subprocess, sys, time, statistics
query = "set suppress off\nfrom deltagare where registrering = personuppgifter show count by person"
def timed(fmt):
    times = []
    for _ in range(5):
        start = time.perf_counter()
        done = subprocess.run([sys.argv[1], "--format", fmt, "-c", query], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), done.stdout.count(b"\n")
csv, rows = timed("csv")
box, _ = timed("box")
print(f"export of {rows} rows: csv {csv:.0f} ms, box {box:.0f} ms, ratio {csv / box:.2f} (goal: under 2): {'yes' if csv < 2 * box else 'no'}")
PY
python3 bench/duckdb_compare.py "$DATA" "$BIN"
