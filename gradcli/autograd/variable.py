"""`torch.autograd.Variable`, which old tutorials still use: since PyTorch 0.4 it makes a
tensor (an alias of `data`, detached, with `requires_grad` as given), and every tensor is an
instance of it."""
from __future__ import annotations

import warnings


class _VariableMeta(type):
    def __instancecheck__(cls, obj) -> bool:
        from .._tensor import Tensor
        return isinstance(obj, Tensor)


class Variable(metaclass=_VariableMeta):
    """Variable(tensor, requires_grad=False): the tensor's data as a new leaf."""

    __gradcli_safe__ = True

    def __new__(cls, data=None, requires_grad: bool = False, volatile=None, **unknown):
        from .._tensor import Tensor
        from ..errors import TorchRuntimeError, TorchTypeError
        for key in unknown:             # (the words of its C++ constructor's parser)
            raise TorchTypeError(f"'{key}' is an invalid keyword argument for this function")
        if volatile is not None:
            warnings.warn("volatile was removed and now has no effect. Use `with "
                          "torch.no_grad():` instead.", UserWarning, stacklevel=2)
        if not isinstance(data, Tensor):
            raise TorchTypeError(f"Variable data has to be a tensor, but got "
                                 f"{type(data).__name__}")
        t = data.detach()
        if requires_grad:
            if t._data.dtype.kind not in "fc":
                raise TorchRuntimeError("Only Tensors of floating point and complex dtype can "
                                        "require gradients")
            t.requires_grad_(True)
        return t
