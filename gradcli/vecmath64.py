"""float64 activations as PyTorch's vectorised CPU kernels compute them, bit for bit.

ATen's activation kernels (silu, gelu, mish, softplus, log_sigmoid, elu/selu/celu, glu and
their backward kernels) run `cpu_kernel_vec`: along each contiguous row two vectors at a time
(AVX-512: 8 doubles each, 16 elements a block) whose exp, tanh, log1p, expm1 and erf are
SLEEF's double functions (`Sleef_expd8_u10`, `Sleef_tanhd8_u10`, `Sleef_log1pd8_u10`,
`Sleef_expm1d8_u10`, `Sleef_erfd8_u10`; see vec512_double.h), and the row's last len % 16
elements through the scalar lambda, whose std:: functions are the C library's (glibc's,
through `vecmath.libm64`). The SLEEF functions are written here with NumPy float64 and the
double-double arithmetic of SLEEF's dd.h in its FMA form (a fused multiply-add through
`fpmath.fma`); `vecmath.exp64` is SLEEF's exp. GCC compiles ATen with -ffp-contract=fast:
a product feeding an addition is one fused multiply-add, in the vector and scalar loops
alike (as in the float32 kernels of `vecmath`).

PyTorch's standalone float64 unary ops (torch.exp, torch.tanh, ...) use MKL's VML instead,
which this module does not reproduce.
"""
from __future__ import annotations

import numpy as np

from .fpmath import fma
from .vecmath import _LIBM, LANES, exp64, libm64

_D = np.float64
BLOCK = LANES           # two vectors of doubles (16 with AVX-512): cpu_kernel_vec's step


def _d(a) -> np.ndarray:
    return np.asarray(a, dtype=_D)


# -- double-double arithmetic (SLEEF's dd.h with FMA): a pair (hi, lo) of float64 arrays

def _add_ff(x, y):
    """ddadd_vd2_vd_vd: x + y, |x| >= |y| (fast two-sum)."""
    s = x + y
    return s, (x - s) + y


def _add2_ff(x, y):
    """ddadd2_vd2_vd_vd: x + y exactly (two-sum)."""
    s = x + y
    v = s - x
    return s, (x - (s - v)) + (y - v)


def _add_pf(p, y):
    """ddadd_vd2_vd2_vd, |p| >= |y|."""
    s = p[0] + y
    return s, ((p[0] - s) + y) + p[1]


def _add2_pf(p, y):
    """ddadd2_vd2_vd2_vd."""
    s = p[0] + y
    v = s - p[0]
    w = (p[0] - (s - v)) + (y - v)
    return s, w + p[1]


def _add_fp(x, q):
    """ddadd_vd2_vd_vd2, |x| >= |q|."""
    s = x + q[0]
    return s, ((x - s) + q[0]) + q[1]


def _add_pp(p, q):
    """ddadd_vd2_vd2_vd2, |p| >= |q|."""
    s = p[0] + q[0]
    return s, (((p[0] - s) + q[0]) + p[1]) + q[1]


def _add2_pp(p, q):
    """ddadd2_vd2_vd2_vd2."""
    s = p[0] + q[0]
    v = s - p[0]
    t = (p[0] - (s - v)) + (q[0] - v)
    return s, t + (p[1] + q[1])


def _mul_ff(x, y):
    """ddmul_vd2_vd_vd."""
    s = x * y
    return s, fma(x, y, -s)


def _mul_pf(p, y):
    """ddmul_vd2_vd2_vd."""
    s = p[0] * y
    return s, fma(p[1], y, fma(p[0], y, -s))


def _mul_pp(p, q):
    """ddmul_vd2_vd2_vd2."""
    s = p[0] * q[0]
    return s, fma(p[0], q[1], fma(p[1], q[0], fma(p[0], q[0], -s)))


def _squ(p):
    """ddsqu_vd2_vd2."""
    s = p[0] * p[0]
    return s, fma(p[0] + p[0], p[1], fma(p[0], p[0], -s))


def _div(n, d):
    """dddiv_vd2_vd2_vd2."""
    t = 1.0 / d[0]
    s = n[0] * t
    u = fma(t, n[0], -s)
    v = fma(-d[1], t, fma(-d[0], t, 1.0))
    return s, fma(s, v, fma(n[1], t, u))


def _rec(d):
    """ddrec_vd2_vd2."""
    s = 1.0 / d[0]
    return s, s * fma(-d[1], s, fma(-d[0], s, 1.0))


def _rec_f(d):
    """ddrec_vd2_vd."""
    s = 1.0 / d
    return s, s * fma(-d, s, 1.0)


def _sqrt(d):
    """ddsqrt_vd2_vd2."""
    t = np.sqrt(d[0] + d[1])
    p = _mul_pp(_add2_pp(d, _mul_ff(t, t)), _rec_f(t))
    return p[0] * 0.5, p[1] * 0.5


def hypot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """SLEEF's hypot (u05), ATen's |z| of complex128 vectors: max * sqrt(1 + (min/max)**2)
    in double-double, the quotient scaled up first below DBL_MIN."""
    x, y = np.abs(_d(x)), np.abs(_d(y))
    with np.errstate(all="ignore"):
        lo, hi = np.minimum(x, y), np.maximum(x, y)
        tiny = hi < np.finfo(_D).tiny
        n = np.where(tiny, lo * 2.0 ** 54, lo)
        d = np.where(tiny, hi * 2.0 ** 54, hi)
        zero = np.zeros_like(n)
        t = _div((n, zero), (d, zero))
        t = _mul_pf(_sqrt(_add2_pf(_squ(t), 1.0)), hi)
        r = t[0] + t[1]
        r = np.where(np.isnan(r), np.inf, r)
        r = np.where(lo == 0, hi, r)
        r = np.where(np.isnan(x) | np.isnan(y), np.nan, r)
        r = np.where(np.isinf(x) | np.isinf(y), np.inf, r)
    return r


_ATAN_HIGH = (1.06298484191448746607415e-05, -0.000125620649967286867384336,
              0.00070557664296393412389774, -0.00251865614498713360352999,
              0.00646262899036991172313504, -0.0128281333663399031014274,
              0.0208024799924145797902497, -0.0289002344784740315686289,
              0.0359785005035104590853656, -0.041848579703592507506027,
              0.0470843011653283988193763, -0.0524914210588448421068719,
              0.0587946590969581003860434, -0.0666620884778795497194182,
              0.0769225330296203768654095, -0.0909090442773387574781907)
_ATAN_LOW = (0.111111108376896236538123, -0.142857142756268568062339,
             0.199999999997977351284817, -0.333333333333317605173818)
_PI_2 = (1.570796326794896557998982, 6.12323399573676603586882e-17)


def _atan2k(y, x):
    """atan2 of two pairs, y >= 0 (SLEEF's atan2k_u1, double-double): the angle's quadrant
    q, s = the smaller over the larger, s + s^3 P(s^2), plus q pi/2."""
    neg = x[0] < 0
    q = np.where(neg, -2.0, 0.0)
    x = (np.where(neg, -x[0], x[0]), np.where(neg, -x[1], x[1]))
    p = x[0] < y[0]
    q = np.where(p, q + 1, q)
    s = (np.where(p, -x[0], y[0]), np.where(p, -x[1], y[1]))
    t = (np.where(p, y[0], x[0]), np.where(p, y[1], x[1]))
    s = _div(s, t)
    t = _squ(s)
    head = t[0] + t[1]                                      # ddnormalize
    t = (head, t[0] - head + t[1])
    t2 = t[0] * t[0]
    t4 = t2 * t2
    u = _poly((t[0], t2, t4, t4 * t4), _ATAN_HIGH)
    for c in _ATAN_LOW:
        u = fma(u, t[0], c)
    t = _add_pp(s, _mul_pf(_mul_pp(s, t), u))
    return _add_pp(_mul_pf(_PI_2, q), t)


def atan2(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """SLEEF's atan2 (u10, Sleef_atan2d8_u10: ATen's float64 atan2 on its vectors) with its
    IEEE special cases."""
    y, x = np.broadcast_arrays(_d(y), _d(x))
    with np.errstate(all="ignore"):
        tiny = np.abs(x) < 5.5626846462680083984e-309
        x = np.where(tiny, x * 2.0 ** 53, x)
        y = np.where(tiny, y * 2.0 ** 53, y)
        zero = np.zeros_like(x)
        d = _atan2k((np.abs(y), zero), (x, zero))
        r = _mulsign(d[0] + d[1], x)
        half_pi = np.pi / 2

        def inf2(d, m):         # visinf2: where d is infinite m, its sign set if d's is
            return np.where(np.isinf(d), np.where(np.signbit(d), -np.abs(m), m), 0.0)
        r = np.where(np.isinf(x) | (x == 0), half_pi - inf2(x, _mulsign(half_pi, x)), r)
        r = np.where(np.isinf(y), half_pi - inf2(x, _mulsign(np.pi / 4, x)), r)
        r = np.where(y == 0, np.where(np.signbit(x), np.pi, 0.0), r)
        r = np.where(np.isnan(x) | np.isnan(y), _ALL_ONES, _mulsign(r, y))   # a NaN mask
    return r


_ALL_ONES = np.array(-1, np.int64).view(np.float64)     # the NaN SLEEF's mask makes


def _mulsign(x, y):
    return np.where(np.signbit(y), -x, x)


def _ldexp2(x, q):
    """vldexp2: x 2**(q >> 1) 2**(q - (q >> 1)), q integer."""
    half = q >> 1
    return x * np.ldexp(1.0, half) * np.ldexp(1.0, q - half)


_L2U = .69314718055966295651160180568695068359375
_L2L = .28235290563031577122588448175013436025525412068e-12
_R_LN2 = 1.442695040888963407359924681001892137426645954152985934135449406931
_EXPK2 = (+0.1602472219709932072e-9, +0.2092255183563157007e-8, +0.2505230023782644465e-7,
          +0.2755724800902135303e-6, +0.2755731892386044373e-5, +0.2480158735605815065e-4,
          +0.1984126984148071858e-3, +0.1388888888886763255e-2, +0.8333333333333347095e-2,
          +0.4166666666666669905e-1)

def _expk2(d):
    """exp of a pair, as a pair (SLEEF's expk2): d - q ln 2 in double-double, a degree-9
    polynomial by Estrin's scheme, three double-double Horner steps, times 2**q."""
    u = (d[0] + d[1]) * _R_LN2
    dq = np.rint(u)
    q = np.where(np.isfinite(dq), dq, 0).astype(np.int64)
    s = _add2_pf(d, dq * -_L2U)
    s = _add2_pf(s, dq * -_L2L)
    s2 = _squ(s)
    s4 = _squ(s2)
    u = _poly((s[0], s2[0], s4[0], s4[0] * s4[0]), _EXPK2)
    t = _add_fp(0.5, _mul_pf(s, +0.1666666666666666574e+0))
    t = _add_fp(1.0, _mul_pp(t, s))
    t = _add_fp(1.0, _mul_pp(t, s))
    t = _add_pp(t, _mul_pf(s4, u))
    low = d[0] < -1000
    return (np.where(low, 0.0, _ldexp2(t[0], q)), np.where(low, 0.0, _ldexp2(t[1], q)))


def sinh(x: np.ndarray) -> np.ndarray:
    """SLEEF's sinh (u10): (e - 1/e) / 2 in double-double, e = exp|x|; inf past 710."""
    x = _d(x)
    with np.errstate(all="ignore"):
        d = _expk2((np.abs(x), np.zeros_like(x)))
        e = _rec(d)
        d = _add_pp(d, (-e[0], -e[1]))
        y = (d[0] + d[1]) * 0.5
        y = np.where((np.abs(x) > 710) | np.isnan(y), np.inf, y)
        y = _mulsign(y, x)
    return np.where(np.isnan(x), x, y)


def cosh(x: np.ndarray) -> np.ndarray:
    """SLEEF's cosh (u10): (e + 1/e) / 2 in double-double, e = exp|x|; inf past 710."""
    x = _d(x)
    with np.errstate(all="ignore"):
        d = _expk2((np.abs(x), np.zeros_like(x)))
        d = _add_pp(d, _rec(d))
        y = (d[0] + d[1]) * 0.5
        y = np.where((np.abs(x) > 710) | np.isnan(y), np.inf, y)
    return np.where(np.isnan(x), x, y)


_EXP2 = (+0.4434359082926529454e-9, +0.7073164598085707425e-8, +0.1017819260921760451e-6,
         +0.1321543872511327615e-5, +0.1525273353517584730e-4, +0.1540353045101147808e-3,
         +0.1333355814670499073e-2, +0.9618129107597600536e-2, +0.5550410866482046596e-1,
         +0.2402265069591012214e+0)


def exp2(d: np.ndarray) -> np.ndarray:
    """SLEEF's exp2 (u10, FMA form): 2**q (1 + s p(s)), q = rint(d), s = d - q, p of degree
    10 by Estrin's scheme."""
    d = _d(d)
    with np.errstate(all="ignore"):
        u = np.rint(d)
        q = np.where(np.isfinite(u), u, 0).astype(np.int64)
        s = d - u
        s2 = s * s
        s4 = s2 * s2
        u = _poly((s, s2, s4, s4 * s4), _EXP2)
        u = fma(u, s, +0.6931471805599452862e+0)
        u = _ldexp2(fma(u, s, 1.0), q)
        u = np.where(d >= 1024, np.inf, u)
        u = np.where(d < -2000, 0.0, u)
    return np.where(np.isnan(d), d, u)


def tanh(x: np.ndarray) -> np.ndarray:
    """SLEEF's tanh (u10): (e - 1/e) / (e + 1/e) in double-double, e = exp|x|."""
    x = _d(x)
    with np.errstate(all="ignore"):
        y = np.abs(x)
        d = _expk2((y, np.zeros_like(y)))
        e = _rec(d)
        d = _div(_add2_pp(d, (-e[0], -e[1])), _add2_pp(d, e))
        y = d[0] + d[1]
        y = np.where((np.abs(x) > 18.714973875) | np.isnan(y), 1.0, y)
        y = _mulsign(y, x)
    return np.where(np.isnan(x), x, y)


def expm1(a: np.ndarray) -> np.ndarray:
    """SLEEF's expm1 (u10): exp as a pair, minus 1 in double-double, rounded once."""
    a = _d(a)
    with np.errstate(all="ignore"):
        d = _add2_pf(_expk2((a, np.zeros_like(a))), -1.0)
        x = d[0] + d[1]
        x = np.where(a > 709.782712893383996732223, np.inf, x)
        x = np.where(a < -36.736800569677101399113302437, -1.0, x)
        x = np.where((a == 0) & np.signbit(a), -0.0, x)
    return np.where(np.isnan(a), a, x)


_LN2 = (0.693147180559945286226764, 2.319046813846299558417771e-17)
_LOG1P = (0.1532076988502701353e+0, 0.1525629051003428716e+0, 0.1818605932937785996e+0,
          0.2222214519839380009e+0, 0.2857142932794299317e+0, 0.3999999999635251990e+0,
          0.6666666666667333541e+0)


def _log_series(e, x):
    """e ln 2 + 2 atanh(x) for a double-double x (SLEEF's log and log1p end alike): 2x plus
    x^3 times POLY7 of x^2 (Estrin's scheme), in double-double, rounded to one double."""
    x2 = x[0] * x[0]
    x4 = x2 * x2
    t = _poly((x2, x4, x4 * x4), _LOG1P)
    s = _add_pp(_mul_pf(_LN2, e), (x[0] * 2, x[1] * 2))
    s = _add_pf(s, (x2 * x[0]) * t)
    return s[0] + s[1]


def log1p(d: np.ndarray) -> np.ndarray:
    """SLEEF's log1p (u10, its AVX-512 form): 1 + d = m 2**e with m computed from d itself
    (d 2**-e + (2**-e - 1)), then e ln 2 + 2 atanh(m / (2 + m)) in double-double."""
    d = _d(d)
    with np.errstate(all="ignore"):
        dp1 = d + 1.0
        e = np.frexp(dp1 * (1 / 0.75))[1] - 1.0
        e = np.where(np.isposinf(dp1), 1024.0, e)
        t = np.ldexp(1.0, -np.where(np.isfinite(e), e, 0).astype(np.int64))
        m = fma(d, t, t - 1.0)
        r = _log_series(e, _div((m, np.zeros_like(m)), _add_ff(np.full_like(m, 2.0), m)))
        r = np.where(d > 1e307, np.inf, r)
        r = np.where(d < -1, np.nan, r)
        r = np.where(d == -1, -np.inf, r)
        r = np.where((d == 0) & np.signbit(d), -0.0, r)
    return np.where(np.isnan(d), d, r)


def log(d: np.ndarray) -> np.ndarray:
    """SLEEF's log (u10, its AVX-512 form: Sleef_logd8_u10): d = m 2**e with m in [0.75,
    1.5) (getexp of d / 0.75, getmant), then e ln 2 + 2 atanh((m - 1) / (m + 1)) in
    double-double; vfixup's special values (-inf at 0, nan below it, inf at inf)."""
    d = _d(d)
    with np.errstate(all="ignore"):
        e = (np.frexp(d * (1 / 0.75))[1] - 1).astype(np.float64)
        e = np.where(np.isposinf(d), 1024.0, e)
        f = np.frexp(d)[0]
        m = np.where(f >= 0.75, f, 2 * f)                # getmant, normalised to [0.75, 1.5)
        r = _log_series(e, _div(_add2_ff(np.full_like(m, -1.0), m),
                                _add2_ff(np.ones_like(m), m)))
        r = np.where(np.isposinf(d), np.inf, r)
        r = np.where(d < 0, np.nan, r)
        r = np.where(d == 0, -np.inf, r)
    return np.where(np.isnan(d), d, r)


def _poly(xs, coefs):
    """SLEEF's POLYn (estrin.h): c[0] x^(n-1) + ... + c[n-1] by Estrin's scheme, xs = (x, x^2,
    x^4, x^8, x^16); the coefficients are numbers or arrays, highest first."""
    # level by level from the lowest degree: pairs (c_2i+1, c_2i) joined with x^(2^level),
    # an odd one at the top carried up (the macros' nesting); each level's fused
    # multiply-adds taken in one call on stacked operands
    terms = list(reversed(coefs))
    shape = np.shape(xs[0])
    level = 0
    while len(terms) > 1:
        pairs = len(terms) // 2
        hi = np.stack([np.broadcast_to(_d(t), shape) for t in terms[1:2 * pairs:2]])
        lo = np.stack([np.broadcast_to(_d(t), shape) for t in terms[0:2 * pairs:2]])
        joined = fma(xs[level], hi, lo)
        terms = list(joined) + terms[2 * pairs:]
        level += 1
    return terms[0]


def _expk(d):
    """exp of a pair, rounded to one double (SLEEF's expk)."""
    u = (d[0] + d[1]) * _R_LN2
    dq = np.rint(u)
    q = np.where(np.isfinite(dq), dq, 0).astype(np.int64)
    s = _add2_pf(d, dq * -_L2U)
    s = _add2_pf(s, dq * -_L2L)
    hi = s[0] + s[1]
    s = hi, (s[0] - hi) + s[1]                  # ddnormalize
    s2 = s[0] * s[0]
    s4 = s2 * s2
    u = _poly((s[0], s2, s4, s4 * s4), _EXPK)
    t = _add_fp(1.0, s)
    t = _add_pp(t, _mul_pf(_squ(s), u))
    return np.where(d[0] < -1000, 0.0, _ldexp2(t[0] + t[1], q))


_EXPK = (2.51069683420950419527139e-08, 2.76286166770270649116855e-07,
         2.75572496725023574143864e-06, 2.48014973989819794114153e-05,
         0.000198412698809069797676111, 0.0013888888939977128960529,
         0.00833333333332371417601081, 0.0416666666665409524128449,
         0.166666666666666740681535, 0.500000000000000999200722)

_LOGK = (0.116255524079935043668677, 0.103239680901072952701192, 0.117754809412463995466069,
         0.13332981086846273921509, 0.153846227114512262845736, 0.181818180850050775676507,
         0.222222222230083560345903, 0.285714285714249172087875, 0.400000000000000077715612)
_LN2_DD = (0.693147180559945286226764, 2.319046813846299558417771e-17)
_TWO_THIRDS_DD = (0.666666666666666629659233, 3.80554962542412056336616e-17)


def _logk(d):
    """log of a positive double as a pair (SLEEF's logk, pow's): d = m 2**e with m in
    [0.75, 1.5), then 2 atanh((m - 1)/(m + 1)) in double-double."""
    tiny = d < 2.2250738585072014e-308
    d = np.where(tiny, d * 18446744073709551616.0, d)
    e = np.frexp(d * (1.0 / 0.75))[1] - 1
    m = np.ldexp(d, -e)
    e = np.where(tiny, e - 64, e).astype(_D)
    x = _div(_add2_ff(-1.0, m), _add2_ff(1.0, m))
    x2 = _squ(x)
    x4 = x2[0] * x2[0]
    x8 = x4 * x4
    t = _poly((x2[0], x4, x8, x8 * x8), _LOGK)
    s = _mul_pf(_LN2_DD, e)
    s = _add_pp(s, (x[0] * 2, x[1] * 2))
    x = _mul_pp(x2, x)
    s = _add_pp(s, _mul_pp(x, _TWO_THIRDS_DD))
    x = _mul_pp(x2, x)
    return _add_pp(s, _mul_pf(x, t))


def pow_scalar(x: np.ndarray, c: float) -> np.ndarray:
    """x ** c for a number c (not one of ATen's special exponents) as its kernel: SLEEF's
    pow on the vectors, the C library's on the tail. Its emulation costs about a
    millisecond for any small x (some 34 exact fused multiply-adds), so, as for float32
    (`vecmath.pow_scalar`, whose memo this shares), the last few results are kept: a loop
    raising the same data to the same power computes it once."""
    from .vecmath import memo_pow
    return memo_pow(x, c, lambda: elementwise(lambda m, v: m.pow(v, float(c)), x))


_LOGK2 = (0.13860436390467167910856, 0.131699838841615374240845, 0.153914168346271945653214,
          0.181816523941564611721589, 0.22222224632662035403996, 0.285714285511134091777308,
          0.400000000000914013309483)


def _logk2(d):
    """log of a positive pair, as a pair (SLEEF's logk2)."""
    e = np.frexp(d[0] * (1.0 / 0.75))[1] - 1
    m = (np.ldexp(d[0], -e), np.ldexp(d[1], -e))
    x = _div(_add2_pf(m, -1.0), _add2_pf(m, 1.0))
    x2 = _squ(x)
    x4 = x2[0] * x2[0]
    t = fma(_poly((x2[0], x4, x4 * x4), _LOGK2), x2[0], 0.666666666666664853302393)
    s = _mul_pf(_LN2_DD, e.astype(_D))
    s = _add_pp(s, (x[0] * 2, x[1] * 2))
    return _add_pp(s, _mul_pf(_mul_pp(x2, x), t))


def atanh(x: np.ndarray) -> np.ndarray:
    """SLEEF's atanh (u10): log((1 + |x|) / (1 - |x|)) / 2 in double-double."""
    x = _d(x)
    with np.errstate(all="ignore"):
        y = np.abs(x)
        inside = y < 1
        yy = np.where(inside, y, 0.0)
        d = _logk2(_div(_add2_ff(1.0, yy), _add2_ff(1.0, -yy)))
        r = np.where(y == 1, np.inf, (d[0] + d[1]) * 0.5)
        r = np.where(y > 1, np.nan, r)
        r = _mulsign(r, x)
        r = np.where(np.isinf(x) | np.isnan(r), np.nan, r)
    return np.where(np.isnan(x), x, r)


def pow(x: np.ndarray, y) -> np.ndarray:
    """SLEEF's pow (u10), ATen's Vectorized<double>::pow: exp(y log|x|) with the log and its
    product in double-double, then the sign and the IEEE special cases (0, inf, nan,
    x = 1, y = 0, negative x)."""
    x, y = np.broadcast_arrays(_d(x), _d(y))
    with np.errstate(all="ignore"):
        yisint = (np.trunc(y) == y) | (np.abs(y) > 9007199254740992.0)
        yisodd = yisint & (np.abs(y) < 9007199254740992.0) & (np.fmod(y, 2.0) != 0)
        ax = np.abs(x)
        d = _mul_pf(_logk(np.where((ax == 0) | ~np.isfinite(ax), 1.0, ax)), y)
        r = np.where(d[0] > 709.78271114955742909217217426, np.inf, _expk(d))
        r = r * np.where(x > 0, 1.0, np.where(yisint, np.where(yisodd, -1.0, 1.0), np.nan))
        efx = _mulsign(ax - 1.0, y)
        r = np.where(np.isinf(y), np.where(efx < 0, 0.0, np.where(efx == 0, 1.0, np.inf)), r)
        edge = np.where(np.where(x == 0, -y, y) < 0, 0.0, np.inf)
        r = np.where(np.isinf(x) | (x == 0),
                     np.where(yisodd, np.copysign(1.0, x), 1.0) * edge, r)
        r = np.where(np.isnan(x) | np.isnan(y), np.nan, r)
        return np.where((y == 0) | (x == 1), 1.0, r)


# SLEEF's erf: below 2.5 (Abramowitz and Stegun 7.1.28) and above, highest first
_ERF_A = (-0.2083271002525222097e-14, +0.7151909970790897009e-13, -0.1162238220110999364e-11,
          +0.1186474230821585259e-10, -0.8499973178354613440e-10, +0.4507647462598841629e-9,
          -0.1808044474288848915e-8, +0.5435081826716212389e-8, -0.1143939895758628484e-7,
          +0.1215442362680889243e-7, +0.1669878756181250355e-7, -0.9808074602255194288e-7,
          +0.1389000557865837204e-6, +0.2945514529987331866e-6, -0.1842918273003998283e-5,
          +0.3417987836115362136e-5, +0.3860236356493129101e-5, -0.3309403072749947546e-4,
          +0.1060862922597579532e-3, +0.2323253155213076174e-3, +0.1490149719145544729e-3)
_ERF_B = (-0.4024015130752621932e-18, +0.3847193332817048172e-16, -0.1749316241455644088e-14,
          +0.5029618322872872715e-13, -0.1025221466851463164e-11, +0.1573695559331945583e-10,
          -0.1884658558040203709e-9, +0.1798167853032159309e-8, -0.1380745342355033142e-7,
          +0.8525705726469103499e-7, -0.4160448058101303405e-6, +0.1517272660008588485e-5,
          -0.3341634127317201697e-5, -0.2515023395879724513e-5, +0.6539731269664907554e-4,
          -0.3551065097428388658e-3, +0.1210736097958368864e-2, -0.2605566912579998680e-2,
          +0.1252823202436093193e-2, +0.1820191395263313222e-1, -0.1021557155453465954e+0)
_ERF_DD_A = ((0.0092877958392275604405, 7.9287559463961107493e-19),
             (0.042275531758784692937, 1.3785226620501016138e-19),
             (0.07052369794346953491, 9.5846628070792092842e-19))
_ERF_DD_B = ((-0.63691044383641748361, -2.4249477526539431839e-17),
             (-1.1282926061803961737, -6.2970338860410996505e-17),
             (-1.2261313785184804967e-05, -5.5329707514490107044e-22))


def erf(a: np.ndarray) -> np.ndarray:
    """SLEEF's erf (u10, 3.6): up to 2.5, 1 - 1/(1 + x p(x))^16 (Abramowitz and Stegun
    7.1.28), above, 1 - exp(x q(x)); p and q by Estrin's scheme, the tails in double-double."""
    a = _d(a)
    with np.errstate(all="ignore"):
        x = np.abs(a)
        x2 = x * x
        x4 = x2 * x2
        x8 = x4 * x4
        o25 = x <= 2.5
        t = _poly((x, x2, x4, x8, x8 * x8),
                  [np.where(o25, p, q) for p, q in zip(_ERF_A, _ERF_B)])
        c2, c1, c0 = [(np.where(o25, p[0], q[0]), np.where(o25, p[1], q[1]))
                      for p, q in zip(_ERF_DD_A, _ERF_DD_B)]
        hi = _add_pp(c2, _mul_pf((t, np.zeros_like(t)), x))          # poly2dd(x, t, c2)
        lo = _add_pp(c0, _mul_pf(c1, x))                              # poly2dd_b(x, c1, c0)
        t2 = _add_pp(lo, _mul_pf(hi, x * x))
        s2 = _add_fp(1.0, _mul_pf(t2, x))
        for _ in range(4):
            s2 = _squ(s2)
        s2 = _rec(s2)
        e = _expk(t2)
        t2 = (np.where(o25, s2[0], e), np.where(o25, s2[1], 0.0))
        t2 = _add2_pf(t2, -1.0)
        z = -(t2[0] + t2[1])
        z = np.where(x < 1e-8, x * 1.12837916709551262756245475959, z)
        z = np.where(x >= 6, 1.0, z)
        z = np.where(np.isinf(a), 1.0, z)
        z = np.where(a == 0, 0.0, z)
        z = _mulsign(z, a)
    return np.where(np.isnan(a), a, z)


# -- ATen's loop: SLEEF on the vectors, the C library on each row's scalar tail

def _c_erf(x):
    import math
    return np.frompyfunc(math.erf, 1, 1)(x).astype(_D)


class _Vector:
    """The functions ATen's Vectorized<double> calls (SLEEF's)."""
    exp = staticmethod(exp64)
    tanh = staticmethod(tanh)
    log1p = staticmethod(log1p)
    expm1 = staticmethod(expm1)
    erf = staticmethod(erf)
    atan2 = staticmethod(atan2)
    pow = staticmethod(pow)
    sinh = staticmethod(sinh)
    cosh = staticmethod(cosh)
    exp2 = staticmethod(exp2)
    atanh = staticmethod(atanh)


def _libm(name: str, ref):
    return staticmethod(lambda x: libm64(name, x, ref))


class _Scalar:
    """The functions its scalar loop calls (the C library's, glibc's where it loads)."""
    exp = _libm("exp", np.exp)
    tanh = _libm("tanh", np.tanh)
    log1p = _libm("log1p", np.log1p)
    expm1 = _libm("expm1", np.expm1)
    erf = _libm("erf", _c_erf)
    sinh = _libm("sinh", np.sinh)
    cosh = _libm("cosh", np.cosh)
    exp2 = _libm("exp2", np.exp2)
    atanh = _libm("atanh", np.arctanh)

    @staticmethod
    def pow(x, y):
        from .vecmath import pow64
        return pow64(x, y)

    @staticmethod
    def atan2(y, x):
        fn = _LIBM["atan2:d"]
        if fn is None or not np.size(y):
            return np.arctan2(y, x)
        return np.asarray(fn(*np.broadcast_arrays(y, x)), np.float64)


def scalar_positions(arrays, block: int = BLOCK, out: np.ndarray | None = None) -> np.ndarray:
    """Where ATen's `cpu_kernel_vec` calls the scalar function of a kernel over `arrays`
    (its inputs; the output TensorIterator allocates follows their layout), as a mask of the
    broadcast shape. TensorIterator orders the dims by the operands' strides (the first
    operand whose strides tell two dims apart decides; broadcast dims are skipped), merges
    the dims that are contiguous in every operand into rows, and runs a row through the
    vectorised loop when every operand steps by one element along it (or all but one input,
    which stays put); the last len % block elements of such a row, and every element of any
    other row, go through the scalar function. Negative strides: the vector path. `out`:
    an output given to the kernel (a view), whose layout comes first."""
    return _positions(arrays, block, out) != 0


def grouped_positions(arrays, block: int, group: int, out: np.ndarray | None = None
                      ) -> np.ndarray:
    """`scalar_positions` told apart for a scalar loop GCC vectorised `group` elements at a
    time: 0 where ATen's vectorised loop runs, 1 where its tail goes `group` by `group`,
    2 on each tail's last len % group elements (which the compiled loop leaves to other
    code)."""
    return _positions(arrays, block, out, group)


def _positions(arrays, block, out=None, group=1) -> np.ndarray:
    shape = np.broadcast_shapes(*[a.shape for a in arrays])
    if 0 in shape or not shape:
        return _single(shape, group)
    item = arrays[0].dtype.itemsize
    strides = [np.broadcast_to(a, shape).strides for a in arrays]
    if out is not None:
        strides.insert(0, out.strides)
    if any(v < 0 for st in strides for v in st):
        return np.zeros(shape, np.int8)
    kept = [d for d in range(len(shape)) if shape[d] != 1]
    if not kept:
        return _single(shape, group)

    from .ops.shape import _iterator_order          # TensorIterator's reorder_dimensions
    perm = [kept[i] for i in _iterator_order([shape[d] for d in kept],
                                             [[st[d] for d in kept] for st in strides])]
    size, inner = shape[perm[0]], 1
    while inner < len(perm) and all(st[perm[0]] * size == st[perm[inner]] for st in strides):
        size *= shape[perm[inner]]
        inner += 1
    steps = [st[perm[0]] for st in strides]
    unit = sum(v == item for v in steps)
    vector = unit == len(steps) or (unit == len(steps) - 1 and 0 in steps)
    outer = [shape[d] for d in perm[::-1]]
    mask = np.zeros(outer, np.int8)
    rows = mask.reshape(-1, size)
    rows[:, size - size % block if vector else 0:] = 1
    _tail_codes(rows, group)
    back = np.empty([shape[d] for d in kept], np.int8)
    np.transpose(back, [kept.index(d) for d in perm[::-1]])[...] = mask
    return back.reshape(shape)


def _single(shape, group: int) -> np.ndarray:
    """The codes of nothing or one element: the scalar loop's own (2 when grouped)."""
    return np.full(shape, 2 if group > 1 else 1, np.int8)


def _tail_codes(rows: np.ndarray, group: int) -> np.ndarray:
    """rows (each a loop's row: 1 on its scalar tail) with 2 on each tail's last
    len % group elements (group > 1)."""
    if group > 1 and rows.size:
        rest = rows.sum(1) % group
        rows[np.arange(rows.shape[1]) >= rows.shape[1] - rest[:, None]] *= 2
    return rows


def elementwise(kernel, *arrays: np.ndarray, block: int | None = None,
                out: np.ndarray | None = None) -> np.ndarray:
    """`kernel(m, *arrays)` as ATen's `cpu_kernel_vec` runs it on float64 (m = _Vector or
    _Scalar), each element through the path PyTorch takes for it (`scalar_positions`;
    `out`: the layout of an output given to the kernel)."""
    arrays = [_d(a) for a in arrays]
    shape = np.broadcast_shapes(*[a.shape for a in arrays])
    with np.errstate(all="ignore"):
        tail = scalar_positions(arrays, block or BLOCK, out)
        if not tail.any():
            return np.array(np.broadcast_to(_d(kernel(_Vector, *arrays)), shape), dtype=_D)
        out = np.empty(shape, _D)
        for m, where in ((_Vector, ~tail), (_Scalar, tail)):
            if where.any():
                out[where] = kernel(m, *[a.reshape(()) if a.size == 1 else
                                         np.broadcast_to(a, shape)[where] for a in arrays])
    return out


def logaddexp(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """max(a, b) + log1p(exp(-|a - b|)) (a where a == b == +-inf), ATen's kernel."""
    def kernel(m, u, v):
        r = np.maximum(u, v) + m.log1p(m.exp(-np.abs(u - v)))
        return np.where((u == v) & np.isinf(u), u, r)
    return elementwise(kernel, a, b)


def logaddexp2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """max(a, b) + log1p(exp2(-|a - b|)) / ln 2 (a where a == b == +-inf), ATen's kernel,
    the last multiply-add fused."""
    inv_ln2 = 1 / 0.6931471805599453

    def kernel(m, u, v):
        r = fma(m.log1p(m.exp2(-np.abs(u - v))), inv_ln2, np.maximum(u, v))
        return np.where((u == v) & np.isinf(u), u, r)
    return elementwise(kernel, a, b)


# -- the activation kernels (Activation.cpp, UnaryOpsKernel.cpp, GeluKernel, Elu.h), in their
# order of operations; a product feeding a sum is fused as GCC contracts it

M_SQRT1_2 = 0.70710678118654752440
M_SQRT2 = 1.41421356237309504880
M_2_SQRTPI = 1.12837916709551257390
_GELU_PDF = M_2_SQRTPI * M_SQRT1_2 * 0.5
_GELU_BETA = M_SQRT2 * M_2_SQRTPI * 0.5
_GELU_KAPPA = 0.044715


def _sigmoid(m, v):
    return 1.0 / (1.0 + m.exp(-v))


def sigmoid(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """1 / (1 + exp(-x)), ATen's sigmoid kernel (`out`: the layout of an output given)."""
    return elementwise(_sigmoid, x, out=out)


def silu(x: np.ndarray) -> np.ndarray:
    """x / (1 + exp(-x)), ATen's silu."""
    return elementwise(lambda m, v: v / (1.0 + m.exp(-v)), x)


def silu_backward(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """g s (1 + x (1 - s)), s = 1 / (1 + exp(-x)) (ATen's silu_backward)."""
    def kernel(m, gv, v):
        s = _sigmoid(m, v)
        return (gv * s) * fma(v, 1.0 - s, 1.0)
    return elementwise(kernel, g, x)


def softplus(x: np.ndarray, beta: float, threshold: float) -> np.ndarray:
    """log1p(exp(beta x)) / beta, x where beta x > threshold (ATen's softplus)."""
    def kernel(m, v):
        bx = v * beta
        return np.where(bx > threshold, v, m.log1p(m.exp(bx)) / beta)
    return elementwise(kernel, x)


def softplus_backward(g: np.ndarray, x: np.ndarray, beta: float, threshold: float
                      ) -> np.ndarray:
    """g z / (z + 1), z = exp(beta x); g where beta x > threshold."""
    def kernel(m, gv, v):
        bx = v * beta
        z = m.exp(bx)
        return np.where(bx > threshold, gv, (gv * z) / (z + 1.0))
    return elementwise(kernel, g, x)


def log_sigmoid_buffer(x: np.ndarray) -> np.ndarray:
    """exp(-|x|), kept by ATen's log_sigmoid for its backward (its loop runs vectors to the
    last element: no scalar tail)."""
    with np.errstate(all="ignore"):
        return exp64(-np.abs(_d(x)))


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    """min(x, 0) - log1p(exp(-|x|)), ATen's log_sigmoid."""
    x = _d(x)
    with np.errstate(all="ignore"):
        return np.minimum(x, 0.0) - log1p(log_sigmoid_buffer(x))


def log_sigmoid_backward(x: np.ndarray, z: np.ndarray, g: np.ndarray) -> np.ndarray:
    """(max_deriv - sign z / (1 + z)) g, max_deriv 1 and sign 1 where x < 0, else 0 and -1."""
    neg = x < 0
    with np.errstate(all="ignore"):
        return (np.where(neg, 1.0, 0.0) - np.where(neg, 1.0, -1.0) * (z / (1.0 + z))) * g


def gelu(x: np.ndarray) -> np.ndarray:
    """x/2 (1 + erf(x / sqrt 2)), ATen's GeluKernelImpl."""
    return elementwise(lambda m, v: (v * 0.5) * (1.0 + m.erf(v * M_SQRT1_2)), x)


def gelu_backward(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """g (cdf + x pdf), cdf = (1 + erf(x / sqrt 2)) / 2, pdf = exp(-x^2/2) / sqrt(2 pi)."""
    def kernel(m, gv, v):
        cdf = 0.5 * (1.0 + m.erf(v * M_SQRT1_2))
        pdf = _GELU_PDF * m.exp((v * v) * -0.5)
        if m is _Scalar:                # GCC left this one uncontracted in the scalar loop
            return gv * (cdf + v * pdf)
        return gv * fma(v, pdf, cdf)
    return elementwise(kernel, g, x)


def _gelu_inner(v):
    return _GELU_BETA * fma(_GELU_KAPPA, (v * v) * v, v)


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    """x/2 (1 + tanh(beta (x + kappa x^3))), the tanh form of ATen's gelu."""
    return elementwise(lambda m, v: (0.5 * v) * (1.0 + m.tanh(_gelu_inner(v))), x)


def gelu_tanh_backward(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """g (left' + right'), ATen's GeluBackwardKernelImpl (tanh)."""
    def kernel(m, gv, v):
        t = m.tanh(_gelu_inner(v))
        left = 0.5 * v
        left_d = 0.5 * (1.0 + t)
        tanh_d = fma(-t, t, 1.0)
        inner_d = _GELU_BETA * fma(3.0 * _GELU_KAPPA, v * v, 1.0)
        return gv * (left_d + (left * tanh_d) * inner_d)
    return elementwise(kernel, g, x)


def elu(x: np.ndarray, alpha: float, scale: float, input_scale: float) -> np.ndarray:
    """expm1(x input_scale) alpha scale where x <= 0, else x scale (ATen's Elu.h)."""
    neg = alpha * scale
    return elementwise(lambda m, v: np.where(v > 0, v * scale, m.expm1(v * input_scale) * neg),
                       x)


def elu_backward(g: np.ndarray, b: np.ndarray, alpha: float, scale: float,
                 input_scale: float, is_result: bool) -> np.ndarray:
    """g input_scale (b + alpha scale) from the result b, or g input_scale alpha scale
    exp(b input_scale) from the input b, where b <= 0; else g scale."""
    neg = alpha * scale

    def kernel(m, gv, v):
        if is_result:
            curve = (gv * input_scale) * (v + neg)
        else:
            curve = ((gv * input_scale) * neg) * m.exp(v * input_scale)
        return np.where(v > 0, gv * scale, curve)
    return elementwise(kernel, g, b)


def mish(x: np.ndarray) -> np.ndarray:
    """x tanh(log1p(exp(x))), ATen's mish kernel."""
    return elementwise(lambda m, v: v * m.tanh(m.log1p(m.exp(v))), x)


def mish_backward(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """g (t + x s (1 - t^2)), s = sigmoid(x), t = tanh(log1p(exp(x)))."""
    def kernel(m, gv, v):
        s = _sigmoid(m, v)
        t = m.tanh(m.log1p(m.exp(v)))
        return gv * fma(v * s, fma(-t, t, 1.0), t)
    return elementwise(kernel, g, x)


def glu(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / (1 + exp(-b)) on the halves (views) of glu's input, ATen's glu kernel."""
    return elementwise(lambda m, u, v: u * _sigmoid(m, v), a, b)
