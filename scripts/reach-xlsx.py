#!/usr/bin/env python3
"""Writes a reach CSV as an .xlsx workbook with openpyxl, as staff fill one in Excel (docs/reach-import.md).

    python3 scripts/reach-xlsx.py IN.csv OUT.xlsx [--sheet NAME] [--float-counts] [--text-dates]

The header row and text cells are strings (shared strings, as Excel writes them); the date column holds
real dates (Excel serial numbers formatted yyyy-mm-dd, what Excel stores when a user types 2026-12-05),
unless --text-dates; counts are numbers (46, or 46.0 with --float-counts). Used by the tests, the fuzz
corpus (Fuzz/make-corpus.py) and the .xlsx benchmark (scripts/bench-reach-xlsx.sh).
"""
import csv
import datetime
import sys

try:
    import openpyxl
except ImportError as error:
    print("openpyxl is missing: pip install openpyxl (%s)" % error, file=sys.stderr)
    sys.exit(3)

DATE_HEADERS = {"date", "日期"}
COUNT_HEADERS = {"count", "value", "数量", "人数", "数值"}


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = [a for a in argv if a.startswith("--")]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    source, target = args[0], args[1]
    sheet = "Sheet1"
    for i, a in enumerate(argv):
        if a == "--sheet":
            sheet = argv[i + 1]
    workbook = openpyxl.Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    with open(source, newline="", encoding="utf-8-sig") as f:
        rows = csv.reader(f)
        header = next(rows)
        worksheet.append(header)
        kinds = [h.strip().lower() for h in header]
        for row in rows:
            out = []
            for kind, value in zip(kinds, row):
                if kind in DATE_HEADERS and "--text-dates" not in flags:
                    try:
                        day = datetime.datetime.strptime(value, "%Y-%m-%d")
                        cell = openpyxl.cell.WriteOnlyCell(worksheet, value=day)
                        cell.number_format = "yyyy-mm-dd"
                        out.append(cell)
                        continue
                    except ValueError:
                        pass
                if kind in COUNT_HEADERS and value.isdigit():
                    out.append(float(value) if "--float-counts" in flags else int(value))
                    continue
                out.append(value if value != "" else None)
            worksheet.append(out)
    workbook.save(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
