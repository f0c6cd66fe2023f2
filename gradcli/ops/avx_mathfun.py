"""The float32 log and sin/cos of ATen's `avx_mathfun.h`, bit for bit, on NumPy arrays.

PyTorch's CPU `normal_` on 16 or more contiguous float32 elements runs Box-Muller with
`log256_ps` and `sincos256_ps` (Giovanni Garberoglio's AVX port of Julien Pommier's
sse_mathfun, itself the Cephes `logf`/`sinf`/`cosf`), not the C library. Those are Cephes
polynomials evaluated in float32; GCC compiles ATen with FMA contraction, so each
`a * b + c` of the header is one fused multiply-add (`fpmath.fma`). The functions below
repeat the header's steps in its order, so `manual_seed(0); randn(16)` is PyTorch's to the
last bit.
"""
from __future__ import annotations

import numpy as np

from ..fpmath import fma

_F = np.float32
_MIN_NORM_POS = np.array(0x00800000, np.int32).view(np.float32)
_LOG_P = [_F(c) for c in (7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1,
                          -1.2420140846E-1, 1.4249322787E-1, -1.6668057665E-1,
                          2.0000714765E-1, -2.4999993993E-1, 3.3333331174E-1)]
_LOG_Q1, _LOG_Q2 = _F(-2.12194440e-4), _F(0.693359375)
_SQRTHF = _F(0.707106781186547524)
_FOPI = _F(1.27323954473516)                       # 4 / pi
_MINUS_DP = (_F(-0.78515625), _F(-2.4187564849853515625e-4), _F(-3.77489497744594108e-8))
_COSCOF = (_F(2.443315711809948E-005), _F(-1.388731625493765E-003),
           _F(4.166664568298827E-002))
_SINCOF = (_F(-1.9515295891E-4), _F(8.3321608736E-3), _F(-1.6666654611E-1))


def log256(x: np.ndarray) -> np.ndarray:
    """`log256_ps`: split x into mantissa in [sqrt(1/2), sqrt(2)) and exponent, a degree-9
    polynomial on the mantissa, the exponent times ln 2 in two parts; NaN for x <= 0."""
    x = np.asarray(x, np.float32)
    invalid = x <= 0
    x = np.maximum(x, _MIN_NORM_POS)
    bits = x.view(np.int32)
    e = ((bits >> 23) - 0x7F).astype(np.float32) + _F(1)
    x = ((bits & ~0x7F800000) | _F(0.5).view(np.int32)).view(np.float32)
    small = x < _SQRTHF
    e = e - np.where(small, _F(1), _F(0))
    x = (x - _F(1)) + np.where(small, x, _F(0))
    z = x * x
    y = _LOG_P[0]
    for c in _LOG_P[1:]:
        y = fma(y, x, c)
    y = fma(y * x, z, e * _LOG_Q1)
    y = fma(-z, _F(0.5), y)
    x = fma(e, _LOG_Q2, x + y)
    return np.where(invalid, _F(np.nan), x)


def sincos256(x: np.ndarray):
    """`sincos256_ps`: (sin x, cos x) by Cephes' reduction to [-pi/4, pi/4] in three parts
    of pi/4 and the two polynomials, each picked by the octant."""
    x = np.asarray(x, np.float32)
    sign_sin = np.signbit(x)
    x = np.abs(x)
    j = ((x * _FOPI).astype(np.int32) + 1) & ~1
    y = j.astype(np.float32)
    for dp in _MINUS_DP:
        x = fma(y, dp, x)
    sign_sin = sign_sin ^ ((j & 4) != 0)
    sign_cos = (~(j - 2) & 4) != 0
    first = (j & 2) == 0
    z = x * x
    yc = fma(fma(_COSCOF[0], z, _COSCOF[1]), z, _COSCOF[2]) * z
    yc = fma(yc, z, -(z * _F(0.5))) + _F(1)
    ys = fma(fma(_SINCOF[0], z, _SINCOF[1]), z, _SINCOF[2]) * z
    ys = fma(ys, x, x)
    s = np.where(first, ys, yc)
    c = np.where(first, yc, ys)
    return np.where(sign_sin, -s, s), np.where(sign_cos, -c, c)
