#!/bin/sh
# test/synth/bench.sh - `make bench`: qnngen's estimate (qnngen check)
# beside Yosys' synth_xilinx figures on small networks: tiny, bramnet
# (large lane memories), a binary one and an 8-bit one.  Prints, per layer
# and in total, estimate / Yosys and their ratio for LUT (LUT1..6),
# FF, RAMB18 equivalents and DSP48E1.  Yosys runs under a 6 GB limit.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"
: "${YOSYS=$(command -v yosys || true)}"
if [ -z "$YOSYS" ]; then
    echo "SKIP: no yosys"
    exit 0
fi
ulimit -v 6000000 2>/dev/null || true
s=$top_srcdir/test/synth
mkdir -p "$tmp/nets"
"$PYTHON3" "$s/make_bramnet.py" "$tmp/nets"
"$PYTHON3" - "$tmp/nets" <<'PY'
import os, sys
import numpy as np
out = sys.argv[1]
rng = np.random.default_rng(7)
# Binary weights (+-1) on 1-bit inputs, FINN style; 8-bit weights on 8-bit.
np.savez(os.path.join(out, "bin.npz"),
         a=np.where(rng.random((32, 64)) < 0.5, -1, 1).astype(np.int8),
         b=np.where(rng.random((10, 32)) < 0.5, -1, 1).astype(np.int8))
np.savez(os.path.join(out, "w8.npz"),
         a=rng.integers(-128, 128, (16, 32)).astype(np.int8),
         b=rng.integers(-128, 128, (4, 16)).astype(np.int8))
open(os.path.join(out, "bin.yaml"), "w").write("""\
qnngen: 1
name: bin
weights: bin.npz
input: {size: 64, bits: 1, signed: false}
layers:
  - {name: a, type: dense, out: 32, weight: a, weight_bits: 1, lanes: 4,
     simd: 16, shift: 0, activation: relu, out_bits: 1}
  - {name: b, type: dense, out: 10, weight: b, weight_bits: 1, lanes: 2,
     simd: 8, shift: 0, out_bits: 8}
""")
open(os.path.join(out, "w8.yaml"), "w").write("""\
qnngen: 1
name: w8
weights: w8.npz
input: {size: 32, bits: 8, signed: true}
layers:
  - {name: a, type: dense, out: 16, weight: a, weight_bits: 8, lanes: 2,
     simd: 4, shift: 8, activation: relu, out_bits: 8}
  - {name: b, type: dense, out: 4, weight: b, weight_bits: 8, lanes: 1,
     simd: 4, shift: 8, out_bits: 16}
""")
PY
nets="$top_srcdir/examples/tiny/tiny.yaml $tmp/nets/bramnet.yaml $tmp/nets/bin.yaml $tmp/nets/w8.yaml"
echo "== estimate (qnngen check) against Yosys 0.23 synth_xilinx -family xc7"
for n in $nets; do
    name=$(basename "$n" .yaml)
    "$QNNGEN" generate "$n" -o "$tmp/$name" --vectors 4 >/dev/null
    (cd "$tmp/$name" && nice -n 10 make --no-print-directory synth \
        YOSYS="$YOSYS" QNNGEN="$QNNGEN" >"$tmp/$name.log" 2>&1) ||
        { tail "$tmp/$name.log"; echo "$name: make synth FAILED"; continue; }
    "$PYTHON3" - "$tmp/$name/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
x = r["xc7"]
rows = [(l["name"], l["cells"], l["estimate"]) for l in x["layers"]]
rows.append(("stream/sync", x["rest"], x["rest_estimate"]))
rows.append(("total", x["total"], x["total_estimate"]))
def ratio(e, y):
    return f"{e / y:5.2f}" if y else "    -"
print(f"{r['net']}:")
print(f"  {'':12} {'LUT est/yosys':>18} {'FF est/yosys':>18} "
      f"{'BRAM18 est/yosys':>17} {'DSP est/yosys':>14}")
for name, c, e in rows:
    b18 = c["ram18"] + 2 * c["ram36"]
    print(f"  {name:12} {e['lut']:5}/{c['lut']:5} {ratio(e['lut'], c['lut'])} "
          f"{e['ff']:5}/{c['ff']:5} {ratio(e['ff'], c['ff'])} "
          f"{e['bram18']:5}/{b18:<5} {ratio(e['bram18'], b18)} "
          f"{e['dsp']:3}/{c['dsp']:<3} {ratio(e['dsp'], c['dsp'])}")
PY
done
