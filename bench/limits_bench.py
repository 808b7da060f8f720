"""Issue 14's benchmarks against the limits (all but notices), run through scripts/bench-limits.sh.

PARTS=import,large,reports,plan (default: all four) chooses what runs; every ratio is measured in the same run.

- import: `outreach reach import` of the ROWS-row reach CSV against, on the same file, `sqlite3 .import` into a
  plain table and bench/reach_import_limit.c (one prepared statement, one transaction: `plain` into text columns
  as `sqlite3 .import` stores them, `keyed` into outreach's own `reach` table shape). RUNS rounds, interleaved;
  medians; peak RSS of each (`/usr/bin/time -f %M`).
- large: the same import of a LARGE_ROWS-row file (20,000,000 by default), LARGE_RUNS times, for peak RSS.
- reports: `outreach report --from 2025-01-01 --to 2026-12-31 --by … --format json` over the imported records as
  a user runs it (a cold process each time, start-up included), ROUNDS rounds per grouping; with
  OUTREACH_TIMING=1 the command says how long each step took, so the time before the query is measured too.
- plan: `outreach plan --from 2026-01-01 --to 2026-12-31 --format json` over the schedule benchmark's 100,000
  events (bench/schedule_bench.py's data), ROUNDS rounds, with its OUTREACH_TIMING steps.
"""
import os, re, statistics, subprocess, sys, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DATA = os.path.join(ROOT, "bench-data")
BIN = os.path.join(ROOT, ".build", "release", "outreach")
GEN = os.path.join(ROOT, ".build", "release", "outreach-bench")
LIMIT = os.path.join(ROOT, ".build", "release", "reach_import_limit")
ROWS = int(os.environ.get("ROWS", "5000000"))
LARGE_ROWS = int(os.environ.get("LARGE_ROWS", "20000000"))
RUNS = int(os.environ.get("RUNS", "3"))
LARGE_RUNS = int(os.environ.get("LARGE_RUNS", "1"))
ROUNDS = int(os.environ.get("ROUNDS", "5"))
PARTS = os.environ.get("PARTS", "import,large,reports,plan").split(",")
ENV = dict(os.environ, OUTREACH_NOW="2027-01-10T09:00:00+08:00", LANG="C.UTF-8", NO_COLOR="1")
ENV.pop("OUTREACH_TIMING", None)


def load():
    return "load average " + " ".join(open("/proc/loadavg").read().split()[:3])


def fresh(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def timed(args, cwd, env=ENV, stdout=subprocess.PIPE):
    """Wall seconds, peak RSS (KiB), CPU seconds and the result of a command, via GNU time."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M %U %S"] + args, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr[-2000:]}")
    peak, user, system = result.stderr.strip().splitlines()[-1].split()
    return elapsed, int(peak), float(user) + float(system), result


def reach_data(rows, folder):
    out = os.path.join(DATA, folder)
    csv_path = os.path.join(out, "reach.csv")
    marker = os.path.join(out, f".rows-{rows}")
    if not os.path.exists(marker):
        subprocess.run([GEN, "reach", "--rows", str(rows), "--output", out, "--seeds", os.path.join(ROOT, "seeds")], check=True)
        open(marker, "w").close()
    base = os.path.join(out, "base.sqlite")
    if not os.path.exists(base + ".ready"):
        fresh(base)
        subprocess.run([BIN, "init", "--seeds", "seeds", "--database", base], cwd=out, env=ENV, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([BIN, "import", "campaigns", "--database", base], cwd=out, env=ENV, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        open(base + ".ready", "w").close()
    return out, csv_path, base


def ours(out, base, db):
    fresh(db)
    subprocess.run(["cp", base, db], check=True)
    os.sync()
    return timed([BIN, "reach", "import", "reach.csv", "--database", db, "--progress", "never"], out)


def import_part():
    out, csv_path, base = reach_data(ROWS, "reach")
    db = os.path.join(out, "bench.sqlite")
    plain = os.path.join(out, "plain.sqlite")
    importers = {
        "outreach": lambda: ours(out, base, db),
        "sqlite3": lambda: (fresh(plain), os.sync(), timed(["sqlite3", plain, "PRAGMA journal_mode=WAL;", ".mode csv", ".import reach.csv reach_plain"], out))[-1],
        "c-plain": lambda: (fresh(plain), os.sync(), timed([LIMIT, "plain", "reach.csv", plain], out))[-1],
        "c-keyed": lambda: (fresh(plain), os.sync(), timed([LIMIT, "keyed", "reach.csv", plain], out))[-1],
    }
    results = {name: [] for name in importers}
    loads = [load()]
    for _ in range(RUNS):
        for name, run in importers.items():
            seconds, peak, cpu, _ = run()
            results[name].append((seconds, peak, cpu))
        loads.append(load())
    fresh(plain)
    median = {name: statistics.median(r[0] for r in rs) for name, rs in results.items()}
    print(f"## Import of {ROWS:,} rows (median of {RUNS}, interleaved; {loads[0]} before, {loads[-1]} after)\n")
    print("| importer | seconds (median) | all runs | rows/s | CPU s | peak RSS | outreach ÷ it (rate) |")
    print("|---|---:|---|---:|---:|---:|---:|")
    names = {
        "outreach": "outreach reach import (validates every row, keeps rollups)",
        "sqlite3": "sqlite3 .import into a plain table (validates nothing)",
        "c-plain": "C limit, plain: one prepared INSERT, one transaction, text columns",
        "c-keyed": "C limit, keyed: the same into outreach's `reach` table shape (one integer key)",
    }
    for name, rs in results.items():
        runs = ", ".join(f"{r[0]:.2f}" for r in rs)
        cpu = statistics.median(r[2] for r in rs)
        print(f"| {names[name]} | {median[name]:.2f} | {runs} | {ROWS / median[name]:,.0f} | {cpu:.2f} | "
              f"{max(r[1] for r in rs) / 1024:.0f} MiB | {median[name] / median['outreach']:.2f} |")
    print()


def large_part():
    out, _, base = reach_data(LARGE_ROWS, f"reach-{LARGE_ROWS // 1_000_000}m")
    db = os.path.join(out, "bench.sqlite")
    print(f"## Import of {LARGE_ROWS:,} rows, peak memory ({load()})\n")
    print("| importer | seconds | rows/s | peak RSS |")
    print("|---|---:|---:|---:|")
    for _ in range(LARGE_RUNS):
        seconds, peak, _, _ = ours(out, base, db)
        print(f"| outreach reach import | {seconds:.2f} | {LARGE_ROWS / seconds:,.0f} | {peak / 1024:.0f} MiB |")
        fresh(db)
    plain = os.path.join(out, "plain.sqlite")
    fresh(plain)
    seconds, peak, _, _ = timed([LIMIT, "keyed", "reach.csv", plain], out)
    print(f"| C limit, keyed | {seconds:.2f} | {LARGE_ROWS / seconds:,.0f} | {peak / 1024:.0f} MiB |")
    fresh(plain)
    print()


def steps(stderr):
    """The OUTREACH_TIMING steps a command printed: {name: ms}."""
    found = {}
    for line in stderr.splitlines():
        for name, ms in re.findall(r"([a-z][a-z +]*?) ([0-9.]+) ms", line):
            found.setdefault(name.strip(), float(ms))
    return found


def reports_part():
    out = os.path.join(DATA, "reach")
    db = os.path.join(out, "bench.sqlite")
    if not os.path.exists(db):
        _, _, base = reach_data(ROWS, "reach")
        ours(out, base, db)
    groupings = [
        ["channel"], ["segment"], ["branch"], ["campaign"], ["day"],
        ["branch", "segment"], ["campaign", "channel"], ["branch", "day"],
        ["channel", "segment", "day"], ["branch", "segment", "day"], ["campaign", "channel", "branch"],
        ["campaign", "channel", "branch", "week"],
    ]
    env = dict(ENV, OUTREACH_TIMING="1")
    # The process alone: the cheapest command that opens nothing (argument parsing, start-up, exit).
    bare = statistics.median(timed([BIN, "--version"], out)[0] for _ in range(ROUNDS)) * 1000
    print(f"## Reports over {ROWS:,} records, whole command (median of {ROUNDS}; {load()})\n")
    print(f"`outreach --version` (process start-up and exit, nothing opened): {bare:.1f} ms\n")
    print("| --by | rows | JSON bytes | whole command | open store + reference | campaigns | query | render + write | "
          "rest (start-up, exit) | goal | MB/s of JSON |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for by in groupings:
        args = [BIN, "report", "--from", "2025-01-01", "--to", "2026-12-31", "--by", ",".join(by), "--format", "json", "--database", db]
        wholes, parts = [], []
        size = rows = 0
        for _ in range(ROUNDS):
            started = time.perf_counter()
            result = subprocess.run(args, cwd=out, env=env, capture_output=True)
            wholes.append((time.perf_counter() - started) * 1000)
            if result.returncode != 0:
                sys.exit(result.stderr.decode()[-2000:])
            parts.append(steps(result.stderr.decode()))
            size = len(result.stdout)
            rows = int(re.search(rb"([0-9]+) rows", result.stderr).group(1))
        whole = statistics.median(wholes)
        step = {k: statistics.median(p.get(k, 0.0) for p in parts) for k in ("open", "campaigns", "query", "render")}
        rest = whole - sum(step.values())
        if rows <= 10_000:
            goal = f"≤ 50 ms: {'met' if whole <= 50 else 'not met'}"
            rate = ""
        else:
            rate_value = size / 1e6 / (whole / 1000)
            goal = f"≥ 100 MB/s: {'met' if rate_value >= 100 else 'not met'}"
            rate = f"{rate_value:.0f}"
        print(f"| {','.join(by)} | {rows:,} | {size:,} | {whole:.1f} ms | {step['open']:.1f} | {step['campaigns']:.1f} | "
              f"{step['query']:.1f} | {step['render']:.1f} | {rest:.1f} | {goal} | {rate} |")
    print()


def plan_part():
    out = os.path.join(DATA, "schedule")
    if not os.path.exists(os.path.join(out, "campaigns", "bench-999.yaml")):
        subprocess.run([GEN, "campaigns", "--output", out, "--seeds", os.path.join(ROOT, "seeds")], check=True)
    db = os.path.join(out, "bench.sqlite")
    if not os.path.exists(db + ".ready"):
        fresh(db)
        subprocess.run([BIN, "init", "--seeds", "seeds", "--database", db], cwd=out, env=ENV, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([BIN, "import", "campaigns", "--database", db], cwd=out, env=ENV, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        open(db + ".ready", "w").close()
        os.sync()
    env = dict(ENV, OUTREACH_NOW="2026-01-01T09:00:00+08:00", OUTREACH_TIMING="1")
    print(f"## plan a year as JSON, 100,000 events (median of {ROUNDS}; {load()})\n")
    print("| format | bytes | whole command | steps (OUTREACH_TIMING, medians) | goal |")
    print("|---|---:|---:|---|---|")
    for fmt in ("json", "table"):
        args = [BIN, "plan", "--from", "2026-01-01", "--to", "2026-12-31", "--format", fmt, "--database", db]
        size = len(subprocess.run(args, cwd=out, env=ENV, capture_output=True, check=True).stdout)
        wholes, parts = [], []
        for _ in range(ROUNDS):
            # Written to /dev/null, as bench/schedule_bench.py does (the disk's write-back is not the command's).
            seconds, _, _, result = timed(args, out, env, stdout=subprocess.DEVNULL)
            wholes.append(seconds)
            parts.append(steps(result.stderr))
        names = list(parts[0])
        summary = ", ".join(f"{n} {statistics.median(p.get(n, 0.0) for p in parts):.0f} ms" for n in names)
        whole = statistics.median(wholes)
        print(f"| {fmt} | {size:,} | {whole:.3f} s | {summary} | ≤ 0.5 s: {'met' if whole <= 0.5 else 'not met'} ({whole / 0.5:.2f}) |")
    print()


def main():
    for part in PARTS:
        {"import": import_part, "large": large_part, "reports": reports_part, "plan": plan_part}[part]()
        sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
