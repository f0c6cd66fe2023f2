"""Tensor.storage() and Tensor.untyped_storage(): the memory a tensor and its views share,
as PyTorch's TypedStorage (elements of the tensor's dtype) and UntypedStorage (bytes).
Read-only windows here: enough to see that views share memory (`data_ptr`, `size`) and to
print it as PyTorch does. `torch.TypedStorage(...)`, `torch.UntypedStorage(...)` and the
legacy `torch.FloatStorage(...)` ... make one of a size or of values; a storage of `n`
elements holds zeros (PyTorch's is uninitialized memory)."""
from __future__ import annotations

import operator

import numpy as np

from . import dtypes
from .errors import (TorchIndexError, TorchRuntimeError, TorchTypeError, TorchValueError,
                     warn_once)

TYPED_STORAGE_DEPRECATED = (
    "TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be "
    "the only storage class. This should only matter to you if you are using storages "
    "directly.  To access UntypedStorage directly, use tensor.untyped_storage() instead of "
    "tensor.storage()")


#: the memory share_memory_() moved to shared memory (by id: a weak reference to its root)
_SHARED: dict = {}


def share(a: np.ndarray) -> None:
    """Mark the memory `a` views as shared (Tensor.share_memory_, Storage.share_memory_): a
    CPU machine's arrays are already where other processes could map them."""
    import weakref
    root = root_array(a)
    key = id(root)
    _SHARED[key] = weakref.ref(root, lambda _, key=key: _SHARED.pop(key, None))


def is_shared(a: np.ndarray) -> bool:
    root = root_array(a)
    ref = _SHARED.get(id(root)) if _SHARED else None
    return ref is not None and ref() is root


def root_array(a: np.ndarray) -> np.ndarray:
    """The array that owns the memory `a` views."""
    while True:
        base = a.base
        if not isinstance(base, np.ndarray):        # as_strided's views hold their array
            base = getattr(base, "base", None)      # through a DummyArray
            if not isinstance(base, np.ndarray):
                return a
        a = base


class _Window:
    """An array interface NumPy builds a view from (as np.lib.stride_tricks.as_strided does);
    `base` keeps the viewed array alive and lets root_array() reach its owner."""

    def __init__(self, interface: dict, base: np.ndarray):
        self.__array_interface__ = interface
        self.base = base


def basic_view(a: np.ndarray, key: tuple) -> np.ndarray:
    """a[key] for a key of ints, forward slices and Ellipsis, starting where PyTorch's view
    starts even when it is empty: NumPy does not move an empty result's data pointer by the
    start of an empty slice, which would lose storage_offset() (`arange(10)[10:]` starts
    at 10). A new empty array has no strides in NumPy: it is read with PyTorch's
    contiguous ones, so that its views have PyTorch's strides and starts too."""
    out = a[key]
    if out.size or a.__class__ is not np.ndarray or not a.ndim:      # (meta arrays too)
        return out
    if not any(a.strides):
        a = _at(a, 0, _contiguous_strides(a.shape, a.itemsize))
        out = a[key]
    n_ell = sum(k is Ellipsis for k in key)
    at = key.index(Ellipsis) if n_ell else len(key)
    full = list(key[:at]) + [slice(None)] * (a.ndim - len(key) + n_ell) + list(key[at + n_ell:])
    skip = 0
    for k, n, step in zip(full, a.shape, a.strides):
        skip += (k.indices(n)[0] if isinstance(k, slice) else operator.index(k) % n) * step
    moved = out.__array_interface__["data"][0] - a.__array_interface__["data"][0]
    return out if moved == skip else _at(a, skip, out.strides, out.shape)


def _at(a: np.ndarray, skip: int, strides: tuple, shape: tuple | None = None) -> np.ndarray:
    """A view of a's memory `skip` bytes after a's start, of `shape` (a's) and `strides`."""
    interface = dict(a.__array_interface__)
    ptr, readonly = interface["data"]
    interface.update(data=(ptr + skip, readonly), strides=tuple(strides),
                     shape=a.shape if shape is None else tuple(shape))
    return np.asarray(_Window(interface, a))


def _contiguous_strides(shape: tuple, itemsize: int) -> tuple:
    """PyTorch's contiguous strides in bytes (a dimension of size 0 or 1 counts as 1)."""
    out, step = [], itemsize
    for n in reversed(shape):
        out.append(step)
        step *= max(n, 1)
    return tuple(out[::-1])


class _Storage:
    __gradcli_safe__ = True
    __slots__ = ("_root", "_values")

    def __init__(self, root: np.ndarray, values: np.ndarray):
        self._root = root
        self._values = values

    def size(self) -> int:
        return int(self._values.size)

    def __len__(self) -> int:
        return int(self._values.size)

    def data_ptr(self) -> int:
        """The memory's address; 0 for a storage of no bytes (PyTorch allocates none)."""
        return self._root.__array_interface__["data"][0] if self._root.size else 0

    def nbytes(self) -> int:
        return self.size() * self.element_size()

    def is_shared(self) -> bool:
        return is_shared(self._root)

    def share_memory_(self):
        share(self._root)
        return self

    @property
    def device(self):
        from .devices import device
        return device("cpu")

    def __getitem__(self, i):
        if isinstance(i, bool) or not isinstance(i, int):
            raise TorchTypeError(f"can't index a {type(self).__module__}.{type(self).__name__} "
                                 f"with {type(i).__name__}")
        n = self.size()
        if not -n <= i < n:
            raise TorchIndexError(f"index {i} out of range for storage of size {n}")
        return self._values[i].item()

    def __iter__(self):
        return iter(self.tolist())

    def tolist(self) -> list:
        return self._values.tolist()

    def __setitem__(self, i, value):
        """storage[i] = v and storage[a:b] = v: written into the memory its tensors view (as
        PyTorch writes through a tensor of the storage's elements)."""
        if isinstance(i, bool) or not isinstance(i, (int, slice)):
            raise TorchRuntimeError(f"can't index a {type(self).__module__}."
                                    f"{type(self).__name__} with {type(i).__name__}")
        n = self.size()
        if isinstance(i, int) and not -n <= i < n:
            raise TorchIndexError(f"index {i} is out of bounds for dimension 0 with size {n}")
        self._writable()[i] = _element(value, self._values.dtype)

    def fill_(self, value):
        """Every element set to `value`."""
        self._writable()[...] = _element(value, self._values.dtype)
        return self

    def copy_(self, source, non_blocking=None):
        """source's bytes copied into this storage's, which must have as many."""
        if not isinstance(source, _Storage):
            raise TorchTypeError(f"copy_(): argument 'src' must be a Storage, not "
                                 f"{type(source).__name__}")
        if source.nbytes() != self.nbytes():
            raise TorchRuntimeError(f"size does not match, self was {self.nbytes()} bytes but "
                                    f"src was {source.nbytes()} bytes")
        self._writable().view(np.uint8)[...] = source._values.view(np.uint8)
        return self

    def _writable(self) -> np.ndarray:
        """The values as an array that writes into the memory (the shared view of it)."""
        values = self._values
        if not np.may_share_memory(values, self._root) or not values.flags.writeable:
            raise TorchRuntimeError("gradcli can't write into this storage (its memory is "
                                    "not a plain array); write through a tensor instead")
        return values

    def is_pinned(self, device=None) -> bool:
        return False

    is_sparse = is_cuda = False

    def __repr__(self) -> str:
        rows = "\n ".join(str(v) for v in self.tolist())
        return f" {rows}\n[{self._describe()} of size {self.size()}]"

    __str__ = __repr__


class TypedStorage(_Storage):
    """A tensor's memory as elements of its dtype (tensor.storage())."""

    __slots__ = ("_dtype",)

    def __init__(self, *args, dtype=None, device=None):
        """torch.TypedStorage(), (n) or (sequence), of `dtype` (the default one)."""
        warn_once(TYPED_STORAGE_DEPRECATED, stacklevel=3)
        dtype = dtypes.get_default_dtype() if dtype is None else dtypes.to_dtype(dtype)
        self._view(_new_values(args, dtype), dtype)

    @classmethod
    def of(cls, root: np.ndarray, dtype) -> "TypedStorage":
        """The storage of the memory `root` owns, as elements of `dtype`."""
        storage = cls.__new__(cls)
        storage._view(root, dtype)
        return storage

    @classmethod
    def from_buffer(cls, buffer, byte_order=None, count=-1, offset=0, dtype=None):
        """A storage of a copy of a bytes-like object's elements (torch.ShortStorage
        .from_buffer(b, 'big')), of the legacy class's dtype, `dtype`, or the default one."""
        warn_once(TYPED_STORAGE_DEPRECATED, stacklevel=3)
        legacy = getattr(cls, "legacy_dtype", None)
        if legacy is not None:
            dtype = legacy
        dtype = dtypes.get_default_dtype() if dtype is None else dtypes.to_dtype(dtype)
        return TypedStorage.of(_from_buffer(buffer, byte_order, count, offset, dtype), dtype)

    def _view(self, root: np.ndarray, dtype) -> None:
        flat = root.reshape(-1) if root.flags.c_contiguous or root.flags.f_contiguous \
            else np.ravel(root, order="K")
        values = flat.view(dtype.np) if flat.dtype.itemsize == np.dtype(dtype.np).itemsize \
            and flat.dtype.kind != dtype.np.kind else flat
        _Storage.__init__(self, root, values)
        self._dtype = dtype

    @property
    def dtype(self):
        return self._dtype

    def element_size(self) -> int:
        return self._dtype.itemsize

    def untyped(self) -> "UntypedStorage":
        return UntypedStorage.of(self._root)

    def clone(self) -> "TypedStorage":
        """A storage of a copy of the elements."""
        return TypedStorage.of(self._values.copy(), self._dtype)

    def cpu(self) -> "TypedStorage":
        """The same memory (a CPU storage's own), as another storage object."""
        return TypedStorage.of(self._root, self._dtype)

    def type(self, dtype=None, non_blocking=False):
        """The legacy class name ("torch.FloatStorage") when no type is given."""
        if dtype is not None:
            raise TorchTypeError("gradcli's TypedStorage.type() takes no type: use "
                                 "tensor.to(dtype).storage()")
        return f"torch.{self.pickle_storage_type()}"

    def pickle_storage_type(self) -> str:
        return f"{self._dtype.legacy}Storage"

    def _to(self, dtype) -> "TypedStorage":
        """A copy of the elements converted to `dtype` (as Tensor.to converts them)."""
        from .ops.core import wrap
        return TypedStorage.of(wrap(self._values.copy()).to(dtype)._data, dtype)

    def bool(self):
        return self._to(dtypes.bool_)

    def byte(self):
        return self._to(dtypes.uint8)

    def char(self):
        return self._to(dtypes.int8)

    def short(self):
        return self._to(dtypes.int16)

    def int(self):
        return self._to(dtypes.int32)

    def long(self):
        return self._to(dtypes.int64)

    def half(self):
        return self._to(dtypes.float16)

    def bfloat16(self):
        return self._to(dtypes.bfloat16)

    def float(self):
        return self._to(dtypes.float32)

    def double(self):
        return self._to(dtypes.float64)

    def complex_float(self):
        return self._to(dtypes.complex64)

    def complex_double(self):
        return self._to(dtypes.complex128)

    def _describe(self) -> str:
        return f"torch.storage.TypedStorage(dtype={self._dtype}, device=cpu)"


class UntypedStorage(_Storage):
    """A tensor's memory as bytes (tensor.untyped_storage())."""

    __slots__ = ()

    def __init__(self, *args, device=None):
        """torch.UntypedStorage(), (n bytes) or (a sequence of byte values)."""
        self._view(_new_values(args, dtypes.uint8))

    @classmethod
    def of(cls, root: np.ndarray) -> "UntypedStorage":
        """The bytes of the memory `root` owns."""
        storage = cls.__new__(cls)
        storage._view(root)
        return storage

    def _view(self, root: np.ndarray) -> None:
        flat = np.ascontiguousarray(root).reshape(-1) if not (
            root.flags.c_contiguous or root.flags.f_contiguous) else root.reshape(-1)
        _Storage.__init__(self, root, flat.view(np.uint8))

    def element_size(self) -> int:
        return 1

    @classmethod
    def from_buffer(cls, buffer, byte_order=None, count=-1, offset=0, dtype=None):
        """The bytes of a bytes-like object's elements of `dtype` (required), in this
        machine's byte order."""
        if dtype is None:
            raise TorchRuntimeError("argument 'dtype' cannot be None")
        dtype = dtypes.to_dtype(dtype)
        return UntypedStorage.of(_from_buffer(buffer, byte_order, count, offset, dtype))

    def clone(self) -> "UntypedStorage":
        """A storage of a copy of the bytes."""
        return UntypedStorage.of(self._values.copy())

    def cpu(self) -> "UntypedStorage":
        return UntypedStorage.of(self._root)

    def type(self, dtype=None, non_blocking=False):
        if dtype is not None:
            raise TorchTypeError("gradcli's UntypedStorage.type() takes no type")
        return "torch.storage.UntypedStorage"

    def _describe(self) -> str:
        return "torch.storage.UntypedStorage(device=cpu)"


def _from_buffer(buffer, byte_order, count, offset, dtype) -> np.ndarray:
    """The elements of `dtype` in a bytes-like object, from `offset` bytes on (`count` of
    them, or all), read in `byte_order`; refused in torch's words (its C code's order,
    including its message naming the offset and the length the other way round)."""
    try:
        data = memoryview(buffer).cast("B")
    except TypeError:
        raise TorchTypeError(f"a bytes-like object is required, not "
                             f"'{type(buffer).__name__}'") from None
    size = dtype.itemsize
    if size > 1:                                # (a byte's order is never looked at)
        if byte_order is None:
            raise TorchRuntimeError("function missing required argument 'byte_order' (pos 2)")
        if byte_order not in ("big", "little", "native"):
            raise TorchValueError(f"invalid byte_order '{byte_order}' (expected 'big', 'little', "
                             "or 'native')")
    count, offset, n = int(count), int(offset), len(data)
    if count < 0:
        if (n - offset) % size:
            raise TorchValueError(f"buffer size ({n}) must be a multiple of element size ({size})")
        count = (n - offset) // size
    if offset < 0 or offset > n:
        raise TorchValueError(f"offset must be non-negative and no greater than buffer length "
                         f"({offset}) , but got {n}")
    if offset + count * size > n:
        raise TorchValueError(f"buffer has only {n - offset} elements after offset {offset}, but "
                         f"specified a size of {count}")
    raw = np.frombuffer(bytes(data[offset:offset + count * size]), np.uint8)
    order = {"big": ">", "little": "<"}.get(byte_order, "=")
    if dtype is dtypes.bool_:
        return raw != 0
    if dtype is dtypes.bfloat16:
        bits = raw.view(np.dtype(order + "u2")).astype(np.uint32) << 16
        return bits.view(np.float32).astype(dtypes.BF16_NP)
    np_dtype = np.dtype(dtype.np)
    return raw.view(np_dtype.newbyteorder(order)).astype(np_dtype)


def _element(value, np_dtype):
    """A value to write into elements of `np_dtype` (a number, or a 0-d tensor's)."""
    from ._tensor import Tensor
    if isinstance(value, Tensor):
        value = value.item()
    return np.asarray(value).astype(np_dtype)


def _new_values(args: tuple, dtype) -> np.ndarray:
    """The memory of a new storage: none, `n` zeros, or a sequence's values."""
    if len(args) > 1:
        raise TorchTypeError(f"new() takes at most 1 argument ({len(args)} given)")
    if not args:
        return np.zeros(0, dtype.np)
    data = args[0]
    if isinstance(data, int) and not isinstance(data, bool):
        return np.zeros(data, dtype.np)
    if isinstance(data, (str, bytes)) or not hasattr(data, "__len__"):
        raise TorchTypeError(f"new(): invalid data type '{type(data).__name__}'")
    from .ops.creation import tensor
    return tensor(list(data), dtype=dtype)._data.reshape(-1)


class _LegacyStorageType(type):
    """torch.FloatStorage ...: a storage of one dtype is an instance of its legacy class."""

    def __instancecheck__(cls, obj) -> bool:
        legacy = cls.__dict__.get("legacy_dtype")
        return isinstance(obj, TypedStorage) and (legacy is None or obj.dtype is legacy)


class _LegacyStorage(TypedStorage, metaclass=_LegacyStorageType):
    """torch.FloatStorage(...) and its kin: a TypedStorage of their dtype."""

    __slots__ = ()

    def __new__(cls, *args, device=None):
        return TypedStorage(*args, dtype=cls.legacy_dtype)


for _cls in (TypedStorage, UntypedStorage, _LegacyStorage):
    _cls.__module__ = "torch.storage"


def _legacy(dtype) -> type:
    name = f"{dtype.legacy}Storage"
    return _LegacyStorageType(name, (_LegacyStorage,), {
        "__slots__": (), "__module__": "torch", "__qualname__": name, "legacy_dtype": dtype})


#: torch.FloatStorage, torch.DoubleStorage ... by name
LEGACY = {cls.__name__: cls for cls in map(_legacy, (
    dtypes.float32, dtypes.float64, dtypes.float16, dtypes.bfloat16, dtypes.int64,
    dtypes.int32, dtypes.int16, dtypes.int8, dtypes.uint8, dtypes.bool_, dtypes.complex64,
    dtypes.complex128))}


def typed_storage(t) -> TypedStorage:
    warn_once(TYPED_STORAGE_DEPRECATED, stacklevel=3)
    return TypedStorage.of(root_array(t._data), t.dtype)


def untyped_storage(t) -> UntypedStorage:
    return UntypedStorage.of(root_array(t._data))
