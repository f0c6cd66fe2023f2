"""`torch.nn.functional` for Python (`import gradcli.nn.functional as F`): the registry's
functional ops, the same functions a formula's `torch.nn.functional` names, and the few that
PyTorch writes as compositions (COMPOSITES)."""
from __future__ import annotations

import warnings

from ..namespace import functional_ops as _functional_ops

globals().update(_functional_ops())

# Python composites over the ops above (not registry ops): PyTorch writes them in Python too.
from ._mha import multi_head_attention_forward  # noqa: E402,F401
# ctc_loss is ATen's composite over its _ctc_loss node, whose gradient is not the derivative
# of its value (it takes log_probs to be log_softmax outputs), so no gradcheck sample fits it.
from ..ops.loss import ctc_loss  # noqa: E402,F401


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    """softmax((logits + g) / tau) with g ~ Gumbel(0, 1) drawn as -log(Exponential(1)) from
    the same stream as PyTorch's `exponential_`; hard=True returns the one-hot argmax with the
    soft sample's gradient (y_hard - y_soft.detach() + y_soft)."""
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    gumbels = -logits.new_empty(logits.shape).exponential_().log()
    y_soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = logits.new_zeros(logits.shape).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft


def _in_place(name: str):
    """F.<name>_: F.<name>(..., inplace=True), as PyTorch's in-place activations."""
    op = globals()[name]

    def fn(input, *args, **kwargs):
        return op(input, *args, inplace=True, **kwargs)
    fn.__name__ = fn.__qualname__ = name + "_"
    fn.__doc__ = f"{name}, written into input (F.{name}(..., inplace=True))"
    return fn


_IN_PLACE = ("relu", "elu", "leaky_relu", "hardtanh", "selu", "celu", "rrelu", "threshold")
globals().update({name + "_": _in_place(name) for name in _IN_PLACE})

COMPOSITES = ("multi_head_attention_forward", "ctc_loss", "gumbel_softmax",
              *(name + "_" for name in _IN_PLACE))
