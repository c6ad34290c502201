#!/bin/sh
# test/sweep/sweep.sh - `qnngen sweep` on a small float network (16-12-4,
# random weights, 200 random inputs labelled by the float network itself, so
# the float accuracy is 100 %) at 8 and 2 bits.  Every figure of sweep.json
# is checked against a second computation: the quantized accuracy and each
# layer's mean/max error from `qnngen run` on the written networks and a
# numpy float model; the Markdown rows and the SVG's points against the
# JSON; Yosys' counts (the design's make synth) plausible: 8-bit weights
# need more LUTs than 2-bit; the iCE40 part placed and routed, with an Fmax.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/test/rtl/setup.sh"
need_python_numpy
: "${YOSYS:=$(command -v yosys || true)}"
: "${NEXTPNR_ICE40:=$(command -v nextpnr-ice40 || true)}"
if [ -z "$YOSYS" ] || [ -z "$NEXTPNR_ICE40" ]; then
    echo "SKIP: needs yosys and nextpnr-ice40"
    exit 77
fi
export YOSYS NEXTPNR_ICE40

cd "$tmp"
"$PYTHON3" - <<'PY'
import numpy as np
rng = np.random.default_rng(5)
w1 = rng.normal(0, 0.4, (12, 16)); b1 = rng.normal(0, 0.1, 12)
w2 = rng.normal(0, 0.4, (4, 12)); b2 = rng.normal(0, 0.1, 4)
x = rng.uniform(-1, 1, (200, 16))
y = np.maximum(x @ w1.T + b1, 0) @ w2.T + b2
np.save("x.npy", x)
np.save("labels.npy", np.argmax(y, 1).astype(np.int64))
np.savez("small.npz", **{"fc1.weight": w1, "fc1.bias": b1,
                         "fc2.weight": w2, "fc2.bias": b2})
PY
cat >small.yaml <<'YML'
qnngen: 1
name: sw
weights: small.npz
input: {size: 16, bits: 8, signed: true}
quantization:
  mode: shift
  calibration: x.npy
layers:
  - {name: fc1, type: dense, out: 12, weight: fc1.weight, bias: fc1.bias,
     weight_bits: 8, out_bits: 8, activation: relu, lanes: 2}
  - {name: fc2, type: dense, out: 4, weight: fc2.weight, bias: fc2.bias,
     weight_bits: 8, out_bits: 16, activation: none, lanes: 2}
YML

# Usage errors first (exit 2), then the sweep itself.
for args in "small.yaml" "small.yaml --bits 1" "small.yaml --bits 8,8" \
            "small.yaml --bits 4,x" "--bits 4"; do
    rc=0
    # shellcheck disable=SC2086
    "$QNNGEN" sweep $args >/dev/null 2>&1 || rc=$?
    [ "$rc" -eq 2 ] || fail "sweep $args: exit $rc, not 2"
done

(ulimit -v 6000000 2>/dev/null || true
 "$QNNGEN" sweep small.yaml --bits 8,2 --input x.npy --labels labels.npy \
     -o out) >sweep.log 2>&1 || { cat sweep.log; fail "sweep"; finish; }
cat out/sweep.md

for b in 8 2; do
    "$PYTHON3" - "$b" <<'PY' || fail "inputs for $b bits"
import sys, numpy as np, yaml
b = sys.argv[1]
meta = yaml.safe_load(open("out/w%s/sw.yaml" % b))["meta"]["quantize"]
s, z = meta["input_scale"], meta["input_zero_point"]
xq = np.clip(np.rint(np.load("x.npy") / s) + z, -128, 127).astype(np.int64)
np.save("xq%s.npy" % b, xq)
PY
    "$QNNGEN" run out/w$b/sw.yaml --input xq$b.npy -o run$b.npy \
        --trace trace$b >run$b.log 2>&1 || { cat run$b.log; fail "run $b"; }
done

"$PYTHON3" - <<'PY' || fail "sweep figures against the second computation"
import json, re, xml.etree.ElementTree as ET
import numpy as np, yaml
j = json.load(open("out/sweep.json"))
assert j["network"] == "sw", j["network"]
rows = j["widths"]
assert [r["weight_bits"] for r in rows] == [8, 2], rows
f = np.load("small.npz")
x = np.load("x.npy"); labels = np.load("labels.npy")
h1 = np.maximum(x @ f["fc1.weight"].T + f["fc1.bias"], 0)
h2 = h1 @ f["fc2.weight"].T + f["fc2.bias"]
md = open("out/sweep.md").read()
for r in rows:
    b = r["weight_bits"]
    net = yaml.safe_load(open("out/w%d/sw.yaml" % b))
    assert all(L["weight_bits"] == b for L in net["layers"]), b
    out = np.load("run%d.npy" % b)
    acc = 100.0 * np.mean(np.argmax(out, 1) == labels)
    assert r["accuracy_float"] == 100.0, r["accuracy_float"]
    assert abs(r["accuracy_quantized"] - acc) < 1e-9, (b, r, acc)
    for L, fl, name in zip(net["layers"], (h1, h2), ("fc1", "fc2")):
        q = np.load("trace%d/%s.npy" % (b, name)).astype(np.float64)
        e = np.abs(q * L["meta"]["quantize"]["output_scale"] - fl)
        got = [d for d in r["layers"] if d["name"] == name][0]
        assert np.isclose(got["mean_abs_err"], e.mean(), rtol=1e-9), (b, name, got, e.mean())
        assert np.isclose(got["max_abs_err"], e.max(), rtol=1e-9), (b, name, got, e.max())
    x7 = r["xc7"]
    assert x7["lut"] > 0 and x7["ff"] > 0, x7
    assert r["ice40"]["fits"] and r["ice40"]["fmax_mhz"] > 1, r
    row = "| %d | 100.00 %% | %.2f %% |" % (b, acc)
    assert row in md, row
    assert "| %d | %d | %d |" % (x7["lut"], x7["ff"], x7["carry4"]) in md, x7
    print("%d-bit: accuracy %.2f %%, fc2 mean error %.4g, %d LUT, %.1f MHz"
          % (b, acc, r["layers"][1]["mean_abs_err"], x7["lut"],
             r["ice40"]["fmax_mhz"]))
assert rows[0]["xc7"]["lut"] > rows[1]["xc7"]["lut"], "8-bit not larger"
assert rows[0]["accuracy_quantized"] >= 95.0, rows[0]
svg = ET.parse("out/sweep.svg").getroot()
ns = "{http://www.w3.org/2000/svg}"
pts = svg.findall(ns + "circle")
assert len(pts) == 2, len(pts)
# Higher accuracy is higher on the page; more LUTs further right.
(c8, c2) = pts
assert float(c8.get("cx")) > float(c2.get("cx"))
if rows[0]["accuracy_quantized"] > rows[1]["accuracy_quantized"]:
    assert float(c8.get("cy")) < float(c2.get("cy"))
PY
finish
