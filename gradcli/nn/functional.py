"""`torch.nn.functional` for Python (`import gradcli.nn.functional as F`): the registry's
functional ops, the same functions a formula's `torch.nn.functional` names."""
from __future__ import annotations

from ..namespace import functional_ops as _functional_ops

globals().update(_functional_ops())

# Python composites over the ops above (not registry ops): PyTorch writes them in Python too.
from ._mha import multi_head_attention_forward  # noqa: E402,F401

COMPOSITES = ("multi_head_attention_forward",)
