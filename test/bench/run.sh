#!/bin/sh
# test/bench/run.sh - `make bench`: the measured targets, never in `make check`.
#   1. `qnngen run` on magloc (exact integers) beside numpy float32 on the
#      same shapes, in the same run: inferences per second.
#   2. The RTL generator's targets (test/rtl/bench.sh): generate time and
#      memory beside `cp -r`, measured cycles against the ideal, Verilator
#      against Icarus.
#   3. qnngen's resource estimate beside Yosys' synth_xilinx figures on
#      small networks (test/synth/bench.sh), with the ratios.
#   4. LUT per MAC of one lane against simd under Yosys synth_xilinx -nodsp
#      (test/bench/lut_per_mac.sh), beside FINN's figures.
#   5. Fmax on iCE40 HX8K after nextpnr, simd 1 and 8, three requantizer
#      forms (test/bench/fmax_ice40.sh).
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
QNNGEN=${QNNGEN:-$top_srcdir/qnngen}
PYTHON3=${PYTHON3:-/usr/bin/python3}
export top_srcdir QNNGEN PYTHON3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== reference model: qnngen run on magloc vs numpy float32, 256 vectors"
"$PYTHON3" - "$tmp" <<'PY'
import sys, time, subprocess, os
import numpy as np
tmp = sys.argv[1]
qnngen, top = os.environ["QNNGEN"], os.environ["top_srcdir"]
net = os.path.join(top, "examples/magloc/magloc.yaml")
rng = np.random.default_rng(0)
x = rng.integers(-32768, 32768, (256, 27)).astype(np.int32)
np.save(os.path.join(tmp, "x.npy"), x)
def timed(args):
    t = time.perf_counter(); subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t
load = min(timed([qnngen, "check", "-q", net]) for _ in range(3))
run = min(timed([qnngen, "run", net, "--input", os.path.join(tmp, "x.npy"),
                 "-o", os.path.join(tmp, "y.npy")]) for _ in range(3))
sizes = [27, 512, 1024, 1024, 1024, 1024, 512, 512, 256, 6]
W = [rng.integers(-8, 8, (o, i)).astype(np.float32) for i, o in zip(sizes, sizes[1:])]
xf = x.astype(np.float32)
best = 1e9
for _ in range(3):
    t = time.perf_counter(); h = xf
    for w in W: h = np.maximum(h @ w.T, 0)
    best = min(best, time.perf_counter() - t)
q = 256 / (run - load)
f = 256 / best
print(f"qnngen run (load {load:.2f} s excluded): {q:.0f} inferences/s")
print(f"numpy float32 (batched matmul):          {f:.0f} inferences/s")
print(f"ratio qnngen/numpy: {q / f:.2f}")
PY

echo
sh "$top_srcdir/test/rtl/bench.sh"

echo
sh "$top_srcdir/test/synth/bench.sh"

# Parts 4 and 5 need yosys (and nextpnr-ice40); they say SKIP without.
echo
sh "$top_srcdir/test/bench/lut_per_mac.sh" || [ $? -eq 77 ]
echo
sh "$top_srcdir/test/bench/fmax_ice40.sh" || [ $? -eq 77 ]
