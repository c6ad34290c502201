"""The rule in python/qnntrain and `qnngen quantize` give identical
integers: random float tensors, every weight width 2..16, per tensor and
per channel, shift (each rule) and multiplier mode, given and calibrated
ranges, given and max-abs scales.  Usage: qnntrain_rule.py QNNGEN WORKDIR"""
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "python"))
from qnntrain import export, rule  # noqa: E402

qnngen, work = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(20261207)
failures = checks = 0


def same(what, got, want):
    global failures, checks
    checks += 1
    if not np.array_equal(np.asarray(got), np.asarray(want)):
        failures += 1
        print("FAIL %s:\n  qnngen %s\n  python %s" % (what, np.ravel(got)[:8], np.ravel(want)[:8]))


def one(case, bits, mode, per_channel, calibrated, shift_rule):
    sizes = [int(rng.integers(3, 9)), int(rng.integers(2, 9)), int(rng.integers(2, 6))]
    input_bits = int(rng.integers(2, 17))
    input_signed = bool(rng.integers(0, 2))
    out_bits = [int(rng.integers(4, 17)), int(rng.integers(4, 24))]
    layers = []
    for l in range(2):
        w = rng.normal(0, rng.uniform(0.01, 3.0), (sizes[l + 1], sizes[l]))
        w *= rng.uniform(0.05, 1.0, (sizes[l + 1], 1))    # rows of different size
        if rng.integers(0, 4) == 0:
            w = w.astype(np.float32).astype(np.float64)
        b = rng.normal(0, 0.1, sizes[l + 1]) if rng.integers(0, 3) else None
        layers.append(dict(name="fc%d" % (l + 1), w=w, b=b, relu=l == 0,
                           weight_bits=bits, out_bits=out_bits[l]))
    if rng.integers(0, 3) == 0:   # a given scale: 1.3 x the max-abs one
        layers[1]["weight_scale"] = 1.3 * float(np.max(np.abs(layers[1]["w"]))) / rule.qmax_of(bits)
    x = rng.uniform(-0.5, 2.0, (16, sizes[0]))
    # ranges as qnngen calibrates them: the float network in index order
    a = x
    for L in layers:
        y = rule.float_dense(L["w"], L["b"], a, L["relu"])
        L["calib"] = (float(y.min()), float(y.max()))
        if not calibrated:
            L["range"] = (L["calib"][0] * 1.1, L["calib"][1] * 0.9 + 0.01)
        if per_channel:
            L["granularity"] = "per_channel"
        if mode == "shift" and not L["relu"] and rng.integers(0, 2):
            L["zero_point"] = True   # an asymmetric output, folded into the bias
        a = y
    yaml = os.path.join(work, case + ".f.yaml")
    cal = None
    if calibrated:
        np.save(os.path.join(work, case + ".cal.npy"), x)
        cal = case + ".cal.npy"
        in_lo, in_hi = float(x.min()), float(x.max())
        in_range = None
    else:
        in_lo, in_hi = -0.5, 2.0
        in_range = (in_lo, in_hi)
    export.write_float_net(yaml, case, sizes[0], input_bits, input_signed,
                           [{k: v for k, v in L.items() if k != "calib"} for L in layers],
                           mode=mode, shift_rule=shift_rule, input_range=in_range,
                           calibration=cal)
    out = os.path.join(work, case + ".yaml")
    r = subprocess.run([qnngen, "quantize", "-q", yaml, "-o", out],
                       capture_output=True, text=True)
    # python's side
    lo, hi = rule.widen_range(in_lo, in_hi)
    s_x, z_x = rule.input_params(lo, hi, input_bits, input_signed)
    want = []
    try:
        for L in layers:
            rlo, rhi = L.get("range") or L["calib"]
            q = rule.quantize_layer(L["w"], L["b"], s_x, z_x, bits, L["out_bits"],
                                    L["relu"], rlo, rhi, mode, shift_rule, 16,
                                    per_channel, L.get("weight_scale"),
                                    L.get("zero_point", False))
            want.append(q)
            s_x, z_x = q.out_scale, q.out_zero_point
    except ValueError:
        want = None      # python refuses: qnngen must refuse too
    if want is None or r.returncode != 0:
        same(case + " refused by both", r.returncode != 0, want is None)
        refused.append(case)
        return
    d = np.load(os.path.join(work, case + ".npz"))
    text = open(out).read()
    for L, q in zip(layers, want):
        n = L["name"]
        same("%s %s weight" % (case, n), d[n + ".weight"], q.wq)
        if n + ".bias" in d:
            same("%s %s bias" % (case, n), d[n + ".bias"], q.bq)
        else:
            same("%s %s no bias" % (case, n), q.bq, np.zeros_like(q.bq))
        if n + ".shift" in d:
            same("%s %s shift" % (case, n), d[n + ".shift"], q.shift)
            same("%s %s weight_scale" % (case, n), d[n + ".weight_scale"], q.scale)
        else:
            same("%s %s shift" % (case, n), "    shift: %d\n" % q.shift[0] in text, True)
        if mode == "multiplier":
            if n + ".multiplier" in d:
                same("%s %s multiplier" % (case, n), d[n + ".multiplier"], q.mult)
            else:
                same("%s %s multiplier" % (case, n), "    multiplier: %d\n" % q.mult[0] in text, True)
        same("%s %s output_zero_point" % (case, n),
             "output_zero_point: %d\n" % q.out_zero_point in text, True)
        same("%s %s output_scale" % (case, n), "output_scale: %r\n" % q.out_scale in text
             or "output_scale: %.17g\n" % q.out_scale in text, True)


refused = []
k = 0
for bits in range(2, 17):
    for mode, shift_rule in (("shift", ("nearest", "floor", "ceil")[bits % 3]),
                             ("multiplier", "nearest")):
        for per_channel in (False, True):
            one("c%d" % k, bits, mode, per_channel, calibrated=k % 3 == 0,
                shift_rule=shift_rule)
            k += 1
# PyTorch users' fake quantization (optional): the same integers as the
# rule, and so as qnngen, on float32 and float64 weights.
try:
    import torch
    from qnntrain import torch_fq
except ImportError:
    torch = None
    print("no torch: its fake quantization not checked")
if torch is not None:
    for bits in range(2, 17):
        for per_channel in (False, True):
            w = rng.normal(0, rng.uniform(0.01, 3.0), (7, 5)) * rng.uniform(0.05, 1.0, (7, 1))
            for wt in (torch.tensor(w), torch.tensor(w.astype(np.float32))):
                wd = wt.double().numpy()
                s = rule.weight_scales(wd, bits, per_channel)
                same("torch w%d %s %s" % (bits, per_channel, wt.dtype),
                     torch_fq.quantize_weight(wt, bits, per_channel=per_channel).numpy(),
                     rule.quantize_weights(wd, s, bits))
                # the fake-quantized float64 weights are exactly s * q
                if wt.dtype == torch.float64:
                    same("torch fake w%d" % bits,
                         torch_fq.fake_quant_weight(wt, bits, per_channel=per_channel).detach().numpy(),
                         s[:, None] * rule.quantize_weights(wd, s, bits))
print("%d cases (%d refused by both), %d checks, %d failures" % (k, len(refused), checks, failures))
sys.exit(1 if failures else 0)
