"""The reach benchmark (issue 3), run through scripts/bench-reach.sh.

1. Import: `outreach reach import` of a 5,000,000-row CSV against, on the same file in the same run,
   `sqlite3 .import` into a plain table and Python's csv + sqlite3.executemany. Rows per second, the ratios,
   and peak memory.
2. Reports: `outreach report --by …` over all 5M records for many groupings (the query time reported by
   OUTREACH_TIMING and the whole command), against the same figures computed by a plain SQL GROUP BY over
   the raw rows; both must agree exactly.
"""
import csv, json, os, re, sqlite3, statistics, subprocess, sys, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "bench-data", "reach")
BIN = os.path.join(ROOT, ".build", "release", "outreach")
GEN = os.path.join(ROOT, ".build", "release", "outreach-bench")
ROWS = int(os.environ.get("ROWS", "5000000"))
RUNS = int(os.environ.get("RUNS", "1"))
ENV = dict(os.environ, OUTREACH_NOW="2027-01-10T09:00:00+08:00", LANG="C.UTF-8", NO_COLOR="1")


def timed(args, **kw):
    """Wall seconds and peak RSS (KiB) of a command, via GNU time."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + args, cwd=OUT, env=ENV, capture_output=True, text=True, **kw)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr[-2000:]}")
    peak = int(result.stderr.strip().splitlines()[-1])
    return elapsed, peak, result


def fresh(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def python_executemany(csv_path, db_path):
    fresh(db_path)
    started = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE reach_plain (event TEXT, date TEXT, metric TEXT, count INTEGER, segment TEXT)")
    with open(csv_path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        db.executemany("INSERT INTO reach_plain VALUES (?, ?, ?, ?, ?)", reader)
    db.commit()
    db.close()
    return time.perf_counter() - started


def main():
    os.makedirs(OUT, exist_ok=True)
    csv_path = os.path.join(OUT, "reach.csv")
    if not os.path.exists(csv_path) or sum(1 for _ in open(csv_path, "rb")) != ROWS + 1:
        subprocess.run([GEN, "reach", "--rows", str(ROWS), "--output", OUT, "--seeds", os.path.join(ROOT, "seeds")], check=True)
    base = os.path.join(OUT, "base.sqlite")
    fresh(base)
    subprocess.run([BIN, "init", "--seeds", "seeds", "--database", base], cwd=OUT, env=ENV, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([BIN, "import", "campaigns", "--database", base], cwd=OUT, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = os.path.join(OUT, "bench.sqlite")
    plain = os.path.join(OUT, "plain.sqlite")
    ours, ours_peak, cli, cli_peak, py = [], [], [], [], []
    for _ in range(RUNS):
        fresh(db)
        subprocess.run(["cp", base, db], check=True)
        seconds, peak, _ = timed([BIN, "reach", "import", "reach.csv", "--database", db, "--progress", "never"])
        ours.append(seconds)
        ours_peak.append(peak)
        fresh(plain)
        seconds, peak, _ = timed(["sqlite3", plain, "PRAGMA journal_mode=WAL;", ".mode csv", ".import reach.csv reach_plain"])
        cli.append(seconds)
        cli_peak.append(peak)
        py.append(python_executemany(csv_path, plain))
    ours_s, cli_s, py_s = statistics.median(ours), statistics.median(cli), statistics.median(py)
    print(f"## Import of {ROWS:,} rows (median of {RUNS})\n")
    print("| importer | seconds | rows/s | peak memory | ours ÷ it |")
    print("|---|---|---|---|---|")
    print(f"| outreach reach import (validates every row, keeps rollups) | {ours_s:.2f} | {ROWS / ours_s:,.0f} | {max(ours_peak) / 1024:.0f} MiB | 1.00 |")
    print(f"| sqlite3 .import into a plain table (validates nothing) | {cli_s:.2f} | {ROWS / cli_s:,.0f} | {max(cli_peak) / 1024:.0f} MiB | {cli_s / ours_s:.2f} |")
    print(f"| Python csv + sqlite3.executemany | {py_s:.2f} | {ROWS / py_s:,.0f} | – | {py_s / ours_s:.2f} |")
    print()
    reports(db)


def sql_groups(db_path, by, start_day, end_day):
    """The same figures by a plain GROUP BY over the raw rows: {(keys..., metric): total}."""
    con = sqlite3.connect(db_path)
    parent = dict(con.execute("SELECT id, json_extract(definition, '$.parent') FROM reference_items WHERE kind = 'branch'"))
    level = dict(con.execute("SELECT id, json_extract(definition, '$.level') FROM reference_items WHERE kind = 'branch'"))
    def sub_branch(b):
        seen = b
        while seen is not None and level.get(seen) != "sub-branch":
            seen = parent.get(seen)
        return seen or b
    columns = {
        "campaign": "c.id", "channel": "e.channel", "branch": "e.branch",
        "segment": "coalesce(s.id, '')", "day": "(r.key >> 44)", "week": "(r.key >> 44)", "month": "(r.key >> 44)",
    }
    select = [columns[d] for d in by if d != "metric"]
    query = f"""
        SELECT {', '.join(select + ['m.id', 'sum(r.count)'])}
        FROM reach r
        JOIN events e ON e.key = ((r.key >> 16) & 268435455)
        JOIN campaigns c ON c.key = e.campaign_key
        JOIN codes m ON m.kind = 'metric' AND m.code = ((r.key >> 8) & 255)
        LEFT JOIN codes s ON s.kind = 'segment' AND s.code = (r.key & 255)
        WHERE r.key >= ? AND r.key < ?
        GROUP BY {', '.join(str(i + 1) for i in range(len(select) + 1))}"""
    started = time.perf_counter()
    result = con.execute(query, (start_day << 44, (end_day + 1) << 44)).fetchall()
    elapsed = time.perf_counter() - started
    import datetime
    epoch = datetime.date(1970, 1, 1)
    totals = {}
    for row in result:
        keys = list(row[:-2])
        for i, d in enumerate([d for d in by if d != "metric"]):
            if d == "branch":
                keys[i] = sub_branch(keys[i])
            elif d in ("day", "week", "month"):
                day = epoch + datetime.timedelta(days=keys[i])
                if d == "day":
                    keys[i] = day.isoformat()
                elif d == "month":
                    keys[i] = day.strftime("%Y-%m")
                else:
                    iso = day.isocalendar()
                    keys[i] = f"{iso[0]}-W{iso[1]:02d}"
        key = tuple(keys + [row[-2]])
        totals[key] = totals.get(key, 0) + row[-1]
    return elapsed, {k: v for k, v in totals.items() if v}


def ours_groups(output, by):
    report = json.loads(output)
    dims = [d for d in by if d != "metric"]
    totals = {}
    for row in report["rows"]:
        for metric, value in row["values"].items():
            if value:
                totals[tuple([row[d] for d in dims] + [metric])] = value
    return totals


def reports(db):
    groupings = [
        ["channel"], ["segment"], ["branch"], ["campaign"], ["metric"], ["month"], ["week"], ["day"],
        ["branch", "segment"], ["channel", "month"], ["campaign", "channel"], ["segment", "week"],
        ["branch", "day"], ["channel", "segment", "day"], ["campaign", "channel", "branch", "segment"],
        ["branch", "segment", "day"], ["campaign", "channel", "branch", "week"],
    ]
    start, end = "2025-01-01", "2026-12-31"
    import datetime
    start_day = (datetime.date.fromisoformat(start) - datetime.date(1970, 1, 1)).days
    end_day = (datetime.date.fromisoformat(end) - datetime.date(1970, 1, 1)).days
    print(f"## Reports over all records ({start} to {end})\n")
    print("| --by | rows | query (OUTREACH_TIMING) | whole command | plain SQL GROUP BY | SQL ÷ query | same figures |")
    print("|---|---|---|---|---|---|---|")
    env = dict(ENV, OUTREACH_TIMING="1")
    for by in groupings:
        args = [BIN, "report", "--from", start, "--to", end, "--by", ",".join(by), "--format", "json", "--database", db]
        started = time.perf_counter()
        result = subprocess.run(args, cwd=OUT, env=env, capture_output=True, text=True, check=True)
        whole = time.perf_counter() - started
        query_ms = float(re.search(r"query ([0-9.]+) ms", result.stderr).group(1))
        sql_seconds, expected = sql_groups(db, by, start_day, end_day)
        found = ours_groups(result.stdout, by)
        same = "yes" if found == expected else f"NO ({len(found)} vs {len(expected)})"
        rows = len(json.loads(result.stdout)["rows"])
        print(f"| {','.join(by)} | {rows:,} | {query_ms:.0f} ms | {whole * 1000:.0f} ms | {sql_seconds * 1000:.0f} ms | {sql_seconds * 1000 / max(query_ms, 0.1):.0f}× | {same} |")


if __name__ == "__main__":
    sys.exit(main())
