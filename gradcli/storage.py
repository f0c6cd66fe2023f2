"""Tensor.storage() and Tensor.untyped_storage(): the memory a tensor and its views share,
as PyTorch's TypedStorage (elements of the tensor's dtype) and UntypedStorage (bytes).
Read-only windows here: enough to see that views share memory (`data_ptr`, `size`) and to
print it as PyTorch does."""
from __future__ import annotations

import numpy as np

from . import dtypes
from .errors import TorchIndexError, TorchTypeError, warn_once

TYPED_STORAGE_DEPRECATED = (
    "TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be "
    "the only storage class. This should only matter to you if you are using storages "
    "directly.  To access UntypedStorage directly, use tensor.untyped_storage() instead of "
    "tensor.storage()")


def root_array(a: np.ndarray) -> np.ndarray:
    """The array that owns the memory `a` views."""
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


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
        return self._root.__array_interface__["data"][0]

    def nbytes(self) -> int:
        return self.size() * self.element_size()

    def is_shared(self) -> bool:
        return False

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

    def __repr__(self) -> str:
        rows = "\n ".join(str(v) for v in self.tolist())
        return f" {rows}\n[{self._describe()} of size {self.size()}]"

    __str__ = __repr__


class TypedStorage(_Storage):
    """A tensor's memory as elements of its dtype (tensor.storage())."""

    __slots__ = ("_dtype",)

    def __init__(self, root: np.ndarray, dtype):
        flat = root.reshape(-1) if root.flags.c_contiguous or root.flags.f_contiguous \
            else np.ravel(root, order="K")
        values = flat.view(dtype.np) if flat.dtype.itemsize == np.dtype(dtype.np).itemsize \
            and flat.dtype.kind != dtype.np.kind else flat
        super().__init__(root, values)
        self._dtype = dtype

    @property
    def dtype(self):
        return self._dtype

    def element_size(self) -> int:
        return self._dtype.itemsize

    def untyped(self) -> "UntypedStorage":
        return UntypedStorage(self._root)

    def _describe(self) -> str:
        return f"torch.storage.TypedStorage(dtype={self._dtype}, device=cpu)"


class UntypedStorage(_Storage):
    """A tensor's memory as bytes (tensor.untyped_storage())."""

    __slots__ = ()

    def __init__(self, root: np.ndarray):
        flat = np.ascontiguousarray(root).reshape(-1) if not (
            root.flags.c_contiguous or root.flags.f_contiguous) else root.reshape(-1)
        super().__init__(root, flat.view(np.uint8))

    def element_size(self) -> int:
        return 1

    def _describe(self) -> str:
        return "torch.storage.UntypedStorage(device=cpu)"


for _cls in (TypedStorage, UntypedStorage):
    _cls.__module__ = "torch.storage"


def typed_storage(t) -> TypedStorage:
    warn_once(TYPED_STORAGE_DEPRECATED, stacklevel=3)
    return TypedStorage(root_array(t._data), t.dtype)


def untyped_storage(t) -> UntypedStorage:
    return UntypedStorage(root_array(t._data))
