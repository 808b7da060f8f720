#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/Corpus/<target>/ from the shipped files (campaigns/, seeds/,
targets/, samples/, outreach.example.yaml, the default notice templates). Run from the repository root;
scripts/fuzz.sh does when a corpus folder is missing. Findings are added to the same folders by hand."""
import glob, hashlib, os, re

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = f"Fuzz/Corpus/{target}"
    os.makedirs(folder, exist_ok=True)
    with open(f"{folder}/seed-{hashlib.sha1(data).hexdigest()[:12]}", "wb") as f:
        f.write(data)

def read(path):
    with open(path, "rb") as f:
        return f.read()

campaigns = sorted(glob.glob("campaigns/*.yaml"))
seeds = sorted(glob.glob("seeds/*.yaml") + glob.glob("seeds/*/*.yaml"))
for path in campaigns + seeds + ["targets/2027.yaml", "outreach.example.yaml"]:
    put("yaml", read(path))
for path in campaigns:
    put("campaign", read(path))
put("targets", read("targets/2027.yaml"))
put("notify", read("outreach.example.yaml"))

# SeedsTarget: the first byte picks the file (SeedDecoder.fileNames, then holidays/2027, populations/2027).
names = ["organisation.yaml", "venues.yaml", "channels.yaml", "metrics.yaml", "segments.yaml",
         "campaign-kinds.yaml", "school-terms.yaml", "holidays/2027.yaml", "populations/2027.yaml"]
for index, name in enumerate(names):
    source = {"holidays/2027.yaml": "seeds/holidays/2026.yaml"}.get(name, "seeds/" + name)
    put("seeds", bytes([index]) + read(source))

for path in sorted(glob.glob("samples/*.csv")):
    data = read(path)
    put("reach", data)
    if b"\xef\xbb\xbf" not in data[:3]:
        put("reach", b"\xef\xbb\xbf" + data)
    put("reach", data.replace(b",", b"\t"))

# RecurrenceTarget: two bytes for the start and the limit, then the rule.
rules = set()
for path in campaigns:
    rules.update(re.findall(rb"repeat:\s*(\S+)", read(path)))
rules.update([b"FREQ=MONTHLY;BYDAY=2SA;COUNT=6", b"FREQ=MONTHLY;BYMONTHDAY=15,-1;UNTIL=20271231T235900",
              b"FREQ=YEARLY;INTERVAL=2", b"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR"])
for rule in sorted(rules):
    put("recurrence", b"\x7f\x40" + rule)

# TemplateTarget: the default templates.
text = read("Sources/OutreachCore/Notifications/Templates/DefaultTemplates.swift").decode()
for block in re.findall(r'"""\n(.*?)"""', text, re.S):
    put("template", "\n".join(line.strip() for line in block.splitlines()))
put("template", "{{#items}}- {{name}} {{.}}\n{{/items}}{{^none}}无{{/none}}{{{title}}}")

# DeliveryTarget: platform byte, status (two bytes), headers, blank line, body.
kinds = ["wecom", "dingtalk", "feishu", "lark", "slack", "teams", "webhook"]
replies = {
    "wecom": [b'{"errcode":0,"errmsg":"ok"}', b'{"errcode":45009,"errmsg":"api freq out of limit"}',
              b'{"errcode":93000,"errmsg":"invalid webhook url, key SECRET"}'],
    "dingtalk": [b'{"errcode":0,"errmsg":"ok"}', b'{"errcode":130101,"errmsg":"send too fast"}',
                 b'{"errcode":310000,"errmsg":"sign not match"}'],
    "feishu": [b'{"code":0,"msg":"success"}', b'{"code":11232,"msg":"frequency limited"}',
               b'{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}'],
    "lark": [b'{"StatusCode":0,"StatusMessage":"success"}', b'{"code":9499,"msg":"Bad Request"}'],
    "slack": [b"ok", b"invalid_token", b"channel_is_archived", b"rate_limited"],
    "teams": [b"1", b"Microsoft Teams endpoint returned HTTP error 429", b""],
    "webhook": [b"", b'{"ok":true}', b"<html>502 Bad Gateway</html>"],
}
for index, kind in enumerate(kinds):
    for status in (200, 400, 429, 500):
        for body in replies[kind]:
            headers = b"Content-Type: application/json\nRetry-After: 30\n\n"
            put("delivery", bytes([index, status >> 8, status & 0xFF]) + headers + body)

for text in ["2027-03-15", "2027-3-15", "20270315", "14:30", "9:05", "2027-03-15 14:30", "2027-03-15T14:30",
             "2027-03-15T06:30:00Z", "2028-02-29", "0001-01-01", "9999-12-31 23:59"]:
    put("dates", text)

# xlsx: first byte even, a whole workbook made by openpyxl (scripts/reach-xlsx.py: inline strings; shared
# strings; float counts; text dates); odd, the first sheet's XML alone (XLSXTarget stores it in a workbook).
import subprocess, tempfile, zipfile
with tempfile.TemporaryDirectory() as folder:
    variants = [[], ["--shared-strings"], ["--float-counts", "--sheet", "触达记录"], ["--text-dates", "--shared-strings"]]
    for index, flags in enumerate(variants):
        target = f"{folder}/w{index}.xlsx"
        subprocess.run(["python3", "scripts/reach-xlsx.py", "samples/reach-2026-11.csv", target] + flags, check=True)
        data = read(target)
        put("xlsx", b"\x00" + data)
        with zipfile.ZipFile(target) as z:
            put("xlsx", b"\x01" + z.read("xl/worksheets/sheet1.xml"))
put("xlsx", b"\x01" + ('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row><row r="2"><c r="A2" t="s"><v>5</v></c>'
    '<c r="B2" s="2"><v>46352</v></c><c r="C2" t="s"><v>4</v></c><c r="D2"><v>46.0</v></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>hh-yangguang-talk-20261126</t></is></c><c r="B3" t="str"><v>2026-11-26</v></c>'
    '<c r="C3" t="inlineStr"><is><r><t>参与</t></r><r><t>&#x4EBA;数</t></r></is></c><c r="D3" t="n"><v>4.6E1</v></c></row>'
    '<row r="5"><c r="A5" t="b"><v>1</v></c><c r="B5" t="e"><v>#N/A</v></c><c r="D5"><v>1.10101199001012E+17</v></c></row>'
    '</sheetData></worksheet>').encode())
