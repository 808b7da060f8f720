"""Apprise, the peer of the notice benchmarks: COUNT posts of a body of BODY_BYTES to URL through its Python API
(json://). Prints "sent=N seconds=S cpu_seconds=C".

Usage: python3 bench/apprise_bench.py URL COUNT BODY_BYTES   (scripts/bench-notices.sh, scripts/bench-notices-limit.sh)
"""
import resource
import sys
import time

import apprise

url, count, body_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
a = apprise.Apprise()
a.add(url.replace("http://", "json://"))
text = "a" * max(1, body_bytes - 60)
cpu0 = resource.getrusage(resource.RUSAGE_SELF)
t0 = time.perf_counter()
ok = sum(1 for _ in range(count) if a.notify(title="reminder", body=text))
t1 = time.perf_counter()
cpu1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
print(f"sent={ok} seconds={t1 - t0:.4f} cpu_seconds={cpu:.4f}")
