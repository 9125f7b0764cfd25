#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (fuzz/seeds/<target>/) from what the project
already shows and tests: the expressions in README.md's examples, in tests/cases/*.txt and
tests/bad_input/*.txt, and the string literals of tests/grammar.rs. Files are named by a
hash of their content, so running it again adds only what is new. Also writes the libFuzzer
dictionary fuzz/gradcalc.dict (run with -dict=gradcalc.dict): every function name of
src/syntax/names.rs, the operators, the LaTeX commands and the notations of the language.
Standard library only.

    python3 fuzz/make_seeds.py
"""

import hashlib
import os
import re
import shlex
import sys

FUZZ = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(FUZZ)


def expressions():
    found = set()
    readme = open(os.path.join(REPO, "README.md"), encoding="utf-8").read()
    lines = [l[len("$ gradcalc "):] for l in readme.splitlines() if l.startswith("$ gradcalc ")]
    for folder in ("tests/cases", "tests/bad_input"):
        path = os.path.join(REPO, folder)
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".txt"):
                    text = open(os.path.join(path, name), encoding="utf-8", errors="replace").read()
                    lines += [l for l in text.splitlines() if l and not l.startswith("#")]
    for line in lines:
        try:
            words = shlex.split(line.split(" <<< ")[0])
        except ValueError:
            continue
        if len(words) >= 2:
            found.add(words[1])
    grammar = open(os.path.join(REPO, "tests/grammar.rs"), encoding="utf-8").read()
    for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', grammar):
        found.add(lit.encode().decode("unicode_escape").encode("latin-1").decode("utf-8", "replace"))
    return sorted(e for e in found if 0 < len(e) < 2000 and "\n" not in e)


def write(target, data):
    folder = os.path.join(FUZZ, "seeds", target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(data)


# Tokens of the language that are not function names (those come from names.rs).
NOTATIONS = [
    "+", "-", "*", "/", "^", "**", "(", ")", "{", "}", "[", "]", ",", "|", ".", "e", "pi", "π",
    "²", "⁻¹", "√", "∛", "·", "×", "−", "θ", "σ", "φ", "ψ", "x_1", "x₁",
    "'", "''", "′", "″", "⁽⁴⁾", "^{(2)}", "∂", "∂₁", "∂₂", "∂/∂x", "∂²/∂x∂y", "d/dx", "d^2/dx^2",
    "D[1](f)", "D[1,2](g)", "f(", "g(", "h(", "⌊", "⌋", "⌈", "⌉", "sin^-1", "^-1",
    "\\frac", "\\sqrt", "\\left(", "\\right)", "\\left|", "\\right|", "\\lfloor", "\\rfloor",
    "\\lceil", "\\rceil", "\\partial", "\\partial_{2}", "\\frac{d}{dx}", "\\frac{\\partial}{\\partial x}",
    "\\sigma", "\\max", "\\min", "\\operatorname{", "\\mathrm{d}", "\\cdot", "\\pi", "\\theta",
]


def dictionary():
    """The tokens: function names read from the table of known names, and NOTATIONS."""
    # The one table of function names (`FUNCTIONS` in src/expr/symbols.rs); the parser's
    # names.rs is read too, for names it may match outside the table.
    names = "".join(
        open(os.path.join(REPO, path), encoding="utf-8").read()
        for path in ("src/expr/symbols.rs", "src/syntax/names.rs")
    )
    funcs = re.findall(r'\(\s*"([a-z0-9]+)",\s*FnName::', names)
    funcs += re.findall(r'"([a-z0-9]+)"(?:\s*\|\s*"[a-z0-9]+")*\s*=>\s*return Some\(FnName::', names)
    funcs += re.findall(r'\|\s*"([a-z0-9]+)"\s*=>\s*return Some\(FnName::', names)
    tokens = sorted(set(funcs)) + NOTATIONS
    lines = []
    for t in tokens:
        escaped = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "".join(f"\\x{b:02x}" for b in c.encode()) for c in t)
        lines.append(f'"{escaped}"')
    with open(os.path.join(FUZZ, "gradcalc.dict"), "w", encoding="ascii") as fh:
        fh.write("# libFuzzer dictionary of gradcalc's input language, written by make_seeds.py.\n")
        fh.write("\n".join(lines) + "\n")
    return len(funcs)


def main():
    nfuncs = dictionary()
    if nfuncs == 0:
        sys.exit("make_seeds.py: no function names found: has the table of src/expr/symbols.rs moved?")
    print(f"dictionary: {nfuncs} function names")
    exprs = expressions()
    for e in exprs:
        b = e.encode()
        # The selector comes from the expression itself, so that a new expression does not
        # rename the seeds of all the others.
        sel = hashlib.sha1(b).digest()[0]
        write("parse", b)
        # pipeline: a selector byte (command and format), then the expression.
        write("pipeline", bytes([sel]) + b)
        # eval: four coordinate bytes (k/16 - 8 each), a selector, then the expression.
        write("eval", bytes([128 + 16, 128 - 8, 128 + 3, 128, sel]) + b)
    print(f"{len(exprs)} expressions")


if __name__ == "__main__":
    main()
