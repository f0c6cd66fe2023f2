"""More of PyTorch's tensor functions about sizes and memory: `nonzero_static` (nonzero's
rows in a result of fixed size, padded), `empty_permuted` (an empty tensor laid out in a
given order of dims), `Tensor.new_empty_strided`, `Tensor.dim_order`, `as_strided_scatter`,
`frombuffer`, the deprecated `Tensor.resize` / `resize_as`,
`torch.rrelu_`, `torch.get_device` and `torch.is_storage`.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import TorchRuntimeError, TorchTypeError, TorchValueError
from .._tensor import MEMORY_FORMATS, Tensor
from .core import apply, int_sizes, to_tensor, wrap
from .registry import category, fixed, register

category("shape")


@register("nonzero_static", method=True, differentiable=False)
def nonzero_static(input, *, size, fill_value=-1):
    """nonzero's rows (the indices of the non-zero elements) in a (size, ndim) int64 tensor:
    the first `size` of them, then rows of fill_value"""
    if size < 0:
        raise TorchRuntimeError("nonzero_static: 'size' must be an non-negative integer")
    x = input._data
    if x.ndim == 0:                          # PyTorch: no dims, so rows of no indices
        return wrap(np.zeros((size, 0), dtype=np.int64))
    rows = np.array(np.nonzero(x), dtype=np.int64).T[:size]
    out = np.full((size, x.ndim), fill_value, dtype=np.int64)
    out[:len(rows)] = rows
    return wrap(out)


@register("empty_permuted", differentiable=False)
def empty_permuted(size, physical_layout, *, dtype=None, layout=None, device=None,
                   requires_grad=False, pin_memory=False):
    """an uninitialised (here: zero) tensor of `size` whose dims lie in memory in the order
    `physical_layout` (outermost first): torch.empty(size permuted).permute(inverse)"""
    from .. import devices
    devices.check(device)
    size = int_sizes((size,), "empty_permuted", "size")
    order = int_sizes((physical_layout,), "empty_permuted", "physical_layout", 2)
    if len(size) != len(order):
        raise TorchRuntimeError(
            "Number of dimensions in size does not match the length of the physical_layout; "
            f"i.e. len(size) = {len(size)} is not equal to len(physical_layout) = {len(order)}")
    if len(set(order)) != len(order) or sorted(order) != list(range(len(order))):
        raise TorchRuntimeError("Duplicate dim not allowed")
    for n in size:
        if n < 0:
            raise TorchRuntimeError(f"Trying to create tensor with negative dimension {n}: "
                                    f"[{', '.join(map(str, size))}]")
    d = dtypes.get_default_dtype() if dtype is None else dtypes.to_dtype(dtype)
    data = np.zeros([size[i] for i in order], d.np).transpose(np.argsort(order))
    t = wrap(data)
    if requires_grad:
        t.requires_grad_()
    return t


@register("new_empty_strided", method=True, function=False, differentiable=False)
def new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None,
                      pin_memory=False, requires_grad=False):
    """empty_strided of self's dtype (unless given)"""
    from .tensor_more import empty_strided
    return empty_strided(size, stride, dtype=self.dtype if dtype is None else dtype,
                         layout=layout, device=device, requires_grad=requires_grad)


def dim_order(self, *, ambiguity_check=False):
    """The dims from the outermost in memory to the innermost (the largest stride first;
    PyTorch's elementwise-output permutation). ambiguity_check=True raises when the order is
    not unique (a size-1 dim, or two equal strides); a list of memory formats, unless the
    tensor is contiguous in exactly one of them."""
    bad = TorchTypeError("The ambiguity_check argument must be a bool or a list of memory "
                         "formats.")
    if not isinstance(ambiguity_check, bool):
        if not isinstance(ambiguity_check, list):
            raise bad
        if any(f not in MEMORY_FORMATS.values() for f in ambiguity_check):
            raise bad
    sizes, strides = tuple(self.shape), self.stride()
    check = ambiguity_check if isinstance(ambiguity_check, bool) else True
    formats = ambiguity_check if isinstance(ambiguity_check, list) else []
    multiple = any(a == b for a, b in zip(strides, strides[1:])) or 1 in sizes
    unique_format = sum(self.is_contiguous(memory_format=f) for f in formats) == 1
    if check and multiple and not unique_format:
        raise TorchRuntimeError("The tensor does not have unique dim order, or cannot map to "
                                "exact one of the given memory formats.")
    return tuple(_logical_to_physical(sizes, strides))


def _logical_to_physical(sizes, strides) -> list:
    """torch._prims_common.compute_elementwise_output_logical_to_physical_perm for one
    tensor: an insertion sort of the dims, innermost first, by stride (a size-1 dim, or a
    0 stride, stays where it is), reversed."""
    ndim = len(sizes)
    if ndim <= 1:
        return list(range(ndim))
    if _contiguous(sizes, strides):
        return list(range(ndim))
    perm = list(reversed(range(ndim)))

    def should_swap(a, b):
        if strides[a] == 0 or strides[b] == 0:
            return 0
        if strides[a] < strides[b]:
            return -1
        if strides[a] > strides[b]:
            return 1
        if sizes[a] > sizes[b]:
            return 1
        return 0
    for i in range(1, ndim):
        d1 = i
        for d0 in reversed(range(i)):
            comparison = should_swap(perm[d0], perm[d1])
            if comparison > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif comparison < 0:
                break
    return list(reversed(perm))


def _contiguous(sizes, strides) -> bool:
    expected = 1
    for n, s in zip(reversed(sizes), reversed(strides)):
        if n == 1:
            continue
        if s != expected:
            return False
        expected *= n
    return True


Tensor.dim_order = dim_order


# -- as_strided_scatter ------------------------------------------------------------------------

def _register_as_strided_scatter() -> None:
    from .scatters import _ViewScatter
    from .shape import copy_laid_out

    def forward(self, x, src):
        out = _ViewScatter.forward(self, x, src)
        return out if self.strides is None else copy_laid_out(out, self.strides)
    cls = type("AsStridedScatterBackward0", (_ViewScatter,), {
        "__doc__": "d (x with x.as_strided(size, stride, offset) := src) = g zeroed there "
                   "for x, g.as_strided(...) for src; the result laid out as x's clone",
        "forward": forward, "strides": None})

    @register("as_strided_scatter", grad_fn="AsStridedScatterBackward0", method=True,
              sample=fixed((((3, 4), (2, 2), [2, 2], [4, 1], 1), {}),
                           (((6,), (3,), [3], [2]), {})))
    def as_strided_scatter(input, src, size, stride, storage_offset=None):
        """x with the elements that x.clone().as_strided(size, stride, storage_offset)
        reads replaced by src (the clone keeps x's layout, so the strides address its
        memory): d/dx = g zeroed there, d/dsrc = those elements of g. (PyTorch 2.13's
        gradient for x is the reverse, g there and zero elsewhere, which fails its own
        gradcheck: gradcli gives the derivative.)"""
        from .shape import as_strided
        src = to_tensor(src)
        clone = input.detach().clone()
        as_strided(clone.reshape(-1) if clone._data.flags.c_contiguous else
                   wrap(np.zeros(clone._data.size, clone._data.dtype)),
                   size, stride, storage_offset)      # PyTorch's checks and errors
        flat = _storage_positions(clone._data, size, stride, storage_offset or 0)
        if src._data.shape != flat.shape:
            raise TorchRuntimeError(
                "expected src to have a size equal to the slice of self. src size = "
                f"[{', '.join(map(str, src._data.shape))}], slice size = "
                f"[{', '.join(map(str, flat.shape))}]")
        from .shape import layout_like
        return apply(cls, (input, src), flat=flat, strides=layout_like(input._data),
                     view=lambda g: g.reshape(-1)[wrap(flat)])


def _storage_positions(clone: np.ndarray, size, stride, offset: int) -> np.ndarray:
    """The C-order positions in `clone` (a dense array) of the elements at storage offset
    `offset` + sum(index * stride) of its memory."""
    n = clone.size
    item = clone.itemsize
    steps = [k // item for k in clone.strides]
    origin = sum((m - 1) * k for m, k in zip(clone.shape, steps) if k < 0)
    logical = np.arange(n, dtype=np.int64).reshape(clone.shape)
    where = np.zeros(clone.shape, dtype=np.int64) - origin
    for axis, k in enumerate(steps):
        shape = [1] * clone.ndim
        shape[axis] = clone.shape[axis]
        where = where + np.arange(clone.shape[axis]).reshape(shape) * k
    memory = np.empty(n, dtype=np.int64)
    memory[where.reshape(-1)] = logical.reshape(-1)
    return np.lib.stride_tricks.as_strided(memory[offset:], tuple(size),
                                           tuple(k * 8 for k in stride)).copy()


_register_as_strided_scatter()


# -- frombuffer, resize, and other names --------------------------------------------------------

@register("frombuffer", differentiable=False)
def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """a 1-D tensor over an object's buffer (a bytearray, array.array, memoryview ...),
    sharing its memory: `count` elements of `dtype` from byte `offset` (all that fit with
    -1)"""
    from .creation import _finish
    d = dtypes.to_dtype(dtype)
    view = memoryview(buffer)
    length = view.nbytes
    bf16 = d.np == dtypes.BF16_NP        # held as float32 here: read as 2-byte patterns
    item = 2 if bf16 else np.dtype(d.np).itemsize
    if length <= 0 or count == 0:
        raise TorchValueError(f"both buffer length ({length}) and count ({count}) must not "
                              "be 0")
    if not 0 <= offset < length:
        raise TorchValueError(f"offset ({offset} bytes) must be non-negative and no greater "
                              f"than buffer length ({length} bytes) minus 1")
    if count < 0 and (length - offset) % item != 0:
        raise TorchValueError(f"buffer length ({length - offset} bytes) after offset "
                              f"({offset} bytes) must be a multiple of element size ({item})")
    if count < 0:
        count = (length - offset) // item
    if offset + count * item > length:
        raise TorchValueError(f"requested buffer length ({count} * {item} bytes) after "
                              f"offset ({offset} bytes) must not be greater than actual "
                              f"buffer length ({length} bytes)")
    if view.readonly:
        from ..errors import warn_cpp
        warn_cpp("The given buffer is not writable, and PyTorch does not support non-writable "
                 "tensors. This means you can write to the underlying (supposedly "
                 "non-writable) buffer using the tensor. You may want to copy the buffer to "
                 "protect its data or make it writable before converting it to a tensor. "
                 "This type of warning will be suppressed for the rest of this program. "
                 "(Triggered internally at /__w/pytorch/pytorch/torch/csrc/utils/"
                 "tensor_new.cpp:1556.)", once=True)
    if bf16:                  # a copy: bfloat16's bits widened to float32's
        raw = np.frombuffer(view.cast("B"), dtype=np.uint16, count=count, offset=offset)
        return _finish((raw.astype(np.uint32) << 16).view(np.float32).astype(d.np),
                       requires_grad)
    data = np.frombuffer(view.cast("B"), dtype=d.np, count=count, offset=offset)
    if view.readonly:
        data = data.copy()        # NumPy keeps it read-only; gradcli's tensors are writable
    return _finish(data, requires_grad)


def _resize_function():
    from ..autograd.function import Function

    class Resize(Function):
        """PyTorch's torch.autograd._functions.Resize: a reshape that keeps the number of
        elements (the deprecated Tensor.resize / resize_as)"""

        @staticmethod
        def forward(ctx, tensor, sizes):
            ctx.sizes = sizes
            ctx.numel = int(np.prod(sizes))
            if tensor.numel() != ctx.numel:
                raise TorchRuntimeError(
                    f"requested resize to {'x'.join(map(str, sizes))} ({ctx.numel} elements "
                    f"in total), but the given tensor has a size of "
                    f"{'x'.join(map(str, tensor.size()))} ({tensor.numel()} elements). "
                    "autograd's resize can only change the shape of a given tensor, while "
                    "preserving the number of elements. ")
            ctx.input_sizes = tensor.size()
            return tensor.contiguous().clone().view(*sizes)

        @staticmethod
        def backward(ctx, grad_output):
            return grad_output.contiguous().view(ctx.input_sizes), None
    return Resize


_RESIZE = []


def _resize(self, sizes):
    if not _RESIZE:
        _RESIZE.append(_resize_function())
    return _RESIZE[0].apply(self, tuple(sizes))


def resize(self, *sizes):
    """the tensor reshaped to `sizes` (the same number of elements), a copy: deprecated"""
    import warnings
    warnings.warn("non-inplace resize is deprecated", UserWarning, stacklevel=2)
    sizes = sizes[0] if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else sizes
    return _resize(self, sizes)


def resize_as(self, tensor):
    """resize to `tensor`'s size: deprecated"""
    import warnings
    warnings.warn("non-inplace resize_as is deprecated", UserWarning, stacklevel=2)
    return _resize(self, tuple(tensor.size()))


Tensor.resize = resize
Tensor.resize_as = resize_as


@register("rrelu_", differentiable=False)
def rrelu_(input, lower=1. / 8, upper=1. / 3, training=False, generator=None):
    """In-place version of rrelu (drawing from `generator` when given)"""
    from .nn import rrelu_with_generator
    return rrelu_with_generator(input, lower, upper, training, True, generator)


@register("get_device", differentiable=False)
def get_device(input):
    """the CUDA device index of the tensor: -1, a CPU tensor's"""
    return -1


@register("cudnn_is_acceptable", differentiable=False)
def cudnn_is_acceptable(input):
    """whether cuDNN could take the tensor: never, without CUDA"""
    if not isinstance(input, Tensor):
        raise TorchTypeError(f"cudnn_is_acceptable(): argument 'input' (position 1) must be "
                             f"Tensor, not {type(input).__name__}")
    return False


@register("is_storage", differentiable=False)
def is_storage(obj, /):
    """whether obj is a storage object: a TypedStorage (tensor.storage()) or an
    UntypedStorage (tensor.untyped_storage()), by exact type as in PyTorch"""
    from ..storage import TypedStorage, UntypedStorage
    return type(obj) in (TypedStorage, UntypedStorage)


@register("set_default_tensor_type", differentiable=False)
def set_default_tensor_type(t):
    """the default floating-point dtype, given as a legacy tensor type (torch.DoubleTensor)
    or its name; deprecated since PyTorch 2.1 (its warning, once per process)"""
    from .._tensor import TENSOR_TYPES
    from ..errors import warn_once
    warn_once("torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
              "torch.set_default_dtype() and torch.set_default_device() as alternatives. "
              "(Triggered internally at /__w/pytorch/pytorch/torch/csrc/tensor/"
              "python_tensor.cpp:434.)", UserWarning, stacklevel=1)
    if isinstance(t, str):
        if t.startswith("torch.cuda."):
            raise TorchTypeError(f"type {t} not available. Torch not compiled with CUDA "
                                 "enabled.")
        name = t[len("torch."):] if t.startswith("torch.") else t
        if name not in TENSOR_TYPES:
            raise AttributeError(f"module 'torch' has no attribute '{name}'")
        t = TENSOR_TYPES[name]
    if isinstance(t, type) and getattr(t, "is_cuda", False) is True:
        raise TorchTypeError(f"type {t.__torch_name__} not available. Torch not compiled "
                             "with CUDA enabled.")
    if not (isinstance(t, type) and t in TENSOR_TYPES.values()):
        raise TorchTypeError("invalid type object: only floating-point types are supported as "
                             "the default type")
    if not t.dtype.is_floating_point:
        raise TorchTypeError("only floating-point types are supported as the default type")
    dtypes.set_default_dtype(t.dtype)
