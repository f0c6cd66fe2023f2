"""Writing at positions chosen by an index: whole slices along a dim (index_add, index_copy,
index_fill, index_reduce), elements at a tuple of index tensors (index_put) or at flat
indices (put), reductions into positions (scatter_reduce), and reading along a dim with
broadcasting (take_along_dim).

Each keeps PyTorch's node name, its checks in PyTorch's order and wording (the family is not
uniform: index_add takes int32 or int64 indices and refuses negative ones, index_copy wants
int64, index_fill and index_put count negative indices from the end), and a backward rule
written with tensor ops, so second derivatives come from the same rules. A 0-d self or
source counts as 1-D of size 1, as in PyTorch. The in-place forms (`index_add_` ...) are the
out-of-place op written back (`as_methods`, which also words a TypeError for the methods).
"""
from __future__ import annotations

import numpy as np

from .. import amp as _amp
from .. import dtypes
from ..autograd.graph import Node, watched
from ..autograd.hooks import one_cpp_call
from ..fpmath import FMA_DTYPES, fma
from ..errors import TorchIndexError, TorchNotImplementedError, TorchRuntimeError, TorchTypeError
from .._tensor import Tensor
from .core import (_enabled, apply, bf16_op, broadcast_error, check_inplace, inplace, round_op,
                   to_tensor, wrap, wrap_dim)
from .registry import category, fixed, register
from .select import _check_scatter, _index_of, _key, gather, index_select, scatter, \
    scatter_add
from .shape import _shape_str
from .views import INTERNAL_OVERLAP, IndexPutBackward0, check_inputs, internal_overlap, \
    key_positions, warn_expanded, write_expanded

category("selection")


def _legacy(arr: np.ndarray) -> str:
    """PyTorch's scalar type name of an array's dtype (`Float`, `Long` ...)."""
    return wrap(np.empty(0, dtype=arr.dtype)).dtype.legacy


def _along(ndim: int, dim: int, idx: np.ndarray) -> tuple:
    """The key of the slices idx along dim."""
    return (slice(None),) * dim + (idx,) + (slice(None),) * (ndim - dim - 1)


def _out_of_bounds(idx: np.ndarray, size: int, dim: int, lo: int, exc, prefix=""):
    """PyTorch's error for the first index outside [lo, size)."""
    bad = idx[(idx < lo) | (idx >= size)]
    if bad.size:
        raise exc(f"{prefix}index {int(bad[0])} is out of bounds for dimension {dim} with size "
                  f"{size}")


def _slices_grad(g: Tensor, dim: int, idx: np.ndarray, shape: tuple) -> Tensor:
    """g's slices at idx along dim, in the shape of the source that was written there (as
    PyTorch's rule: expand_as the source; a 0-d source takes the 0-d index)."""
    if not shape:
        return index_select(g, dim, wrap(idx.reshape(())))
    return index_select(g, dim, wrap(idx)).expand(shape)


# -- arguments and methods -------------------------------------------------------------------

class PositionedTypeError(TorchTypeError):
    """PyTorch's TypeError for an argument of the wrong type, worded for torch.<op>;
    `as_method` words it for Tensor.<op> or Tensor.<op>_, which do not count self among
    the arguments."""

    def __init__(self, template: str, name: str, pos: int):
        super().__init__(template.format(name=name, pos=pos))
        self.template, self.pos = template, pos

    def as_method(self, name: str) -> TorchTypeError:
        return TorchTypeError(self.template.format(name=name, pos=self.pos - 1))


def tensor_arg(value, name: str, arg: str, pos: int) -> Tensor:
    if not isinstance(value, Tensor):
        raise PositionedTypeError(f"{{name}}(): argument '{arg}' (position {{pos}}) must be "
                                f"Tensor, not {type(value).__name__}", name, pos)
    return value


def as_methods(*names) -> None:
    """Tensor.<name> and the in-place Tensor.<name>_ for each op: the function (written
    back into self for <name>_), with an argument's position in a TypeError counted
    without self, as PyTorch counts it for methods."""
    from ..argparser import checked
    from .registry import REGISTRY
    for name in names:
        # the op unchecked: torch.<name>'s checks count self among the positions
        fn = getattr(REGISTRY[name].fn, "__wrapped__", REGISTRY[name].fn)

        def method(self, *args, _fn=fn, _name=name, **kwargs):
            try:
                return _fn(self, *args, **kwargs)
            except PositionedTypeError as e:
                raise e.as_method(_name) from None

        def method_(self, *args, _fn=getattr(fn, "in_place", fn), _name=name + "_", **kwargs):
            def compute(before):
                return _fn(before, *args, **kwargs)
            try:
                check_inplace(self)
                if _name in _META_FIRST:
                    _meta_checks(_name, self, args, kwargs)
                operands = _memory_check(_name, self, args, kwargs)
                if _name in _EXPANDABLE and write_expanded(
                        self, compute, operands,
                        accumulate=_name == "index_put_" and _accumulates(args, kwargs)):
                    return self
                return inplace(self, compute)
            except PositionedTypeError as e:
                raise e.as_method(_name) from None

        method.__name__ = method.__qualname__ = name
        method.__doc__ = fn.__doc__
        setattr(Tensor, name, checked(method, name, True))
        method_.__doc__ = f"in-place {name}"
        register(name + "_", method=True, function=False, differentiable=False)(method_)


_EXPANDABLE = ("index_put_", "index_fill_")      # they write an expanded tensor, and warn


def _accumulates(args, kwargs) -> bool:
    """index_put_'s accumulate."""
    return bool(args[2] if len(args) > 2 else kwargs.get("accumulate", False))


# index ops whose structured kernel's meta function (put_'s own start) checks the arguments
# before its implementation checks memory (an expanded self of the wrong shape is refused for
# its shape)
_META_FIRST = ("index_add_", "index_reduce_", "put_")


def _meta_checks(name: str, self: Tensor, args, kwargs) -> None:
    if name == "put_":
        given = dict(zip(("index", "source"), args), **kwargs)
        if "index" in given and "source" in given:
            _put_args(self, given["index"], given["source"])
        return
    given = dict(zip(("dim", "index", "source", "reduce"), args), **kwargs)
    needed = ("dim", "index", "source") + (("reduce",) if name == "index_reduce_" else ())
    if any(k not in given for k in needed):
        return                                  # (the op's own refusal)
    if name == "index_reduce_":
        _check_reduce(given["reduce"])
    _slices_args(self, given["dim"], given["index"], given["source"], name[:-1])


def _memory_check(name: str, self: Tensor, args, kwargs) -> list:
    """PyTorch's refusal of an index op writing into an expanded tensor (index_put_ and
    index_fill_ only warn) or into the memory of one of its inputs, partly or wholly
    (index_fill_ looks at its index only, and not when it warns; index_put_ of a single
    value under one bool mask is masked_fill_'s, which looks at the mask alone, and warns
    too): its tensor operands."""
    operands = [t for t in (*args, *kwargs.values()) if isinstance(t, Tensor)]
    expanded = internal_overlap(self._data)
    if expanded and name in _EXPANDABLE:
        warn_expanded(name)
    elif expanded:
        raise TorchRuntimeError(INTERNAL_OVERLAP)
    if name == "index_fill_":           # (its index alone, when self is not expanded)
        index = args[1] if len(args) > 1 else kwargs.get("index")
        if not expanded and isinstance(index, Tensor):
            check_inputs(self._data, (index._data,), full=True)
        return operands
    if name == "index_put_":
        given = list(args) + list(kwargs.values())
        indices = given[0] if given and isinstance(given[0], (tuple, list)) else ()
        values = given[1] if len(given) > 1 else None
        mask = indices[0] if len(indices) == 1 else None
        if (not _accumulates(args, kwargs) and isinstance(mask, Tensor)
                and mask._data.dtype == np.bool_ and isinstance(values, Tensor)
                and values._data.size == 1):
            if expanded:
                warn_expanded("masked_fill_")
            check_inputs(self._data, (mask._data,))
            return operands
        operands += [t for t in indices if isinstance(t, Tensor)]
    check_inputs(self._data, [t._data for t in operands], full=True)
    return operands


# -- index_add --------------------------------------------------------------------------------

_FMA_SLICES = 4096      # index_add's slice-by-slice fused path up to this many slices


class IndexAddBackward0(Node):
    """d index_add(x, dim, index, src, alpha) = g for x, alpha * g's slices at index for src"""

    save_inputs, saved_if = (1,), ((1,),)   # as PyTorch's: source, when it needs a gradient
    #                                          (its shape is all the rule reads)

    def forward(self, x, src):
        out = np.array(x, copy=True).reshape(x.shape or (1,))
        source = src.reshape(src.shape or (1,))
        index = np.reshape(self._extra, -1)
        if bf16_op[0] and (self.alpha != 1 or out.ndim == 1) and index.size <= _FMA_SLICES:
            # bfloat16/float16 (but for a plain add of slices, summed in float): each slice
            # added in the dtype, one after another, src * alpha rounded to it first
            alpha = np.float32(round_op(np.float32(self.alpha)))
            dim = self.dim if out.ndim else 0
            for i, j in enumerate(index.tolist()):
                target = (slice(None),) * dim + (j,)
                step = round_op(np.take(source, i, axis=dim).astype(np.float32) * alpha)
                out[target] = round_op(out[target] + step)
            return out.reshape(x.shape)
        if self.alpha != 1 and out.dtype in FMA_DTYPES and source.dtype == out.dtype \
                and index.size <= _FMA_SLICES:
            # ATen adds each slice as add_(slice, alpha=alpha): fma(src, alpha, self), the
            # slices one after another (a repeated index adds up in order)
            alpha = out.dtype.type(self.alpha)
            dim = self.dim if out.ndim else 0
            for i, j in enumerate(index.tolist()):
                target = (slice(None),) * dim + (j,)
                out[target] = fma(np.take(source, i, axis=dim), alpha, out[target])
            return out.reshape(x.shape)
        add = source * np.asarray(self.alpha).astype(x.dtype)
        np.add.at(out, _along(out.ndim, self.dim, self._extra), add.astype(x.dtype))
        return out.reshape(x.shape)

    def backward(self, g):
        gs = None
        if self.needs(1):
            self.saved      # (unpacked, as PyTorch's formula unpacks source: refused if changed)
            gs = _slices_grad(g, self.dim, self.extra, self._in_meta[1][0])
            gs = gs if self.alpha == 1 else gs * self.alpha
        return (g if self.needs(0) else None), gs


def _vector_index(index, name: str) -> np.ndarray:
    arr = to_tensor(index)._data
    if arr.ndim > 1:
        raise TorchIndexError(f"{name}(): Index is supposed to be a vector, but got dim: "
                              f"{arr.ndim} with type: {_legacy(arr)} and size: "
                              f"{_shape_str(arr.shape)}")
    return arr.reshape(-1)


def _check_source(x: np.ndarray, src: np.ndarray, dim: int, n: int, name: str) -> None:
    """index_add's and index_reduce's checks of source against self and the index, in
    PyTorch's order."""
    if dim and dim >= src.ndim:
        raise TorchRuntimeError(f"{name}(): Indexing dim {dim} is out of bounds of the source "
                                f"tensor with dim {src.ndim}")
    if src.dtype != x.dtype:
        raise TorchRuntimeError(f"{name}(): self ({_legacy(x)}) and source ({_legacy(src)}) "
                                f"must have the same scalar type")
    count = src.shape[dim] if src.ndim else 1
    if n != count:
        raise TorchRuntimeError(f"{name}(): Number of indices ({n}) should be equal to "
                                f"source.size(dim): ({count}), for dim: {dim}")
    xs, ss = x.shape, src.shape
    if len(xs) != len(ss) or any(a != b for k, (a, b) in enumerate(zip(xs, ss)) if k != dim):
        raise TorchRuntimeError(f"source tensor shape must match self tensor shape, excluding "
                                f"the specified dimension. Got self.shape = {_shape_str(xs)} "
                                f"source.shape = {_shape_str(ss)}")


def _slices_args(input, dim, index, source, name: str):
    """(x, source, dim, index) of index_add and index_reduce, after PyTorch's checks in its
    order: source a tensor, the dim, a 1-D int32/int64 index, source's shape."""
    x, src = input._data, tensor_arg(source, name, "source", 4)._data
    d = wrap_dim(dim, x.ndim)
    idx = _vector_index(index, name + "_")
    if idx.dtype not in (np.int32, np.int64):
        raise TorchRuntimeError(f"{name}_(): Expected dtype int32/int64 for index but got: "
                                f"{_legacy(idx)}")
    _check_source(x, src, d, idx.size, name + "_")
    return x, src, d, idx


@register("index_add", grad_fn="IndexAddBackward0", method=True, sample=fixed(
    (((3, 4), 1, np.array([0, 2, 0]), (3, 3)), {}),
    (((3, 2), 0, np.array([2, 1]), (2, 2)), {"alpha": -1.5}),
    (((), 0, np.array([0]), ()), {})))
def index_add(input, dim, index, source, *, alpha=1):
    """x with alpha * source's slices added at index along dim (repeats add up):
    d/dx = g, d/dsource = alpha * g's slices at index"""
    x, src, d, idx = _slices_args(input, dim, index, source, "index_add")
    size = x.shape[d] if x.ndim else 1
    if x.ndim <= 1 and ((idx < 0) | (idx >= size)).any():     # PyTorch's 1-d loop's check
        raise TorchIndexError("index out of range in self")
    _out_of_bounds(idx, size, d, 0, TorchRuntimeError)
    if alpha.__class__ is complex:      # (read into self's dtype, checked: no imaginary part)
        dtypes.checked_scalar(alpha, x.dtype)
    return apply(IndexAddBackward0, (input, to_tensor(source)), dim=d, alpha=alpha,
                 _extra=idx.astype(np.int64), as_given={"dim": dim})


# -- index_copy -------------------------------------------------------------------------------

class IndexCopyBackward0(Node):
    """d index_copy(x, dim, index, src) = g zeroed at index for x, g's slices there for src"""

    save_inputs, saved_if = (1,), ((1,),)   # as PyTorch's: source, when it needs a gradient

    def forward(self, x, src):
        out = np.array(x, copy=True).reshape(x.shape or (1,))
        out[_along(out.ndim, self.dim, self._extra)] = src.reshape(src.shape or (1,))
        return out.reshape(x.shape)

    def backward(self, g):
        idx = self.extra
        gx = gs = None
        if self.needs(0):
            gx = index_fill(g, self.dim, wrap(idx), 0)
        if self.needs(1):
            self.saved      # (unpacked, as PyTorch's formula unpacks source: refused if changed)
            gs = _slices_grad(g, self.dim, idx, self._in_meta[1][0])
        return gx, gs


def _check_copy(x: np.ndarray, src: np.ndarray, dim: int, idx: np.ndarray) -> None:
    """index_copy_'s checks, in PyTorch's order."""
    if idx.ndim > 1:
        raise TorchIndexError(f"index_copy_(): Index should have dimension 1 or 0 (got "
                              f"{idx.ndim})")
    n = idx.size
    if src.ndim == 0 and n != 1:
        raise TorchIndexError(f"index_copy_(): When source is scalar, index should have one "
                              f"element (got {n})")
    if src.ndim != x.ndim and src.ndim and x.ndim:
        raise TorchIndexError(f"index_copy_(): When source and destination are not scalars, "
                              f"their dimensionality must match. Source dimensionality "
                              f"({src.ndim}), destination dimensionality ({x.ndim})")
    if idx.dtype != np.int64:
        raise TorchRuntimeError(f"index_copy_(): Expected a long tensor for index, but got "
                                f"{_legacy(idx)}")
    if x.dtype != src.dtype:
        raise TorchRuntimeError(f"index_copy_(): self and source expected to have the same "
                                f"dtype, but got (self) {_legacy(x)} and (source) "
                                f"{_legacy(src)}")
    xs = x.shape[:dim] + x.shape[dim + 1:]
    ss = src.shape[:dim] + src.shape[dim + 1:]
    if xs != ss:
        raise TorchRuntimeError(f"index_copy_(): Source/destination tensor must have same "
                                f"slice shapes. Destination slice shape: "
                                f"{' '.join(map(str, xs))} at dimension {dim} and source slice "
                                f"shape: {' '.join(map(str, ss))} at dimension 0.")
    if src.ndim and n != src.shape[dim]:
        raise TorchIndexError(f"index_copy_(): Number of indices ({n}) should be equal to "
                              f"source.size(dim) ({src.shape[dim]})")
    _out_of_bounds(idx, x.shape[dim] if x.ndim else 1, dim, 0, TorchIndexError, "index_copy_(): ")


@register("index_copy", grad_fn="IndexCopyBackward0", method=True, sample=fixed(
    (((3, 4), 1, np.array([3, 0]), (3, 2)), {}),
    (((3, 2), 0, np.array([2]), (1, 2)), {})))
def index_copy(input, dim, index, source):
    """x with source's slices written at index along dim:
    d/dx = g zeroed at index, d/dsource = g's slices at index"""
    source = tensor_arg(source, "index_copy", "source", 4)
    if _amp.CPU_ON[0]:          # in PyTorch's CPU autocast promote list (not index_copy_)
        input, source = _amp.cast_inputs(_amp.PROMOTE, (input, source))
    return _index_copy(input, dim, index, source)


def _index_copy(input, dim, index, source):
    """index_copy past autocast: index_copy_'s computation (`as_methods`)"""
    x, src = input._data, tensor_arg(source, "index_copy", "source", 4)._data
    d = wrap_dim(dim, x.ndim)
    idx = to_tensor(index)._data
    _check_copy(x, src, d, idx)
    return apply(IndexCopyBackward0, (input, to_tensor(source)), dim=d,
                 _extra=idx.reshape(-1), as_given={"dim": dim})


index_copy.in_place = _index_copy


# -- index_fill -------------------------------------------------------------------------------

class IndexFillBackward0(Node):
    """d index_fill(x, dim, index, v) = g zeroed at index  (v a number)"""

    def forward(self, x):
        out = np.array(x, copy=True).reshape(x.shape or (1,))
        out[_along(out.ndim, self.dim, self._extra)] = np.asarray(self.value).astype(x.dtype)
        return out.reshape(x.shape)

    def backward(self, g):
        return index_fill(g, self.dim, wrap(self.extra), 0)


class IndexFillBackward1(Node):
    """d index_fill(x, dim, index, v) = g zeroed at index for x, the sum of g's slices at
    the (distinct) indices for v  (v a 0-d tensor)"""

    def forward(self, x, v):
        out = np.array(x, copy=True).reshape(x.shape or (1,))
        out[_along(out.ndim, self.dim, self._extra)] = v.astype(x.dtype)
        return out.reshape(x.shape)

    def backward(self, g):
        idx = self.extra
        gx = index_fill(g, self.dim, wrap(idx), 0) if self.needs(0) else None
        gv = None
        if self.needs(1):
            g1 = g.reshape(1) if g._data.ndim == 0 else g
            gv = index_select(g1, self.dim, wrap(np.unique(idx))).sum()
        return gx, gv


@register("index_fill", grad_fn="IndexFillBackward0", method=True, sample=fixed(
    (((3, 4), 1, np.array([3, -4]), 1.5), {}),
    (((3, 2), 0, np.array([2, 0, 2]), ()), {})))
def index_fill(input, dim, index, value):
    """x with the slices at index along dim set to value: d/dx = g zeroed there,
    d/dvalue = the sum of g there

    A 0-d tensor value records IndexFillBackward1 (it then gets a gradient)."""
    x = input._data
    d = wrap_dim(dim, x.ndim)
    idx = to_tensor(index)._data
    if isinstance(value, Tensor) and value._data.ndim:
        raise TorchRuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but "
                                f"got tensor with {value._data.ndim} dimension(s).")
    if idx.dtype != np.int64:
        raise TorchIndexError("index_fill_(): Expected dtype int64 for index.")
    if idx.ndim > 1:
        raise TorchRuntimeError("Index has to be a vector/scalar")
    number = value._data.item() if isinstance(value, Tensor) else value
    if isinstance(number, complex) and x.dtype.kind != "c":
        raise TorchRuntimeError("index_fill_(): Converting complex Scalar to non-complex type "
                                "is not supported")
    dtypes.checked_scalar(number, x.dtype)  # c10's conversion of the value (a 0-d's item),
    size = x.shape[d] if x.ndim else 1      # before the kernel checks the indices
    idx = idx.reshape(-1)
    _out_of_bounds(idx, size, d, -size, TorchIndexError)
    idx = idx % max(size, 1)
    if isinstance(value, Tensor):
        return apply(IndexFillBackward1, (input, value), dim=d, _extra=idx,
                     as_given={"dim": dim})
    return apply(IndexFillBackward0, (input,), dim=d, value=value, _extra=idx,
                 as_given={"dim": dim})


# -- index_put --------------------------------------------------------------------------------

class IndexPutAccumulate(IndexPutBackward0):
    """d index_put(x, indices, v, accumulate=True) = g for x, g at the indexed places for v"""

    def forward(self, base, v):
        out = np.array(base, copy=True, order="C")
        np.add.at(out.reshape(-1), self.flat.reshape(-1),
                  np.broadcast_to(v, self.flat.shape).reshape(-1))
        return out

    def backward(self, g):
        self._check_indices()           # (PyTorch unpacks its saved indices first)
        gv = None
        if self.needs(1):
            from .views import AsStridedBackward0
            gv = apply(AsStridedBackward0, (g,), flat=self.flat)
        return (g if self.needs(0) else None), gv


class IndexPutReplace(IndexPutBackward0):
    """d index_put(x, indices, v) = g with zeros put at the indices for x (PyTorch's
    index_put of g, so its graph), g at the indices for v"""

    def backward(self, g):
        self._check_indices()
        gx = gv = None
        if self.needs(0):
            zeros = wrap(np.zeros(self.flat.shape, dtype=g._data.dtype))
            gx = apply(IndexPutReplace, (g, zeros), flat=self.flat)
        if self.needs(1):
            from .views import AsStridedBackward0
            gv = apply(AsStridedBackward0, (g,), flat=self.flat)
        return gx, gv


for _cls in (IndexPutAccumulate, IndexPutReplace):
    _cls.__name__ = _cls.__qualname__ = "IndexPutBackward0"


def _index_put_key(x: Tensor, indices, values: Tensor, accumulate: bool) -> tuple:
    """The tuple of index arrays of index_put, checked as PyTorch checks it, and whether it
    takes the masked_fill path. A 0-d mask selects all or nothing on that path; elsewhere
    ATen's expandTensors makes no index of it (True or False: as if it were not there)."""
    if isinstance(indices, Tensor) or not isinstance(indices, (tuple, list)):
        raise PositionedTypeError(f"{{name}}(): argument 'indices' (position {{pos}}) must be "
                                f"tuple of Tensors, not {type(indices).__name__}",
                                "index_put", 2)
    for i, k in enumerate(indices):
        if not isinstance(k, Tensor):
            raise PositionedTypeError(f"expected Tensor as element {i} in argument {{pos}}, but "
                                    f"got {type(k).__name__}", "index_put", 1)
    masked_fill = _masked_fill_path(indices, values, accumulate)
    arrays = [k._data for k in indices]
    _check_index_arrays(arrays, x._data.shape)
    key, at = [], 0
    for a in arrays:
        if a.dtype.kind in "bu":
            if a.ndim or masked_fill:
                key.extend(np.nonzero(a) if a.ndim else (a.astype(bool),))
            at += a.ndim
        else:
            size = x._data.shape[at]
            _out_of_bounds(a, size, at, -size, TorchIndexError)
            key.append(a % max(size, 1))
            at += 1
    try:
        np.broadcast_shapes(*[k.shape for k in key])
    except ValueError:
        raise TorchIndexError(f"shape mismatch: indexing tensors could not be broadcast "
                              f"together with shapes {', '.join(_shape_str(k.shape) for k in key)}"
                              ) from None
    return tuple(key), masked_fill


def _check_index_arrays(arrays: list, shape: tuple) -> None:
    """index_put's checks of its index arrays' dtypes, mask shapes and count."""
    if any(a.dtype.kind not in "biu" or a.dtype.itemsize > 1 and a.dtype.kind == "u"
           or a.dtype.kind == "i" and a.dtype.itemsize < 4 for a in arrays):
        raise TorchIndexError("tensors used as indices must be long, int, byte or bool tensors")
    at = 0
    for a in arrays:
        if a.dtype.kind in "bu":
            _check_mask(a, shape, at)
        at += a.ndim if a.dtype.kind in "bu" else 1
    if at > len(shape):
        raise TorchIndexError(f"too many indices for tensor of dimension {len(shape)} (got "
                              f"{at})")


def _masked_fill_path(indices, values: Tensor, accumulate: bool) -> bool:
    """Whether PyTorch's index_put_ hands the write to masked_fill_ (with values.item()):
    no accumulation, a one-element value, and at most one index tensor, a mask."""
    masks = [k for k in indices if k._data.dtype == np.bool_ or k._data.dtype == np.uint8]
    return not accumulate and values._data.size == 1 and len(masks) == len(indices) <= 1


def _byte_masks(indices, values: Tensor, accumulate: bool) -> None:
    """PyTorch's word on uint8 masks: refused where it takes the masked_fill_ path,
    deprecated elsewhere."""
    if not any(k._data.dtype == np.uint8 for k in indices):
        return
    if _masked_fill_path(indices, values, accumulate):
        raise TorchRuntimeError("masked_fill_ only supports boolean masks, but got mask with "
                                "dtype unsigned char")
    import warnings
    warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype "
                  "torch.bool instead. (Triggered internally at /__w/pytorch/pytorch/aten/src/"
                  "ATen/native/IndexingUtils.h:37.)", UserWarning, stacklevel=3)


def _check_mask(mask: np.ndarray, shape: tuple, at: int) -> None:
    for j, n in enumerate(mask.shape):
        if at + j < len(shape) and n != shape[at + j]:
            raise TorchIndexError(f"The shape of the mask {_shape_str(mask.shape)} at index {j} "
                                  f"does not match the shape of the indexed tensor "
                                  f"{_shape_str(shape)} at index {at + j}")


@register("index_put", grad_fn="IndexPutBackward0", method=True, sample=fixed(
    (((3, 4), (np.array([0, 2, 0]), np.array([1, 3, 1])), (3,)), {"accumulate": True}),
    (((3, 4), (np.array([2, 0]),), (4,)), {}),
    (((3, 4), (np.array([True, False, True]),), (2, 1)), {"accumulate": True})))
def index_put(input, indices, values, accumulate=False):
    """x with values written (or, accumulate=True, added) at x[indices]:
    d/dx = g (zeroed at the indices unless accumulating), d/dvalues = g at the indices"""
    tensor_arg(values, "index_put", "values", 3)
    key, masked_fill = _index_put_key(input, indices, values, accumulate)
    _byte_masks(indices, values, accumulate)
    if masked_fill and not indices:     # masked_fill_ with no mask at all
        raise TorchRuntimeError("sym_strides() called on an undefined Tensor")
    flat = key_positions(input._data.shape, key)
    if masked_fill:                     # (the value as a number: any shape, any dtype)
        if values._data.ndim or values._data.dtype != input._data.dtype:
            values = values.reshape(()).to(input.dtype)
    elif not _expandable(values._data.shape, flat.shape):
        raise TorchRuntimeError(f"shape mismatch: value tensor of shape "
                                f"{_shape_str(values._data.shape)} cannot be broadcast to "
                                f"indexing result of shape {_shape_str(flat.shape)}")
    elif values._data.dtype != input._data.dtype:
        raise TorchRuntimeError(f"Index put requires the source and destination dtypes match, "
                                f"got {input.dtype.legacy} for the destination and "
                                f"{values.dtype.legacy} for the source.")
    if not key:                         # the CPU kernel's assertion, with no index tensors
        raise TorchRuntimeError('ntensor >= 3 INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/'
                                'aten/src/ATen/native/cpu/IndexKernelUtils.h":8, please report'
                                ' a bug to PyTorch. ')
    cls = IndexPutAccumulate if accumulate else IndexPutReplace
    return apply(cls, (input, values), flat=flat, _watched=watched(*indices))


def _expandable(shape: tuple, target: tuple) -> bool:
    """ATen's is_expandable_to: `shape` broadcasts to `target` without new leading sizes
    (index_put_ called directly drops no leading 1s, as x[key] = v does)."""
    return len(shape) <= len(target) and all(
        n in (1, m) for n, m in zip(shape[::-1], target[::-1]))


# -- scatter_reduce ---------------------------------------------------------------------------

_REDUCE = {"sum": np.add, "prod": np.multiply, "mean": np.add, "amax": np.maximum,
           "amin": np.minimum}
# the old spellings ATen's get_reduction_enum still takes (the backward refuses them)
_LEGACY = {"max": "amax", "min": "amin"}


def _identity(reduce: str, dtype) -> np.ndarray:
    """The value a position starts from when include_self=False."""
    if reduce in ("amax", "amin"):
        if dtype.kind == "b":
            return np.asarray(reduce == "amin")
        big = np.inf if dtype.kind == "f" else np.iinfo(dtype).max
        return np.asarray(-big if reduce == "amax" else big).astype(dtype)
    return np.asarray(1 if reduce == "prod" else 0).astype(dtype)


def _stepwise_at(ufunc, out: np.ndarray, key: tuple, values, dim: int) -> None:
    """ufunc.at(out, key, values) with each step rounded to the dtype of the bfloat16 or
    float16 op running (in float32), the index's slices along dim one after another (no two
    positions of a slice meet): index_reduce's kernel, which accumulates in the dtype."""
    key = np.broadcast_arrays(*key)
    values = np.broadcast_to(values, key[0].shape)
    for j in range(key[0].shape[dim]):
        at = (slice(None),) * dim + (j,)
        k = tuple(a[at] for a in key)
        out[k] = round_op(ufunc(out[k], values[at]))


def _reduce_into(x, dim, index, src, reduce, include_self, stepwise=False):
    """x with src's values (over index's region) reduced into the index positions (rounded
    at each step with `stepwise`, on bfloat16 and float16)."""
    if index.size == 0:
        return x.copy()
    out = np.atleast_1d(x).copy()
    key = _key(np.atleast_1d(index), dim)
    region = tuple(slice(0, n) for n in (index.shape or (1,)))
    s = np.atleast_1d(src)[region]
    if not include_self:
        out[key] = _identity(reduce, out.dtype)
    if stepwise and bf16_op[0]:
        _stepwise_at(_REDUCE[reduce], out, key, s, dim)
    else:
        _REDUCE[reduce].at(out, key, s)
    if reduce == "mean":
        count = np.full(out.shape, int(include_self), dtype=np.int64)
        np.add.at(count, key, 1)
        count[count == 0] = 1
        if bf16_op[0]:          # (the sum is stored in the dtype before the division)
            out = round_op(out)
        out = out / count if out.dtype.kind in "fc" else np.floor_divide(out, count)
    return out.reshape(x.shape).astype(x.dtype)


class ScatterReduceBackward0(Node):
    """d scatter_reduce(x, dim, index, src, reduce): sum: g, g gathered; mean: both over the
    count of each position; prod: g * result over the factor (zeros handled apart); amax and
    amin: g shared evenly among the values equal to the result"""

    save_inputs = (0, 1)
    save_output = True
    stepwise = False        # (index_reduce's kernel accumulates bfloat16/float16 in the dtype)

    def forward(self, x, src):
        return _reduce_into(x, self.dim, self._extra, src, _LEGACY.get(self.reduce, self.reduce),
                            self.include_self, self.stepwise)

    def backward(self, g):
        if self.reduce in _LEGACY:
            raise TorchRuntimeError(f"Expected 'reduce' to be one of 'sum', 'prod', 'mean', "
                                    f"'amax', 'amin' but got {self.reduce}.")
        x, src, out = self.saved
        idx = wrap(self.extra)
        # src whole even where index is smaller: PyTorch's rules broadcast it with index-shaped
        # terms (prod, amax, amin: its broadcast error, or src's full shape where index is 1)
        gx, gs = _REDUCE_GRAD[self.reduce](self, g, x, src, out, idx)
        if not self.include_self:
            gx = self._clear(gx, idx)
        if self.needs(1):
            gs = _gather_grad_like(self, gs)
        return (gx if self.needs(0) else None), (gs if self.needs(1) else None)

    def jvp(self, inputs, tangents, out):
        """PyTorch leaves "prod"'s tangent undefined (none); the others take the general
        rule"""
        from ..autograd import forward_ad
        if self.reduce in ("amax", "amin"):
            return self._extreme_jvp(inputs, tangents, out)
        return forward_ad.NO_TANGENT if self.reduce == "prod" else NotImplemented

    def _extreme_jvp(self, inputs, tangents, out):
        """amax/amin: the tangents of the values equal to the result, averaged (x's only
        where it took part: not at the written positions without include_self)"""
        from .creation import zeros_like
        x, src = inputs
        tx = zeros_like(x) if tangents[0] is None else tangents[0]
        ts = zeros_like(src) if tangents[1] is None else tangents[1]
        d, idx = self.dim, wrap(self.extra)
        x_is = (x == out).to(tx.dtype)
        if not self.include_self:
            x_is = scatter(x_is, d, idx, 0.0)
        src_is = (src == gather(out, d, idx)).to(tx.dtype)
        n = scatter_add(x_is, d, idx, src_is)
        return scatter_add(tx * x_is, d, idx, ts * src_is) / n

    def _clear(self, gx, idx):
        """gx zeroed at the positions written (their old values did not count)."""
        return scatter(gx, self.dim, idx, 0.0)


def _gather_grad_like(node, gs: Tensor) -> Tensor:
    """The src gradient (index-shaped) checked against src's shape as PyTorch does."""
    shape = node._in_meta[1][0]
    if (gs._data.shape or (1,)) != (shape or (1,)):
        raise TorchRuntimeError(f"Function {node.name()} returned an invalid gradient at index 1"
                                f" - got {_shape_str(gs._data.shape)} but expected shape "
                                f"compatible with {_shape_str(shape)}")
    return gs if gs._data.shape == shape else gs.reshape(shape)


def _grad_sum(node, g, x, src, out, idx):
    return g, gather(g, node.dim, idx)


def _grad_mean(node, g, x, src, out, idx):
    from .creation import ones_like, zeros_like
    n = ones_like(g) if node.include_self else zeros_like(g)
    n = scatter_add(n, node.dim, idx, ones_like(src))
    n = n.masked_fill(n == 0, 1)
    return g / n, gather(g, node.dim, idx) / gather(n, node.dim, idx)


def _grad_prod(node, g, x, src, out, idx):
    from .creation import zeros_like
    from .activation import where
    d, inc = node.dim, node.include_self
    masked_x = x.masked_fill(x == 0, 1)
    gx = g * scatter_reduce(masked_x, d, idx, src, "prod", include_self=inc) / masked_x
    src_zero = src == 0
    zeros = scatter_add(zeros_like(x), d, idx, src_zero.to(x.dtype)).detach()
    single = src_zero & (gather(zeros, d, idx) == 1)
    masked_src = src.masked_fill(single, 1)
    masked_out = scatter_reduce(x, d, idx, masked_src, "prod", include_self=inc)
    right = src.masked_fill(src_zero, 1)        # at::where's arguments, last to first
    right = gather(g * out, d, idx) / right
    gs = where(single, gather(g * masked_out, d, idx), right)
    if _enabled[0] and bool((gather(zeros, d, idx) > 1).any()):
        from ..autograd.graph import Error      # PyTorch's DelayedError: no double backward
        gs = apply(Error, (gs,), value=gs._data, message=(
            "scatter_reduce(): Double backward is unsupported for src when >1 zeros in src "
            "are scattered to the same position in self"))
    return gx, gs


def _grad_extreme(node, g, x, src, out, idx):
    d = node.dim
    value = gather(out, d, idx)
    x_is = (x == out).to(x.dtype)
    src_is = (src == value).to(x.dtype)
    share = g / scatter_add(x_is, d, idx, src_is)
    return x_is * share, src_is * gather(share, d, idx)


_REDUCE_GRAD = {"sum": _grad_sum, "mean": _grad_mean, "prod": _grad_prod,
                "amax": _grad_extreme, "amin": _grad_extreme}


@register("scatter_reduce", grad_fn="ScatterReduceBackward0", method=True, sample=fixed(
    (((2, 3), 1, np.array([[2, 0, 2], [1, 1, 1]]), (2, 3), "sum"), {}),
    (((3, 2), 0, np.array([[1, 0], [1, 1]]), (2, 2), "prod"), {}),
    (((3, 2), 0, np.array([[1, 0], [1, 1]]), (2, 2), "prod"), {"include_self": False}),
    (((2, 3), 1, np.array([[2, 0, 2], [1, 1, 0]]), (2, 3), "mean"), {}),
    (((2, 3), 1, np.array([[2, 0, 2], [1, 1, 0]]), (2, 3), "mean"), {"include_self": False}),
    (((2, 3), 1, np.array([[2, 0, 2], [1, 1, 0]]), (2, 3), "amax"), {}),
    (((4,), 0, np.array([3, 0, 3]), (3,), "amin"), {"include_self": False})))
def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """src's values reduced (sum, prod, mean, amax, amin; max and min are amax and amin
    without a derivative) into x at the index positions; with include_self=False the
    positions written start empty"""
    if _LEGACY.get(reduce, reduce) not in _REDUCE:
        raise TorchRuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, "
                                f"got {reduce}")
    src = tensor_arg(src, "scatter_reduce", "src", 4)
    idx = _index_of(index, "scatter")
    d = wrap_dim(dim, input._data.ndim)
    _check_scatter(input._data, d, idx, src._data)
    kind, name = input._data.dtype.kind, _LEGACY.get(reduce, reduce)
    if reduce == "mean" and kind == "b" or name in ("amax", "amin") and kind == "c":
        raise TorchNotImplementedError(f'"scatter_gather_tensor_cpu_reduce_{name}" not '
                                       f"implemented for '{input.dtype.legacy}'")
    return apply(ScatterReduceBackward0, (input, src), dim=d, reduce=reduce,
                 include_self=bool(include_self), _extra=idx)


# -- take_along_dim ---------------------------------------------------------------------------

@register("take_along_dim", grad_fn="GatherBackward0", method=True, sample=fixed(
    (((3, 4), np.array([[0], [3], [1]]), 1), {}),
    (((3, 4), np.array([[2, -1]]), 1), {}),
    (((2, 3), np.array([5, 0, 5])), {})))
def take_along_dim(input, indices, dim=None):
    """x read at indices along dim, x and indices broadcast over the other dims (indices
    taken modulo the size); flattened when dim is None: d/dx = g added back there"""
    idx = to_tensor(indices)
    arr, x = idx._data, input._data
    if dim is not None and x.ndim != arr.ndim:    # (ATen's _take_along_dim_helper's order)
        raise TorchRuntimeError(f"torch.take_along_dim(): input and indices should have the "
                                f"same number of dimensions, but got {x.ndim} dimensions for "
                                f"input, and {arr.ndim} dimensions for indices")
    if dim is None:                                 # (gather's checks of the index)
        return gather(input.reshape(-1), 0, idx.reshape(-1))
    if arr.dtype != np.int64:
        raise TorchRuntimeError(f"torch.take_along_dim(): dtype of indices should be Long but "
                                f"got {idx.dtype.legacy}")
    if x.ndim == 0:
        raise TorchIndexError(f"Dimension specified as {wrap_dim(dim, 1)} but tensor has no "
                              "dimensions")
    d = wrap_dim(dim, x.ndim)
    shape = _broadcast(x.shape[:d] + arr.shape[d:d + 1] + x.shape[d + 1:], arr.shape)
    arr = np.broadcast_to(arr, shape)
    shape = _broadcast(arr.shape[:d] + x.shape[d:d + 1] + arr.shape[d + 1:], x.shape)
    if x.ndim and x.shape[d]:
        arr = arr % x.shape[d]
    return gather(input.broadcast_to(shape), d, wrap(np.ascontiguousarray(arr)))


def _broadcast(a: tuple, b: tuple) -> tuple:
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        raise broadcast_error(a, b) from None


# -- index_reduce -----------------------------------------------------------------------------

class IndexReduceBackward0(ScatterReduceBackward0):
    """d index_reduce(x, dim, index, src, reduce): scatter_reduce's rules, with index spread
    over src's shape"""

    shadows = ("index",)                # PyTorch saves the index as given (1-D)
    stepwise = True

    def shadow(self, name):
        return wrap(self.vector)

    def backward(self, g):
        """PyTorch's index_reduce_backward step for step (index_add, index_select,
        index_fill where scatter_reduce's takes scatters and gathers)"""
        from .activation import where
        from .creation import ones_like, zeros_like
        x, src, out = self.saved
        d, inc, vec = self.dim, self.include_self, wrap(self.vector)
        if self.reduce == "prod":
            masked_x = x.masked_fill(x == 0, 1)
            gx = g * index_reduce(masked_x, d, vec, src, "prod", include_self=inc) / masked_x
            src_zero = src == 0
            zeros = index_select(index_add(zeros_like(x), d, vec, src_zero.to(x.dtype)), d, vec)
            single = src_zero & (zeros == 1)
            masked_out = index_reduce(x, d, vec, src.masked_fill(single, 1), "prod",
                                      include_self=inc)
            right = src.masked_fill(src_zero, 1)    # at::where's arguments, last to first
            right = index_select(g * out, d, vec) / right
            gs = where(single, index_select(g * masked_out, d, vec), right)
            if _enabled[0] and bool((zeros._data > 1).any()):
                from ..autograd.graph import Error
                gs = apply(Error, (gs,), value=gs._data, message=(
                    "index_reduce(): Double backward is unsupported for source when >1 zeros "
                    "in source are scattered to the same position in self"))
        elif self.reduce == "mean":
            n = index_add(ones_like(g) if inc else zeros_like(g), d, vec, ones_like(src))
            n = n.masked_fill(n == 0, 1)
            gx = g / n
            gs = index_select(g, d, vec) / index_select(n, d, vec)
        else:                                   # amax, amin: g shared among the equal ones
            value = index_select(out, d, vec)
            x_is = (x == out).to(x.dtype)
            src_is = (src == value).to(x.dtype)
            share = g / index_add(x_is, d, vec, src_is)
            gx = x_is * share
            gs = src_is * index_select(share, d, vec)
        if not inc:
            gx = index_fill(gx, d, vec, 0)
        return (gx if self.needs(0) else None), (gs if self.needs(1) else None)

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for index_reduce"""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("index_reduce")


def _warn_beta() -> None:
    """PyTorch's warning, once per process (once per formula run), that index_reduce is in
    beta."""
    from ..errors import warn_cpp
    warn_cpp("index_reduce() is in beta and the API may change at any time. (Triggered "
             "internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
             "TensorAdvancedIndexing.cpp:1523.)", UserWarning, once=True)



def _index_reduce_kernel(x: Tensor, reduce: str, include_self) -> None:
    """ATen's refusals of a bool or complex self by the kernel index_reduce takes: the one
    for include_self=False and the one for at most one dimension dispatch neither; more
    dimensions go slice by slice through maximum/minimum (no complex) and, for mean, a
    floor division (no bool)."""
    kind = x._data.dtype.kind
    if kind not in "bc":
        return
    kernel = None
    if not include_self:
        kernel = "index_reduce_func_exclude_input_init"
    elif x._data.ndim <= 1:
        kernel = "index_func_"
    elif reduce == "mean" and kind == "b":
        kernel = "div_floor_cpu"
    elif reduce in ("amax", "amin") and kind == "c":
        kernel = "maximum_cpu" if reduce == "amax" else "minimum_cpu"
    if kernel:
        raise TorchNotImplementedError(f'"{kernel}" not implemented for \'{x.dtype.legacy}\'')


def _check_reduce(reduce) -> None:
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise TorchRuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax "
                                f"or amin but got {reduce}.")

@register("index_reduce", grad_fn="IndexReduceBackward0", method=True, sample=fixed(
    (((3, 4), 1, np.array([0, 2, 0]), (3, 3), "prod"), {}),
    (((3, 4), 1, np.array([0, 2, 0]), (3, 3), "mean"), {"include_self": False}),
    (((3, 2), 0, np.array([2, 2]), (2, 2), "amax"), {}),
    (((3, 2), 0, np.array([1, 0]), (2, 2), "amin"), {"include_self": False})))
@one_cpp_call
def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """source's slices reduced (prod, mean, amax, amin) into x's slices at index along dim;
    with include_self=False the slices written start empty"""
    _check_reduce(reduce)
    x, src, d, idx = _slices_args(input, dim, index, source, "index_reduce")
    size = x.shape[d] if x.ndim else 1
    if idx.size and (idx.min() < 0 or idx.max() >= size):
        raise TorchIndexError("index out of range in self")
    _warn_beta()
    _index_reduce_kernel(input, reduce, include_self)
    shape = src.shape or (1,)
    lay = [1] * len(shape)
    lay[d] = idx.size
    spread = np.broadcast_to(idx.astype(np.int64).reshape(lay), shape).reshape(src.shape)
    return apply(IndexReduceBackward0, (input, to_tensor(source)), dim=d, reduce=reduce,
                 include_self=bool(include_self), vector=idx.astype(np.int64),
                 _extra=np.ascontiguousarray(spread))


# -- put --------------------------------------------------------------------------------------

class PutBackward0(Node):
    """d put(x, index, src) = g (with zeros put at index unless accumulating) for x, g taken
    at index for src"""

    save_inputs, saved_if = (1,), ((1,),)   # as PyTorch's: source, when it needs a gradient

    def forward(self, x, src):
        out = np.array(x, copy=True)
        flat, idx = out.reshape(-1), self._extra.reshape(-1)
        if self.accumulate:
            np.add.at(flat, idx, src.reshape(-1))
        else:
            flat[idx] = src.reshape(-1)
        return out

    def backward(self, g):
        gx = gs = None
        if self.needs(0):
            gx = g
            if not self.accumulate:
                zeros = wrap(np.zeros(self.extra.shape, dtype=g._data.dtype))
                gx = apply(PutBackward0, (g, zeros), accumulate=False, _extra=self.extra)
        if self.needs(1):
            from .select import take
            self.saved      # (unpacked, as PyTorch's formula unpacks source: refused if changed)
            gs = take(g, wrap(self.extra)).reshape(self._in_meta[1][0])
        return gx, gs


@register("put", grad_fn="PutBackward0", method=True, sample=fixed(
    (((3, 4), np.array([0, -1, 5]), (3,)), {}),
    (((2, 3), np.array([[4, 4], [0, 1]]), (2, 2)), {"accumulate": True})))
def put(input, index, source, accumulate=False):
    """x flattened, with source's values written (or added) at index (negative counts from
    the end): d/dx = g (zeroed at index unless accumulating), d/dsource = g taken at index"""
    idx, src = _put_args(input, index, source)
    n = input._data.size
    if n == 0 and idx._data.size:
        raise TorchIndexError("put_(): Tried to put elements into an empty tensor")
    arr = idx._data
    bad = arr[(arr < -n) | (arr >= n)]
    if bad.size:
        raise TorchIndexError(f"out of range: tried to access index {int(bad[0])} on a tensor "
                              f"of {n} elements.")
    return apply(PutBackward0, (input, src), accumulate=bool(accumulate),
                 _extra=arr % max(n, 1))


def _put_args(input, index, source):
    """put's index and source after its checks, in PyTorch's order."""
    idx, src = to_tensor(index), tensor_arg(source, "put", "source", 3)
    if idx._data.dtype != np.int64:
        raise TorchRuntimeError(f"put_(): Expected a long tensor for index, but got "
                                f"{idx.dtype.legacy}")
    if src._data.dtype != input._data.dtype:
        raise TorchRuntimeError(f"put_(): self and source expected to have the same dtype, but "
                                f"got self.dtype = {input.dtype.legacy} and source.dtype = "
                                f"{src.dtype.legacy}")
    if src._data.size != idx._data.size:
        raise TorchIndexError(f"put_(): Expected source and index to have the same number of "
                              f"elements, but got source.numel() = {src._data.size}, "
                              f"index.numel() = {idx._data.size}")
    return idx, src


as_methods("index_add", "index_copy", "index_fill", "index_put", "scatter_reduce",
           "index_reduce", "put")
