#!/bin/sh
# test/rtl/random.sh - generate, lint and simulate random networks: zero
# mismatches against the reference model, which test/refcheck checks
# against an independent implementation.
#
# The networks come from test/refcheck/random_nets.py (fixed seed): 1-4
# layers (one-layer networks included), 1-40 neurons (one-neuron layers
# included), inputs and outputs of 1-32 bits, weights of 1-16 bits, every
# rounding mode, scalar and per-channel multipliers and shifts, lanes and
# simd of any size (most not dividing the layer sizes), io packing.  Every
# other run has random tvalid/tready stalls on both streams; every third
# is traced (each layer checked); every fifth uses the Xilinx IP
# stand-ins.
#
# RTL_RANDOM_COUNT (default 72) and RTL_RANDOM_SEED (default 7) vary the
# set.  A network the loader refuses is counted apart (it is the loader's
# business) but at least 50 must be simulated.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"
need_iverilog
need_python_numpy
count=${RTL_RANDOM_COUNT:-72}
seed=${RTL_RANDOM_SEED:-7}
want=$((count * 2 / 3))

"$PYTHON3" "$top_srcdir/test/refcheck/random_nets.py" "$tmp/nets" \
    --count "$count" --seed "$seed" >/dev/null || exit 99

i=0
simulated=0
refused=0
while read -r name yml input rundir; do
    i=$((i + 1))
    d=$tmp/d/$name
    opts=""
    make_args=""
    if [ $((i % 3)) -eq 0 ]; then opts="$opts --trace"; fi
    if [ $((i % 5)) -eq 0 ]; then opts="$opts --memory xilinx-ip"; fi
    if [ $((i % 2)) -eq 0 ]; then make_args="SIM_ARGS=+stall"; fi
    # shellcheck disable=SC2086
    if ! "$QNNGEN" generate "$yml" --input "$input" -o "$d" $opts \
        >"$tmp/$name.gen" 2>&1; then
        if "$QNNGEN" check "$yml" >/dev/null 2>&1; then
            cat "$tmp/$name.gen"
            fail "$name: generate failed on a network check accepts"
        else
            refused=$((refused + 1))
        fi
        continue
    fi
    simulated=$((simulated + 1))
    lint_ok "$d" || fail "$name$opts: lint"
    # shellcheck disable=SC2086
    sim_ok "$d" $make_args || {
        grep -E 'MISMATCH|TIMEOUT|passed' "$d/sim/sim.log" 2>/dev/null | head -5
        fail "$name$opts $make_args: simulation"
    }
done <"$tmp/nets/list"
echo "$simulated networks simulated, $refused refused by the loader"
if [ "$simulated" -lt 50 ] && [ "$simulated" -lt "$want" ]; then
    fail "only $simulated networks simulated"
fi
finish
