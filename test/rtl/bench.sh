#!/bin/sh
# test/rtl/bench.sh - the RTL generator's measured targets (issue 3), for
# `make bench` (never `make check`: it takes minutes).
#
#   1. `qnngen generate` of magloc: wall time and peak RSS, beside `cp -r`
#      of the same tree.
#   2. Measured interval and latency against the spec's ideal figures on
#      the examples and FINN's folded TFC (Verilator when there, with
#      enough vectors for a steady state).
#   3. magloc on 4 vectors: Verilator run time against Icarus run time,
#      and Verilator's build time (BENCH_ICARUS=0 skips the slow Icarus run).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"
ex=$top_srcdir/examples
sim=icarus
if have_verilator; then sim=verilator; fi

secs() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

echo "== 1. generate magloc ($(basename "$QNNGEN")), beside cp -r of its tree"
if command -v /usr/bin/time >/dev/null 2>&1; then
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$QNNGEN" generate \
        "$ex/magloc/magloc.yaml" -o "$tmp/magloc" >/dev/null
    read -r gen_s gen_kb <"$tmp/time"
else
    "$QNNGEN" generate "$ex/magloc/magloc.yaml" -o "$tmp/magloc" >/dev/null
    gen_kb=?
fi
# Rounds of generate (into a new folder) and cp -r, interleaved so that
# both see the same machine; the medians and their ratio.
rounds=${BENCH_ROUNDS:-7}
: >"$tmp/gen.times"
: >"$tmp/cp.times"
i=0
while [ "$i" -lt "$rounds" ]; do
    rm -rf "$tmp/g" "$tmp/c"
    t0=$(secs)
    "$QNNGEN" generate "$ex/magloc/magloc.yaml" -o "$tmp/g" >/dev/null
    elapsed "$t0" "$(secs)" >>"$tmp/gen.times"
    echo >>"$tmp/gen.times"
    t0=$(secs)
    cp -r "$tmp/magloc" "$tmp/c"
    elapsed "$t0" "$(secs)" >>"$tmp/cp.times"
    echo >>"$tmp/cp.times"
    i=$((i + 1))
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
gen_s=$(median "$tmp/gen.times")
cp_s=$(median "$tmp/cp.times")
t0=$(secs)
"$QNNGEN" generate "$ex/magloc/magloc.yaml" -o "$tmp/magloc" >/dev/null
regen_s=$(elapsed "$t0" "$(secs)")
echo "generate: ${gen_s} s (median of $rounds), peak RSS ${gen_kb} KB; again" \
    "(nothing changes): ${regen_s} s; cp -r of the tree ($(du -sh "$tmp/magloc" | cut -f1)):" \
    "${cp_s} s; generate / cp -r = $(awk -v a="$gen_s" -v b="$cp_s" \
        'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }') (target: at most 3)"

echo "== 2. measured cycles against the ideal (spec 5), $sim"
printf '%-12s %9s %9s %15s %9s %9s %15s\n' design interval ideal difference latency ideal difference
bench_one() {
    name=$1
    shift
    d=$tmp/b-$name
    "$QNNGEN" generate "$@" -o "$d" >/dev/null || { fail "$name: generate"; return; }
    sim_ok "$d" SIM=$sim || { fail "$name: simulation"; return; }
    ii=$(sed -n 's/^ideal interval (spec 5).*= \([0-9]*\) cycles$/\1/p' "$d/design.txt")
    il=$(sed -n 's/^ideal latency (spec 5).*= \([0-9]*\) cycles$/\1/p' "$d/design.txt")
    mi=$(sed -n 's/.*interval_cycles=\([0-9]*\).*/\1/p' "$d/sim/sim.log")
    ml=$(sed -n 's/^latency_cycles=\([0-9]*\).*/\1/p' "$d/sim/sim.log")
    awk -v n="$name" -v mi="$mi" -v ii="$ii" -v ml="$ml" -v il="$il" 'BEGIN {
        printf "%-12s %9d %9d %+6d (%+5.1f%%) %9d %9d %+6d (%+5.1f%%)\n", n, mi, ii,
            mi - ii, 100 * (mi - ii) / ii, ml, il, ml - il, 100 * (ml - il) / il }'
}
bench_one tiny "$ex/tiny/tiny.yaml"
# tiny with one 4-bit input element a beat: its first layer's first neuron
# group needs the 8th beat, so the input stream, which the ideal does not
# count, sets the latency (design.txt).
mkdir -p "$tmp/tiny1"
cp "$ex/tiny/tiny.npz" "$tmp/tiny1/"
sed 's/^  in_per_beat: 8 .*/  in_per_beat: 1/' "$ex/tiny/tiny.yaml" >"$tmp/tiny1/tiny.yaml"
if grep -q '^  in_per_beat: 1$' "$tmp/tiny1/tiny.yaml"; then
    bench_one tiny_serial "$tmp/tiny1/tiny.yaml"
else
    fail "tiny_serial: examples/tiny/tiny.yaml no longer has 'in_per_beat: 8'"
fi
bench_one jet "$ex/jet/jet_qkeras6.yaml" --input "$ex/jet/jet_x64.npy" --vectors 8
bench_one tfc_folded "$ex/tfc/tfc_folded.yaml"
bench_one magloc "$ex/magloc/magloc.yaml"

echo "== 3. magloc, 4 vectors: Verilator against Icarus (run time only)"
need_iverilog
"$QNNGEN" generate "$ex/magloc/magloc.yaml" -o "$tmp/m4" --vectors 4 >/dev/null
if have_verilator; then
    t0=$(secs)
    dmake -C "$tmp/m4" obj_dir/Vmagloc_tb >/dev/null 2>&1
    vb=$(elapsed "$t0" "$(secs)")
    t0=$(secs)
    (cd "$tmp/m4" && obj_dir/Vmagloc_tb >sim/v.log)
    vr=$(elapsed "$t0" "$(secs)")
    grep -q '^24 passed, 0 failed$' "$tmp/m4/sim/v.log" || fail "magloc verilator"
    echo "verilator: build ${vb} s, run ${vr} s"
fi
if [ "${BENCH_ICARUS:-1}" = 1 ]; then
    dmake -C "$tmp/m4" sim/magloc_tb.vvp >/dev/null 2>&1
    t0=$(secs)
    (cd "$tmp/m4" && "$VVP" -n sim/magloc_tb.vvp >sim/i.log)
    ir=$(elapsed "$t0" "$(secs)")
    grep -q '^24 passed, 0 failed$' "$tmp/m4/sim/i.log" || fail "magloc icarus"
    echo "icarus: run ${ir} s${vr:+; verilator is $(awk -v a="$ir" -v b="$vr" 'BEGIN { printf "%.0f", a / b }')x faster}"
fi
finish
