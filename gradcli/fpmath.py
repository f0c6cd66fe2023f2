"""A correctly rounded fused multiply-add on NumPy arrays (NumPy has none).

ATen's CPU kernels are built with FMA contraction, so PyTorch computes `a*b + c` with one
rounding in its optimizers (optim.py) and its random-number transforms (`uniform_`,
`normal_` with a mean and std: ops/rng.py); matching its bits needs the same.
"""
from __future__ import annotations

import numpy as np

_SPLIT = 134217729.0          # 2**27 + 1: Dekker's split of a float64 into two halves


def _two_sum(a, b):
    """s + e == a + b exactly, s = fl(a + b) (Knuth)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _round_odd(s, e):
    """s, the nearest float to s + e, moved to the odd neighbour when inexact and even: the
    rounding that makes a second rounding correct (Boldo & Melquiond)."""
    bits = s.view(np.int64)
    fix = (e != 0) & ((bits & 1) == 0) & np.isfinite(s)
    # the neighbour toward e: one unit up in magnitude when e has s's sign, else down
    # (s is never 0 here: a two-sum's sum is 0 only when its error is)
    step = np.where(np.signbit(e) == np.signbit(s), 1, -1) * fix
    return (bits + step).view(np.float64)


def _fma64(a, b, c):
    """Correctly rounded a*b + c in float64: exact product (Dekker), exact sums, one
    round-to-odd, one final rounding."""
    a, b, c = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64),
                                  np.asarray(c, np.float64))
    uh = a * b
    ta, tb = a * _SPLIT, b * _SPLIT
    ah, bh = ta - (ta - a), tb - (tb - b)
    al, bl = a - ah, b - bh
    ul = ((ah * bh - uh) + ah * bl + al * bh) + al * bl
    th, tl = _two_sum(c, uh)
    v, ve = _two_sum(tl, ul)
    z = th + _round_odd(v, ve)
    return np.where(np.isfinite(z) & np.isfinite(ul), z, uh + c)


def _fma32(a, b, c):
    """Correctly rounded a*b + c in float32: the product is exact in float64, the sum is
    rounded to odd there, then once to float32."""
    s, e = _two_sum(np.asarray(a, np.float64) * np.asarray(b, np.float64),
                    np.asarray(c, np.float64))
    return np.where(np.isfinite(s), _round_odd(s, e), s).astype(np.float32)


#: the dtypes whose ATen kernels gradcli rounds with a fused multiply-add
FMA_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def fma(a, b, c):
    """Correctly rounded a*b + c in the operands' dtype, as ATen's vectorised CPU kernels
    compute it."""
    dt = np.result_type(a, b, c)
    with np.errstate(all="ignore"):
        if dt == np.float64:
            return _fma64(a, b, c)
        if dt == np.float32:
            return _fma32(a, b, c)
        return _fma32(a, b, c).astype(dt)     # float16: float32 opmath, rounded once more
