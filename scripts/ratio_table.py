#!/usr/bin/env python3
"""Ratio table of gradcalc against its peers, from the JSON lines of peers.py.

    python3 scripts/ratio_table.py target/bench/run-XXXX.jsonl [more.jsonl ...] [--strict]

For every (workload, param) in the lines: gradcalc's median, each peer's median with the
ratio gradcalc/peer (below 1: gradcalc is faster), the best (fastest) peer, and gradcalc's
goal where there is one (met / NOT met). Several lines of the same (workload, param, peer),
e.g. from several files, are pooled: the median of all their timings.

--strict: exit 1 when a goal in the table is not met (a gradcalc line that failed or timed out
counts as not met; a row without any gradcalc line is "not measured" and does not count).
Uses the standard library only.
"""

import json
import re
import statistics
import sys

# The order peers.py uses; anything else goes after, sorted.
WORKLOAD_ORDER = ["W1a", "W1b", "W2", "W3", "W4", "W5", "W6"]
PARAM_ORDER = {"W1a": ["10", "100", "400"], "W1b": ["10", "100", "400"], "W2": ["4", "8", "12"],
               "W3": ["5000", "50000"], "W4": ["eval", "e2e"], "W5": ["cli"], "W6": ["100"]}
PEER_ORDER = ["sympy", "sympy-jac", "symengine", "symbolica", "numpy", "jax", "maxima", "python3-noop"]
NOT_A_PEER = {"python3-noop"}  # shown for reference, never the "best peer"

# gradcalc's goals: (workload, param) -> (max seconds, max output_chars or None)
GOALS = {
    ("W1a", "400"): (0.066, None),
    ("W1b", "400"): (0.17, None),
    ("W2", "12"): (0.0071, 4788),
    ("W3", "50000"): (0.9, None),
    ("W4", "eval"): (0.14, None),
    ("W4", "e2e"): (0.9, None),
    ("W5", "cli"): (0.005, None),
}


def fmt_s(t):
    if t is None:
        return "?"
    if t >= 1:
        return f"{t:.2f} s"
    if t >= 0.01:
        return f"{t * 1000:.1f} ms"
    return f"{t * 1000:.2f} ms"


def fmt_ratio(r):
    if r >= 100:
        return f"{r:.0f}x"
    return f"{r:.3g}x"


def load(paths):
    recs = []
    for path in paths:
        with open(path) as fh:
            for n, line in enumerate(fh, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    rec = json.loads(line)
                except ValueError:
                    print(f"warning: {path}:{n}: not JSON, skipped", file=sys.stderr)
                    continue
                if not isinstance(rec, dict) or not {"peer", "workload", "param"} <= rec.keys():
                    print(f"warning: {path}:{n}: not a peers.py line, skipped", file=sys.stderr)
                    continue
                recs.append(rec)
    return recs


def pool(recs):
    """(workload, param, peer) -> one record; ok lines pooled (median of all timings)."""
    groups = {}
    for r in recs:
        groups.setdefault((r["workload"], str(r["param"]), r["peer"]), []).append(r)
    out = {}
    for key, rs in groups.items():
        ok = [r for r in rs if r.get("status") == "ok" and r.get("seconds_median") is not None]
        if not ok:
            out[key] = dict(rs[-1])
            continue
        rec = dict(ok[-1])
        secs = [s for r in ok for s in (r.get("seconds_all") or [r["seconds_median"]])]
        rec["seconds_median"] = statistics.median(secs)
        rec["runs"] = len(secs)
        out[key] = rec
    return out


def timeout_bound(rec):
    """Seconds a timed-out peer took at least, from peers.py's note (None if unknown)."""
    m = re.search(r"([0-9.]+) s timeout", rec.get("note") or "")
    return float(m.group(1)) if m else None


def order_key(workload, param):
    w = WORKLOAD_ORDER.index(workload) if workload in WORKLOAD_ORDER else len(WORKLOAD_ORDER)
    ps = PARAM_ORDER.get(workload, [])
    p = ps.index(param) if param in ps else len(ps)
    return (w, workload, p, int(param) if param.isdigit() else 0, param)


def secs_of(rec):
    if rec and rec.get("status") == "ok":
        return rec.get("seconds_median")
    return None


def goal_text(goal):
    t, chars = goal
    s = f"<= {fmt_s(t)}"
    if chars is not None:
        s += f", <= {chars:,} chars"
    return s


# W4 e2e prints 3 partials for each of the 10^6 points: fewer characters than this is no answer.
W4_MIN_CHARS = 3_000_000


def goal_verdict(goal, gc, key):
    """(met: bool, text)"""
    t_max, chars_max = goal
    t = secs_of(gc)
    if t is None:
        return False, f"NOT met (gradcalc: {gc.get('status', '?')})"
    if gc.get("output_chars") == 0:
        return False, f"NOT met ({fmt_s(t)} but printed nothing)"
    if key == ("W4", "e2e") and (gc.get("output_chars") or 0) < W4_MIN_CHARS:
        return False, f"NOT met ({fmt_s(t)} but only {gc.get('output_chars') or 0:,} chars for 10^6 points)"
    ok_t = t <= t_max
    parts = [fmt_s(t)]
    ok_c = True
    if chars_max is not None:
        c = gc.get("output_chars")
        ok_c = c is not None and c <= chars_max
        parts.append(f"{c:,} chars" if c is not None else "chars ?")
    met = ok_t and ok_c
    return met, ("met" if met else "NOT met") + " (" + ", ".join(parts) + ")"


def main(argv):
    strict = "--strict" in argv
    paths = [a for a in argv if a != "--strict"]
    if not paths or any(a in ("-h", "--help") for a in paths):
        print(__doc__.strip())
        return 0 if paths else 2
    by = pool(load(paths))
    if not by:
        print("no peers.py lines in " + ", ".join(paths), file=sys.stderr)
        return 2

    present = {k[2] for k in by}
    peers = [p for p in PEER_ORDER if p in present] + sorted(present - set(PEER_ORDER) - {"gradcalc"})
    rows = sorted({(w, prm) for (w, prm, _) in by}, key=lambda k: order_key(*k))

    head = ["workload", "param", "gradcalc"] + [f"{p} (gc/peer)" for p in peers] + ["best peer", "gc/best", "goal", "verdict"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    met_n = goal_n = 0
    problems = []
    for w, prm in rows:
        gc = by.get((w, prm, "gradcalc"))
        t_gc = secs_of(gc)
        if gc is None:
            gc_cell = "—"
        elif t_gc is None:
            gc_cell = gc.get("status", "?")
            problems.append((w, prm, gc))
        else:
            gc_cell = fmt_s(t_gc) + (f" [{gc['runs']} run]" if gc.get("runs", 0) < 3 else "")
            if gc.get("output_chars") == 0:
                gc_cell += " (no output!)"
        cells = []
        best = None
        for p in peers:
            r = by.get((w, prm, p))
            if r is None:
                cells.append("")
                continue
            t = secs_of(r)
            if t is None:
                st = r.get("status", "?")
                bound = timeout_bound(r) if st == "timeout" else None
                if st == "timeout" and bound and t_gc is not None:
                    cells.append(f"timeout >{bound:g} s (<{fmt_ratio(t_gc / bound)})")
                else:
                    cells.append({"unsupported": "n/a"}.get(st, st))
                continue
            cell = fmt_s(t)
            if t_gc is not None and t > 0:
                cell += f" ({fmt_ratio(t_gc / t)})"
            cells.append(cell)
            if p not in NOT_A_PEER and (best is None or t < best[1]):
                best = (p, t)
        best_cell = f"{best[0]} {fmt_s(best[1])}" if best else "—"
        ratio_best = fmt_ratio(t_gc / best[1]) if best and t_gc is not None and best[1] > 0 else "—"
        goal = GOALS.get((w, prm))
        if goal and gc is None:
            goal_cell, verdict = goal_text(goal), "not measured"
        elif goal:
            goal_n += 1
            met, verdict = goal_verdict(goal, gc, (w, prm))
            met_n += met
            goal_cell = goal_text(goal)
        else:
            goal_cell = verdict = ""
        print("| " + " | ".join([w, prm, gc_cell] + cells + [best_cell, ratio_best, goal_cell, verdict]) + " |")

    print()
    print("gc/peer = gradcalc median / peer median for the same (workload, param): below 1x gradcalc is faster.")
    print("gradcalc is timed as a whole process; library peers exclude their import (W5: whole process for all).")
    print("W2's output_chars for gradcalc is its whole stdout, including any final newline.")
    if any(w == "W4" for w, _ in rows):
        print("W4: e2e is whole-process for gradcalc (--points: f64 tape, JSON of plain numbers); W4 eval for")
        print("    gradcalc is in-process (cargo bench --bench workloads -- --jsonl W4): the tape over the 10^6")
        print("    points in memory, like the peers' eval; its line's note gives the threads and the 1-thread figure.")
    if goal_n:
        print(f"goals met: {met_n} of {goal_n} in this table")
    for w, prm, gc in problems:
        note = (gc.get("note") or "").replace("\n", " ")
        print(f"gradcalc {w} {prm}: {gc.get('status')}" + (f": {note[:200]}" if note else ""))
    if strict and met_n < goal_n:
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:
        sys.stderr.close()
