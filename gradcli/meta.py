"""Meta tensors: a shape, strides and a dtype, and no data (PyTorch's "meta" device).

A meta tensor keeps a `MetaArray` where a tensor keeps its NumPy array: its shape, dtype
and (contiguous) strides, no memory, refused by every NumPy operation. Such a tensor can be
made (`x.to("meta")`, `module.to("meta")`, `module.to_empty(device="meta")`, the
factories' `device="meta"`), copied, printed as PyTorch prints it (`tensor(..., device='meta', size=(2, 3))`) and
inspected (shape, dtype, strides, requires_grad); it is what PyTorch's model-ensembling
tutorial makes of a module before `torch.func.functional_call` gives it real parameters.
Reading its values raises PyTorch's errors; computing with it raises NotImplementedError
(PyTorch would infer the result's shape and dtype: gradcli has no shape-only kernels).
"""
from __future__ import annotations

import numpy as np

from .devices import _DEFAULT, device as _device
from .errors import TorchNotImplementedError

NO_DATA = "Cannot copy out of meta tensor; no data!"


class MetaArray:
    """The data of a meta tensor: a shape, a dtype and contiguous strides. Not a NumPy array:
    NumPy refuses it (`np.asarray`, ufuncs and functions all raise `refuse`'s error), so no
    code path can compute with it unnoticed."""

    __slots__ = ("shape", "dtype", "strides")
    __array_priority__ = 1e9

    def __init__(self, shape, dtype):
        self.shape = tuple(int(n) for n in shape)
        self.dtype = np.dtype(dtype)
        strides, step = [], self.dtype.itemsize
        for n in reversed(self.shape):
            strides.append(step)
            step *= max(n, 1)
        self.strides = tuple(reversed(strides))

    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: int(np.prod(self.shape, dtype=np.int64)))
    itemsize = property(lambda self: self.dtype.itemsize)
    nbytes = property(lambda self: self.size * self.dtype.itemsize)
    flags = property(lambda self: _FLAGS)
    base = None

    def copy(self, order="C"):                  # a copy has no data either
        return MetaArray(self.shape, self.dtype)

    def __deepcopy__(self, memo):
        return self.copy()

    def astype(self, dtype, *args, **kwargs):
        return MetaArray(self.shape, dtype)

    def __array__(self, *args, **kwargs):
        refuse()

    def __array_ufunc__(self, *args, **kwargs):
        refuse()

    def __array_function__(self, *args, **kwargs):
        refuse()

    def __getattr__(self, name):                # reshape, sum, view, ...: no data to use
        refuse()

    def __repr__(self) -> str:
        return f"MetaArray(shape={self.shape}, dtype={self.dtype})"


def _refused(self, *args, **kwargs):
    refuse()


for _name in ("add", "radd", "sub", "rsub", "mul", "rmul", "truediv", "rtruediv", "floordiv",
              "rfloordiv", "mod", "rmod", "pow", "rpow", "matmul", "rmatmul", "neg", "pos",
              "abs", "invert", "and", "rand", "or", "ror", "xor", "rxor", "lt", "le", "gt",
              "ge", "getitem", "setitem", "len", "iter", "float", "int", "complex", "bool",
              "index", "iadd", "isub", "imul", "itruediv"):
    setattr(MetaArray, f"__{_name}__", _refused)


class _Flags:
    c_contiguous = True
    f_contiguous = False
    writeable = True
    owndata = True
    aligned = True


_FLAGS = _Flags()


def refuse():
    raise TorchNotImplementedError(
        "gradcli cannot compute with meta tensors: a meta tensor has a shape and a dtype but "
        "no data",
        hint="compute on the CPU (leave device= out), or use the meta module only as the "
             "template of torch.func.functional_call")


def empty(shape, dtype) -> MetaArray:
    return MetaArray(shape, dtype)


def is_meta(data) -> bool:
    return data.__class__ is MetaArray


def wanted(device) -> bool:
    """Whether `device` (a torch.device, a string, or None) names the meta device."""
    if device is None:
        return False
    if isinstance(device, str):
        return device == "meta" or device.startswith("meta:")
    return isinstance(device, _device) and device.type == "meta"


def to_meta(t):
    """A new leaf meta tensor of t's shape, dtype and requires_grad (a factory's result;
    `x.to("meta")` records a ToCopyBackward0 instead: ops.shape._to)."""
    from ._tensor import Tensor
    out = Tensor._wrap(empty(t._data.shape, t._data.dtype))
    out._requires_grad = bool(t._requires_grad)
    return out


def filled(t) -> bool:
    """For an in-place fill (zero_, fill_, uniform_, normal_ ...): when t is a meta tensor,
    the in-place checks, then nothing to write (PyTorch's meta kernels write nothing, and
    draw no random numbers): True."""
    if t._data.__class__ is not MetaArray:
        return False
    from .ops.core import check_inplace
    check_inplace(t, False)
    return True


def factory(fn):
    """Factory fn taking device="meta" too (or the meta default device of
    `with torch.device("meta")`): the CPU result's shape, dtype and requires_grad as a meta
    tensor, the random streams left as they were (a meta tensor draws nothing); `*_like` of
    a meta tensor is one too."""
    like = fn.__name__.endswith("_like")

    def made(*args, device=None, **kwargs):
        of_meta = like and args and getattr(args[0], "_data", None).__class__ is MetaArray
        if device is None:
            if _DEFAULT[0] is None and not of_meta:
                return fn(*args, **kwargs)
        elif not wanted(device):
            return fn(*args, device=device, **kwargs)
        if of_meta:                     # computed on a CPU stand-in of its shape and dtype
            from ._tensor import Tensor
            args = (Tensor._wrap(np.zeros(args[0].shape, args[0]._data.dtype)),) + args[1:]
        from .ops.creation import Generator, _torch_generator
        if kwargs.get("generator") is not None:
            kwargs["generator"] = Generator()
        state = _torch_generator().state_bytes()
        try:
            t = fn(*args, **kwargs)
        finally:
            _torch_generator().set_state(state)
        return to_meta(t)
    made.__name__, made.__qualname__ = fn.__name__, fn.__qualname__
    made.__doc__, made.__wrapped__, made.__module__ = fn.__doc__, fn, fn.__module__
    return made


FACTORY_CODE = factory(lambda: None).__code__   # the frame a call through `factory` adds
