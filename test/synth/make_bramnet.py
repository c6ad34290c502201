#!/usr/bin/python3
"""make_bramnet.py DIR - writes DIR/bramnet.yaml and DIR/bramnet.npz: a small
network whose lane memories are large enough that every synthesis tool puts
them in block RAM.

  big:   288 -> 64, 4-bit weights, lanes 2, simd 9: each lane memory is
         32 groups x 32 words = 1024 words of 36 bits (36 Kbit: one
         RAMB36, or two RAMB18)
  small: 64 -> 10, 2-bit weights, lanes 1, simd 8: 10 x 8 = 80 words of
         16 bits (one RAMB18)

Fixed seed: the same files every time.
"""
import os
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(4)
np.savez(os.path.join(out, "bramnet.npz"),
         big_w=rng.integers(-8, 8, size=(64, 288)).astype(np.int8),
         small_w=rng.integers(-2, 2, size=(10, 64)).astype(np.int8))
with open(os.path.join(out, "bramnet.yaml"), "w") as f:
    f.write("""\
qnngen: 1
name: bramnet
weights: bramnet.npz
input: {size: 288, bits: 4, signed: false}
layers:
  - {name: big, type: dense, out: 64, weight: big_w, weight_bits: 4,
     lanes: 2, simd: 9, shift: 6, activation: relu, out_bits: 4}
  - {name: small, type: dense, out: 10, weight: small_w, weight_bits: 2,
     lanes: 1, simd: 8, shift: 3, out_bits: 8}
""")
