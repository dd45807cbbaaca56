#!/usr/bin/env python3
"""The HTML report as a reader's browser shows it, and the report workbook as a reader opens it.

`finsam report Examples/rapport_2018.finsam` writes the page and the workbook. Headless Chromium
opens the page: a screenshot (kept as .build/report/rapport_2018.png), an A4 print to PDF, and the
rendered DOM, in which every table of the script is found with every number of the script's results
(the same script run by `finsam run --format json`, each value compared as a number), each chart
with its text description, and what a screen reader needs (lang, captions, scoped headers). openpyxl
and LibreOffice open the workbook: a contents sheet and a sheet per table with the same numbers.

Usage: check_report.py FINSAM_BINARY
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "Examples", "rapport_2018.finsam")
ARTIFACTS = os.path.join(ROOT, ".build", "report")
failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message)


# --- a small DOM ---------------------------------------------------------------------------

class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag):
        out = []
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag:
                    out.append(c)
                out += c.find_all(tag)
        return out


class DOMBuilder(HTMLParser):
    VOID = {"meta", "br", "img", "hr", "input", "link", "col", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(text):
    builder = DOMBuilder()
    builder.feed(text)
    return builder.root


# --- numbers as the page writes them --------------------------------------------------------

def numbers_in(text):
    """The numbers of a cell as shown: `1 733`, `36,8 %`, `+8,1 pe`, `−2,8 – 3,9 *`."""
    text = text.replace("\u00a0", " ").replace("*", "").replace("%", "").replace("pe", "").strip()
    parts = text.split(" – ") if " – " in text else [text]
    out = []
    for part in parts:
        part = part.replace("−", "-").replace("+", "").replace(" ", "").replace(",", ".")
        if part in ("", "..", "–"):
            return None
        out.append(float(part))
    return out


def close(shown, value):
    return abs(shown - round(value, 1)) < 0.051


def reference_tables(binary):
    """The script's results from `finsam run --format json` (its `plot`s dropped, so each query
    prints its table): a list of {"rows": …, "notes": …}."""
    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "rapport.finsam")
        with open(SCRIPT, encoding="utf-8") as f:
            text = re.sub(r"\s+plot\s*$", "", f.read(), flags=re.M)
        with open(script, "w", encoding="utf-8") as f:
            f.write(text)
        run = subprocess.run([binary, "run", "--format", "json", script], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("finsam run failed:\n" + run.stderr)
    decoder, position, tables = json.JSONDecoder(), 0, []
    out = run.stdout
    while True:
        while position < len(out) and out[position].isspace():
            position += 1
        if position >= len(out):
            break
        table, position = decoder.raw_decode(out, position)
        tables.append(table)
    return tables


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    sys.exit("Chromium is not installed (make test installs it through scripts/install-deps.sh --test)")


def run_chromium(browser, *arguments):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]
    return subprocess.run([browser, *flags, *arguments], capture_output=True, timeout=120)


def main():
    binary = os.path.abspath(sys.argv[1])
    os.makedirs(ARTIFACTS, exist_ok=True)
    html = os.path.join(ARTIFACTS, "rapport_2018.html")
    xlsx = os.path.join(ARTIFACTS, "rapport_2018.xlsx")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1543536000")  # 2018-11-30: the page is reproducible
    start = time.monotonic()
    made = subprocess.run([binary, "report", SCRIPT, "--out", html, "--out", xlsx], capture_output=True, text=True, env=env)
    seconds = time.monotonic() - start
    if made.returncode != 0 or made.stdout:
        sys.exit(f"finsam report failed (exit {made.returncode}), or wrote to standard output:\n{made.stdout}{made.stderr}")
    print(f"finsam report: {seconds:.2f} s, {os.path.getsize(html) // 1024} kB html, {os.path.getsize(xlsx) // 1024} kB xlsx")
    again = subprocess.run([binary, "report", SCRIPT, "--out", os.path.join(ARTIFACTS, "again.html")], capture_output=True, env=env)
    if again.returncode != 0 or open(os.path.join(ARTIFACTS, "again.html"), "rb").read() != open(html, "rb").read():
        fail("two runs with the same SOURCE_DATE_EPOCH give different pages")

    # A failing statement writes nothing and says where; a wrong --out is a usage error.
    with tempfile.TemporaryDirectory() as folder:
        broken = os.path.join(folder, "broken.finsam")
        with open(broken, "w", encoding="utf-8") as f:
            f.write("-- ## Deltagare\nfrom deltagare show count by kåm\n")
        out = os.path.join(folder, "broken.html")
        run = subprocess.run([binary, "report", broken, "--out", out], capture_output=True, text=True)
        if run.returncode != 1 or os.path.exists(out) or "broken.finsam:2:" not in run.stderr or run.stdout:
            fail(f"a failing script: exit {run.returncode}, wrote {os.path.exists(out)}, said {run.stderr!r}")
        run = subprocess.run([binary, "report", SCRIPT, "--out", os.path.join(folder, "r.pdf")], capture_output=True, text=True)
        if run.returncode != 2 or ".html or .xlsx" not in run.stderr:
            fail(f"--out r.pdf: exit {run.returncode}, said {run.stderr!r}")

    page = open(html, encoding="utf-8").read()
    # Self-contained: nothing fetched, nothing run.
    for pattern in (r"<script", r"<link\b", r"\bsrc=", r"url\(", r"@import", r"href=\"https?:"):
        if re.search(pattern, page, re.I):
            fail(f"the page is not self-contained: it has {pattern}")

    browser = chromium()
    png = os.path.join(ARTIFACTS, "rapport_2018.png")
    start = time.monotonic()
    shot = run_chromium(browser, f"--screenshot={png}", "--window-size=1000,8400", "file://" + html)
    shot_seconds = time.monotonic() - start
    if shot.returncode != 0 or not os.path.exists(png) or open(png, "rb").read(8) != b"\x89PNG\r\n\x1a\n":
        fail("Chromium made no screenshot: " + shot.stderr.decode(errors="replace")[-500:])
    else:
        print(f"screenshot: {png} ({os.path.getsize(png) // 1024} kB, {shot_seconds:.1f} s)")
    pdf = os.path.join(ARTIFACTS, "rapport_2018.pdf")
    printed = run_chromium(browser, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + html)
    if printed.returncode != 0 or not os.path.exists(pdf):
        fail("Chromium could not print the page")
    else:
        data = open(pdf, "rb").read()
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        boxes = {tuple(round(float(v)) for v in box.split()) for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)}
        if boxes != {(0, 0, 595, 842)}:
            fail(f"the print is not A4: media boxes {boxes}")
        print(f"print: {pages} A4 pages")

    dumped = run_chromium(browser, "--dump-dom", "file://" + html)
    if dumped.returncode != 0:
        sys.exit("Chromium could not render the page: " + dumped.stderr.decode(errors="replace")[-500:])
    dom = parse_html(dumped.stdout.decode("utf-8"))
    html_node = dom.find_all("html")[0]
    if html_node.attrs.get("lang") != "sv":
        fail(f"the page's language is {html_node.attrs.get('lang')!r}, not sv")
    if "Samordningsförbundens verksamhet 2018" not in dom.find_all("h1")[0].text():
        fail("the report's title (-- # …) is not the page's heading")

    expected = reference_tables(binary)
    tables = dom.find_all("table")
    print(f"tables: {len(tables)} on the page, {len(expected)} results of the script")
    if len(tables) != len(expected):
        fail(f"the page has {len(tables)} tables, the script {len(expected)} results")
    compared = 0
    for t, (table, reference) in enumerate(zip(tables, expected), start=1):
        captions = table.find_all("caption")
        if not captions or not captions[0].text().strip():
            fail(f"table {t} has no caption")
        head = [th for th in table.find_all("thead")[0].find_all("th")]
        if any(th.attrs.get("scope") != "col" for th in head):
            fail(f"table {t}: a column header without scope=col")
        names = [th.text() for th in head]
        body = table.find_all("tbody")[0].find_all("tr")
        rows = reference["rows"]
        if len(body) != len(rows):
            fail(f"table {t}: {len(body)} rows on the page, {len(rows)} in the result")
            continue
        for row, want in zip(body, rows):
            cells = [c for c in row.children if isinstance(c, Node) and c.tag in ("th", "td")]
            if cells and cells[0].tag == "th" and cells[0].attrs.get("scope") != "row":
                fail(f"table {t}: a row header without scope=row")
            if bool(want.get("total")) != ("total" in row.attrs.get("class", "")):
                fail(f"table {t}: the total row is not marked as one")
            for name, cell in zip(names, cells):
                if name not in want:
                    fail(f"table {t}: column {name!r} is not in the result ({list(want)})")
                    continue
                value, shown = want[name], cell.text().strip()
                if isinstance(value, str):
                    if shown != value and not (value == "(saknas)" and shown == "(saknas)"):
                        fail(f"table {t}: label {shown!r}, expected {value!r}")
                elif value is None:
                    if shown not in ("..", "–"):
                        fail(f"table {t}, {name}: {shown!r} for no value")
                else:
                    got = numbers_in(shown)
                    values = value if isinstance(value, list) else [value]
                    if got is None or len(got) != len(values) or not all(close(g, v) for g, v in zip(got, values)):
                        fail(f"table {t}, {name}: the page shows {shown!r}, the result is {value}")
                compared += 1
        shown_notes = [li.text() for ul in (table.parent.parent.find_all("ul") if table.parent else []) for li in ul.find_all("li")]
        for note in reference["notes"]:
            if note.split(" (")[0] not in " ".join(shown_notes):
                fail(f"table {t}: the note {note!r} is not under it")
    print(f"cells compared with the script's results: {compared}")
    if compared < 150:
        fail(f"only {compared} cells compared")

    # Charts: an inline SVG per plot, with a title and a description that holds its values.
    plots = len(re.findall(r"\bplot\s*$", open(SCRIPT, encoding="utf-8").read(), flags=re.M))
    svgs = dom.find_all("svg")
    if len(svgs) != plots:
        fail(f"{len(svgs)} charts on the page, the script plots {plots}")
    ids = [e.attrs["id"] for e in dom.find_all("title") + dom.find_all("desc") if "id" in e.attrs]
    if len(ids) != len(set(ids)):
        fail("two charts share an id (aria-labelledby would name the wrong one)")
    for svg in svgs:
        labelled = svg.attrs.get("aria-labelledby", "").split()
        texts = {e.attrs.get("id"): e.text() for e in svg.find_all("title") + svg.find_all("desc")}
        if svg.attrs.get("role") != "img" or not all(i in texts and texts[i].strip() for i in labelled) or len(labelled) != 2:
            fail("a chart without role=img and a title and description it is labelled by")
            continue
        section = svg.parent
        while section is not None and section.tag != "section":
            section = section.parent
        table = section.find_all("table")[0]
        description = texts[labelled[1]]
        for row in table.find_all("tbody")[0].find_all("tr"):
            if "total" in row.attrs.get("class", ""):
                continue
            label = row.find_all("th")[0].text().strip()
            if label not in description:
                fail(f"the chart's description does not name {label!r}: {description[:120]}")
    print(f"charts: {len(svgs)}, each described in words")

    check_workbook(xlsx, expected)
    if failures:
        sys.exit(f"{len(failures)} failures")
    print("report: all checks passed")


def check_workbook(path, expected):
    import openpyxl
    book = openpyxl.load_workbook(path)
    sheets = book.worksheets
    if len(sheets) != len(expected) + 1:
        fail(f"the workbook has {len(sheets)} sheets, expected a contents sheet and {len(expected)} tables")
        return
    contents = [row for row in sheets[0].iter_rows(min_row=4, values_only=True)]
    if len(contents) != len(expected):
        fail(f"the contents sheet lists {len(contents)} tables")
    numbers = 0
    for sheet, reference in zip(sheets[1:], expected):
        title = sheet.cell(1, 1).value or ""
        header = [c.value for c in sheet[2]]
        if not title.startswith("Tabell"):
            fail(f"sheet {sheet.title}: no title row above the header")
        for r, want in enumerate(reference["rows"]):
            for c, name in enumerate(header):
                if name not in want:
                    continue
                value, cell = want[name], sheet.cell(3 + r, 1 + c)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    shown = cell.value
                    if "%" in cell.number_format:
                        shown = shown * 100 if isinstance(shown, (int, float)) else shown
                    if not isinstance(shown, (int, float)) or abs(shown - value) > 1e-4:
                        fail(f"sheet {sheet.title}, {name}: {cell.value!r} ({cell.number_format}), the result is {value}")
                    numbers += 1
    print(f"workbook: {len(sheets)} sheets, {numbers} number cells equal to the results")
    if shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as folder:
            # LibreOffice opens it too: every sheet converted to CSV.
            profile = "file://" + os.path.join(folder, "profile")
            run = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                                  'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
                                  "--outdir", folder, path], capture_output=True, timeout=180)
            made = [f for f in os.listdir(folder) if f.endswith(".csv")]
            if run.returncode != 0 or len(made) != len(sheets):
                fail(f"LibreOffice converted {len(made)} of {len(sheets)} sheets: {run.stderr.decode(errors='replace')[-300:]}")
            else:
                print(f"LibreOffice: opened the workbook, {len(made)} sheets")


if __name__ == "__main__":
    main()
