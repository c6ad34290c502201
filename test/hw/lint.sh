#!/bin/sh
# test/hw/lint.sh - lint the hardware library (templates/qn_*.v).
#
# Every module, for each of several parameter sets, must pass
#   $VERILATOR --lint-only -Wall -G...      and
#   $IVERILOG -g2005 -Wall -P...            (when iverilog is there)
# with no output at all, and no module may carry a lint waiver. Also checks
# the conventions of templates/README.md: `resetall, `timescale 1ns / 1ps and
# `default_nettype none at the top, `resetall at the end.
# Exit 77 (skip) without verilator.

set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
VERILATOR=${VERILATOR:-verilator}
IVERILOG=${IVERILOG:-iverilog}

if ! command -v "$VERILATOR" >/dev/null 2>&1; then
    echo "SKIP: no verilator ($VERILATOR)"
    exit 77
fi
have_iverilog=0
command -v "$IVERILOG" >/dev/null 2>&1 && have_iverilog=1

lib=$top_srcdir/templates
work=$(mktemp -d "${TMPDIR:-/tmp}/qn-lint.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT

checks=0
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# lint MODULE [PARAM=VALUE ...]
lint() {
    module=$1
    shift
    checks=$((checks + 1))
    gflags=
    pflags=
    for p in "$@"; do
        gflags="$gflags -G$p"
        pflags="$pflags -P$module.$p"
    done
    # shellcheck disable=SC2086  # lists of words without spaces
    if ! (cd "$work" && "$VERILATOR" --lint-only -Wall $gflags --top-module "$module" \
            "$lib/$module.v") >"$work/out" 2>&1 || [ -s "$work/out" ]; then
        fail "verilator: $module $*"
        cat "$work/out"
    fi
    if [ "$have_iverilog" = 1 ]; then
        # shellcheck disable=SC2086
        if ! "$IVERILOG" -g2005 -Wall -o "$work/a.vvp" -s "$module" $pflags \
                "$lib/$module.v" >"$work/out" 2>&1 || [ -s "$work/out" ]; then
            fail "iverilog: $module $*"
            cat "$work/out"
        fi
    fi
}

# --- conventions, no waivers
for f in "$lib"/qn_*.v; do
    checks=$((checks + 1))
    m=$(basename "$f" .v)
    if grep -n 'lint_off\|verilator \(lint\|public\|coverage\)' "$f"; then
        fail "$m: lint waiver"
    fi
    if [ "$(sed -n '1,3p' "$f")" != "$(printf '%s\n' '`resetall' '`timescale 1ns / 1ps' '`default_nettype none')" ]; then
        fail "$m: must start with \`resetall, \`timescale 1ns / 1ps, \`default_nettype none"
    fi
    if [ "$(grep -v '^[[:space:]]*$' "$f" | tail -n 1)" != '`resetall' ]; then
        fail "$m: must end with \`resetall"
    fi
    if ! grep -q "^module $m\b" "$f"; then
        fail "$m: no module $m"
    fi
done

# --- every module, several parameter sets (one set a line)
while read -r line; do
    case $line in '' | '#'*) continue ;; esac
    # shellcheck disable=SC2086
    lint $line
done <<'EOF'
qn_weight_mem
qn_weight_mem DEPTH=1 WIDTH=1
qn_weight_mem DEPTH=12 WIDTH=36 RAM_STYLE="distributed" INIT_FILE="lane0.mem"
qn_weight_mem DEPTH=1024 WIDTH=8 INIT_FILE="mem/fc1_lane3.mem"
qn_param_rom
qn_param_rom DEPTH=1 WIDTH=1
qn_param_rom DEPTH=10 WIDTH=33 PORTS=3 INIT_FILE="bias.mem"
qn_param_rom DEPTH=16 WIDTH=6 PORTS=16
qn_mac_lane
qn_mac_lane SIMD=1 W_BITS=1 X_BITS=1 X_SIGNED=0 ACC_BITS=2
qn_mac_lane SIMD=2 W_BITS=1 X_BITS=1 X_SIGNED=1 ACC_BITS=3
qn_mac_lane SIMD=9 W_BITS=1 X_BITS=8 X_SIGNED=0 ACC_BITS=13
qn_mac_lane SIMD=3 W_BITS=8 X_BITS=8 X_SIGNED=1 ACC_BITS=5
qn_mac_lane SIMD=7 W_BITS=3 X_BITS=32 X_SIGNED=0 ACC_BITS=64 TREE_LEVELS_PER_STAGE=3
qn_mac_lane SIMD=64 W_BITS=16 X_BITS=16 X_SIGNED=1 ACC_BITS=40 TREE_LEVELS_PER_STAGE=1
qn_mac_lane SIMD=16 W_BITS=2 X_BITS=2 X_SIGNED=1 ACC_BITS=8 TREE_LEVELS_PER_STAGE=5
qn_requant
qn_requant ACC_BITS=2 OUT_BITS=1 OUT_SIGNED=0
qn_requant ACC_BITS=2 OUT_BITS=1 OUT_SIGNED=1 PER_CHANNEL_SHIFT=1
qn_requant ACC_BITS=24 HAS_MULT=1 PER_CHANNEL_SHIFT=1 ROUNDING=2
qn_requant ACC_BITS=2 HAS_MULT=1 MULT_BITS=16 OUT_BITS=1 OUT_SIGNED=1 RELU=1 ROUNDING=3
qn_requant ACC_BITS=12 HAS_MULT=1 MULT_BITS=16 OUT_BITS=8 ROUNDING=2
qn_requant ACC_BITS=29 OUT_BITS=32 OUT_SIGNED=0 ROUNDING=1
qn_requant ACC_BITS=30 OUT_BITS=32 OUT_SIGNED=1
qn_requant ACC_BITS=30 OUT_BITS=31 OUT_SIGNED=0
qn_requant ACC_BITS=62 HAS_MULT=1 MULT_BITS=32 ROUNDING=3 RELU=1
qn_requant ACC_BITS=64 HAS_MULT=1 MULT_BITS=32 OUT_BITS=32 OUT_SIGNED=0 ROUNDING=2
qn_requant ACC_BITS=4 SHIFT_BITS=3 ROUNDING=1
qn_layer_seq
qn_layer_seq GROUPS=5 WORDS=3
qn_layer_seq GROUPS=4 WORDS=1
qn_layer_seq GROUPS=1 WORDS=8
qn_layer_seq GROUPS=32 WORDS=27
qn_sync
qn_sync STAGES=2
qn_sync STAGES=5
qn_act_buf
qn_act_buf N=27 BITS=16 CHUNK=4 WORD=3
qn_act_buf N=3 BITS=8 CHUNK=4 WORD=4
qn_act_buf N=64 BITS=1 CHUNK=16 WORD=8 HOLD=0
qn_act_buf N=784 BITS=1 CHUNK=49 WORD=49
qn_act_buf N=5 BITS=2 CHUNK=1 WORD=7 HOLD=0
qn_axis_in
qn_axis_in N=27 BITS=16 PER_BEAT=4
qn_axis_in N=3 BITS=8 PER_BEAT=4
qn_axis_in N=4 BITS=4 PER_BEAT=4
qn_axis_in N=5 BITS=1 PER_BEAT=1
qn_axis_out
qn_axis_out N=27 BITS=16 PER_BEAT=4
qn_axis_out N=3 BITS=8 PER_BEAT=4
qn_axis_out N=4 BITS=4 PER_BEAT=4
qn_axis_out N=6 BITS=1 PER_BEAT=2
EOF

# --- the module list above covers every library file
for f in "$lib"/qn_*.v; do
    m=$(basename "$f" .v)
    grep -q "^$m\$" "$0" 2>/dev/null || grep -q "^$m " "$0" || fail "$m: no parameter sets in lint.sh"
done

echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ]
