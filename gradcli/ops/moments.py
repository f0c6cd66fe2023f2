"""Variance and standard deviation rounded as PyTorch's CPU kernels round them.

ATen computes a float32 (or float16) variance in double and rounds once (ReduceOps.cpp,
ReduceOpsKernel.cpp):

- a reduction to one number (`x.var()`, or any dims when only one output remains) is
  `std_var_all_cpu`: the mean is the tensor's own float32 `mean()` (its sum order, see
  sumorder.py), widened to double; then sum((double(x) - mean)**2) / max(0, N - correction),
  its square root for std, rounded to the dtype;
- otherwise each output is a Welford accumulation in double (`WelfordOps<float, double>`),
  rounded to the dtype, its mean too (var_mean, std_mean).

For float32 both are exact here up to the last bits of a double, which a float32 result
cannot show (the all-reduce's squares are added in NumPy's order). NumPy's float32 var
rounded every step in float32, so about half of the results differed in their last bit.
float64 shows every bit: its all-reduce adds the squares one after another (below
EXACT_ELEMENTS, past which PyTorch splits it among threads) and its Welford runs as ATen's
(up to _WELFORD_STEPS terms per output); other float64 cases keep NumPy's two passes.

The normalisations' moments follow their kernels the same way: RowwiseMoments (layer_norm,
group_norm), batch_norm's statistics, output and gradients for each layout ATen tells apart,
and group_norm's channels-last kernels.
"""
from __future__ import annotations

import functools
import warnings

import numpy as np

from ..fpmath import fma
from .sumorder import EXACT_ELEMENTS, torch_mean

_D = np.float64
#: the longest reduction whose mean is accumulated one element at a time (a Python step
#: each) as ATen's Welford loop does; longer ones take the double two-pass mean, which
#: rounds to the same float32 in all but about one case in a thousand
_WELFORD_STEPS = 2048


def _silent(fn):
    """fn with NumPy's floating-point and degrees-of-freedom warnings off: PyTorch computes
    with inf and nan without a word (and gives its own dof warning, in the caller)."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Degrees of freedom", RuntimeWarning)
            return fn(*args, **kwargs)
    return run


def _n_outputs(shape, dims, keepdim) -> int:
    if dims is None:
        return 1
    return int(np.prod([s for d, s in enumerate(shape) if d not in dims]))


def _divide(m2, n, correction):
    """m2 / max(0, N - correction) in double (inf or nan where that is 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.true_divide(m2, _D(max(0.0, n - correction)))


@_silent
def var_std(x: np.ndarray, dims, correction, keepdim: bool, take_sqrt: bool,
            with_mean: bool = False):
    """PyTorch's var (or std with take_sqrt) of x over dims (None: all), and its mean when
    with_mean (as var_mean and std_mean give it)."""
    if x.dtype.kind != "f" or x.size == 0:
        return _numpy_var(x, dims, correction, keepdim, take_sqrt, with_mean)
    axes = tuple(range(x.ndim)) if dims is None else tuple(dims)
    n = int(np.prod([x.shape[d] for d in axes]))
    wide = x.astype(_D, order="K")
    one = _n_outputs(x.shape, axes, keepdim) == 1 and not with_mean \
        and x.dtype in (np.float32, _D)             # (float16 keeps to Welford: ATen's rule)
    if x.dtype == _D and not (one and x.size < EXACT_ELEMENTS or n <= _WELFORD_STEPS):
        return _numpy_var(x, dims, correction, keepdim, take_sqrt, with_mean)
    if one and x.dtype == _D:           # every bit shows: the squares added in turn
        d = np.ravel(wide - _D(torch_mean(x)), order="K")
        v = _divide(np.add.accumulate(d * d)[-1], n, correction)
        v = np.reshape(v, [1 if keepdim else s for k, s in enumerate(x.shape)
                           if keepdim or k not in axes])
    elif one:
        mean = _D(torch_mean(x))                            # std_var_all_cpu's two passes
        d = wide - mean
        v = _divide(np.sum(d * d, axis=axes, keepdims=keepdim), n, correction)
        m = None
    else:
        m, m2 = _welford(wide, axes) if n <= _WELFORD_STEPS else _two_pass(wide, axes)
        v = _divide(m2, n, correction)
        if keepdim:
            v, m = np.expand_dims(v, axes), np.expand_dims(m, axes)
    with np.errstate(invalid="ignore", over="ignore"):
        first = np.asarray(np.sqrt(v) if take_sqrt else v).astype(x.dtype)
        if not with_mean:
            return first
        return first, np.asarray(m).astype(x.dtype)


def _two_pass(wide, axes):
    """(mean, sum of squared deviations) over axes, in double."""
    m = np.mean(wide, axis=axes, keepdims=True)
    d = wide - m
    return np.squeeze(m, axis=axes), np.sum(d * d, axis=axes)


def _welford(wide, axes):
    """(mean, m2) over axes by WelfordOps::reduce, one element at a time in memory order:
    its mean, rounded to float32, is not always the exact mean's rounding."""
    rest = [d for d in range(wide.ndim) if d not in axes]
    axes = sorted(axes, key=lambda d: -abs(wide.strides[d]))    # TensorIterator's order
    items = np.transpose(wide, list(axes) + rest).reshape((-1,) + tuple(wide.shape[d] for d in rest))
    mean, m2 = np.zeros(items.shape[1:]), np.zeros(items.shape[1:])
    for k, item in enumerate(items):
        delta = item - mean
        mean = mean + delta / _D(k + 1)
        m2 = m2 + delta * (item - mean)
    return mean, m2


def _numpy_var(x, dims, correction, keepdim, take_sqrt, with_mean):
    v = np.var(x, axis=dims, ddof=correction, keepdims=keepdim)
    first = np.asarray(np.sqrt(v) if take_sqrt else v, dtype=x.dtype)
    if not with_mean:
        return first
    return first, np.asarray(np.mean(x, axis=dims, keepdims=keepdim), dtype=x.dtype)


# -- RowwiseMoments: the float32 and float64 mean and variance of layer_norm and group_norm -----

_F = np.float32
_CHUNK = 16             # vectors a chunk's Welford loop takes (kChunkSize)


def _lanes(dtype) -> int:
    """Lanes of an AVX2 vector of `dtype` (Vectorized<T>::size(): 8 floats, 4 doubles)."""
    return 32 // np.dtype(dtype).itemsize


def _add_moments_vec(m0_add, m1_add, m2_add, m0, m1, m2):
    """AddMomentsVec: the moments (m0_add, m1_add, m2_add) merged into (m0, m1, m2); the
    counts are ints, or arrays (items,) for m1 and m2 (rows, items, lanes)."""
    t = m2.dtype.type
    n = m0 + m0_add
    if np.ndim(n):
        c = (np.asarray(m0_add, t) / np.asarray(n, t))[:, None]
        m0 = np.asarray(m0, t)[:, None]
    else:
        c = t(m0_add) / t(n) if n else t(0)
    delta = m1_add - m1
    c_delta = c * delta
    return n, m1 + c_delta, fma(delta * t(m0), c_delta, m2 + m2_add)


def _add_moments(m0_add, m1_add, m2_add, m0, m1, m2):
    """AddMoments (scalar; the compiler fuses `m1 + c * delta` and the last multiply-add)."""
    t = m2.dtype.type
    n = m0 + m0_add
    c = t(m0_add) / t(n) if n else t(0)
    delta = m1_add - m1
    with np.errstate(invalid="ignore", over="ignore"):
        return n, fma(c, delta, m1), m2 + fma(delta * delta * c, t(m0), m2_add)


def _chunk_moments(vecs, m0):
    """UpdateMomentsVec's Welford loop over m0 vectors (lane by lane), from zero: vecs
    (rows, m0, lanes), or (rows, chunks, m0, lanes) for several chunks at once."""
    t = vecs.dtype.type
    m1 = m2 = np.zeros(vecs.shape[:-2] + vecs.shape[-1:], t)
    for j in range(m0):
        x = vecs[..., j, :]
        delta = x - m1
        m1 = fma(t(1) / t(j + 1), delta, m1)
        m2 = fma(delta, x - m1, m2)
    return m1, m2


def _ceil_log2(m: int) -> int:
    return 1 if m <= 2 else (m - 1).bit_length()


def _cascade(m0, m1, m2, depth):
    """The chunk moments (counts m0 (chunks,), m1 and m2 (rows, chunks, lanes)) merged as
    RowwiseMoments' cascade of `depth` stacks does, one tree level at a time: a later item
    is merged into the earlier one of each pair (AddMomentsVec); the item left unpaired at
    level j (bit j of the count) stays in stack j (the whole tree, for a power-of-two count,
    in the last stack); then the stacks are merged into stack 0 in turn."""
    zero = np.zeros(m1.shape[:1] + m1.shape[2:], m1.dtype)
    stack = [[0, zero, zero] for _ in range(depth)]
    level = 0
    while m0.size:
        if m0.size % 2:
            stack[min(level, depth - 1)] = [int(m0[-1]), m1[:, -1], m2[:, -1]]
        pairs = m0.size // 2
        if not pairs:
            break
        later = (m0[1:2 * pairs:2], m1[:, 1:2 * pairs:2], m2[:, 1:2 * pairs:2])
        earlier = (m0[0:2 * pairs:2], m1[:, 0:2 * pairs:2], m2[:, 0:2 * pairs:2])
        m0, m1, m2 = _add_moments_vec(*later, *earlier)
        level += 1
    for j in range(1, depth):
        stack[0] = list(_add_moments_vec(*stack[j], *stack[0]))
    return stack[0]


@_silent
def rowwise_moments(x: np.ndarray):
    """ATen's RowwiseMoments of each row of a 2-D float32 or float64 array: (mean, biased
    variance) in its dtype. Whole vectors (8 or 4 lanes) in chunks of 16 by Welford, the
    chunk moments merged in a binary cascade of stacks (`_cascade`; all the chunks, and
    each level of the cascade, computed at once); the trailing elements by a scalar
    Welford loop; then the lanes merged into that, one by one."""
    t, lanes = x.dtype.type, _lanes(x.dtype)
    rows, size = x.shape
    n = size // lanes
    chunks = -(-n // _CHUNK)
    whole = n // _CHUNK
    with np.errstate(invalid="ignore", over="ignore"):
        vecs = x[:, :whole * _CHUNK * lanes].reshape(rows, whole, _CHUNK, lanes)
        m1, m2 = _chunk_moments(vecs, _CHUNK)
        m0 = np.full(whole, _CHUNK)
        if whole < chunks:                  # the last chunk, of fewer vectors
            rest = n - whole * _CHUNK
            tail = x[:, whole * _CHUNK * lanes:n * lanes].reshape(rows, 1, rest, lanes)
            t1, t2 = _chunk_moments(tail, rest)
            m0 = np.append(m0, rest)
            m1, m2 = np.concatenate([m1, t1], axis=1), np.concatenate([m2, t2], axis=1)
        merged = _cascade(m0, m1, m2, _ceil_log2(chunks)) if chunks else \
            [0, np.zeros((rows, lanes), t), np.zeros((rows, lanes), t)]
        m0, m1, m2 = 0, np.zeros(rows, t), np.zeros(rows, t)
        for i in range(n * lanes, size):
            v = x[:, i]
            delta = v - m1
            m0 += 1
            m1 = m1 + delta / t(m0)
            m2 = m2 + delta * (v - m1)
        for lane in range(lanes):
            m0, m1, m2 = _add_moments(n, merged[1][:, lane], merged[2][:, lane], m0, m1, m2)
        return m1, m2 / t(size)


#: the most elements, and the longest row, whose layer_norm and group_norm are rounded as
#: ATen does (a Python step per 8 elements of a row; past these NumPy's faster arithmetic,
#: different in the last bits)
LAYER_NORM_ELEMENTS = 1 << 18
LAYER_NORM_ROW = 1 << 15


@_silent
def layer_norm_rows(x: np.ndarray, weight, bias, eps: float):
    """ATen's float32 or float64 layer_norm of each row of a 2-D array, and the (mean, rstd)
    it saves:
    rstd = 1 / sqrt(var + eps) from rowwise_moments, then (x - mean) * rstd * w + b with its
    last multiply-add fused when both w and b are given (the vectorised loop), else
    (x - mean) * rstd + b fused, times w (its scalar loop)."""
    t = x.dtype.type
    mean, var = rowwise_moments(x)
    with np.errstate(all="ignore"):
        rstd = t(1) / np.sqrt(var + t(eps))
        d = x - mean[:, None]
        if weight is not None and bias is not None:
            return fma(d * rstd[:, None], weight, bias), mean, rstd
        # fma(d, rstd, 0) is d * rstd + 0 (one rounding either way; -0 becomes 0)
        y = d * rstd[:, None] + t(0) if bias is None else fma(d, rstd[:, None], bias)
        return (y if weight is None else y * weight), mean, rstd


def _map_reduce(p: np.ndarray, q: np.ndarray, fuse_tail: bool = True) -> np.ndarray:
    """vec::map2_reduce_all(x * y, +) over each row of p * q as the released AVX2 build
    runs it: rows shorter than a vector one product after another; else by lanes (8
    floats, 4 doubles), whole vectors added as rounded products, the last partial vector
    fused (unless fuse_tail is False: group_norm's float build adds its products rounded);
    then the lanes folded in halves (float) or added in turn (double)."""
    lanes = _lanes(p.dtype)
    n = p.shape[1]
    if n < lanes:
        t = p * q
        s = t[:, 0]
        for i in range(1, n):
            s = s + t[:, i]
        return s
    full = n - n % lanes
    acc = _lane_sums(p[:, :full], q[:, :full], lanes)
    if full < n:
        acc[:, :n - full] = fma(p[:, full:], q[:, full:], acc[:, :n - full]) if fuse_tail \
            else acc[:, :n - full] + p[:, full:] * q[:, full:]
    if lanes == 8:
        from .. import vecmath             # float32 kernels: loaded at first use
        return vecmath.fold_lanes(acc)      # vec_reduce_all's float specialisation
    s = acc[:, 0]                           # its generic loop: lane after lane
    for i in range(1, lanes):
        s = s + acc[:, i]
    return s


def _lane_sums(p: np.ndarray, q: np.ndarray, lanes: int) -> np.ndarray:
    """Each row's whole vectors of rounded products p * q added one after another, lane by
    lane (rows, lanes): NumPy's accumulate adds in turn, from the first vector (not from 0,
    which would turn an all -0 lane into +0); a block of vectors at a time."""
    rows = p.shape[0]
    vecs = p.shape[1] // lanes
    step = max(1, _BLOCK // max(rows * lanes, 1))
    acc = None
    for a in range(0, vecs, step):
        b = min(vecs, a + step)
        part = (p[:, a * lanes:b * lanes] * q[:, a * lanes:b * lanes]).reshape(rows, -1, lanes)
        if acc is not None:
            part[:, 0] += acc
        acc = np.add.accumulate(part, axis=1)[:, -1]
    return acc


def _reduce_all(rows: np.ndarray) -> np.ndarray:
    """vec::reduce_all(+) over each row as the released AVX2 build runs it (8 floats or 4
    doubles a vector: vecmath's sum_last, sum_last64)."""
    from .. import vecmath
    if rows.dtype == _D:
        return vecmath.sum_last64(rows, _lanes(rows.dtype))
    return vecmath.sum_last(rows, _lanes(rows.dtype))


@_silent
def layer_norm_backward(dy, x, mean, rstd, weight, threads: int):
    """(dx, dw, db) of ATen's float32 layer_norm_backward_frame over rows (M, N):
    ds = sum(dy x w), db = sum(dy w) (_map_reduce); b = (db mean - ds) a^3 / N and
    c = -b mean - db a / N, a = rstd, each first multiply-subtract fused; dx = b x + a dy w
    + c (b x fused); dw and db summed per thread over its rows (dw += dy (a x - a mean),
    fused), the threads' buffers then added."""
    n, t = x.shape[1], x.dtype.type
    w = np.ones(n, t) if weight is None else weight
    with np.errstate(all="ignore"):
        ds = _map_reduce(dy * x, np.broadcast_to(w, x.shape)) if weight is not None \
            else _map_reduce(dy, x)
        db = _map_reduce(dy, np.broadcast_to(w, x.shape))
        a, scale = rstd, t(1) / t(n)
        b = fma(db, mean, -ds) * a * a * a * scale
        c = fma(-b, mean, -(db * a * scale))
        dx = fma(b[:, None], x, a[:, None] * dy * w) + c[:, None]
        bias = -a * mean
        gw, gb = np.zeros(n, t), np.zeros(n, t)
        for start, stop in _thread_chunks(x.shape[0], threads):
            bw, bb = np.zeros(n, t), np.zeros(n, t)
            for i in range(start, stop):
                bw = fma(dy[i], fma(a[i], x[i], bias[i]), bw)
                bb = bb + dy[i]
            gw, gb = gw + bw, gb + bb
    return dx, gw, gb


@_silent
def group_norm(x: np.ndarray, groups: int, weight, bias, eps: float,
               with_stats: bool = False):
    """ATen's float32 or float64 group_norm of an (N, C, *) array: each (sample, group)
    row's rowwise_moments, rstd = 1 / sqrt(max(var, 0) + eps) in double (eps is a double
    there) rounded to the dtype; y = (x - mean) * rstd without weight and bias, else per
    channel scale = rstd * w, bias = b - scale * mean and y = scale * x + bias, both fused."""
    n, c = x.shape[:2]
    t = x.dtype.type
    rows = x.reshape(n * groups, -1)
    mean, var = rowwise_moments(rows)
    with np.errstate(all="ignore"):
        rstd = (1 / np.sqrt(np.maximum(var, t(0)).astype(_D) + eps)).astype(x.dtype)
        if weight is None and bias is None:
            y = ((rows - mean[:, None]) * rstd[:, None]).reshape(x.shape)
        else:
            per = (n, groups, c // groups, 1)
            w = t(1) if weight is None else weight.reshape(per[1:])
            b = t(0) if bias is None else bias.reshape(per[1:])
            scale = rstd.reshape(n, groups, 1, 1) * w
            shift = fma(-scale, mean.reshape(n, groups, 1, 1), b)
            y = fma(scale, x.reshape(per[:3] + (-1,)), shift).reshape(x.shape)
    if with_stats:          # (the mean and rstd native_group_norm returns, (N, groups))
        return y, mean.astype(x.dtype).reshape(n, groups), rstd.reshape(n, groups)
    return y


@_silent
def group_norm_backward(dy, x, mean, rstd, weight, groups: int):
    """(dx, dw, db) of ATen's float32 or float64 group_norm backward kernel
    (GroupNormKernel.cpp, contiguous (N, C, *) input; mean and rstd (N, groups) as the
    forward saved them). Per (sample, channel) row: ds = sum(dy x) and db = sum(dy) in
    vector lanes (map2_reduce_all: its last partial vector fused into the lanes for double,
    added as rounded products for float, as the released build compiles it); per
    (sample, group): the channels' ds and db times gamma in lanes (fused), the lanes added
    in turn, then the leftover channels (fused); c2 = (db mean - ds) rstd^3 / (D HxW),
    c3 = -c2 mean - db rstd / (D HxW), dx = c1 dy + c2 x + c3 with c1 = rstd gamma (each
    first product fused); dgamma and dbeta add each sample's term in turn."""
    t = x.dtype.type
    n, c = x.shape[:2]
    hw = x.size // (n * c) if n * c else 0
    d = c // groups
    lanes = _lanes(x.dtype)
    rows_x, rows_dy = x.reshape(n * c, hw), dy.reshape(n * c, hw)
    with np.errstate(all="ignore"):
        ds = _map_reduce(rows_dy, rows_x, fuse_tail=x.dtype == _D).reshape(n, c)
        db = _reduce_all(rows_dy).reshape(n, c)
        gamma = np.ones(c, x.dtype) if weight is None else weight.reshape(c)
        dsg, dbg, gam = (a.reshape(n, groups, d)
                         for a in (ds, db, np.broadcast_to(gamma, (n, c))))
        whole = d // lanes * lanes
        acc_s = np.zeros((n, groups, lanes), x.dtype)
        acc_b = np.zeros((n, groups, lanes), x.dtype)
        for j in range(0, whole, lanes):
            acc_s = fma(dsg[..., j:j + lanes], gam[..., j:j + lanes], acc_s)
            acc_b = fma(dbg[..., j:j + lanes], gam[..., j:j + lanes], acc_b)
        ds_val = np.zeros((n, groups), x.dtype)
        db_val = np.zeros((n, groups), x.dtype)
        for k in range(lanes):
            ds_val, db_val = ds_val + acc_s[..., k], db_val + acc_b[..., k]
        for j in range(whole, d):
            ds_val = fma(dsg[..., j], gam[..., j], ds_val)
            db_val = fma(dbg[..., j], gam[..., j], db_val)
        scale = t(1) / t(d * hw)
        c2 = fma(db_val, mean, -ds_val) * rstd * rstd * rstd * scale
        c3 = fma(-(db_val * rstd), scale, -c2 * mean)
        per = (n, groups, d, hw)
        c1 = rstd[:, :, None, None] * gam.reshape(n, groups, d, 1)
        xs, dys = x.reshape(per), dy.reshape(per)
        dx = (fma(c1, dys, c2[:, :, None, None] * xs) + c3[:, :, None, None]).reshape(x.shape)
        dw = np.zeros(c, x.dtype)
        dbeta = np.zeros(c, x.dtype)
        mean_c = np.repeat(mean, d, axis=1)
        rstd_c = np.repeat(rstd, d, axis=1)
        for i in range(n):
            dw = fma(fma(-db[i], mean_c[i], ds[i]), rstd_c[i], dw)
            dbeta = dbeta + db[i]
    return dx, dw, dbeta


# -- batch_norm (batch_norm_kernel.cpp, and Normalization.cpp for other strides) ----------------
#
# ATen picks its kernel by the input's layout (`batch_norm_layout`):
# - "planes": contiguous with spatial dims; each channel's (N, HW) planes walked in order;
# - "rows": channels-last contiguous, or contiguous without spatial size (N, C) and NC11;
#   the (N*HW, C) rows in memory order, split among the threads as at::parallel_for does;
# - "strided": any other strides; Normalization.cpp's TensorIterator loops (no vectors,
#   no fused multiply-adds: that file is built for the baseline CPU), accumulating in double.

#: elements widened to double (or multiplied) at a time: bounds the temporaries of a large
#: input while NumPy still runs long loops
_BLOCK = 1 << 20
#: the most rows per thread the "rows" kernels reproduce (a few NumPy calls a row: float32
#: fused steps by fpmath.fma32_in_turn, float64 ones by a correctly rounded fma a row);
#: past them NumPy's arithmetic, whose last bits differ
BATCH_NORM_ROWS = 1 << 17
BATCH_NORM_ROWS64 = 1 << 14


def batch_norm_layout(x: np.ndarray) -> str:
    """"planes", "rows" or "strided": which of ATen's batch_norm kernels takes x (N, C, *)."""
    if x.flags.c_contiguous:
        return "planes" if x.size > x.shape[0] * x.shape[1] else "rows"
    return "rows" if _channels_last(x) else "strided"


def _channels_last(x: np.ndarray) -> bool:
    """Whether a 4-d or 5-d x is contiguous in channels-last order (N, *spatial, C), size-1
    dims being free to have any stride (c10's is_contiguous(ChannelsLast))."""
    if x.ndim not in (4, 5):
        return False
    need = x.itemsize
    for d in (1,) + tuple(range(x.ndim - 1, 1, -1)) + (0,):
        if x.shape[d] != 1 and x.strides[d] != need:
            return False
        need *= x.shape[d]
    return True


def batch_norm_fits(x: np.ndarray, threads: int) -> bool:
    """Whether the kernels below reproduce ATen's batch_norm of x (any size but for the
    rows kernels' limit on rows per thread, and float64 planes of odd size, a step per
    sample, in at most BATCH_NORM_ROWS64 samples)."""
    layout = batch_norm_layout(x)
    if layout == "planes":
        odd = (x.size // (x.shape[0] * x.shape[1])) % 2
        return not (x.dtype == _D and odd and x.shape[0] > BATCH_NORM_ROWS64)
    if layout != "rows":
        return True
    rows = x.size // x.shape[1]
    limit = BATCH_NORM_ROWS64 if x.dtype == _D else BATCH_NORM_ROWS
    return -(-rows // max(1, min(threads, rows))) <= limit


def _rows(x: np.ndarray) -> np.ndarray:
    """The (N*HW, C) rows of a "rows"-layout x, in memory order (a view)."""
    return np.moveaxis(x, 1, -1).reshape(-1, x.shape[1])


def _walked(x: np.ndarray, order=None) -> np.ndarray:
    """(C, N*HW): each channel's elements in the order a TensorIterator with dim 1 squashed
    walks them (`_walk_axes`, by default x's own)."""
    return np.transpose(x, [1] + (order or _walk_axes(x))).reshape(x.shape[1], -1)


def _walk_axes(x: np.ndarray, other=None) -> list:
    """The dims but 1, outermost first, as TensorIterator orders them: by x's strides, the
    largest outside; `other`'s (the next operand) break ties."""
    axes = [d for d in range(x.ndim) if d != 1]
    if other is None:
        return sorted(axes, key=lambda d: -x.strides[d])
    return sorted(axes, key=lambda d: (-x.strides[d], -other.strides[d]))


def _channel_sums(x: np.ndarray) -> np.ndarray:
    """at::sum over all dims but 1, in x's dtype: ATen's cascade sum over a TensorIterator
    walk of x's strides (sumorder; with more than one channel its threads split the
    channels, so each sum is the serial one at any length)."""
    from .sumorder import iter_sum, torch_sum
    axes = (0,) + tuple(range(2, x.ndim))
    s = iter_sum(x, set(axes)) if x.shape[1] > 1 else None
    return np.asarray(torch_sum(x, axes) if s is None else s, x.dtype)


def _in_double(items: np.ndarray, center=None, wide: bool = False) -> np.ndarray:
    """Per row of items (C, M), its elements (or their squared distances from `center`:
    (x - c)**2 rounded in items' dtype, or in double when `wide`) added one after another
    in a double accumulator."""
    c, m = items.shape
    total = np.zeros(c, _D)
    step = max(1, _BLOCK // max(c, 1))
    for a in range(0, m, step):
        part = items[:, a:a + step]
        if center is not None:
            part = part.astype(_D) - center[:, None].astype(_D) if wide \
                else part - center[:, None]
            part = part * part
        part = part.astype(_D)
        part[:, 0] += total
        total = np.add.accumulate(part, axis=1)[:, -1]
    return total


def _paired_squares(planes: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """The float64 var_sum of planes (N, C, HW): ATen's loop over each sample's plane is
    vectorised two doubles at a time, their products rounded and added in turn; a plane's
    odd last element takes the scalar tail, whose multiply-add is fused."""
    hw = planes.shape[2]
    if hw % 2 == 0:                         # no tail: all in turn, as `_in_double`
        return _in_double(np.moveaxis(planes, 1, 0).reshape(planes.shape[1], -1), mean)
    full = hw - 1
    total = np.zeros(planes.shape[1], _D)
    for plane in planes:
        d = plane - mean[:, None]
        if full:
            part = d[:, :full] * d[:, :full]
            part[:, 0] += total
            total = np.add.accumulate(part, axis=1)[:, -1]
        if full < hw:
            total = fma(d[:, -1], d[:, -1], total)
    return total


def _in_turn(rows: np.ndarray) -> np.ndarray:
    """The column sums of rows (M, C), row after row in rows' dtype (from the first row)."""
    acc = None
    step = max(1, _BLOCK // max(rows.shape[1], 1))
    for a in range(0, rows.shape[0], step):
        part = rows[a:a + step].copy()
        if acc is not None:
            part[0] += acc
        acc = np.add.accumulate(part, axis=0)[-1]
    return acc


def _fused_in_turn(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """acc = fma(p[j], q[j], acc) from zeros for j in turn over axis 0, in p's dtype."""
    acc = np.zeros(p.shape[1:], p.dtype)
    if p.dtype == np.float32:
        from ..fpmath import fma32_in_turn
        step = max(1, _BLOCK // max(acc.size, 1))
        for a in range(0, p.shape[0], step):
            prod = p[a:a + step].astype(_D) * q[a:a + step].astype(_D)     # exact in double
            acc = fma32_in_turn(prod, acc, 0)
        return acc
    for j in range(p.shape[0]):
        acc = fma(p[j], q[j], acc)
    return acc


def _thread_chunks(n: int, threads: int):
    """The [begin, end) row ranges at::parallel_for (OpenMP, grain 1) gives its threads."""
    t = max(1, min(threads, n))
    size = -(-n // t)
    return [(a, min(n, a + size)) for a in range(0, n, size)]


def _per_thread(rows: np.ndarray, threads: int, *more: np.ndarray):
    """rows (and the arrays `more` shaped alike) cut into the threads' chunks, stacked as
    (steps, chunks, C), the short last chunk padded with zeros: all chunks stepped together."""
    chunks = _thread_chunks(rows.shape[0], threads)
    size = chunks[0][1] - chunks[0][0]
    out = []
    for a in (rows,) + more:
        s = np.zeros((size, len(chunks), a.shape[1]), a.dtype)
        for k, (lo, hi) in enumerate(chunks):
            s[:hi - lo, k] = a[lo:hi]
        out.append(s)
    return out


def _total(parts: np.ndarray) -> np.ndarray:
    """The threads' partial sums (chunks, C) added in turn in double."""
    total = np.zeros(parts.shape[1:], _D)
    for part in parts:
        total = total + part.astype(_D)
    return total


@_silent
def batch_norm_stats(x: np.ndarray, threads: int):
    """ATen's training statistics of a float32 or float64 (N, C, *) batch per channel:
    (mean, var_sum), mean in x's dtype.
    planes (`collect_stats_contiguous_impl`): the channel's elements added in turn in double,
    mean = sum / n rounded; var_sum = the double sum of (x - mean)**2 rounded in the dtype
    (float64: `_paired_squares`).
    rows (`collect_stats_channels_last_impl`): each thread adds its rows in turn in the
    dtype, the threads' sums are added in double; var_sum likewise with
    acc = fma(x - mean, x - mean, acc) (a vector multiply-add); both rounded to the dtype.
    strided (Normalization.cpp): mean = at::mean (sumorder); var_sum = the double sum of
    (double(x) - mean)**2 in the iterator's order, left in double (a float64 var_sum
    tells invstd and running_update to take that path's double arithmetic)."""
    c = x.shape[1]
    n = x.size // c
    dt = x.dtype
    layout = batch_norm_layout(x)
    if layout == "planes":
        items = np.moveaxis(x.reshape(x.shape[0], c, -1), 1, 0).reshape(c, n)
        mean = (_in_double(items) / _D(n)).astype(dt)
        if dt == _D:
            return mean, _paired_squares(x.reshape(x.shape[0], c, -1), mean)
        return mean, _in_double(items, mean).astype(dt)
    if layout == "strided":
        mean = _channel_sums(x) / dt.type(n)
        return mean, _in_double(_walked(x), mean, wide=True)
    (steps,) = _per_thread(_rows(x), threads)
    mean = (_total(np.stack([_in_turn(steps[:, k]) for k in range(steps.shape[1])]))
            / _D(n)).astype(dt)
    # no more rows than threads: one fused chain over all the rows (measured: ATen's
    # `N <= num_threads` branch rounds as one thread's vector loop would)
    (d,) = _per_thread(_rows(x) - mean, 1 if steps.shape[0] == 1 else threads)
    return mean, _total(_fused_in_turn(d, d)).astype(dt)


@_silent
def invstd(var_sum: np.ndarray, n: int, eps: float, dtype) -> np.ndarray:
    """InvStd(var_sum / n, eps) = 1 / sqrt(var + eps) in double (0 where var and eps are
    both 0), rounded to `dtype`; the quotient in var_sum's dtype: the input's for the
    kernels' statistics, double for the strided path's."""
    var = (var_sum / var_sum.dtype.type(n)).astype(_D)
    with np.errstate(divide="ignore"):
        out = np.where((var == 0) & (eps == 0), 0.0, 1 / np.sqrt(var + eps))
    return out.astype(dtype)


@_silent
def batch_norm_apply(x, mean, inv, weight, bias):
    """y per channel, as batch_norm_cpu_transform_input_template: the kernels take
    y = x * alpha + beta, alpha = invstd * w, beta = b - mean * alpha, both multiply-adds
    fused; the strided path ((x - mean) * invstd) * w + b, each step rounded (its output
    laid out contiguous, as at::empty_like gives it there)."""
    shape = (1, -1) + (1,) * (x.ndim - 2)
    t = x.dtype.type
    inv = inv.astype(x.dtype)
    if batch_norm_layout(x) == "strided":
        y = (x - mean.reshape(shape)) * inv.reshape(shape)
        y = y * (t(1) if weight is None else weight.reshape(shape))
        return np.ascontiguousarray(y + (t(0) if bias is None else bias.reshape(shape)))
    alpha = inv if weight is None else inv * weight
    beta = fma(-mean, alpha, t(0) if bias is None else bias)
    out = np.empty_like(x)                  # (x's layout, as ATen's output)
    if batch_norm_layout(x) == "planes":    # the (N*C, HW) planes, or the (N*HW, C) rows
        hw = x.size // (x.shape[0] * x.shape[1])
        rows, dst = x.reshape(-1, hw), out.reshape(-1, hw)
        alpha, beta = np.tile(alpha, x.shape[0])[:, None], np.tile(beta, x.shape[0])[:, None]
    else:
        rows, dst = _rows(x), _rows(out)
        alpha, beta = np.broadcast_to(alpha, rows.shape), np.broadcast_to(beta, rows.shape)
    assert np.may_share_memory(dst, out)    # (views, written in place)
    step = max(1, _BLOCK // max(1, rows.shape[1]))
    for a in range(0, rows.shape[0], step):  # in blocks: fma's rare exact-midpoint fix-up
        part = slice(a, a + step)           # redoes one block, not the whole input
        dst[part] = fma(rows[part], alpha[part], beta[part])
    return out


@_silent
def running_update(running_mean, running_var, mean, var_sum, n: int, momentum: float):
    """The new running statistics (batch_norm_cpu_update_stats_template, a file built
    without fused multiply-adds). Kernel statistics: mean m*batch + (1 - m)*running in the
    dtype; var m*(var_sum / (n - 1)) (the quotient in the dtype) in double plus the
    (1 - m)*running of the dtype, rounded to it. Strided statistics (var_sum in double):
    both in double, m a double."""
    dt = mean.dtype.type
    wide = var_sum.dtype != mean.dtype
    m = _D(momentum) if wide else dt(momentum)
    keep = (_D(1) if wide else dt(1)) - m
    with np.errstate(all="ignore"):
        new_mean = new_var = None
        if running_mean is not None:
            new_mean = (m * mean.astype(_D) + keep * running_mean.astype(_D)).astype(dt) \
                if wide else m * mean + keep * running_mean
        if running_var is not None:
            unbiased = (var_sum / var_sum.dtype.type(n - 1)).astype(_D)
            new_var = (_D(m) * unbiased + (keep * running_var).astype(_D)).astype(dt)
    return new_mean, new_var


def backward_layout(x: np.ndarray, dy: np.ndarray) -> str:
    """The layout batch_norm's backward takes: the input's kernel when dy is laid out as x
    (both contiguous in one format), else the strided path."""
    lay = batch_norm_layout(x)
    if lay == "strided" or batch_norm_layout(dy) == "strided":
        return "strided"
    from .shape import suggest_memory_format
    if suggest_memory_format(x) != suggest_memory_format(dy):
        return "strided"
    if lay != "planes" and x.flags.c_contiguous != dy.flags.c_contiguous:
        return "strided"
    return lay


@_silent
def batch_norm_backward(dy, x, mean, inv, weight, threads: int, training: bool):
    """(dx, dw, db) of ATen's float32 or float64 batch_norm backward (batch_norm_kernel.cpp;
    Normalization.cpp for the strided path). sum = sum(dy) and dotp = sum((x - mean) dy) per
    channel: planes add per-sample vector sums in double; rows add rows per thread in the
    dtype (dotp fused), the threads' partials in double. Training:
    dx = ((dy - sum/N) - (x - mean) k) inv w with k = dotp inv inv / N (fused, except the
    channels past the last whole vector of a row); evaluation: dx = dy inv w.
    dw = dotp inv, db = sum."""
    layout = backward_layout(x, dy)
    if layout == "strided":
        return _strided_backward(dy, x, mean, inv, weight, training)
    if layout == "planes":
        return _kernel_backward(dy, x, mean, inv, weight, threads, training, True)
    dx, dw, db = _kernel_backward(_rows(dy), _rows(x), mean, inv, weight, threads, training,
                                  False)
    return np.moveaxis(dx.reshape(np.moveaxis(x, 1, -1).shape), -1, 1), dw, db


def _kernel_backward(dy, x, mean, inv, weight, threads, training, planes: bool):
    """batch_norm_backward of the planes kernel, or (not `planes`) of the rows kernel on
    (N*HW, C) rows."""
    t = x.dtype.type
    c = x.shape[1]
    n = x.size // c
    with np.errstate(all="ignore"):
        s, dotp = (_spatial_sums if planes else _row_sums)(dy, x, mean, threads)
        w = np.ones(c, x.dtype) if weight is None else weight
        shape = (1, -1) + (1,) * (x.ndim - 2)
        dotp_t = dotp.astype(x.dtype)
        if training:
            k = (dotp_t * inv * inv / t(n)).reshape(shape)
            grad_mean = (s / (_D(n) if planes else t(n))).astype(x.dtype)
            xc, rest = x - mean.reshape(shape), dy - grad_mean.reshape(shape)
            dx = fma(-xc, k, rest) * inv.reshape(shape) * w.reshape(shape)
            lanes = _lanes(x.dtype)
            if not planes and c % lanes:
                tail = slice(c - c % lanes, c)
                dx[:, tail] = (rest[:, tail] - xc[:, tail] * k[:, tail]) * inv[tail] * w[tail]
        else:
            dx = dy * inv.reshape(shape) * w.reshape(shape)
        return dx, (dotp * inv).astype(x.dtype), s.astype(x.dtype)


def _spatial_sums(dy, x, mean, threads):
    """contiguous_impl's per-channel sums (double): each sample's vector sums (all the
    (sample, channel) planes at once), added sample after sample."""
    b, c = x.shape[:2]
    xs, ds = x.reshape(b * c, -1), dy.reshape(b * c, -1)
    sums = _reduce_all(ds).reshape(b, c)
    dots = _map_reduce(xs - np.tile(mean, b)[:, None], ds).reshape(b, c)
    return (_from_zero(sums.astype(_D)), _from_zero(dots.astype(_D)))


def _row_sums(dy, x, mean, threads):
    """channels_last_impl's per-channel sums: rows per thread in the dtype, then double."""
    d, g = _per_thread(x - mean, threads, dy)
    s = _total(np.stack([_in_turn(g[:, k]) for k in range(g.shape[1])]))
    return s.astype(x.dtype), _total(_fused_in_turn(d, g)).astype(x.dtype)


def _strided_backward(dy, x, mean, inv, weight, training):
    """batch_norm_backward_cpu_template's TensorIterator path: sum = at::sum(dy) (sumorder);
    dotp = the double sum of the dtype's (x - mean) * dy in the iterator's order; training
    k = dotp inv inv / n and dx = ((dy - sum / n) - (x - mean) k) inv w, evaluation
    dx = dy inv w, each step rounded in the dtype; dw = dotp inv (double), db = sum."""
    t = x.dtype.type
    c = x.shape[1]
    n = x.size // c
    shape = (1, -1) + (1,) * (x.ndim - 2)
    w = (np.ones(c, x.dtype) if weight is None else weight).reshape(shape)
    with np.errstate(all="ignore"):
        s = _channel_sums(dy)
        order = _walk_axes(x, dy)
        dotp = _in_double((_walked(x, order) - mean[:, None]) * _walked(dy, order))
        inv_b = inv.reshape(shape)
        if training:
            k = (dotp.astype(x.dtype) * inv * inv / t(n)).reshape(shape)
            dx = (x - mean.reshape(shape)) * k
            dx = ((dy - (s / t(n)).reshape(shape)) - dx) * inv_b * w
        else:
            dx = dy * inv_b * w
        return np.ascontiguousarray(dx), (dotp * inv).astype(x.dtype), s


# -- group_norm of channels-last inputs (GroupNormKernelImplChannelsLastInternal) -------------
#
# ATen's channels-last group_norm sums x and x*x per (sample, group) in float (or double) and
# takes var = E[x^2] - mean^2, so it loses the digits a large mean cancels: its values are
# reproduced here as it computes them. Below a spatial size (impl-1) each (sample, group)
# sums its channels in vector lanes over all positions; from it (impl-2) the threads sum
# their rows into per-sample buffers, added up per group afterwards.

#: the spatial sizes from which the forward and the backward kernels take impl-2
_GN_FORWARD_SPLIT = 1024
_GN_BACKWARD_SPLIT = 2048


def group_norm_layout(x: np.ndarray) -> str:
    """"channels_last" when ATen's group_norm takes its channels-last kernels for x (its
    suggested memory format), else "contiguous"."""
    from .shape import suggest_memory_format
    return "channels_last" if suggest_memory_format(x) != "contiguous_format" else "contiguous"


def _vectors(a: np.ndarray, lanes: int) -> np.ndarray:
    """a (..., D) cut into vectors (..., ceil(D / lanes), lanes), the last one zero-padded
    (a partial load)."""
    d = a.shape[-1]
    k = -(-d // lanes)
    if k * lanes != d:
        a = np.concatenate([a, np.zeros(a.shape[:-1] + (k * lanes - d,), a.dtype)], axis=-1)
    return a.reshape(a.shape[:-1] + (k, lanes))


def _reduce_lanes(acc: np.ndarray) -> np.ndarray:
    """vec_reduce_all(+) over the last axis: float32 lanes folded in halves, float64 ones
    added in turn."""
    if acc.dtype == np.float32:
        from .. import vecmath
        return vecmath.fold_lanes(acc)
    s = acc[..., 0]
    for i in range(1, acc.shape[-1]):
        s = s + acc[..., i]
    return s


def _from_zero(rows: np.ndarray) -> np.ndarray:
    """The column sums of rows (M, ...) added in turn onto a zero accumulator (+ 0 turns
    an all -0 sum into +0, as 0 + -0 is)."""
    total = _in_turn(rows.reshape(rows.shape[0], -1)).reshape(rows.shape[1:])
    return total + rows.dtype.type(0)


def _sample_segments(n: int, hw: int, threads: int):
    """Per thread, the (sample, first row, end row) pieces of its chunk of the N*HW rows."""
    out = []
    for a, b in _thread_chunks(n * hw, threads):
        out.append([(i, max(a, i * hw), min(b, (i + 1) * hw))
                    for i in range(a // hw, (b - 1) // hw + 1)])
    return out


def _threaded_sums(first: np.ndarray, second: np.ndarray, threads: int):
    """Per thread, per sample, over its rows of first and second (N, HW, C): the sums of
    `first` and the fused sums of first * second, each from zero, in turn; zeros for an idle
    thread. Two arrays (threads, N, C)."""
    n, hw, c = first.shape
    one = np.zeros((threads, n, c), first.dtype)
    two = np.zeros((threads, n, c), first.dtype)
    flat1, flat2 = first.reshape(n * hw, c), second.reshape(n * hw, c)
    for t, pieces in enumerate(_sample_segments(n, hw, threads)):
        for i, lo, hi in pieces:
            one[t, i] = _from_zero(flat1[lo:hi])
            two[t, i] = _fused_in_turn(flat1[lo:hi], flat2[lo:hi])
    return one, two


@_silent
def group_norm_channels_last(x: np.ndarray, groups: int, weight, bias, eps: float,
                             threads: int):
    """ATen's channels-last group_norm of a float32 or float64 (N, C, *) array: (y laid out
    channels-last, mean, rstd), mean and rstd (N, groups). Per (sample, group): the sum and
    the sum of squares of its elements (`_columnwise` or `_threaded`), mean = sum / (D HW),
    var = max(sumsq / (D HW) - mean^2, 0) (the first product fused), rstd = 1 / sqrt(var +
    eps) in double; per channel scale = rstd w, bias = b - scale mean (fused), y = x scale +
    bias (fused)."""
    n, c = x.shape[:2]
    hw = x.size // (n * c)
    d = c // groups
    t = x.dtype.type
    rows = np.moveaxis(x, 1, -1).reshape(n, hw, c)
    s = t(1) / t(d * hw)
    with np.errstate(all="ignore"):
        total, squares = (_columnwise(rows, groups) if hw < _GN_FORWARD_SPLIT
                          else _threaded(rows, groups, threads))
        mean = total * s
        var = np.maximum(fma(squares, s, -(mean * mean)), t(0))
        rstd = (1 / np.sqrt(var.astype(_D) + eps)).astype(x.dtype)
        w = np.ones(c, x.dtype) if weight is None else weight
        b = np.zeros(c, x.dtype) if bias is None else bias
        scale = rstd[:, :, None] * w.reshape(groups, d)
        shift = fma(-scale, mean[:, :, None], b.reshape(groups, d))
        y = fma(rows, scale.reshape(n, 1, c), shift.reshape(n, 1, c))
    y = np.moveaxis(y.reshape((n,) + x.shape[2:] + (c,)), -1, 1)
    return y, mean, rstd


def _columnwise(rows: np.ndarray, groups: int):
    """impl-1's ColumnwiseMoments of each (sample, group): its channels in vectors, one
    accumulator vector (sum, and sum of the rounded squares: measured, not fused) over every
    position and vector in turn, then its lanes reduced; (N, groups) each."""
    n, hw, c = rows.shape
    per = rows.reshape(n, hw, groups, c // groups).transpose(1, 0, 2, 3)   # (HW, N, G, D)
    v = _vectors(per, _lanes(rows.dtype))                                  # (HW, N, G, K, L)
    steps = np.moveaxis(v, 3, 1).reshape((-1,) + v.shape[1:3] + v.shape[4:])
    return _reduce_lanes(_from_zero(steps)), _reduce_lanes(_from_zero(steps * steps))


def _threaded(rows: np.ndarray, groups: int, threads: int):
    """impl-2: the threads' per-sample channel sums (and fused sums of squares), then per
    (sample, group) those added in turn, channel after channel, thread after thread."""
    n, hw, c = rows.shape
    one, two = _threaded_sums(rows, rows, threads)
    d = c // groups
    total = np.zeros((n, groups), rows.dtype)
    squares = np.zeros((n, groups), rows.dtype)
    for j in range(d):
        for t in range(threads):
            total = total + one[t].reshape(n, groups, d)[:, :, j]
            squares = squares + two[t].reshape(n, groups, d)[:, :, j]
    return total, squares


@_silent
def group_norm_channels_last_backward(dy, x, mean, rstd, weight, groups: int, threads: int):
    """(dx laid out channels-last, dw, db) of ATen's channels-last group_norm backward
    (GroupNormBackwardKernelImplChannelsLastInternal): per (sample, channel) ds = sum(x dy)
    and db = sum(dy); per (sample, group) their sums times gamma (`_cl_grads_columns`,
    `_cl_grads_rows`); c2 = (db mean - ds) rstd^3 / (D HW), c3 = -c2 mean - db rstd / (D HW)
    and dx = c1 dy + c2 x + c3 with c1 = rstd gamma, the multiply-adds fused as measured
    (other products than the contiguous kernel's); dw and db as that kernel's."""
    t = x.dtype.type
    n, c = x.shape[:2]
    hw = x.size // (n * c)
    d = c // groups
    rows = np.moveaxis(x, 1, -1).reshape(n, hw, c)
    drows = np.moveaxis(dy, 1, -1).reshape(n, hw, c)
    gamma = np.ones(c, x.dtype) if weight is None else weight.reshape(c)
    with np.errstate(all="ignore"):
        ds, db, ds_g, db_g = (_cl_grads_columns if hw < _GN_BACKWARD_SPLIT else _cl_grads_rows)(
            rows, drows, gamma, groups, threads)
        scale = t(1) / t(d * hw)
        c2 = fma(db_g, mean, -ds_g) * rstd * rstd * rstd * scale
        c3 = fma(-c2, mean, -(db_g * rstd * scale))
        c1 = (rstd[:, :, None] * gamma.reshape(groups, d)).reshape(n, 1, c)
        per = lambda v: np.repeat(v, d, axis=1).reshape(n, 1, c)      # noqa: E731
        dx = fma(per(c2), rows, c1 * drows) + per(c3)
        dw = np.zeros(c, x.dtype)
        dbeta = np.zeros(c, x.dtype)
        mean_c, rstd_c = np.repeat(mean, d, axis=1), np.repeat(rstd, d, axis=1)
        for i in range(n):
            dw = fma(fma(-db[i], mean_c[i], ds[i]), rstd_c[i], dw)
            dbeta = dbeta + db[i]
    dx = np.moveaxis(dx.reshape((n,) + x.shape[2:] + (c,)), -1, 1)
    return dx, dw, dbeta


def _cl_grads_columns(rows, drows, gamma, groups, threads):
    """impl-1's CalcInternalGradientsChannelsLast per (sample, group): ds (rounded products
    x dy: measured, not fused) and db summed over the positions in vectors of its channels,
    stored per channel; ds_gamma and db_gamma the vectors times gamma, each reduced and added
    in turn."""
    n, hw, c = rows.shape
    d = c // groups
    lanes = _lanes(rows.dtype)
    shape = (n, hw, groups, d)
    xv = _vectors(rows.reshape(shape).transpose(1, 0, 2, 3), lanes)      # (HW, N, G, K, L)
    gv = _vectors(drows.reshape(shape).transpose(1, 0, 2, 3), lanes)
    acc_s = _from_zero(xv * gv)                                             # (N, G, K, L)
    acc_b = _from_zero(gv)
    gam = _vectors(gamma.reshape(groups, d), lanes)                         # (G, K, L)
    ds_g = np.zeros((n, groups), rows.dtype)
    db_g = np.zeros((n, groups), rows.dtype)
    for k in range(acc_s.shape[2]):
        ds_g = ds_g + _reduce_lanes(acc_s[:, :, k] * gam[:, k])
        db_g = db_g + _reduce_lanes(acc_b[:, :, k] * gam[:, k])
    flat = lambda a: a.reshape(n, groups, -1)[:, :, :d].reshape(n, c)      # noqa: E731
    return flat(acc_s), flat(acc_b), ds_g, db_g


def _cl_grads_rows(rows, drows, gamma, groups, threads):
    """impl-2: the threads' per-sample sums of x dy (fused) and dy over their rows, then per
    (sample, group), channel after channel and thread after thread, ds_gamma and db_gamma
    (their rounded products with gamma added) and per channel ds and db."""
    n, hw, c = rows.shape
    d = c // groups
    db_t, ds_t = _threaded_sums(drows, rows, threads)              # dy; fused x dy
    dt = rows.dtype
    ds_g, db_g = np.zeros((n, groups), dt), np.zeros((n, groups), dt)
    ds = np.zeros((n, groups, d), dt)
    db = np.zeros((n, groups, d), dt)
    gam = gamma.reshape(groups, d)
    for j in range(d):
        for t in range(threads):
            s_part = ds_t[t].reshape(n, groups, d)[:, :, j]
            b_part = db_t[t].reshape(n, groups, d)[:, :, j]
            ds_g = ds_g + s_part * gam[:, j]
            db_g = db_g + b_part * gam[:, j]
            ds[:, :, j] = ds[:, :, j] + s_part
            db[:, :, j] = db[:, :, j] + b_part
    return ds.reshape(n, c), db.reshape(n, c), ds_g, db_g
