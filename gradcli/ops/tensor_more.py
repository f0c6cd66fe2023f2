"""More of PyTorch's Tensor methods and torch functions: the random in-place samplers
`cauchy_`, `log_normal_`, `geometric_` (PyTorch's CPU stream, bit for bit, drawn in memory
order as ATen's serial kernels do), `narrow_copy`, `unsafe_split` / `unsafe_split_with_sizes`
/ `unsafe_chunk` (pieces that share the input's memory without being views of it),
`as_strided_`, `Tensor.prelu`, `cdouble` / `cfloat`, `torch.detach`, `torch.fill`,
`scalar_tensor`, `empty_strided`, `asarray`, `typename`, `set_warn_always`, the legacy
`Tensor.new` and the Python-callable `apply_` / `map_` / `map2_`.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..autograd.graph import Node
from ..errors import TorchIndexError, TorchNotImplementedError, TorchRuntimeError, \
    TorchTypeError, TorchValueError, warn_once
from .._tensor import NO_DEVICE, Tensor, legacy_device_check
from ..argparser import checked
from .core import apply, wrap, wrap_dim, zeros_for
from .creation import sampler_node, write_draws
from .registry import REGISTRY, category, fixed, register

category("random")


# -- random in-place samplers -------------------------------------------------------------------

CauchyBackward0 = sampler_node("CauchyBackward0")
LogNormalBackward0 = sampler_node("LogNormalBackward0")
GeometricBackward0 = sampler_node("GeometricBackward0")


def _memory_order(values: np.ndarray, x: np.ndarray) -> np.ndarray:
    """`values` (one per element, in the order ATen's serial kernels visit x's memory:
    TensorIterator's dims sorted by stride) laid out in x's logical order."""
    order = sorted(range(x.ndim), key=lambda d: -abs(x.strides[d]))
    arr = values.reshape([x.shape[d] for d in order])
    return np.transpose(arr, np.argsort(order))


def _as_dtype(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """static_cast<scalar_t>(double): integers through int64 (wrapping), as the CPU does;
    bfloat16 rounded to nearest even, float16 through float (c10's conversions)."""
    if dtype.kind in "iub":
        return values.astype(np.int64).astype(dtype)
    return dtypes.convert(values, dtype)


def _sample_(self: Tensor, cls, draw) -> Tensor:
    """self filled in place with draw(n) (n values in the order ATen's kernels visit self's
    memory), refused before anything is drawn when self overlaps itself."""
    def values():
        from .views import INTERNAL_OVERLAP, internal_overlap
        x = self._data
        if internal_overlap(x):
            raise TorchRuntimeError(INTERNAL_OVERLAP)
        return _as_dtype(_memory_order(draw(x.size), x), x.dtype)
    return write_draws(self, cls, values)


def _num(value) -> str:
    """A double as ATen's messages print it (`1`, `0.5`)."""
    return f"{float(value):g}"


def _stream(generator):
    from .creation import _stream as stream
    return stream(generator)


@register("cauchy_", method=True, function=False, differentiable=False)
def cauchy_(self, median=0, sigma=1, *, generator=None):
    """fill self with Cauchy draws of the given median and scale, in place (PyTorch's CPU
    stream: median + sigma tan(pi (u - 1/2)) per element, in memory order)"""
    if not sigma > 0.0:
        raise TorchRuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={_num(sigma)}")
    if self.dtype.np.kind != "f":
        from .inplace import _ctype
        raise TorchRuntimeError(f"Cauchy distribution is a continuous probability distribution. "
                                f"dtype must be a floating point but you specified "
                                f"{_ctype(self.dtype)}")
    stream = _stream(generator)
    return _sample_(self, CauchyBackward0,
                    lambda n: stream.cauchy(n, float(median), float(sigma)))


@register("log_normal_", method=True, function=False, differentiable=False)
def log_normal_(self, mean=1, std=2, *, generator=None):
    """fill self with draws of exp(N(mean, std^2)), in place (PyTorch's CPU stream)"""
    if not std > 0.0:
        raise TorchRuntimeError(f"log_normal_ expects std > 0.0, but found std={_num(std)}")
    if self.dtype.np.kind != "f":
        raise TorchNotImplementedError(
            f"\"log_normal_cpu\" not implemented for '{self.dtype.legacy}'")
    stream = _stream(generator)
    return _sample_(self, LogNormalBackward0,
                    lambda n: stream.log_normal(n, float(mean), float(std)))


@register("geometric_", method=True, function=False, differentiable=False)
def geometric_(self, p, *, generator=None):
    """fill self with the number of Bernoulli(p) trials up to the first success, in place
    (PyTorch's CPU stream: ceil(log(u) / log1p(-p)) per element)"""
    if not 0 < p < 1:
        raise TorchRuntimeError(f"geometric_ expects p to be in (0, 1), but got p={_num(p)}")
    if self.dtype.np.kind not in "fiu":
        raise TorchNotImplementedError(
            f"\"geometric_cpu\" not implemented for '{self.dtype.legacy}'")
    stream = _stream(generator)
    return _sample_(self, GeometricBackward0, lambda n: stream.geometric(n, float(p)))


# -- narrow_copy, unsafe_split ---------------------------------------------------------------------

category("shape")


class NarrowCopyBackward0(Node):
    """d narrow_copy(x) = g placed into zeros at the narrowed positions"""

    linear = True

    def forward(self, x):
        key = (slice(None),) * self.dim + (slice(self.start, self.start + self.length),)
        return x[key].copy()

    def backward(self, g):
        return apply(_NarrowEmbed, (g,), dim=self.dim, start=self.start, length=self.length,
                     size=self.size)


class _NarrowEmbed(Node):
    """d embed(g) = narrow_copy(gg)"""

    linear = True

    def forward(self, g):
        shape = list(g.shape)
        shape[self.dim] = self.size
        out = np.zeros(shape, g.dtype)
        out[(slice(None),) * self.dim + (slice(self.start, self.start + self.length),)] = g
        return out

    def backward(self, gg):
        return apply(NarrowCopyBackward0, (gg,), dim=self.dim, start=self.start,
                     length=self.length, size=self.size)


# (no negative start among the samples: PyTorch 2.13's own backward then fails, "The size of
# tensor a (0) must match the size of tensor b"; gradcli gives the gradient)
@register("narrow_copy", grad_fn="NarrowCopyBackward0", method=True,
          sample=fixed((((3, 4), 1, 1, 2), {}), (((3, 4), 0, 1, 2), {})))
def narrow_copy(input, dim, start, length):
    """a copy of x[start:start+length] along dim: d/dx = g placed back"""
    x = input._data
    if not isinstance(dim, int) or not -max(x.ndim, 1) <= dim < max(x.ndim, 1) or not x.ndim:
        raise TorchRuntimeError(
            "Expected dim < static_cast<int64_t>(self_sizes.size()) to be true, but got false.  "
            "(Could this error message be improved?  If so, please report an enhancement "
            "request to PyTorch.)")
    d = dim % x.ndim
    size = x.shape[d]
    if not -size <= start <= size:
        raise TorchIndexError(f"start out of range (expected to be in range of [{-size}, "
                              f"{size}], but got {start})")
    start = start + size if start < 0 else start
    if length < 0 or start + length > size:
        raise TorchRuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                                f"({size}).")
    return apply(NarrowCopyBackward0, (input,), dim=d, start=start, length=length, size=size)


def _split_node(name: str):
    from .shape import SplitBackward0

    def forward(self, x):
        bounds = np.cumsum(self.sizes)[:-1]
        return tuple(np.split(x, bounds, axis=self.dim))    # x's memory, not views of it
    return type(name, (SplitBackward0,), {"is_view": False, "forward": forward,
                                          "__doc__": SplitBackward0.__doc__})


UnsafeSplitBackward0 = _split_node("UnsafeSplitBackward0")
UnsafeSplitWithSizesBackward0 = _split_node("UnsafeSplitWithSizesBackward0")


def _unsafe(cls, input, pieces):
    """The pieces of `pieces` (split's, of a detached input: its checks and sizes) as one
    node of input, each in input's memory but no view of it (an in-place change of one is
    not seen by input's history, as in PyTorch)."""
    dim = pieces[1]
    sizes = [p._data.shape[dim] for p in pieces[0]]
    return apply(cls, (input,), dim=dim, sizes=sizes, n_outputs=len(sizes))


def _split_sizes(fn, input, *args, dim=0):
    from ..autograd import no_grad
    with no_grad():
        parts = fn(input.detach(), *args, dim)
    return parts, wrap_dim(dim, input._data.ndim)


@register("unsafe_split", grad_fn="UnsafeSplitBackward0", method=True,
          sample=fixed((((4, 3), 3), {}), (((2, 5), 2, 1), {})))
def unsafe_split(input, split_size, dim=0):
    """split, its pieces not views: d/dx = the gradients concatenated"""
    from .shape import split
    if not isinstance(split_size, int) or isinstance(split_size, bool):
        raise TorchTypeError(f"unsafe_split(): argument 'split_size' (position 1) must be int, "
                             f"not {type(split_size).__name__}")
    return _unsafe(UnsafeSplitBackward0, input, _split_sizes(split, input, split_size, dim=dim))


@register("unsafe_split_with_sizes", grad_fn="UnsafeSplitWithSizesBackward0", method=True,
          sample=fixed((((2, 4), [1, 3], 1), {}), (((3, 2), [2, 1]), {})))
def unsafe_split_with_sizes(input, split_sizes, dim=0):
    """split_with_sizes, its pieces not views: d/dx = the gradients concatenated"""
    from .shape import split
    return _unsafe(UnsafeSplitWithSizesBackward0, input,
                   _split_sizes(split, input, list(split_sizes), dim=dim))


@register("unsafe_chunk", grad_fn="UnsafeSplitBackward0", method=True,
          sample=fixed((((5, 2), 2), {}), (((2, 3), 3, 1), {})))
def unsafe_chunk(input, chunks, dim=0):
    """chunk, its pieces not views: d/dx = the gradients concatenated"""
    from .shape import chunk
    parts = _split_sizes(chunk, input, chunks, dim=dim)
    n = input._data.shape[parts[1]]
    cls = UnsafeSplitWithSizesBackward0 if n == 0 else UnsafeSplitBackward0
    return _unsafe(cls, input, parts)


def _as_strided_node():
    from .shape import AsStridedBackward0
    return type("AsStridedBackward1", (AsStridedBackward0,), {"__slots__": ()})


_AS_STRIDED_1 = []


def _strided_view(data: np.ndarray, size: tuple, strides: tuple) -> np.ndarray:
    """A view of data's memory of that size and those byte strides, an ndarray whose base
    chain reaches the memory's owner (so storage_offset() still finds where it starts)."""
    from ..storage import root_array
    root = root_array(data)
    try:
        offset = data.__array_interface__["data"][0] - root.__array_interface__["data"][0]
        view = np.ndarray(size, data.dtype, buffer=root, offset=offset, strides=strides)
    except (TypeError, ValueError):
        return np.lib.stride_tricks.as_strided(data, size, strides,
                                               writeable=data.flags.writeable)
    if not data.flags.writeable:
        view.flags.writeable = False
    return view


@register("as_strided_", method=True, differentiable=False)
def as_strided_(input, size, stride, storage_offset=None):
    """in-place as_strided: the tensor itself given that size and those strides over its
    memory (its grad_fn AsStridedBackward1 when recorded); a dual tensor's tangent too
    (shape.with_tangent)."""
    from .shape import with_tangent
    return with_tangent(input, lambda t: _as_strided_one(t, size, stride, storage_offset))


def _as_strided_one(input, size, stride, storage_offset) -> None:
    """input given that size, those strides and storage offset, in place, recorded."""
    from ..autograd import grad_mode, no_grad
    from .core import _history_copy
    from .shape import as_strided
    with no_grad():
        as_strided(input, size, stride, storage_offset)     # its checks
    size, stride = tuple(int(n) for n in size), tuple(int(k) for k in stride)
    start = 0 if storage_offset is None else int(storage_offset) - input.storage_offset()
    index = np.arange(input._data.size, dtype=np.int64)
    flat = np.lib.stride_tricks.as_strided(index[start:], size,
                                           tuple(k * index.itemsize for k in stride)).copy()
    if not _AS_STRIDED_1:
        _AS_STRIDED_1.append(_as_strided_node())
    cls = _AS_STRIDED_1[0]
    params = {"start": start, "size": size, "steps": stride, "flat": flat}
    if grad_mode._enabled[0] and input._requires_grad:
        out = apply(cls, (_history_copy(input),), **params)
        input.grad_fn, input._output_nr = out.grad_fn, 0
    data = input._data.reshape(-1)[start:]
    input._data = _strided_view(data, size, tuple(k * data.itemsize for k in stride))
    input._version_box[0] += 1


# -- methods and functions that are other ops --------------------------------------------------

category("creation")


def _prelu_method(self, weight):
    from .nn import prelu
    return prelu(self, weight)


_prelu_method.__name__ = _prelu_method.__qualname__ = "prelu"
_prelu_method.__doc__ = "prelu(self, weight), as a method"
Tensor.prelu = checked(_prelu_method, "prelu", True)       # (PyTorch's parser words)


def cdouble(self, memory_format=None):
    """self as complex128 (itself when it is already)"""
    return self.to(dtypes.complex128, memory_format=memory_format)


def cfloat(self, memory_format=None):
    """self as complex64 (itself when it is already)"""
    return self.to(dtypes.complex64, memory_format=memory_format)


Tensor.cdouble = cdouble
Tensor.cfloat = cfloat


@register("detach", function=True, method=False, differentiable=False)
def detach(input):
    """input's values without its history (its memory)"""
    return input.detach()


class FillBackward0(Node):
    """d fill(x, v) = 0  (v a number)"""

    def forward(self, x):
        return np.full_like(x, self.value)

    def backward(self, g):
        return zeros_for(g)


class FillBackward1(Node):
    """d fill(x, v) = 0 for x, the sum of g for v  (v a 0-d tensor)"""

    def forward(self, x, v):
        return np.full_like(x, v)

    def backward(self, g):
        return zeros_for(g), g.sum()


@register("fill", grad_fn="FillBackward0", differentiable=False)
def fill(input, value):
    """a tensor of input's shape and dtype filled with value"""
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise TorchRuntimeError(f"fill_ only supports 0-dimension value tensor but got "
                                    f"tensor with {value._data.ndim} dimensions.")
        return apply(FillBackward1, (input, value))
    value = dtypes.checked_scalar(value, input._data.dtype)[()]
    return apply(FillBackward0, (input,), value=value)


@register("scalar_tensor", differentiable=False)
def scalar_tensor(s, *, dtype=None, layout=None, device=None, pin_memory=None,
                  requires_grad=False):
    """a 0-d tensor of the number s (the default float dtype unless dtype is given)"""
    from .. import devices
    from .creation import tensor
    devices.check(device, kernel="aten::empty.memory_format")
    d = dtypes.get_default_dtype() if dtype is None else dtypes.to_dtype(dtype)
    if isinstance(s, Tensor):
        s = s.item()
    if s.__class__ is complex and not d.is_complex:     # filled, as PyTorch's Scalar is
        s = dtypes.checked_scalar(s, d.np).item()
    return tensor(s, dtype=d, requires_grad=requires_grad)


@register("empty_strided", differentiable=False)
def empty_strided(size, stride, *, dtype=None, layout=None, device=None, pin_memory=None,
                  requires_grad=False):
    """an uninitialised (here: zero) tensor of the given size and strides"""
    from .. import devices
    devices.check(device, kernel="aten::empty_strided")
    size, stride = tuple(size), tuple(stride)
    if len(size) != len(stride):
        raise TorchRuntimeError(f"dimensionality of sizes ({len(size)}) must match "
                                f"dimensionality of strides ({len(stride)})")
    for n in size:
        if n < 0:
            raise TorchRuntimeError(f"Trying to create tensor with negative dimension {n}: "
                                    f"[{', '.join(map(str, size))}]")
    if all(size) and min(stride, default=0) < 0:      # (its storage size's computation)
        raise TorchRuntimeError(f"Storage size calculation overflowed with sizes="
                                f"[{', '.join(map(str, size))}] and strides="
                                f"[{', '.join(map(str, stride))}]")
    d = dtypes.get_default_dtype() if dtype is None else dtypes.to_dtype(dtype)
    need = 1 + sum((n - 1) * k for n, k in zip(size, stride)) if all(size) else 0
    if need * d.itemsize > 2 ** 63 - 1:
        raise TorchRuntimeError(f"Storage size calculation overflowed with sizes="
                                f"[{', '.join(map(str, size))}] and strides="
                                f"[{', '.join(map(str, stride))}]")
    buf = np.zeros(need, d.np)
    devices.uninitialized(buf)
    data = np.lib.stride_tricks.as_strided(buf, size, tuple(k * buf.itemsize for k in stride))
    # a strided view of its own memory, gaps and overlaps (stride 0) included
    t = wrap(data)
    if requires_grad:
        if not (d.is_floating_point or d.is_complex):    # a factory's words
            raise TorchRuntimeError("Only Tensors of floating point and complex dtype can "
                                    "require gradients")
        t.requires_grad_()
    return t


@register("typename", differentiable=False)
def typename(obj):
    """the name of obj's type as torch.typename gives it (`torch.FloatTensor` for a tensor)"""
    if isinstance(obj, Tensor):
        return obj.type()
    if isinstance(obj, dtypes.dtype):
        return "torch.dtype"
    from ..lang.builtins import class_text
    from ..lang.callables import shown
    from ..lang.vm import UserFunction
    how = shown(obj)                    # torch.sin: torch._VariableFunctionsClass.sin
    if how is not None:
        return how.qualname if how.module in (None, "builtins") \
            else f"{how.module}.{how.qualname}"
    if isinstance(obj, UserFunction):
        return f"__main__.{obj.__qualname__}"
    cls = obj if isinstance(obj, type) else type(obj)
    text = class_text(cls)              # the engine's classes by PyTorch's names
    if cls.__module__.startswith("gradcli") and text.startswith("<class '"):
        return text[len("<class '"):-2]
    module, qualname = getattr(obj, "__module__", "") or "", ""
    if hasattr(obj, "__qualname__"):
        qualname = obj.__qualname__
    elif hasattr(obj, "__name__"):
        qualname = obj.__name__
    else:
        module = obj.__class__.__module__ or ""
        qualname = obj.__class__.__qualname__
    if module in ("", "builtins"):
        return qualname
    if module == "gradcli" or module.startswith("gradcli."):
        module = "torch" + module[len("gradcli"):]
    return f"{module}.{qualname}"


_WARN_ALWAYS = [False]


@register("set_warn_always", differentiable=False)
def set_warn_always(b):
    """make warnings that are given once per process given every time (a flag here)"""
    _WARN_ALWAYS[0] = bool(b)


@register("is_warn_always_enabled", differentiable=False)
def is_warn_always_enabled():
    """whether set_warn_always(True) is in effect"""
    return _WARN_ALWAYS[0]


_ASARRAY_GRAD = ("torch.asarray: unspecified requires_grad now defaults to obj.requires_grad "
                 "instead of False. Pass requires_grad=False explicitly to get the old behavior "
                 "and silence this warning. (Triggered internally at "
                 "/__w/pytorch/pytorch/torch/csrc/utils/tensor_new.cpp:1737.)")


@register("asarray", differentiable=False)
def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=None):
    """obj as a tensor: a tensor itself (its memory) unless copy=True or another dtype asks
    for a copy (copy=False refuses that); numbers and sequences a new tensor. requires_grad
    unset is obj's own (with PyTorch's one-time warning when that is True). A NumPy array is
    taken as a tensor over its memory."""
    from .creation import tensor
    from ..devices import check as check_device
    check_device(device)
    if isinstance(obj, np.ndarray):         # its memory, as a tensor's (PyTorch's from_numpy)
        from .creation import shared
        obj = wrap(shared(obj))
    if isinstance(obj, Tensor):
        want = None if dtype is None else dtypes.to_dtype(dtype)
        wrong = want is not None and want != obj.dtype
        if requires_grad is None:
            requires_grad = obj.requires_grad
            if requires_grad:                   # TORCH_WARN_ONCE, unless set_warn_always
                if _WARN_ALWAYS[0]:
                    import warnings
                    warnings.warn(_ASARRAY_GRAD, UserWarning, stacklevel=2)
                else:
                    warn_once(_ASARRAY_GRAD, UserWarning, stacklevel=2)
        if copy is False and wrong:
            raise TorchValueError(f"can't alias tensor with dtype '{obj.dtype.legacy}' into "
                                  f"dtype '{want.legacy}'.")
        t = obj
        if wrong:
            t = obj.to(want, copy=bool(copy))
        elif copy:
            t = obj.clone()
        if t.grad_fn is None:
            if requires_grad:
                _grad_dtype(t)
            t.requires_grad_(bool(requires_grad))
        elif not requires_grad:
            t = t.detach()
        return t
    if copy is False:
        raise TorchValueError("can't alias arbitrary sequence into a tensor.")
    if isinstance(obj, (list, tuple)) and obj and all(isinstance(v, Tensor) for v in obj):
        obj = [v.item() if not v._data.ndim else v.tolist() for v in obj]
    if not isinstance(obj, (list, tuple, bool, int, float, complex, np.ndarray, np.generic)):
        raise TorchTypeError(f"new(): invalid data type '{type(obj).__name__}'")
    t = tensor(obj, dtype=dtype)
    if requires_grad:
        _grad_dtype(t)
        t.requires_grad_()
    return t


def _grad_dtype(t: Tensor) -> None:
    if not (t.dtype.is_floating_point or t.dtype.is_complex):
        raise TorchRuntimeError("Only Tensors of floating point and complex dtype can require "
                                "gradients")


# -- Tensor.new ------------------------------------------------------------------------------

_NEW_SIGNATURES = (" * (*, torch.device device = None)\n"
                   " * (torch.Storage storage)\n"
                   " * (Tensor other)\n"
                   " * (tuple of ints size, *, torch.device device = None)\n"
                   " * (object data, *, torch.device device = None)\n")


def new(self, *args, device=NO_DEVICE, **kwargs):
    """the legacy constructor: `x.new(2, 3)` an uninitialised (here: zero) tensor of x's
    dtype, `x.new([1, 2])` one of that data, `x.new(t)` t itself (an alias), `x.new()` empty"""
    from .creation import tensor
    if not args and list(kwargs) == ["size"] and isinstance(kwargs["size"], (tuple, list)):
        args = tuple(kwargs.pop("size"))                # new(size=(2, 3))
        if not args:
            return wrap(np.zeros((), self.dtype.np))        # new(size=()): a 0-d tensor
    if kwargs:
        raise TorchTypeError(_new_invalid(args, kwargs))
    legacy_device_check(args, device, "new of the form tensor.new(tensor, device=device) is not "
                        "supported.  Use torch.as_tensor(...) instead.")
    dt = self.dtype
    if not args:
        return wrap(np.empty((0,), dt.np))
    from ..storage import TypedStorage, _Storage
    if len(args) == 1 and isinstance(args[0], _Storage):         # a tensor over its memory
        if isinstance(args[0], TypedStorage) and args[0].dtype != dt:
            raise TorchRuntimeError(f"Expected a Storage of type {dt.legacy} or an "
                                    f"UntypedStorage, but got type {args[0].dtype.legacy} "
                                    "for argument 1 'storage'")
        return set_(wrap(np.empty((0,), dt.np)), args[0])
    if len(args) == 1 and isinstance(args[0], Tensor):
        other = args[0]
        if other.dtype != dt:
            raise TorchTypeError(f"expected {_options(dt)} (got {_options(other.dtype)})")
        from .shape import _alias_view
        return _alias_view(other)
    if all(isinstance(a, int) and not isinstance(a, bool) for a in args) or (
            len(args) == 1 and type(args[0]).__name__ == "Size"):
        size = tuple(args[0]) if len(args) == 1 and not isinstance(args[0], int) else args
        for n in size:
            if n < 0:
                raise TorchRuntimeError(f"Trying to create tensor with negative dimension {n}: "
                                        f"[{', '.join(map(str, size))}]")
        return wrap(np.zeros(size, dt.np))
    if len(args) == 1:
        data = args[0]
        if isinstance(data, (list, tuple, np.ndarray)):
            return tensor(data, dtype=dt)
        if isinstance(data, (bool, int, float, complex)):
            raise TorchTypeError(f"new(): data must be a sequence (got {type(data).__name__})")
        raise TorchTypeError(f"new(): invalid data type '{type(data).__name__}'")
    got = ", ".join(type(a).__name__ for a in args)
    raise TorchTypeError(f"new() received an invalid combination of arguments - got ({got}), "
                         f"but expected one of:\n" + _NEW_SIGNATURES)


#: the names each of new()'s signatures takes, as PyTorch's invalid-arguments formatter
#: reads them: the keyword-only marker `*` counted as an argument
_NEW_PARAMS = (("*", "device"), ("storage",), ("other",), ("size", "*", "device"),
               ("data", "*", "device"))


def _new_invalid(args: tuple, kwargs: dict) -> str:
    """PyTorch's message for new() given keywords it takes none of: the keywords listed
    last first, and under each signature with as many arguments as were given, the keywords
    that are not its own."""
    names = list(reversed(kwargs))
    got = ", ".join(type(a).__name__ for a in args)
    got += "".join(f", {k}={_kw_type(kwargs[k])}" for k in names) if args else \
        "".join(f"{k}={_kw_type(kwargs[k])}, " for k in names)
    out = []
    for line, params in zip(_NEW_SIGNATURES.splitlines(keepends=True), _NEW_PARAMS):
        out.append(line)
        wrong = [k for k in names if k not in params]
        if len(params) == len(args) + len(kwargs) and wrong:
            out.append(f"      didn't match because some of the keywords were incorrect: "
                       f"{', '.join(wrong)}\n")
    return ("new() received an invalid combination of arguments - got (" + got + "), but "
            "expected one of:\n" + "".join(out))


def _kw_type(v) -> str:
    if isinstance(v, dtypes.dtype):
        return "torch.dtype"
    return type(v).__name__


def _options(d) -> str:
    from .inplace import _ctype
    return (f"TensorOptions(dtype={_ctype(d)}, device=cpu, layout=Strided, requires_grad=false "
            f"(default), pinned_memory=false (default), memory_format=(nullopt))")


Tensor.new = new


# -- apply_, map_, map2_ -------------------------------------------------------------------------

def _python_values(a: np.ndarray) -> list:
    return a.tolist()


def _store(values: list, self: Tensor) -> np.ndarray:
    """The callable's results written as PyTorch's store_scalar does: floats through a
    C double (`must be real number, not str`), integers through a C long long."""
    x = self._data
    kind = x.dtype.kind
    out = []
    for v in values:
        if kind in "fc":
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                if isinstance(v, (bool, np.bool_)):
                    v = float(v)
                elif isinstance(v, (np.floating, np.integer)):
                    v = float(v)
                else:
                    raise TorchTypeError(f"must be real number, not {type(v).__name__}")
            out.append(float(v))
        else:
            if isinstance(v, float):
                v = int(v)
            elif not isinstance(v, (int, bool, np.integer)):
                raise TorchTypeError(f"'{type(v).__name__}' object cannot be interpreted as an "
                                     f"integer")
            out.append(int(v))
    arr = np.array(out, dtype=np.float64 if kind in "fc" else object)
    if kind not in "fc":
        if kind != "b" and any(not np.iinfo(x.dtype).min <= v <= np.iinfo(x.dtype).max
                               for v in out):
            raise TorchRuntimeError(f"value cannot be converted to type {x.dtype.name} "
                                    f"without overflow")
        arr = np.array([bool(v) for v in out] if kind == "b" else out, dtype=x.dtype)
    return arr.astype(x.dtype).reshape(x.shape)


def _no_grad_check(self: Tensor, name: str, *others) -> None:
    """apply_, map_ and map2_ refuse a tensor that requires grad: self or the others given
    (after their arguments are parsed as tensors)."""
    for i, other in enumerate(others):
        if not isinstance(other, Tensor):
            raise TorchTypeError(f"{name}(): argument '{('other', 'x', 'y')[i + len(others) - 1]}' "
                                 f"(position {i + 1}) must be Tensor, not {type(other).__name__}")
    if self.requires_grad or any(other.requires_grad for other in others):
        raise TorchRuntimeError(f"Can't call {name}() on Variable that requires grad. Use "
                                f"var.detach().{name}() instead.")


def _write_raw(self: Tensor, arr: np.ndarray) -> Tensor:
    """Write arr into self's memory (as PyTorch's apply_/map_: the version is not bumped)."""
    if not self._data.flags.writeable:
        raise TorchRuntimeError(
            "unsupported operation: more than one element of the written-to tensor refers to a "
            "single memory location. Please clone() the tensor before performing the operation.")
    np.copyto(self._data, arr)
    return self


def _same_type(self: Tensor, other, name: str, what: str) -> np.ndarray:
    if not isinstance(other, Tensor):
        raise TorchTypeError(f"{name}(): argument '{what}' must be Tensor, not "
                             f"{type(other).__name__}")
    if other.dtype != self.dtype:
        arg = "'other'" if what == "tensor" else f"argument '{what}'"
        raise TorchTypeError(f"{name}: expected torch.{self.dtype.legacy}Tensor for {arg} "
                             f"(got torch.{other.dtype.legacy}Tensor)")
    from .inplace import _expand_check
    _expand_check(other._data.shape, self._data.shape, other.dtype.legacy)
    return np.broadcast_to(other._data, self._data.shape)


def apply_(self, callable):
    """call `callable` on each element (a Python number), in place; not for a tensor that
    requires grad"""
    _no_grad_check(self, "apply_")
    values = [callable(v) for v in _python_values(self._data.ravel())]
    return _write_raw(self, _store(values, self))


def map_(self, tensor, callable):
    """self[i] = callable(self[i], tensor[i]) (tensor broadcast to self), in place"""
    _no_grad_check(self, "map_", tensor)
    other = _same_type(self, tensor, "map_", "tensor")
    values = [callable(a, b) for a, b in zip(_python_values(self._data.ravel()),
                                              _python_values(other.ravel()))]
    return _write_raw(self, _store(values, self))


def map2_(self, x, y, callable):
    """self[i] = callable(self[i], x[i], y[i]) (x and y broadcast to self), in place"""
    _no_grad_check(self, "map2_", x, y)
    a = _same_type(self, x, "map2_", "x")
    b = _same_type(self, y, "map2_", "y")
    values = [callable(s, p, q) for s, p, q in zip(_python_values(self._data.ravel()),
                                                    _python_values(a.ravel()),
                                                    _python_values(b.ravel()))]
    return _write_raw(self, _store(values, self))


Tensor.apply_ = apply_
Tensor.map_ = map_
Tensor.map2_ = map2_


# -- set_ ------------------------------------------------------------------------------------

@register("set_", method=True, function=False, differentiable=False)
def set_(self, source=None, storage_offset=None, size=None, stride=None):
    """make self a window on `source`'s memory (its own window, or `size` and `stride` from
    `storage_offset`), or on no memory; PyTorch gives this no derivative (NotImplemented)"""
    from .core import check_inplace
    from .inplace import _ctype
    check_inplace(self)
    from ..storage import UntypedStorage, _Storage
    if source is None:
        new = np.empty(0, self._data.dtype)
    else:
        arr = source._values if isinstance(source, _Storage) else source._data
        if isinstance(source, UntypedStorage):          # its bytes read as self's dtype
            arr = arr[:arr.size - arr.size % self._data.itemsize].view(self._data.dtype)
        if arr.dtype != self._data.dtype and isinstance(source, _Storage):
            raise TorchRuntimeError(f"Expected a Storage of type {_ctype(self.dtype)} or an "
                                    f"UntypedStorage, but got type {source.dtype.legacy} for "
                                    "argument 1 'storage'")
        if arr.dtype != self._data.dtype:
            raise TorchRuntimeError(f"Could not set tensor of type "
                                    f"{_ctype(dtypes.from_numpy(arr.dtype))} to a tensor of "
                                    f"type {_ctype(self.dtype)}")
        new = arr.view() if storage_offset is None else \
            _window(arr, int(storage_offset), size, stride)
        source = source if isinstance(source, Tensor) else None
    before = self.detach() if self._requires_grad else None
    if before is not None:
        before.grad_fn, before._requires_grad = self.grad_fn, True
    self._data = new
    self._version_box[0] += 1
    if before is not None and before.grad_fn is not None:
        from ..autograd.graph import NotImplemented_
        out = apply(NotImplemented_, (before, source), value=new,
                    message="derivative for set_ is not implemented")
        self.grad_fn, self._output_nr = out.grad_fn, 0
    from .core import refuse_inference_write
    refuse_inference_write(self)
    return self


def _window(a: np.ndarray, offset: int, size, stride) -> np.ndarray:
    """The elements of `a`'s memory from `offset` at `size` and `stride` (contiguous strides
    when not given), refused past its end as PyTorch's setStorage refuses it."""
    from ..storage import root_array
    root = root_array(a).reshape(-1)
    if root.dtype != a.dtype:               # bytes read as another dtype (an UntypedStorage)
        root = a.reshape(-1)
    size = tuple(a.shape if size is None else size)
    given = () if stride is None else tuple(stride)
    if given and len(given) != len(size):
        raise TorchRuntimeError(f"unequal size length ({len(size)}) and stride length "
                                f"({len(given)})")
    if offset < 0:
        raise TorchRuntimeError(f"Tensor: invalid storage offset {offset}")
    if any(n < 0 for n in size):
        raise TorchRuntimeError("numel: integer multiplication overflow")
    if any(k < 0 for k in given):
        raise TorchRuntimeError(
            f"Storage size calculation overflowed with sizes=[{', '.join(map(str, size))}] "
            f"and strides=[{', '.join(map(str, given))}]")
    stride = given or tuple(int(np.prod(size[k + 1:])) for k in range(len(size)))
    end = offset + sum((n - 1) * k for n, k in zip(size, stride)) + 1 if all(size) else offset
    if end > root.size:
        item = a.itemsize
        raise TorchRuntimeError(
            f"setStorage: sizes [{', '.join(map(str, size))}], strides "
            f"[{', '.join(map(str, given))}], storage offset {offset}, and itemsize {item} "
            f"requiring a storage size of {end * item} are out of bounds for storage of size "
            f"{root.size * item}")
    return np.lib.stride_tricks.as_strided(root[offset:], size,
                                           tuple(k * a.itemsize for k in stride))
