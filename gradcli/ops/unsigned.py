"""PyTorch's refusals of the barebones unsigned dtypes (torch.uint16, uint32, uint64).

PyTorch 2.13 creates, prints, copies, views, sorts, sums and multiplies them, but most CPU
kernels are not compiled for them: `x + 1` is `"add_stub" not implemented for 'UInt16'`.
UNSIGNED_REFUSED names, by op, the kernel whose refusal PyTorch raises when the op computes
in one of those dtypes (after promotion: `x * 2.5` is float32 and computes); a pair names
the kernel of a call with one tensor, then the one with a second tensor (`max(x)` is
max_all, `max(x, y)` maximum_cpu), and a third the one of a reduction over a dim given
(`max(x, 0)` is max_cpu), whose dim PyTorch checks first; None: that call computes. The
registry wraps each op named here (and its in-place form `op_`); `wrap_operators` does the
same for Tensor's operators.
"""
from __future__ import annotations

from .. import dtypes
from .._tensor import Tensor
from ..errors import TorchNotImplementedError
from .core import wrap_dims

_ADD, _DOT = "add_stub", "dot"
UNSIGNED_REFUSED = {
    **{n: "abs_cpu" for n in ("abs", "absolute")},
    **{n: _ADD for n in ("add", "sub", "subtract", "rsub", "diff", "gradient", "trapezoid",
                         "trapz", "cumulative_trapezoid", "dist", "pairwise_distance",
                         "hinge_embedding_loss")},
    **{n: _DOT for n in ("dot", "vdot", "inner", "matmul")},
    **{n: f"{n}_cpu" for n in ("lt", "le", "gt", "ge", "neg", "gcd", "lcm", "fmod",
                               "remainder", "heaviside", "bitwise_not", "logical_not",
                               "logical_and", "logical_or", "logical_xor", "mode",
                               "argmax", "argmin", "aminmax", "bincount", "kthvalue",
                               "repeat_interleave", "topk")},
    "less": "lt_cpu", "less_equal": "le_cpu", "greater": "gt_cpu", "greater_equal": "ge_cpu",
    "negative": "neg_cpu", "floor_divide": "div_floor_cpu",
    "bitwise_left_shift": "lshift_cpu", "bitwise_right_shift": "rshift_cpu",
    **{n: "sign_cpu" for n in ("sign", "sgn")},
    **{n: "nonzero_count_cpu" for n in ("nonzero", "argwhere", "where")},
    "count_nonzero": ("nonzero_count_cpu", None, None),
    **{n: ("median_cpu", None, "median_out") for n in ("median", "nanmedian")},
    "amax": "max_values_cpu", "amin": "min_values_cpu",
    "max": ("max_all", "maximum_cpu", "max_cpu"), "min": ("min_all", "minimum_cpu", "min_cpu"),
    "maximum": "maximum_cpu", "minimum": "minimum_cpu", "fmax": "maximum_cpu",
    "fmin": "minimum_cpu",
    **{n: ("clamp_min_scalar_cpu", "maximum_cpu") for n in ("clamp", "clip", "clamp_min")},
    "clamp_max": ("clamp_max_scalar_cpu", "minimum_cpu"), "relu": "clamp_min_scalar_cpu",
    "rrelu": "leaky_relu_cpu", "square": "pow", "pow": "pow", "trace": "trace",
    "cross": "cross", "histc": "aminmax_cpu",
    **{n: "flip_cpu" for n in ("flip", "flipud", "fliplr")},
    "tril": "tril", "triu": "triu", "index_select": "index_select",
    "gather": "scatter_gather_tensor_cpu", "masked_fill": "masked_fill",
    "div": "div_{rounding_mode}_cpu", "divide": "div_{rounding_mode}_cpu",
    "histogram": ("histogramdd", "histogram_cpu"), "isin": (None, "isin_default_cpu"),
    "combinations": "masked_select",
    **{n: "searchsorted_out_cpu" for n in ("searchsorted", "bucketize")},
    "bernoulli": "bernoulli_tensor_cpu_self_",
}
#: factories refused for such a `dtype=` (the *_like ones for their input's dtype too)
CREATION_REFUSED = {
    "arange": "arange_cpu", "linspace": "linspace_cpu", "logspace": "logspace_cpu",
    "eye": "eye", "randperm": "randperm", **{n: "check_uniform_bounds" for n in (
        "rand", "rand_like")}, **{n: "normal_kernel_cpu" for n in ("randn", "randn_like")},
}
UNSIGNED_REFUSED.update(CREATION_REFUSED)

#: Tensor's operators, by the op whose refusal they share
OPERATORS = {
    "__add__": "add", "__radd__": "add", "__iadd__": "add", "__sub__": "sub",
    "__rsub__": "sub", "__isub__": "sub", "__lt__": "lt", "__le__": "le", "__gt__": "gt",
    "__ge__": "ge", "__neg__": "neg", "__abs__": "abs", "__invert__": "bitwise_not",
    "__lshift__": "bitwise_left_shift", "__rshift__": "bitwise_right_shift",
    "__mod__": "remainder", "__floordiv__": "floor_divide", "__pow__": "pow",
    "__rpow__": "pow", "__matmul__": "matmul",
}

#: the reductions whose dim (second argument, or dim=) PyTorch checks before the kernel
_DIM_FIRST = {"amax", "amin", "argmax", "argmin", "max", "min", "median", "nanmedian", "mode",
              "count_nonzero"}
_BOUNDS = {"clamp", "clip", "clamp_min", "clamp_max"}
#: ops whose numbers are options (margin, p, eps, dx, a histogram's range), not operands
#: that take part in the promotion
_NUMBERS_ARE_OPTIONS = {"hinge_embedding_loss", "dist", "pairwise_distance", "trapezoid",
                        "trapz", "cumulative_trapezoid", "histc", "bernoulli"}
#: ops whose kernel is picked by their input's dtype alone (an index, a mask beside it)
_SELF_ONLY = {"flip", "flipud", "fliplr", "tril", "triu", "index_select", "gather",
              "masked_fill"}


def kernels(name: str):
    """The refusal entry of op `name` (its in-place form's too), None for an op that
    computes in the unsigned dtypes."""
    return UNSIGNED_REFUSED.get(name[:-1] if name.endswith("_") else name)


def refusing(fn, name: str):
    """`fn` (op `name`, which UNSIGNED_REFUSED lists) refusing to compute in an unsigned
    dtype as PyTorch's kernel does; the check costs nothing until such a dtype is used."""
    base = name[:-1] if name.endswith("_") else name

    creation = base in CREATION_REFUSED

    def op(*args, **kwargs):
        if dtypes.UNSIGNED_USED[0] or creation:     # (a dtype= may be the first use)
            check(base, args, kwargs, fn)
        return fn(*args, **kwargs)
    op.__name__, op.__qualname__ = fn.__name__, fn.__qualname__
    op.__doc__, op.__wrapped__, op.__module__ = fn.__doc__, fn, fn.__module__
    op.unsigned_refusing = True
    return op


REFUSING_CODE = refusing(len, "abs").__code__        # the frame the wrapper adds


def check(name: str, args, kwargs, fn=None) -> None:
    """The kernel's NotImplementedError when op `name` computes in an unsigned dtype: its
    operands' promoted dtype (a promotion of one with another integral dtype is PyTorch's
    own error), its input's (_SELF_ONLY: after the checks `fn` makes of its arguments,
    run on an int64 copy) or a factory's."""
    operands = (*args, *kwargs.values())
    tensors = [a for a in operands if isinstance(a, Tensor)]
    if name in CREATION_REFUSED:
        result = kwargs.get("dtype") or (tensors[0].dtype if tensors else None)
        if result in dtypes.BAREBONES_UNSIGNED:
            _refuse(CREATION_REFUSED[name], result)
        return
    if not any(t.dtype.__class__ is dtypes.uint16.__class__ for t in tensors) or \
            _computes(name, args, kwargs, tensors):
        return
    dim = _dim(name, args, kwargs)
    numbers = [] if name in _NUMBERS_ARE_OPTIONS else \
        [a for a in operands if isinstance(a, (bool, int, float, complex))]
    result = tensors[0].dtype if name in _SELF_ONLY else dtypes.result_type(
        [(t.dtype, t._data.ndim) for t in tensors], numbers if dim is None else ())
    if result not in dtypes.BAREBONES_UNSIGNED or name in _BOUNDS and len(tensors) == 1 \
            and not numbers:        # (clamp without bounds: its own error)
        return
    if dim is not None:
        wrap_dims(dim, tensors[0]._data.ndim)
    if name in _SELF_ONLY and fn is not None:
        fn(*map(_signed, args), **{k: _signed(v) for k, v in kwargs.items()})
    entry = UNSIGNED_REFUSED[name]
    if isinstance(entry, str):
        kernel = entry.format(rounding_mode=kwargs.get("rounding_mode"))
    elif dim is not None:
        kernel = entry[2] if len(entry) > 2 else entry[0]
    else:
        kernel = entry[len(tensors) > 1]
    if name == "histc" and _histc_range(args, kwargs):
        kernel = "linspace_cpu"         # (the bins' edges; their range is given)
    if name == "bernoulli" and any(isinstance(a, (int, float)) for a in (*args, *kwargs.values())):
        kernel = "bernoulli_scalar_cpu_"        # (a probability p given)
    if kernel is not None:
        _refuse(kernel, result)


def _histc_range(args, kwargs) -> bool:
    """Whether histc is given a range (min != max): it needs no aminmax of its input."""
    low = kwargs.get("min", args[2] if len(args) > 2 else 0)
    high = kwargs.get("max", args[3] if len(args) > 3 else 0)
    return low != high


def _computes(name: str, args, kwargs, tensors) -> bool:
    """The calls of listed ops that compute in an unsigned dtype all the same: powers 0 and 1
    of a tensor (filled and copied), a true division, where(cond, x, y)."""
    if name == "pow":
        return len(args) > 1 and args[0] is tensors[0] and not isinstance(args[1], Tensor) \
            and (args[1] in (0, 1) or isinstance(args[1], int) and args[1] < 0)
    if name in ("div", "divide"):
        return kwargs.get("rounding_mode") is None
    if name == "repeat_interleave":     # int repeats: an index_select PyTorch computes
        return len(args) > 1 and isinstance(args[1], int) or \
            isinstance(kwargs.get("repeats"), int)
    return name == "where" and len(tensors) > 1


def _signed(a):
    if isinstance(a, Tensor) and a.dtype in dtypes.BAREBONES_UNSIGNED:
        return a.detach().to(dtypes.int64)
    return a


def _refuse(kernel: str, d) -> None:
    raise TorchNotImplementedError(f'"{kernel}" not implemented for \'{d.legacy}\'')


def _dim(name: str, args, kwargs):
    """The dim a reduction of _DIM_FIRST is given (None for none)."""
    if name not in _DIM_FIRST:
        return None
    dim = kwargs.get("dim", args[1] if len(args) > 1 else None)
    return dim if isinstance(dim, (int, list, tuple)) and not isinstance(dim, bool) else None


def wrap_operators() -> None:
    """Tensor's operators (OPERATORS) refusing as their ops do (once; wherever an op module
    set them)."""
    for dunder, name in OPERATORS.items():
        fn = Tensor.__dict__.get(dunder)
        if fn is not None and not getattr(fn, "unsigned_refusing", False) and \
                not getattr(fn, "lazy_stub", False):
            wrapped = refusing(fn, name)
            wrapped.__name__ = wrapped.__qualname__ = dunder
            setattr(Tensor, dunder, wrapped)
