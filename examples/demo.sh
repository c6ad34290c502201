#!/bin/sh
# examples/demo.sh - the main job, on the bundled examples:
#   1. hls4ml's 6-bit QKeras jet tagger: check it, compute it with the
#      reference model and compare with hls4ml's own expected outputs,
#      generate the design, simulate it (every layer traced) and compare
#      the hardware's results with the reference, neuron by neuron;
#   2. the seed's magloc network (27-512-1024x4-512-512-256-6, 4-bit
#      weights, 4.6 M of them): generate and simulate it (Verilator when
#      installed, for speed) and report measured against ideal cycles.
# Run from the top of a built tree: sh examples/demo.sh
set -eu
cd "$(dirname "$0")/.."
qnngen=${QNNGEN:-./qnngen}
out=rtl-out
mkdir -p "$out"

step() { printf '\n== %s\n' "$*"; }

step "jet tagger (hls4ml QKeras, 6-bit): validate"
"$qnngen" check examples/jet/jet_qkeras6.yaml

step "reference model on 64 inputs, compared with hls4ml's expected outputs"
"$qnngen" run examples/jet/jet_qkeras6.yaml --input examples/jet/jet_x64.npy \
    -o "$out/jet_ref.npy" --trace "$out/jet_ref_trace"
"$qnngen" diff "$out/jet_ref.txt" examples/jet/jet_x64_expected_out.npy

step "generate the design (every layer traced) and simulate it in Icarus"
"$qnngen" generate examples/jet/jet_qkeras6.yaml --input examples/jet/jet_x64.npy \
    --trace -o "$out/jet_qkeras6"
"$qnngen" sim "$out/jet_qkeras6"

step "hardware results against the reference, every layer and neuron"
"$qnngen" diff "$out/jet_qkeras6/sim/results.txt" "$out/jet_ref_trace/trace.txt"

step "magloc (the seed's network, 4.6 M 4-bit weights): generate"
# 12 random in-range vectors: enough to fill the 9-stage pipeline, so the
# testbench measures the steady-state interval
"$qnngen" generate examples/magloc/magloc.yaml --vectors 12 -o "$out/magloc"
sim=icarus
command -v verilator >/dev/null 2>&1 && sim=verilator
step "magloc: simulate ($sim)"
"$qnngen" sim "$out/magloc" --simulator "$sim"
grep -E '^ideal|^This design' "$out/magloc/design.txt" || true

step "done: designs in $out/ (make -C $out/jet_qkeras6 lint|sim|wave)"
