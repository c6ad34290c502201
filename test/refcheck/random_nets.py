#!/usr/bin/python3
"""random_nets.py - random valid format-1 networks for the reference check.

Usage: random_nets.py OUTDIR [--count N] [--seed S]

Writes OUTDIR/nNNN/ (net.yaml, its arrays, an input file) for N networks
(default 300) drawn from a fixed seed (default 1), and OUTDIR/list with one
line per network, `NAME YAML INPUT RUNDIR`, as `ref_numpy.py compare` reads
it.

What varies: 1-4 layers of 1-40 neurons; input 1-40 elements of 1-32 bits,
signed or not; weight_bits 1-16 (binary stored as 0/1 or as -1/+1); out_bits
1-32, out_signed true/false/absent; every rounding mode; scalar and
per-channel shifts (0 entries included) and multipliers (negative ones too,
multiplier_bits 2-32); bias absent or present, bias_bits, bias_shift; relu or
none; acc_bits auto, absent, or an explicit width at least the needed one;
lanes/simd absent or any size; keys given per layer or through `defaults`;
`meta` and `io`; arrays as members of `weights`, separate .npy (all integer
dtypes, both byte orders, Fortran order, format versions 1-3), single-member
or `FILE.npz:MEMBER` archives (stored or deflated) and .csv files.

Every layer is kept inside 64 bits: the exact bounds of acc and of
p = acc * m over the declared input ranges are computed here in Python
integers and multipliers are shrunk until p fits; some layers are driven to
the edge on purpose (p reaching nearly +-2^63).  Shifts are picked from the
magnitudes the layer really produces on the inputs, so outputs are neither
all saturated nor all zero (some layers are pushed into saturation).
"""

import os
import random
import sys

import numpy as np
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ref_numpy import round_shift  # noqa: E402  (only to pick shifts)

ROUNDINGS = ["floor", "half_up", "half_even", "half_away"]
I64_MIN, I64_MAX = -(1 << 63), (1 << 63) - 1


def trange(bits, signed):
    if signed:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


def draw_int(r, lo, hi):
    """Uniform in [lo, hi], with the ends and small values more likely."""
    u = r.random()
    if u < 0.06:
        return lo
    if u < 0.12:
        return hi
    if u < 0.25:
        return max(lo, min(hi, r.randint(-3, 3)))
    if u < 0.5 and hi - lo > 64:   # log-uniform magnitude
        mag = 1 << r.randint(0, max(1, (hi - lo).bit_length() - 1))
        return max(lo, min(hi, r.randint(-mag, mag)))
    return r.randint(lo, hi)


def bits_needed(lo, hi):
    n = 2
    while not (-(1 << (n - 1)) <= lo and hi <= (1 << (n - 1)) - 1):
        n += 1
    return n


class Writer:
    """Writes the arrays of one network in varied containers."""

    def __init__(self, r, d):
        self.r, self.d = r, d
        self.members = {}      # the default container, net.npz
        self.extra = {}        # other.npz members
        self.n = 0

    def _dtype(self, a):
        lo, hi = (min(a), max(a)) if len(a) else (0, 0)
        cands = []
        for t in ("i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"):
            info = np.iinfo(np.dtype(t))
            if info.min <= lo and hi <= info.max:
                cands.append(t)
        t = self.r.choice(cands)
        return np.dtype(self.r.choice("<>") + t) if t[1] != "1" else np.dtype(t)

    def _np(self, values, shape):
        flat = [v for row in values for v in row] if len(shape) == 2 else values
        a = np.array(flat, dtype=self._dtype(flat)).reshape(shape)
        if len(shape) == 2 and self.r.random() < 0.3:
            a = np.asfortranarray(a)
        return a

    def ref(self, key, values, shape):
        """Stores an array; returns the YAML reference to it."""
        self.n += 1
        u = self.r.random()
        if u < 0.45:
            self.members[key] = self._np(values, shape)
            return key
        if u < 0.62:
            name = "a%d.npy" % self.n
            version = self.r.choice([(1, 0), (1, 0), (2, 0), (3, 0)])
            with open(os.path.join(self.d, name), "wb") as f:
                np.lib.format.write_array(f, self._np(values, shape),
                                          version=version)
            return name
        if u < 0.74:
            self.extra[key] = self._np(values, shape)
            return "other.npz:" + key
        if u < 0.84:
            name = "s%d.npz" % self.n
            save = self.r.choice([np.savez, np.savez_compressed])
            save(os.path.join(self.d, name), **{"arr": self._np(values, shape)})
            return name
        # .csv: one row per output neuron (a [out] array: one value a row,
        # or, now and then, all on one row).
        name = "c%d.csv" % self.n
        rows = values if len(shape) == 2 else [[v] for v in values]
        if len(shape) == 1 and self.r.random() < 0.5:
            rows = [values]
        with open(os.path.join(self.d, name), "w") as f:
            if self.r.random() < 0.3:
                f.write("# %s\n" % key)
            for row in rows:
                f.write(",".join(str(v) for v in row) + "\n")
        return name

    def close(self):
        for fname, m in (("net.npz", self.members), ("other.npz", self.extra)):
            if m:
                save = self.r.choice([np.savez, np.savez_compressed])
                save(os.path.join(self.d, fname), **m)


def make_net(r, idx, d):
    """One random network in directory d; returns the input file name."""
    w = Writer(r, d)
    n_layers = r.choice([1, 1, 2, 2, 3, 3, 4, 4, 4])
    in_size = r.choice([1, 2, 3, r.randint(1, 40), r.randint(1, 40)])
    in_bits = r.choice([1, 2, 4, 8, 16, 32, r.randint(1, 32), r.randint(1, 32)])
    in_signed = r.random() < 0.5
    doc = {"qnngen": 1, "name": "net%03d" % idx, "weights": "net.npz",
           "input": {"size": in_size, "bits": in_bits}}
    if not in_signed or r.random() < 0.5:
        doc["input"]["signed"] = in_signed
    if r.random() < 0.2:
        doc["io"] = {"in_per_beat": r.randint(1, 8), "out_per_beat": r.randint(1, 8)}

    # Input vectors: extremes, alternations, a worst case, random ones.
    xlo, xhi = trange(in_bits, in_signed)
    xs = [[xlo] * in_size, [xhi] * in_size,
          [xlo if i % 2 else xhi for i in range(in_size)]]
    xs += [[draw_int(r, xlo, xhi) for _ in range(in_size)]
           for _ in range(r.randint(2, 9))]

    x = [list(v) for v in xs]            # current layer's inputs (approx.)
    n_in, lo, hi = in_size, xlo, xhi
    layers = []                          # effective values per layer
    for li in range(n_layers):
        L = {"name": r.choice(["fc", "dense", "l", "layer_", "h"]) + str(li),
             "type": "dense"}
        out = r.choice([1, 2, r.randint(1, 40), r.randint(1, 40), r.randint(1, 12)])
        L["out"] = out
        wb = r.choice([1, 1, 2, 3, 4, 4, 8, 16, r.randint(1, 16), r.randint(1, 16)])
        L["weight_bits"] = wb
        if wb == 1:
            W = [[r.choice((-1, 1)) for _ in range(n_in)] for _ in range(out)]
            stored = W if r.random() < 0.5 else [[(v + 1) // 2 for v in row] for row in W]
        else:
            wlo, whi = trange(wb, True)
            W = [[draw_int(r, wlo, whi) for _ in range(n_in)] for _ in range(out)]
            stored = W
        L["weight"] = ("W", stored, (out, n_in))

        # Bias.  An `edge` layer gets a huge shifted bias and the largest
        # multiplier that fits, so that p comes within a few bits of 2^63.
        edge = r.random() < 0.08
        b = [0] * out
        bias_bits = 32
        bias_shift = 0
        if edge:
            b = [r.choice((-1, 1)) * r.randint(1 << 29, (1 << 31) - 1)
                 for _ in range(out)]
            bias_shift = r.randint(20, 31)
            L["bias"] = ("b", b, (out,))
            L["bias_shift"] = bias_shift
        elif r.random() < 0.7:
            bias_bits = r.choice([32, r.randint(1, 32), r.randint(1, 32)])
            blo, bhi = trange(bias_bits, True)
            b = [draw_int(r, blo, bhi) for _ in range(out)]
            L["bias"] = ("b", b, (out,))
            if bias_bits != 32 or r.random() < 0.3:
                L["bias_bits"] = bias_bits
            if r.random() < 0.4:
                bias_shift = r.choice([r.randint(0, 31), r.randint(0, 8), 31])
                L["bias_shift"] = bias_shift

        # Exact accumulator bounds per neuron.
        amin, amax = [], []
        for j in range(out):
            base = b[j] << bias_shift
            s_lo = sum(min(wv * lo, wv * hi) for wv in W[j])
            s_hi = sum(max(wv * lo, wv * hi) for wv in W[j])
            amin.append(base + s_lo)
            amax.append(base + s_hi)
        assert all(I64_MIN <= v <= I64_MAX for v in amin + amax)

        # Multiplier: absent, scalar or per channel; shrunk to keep p in 64 bits.
        mult_kind = r.choice(["none", "none", "scalar", "array"])
        tie_t = None
        if edge:
            mult_kind = r.choice(["scalar", "array"])
        elif r.random() < 0.12:      # a layer full of rounding ties
            mult_kind = r.choice(["scalar", "array"])
            tie_t = r.randint(1, 10)
        m = [1] * out
        mb = 16
        if mult_kind != "none":
            mb = r.choice([16, r.randint(2, 32), r.randint(2, 32), 32])
            if edge:
                mb = r.choice([32, r.randint(12, 32)])
            if tie_t is not None:
                mb = max(mb, tie_t + 3)
            if mb != 16 or r.random() < 0.3:
                L["multiplier_bits"] = mb
            mlo, mhi = trange(mb, True)
            def fit(mv, j):
                A = max(abs(amin[j]), abs(amax[j]), 1)
                lim = I64_MAX // A
                return max(-lim, min(lim, mv))
            def one(j):
                if tie_t is not None:
                    # m = odd * 2^(t-1) and shift t: p / 2^t is a tie
                    # whenever acc * odd is odd, half the time.
                    t = tie_t
                    for mv in (r.choice((-1, 1)) * r.choice((1, 3, 5, 7)) << (t - 1),
                               r.choice((-1, 1)) << (t - 1)):
                        if mlo <= mv <= mhi and fit(mv, j) == mv:
                            return mv
                    return r.choice((-1, 1))
                mv = 0
                while mv == 0:
                    mv = draw_int(r, mlo, mhi)
                if edge or r.random() < 0.1:
                    mv = mhi if r.random() < 0.5 else mlo
                return mv
            if mult_kind == "scalar":
                mv = one(0)
                for j in range(out):
                    mv = fit(mv, j)
                m = [mv] * out
                L["multiplier"] = mv
            else:
                m = [fit(one(j), j) for j in range(out)]
                L["multiplier"] = ("m", m, (out,))
        pmin = [min(amin[j] * m[j], amax[j] * m[j]) for j in range(out)]
        pmax = [max(amin[j] * m[j], amax[j] * m[j]) for j in range(out)]
        assert all(I64_MIN <= v <= I64_MAX for v in pmin + pmax)
        need = bits_needed(min(amin + pmin), max(amax + pmax))

        if li == 0:
            # The worst case for neuron 0: every product at its greatest.
            xs.append([hi if wv > 0 else lo for wv in W[0]])
            x.append(list(xs[-1]))

        # Output type, activation, rounding.
        act = r.choice(["relu", "none"])
        if r.random() < 0.85:
            L["activation"] = act
        else:
            act = "none"
        ob = r.choice([1, 2, 4, 8, 16, 32, r.randint(1, 32), r.randint(1, 32)])
        if tie_t is not None:
            ob = r.randint(16, 32)    # the ties should rarely saturate
        L["out_bits"] = ob
        osg = act != "relu"
        if r.random() < 0.7:
            osg = r.random() < 0.5
            L["out_signed"] = osg
        rnd = r.choice(ROUNDINGS)
        if rnd != "floor" or r.random() < 0.5:
            L["rounding"] = rnd

        # Shift: from the magnitudes p really takes on these inputs.
        p = [[(b[j] << bias_shift) + sum(W[j][i] * v[i] for i in range(n_in))
              for j in range(out)] for v in x]
        p = [[row[j] * m[j] for j in range(out)] for row in p]
        def pick(j):
            mags = sorted(abs(row[j]) for row in p)
            med = mags[len(mags) // 2]
            s = med.bit_length() - ob + r.randint(-3, 2)
            if r.random() < 0.15:
                s = 0
            elif r.random() < 0.05:
                s = 62
            return max(0, min(62, s))
        if tie_t is not None and r.random() < 0.5:
            s = [tie_t] * out
            L["shift"] = tie_t
        elif tie_t is not None:
            s = [tie_t if r.random() < 0.85 else 0 for j in range(out)]
            L["shift"] = ("s", s, (out,))
        elif r.random() < 0.5:
            s = [pick(0)] * out
            L["shift"] = s[0]
        else:
            s = [pick(j) if r.random() < 0.8 else 0 for j in range(out)]
            L["shift"] = ("s", s, (out,))

        ac = r.random()
        if ac < 0.3:
            L["acc_bits"] = "auto"
        elif ac < 0.6:
            L["acc_bits"] = min(64, need + r.choice([0, 0, 1, 3, 20]))
        if r.random() < 0.5:
            L["lanes"] = r.choice([1, 2, 3, r.randint(1, 50)])
        if r.random() < 0.5:
            L["simd"] = r.choice([1, 2, 3, r.randint(1, 50)])
        if r.random() < 0.1:
            L["meta"] = {"scale": 0.125, "float_weight": "fc.weight",
                         "labels": ["a", "b"]}

        # Next layer's inputs: this layer's outputs (rounding approximated
        # well enough for choosing the next shifts).
        olo, ohi = trange(ob, osg)
        nx = []
        for row in p:
            q = [round_shift(row[j], s[j], rnd) for j in range(out)]
            if act == "relu":
                q = [max(v, 0) for v in q]
            nx.append([min(max(v, olo), ohi) for v in q])
        x = nx
        n_in, lo, hi = out, olo, ohi
        layers.append(L)

    # Move some scalar keys into `defaults` (layers that differ keep theirs).
    spec_default = {"bias_bits": 32, "bias_shift": 0, "multiplier_bits": 16,
                    "rounding": "floor", "acc_bits": "auto", "multiplier": 1,
                    "activation": "none"}
    defaults = {}
    for key in ("weight_bits", "out_bits", "shift", "bias_bits", "bias_shift",
                "multiplier_bits", "rounding", "acc_bits", "activation",
                "multiplier", "lanes", "simd", "out_signed"):
        if r.random() >= 0.35:
            continue
        vals = [L.get(key) for L in layers]
        cands = [v for v in vals if v is not None and not isinstance(v, tuple)]
        if not cands:
            continue
        if any(v is None for v in vals):
            if key not in spec_default:
                continue      # absent means "not given": cannot be restated
            for L in layers:
                L.setdefault(key, spec_default[key])
        dv = r.choice(cands)
        defaults[key] = dv
        for L in layers:
            if L.get(key) == dv:
                del L[key]
    # out_signed's own default depends on the activation, which may now come
    # from `defaults`: nothing to restate, the effective value is kept above.
    if defaults:
        doc["defaults"] = defaults

    out_layers = []
    for L in layers:
        y = {}
        for k, v in L.items():
            if isinstance(v, tuple):
                tag, values, shape = v
                v = w.ref("%s.%s" % (L["name"], k), values, shape)
            y[k] = v
        out_layers.append(y)
    doc["layers"] = out_layers
    if r.random() < 0.1:
        doc["meta"] = {"dataset": "random", "seed": idx, "scales": [0.5, 0.25]}
    w.close()
    with open(os.path.join(d, "net.yaml"), "w") as f:
        f.write("# random network %d (random_nets.py)\n" % idx)
        yaml.safe_dump(doc, f, sort_keys=False, default_flow_style=False)

    # Input vectors: .npy in some integer dtype, or .csv now and then.
    if r.random() < 0.1:
        with open(os.path.join(d, "x.csv"), "w") as f:
            for v in xs:
                f.write(",".join(map(str, v)) + "\n")
        return "x.csv"
    if r.random() < 0.05:        # one vector, shape [input.size]
        xs = xs[-1:]
    flat = [v for row in xs for v in row]
    a = np.array(flat, dtype=w._dtype(flat)).reshape(len(xs), in_size)
    if len(xs) == 1:
        a = a.reshape(in_size)
    np.save(os.path.join(d, "x.npy"), a)
    return "x.npy"


def main(argv):
    out, count, seed = None, 300, 1
    i = 0
    while i < len(argv):
        if argv[i] == "--count":
            count = int(argv[i + 1]); i += 2
        elif argv[i] == "--seed":
            seed = int(argv[i + 1]); i += 2
        else:
            out = argv[i]; i += 1
    if out is None:
        sys.stderr.write(__doc__)
        return 2
    r = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    lines = []
    for idx in range(count):
        d = os.path.join(out, "n%03d" % idx)
        os.makedirs(d, exist_ok=True)
        xf = make_net(r, idx, d)
        lines.append("n%03d %s %s %s\n" % (idx, os.path.join(d, "net.yaml"),
                                          os.path.join(d, xf),
                                          os.path.join(d, "run")))
    with open(os.path.join(out, "list"), "w") as f:
        f.writelines(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
