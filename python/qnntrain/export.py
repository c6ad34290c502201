"""Writes what `qnngen quantize` reads: the float arrays as .npz (as
numpy.savez of a state_dict would) and FLOAT.yaml with its quantization
sections (qnngen-yaml(5), QUANTIZATION)."""
import os

import numpy as np


def _num(v):
    return repr(float(v))


def write_float_net(yaml_path, name, input_size, input_bits, input_signed,
                    layers, mode="shift", shift_rule="nearest",
                    multiplier_bits=16, input_range=None, calibration=None,
                    lanes=None):
    """layers: dicts with name, w [out][in], b [out] or None, relu,
    weight_bits, out_bits, and optional range (lo, hi), weight_scale
    (a number or an [out] array) and granularity."""
    stem = os.path.splitext(yaml_path)[0]
    npz_path = stem + ".npz"
    arrays = {}
    for L in layers:
        arrays[L["name"] + ".weight"] = np.asarray(L["w"], dtype=np.float64)
        if L.get("b") is not None:
            arrays[L["name"] + ".bias"] = np.asarray(L["b"], dtype=np.float64)
        s = L.get("weight_scale")
        if s is not None and np.ndim(s) > 0:
            arrays[L["name"] + ".weight_scale"] = np.asarray(s, dtype=np.float64)
    np.savez(npz_path, **arrays)
    lines = ["# float network for `qnngen quantize`, written by qnntrain",
             "qnngen: 1", "name: %s" % name,
             "weights: %s" % os.path.basename(npz_path),
             "input: {size: %d, bits: %d, signed: %s}"
             % (input_size, input_bits, "true" if input_signed else "false"),
             "quantization:", "  mode: %s" % mode]
    if mode == "shift":
        lines.append("  shift_rule: %s" % shift_rule)
    else:
        lines.append("  multiplier_bits: %d" % multiplier_bits)
    if input_range is not None:
        lines.append("  input_range: [%s, %s]" % (_num(input_range[0]), _num(input_range[1])))
    if calibration is not None:
        lines.append("  calibration: %s" % calibration)
    lines.append("layers:")
    for L in layers:
        lines += ["  - name: %s" % L["name"], "    type: dense",
                  "    out: %d" % np.shape(L["w"])[0],
                  "    weight: %s.weight" % L["name"]]
        if L.get("b") is not None:
            lines.append("    bias: %s.bias" % L["name"])
        lines += ["    weight_bits: %d" % L["weight_bits"],
                  "    out_bits: %d" % L["out_bits"],
                  "    activation: %s" % ("relu" if L["relu"] else "none")]
        if lanes:
            lines.append("    lanes: %d" % lanes)
        q = []
        if L.get("range") is not None:
            q.append("range: [%s, %s]" % (_num(L["range"][0]), _num(L["range"][1])))
        s = L.get("weight_scale")
        if s is not None:
            q.append("weight_scale: %s" % (_num(s) if np.ndim(s) == 0
                                           else L["name"] + ".weight_scale"))
        if L.get("granularity"):
            q.append("granularity: %s" % L["granularity"])
        if L.get("zero_point"):
            q.append("zero_point: true")
        if q:
            lines.append("    quantization: {%s}" % ", ".join(q))
    with open(yaml_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return npz_path
