"""The quantization rule of qnngen-yaml(5), QUANTIZATION, in numpy.

Every function performs the same IEEE double operations, in the same order,
as gen/quantize_rule.c, so the integers agree bit for bit with
`qnngen quantize` (test/qnntrain.sh checks it on random tensors).  np.rint
rounds half to even like C's nearbyint; np.frexp and np.ldexp are exact.
"""
import math

import numpy as np

SQRT1_2 = 0.70710678118654757  # the double nearest 2**-0.5
SHIFT_RULES = ("nearest", "floor", "ceil")


def qmax_of(bits):
    """Narrow symmetric weight range: [-(2^(b-1)-1), 2^(b-1)-1]."""
    return (1 << (bits - 1)) - 1


def int_range(bits, signed):
    if signed:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


def weight_scales(w, bits, per_channel):
    """Step 1: max-abs scales, one per output row ([out] array)."""
    w = np.asarray(w, dtype=np.float64)
    q = float(qmax_of(bits))
    a = float(np.max(np.abs(w))) if w.size else 0.0
    tensor = a / q if a > 0.0 else 1.0
    if not per_channel:
        return np.full(w.shape[0], tensor)
    rows = np.max(np.abs(w), axis=1)
    return np.where(rows > 0.0, rows / q, tensor)


def snap_scales(scale):
    """Step 3 (shift mode, per channel): scale[j] = ldexp(S, -k[j]), k the
    largest 0..62 with ldexp(S, -k) >= scale[j]."""
    scale = np.asarray(scale, dtype=np.float64)
    top = float(np.max(scale))
    out = np.empty_like(scale)
    for j, s in enumerate(scale):
        k = 0
        while k < 62 and math.ldexp(top, -(k + 1)) >= s:
            k += 1
        out[j] = math.ldexp(top, -k)
    return out


def quantize_weights(w, scale, bits):
    """Step 2: clamp(nearbyint(w / s[j]), -Q, Q), int64 [out][in]."""
    q = qmax_of(bits)
    w = np.asarray(w, dtype=np.float64)
    r = np.rint(w / np.asarray(scale, dtype=np.float64)[:, None])
    return np.clip(r, -q, q).astype(np.int64)


def widen_range(lo, hi):
    """Step 4: the input range holds 0; a zero range becomes [0, 1]."""
    lo, hi = min(float(lo), 0.0), max(float(hi), 0.0)
    if lo == 0.0 and hi == 0.0:
        hi = 1.0
    return lo, hi


def input_params(lo, hi, bits, signed):
    """Step 4: scale and zero point of the input range (already widened)."""
    qmin, qmax = int_range(bits, signed)
    scale = (hi - lo) / float(qmax - qmin)
    z = float(qmin) - float(np.rint(lo / scale))
    return scale, int(min(max(z, qmin), qmax))


def quantize_input(x, scale, zero_point, bits, signed):
    qmin, qmax = int_range(bits, signed)
    v = np.rint(np.asarray(x, dtype=np.float64) / scale) + float(zero_point)
    return np.clip(v, qmin, qmax).astype(np.int64)


def shift_of(m_real, rule="nearest"):
    """Step 7, shift mode: right shift for real multiplier M > 0."""
    f, e = math.frexp(float(m_real))
    if rule == "floor":
        return 1 - e if f == 0.5 else -e
    if rule == "ceil":
        return 1 - e
    return 1 - e if f < SQRT1_2 else -e


def multiplier_of(m_real, bits=16):
    """Step 7, multiplier mode: (m, shift) with m in multiplier_bits."""
    f, e = math.frexp(float(m_real))
    m = int(np.rint(math.ldexp(f, bits - 1)))
    shift = bits - 1 - e
    if m == 1 << (bits - 1):
        m, shift = 1 << (bits - 2), shift - 1
    return m, shift


def output_target(lo, hi, out_bits, relu):
    """Step 6: the target output scale t."""
    if relu:
        return hi / float((1 << out_bits) - 1)
    a = max(abs(lo), abs(hi))
    return a / float((1 << (out_bits - 1)) - 1)


def float_dense(w, b, x, relu):
    """Step 9: y[j] = b[j] + sum_i w[j][i] * x[i] in index order (numpy's
    dot sums in another order, and calibration must match qnngen's)."""
    w = np.asarray(w, dtype=np.float64)
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    acc = np.zeros((x.shape[0], w.shape[0])) if b is None else \
        np.tile(np.asarray(b, dtype=np.float64), (x.shape[0], 1))
    for i in range(w.shape[1]):
        acc = acc + w[:, i][None, :] * x[:, i][:, None]
    return np.where(acc > 0.0, acc, 0.0) if relu else acc


class LayerQ:
    """One layer's quantization: what `qnngen quantize` writes for it."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def quantize_layer(w, b, s_x, z_x, bits, out_bits, relu, lo, hi, mode="shift",
                   rule="nearest", multiplier_bits=16, per_channel=False,
                   given_scale=None, zero_point=False):
    """Steps 1-7 for one layer; returns a LayerQ with wq, bq, shift, mult,
    scale, m_real and out_scale (the next layer's s_x)."""
    w = np.asarray(w, dtype=np.float64)
    out = w.shape[0]
    if given_scale is not None:
        scale = np.broadcast_to(np.asarray(given_scale, dtype=np.float64), (out,)).copy()
        if np.ndim(given_scale) > 0:
            per_channel = True
    else:
        scale = weight_scales(w, bits, per_channel)
    if mode == "shift" and per_channel:
        scale = snap_scales(scale)
    wq = quantize_weights(w, scale, bits)
    if zero_point:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        t = (hi - lo) / float((1 << out_bits) - 1)
    else:
        t = output_target(lo, hi, out_bits, relu)
    if not t > 0.0:
        raise ValueError("zero output range")
    s_acc = s_x * scale
    if b is None:
        br = np.zeros(out)
    else:
        br = np.rint(np.asarray(b, dtype=np.float64) / s_acc)
    folded = br - float(z_x) * wq.sum(axis=1).astype(np.float64)
    if not (np.all(np.abs(br) <= 2147483647.0) and np.all(np.abs(folded) <= 2147483647.0)):
        raise ValueError("bias outside 32 bits")
    bq = br.astype(np.int64) - z_x * wq.sum(axis=1)
    m_real = s_acc / t
    shift = np.zeros(out, dtype=np.int64)
    mult = np.ones(out, dtype=np.int64)
    for j in range(out):
        if mode == "shift":
            shift[j] = shift_of(m_real[j], rule)
            if shift[j] < 0 and not per_channel:
                shift[j] = 0   # M > 1: the accumulator itself is the output
        else:
            mult[j], shift[j] = multiplier_of(m_real[j], multiplier_bits)
    if shift.min() < 0 or shift.max() > 62:
        raise ValueError("shift outside 0..62")
    top = int(np.argmax(scale))  # the first of the largest
    out_scale = math.ldexp(s_x * scale[top], int(shift[top])) if mode == "shift" else t
    out_zero_point = 0
    if zero_point:
        qmin, qmax = int_range(out_bits, True)
        z = float(qmin) - float(np.rint(lo / out_scale))
        out_zero_point = int(min(max(z, qmin), qmax))
        b = bq.astype(np.float64) + np.ldexp(float(out_zero_point), shift)
        if not np.all(np.abs(b) <= 2147483647.0):
            raise ValueError("bias outside 32 bits")
        bq = b.astype(np.int64)
    return LayerQ(wq=wq, bq=bq, shift=shift, mult=mult, scale=scale,
                  m_real=m_real, out_scale=out_scale, per_channel=per_channel,
                  out_signed=not relu, target=t, out_zero_point=out_zero_point)
