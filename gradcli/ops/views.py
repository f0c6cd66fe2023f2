"""Writing through views: `x[key] = v` and in-place ops on a view of a tensor in the graph.

PyTorch rewrites the history of the view's base: the base gets a `CopySlices` node (its old
value with the view's region replaced by the new values) and the view becomes a gather from
the new base (`AsStridedBackward0`). Both nodes here address the region by flat positions in
the base, found from the view's memory layout, so any chain of views works the same way.
"""
from __future__ import annotations

import numpy as np

from ..autograd.graph import Node
from ..errors import TorchRuntimeError
from .._tensor import Tensor
from .core import _history_copy, apply, wrap


class AsStridedBackward0(Node):
    """d view(base) = g scattered back into the base's shape at the view's positions"""

    def forward(self, base):
        return base.reshape(-1)[self.flat]

    def backward(self, g):
        return apply(AsStridedScatterBackward0, (g,), flat=self.flat, shape=self._in_meta[0][0])


class AsStridedScatterBackward0(Node):
    """d scatter(g) = gg gathered at the positions"""

    def forward(self, g):
        out = np.zeros(int(np.prod(self.shape)), dtype=g.dtype)
        np.add.at(out, self.flat.reshape(-1), np.broadcast_to(g, self.flat.shape).reshape(-1))
        return out.reshape(self.shape)

    def backward(self, gg):
        return apply(AsStridedBackward0, (gg,), flat=self.flat)


class CopySlices(Node):
    """d (base with region := v) = g with the region zeroed for base, g at the region for v"""

    _qualified = True

    def forward(self, base, v):
        out = np.array(base, copy=True, order="C")
        out.reshape(-1)[self.flat] = v
        return out

    def backward(self, g):
        gbase = gv = None
        if self.needs(0):
            mask = np.ones(self._in_meta[0][0], dtype=g._data.dtype)
            mask.reshape(-1)[self.flat] = 0
            gbase = g * wrap(mask)
        if self.needs(1):
            gv = apply(AsStridedBackward0, (g,), flat=self.flat)
        return gbase, gv


class IndexPutBackward0(CopySlices):
    """d (x with x[index] := v) = g with the indexed places zeroed for x, g there for v
    (`x[mask] = v`, `x[[0, 2]] = v`: an index made of tensors and full slices only)"""

    _qualified = False


def positions(view: np.ndarray, base: np.ndarray) -> np.ndarray:
    """For each element of `view`, its flat (C-order) index in the contiguous array `base`."""
    item = base.itemsize
    start = (view.__array_interface__["data"][0] - base.__array_interface__["data"][0]) // item
    pos = np.full(view.shape, start, dtype=np.int64)
    for k, (n, stride) in enumerate(zip(view.shape, view.strides)):
        shape = [1] * view.ndim
        shape[k] = n
        pos = pos + (np.arange(n, dtype=np.int64) * (stride // item)).reshape(shape)
    return pos


def key_positions(shape: tuple, key) -> np.ndarray:
    """The flat positions that `array[key]` selects in an array of `shape`."""
    return np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)[key]


def rebase(base: Tensor, flat: np.ndarray, new_values: Tensor) -> None:
    """Give `base` the history of 'base with positions `flat` replaced by `new_values`'."""
    out = apply(CopySlices, (_history_copy(base), new_values), flat=flat)
    if out.grad_fn is not None:
        base.grad_fn = out.grad_fn
        base._output_nr = 0
        base._requires_grad = True


def inplace_on_view(view: Tensor, compute, write) -> Tensor:
    """An in-place op on a view while grad mode is on: write, then rewrite the histories."""
    base = view._base
    if not base._data.flags.c_contiguous:
        raise TorchRuntimeError("gradcli supports in-place writes through views only for "
                                "contiguous bases; call .contiguous() or .clone() first")
    flat = positions(view._data, base._data)
    out = compute(_history_copy(view))
    write(view, out)
    if out.grad_fn is None and not base._requires_grad:
        return view
    rebase(base, flat, out)
    if base._requires_grad:
        node = apply(AsStridedBackward0, (base,), flat=flat).grad_fn
        view.grad_fn, view._output_nr, view._requires_grad = node, 0, True
    return view
