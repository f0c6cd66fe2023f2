"""Shapes made of other ops, as PyTorch composes them (so their nodes are PyTorch's):
splitting into pieces (tensor_split, hsplit, vsplit, dsplit, split_with_sizes), lifting to
at least n dims (atleast_1d/2d/3d), broadcasting together (broadcast_tensors,
broadcast_shapes), stacking as columns or rows (column_stack, row_stack), diagflat and
sum_to_size.
"""
from __future__ import annotations

import numpy as np

from ..errors import TorchRuntimeError, TorchTypeError, TorchValueError
from .._tensor import Size, Tensor
from .core import _as_int, apply, broadcast_check, int_sizes, one_argument, wrap_dim
from .extra import diag_embed
from .reduce import sum as _sum
from .registry import category, fixed, register
from .shape import (SliceBackward0, _select_key, _shape_str, atleast_1d_of, atleast_2d_of,
                    atleast_3d_of, cat, split, stacked_list, tensor_list)

category("shape")


# -- pieces -----------------------------------------------------------------------------------

def _piece(x: Tensor, dim: int, start: int, stop: int) -> Tensor:
    """x[start:stop] along dim, a SliceBackward0 view even when it is all of x (PyTorch's
    slice does not skip the node); bounds are clamped as a Python slice's are."""
    start, stop, _ = slice(start, stop).indices(x._data.shape[dim])
    return apply(SliceBackward0, (x,), key=_select_key(dim, slice(start, max(start, stop))))


def _split_points(x: Tensor, sections, dim: int) -> list:
    """tensor_split's cut points: from a number of sections, a list of indices, or a 0-d
    (sections) or 1-D (indices) int64 tensor."""
    if isinstance(sections, Tensor):
        arr = sections._data
        if arr.dtype != np.int64:           # (ATen checks the dtype before the rank)
            raise TorchRuntimeError(f"tensor_split expected tensor_indices_or_sections to have "
                                    f"dtype of long, but got {sections.dtype.legacy}")
        if arr.ndim > 1:
            raise TorchRuntimeError(f"tensor_split expected tensor_indices_or_sections to be a "
                                    f"zero-dimensional or one-dimensional tensor, but got a "
                                    f"tensor with {arr.ndim} dims")
        sections = int(arr) if arr.ndim == 0 else [int(i) for i in arr]
    if isinstance(sections, (list, tuple)):
        points = [_as_int(i) for i in sections]
        if None in points:
            raise TorchTypeError("tensor_split(): argument 'indices' must be tuple of ints")
        return points
    n = _as_int(sections)
    if n is None or isinstance(sections, bool):
        raise TorchTypeError(f"tensor_split(): argument 'sections' must be int, not "
                             f"{type(sections).__name__}")
    if n <= 0:
        raise TorchRuntimeError(f"number of sections must be larger than 0, got {n}")
    size = x._data.shape[dim]
    small, extra = divmod(size, n)
    points, at = [], 0
    for k in range(n - 1):
        at += small + (k < extra)
        points.append(at)
    return points


@register("tensor_split", grad_fn="SliceBackward0", method=True, sample=fixed(
    (((5, 2), 3), {}), (((3, 4), [1, 3]), {"dim": 1}), (((4,), [3]), {})))
def tensor_split(input, indices_or_sections, dim=0):
    """views along dim: n nearly equal pieces (the first size % n one longer), or the pieces
    between the given indices: d/dx = the gradients put back"""
    if input._data.ndim == 0:
        raise TorchRuntimeError("tensor_split expected at least a 1-dimensional tensor, but got "
                                "a tensor with 0 dims")
    d = wrap_dim(dim, input._data.ndim)
    points = _split_points(input, indices_or_sections, d)
    bounds = [0] + points + [input._data.shape[d]]
    return tuple(_piece(input, d, a, b) for a, b in zip(bounds, bounds[1:]))


def _directional_split(name: str, dim: int, need: int, input, sections):
    """`name` (hsplit ...) along dim of a tensor of at least `need` dims."""
    nd = input._data.ndim
    if nd < need:
        if need == 1:
            raise TorchRuntimeError(f"torch.{name} requires a tensor with at least 1 dimension, "
                                    f"but got a tensor with {nd} dimensions!")
        raise TorchRuntimeError(f"torch.{name} requires a tensor with at least {need} dimension,"
                                f" but got a tensor with {nd} dimensions!")
    n = _as_int(sections) if not isinstance(sections, (list, tuple, Tensor)) else None
    if n is not None:
        size = input._data.shape[dim]
        if n == 0 or size % n:
            raise TorchRuntimeError(f"torch.{name} attempted to split along dimension {dim}, but "
                                    f"the size of the dimension {size} is not divisible by the "
                                    f"split_size {n}!")
    return tensor_split(input, sections, dim)


@register("hsplit", grad_fn="SliceBackward0", method=True, sample=fixed(
    (((3, 4), 2), {}), (((4,), [1, 3]), {})))
def hsplit(input, *indices_or_sections, sections=None, indices=None):
    """tensor_split along dim 1 (dim 0 for 1-D), equal pieces only"""
    return _directional_split("hsplit", 0 if input._data.ndim == 1 else 1, 1, input,
                              _one_argument(indices_or_sections, sections, indices))


@register("vsplit", grad_fn="SliceBackward0", method=True, sample=fixed(
    (((4, 2), 2), {}), (((3, 2), [1]), {})))
def vsplit(input, *indices_or_sections, sections=None, indices=None):
    """tensor_split along dim 0 of a tensor of 2 or more dims, equal pieces only"""
    return _directional_split("vsplit", 0, 2, input,
                              _one_argument(indices_or_sections, sections, indices))


@register("dsplit", grad_fn="SliceBackward0", method=True, sample=fixed(
    (((2, 1, 4), 2), {}), (((1, 2, 3), [1]), {})))
def dsplit(input, *indices_or_sections, sections=None, indices=None):
    """tensor_split along dim 2 of a tensor of 3 or more dims, equal pieces only"""
    return _directional_split("dsplit", 2, 3, input,
                              _one_argument(indices_or_sections, sections, indices))


def _one_argument(args: tuple, sections, indices):
    """hsplit's, vsplit's and dsplit's one argument: a number of sections or a list of
    indices, given by keyword (`sections=`, `indices=`) or positionally; several numbers
    are the indices, as PyTorch's methods read `x.hsplit(1, 3)`."""
    return one_argument(args, indices if sections is None else sections)


@register("split_with_sizes", grad_fn="SplitWithSizesBackward0", method=True, sample=fixed(
    (((5, 2), [2, 3]), {}), (((2, 4), [1, 3], 1), {})))
def split_with_sizes(input, split_sizes, dim=0):
    """views of the given sizes along dim: d/dx = the gradients concatenated"""
    if isinstance(split_sizes, int):
        raise TorchTypeError("split_with_sizes(): argument 'split_sizes' (position 1) must be "
                             "tuple of ints, not int")
    return split(input, list(split_sizes), dim)


# -- at least n dims --------------------------------------------------------------------------

def _atleast(name: str, lift, tensors):
    """f(x) -> lifted x; f(x, y, ...) and f((x, y, ...)) -> a tuple."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    elif len(tensors) == 1:
        if not isinstance(tensors[0], Tensor):
            got = type(tensors[0]).__name__
            why = (f"      didn't match because some of the arguments have invalid types: "
                   f"(!{got}!)\n")
            raise TorchTypeError(f"{name}() received an invalid combination of arguments - got "
                                 f"({got}), but expected one of:\n * (Tensor input)\n{why}"
                                 f" * (tuple of Tensors tensors)\n{why}")
        return lift(tensors[0])
    return tuple(lift(t) for t in tensor_list(list(tensors), name))


@register("atleast_1d", grad_fn="ViewBackward0", sample=fixed((((),), {}), (((3,),), {})))
def atleast_1d(*tensors):
    """x with at least 1 dim (a 0-d x becomes shape [1]); several give a tuple"""
    return _atleast("atleast_1d", atleast_1d_of, tensors)


@register("atleast_2d", grad_fn="UnsqueezeBackward0", sample=fixed(
    (((),), {}), (((3,),), {}), (((2, 3),), {})))
def atleast_2d(*tensors):
    """x with at least 2 dims (1-D x becomes a row); several give a tuple"""
    return _atleast("atleast_2d", atleast_2d_of, tensors)


@register("atleast_3d", grad_fn="UnsqueezeBackward0", sample=fixed(
    (((),), {}), (((3,),), {}), (((2, 3),), {})))
def atleast_3d(*tensors):
    """x with at least 3 dims ([n] -> [1, n, 1], [m, n] -> [m, n, 1]); several give a tuple"""
    return _atleast("atleast_3d", atleast_3d_of, tensors)


# -- broadcasting together --------------------------------------------------------------------

@register("broadcast_shapes", differentiable=False)
def broadcast_shapes(*shapes):
    """the shape that tensors of the given shapes broadcast to (a torch.Size; None entries
    are skipped), checked as PyTorch's _broadcast_shapes does: a size is taken where the
    shape so far has 1 (a negative one refused there), else must be 1 or equal"""
    sized = [(s,) if _as_int(s) is not None else s for s in shapes if s is not None]
    for shape in sized:
        if not isinstance(shape, (tuple, list)):
            raise TorchRuntimeError("Input shapes should be of type ints, a tuple of ints, or a "
                                    f"list of ints, got {shape}")
    out = [1] * max((len(s) for s in sized), default=0)
    for k, shape in enumerate(sized):
        for i in range(-1, -1 - len(shape), -1):
            n = int(shape[i])
            if out[i] == 1:
                if n < 0:
                    raise TorchValueError("Attempting to broadcast a dimension with negative "
                                          "length!")
                out[i] = n
            elif n not in (1, out[i]):
                raise TorchRuntimeError(
                    f"Attempting to broadcast a dimension of length {n} at {i}! Mismatching "
                    f"argument at index {k} had {shape}; but expected shape should be "
                    f"broadcastable to {out}")
    return Size(out)


@register("broadcast_tensors", grad_fn="ExpandBackward0", sample=fixed(
    (((2, 3), (3,)), {}), (((2, 1), (1, 3), ()), {})))
def broadcast_tensors(*tensors):
    """the tensors expanded to their common shape (one already of that shape is returned as
    it is): d/dx = g summed back to x's shape"""
    tensors = tensor_list(list(tensors), "broadcast_tensors")
    shape = broadcast_check(*tensors) if tensors else ()
    return tuple(t if t._data.shape == shape else t.expand(*shape) for t in tensors)


# -- stacking ---------------------------------------------------------------------------------

@register("column_stack", grad_fn="CatBackward0", sample=fixed(
    (([(3,), (3, 2)],), {}), (([(), ()],), {})))
def column_stack(tensors):
    """cat along dim 1 with 0-d and 1-D tensors made columns first"""
    cols = [t.reshape(t._data.size, 1) if t._data.ndim <= 1 else t
            for t in stacked_list(tensors, "column_stack")]
    return cat(cols, 1)


@register("row_stack", grad_fn="CatBackward0", sample=fixed((([(3,), (2, 3)],), {}),))
def row_stack(tensors):
    """vstack: cat along dim 0 with 0-d and 1-D tensors made rows first"""
    return cat([atleast_2d_of(t) for t in stacked_list(tensors, "row_stack", "vstack")], 0)


# -- diagflat and sum_to_size -----------------------------------------------------------------

@register("diagflat", grad_fn="DiagEmbedBackward0", method=True, sample=fixed(
    (((3,),), {}), (((2, 2), 1), {}), (((2,), -2), {})))
def diagflat(input, offset=0):
    """x flattened, placed on a diagonal of a square matrix: d/dx = that diagonal of g"""
    return diag_embed(input.reshape(-1), offset)


@register("sum_to_size", grad_fn="SumBackward1", method=True, function=False, sample=fixed(
    (((3, 4), 1, 4), {}), (((2, 3, 4), [3, 1]), {}), (((2, 3), 3), {})))
def sum_to_size(input, *size):
    """x summed down to `size` (a shape x expands from): d/dx = g expanded back"""
    shape = int_sizes(size, "sum_to_size")
    xs = input._data.shape
    lead = len(xs) - len(shape)
    if lead < 0 or any(s not in (1, n) for s, n in zip(shape, xs[lead:])):
        raise TorchRuntimeError(f"size {{{_shape_str(shape)}}} is not expandable to size "
                                f"{{{_shape_str(xs)}}}.")
    if not shape:
        return _sum(input)
    dims = list(range(lead)) + [lead + i for i, s in enumerate(shape)
                                if s == 1 and xs[lead + i] != 1]
    out = _sum(input, dims, keepdim=True) if dims else input
    return out.view(*shape) if lead else out
