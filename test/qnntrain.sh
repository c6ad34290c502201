#!/bin/sh
# qnntrain.sh - python/qnntrain's rule against `qnngen quantize`: identical
# integers on random float tensors (test/qnntrain_rule.py).
set -u
: "${QNNGEN:?}" "${top_srcdir:?}" "${PYTHON3:=/usr/bin/python3}"
"$PYTHON3" -c 'import numpy, yaml' 2>/dev/null || { echo "no numpy: skip"; exit 77; }
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
PYTHONDONTWRITEBYTECODE=1 top_srcdir=$top_srcdir "$PYTHON3" "$top_srcdir/test/qnntrain_rule.py" "$QNNGEN" "$work"
