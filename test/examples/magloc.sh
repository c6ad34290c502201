#!/bin/sh
# test/examples/magloc.sh - the magloc example's fast checks: the data set's
# dipole physics against hand-worked fields, and the shipped integer
# network's error in physical units on 64 held-out samples, computed by
# `qnngen run` (the reference model, bit-exact with the RTL).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"
need_python_numpy
ex=$top_srcdir/examples/magloc

"$PYTHON3" "$ex/check_magloc.py" physics || fail "dipole physics"
"$PYTHON3" "$ex/check_magloc.py" heldout-x "$tmp/x.npy" || fail "held-out inputs"
"$QNNGEN" run "$ex/magloc.yaml" --input "$tmp/x.npy" -o "$tmp/out.npy" \
    >"$tmp/run.log" 2>&1 || { cat "$tmp/run.log"; fail "qnngen run"; finish; }
"$PYTHON3" "$ex/check_magloc.py" heldout "$tmp/out.npy" || fail "held-out error"
finish
