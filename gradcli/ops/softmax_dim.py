"""float32 and float64 softmax and log_softmax along a dim other than the last, and their
backward, as ATen's CPU kernels (SoftMaxKernel.cpp: `_vec_softmax`, `_vec_logsoftmax`,
`_vec_softmax_backward`, `_vec_log_softmax_backward`) compute them.

The input is seen as (outer, dim, inner); each of the outer*inner positions is reduced over
`dim` one element after another in the input's dtype. Positions are processed a vector at a
time (16 floats or 8 doubles with AVX-512, whose exp and log are SLEEF's: vecmath.py,
vecmath64.py) or one by one (the C library's expf or exp), and which positions take which
path is the kernels' own business:

- softmax splits the outer*inner positions evenly among the threads (at::parallel_for), and
  in each thread's range takes a vector of 16 positions wherever 16 remain in both its row
  of `inner` and its range, the rest one by one; its max is vec::maximum (nan wins) or
  std::max (a nan after the first element loses); output = exp(x - max) / sum;
- log_softmax cuts each row of `inner` into chunks of CHUNK positions (128 KiB of
  dim x chunk elements) and takes vectors for all but the last size % lanes of each chunk; its
  max skips nan; output = x - max - log(sum) with SLEEF's log throughout.

The scalar expf is glibc's (`glibc_expf`: a 32-entry table of 2**(i/32) and a cubic in
double with fused multiply-adds, rounded once), which is not always the correctly rounded
exp (about one float32 in a thousand differs).
"""
from __future__ import annotations

import functools

import numpy as np

from .. import vecmath
from ..fpmath import fma

_F = np.float32
#: the most elements rounded as ATen does; past it NumPy's float32 steps (a few last bits)
EXACT_SOFTMAX_ELEMENTS = 1 << 16


_N = 32


@functools.cache
def _table() -> np.ndarray:
    """2**(i/32) rounded to double, less i << 47 (the exponent glibc adds back); built at
    the first use (Decimal's powers cost a few ms every start-up otherwise)."""
    from decimal import Decimal, localcontext
    with localcontext() as ctx:
        ctx.prec = 60
        return np.array([np.float64(float(Decimal(2) ** (Decimal(i) / _N))).view(np.uint64)
                         - np.uint64(i << 47) for i in range(_N)], np.uint64)


_POLY = (float.fromhex("0x1.c6af84b912394p-5") / _N ** 3,
         float.fromhex("0x1.ebfce50fac4f3p-3") / _N ** 2, float.fromhex("0x1.62e42ff0c52d6p-1") / _N)
_INV_LN2_N = float.fromhex("0x1.71547652b82fep+0") * _N
_OVER, _UNDER = _F(float.fromhex("0x1.62e42ep6")), _F(-float.fromhex("0x1.9fe368p6"))


def glibc_expf(x: np.ndarray) -> np.ndarray:
    """glibc's expf (its FMA build): x/ln2*32 = k + r, exp(x) = 2**(k/32) * p(r), p a cubic
    evaluated in double, rounded once to float32."""
    x = np.asarray(x, _F)
    with np.errstate(all="ignore"):
        z = _INV_LN2_N * x.astype(np.float64)
        kd = np.rint(z)
        ki = kd.astype(np.int64)
        r = z - kd
        s = (_table()[ki & 31] + (ki.astype(np.uint64) << np.uint64(47))).view(np.float64)
        c0, c1, c2 = (np.float64(c) for c in _POLY)
        y = fma(fma(c0, r, c1), r * r, fma(c2, r, np.float64(1)))
        y = (y * s).astype(_F)
        y = np.where(x > _OVER, _F(np.inf), np.where(x < _UNDER, _F(0), y))
        return np.where(np.isnan(x), x, y)


def _lanes(dt) -> int:
    """Positions in one vector of the kernels' width (vecmath.LANES floats)."""
    return vecmath.LANES // (2 if dt == np.float64 else 1)


def _vector_exp(z):
    if z.dtype == np.float64:
        return vecmath.exp64(z)
    return vecmath.exp(z)


def _scalar_exp(z):
    if z.dtype == np.float64:
        return vecmath.libm64("exp", z, np.exp)
    return glibc_expf(z)


def _vector_log(z):
    if z.dtype == np.float64:
        from .. import vecmath64
        return vecmath64.log(z)
    return vecmath.log(z)


def _as_3d(x: np.ndarray, dim: int):
    outer = int(np.prod(x.shape[:dim]))
    inner = int(np.prod(x.shape[dim + 1:]))
    return np.ascontiguousarray(x).reshape(outer, x.shape[dim], inner)


def _softmax_vector_positions(outer: int, inner: int, threads: int,
                              lanes: int) -> np.ndarray:
    """(outer, inner) mask of the positions _vec_softmax takes a vector at a time."""
    n = outer * inner
    t = max(1, min(threads, n))
    chunk = -(-n // t)
    p = np.arange(n)
    cs = p // chunk * chunk
    rs = p // inner * inner
    start = np.maximum(cs, rs)
    stop = np.minimum(np.minimum(cs + chunk, n), rs + inner)
    return ((p - start) < (stop - start) // lanes * lanes).reshape(outer, inner)


def _exp_by_path(z: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """exp of z (outer, dim, inner): SLEEF's at the vector positions, the scalar one else."""
    out = np.empty_like(z)
    v = np.broadcast_to(vector[:, None, :], z.shape)
    with np.errstate(all="ignore"):
        out[v] = _vector_exp(z[v])
        out[~v] = _scalar_exp(z[~v])
    return out


def _sequential_sum(e: np.ndarray) -> np.ndarray:
    s = np.zeros((e.shape[0], 1, e.shape[2]), e.dtype)
    with np.errstate(all="ignore"):
        for j in range(e.shape[1]):
            s = s + e[:, j:j + 1]
    return s


def softmax(x: np.ndarray, dim: int, threads: int) -> np.ndarray:
    """softmax of x along dim (not the last) as _vec_softmax."""
    a = _as_3d(x, dim)
    outer, _, inner = a.shape
    vector = _softmax_vector_positions(outer, inner, threads, _lanes(a.dtype))
    m = a[:, :1].copy()
    for j in range(1, a.shape[1]):                  # std::max: a later nan loses
        m = np.where(m < a[:, j:j + 1], a[:, j:j + 1], m)
    nan = np.isnan(a).any(axis=1, keepdims=True)
    m = np.where(vector[:, None, :] & nan, a.dtype.type(np.nan), m)   # vec::maximum: nan wins
    with np.errstate(all="ignore"):
        e = _exp_by_path(a - m, vector)
        return (e / _sequential_sum(e)).reshape(x.shape)


def _logsoftmax_vector_positions(outer: int, dim_size: int, inner: int,
                                 dt) -> np.ndarray:
    v = _lanes(dt)
    chunk = max(131072 // dim_size // np.dtype(dt).itemsize, v) // v * v
    q = np.arange(inner)
    start = q // chunk * chunk
    size = np.minimum(chunk, inner - start)
    return np.broadcast_to((q - start) < size - size % v, (outer, inner))


def log_softmax(x: np.ndarray, dim: int) -> np.ndarray:
    """log_softmax of x along dim (not the last) as _vec_logsoftmax."""
    a = _as_3d(x, dim)
    outer, d, inner = a.shape
    vector = _logsoftmax_vector_positions(outer, d, inner, a.dtype)
    with np.errstate(all="ignore"):
        m = np.fmax.reduce(a, axis=1, keepdims=True, initial=-np.inf).astype(a.dtype)
        s = _sequential_sum(_exp_by_path(a - m, vector))
        return ((a - m) - _vector_log(s)).reshape(x.shape)


def softmax_backward(g: np.ndarray, y: np.ndarray, dim: int) -> np.ndarray:
    """_vec_softmax_backward: y * (g - sum(g * y)), the sum over dim one element after
    another with fused multiply-adds."""
    g3, y3 = _as_3d(g, dim), _as_3d(y, dim)
    s = np.zeros((g3.shape[0], 1, g3.shape[2]), g3.dtype)
    with np.errstate(all="ignore"):
        for j in range(g3.shape[1]):
            s = fma(g3[:, j:j + 1], y3[:, j:j + 1], s)
        return (y3 * (g3 - s)).reshape(g.shape)


def log_softmax_backward(g: np.ndarray, y: np.ndarray, dim: int) -> np.ndarray:
    """_vec_log_softmax_backward: g - exp(y) * sum(g), fused, exp SLEEF's at the vector
    positions (all but the last size % lanes of each chunk) and glibc's at the others."""
    g3, y3 = _as_3d(g, dim), _as_3d(y, dim)
    outer, d, inner = g3.shape
    s = _sequential_sum(g3)
    e = _exp_by_path(y3, _logsoftmax_vector_positions(outer, d, inner, g3.dtype))
    with np.errstate(all="ignore"):
        return fma(-e, s, g3).reshape(g.shape)
