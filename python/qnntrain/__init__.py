"""qnntrain: train networks for qnngen with quantization in the loop.

  rule    the quantization rule of qnngen-yaml(5), QUANTIZATION, in numpy:
          the same integers as `qnngen quantize`
  mlp     a numpy MLP with fake quantization (that rule) and straight-through
          gradients: quantization-aware training
  export  writes the float .npz and FLOAT.yaml that `qnngen quantize` reads

numpy only; PyTorch users can feed their state_dict's arrays to
export.write_float_net and use rule.* for their own fake-quant layers.
"""
from . import export, mlp, rule  # noqa: F401
