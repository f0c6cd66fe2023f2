"""torch.nn.functional's fractional max pools (fractional_max_pool2d, fractional_max_pool3d):
the maximum of kernel-sized windows whose starts step pseudo-randomly, one sample in [0, 1)
per (batch, channel, spatial dim) setting the steps.

The window starts are PyTorch's `generate_intervals`, computed in the input's dtype (float32
arithmetic for a float32 input, so the integer starts agree with PyTorch's to the bit). The
samples come from `_random_samples=` or, as in PyTorch's Python wrapper, `torch.rand(N, C,
dims, dtype=input.dtype)` from the shared generator. The gradient is the max pools' one (g
added at each maximum's index; see `nn.MaxPoolNode`).
"""
from __future__ import annotations

import numpy as np

from ..argparser import check_forwarded
from ..errors import (TorchIndexError, TorchNotImplementedError, TorchRuntimeError,
                      TorchTypeError, TorchValueError)
from .core import apply, no_requires_grad, wrap
from .nn import MaxPoolNode, _argmax_last_nan, _double, given_indices
from .registry import category, fixed, register
from .shape import _shape_str
from .unary import check_tensor

category("pooling")


def _intervals(sample: np.ndarray, size: int, out: int, pool: int) -> np.ndarray:
    """Window starts (..., out) for samples (...): int((i + u) a) - int(u a), a = (size -
    pool) / (out - 1), the last window flush with the end (PyTorch's generate_intervals)."""
    dt = sample.dtype.type
    seq = np.empty(sample.shape + (out,), dtype=np.int64)
    if out > 1:
        alpha = dt(size - pool) / dt(out - 1)
        i = np.arange(out - 1).astype(sample.dtype)
        first = (sample * alpha).astype(np.int64)
        seq[..., :-1] = ((i + sample[..., None]) * alpha).astype(np.int64) - first[..., None]
    if out > 0:
        seq[..., -1] = size - pool
    return seq


def _fractional_forward(self, x):
    """The maxima and their flat indices; x is (N, C, *S) or unbatched (C, *S)."""
    nd, kernel, out = self.nd, self.kernel, self.out
    if x.ndim == nd + 1:
        vals = _fractional_forward(self, x[None])
        self._extra = self._extra[0]
        return vals[0]
    n, c, sizes = x.shape[0], x.shape[1], x.shape[2:]
    samples = self.samples[:n]
    strides = np.cumprod((1,) + sizes[::-1])[:-1][::-1]
    flat = np.zeros((n, c) + out + kernel, dtype=np.int64)
    for a, axis in enumerate(self.sample_axes):
        pos = _intervals(samples[..., a], sizes[axis], out[axis], kernel[axis])[..., None] + \
            np.arange(kernel[axis])                                   # (N, C, out, kernel)
        if pos.size and (pos.min() < 0 or pos.max() >= sizes[axis]):
            raise TorchValueError("gradcli: fractional max pool samples outside [0, 1) put a "
                                  "window outside the input (PyTorch reads out of bounds)")
        shape = [n, c] + [1] * (2 * nd)
        shape[2 + axis], shape[2 + nd + axis] = out[axis], kernel[axis]
        flat = flat + pos.reshape(shape) * int(strides[axis])
    windows = flat.reshape((n, c) + out + (int(np.prod(kernel)),))
    if windows.size == 0:                                            # an empty output
        self._extra = np.zeros((n, c) + out, dtype=np.int64)
        return np.zeros((n, c) + out, dtype=x.dtype)
    values = np.take_along_axis(x.reshape(n, c, -1), windows.reshape(n, c, -1), 2)
    values = values.reshape(windows.shape)
    arg = _argmax_last_nan(values)
    self._extra = np.take_along_axis(windows, arg[..., None], -1)[..., 0]
    return np.take_along_axis(values, arg[..., None], -1)[..., 0]


class FractionalMaxPool2DBackward0(MaxPoolNode):
    """d fractional_max_pool2d(x) = g added into zeros at each window's maximum"""

    nd = 2
    sample_axes = (1, 0)                  # PyTorch's sample 0 steps W, sample 1 steps H
    double = _double("FractionalMaxPool2DBackwardBackward0")
    forward = _fractional_forward


class FractionalMaxPool3DBackward0(MaxPoolNode):
    """d fractional_max_pool3d(x) = g added into zeros at each window's maximum"""

    nd = 3
    sample_axes = (0, 1, 2)               # samples 0, 1, 2 step T, H, W
    double = _double("FractionalMaxPool3DBackwardBackward0")
    forward = _fractional_forward


_AXES = {2: "HW", 3: "THW"}
_NAMES = {2: ("height", "width"), 3: ("time", "height", "width")}


def _sizes(name, what, v, nd):
    """kernel_size or output_size as ATen reads it: an int repeated, else exactly nd ints (a
    one-element tuple is refused, not repeated)."""
    v = list(v) if isinstance(v, (list, tuple)) else [v] * nd
    if len(v) != nd:
        raise TorchRuntimeError(f"{name}: {what} must either be a single Int or tuple of "
                                f"{'three ' if nd == 3 else ''}Ints")
    return tuple(int(i) for i in v)


def _output_size(name, x, nd, output_size, output_ratio):
    """PyTorch's Python wrapper: output_size, or int(size * ratio) per spatial dim."""
    check_ratio(name, nd, output_size, output_ratio)
    if output_size is not None:
        return output_size
    ratio = output_ratio if isinstance(output_ratio, (list, tuple)) else (output_ratio,) * nd
    if len(ratio) < nd:                 # _pair/_triple keep a shorter tuple as it is
        raise TorchIndexError("tuple index out of range")
    return [int(x.shape[i - nd] * ratio[i]) for i in range(nd)]


def check_ratio(name, nd, output_size, output_ratio) -> None:
    """PyTorch's Python wrapper's checks of output_size and output_ratio, made before it
    touches its input."""
    if output_size is None and output_ratio is None:
        raise TorchValueError(f"{name} requires specifying either an output_size or an "
                              f"output_ratio")
    if output_size is not None:
        return
    if nd == 2:
        if not hasattr(output_ratio, "__len__"):
            raise TorchTypeError(f"object of type '{type(output_ratio).__name__}' has no len()")
        if len(output_ratio) > 2:
            raise TorchValueError(f"{name} requires output_ratio to either be a single Int or "
                                  f"tuple of Ints.")


def _samples(x, nd, given):
    """_random_samples, checked as PyTorch checks it, or drawn as its Python wrapper does."""
    if given is None:
        from .registry import REGISTRY
        if x.ndim < nd + 1:
            raise TorchIndexError(f"Dimension out of range (expected to be in range of "
                                  f"[-{x.ndim}, {x.ndim - 1}], but got {-nd - 1})")
        n = 1 if x.ndim == nd + 1 else x.shape[0]
        return REGISTRY["rand"].fn(n, x.shape[-nd - 1], nd, dtype=x.dtype)
    return given


def _check(name, x, nd, kernel, out, samples):
    """PyTorch's checks of fractional_max_pool{2,3}d, in its order (its 3-D kernel names
    itself fractional_max_pool3d_out)."""
    shape = list(x._data.shape)
    name = name + "_out" if nd == 3 else name
    if len(shape) not in (nd + 1, nd + 2):
        raise TorchRuntimeError(f"{name}(): Expected {nd + 1}D or {nd + 2}D tensor, but got: "
                                f"{_shape_str(x.shape)}")
    for i in range(1, len(shape)):
        if shape[i] == 0:
            raise TorchRuntimeError(f"{name}(): Expected input to have non-zero size for "
                                    f"non-batch dimensions, but got{_shape_str(x.shape)} with "
                                    f"dimension {i} being empty.")
    for i in (0, 1) if nd == 2 else (0, 2, 1):          # (ATen's 3-D order: time, width, height)
        what = _NAMES[nd][i]
        if out[i] + kernel[i] - 1 > shape[i - nd] - (nd == 3):     # the 3-D check is strict
            raise TorchRuntimeError(f"{name}(): pool {what} {kernel[i]} too large relative to "
                                    f"input {what} {shape[i - nd]}")
    for i in range(nd):
        if out[i] < 0:
            raise TorchRuntimeError(f"Trying to create tensor with negative dimension {out[i]}: "
                                    f"{list(shape[:-nd]) + list(out)}")
    s = samples._data
    checks = ((s.ndim != 3, f"Expect _random_samples to have 3 dimensions, got {s.ndim}"),
              (s.ndim == 3 and s.shape[0] < (shape[0] if len(shape) == nd + 2 else 1),
               "Expect _random_samples.size(0) no less then input batch size."),
              (s.ndim == 3 and s.shape[1] != shape[-nd - 1],
               "Expect _random_samples.size(1) equals to input channel size."),
              (s.ndim == 3 and s.shape[2] != nd,
               f"Expect _random_samples.size(2) equals to {nd}; got {s.shape[-1]}."),
              (s.dtype != x._data.dtype, "Expect _random_samples to have the same dtype as "
                                         "input"))
    for bad, text in checks:
        if bad:
            raise TorchRuntimeError(text)


def _fractional(name, node, nd, input, kernel_size, output_size, output_ratio, return_indices,
                _random_samples):
    x = check_tensor(input, name)
    out = _output_size(name, x, nd, output_size, output_ratio)
    samples = _samples(x, nd, _random_samples)
    # (then PyTorch's torch._C._nn call, whose parser takes the sizes)
    _, kernel, out, samples = check_forwarded("nn." + name, x, kernel_size, out, samples)
    kernel = _sizes(name, "kernel_size", kernel, nd)
    out = _sizes(name, "output_size", out, nd)
    no_requires_grad(samples, "random_samples", name)
    if min(kernel) <= 0:                  # PyTorch reads outside the input then
        raise TorchNotImplementedError(f"gradcli: {name} with a kernel size of {min(kernel)} "
                                       f"is not supported")
    if x._data.dtype not in (np.float32, np.float64):
        raise TorchNotImplementedError(f"gradcli: {name} of a {x.dtype} input is not "
                                       f"supported (float32 and float64 only)")
    _check(name, x, nd, kernel, out, samples)
    y = apply(node, (x,), kernel=kernel, out=out, samples=samples._data)
    if not return_indices:
        return y
    if y.grad_fn is not None:
        return y, given_indices(y, y.grad_fn._extra.copy())
    scratch = node.__new__(node)
    scratch.__dict__.update(kernel=kernel, out=out, samples=samples._data)
    scratch.forward(x._data)
    return y, wrap(scratch._extra)


# the samples are constants (a float array in a sample's arguments would be a gradcheck input)
_SAMPLES2 = np.array([[[0.3, 0.8], [0.6, 0.1]]] * 2)     # the sweep makes them tensors
_SAMPLES3 = np.array([[[0.3, 0.8, 0.5], [0.6, 0.1, 0.9]]] * 2)


@register("fractional_max_pool2d", grad_fn="FractionalMaxPool2DBackward0",
          namespaces=("functional",), sample=fixed(
              (((1, 2, 7, 6), 2), {"output_size": (4, 3), "_random_samples": _SAMPLES2}),
              (((2, 5, 5), [2, 3]), {"output_size": 2, "_random_samples": _SAMPLES2})))
def fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None,
                          return_indices=False, _random_samples=None):
    """the maximum of kernel-sized windows starting at pseudo-random steps: d/dx = g added at
    each maximum's position"""
    return _fractional("fractional_max_pool2d", FractionalMaxPool2DBackward0, 2, input,
                       kernel_size, output_size, output_ratio, return_indices, _random_samples)


@register("fractional_max_pool3d", grad_fn="FractionalMaxPool3DBackward0",
          namespaces=("functional",), sample=fixed(
              (((1, 2, 5, 4, 6), 2), {"output_size": (3, 2, 4), "_random_samples": _SAMPLES3}),
              (((2, 4, 3, 5), [2, 1, 2]), {"output_size": 2, "_random_samples": _SAMPLES3})))
def fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None,
                          return_indices=False, _random_samples=None):
    """the maximum of kernel-sized 3-D windows starting at pseudo-random steps: d/dx = g added
    at each maximum's position"""
    return _fractional("fractional_max_pool3d", FractionalMaxPool3DBackward0, 3, input,
                       kernel_size, output_size, output_ratio, return_indices, _random_samples)
