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
    """AddMomentsVec: the moments (m0_add, m1_add, m2_add) merged into (m0, m1, m2)."""
    t = m2.dtype.type
    n = m0 + m0_add
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
    """UpdateMomentsVec's Welford loop over m0 vectors (lane by lane), from zero."""
    t = vecs.dtype.type
    m1 = m2 = np.zeros(vecs.shape[:1] + vecs.shape[2:], t)
    for j in range(m0):
        x = vecs[:, j]
        delta = x - m1
        m1 = fma(t(1) / t(j + 1), delta, m1)
        m2 = fma(delta, x - m1, m2)
    return m1, m2


def _ceil_log2(m: int) -> int:
    return 1 if m <= 2 else (m - 1).bit_length()


@_silent
def rowwise_moments(x: np.ndarray):
    """ATen's RowwiseMoments of each row of a 2-D float32 or float64 array: (mean, biased
    variance) in its dtype. Whole vectors (8 or 4 lanes) in chunks of 16 by Welford, the
    chunk moments merged in a binary cascade of stacks; the trailing elements by a scalar
    Welford loop; then the lanes merged into that, one by one."""
    t, lanes = x.dtype.type, _lanes(x.dtype)
    rows, size = x.shape
    n = size // lanes
    chunks = -(-n // _CHUNK)
    depth = _ceil_log2(chunks)
    vecs = x[:, :n * lanes].reshape(rows, n, lanes)
    zero = np.zeros((rows, lanes), t)
    stack = [[0, zero, zero] for _ in range(depth)]
    with np.errstate(invalid="ignore", over="ignore"):
        for i in range(chunks):
            m0 = min(_CHUNK, n - i * _CHUNK)
            m1, m2 = _chunk_moments(vecs[:, i * _CHUNK:i * _CHUNK + m0], m0)
            stack[0] = list(_add_moments_vec(m0, m1, m2, *stack[0]))
            mask, j = i + 1, 1
            while j < depth and mask & 1 == 0:
                stack[j] = list(_add_moments_vec(*stack[j - 1], *stack[j]))
                stack[j - 1] = [0, zero, zero]
                mask, j = mask >> 1, j + 1
        for j in range(1, depth):
            stack[0] = list(_add_moments_vec(*stack[j], *stack[0]))
        m0, m1, m2 = 0, np.zeros(rows, t), np.zeros(rows, t)
        for i in range(n * lanes, size):
            v = x[:, i]
            delta = v - m1
            m0 += 1
            m1 = m1 + delta / t(m0)
            m2 = m2 + delta * (v - m1)
        for lane in range(lanes):
            m0, m1, m2 = _add_moments(n, stack[0][1][:, lane], stack[0][2][:, lane], m0, m1, m2)
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
    acc = p[:, :lanes] * q[:, :lanes]
    full = n - n % lanes
    for d in range(lanes, full, lanes):
        acc = acc + p[:, d:d + lanes] * q[:, d:d + lanes]
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


# -- batch_norm's per-channel statistics (batch_norm_kernel.cpp) --------------------------------

#: the most elements batch_norm rounds as ATen does, and the most rows of an (N, C) input
#: (a Python step per row and thread); past them NumPy's float32 arithmetic, whose last
#: bits differ
BATCH_NORM_ELEMENTS = 1 << 18
BATCH_NORM_ROWS = 1 << 11

def _sum_in_double(items: np.ndarray) -> np.ndarray:
    """The sum over axis 1, one item after another in a double accumulator."""
    return np.add.accumulate(items.astype(_D), axis=1)[:, -1]


@_silent
def batch_norm_stats(x: np.ndarray, threads: int):
    """ATen's training batch_norm statistics of a float32 (N, C, *) array: (mean, var_sum,
    invstd), float32 per channel. Spatial inputs (`contiguous_impl`): per channel a double
    sum in memory order, mean = sum / n rounded; var_sum = double sum of float32
    (x - mean)**2. (N, C) inputs (`channels_last_impl`; NC11 counts as channels last):
    the N rows are split into `threads` chunks (as OpenMP's parallel_for does), each summed
    row by row in float32, the chunk totals added in double. invstd = 1 / sqrt(var_sum / n
    + eps), rounded once from double."""
    c = x.shape[1]
    n = x.size // c
    dt = x.dtype                # float32, or float64 (the same steps, its sums in double)
    if x.size == n * c and x.ndim > 2 and x.size // (x.shape[0] * c) > 1:
        items = np.moveaxis(x, 1, 0).reshape(c, n)
        mean = (_sum_in_double(items) / _D(n)).astype(dt)
        d = items - mean[:, None]
        return mean, _sum_in_double(d * d).astype(dt)
    rows = x.reshape(n, c)
    chunks = _thread_chunks(n, threads)
    mean = (np.sum([np.add.accumulate(rows[a:b], axis=0)[-1].astype(_D) for a, b in chunks],
                   axis=0) / _D(n)).astype(dt)
    return mean, _chunked_squares(rows, mean, chunks).astype(dt)


def _chunked_squares(rows, mean, chunks):
    """Each chunk's running fma((x - mean), (x - mean), acc) over its rows in the rows' dtype
    (all the chunks stepped together, the short last one padded with zeros), totalled in
    double."""
    size = chunks[0][1] - chunks[0][0]
    d = np.zeros((len(chunks), size, rows.shape[1]), rows.dtype)
    for k, (a, b) in enumerate(chunks):
        d[k, :b - a] = rows[a:b] - mean
    acc = np.zeros((len(chunks), rows.shape[1]), rows.dtype)
    with np.errstate(invalid="ignore", over="ignore"):
        for j in range(size):
            acc = fma(d[:, j], d[:, j], acc)
    total = np.zeros(rows.shape[1], _D)
    for part in acc:
        total = total + part.astype(_D)
    return total


def _thread_chunks(n: int, threads: int):
    """The [begin, end) row ranges at::parallel_for (OpenMP, grain 1) gives its threads."""
    t = max(1, min(threads, n))
    size = -(-n // t)
    return [(a, min(n, a + size)) for a in range(0, n, size)]


@_silent
def invstd(var_sum: np.ndarray, n: int, eps: float) -> np.ndarray:
    """1 / sqrt(var_sum / n + eps), the quotient in float32, the rest in double, rounded to
    float32 (batch_norm_cpu_update_stats_template's VarTransform InvStd)."""
    dt = var_sum.dtype              # (float64: all in double)
    with np.errstate(divide="ignore"):
        return (1 / np.sqrt((var_sum / dt.type(n)).astype(_D) + eps)).astype(dt)


@_silent
def batch_norm_apply(x, mean, inv, weight, bias):
    """y = x * alpha + beta per channel, alpha = invstd * w, beta = b - mean * alpha, both
    multiply-adds fused (batch_norm_cpu_transform_input)."""
    alpha = inv if weight is None else inv * weight
    beta = fma(-mean, alpha, x.dtype.type(0) if bias is None else bias)
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return fma(x, alpha.reshape(shape), beta.reshape(shape))


@_silent
def running_update(running_mean, running_var, mean, var_sum, n: int, momentum: float):
    """The new float32 running statistics (batch_norm_cpu_update_stats_template, a file
    built without fused multiply-adds): mean m*batch + (1 - m)*running in float32; var
    m*(var_sum / (n - 1)) in double plus the float32 (1 - m)*running, rounded to float32."""
    dt = mean.dtype.type        # (float64: all in double)
    m = dt(momentum)
    keep = dt(1) - m
    with np.errstate(all="ignore"):
        new_mean = None if running_mean is None else m * mean + keep * running_mean
        new_var = None
        if running_var is not None:
            unbiased = (var_sum / dt(n - 1)).astype(_D)
            new_var = (_D(m) * unbiased + (keep * running_var).astype(_D)).astype(dt)
    return new_mean, new_var


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


@_silent
def batch_norm_backward(dy, x, mean, inv, weight, threads: int, training: bool):
    """(dx, dw, db) of ATen's float32 or float64 batch_norm backward kernels
    (batch_norm_kernel.cpp). sum = sum(dy) and dotp = sum((x - mean) dy) per channel:
    spatial inputs add per-sample vector sums in double; (N, C) inputs add rows per thread
    in the dtype (dotp fused), the threads' partials in double. Training:
    dx = ((dy - sum/N) - (x - mean) k) inv w with k = dotp inv inv / N (fused, except the
    channels past the last whole vector of an (N, C) row); evaluation: dx = dy inv w.
    dw = dotp inv, db = sum."""
    t = x.dtype.type
    c = x.shape[1]
    n = x.size // c
    spatial = x.ndim > 2 and x.size // (x.shape[0] * c) > 1
    with np.errstate(all="ignore"):
        s, dotp = (_spatial_sums if spatial else _row_sums)(dy, x, mean, threads)
        w = np.ones(c, x.dtype) if weight is None else weight
        shape = (1, -1) + (1,) * (x.ndim - 2)
        dotp_t = dotp.astype(x.dtype)
        if training:
            k = (dotp_t * inv * inv / t(n)).reshape(shape)
            grad_mean = (s / (_D(n) if spatial else t(n))).astype(x.dtype)
            xc, rest = x - mean.reshape(shape), dy - grad_mean.reshape(shape)
            dx = fma(-xc, k, rest) * inv.reshape(shape) * w.reshape(shape)
            lanes = _lanes(x.dtype)
            if not spatial and c % lanes:
                tail = slice(c - c % lanes, c)
                dx[:, tail] = (rest[:, tail] - xc[:, tail] * k[:, tail]) * inv[tail] * w[tail]
        else:
            dx = dy * inv.reshape(shape) * w.reshape(shape)
        return dx, (dotp * inv).astype(x.dtype), s.astype(x.dtype)


def _spatial_sums(dy, x, mean, threads):
    """contiguous_impl's per-channel sums (double): each sample's vector sum added."""
    b, c = x.shape[:2]
    xs, ds = x.reshape(b, c, -1), dy.reshape(b, c, -1)
    s, dotp = np.zeros(c, _D), np.zeros(c, _D)
    for i in range(b):
        s = s + _reduce_all(ds[i]).astype(_D)
        dotp = dotp + _map_reduce(xs[i] - mean[:, None], ds[i]).astype(_D)
    return s, dotp


def _row_sums(dy, x, mean, threads):
    """channels_last_impl's per-channel sums: rows per thread in the dtype, then double."""
    c = x.shape[1]
    rows, drows = x.reshape(-1, c), dy.reshape(-1, c)
    s, dotp = np.zeros(c, _D), np.zeros(c, _D)
    for start, stop in _thread_chunks(rows.shape[0], threads):
        ps, pd = np.zeros(c, x.dtype), np.zeros(c, x.dtype)
        for i in range(start, stop):
            ps = ps + drows[i]
            pd = fma(rows[i] - mean, drows[i], pd)
        s, dotp = s + ps.astype(_D), dotp + pd.astype(_D)
    return s.astype(x.dtype), dotp.astype(x.dtype)
