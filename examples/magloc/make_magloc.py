#!/usr/bin/python3
"""make_magloc.py - writes the magloc example with placeholder weights.

The network has the shape of the seed design (a magnetic sensor array
locating a source: 9 three-axis sensors in, position and strength out):
27-512-1024-1024-1024-1024-512-512-256-6, 4-bit signed weights, 16-bit signed
inputs, 32-bit signed activations (out_signed: true after relu, as in the
seed), relu on the hidden layers, none on the last, a power-of-two right
shift (floor) per layer, 16 lanes per layer.

The weights are placeholders (a rounded normal distribution, so they look
and compress like trained 4-bit weights) until trained ones replace them.
Each layer's shift is the least one that keeps the layer's largest
|activation| on 256 random inputs below 2^-8 of the int32 range: far from
saturation (256x headroom), yet using much of the width.  The script prints that fraction per
layer.  Fixed seed: running it again writes the same files.

Writes magloc.yaml, magloc.npz (int8 weights, int32 biases,
savez_compressed) and magloc_x.npy (4 input vectors, int16).

    /usr/bin/python3 make_magloc.py      # in examples/magloc/
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = [27, 512, 1024, 1024, 1024, 1024, 512, 512, 256, 6]
NAMES = ["fc%d" % i for i in range(1, len(SIZES) - 1)] + ["out"]
INPUT_BITS = 16
TARGET = 2.0 ** -8          # largest |activation| / 2^31 stays below this

rng = np.random.default_rng(8572)
calib = rng.integers(-(1 << (INPUT_BITS - 1)), 1 << (INPUT_BITS - 1),
                     size=(256, SIZES[0])).astype(np.int64)
x_ship = rng.integers(-(1 << (INPUT_BITS - 1)), 1 << (INPUT_BITS - 1),
                      size=(4, SIZES[0])).astype(np.int16)

arrays, shifts, report = {}, [], []
x = calib
for li, name in enumerate(NAMES):
    n_in, n_out = SIZES[li], SIZES[li + 1]
    last = li == len(NAMES) - 1
    w = np.clip(np.rint(rng.normal(0.0, 2.0, size=(n_out, n_in))), -8, 7)
    w = w.astype(np.int8)                                   # [out][in]
    acc_w = x @ w.astype(np.int64).T                        # exact: < 2^48
    # Biases of the order of a tenth of the spread of the weighted sums.
    spread = float(np.std(acc_w)) or 1.0
    b = np.rint(rng.normal(0.0, spread / 10, size=n_out)).astype(np.int64)
    acc = acc_w + b
    # The least shift that keeps the largest |acc| / 2^s below TARGET * 2^31.
    peak = int(np.max(np.abs(acc)))
    s = 0
    while (peak >> s) >= TARGET * 2 ** 31:
        s += 1
    q = acc >> s                                            # floor
    if not last:
        q = np.maximum(q, 0)
    assert q.min() >= -2 ** 31 and q.max() < 2 ** 31
    arrays[name + ".weight"] = w
    arrays[name + ".bias"] = b.astype(np.int32)
    shifts.append(s)
    frac = float(np.max(np.abs(q))) / 2 ** 31
    report.append((name, n_in, n_out, s, frac))
    x = q

np.savez_compressed(os.path.join(HERE, "magloc.npz"), **arrays)
np.save(os.path.join(HERE, "magloc_x.npy"), x_ship)

lines = [
    "# magloc: the seed network's shape, 27-512-1024x4-512-512-256-6, with",
    "# placeholder 4-bit weights written by make_magloc.py (fixed seed).",
    "# Shifts keep every activation far inside int32 on random inputs:",
]
for name, n_in, n_out, s, frac in report:
    lines.append("#   %-4s %4d -> %4d  shift %2d  max |activation| = %.5f of int32"
                 % (name, n_in, n_out, s, frac))
lines += [
    "qnngen: 1",
    "name: magloc",
    "weights: magloc.npz",
    "input:",
    "  size: %d" % SIZES[0],
    "  bits: %d" % INPUT_BITS,
    "  signed: true",
    "defaults:",
    "  weight_bits: 4",
    "  acc_bits: auto",
    "  out_bits: 32",
    "  out_signed: true       # int32 activations after relu, as in the seed",
    "  rounding: floor        # a plain arithmetic right shift",
    "  activation: relu",
    "  lanes: 16             # 1024x1024 layers: 64 x 1024 = 65536 cycles",
    "layers:",
]
for li, name in enumerate(NAMES):
    lines += [
        "  - name: %s" % name,
        "    type: dense",
        "    out: %d" % SIZES[li + 1],
        "    weight: %s.weight" % name,
        "    bias: %s.bias" % name,
        "    shift: %d" % shifts[li],
    ]
lines.append("    activation: none")
lines += [
    "meta:",
    "  source: make_magloc.py (placeholder weights, not trained)",
    "  inputs: 9 three-axis magnetic sensors",
    "  outputs: source position and strength",
]
with open(os.path.join(HERE, "magloc.yaml"), "w") as f:
    f.write("\n".join(lines) + "\n")

print("layer  in -> out  shift  max|activation|/2^31 (256 random inputs)")
for name, n_in, n_out, s, frac in report:
    print("%-5s %4d -> %4d  %5d  %.5f" % (name, n_in, n_out, s, frac))
