#!/usr/bin/env python3
"""How gradcalc's time and memory grow with the size of the input: W1 in N, W2 in k,
W3 in S, W4 in the number of points. Each row is the whole process (like peers.py times
it), the median wall time of --runs runs, the peak RSS of the process (ru_maxrss), and the
size of what it printed.

    python3 scripts/scaling.py [--bin target/release/gradcalc] [--runs 3] [--only W1a,W2]

The inputs are benches/workloads/ (W1 N=2000, W3 S=500 and 15,000 were made there with
shared/bench/gen_workloads.py's own functions); W4's points are the first rows of
target/bench-data/w4_points.csv (scripts/bench-vs-peers.sh writes it). Standard library only.
Prints a markdown table; the figures are only comparable within one run on one machine.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WL = os.path.join(REPO, "benches", "workloads")
DATA = os.environ.get("GRADCALC_BENCH_DATA", os.path.join(REPO, "target", "bench-data"))


def text(name):
    with open(os.path.join(WL, name)) as fh:
        return fh.read().strip()


def rows():
    for n in (10, 100, 400, 2000):
        yield "W1a", f"N={n}", ["grad", text(f"w1_{n}.txt"), "--format", "plain"], None
    for n in (10, 100, 400, 2000):
        yield "W1b", f"N={n}", ["hessian", text(f"w1_{n}.txt"), "--format", "plain"], None
    for k in (4, 8, 12, 16, 20):
        yield "W2", f"k={k}", ["diff", text("w2.txt"), f"x^{k}", "--format", "plain"], None
    for s in (500, 5000, 15000, 50000):
        yield "W3", f"S={s:,}", ["grad", "-", "--format", "plain"], os.path.join(WL, f"w3_{s}.txt")
    full = os.path.join(DATA, "w4_points.csv")
    if os.path.exists(full):
        for n in (10_000, 100_000, 1_000_000):
            path = full
            if n < 1_000_000:
                path = os.path.join(DATA, f"w4_points_{n}.csv")
                if not os.path.exists(path):
                    with open(full) as src, open(path, "w") as dst:
                        for i, line in enumerate(src):
                            if i >= n:
                                break
                            dst.write(line)
            yield "W4", f"{n:,} points", ["grad", text("w4.txt"), "--vars", "x,y,z", "--points", path,
                                          "--format", "json"], None


def run_once(argv, stdin_path):
    """(wall seconds, peak RSS in MB, bytes printed). The RSS comes from GNU time (a small C
    program) when it is there: a child's ru_maxrss seen from Python also counts the Python
    image the child was forked from."""
    gnu_time = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None
    with tempfile.TemporaryFile() as out, open(stdin_path or os.devnull, "rb") as inp, \
            tempfile.NamedTemporaryFile("r") as rss_file:
        cmd = ([gnu_time, "-f", "%M", "-o", rss_file.name] if gnu_time else []) + argv
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=inp, stdout=out, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        err = p.stderr.read().decode(errors="replace")
        p.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"failed: {' '.join(argv)[:200]}\n{err[:500]}")
        size = out.tell()
        rss_kb = ru.ru_maxrss
        if gnu_time:
            lines = [ln for ln in rss_file.read().split() if ln.strip().isdigit()]
            if lines:
                rss_kb = int(lines[-1])
    return dt, rss_kb / 1024.0, size


def fmt_s(t):
    return f"{t:.2f} s" if t >= 1 else (f"{t * 1e3:.1f} ms" if t >= 0.01 else f"{t * 1e3:.2f} ms")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "gradcalc"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="", help="comma list of workloads (W1a,W1b,W2,W3,W4)")
    args = ap.parse_args()
    only = {w for w in args.only.split(",") if w}
    print("| workload | size | time (median) | peak RSS | output bytes |")
    print("|---|---|---|---|---|")
    for w, size, argv, stdin_path in rows():
        if only and w not in only:
            continue
        res = [run_once([args.bin] + argv, stdin_path) for _ in range(args.runs)]
        t = statistics.median(r[0] for r in res)
        rss = max(r[1] for r in res)
        print(f"| {w} | {size} | {fmt_s(t)} | {rss:.1f} MB | {res[0][2]:,} |", flush=True)


if __name__ == "__main__":
    main()
