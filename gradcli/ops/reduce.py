"""Reductions: sum, mean, prod, var, std, norm, max/min, amax/amin, logsumexp, softmax,
log_softmax, cumsum; and `sum_to`, the one place broadcasting is undone.

PyTorch's node names depend on the overload: `x.sum()` is `SumBackward0` but `x.sum(0)` is
`SumBackward1`; `x.max()` is `MaxBackward1` but `x.max(0)` is `MaxBackward0`.
"""
from __future__ import annotations

import warnings

import numpy as np

from ..argparser import check_forwarded
from ..autograd.graph import Node
from ..autograd.hooks import one_cpp_call
from ..dtypes import _promote2, dtype as _dtype, to_dtype
from ..errors import (TorchIndexError, TorchNotImplementedError, TorchRuntimeError,
                      TorchTypeError)
from .._tensor import Tensor
from .core import (_enabled, apply, bf16_op, one_argument, op_format, pass_where, refuse_complex,
                   round_op, round_to, wrap, wrap_dims)
from .fused import LogSoftmaxBackwardDataBackward0, SoftmaxBackwardDataBackward0, fused
from .moments import var_std
from .normorder import lastdim_rows, norm2_rows, sequential_norm
from .predicates import get_num_threads
from .registry import category, fixed, native_signature, python_method, register
from .sumorder import torch_cumulative, torch_mean, torch_prod, torch_sum
from .unary import ExpBackward0, LogBackward0, check_flag

category("reduction")


def _expand_back(g, shape, dims, keepdim):
    """Put reduced dims back into g (if they were dropped) and expand it to `shape`."""
    if not keepdim and dims:
        for d in sorted(dims):
            g = g.unsqueeze(d)
    return g.expand(shape)


_INF = float("inf")


def _unsqueeze_back(g, dims, keepdim):
    """g with its reduced dims put back as size 1 (PyTorch's unsqueeze_multiple): it then
    broadcasts against the input, as PyTorch's derivative formulas use it."""
    if not keepdim and dims:
        for d in sorted(dims):
            g = g.unsqueeze(d)
    return g


def reduce_dims(dim, x) -> tuple:
    """The dims a reduction over `dim` runs over, as PyTorch reads them: wrapped, an empty
    list meaning every dim, and a 0-d tensor taking dim 0 or -1 and reducing nothing."""
    if isinstance(dim, (list, tuple)) and not dim:
        dim = None
    dims = wrap_dims(dim, x._data.ndim)
    return dims if x._data.ndim else ()


def check_nonempty_dims(x, dims, name, shown=None):
    """PyTorch's IndexError for a reduction without identity (max, argmax ...) over a dim
    of size 0; `shown` are the dims as the message prints them (the wrapped ones by
    default)."""
    for d, s in zip(dims, dims if shown is None else shown):
        if x._data.shape[d] == 0:
            raise TorchIndexError(f"{name}(): Expected reduction dim {s} to have non-zero "
                                  "size.")


def _dtype_cast(x, dtype):
    """The NumPy dtype a reduction's `dtype=` has it compute in (None: x's own). PyTorch
    converts inside the op, so the result's node leads straight to x (no ToCopyBackward0)
    and the gradient comes back in x's dtype. At a dual level x's tangent, of another dtype,
    is reduced in `dtype` too."""
    if dtype is None:
        return None
    if dtype.np == x._data.dtype:
        from ..autograd import forward_ad
        t = forward_ad.tangent_of(x) if forward_ad.ACTIVE[0] else None
        return None if t is None or t._data.dtype == dtype.np else dtype.np
    return dtype.np


def in_dtype(r: Tensor, dtype, x: Tensor) -> Tensor:
    """A sum or product given an integer or bool dtype= in that dtype (the int64 total
    wrapped as C++ converts it; bool: nonzero), as PyTorch gives it; on a tensor that
    requires grad PyTorch's autograd refuses such a result."""
    if dtype is None or dtype.category >= 2:
        return r
    if x._requires_grad and _grad_enabled():
        raise TorchRuntimeError(f"Autograd not support dtype: {dtype.legacy}")
    d = r._data
    if d.dtype == dtype.np:
        return r
    with np.errstate(over="ignore"):
        return wrap(d != 0 if dtype.np == np.bool_ else d.astype(dtype.np))


def _float_input(x, name, which="Input"):
    if x.dtype.category < 2:
        raise TorchRuntimeError(f"{name}(): could not infer output dtype. {which} dtype must "
                                f"be either a floating point or complex dtype. Got: "
                                f"{x.dtype.legacy}")


class SumBackward0(Node):
    """d sum(x) = g expanded to x's shape"""

    linear = True

    def forward(self, x):
        r = torch_sum(x)
        return np.asarray(r, dtype=np.int64 if x.dtype.kind in "biu" else x.dtype)

    def backward(self, g):
        return g.expand(self._in_meta[0][0])


class SumBackward1(Node):
    """d sum(x, dims) = g with dims restored, expanded to x's shape"""

    linear = True

    def forward(self, x):
        r = torch_sum(x, axis=self.dims, keepdims=self.keepdim)
        return np.asarray(r, dtype=np.int64 if x.dtype.kind in "biu" else x.dtype)

    def backward(self, g):
        return _expand_back(g, self._in_meta[0][0], self.dims, self.keepdim)


@register("sum", grad_fn="SumBackward0", method=True, sample=fixed(
    (((2, 3),), {}), (((2, 3), 1), {}), (((2, 3), [0, 1], True), {}), (((2, 3, 2), -1), {})))
def sum(input, dim=None, keepdim=False, *, dtype=None):
    """sum over all (SumBackward0) or over dim (SumBackward1), computed in dtype: d/dx = 1"""
    cast = _dtype_cast(input, dtype)
    if dim is None:
        if keepdim:                         # sum(None, True): every dim kept, of size 1
            return in_dtype(apply(SumBackward1, (input,), cast,
                                  dims=tuple(range(input._data.ndim)), keepdim=True), dtype, input)
        return in_dtype(apply(SumBackward0, (input,), cast), dtype, input)
    return in_dtype(apply(SumBackward1, (input,), cast, dims=reduce_dims(dim, input),
                          keepdim=keepdim, as_given={"dim": dim}), dtype, input)


class MeanBackward0(Node):
    """d mean(x) = g/N"""

    linear = True

    def forward(self, x):
        return np.asarray(torch_mean(x), dtype=x.dtype)

    def backward(self, g):
        shape = self._in_meta[0][0]
        return g.expand(shape) / (int(np.prod(shape)) or 1)


class MeanBackward1(Node):
    """d mean(x, dims) = g/N over the reduced dims"""

    linear = True

    def forward(self, x):
        return np.asarray(torch_mean(x, axis=self.dims, keepdims=self.keepdim), dtype=x.dtype)

    def backward(self, g):
        shape = self._in_meta[0][0]
        n = int(np.prod([shape[d] for d in self.dims]))
        return _expand_back(g, shape, self.dims, self.keepdim) / (n or 1)


@register("mean", grad_fn="MeanBackward0", method=True, sample=fixed(
    (((2, 3),), {}), (((2, 3), 0), {}), (((2, 3), 1, True), {})))
def mean(input, dim=None, keepdim=False, *, dtype=None):
    """mean over all (MeanBackward0) or over dim (MeanBackward1), computed in dtype:
    d/dx = 1/N"""
    _float_input(input if dtype is None else wrap(np.zeros((), dtype.np)), "mean",
                 "Input" if dtype is None else "Optional")
    cast = _dtype_cast(input, dtype)
    if dim is None:
        if keepdim:
            return apply(MeanBackward1, (input,), cast, dims=tuple(range(input._data.ndim)),
                         keepdim=True)
        return apply(MeanBackward0, (input,), cast)
    return apply(MeanBackward1, (input,), cast, dims=reduce_dims(dim, input), keepdim=keepdim,
                 as_given={"dim": dim})


class ProdBackward0(Node):
    """d prod(x) = g * prod(x)/x (product of the other elements)"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        return np.asarray(torch_prod(x, axis=self.__dict__.get("dims"),
                                     keepdims=self.__dict__.get("keepdim", False)),
                          dtype=np.int64 if x.dtype.kind in "biu" else x.dtype)

    def backward(self, g):
        x, y = self.saved
        return self._grad(g, x, y)

    def jvp(self, inputs, tangents, out):
        """PyTorch's: (prod_backward(ones, x, result) * t.conj()).sum(dims, keepdim).conj()"""
        (x,), (t,) = inputs, tangents
        if t is None:
            return None
        dims = self.__dict__.get("dims")
        ones = wrap(np.ones(out._data.shape, out._data.dtype))
        cplx = t._data.dtype.kind == "c"
        from ..autograd import forward_ad       # its branch for zeros reads the grad mode
        d = self._grad(ones, x, out, forward_ad.GRAD_MODE[0])   # (prod_backward: conj(y / x) for
        r = (d.conj() * t.conj()) if cplx else d * t     # complex, this one y / x)
        r = r.sum() if dims is None else r.sum(dims, keepdim=self.__dict__.get("keepdim",
                                                                           False))
        if not cplx:
            return r
        from ..autograd.forward_ad import _copied       # PyTorch copies the conj view
        return _copied(r.conj(), r)

    def _grad(self, g, x, y, grad_mode=None):
        """ATen's prod_backward (in `grad_mode`, by default the current one)"""
        dims = self.__dict__.get("dims")
        keep = self.__dict__.get("keepdim", False)
        shape = self._in_meta[0][0]
        if not x._data.ndim:
            return g
        from ..autograd.vmap import subclass_like
        if subclass_like():                     # torch.func's wrapped tensors: ATen's
            keep = keep or dims is None         # prod_safe_zeros_backward, zeros or not
            if dims is None:
                return _prod_safe_zeros(g, x.contiguous().view(-1), 0).view(shape)
            return _prod_safe_zeros(_unsqueeze_back(g, dims, keep), x, dims[0])
        if not np.any(x._data == 0):            # PyTorch's graph: g * (result / x), broadcast
            keep = keep or dims is None
            return _unsqueeze_back(g, dims, keep) * (_unsqueeze_back(y, dims, keep) / x)
        if grad_mode is None:
            grad_mode = _grad_enabled()
        if dims is None and not grad_mode and np.count_nonzero(x._data == 0) > 1:
            return wrap(np.zeros(shape, x._data.dtype))     # PyTorch: zeros_like(input)
        if dims is None:                    # prod_safe_zeros_backward over x's elements
            return _prod_safe_zeros(g, x.contiguous().view(-1), 0).view(shape)
        return _prod_safe_zeros(_unsqueeze_back(g, dims, keep), x, dims[0])   # one dim


def _prod_safe_zeros(g, x, dim: int):
    """ATen's prod_safe_zeros_backward: g times the product of the elements before each one
    (an exclusive cumprod) times that of the elements after it, no division (exact with
    zeros, and a graph under create_graph)."""
    from .shape import cat
    n = x._data.shape[dim]
    if x._data.size == 0:
        return g.expand_as(x)
    ones_shape = list(x._data.shape)
    ones_shape[dim] = 1
    ones = wrap(np.ones(ones_shape, dtype=g._data.dtype))
    before = cat([ones, x.narrow(dim, 0, n - 1)], dim).cumprod(dim)
    after = cat([ones, x.narrow(dim, 1, n - 1).flip(dim)], dim).cumprod(dim).flip(dim)
    return g * (before * after)


ProdBackward1 = type("ProdBackward1", (ProdBackward0,), {"__doc__": ProdBackward0.__doc__})


def _grad_enabled() -> bool:
    """Whether grad mode is on (in a backward pass: whether it builds a graph)."""
    from .core import _enabled
    return bool(_enabled[0])


@register("prod", grad_fn="ProdBackward0", method=True, sample=fixed(
    (((2, 3),), {}), (((2, 3), 1), {})))
def prod(input, dim=None, keepdim=False, *, dtype=None):
    """product over all (ProdBackward0) or over dim (ProdBackward1), computed in dtype"""
    cast = _dtype_cast(input, dtype)
    if dim is None:
        return in_dtype(apply(ProdBackward0, (input,), cast), dtype, input)
    return in_dtype(apply(ProdBackward1, (input,), cast, dims=reduce_dims(dim, input),
                          keepdim=keepdim, as_given={"dim": dim}), dtype, input)


def _correction(unbiased, correction):
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def _real_of(v: np.ndarray) -> np.ndarray:
    """the variance (or std) of complex numbers is real, as PyTorch's (moments.var_std
    keeps the complex dtype)"""
    return np.array(v.real) if v.dtype.kind == "c" else v


class VarBackward0(Node):
    """d var(x) = g * 2(x - mean)/(N - correction)"""

    save_inputs = (0,)

    def forward(self, x):
        return _real_of(var_std(x, self.dims, self.correction, self.keepdim, take_sqrt=False))

    def backward(self, g):
        (x,) = self.saved
        return var_backward(g, x, self.dims, self.correction, self.keepdim)

    complex_backward = backward      # PyTorch's var_backward, complex x included

    def jvp(self, inputs, tangents, out):
        """PyTorch's: var_backward(t, x, dim, correction, keepdim=True).sum(dim, keepdim)"""
        if inputs[0]._data.dtype.kind == "c":
            return NotImplemented
        return _var_tangent(self, inputs[0], tangents[0])


def _var_tangent(node, x, t):
    """var's tangent as PyTorch's formula builds it: var_backward of the tangent, summed
    over the reduced dims (all of them when none are given)."""
    dims = node.dims
    with np.errstate(all="ignore"):
        spread = var_backward(t, x, dims, node.correction, True)
    return spread.sum(tuple(range(x._data.ndim)) if dims is None else dims,
                      keepdim=node.keepdim)


def no_dof_grad(g, x, centered):
    """ATen's var_backward of a full reduction with no degrees of freedom:
    grad * at::where(self == self.mean(), nan, inf), the where in the default (real) dtype,
    so a 0-d grad takes its dtype and the engine casts the result back to x's (a complex x
    gets nan + 0j, not nan + nanj)."""
    from ..dtypes import get_default_dtype
    r = g * wrap(np.where(centered._data == 0, np.nan, np.inf).astype(get_default_dtype().np))
    return r if r._data.dtype == x._data.dtype else r.to(x.dtype)


def var_backward(g, x, dims, correction, keepdim):
    """PyTorch's var_backward: (2 / (N - correction)) * g * (x - mean), g and the mean
    broadcast over the reduced dims (nan or inf where N <= correction)."""
    shape = x._data.shape
    if dims is None or not shape:
        dof = x._data.size - correction
        centered = x - x.mean()
        if dof <= 0:
            return no_dof_grad(g, x, centered)
        return (2.0 / dof) * g * centered
    if not keepdim and len(shape) > 1:
        g = _unsqueeze_back(g, dims, False)
    dof = int(np.prod([shape[d] for d in dims])) - correction
    centered = x - x.mean(dims, keepdim=True)
    with np.errstate(divide="ignore"):
        return (2.0 / dof if dof else _INF) * g * centered


class StdBackward0(Node):
    """d std(x) = g * (x - mean)/((N - correction) * std)"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        return _real_of(var_std(x, self.dims, self.correction, self.keepdim, take_sqrt=True))

    def backward(self, g):
        x, y = self.saved
        with np.errstate(all="ignore"):             # PyTorch's std_backward
            g_var = (g / (y * 2)).masked_fill(wrap(y._data == 0), 0)
        return var_backward(g_var, x, self.dims, self.correction, self.keepdim)

    complex_backward = backward      # PyTorch's std_backward, complex x included

    def jvp(self, inputs, tangents, out):
        """PyTorch's: var's tangent / (2 std), 0 where std is 0 (the generic rule's
        derivative of that mask is 0 * inf there: nan)"""
        if out._data.dtype.kind == "c" or inputs[0]._data.dtype.kind == "c":
            return NotImplemented
        with np.errstate(all="ignore"):
            ratio = _var_tangent(self, inputs[0], tangents[0]) / (2.0 * out)
        return ratio.masked_fill(wrap(out._data == 0), 0)


def _var_args(input, dim, unbiased, keepdim, correction, name=None):
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    if unbiased is not None and not isinstance(unbiased, bool):
        from ..callerrors import invalid_combination
        from ..errors import TorchTypeError
        given = (input,) + ((dim,) if dim is not None else ()) + (unbiased,)
        raise TorchTypeError(invalid_combination(name or "var", given, {}, False))
    if input.dtype.category < 2:
        which = name if name in ("std_mean", "var_mean") else "std and var"
        raise TorchRuntimeError(f"{which} only support floating point and complex dtypes")
    dims = None if dim is None else reduce_dims(dim, input)
    # x.var() (no dim, unbiased nor correction) is the overload whose node keeps none
    given = {"dim": dim, "correction": None} if dim is unbiased is correction is None else \
        {"dim": dim}
    correction = _correction(unbiased, correction)
    if name is not None:
        dof_warning(name, input._data.shape, dims, correction)
    return dict(dims=dims, correction=correction, keepdim=keepdim, as_given=given)


def dof_warning(name, shape, dims, correction) -> None:
    """PyTorch's warning when a slice has no more elements than the correction."""
    n = int(np.prod(shape)) if dims is None else int(np.prod([shape[d] for d in dims]))
    if not int(np.prod(shape)):     # ATen's input numel / output numel: 0 for no elements
        n = 0
    if n - correction <= 0:
        from ..errors import warn_cpp
        warn_cpp(f"{name}(): degrees of freedom is <= 0. Correction should be strictly "
                 "less than the reduction factor (input numel divided by output numel). "
                 "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
                 "ReduceOps.cpp:1861.)")


class _no_dof_warning(warnings.catch_warnings):
    """NumPy's own warning for the same case, silenced (PyTorch's is given once, above)."""

    def __enter__(self):
        super().__enter__()
        warnings.filterwarnings("ignore", "Degrees of freedom", RuntimeWarning)
        warnings.filterwarnings("ignore", "invalid value encountered", RuntimeWarning)


@register("var", grad_fn="VarBackward0", method=True, sample=fixed(
    (((4,),), {}), (((2, 3), 1), {}), (((2, 3), 0), {"correction": 0})))
@one_cpp_call
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """variance: d/dx = 2(x - mean)/(N - correction)"""
    return apply(VarBackward0, (input,), **_var_args(input, dim, unbiased, keepdim, correction,
                                                     "var"))


@register("std", grad_fn="StdBackward0", method=True, sample=fixed(
    (((4,),), {}), (((2, 3), 1), {})))
@one_cpp_call
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """standard deviation: d/dx = (x - mean)/((N - correction) std)"""
    return apply(StdBackward0, (input,), **_var_args(input, dim, unbiased, keepdim, correction,
                                                     "std"))


def vector_norm_np(x, p, dims, keep):
    """linalg.vector_norm's forward on an array (dist's too, of a - b, as in PyTorch)."""
    if x.dtype.kind == "f" and p != 0 and x.size and (
            x.size == 1 if dims is None else all(x.shape[d] == 1 for d in dims)):
        # one element to each result: PyTorch's is |x| itself for any p (no pow rounding)
        return np.max(np.abs(x), axis=dims, keepdims=keep)
    if x.dtype == np.float16 and np.isfinite(p) and p != 0:
        # ATen's Half norm adds in float (binary_kernel_reduce, never the vectorised
        # last-dim loop), then rounds once to half
        x32 = x.astype(np.float32)
        r = sequential_norm(x32, p, dims, keep)
        return np.asarray(vector_norm_np(x32, p, dims, keep) if r is None else r, np.float16)
    if x.dtype in (np.float32, np.float64) and np.isfinite(p) and p != 0:
        r = _ordered_norm(x, p, dims, keep)
        if r is not None:
            return r
    a = np.abs(x)
    if p == 2:
        r = np.sqrt(np.sum(x * x if x.dtype.kind != "c" else a * a, axis=dims, keepdims=keep))
    elif p == float("inf"):
        r = np.max(a, axis=dims, keepdims=keep)
    elif p == -float("inf"):
        r = np.min(a, axis=dims, keepdims=keep)
    elif p == 0:
        r = np.sum(a != 0, axis=dims, keepdims=keep)
    elif p == 1:
        r = np.sum(a, axis=dims, keepdims=keep)
    else:
        r = np.sum(a ** p, axis=dims, keepdims=keep) ** (1.0 / p)
    return np.asarray(r, dtype=a.dtype)


class LinalgVectorNormBackward0(Node):
    """d ||x||_p = g * x|x|^(p-2) / ||x||^(p-1)  (p=2: g*x/||x||)"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        return vector_norm_np(x, self.p, self.dims, self.keepdim)

    def backward(self, g):
        x, y = self.saved
        return norm_backward(g, x, self.p, y, self.dims, self.keepdim)

    complex_backward = backward      # norm_backward is PyTorch's, complex x included

    def jvp(self, inputs, tangents, out):
        return norm_jvp(inputs[0], tangents[0], self.p, out, self.dims, self.keepdim)


def norm_jvp(x, t, p, out, dims, keepdim):
    """PyTorch's norm_jvp: 0 for p = 0; sum(sgn(x) t) for 1; sum(x t) / ||x|| for 2 (0 where
    the norm is 0); for +-inf the tangents of the entries that reach the norm, averaged;
    for p < 1 sum(|x|^(p-1) sgn(x) t) ||x||^(1-p) (|x|^(p-1) taken as 0 at x = 0); else
    sum(|x|^(p-1) sgn(x) t) (p < 2) or sum(|x|^(p-2) x t) over ||x||^(p-1) (0 where the
    norm is 0). For a complex x each product is the real part of sgn(x)^* t or x t^*."""
    from .creation import zeros_like
    dims = tuple(range(x._data.ndim)) if dims is None else dims
    cplx = x._data.dtype.kind == "c"

    def sgn_t():                    # real(sgn(x)^* t)
        return (x.sgn().conj() * t).real if cplx else x.sgn() * t

    def x_t():                      # real(x t^*)
        return (x * t.conj()).real if cplx else x * t
    with np.errstate(all="ignore"):
        if p == 0:
            return zeros_like(out)
        if p == 1:
            if cplx:
                return sgn_t().sum(dims, keepdim=keepdim)
            return x.sgn().mul_(t).sum(dims, keepdim=keepdim)   # in place as PyTorch's
        if p == 2:                                              # (reverse mode then fails)
            ratio = x_t().sum(dims, keepdim=keepdim) / out
            return ratio.masked_fill(wrap(out._data == 0), 0)
        if p in (_INF, -_INF):
            norm = out
            if not keepdim and x._data.ndim:
                for d in sorted(dims):
                    norm = norm.unsqueeze(d)
            mask = wrap((np.abs(x._data) == norm._data).astype(norm._data.dtype))
            part = (x.sgn() * t.conj()).real if cplx else x.sgn() * t
            return (part * mask).sum(dims, keepdim=keepdim) / mask.sum(dims, keepdim=keepdim)
        if p < 1:
            scaled = x.abs().pow(p - 1).masked_fill(wrap(x._data == 0), 0) * sgn_t()
            return scaled.sum(dims, keepdim=keepdim) * out.pow(1 - p)
        scaled = x.abs().pow(p - 1) * sgn_t() if p < 2 else x.abs().pow(p - 2) * x_t()
        summed = scaled.sum(dims, keepdim=keepdim)
        return (summed / out.pow(p - 1)).masked_fill(wrap(out._data == 0), 0)


def _ordered_norm(x, p, dims, keepdim):
    """The p-norm of float32/64 x in the order of PyTorch's kernel (normorder.py), or None
    where that order is not reproduced."""
    rows = lastdim_rows(x, dims) if p == 2 else None
    if rows is None:
        return sequential_norm(x, p, dims, keepdim)
    kept = tuple(1 if dims is None or d in dims else s for d, s in enumerate(x.shape))
    out = tuple(s for d, s in enumerate(x.shape) if dims is not None and d not in dims)
    return norm2_rows(rows).reshape(kept if keepdim else out)


def norm_backward(g, x, p, norm, dims, keepdim):
    """PyTorch's norm_backward: the gradient of the p-norm `norm` of x over dims (None: all,
    and g and norm then broadcast), with its op structure (so its graph under create_graph).
    0 where the norm is 0."""
    if dims is not None and not keepdim and x._data.ndim:
        for d in sorted(dims):
            g, norm = g.unsqueeze(d), norm.unsqueeze(d)
    with np.errstate(all="ignore"):
        if p == 0:
            return None             # PyTorch's undefined gradient: the input is unused
        if p == 1:
            return x.sgn() * g
        at_zero = wrap(norm._data == 0)
        if p == 2:
            return g * (x / norm).masked_fill(at_zero, 0)
        if p in (float("inf"), -float("inf")):
            a = np.abs(x._data)
            mask = wrap(((a == norm._data) | np.isnan(a)).astype(x._data.dtype))
            count = mask.sum(tuple(range(x._data.ndim)) if dims is None else dims, keepdim=True)
            share = (g / count) * mask          # (C++ makes `*`'s right operand first)
            return x.sgn() * share
        if p < 1:
            powered = x.abs().pow(p - 1).masked_fill(wrap(x._data == 0), 0)
            scaled = x.sgn() * powered
            factor = norm.pow(1 - p)
            return scaled * g * factor
        if p < 2:
            powered = x.abs().pow(p - 1)
            scaled = x.sgn() * powered
        else:
            scaled = x * x.abs().pow(p - 2)
        return scaled * (g / norm.pow(p - 1)).masked_fill(at_zero, 0)


def check_norm_dtype(x, dtype, fname):
    """PyTorch's check_linalg_norm_dtype: the dtype a norm computes in must be floating (or
    complex for complex input) and hold the input's values without narrowing."""
    if dtype is None:
        return
    if not isinstance(dtype, _dtype):
        from ..argparser import tp_name
        from ..errors import TorchTypeError
        raise TorchTypeError(f"{fname.replace('.', '_')}(): argument 'dtype' must be "
                             f"torch.dtype, not {tp_name(dtype)}")
    if dtype.category < 2:
        raise TorchRuntimeError(f"{fname}: dtype should be floating point or complex, but got "
                                f"{dtype.legacy}")
    kind = "complex" if x.dtype.category == 3 else "real"
    if (dtype.category == 3) != (x.dtype.category == 3):
        raise TorchRuntimeError(f"{fname}: dtype should be {kind} for {kind} inputs, but got "
                                f"{dtype.legacy}")
    if _promote2(x.dtype, dtype) is not dtype:
        raise TorchRuntimeError(f"{fname}: the dtype of the input ({x.dtype.legacy}) should be "
                                f"convertible without narrowing to the specified dtype "
                                f"({dtype.legacy})")


def check_floating(x, fname):
    """PyTorch's checkFloatingOrComplex for the linalg functions."""
    if x._data.dtype.kind not in "fc":
        raise TorchRuntimeError(f"{fname}: Expected a floating point or complex tensor as "
                                f"input. Got {x.dtype.legacy}")


def _norm_order(ord):
    """ord as the float PyTorch's Scalar argument reads (a number, a bool, a 0-d tensor)."""
    if isinstance(ord, str) or ord is None:
        from ..errors import TorchTypeError
        raise TorchTypeError("linalg_vector_norm(): argument 'ord' must be Number, not "
                             f"{type(ord).__name__}")
    return float(ord)


def _given_order(ord, p):
    """ord as the node keeps it, a Scalar: an int stays one (x.norm(1) keeps 1)."""
    if isinstance(ord, Tensor):
        ord = ord.item()
    return ord if isinstance(ord, int) else p


def _check_empty_norm(x, p, dims, dim):
    """A norm whose reduction has no identity (negative or infinite order) refuses to
    reduce an empty tensor or dimension, as PyTorch does."""
    if x._data.size or not (p < 0 or p == _INF):
        return
    if dims is None:
        raise TorchRuntimeError(f"linalg.vector_norm cannot compute the {p:g} norm on an empty "
                                "tensor because the operation does not have an identity")
    given = dim if isinstance(dim, (list, tuple)) else (dim,)
    for d, w in zip(given, dims):
        if x._data.shape[w] == 0:
            raise TorchRuntimeError(f"linalg.vector_norm cannot compute the {p:g} norm on the "
                                    f"dimension {d}because this dimension is empty and the "
                                    "operation does not have an identity")


@register("linalg_vector_norm", grad_fn="LinalgVectorNormBackward0",
          namespaces=("torch", "linalg:vector_norm"), sample=fixed(
              (((3,),), {}), (((2, 3),), {"dim": 1}), (((3,), 1), {}), (((3,), 3), {}),
              (((2, 3),), {"ord": float("inf"), "dim": 0}), (((2, 3),), {"ord": 0.5}),
              (((2, 3),), {"ord": -1.5, "dim": (0, 1), "keepdim": True})))
def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """vector ord-norm (default 2) over dim (all dims when None or empty), computed in dtype:
    d/dx = x|x|^(p-2)/||x||^(p-1)"""
    check_floating(x, "linalg.vector_norm")
    check_norm_dtype(x, dtype, "linalg.vector_norm")
    p = _norm_order(ord)
    dims = None if dim is None else reduce_dims(dim, x)
    _check_empty_norm(x, p, dims, dim)
    return apply(LinalgVectorNormBackward0, (x,), None if dtype is None else dtype.np, p=p,
                 dims=dims, keepdim=keepdim, as_given={"dim": dim, "ord": _given_order(ord, p)})


@register("norm", grad_fn="LinalgVectorNormBackward0", method=True, sample=fixed(
    (((3,),), {}), (((2, 3),), {"dim": 1}), (((3,), 1), {}), (((3,), 3), {}),
    (((2, 3),), {"p": float("inf"), "dim": 0}), (((2, 3),), {"p": "nuc"}),
    (((2, 3, 2),), {"p": "fro", "dim": (0, 2)})))
def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    """torch.norm as PyTorch writes it in Python: 'fro' over at most two dims and every number
    p are linalg.vector_norm; 'nuc' and 'fro' over more dims are linalg.matrix_norm"""
    if not isinstance(input, Tensor):     # PyTorch's Python asks input.layout first
        raise AttributeError(f"'{type(input).__name__}' object has no attribute 'layout'")
    dims = [dim] if isinstance(dim, int) else dim
    matrix = isinstance(p, str) and not (
        p == "fro" and (dim is None or isinstance(dim, int) or len(dim) <= 2))
    if out is not None:                 # written as linalg's vector_norm or matrix_norm's
        from .outparam import _into
        if not isinstance(out, Tensor):
            kind = "torch.dtype" if isinstance(out, _dtype) else type(out).__name__
            raise TorchTypeError(f"linalg_{'matrix' if matrix else 'vector'}_norm(): argument "
                                 f"'out' must be Tensor, not {kind}")
        return _into(f"linalg_{'matrix' if matrix else 'vector'}_norm",
                     lambda x: norm(x, p, dim, keepdim, dtype=dtype), (input,), {}, out, False,
                     "linalg")
    if matrix:
        from .matrix import matrix_norm
        dims = list(range(input._data.ndim)) if dims is None else dims
        check_forwarded("linalg.linalg_matrix_norm", input, p, dims, keepdim, dtype=dtype)
        return matrix_norm(input, p, dims, keepdim, dtype=dtype)
    # PyTorch's Python calls linalg.vector_norm(input, p, dim, keepdim, dtype=dtype)
    p = 2 if isinstance(p, str) else 2.0 if p is None else p
    _, p, dims, keepdim = check_forwarded("linalg.linalg_vector_norm", input, p, dims, keepdim,
                                          dtype=dtype)
    return vector_norm(input, p, dims, keepdim, dtype=dtype)


def _norm_method(self, p="fro", dim=None, keepdim=False, dtype=None):
    """Tensor.norm, PyTorch's Python method: torch.norm without `out`, dtype fourth"""
    return norm(self, p, dim, keepdim, dtype=dtype)


python_method("norm", _norm_method)


# -- max / min --------------------------------------------------------------------------------

class _ReturnTypes(tuple):
    """`torch.return_types.max(values=..., indices=...)`."""

    __gradcli_safe__ = True
    _kind = "max"

    def __new__(cls, values, indices, kind):
        from .matrix import kind_class
        self = tuple.__new__(kind_class(cls, kind), (values, indices))
        self._kind = kind
        return self

    @property
    def values(self):
        return self[0]

    @property
    def indices(self):
        return self[1]

    def __repr__(self):
        return f"torch.return_types.{self._kind}(\nvalues={self[0]!r},\nindices={self[1]!r})"

    __str__ = __repr__


class _EvenReduce(Node):
    """d max(x) = g split evenly among the elements equal to the max"""

    save_inputs = (0,)
    save_output = True
    np_fn = staticmethod(np.max)

    def forward(self, x):
        if x.size == 0 and self.__dict__.get("dims") is None:
            raise TorchRuntimeError(
                f"{self.op}(): Expected reduction dim to be specified for input.numel() == 0. "
                "Specify the reduction dim with the 'dim' argument.")
        dims = self.__dict__.get("dims")
        keepdim = self.__dict__.get("keepdim", False)
        result = np.asarray(self.np_fn(x, axis=dims, keepdims=keepdim))
        from .minmaxorder import torch_extreme         # which of equal zeros PyTorch keeps
        return torch_extreme(x, result, self.op, dims, keepdim)

    def backward(self, g):
        x, y = self.saved
        shape = self._in_meta[0][0]
        dims = self.__dict__.get("dims") or tuple(range(len(shape)))
        keep = self.__dict__.get("keepdim", False) or self.__dict__.get("dims") is None
        ye = _expand_back(y, shape, dims, keep)
        hit = x._data == ye._data
        if self.op in ("max", "min") and np.isnan(y._data).any():
            hit = np.isnan(x._data)     # evenly_distribute_backward: a NaN result's share
        mask = wrap(hit.astype(x._data.dtype))
        if self.op in ("max", "min"):       # evenly_distribute_backward: zeros, with
            share = g / mask.sum()          # g / count put where hit (a full reduction)
            if _enabled[0]:
                return wrap(np.zeros(shape, g._data.dtype)).masked_fill(wrap(hit), share)
            return pass_where(share, hit)
        count = mask.sum(dims, keepdim=True)
        return _expand_back(g, shape, dims, keep) / count * mask    # amax: scale_grad_by_count

    def jvp(self, inputs, tangents, out):
        """PyTorch's: max()/min() evenly_read_jvp; amax/amin amaxamin_jvp,
        where(x == result, t, 0).sum(dim, keepdim) / (x == result).sum(dim, keepdim)"""
        (x,), (t,) = inputs, tangents
        if self.op in ("max", "min"):
            return evenly_read_jvp(t, x, out)
        shape = x._data.shape
        dims = self.__dict__.get("dims") or tuple(range(len(shape)))
        keep = self.__dict__.get("keepdim", False)
        mask = wrap(x._data == _expand_back(out, shape, dims, keep)._data)
        zero = wrap(np.zeros((), t._data.dtype))
        from .activation import where
        return where(mask, t, zero).sum(dims, keepdim=keep) / mask.sum(dims, keepdim=keep)


def evenly_read_jvp(t, x, value):
    """PyTorch's tangent of a full max, min or median: sum(t / count * (x == value)),
    count the number of elements equal to value"""
    mask = wrap(x._data == value._data)
    return (t / mask.sum() * mask).sum()


MaxBackward1 = type("MaxBackward1", (_EvenReduce,), {"op": "max", "np_fn": staticmethod(np.max)})
MinBackward1 = type("MinBackward1", (_EvenReduce,), {"op": "min", "np_fn": staticmethod(np.min)})
AmaxBackward0 = type("AmaxBackward0", (_EvenReduce,), {"op": "amax", "np_fn": staticmethod(np.max)})
AminBackward0 = type("AminBackward0", (_EvenReduce,), {"op": "amin", "np_fn": staticmethod(np.min)})


class _IndexReduce(Node):
    """d max(x, dim) = g placed at the index of the max along dim"""

    def forward(self, x):
        if x.ndim == 0:
            self._extra = np.zeros((), dtype=np.int64)
            return x.copy()
        idx = self.arg_fn(x, axis=self.dim)
        idx = np.expand_dims(idx, self.dim)
        self._extra = idx
        vals = np.take_along_axis(x, idx, self.dim)
        return vals if self.keepdim else np.squeeze(vals, self.dim)

    def backward(self, g):
        idx = self.extra
        shape = self._in_meta[0][0]
        if not shape:                       # PyTorch scatters g into a 0-d zero all the same
            return wrap(np.zeros((), g._data.dtype)).scatter(0, wrap(idx), g) \
                if _enabled[0] else g
        if not self.keepdim:
            g = g.unsqueeze(self.dim)
        if _enabled[0]:                     # PyTorch scatters g into zeros
            return wrap(np.zeros(shape, g._data.dtype)).scatter(self.dim, wrap(idx), g)
        hit = np.zeros(shape, dtype=bool)
        np.put_along_axis(hit, idx, True, self.dim)
        return pass_where(g, hit)


MaxBackward0 = type("MaxBackward0", (_IndexReduce,), {"arg_fn": staticmethod(np.argmax)})
MinBackward0 = type("MinBackward0", (_IndexReduce,), {"arg_fn": staticmethod(np.argmin)})


def _minmax(input, dim, keepdim, other, kind):
    from .activation import maximum, minimum
    if isinstance(dim, Tensor) or other is not None:
        return (maximum if kind == "max" else minimum)(input, dim if other is None else other)
    if dim is None:
        refuse_complex(kind, input)
        return apply(MaxBackward1 if kind == "max" else MinBackward1, (input,))
    d = wrap_dims(dim, input._data.ndim)[0]
    if input._data.ndim:
        check_nonempty_dims(input, (d,), kind)
    refuse_complex(f"{kind}:dim", input)        # (ATen's dim checks come first)
    if input._data.ndim == 0:
        values = apply(MaxBackward0 if kind == "max" else MinBackward0, (input,), dim=d,
                       keepdim=keepdim, as_given={"dim": dim})
        return _with_indices(values, np.zeros((), dtype=np.int64), kind)
    values = apply(MaxBackward0 if kind == "max" else MinBackward0, (input,), dim=d,
                   keepdim=keepdim, as_given={"dim": dim})
    idx = np.argmax(input._data, axis=d) if kind == "max" else np.argmin(input._data, axis=d)
    if keepdim:
        idx = np.expand_dims(idx, d)
    return _with_indices(values, np.asarray(idx, dtype=np.int64), kind)


def _with_indices(values, idx: np.ndarray, kind: str):
    """(values, indices), the node that made values watching indices (PyTorch saves them)."""
    from ..autograd.graph import watch_indices
    indices = wrap(idx)
    watch_indices(values, indices)
    return _ReturnTypes(values, indices, kind)


@register("max", grad_fn="MaxBackward1", method=True, sample=fixed(
    (((5,),), {}), (((2, 3), 1), {}), (((2, 3), 0, True), {})))
def max(input, dim=None, keepdim=False, *, other=None):
    """max of all (MaxBackward1, ties share g) or along dim -> (values, indices) (MaxBackward0)"""
    return _minmax(input, dim, keepdim, other, "max")


@register("min", grad_fn="MinBackward1", method=True, sample=fixed(
    (((5,),), {}), (((2, 3), 1), {})))
def min(input, dim=None, keepdim=False, *, other=None):
    """min of all (MinBackward1) or along dim -> (values, indices) (MinBackward0)"""
    return _minmax(input, dim, keepdim, other, "min")


def _amax(cls, input, dim, keepdim):
    dims = reduce_dims(dim, input)
    if input._data.size == 0 and isinstance(dim, (list, tuple)) and not dim:
        raise TorchRuntimeError(
            f"{cls.op}(): Expected reduction dim to be specified for input.numel() == 0. "
            "Specify the reduction dim with the 'dim' argument.")
    check_nonempty_dims(input, dims, cls.op, dim if isinstance(dim, (list, tuple)) else (dim,))
    refuse_complex(cls.op, input)               # (the kernel's, after the dim checks)
    return apply(cls, (input,), dims=dims, keepdim=keepdim, as_given={"dim": dim})


@register("amax", grad_fn="AmaxBackward0", method=True, sample=fixed(
    (((5,),), {}), (((2, 3), 1), {})))
def amax(input, dim=(), keepdim=False):
    """max over dims: d/dx = g split evenly among the maxima"""
    return _amax(AmaxBackward0, input, dim, keepdim)


@register("amin", grad_fn="AminBackward0", method=True, sample=fixed(
    (((5,),), {}), (((2, 3), 1), {})))
def amin(input, dim=(), keepdim=False):
    """min over dims: d/dx = g split evenly among the minima"""
    return _amax(AminBackward0, input, dim, keepdim)


def _arg_reduce(np_fn, what):
    def fn(input, dim=None, keepdim=False):
        name = f"arg{what}"
        if input._data.dtype == np.bool_:
            raise TorchRuntimeError(f"{name}(): does not support bool input")
        refuse_complex(name, input)
        if dim is None:
            if input._data.size == 0:
                raise TorchIndexError(f"{name}(): Expected reduction dim to be specified for "
                                      "input.numel() == 0.")
            r = np.asarray(np_fn(input._data), dtype=np.int64)
            return wrap(r.reshape((1,) * input._data.ndim) if keepdim else r)
        d = wrap_dims(dim, input._data.ndim)[0]
        if input._data.ndim == 0:
            return wrap(np.zeros((), dtype=np.int64))
        check_nonempty_dims(input, (d,), name)
        r = np_fn(input._data, axis=d)
        return wrap(np.asarray(np.expand_dims(r, d) if keepdim else r, dtype=np.int64))
    fn.__doc__ = f"index of the {what} (of the flattened tensor when dim is None)"
    return fn


register("argmax", method=True, differentiable=False)(_arg_reduce(np.argmax, "max"))
register("argmin", method=True, differentiable=False)(_arg_reduce(np.argmin, "min"))


# -- softmax family ---------------------------------------------------------------------------

def logsumexp_jvp(x, t, dims, keepdim):
    """sum(exp(x - max) * t) / sum(exp(x - max)) over dims: PyTorch's logsumexp_jvp, the
    forward formula of logsumexp and log_softmax"""
    from ..autograd.vmap import subclass_like
    e = (x - x.amax(dims, keepdim=True)).exp() if x._data.size else x.exp()
    sumexp = e.sum(dims, keepdim=keepdim)
    if subclass_like():         # torch.func's wrapped tensors are "subclass-like": out of place
        return (e * t).sum(dims, keepdim=keepdim).div_(sumexp)
    e.mul_(t)                   # in place, as PyTorch's: the exp's saved result is changed,
    return e.sum(dims, keepdim=keepdim) / sumexp    # so reverse mode through it fails there


class LogsumexpBackward0(Node):
    """d logsumexp(x) = g * exp(x - logsumexp(x)) = g * softmax(x)"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        if x.size == 0:     # log(0): -inf over each empty group
            r = np.full(np.sum(x, axis=self.dims, keepdims=True).shape, -np.inf, x.dtype)
            return r if self.keepdim else np.squeeze(r, self.dims)
        m = np.max(x, axis=self.dims, keepdims=True)
        if x.dtype in (np.float32, np.float64):    # ATen's steps: exp_, sum, log_, add_,
            m = np.where(np.abs(m) == np.inf, x.dtype.type(0), m)      # each its kernel
            fmt = op_format[0] if bf16_op[0] else None   # (bfloat16, float16: each rounded)
            e = round_to(ExpBackward0.forward(None, round_to(x - m, fmt)), fmt)
            s = round_to(torch_sum(e, self.dims, keepdims=True), fmt)
            r = round_to(LogBackward0.forward(None, s), fmt) + m
        else:
            m = np.where(np.isfinite(m), m, 0)
            r = np.log(np.sum(np.exp(x - m), axis=self.dims, keepdims=True)) + m
        return r if self.keepdim else np.squeeze(r, self.dims)

    def backward(self, g):
        x, y = self.saved
        if not x._data.ndim:
            return g * (x - y).exp()
        dims, keep = self.dims, self.keepdim
        return _unsqueeze_back(g, dims, keep) * (x - _unsqueeze_back(y, dims, keep)).exp()

    def jvp(self, inputs, tangents, out):
        """PyTorch's logsumexp_jvp"""
        return logsumexp_jvp(inputs[0], tangents[0], self.dims, self.keepdim)


@register("logsumexp", grad_fn="LogsumexpBackward0", method=True,
          namespaces=("torch", "special:logsumexp"), sample=fixed(
    (((4,), 0), {}), (((2, 3), 1), {}), (((2, 3), [0, 1], True), {})))
def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(x))): d/dx = softmax(x) (integers computed in the default float dtype)"""
    x = input
    if x._data.dtype.kind in "biu":
        from ..dtypes import get_default_dtype
        x = x.to(get_default_dtype())
    if isinstance(dim, (tuple, list)) and not dim and x._data.ndim and not keepdim \
            and x._data.size:
        # PyTorch reduces over every dim with keepdim, then cannot write that into its
        # result of shape [] (the squeeze of no dims leaves the ones; an empty input takes
        # another path: log of a sum, -inf)
        ones = ", ".join("1" * x._data.ndim)
        raise TorchRuntimeError(f"output with shape [] doesn't match the broadcast shape "
                                f"[{ones}]")
    return apply(LogsumexpBackward0, (x,), dims=reduce_dims(dim, x), keepdim=keepdim,
                 as_given={"dim": dim})


def half_in_float(x):
    """float16 softmax, var and std are computed in float32 and rounded once, as PyTorch's
    kernels do."""
    return x.astype(np.float32) if x.dtype == np.float16 else x


def _along_other(x, dim) -> bool:
    """Whether a float32 or float64 softmax along `dim` (not the last) follows ATen's kernel
    (softmax_dim.py)."""
    from . import softmax_dim     # softmax's kernels load at its first use, not at import
    return x.dtype in (np.float32, np.float64) and \
        0 < x.size <= softmax_dim.EXACT_SOFTMAX_ELEMENTS \
        and x.ndim > 0 and dim % x.ndim != x.ndim - 1


def _reduced_softmax_other(x: np.ndarray, dim: int) -> np.ndarray:
    """A bfloat16 or float16 softmax along a dim other than the last, as ATen's reduced-float
    _vec_softmax: exp(x - max) in float32 is stored into the output (rounded to the dtype),
    then multiplied by 1 / the float32 sum of the unrounded exps (rounded again by the op)."""
    h = x.astype(np.float32)
    with np.errstate(all="ignore"):
        e = np.exp(h - np.max(h, axis=dim, keepdims=True))
        total = np.sum(e, axis=dim, keepdims=True, dtype=np.float32)
        return round_op(e) * (np.float32(1) / total)


def softmax_values(x: np.ndarray, dim: int) -> np.ndarray:
    """softmax of x along dim as ATen's kernels compute it, contiguous whatever x's layout
    (softmax's forward, and _safe_softmax's)."""
    if x.ndim == 0:                     # ATen views a 0-d input as one element
        return softmax_values(x.reshape(1), dim).reshape(())
    if x.size == 0:
        return np.empty_like(x)
    from .. import vecmath
    from . import softmax_dim
    if bf16_op[0] and dim % x.ndim != x.ndim - 1:
        y = _reduced_softmax_other(x, dim)
    elif vecmath.along_last(x, dim):
        y = vecmath.softmax_last(x)
    elif vecmath.along_last64(x, dim):
        y = vecmath.softmax_last64(x)
    elif _along_other(x, dim):
        y = softmax_dim.softmax(x, dim, get_num_threads())
    else:
        h = half_in_float(x)
        e = np.exp(h - np.max(h, axis=dim, keepdims=True))
        y = (e / np.sum(e, axis=dim, keepdims=True)).astype(x.dtype, copy=False)
    return np.asarray(y, order="C")


class SoftmaxBackward0(Node):
    """d softmax(x) = y * (g - sum(g*y, dim))"""

    save_output = True

    def forward(self, x):
        return softmax_values(x, self.dim)

    def backward(self, g):
        (y,) = self.saved
        if not _grad_enabled() and _along_other(y._data, self.dim) \
                and g._data.dtype == y._data.dtype:
            from . import softmax_dim
            return wrap(softmax_dim.softmax_backward(g._data, y._data, self.dim))
        return fused(SoftmaxBackwardDataBackward0, (g, y), dim=self.dim)

    def jvp(self, inputs, tangents, out):
        """y * (t - logsumexp_jvp(x, t, dim)), PyTorch's forward formula"""
        t = tangents[0]
        return out * (t - logsumexp_jvp(inputs[0], t, (self.dim,), True))


class LogSoftmaxBackward0(Node):
    """d log_softmax(x) = g - softmax(x) * sum(g, dim)"""

    save_output = True

    def forward(self, x):               # contiguous, as PyTorch's, whatever x's layout
        return np.asarray(self._forward(x), order="C")

    def _forward(self, x):
        if x.ndim == 0:                 # ATen views a 0-d input as one element
            return self.forward(x.reshape(1)).reshape(())
        if x.size == 0:
            return np.empty_like(x)
        from .. import vecmath
        from . import softmax_dim
        if vecmath.along_last(x, self.dim):     # (bfloat16, float16: sum and log rounded)
            return vecmath.log_softmax_last(x, round_op if bf16_op[0] else None)
        if vecmath.along_last64(x, self.dim):
            return vecmath.log_softmax_last64(x)
        if _along_other(x, self.dim):
            return softmax_dim.log_softmax(x, self.dim)
        h = half_in_float(x)
        m = np.max(h, axis=self.dim, keepdims=True)
        r = h - m - np.log(np.sum(np.exp(h - m), axis=self.dim, keepdims=True))
        return r.astype(x.dtype, copy=False)

    def backward(self, g):
        (y,) = self.saved
        if not _grad_enabled() and _along_other(y._data, self.dim) \
                and g._data.dtype == y._data.dtype:
            from . import softmax_dim
            return wrap(softmax_dim.log_softmax_backward(g._data, y._data, self.dim))
        return fused(LogSoftmaxBackwardDataBackward0, (g, y), dim=self.dim)

    def jvp(self, inputs, tangents, out):
        """t - logsumexp_jvp(x, t, dim), PyTorch's forward formula"""
        return tangents[0] - logsumexp_jvp(inputs[0], tangents[0], (self.dim,), True)


def implicit_dim(name: str, ndim: int) -> int:
    """The dim PyTorch's F.softmax and its kind pick when given none, with its warning."""
    import warnings
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the "
                  "call to include dim=X as an argument.", UserWarning, stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def _softmax_args(input, dim, dtype, name):
    if dtype is not None:
        input = input.to(dtype)
    if dim is None:
        dim = implicit_dim(name, input._data.ndim)
    d = wrap_dims(dim, input._data.ndim)[0]
    if input._data.dtype.kind != "f" and input._data.size:   # no integer or complex kernel
        last = "_lastdim" if d == input._data.ndim - 1 else ""
        raise TorchNotImplementedError(f'"{name}{last}_kernel_impl" not implemented for '
                                       f"'{input.dtype.legacy}'")
    return input, d, dim


@register("softmax", grad_fn="SoftmaxBackward0", method=True,
          namespaces=("torch", "special:softmax"),
          sample=fixed((((4,), 0), {}), (((2, 3), 1), {})))
def softmax(input, dim=None, dtype=None):
    """exp(x)/sum(exp(x)): d/dx = y*(g - sum(g*y))"""
    x, d, dim = _softmax_args(input, dim, dtype, "softmax")
    return apply(SoftmaxBackward0, (x,), dim=d, as_given={"dim": dim})


@register("log_softmax", grad_fn="LogSoftmaxBackward0", method=True,
          namespaces=("torch", "special:log_softmax"),
          sample=fixed((((4,), 0), {}), (((2, 3), 1), {})))
def log_softmax(input, dim=None, dtype=None):
    """x - logsumexp(x): d/dx = g - softmax(x)*sum(g)"""
    x, d, dim = _softmax_args(input, dim, dtype, "log_softmax")
    return apply(LogSoftmaxBackward0, (x,), dim=d, as_given={"dim": dim})


@register("functional_softmax", grad_fn="SoftmaxBackward0", namespaces=("functional:softmax",),
          sample=fixed((((4,), 0), {}), (((2, 3), 1), {})))
def functional_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """nn.functional.softmax: its third argument is _stacklevel (not used), dtype the fourth;
    it calls the method, as PyTorch's does (whose argument errors it then gives)"""
    if dim is None:
        dim = implicit_dim("softmax", input.dim())
    return input.softmax(dim) if dtype is None else input.softmax(dim, dtype=dtype)


@register("functional_log_softmax", grad_fn="LogSoftmaxBackward0",
          namespaces=("functional:log_softmax",), sample=fixed((((4,), 0), {}), (((2, 3), 1), {})))
def functional_log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """nn.functional.log_softmax: its third argument is _stacklevel, dtype the fourth"""
    if dim is None:
        dim = implicit_dim("log_softmax", input.dim())
    return input.log_softmax(dim) if dtype is None else input.log_softmax(dim, dtype=dtype)


functional_softmax.__name__ = functional_softmax.__qualname__ = "softmax"    # (as F's)
functional_log_softmax.__name__ = functional_log_softmax.__qualname__ = "log_softmax"


def _native_softmax(input, dim, dtype=None):
    return softmax(input, dim, dtype)


def _native_log_softmax(input, dim, dtype=None):
    return log_softmax(input, dim, dtype)


native_signature("softmax", _native_softmax)           # torch.softmax needs its dim
native_signature("log_softmax", _native_log_softmax)


class CumsumBackward0(Node):
    """d cumsum(x) = reversed cumsum of g"""

    linear = True               # its tangent is cumsum(t) (CumsumBackward0), as PyTorch's

    def forward(self, x):
        # PyTorch's result is contiguous whatever the input's layout
        if x.dtype.kind in "biu":
            return np.asarray(np.cumsum(x, axis=self.dim).reshape(x.shape), np.int64,
                              order="C")
        return np.asarray(torch_cumulative(np.add, x, self.dim).reshape(x.shape), order="C")

    def backward(self, g):
        # ATen's cumsum_backward: the trivial case (at most one element, or one along dim,
        # which includes an empty tensor of more than one dim) is grad itself
        if g._data.size <= 1 or g._data.shape[self.dim] == 1:
            return g
        return g.flip(self.dim).cumsum(self.dim).flip(self.dim)


@register("cumsum", grad_fn="CumsumBackward0", method=True, sample=fixed(
    (((4,), 0), {}), (((2, 3), 1), {})))
def cumsum(input, dim, *, dtype=None):
    """running sum along dim, computed in dtype: d/dx = reversed running sum of g"""
    d = wrap_dims(dim, input._data.ndim)[0]
    if dtype is not None and to_dtype(dtype).name == "bool":
        raise TorchNotImplementedError("\"cumsum_out_cpu\" not implemented for 'Bool'")
    return in_dtype(apply(CumsumBackward0, (input,), _dtype_cast(input, dtype), dim=d,
                          as_given={"dim": dim}),
                    dtype, input)


def sum_to(g: Tensor, shape: tuple) -> Tensor:
    """Sum g over the dimensions that broadcasting added or stretched, to get `shape` (ATen's
    sum_to: to a 0-d shape, g.sum())."""
    if not shape and g._data.ndim:
        return sum(g)
    lead = g._data.ndim - len(shape)
    dims = tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape)
                                      if s == 1 and g._data.shape[lead + i] != 1)
    r = sum(g, dims, keepdim=True) if dims else g
    if r._data.shape != tuple(shape):
        r = r.reshape(shape)
    return r


# -- logical reductions and tests: bool or int results outside the graph ----------------------

def _bool_reduce(np_fn, name):
    def fn(input, dim=None, keepdim=False):
        # a bool result, but a uint8 one for a uint8 input (PyTorch keeps that legacy)
        out = np.uint8 if input._data.dtype == np.uint8 else np.bool_
        if dim is None:
            return wrap(np.asarray(np_fn(input._data, keepdims=keepdim), dtype=out))
        dims = wrap_dims(dim, input._data.ndim)
        dims = dims if input._data.ndim else ()     # 0-d: dim -1 or 0, as in PyTorch
        return wrap(np.asarray(np_fn(input._data, axis=dims, keepdims=keepdim), dtype=out))
    fn.__name__ = name
    fn.__doc__ = (f"whether {'all' if name == 'all' else 'any'} elements are true (bool tensor; "
                  "uint8 for a uint8 input)")
    return fn


register("all", method=True, differentiable=False)(_bool_reduce(np.all, "all"))
register("any", method=True, differentiable=False)(_bool_reduce(np.any, "any"))


@register("count_nonzero", method=True, differentiable=False)
def count_nonzero(input, *dims, dim=None):
    """number of non-zero elements (`x.count_nonzero(0, 1)` counts over both dims)"""
    dim = one_argument(dims, dim)
    axis = None if dim is None else reduce_dims(dim, input)
    return wrap(np.asarray(np.count_nonzero(input._data, axis=axis), dtype=np.int64))


@register("nonzero", method=True, differentiable=False)
def nonzero(input, *, as_tuple=False):
    """indices of the non-zero elements (one row per element), laid out as PyTorch's:
    column by column in memory (strides (1, rows)), so not contiguous"""
    check_flag(as_tuple, "nonzero", "as_tuple")
    if input._data.ndim == 0:       # PyTorch: a 0-d tensor reads as one element, no dims
        hit = int(bool(input._data))
        if as_tuple:
            return (wrap(np.zeros(hit, dtype=np.int64)),)
        return wrap(np.zeros((0, hit), dtype=np.int64).T)
    idx = np.nonzero(input._data)
    if as_tuple:
        return tuple(wrap(np.array(i, dtype=np.int64)) for i in idx)
    return wrap(np.array(idx, dtype=np.int64).T)      # a row per dim, seen transposed


for _name, _fn in [("isnan", np.isnan), ("isinf", np.isinf), ("isfinite", np.isfinite)]:
    def _test(input, _fn=_fn):
        from .core import _iterator_layout
        return wrap(_iterator_layout(np.asarray(_fn(input._data)), input._data))
    _test.__doc__ = f"elementwise {_name}: a bool tensor"
    register(_name, method=True, differentiable=False)(_test)
