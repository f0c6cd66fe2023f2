"""Special functions (lgamma, digamma, polygamma, erfinv, xlog1py, float_power, heaviside),
more reductions (nansum, nanmean, std_mean, var_mean, dist, logcumsumexp, cummax, cummin),
products and stacking (vdot, tensordot, baddbmm, diag_embed, dstack, trapezoid) and the
non-differentiable counting ops (searchsorted, bucketize, unique, unique_consecutive,
bincount, histc, histogram, argwhere). NumPy has no gamma
family, so digamma follows PyTorch's own algorithm (recurrence to x >= 10, then the asymptotic
series), polygamma(n >= 1) sums the Hurwitz zeta function by recurrence plus Euler-Maclaurin,
lgamma uses the C library's lgamma (else `math.lgamma`) and erfinv refines a rational first
guess with Halley steps on `math.erf`/`math.erfc`. float32 digamma, polygamma and lgamma
(below EXACT_ELEMENTS) run ATen's float kernels instead, bit for bit:
calc_digamma/calc_trigamma/cephes' zeta in float, SLEEF's lgammaf (vecmath); float64
polygamma(n >= 1) runs ATen's double calc_trigamma and cephes' zeta (`trigamma_f64`,
`polygamma_f64`), whose bits PyTorch prints. Where PyTorch
composes an op (nanmean, float_power, tensordot, dstack, trapezoid) it is composed here from
gradcli ops the same way, so the result node and its edges match PyTorch's.
"""
from __future__ import annotations

import builtins
import math
import warnings

import numpy as np

from .. import dtypes, vecmath
from ..autograd.graph import Node
from ..autograd.hooks import one_cpp_call
from ..fpmath import fma
from ..errors import (TorchAssertionError, TorchIndexError, TorchNotImplementedError,
                      TorchRuntimeError, TorchTypeError, warn_once)
from .._tensor import _CPP_NAMES, Tensor
from ..argparser import checked
from .core import (apply, aten_composite, bf16_op, bf16_scalar, binary, binary_args,
                   broadcast_check, broadcast_error, maybe_multiply, promoted, reduced_result,
                   refuse_complex, refuse_low_precision, round_op, tangent_difference,
                   to_tensor, wrap, wrap_dim)
from .arith import DivBackward1, MulBackward1
from .reduce import (_ReturnTypes, _dtype_cast, _expand_back, _grad_enabled,
                     _var_args, in_dtype, norm_backward, norm_jvp, reduce_dims, vector_norm_np)
from .registry import binary as binary_samples
from .registry import category, fixed, register, unary
from .sumorder import EXACT_ELEMENTS
from .unary import check_tensor, float_cast, quiet

_PI = math.pi
_F64 = np.dtype(np.float64)


def _float_of(x, arr):
    """arr (computed in float64) in the float dtype of array x."""
    return np.asarray(arr, dtype=x.dtype if x.dtype.kind == "f" else _F64)


# -- gamma family ------------------------------------------------------------------------------

category("special functions")


def _lgamma1(v: float) -> float:
    try:
        return math.lgamma(v)
    except (ValueError, OverflowError):
        return math.inf                    # the poles 0, -1, -2, ...


_lgamma_u = np.frompyfunc(_lgamma1, 1, 1)


def lgamma_np(x):
    """CPython's math.lgamma elementwise (inf at the poles)."""
    return np.asarray(_lgamma_u(np.asarray(x, dtype=_F64)), dtype=_F64)


_lgamma_py = lgamma_np


def lgamma_c(x):
    """std::lgamma in double: the C library's (glibc's lgamma differs from CPython's own
    math.lgamma in the last bit, e.g. at 0.5), else math.lgamma. (PyTorch's AVX kernels run
    SLEEF's lgamma, which is not ported: it differs from glibc's in ~1/3 of last bits.)"""
    return vecmath.libm64("lgamma", np.asarray(x, dtype=_F64), lgamma_np)


_PSI_10 = 2.25175258906672110764
_PSI_A = (8.33333333333333333333E-2, -2.10927960927960927961E-2, 7.57575757575757575758E-3,
          -4.16666666666666666667E-3, 3.96825396825396825397E-3, -8.33333333333333333333E-3,
          8.33333333333333333333E-2)


def _shift_up(x, limit, term):
    """(sum of term(x + k) over the k that bring x up to >= limit, x shifted): the upward
    recurrence, run as a loop over the whole array (each pass moves every x still below)."""
    acc = np.zeros_like(x)
    low = x < limit
    while low.any():
        acc[low] += term(x[low])
        x = np.where(low, x + 1.0, x)
        low = x < limit
    return acc, x


@quiet
def digamma_np(x):
    """PyTorch's calc_digamma on an array: reflection below 0, recurrence up to 10, then the
    asymptotic series (cephes' coefficients)."""
    x = np.asarray(x, dtype=_F64)
    neg = x < 0
    frac = np.modf(x)[0]
    pos = np.where(neg, 1.0 - x, x)
    acc, z = _shift_up(pos, 10.0, lambda v: -1.0 / v)
    zz = 1.0 / (z * z)
    poly = np.zeros_like(z)
    for a in _PSI_A:
        poly = poly * zz + a
    tail = np.where(z < 1e17, zz * poly, 0.0)
    r = np.where(z == 10.0, acc + _PSI_10, acc + np.log(z) - 0.5 / z - tail)
    r = np.where(neg, r - _PI / np.tan(_PI * frac), r)
    r = np.where(x == 0, np.copysign(np.inf, -x), r)
    return np.where(neg & (x == np.trunc(x)), np.nan, r)


_F32 = np.float32
_PSI_A32 = tuple(_F32(a) for a in _PSI_A)


@quiet
def _digamma_pos_f32(x):
    """calc_digamma<float> for x > 0, in float as ATen computes it: the recurrence to
    x >= 10, glibc's logf, the series by Horner with fused multiply-adds (GCC contracts
    cephes' polevl), the terms subtracted in turn."""
    acc = np.zeros_like(x)
    low = x < 10
    while low.any():
        acc = np.where(low, acc - _F32(1) / x, acc).astype(_F32)
        x = np.where(low, x + _F32(1), x).astype(_F32)
        low = x < 10
    z = (_F32(1) / (x * x)).astype(_F32)
    poly = np.zeros_like(x)
    for a in _PSI_A32:
        poly = fma(poly, z, a)
    head = ((acc + vecmath.libm("logf", x, np.log)) - _F32(0.5) / x).astype(_F32)
    r = np.where(x < _F32(1e17), head - z * poly, head).astype(_F32)
    return np.where(x == 10, acc + _F32(_PSI_10), r).astype(_F32)


@quiet
def digamma_f32(x):
    """PyTorch's calc_digamma(float) (the float32 kernel; it differs from the double one
    rounded by up to thousands of units in the last place near the root 1.4616)."""
    neg = x < 0
    frac = np.modf(x.astype(np.float64))[0]
    cot = (_PI / np.tan(_PI * frac)).astype(_F32)       # pi / tan(pi r) in double
    r = _digamma_pos_f32(np.where(neg, _F32(1) - x, x).astype(_F32))
    r = np.where(neg, r - cot, r)
    r = np.where(x == 0, np.copysign(_F32(np.inf), -x), r)
    r = np.where(neg & (x == np.trunc(x)), _F32(np.nan), r)
    return np.where(np.isnan(x), x, r).astype(_F32)


@quiet
def trigamma_f32(x):
    """PyTorch's calc_trigamma(float): reflection below 1/2 (glibc's sinf), six steps of
    the recurrence, then the asymptotic series, with GCC's fused multiply-adds."""
    refl = x < _F32(0.5)
    s = vecmath.libm("sinf", (_F32(_PI) * x).astype(_F32), np.sin)
    r = np.where(refl, _F32(0) - (_F32(_PI) * _F32(_PI)) / (s * s), _F32(0)).astype(_F32)
    x = np.where(refl, _F32(1) - x, x).astype(_F32)
    for _ in range(6):
        r = (r + _F32(1) / (x * x)).astype(_F32)
        x = (x + _F32(1)).astype(_F32)
    ixx = (_F32(1) / (x * x)).astype(_F32)
    inner = fma(-ixx, fma(-ixx, _F32(1 / 42), _F32(1 / 30)), _F32(1 / 6))
    r = (r + fma(ixx, inner, (_F32(1) + _F32(1) / (_F32(2) * x)).astype(_F32)) / x)
    return np.where(refl, -r, r).astype(_F32)


_ZETA_A = (12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9,
           7.47242496e10, -2.950130727918164224e12, 1.1646782814350067249e14,
           -4.5979787224074726105e15, 1.8152105401943546773e17, -7.1661652561756670113e18)
_MACHEP = 1.11022302462515654042E-16


@quiet
def _zeta_f32(s_: int, q):
    """ATen's zeta<float>(s, q) (cephes): q**-s by powf, then terms summed in double until
    one is below MACHEP of the sum (at least 9, and up to q >= 9), then Euler-Maclaurin
    with twelve Bernoulli terms; rounded to float."""
    return _zeta(float(_F32(s_)), np.asarray(q, _F32).reshape(-1)).astype(_F32)


@quiet
def _zeta_f64(s_: int, q):
    """ATen's zeta<double>(s, q): `_zeta_f32`'s steps in double throughout."""
    return _zeta(float(s_), np.asarray(q, _F64).reshape(-1))


def _zeta(x, q):
    """cephes' zeta(x, q) as ATen runs it, in double, for q of the kernel's dtype (its first
    power q**-x is the C library's powf for float, pow for double); x a number or an array
    broadcast to q's shape (torch.special.zeta)."""
    x = np.broadcast_to(np.asarray(x, np.float64), q.shape)
    if q.dtype == _F32:
        s = vecmath.powf(q, (-x).astype(_F32)).astype(np.float64)
    else:
        s = _pow(q, -x)
    a, b = q.astype(np.float64), np.zeros(q.shape)
    pole = (q <= 0) & (q == np.floor(q))
    # below _NEG_LIMIT the series would take |q| steps: nan there, as gradcli's float64 one
    out = np.where((pole & ~(x < 1)) | (x == 1), np.inf, np.nan)    # (x < 1: nan, before
    # cephes looks at q's poles)
    live = ~pole & ~((q < _NEG_LIMIT) & (q != np.floor(q))) & ~(x <= 1) & \
        ~((q <= 0) & (x != np.floor(x)))

    def settle(hit):
        out[hit] = s[hit]
        live[hit] = False
    i, run = 0, np.nonzero(live)[0]
    while run.size:                         # the direct sum, on the terms still running
        i += 1
        a[run] += 1.0
        b[run] = _pow(a[run], -x[run])
        s[run] += b[run]
        settle(run[(-_MACHEP * s[run] < b[run]) & (b[run] < _MACHEP * s[run])])
        run = run[live[run] & ((i < 9) | (a[run] <= 9.0))]
    w = a
    s = s + b * w / (x - 1.0) - 0.5 * b
    a, k = np.ones(q.shape), 0.0
    for coef in _ZETA_A:
        a = a * (x + k)
        b = b / w
        t = a * b / coef
        s = s + t
        settle(live & (np.abs(t / s) < _MACHEP))
        k += 1.0
        a = a * (x + k)
        b = b / w
        k += 1.0
    out[live] = s[live]
    return out


def _pow(a, b):
    """double pow as the C library computes it (NumPy's may differ in the last bit), below
    EXACT_ELEMENTS."""
    return vecmath.pow64(a, b) if a.size < EXACT_ELEMENTS else a ** b


def zeta_np(x, q):
    """The Hurwitz zeta function sum_k (q + k)^-x elementwise (ATen's kernel: in double,
    rounded to q's dtype, float32 or float64)."""
    dt = np.result_type(x, q)
    x, q = np.broadcast_arrays(np.asarray(x, dt), np.asarray(q, dt))
    with np.errstate(all="ignore"):
        out = _zeta(x.reshape(-1).astype(np.float64), q.reshape(-1).copy())
    return out.reshape(x.shape).astype(dt)


def polygamma_f32(n: int, x):
    """ATen's calc_polygamma<float> for n >= 2: (+-1) expf(lgammaf(n + 1)) zeta(n + 1, x),
    in float."""
    fact = vecmath.libm("expf", vecmath.libm("lgammaf", np.asarray([n + 1], _F32),
                                             _lgamma_py), np.exp)[0]
    sign = _F32(1 if n % 2 else -1)
    return (_F32(sign * fact) * _zeta_f32(n + 1, x).reshape(np.shape(x))).astype(_F32)


def polygamma_f64(n: int, x):
    """ATen's calc_polygamma<double> for n >= 2: (+-1) exp(lgamma(n + 1)) zeta(n + 1, x),
    with the C library's exp and lgamma."""
    fact = vecmath.libm64("exp", vecmath.libm64("lgamma", np.asarray([n + 1.0]),
                                                _lgamma_py), np.exp)[0]
    sign = 1.0 if n % 2 else -1.0
    return (sign * fact) * _zeta_f64(n + 1, x).reshape(np.shape(x))


@quiet
def trigamma_f64(x):
    """PyTorch's calc_trigamma(double): `trigamma_f32`'s steps in double (the C library's
    sin for the reflection below 1/2; at a negative integer that makes a huge finite value,
    not inf, as there)."""
    x = np.asarray(x, _F64)
    refl = x < 0.5
    s = np.ones_like(x)
    if refl.any():
        s[refl] = vecmath.libm64("sin", _PI * x[refl], np.sin)
    r = np.where(refl, 0.0 - (_PI * _PI) / (s * s), 0.0)
    x = np.where(refl, 1.0 - x, x)
    for _ in range(6):
        r = r + 1.0 / (x * x)
        x = x + 1.0
    ixx = 1.0 / (x * x)
    inner = fma(-ixx, fma(-ixx, 1.0 / 42, 1.0 / 30), 1.0 / 6)
    r = r + fma(ixx, inner, 1.0 + 1.0 / (2.0 * x)) / x
    return np.where(refl, -r, r)


def _f32_kernel(x) -> bool:
    return x.dtype == np.float32 and x.size < EXACT_ELEMENTS


_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510,
              43867 / 798, -174611 / 330)
_NEG_LIMIT = -1e5                 # below this, polygamma(n >= 2, x) is not summed (nan)


@quiet
def hurwitz_zeta_np(s: int, q):
    """zeta(s, q) = sum_k (q + k)^-s for an integer s >= 2: the first terms summed until
    q >= 20 + s, the rest by Euler-Maclaurin with ten Bernoulli terms."""
    q = np.asarray(q, dtype=_F64)
    far = q < _NEG_LIMIT
    acc, z = _shift_up(np.where(far, 0.5, q), 20.0 + s, lambda v: v ** -s)
    r = acc + z ** (1 - s) / (s - 1) + 0.5 * z ** -s
    coef, power = float(s), z ** (-s - 1)
    for j, b in enumerate(_BERNOULLI, 1):
        r = r + b / math.factorial(2 * j) * coef * power
        coef *= (s + 2 * j - 1) * (s + 2 * j)
        power = power / (z * z)
    r = np.where((q <= 0) & (q == np.floor(q)), np.inf, r)
    return np.where(far | np.isnan(q), np.nan, r)


@quiet
def polygamma_np(n: int, x):
    """psi^(n)(x) = (-1)^(n+1) n! zeta(n+1, x) for n >= 1 (reflection for n = 1, x < 0)."""
    x = np.asarray(x, dtype=_F64)
    if n == 0:
        return digamma_np(x)
    sign = 1.0 if n % 2 else -1.0
    if n == 1:
        neg = x < 0
        r = hurwitz_zeta_np(2, np.where(neg, 1.0 - x, x))
        reflected = (_PI / np.sin(_PI * x)) ** 2 - r
        r = np.where(neg, np.where(x == np.floor(x), np.inf, reflected), r)
        return r
    return sign * math.factorial(n) * hurwitz_zeta_np(n + 1, x)


class LgammaBackward0(Node):
    """d/dx lgamma(x) = digamma(x)"""

    save_inputs = (0,)

    def forward(self, x):
        if _f32_kernel(x):
            return vecmath.lgamma(x)        # SLEEF's lgammaf_u1 (ATen's vec::map, no tail)
        if x.dtype == np.float64 and x.size < EXACT_ELEMENTS:
            from .special_kernels import lgamma64
            return lgamma64(x)              # SLEEF's lgamma_u1 (Sleef_lgammad8_u10)
        return _float_of(x, lgamma_c(x))

    def backward(self, g):
        (x,) = self.saved
        return g * digamma(x)


class DigammaBackward0(Node):
    """d/dx digamma(x) = polygamma(1, x)"""

    save_inputs = (0,)

    def forward(self, x):
        if _f32_kernel(x):
            return digamma_f32(x)
        return _float_of(x, digamma_np(x))

    def backward(self, g):
        (x,) = self.saved
        return g * polygamma(1, x)


class PolygammaBackward0(Node):
    """d/dx polygamma(n, x) = polygamma(n + 1, x)"""

    save_inputs = (0,)

    def forward(self, x):
        if _f32_kernel(x):
            if self.n >= 2:
                return polygamma_f32(self.n, x)
            return (trigamma_f32 if self.n else digamma_f32)(x)
        if x.dtype == _F64 and self.n:          # ATen's double kernels
            return trigamma_f64(x) if self.n == 1 else polygamma_f64(self.n, x)
        return _float_of(x, polygamma_np(self.n, x))

    def backward(self, g):
        (x,) = self.saved
        return g * polygamma(self.n + 1, x)


def _unary_float(cls, x, name, **params):
    x = check_tensor(x, name)
    return apply(cls, (x,), float_cast(x), **params)


@register("lgamma", grad_fn="LgammaBackward0", method=True,
          namespaces=("torch", "special:gammaln"), sample=unary(0.3, 4.0))
def lgamma(input):
    """d/dx lgamma(x) = digamma(x); log|Gamma(x)|, inf at the poles"""
    refuse_complex("lgamma", input)
    return _unary_float(LgammaBackward0, input, "lgamma")


@register("digamma", grad_fn="DigammaBackward0", method=True,
          namespaces=("torch", "special:digamma", "special:psi"), sample=unary(0.3, 4.0))
def digamma(input):
    """d/dx digamma(x) = polygamma(1, x); digamma = d/dx lgamma"""
    refuse_complex("digamma", input)
    return _unary_float(DigammaBackward0, input, "digamma")


def _polygamma(input, n):
    if not isinstance(n, int) or isinstance(n, bool):
        raise TorchRuntimeError(f"polygamma(): argument 'n' must be int, not "
                                f"{type(n).__name__}")
    if n < 0:
        raise TorchRuntimeError("polygamma(n, x) does not support negative n.")
    refuse_complex(("digamma", "trigamma")[n] if n < 2 else "polygamma", input)
    return _unary_float(PolygammaBackward0, input, "polygamma", n=n)


@register("polygamma", grad_fn="PolygammaBackward0", namespaces=("torch", "special:polygamma"),
          sample=fixed(((0, (3,)), {}), ((1, (2, 3)), {}), ((2, (3,)), {}), ((3, ()), {}),
                       lo=0.3, hi=4.0))
def polygamma(n, input):
    """d/dx polygamma(n, x) = polygamma(n + 1, x); the n-th derivative of digamma"""
    return _polygamma(input, n)


def _polygamma_method(self, n):
    return _polygamma(self, n)


_polygamma_method.__name__ = _polygamma_method.__qualname__ = "polygamma"
Tensor.polygamma = checked(_polygamma_method, "polygamma", True)   # (PyTorch's parser words)


# -- erfinv ------------------------------------------------------------------------------------

_ERF = np.frompyfunc(math.erf, 1, 1)
_ERFC = np.frompyfunc(math.erfc, 1, 1)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_GILES_LOW = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
              -0.00125372503, -0.00417768164, 0.246640727, 1.50140941)
_GILES_HIGH = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
               -0.0076224613, 0.00943887047, 1.00167406, 2.83297682)


def _horner(coefs, w):
    p = np.zeros_like(w)
    for c in coefs:
        p = p * w + c
    return p


@quiet
def erfinv_np(x):
    """Giles' single-precision approximation (erfc's asymptotic expansion solved by fixed
    point in the far tail), then three Halley steps on erf(y) = a (on
    erfc(y) = 1 - a for a >= 0.5, where 1 - a is exact), for a = |x|."""
    x = np.asarray(x, dtype=_F64)
    a = np.abs(x)
    inside = a < 1
    a_in = np.where(inside, a, 0.0)
    w = -np.log((1.0 - a_in) * (1.0 + a_in))
    y = np.where(w < 5.0, _horner(_GILES_LOW, w - 2.5),
                 _horner(_GILES_HIGH, np.sqrt(w) - 3.0)) * a_in
    tail = w > 16.0                   # past the approximation's range: erfc's asymptotics
    t = np.where(tail, 1.0 - a_in, 0.5)
    z = np.sqrt(-np.log(t))
    for _ in range(4):
        z = np.sqrt(-np.log(t) - np.log(z * math.sqrt(math.pi)) + np.log1p(-0.5 / (z * z)))
    y = np.where(tail, z, y)
    upper = a_in >= 0.5
    for _ in range(3):
        yf = y.astype(object)
        resid = np.where(upper, -(np.asarray(_ERFC(yf), dtype=_F64) - (1.0 - a_in)),
                         np.asarray(_ERF(yf), dtype=_F64) - a_in)
        step = resid / (_TWO_OVER_SQRT_PI * np.exp(-y * y))
        y = y - step / (1.0 + y * step)
    y = np.where(a == 1, np.inf, np.where(inside, y, np.nan))
    return np.copysign(y, x)


class ErfinvBackward0(Node):
    """d/dx erfinv(x) = sqrt(pi)/2 * exp(erfinv(x)^2)  (PyTorch saves x and computes
    erfinv(x) again in the backward: an ErfinvBackward0 in a create_graph backward)"""

    save_inputs = (0,)

    def forward(self, x):
        return _float_of(x, erfinv_np(x))

    def backward(self, g):
        (x,) = self.saved
        return 0.5 * math.sqrt(math.pi) * x.erfinv().pow(2).exp() * g


@register("erfinv", grad_fn="ErfinvBackward0", method=True,
          namespaces=("torch", "special:erfinv"), sample=unary(-0.9, 0.9))
def erfinv(input):
    """d/dx erfinv(x) = sqrt(pi)/2 * exp(erfinv(x)^2); erf(erfinv(x)) = x on (-1, 1)"""
    refuse_complex("erfinv", input)
    return _unary_float(ErfinvBackward0, input, "erfinv")


# -- xlog1py, expit, float_power, heaviside -------------------------------------------------

@quiet
def _xlog1py_np(x, y, bf16=False):
    """x * log1p(y), 0 where x is 0 (unless y is nan). `bf16`: the bfloat16 kernel's steps
    (std::log1p of a BFloat16 gives a BFloat16, then the product)."""
    dt = np.result_type(x, y)
    with np.errstate(all="ignore"):
        if dt == np.float32:                    # ATen's scalar loop: x * log1pf(y)
            y32 = np.broadcast_to(np.asarray(y, _F32), np.broadcast_shapes(np.shape(x),
                                                                             np.shape(y)))
            log = vecmath.libm("log1pf", y32, np.log1p)
            if bf16:
                log = round_op(log)
            prod = (np.asarray(x, _F32) * log).astype(_F32)
        elif dt == np.float64 and np.size(y) < EXACT_ELEMENTS:   # x * std::log1p(y)
            prod = x * vecmath.libm64("log1p", np.asarray(y, np.float64), np.log1p)
        else:
            prod = x * np.log1p(y)
    return np.where((x == 0) & ~np.isnan(y), 0.0, prod).astype(dt)


class SpecialXlog1PyBackward0(Node):
    """d x*log1p(y) = g*log1p(y) (0 where x = 0), g*x/(1 + y)"""

    save_inputs = (0, 1)
    bf16 = False

    def forward(self, x, y):
        return _xlog1py_np(x, y, self.bf16)

    def jvp(self, inputs, tangents, out):
        """PyTorch's forward formula: xlog1py(self_t, other_p) (0 where self_p = 0 and
        other_p <= -1) + other_t * self_p / (other_p + 1); a missing self_t is zeros there,
        a missing other_t drops its term (an efficient zero tensor)."""
        (x, y), (tx, ty) = inputs, tangents
        if tx is None:
            from .creation import zeros_like
            tx = zeros_like(x.detach())
        total = xlog1py(tx, y).masked_fill(wrap((x._data == 0) & (y._data <= -1)), 0.0)
        return total if ty is None else total + ty * x / (y + 1)

    def backward(self, g):
        x, y = self.saved
        gx = gy = None
        if self.needs(1):           # other's first (PyTorch takes the names alphabetically)
            shifted = y + 1         # (and C++ makes `/`'s right operand first)
            gy = g * x / shifted
        if self.needs(0):
            gx = xlog1py(g, y).masked_fill(wrap((x._data == 0) & (y._data <= -1)), 0.0)
        return gx, gy


class SpecialXlog1PyBackward1(Node):
    """d c*log1p(y) = g*c/(1 + y)  (c a number)"""

    save_inputs = (0,)
    bf16 = False

    def forward(self, y):
        return _xlog1py_np(bf16_scalar(self.self_, self.bf16, y.dtype), y, self.bf16)

    def backward(self, g):
        (y,) = self.saved
        return g * self.self_ / (y + 1)


class SpecialXlog1PyBackward2(Node):
    """d x*log1p(c) = xlog1py(g, c), 0 where x = 0 unless c > -1  (c a number:
    derivatives.yaml's other_scalar formula)"""

    save_inputs = (0,)
    bf16 = False

    def forward(self, x):
        return _xlog1py_np(x, bf16_scalar(self.other, self.bf16, x.dtype), self.bf16)

    def backward(self, g):
        (x,) = self.saved
        r = apply(SpecialXlog1PyBackward2, (g,), other=self.other, bf16=reduced_result(g))
        return r if self.other > -1 else r.masked_fill(x == 0, 0.0)


_NUMBER = (int, float)


@register("xlog1py", grad_fn="SpecialXlog1PyBackward0", namespaces=("special:xlog1py",),
          sample=binary_samples(-2.0, 2.0, -0.5, 2.0))
def xlog1py(input, other):
    """x*log1p(y) (0 where x = 0): d/dx = log1p(y), d/dy = x/(1 + y)"""
    refuse_complex("xlog1py", input, other,         # (a complex number beside a tensor
                   numbers=isinstance(input, Tensor) or isinstance(other, Tensor))  # too)
    if isinstance(input, _NUMBER) and isinstance(other, Tensor):
        y = other if other._data.dtype.kind == "f" else other.to(dtypes.get_default_dtype())
        return apply(SpecialXlog1PyBackward1, (y,), self_=float(input), bf16=reduced_result(y))
    x = check_tensor(input, "special_xlog1py")
    if isinstance(other, _NUMBER):
        x = x if x._data.dtype.kind == "f" else x.to(dtypes.get_default_dtype())
        return apply(SpecialXlog1PyBackward2, (x,), other=float(other), bf16=reduced_result(x))
    y = to_tensor(other)
    if x._data.dtype.kind != "f" and y._data.dtype.kind != "f":
        x, y = x.to(dtypes.get_default_dtype()), y.to(dtypes.get_default_dtype())
    if not reduced_result(x, y):
        return binary(SpecialXlog1PyBackward0, x, y)
    broadcast_check(x, y)
    x, y, cast = binary_args(x, y)
    return apply(SpecialXlog1PyBackward0, (x, y), cast, bf16=True)


class SpecialEntrBackward0(Node):
    """d/dx -x log x = -(1 + log x)"""

    save_inputs = (0,)

    def forward(self, x):
        with np.errstate(divide="ignore", invalid="ignore"):
            pos = np.where(x > 0, x, 1)
            log = vecmath.libm("logf", pos, np.log) if x.dtype == _F32 else np.log(pos)
            out = np.where(x > 0, -x * log, 0).astype(x.dtype)    # ATen: -x * logf(x)
        out[x < 0] = -np.inf
        out[np.isnan(x)] = np.nan
        return out

    def backward(self, g):
        (x,) = self.saved
        with np.errstate(divide="ignore", invalid="ignore"):
            return g * -(x.log() + 1)


@register("entr", grad_fn="SpecialEntrBackward0", namespaces=("special:entr",),
          sample=unary(0.1, 3.0))
def entr(input):
    """-x log x (0 at 0, -inf below): d/dx = -(1 + log x)"""
    refuse_complex("entr", input)
    x = check_tensor(input, "special_entr")
    return apply(SpecialEntrBackward0, (x,), float_cast(x))


@register("ndtr", grad_fn="MulBackward1", namespaces=("special:ndtr",), sample=unary(-3.0, 3.0))
@aten_composite                 # C++: Scalar overloads (MulBackward1 ...)
def ndtr(input):
    """the standard normal CDF, (1 + erf(x/sqrt 2)) / 2 (PyTorch's composite, so its graph):
    d/dx = exp(-x^2/2)/sqrt(2 pi)"""
    refuse_complex("erf", input)
    from .unary import erf
    x = check_tensor(input, "special_ndtr")
    if x._data.dtype.kind not in "fc":
        x = x.to(dtypes.get_default_dtype())
    return (erf(x * math.sqrt(0.5)) + 1) * 0.5


def _log_ndtr_np(x):
    """log of the normal CDF, accurate in the far left tail (erfc, then the asymptotic
    series where erfc underflows)."""
    out = np.empty_like(x)
    flat, res = x.reshape(-1), out.reshape(-1)
    for i, v in enumerate(flat.tolist()):
        if v > -20:
            res[i] = math.log(0.5 * math.erfc(-v / math.sqrt(2))) if v < 5 else \
                math.log1p(-0.5 * math.erfc(v / math.sqrt(2)))
        else:       # log(phi(v)/-v) + log(1 - 1/v^2 + 3/v^4 - 15/v^6)
            t = 1 / (v * v)
            res[i] = (-0.5 * v * v - math.log(-v) - 0.5 * math.log(2 * math.pi)
                      + math.log1p(-t + 3 * t * t - 15 * t * t * t))
    return out


class SpecialLogNdtrBackward0(Node):
    """d/dx log ndtr(x) = exp(-x^2/2 - log ndtr(x)) / sqrt(2 pi)"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        if x.dtype in (np.float32, np.float64):
            from .special_kernels import log_ndtr as aten_log_ndtr
            return aten_log_ndtr(x)                 # ATen's calc_log_ndtr, bit for bit
        return _log_ndtr_np(x)

    def backward(self, g):
        x, y = self.saved               # derivatives.yaml's formula, right operands first
        e = (y + x.pow(2) / 2).neg().exp()
        return g / math.sqrt(2 * math.pi) * e


@register("log_ndtr", grad_fn="SpecialLogNdtrBackward0", namespaces=("special:log_ndtr",),
          sample=unary(-3.0, 3.0))
def log_ndtr(input):
    """log of the standard normal CDF: d/dx = exp(-x^2/2 - log_ndtr(x))/sqrt(2 pi)"""
    refuse_complex("log_ndtr", input)
    x = check_tensor(input, "special_log_ndtr")
    refuse_low_precision("log_ndtr", x)
    return apply(SpecialLogNdtrBackward0, (x,), float_cast(x))


@register("expit", grad_fn="SigmoidBackward0", namespaces=("special:expit",), sample=unary())
def expit(input):
    """d/dx expit(x) = expit(x)(1 - expit(x)); torch.special's name for sigmoid"""
    from .activation import sigmoid
    return sigmoid(check_tensor(input, "special_expit"))


@register("float_power", grad_fn="PowBackward0", method=True, sample=fixed(
    (((3,), 2), {}), (((2, 3), 0.5), {}), (((3,), (3,)), {}), ((1.5, (2, 3)), {}),
    lo=0.5, hi=2.0))
def float_power(input, exponent):
    """pow computed in float64: d/dx = c x^(c-1), d/dc = x^c log x"""
    f64, number = dtypes.float64, float
    if any(isinstance(t, Tensor) and t.dtype.is_complex or isinstance(t, complex)
           for t in (input, exponent)):
        f64, number = dtypes.complex128, complex    # PyTorch: complex operands (a Python
    if not isinstance(input, Tensor):               # complex too) in complex double
        return number(input) ** check_tensor(exponent, "float_power", "exponent", 2).to(f64)
    if isinstance(exponent, Tensor):
        return input.to(f64) ** exponent.to(f64)
    return input.to(f64) ** number(exponent)


def _no_derivative(name: str):
    """A node PyTorch records for an op without a derivative: backward raises (naming the
    in-place form when its wrapper set the node's `aten_name`)."""
    def backward(self, g):
        raise TorchRuntimeError(f"derivative for aten::{getattr(self, 'aten_name', name)} is "
                                "not implemented")
    return backward


HeavisideNode = type("NotImplemented", (Node,), {
    "__doc__": "heaviside has no derivative (PyTorch records a NotImplemented node)",
    "elementwise": True,
    "forward": lambda self, x, v: np.where(x == 0, v, (x > 0).astype(x.dtype)).astype(
        np.result_type(x, v)),
    "backward": _no_derivative("heaviside"),
    "_qualified": True,         # name() is torch::autograd::NotImplemented
})


@register("heaviside", grad_fn="NotImplemented", method=True, differentiable=False)
def heaviside(input, values):
    """step: values where x = 0, 0 below, 1 above; not differentiable (backward raises)"""
    refuse_complex("heaviside", input, values)
    x, v = check_tensor(input, "heaviside"), check_tensor(values, "heaviside", "values", 2)
    if x._data.dtype != v._data.dtype:
        raise TorchRuntimeError("heaviside is not yet implemented for tensors with different "
                                "dtypes.")
    try:
        np.broadcast_shapes(x._data.shape, v._data.shape)
    except ValueError:
        raise broadcast_error(x._data.shape, v._data.shape) from None
    return apply(HeavisideNode, (x, v))


# -- reductions --------------------------------------------------------------------------------

category("reduction")


class NansumBackward0(Node):
    """d nansum(x) = g expanded to x's shape, 0 where x is nan"""

    save_inputs = (0,)

    def forward(self, x):
        if x.dtype.kind == "f":             # ATen's cascade sum, nan read as 0: sum's order
            from .sumorder import torch_sum
            z = x.copy(order="K")
            z[np.isnan(z)] = 0
            return np.asarray(torch_sum(z, axis=self.dims, keepdims=self.keepdim), x.dtype)
        r = np.nansum(x, axis=self.dims, keepdims=self.keepdim)
        return np.asarray(r, dtype=np.int64 if x.dtype.kind in "biu" else x.dtype)

    def backward(self, g):
        (x,) = self.saved
        shape = x._data.shape
        dims = self.dims if self.dims is not None else tuple(range(len(shape)))
        keep = wrap((~np.isnan(x._data)).astype(g._data.dtype))
        return _expand_back(g, shape, dims, self.keepdim) * keep


def _dims_or_none(dim, x):
    return None if dim is None else reduce_dims(dim, x)


@register("nansum", grad_fn="NansumBackward0", method=True, sample=fixed(
    (((2, 3),), {}), (((2, 3), 1), {}), (((2, 3), [0, 1], True), {})))
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """sum treating nan as 0: d/dx = 1 (0 where x is nan)"""
    refuse_complex("nansum", input)
    x = check_tensor(input, "nansum")
    dims = _dims_or_none(dim, x)
    if dtype is not None and x._data.dtype.kind == "f" and dtypes.to_dtype(dtype).is_complex:
        # ATen's nansum of integers is sum; its float kernel has no complex result
        raise TorchNotImplementedError(f"\"nansum_cpu\" not implemented for "
                                       f"'{dtypes.to_dtype(dtype).legacy}'")
    return in_dtype(apply(NansumBackward0, (x,), _dtype_cast(x, dtype), dims=dims,
                          keepdim=keepdim, as_given={"dim": dim}), dtype, x)


@register("nanmean", grad_fn="DivBackward0", method=True, sample=fixed(
    (((2, 3),), {}), (((2, 3), 1), {}), (((2, 3), 0, True), {})))
def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """nansum(x) / (number of non-nan): d/dx = 1/count (0 where x is nan)"""
    refuse_complex("nansum", input)
    x = check_tensor(input, "nanmean")
    if x._data.dtype.kind not in "fc":
        raise TorchRuntimeError(f"nanmean(): expected input to have floating point or complex "
                                f"dtype but got {x.dtype.legacy}")
    if dtype is not None:
        from .reduce import _float_input
        _float_input(wrap(np.zeros((), dtypes.to_dtype(dtype).np)), "nanmean", "Optional")
    dims = _dims_or_none(dim, x)
    count = np.sum(~np.isnan(x._data), axis=dims, keepdims=keepdim, dtype=np.int64)
    return nansum(x, dim, keepdim, dtype=dtype) / wrap(np.asarray(count))


class _MomentMean(Node):
    """(var or std, mean) in one node: ATen's std_mean_backward/var_mean_backward (an output
    nothing uses passes no gradient; std's is 0 where std is 0)."""

    save_inputs = (0,)
    n_outputs = 2
    materialize_grads = False

    @quiet
    def forward(self, x):
        from .moments import var_std        # ATen's order: var/std and mean as it rounds them
        with warnings.catch_warnings():     # NumPy's mean of no elements: nan, quietly
            warnings.simplefilter("ignore", RuntimeWarning)
            first, mean = var_std(x, self.dims, self.correction, self.keepdim,
                                  self.take_root, with_mean=True)
        if np.iscomplexobj(first):          # a complex input's var/std is real
            first = np.array(np.real(first))
        return first, mean

    def backward(self, g_first, g_mean):
        x = self.saved[0]
        shape = x._data.shape
        dims = self.dims if self.dims is not None else tuple(range(len(shape)))
        n = int(np.prod([shape[d] for d in dims]))
        grad = None
        if g_first is not None:
            g = g_first
            if self.take_root:                  # std_backward of the saved std: g / (2 std),
                s = self.saved[1]               # 0 where std is 0
                with np.errstate(all="ignore"):
                    g = (g / (s * 2)).masked_fill(s == 0, 0)
            from .reduce import var_backward    # ATen's var_mean_backward calls it
            grad = var_backward(g, x, self.dims, self.correction, self.keepdim)
        if g_mean is not None:
            part = _expand_back(g_mean / n, shape, dims, self.keepdim)
            grad = part if grad is None else grad + part
        if grad is not None and grad._data.dtype != x._data.dtype:
            grad = grad.to(x.dtype)             # the engine's cast (ToCopyBackward0)
        return grad

    complex_backward = backward     # ATen's var/std_mean_backward, complex x included

    def jvp(self, inputs, tangents, out):
        """PyTorch's formulas: var's tangent (var_backward of the tangent, summed), over
        2 std for std with 0 where std is 0; the mean of the tangent"""
        (x,), (t,) = inputs, tangents
        if x._data.dtype.kind == "c":
            return NotImplemented
        from .reduce import _var_tangent
        first = _var_tangent(self, x, t)
        if self.take_root:
            with np.errstate(all="ignore"):
                first = (first / (2.0 * out[0])).masked_fill(wrap(out[0]._data == 0), 0)
        dims = tuple(range(x._data.ndim)) if self.dims is None else self.dims
        return first, t.mean(dims, keepdim=self.keepdim)


class StdMeanBackward0(_MomentMean):
    """d (std, mean) = g_s (x - mean)/((N - c) std) + g_m / N"""

    take_root = True
    save_output = True
    saved_results = (0,)                # std_mean_backward takes the std it returned


class VarMeanBackward0(_MomentMean):
    """d (var, mean) = g_v 2(x - mean)/(N - c) + g_m / N"""

    take_root = False


@one_cpp_call
def _moment_mean(cls, name, input, dim, unbiased, keepdim, correction):
    x = check_tensor(input, name)
    params = _var_args(x, dim, unbiased, keepdim, correction, name)
    return apply(cls, (x,), **params)


@register("std_mean", grad_fn="StdMeanBackward0", sample=fixed(
    (((4,),), {}), (((2, 3), 1), {}), (((2, 3), 0), {"correction": 0, "keepdim": True})))
def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(std, mean): d/dx = g_s (x - mean)/((N - c) std) + g_m/N"""
    return _moment_mean(StdMeanBackward0, "std_mean", input, dim, unbiased, keepdim, correction)


@register("var_mean", grad_fn="VarMeanBackward0", sample=fixed(
    (((4,),), {}), (((2, 3), 1), {}), (((2, 3), 0), {"correction": 0, "keepdim": True})))
def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(var, mean): d/dx = g_v 2(x - mean)/(N - c) + g_m/N"""
    return _moment_mean(VarMeanBackward0, "var_mean", input, dim, unbiased, keepdim, correction)


class DistBackward0(Node):
    """d ||a - b||_p = g * d|d|^(p-2)/||d||^(p-1), minus that for b  (d = a - b)"""

    save_inputs = (0, 1)
    save_output = True
    bf16 = False                # PyTorch's norm(a - b, p) takes a - b rounded to bfloat16

    @quiet
    def forward(self, a, b):
        diff = a - b
        if self.bf16:
            diff = round_op(diff)
        if diff.size and diff.dtype.kind == "f":
            return vector_norm_np(diff, self.p, None, False)      # PyTorch: norm(a - b, p)
        d = np.abs(diff).ravel()
        p = self.p
        if p == 0:
            r = np.count_nonzero(d)
        elif p == math.inf:
            r = d.max(initial=0.0)
        elif p == -math.inf:
            r = d.min(initial=math.inf) if d.size else 0.0
        elif p == 1:
            r = d.sum()
        elif p == 2:
            r = np.sqrt(np.sum(d * d))
        else:
            r = np.sum(d ** p) ** (1.0 / p)
        return np.asarray(r, dtype=np.real(np.zeros(0, np.result_type(a, b))).dtype)

    def backward(self, g):
        a, b, y = self.saved
        if self.needs(0) and self.needs(1) and _grad_enabled():
            # building a graph: PyTorch's two formulas, each with its own a - b, other's
            # first (its code generator takes the inputs alphabetically); their graphs and
            # so the roundings of a second derivative are then PyTorch's
            gb = _negated(norm_backward(g, a - b, self.p, y, None, True))
            return norm_backward(g, a - b, self.p, y, None, True), gb
        r = norm_backward(g, a - b, self.p, y, None, True)
        return (r if self.needs(0) else None), (_negated(r) if self.needs(1) else None)

    def jvp(self, inputs, tangents, out):
        """PyTorch's norm_jvp(self_p - other_p, self_t - other_t, p, result) (p = 1 and 2;
        the generic rule otherwise); a missing tangent is an efficient zero"""
        if self.p not in (1.0, 2.0) or self.bf16 or out._data.dtype.kind != "f":
            return NotImplemented
        (a, b), (ta, tb) = inputs, tangents
        t = tangent_difference(ta, tb, max(a._data.ndim, b._data.ndim),
                               np.result_type(a._data, b._data))
        return norm_jvp(a - b, t, self.p, out, None, False)


def _negated(r):
    """-r for other's gradient; p = 0 has none, and PyTorch's `-grad` refuses to negate it."""
    if r is None:
        raise TorchRuntimeError("Expected a proper Tensor but got None (or an undefined Tensor "
                                "in C++) for argument #0 'self'")
    return -r


@register("dist", grad_fn="DistBackward0", method=True, sample=fixed(
    (((3,), (3,)), {}), (((2, 3), (3,)), {}), (((2, 3), (2, 3), 3), {}),
    (((3,), (3,), 1), {}), (((2, 2), (2, 2), float("inf")), {})))
def dist(input, other, p=2):
    """p-norm of a - b: d/da = d|d|^(p-2)/||d||^(p-1), d/db = minus that"""
    a = check_tensor(input, "dist")
    b = check_tensor(other, "dist", "other", 2)
    try:
        shape = np.broadcast_shapes(a._data.shape, b._data.shape)
    except ValueError:
        raise broadcast_error(a._data.shape, b._data.shape) from None
    from .arith import _check_bool_sub          # PyTorch's dist is norm(a - b, p)
    _check_bool_sub(a, b)
    cast = promoted(a, b)
    diff = dtypes.from_numpy(a._data.dtype if cast is None else cast)
    if diff.category < 2:
        raise TorchRuntimeError(f"norm(): input dtype should be either floating point or "
                                f"complex. Got {diff.legacy} instead.")
    if isinstance(p, complex):
        raise TorchRuntimeError("linalg.vector_norm: Expected a non-complex scalar as the "
                                "order of norm.")
    if 0 in shape:
        from .reduce import _check_empty_norm
        _check_empty_norm(wrap(np.zeros(shape)), float(p), None, None)
    return apply(DistBackward0, (a, b), cast, p=float(p), bf16=reduced_result(a, b),
                 as_given={"p": p if type(p) is int else float(p)})     # (a Scalar)


def _log_add_exp(x, y):
    """ATen's _log_add_exp_helper(x, y): log1p(exp(min - max)) + max, nan from y first (as
    std::min/max order them), x itself where both are the same infinity."""
    y_nan = np.isnan(y)
    low = np.where(y_nan, y, np.where(y < x, y, x))
    high = np.where(y_nan, y, np.where(x < y, y, x))
    if x.dtype == np.float64 and x.size < EXACT_ELEMENTS:      # the C library's, as ATen's
        term = vecmath.libm64("log1p", vecmath.libm64("exp", low - high, np.exp), np.log1p)
    else:
        term = np.log1p(np.exp(low - high))
    return np.where((low != high) | np.isfinite(low), term + high, x)


def _log_add_exp_complex(x, y):
    """ATen's complex _log_add_exp_helper: log1p(exp(min - max)) + max, min and max by the
    real parts (y the min on a tie); nan for a nan; where both real parts are the same
    infinity, min for -inf (its angle is meaningless) and log(exp(min) + exp(max)) for +inf."""
    y_nan, x_nan = np.isnan(y), np.isnan(x)
    y_low = ~(x.real < y.real)
    low = np.where(y_nan, y, np.where(x_nan, x, np.where(y_low, y, x)))
    high = np.where(y_nan, y, np.where(x_nan, x, np.where(y_low, x, y)))
    with np.errstate(all="ignore"):
        term = np.log1p(np.exp(low - high)) + high
        both_inf = np.log(np.exp(low) + np.exp(high))
    same_inf = ~np.isfinite(low.real) & (low.real == high.real)
    out = np.where(same_inf, np.where(low.real < 0, low, both_inf), term)
    return np.where(np.isnan(low), complex(np.nan, np.nan), out)


class LogcumsumexpBackward0(Node):
    """d logcumsumexp(x)_j / dx_i = exp(x_i - y_j) for j >= i"""

    save_inputs = (0,)
    save_output = True

    @quiet
    def forward(self, x):
        if x.size == 0 or x.ndim == 0:       # a 0-d x is its own logcumsumexp
            return x.copy()
        # ATen's loop: the running value in the accumulate type (double for float32, float
        # for float16), each output rounded from it
        acc_dt = np.float32 if x.dtype == np.float16 else np.float64
        if x.dtype.kind == "c":
            acc_dt = np.complex128
        xs = np.moveaxis(x, self.dim, 0).astype(acc_dt)
        out = np.empty(xs.shape, x.dtype)
        cum = np.full(xs.shape[1:], -np.inf, acc_dt)
        add = _log_add_exp_complex if x.dtype.kind == "c" else _log_add_exp
        for i in range(xs.shape[0]):
            cum = add(xs[i], cum)
            out[i] = cum
        return np.asarray(np.moveaxis(out, 0, self.dim), order="C")    # as PyTorch's

    def backward(self, g):
        x, y = self.saved
        d = self.dim
        if x._data.size == 0 or x._data.ndim == 0:
            return g
        # PyTorch's logcumsumexp_backward: the positive and the negative parts of g in log
        # space, each through a reversed logcumsumexp, so no exp overflows
        from .activation import where
        lowest = wrap(np.asarray(np.finfo(g._data.dtype).min, g._data.dtype))
        log_abs = g.abs().log()
        log_pos = where(g > 0, log_abs, lowest)
        log_neg = where(g < 0, log_abs, lowest)

        def reverse(t):
            return logcumsumexp(t.flip(d), d).flip(d)
        return (reverse(log_pos - y) + x).exp() - (reverse(log_neg - y) + x).exp()

    def jvp(self, inputs, tangents, out):
        """PyTorch's logcumsumexp_jvp: cumsum(e * t) / (cumsum(e) + 1e-13), e = exp(x - max),
        its steps in place as PyTorch's (e *= t after cumsum(e): reverse mode through the
        tangent then fails on exp's changed result, as PyTorch's)"""
        x, t = inputs[0], tangents[0]
        d = self.dim
        if x._data.size == 0 or x._data.ndim == 0:
            return t
        if x._data.dtype.kind == "c":           # at::amax takes no complex numbers
            e = x.exp()
        else:
            e = (x - x.amax(d, keepdim=True)).exp()
        cum = e.cumsum(d)
        e.mul_(t)
        return e.cumsum(d).div_(cum.add_(1e-13))


@register("logcumsumexp", grad_fn="LogcumsumexpBackward0", method=True, sample=fixed(
    (((4,), 0), {}), (((2, 3), 1), {}), (((3, 2), 0), {})))
def logcumsumexp(input, dim):
    """log(cumsum(exp(x))) along dim: d y_j/d x_i = exp(x_i - y_j) for j >= i"""
    x = check_tensor(input, "logcumsumexp")
    d = wrap_dim(dim, x._data.ndim)         # PyTorch checks the dim first
    if x._data.dtype.kind not in "fc":
        raise TorchNotImplementedError(f'"logcumsumexp_out_cpu" not implemented for '
                                       f"'{x.dtype.legacy}'")
    return apply(LogcumsumexpBackward0, (x,), dim=d if x._data.ndim else 0,
                 as_given={"dim": dim})


class _CumExtreme(Node):
    """Running max or min along dim; backward scatters g to where each value came from."""

    save_inputs = (0,)              # PyTorch's cummaxmin_backward keeps self

    def forward(self, x):
        if x.ndim == 0:
            self.index.append(np.zeros((), dtype=np.int64))
            self._extra = self.index[0]          # kept for backward, released after it
            return x.copy()
        d = self.dim
        xs = np.moveaxis(x, d, 0)
        vals, idx = np.empty_like(xs), np.zeros(xs.shape, dtype=np.int64)
        if xs.shape[0]:
            cur, at = xs[0].copy(), np.zeros(xs.shape[1:], dtype=np.int64)
            for i in range(xs.shape[0]):
                v = xs[i]
                with np.errstate(invalid="ignore"):
                    better = (v >= cur) if self.take_max else (v <= cur)
                take = np.isnan(v) | (~np.isnan(cur) & better)
                cur = np.where(take, v, cur)
                at = np.where(take, i, at)
                vals[i], idx[i] = cur, at
        self.index.append(np.asarray(np.moveaxis(idx, 0, d), order="C"))  # contiguous, as
        self._extra = self.index[0]              # PyTorch's; kept for backward, released after
        return np.asarray(np.moveaxis(vals, 0, d), order="C")

    def backward(self, g):
        index = self.extra                       # PyTorch's saved indices: a second pass fails
        x, = self.saved
        if not x._data.size:                     # ATen returns self itself when it is empty
            return x
        zeros = wrap(np.zeros(g._data.shape, dtype=g._data.dtype))
        return zeros.scatter_add(self.dim, wrap(index), g)


CummaxBackward0 = type("CummaxBackward0", (_CumExtreme,), {"take_max": True,
                       "__doc__": "d cummax(x) = g added at the index of each running max"})
CumminBackward0 = type("CumminBackward0", (_CumExtreme,), {"take_max": False,
                       "__doc__": "d cummin(x) = g added at the index of each running min"})


def _cum_extreme(cls, kind, input, dim):
    x = check_tensor(input, kind)
    # (ATen's cummax_out returns an empty result before it wraps dim)
    d = wrap_dim(dim, x._data.ndim) if x._data.size and x._data.ndim else 0
    if x._data.ndim == 0 and dim not in (0, -1):
        raise TorchIndexError(f"{kind}(): Expected reduction dim -1 or 0 for scalar but got "
                              f"{dim}")
    if x._data.size:                        # (the kernel's: not reached when empty)
        refuse_complex(kind, x)
    index: list = []                        # forward puts the indices here
    values = apply(cls, (x,), dim=d, index=index, as_given={"dim": dim})
    indices = wrap(np.asarray(index[0], dtype=np.int64))
    from ..autograd.graph import watch_indices     # (PyTorch saves them)
    watch_indices(values, indices)
    return _ReturnTypes(values, indices, kind)


@register("cummax", grad_fn="CummaxBackward0", method=True, sample=fixed(
    (((5,), 0), {}), (((2, 4), 1), {}), (((3, 2), 0), {})))
def cummax(input, dim):
    """running max along dim -> (values, indices): d/dx = g added at each max's index"""
    return _cum_extreme(CummaxBackward0, "cummax", input, dim)


@register("cummin", grad_fn="CumminBackward0", method=True, sample=fixed(
    (((5,), 0), {}), (((2, 4), 1), {})))
def cummin(input, dim):
    """running min along dim -> (values, indices): d/dx = g added at each min's index"""
    return _cum_extreme(CumminBackward0, "cummin", input, dim)


# -- products ----------------------------------------------------------------------------------

category("linear algebra")


class VdotBackward0(Node):
    """d vdot(a, b) = g*b, g*a  (real tensors: vdot is dot)"""

    bilinear = True         # forward AD: vdot(t_a, b) + vdot(a, t_b), PyTorch's formula
    same_dtype = "dot : expected both vectors to have same dtype"
    save_inputs = (0, 1)
    saved_if = ((1,), (0,))

    def forward(self, a, b):
        if a.dtype.kind != "c":             # ATen's vdot of real vectors is its dot
            from .linalg import dot_values
            return dot_values(a, b)
        return np.asarray(np.vdot(a, b))

    def backward(self, g):
        a, b = self.saved
        return (g * b if self.needs(0) else None), (g * a if self.needs(1) else None)


@register("vdot", grad_fn="VdotBackward0", method=True, sample=fixed((((3,), (3,)), {})))
def vdot(input, other):
    """sum(conj(a)*b) of two vectors: d/da = b, d/db = a (real)"""
    a, b = check_tensor(input, "vdot"), check_tensor(other, "vdot", "other", 2)
    from .linalg import check_dot_operands
    check_dot_operands(a, b)
    return apply(VdotBackward0, (a, b))


def _tensordot_dims(dims, na: int, nb: int):
    """(dims of a, dims of b) as torch.functional.tensordot reads `dims`, then as the
    _VF.tensordot it calls parses them (two lists of ints)."""
    if not isinstance(dims, (tuple, list, Tensor, int)):
        raise TorchRuntimeError("tensordot expects dims to be int or tuple[list[int], list[int]] "
                                f"or list[list[int]] containing two lists, but got dims={dims}")
    if isinstance(dims, Tensor):
        if dims.numel() > 1:
            if dims.size()[0] != 2:
                raise TorchAssertionError("dims tensor must have size 2 in first dimension, got "
                                          f"{dims.size()[0]}")
            dims = dims[0].tolist(), dims[1].tolist()
        else:
            count = int(dims.item())
            if count < 0:
                raise TorchRuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
            return list(range(-count, 0)), list(range(count))
    if isinstance(dims, int):
        if dims < 0:
            raise TorchRuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > builtins.min(na, nb):
            raise TorchRuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got "
                                    f"dims={dims}")
        return list(range(-dims, 0)), list(range(dims))
    da, db = dims
    da, db = _int_list(da, "dims_self", 3), _int_list(db, "dims_other", 4)
    if len(da) != len(db):
        raise TorchRuntimeError("both dimension lists should have same length")
    return da, db


def _int_list(dims, name: str, position: int) -> list:
    """dims as _VF.tensordot's parser takes an int[] argument, with its TypeError"""
    where = f"tensordot(): argument '{name}' (position {position}) must be tuple of ints"
    if not isinstance(dims, (tuple, list)):
        raise TorchTypeError(f"{where}, not {type(dims).__name__}")
    for i, d in enumerate(dims):
        if not isinstance(d, int):
            raise TorchTypeError(f"{where}, but found element of type {type(d).__name__} at "
                                 f"pos {i}")
    return list(dims)


@register("tensordot", grad_fn="ViewBackward0", sample=fixed(
    (((2, 3, 4), (3, 4, 2)), {}), (((2, 3), (3, 2)), {"dims": 1}),
    (((3, 2, 4), (4, 3)), {"dims": ([0, 2], [1, 0])}), (((3,), (3,)), {"dims": 1}),
    (((2,), (3,)), {"dims": 0}), (((2, 1), (3, 4)), {"dims": ([1], [0])})))
def tensordot(a, b, dims=2, out=None):
    """sum over paired dims of a and b (composed: permute, reshape, mm, view, as PyTorch)"""
    a, b = check_tensor(a, "tensordot"), check_tensor(b, "tensordot", "b", 2)
    na, nb = a._data.ndim, b._data.ndim
    da, db = _tensordot_dims(dims, na, nb)
    if a._data.dtype != b._data.dtype:
        raise TorchRuntimeError("both inputs should have same dtype")
    t1, t2, csize = a, b, 1
    for i, j in zip(da, db):
        s1, s2 = a.size(i), b.size(j)           # (ATen's: each dim checked in turn)
        if s2 == 1:                         # broadcast dims are summed right away
            t1 = t1.sum(i, True)
        elif s1 == 1:
            t2 = t2.sum(j, True)
        elif s1 != s2:
            raise TorchRuntimeError(f"contracted dimensions need to match, but first has size "
                                    f"{s1} in dim {i} and second has size {s2} in dim {j}")
        else:
            csize *= s1
    ca = {wrap_dim(i, na) for i in da}
    cb = {wrap_dim(j, nb) for j in db}
    free_a = [i for i in range(na) if i not in ca]
    free_b = [j for j in range(nb) if j not in cb]
    rsizes = [t1._data.shape[i] for i in free_a] + [t2._data.shape[j] for j in free_b]
    size1 = int(np.prod([t1._data.shape[i] for i in free_a]))
    size2 = int(np.prod([t2._data.shape[j] for j in free_b]))
    order1 = free_a + [wrap_dim(i, na) for i in da]
    order2 = [wrap_dim(j, nb) for j in db] + free_b
    if size1 == 1 and size2 == 1:
        p1, p2 = t1.permute(order1), t2.permute(order2)
        if _flat_view(p1) and _flat_view(p2):   # PyTorch: a dot of the flattened operands
            r = p1.flatten().dot(p2.flatten())
        else:                                   # or, where flattening would copy, mul + sum
            r = (p1.squeeze() * p2.squeeze()).sum()
    else:                                       # each operand permuted and reshaped in turn
        m1 = t1.permute(order1).reshape(size1, csize)
        r = m1.mm(t2.permute(order2).reshape(csize, size2))
    return r.reshape(rsizes)


def _flat_view(t: Tensor) -> bool:
    """Whether t can be flattened without a copy."""
    a = t._data
    return a.ndim <= 1 or a.flags.c_contiguous or np.shares_memory(a.reshape(-1), a)


class BaddbmmBackward0(Node):
    """d (beta*C + alpha*A@B) batched = beta*g, alpha*g@B^T, alpha*A^T@g"""

    save_inputs = (1, 2)
    saved_if = ((2,), (1,))

    def forward(self, c, a, b):
        from .linalg import BMM_LOOP_PRODUCTS, _bmm
        (n, p, k), m = a.shape, b.shape[2]
        if a.dtype in (np.float32, np.float64) and 0 < k * p * m < BMM_LOOP_PRODUCTS:
            # ATen's plain loop (baddbmm_cpu_kernel): the products added in turn from 0,
            # then c * beta + alpha * sum (beta 0: c ignored), every step rounded
            total = _bmm(a, b)
            if self.alpha != 1:
                total = a.dtype.type(self.alpha) * total
            if self.beta == 0:
                return np.ascontiguousarray(total)
            cb = np.broadcast_to(c, total.shape)
            return (cb * a.dtype.type(self.beta) if self.beta != 1 else cb) + total
        from .more import BLAS_DTYPES, blas_scaled_c
        if self.alpha == 0 and a.dtype in BLAS_DTYPES and not bf16_op[0] and \
                k * p * m >= BMM_LOOP_PRODUCTS:                 # gemm reads no operand
            return blas_scaled_c(c, (n, p, m), self.beta)
        prod = np.matmul(a, b)
        if self.alpha != 1:
            prod = prod * self.alpha
        if self.beta == 0:
            return np.ascontiguousarray(prod)
        return (prod + (c if self.beta == 1 else c * self.beta)).astype(prod.dtype)

    def backward(self, g):
        # PyTorch's: batch1's, batch2's, then self's (alphabetical), alpha multiplying the
        # product (maybe_multiply)
        a, b = self.saved
        g1 = maybe_multiply(g.bmm(b.transpose(1, 2)), self.alpha) if self.needs(1) else None
        g2 = maybe_multiply(a.transpose(1, 2).bmm(g), self.alpha) if self.needs(2) else None
        return (maybe_multiply(g, self.beta) if self.needs(0) else None), g1, g2

    def jvp(self, inputs, tangents, out):
        """PyTorch's: beta self_t + alpha batch1_t.bmm(batch2_p) + alpha batch1_p.bmm(batch2_t)"""
        from .more import affine_product_jvp
        return affine_product_jvp(self, inputs, tangents, lambda x, y: x.bmm(y), np.matmul)


@register("baddbmm", grad_fn="BaddbmmBackward0", method=True, sample=fixed(
    (((2, 3, 4), (2, 3, 5), (2, 5, 4)), {}),
    (((3, 1), (2, 3, 2), (2, 2, 1)), {"beta": 0.5, "alpha": -2.0})))
def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta*C + alpha*A@B per batch: d/dC = beta g, d/dA = alpha g B^T, d/dB = alpha A^T g"""
    c = check_tensor(input, "baddbmm")
    a = check_tensor(batch1, "baddbmm", "batch1", 2)
    b = check_tensor(batch2, "baddbmm", "batch2", 3)
    from .more import _expand_check             # ATen's meta function: input expanded first
    _expand_check(c, (a.size(0), a.size(1), b.size(2)))
    if c._data.dtype != a._data.dtype:
        raise TorchRuntimeError("Input dtypes must be the same, got: " + ", ".join(
            f"{name}{_CPP_NAMES[t.dtype.name]}" for name, t in
            (("input ", c), ("batch1: ", a), ("batch2: ", b))))
    for name, m in (("batch1", a), ("batch2", b)):
        if m._data.ndim != 3:
            raise TorchRuntimeError(f"{name} must be a 3D tensor")
    (n, p, k), (n2, k2, m) = a._data.shape, b._data.shape
    if (n2, k2) != (n, k):
        raise TorchRuntimeError(f"Expected size for first two dimensions of batch2 tensor to "
                                f"be: [{n}, {k}] but got: [{n2}, {k2}].")
    if b._data.dtype != a._data.dtype:                  # the kernel's data_ptr<scalar_t>
        raise TorchRuntimeError(f"expected scalar type {c.dtype.legacy} but found "
                                f"{b.dtype.legacy}")
    cast = promoted(c, a, b)
    dt = np.result_type(c._data, a._data, b._data) if cast is None else cast
    beta, alpha = (dtypes.kernel_scalar(s, dt, "baddbmm") for s in (beta, alpha))
    return apply(BaddbmmBackward0, (c, a, b), cast, beta=beta, alpha=alpha)


# -- shapes ------------------------------------------------------------------------------------

category("shape")


class DiagEmbedBackward0(Node):
    """d diag_embed(x) = the diagonal of g"""

    linear = True           # forward AD: the op on the tangent, in its own dtype

    def forward(self, x):
        n, off = x.shape[-1] + abs(self.offset), self.offset
        out = np.zeros(x.shape[:-1] + (n, n), dtype=x.dtype)
        i = np.arange(x.shape[-1])
        out[..., i + builtins.max(-off, 0), i + builtins.max(off, 0)] = x
        return np.moveaxis(out, (-2, -1), (self.dim1, self.dim2)).copy()

    def backward(self, g):
        return g.diagonal(self.offset, self.dim1, self.dim2)


@register("diag_embed", grad_fn="DiagEmbedBackward0", method=True, sample=fixed(
    (((3,),), {}), (((2, 3),), {"offset": 1}), (((2, 2),), {"offset": -1, "dim1": 0,
                                                            "dim2": 2})))
def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """the last dim of x placed on a diagonal of (dim1, dim2): d/dx = that diagonal of g"""
    x = check_tensor(input, "diag_embed")
    nd = x._data.ndim + 1
    d1, d2 = wrap_dim(dim1, nd), wrap_dim(dim2, nd)
    if d1 == d2:
        raise TorchRuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    if x._data.ndim == 0:
        x = x.reshape(1)
    return apply(DiagEmbedBackward0, (x,), offset=offset, dim1=d1, dim2=d2,
                 as_given={"dim1": dim1, "dim2": dim2})


@register("dstack", grad_fn="CatBackward0", sample=fixed(
    (([(3,), (3,)],), {}), (([(2, 3), (2, 3, 2)],), {}), (([(), ()],), {})))
def dstack(tensors):
    """cat along dim 2 after atleast_3d: d/dx_i = the matching slice of g"""
    from .shape import atleast_3d_of, cat, stacked_list
    return cat([atleast_3d_of(t) for t in stacked_list(tensors, "dstack")], 2)


# -- trapezoid ---------------------------------------------------------------------------------

category("reduction")


def _scale(x: Tensor, c: float) -> Tensor:
    return apply(MulBackward1, (x,), other=c)


def _slices(y: Tensor, d: int):
    """(y[..., :-1, ...], y[..., 1:, ...]) along dim d (both empty when y is)."""
    n = max(y._data.shape[d] - 1, 0)
    return y.narrow(d, 0, n), y.narrow(d, min(1, n), n)


def _trapezoid_dx(y: Tensor, x, d: int, name: str = "trapezoid") -> Tensor:
    """The spacing x[1:] - x[:-1] of sample points x, viewed to line up with y along d."""
    x = check_tensor(x, name, "x", 2)
    ny = y._data.ndim
    if x._data.ndim == 1:
        if x._data.shape[0] != y._data.shape[d]:
            raise TorchRuntimeError(f"{name}: There must be one `x` value for each sample "
                                    "point")
        shape = [1] * ny
        shape[d] = x._data.shape[0]
        x = x.view(shape)
    elif x._data.ndim < ny:
        x = x.view((1,) * (ny - x._data.ndim) + x._data.shape)
    left, right = _slices(x, d)
    return right - left


def _trapezoid_args(y, dim, name="trapezoid", x=None):
    """(y, dim): an integer y read in the default float dtype, as PyTorch's formula's
    `* 0.5` promotes it (its sum of integers is exact before; equal for all but huge ones).
    A bool y, or x tensor, is refused (naming both when x is a tensor)."""
    y = check_tensor(y, name)
    if isinstance(x, Tensor):
        if y._data.dtype == np.bool_ or x._data.dtype == np.bool_:
            raise TorchRuntimeError(f"{name}: received a bool input for `x` or `y`, but bool "
                                    "is not supported")
    elif y._data.dtype == np.bool_:
        raise TorchRuntimeError(f"{name}: received a bool input for `y`, but bool is not "
                                "supported")
    if y._data.dtype.kind in "iu":
        from ..dtypes import get_default_dtype
        y = y.to(get_default_dtype())
    return y, wrap_dim(dim, y._data.ndim)


@register("trapezoid", grad_fn="MulBackward1", aliases=("trapz",), sample=fixed(
    (((4,),), {}), (((2, 4),), {"dx": 0.5}), (((3, 2),), {"dim": 0}),
    (((4,), (4,)), {}), (((2, 3), (3,)), {}), (((2, 3), (2, 3)), {"dim": 0})))
def trapezoid(y, x=None, *, dx=None, dim=-1):
    """trapezoid rule along dim (composed as PyTorch): d/dy = dx, halved at the ends"""
    if isinstance(y, Tensor) and y._data.ndim == 0:
        raise TorchIndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    y, d = _trapezoid_args(y, dim, x=x)
    if y._data.shape[d] == 0:
        return wrap(np.zeros(y._data.shape[:d] + y._data.shape[d + 1:], dtype=y._data.dtype))
    if x is not None and not isinstance(x, _NUMBER):
        spacing = _trapezoid_dx(y, x, d)        # (PyTorch's order of nodes: x's, then y's)
        left, right = _slices(y, d)
        return apply(DivBackward1, (((left + right) * spacing).sum(d),), other=2.0)
    step = float(1 if dx is None else dx) if x is None else float(x)
    # (y.sum(d) - (y.select(d, 0) + y.select(d, -1)) * 0.5) * dx in C++: GCC makes each
    # operator's right operand first, so the nodes are made last end, first end, ...
    last = y.select(d, -1)
    half = _scale(y.select(d, 0) + last, 0.5)
    return _scale(y.sum(d) - half, step)


@register("cumulative_trapezoid", grad_fn="CumsumBackward0", sample=fixed(
    (((4,),), {}), (((2, 4),), {"dx": 0.5}), (((4,), (4,)), {}), (((2, 3), (3,)), {})))
def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """running trapezoid rule along dim (composed as PyTorch): d/dy = cumulative dx/2 sums"""
    if isinstance(y, Tensor) and y._data.ndim == 0:
        raise TorchIndexError("slice() cannot be applied to a 0-dim tensor.")
    y, d = _trapezoid_args(y, dim, "cumulative_trapezoid", x)
    if x is not None and not isinstance(x, _NUMBER):
        spacing = _trapezoid_dx(y, x, d, "cumulative_trapezoid")       # (PyTorch's order of nodes: x's, then y's)
        left, right = _slices(y, d)
        return apply(DivBackward1, (((left + right) * spacing).cumsum(dim),), other=2.0)
    left, right = _slices(y, d)
    step = float(1 if dx is None else dx) if x is None else float(x)
    return _scale(left + right, step / 2.0).cumsum(dim)         # (its node keeps dim as given)


# -- gradient ----------------------------------------------------------------------------------

category("shape")


def _cut(t: Tensor, d: int, start: int, end=None) -> Tensor:
    """ATen's slice(t, d, start, end): Python's clamping of negative and large bounds."""
    start, end, _ = slice(start, end).indices(t._data.shape[d])
    return t.narrow(d, start, max(end - start, 0))


def _gradient_dims(x: Tensor, spacing, dim, edge_order: int) -> list[int]:
    """The dims to differentiate along, after ATen's checks of the arguments (its order)."""
    nd = x._data.ndim
    if x._data.dtype == np.uint8:
        raise TorchRuntimeError("torch.gradient does not support uint8 input.")
    if isinstance(spacing, (list, tuple)):
        if dim is None and len(spacing) != nd:
            raise TorchRuntimeError(
                "torch.gradient expected spacing to be unspecified, a scalar, or a list of "
                f"length equal to 'self.dim() = {nd}', since dim argument was not given, but "
                f"got a list of length {len(spacing)}")
        count = len(dim) if isinstance(dim, (list, tuple)) else 1
        if dim is not None and len(spacing) != count:
            raise TorchRuntimeError(
                "torch.gradient expected spacing to be unspecified, a scalar or it's spacing "
                "and dim arguments to have the same length, but got a spacing argument of "
                f"length {len(spacing)} and a dim argument of length {count}.")
    if edge_order not in (1, 2):
        raise TorchRuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    if dim is None:
        dims = list(range(nd))
    elif isinstance(dim, (list, tuple)):
        from .core import wrap_dims
        wrap_dims(dim, nd)                      # its range and repeats checks
        dims = [wrap_dim(d, nd) for d in dim]
    else:
        dims = [wrap_dim(dim, nd)]
    if any(x._data.shape[d] < edge_order + 1 for d in dims):
        raise TorchRuntimeError("torch.gradient expected each dimension size to be at least "
                                "edge_order+1")
    return dims


def _by(t: Tensor, c, node=MulBackward1) -> Tensor:
    """t * c (t / c with DivBackward1) for a number c, as ATen's Tensor-Scalar op records it
    (a formula's `x * 2.0` is MulBackward0: Python's torch makes the number a tensor)."""
    if t._data.dtype.kind != "f":             # an integer input: no graph, the usual result
        return t * c if node is MulBackward1 else t / c
    return apply(node, (t,), other=float(c))


def _over(t: Tensor, c) -> Tensor:
    return _by(t, c, DivBackward1)


def _gradient_uniform(x: Tensor, d: int, h, edge_order: int) -> Tensor:
    """Central differences over a uniform step h (ATen's gradient_helper_float). Each
    expression is built in the order GCC evaluates ATen's C++ (an operator's right operand
    first), so the nodes, and the order their gradients reach x, are PyTorch's."""
    below = _cut(x, d, 0, -2)
    center = _over(_cut(x, d, 2) - below, h)
    if edge_order == 1:
        below = _cut(x, d, 0, 1)
        first = _over(_cut(x, d, 1, 2) - below, h)
        below = _cut(x, d, -2, -1)
        last = _over(_cut(x, d, -1) - below, h)
    else:               # (s[0:1]*-1.5 + s[1:2]*2 - s[2:3]*0.5) / h
        third = _by(_cut(x, d, 2, 3), 0.5)
        second = _by(_cut(x, d, 1, 2), 2)
        first = _over(_by(_cut(x, d, 0, 1), -1.5) + second - third, h)
        third = _by(_cut(x, d, -1), 1.5)          # (s[-3:-2]*0.5 - s[-2:-1]*2 + s[-1:]*1.5) / h
        second = _by(_cut(x, d, -2, -1), 2)
        last = _over(_by(_cut(x, d, -3, -2), 0.5) - second + third, h)
    from .shape import cat
    return cat([first, _over(center, 2), last], d)


def _weighted_sum(x: Tensor, d: int, weights, cuts) -> Tensor:
    """w0*x[c0] + w1*x[c1] + w2*x[c2], built as C++ evaluates it: the last term first."""
    terms = [None] * 3
    for i in (2, 1, 0):
        terms[i] = weights[i] * _cut(x, d, *cuts[i])
    return terms[0] + terms[1] + terms[2]


def _gradient_points(x: Tensor, d: int, coords: Tensor, edge_order: int) -> Tensor:
    """Second-order differences over sample points (ATen's gradient_helper): each interior
    value weighs its two neighbours by the spacings on either side. Built in the order of
    ATen's C++ as GCC evaluates it (right operands first; each `ax_dx[i]` a select of its
    own), as `_gradient_uniform`."""
    if coords._data.ndim != 1:
        raise TorchRuntimeError("torch.gradient expected each element of spacing to have one "
                                f"dimension, but got an element with {coords._data.ndim} "
                                "dimensions!")
    shape = [1] * x._data.ndim
    shape[d] = -1
    step = coords.diff(1, 0)
    dx1, dx2 = _cut(step, 0, 0, -1), _cut(step, 0, 1)
    den = dx1 * (dx1 + dx2)
    a = (-dx2 / den).reshape(shape)                     # -dx2 / (dx1*(dx1+dx2))
    den = dx1 * dx2
    b = ((dx2 - dx1) / den).reshape(shape)              # (dx2-dx1) / (dx1*dx2)
    den = dx2 * (dx1 + dx2)
    c = (dx1 / den).reshape(shape)                      # dx1 / (dx2*(dx1+dx2))
    center = _weighted_sum(x, d, (a, b, c), ((0, -2), (1, -1), (2,)))
    if edge_order == 1:
        h = step[0]
        below = _cut(x, d, 0, 1)
        first = (_cut(x, d, 1, 2) - below) / h
        h = step[-1]
        below = _cut(x, d, -2, -1)
        last = (_cut(x, d, -1) - below) / h
    else:
        def pair(i, j):                 # (ax_dx[i], ax_dx[j]) as `ax_dx[i] op ax_dx[j]` makes them
            right = step[j]
            return step[i], right

        # a = -(2.0*s0 + s1) / (s0*(s0 + s1))
        s0, s1 = pair(0, 1)
        inner = s0 + s1
        den = step[0] * inner
        s1 = step[1]
        a = -(_by(step[0], 2.0) + s1) / den
        s0, s1 = pair(0, 1)                             # b = (s0 + s1) / (s0*s1)
        den = s0 * s1
        s0, s1 = pair(0, 1)
        b = (s0 + s1) / den
        s0, s1 = pair(0, 1)                             # c = (-s0) / (s1*(s0 + s1))
        inner = s0 + s1
        den = step[1] * inner
        c = (-step[0]) / den
        first = _weighted_sum(x, d, (a, b, c), ((0, 1), (1, 2), (2, 3)))
        # a = s_1 / (s_2*(s_1 + s_2)), with s_1 = ax_dx[-1], s_2 = ax_dx[-2]
        t1, t2 = pair(-1, -2)
        inner = t1 + t2
        den = step[-2] * inner
        a = step[-1] / den
        t1, t2 = pair(-1, -2)                           # b = -(s_1 + s_2) / (s_1*s_2)
        den = t1 * t2
        t1, t2 = pair(-1, -2)
        b = -(t1 + t2) / den
        t1, t2 = pair(-1, -2)                           # c = (2*s_1 + s_2) / (s_1*(s_1 + s_2))
        inner = t1 + t2
        den = step[-1] * inner
        t2 = step[-2]
        c = (_by(step[-1], 2) + t2) / den
        last = _weighted_sum(x, d, (a, b, c), ((-3, -2), (-2, -1), (-1,)))
    from .shape import cat
    return cat([first, center, last], d)


@register("gradient", grad_fn="CatBackward0", sample=fixed(
    (((5,),), {}), (((3, 4),), {"spacing": 0.5}), (((3, 4),), {"dim": 1, "edge_order": 2}),
    (((4, 3),), {"spacing": [2.0, 0.5], "edge_order": 2}), (((4, 3),), {"dim": [1, 0]})))
def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """the derivative's estimate by central differences along each dim (one-sided at the
    ends, first or second order), composed as PyTorch: d/dx = the differences' adjoint"""
    x = check_tensor(input, "gradient")
    dims = _gradient_dims(x, spacing, dim, edge_order)
    steps = list(spacing) if isinstance(spacing, (list, tuple)) else [spacing] * len(dims)
    out = []
    for d, h in zip(dims, steps):
        if isinstance(h, Tensor):
            out.append(_gradient_points(x, d, h, edge_order))
        else:
            out.append(_gradient_uniform(x, d, 1 if h is None else int(h) if
                                         isinstance(h, bool) else h, edge_order))
    return tuple(out)


# -- counting (not differentiable) -------------------------------------------------------------

category("counting")


@register("searchsorted", differentiable=False)
def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None,
                 sorter=None):
    """indices where input would go in the sorted last dim of sorted_sequence (PyTorch's
    checks in its order: side, sorter, dims, then the dtype's kernel)"""
    seq = check_tensor(sorted_sequence, "searchsorted", "sorted_sequence", 1)
    scalar = not isinstance(input, Tensor)
    vals = np.asarray(input) if scalar else input._data
    if side is not None:
        if side not in ("left", "right"):
            raise TorchRuntimeError(f"torch.searchsorted(): side can only be 'left' or "
                                    f"'right' but got {side}")
        if right and side == "left":
            raise TorchRuntimeError("torch.searchsorted(): side and right can't be set to "
                                    "opposites, got side of left while right was True")
        right = side == "right"
    s = seq._data
    if sorter is not None:
        _check_sorter(s, sorter)
    _check_search_dims(s, vals)
    if not vals.size:                   # (ATen returns before its copies and its kernel)
        return wrap(np.zeros(vals.shape, np.int32 if out_int32 else np.int64))
    _warn_noncontiguous(None if scalar else input, seq, sorter)
    refuse_complex("searchsorted", sorted_sequence, input)
    if seq.dtype is dtypes.bool_ and vals.dtype == np.bool_:
        raise TorchNotImplementedError("\"searchsorted_out_cpu\" not implemented for 'Bool'")
    if sorter is not None:
        s = np.take_along_axis(s, sorter._data, axis=-1)
    how = "right" if right else "left"
    rows = int(np.prod(s.shape[:-1]))       # (not -1: a row may be empty)
    if _has_nan(s) or _has_nan(vals):       # NumPy orders NaN last; ATen's search does not
        rows_v = vals.reshape(1, -1) if s.ndim == 1 else vals.reshape(rows, vals.shape[-1])
        out = _aten_bisect(s.reshape(rows, s.shape[-1]), rows_v, right).reshape(vals.shape)
    elif s.ndim == 1:
        out = np.searchsorted(s, vals, side=how)
    else:
        rows_s, rows_v = s.reshape(rows, s.shape[-1]), vals.reshape(rows, vals.shape[-1])
        out = np.zeros(rows_v.shape, np.int64)
        for i, (a, v) in enumerate(zip(rows_s, rows_v)):
            out[i] = np.searchsorted(a, v, side=how)
        out = out.reshape(vals.shape)
    return wrap(np.asarray(out, dtype=np.int32 if out_int32 else np.int64))


def _warn_noncontiguous(values, boundaries, sorter) -> None:
    """ATen's searchsorted_maybe_trim_input_tensors: its once-per-process warning for each
    non-contiguous tensor it copies (after the checks, not for an empty input)."""
    for what, t, line in (("input value", values, 32), ("boundary", boundaries, 38),
                          ("sorter", sorter, 44)):
        if t is not None and not t.is_contiguous():
            warn_once(f"torch.searchsorted(): {what} tensor is non-contiguous, this will lower "
                      f"the performance due to extra data copy when converting non-contiguous "
                      f"tensor to contiguous, please use contiguous {what} tensor if possible. "
                      f"This message will only appear once per program. (Triggered internally "
                      f"at /__w/pytorch/pytorch/aten/src/ATen/native/BucketizationUtils.h:"
                      f"{line}.)", stacklevel=3)


def _sizes(shape) -> str:
    return f"[{', '.join(map(str, shape))}]"


def _check_sorter(s: np.ndarray, sorter) -> None:
    """ATen's checks of searchsorted's sorter: boundaries' shape, long, indices in range."""
    order = sorter._data
    if order.shape != s.shape:
        raise TorchRuntimeError(f"torch.searchsorted(): boundary and sorter must have the same "
                                f"size, but got boundary tensor {_sizes(s.shape)}and got "
                                f"sorter tensor {_sizes(order.shape)}")
    if sorter.dtype is not dtypes.int64:
        raise TorchRuntimeError(f"torch.searchsorted(): sorter must be a tensor of long dtype "
                                f"but got dtype {sorter.dtype.legacy}")
    if order.size and (order.min() < 0 or order.max() >= order.shape[-1]):
        raise TorchRuntimeError("torch.searchsorted(): sorter index out of range")


def _check_search_dims(s: np.ndarray, vals: np.ndarray) -> None:
    """ATen's searchsorted_pre_check of the boundaries' and the values' dims."""
    if not vals.ndim and s.ndim != 1:
        raise TorchRuntimeError(f"torch.searchsorted(): input value can be a scalar only when "
                                f"boundaries tensor dimension is 1, but we got boundaries "
                                f"tensor dim({s.ndim}) and input value's dim(0) numel(1)")
    if not s.ndim:
        raise TorchRuntimeError("torch.searchsorted(): boundaries tensor should have positive "
                                "dimension, but got 0 dimension")
    if s.ndim != 1 and (vals.ndim != s.ndim or s.shape[:-1] != vals.shape[:-1]):
        raise TorchRuntimeError(
            f"torch.searchsorted(): boundaries tensor should be 1 dimension or the first "
            f"N-1 dimensions of boundaries tensor and input value tensor must match, but "
            f"we got boundaries tensor {_sizes(s.shape)} and input value tensor "
            f"{_sizes(vals.shape)}")


def _has_nan(a: np.ndarray) -> bool:
    return a.dtype.kind == "f" and bool(np.isnan(a).any())


def _aten_bisect(rows_s: np.ndarray, rows_v: np.ndarray, right: bool) -> np.ndarray:
    """ATen's binary search of each value of rows_v in its row of rows_s, all at once:
    `if (!(mid_val >= val)) start = mid + 1; else end = mid;` (right: `>`), whose every
    comparison with a NaN is false, where NumPy's places NaN after every number."""
    n = rows_s.shape[1]
    start = np.zeros(rows_v.shape, np.int64)
    end = np.full(rows_v.shape, n, np.int64)
    with np.errstate(invalid="ignore"):
        while (start < end).any():
            active = start < end
            mid = start + ((end - start) >> 1)
            mid_val = np.take_along_axis(rows_s, np.minimum(mid, n - 1), axis=1)
            below = ~(mid_val > rows_v) if right else ~(mid_val >= rows_v)
            start = np.where(active & below, mid + 1, start)
            end = np.where(active & ~below, mid, end)
    return start


Unique2Backward0 = type("Unique2Backward0", (Node,), {
    "__doc__": "unique has no derivative (PyTorch records a node whose backward raises)",
    "forward": lambda self, x: self.values,
    "backward": lambda self, g: _raise_no_derivative("_unique2"),
    "jvp": lambda self, inputs, tangents, out: _raise_no_jvp("_unique2"),
})
UniqueDimBackward0 = type("UniqueDimBackward0", (Node,), {
    "__doc__": "unique(dim=...) has no derivative (backward raises)",
    "forward": lambda self, x: self.values,
    "backward": lambda self, g: _raise_no_derivative("unique_dim"),
    "jvp": lambda self, inputs, tangents, out: _raise_no_jvp("unique_dim"),
})


@register("unique", grad_fn="Unique2Backward0", method=True, differentiable=False)
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """the distinct values (sorted; NaNs each distinct, as PyTorch), with inverse indices
    and counts if asked"""
    flags = {"sorted": sorted, "return_inverse": return_inverse, "return_counts": return_counts}
    if dim is None:
        _parsed_unique("_unique2", (input,), flags)
    else:
        dim = _parsed_unique("unique_dim", (input, dim), flags)[0][1]
    refuse_complex("unique" if dim is None else "unique_dim", input)
    x = input
    if dim is None:
        values, inverse, counts = np.unique(x._data, return_inverse=True, return_counts=True,
                                            equal_nan=False)
        inverse, cls = inverse.reshape(x._data.shape), Unique2Backward0
    else:
        rows, d = _slices_along(x, dim)
        order = _row_order(rows)
        first, run, counts = _runs(rows[order])
        inverse = np.empty(len(rows), dtype=np.int64)
        inverse[order] = run
        values = np.take(x._data, order[first], axis=d)
        cls = UniqueDimBackward0
    return _unique_result(cls, x, values, inverse, counts, return_inverse, return_counts)


# the ATen functions torch.unique and torch.unique_consecutive call (torch/functional.py),
# passing all but the input (and unique_dim's dim) by keyword: their parser's refusals
_UNIQUE_CALLS = {
    "_unique2": "_unique2(Tensor input, bool sorted=True, bool return_inverse=False, "
                "bool return_counts=False)",
    "unique_dim": "unique_dim(Tensor input, int64_t dim, bool sorted=True, "
                  "bool return_inverse=False, bool return_counts=False)",
    "unique_consecutive": "unique_consecutive(Tensor input, bool return_inverse=False, "
                          "bool return_counts=False, int64_t? dim=None)",
}
_UNIQUE_PARSERS: dict = {}


def _parsed_unique(name: str, args: tuple, kwargs: dict) -> tuple:
    """(args, kwargs) of the call of ATen's `name` as its parser takes them, or its
    TypeError."""
    from ..argparser import Parser
    parser = _UNIQUE_PARSERS.get(name)
    if parser is None:
        parser = _UNIQUE_PARSERS[name] = Parser([_UNIQUE_CALLS[name]])
    return parser.check(args, kwargs)


def _row_order(rows):
    """The rows sorted lexicographically as PyTorch's unique(dim=) sorts them: std::sort,
    comparing column by column with < and > (a NaN compares neither way, so the next column
    decides: reproduced with stlsort where a NaN is present)."""
    if not rows.shape[1]:
        return np.arange(len(rows))
    if rows.dtype.kind != "f" or not np.isnan(rows).any():
        return np.lexsort(rows.T[::-1])
    from .stlsort import sort_order
    return np.asarray(sort_order([_LexRow(r) for r in rows.tolist()]), dtype=np.int64)


class _LexRow:
    """A row compared as PyTorch's unique_dim comparator compares two."""

    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        for a, b in zip(self.v, other.v):
            if a < b:
                return True
            if a > b:
                return False
        return False


UniqueConsecutiveBackward0 = type("UniqueConsecutiveBackward0", (Node,), {
    "__doc__": "unique_consecutive has no derivative (backward raises)",
    "forward": lambda self, x: self.values,
    "backward": lambda self, g: _raise_no_derivative("unique_consecutive"),
    "jvp": lambda self, inputs, tangents, out: _raise_no_jvp("unique_consecutive"),
})


def _raise_no_derivative(name):
    raise TorchNotImplementedError(f"the derivative for '{name}' is not implemented.")


def _raise_no_jvp(name):
    from ..autograd.forward_ad import unsupported
    raise unsupported(name)


@register("unique_consecutive", grad_fn="UniqueConsecutiveBackward0", method=True,
          differentiable=False)
def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """the first of each run of equal consecutive values (or slices along dim), with the
    run index of every element and the run lengths if asked"""
    dim = _parsed_unique("unique_consecutive", (input,), {
        "return_inverse": return_inverse, "return_counts": return_counts, "dim": dim})[1]["dim"]
    refuse_complex("unique", input)
    x = input
    if dim is None:
        first, inverse, counts = _runs(x._data.reshape(-1, 1))
        values, inverse = x._data.reshape(-1)[first], inverse.reshape(x._data.shape)
    else:
        rows, d = _slices_along(x, dim)
        first, inverse, counts = _runs(rows)
        values = np.take(x._data, first, axis=d)
    return _unique_result(UniqueConsecutiveBackward0, x, values, inverse, counts,
                          return_inverse, return_counts)


def _slices_along(x: Tensor, dim):
    """x's slices along dim as the rows of a matrix (PyTorch refuses to compare empty
    slices), and dim wrapped."""
    data = x._data
    if data.ndim == 0:
        raise TorchIndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    d = wrap_dim(dim, data.ndim)
    if 0 in data.shape and data.shape[d] != 0:
        raise TorchRuntimeError("There are 0 sized dimensions, and they aren't selected, so "
                                "unique cannot be applied")
    if data.shape.count(0) > 1:
        raise TorchRuntimeError("Number of zero sized dimensions is more than one, so unique "
                                "cannot be applied ")
    rest = data.size // data.shape[d] if data.shape[d] else 0
    return np.moveaxis(data, d, 0).reshape(data.shape[d], rest), d


def _runs(rows):
    """For rows (one per element or slice): the index of each run's first row, each row's
    run number and each run's length. NaN differs from itself, so NaNs never share a run."""
    if not len(rows):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    starts = np.concatenate([[True], np.any(rows[1:] != rows[:-1], axis=1)])
    first = np.flatnonzero(starts)
    return first, np.cumsum(starts) - 1, np.diff(np.append(first, len(rows)))


def _unique_result(cls, x, values, inverse, counts, return_inverse, return_counts):
    out = apply(cls, (x,), values=np.ascontiguousarray(values))
    extra = ((wrap(inverse.astype(np.int64)),) if return_inverse else ()) + \
        ((wrap(counts.astype(np.int64)),) if return_counts else ())
    return (out,) + extra if extra else out


BincountNode = type("NotImplemented", (Node,), {
    "__doc__": "bincount has no derivative (PyTorch records a NotImplemented node for "
               "weights that require grad)",
    "forward": lambda self, *arrays: self.counts,
    "backward": lambda self, *g: _raise_runtime("derivative for aten::bincount is not "
                                                "implemented"),
    "_qualified": True,         # name() is torch::autograd::NotImplemented
})


@register("bincount", method=True, differentiable=False)
def bincount(input, weights=None, minlength=0):
    """how often each value 0, 1, ... occurs in a 1-d integer tensor (weighted if asked)"""
    x = check_tensor(input, "bincount")
    if x._data.dtype.kind not in "iu":
        raise TorchNotImplementedError(f'"bincount_cpu" not implemented for '
                                       f"'{x.dtype.legacy}'")
    if minlength < 0:
        raise TorchRuntimeError("minlength should be >= 0")
    if x._data.ndim == 1 and not x._data.size:      # ATen's: int64 zeros, weights unread
        return wrap(np.zeros(minlength, dtype=np.int64))
    if x._data.ndim != 1 or x._data.min() < 0:
        raise TorchRuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is None:
        return wrap(np.bincount(x._data, minlength=minlength).astype(np.int64))
    w = check_tensor(weights, "bincount", "weights", 2)
    if w._data.shape != x._data.shape:
        raise TorchRuntimeError("weights should be 1-d and have the same length as input")
    dt = w._data.dtype if w.dtype in (dtypes.float32, dtypes.float64) else _F64
    from ..errors import warn_complex_to_real       # weights are read as doubles
    warn_complex_to_real(w._data.dtype, np.dtype(_F64))
    weights = w._data.real if w._data.dtype.kind == "c" else w._data
    counts = np.bincount(x._data, weights.astype(_F64), minlength=minlength).astype(dt)
    return apply(BincountNode, (w,), counts=counts)


@register("histc", method=True, differentiable=False)
def histc(input, bins=100, min=0, max=0):
    """counts of x in `bins` equal bins over [min, max] (the data's range if both are 0)"""
    x = check_tensor(input, "histc")
    if bins <= 0:                           # (ATen's histc is histogram's kernel)
        raise TorchRuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for "
                                f"dimension 0")
    if min == max and x._data.size:         # the data's range first: aminmax refuses complex
        refuse_complex("aminmax", x)
    data = x._data.ravel()
    lo, hi = _histc_range(data, float(min), float(max))
    if x._data.dtype.kind != "f":                   # (bool fails first in its linspace)
        kernel = "linspace_cpu" if x._data.dtype == np.bool_ else "histogram_cpu"
        raise TorchNotImplementedError(f'"{kernel}" not implemented for '
                                       f"'{x.dtype.legacy}'")
    # the edges are linspace(lo, hi) in x's dtype: its checked conversion refuses an end
    # past the dtype's largest value (a float16 range widened around 65504 ...)
    lo, hi = (dtypes.checked_scalar(v, data.dtype)[()] for v in (lo, hi))
    t = data.dtype.type                # the bin of x is computed in x's dtype, as PyTorch
    if data.dtype == dtypes.BF16_NP:         # (its edges are bfloat16s)
        lo, hi = (t(dtypes.to_bf16(v)) for v in (lo, hi))
    keep = data[(data >= lo) & (data <= hi)]
    if lo == hi:            # float16/bfloat16 edges that round to one value: all in bin 0
        return wrap(np.bincount(np.zeros(keep.size, np.int64), minlength=bins)
                    .astype(x._data.dtype))
    # c10's Half and BFloat16 round each step to their dtype (NumPy's float16 does too)
    r = (lambda v: dtypes.to_bf16(v).astype(t)) if data.dtype == dtypes.BF16_NP else t
    with np.errstate(all="ignore"):
        pos = r(r(r(keep - lo) * r(bins)) / r(hi - lo)).astype(np.int64)
    pos = np.minimum(pos, bins - 1)
    return wrap(np.bincount(pos, minlength=bins).astype(x._data.dtype))


def _histc_range(data: np.ndarray, lo: float, hi: float) -> tuple:
    """ATen's histc_select_outer_bin_edges: the data's range when min == max, widened by 1 each
    way when one point, then (float32 and float64) by a step of the dtype each way while its
    ends round to one value (the step stops at the largest float, so an infinite point gives
    [max, inf]); its refusals of a non-finite or empty range."""
    from_data = lo == hi and data.size
    if from_data:
        lo, hi = float(data.min()), float(data.max())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    t = data.dtype.type
    if data.dtype in (np.float32, np.float64) and t(lo) == t(hi):
        big = np.finfo(data.dtype).max
        lo = float(np.nextafter(t(lo), t(-np.inf))) if t(lo) > -big else lo
        hi = float(np.nextafter(t(hi), t(np.inf))) if t(hi) < big else hi
    if not (math.isfinite(lo) and math.isfinite(hi)):
        # C++ prints the sign of a NaN: the element's own for one, the vectorized
        # reduction's (negative) for more
        negative = data.size > 1 or np.signbit(data[0]) if from_data else False
        shown = [("-nan" if negative else "nan") if v != v else _g(v) for v in (lo, hi)]
        raise TorchRuntimeError(f"torch.histc: range of [{shown[0]}, {shown[1]}] is not "
                                "finite")
    if not lo < hi:
        raise TorchRuntimeError("torch.histc: max must be larger than min")
    return lo, hi


@register("bucketize", differentiable=False)
def bucketize(input, boundaries, *, out_int32=False, right=False):
    """for each value, the index of the bucket of the sorted 1-d boundaries it falls in
    (searchsorted with the arguments swapped)"""
    b = check_tensor(boundaries, "bucketize", "boundaries", 2)
    if b._data.ndim != 1:
        raise TorchRuntimeError(f"boundaries tensor must be 1 dimension, but got "
                                f"dim({b._data.ndim})")
    return searchsorted(b, input, out_int32=out_int32, right=right)


@register("argwhere", method=True, differentiable=False)
def argwhere(input):
    """the indices of the non-zero elements, one row each (nonzero's)"""
    from .reduce import nonzero
    return nonzero(check_tensor(input, "argwhere"))


HistogramNode = type("NotImplemented", (Node,), {
    "__doc__": "histogram has no derivative (PyTorch records a NotImplemented node)",
    "n_outputs": 2,
    "forward": lambda self, *arrays: (self.hist, self.edges),
    "backward": lambda self, *g: _raise_runtime("derivative for aten::histogram is not "
                                                "implemented"),
    "_qualified": True,         # name() is torch::autograd::NotImplemented
})


def _raise_runtime(text):
    raise TorchRuntimeError(text)


@register("histogram", method=True, differentiable=False)
def histogram(input, bins=100, *, range=None, weight=None, density=False):
    """(hist, bin_edges): counts (or weights, or a density) of input's values in `bins` equal
    bins over range (the data's by default), or between the given edges"""
    refuse_complex("histogram", input)
    x = check_tensor(input, "histogram")
    if x._data.dtype.kind != "f":
        raise TorchNotImplementedError(f'"histogramdd" not implemented for '
                                       f"'{x.dtype.legacy}'")
    if not isinstance(bins, Tensor):        # (edges given: PyTorch bins any float dtype)
        refuse_low_precision("histogram", x)
    data = x._data.reshape(-1)
    edges = _histogram_edges(data, bins, range, x.dtype)
    w = None if weight is None else _histogram_weight(x, weight)
    hist = _bin_counts(data, edges, w).astype(x._data.dtype)
    if density:
        with np.errstate(all="ignore"):
            hist = (hist / (hist.sum() * np.diff(edges))).astype(x._data.dtype)
    tensors = [t for t in (x, weight, bins) if isinstance(t, Tensor)]
    out = apply(HistogramNode, tuple(tensors), hist=hist, edges=edges)
    from .matrix import _Result
    return _Result("histogram", ("hist", "bin_edges"), out)


def _histogram_weight(x, weight):
    """weight flattened, checked against x's shape as PyTorch's histogramdd checks it."""
    w = check_weight_dtype(x, check_tensor(weight, "histogram", "weight"))
    if w.shape != x._data.shape:
        raise TorchRuntimeError(
            f"torch.histogramdd: if weight tensor is provided it should have the same shape "
            f"as the input tensor excluding its innermost dimension, but got input with shape "
            f"[{x._data.size}, 1] and weight with shape {list(w.shape)}")
    return w.reshape(-1)


def check_weight_dtype(x, weight) -> np.ndarray:
    """histogramdd_check_inputs' refusal of a weight not of the input's dtype; its array."""
    if weight.dtype is not x.dtype:
        raise TorchRuntimeError(f"torch.histogramdd: if weight tensor is provided, input tensor "
                                f"and weight tensor should have the same dtype, but got "
                                f"input({_CPP_NAMES[x.dtype.name]}), and "
                                f"weight({_CPP_NAMES[weight.dtype.name]})")
    return weight._data


def _histogram_edges(data, bins, range, dt=None):
    """PyTorch's bin edges: the given tensor, or linspace over range (the data's, widened by
    half a unit each way when it is one point; [0, 1] for no data)."""
    if isinstance(bins, Tensor):
        dt = dt or dtypes.from_numpy(data.dtype)
        if bins.dtype is not dt:                # the C++ types' names
            names = [_CPP_NAMES[d.name] for d in (dt, bins.dtype)]
            raise TorchRuntimeError(f"torch.histogramdd: input tensor and bins tensors should "
                                    f"have the same dtype, but got input with dtype "
                                    f"{names[0]} and bins for dimension 0 with dtype {names[1]}")
        if bins._data.ndim != 1:
            raise TorchRuntimeError(f"torch.histogramdd: bins tensor should have one dimension, "
                                    f"but got {bins._data.ndim} dimensions in the bins tensor "
                                    f"for dimension 0")
        if not bins._data.size:
            raise TorchRuntimeError("torch.histogramdd: bins tensor should have at least 1 "
                                    "element, but got 0 elements in the bins tensor for "
                                    "dimension 0")
        return bins._data
    if bins <= 0:
        raise TorchRuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for "
                                "dimension 0")
    if range is not None:
        if len(range) != 2:
            raise TorchRuntimeError(f"torch.histogramdd: for a 1-dimensional histogram range "
                                    f"should have 2 elements, but got {len(range)}")
        lo, hi = float(range[0]), float(range[1])
    elif data.size:
        lo, hi = float(data.min()), float(data.max())
    else:
        lo, hi = 0.0, 0.0
    if lo > hi:
        raise TorchRuntimeError(f"torch.histogramdd: min should not exceed max, but got min "
                                f"{_g(lo)} max {_g(hi)} for dimension 0")
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise TorchRuntimeError(f"torch.histogramdd: dimension 0's range [{_g(lo)}, {_g(hi)}] "
                                "is not finite")
    if lo == hi:
        lo, hi = (lo - 0.5, hi + 0.5) if data.size else (0.0, 1.0)
    from .creation import _linspace_values
    return _linspace_values(lo, hi, int(bins) + 1, data.dtype)


def _g(v: float) -> str:
    """A number as C++'s stream prints it in these messages (6 significant digits)."""
    return "nan" if v != v else f"{v:g}"


def _bin_counts(data, edges, w):
    """Weighted counts of data in the bins between edges: a value goes to the last edge not
    above it (upper_bound - 1); the last edge closes the last bin; values outside are left out."""
    nb = len(edges) - 1
    if nb < 1 or not data.size:
        return np.zeros(max(nb, 0), dtype=np.float64)
    keep = (data >= edges[0]) & (data <= edges[-1])
    pos = np.searchsorted(edges, data[keep], side="right") - 1
    pos = np.minimum(pos, nb - 1)
    return np.bincount(pos, None if w is None else w[keep].astype(np.float64), minlength=nb)
