#!/bin/sh
# test/hw/run.sh - simulate the hardware library (templates/qn_*.v) in Icarus.
#
# Every testbench in test/hw is compiled with `$IVERILOG -g2005 -Wall` (any
# compiler output counts as a failure) and run with vvp; a run passes when it
# prints a PASS line and no ERROR or FAIL. The expected values for qn_requant
# and qn_mac_lane (and a two-layer network) are computed from the spec by
# gen_vectors.py; the other testbenches check themselves (the memories
# against their file). Exit 77 (skip) without iverilog or python3.
#
# Environment: IVERILOG (default iverilog), PYTHON3 (default /usr/bin/python3),
# top_srcdir (default: two levels up from this script), QN_HW_SEED (default 1),
# QN_HW_KEEP=1 keeps the work directory.

set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
IVERILOG=${IVERILOG:-iverilog}
PYTHON3=${PYTHON3:-/usr/bin/python3}
SEED=${QN_HW_SEED:-1}

if ! command -v "$IVERILOG" >/dev/null 2>&1; then
    echo "SKIP: no iverilog ($IVERILOG)"
    exit 77
fi
# vvp comes with iverilog; prefer the one next to it.
VVP=vvp
case $IVERILOG in
*/*) [ -x "${IVERILOG%/*}/vvp" ] && VVP=${IVERILOG%/*}/vvp ;;
esac
if ! command -v "$PYTHON3" >/dev/null 2>&1; then
    echo "SKIP: no python3 ($PYTHON3)"
    exit 77
fi

hw=$top_srcdir/test/hw
lib=$top_srcdir/templates
work=$(mktemp -d "${TMPDIR:-/tmp}/qn-hw.XXXXXX") || exit 99
if [ "${QN_HW_KEEP:-0}" = 1 ]; then
    echo "work directory: $work"
else
    trap 'rm -rf "$work"' EXIT
fi

runs=0
failures=0

# sim NAME TB [PARAM=VALUE ...]: compile test/hw/TB.v with the library,
# parameters set on the testbench, and run it.
sim() {
    name=$1
    tb=$2
    shift 2
    runs=$((runs + 1))
    params=
    for p in "$@"; do
        params="$params -P$tb.$p"
    done
    # shellcheck disable=SC2086  # $params is a list of words without spaces
    if ! "$IVERILOG" -g2005 -Wall -o "$work/$name.vvp" -s "$tb" $params \
            "$hw/$tb.v" "$lib"/qn_*.v >"$work/$name.compile" 2>&1; then
        echo "FAIL: $name: compile error"
        cat "$work/$name.compile"
        failures=$((failures + 1))
        return
    fi
    if [ -s "$work/$name.compile" ]; then
        echo "FAIL: $name: compiler warnings"
        cat "$work/$name.compile"
        failures=$((failures + 1))
        return
    fi
    (cd "$work" && "$VVP" -n "$work/$name.vvp") >"$work/$name.log" 2>&1
    if grep -q '^PASS' "$work/$name.log" && ! grep -q 'ERROR\|FAIL' "$work/$name.log"; then
        echo "ok:   $name: $(grep '^PASS' "$work/$name.log" | head -n 1)"
    else
        echo "FAIL: $name"
        head -n 40 "$work/$name.log"
        failures=$((failures + 1))
    fi
}

# sim_list TB LIST: one run of TB for every line "NAME PARAM=VALUE ..." of LIST.
sim_list() {
    tb=$1
    list=$2
    while read -r line; do
        [ -n "$line" ] || continue
        # shellcheck disable=SC2086
        set -- $line
        sim "$@"
    done <<EOF
$(sed "s/^\([^ ]*\)/\1 $tb/" "$list")
EOF
}

# --- vectors computed from the spec
for mode in requant mac net mem; do
    if ! "$PYTHON3" "$hw/gen_vectors.py" "$mode" "$work" "$SEED"; then
        echo "FAIL: gen_vectors.py $mode"
        exit 1
    fi
done

sim_list tb_qn_requant "$work/requant.list"
sim_list tb_qn_mac_lane "$work/mac.list"
sim_list tb_qn_net "$work/net.list"
sim_list tb_qn_mem "$work/mem.list"

# --- self-checking testbenches, with qn_act_buf: N BITS PER_BEAT and the
# buffer's other side (the layer's WORD for axis_in, the last layer's
# CHUNK for axis_out)
for cfg in "1 8 1 1" "5 8 2 3" "3 4 4 2" "4 4 4 4" "27 16 1 5" "27 16 4 3" "7 1 3 7" \
           "10 32 3 1" "784 1 49 49" "64 2 16 8"; do
    # shellcheck disable=SC2086
    set -- $cfg
    sim "axis_in_n$1_b$2_p$3_w$4" tb_qn_axis_in N=$1 BITS=$2 PER_BEAT=$3 WORD=$4
    sim "axis_out_n$1_b$2_p$3_c$4" tb_qn_axis_out N=$1 BITS=$2 PER_BEAT=$3 CHUNK=$4
done
# GROUPS WORDS ACC_DELAY WR_DELAY
for cfg in "1 1 2 1" "3 4 2 1" "1 5 3 2" "4 1 2 1" "5 3 5 2" "2 2 1 1"; do
    # shellcheck disable=SC2086
    set -- $cfg
    sim "layer_seq_g$1_k$2_d$3_$4" tb_qn_layer_seq GROUPS=$1 WORDS=$2 ACC_DELAY=$3 WR_DELAY=$4
done
for stages in 1 2 3 5; do
    sim "sync_s$stages" tb_qn_sync STAGES=$stages
done

echo "$runs runs, $failures failed"
[ "$failures" -eq 0 ]
