#!/usr/bin/env python3
"""Checks tests/critical/corpus.txt against SymPy, independently of gradcalc.

For each problem: the critical points (or Lagrange points) are solved by SymPy — `solve`
for polynomial systems, `nsolve` from a grid of starts for the others (in the box of the
problem) — each classified by the Hessian's eigenvalues (bordered Hessian with
constraints), and compared with the corpus's expected points: the same number of points,
the same coordinates (1e-6), the same kind and value. Problems SymPy cannot settle (sets of
critical points, degenerate Hessians, systems `solve` gives up on) are listed as "by hand".

    python3 scripts/critical_sympy.py [tests/critical/corpus.txt]
"""
import itertools

import numpy
import signal
import sys

import sympy as sp
from sympy.parsing.sympy_parser import (convert_xor, implicit_multiplication_application,
                                        parse_expr, standard_transformations)

T = standard_transformations + (implicit_multiplication_application, convert_xor)
LOCAL = {"e": sp.E, "ln": sp.log, "pi": sp.pi, "sqrt": sp.sqrt}


def parse(s):
    return parse_expr(s, local_dict=dict(LOCAL), transformations=T)


def number(tok):
    kind, body = tok[0], tok[1:]
    return float(sp.N(parse(body), 20)) if kind == "=" else float(body)


def expected_points(text):
    pts, sets = [], []
    for item in (i.strip() for i in text.split(";")):
        if item.startswith("set "):
            sets.append(item[4:])
            continue
        depth, close = 0, None
        for k, c in enumerate(item):
            depth += c == "("
            depth -= c == ")"
            if depth == 0:
                close = k
                break
        coords = [number(c.strip()) for c in item[1:close].split(",")]
        rest = item[close + 1:].split()
        pts.append((coords, rest[0], number(rest[1])))
    return pts, sets


class Timeout(Exception):
    pass


def alarm(_sig, _frame):
    raise Timeout()


def classify(H):
    ev = numpy.linalg.eigvalsh(numpy.array(H.evalf(30).tolist(), dtype=float))
    if any(abs(v) < 1e-9 for v in ev):
        return None
    if all(v > 0 for v in ev):
        return "minimum"
    if all(v < 0 for v in ev):
        return "maximum"
    return "saddle"


def bordered_kind(f, gs, lams, xs, sol):
    """The bordered-Hessian test: the last n − m leading principal minors."""
    n, m = len(xs), len(gs)
    L = f - sum(l * g for l, g in zip(lams, gs))
    HL = sp.hessian(L, xs).subs(sol)
    J = sp.Matrix([[sp.diff(g, x) for x in xs] for g in gs]).subs(sol)
    B = sp.zeros(m + n, m + n)
    B[:m, m:] = J
    B[m:, :m] = J.T
    B[m:, m:] = HL
    minors = [float(sp.N(B[:k, :k].det(), 30)) for k in range(2 * m + 1, m + n + 1)]
    if any(abs(d) < 1e-12 for d in minors):
        return None
    if all((d > 0) == ((-1) ** m > 0) for d in minors):
        return "minimum"
    if all((d > 0) == ((-1) ** (k) > 0) for d, k in zip(minors, range(m + 1, n + 1))):
        return "maximum"
    return "saddle"


def solve_problem(expr, options):
    f = parse(expr)
    cons, box, vars_ = [], None, None
    for o in options.split():
        if o.startswith("st:"):
            l, r = o[3:].split("=")
            cons.append(parse(l) - parse(r))
        elif o.startswith("range:"):
            box = {}
            for part in o[6:].split(","):
                v, r = part.split("=")
                a, b = r.split(":")
                box[v] = (float(a), float(b))
        elif o.startswith("vars:"):
            vars_ = [sp.Symbol(v) for v in o[5:].split(",")]
    xs = vars_ or sorted(f.free_symbols | set().union(*[c.free_symbols for c in cons]), key=str)
    lams = [sp.Symbol(f"lam{i}") for i in range(len(cons))]
    eqs = [sp.diff(f, x) - sum(l * sp.diff(g, x) for l, g in zip(lams, cons)) for x in xs] + cons
    unknowns = list(xs) + lams
    found = []
    if box is None and not cons and len(xs) == 2:
        # `solve` misses real solutions of some systems (Himmelblau's: 4 of 9): Newton's
        # method from a grid of starts in [-6, 6]² as well, and the union of both.
        _, grid, _ = solve_problem(expr, options + " range:" + ",".join(f"{x}=-6:6" for x in xs))
    else:
        grid = []
    if box is None:
        sols = sp.solve(eqs, unknowns, dict=True)
        for s in sols:
            if any(u not in s for u in unknowns) or any(s[u].free_symbols for u in unknowns):
                return xs, None, "a set of solutions"
            vals = [complex(sp.N(s[u], 30)) for u in unknowns]
            if any(abs(v.imag) > 1e-12 for v in vals):
                continue
            found.append(s)
    else:
        starts = [[box[str(x)][0] + (box[str(x)][1] - box[str(x)][0]) * (k + 0.5) / 14 for k in range(14)]
                  for x in xs]
        seen = []
        for p in itertools.product(*starts):
            try:
                r = sp.nsolve(eqs, unknowns, p, tol=1e-25, prec=40, maxsteps=50)
            except (ValueError, ZeroDivisionError, TypeError):
                continue
            r = [float(v) for v in r]
            if not all(box[str(x)][0] - 1e-9 <= v <= box[str(x)][1] + 1e-9 for x, v in zip(xs, r)):
                continue
            # Newton converges only linearly to a degenerate root (x⁴ + y⁶): the same point
            # is met up to ~1e-3 apart; distinct points of the corpus are far further apart.
            if any(all(abs(a - b) < 1e-3 for a, b in zip(r, q)) for q in seen):
                continue
            seen.append(r)
            found.append(dict(zip(unknowns, [sp.Float(v, 30) for v in r])))
    out = []
    for s in found:
        # Real solutions given by radicals of complex numbers keep a tiny imaginary part.
        s = {u: sp.Float(complex(sp.N(v, 40)).real, 30) for u, v in s.items()}
        coords = [float(s[x]) for x in xs]
        value = float(sp.N(f.subs(s), 30))
        if cons:
            kind = bordered_kind(f, cons, lams, xs, s)
        else:
            kind = classify(sp.hessian(f, xs).subs(s).evalf(30))
        if not any(all(abs(a - b) < 1e-3 for a, b in zip(coords, o[0])) for o in out):
            out.append((coords, kind, value))
    # The grid's points where `solve` has none (the exact ones kept where both found one).
    for g in grid:
        if not any(all(abs(a - b) < 1e-3 for a, b in zip(g[0], o[0])) for o in out):
            out.append(g)
    return xs, out, None


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "tests/critical/corpus.txt"
    signal.signal(signal.SIGALRM, alarm)
    ok = hand = bad = 0
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        expr, options, expected = (p.strip() for p in line.split("|"))
        want, sets = expected_points(expected)
        label = f"{expr} [{options}]" if options else expr
        if sets:
            print(f"by hand   {label}: a set of critical points")
            hand += 1
            continue
        signal.alarm(20)
        try:
            xs, got, why = solve_problem(expr, options)
        except Timeout:
            print(f"by hand   {label}: SymPy took over 20 s")
            hand += 1
            continue
        finally:
            signal.alarm(0)
        if got is None:
            print(f"by hand   {label}: {why}")
            hand += 1
            continue
        problems = []
        if len(got) != len(want):
            problems.append(f"SymPy finds {len(got)} points, the corpus {len(want)}")
        undecided = False
        for coords, kind, value in want:
            match = [g for g in got if all(abs(a - b) < 1e-6 * (1 + abs(b)) for a, b in zip(g[0], coords))]
            if not match:
                problems.append(f"no point at {coords}")
                continue
            gk, gv = match[0][1], match[0][2]
            if abs(gv - value) > 1e-6 * (1 + abs(value)):
                problems.append(f"f at {coords}: SymPy {gv}, corpus {value}")
            if gk is None:
                undecided = True
            elif gk != kind:
                problems.append(f"kind at {coords}: SymPy {gk}, corpus {kind}")
        if "incomplete" in options.split() and not [p for p in problems if "finds" not in p]:
            print(f"by hand   {label}: a curve of critical points in the box ({len(got)} found on it by Newton's method); the isolated points agree")
            hand += 1
        elif problems:
            print(f"MISMATCH  {label}: " + "; ".join(problems))
            bad += 1
        elif undecided:
            print(f"points ok {label}: the Hessian is singular at a point (kind by hand)")
            hand += 1
        else:
            print(f"ok        {label}")
            ok += 1
    print(f"\n{ok} agree with SymPy, {hand} by hand (points checked where SymPy solved), {bad} disagree")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
