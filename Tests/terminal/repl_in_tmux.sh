#!/usr/bin/env bash
# Drives the interactive shell in a real terminal (tmux): start, a query, a typo with its hint,
# Tab completion, Ctrl-C, Up, Ctrl-D, the history after a restart, and a chart at the window's width.
# Usage: Tests/terminal/repl_in_tmux.sh path/to/finsam
set -u
BIN=$(realpath "$1")
command -v tmux >/dev/null || { echo "tmux is missing (scripts/install-deps.sh --test installs it)"; exit 1; }
HOME_DIR=$(mktemp -d)
SOCKET="finsam-test-$$"
passed=0; failed=0
tm() { tmux -L "$SOCKET" "$@"; }
cleanup() { tm kill-server 2>/dev/null; rm -rf "$HOME_DIR"; }
trap cleanup EXIT

start() {
  tm new-session -d -s repl -x 160 -y 50 "env HOME=$HOME_DIR XDG_STATE_HOME= NO_COLOR=1 TERM=xterm LANG=C.UTF-8 LC_ALL= LC_MESSAGES= $BIN"
}
screen() { tm capture-pane -t repl -p 2>/dev/null; }
# wait_for PATTERN [SECONDS]: until the screen shows PATTERN (capture-pane drops trailing spaces).
wait_for() {
  local deadline=$((SECONDS + ${2:-10}))
  while [ $SECONDS -lt $deadline ]; do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  return 1
}
check() {  # check NAME PATTERN
  if wait_for "$2"; then passed=$((passed + 1)); echo "PASS $1"
  else failed=$((failed + 1)); echo "FAIL $1: the screen lacks '$2'"; screen | sed 's/^/    | /' | grep -v '^    | $' | tail -15; fi
}
last_prompt_line() { screen | grep -F 'finsam>' | tail -1; }

start
check "banner and first prompt" "finsam>"
tm send-keys -t repl 'from deltagare where år = 2018 show count by registrering' Enter
check "a query" "32 715"
tm send-keys -t repl 'from deltagare where kön = kvina show count' Enter
check "a typo gets its hint" "menade du 'kvinna'?"
tm send-keys -t repl 'from delt' Tab
check "Tab completes a table" "finsam> from deltagare "
tm send-keys -t repl 'where kön = kv' Tab
check "Tab completes a value" "finsam> from deltagare where kön = kvinna"
tm send-keys -t repl C-c
sleep 0.3
if [ "$(last_prompt_line)" = "finsam>" ]; then passed=$((passed + 1)); echo "PASS Ctrl-C clears the line"
else failed=$((failed + 1)); echo "FAIL Ctrl-C clears the line: '$(last_prompt_line)'"; fi
tm send-keys -t repl 'from deltagare where' Enter
check "an unfinished statement continues" "   ...>"
tm send-keys -t repl 'registrering = anonym and år = 2017 show count' Enter
check "the continued statement runs" "1 726"
tm send-keys -t repl Up
check "Up brings back the statement" "finsam> from deltagare where registrering = anonym and år = 2017 show count"
tm send-keys -t repl C-c
tm send-keys -t repl C-d
deadline=$((SECONDS + 5))
while tm has-session -t repl 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
if tm has-session -t repl 2>/dev/null; then failed=$((failed + 1)); echo "FAIL Ctrl-D leaves"; else passed=$((passed + 1)); echo "PASS Ctrl-D leaves"; fi

start
check "restart" "finsam>"
tm send-keys -t repl Up
check "history survives a restart" "finsam> from deltagare where registrering = anonym and år = 2017 show count"
tm send-keys -t repl C-c
# plot fits the real window (160 columns), not a default of 80.
tm send-keys -t repl 'from deltagare where slutår = 2018 and registrering = personuppgifter show share(arbete_studier_slut) by kön plot' Enter
check "plot draws bars" "man    │"
widest=$(screen | grep -E '^(kvinna|man) +│' | LC_ALL=C.UTF-8 wc -L)
if [ "${widest:-0}" -gt 120 ] && [ "${widest:-0}" -le 160 ]; then passed=$((passed + 1)); echo "PASS plot fills the window's width ($widest of 160)"
else failed=$((failed + 1)); echo "FAIL plot fills the window's width: widest bar line ${widest:-none}"; fi
tm send-keys -t repl '.timer on' Enter
tm send-keys -t repl 'from insatser show count' Enter
check ".timer prints the time" "tid: "
tm send-keys -t repl C-d

echo "terminal: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
