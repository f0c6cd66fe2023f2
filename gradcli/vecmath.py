"""float32 arithmetic as PyTorch's vectorised CPU kernels do it, bit for bit.

ATen's kernels for sigmoid, softmax and log_softmax work on float32 in SIMD registers: their
exp and log are SLEEF's (`Sleef_expf16_u10`, `Sleef_logf16_u10`), which are accurate to one
unit in the last place but not always correctly rounded, and their sums along the last dim
add 16 lanes side by side, then fold the lanes in halves. NumPy's float32 exp rounds
differently, and its sums pair elements in another order, so the last bit of a softmax
differed in about half of the elements. Here the same steps are written with NumPy float32
operations (a fused multiply-add through `fpmath.fma`), following SLEEF's published
algorithms and ATen's AVX-512 code path (`vec::map_reduce_all`, `vec_reduce_all`).

Only float32 is handled; other dtypes keep NumPy's functions.
"""
from __future__ import annotations

import numpy as np

from .fpmath import _two_sum, fma

_F = np.float32
LANES = 16                      # float32 lanes of an AVX-512 register


def _f(a) -> np.ndarray:
    return np.asarray(a, dtype=_F)


def exp(d: np.ndarray) -> np.ndarray:
    """SLEEF's expf (u10): n = rint(d / ln 2), d - n ln 2 in two steps (ln 2 split in a high
    and a low part), a degree-6 polynomial by Horner with fused multiply-adds, times 2**n."""
    d = _f(d)
    with np.errstate(all="ignore"):
        q = np.rint(_f(d * _F(1.442695040888963407359924681001892137426645954152985934135449406931)))
        s = fma(q, _F(-0.693145751953125), d)
        s = fma(q, _F(-1.428606765330187045e-06), s)
        u = np.full_like(d, _F(0.000198527617612853646278381))
        for c in (0.00139304355252534151077271, 0.00833336077630519866943359,
                  0.0416664853692054748535156, 0.166666671633720397949219, 0.5):
            u = fma(u, s, _F(c))
        u = _f(_F(1) + fma(_f(s * s), u, s))
        u = _f(np.ldexp(u, q.astype(np.int32)))
        u = np.where(d < -104, _F(0), u)
        u = np.where(d > 100, _F(np.inf), u)
    return np.where(np.isnan(d), d, u).astype(_F, copy=False)


def log(d: np.ndarray) -> np.ndarray:
    """SLEEF's logf (u1, its AVX-512 form): d = m 2**e with m in [0.75, 1.5), then
    log d = 2 atanh((m-1)/(m+1)) + e ln 2, the quotient and the sums kept as pairs of floats
    (double-float arithmetic) and rounded once at the end."""
    d = _f(d)
    with np.errstate(all="ignore"):
        e = _f(np.frexp(_f(d * _F(1 / 0.75)))[1] - 1)           # getexp(d / 0.75)
        frac = np.frexp(d)[0]
        m = np.where(_f(frac * 2) >= _F(1.5), _f(frac), _f(frac * 2))   # getmant in [.75, 1.5)
        hi, lo = _F(0.69314718246459960938), _F(-1.904654323148236017e-09)
        sx = _f(hi * e)
        sy = fma(lo, e, fma(hi, e, -sx))                         # (hi, lo) * e
        ax, ay = _two_sum(_F(-1), m)
        bx, by = _two_sum(_F(1), m)
        r = _atanh_sum(ax, ay, bx, by, sx, sy)
        r = np.where(d == 0, _F(-np.inf), r)
        r = np.where(d < 0, _F(np.nan), r)
        r = np.where(np.isposinf(d), _F(np.inf), r)
    return np.where(np.isnan(d), d, r).astype(_F, copy=False)


def log1p(d: np.ndarray) -> np.ndarray:
    """SLEEF's log1pf (its AVX-512 form): 1 + d = m 2**e, with m computed from d itself
    (d 2**-e + (2**-e - 1)) so that small d keep their bits, then log1p d = 2 atanh(m / (2 +
    m)) + e ln 2 in double-float arithmetic, as `log`."""
    d = _f(d)
    with np.errstate(all="ignore"):
        dp1 = _f(d + _F(1))
        e = _f(np.frexp(_f(dp1 * _F(1 / 0.75)))[1] - 1)
        e = np.where(np.isposinf(dp1), _F(128), e)
        t = _f(np.ldexp(_F(1), -e.astype(np.int32)))
        m = fma(d, t, _f(t - _F(1)))
        hi, lo = _F(0.69314718246459960938), _F(-1.904654323148236017e-09)
        sx = _f(hi * e)
        sy = fma(lo, e, fma(hi, e, -sx))
        bx = _f(_F(2) + m)                                       # (2 + m) as a float pair
        by = _f(_f(_F(2) - bx) + m)
        r = _atanh_sum(m, _F(0), bx, by, sx, sy)
        r = np.where(d > _F(1e38), _F(np.inf), r)
        r = np.where(d < _F(-1), _F(np.nan), r)
        r = np.where(d == _F(-1), _F(-np.inf), r)
        r = np.where((d == 0) & np.signbit(d), _F(-0.0), r)
    return np.where(np.isnan(d), d, r).astype(_F, copy=False)


def _atanh_sum(ax, ay, bx, by, sx, sy):
    """(sx, sy) + 2x + x^3 p(x^2) rounded once, x = (ax, ay) / (bx, by): the common tail of
    SLEEF's logf and log1pf."""
    t = _f(_F(1) / bx)
    qx = _f(ax * t)
    u = fma(t, ax, -qx)
    v = fma(-by, t, fma(-bx, t, _F(1)))
    qy = fma(qx, v, fma(ay, t, u))
    x2 = _f(qx * qx)
    p = fma(fma(_F(0.3027294874), x2, _F(0.3996108174)), x2, _F(0.6666694880))
    big = _f(sx + _f(qx * 2))
    small = _f(_f(_f(_f(sx - big) + _f(qx * 2)) + sy) + _f(qy * 2))
    z = _f(_f(x2 * qx) * p)
    top = _f(big + z)
    return _f(top + _f(_f(_f(big - top) + z) + small))


def along_last(x: np.ndarray, dim: int) -> bool:
    """Whether ATen runs a softmax-like op on this array along `dim` with the vectorised
    last-dim kernel that this module reproduces: float32, not empty, dim the last."""
    return x.dtype == _F and x.ndim > 0 and dim % x.ndim == x.ndim - 1 and x.size > 0


def sum_last(e: np.ndarray) -> np.ndarray:
    """The sum over the last axis in ATen's vectorised order: fewer than 16 elements one
    after another; else 16 running lane sums (the last, partial vector added lane-wise),
    folded in halves (lane i + lane i+8, then +4, +2, +1)."""
    n = e.shape[-1]
    if n < LANES:
        s = e[..., 0].copy() if n else np.zeros(e.shape[:-1], _F)
        for k in range(1, n):
            s = _f(s + e[..., k])
        return s
    acc = e[..., :LANES].copy()
    full = n - n % LANES
    for k in range(LANES, full, LANES):
        acc = _f(acc + e[..., k:k + LANES])
    if full < n:
        acc[..., :n - full] = _f(acc[..., :n - full] + e[..., full:])
    width = LANES
    while width > 1:
        width //= 2
        acc = _f(acc[..., :width] + acc[..., width:2 * width])
    return acc[..., 0]


class _Vector:
    """The functions ATen's vectorised loops call (SLEEF's)."""
    exp = staticmethod(exp)
    log1p = staticmethod(log1p)


class _Scalar:
    """The functions its scalar loops call (the C library's; taken as correctly rounded)."""

    @staticmethod
    def exp(x):
        with np.errstate(all="ignore"):
            return np.exp(x.astype(np.float64)).astype(_F)

    @staticmethod
    def log1p(x):
        with np.errstate(all="ignore"):
            return np.log1p(x.astype(np.float64)).astype(_F)


def elementwise(kernel, x: np.ndarray, *more: np.ndarray) -> np.ndarray:
    """`kernel(m, x, *more)` as ATen's `cpu_kernel_vec` runs it over contiguous tensors: two
    16-lane vectors at a time with m = the vector functions, and the last n % 32 elements
    one by one with the scalar ones (arrays that are not all C-contiguous and of one shape
    take the vector path throughout)."""
    arrays = [_f(x)] + [_f(a) for a in more]
    with np.errstate(all="ignore"):
        out = _f(kernel(_Vector, *arrays))
        n = out.size
        start = n - n % (2 * LANES)
        if start < n and all(a.flags.c_contiguous and a.shape == out.shape for a in arrays):
            out.reshape(-1)[start:] = kernel(_Scalar, *[a.reshape(-1)[start:] for a in arrays])
    return out


def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-x)), ATen's sigmoid."""
    return elementwise(lambda m, v: _F(1) / _f(_F(1) + m.exp(-v)), x)


def silu(x: np.ndarray) -> np.ndarray:
    """x / (1 + exp(-x)), ATen's silu."""
    return elementwise(lambda m, v: v / _f(_F(1) + m.exp(-v)), x)


def softplus(x: np.ndarray, beta: float) -> np.ndarray:
    """log1p(exp(beta x)) / beta (before the threshold's switch to x), ATen's softplus. (Its
    scalar tail calls the C library's log1pf, which is not always correctly rounded: there
    the last bit may differ.)"""
    b = _F(beta)
    return elementwise(lambda m, v: m.log1p(m.exp(_f(v * b))) / b, x)


def softplus_backward(g: np.ndarray, x: np.ndarray, beta: float) -> np.ndarray:
    """g z / (z + 1), z = exp(beta x) (before the threshold's switch to g)."""
    b = _F(beta)

    def kernel(m, gv, v):
        z = m.exp(_f(v * b))
        return _f(gv * z) / _f(z + _F(1))
    return elementwise(kernel, g, x)


def softmax_last(x: np.ndarray) -> np.ndarray:
    """exp(x - max) times 1/sum, along the last axis (ATen's _vec_softmax_lastdim)."""
    e = exp(_f(x - x.max(axis=-1, keepdims=True)))
    with np.errstate(all="ignore"):
        return _f(e * _f(_F(1) / sum_last(e))[..., None])


def log_softmax_last(x: np.ndarray) -> np.ndarray:
    """x - max - log(sum(exp(x - max))), in that order, along the last axis (ATen's
    _vec_log_softmax_lastdim)."""
    m = x.max(axis=-1, keepdims=True)
    with np.errstate(all="ignore"):
        return _f(_f(x - m) - log(sum_last(exp(_f(x - m))))[..., None])


def softmax_backward_last(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(g - sum(g * y)) * y along the last axis (ATen's _vec_softmax_backward)."""
    with np.errstate(all="ignore"):
        s = sum_last(_f(g * y))[..., None]
        return _f(_f(g - s) * y)


def log_softmax_backward_last(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """g - exp(y) * sum(g) along the last axis (ATen's _vec_log_softmax_backward, whose
    multiply and subtract the compiler fuses into one multiply-add)."""
    return fma(-exp(y), sum_last(_f(g))[..., None], _f(g))


def log_sigmoid_buffer(x: np.ndarray) -> np.ndarray:
    """exp(-|x|), which ATen's log_sigmoid keeps for its backward (its loop is vectorised
    to the last element: no scalar tail)."""
    return exp(-np.abs(_f(x)))


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    """min(x, 0) - log1p(exp(-|x|)), ATen's log_sigmoid."""
    x = _f(x)
    with np.errstate(all="ignore"):
        return _f(np.minimum(x, _F(0)) - log1p(log_sigmoid_buffer(x)))


def log_sigmoid_backward(x: np.ndarray, z: np.ndarray, g: np.ndarray) -> np.ndarray:
    """(max_deriv - sign * z / (1 + z)) * g, max_deriv 1 and sign 1 where x < 0, else 0 and
    -1 (ATen's log_sigmoid_backward kernel)."""
    neg = x < 0
    with np.errstate(all="ignore"):
        q = _f(z / _f(_F(1) + z))
        return _f(_f(np.where(neg, _F(1), _F(0)) - _f(np.where(neg, _F(1), _F(-1)) * q)) * g)
