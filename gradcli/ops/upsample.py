"""torch.nn.functional.interpolate: nearest(-exact), (bi/tri)linear and bicubic resampling
of 3-D, 4-D and 5-D inputs; and affine_grid / grid_sample (2-D: bilinear or nearest sampling at
given positions, zeros, border or reflection padding, rounded as ATen's vectorised sampler
rounds them: `_interpolated`, `_bilinear_grid_grads`; its gradient's own derivative is
written with tensor ops, so it has derivatives of every order).

Each spatial axis is resampled on its own, so a node keeps, per axis, the source indices and
weights PyTorch's CPU kernels compute, in the precision they compute them (float32 scales for
float32 inputs, as PyTorch's opmath type; nearest always float32). The forward gathers with
the forward kernel's indices; the backward adds the gradient back with a constant (out, in)
matrix per axis built from the backward kernel's indices. PyTorch's two kernels differ for
nearest: the backward (and the 2-D forward) copy an axis whose size is unchanged and halve
indices when it doubles, where the 1-D and 3-D forwards apply their scale even then. Both are
kept as PyTorch has them. The backward is matrix products with constants, so it has gradients
of every order.

Source positions, bicubic weights (Keys' cubic, A = -0.75, four taps clamped to the edge) and
the taps' sums use fused multiply-adds where GCC contracts PyTorch's expressions, so 1-D
linear and trilinear results are PyTorch's to the bit; the nearest and linear backwards add
g in the order of PyTorch's loop (`_scatter_taps`, below 2**14 output positions), also to
the bit. 2-D bilinear outputs of up to 64 rows and columns follow PyTorch's channels-last
loop (`_bilinear_channels_last`), also to the bit, and so are bicubic forwards (the last
step of each of Keys' polynomials not fused). Difference: larger 2-D bilinear outputs with a
side of 65 to 100 (PyTorch takes either kernel there, by a rule not found) are not rounded
as PyTorch's. Bicubic's backward follows PyTorch's loop (`_scatter_bicubic`: weights and sums
rounded at every step, as that file is built) below 2**14 output positions.
"""
from __future__ import annotations

import math

import numpy as np

from ..argparser import check_forwarded
from ..autograd.graph import Node
from ..fpmath import FMA_DTYPES, fma
from ..errors import (TorchNotImplementedError, TorchRuntimeError, TorchTypeError,
                      TorchValueError)
from .activation import where
from .core import _const, _enabled, apply, wrap
from .fused import linear_backward
from .select import scatter_add
from .shape import stack
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


def nearest_exact_index(inp: int, out: int, scale, generic: bool = False) -> np.ndarray:
    """Source index of each output position for 'nearest-exact': floor((i + 0.5) * scale)
    (in double, the floor in float32, as PyTorch's floorf), at most inp - 1. `generic`: as
    ATen's generic forward kernel computes it, floor(max(scale (i + 0.5) - 0.5, 0) + 0.5)
    in float32 (the first step fused)."""
    s = _scale(inp, out, scale, False, np.float32)
    if generic:
        half = np.full(out, np.float32(0.5), np.float32)
        src = fma(np.full(out, s, np.float32), np.arange(out).astype(np.float32) + half, -half)
        src = np.floor(np.maximum(src, np.float32(0)) + half).astype(np.int64)
    else:
        src = np.floor(((np.arange(out) + 0.5) * float(s)).astype(np.float32)).astype(np.int64)
    return np.minimum(src, inp - 1)


def _source_index(inp: int, out: int, scale, align_corners: bool, dt, cubic: bool,
                  fused: bool = True):
    """PyTorch's area_pixel_compute_source_index for each output position, in opmath type
    `dt`: scale * (i + 0.5) - 0.5 as one fused multiply-add (GCC contracts it; rounded in
    two steps where the kernel's file is built without, `fused` false), at least 0 unless
    cubic; then guard_index_and_lambda's index (floorf: in float32 even for float64) and
    fraction."""
    s = _scale(inp, out, scale, align_corners, dt)
    i = np.arange(out).astype(dt)
    if align_corners:
        src = s * i
    elif fused:
        src = fma(np.full(out, s, dt), i + dt(0.5), np.full(out, dt(-0.5), dt))
    else:
        src = (s * (i + dt(0.5))).astype(dt) - dt(0.5)
    if not (align_corners or cubic):
        src = np.maximum(src, dt(0))
    i0 = np.minimum(np.floor(src.astype(np.float32)).astype(np.int64), inp - 1)
    return i0, np.minimum(np.maximum(src - i0.astype(dt), dt(0)), dt(1))


def linear_weights(inp: int, out: int, scale, align_corners: bool, dt):
    """(i0, i1, l0, l1): each output is l0 * x[i0] + l1 * x[i1], as PyTorch's
    compute_indices_weights_linear; an unchanged size is copied."""
    if out == inp:
        i = np.arange(out)
        return i, i, np.ones(out, dt), np.zeros(out, dt)
    i0, l1 = _source_index(inp, out, scale, align_corners, dt, cubic=False)
    i1 = i0 + (i0 < inp - 1)
    return i0, i1, dt(1) - l1, l1


def cubic_weights(inp: int, out: int, scale, align_corners: bool, dt, fused: bool = True):
    """[(index, weight)] * 4: each output is the sum of weight * x[index] over the four taps
    around its source position, as PyTorch's compute_indices_weights_cubic (A = -0.75,
    indices clamped to the edge); `fused` false: as its bicubic backward computes them
    (UpSampleBicubic2d.cpp, built without fused multiply-adds: every step rounded)."""
    i0, t = _source_index(inp, out, scale, align_corners, dt, cubic=True, fused=fused)
    a = dt(-0.75)
    x1, x2 = t, dt(1) - t
    near, far = (_cubic1, _cubic2) if fused else (_cubic1_rounded, _cubic2_rounded)
    weights = (far(x1 + dt(1), a), near(x1, a), near(x2, a), far(x2 + dt(1), a))
    return [(np.clip(i0 - 1 + j, 0, inp - 1), w.astype(dt)) for j, w in enumerate(weights)]


def _cubic1(x, a):
    """((a + 2) x - (a + 3)) x x + 1 as PyTorch's kernel rounds it: the first step fused, the
    last (+ 1) not (measured on 108 interior taps of float32 and float64 outputs)"""
    dt = x.dtype.type
    return fma(np.full_like(x, a + dt(2)), x, np.full_like(x, -(a + dt(3)))) * x * x + dt(1)


def _cubic2(x, a):
    """((a x - 5a) x + 8a) x - 4a as PyTorch's kernel rounds it: the first two steps fused,
    the last (- 4a) not"""
    dt = x.dtype.type
    c = np.full_like
    return fma(fma(c(x, a), x, c(x, dt(-5) * a)), x, c(x, dt(8) * a)) * x - dt(4) * a


def _cubic1_rounded(x, a):
    dt = x.dtype.type
    return (dt(a + 2) * x - dt(a + 3)) * x * x + dt(1)


def _cubic2_rounded(x, a):
    dt = x.dtype.type
    return ((a * x - dt(5) * a) * x + dt(8) * a) * x - dt(4) * a


def _matrix(inp: int, out: int, pairs) -> np.ndarray:
    """The (out, in) matrix taking an axis to its resampled values."""
    m = np.zeros((out, inp), dtype=np.float64)
    rows = np.arange(out)
    for idx, w in pairs:
        np.add.at(m, (rows, idx), w)
    return m


class _Upsample(Node):
    """d resample(x) = the transposed resampling matrices applied to g, one per axis"""

    linear = True           # forward AD: the op on the tangent (PyTorch's auto_linear)
    input_format = (4, 5)
    back = None
    scatter = None          # the backward loop on `back` (None: `_scatter_taps`)

    def forward(self, x):
        y = x
        for k in reversed(range(self.nd)):      # innermost (W) first, as PyTorch's kernel
            axis = x.ndim - self.nd + k
            y = self._axis(y, axis, self.fwd[k])
        return y.astype(x.dtype, copy=False)

    def backward(self, g):
        """ATen's backward loop where it is cheap to follow (`back`, the taps it adds g
        along, and `scatter`, the loop: `_scatter_taps`, `_scatter_bicubic`); else the
        matrix products"""
        if self.back is not None and g._data.dtype in FMA_DTYPES and \
                math.prod(g._data.shape[2:]) <= _SCATTER_POSITIONS:
            loop = self.scatter or _scatter_taps
            return wrap(loop(g._data, self.back, self._in_meta[0][0]))
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
        """sum of weight * y[index] over the taps as PyTorch's Interpolate adds them, with
        GCC's fused multiply-adds: t0 w0 + t1 w1 (the loop unrolled, for bicubic's four taps
        too), then each further tap fused onto the sum"""
        shape = [1] * y.ndim
        shape[axis] = -1
        terms = [(np.take(y, idx, axis=axis), w.reshape(shape).astype(y.dtype)) for idx, w in taps]
        if y.dtype not in FMA_DTYPES:
            return sum(t * w for t, w in terms)
        (t0, w0), (t1, w1) = terms[:2]
        out = fma(t0, w0, t1 * w1)
        for t, w in terms[2:]:
            out = fma(t, w, out)
        return out


_SCATTER_POSITIONS = 1 << 14
#: the vectors of ATen's channels-last upsampling and grid-sampler kernels: 256 bits (8 float32
#: or 4 float64 lanes, measured: their fused steps and scatter order match that width)
VECTOR_BYTES = 32


def _scatter_in_order(acc: np.ndarray, src: np.ndarray, update) -> np.ndarray:
    """Apply contributions to acc's columns `src` (listed in the order they are made) as a
    loop would, one after another for each column: rank by rank, the k-th contributions of
    every column at once; update(current values, selected contributions) -> new values."""
    order = np.argsort(src, kind="stable")          # by column, then by the order made
    first = np.searchsorted(src[order], src[order])
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size) - first
    for r in range(int(rank.max()) + 1 if rank.size else 0):
        sel = rank == r
        acc[:, src[sel]] = update(acc[:, src[sel]], sel)
    return acc


def _scatter_bicubic(g: np.ndarray, back, in_shape) -> np.ndarray:
    """PyTorch's bicubic backward loop (upsample_bicubic2d_backward_out_frame): each output
    position in order, its x taps outer and y taps inner, adds (g * wy) * wx into the
    source position, every step rounded (no fused multiply-adds in that file)."""
    dt = g.dtype
    (h, w), (oh, ow) = in_shape[2:], g.shape[2:]
    oy, ox = (a.reshape(-1) for a in np.meshgrid(np.arange(oh), np.arange(ow), indexing="ij"))
    combos = [(back[0][jj], back[1][ii]) for ii in range(4) for jj in range(4)]
    src = np.stack([iy[oy] * w + ix[ox] for (iy, _), (ix, _) in combos], 1).reshape(-1)
    wy = np.stack([y.astype(dt)[oy] for (_, y), _ in combos], 1).reshape(-1)
    wx = np.stack([x.astype(dt)[ox] for _, (_, x) in combos], 1).reshape(-1)
    col = np.repeat(np.arange(oh * ow), len(combos))
    gf = g.reshape(g.shape[0] * g.shape[1], -1)
    acc = _scatter_in_order(np.zeros((gf.shape[0], h * w), dt), src,
                            lambda cur, at: cur + gf[:, col[at]] * wy[at] * wx[at])
    return acc.reshape(g.shape[:2] + (h, w))


def _scatter_taps(g: np.ndarray, fwd, in_shape) -> np.ndarray:
    """sum over output positions p (in order) and tap combinations c (outer axis first) of
    fma(w(p, c), g[p], acc[source(p, c)]), w the weights' product along the axes in order.
    Contributions to one source position are applied in that order; those of different
    positions at once, by rank (the k-th contribution of every source position together)."""
    nd, dt = len(fwd), g.dtype
    outs, ins = g.shape[2:], tuple(in_shape[2:])
    grids = np.meshgrid(*[np.arange(n) for n in outs], indexing="ij")
    src, wts = [], []
    for combo in np.ndindex(*[len(t) for t in fwd]):
        idx = [fwd[k][c][0][grids[k]] for k, c in enumerate(combo)]
        w = fwd[0][combo[0]][1].astype(dt)[grids[0]]
        for k in range(1, nd):
            w = w * fwd[k][combo[k]][1].astype(dt)[grids[k]]
        src.append(np.ravel_multi_index(idx, ins).reshape(-1))
        wts.append(w.reshape(-1))
    src, wts = np.stack(src, 1).reshape(-1), np.stack(wts, 1).reshape(-1)
    col = np.repeat(np.arange(math.prod(outs)), len(src) // max(math.prod(outs), 1))
    gf = g.reshape(g.shape[0] * g.shape[1], -1)
    acc = _scatter_in_order(np.zeros((gf.shape[0], math.prod(ins)), dt), src,
                            lambda cur, at: fma(wts[at], gf[:, col[at]], cur))
    return acc.reshape(g.shape[:2] + ins)


@linear_backward("UpsampleNearest1DBackwardBackward0", takes_self=False)
class UpsampleNearest1DBackward0(_NearestNode):
    """d nearest(x) = g added back at each output's source position"""


@linear_backward("UpsampleNearest2DBackwardBackward0", takes_self=False)
class UpsampleNearest2DBackward0(_NearestNode):
    """d nearest(x) = g added back at each output's source position"""


@linear_backward("UpsampleNearest3DBackwardBackward0", takes_self=False)
class UpsampleNearest3DBackward0(_NearestNode):
    """d nearest(x) = g added back at each output's source position"""


@linear_backward("UpsampleNearestExact1DBackwardBackward0", takes_self=False)
class UpsampleNearestExact1DBackward0(_NearestNode):
    """d nearest_exact(x) = g added back at each output's source position"""


@linear_backward("UpsampleNearestExact2DBackwardBackward0", takes_self=False)
class UpsampleNearestExact2DBackward0(_NearestNode):
    """d nearest_exact(x) = g added back at each output's source position"""


@linear_backward("UpsampleNearestExact3DBackwardBackward0", takes_self=False)
class UpsampleNearestExact3DBackward0(_NearestNode):
    """d nearest_exact(x) = g added back at each output's source position"""


@linear_backward("UpsampleLinear1DBackwardBackward0", takes_self=False)
class UpsampleLinear1DBackward0(_TapsNode):
    """d linear(x) = g * l0 added at i0 and g * l1 at i1"""


@linear_backward("UpsampleBilinear2DBackwardBackward0", takes_self=False)
class UpsampleBilinear2DBackward0(_TapsNode):
    """d bilinear(x) = g * weight added at each of the four source positions"""

    def forward(self, x):
        rows, cols = (len(idx) for idx, _ in (taps[0] for taps in self.fwd))
        if x.dtype in FMA_DTYPES and rows <= CHANNELS_LAST_SIDE and cols <= CHANNELS_LAST_SIDE:
            return _bilinear_channels_last(x, self.fwd)
        return super().forward(x)


#: PyTorch 2.13 resamples a float 2-D bilinear output of up to this many rows and columns
#: with its channels-last kernel (measured on 300 random shapes, float32 and float64, both
#: align_corners, sizes and scales); larger ones (all with a side of 101 or more, and most
#: past 64) with the generic one, as `_TapsNode`. Between 65 and 100 it takes either, by a
#: rule not found: the generic rounding is kept there.
CHANNELS_LAST_SIDE = 64


def _bilinear_channels_last(x: np.ndarray, taps) -> np.ndarray:
    """ATen's upsample_linear_channels_last on (N, C, H, W): each output from its four
    sources with the weights' products (h_i w_j, rounded), the channels in 256-bit vectors
    as x00 w00 + (x01 w01 + (x10 w10 + x11 w11)) with GCC's fused multiply-adds (the
    innermost product first), the channels left over one at a time as
    ((x00 w00 + x01 w01) + x10 w10) + x11 w11 (x01 w01 the lone product)."""
    dt = x.dtype
    (j0, v0), (j1, v1) = taps[0]
    (i0, u0), (i1, u1) = taps[1]
    v0, v1 = v0.astype(dt)[:, None], v1.astype(dt)[:, None]
    u0, u1 = u0.astype(dt), u1.astype(dt)
    w00, w01, w10, w11 = v0 * u0, v0 * u1, v1 * u0, v1 * u1
    top, bottom = x[:, :, j0], x[:, :, j1]
    x00, x01, x10, x11 = top[..., i0], top[..., i1], bottom[..., i0], bottom[..., i1]
    out = fma(x11, w11, fma(x10, w10, fma(x00, w00, x01 * w01)))
    vectors = x.shape[1] - x.shape[1] % (VECTOR_BYTES // dt.itemsize)
    if vectors:
        s = slice(0, vectors)
        out[:, s] = fma(x00[:, s], w00, fma(x01[:, s], w01, fma(x11[:, s], w11,
                                                                  x10[:, s] * w10)))
    return np.ascontiguousarray(out)          # laid out as ATen allocates it (NCHW)


@linear_backward("UpsampleTrilinear3DBackwardBackward0", takes_self=False)
class UpsampleTrilinear3DBackward0(_TapsNode):
    """d trilinear(x) = g * weight added at each of the eight source positions"""


@linear_backward("UpsampleBicubic2DBackwardBackward0", takes_self=False)
class UpsampleBicubic2DBackward0(_TapsNode):
    """d bicubic(x) = g * weight added at each of the sixteen source positions"""

    scatter = staticmethod(_scatter_bicubic)


_NODES = {("nearest", 1): UpsampleNearest1DBackward0, ("nearest", 2): UpsampleNearest2DBackward0,
          ("nearest", 3): UpsampleNearest3DBackward0,
          ("nearest-exact", 1): UpsampleNearestExact1DBackward0,
          ("nearest-exact", 2): UpsampleNearestExact2DBackward0,
          ("nearest-exact", 3): UpsampleNearestExact3DBackward0,
          ("linear", 1): UpsampleLinear1DBackward0, ("bilinear", 2): UpsampleBilinear2DBackward0,
          ("trilinear", 3): UpsampleTrilinear3DBackward0,
          ("bicubic", 2): UpsampleBicubic2DBackward0}


def _output_size(x, nd: int, size, scale_factor):
    """F.interpolate's (output_size, scale_factors) from size/scale_factor, with its checks:
    as given (PyTorch's parser checks their types in the upsample call)."""
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
            return size, None
        return [size] * nd, None
    if scale_factor is None:
        raise TorchValueError("either size or scale_factor should be defined")
    if isinstance(scale_factor, (list, tuple)):
        if len(scale_factor) != nd:
            raise TorchValueError(
                f"Input and scale_factor must have the same number of spatial dimensions, but "
                f"got input with spatial dimensions of {spatial} and scale_factor of shape "
                f"{scale_factor!r}. Please provide input tensor in (N, C, d1, d2, ...,dK) format "
                "and scale_factor in (s1, s2, ...,sK) format.")
        return None, scale_factor
    return None, [scale_factor] * nd


# the C++ function F.interpolate hands each mode and number of spatial dims to (the linear
# ones take align_corners too)
_UPSAMPLE = {**{("nearest", n): f"upsample_nearest{n}d" for n in (1, 2, 3)},
             **{("nearest-exact", n): f"_upsample_nearest_exact{n}d" for n in (1, 2, 3)},
             ("linear", 1): "upsample_linear1d", ("bilinear", 2): "upsample_bilinear2d",
             ("bicubic", 2): "upsample_bicubic2d", ("trilinear", 3): "upsample_trilinear3d"}


def _upsample_args(x, mode: str, nd: int, out, scales, align_corners):
    """(output sizes, scales) as the upsample kernel takes them, once PyTorch's parser has
    checked F.interpolate's call of it (the sizes from the scales when not given)."""
    name = _UPSAMPLE.get((mode, nd))
    if name is not None:
        given = (x, out, scales) if mode.startswith("nearest") else \
            (x, out, align_corners, scales)
        checked = check_forwarded("nn." + name, *given)
        out, scales = checked[1], checked[-1]
    scales = None if scales is None else [float(v) for v in scales]
    if out is None:
        out = [int(x._data.shape[2 + i] * scales[i]) for i in range(nd)]
    return [int(v) for v in out], scales


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
    if dt == np.uint8 and mode in ("bilinear", "bicubic"):
        return wrap(uint8_resample(x._data, out, scales, align_corners, mode))
    if dt.kind not in "f" and not (dt == np.uint8 and mode.startswith("nearest")):
        raise TorchNotImplementedError(f"\"{_kernel_name(x, mode, nd, out)}\" not implemented "
                                       f"for '{x.type()[6:-6]}'")
    ins = x._data.shape[2:]
    sc = scales or [None] * nd
    if mode.startswith("nearest"):
        if mode == "nearest":
            fwd = [nearest_forward_index(ins[k], out[k], sc[k], nd == 2) for k in range(nd)]
            idx = [nearest_forward_index(ins[k], out[k], sc[k], True) for k in range(nd)]
        else:
            generic = not _vectorised(x, nd, out)
            fwd = [nearest_exact_index(ins[k], out[k], sc[k], generic) for k in range(nd)]
            idx = [nearest_exact_index(ins[k], out[k], sc[k]) for k in range(nd)]
        back = [[(i, np.ones(i.shape, np.float32))] for i in idx]
        bwd = [_matrix(ins[k], out[k], back[k]) for k in range(nd)]
    else:
        op = np.float64 if dt == np.float64 else np.float32
        taps = cubic_weights if mode == "bicubic" else _linear_taps
        fwd = [taps(ins[k], out[k], sc[k], align_corners, op) for k in range(nd)]
        bwd = [_matrix(ins[k], out[k], fwd[k]) for k in range(nd)]
        back = [cubic_weights(ins[k], out[k], sc[k], align_corners, op, fused=False)
                for k in range(nd)] if mode == "bicubic" else fwd
    given = {"output_size": tuple(out), "align_corners": align_corners,
             **dict(zip(_SCALE_NAMES[nd], sc))}         # as PyTorch's node keeps them
    return apply(_NODES[(mode, nd)], (x,), nd=nd, fwd=fwd, bwd=bwd, back=back, as_given=given)


_SCALE_NAMES = {1: ("scales",), 2: ("scales_h", "scales_w"),
                3: ("scales_d", "scales_h", "scales_w")}


def _kernel_name(x, mode: str, nd: int, out) -> str:
    """The ATen kernel that refuses an integer or bool input: a 2-D nearest or bilinear
    resampling takes the channels-last one when the output is small (height + width at
    most 128) or the input channels-last with more than 3 channels (bilinear: also with 3
    channels on one thread), the generic one else."""
    if nd == 2 and mode != "bicubic":
        from .predicates import get_num_threads
        vectorised = _vectorised(x, nd, out)
        if mode == "bilinear" and get_num_threads() == 1 and x.shape[1] == 3:
            vectorised = True
        if vectorised:
            kind = "nearest" if mode.startswith("nearest") else "bilinear"
            return f"upsample_{kind}2d_channels_last"
    return ("compute_indices_weights_nearest" if mode.startswith("nearest") else
            "compute_indices_weights_cubic" if mode == "bicubic" else
            "compute_indices_weights_linear")


def _vectorised(x, nd: int, out) -> bool:
    """ATen's _use_vectorized_kernel_cond_2d/3d: whether a nearest (or 2-D bilinear)
    resampling takes the channels-last kernel: a channels-last input of more than 3
    channels, or (2-D) an output whose height and width add up to at most 128."""
    from .._tensor import MEMORY_FORMATS
    if nd == 1:
        return False
    last = MEMORY_FORMATS["channels_last" if nd == 2 else "channels_last_3d"]
    return (x.is_contiguous(memory_format=last) and x.shape[1] > 3) or \
        (nd == 2 and sum(out) <= 128)


# -- uint8 images: ATen's separable integer kernels -------------------------------------------
# A uint8 (N, C, H, W) is resampled along W, then along H (an axis whose size is unchanged is
# skipped), each pass into uint8: per output, up to 2 (bilinear) or 4 (bicubic) input
# values times int16 weights, plus half, shifted right by the weights' precision and clamped
# (UpSampleKernel.cpp, "Weights computation for uint8_t and multiplication trick"). With more
# than 4 channels ATen takes its generic loop, whose H pass on a width of 1 gives every output
# row the first row's weights; that is kept (its AVX loop, for up to 4 channels, has not).

def uint8_resample(x: np.ndarray, out, scales, align_corners: bool, mode: str) -> np.ndarray:
    """F.interpolate(mode='bilinear' or 'bicubic') of a uint8 (N, C, H, W) array."""
    taps = 2 if mode == "bilinear" else 4
    scales = scales or [None, None]
    y = x
    for axis in (3, 2):
        k = axis - 2
        if out[k] != x.shape[axis]:
            first_row_only = axis == 2 and y.shape[3] == 1 and x.shape[1] > 4
            y = _uint8_axis(y, axis, out[k], scales[k], align_corners, taps, first_row_only)
    return y if y is not x else x.copy()


def _uint8_axis(x: np.ndarray, axis: int, out: int, scale, align_corners: bool, taps: int,
                first_row_only: bool) -> np.ndarray:
    start, weights, precision = _int16_weights(x.shape[axis], out, scale, align_corners, taps)
    if first_row_only:
        start, weights = np.repeat(start[:1], out), np.repeat(weights[:1], out, 0)
    idx = np.minimum(start[:, None] + np.arange(taps), x.shape[axis] - 1)
    values = np.moveaxis(x, axis, -1).astype(np.int64)[..., idx]      # (..., out, taps)
    acc = (values * weights).sum(-1) + (1 << (precision - 1))
    return np.moveaxis(np.clip(acc >> precision, 0, 255).astype(np.uint8), -1, axis)


def _int16_weights(inp: int, out: int, scale, align_corners: bool, taps: int):
    """ATen's _compute_indices_min_size_weights (antialias off) and its int16 rounding:
    (first input index, (out, taps) int16 weights, precision). The taps around each source
    position that fall outside the input add their weights to the edge tap."""
    i0, lam = _source_index(inp, out, scale, align_corners, np.float64, cubic=taps > 2)
    support = taps // 2
    low = i0 - support + 1
    start = np.maximum(low, 0)
    size = np.clip(np.minimum(i0 + support + 1, inp) - start, 0, taps)
    w = np.zeros((out, taps))
    rows, slot, w_max = np.arange(out), np.zeros(out, np.int64), 0.0
    for j in range(taps):
        value = _uint8_filter(np.float64(j + 1 - support) - lam, taps)
        slot = np.where(low + j <= 0, 0, np.where(low + j >= inp - 1, size - 1, slot))
        w[:, j] = 0.0
        w[rows, slot] += value
        w_max = max(w_max, float(w[rows, slot].max()))
        slot = slot + 1
    precision = 0
    while precision < 22 and int(0.5 + w_max * (1 << (precision + 1))) < (1 << 15):
        precision += 1
    v = w * (1 << precision)
    return start, np.trunc(np.where(v < 0, v - 0.5, v + 0.5)).astype(np.int64), precision


def _uint8_filter(x: np.ndarray, taps: int) -> np.ndarray:
    """Pillow's triangle filter, or Keys' cubic with a = -0.75 (OpenCV's, antialias off)."""
    x = np.abs(x)
    if taps == 2:
        return np.where(x < 1.0, 1.0 - x, 0.0)
    a = -0.75
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return np.where(x < 1.0, near, np.where(x < 2.0, far, 0.0))


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
    (((1, 1, 2, 3, 2),), {"scale_factor": (1.5, 0.6, 1.7)}),
    (((1, 2, 5),), {"size": 3, "mode": "nearest-exact"}),
    (((1, 1, 3, 2),), {"scale_factor": 1.7, "mode": "nearest-exact"}))


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
    if mode == "area" and out is None:
        recompute_scale_factor = True
    if recompute_scale_factor:
        out = [math.floor(x._data.shape[2 + i] * float(scales[i])) for i in range(nd)]
        scales = None
    if antialias:
        raise TorchValueError("Anti-alias option is restricted to bilinear, bicubic, and "
                              "lanczos modes and requires a 4-D tensor as input"
                              if not (mode in ("bilinear", "bicubic") and x._data.ndim == 4) else
                              "gradcli: interpolate(antialias=True) is not supported")
    out, scales = _upsample_args(x, mode, nd, out, scales, align_corners)
    return _dispatch(x, mode, nd, out, scales, align_corners)


def _dispatch(x, mode, nd, out, scales, align_corners):
    if (mode, nd) in _NODES:
        return _interp(x, mode, nd, out, scales, align_corners)
    if mode == "area" and nd in (1, 2, 3):
        from .nn import adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d
        pool = (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[nd - 1]
        return pool(x, out)
    needs = {"linear": 3, "bilinear": 4, "trilinear": 5}
    if mode in needs and nd + 2 in (3, 4, 5) and needs[mode] != nd + 2:
        raise TorchNotImplementedError(f"Got {nd + 2}D input, but {mode} mode needs "
                                       f"{needs[mode]}D input")
    if nd + 2 in (3, 4, 5) and mode in ("lanczos", "area"):
        raise TorchNotImplementedError(f"gradcli: interpolate(mode={mode!r}) of a {nd + 2}D "
                                       "input is not supported")
    raise TorchNotImplementedError(
        f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {nd + 2}D) for the "
        "modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
        f"nearest-exact (got {mode})")


# -- affine_grid and grid_sample (2-D) ---------------------------------------------------------

category("vision")


def _base_axis(n: int, align_corners: bool, dt) -> np.ndarray:
    """PyTorch's linspace_from_neg_one: n points over [-1, 1], pulled in by (n-1)/n unless
    align_corners."""
    if n <= 1:
        return np.zeros(max(n, 1), dtype=dt)[:n] if n == 0 else np.zeros(1, dtype=dt)
    from .creation import _linspace_values          # torch.linspace's own kernel
    r = _linspace_values(-1, 1, n, np.dtype(dt))
    return r if align_corners else (r * dt.type(n - 1) / dt.type(n)).astype(dt)


class AffineGridGeneratorBackward0(Node):
    """d grid = base @ theta^T: d/dtheta = g^T base, summed over the grid (both products
    ATen's bmm, as affine_grid_generator_4D and its backward make them)"""

    def forward(self, theta):
        from .linalg import _bmm
        n = theta.shape[0]
        base = np.broadcast_to(self.base.astype(theta.dtype).reshape(1, -1, 3),
                               (n, self.base.shape[0] * self.base.shape[1], 3))
        grid = _bmm(base, np.swapaxes(theta, 1, 2))
        return grid.reshape((n,) + self.base.shape[:2] + (2,))

    def backward(self, g):
        n = g.shape[0]
        base = _const(g, np.broadcast_to(self.base.reshape(1, -1, 3),
                                         (n, self.base.shape[0] * self.base.shape[1], 3)))
        return base.transpose(1, 2).bmm(g.reshape(n, -1, 2)).transpose(1, 2)


@register("affine_grid", grad_fn="AffineGridGeneratorBackward0", namespaces=("functional",),
          sample=fixed((((2, 2, 3), [2, 1, 3, 4]), {"align_corners": False}),
                       (((1, 2, 3), [1, 2, 2, 2]), {"align_corners": True})))
def affine_grid(theta, size, align_corners=None):
    """the sampling grid of an affine map: base (x, y, 1) positions of an (N, C, H, W) output
    times theta^T (d/dtheta = g^T base)"""
    if align_corners is None:
        _warn_align_corners()
        align_corners = False
    getattr(theta, "is_floating_point")     # PyTorch's first question: Python's refusal
    th = check_tensor(theta, "affine_grid")
    if th._data.dtype.kind != "f":
        raise TorchValueError(f"Expected theta to have floating point type, but got "
                              f"{th.dtype}")
    if len(size) == 5:
        raise TorchNotImplementedError("gradcli: affine_grid of a 5-D size (3-D grids) is not "
                                       "supported")
    if len(size) != 4:
        raise TorchNotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and "
                                       f"3D affine transforms, respectively. Got size "
                                       f"{size}.")
    if th._data.ndim != 3 or th._data.shape[-2:] != (2, 3):
        raise TorchValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size "
                              f"{size}. Got {th.shape}.")
    if align_corners and min(size[-2:]) == 1:
        import warnings
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size "
                      "grids when align_corners=True. This is not an intended use case of "
                      "affine_grid. See the documentation of affine_grid for details.",
                      stacklevel=3)
    elif min(size) <= 0:
        raise TorchValueError(f"Expected non-zero, positive output size. Got {size}")
    size = [int(v) for v in
            check_forwarded("torch.affine_grid_generator", th, size, align_corners)[1]]
    if th._data.shape[0] != size[0]:
        raise TorchRuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                                f"[{size[0]}, 3] but got: [{th._data.shape[0]}, 3].")
    dt = th._data.dtype
    h, w = size[2], size[3]
    base = np.empty((h, w, 3), dtype=dt)
    base[..., 0] = _base_axis(w, align_corners, dt)[None, :]
    base[..., 1] = _base_axis(h, align_corners, dt)[:, None]
    base[..., 2] = 1
    return apply(AffineGridGeneratorBackward0, (th,), base=base,
                 as_given={"align_corners": bool(align_corners), "size": tuple(size)})


def _warn_align_corners() -> None:
    import warnings
    warnings.warn("Default grid_sample and affine_grid behavior has changed to "
                  "align_corners=False since 1.3.0. Please specify align_corners=True if the "
                  "old behavior is desired. See the documentation of grid_sample for details.",
                  stacklevel=3)


def _source(coord, size: int, padding: str, align_corners: bool):
    """(pixel position, its derivative by the grid coordinate) as PyTorch's
    ComputeLocation: unnormalise, then clip (border) or reflect and clip (reflection)."""
    dt = coord.dtype.type
    if align_corners:
        scale = dt(size - 1) / dt(2)
        pos = (coord + dt(1)) * scale
    else:
        scale = dt(size) / dt(2)
        pos = fma(coord + dt(1), np.full(coord.shape, scale, coord.dtype),
                  np.full(coord.shape, dt(-0.5), coord.dtype))    # GCC fuses it
    grad = np.full(coord.shape, scale, dtype=coord.dtype)
    if padding == "reflection":
        pos, flip = _reflect(pos, size, align_corners)
        grad = grad * flip
    if padding in ("border", "reflection"):
        inside = (pos > 0) & (pos < size - 1)
        grad = np.where(inside, grad, dt(0))
        pos = np.clip(pos, dt(0), dt(size - 1))
    return pos, grad


def _reflect(pos, size: int, align_corners: bool):
    """Reflect positions into the image (about its edges, or edge pixels' borders) and the
    sign of d/dpos, as PyTorch's reflect_coordinates(_set_grad)."""
    dt = pos.dtype.type
    low, high = (0, 2 * (size - 1)) if align_corners else (-1, 2 * size - 1)
    if low == high:
        return np.zeros_like(pos), np.zeros_like(pos)
    mn, span = dt(low) / dt(2), dt(high - low) / dt(2)
    rel = pos - mn
    sign = np.where(rel < 0, dt(-1), dt(1))
    rel = np.abs(rel)
    extra = np.fmod(rel, span)
    flips = np.floor(rel / span).astype(np.int64)
    even = flips % 2 == 0
    return (np.where(even, extra + mn, span - extra + mn).astype(pos.dtype),
            np.where(even, sign, -sign).astype(pos.dtype))


def _corners(ix, iy, h: int, w: int, mode: str):
    """[(row, col, parts)] of the pixels each output reads: parts None (nearest) or (weight,
    d weight/dx, d weight/dy)."""
    if mode == "nearest":
        return [(np.rint(iy).astype(np.int64), np.rint(ix).astype(np.int64), None)]
    x0, y0 = np.floor(ix), np.floor(iy)
    dx, dy = ix - x0, iy - y0
    one = ix.dtype.type(1)
    x0, y0 = x0.astype(np.int64), y0.astype(np.int64)
    return [(y0, x0, ((one - dy) * (one - dx), -(one - dy), -(one - dx))),   # nw, ne, sw, se
            (y0, x0 + 1, ((one - dy) * dx, one - dy, -dx)),
            (y0 + 1, x0, (dy * (one - dx), -dy, one - dx)),
            (y0 + 1, x0 + 1, (dy * dx, dy, dx))]


class GridSampler2DBackward0(Node):
    """d sample(x, grid): each output's weights times g added into the pixels it read (for
    x); the weights' slopes times the pixels and g, summed over channels, times the
    coordinate's unnormalising factor (for grid); under create_graph one
    GridSampler2DBackwardBackward0 node of (g, x, grid), as in PyTorch"""

    save_inputs = (0, 1)

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for grid_sampler_2d"""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("grid_sampler_2d")

    def forward(self, x, grid):
        n, c, h, w = x.shape
        ix, _ = _source(grid[..., 0], w, self.padding, self.align_corners)
        iy, _ = _source(grid[..., 1], h, self.padding, self.align_corners)
        corners = _corners(ix, iy, h, w, self.mode)
        vals = [_corner_values(x, row, col).transpose(0, 3, 1, 2) for row, col, _ in corners]
        if corners[0][2] is None:                   # nearest: the pixel itself
            return np.ascontiguousarray(vals[0])
        return np.ascontiguousarray(_interpolated(vals, [parts[0][:, None]
                                                         for _, _, parts in corners]))

    def backward(self, g):
        x, grid = self.saved
        modes = {"mode": self.mode, "padding": self.padding, "align_corners": self.align_corners}
        if _enabled[0]:
            return apply(GridSampler2DBackwardBackward0, (g, x, grid), **modes)
        return tuple(wrap(a) for a in _grid_grads(g._data, x._data, grid._data, **modes))


def _corner_values(x: np.ndarray, row: np.ndarray, col: np.ndarray) -> np.ndarray:
    """x's pixels at (row, col) for each output, (N, Ho, Wo, C), 0 outside the image."""
    n, _, h, w = x.shape
    ok = (row >= 0) & (row < h) & (col >= 0) & (col < w)
    vals = x[np.arange(n)[:, None, None], :, np.clip(row, 0, h - 1), np.clip(col, 0, w - 1)]
    return np.where(ok[..., None], vals, x.dtype.type(0))


def _interpolated(vals, weights):
    """nw v + ne v + sw v + se v as ATen's vectorised grid sampler adds them, GCC fusing
    each product into the running sum (the first two as fma(ne, v, nw v))."""
    if vals[0].dtype not in FMA_DTYPES:
        return sum(v * wt for v, wt in zip(vals, weights))
    out = fma(vals[1], weights[1], vals[0] * weights[0])
    for v, wt in zip(vals[2:], weights[2:]):
        out = fma(v, wt, out)
    return out


def _grid_grads(gg, xa, ga, mode: str, padding: str, align_corners: bool):
    """grid_sample's (d input, d grid) arrays for the gradient gg."""
    n, c, h, w = xa.shape
    ix, sx = _source(ga[..., 0], w, padding, align_corners)
    iy, sy = _source(ga[..., 1], h, padding, align_corners)
    if mode == "bilinear" and xa.dtype in FMA_DTYPES:
        return _bilinear_grid_grads(gg, xa, ix, iy, sx, sy)
    dx = np.zeros_like(xa)
    dgx, dgy = np.zeros_like(ix), np.zeros_like(iy)
    batch = np.broadcast_to(np.arange(n)[:, None, None], ix.shape)
    for row, col, parts in _corners(ix, iy, h, w, mode):
        ok = (row >= 0) & (row < h) & (col >= 0) & (col < w)
        weight = np.ones_like(ix) if parts is None else parts[0]
        contrib = (gg * weight[:, None]).transpose(0, 2, 3, 1)[ok]          # (K, C)
        np.add.at(dx, (batch[ok], slice(None), row[ok], col[ok]), contrib)
        if parts is not None:
            vals = xa[batch, :, np.clip(row, 0, h - 1), np.clip(col, 0, w - 1)]
            dot = np.where(ok, (vals * gg.transpose(0, 2, 3, 1)).sum(-1), 0)
            dgx, dgy = dgx + parts[1] * dot, dgy + parts[2] * dot
    dgrid = np.stack([np.where(sx == 0, 0, dgx * sx),             # +0 where clipped
                      np.where(sy == 0, 0, dgy * sy)], -1).astype(ga.dtype)
    if mode == "nearest":
        dgrid = np.zeros_like(ga)
    return dx, dgrid


def _bilinear_grid_grads(gg, xa, ix, iy, sx, sy):
    """ATen's vectorised bilinear grid-sampler backward, 256-bit vectors of output positions
    in turn: for each channel, g times each corner's weight added into its pixel (nw for
    every position of the vector, then ne, sw, se; every step rounded); for the grid,
    ((ne - nw) s + (se - sw) n) g summed over the channels with GCC's fused multiply-adds
    (likewise ((sw - nw) e + (se - ne) w) g for y), times the unnormalising slope."""
    n, c, h, w = xa.shape
    corners = _corners(ix, iy, h, w, "bilinear")
    dx = np.zeros_like(xa)
    lanes = VECTOR_BYTES // xa.dtype.itemsize
    pos = np.arange(math.prod(ix.shape[1:]))
    for b in range(n):
        src, weight, at, key = [], [], [], []
        for k, (row, col, parts) in enumerate(corners):
            r, q = row[b].reshape(-1), col[b].reshape(-1)
            ok = np.nonzero((r >= 0) & (r < h) & (q >= 0) & (q < w))[0]
            src.append(r[ok] * w + q[ok])
            weight.append(parts[0][b].reshape(-1)[ok])
            at.append(ok)
            key.append((pos[ok] // lanes * 4 + k) * lanes + pos[ok] % lanes)
        order = np.argsort(np.concatenate(key), kind="stable")
        src, weight, at = (np.concatenate(a)[order] for a in (src, weight, at))
        gb = gg[b].reshape(c, -1)
        dx[b] = _scatter_in_order(np.zeros((c, h * w), xa.dtype), src,
                                  lambda cur, sel: cur + gb[:, at[sel]] * weight[sel]
                                  ).reshape(c, h, w)
    nw, ne, sw, se = (_corner_values(xa, row, col) for row, col, _ in corners)
    one = xa.dtype.type(1)
    east = ix - np.floor(ix)                        # ATen's w, and n: the distances from
    south = iy - np.floor(iy)                       # the west and north neighbours
    gt = gg.transpose(0, 2, 3, 1)
    gx, gy = np.zeros_like(ix), np.zeros_like(iy)
    for k in range(c):
        gx = fma(fma(se[..., k] - sw[..., k], south, (ne[..., k] - nw[..., k]) * (one - south)),
                 gt[..., k], gx)
        gy = fma(fma(se[..., k] - ne[..., k], east, (sw[..., k] - nw[..., k]) * (one - east)),
                 gt[..., k], gy)
    return dx, np.stack([gx * sx, gy * sy], -1)


class GridSampler2DBackwardBackward0(Node):
    """grid_sample's gradients (dx, dgrid) as a function of (g, x, grid), PyTorch's node
    under create_graph. dx is linear in g, dgrid bilinear in (x, g); both depend on grid
    through the corner weights w_k, whose slopes a_k = dw_k/dix, b_k = dw_k/diy have the
    constant cross slopes c_k = da_k/diy = db_k/dix (+1, -1, -1, +1). Given A (for dx) and
    B (for dgrid), with Bs = B times the unnormalising slopes:
      d/dg    = sum_k A at corner k * w_k + x at corner k * (Bs_x a_k + Bs_y b_k)
      d/dx    = sum_k g * (Bs_x a_k + Bs_y b_k) added into corner k's pixels
      d/dgrid = slope * (sum_k a_k <g, A_k> + Bs_y c_k <g, x_k>, sum_k b_k <g, A_k> +
                Bs_x c_k <g, x_k>)
    written with tensor ops, so they have derivatives too"""

    n_outputs = 2
    save_inputs = (0, 1, 2)

    def forward(self, g, x, grid):
        return _grid_grads(g, x, grid, self.mode, self.padding, self.align_corners)

    def backward(self, ga, gb):
        g, x, grid = self.saved
        return _grid_double(g, x, grid, ga, gb, self.mode, self.padding, self.align_corners)


def _source_ops(coord, size: int, padding: str, align_corners: bool):
    """_source as a tensor of the grid coordinate: the same value, slope d pos/d coord."""
    pos, slope = _source(coord._data, size, padding, align_corners)
    return _const(coord, pos) + (coord - _const(coord, coord._data)) * _const(coord, slope), \
        slope


def _grid_double(g, x, grid, A, B, mode: str, padding: str, align_corners: bool):
    """GridSampler2DBackwardBackward0's gradients for (g, x, grid), as tensor ops."""
    n, c, h, w = x.shape
    ix, sx = _source_ops(grid[..., 0], w, padding, align_corners)
    iy, sy = _source_ops(grid[..., 1], h, padding, align_corners)
    flat_x, flat_a, flat_g = x.reshape(n, c, h * w), A.reshape(n, c, h * w), g.reshape(n, c, -1)
    zero = _const(x, 0.0)
    bsx = where(wrap(sx == 0), zero, B[..., 0] * _const(x, sx))
    bsy = where(wrap(sy == 0), zero, B[..., 1] * _const(x, sy))
    d_g = _const(x, np.zeros(flat_g.shape))
    d_x = _const(x, np.zeros((n, c, h * w)))
    ggx = ggy = _const(x, np.zeros(ix.shape))
    for (row, col, parts), cross in zip(_corner_ops(ix, iy, mode), (1.0, -1.0, -1.0, 1.0)):
        ok = (row >= 0) & (row < h) & (col >= 0) & (col < w)
        at = np.where(ok, np.clip(row, 0, h - 1) * w + np.clip(col, 0, w - 1), 0)
        at = wrap(np.broadcast_to(at.reshape(n, 1, -1), (n, c, at[0].size)).copy())
        keep = _const(x, ok.reshape(n, 1, -1))
        a_k = flat_a.gather(2, at) * keep
        if parts is None:                                    # nearest: dx = g moved, dgrid = 0
            d_g = d_g + a_k
            continue
        weight, slope_x, slope_y = parts
        x_k = flat_x.gather(2, at) * keep
        mixed = (bsx * slope_x + bsy * slope_y).reshape(n, 1, -1)
        d_g = d_g + a_k * weight.reshape(n, 1, -1) + x_k * mixed
        d_x = scatter_add(d_x, 2, at, flat_g * keep * mixed)
        g_a = (flat_g * a_k).sum(1).reshape(ix.shape)
        g_x = (flat_g * x_k).sum(1).reshape(ix.shape)
        ggx = ggx + slope_x * g_a + bsy * g_x * cross
        ggy = ggy + slope_y * g_a + bsx * g_x * cross
    if mode == "nearest":                    # dx does not depend on x or grid, dgrid is 0
        return d_g.reshape(g.shape), None, None
    d_grid = stack([ggx * _const(x, sx), ggy * _const(x, sy)], -1)
    return d_g.reshape(g.shape), d_x.reshape(x.shape), d_grid


def _corner_ops(ix, iy, mode: str):
    """_corners with the weights and their slopes as tensors of ix, iy."""
    if mode == "nearest":
        return [(np.rint(iy._data).astype(np.int64), np.rint(ix._data).astype(np.int64), None)]
    x0, y0 = np.floor(ix._data), np.floor(iy._data)
    dx, dy = ix - _const(ix, x0), iy - _const(iy, y0)
    x0, y0 = x0.astype(np.int64), y0.astype(np.int64)
    return [(y0, x0, ((1 - dy) * (1 - dx), -(1 - dy), -(1 - dx))),
            (y0, x0 + 1, ((1 - dy) * dx, 1 - dy, -dx)),
            (y0 + 1, x0, (dy * (1 - dx), -dy, 1 - dx)),
            (y0 + 1, x0 + 1, (dy * dx, dy, dx))]


_GRID_MODES = ("bilinear", "nearest", "bicubic")
_GRID_PADDING = ("zeros", "border", "reflection")


@register("grid_sample", grad_fn="GridSampler2DBackward0", namespaces=("functional",),
          sample=fixed((((1, 2, 3, 4), (1, 2, 3, 2)), {"align_corners": False}),
                       (((2, 1, 3, 3), (2, 2, 2, 2)), {"padding_mode": "border",
                                                        "align_corners": True}),
                       (((1, 1, 4, 3), (1, 3, 2, 2)), {"padding_mode": "reflection",
                                                        "align_corners": False}), lo=-0.9, hi=0.9))
def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """x sampled at grid's (x, y) positions in [-1, 1] (bilinear or nearest; zeros, border or
    reflection padding): d/dx = g's weights added back into the pixels read, d/dgrid = the
    weights' slopes"""
    if mode not in _GRID_MODES:
        raise TorchValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', "
                              f"'nearest' or 'bicubic', but got: '{mode}'")
    if padding_mode not in _GRID_PADDING:
        raise TorchValueError(f"nn.functional.grid_sample(): expected padding_mode to be "
                              f"'zeros', 'border', or 'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        _warn_align_corners()
        align_corners = False
    check_forwarded("torch.grid_sampler", input, grid, _GRID_MODES.index(mode),
                    _GRID_PADDING.index(padding_mode), align_corners)
    x, gr = input, grid
    xs, gs = list(x._data.shape), list(gr._data.shape)
    if x._data.ndim != gr._data.ndim or xs[0] != gs[0]:
        raise TorchRuntimeError(f"grid_sampler(): expected grid and input to have same batch "
                                f"size, but got input with sizes {xs} and grid with sizes {gs}")
    if gs[-1] != x._data.ndim - 2:
        raise TorchRuntimeError(f"grid_sampler(): expected grid to have size {x._data.ndim - 2} "
                                f"in last dimension, but got grid with sizes {gs}")
    if x._data.ndim != 4 or mode == "bicubic":
        raise TorchNotImplementedError(f"gradcli: grid_sample of a {x._data.ndim}-D input in "
                                       f"mode '{mode}' is not supported (4-D, bilinear or "
                                       f"nearest only)")
    return apply(GridSampler2DBackward0, (x, gr), mode=mode, padding=padding_mode,
                 align_corners=bool(align_corners), as_given={    # (ATen's enum numbers)
                     "interpolation_mode": ("bilinear", "nearest", "bicubic").index(mode),
                     "padding_mode": ("zeros", "border", "reflection").index(padding_mode)})
