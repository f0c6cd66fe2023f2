"""In-place ops: `add_`, `sub_`, `mul_`, `div_`, `pow_`, `neg_`, `zero_`, `fill_`, `copy_`,
`clamp_`, the `x += y` family, and `op_` for elementwise functions and the other ops
PyTorch has an in-place form of (`masked_fill_`, `scatter_`, `tril_`, `addcmul_` ...).

Each is the out-of-place op written back into the tensor (`core.inplace`): the version
counter goes up, a leaf that requires grad is refused while grad mode is on, and the tensor's
`grad_fn` becomes the op's node (`y.add_(1)` gives `AddBackward0`), as in PyTorch.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..autograd.graph import Node
from ..errors import TorchRuntimeError
from .._tensor import Tensor
from . import arith
from .core import apply, inplace, to_tensor, wrap, zeros_for
from .registry import REGISTRY, category, register

category("in-place")


_OPERANDS = (Tensor, int, float, bool, complex, np.ndarray, np.generic)


def _binary_inplace(name, fn):
    def op_(self, other, **kwargs):
        if not isinstance(other, _OPERANDS):
            return NotImplemented       # `t += "x"`: Python's TypeError names `+=`
        return inplace(self, lambda before: fn(before, other, **kwargs))
    op_.__name__ = name
    op_.__doc__ = f"in-place {fn.__name__}: self = {fn.__name__}(self, other)"
    return op_


for _name, _fn, _dunder in [("add_", arith.add, "__iadd__"), ("sub_", arith.sub, "__isub__"),
                            ("mul_", arith.mul, "__imul__"), ("div_", arith.div, "__itruediv__"),
                            ("pow_", arith.pow, "__ipow__"),
                            ("remainder_", arith.remainder, "__imod__"),
                            ("floor_divide_", arith.floor_divide, "__ifloordiv__")]:
    register(_name, method=True, function=False, differentiable=False,
             dunders=(_dunder,))(_binary_inplace(_name, _fn))


class ZeroBackward0(Node):
    """d zero_(x) = 0"""

    def forward(self, x):
        return np.zeros_like(x)

    def backward(self, g):
        return zeros_for(g)


class FillBackward2(Node):
    """d fill_(x, v) = 0  (v a number)"""

    def forward(self, x):
        return np.full_like(x, self.value)

    def backward(self, g):
        return zeros_for(g)


class FillBackward3(Node):
    """d fill_(x, v) = 0 for x, the sum of g for v  (v a 0-d tensor)"""

    def forward(self, x, v):
        return np.full_like(x, v)

    def backward(self, g):
        return zeros_for(g), g.sum()


@register("zero_", method=True, function=False, differentiable=False)
def zero_(self):
    """set every element to 0, in place"""
    return inplace(self, lambda before: apply(ZeroBackward0, (before,)))


@register("fill_", method=True, function=False, differentiable=False)
def fill_(self, value):
    """set every element to value, in place"""
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise TorchRuntimeError(f"fill_ only supports 0-dimension value tensor but got "
                                    f"tensor with {value._data.ndim} dimensions.")
        return inplace(self, lambda before: apply(FillBackward3, (before, value)))
    value = dtypes.checked_scalar(value, self._data.dtype)[()]
    return inplace(self, lambda before: apply(FillBackward2, (before,), value=value))


class CopyBackwards(Node):
    """d copy_(x, src) = 0 for x, g (summed to src's shape) for src"""

    _qualified = True

    def forward(self, x, src):
        return np.broadcast_to(src, x.shape).astype(x.dtype, copy=True)

    def backward(self, g):
        return zeros_for(g), g


@register("copy_", method=True, function=False, differentiable=False)
def copy_(self, src, non_blocking=False):
    """copy src's values into self, in place (broadcasting src)"""
    src = to_tensor(src)
    target, shape = self._data.shape, src._data.shape
    try:
        fits = np.broadcast_shapes(target, shape) == target
    except ValueError:
        from .core import broadcast_error
        raise broadcast_error(target, shape) from None
    if not fits:
        raise TorchRuntimeError(f"output with shape [{', '.join(map(str, target))}] doesn't "
                                f"match the broadcast shape "
                                f"[{', '.join(map(str, np.broadcast_shapes(target, shape)))}]")
    return inplace(self, lambda before: apply(CopyBackwards, (before, src)))


def _unary_inplace(name):
    fn = REGISTRY[name].fn
    code = fn.__code__               # (inspect.signature, for 80 ops, cost start-up ~2 ms)
    if "inplace" in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]:
        def op_(self, *args, **kwargs):           # the op's own in-place form (its node name)
            return fn(self, *args, inplace=True, **kwargs)
    else:
        def op_(self, *args, **kwargs):
            return inplace(self, lambda before: fn(before, *args, **kwargs))
    op_.__name__ = name + "_"
    op_.__doc__ = f"in-place {name}"
    return op_


_MORE_INPLACE = ("ldexp", "gcd", "lcm", "nextafter", "mvlgamma", "addr", "addbmm", "i0")


def install_unary_inplace() -> None:
    """Give every elementwise method `f` its in-place form `f_` (called once ops are loaded)."""
    for name in ("exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "abs",
                 "neg", "reciprocal", "clamp", "clip", "floor", "ceil", "round", "trunc",
                 "square", "sign", "log1p", "expm1", "rsqrt", "exp2", "log2", "log10", "frac",
                 "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "erf",
                 "leaky_relu", "elu", "silu", "selu", "celu", "hardtanh", "relu6", "mish",
                 "hardsigmoid", "hardswish", "erfc", "sinc", "fmod", "remainder", "lerp",
                 "clamp_min", "clamp_max", "masked_fill", "scatter", "scatter_add", "tril",
                 "triu", "cumprod", "logit", "nan_to_num", "addcmul", "addcdiv", "addmm",
                 "addmv", "deg2rad", "rad2deg", "xlogy", "copysign", "renorm"
                 ) + _MORE_INPLACE:
        if name in REGISTRY and name + "_" not in REGISTRY:
            register(name + "_", method=True, function=False,
                     differentiable=False)(_unary_inplace(name))
