#!/bin/sh
# test/rtl/coe.sh - every .coe file holds the same words as its $readmemh
# twin, checked by coe_check.py (a .coe parser written apart from the
# emitter), on the golden network and the examples (binary weights and
# 49-bit words of FINN's TFC, 6-bit jet weights, 4-bit tiny).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"
if ! "$PYTHON3" -c 'import re' >/dev/null 2>&1; then
    echo "SKIP: no $PYTHON3"
    exit 77
fi
ex=$top_srcdir/examples
dirs=""
for spec in "small $here/golden/small.yaml" "tiny $ex/tiny/tiny.yaml" \
    "tfc $ex/tfc/tfc_folded.yaml" "tfc1 $ex/tfc/tfc_w1a1.yaml" \
    "jet $ex/jet/jet_qkeras6.yaml"; do
    set -- $spec
    if "$QNNGEN" generate "$2" -o "$tmp/$1" --vectors 2 --memory xilinx-ip \
        >"$tmp/$1.log" 2>&1; then
        dirs="$dirs $tmp/$1"
    else
        cat "$tmp/$1.log"
        fail "generate $2"
    fi
done
# shellcheck disable=SC2086
"$PYTHON3" "$here/coe_check.py" $dirs || fail "a .coe disagrees with its .mem"

# The checker itself must see a changed word.
f=$(ls "$tmp"/small/coe/*.coe | head -1)
awk '/^[0-9a-f]+,$/ && !done { sub(/^./, ($0 ~ /^0/ ? "1" : "0")); done = 1 } { print }' \
    "$f" >"$f.new" && mv "$f.new" "$f"
if "$PYTHON3" "$here/coe_check.py" "$tmp/small" >/dev/null; then
    fail "coe_check.py missed a changed word"
fi
finish
