"""qnntrain: train networks for qnngen with quantization in the loop.

  rule    the quantization rule of qnngen-yaml(5), QUANTIZATION, in numpy:
          the same integers as `qnngen quantize`
  mlp     a numpy MLP with fake quantization (that rule) and straight-through
          gradients: quantization-aware training
  export  writes the float .npz and FLOAT.yaml that `qnngen quantize` reads
  torch_fq  (optional, imported on its own: needs torch) the same fake
          quantization for PyTorch modules, straight-through gradients

numpy only, except torch_fq; PyTorch users export their state_dict's arrays
with export.write_float_net.
"""
from . import export, mlp, rule  # noqa: F401
