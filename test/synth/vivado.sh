#!/bin/sh
# test/synth/vivado.sh - vivado/build.tcl, run by tclsh with stand-ins for
# Vivado's commands (vivado_stubs.tcl), checked by check_vivado.py: with
# --memory xilinx-ip (IP per lane memory, given part and clock) and with
# inferred memories (no IP, the default part and clock).  Skips (77)
# without tclsh.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"
: "${TCLSH=$(command -v tclsh || true)}"
if [ -z "$TCLSH" ] || ! command -v "$TCLSH" >/dev/null 2>&1; then
    echo "SKIP: no tclsh (Debian package tcl)"
    exit 77
fi
s=$top_srcdir/test/synth
ex=$top_srcdir/examples

run() {
    name=$1 part=$2 period=$3
    shift 3
    d=$tmp/$name
    "$QNNGEN" generate "$@" -o "$d" >"$tmp/gen.log" 2>&1 ||
        { cat "$tmp/gen.log"; fail "$name: generate"; return; }
    # From another folder: the script must find everything by itself.
    (cd "$tmp" && "$TCLSH" "$s/vivado_stubs.tcl" "$tmp/$name.calls" \
        "$d/vivado/build.tcl") >"$tmp/$name.tcl.log" 2>&1 ||
        { cat "$tmp/$name.tcl.log"; fail "$name: build.tcl under tclsh"; return; }
    "$PYTHON3" "$s/check_vivado.py" "$d" "$tmp/$name.calls" "$part" "$period" ||
        fail "$name: Vivado calls"
}

run tiny_ip xc7z020clg400-1 8.000 "$ex/tiny/tiny.yaml" --memory xilinx-ip \
    --part xc7z020clg400-1 --clock-ns 8
run tiny xc7a35tcpg236-1 10.000 "$ex/tiny/tiny.yaml"
# The checker must notice a wrong part.
if [ -f "$tmp/tiny.calls" ] && "$PYTHON3" "$s/check_vivado.py" "$tmp/tiny" \
        "$tmp/tiny.calls" xc7a100tcsg324-1 10.000 >/dev/null 2>&1; then
    fail "check_vivado.py accepted a wrong part"
fi
# Bad options are usage errors.
st=0
"$QNNGEN" generate "$ex/tiny/tiny.yaml" -o "$tmp/bad" --clock-ns 0 \
    >/dev/null 2>&1 || st=$?
[ "$st" -eq 2 ] || fail "--clock-ns 0: exit $st, not 2"
st=0
"$QNNGEN" generate "$ex/tiny/tiny.yaml" -o "$tmp/bad" --part 'a b' \
    >/dev/null 2>&1 || st=$?
[ "$st" -eq 2 ] || fail "--part 'a b': exit $st, not 2"
[ ! -e "$tmp/bad" ] || fail "a usage error wrote files"
finish
