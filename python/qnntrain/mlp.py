"""A numpy MLP (dense + relu, softmax cross-entropy) with quantization-aware
training: the forward pass fake-quantizes the input, every weight tensor and
every layer output by exactly the rule `qnngen quantize` applies
(rule.py), and gradients pass the rounding straight through (STE), and
stop where an output saturates."""
import math

import numpy as np

from . import rule


class QuantConfig:
    """How the network is quantized; the same settings go to FLOAT.yaml."""

    def __init__(self, weight_bits=8, out_bits=8, last_out_bits=16,
                 input_bits=8, input_signed=True, input_range=(0.0, 1.0),
                 mode="shift", shift_rule="nearest", multiplier_bits=16,
                 scale="max_abs"):
        self.weight_bits = weight_bits
        self.out_bits = out_bits
        self.last_out_bits = last_out_bits
        self.input_bits = input_bits
        self.input_signed = input_signed
        self.input_range = rule.widen_range(*input_range)
        self.mode = mode
        self.shift_rule = shift_rule
        self.multiplier_bits = multiplier_bits
        # "max_abs" (qnngen's default) or "mean_abs": s = 1.4 * mean|W|,
        # ternary-style, for 2-bit weights (exported as a given scale)
        self.scale = scale


class MLP:
    def __init__(self, sizes, seed=0):
        rng = np.random.default_rng(seed)
        self.sizes = list(sizes)
        self.W = [rng.normal(0.0, math.sqrt(2.0 / n_in), (n_out, n_in))
                  for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        self.b = [np.zeros(n_out) for n_out in sizes[1:]]
        self.qc = None          # QuantConfig when training with quantization
        self.ranges = None      # real output range (lo, hi) per layer
        self._adam = None

    @property
    def n_layers(self):
        return len(self.W)

    def relu(self, l):
        return l < self.n_layers - 1

    # ---- quantization ------------------------------------------------------

    def weight_scale(self, l):
        qc = self.qc
        if qc.scale == "mean_abs":
            return 1.4 * float(np.mean(np.abs(self.W[l])))
        return float(rule.weight_scales(self.W[l], qc.weight_bits, False)[0])

    def out_bits(self, l):
        return self.qc.out_bits if self.relu(l) else self.qc.last_out_bits

    def calibrate(self, x):
        """Output ranges from the float network over x (relu: [0, max];
        otherwise symmetric), fixed for the quantized training after."""
        self.ranges = []
        a = x
        for l in range(self.n_layers):
            y = a @ self.W[l].T + self.b[l]
            if self.relu(l):
                y = np.maximum(y, 0.0)
                self.ranges.append((0.0, float(y.max())))
            else:
                m = float(np.abs(y).max())
                self.ranges.append((-m, m))
            a = y

    def quantize(self, config, x_calibration):
        self.qc = config
        self.calibrate(x_calibration)

    def input_params(self):
        qc = self.qc
        return rule.input_params(*qc.input_range, qc.input_bits, qc.input_signed)

    def layer_quant(self, l, s_x, z_x):
        """This layer by the rule: what `qnngen quantize` will compute."""
        qc = self.qc
        given = self.weight_scale(l) if qc.scale == "mean_abs" else None
        lo, hi = self.ranges[l]
        return rule.quantize_layer(
            self.W[l], self.b[l], s_x, z_x, qc.weight_bits, self.out_bits(l),
            self.relu(l), lo, hi, qc.mode, qc.shift_rule, qc.multiplier_bits,
            False, given)

    # ---- forward and backward ----------------------------------------------

    def forward(self, x, quant=True):
        """Returns logits; keeps what backward needs."""
        cache = []
        if quant and self.qc:
            s_in, z_in = self.input_params()
            xq = rule.quantize_input(x, s_in, z_in, self.qc.input_bits, self.qc.input_signed)
            a = s_in * (xq - z_in).astype(np.float64)
            s_x = s_in
        else:
            a = x
        for l in range(self.n_layers):
            W = self.W[l]
            pass_mask = None
            if quant and self.qc:
                s_w = self.weight_scale(l)
                q = rule.qmax_of(self.qc.weight_bits)
                W = s_w * np.clip(np.rint(W / s_w), -q, q)
            y = a @ W.T + self.b[l]
            if self.relu(l):
                relu_mask = y > 0.0
                y = np.where(relu_mask, y, 0.0)
            else:
                relu_mask = None
            if quant and self.qc:
                lo_r, hi_r = self.ranges[l]
                t = rule.output_target(lo_r, hi_r, self.out_bits(l), self.relu(l))
                m_real = s_x * s_w / t
                if self.qc.mode == "shift":
                    shift = max(rule.shift_of(m_real, self.qc.shift_rule), 0)
                    s_out = math.ldexp(s_x * s_w, shift)
                else:
                    s_out = t
                qlo, qhi = rule.int_range(self.out_bits(l), not self.relu(l))
                r = np.rint(y / s_out)
                pass_mask = (r >= qlo) & (r <= qhi)
                y = s_out * np.clip(r, qlo, qhi)
                s_x = s_out
            cache.append((a, W, relu_mask, pass_mask))
            a = y
        self._cache = cache
        return a

    def backward(self, dlogits):
        grads_W, grads_b = [None] * self.n_layers, [None] * self.n_layers
        d = dlogits
        for l in reversed(range(self.n_layers)):
            a, W, relu_mask, pass_mask = self._cache[l]
            if pass_mask is not None:
                d = d * pass_mask
            if relu_mask is not None:
                d = d * relu_mask
            grads_W[l] = d.T @ a       # STE: the fake-quantized W passes grads to W
            grads_b[l] = d.sum(axis=0)
            d = d @ W
        return grads_W, grads_b

    # ---- training ----------------------------------------------------------

    def _step(self, gW, gb, lr, t, beta1=0.9, beta2=0.999, eps=1e-8):
        if self._adam is None:
            self._adam = [[np.zeros_like(p) for p in self.W + self.b] for _ in range(2)]
        m, v = self._adam
        params = self.W + self.b
        for k, (p, g) in enumerate(zip(params, gW + gb)):
            m[k] = beta1 * m[k] + (1 - beta1) * g
            v[k] = beta2 * v[k] + (1 - beta2) * g * g
            mh = m[k] / (1 - beta1 ** t)
            vh = v[k] / (1 - beta2 ** t)
            p -= lr * mh / (np.sqrt(vh) + eps)

    def train(self, x, y, epochs, lr=1e-3, batch=32, seed=0, quant=False,
              weight_decay=0.0):
        rng = np.random.default_rng(seed)
        self._adam = None
        t = 0
        n = x.shape[0]
        for _ in range(epochs):
            order = rng.permutation(n)
            for start in range(0, n, batch):
                idx = order[start:start + batch]
                logits = self.forward(x[idx], quant=quant)
                p = np.exp(logits - logits.max(axis=1, keepdims=True))
                p /= p.sum(axis=1, keepdims=True)
                p[np.arange(len(idx)), y[idx]] -= 1.0
                gW, gb = self.backward(p / len(idx))
                if weight_decay:
                    gW = [g + weight_decay * W for g, W in zip(gW, self.W)]
                t += 1
                self._step(gW, gb, lr, t)

    def accuracy(self, x, y, quant=False):
        return float(np.mean(np.argmax(self.forward(x, quant=quant), axis=1) == y))

    # ---- export ------------------------------------------------------------

    def export_layers(self, names=None):
        """Layer dicts for export.write_float_net, with the ranges (and
        mean-abs scales) training used, so `qnngen quantize` reproduces the
        fake-quantized integers exactly."""
        names = names or ["fc%d" % (l + 1) for l in range(self.n_layers)]
        layers = []
        for l in range(self.n_layers):
            d = dict(name=names[l], w=self.W[l], b=self.b[l], relu=self.relu(l),
                     weight_bits=self.qc.weight_bits, out_bits=self.out_bits(l),
                     range=self.ranges[l])
            if self.qc.scale == "mean_abs":
                d["weight_scale"] = self.weight_scale(l)
            layers.append(d)
        return layers
