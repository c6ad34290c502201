#!/usr/bin/python3
"""coe_check.py - checks that every .coe file of a design folder holds the
same words as its $readmemh twin, with a .coe parser of its own (written
from Xilinx's description of the format, not from qnngen's emitter).

Usage: coe_check.py DESIGN_DIR...

For each DIR/coe/NAME.coe there must be DIR/mem/NAME.mem; both are parsed
and their words compared as integers.  The .coe must give
memory_initialization_radix (2, 10 or 16) before
memory_initialization_vector, separate words with commas (or white space)
and end the vector with ';'.  Every word must fit the width the .mem
header states.  Exit 0 when all agree, 1 otherwise.
"""

import os
import re
import sys


def strip_coe_comments(text):
    # A .coe comment runs from ';' at the start of a line (after blanks)
    # to the end of the line; ';' elsewhere ends a statement.
    return "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith(";"))


def parse_coe(path):
    text = strip_coe_comments(open(path).read())
    stmts = [s.strip() for s in text.split(";")]
    radix, vector = None, None
    for s in stmts:
        if not s:
            continue
        if "=" not in s:
            raise ValueError("%s: statement without '=': %r" % (path, s[:40]))
        key, value = (p.strip() for p in s.split("=", 1))
        key = key.lower()
        if key == "memory_initialization_radix":
            radix = int(value)
            if radix not in (2, 10, 16):
                raise ValueError("%s: radix %d" % (path, radix))
        elif key == "memory_initialization_vector":
            if radix is None:
                raise ValueError("%s: vector before radix" % path)
            tokens = [t for t in re.split(r"[,\s]+", value) if t]
            vector = [int(t, radix) for t in tokens]
        else:
            raise ValueError("%s: unknown key %r" % (path, key))
    if vector is None:
        raise ValueError("%s: no memory_initialization_vector" % path)
    if not text.rstrip().endswith(";"):
        raise ValueError("%s: the vector does not end with ';'" % path)
    return vector


def parse_mem(path):
    text = open(path).read()
    header = re.search(r"(\d+) words of (\d+) bits", text)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    words = [int(t, 16) for t in text.split()]
    n, bits = (int(header.group(1)), int(header.group(2))) if header else (None, None)
    return words, n, bits


def check_dir(d):
    bad = 0
    coes = sorted(f for f in os.listdir(os.path.join(d, "coe")) if f.endswith(".coe"))
    if not coes:
        print("%s: no .coe files" % d)
        return 1
    for f in coes:
        name = f[:-4]
        coe_path = os.path.join(d, "coe", f)
        mem_path = os.path.join(d, "mem", name + ".mem")
        try:
            cw = parse_coe(coe_path)
            mw, n, bits = parse_mem(mem_path)
        except (OSError, ValueError) as e:
            print("FAIL %s" % e)
            bad += 1
            continue
        problems = []
        if cw != mw:
            diff = next((i for i, (a, b) in enumerate(zip(cw, mw)) if a != b),
                        min(len(cw), len(mw)))
            problems.append("words differ (first at %d; %d vs %d words)"
                            % (diff, len(cw), len(mw)))
        if n is None or bits is None:
            problems.append("the .mem header does not say its size")
        else:
            if len(mw) != n:
                problems.append("%d words, header says %d" % (len(mw), n))
            if any(w >> bits for w in mw):
                problems.append("a word wider than %d bits" % bits)
        if problems:
            print("FAIL %s: %s" % (coe_path, "; ".join(problems)))
            bad += 1
    print("%s: %d .coe files, %d disagree with their .mem" % (d, len(coes), bad))
    return bad


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[3])
        return 2
    bad = sum(check_dir(d) for d in sys.argv[1:])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
