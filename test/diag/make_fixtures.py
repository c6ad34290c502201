#!/usr/bin/python3
"""Writes the small array files the diagnostic cases refer to (run once;
the files are committed so the suite needs no numpy)."""
import numpy as np

np.save("w_float.npy", np.array([[0.5, 1.0], [1.5, 2.0]], dtype=np.float32))
np.save("w_bool.npy", np.array([[True, False], [False, True]]))
np.save("w_3d.npy", np.zeros((2, 2, 1), dtype=np.int8))
np.save("w_ok.npy", np.array([[1, -2], [3, 4]], dtype=np.int8))
np.save("w_wide.npy", np.array([[1, -2], [30, 4]], dtype=np.int16))
np.save("w_bin_mixed.npy", np.array([[0, -1], [1, 1]], dtype=np.int8))
np.save("w_bin_two.npy", np.array([[0, 2], [1, 1]], dtype=np.int8))
np.save("x_ok.npy", np.array([[1, -2], [3, 4]], dtype=np.int32))
np.save("x_range.npy", np.array([[1, -2], [300, 4]], dtype=np.int32))
np.save("x_float.npy", np.array([[1.0, 2.0]], dtype=np.float64))
np.save("x_shape.npy", np.array([[1, 2, 3]], dtype=np.int32))
open("w_trunc.npy", "wb").write(open("w_ok.npy", "rb").read()[:-2])
open("w_badmagic.npy", "wb").write(b"\x93NUMPX" + open("w_ok.npy", "rb").read()[6:])
np.savez("arrays.npz", w=np.array([[1, -2], [3, 4]], dtype=np.int8),
         b=np.array([1, 2], dtype=np.int8))
data = bytearray(open("arrays.npz", "rb").read())
i = data.find(b"\x93NUMPY", 40)   # flip a byte inside the first member's data
data[i + 100] ^= 0xFF
open("arrays_crc.npz", "wb").write(bytes(data))
np.save("x_nan.npy", np.array([[1.0, np.nan]], dtype=np.float32))
np.save("w_nan.npy", np.array([[1.0, np.nan], [0.0, 2.0]], dtype=np.float32))
np.save("w_unreadable.npy", np.array([[1, -2], [3, 4]], dtype=np.int8))
open("w_ragged.csv", "w").write("1,-2\n3\n")
open("res_ok.txt", "w").write("# results\n0 fc1 0 5\n0 fc1 1 -3\n")
open("res_dup.txt", "w").write("0 fc1 0 5\n0 fc1 1 -3\n0 fc1 0 5\n")
open("res_bad.txt", "w").write("0 fc1 0 5\n0 fc1 1\n")
open("res_letter.txt", "w").write("0 fc1 0 5\n0 fc1 one -3\n")
# npz_bomb.npz (bomb_ratio), npz_bzip2.npz (method_bzip2),
# npz_trunc.npz (trunc_mid) and w_huge.npy (lie_huge) are copies of files
# test/readers_make.py writes.
