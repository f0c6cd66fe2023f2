"""Writing through views: `x[key] = v` and in-place ops on a view of a tensor in the graph.

PyTorch rewrites the history of the view's base: the base gets a `CopySlices` node (its old
value with the view's region replaced by the new values) and the view becomes a gather from
the new base (`AsStridedBackward0`). Both nodes here address the region by flat positions in
the base, found from the view's memory layout, so any chain of views works the same way.
"""
from __future__ import annotations

import contextlib

import numpy as np

from .. import dtypes
from ..autograd.graph import (BACKWARD_TWICE, _RELEASED, Node, _SavedOutput, _SavedViewOutput,
                              new_node)
from ..errors import TorchRuntimeError
from .._tensor import Tensor
from .core import (_clone_saved_self, _dual, _history_copy, _save_into, apply,
                   check_quiet_view, wrap)


class RealPositions(np.ndarray):
    """`positions` of a real view (`.real`, `.imag`) of a complex base: flat indices into the
    base's memory read as real numbers (as view_as_real lays it out), the nodes below then
    addressing one part of each complex element, as PyTorch's view replay does."""


def _memory(a: np.ndarray, flat) -> np.ndarray:
    """a, flattened as `flat` indexes it: its real numbers for RealPositions (a copy in C
    order when a is laid out otherwise)."""
    if isinstance(flat, RealPositions):
        a = np.ascontiguousarray(a)
        return a.view(a.real.dtype).reshape(-1)
    return a.reshape(-1)


class AsStridedBackward0(Node):
    """d view(base) = g scattered back into the base's shape at the view's positions"""

    def forward(self, base):
        return _memory(base, self.flat)[self.flat]

    def backward(self, g):
        """PyTorch's as_strided_backward: g summed over the view's dims of stride 0 and
        squeezed of its dims of size 1 (from the last), then copied into zeros at the view's
        positions (a CopySlices) or, when those may overlap, added there (index_add_), read
        back in the input's geometry (an AsStrided). Positions not laid out by strides (a
        chain of views through .real) add up in one node."""
        shape = self._in_meta[0][0]
        flat = self.flat
        steps = None if isinstance(flat, RealPositions) or not flat.size else _steps(flat)
        if steps is None:
            storage = apply(AsStridedScatterBackward0, (g,), flat=flat, shape=shape)
            if isinstance(flat, RealPositions):
                return storage
        else:
            from .reduce import sum as sum_
            from .select import IndexAddBackward0
            from .shape import reshape, squeeze
            for d in range(flat.ndim - 1, -1, -1):
                if flat.shape[d] == 1 or not steps[d]:
                    g = squeeze(g, d) if flat.shape[d] == 1 else sum_(g, d)
                    flat, steps = flat.take(0, axis=d), steps[:d] + steps[d + 1:]
            if _maybe_overlapping(flat.shape, steps):
                zeros = wrap(np.zeros(int(np.prod(shape)), g._data.dtype))
                storage = apply(IndexAddBackward0, (zeros, reshape(g, -1)), dim=0,
                                _extra=flat.reshape(-1))
            else:
                storage = apply(CopySlices, (wrap(np.zeros(shape, g._data.dtype)), g),
                                flat=flat)
        return apply(AsStridedBackward0, (storage,),
                     flat=np.arange(storage._data.size, dtype=np.int64).reshape(shape))


def _steps(flat: np.ndarray) -> list | None:
    """The strides of positions laid out as start + sum(index * stride), None for others."""
    start = int(flat.reshape(-1)[0])
    steps = [int(flat.take(1, axis=d).reshape(-1)[0]) - start if n > 1 else 0
             for d, n in enumerate(flat.shape)]
    laid = np.lib.stride_tricks.as_strided(np.array([start], np.int64), flat.shape,
                                           [0] * flat.ndim)
    laid = laid + sum(np.arange(n).reshape((-1,) + (1,) * (flat.ndim - d - 1)) * st
                      for d, (n, st) in enumerate(zip(flat.shape, steps)))
    return steps if np.array_equal(laid, flat) else None


def _maybe_overlapping(sizes: tuple, steps: list) -> bool:
    """ATen's _maybe_overlapping_memory: whether, dims taken by increasing stride, one's
    stride fails to pass the last position the smaller ones reach (it may not overlap all
    the same: PyTorch then adds, and so does this)."""
    reach = 0
    for d in sorted(range(len(sizes)), key=lambda d: steps[d]):
        if steps[d] <= reach:
            return True
        reach += steps[d] * (sizes[d] - 1)
    return False


class AsStridedScatterBackward0(Node):
    """d scatter(g) = gg gathered at the positions"""

    def forward(self, g):
        real = isinstance(self.flat, RealPositions)       # g: a part of complex numbers
        out = np.zeros(int(np.prod(self.shape)),
                       dtype=np.result_type(g.dtype, np.complex64) if real else g.dtype)
        where, values = self.flat.reshape(-1), np.broadcast_to(g, self.flat.shape).reshape(-1)
        if np.unique(where).size == where.size:     # PyTorch copies g into its place in the
            _memory(out, self.flat)[where] = values  # zeros (a -0 stays) unless the view's
        else:                                       # memory overlaps itself: then it adds
            np.add.at(_memory(out, self.flat), where, values)
        return out.reshape(self.shape)

    def backward(self, gg):
        return apply(AsStridedBackward0, (gg,), flat=self.flat)


class CopySlices(Node):
    """d (base with region := v) = g with the region zeroed for base, g at the region for v.

    After an in-place op on a view it wraps that op's node `fn`, as PyTorch's does: its
    inputs are then the base and fn's inputs but the first (the view's old value), and
    fn's rule runs on g's region, whose gradient for that first input becomes the base's
    gradient there (`wrap_inplace`)."""

    _qualified = True
    fn = None
    expanded = False        # a write into an expanded view: PyTorch's backward refuses it
    # forward AD: the tangent is the write of v's tangent into the base's (PyTorch's
    # `self_t.copy_(values_t)` on the region), so a -0 written stays -0
    linear = True

    def forward(self, base, v):
        out = np.array(base, copy=True, order="C")
        if v.dtype != out.dtype:
            v = dtypes.cast(v, out.dtype)           # as ATen converts (float16: via float32)
        _memory(out, self.flat)[self.flat] = v.reshape(_fitted(v.shape, self.flat.ndim))
        return out

    def backward(self, g):
        """PyTorch's steps, so that create_graph records its nodes: g copied into a new
        tensor shaped as the base (CopyBackwards), the view's region of that (AsStrided)
        cloned is what fn's rule gets (copy_'s rule for a plain write: zeros for the view's
        old value, the region for v), and the rule's gradient for the view's old value is
        copied into the region (a CopySlices) to give the base's gradient."""
        from .inplace import CopyBackwards
        if self.expanded:
            raise TorchRuntimeError(INTERNAL_OVERLAP)
        self._check_indices()
        result = apply(CopyBackwards, (wrap(np.empty(self._in_meta[0][0], g._data.dtype)), g))
        region = apply(AsStridedBackward0, (result,), flat=self.flat).clone()
        if self.fn is not None:
            from ..autograd.engine import run_rule
            grads = run_rule(self.fn, region)
        else:
            grads = (None, self._source_grad(region))
        if not self.needs(0):
            return (None,) + grads[1:]
        old = grads[0] if grads[0] is not None else wrap(np.zeros((), g._data.dtype))
        return (apply(CopySlices, (result, old), flat=self.flat),) + grads[1:]

    def _check_indices(self) -> None:
        """PyTorch's check of the index tensors it saved (`x[i] = v`): one changed in place
        since is refused, as any saved tensor is."""
        for t, version in self.__dict__.get("_watched", ()):
            if t._vnum != version:
                from ..autograd.graph import _modified_message
                raise TorchRuntimeError(_modified_message(t, version, t, self))

    def _source_grad(self, gv: Tensor) -> Tensor:
        """The gradient of v in a plain write: its region of g, summed over the leading
        sizes of 1 that the write dropped."""
        shape = self._in_meta[1][0]
        if len(shape) > gv._data.ndim:
            from .reduce import sum_to
            gv = sum_to(gv, _fitted(shape, gv._data.ndim)).reshape(shape)
        return gv

    def _release(self) -> None:
        super()._release()
        if self.fn is not None:         # a plain write (x[i] = v) wraps no op's node
            self.fn._release()
            # PyTorch's frees the node it wraps, and so its edges: a view's history that
            # only they held (a SavedViewOutput's, weakly) is gone then
            self.fn._next = (None,) * len(self.fn._next)


class IndexPutBackward0(CopySlices):
    """d (x with x[index] := v) = g with the indexed places zeroed for x, g there for v
    (`x[mask] = v`, `x[[0, 2]] = v`: an index made of tensors and full slices only)"""

    _qualified = False
    _extra = ()         # not None: the engine releases the node, as PyTorch frees its indices

    def backward(self, g):
        """PyTorch's: g.index_put(indices, zeros) for x, g[indices] for v"""
        gx = gv = None
        if self.needs(0):
            gx = apply(IndexPutBackward0, (g, wrap(np.zeros((), g._data.dtype))), flat=self.flat)
        if self.needs(1):
            gv = self._source_grad(apply(_IndexBackward0, (g,), flat=self.flat))
        return gx, gv

    @property
    def flat(self):
        """The positions written (the indices), refused once a backward pass released them."""
        if self._extra is _RELEASED:
            raise TorchRuntimeError(BACKWARD_TWICE)
        if "_watched" in self.__dict__:
            self._check_indices()
        return self.__dict__["flat"]

    @flat.setter
    def flat(self, value):
        self.__dict__["flat"] = value


class _IndexBackward0(AsStridedBackward0):
    """d x[indices] = g put back at the indices (the positions of an index_put's indices)"""


_IndexBackward0.__name__ = _IndexBackward0.__qualname__ = "IndexBackward0"


def _fitted(shape: tuple, ndim: int) -> tuple:
    """`shape` without the leading sizes of 1 beyond `ndim` dims (a write x[key] = v drops
    them, as PyTorch's copy_ and index_put_ do)."""
    while len(shape) > ndim and shape[0] == 1:
        shape = shape[1:]
    return shape


def positions(view: np.ndarray, base: np.ndarray):
    """For each element of `view`, its flat (C-order) index in `base`, whose memory it views:
    a contiguous base, or one dense in another order of its dims (the result of an
    elementwise op on a transposed tensor keeps that layout, as PyTorch's does); None for a
    base laid out otherwise."""
    if base.dtype.kind == "c" and view.dtype.kind == "f":       # .real, .imag
        if not base.flags.c_contiguous:
            return None
        return positions(view, base.view(view.dtype)).view(RealPositions)
    if not base.flags.c_contiguous:
        return _dense_positions(view, base)
    item = base.itemsize
    start = (view.__array_interface__["data"][0] - base.__array_interface__["data"][0]) // item
    pos = np.full(view.shape, start, dtype=np.int64)
    for k, (n, stride) in enumerate(zip(view.shape, view.strides)):
        shape = [1] * view.ndim
        shape[k] = n
        pos = pos + (np.arange(n, dtype=np.int64) * (stride // item)).reshape(shape)
    return pos


def _dense_positions(view: np.ndarray, base: np.ndarray):
    """`positions` for a base that is dense in some order of its dims: its C-order indices
    written where its elements lie in memory, then read through view's layout."""
    lay = np.empty_like(base, dtype=np.int64)               # laid out as base is
    scale = lay.itemsize / base.itemsize
    memory = lay.ravel(order="K")
    if lay.strides != tuple(int(s * scale) for s in base.strides) or \
            not np.shares_memory(memory, lay):
        return _strided_positions(view, base)
    lay[...] = np.arange(base.size, dtype=np.int64).reshape(base.shape)
    start = (view.__array_interface__["data"][0] - base.__array_interface__["data"][0]) \
        // base.itemsize
    return np.ndarray(view.shape, np.int64, memory, start * lay.itemsize,
                      tuple(int(s * scale) for s in view.strides)).copy()


def _strided_positions(view: np.ndarray, base: np.ndarray):
    """`positions` for a base with gaps in memory (a column of a matrix, which jvp's make_dual
    or a vmap slice makes a base): each of base's elements found by its byte offset; None
    where base's elements overlap (an expanded base) or view reaches outside of them."""
    def offsets(a):
        at = np.full(a.shape, a.__array_interface__["data"][0], dtype=np.int64)
        for k, (n, stride) in enumerate(zip(a.shape, a.strides)):
            shape = [1] * a.ndim
            shape[k] = n
            at = at + (np.arange(n, dtype=np.int64) * stride).reshape(shape)
        return at
    mine = offsets(base).reshape(-1)
    order = np.argsort(mine, kind="stable")
    known = mine[order]
    if known.size and (np.diff(known) == 0).any():
        return None
    wanted = offsets(view)
    found = np.searchsorted(known, wanted)
    if known.size == 0 or (found >= known.size).any() or \
            (known[np.minimum(found, known.size - 1)] != wanted).any():
        return None
    return order[found]


def key_positions(shape: tuple, key) -> np.ndarray:
    """The flat positions that `array[key]` selects in an array of `shape`."""
    return np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)[key]


def wrap_inplace(base: Tensor, flat: np.ndarray, fn: Node, fn_inputs: tuple) -> None:
    """Give `base` the history CopySlices(base, fn's inputs but the first), wrapping the node
    `fn` of an in-place op on the view at `flat` (see CopySlices)."""
    from . import core
    old = _history_copy(base)
    node = new_node(CopySlices)
    node.flat, node.fn = flat, fn
    if old.grad_fn is not None:
        first, nr = old.grad_fn, old._output_nr
    else:
        first, nr = (old._grad_accumulator() if old._requires_grad else None), 0
    node._next = (first,) + fn._next[1:]
    node._next_nr = (nr,) + fn._next_nr[1:]
    node._in_meta = ((base._data.shape, base._data.dtype),) + fn._in_meta[1:]
    node._extra = ()            # not None: the engine then calls _release, which frees fn's
    for observe in list(core.record_observers):
        observe(node, (old,) + tuple(fn_inputs[1:]))
    _take_history(base, node)


def _take_history(base: Tensor, node) -> None:
    """`base`'s new grad_fn `node`; a retains_grad hook moves to it (PyTorch's does)."""
    base.grad_fn, base._output_nr, base._requires_grad = node, 0, True
    if base._retains_grad:
        base._retain_at_grad_fn()


def _wrappable(out: Tensor, before: Tensor) -> bool:
    """Whether `out` is the result of one node whose first input is the view's old value
    `before` (or, when that needs no gradient, whose first edge is empty): CopySlices can
    then wrap that node, as PyTorch's does."""
    fn = out.grad_fn
    if fn is None or fn.n_outputs != 1 or out._output_nr or not fn._next:
        return False
    if before.grad_fn is None:
        return fn._next[0] is None and not before._requires_grad
    return fn._next[0] is before.grad_fn and fn._next_nr[0] == before._output_nr


def rebase(base: Tensor, flat: np.ndarray, new_values: Tensor) -> None:
    """Give `base` the history of 'base with positions `flat` replaced by `new_values`'."""
    out = apply(CopySlices, (_history_copy(base), new_values), flat=flat)
    if out.grad_fn is not None:
        _take_history(base, out.grad_fn)


def _complex_of_real(view: Tensor, base: Tensor) -> bool:
    return view._data.dtype.kind == "c" and base._data.dtype.kind != "c"


def view_history(view: Tensor, base: Tensor) -> Node:
    """The node that gathers `view` from `base`'s current history: an AsStridedBackward0,
    read as complex numbers (a ViewAsComplexBackward0 over it) for a complex view of real
    numbers, whose positions address both parts of each element; view_as_real of such a
    view replays both (a ViewAsRealBackward0 over that)."""
    if view._data.dtype.kind != "c" and base._data.dtype.kind == "c":
        return _real_view_history(view, base)
    made = view.grad_fn
    if _complex_of_real(view, base):
        from .shape import _complex_view
        return _complex_of(positions(_complex_view(view._data), base._data), base).grad_fn
    flat = positions(view._data, base._data)
    if made is not None and flat is not None and made.name() == "ViewAsRealBackward0":
        from .shape import ViewAsRealBackward0
        return apply(ViewAsRealBackward0, (_complex_of(flat, base),)).grad_fn
    return apply(AsStridedBackward0, (base,), flat=flat).grad_fn


def _complex_of(pairs: np.ndarray, base: Tensor) -> Tensor:
    """The complex numbers whose parts lie at positions `pairs` (a last dim of 2) of real
    `base`, as PyTorch replays view_as_complex: of all of base, of a view of it (an
    AsStridedBackward0 over view_as_complex(base)), or of the region gathered."""
    from .shape import view_as_complex
    if pairs.shape == base._data.shape and \
            np.array_equal(pairs.reshape(-1), np.arange(pairs.size)):
        return view_as_complex(base)
    if base._data.flags.c_contiguous and base._data.shape[-1:] == (2,):
        return apply(AsStridedBackward0, (view_as_complex(base),), flat=pairs[..., 0] // 2)
    return view_as_complex(apply(AsStridedBackward0, (base,), flat=pairs))


def _real_view_history(view: Tensor, base: Tensor) -> Node:
    """`view_history` of real numbers viewing complex ones, as PyTorch replays the views:
    view_as_real of a region of base, as the view's history says (a ViewAsRealBackward0 over
    that region's AsStridedBackward0, or over base itself), else a part of
    view_as_real(base) (`.real`, `.imag`: an AsStridedBackward0 over its
    ViewAsRealBackward0)."""
    from .shape import ViewAsRealBackward0
    flat = positions(view._data, base._data)
    if flat is None or not base._data.flags.c_contiguous:
        return apply(AsStridedBackward0, (base,), flat=flat).grad_fn
    pairs = np.asarray(flat)
    made = view.grad_fn
    if (made is None or made.name() == "ViewAsRealBackward0") and pairs.shape[-1:] == (2,) \
            and not (pairs[..., 0] % 2).any() and np.array_equal(pairs[..., 1], pairs[..., 0] + 1):
        region = pairs[..., 0] // 2
        if region.shape != base._data.shape or \
                not np.array_equal(region.reshape(-1), np.arange(region.size)):
            base = apply(AsStridedBackward0, (base,), flat=region)
        return apply(ViewAsRealBackward0, (base,)).grad_fn
    whole = apply(ViewAsRealBackward0, (base,))
    return apply(AsStridedBackward0, (whole,), flat=pairs).grad_fn


def inplace_on_view(view: Tensor, compute, write) -> Tensor:
    """An in-place op on a view while grad mode is on: write, then rewrite the histories."""
    base = view._base
    flat = positions(view._data, base._data)
    if flat is None:
        raise TorchRuntimeError("gradcli supports in-place writes through views only for "
                                "bases that are dense in memory; call .contiguous() or "
                                ".clone() first")
    before = _history_copy(view)
    with _inputs_seen() as seen:
        out = compute(before)
    if out.grad_fn is not None and not base._requires_grad:
        check_quiet_view(view)
    write(view, out)
    if out.grad_fn is not None:
        _clone_saved_self(out.grad_fn, before)
    if out.grad_fn is None and not base._requires_grad:
        return view
    if out.grad_fn is not None and out.grad_fn.save_output:
        _save_into(out.grad_fn, out, view)     # a later write through base is then caught
    if _complex_of_real(view, base):
        from .shape import ViewAsRealBackward0, _complex_view
        rebase(base, positions(_complex_view(view._data), base._data),
               apply(ViewAsRealBackward0, (out,)))
    elif not _dual[0] and _wrappable(out, before) and (seen is None or out.grad_fn in seen):
        wrap_inplace(base, flat, out.grad_fn, () if seen is None else seen[out.grad_fn])
    else:
        rebase(base, flat, out)
    if base._requires_grad:
        node = view_history(view, base)
        _take_history(view, node)
        if out.grad_fn is not None and out.grad_fn.save_output:
            _keep_view_history(out.grad_fn, view, node)
    return view


def _keep_view_history(fn: Node, view: Tensor, view_fn: Node) -> None:
    """The results `fn` saved that are now `view` (`_save_into`) unpack with the view's new
    history `view_fn` while it lives (PyTorch's is_inplace_on_view SavedVariable)."""
    fn._saved = tuple(_SavedViewOutput(item.tensor, item.output_nr, view_fn)
                      if isinstance(item, _SavedOutput) and item.tensor._data is view._data
                      else item for item in fn._saved)


@contextlib.contextmanager
def _inputs_seen():
    """While others observe recorded nodes (`gradcli graph`, anomaly mode), the inputs of the
    nodes recorded in the block, so a wrapping CopySlices can report its own; else None."""
    from . import core
    if not core.record_observers:
        yield None
        return
    seen: dict = {}
    observe = seen.__setitem__
    core.record_observers.append(observe)
    try:
        yield seen
    finally:
        core.record_observers.remove(observe)


# -- memory overlap: the writes PyTorch refuses -----------------------------------------------
# PyTorch checks a written-to tensor before the kernel runs: against itself (an expanded
# tensor, a stride 0 over more than one element) and against each input (partly the same
# memory). Layouts it cannot judge cheaply (strided, overlapping) go unchecked, as here.

INTERNAL_OVERLAP = ("unsupported operation: more than one element of the written-to tensor "
                    "refers to a single memory location. Please clone() the tensor before "
                    "performing the operation.")
PARTIAL_OVERLAP = ("unsupported operation: some elements of the input tensor and the "
                   "written-to tensor refer to a single memory location. Please clone() the "
                   "tensor before performing the operation.")


def internal_overlap(a: np.ndarray) -> bool:
    """PyTorch's has_internal_overlap(a) == Yes: a dimension of stride 0 and size > 1 (never
    for an empty tensor, whose strides NumPy may leave at 0)."""
    strides = a.strides
    return 0 in strides and a.size > 0 and any(s == 0 and n > 1 for n, s in zip(a.shape, strides))


def _dense(a: np.ndarray) -> bool:
    """is_non_overlapping_and_dense: the elements fill one block of memory exactly, the
    dimensions (those of size > 1) in some order."""
    need = a.itemsize
    for stride, n in sorted((s, n) for n, s in zip(a.shape, a.strides) if n > 1):
        if stride != need:
            return False
        need *= n
    return True


def overlap(a: np.ndarray, b: np.ndarray):
    """PyTorch's get_overlap_status: "full" (the same elements in the same layout),
    "partial" (some memory in common), or None (apart, or too hard to tell)."""
    if a is b:
        return "full"
    if not np.may_share_memory(a, b) or a.size == 0 or b.size == 0 \
            or not (_dense(a) and _dense(b)):
        return None
    a0, b0 = a.__array_interface__["data"][0], b.__array_interface__["data"][0]
    a1, b1 = a0 + a.nbytes, b0 + b.nbytes
    if a0 == b0 and a1 == b1:
        return "full" if _strides(a) == _strides(b) else "partial"
    return "partial" if a0 < b1 and b0 < a1 else None


def _strides(a: np.ndarray) -> tuple:
    # NumPy gives a dimension of size 1 any stride; PyTorch's there would equal
    return a.ndim, tuple(s // a.itemsize for n, s in zip(a.shape, a.strides) if n > 1)


def check_write(out: np.ndarray, inputs=(), full: bool = False) -> None:
    """Refuse writing into `out` when it is expanded, or when one of `inputs` (arrays) shares
    part of its memory (`full`: or all of it, as index_put_ and scatter_ refuse)."""
    if internal_overlap(out):
        raise TorchRuntimeError(INTERNAL_OVERLAP)
    check_inputs(out, inputs, full)


def check_inputs(out: np.ndarray, inputs, full: bool = False) -> None:
    """The input half of `check_write`: no input may share part (or, `full`, any) of out's
    memory."""
    for arr in inputs:
        status = overlap(out, arr)
        if status == "partial" or (full and status == "full"):
            raise TorchRuntimeError(PARTIAL_OVERLAP)


# -- writes into an expanded tensor -----------------------------------------------------------
# PyTorch lets zero_, fill_ with a number, masked_fill_, index_fill_ and index_put_ (the last
# three with a deprecation warning) write into a tensor whose elements share memory, and
# x[key] = v when x[key]'s own elements do not: each element written lands in the one memory
# location it shares with the others, the last one written (in order) staying.

_EXPANDED_WARNING = (
    "Use of {op} on expanded tensors is deprecated. Please clone() the tensor before "
    "performing this operation. This also applies to advanced indexing e.g. {example} "
    "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
    "TensorAdvancedIndexing.cpp:{line}.)")
_EXPANDED_OPS = {"masked_fill_": ("tensor[mask] = scalar", 2450),
                 "index_fill_": ("tensor[mask] = scalar", 1913),
                 "index_put_": ("tensor[indices] = tensor", 976)}


def warn_expanded(op: str) -> None:
    """PyTorch's deprecation warning for `op` writing into an expanded tensor."""
    import warnings
    example, line = _EXPANDED_OPS[op]
    warnings.warn(_EXPANDED_WARNING.format(op=op, example=example, line=line), UserWarning,
                  stacklevel=3)


def write_expanded(self: Tensor, compute, operands=(), accumulate: bool = False,
                   constant: bool = False) -> bool:
    """Write `compute(self)` into the expanded tensor `self` as PyTorch's kernels do, element
    by element into shared memory (`accumulate`: each adding its change): False (nothing
    done) when self is not expanded, or when the write would be recorded in a graph (left
    to the usual refusal) unless its result is a `constant`."""
    from . import core
    from ..autograd import grad_mode
    base, arr = self._base, self._data
    if base is None or not internal_overlap(arr):
        return False
    root = base._data
    if not (root.flags.writeable and root.flags.c_contiguous) or not np.may_share_memory(
            arr, root):
        return False
    if core._enabled[0] and not constant and any(
            isinstance(t, Tensor) and t._requires_grad for t in (self, base, *operands)):
        return False
    pos = positions(arr, root)
    with grad_mode.no_grad():
        out = compute(wrap(arr))._data
    changed = ~((out == arr) | ((out != out) & (arr != arr)))
    memory = root.reshape(-1).copy()
    if accumulate:
        np.add.at(memory, pos[changed], (out - arr)[changed])
    else:
        memory[pos[changed]] = out[changed]         # the last write to a location stays
    start = int(pos.reshape(-1)[0]) if pos.size else 0
    alias = np.lib.stride_tricks.as_strided(root.reshape(-1)[start:], arr.shape, arr.strides,
                                            writeable=True)
    self._data = alias
    try:
        core.inplace(self, lambda before: wrap(memory[pos]))
    finally:
        self._data = arr
    node = base.grad_fn
    if core._enabled[0] and base._requires_grad and type(node) is CopySlices:
        # as PyTorch's, which wraps the constant's node: the base its only input
        node.expanded = True
        node._next, node._next_nr, node._in_meta = (
            node._next[:1], node._next_nr[:1], node._in_meta[:1])
    return True
