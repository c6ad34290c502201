"""Fake quantization for PyTorch users (optional: needs torch), by the rule
of rule.py / `qnngen quantize`: the scales are computed in float64 exactly
as rule.py does, torch.round rounds half to even like np.rint, and the
straight-through estimator passes gradients through the rounding.

    w_fq = fake_quant_weight(layer.weight, bits=4)      # in forward()
    y_fq = fake_quant_output(y, out_scale, lo, hi)      # lo..hi integers

Train with these, then export the float weights and the ranges with
export.write_float_net; `qnngen quantize` reproduces the integers.
"""
import torch

from . import rule


class _RoundSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.round(x)

    @staticmethod
    def backward(ctx, g):
        return g


def weight_scale(w, bits, per_channel=False):
    """rule.weight_scales on a tensor: float64 [out]."""
    return torch.from_numpy(rule.weight_scales(w.detach().cpu().double().numpy(),
                                               bits, per_channel))


def quantize_weight(w, bits, scale=None, per_channel=False):
    """The integers `qnngen quantize` writes (int64 tensor [out][in])."""
    s = weight_scale(w, bits, per_channel) if scale is None else \
        torch.as_tensor(scale, dtype=torch.float64).expand(w.shape[0])
    q = rule.qmax_of(bits)
    return torch.clamp(torch.round(w.detach().double() / s[:, None]), -q, q).long()


def fake_quant_weight(w, bits, scale=None, per_channel=False):
    """s * clamp(round(w / s)) with straight-through gradients to w."""
    s = weight_scale(w, bits, per_channel) if scale is None else \
        torch.as_tensor(scale, dtype=torch.float64).expand(w.shape[0])
    s = s.to(w.dtype).to(w.device)[:, None]
    q = rule.qmax_of(bits)
    return s * torch.clamp(_RoundSTE.apply(w / s), -q, q)


def fake_quant_output(y, scale, qlo, qhi):
    """scale * clamp(round(y / scale), qlo, qhi); gradients pass where the
    value is inside the range (saturated outputs get none)."""
    return scale * torch.clamp(_RoundSTE.apply(y / scale), qlo, qhi)
