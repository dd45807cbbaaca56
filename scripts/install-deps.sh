#!/usr/bin/env bash
# Installs what building, running and testing finsam needs and the machine lacks:
#   libedit-dev and pkg-config (line editing for the REPL), through apt-get;
#   with --test, tmux (the terminal test of the shell), LibreOffice Calc without a GUI (writes the
#   spreadsheets the loader is tested on, opens the Swedish .csv and .xlsx exports), openpyxl (reads the
#   .xlsx export), the duckdb Python package (the independent checker of the published figures)
#   and Chromium (opens the HTML report headless: a screenshot and the rendered page's tables).
set -euo pipefail
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

missing=()
dpkg -s libedit-dev >/dev/null 2>&1 || missing+=(libedit-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
[ "${1:-}" = "--test" ] && ! command -v tmux >/dev/null 2>&1 && missing+=(tmux)
# LibreOffice Calc writes the spreadsheets the loader's tests read (about 3 minutes to install).
[ "${1:-}" = "--test" ] && ! command -v soffice >/dev/null 2>&1 && missing+=(libreoffice-calc-nogui)
# Chromium renders the HTML report as a reader's browser does (about 1 minute to install).
[ "${1:-}" = "--test" ] && ! command -v chromium >/dev/null 2>&1 && missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (apt-get)…"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "error: swift is not on PATH (finsam needs Swift 6; see swift.org/install)" >&2
  exit 1
fi
if [ "${1:-}" = "--test" ] && ! python3 -c 'import duckdb' 2>/dev/null; then
  echo "installing duckdb (pip) for the independent check of the published figures…"
  python3 -m pip install -q duckdb
fi
if [ "${1:-}" = "--test" ] && ! python3 -c 'import openpyxl' 2>/dev/null; then
  echo "installing openpyxl (pip) for the independent check of the .xlsx export…"
  python3 -m pip install -q openpyxl
fi
