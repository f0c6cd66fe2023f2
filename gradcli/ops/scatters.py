"""Writing a view's worth of values at once: select_scatter, slice_scatter and
diagonal_scatter (x with the view select/slice/diagonal replaced by src), masked_scatter
(src's values, in order, where the mask is true), fill_diagonal_ (in place, recorded as
PyTorch records it: CopySlices), and unravel_index (flat indices to coordinates).

The three view scatters share one node, addressing the view by flat positions in x as
`views.CopySlices` does; each keeps its PyTorch name, and src's gradient is the view of g.
"""
from __future__ import annotations

import numpy as np

from ..autograd.graph import Node
from ..errors import TorchIndexError, TorchRuntimeError, TorchTypeError, TorchValueError
from .._tensor import Tensor
from .core import apply, check_inplace, inplace, int_sizes, pass_where, to_tensor, wrap, wrap_dim
from .registry import category, fixed, register
from .select import masked_select
from .shape import _shape_str, cat, diagonal, select
from .views import INTERNAL_OVERLAP, CopySlices, internal_overlap, key_positions
from .index_family import PositionedTypeError, tensor_arg
from .shape import expanded_shape

category("selection")


# -- select_scatter, slice_scatter, diagonal_scatter -----------------------------------------

class _ViewScatter(Node):
    """d (x with a view := src) = g with the view zeroed for x, the view of g for src"""

    def forward(self, x, src):
        out = np.array(x, copy=True, order="C")
        out.reshape(-1)[self.flat.reshape(-1)] = src.astype(x.dtype).reshape(-1)
        return out

    def backward(self, g):
        gx = gs = None
        if self.needs(0):
            zeros = wrap(np.zeros(self.flat.shape, dtype=g._data.dtype))
            gx = apply(type(self), (g, zeros), flat=self.flat, view=self.view)
        if self.needs(1):
            gs = self.view(g)
        return gx, gs


SelectScatterBackward0 = type("SelectScatterBackward0", (_ViewScatter,), {})
SliceScatterBackward0 = type("SliceScatterBackward0", (_ViewScatter,), {})
DiagonalScatterBackward0 = type("DiagonalScatterBackward0", (_ViewScatter,), {})


def _view_scatter(cls, input, src, key, view):
    """x with x[key] (a view, given by a NumPy key) replaced by src."""
    src = to_tensor(src)
    flat = key_positions(input._data.shape, key)
    if src._data.shape != flat.shape:
        raise TorchRuntimeError(f"expected src to have a size equal to the slice of self. src "
                                f"size = {_shape_str(src._data.shape)}, slice size = "
                                f"{_shape_str(flat.shape)}")
    return apply(cls, (input, src), flat=flat, view=view)


@register("select_scatter", grad_fn="SelectScatterBackward0", method=True, sample=fixed(
    (((3, 4), (4,), 0, 1), {}), (((2, 3), (2,), 1, -1), {})))
def select_scatter(input, src, dim, index):
    """x with x.select(dim, index) replaced by src: d/dx = g zeroed there,
    d/dsrc = g.select(dim, index)"""
    nd = input._data.ndim
    d = wrap_dim(dim, nd)
    size = input._data.shape[d] if nd else 0
    if nd == 0 or not -size <= index < size:
        raise TorchIndexError(f"select(): index {index} out of range for tensor of size "
                              f"{_shape_str(input._data.shape)} at dimension {d}")
    i = index % size
    return _view_scatter(SelectScatterBackward0, input, src, (slice(None),) * d + (i,),
                         lambda g: select(g, d, i))


@register("slice_scatter", grad_fn="SliceScatterBackward0", method=True, sample=fixed(
    (((3, 4), (3, 2), 1, 0, 4, 2), {}), (((3, 4), (1, 4)), {"start": 2})))
def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    """x with x[start:end:step] along dim replaced by src: d/dx = g zeroed there,
    d/dsrc = that slice of g"""
    if step <= 0:
        raise TorchRuntimeError("slice step must be positive")
    d = wrap_dim(dim, input._data.ndim)
    key = (slice(None),) * d + (slice(start, end, step),)
    return _view_scatter(SliceScatterBackward0, input, src, key, lambda g: g[key])


@register("diagonal_scatter", grad_fn="DiagonalScatterBackward0", method=True, sample=fixed(
    (((3, 4), (3,)), {}), (((3, 4), (3,), -1, 1, 0), {})))
def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    """x with x.diagonal(offset, dim1, dim2) replaced by src: d/dx = g zeroed there,
    d/dsrc = that diagonal of g"""
    nd = input._data.ndim
    d1, d2 = wrap_dim(dim1, nd), wrap_dim(dim2, nd)
    if d1 == d2:
        raise TorchRuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    pos = np.arange(input._data.size, dtype=np.int64).reshape(input._data.shape)
    flat = np.diagonal(pos, offset, d1, d2)
    src = to_tensor(src)
    if src._data.shape != flat.shape:
        raise TorchRuntimeError(f"expected src to have a size equal to the slice of self. src "
                                f"size = {_shape_str(src._data.shape)}, slice size = "
                                f"{_shape_str(flat.shape)}")
    return apply(DiagonalScatterBackward0, (input, src), flat=flat,
                 view=lambda g: diagonal(g, offset, d1, d2))


# -- masked_scatter ---------------------------------------------------------------------------

class MaskedScatterBackward0(Node):
    """d masked_scatter(x, mask, src) = g zeroed where mask for x; for src, g where mask
    (in order) followed by zeros"""

    def forward(self, x, src):
        mask = self._extra
        out = np.array(np.broadcast_to(x, mask.shape), copy=True, order="C")  # as ATen's
        out[mask] = src.reshape(-1)[:int(mask.sum())]
        return out

    def backward(self, g):
        mask = wrap(self.extra)
        gx = g.masked_fill(mask, 0.0) if self.needs(0) else None
        gs = None
        if self.needs(1):
            shape = self._in_meta[1][0]
            picked = masked_select(g, mask)
            rest = int(np.prod(shape)) - picked._data.size
            gs = cat([picked, wrap(np.zeros(rest, dtype=g._data.dtype))]).reshape(shape)
        return gx, gs


@register("masked_scatter", grad_fn="MaskedScatterBackward0", method=True, sample=fixed(
    (((2, 3), np.array([[True, False, True], [False, True, True]]), (5,)), {}),
    (((3,), np.array([[True, False, False], [False, True, True]]), (2, 2)), {})))
def masked_scatter(input, mask, source):
    """src's first values, in order, where mask (x elsewhere): d/dx = g where not mask,
    d/dsrc = g's values where mask, then zeros"""
    m = to_tensor(mask)._data
    src = tensor_arg(source, "masked_scatter", "source", 3)
    if src._data.dtype != input._data.dtype:
        raise TorchRuntimeError(f"masked_scatter: expected self and source to have same dtypes "
                                f"but got{input.dtype.legacy} and {src.dtype.legacy}")
    if m.dtype != np.bool_:
        if m.dtype == np.uint8:         # (ATen's deprecation warning, then its refusal)
            import warnings
            warnings.warn("masked_scatter_ received a mask with dtype torch.uint8, this "
                          "behavior is now deprecated,please use a mask with dtype torch.bool "
                          "instead. (Triggered internally at /__w/pytorch/pytorch/aten/src/"
                          "ATen/native/TensorAdvancedIndexing.cpp:3130.)", UserWarning,
                          stacklevel=3)
        raise TorchRuntimeError(f"masked_scatter_ only supports boolean masks, but got mask "
                                f"with dtype {to_tensor(mask).dtype.legacy}")
    from .select import _broadcast_mask
    shape = _broadcast_mask(input._data, m)
    full = np.broadcast_to(m, shape)
    if int(full.sum()) > src._data.size:
        raise TorchRuntimeError("Number of elements of source < number of ones in mask")
    return apply(MaskedScatterBackward0, (input, src), _extra=np.ascontiguousarray(full))


@register("masked_scatter_", method=True, function=False, differentiable=False)
def masked_scatter_(self, mask, source):
    """masked_scatter written into self, in place (the mask must expand to self's shape)"""
    m = to_tensor(mask)
    shape, mshape = self._data.shape, m._data.shape
    if len(mshape) > len(shape):
        raise TorchRuntimeError(
            f"expand(CPU{m.dtype.legacy}Type{{{_shape_str(mshape)}}}, size={_shape_str(shape)}"
            f"): the number of sizes provided ({len(shape)}) must be greater or equal to the "
            f"number of dimensions in the tensor ({len(mshape)})")
    expanded_shape(m, shape)
    check_inplace(self)
    if internal_overlap(self._data):        # (before the kernel's dtype checks)
        raise TorchRuntimeError(INTERNAL_OVERLAP)
    try:
        return inplace(self, lambda before: masked_scatter(before, m, source))
    except PositionedTypeError as e:
        raise e.as_method("masked_scatter_") from None


def _masked_scatter_method(self, mask, source):
    try:
        return masked_scatter(self, mask, source)
    except PositionedTypeError as e:
        raise e.as_method("masked_scatter") from None


_masked_scatter_method.__name__ = _masked_scatter_method.__qualname__ = "masked_scatter"
_masked_scatter_method.__doc__ = masked_scatter.__doc__
def _checked_masked_scatter():
    from ..argparser import checked         # (PyTorch's parser words: "argument 'mask'")
    return checked(_masked_scatter_method, "masked_scatter", True)


Tensor.masked_scatter = _checked_masked_scatter()


# -- fill_diagonal_ ---------------------------------------------------------------------------

class _FillDiagonal(CopySlices):
    """d (x with its main diagonal := v) = g with the diagonal zeroed (v a number)"""

    def forward(self, base):
        out = np.array(base, copy=True, order="C")
        out.reshape(-1)[self.flat] = np.asarray(self.value).astype(base.dtype)
        return out

    def backward(self, g):
        keep = np.ones(self._in_meta[0][0], dtype=bool)
        keep.reshape(-1)[self.flat] = False
        return pass_where(g, keep)          # PyTorch: grad.fill_diagonal_(0)


_FillDiagonal.__name__ = _FillDiagonal.__qualname__ = "CopySlices"


def _diagonal_positions(shape: tuple, wrap_rows: bool) -> np.ndarray:
    """The flat positions of the main diagonal of an array of `shape` (continued every
    cols + 1 rows of a tall matrix when wrap_rows)."""
    if len(shape) == 2:
        rows, cols = shape
        step = cols + 1
        n = rows * cols if wrap_rows else min(rows, cols) * step
        return np.arange(0, n, step, dtype=np.int64)
    n = shape[0]
    step = sum(n ** k for k in range(len(shape)))
    return np.arange(n, dtype=np.int64) * step


@register("fill_diagonal_", method=True, function=False, differentiable=False)
def fill_diagonal_(self, fill_value, wrap=False):
    """set the main diagonal (all indices equal) to fill_value, in place"""
    shape = self._data.shape
    if len(shape) < 2:
        raise TorchRuntimeError("dimensions must larger than 1")
    if len(shape) > 2 and len(set(shape)) != 1:
        raise TorchRuntimeError("all dimensions of input must be of equal length")
    flat = _diagonal_positions(shape, bool(wrap))
    return inplace(self, lambda before: apply(_FillDiagonal, (before,), flat=flat,
                                              value=fill_value), True)


# -- unravel_index ----------------------------------------------------------------------------

def _class_name(value) -> str:
    """str(type(value)) as PyTorch's Python shows it (a tensor's class is torch.Tensor)."""
    return "<class 'torch.Tensor'>" if isinstance(value, Tensor) else str(type(value))


def _unravel_shape(shape) -> tuple:
    """unravel_index's shape checked as torch/functional.py checks it: an int or a sequence
    of ints."""
    from collections.abc import Sequence
    if isinstance(shape, int):
        return (shape,)
    if not isinstance(shape, Sequence):
        raise TorchTypeError(f"expected 'shape' to be int or sequence of ints, but got "
                             f"{_class_name(shape)}")
    for dim in shape:
        if not isinstance(dim, int):
            raise TorchTypeError(f"expected 'shape' sequence to only contain ints, but got "
                                 f"{_class_name(dim)}")
    return tuple(shape)


@register("unravel_index", differentiable=False)
def unravel_index(indices, shape):
    """the coordinates of flat indices in a tensor of `shape`, one int64 tensor per dim"""
    if not isinstance(indices, Tensor):
        raise AttributeError(f"'{type(indices).__name__}' object has no attribute "
                             f"'is_complex'")
    arr = indices._data
    if arr.dtype.kind not in "iu":
        raise TorchTypeError(f"expected 'indices' to be integer dtype, but got {indices.dtype}")
    dims = _unravel_shape(shape)
    if any(s < 0 for s in dims):
        raise TorchValueError(f"'shape' cannot have negative values, but got {tuple(dims)}")
    rest = arr.astype(np.int64)
    coords = []
    for s in reversed(dims):
        coords.append(wrap(np.mod(rest, s) if s else np.zeros_like(rest)))
        rest = np.floor_divide(rest, s) if s else rest
    return tuple(reversed(coords))
