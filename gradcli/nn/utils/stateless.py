"""`torch.nn.utils.stateless`: functional_call, PyTorch's deprecated spelling of
torch.func.functional_call (it warns, then calls that)."""
from __future__ import annotations

import warnings


def functional_call(module, parameters_and_buffers, args=None, kwargs=None, *,
                    tie_weights: bool = True, strict: bool = False):
    """torch.func.functional_call, with PyTorch's FutureWarning"""
    warnings.warn("`torch.nn.utils.stateless.functional_call` is deprecated as of PyTorch 2.0 "
                  "and will be removed in a future version of PyTorch. Please use "
                  "`torch.func.functional_call` instead which is a drop-in replacement.",
                  FutureWarning, stacklevel=2)
    from ...autograd.func import functional_call as call
    return call(module, parameters_and_buffers, args, kwargs, tie_weights=tie_weights,
                strict=strict)


PUBLIC = ("functional_call",)
