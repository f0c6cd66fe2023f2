"""PyTorch's dtype objects (`torch.float32` ...), the default dtype, and type promotion.

Promotion follows PyTorch, not NumPy: tensors with dimensions outrank 0-d tensors, which
outrank Python numbers, and a lower-ranked operand only matters when it is of a higher
category (bool < integer < floating < complex). A Python float meeting integer tensors
gives the default dtype.
"""
from __future__ import annotations

import numpy as np


class dtype:
    """A tensor element type; prints as `torch.float32`."""

    __gradcli_safe__ = True
    __slots__ = ("name", "np", "category", "itemsize", "legacy")

    def __init__(self, name, np_dtype, category, legacy):
        self.name = name
        self.np = np.dtype(np_dtype)
        self.category = category          # 0 bool, 1 int, 2 float, 3 complex
        self.itemsize = self.np.itemsize
        self.legacy = legacy              # "Float" as in torch.FloatTensor

    @property
    def is_floating_point(self) -> bool:
        return self.category == 2

    @property
    def is_complex(self) -> bool:
        return self.category == 3

    @property
    def is_signed(self) -> bool:
        """False for bool and the unsigned types, as PyTorch's `dtype.is_signed`."""
        return self.np.kind not in "bu"

    @property
    def abbr(self) -> str:
        """PyTorch's short name: `f32`, `i64`, `b8`, `c128`, `bf16` ..."""
        if self.name == "bfloat16":
            return "bf16"
        return f"{self.np.kind}{self.itemsize * 8}"

    def to_real(self) -> "dtype":
        """The dtype of a complex dtype's parts (any other dtype is its own)."""
        return _REAL.get(self.name, self)

    def to_complex(self) -> "dtype":
        """The complex dtype of floating parts of this dtype (a complex one is its own)."""
        if self.category == 3:
            return self
        if self.name in _COMPLEX:
            return _BY_NAME[_COMPLEX[self.name]]
        from .errors import TorchRuntimeError, TorchTypeError
        if self.name == "float16":
            raise TorchTypeError("gradcli has no torch.complex32 (complex numbers of float16 "
                                 "parts)")
        raise TorchRuntimeError(f"Unknown Complex ScalarType for {self.legacy}")

    def __repr__(self):
        return f"torch.{self.name}"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        if spec:
            raise TypeError("unsupported format string passed to torch.dtype.__format__")
        return repr(self)

    # dtypes have no order: the refusal names them as PyTorch's C type does
    def __lt__(self, other):
        raise _unordered("<", self, other)

    def __le__(self, other):
        raise _unordered("<=", self, other)

    def __gt__(self, other):
        raise _unordered(">", self, other)

    def __ge__(self, other):
        raise _unordered(">=", self, other)

    def __reduce__(self):
        return (from_name, (self.name,))


def _unordered(op: str, left, right) -> TypeError:
    def name(x):
        return "torch.dtype" if isinstance(x, dtype) else type(x).__name__
    return TypeError(f"'{op}' not supported between instances of '{name(left)}' and "
                     f"'{name(right)}'")


bool_ = dtype("bool", np.bool_, 0, "Bool")
uint8 = dtype("uint8", np.uint8, 1, "Byte")
int8 = dtype("int8", np.int8, 1, "Char")
int16 = dtype("int16", np.int16, 1, "Short")
int32 = dtype("int32", np.int32, 1, "Int")
int64 = dtype("int64", np.int64, 1, "Long")


class _Unsigned(dtype):
    """PyTorch's "barebones" unsigned types (uint16, uint32, uint64): created, printed,
    copied, viewed and converted, but promoted with nothing integral and refused by most
    kernels (ops/unsigned.py, which looks only once UNSIGNED_USED is set by a use)."""

    __slots__ = ("_np",)

    def __init__(self, name, np_dtype, legacy):
        for field, value in (("name", name), ("category", 1), ("legacy", legacy),
                             ("itemsize", np.dtype(np_dtype).itemsize)):
            dtype.__dict__[field].__set__(self, value)
        self._np = np.dtype(np_dtype)

    @property
    def np(self) -> np.dtype:
        UNSIGNED_USED[0] = True
        return self._np


#: Set once a barebones unsigned dtype is used: until then ops skip their refusals.
UNSIGNED_USED = [False]
uint16 = _Unsigned("uint16", np.uint16, "UInt16")
uint32 = _Unsigned("uint32", np.uint32, "UInt32")
uint64 = _Unsigned("uint64", np.uint64, "UInt64")
BAREBONES_UNSIGNED = (uint16, uint32, uint64)


class _Float16(dtype):
    """torch.float16: NumPy's float16, whose use turns on the reduced-precision checks of
    ops (BF16_USED) as bfloat16's does: PyTorch computes both in float32 (ops/core.py)."""

    __slots__ = ()

    @property
    def np(self) -> np.dtype:
        BF16_USED[0] = True
        return _F16_NP


_F16_NP = np.dtype(np.float16)
float16 = _Float16.__new__(_Float16)
for _name, _value in (("name", "float16"), ("category", 2), ("itemsize", 2), ("legacy", "Half")):
    dtype.__dict__[_name].__set__(float16, _value)


class _BFloat16(dtype):
    """torch.bfloat16. NumPy has no such type: a bfloat16 tensor's array is float32 in
    big-endian byte order (a NumPy dtype no other gradcli dtype uses, so the array itself
    says what it is: views, copies and selections keep it, computations give native
    float32), holding only bfloat16 values. Ops compute in float32 and round the result
    to nearest even once (`to_bf16`), as PyTorch's CPU kernels do (ops/core.py)."""

    __slots__ = ("_np",)

    def __init__(self):
        for name, value in (("name", "bfloat16"), ("category", 2), ("itemsize", 2),
                            ("legacy", "BFloat16")):
            dtype.__dict__[name].__set__(self, value)
        self._np = BF16_NP

    @property
    def np(self) -> np.dtype:
        BF16_USED[0] = True               # from now on ops look for bfloat16 inputs
        return self._np


#: Set once a bfloat16 dtype is used: until then ops skip the bfloat16 checks entirely.
BF16_USED = [False]
BF16_NP = np.dtype(">f4")
_F32_NP = np.dtype(np.float32)
bfloat16 = _BFloat16()
float32 = dtype("float32", np.float32, 2, "Float")
float64 = dtype("float64", np.float64, 2, "Double")
complex64 = dtype("complex64", np.complex64, 3, "ComplexFloat")
complex128 = dtype("complex128", np.complex128, 3, "ComplexDouble")

ALL = (bool_, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64, complex64,
       complex128, uint16, uint32, uint64)
_BY_NP = {np.dtype(d.np): d for d in ALL}
BF16_USED[0] = UNSIGNED_USED[0] = False
_BY_NAME = {d.name: d for d in ALL}
ALIASES = {"bool": bool_, "float": float32, "double": float64, "half": float16,
           "long": int64, "int": int32, "short": int16, "cfloat": complex64,
           "cdouble": complex128}
_BY_NAME.update(ALIASES)

_default = [float32]
_REAL = {"complex64": float32, "complex128": float64}
_COMPLEX = {"float32": "complex64", "float64": "complex128"}


def from_name(name: str) -> dtype:
    return _BY_NAME[name]


def to_bf16(values) -> np.ndarray:
    """`values` (anything NumPy reads as float32) rounded to bfloat16, to nearest even as
    c10's round_to_nearest_even (a NaN becomes the quiet NaN 0x7FC0), as a bfloat16 array
    (big-endian float32, see `_BFloat16`), laid out as `values` are."""
    BF16_USED[0] = True
    a = np.asarray(values, dtype=_F32_NP)
    if a.ndim > 1 and not a.flags.c_contiguous and a.size:     # its layout kept (channels-last)
        out = np.empty_like(a, dtype=BF16_NP)
        out[...] = to_bf16(np.ascontiguousarray(a))
        return out
    u = np.ascontiguousarray(a).reshape(-1).view(np.uint32)
    r = (u + (((u >> 16) & 1) + np.uint32(0x7FFF))) & np.uint32(0xFFFF0000)
    nan = a.reshape(-1) != a.reshape(-1)
    if nan.any():
        r[nan] = 0x7FC00000
    return r.view(_F32_NP).astype(BF16_NP).reshape(a.shape)


def from_numpy(np_dtype) -> dtype:
    """The gradcli dtype of a NumPy dtype (float64 for anything float we do not know)."""
    d = _BY_NP.get(np_dtype)
    if d is None:
        d = _BY_NP.get(np.dtype(np_dtype))
        if d is None:
            raise TypeError(f"can't convert np.ndarray of type numpy."
                            f"{np.dtype(np_dtype).type.__name__}. The only "
                            "supported types are: float64, float32, float16, complex64, "
                            "complex128, int64, int32, int16, int8, uint64, uint32, uint16, "
                            "uint8, and bool.")
    if d is float16:
        BF16_USED[0] = True         # (a float16 array from NumPy: see `_Float16`)
    elif d.__class__ is _Unsigned:
        UNSIGNED_USED[0] = True
    return d


def aten_type_string(d) -> str:
    """A CPU tensor's type as ATen's messages print it (Tensor::toString): the legacy type
    name, `torch.FloatTensor`, or the backend's `CPUBoolType` for a type it has none for."""
    if d in (bool_, bfloat16, complex64, complex128):
        return f"CPU{d.legacy}Type"
    return f"torch.{d.legacy}Tensor"


def from_legacy_name(name: str):
    """The dtype of a CPU tensor type name, `torch.IntTensor` (None for any other text)."""
    for d in ALL:
        if name == f"torch.{d.legacy}Tensor":
            return d
    return None


def to_dtype(obj) -> dtype:
    """Accept a gradcli dtype, a Python number type, a NumPy dtype or type (`np.float32`), or
    a name."""
    if isinstance(obj, dtype):
        return obj
    if isinstance(obj, str):
        try:
            return _BY_NAME[obj.replace("torch.", "")]
        except KeyError:
            raise TypeError(f"unknown dtype {obj!r}") from None
    known = python_type_dtype(obj)
    return known if known is not None else from_numpy(np.dtype(obj))


def python_type_dtype(obj) -> "dtype | None":
    """The dtype PyTorch takes Python's float, int, bool or complex for (float64, int64,
    bool, complex128: what `dtype=complex` or `promote_types(torch.int32, float)` mean);
    None for anything else."""
    for kind, d in ((float, float64), (int, int64), (bool, bool_), (complex, complex128)):
        if obj is kind:
            return d
    return None


def python_number(b):
    """The Python number PyTorch reads a NumPy scalar as (an operand, a Scalar argument):
    np.bool_ as a float (`bool_tensor * np.bool_(True)` is float32 there), np.complex64 (no
    subclass of Python's complex, as np.complex128 is) as a float too, with NumPy's
    ComplexWarning, the others as their Python int, float or complex."""
    if isinstance(b, np.complex64):     # (NumPy's float() warns from gradcli's module,
        import warnings                 # whose RuntimeWarnings are filtered: see __init__)
        warnings.warn_explicit("Casting complex values to real discards the imaginary part",
                               np.exceptions.ComplexWarning, "<formula>", 0, module="__main__")
        return float(b.real)
    return float(b) if isinstance(b, np.bool_) else b.item()


def user_dtype(obj, fname: str) -> dtype:
    """A `dtype=` argument of torch function `fname`: a dtype or Python's float, int, bool
    (PyTorch takes no names there)."""
    if isinstance(obj, dtype):
        return obj
    if python_type_dtype(obj) is not None or isinstance(obj, np.dtype) \
            or (isinstance(obj, type) and issubclass(obj, np.generic)):    # (gradcli's own)
        return to_dtype(obj)
    from .errors import TorchTypeError
    raise TorchTypeError(f"{fname}(): argument 'dtype' must be torch.dtype, not "
                         f"{type(obj).__name__}")


class _Info:
    """What finfo and iinfo share: read-only fields, and PyTorch's argument parsing."""

    __gradcli_safe__ = True

    def _set(self, **fields) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"attribute '{name}' of '{self.__torch_name__}' objects is not "
                             "writable")

    def __eq__(self, other):
        """Equal when of the same kind and fields (and so, as in PyTorch, unhashable)."""
        if type(other) is not type(self):
            return NotImplemented
        return vars(self) == vars(other)

    def __hash__(self):
        raise TypeError(f"unhashable type: '{self.__torch_name__}'")


class finfo(_Info):
    """`torch.finfo(dtype)`: the limits of a floating dtype (of a complex dtype's parts; the
    default dtype when omitted)."""

    __torch_name__ = "torch.finfo"

    def __init__(self, *args, **kwargs):
        d = _info_dtype("finfo", args, kwargs)
        if d.category < 2:
            from .errors import TorchTypeError
            raise TorchTypeError("torch.finfo() requires a floating point input type. Use "
                                 "torch.iinfo to handle 'torch.finfo'")
        d = d.to_real()
        if d is bfloat16:
            tiny = 2.0 ** -126
            self._set(bits=16, dtype="bfloat16", eps=2.0 ** -7, max=3.3895313892515355e+38,
                      min=-3.3895313892515355e+38, tiny=tiny, smallest_normal=tiny,
                      resolution=0.01)
            return
        info = np.finfo(d.np)
        tiny = float(info.smallest_normal)
        self._set(bits=int(info.bits), dtype=d.name, eps=float(info.eps),
                  max=float(info.max), min=float(info.min), tiny=tiny, smallest_normal=tiny,
                  resolution=10.0 ** -int(info.precision))

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
                f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, "
                f"tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo(_Info):
    """`torch.iinfo(dtype)`: the limits of an integer dtype."""

    __torch_name__ = "torch.iinfo"

    def __init__(self, *args, **kwargs):
        d = _info_dtype("iinfo", args, kwargs)
        from .errors import TorchTypeError
        if d is bool_:
            raise TorchTypeError("torch.bool is not supported by torch.iinfo")
        if d.category != 1:
            raise TorchTypeError("torch.iinfo() requires an integer input type. Use "
                                 "torch.finfo to handle 'torch.iinfo'")
        info = np.iinfo(d.np)
        self._set(bits=int(info.bits), min=int(info.min), max=int(info.max), dtype=d.name)

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


def _info_dtype(fname: str, args: tuple, kwargs: dict) -> dtype:
    """The one `type` argument of finfo/iinfo, checked with PyTorch's messages: a dtype or
    Python's float, int, bool, complex; finfo alone may omit it (the default dtype)."""
    from .errors import TorchTypeError
    given = len(args) + len(kwargs)
    if given > 1:
        if fname == "iinfo":
            raise TorchTypeError(f"iinfo() takes 1 positional argument but {given} were given")
        got = ", ".join(_arg_type_name(a) for a in (*args, *kwargs.values()))
        raise TorchTypeError(f"finfo() received an invalid combination of arguments - got "
                             f"({got}), but expected one of:\n * (torch.dtype type)\n * ()\n")
    if kwargs and "type" not in kwargs or (not given and fname == "iinfo"):
        raise TorchTypeError(f'{fname}() missing 1 required positional arguments: "type"')
    if not given:
        return get_default_dtype()
    obj = args[0] if args else kwargs["type"]
    if isinstance(obj, dtype):
        return obj
    if python_type_dtype(obj) is not None:
        return python_type_dtype(obj)
    where = " (position 1)" if args else ""
    raise TorchTypeError(f"{fname}(): argument 'type'{where} must be torch.dtype, not "
                         f"{type(obj).__name__}")


def _arg_type_name(obj) -> str:
    return "torch.dtype" if isinstance(obj, dtype) else type(obj).__name__


def get_default_dtype() -> dtype:
    return _default[0]


def set_default_dtype(d, /) -> None:
    """PyTorch's: a floating dtype only (Python's `float` and dtype names are refused
    too)."""
    if not isinstance(d, dtype):
        raise TypeError("invalid dtype object: only floating-point types are supported as "
                        "the default type")
    d = to_dtype(d)
    if d not in (float32, float64, float16, bfloat16):
        raise TypeError("only floating-point types are supported as the default type")
    _default[0] = d


def _promote2(a: dtype, b: dtype) -> dtype:
    """PyTorch's promotion of two dtypes: within a category (bool, integer, floating,
    complex) the wider (NumPy's rule there too), across categories the higher one as it is
    (float32 with int64 is float32, where NumPy gives float64), a complex made wide enough
    for a float."""
    if a is b:
        return a
    if (a in BAREBONES_UNSIGNED or b in BAREBONES_UNSIGNED) and \
            not (a.category == 2 or b.category == 2):
        from .errors import TorchRuntimeError
        raise TorchRuntimeError("Promotion for uint16, uint32, uint64 types is not supported, "
                                f"attempted to promote {a.legacy} and {b.legacy}")
    if a.category != b.category:
        high, low = (a, b) if a.category > b.category else (b, a)
        if not (high.category == 3 and low.category == 2):
            return high
    if a is bfloat16 or b is bfloat16:
        other = b if a is bfloat16 else a
        # bfloat16 with float16 is float32 (neither holds the other), with a wider one that
        if other is float16:
            return float32
        return other if other.category == 3 or other is float64 or other is float32 \
            else bfloat16
    return from_numpy(np.promote_types(a.np, b.np))


def scalar_dtype(value) -> dtype:
    """The dtype a Python number takes when it stands alone."""
    if isinstance(value, bool):
        return bool_
    if isinstance(value, int):
        return int64
    if isinstance(value, complex):
        return complex128 if _default[0] is float64 else complex64
    return _default[0]


def default_complex() -> dtype:
    """The dtype torch.tensor gives Python complex numbers: the default dtype's complex
    (float32: complex64, float64: complex128; float16's complex32 gradcli has not), none for
    bfloat16 (PyTorch's error)."""
    if _default[0] is bfloat16:
        from .errors import TorchRuntimeError
        raise TorchRuntimeError("invalid default scalar type for complex")
    return _default[0].to_complex()


def result_type(tensors_dtypes_ndims, scalars) -> dtype:
    """PyTorch's promotion over (dtype, ndim) pairs of tensors and a list of Python numbers
    (ATen's result_type): the tensors with dimensions, the 0-d ones and the numbers are each
    promoted among themselves, then a 0-d tensor or a number counts only when it is of a
    higher category (bool, integer, floating, complex) than what it joins (`_combine`)."""
    dim = zero = wrapped = None
    for d, ndim in tensors_dtypes_ndims:
        if ndim:
            dim = d if dim is None else _promote2(dim, d)
        else:
            zero = d if zero is None else _promote2(zero, d)
    for s in scalars:
        sd = scalar_dtype(s)
        wrapped = sd if wrapped is None else _promote2(wrapped, sd)
    out = _combine(dim, _combine(zero, wrapped))
    if _default[0] is float16 and wrapped is not None and wrapped.category == 3 and \
            all(d.category < 2 for d, _ in tensors_dtypes_ndims):
        from .errors import TorchNotImplementedError    # (its dtype is the numbers')
        raise TorchNotImplementedError(
            "a Python complex number with the default dtype torch.float16 is a complex32 "
            "(ComplexHalf) number in PyTorch, which gradcli does not support")
    return out


def _combine(higher: "dtype | None", lower: "dtype | None") -> "dtype | None":
    """ATen's combine_categories: `lower` (0-d tensors, numbers) over `higher` only when of a
    higher category; a complex one over a floating one keeps the floating one's precision
    (float32 with a complex128 0-d tensor is complex64)."""
    if higher is None:
        return lower
    if lower is None or higher.category == 3:
        return higher
    if lower.category == 3:
        if higher.category != 2:
            return lower
        if higher is float16:
            from .errors import TorchNotImplementedError
            raise TorchNotImplementedError(
                "a torch.float16 tensor with a complex number is a complex32 (ComplexHalf) "
                "tensor in PyTorch, which gradcli does not support")
        return complex64 if higher is bfloat16 else higher.to_complex()
    if higher.category == 2:
        return higher
    if higher is bool_ or lower.category == 2:
        return _promote2(higher, lower)
    return higher


# The C++ type names in PyTorch's "value cannot be converted to type ... without overflow"
# when a Python number fills a tensor (torch.tensor's own check names the dtype instead)
_C_NAMES = {"uint8": "uint8_t", "uint16": "uint16_t", "uint32": "uint32_t",
            "uint64": "uint64_t", "int8": "int8_t", "int16": "int16_t", "int32": "int",
            "int64": "int64_t", "float16": "c10::Half", "bfloat16": "c10::BFloat16",
            "float32": "float", "float64": "double", "complex64": "c10::complex<float>",
            "complex128": "c10::complex<double>"}


BF16_MAX = 3.3895313892515355e38        # bfloat16's largest finite value, 0x7F7F


def c_name(target, tensor_name: bool = False) -> str:
    """The type PyTorch's overflow message names for NumPy dtype `target` (gradcli's
    bfloat16 is big-endian float32): C++'s, or with `tensor_name` the dtype's."""
    if target == BF16_NP:
        return "bfloat16" if tensor_name else "c10::BFloat16"
    return target.name if tensor_name else _C_NAMES[target.name]


def can_cast(a: "dtype", b: "dtype") -> bool:
    """PyTorch's canCast: a value of dtype `a` may be written into `b` unless that turns a
    float into an integral, a complex into a real, or anything but a bool into a bool."""
    return not (a.category > b.category and (b.category in (0, 1) or a.category == 3))


def overflows(values: np.ndarray, target) -> bool:
    """Whether any of `values` (ints or floats) overflows NumPy dtype `target` by c10's
    `overflows` rule: an unsigned type takes ints down to -max (they wrap, two's
    complement); a float overflows an integer type when outside its range or NaN or
    infinite, and a float type (either part of complex64) when finite and beyond its largest
    value, as an int does float16's (bool takes anything)."""
    target = np.dtype(target)
    v = np.asarray(values)
    if target.kind == "c" and target.itemsize < 16 and v.dtype.kind in "fc":
        v = np.concatenate([v.real.reshape(-1), v.imag.reshape(-1)])  # each part, as c10
        target = np.dtype(np.float32)                                # checks complex<float>
    if target.kind == "b" or target.kind == "c" or v.size == 0:
        return False
    if target.kind == "f":
        if v.dtype.kind not in "fiu" or target.itemsize >= 8:
            return False
        big = BF16_MAX if target == BF16_NP else float(np.finfo(target).max)
        if v.dtype.kind in "iu":            # (only float16's range is narrower than int64's)
            return bool((np.abs(v.astype(np.float64)) > big).any())
        with np.errstate(invalid="ignore"):
            return bool((np.isfinite(v) & (np.abs(v) > big)).any())
    info = np.iinfo(target)
    low = -int(info.max) if info.min == 0 and v.dtype.kind in "iu" else int(info.min)
    if v.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            return bool((~np.isfinite(v) | (v < low) | (v > int(info.max))).any())
    return bool(((v < low) | (v > int(info.max))).any())


def convert(arr, target) -> np.ndarray:
    """`arr` converted to NumPy dtype `target` as ATen converts tensors: `cast`, and to
    bfloat16 (gradcli's big-endian float32) rounded to nearest even (`to_bf16`)."""
    if np.dtype(target) == BF16_NP:
        a = np.asarray(arr)
        return to_bf16(a.real if a.dtype.kind == "c" else a)
    return cast(arr, target)


def checked_number(value, target, opmath: bool = False) -> None:
    """PyTorch's check of a number an op on NumPy dtype `target` converts to its scalar_t
    (with `opmath`, to its opmath type: float for float16, bfloat16 and float32): one past
    that type's range is the overflow error naming it (`clamp(max=1e5)` of float16). Real
    numbers and float dtypes below double only; the rest is the callers' own."""
    if value.__class__ is not int and value.__class__ is not float:
        return
    t = np.dtype(target)
    if t.kind == "f" and t.itemsize < 8:
        checked_scalar(value, np.float32 if opmath else t)


def kernel_scalar(value, target, kernel: str, opmath: bool = True):
    """A beta, alpha or value as the CPU kernels of addmm, addmv, baddbmm, addbmm and addcmul
    (named `kernel` in the refusal of bool) read it on tensors of NumPy dtype `target`:
    ATen's `Scalar.to<scalar_t>()`, c10's checked conversion. On an integer type a float is
    truncated toward zero (0.5 is 0, -1.5 is -1), and one out of the type's range (-0.5 for
    uint8, inf, nan) or a complex with an imaginary part is the overflow error; on a float
    type the overflow check alone (as its opmath type; as the type itself without
    `opmath`, as addmv's kernel reads them)."""
    if value.__class__ is int and not -(1 << 63) <= value < (1 << 64):
        raise scalar_overflow(value)                   # (PyTorch's Scalar, for any dtype)
    t = np.dtype(target)
    if t.kind == "b":
        from .errors import TorchNotImplementedError
        raise TorchNotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    if t.kind in "iu":
        return checked_scalar(value, t).item()
    if value.__class__ is complex and t.kind == "f":    # an imaginary part overflows
        return checked_scalar(value, t if t.itemsize == 8 or not opmath else np.float32).item()
    checked_number(value, t, opmath=opmath)
    return value


def cast(arr, target) -> np.ndarray:
    """`arr` converted to NumPy dtype `target` as ATen converts it: to float16 through
    float32 (c10::Half is made from a float, so a double or a large integer is rounded
    twice: float64 -1.999511679802299 becomes -2.0, not NumPy's -1.9990234375); otherwise
    NumPy's astype."""
    if not hasattr(arr, "astype"):          # (a meta tensor's MetaArray has its own)
        arr = np.asarray(arr)
    if np.dtype(target) == np.float16 and (arr.dtype.itemsize > 4 and arr.dtype.kind in "fiu"
                                           or arr.dtype.kind in "iu" and arr.dtype.itemsize > 2):
        return arr.astype(np.float32).astype(np.float16)
    return arr.astype(target)


def scalar_overflow(value: int) -> OverflowError:
    """The error of PyTorch's Scalar for a Python int beyond int64 and uint64: CPython's, of
    the uint64 conversion it tries last."""
    return OverflowError("can't convert negative int to unsigned" if value < 0 else
                         "int too big to convert")


def checked_scalar(value, target, tensor_name: bool = False):
    """`value` (a Python number) as a 0-d array of NumPy dtype `target`, refused as PyTorch's
    checked conversion refuses an overflow (naming the C++ type, or the dtype for
    torch.tensor's check with `tensor_name`)."""
    target = np.dtype(target)
    if value.__class__ is complex and target.kind == "b":
        return np.asarray(bool(value))      # nonzero is True, as c10's conversion to bool
    if value.__class__ is complex and target.kind != "c":
        if value.imag:                # c10's checked_convert: an imaginary part overflows
            from .errors import TorchRuntimeError
            raise TorchRuntimeError(f"value cannot be converted to type "
                                    f"{c_name(target, tensor_name)} without overflow")
        value = value.real
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) and not -(1 << 63) <= value < (1 << 64):
            raise scalar_overflow(value)
        huge = isinstance(value, int) and value >= 1 << 63        # a uint64 Scalar
        source = np.asarray(value, dtype=np.float64 if isinstance(value, float) or huge
                            else np.int64)
        if overflows(source, target) or (huge and target.kind in "iu"):
            from .errors import TorchRuntimeError
            raise TorchRuntimeError(f"value cannot be converted to type "
                                    f"{c_name(target, tensor_name)} without overflow")
        with np.errstate(invalid="ignore", over="ignore"):
            return to_bf16(source) if target == BF16_NP else cast(source, target)
    if target == BF16_NP:
        return to_bf16(value)
    if value.__class__ is complex and overflows(value, target):
        from .errors import TorchRuntimeError
        raise TorchRuntimeError(f"value cannot be converted to type "
                                f"{c_name(target, tensor_name)} without overflow")
    return np.asarray(value, dtype=target)


def fill_scalar(value, target, numel: int):
    """`value` as PyTorch's fill (full, new_full, fill_) writes it into `numel` elements of
    NumPy dtype `target`: checked (checked_scalar), except that ATen's one-element CPU fast
    path (scalar_fill) converts a real number to float16 or bfloat16 unchecked, so that it
    rounds past their range to inf (`torch.full((1,), 1e5, dtype=torch.float16)` is inf,
    `torch.full((2,), 1e5, ...)` refuses)."""
    target = np.dtype(target)
    if numel != 1 or target not in (np.float16, BF16_NP) or value.__class__ not in (int, float):
        return checked_scalar(value, target)
    source = checked_scalar(value, np.float64)         # (an int past 64 bits still refused)
    with np.errstate(over="ignore"):
        return to_bf16(source) if target == BF16_NP else cast(source, target)
