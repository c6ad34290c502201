#!/bin/sh
# test/refcheck/run.sh - `qnngen run` against an independent implementation.
#
# Generates a few hundred random valid networks (random_nets.py, fixed seed),
# runs `$QNNGEN run NET --input X -o OUT.npy --trace DIR` on each and on the
# bundled examples, and compares every layer's outputs (.npy and text) with
# ref_numpy.py, an implementation of spec section 3 written from the spec
# alone.  Zero mismatches required.
#
# Environment: QNNGEN, top_srcdir, PYTHON3 (as `make check` sets them);
# REFCHECK_COUNT (default 300) and REFCHECK_SEED (default 1) to vary the
# set; REFCHECK_KEEP=1 keeps the temporary directory.
# Exit: 0 all passed, 1 a mismatch, 77 skipped (no numpy/yaml), 99 setup.

set -eu
PYTHONDONTWRITEBYTECODE=1; export PYTHONDONTWRITEBYTECODE

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${QNNGEN:=$top_srcdir/qnngen}"
: "${PYTHON3:=/usr/bin/python3}"
count=${REFCHECK_COUNT:-300}
seed=${REFCHECK_SEED:-1}
here=$top_srcdir/test/refcheck

if ! "$PYTHON3" -c 'import numpy, yaml' >/dev/null 2>&1; then
    echo "SKIP: $PYTHON3 lacks numpy or yaml (python3-numpy, python3-yaml)"
    exit 77
fi
if [ ! -x "$QNNGEN" ]; then
    echo "ERROR: no qnngen binary at $QNNGEN"
    exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/refcheck.XXXXXX")
clean() { if [ "${REFCHECK_KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi; }
trap clean EXIT
trap 'exit 1' HUP INT TERM

"$PYTHON3" "$here/random_nets.py" "$tmp/nets" --count "$count" --seed "$seed" || exit 99

# The bundled examples too.
ex=$top_srcdir/examples
{
    echo "tiny $ex/tiny/tiny.yaml $ex/tiny/tiny_x.npy $tmp/ex/tiny"
    echo "tfc $ex/tfc/tfc_w1a1.yaml $ex/tfc/mnist5_x.npy $tmp/ex/tfc"
    echo "tfc_folded $ex/tfc/tfc_folded.yaml $ex/tfc/mnist5_x.npy $tmp/ex/tfc_folded"
    echo "jet $ex/jet/jet_qkeras6.yaml $ex/jet/jet_x64.npy $tmp/ex/jet"
    echo "magloc $ex/magloc/magloc.yaml $ex/magloc/magloc_x.npy $tmp/ex/magloc"
    cat "$tmp/nets/list"
} >"$tmp/list"

# One qnngen process per network; the Python side runs once, batched.
while read -r name yml input rundir; do
    mkdir -p "$rundir"
    set +e
    "$QNNGEN" run "$yml" --input "$input" -o "$rundir/out.npy" \
        --trace "$rundir/trace" >"$rundir/run.log" 2>&1
    echo $? >"$rundir/status"
    set -e
done <"$tmp/list"

"$PYTHON3" "$here/ref_numpy.py" compare "$tmp/list"
