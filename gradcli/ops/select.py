"""Selection by value and by position: ordering (sort, argsort, msort, topk, kthvalue,
median), reading at positions (gather, index_select, take, masked_select), writing at
positions (scatter, scatter_add, masked_fill), and tril, triu, roll. Ordering ops return
`(values, indices)` the way `max(x, dim)` does: values carry the node, indices are a
constant int64 tensor. Their order puts NaN above every number; equal values keep their order
with `stable=True`, and otherwise come in the order PyTorch's CPU kernels give them (its
unstable algorithms, reproduced in `stlsort`; median breaks ties by index, so is stable).
The index arrays a node's backward needs are kept in `Node._extra`, released after backward
as PyTorch releases saved tensors.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..autograd.graph import Node, watch_indices, watched
from ..errors import TorchIndexError, TorchNotImplementedError, TorchRuntimeError
from .._tensor import _CPP_NAMES, Tensor
from .core import _enabled, apply, broadcast_error, refuse_complex, to_tensor, wrap, wrap_dim
from .reduce import _ReturnTypes
from .registry import category, fixed, register
from .shape import _shape_str
from . import stlsort

category("selection")


def _zeros(shape, like: Tensor) -> Tensor:
    return wrap(np.zeros(shape, dtype=like._data.dtype))


# -- ordering ---------------------------------------------------------------------------------

def _order(a: np.ndarray, dim: int, descending: bool) -> np.ndarray:
    """Stable argsort along dim as int64: NaN sorts as the largest value and equal values
    keep their order in either direction (PyTorch's `stable=True`)."""
    if a.ndim == 0:
        return np.zeros((), dtype=np.int64)
    if not descending:
        return np.argsort(a, axis=dim, kind="stable").astype(np.int64)
    # sort the reversed array and read the result backwards: descending, ties in order
    rev = np.argsort(np.flip(a, dim), axis=dim, kind="stable")
    return (a.shape[dim] - 1 - np.flip(rev, dim)).astype(np.int64)


def no_bool(x: Tensor, kernel: str) -> None:
    """PyTorch's selection kernels with no bool version."""
    if x._data.dtype == np.bool_:
        raise TorchNotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def _rows(a: np.ndarray, dim: int):
    """a's 1-d slices along dim as the rows of a matrix, and the shape of the rest."""
    moved = np.moveaxis(a, dim, -1)
    return moved.reshape(-1, moved.shape[-1]), moved.shape[:-1]


def _tied(rows: np.ndarray) -> np.ndarray:
    """For each row, whether two of its values are equal (NaNs count as equal)."""
    s = np.sort(rows, axis=1)
    same = s[:, 1:] == s[:, :-1]
    if s.dtype.kind == "f":
        same |= np.isnan(s[:, 1:]) & np.isnan(s[:, :-1])
    return same.any(1)


def _per_row(a, dim, order, rows_to_redo, fn):
    """order (indices along dim) with fn(row) -> indices for the rows asked, when they hold
    no more than stlsort.EXACT_TIES_MAX elements in all (else the stable order stays)."""
    if not order.size:
        return order
    rows, lead = _rows(a, dim)
    redo = np.flatnonzero(rows_to_redo(rows))
    if len(redo) * rows.shape[1] > stlsort.EXACT_TIES_MAX:
        return order
    out, _ = _rows(order, dim)
    out = out.copy()
    for r in redo:
        out[r] = fn(rows[r])
    return np.moveaxis(out.reshape(lead + (out.shape[-1],)), -1, dim)


def _sort_order(a: np.ndarray, dim: int, descending: bool, stable) -> np.ndarray:
    """sort's indices: stable when asked, else std::sort's order on ties (PyTorch's default;
    insertion sort, hence stable, up to 16 elements)."""
    order = _order(a, dim, descending)
    if stable is True or a.ndim == 0 or a.shape[dim] <= 16:
        return order
    return _per_row(a, dim, order, _tied,
                    lambda row: stlsort.sort_order(stlsort.rank_keys(row, descending)))


class _ByIndex(Node):
    """d sort(x) = g put back, into zeros, where each value came from"""

    preserve = False

    def forward(self, x):
        if x.ndim == 0:
            return x.copy()
        v = np.take_along_axis(x, self._extra, self.dim)
        v = v if self.keepdim else np.squeeze(v, self.dim)
        if self.preserve:               # sort: laid out as x (PyTorch's empty_like)
            from .shape import copy_laid_out, layout_like
            return copy_laid_out(v, layout_like(x))
        return np.asarray(v, order="C")     # topk, kthvalue, max(dim): contiguous

    def backward(self, g):
        idx = self.extra
        shape = self._in_meta[0][0]
        if not self.keepdim and shape:
            g = g.unsqueeze(self.dim)
        # a 0-d input too: PyTorch scatters g into a 0-d zero (ScatterBackward0)
        return scatter(_zeros(shape, g), self.dim if shape else 0,
                       wrap(np.asarray(idx, dtype=np.int64)), g)


SortBackward0 = type("SortBackward0", (_ByIndex,), {"preserve": True})
SortBackward1 = type("SortBackward1", (_ByIndex,), {"preserve": True})   # sort(stable=)
TopkBackward0 = type("TopkBackward0", (_ByIndex,), {})
KthvalueBackward0 = type("KthvalueBackward0", (_ByIndex,), {})
MedianBackward1 = type("MedianBackward1", (_ByIndex,), {})


def _by_index(cls, kind, input, dim, idx, keepdim=True, given=None):
    """(values, indices) of input at idx (keepdim-shaped) along dim (wrapped; `given`: as
    the caller gave it), as `max(x, dim)` gives."""
    values = apply(cls, (input,), dim=dim, keepdim=keepdim, _extra=idx,
                   as_given={"dim": dim if given is None else given})
    out = idx if keepdim or idx.ndim == 0 else np.squeeze(idx, dim)
    indices = wrap(out.copy())
    watch_indices(values, indices)
    return _ReturnTypes(values, indices, kind)


def _first(order: np.ndarray, dim: int, start: int, stop: int) -> np.ndarray:
    """order[start:stop] along dim."""
    if order.ndim == 0:
        return order
    key = (slice(None),) * dim + (slice(start, stop),)
    return order[key]


class _Unset:
    """The default of `sort(stable=)`: False, told apart from a given value because PyTorch
    records SortBackward1 (its `sort.stable` overload) whenever `stable` is passed."""

    def __repr__(self):
        return "False"


_UNSET = _Unset()


@register("sort", grad_fn="SortBackward0", method=True, sample=fixed(
    (((5,),), {}), (((2, 4), 0), {}), (((3, 4),), {"descending": True}),
    (((2, 3),), {"dim": 1, "stable": True})))
def sort(input, dim=-1, descending=False, *, stable=_UNSET):
    """sorted values and indices along dim: d/dx = g put back at the indices

    PyTorch records SortBackward1 instead when `stable` is passed."""
    d = wrap_dim(dim, input._data.ndim)
    refuse_complex("sort", input)
    cls = SortBackward0 if stable is _UNSET else SortBackward1
    result = _by_index(cls, "sort", input, d, _sort_order(input._data, d, descending, stable),
                       given=dim)
    from .shape import copy_laid_out, layout_like
    strides = layout_like(input._data)          # the indices laid out as the values (as x)
    if strides is not None:
        result[1]._data = copy_laid_out(result[1]._data, strides)
    return result


@register("argsort", method=True, differentiable=False)
def argsort(input, dim=-1, descending=False, *, stable=False):
    """the indices that sort input along dim (ties as PyTorch's sort orders them)"""
    d = wrap_dim(dim, input._data.ndim)
    refuse_complex("sort", input)
    return wrap(_sort_order(input._data, d, descending, stable))


@register("msort", grad_fn="SortBackward0", method=True, sample=fixed((((4, 2),), {})))
def msort(input):
    """sort(input, dim=0).values"""
    return sort(input, 0)[0]


@register("topk", grad_fn="TopkBackward0", method=True, sample=fixed(
    (((5,), 2), {}), (((3, 4), 2, 0), {}), (((3, 4), 3), {"largest": False})))
def topk(input, k, dim=-1, largest=True, sorted=True):
    """the k largest (or smallest) values along dim and their indices: d/dx = g put back"""
    d = wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d] if input._data.ndim else 1
    if not 0 <= k <= size:
        raise TorchRuntimeError("selected index k out of range")
    if input._data.dtype == np.bool_:               # (the kernel's, after the checks above)
        raise TorchRuntimeError("topk does not support bool dtypes on CPU")
    refuse_complex("topk", input)
    a = input._data
    order = _first(_order(a, d, largest), d, 0, k)
    if a.ndim:
        order = _per_row(a, d, order, (lambda rows: np.ones(len(rows), bool)) if not sorted
                         else _tied,
                         lambda row: stlsort.topk_order(stlsort.rank_keys(row, largest), k,
                                                        sorted))
    return _by_index(TopkBackward0, "topk", input, d, order, given=dim)


@register("kthvalue", grad_fn="KthvalueBackward0", method=True, sample=fixed(
    (((5,), 2), {}), (((3, 4), 3, 1, True), {}), (((3, 4), 1, 0), {})))
def kthvalue(input, k, dim=-1, keepdim=False):
    """the k-th smallest value along dim and its index: d/dx = g put back at the index"""
    d = wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d] if input._data.ndim else 1
    if not size:                    # ATen's zero_numel_check_dims, before k's range
        raise TorchIndexError(f"kthvalue(): Expected reduction dim {d} to have non-zero size.")
    if not 1 <= k <= size:
        raise TorchRuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    no_bool(input, "kthvalue_cpu")                  # (the kernel's, after the checks above)
    refuse_complex("kthvalue", input)
    a = input._data
    order = _first(_order(a, d, False), d, k - 1, k)
    if a.ndim:
        order = _per_row(a, d, order, _tied,
                         lambda row: [stlsort.kth_index(stlsort.rank_keys(row, False), k)])
    return _by_index(KthvalueBackward0, "kthvalue", input, d, order, keepdim, dim)


def _median_index(a: np.ndarray, dim: int) -> np.ndarray:
    """Index of the lower median along dim (keepdim-shaped); of the first NaN where a row
    has one, as PyTorch's median propagates NaN."""
    order = _order(a, dim, False)
    if a.ndim == 0:
        return order
    n = a.shape[dim]
    pos = np.full(a.shape[:dim] + (1,) + a.shape[dim + 1:], (n - 1) // 2, dtype=np.int64)
    if a.dtype.kind in "fc":
        nans = np.isnan(a).sum(axis=dim, keepdims=True)
        pos = np.where(nans > 0, n - nans, pos)
    return np.take_along_axis(order, pos, dim)


def nan_of(dtype: np.dtype) -> np.ndarray:
    """ATen's at::full({}, NAN) in dtype (the median of no elements): NaN, True for bool, and
    for integers x86's conversion of NaN (the int32 minimum, truncated for narrower types)."""
    if dtype.kind in "fc":
        return np.asarray(np.nan, dtype=dtype)
    if dtype.kind == "b":
        return np.asarray(True)
    return np.asarray(np.int64(np.iinfo(np.int64).min) if dtype.itemsize == 8 else
                      np.int32(np.iinfo(np.int32).min)).astype(dtype)


class MedianBackward0(Node):
    """d median(x) = g split evenly among the elements equal to the median"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        flat = x.reshape(-1)
        if flat.size == 0:
            return nan_of(x.dtype)
        return flat[_median_index(flat, 0)].reshape(())

    def backward(self, g):
        x, y = self.saved
        xs, ys = x._data, y._data
        mask = np.isnan(xs) if np.isnan(ys) else xs == ys
        share = (g / max(int(mask.sum()), 1)).expand(xs.shape)
        return share.masked_fill(wrap(~mask), 0.0)       # +0.0 elsewhere, as PyTorch

    def jvp(self, inputs, tangents, out):
        """PyTorch's evenly_read_jvp"""
        from .reduce import evenly_read_jvp
        return evenly_read_jvp(tangents[0], inputs[0], out)


@register("median", grad_fn="MedianBackward0", method=True, sample=fixed(
    (((5,),), {}), (((2, 3),), {}), (((3, 4), 1), {}), (((4, 3), 0, True), {})))
def median(input, dim=None, keepdim=False):
    """lower median: of all, ties share g (MedianBackward0); along dim, g to its index

    With dim it returns (values, indices) and records MedianBackward1."""
    if dim is None:
        if input._data.size:              # empty: NaN, as PyTorch returns before its kernel
            no_bool(input, "median_cpu")
            refuse_complex("median", input)
        return apply(MedianBackward0, (input,))
    d = wrap_dim(dim, input._data.ndim)
    if input._data.ndim and input._data.shape[d] == 0:
        raise TorchIndexError(f"median(): Expected reduction dim {d} to have non-zero size.")
    no_bool(input, "median_out")                    # (the kernel's, after the dim checks)
    refuse_complex("median:dim", input)
    return _by_index(MedianBackward1, "median", input, d, _median_index(input._data, d),
                     keepdim, dim)


# -- reading and writing at positions ---------------------------------------------------------

def _index_of(index, what: str) -> np.ndarray:
    """The array of an int32/int64 index tensor, with PyTorch's message for other dtypes
    (scatter_gather_dtype_check: an empty index of any dtype passes, as no position)."""
    arr = to_tensor(index)._data
    if arr.dtype not in (np.int32, np.int64):
        if not arr.size:
            return arr.astype(np.int64)
        raise TorchRuntimeError(f"{what}(): Expected dtype int32/int64 for index")
    return arr


def _key(index: np.ndarray, dim: int) -> tuple:
    """The NumPy key that addresses, for each position p of index (at least 1-D), the
    element at p with coordinate dim replaced by index[p]."""
    key = list(np.indices(index.shape, sparse=True))
    key[dim] = index
    return tuple(key)


def _check_bounds(index: np.ndarray, size: int, dim: int) -> None:
    bad = index[(index < 0) | (index >= size)]
    if bad.size:
        raise TorchRuntimeError(f"index {int(bad[0])} is out of bounds for dimension {dim} "
                                f"with size {size}")


def _check_gather(x, dim, index):
    if index.size == 0:           # PyTorch checks nothing else for an empty index
        return
    if max(index.ndim, 1) != max(x.ndim, 1):
        raise TorchRuntimeError("Index tensor must have the same number of dimensions as "
                                "input tensor")
    xs, js = x.shape or (1,), index.shape or (1,)
    for d in range(len(js)):
        if d != dim and js[d] > xs[d]:
            raise TorchRuntimeError(
                f"Size does not match at dimension {d} expected index {_shape_str(index.shape)}"
                f" to be no larger than self {_shape_str(x.shape)} apart from dimension {dim}")
    _check_bounds(index, xs[dim], dim)


def _check_scatter(x, dim, index, src):
    if src is not None and src.dtype != x.dtype:
        raise TorchRuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    if index.size == 0:
        return
    if max(index.ndim, 1) != max(x.ndim, 1):
        raise TorchRuntimeError("Index tensor must have the same number of dimensions as self "
                                "tensor")
    xs, js = x.shape or (1,), index.shape or (1,)
    wrong = any(d != dim and js[d] > xs[d] for d in range(len(js)))
    if not wrong and src is not None:       # (ATen reads src's size in each of self's dims)
        for d in range(len(js)):
            if src.ndim and d >= src.ndim:
                raise TorchIndexError(f"Dimension out of range (expected to be in range of "
                                      f"[{-src.ndim}, {src.ndim - 1}], but got {d})")
            wrong = js[d] > (src.shape[d] if src.ndim else 1)
            if wrong:
                break
    if src is not None and max(index.ndim, 1) != max(src.ndim, 1):     # (before the sizes')
        raise TorchRuntimeError("Index tensor must have the same number of dimensions as src "
                                "tensor")
    if wrong:
        tail = "" if src is None else f" and to be no larger size than src {_shape_str(src.shape)}"
        raise TorchRuntimeError(f"Expected index {_shape_str(index.shape)} to be no larger than "
                                f"self {_shape_str(x.shape)} apart from dimension {dim}{tail}")
    _check_bounds(index, xs[dim], dim)


def _gather_array(x, dim, index):
    if index.size == 0:
        return np.empty(index.shape, dtype=x.dtype)
    out = np.atleast_1d(x)[_key(np.atleast_1d(index), dim)]
    return out.reshape(index.shape)


def _gather_grad(node, g, index, src_meta):
    """The gradient of a scatter's src, gather(g, dim, index); PyTorch's error when src is
    larger than index (that gradient does not fit)."""
    shape = src_meta[0]
    if (index.shape or (1,)) != (shape or (1,)):
        raise TorchRuntimeError(f"Function {node.name()} returned an invalid gradient at index 1"
                                f" - got {_shape_str(index.shape)} but expected shape "
                                f"compatible with {_shape_str(shape)}")
    out = gather(g, node.dim, wrap(index))
    return out if out._data.shape == tuple(shape) else out.reshape(shape)   # 0-d src


class GatherBackward0(Node):
    """d gather(x, dim, index) = g added into zeros at the index positions"""

    save_inputs = (0,)          # as PyTorch's (the rule reads its shape only)

    linear = True           # forward AD: the op on the tangent, in its own dtype

    def forward(self, x):
        return _gather_array(x, self.dim, self._extra)

    def backward(self, g):
        self.saved      # (unpacked, as PyTorch's formula unpacks self: refused if changed)
        return scatter_add(_zeros(self._in_meta[0][0], g), self.dim, wrap(self.extra), g)


@register("gather", grad_fn="GatherBackward0", method=True, sample=fixed(
    (((3, 4), 1, np.array([[0, 3, 3], [1, 0, 2], [2, 2, 0]])), {}),
    (((3, 2), 0, np.array([[2, 0], [0, 0]])), {})))
def gather(input, dim, index, *, sparse_grad=False):
    """out[i][j] = x[index[i][j]][j] (dim 0): d/dx = g added at the index positions"""
    if sparse_grad:
        raise TorchRuntimeError("gradcli has no sparse tensors (gather(..., sparse_grad=True))")
    idx = _index_of(index, "gather")
    d = wrap_dim(dim, input._data.ndim)
    _check_gather(input._data, d, idx)
    return apply(GatherBackward0, (input,), dim=d, _extra=idx, _watched=watched(index),
                 as_given={"dim": dim})


def _scatter_into(x, dim, index, src=None, value=None, add=False, combine=None):
    """A copy of x with src (or value) written, or added (or combined by ufunc `combine`,
    one element at a time), at the index positions."""
    if index.size == 0:
        return x.copy()
    out = np.atleast_1d(x).copy()
    key = _key(np.atleast_1d(index), dim)
    if src is not None:
        region = tuple(slice(0, n) for n in (index.shape or (1,)))
        src = np.atleast_1d(src)[region]
    if add or combine is not None:
        (combine or np.add).at(out, key, value if src is None else src)
    else:
        out[key] = value if src is None else src
    return out.reshape(x.shape)


class ScatterBackward0(Node):
    """d scatter(x, dim, index, src) = g with zeros at the index positions, g gathered"""

    linear = True           # forward AD: x's tangent with src's written in (the last wins)

    def forward(self, x, src):
        return _scatter_into(x, self.dim, self._extra, src=src)

    def backward(self, g):
        idx = self.extra
        gx = scatter(g, self.dim, wrap(idx), 0.0) if self.needs(0) else None
        gs = _gather_grad(self, g, idx, self._in_meta[1]) if self.needs(1) else None
        return gx, gs


class ScatterBackward1(Node):
    """d scatter(x, dim, index, value) = g with zeros at the index positions"""

    def forward(self, x):
        return _scatter_into(x, self.dim, self._extra, value=self.value)

    def backward(self, g):
        return scatter(g, self.dim, wrap(self.extra), 0.0)


class ScatterAddBackward0(Node):
    """d scatter_add(x, dim, index, src) = g, g gathered at the index positions"""

    def forward(self, x, src):
        return _scatter_into(x, self.dim, self._extra, src=src, add=True)

    def backward(self, g):
        idx = self.extra
        gs = _gather_grad(self, g, idx, self._in_meta[1]) if self.needs(1) else None
        return (g if self.needs(0) else None), gs


@register("scatter", grad_fn="ScatterBackward0", method=True, sample=fixed(
    (((2, 3), 1, np.array([[2, 0], [1, 2]]), (2, 2)), {}),
    (((3, 2), 0, np.array([[1, 0], [2, 1]]), (2, 2)), {}),
    (((2, 3), 0, np.array([[1, 0, 1]]), 1.5), {})))
def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """src written at the index positions: d/dx = g zeroed there, d/dsrc = g gathered

    A number as src (or `value=`) records ScatterBackward1."""
    if src is None:
        src = value
    idx = _index_of(index, "scatter")
    d = wrap_dim(dim, input._data.ndim)
    if reduce is not None:
        return _scatter_reduced(input, d, idx, src, reduce)
    if isinstance(src, Tensor):
        _check_scatter(input._data, d, idx, src._data)
        return apply(ScatterBackward0, (input, src), dim=d, _extra=idx,
                     _watched=watched(index), as_given={"dim": dim})
    _check_scatter(input._data, d, idx, None)
    src = _scatter_value(src, input._data.dtype)
    return apply(ScatterBackward1, (input,), dim=d, value=src, _extra=idx,
                 _watched=watched(index), as_given={"dim": dim})


def _scatter_value(value, target):
    """scatter's number as its kernel reads it (`value.to<scalar_t>()`, c10's checked
    conversion): on an integer dtype truncated, one out of range refused (-1 is 255 for
    uint8: negatives wrap); on a float dtype the overflow check alone."""
    if value.__class__ is complex and target.kind != "c" or target.kind in "iub":
        return dtypes.checked_scalar(value, target).item()
    dtypes.checked_number(value, target)
    if target.kind == "f" and target.itemsize < 8 and isinstance(value, (int, float)):
        return dtypes.checked_scalar(value, target).item()      # (rounded to the dtype)
    return value


def scatter_checks(input, dim, index, src=None, *, value=None, reduce=None) -> None:
    """scatter's and scatter_add's checks of their arguments (their meta function's), which
    PyTorch makes before an in-place form's memory checks (reduce= warns first: left to the
    op)."""
    if reduce is not None:
        return
    src = value if src is None else src
    idx = _index_of(index, "scatter")
    _check_scatter(input._data, wrap_dim(dim, input._data.ndim), idx,
                   src._data if isinstance(src, Tensor) else None)


# scatter(..., reduce=...) has no derivative: PyTorch records a NotImplemented node
ScatterReduceNode = type("NotImplemented", (Node,), {
    "__doc__": "scatter with reduce= has no derivative (PyTorch records a NotImplemented node)",
    "forward": lambda self, x, *src: _scatter_into(
        x, self.dim, self._extra, src=src[0] if src else None, value=self.value,
        combine=np.add if self.reduce == "add" else np.multiply),
    "backward": lambda self, g: _no_scatter_derivative(),
    "_qualified": True,         # name() is torch::autograd::NotImplemented
})


def _no_scatter_derivative():
    raise TorchRuntimeError("derivative for aten::scatter is not implemented")


def _scatter_reduced(input, d, idx, src, reduce):
    """scatter(..., reduce="add" or "multiply"): src (or the number) combined into x at the
    index positions, one element at a time (with a Tensor src, PyTorch's deprecation warning
    first, before any check)."""
    if isinstance(src, Tensor):
        from ..errors import warn_once       # PyTorch's TORCH_WARN_ONCE
        warn_once("The reduce argument of torch.scatter with Tensor src is deprecated and will "
                  "be removed in a future PyTorch release. Use torch.scatter_reduce instead "
                  "for more reduction options. (Triggered internally at "
                  "/__w/pytorch/pytorch/aten/src/ATen/native/TensorAdvancedIndexing.cpp:225.)",
                  stacklevel=4)
    if reduce not in ("add", "multiply"):
        raise TorchRuntimeError("reduce argument must be either add or multiply.")
    if isinstance(src, Tensor):
        _check_scatter(input._data, d, idx, src._data)
        return apply(ScatterReduceNode, (input, src), dim=d, value=None, reduce=reduce,
                     _extra=idx)
    _check_scatter(input._data, d, idx, None)
    src = _scatter_value(src, input._data.dtype)
    return apply(ScatterReduceNode, (input,), dim=d, value=src, reduce=reduce, _extra=idx)


@register("scatter_add", grad_fn="ScatterAddBackward0", method=True, sample=fixed(
    (((2, 3), 1, np.array([[2, 0, 2], [1, 1, 1]]), (2, 3)), {}),
    (((3, 2), 0, np.array([[1, 0]]), (1, 2)), {})))
def scatter_add(input, dim, index, src):
    """src added at the index positions: d/dx = g, d/dsrc = g gathered at them"""
    idx = _index_of(index, "scatter")
    d = wrap_dim(dim, input._data.ndim)
    src = to_tensor(src)
    _check_scatter(input._data, d, idx, src._data)
    return apply(ScatterAddBackward0, (input, src), dim=d, _extra=idx,
                 _watched=watched(index), as_given={"dim": dim})


class IndexSelectBackward0(Node):
    """d index_select(x, dim, index) = g added into zeros at the selected slices"""

    linear = True           # forward AD: the op on the tangent, in its own dtype

    def forward(self, x):
        return np.take(x, self._extra, axis=self.dim) if x.ndim else x.copy()

    def backward(self, g):
        shape = self._in_meta[0][0]
        if not shape:
            return g
        idx = self.extra
        if _enabled[0]:                 # PyTorch's graph: zeros.index_add_(dim, idx, g)
            return apply(IndexAddBackward0, (_zeros(shape, g), g), dim=self.dim, _extra=idx)
        lay = [1] * len(shape)
        lay[self.dim] = idx.size
        full = np.broadcast_to(idx.reshape(lay), g._data.shape)
        return scatter_add(_zeros(shape, g), self.dim, wrap(full), g)


class IndexAddBackward0(Node):
    """d (z with g added at the slices idx along dim) = gg to z, gg's slices at idx to g"""

    def forward(self, z, g):
        out = z.copy()
        np.add.at(out, (slice(None),) * self.dim + (self._extra,), g)
        return out

    def backward(self, gg):
        sel = None
        if self.needs(1):
            sel = apply(IndexSelectBackward0, (gg,), dim=self.dim, _extra=self.extra)
        return (gg if self.needs(0) else None), sel


@register("index_select", grad_fn="IndexSelectBackward0", method=True, sample=fixed(
    (((3, 4), 1, np.array([3, 0, 3])), {}), (((3, 2), 0, np.array([2, 0])), {})))
def index_select(input, dim, index):
    """the slices at the indices along dim: d/dx = g added back at them"""
    arr = to_tensor(index)._data
    if arr.ndim > 1:
        raise TorchIndexError("index_select(): Index is supposed to be a vector")
    if arr.dtype not in (np.int32, np.int64):
        raise TorchRuntimeError("index_select(): Expected dtype int32 or int64 for index")
    x = input._data
    d = wrap_dim(dim, x.ndim)
    idx = arr.reshape(-1)
    if x.ndim == 0 and idx.size != 1:
        raise TorchRuntimeError(f"index_select(): Index to scalar can have only 1 value, got "
                                f"{idx.size} value(s)")
    size = x.shape[d] if x.ndim else 1
    bad = idx[(idx < 0) | (idx >= size)]
    if bad.size:
        if d == 1 and x.ndim > 1:     # PyTorch's CPU kernel for dim 1 words it so
            raise TorchRuntimeError(f"INDICES element is out of DATA bounds, id={int(bad[0])} "
                                    f"axis_dim={size}")
        raise TorchIndexError("index out of range in self")
    return apply(IndexSelectBackward0, (input,), dim=d, _extra=idx, _watched=watched(index),
                 as_given={"dim": dim})


class TakeBackward0(Node):
    """d take(x, index) = g added into zeros at the flat index positions"""

    save_inputs = (0,)          # as PyTorch's (the rule reads its shape only)

    linear = True           # forward AD: the op on the tangent, in its own dtype

    def forward(self, x):
        return np.take(x.reshape(-1), self._extra)

    def backward(self, g):
        """PyTorch's take_backward: zeros.put_(index, g, accumulate=True)"""
        from .index_family import put
        self.saved      # (unpacked, as PyTorch's formula unpacks self: refused if changed)
        return put(_zeros(self._in_meta[0][0], g), wrap(self.extra), g, accumulate=True)


@register("take", grad_fn="TakeBackward0", method=True, sample=fixed(
    (((2, 3), np.array([[0, 5], [-1, 3]])), {}), (((4,), np.array([1, 1, 2])), {})))
def take(input, index):
    """input flattened, read at index (negative counts from the end): d/dx = g added back"""
    idx = to_tensor(index)._data
    if idx.dtype != np.int64:
        raise TorchRuntimeError(f"take(): Expected a long tensor for index, but got "
                                f"{to_tensor(index).dtype.legacy}")
    n = input._data.size
    if n == 0 and idx.size:
        raise TorchIndexError("take(): tried to take from an empty tensor")
    bad = idx[(idx < -n) | (idx >= n)]
    if bad.size:
        raise TorchIndexError(f"out of range: tried to access index {int(bad[0])} on a tensor "
                              f"of {n} elements.")
    return apply(TakeBackward0, (input,), _extra=idx % max(n, 1), _watched=watched(index))


# -- masks ------------------------------------------------------------------------------------

# C++ type names PyTorch's masked_fill uses for a mask that is not bool


def _broadcast_mask(x: np.ndarray, mask: np.ndarray) -> tuple:
    try:
        return np.broadcast_shapes(mask.shape, x.shape)
    except ValueError:
        raise broadcast_error(mask.shape, x.shape) from None


class MaskedFillBackward0(Node):
    """d masked_fill(x, mask, v) = g with zeros where mask"""

    def forward(self, x):                 # a contiguous copy, as PyTorch's
        return np.asarray(np.where(self._extra, np.asarray(self.value).astype(x.dtype), x),
                          order="C")

    def backward(self, g):
        return g.masked_fill(wrap(self.extra), 0.0)


class MaskedFillBackward1(Node):
    """d masked_fill(x, mask, v) = g with zeros where mask, sum of g where mask"""

    def forward(self, x, v):
        return np.where(self._extra, v.astype(x.dtype), x)

    def backward(self, g):
        mask = wrap(self.extra)
        gx = g.masked_fill(mask, 0.0) if self.needs(0) else None
        gv = masked_select(g, mask).sum() if self.needs(1) else None
        return gx, gv


@register("masked_fill", grad_fn="MaskedFillBackward0", method=True, sample=fixed(
    (((2, 3), np.array([[True, False, True], [False, False, True]]), 0.5), {}),
    (((3,), np.array([[True, False, False], [False, True, True]]), -1.0), {}),
    (((2, 3), np.array([True, False, True]), ()), {})))
def masked_fill(input, mask, value):
    """value where mask, else x: d/dx = g where not mask, d/dvalue = sum of g where mask

    A 0-d tensor value records MaskedFillBackward1 (it then gets a gradient)."""
    mt = to_tensor(mask)
    m = mt._data
    _broadcast_mask(input._data, m)
    if isinstance(value, Tensor) and value._data.ndim:
        raise TorchRuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, "
                                f"but got tensor with {value._data.ndim} dimension(s).")
    if m.dtype != np.bool_:
        raise TorchRuntimeError(f"masked_fill_ only supports boolean masks, but got mask with "
                                f"dtype {_CPP_NAMES[mt.dtype.name]}")
    if isinstance(value, Tensor):
        # c10's conversion of the 0-d value's item (a complex one with an imaginary part
        # overflows a real dtype)
        dtypes.checked_scalar(value._data.item(), input._data.dtype)
        return apply(MaskedFillBackward1, (input, value), _extra=m, _watched=watched(mask))
    value = dtypes.checked_scalar(value, input._data.dtype)[()]
    return apply(MaskedFillBackward0, (input,), value=value, _extra=m,
                 _watched=watched(mask))


class MaskedSelectBackward0(Node):
    """d masked_select(x, mask) = g placed into zeros where mask"""

    save_inputs = (0,)          # as PyTorch's (the rule reads its shape only)

    linear = True           # forward AD: the op on the tangent, in its own dtype

    def forward(self, x):
        mask = self._extra
        return np.broadcast_to(x, mask.shape)[mask]

    def backward(self, g):
        """PyTorch's masked_select_backward: zeros (of the broadcast shape) masked_scatter_'d
        with g"""
        from .scatters import masked_scatter
        self.saved      # (unpacked, as PyTorch's formula unpacks input: refused if changed)
        mask = self.extra
        return masked_scatter(_zeros(mask.shape, g), wrap(mask), g)


@register("masked_select", grad_fn="MaskedSelectBackward0", method=True, sample=fixed(
    (((2, 3), np.array([[True, False, True], [False, True, True]])), {}),
    (((3,), np.array([[True, False, False], [False, True, True]])), {})))
def masked_select(input, mask):
    """the elements where mask is true, as a 1-D tensor: d/dx = g placed back"""
    m = to_tensor(mask)._data
    if m.dtype != np.bool_:                 # (before the shapes are broadcast)
        raise TorchRuntimeError("masked_select: expected BoolTensor for mask")
    shape = _broadcast_mask(input._data, m)
    return apply(MaskedSelectBackward0, (input,), _extra=np.broadcast_to(m, shape),
                 _watched=watched(mask))


# -- triangles and rolls ----------------------------------------------------------------------

class TrilBackward0(Node):
    """d tril(x, k) = tril(g, k) (the result contiguous whatever x's layout, as ATen's)"""

    linear = True           # forward AD: the op on the tangent, in its own dtype

    def forward(self, x):
        return np.ascontiguousarray(np.tril(x, self.diagonal))

    def backward(self, g):
        return g.tril(self.diagonal)


class TriuBackward0(Node):
    """d triu(x, k) = triu(g, k) (the result contiguous, as ATen's)"""

    linear = True           # forward AD: the op on the tangent, in its own dtype

    def forward(self, x):
        return np.ascontiguousarray(np.triu(x, self.diagonal))

    def backward(self, g):
        return g.triu(self.diagonal)


def _triangle(cls, name, input, diagonal):
    if input._data.ndim < 2:
        raise TorchRuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    return apply(cls, (input,), diagonal=int(diagonal))


@register("tril", grad_fn="TrilBackward0", method=True, sample=fixed(
    (((3, 4),), {}), (((2, 3, 3), -1), {}), (((3, 3),), {"diagonal": 1})))
def tril(input, diagonal=0):
    """lower triangle (j - i <= diagonal), zeros above: d/dx = tril(g)"""
    return _triangle(TrilBackward0, "tril", input, diagonal)


@register("triu", grad_fn="TriuBackward0", method=True, sample=fixed(
    (((3, 4),), {}), (((2, 3, 3), -1), {}), (((3, 3),), {"diagonal": 1})))
def triu(input, diagonal=0):
    """upper triangle (j - i >= diagonal), zeros below: d/dx = triu(g)"""
    return _triangle(TriuBackward0, "triu", input, diagonal)


class RollBackward0(Node):
    """d roll(x, shifts, dims) = roll(g, -shifts, dims)"""

    linear = True           # forward AD: the op on the tangent, in its own dtype

    def forward(self, x):
        if self.dims is None:
            return np.roll(x, self.shifts[0])
        return np.asarray(np.roll(x, self.shifts, self.dims), order="C")   # as PyTorch's

    def backward(self, g):
        return g.roll(tuple(-s for s in self.shifts), self.dims)


@register("roll", grad_fn="RollBackward0", method=True, sample=fixed(
    (((3, 4), 1), {}), (((3, 4), [1, -2], [0, 1]), {}), (((5,), -2, 0), {})))
def roll(input, shifts, dims=None):
    """shift along dims with wrap-around (flat if dims is None): d/dx = g rolled back"""
    shifts = (int(shifts),) if isinstance(shifts, int) else tuple(int(s) for s in shifts)
    if not shifts:
        raise TorchRuntimeError("`shifts` required")
    if dims is None:
        if len(shifts) != 1:
            raise TorchRuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                                    "dims:0")
        return apply(RollBackward0, (input,), shifts=shifts, dims=None, as_given={"dims": ()})
    given = (dims,) if isinstance(dims, int) else tuple(dims)
    if len(given) != len(shifts):
        raise TorchRuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                                f"dims:{len(given)}")
    if input._data.ndim == 0:
        raise TorchIndexError(f"Dimension specified as {given[0]} but tensor has no dimensions")
    # a dim given twice is rolled twice (ATen rolls one dim at a time)
    return apply(RollBackward0, (input,), shifts=shifts,
                 dims=tuple(wrap_dim(d, input._data.ndim) for d in given),
                 as_given={"dims": given})
