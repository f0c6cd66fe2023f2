"""Predicates, dtype questions and PyTorch's other names for existing ops: `is_signed`,
`is_nonzero`, `is_same_size`, `itemsize`/`nbytes`, `isneginf`/`isposinf`/`isreal`/`isin`,
`result_type`/`promote_types`/`can_cast`, the in-place comparisons (`eq_` ... `greater_`)
and logical ops (`logical_and_` ...), `positive`, the `torch.relu_`-style functions,
`get_num_threads`/`set_num_threads` and the deprecated `torch.range`.
"""
from __future__ import annotations

import math
import os

import numpy as np

from .. import dtypes
from ..autograd.graph import Node
from ..errors import TorchIndexError, TorchNotImplementedError, TorchRuntimeError, \
    TorchTypeError, warn_complex_to_real
from .._tensor import Tensor
from .core import _write, apply, inplace, promoted, to_tensor, wrap, zeros_for
from .registry import REGISTRY, category, register
from .unary import check_tensor

category("predicates")


# -- questions about a tensor ----------------------------------------------------------------

@register("is_floating_point", differentiable=False)
def is_floating_point(input):
    """whether the dtype is a floating-point one"""
    return check_tensor(input, "is_floating_point").is_floating_point()


@register("is_inference", differentiable=False)
def is_inference(input):
    """whether the tensor was made in inference mode"""
    return check_tensor(input, "is_inference").is_inference()


@register("is_signed", method=True, differentiable=False)
def is_signed(input):
    """whether the dtype can hold negative values (bool and uint8 cannot)"""
    check_tensor(input, "is_signed")
    return input._data.dtype.kind not in "bu"


@register("is_nonzero", method=True, differentiable=False)
def is_nonzero(input):
    """the truth of a one-element tensor"""
    check_tensor(input, "is_nonzero")
    if input._data.size == 0:
        raise TorchRuntimeError("Boolean value of Tensor with no values is ambiguous")
    return bool(input)


@register("hash_tensor", method=True, differentiable=False)
def hash_tensor(input, dim=(), *, keepdim=False, mode=0):
    """the xor of the elements' bits, each first made a 64-bit float or integer, as a
    uint64 (over `dim`, or all elements)"""
    from .reduce import reduce_dims
    check_tensor(input, "hash_tensor")
    if mode != 0:
        raise TorchRuntimeError(f"Unknown hash_tensor mode: {mode}")
    a = input._data
    if a.dtype.kind == "c" or input.dtype in dtypes.BAREBONES_UNSIGNED:
        raise TorchNotImplementedError(f"\"xor_sum_cpu\" not implemented for "
                                       f"'{input.dtype.legacy}'")
    if a.size == 0 and isinstance(dim, (list, tuple)) and not dim:
        raise TorchRuntimeError("hash_tensor: Expected reduction dim to be specified for "
                                "input.numel() == 0. Specify the reduction dim with the 'dim' "
                                "argument.")
    wide = np.float64 if a.dtype.kind == "f" else np.int64
    bits = np.asarray(a, dtype=wide).view(np.uint64)     # (gradcli's bfloat16 is float32)
    axis = reduce_dims(dim, input)
    for d in axis:                          # (refused as for max, though xor has an identity)
        if a.shape[d] == 0:
            raise TorchIndexError(f"hash_tensor: Expected reduction dim {d} to have non-zero "
                                  "size.")
    out = np.bitwise_xor.reduce(bits, axis=axis, keepdims=bool(keepdim)) if axis else bits
    return wrap(np.asarray(out, dtype=np.uint64))


@register("is_same_size", method=True, differentiable=False)
def is_same_size(input, other):
    """whether both tensors have the same shape"""
    check_tensor(input, "is_same_size")
    check_tensor(other, "is_same_size", "other", 2)
    return input._data.shape == other._data.shape


Tensor.itemsize = property(lambda self: self.dtype.itemsize,
                           doc="bytes per element (the same as element_size(): bfloat16's 2, "
                               "whatever gradcli stores it in)")
Tensor.nbytes = property(lambda self: self._data.size * self.dtype.itemsize,
                         doc="bytes of all elements (numel() * itemsize)")


# -- elementwise predicates ------------------------------------------------------------------

def _infinite(sign: int, name: str):
    def fn(input):
        check_tensor(input, name)
        data = input._data
        if data.dtype.kind == "c":
            raise TorchRuntimeError(f"{name} does not support complex inputs.")
        if data.dtype.kind != "f":
            return wrap(np.zeros(data.shape, dtype=bool))
        return wrap(np.asarray(data == sign * math.inf))
    fn.__doc__ = f"x == {'+' if sign > 0 else '-'}inf, elementwise: a bool tensor"
    return fn


register("isposinf", method=True, differentiable=False)(_infinite(1, "isposinf"))
register("isneginf", method=True, differentiable=False)(_infinite(-1, "isneginf"))


@register("isreal", method=True, differentiable=False)
def isreal(input):
    """imag(x) == 0, elementwise (all True for a real tensor): a bool tensor"""
    check_tensor(input, "isreal")
    data = input._data
    if data.dtype.kind != "c":
        return wrap(np.ones(data.shape, dtype=bool))
    return wrap(np.asarray(data.imag == 0))


@register("isin", differentiable=False)
def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """whether each element occurs in test_elements: a bool tensor of elements' shape"""
    if not isinstance(elements, Tensor) and not isinstance(test_elements, Tensor):
        from ..callerrors import invalid_combination
        raise TorchTypeError(invalid_combination("isin", (elements, test_elements), {}, False))
    for v in (elements, test_elements):       # ATen's check of each, elements first
        d = v.dtype if isinstance(v, Tensor) else dtypes.bool_ if isinstance(v, bool) \
            else dtypes.complex128 if isinstance(v, complex) else None
        if d is not None and (d is dtypes.bool_ or d.is_complex):
            raise TorchRuntimeError(f"Unsupported input type encountered for isin(): "
                                    f"{d.legacy}")
    pairs = [(t.dtype, t._data.ndim) for t in (elements, test_elements) if isinstance(t, Tensor)]
    numbers = [v for v in (elements, test_elements) if not isinstance(v, Tensor)]
    rt = dtypes.result_type(pairs, numbers)     # compared in the dtype they promote to
    a, b = (to_tensor(v).to(rt)._data for v in (elements, test_elements))
    return wrap(np.asarray(np.isin(a, b, invert=bool(invert))))


# -- dtype questions -------------------------------------------------------------------------

def _dtype_arg(value, fname, arg, pos):
    """A dtype argument: a dtype, or Python's float, int, bool or complex (PyTorch's
    ScalarType parameter takes those for float64, int64, bool, complex128)."""
    if isinstance(value, dtypes.dtype):
        return value
    known = dtypes.python_type_dtype(value)
    if known is None:
        from ..argparser import tp_name
        raise TorchTypeError(f"{fname}(): argument '{arg}' (position {pos}) must be "
                             f"torch.dtype, not {tp_name(value)}")
    return known


@register("promote_types", differentiable=False)
def promote_types(type1, type2):
    """the smallest dtype both dtypes convert to without loss (PyTorch's promotion lattice)"""
    return dtypes._promote2(_dtype_arg(type1, "promote_types", "type1", 1),
                            _dtype_arg(type2, "promote_types", "type2", 2))


@register("can_cast", differentiable=False)
def can_cast(from_, to):
    """whether a value of dtype from_ may be written into dtype to (no float to integer, no
    complex to real, nothing but bool to bool)"""
    a = _dtype_arg(from_, "can_cast", "from_", 1)
    b = _dtype_arg(to, "can_cast", "to", 2)
    return dtypes.can_cast(a, b)


_NUMBERS = (bool, int, float, complex)


@register("result_type", differentiable=False)
def result_type(tensor, other):
    """the dtype an arithmetic op on the two operands (tensors or numbers) gives"""
    pair = (tensor, other)
    if not all(isinstance(x, (Tensor,) + _NUMBERS) for x in pair):
        from ..callerrors import invalid_combination
        raise TorchTypeError(invalid_combination("result_type", pair, {}, False))
    tensors = [(x.dtype, x._data.ndim) for x in pair if isinstance(x, Tensor)]
    numbers = [x for x in pair if not isinstance(x, Tensor)]
    if not tensors:                  # two numbers: the first stands in for a 0-d tensor
        tensors, numbers = [(dtypes.scalar_dtype(numbers[0]), 0)], numbers[1:]
    return dtypes.result_type(tensors, numbers)


# -- threads: NumPy runs its own, so these only keep the number PyTorch would report ----------

_DEFAULT_THREADS = os.cpu_count() or 1
_threads = [_DEFAULT_THREADS]


_interop = [_DEFAULT_THREADS, False]     # [count, whether set_num_interop_threads ran]


def reset_num_threads() -> None:
    """Back to the start-up counts (a batch run gives each file a fresh engine)."""
    _threads[0] = _DEFAULT_THREADS
    _interop[:] = [_DEFAULT_THREADS, False]


@register("get_num_interop_threads", differentiable=False)
def get_num_interop_threads() -> int:
    """The inter-op thread count PyTorch would report (gradcli runs no inter-op pool)."""
    return _interop[0]


@register("set_num_interop_threads", differentiable=False)
def set_num_interop_threads(n) -> None:
    """Keep an inter-op thread count, once, as PyTorch allows it before any parallel work."""
    if type(n) is not int:
        raise TorchRuntimeError(f"set_num_interop_threads expects an int, but got "
                                f"{type(n).__name__}")
    if n <= 0:
        raise TorchRuntimeError("set_num_interop_threads expects a positive integer")
    if _interop[1]:
        raise TorchRuntimeError("Error: cannot set number of interop threads after parallel "
                                "work has started or set_num_interop_threads called")
    _interop[:] = [n, True]


@register("init_num_threads", differentiable=False)
def init_num_threads() -> None:
    """PyTorch's per-thread initialization of its thread pools: nothing to do here."""
    return None


@register("set_flush_denormal", differentiable=False)
def set_flush_denormal(mode) -> bool:
    """Whether denormal numbers can be flushed to zero: not with NumPy, so False (PyTorch's
    answer on a CPU without the feature), and nothing changes."""
    if type(mode) is not bool:
        raise TorchRuntimeError(f"flush_denormal expects a bool, but got {type(mode).__name__}")
    return False


@register("get_num_threads", differentiable=False)
def get_num_threads() -> int:
    """The intra-op thread count last set (gradcli's NumPy ignores it)."""
    return _threads[0]


@register("set_num_threads", differentiable=False)
def set_num_threads(n) -> None:
    """Accept a thread count as PyTorch does; NumPy's own threading is left as it is."""
    if type(n) is not int:
        raise TorchRuntimeError(f"set_num_threads expects an int, but got {type(n).__name__}")
    if n <= 0:
        raise TorchRuntimeError("set_num_threads expects a positive integer")
    _threads[0] = n


# -- torch.range: deprecated, both ends included ---------------------------------------------

_RANGE_WARNING = ("torch.range is deprecated and will be removed in a future release because "
                  "its behavior is inconsistent with Python's range builtin. Instead, use "
                  "torch.arange, which produces values in [start, end).")


@register("range", differentiable=False)
def range_(start, end, step=1, *, dtype=None, device=None, requires_grad=False):
    """start, start+step, ... <= end (deprecated; the default dtype unless given)"""
    from .creation import _dt, _finish, refuse_range_dtype
    from .. import devices, limits
    from ..errors import warn_cpp
    warn_cpp(_RANGE_WARNING)
    devices.check(device)
    d = _dt(dtype, fname="range")
    refuse_range_dtype("range_cpu", d)
    if step == 0:
        raise TorchRuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise TorchRuntimeError(f"unsupported range: {start:g} -> {end:g}")
    if (end - start) * step < 0:
        raise TorchRuntimeError("upper bound and lower bound inconsistent with step sign")
    size = math.floor((end - start) / step) + 1
    limits.check_size(size)
    arr = start + step * np.arange(size, dtype=np.float64)
    return _finish(arr.astype(d), requires_grad)


# -- positive and in-place forms -------------------------------------------------------------

@register("positive", method=True, differentiable=False)
def positive(input):
    """+x: the tensor itself"""
    check_tensor(input, "positive")
    if input._data.dtype == np.bool_:
        raise TorchRuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def _compare_node(name: str, n_inputs: int):
    """The node an in-place comparison leaves on a tensor that requires grad: its result is
    piecewise constant, so the gradient is zero (PyTorch's <Op>Backward0 / 1)."""
    def forward(self, x, *other):
        return self.result.astype(x.dtype)

    def backward(self, g):
        zero = zeros_for(g)
        return zero if n_inputs == 1 else (zero, zero)
    cls = type(name, (Node,), {"forward": forward, "backward": backward,
                               "__doc__": "d x.cmp_(y) = 0"})
    return cls


_SYMBOLS = {"Eq": "==", "Ne": "!=", "Lt": "<", "Le": "<=", "Gt": ">", "Ge": ">="}


def _compare_inplace(method: str, stem: str):
    """`x.eq_(y)`: compared as `x == y` is (in the dtype the two promote to, with its
    refusals), the 0/1 result cast into x's dtype whatever that dtype is (PyTorch's
    comparison writes through a temporary of the common dtype, never refusing the cast; a
    complex one warns that it drops the imaginary part)."""
    by_scalar = _compare_node(f"{stem}Backward0", 1)
    by_tensor = _compare_node(f"{stem}Backward1", 2)
    compare = REGISTRY[method[:-1]].fn

    def op_(self, other):
        result = compare(self.detach(), other)._data
        if isinstance(other, Tensor):
            common = dtypes.result_type([(self.dtype, self._data.ndim),
                                         (other.dtype, other._data.ndim)], ()).np
            warn_complex_to_real(common, self._data.dtype)
            return inplace(self, lambda before: apply(by_tensor, (before, other),
                                                      result=result))
        return inplace(self, lambda before: apply(by_scalar, (before,), result=result))
    op_.__name__ = method
    op_.__doc__ = (f"in-place {method[:-1]}: self = (self {_SYMBOLS[stem]} other) in self's "
                   f"dtype; zero gradient")
    return op_


for _names, _stem in [(("eq_",), "Eq"), (("ne_", "not_equal_"), "Ne"),
                      (("lt_", "less_"), "Lt"), (("le_", "less_equal_"), "Le"),
                      (("gt_", "greater_"), "Gt"), (("ge_", "greater_equal_"), "Ge")]:
    register(_names[0], method=True, function=False, differentiable=False,
             aliases=_names[1:])(_compare_inplace(_names[0], _stem))


def _logical_inplace(name: str):
    """`x.logical_and_(y)`: the result written into x in x's dtype. PyTorch records nothing
    for it: x keeps its grad_fn (and a leaf is not refused)."""
    fn = REGISTRY[name].fn

    def op_(self, *other):
        _write(self, wrap(np.asarray(fn(self, *other)._data).astype(self._data.dtype)))
        return self
    op_.__name__ = name + "_"
    op_.__doc__ = f"in-place {name}, in self's dtype"
    return op_


for _name in ("logical_and", "logical_or", "logical_xor", "logical_not"):
    register(_name + "_", method=True, function=False,
             differentiable=False)(_logical_inplace(_name))


def _alias_inplace(alias: str, target: str):
    def op_(self, *args, **kwargs):
        return getattr(Tensor, target)(self, *args, **kwargs)   # abs_, neg_: made later
    op_.__name__ = alias
    op_.__doc__ = f"the same as {target}"
    return op_


for _alias, _target in [("multiply_", "mul_"), ("divide_", "div_"), ("true_divide_", "div_"),
                        ("subtract_", "sub_"), ("absolute_", "abs_"), ("negative_", "neg_"),
                        ("arccos_", "acos_"), ("arccosh_", "acosh_"), ("arcsin_", "asin_"),
                        ("arcsinh_", "asinh_"), ("arctan_", "atan_"), ("arctanh_", "atanh_"),
                        ("fix_", "trunc_")]:
    register(_alias, method=True, function=False,
             differentiable=False)(_alias_inplace(_alias, _target))


# The in-place functions PyTorch 2.13 has at the top level as well as methods
# (`torch.relu_(x)`), among those gradcli has
TORCH_INPLACE = (
    "abs_", "acos_", "acosh_", "addmv_", "arccos_", "arccosh_", "arcsin_", "arcsinh_",
    "arctan_", "arctanh_", "asin_", "asinh_", "atan_", "atanh_", "ceil_", "celu_", "clamp_",
    "clamp_max_", "clamp_min_", "clip_", "cos_", "cosh_", "deg2rad_", "detach_", "erf_",
    "erfc_", "exp2_", "exp_", "expm1_", "fill_", "fix_", "floor_", "frac_", "gcd_", "i0_",
    "index_put_", "lcm_", "ldexp_", "log10_", "log1p_", "log2_", "log_", "logit_",
    "nan_to_num_", "neg_", "negative_",
    "rad2deg_", "reciprocal_", "relu_", "round_", "rsqrt_", "selu_", "sigmoid_", "sin_",
    "sinc_", "sinh_", "sqrt_", "square_", "tan_", "tanh_", "trunc_", "xlogy_", "zero_")


def expose_torch_inplace(namespace: dict | None) -> None:
    """Make the in-place methods in TORCH_INPLACE torch-level functions too, checking their
    arguments with the torch function's signatures (`torch.abs_('a')`: "abs_(): argument
    'input' (position 1) must be Tensor, not str")."""
    from ..argparser import CHECKED_CODES, checked
    for name in TORCH_INPLACE:
        info = REGISTRY.get(name)
        if info is None:
            fn = getattr(Tensor, name, None)
            if fn is None:
                continue
            info = register(name, method=False, differentiable=False)(fn) and REGISTRY[name]
        info.function = True
        if info.native is None:
            raw = getattr(Tensor, name, None) or info.fn
            while getattr(raw, "__code__", None) in CHECKED_CODES:
                raw = raw.__wrapped__           # (the method's parser: self is `input` here)
            made = checked(raw, name, False)
            if made is not raw:
                info.native = made
