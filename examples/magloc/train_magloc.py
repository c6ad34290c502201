#!/usr/bin/python3
"""train_magloc.py - trains the magloc network on simulated magnetometer
data and writes the example's integer network.

    nice /usr/bin/python3 train_magloc.py [--minutes 12] [--work DIR]

The network is the seed design's, 27-512-1024x4-512-512-256-6, ReLU on the
hidden layers: 27 sensor counts in, the source's position (x, y, z) and
moment (mx, my, mz) out (magloc_data.py has the physics).  Steps:

1. Data: 40000 training, 2000 test and 64 shipped held-out samples from
   fixed seeds.  The float model sees counts * 2^-10; targets are
   standardized (mean/std per output, from the training set).
2. Float training: Adam, batch 128, cosine learning rate from 1e-3, MSE on
   the standardized targets, 60 % of the time budget.
3. Quantization-aware training (the other 40 %): every weight tensor goes
   through the 4-bit rule below in the forward pass, gradients pass
   straight through (STE), from the float weights, lr from 3e-4.
4. Integer network (`export`): per tensor, in double precision,
       s = max|W| / 7,   Wq = clip(rint(W / s), -7, 7)     (rint: half-even)
   so the zero point is 0 and the range narrow, as in the seed.  With S0 =
   2^-10 the input scale, layer l's accumulator has scale A = s * S(l-1);
   bias = rint(b / A) (int32); the layer's right shift (floor) is the least
   one that keeps the largest |accumulator| over 1000 training samples below
   2^22 (int32 with 9 bits of headroom), and S(l) = A * 2^shift.  The
   outputs are q * S(9) * std + mean in physical units (kept under `meta`).
   This is the power-of-two rule of `qnngen quantize` in `shift` mode with
   max-abs weight scales and calibrated activation ranges; the QAT float
   weights are written to WORK/magloc_float.npz (a state_dict: fc1.weight,
   fc1.bias, ...) with WORK/magloc_float.yaml, the float network with its
   `quantization:` section, so that `qnngen quantize` can redo this step.
5. Evaluation on the test set: float, post-training-quantized (step 4 on
   the float weights, no QAT) and QAT integer models, in mm and mA m^2.

Writes magloc.yaml, magloc.npz (int8 weights, int32 biases, compressed),
magloc_x.npy (4 held-out input vectors) and magloc_heldout.npz (64 held-out
inputs with their true targets) next to this script, and WORK/report.txt.
Training uses one thread: Debian's torch has only the reference BLAS, so
the matrix products go through oneDNN (torch's mkldnn_linear), ~10x faster.
"""
import argparse
import math
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import magloc_data as md  # noqa: E402

SIZES = [27, 512, 1024, 1024, 1024, 1024, 512, 512, 256, 6]
NAMES = ["fc%d" % i for i in range(1, len(SIZES) - 1)] + ["out"]
WEIGHT_BITS = 4
QMAX = (1 << (WEIGHT_BITS - 1)) - 1          # 7: narrow range [-7, 7]
INPUT_SCALE = 2.0 ** -10                     # float input = counts * 2^-10
PEAK_BITS = 22                               # calibrated |acc| >> s < 2^22


def mm(a, b):
    """a @ b (float32) through oneDNN."""
    return torch._C._nn.mkldnn_linear(
        a.contiguous().to_mkldnn(), b.t().contiguous().to_mkldnn(),
        None).to_dense()


class Linear(torch.autograd.Function):
    """y = x W^T + b with oneDNN products, forward and backward."""
    @staticmethod
    def forward(ctx, x, w, b):
        ctx.save_for_backward(x, w)
        return mm(x, w.t()) + b

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        return mm(g, w), mm(g.t(), x), g.sum(0)


def fake_quant(w):
    """The 4-bit rule of step 4 in the forward pass, identity gradient."""
    s = w.detach().abs().max() / QMAX
    q = torch.clamp(torch.round(w / s), -QMAX, QMAX) * s
    return w + (q - w).detach()


class Net:
    def __init__(self, seed):
        g = torch.Generator().manual_seed(seed)
        self.params = []
        for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
            w = torch.randn(n_out, n_in, generator=g) * math.sqrt(2.0 / n_in)
            b = torch.zeros(n_out)
            self.params.append((w.requires_grad_(), b.requires_grad_()))

    def flat(self):
        return [p for wb in self.params for p in wb]

    def forward(self, x, quant):
        h = x
        for i, (w, b) in enumerate(self.params):
            h = Linear.apply(h, fake_quant(w) if quant else w, b)
            if i < len(self.params) - 1:
                h = torch.relu(h)
        return h

    def numpy(self):
        return [(w.detach().double().numpy(), b.detach().double().numpy())
                for w, b in self.params]


def train(net, x, t, seconds, lr0, quant, seed, log):
    """Adam on MSE for `seconds` of wall time, the learning rate following a
    cosine of the elapsed fraction (so a busy machine trains fewer steps,
    not longer); returns the epochs done (a fraction)."""
    opt = torch.optim.Adam(net.flat(), lr=lr0)
    rng = np.random.default_rng(seed)
    n, batch = x.shape[0], 128
    steps_per_epoch = n // batch
    start = time.time()
    step, epoch = 0, 0
    while True:
        perm = rng.permutation(n)
        run_loss = 0.0
        for k in range(steps_per_epoch):
            done = (time.time() - start) / seconds
            if done >= 1.0:
                return epoch + k / steps_per_epoch
            for grp in opt.param_groups:
                grp["lr"] = lr0 * 0.5 * (1 + math.cos(math.pi * done))
            idx = perm[k * batch:(k + 1) * batch]
            loss = torch.mean((net.forward(x[idx], quant) - t[idx]) ** 2)
            opt.zero_grad()
            loss.backward()
            opt.step()
            run_loss += loss.item()
            step += 1
        epoch += 1
        log("  epoch %d: mean loss %.5f (%.0f s)"
            % (epoch, run_loss / steps_per_epoch, time.time() - start))


def predict_float(layers, x):
    h = x.astype(np.float64) * INPUT_SCALE
    for i, (w, b) in enumerate(layers):
        h = h @ w.T + b
        if i < len(layers) - 1:
            h = np.maximum(h, 0.0)
    return h


def quantize(layers, calib):
    """Step 4: integer weights, biases and shifts, and the output scale."""
    out, scale = [], INPUT_SCALE
    h = calib.astype(np.float64)
    for i, (w, b) in enumerate(layers):
        s = np.max(np.abs(w)) / QMAX
        wq = np.clip(np.rint(w / s), -QMAX, QMAX)
        acc_scale = s * scale
        bq = np.rint(b / acc_scale)
        assert np.all(np.abs(bq) < 2.0 ** 31), "bias outside int32"
        # Exact in double: |acc| < 2^53 (int32 inputs, 4-bit weights).
        acc = h @ wq.T + bq
        peak = np.max(np.abs(acc))
        shift = 0
        while np.floor(peak / 2.0 ** shift) >= 2.0 ** PEAK_BITS:
            shift += 1
        h = np.floor(acc / 2.0 ** shift)
        if i < len(layers) - 1:
            h = np.maximum(h, 0.0)
        scale = acc_scale * 2.0 ** shift
        out.append(dict(w=wq.astype(np.int8), b=bq.astype(np.int32),
                        shift=shift, w_scale=s, acc_scale=acc_scale,
                        out_scale=scale))
    return out


def predict_int(qlayers, x):
    """The integer network (spec section 3 with floor, ReLU, int32
    saturation), exact in double precision; integer outputs."""
    h = x.astype(np.float64)
    for i, q in enumerate(qlayers):
        acc = h @ q["w"].astype(np.float64).T + q["b"]
        h = np.floor(acc / 2.0 ** q["shift"])
        if i < len(qlayers) - 1:
            h = np.maximum(h, 0.0)
        h = np.clip(h, -2.0 ** 31, 2.0 ** 31 - 1)
    return h


def summary(name, pred, true):
    dp, dm = md.errors(pred, true)
    mnorm = np.linalg.norm(true[:, 3:6], axis=1) * 1e3
    return ("%-22s position %6.2f mm mean, %6.2f median, %6.2f p95;  "
            "moment %6.1f mA m^2 mean (%4.1f %% of |m|)"
            % (name, dp.mean(), np.median(dp), np.percentile(dp, 95),
               dm.mean(), 100 * np.mean(dm / mnorm)))


def export_float(work, layers, calib):
    """WORK/magloc_float.npz (float32 state_dict) and magloc_float.yaml for
    `qnngen quantize` (qnngen-yaml(5), QUANTIZATION): shift mode, max-abs
    per-tensor weight scales (its default), the input scale 2^-10 through
    input_range, and each layer's output range the calibrated float range
    widened 2^9 times (the headroom of step 4)."""
    np.savez(os.path.join(work, "magloc_float.npz"),
             **{"%s.%s" % (n, k): v.astype(np.float32)
                for n, (w, b) in zip(NAMES, layers)
                for k, v in (("weight", w), ("bias", b))})
    # [-32768, 32767] * 2^-10: quantize's input scale (hi - lo) / 65535 is
    # then exactly 2^-10 and the zero point 0, so counts go in unchanged.
    lo, hi = -32768 * INPUT_SCALE, 32767 * INPUT_SCALE
    lines = ["# magloc float network for `qnngen quantize` "
             "(train_magloc.py)",
             "qnngen: 1", "name: magloc", "weights: magloc_float.npz",
             "input: {size: %d, bits: 16, signed: true}" % SIZES[0],
             "quantization:", "  mode: shift", "  shift_rule: floor",
             "  input_range: [%r, %r]" % (lo, hi), "layers:"]
    h = calib.astype(np.float64) * INPUT_SCALE
    for i, (name, (w, b)) in enumerate(zip(NAMES, layers)):
        h = h @ w.T + b
        last = i == len(layers) - 1
        if not last:
            h = np.maximum(h, 0.0)
        peak = float(np.max(np.abs(h))) * 2.0 ** (31 - PEAK_BITS)
        lines += ["  - name: %s" % name, "    type: dense",
                  "    out: %d" % w.shape[0],
                  "    weight: %s.weight" % name, "    bias: %s.bias" % name,
                  "    weight_bits: %d" % WEIGHT_BITS, "    out_bits: 32",
                  "    rounding: floor",
                  "    activation: %s" % ("none" if last else "relu"),
                  "    lanes: 16",
                  "    quantization: {range: [%r, %r]}"
                  % (-peak if last else 0.0, peak)]
    with open(os.path.join(work, "magloc_float.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def write_yaml(path, qlayers, mean, std, stats):
    out_scale = qlayers[-1]["out_scale"]
    lines = [
        "# magloc: the seed network, 27-512-1024x4-512-512-256-6, trained by",
        "# train_magloc.py on simulated magnetometer data (magloc_data.py):",
        "# 4-bit weights (QAT), int16 sensor counts in, int32 activations.",
    ]
    lines += ["# " + s for s in stats]
    lines += [
        "qnngen: 1",
        "name: magloc",
        "weights: magloc.npz",
        "input:",
        "  size: %d" % SIZES[0],
        "  bits: 16",
        "  signed: true",
        "defaults:",
        "  weight_bits: %d" % WEIGHT_BITS,
        "  acc_bits: auto",
        "  out_bits: 32",
        "  out_signed: true       # int32 activations after relu, as in the seed",
        "  rounding: floor        # a plain arithmetic right shift",
        "  activation: relu",
        "  lanes: 16             # 1024x1024 layers: 64 x 1024 = 65536 cycles",
        "layers:",
    ]
    for name, q in zip(NAMES, qlayers):
        lines += [
            "  - name: %s" % name,
            "    type: dense",
            "    out: %d" % q["w"].shape[0],
            "    weight: %s.weight" % name,
            "    bias: %s.bias" % name,
            "    shift: %d" % q["shift"],
        ]
        if name == NAMES[-1]:
            lines.append("    activation: none")
        lines += [
            "    meta:",
            "      weight_scale: %.17g" % q["w_scale"],
            "      output_scale: %.17g" % q["out_scale"],
        ]
    lines += [
        "meta:",
        "  source: train_magloc.py (simulated dipole, QAT at 4 bits)",
        "  inputs: 9 three-axis magnetometers, 0.1 uT per count",
        "  input_scale: %.17g      # float input = count * input_scale"
        % INPUT_SCALE,
        "  outputs: [%s]" % ", ".join(md.OUTPUT_NAMES),
        "  units: [%s]" % ", ".join(md.OUTPUT_UNITS),
        "  # physical output k = q[k] * output_scale * target_std[k] + "
        "target_mean[k]",
        "  output_scale: %.17g" % out_scale,
        "  target_mean: [%s]" % ", ".join("%.17g" % v for v in mean),
        "  target_std: [%s]" % ", ".join("%.17g" % v for v in std),
    ]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=12.0,
                    help="training time budget (float + QAT)")
    ap.add_argument("--train", type=int, default=40000)
    ap.add_argument("--work", default="magloc-train",
                    help="folder for the float weights and the report")
    ap.add_argument("--out", default=HERE,
                    help="folder for the example's files (default: here)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)
    os.makedirs(args.work, exist_ok=True)
    report = []

    def log(s):
        print(s, flush=True)
        report.append(s)

    x_tr, y_tr = md.sample(args.train, np.random.default_rng(101))
    x_te, y_te = md.sample(2000, np.random.default_rng(202))
    x_ho, y_ho = md.sample(64, np.random.default_rng(303))
    mean, std = y_tr.mean(axis=0), y_tr.std(axis=0)
    xt = torch.tensor(x_tr.astype(np.float32) * INPUT_SCALE)
    tt = torch.tensor(((y_tr - mean) / std).astype(np.float32))
    log("data: %d train, %d test, %d held-out; counts max |x| %d"
        % (len(x_tr), len(x_te), len(x_ho), np.abs(x_tr).max()))

    net = Net(seed=1)
    budget = args.minutes * 60
    log("float training (%.1f min)" % (0.6 * budget / 60))
    ep = train(net, xt, tt, 0.6 * budget, 1e-3, False, 1, log)
    float_layers = net.numpy()
    log("  %.1f epochs" % ep)
    log("QAT at %d bits (%.1f min)" % (WEIGHT_BITS, 0.4 * budget / 60))
    ep = train(net, xt, tt, 0.4 * budget, 3e-4, True, 2, log)
    qat_layers = net.numpy()
    log("  %.1f epochs" % ep)

    calib = x_tr[:1000]
    export_float(args.work, qat_layers, calib)
    ptq = quantize(float_layers, calib)
    qat = quantize(qat_layers, calib)

    def phys_int(q, x):
        return predict_int(q, x) * q[-1]["out_scale"] * std + mean

    res = [
        summary("float", predict_float(float_layers, x_te) * std + mean, y_te),
        summary("4-bit PTQ (integer)", phys_int(ptq, x_te), y_te),
        summary("4-bit QAT (integer)", phys_int(qat, x_te), y_te),
    ]
    log("test set, %d samples:" % len(x_te))
    for r in res:
        log("  " + r)
    log("shifts: " + " ".join("%s %d" % (n, q["shift"])
                              for n, q in zip(NAMES, qat)))
    ho = summary("held-out 64, QAT int", phys_int(qat, x_ho), y_ho)
    log("  " + ho)

    np.savez_compressed(
        os.path.join(args.out, "magloc.npz"),
        **{"%s.%s" % (n, k): v for n, q in zip(NAMES, qat)
           for k, v in (("weight", q["w"]), ("bias", q["b"]))})
    np.save(os.path.join(args.out, "magloc_x.npy"), x_ho[:4])
    np.savez_compressed(os.path.join(args.out, "magloc_heldout.npz"),
                        x=x_ho, y=y_ho)
    write_yaml(os.path.join(args.out, "magloc.yaml"), qat, mean, std,
               ["test set, 2000 samples:"] + ["  " + r for r in res])
    with open(os.path.join(args.work, "report.txt"), "w") as f:
        f.write("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
