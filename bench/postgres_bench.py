"""Issue 13's benchmarks on the PostgreSQL store (item 7), run through scripts/bench-postgres.sh.

PG_URL is the server (scripts/bench-postgres.sh starts a throw-away one: fsync off). PARTS=import,reports,workers
(default: all three) chooses what runs; every ratio is measured in the same run.

- import: `outreach reach import reach.csv --database postgres://…` into a copy of a database holding the 100,000
  events (`CREATE DATABASE … TEMPLATE`), against `psql -c "\\copy reach_plain FROM 'reach.csv' CSV HEADER"` into a
  plain table of five text columns on the same server, RUNS rounds interleaved, medians, peak RSS of the client
  (`/usr/bin/time -f %M`); at SMALL_ROWS (1,000,000) and ROWS (5,000,000) rows, so the growth shows. Two floors in
  the same rounds: the records the first import stored, copied back by `psql \\copy` into the store's own `reach`
  table (a fresh copy of the same database) and into a table with the same columns and only the primary key: what
  storing them costs the server alone, with nothing read, checked or counted.
- reports: `outreach report --from 2025-01-01 --to 2026-12-31 --by … --format json --database postgres://…` over
  the ROWS records, a cold process each time, ROUNDS rounds per grouping, with the OUTREACH_TIMING steps.
- workers: `outreach worker --once --concurrency CONCURRENCY` draining N notices to nginx, one process against four
  started together on the same outbox, RUNS rounds interleaved.
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(__file__))
from limits_bench import BIN, DATA, ENV, GEN, ROOT, load, steps, timed  # noqa: E402

PG_URL = os.environ["PG_URL"]
ROWS = int(os.environ.get("ROWS", "5000000"))
SMALL_ROWS = int(os.environ.get("SMALL_ROWS", "1000000"))
RUNS = int(os.environ.get("RUNS", "3"))
ROUNDS = int(os.environ.get("ROUNDS", "5"))
N = int(os.environ.get("N", "20000"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "32"))
PARTS = os.environ.get("PARTS", "import,reports,workers").split(",")
SERVER = PG_URL.rsplit("/", 1)[0]


def url(database):
    return f"{SERVER}/{database}"


def psql(sql, database="postgres"):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url(database), "-c", sql], check=True,
                   stdout=subprocess.DEVNULL)


def recreate(database, template=None):
    psql(f"DROP DATABASE IF EXISTS {database}")
    psql(f"CREATE DATABASE {database}" + (f" TEMPLATE {template}" if template else ""))


def reach_data(rows):
    """The generated folder for `rows` rows and a database holding its campaigns (the template of each run)."""
    out = os.path.join(DATA, "reach" if rows == 5_000_000 else f"reach-{rows}")
    marker = os.path.join(out, f".rows-{rows}")
    if not os.path.exists(marker):
        subprocess.run([GEN, "reach", "--rows", str(rows), "--output", out, "--seeds", os.path.join(ROOT, "seeds")],
                       check=True, stdout=subprocess.DEVNULL)
        open(marker, "w").close()
    base = f"base_{rows}"
    recreate(base)
    subprocess.run([BIN, "init", "--seeds", "seeds", "--database", url(base)], cwd=out, env=ENV, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([BIN, "import", "campaigns", "--database", url(base)], cwd=out, env=ENV, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out, base


def ours(out, base, database):
    recreate(database, base)
    psql("CHECKPOINT")
    return timed([BIN, "reach", "import", "reach.csv", "--database", url(database), "--progress", "never"], out)


def plain(out):
    recreate("plain")
    psql("CREATE TABLE reach_plain (event text, date text, metric text, count text, segment text)", "plain")
    psql("CHECKPOINT")
    return timed(["psql", "-q", url("plain"), "-c", "\\copy reach_plain FROM 'reach.csv' CSV HEADER"], out)


def records(out, database):
    """The records an import stored, in COPY text form (`records.copy`), for the floors below."""
    subprocess.run(["psql", "-q", url(database), "-c", "\\copy reach (key, count, batch, note, evidence) TO 'records.copy'"],
                   cwd=out, check=True)


def floor_keyed(out, base):
    """The same records into the store's own `reach` table (its key and its index by event), by `psql \\copy`: what the
    server alone takes to store them, with nothing read, checked or counted."""
    recreate("floor", base)
    psql("CHECKPOINT")
    return timed(["psql", "-q", url("floor"), "-c", "\\copy reach (key, count, batch, note, evidence) FROM 'records.copy'"], out)


def floor_key_only(out):
    """The same records into a table with the same columns and only its primary key."""
    recreate("floor")
    psql("CREATE TABLE reach (key bigint PRIMARY KEY, count bigint NOT NULL, batch bigint NOT NULL, note bytea, "
         "evidence bytea)", "floor")
    psql("CHECKPOINT")
    return timed(["psql", "-q", url("floor"), "-c", "\\copy reach (key, count, batch, note, evidence) FROM 'records.copy'"], out)


def import_part():
    for rows in (SMALL_ROWS, ROWS):
        out, base = reach_data(rows)
        database = f"reach_{rows}"
        results = {"outreach": [], "psql": [], "keyed": [], "key": []}
        loads = [load()]
        for round in range(RUNS):
            for name, run in (("outreach", lambda: ours(out, base, database)), ("psql", lambda: plain(out)),
                              ("keyed", lambda: floor_keyed(out, base)), ("key", lambda: floor_key_only(out))):
                seconds, peak, cpu, _ = run()
                results[name].append((seconds, peak, cpu))
                if name == "outreach" and round == 0:
                    records(out, database)
            loads.append(load())
        median = {name: statistics.median(r[0] for r in rs) for name, rs in results.items()}
        print(f"## Import of {rows:,} rows (median of {RUNS}, interleaved; {loads[0]} before, {loads[-1]} after)\n")
        print("| importer | seconds (median) | all runs | rows/s | client CPU s | client peak RSS | outreach ÷ it (rate) |")
        print("|---|---:|---|---:|---:|---:|---:|")
        names = {
            "outreach": "outreach reach import (validates every row, keeps rollups)",
            "psql": "psql \\copy into a plain table of text columns (validates nothing)",
            "keyed": "floor: psql \\copy of the stored records into `reach` itself (its key and its index by event), no checks",
            "key": "floor: psql \\copy of the stored records into a table with the key alone",
        }
        for name, rs in results.items():
            runs = ", ".join(f"{r[0]:.2f}" for r in rs)
            cpu = statistics.median(r[2] for r in rs)
            print(f"| {names[name]} | {median[name]:.2f} | {runs} | {rows / median[name]:,.0f} | {cpu:.2f} | "
                  f"{max(r[1] for r in rs) / 1024:.0f} MiB | {median[name] / median['outreach']:.2f} |")
        print()
        sys.stdout.flush()
    for database in ("plain", "floor"):
        recreate(database)
        psql(f"DROP DATABASE {database}")


def reports_part():
    database = f"reach_{ROWS}"
    exists = subprocess.run(["psql", "-Atq", url("postgres"), "-c", f"SELECT 1 FROM pg_database WHERE datname = '{database}'"],
                            capture_output=True, text=True, check=True).stdout.strip()
    out = os.path.join(DATA, "reach" if ROWS == 5_000_000 else f"reach-{ROWS}")
    if exists != "1":
        out, base = reach_data(ROWS)
        ours(out, base, database)
    psql("VACUUM ANALYZE", database)
    groupings = [["channel"], ["segment"], ["branch"], ["campaign"], ["branch", "segment"], ["campaign", "channel"]]
    env = dict(ENV, OUTREACH_TIMING="1")
    bare = statistics.median(timed([BIN, "--version"], out)[0] for _ in range(ROUNDS)) * 1000
    print(f"## Reports over {ROWS:,} records on PostgreSQL, whole command (median of {ROUNDS}; {load()})\n")
    print(f"`outreach --version` (process start-up and exit, nothing opened): {bare:.1f} ms\n")
    print("| --by | rows | JSON bytes | whole command | open store + reference | campaigns | query | render + write | "
          "rest (start-up, exit) | goal |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for by in groupings:
        args = [BIN, "report", "--from", "2025-01-01", "--to", "2026-12-31", "--by", ",".join(by), "--format", "json",
                "--database", url(database)]
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
        print(f"| {','.join(by)} | {rows:,} | {size:,} | {whole:.1f} ms | {step['open']:.1f} | {step['campaigns']:.1f} | "
              f"{step['query']:.1f} | {step['render']:.1f} | {rest:.1f} | ≤ 50 ms: {'met' if whole <= 50 else 'not met'} |")
    print()


def nginx(work):
    port = subprocess.run([sys.executable, "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); "
                           "print(s.getsockname()[1])"], capture_output=True, text=True, check=True).stdout.strip()
    os.makedirs(os.path.join(work, "nginx", "tmp"))
    conf = os.path.join(work, "nginx", "nginx.conf")
    tmp = os.path.join(work, "nginx", "tmp")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1;
pid {work}/nginx/nginx.pid;
error_log {work}/nginx/error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    keepalive_requests 10000000;
    keepalive_timeout 60s;
    client_body_buffer_size 16k;
    client_body_temp_path {tmp}; proxy_temp_path {tmp}; fastcgi_temp_path {tmp}; uwsgi_temp_path {tmp}; scgi_temp_path {tmp};
    server {{
        listen 127.0.0.1:{port};
        location / {{ default_type application/json; return 200 '{{"errcode":0,"errmsg":"ok"}}'; }}
    }}
}}
""")
    process = subprocess.Popen(["nginx", "-c", conf, "-p", os.path.join(work, "nginx")], stderr=subprocess.DEVNULL)
    for _ in range(100):
        if subprocess.run(["curl", "-s", "-o", "/dev/null", f"http://127.0.0.1:{port}/"]).returncode == 0:
            return process, f"http://127.0.0.1:{port}/hook"
        time.sleep(0.05)
    process.kill()
    sys.exit("nginx did not start")


def drain(work, env, processes):
    """Fills the outbox with N notices, then times `processes` workers started together until all have exited."""
    recreate("notices")
    subprocess.run([BIN, "init", "--database", url("notices")], cwd=work, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    subprocess.run([GEN, "notices", "--target", "bench", "--count", str(N), "--database", url("notices")], cwd=work,
                   env=env, check=True, stdout=subprocess.DEVNULL)
    psql("CHECKPOINT")
    args = [BIN, "worker", "--once", "--concurrency", str(CONCURRENCY), "--database", url("notices")]
    started = time.perf_counter()
    workers = [subprocess.Popen(args, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(processes)]
    outputs = [w.communicate() for w in workers]
    seconds = time.perf_counter() - started
    delivered = 0
    for w, (stdout, stderr) in zip(workers, outputs):
        if w.returncode != 0:
            sys.exit(f"worker failed:\n{stdout[-1000:]}\n{stderr[-2000:]}")
        delivered += sum(int(n) for n in re.findall(r"Delivered ([0-9]+) notices", stdout))
    sent = subprocess.run(["psql", "-Atq", url("notices"), "-c", "SELECT count(*) FROM outbox WHERE state = 'sent'"],
                          capture_output=True, text=True, check=True).stdout.strip()
    if int(sent) != N:
        sys.exit(f"{processes} workers: {sent} of {N} notices sent ({delivered} reported)")
    return N / seconds


def workers_part():
    work = tempfile.mkdtemp()
    receiver, hook = nginx(work)
    try:
        subprocess.run(["bash", "-c", f'. "{ROOT}/bench/notice-bench-folder.sh" "{ROOT}"'], cwd=work, check=True)
        env = dict(ENV, BENCH_HOOK=hook, OUTREACH_LANG="en")
        rates = {1: [], 4: []}
        loads = [load()]
        for _ in range(RUNS):
            for processes in (1, 4):
                rates[processes].append(drain(work, env, processes))
            loads.append(load())
        one, four = statistics.median(rates[1]), statistics.median(rates[4])
        print(f"## Notice workers on PostgreSQL to nginx ({N:,} notices, --concurrency {CONCURRENCY}, median of {RUNS}, "
              f"interleaved; {loads[0]} before, {loads[-1]} after; {os.cpu_count()} cores)\n")
        print("| workers | deliveries/s (median) | all runs |")
        print("|---|---:|---|")
        for processes, rs in rates.items():
            print(f"| {processes} | {statistics.median(rs):,.0f} | {', '.join(f'{r:,.0f}' for r in rs)} |")
        print(f"\n4 workers ÷ 1: {four / one:.2f}× (goal ≥ 2×: {'met' if four / one >= 2 else 'not met'})\n")
        psql("DROP DATABASE notices")
    finally:
        receiver.kill()
        receiver.wait()
        shutil.rmtree(work, ignore_errors=True)


def main():
    for part in PARTS:
        {"import": import_part, "reports": reports_part, "workers": workers_part}[part]()
        sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
