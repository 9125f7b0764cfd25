#!/usr/bin/env python3
"""Times every problem of tests/critical/corpus.txt with the release binary (whole process,
best of N runs) and prints them slowest first. The goal of issue 16: each under 100 ms.

    cargo build --release && python3 scripts/critical_timing.py [N]
"""
import subprocess
import sys
import time

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
times = []
for line in open("tests/critical/corpus.txt", encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    expr, options, _ = (p.strip() for p in line.split("|"))
    args = ["target/release/gradcalc", "critical", expr]
    for o in options.split():
        if o.startswith("st:"):
            args += ["--subject-to", o[3:]]
        elif o.startswith("range:"):
            args += ["--range", o[6:]]
        elif o.startswith("vars:"):
            args += ["--vars", o[5:]]
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - t)
    times.append((best, f"{expr} {options}".strip()))
times.sort(reverse=True)
for t, name in times:
    print(f"{t * 1000:8.1f} ms  {name}")
print(f"\n{len(times)} problems; slowest {times[0][0] * 1000:.1f} ms; {sum(t > 0.1 for t, _ in times)} over 100 ms")
