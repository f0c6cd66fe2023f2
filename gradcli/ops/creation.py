"""Tensor creation: tensor, zeros, ones, full, empty, arange, linspace, eye, rand, randn,
randint, the `*_like` forms, from_numpy, and the random seed.

Dtype inference follows PyTorch: Python floats give the default dtype, ints give int64,
bools give bool; NumPy arrays keep their dtype. rand, randn, randint, randperm, normal,
bernoulli, dropout's masks and rrelu's slopes draw from PyTorch's own CPU stream
(ops/rng.py: `manual_seed(0); randn(3)` gives PyTorch's numbers).
"""
from __future__ import annotations

import math
import os

import numpy as np

from .. import devices as _devices, dtypes, limits, meta as _meta
from ..errors import TorchNotImplementedError, TorchRuntimeError, TorchTypeError, TorchValueError
from .._tensor import _CPP_NAMES, Tensor
from ..autograd.graph import Node
from ..fpmath import fma
from .core import int_sizes, refuse_complex, wrap
from .registry import category, register

category("creation")

_torch_rng = [None]  # PyTorch's stream (rng.TorchGenerator), made on first use (numpy.random
#                      takes ~8 ms to import)


def _torch_generator():
    gen = _torch_rng[0]
    if gen is None:
        from .rng import TorchGenerator
        gen = _torch_rng[0] = TorchGenerator(_seed[0])
    return gen


def rng_snapshot():
    """(seed, state) to hand back to `rng_restore`; the state is None while nothing has been
    drawn, so taking a snapshot does not load numpy.random."""
    gen = _torch_rng[0]
    return initial_seed(), (None if gen is None else gen.state())


def rng_restore(snapshot) -> None:
    seed, torch_state = snapshot
    _seed[0] = seed
    if torch_state is None:
        _torch_rng[0] = None
    else:
        gen = _torch_generator()
        gen.set_state(torch_state)
        gen.seed = seed


# The default generator's seed: a random one per process until `manual_seed`, as PyTorch's
# (a new `Generator()` starts from PyTorch's fixed default, 67280421310721, as there)
_seed = [int.from_bytes(os.urandom(8), "little")]


# Factories PyTorch overloads: a bad argument is its "invalid combination" refusal there
_OVERLOADED = {"rand", "randn", "randint", "randperm", "arange", "linspace", "logspace", "eye"}


def _flag(requires_grad, name: str, args=(), **shown) -> None:
    """Refuse a `requires_grad=` that is not a bool in PyTorch's words (its argument parser
    takes no other value, but a factory's optional flag lets None through: all but `tensor`).
    `args` and `shown` (keywords, those not None) describe the call for an overloaded
    factory's refusal."""
    if requires_grad is True or requires_grad is False or \
            (requires_grad is None and name != "tensor"):
        return
    if name in _OVERLOADED:
        from ..callerrors import invalid_combination
        kwargs = {k: v for k, v in shown.items() if v is not None}
        kwargs["requires_grad"] = requires_grad
        raise TorchTypeError(invalid_combination(name, args, kwargs, False))
    raise TorchTypeError(f"{name}(): argument 'requires_grad' must be bool, not "
                         f"{type(requires_grad).__name__}")


def _finish(arr, requires_grad):
    if arr.dtype == dtypes.BF16_NP:         # converted as float32: now rounded to bfloat16
        arr = dtypes.to_bf16(arr)
    t = wrap(arr)
    if requires_grad:
        if arr.dtype.kind not in "fc":        # a factory's words, not requires_grad_'s
            raise TorchRuntimeError("Only Tensors of floating point and complex dtype can "
                                    "require gradients")
        t.requires_grad_(True)
    return t


def _options(layout, pin_memory) -> None:
    """The layout= and pin_memory= of a factory: every tensor here is strided (the one
    layout), and there is no accelerator whose pinned memory could hold it."""
    if pin_memory:
        raise TorchRuntimeError("pin_memory=True requires a CUDA or other accelerator backend; "
                                "no pinned memory allocator is available on this system.")


def _dt(dtype, default=None, fname="tensor"):
    if dtype is None:
        return (default or dtypes.get_default_dtype()).np
    return dtypes.user_dtype(dtype, fname).np


def _shape(size, size_kw=None, fname="tensor", itemsize: int = 1):
    if size_kw is not None:
        if size and fname in _OVERLOADED:
            from ..callerrors import invalid_combination
            raise TorchTypeError(invalid_combination(fname, size, {"size": size_kw}, False))
        if size:
            raise TorchTypeError(f"{fname}() got multiple values for argument 'size'")
        size = (size_kw,)
    shape = int_sizes(size, fname)
    if any(s < 0 for s in shape):
        raise TorchRuntimeError(f"Trying to create tensor with negative dimension "
                                f"{next(s for s in shape if s < 0)}: "
                                f"[{', '.join(map(str, shape))}]")
    if math.prod(shape) * itemsize > 2 ** 63 - 1:      # (ATen's size in bytes: an int64)
        raise TorchRuntimeError(f"Storage size calculation overflowed with sizes="
                                f"[{', '.join(map(str, shape))}]")
    limits.check_size(math.prod(shape))
    return shape


_SEQUENCES = (list, tuple, np.ndarray)     # (an array among lists: a sequence too)


def _first_sizes(data) -> list:
    """The shape PyTorch reads off nested sequences: each level's length, following first
    elements down (stopping at an empty one)."""
    sizes, item = [], data
    while isinstance(item, _SEQUENCES):
        if isinstance(item, np.ndarray) and not item.ndim:
            raise TorchTypeError("len() of unsized object")      # (PyTorch's len() of it)
        sizes.append(len(item))
        if not len(item):
            break
        item = item[0]
    return sizes


def _ragged(data, target=None):
    """Nested sequences NumPy could not make an array of, as `torch.tensor` treats them: the
    shape read off the first elements; an empty result is an empty tensor (the default dtype
    when an empty list is among the values), otherwise the error PyTorch's element-by-element
    store meets first (an iterative walk), a sequence where a number belongs read as the
    `target` dtype's kind of number when one is given, else as the values' own."""
    sizes = _first_sizes(data)
    leaves, has_empty = _leaf_kinds(data)
    if 0 in sizes:
        floats = has_empty or float in leaves
        kind = dtypes.get_default_dtype().np if floats else \
            (np.int64 if int in leaves else np.bool_)
        return np.zeros(sizes, dtype=kind)
    stack = [(data, 0)]
    while stack:
        item, dim = stack.pop()
        if dim == len(sizes):
            if isinstance(item, (list, tuple)):
                name = type(item).__name__
                if target is not None:
                    raise TorchTypeError(unpack_error(name, target))
                if float in leaves:
                    raise TorchTypeError(f"must be real number, not {name}")
                raise TorchTypeError(f"'{name}' object cannot be interpreted as an integer")
            continue
        if not isinstance(item, _SEQUENCES) or isinstance(item, np.ndarray) and not item.ndim:
            raise TorchTypeError("not a sequence")
        if len(item) != sizes[dim]:
            raise TorchValueError(f"expected sequence of length {sizes[dim]} at dim {dim} "
                                  f"(got {len(item)})")
        stack.extend((x, dim + 1) for x in reversed(item))
    raise TorchValueError("could not build a tensor from ragged nested sequences")


def _leaf_kinds(data):
    """({float, int} of the numbers among nested sequences, bools as int), whether an empty
    sequence is among them."""
    kinds, has_empty, stack = set(), False, [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            has_empty = has_empty or not item
            stack.extend(item)
        elif isinstance(item, float):
            kinds.add(float)
        elif isinstance(item, int):
            kinds.add(int)
    return kinds, has_empty


def _program_sequence(data) -> bool:
    """Whether `data` is a sequence of another kind than Python's own (a class of the
    program's with __len__ and __getitem__); refused in PyTorch's words when its first item
    cannot be read (PyTorch reads item 0 to learn the shape)."""
    kind = type(data)
    if isinstance(data, (list, tuple, str, bytes, dict)) or not hasattr(kind, "__getitem__") \
            or not hasattr(kind, "__len__"):
        return False
    try:
        if len(data):
            data[0]
    except Exception:       # noqa: BLE001 - whatever it raised, PyTorch's ValueError
        raise TorchValueError(f"could not determine the shape of object type "
                              f"'{kind.__name__}'") from None
    return True


def _first_items(data) -> None:
    """PyTorch learns the shape from the first item of each level: a program's sequence
    there whose item 0 cannot be read is refused as `_program_sequence` says, however deep
    (PyTorch stops past 32 levels: so does the walk)."""
    item = data
    for _ in range(33):
        if isinstance(item, (list, tuple)):
            if not item:
                return
            item = item[0]
        elif isinstance(item, (Tensor, np.ndarray, np.generic)) or \
                not _program_sequence(item) or not len(item):
            return
        else:
            item = item[0]


def _infer_array(data, dtype):
    if isinstance(data, range):
        limits.check_size(len(data))
    if isinstance(data, Tensor):
        arr = data._data.copy()
        return arr if dtype is None else dtypes.cast(arr, _dt(dtype))
    if isinstance(data, (np.ndarray, np.generic)):
        if isinstance(data, np.ndarray):
            _numpy_dtype(data)
        _native(data)
        return np.array(data, dtype=None if dtype is None else _dt(dtype))
    if isinstance(data, (list, tuple)):
        refuse_self_reference(data, None if dtype is None else _dt(dtype))
    tensors = isinstance(data, (list, tuple)) and _has_tensors(data)
    if tensors:                     # (a bfloat16 one's value is a 0-d array: no warning)
        data = _untensor(data, None if dtype is None else _dt(dtype))
    if not tensors and isinstance(data, (list, tuple)) and data and \
            isinstance(data[0], np.ndarray):
        _first_sizes(data)                  # (PyTorch reads the sizes first: a 0-d array's
        from ..errors import warn_once      # len() is refused) then TORCH_WARN_ONCE's
        warn_once("Creating a tensor from a list of numpy.ndarrays is extremely slow. Please "
                  "consider converting the list to a single numpy.ndarray with numpy.array() "
                  "before converting to a tensor. (Triggered internally at "
                  "/__w/pytorch/pytorch/torch/csrc/utils/tensor_new.cpp:252.)", stacklevel=4)
    if _program_sequence(data) and not len(data):
        data = []
    elif isinstance(data, (list, tuple)):
        _first_items(data)
    try:
        arr = np.array(data)
    except ValueError:
        arr = _ragged(data, None if dtype is None else _dt(dtype))
    odd = _odd_leaf(data) if arr.dtype == object else None
    if odd is not None:
        if dtype is not None:                 # (each number read as dtype's kind)
            raise TorchTypeError(unpack_error(odd, _dt(dtype)))
        raise TorchRuntimeError(f"Could not infer dtype of {odd}")
    if dtype is not None and _dt(dtype) == np.uint64 and not isinstance(data, np.ndarray):
        return _uint64_array(data)
    if arr.dtype in (object, np.uint64) or _ints_past_int64(arr, data):
        arr = _past_int64(data, dtype)        # an int past int64 among the numbers
    if arr.dtype.kind in "US":                # PyTorch's two texts for strings
        if not isinstance(data, str) and not _mixed(data):
            raise TorchValueError("too many dimensions 'str'")
        if dtype is not None:
            raise TorchTypeError(unpack_error("str", _dt(dtype)))
        raise TorchTypeError("new(): invalid data type 'str'")
    if dtype is not None:
        target = _dt(dtype)
        if arr.dtype.kind == "c" and target.kind in "fiu":    # PyTorch reads each number
            raise TorchTypeError("must be real number, not complex" if target.kind == "f"
                                 else "'complex' object cannot be interpreted as an integer")
        return _checked_cast(arr, target)
    promoted = _numpy_scalars_dtype(data)
    if promoted is not None:
        return arr.astype(promoted.np)
    if arr.dtype.kind == "f":
        return arr.astype(dtypes.get_default_dtype().np)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    if arr.dtype.kind == "c":
        return arr.astype(dtypes.default_complex().np)
    if arr.dtype.kind == "b":
        return arr
    raise TorchTypeError(f"Could not infer dtype of {arr.dtype}")


def _ints_past_int64(arr: np.ndarray, data) -> bool:
    """Whether NumPy read Python ints alone, one past int64 beside others, as float64
    (PyTorch infers int64 and refuses); looked for only when a value is that large."""
    if arr.dtype != np.float64 or not arr.size or not np.abs(arr).max() >= 2.0 ** 63:
        return False
    kinds, _ = _leaf_kinds(data)
    return float not in kinds and _numpy_scalars_dtype(data) is None


def _past_int64(data, dtype) -> np.ndarray:
    """Numbers with an int past int64 among them: PyTorch reads each as a double for a
    floating, complex or bool `dtype=` and refuses them otherwise."""
    target = None if dtype is None else _dt(dtype)
    if target is None or target.kind in "iu":
        raise TorchValueError("Overflow when unpacking long long")
    return np.array(data, dtype=np.complex128 if target.kind == "c" else np.float64)


def _uint64_array(data) -> np.ndarray:
    """Python numbers for `dtype=torch.uint64`: PyTorch reads each as an unsigned 64-bit
    integer (THPUtils_unpackUInt64), refusing floats and ints out of [0, 2**64)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, (float, np.floating)):
            raise TorchTypeError("an integer is required")
        elif isinstance(item, int) and item < 0:
            raise OverflowError("can't convert negative int to unsigned")
        elif isinstance(item, int) and item >= 1 << 64:
            raise OverflowError("int too big to convert")
    return np.array(data, dtype=np.uint64)


def unpack_error(name: str, target: np.dtype) -> str:
    """PyTorch's refusal of a value of type `name` read as a number of dtype `target`: an
    integer (bool too) through PyLong, else a real number through PyFloat."""
    if target.kind in "iub":
        return f"'{name}' object cannot be interpreted as an integer"
    return f"must be real number, not {name}"


def _odd_leaf(data):
    """The type name of the first value among nested sequences that is no number (None when
    all are numbers)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif not isinstance(item, (bool, int, float, complex, np.generic)):
            return type(item).__name__
    return None


def _numpy_scalars_dtype(data):
    """With NumPy scalars or arrays among nested sequences, the dtype PyTorch infers: every
    value's own (a NumPy scalar's or array's, or a Python number's default) promoted
    together; None without NumPy values."""
    stack, found, result = [data], False, None
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
            continue
        if isinstance(item, (np.generic, np.ndarray)):   # an array: its dtype, as a scalar's
            found, d = True, dtypes.from_numpy(item.dtype)
        else:
            d = dtypes.scalar_dtype(item)
        result = d if result is None else dtypes._promote2(result, d)
    return result if found else None


def _checked_cast(arr: np.ndarray, target) -> np.ndarray:
    """Python numbers read into an array, cast to torch.tensor's `dtype=`: values an integer
    dtype cannot hold are refused as PyTorch does (negative ints wrap into unsigned ones)."""
    if target.kind in "iu" and arr.dtype.kind in "iuf" and dtypes.overflows(arr, target):
        raise TorchRuntimeError(f"value cannot be converted to type {target.name} without "
                                f"overflow")
    with np.errstate(invalid="ignore", over="ignore"):
        return dtypes.cast(arr, target)


def _mixed(data) -> bool:
    """Whether nested lists hold strings beside other values (NumPy made them all str)."""
    stack, kinds = [data], set()
    while stack:
        v = stack.pop()
        if isinstance(v, (list, tuple)):
            stack.extend(v)
        else:
            kinds.add(isinstance(v, str))
    return len(kinds) > 1


def refuse_self_reference(data, np_dtype=None) -> None:
    """PyTorch's refusal of nested lists that hold themselves (a walk of them would not
    end): its dtype inference's words, or with a dtype (`np_dtype`) the words of its reading
    a list where a number goes. A depth-first walk, the lists on the current path by id."""
    on_path: set = set()
    stack = [(data, False)]
    while stack:
        item, leaving = stack.pop()
        if leaving:
            on_path.discard(id(item))
            continue
        if id(item) in on_path:
            if np_dtype is None:
                raise TorchTypeError("new(): self-referential lists are incompatible")
            if np_dtype.kind in "fc":
                raise TorchTypeError("must be real number, not list")
            raise TorchTypeError("'list' object cannot be interpreted as an integer")
        on_path.add(id(item))
        stack.append((item, True))
        stack.extend((v, False) for v in item if isinstance(v, (list, tuple)))


def _has_tensors(data):
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, Tensor):
            return True
        if isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


_CATEGORIES = {"b": 0, "i": 1, "u": 1, "f": 2, "c": 3}


def _inferred_kind(data) -> str:
    """The NumPy kind of the dtype PyTorch infers for nested lists (the highest category
    of their numbers and tensors: bool, integer, float, complex)."""
    stack, category = [data], 0
    while stack:
        v = stack.pop()
        if isinstance(v, (list, tuple)):
            stack.extend(v)
        elif isinstance(v, Tensor):
            category = max(category, v.dtype.category)
        elif isinstance(v, (bool, int, float, complex, np.generic)):
            category = max(category, _CATEGORIES[np.asarray(v).dtype.kind])
    return "bifc"[category]


def _untensor(data, target=None):
    """Replace tensors inside nested lists by their values (iterative): each is one number,
    as PyTorch reads it (its item, keeping its dtype for the inference), whatever its
    shape; a tensor of more elements is PyTorch's error (torch.stack is the way): read as
    an index for a bool or integer dtype (given or inferred), else as a number."""
    if isinstance(data, Tensor):
        return data._data
    integral = (target.kind if target is not None else _inferred_kind(data)) in "biu"
    out = []
    stack = [(data, out)]
    while stack:
        src, dst = stack.pop()
        for item in src:
            if isinstance(item, Tensor):
                if integral and (item._data.size != 1 or item._data.dtype.kind not in "biu"):
                    raise TorchTypeError("only integer tensors of a single element can be "
                                         "converted to an index")      # read as an index
                if item._data.size != 1:
                    raise TorchValueError("only one element tensors can be converted to Python "
                                          "scalars")
                if item._requires_grad:
                    float(item)             # PyTorch's once-per-process warning
                value = item._data.reshape(-1)[0]
                if item._data.dtype == dtypes.BF16_NP:   # a NumPy scalar would be float32
                    value = item._data.reshape(())
                dst.append(value)
            elif isinstance(item, (list, tuple)):
                sub = []
                dst.append(sub)
                stack.append((item, sub))
            else:
                dst.append(item)
    return out


_COPY_CONSTRUCT = ("To copy construct from a tensor, it is recommended to use "
                   "sourceTensor.detach().clone() or "
                   "sourceTensor.detach().clone().requires_grad_(True), rather than "
                   "torch.tensor(sourceTensor).")


@register("tensor", differentiable=False)
@_meta.factory
def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """a new tensor from nested lists, numbers or an array (dtype inferred as PyTorch does)"""
    _flag(requires_grad, "tensor")
    if dtype is not None:
        dtypes.user_dtype(dtype, "tensor")
    _devices.check(device)
    if isinstance(data, Tensor):
        import warnings
        warnings.warn(_COPY_CONSTRUCT, UserWarning, stacklevel=2)
        if dtype is not None:
            from ..errors import warn_complex_to_real
            warn_complex_to_real(data._data.dtype, dtypes.to_dtype(dtype).np)
    arr = _infer_array(data, dtype)
    limits.check_size(arr.size)
    if requires_grad and arr.dtype.kind not in "fc":
        raise TorchRuntimeError("Only Tensors of floating point and complex dtype can require "
                                "gradients")
    return _finish(arr, requires_grad)


@register("as_tensor", differentiable=False)
def as_tensor(data, *, dtype=None, device=None):
    """a tensor sharing memory with an array when possible"""
    _devices.check(device)
    if isinstance(data, Tensor):         # itself, or a differentiable conversion (.to)
        return data if dtype is None or _dt(dtype) == data._data.dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or _dt(dtype) == data.dtype):
        return wrap(shared(data))
    if isinstance(data, np.ndarray):
        _native(data)
    return tensor(data, dtype=dtype)


@register("from_numpy", differentiable=False)
def from_numpy(ndarray):
    """a tensor sharing memory with a NumPy array (keeps its dtype)"""
    if not isinstance(ndarray, np.ndarray):
        kind = type(ndarray)
        name = f"numpy.{kind.__name__}" if kind.__module__ == "numpy" else kind.__name__
        raise TorchTypeError(f"expected np.ndarray (got {name})")
    return wrap(shared(ndarray))


_INVALID_CAPSULE = ("from_dlpack received an invalid capsule. Note that DLTensor capsules "
                    "can be consumed only once, so you might have already constructed a "
                    "tensor from it once.")


@register("from_dlpack", differentiable=False)
def from_dlpack(ext_tensor, *, device=None, copy=None):
    """a tensor sharing the memory of a DLPack producer (a NumPy array, a tensor) or of a
    capsule from to_dlpack (which can be read once); NumPy's DLPack does the exchange"""
    from ..utils.dlpack import CapsuleProducer
    _devices.check(device)
    if hasattr(ext_tensor, "__dlpack__"):
        producer = ext_tensor
    elif type(ext_tensor).__name__ == "PyCapsule":
        producer = CapsuleProducer(ext_tensor)
    else:
        raise TorchRuntimeError(_INVALID_CAPSULE)
    try:
        array = np.from_dlpack(producer, copy=copy)
    except (ValueError, TypeError) as exc:
        if producer is ext_tensor:
            raise
        raise TorchRuntimeError(_INVALID_CAPSULE) from exc
    return wrap(shared(array, warn=False))


@register("to_dlpack", differentiable=False)
def to_dlpack(tensor):
    """a DLPack capsule of a tensor's memory (for from_dlpack, once)"""
    return tensor.__dlpack__()


_NOT_WRITABLE = (
    "The given NumPy array is not writable, and PyTorch does not support non-writable "
    "tensors. This means writing to this tensor will result in undefined behavior. You may "
    "want to copy the array to protect its data or make it writable before converting it to a "
    "tensor. This type of warning will be suppressed for the rest of this program. (Triggered "
    "internally at /__w/pytorch/pytorch/torch/csrc/utils/tensor_numpy.cpp:213.)")


class _ArrayMemory:
    """An array's memory as a new tensor's own (what NumPy builds the tensor's array from):
    PyTorch's storage starts where the array does, so a slice's tensor has storage_offset 0
    (storage.root_array stops here, as `base` is no array); `array` keeps it alive."""

    def __init__(self, array: np.ndarray):
        self.__array_interface__ = array.__array_interface__
        self.array = array


def shared(arr: np.ndarray, warn: bool = True) -> np.ndarray:
    """arr's memory for a tensor that shares it (from_numpy, as_tensor): refused as _native
    refuses, a read-only array with PyTorch's once-per-process warning (not one of DLPack's),
    a dtype PyTorch has none for with its TypeError (first: its byte order aside)."""
    _numpy_dtype(arr)
    _native(arr)
    if warn and not arr.flags.writeable:
        from ..errors import warn_once
        warn_once(_NOT_WRITABLE, stacklevel=3)
    if arr.base is None:
        return arr
    return np.asarray(_ArrayMemory(arr))


def _numpy_dtype(arr: np.ndarray):
    """The dtype of a tensor of arr's values: PyTorch's TypeError for a NumPy dtype it has
    none for, checked before the array's layout and byte order."""
    return dtypes.from_numpy(arr.dtype if arr.dtype.isnative else arr.dtype.newbyteorder("="))


def _native(arr):
    """arr, refused as PyTorch refuses an array of the other byte order (and so a NumPy
    big-endian float32 array never passes for gradcli's bfloat16 storage), or one with a
    negative stride (or one not in whole elements), in the order PyTorch checks them."""
    if arr.itemsize and any(s % arr.itemsize for s in arr.strides):
        raise TorchValueError("given numpy array strides not a multiple of the element byte "
                              "size. Copy the numpy array to reallocate the memory.")
    if any(s < 0 for s in arr.strides):
        raise TorchValueError("At least one stride in the given numpy array is negative, and "
                              "tensors with negative strides are not currently supported. "
                              "(You can probably work around this by making a copy of your "
                              "array  with array.copy().) ")
    if not arr.dtype.isnative:
        raise TorchValueError("given numpy array has byte order different from the native "
                              "byte order. Conversion between byte orders is currently not "
                              "supported.")
    return arr


def _filled(value, size, dtype, requires_grad, size_kw=None, fname="tensor"):
    np_dtype = _dt(dtype, fname=fname)
    shape = _shape(size, size_kw, fname, np_dtype.itemsize)
    value = dtypes.fill_scalar(value, np_dtype, math.prod(shape))
    return _finish(np.full(shape, value, dtype=np_dtype), requires_grad)


@register("zeros", differentiable=False)
@_meta.factory
def zeros(*sizes, size=None, dtype=None, device=None, requires_grad=False, out=None,
          layout=None, pin_memory=False):
    """a tensor of zeros"""
    _flag(requires_grad, "zeros")
    _devices.check(device, kernel="aten::empty.memory_format")
    _options(layout, pin_memory)
    try:
        return _filled(0, sizes, dtype, requires_grad, size_kw=size, fname="zeros")
    except TorchRuntimeError as e:
        if "negative dimension" in str(e):       # torch.zeros has its own words for it
            raise TorchRuntimeError("zeros: Dimension size must be non-negative.") from None
        raise


@register("ones", differentiable=False)
@_meta.factory
def ones(*sizes, size=None, dtype=None, device=None, requires_grad=False, out=None,
         layout=None, pin_memory=False):
    """a tensor of ones"""
    _flag(requires_grad, "ones")
    _devices.check(device, kernel="aten::empty.memory_format")
    _options(layout, pin_memory)
    return _filled(1, sizes, dtype, requires_grad, size_kw=size, fname="ones")


@register("empty", differentiable=False)
@_meta.factory
def empty(*sizes, size=None, dtype=None, device=None, requires_grad=False, out=None,
          memory_format=None, layout=None, pin_memory=False):
    """an uninitialised tensor (gradcli fills it with zeros); memory_format=channels_last
    (channels_last_3d) lays a 4-d (5-d) one out with the channels innermost"""
    _flag(requires_grad, "empty")
    _devices.check(device, kernel="aten::empty.memory_format")
    _options(layout, pin_memory)
    name = getattr(memory_format, "name", "contiguous_format")
    if name == "preserve_format":
        raise TorchRuntimeError("unsupported memory format Preserve")
    t = _filled(0, sizes, dtype, requires_grad, size_kw=size, fname="empty")
    _devices.uninitialized(t._data)
    if name.startswith("channels_last"):
        rank = 5 if name == "channels_last_3d" else 4
        if t._data.ndim != rank:
            raise TorchRuntimeError(f"required rank {rank} tensor to use {name} format")
        order = (0, 2, 3, 1) if rank == 4 else (0, 2, 3, 4, 1)
        t._data = np.ascontiguousarray(t._data.transpose(order)).transpose(np.argsort(order))
    return t


@register("full", differentiable=False)
@_meta.factory
def full(size, fill_value, *, dtype=None, device=None, requires_grad=False,
         layout=None, pin_memory=False):
    """a tensor filled with fill_value (int64 for ints, bool for bools)"""
    _flag(requires_grad, "full")
    _devices.check(device, kernel="aten::empty.memory_format")
    _options(layout, pin_memory)
    if not isinstance(size, (tuple, list)):
        raise TorchTypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not "
                             f"{type(size).__name__}")
    fill_value = _scalar_fill(fill_value)
    if dtype is None:
        dtype = dtypes.scalar_dtype(fill_value)
    if not isinstance(fill_value, (int, float, complex, np.number, Tensor)):
        raise TorchTypeError(f"full(): argument 'fill_value' (position 2) must be Number, not "
                             f"{type(fill_value).__name__}")
    return _filled(fill_value, (size,), dtype, requires_grad, fname="full")


def _scalar_fill(value):
    """A 0-d tensor fill value as the Python number it holds: PyTorch reads it as a Scalar,
    whose type (bool, int, float, complex) then picks full's dtype (a uint8 7 gives int64,
    a float64 2.5 the default dtype) and is checked against full_like's."""
    if isinstance(value, Tensor) and value.dim() == 0:
        return value.item()
    return value


def _like(input, dtype):
    return input._data.shape, (input.dtype if dtype is None else dtype)


def _laid_out_like(t: Tensor, input, memory_format) -> Tensor:
    """t (a fresh C-contiguous result of a *_like factory) in the layout memory_format asks
    of a tensor like input (preserve_format by default: a transposed input gives a
    transposed result), its elements kept in memory order (a random fill is drawn in it)."""
    from .shape import laid_out, layout_like
    strides = layout_like(input._data, memory_format)
    if strides is not None:
        t._data = laid_out(t._data.reshape(-1), t._data.shape, strides)
    return t


@register("zeros_like", differentiable=False)
@_meta.factory
def zeros_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None,
               layout=None, pin_memory=False):
    """zeros of input's shape and dtype"""
    _flag(requires_grad, "zeros_like")
    _devices.check(device, kernel="aten::empty_strided")
    _options(layout, pin_memory)
    shape, d = _like(input, dtype)
    return _laid_out_like(_filled(0, (shape,), d, requires_grad), input, memory_format)


@register("ones_like", differentiable=False)
@_meta.factory
def ones_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None,
              layout=None, pin_memory=False):
    """ones of input's shape and dtype"""
    _flag(requires_grad, "ones_like")
    _devices.check(device, kernel="aten::empty_strided")
    _options(layout, pin_memory)
    shape, d = _like(input, dtype)
    return _laid_out_like(_filled(1, (shape,), d, requires_grad), input, memory_format)


@register("empty_like", differentiable=False)
@_meta.factory
def empty_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None,
               layout=None, pin_memory=False):
    """an uninitialised tensor of input's shape (zeros)"""
    _flag(requires_grad, "empty_like")
    _devices.check(device, kernel="aten::empty_strided")
    _options(layout, pin_memory)
    t = zeros_like(input, dtype=dtype, requires_grad=requires_grad,
                   memory_format=memory_format)
    _devices.uninitialized(t._data)
    return t


@register("full_like", differentiable=False)
@_meta.factory
def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False,
              memory_format=None, layout=None, pin_memory=False):
    """fill_value in input's shape and dtype"""
    _flag(requires_grad, "full_like")
    _devices.check(device, kernel="aten::empty_strided")
    _options(layout, pin_memory)
    shape, d = _like(input, dtype)
    return _laid_out_like(_filled(_scalar_fill(fill_value), (shape,), d, requires_grad), input,
                          memory_format)


@register("arange", differentiable=False)
@_meta.factory
def arange(start=None, end=None, step=1, *, dtype=None, device=None, requires_grad=False,
           layout=None, pin_memory=False):
    """start, start+step, ... < end (int64 for int arguments, else the default dtype)"""
    _flag(requires_grad, "arange", tuple(a for a in (start, end) if a is not None) +
          ((step,) if step != 1 else ()), dtype=dtype)
    _devices.check(device, kernel="aten::empty.memory_format")
    _options(layout, pin_memory)
    start, end, step = (v.item() if isinstance(v, Tensor) else v for v in (start, end, step))
    start, end, step = (_real_number(v) for v in (start, end, step))
    if start is None:                       # arange(end=5)
        start = 0
    if end is None:
        start, end = 0, start
    if dtype is None:
        ints = all(isinstance(v, int) for v in (start, end, step))
        dtype = dtypes.int64 if ints else dtypes.get_default_dtype()
    d = _dt(dtype)
    refuse_range_dtype("arange_cpu", d)
    if step == 0:
        raise TorchRuntimeError("step must be nonzero")
    if d.kind in "iu":
        return _finish(_int_arange(start, end, step, d), requires_grad)
    if not all(math.isfinite(v) for v in (start, end)):
        raise TorchRuntimeError(f"unsupported range: {start:g} -> {end:g}")
    if not ((step > 0 and end >= start) or (step < 0 and end <= start)):
        raise TorchRuntimeError("upper bound and lower bound inconsistent with step sign")
    size = (float(end) - float(start)) / float(step)   # ATen's: in double, the ints too
    if math.ceil(size) > 2 ** 63 - 1:
        raise TorchRuntimeError("invalid size, possible overflow?")
    if size > 0:
        limits.check_size(math.ceil(size))
    n = max(0, math.ceil(size))
    return _finish(_float_arange(float(start), float(step), n, d), requires_grad)


def refuse_range_dtype(kernel: str, np_dtype) -> None:
    """The refusal of a bool or complex dtype by the kernel of arange, range, linspace or
    logspace (ATen dispatches them over real numbers only; linspace's complex kernel aside)."""
    if np_dtype.kind in "bc":
        raise TorchNotImplementedError(f"\"{kernel}\" not implemented for "
                                       f"'{dtypes.from_numpy(np_dtype).legacy}'")


def _int_arange(start, end, step, np_dtype) -> np.ndarray:
    """ATen's arange for an integer dtype: the bounds checked against the step's sign as
    given, then values start + i * step with start and step made int64 (truncated), wrapped
    into the dtype. For int64 a step truncated to 0 is refused and the length is int64's
    (the end truncated too); the narrower types count with the numbers as given
    (`arange(0, 2, 0.5, dtype=torch.int32)` is four zeros, `arange(-2.5, 3)` six values)."""
    if not ((step > 0 and end >= start) or (step < 0 and end <= start)):
        raise TorchRuntimeError("upper bound and lower bound inconsistent with step sign")
    xs, xe, xstep = (int(v) for v in (start, end, step))
    if np_dtype != np.int64:
        n = math.ceil((float(end) - float(start)) / float(step))
    elif xstep == 0:                        # a fractional step truncated to 0
        raise TorchValueError("step must be nonzero")
    else:
        sign = 1 if xstep > 0 else -1
        num = xe - xs + xstep - sign
        n = abs(num) // abs(xstep) * (1 if (num >= 0) == (xstep > 0) else -1)  # C's division
    n = max(n, 0)
    limits.check_size(n)
    with np.errstate(over="ignore"):
        return (xs + np.arange(n, dtype=np.int64) * xstep).astype(np_dtype)


def _float_arange(start: float, step: float, n: int, np_dtype) -> np.ndarray:
    """PyTorch's CPU arange kernel for a float dtype, to the bit: in vectors of 32 bytes
    (all but the last, partial, pair of vectors) each element is `base + lane*step` with
    base = start + step*first (rounded to the dtype); the remaining elements are
    `start + step*i`; all with fused multiply-adds in the dtype's accumulate type (double
    for float32 and float64, float for float16 and bfloat16), then rounded to the dtype
    (`arange(1, 301, dtype=torch.bfloat16)` is 256 at 256, 257 and 258)."""
    reduced = np_dtype in (np.float16, dtypes.BF16_NP)
    work = np.float32 if reduced else np.float64
    vec = 16 if reduced else 32 // np_dtype.itemsize
    full = n // (2 * vec) * (2 * vec)

    def rounded(values):
        if np_dtype == dtypes.BF16_NP:
            return dtypes.to_bf16(values)
        return values.astype(np_dtype)

    def block(lo: int, hi: int) -> np.ndarray:
        idx = np.arange(lo, hi, dtype=work)
        first = idx.copy()
        k = max(0, min(full, hi) - lo)          # this block's elements inside the vectors
        first[:k] -= idx[:k] % vec
        base = fma(work(step), first, work(start))
        base[:k] = rounded(base[:k])
        return rounded(fma(idx - first, work(step), base))
    return _in_blocks(n, np_dtype, block)


def _in_blocks(n: int, np_dtype, block, size: int = 1 << 16) -> np.ndarray:
    """An array of n values made by block(lo, hi) for consecutive index ranges: the exact
    fused multiply-adds need ~20 temporaries, which stay in the cache this way (10^7 values
    in one go took 1.4 GB and seconds of page faults)."""
    out = np.empty(n, np_dtype)
    for lo in range(0, n, size):
        hi = min(n, lo + size)
        out[lo:hi] = block(lo, hi)
    return out


@register("linspace", differentiable=False)
@_meta.factory
def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False,
             layout=None, pin_memory=False):
    """steps evenly spaced values from start to end"""
    _flag(requires_grad, "linspace", (start, end, steps), dtype=dtype)
    _devices.check(device, kernel="aten::empty.memory_format")
    _options(layout, pin_memory)
    _check_steps(steps)
    start, end = _scalar_ends("linspace", start, end)
    if complex in (start.__class__, end.__class__):       # a complex range
        d = _complex_range_dtype("linspace", dtype)
        return _finish(_complex_linspace(complex(start), complex(end), int(steps), d),
                       requires_grad)
    d = _dt(dtype)
    if int(steps) > 1 and d == np.bool_:    # (one value is filled in without the kernel)
        refuse_range_dtype("linspace_cpu", d)
    return _finish(_linspace_values(start, end, int(steps), d), requires_grad)


def _scalar_ends(name: str, start, end) -> tuple:
    """linspace's and logspace's start and end as numbers (a tensor must be 0-d)."""
    for what, v in (("start", start), ("end", end)):
        if isinstance(v, Tensor) and v.dim():
            raise TorchRuntimeError(f"{name} only supports 0-dimensional start and end "
                                    f"tensors, but got {what} with {v.dim()} dimension(s).")
    return tuple(v.item() if isinstance(v, Tensor) else v for v in (start, end))


def _complex_range_dtype(name: str, dtype):
    """The NumPy dtype of a complex range: the default complex one, or `dtype` if it is
    complex (another is PyTorch's refusal)."""
    inferred = dtypes.scalar_dtype(1j)
    d = inferred.np if dtype is None else _dt(dtype)
    if d.kind != "c":
        cpp = "c10::complex<float>" if inferred is dtypes.complex64 else "c10::complex<double>"
        raise TorchRuntimeError(f"torch.{name}(): inferred dtype {cpp} can't be safely cast to "
                                f"passed dtype {dtypes.from_numpy(d).legacy}")
    return d


def _complex_linspace(start: complex, end: complex, steps: int, np_dtype) -> np.ndarray:
    """PyTorch's CPU linspace kernel for a complex dtype: start + step*i below halfway,
    end - step*(steps-1-i) from there, in the dtype's complex arithmetic."""
    work = np_dtype.type
    step = (work(end) - work(start)) / work(steps - 1) if steps > 1 else work(0)
    i = np.arange(steps)
    low = i < max(steps // 2, 1)
    with np.errstate(all="ignore"):
        up = work(start) + step * i.astype(np_dtype)
        down = work(end) - step * (steps - 1 - i).astype(np_dtype)
    return np.where(low, up, down).astype(np_dtype)


def _halves(start, end, steps: int, work, lo: int, hi: int):
    """(multiplier, index, origin) of PyTorch's linspace for the values lo..hi-1: the first
    half counts up from start, the second down from end (value = origin + multiplier*index)."""
    step = work(end - start) / work(steps - 1) if steps > 1 else work(0)
    i = np.arange(lo, hi)
    low = i < max(steps // 2, 1)          # one step: start (PyTorch fills it in)
    index = np.where(low, i, steps - i - 1).astype(work)
    multiplier = np.where(low, step, -step).astype(work)
    origin = np.where(low, work(start), work(end)).astype(work)
    return multiplier, index, origin


def _linspace_values(start, end, steps: int, np_dtype) -> np.ndarray:
    """PyTorch's CPU linspace kernel: in the dtype (double for integer dtypes, whose start
    and end are first made integers), start + step*i below halfway and end - step*(steps-1-i)
    from there, each a fused multiply-add (float16, bfloat16: `_reduced_linspace`)."""
    if steps > 1 and np_dtype in (np.float16, np.float32, dtypes.BF16_NP):
        for v in (start, end):      # the kernel's Scalar.to<T>(): an int is checked as a double
            dtypes.checked_scalar(float(dtypes.checked_scalar(v, np.float64)), np_dtype)
    if np_dtype in (np.float16, dtypes.BF16_NP):
        return _reduced_linspace(start, end, steps, np_dtype)
    if np_dtype.kind in "iu":       # Scalar.to<T>(): checked (a negative int wraps into uint8)
        start, end = (dtypes.checked_scalar(v, np_dtype).item() for v in (start, end))
        work = np.float64
    else:
        work = np_dtype.type if np_dtype in (np.float32, np.float64) else np.float32

    def block(lo: int, hi: int) -> np.ndarray:
        with np.errstate(all="ignore"):
            return fma(*_halves(work(start), work(end), steps, work, lo, hi)).astype(np_dtype)
    return _in_blocks(steps, np_dtype, block)


def _reduced_linspace(start, end, steps: int, np_dtype) -> np.ndarray:
    """The kernel's float16 and bfloat16 values: every operation in c10::Half or BFloat16
    (in float, each result rounded: start and end, the step, the index, its product with the
    step, the sum)."""
    def rnd(a):
        a = np.asarray(a, np.float32)
        if np_dtype == np.float16:
            return a.astype(np.float16).astype(np.float32)
        return dtypes.to_bf16(a).astype(np.float32)
    s, e = rnd(np.float32(start)), rnd(np.float32(end))
    step = rnd(rnd(e - s) / rnd(steps - 1)) if steps > 1 else np.float32(0)

    def block(lo: int, hi: int) -> np.ndarray:
        i = np.arange(lo, hi)
        low = i < max(steps // 2, 1)          # start + step*i, then end - step*(steps-1-i)
        with np.errstate(all="ignore"):
            part = rnd(step * rnd(np.where(low, i, steps - 1 - i)))
            out = rnd(np.where(low, s + part, e - part))
        return dtypes.to_bf16(out) if np_dtype == dtypes.BF16_NP else out.astype(np.float16)
    return _in_blocks(steps, np_dtype, block)


def _real_number(v):
    """A Python number arange reads as a double: a complex one with an imaginary part is
    c10's overflow error, one without is its real part."""
    if v.__class__ is not complex:
        return v
    if v.imag:
        raise TorchRuntimeError("value cannot be converted to type double without overflow")
    return v.real


def _check_steps(steps) -> None:
    """linspace/logspace refuse a negative number of steps, in PyTorch's words."""
    if steps < 0:
        raise TorchRuntimeError("number of steps must be non-negative")
    limits.check_size(int(steps))


@register("logspace", differentiable=False)
@_meta.factory
def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False,
             layout=None, pin_memory=False):
    """base ** linspace(start, end, steps), as PyTorch's CPU loop computes it: C's pow of
    base and each exponent in double (start and end first made the dtype's), then rounded
    to the dtype"""
    _options(layout, pin_memory)
    _flag(requires_grad, "logspace", (start, end, steps), dtype=dtype)
    _devices.check(device, kernel="aten::empty.memory_format")
    _check_steps(steps)
    start, end = _scalar_ends("logspace", start, end)
    if complex in (start.__class__, end.__class__):
        d = _complex_range_dtype("logspace", dtype)
    else:
        d = _dt(dtype)
    if d.kind == "c":
        return _finish(_complex_logspace(complex(start), complex(end), int(steps), float(base),
                                         d), requires_grad)
    if int(steps) == 1:                     # PyTorch fills in pow(base, start) as it is
        exponents = [float(start)]
    else:
        if d == np.bool_ and int(steps) > 1:
            refuse_range_dtype("logspace_cpu", d)
        if d.kind in "iu":                  # Scalar.to<scalar_t>(): checked, wrapped
            start, end = (dtypes.checked_scalar(v, d).item() for v in (start, end))
        elif d != np.float64:
            for v in (start, end):
                dtypes.checked_scalar(v, d)
            start, end = np.float32(start), np.float32(end)
        multiplier, index, origin = _halves(start, end, int(steps), np.float64, 0, int(steps))
        exponents = (origin + multiplier * index).tolist()      # no fused multiply-add here
    values = np.array([_c_pow(float(base), e) for e in exponents], dtype=np.float64)
    with np.errstate(all="ignore"):
        return _finish(values.astype(d), requires_grad)


def _complex_logspace(start: complex, end: complex, steps: int, base: float,
                      np_dtype) -> np.ndarray:
    """PyTorch's CPU logspace kernel for a complex dtype: std::pow(base, exponent) in the
    dtype's complex arithmetic (glibc's cpow: exp(exponent * log(base))), the exponents
    start + step*i below halfway and end - step*(steps-1-i) from there (one step: start)."""
    work = np_dtype.type
    step = (work(end) - work(start)) / work(steps - 1) if steps > 1 else work(0)
    i = np.arange(steps)
    with np.errstate(all="ignore"):
        up = work(start) + step * i.astype(np_dtype)
        down = work(end) - step * (steps - 1 - i).astype(np_dtype)
        exponents = np.where(i < max(steps // 2, 1), up, down).astype(np_dtype)
        return np.exp(exponents * np.log(work(base))).astype(np_dtype)


def _c_pow(base: float, e: float) -> float:
    """C's pow, as PyTorch's logspace calls it: math.pow, but inf where that overflows and
    nan where it is undefined (math.pow raises there)."""
    try:
        return math.pow(base, e)
    except OverflowError:
        return math.inf
    except ValueError:
        return math.nan


@register("eye", differentiable=False)
@_meta.factory
def eye(n, m=None, *, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    """the identity matrix"""
    _flag(requires_grad, "eye", (n,) if m is None else (n, m), dtype=dtype)
    _devices.check(device, kernel="aten::empty.memory_format")
    _options(layout, pin_memory)
    for name, size in (("n", n), ("m", m)):
        if size is not None and size < 0:
            raise TorchRuntimeError(f"{name} must be greater or equal to 0, got {size}")
    limits.check_size(n * (n if m is None else m))
    return _finish(np.eye(n, m, dtype=_dt(dtype)), requires_grad)


@register("manual_seed", differentiable=False)
def manual_seed(seed):
    """seed the random numbers (PyTorch's stream for rand/randn/randint/randperm/normal);
    the seed is read by int() first, so 1.7 seeds as 1"""
    _seed[0] = _seed_value(int(seed))
    _torch_rng[0] = None     # remade from the seed when next drawn from
    return DEFAULT_GENERATOR


def _seed_value(seed) -> int:
    """A seed as Generator.manual_seed reads it (PyTorch's unpack_uint64): an int (not a
    bool) in [-2^63, 2^64), a negative one kept as its 64-bit two's complement."""
    if isinstance(seed, np.integer):        # (passes PyTorch's check, fails its unpacking)
        raise TorchTypeError("an integer is required")
    if seed.__class__ is bool or not isinstance(seed, int):
        raise TorchRuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}")
    if not -(1 << 63) <= seed < 1 << 64:
        raise TorchValueError("Overflow when unpacking long long")
    return seed & 0xFFFFFFFFFFFFFFFF


@register("seed", differentiable=False)
def seed():
    """reseed randomly and return the seed"""
    s = int(np.random.SeedSequence().entropy % (1 << 63))
    manual_seed(s)
    return s


@register("get_rng_state", differentiable=False)
def get_rng_state():
    """the random generator's state: PyTorch's 5056 bytes (a uint8 tensor) of its MT19937
    state, seed and cached normals, which set_rng_state takes back"""
    return _torch_generator().state_bytes()


@register("set_rng_state", differentiable=False)
def set_rng_state(new_state):
    """restore a state from get_rng_state"""
    _torch_generator().set_state(new_state)


@register("initial_seed", differentiable=False)
def initial_seed():
    """the seed the generator was last seeded with (set_rng_state restores it too)"""
    gen = _torch_rng[0]
    return _seed[0] if gen is None else gen.seed


class Generator:
    """torch.Generator: a random stream of its own (`generator=` of rand, randn, randint,
    randperm, normal), PyTorch's mt19937 like the default one. `manual_seed` returns the
    default generator, whose stream is the module's."""

    __gradcli_safe__ = True
    __torch_name__ = "torch._C.Generator"

    def __init__(self, device="cpu"):
        _devices.check(device)
        self._gen = None
        self._seed = 67280421310721

    def _stream(self):
        if self is DEFAULT_GENERATOR:
            return _torch_generator()
        if self._gen is None:
            from .rng import TorchGenerator
            self._gen = TorchGenerator(self._seed)
        return self._gen

    def manual_seed(self, seed):
        seed = _seed_value(seed)
        if self is DEFAULT_GENERATOR:
            manual_seed(seed)
        else:
            self._seed, self._gen = seed, None
        return self

    def seed(self):
        """Seed from the operating system's randomness; the seed."""
        s = int.from_bytes(os.urandom(8), "little")
        self.manual_seed(s)
        return s

    def initial_seed(self):
        if self is DEFAULT_GENERATOR:
            return initial_seed()
        return self._seed if self._gen is None else self._gen.seed

    def get_state(self):
        return self._stream().state_bytes()

    def set_state(self, new_state):
        self._stream().set_state(new_state)
        return self

    @property
    def device(self):
        return _devices.device("cpu")

    def __repr__(self):
        return f"<torch._C.Generator object at {hex(id(self))}>"


DEFAULT_GENERATOR = Generator()


def _stream(generator):
    """The stream `generator=` names (the default one for None)."""
    if generator is None:
        return _torch_generator()
    if not isinstance(generator, Generator):
        raise TorchTypeError(f"argument 'generator' must be torch.Generator, not "
                             f"{type(generator).__name__}")
    return generator._stream()


@register("rand", differentiable=False)
@_meta.factory
def rand(*sizes, size=None, dtype=None, device=None, requires_grad=False, generator=None,
         layout=None, pin_memory=False):
    """uniform random numbers in [0, 1)"""
    _flag(requires_grad, "rand", sizes, size=size, dtype=dtype)
    _devices.check(device, kernel="aten::empty.memory_format")
    _options(layout, pin_memory)
    dt = _dt(dtype, fname="rand")
    shape = _shape(sizes, size, fname="rand", itemsize=dt.itemsize)
    _floating_only(dt, "check_uniform_bounds")
    draws = _stream(generator).uniform_range(math.prod(shape), dt, 0.0, 1.0)
    return _finish(draws.reshape(shape), requires_grad)


@register("randn", differentiable=False)
@_meta.factory
def randn(*sizes, size=None, dtype=None, device=None, requires_grad=False, generator=None,
          layout=None, pin_memory=False):
    """standard normal random numbers"""
    _flag(requires_grad, "randn", sizes, size=size, dtype=dtype)
    _devices.check(device, kernel="aten::empty.memory_format")
    _options(layout, pin_memory)
    dt = _dt(dtype, fname="randn")
    shape = _shape(sizes, size, fname="randn", itemsize=dt.itemsize)
    _floating_only(dt, "normal_kernel_cpu")
    return _finish(normal_draws(_stream(generator), math.prod(shape), dt).reshape(shape),
                   requires_grad)


def normal_draws(stream, n: int, np_dtype, mean=0.0, std=1.0) -> np.ndarray:
    """n normal draws of `np_dtype` from `stream`. A bfloat16 or float16 fill is PyTorch
    2.13's float one rounded: of 16 or more elements, Box-Muller in float32 on blocks of 16
    uniforms, but the last block of a size not a multiple of 16 is the leftover uniforms
    and as many new ones as make 16 (not 16 new ones, as float32's), its results written
    to the last 16 elements; of fewer, the double draws per element, through float as
    c10's conversions go."""
    if np_dtype not in (dtypes.BF16_NP, np.float16):
        return stream.normal(n, np_dtype, mean, std)
    if n >= 16:
        padded = -(-n // 16) * 16
        draws = stream.normal(padded, np.float32, mean, std)
        if padded != n:
            draws = np.concatenate((draws[:n - 16], draws[padded - 16:]))
    else:
        draws = stream.normal(n, np.float64, mean, std).astype(np.float32)
    return dtypes.to_bf16(draws) if np_dtype == dtypes.BF16_NP else draws.astype(np.float16)


def _floating_only(np_dtype, kernel: str) -> None:
    """rand/randn refuse integer dtypes, naming the CPU kernel that has no such variant."""
    if np_dtype.kind not in "fc":
        raise TorchNotImplementedError(f'"{kernel}" not implemented for '
                                       f"'{dtypes.from_numpy(np_dtype).legacy}'")


@register("randint", differentiable=False)
@_meta.factory
def randint(low=None, high=None, size=None, *, generator=None, dtype=None, device=None,
            requires_grad=False, layout=None, pin_memory=False):
    """random integers in [low, high) (`randint(high, size)` from 0; a size is required)"""
    _flag(requires_grad, "randint", tuple(a for a in (low, high, size) if a is not None),
          dtype=dtype)
    _devices.check(device, kernel="aten::empty.memory_format")
    _options(layout, pin_memory)
    if low is None:                             # randint(high=high, size=size)
        low = 0
    elif isinstance(high, (tuple, list)):        # randint(high, size)
        low, high, size = 0, low, high
    elif high is None:
        low, high = 0, low
    elif size is None:                          # randint(low, high): high read as the size
        raise TorchTypeError(f"randint(): argument 'size' (position 2) must be tuple of ints, "
                             f"not {type(high).__name__}")
    size = () if size is None else size
    for v in (low, high):
        if isinstance(v, int) and not -(1 << 63) <= v < 1 << 63:     # the argument parser's
            raise TorchValueError("Overflow when unpacking long long")
    np_dtype = _dt(dtype, dtypes.int64)
    low, span = random_range(int(low), int(high), np_dtype)
    shape = _shape((tuple(size),))
    draws = _stream(generator).integers(low, low + span, math.prod(shape))
    return _finish(draws.reshape(shape).astype(np_dtype), requires_grad)


@register("bernoulli", method=True, differentiable=False)
def bernoulli(input, p=None, *, generator=None):
    """1 with probability `input` (each element's own) or `p`, else 0, in input's dtype"""
    refuse_complex("bernoulli" if p is None else "dropout", input)
    x = input._data
    stream = _stream(generator)
    if p is None:
        out = _tensor_bernoulli(input, stream)
    else:
        if not 0 <= p <= 1:
            raise TorchRuntimeError(f"bernoulli_ expects p to be in [0, 1], but got "
                                    f"p={_num(p)}")
        out = bernoulli_mask(x.shape, float(p), stream)
    return _sampled(BernoulliBackward0 if p is None else BernoulliNotImplemented, (input,),
                    out.astype(x.dtype))


def _tensor_bernoulli(probs: Tensor, stream, like=None) -> np.ndarray:
    """ATen's bernoulli_tensor kernel (a bool mask of probs' shape): a uniform of the
    probabilities' precision per element (53-bit for float64 ones, else 24-bit), drawn in the
    order of the memory of `like` (the tensor written; a new contiguous one when None), True
    below its probability."""
    if not probs.dtype.is_floating_point:      # the kernel's dispatch on p's dtype
        raise TorchNotImplementedError(f'"bernoulli_tensor_cpu_p_" not implemented for '
                                       f"'{probs.dtype.legacy}'")
    p = probs._data
    if p.size and not ((p >= 0) & (p <= 1)).all():
        raise TorchRuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  "
                                "(Could this error message be improved?  If so, please report "
                                "an enhancement request to PyTorch.)")
    u = stream.uniform(p.size, np.float64 if p.dtype == np.float64 else np.float32)
    return (u.reshape(p.shape) if like is None else in_memory_order(u, like)) < p


def bernoulli_mask(shape, p: float, stream=None) -> np.ndarray:
    """PyTorch's bernoulli_(p) on CPU (dropout's mask too): a 53-bit uniform per element,
    True where it is below p."""
    stream = stream or _torch_generator()
    n = int(np.prod(shape, dtype=np.int64))
    return stream.uniform(n, np.float64).reshape(shape) < p


class _Drawn(Node):
    """d sample_(x) = 0: the values written are drawn, not computed from x"""

    def forward(self, x):
        return self.draws

    def backward(self, g):
        from .core import zeros_for
        return zeros_for(g)


def sampler_node(name: str) -> type:
    return type(name, (_Drawn,), {"__doc__": _Drawn.__doc__})


# PyTorch's nodes of the in-place samplers (random_'s by its overload: none, to, from and to;
# bernoulli_'s: a tensor of probabilities, a number)
NormalBackward0 = sampler_node("NormalBackward0")
UniformBackward0 = sampler_node("UniformBackward0")
ExponentialBackward0 = sampler_node("ExponentialBackward0")
RandomBackward2 = sampler_node("RandomBackward2")
RandomBackward1 = sampler_node("RandomBackward1")
RandomBackward0 = sampler_node("RandomBackward0")
BernoulliBackward1 = sampler_node("BernoulliBackward1")
BernoulliBackward2 = sampler_node("BernoulliBackward2")


class _Sampled(Node):
    """d sample(params) = 0 for each parameter (a tensor of its shape): the values are
    drawn, not computed from them (PyTorch's `at::zeros(mean.sizes(), grad.options())`)"""

    def forward(self, *params):
        return self.draws

    def backward(self, g):
        dtype = g._data.dtype
        return tuple(wrap(np.zeros(meta[0], dtype)) for meta in self._in_meta)


# PyTorch's nodes of the functional samplers with tensor parameters: normal's by its
# overload (a tensor mean, a tensor std, both), poisson's, bernoulli's of a tensor of
# probabilities; bernoulli(x, p) with a number p records a node that cannot differentiate
NormalBackward1 = type("NormalBackward1", (_Sampled,), {"__doc__": _Sampled.__doc__})
NormalBackward2 = type("NormalBackward2", (_Sampled,), {"__doc__": _Sampled.__doc__})
NormalBackward3 = type("NormalBackward3", (_Sampled,), {"__doc__": _Sampled.__doc__})
PoissonBackward0 = type("PoissonBackward0", (_Sampled,), {"__doc__": _Sampled.__doc__})
BernoulliBackward0 = type("BernoulliBackward0", (_Sampled,), {"__doc__": _Sampled.__doc__})


def _no_bernoulli_derivative(self, g):
    raise TorchRuntimeError("derivative for aten::bernoulli is not implemented")


BernoulliNotImplemented = type("NotImplemented", (Node,), {
    "__doc__": "bernoulli(x, p) has no derivative (PyTorch records a NotImplemented node)",
    "forward": lambda self, x: self.draws,
    "backward": _no_bernoulli_derivative,
    "_qualified": True,         # name() is torch::autograd::NotImplemented, as PyTorch's
})


def _sampled(cls, params: tuple, draws: np.ndarray) -> Tensor:
    """The draws as the result of a sampler over tensor params: recorded as `cls` where
    a parameter requires grad (its gradient zero), else plain."""
    from .core import apply
    return apply(cls, params, draws=draws)


def write_draws(self, cls, draw):
    """self.op_(...) of a sampler: `draw()` (an array of self's shape, drawn only once the
    in-place checks passed, as PyTorch's kernel runs after them) written in place, recorded
    as `cls`, whose gradient is zero, as PyTorch records them."""
    from .core import apply, inplace
    if _meta.filled(self):
        return self

    def drawn():
        values = draw()
        if self._data.dtype == dtypes.BF16_NP or self._data.dtype == np.float16:
            values = dtypes.convert(values, self._data.dtype)   # (bfloat16 rounded too)
        return values
    return inplace(self, lambda before: apply(cls, (before,), draws=drawn()))


def in_memory_order(values: np.ndarray, x: np.ndarray) -> np.ndarray:
    """`values` (one per element of x, in the order ATen's serial kernels visit x's memory:
    TensorIterator's order of its dims) laid out in x's logical order."""
    if x.flags.c_contiguous:
        return values.reshape(x.shape)
    from .shape import _iterator_order
    order = _iterator_order(x.shape, [[abs(s) for s in x.strides]])[::-1]   # outermost first
    return values.reshape([x.shape[d] for d in order]).transpose(np.argsort(order))


def _sampling_method(name: str, fn):
    """The in-place sampler `fn` as the Tensor method `name`, checking its arguments with
    PyTorch's signatures (`x.uniform_('a')`: "uniform_(): argument 'from' (position 1) must
    be float, not str")."""
    from ..argparser import checked
    fn.__name__ = fn.__qualname__ = name
    return checked(fn, name, True)


def _bernoulli_(self, p=0.5, *, generator=None):
    """fill self with bernoulli(p) draws, in place (p a number or a tensor of them that
    expands to self's shape), drawn in the order of self's memory"""
    x = self._data
    stream = _stream(generator)
    if isinstance(p, Tensor):           # (p's dtype, not self's, picks the uniform)
        refuse_complex("bernoulli", self)
        _refuse_unsigned(self, "bernoulli_tensor_cpu_self_")
        probs = p.expand(self.shape)
        return write_draws(self, BernoulliBackward1, lambda: _tensor_bernoulli(
            probs, stream, x).astype(x.dtype))
    if not 0 <= p <= 1:
        raise TorchRuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={_num(p)}")
    refuse_complex("dropout", self)
    _refuse_unsigned(self, "bernoulli_scalar_cpu_")
    return write_draws(self, BernoulliBackward2, lambda: in_memory_order(
        bernoulli_mask((x.size,), float(p), stream), x).astype(x.dtype))


def _refuse_unsigned(self, kernel: str) -> None:
    """bernoulli_'s kernels have no uint16/32/64 (ops/unsigned.py)."""
    if self.dtype in dtypes.BAREBONES_UNSIGNED:
        from ..errors import TorchNotImplementedError
        raise TorchNotImplementedError(f'"{kernel}" not implemented for \'{self.dtype.legacy}\'')


Tensor.bernoulli_ = _sampling_method("bernoulli_", _bernoulli_)


def _uniform_(self, a=0.0, to=1.0, *, generator=None):
    """fill self with uniform draws in [a, to), in place (PyTorch's stream and rounding),
    drawn in the order of self's memory"""
    x = self._data
    if x.dtype.kind == "c" and not x.size:
        return self
    _check_uniform_bounds(float(a), float(to), x.dtype)
    return write_draws(self, UniformBackward0, lambda: in_memory_order(
        _stream(generator).uniform_range(x.size, x.dtype, float(a), float(to)), x))


def _check_uniform_bounds(low: float, high: float, np_dtype) -> None:
    """uniform_impl_'s checks: a floating dtype (a complex one's parts), both bounds within
    its range, low <= high, and high - low within its range."""
    from .rng import _floating, _real
    np_dtype = _floating("check_uniform_bounds", np_dtype)
    if np_dtype.kind == "c":
        np_dtype = _real(np_dtype)
    big, name = _largest(np_dtype), dtypes.from_numpy(np_dtype)
    for value, what in ((low, "from"), (high, "to")):
        if not -big <= value <= big:
            raise TorchRuntimeError(f"{what} is out of bounds for {_CPP_NAMES[name.name]}")
    if not low <= high:
        raise TorchRuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                                f"from={_num(low)} > to={_num(high)}")
    if not high - low <= big:
        raise TorchRuntimeError(f"uniform_ expects to-from <= std::numeric_limits<"
                                f"{name.legacy}>::max(), but found to={_num(high)} and "
                                f"from={_num(low)} which result in to-from to exceed the limit")


def _normal_(self, mean=0.0, std=1.0, *, generator=None):
    """fill self with normal draws of the given mean and std, in place"""
    if not std >= 0.0:
        raise TorchRuntimeError(f"normal expects std >= 0.0, but found std {_num(std)}")
    x = self._data
    if x.flags.c_contiguous:
        return write_draws(self, NormalBackward0, lambda: normal_draws(
            _stream(generator), x.size, x.dtype, float(mean), float(std)).reshape(x.shape))
    return write_draws(self, NormalBackward0, lambda: _strided_normals(
        _stream(generator), x, float(mean), float(std)))


def _strided_normals(stream, x: np.ndarray, mean: float, std: float) -> np.ndarray:
    """normal_ of a tensor not contiguous, as ATen's serial kernel: one double draw per
    element (whatever the size; a complex one's parts in turn, each of std / sqrt(2)), in
    the order of x's memory, each mean + std * z fused, then converted through float."""
    parts = 2 if x.dtype.kind == "c" else 1
    if parts == 2:
        from .rng import _real
        std, real = std / math.sqrt(2), _real(x.dtype)
    else:
        real = x.dtype
    z = np.array([stream._normal_double() for _ in range(x.size * parts)], dtype=np.float64)
    values = fma(z, np.float64(std), np.float64(mean))
    if real != np.float64:
        values = values.astype(np.float32)
        values = dtypes.to_bf16(values) if real == dtypes.BF16_NP else values.astype(real)
    return in_memory_order(values.view(x.dtype) if parts == 2 else values, x)


def _num(value) -> str:
    """A bound as ATen's messages print a double (`1`, `0.5`)."""
    return f"{float(value):g}"


Tensor.uniform_ = _sampling_method("uniform_", _uniform_)
Tensor.normal_ = _sampling_method("normal_", _normal_)


@register("rand_like", differentiable=False)
@_meta.factory
def rand_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None,
              generator=None, layout=None, pin_memory=False):
    """uniform random numbers in input's shape (drawn in its memory order)"""
    _devices.check(device, kernel="aten::empty_strided")
    _options(layout, pin_memory)
    _flag(requires_grad, "rand_like")
    return _laid_out_like(rand(input._data.shape, dtype=dtype or input.dtype,
                               requires_grad=requires_grad, generator=generator),
                          input, memory_format)


@register("randn_like", differentiable=False)
@_meta.factory
def randn_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None,
               generator=None, layout=None, pin_memory=False):
    """normal random numbers in input's shape (drawn in its memory order)"""
    _devices.check(device, kernel="aten::empty_strided")
    _options(layout, pin_memory)
    _flag(requires_grad, "randn_like")
    from .shape import layout_like
    if layout_like(input._data, memory_format) is not None:
        t = empty_like(input, dtype=dtype, memory_format=memory_format)
        if not t._data.flags.c_contiguous:  # strided as input: normal_'s element-wise draws
            _floating_only(t._data.dtype, "normal_kernel_cpu")
            t._data[...] = _strided_normals(_stream(generator), t._data, 0.0, 1.0)
            return t.requires_grad_(True) if requires_grad else t
    return _laid_out_like(randn(input._data.shape, dtype=dtype or input.dtype,
                                requires_grad=requires_grad, generator=generator),
                          input, memory_format)


@register("randperm", differentiable=False)
@_meta.factory
def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False, layout=None,
             pin_memory=False):
    """a random permutation of 0..n-1"""
    _options(layout, pin_memory)
    _flag(requires_grad, "randperm", (n,), dtype=dtype)
    _devices.check(device, kernel="aten::empty.memory_format")
    n = int(n)
    np_dtype = _dt(dtype, dtypes.int64)
    if n >= 0:                  # (a negative n: the refusal of its size, first)
        _check_randperm_dtype(n, np_dtype)
    _shape(((n,),))
    return _finish(_stream(generator).permutation(n).astype(np_dtype), requires_grad)


# randperm's largest n of a float dtype (ATen's check_supported_max_int_with_precision)
_RANDPERM_MAX = {np.dtype(np.float16): ("2049", "Half"), np.dtype(np.float32): ("2^24+1", "Float"),
                 np.dtype(np.float64): ("2^53+1", "Double")}


def _check_randperm_dtype(n: int, np_dtype) -> None:
    """randperm's refusals, before anything is drawn: n - 1 must fit the dtype (c10's
    checked conversion), n must be exactly representable in a float dtype, and the kernel
    has no bool or complex variant."""
    dtypes.checked_scalar(max(n - 1, 0), np_dtype)
    if np_dtype in _RANDPERM_MAX:
        text, name = _RANDPERM_MAX[np_dtype]
        if n > (1 << (_digits(np_dtype))) + 1:
            raise TorchRuntimeError(f"n cannot be greater than {text} for {name} type.")
    if np_dtype.kind in "bc":
        raise TorchNotImplementedError(f"\"randperm\" not implemented for "
                                       f"'{dtypes.from_numpy(np_dtype).legacy}'")


@register("normal", differentiable=False)
@_meta.factory
def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, device=None,
           requires_grad=False, layout=None, pin_memory=False):
    """normal random numbers with the given mean and std (numbers, or tensors that broadcast
    and give the shape)"""
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        return _normal_tensors(mean, std, _stream(generator))
    _devices.check(device, kernel="aten::empty.memory_format")
    _options(layout, pin_memory)
    if not std >= 0.0:
        raise TorchRuntimeError(f"normal expects std >= 0.0, but found std {_num(std)}")
    shape = _shape((tuple(size),)) if size is not None else ()
    draws = normal_draws(_stream(generator), math.prod(shape), _dt(dtype), mean, std)
    return _finish(draws.reshape(shape), requires_grad)


def normal_into(out, mean=0.0, std=1.0, size=None, *, generator=None):
    """torch.normal(..., out=out) as ATen's normal_out: out resized (to `size`; for a tensor
    mean and a number std to the broadcast of mean's shape and out's own; else to the
    broadcast of mean's and std's), then `out.normal_(0, std)` (`normal_(0, 1)` and
    `mul_(std)` for a tensor std) and `add_(mean)`: drawn in out's dtype (its kernel
    refuses integer and bool outs, after the resize)."""
    from .core import broadcast_error
    mean_t, std_t = isinstance(mean, Tensor), isinstance(std, Tensor)
    if not mean_t and not std_t:
        shape = _shape((tuple(size),)) if size is not None else ()
        _resize_out(out, shape)
        return out.normal_(mean, std, generator=generator)
    if std_t:
        if std.dtype.is_complex:
            raise TorchRuntimeError("normal expects standard deviation to be non-complex")
        if std._data.size and not (std._data >= 0).all():
            raise TorchRuntimeError("normal expects all elements of std >= 0.0")
    elif not std >= 0.0:
        raise TorchRuntimeError(f"normal expects std >= 0.0, but found std {_num(std)}")
    first = mean._data.shape if mean_t else ()
    second = std._data.shape if std_t else out._data.shape
    try:
        shape = np.broadcast_shapes(first, second)
    except ValueError:
        raise broadcast_error(first, second) from None
    _resize_out(out, shape)
    from ..autograd.grad_mode import no_grad
    with no_grad():
        out.normal_(0.0, 1.0 if std_t else std, generator=generator)
        if std_t:
            out.mul_(std)
        out.add_(mean if mean_t else full((), mean, dtype=out.dtype))
    return out


def _resize_out(out, shape) -> None:
    from .outparam import _resize_to
    _resize_to(out, tuple(shape), stacklevel=7)


def _normal_tensors(mean, std, stream):
    """PyTorch's normal with a tensor mean and/or std, in the broadcast shape and the dtype
    of mean, else std: a tensor std's is `normal_(0, 1)`, then `out.mul_(std).add_(mean)`;
    a number std's is `normal_(0, std)`, then `out.add_(mean)` (each step rounded to the
    dtype, as those in-place ops)."""
    like = mean if isinstance(mean, Tensor) else std
    m = mean._data if isinstance(mean, Tensor) else mean
    s = std._data if isinstance(std, Tensor) else std
    if isinstance(std, Tensor) and std._data.size and not (std._data >= 0).all():
        raise TorchRuntimeError("normal expects all elements of std >= 0.0")
    if not isinstance(std, Tensor) and not std >= 0.0:
        raise TorchRuntimeError(f"normal expects std >= 0.0, but found std {_num(std)}")
    try:
        shape = np.broadcast_shapes(np.shape(m), np.shape(s))
    except ValueError:
        from .core import broadcast_error
        raise broadcast_error(np.shape(m), np.shape(s)) from None
    dt = like._data.dtype
    bf16 = dt == dtypes.BF16_NP

    def rounded(values):
        values = np.asarray(values, dtype=np.float32 if bf16 else dt)
        return dtypes.to_bf16(values) if bf16 else values.astype(dt, copy=False)
    n = math.prod(shape)
    if isinstance(std, Tensor):
        out = rounded(normal_draws(stream, n, dt).reshape(shape) * rounded(s))
    else:
        out = normal_draws(stream, n, dt, 0.0, float(s)).reshape(shape)
    draws = rounded(out + rounded(m))
    if isinstance(mean, Tensor) and isinstance(std, Tensor):
        return _sampled(NormalBackward3, (mean, std), draws)
    return _sampled(NormalBackward1 if isinstance(mean, Tensor) else NormalBackward2, (like,),
                    draws)


def _exponential_(self, lambd=1.0, *, generator=None):
    """fill self with exponential draws of rate lambd, in place (PyTorch's CPU stream)"""
    if not (lambd > 0 and math.isfinite(lambd)):
        raise TorchRuntimeError(f"exponential_ expects lambda > 0.0, but found "
                                f"lambda={_num(lambd)}")
    x = self._data
    if x.dtype.kind != "f" and x.size:        # (the kernel's check: none for no elements)
        raise TorchRuntimeError(f"Exponential distribution is a continuous probability "
                                f"distribution. dtype must be a floating point but you "
                                f"specified {self.dtype.legacy}")
    return write_draws(self, ExponentialBackward0, lambda: in_memory_order(
        _stream(generator).exponential(x.size, float(lambd)), x).astype(x.dtype))


def check_random_bounds(start: int, last: int, np_dtype) -> None:
    """ATen's check_from_to_in_range of random_(from, to) (randint's too), `last` = to - 1
    (for a float dtype both as `random_range` moved them): both within the dtype's range
    (bool's is 0..1), each warned about past 2^digits for a float dtype; no complex dtype."""
    np_dtype = np.dtype(np_dtype)
    name = _CPP_NAMES[dtypes.from_numpy(np_dtype).name]
    if np_dtype.kind == "c":
        raise TorchRuntimeError("check_random_bounds handles only integral, floating-point and "
                                "boolean types")
    if np_dtype.kind == "f":
        low, high = -_largest(np_dtype), _largest(np_dtype)
    elif np_dtype.kind == "b":
        low, high = 0, 1
    else:
        low, high = int(np.iinfo(np_dtype).min), int(np.iinfo(np_dtype).max)
    for value, what in ((start, "from"), (last, "to - 1")):
        if not low <= value <= high:
            raise TorchRuntimeError(f"{what} is out of bounds for {name}")
    if np_dtype.kind != "f":
        return
    digits = _digits(np_dtype)
    for value, what, line in ((start, "from", 110), (last, "to - 1", 111)):
        if not -(1 << digits) <= value <= 1 << digits:
            from ..errors import warn_cpp
            warn_cpp(f"{what} is out of bounds [-(2^{digits}), 2^{digits}]. Due to precision "
                     f"limitations {name} can support discrete uniform distribution only "
                     f"within this range. This warning will become an error in version 1.7 "
                     f"release, please fix the code in advance (Triggered internally at "
                     f"/__w/pytorch/pytorch/aten/src/ATen/native/DistributionTemplates.h:"
                     f"{line}.)")


_UNSET = object()          # random_'s `to` not given (None given: up to the dtype's largest)


def _random_(self, start=None, to=_UNSET, *, generator=None):
    """fill self with random integers in [start, to) (`random_(to)`: [0, to); `random_(start,
    None)`: [start, the dtype's largest]); without bounds, in [0, 2**mantissa] for floats and
    [0, max] for integers, as PyTorch does; drawn in the order of self's memory"""
    x = self._data
    stream = _stream(generator)
    if start is None and to is _UNSET:
        if x.dtype.kind == "c":
            raise TorchNotImplementedError(f"\"random_kernel_cpu\" not implemented for "
                                           f"'{self.dtype.legacy}'")
        cls, low, span = RandomBackward2, None, None
    elif start is None or to is _UNSET:         # random_(to), random_(to=to)
        cls = RandomBackward1
        low, span = random_range(0, int(start if to is _UNSET else to), x.dtype)
    else:
        cls = RandomBackward0
        low, span = random_range(int(start), None if to is None else int(to), x.dtype)

    def draw():
        draws = _random_full(stream, x.dtype, x.size) if span is None else \
            stream.integers(low, low + span, x.size)
        return in_memory_order(draws, x).astype(x.dtype)
    return write_draws(self, cls, draw)


def random_range(start: int, to, np_dtype) -> tuple:
    """ATen's random_from_to_impl before its kernel (random_ and randint): (low, span), the
    values low .. low + span - 1 of random_(start, to), `to` None meaning up to the dtype's
    largest; for a float dtype the bounds first moved to where the dtype rounds them inside
    the range (update_from, update_to), then checked against the dtype."""
    np_dtype = np.dtype(np_dtype)
    if to is not None:
        if not start < to:
            raise TorchRuntimeError(f"random_ expects 'from' to be less than 'to', but got "
                                    f"from={start} >= to={to}")
        if np_dtype.kind == "f":
            start, to = _update_from(start, np_dtype), _update_to(to, np_dtype)
            if not start < to:
                raise TorchRuntimeError(f"random_ expects 'from' casted to dtype to be less "
                                        f"than 'to' casted to dtype, but got from={start} >= "
                                        f"to={to}")
        check_random_bounds(start, to - 1, np_dtype)
        return start, to - start
    if start == -(1 << 63):                    # the full 64-bit range: its own kernel
        if np_dtype not in (np.int64, np.float32, np.float64, dtypes.BF16_NP):
            raise TorchRuntimeError("random_full_64_bits_range_kernel_cpu handles only int64, "
                                    "double, float and bfloat16")
        return start, 1 << 64
    if np_dtype.kind == "f":
        last = 1 << _digits(np_dtype)
        start = _update_from(start, np_dtype)
        if not start < last:
            raise TorchRuntimeError(f"random_ expects 'from' casted to dtype to be less than or "
                                    f"equal to 'to_inc' casted to dtype, but got from={start} > "
                                    f"to_inc={last}")
    elif np_dtype.kind in "biu":
        last = 1 if np_dtype.kind == "b" else int(np.iinfo(np_dtype).max)
    else:
        raise TorchRuntimeError("random_from_to_impl handles only integral, floating-point and "
                                "boolean types")
    check_random_bounds(start, last, np_dtype)
    return start, last - start + 1


def _digits(np_dtype) -> int:
    """std::numeric_limits<scalar_t>::digits of a float dtype."""
    return 8 if np_dtype == dtypes.BF16_NP else np.finfo(np_dtype).nmant + 1


def _largest(np_dtype) -> float:
    """std::numeric_limits<scalar_t>::max() of a float dtype."""
    return dtypes.BF16_MAX if np_dtype == dtypes.BF16_NP else float(np.finfo(np_dtype).max)


def _through_dtype(value: int, np_dtype) -> int:
    """static_cast<int64_t>(static_cast<scalar_t>(value)) on x86: value (wrapped into int64)
    rounded to the float dtype (through float for float16 and bfloat16, as c10's), then
    truncated; out of int64's range (an inf too) the CPU's 0x8000000000000000."""
    arr = np.array((value + (1 << 63)) % (1 << 64) - (1 << 63), dtype=np.int64)
    if np_dtype == np.float64:
        f = float(arr.astype(np.float64))
    else:
        f32 = arr.astype(np.float32)
        with np.errstate(over="ignore"):
            f = float(dtypes.to_bf16(f32) if np_dtype == dtypes.BF16_NP else
                      f32.astype(np_dtype))
    return int(f) if -2.0 ** 63 <= f < 2.0 ** 63 else -(1 << 63)


def _update_from(start: int, np_dtype) -> int:
    """ATen's update_from: a `from` whose successor the dtype rounds below it moved up to
    the next value the dtype holds."""
    rounded = _through_dtype(start + 1, np_dtype)
    if rounded < start:
        n = abs(start + 1).bit_length() - 1
        start = rounded + (1 << (n - _digits(np_dtype) + 1))
    return start


def _update_to(to: int, np_dtype) -> int:
    """ATen's update_to: a `to` whose predecessor the dtype rounds up to it (or past) moved
    down to the previous value the dtype holds."""
    rounded = _through_dtype(to - 1, np_dtype)
    if rounded >= to:
        n = abs(to - 1).bit_length() - 1
        to = rounded - (1 << (n - _digits(np_dtype) + 1))
    return to


def _random_full(stream, dtype, n: int) -> np.ndarray:
    """`random_()` without bounds: a 64-bit draw each for float64/int64, else 32-bit, modulo
    2**digits + 1 (floats), 2 (bool) or the type's max + 1."""
    dtype = np.dtype(dtype)
    draws = stream.u64(n) if dtype in (np.float64, np.int64) else stream.u32(n)
    if dtype.kind == "f":
        span = (1 << (np.finfo(dtype).nmant + 1)) + 1
    elif dtype.kind == "b":
        span = 2
    else:
        span = int(np.iinfo(dtype).max) + 1
    return (draws % np.uint64(span)).astype(np.int64)


Tensor.exponential_ = _sampling_method("exponential_", _exponential_)
Tensor.random_ = _sampling_method("random_", _random_)


@register("poisson", differentiable=False)
def poisson(input, generator=None):
    """a Poisson draw for each rate in input (its dtype), PyTorch's CPU algorithm and stream"""
    x = input._data
    if x.dtype.kind != "f":
        raise TorchNotImplementedError(f'"poisson_cpu" not implemented for '
                                       f"'{input.dtype.legacy}'")
    if x.size and not (x >= 0).all():
        raise TorchRuntimeError("invalid Poisson rate, expected rate to be non-negative")
    stream = _stream(generator)
    draws = [stream.poisson(float(r)) for r in x.ravel().tolist()]
    return _sampled(PoissonBackward0, (input,),
                    np.array(draws, dtype=np.float64).astype(x.dtype).reshape(x.shape))


@register("randint_like", differentiable=False)
@_meta.factory
def randint_like(input, low=0, high=None, *, dtype=None, device=None, requires_grad=False,
                 layout=None, pin_memory=False, memory_format=None, generator=None):
    """random integers in [low, high) in input's shape and dtype (`randint_like(x, high)`),
    drawn in the memory order of the layout memory_format asks (input's by default)"""
    _devices.check(device, kernel="aten::empty_strided")
    _options(layout, pin_memory)
    _flag(requires_grad, "randint_like")
    if high is None:
        if isinstance(low, Tensor) and low._data.ndim:      # (randint_like.Tensor's check)
            raise TorchRuntimeError("high must be a scalar tensor and on CPU")
        low, high = 0, low
    return _laid_out_like(randint(low, high, input._data.shape, dtype=dtype or input.dtype,
                                  requires_grad=requires_grad, generator=generator), input,
                          memory_format)


@register("multinomial", method=True, differentiable=False)
def multinomial(input, num_samples, replacement=False, *, generator=None):
    """num_samples category indices per row drawn with the row's weights (int64), by
    PyTorch's CPU algorithms: without replacement (or for one sample) the largest
    `input / exponential draws`; with replacement a binary search of each 53-bit uniform in
    the normalised cumulative sums"""
    x = input._data
    if x.ndim not in (1, 2):
        raise TorchRuntimeError("prob_dist must be 1 or 2 dim")
    if x.dtype.kind != "f":
        raise TorchRuntimeError(f"multinomial only supports floating-point dtypes for input, "
                                f"got: {dtypes.from_numpy(x.dtype).legacy}")
    if num_samples <= 0:
        raise TorchRuntimeError("cannot sample n_sample <= 0 samples")
    if not replacement and num_samples > x.shape[-1]:
        raise TorchRuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                                "replacement")
    if x.shape[-1] > 1 << 24:         # (the CPU kernel's float32 cumulative sums)
        raise TorchRuntimeError("number of categories cannot exceed 2^24")
    stream = _stream(generator)
    rows = x.reshape(math.prod(x.shape[:-1]), x.shape[-1])     # (no categories: each row's sum 0)
    exponential = not replacement or num_samples == 1
    if exponential:
        _check_weights(x)
    else:
        _check_rows(rows)
    if exponential:
        q = stream.exponential(rows.size).astype(x.dtype).reshape(rows.shape)
        keys = rows / q
        out = np.argsort(-keys, axis=-1, kind="stable")[:, :num_samples]
    else:
        out = np.array([_cumulative_draws(r, num_samples, stream) for r in rows],
                       dtype=np.int64).reshape(len(rows), num_samples)
    return wrap(out.reshape(x.shape[:-1] + (num_samples,)).astype(np.int64))


def _check_weights(x: np.ndarray) -> None:
    """multinomial's checks of the weights, in PyTorch's words."""
    if not np.isfinite(x).all() or (x < 0).any():
        raise TorchRuntimeError("probability tensor contains either `inf`, `nan` or element "
                                "< 0")
    if (x.sum(axis=-1) <= 0).any():
        raise TorchRuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")


def _check_rows(rows: np.ndarray) -> None:
    """The with-replacement kernel's checks, row by row and element by element (a NaN fails
    the `>= 0` test first)."""
    for row in rows:
        for v in row.tolist():
            if not v >= 0:
                raise TorchRuntimeError("invalid multinomial distribution (encountering "
                                        "probability entry < 0)")
            if not math.isfinite(v):
                raise TorchRuntimeError("invalid multinomial distribution (encountering "
                                        "probability entry = infinity or NaN)")
        if not row.sum(dtype=_cumulative_dtype(row)) > 0:
            raise TorchRuntimeError("invalid multinomial distribution (sum of probabilities "
                                    "<= 0)")


def _cumulative_dtype(row: np.ndarray):
    """The dtype multinomial's kernel sums a row in: its own, float32 for float16 and
    bfloat16 (whose arrays are float32 with a mark NumPy's sum takes no dtype of)."""
    return np.float64 if row.dtype == np.float64 else np.float32


def _cumulative_draws(row: np.ndarray, n: int, stream) -> np.ndarray:
    """multinomial with replacement on one row: the cumulative sums in the row's dtype
    (float32 for float16 and bfloat16, as ATen's reduced-float kernel), divided by the
    total, the last set to 1, then the first slot whose sum is not below each uniform."""
    cum = np.cumsum(row, dtype=_cumulative_dtype(row))
    cum = cum / cum[-1]
    cum[-1] = 1
    u = stream.uniform(n, np.float64)
    return np.searchsorted(cum.astype(np.float64), u, side="left")


# -- resize_ ----------------------------------------------------------------------------------
# Here, beside the factories, because resize_ is an allocation: a tensor's memory ("storage",
# the array its data views) is reused when it holds enough elements from the tensor's start,
# else grown (keeping what it held); the tensor becomes contiguous in the new shape.

@register("resize_", method=True, function=False, differentiable=False)
def resize_(self, *size, memory_format=None):
    """reshape self in place to `size`, reusing or growing its memory (new elements unset)"""
    if not size:
        raise TorchTypeError('resize_() missing 1 required positional arguments: "size"')
    from .core import refuse_inference_write
    if self._requires_grad and not self._is_inference:   # (one never reaches autograd)
        raise TorchRuntimeError("cannot resize variables that require grad")
    shape = int_sizes(size, "resize_")
    if any(s < 0 for s in shape):
        raise TorchRuntimeError("numel: integer multiplication overflow")
    n = math.prod(shape)
    if n >= 2 ** 63:                    # PyTorch's overflow checks (int64 elements, size_t bytes)
        raise TorchRuntimeError("numel: integer multiplication overflow")
    if n * self._data.itemsize >= 2 ** 64:
        raise TorchRuntimeError(f"Storage size calculation overflowed with sizes="
                                f"[{', '.join(map(str, shape))}]")
    limits.check_size(n)
    strides = _resize_strides(shape, memory_format)
    if shape == self._data.shape and strides is None:
        refuse_inference_write(self)
        return self
    resize_memory(self, shape, strides)
    self._version_box[0] += 1
    refuse_inference_write(self)            # (PyTorch resizes, then refuses)
    return self


def resize_memory(self: Tensor, shape: tuple, strides=None) -> None:
    """Make self's data `shape` (contiguous, or `strides`) from where it starts in its
    memory, reused when it holds enough elements from there, else grown (ATen's resize_,
    which out= uses too: `out=x[6:7]` given a 0-d result still writes x[6])."""
    n = math.prod(shape)
    from .shape import storage_offset
    start, memory = storage_offset(self), _storage(self._data)
    if memory is None or start + n > memory.size:
        grown = np.zeros(start + n, dtype=self._data.dtype)
        _devices.uninitialized(grown)       # (what the old memory held is copied over)
        if memory is None:
            grown[start:start + min(n, self._data.size)] = self._data.reshape(-1)[:n]
        else:
            grown[:memory.size] = memory
        memory = grown
        self._base = None                   # no longer in the memory of what it viewed
    if strides is None:
        self._data = memory[start:start + n].reshape(shape)
    else:
        from .shape import laid_out
        self._data = laid_out(memory[start:start + n], shape, strides)


def _resize_strides(shape, memory_format):
    """The element strides resize_(memory_format=channels_last(_3d)) gives (None for the
    contiguous format), with PyTorch's error for a tensor of another rank."""
    name = getattr(memory_format, "name", "contiguous_format")
    rank = {"channels_last": 4, "channels_last_3d": 5}.get(name)
    if rank is None:
        return None
    if len(shape) != rank:
        raise TorchRuntimeError(f"required rank {rank} tensor to use {name} format")
    from .shape import _channels_last_strides
    return _channels_last_strides(shape, (1, 3, 2, 0) if rank == 4 else (1, 4, 3, 2, 0))


@register("resize_as_", method=True, differentiable=False)
def resize_as_(self, the_template, memory_format=None):
    """resize_ to the template's shape"""
    if not isinstance(the_template, Tensor):
        raise TorchTypeError(f"resize_as_(): argument 'the_template' (position 1) must be "
                             f"Tensor, not {type(the_template).__name__}")
    if getattr(memory_format, "name", None) == "preserve_format":     # the template's
        from .._tensor import MEMORY_FORMATS
        from .shape import suggest_memory_format
        memory_format = MEMORY_FORMATS[suggest_memory_format(the_template._data)]
    return resize_(self, the_template._data.shape, memory_format=memory_format)


def _storage(arr: np.ndarray):
    """The flat memory `arr` views (the array that owns it), in address order; None when
    that cannot be had without a copy."""
    from ..storage import root_array
    owner = root_array(arr)
    if owner.dtype != arr.dtype or not (owner.flags.c_contiguous or owner.flags.f_contiguous):
        return None
    return owner.reshape(-1, order="A") if owner.flags.writeable else None
