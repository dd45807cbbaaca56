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
python3 bench/duckdb_compare.py "$DATA" "$BIN"
