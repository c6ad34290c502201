#!/bin/sh
# test/rtl/examples.sh - generate, lint and simulate the bundled examples:
# zero mismatches, with and without random stalls, in Icarus and (tiny)
# Verilator, with inferred memories and Xilinx IP stand-ins, and with
# --trace compared layer by layer by `qnngen diff`.  `qnngen sim` and
# `make sim` must fail on a mismatch.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"
need_iverilog
ex=$top_srcdir/examples

gen() {
    out=$tmp/$1
    shift
    if ! "$QNNGEN" generate "$@" -o "$out" >"$tmp/gen.log" 2>&1; then
        cat "$tmp/gen.log"
        fail "generate $*"
        return 1
    fi
}

check() {
    name=$1
    shift
    d=$tmp/$name
    lint_ok "$d" || fail "$name: lint"
    sim_ok "$d" "$@" || fail "$name: make sim $*"
    echo "$name $*: $(cat "$d/sim/sim.log" | grep -E 'passed|latency' | tr '\n' ' ')"
}

# tiny: every variant.
gen tiny "$ex/tiny/tiny.yaml" --input "$ex/tiny/tiny_x.npy" && {
    check tiny
    check tiny SIM_ARGS=+stall
    if have_verilator; then
        check tiny SIM=verilator
    fi
    "$QNNGEN" sim "$tmp/tiny" >/dev/null 2>&1 || fail "qnngen sim tiny"
}
gen tiny_ip "$ex/tiny/tiny.yaml" --memory xilinx-ip --ram-style distributed \
    --vectors 5 --seed 3 && check tiny_ip SIM_ARGS=+stall
gen tiny_trace "$ex/tiny/tiny.yaml" --trace --input "$ex/tiny/tiny_x.npy" && {
    check tiny_trace
    # Every layer, against `qnngen run --trace`.
    "$QNNGEN" run "$ex/tiny/tiny.yaml" --input "$ex/tiny/tiny_x.npy" \
        -o "$tmp/ref/out.npy" --trace "$tmp/ref/trace" >/dev/null 2>&1 ||
        fail "qnngen run --trace"
    "$QNNGEN" diff "$tmp/tiny_trace/sim/results.txt" "$tmp/ref/trace/trace.txt" \
        >"$tmp/diff.log" 2>&1 || { cat "$tmp/diff.log"; fail "tiny_trace: diff"; }
    grep -q "agree.* in 2 layers" "$tmp/diff.log" || { cat "$tmp/diff.log"; fail "tiny_trace: not every layer compared"; }
}

# FINN's TFC, folded as FINN ships it, on five MNIST digits.
gen tfc "$ex/tfc/tfc_folded.yaml" --input "$ex/tfc/mnist5_x.npy" && {
    check tfc SIM_ARGS=+stall
    "$QNNGEN" diff "$tmp/tfc/sim/results.txt" "$ex/tfc/mnist5_expected_out.npy" \
        >"$tmp/diff.log" 2>&1 || { cat "$tmp/diff.log"; fail "tfc: diff"; }
}

# hls4ml's jet tagger, every layer traced, against its expected outputs.
gen jet "$ex/jet/jet_qkeras6.yaml" --input "$ex/jet/jet_x64.npy" --vectors 16 \
    --trace && {
    check jet
    grep -q '^3 fc2 31 ' "$tmp/jet/sim/results.txt" || fail "jet: no trace of fc2"
}

# A mismatch must fail both `make sim` and `qnngen sim`.
if [ -d "$tmp/tiny" ]; then
    cp -r "$tmp/tiny" "$tmp/broken"
    # Flip one expected value (the first data line of expected.mem).
    awk '!done && !/^\/\// { printf "%s\n", ($0 == "00" ? "01" : "00"); done = 1; next } { print }' \
        "$tmp/tiny/sim/expected.mem" >"$tmp/broken/sim/expected.mem"
    if sim_ok "$tmp/broken" >/dev/null 2>&1; then fail "a wrong expected value passed make sim"; fi
    grep -q '^[0-9]* passed, 1 failed$' "$tmp/broken/sim/sim.log" ||
        fail "the broken run does not report exactly 1 failure"
    if "$QNNGEN" sim "$tmp/broken" >/dev/null 2>&1; then
        fail "qnngen sim passed a mismatch"
    fi
fi
if "$QNNGEN" sim "$tmp/nonexistent" >/dev/null 2>&1; then
    fail "qnngen sim on a missing folder"
fi
finish
