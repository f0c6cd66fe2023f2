"""torch.fft: the discrete Fourier transforms (fft, ifft, rfft, irfft, hfft, ihfft and their
2-D and n-D forms), fftfreq, rfftfreq, fftshift and ifftshift.

Each transform is built as PyTorch's SpectralOps.cpp builds it, from its three primitives:
`_fft_c2c` (FftC2CBackward0), `_fft_r2c` (FftR2CBackward0, a real input's transform, its
one-sided half or the whole) and `_fft_c2r` (FftC2RBackward0, a Hermitian half's real
inverse), with the same promotions (`.to(complex)`: ToCopyBackward0), resizing (`n=`, `s=`:
SliceBackward0 to cut, ConstantPadNdBackward0 to pad), lazy conjugates (ifft and ihfft of a
real input, hfft: ConjBackward0) and normalization (none, 1/sqrt(n), 1/n, chosen by `norm=`
and the direction), so results carry PyTorch's grad_fn chains and dtypes (float32 ->
complex64, float64 -> complex128; integers and bools as the default dtype). The backward
rules are PyTorch's adjoints (derivatives.yaml: fft_r2c_backward, fft_c2r_backward, the
inverse c2c), written with these ops so that second derivatives follow.

Values: NumPy's pocketfft in the input's precision. PyTorch's x86 CPU build runs Intel
MKL's DFTs, whose rounding NumPy cannot reproduce: results agree to a few ulps of the
largest entry (the printed digits agree), not to the last bit (about a fifth of the entries
are bit-identical over sizes 1-1024). A value that is exactly an integer or zero in exact
arithmetic may print as one here and not there (`21.` against `21.0000`).
"""
from __future__ import annotations

import numpy as np

from .. import amp as _amp, dtypes
from ..autograd.graph import Node
from ..errors import TorchIndexError, TorchRuntimeError, TorchNotImplementedError
from .._tensor import Tensor
from .core import apply, wrap
from .registry import category, register

category("fft")

# fft_norm_mode (aten/src/ATen/native/SpectralOpsUtils.h)
_NONE, _BY_ROOT_N, _BY_N = 0, 1, 2


def _norm_from_string(norm, forward: bool) -> int:
    if norm is None or norm == "backward":
        return _NONE if forward else _BY_N
    if norm == "forward":
        return _BY_N if forward else _NONE
    if norm == "ortho":
        return _BY_ROOT_N
    raise TorchRuntimeError(f"Invalid normalization mode: \"{norm}\"")


def _np_norm(normalization: int, forward: bool) -> str:
    """NumPy's `norm=` giving the scaling `normalization` for a transform in that direction."""
    if normalization == _BY_ROOT_N:
        return "ortho"
    return ("backward" if normalization == _NONE else "forward") if forward else \
        ("forward" if normalization == _NONE else "backward")


# -- the primitives ----------------------------------------------------------------------------

def _empty_batch(x: np.ndarray, dims) -> None:
    """MKL's DFTI refuses a plan for zero transforms: an input with no elements whose
    transformed sizes are all positive (an empty batch dim) fails as PyTorch's CPU build does,
    after the size checks that name an empty transformed dim."""
    if x.size == 0 and dims:
        raise TorchRuntimeError("MKL FFT error: Intel oneMKL DFTI ERROR: Inconsistent "
                                "configuration parameters")


class FftC2CBackward0(Node):
    """d _fft_c2c(x, dim, norm, forward) = _fft_c2c(g, dim, norm, not forward)"""

    linear = True

    def forward(self, x):
        if not self.dim:
            return x.copy()
        _empty_batch(x, self.dim)
        fn = np.fft.fftn if self.is_forward else np.fft.ifftn
        return np.ascontiguousarray(fn(x, axes=self.dim,
                                       norm=_np_norm(self.normalization, self.is_forward)),
                                    dtype=x.dtype)

    def backward(self, g):
        return apply(FftC2CBackward0, (g,), dim=self.dim, normalization=self.normalization,
                     is_forward=not self.is_forward)


class FftR2CBackward0(Node):
    """d _fft_r2c(x, dim, norm, onesided) = real(_fft_c2c(g zero-filled to x's size, dim,
    norm, inverse))"""

    linear = True

    def forward(self, x):
        _empty_batch(x, self.dim)
        last = self.dim[-1]
        cplx = np.result_type(x.dtype, np.complex64)
        out = np.fft.rfftn(x, axes=self.dim, norm=_np_norm(self.normalization, True))
        out = out.astype(cplx, copy=False)
        if not self.onesided:               # the other half by conjugate symmetry
            n = x.shape[last]
            full = np.empty(x.shape[:last] + (n,) + x.shape[last + 1:], cplx)
            half = out.shape[last]
            idx = [slice(None)] * x.ndim
            idx[last] = slice(0, half)
            full[tuple(idx)] = out
            if n > half:
                rest = np.arange(half, n)
                src = np.take(out, n - rest, axis=last)
                for d in self.dim[:-1]:      # X[-k] = conj(X[k]) along every transformed dim
                    src = np.roll(np.flip(src, d), 1, d)
                idx[last] = slice(half, n)
                full[tuple(idx)] = np.conj(src)
            out = full
        return np.ascontiguousarray(out)

    def backward(self, g):
        d = self.dim[-1]
        n = self._in_meta[0][0][d]
        full = g
        if n > g._data.shape[d]:
            shape = list(g._data.shape)
            shape[d] = n
            full = g.new_zeros(shape)
            full.narrow(d, 0, g._data.shape[d]).copy_(g)
        from .shape import real
        return real(apply(FftC2CBackward0, (full,), dim=self.dim,
                          normalization=self.normalization, is_forward=False))


class FftC2RBackward0(Node):
    """d _fft_c2r(x, dim, norm, n) = _fft_r2c(g, dim, norm, onesided), the entries whose
    mirror image the one-sided half leaves out doubled"""

    linear = True

    def forward(self, x):
        _empty_batch(x, self.dim)
        s = [x.shape[d] for d in self.dim]
        s[-1] = self.last_dim_size
        out = np.fft.irfftn(x, s=s, axes=self.dim, norm=_np_norm(self.normalization, False))
        return np.ascontiguousarray(out, dtype=x.real.dtype)

    def backward(self, g):
        gi = apply(FftR2CBackward0, (g,), dim=self.dim, normalization=self.normalization,
                   onesided=True)
        d = self.dim[-1]
        double = g._data.shape[d] - gi._data.shape[d]
        if double > 0:
            gi.narrow(d, 1, double).mul_(2)
        return gi


# -- PyTorch's helpers (SpectralOps.cpp) --------------------------------------------------------

def _wrap(dim, ndim: int) -> int:
    """maybe_wrap_dim(dim, ndim, wrap_scalar=false)"""
    if ndim == 0:
        raise TorchIndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    if not -ndim <= dim < ndim:
        raise TorchIndexError(f"Dimension out of range (expected to be in range of "
                              f"[{-ndim}, {ndim - 1}], but got {dim})")
    return dim + ndim if dim < 0 else dim


def _promote(x: Tensor, require_complex: bool = False) -> Tensor:
    """promote_tensor_fft: integers and bools to the default dtype; floats other than float32
    and float64 refused (CPU); to complex when asked (a ToCopyBackward0)."""
    from .shape import to_np_dtype
    d = x.dtype
    if d.category == 3:
        return x
    if d.category < 2:
        d = dtypes.get_default_dtype()
    if d.np not in (np.float32, np.float64):
        raise TorchRuntimeError(f"Unsupported dtype {d.legacy}")
    if require_complex:
        d = d.to_complex()
    return to_np_dtype(x, d.np)


def _check_n(n) -> None:
    if n < 1:
        raise TorchRuntimeError(f"Invalid number of data points ({n}) specified")


def _resize(x: Tensor, dims, sizes) -> Tensor:
    """resize_fft_input: each dim cut (a slice) or zero-padded (one constant_pad_nd) to its
    size; -1 leaves a dim as it is."""
    from .more import ConstantPadNdBackward0
    from .shape import narrow
    shape = x._data.shape
    pad = [0] * (2 * len(shape))
    must_pad = False
    for d, size in zip(dims, sizes):
        if size == -1:
            continue
        if shape[d] < size:
            must_pad = True
            pad[len(pad) - 2 * d - 1] = size - shape[d]
        if shape[d] > size:
            x = narrow(x, d, 0, size)
    if must_pad:
        x = apply(ConstantPadNdBackward0, (x,), pad=tuple(pad), value=0)
    return x


def _conj(x: Tensor) -> Tensor:
    from .shape import conj
    return conj(x)


def _c2c(name, x, n, dim, norm, forward):
    if not x.dtype.is_complex:
        raise TorchRuntimeError(f"{name} expects a complex input tensor, but got "
                                f"{x.dtype.legacy}")
    d = _wrap(dim, x._data.ndim)
    size = x._data.shape[d] if n is None else n
    _check_n(size)
    if n is not None:
        x = _resize(x, (d,), (n,))
    return apply(FftC2CBackward0, (x,), dim=(d,),
                 normalization=_norm_from_string(norm, forward), is_forward=forward)


def _r2c(name, x, n, dim, norm, forward, onesided, conj=True):
    if x.dtype.is_complex:
        raise TorchRuntimeError(f"{name} expects a real input tensor, but got "
                                f"{x.dtype.legacy}")
    x = _promote(x)
    d = _wrap(dim, x._data.ndim)
    size = x._data.shape[d] if n is None else n
    _check_n(size)
    if n is not None:
        x = _resize(x, (d,), (n,))
    out = apply(FftR2CBackward0, (x,), dim=(d,),
                normalization=_norm_from_string(norm, forward), onesided=onesided)
    return out if forward or not conj else _conj(out)


def _c2r(name, x, n, dim, norm, forward):
    x = _promote(x, True)
    d = _wrap(dim, x._data.ndim)
    size = 2 * (x._data.shape[d] - 1) if n is None else n
    _check_n(size)
    if n is not None:
        x = _resize(x, (d,), (n // 2 + 1,))
    normalization = _norm_from_string(norm, forward)
    if forward:
        x = _conj(x)
    return apply(FftC2RBackward0, (x,), dim=(d,), normalization=normalization,
                 last_dim_size=size)


def _shape_and_dims(x: Tensor, s, dim):
    """canonicalize_fft_shape_and_dim_args -> (shape, dims)"""
    ndim = x._data.ndim
    sizes = x._data.shape
    dims = None
    if dim is not None:
        dims = [_wrap(d, ndim) for d in dim]
        if len(set(dims)) != len(dims):
            raise TorchRuntimeError("FFT dims must be unique")
    if s is not None:
        if dims is not None and len(dims) != len(s):
            raise TorchRuntimeError("When given, dim and shape arguments must have the same "
                                    "length")
        if len(s) > ndim:
            raise TorchRuntimeError(f"Got shape with {len(s)} values but input tensor only "
                                    f"has {ndim} dimensions.")
        if dims is None:
            dims = list(range(ndim - len(s), ndim))
        shape = [sizes[d] if n == -1 else n for d, n in zip(dims, s)]
    elif dims is None:
        dims = list(range(ndim))
        shape = list(sizes)
    else:
        shape = [sizes[d] for d in dims]
    for n in shape:
        _check_n(n)
    return shape, dims


def _fftn_c2c(x, s, dim, norm, forward):
    shape, dims = _shape_and_dims(x, s, dim)
    x = _promote(x, True)
    x = _resize(x, dims, shape)
    return apply(FftC2CBackward0, (x,), dim=tuple(dims),
                 normalization=_norm_from_string(norm, forward), is_forward=forward)


def _rfftn(x, s, dim, norm):
    if x.dtype.is_complex:
        raise TorchRuntimeError(f"rfftn expects a real-valued input tensor, but got "
                                f"{x.dtype.legacy}")
    shape, dims = _shape_and_dims(x, s, dim)
    if not shape:
        raise TorchRuntimeError("rfftn must transform at least one axis")
    x = _promote(x)
    x = _resize(x, dims, shape)
    return apply(FftR2CBackward0, (x,), dim=tuple(dims),
                 normalization=_norm_from_string(norm, True), onesided=True)


def _irfftn(x, s, dim, norm):
    shape, dims = _shape_and_dims(x, s, dim)
    if not shape:
        raise TorchRuntimeError("irfftn must transform at least one axis")
    last = 2 * (x._data.shape[dims[-1]] - 1) if s is None or s[-1] == -1 else shape[-1]
    _check_n(last)
    shape[-1] = last // 2 + 1
    x = _promote(x, True)
    x = _resize(x, dims, shape)
    return apply(FftC2RBackward0, (x,), dim=tuple(dims),
                 normalization=_norm_from_string(norm, False), last_dim_size=last)


def _hfftn(x, s, dim, norm):
    """fft_hfftn_impl: c2c over all but the last dim, then the conjugate's c2r"""
    shape, dims = _shape_and_dims(x, s, dim)
    if not shape:
        raise TorchRuntimeError("hfftn must transform at least one axis")
    last = 2 * (x._data.shape[dims[-1]] - 1) if s is None or s[-1] == -1 else shape[-1]
    _check_n(last)
    shape[-1] = last // 2 + 1
    x = _promote(x, True)
    x = _resize(x, dims, shape)
    normalization = _norm_from_string(norm, True)
    if len(dims) > 1:
        x = apply(FftC2CBackward0, (x,), dim=tuple(dims[:-1]), normalization=normalization,
                  is_forward=True)
    return apply(FftC2RBackward0, (_conj(x),), dim=(dims[-1],), normalization=normalization,
                 last_dim_size=last)


def _ihfftn(x, s, dim, norm):
    """fft_ihfftn_impl: the last dim's one-sided r2c, conjugated, then inverse c2c over the
    others"""
    from .shape import conj_physical
    shape, dims = _shape_and_dims(x, s, dim)
    if not shape:
        raise TorchRuntimeError("ihfftn must transform at least one axis")
    x = _promote(x)
    x = _resize(x, dims, shape)
    normalization = _norm_from_string(norm, False)
    if x.dtype.is_complex:              # (_fft_r2c's refusal, after the norm's)
        raise TorchRuntimeError(f"Only supports floating-point dtypes, but found: "
                                f"{x.dtype.legacy}")
    out = apply(FftR2CBackward0, (x,), dim=(dims[-1],), normalization=normalization,
                onesided=True)
    if len(dims) == 1:
        return _conj(out)
    return apply(FftC2CBackward0, (conj_physical(out),), dim=tuple(dims[:-1]),
                 normalization=normalization, is_forward=False)


# -- argument parsing: PyTorch's signatures (torch/_C/_fft's python_fft_functions.cpp) --------

def _parsed(text: str, fp32: bool = False):
    """The decorated function checking its call against PyTorch's signature `text`; `fp32`:
    on CPU autocast's float32 list (its input cast to float32 in a region, as ATen's)."""
    def deco(fn):
        from ..argparser import Parser
        made = []

        def call(*args, **kwargs):
            if not made:
                made.append(Parser([text]))
            args, kwargs = made[0].check(args, kwargs)
            if fp32 and _amp.CPU_ON[0]:
                if args:
                    args = _amp.cast_inputs(_amp.FP32, args[:1]) + tuple(args[1:])
                elif "input" in kwargs:
                    kwargs["input"] = _amp.cast_inputs(_amp.FP32, (kwargs["input"],))[0]
            return fn(*args, **kwargs)
        call.__name__ = call.__qualname__ = fn.__name__
        call.__doc__, call.__wrapped__, call.__module__ = fn.__doc__, fn, fn.__module__
        return call
    return deco


def _ints(v):
    """An int list argument given as one int (PyTorch's IntArrayRef[1])."""
    if v is None:
        return None
    if isinstance(v, (int, np.integer)) or (isinstance(v, Tensor) and v._data.ndim == 0):
        return (int(v),)
    return tuple(int(i) for i in v)


def _one(v):
    return None if v is None else int(v)


_1D = "(Tensor input, SymInt? n=None, int64_t dim=-1, c10::string_view? norm=None)"
_2D = ("(Tensor input, SymIntArrayRef[1]? s=None, IntArrayRef[1] dim={-2,-1}, "
       "c10::string_view? norm=None)")
_ND = ("(Tensor input, SymIntArrayRef[1]? s=None, IntArrayRef[1]? dim=None, "
       "c10::string_view? norm=None)")


#: The transforms on CPU autocast's float32 list (autocast_mode.cpp: not hfft2, hfftn,
#: ihfft2, ihfftn, whose float16 and bfloat16 inputs a region leaves to be refused).
_AUTOCAST_FP32 = frozenset(("fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2",
                            "fftn", "ifftn", "rfft2", "irfft2", "rfftn", "irfftn"))


def _op(name, grad_fn, text):
    def deco(fn):
        fn.__name__ = fn.__qualname__ = "fft_" + name
        parsed = _parsed("fft_" + name + text, name in _AUTOCAST_FP32)
        return register("fft_" + name, grad_fn=grad_fn, namespaces=(f"fft:{name}",),
                        differentiable=False)(parsed(fn))
    return deco


@_op("fft", "FftC2CBackward0", _1D)
def fft(input, n=None, dim=-1, norm=None):
    """the 1-D discrete Fourier transform along dim (a real input's: FftR2CBackward0)"""
    n = _one(n)
    if input.dtype.is_complex:
        return _c2c("fft", input, n, dim, norm, True)
    return _r2c("fft", input, n, dim, norm, True, False)


@_op("ifft", "FftC2CBackward0", _1D)
def ifft(input, n=None, dim=-1, norm=None):
    """the 1-D inverse discrete Fourier transform along dim"""
    n = _one(n)
    if input.dtype.is_complex:
        return _c2c("ifft", input, n, dim, norm, False)
    return _r2c("ifft", input, n, dim, norm, False, False)


@_op("rfft", "FftR2CBackward0", _1D)
def rfft(input, n=None, dim=-1, norm=None):
    """the one-sided (n // 2 + 1 entries) transform of a real input along dim"""
    return _r2c("rfft", input, _one(n), dim, norm, True, True)


@_op("irfft", "FftC2RBackward0", _1D)
def irfft(input, n=None, dim=-1, norm=None):
    """the real inverse of a one-sided transform: n (default 2 * (size - 1)) real values"""
    return _c2r("irfft", input, _one(n), dim, norm, False)


@_op("hfft", "FftC2RBackward0", _1D)
def hfft(input, n=None, dim=-1, norm=None):
    """the transform of a Hermitian-symmetric signal given by its one-sided half (real)"""
    return _c2r("hfft", input, _one(n), dim, norm, True)


@_op("ihfft", "ConjBackward0", _1D)
def ihfft(input, n=None, dim=-1, norm=None):
    """the inverse of hfft: a real input's one-sided inverse transform"""
    return _r2c("ihfft", input, _one(n), dim, norm, False, True)


@_op("fft2", "FftC2CBackward0", _2D)
def fft2(input, s=None, dim=(-2, -1), norm=None):
    """fftn over the last two dims"""
    return _fftn_c2c(input, _ints(s), _ints(dim), norm, True)


@_op("ifft2", "FftC2CBackward0", _2D)
def ifft2(input, s=None, dim=(-2, -1), norm=None):
    """ifftn over the last two dims"""
    return _fftn_c2c(input, _ints(s), _ints(dim), norm, False)


@_op("fftn", "FftC2CBackward0", _ND)
def fftn(input, s=None, dim=None, norm=None):
    """the n-D transform over dim (all dims, or the last len(s)); a real input made complex"""
    return _fftn_c2c(input, _ints(s), _ints(dim), norm, True)


@_op("ifftn", "FftC2CBackward0", _ND)
def ifftn(input, s=None, dim=None, norm=None):
    """the n-D inverse transform over dim"""
    return _fftn_c2c(input, _ints(s), _ints(dim), norm, False)


@_op("rfft2", "FftR2CBackward0", _2D)
def rfft2(input, s=None, dim=(-2, -1), norm=None):
    """rfftn over the last two dims"""
    return _rfftn(input, _ints(s), _ints(dim), norm)


@_op("irfft2", "FftC2RBackward0", _2D)
def irfft2(input, s=None, dim=(-2, -1), norm=None):
    """irfftn over the last two dims"""
    return _irfftn(input, _ints(s), _ints(dim), norm)


@_op("rfftn", "FftR2CBackward0", _ND)
def rfftn(input, s=None, dim=None, norm=None):
    """the n-D transform of a real input, one-sided along the last transformed dim"""
    return _rfftn(input, _ints(s), _ints(dim), norm)


@_op("irfftn", "FftC2RBackward0", _ND)
def irfftn(input, s=None, dim=None, norm=None):
    """the real n-D inverse of a one-sided transform"""
    return _irfftn(input, _ints(s), _ints(dim), norm)


@_op("hfft2", "FftC2RBackward0", _2D)
def hfft2(input, s=None, dim=(-2, -1), norm=None):
    """hfftn over the last two dims"""
    return _hfftn(input, _ints(s), _ints(dim), norm)


@_op("ihfft2", "FftC2CBackward0", _2D)
def ihfft2(input, s=None, dim=(-2, -1), norm=None):
    """ihfftn over the last two dims"""
    return _ihfftn(input, _ints(s), _ints(dim), norm)


@_op("hfftn", "FftC2RBackward0", _ND)
def hfftn(input, s=None, dim=None, norm=None):
    """the n-D transform of a Hermitian-symmetric signal given by its one-sided half (real)"""
    return _hfftn(input, _ints(s), _ints(dim), norm)


@_op("ihfftn", "FftC2CBackward0", _ND)
def ihfftn(input, s=None, dim=None, norm=None):
    """the inverse of hfftn: a real input's n-D inverse transform, one-sided along the last
    transformed dim"""
    return _ihfftn(input, _ints(s), _ints(dim), norm)


def _shift(input, dim, inverse):
    from .select import roll
    ndim = input._data.ndim
    dims = list(range(ndim)) if dim is None else [_wrap(d, ndim) for d in _ints(dim)]
    shifts = [(input._data.shape[d] + inverse) // 2 for d in dims]
    return roll(input, shifts, dims)


@_op("fftshift", "RollBackward0", "(Tensor input, IntArrayRef[1]? dim=None)")
def fftshift(input, dim=None):
    """the zero frequency moved to the middle: a roll by size // 2 along dim (all dims)"""
    return _shift(input, dim, 0)


@_op("ifftshift", "RollBackward0", "(Tensor input, IntArrayRef[1]? dim=None)")
def ifftshift(input, dim=None):
    """fftshift undone: a roll by (size + 1) // 2 along dim (all dims)"""
    return _shift(input, dim, 1)


_FREQ = ("(int64_t n, double d=1.0, *, ScalarType? dtype=None, Layout? layout=None, "
         "Device? device=None, bool? pin_memory=False, bool? requires_grad=False)")


def _freq(name, n, d, dtype, device, requires_grad, onesided, pin_memory=False):
    from .. import devices
    devices.check(device)
    if pin_memory:                      # (its options' refusal comes first, as there)
        from .creation import _options
        _options(None, pin_memory)
    dt = dtypes.get_default_dtype() if dtype is None else dtypes.to_dtype(dtype)
    if dt.category < 2:
        raise TorchRuntimeError(f"{name} requires a floating point or complex dtype")
    if dt.category == 3:
        raise TorchNotImplementedError(f"\"arange_cpu\" not implemented for '{dt.legacy}'")
    if n < 0:
        raise TorchRuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    k = np.arange(n // 2 + 1 if onesided else n, dtype=np.float64)
    if not onesided:
        k[(n + 1) // 2:] -= n
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.float64(1.0) / (np.float64(n) * np.float64(d))
        # mul_ by a double: in float32 for float32 and float16 (their opmath type)
        work = np.float64 if dt.np == np.float64 else np.float32
        out = (k.astype(work) * work(scale)).astype(dt.np)
    t = wrap(out)
    if requires_grad:
        t.requires_grad_(True)
    return t


@register("fft_fftfreq", namespaces=("fft:fftfreq",), differentiable=False)
@_parsed("fft_fftfreq" + _FREQ)
def fftfreq(n, d=1.0, *, dtype=None, layout=None, device=None, pin_memory=False,
            requires_grad=False):
    """the sample frequencies of an n-point transform: [0, 1, ..., -(n//2), ..., -1] / (d n)"""
    return _freq("fftfreq", n, d, dtype, device, requires_grad, False, pin_memory)


@register("fft_rfftfreq", namespaces=("fft:rfftfreq",), differentiable=False)
@_parsed("fft_rfftfreq" + _FREQ)
def rfftfreq(n, d=1.0, *, dtype=None, layout=None, device=None, pin_memory=False,
             requires_grad=False):
    """the sample frequencies of rfft's n // 2 + 1 entries: [0, 1, ..., n // 2] / (d n)"""
    return _freq("rfftfreq", n, d, dtype, device, requires_grad, True, pin_memory)


# -- out= ---------------------------------------------------------------------------------------

#: each transform's name in its out= checks (SpectralOps.cpp's fname: the 2-D forms are the
#: n-D ones)
_OUT_NAMES = {"fft": "fft", "ifft": "ifft", "rfft": "rfft", "irfft": "irfft", "hfft": "hfft",
              "ihfft": "ihfft", **{f"{k}{n}": f"{k}n" for k in ("fft", "ifft", "rfft", "irfft",
                                                             "hfft", "ihfft") for n in "2n"}}
_OUT_NAMES.update(ifft2="fftn", ifftn="fftn")
#: the transforms whose out= holds real values (their last step is _fft_c2r)
_REAL_OUT = frozenset(("irfft", "irfft2", "irfftn", "hfft", "hfft2", "hfftn"))
#: those whose last step on a real input is _fft_r2c (fft2, fftn make the input complex)
_R2C_OUT = frozenset(("fft", "rfft", "rfft2", "rfftn"))


#: the 1-D transforms whose fft_r2c / fft_c2r check out's kind before n, dim and norm
_EARLY_OUT = frozenset(("fft", "ifft", "rfft", "ihfft", "irfft", "hfft"))


def _early_out_check(name: str, x: Tensor, out) -> None:
    """fft_c2r and fft_r2c (the 1-D transforms of a real input, and irfft, hfft) refuse an
    out= of the wrong kind first, before the input's promotion and its dim, n and norm
    checks (r2c after its real-input check); fft_c2c (a complex input) checks it last."""
    if name not in _REAL_OUT and x.dtype.is_complex:
        if name in ("rfft", "ihfft"):
            raise TorchRuntimeError(f"{name} expects a real input tensor, but got "
                                    f"{x.dtype.legacy}")
        return
    _check_out_kind(name, out)


def _check_out_kind(name: str, out) -> None:
    """out's kind as the transform's last primitive writes it: real for c2r, else complex."""
    if name in _REAL_OUT and not out.dtype.is_floating_point:
        raise TorchRuntimeError(f"{_OUT_NAMES[name]} expects a floating point output tensor, "
                                f"but got {out.dtype.legacy}")
    if name not in _REAL_OUT and not out.dtype.is_complex:
        raise TorchRuntimeError(f"{_OUT_NAMES[name]} expects a complex output tensor, but got "
                                f"{out.dtype.legacy}")


def written_into(name: str, fn, args: tuple, kwargs: dict, out):
    """torch.fft.<name>(..., out=out) as SpectralOps.cpp's out= forms check it: the input's
    own refusals first, then out's kind (complex, or real for the c2r transforms), then
    autograd's refusal in the name of the primitive that writes out; ifft and ihfft of a
    real input conjugate out in place, so their out= must have the result's exact dtype.
    fftfreq and rfftfreq compute in out's dtype (arange's resize warning)."""
    from ..autograd.grad_mode import is_grad_enabled, no_grad
    from .outparam import _range_warning, _write_into
    if name in ("fftfreq", "rfftfreq"):
        from .outparam import _factory_dtype
        kwargs = _factory_dtype(kwargs, out)        # (the parser's check of dtype=)
        if not (out.dtype.is_floating_point or out.dtype.is_complex):
            raise TorchRuntimeError(f"{name} requires a floating point or complex dtype")
        requires_grad = kwargs.pop("requires_grad", False)
        kwargs.pop("pin_memory", None)              # (the out= overload takes no options)
        result = fn(*args, **kwargs)
        _write_into(out, result, _range_warning(out, result) if out._data.size else None)
        return out.requires_grad_(True) if requires_grad else out
    x = args[0] if args else kwargs.get("input")
    if name in _EARLY_OUT and isinstance(x, Tensor):
        _early_out_check(name, x, out)
    with no_grad():
        result = fn(*args, **kwargs)
    _check_out_kind(name, out)
    real = not x.dtype.is_complex
    conjugated = real and name in ("ifft", "ihfft")
    if is_grad_enabled() and x.requires_grad and not conjugated:
        primitive = "_fft_c2r" if name in _REAL_OUT else \
            "_fft_r2c" if real and name in _R2C_OUT else "_fft_c2c"
        raise TorchRuntimeError(f"{primitive}(): functions with out=... arguments don't "
                                "support automatic differentiation, but one of the arguments "
                                "requires grad.")
    if conjugated and out.dtype is not result.dtype:
        raise TorchRuntimeError(f"Found dtype {out.dtype.legacy} but expected "
                                f"{result.dtype.legacy}")
    _write_into(out, result if result.dtype is out.dtype else result.to(out.dtype))
    if conjugated and is_grad_enabled() and x.requires_grad:
        _conj_physical_out(name, args, kwargs, out)
    return out


def _no_conj_physical_derivative(self, g):
    raise TorchRuntimeError("derivative for aten::conj_physical is not implemented")


#: conj_physical_out's record: ifft's and ihfft's out= of a real input that requires grad
#: (their r2c runs with autograd, its conjugate is written into out by an op that has none)
ConjPhysicalOutNode = type("NotImplemented", (Node,), {
    "__doc__": "conj_physical(out=) has no derivative (PyTorch records a NotImplemented node)",
    "forward": lambda self, x: np.conj(x),
    "backward": _no_conj_physical_derivative,
    "_qualified": True,         # name() is torch::autograd::NotImplemented
})


def _conj_physical_out(name: str, args: tuple, kwargs: dict, out) -> None:
    """out's history after ifft/ihfft(x, out=out) of a real x that requires grad: the r2c's
    FftR2CBackward0 (recorded), then the NotImplemented node of conj_physical_out."""
    from .core import inplace
    bound = dict(zip(("input", "n", "dim", "norm"), args), **kwargs)
    r2c = _r2c(name, bound["input"], _one(bound.get("n")), bound.get("dim", -1),
               bound.get("norm"), False, name == "ihfft", conj=False)
    inplace(out, lambda before: apply(ConjPhysicalOutNode, (r2c,)))
