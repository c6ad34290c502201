#!/bin/sh
# test/rtl/choices.sh - the per-layer datapath choices (`weight_store`,
# `mac`): every combination, on examples/tiny with its lanes and simd and
# with one word a lane (the weights then are plain constants), generated,
# linted and simulated with every layer traced: zero mismatches against the
# reference model.  Also checks that each choice reaches the RTL (constants
# instead of a memory instance, the lane's MAC_STYLE), so that a key the
# generator ignored fails here.  Then the same on a network with multipliers.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"
need_iverilog
ex=$top_srcdir/examples/tiny
cp "$ex/tiny.yaml" "$ex/tiny.npz" "$ex/tiny_x.npy" "$tmp/"

# variant NAME LANES SIMD STORE MAC [generate options]
variant() {
    name=$1 lanes=$2 simd=$3 store=$4 mac=$5
    shift 5
    d=$tmp/$name
    sed -e "s/^  lanes: .*/  lanes: $lanes\n  weight_store: $store\n  mac: $mac/" \
        -e "s/^  simd: .*/  simd: $simd/" "$tmp/tiny.yaml" >"$tmp/$name.yaml"
    if ! "$QNNGEN" generate "$tmp/$name.yaml" --input "$tmp/tiny_x.npy" -o "$d" \
        --trace "$@" >"$tmp/$name.gen" 2>&1; then
        cat "$tmp/$name.gen"
        fail "$name: generate"
        return
    fi
    hid=$d/rtl/tiny_hid.v
    case $mac in
        auto) style=0 ;;
        dsp) style=1 ;;
        lut) style=2 ;;
    esac
    grep -q "\.MAC_STYLE ($style)" "$hid" || fail "$name: lanes without MAC_STYLE $style"
    if [ "$store" = lut ]; then
        if grep -q "qn_weight_mem\|_rom u_mem" "$hid"; then
            fail "$name: a memory instance with weight_store: lut"
        fi
        grep -q "w_rom_0\|assign w_0 = " "$hid" || fail "$name: no constant weights"
    else
        grep -q "u_mem_0" "$hid" || fail "$name: no memory instance"
    fi
    lint_ok "$d" || fail "$name: lint"
    sim_ok "$d" SIM_ARGS=+stall || fail "$name: simulation"
}

for store in bram lut; do
    for mac in auto dsp lut; do
        variant "s_${store}_$mac" 2 3 "$store" "$mac"
    done
done
# One word a lane (hid: 6 lanes x 8 inputs, out: 3 lanes x 6 inputs).
variant one_word_lut 6 8 lut lut
variant one_word_ip 6 8 lut auto --memory xilinx-ip
variant rom_ip 2 3 lut dsp --memory xilinx-ip
# No blk_mem_gen IP (stand-in or Vivado script) for weights kept in logic.
for name in one_word_ip rom_ip; do
    if ls "$tmp/$name/rtl/ip" 2>/dev/null | grep -q . ||
        grep -q "lane[0-9]_rom" "$tmp/$name/vivado/build.tcl"; then
        fail "$name: a lane memory IP with weight_store: lut"
    fi
done
# A multiplier in the requantizer (per-channel in one layer, scalar in
# the other), binary weights, per-channel shifts: test/rtl/golden/small.yaml
# with each choice in its defaults.
for choice in "weight_store: lut" "mac: lut" "mac: dsp"; do
    name=small_$(echo "$choice" | tr -cd 'a-z_')
    mkdir -p "$tmp/$name.src"
    cp "$here/golden/"*.csv "$tmp/$name.src/"
    sed "s/^layers:/defaults:\n  $choice\nlayers:/" "$here/golden/small.yaml" \
        >"$tmp/$name.src/small.yaml"
    d=$tmp/$name
    if "$QNNGEN" generate "$tmp/$name.src/small.yaml" -o "$d" --trace >"$tmp/$name.gen" 2>&1; then
        lint_ok "$d" || fail "$name: lint"
        sim_ok "$d" SIM_ARGS=+stall || fail "$name: simulation"
    else
        cat "$tmp/$name.gen"
        fail "$name: generate"
    fi
done
grep -q "\.MULT_DSP   (1)" "$tmp/small_macdsp/rtl/gold_out.v" ||
    fail "mac: dsp does not reach the requantizer"

# The constants of a one-word lane are its memory word.
w=$(sed -n 's/^    assign w_1 = 32.h\([0-9a-f]*\);$/\1/p' "$tmp/one_word_lut/rtl/tiny_hid.v")
m1=$("$QNNGEN" generate "$tmp/one_word_lut.yaml" -o "$tmp/ow_mem" >/dev/null 2>&1 &&
     grep -v '^//' "$tmp/ow_mem/mem/hid_lane1.mem" | head -n 1)
[ -n "$w" ] && [ "$w" = "$m1" ] || fail "lane 1's constant word '$w' is not its memory word '$m1'"
finish
