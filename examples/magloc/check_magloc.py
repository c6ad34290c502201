#!/usr/bin/python3
"""check_magloc.py - the fast checks of the magloc example (make check).

    check_magloc.py physics
        magloc_data.py's dipole field against values worked out by hand.
    check_magloc.py heldout OUT.npy
        with OUT.npy = `qnngen run magloc.yaml --input X.npy` of the held-out
        inputs (`check_magloc.py heldout-x X.npy` writes them): the shipped
        integer network's error in physical units, against the true source,
        within the bounds below.
"""
import os
import sys

import numpy as np
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import magloc_data as md  # noqa: E402

# The shipped network's held-out figures are 2.24 mm and 27.0 mA m^2
# (train_magloc.py, README.md); the bounds leave some margin.  A network
# that had not learned the task (predicting the mean source) is at 47.5 mm
# and 585 mA m^2 on these samples.
MAX_POSITION_MM = 3.0
MAX_MOMENT_MAMP2 = 40.0

failures = 0


def check(ok, what):
    global failures
    print("%s: %s" % ("ok" if ok else "FAIL", what))
    failures += not ok


def close(a, b):
    return np.allclose(a, b, rtol=1e-12, atol=1e-18)


def physics():
    f = md.dipole_field
    one = np.ones((1, 3))
    # On the axis of m: B = mu0/4pi * 2 m / d^3; d = 0.1 m, m = 1 A m^2:
    # 1e-7 * 2 / 1e-3 = 2e-4 T along m.
    b = f(np.zeros((1, 3)), np.array([[0, 0, 0.1]]), np.array([[0, 0, 1.0]]))
    check(close(b[0, 0], [0, 0, 2e-4]), "axial field, 200 uT: %s" % b[0, 0])
    b = f(np.array([[0.1, 0, 0]]), np.zeros((1, 3)), np.array([[1.0, 0, 0]]))
    check(close(b[0, 0], [2e-4, 0, 0]), "axial field along x: %s" % b[0, 0])
    # Broadside: B = -mu0/4pi * m / d^3 = -1e-7 / 1e-3 = -1e-4 T.
    b = f(np.zeros((1, 3)), np.array([[0, 0, 0.1]]), np.array([[1.0, 0, 0]]))
    check(close(b[0, 0], [-1e-4, 0, 0]), "broadside field, -100 uT: %s"
          % b[0, 0])
    # Oblique: r = (0.03, 0, 0.04), d = 0.05, u = (0.6, 0, 0.8), m = z:
    # 3 u (m.u) - m = (1.44, 0, 0.92); * 1e-7 / 1.25e-4 = 8e-4:
    # (1.152e-3, 0, 7.36e-4) T.
    b = f(np.array([[0.03, 0, 0.04]]), np.zeros((1, 3)),
          np.array([[0, 0, 1.0]]))
    check(close(b[0, 0], [1.152e-3, 0, 7.36e-4]), "oblique field: %s"
          % b[0, 0])
    # Linear in m, and the sensors' layout.
    b1 = f(md.sensor_positions(), np.array([[0.01, -0.02, 0.07]]), one)
    b2 = f(md.sensor_positions(), np.array([[0.01, -0.02, 0.07]]), 3 * one)
    check(close(3 * b1, b2), "linear in the moment")
    s = md.sensor_positions()
    check(s.shape == (9, 3) and close(s[4], [0, 0, 0]) and
          close(s[0], [-0.05, -0.05, 0]) and close(s[1], [0, -0.05, 0]),
          "3 x 3 sensors, 50 mm pitch, x fastest")
    # Counts: 0.1 uT each, 2e-4 T = 2000 counts; clipped to +-32767.
    c = md.to_counts(np.array([[[2e-4, -1e-4, 1.0]]]))
    check(c.tolist() == [[2000, -1000, 32767]] and c.dtype == np.int16,
          "counts: %s" % c.tolist())


def heldout(out_path):
    with open(os.path.join(HERE, "magloc.yaml")) as f:
        meta = yaml.safe_load(f)["meta"]
    d = np.load(os.path.join(HERE, "magloc_heldout.npz"))
    q = np.load(out_path).astype(np.float64)
    check(q.shape == d["y"].shape, "outputs of shape %s" % (q.shape,))
    pred = (q * meta["output_scale"] * np.array(meta["target_std"]) +
            np.array(meta["target_mean"]))
    dp, dm = md.errors(pred, d["y"])
    check(dp.mean() < MAX_POSITION_MM,
          "held-out (%d samples) position error %.2f mm mean (bound %.1f)"
          % (len(dp), dp.mean(), MAX_POSITION_MM))
    check(dm.mean() < MAX_MOMENT_MAMP2,
          "held-out moment error %.1f mA m^2 mean (bound %.1f)"
          % (dm.mean(), MAX_MOMENT_MAMP2))
    x4 = np.load(os.path.join(HERE, "magloc_x.npy"))
    check(np.array_equal(x4, d["x"][:4]),
          "magloc_x.npy holds the first 4 held-out inputs")


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "physics":
        physics()
    elif len(sys.argv) == 3 and sys.argv[1] == "heldout-x":
        np.save(sys.argv[2], np.load(os.path.join(HERE,
                                                  "magloc_heldout.npz"))["x"])
        return 0
    elif len(sys.argv) == 3 and sys.argv[1] == "heldout":
        heldout(sys.argv[2])
    else:
        print(__doc__)
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
