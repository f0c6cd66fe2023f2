"""torch.nn.functional.interpolate: nearest, (bi/tri)linear and bicubic resampling of 3-D,
4-D and 5-D inputs.

Each spatial axis is resampled on its own, so a node keeps, per axis, the source indices and
weights PyTorch's CPU kernels compute, in the precision they compute them (float32 scales for
float32 inputs, as PyTorch's opmath type; nearest always float32). The forward gathers with
the forward kernel's indices; the backward adds the gradient back with a constant (out, in)
matrix per axis built from the backward kernel's indices. PyTorch's two kernels differ for
nearest: the backward (and the 2-D forward) copy an axis whose size is unchanged and halve
indices when it doubles, where the 1-D and 3-D forwards apply their scale even then. Both are
kept as PyTorch has them. The backward is matrix products with constants, so it has gradients
of every order.

Difference: bicubic weights (Keys' cubic, A = -0.75, four taps clamped to the edge) are
PyTorch's formulas, but PyTorch's compiled kernel rounds them differently in the last bit
(float32 results may differ by about 1e-7).
"""
from __future__ import annotations

import math

import numpy as np

from ..autograd.graph import Node
from ..errors import (TorchNotImplementedError, TorchRuntimeError, TorchTypeError,
                      TorchValueError)
from .core import _const, apply
from .linalg import matmul
from .registry import category, fixed, register
from .unary import check_tensor

category("pooling")

_AXES = ("D", "H", "W")


def _scale(inp: int, out: int, scale, align_corners: bool, dt):
    """PyTorch's area_pixel_compute_scale in opmath type `dt`."""
    if align_corners:
        return dt((inp - 1) / (out - 1)) if out > 1 else dt(0)
    if scale is not None and scale > 0:
        return dt(1.0 / scale)
    return dt(inp) / dt(out)


def nearest_forward_index(inp: int, out: int, scale, copy_same: bool) -> np.ndarray:
    """Source index of each output position: floor(i * scale) in float32, at most inp - 1.
    `copy_same`: an unchanged size copies and a doubled one halves (PyTorch's nearest_idx)."""
    if copy_same and out == inp:
        return np.arange(out)
    if copy_same and out == 2 * inp:
        return np.arange(out) >> 1
    s = _scale(inp, out, scale, False, np.float32)
    src = np.floor(np.arange(out).astype(np.float32) * s).astype(np.int64)
    return np.minimum(src, inp - 1)


def linear_weights(inp: int, out: int, scale, align_corners: bool, dt):
    """(i0, i1, l0, l1): each output is l0 * x[i0] + l1 * x[i1], as PyTorch's
    compute_indices_weights_linear; an unchanged size is copied."""
    if out == inp:
        i = np.arange(out)
        return i, i, np.ones(out, dt), np.zeros(out, dt)
    s = _scale(inp, out, scale, align_corners, dt)
    i = np.arange(out).astype(dt)
    src = s * i if align_corners else np.maximum(s * (i + dt(0.5)) - dt(0.5), dt(0))
    i0 = src.astype(np.int64)
    i1 = i0 + (i0 < inp - 1)
    l1 = np.minimum(np.maximum(src - i0.astype(dt), dt(0)), dt(1))
    return i0, i1, dt(1) - l1, l1


def cubic_weights(inp: int, out: int, scale, align_corners: bool, dt):
    """[(index, weight)] * 4: each output is the sum of weight * x[index] over the four taps
    around its source position, as PyTorch's compute_indices_weights_cubic (A = -0.75,
    indices clamped to the edge; the floor in float32 even for float64, as its floorf)."""
    s = _scale(inp, out, scale, align_corners, dt)
    i = np.arange(out).astype(dt)
    src = s * i if align_corners else s * (i + dt(0.5)) - dt(0.5)
    i0 = np.minimum(np.floor(src.astype(np.float32)).astype(np.int64), inp - 1)
    t = np.minimum(np.maximum(src - i0.astype(dt), dt(0)), dt(1))
    a = dt(-0.75)
    x1, x2 = t, dt(1) - t
    weights = (_cubic2(x1 + dt(1), a), _cubic1(x1, a), _cubic1(x2, a), _cubic2(x2 + dt(1), a))
    return [(np.clip(i0 - 1 + j, 0, inp - 1), w.astype(dt)) for j, w in enumerate(weights)]


def _cubic1(x, a):
    return ((a + 2) * x - (a + 3)) * x * x + 1


def _cubic2(x, a):
    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a


def _matrix(inp: int, out: int, pairs) -> np.ndarray:
    """The (out, in) matrix taking an axis to its resampled values."""
    m = np.zeros((out, inp), dtype=np.float64)
    rows = np.arange(out)
    for idx, w in pairs:
        np.add.at(m, (rows, idx), w)
    return m


class _Upsample(Node):
    """d resample(x) = the transposed resampling matrices applied to g, one per axis"""

    def forward(self, x):
        y = x
        for k in reversed(range(self.nd)):      # innermost (W) first, as PyTorch's kernel
            axis = x.ndim - self.nd + k
            y = self._axis(y, axis, self.fwd[k])
        return y.astype(x.dtype, copy=False)

    def backward(self, g):
        out = g
        for k, m in enumerate(self.bwd):
            out = matmul(out.movedim(2 + k, -1), _const(g, m)).movedim(-1, 2 + k)
        return out


class _NearestNode(_Upsample):
    @staticmethod
    def _axis(y, axis, idx):
        return np.take(y, idx, axis=axis)


class _TapsNode(_Upsample):
    @staticmethod
    def _axis(y, axis, taps):
        """sum of weight * y[index] over the taps, added in order as PyTorch's Interpolate"""
        shape = [1] * y.ndim
        shape[axis] = -1
        out = None
        for idx, w in taps:
            term = w.reshape(shape) * np.take(y, idx, axis=axis)
            out = term if out is None else out + term
        return out


class UpsampleNearest1DBackward0(_NearestNode):
    """d nearest(x) = g added back at each output's source position"""


class UpsampleNearest2DBackward0(_NearestNode):
    """d nearest(x) = g added back at each output's source position"""


class UpsampleNearest3DBackward0(_NearestNode):
    """d nearest(x) = g added back at each output's source position"""


class UpsampleLinear1DBackward0(_TapsNode):
    """d linear(x) = g * l0 added at i0 and g * l1 at i1"""


class UpsampleBilinear2DBackward0(_TapsNode):
    """d bilinear(x) = g * weight added at each of the four source positions"""


class UpsampleTrilinear3DBackward0(_TapsNode):
    """d trilinear(x) = g * weight added at each of the eight source positions"""


class UpsampleBicubic2DBackward0(_TapsNode):
    """d bicubic(x) = g * weight added at each of the sixteen source positions"""


_NODES = {("nearest", 1): UpsampleNearest1DBackward0, ("nearest", 2): UpsampleNearest2DBackward0,
          ("nearest", 3): UpsampleNearest3DBackward0,
          ("linear", 1): UpsampleLinear1DBackward0, ("bilinear", 2): UpsampleBilinear2DBackward0,
          ("trilinear", 3): UpsampleTrilinear3DBackward0,
          ("bicubic", 2): UpsampleBicubic2DBackward0}


def _output_size(x, nd: int, size, scale_factor):
    """(output sizes, scales the kernel uses) from F.interpolate's size/scale_factor checks."""
    spatial = list(x._data.shape[2:])
    if size is not None and scale_factor is not None:
        raise TorchValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != nd:
                raise TorchValueError(
                    f"Input and output must have the same number of spatial dimensions, but got "
                    f"input with spatial dimensions of {spatial} and output size of {size!r}. "
                    "Please provide input tensor in (N, C, d1, d2, ...,dK) format and output "
                    "size in (o1, o2, ...,oK) format.")
            if not all(_is_integer(v) for v in size):
                raise TorchTypeError(
                    "expected size to be one of int or Tuple[int] or Tuple[int, int] or "
                    f"Tuple[int, int, int], but got size with types {[type(v) for v in size]}")
            return [int(v) for v in size], None
        if not _is_integer(size):
            raise TorchTypeError(f"gradcli: interpolate's size must be an int or a sequence of "
                                 f"ints, not {type(size).__name__}")
        return [int(size)] * nd, None
    if scale_factor is None:
        raise TorchValueError("either size or scale_factor should be defined")
    if isinstance(scale_factor, (list, tuple)):
        if len(scale_factor) != nd:
            raise TorchValueError(
                f"Input and scale_factor must have the same number of spatial dimensions, but "
                f"got input with spatial dimensions of {spatial} and scale_factor of shape "
                f"{scale_factor!r}. Please provide input tensor in (N, C, d1, d2, ...,dK) format "
                "and scale_factor in (s1, s2, ...,sK) format.")
        scales = [float(s) for s in scale_factor]
    else:
        scales = [float(scale_factor)] * nd
    return [int(spatial[i] * scales[i]) for i in range(nd)], scales


def _is_integer(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool) or \
        (hasattr(v, "_data") and v._data.ndim == 0 and v._data.dtype.kind in "iu")


def _check_sizes(x, nd: int, out) -> None:
    """PyTorch's upsample_{1,2}d_common_check."""
    spatial = x._data.shape[2:]
    if any(v <= 0 for v in spatial) or any(v <= 0 for v in out):
        axes = _AXES[3 - nd:]
        inp = ", ".join(f"{a}: {v}" for a, v in zip(axes, spatial))
        outp = ", ".join(f"{a}: {v}" for a, v in zip(axes, out))
        sep = " and output " if nd == 1 else " output "
        raise TorchRuntimeError(f"Input and output sizes should be greater than 0, but got "
                                f"input ({inp}){sep}({outp})")
    shape = x._data.shape
    if shape[1] == 0 or any(v == 0 for v in shape[2:]):
        raise TorchRuntimeError(f"Non-empty {nd + 2}D data tensor expected but got a tensor with "
                                f"sizes {list(shape)}")


def _interp(x, mode: str, nd: int, out, scales, align_corners):
    _check_sizes(x, nd, out)
    dt = x._data.dtype
    if dt.kind not in "f":
        what = ("compute_indices_weights_nearest" if mode == "nearest" else
                "compute_indices_weights_cubic" if mode == "bicubic" else
                "upsample_bilinear2d_channels_last" if nd == 2 else
                "compute_indices_weights_linear")
        raise TorchNotImplementedError(f"\"{what}\" not implemented for '{x.type()[6:-6]}'")
    ins = x._data.shape[2:]
    sc = scales or [None] * nd
    if mode == "nearest":
        fwd = [nearest_forward_index(ins[k], out[k], sc[k], nd == 2) for k in range(nd)]
        back = [nearest_forward_index(ins[k], out[k], sc[k], True) for k in range(nd)]
        bwd = [_matrix(ins[k], out[k], [(back[k], 1.0)]) for k in range(nd)]
    else:
        op = np.float64 if dt == np.float64 else np.float32
        taps = cubic_weights if mode == "bicubic" else _linear_taps
        fwd = [taps(ins[k], out[k], sc[k], align_corners, op) for k in range(nd)]
        bwd = [_matrix(ins[k], out[k], fwd[k]) for k in range(nd)]
    return apply(_NODES[(mode, nd)], (x,), nd=nd, fwd=fwd, bwd=bwd)


def _linear_taps(inp: int, out: int, scale, align_corners: bool, dt) -> list:
    i0, i1, l0, l1 = linear_weights(inp, out, scale, align_corners, dt)
    return [(i0, l0), (i1, l1)]


_SAMPLE = fixed(
    (((1, 2, 3),), {"size": 5}), (((2, 1, 4),), {"scale_factor": 1.7}),
    (((1, 1, 2, 3),), {"scale_factor": 2}), (((1, 2, 3, 2),), {"size": (2, 5)}),
    (((1, 1, 4),), {"size": 7, "mode": "linear"}),
    (((1, 2, 5),), {"scale_factor": 0.6, "mode": "linear", "align_corners": True}),
    (((1, 1, 3, 4),), {"size": (5, 3), "mode": "bilinear"}),
    (((2, 1, 2, 3),), {"scale_factor": (1.5, 2.3), "mode": "bilinear", "align_corners": True}),
    (((1, 1, 3, 3),), {"scale_factor": 1.4, "mode": "bilinear",
                       "recompute_scale_factor": True}),
    (((1, 2, 3, 4),), {"size": (5, 3), "mode": "bicubic"}),
    (((1, 1, 2, 3),), {"scale_factor": 1.6, "mode": "bicubic", "align_corners": True}),
    (((1, 1, 2, 3, 2),), {"size": (3, 4, 3), "mode": "trilinear"}),
    (((1, 1, 3, 2, 2),), {"scale_factor": (0.7, 1.5, 2), "mode": "trilinear",
                          "align_corners": True}),
    (((1, 1, 2, 3, 2),), {"scale_factor": (1.5, 0.6, 1.7)}))


@register("interpolate", grad_fn="UpsampleNearest2DBackward0", namespaces=("functional",),
          sample=_SAMPLE)
def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """nearest, (bi/tri)linear or bicubic resampling of the last 1-3 dims: d/dx = g sent back
    along the same indices and weights (UpsampleNearest1D/2D/3D, UpsampleLinear1D,
    UpsampleBilinear2D, UpsampleBicubic2D, UpsampleTrilinear3D)"""
    x = check_tensor(input, "interpolate")
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise TorchValueError("align_corners option can only be set with the interpolating "
                                  "modes: linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    nd = x._data.ndim - 2
    out, scales = _output_size(x, nd, size, scale_factor)
    if recompute_scale_factor and size is not None:
        raise TorchValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and scales is not None:
        recompute_scale_factor = True
    if recompute_scale_factor:
        out = [math.floor(x._data.shape[2 + i] * scales[i]) for i in range(nd)]
        scales = None
    if antialias:
        raise TorchValueError("Anti-alias option is restricted to bilinear, bicubic, and "
                              "lanczos modes and requires a 4-D tensor as input"
                              if not (mode in ("bilinear", "bicubic") and x._data.ndim == 4) else
                              "gradcli: interpolate(antialias=True) is not supported")
    return _dispatch(x, mode, nd, out, scales, align_corners)


def _dispatch(x, mode, nd, out, scales, align_corners):
    if (mode, nd) in _NODES:
        return _interp(x, mode, nd, out, scales, align_corners)
    if mode == "area" and nd in (1, 2):
        from .nn import adaptive_avg_pool1d, adaptive_avg_pool2d
        return (adaptive_avg_pool1d if nd == 1 else adaptive_avg_pool2d)(x, out)
    needs = {"linear": 3, "bilinear": 4, "trilinear": 5}
    if mode in needs and nd + 2 in (3, 4, 5) and needs[mode] != nd + 2:
        raise TorchNotImplementedError(f"Got {nd + 2}D input, but {mode} mode needs "
                                       f"{needs[mode]}D input")
    if nd + 2 in (3, 4, 5) and mode in ("lanczos", "nearest-exact", "area"):
        raise TorchNotImplementedError(f"gradcli: interpolate(mode={mode!r}) of a {nd + 2}D "
                                       "input is not supported")
    raise TorchNotImplementedError(
        f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {nd + 2}D) for the "
        "modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
        f"nearest-exact (got {mode})")
