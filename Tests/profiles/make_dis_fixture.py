#!/usr/bin/env python3
"""Writes DIS files (the layout of Västra Götaland's follow-up workbook) from rows of the
project's deltagare.csv, for the tests of `load deltagare from … as dis`.

Usage: python3 Tests/profiles/make_dis_fixture.py DELTAGARE_CSV INSATS OUT_DIR

Takes the personuppgifter rows of one insats that DIS can hold (at most one försörjning at
start and at end, as DIS records the main support; a status that says the same as the row's
avslutsorsak and sysselsättning_slut) and writes, in OUT_DIR:
  dis.xlsx        the rows in DIS's eight columns, as an Excel user keeps them (openpyxl:
                  date cells, number cells; Kön sometimes K/M, one value in odd case)
  dis-excel.csv   the same as Swedish Excel saves CSV: ';', Windows-1252, CRLF
  original.csv    the same rows as they are, in the project's format (the reference)
  original.xlsx   the same again as a workbook whose second sheet, "Rader", holds them
  forbund.txt     the förbund of the insats (the profile's parameter)
The mapping below is the reverse of the DIS profile's; both are documented in docs/profiles.md.
"""
import csv
import datetime
import os
import sys

import openpyxl

FÖRSÖRJNING = {
    "försörjningsstöd": "Försörjningsstöd", "sjukpenning": "Sjukpenning",
    "rehabiliteringspenning": "Rehabiliteringspenning", "aktivitetsersättning": "Aktivitetsersättning",
    "sjukersättning": "Sjukersättning", "a-kassa": "A-kassa", "aktivitetsstöd": "Aktivitetsstöd",
    "annan": "Annan",
}
WORK = {"arbete": "Arbete", "subventionerat arbete": "Arbete med lönesubvention",
        "eget företag": "Eget företag", "studier": "Studier"}
OTHER = {"arbetssökande": "Arbetssökande", "fortsatt rehabilitering": "Fortsatt rehabilitering",
         "sjukdom": "Sjukdom", "flytt": "Flyttat", "föräldraledighet": "Föräldraledighet",
         "avbrott": "Avbrott", "annan": "Annat"}
HEADER = ["Ålder", "Kön", "Bostadsort", "Startdatum", "Avslutsdatum",
          "Försörjning vid start", "Försörjning vid avslut", "Status vid avslut"]


def support(value, row_number):
    if value == "":
        return None, True
    items = [] if value == "ingen" else value.split(";")
    if len(items) > 1:
        return None, False
    if not items:
        return ("Ingen", "Lön", "Studiestöd (CSN)")[row_number % 3], True
    return FÖRSÖRJNING[items[0]], True


def status(row):
    reason, work = row["avslutsorsak"], row["sysselsättning_slut"]
    if row["slutdatum"] == "":
        return None, reason == "" and work == ""
    items = [] if work in ("", "ingen") else work.split(";")
    if reason == "arbete eller studier":
        return (WORK[items[0]], True) if len(items) == 1 else (None, False)
    if reason == "":
        return None, work == ""
    return OTHER[reason], work == "ingen"


def main():
    source, insats, out = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    with open(source, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames
        rows = [r for r in reader if r["insats"] == insats and r["registrering"] == "personuppgifter"]
    kept, dis = [], []
    for n, row in enumerate(rows):
        start, ok1 = support(row["försörjning_start"], n)
        end, ok2 = support(row["försörjning_slut"], n + 1)
        state, ok3 = status(row)
        if not (ok1 and ok2 and ok3):
            continue
        kön = {"kvinna": "Kvinna", "man": "Man", "": None}[row["kön"]]
        if kön and len(kept) % 7 == 3:
            kön = kön[0]  # K or M, as some files write it
        if kön and len(kept) == 5:
            kön = " kvinna " if kön.startswith("K") else " MAN "
        kept.append(row)
        dis.append([
            int(row["ålder"]) if row["ålder"] else None, kön, row["kommun"] or None,
            datetime.date.fromisoformat(row["startdatum"]),
            datetime.date.fromisoformat(row["slutdatum"]) if row["slutdatum"] else None,
            start, end, state,
        ])
    if len(kept) < 100:
        sys.exit(f"only {len(kept)} rows of insats {insats} fit DIS; choose another insats")

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Deltagare"
    sheet.append(HEADER)
    for values in dis:
        sheet.append(values)
        for cell in sheet[sheet.max_row][3:5]:
            cell.number_format = "yyyy-mm-dd"
    notes = book.create_sheet("Anteckningar")
    notes.append(["Exporterad från DIS"])
    book.save(os.path.join(out, "dis.xlsx"))

    with open(os.path.join(out, "dis-excel.csv"), "w", encoding="cp1252", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for values in dis:
            writer.writerow(["" if v is None else v.isoformat() if isinstance(v, datetime.date) else v for v in values])

    with open(os.path.join(out, "original.csv"), "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    book = openpyxl.Workbook()
    book.active.title = "Info"
    book.active.append(["Rader ur finsam generate"])
    rows_sheet = book.create_sheet("Rader")
    rows_sheet.append(fields)
    for row in kept:
        rows_sheet.append([datetime.date.fromisoformat(row[f]) if f in ("startdatum", "slutdatum") and row[f]
                           else int(row[f]) if f in ("id", "ålder") and row[f] else row[f] or None for f in fields])
    book.save(os.path.join(out, "original.xlsx"))
    with open(os.path.join(out, "forbund.txt"), "w", encoding="utf-8") as f:
        f.write(kept[0]["förbund"])
    print(f"{len(kept)} of {len(rows)} rows of insats {insats} written in the DIS layout")


if __name__ == "__main__":
    main()
