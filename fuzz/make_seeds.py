#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (fuzz/seeds/<target>/) from what the project
already shows and tests: the expressions in README.md's examples, in tests/cases/*.txt and
tests/bad_input/*.txt, and the string literals of tests/grammar.rs. Files are named by a
hash of their content, so running it again adds only what is new. Standard library only.

    python3 fuzz/make_seeds.py
"""

import hashlib
import os
import re
import shlex

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


def main():
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
