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
from .core import apply, broadcast_error, check_inplace, inplace, to_tensor, wrap, zeros_for
from .registry import REGISTRY, category, register
from .views import check_inputs, check_write, internal_overlap, warn_expanded, \
    write_expanded

category("in-place")


_OPERANDS = (Tensor, int, float, bool, complex, np.ndarray, np.generic)


def _check_operands(self: Tensor, args, kwargs, inputs: bool = True,
                    full: bool = False) -> None:
    """PyTorch's memory checks of an in-place op, made (as there) after the leaf check and
    before any other: self not expanded, no operand partly (`full`: or wholly) in self's
    memory (`x[1:].add_(x[:-1])`, `x.add_(x[0])`)."""
    operands = (*args, *kwargs.values()) if inputs else ()
    check_write(self._data, [a._data for a in operands if isinstance(a, Tensor)], full)


def _binary_inplace(name, fn):
    def op_(self, other, **kwargs):
        if not isinstance(other, _OPERANDS):
            return NotImplemented       # `t += "x"`: Python's TypeError names `+=`

        def compute(before):
            if kwargs or isinstance(other, Tensor) or 0 in self._data.strides:
                _check_operands(self, (other,), kwargs)
            return fn(before, other, **kwargs)
        return inplace(self, compute)
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
    """set every element to 0, in place (an expanded tensor too, as PyTorch lets it)"""
    return _write_any(self, lambda before: apply(ZeroBackward0, (before,)), constant=True)


def _write_any(self: Tensor, compute, operands=(), constant: bool = False) -> Tensor:
    """inplace(self, compute), self expanded or not."""
    if write_expanded(self, compute, operands, constant=constant):
        return self
    return inplace(self, compute)


@register("fill_", method=True, function=False, differentiable=False)
def fill_(self, value):
    """set every element to value, in place"""
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise TorchRuntimeError(f"fill_ only supports 0-dimension value tensor but got "
                                    f"tensor with {value._data.ndim} dimensions.")
        return inplace(self, lambda before: apply(FillBackward3, (before, value)))
    value = dtypes.checked_scalar(value, self._data.dtype)[()]
    return _write_any(self, lambda before: apply(FillBackward2, (before,), value=value),
                      constant=True)


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

    def compute(before):
        _check_operands(self, (src,), {})
        _fits_output(self._data.shape, src._data.shape)
        return apply(CopyBackwards, (before, src))
    return inplace(self, compute)


# in-place forms PyTorch does not check against their inputs' memory (matrix products write
# through a kernel of their own, ldexp_ is mul_ by a new tensor); tril_, triu_ check nothing
_INPUTS_UNCHECKED = frozenset(("addmm", "addmv", "addbmm", "ldexp"))
_UNCHECKED = frozenset(("tril", "triu"))
_FULL_CHECKED = frozenset(("scatter", "scatter_add"))     # src may not be self's memory at all


def masked_fill_(self, mask, value):
    """masked_fill_ checks in PyTorch's order: the value's dims, the mask's dtype, the mask
    against self's memory, then the shapes (self's must stay: `x.masked_fill_(m, v)` with m
    larger than x is refused as the output's shape). An expanded self is written, with a
    warning."""
    from .select import _CTYPE, masked_fill
    check_inplace(self)
    m = to_tensor(mask)
    if isinstance(value, Tensor) and value._data.ndim:
        raise TorchRuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, "
                                f"but got tensor with {value._data.ndim} dimension(s).")
    if m._data.dtype != np.bool_:
        dt = m._data.dtype.name
        raise TorchRuntimeError(f"masked_fill_ only supports boolean masks, but got mask "
                                f"with dtype {_CTYPE.get(dt, dt)}")
    if internal_overlap(self._data):
        warn_expanded("masked_fill_")
    check_inputs(self._data, (m._data,))
    _fits_output(self._data.shape, m._data.shape)
    return _write_any(self, lambda before: masked_fill(before, m, value), (value,))


def _fits_output(target: tuple, shape: tuple) -> None:
    """PyTorch's refusal of an operand of an in-place op that does not broadcast to the
    written-to tensor's shape."""
    try:
        full = np.broadcast_shapes(target, shape)
    except ValueError:
        raise broadcast_error(target, shape) from None
    if full != target:
        raise TorchRuntimeError(f"output with shape [{', '.join(map(str, target))}] doesn't "
                                f"match the broadcast shape [{', '.join(map(str, full))}]")


def _unary_inplace(name):
    if name == "masked_fill":
        return masked_fill_
    fn = REGISTRY[name].fn
    code = fn.__code__               # (inspect.signature, for 80 ops, cost start-up ~2 ms)
    inputs, full = name not in _INPUTS_UNCHECKED, name in _FULL_CHECKED
    if "inplace" in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]:
        def op_(self, *args, **kwargs):           # the op's own in-place form (its node name)
            return fn(self, *args, inplace=True, **kwargs)
    elif name in _UNCHECKED:
        def op_(self, *args, **kwargs):
            return inplace(self, lambda before: fn(before, *args, **kwargs))
    else:
        def op_(self, *args, **kwargs):
            def compute(before):
                _check_operands(self, args, kwargs, inputs, full)
                return fn(before, *args, **kwargs)
            return inplace(self, compute)
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
