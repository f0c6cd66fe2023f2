"""Shape ops and indexing: view/reshape, squeeze/unsqueeze, expand, t/transpose/permute,
cat/stack, flip, clone, unbind/split/chunk, narrow, diagonal, repeat, dtype conversion,
`x[key]` and `x[key] = value`.

View ops share memory and the version counter with their input (`is_view`), as in PyTorch.
Indexing is decomposed the way PyTorch does it: integers select (`SelectBackward0`), slices
slice (`SliceBackward0`, a full `:` adds nothing), `None` unsqueezes, and tensor/list
indices are applied together at the end (`IndexBackward0`).
"""
from __future__ import annotations

import operator

import numpy as np

from .. import _tensor as _tensor_module, amp as _amp, dtypes, meta as _meta
from ..autograd import grad_mode
from ..autograd.graph import Node, watched
from ..autograd.hooks import one_cpp_call
from ..errors import (TorchIndexError, TorchNotImplementedError, TorchRuntimeError,
                      TorchTypeError, TorchValueError, warn_complex_to_real)
from .._tensor import Tensor
from .core import (_enabled, apply, inplace, int_sizes, one_argument, to_tensor, wrap, wrap_dim,
                   wrap_dims)
from .core import _BF16, _F16, _bf16_used
from .registry import category, fixed, python_method, register
from ..storage import basic_view
from .views import AsStridedBackward0 as _Gather, write_expanded

category("shape")


def tensor_list(tensors, fname: str) -> list:
    """The `tensors` argument of cat, stack ...: a list or tuple of tensors, as PyTorch
    checks it."""
    if not isinstance(tensors, (list, tuple)):
        raise TorchTypeError(f"{fname}(): argument 'tensors' (position 1) must be tuple of "
                             f"Tensors, not {type(tensors).__name__}")
    for i, x in enumerate(tensors):
        if not isinstance(x, Tensor):
            raise TorchTypeError(f"expected Tensor as element {i} in argument 0, but got "
                                 f"{type(x).__name__}")
    return list(tensors)


def _shape_str(shape) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def _infer_shape(shape, numel):
    """`shape` with its -1 filled in for `numel` elements, or PyTorch's error (infer_size)."""
    shape = list(shape)
    infer, known = None, 1
    for d, s in enumerate(shape):
        if s == -1:
            if infer is not None:
                raise TorchRuntimeError("only one dimension can be inferred")
            infer = d
        elif s >= 0:
            known *= s
        else:
            raise TorchRuntimeError(f"invalid shape dimension {s} at index {d} of shape "
                                    f"{_shape_str(shape)}")
    if numel == known or (infer is not None and known > 0 and numel % known == 0):
        if infer is not None:
            if known == 0:
                raise TorchRuntimeError(f"cannot reshape tensor of 0 elements into shape "
                                        f"{_shape_str(shape)} because the unspecified dimension "
                                        f"size -1 can be any value and is ambiguous")
            shape[infer] = numel // known
        return tuple(shape)
    raise TorchRuntimeError(f"shape '{_shape_str(shape)}' is invalid for input of size {numel}")


class ViewBackward0(Node):
    """d view(x) = g viewed back to x's shape"""

    is_view = True

    def forward(self, x):
        v = x.view()
        try:
            v.shape = self.shape
        except AttributeError:
            raise view_error() from None
        if (1 in v.shape or 1 in x.shape) and v.size > 1:
            want = view_strides(x.shape, x.strides, v.shape)   # a size-1 dim's stride too
            if want is not None and want != v.strides:
                v = np.lib.stride_tricks.as_strided(x, v.shape, want,
                                                    writeable=x.flags.writeable)
        return v

    def backward(self, g):
        return g.reshape(self._in_meta[0][0])

    def array_backward(self, g):
        """`backward` for a C-contiguous g of the input's size that needs no grad: the view
        reshape makes, with what `ops.core` gives a view (its base, version counter,
        inference flag)"""
        if _bf16_used[0] and (g._data.dtype == _BF16 or g._data.dtype == _F16):
            return None               # bfloat16, float16: each step rounded (`backward`)
        gd = g._data
        if not gd.flags.c_contiguous or g._requires_grad:
            return None
        arr = gd.view()
        try:
            arr.shape = self._in_meta[0][0]
        except ValueError:                  # another size: reshape's error is PyTorch's
            return None
        v = wrap(arr)
        v._is_inference = g._is_inference
        v._version_box = g._version_box
        v._base = g if g._base is None else g._base
        return (v,)


def view_error() -> TorchRuntimeError:
    """PyTorch's error for a view no strides can give (view, and kron's _unsafe_view)."""
    return TorchRuntimeError(
        "view size is not compatible with input tensor's size and stride (at least one "
        "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")


def view_strides(old_shape, old_strides, shape) -> tuple | None:
    """The strides ATen's view gives (computeStride): each run of dims that is contiguous
    in memory split into the new dims, a new size-1 dim's stride the extent of the dims
    after it in its run; None when no view has `shape`."""
    new = [0] * len(shape)
    view_d = len(shape) - 1
    base = old_strides[-1] if old_strides else 1
    tensor_numel = view_numel = 1
    for d in range(len(old_shape) - 1, -1, -1):
        tensor_numel *= old_shape[d]
        if d == 0 or (old_shape[d - 1] != 1 and old_strides[d - 1] != tensor_numel * base):
            while view_d >= 0 and (view_numel < tensor_numel or shape[view_d] == 1):
                new[view_d] = view_numel * base
                view_numel *= shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if d > 0:
                base = old_strides[d - 1]
                tensor_numel = view_numel = 1
    return tuple(new) if view_d == -1 else None


class ReshapeAliasBackward0(ViewBackward0):
    """d reshape(x) = g viewed back (reshape of a non-contiguous tensor that needs no copy)"""


class UnsafeViewBackward0(Node):
    """d reshape(x) = g reshaped back (the input was copied first)"""

    def forward(self, x):
        return x.reshape(self.shape)

    def backward(self, g):
        return g.reshape(self._in_meta[0][0])


def _by_keyword(args: tuple, given, name: str, keyword: str) -> tuple:
    """A size or dims list given either as *args or by PyTorch's keyword name `keyword`."""
    if given is None:
        return args
    if args and name == "view":            # PyTorch's view has two signatures
        from ..callerrors import invalid_combination
        raise TorchTypeError(invalid_combination(name, args, {keyword: given}, True))
    if args:
        raise TorchTypeError(f"{name}() got multiple values for argument '{keyword}'")
    return (given,)


@register("view", grad_fn="ViewBackward0", method=True, function=False,
          sample=fixed((((2, 3), 6), {}), (((2, 3), [3, 2]), {})))
def view(input, *shape, size=None, dtype=None):
    """the same data with another shape: d/dx = g viewed back (or, given a dtype, the same
    bytes read as another element type: not differentiable)"""
    if dtype is not None and not shape and size is None:
        return _view_dtype(input, dtype)
    shape = _by_keyword(shape, size, "view", "size")
    if len(shape) == 1 and isinstance(shape[0], (dtypes.dtype, type)):
        return _view_dtype(input, shape[0])
    shape = _infer_shape(int_sizes(shape, "view"), input._data.size)
    return apply(ViewBackward0, (input,), shape=shape)


def _view_dtype(input, dtype):
    """x.view(dtype): x's memory read as `dtype`, sharing x's version counter, outside the
    graph; elements of another size resize the last dimension, which must be contiguous (and
    the rest of the layout divisible), as PyTorch checks in this order."""
    dt = dtypes.to_dtype(dtype)
    arr = input._data
    if _bits(input):
        what = "conjugate view tensors" if _bits(input) & 1 else \
            "tensors with negative bit set"
        raise TorchRuntimeError(f"torch.Tensor.view is not supported for {what} when "
                                "converting to a different dtype.")
    old, new = input.dtype.itemsize, dt.itemsize
    if old != new:
        names = f"{input.dtype.legacy} as {dt.legacy} (different element sizes)"
        if arr.ndim == 0:
            raise TorchRuntimeError(f"self.dim() cannot be 0 to view {names}")
        strides = list(input.stride())      # PyTorch's (a size-1 dim's too), not NumPy's
        if new > old:
            _divisible(new // old, names, [("size(-1)", arr.shape[-1]),
                                           ("storage_offset()", storage_offset(input))])
        if strides[-1] != 1:
            raise TorchRuntimeError(f"self.stride(-1) must be 1 to view {names}, but got "
                                    f"{strides[-1]}")
        if new > old:
            _divisible(new // old, names, [(f"stride({d})", st)
                                           for d, st in enumerate(strides[:-1])])
        if arr.strides[-1] != arr.itemsize:     # a last dimension of size 1: NumPy wants
            steps = arr.strides[:-1] + (arr.itemsize,)      # it dense
            arr = np.lib.stride_tricks.as_strided(arr, strides=steps,
                                                  writeable=arr.flags.writeable)
    if (input.dtype is dtypes.bfloat16) != (dt is dtypes.bfloat16):
        out = _bf16_bits_view(arr, input.dtype is dtypes.bfloat16, dt.np)
    else:
        out = arr.view(dt.np)
    if old != new and not arr.size:     # NumPy gives an empty result strides of its own
        steps = tuple(st * old // new * out.itemsize for st in input.stride()[:-1]) + \
            (out.itemsize,)
        out = np.lib.stride_tricks.as_strided(out, strides=steps, writeable=out.flags.writeable)
    t = input._alias()
    t._data = out
    t._is_inference = input._is_inference
    return t


def _bf16_bits_view(arr: np.ndarray, from_bf16: bool, to: np.dtype) -> np.ndarray:
    """view(dtype) to or from bfloat16, whose array holds each value in a float32 (dtypes'
    _BFloat16), so no NumPy view has PyTorch's bytes: a copy of PyTorch's result (a bfloat16's
    bits are the top 16 of its float32's). It shares no memory: writes to either one do not
    reach the other."""
    arr = np.array(arr, order="C")              # (a 0-d one stays 0-d: no NumPy scalars)
    if from_bf16:
        bits = np.right_shift(arr.view(">u4"), 16, dtype=np.uint32)
        return np.asarray(bits).astype(np.uint16).view(to)
    bits = np.left_shift(arr.view(np.uint16).astype(np.uint32), 16, dtype=np.uint32)
    return np.asarray(bits).byteswap().view(dtypes.BF16_NP)


def _divisible(ratio, names, checks):
    """view(dtype)'s checks that each (what, n) of `checks` is a multiple of `ratio`."""
    for what, n in checks:
        if n % ratio:
            raise TorchRuntimeError(f"self.{what} must be divisible by {ratio} to view {names}, "
                                    f"but got {n}")


@register("reshape", grad_fn="ViewBackward0", method=True,
          sample=fixed((((2, 3), [3, 2]), {}), (((2, 3), [-1]), {})))
def reshape(input, *sizes, shape=None):
    """view when possible, else a copy: d/dx = g reshaped back"""
    sizes = _by_keyword(sizes, shape, "reshape", "shape")
    shape = _infer_shape(int_sizes(sizes, "reshape", "shape"), input._data.size)
    if input._data.flags.c_contiguous:
        return apply(ViewBackward0, (input,), shape=shape)
    if shape == input._data.shape or np.shares_memory(input._data.reshape(shape),
                                                      input._data):
        return apply(ReshapeAliasBackward0, (input,), shape=shape)   # a view, not contiguous
    return apply(UnsafeViewBackward0, (clone(input),), shape=shape)


@register("view_as", method=True, function=False, grad_fn="ViewBackward0",
          sample=fixed((((2, 3), (3, 2)), {})))
def view_as(input, other):
    """view with other's shape"""
    return view(input, other._data.shape)


@register("reshape_as", method=True, function=False, grad_fn="ViewBackward0",
          sample=fixed((((2, 3), (6,)), {})))
def reshape_as(input, other):
    """reshape to other's shape"""
    return reshape(input, other._data.shape)


@register("flatten", grad_fn="ViewBackward0", method=True, sample=fixed(
    (((2, 3),), {}), (((2, 3, 2), 1), {})))
def flatten(input, start_dim=0, end_dim=-1):
    """merge dims start..end into one: d/dx = g reshaped back"""
    shape = input._data.shape
    s, e = wrap_dim(start_dim, len(shape)), wrap_dim(end_dim, len(shape))
    if not shape:
        return reshape(input, (1,))
    if s > e:
        raise TorchRuntimeError("flatten() has invalid args: start_dim cannot come after "
                                "end_dim")
    if s == e:
        return input
    new = shape[:s] + (int(np.prod(shape[s:e + 1])),) + shape[e + 1:]
    return reshape(input, new)


@register("unflatten", grad_fn="ViewBackward0", method=True, sample=fixed(
    (((6,), 0, [2, 3]), {}), (((2, 6), -1, [3, -1]), {})))
def unflatten(input, dim, sizes):
    """split dim into `sizes` (one may be -1): d/dx = g reshaped back"""
    if isinstance(dim, (str, float)):       # the method's words (torch.unflatten's parser
        raise TorchTypeError(f"unflatten(): argument 'dim' (position 1) must be int, not "
                             f"{type(dim).__name__}")      # refuses it as position 2 first)
    shape = input._data.shape
    if not shape:                           # PyTorch's first line, then its C++ frames
        raise TorchRuntimeError(f"unflatten got an unexpected error:\nDimension specified as "
                                f"{dim} but tensor has no dimensions")
    d = wrap_dim(dim, len(shape))
    sizes = int_sizes(tuple(sizes), "unflatten", "sizes", 3)
    if not sizes:
        raise TorchRuntimeError("unflatten: sizes must be non-empty")
    unexpected = "unflatten got an unexpected error:\n"     # (infer_size's own words)
    shown = f"[{', '.join(map(str, sizes))}]"
    for i, n in enumerate(sizes):
        if n == -1 and -1 in sizes[:i]:
            raise TorchRuntimeError(unexpected + "only one dimension can be inferred")
        if n < -1:
            raise TorchRuntimeError(f"{unexpected}invalid shape dimension {n} at index {i} of "
                                    f"shape {shown}")
    known = int(np.prod([n for n in sizes if n != -1]))
    if -1 in sizes and known == 0 == shape[d]:
        raise TorchRuntimeError(f"{unexpected}cannot reshape tensor of 0 elements into shape "
                                f"{shown} because the unspecified dimension size -1 can be any "
                                "value and is ambiguous")
    if (-1 not in sizes and known != shape[d]) or (-1 in sizes and (known == 0 or
                                                                    shape[d] % known)):
        raise TorchRuntimeError(f"unflatten: Provided sizes [{', '.join(map(str, sizes))}] "
                                f"don't multiply up to the size of dim {d} ({shape[d]}) in the "
                                "input tensor")
    sizes = tuple(shape[d] // known if n == -1 else n for n in sizes)
    return view(input, shape[:d] + sizes + shape[d + 1:])


def _unflatten_method(self, dim, sizes):
    """Tensor.unflatten, PyTorch's Python method"""
    return unflatten(self, dim, sizes)


python_method("unflatten", _unflatten_method)


class UnfoldBackward0(Node):
    """d (the windows of x along a dim) = g's windows added back where they came from"""

    is_view = True

    def forward(self, x):
        d, size, step = self.d, self.size, self.step
        if not x.ndim:                                  # a 0-d x: one window, of size <= 1
            return np.lib.stride_tricks.as_strided(x, (size,), (x.itemsize,),
                                                   writeable=x.flags.writeable)
        n = (x.shape[d] - size) // step + 1
        shape = x.shape[:d] + (n,) + x.shape[d + 1:] + (size,)
        strides = x.strides[:d] + (x.strides[d] * step,) + x.strides[d + 1:] + (x.strides[d],)
        return np.lib.stride_tricks.as_strided(x, shape, strides, writeable=x.flags.writeable)

    def backward(self, g):
        return apply(UnfoldBackwardBackward0, (g,), d=self.d, size=self.size, step=self.step,
                     shape=self._in_meta[0][0])


class UnfoldBackwardBackward0(Node):
    """d (windows summed back into x's shape) = gg's windows"""

    def forward(self, g):
        n = int(np.prod(self.shape))
        index = UnfoldBackward0.forward(self, np.arange(n).reshape(self.shape))
        index = index.reshape(-1)
        if g.dtype.kind == "c":             # bincount's weights are real: each part alone
            out = np.empty(n, g.dtype)
            out.real = np.bincount(index, weights=g.real.reshape(-1), minlength=n)
            out.imag = np.bincount(index, weights=g.imag.reshape(-1), minlength=n)
            return out.reshape(self.shape)
        out = np.bincount(index, weights=g.reshape(-1), minlength=n)
        return out.astype(g.dtype).reshape(self.shape)

    def backward(self, gg):
        return apply(UnfoldBackward0, (gg,), d=self.d, size=self.size, step=self.step)


@register("unfold", grad_fn="UnfoldBackward0", method=True, function=False, sample=fixed(
    (((7,), 0, 3, 2), {}), (((2, 5), 1, 2, 1), {})))
def unfold(self, dimension, size, step):
    """the windows of `size` elements, `step` apart, along `dimension` (a new last dim):
    d/dx = g's windows added back where they came from"""
    nd = self._data.ndim
    d = wrap_dim(dimension, max(nd, 1))
    length = self._data.shape[d] if nd else 1
    if size < 0:
        raise TorchRuntimeError(f"size is {size} but must be >= 0")
    if size > length:
        raise TorchRuntimeError(f"maximum size for tensor at dimension {d} is {length} but "
                                f"size is {size}")
    if step <= 0:
        raise TorchRuntimeError(f"step is {step} but must be > 0")
    return apply(UnfoldBackward0, (self,), d=d, size=int(size), step=int(step),
                 as_given={"dimension": dimension})


class AsStridedBackward0(_Gather):
    """as_strided's result: a view of the input's memory (the derivative of a gather at the
    same flat positions)"""

    is_view = True
    memory = None           # the input's whole memory, when it is not a contiguous run of it

    def forward(self, x):
        src = x if self.memory is None else self.memory
        return np.lib.stride_tricks.as_strided(src.reshape(-1)[self.start:], self.size,
                                               tuple(n * x.itemsize for n in self.steps),
                                               writeable=src.flags.writeable)


class _AsStridedMemory(AsStridedBackward0):
    """as_strided reading memory its input does not cover exactly once (PyTorch's
    as_strided_backward): a position outside the input's elements (`inside` False) gets no
    gradient, and one that the input's elements share (an expanded input) has its
    gradient shared equally by them (`spread` to each, times `share`)"""

    inside = spread = None

    def backward(self, g):
        if self.inside is not None:
            g = g * wrap(self.inside)
        got = super().backward(g)           # g added at one element of each position
        if self.spread is None:
            return got
        return apply(_Gather, (got,), flat=self.spread) * wrap(self.share)


_AsStridedMemory.__name__ = _AsStridedMemory.__qualname__ = "AsStridedBackward0"


@register("as_strided", grad_fn="AsStridedBackward0", method=True, sample=fixed(
    (((6,), [2, 2], [1, 2]), {}), (((6,), [2], [3], 1), {})))
def as_strided(input, size, stride, storage_offset=None):
    """the elements at storage_offset + sum(index * stride) of the input's memory, as a view
    of the given size: d/dx = g added back at those positions"""
    size = int_sizes(tuple(size), "as_strided", "size", 2)
    stride = int_sizes(tuple(stride), "as_strided", "stride", 3)
    if len(size) != len(stride):
        raise TorchRuntimeError("mismatch in length of strides and shape")
    if any(n < 0 for n in stride):
        raise TorchRuntimeError("as_strided: Negative strides are not supported at the moment, "
                                f"got strides: [{', '.join(map(str, stride))}]")
    own = input.storage_offset()         # (the parameter hides the function's name)
    offset = own if storage_offset is None else int(storage_offset)
    _check_window(size, stride, offset)
    base = input if input._base is None else input._base
    end = offset + sum((n - 1) * k for n, k in zip(size, stride)) + 1 if all(size) else offset
    if end > base._data.size:
        item = input._data.itemsize
        raise TorchRuntimeError(
            f"setStorage: sizes [{', '.join(map(str, size))}], strides "
            f"[{', '.join(map(str, stride))}], storage offset {offset}, and itemsize {item} "
            f"requiring a storage size of {end * item} are out of bounds for storage of size "
            f"{base._data.size * item}")
    start = offset - own
    if not input._data.flags.c_contiguous or start < 0 or end - own > input._data.size:
        return _as_strided_memory(input, size, stride, offset, storage_offset)
    index = np.arange(input._data.size, dtype=np.int64)
    flat = np.lib.stride_tricks.as_strided(index[start:], size,
                                           tuple(k * index.itemsize for k in stride)).copy()
    return apply(AsStridedBackward0, (input,), start=start, size=size, steps=stride,
                 flat=flat, as_given={"stride": stride, "storage_offset": storage_offset})


def _check_window(size, stride, offset) -> None:
    """setStrided's refusals before the storage's bounds: a negative storage offset, then a
    negative size (the storage size computation's overflow check)."""
    if offset < 0:
        raise TorchRuntimeError(f"Tensor: invalid storage offset {offset}")
    if any(n < 0 for n in size):
        raise TorchRuntimeError(
            f"Storage size calculation overflowed with sizes=[{', '.join(map(str, size))}] "
            f"and strides=[{', '.join(map(str, stride))}]")


def _as_strided_memory(input, size, stride, offset, storage_offset):
    """as_strided over an input that is not a contiguous run of its memory (a transposed or
    expanded tensor): each position read is one the input has an element at."""
    from ..storage import root_array
    a = input._data
    memory = root_array(a)
    if not memory.flags.c_contiguous or memory.dtype != a.dtype:
        raise TorchRuntimeError("gradcli supports as_strided only over a tensor laid out in "
                                "plain memory; call .contiguous() or .clone() first")
    index = np.arange(memory.size, dtype=np.int64)
    strides = tuple((k // a.itemsize) * index.itemsize for k in a.strides)
    pos = np.lib.stride_tricks.as_strided(index[input.storage_offset():], a.shape,
                                          strides).reshape(-1)
    owner = np.full(memory.size, -1, dtype=np.int64)     # an element of input at each position
    owner[pos] = np.arange(pos.size, dtype=np.int64)
    flat = owner[np.lib.stride_tricks.as_strided(index[offset:], size,
                                                 tuple(k * index.itemsize for k in stride))]
    params = {"start": offset, "size": size, "steps": stride, "memory": memory,
              "as_given": {"stride": stride, "storage_offset": storage_offset}}
    if (flat < 0).any():                # memory the input does not cover: no gradient there
        params["inside"] = (flat >= 0).astype(a.dtype if a.dtype.kind in "fc" else np.float64)
        flat = np.maximum(flat, 0)
    count = np.bincount(pos, minlength=memory.size)[pos]
    if count.max(initial=1) > 1:
        share = (1 / count).astype(a.dtype if a.dtype.kind in "fc" else np.float64)
        params.update(spread=owner[pos].reshape(a.shape), share=share.reshape(a.shape))
    cls = _AsStridedMemory if len(params) > 5 else AsStridedBackward0
    return apply(cls, (input,), flat=flat, **params)

@register("ravel", grad_fn="ViewBackward0", method=True, sample=fixed((((2, 3),), {})))
def ravel(input):
    """flatten to 1-D: a view of the contiguous tensor (PyTorch's contiguous().view(-1), so
    a copy's view when the input is not contiguous)"""
    return view(contiguous(input), -1)


class UnsqueezeBackward0(Node):
    """d unsqueeze(x, dim) = g squeezed at dim"""

    is_view = True

    def forward(self, x):
        v = np.expand_dims(x, self.dim)
        d, st = self.dim, x.strides
        # ATen's stride for the new dim: the next dim's extent (the item size at the end);
        # NumPy's reshape also redraws the strides of the size-1 dims x has
        want = st[:d] + (x.shape[d] * st[d] if d < x.ndim else x.itemsize,) + st[d:]
        if v.strides != want:
            v = np.lib.stride_tricks.as_strided(x, v.shape, want, writeable=x.flags.writeable)
        return v

    def backward(self, g):
        return g.squeeze(self.dim)


@register("unsqueeze", grad_fn="UnsqueezeBackward0", method=True,
          sample=fixed((((3,), 0), {}), (((2, 3), -1), {})))
def unsqueeze(input, dim):
    """insert a dim of size 1: d/dx = g squeezed"""
    return apply(UnsqueezeBackward0, (input,), dim=wrap_dim(dim, input._data.ndim + 1),
                 as_given={"dim": dim})


class _Squeeze(Node):
    """d squeeze(x) = g reshaped back to x's shape (unsqueeze_to under create_graph: one
    UnsqueezeBackward0 per dropped dim, as PyTorch records it)"""

    is_view = True

    def forward(self, x):
        dims = tuple(d for d in self.dims if x.shape[d] == 1)
        return np.squeeze(x, dims) if dims else x.view()

    def backward(self, g):
        shape = self._in_meta[0][0]
        if not _enabled[0]:
            return g.reshape(shape)
        for d in sorted(set(self.dims)):
            if shape[d] == 1:
                g = g.unsqueeze(d)
        return g


SqueezeBackward0 = type("SqueezeBackward0", (_Squeeze,), {})
SqueezeBackward1 = type("SqueezeBackward1", (_Squeeze,), {})
SqueezeBackward2 = type("SqueezeBackward2", (_Squeeze,), {})
SqueezeBackward4 = type("SqueezeBackward4", (_Squeeze,), {})    # matmul's 1-D @ 2-D


@register("squeeze", grad_fn="SqueezeBackward0", method=True,
          sample=fixed((((1, 3, 1),), {}), (((1, 3), 0), {})))
def squeeze(input, *dims, dim=None):
    """drop dims of size 1: d/dx = g reshaped back"""
    dim = one_argument(dims, dim, "squeeze")     # squeeze(0, 2): the dims as one list
    nd = input._data.ndim
    if dim is None:
        return apply(SqueezeBackward0, (input,), dims=tuple(range(nd)))
    if isinstance(dim, (tuple, list)):
        dims = wrap_dims(dim, nd)
        return apply(SqueezeBackward2, (input,), dims=dims if nd else (), as_given={"dim": dim})
    d = wrap_dim(dim, nd)                 # a 0-d tensor has dims -1 and 0, as in PyTorch
    return apply(SqueezeBackward1, (input,), dims=(d,) if nd else (), as_given={"dim": dim})


class ExpandBackward0(Node):
    """d expand(x) = g summed over the expanded dims"""

    is_view = True

    def forward(self, x):
        v = np.broadcast_to(x, self.shape)
        want = expanded_strides(x, self.shape)
        if v.strides != want:
            v = np.lib.stride_tricks.as_strided(x, self.shape, want, writeable=False)
        return v

    def backward(self, g):
        from .reduce import sum_to
        return sum_to(g, self._in_meta[0][0])


def expanded_strides(x: np.ndarray, shape: tuple) -> tuple:
    """The strides (in bytes) ATen's expand gives x expanded to `shape`: 0 where a size-1
    dim grows, a dim that keeps its size keeps its stride (a size-1 one too), a new leading
    dim of size 1 the extent of the next (inferExpandGeometry), and every dim of an expanded
    0-d tensor 0. NumPy's broadcast_to gives every size-1 dim 0."""
    out = [0] * len(shape)
    if not x.ndim:
        return tuple(out)
    lead = len(shape) - x.ndim
    for i in range(len(shape) - 1, -1, -1):
        if i >= lead:
            stride = x.strides[i - lead] if x.shape[i - lead] == shape[i] else 0
        else:
            stride = shape[i + 1] * out[i + 1] if i + 1 < len(shape) else x.itemsize
            stride = stride if shape[i] == 1 else 0
        out[i] = stride
    return tuple(out)


@register("expand", grad_fn="ExpandBackward0", method=True, function=False,
          sample=fixed((((3,), [2, 3]), {}), (((2, 1), [2, 4]), {})))
def expand(input, *sizes, size=None):
    """broadcast to a larger shape without copying: d/dx = g summed back"""
    sizes = _by_keyword(sizes, size, "expand", "size")
    target = expanded_shape(input, int_sizes(sizes, "expand"))
    return apply(ExpandBackward0, (input,), shape=target)


def expanded_shape(input, sizes) -> tuple:
    """The shape `input.expand(*sizes)` has (-1 keeps a size), or PyTorch's error."""
    shape = input._data.shape
    if len(sizes) < len(shape):
        legacy = input.dtype.legacy         # complex types have no legacy Tensor name
        kind = f"CPU{legacy}Type" if input.dtype.is_complex else f"torch.{legacy}Tensor"
        raise TorchRuntimeError(
            f"expand({kind}{{{_shape_str(shape)}}}, size="
            f"{_shape_str(sizes)}"
            f"): the number of sizes provided ({len(sizes)}) must be greater or equal to the "
            f"number of dimensions in the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    target = list(sizes)
    for i in range(len(shape) - 1, -1, -1):      # PyTorch checks the last dimension first
        s, want = shape[i], sizes[lead + i]
        if want == -1:
            target[lead + i] = s
        elif s != want and s != 1:
            raise TorchRuntimeError(
                f"The expanded size of the tensor ({want}) must match the existing size ({s}) "
                f"at non-singleton dimension {lead + i}.  Target sizes: {_shape_str(sizes)}.  "
                f"Tensor sizes: {_shape_str(shape)}")
    for i in range(lead - 1, -1, -1):     # (a 0-d tensor's sizes are taken as they are)
        if sizes[i] == -1 and shape:
            raise TorchRuntimeError("The expanded size of the tensor (-1) isn't allowed in a "
                                    f"leading, non-existing dimension {i}")
    negative = [t for t in target if t < 0]
    if negative and 0 not in target:      # c10's numel: the sizes multiplied as unsigned
        raise TorchRuntimeError("numel: integer multiplication overflow")
    if negative:                          # PyTorch keeps such a view; its next op refuses it
        raise TorchRuntimeError(f"Trying to create tensor with negative dimension "
                                f"{negative[0]}: {_shape_str(target)}")
    return tuple(target)


@register("expand_as", grad_fn="ExpandBackward0", method=True, function=False,
          sample=fixed((((3,), (2, 3)), {})))
def expand_as(input, other):
    """expand to other's shape"""
    return expand(input, other._data.shape)


@register("broadcast_to", grad_fn="ExpandBackward0", method=True,
          sample=fixed((((3,), [2, 3]), {})))
def broadcast_to(input, *sizes, size=None):
    """expand to a shape (a number is a one-dimensional one; `x.broadcast_to(2, 3)` too)"""
    size = one_argument(sizes, size)
    return expand(input, (size,) if isinstance(size, (int, np.integer)) else tuple(size))


class PermuteBackward0(Node):
    """d permute(x, dims) = g permuted back"""

    is_view = True

    def forward(self, x):
        return np.transpose(x, self.dims)

    def backward(self, g):
        return g.permute(tuple(np.argsort(self.dims)))


class TransposeBackward0(Node):
    """d transpose(x, a, b) = g transposed back"""

    is_view = True

    def forward(self, x):
        return np.swapaxes(x, self.d0, self.d1) if x.ndim else x.view()

    def backward(self, g):
        return g.transpose(self.d0, self.d1)


class TBackward0(Node):
    """d x.t() = g.t()"""

    is_view = True

    def forward(self, x):
        return x.T

    def backward(self, g):
        return g.t()


@register("permute", grad_fn="PermuteBackward0", method=True,
          sample=fixed((((2, 3, 2), [2, 0, 1]), {})))
def permute(input, *order, dims=None):
    """reorder dims: d/dx = g permuted back"""
    dims = _by_keyword(order, dims, "permute", "dims")
    if not dims:
        raise TorchTypeError('permute() missing 1 required positional arguments: "dims"')
    dims = int_sizes(dims, "permute", "dims")
    nd = input._data.ndim
    if len(dims) != nd:
        raise TorchRuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the "
            "length of the desired ordering of dimensions i.e. input.dim() = "
            f"{nd} is not equal to len(dims) = {len(dims)}")
    given, dims = dims, tuple(wrap_dim(d, nd) for d in dims)
    if len(set(dims)) != nd:
        raise TorchRuntimeError("permute(): duplicate dims are not allowed.")
    return apply(PermuteBackward0, (input,), dims=dims, as_given={"dims": given})


@register("transpose", grad_fn="TransposeBackward0", method=True,
          sample=fixed((((2, 3), 0, 1), {})), aliases=("swapaxes", "swapdims"))
def transpose(input, dim0=None, dim1=None, *, axis0=None, axis1=None):
    """swap two dims: d/dx = g swapped back (NumPy's axis0/axis1 for swapaxes)"""
    dim0 = axis0 if dim0 is None else dim0
    dim1 = axis1 if dim1 is None else dim1
    if dim0 is None or dim1 is None:
        raise TorchTypeError(f"transpose() missing required argument "
                             f"'{'dim0' if dim0 is None else 'dim1'}'")
    nd = input._data.ndim
    return apply(TransposeBackward0, (input,), d0=wrap_dim(dim0, nd), d1=wrap_dim(dim1, nd),
                 as_given={"dim0": dim0, "dim1": dim1})


@register("t", grad_fn="TBackward0", method=True, sample=fixed((((2, 3),), {})))
def t(input):
    """transpose of a matrix (<= 2-D): d/dx = g.t()"""
    if input._data.ndim > 2:
        raise TorchRuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is "
                                f"{input._data.ndim}D")
    return apply(TBackward0, (input,))


# -- in-place view ops: x.unsqueeze_(0) gives x itself the view's shape -------------------------

UnsqueezeBackward1 = type("UnsqueezeBackward1", (UnsqueezeBackward0,), {})
SqueezeBackward3 = type("SqueezeBackward3", (SqueezeBackward0,), {})
SqueezeBackward4 = type("SqueezeBackward4", (SqueezeBackward1,), {})
SqueezeBackward5 = type("SqueezeBackward5", (SqueezeBackward2,), {})
TransposeBackward1 = type("TransposeBackward1", (TransposeBackward0,), {})
TBackward1 = type("TBackward1", (TBackward0,), {})


def _reshape_inplace(self: Tensor, cls, **params) -> Tensor:
    """Give self the shape of the view `cls` makes of it, in place: the same memory, the
    version counter bumped and, when recorded, `cls` (PyTorch's `...Backward1` node of the
    in-place form) as its grad_fn; a dual tensor's tangent too (`with_tangent`)."""
    return with_tangent(self, lambda t: _reshape_one(t, cls, params))


def with_tangent(self: Tensor, change) -> Tensor:
    """self after `change(self)`, an in-place view op's change of its shape or strides; a
    dual tensor's tangent gets the same change in place (PyTorch's forward AD of these ops:
    the tangent itself, its grad_fn the op's node when it requires grad)."""
    from ..autograd import forward_ad as _fw
    from .core import check_inplace, refuse_inference_write
    if self._is_inference and not grad_mode._inference[0]:   # (no autograd kernel: PyTorch
        with grad_mode.no_grad():                            # changes it, then refuses)
            change(self)
        refuse_inference_write(self)
    check_inplace(self)
    tangent = _fw.tangent_of(self) if _fw.ACTIVE[0] else None
    change(self)
    if tangent is not None:
        check_inplace(tangent)
        with _fw.suspended():
            change(tangent)
    return self


def _reshape_one(self: Tensor, cls, params: dict) -> None:
    """self given the shape cls's forward makes, cls recorded as its grad_fn when needed."""
    from .core import _history_copy, _scratch
    if grad_mode._enabled[0] and self._requires_grad:
        out = apply(cls, (_history_copy(self),), **params)
        self.grad_fn, self._output_nr = out.grad_fn, 0
    node = _scratch(cls)
    node.__dict__.update(params)
    self._data = node.forward(self._data)
    self._version_box[0] += 1


@register("unsqueeze_", method=True, function=False, differentiable=False)
def unsqueeze_(self, dim):
    """in-place unsqueeze: self gains a dimension of size 1 at dim"""
    return _reshape_inplace(self, UnsqueezeBackward1, dim=wrap_dim(dim, self._data.ndim + 1))


@register("squeeze_", method=True, function=False, differentiable=False)
def squeeze_(self, *dims, dim=None):
    """in-place squeeze: self loses its dimensions of size 1 (those in dim, or in dims:
    `x.squeeze_(0, 2)`)"""
    dim = one_argument(dims, dim, "squeeze_")
    nd = self._data.ndim
    if dim is None:
        return _reshape_inplace(self, SqueezeBackward3, dims=tuple(range(nd)))
    if isinstance(dim, (tuple, list)):
        return _reshape_inplace(self, SqueezeBackward5, dims=wrap_dims(dim, nd))
    return _reshape_inplace(self, SqueezeBackward4, dims=(wrap_dim(dim, nd),) if nd else ())


@register("transpose_", method=True, function=False, differentiable=False,
          aliases=("swapdims_", "swapaxes_"))
def transpose_(self, dim0, dim1):
    """in-place transpose: self's dimensions dim0 and dim1 swapped"""
    nd = self._data.ndim
    return _reshape_inplace(self, TransposeBackward1, d0=wrap_dim(dim0, nd),
                            d1=wrap_dim(dim1, nd))


@register("t_", method=True, function=False, differentiable=False)
def t_(self):
    """in-place t: a matrix transposed"""
    if self._data.ndim > 2:
        raise TorchRuntimeError(f"t_() expects a tensor with <= 2 dimensions, but self is "
                                f"{self._data.ndim}D")
    return _reshape_inplace(self, TBackward1)


_CPP_WARNING = " (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/" \
    "TensorShape.cpp:{}.)"


def _identity_on_scalars(self, what: str, advice: str, line: int) -> bool:
    """Whether self is 0-d, where PyTorch's transposes are the identity, or the conjugate
    (with a warning, once per process: TORCH_WARN_ONCE)."""
    if self._data.ndim:
        return False
    from ..errors import warn_once
    warn_once(f"{what} is deprecated on 0-D tensors. {advice}" + _CPP_WARNING.format(line),
              UserWarning, stacklevel=3)
    return True


def _matrices(self, what: str) -> None:
    if self._data.ndim < 2:
        raise TorchRuntimeError(f"{what} is only supported on matrices or batches of matrices. "
                                f"Got {self._data.ndim}-D tensor.")


def _T(self):
    nd = self._data.ndim
    _identity_on_scalars(self, "Tensor.T", "This function is the identity in these cases.", 4321)
    if nd not in (0, 2):                             # (a 0-d T still records a node)
        from ..errors import warn_once                # PyTorch's TORCH_WARN_ONCE
        warn_once(
            "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
            "deprecated and it will throw an error in a future release. Consider `x.mT` to "
            "transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` "
            "to reverse the dimensions of a tensor." + _CPP_WARNING.format(4314), UserWarning,
            stacklevel=2)
    return apply(PermuteBackward0, (self,), dims=tuple(range(nd))[::-1])


def _mT(self):
    if _identity_on_scalars(self, "Tensor.mT", "This function is the identity in these cases.",
                            4373):
        return self
    _matrices(self, "tensor.mT")
    return transpose(self, -2, -1)


def _H(self):
    """The conjugate transpose of a matrix (its transpose, for real numbers)."""
    if _identity_on_scalars(self, "Tensor.H", "Consider using x.conj().", 4335):
        return conj(self)
    if self._data.ndim != 2:
        more = ". For batches of matrices, consider using tensor.mH" \
            if self._data.ndim > 2 else "."
        raise TorchRuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got "
                                f"{self._data.ndim}-D tensor{more}")
    return conj(transpose(self, 0, 1))          # conj: the tensor itself for real numbers


def _mH(self):
    if _identity_on_scalars(self, "Tensor.mH", "Consider using x.conj().", 4382):
        return conj(self)
    _matrices(self, "tensor.mH")
    return conj(transpose(self, -2, -1))


Tensor.T = property(_T)
Tensor.mT = property(_mT)
Tensor.H = property(_H)
Tensor.mH = property(_mH)


@register("adjoint", grad_fn="TransposeBackward0", method=True,
          sample=fixed((((2, 3),), {})))
def adjoint(input):
    """the conjugate transpose of (a batch of) matrices; for real numbers the transpose of
    the last two dims: d/dx = g transposed back"""
    if _identity_on_scalars(input, "adjoint()", "Consider using x.conj().", 4390):
        return conj(input)
    _matrices(input, "tensor.adjoint()")
    return conj(transpose(input, -2, -1))       # complex: ConjBackward0 over the transpose


# -- complex numbers: for real tensors, these are the tensor itself ---------------------------
# PyTorch's conj() is lazy: a view with the conjugate bit set. NumPy has no such view, so
# here it is a conjugated copy carrying the bit (`_bits`: 1 conjugate, 2 negative), which
# is_conj/resolve_conj read as PyTorch's do.

def _bits(t) -> int:
    return getattr(t, "_bits", 0)


def _with_bits(t, bits: int):
    t._bits = bits
    return t


def _complex_view(x: np.ndarray) -> np.ndarray:
    """x's memory read as real numbers, a last dim of 2 (real, imaginary) added."""
    part = x.real
    return np.lib.stride_tricks.as_strided(part, x.shape + (2,), x.strides + (part.itemsize,),
                                           writeable=x.flags.writeable)


class ConjBackward0(Node):
    """d conj(x) = conj(g)"""

    linear = True

    def forward(self, x):
        if not x.size or 0 not in x.strides:
            return np.conj(x)
        # PyTorch's is a view: an expanded x keeps its strides 0
        one = tuple(slice(0, 1) if st == 0 else slice(None) for st in x.strides)
        return np.broadcast_to(np.conj(x[one]), x.shape)

    def backward(self, g):
        return apply(ConjBackward0, (g,))      # no lazy bit on a gradient


class ConjPhysicalBackward0(ConjBackward0):
    """d conj_physical(x) = conj_physical(g)"""

    def forward(self, x):
        return np.conj(x)

    def backward(self, g):
        return apply(ConjPhysicalBackward0, (g,))


class ViewAsRealBackward0(Node):
    """d view_as_real(x) = view_as_complex(g)"""

    is_view = True
    linear = True

    def forward(self, x):
        return _complex_view(x)

    def backward(self, g):
        return view_as_complex(contiguous(g))


class ViewAsComplexBackward0(Node):
    """d view_as_complex(x) = view_as_real(g)"""

    is_view = True
    linear = True

    def forward(self, x):
        return x.view(dtypes.to_dtype(x.dtype.name).to_complex().np)[..., 0]

    def backward(self, g):
        return apply(ViewAsRealBackward0, (g,))


class ComplexBackward0(Node):
    """d complex(re, im) = (real(g), imag(g))"""

    linear = True

    def forward(self, re, im):
        out = np.empty(np.broadcast_shapes(re.shape, im.shape),
                       dtypes.to_dtype(re.dtype.name).to_complex().np)
        out.real, out.imag = re, im
        return out

    def backward(self, g):
        return real(g), imag(g)


@register("conj", method=True, differentiable=False)
def conj(input):
    """the complex conjugate, marked lazy as PyTorch's (is_conj); a real tensor itself"""
    if not input.dtype.is_complex:
        return input
    return _with_bits(apply(ConjBackward0, (input,)), _bits(input) ^ 1)


@register("conj_physical", method=True, differentiable=False)
def conj_physical(input):
    """the complex conjugate, computed; a real tensor itself"""
    if not input.dtype.is_complex:
        return input
    return apply(ConjPhysicalBackward0, (input,))


@register("resolve_conj", method=True, differentiable=False)
def resolve_conj(input):
    """a tensor of the same values without the lazy conjugate bit: a copy when the bit is
    set, else the tensor itself"""
    return clone(input) if _bits(input) & 1 else input


@register("resolve_neg", method=True, differentiable=False)
def resolve_neg(input):
    """a tensor of the same values without the lazy negative bit (as resolve_conj)"""
    return clone(input) if _bits(input) & 2 else input


@register("view_as_real", grad_fn="ViewAsRealBackward0", differentiable=False)
def view_as_real(input):
    """a complex tensor's memory as real numbers, (real, imaginary) along a new last dim"""
    if _bits(input) & 1:
        raise TorchRuntimeError(
            "view_as_real doesn't work on unresolved conjugated tensors.  To resolve the "
            "conjugate tensor so you can view it as real, use self.resolve_conj(); however, "
            "be warned that the resulting tensor will NOT alias the original.")
    if not input.dtype.is_complex:
        raise TorchRuntimeError("view_as_real is only supported for complex tensors")
    return apply(ViewAsRealBackward0, (input,))


@register("view_as_complex", grad_fn="ViewAsComplexBackward0", differentiable=False)
def view_as_complex(input):
    """pairs (real, imaginary) along the last dim, of contiguous memory, as complex numbers"""
    a = input._data
    if a.dtype.kind != "f":
        raise TorchRuntimeError(f"view_as_complex is only supported for half, float and double "
                                f"tensors, but got a tensor of scalar type: "
                                f"{input.dtype.legacy}")
    if a.ndim == 0:
        raise TorchRuntimeError("Input tensor must have one or more dimensions")
    if a.shape[-1] != 2:
        raise TorchRuntimeError("Tensor must have a last dimension of size 2")
    # (an empty array's NumPy strides are not ATen's: an empty gradient passes, as in PyTorch)
    if a.strides[-1] != a.itemsize and a.size:
        raise TorchRuntimeError("Tensor must have a last dimension with stride 1")
    if any(st % (2 * a.itemsize) for st, n in zip(a.strides[:-1], a.shape) if n > 1):
        raise TorchRuntimeError("Tensor must have a stride divisible by 2 for all but last "
                                "dimension")
    if storage_offset(input) % 2:
        raise TorchRuntimeError("Tensor must have a storage_offset divisible by 2")
    input.dtype.to_complex()        # float16: gradcli has no complex32
    return apply(ViewAsComplexBackward0, (input,))


@register("complex", grad_fn="ComplexBackward0", differentiable=False)
def complex_(real, imag):
    """real + imag * 1j, of floating tensors of one dtype (broadcast)"""
    for name, pos, t in (("real", 1, real), ("imag", 2, imag)):
        if not isinstance(t, Tensor):
            raise TorchTypeError(f"complex(): argument '{name}' (position {pos}) must be "
                                 f"Tensor, not {type(t).__name__}")
    if real.dtype.category != 2 or imag.dtype.category != 2:
        raise TorchRuntimeError(f"Expected both inputs to be Half, Float or Double tensors but "
                                f"got {real.dtype.legacy} and {imag.dtype.legacy}")
    if real.dtype is not imag.dtype:
        raise TorchRuntimeError(f"Expected object of scalar type {real.dtype.legacy} but got "
                                f"scalar type {imag.dtype.legacy} for second argument")
    from .core import broadcast_check
    broadcast_check(real, imag)
    real.dtype.to_complex()         # float16: gradcli has no complex32
    return apply(ComplexBackward0, (real, imag))


class PolarBackward0(Node):
    """d polar(abs, angle) = real(conj(g) * sgn(out)), real(conj(g) * out * 1j) (PyTorch's
    polar_backward)"""

    save_output = True

    def forward(self, a, t):
        out = np.empty(np.broadcast_shapes(a.shape, t.shape),
                       dtypes.to_dtype(a.dtype.name).to_complex().np)
        from .unary import c_library        # ATen's polar kernel: std::cos, std::sin
        out.real, out.imag = a * c_library("cos", np.cos, t), a * c_library("sin", np.sin, t)
        return out

    def jvp(self, inputs, tangents, out):
        """PyTorch's forward formula: complex(abs_t cos(angle) - angle_t abs sin(angle),
        abs_t sin(angle) + angle_t abs cos(angle)), a missing tangent an efficient zero
        tensor (its products vanish, 0 - x is -x)"""
        (a, t), (ta, tt) = inputs, tangents
        cos, sin = t.cos(), t.sin()
        if tt is None:
            return complex_(ta * cos, ta * sin)
        arm = tt * a
        if ta is None:
            return complex_(-(arm * sin), arm * cos)
        return complex_(ta * cos - arm * sin, ta * sin + arm * cos)

    def backward(self, g):
        (out,) = self.saved
        gc = g.conj()
        return real(gc * out.sgn()), real(gc * (out * 1j))


@register("polar", grad_fn="PolarBackward0", differentiable=False)
def polar(abs, angle):
    """abs * (cos(angle) + 1j sin(angle)), of floating tensors of one dtype (broadcast)"""
    for name, pos, t in (("abs", 1, abs), ("angle", 2, angle)):
        if not isinstance(t, Tensor):
            raise TorchTypeError(f"polar(): argument '{name}' (position {pos}) must be "
                                 f"Tensor, not {type(t).__name__}")
    if abs.dtype.category != 2 or angle.dtype.category != 2:
        raise TorchRuntimeError(f"Expected both inputs to be Half, Float or Double tensors but "
                                f"got {abs.dtype.legacy} and {angle.dtype.legacy}")
    if abs.dtype is not angle.dtype:
        raise TorchRuntimeError(f"Expected object of scalar type {abs.dtype.legacy} but got "
                                f"scalar type {angle.dtype.legacy} for second argument")
    if abs._data.dtype == np.float16:
        raise TorchNotImplementedError("\"polar_cpu\" not implemented for 'Half'")
    from .core import broadcast_check
    broadcast_check(abs, angle)
    return apply(PolarBackward0, (abs, angle))


def _part(input, index: int):
    """real or imaginary parts as PyTorch takes them, from the memory (a conjugate's here
    holds the conjugated values, and PyTorch's parts ignore the bit)"""
    return select(apply(ViewAsRealBackward0, (input,)), -1, index)


def _set_part(self, value, part: str) -> None:
    """`x.real = v` / `x.imag = v`: PyTorch's THPVariable_set_real/imag copy v (a tensor, or
    a number made a tensor of the part's dtype) into the part, a view, in place (`copy_`:
    broadcast, cast, the version counter bumped, CopySlices recorded on the base). A real
    tensor is its own real part; its imaginary one is refused."""
    view = getattr(self, part)
    if not isinstance(value, Tensor):
        if not isinstance(value, (bool, int, float, complex, np.number, np.bool_)):
            kind = type(value)
            name = kind.__name__ if kind.__module__ == "builtins" else \
                f"{kind.__module__}.{kind.__name__}"
            raise TorchTypeError(f"can't assign a {name} to a torch.{view.dtype.legacy}Tensor")
        value = to_tensor(_scalar_value(value, view._data.dtype))
    view.copy_(value)


@register("real", method=False, differentiable=False)
def real(input):
    """the real part, a view of a complex tensor (a select of view_as_real); a real tensor
    itself"""
    if not input.dtype.is_complex:
        return input
    return _part(input, 0)


Tensor.real = property(real, lambda self, value: _set_part(self, value, "real"))


@register("imag", method=False, differentiable=False)
def imag(input):
    """the imaginary part, a view of a complex tensor; refused for real tensors, as in
    PyTorch"""
    if not input.dtype.is_complex:
        raise TorchRuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return _with_bits(_part(input, 1), 2 if _bits(input) & 1 else 0)


Tensor.imag = property(imag, lambda self, value: _set_part(self, value, "imag"))


@register("is_complex", method=True, differentiable=False)
def is_complex(input):
    """whether the dtype is complex"""
    return input.dtype.is_complex


@register("is_conj", method=True, differentiable=False)
def is_conj(input):
    """whether the lazy conjugate bit is set (conj() of a complex tensor)"""
    return bool(_bits(input) & 1)


@register("is_neg", method=True, differentiable=False)
def is_neg(input):
    """whether the lazy negative bit is set (imag of a conjugate)"""
    return bool(_bits(input) & 2)


@register("movedim", grad_fn="PermuteBackward0", method=True,
          sample=fixed((((2, 3, 2), 0, 2), {})), aliases=("moveaxis",))
def movedim(input, source, destination):
    """move dims to new positions"""
    nd = input._data.ndim
    given_src = list(source) if isinstance(source, (list, tuple)) else [source]
    given_dst = list(destination) if isinstance(destination, (list, tuple)) else [destination]
    if len(given_src) != len(given_dst):
        raise TorchRuntimeError(f"movedim: Invalid source or destination dims: source "
                                f"({given_src} dims) should contain the same number of dims as "
                                f"destination ({given_dst} dims)")
    src = tuple(wrap_dim(d, nd) for d in given_src)
    dst = tuple(wrap_dim(d, nd) for d in given_dst)
    for name, dims, given in (("source", src, given_src), ("destination", dst, given_dst)):
        if len(set(dims)) != len(dims):
            raise TorchRuntimeError(f"movedim: repeated dim in `{name}` ({given})")
    if nd == 0:                             # PyTorch: an alias of a 0-d tensor
        return _alias_view(input)
    order = [d for d in range(nd) if d not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return permute(input, tuple(order))


def layout_like(a: np.ndarray, memory_format=None) -> tuple | None:
    """The element strides of a new tensor made like `a` with `memory_format`, None for a
    C-contiguous one. preserve_format (the default) is PyTorch's: a's own strides when a is
    non-overlapping and dense, else dense strides in the order of a's (infer_dense_strides:
    a broadcast dimension keeps its place). channels_last(_3d): PyTorch's error for a
    tensor not 4-d (5-d)."""
    name = getattr(memory_format, "name", "preserve_format")
    if name != "preserve_format":
        if not name.startswith("channels_last"):
            return None
        rank = 5 if name == "channels_last_3d" else 4
        if a.ndim != rank:
            raise TorchRuntimeError(f"required rank {rank} tensor to use {name} format")
        inner = (1, 3, 2, 0) if rank == 4 else (1, 4, 3, 2, 0)
        return _channels_last_strides(a.shape, inner)
    if a.ndim < 2 or (a.flags.c_contiguous and (1 not in a.shape or _c_strides(a))):
        return None
    from .views import _dense
    isz = a.itemsize
    strides = [s // isz for s in a.strides]
    if _dense(a) and min(strides) >= 0:
        return tuple(strides)
    shape, nd = a.shape, a.ndim
    perm = _iterator_order(shape, [[abs(s) for s in strides]])      # innermost first
    out = _dense_strides(shape, perm)
    c = _dense_strides(shape, list(range(nd - 1, -1, -1)))
    return None if out == c else out


def _channels_last_strides(shape, inner_first) -> tuple:
    """c10's get_channels_last_strides_2d/3d: like _dense_strides, but a size-1 dim counts
    as 1 only where the size is 0 (max(size, 1))."""
    out, step = [0] * len(shape), 1
    for d in inner_first:
        out[d] = step
        step *= max(shape[d], 1)
    return tuple(out)


def _c_strides(a: np.ndarray) -> bool:
    """Whether a's strides are a new C-order array's, a size-1 dim's included (NumPy's
    c_contiguous flag overlooks those, PyTorch's preserve_format keeps them)."""
    return tuple(s // a.itemsize for s in a.strides) == \
        _dense_strides(a.shape, range(a.ndim - 1, -1, -1))


def _dense_strides(shape, inner_first) -> tuple:
    out, step = [0] * len(shape), 1
    for d in inner_first:
        out[d] = step
        if shape[d] > 1:
            step *= shape[d]
    return tuple(out)


def laid_out(flat: np.ndarray, shape, strides) -> np.ndarray:
    """flat's elements (in memory order) as an array of `shape` with element `strides`
    (dense, from layout_like)."""
    if strides is None or 0 in shape:
        return flat.reshape(shape)
    return np.lib.stride_tricks.as_strided(flat, shape, [s * flat.itemsize for s in strides])


def copy_laid_out(a: np.ndarray, strides) -> np.ndarray:
    """A copy of `a` with element `strides` (dense; None for C order)."""
    out = laid_out(np.empty(a.size, a.dtype), a.shape, strides)
    out[...] = a
    return out


class CloneBackward0(Node):
    """d clone(x) = g"""

    linear = True

    order = None            # contiguous(memory_format=channels_last): the dims' memory order
    strides = None          # clone's preserve_format: the strides of the copy (layout_like)

    def forward(self, x):
        if self.strides is not None:
            return copy_laid_out(x, self.strides)
        if self.order is None:
            return x.copy()
        return np.ascontiguousarray(x.transpose(self.order)).transpose(np.argsort(self.order))

    def backward(self, g):
        return g


@register("clone", grad_fn="CloneBackward0", method=True, sample=fixed((((3,),), {})))
def clone(input, *, memory_format=None):
    """a copy: d/dx = g (laid out as input is, by default: preserve_format)"""
    strides = layout_like(input._data, memory_format)
    if _copied_out_of_inference(input):
        return _inference_copy(input, input._data.dtype, strides)
    if strides is None:
        return apply(CloneBackward0, (input,))
    return apply(CloneBackward0, (input,), strides=strides)


@register("contiguous", method=True, function=False, grad_fn="CloneBackward0",
          sample=fixed((((3,),), {})))
def contiguous(input, memory_format=None):
    """self when already contiguous (in `memory_format`'s order), else a contiguous copy"""
    order = _memory_order(input, memory_format, check=True)
    if is_contiguous(input, memory_format):
        return input
    return apply(CloneBackward0, (input,), order=order)


@register("is_contiguous", method=True, function=False, differentiable=False)
def is_contiguous(input, memory_format=None):
    """whether the data is laid out contiguously (in `memory_format`'s order: channels_last
    is N, H, W, C)"""
    order = _memory_order(input, memory_format)
    if order is None:
        return bool(input._data.flags.c_contiguous) and \
            getattr(memory_format, "name", "")[:13] != "channels_last"
    a = input._data
    need = a.itemsize
    for d in reversed(order):
        if a.shape[d] != 1 and a.strides[d] != need:
            return False
        need *= a.shape[d]
    return True


def _memory_order(input, memory_format, check: bool = False):
    """The dims in memory order that channels_last(_3d) asks for, None for the others;
    `check`: PyTorch's error for a tensor of another rank."""
    name = getattr(memory_format, "name", "contiguous_format")
    rank = {"channels_last": 4, "channels_last_3d": 5}.get(name)
    if rank is None:
        return None
    if input._data.ndim != rank:
        if check:
            raise TorchRuntimeError(f"required rank {rank} tensor to use {name} format")
        return None
    return (0,) + tuple(range(2, rank)) + (1,)


@register("stride", method=True, function=False, differentiable=False)
def stride(input, dim=None):
    """steps in elements between neighbours along each dim (or along `dim`)"""
    a = input._data
    if a.size or any(a.strides):        # (a view of no elements keeps its base's strides)
        steps = tuple(s // a.itemsize for s in a.strides)
    else:               # NumPy gives a new empty array none: PyTorch's contiguous ones
        steps = _dense_strides(a.shape, range(a.ndim - 1, -1, -1))
    if dim is not None and a.ndim == 0:
        raise TorchIndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return steps if dim is None else steps[wrap_dim(dim, a.ndim)]


@register("storage_offset", method=True, function=False, differentiable=False)
def storage_offset(input):
    """where this tensor starts in the memory of the tensor it views, in elements"""
    a = input._data
    if a.__class__ is _meta.MetaArray:      # its own memory, which it does not have
        return 0
    from ..storage import root_array
    base = root_array(a)
    start = a.__array_interface__["data"][0] - base.__array_interface__["data"][0]
    return start // a.itemsize


@register("storage", method=True, function=False, differentiable=False)
def storage(input):
    """the memory this tensor and its views share, as elements of its dtype (deprecated in
    PyTorch: it warns once)"""
    from ..storage import typed_storage
    return typed_storage(input)


@register("storage_type", method=True, function=False, differentiable=False)
def storage_type(input):
    """the legacy storage class of this tensor's dtype (`torch.FloatStorage`; deprecated in
    PyTorch as storage() is: it warns once)"""
    from ..storage import LEGACY, TYPED_STORAGE_DEPRECATED
    from ..errors import warn_once
    warn_once(TYPED_STORAGE_DEPRECATED, stacklevel=3)
    return LEGACY[f"{input.dtype.legacy}Storage"]


@register("untyped_storage", method=True, function=False, differentiable=False)
def untyped_storage(input):
    """the memory this tensor and its views share, as bytes"""
    from ..storage import untyped_storage as make
    return make(input)


@register("is_set_to", method=True, function=False, differentiable=False)
def is_set_to(input, tensor):
    """whether both tensors are the same window of the same memory (start, sizes, strides)"""
    from ..storage import root_array
    from .index_family import tensor_arg
    a, b = input._data, tensor_arg(tensor, "is_set_to", "tensor", 1)._data
    return (root_array(a) is root_array(b) and a.shape == b.shape and a.strides == b.strides
            and a.__array_interface__["data"][0] == b.__array_interface__["data"][0])


@register("data_ptr", method=True, function=False, differentiable=False)
def data_ptr(input):
    """the address of the first element; 0 for a tensor without elements (PyTorch's
    TensorImpl::data gives no address into an empty tensor)"""
    data = input._data
    return data.__array_interface__["data"][0] if data.size else 0


@register("const_data_ptr", method=True, function=False, differentiable=False)
def const_data_ptr(input):
    """the address of the first element (for reading only, in C++)"""
    return data_ptr(input)


@register("to_dense", method=True, function=False, differentiable=False)
def to_dense(input, dtype=None, *, masked_grad=None):
    """a strided tensor's own self (a copy converted to `dtype` when another is given)"""
    if dtype is None or dtype is input.dtype:
        return input
    return input.to(dtype)


@register("is_distributed", method=True, function=False, differentiable=False)
def is_distributed(input):
    """False: a CPU tensor is no distributed one"""
    return False


class CatBackward0(Node):
    """d cat(xs, dim) = g split back into the pieces"""

    linear = True
    input_format, format_from = (4, 5), "all"

    def forward(self, *xs):               # contiguous, as PyTorch's for strided inputs
        return np.asarray(np.concatenate(xs, axis=self.dim), order="C")

    def backward(self, g):
        out, start = [], 0
        for shape, _ in self._in_meta:
            n = shape[self.dim] if len(shape) > self.dim else 0
            out.append(g.narrow(self.dim, start, n) if n else None)
            start += n
        return tuple(out)


def _check_cat(tensors, dim, name):
    if not tensors:
        raise TorchRuntimeError(f"{name}(): expected a non-empty list of Tensors")
    ref = tensors[0]._data.shape
    for i, x in enumerate(tensors[1:], 1):
        s = x._data.shape
        if len(s) != len(ref):
            raise TorchRuntimeError(
                f"Tensors must have same number of dimensions: got {len(ref)} and {len(s)}")
        for d in range(len(ref)):
            if d != dim and s[d] != ref[d]:
                raise TorchRuntimeError(
                    f"Sizes of tensors must match except in dimension {dim}. Expected size "
                    f"{ref[d]} but got size {s[d]} for tensor number {i} in the list.")


def _promote_all(tensors):
    ds = [(x.dtype, x._data.ndim or 1) for x in tensors]
    return dtypes.result_type(ds, ()).np


def _promoted(tensors: list) -> list:
    """cat's and stack's inputs in a CPU autocast region: cast to their promoted type (the
    autocast promote list), before any check of theirs, as ATen's autocast runs first."""
    if not _amp.CPU_ON[0]:
        return tensors
    return list(_amp.cast_inputs(_amp.PROMOTE, tensors))


@register("cat", grad_fn="CatBackward0", sample=fixed(
    (([(2, 3), (1, 3)],), {}), (([(2, 1), (2, 2)], 1), {})), aliases=("concat", "concatenate"))
def cat(tensors, dim=0):
    """join along an existing dim: d/dx_i = the matching slice of g"""
    tensors = _promoted(tensor_list(tensors, "cat"))
    if not tensors:
        raise TorchValueError("torch.cat(): expected a non-empty list of Tensors")
    for i, x in enumerate(tensors):
        if not x._data.ndim:
            raise TorchRuntimeError(f"zero-dimensional tensor (at position {i}) cannot be "
                                    f"concatenated")
    nonempty = [x for x in tensors if x._data.shape != (0,)]
    if not nonempty:
        return wrap(np.zeros((0,), dtype=_promote_all(tensors)))
    d = wrap_dim(dim, nonempty[0]._data.ndim)
    _check_cat(nonempty, d, "cat")
    # an empty [0] tensor is skipped for the shapes but its dtype counts, as in PyTorch
    # (`acc = torch.tensor([]); acc = torch.cat([acc, new])` is float)
    return apply(CatBackward0, tuple(nonempty), _promote_all(tensors), dim=d,
                 as_given={"dim": dim})


class StackBackward0(Node):
    """d stack(xs, dim) = g unbound along dim"""

    linear = True

    def forward(self, *xs):
        return np.asarray(np.stack(xs, axis=self.dim), order="C")     # as PyTorch's

    def backward(self, g):
        return tuple(g.select(self.dim, i) for i in range(len(self._in_meta)))


@register("stack", grad_fn="StackBackward0", sample=fixed(
    (([(2, 3), (2, 3)],), {}), (([(3,), (3,)], 1), {})))
def stack(tensors, dim=0):
    """join along a new dim: d/dx_i = g[..., i, ...]"""
    tensors = _promoted(tensor_list(tensors, "stack"))
    if not tensors:
        raise TorchRuntimeError("stack expects a non-empty TensorList")
    ref = tensors[0]._data.shape
    for i, x in enumerate(tensors[1:], 1):
        if x._data.shape != ref:
            raise TorchRuntimeError(
                f"stack expects each tensor to be equal size, but got {_shape_str(ref)} at "
                f"entry 0 and {_shape_str(x._data.shape)} at entry {i}")
    d = wrap_dim(dim, len(ref) + 1)
    return apply(StackBackward0, tuple(tensors), _promote_all(tensors), dim=d,
                 as_given={"dim": dim})


def atleast_1d_of(x: Tensor) -> Tensor:
    """x with at least 1 dim: a 0-d x becomes shape [1]"""
    return x.reshape(1) if x._data.ndim == 0 else x


def atleast_2d_of(x: Tensor) -> Tensor:
    """x with at least 2 dims: a 1-D x becomes a row"""
    nd = x._data.ndim
    return x.reshape(1, 1) if nd == 0 else x.unsqueeze(0) if nd == 1 else x


def atleast_3d_of(x: Tensor) -> Tensor:
    """x with at least 3 dims: [n] -> [1, n, 1], [m, n] -> [m, n, 1]"""
    nd = x._data.ndim
    if nd == 0:
        return x.reshape(1, 1, 1)
    if nd == 1:
        return x.unsqueeze(0).unsqueeze(-1)
    return x.unsqueeze(-1) if nd == 2 else x


def stacked_list(tensors, fname: str, kind: str | None = None) -> list:
    """The tensors of hstack, vstack, dstack ...: tensor_list's checks, then PyTorch's
    refusal of an empty list (worded with `kind`, the function the op is an alias of)."""
    tensors = tensor_list(tensors, fname)
    if not tensors:
        raise TorchRuntimeError(f"{kind or fname} expects a non-empty TensorList")
    return tensors


@register("hstack", grad_fn="CatBackward0", sample=fixed((([(3,), (2,)],), {})))
def hstack(tensors):
    """cat along dim 1 (dim 0 for 1-D) after atleast_1d"""
    tensors = [atleast_1d_of(t) for t in stacked_list(tensors, "hstack")]
    return cat(tensors, 0 if tensors[0]._data.ndim == 1 else 1)


@register("vstack", grad_fn="CatBackward0", sample=fixed((([(2, 3), (1, 3)],), {})))
def vstack(tensors):
    """cat along dim 0 after atleast_2d (1-D tensors become rows)"""
    return cat([atleast_2d_of(t) for t in stacked_list(tensors, "vstack")], 0)


class FlipBackward0(Node):
    """d flip(x) = g flipped back"""

    linear = True           # forward AD: the tangent flipped, in its own dtype (self_t.flip)

    def forward(self, x):
        if not x.ndim:
            return x.copy()
        # laid out as x (PyTorch's empty_like)
        return copy_laid_out(np.flip(x, self.dims), layout_like(x))

    def backward(self, g):
        return g.flip(self.dims)


@register("flip", grad_fn="FlipBackward0", method=True, sample=fixed(
    (((3,), [0]), {}), (((2, 3), [0, 1]), {})))
def flip(input, *order, dims=None):
    """reverse the order along dims: d/dx = g flipped back"""
    dims = int_sizes(_by_keyword(order, dims, "flip", "dims"), "flip", "dims")
    return apply(FlipBackward0, (input,), dims=wrap_dims(dims, input._data.ndim),
                 as_given={"dims": dims})


class RepeatBackward0(Node):
    """d repeat(x, reps) = g summed over the repeated copies"""

    linear = True           # forward AD: the op on the tangent, in its own dtype

    def forward(self, x):
        return np.tile(x, self.reps)

    def backward(self, g):
        shape = self._in_meta[0][0]         # PyTorch's steps, and so its sums' roundings
        return _repeat_backward(g, self.reps, tuple(shape))


def _repeat_backward(g, reps, shape):
    """repeat_backward as PyTorch records it: the new leading dims summed one at a time, then
    one reshape to (rep, size) pairs (rep only where > 1) summed over the reps."""
    if 0 in reps:
        return wrap(np.zeros(shape, g._data.dtype))
    for _ in range(len(reps) - len(shape)):
        g = g.sum(0)
    split, dims = [], []
    for r, size in zip(reps[len(reps) - len(shape):], shape):
        if r != 1:
            split.append(r)
            dims.append(len(split) - 1)
        split.append(size)
    return g.reshape(split).sum(dims) if dims else g


@register("repeat", grad_fn="RepeatBackward0", method=True, function=False,
          sample=fixed((((2, 3), 2, 1), {}), (((3,), [2, 2]), {})))
def repeat(input, *sizes, repeats=None):
    """tile the tensor: d/dx = g summed over the copies"""
    sizes = _by_keyword(sizes, repeats, "repeat", "repeats")
    reps = int_sizes(sizes, "repeat", "repeats")
    if len(reps) < input._data.ndim:
        raise TorchRuntimeError("Number of dimensions of repeat dims can not be smaller than "
                                "number of dimensions of tensor")
    full = (1,) * (len(reps) - input._data.ndim) + input._data.shape
    sizes = [r * s for r, s in zip(reps, full)]
    if min(reps, default=0) < 0:
        raise TorchRuntimeError(f"Trying to create tensor with negative dimension "
                                f"{next(s for s in sizes if s < 0)}: {_shape_str(sizes)}")
    return apply(RepeatBackward0, (input,), reps=reps)


# -- multi-output views -----------------------------------------------------------------------

class UnbindBackward0(Node):
    """d unbind(x, dim) = the gradients stacked along dim"""

    is_view = True
    n_outputs = None

    def forward(self, x):
        return tuple(basic_view(x, _select_key(self.dim, i)) for i in range(x.shape[self.dim]))

    def backward(self, *grads):
        return stack(grads, self.dim)


@register("unbind", grad_fn="UnbindBackward0", method=True, sample=fixed((((2, 3), 1), {})))
def unbind(input, dim=0):
    """split into slices along dim: d/dx = the gradients stacked"""
    d = wrap_dim(dim, max(input._data.ndim, 1))     # (a 0-d tensor: as one of one element)
    if input._data.ndim == 0:
        raise TorchIndexError("Dimension specified as 0 but tensor has no dimensions")
    return apply(UnbindBackward0, (input,), dim=d, n_outputs=input._data.shape[d],
                 as_given={"dim": dim})


class SplitBackward0(Node):
    """d split(x) = the gradients concatenated"""

    is_view = True
    n_outputs = None

    def forward(self, x):
        bounds = np.cumsum([0] + list(self.sizes)).tolist()
        return tuple(basic_view(x, _select_key(self.dim, slice(a, b)))
                     for a, b in zip(bounds, bounds[1:]))

    def backward(self, *grads):
        return cat(grads, self.dim)


SplitWithSizesBackward0 = type("SplitWithSizesBackward0", (SplitBackward0,), {})


@register("split", grad_fn="SplitBackward0", method=True, sample=fixed(
    (((4, 2), 2), {}), (((5,), [2, 3]), {})))
def split(tensor, split_size_or_sections, dim=0):
    """pieces of a given size along dim: d/dx = the gradients concatenated"""
    if tensor._data.ndim == 0:
        raise TorchRuntimeError("split expects at least a 1-dimensional tensor")
    d = wrap_dim(dim, tensor._data.ndim)
    n = tensor._data.shape[d]
    if isinstance(split_size_or_sections, int):
        k = split_size_or_sections
        if k < 0:
            raise TorchRuntimeError(f"split expects split_size be non-negative, but got "
                                    f"split_size={k}")
        if k == 0 and n:
            raise TorchRuntimeError(f"split_size can only be 0 if dimension size is 0, but "
                                    f"got dimension size of {n}")
        sizes = [k] * (n // k) + ([n % k] if n % k else []) if k else [0]
        cls, given = SplitBackward0, {"dim": dim, "split_size": k}
    else:
        sizes = list(split_size_or_sections)
        if any(k < 0 for k in sizes):
            raise TorchRuntimeError(f"split_with_sizes expects split_sizes have only "
                                    f"non-negative entries, but got split_sizes={sizes}")
        if sum(sizes) != n:
            raise TorchRuntimeError(f"split_with_sizes expects split_sizes to sum exactly to "
                                    f"{n} (input tensor's size at dimension {d}), but got "
                                    f"split_sizes={sizes}")
        cls, given = SplitWithSizesBackward0, {"dim": dim, "split_sizes": tuple(sizes)}
    return apply(cls, (tensor,), dim=d, sizes=sizes, n_outputs=len(sizes), as_given=given)


def _split_method(self, split_size, dim=0):
    """Tensor.split, PyTorch's Python method: its size is `split_size`"""
    return split(self, split_size, dim)


python_method("split", _split_method)


@register("chunk", grad_fn="SplitBackward0", method=True, sample=fixed((((5, 2), 2), {})))
def chunk(input, chunks, dim=0):
    """split into `chunks` nearly equal pieces"""
    if input._data.ndim == 0:               # (ATen checks the rank first)
        raise TorchRuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise TorchRuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    n = input._data.shape[wrap_dim(dim, input._data.ndim)]
    if n == 0:                  # PyTorch: `chunks` empty pieces
        return split(input, [0] * chunks, dim)
    return split(input, -(-n // chunks), dim)


# -- indexing ---------------------------------------------------------------------------------

class _Take(Node):
    """d x[key] = g placed into zeros at key"""

    is_view = True

    def forward(self, x):
        return basic_view(x, self.key)

    def backward(self, g):
        return apply(self.embed, (g,), key=self.key, shape=self._in_meta[0][0])


class _Embed(Node):
    """d embed(g) = g taken back at key"""

    def forward(self, g):
        out = np.zeros(self.shape, dtype=g.dtype)
        out[self.key] = g
        return out

    def backward(self, gg):
        return apply(self.take, (gg,), key=self.key)


SelectBackward0 = type("SelectBackward0", (_Take,), {})
SliceBackward0 = type("SliceBackward0", (_Take,), {})
SelectBackwardBackward0 = type("SelectBackwardBackward0", (_Embed,), {"take": SelectBackward0})
SliceBackwardBackward0 = type("SliceBackwardBackward0", (_Embed,), {"take": SliceBackward0})
SelectBackward0.embed = SelectBackwardBackward0
SliceBackward0.embed = SliceBackwardBackward0


class IndexBackward0(Node):
    """d x[indices] = g added into zeros at the indices (repeats accumulate). The key is kept
    in `extra` (PyTorch saves the indices), so it is released after a backward pass."""

    linear = True           # forward AD: the tangent indexed, in its own dtype

    def forward(self, x):
        return _index_layout(x, self._extra, x[self._extra])

    def backward(self, g):
        key = self.extra
        if grad_mode._enabled[0]:     # PyTorch's graph: _index_put_impl_(zeros, idx, g)
            zeros = wrap(np.zeros(self._in_meta[0][0], dtype=g._data.dtype))
            return apply(IndexPutImplBackward0, (zeros, g), _extra=key)
        return apply(IndexPutBackward0, (g,), _extra=key, shape=self._in_meta[0][0])

    @property
    def _saved_indices(self) -> tuple:
        """PyTorch's saved `indices`: the index tensors, None for each `:` before them."""
        return tuple(None if isinstance(k, slice) else
                     Tensor._wrap(np.array(k) if k.ndim else np.zeros(int(k), np.int64))
                     for k in self.extra)


class IndexPutBackward0(Node):
    """d (zeros with g added at indices) = gg taken at the indices"""

    def forward(self, g):
        out = np.zeros(self.shape, dtype=g.dtype)
        np.add.at(out, self._extra, g)
        return out

    def backward(self, gg):
        return apply(IndexBackward0, (gg,), _extra=self.extra)


class IndexPutImplBackward0(Node):
    """d (z with g added at indices) = gg to z, gg taken at the indices to g"""

    def forward(self, z, g):
        out = z.copy()
        np.add.at(out, self._extra, g)
        return out

    def backward(self, gg):
        key = self.extra
        return (gg if self.needs(0) else None,
                apply(IndexBackward0, (gg,), _extra=key) if self.needs(1) else None)


def _index_layout(x: np.ndarray, key: tuple, out: np.ndarray) -> np.ndarray:
    """out = x[key] laid out in memory as PyTorch's index kernel lays it out: in the order of
    dimensions TensorIterator sorts out of the strides of its operands (C order for a
    contiguous x): x with the indexed dimensions replaced by the index shape at stride 0, and
    each index tensor broadcast to that shape and viewed with size-1 dimensions around it."""
    if out.ndim < 2:                    # (NumPy's results are fresh, and of 1 dim at least)
        return out
    if out.size == 0 or 1 not in out.shape and x.flags.c_contiguous and all(
            k.ndim < 2 or k.flags.c_contiguous for k in key if isinstance(k, np.ndarray)):
        return np.ascontiguousarray(out)
    item, at, parts = x.itemsize, 0, []     # per dimension: x's stride, or an index array
    for k in key:
        if isinstance(k, slice):
            parts.append(x.strides[at] // item)
            at += 1
        elif k.dtype == np.bool_:           # a mask's nonzero() columns (views of one array)
            parts += list(np.argwhere(k).T) if k.ndim else [np.zeros(int(k), np.int64)]
            at += k.ndim
        else:
            parts.append(k.astype(np.int64, copy=False))     # keeps k's layout, as .long()
            at += 1
    parts += [s // item for s in x.strides[at:]]
    where = [i for i, p in enumerate(parts) if isinstance(p, np.ndarray)]
    kept = [p for p in parts if not isinstance(p, np.ndarray)]
    before = sum(1 for p in parts[:where[0]] if not isinstance(p, np.ndarray)) \
        if where[-1] - where[0] == len(where) - 1 else 0   # apart: index dims go first
    shape = np.broadcast_shapes(*[parts[i].shape for i in where])
    strides = [kept[:before] + [0] * len(shape) + kept[before:]]
    around = [n == 1 for n in out.shape[:before]] + [True] * len(shape) + \
        [n == 1 for n in out.shape[before + len(shape):]]
    for i in where:                 # a dimension of size 1 broadcast to more has stride 0
        st = _indexer_strides(parts[i], shape, before, len(kept) - before)
        strides.append([s if keep else 0 for s, keep in zip(st, around)])
    order = _iterator_order(out.shape, strides)[::-1]      # slowest first
    laid = np.empty([out.shape[d] for d in order], out.dtype).transpose(np.argsort(order))
    laid[...] = out
    return laid


def _indexer_strides(index: np.ndarray, shape: tuple, before: int, after: int) -> list:
    """The strides of an index tensor expanded to `shape` and reshaped with `before` and
    `after` dimensions of size 1 around it, as ATen's expand and view give them."""
    own = [s // index.itemsize for s in index.strides]
    st, lead = [], len(shape) - index.ndim
    for i in range(len(shape) - 1, -1, -1):
        if i >= lead:
            s = own[i - lead] if index.shape[i - lead] == shape[i] else 0
        else:                                           # a new leading dimension
            s = shape[i + 1] * st[0] if i + 1 < len(shape) else 1
            s = s if shape[i] == 1 else 0
        st.insert(0, s)
    if not st:
        return [1] * (before + after)
    return [shape[0] * st[0]] * before + st + [st[-1]] * after


def _iterator_order(shape: tuple, strides: list) -> list:
    """TensorIterator's order of the dimensions, fastest first (reorder_dimensions): an
    insertion sort by the operands' strides, the first operand whose strides differ (neither
    0) deciding, equal strides putting the smaller size first."""
    def should_swap(d0, d1) -> int:
        for st in strides:
            s0, s1 = st[d0], st[d1]
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return -1 if s0 < s1 else 1
            if shape[d0] > shape[d1]:
                return 1
        return 0
    perm = list(range(len(shape) - 1, -1, -1))
    for i in range(1, len(shape)):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    return perm


def _select_key(dim, index):
    return (slice(None),) * dim + (index, Ellipsis)


@register("select", grad_fn="SelectBackward0", method=True, sample=fixed((((2, 3), 1, 2), {})))
def select(input, dim, index):
    """x[..., index, ...] along dim: d/dx = g placed at index"""
    nd = input._data.ndim
    if nd == 0:
        raise TorchIndexError("select() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, nd)
    size = input._data.shape[d]
    if not -size <= index < size:
        raise TorchIndexError(f"select(): index {index} out of range for tensor of size "
                              f"{_shape_str(input._data.shape)} at dimension {d}")
    return apply(SelectBackward0, (input,), key=_select_key(d, index % size),
                 as_given={"dim": dim, "index": index})


@register("narrow", grad_fn="SliceBackward0", method=True, sample=fixed((((4, 2), 0, 1, 2), {})))
def narrow(input, dim, start, length):
    """x[start:start+length] along dim: d/dx = g placed back"""
    if isinstance(start, Tensor):
        if start._data.ndim or start._data.dtype.kind not in "iu":
            raise TorchRuntimeError("start must be an 0-dim integral Tensor.")
        start = int(start._data)
    if input._data.ndim == 0:
        raise TorchRuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if length < 0:
        raise TorchRuntimeError("narrow(): length must be non-negative.")
    d = wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if not -size <= start <= size:
        raise TorchIndexError(f"start out of range (expected to be in range of [{-size}, "
                              f"{size}], but got {start})")
    start = start + size if start < 0 else start
    if start + length > size:
        raise TorchRuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                                f"({size}).")
    return apply(SliceBackward0, (input,),
                 key=_select_key(d, slice(start, start + length)), as_given={"dim": dim})


_ZERO_DIM_INDEX = ("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                   "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
_INDEX_DTYPES = "tensors used as indices must be long, int, byte or bool tensors"
_SEQUENCE_AS_TUPLE = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed "
    "in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be "
    "interpreted as tensor index, x[torch.tensor(seq)], which will result either in an error or "
    "a different result (Triggered internally at /__w/pytorch/pytorch/torch/csrc/autograd/"
    "python_variable_indexing.cpp:349.)")
_NO_PART = object()
_BYTE_MASK = ("indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool "
              "instead. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
              "IndexingUtils.h:37.)")


def _index_array(k) -> np.ndarray:
    """A tensor or list used as an index, as PyTorch reads it: a list of numbers is a long
    tensor (floats truncated) unless it holds bools only; a uint8 tensor is a (deprecated)
    mask."""
    if isinstance(k, Tensor):
        arr = k._data
        if arr.dtype == np.uint8:
            from ..errors import warn_cpp
            warn_cpp(_BYTE_MASK)
            return arr.astype(bool)
        if arr.dtype.kind not in "bi" or arr.dtype.kind == "i" and arr.dtype.itemsize < 4:
            raise TorchIndexError(_INDEX_DTYPES)
        return arr
    if isinstance(k, np.ndarray):          # gradcli's own callers
        if k.dtype.kind not in "biu":
            raise TorchIndexError(_INDEX_DTYPES)
        return k
    arr = np.asarray(k)
    if arr.dtype.kind not in "biuf":
        raise TorchTypeError(f"new(): invalid data type '{type(arr.flat[0]).__name__}'")
    return arr if arr.dtype == np.bool_ else arr.astype(np.int64)


def _key_tuple(x: Tensor, key) -> tuple:
    """`key` as the tuple PyTorch indexes with. A lone int or slice on a 0-d tensor is refused
    with its own texts; a list holding sequences, slices, tensors, None or ... is read as a
    tuple (deprecated); a range or a tuple inside it is a list, a 0-d integer tensor its
    number (`_index_part`)."""
    if isinstance(key, tuple):
        return _ranges_as_lists(key)
    if not x._data.ndim:
        if isinstance(key, (int, np.integer)) and not isinstance(key, (bool, np.bool_)):
            if key == 0:
                raise TorchIndexError(_ZERO_DIM_INDEX)
            raise TorchIndexError(f"index {int(key)} is out of bounds for dimension 0 with "
                                  f"size 0")
        if isinstance(key, slice):
            raise TorchIndexError("slice() cannot be applied to a 0-dim tensor.")
    if isinstance(key, (list, str)) and len(key) < 32:
        first = next((k for k in key if k is None or k is Ellipsis or isinstance(
            k, (Tensor, list, tuple, str, range, slice))), _NO_PART)
        if first is not _NO_PART:
            import warnings
            # PyTorch warns from one line for a sequence, slice or tensor, another for None
            # or ..., whichever the list holds first
            text = _SEQUENCE_AS_TUPLE if first is not None and first is not Ellipsis else \
                _SEQUENCE_AS_TUPLE.replace("cpp:349.", "cpp:359.")
            warnings.warn(text, UserWarning, stacklevel=3)
            return _ranges_as_lists(tuple(key))
    return (_index_part(key),)


def _specified(key: tuple) -> int:
    """How many dimensions of the tensor `key` indexes, counted as PyTorch counts them: a
    bool or uint8 tensor its own dimensions, None, ... and a bool none, anything else one."""
    n = 0
    for k in key:
        if isinstance(k, Tensor):
            n += k._data.ndim if k._data.dtype.kind == "b" or k._data.dtype == np.uint8 else 1
        elif not (k is None or k is Ellipsis or isinstance(k, bool)):
            n += 1
    return n


def _key_parts(shape: tuple, key: tuple, written: dict | None = None):
    """`key` checked against a tensor of `shape` as PyTorch's applySlicing checks it, split into
    (basic, advanced). basic: (dim, part) steps applied in order (an int selects, a slice
    slices, None unsqueezes); advanced: (dim, array) pairs applied together after them (a
    bool is a 0-d bool array, which adds a dimension), dims counted in the basic result.
    `written`, when given, gets each basic slice's (start, end, step) as the key wrote them,
    by its place in basic (SliceBackward0's saved attributes)."""
    nd = len(shape)
    specified = _specified(key)
    if specified > nd:
        raise TorchIndexError(f"too many indices for tensor of dimension {nd}")
    sizes = list(shape)                 # the shape of the result of the steps so far
    dim, basic, advanced = 0, [], []
    for position, k in enumerate(key):
        if k is None:
            basic.append((dim, None))
            sizes.insert(dim, 1)
            dim += 1
        elif k is Ellipsis:
            dim += nd - specified
        elif isinstance(k, bool) or _bool_scalar(k):
            # PyTorch's applySlicing: a bool inserts a dim (unsqueeze, in its place among the
            # basic steps), then indexes it with [0] (True) or [] (False)
            basic.append((dim, None))
            sizes.insert(dim, 1)
            advanced.append((dim, np.zeros(1 if _truth(k) else 0, dtype=np.int64)))
            dim += 1
        elif isinstance(k, (int, np.integer)):
            if not -(1 << 63) <= k < (1 << 63):     # (read as a C++ int64 first)
                raise TorchValueError("Overflow when unpacking long long")
            size = sizes[dim] if dim < len(sizes) else 0
            if not -size <= k < size:      # PyTorch names the index's position in the key
                raise TorchIndexError(f"index {int(k)} is out of bounds for dimension "
                                      f"{position} with size {size}")
            basic.append((dim, int(k)))
            del sizes[dim]
        elif isinstance(k, slice):
            if dim >= len(sizes):
                raise TorchIndexError(f"too many indices for tensor of dimension {nd}")
            part = _checked_slice(k, sizes[dim])
            if part is not None:
                if written is not None:
                    written[len(basic)] = _as_written(k)
                basic.append((dim, part))
                sizes[dim] = len(range(part.start, part.stop, part.step))
            dim += 1
        elif isinstance(k, (Tensor, np.ndarray, list)):
            arr = _index_array(k)
            advanced.append((dim, arr))
            dim += arr.ndim if arr.dtype == np.bool_ else 1
        elif isinstance(k, str):
            raise TorchTypeError("new(): invalid data type 'str'")
        else:
            kind = type(k)
            name = f"numpy.{kind.__name__}" if kind.__module__ == "numpy" else kind.__name__
            raise TorchIndexError("only integers, slices (`:`), ellipsis (`...`), None and long "
                                  f"or byte Variables are valid indices (got {name})")
    return basic, advanced


def _bool_scalar(k) -> bool:
    """A 0-d bool tensor or array as an index (PyTorch reads it as a Python bool)."""
    a = k._data if isinstance(k, Tensor) else k
    return isinstance(a, np.ndarray) and a.ndim == 0 and a.dtype == np.bool_


def _truth(k) -> bool:
    return bool(k._data) if isinstance(k, Tensor) else bool(k)


def _as_written(k: slice) -> tuple:
    """(start, end, step) of slice k as PyTorch keeps them: 0, INT64_MAX, 1 for absent ones."""
    return (0 if k.start is None else operator.index(k.start),
            2 ** 63 - 1 if k.stop is None else operator.index(k.stop),
            1 if k.step is None else operator.index(k.step))


def _checked_slice(k: slice, size: int):
    """slice k of a dimension of `size`, with its bounds resolved; None for a slice that
    leaves the dimension as it is by PyTorch's applySlice rule: start 0 and step 1 as
    written, stop absent or at least `size` (`:`, `0:`, `:n`, `::1`; not `-n:`)."""
    if k == slice(None):
        return None
    if k.step == 0:
        raise TorchValueError("slice step cannot be zero")
    if k.step is not None and k.step < 0:
        raise TorchValueError("step must be greater than zero")
    start, stop, step = k.indices(size)
    if ((k.start is None or operator.index(k.start) == 0)
            and (k.step is None or operator.index(k.step) == 1)
            and (k.stop is None or operator.index(k.stop) >= size)):
        return None
    return slice(start, max(stop, start), step)


def _ranges_as_lists(key):
    """A `range` in an index is the list of its numbers, as PyTorch reads it (`x[range(2),
    idx]`); a 0-d integer tensor is its number (x[i] selects a view, for i in arange(n) as
    for an int), a 0-d uint8 one a bool mask, as in PyTorch."""
    if isinstance(key, tuple):
        if any(isinstance(k, (range, tuple, Tensor, np.ndarray)) for k in key):
            return tuple(_index_part(k) for k in key)
        return key
    return _index_part(key)


def _index_part(k):
    if isinstance(k, (range, tuple)):   # a sequence inside the key: `x[(0, 2), :]`
        return list(k)
    if isinstance(k, np.ndarray):
        if k.dtype.kind not in "biu":
            return k.astype(np.int64)   # a NumPy array is data for an int64 index (PyTorch's
        #                                 indexing_tensor_from_data), as a list is
        if k.dtype == np.uint8:         # of its own dtype: a uint8 one a (deprecated) mask
            k = Tensor._wrap(k)
    if isinstance(k, Tensor) and k._data.ndim == 0:
        kind = k._data.dtype.kind
        if kind == "i":
            return int(k._data)
        if kind == "u" and k._data.dtype == np.uint8:
            return Tensor._wrap(k._data.astype(bool))
    return k


@one_cpp_call
def getitem(self, key):
    """x[key] with PyTorch's decomposition into select/slice/unsqueeze/index nodes"""
    written = {}
    basic, advanced = _key_parts(self._data.shape, _key_tuple(self, key), written)
    if not basic and isinstance(key, slice):    # x[:] alone is a slice all the same (get_item
        n = self._data.shape[0]                 # disables applySlice's rule for it)
        basic = [(0, slice(0, n, 1 if key.step is None else operator.index(key.step)))]
        written[0] = _as_written(key)
    out = self
    for i, (dim, part) in enumerate(basic):
        if part is None:
            out = unsqueeze(out, dim)
        elif isinstance(part, slice):
            out = apply(SliceBackward0, (out,), key=_select_key(dim, part),
                        written=written.get(i))
        else:
            out = select(out, dim, part)
    if not advanced:
        return out if out is not self else _alias_view(self)
    _empty_masks(out._data.shape, advanced)
    try:
        return apply(IndexBackward0, (out,), _extra=_advanced_key(advanced),
                     _watched=watched(*(key if isinstance(key, tuple) else (key,))))
    except IndexError as e:
        raise TorchIndexError(_index_message(e, out._data.shape, advanced)) from None


def _advanced_key(advanced) -> tuple:
    """The NumPy key of the advanced parts (full slices between them, none after the last)."""
    key, at = [], 0
    for dim, arr in advanced:
        key += [slice(None)] * (dim - at)
        key.append(arr)
        at = dim + (arr.ndim if arr.dtype == np.bool_ else 1)
    return tuple(key)


def _mask_mismatch(shape: tuple, dim: int, mask) -> str | None:
    """PyTorch's refusal of a mask at `dim` not of the indexed dimensions' sizes (NumPy
    takes an empty mask for any size)."""
    for j, n in enumerate(mask.shape):
        if dim + j >= len(shape) or shape[dim + j] != n:
            return (f"The shape of the mask {_shape_str(mask.shape)} at index {j} does not "
                    f"match the shape of the indexed tensor {_shape_str(shape)} at index "
                    f"{dim + j}")
    return None


def _empty_masks(shape: tuple, advanced) -> None:
    """The refusal of an empty mask where the dimension it indexes is not empty (NumPy takes
    it, selecting nothing)."""
    for dim, arr in advanced:
        if arr.dtype == np.bool_ and not arr.size:
            mismatch = _mask_mismatch(shape, dim, arr)
            if mismatch:
                raise TorchIndexError(mismatch)


def _index_message(e, shape: tuple, advanced) -> str:
    """PyTorch's text for the advanced index NumPy refused with `e`, checked in PyTorch's
    order: mask shapes, then whether the index tensors (a mask counting as one per
    dimension) broadcast, then whether they index an empty dimension, then the first index
    out of bounds, element by element, named by
    its place among the index tensors."""
    indices = []                        # (size of the dimension indexed, index array)
    for dim, arr in advanced:
        if arr.dtype != np.bool_:
            indices.append((shape[dim], arr))
        else:
            mismatch = _mask_mismatch(shape, dim, arr)
            if mismatch:
                return mismatch
            indices += [(shape[dim + j], col) for j, col in enumerate(np.nonzero(arr))]
    try:
        arrays = np.broadcast_arrays(*[a for _, a in indices])
    except ValueError:
        return ("shape mismatch: indexing tensors could not be broadcast together with shapes "
                + ", ".join(_shape_str(a.shape) for _, a in indices))
    sizes = np.array([n for n, _ in indices], dtype=np.int64)
    if arrays and arrays[0].size and not sizes.all():   # (ATen's check before the kernel's)
        return "index is out of bounds for dimension with size 0"
    if arrays and arrays[0].ndim > 1:       # in the order the kernel visits them
        order = _iterator_order(arrays[0].shape, [[s // a.itemsize for s in a.strides]
                                                  for a in arrays])[::-1]
        arrays = [a.transpose(order) for a in arrays]
    values = np.stack([a.reshape(-1) for a in arrays], axis=1)
    bad = np.argwhere((values >= sizes) | (values < -sizes))
    if bad.size:
        i, j = bad[0]
        return (f"index {int(values[i, j])} is out of bounds for dimension {j} with size "
                f"{sizes[j]}")
    return str(e)


class AliasBackward0(Node):
    """d alias(x) = g"""

    is_view = True

    def forward(self, x):
        return x.view()

    def backward(self, g):
        return g


def _alias_view(x):
    return apply(AliasBackward0, (x,))


Tensor.__getitem__ = getitem


def _positions(shape: tuple, key: tuple) -> np.ndarray:
    """The flat positions in a tensor of `shape` that x[key] reads, in x[key]'s order (the
    steps of getitem, checked the same way, on the positions)."""
    basic, advanced = _key_parts(shape, key)
    pos = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    for dim, part in basic:
        pos = pos[_select_key(dim, part)]
    if not advanced:
        return pos
    _empty_masks(pos.shape, advanced)
    try:
        return pos[_advanced_key(advanced)]
    except IndexError as e:
        raise TorchIndexError(_index_message(e, pos.shape, advanced)) from None


def setitem(self, key, value):
    """x[key] = value, in place: PyTorch records IndexPutBackward0 for an index of tensors
    (and full slices), CopySlices when the index first narrows x to a view"""
    from .views import CopySlices, IndexPutBackward0
    if isinstance(value, Tensor):
        v = value
    elif isinstance(value, (bool, int, float, complex, np.number, np.bool_)):
        v = to_tensor(_scalar_value(value, self._data.dtype))
        v._is_inference = self._is_inference    # (PyTorch makes it below autograd: it takes
    else:                                       # an inference tensor's write no nearer it)
        name = type(value).__name__
        if type(value).__module__ not in ("builtins", None):
            name = f"{type(value).__module__}.{name}"
        raise TorchTypeError(f"can't assign a {name} to a torch.{self.dtype.legacy}Tensor")
    if isinstance(key, tuple):          # a tuple inside the key is a sequence index
        key = tuple(list(k) if isinstance(k, tuple) else k for k in key)
    parts = key if isinstance(key, tuple) else (key,)
    if any(k is False for k in parts):
        return                          # a False index selects nothing: nothing is written
    if all(k is Ellipsis or (isinstance(k, slice) and self._data.ndim) for k in parts) and \
            _key_parts(self._data.shape, parts) == ([], []):
        # the whole tensor (a 0-d one takes no slice; slices by applySlice's rule, `x[:n]`
        # with n >= len(x) included): PyTorch's copy_to fills it or
        if v._data.ndim == 0 and self._data.ndim:   # copies v, fitted by copy_to's view and
            self.fill_(v)                           # expand (CopyBackwards), or fills
        else:                                       # (FillBackward3)
            self.copy_(_set_value(v, self._data.shape, False))
        return
    if _enabled[0] and self.grad_fn is not None and getattr(self, "_quiet_view", None) == "multi":
        _refuse_several_views_write(self, parts)
    given, key = key, _key_tuple(self, key)
    if v._data.size == 1:
        _refuse_byte_fill(key)
    check_target = _overlap_check(self, key, v)
    flat = _positions(self._data.shape, key)
    index_put = _index_put(self._data.shape, key)
    cls = IndexPutBackward0 if index_put and self._base is None else CopySlices
    advanced = any(isinstance(k, (list, Tensor, np.ndarray)) for k in parts)
    indexed = index_put or advanced and not _basic_tensors(parts)
    try:        # with an index of tensors the write is index_put_'s (into the basic parts' view)
        _check_fits(v, flat.shape, indexed)
        if advanced and v._data.dtype != self._data.dtype and not (
                v._data.ndim == 0 and len(parts) == 1 and isinstance(parts[0], Tensor)
                and parts[0]._data.dtype == np.bool_):      # (that one: masked_fill_)
            raise TorchRuntimeError(           # a value tensor of another dtype: index_put_'s
                f"Index put requires the source and destination dtypes match, got "
                f"{self.dtype.legacy} for the destination and {v.dtype.legacy} for the "
                f"source.")
        check_target()
        v = _set_value(v, flat.shape, indexed)
        # the index tensors are PyTorch's saved indices: changed in place, backward refuses
        # (a 0-d one it reads as a number or a bool instead)
        kept = watched(*(k for k in parts if isinstance(k, Tensor) and k._data.ndim)) \
            if advanced else ()
        compute = lambda before: apply(cls, (before, v), flat=flat,      # noqa: E731
                                       index_put=index_put, _watched=kept)
        if cls is CopySlices and self._base is None:
            from ..autograd.forward_ad import before_view_write
            before_view_write(self, v)
        if write_expanded(self, compute, (v,)):
            return
        if not self._data.flags.writeable and not advanced and self._base is not None:
            region = self[given]        # an expanded x: the write goes into x[key] alone,
            from .views import internal_overlap     # which may hold each element once
            if not internal_overlap(region._data):
                region.fill_(v) if v._data.ndim == 0 else region.copy_(v)
                return
        inplace(self, compute, True)
    except ValueError as e:
        raise TorchRuntimeError(str(e)) from None


Tensor.__setitem__ = setitem


def _refuse_several_views_write(self: Tensor, parts: tuple) -> None:
    """`x[key] = v` into an output of unbind, split or chunk (or a view of one): PyTorch
    refuses it naming the view op its indexing applied last (Select for a number, Slice
    for a slice that is not all of its dim, Unsqueeze for None; none for tensor indices
    alone, which write into x itself)."""
    from .core import several_views_error
    shape = self._data.shape
    used = sum(k._data.ndim if isinstance(k, Tensor) and k._data.dtype == np.bool_ else 1
               for k in parts if k is not None and k is not Ellipsis and not isinstance(k, bool))
    dim, last = 0, None
    for k in parts:
        if k is Ellipsis:
            dim += max(len(shape) - used, 0)
        elif k is None or isinstance(k, bool):
            last = "Unsqueeze"
        elif isinstance(k, slice):
            size = shape[dim] if dim < len(shape) else 0
            if not (k.start in (None, 0) and k.step in (None, 1)
                    and (k.stop is None or k.stop >= size)):
                last = "Slice"
            dim += 1
        elif isinstance(k, (int, np.integer)) or isinstance(k, Tensor) and k._data.ndim == 0 \
                and k._data.dtype.kind in "iu":
            last = "Select"
        else:
            dim += k._data.ndim if isinstance(k, Tensor) and k._data.dtype == np.bool_ else 1
    if last is not None:
        raise several_views_error(0, last)


def _refuse_byte_fill(key) -> None:
    """PyTorch writes one value under a lone tensor index with masked_fill_ (its fast path
    for a mask), which refuses a uint8 index (`x[byte_mask] = 0`)."""
    tensors = [k for k in (key if isinstance(key, tuple) else (key,))
               if isinstance(k, (Tensor, np.ndarray, list))]
    if len(tensors) == 1 and isinstance(tensors[0], Tensor) and \
            tensors[0]._data.dtype == np.uint8:
        raise TorchRuntimeError("masked_fill_ only supports boolean masks, but got mask with "
                                "dtype unsigned char")


def delitem(self, key):
    """`del x[key]`: refused, as PyTorch refuses it"""
    raise TorchTypeError("Tensor does not support deleting items")


Tensor.__delitem__ = delitem


def _set_value(v: Tensor, target: tuple, indexed: bool) -> Tensor:
    """The value PyTorch's set_item writes for `x[key] = v` (its view and expand are nodes of
    the graph): with tensor indices, v without its leading sizes of 1 (a view when it has
    any); else copy_to's: v itself when it has x[key]'s shape or is 0-d, or else a view of v
    without its leading 1s (even when it has none), expanded to x[key] if still unlike it."""
    shape = v._data.shape
    if not shape or not indexed and shape == target:
        return v
    while shape and shape[0] == 1:
        shape = shape[1:]
    if indexed:
        return v if shape == v._data.shape else v.view(shape)
    v = v.view(shape)
    return v if shape == target else v.expand(target)


def _overlap_check(self: Tensor, key: tuple, v: Tensor):
    """PyTorch's memory checks of `x[key] = v`, where x[key] is the view the basic parts of
    key make. With tensor indices, index_put_ on that view refuses a value in its memory at
    all, before anything else (but a one-element value under a bool mask, which it hands to
    masked_fill_), and only warns when the view is expanded; copy_ (or fill_) into the view
    refuses an expanded view, and a v sharing part of it once v has been fitted to it: the
    returned check, to run then."""
    from .views import INTERNAL_OVERLAP, check_inputs, internal_overlap, warn_expanded
    if not (internal_overlap(self._data) or np.may_share_memory(self._data, v._data)):
        return _no_check
    basic, advanced = _key_parts(self._data.shape, key)
    dst = self._data
    for dim, part in basic:
        dst = dst[_select_key(dim, part)]
    expanded = internal_overlap(dst)
    if advanced:
        masked = len(advanced) == 1 and advanced[0][1].dtype == np.bool_ and v._data.size == 1
        if expanded:
            warn_expanded("index_put_")
            if masked:
                warn_expanded("masked_fill_")
        if not masked:
            check_inputs(dst, (v._data,), full=True)
        return _no_check
    from .views import _fitted

    def check():
        if expanded:
            raise TorchRuntimeError(INTERNAL_OVERLAP)
        if v._data.ndim or dst.shape == ():                # else fill_
            check_inputs(dst, (np.broadcast_to(
                v._data.reshape(_fitted(v._data.shape, dst.ndim)), dst.shape),))
    return check


def _no_check() -> None:
    return None


def _scalar_value(value, np_dtype) -> np.ndarray:
    """The number of `x[key] = value` in x's dtype: PyTorch refuses one an integer dtype,
    float32 or complex64 cannot hold and lets float16 and bfloat16 overflow to inf. A Python
    int past int64 is refused whatever the dtype (PyTorch unpacks it as a long long first)."""
    if value.__class__ is int and not -(1 << 63) <= value < (1 << 63):
        raise TorchValueError("Overflow when unpacking long long")
    if value.__class__ is complex and (np_dtype == np.float16 or np_dtype == dtypes.BF16_NP):
        # float16 and bfloat16 read a complex as a double first (the error names double)
        value = dtypes.checked_scalar(value, np.float64).item()
    if np_dtype.kind in "iu" or np_dtype == np.float32 or np_dtype == np.complex64 or \
            (value.__class__ is complex and np_dtype.kind != "c"):
        return dtypes.checked_scalar(value, np_dtype)
    with np.errstate(over="ignore"):
        return dtypes.cast(value, np_dtype)


def _check_fits(v, target: tuple, index_put: bool) -> None:
    """PyTorch's error when the value of `x[key] = v` does not broadcast to x[key]'s shape:
    index_put_'s, or for an assignment into a view copy_'s, which expands v (leading sizes
    of 1 in v beyond x[key]'s dimensions are dropped, as both do)."""
    from .views import _fitted
    shape = _fitted(v._data.shape, len(target))
    if index_put:
        try:
            np.broadcast_shapes(shape, target)
            ok = len(shape) <= len(target) and np.broadcast_shapes(shape, target) == target
        except ValueError:
            ok = False
        if not ok:
            raise TorchRuntimeError(f"shape mismatch: value tensor of shape "
                                    f"{_shape_str(v._data.shape)} cannot be broadcast to "
                                    f"indexing result of shape {_shape_str(target)}")
    elif shape != v._data.shape:
        expanded_shape(v.reshape(shape), target)
    else:
        expanded_shape(v, target)


def _basic_tensors(parts) -> bool:
    """Whether every tensor of an index is 0-d and integral: PyTorch selects with it, as
    with an int (bool and uint8 ones unsqueeze and mask)."""
    return all(k._data.ndim == 0 and k._data.dtype.kind in "iu" and k._data.dtype != np.uint8
               for k in parts if isinstance(k, Tensor)) and \
        not any(isinstance(k, (list, np.ndarray)) for k in parts)


def _index_put(shape: tuple, key: tuple) -> bool:
    """Whether PyTorch assigns through `index_put_` (an index of tensors or lists, beside
    only slices that leave their dims as they are and ...) rather than into a view (an int,
    a narrowing slice, None or a bool, which PyTorch unsqueezes, makes one first)."""
    basic, advanced = _key_parts(shape, key)
    return bool(advanced) and not basic     # (a bool is an unsqueeze among the basic steps)


def diagonal_view(x: np.ndarray, offset: int, d1: int, d2: int) -> np.ndarray:
    """np.diagonal's view, writable when x is (NumPy's own is read-only, but PyTorch's
    diagonal is an ordinary view: `a.diagonal().fill_(1)` writes into a)."""
    view = np.diagonal(x, offset, d1, d2)
    if not x.flags.writeable:
        return view
    start = [slice(None)] * x.ndim
    start[d1 % x.ndim] = slice(max(-offset, 0), None)
    start[d2 % x.ndim] = slice(max(offset, 0), None)
    return np.lib.stride_tricks.as_strided(x[tuple(start)], view.shape, view.strides,
                                           writeable=True)


class DiagonalBackward0(Node):
    """d diagonal(x) = g placed on the diagonal of zeros"""

    is_view = True

    def forward(self, x):
        return diagonal_view(x, self.offset, self.d1, self.d2)

    def backward(self, g):
        return apply(DiagonalBackwardBackward0, (g,), offset=self.offset, d1=self.d1,
                     d2=self.d2, shape=self._in_meta[0][0])


class DiagonalBackwardBackward0(Node):
    """d (g on a diagonal) = gg's diagonal"""

    def forward(self, g):
        out = np.zeros(self.shape, dtype=g.dtype)
        idx = _diag_index(self.shape, self.offset, self.d1, self.d2)
        moved = np.moveaxis(out, (self.d1, self.d2), (-2, -1))
        moved[..., idx[0], idx[1]] = g
        return out

    def backward(self, gg):
        return apply(DiagonalBackward0, (gg,), offset=self.offset, d1=self.d1, d2=self.d2)


def _diag_index(shape, offset, d1, d2):
    n1, n2 = shape[d1], shape[d2]
    rows = np.arange(max(0, -offset), n1)
    cols = rows + offset
    keep = (cols >= 0) & (cols < n2)
    return rows[keep], cols[keep]


@register("diagonal", grad_fn="DiagonalBackward0", method=True,
          sample=fixed((((3, 3),), {}), (((2, 3),), {"offset": 1})))
def diagonal(input, offset=0, dim1=0, dim2=1):
    """the diagonal of a matrix: d/dx = g placed on the diagonal"""
    nd = input._data.ndim
    d1, d2 = wrap_dim(dim1, nd), wrap_dim(dim2, nd)
    if d1 == d2:
        raise TorchRuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return apply(DiagonalBackward0, (input,), offset=offset, d1=d1, d2=d2,
                 as_given={"dim1": dim1, "dim2": dim2})


# -- dtype conversion -------------------------------------------------------------------------

class ToCopyBackward0(Node):
    """d x.to(dtype) = g converted back to x's dtype"""

    bf16_exact = True             # its result has the dtype asked for, bfloat16 or not

    strides = None          # x.to(memory_format=channels_last): the copy's strides
    contiguous = False      # x.to(memory_format=contiguous_format)
    meta = False            # x.to("meta"): a meta tensor (gradcli.meta), no data

    @property
    def own_layout(self) -> bool:
        """A memory format was asked for: the result is not laid out as its input."""
        return self.strides is not None or self.contiguous or self.meta

    def forward(self, x):
        if self.meta:
            return _meta.empty(x.shape, self.np_dtype)
        y = self._converted(x)
        if self.strides is not None:
            return copy_laid_out(y, self.strides)
        return np.ascontiguousarray(y) if self.contiguous else y

    def _converted(self, x):
        warn_complex_to_real(x.dtype, np.dtype(self.np_dtype))
        if self.np_dtype == dtypes.BF16_NP:
            return dtypes.to_bf16(x) if x.dtype.kind != "c" else dtypes.to_bf16(x.real)
        if x.dtype.kind == "c" and np.dtype(self.np_dtype).kind not in "cb":
            x = x.real                  # (PyTorch's warning above, not NumPy's too)
        return dtypes.cast(x, self.np_dtype)

    def backward(self, g):
        if self.meta:               # the gradient would be copied out of a meta tensor
            raise TorchNotImplementedError(_meta.NO_DATA)
        return g


def gradcli_float64():
    return dtypes.float64


def _copied_out_of_inference(x) -> bool:
    """Whether x is an inference tensor requiring grad (with grad on) or with a tangent,
    copied outside inference mode: PyTorch's clone and to then write it into a normal tensor
    (empty_like, copy_), the one op of theirs with a normal input, so autograd records that
    copy and forward AD gives it x's tangent."""
    from ..autograd import forward_ad
    return x._is_inference and not grad_mode._inference[0] and (
        x._requires_grad and _enabled[0] or forward_ad.ACTIVE[0] and forward_ad.tangent_of(x)
        is not None)


def _inference_copy(x, np_dtype, strides):
    """x copied into a new normal tensor of `np_dtype` (laid out by `strides`): a
    CopyBackwards, as PyTorch's clone and to of an inference tensor record."""
    data = np.empty(x._data.shape, np_dtype) if strides is None else \
        laid_out(np.empty(x._data.size, np_dtype), x._data.shape, strides)
    return wrap(data).copy_(x)


def to_np_dtype(x: Tensor, np_dtype, **layout) -> Tensor:
    """x converted to a NumPy dtype (differentiable when both are floating); `layout`
    (copy=True, strides= or contiguous=True) makes a copy even of the same dtype."""
    if x._data.dtype == np_dtype and not layout:
        return x
    layout.pop("copy", None)
    if _copied_out_of_inference(x) and np.dtype(np_dtype).kind in "fc":
        return _inference_copy(x, np_dtype, layout.get("strides"))
    out = apply(ToCopyBackward0, (x,), np_dtype=np.dtype(np_dtype), **layout)
    if out._data.dtype.kind not in "fc":
        out.grad_fn = None
        out._requires_grad = False
    return out


def suggest_memory_format(a: np.ndarray) -> str:
    """PyTorch's Tensor.suggest_memory_format: "channels_last" for a 4-d tensor (and
    "channels_last_3d" for a 5-d one) whose strides look like it (c10's
    is_channels_last_strides_2d/3d: C innermost, then W, H (D), N, an ambiguous case taken
    as contiguous), else "contiguous_format"."""
    order = {4: (1, 3, 2, 0), 5: (1, 4, 3, 2, 0)}.get(a.ndim)
    if order is None or a.itemsize == 0:
        return "contiguous_format"
    strides = [st // a.itemsize for st in a.strides]
    if strides[1] == 0:
        return "contiguous_format"
    low = 0
    for d in order:
        if a.shape[d] == 0 or strides[d] < low or (d == 0 and low == strides[1]):
            return "contiguous_format"
        low = strides[d] * (a.shape[d] if a.shape[d] > 1 else 1)
    return "channels_last" if a.ndim == 4 else "channels_last_3d"


def follow_format(out: np.ndarray, inputs, rule: str = "first") -> np.ndarray:
    """`out` laid out channels-last when the inputs suggest that format for its rank (rule
    "first"/"any": one of them does; "all": every one does), else as it is."""
    fmt = {4: "channels_last", 5: "channels_last_3d"}.get(out.ndim)
    if fmt is None:
        return out
    votes = [suggest_memory_format(a) == fmt for a in inputs if a.ndim == out.ndim]
    if not votes or not (all(votes) if rule == "all" else any(votes)):
        return out
    inner = (1, 3, 2, 0) if out.ndim == 4 else (1, 4, 3, 2, 0)
    return copy_laid_out(out, _channels_last_strides(out.shape, inner))


def _to(input, *args, dtype=None, copy=False, device=None, non_blocking=False,
        memory_format=None, tensor=None):
    """x.to(dtype) / x.to(other) / x.to('cpu') / x.to(device, dtype), then non_blocking and
    copy: self when nothing changes (dtype, and a memory_format self's strides already
    suggest), else a converted copy (ToCopyBackward0) laid out as memory_format asks
    (preserve_format: as self is); a device other than the CPU raises PyTorch's CPU-build
    error"""
    from .. import devices
    if tensor is not None:
        args = (tensor,) + args
    to_meta = _meta.wanted(device)
    if device is not None and not to_meta:
        devices.check(device)
    flags = []
    if args and args[0].__class__ in (float, bool, complex):
        # to(Tensor other) with a number for other, as PyTorch's parser wraps it: a 0-d
        # float64, bool or complex128 tensor whose dtype is taken
        args = (dtypes.python_type_dtype(args[0].__class__),) + args[1:]
    for a in args:
        if isinstance(a, Tensor):
            dtype = a.dtype
            to_meta = to_meta or a.is_meta
        elif isinstance(a, bool):
            flags.append(a)
        elif devices.is_device_like(a):
            if _meta.wanted(a):
                to_meta = True
            else:
                devices.check(a)
                device = a
        elif isinstance(a, (dtypes.dtype, type, str)):
            dtype = a
    if len(flags) > 1:
        copy = flags[1]
    name = getattr(memory_format, "name", "preserve_format")
    target = input._data.dtype if dtype is None else dtypes.to_dtype(dtype).np
    if input.is_meta and device is not None and not to_meta:
        raise TorchNotImplementedError(_meta.NO_DATA)
    if to_meta and not input.is_meta:
        return to_np_dtype(input, target, meta=True)
    if target == input._data.dtype and not copy and name in (
            "preserve_format", suggest_memory_format(input._data)):
        return input
    if name == "preserve_format":
        return to_np_dtype(input, target, copy=True)
    if name == "contiguous_format":
        return to_np_dtype(input, target, contiguous=True)
    _memory_order(input, memory_format, check=True)
    return to_np_dtype(input, target, strides=layout_like(input._data, memory_format))


register("to", method=True, function=False, grad_fn="ToCopyBackward0",
         sample=fixed((((3,), gradcli_float64()), {})))(_to)

for _name, _dt in [("float", dtypes.float32), ("double", dtypes.float64),
                   ("half", dtypes.float16), ("bfloat16", dtypes.bfloat16),
                   ("int", dtypes.int32), ("long", dtypes.int64), ("bool", dtypes.bool_),
                   ("short", dtypes.int16), ("byte", dtypes.uint8), ("char", dtypes.int8)]:
    def _conv(input, *, memory_format=None, _dt=_dt):
        if memory_format is not None:            # self.to(dtype, memory_format=...)
            return _to(input, _dt, memory_format=memory_format)
        return to_np_dtype(input, _dt.np)
    _conv.__doc__ = f"convert to {_dt!r}"
    register(_name, method=True, function=False, grad_fn="ToCopyBackward0",
             differentiable=_dt.category >= 2,
             sample=fixed((((3,),), {})) if _dt is dtypes.float64 else None,
             no_gradcheck="" if _dt is dtypes.float64 else
             "lowers precision below what a float64 gradcheck can see")(_conv)


@register("type_as", method=True, function=False, grad_fn="ToCopyBackward0",
          sample=fixed((((3,), (2,)), {})))
def type_as(input, other):
    """convert to other's dtype"""
    return to_np_dtype(input, other._data.dtype)


@register("type", method=True, function=False, differentiable=False)
def type_(input, dtype=None, non_blocking=False, *, memory_format=None):
    """the type name (no argument) or a converted tensor (`dtype` a dtype, a legacy type
    such as torch.IntTensor or its name 'torch.IntTensor'; any other type or name, Python's
    float included, is PyTorch's "invalid type")"""
    if dtype is None:
        return f"torch.{input.dtype.legacy}Tensor"
    if not isinstance(dtype, (type, str, dtypes.dtype)) and \
            isinstance(getattr(dtype, "type", None), type):
        dtype = dtype.type                  # a formula's builtin type (its `str`)
    if getattr(dtype, "is_cuda", False) is True or isinstance(dtype, str) and \
            dtype.startswith("torch.cuda.") and dtype[11:] in _tensor_module.CUDA_TENSOR_TYPES:
        raise TorchRuntimeError(_tensor_module.NO_CUDA_LIBRARY)
    if isinstance(dtype, type):
        legacy = getattr(dtype, "dtype", None)                  # torch.LongTensor's
        dtype = dtypes.get_default_dtype() if dtype is Tensor else \
            legacy if isinstance(legacy, dtypes.dtype) else _type_name(dtype)
    if isinstance(dtype, str):
        found = dtypes.from_legacy_name(dtype)
        if found is None:
            raise TorchValueError(f"invalid type: '{dtype}'")
        dtype = found
    if not isinstance(dtype, dtypes.dtype):
        raise TorchTypeError("dtype must be a type, str, or dtype object")
    return _to(input, dtype, non_blocking=non_blocking, memory_format=memory_format)


def _type_name(cls) -> str:
    """CPython's tp_name of a class, as PyTorch's Tensor.type reads a type: NumPy's carry
    their module (`numpy.float32`), builtins and Python classes their name alone."""
    return f"numpy.{cls.__name__}" if cls.__module__ == "numpy" else cls.__name__
