#!/usr/bin/env bash
# make bench: 10M deltagare rows (made once, then reused), finsam against DuckDB on the same
# files -- every B-query with suppression on (as users get it) and off (the engine alone) --,
# the start-up of the whole process, every script of Examples/ on the rows, a csv export of
# a ~100 000-row result, the memory held per row, and a yes/no line per goal of issue 20.
# Not part of make test.
#   BENCH_ROWS   rows to generate (default 10000000)
#   BENCH_DATA   the data folder (default .build/bench-data; regenerated when its .rows differ)
#   BENCH_RUNS   timed runs per query and mode (default 5)
#   BENCH_DEBUG_BIN  a debug build of finsam, for Session() in debug (optional)
#   BENCH_EXAMPLES_DETAIL=1  also list the slowest statements of Examples/ (one more load)
set -euo pipefail
BIN=$(realpath "$1")
HERE=$(dirname "$(realpath "$0")")
DATA=${BENCH_DATA:-.build/bench-data}
ROWS=${BENCH_ROWS:-10000000}
RUNS=${BENCH_RUNS:-5}
if [ ! -f "$DATA/deltagare.csv" ] || [ "$(cat "$DATA/.rows" 2>/dev/null)" != "$ROWS" ]; then
  echo "generating $ROWS deltagare rows into $DATA …"
  "$BIN" generate --rows "$ROWS" --out "$DATA" >/dev/null
  echo "$ROWS" > "$DATA/.rows"
fi
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install -q duckdb

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $(swift --version 2>/dev/null | head -1); $(date -u "+%Y-%m-%d %H:%M UTC")"
python3 "$HERE/duckdb_compare.py" "$DATA" "$BIN" --runs "$RUNS" --examples "$HERE/../Examples"
