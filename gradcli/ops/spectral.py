"""Window functions and short-time Fourier transforms: torch.hann_window, hamming_window,
blackman_window, bartlett_window, kaiser_window, torch.stft / torch.istft (and Tensor's), and
torch.signal.windows.

The windows are built as ATen's TensorFactories.cpp builds them, in the requested dtype:
`arange`, then in-place `mul_`, `cos_`, `add_` by scalars that C++ hands over as 0-dim
tensors of that dtype (so float16 rounds each step to float16, as PyTorch does); kaiser's
kernel computes in float32 for float32 and float16 (ATen's calc_i0). Their values are
therefore those of gradcli's own elementwise ops on the same steps (float32 `cos` may differ
from PyTorch's SLEEF kernel in the last bit of a few entries).

stft and istft follow SpectralOps.cpp step by step with gradcli's differentiable ops (reflect
padding, as_strided framing, the window product, _fft_r2c / _fft_c2c / _fft_c2r of
ops/fft.py, unfold_backward's overlap-add, the window envelope's division), so their results
carry PyTorch's grad_fn chains and are differentiable (twice) through the input and the
window. torch.signal.windows are PyTorch's Python functions (torch/signal/windows), composed
the same way.
"""
from __future__ import annotations

import math

import numpy as np

from .. import amp as _amp, devices, dtypes
from ..argparser import parsed_by
from ..errors import COMPLEX_HALF, TorchRuntimeError, warn_once
from .._tensor import STRIDED, Tensor
from .core import apply, wrap
from .fft import FftC2CBackward0, FftC2RBackward0, FftR2CBackward0, _parsed
from .registry import category, register

category("spectral")

# -- window functions (aten/src/ATen/native/TensorFactories.cpp) ------------------------------

_CPP_TYPES = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
              "uint8": "unsigned char", "bool": "bool", "uint16": "unsigned short",
              "uint32": "unsigned int", "uint64": "unsigned long"}


def _options(dt, layout, pin_memory=False) -> str:
    """TensorOptions' printed form, as window_function_checks shows it."""
    name = _CPP_TYPES.get(dt.name, dt.name)
    lay = "Strided (default)" if layout is None else "Strided"
    pinned = "true" if pin_memory else "false"
    return (f"TensorOptions(dtype={name}, device=cpu, layout={lay}, requires_grad=false "
            f"(default), pinned_memory={pinned}, memory_format=(nullopt))")


def _window_dtype(name, window_length, dtype, layout, device, pin_memory=False):
    """window_function_checks: the dtype (floating or complex) and a non-negative length."""
    devices.check(device)
    dt = dtypes.get_default_dtype() if dtype is None else dtypes.to_dtype(dtype)
    if dt.category < 2:
        raise TorchRuntimeError(f"{name} expects floating point dtypes, got: "
                                f"{_options(dt, layout, pin_memory)}")
    if window_length < 0:
        raise TorchRuntimeError(f"{name} requires non-negative window_length, got "
                                f"window_length={window_length}")
    return dt


def _scalar(value, dt) -> Tensor:
    """A C++ Scalar argument as ATen hands it to the op: a 0-dim tensor of the window's dtype."""
    from .creation import tensor
    return tensor(value, dtype=dt)


def _window(name, window_length, periodic, dtype, layout, device, requires_grad, body,
            pin_memory=False):
    """The shared frame of ATen's windows: checks, the 0- and 1-long windows, the periodic
    window as the first n of the symmetric one of n + 1; `body(n, dt)` computes that one
    (pin_memory=True: refused by the first tensor made, after the checks)."""
    from ..autograd import no_grad
    from ..errors import TorchNotImplementedError
    from .creation import _options as _factory_options, ones
    dt = _window_dtype(name, window_length, dtype, layout, device, pin_memory)
    if pin_memory:
        _factory_options(layout, pin_memory)
    with no_grad():
        if window_length <= 1:
            out = ones(window_length, dtype=dt)
        elif dt.category == 3:
            raise TorchNotImplementedError(f"\"arange_cpu\" not implemented for '{dt.legacy}'")
        else:
            n = window_length + 1 if periodic else window_length
            out = body(n, dt)[:window_length].clone()
    return out.requires_grad_(True) if requires_grad else out


def _hamming_body(alpha, beta):
    def body(n, dt):
        from .creation import arange
        w = arange(n, dtype=dt)
        w.mul_(_scalar(math.pi * 2.0 / (n - 1), dt)).cos_()
        return w.mul_(_scalar(-beta, dt)).add_(_scalar(alpha, dt))
    return body


def _blackman_body(n, dt):
    from .creation import arange
    w = arange(n, dtype=dt).mul_(_scalar(math.pi / (n - 1), dt))
    return w.mul(_scalar(4, dt)).cos_().mul_(_scalar(0.08, dt)) - \
        w.mul(_scalar(2, dt)).cos_().mul_(_scalar(0.5, dt)) + 0.42


def _bartlett_body(n, dt):
    from .creation import arange
    w = arange(n, dtype=dt).mul_(_scalar(2.0 / (n - 1), dt))
    half = ((n - 1) >> 1) + 1
    w.narrow(0, half, n - half).mul_(_scalar(-1, dt)).add_(_scalar(2, dt))
    return w


def _kaiser_body(beta):
    def body(n, dt):
        """kaiser_window_kernel: i0(beta sqrt|1 - ((k - a) / a)^2|) / i0(beta), a = (n-1)/2,
        in the dtype's opmath type (float32 for float16)"""
        from ..fpmath import fma
        from .mathmisc import bessel_f32
        work = np.float64 if dt.np == np.float64 else np.float32
        alpha, b = work((n - 1) / 2.0), work(beta)
        k = np.arange(n, dtype=work)
        with np.errstate(all="ignore"):
            x = (k - alpha) / alpha
            # GCC makes pow(x, 2) x * x and fuses 1 - x * x into one fma
            arg = b * np.sqrt(np.abs(fma(-x, x, np.full_like(x, 1))))
            i0 = (lambda v: bessel_f32("i0", np.asarray(v, work))) if work == np.float32 \
                else _calc_i0
            out = (i0(arg) / i0(np.asarray([b], work))).astype(work)
        return wrap(out).to(dt)
    return body


def _calc_i0(x):
    """ATen's calc_i0 for double: cephes' Chebyshev fits, the Clenshaw steps fused as GCC
    compiles them, glibc's exp (NumPy's i0 rounds differently in the last bits)."""
    from ..vecmath import libm64
    from .special_extra import _I0_A, _I0_B, chebyshev_i
    ax = np.abs(np.asarray(x, np.float64))
    lo, hi = chebyshev_i(ax, _I0_A, _I0_B, ax.dtype)
    e = libm64("exp", ax, np.exp)
    return np.where(ax <= 8, e * lo, e * hi / np.sqrt(ax))


_FACTORY = ("*, ScalarType? dtype=None, Layout? layout=None, Device? device=None, "
            "bool? pin_memory=False, bool? requires_grad=False")


def _signatures(name, *middles):
    return [f"{name}(int64_t window_length{m}, {_FACTORY})" for m in middles]


def _window_op(name, middles):
    def deco(fn):
        fn.__name__ = fn.__qualname__ = name
        parsed = parsed_by(_signatures(name, *middles), name)(fn)
        return register(name, differentiable=False)(parsed)
    return deco


_PERIODIC = (", bool periodic",)


@_window_op("hann_window", ("",) + _PERIODIC)
def hann_window(window_length, periodic=True, *, dtype=None, layout=None, device=None,
                pin_memory=False, requires_grad=False):
    """the Hann window 0.5 - 0.5 cos(2 pi k / (N - 1)) (periodic: N = length + 1)"""
    return _window("hann_window", window_length, periodic, dtype, layout, device,
                   requires_grad, _hamming_body(0.5, 0.5), pin_memory)


@_window_op("hamming_window", ("",) + _PERIODIC + (", bool periodic, double alpha",
                                                  ", bool periodic, double alpha, double beta"))
def hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, *, dtype=None,
                   layout=None, device=None, pin_memory=False, requires_grad=False):
    """the Hamming window alpha - beta cos(2 pi k / (N - 1)) (periodic: N = length + 1)"""
    return _window("hamming_window", window_length, periodic, dtype, layout, device,
                   requires_grad, _hamming_body(alpha, beta), pin_memory)


@_window_op("blackman_window", ("",) + _PERIODIC)
def blackman_window(window_length, periodic=True, *, dtype=None, layout=None, device=None,
                    pin_memory=False, requires_grad=False):
    """the Blackman window 0.42 - 0.5 cos(2 pi k / (N - 1)) + 0.08 cos(4 pi k / (N - 1))"""
    return _window("blackman_window", window_length, periodic, dtype, layout, device,
                   requires_grad, _blackman_body, pin_memory)


@_window_op("bartlett_window", ("",) + _PERIODIC)
def bartlett_window(window_length, periodic=True, *, dtype=None, layout=None, device=None,
                    pin_memory=False, requires_grad=False):
    """the triangular window 1 - |2k / (N - 1) - 1| (periodic: N = length + 1)"""
    return _window("bartlett_window", window_length, periodic, dtype, layout, device,
                   requires_grad, _bartlett_body, pin_memory)


@_window_op("kaiser_window", ("",) + _PERIODIC + (", bool periodic, double beta",))
def kaiser_window(window_length, periodic=True, beta=12.0, *, dtype=None, layout=None,
                  device=None, pin_memory=False, requires_grad=False):
    """the Kaiser window i0(beta sqrt(1 - (2k / (N - 1) - 1)^2)) / i0(beta)"""
    return _window("kaiser_window", window_length, periodic, dtype, layout, device,
                   requires_grad, _kaiser_body(beta), pin_memory)


# -- stft / istft (torch/functional.py, aten/src/ATen/native/SpectralOps.cpp) -----------------

_NORM_NONE, _NORM_ROOT, _NORM_N = 0, 1, 2
_SPECTRAL = "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/SpectralOps.cpp"


def _opt(v) -> str:
    return "None" if v is None else str(int(v)) if isinstance(v, bool) else str(v)


def _sizes(t: Tensor) -> str:
    return "[" + ", ".join(str(n) for n in t._data.shape) + "]"


def _type_string(t: Tensor) -> str:
    """Tensor::toString(): the legacy name of a classic type (torch.FloatTensor), else the
    dispatch key's (CPUBFloat16Type, CPUComplexFloatType, CPUBoolType, CPUUInt16Type)."""
    return t.type() if t.dtype.legacy in _CLASSIC else _cpu_type(t)


_CLASSIC = frozenset(("Byte", "Char", "Short", "Int", "Long", "Half", "Float", "Double"))


def _stft_repr(x, n_fft, hop, win, window, normalized, onesided, return_complex, align):
    w = "None" if window is None else f"{_type_string(window)}{{{_sizes(window)}}}"
    return (f"stft({_type_string(x)}{_sizes(x)}, n_fft={n_fft}, hop_length={hop}, "
            f"win_length={win}, "
            f"window={w}, normalized={int(normalized)}, onesided={_opt(onesided)}, "
            f"return_complex={_opt(return_complex)}, align_to_window={_opt(align)}) ")


@register("stft", method=True, differentiable=False)     # (composed: test_spectral.py checks)
def stft(input, n_fft, hop_length=None, win_length=None, window=None, center=True,
         pad_mode="reflect", normalized=False, onesided=None, return_complex=None,
         align_to_window=None):
    """the short-time Fourier transform: the windowed frames' FFTs, (n_freq, n_frames)"""
    from .more import pad
    if center and align_to_window is not None:
        raise TorchRuntimeError("stft align_to_window should only be set when center = false")
    if center:
        dim = input.dim()
        half = int(n_fft // 2)
        extended = input.view([1] * (3 - dim) + list(input.shape))
        if not isinstance(pad_mode, str):          # (F.pad's argument parser)
            from ..argparser import tp_name
            from ..errors import TorchTypeError
            raise TorchTypeError(f"pad(): argument 'mode' (position 3) must be str, not "
                                 f"{tp_name(pad_mode)}")
        input = pad(extended, [half, half], pad_mode)
        input = input.view(input.shape[-dim:])
    _vf_stft_parser().check((input, n_fft, hop_length, win_length, window, normalized,
                             onesided, return_complex, align_to_window), {})
    return _stft(input, n_fft, hop_length, win_length, window, normalized, onesided,
                 return_complex, align_to_window)


_VF_STFT = []


def _vf_stft_parser():
    """The argument parser of _VF.stft, which torch.stft (Python) calls with nine positional
    arguments after its centring pad: a value of the wrong type (return_complex=1, a float
    n_fft or hop_length, a list window) is its "invalid combination of arguments"."""
    if not _VF_STFT:
        from ..argparser import Parser
        common = ("Tensor input, int64_t n_fft, int64_t? hop_length=None, "
                  "int64_t? win_length=None, Tensor? window=None, ")
        tail = ("bool normalized=False, bool? onesided=None, bool? return_complex=None, "
                "bool? align_to_window=None)")
        _VF_STFT.append(Parser([
            "stft(" + common + 'bool center=True, c10::string_view pad_mode="reflect", ' + tail,
            "stft(" + common + tail]))
    return _VF_STFT[0]


def _stft(x, n_fft, hop_opt, win_opt, window, normalized, onesided_opt, complex_opt, align):
    """ATen's stft: checks, the window centred in n_fft, the frames (a strided view), their
    product with the window, one transform along the frames, transposed to (freq, frame)."""
    from .shape import as_strided, view_as_real
    if _amp.CPU_ON[0]:                   # on CPU autocast's float32 list (input and window)
        x, window = _amp.cast_inputs(_amp.FP32, (x, window))
    hop = (n_fft >> 2) if hop_opt is None else hop_opt
    win = n_fft if win_opt is None else win_opt
    return_complex = _stft_return_complex(x, window, complex_opt)
    data = _stft_checked(x, n_fft, hop, win, window, lambda text: TorchRuntimeError(
        _stft_repr(x, n_fft, hop, win, window, normalized, onesided_opt, complex_opt, align)
        + ": " + text))
    full = _centred_window(x, window, n_fft, win)
    if align and win < n_fft:               # each window (not frame) starts hop apart
        from .more import pad
        left = (n_fft - win) // 2
        data = pad(data, [left, n_fft - win - left])
    batch, length = data.shape
    s0, s1 = data.stride()
    frames = as_strided(data, (batch, 1 + (length - n_fft) // hop, n_fft), (s0, hop * s1, s1),
                        data.storage_offset())
    if full is not None:
        frames = frames.mul(full)
    complex_fft = frames.dtype.is_complex
    onesided = onesided_opt if onesided_opt is not None else not complex_fft
    norm = _NORM_ROOT if normalized else _NORM_NONE
    if complex_fft:
        if onesided:
            raise TorchRuntimeError("Cannot have onesided output if window or input is complex")
        out = apply(FftC2CBackward0, (frames,), dim=(2,), normalization=norm, is_forward=True)
    else:
        _mkl_refuse(frames)
        out = apply(FftR2CBackward0, (frames,), dim=(2,), normalization=norm,
                    onesided=onesided)
    out.transpose_(1, 2)
    if x.dim() == 1:
        out.squeeze_(0)
    return out if return_complex else view_as_real(out)


def _mkl_refuse(frames: Tensor) -> None:
    """_fft_r2c_mkl's refusal of float16 and bfloat16 frames (not fft.rfft's "Unsupported
    dtype": stft calls the kernel itself); float16's complex output is allocated first,
    with PyTorch's once-per-process ComplexHalf warning."""
    d = frames.dtype
    if d is dtypes.float16:
        warn_once(COMPLEX_HALF)
    if d is dtypes.float16 or d is dtypes.bfloat16:
        raise TorchRuntimeError(f"MKL FFT doesn't support tensors of type: {d.legacy}")


def _stft_return_complex(x, window, complex_opt) -> bool:
    """Whether stft returns a complex tensor, with PyTorch's warnings and refusal."""
    if window is None:
        warn_once("A window was not provided. A rectangular window will be applied,which is "
                  "known to cause spectral leakage. Other windows such as torch.hann_window "
                  "or torch.hamming_window are recommended to reduce spectral leakage.To "
                  "suppress this warning and use a rectangular window, explicitly set "
                  f"`window=torch.ones(n_fft, device=<device>)`. {_SPECTRAL}:835.)")
    if complex_opt is not None:
        return_complex = complex_opt
    else:
        return_complex = x.dtype.is_complex or (window is not None and window.dtype.is_complex)
    if not return_complex:
        if complex_opt is None:
            raise TorchRuntimeError("stft requires the return_complex parameter be given for "
                                    "real inputs, and will further require that "
                                    "return_complex=True in a future PyTorch release.")
        warn_once("stft with return_complex=False is deprecated. In a future pytorch release, "
                  "stft will return complex tensors for all inputs, and return_complex=False "
                  "will raise an error.\nNote: you can still call torch.view_as_real on the "
                  "complex output to recover the old return format. "
                  f"{_SPECTRAL}:874.)")
    return return_complex


def _stft_checked(x, n_fft, hop, win, window, error):
    """stft's argument checks (`error(text)`: PyTorch's exception); the input as (batch, len)."""
    if x.dtype.category < 2:
        raise error("expected a tensor of floating point or complex values")
    if x.dim() not in (1, 2):
        raise error("expected a 1D or 2D tensor")
    data = x.unsqueeze(0) if x.dim() == 1 else x
    length = data.shape[1]
    if n_fft <= 0 or n_fft > length:                  # (PyTorch prints win_length there)
        raise error(f"expected 0 < n_fft < {length}, but got n_fft={win}")
    if hop <= 0:
        raise error(f"expected hop_length > 0, but got hop_length={hop}")
    if win <= 0 or win > n_fft:
        raise error(f"expected 0 < win_length <= n_fft, but got win_length={win}")
    if window is not None and (window.dim() != 1 or window.shape[0] != win):
        raise error(f"expected a 1D window tensor of size equal to win_length={win}, but got "
                    f"window with size {_sizes(window)}")
    return data


def _centred_window(x, window, n_fft: int, win: int):
    """The window (ones when None) zero-padded to n_fft in the middle, as stft copies it into
    zeros (CopySlices); the window itself (or None) when it is n_fft long."""
    from .creation import zeros
    if win >= n_fft:
        return window
    left = (n_fft - win) // 2
    full = zeros(n_fft, dtype=(x if window is None else window).dtype)
    if window is None:
        full.narrow(0, left, win).fill_(1)
    else:
        full.narrow(0, left, win).copy_(window)
    return full


_ISTFT = ("istft(Tensor input, int64_t n_fft, int64_t? hop_length=None, "
          "int64_t? win_length=None, Tensor? window=None, bool center=True, "
          "bool normalized=False, bool? onesided=None, int64_t? length=None, "
          "bool return_complex=False)")


@register("istft", method=True, differentiable=False)    # (composed: test_spectral.py checks)
@_parsed(_ISTFT)
def istft(input, n_fft, hop_length=None, win_length=None, window=None, center=True,
          normalized=False, onesided=None, length=None, return_complex=False):
    """the inverse short-time Fourier transform: the frames' inverse FFTs overlap-added and
    divided by the squared window's envelope"""
    from .creation import ones
    from .more import pad
    from .shape import UnfoldBackwardBackward0, view_as_real
    hop = (n_fft >> 2) if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length

    def error(text):
        w = "None" if window is None else f"{_type_string(window)}{{{_sizes(window)}}}"
        return TorchRuntimeError(
            f"istft({_cpu_type(input)}{_sizes(input)}, n_fft={n_fft}, hop_length={hop}, "
            f"win_length={win}, window={w}, center={int(center)}, normalized="
            f"{int(normalized)}, onesided={_opt(onesided)}, length={_opt(length)}, "
            f"return_complex={int(return_complex)}) " + text)
    if window is None:
        warn_once("A window was not provided. A rectangular window will be applied.Please "
                  "provide the same window used by stft to make the inversion lossless.To "
                  "suppress this warning and use a rectangular window, explicitly set "
                  f"`window=torch.ones(n_fft, device=<device>)`. {_SPECTRAL}:1035.)")
    if not input.dtype.is_complex:
        raise TorchRuntimeError("istft requires a complex-valued input tensor matching the "
                                "output from stft with return_complex=True.")
    x = view_as_real(input.resolve_conj())
    one = _istft_checked(x, n_fft, hop, win, window, onesided, error)
    w = window if window is not None else ones(win, dtype=x.dtype)
    if win != n_fft:
        left = (n_fft - win) // 2
        w = pad(w, [left, n_fft - win - left])
    frames = _inverse_frames(x, n_fft, normalized, one, return_complex, window)
    n_frames = x.shape[-2]
    expected = n_fft + hop * (n_frames - 1)
    y = frames * w.view(1, 1, n_fft)
    y = apply(UnfoldBackwardBackward0, (y,), **_overlap(y.shape[0], expected, n_fft, hop))
    env = w.pow(2).expand(1, n_frames, n_fft)
    env = apply(UnfoldBackwardBackward0, (env,), **_overlap(1, expected, n_fft, hop))
    start = n_fft // 2 if center else 0
    end = start + length if length is not None else -(n_fft // 2) if center else expected
    y, env = _slice(y, start, end), _slice(env, start, end)
    if bool(env.abs().min().lt(1e-11)._data):
        raise error("window overlap add min: 1\n[ CPUBoolType{} ]")
    y = y / env
    if x.dim() == 3:
        y = y.squeeze(0)
    if end > expected:
        warn_once("The length of signal is shorter than the length parameter. Result is being "
                  "padded with zeros in the tail. Please check your center and hop_length "
                  f"settings. {_SPECTRAL}:1199.)")
        y = pad(y, [0, end - expected])
    return y


def _istft_checked(x, n_fft, hop, win, window, onesided, error) -> bool:
    """istft's checks of its input (as real pairs: `x`) and arguments, in PyTorch's order
    (`error(text)`: its exception); whether the input is one-sided."""
    ndim = x.dim()
    x.size(-2)                  # PyTorch reads n_frames, then fft_size: its IndexErrors
    fft_size = x.size(-3)
    if x.numel() == 0:
        raise error(": input tensor cannot be empty.")
    if ndim not in (3, 4):
        raise error(f": expected a tensor with 3 or 4 dimensions, but got {ndim}")
    one = onesided if onesided is not None else fft_size != n_fft
    if one and n_fft // 2 + 1 != fft_size:
        raise error(": expected the frequency dimension (3rd to the last) of the input tensor "
                    f"to match n_fft / 2 + 1 when onesided=True, but got {fft_size}")
    if not one and n_fft != fft_size:
        raise error(": expected the frequency dimension (3rd to the last) of the input tensor "
                    f"to match n_fft when onesided=False, but got {fft_size}")
    if not 0 < hop <= win:
        raise error(": expected 0 < hop_length <= win_length")
    if not 0 < win <= n_fft:
        raise error(": expected 0 < win_length <= n_fft")
    if window is not None and (window.dim() != 1 or window.shape[0] != win):
        raise error(": Invalid window shape. window has to be 1D and length of `win_length`")
    return one


def _inverse_frames(x, n_fft, normalized, onesided, return_complex, window):
    """Each frame's inverse transform, (batch, frame, n_fft): c2c for a complex result, else
    c2r of the one-sided half."""
    from .shape import view_as_complex
    if x.dim() == 3:
        x = x.unsqueeze(0)
    x = view_as_complex(x.transpose(1, 2))
    norm = _NORM_ROOT if normalized else _NORM_N
    if return_complex:
        if onesided:
            raise TorchRuntimeError("Cannot have onesided output if window or input is complex")
        return apply(FftC2CBackward0, (x,), dim=(2,), normalization=norm, is_forward=False)
    if window is not None and window.dtype.is_complex:
        raise TorchRuntimeError("Complex windows are incompatible with return_complex=False")
    if not onesided:
        x = x.narrow(-1, 0, n_fft // 2 + 1)
    return apply(FftC2RBackward0, (x,), dim=(2,), normalization=norm, last_dim_size=n_fft)


def _cpu_type(t: Tensor) -> str:
    """Tensor::toString(): CPUFloatType, CPUComplexFloatType ..."""
    return f"CPU{t.dtype.legacy}Type"


def _overlap(batch: int, length: int, n_fft: int, hop: int) -> dict:
    """unfold_backward's arguments: frames of n_fft, hop apart, summed into (batch, length)"""
    return {"d": 1, "size": n_fft, "step": hop, "shape": (batch, length)}


def _slice(t: Tensor, start: int, end: int) -> Tensor:
    """t.slice(1, start, end): a SliceBackward0 view"""
    return t[:, start:end]


# -- torch.signal.windows (torch/signal/windows/windows.py) -----------------------------------

def _signal_checks(name: str, M: int, dtype, layout):
    """_window_function_checks: the window's dtype (float32 or float64)."""
    from ..errors import TorchValueError
    dt = dtypes.get_default_dtype() if dtype is None else dtypes.to_dtype(dtype)
    if M < 0:
        raise TorchValueError(f"{name} requires non-negative window length, got M={M}")
    if layout is not STRIDED:
        raise TorchValueError(f"{name} is implemented for strided tensors only, got: {layout}")
    if dt.np not in (np.float32, np.float64):
        raise TorchValueError(f"{name} expects float32 or float64 dtypes, got: {dt}")
    return dt


def _signal_op(name: str):
    def deco(fn):
        fn.__name__ = fn.__qualname__ = name
        out = register("signal_windows_" + name, namespaces=(f"signal.windows:{name}",),
                       differentiable=False)(fn)
        out.__name__ = out.__qualname__ = name        # Python's own messages name it so
        return out
    return deco


def _short(M, dt, device, requires_grad):
    """The windows of length 0 (empty) and 1 (ones), or None."""
    from .creation import empty, ones
    if M == 0:
        return empty((0,), dtype=dt, device=device, requires_grad=requires_grad)
    if M == 1:
        return ones((1,), dtype=dt, device=device, requires_grad=requires_grad)
    return None


def _linspace(start, end, M, dt, device, requires_grad):
    """torch.linspace(start=, end=, steps=M, ...) as torch.signal.windows calls it: a window
    length that is not an int (a float, a bool) is linspace's refusal there."""
    from .creation import linspace
    if type(M) is not int:
        from .. import argsigs
        from ..argparser import Parser
        Parser(argsigs.FUNCTIONS["linspace"]).check((), dict(
            start=start, end=end, steps=M, dtype=dt, layout=STRIDED, device=device,
            requires_grad=requires_grad))
    return linspace(start, end, M, dtype=dt, device=device, requires_grad=requires_grad)


@_signal_op("exponential")
def signal_exponential(M, *, center=None, tau=1.0, sym=True, dtype=None, layout=STRIDED,
                       device=None, requires_grad=False):
    """exp(-|k - center| / tau)"""
    from ..errors import TorchValueError
    from .creation import empty
    from .unary import exp
    dt = _signal_checks("exponential", M, dtype, layout)
    if tau <= 0:
        raise TorchValueError(f"Tau must be positive, got: {tau} instead.")
    if sym and center is not None:
        raise TorchValueError("Center must be None for symmetric windows")
    if M == 0:
        return empty((0,), dtype=dt, device=device, requires_grad=requires_grad)
    if center is None:
        center = (M if not sym and M > 1 else M - 1) / 2.0
    constant = 1 / tau
    k = _linspace(-center * constant, (-center + (M - 1)) * constant, M, dt, device,
                  requires_grad)
    return exp(-k.abs())


@_signal_op("cosine")
def signal_cosine(M, *, sym=True, dtype=None, layout=STRIDED, device=None, requires_grad=False):
    """sin(pi (k + 1/2) / M)"""
    from .creation import empty
    from .unary import sin
    dt = _signal_checks("cosine", M, dtype, layout)
    if M == 0:
        return empty((0,), dtype=dt, device=device, requires_grad=requires_grad)
    constant = math.pi / (M + 1 if not sym and M > 1 else M)
    k = _linspace(0.5 * constant, (0.5 + (M - 1)) * constant, M, dt, device, requires_grad)
    return sin(k)


@_signal_op("gaussian")
def signal_gaussian(M, *, std=1.0, sym=True, dtype=None, layout=STRIDED, device=None,
                    requires_grad=False):
    """exp(-(k - (M - 1) / 2)^2 / (2 std^2))"""
    from ..errors import TorchValueError
    from .creation import empty
    from .unary import exp
    dt = _signal_checks("gaussian", M, dtype, layout)
    if std <= 0:
        raise TorchValueError(f"Standard deviation must be positive, got: {std} instead.")
    if M == 0:
        return empty((0,), dtype=dt, device=device, requires_grad=requires_grad)
    start = -(M if not sym and M > 1 else M - 1) / 2.0
    constant = 1 / (std * math.sqrt(2))
    k = _linspace(start * constant, (start + (M - 1)) * constant, M, dt, device, requires_grad)
    return exp(-k ** 2)


@_signal_op("kaiser")
def signal_kaiser(M, *, beta=12.0, sym=True, dtype=None, layout=STRIDED, device=None,
                  requires_grad=False):
    """i0(sqrt(beta^2 - k^2)) / i0(beta), k from -beta to beta"""
    from ..errors import TorchValueError
    from .activation import minimum
    from .creation import tensor
    from .mathmisc import i0
    from .unary import sqrt
    dt = _signal_checks("kaiser", M, dtype, layout)
    if beta < 0:
        raise TorchValueError(f"beta must be non-negative, got: {beta} instead.")
    short = _short(M, dt, device, requires_grad)
    if short is not None:
        return short
    beta = tensor(beta, dtype=dt, device=device)
    start = -beta
    constant = 2.0 * beta / (M if not sym else M - 1)
    end = minimum(beta, start + (M - 1) * constant)
    k = _linspace(start, end, M, dt, device, requires_grad)
    return i0(sqrt(beta * beta - k.pow(2))) / i0(beta)


@_signal_op("hamming")
def signal_hamming(M, *, sym=True, dtype=None, layout=STRIDED, device=None,
                   requires_grad=False):
    """general_hamming with alpha = 0.54"""
    return signal_general_hamming(M, sym=sym, dtype=dtype, layout=layout, device=device,
                                  requires_grad=requires_grad)


@_signal_op("hann")
def signal_hann(M, *, sym=True, dtype=None, layout=STRIDED, device=None, requires_grad=False):
    """general_hamming with alpha = 0.5"""
    return signal_general_hamming(M, alpha=0.5, sym=sym, dtype=dtype, layout=layout,
                                  device=device, requires_grad=requires_grad)


@_signal_op("blackman")
def signal_blackman(M, *, sym=True, dtype=None, layout=STRIDED, device=None,
                    requires_grad=False):
    """general_cosine with a = [0.42, 0.5, 0.08]"""
    dt = _signal_checks("blackman", M, dtype, layout)
    return signal_general_cosine(M, a=[0.42, 0.5, 0.08], sym=sym, dtype=dt, layout=layout,
                                 device=device, requires_grad=requires_grad)


@_signal_op("bartlett")
def signal_bartlett(M, *, sym=True, dtype=None, layout=STRIDED, device=None,
                    requires_grad=False):
    """1 - |k|, k from -1 to 1"""
    dt = _signal_checks("bartlett", M, dtype, layout)
    short = _short(M, dt, device, requires_grad)
    if short is not None:
        return short
    constant = 2 / (M if not sym else M - 1)
    k = _linspace(-1, -1 + (M - 1) * constant, M, dt, device, requires_grad)
    return 1 - k.abs()


@_signal_op("general_cosine")
def signal_general_cosine(M, *, a, sym=True, dtype=None, layout=STRIDED, device=None,
                          requires_grad=False):
    """sum_i (-1)^i a_i cos(2 pi i k / (M - 1))"""
    from ..errors import TorchTypeError, TorchValueError
    from .creation import arange, tensor
    from .unary import cos
    dt = _signal_checks("general_cosine", M, dtype, layout)
    short = _short(M, dt, device, requires_grad)
    if short is not None:
        return short
    from collections.abc import Iterable
    if not isinstance(a, Iterable):
        raise TorchTypeError("Coefficients must be a list/tuple")
    if not a:                           # (truth of a tensor: its own refusal, as there)
        raise TorchValueError("Coefficients cannot be empty")
    constant = 2 * math.pi / (M if not sym else M - 1)
    k = _linspace(0, (M - 1) * constant, M, dt, device, requires_grad)
    a_i = tensor([(-1) ** i * w for i, w in enumerate(a)], device=device, dtype=dt,
                 requires_grad=requires_grad)
    i = arange(a_i.shape[0], dtype=a_i.dtype, device=device, requires_grad=a_i.requires_grad)
    return (a_i.unsqueeze(-1) * cos(i.unsqueeze(-1) * k)).sum(0)


@_signal_op("general_hamming")
def signal_general_hamming(M, *, alpha=0.54, sym=True, dtype=None, layout=STRIDED,
                           device=None, requires_grad=False):
    """general_cosine with a = [alpha, 1 - alpha]"""
    return signal_general_cosine(M, a=[alpha, 1.0 - alpha], sym=sym, dtype=dtype,
                                 layout=layout, device=device, requires_grad=requires_grad)


@_signal_op("nuttall")
def signal_nuttall(M, *, sym=True, dtype=None, layout=STRIDED, device=None,
                   requires_grad=False):
    """general_cosine with Nuttall's four coefficients"""
    return signal_general_cosine(M, a=[0.3635819, 0.4891775, 0.1365995, 0.0106411], sym=sym,
                                 dtype=dtype, layout=layout, device=device,
                                 requires_grad=requires_grad)
