#!/bin/sh
# digits.sh - the digits example (examples/digits) in its fast form:
# quantization-aware training at 8, 4 and 2 bits, quantized by qnngen;
# the 8-bit network's test accuracy (qnngen's integer reference model) is
# within 2 points of the float network's; the 4-bit design, simulated on
# 40 test images, has zero mismatches and predicts the reference's labels.
set -u
: "${QNNGEN:?}" "${top_srcdir:?}" "${PYTHON3:=/usr/bin/python3}"
: "${IVERILOG=$(command -v iverilog || true)}"
"$PYTHON3" -c 'import numpy, sklearn' 2>/dev/null || { echo "no numpy/sklearn: skip"; exit 77; }
[ -n "$IVERILOG" ] && command -v "$IVERILOG" >/dev/null || { echo "no iverilog: skip"; exit 77; }
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
ulimit -v 6000000 2>/dev/null
PYTHONDONTWRITEBYTECODE=1 "$PYTHON3" "$top_srcdir/examples/digits/digits.py" --fast \
    --qnngen "$QNNGEN" --out "$work/out" --rtl 40 --json "$work/r.json" || exit 1
"$PYTHON3" - "$work/r.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f, q8 = r["float_accuracy"], r["widths"]["8"]["qat"]
ok = True
if not f - q8 <= 0.02:
    print("FAIL: 8-bit accuracy %.4f is more than 2 points below float %.4f" % (q8, f)); ok = False
if f < 0.9:
    print("FAIL: float accuracy %.4f: training did not work" % f); ok = False
rtl = r["rtl"]
if rtl["same_labels"] != rtl["vectors"] or rtl["passed"] != rtl["vectors"] * 10:
    print("FAIL: rtl %s" % rtl); ok = False
sys.exit(0 if ok else 1)
PY
