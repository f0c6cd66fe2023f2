"""float32 arithmetic as PyTorch's vectorised CPU kernels do it, bit for bit.

ATen's kernels for sigmoid, softmax and log_softmax work on float32 in SIMD registers: their
exp and log are SLEEF's (`Sleef_expf16_u10`, `Sleef_logf16_u10`), which are accurate to one
unit in the last place but not always correctly rounded, and their sums along the last dim
add 16 lanes side by side, then fold the lanes in halves. NumPy's float32 exp rounds
differently, and its sums pair elements in another order, so the last bit of a softmax
differed in about half of the elements. Here the same steps are written with NumPy float32
operations (a fused multiply-add through `fpmath.fma`), following SLEEF's published
algorithms and ATen's AVX-512 code path (`vec::map_reduce_all`, `vec_reduce_all`).

The same holds for ATen's other float32 elementwise kernels: SLEEF's powf, expm1f, exp2f,
sinhf, coshf, tanhf, atanhf, atan2f and lgammaf are ported here (with the double-float
arithmetic of SLEEF's df.h), with ATen's own AVX-512 erf and oneDNN's gelu. `elementwise`
runs a kernel as ATen's `cpu_kernel_vec` does: the vector functions along each contiguous
row, the C library's on the row's last n % 32 elements (glibc's float functions, called
through ctypes where libm.so.6 loads; else the double result rounded). GCC compiles ATen
with -ffp-contract=fast, so a product feeding a sum is one fused multiply-add wherever the
compiler could contract it; which ones were contracted was found by comparing with torch.

Only float32 is handled; other dtypes keep NumPy's functions.
"""
from __future__ import annotations

import math

import numpy as np

from . import cpu as _cpu
from .fpmath import _two_sum, fma

_F = np.float32
LANES = _cpu.float32_lanes()    # float32 lanes of the vectors PyTorch's kernels use here


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
        scaled = _f(d * _F(1 / 0.75))
        e = _f(np.where(np.isposinf(scaled), 128, np.frexp(scaled)[1] - 1))   # getexp(d/.75)
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
        r = np.where(d > _F(1e38), log(np.where(d > _F(1e38), d, _F(1))), r)   # 1 + d ~ d
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


# -- double-float arithmetic (SLEEF's df.h, its FMA forms): a value is a pair (hi, lo) of
# float32 arrays whose sum carries about 48 bits.

def _dfadd2_ff(x, y):
    """x + y exactly as a pair (Knuth's two-sum)."""
    rx = _f(x + y)
    v = _f(rx - x)
    return rx, _f(_f(x - _f(rx - v)) + _f(y - v))


def _dfadd2_pf(p, y):
    rx, ry = _dfadd2_ff(p[0], y)
    return rx, _f(ry + p[1])


def _dfadd2_pp(p, q):
    rx, ry = _dfadd2_ff(p[0], q[0])
    return rx, _f(ry + _f(p[1] + q[1]))


def _dfadd_pp(p, q):
    """p + q, |p| >= |q| (Dekker's fast two-sum)."""
    rx = _f(p[0] + q[0])
    return rx, _f(_f(_f(_f(p[0] - rx) + q[0]) + p[1]) + q[1])


def _dfadd_fp(x, q):
    rx = _f(x + q[0])
    return rx, _f(_f(_f(x - rx) + q[0]) + q[1])


def _dfmul_pf(p, y):
    rx = _f(p[0] * y)
    return rx, fma(p[1], y, fma(p[0], y, -rx))


def _dfmul_pp(p, q):
    rx = _f(p[0] * q[0])
    return rx, fma(p[0], q[1], fma(p[1], q[0], fma(p[0], q[0], -rx)))


def _dfsqu(p):
    rx = _f(p[0] * p[0])
    return rx, fma(_f(p[0] + p[0]), p[1], fma(p[0], p[0], -rx))


def _dfdiv(n, d):
    t = _f(_F(1) / d[0])
    qx = _f(n[0] * t)
    u = fma(t, n[0], -qx)
    qy = fma(-d[1], t, fma(-d[0], t, _F(1)))
    return qx, fma(qx, qy, fma(n[1], t, u))


def _dfrec(d):
    qx = _f(_F(1) / d[0])
    return qx, _f(qx * fma(-d[1], qx, fma(-d[0], qx, _F(1))))


def _dfnormalize(p):
    sx = _f(p[0] + p[1])
    return sx, _f(_f(p[0] - sx) + p[1])


_LN2 = (_F(0.69314718246459960938), _F(-1.904654323148236017e-09))
_R_LN2 = _F(1.442695040888963407359924681001892137426645954152985934135449406931)
_L2U, _L2L = _F(0.693145751953125), _F(1.428606765330187045e-06)


def _getexp_mant(d):
    """AVX-512's getexp(d / 0.75) and getmant(d) in [0.75, 1.5): d = m 2**e."""
    big = _f(d * _F(1 / 0.75))
    e = np.where(np.isinf(big), _F(128), _f(np.frexp(big)[1] - 1))
    frac = np.abs(np.frexp(d)[0])
    return e, np.where(_f(frac * 2) >= _F(1.5), _f(frac), _f(frac * 2))


def _logkf(d):
    """log d as a pair (SLEEF's logkf, AVX-512 form), d > 0 finite."""
    e, m = _getexp_mant(d)
    x = _dfdiv(_dfadd2_ff(_F(-1), m), _dfadd2_ff(_F(1), m))
    x2 = _dfsqu(x)
    t = fma(fma(_F(0.240320354700088500976562), x2[0], _F(0.285112679004669189453125)),
            x2[0], _F(0.400007992982864379882812))
    c = (_F(0.66666662693023681640625), _F(3.69183861259614332084311e-09))
    s = _dfmul_pf(_LN2, e)
    s = _dfadd_pp(s, (_f(x[0] * 2), _f(x[1] * 2)))
    return _dfadd_pp(s, _dfmul_pp(_dfmul_pp(x2, x), _dfadd2_pp(_dfmul_pf(x2, t), c)))


def _reduce(d):
    """q = rint((hi + lo) / ln 2) and the pair d - q ln 2 (SLEEF's expkf/expk2f head)."""
    q = np.rint(_f(_f(d[0] + d[1]) * _R_LN2))
    s = _dfadd2_pf(d, _f(q * -_L2U))
    return q, _dfadd2_pf(s, _f(q * -_L2L))


def _expkf(d):
    """exp of a pair, rounded to one float (SLEEF's expkf)."""
    q, s = _reduce(d)
    s = _dfnormalize(s)
    u = _F(0.00136324646882712841033936)
    for c in (0.00836596917361021041870117, 0.0416710823774337768554688,
              0.166665524244308471679688, 0.499999850988388061523438):
        u = fma(u, s[0], _F(c))
    t = _dfadd_fp(_F(1), _dfadd_pp(s, _dfmul_pf(_dfsqu(s), u)))
    u = _f(np.ldexp(_f(t[0] + t[1]), q.astype(np.int32)))
    return np.where(d[0] < -104, _F(0), u)


def _expk2f(d):
    """exp of a pair, as a pair (SLEEF's expk2f)."""
    q, s = _reduce(d)
    u = _F(+0.1980960224e-3)
    for c in (+0.1394256484e-2, +0.8333456703e-2, +0.4166637361e-1):
        u = fma(u, s[0], _F(c))
    t = _dfadd2_pf(_dfmul_pf(s, u), _F(0.166666659414234244790680580464))
    t = _dfadd2_pf(_dfmul_pp(s, t), _F(0.5))
    t = _dfadd2_pp(s, _dfmul_pp(_dfsqu(s), t))
    t = _dfadd_fp(_F(1), t)
    qi = q.astype(np.int32)
    low = d[0] < -104
    return (np.where(low, _F(0), _f(np.ldexp(t[0], qi))),
            np.where(low, _F(0), _f(np.ldexp(t[1], qi))))


def _mulsign(x, y):
    return np.where(np.signbit(y), -x, x).astype(_F, copy=False)


def pow(x: np.ndarray, y) -> np.ndarray:
    """SLEEF's powf (u10): exp(y log|x|) with log and its product in double-float, then the
    sign and the IEEE special cases (0, inf, nan, x = 1, y = 0, negative x)."""
    x, y = np.broadcast_arrays(_f(x), _f(y))
    with np.errstate(all="ignore"):
        yisint = (np.trunc(y) == y) | (np.abs(y) > _F(1 << 24))
        small = np.abs(y) < _F(1 << 24)
        yisodd = yisint & small & (np.trunc(np.where(small, y, 0)).astype(np.int64) % 2 == 1)
        ax = np.abs(x)
        r = _expkf(_dfmul_pf(_logkf(np.where(ax == 0, _F(1), ax)), y))
        r = np.where(np.isnan(r), _F(np.inf), r)
        sign = np.where(yisint, np.where(yisodd, _F(-1), _F(1)), _F(np.nan))
        r = _f(r * np.where(x > 0, _F(1), sign))
        efx = _mulsign(_f(ax - _F(1)), y)
        at_inf = np.where(efx < 0, _F(0), np.where(efx == 0, _F(1), _F(np.inf)))
        r = np.where(np.isinf(y), at_inf, r)
        edge = np.where(np.signbit(y) ^ (x == 0), _F(0), _F(np.inf))
        r = np.where(np.isinf(x) | (x == 0), _mulsign(edge, np.where(yisodd, x, _F(1))), r)
        r = np.where(np.isnan(x) | np.isnan(y), _F(np.nan), r)
        r = np.where((y == 0) | (x == 1), _F(1), r)
    return r.astype(_F, copy=False)


def expm1(a: np.ndarray) -> np.ndarray:
    """SLEEF's expm1f (u10): exp as a pair, minus 1 in double-float, rounded once."""
    a = _f(a)
    with np.errstate(all="ignore"):
        d = _dfadd2_pf(_expk2f((a, np.zeros_like(a))), _F(-1))
        x = _f(d[0] + d[1])
        x = np.where(a > _F(88.72283172607421875), _F(np.inf), x)
        x = np.where(a < _F(-16.635532333438687426013570), _F(-1), x)
        x = np.where((a == 0) & np.signbit(a), _F(-0.0), x)
    return np.where(np.isnan(a), a, x).astype(_F, copy=False)


def tanh(x: np.ndarray) -> np.ndarray:
    """SLEEF's tanhf (u10): (e - 1/e) / (e + 1/e), e = exp|x| as a pair; 1 past 8.66."""
    x = _f(x)
    with np.errstate(all="ignore"):
        y = np.abs(x)
        d = _expk2f((y, np.zeros_like(y)))
        e = _dfrec(d)
        d = _dfdiv(_dfadd_pp(d, (-e[0], -e[1])), _dfadd_pp(d, e))
        y = _f(d[0] + d[1])
        y = np.where((np.abs(x) > _F(8.664339742)) | np.isnan(y), _F(1), y)
        y = _mulsign(y, x)
    return np.where(np.isnan(x), x, y).astype(_F, copy=False)


def erf(x: np.ndarray) -> np.ndarray:
    """ATen's own AVX-512 erf (vec512_float.h): Abramowitz-Stegun 7.1.26, 1 - t p(t)
    exp(-x^2), t = 1/(1 + 0.3275911|x|), with SLEEF's expf and fused multiply-adds."""
    x = _f(x)
    with np.errstate(all="ignore"):
        ax = np.abs(x)
        t = _f(_F(1) / fma(_F(0.3275911), ax, _F(1)))
        r = fma(_F(1.061405429), t, _F(-1.453152027))
        for c in (1.421413741, -0.284496736, 0.254829592):
            r = fma(r, t, _F(c))
        e = exp(-_f(x * x))
        y = fma(_f(-e * t), r, _F(1))
    return _mulsign(y, x)


def _dfsub_pp(p, q):
    rx = _f(p[0] - q[0])
    return rx, _f(_f(_f(_f(p[0] - rx) - q[0]) + p[1]) - q[1])


def _dfrec_f(d):
    qx = _f(_F(1) / d)
    return qx, _f(qx * fma(-d, qx, _F(1)))


def _dfsqrt(d):
    t = np.sqrt(_f(d[0] + d[1]))
    t2 = _f(t * t)
    p = _dfmul_pp(_dfadd2_pp(d, (t2, fma(t, t, -t2))), _dfrec_f(t))
    return _f(p[0] * _F(0.5)), _f(p[1] * _F(0.5))


def _logk2f(d):
    """log of a pair, as a pair (SLEEF's logk2f, AVX-512 form)."""
    big = _f(d[0] * _F(1 / 0.75))
    e = _f(np.frexp(big)[1] - 1)
    scale = _f(np.ldexp(_F(1), -e.astype(np.int32)))
    m = (_f(d[0] * scale), _f(d[1] * scale))
    x = _dfdiv(_dfadd2_pf(m, _F(-1)), _dfadd2_pf(m, _F(1)))
    x2 = _dfsqu(x)
    t = _F(0.2392828464508056640625)
    for c in (0.28518211841583251953125, 0.400005877017974853515625,
              0.666666686534881591796875):
        t = fma(t, x2[0], _F(c))
    s = _dfmul_pf(_LN2, e)
    s = _dfadd_pp(s, (_f(x[0] * 2), _f(x[1] * 2)))
    return _dfadd_pp(s, _dfmul_pf(_dfmul_pp(x2, x), t))


def _zero_pair(x):
    return x, np.zeros_like(x)


def sinh(x: np.ndarray) -> np.ndarray:
    """SLEEF's sinhf (u10): (e - 1/e) / 2 in double-float, e = exp|x|."""
    x = _f(x)
    with np.errstate(all="ignore"):
        d = _expk2f(_zero_pair(np.abs(x)))
        d = _dfsub_pp(d, _dfrec(d))
        y = _f(_f(d[0] + d[1]) * _F(0.5))
        y = np.where((np.abs(x) > 89) | np.isnan(y), _F(np.inf), y)
        y = _mulsign(y, x)
    return np.where(np.isnan(x), x, y).astype(_F, copy=False)


def cosh(x: np.ndarray) -> np.ndarray:
    """SLEEF's coshf (u10): (e + 1/e) / 2 in double-float, e = exp|x|."""
    x = _f(x)
    with np.errstate(all="ignore"):
        d = _expk2f(_zero_pair(np.abs(x)))
        d = _dfadd_pp(d, _dfrec(d))
        y = _f(_f(d[0] + d[1]) * _F(0.5))
        y = np.where((np.abs(x) > 89) | np.isnan(y), _F(np.inf), y)
    return np.where(np.isnan(x), x, y).astype(_F, copy=False)


_SQRT_FLT_MAX = _F(18446743523953729536.0)


def asinh(x: np.ndarray) -> np.ndarray:
    """SLEEF's asinhf (u10): log(x + sqrt(x^2 + 1)) in double-float (through 1/x past 1)."""
    x = _f(x)
    with np.errstate(all="ignore"):
        y = np.abs(x)
        o = y > 1
        rec = _dfrec_f(x)
        d = (np.where(o, rec[0], y), np.where(o, rec[1], _F(0)))
        d = _dfsqrt(_dfadd2_pf(_dfsqu(d), _F(1)))
        dm = _dfmul_pf(d, y)
        d = (np.where(o, dm[0], d[0]), np.where(o, dm[1], d[1]))
        d = _logk2f(_dfnormalize(_dfadd2_pf(d, x)))
        r = _f(d[0] + d[1])
        r = np.where((y > _SQRT_FLT_MAX) | np.isnan(r), _mulsign(_F(np.inf), x), r)
        r = np.where((x == 0) & np.signbit(x), _F(-0.0), r)
    return np.where(np.isnan(x), x, r).astype(_F, copy=False)


def acosh(x: np.ndarray) -> np.ndarray:
    """SLEEF's acoshf (u10): log(x + sqrt(x + 1) sqrt(x - 1)) in double-float."""
    x = _f(x)
    with np.errstate(all="ignore"):
        a = _dfsqrt(_dfadd2_ff(x, _F(1)))
        b = _dfsqrt(_dfadd2_ff(x, _F(-1)))
        d = _logk2f(_dfadd2_pf(_dfmul_pp(a, b), x))
        r = _f(d[0] + d[1])
        r = np.where((np.abs(x) > _SQRT_FLT_MAX) | np.isnan(r), _F(np.inf), r)
        r = np.where(x == 1, _F(0), r)
        r = np.where(x < 1, _F(np.nan), r)
    return np.where(np.isnan(x), x, r).astype(_F, copy=False)


def atanh(x: np.ndarray) -> np.ndarray:
    """SLEEF's atanhf (u10): log((1 + |x|) / (1 - |x|)) / 2 in double-float."""
    x = _f(x)
    with np.errstate(all="ignore"):
        y = np.abs(x)
        d = _logk2f(_dfdiv(_dfadd2_ff(_F(1), y), _dfadd2_ff(_F(1), -y)))
        r = np.where(y == 1, _F(np.inf), _f(_f(d[0] + d[1]) * _F(0.5)))
        r = np.where((y > 1) | np.isinf(x) | np.isnan(r), _F(np.nan), r)
        r = _mulsign(r, x)
    return np.where(np.isnan(x), x, r).astype(_F, copy=False)


def hypot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """SLEEF's hypotf (u05), ATen's |z| of complex64 vectors: max * sqrt(1 + (min/max)**2)
    in double-float, the quotient scaled up first below FLT_MIN."""
    x, y = np.abs(_f(x)), np.abs(_f(y))
    with np.errstate(all="ignore"):
        lo, hi = np.minimum(x, y), np.maximum(x, y)
        tiny = hi < _F(np.finfo(_F).tiny)
        n = np.where(tiny, _f(lo * _F(2 ** 24)), lo)
        d = np.where(tiny, _f(hi * _F(2 ** 24)), hi)
        zero = np.zeros_like(n)
        t = _dfdiv((n, zero), (d, zero))
        t = _dfmul_pf(_dfsqrt(_dfadd2_pf(_dfsqu(t), _F(1))), hi)
        r = _f(t[0] + t[1])
        r = np.where(np.isnan(r), _F(np.inf), r)
        r = np.where(lo == 0, hi, r)
        r = np.where(np.isnan(x) | np.isnan(y), _F(np.nan), r)
        r = np.where(np.isinf(x) | np.isinf(y), _F(np.inf), r)
    return r.astype(_F, copy=False)


def exp2(d: np.ndarray) -> np.ndarray:
    """SLEEF's exp2f (u10): 2**rint(d) times a degree-7 polynomial in d - rint(d)."""
    d = _f(d)
    with np.errstate(all="ignore"):
        u = np.rint(d)
        s = _f(d - u)
        p = _F(+0.1535920892e-3)
        for c in (+0.1339262701e-2, +0.9618384764e-2, +0.5550347269e-1, +0.2402264476e+0,
                  +0.6931471825e+0, 1.0):
            p = fma(p, s, _F(c))
        r = _f(np.ldexp(p, np.where(np.isfinite(u), u, 0).astype(np.int32)))
        r = np.where(d >= 128, _F(np.inf), r)
        r = np.where(d < -150, _F(0), r)
    return np.where(np.isnan(d), d, r).astype(_F, copy=False)


def log2(d: np.ndarray) -> np.ndarray:
    """SLEEF's log2f (u10, AVX-512 form): e + 2 atanh(x) / ln 2 in double-float."""
    d = _f(d)
    with np.errstate(all="ignore"):
        e, m = _getexp_mant(d)
        x = _dfdiv(_dfadd2_ff(_F(-1), m), _dfadd2_ff(_F(1), m))
        x2 = _f(x[0] * x[0])
        t = fma(fma(_F(+0.4374550283), x2, _F(+0.5764790177)), x2, _F(+0.9618012905120))
        s2 = _dfadd2_pf(_swap_add(e, _dfmul_pp(x, (_F(2.8853900432586669922),
                                                  _F(3.2734474483568488616e-08)))),
                        _f(_f(x2 * x[0]) * t))
        r = _f(s2[0] + s2[1])
        r = np.where(d == 0, _F(-np.inf), r)
        r = np.where(d < 0, _F(np.nan), r)
        r = np.where(np.isposinf(d), _F(np.inf), r)
    return np.where(np.isnan(d), d, r).astype(_F, copy=False)


def _swap_add(x, q):
    """SLEEF's dfadd2_vf2_vf_vf2: x + (hi, lo) as a pair, no order assumed."""
    rx = _f(x + q[0])
    v = _f(rx - x)
    return rx, _f(_f(_f(x - _f(rx - v)) + _f(q[0] - v)) + q[1])


def along_last(x: np.ndarray, dim: int) -> bool:
    """Whether ATen runs a softmax-like op on this array along `dim` with the vectorised
    last-dim kernel that this module reproduces: float32, not empty, dim the last."""
    return x.dtype == _F and x.ndim > 0 and dim % x.ndim == x.ndim - 1 and x.size > 0


# -- float64: SLEEF's exp in double and ATen's double reductions (softmax along the last dim)

_R_LN2_D = 1.442695040888963407359924681001892137426645954152985934135449406931
_L2U_D = .69314718055966295651160180568695068359375
_L2L_D = .28235290563031577122588448175013436025525412068e-12
_EXP64 = (+0.2081276378237164457e-8, +0.2511210703042288022e-7, +0.2755762628169491192e-6,
          +0.2755723402025388239e-5, +0.2480158687479686264e-4, +0.1984126989855865850e-3,
          +0.1388888888914497797e-2, +0.8333333333314938210e-2, +0.4166666666666602598e-1,
          +0.1666666666666669072e+0)
EXACT_SOFTMAX64 = 1 << 18       # float64 softmax elements up to which the kernel is reproduced


def exp64(d: np.ndarray) -> np.ndarray:
    """SLEEF's exp (u10) in double, with FMA: n = rint(d / ln 2), d - n ln 2 in two steps,
    a degree-10 polynomial by Estrin's scheme (SLEEF's POLY10), three more Horner steps,
    times 2**(n/2) twice (vldexp2)."""
    d = np.asarray(d, np.float64)
    with np.errstate(all="ignore"):
        u = np.rint(d * _R_LN2_D)
        q = np.where(np.isfinite(u), u, 0).astype(np.int64)
        s = fma(u, -_L2U_D, d)
        s = fma(u, -_L2L_D, s)
        s2 = s * s
        s4 = s2 * s2
        c9, c8, c7, c6, c5, c4, c3, c2, c1, c0 = _EXP64
        low = fma(s4, fma(s2, fma(s, c7, c6), fma(s, c5, c4)),
                  fma(s2, fma(s, c3, c2), fma(s, c1, c0)))
        u = fma(s4 * s4, fma(s, c9, c8), low)
        for c in (0.5, 1.0, 1.0):
            u = fma(u, s, c)
        half = q >> 1
        u = u * np.ldexp(1.0, half) * np.ldexp(1.0, q - half)
        u = np.where(d > 709.78271114955742909217217426, np.inf, u)
        u = np.where(d < -1000, 0.0, u)
    return np.where(np.isnan(d), d, u)


def sum_last64(e: np.ndarray, lanes: int | None = None) -> np.ndarray:
    """`sum_last` for float64, whose lanes (4 with AVX2, 8 with AVX-512: LANES / 2) ATen's
    vec_reduce_all adds one after another (it has no shuffle tree for double)."""
    lanes = lanes or max(LANES // 2, 1)
    if e.shape[-1] < lanes:
        return _in_turn(e, e.shape[-1])
    return _in_turn(_lane_sums(e, lanes), lanes)


def along_last64(x: np.ndarray, dim: int) -> bool:
    """`along_last` for a float64 array of at most EXACT_SOFTMAX64 elements."""
    return x.dtype == np.float64 and x.ndim > 0 and dim % x.ndim == x.ndim - 1 and \
        0 < x.size <= EXACT_SOFTMAX64


def softmax_last64(x: np.ndarray) -> np.ndarray:
    """ATen's _vec_softmax_lastdim in double: exp(x - max) (SLEEF), times 1/sum."""
    e = exp64(x - x.max(axis=-1, keepdims=True))
    with np.errstate(all="ignore"):
        return e * (1.0 / sum_last64(e))[..., None]


def log_softmax_last64(x: np.ndarray) -> np.ndarray:
    """ATen's _vec_log_softmax_lastdim in double: x - max - log(sum(exp(x - max))) (SLEEF's
    exp, and SLEEF's log of each row's sum: `vecmath64.log`)."""
    m = x.max(axis=-1, keepdims=True)
    with np.errstate(all="ignore"):
        s = sum_last64(exp64(x - m))
        from .vecmath64 import log
        return x - m - log(s)[..., None]


def log_softmax_backward_last64(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """g - exp(y) * sum(g) along the last axis in double (ATen's _vec_log_softmax_backward:
    SLEEF's exp, one fused multiply-add)."""
    with np.errstate(all="ignore"):
        return fma(-exp64(y), _negative_zero_rows(g, sum_last64(g)[..., None]), g)


def softmax_backward_last64(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(g - sum(g * y)) * y along the last axis, in double (ATen's _vec_softmax_backward)."""
    with np.errstate(all="ignore"):
        e = g * y
        return (g - _negative_zero_rows(e, sum_last64(e)[..., None])) * y


def sum_last(e: np.ndarray, lanes: int | None = None) -> np.ndarray:
    """The sum over the last axis in ATen's vectorised order (vec::reduce_all,
    map_reduce_all): fewer than `lanes` elements one after another; else `lanes` running
    lane sums (the last, partial vector added lane-wise), folded in halves (lane i + lane
    i + lanes/2, ... +1). 16 lanes are AVX-512's float32 vector, 8 its float64 one or an
    AVX2 float32 one; by default those of the kernels PyTorch runs here (LANES). The
    arithmetic stays in e's dtype."""
    lanes = lanes or LANES
    if e.shape[-1] < lanes:
        return _in_turn(e, e.shape[-1])
    return fold_lanes(_lane_sums(e, lanes))


def _lane_sums(e: np.ndarray, lanes: int) -> np.ndarray:
    """`lanes` running sums over the last axis (at least `lanes` long): the whole vectors
    added in turn (a reduction over an outer axis adds its rows one after another), then
    the last, partial vector lane-wise."""
    n = e.shape[-1]
    full = n - n % lanes
    rows = np.ascontiguousarray(e[..., :full]).reshape(e.shape[:-1] + (-1, lanes))
    acc = np.add.reduce(rows, axis=-2)
    if full < n:
        acc[..., :n - full] = acc[..., :n - full] + e[..., full:]
    return acc


def _in_turn(a: np.ndarray, m: int) -> np.ndarray:
    """a[..., 0] + a[..., 1] + ... + a[..., m - 1], one after another (0 for m = 0)."""
    s = a[..., 0].copy() if m else np.zeros(a.shape[:-1], a.dtype)
    for k in range(1, m):
        s = s + a[..., k]
    return s


def fold_lanes(acc: np.ndarray) -> np.ndarray:
    """vec_reduce_all's last step: a power-of-two row of lanes folded in halves."""
    width = acc.shape[-1]
    while width > 1:
        width //= 2
        acc = acc[..., :width] + acc[..., width:2 * width]
    return acc[..., 0]


class _Vector:
    """The functions ATen's vectorised loops call (SLEEF's; erf is ATen's own)."""
    exp = staticmethod(exp)
    log1p = staticmethod(log1p)
    expm1 = staticmethod(expm1)
    tanh = staticmethod(tanh)
    erf = staticmethod(erf)

    @staticmethod
    def exp2(x):
        return exp2(x)

    @staticmethod
    def pow(x, y, exact_y=None):
        return pow(x, y)


def _libm(name: str, arity: int = 1):
    """The C library's float function `name` (ATen's scalar loops call it: glibc's tanhf,
    log1pf, expm1f and erff are not always correctly rounded), or its double one for a name
    without the f (a key "sin:d"), or None where there is no glibc libm to load."""
    double = name.endswith(":d")
    try:
        import ctypes
        fn = getattr(ctypes.CDLL("libm.so.6"), name[:-2] if double else name)
    except (OSError, AttributeError):
        return None
    fn.restype = ctypes.c_double if double else ctypes.c_float
    fn.argtypes = [fn.restype] * arity
    return np.frompyfunc(fn, arity, 1)


class _Libm(dict):
    """The C library's float functions by name, each loaded at its first use (not at
    start-up: loading them costs about a millisecond)."""

    ARITY = {"powf": 2, "atan2f": 2, "pow:d": 2, "hypotf": 2, "hypot:d": 2, "atan2:d": 2}

    def __missing__(self, name: str):
        fn = self[name] = _libm(name, self.ARITY.get(name, 1))
        return fn

    def get(self, name: str, default=None):
        return self[name]


_LIBM = _Libm()


def powf(x: np.ndarray, y) -> np.ndarray:
    """The C library's powf(x, y) on float32 arrays (else double pow rounded)."""
    x, y = np.broadcast_arrays(_f(x), _f(y))
    fn = _LIBM["powf"]
    if fn is not None and x.size:
        return np.asarray(fn(x, y), dtype=_F)
    with np.errstate(all="ignore"):
        return np.power(x.astype(np.float64), y.astype(np.float64)).astype(_F)


def pow64(x: np.ndarray, y) -> np.ndarray:
    """The C library's pow(x, y) on float64 arrays (else NumPy's)."""
    x, y = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
    fn = _LIBM["pow:d"]
    with np.errstate(all="ignore"):
        if fn is not None and x.size:
            return np.asarray(fn(x, y), dtype=np.float64)
        return np.power(x, y)


def libm(name: str, x: np.ndarray, double_fn) -> np.ndarray:
    """The C library's float function `name` on a float32 array (see `_c_or_rounded`)."""
    return _c_or_rounded(name, _f(x), double_fn)


def libm64(name: str, x: np.ndarray, double_fn) -> np.ndarray:
    """The C library's double function `name` on a float64 array, else double_fn (CPython's
    math.lgamma, for one, is its own and not glibc's)."""
    x = np.asarray(x, np.float64)
    fn = _LIBM.get(name + ":d")
    with np.errstate(all="ignore"):
        if fn is not None and x.size:
            return np.asarray(fn(x), dtype=np.float64)
        return np.asarray(double_fn(x), dtype=np.float64)


def _c_or_rounded(name: str, x: np.ndarray, double_fn) -> np.ndarray:
    """libm's float `name` on x, else double_fn rounded to float."""
    fn = _LIBM.get(name)
    if fn is not None and x.size:
        return np.asarray(fn(x), dtype=_F)
    with np.errstate(all="ignore"):
        return double_fn(x.astype(np.float64)).astype(_F)


class _Scalar:
    """The functions its scalar loops call (the C library's: glibc's where it can be loaded,
    else the double result rounded, which they nearly always are)."""

    @staticmethod
    def exp(x):
        return _c_or_rounded("expf", x, np.exp)

    @staticmethod
    def log1p(x):
        return _c_or_rounded("log1pf", x, np.log1p)

    @staticmethod
    def expm1(x):
        return _c_or_rounded("expm1f", x, np.expm1)

    @staticmethod
    def tanh(x):
        return _c_or_rounded("tanhf", x, np.tanh)

    @staticmethod
    def exp2(x):
        return _c_or_rounded("exp2f", x, np.exp2)

    @staticmethod
    def erf(x):
        return _c_or_rounded("erff", x, np.frompyfunc(math.erf, 1, 1))

    @staticmethod
    def pow(x, y, exact_y=None):
        """PyTorch's scalar loop calls std::pow(float, double) for a number exponent, which
        is double pow (rounded here once); powf for a tensor exponent."""
        if exact_y is None:
            return powf(x, y)
        with np.errstate(all="ignore"):
            return np.power(x.astype(np.float64), np.float64(exact_y)).astype(_F)


def elementwise(kernel, x: np.ndarray, *more: np.ndarray, block: int | None = None
                ) -> np.ndarray:
    """`kernel(m, x, *more)` as ATen's `cpu_kernel_vec` runs it: along each contiguous row
    of memory, two vectors (LANES each: 16 with AVX-512) at a time with m = the vector
    functions, and the last row length % `block` (2 * LANES) elements one by one with the
    scalar ones (a loop over single vectors has block LANES); see `_scalar_positions`."""
    block = block or 2 * LANES
    arrays = [_f(x)] + [_f(a) for a in more]
    shape = np.broadcast_shapes(*[a.shape for a in arrays])
    with np.errstate(all="ignore"):
        tail = _scalar_positions(arrays, shape, block)
        if tail is None or not tail.any():
            return np.array(np.broadcast_to(_f(kernel(_Vector, *arrays)), shape), dtype=_F)
        out = np.empty(shape, _F)
        for m, where in ((_Vector, ~tail), (_Scalar, tail)):     # each element once: the
            if where.any():                                       # vector emulation costs
                out[where] = kernel(m, *[a.reshape(()) if a.size == 1 else
                                         np.broadcast_to(a, shape)[where] for a in arrays])
    return out


def scalar_positions(arrays, block: int | None = None) -> np.ndarray:
    """Where ATen's `cpu_kernel_vec` calls the scalar function of a kernel over `arrays`
    (any one dtype; `block`: two vectors of it), the mask of the broadcast shape."""
    item = arrays[0].dtype.itemsize
    block = block or 2 * LANES * _F(0).itemsize // item
    shape = np.broadcast_shapes(*[a.shape for a in arrays])
    tail = _scalar_positions(arrays, shape, block, item)
    return np.zeros(shape, bool) if tail is None else tail


def _scalar_positions(arrays, shape, block, item=4):
    """Where ATen's loop calls the scalar function: TensorIterator walks memory order (the
    dims sorted by stride, contiguous ones merged into rows); a row with unit stride runs
    vectors and leaves its last len % block elements to the scalar loop, other rows are
    scalar throughout. None (the vector path everywhere) when the operands' layouts
    differ; one value broadcast (a number, a sum's gradient) is read as a scalar."""
    full = [a for a in arrays if not _one_value(a)]
    if not full or 0 in shape:
        return np.ones(shape, bool)
    strides = full[0].strides
    if any(a.shape != shape or a.strides != strides for a in full) or min(strides) < 0:
        return _broadcast_positions(full, shape, block, item)
    nd = len(shape)
    order = sorted(range(nd), key=lambda d: (shape[d] != 1, -strides[d]))
    pshape, pstr = [shape[d] for d in order], [strides[d] for d in order]
    row, j = pshape[-1], nd - 1
    while j > 0 and pshape[j - 1] != 1 and pstr[j - 1] == row * pstr[-1]:
        row *= pshape[j - 1]
        j -= 1
    mask = np.zeros(pshape, bool)
    rows = mask.reshape(-1, row)
    rows[:, row - row % block if pstr[-1] == item else 0:] = True
    out = np.empty(shape, bool)
    np.transpose(out, order)[...] = mask
    return out


def _broadcast_positions(full, shape, block, item=4):
    """`_scalar_positions` for operands of different shapes broadcast together, each laid out
    in C order (else None: the vector path everywhere). The output is C-contiguous; rows
    are its innermost dims merged while every operand's steps allow. A row runs ATen's
    vectorised loop (its last len % block elements scalar) when every operand steps by one
    element along it, or all but one do and that one stays put (a broadcast operand read as
    a scalar); any other row is scalar throughout (`basic_loop`)."""
    steps = []
    for a in full:
        st = np.broadcast_to(a, shape).strides
        moving = [v for v, n in zip(st, shape) if v and n != 1]
        if any(v < 0 for v in st) or moving != sorted(moving, reverse=True):
            return None
        steps.append(st)
    nd = len(shape)
    j = nd - 1
    while j > 0 and shape[j] == 1:
        j -= 1
    row = shape[j]
    while j > 0 and all(st[j - 1] == st[j] * shape[j] or shape[j - 1] == 1 for st in steps):
        row *= shape[j - 1]
        j -= 1
    inner = [st[nd - 1] if shape[nd - 1] != 1 else item for st in steps]
    contiguous = sum(v == item for v in inner)
    vector = contiguous == len(inner) or (contiguous == len(inner) - 1 and 0 in inner)
    mask = np.zeros((int(np.prod(shape)) // row, row), bool)
    mask[:, row - row % block if vector else 0:] = True
    return mask.reshape(shape)


def _one_value(a: np.ndarray) -> bool:
    """A number or one value broadcast (all strides 0: the gradient of a sum), which ATen's
    vectorised loop reads as a scalar argument."""
    return a.size == 1 or not any(a.strides)


def pow_scalar(x: np.ndarray, c: float) -> np.ndarray:
    """x ** c for a number c (not one of PyTorch's special exponents): SLEEF's powf with c
    rounded to float on the vectors, double pow on the scalar tail. Its step-by-step
    emulation costs ~0.6 ms for any small x, so the last few results are kept: a loop
    raising the same data to the same powers (a polynomial's x ** 4, and again in its
    backward) computes each once."""
    return memo_pow(x, c, lambda: elementwise(lambda m, v: m.pow(v, _F(c), exact_y=c), x))


def memo_pow(x: np.ndarray, c: float, compute) -> np.ndarray:
    """x ** c by compute(), unless one of the last 16 calls raised the same data (dtype,
    shape, strides, bytes) to the same c: then a copy of that result."""
    key = (float(c), x.dtype.str, x.shape, x.strides, x.tobytes())
    hit = _POW_MEMO.get(key)
    if hit is not None:
        return hit.copy()
    out = compute()
    if len(_POW_MEMO) >= 16:
        del _POW_MEMO[next(iter(_POW_MEMO))]
    _POW_MEMO[key] = out.copy()
    return out


_POW_MEMO: dict = {}        # (c, dtype, shape, strides, bytes) -> x ** c, oldest first


def pow_tensor(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a ** b, both float32 tensors (or 0-d: a number base), as ATen's pow kernel."""
    return elementwise(lambda m, u, v: m.pow(u, v), a, b)


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


def log_softmax_last(x: np.ndarray, stored=None) -> np.ndarray:
    """x - max - log(sum(exp(x - max))), in that order, along the last axis (ATen's
    _vec_log_softmax_lastdim). `stored`: the rounding of a bfloat16 or float16 kernel's
    scalar_t buffer, which holds the sum and then its log."""
    m = x.max(axis=-1, keepdims=True)
    with np.errstate(all="ignore"):
        total = sum_last(exp(_f(x - m)))
        if stored is None:
            return _f(_f(x - m) - log(total)[..., None])
        return _f(_f(x - m) - stored(log(stored(total)))[..., None])


def _reduce_all_last(e: np.ndarray) -> np.ndarray:
    """sum_last(e)[..., None] as vec::reduce_all adds: from a row's first element, so a row
    of -0 sums to -0 (sum_last's, as torch.sum's, to +0)."""
    return _negative_zero_rows(e, sum_last(e)[..., None])


def _negative_zero_rows(e: np.ndarray, s: np.ndarray) -> np.ndarray:
    """s, -0 where e's row (last axis) is all -0."""
    neg = np.all(np.signbit(e) & (e == 0), axis=-1, keepdims=True)
    return np.where(neg, np.asarray(-0.0, s.dtype), s) if neg.any() else s


def softmax_backward_last(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(g - sum(g * y)) * y along the last axis (ATen's _vec_softmax_backward)."""
    with np.errstate(all="ignore"):
        s = _reduce_all_last(_f(g * y))
        return _f(_f(g - s) * y)


def log_softmax_backward_last(g: np.ndarray, y: np.ndarray) -> np.ndarray:
    """g - exp(y) * sum(g) along the last axis (ATen's _vec_log_softmax_backward, whose
    multiply and subtract the compiler fuses into one multiply-add)."""
    g = _f(g)
    return fma(-exp(y), _reduce_all_last(g), g)


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


# -- activations (ATen's Gelu.h, Elu.h, Activation.cpp); GCC contracts each product that
# feeds an addition into one fused multiply-add, in the vector and the scalar loops alike.

_GELU_ALPHA = _F(math.sqrt(0.5))                               # M_SQRT1_2
_GELU_PDF = _F(2 / math.sqrt(math.pi) * math.sqrt(0.5) * 0.5)  # M_2_SQRTPI M_SQRT1_2 / 2
_GELU_BETA = _F(math.sqrt(2) * 2 / math.sqrt(math.pi) * 0.5)   # M_SQRT2 M_2_SQRTPI / 2
_GELU_KAPPA = _F(0.044715)


def gelu(x: np.ndarray) -> np.ndarray:
    """x/2 (1 + erf(x / sqrt 2)), ATen's vectorized_gelu."""
    return elementwise(lambda m, v: _f(_f(v * _F(0.5)) * _f(_F(1) + m.erf(_f(v * _GELU_ALPHA)))),
                       x)


def gelu_backward(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """g (cdf + x pdf), cdf = (1 + erf(x / sqrt 2)) / 2, pdf = exp(-x^2/2) / sqrt(2 pi)."""
    def kernel(m, gv, v):
        cdf = _f(_F(0.5) * _f(_F(1) + m.erf(_f(v * _GELU_ALPHA))))
        pdf = _f(_GELU_PDF * m.exp(_f(_f(v * v) * _F(-0.5))))
        return _f(gv * fma(v, pdf, cdf))
    return elementwise(kernel, g, x)


def _gelu_inner(v):
    return _f(_GELU_BETA * fma(_GELU_KAPPA, _f(_f(v * v) * v), v))


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    """x/2 (1 + tanh(beta (x + kappa x^3))), ATen's vectorized_gelu_approximated_with_tanh."""
    return elementwise(lambda m, v: _f(_f(_F(0.5) * v) * _f(_F(1) + m.tanh(_gelu_inner(v)))), x)


def gelu_tanh_backward(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """g (left' + right'), ATen's GeluBackwardKernelImpl (tanh)."""
    def kernel(m, gv, v):
        t = m.tanh(_gelu_inner(v))
        left = _f(_F(0.5) * v)
        left_d = _f(_F(0.5) * _f(_F(1) + t))
        tanh_d = fma(-t, t, _F(1))
        inner_d = _f(_GELU_BETA * fma(_f(_F(3) * _GELU_KAPPA), _f(v * v), _F(1)))
        return _f(gv * _f(left_d + _f(_f(left * tanh_d) * inner_d)))
    return elementwise(kernel, g, x)


def _elu_coefs(alpha, scale, input_scale):
    return _F(_F(alpha) * _F(scale)), _F(scale), _F(input_scale)


def elu(x: np.ndarray, alpha: float, scale: float, input_scale: float) -> np.ndarray:
    """expm1(x input_scale) alpha scale where x < 0, else x scale (ATen's Elu.h)."""
    neg, pos, ipt = _elu_coefs(alpha, scale, input_scale)
    return elementwise(lambda m, v: np.where(
        v < 0, _f(m.expm1(_f(v * ipt)) * neg), _f(v * pos)), x)


def elu_backward(g: np.ndarray, b: np.ndarray, alpha: float, scale: float,
                 input_scale: float, is_result: bool) -> np.ndarray:
    """g input_scale (b + alpha scale) from the result b, or g input_scale alpha scale
    exp(b input_scale) from the input b, where b <= 0; else g scale."""
    neg, pos, ipt = _elu_coefs(alpha, scale, input_scale)

    def kernel(m, gv, v):
        if is_result:
            curve = _f(_f(gv * ipt) * _f(v + neg))
        else:
            curve = _f(_f(_f(gv * ipt) * neg) * m.exp(_f(v * ipt)))
        return np.where(v > 0, _f(gv * pos), curve)
    return elementwise(kernel, g, b)


def mish(x: np.ndarray) -> np.ndarray:
    """x tanh(log1p(exp(x))), ATen's mish kernel."""
    return elementwise(lambda m, v: _f(v * m.tanh(m.log1p(m.exp(v)))), x)


def mish_backward(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """g (t + x s (1 - t^2)), s = sigmoid(x), t = tanh(log1p(exp(x)))."""
    def kernel(m, gv, v):
        s = _f(_F(1) / _f(_F(1) + m.exp(-v)))
        t = m.tanh(m.log1p(m.exp(v)))
        return _f(gv * fma(_f(v * s), fma(-t, t, _F(1)), t))
    return elementwise(kernel, g, x)


# ATen's float32 unary kernels that run SLEEF: name -> (vector function, the C function its
# scalar tail calls and the double one standing in for it, or None where the loop is
# `vec::map`, which runs the last partial vector through SLEEF too).
_UNARY = {
    "exp2": (exp2, "exp2f", np.exp2), "sinh": (sinh, "sinhf", np.sinh),
    "cosh": (cosh, "coshf", np.cosh), "atanh": (atanh, "atanhf", np.arctanh),
    "expm1": (expm1, None, None), "log1p": (log1p, None, None),
}


def unary(name: str, x: np.ndarray) -> np.ndarray:
    """ATen's float32 kernel `name` (a key of _UNARY) on x, to the bit."""
    fn, cname, double = _UNARY[name]
    if cname is None:
        return fn(x)
    return elementwise(lambda m, v: fn(v) if m is _Vector else _c_or_rounded(cname, v, double),
                       x)


# -- oneDNN's gelu (approximate='none'): PyTorch hands a contiguous float32 tensor of more than
# one element to oneDNN's eltwise_gelu_erf, whose AVX-512 kernel (jit_uni_eltwise_injector)
# evaluates erf(x / sqrt 2) as one of 25 degree-5 minimax polynomials in |x|, picked by the
# exponent and two mantissa bits of |x|; its gradient uses Abramowitz-Stegun's erf and
# oneDNN's own exp. Below AVX-512 (avx512_core) its forward is the gradient's erf instead
# (gelu_onednn_avx2); gradcli.cpu.onednn_avx512 tells which.

def _bits(*words: str) -> np.ndarray:
    return np.array([int(w, 16) for w in words], np.uint32).view(_F)


def _bit(word: int):
    return np.uint32(word).view(_F)


_GELU_ERF_POL = [
    _bits("a6f2cb94", "32827792", "3381cc0c", "34523d4a", "351ac44d", "35f36d88", "36ee8229",
          "37b8a3bb", "3867a213", "3940033b", "3a2a5a1d", "3ae35863", "3b7828f2", "3c08b14b",
          "3c515ed3", "bb503236", "bd8d8e5e", "be8abcd9", "bf0c19a2", "beccb328", "3e176ced",
          "3f470d99", "3f7abb28", "3f800000", "00000000"),
    _bits("3f4c422a", "3f4c421f", "3f4c4207", "3f4c41cb", "3f4c413b", "3f4c3fad", "3f4c3a2f",
          "3f4c2d40", "3f4c146a", "3f4bc341", "3f4ad08c", "3f48f8cf", "3f45fac7", "3f404e07",
          "3f3b980f", "3f48dff3", "3f78b21b", "3fbb0704", "40019c32", "3fe536d6", "3f81331e",
          "3e6c8684", "3c98f936", "00000000", "3f800000"),
    _bits("b62173f4", "3735e4cf", "37f2ff89", "388c23be", "3917535c", "39ab2ab0", "3a60fadb",
          "3af9b960", "3b6e5491", "3c0a4ec5", "3ca5aa8c", "3d2138d9", "3d8737d4", "3ddfb660",
          "3e0f27ab", "3d94004b", "be0efdeb", "bf1d96c3", "bf89db58", "bf6d9897", "bef69fb8",
          "bdc4f8a8", "bbde6422", "00000000", "00000000"),
    _bits("be081a19", "be084570", "be08639b", "be089837", "be08f409", "be09ab95", "be0b66d0",
          "be0e400a", "be124df8", "be1bde02", "be2f19c9", "be4931bf", "be685fbc", "be89c95f",
          "be96cbca", "be8044aa", "be0550f2", "3dcfd6a1", "3e94c826", "3e79345f", "3decec91",
          "3ca46568", "3aa1e00a", "00000000", "00000000"),
    _bits("ba3d61db", "39f097a3", "3a5845dc", "3ab1fa35", "3b0cefb8", "3b653ab6", "3bcae527",
          "3c221712", "3c6c5840", "3cc0a703", "3d1dcc19", "3d63656d", "3d955907", "3dbf9910",
          "3dd53f69", "3db7dcef", "3d639ebe", "ba6ede48", "bd22be69", "bd041cf1", "bc64f5ab",
          "bb097a32", "b8ebf380", "00000000", "00000000"),
    _bits("3cb7d80c", "3c9b6050", "3c978d11", "3c92e850", "3c8d058b", "3c848454", "3c6cd623",
          "3c4c824b", "3c2a7935", "3be0b390", "3b0651ac", "bb232f53", "bbd42fa0", "bc2c5366",
          "bc492c9e", "bc2a7aa6", "bbd55d04", "ba823a76", "3b102aa8", "3ae25a7e", "3a31f792",
          "38b84375", "3689bb5a", "00000000", "00000000"),
]                                   # degrees 0..5, 25 polynomials each


def gelu_onednn(x: np.ndarray) -> np.ndarray:
    """x (1 + sign(x) P_i(|x|)) / 2, oneDNN's gelu_erf_minimax_approx_compute_vector_fwd."""
    x = _f(x)
    ax = np.abs(x)
    with np.errstate(all="ignore"):
        i = (ax.view(np.int32).astype(np.int64) + np.int64(np.int32(np.uint32(0xc21fffff)
                                                                      .view(np.int32))))
        i = ((i + 2 ** 31) % 2 ** 32 - 2 ** 31).astype(np.int32) >> 21   # int32 add, sar 21
        i = np.where(_bit(0x40b15cee) < ax, 23, np.clip(i, 1, 24))
        p = _GELU_ERF_POL[5][i]
        for deg in (4, 3, 2, 1, 0):
            p = fma(p, ax, _GELU_ERF_POL[deg][i])
        p = _f(_mulsign(p, x) + _F(1))
        return _f(_f(x * p) * _F(0.5))


def gelu_onednn_avx2(x: np.ndarray) -> np.ndarray:
    """s/2 + s/2 erf(s / sqrt 2), oneDNN's gelu_erf_compute_vector_fwd below AVX-512 (AVX2
    with FMA): the gradient's erf (`_onednn_erf`)."""
    x = _f(x)
    with np.errstate(all="ignore"):
        e, _ = _onednn_erf(_f(x * _bit(0x3f3504f3)))
        half = _f(x * _F(0.5))
        return fma(e, half, half)


def _onednn_erf(r):
    """(erf(r), exp(-r^2)) as oneDNN's gelu_erf kernels compute them below AVX-512 and in
    the gradient: Abramowitz-Stegun, 1 - t P(t) exp(-r^2) with t = 1 / (1 + p|r|), and
    oneDNN's exp."""
    q = _onednn_exp(-_f(r * r))
    w = _f(_F(1) / fma(_bit(0x3ea7ba05), np.abs(r), _F(1)))
    p = _bit(0x3f87dc22)
    for c in (0xbfba00e3, 0x3fb5f0e3, 0xbe91a98e, 0x3e827906):
        p = fma(p, w, _bit(c))
    return _mulsign(fma(_f(-q * w), p, _F(1)), r), q


def _onednn_exp(x):
    """oneDNN's exp: 2 * 2**(n-1) * p(r), n = floor(x log2 e + 1/2), a degree-5 p."""
    lo, hi = _bit(0xc2aeac50), _bit(0x42b17218)
    under = x < lo
    x = np.maximum(np.where(np.isnan(x), hi, np.minimum(x, hi)), lo).astype(_F)
    t = np.floor(_f(_f(x * _bit(0x3fb8aa3b)) + _F(0.5)))
    r = fma(-t, _bit(0x3f317218), x)
    scale = ((_f(t - _F(1)).astype(np.int32) + 127).astype(np.uint32) << 23).view(_F)
    scale = np.where(under, _F(0), scale)
    p = _bit(0x3c07cfce)
    for c in (0x3d2b9d0d, 0x3e2aad40, 0x3efffee3, 0x3f7ffffb, 0x3f800000):
        p = fma(p, r, _bit(c))
    return _f(_f(p * scale) * _F(2))


def gelu_onednn_backward(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """g (1/2 + r exp(-r^2) / sqrt pi + erf(r) / 2), r = x / sqrt 2: oneDNN's
    gelu_erf_compute_vector_bwd (Abramowitz-Stegun erf, oneDNN's exp)."""
    x, g = _f(x), _f(g)
    with np.errstate(all="ignore"):
        r = _f(x * _bit(0x3f3504f3))
        e, q = _onednn_erf(r)
        t = _f(_f(r * _bit(0x3f106eba)) * q)
        return _f(g * fma(e, _F(0.5), _f(t + _F(0.5))))


# -- lgamma: SLEEF's lgammaf_u1 (gammafk: Stirling's series past 2.3, rational fits below,
# the reflection formula with sinpifk under 1/2).

def _sel3(o_a, o_b, a, b, c):
    return np.where(o_a, _F(a), np.where(o_b, _F(b), _F(c)))


def _pair_of(d: float):
    hi = _F(d)
    return hi, _F(d - float(hi))


def _where_pair(o, p, q):
    return np.where(o, p[0], q[0]).astype(_F), np.where(o, p[1], q[1]).astype(_F)


_GAMMA_U = (
    (+0.000839498720672087279971000786, +0.9435157776e+0, +0.1102489550e-3),
    (-5.17179090826059219329394422e-05, +0.8670063615e+0, +0.8160019934e-4),
    (-0.000592166437353693882857342347, +0.4826702476e+0, +0.1528468856e-3),
    (+6.97281375836585777403743539e-05, -0.8855129778e-1, -0.2355068718e-3),
    (+0.000784039221720066627493314301, +0.1013825238e+0, +0.4962242092e-3),
    (-0.000229472093621399176949318732, -0.1493408978e+0, -0.1193488017e-2),
    (-0.002681327160493827160473958490, +0.1697509140e+0, +0.2891599433e-2),
    (+0.003472222222222222222175164840, -0.2072454542e+0, -0.7385451812e-2),
    (+0.083333333333333333335592087900, +0.2705872357e+0, +0.2058077045e-1))
_GAMMA_Z = ((-0.400686534596170958447352690395, -0.673523028297382446749257758235e-1),
            (+0.822466960142643054450325495997, +0.322467033928981157743538726901),
            (-0.577215665946766039837398973297, +0.422784335087484338986941629852))


def _sinpifk(d):
    """sin(pi d) as a pair (SLEEF's sinpifk)."""
    u = _f(d * _F(4))
    q = np.trunc(u).astype(np.int32)
    q = (q + ((q.view(np.uint32) >> 31).astype(np.int32) ^ 1)) & ~1
    o = (q & 2) == 2
    s = _f(u - q.astype(_F))
    t = s
    s = _f(s * s)
    s2 = (s, fma(t, t, -s))
    v = np.where(o, _F(-0.2430611801e-7), _F(+0.3093842054e-6))
    v = fma(v, s, np.where(o, _F(+0.3590577080e-5), _F(-0.3657307388e-4)))
    v = fma(v, s, np.where(o, _F(-0.3259917721e-3), _F(+0.2490393585e-2)))
    x = _swap_add(_f(v * s), _where_pair(o, (_F(0.015854343771934509277),
                                             _F(4.4940051354032242811e-10)),
                                         (_F(-0.080745510756969451904),
                                          _F(-1.3373665339076936258e-09))))
    x = _dfadd2_pp(_dfmul_pp(s2, x), _where_pair(o, (_F(-0.30842512845993041992),
                                                     _F(-9.0728339030733922277e-09)),
                                                 (_F(0.78539818525314331055),
                                                  _F(-2.1857338617566484855e-08))))
    x = _dfmul_pp(x, _where_pair(o, s2, (t, np.zeros_like(t))))
    x = _where_pair(o, _dfadd2_pf(x, _F(1)), x)
    flip = (q & 4) == 4
    return np.where(flip, -x[0], x[0]).astype(_F), np.where(flip, -x[1], x[1]).astype(_F)


def _gammafk(a):
    """SLEEF's gammafk: (clc, clln / clld) as pairs, log Gamma(a) = clc + log|ratio|."""
    one = (np.ones_like(a), np.zeros_like(a))
    otiny, oref = np.abs(a) < _F(1e-30), a < _F(0.5)
    x = _where_pair(otiny, (np.zeros_like(a),) * 2,
                    _where_pair(oref, _dfadd2_ff(_F(1), -a), (a, np.zeros_like(a))))
    o0 = (_F(0.5) <= x[0]) & (x[0] <= _F(1.2))
    o2 = _F(2.3) <= x[0]
    y = _dfnormalize(_dfmul_pp(_dfadd2_pf(x, _F(1)), x))
    y = _dfnormalize(_dfmul_pp(_dfadd2_pf(x, _F(2)), y))
    o = o2 & (x[0] <= _F(7))
    clln = _where_pair(o, y, one)
    x = _where_pair(o, _dfadd2_pf(x, _F(3)), x)
    shifted = _dfnormalize(_dfadd2_pf(x, np.where(o0, _F(-1), _F(-2))))[0]
    t = np.where(o2, _f(_F(1) / x[0]), shifted).astype(_F)
    u = _sel3(o2, o0, *_GAMMA_U[0])
    for c in _GAMMA_U[1:]:
        u = fma(u, t, _sel3(o2, o0, *c))
    y = _dfmul_pp(_dfadd2_pf(x, _F(-0.5)), _logk2f(x))
    y = _dfadd2_pp(_dfadd2_pp(y, (-x[0], -x[1])), _pair_of(0.91893853320467278056))
    ut = _f(u * t)
    ut = (ut, fma(u, t, -ut))
    z = _dfadd2_pf(ut, np.where(o0, _F(_GAMMA_Z[0][0]), _F(_GAMMA_Z[0][1])))
    for c0, c1 in _GAMMA_Z[1:]:
        z = _dfadd2_pf(_dfmul_pf(z, t), np.where(o0, _F(c0), _F(c1)))
    clc = _where_pair(o2, y, _dfmul_pf(z, t))
    clld = _where_pair(o2, _dfadd2_pf(ut, _F(1)), one)
    y = clln
    refl = _dfadd2_pp(_pair_of(1.1447298858494001639), (-clc[0], -clc[1]))
    clc = _where_pair(otiny, _pair_of(41.58883083359671856503), _where_pair(oref, refl, clc))
    clln = _where_pair(otiny, one, _where_pair(oref, clln, clld))
    r = _f(a - _f(_F(1 << 12) * np.trunc(_f(a * _F(1.0 / (1 << 12))))))
    xs = _dfmul_pp(clld, _sinpifk(r))
    tiny = (_f(a * _F(float(1 << 30) * float(1 << 30))), np.zeros_like(a))
    clld = _where_pair(otiny, tiny, _where_pair(oref, xs, y))
    return clc, _dfdiv(clln, clld)


def lgamma(a: np.ndarray) -> np.ndarray:
    """SLEEF's lgammaf_u1: clc + log|ratio| in double-float; inf at the poles and +-inf."""
    a = _f(a)
    with np.errstate(all="ignore"):
        clc, b = _gammafk(np.where(np.isfinite(a), a, _F(1)))
        b = (np.abs(b[0]), np.where(np.signbit(b[0]), -b[1], b[1]).astype(_F))
        y = _dfadd2_pp(clc, _logk2f(b))
        r = _f(y[0] + y[1])
        pole = (a <= 0) & (a == np.trunc(a))
        r = np.where(np.isinf(a) | pole | (np.isfinite(a) & np.isnan(r)), _F(np.inf), r)
    return np.where(np.isnan(a), a, r).astype(_F, copy=False)


def logaddexp2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """max(a, b) + log1p(exp2(-|a - b|)) / ln 2 (a where a == b == +-inf), ATen's kernel,
    the last multiply-add fused."""
    inv_ln2 = _F(1 / math.log(2))

    def kernel(m, u, v):
        top = np.maximum(u, v)
        r = fma(m.log1p(m.exp2(-np.abs(_f(u - v)))), inv_ln2, top)
        return np.where((u == v) & np.isinf(u), u, r)
    return elementwise(kernel, a, b)


def logaddexp(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """max(a, b) + log1p(exp(-|a - b|)) (a where a == b == +-inf), ATen's kernel."""
    def kernel(m, u, v):
        r = _f(np.maximum(u, v) + m.log1p(m.exp(-np.abs(_f(u - v)))))
        return np.where((u == v) & np.isinf(u), u, r)
    return elementwise(kernel, a, b)


# -- atan2: SLEEF's atan2f_u1 (Sleef_atan2f16_u10) on the vectors, glibc's atan2f on the tail

_ATAN_P = (-0.00176397908944636583328247, 0.0107900900766253471374512,
           -0.0309564601629972457885742, 0.0577365085482597351074219,
           -0.0838950723409652709960938, 0.109463557600975036621094,
           -0.142626821994781494140625, 0.199983194470405578613281)


def _atan2kf(y, x):
    """atan2 of two pairs, y >= 0 (SLEEF's atan2kf_u1)."""
    neg = x[0] < 0
    q = np.where(neg, -2, 0)
    x = (np.where(neg, -x[0], x[0]).astype(_F), np.where(neg, -x[1], x[1]).astype(_F))
    p = x[0] < y[0]
    q = np.where(p, q + 1, q)
    s = _where_pair(p, (-x[0], -x[1]), y)
    t = _where_pair(p, y, x)
    s = _dfdiv(s, t)
    t = _dfnormalize(_dfsqu(s))
    u = _F(_ATAN_P[0])
    for c in _ATAN_P[1:]:
        u = fma(u, t[0], _F(c))
    ut = _f(u * t[0])
    head = _f(_F(-0.333332866430282592773438) + ut)
    t = _dfmul_pp(t, (head, _f(_f(_F(-0.333332866430282592773438) - head) + ut)))
    t = _dfmul_pp(s, _dfadd_fp(_F(1), t))
    return _dfadd_pp(_dfmul_pf((_F(1.5707963705062866211), _F(-4.3711388286737928865e-08)),
                               q.astype(_F)), t)


def _visinf2(d, m):
    return np.where(np.isinf(d), _mulsign(np.abs(m), np.where(np.signbit(d) | np.signbit(m),
                                                            _F(-1), _F(1))), _F(0))


def atan2(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """SLEEF's atan2f_u1 with its IEEE special cases."""
    y, x = np.broadcast_arrays(_f(y), _f(x))
    with np.errstate(all="ignore"):
        tiny = np.abs(x) < _F(2.9387372783541830947e-39)
        x = np.where(tiny, _f(x * _F(1 << 24)), x)
        y = np.where(tiny, _f(y * _F(1 << 24)), y)
        d = _atan2kf((np.abs(y), np.zeros_like(y)), (x, np.zeros_like(x)))
        r = _mulsign(_f(d[0] + d[1]), x)
        half_pi, quarter_pi = _F(math.pi / 2), _F(math.pi / 4)
        r = np.where(np.isinf(x) | (x == 0), _f(half_pi - _visinf2(x, _mulsign(half_pi, x))), r)
        r = np.where(np.isinf(y), _f(half_pi - _visinf2(x, _mulsign(quarter_pi, x))), r)
        r = np.where(y == 0, np.where(np.signbit(x), _F(math.pi), _F(0)), r)
        r = np.where(np.isnan(x) | np.isnan(y), _F(np.nan), _mulsign(r, y))
    return r.astype(_F, copy=False)


def atan2_kernel(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """torch.atan2 on float32: SLEEF on the vectors, glibc's atan2f on the scalar tail."""
    def kernel(m, u, v):
        if m is _Vector:
            return atan2(u, v)
        fn = _LIBM["atan2f"]
        if fn is not None and u.size:
            return np.asarray(fn(u, v), dtype=_F)
        with np.errstate(all="ignore"):
            return np.arctan2(u.astype(np.float64), v.astype(np.float64)).astype(_F)
    return elementwise(kernel, y, x)


#: most elements whose square roots `mkl_sqrt` computes as MKL does (float32, float64: ~20
#: and ~50 ms at the caps); past them NumPy's correctly rounded roots
MKL_SQRT_ELEMENTS = (1 << 22, 1 << 18)


def mkl_sqrt(x: np.ndarray) -> np.ndarray:
    """float32 and float64 square roots as PyTorch's CPU `sqrt` computes them on an Intel CPU
    with AVX-512: ATen hands every such sqrt to MKL's vector math (vsSqrt/vdSqrt, high
    accuracy), which there starts from the AVX-512 reciprocal square root estimate y
    (`rsqrt14`, 14 bits) and, in float32, takes one Newton step: s = x y, then
    s + (x - s s) y/2, both by fused multiply-adds; in float64 one Goldschmidt step first
    (g = x y, h = y/2, r = 1/2 - g h, g += g r, h += h r), then g + (x - g g) h. Not always
    correctly rounded: about 0.7% of results (those whose exact root lies just above a
    midpoint) come out one unit lower. Below 2^-100 (float32) or 2^-960 (float64),
    subnormals included, the same steps run on x 2^64 (2^128) and the root is scaled back,
    where the residual would otherwise lose bits. Found by running those steps beside
    torch on 1.3 million random float32 and 1.15 million float64 values (all equal,
    subnormals and both ends of the range included).

    The steps' result is below the exact root by less than 0.06 (float32) or 0.5 (float64)
    units in the last place, so it can only differ from the correctly rounded root where
    that was rounded up (in float32: from just above a midpoint): only those are computed
    so. Zero, infinities, NaN and negative numbers get NumPy's (MKL's give the same but for
    a NaN's sign). Past MKL_SQRT_ELEMENTS, NumPy's correctly rounded roots."""
    x = np.asarray(x)
    wide = x.dtype == np.float64
    if not wide:
        x = x.astype(_F, copy=False)
    out = np.empty_like(x)
    with np.errstate(all="ignore"):
        np.sqrt(x, out=out)
    if x.size > (MKL_SQRT_ELEMENTS[1] if wide else MKL_SQRT_ELEMENTS[0]):
        return out                  # past the cap: correctly rounded, NumPy's speed
    with np.errstate(all="ignore"):
        if wide:        # rounded up: out^2 > x (and every tiny one)
            near = (fma(out, out, -x) > 0) | (x < 2.0 ** -960)
        else:           # rounded up from within 0.2 units above the midpoint
            exact = np.sqrt(x.astype(np.float64))
            up = out.astype(np.float64)
            near = (up - exact) > 0.3 * (up - np.nextafter(out, _F(0)).astype(np.float64))
        near &= np.isfinite(out) & (x > 0)
    if near.any():
        v = x[near]
        limit, scale = (2.0 ** -960, 2.0 ** 128) if wide else (_F(2.0 ** -100), _F(2.0 ** 64))
        tiny = v < limit
        if tiny.any():
            v = np.where(tiny, v * scale, v)
        root = _goldschmidt_root(v) if wide else _newton_root(v)
        if tiny.any():
            root = np.where(tiny, root * (1 / np.sqrt(scale)).astype(x.dtype), root)
        out[near] = root
    return out


def _newton_root(v: np.ndarray) -> np.ndarray:
    """MKL's float32 square root of normal positive v: one Newton step from VRSQRT14PS."""
    from ._rsqrt14 import rsqrt14
    y = rsqrt14(v)
    with np.errstate(all="ignore"):
        s = v * y
        return fma(fma(-s, s, v), y * _F(0.5), s)


def _goldschmidt_root(v: np.ndarray) -> np.ndarray:
    """MKL's float64 square root of normal positive v: one Goldschmidt step from
    VRSQRT14PD, then a Newton correction."""
    from ._rsqrt14 import rsqrt14
    y = rsqrt14(v)
    with np.errstate(all="ignore"):
        g, h = v * y, y * 0.5
        r = fma(-g, h, np.full_like(v, 0.5))
        g, h = fma(g, r, g), fma(h, r, h)
        return fma(fma(-g, g, v), h, g)
