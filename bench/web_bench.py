"""The web benchmark (issue 11), run through scripts/bench-web.sh.

With the reach benchmark's data (5,000,000 reach rows and 100,000 events, written by `outreach-bench reach`),
`outreach serve` (release build) answers signed-in requests for the month calendar, an event page and a
quarter's report by branch x segment, under `wrk` with the same connections and threads as it runs against
nginx serving a static file of the same size from the same machine, in the same run: requests per second,
p99 latency, and the ratios. Then 60 seconds of load on the calendar while the server's resident memory is
sampled every 5 seconds (flat memory: the last sample against the first). Before the soak, the pages that read a
campaign's or a period's records (a campaign's page, a month's scorecard and bulletin) are timed one request at a
time, ROUNDS (default 5) each.

Environment: ROWS (default 5000000), DURATION of each wrk run in seconds (default 10), CONNECTIONS (default 32),
SOAK seconds (default 60), USER_ROLE (admin or branch-staff; default admin).
"""
import http.cookiejar, json, os, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.parse, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "bench-data", "reach")
BIN = os.path.join(ROOT, ".build", "release", "outreach")
GEN = os.path.join(ROOT, ".build", "release", "outreach-bench")
ROWS = int(os.environ.get("ROWS", "5000000"))
DURATION = int(os.environ.get("DURATION", "10"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "32"))
SOAK = int(os.environ.get("SOAK", "60"))
ROLE = os.environ.get("USER_ROLE", "admin")
ROUNDS = int(os.environ.get("ROUNDS", "5"))
NOW = "2026-03-16T09:00:00+08:00"
ENV = dict(os.environ, OUTREACH_NOW=NOW, LANG="C.UTF-8", NO_COLOR="1")


def run(args, **kw):
    result = subprocess.run(args, cwd=OUT, env=ENV, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout[-1500:]}\n{result.stderr[-1500:]}")
    return result


def database():
    """The benchmark's store: the seeds, 100,000 events and ROWS reach rows, built once and kept."""
    csv_path = os.path.join(OUT, "reach.csv")
    if not os.path.exists(csv_path) or sum(1 for _ in open(csv_path, "rb")) != ROWS + 1:
        subprocess.run([GEN, "reach", "--rows", str(ROWS), "--output", OUT, "--seeds", os.path.join(ROOT, "seeds")], check=True)
    db = os.path.join(OUT, f"web-{ROWS}.sqlite")
    marker = db + ".ready"
    if not os.path.exists(marker) or os.path.getmtime(marker) < os.path.getmtime(csv_path):
        for suffix in ("", "-wal", "-shm", ".ready"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        run([BIN, "init", "--seeds", "seeds", "--database", db])
        run([BIN, "import", "campaigns", "--database", db])
        run([BIN, "reach", "import", "reach.csv", "--database", db, "--progress", "never"])
        open(marker, "w").close()
    return db


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def sign_in(base, name, password):
    """Signs in as a browser does (the CSRF cookie and field, then the form); the Cookie header to send."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"name": name, "password": password, "csrf": csrf}).encode()
    opener.open(base + "/login", data=form).read()
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "outreach_session" not in cookies:
        sys.exit(f"signing in as {name} failed: cookies {sorted(c.name for c in jar)}")
    return cookies


def fetch(base, path, cookie):
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        if response.status != 200 or response.geturl() != base + path:
            sys.exit(f"GET {path} answered {response.status} at {response.geturl()}")
        return response.read()


def wrk(url, header=None, duration=DURATION):
    """Requests per second, p99 in ms, responses not 2xx/3xx, and socket errors of one wrk run (`header` is sent
    with every request: the session's cookie or an API token)."""
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", url]
    if header:
        args[1:1] = ["-H", header]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return rate, p99_ms, int(non2xx.group(1)) if non2xx else 0, errors.group(1) if errors else ""


def stop(server, ceiling, scratch):
    """Stops the server (SIGTERM, then SIGKILL after 20 s) and nginx, and removes the scratch folder."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    if ceiling:
        ceiling.terminate()
        ceiling.wait()
    shutil.rmtree(scratch, ignore_errors=True)


def serve(db, stdout=subprocess.DEVNULL):
    """`outreach serve` on the store `db` at a free port: the process and its base URL, once it takes connections
    (after 60 s the caller finds out by its requests failing)."""
    port = free_port()
    server = subprocess.Popen([BIN, "serve", "--port", str(port), "--database", db, "--log-level", "warning"],
                              cwd=OUT, env=ENV, stdout=stdout, stderr=subprocess.DEVNULL, text=True)
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    return server, f"http://127.0.0.1:{port}"


def nginx(root, port):
    """nginx as the ceiling: one worker per core, keep-alive, serving files from `root`."""
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
    uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    default_type text/html;
    server {{ listen 127.0.0.1:{port}; root {root}/www; }}
}}
""")
    os.makedirs(os.path.join(root, "tmp"), exist_ok=True)
    process = subprocess.Popen(["nginx", "-c", conf, "-p", root], stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return process
        except OSError:
            time.sleep(0.05)
    sys.exit("nginx did not start")


def main():
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}"):
            sys.exit(f"{tool} is missing: apt-get install -y wrk nginx-light")
    db = database()
    name = f"bench-{ROLE}"
    listed = run([BIN, "user", "list", "--database", db]).stdout
    if name in listed:
        password = run([BIN, "user", "passwd", name, "--database", db]).stdout.strip().splitlines()[-1]
    else:
        extra = ["--branch", "bench-s0"] if ROLE == "branch-staff" else []
        password = run([BIN, "user", "add", name, "--role", ROLE, "--database", db] + extra).stdout.strip().splitlines()[-1]
    server, base = serve(db, stdout=subprocess.PIPE)
    scratch = tempfile.mkdtemp(prefix="outreach-web-bench-")
    ceiling = None
    try:
        cookie = sign_in(base, name, password)
        calendar = fetch(base, "/calendar", cookie)
        event = re.search(rb'href="(/events/[^"?]+)"', calendar)
        if not event:
            sys.exit("the calendar links no event")
        pages = [
            ("calendar, month", "/calendar?view=month&date=2026-03-16"),
            ("event page", event.group(1).decode()),
            ("report, quarter by branch x segment", "/reports?period=quarter&quarter=2026-Q1&by=branch,segment"),
        ]
        os.makedirs(os.path.join(scratch, "www"), exist_ok=True)
        nginx_port = free_port()
        sizes = {}
        for index, (label, path) in enumerate(pages):
            body = fetch(base, path, cookie)
            sizes[label] = len(body)
            with open(os.path.join(scratch, "www", f"page{index}.html"), "wb") as f:
                f.write(b"x" * len(body))
        ceiling = nginx(scratch, nginx_port)
        print(f"## Web pages under wrk ({CONNECTIONS} connections, 2 threads, {DURATION} s each; {ROWS:,} reach rows, "
              f"signed in as {ROLE})\n")
        print("| page | bytes | outreach req/s | p99 ms | nginx static req/s | p99 ms | outreach ÷ nginx |")
        print("|---|---|---|---|---|---|---|")
        for index, (label, path) in enumerate(pages):
            ours, ours_p99, bad, errors = wrk(base + path, f"Cookie: {cookie}")
            theirs, theirs_p99, _, _ = wrk(f"http://127.0.0.1:{nginx_port}/page{index}.html")
            note = f" ({bad} not 2xx)" if bad else ""
            print(f"| {label}{note} | {sizes[label]:,} | {ours:,.0f} | {ours_p99:.2f} | {theirs:,.0f} | {theirs_p99:.2f} | "
                  f"{ours / theirs:.2f}× |")
        # Pages that read a campaign's or a period's records: timed one request at a time (median of ROUNDS).
        campaigns = fetch(base, "/campaigns", cookie)
        campaign = re.search(rb'href="(/campaigns/[^"?]+)"', campaigns)
        if not campaign:
            sys.exit("the campaign list links no campaign")
        heavy = [
            ("campaign page", campaign.group(1).decode()),
            ("scorecard, a month", "/reports/scorecard?period=2026-03"),
            ("bulletin, a month", "/reports/bulletin?month=2026-03"),
        ]
        print(f"\n| page, one request at a time | bytes | median of {ROUNDS} | all |")
        print("|---|---|---|---|")
        for label, path in heavy:
            times, size = [], 0
            for _ in range(ROUNDS):
                start = time.perf_counter()
                size = len(fetch(base, path, cookie))
                times.append(time.perf_counter() - start)
            print(f"| {label} `{path}` | {size:,} | {sorted(times)[len(times) // 2] * 1000:.0f} ms | "
                  + ", ".join(f"{t * 1000:.0f}" for t in times) + " |")
        samples = [rss_kib(server.pid)]
        soak = subprocess.Popen(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SOAK}s", "-H", f"Cookie: {cookie}",
                                 base + pages[0][1]], stdout=subprocess.DEVNULL)
        for _ in range(SOAK // 5):
            time.sleep(5)
            samples.append(rss_kib(server.pid))
        soak.wait()
        print(f"\nResident memory of `outreach serve` during {SOAK} s on the calendar, every 5 s (MiB): "
              + ", ".join(f"{s / 1024:.0f}" for s in samples)
              + f"; last ÷ first under load: {samples[-1] / samples[1]:.2f}×")
    finally:
        stop(server, ceiling, scratch)


if __name__ == "__main__":
    main()
