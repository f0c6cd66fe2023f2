"""More of torch: grids and index sets (meshgrid, cartesian_prod, combinations, block_diag,
tril_indices, triu_indices, cdist), order statistics (aminmax, quantile, nanquantile, mode),
sign manipulation (copysign, signbit), renorm, chain_matmul, cov and corrcoef, the
deprecated linear-algebra aliases (torch.cholesky, torch.qr, torch.pinverse) and the
remaining nn.functional losses.

Most of these are compositions in PyTorch, and are composed here the same way so that the
result's node is the one PyTorch records (meshgrid's `ExpandBackward0`, quantile's
`SqueezeBackward4`, corrcoef's `ClampBackward1`, the losses' `MeanBackward0`/`SumBackward0`
or their last elementwise step). Primitives only where PyTorch has a node of its own
(`CdistBackward0`, `BlockDiagBackward0`, `AminmaxBackward0`, `CopysignBackward0`,
`RenormBackward0`, `ModeBackward0`, `SoftMarginLossBackward0`, `MultiMarginLossBackward0`,
`MultilabelMarginLossBackward0`).
"""
from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..autograd import forward_ad
from ..autograd.graph import Node
from ..errors import (TorchIndexError, TorchRuntimeError, TorchTypeError, TorchValueError,
                      warn_cpp, warn_once)
from ..fpmath import fma
from .._tensor import Tensor
from .activation import logsigmoid, minimum, where
from .core import (_amp, _autocast_cpu, _const, _enabled, apply, aten_composite, binary,
                   broadcast_error, no_requires_grad, promoted, refuse_complex,
                   refuse_low_precision, wrap, wrap_dim, wrap_dims, zeros_for)
from .extra import TorchNotImplementedError, _pow as _glibc_pow
from .fused import SoftMarginLossBackwardBackward0, fused, not_implemented
from .loss import _reduction
from .matrix import LinalgCholeskyExBackward0, _Result, _pinv, linalg_qr
from .reduce import check_floating, check_nonempty_dims, vector_norm
from .registry import category, fixed, register
from .select import MedianBackward0, _ByIndex, _by_index, _order, no_bool
from .stlsort import EXACT_TIES_MAX, mode_index
from .sumorder import EXACT_ELEMENTS
from .shape import (SqueezeBackward4, TransposeBackward1, UnsqueezeBackward1, _shape_str,
                     complex_, stack)
from .unary import check_tensor, float_cast, quiet, rounded, sleef

category("misc")

_FN = ("functional",)


def _size(shape) -> str:
    return f"torch.Size([{', '.join(map(str, shape))}])"


# -- grids and index sets ---------------------------------------------------------------------

def _tensors_only(ts: list) -> list:
    """The TensorList argument parser's refusal of an element that is no tensor."""
    for i, t in enumerate(ts):
        if not isinstance(t, Tensor):
            from ..argparser import tp_name
            raise TorchTypeError(f"expected Tensor as element {i} in argument 0, but got "
                                 f"{tp_name(t)}")
    return ts


def _tensor_list(tensors):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return list(tensors[0])
    return list(tensors)


@register("meshgrid", grad_fn="ExpandBackward0", sample=fixed(
    (((3,), (2,)), {"indexing": "ij"}), (((3,), (2,), ()), {"indexing": "xy"})))
def meshgrid(*tensors, indexing=None):
    """grids over 1-D tensors: x_i viewed along dim i and expanded (ExpandBackward0);
    'xy' swaps the first two dims"""
    ts = _tensor_list(tensors)
    _tensors_only(ts)
    if indexing is None:
        warn_once("torch.meshgrid: in an upcoming release, it will be required to pass the "
                  "indexing argument. (Triggered internally at /__w/pytorch/pytorch/aten/src/"
                  "ATen/native/TensorShape.cpp:4215.)")
        indexing = "ij"
    if not ts:
        raise TorchRuntimeError("meshgrid expects a non-empty TensorList")
    for t in ts:
        check_tensor(t, "meshgrid", "tensors")
    if any(t._data.dtype != ts[0]._data.dtype for t in ts):     # (before the ranks)
        raise TorchRuntimeError("meshgrid expects all tensors to have the same dtype")
    if indexing not in ("ij", "xy"):
        raise TorchRuntimeError('torch.meshgrid: indexing must be one of "xy" or "ij", but '
                                f"received: {indexing}")
    for t in ts:
        if t._data.ndim > 1:
            raise TorchRuntimeError("torch.meshgrid: Expected 0D or 1D tensor in the tensor "
                                    f"list but got: {_cpp_repr(t)}")
    swap = indexing == "xy" and len(ts) >= 2
    if swap:
        ts[0], ts[1] = ts[1], ts[0]
    shape = tuple(t._data.size for t in ts)
    grids = []
    for i, t in enumerate(ts):
        view = tuple(-1 if j == i else 1 for j in range(len(ts)))
        grids.append(t.view(view).expand(shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def _cpp_repr(t) -> str:
    """A 2-D tensor as PyTorch's C++ prints it into messages (other ranks: their shape)."""
    a = t._data
    kind = f"[ torch.{t.dtype.legacy}Tensor{{{','.join(map(str, a.shape))}}} ]"
    if a.ndim != 2:
        return kind
    cells = [[f"{v:g}" for v in row] for row in a.tolist()]
    width = max((len(c) for row in cells for c in row), default=0)
    rows = ["".join(" " + c.rjust(width) + " " for c in row).rstrip() for row in cells]
    return "\n".join(rows) + "\n" + kind


def _vector(t, fname="cartesian_prod"):
    check_tensor(t, fname, "tensors")
    if t._data.ndim != 1:
        raise TorchRuntimeError(f"Expect a 1D vector, but got shape {_shape_str(t._data.shape)}")
    return t


@register("cartesian_prod", grad_fn="StackBackward0", sample=fixed((((3,), (2,)), {})))
def cartesian_prod(*tensors):
    """every tuple of elements, one from each vector: stack(flattened meshgrid, 1)"""
    ts = [_vector(t) for t in _tensors_only(list(tensors))]   # (no list unpacked here)
    if len(ts) == 1:
        return ts[0]
    return stack([g.flatten() for g in meshgrid(*ts, indexing="ij")], 1)


@register("combinations", grad_fn="StackBackward0", sample=fixed(
    (((4,),), {}), (((3,),), {"r": 3, "with_replacement": True})))
def combinations(input, r=2, with_replacement=False):
    """the r-element combinations of a vector in lexicographic order (StackBackward0)"""
    x = _vector(input, "combinations")
    if r < 0:
        raise TorchRuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return wrap(np.empty((0,), dtype=x._data.dtype))
    # ATen's: an "ij" meshgrid of r copies, each masked by i < j < k ... (<= with
    # replacement) in row-major order, stacked as columns
    grids = meshgrid(*([x] * r), indexing="ij")
    index = np.indices((x._data.shape[0],) * r)
    keep = np.ones(index.shape[1:], dtype=bool)
    for i in range(r - 1):
        keep &= index[i] <= index[i + 1] if with_replacement else index[i] < index[i + 1]
    mask = wrap(keep)
    return stack([g.masked_select(mask) for g in grids], 1)


def _index_set(kind, row, col, offset, dtype):
    for name, v in (("row", row), ("col", col)):
        if v < 0:
            raise TorchRuntimeError(f"{name} must be non-negative, got{v}")
    dt = dtype or dtypes.int64
    if dt.name not in ("int32", "int64"):       # (its kernel's dispatch: the index types)
        raise TorchNotImplementedError(f'"{kind}" not implemented for \'{dt.legacy}\'')
    fn = np.tril_indices if kind == "tril_indices" else np.triu_indices
    r, c = fn(row, offset, col)
    return wrap(np.stack([r, c]).astype(dt.np).reshape(2, -1))


@register("tril_indices", differentiable=False)
def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """the (row, col) indices of the lower triangle of a row x col matrix, row by row"""
    from .. import devices
    devices.check(device)
    return _index_set("tril_indices", row, col, offset, dtype)


@register("triu_indices", differentiable=False)
def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """the (row, col) indices of the upper triangle of a row x col matrix, row by row"""
    from .. import devices
    devices.check(device)
    return _index_set("triu_indices", row, col, offset, dtype)


class BlockDiagBackward0(Node):
    """d block_diag(A, B, ...) = the diagonal blocks of g, one per input"""

    legacy_vmap_refusal = ("Batching rule not implemented for aten::block_diag. We could not "
                           "generate a fallback.")

    def forward(self, *arrays):
        out = np.zeros(self.shape, dtype=self.dtype)
        for a, (r, c) in zip(arrays, self.corners):
            m = _as_block(a)
            out[r:r + m.shape[0], c:c + m.shape[1]] = m
        return out

    def backward(self, g):
        grads = []
        for (shape, _), (r, c) in zip(self._in_meta, self.corners):
            h, w = _block_shape(shape)
            grads.append(g[r:r + h, c:c + w].reshape(shape))
        return tuple(grads)


def _block_shape(shape):
    return (1, 1) if len(shape) == 0 else ((1, shape[0]) if len(shape) == 1 else shape)


def _as_block(a):
    return a.reshape(_block_shape(a.shape))


@register("block_diag", grad_fn="BlockDiagBackward0", sample=fixed(
    (((2, 2), (3,), (), (1, 2)), {})))
def block_diag(*tensors):
    """the inputs (0-d, 1-d as a row, 2-d) down the diagonal of a zero matrix"""
    for i, t in enumerate(tensors):             # (the list is _VF.block_diag's argument 0)
        if not isinstance(t, Tensor):
            raise TorchTypeError(f"expected Tensor as element {i} in argument 0, but got "
                                 f"{type(t).__name__}")
    ts = list(tensors)
    for i, t in enumerate(ts):
        if t._data.ndim > 2:
            raise TorchRuntimeError("torch.block_diag: Input tensors must have 2 or fewer "
                                    f"dimensions. Input {i} has {t._data.ndim} dimensions")
    if not ts:
        return wrap(np.zeros((1, 0), dtype=dtypes.get_default_dtype().np))
    dt = dtypes.result_type([(t.dtype, 1) for t in ts], ()).np
    corners, r, c = [], 0, 0
    for t in ts:
        h, w = _block_shape(t._data.shape)
        corners.append((r, c))
        r, c = r + h, c + w
    return apply(BlockDiagBackward0, tuple(ts), dt, shape=(r, c), dtype=dt,
                 corners=tuple(corners))


# -- pairwise distances -----------------------------------------------------------------------

def _pnorm_np(d, p):
    a = np.abs(d)
    if p == 0:
        return (a != 0).sum(-1).astype(d.dtype)
    if p == math.inf:
        return a.max(-1) if a.shape[-1] else np.zeros(a.shape[:-1], d.dtype)
    if p == 1:
        return a.sum(-1)
    if p == 2:
        return np.sqrt((a * a).sum(-1))
    return (a ** p).sum(-1) ** (1.0 / p)


def _cdist_values(a, p):
    """ATen's cdist kernel over a = |x1_i - x2_j| (last axis), p not 0 or inf: terms added
    one after another from 0, then finished. For p = 2 the released build's compiled loop
    adds the squares of whole groups (of four floats, of two doubles) rounded and fuses
    the last m % 4 (m % 2) into multiply-adds; other p add |d|**p (p = 1: |d|) and take
    agg**(1/p) with the C library's pow (float32: double pow rounded)."""
    m = a.shape[-1]
    group = 4 if a.dtype == np.float32 else 2
    agg = np.zeros(a.shape[:-1], a.dtype)
    power = _glibc_pow if a.dtype == np.float64 else \
        (lambda x, y: np.power(x.astype(np.float64), y).astype(np.float32))
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(m):
            v = a[..., k]
            if p == 2:
                agg = agg + v * v if k < m - m % group else fma(v, v, agg)
            elif p == 1:
                agg = agg + v
            else:
                agg = agg + power(v, p)
        if p == 2:
            return np.sqrt(agg)
        if p == 1:
            return agg
        return power(agg, 1.0 / p)


def _sleef_pow(x, y):
    """SLEEF's pow or powf (ATen's Vectorized<double or float>::pow) below EXACT_ELEMENTS,
    else NumPy's."""
    if x.size >= EXACT_ELEMENTS:
        with np.errstate(all="ignore"):
            return np.power(x, y)
    if x.dtype == np.float64:
        from .. import vecmath64
        return vecmath64.pow(x, y)
    from .. import vecmath
    return vecmath.pow(x, y)


def _cdist_terms(d, g, r, p):
    """ATen's _cdist_backward term for each pair (d = x1_i - x2_j, g its gradient, r its
    distance), as its vectorised F::backward computes it (SLEEF's pow): g sign(d) (p = 1);
    sign(d) |d|^(p-1) g / r^(p-1) (p < 2); g d / r (p = 2); d |d|^(p-2) g / r^(p-1);
    g sign(d) where |d| equals r (p = inf, every tie in full); 0 where r is 0."""
    with np.errstate(all="ignore"):
        if p == 1:
            return g * np.sign(d)
        if p == math.inf:
            return g * np.sign(d) * (1 - np.minimum(1, np.ceil(np.abs(np.abs(d) - r))))
        pv = d.dtype.type(p)                # Vec(p) in the tensor's dtype
        if p == 2:
            w = g * d / r
        elif p < 2:
            w = np.sign(d) * _sleef_pow(np.abs(d), pv - 1) * g / _sleef_pow(r, pv - 1)
            if p < 1:
                w = np.where(d == 0, d.dtype.type(0), w)     # not 0 * inf
        else:
            w = d * _sleef_pow(np.abs(d), pv - 2) * g / _sleef_pow(r, pv - 1)
        return np.where(r == 0, d.dtype.type(0), w)


def pdist_values(a, p):
    """ATen's pdist kernel over a = |x_i - x_j| (pairs by the last axis but one, features
    by the last): map2_reduce_all, which maps whole vectors of features (|d|, |d|^2, SLEEF's
    |d|^p, min(ceil|d|, 1) for p = 0) and adds them in vecmath's lane order (`sum_last`:
    floats folded in halves, `sum_last64`: doubles in turn); p = inf takes their max, the
    same in any order; then sqrt, or pow(agg, 1/p). Its vectors are 256 bits (8 floats,
    4 doubles) on AVX-512 machines too: ATen does not build this kernel for AVX-512
    (measured with torch 2.13 on an Intel Xeon)."""
    from .. import vecmath
    with np.errstate(all="ignore"):
        if p == math.inf:
            return np.max(a, axis=-1, initial=a.dtype.type(0))
        if p == 0:
            e = np.minimum(np.ceil(a), a.dtype.type(1))
        elif p == 2:
            e = a * a
        elif p == 1:
            e = a
        else:
            e = _sleef_pow(a, a.dtype.type(p))
        acc = vecmath.sum_last64(e, 4) if a.dtype == np.float64 else vecmath.sum_last(e, 8)
        if p == 2:
            return np.sqrt(acc)
        if p in (0, 1):
            return acc
        if a.dtype == np.float32:
            return np.power(acc.astype(np.float64), 1.0 / p).astype(np.float32)
        return _glibc_pow(acc, 1.0 / p)


def pdist_grad(a, g, dist, p):
    """ATen's _pdist_backward: for each row k, 0 minus the terms of its pairs with the
    rows before it, then plus those with the rows after it, in turn (`_cdist_terms`;
    p = 0: zeros)."""
    n = a.shape[0]
    if p == 0 or n < 2:
        return np.zeros_like(a)
    i, j = np.triu_indices(n, 1)
    t = _cdist_terms(a[i] - a[j], g[:, None].astype(a.dtype, copy=False), dist[:, None], p)
    if n * n * a.shape[1] > 1 << 22:           # beyond ~4M terms: summed by NumPy
        out = np.zeros_like(a)
        np.add.at(out, i, t)
        np.add.at(out, j, -t)
        return out
    seq = np.full((n, n) + a.shape[1:], -0.0, a.dtype)  # -0 adds nothing, to +0 too
    seq[i, j] = t
    seq[j, i] = -t
    return _serial_sum(seq, 1) + a.dtype.type(0)


class CdistBackward0(Node):
    """d ||x1_i - x2_j||_p = sign(d)|d|^(p-1) / dist^(p-1)  (d = x1_i - x2_j)"""

    save_inputs = (0, 1)
    save_output = True

    @quiet
    def forward(self, x1, x2):
        d = x1[..., :, None, :] - x2[..., None, :, :]
        if d.dtype in (np.float32, np.float64) and self.p not in (0, math.inf) and \
                d.shape[-1]:
            return _cdist_values(np.abs(d), self.p)
        return np.asarray(_pnorm_np(d, self.p), dtype=x1.dtype)

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for _cdist_forward"""
        raise forward_ad.unsupported("_cdist_forward")

    def backward(self, g):
        x1, x2, dist = self.saved
        a, b, r = x1._data, x2._data, dist._data[..., None]
        d = a[..., :, None, :] - b[..., None, :, :]
        # ATen's _cdist_backward: each pair's term added in turn from 0 (over x2's rows for
        # x1's gradient; over x1's for x2's, whose terms are these negated exactly)
        zero = a.dtype.type(0)
        if self.p == 0:
            w = np.zeros(np.broadcast_shapes(d.shape, g._data.shape + (1,)), d.dtype)
        else:
            w = _cdist_terms(d, g._data[..., None].astype(d.dtype, copy=False), r, self.p)
        g1 = _serial_sum(w, -2) + zero if self.needs(0) else None
        g2 = _serial_sum(-w, -3) + zero if self.needs(1) else None
        # derivatives.yaml: x1: _cdist_backward(grad.contiguous(), x1, x2, p, result), then
        # x2: _cdist_backward(grad.mT().contiguous(), x2, x1, p, result.mT().contiguous());
        # each in the inputs' broadcast batch shape, which the engine sums back
        if g1 is not None:
            g1 = _no_derivative(g1, (g.contiguous(), x1, x2, dist))
        if g2 is not None:
            rt = dist.mT.contiguous()
            g2 = _no_derivative(g2, (g.mT.contiguous(), x2, x1, rt))
        return g1, g2


def _serial_sum(w, axis):
    """The sum over axis one term after another (NumPy's accumulate is serial)."""
    return np.add.accumulate(w, axis=axis).take(-1, axis=axis) if w.shape[axis] else \
        w.sum(axis)


class NoDerivative(Node):
    """A backward function PyTorch does not differentiate (`kernel`): running it raises"""

    kernel = ""

    def forward(self, *arrays):
        return self.value

    def backward(self, *grads):
        raise TorchNotImplementedError(f"the derivative for '{self.kernel}' is not "
                                       "implemented.")


class CdistBackwardBackward0(NoDerivative):
    """_cdist_backward, which PyTorch does not differentiate: running it raises"""
    kernel = "_cdist_backward"


class EmbeddingBagBackwardBackward0(NoDerivative):
    """_embedding_bag_backward, which PyTorch does not differentiate: running it raises"""
    kernel = "_embedding_bag_backward"


def no_derivative(cls, value, inputs):
    """A gradient `value`; with create_graph, on a `cls` node (a NoDerivative) over those of
    `inputs` that require grad."""
    needing = tuple(t for t in inputs if t._requires_grad)
    if not _enabled[0] or not needing:
        return wrap(value)
    return apply(cls, needing, value=value)


def _no_derivative(value, inputs):
    """cdist's gradient `value`; with create_graph, on a node whose backward raises."""
    return no_derivative(CdistBackwardBackward0, value, inputs)


class EuclideanDistBackward0(Node):
    """PyTorch's matrix-product form of the p = 2 distance (cdist of more than 25 rows):
    sqrt(max(|x1|^2 - 2 x1.x2 + |x2|^2, 0)) as one product of padded rows;
    d/dx1 = x1 sum_j r_ij - r x2, d/dx2 = x2 sum_i r_ij - r^T x1, r = g / dist (0 where
    dist is 0: a subgradient), ATen's _euclidean_dist_backward"""

    save_inputs = (0, 1)
    save_output = True

    def forward(self, x1, x2):
        from .shape import cat
        a, b = wrap(x1), wrap(x2)
        n1, n2 = (a * a).sum(-1, keepdim=True), (b * b).sum(-1, keepdim=True)
        p1 = cat([a * -2, n1, n1 * 0 + 1], -1)
        p2 = cat([b, n2 * 0 + 1, n2], -1)
        return (p1 @ p2.mT).clamp_min(0).sqrt()._data

    def backward(self, g):
        x1, x2, res = self.saved
        ratio = (g / res).masked_fill(res == 0, 0)
        g1 = x1 * ratio.sum(-1, keepdim=True) - ratio @ x2 if self.needs(0) else None
        g2 = x2 * ratio.sum(-2).unsqueeze(-1) - ratio.mT @ x1 if self.needs(1) else None
        return g1, g2


@register("cdist", grad_fn="CdistBackward0", no_second_order=(
    "the derivative for '_cdist_backward' is not implemented."), sample=fixed(
    (((3, 2), (4, 2)), {}), (((3, 2), (2, 2)), {"p": 1.0}), (((2, 3), (2, 3)), {"p": 3.0}),
    (((2, 2, 3), (3, 3)), {"p": float("inf")})))
def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """p-norm distance between each row of x1 and each row of x2 (batched):
    d/dx1 = sum_j g_ij sign(d)|d|^(p-1)/dist^(p-1)"""
    if compute_mode not in ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                            "donot_use_mm_for_euclid_dist"):
        raise TorchValueError(f"{compute_mode} is not a valid value for compute_mode")
    a, b = check_tensor(x1, "cdist", "x1"), check_tensor(x2, "cdist", "x2", 2)
    for name, t in (("X1", a), ("X2", b)):
        if t._data.ndim < 2:
            raise TorchRuntimeError(f"cdist only supports at least 2D tensors, {name} got: "
                                    f"{t._data.ndim}D")
        if t._data.dtype.kind != "f":
            raise TorchRuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                                    f"{t.dtype.legacy}")
    if a._data.shape[-1] != b._data.shape[-1]:
        raise TorchRuntimeError(f"X1 and X2 must have the same number of columns. X1: "
                                f"{a._data.shape[-1]} X2: {b._data.shape[-1]}")
    if not p >= 0:                          # (nan too)
        raise TorchRuntimeError("cdist only supports non-negative p values")
    r1, r2 = a._data.shape[-2], b._data.shape[-2]
    mm = p == 2 and (compute_mode == "use_mm_for_euclid_dist" or (
        compute_mode == "use_mm_for_euclid_dist_if_necessary" and (r1 > 25 or r2 > 25)))
    if not mm:                              # (the matmul path takes any float dtype)
        refuse_low_precision("cdist", a, autocast_fp32=True)
    if a.dtype is not b.dtype:
        raise TorchRuntimeError(f"expected scalar type {a.dtype.legacy} but found "
                                f"{b.dtype.legacy}")
    try:
        batch = np.broadcast_shapes(a._data.shape[:-2], b._data.shape[:-2])
    except ValueError:
        raise broadcast_error(a._data.shape[:-2], b._data.shape[:-2]) from None
    if mm:                                  # ATen's cdist_impl
        a, b = a.expand(batch + a._data.shape[-2:]), b.expand(batch + b._data.shape[-2:])
        n = int(np.prod(batch))
        if n == 1:
            dist = apply(EuclideanDistBackward0, (x1, x2))
        else:
            c = a._data.shape[-1]
            dist = apply(EuclideanDistBackward0, (a.contiguous().view(n, r1, c),
                                                  b.contiguous().view(n, r2, c)))
        return dist.view(batch + (r1, r2))
    return apply(CdistBackward0, (a, b), p=float(p))    # batch dims broadcast inside


# -- order statistics -------------------------------------------------------------------------

class AminmaxBackward0(Node):
    """d (min, max) = g_min, g_max each split evenly among the elements equal to it"""

    n_outputs = 2
    save_inputs = (0,)
    save_output, saved_results = True, (0, 1)     # kept as PyTorch keeps them (its rule
    result_names = ("min", "max")                   # reads them; this one recomputes)
    materialize_grads = False       # an unused output's gradient stays None, as in PyTorch

    def forward(self, x):
        return (np.asarray(np.min(x, axis=self.dims, keepdims=self.keepdim)),
                np.asarray(np.max(x, axis=self.dims, keepdims=self.keepdim)))

    def backward(self, gmin, gmax):
        x = self.saved[0]
        a, out = x._data, None
        kept = np.min(a, axis=self.dims, keepdims=True).shape
        for g, fn in ((gmin, np.min), (gmax, np.max)):
            if g is not None:
                hit = a == fn(a, axis=self.dims, keepdims=True)
                share = hit / hit.sum(axis=self.dims, keepdims=True)
                part = g.reshape(kept) * _const(x, share)
                out = part if out is None else out + part     # not 0 + part: -0 stays -0
        return out


@register("aminmax", grad_fn="AminmaxBackward0", method=True, sample=fixed(
    (((5,),), {}), (((2, 3),), {"dim": 1}), (((2, 3),), {"dim": 0, "keepdim": True})))
def aminmax(input, *, dim=None, keepdim=False):
    """(min, max) over all or along dim: each gradient goes evenly to its extreme elements"""
    x = check_tensor(input, "aminmax")
    nd = x._data.ndim
    dims = tuple(range(nd)) if dim is None else wrap_dims(dim, nd)
    if dim is None and x._data.size == 0:
        raise TorchRuntimeError("aminmax(): cannot compute aminmax over an empty dimension as "
                                "the operation has no identity.")
    if dim is not None and nd and x._data.shape[dims[0]] == 0:
        raise TorchIndexError(f"aminmax: Expected reduction dim {dims[0]} to have non-zero "
                                "size.")
    if dim is not None and nd == 0:
        dims = ()
        if x.dtype.is_complex:          # (ATen's 0-d shortcut checks in its own words)
            raise TorchRuntimeError(f"aminmax not implemented for {x.dtype.legacy}")
    refuse_complex("aminmax", x)
    return _Result("aminmax", ("min", "max"),
                   apply(AminmaxBackward0, (x,), dims=dims, keepdim=bool(keepdim and nd),
                         as_given={"dim": dim}))


class LerpBackward1(Node):
    """d lerp(s, e, w) = g(1 - w), g w  (w a constant array)"""

    def forward(self, s, e):
        w = self.weight
        return np.where(w < 0.5, s + w * (e - s), e - (e - s) * (1 - w)).astype(s.dtype)

    def backward(self, g):
        w = wrap(self.weight)
        return g * (1 - w), g * w


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile_q(q, x):
    """q as a 1-D array of x's dtype and whether it was a scalar, checked as ATen's
    quantile_checks does (input non-empty, q's rank, input's dtype, q's dtype, in that order);
    a tensor q's values are checked later (_quantile_in_range)."""
    if x._data.size == 0:
        raise TorchRuntimeError("quantile() input tensor must be non-empty")
    if isinstance(q, Tensor) and q._data.ndim > 1:
        raise TorchRuntimeError("quantile() q must be a scalar or 1D tensor")
    if x._data.dtype not in (np.float32, np.float64):
        raise TorchRuntimeError("quantile() input tensor must be either float or double dtype")
    if not isinstance(q, Tensor):
        return np.asarray([q], dtype=x._data.dtype), True
    if q._data.dtype != x._data.dtype:
        raise TorchRuntimeError("quantile() q tensor must be same dtype as the input tensor")
    return q._data.reshape(-1), q._data.ndim == 0


def _quantile_in_range(qa) -> None:
    """ATen's check of a tensor q's values, made after the dim is wrapped (NaN fails it)."""
    if not np.all((qa >= 0) & (qa <= 1)):
        raise TorchRuntimeError("quantile() q values must be in the range [0, 1]")


def _quantile_ranks(sd, qa, ignore_nan, interpolation):
    """The fractional positions of the quantiles in the sorted last dim of sd (dtype of sd)."""
    dt = sd.dtype
    if ignore_nan:
        count = (~np.isnan(sd)).sum(-1, keepdims=True)
        ranks = qa * (count - 1).astype(dt)
        ranks = np.where(ranks < 0, 0, ranks).astype(dt)
    else:
        last = sd.shape[-1] - 1
        ranks = np.broadcast_to(qa * dt.type(last), sd.shape[:-1] + qa.shape)
        ranks = np.where(np.isnan(sd).any(-1, keepdims=True), dt.type(last), ranks).astype(dt)
    if interpolation == "lower":
        ranks = np.floor(ranks)
    elif interpolation == "higher":
        ranks = np.ceil(ranks)
    elif interpolation == "nearest":
        ranks = np.round(ranks)
    return ranks


def _quantile(input, q, dim, keepdim, interpolation, ignore_nan, fname):
    x = check_tensor(input, fname)
    if not isinstance(q, (Tensor, int, float)):
        from ..callerrors import invalid_combination
        raise TorchTypeError(invalid_combination(fname, (x, q), {}, False))
    if isinstance(q, bool):             # (the parser's double takes a bool: True is 1.0)
        q = float(q)
    if _autocast_cpu[0] and isinstance(q, Tensor):      # (its input's cast: amp.ENTRY_POLICY)
        q = _amp.cast_inputs(_amp.ENTRY_POLICY[fname], (q,))[0]
    if not isinstance(q, Tensor) and not 0 <= q <= 1:
        raise TorchRuntimeError(f"quantile() q must be in the range [0, 1] but got {q:g}")
    if interpolation not in _INTERPOLATIONS:
        raise TorchRuntimeError("quantile() interpolation must be one of linear, lower, "
                                f"higher, midpoint or nearest, but got {interpolation}")
    qa, scalar_q = _quantile_q(q, x)
    nd, shape = x._data.ndim, x._data.shape
    d = None if dim is None else wrap_dim(dim, nd)
    _quantile_in_range(qa)
    if dim is None:
        s = x.flatten().sort()[0]
        kept = (1,) * nd if keepdim else ()
    else:
        s = (x if d == nd - 1 else x.unsqueeze(-1).transpose(d, -1)).sort()[0]
        kept = shape[:d] + (1,) * bool(keepdim) + shape[d + 1:] if nd else ()
    s = s.view(kept + s._data.shape[-1:])     # PyTorch's view to the output's shape (a node
                                              # even when it keeps the shape)
    ranks = _quantile_ranks(s._data, qa, ignore_nan, interpolation)
    below = ranks.astype(np.int64)
    out = s.gather(-1, wrap(below))
    if interpolation in ("linear", "midpoint"):
        weight = np.full_like(ranks, 0.5) if interpolation == "midpoint" else ranks - below
        above = s.gather(-1, wrap(np.ceil(ranks).astype(np.int64)))
        out = apply(LerpBackward1, (out, above), weight=weight.astype(ranks.dtype))
    if not scalar_q:
        out = apply(UnsqueezeBackward1, (out,), dim=0)      # PyTorch's in-place nodes
        out = apply(TransposeBackward1, (out,), d0=0, d1=out._data.ndim - 1)
    return apply(SqueezeBackward4, (out,), dims=(out._data.ndim - 1,), as_given={"dim": -1})


@register("quantile", grad_fn="SqueezeBackward4", method=True, sample=fixed(
    (((5,), 0.3), {}), (((2, 4), 0.25), {"dim": 1}),
    (((3, 2), 0.6), {"dim": 0, "keepdim": True, "interpolation": "midpoint"}),
    (((6,), 0.45), {"interpolation": "nearest"})))
def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None):
    """the q-th quantiles over all or along dim (sorted, then interpolated between the two
    nearest ranks): d/dx = g (1 - w) and g w at those two elements"""
    return _quantile(input, _q_const(q), dim, keepdim, interpolation, False, "quantile")


@register("nanquantile", grad_fn="SqueezeBackward4", method=True, sample=fixed(
    (((5,), 0.3), {}), (((2, 4), 0.5), {"dim": 1})))
def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None):
    """quantile ignoring NaN (NaN only where a whole slice is NaN)"""
    return _quantile(input, _q_const(q), dim, keepdim, interpolation, True, "nanquantile")


def _q_const(q):
    """q from a sample's float array is a leaf requiring grad: PyTorch reads only its values."""
    return q.detach() if isinstance(q, Tensor) and q._requires_grad else q


ModeBackward0 = type("ModeBackward0", (_ByIndex,), {"__doc__": "d mode(x) = g at the index"})


def _mode_row(row, exact=True):
    """Index of the most frequent value of a 1-D array as PyTorch's kernel finds it (its
    std::sort's order, see stlsort); past stlsort's reach, the smallest most frequent value
    at its last position."""
    if exact:
        return mode_index(row)
    vals, counts = np.unique(row, return_counts=True)
    v = vals[np.argmax(counts)] if vals.size else row[0]
    return np.flatnonzero(row == v)[-1] if row.size else 0


@register("mode", grad_fn="ModeBackward0", method=True, sample=fixed(
    ((np.array([1.5, 2.5, 0.5, 1.25, 3.0]),), {}),
    ((np.array([[1., 2., 1.5], [0.5, -0.5, 3.]]), 1, True), {})))
def mode(input, dim=-1, keepdim=False):
    """(values, indices) of the most frequent value along dim: d/dx = g at the index"""
    x = check_tensor(input, "mode")
    a = x._data
    d = wrap_dim(dim, a.ndim)
    if a.ndim == 0:
        refuse_complex("mode", x)
        return _by_index(ModeBackward0, "mode", x, 0, np.zeros((), np.int64), keepdim, dim)
    check_nonempty_dims(x, (d,), "mode")
    refuse_complex("mode", x)
    moved = np.moveaxis(a, d, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    exact = rows.size <= EXACT_TIES_MAX
    idx = np.array([_mode_row(r, exact) for r in rows], dtype=np.int64)
    idx = np.expand_dims(idx.reshape(moved.shape[:-1]), d)
    return _by_index(ModeBackward0, "mode", x, d, idx, keepdim, dim)


class NanmedianBackward0(MedianBackward0):
    """d nanmedian(x) = g split evenly among the elements equal to the median (among the NaNs
    when every element is NaN)"""

    def forward(self, x):
        flat = x.reshape(-1)
        kept = np.sort(flat[~np.isnan(flat)] if flat.dtype.kind in "fc" else flat)
        if kept.size == 0:
            from .select import nan_of
            return nan_of(x.dtype)
        return np.asarray(kept[(kept.size - 1) // 2], dtype=x.dtype)


NanmedianBackward1 = type("NanmedianBackward1", (_ByIndex,), {
    "__doc__": "d nanmedian(x, dim) = g at the index of each median"})


def _nanmedian_index(a: np.ndarray, dim: int) -> np.ndarray:
    """Index of the lower median of the non-NaN values along dim (keepdim-shaped)."""
    order = _order(a, dim, False)
    if a.ndim == 0:
        return order
    valid = (~np.isnan(a) if a.dtype.kind in "fc" else np.ones_like(a, bool)).sum(
        axis=dim, keepdims=True)
    return np.take_along_axis(order, np.maximum(valid - 1, 0) // 2, dim)


@register("nanmedian", grad_fn="NanmedianBackward0", method=True, sample=fixed(
    (((5,),), {}), (((2, 3),), {}), (((3, 4), 1), {}), (((4, 3), 0, True), {})))
def nanmedian(input, dim=None, keepdim=False):
    """lower median ignoring NaNs: of all, ties share g (NanmedianBackward0); along dim
    -> (values, indices), g to the index (NanmedianBackward1)"""
    x = check_tensor(input, "nanmedian")
    if dim is None:
        if x._data.size:                      # empty: nan, as PyTorch returns before its kernel
            no_bool(x, "median_cpu")
            refuse_complex("median", x)
        return apply(NanmedianBackward0, (x,))
    d = wrap_dim(dim, x._data.ndim)
    if x._data.ndim:                          # (ATen's median_with_indices_impl's words)
        check_nonempty_dims(x, (d,), "median")
    no_bool(x, "median_out")
    refuse_complex("median:dim", x)
    return _by_index(NanmedianBackward1, "nanmedian", x, d, _nanmedian_index(x._data, d),
                     keepdim, dim)


# -- signs ------------------------------------------------------------------------------------

def _copysign_grad(g, a, y):
    """PyTorch's copysign_tensor_self_backward: g * (result / self), the ratio 0 where self
    is 0 (so nan where self is infinite or nan); with the ops' graph while one is built."""
    if _enabled[0]:
        return g * (y / a).masked_fill(wrap(a._data == 0), 0)
    with np.errstate(all="ignore"):
        ratio = np.where(a._data == 0, a._data.dtype.type(0), y._data / a._data)
    return g * _const(a, ratio)


class CopysignBackward0(Node):
    """d copysign(a, b) = g * copysign(a, b) / a (0 at a = 0), 0 for b"""

    save_inputs = (0,)
    save_output = True

    def forward(self, a, b):
        return np.copysign(a, b)

    def jvp(self, inputs, tangents, out):
        """copysign_tensor_self_backward(self_t, self_p, result): no tangent unless self has
        one (other's is not in the formula)"""
        ta = tangents[0]
        if ta is None:
            from ..autograd.forward_ad import NO_TANGENT
            return NO_TANGENT
        return _copysign_grad(ta, inputs[0], out)

    def backward(self, g):
        a, y = self.saved
        ga = _copysign_grad(g, a, y) if self.needs(0) else None
        return ga, (zeros_for(g) if self.needs(1) else None)


class CopysignBackward1(Node):
    """d copysign(a, c) = g * copysign(a, c) / a (0 at a = 0)  (c a number)"""

    save_inputs = (0,)
    save_output = True

    def forward(self, a):
        return np.copysign(a, a.dtype.type(self.other))

    def backward(self, g):
        a, y = self.saved
        return _copysign_grad(g, a, y)


@register("copysign", grad_fn="CopysignBackward0", method=True, sample=fixed(
    (((2, 3), (3,)), {}), (((3,), -1.0), {})))
def copysign(input, other):
    """|input| with the sign of other: d/dinput = sign(input) sign(other), d/dother = 0"""
    x = check_tensor(input, "copysign")
    refuse_complex("copysign", x, other, numbers=True)
    if not isinstance(other, Tensor):
        return apply(CopysignBackward1, (x,), float_cast(x), other=float(other))
    a, b = x, other
    cast = promoted(a, b, floating=True)
    r = binary(CopysignBackward0, a, b) if cast is None else \
        apply(CopysignBackward0, (a, b), cast)
    return r


@register("signbit", method=True, differentiable=False)
def signbit(input):
    """whether the sign bit is set (True for -0.0)"""
    x = check_tensor(input, "signbit")
    refuse_complex("signbit", x)
    return wrap(np.signbit(x._data))


# -- renorm -----------------------------------------------------------------------------------

class RenormBackward0(Node):
    """y = x * f, f = maxnorm/(||x_i||_p + 1e-7) on slices over maxnorm:
    d/dx = f g - maxnorm/(n + 1e-7)^2 <x, g> dn/dx there, g elsewhere"""

    save_inputs = (0,)

    def forward(self, x):
        norm = _slice_norms(x, self.dim, self.p)
        factor = np.where(norm > self.maxnorm, self.maxnorm / (norm + 1e-7), 1.0)
        return np.asarray(x * factor, dtype=x.dtype, order="C")     # contiguous, as ATen's

    def backward(self, g):
        """PyTorch's renorm_backward, op for op: the slices' norms in the accumulate type
        (float64 for a float32 input on CPU), norm_backward of sum(x * g) over each slice,
        invnorm = 1 / (norm + 1e-7), then where(norm > maxnorm,
        invnorm * maxnorm * (g - invnorm * nb), g) (rounded to x's dtype by the engine)."""
        from .reduce import norm_backward
        (x,) = self.saved
        dims = tuple(i for i in range(x._data.ndim) if i != self.dim)
        p, maxnorm = self.p, self.maxnorm
        complex_x = x._data.dtype.kind == "c"
        norm = vector_norm(x, p, dims, True,
                           dtype=dtypes.complex128 if complex_x else dtypes.float64)
        scaled = x.conj() * g if complex_x else x * g
        if scaled._data.dtype.kind == "c":
            scaled = scaled.real
        scaled = scaled.sum(dims, keepdim=True, dtype=dtypes.float64)
        with np.errstate(all="ignore"):
            nb = norm_backward(scaled, x, p, norm, dims, True)
            invnorm = (norm + 1e-7).reciprocal()
            inner = g - invnorm * nb
            return where(wrap(norm._data > maxnorm), invnorm * maxnorm * inner, g)

    complex_backward = backward         # the same formula (conj, real part) for complex x


def _slice_norms(x, dim, p):
    """The p-norm of each slice x.select(dim, i), shaped to broadcast against x."""
    moved = np.moveaxis(x, dim, 0).reshape(x.shape[dim], -1)
    n = _pnorm_np(moved, p)
    shape = [1] * x.ndim
    shape[dim] = x.shape[dim]
    return n.reshape(shape)


@register("renorm", grad_fn="RenormBackward0", method=True, sample=fixed(
    (((3, 4), 2, 0, 1.0), {}), (((2, 3), 1, 1, 1.5), {}), (((2, 3), 3, 0, 0.5), {})))
def renorm(input, p, dim, maxnorm):
    """each slice along dim with p-norm over maxnorm scaled to norm maxnorm"""
    x = check_tensor(input, "renorm")
    if x._data.ndim < 2:
        raise TorchRuntimeError(f"renorm: input needs at least 2 dimensions, got "
                                f"{x._data.ndim} dimensions")
    if p <= 0:
        raise TorchRuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise TorchRuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    check_floating(x, "linalg.vector_norm")
    return apply(RenormBackward0, (x,), dim=wrap_dim(dim, x._data.ndim), p=float(p),
                 maxnorm=float(maxnorm), as_given={"dim": dim, "p": p, "maxnorm": maxnorm})


# -- products and statistics ------------------------------------------------------------------

def _chain_order(dims):
    """PyTorch's multi_dot order for more than three matrices: the split s[i][j] of each
    sub-chain i..j by the classic dynamic programme (first minimum wins)."""
    n = len(dims) - 1
    m = [[0] * n for _ in range(n)]
    s = [[0] * n for _ in range(n)]
    for span in range(1, n):
        for i in range(n - span):
            j = i + span
            m[i][j] = None
            for k in range(i, j):
                q = m[i][k] + m[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if m[i][j] is None or q < m[i][j]:
                    m[i][j], s[i][j] = q, k
    return s


def _chain_product(ms):
    """The product of 2-D tensors in multi_dot's order, evaluated with an explicit stack."""
    n = len(ms)
    if n == 2:
        return ms[0] @ ms[1]
    if n == 3:
        a, b, c, d = ms[0]._data.shape + ms[2]._data.shape
        cost1, cost2 = a * c * (b + d), b * d * (a + c)
        return ms[0] @ (ms[1] @ ms[2]) if cost1 > cost2 else (ms[0] @ ms[1]) @ ms[2]
    s = _chain_order([ms[0]._data.shape[0]] + [m._data.shape[1] for m in ms])
    done, todo = {}, [(0, n - 1)]
    while todo:
        i, j = todo[-1]
        if i == j:
            done[i, j] = ms[i]
            todo.pop()
            continue
        k = s[i][j]
        parts = [(i, k), (k + 1, j)]
        missing = [p for p in parts if p not in done]
        if missing:
            todo.extend(missing)
            continue
        done[i, j] = done[parts[0]] @ done[parts[1]]
        todo.pop()
    return done[0, n - 1]


@register("chain_matmul", grad_fn="ViewBackward0", sample=fixed(
    (((2, 3), (3, 4), (4, 2)), {}), (((2, 3), (3, 2), (2, 4), (4, 1)), {})))
def chain_matmul(*matrices, out=None):
    """A1 @ A2 @ ... in the cheapest order (deprecated in PyTorch for linalg.multi_dot)"""
    warn_once("torch.chain_matmul is deprecated and will be removed in a future PyTorch "
              "release. Use torch.linalg.multi_dot instead, which accepts a list of two or more "
              "tensors rather than multiple parameters. (Triggered internally at "
              "/__w/pytorch/pytorch/aten/src/ATen/native/LinearAlgebra.cpp:1102.)")
    ms = [check_tensor(m, "chain_matmul", "matrices") for m in _tensor_list(matrices)]
    if not ms:
        raise TorchRuntimeError("chain_matmul(): Expected one or more matrices")
    for m in ms:
        if m._data.ndim != 2:
            raise TorchRuntimeError(f"Tensor dimension is {m._data.ndim}, expected 2 instead.")
    if len(ms) == 1:
        return ms[0].clone()
    _check_chain(ms, ms)
    r = _chain_product(ms)
    return r.view(tuple(r._data.shape))


def _check_chain(given, ms):
    """multi_dot's checks of the matrices `ms` (the `given` tensors, vectors made matrices):
    one dtype, and each one's columns the next one's rows."""
    from .linalg import _cname
    for i in range(1, len(ms)):
        if ms[i]._data.dtype != ms[0]._data.dtype:
            raise TorchRuntimeError(f"multi_dot(): all tensors must have be the same dtype but "
                                    f"tensor 0 is {_cname(ms[0])} and tensor {i} "
                                    f"{_cname(ms[i])}")
        if ms[i - 1]._data.shape[-1] != ms[i]._data.shape[0]:
            raise TorchRuntimeError(
                f"multi_dot(): tensors {i - 1} and {i} with shapes "
                f"{_shape_str(given[i - 1]._data.shape)} and {_shape_str(given[i]._data.shape)} "
                "cannot be multiplied")


@register("linalg_multi_dot", grad_fn="ViewBackward0", namespaces=("linalg:multi_dot",),
          sample=fixed((([(2, 3), (3, 4), (4, 2)],), {}), (([(3,), (3, 2)],), {}),
                       (([(3,), (3, 2), (2, 4), (4,)],), {})))
def multi_dot(tensors, *, out=None):
    """A1 @ A2 @ ... in the cheapest order; the first may be a row vector and the last a
    column vector (1-D, their dim dropped from the result): a ViewBackward0"""
    given = [check_tensor(t, "linalg.multi_dot", "tensors") for t in tensors]
    n = len(given)
    if n < 2:
        raise TorchRuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    ms, shape = list(given), []
    for k, end, at, unsq in ((0, "first", 0, 0), (n - 1, "last", 1, -1)):
        nd = given[k]._data.ndim
        if nd not in (1, 2):
            raise TorchRuntimeError(f"multi_dot(): the {end} tensor must be 1D or 2D but got "
                                    f"{nd}D")
        if nd == 1:
            ms[k] = given[k].unsqueeze(unsq)
        else:
            shape.append(given[k]._data.shape[at])
    for i in range(1, n - 1):
        if given[i]._data.ndim != 2:
            raise TorchRuntimeError(f"multi_dot(): tensor {i} must be 2D but got "
                                    f"{given[i]._data.ndim}D")
    _check_chain(given, ms)
    return _chain_product(ms).view(tuple(shape))


def _cov_weights(fweights, aweights, n):
    """The observation weights (fweights * aweights; aweights stays in the graph, as
    PyTorch's composition has it), or None."""
    w = None
    for name, weights, kinds, kind_text in (("fweights", fweights, "iu", "integral"),
                                            ("aweights", aweights, "f", "floating point")):
        if weights is None:
            continue
        a = weights._data
        if a.ndim > 1:
            raise TorchRuntimeError(f"cov(): expected {name} to have one or fewer dimensions "
                                    f"but got {name} with {a.ndim} dimensions")
        if a.dtype.kind not in kinds:
            raise TorchRuntimeError(f"cov(): expected {name} to have {kind_text} dtype but got "
                                    f"{name} with {weights.dtype.legacy} dtype")
        if a.size != n:
            raise TorchRuntimeError(f"cov(): expected {name} to have the same numel as there "
                                    f"are observations in the input but got {a.size} != {n}")
        if n and a.min() < 0:
            raise TorchRuntimeError(f"cov(): {name} cannot be negative")
        w = weights if w is None else w * weights
    return w


@register("cov", grad_fn="SqueezeBackward0", method=True, sample=fixed(
    (((3, 5),), {}), (((4,),), {"correction": 0}),
    (((2, 4),), {"fweights": np.array([1, 2, 1, 3]), "aweights": np.array([.5, 1., 2., 1.])})))
def cov(input, *, correction=1, fweights=None, aweights=None):
    """covariance of the rows (variables) over the columns (observations):
    (x - mean) (w (x - mean))^T / (sum w - correction)"""
    x = check_tensor(input, "cov")
    if x._data.ndim > 2:
        raise TorchRuntimeError("cov(): expected input to have two or fewer dimensions but got "
                                f"an input with {x._data.ndim} dimensions")
    if x._data.dtype == np.bool_:
        raise TorchRuntimeError("cov(): bool dtype is not supported for input")
    inp = x.view((1, -1)) if x._data.ndim < 2 else x
    n = inp._data.shape[1]
    wt = w = _cov_weights(fweights, aweights, n)
    w_sum = wrap(np.asarray(n, np.int64)) if w is None else wt.sum()
    if w is not None and w_sum._data == 0:
        raise TorchRuntimeError("cov(): weights sum to zero, can't be normalized")
    avg = (inp if wt is None else inp * wt).sum(1) / w_sum
    if w is not None and aweights is not None and correction != 0:
        norm = w_sum - correction * (wt * aweights).sum() / w_sum
    else:
        norm = w_sum - correction
    if norm._data <= 0:
        warn_cpp("cov(): degrees of freedom is <= 0. Correction should be strictly less than "
                 "the number of observations. (Triggered internally at /__w/pytorch/pytorch/"
                 "aten/src/ATen/native/Correlation.cpp:129.)")
        norm = norm.zero_()                       # (in place, as ATen)
    inp = inp - avg.unsqueeze(1)
    other = (inp if wt is None else inp * wt).t()
    if other._data.dtype.kind == "c":         # X Y^H, the diagonal's imaginary part exactly 0
        a, b, ct, dt = inp.real, inp.imag, other.real, other.imag
        c = complex_(a @ ct + b @ dt, b @ ct - a @ dt)
    else:
        c = inp @ other
    with np.errstate(divide="ignore", invalid="ignore"):    # PyTorch divides by 0 quietly
        return (c / norm).squeeze()


@register("corrcoef", grad_fn="ClampBackward1", method=True, sample=fixed((((3, 5),), {})))
def corrcoef(input):
    """Pearson correlation of the rows: cov / (std_i std_j), clipped to [-1, 1]"""
    x = check_tensor(input, "corrcoef")
    if x._data.ndim > 2:
        raise TorchRuntimeError("corrcoef(): expected input to have two or fewer dimensions "
                                f"but got an input with {x._data.ndim} dimensions")
    c = cov(x)
    if c._data.ndim == 0:
        return c / c
    std = c.diagonal().sqrt()
    c = c / std.view((-1, 1))
    c = c / std.view((1, -1))
    if c._data.dtype.kind == "c":             # PyTorch clips the real and imaginary parts
        return complex_(c.real.clip(-1, 1), c.imag.clip(-1, 1))
    return c.clip(-1, 1)


# -- deprecated linear-algebra aliases --------------------------------------------------------

_BATCH_LINALG = ("(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
                 "BatchLinearAlgebra.cpp")       # the file of their TORCH_WARN_ONCE


def _no_cholesky_jvp(self, inputs, tangents, out):
    raise forward_ad.unsupported("cholesky")


CholeskyBackward0 = type("CholeskyBackward0", (LinalgCholeskyExBackward0,), {
    "__doc__": "torch.cholesky's node: the rule of linalg.cholesky (no forward rule in "
               "PyTorch)", "jvp": _no_cholesky_jvp})


@register("cholesky", grad_fn="CholeskyBackward0", method=True, sample=fixed(
    ((np.array([[2.0, 0.5, 0.1], [0.5, 1.5, -0.2], [0.1, -0.2, 1.8]]),), {}),
    ((np.array([[2.0, 0.3], [0.3, 1.0]]),), {"upper": True})))
def cholesky(input, upper=False, *, out=None):
    """L with A = L L^T (U with A = U^T U when upper): deprecated for linalg.cholesky"""
    from .matrix import linalg_cholesky
    warn_once(
        "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in "
        "a future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\n"
        "L = torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\nshould be "
        "replaced with\nU = torch.linalg.cholesky(A).mH\nThis transform will produce "
        "equivalent results for all valid (symmetric positive definite) inputs. "
        f"{_BATCH_LINALG}:1765.)")
    a = check_tensor(input, "cholesky")
    try:
        linalg_cholesky(a.detach())              # its checks and error texts
    except TorchRuntimeError as e:
        raise type(e)(str(e).replace("linalg.cholesky:", "cholesky:", 1)) from None  # kind kept
    return apply(CholeskyBackward0, (a,), upper=bool(upper))


@register("qr", grad_fn="LinalgQrBackward0", method=True, sample=fixed((((3, 2),), {})))
def qr(input, some=True, *, out=None):
    """(Q, R) with A = QR: deprecated for linalg.qr (some=True is mode 'reduced')"""
    warn_once(
        "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future "
        "PyTorch release.\nThe boolean parameter 'some' has been replaced with a string "
        "parameter 'mode'.\nQ, R = torch.qr(A, some)\nshould be replaced with\n"
        "Q, R = torch.linalg.qr(A, 'reduced' if some else 'complete') "
        f"{_BATCH_LINALG}:2505.)")
    q, r = linalg_qr(input, "reduced" if some else "complete")
    return _Result("qr", ("Q", "R"), (q, r))


@register("pinverse", grad_fn="LinalgPinvBackward0", method=True, sample=fixed((((3, 2),), {})))
def pinverse(input, rcond=1e-15):
    """the Moore-Penrose pseudo-inverse: linalg.pinv(input, rtol=rcond)"""
    return _pinv(check_tensor(input, "pinverse"), None, rcond, False, False)  # (autocast:
                                                                              # ENTRY_POLICY)


# -- losses -----------------------------------------------------------------------------------

category("loss")


def _reduce(loss, reduction):
    """PyTorch's apply_loss_reduction."""
    if reduction == "mean":
        return loss.mean()
    return loss.sum() if reduction == "sum" else loss


_PM1 = np.array([1, -1, -1, 1])


def _margin(margin, fname: str, position: int) -> float:
    """A margin as ATen's double argument (True is 1.0; integer inputs then give a float
    loss), or the argument parser's refusal."""
    if isinstance(margin, (bool, int, float, Tensor)):
        return float(margin)
    raise TorchTypeError(f"{fname}(): argument 'margin' (position {position}) must be float, "
                         f"not {type(margin).__name__}")


@register("margin_ranking_loss", grad_fn="MeanBackward0", namespaces=_FN, sample=fixed(
    (((4,), (4,), _PM1), {}), (((4,), (4,), _PM1), {"margin": 0.5, "reduction": "none"}),
    (((4,), (4,), (4,)), {"reduction": "sum"})))
@aten_composite
def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                        reduction="mean"):
    """max(0, -y (x1 - x2) + margin): d/dx1 = -y where positive"""
    for v in (input1, input2, target):      # F's `input1.dim() != input2.dim() ...`
        getattr(v, "dim")
    a = check_tensor(input1, "margin_ranking_loss", "input1")
    b = check_tensor(input2, "margin_ranking_loss", "input2", 2)
    t = check_tensor(target, "margin_ranking_loss", "target", 3)
    red = _reduction(reduction, size_average, reduce)
    if not a._data.ndim == b._data.ndim == t._data.ndim:
        raise TorchRuntimeError(
            "margin_ranking_loss : All input tensors should have same dimension but got sizes: "
            f"input1: {_size(a._data.shape)}, input2: {_size(b._data.shape)}, "
            f"target: {_size(t._data.shape)} ")
    diff = a - b                    # (PyTorch's C++: the right operand's node first)
    # ATen's margin is a double: integer inputs give a floating loss (margin=True is 1.0)
    return _reduce((-t * diff + _margin(margin, "margin_ranking_loss", 4)).clamp_min(0), red)


@register("hinge_embedding_loss", grad_fn="MeanBackward0", namespaces=_FN, sample=fixed(
    (((4,), _PM1), {}), (((2, 2), _PM1.reshape(2, 2)), {"margin": 2.0, "reduction": "none"})))
@aten_composite
def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None,
                         reduction="mean"):
    """x where y = 1, max(0, margin - x) where y = -1"""
    x = check_tensor(input, "hinge_embedding_loss")
    t = check_tensor(target, "hinge_embedding_loss", "target", 2)
    red = _reduction(reduction, size_average, reduce)
    zeros = _const(x, np.zeros(x._data.shape))
    # ATen's `margin - self` is empty_like(self).fill_(margin).sub_(self): the margin (a
    # double) converted to the input's dtype (truncated, or the overflow error, on integers)
    filled = _const(x, dtypes.checked_scalar(_margin(margin, "hinge_embedding_loss", 3),
                                             x._data.dtype))
    margin_part = where(t != 1, (filled - x).clamp_min(0), zeros)
    self_part = where(t != -1, x, zeros)
    return _reduce(margin_part + self_part, red)


class SoftMarginLossBackward0(Node):
    """d log(1 + exp(-y x)) = -y sigmoid(-y x) g  (/N for mean)"""

    save_inputs = (0,)

    def forward(self, x):
        # ATen writes -x into the output, then multiplies by the target in place: the
        # product in the promoted dtype, rounded to the input's
        p = (-x * self.target).astype(x.dtype)
        loss = sleef("log1p", np.log1p, rounded(np.exp, p))
        from .loss import _reduce_np
        return _reduce_np(loss, self.reduction)

    def backward(self, g):
        (x,) = self.saved
        return fused(SoftMarginLossBackwardBackward0, (g, x), reduction=self.reduction,
                     target=self.target)


@register("soft_margin_loss", grad_fn="SoftMarginLossBackward0", namespaces=_FN, sample=fixed(
    (((4,), _PM1), {}), (((2, 2), _PM1.reshape(2, 2)), {"reduction": "none"}),
    (((4,), _PM1), {"reduction": "sum"})))
def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """log(1 + exp(-y x)): d/dx = -y sigmoid(-y x)"""
    x = check_tensor(input, "soft_margin_loss")
    t = check_tensor(target, "soft_margin_loss", "target", 2)
    red = _reduction(reduction, size_average, reduce)
    no_requires_grad(t, "target", "soft_margin_loss")
    from ..autograd import forward_ad
    if forward_ad.ACTIVE[0] and forward_ad.has_tangent((t,)):
        # PyTorch's forward formula calls soft_margin_loss_backward on the target itself,
        # which has no forward formula: refused whenever the target has a tangent
        raise forward_ad.unsupported("soft_margin_loss_backward")
    target = _inplace_target(x, t, np.multiply)
    if x._requires_grad and _enabled[0] and x._data.dtype.kind == "c":
        # computed, then refused by autograd: soft_margin_loss has no complex derivative
        raise TorchRuntimeError("soft_margin_loss does not support automatic differentiation "
                                "for outputs with complex dtype.")
    return apply(SoftMarginLossBackward0, (x,), reduction=red, target=target)


def _inplace_target(x, t, op):
    """The target as ATen's in-place `output.op_(target)` on an output shaped and typed like
    the input sees it: broadcast to the input's shape (never the other way), in the dtype
    the product is computed in; PyTorch's errors otherwise."""
    if x.dtype is dtypes.bool_:
        raise TorchRuntimeError("Negation, the `-` operator, on a bool tensor is not supported. "
                                "If you are trying to invert a mask, use the `~` or "
                                "`logical_not()` operator instead.")
    xs, ts = x._data.shape, t._data.shape
    try:
        shape = np.broadcast_shapes(xs, ts)
    except ValueError:
        raise broadcast_error(xs, ts) from None
    if shape != xs:
        raise TorchRuntimeError(f"output with shape [{', '.join(map(str, xs))}] doesn't match "
                                f"the broadcast shape [{', '.join(map(str, shape))}]")
    rt = dtypes.result_type([(x.dtype, x._data.ndim), (t.dtype, t._data.ndim)], ())
    if rt.np.kind not in "fc":
        rt = dtypes.get_default_dtype()
    if x._data.dtype.kind not in "fc":
        raise TorchRuntimeError(f"result type {rt.legacy} can't be cast to the desired output "
                                f"type {x.dtype.legacy}")
    return np.broadcast_to(t._data, xs).astype(rt.np)


@register("multilabel_soft_margin_loss", grad_fn="MeanBackward0", namespaces=_FN,
          sample=fixed((((3, 4), np.array([[1., 0, 1, 0], [0, 1, 1, 0], [0, 0, 0, 1]])), {}),
                       (((2, 3), np.array([[1., 0, 1], [0, 1, 1]])),
                        {"weight": np.array([1., 2., .5]), "reduction": "none"})))
def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None,
                                reduction="mean"):
    """-(y logsigmoid(x) + (1 - y) logsigmoid(-x)) averaged over the classes"""
    x = check_tensor(input, "log_sigmoid")          # PyTorch's first call: logsigmoid(input)
    if isinstance(target, (list, tuple, str)):      # a sequence's repetition by the tensor
        raise TorchTypeError("only integer tensors of a single element can be converted to "
                             "an index")
    if isinstance(target, (bool, int, float)) and not isinstance(target, Tensor):
        t = target                                  # a number: Python arithmetic with it
    elif target is None or not hasattr(target, "__mul__"):
        # F's `target * logsigmoid(input)`: Python's refusal of the operand
        raise TorchTypeError(f"unsupported operand type(s) for *: "
                             f"'{type(target).__name__}' and 'Tensor'")
    else:
        t = check_tensor(target, "multilabel_soft_margin_loss", "target", 2)
    red = reduction if size_average is None and reduce is None else \
        _reduction(reduction, size_average, reduce)
    loss = -(t * logsigmoid(x) + (1 - t) * logsigmoid(-x))     # (a number works too)
    if weight is not None:
        loss = loss * weight
    cdim = x._data.ndim - 1
    if cdim < 0:                                        # PyTorch's input.size(-1)
        raise TorchIndexError("Dimension specified as -1 but tensor has no dimensions")
    loss = loss.sum(cdim) / x._data.shape[cdim]
    if red not in ("none", "mean", "sum"):              # checked last, in Python
        raise _not_valid(red)
    return _reduce(loss, red)


def _not_valid(reduction) -> Exception:
    """F's `ValueError(reduction + " is not valid")`: a TypeError for other than a str."""
    if not isinstance(reduction, str):
        try:
            reduction + " is not valid"
        except TypeError as exc:            # Python's own text for the operand's type
            return TorchTypeError(str(exc))
    return TorchValueError(f"{reduction} is not valid")


def _as_2d_target(x, t):
    """(input as (N, C), target rows as int64 (N, ...)) for the margin losses."""
    nd = x._data.ndim
    if nd > 2 or (nd and x._data.shape[-1] == 0):
        raise TorchRuntimeError("Expected non-empty vector or matrix with optional "
                                f"0-dim batch size, but got: {_shape_str(x._data.shape)}")
    return x._data.reshape(-1, x._data.shape[-1] if nd else 1), t._data.astype(np.int64)


class MultilabelMarginLossBackward0(Node):
    """d sum_{j in y, i not in y} max(0, 1 - (x_j - x_i)) / C = (+1 at i, -1 at j)/C where
    positive, times g. ATen's CPU kernels step for step (the terms summed in double); its
    backward has no derivative of its own (a NotImplemented node under create_graph)."""

    save_inputs = (0,)

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for multilabel_margin_loss_forward"""
        raise forward_ad.unsupported("multilabel_margin_loss_forward")

    def _pairs(self, x2):
        """Per row k: (target class j, the non-target classes i with 1 - x_j + x_i > 0, and
        those terms), in the kernel's order."""
        dt = x2.dtype
        for k in range(x2.shape[0]):
            row = self.target[k]
            stop = np.flatnonzero(row < 0)
            labels = row[:stop[0]] if stop.size else row
            others = np.setdiff1d(np.arange(x2.shape[1]), labels)
            for j in labels:
                z = (dt.type(1) - x2[k, j]) + x2[k, others]
                yield k, j, others[z > 0], z[z > 0]

    def forward(self, x):
        x2 = x.reshape(self.rows_cols)
        n, c = x2.shape
        sums = np.zeros(n)
        for k, _, _, z in self._pairs(x2):
            for v in z.tolist():                     # double accumulator, term by term
                sums[k] += v
        if self.reduction == "none":
            return (sums.astype(x.dtype) / x.dtype.type(c)).reshape(self.out_shape)
        total = float(np.cumsum(sums)[-1]) / c if n else 0.0
        with np.errstate(all="ignore"):
            return np.asarray(np.float64(total) / n if self.reduction == "mean" else total,
                              x.dtype)

    def backward(self, g):
        (x,) = self.saved
        value = wrap(self._grad(x._data, g._data))
        return not_implemented("multilabel_margin_loss_backward", value, (g, x))

    def _grad(self, x, g):
        """ATen's multilabel_margin_loss_backward kernel on arrays."""
        x2 = x.reshape(self.rows_cols)
        n, c = x2.shape
        step = x.dtype.type(1.0 / max(n * c, 1) if self.reduction == "mean" else 1.0 / c)
        out = np.zeros_like(x2)
        for k, j, on, _ in self._pairs(x2):
            for i in on.tolist():
                out[k, j] -= step
                out[k, i] += step
        out = out * (g.reshape(-1, 1) if self.reduction == "none" and g.ndim else
                     g.reshape(()))
        return out.reshape(x.shape).astype(x.dtype)


@register("multilabel_margin_loss", grad_fn="MultilabelMarginLossBackward0", namespaces=_FN,
          no_second_order="derivative for aten::multilabel_margin_loss_backward is not "
                          "implemented",
          sample=fixed((((3, 4), np.array([[1, 0, -1, 0], [2, -1, 0, 0], [3, 1, 0, 2]])), {}),
                       (((2, 3), np.array([[2, -1, 0], [0, 1, -1]])), {"reduction": "none"}),
                       lo=-0.4, hi=0.4))
def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """sum over target classes j (up to the first -1) and other classes i of
    max(0, 1 - (x_j - x_i)) / C"""
    x = check_tensor(input, "multilabel_margin_loss")
    t = check_tensor(target, "multilabel_margin_loss", "target", 2)
    red = _reduction(reduction, size_average, reduce)
    x2, td = _as_2d_target(x, t)
    if (td.ndim != 2 or td.shape != x2.shape) if x._data.ndim == 2 else \
            (td.ndim > 1 or td.size != x2.shape[1]):
        raise TorchRuntimeError(f"inconsistent target size: {_shape_str(td.shape)} for input "
                                f"of size: {_shape_str(x._data.shape)}")
    td2 = td.reshape(x2.shape)
    if np.any((td2 < -1) | (td2 >= x2.shape[1])):
        raise TorchRuntimeError("argument #2 'target' is out of range")
    _kernel_dtypes(x, t, kernel="multilabel_margin_loss_forward_out_frame")
    out_shape = (x2.shape[0],) if red == "none" and td.ndim > 1 else ()
    return apply(MultilabelMarginLossBackward0, (x,), reduction=red, target=td2,
                 rows_cols=x2.shape, out_shape=out_shape,
                 as_given={"target": t, "is_target": wrap(_is_target(td2, x._data.shape,
                                                                   x._data.dtype))})


def _is_target(targets: np.ndarray, shape, dtype) -> np.ndarray:
    """ATen's is_target, which its node keeps: 1 at each row's target classes (up to the
    row's first -1)."""
    out = np.zeros(targets.shape, dtype)
    for k, row in enumerate(targets):
        for j in row:
            if j < 0:
                break
            out[k, j] = 1
    return out.reshape(shape)


class MultiMarginLossBackward0(Node):
    """d sum_{i != y} w_y max(0, margin - x_y + x_i)^p / C: +w_y p h^(p-1)/C at i, minus
    their sum at y. ATen's CPU kernels, step for step: a row's terms summed one class after
    another in the input's dtype, the rows' sums in double; its backward has no derivative
    of its own (a NotImplemented node under create_graph)."""

    save_inputs = (0,)

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for multi_margin_loss"""
        raise forward_ad.unsupported("multi_margin_loss")

    def forward(self, x):
        x2 = x.reshape(self.rows_cols)
        dt, (n, c) = x2.dtype, x2.shape
        rows = np.arange(n)
        xt = x2[rows, self.target]
        margin, w_t = dt.type(self.margin), self.w_t
        total = np.zeros(n, dt)
        with np.errstate(all="ignore"):
            for d in range(c):
                z = (margin - xt) + x2[:, d]
                h = z if self.p == 1 else z * z
                if w_t is not None:
                    h = h * w_t
                total = np.where((z > 0) & (self.target != d), total + h, total)
            total = total / dt.type(c)
        if self.reduction == "none":
            return total.reshape(self.out_shape)
        acc = float(np.cumsum(total.astype(np.float64))[-1]) if n else 0.0
        with np.errstate(all="ignore"):
            return np.asarray(np.float64(acc) / n if self.reduction == "mean" else acc, dt)

    def backward(self, g):
        (x,) = self.saved
        value = wrap(self._grad(x._data, g._data))
        return not_implemented("multi_margin_loss_backward", value, (g, x))

    def _grad(self, x, g):
        """ATen's multi_margin_loss_backward kernel on arrays."""
        x2 = x.reshape(self.rows_cols)
        dt, (n, c) = x2.dtype, x2.shape
        rows = np.arange(n)
        xt = x2[rows, self.target]
        margin = dt.type(self.margin)
        step = dt.type(1.0 / max(n * c, 1) if self.reduction == "mean" else 1.0 / c)
        out = np.zeros_like(x2)
        at_target = np.zeros(n, dt)
        with np.errstate(all="ignore"):
            for d in range(c):
                z = (margin - xt) + x2[:, d]
                h = np.full(n, step, dt) if self.p == 1 else (2 * step) * z
                if self.w_t is not None:
                    h = h * self.w_t
                on = (z > 0) & (self.target != d)
                at_target = np.where(on, at_target - h, at_target)
                out[:, d] = np.where(on, h, 0)
            out[rows, self.target] = at_target
            if self.reduction == "none" and g.ndim:
                out = out * g.reshape(-1, 1)
            else:
                out = out * g.reshape(())
        return out.reshape(x.shape).astype(dt)


_MM_TARGET = np.array([1, 0, 3])


@register("multi_margin_loss", grad_fn="MultiMarginLossBackward0", namespaces=_FN,
          no_second_order="derivative for aten::multi_margin_loss_backward is not implemented",
          sample=fixed((((3, 4), _MM_TARGET), {}), (((3, 4), _MM_TARGET), {"p": 2}),
                       (((3, 4), _MM_TARGET), {"margin": 0.5, "reduction": "none",
                                               "weight": np.array([1., 2., .5, 1.5])}),
                       (((4,), np.array(2)), {"reduction": "sum"}), lo=-0.4, hi=0.4))
def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None,
                      reduce=None, reduction="mean"):
    """sum over i != y of w_y max(0, margin - x_y + x_i)^p / C  (p = 1 or 2)"""
    x = check_tensor(input, "multi_margin_loss")
    t = check_tensor(target, "multi_margin_loss", "target", 2)
    red = _reduction(reduction, size_average, reduce)
    if p not in (1, 2):
        raise TorchValueError("only p == 1 and p == 2 supported")
    if weight is not None and getattr(weight, "dim")() != 1:
        raise TorchValueError("weight must be one-dimensional")
    if not isinstance(margin, (bool, int, float, complex, Tensor)):
        raise TorchTypeError("multi_margin_loss(): argument 'margin' (position 4) must be "
                             f"Number, not {type(margin).__name__}")
    no_requires_grad(weight, "weight", "multi_margin_loss")
    x2, td = _as_2d_target(x, t)
    n, c = x2.shape
    if td.size != n or td.ndim > 1:
        raise TorchRuntimeError(
            "multi_margin_loss: target tensor should be 1-D with size equal to the number of "
            f"input samples (batch size). Expected target size [{n}], but got "
            f"{_shape_str(td.shape)}. Input has shape {_shape_str(x._data.shape)}.")
    if weight is not None and weight._data.size != c:
        raise TorchRuntimeError(f"inconsistent weight size, expected {c} but got "
                                f"{_shape_str(weight._data.shape)}")
    _kernel_dtypes(x, t, weight)
    out_shape = (n,) if red == "none" and td.ndim else ()
    td = td.reshape(n)
    if np.any((td < 0) | (td >= c)):
        raise TorchRuntimeError("target out of range")
    return apply(MultiMarginLossBackward0, (x,), reduction=red, p=p, margin=float(margin),
                 target=td, rows_cols=(n, c), out_shape=out_shape,
                 w_t=None if weight is None else weight._data[td], as_given={"weight": weight})


def _kernel_dtypes(x, t, weight=None, kernel="multi_margin_loss_cpu_kernel"):
    """ATen's margin-loss kernels read the target as int64 and the weight as the input's
    dtype (data_ptr<scalar_t>)."""
    if x._data.dtype.kind != "f":
        raise TorchNotImplementedError(f'"{kernel}" not implemented for '
                                       f"'{x.dtype.legacy}'")
    refuse_low_precision(kernel, x, autocast_fp32=True)
    if t._data.dtype != np.int64:
        raise TorchRuntimeError(f"expected scalar type Long but found {t.dtype.legacy}")
    if weight is not None and weight.dtype is not x.dtype:
        raise TorchRuntimeError(f"expected scalar type {x.dtype.legacy} but found "
                                f"{weight.dtype.legacy}")


@register("poisson_nll_loss", grad_fn="MeanBackward0", namespaces=_FN, sample=fixed(
    (((4,), (4,)), {}), (((2, 3), (2, 3)), {"log_input": False, "reduction": "none"}),
    (((2, 3), np.array([[0.5, 2., 3.], [1.5, 4., 0.2]])), {"full": True, "reduction": "sum"}),
    lo=0.2, hi=2.0))
@aten_composite                # ATen's C++: Python numbers are Scalars (AddBackward1 ...)
def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8,
                     reduce=None, reduction="mean"):
    """exp(x) - t x (log_input) or x - t log(x + eps), plus Stirling's term when full"""
    x = check_tensor(input, "poisson_nll_loss")
    t = check_tensor(target, "poisson_nll_loss", "target", 2)
    red = _reduction(reduction, size_average, reduce)
    return _reduce(_poisson_nll(x, t, log_input, full, eps), red)


def _poisson_nll(x, t, log_input, full, eps):
    """The unreduced loss, its ops in the order ATen's compiled C++ runs them (an operator's
    right operand first), so the nodes' sequence numbers and the backward order match."""
    if log_input:
        tx = t * x
        loss = x.exp() - tx
    else:
        loss = x - t * (x + eps).log()
    if full:
        half_log = 0.5 * (2 * math.pi * t).log()
        # log(t) of t <= 1 only masked afterwards: a target that requires grad gets nan
        # there (0 * log 0), as in PyTorch
        stirling = t * t.log() - t + half_log
        loss = loss + stirling.masked_fill(t <= 1, 0)
    return loss


def _gaussian_var(x, var):
    """var checked and shaped against input as PyTorch's gaussian_nll_loss does."""
    if isinstance(var, float):
        if var < 0:
            raise TorchValueError("var has negative entry/entries")
        return _const(x, np.full(x._data.shape, float(var)))
    if not isinstance(var, Tensor):                 # PyTorch's torch.any(var < 0) refuses it
        from ..argparser import check_forwarded
        check_forwarded("torch.any", var < 0)
    if np.any(var._data < 0):
        raise TorchValueError("var has negative entry/entries")
    xs, vs = x._data.shape, var._data.shape
    if vs != xs:
        if xs[:-1] == vs:
            return var.unsqueeze(-1)
        if len(xs) == len(vs) and sum(b for a, b in zip(xs, vs) if a != b) == 1:
            return var
        raise TorchValueError("var is of incorrect size")
    return var


@register("gaussian_nll_loss", grad_fn="MeanBackward0", namespaces=_FN, sample=fixed(
    (((4,), (4,), (4,)), {}), (((2, 3), (2, 3), (2,)), {"full": True, "reduction": "none"}),
    (((2, 3), (2, 3), (2, 1)), {"reduction": "sum"}), lo=0.2, hi=2.0))
def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """0.5 (log var + (x - t)^2 / var) (+ 0.5 log 2 pi when full); var clamped to eps
    without affecting its gradient (a clone, clamped under no_grad: CloneBackward0)"""
    x = check_tensor(input, "gaussian_nll_loss")
    numbers = (bool, int, float, complex)   # F's `input - target`: a number is computed with
    t = target if isinstance(target, numbers) and not isinstance(target, Tensor) else None
    if t is None and isinstance(target, Tensor):
        t = check_tensor(target, "gaussian_nll_loss", "target", 2)
    v = _gaussian_var(x, var)
    if reduction not in ("none", "mean", "sum"):
        raise _not_valid(reduction)
    if t is None:                           # Python's refusal of the subtraction, reached last
        raise TorchTypeError(f"unsupported operand type(s) for -: 'Tensor' and "
                             f"'{type(target).__name__}'")
    v = v.clone()                       # PyTorch's: a clone clamped in place under no_grad
    from ..autograd.grad_mode import no_grad   # (no gradient through the clamp; forward AD
    with no_grad():                             # still zeroes the tangent where it clamps)
        v.clamp_(min=eps)
    loss = 0.5 * (v.log() + (x - target) ** 2 / v)  # (the target first used here)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def _pairwise(a, b, p, eps):
    from .nn import pairwise_distance          # ATen's triplet loss calls pairwise_distance
    return pairwise_distance(a, b, p, eps)


@register("triplet_margin_loss", grad_fn="MeanBackward0", namespaces=_FN, sample=fixed(
    (((3, 4), (3, 4), (3, 4)), {"margin": 3.0}),
    (((2, 3), (2, 3), (2, 3)), {"margin": 3.0, "p": 1, "swap": True, "reduction": "none"})))
def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False,
                        size_average=None, reduce=None, reduction="mean"):
    """max(0, margin + d(a, p) - d(a, n)), d the p-norm distance (with eps added)"""
    red = _reduction(reduction, size_average, reduce)
    if margin <= 0:                 # nn.functional's check (torch.triplet_margin_loss has none)
        raise TorchValueError(f"margin must be greater than 0, got {margin}")
    return _triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, red)


@aten_composite
def _triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, red):
    a = check_tensor(anchor, "triplet_margin_loss", "anchor")
    pos = check_tensor(positive, "triplet_margin_loss", "positive", 2)
    neg = check_tensor(negative, "triplet_margin_loss", "negative", 3)
    for position, (name, v) in enumerate((("margin", margin), ("p", p), ("eps", eps)), 4):
        if not isinstance(v, (bool, int, float, Tensor)):      # the argument parser's
            raise TorchTypeError(f"triplet_margin_loss(): argument '{name}' (position "
                                 f"{position}) must be float, not {type(v).__name__}")
    if not isinstance(swap, (bool, Tensor)):
        raise TorchTypeError("triplet_margin_loss(): argument 'swap' (position 7) must be "
                             f"bool, not {type(swap).__name__}")
    dims = (a._data.ndim, pos._data.ndim, neg._data.ndim)
    if not dims[0] == dims[1] == dims[2]:
        raise TorchRuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number "
            f"of dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative "
            f"{dims[2]}D inputs")
    d_pos, d_neg = _pairwise(a, pos, p, eps), _pairwise(a, neg, p, eps)
    if swap:
        d_neg = minimum(d_neg, _pairwise(pos, neg, p, eps))
    return _reduce((margin + d_pos - d_neg).clamp_min(0), red)


@register("cosine_embedding_loss", grad_fn="MeanBackward0", namespaces=_FN, sample=fixed(
    (((3, 4), (3, 4), np.array([1, -1, 1])), {}),
    (((3,), (3,), np.array(-1)), {"margin": -0.5, "reduction": "none"})))
@aten_composite
def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                          reduction="mean"):
    """1 - cos(x1, x2) where y = 1, max(0, cos(x1, x2) - margin) where y = -1"""
    a = check_tensor(input1, "cosine_embedding_loss", "input1")
    b = check_tensor(input2, "cosine_embedding_loss", "input2", 2)
    t = check_tensor(target, "cosine_embedding_loss", "target", 3)
    red = _reduction(reduction, size_average, reduce)
    td = t._data.ndim
    if td > 1:
        raise TorchRuntimeError("0D or 1D target tensor expected, multi-target not supported")
    want = 2 if td == 1 else 1
    if a._data.ndim != want or b._data.ndim != want:
        raise TorchRuntimeError(
            f"{td}D target tensor expects {want}D input tensors, but found inputs with sizes "
            f"{_shape_str(a._data.shape)} and {_shape_str(b._data.shape)}.")
    prod = (a * b).sum(td)
    m1, m2 = (a * a).sum(td) + 1e-12, (b * b).sum(td) + 1e-12
    cos = prod / (m1 * m2).sqrt()
    zeros = _const(cos, np.zeros(cos._data.shape))
    pos, neg = 1 - cos, (cos - _margin(margin, "cosine_embedding_loss", 4)).clamp_min(0)
    out = where(t == 1, pos, zeros) + where(t == -1, neg, zeros)
    return _reduce(out, red)
