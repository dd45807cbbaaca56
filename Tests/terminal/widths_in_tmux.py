#!/usr/bin/env python3
"""The shell at a terminal's width, in tmux: at 60, 80 and 120 columns the wide results (a compare
with intervals, three means compared, describe) print with no line longer than the window, and at
80 columns every example of the README and of Examples/ does too. tmux wraps a long line onto the
next row; `capture-pane -J` joins such rows again, so a line over the width shows as one.

Usage: widths_in_tmux.py FINSAM_BINARY
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOCKET = f"finsam-widths-{os.getpid()}"
failures = []

WIDE = """let avslutade = slutår = 2018 and registrering = personuppgifter
from deltagare where avslutade show share(arbete_studier_slut) by åldersgrupp compare kön with ci
from deltagare where avslutade show mean(omfattning_start), mean(omfattning_slut), median(ålder) by åldersgrupp compare kön
describe deltagare
help
"""


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True)


def width(line):
    return sum(0 if unicodedata.category(c) in ("Mn", "Cf") else 1 for c in line)


def screen():
    return tmux("capture-pane", "-t", "w", "-p", "-J", "-S", "-").stdout


def wait_for_prompt(count, seconds=60):
    """Until the screen shows `count` prompts (the statement before the last has finished)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if screen().count("finsam>") >= count:
            return True
        time.sleep(0.1)
    return False


def run_at(columns, script_path, label):
    home = tempfile.mkdtemp()
    tmux("kill-server")
    tmux("new-session", "-d", "-s", "w", "-x", str(columns), "-y", "50",
         f"env HOME={home} XDG_STATE_HOME= NO_COLOR=1 TERM=xterm {BIN}")
    tmux("set-option", "-t", "w", "history-limit", "100000")
    if not wait_for_prompt(1, 20):
        failures.append(f"{label}: no prompt")
        return
    tmux("send-keys", "-t", "w", f".read {script_path}", "Enter")
    if not wait_for_prompt(2):
        failures.append(f"{label}: .read did not finish")
    text = screen()
    tmux("send-keys", "-t", "w", "C-d")
    shutil.rmtree(home, ignore_errors=True)
    errors = [line for line in text.split("\n") if "error:" in line]
    if errors:
        failures.append(f"{label}: an error: {errors[0]}")
    long = [line for line in text.split("\n") if width(line.rstrip()) > columns]
    widest = max((width(line.rstrip()) for line in text.split("\n")), default=0)
    if long:
        failures.append(f"{label}: {len(long)} lines over {columns} columns, e.g. [{width(long[0].rstrip())}] {long[0].rstrip()}")
    print(f"{'PASS' if not long and not errors else 'FAIL'} {label}: widest line {widest} of {columns}")
    return text


def readme_examples():
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    return [block for block in re.findall(r"```finsam\n(.*?)```", text, flags=re.S)]


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv[1])
    if not shutil.which("tmux"):
        sys.exit("tmux is missing (scripts/install-deps.sh --test installs it)")
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        wide = os.path.join(folder, "wide.finsam")
        open(wide, "w", encoding="utf-8").write(WIDE)
        for columns in (60, 80, 120):
            text = run_at(columns, wide, f"wide results at {columns}") or ""
            if columns < 100 and "(…) = 95 % KI" not in text:
                failures.append(f"at {columns} the intervals are not merged into their values")
        readme = os.path.join(folder, "readme.finsam")
        open(readme, "w", encoding="utf-8").write("\n".join(readme_examples()))
        run_at(80, readme, "README's examples at 80")
        for script in sorted(os.listdir(os.path.join(ROOT, "Examples"))):
            if script.endswith(".finsam"):
                run_at(80, os.path.join("Examples", script), f"Examples/{script} at 80")
    tmux("kill-server")
    for failure in failures:
        print("FAIL:", failure)
    print(f"widths: {len(failures)} failures")
    sys.exit(1 if failures else 0)
