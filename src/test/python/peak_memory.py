#!/usr/bin/env python3
"""peak_memory.py CMD...: runs CMD and prints its wall time, CPU time (rusage) and the peaks of VmRSS (all
resident), RssAnon (heap + native: what must fit in RAM), RssFile (file-backed pages, e.g. a memory-mapped
attention record: reclaimable) and VmHWM, sampled from /proc/PID/status every 0.1 s (Linux). With
PEAK_PIDFILE=FILE in the environment, CMD's process id is written there (to stop a viewer by its id).

    python3 src/test/python/peak_memory.py java -Xmx4g -jar target/spacetime-lens.jar export --model M ...
"""
import os
import resource
import subprocess
import sys
import time

t0 = time.time()
p = subprocess.Popen(sys.argv[1:])
if os.environ.get("PEAK_PIDFILE"):
    with open(os.environ["PEAK_PIDFILE"], "w") as f:
        f.write(str(p.pid))
peak = {"VmRSS": 0, "RssAnon": 0, "RssFile": 0, "VmHWM": 0}
while p.poll() is None:
    try:
        with open(f"/proc/{p.pid}/status") as f:
            for line in f:
                k = line.split(":")[0]
                if k in peak:
                    peak[k] = max(peak[k], int(line.split()[1]))
    except OSError:
        pass
    time.sleep(0.1)
wall = time.time() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("peak: wall %.1f s, cpu %.1f s (user %.1f, sys %.1f), rc %d, " % (
    wall, ru.ru_utime + ru.ru_stime, ru.ru_utime, ru.ru_stime, p.returncode)
    + ", ".join("%s %.2f GB" % (k, v * 1024 / 1e9) for k, v in peak.items()), flush=True)
