#!/bin/sh
# test/refcheck/selfcheck.sh - checks ref_numpy.py itself: the spec's rounding
# table, the four rounding modes against their rational definitions, and the
# expected outputs shipped with examples/tfc and examples/jet (computed by
# yet another implementation; the tfc labels are FINN's own).
set -eu
PYTHONDONTWRITEBYTECODE=1; export PYTHONDONTWRITEBYTECODE
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PYTHON3:=/usr/bin/python3}"
if ! "$PYTHON3" -c 'import numpy, yaml' >/dev/null 2>&1; then
    echo "SKIP: $PYTHON3 lacks numpy or yaml (python3-numpy, python3-yaml)"
    exit 77
fi
exec "$PYTHON3" "$top_srcdir/test/refcheck/ref_numpy.py" selfcheck "$top_srcdir/examples"
