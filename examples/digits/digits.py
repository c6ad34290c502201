#!/usr/bin/python3
"""digits: quantization-aware training on scikit-learn's bundled 8x8 digits
(no download), an MLP 64-64-32-10 with 8-, 4- and 2-bit weights, quantized
by `qnngen quantize` and measured by `qnngen run --float`; the 4-bit network
is generated and simulated.

    digits.py [--fast] [--out DIR] [--qnngen PATH] [--rtl N] [--json FILE]

--fast trains briefly (make check); --rtl N simulates the 4-bit design on
the first N test images (Icarus) and checks that the hardware's predicted
labels are the reference model's.  Prints a Markdown table of float and
quantized test accuracy (QAT and plain post-training quantization).
"""
import argparse
import copy
import json
import os
import re
import subprocess
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "python"))
from qnntrain import export, mlp, rule  # noqa: E402

SIZES = [64, 64, 32, 10]
SEED = 1


def load_digits():
    from sklearn.datasets import load_digits as sk_digits
    d = sk_digits()
    x = d.data.astype(np.float64) / 16.0          # pixels 0..16 -> [0, 1]
    y = d.target.astype(np.int64)
    order = np.random.default_rng(0).permutation(len(y))
    n_test = 360
    test, train = order[:n_test], order[n_test:]
    return x[train], y[train], x[test], y[test]


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit("digits: %s failed:\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def quantize_and_measure(qnngen, out, tag, model, x_test_path, y_test_path, lanes):
    """Writes the float network, runs qnngen quantize and run --float."""
    f_yaml = os.path.join(out, "digits_%s.f.yaml" % tag)
    q_yaml = os.path.join(out, "digits_%s.yaml" % tag)
    qc = model.qc
    export.write_float_net(f_yaml, "digits", SIZES[0], qc.input_bits,
                           qc.input_signed, model.export_layers(),
                           mode=qc.mode, shift_rule=qc.shift_rule,
                           input_range=qc.input_range, lanes=lanes)
    run([qnngen, "quantize", "-q", f_yaml, "-o", q_yaml])
    report = run([qnngen, "run", q_yaml, "--float", "--input", x_test_path,
                  "--labels", y_test_path])
    m = re.search(r"accuracy: float ([0-9.]+) .*, quantized ([0-9.]+)", report)
    # The input scale and zero point qnngen wrote are python's.
    text = open(q_yaml).read()
    s_in, z_in = model.input_params()
    assert "input_scale: %.17g\n" % s_in in text or "input_scale: %r\n" % s_in in text
    assert "input_zero_point: %d\n" % z_in in text
    return float(m.group(1)), float(m.group(2)), q_yaml, report


def simulate(qnngen, q_yaml, model, x_test, n, out):
    """Generates and simulates the design on n test images; returns the
    hardware's and the reference model's predicted labels."""
    s_in, z_in = model.input_params()
    xq = rule.quantize_input(x_test[:n], s_in, z_in, model.qc.input_bits,
                             model.qc.input_signed)
    x_path = os.path.join(out, "digits_x%d.npy" % n)
    np.save(x_path, xq)
    rtl = os.path.join(out, "rtl")
    run([qnngen, "generate", q_yaml, "--input", x_path, "-o", rtl])
    sim = subprocess.run(["make", "-s", "-C", rtl, "sim"], capture_output=True, text=True)
    log = sim.stdout + sim.stderr
    m = re.search(r"(\d+) passed, (\d+) failed", log)
    if sim.returncode != 0 or not m or int(m.group(2)) != 0:
        sys.exit("digits: simulation failed:\n" + log[-2000:])
    ref = os.path.join(out, "ref.npy")
    run([qnngen, "run", q_yaml, "--input", x_path, "-o", ref])
    ref_labels = np.argmax(np.load(ref), axis=1)
    last = "fc%d" % (len(SIZES) - 1)
    hw = np.zeros((n, SIZES[-1]), dtype=np.int64)
    seen = 0
    with open(os.path.join(rtl, "sim", "results.txt")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            v, layer, j, value = line.split()
            if layer == last:
                hw[int(v), int(j)] = int(value)
                seen += 1
    if seen != n * SIZES[-1]:
        sys.exit("digits: the simulation reported %d of %d outputs" % (seen, n * SIZES[-1]))
    return int(m.group(1)), np.argmax(hw, axis=1), ref_labels


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fast", action="store_true", help="short training (make check)")
    ap.add_argument("--out", default="digits-out", help="working folder")
    ap.add_argument("--qnngen", default=os.path.join(here, "..", "..", "qnngen"))
    ap.add_argument("--rtl", type=int, default=40, metavar="N",
                    help="simulate the 4-bit design on N test images (0: no)")
    ap.add_argument("--json", help="also write the results as JSON")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    x_tr, y_tr, x_te, y_te = load_digits()
    x_test_path = os.path.join(a.out, "digits_test_x.npy")
    y_test_path = os.path.join(a.out, "digits_test_y.npy")
    np.save(x_test_path, x_te)
    np.save(y_test_path, y_te)
    float_epochs, qat_epochs = (40, 10) if a.fast else (150, 40)

    net = mlp.MLP(SIZES, seed=SEED)
    net.train(x_tr, y_tr, float_epochs, lr=2e-3, seed=SEED)
    float_acc = net.accuracy(x_te, y_te)
    rows, results = [], {"float_accuracy": float_acc, "widths": {}}
    q4 = None
    for bits in (8, 4, 2):
        qc = mlp.QuantConfig(weight_bits=bits, scale="mean_abs" if bits == 2 else "max_abs")
        # post-training quantization: the float weights as they are
        ptq = copy.deepcopy(net)
        ptq.quantize(qc, x_tr)
        _, ptq_acc, _, _ = quantize_and_measure(a.qnngen, a.out, "w%d_ptq" % bits, ptq,
                                                x_test_path, y_test_path, 8)
        # quantization-aware training from the float weights
        qat = copy.deepcopy(net)
        qat.quantize(qc, x_tr)
        qat.train(x_tr, y_tr, qat_epochs, lr=5e-4, seed=SEED + bits, quant=True)
        fake_acc = qat.accuracy(x_te, y_te, quant=True)
        f_acc, q_acc, q_yaml, report = quantize_and_measure(
            a.qnngen, a.out, "w%d" % bits, qat, x_test_path, y_test_path, 8)
        if bits == 4:
            q4 = (q_yaml, qat)
        results["widths"][str(bits)] = dict(ptq=ptq_acc, qat=q_acc, qat_fake_quant=fake_acc,
                                            qat_float=f_acc, report=report)
        rows.append("| %d | %.1f %% | %.1f %% | %.1f %% |"
                    % (bits, 100 * ptq_acc, 100 * q_acc, 100 * fake_acc))
    print("digits, MLP 64-64-32-10, %d test images; float accuracy %.1f %%\n"
          % (len(y_te), 100 * float_acc))
    print("| weight bits | PTQ (qnngen run) | QAT (qnngen run) | QAT (fake quant) |")
    print("| --- | --- | --- | --- |")
    print("\n".join(rows))
    if a.rtl > 0:
        n = min(a.rtl, len(y_te))
        passed, hw, ref = simulate(a.qnngen, q4[0], q4[1], x_te, n, a.out)
        same = int(np.sum(hw == ref))
        right = int(np.sum(hw == y_te[:n]))
        results["rtl"] = dict(vectors=n, passed=passed, same_labels=same, correct=right)
        print("\n4-bit design simulated on %d test images: %d passed, 0 failed; "
              "predicted labels equal the reference model's on %d/%d; %d/%d correct"
              % (n, passed, same, n, right, n))
        if same != n:
            sys.exit("digits: the hardware's labels differ from the reference model's")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
