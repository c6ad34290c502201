#!/usr/bin/python3
"""make_tiny.py - writes the tiny example: tiny.yaml, tiny.npz, tiny_x.npy.

A network small enough to read whole: 8 inputs (4-bit signed), a hidden
layer of 6 relu neurons (4-bit unsigned outputs) and an output layer of 3
(8-bit signed).  Weights are 4-bit; lanes 2 and simd 3 do not divide the
sizes, so the hardware's ragged last steps get exercised.  The input
vector (8 x 4 bits) arrives as one 32-bit AXI4-Stream beat, the outputs
as three 8-bit beats.  Fixed seed:
running this again writes the same files.

    /usr/bin/python3 make_tiny.py      # in examples/tiny/
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261123)

w_hid = rng.integers(-8, 8, size=(6, 8)).astype(np.int8)    # [out][in]
b_hid = rng.integers(-16, 16, size=6).astype(np.int8)
w_out = rng.integers(-8, 8, size=(3, 6)).astype(np.int8)
b_out = rng.integers(-32, 32, size=3).astype(np.int8)
np.savez_compressed(os.path.join(HERE, "tiny.npz"),
                    **{"hid.weight": w_hid, "hid.bias": b_hid,
                       "out.weight": w_out, "out.bias": b_out})

# Six input vectors: all zeros, the two extremes, three random ones.
x = np.concatenate([np.zeros((1, 8)), np.full((1, 8), -8), np.full((1, 8), 7),
                    rng.integers(-8, 8, size=(3, 8))]).astype(np.int8)
np.save(os.path.join(HERE, "tiny_x.npy"), x)

YAML = """\
# tiny: a network small enough to read whole (written by make_tiny.py).
qnngen: 1
name: tiny
weights: tiny.npz        # hid.weight [6][8], hid.bias [6], out.weight [3][6], out.bias [3]
input:
  size: 8
  bits: 4                # -8..7
  signed: true
io:
  in_per_beat: 8         # the whole input vector in one 32-bit beat
  out_per_beat: 1        # the outputs one 8-bit beat each
defaults:
  weight_bits: 4         # -8..7
  bias_bits: 8
  lanes: 2               # 2 neurons in parallel ...
  simd: 3                # ... each taking 3 inputs a cycle
layers:
  - name: hid
    type: dense
    out: 6
    weight: hid.weight
    bias: hid.bias
    shift: 3             # acc / 8, rounded to nearest, ties to even
    rounding: half_even
    activation: relu
    out_bits: 4          # unsigned after relu: 0..15 (saturates above)
  - name: out
    type: dense
    out: 3
    weight: out.weight
    bias: out.bias
    shift: 2             # acc / 4, rounded down
    activation: none
    out_bits: 8          # signed: -128..127
"""
with open(os.path.join(HERE, "tiny.yaml"), "w") as f:
    f.write(YAML)
