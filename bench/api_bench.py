#!/usr/bin/env python3
"""Benchmark (issue 12): the JSON API of `outreach serve` under `wrk`, beside nginx serving the same bytes.

`GET /api/v1/events` for a month (100 per page) and a quarter's report by branch x segment over ROWS reach rows
(`/api/v1/reports`), with a personal API token, each against nginx serving a static file of the same size in the
same run. The store is the one bench/web_bench.py builds (the seeds, 100,000 events, ROWS reach rows).

Environment: as bench/web_bench.py (ROWS, DURATION, CONNECTIONS); BUILD=debug uses the debug binaries (a smoke
run of the script, not numbers to quote). Target (issue 12): at least 5,000 req/s with p99 at most 20 ms.
"""
import os, shutil, sys, tempfile, urllib.request

BUILD = os.environ.get("BUILD", "release")
import web_bench as wb  # noqa: E402  (same folder)

wb.BIN = os.path.join(wb.ROOT, ".build", BUILD, "outreach")
wb.GEN = os.path.join(wb.ROOT, ".build", BUILD, "outreach-bench")


def fetch(url, token):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request) as response:
        return response.read()


def main():
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}"):
            sys.exit(f"{tool} is missing: apt-get install -y wrk nginx-light")
    db = wb.database()
    name = "bench-api"
    if name not in wb.run([wb.BIN, "user", "list", "--database", db]).stdout:
        wb.run([wb.BIN, "user", "add", name, "--role", "admin", "--database", db])
    token = wb.run([wb.BIN, "token", "create", "--user", name, "--name", "wrk", "--database", db]).stdout.strip().splitlines()[-1]
    server, base = wb.serve(db)
    scratch = tempfile.mkdtemp(prefix="outreach-api-bench-")
    ceiling = None
    try:
        paths = [
            ("events, a month, 100 per page", "/api/v1/events?from=2026-03-01&to=2026-03-31&limit=100"),
            ("report, quarter by branch x segment", "/api/v1/reports?period=quarter&quarter=2026-Q1&by=branch,segment"),
        ]
        os.makedirs(os.path.join(scratch, "www"), exist_ok=True)
        sizes = {}
        for index, (label, path) in enumerate(paths):
            body = fetch(base + path, token)
            sizes[label] = len(body)
            with open(os.path.join(scratch, "www", f"api{index}.json"), "wb") as f:
                f.write(body)
        nginx_port = wb.free_port()
        ceiling = wb.nginx(scratch, nginx_port)
        print(f"## JSON API under wrk ({wb.CONNECTIONS} connections, 2 threads, {wb.DURATION} s each; {wb.ROWS:,} reach rows, "
              f"{BUILD} build, an admin's token)\n")
        print("| request | bytes | outreach req/s | p99 ms | nginx static req/s | p99 ms | outreach ÷ nginx |")
        print("|---|---|---|---|---|---|---|")
        for index, (label, path) in enumerate(paths):
            ours, ours_p99, bad, _ = wb.wrk(base + path, "Authorization: Bearer " + token)
            theirs, theirs_p99, _, _ = wb.wrk(f"http://127.0.0.1:{nginx_port}/api{index}.json")
            note = f" ({bad} not 2xx)" if bad else ""
            print(f"| {label}{note} | {sizes[label]:,} | {ours:,.0f} | {ours_p99:.2f} | {theirs:,.0f} | {theirs_p99:.2f} | "
                  f"{ours / theirs:.2f}× |")
    finally:
        wb.stop(server, ceiling, scratch)


if __name__ == "__main__":
    main()
