"""Times `outreach import` of 1,000 campaign files (100,000 events) and `outreach plan` over a year.

Run through scripts/bench-schedule.sh. Prints medians and their ratio to the limits of the issue."""
import os, shutil, statistics, subprocess, sys, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "bench-data", "schedule")
BIN = os.path.join(ROOT, ".build", "release", "outreach")
GEN = os.path.join(ROOT, ".build", "release", "outreach-bench")
RUNS = int(os.environ.get("RUNS", "3"))
PLANS = int(os.environ.get("PLANS", "3"))
ENV = dict(os.environ, OUTREACH_NOW="2026-01-01T09:00:00+08:00", LANG="C.UTF-8", NO_COLOR="1")


def run(args, out=subprocess.DEVNULL):
    started = time.perf_counter()
    subprocess.run(args, cwd=OUT, env=ENV, stdout=out, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main():
    if not os.path.exists(os.path.join(OUT, "campaigns", "bench-999.yaml")):
        subprocess.run([GEN, "campaigns", "--output", OUT, "--seeds", os.path.join(ROOT, "seeds")], check=True)
    db = os.path.join(OUT, "bench.sqlite")
    imports, plans, tables = [], [], []
    for _ in range(RUNS):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        run([BIN, "init", "--seeds", "seeds", "--database", db])
        imports.append(run([BIN, "import", "campaigns", "--database", db]))
        # The import's pages reach the disk before the plans are timed (the kernel's write-back would
        # otherwise run during the first plans); plans are then timed in turns, JSON and table.
        os.sync()
        for _ in range(PLANS):
            plans.append(run([BIN, "plan", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json", "--database", db]))
            tables.append(run([BIN, "plan", "--from", "2026-01-01", "--to", "2026-12-31", "--database", db]))
    rows = [
        ("validate + import 1,000 files / 100,000 events", statistics.median(imports), 5.0),
        ("plan a year, JSON (107,000 occurrences)", statistics.median(plans), 0.5),
        ("plan a year, table", statistics.median(tables), 0.5),
    ]
    print(f"| step | median (imports: {RUNS}, plans: {RUNS * PLANS}) | limit | ratio to limit |")
    print("|---|---|---|---|")
    for name, seconds, limit in rows:
        print(f"| {name} | {seconds:.2f} s | {limit} s | {seconds / limit:.2f} |")


if __name__ == "__main__":
    sys.exit(main())
