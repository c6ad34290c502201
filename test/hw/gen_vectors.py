#!/usr/bin/env python3
"""Test vectors for the library testbenches, computed from the spec.

    gen_vectors.py requant OUTDIR [SEED]
    gen_vectors.py mac OUTDIR [SEED]
    gen_vectors.py net OUTDIR [SEED]
    gen_vectors.py mem OUTDIR [SEED]

Everything expected here is computed from spec section 3 with Python
integers and fractions, never from the RTL's formulas. Each mode writes
$readmemh files (two's complement, hex) into OUTDIR and a list OUTDIR/<mode>.list
with one testbench run a line: a name followed by NAME=VALUE parameter
settings for the testbench.
"""

import math
import os
import random
import sys
from fractions import Fraction

# --------------------------------------------------------------- helpers


def lo(bits, signed):
    return -(1 << (bits - 1)) if signed else 0


def hi(bits, signed):
    return (1 << (bits - 1)) - 1 if signed else (1 << bits) - 1


def bits_signed(v):
    """Least two's complement width holding v."""
    n = 1
    while not (-(1 << (n - 1)) <= v <= (1 << (n - 1)) - 1):
        n += 1
    return n


def hexword(v, bits):
    """v as a bits-wide two's complement word in hex."""
    assert -(1 << bits) < v < (1 << bits), (v, bits)
    return "%0*x" % ((bits + 3) // 4, v & ((1 << bits) - 1))


def pack(values, bits):
    """Pack values (element 0 in the low bits) into one integer."""
    word = 0
    for i, v in enumerate(values):
        word |= (v & ((1 << bits) - 1)) << (i * bits)
    return word


def write_mem(path, words, bits):
    with open(path, "w") as f:
        for w in words:
            f.write(hexword(w, bits) + "\n")


# ------------------------------------------------------ spec arithmetic

FLOOR, HALF_UP, HALF_EVEN, HALF_AWAY = range(4)


def round_shift(p, s, mode):
    """Spec 3 step 3: r = p / 2^s exactly, rounded in the given mode."""
    r = Fraction(p, 1 << s)
    if mode == FLOOR:
        return math.floor(r)
    if mode == HALF_UP:
        return math.floor(r + Fraction(1, 2))
    if mode == HALF_EVEN:
        f = math.floor(r)
        d = r - f
        if d > Fraction(1, 2) or (d == Fraction(1, 2) and f % 2 != 0):
            return f + 1
        return f
    if mode == HALF_AWAY:
        m = math.floor(abs(r) + Fraction(1, 2))
        return m if r >= 0 else -m
    raise ValueError(mode)


def requant(p, s, mode, relu, out_bits, out_signed):
    """Spec 3 steps 3-5."""
    q = round_shift(p, s, mode)
    if relu:
        q = max(q, 0)
    return min(max(q, lo(out_bits, out_signed)), hi(out_bits, out_signed))


def check_table():
    """The spec's own table, so a slip in round_shift cannot go unseen."""
    table = {
        FLOOR: (1, 2, -2, -3, 1, -2),
        HALF_UP: (2, 3, -1, -2, 1, -1),
        HALF_EVEN: (2, 2, -2, -2, 1, -1),
        HALF_AWAY: (2, 3, -2, -3, 1, -1),
    }
    # r = 1.5, 2.5, -1.5, -2.5, 1.25, -1.25 as p / 2^s
    cases = ((3, 1), (5, 1), (-3, 1), (-5, 1), (5, 2), (-5, 2))
    for mode, want in table.items():
        got = tuple(round_shift(p, s, mode) for p, s in cases)
        assert got == want, (mode, got, want)
        for p in (-7, 0, 9):
            assert round_shift(p, 0, mode) == p


# --------------------------------------------------------------- requant

# (ACC_BITS, HAS_MULT, MULT_BITS, OUT_BITS): the testbench runs all four
# rounding modes, relu on and off, signed and unsigned output for each.
REQUANT_CONFIGS = [
    (2, 0, 2, 1),
    (2, 1, 16, 1),
    (3, 1, 2, 2),
    (8, 0, 2, 8),
    (8, 1, 4, 3),
    (12, 1, 16, 8),      # multiplier wider than the accumulator
    (16, 0, 2, 16),
    (17, 1, 8, 16),
    (24, 0, 2, 8),
    (30, 0, 2, 32),
    (31, 1, 16, 32),
    (32, 1, 32, 31),
    (33, 1, 16, 32),
    (40, 1, 20, 12),
    (48, 0, 2, 24),
    (62, 1, 32, 32),
    (63, 0, 2, 1),
    (64, 0, 2, 32),
    (64, 1, 32, 32),
    (64, 1, 2, 7),
]

MODES = [(mode, relu, sgn) for mode in range(4) for relu in (0, 1) for sgn in (0, 1)]


def requant_rows(rng, acc_bits, has_mult, mult_bits, out_bits):
    p_lo, p_hi = lo(acc_bits, True), hi(acc_bits, True)
    m_lo, m_hi = lo(mult_bits, True), hi(mult_bits, True)

    def acc_range_for(m):
        """acc such that acc * m fits ACC_BITS (always contains 0)."""
        if m > 0:
            return -((-p_lo) // m), p_hi // m
        return -(p_hi // -m), (-p_lo) // -m

    def split(p_target):
        """An (acc, mult) pair whose product is near p_target and fits."""
        if not has_mult:
            return p_target, 1
        choice = rng.random()
        if choice < 0.4:
            m = rng.choice((1, -1))
        elif choice < 0.6:
            k = rng.randrange(0, mult_bits - 1)
            m = rng.choice((1, -1)) << k
        else:
            m = 0
            while m == 0:
                m = rng.randint(m_lo, m_hi)
        a_lo, a_hi = acc_range_for(m)
        a = min(max(p_target // m if m else 0, a_lo), a_hi)
        return a, m

    def random_pair():
        if not has_mult:
            return rng.randint(p_lo, p_hi), 1
        m = 0
        while m == 0:
            m = rng.randint(m_lo, m_hi) >> rng.randrange(0, mult_bits)
        a_lo, a_hi = acc_range_for(m)
        r = rng.random()
        if r < 0.2:
            a = a_lo
        elif r < 0.4:
            a = a_hi
        else:
            a = rng.randint(a_lo, a_hi)
        return a, m

    shifts = sorted({0, 1, 2, 3, acc_bits - 2, acc_bits - 1, acc_bits,
                     acc_bits + 1, acc_bits + 2, 61, 62} & set(range(63)))
    rows = []
    for s in shifts + [rng.randrange(63) for _ in range(12)]:
        targets = [0, 1, -1, p_lo, p_hi, p_lo + 1, p_hi - 1]
        if s > 0:
            for _ in range(6):
                # ties: odd multiples of 2^(s-1), and their neighbours
                t = (2 * rng.randint(-4, 4) + 1) << (s - 1)
                targets += [t, t - 1, t + 1]
            t = rng.randint(p_lo, p_hi)
            t = (t >> (s - 1) | 1) << (s - 1)
            targets += [t, t - 1, t + 1]
        # the saturation bounds, scaled back by the shift
        for b in (hi(out_bits, True), lo(out_bits, True), hi(out_bits, False)):
            t = b << s
            targets += [t, t - 1, t + 1, t + (1 << s), t - (1 << s)]
        for t in targets:
            if p_lo <= t <= p_hi:
                rows.append((split(t), s))
        for _ in range(8):
            rows.append((random_pair(), s))
    for _ in range(300):
        rows.append((random_pair(), rng.randrange(63)))

    out = []
    for (a, m), s in rows:
        p = a * m
        assert p_lo <= p <= p_hi and m_lo <= m <= m_hi
        expect = [requant(p, s, mode, relu, out_bits, sgn) for mode, relu, sgn in MODES]
        out.append((a, m, s, expect))
    return out


def gen_requant(outdir, rng):
    check_table()
    lines = []
    for acc_bits, has_mult, mult_bits, out_bits in REQUANT_CONFIGS:
        name = "rq_a%d_m%d_%d_o%d" % (acc_bits, has_mult, mult_bits, out_bits)
        rows = requant_rows(rng, acc_bits, has_mult, mult_bits, out_bits)
        words = []
        for a, m, s, expect in rows:
            words += [a, m, s] + expect
        path = os.path.join(outdir, name + ".mem")
        write_mem(path, words, 64)
        # The multiplier as an adder tree with a constant shift, as `*`
        # (MULT_DSP) with a per-channel one.
        for pcs in (0, 1):
            lines.append("%s_pcs%d ACC_BITS=%d HAS_MULT=%d MULT_BITS=%d OUT_BITS=%d "
                         "PER_CHANNEL_SHIFT=%d MULT_DSP=%d ROWS=%d VEC_FILE=\"%s\""
                         % (name, pcs, acc_bits, has_mult, mult_bits, out_bits, pcs,
                            pcs & has_mult, len(rows), path))
    with open(os.path.join(outdir, "requant.list"), "w") as f:
        f.write("\n".join(lines) + "\n")


# ------------------------------------------------------------- mac lane

def mac_configs(rng):
    """(SIMD, W_BITS, X_BITS, X_SIGNED, TREE_LEVELS_PER_STAGE, max words)."""
    fixed = [
        (1, 1, 1, 0, 2, 1),
        (1, 1, 1, 1, 2, 4),
        (1, 4, 8, 1, 2, 6),
        (2, 1, 8, 0, 1, 3),
        (3, 2, 2, 1, 2, 1),
        (4, 8, 8, 0, 1, 4),
        (5, 16, 32, 1, 2, 3),
        (7, 3, 5, 0, 3, 5),
        (8, 1, 16, 1, 2, 2),
        (9, 1, 4, 0, 1, 4),
        (9, 16, 16, 0, 2, 3),
        (16, 4, 4, 1, 2, 2),
        (33, 2, 3, 1, 1, 2),
        (6, 32, 32, 1, 2, 2),
    ]
    for _ in range(16):
        fixed.append((rng.randint(1, 9), rng.choice((1, 1, 2, 3, 4, 5, 8, 12, 16)),
                      rng.choice((1, 2, 3, 4, 6, 8, 12, 16, 24, 32)), rng.randint(0, 1),
                      rng.randint(1, 3), rng.choice((1, 1, 2, 3, 5))))
    return fixed


def mac_neurons(rng, simd, w_bits, x_bits, x_signed, max_words, extreme, cancel):
    """Random neurons: a list of words (first, last, w, x, bias) and the sums.

    With `cancel`, elements come in pairs w, -w times the same x, so the
    sums stay small while the products are large: ACC_BITS then falls below
    the product width and the tree must wrap modulo 2^ACC_BITS.
    """
    binary = w_bits == 1
    x_lo, x_hi = lo(x_bits, x_signed), hi(x_bits, x_signed)
    w_lo, w_hi = lo(w_bits, True), hi(w_bits, True)

    def rand_x():
        if extreme and rng.random() < 0.6:
            return rng.choice((x_lo, x_hi))
        return rng.randint(x_lo, x_hi)

    def rand_w(negatable=False):
        if binary:
            return rng.choice((-1, 1))
        low = w_lo + 1 if negatable else w_lo
        if extreme and rng.random() < 0.6:
            return rng.choice((low, w_hi))
        return rng.randint(low, w_hi)

    words, sums = [], []
    for _ in range(rng.randint(20, 40)):
        k = rng.randint(1, max_words)
        bias = rng.randint(-(1 << 8), 1 << 8)
        if not cancel:
            bias <<= rng.randrange(0, w_bits + x_bits + 2)
        if rng.random() < 0.2:
            bias = 0
        total = bias
        for i in range(k):
            w = [rand_w(cancel) for _ in range(simd)]
            x = [rand_x() for _ in range(simd)]
            if cancel:
                for e in range(1, simd, 2):
                    w[e], x[e] = -w[e - 1], x[e - 1]
                if simd % 2 and not binary:
                    w[-1] = 0               # the unpaired element adds nothing
            total += sum(a * b for a, b in zip(w, x))
            words.append((i == 0, i == k - 1, w, x, bias if i == 0 else None))
        sums.append(total)
    return words, sums


def gen_mac(outdir, rng):
    lines = []
    for idx, (simd, w_bits, x_bits, x_signed, tlps, max_words) in enumerate(mac_configs(rng)):
        extreme = rng.random() < 0.5      # push values to the ends of their ranges
        cancel = simd > 1 and rng.random() < 0.3
        while True:
            words, sums = mac_neurons(rng, simd, w_bits, x_bits, x_signed, max_words,
                                      extreme, cancel)
            biases = [b for _, _, _, _, b in words if b is not None]
            need = max(2, max(bits_signed(v) for v in sums + biases))
            if need <= 64:
                break
            cancel = True                   # too wide for 64 bits: make the sums small
        acc_bits = min(64, need + rng.choice((0, 0, 0, 1, 5)))

        # The lane sees weights as bits (binary: 1 = +1, 0 = -1), everything
        # else in two's complement; bias_term is driven with noise outside
        # in_first words, which the lane must ignore.
        binary = w_bits == 1
        w_enc = [pack([(1 if v > 0 else 0) for v in w] if binary else w, w_bits)
                 for _, _, w, _, _ in words]
        x_enc = [pack(x, x_bits) for _, _, _, x, _ in words]
        ctl = []
        for first, last, _, _, bias in words:
            b = bias if first else rng.randint(lo(acc_bits, True), hi(acc_bits, True))
            ctl.append((int(first) << 65) | (int(last) << 64) | (b & ((1 << acc_bits) - 1)))

        name = "mac%02d_s%d_w%d_x%d%s_a%d_t%d%s" % (idx, simd, w_bits, x_bits,
                                                    "s" if x_signed else "u", acc_bits, tlps,
                                                    "_cancel" if cancel else "")
        base = os.path.join(outdir, name)
        write_mem(base + "_w.mem", w_enc, simd * w_bits)
        write_mem(base + "_x.mem", x_enc, simd * x_bits)
        write_mem(base + "_c.mem", ctl, 66)
        write_mem(base + "_e.mem", sums, 64)
        lines.append("%s SIMD=%d W_BITS=%d X_BITS=%d X_SIGNED=%d ACC_BITS=%d "
                     "TREE_LEVELS_PER_STAGE=%d WORDS=%d NEURONS=%d GAPS=%d MAC_STYLE=%d "
                     "W_FILE=\"%s_w.mem\" X_FILE=\"%s_x.mem\" C_FILE=\"%s_c.mem\" E_FILE=\"%s_e.mem\""
                     % (name, simd, w_bits, x_bits, x_signed, acc_bits, tlps, len(words),
                        len(sums), idx % 3, (idx // 3) % 3, base, base, base, base))
    with open(os.path.join(outdir, "mac.list"), "w") as f:
        f.write("\n".join(lines) + "\n")


# ------------------------------------------------------- two-layer net

# Layer settings: in, out, lanes, simd, w_bits, multiplier (None or bits),
# rounding, relu, out_bits, out_signed. Layer 0's input type, io packing.
NET_CONFIGS = [
    # (x_bits, x_signed, in_per_beat, out_per_beat, layer0, layer1)
    (8, True, 1, 1,
     (6, 5, 2, 2, 4, None, HALF_EVEN, True, 8, False),
     (5, 3, 1, 1, 4, None, FLOOR, False, 16, True)),
    (1, False, 4, 2,
     (11, 7, 3, 4, 1, None, FLOOR, False, 5, True),       # binary weights, 0/1 inputs
     (7, 4, 4, 3, 1, 12, HALF_UP, True, 3, False)),
    (16, True, 3, 4,
     (4, 9, 4, 1, 8, 16, HALF_AWAY, False, 12, True),
     (9, 2, 2, 9, 3, 6, HALF_EVEN, False, 32, True)),
    (4, False, 2, 1,
     (3, 2, 5, 3, 16, None, HALF_UP, True, 7, False),     # more lanes than neurons
     (2, 6, 6, 2, 2, None, FLOOR, True, 1, False)),
    (12, True, 1, 3,
     (20, 4, 1, 3, 5, 9, FLOOR, True, 10, True),          # one lane, long neurons
     (4, 5, 2, 4, 6, 16, HALF_AWAY, False, 8, True)),
    (6, True, 1, 1,                                       # input-bound: 12 beats a vector
     (12, 8, 8, 12, 3, None, HALF_UP, True, 6, True),
     (8, 8, 8, 8, 2, None, FLOOR, False, 4, True)),
    (4, False, 4, 1,                                      # output-bound: 10 beats a vector
     (4, 10, 10, 4, 4, None, HALF_EVEN, False, 8, True),
     (10, 10, 10, 10, 3, 4, HALF_AWAY, True, 9, False)),
]


def acc_width(weights, biases, mults, x_lo, x_hi):
    """Spec 3.2: the least width holding every acc[j] and p[j] over all inputs."""
    need = 2
    for w_row, b, m in zip(weights, biases, mults):
        a_lo = b + sum(min(w * x_lo, w * x_hi) for w in w_row)
        a_hi = b + sum(max(w * x_lo, w * x_hi) for w in w_row)
        for v in (a_lo, a_hi, a_lo * m, a_hi * m):
            need = max(need, bits_signed(v))
    return need


def gen_net(outdir, rng):
    lines = []
    for idx, (x_bits, x_signed, ipb, opb, *layers) in enumerate(NET_CONFIGS):
        name = "net%d" % idx
        base = os.path.join(outdir, name)
        params = ["X0_BITS=%d" % x_bits, "X0_SIGNED=%d" % x_signed,
                  "IN_PER_BEAT=%d" % ipb, "OUT_PER_BEAT=%d" % opb]
        in_bits, in_signed = x_bits, x_signed
        net = []
        for li, (n_in, n_out, lanes, simd, w_bits, m_bits, rounding, relu, o_bits,
                 o_signed) in enumerate(layers):
            if li > 0:
                assert n_in == layers[li - 1][1]
            x_lo, x_hi = lo(in_bits, in_signed), hi(in_bits, in_signed)
            if w_bits == 1:
                weights = [[rng.choice((-1, 1)) for _ in range(n_in)] for _ in range(n_out)]
            else:
                weights = [[rng.randint(lo(w_bits, True), hi(w_bits, True)) for _ in range(n_in)]
                           for _ in range(n_out)]
            bias_shift = rng.randint(0, 3)
            biases = [rng.randint(-50, 50) << bias_shift for _ in range(n_out)]
            if m_bits:
                mults = [rng.choice((1, -1)) * rng.randint(1, hi(m_bits, True))
                         for _ in range(n_out)]
            else:
                mults = [1] * n_out
            acc_bits = acc_width(weights, biases, mults, x_lo, x_hi)
            per_channel = rng.random() < 0.5
            if per_channel:
                shifts = [rng.randint(0, acc_bits + 1) for _ in range(n_out)]
            else:
                shifts = [rng.randint(0, acc_bits + 1)] * n_out
            net.append((weights, biases, mults, shifts, rounding, relu, o_bits, o_signed))

            groups = -(-n_out // lanes)
            words = -(-n_in // simd)
            for lane in range(lanes):
                mem = []
                for g in range(groups):
                    j = g * lanes + lane
                    for k in range(words):
                        ws = []
                        for s_ in range(simd):
                            i = k * simd + s_
                            w = weights[j][i] if j < n_out and i < n_in else 0
                            ws.append((1 if w > 0 else 0) if w_bits == 1 else w)
                        mem.append(pack(ws, w_bits))
                write_mem("%s_l%d_lane%d.mem" % (base, li, lane), mem, simd * w_bits)
            write_mem("%s_l%d_bias.mem" % (base, li), biases, acc_bits)
            write_mem("%s_l%d_mult.mem" % (base, li), mults, m_bits or 2)
            write_mem("%s_l%d_shift.mem" % (base, li), shifts, 6)
            p = "L%d_" % li
            params += [p + "IN=%d" % n_in, p + "OUT=%d" % n_out, p + "LANES=%d" % lanes,
                       p + "SIMD=%d" % simd, p + "W_BITS=%d" % w_bits,
                       p + "ACC_BITS=%d" % acc_bits, p + "HAS_MULT=%d" % (1 if m_bits else 0),
                       p + "MULT_BITS=%d" % (m_bits or 2), p + "ROUNDING=%d" % rounding,
                       p + "RELU=%d" % relu, p + "OUT_BITS=%d" % o_bits,
                       p + "OUT_SIGNED=%d" % o_signed,
                       p + "PER_CHANNEL_SHIFT=%d" % per_channel,
                       p + 'W_PREFIX="%s_l%d_lane"' % (base, li),
                       p + 'B_FILE="%s_l%d_bias.mem"' % (base, li),
                       p + 'M_FILE="%s_l%d_mult.mem"' % (base, li),
                       p + 'S_FILE="%s_l%d_shift.mem"' % (base, li)]
            in_bits, in_signed = o_bits, o_signed

        # Inputs and the reference outputs (spec section 3, layer by layer).
        n_vec = 30
        n_in0 = layers[0][0]
        inputs = []
        for _ in range(n_vec):
            v = [rng.choice((lo(x_bits, x_signed), hi(x_bits, x_signed)))
                 if rng.random() < 0.3 else rng.randint(lo(x_bits, x_signed), hi(x_bits, x_signed))
                 for _ in range(n_in0)]
            inputs.append(v)
        outputs = []
        for v in inputs:
            for weights, biases, mults, shifts, rounding, relu, o_bits, o_signed in net:
                v = [requant((b + sum(w * x for w, x in zip(row, v))) * m, s, rounding, relu,
                             o_bits, o_signed)
                     for row, b, m, s in zip(weights, biases, mults, shifts)]
            outputs.append(v)
        write_mem(base + "_in.mem", [x for v in inputs for x in v], x_bits)
        write_mem(base + "_out.mem", [y for v in outputs for y in v], layers[-1][8])
        params += ["VECTORS=%d" % n_vec, 'IN_FILE="%s_in.mem"' % base,
                   'OUT_FILE="%s_out.mem"' % base]
        lines.append(name + " " + " ".join(params))
    with open(os.path.join(outdir, "net.list"), "w") as f:
        f.write("\n".join(lines) + "\n")


# ------------------------------------------------------------- memories

def gen_mem(outdir, rng):
    """Random contents for qn_weight_mem and qn_param_rom: DEPTH, WIDTH, PORTS."""
    lines = []
    for depth, width, ports in ((1, 1, 1), (12, 8, 3), (16, 36, 2), (5, 64, 4), (300, 20, 1)):
        name = "mem_d%d_w%d" % (depth, width)
        path = os.path.join(outdir, name + ".mem")
        write_mem(path, [rng.getrandbits(width) for _ in range(depth)], width)
        lines.append('%s DEPTH=%d WIDTH=%d PORTS=%d MEM_FILE="%s"' % (name, depth, width, ports, path))
    with open(os.path.join(outdir, "mem.list"), "w") as f:
        f.write("\n".join(lines) + "\n")


# ----------------------------------------------------------------- main

def main(argv):
    if len(argv) < 3 or argv[1] not in ("requant", "mac", "net", "mem"):
        sys.stderr.write(__doc__)
        return 2
    outdir = argv[2]
    seed = int(argv[3]) if len(argv) > 3 else 1
    rng = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    {"requant": gen_requant, "mac": gen_mac, "net": gen_net, "mem": gen_mem}[argv[1]](outdir, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
