#!/usr/bin/env bash
# Runs both libFuzzer targets: Fuzz/run.sh BUILD_DIR RUNS [TARGET…]
# Each target starts from its seed corpus (Fuzz/corpus/<name>) and a working corpus in
# BUILD_DIR/corpus-<name>; a crash or hang is written as BUILD_DIR/<name>-crash-* and ends the
# run with a non-zero status. The last lines of each run (executions, speed) are printed.
set -euo pipefail
dir=$1; runs=$2; shift 2
# Extra libFuzzer options (e.g. -max_total_time=3600) from FUZZ_OPTIONS.
extra=(${FUZZ_OPTIONS:-})
targets=("${@:-query csv}")
status=0
for name in ${targets[@]}; do
  mkdir -p "$dir/corpus-$name"
  echo "fuzz-$name: $runs runs"
  # -timeout: an input running over 10 s is a hang; -rss_limit_mb: memory is bounded too.
  # No leak check (the targets hold a dataset for the whole run); no Swift backtracer (it
  # fights AddressSanitizer over the crashed process).
  if ! ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$dir/fuzz-$name" -detect_leaks=0 -runs="$runs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${extra[@]}" \
       -artifact_prefix="$dir/$name-" "$dir/corpus-$name" "Fuzz/corpus/$name" > "$dir/fuzz-$name.log" 2>&1; then
    status=1
    echo "fuzz-$name FAILED: see $dir/fuzz-$name.log and $dir/$name-crash-*"
  fi
  grep -E "^(#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::average_exec_per_sec|==[0-9]+==ERROR|SUMMARY)" "$dir/fuzz-$name.log" | tail -4
done
exit $status
