#!/usr/bin/env python3
"""Benchmark: `outreach reach import` of an .xlsx workbook against the same rows as CSV, in the same run
(BENCHMARKS.md, "Reach import from .xlsx"). Run by scripts/bench-reach-xlsx.sh.

`outreach-bench reach` writes ROWS reach rows as CSV with their campaigns; scripts/reach-xlsx.py writes the
same rows as an .xlsx (shared strings, real dates, numbers), as Excel saves one. Each file is imported RUNS
times into a copy of the same database; the figures stored are compared record by record.
"""
import os, sqlite3, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROWS = int(os.environ.get("ROWS", "100000"))
RUNS = int(os.environ.get("RUNS", "3"))
OUT = os.path.join(ROOT, "bench-data", "reach-xlsx")
BIN = os.path.join(ROOT, ".build", "release", "outreach")
GEN = os.path.join(ROOT, ".build", "release", "outreach-bench")
ENV = dict(os.environ, OUTREACH_NOW="2027-01-10T09:00:00+08:00", LANG="C.UTF-8", NO_COLOR="1")


def timed(args):
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + args, cwd=OUT, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(args), result.stderr[-2000:]))
    peak = int(result.stderr.strip().splitlines()[-1])
    return seconds, peak, result.stdout


def records(db):
    con = sqlite3.connect(db)
    table = "reach"
    rows = con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    cols = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    con.close()
    # The batch and the time it was written differ between the two imports by design.
    keep = [i for i, c in enumerate(cols) if not any(w in c for w in ("batch", "_at", "time"))]
    return [tuple(r[i] for i in keep) for r in rows]


def main():
    os.makedirs(OUT, exist_ok=True)
    subprocess.run([GEN, "reach", "--rows", str(ROWS), "--events", "10000", "--files", "20", "--output", OUT,
                    "--seeds", os.path.join(ROOT, "seeds")], check=True, stdout=subprocess.DEVNULL)
    start = time.perf_counter()
    subprocess.run(["python3", os.path.join(ROOT, "scripts", "reach-xlsx.py"), "reach.csv", "reach.xlsx", "--shared-strings"],
                   cwd=OUT, check=True)
    made = time.perf_counter() - start
    base = os.path.join(OUT, "base.sqlite")
    if os.path.exists(base):
        os.remove(base)
    subprocess.run([BIN, "init", "--seeds", "seeds", "--database", base], cwd=OUT, env=ENV, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([BIN, "import", "campaigns", "--database", base], cwd=OUT, env=ENV, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = {"csv": [], "xlsx": []}
    stored = {}
    for run in range(RUNS):
        for kind in ("csv", "xlsx"):
            db = os.path.join(OUT, f"{kind}.sqlite")
            subprocess.run(["cp", base, db], check=True)
            seconds, peak, out = timed([BIN, "reach", "import", f"reach.{kind}", "--database", db, "--progress", "never", "--lang", "en"])
            results[kind].append((seconds, peak))
            stored[kind] = records(db)
    size = {k: os.path.getsize(os.path.join(OUT, f"reach.{k}")) for k in ("csv", "xlsx")}
    csv_s = statistics.median(s for s, _ in results["csv"])
    print(f"{ROWS:,} rows, {RUNS} runs each, alternating; median seconds; openpyxl took {made:.1f} s to write the workbook")
    print()
    print("| file | size | seconds (median) | all runs | rows/s | peak memory | ÷ CSV |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for kind in ("csv", "xlsx"):
        s = statistics.median(x for x, _ in results[kind])
        runs = ", ".join(f"{x:.2f}" for x, _ in results[kind])
        peak = max(p for _, p in results[kind]) / 1024
        print(f"| reach.{kind} | {size[kind] / 1e6:.1f} MB | {s:.2f} | {runs} | {ROWS / s:,.0f} | {peak:.0f} MiB | {s / csv_s:.2f} |")
    same = stored["csv"] == stored["xlsx"] and len(stored["csv"]) > 0
    print()
    print(f"records stored: {len(stored['csv']):,} from CSV, {len(stored['xlsx']):,} from .xlsx; same figures: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
