#!/usr/bin/env python3
"""Writes a reach CSV as an .xlsx workbook with openpyxl, as staff fill one in Excel (docs/reach-import.md).

    python3 scripts/reach-xlsx.py IN.csv OUT.xlsx [--sheet NAME] [--float-counts] [--text-dates] [--shared-strings]

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
    if "--shared-strings" in flags:
        share_strings(target)
    return 0



def share_strings(path):
    """Moves a workbook's inline strings into xl/sharedStrings.xml, as Excel stores text (openpyxl writes
    inline strings); rich-text runs are kept as runs."""
    import re
    import zipfile
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    strings, index = [], {}

    def share(match):
        attributes, body = match.group(1), match.group(2)
        if body not in index:
            index[body] = len(strings)
            strings.append(body)
        return '<c%s t="s"><v>%d</v></c>' % (attributes, index[body])

    for name in list(parts):
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            text = parts[name].decode("utf-8")
            text = re.sub(r'<c((?: (?!t=)[a-zA-Z:]+="[^"]*")*) t="inlineStr"((?: [a-zA-Z:]+="[^"]*")*)><is>(.*?)</is></c>',
                          lambda m: share(type("M", (), {"group": lambda self, i: (m.group(1) + m.group(2)) if i == 1 else m.group(3)})()),
                          text)
            parts[name] = text.encode("utf-8")
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
        % (len(strings), len(strings), "".join("<si>%s</si>" % s for s in strings))).encode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    rels = rels.replace("</Relationships>",
                        '<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts["xl/_rels/workbook.xml.rels"] = rels.encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    types = types.replace("</Types>",
                          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
