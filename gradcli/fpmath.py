"""A correctly rounded fused multiply-add on NumPy arrays (NumPy has none).

ATen's CPU kernels are built with FMA contraction, so PyTorch computes `a*b + c` with one
rounding in its optimizers (optim.py) and its random-number transforms (`uniform_`,
`normal_` with a mean and std: ops/rng.py); matching its bits needs the same.
"""
from __future__ import annotations

import math
import struct
import sys

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
    round-to-odd, one final rounding. A zero result takes IEEE's sign (that of uh + c, the
    product then being exact); operands so large that the product's split overflows are
    scaled by a power of two first; an infinite c with finite a and b is the result."""
    a, b, c = np.asarray(a, np.float64), np.asarray(b, np.float64), np.asarray(c, np.float64)
    z, uh, ul = _fma64_parts(a, b, c)
    if np.isfinite(z).all() and np.isfinite(ul).all() and z.all():
        return z                # the usual case: no zero, infinity, nan or overflowed split
    out = np.where(np.isfinite(z) & np.isfinite(ul) & (z != 0), z, uh + c)
    # an infinite c with a finite product is the result, however large the product (whose
    # rounding alone would overflow: inf - inf)
    out = np.where(np.isinf(c) & np.isfinite(a) & np.isfinite(b), c, out)
    huge = ~np.isfinite(ul) & np.isfinite(a) & np.isfinite(b) & np.isfinite(c)
    if huge.any():
        a_larger = np.abs(a) >= np.abs(b)
        sa = np.where(huge & a_larger, a * _DOWN, a)
        sb = np.where(huge & ~a_larger, b * _DOWN, b)
        z2, uh2, ul2 = _fma64_parts(sa, sb, np.where(huge, c * _DOWN, c))
        scaled = np.where(np.isfinite(z2) & np.isfinite(ul2) & (z2 != 0), z2, uh2 + c * _DOWN)
        out = np.where(huge, scaled * _UP, out)
    return out


_DOWN, _UP = 2.0 ** -200, 2.0 ** 200


def _fma64_parts(a, b, c):
    """The round-to-odd fma's result z, with the product's rounded value uh and its error
    ul (not finite when the split overflowed)."""
    uh = a * b
    ta, tb = a * _SPLIT, b * _SPLIT
    ah, bh = ta - (ta - a), tb - (tb - b)
    al, bl = a - ah, b - bh
    ul = ((ah * bh - uh) + ah * bl + al * bh) + al * bl
    th, tl = _two_sum(c, uh)
    v, ve = _two_sum(tl, ul)
    return th + _round_odd(v, ve), uh, ul


_MID32 = np.int64(1 << 28)              # a float32 midpoint: the 29 bits below its last are 100..0
_LOW29 = np.int64((1 << 29) - 1)


def _fma32(a, b, c):
    """Correctly rounded a*b + c in float32: the product is exact in float64 and the sum is
    rounded once there; rounding that to float32 is then correct unless it landed exactly
    on a float32 midpoint (or below float32's normal range), where the sum is redone
    rounded to odd."""
    p = np.asarray(a, np.float64) * np.asarray(b, np.float64)
    c = np.asarray(c, np.float64)
    s = p + c
    risky = _maybe_twice_rounded(s)
    if np.any(risky):
        s2, e = _two_sum(p, c)
        s = np.where(risky & np.isfinite(s2), _round_odd(s2, e), s)
    return s.astype(np.float32)


def fma32_in_turn(products: np.ndarray, acc: np.ndarray, axis: int) -> np.ndarray:
    """acc (float32) with each float32 product along `axis` of `products` (given exactly, in
    float64) fused onto it in turn: acc = fma(a_j, b_j, acc) for j in order, each step
    rounded once to float32, as `_fma32` rounds it (a float64 sum rounded again is correct
    but on an exact float32 midpoint or below float32's normal range, redone there). The
    steps go in runs of about IN_TURN_ELEMENTS sums, each run checked while its sums are
    still in the CPU's cache, and only a run with such a sum redone step by step."""
    steps = np.moveaxis(products, axis, 0)
    if not steps.shape[0] or steps.dtype != np.float64:
        return _fma32_in_turn_checked(steps, acc)
    size = math.prod(np.broadcast_shapes(steps.shape[1:], np.shape(acc)))
    run = max(1, IN_TURN_ELEMENTS // max(size, 1))
    for start in range(0, steps.shape[0], run):
        part = steps[start:start + run]
        fast = _fma32_in_turn_unchecked(part, acc)
        acc = fast if fast is not None else _fma32_in_turn_checked(part, acc)
    return acc


#: sums of `fma32_in_turn` computed and checked together (float64: 512 KiB), so that they
#: stay in the CPU's cache in between (a 64x128x128 float32 product: ~40% faster than all
#: at once)
IN_TURN_ELEMENTS = 1 << 16


def _fma32_in_turn_checked(steps: np.ndarray, acc: np.ndarray) -> np.ndarray:
    """`fma32_in_turn`, each step checked and, where rounding twice could be wrong, redone
    rounded to odd."""
    acc = np.asarray(acc).astype(np.float64)
    with np.errstate(all="ignore"):
        for p in steps:
            s = p + acc
            risky = _maybe_twice_rounded(s)
            if risky.any():
                s2, e = _two_sum(p, acc)
                s = np.where(risky & np.isfinite(s2), _round_odd(s2, e), s)
            acc = s.astype(np.float32).astype(np.float64)
        return acc.astype(np.float32)


def _fma32_in_turn_unchecked(steps: np.ndarray, acc: np.ndarray) -> np.ndarray | None:
    """`fma32_in_turn` with three NumPy calls a step: each float64 sum is kept, and each
    float32 accumulator it rounds to, and all are checked at the end for the cases that
    rounding twice gets wrong (an exact float32 midpoint, a sum below float32's normal
    range); None when one is there (the caller then takes each step with its check)."""
    shape = np.broadcast_shapes(steps.shape[1:], np.shape(acc))
    sums = np.empty((steps.shape[0],) + shape, np.float64)
    # accumulators: narrow[0] is acc, narrow[j + 1] the sum of step j rounded to float32
    narrow = np.empty((steps.shape[0] + 1,) + shape, np.float32)
    narrow[0] = acc
    wide = np.array(np.broadcast_to(acc, shape), np.float64)
    with np.errstate(all="ignore"):
        for j, p in enumerate(steps):
            np.add(p, wide, out=sums[j])
            narrow[j + 1] = sums[j]
            wide[...] = narrow[j + 1]
        if twice_rounded_risk(sums, steps, narrow[:-1]):
            return None
    return narrow[-1].copy()


def twice_rounded_risk(sums: np.ndarray, products: np.ndarray, before: np.ndarray) -> bool:
    """Whether any float64 sum products + before (kept in `sums`) could round to float32
    otherwise than the exact sum does: one rounded in float64 onto an exact float32
    midpoint, or below float32's normal range (an exact sum rounds once: correct)."""
    with np.errstate(all="ignore"):
        risky = _maybe_twice_rounded(sums)
        if not risky.any():
            return False
        where = np.nonzero(risky)
        _, err = _two_sum(np.broadcast_to(products, sums.shape)[where],
                          np.broadcast_to(before, sums.shape)[where].astype(np.float64))
        return bool((err != 0).any() or not np.isfinite(sums[where]).all())


def _maybe_twice_rounded(s: np.ndarray) -> np.ndarray:
    """Where a float64 `s` lies exactly on a float32 midpoint (its 29 bits below float32's
    last are 100..0) or is nonzero below float32's normal range: the sums whose rounding
    to float32 may differ from the exact value's. Read from the two 32-bit halves of each
    float64 (the midpoint bits are all in the low half, the exponent in the high one), so
    the temporaries are half as wide as the float64s."""
    if sys.byteorder != "little" or s.ndim == 0 or not s.flags.c_contiguous:
        return ((s.view(np.int64) & _LOW29) == _MID32) | ((np.abs(s) < 2.0 ** -126) & (s != 0))
    halves = s.view(np.int32)
    risky = (halves[..., 0::2] & _LOW29_32) == _MID32_32
    tiny = (halves[..., 1::2] & _MAGNITUDE_32) < _TINY_HIGH_32      # |s| < 2**-126
    tiny &= s != 0
    risky |= tiny
    return risky


_LOW29_32, _MID32_32 = np.int32((1 << 29) - 1), np.int32(1 << 28)
_MAGNITUDE_32 = np.int32(0x7FFFFFFF)
_TINY_HIGH_32 = np.int32(0x38100000)    # the high half of 2.0 ** -126 (its low half is 0)


_F32 = np.dtype(np.float32)


def _fma32_scalar(a: float, b: float, c: float):
    """`_fma32` of three float32 numbers (given as Python floats) without NumPy's per-call
    cost (an optimizer's step on 0-d parameters makes thousands): the product is exact in a
    double, the sum rounded once; that rounded to float32 is correct but on an exact float32
    midpoint or outside float32's normal range, where this gives None (the array path)."""
    s = a * b + c
    if not (abs(s) >= 2.0 ** -126) or math.isinf(s):       # tiny, zero, inf or nan
        return None
    if (_BITS.unpack(_DOUBLE.pack(s))[0] & ((1 << 29) - 1)) == (1 << 28):
        return None
    return np.float32(s)


_DOUBLE, _BITS = struct.Struct("<d"), struct.Struct("<q")


def _fma64_scalar(a: float, b: float, c: float):
    """`_fma64` of three Python floats without NumPy's per-call cost (a polynomial
    recurrence of 10^5 steps on one element makes 10^5 calls): the same exact product, two
    sums and rounding to odd, in Python floats; None (the array path) where that path's
    special cases start: a zero, infinite or nan result, or a product whose split
    overflows."""
    uh = a * b
    ta, tb = a * _SPLIT, b * _SPLIT
    ah, bh = ta - (ta - a), tb - (tb - b)
    al, bl = a - ah, b - bh
    ul = ((ah * bh - uh) + ah * bl + al * bh) + al * bl
    th = c + uh
    bb = th - c
    tl = (c - (th - bb)) + (uh - bb)
    v = tl + ul
    bb = v - tl
    ve = (tl - (v - bb)) + (ul - bb)
    if ve != 0 and math.isfinite(v) and not _BITS.unpack(_DOUBLE.pack(v))[0] & 1:
        v = math.nextafter(v, math.copysign(math.inf, ve))     # to the odd neighbour, toward ve
    z = th + v
    if not (math.isfinite(z) and math.isfinite(ul) and z != 0):
        return None
    return np.float64(z)


_SCALAR_FMA = {np.float32: _fma32_scalar, np.float64: _fma64_scalar}


#: the dtypes whose ATen kernels gradcli rounds with a fused multiply-add
FMA_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def fma(a, b, c):
    """Correctly rounded a*b + c in the operands' dtype, as ATen's vectorised CPU kernels
    compute it."""
    scalar = _SCALAR_FMA.get(type(a))
    if scalar is not None and type(b) is type(a) and type(c) is type(a):
        r = scalar(float(a), float(b), float(c))        # three NumPy scalars of one dtype
        if r is not None:
            return r
    dt = np.result_type(a, b, c)
    if dt == _F32 and np.ndim(a) == 0 and np.ndim(b) == 0 and np.ndim(c) == 0:
        r = _fma32_scalar(float(a), float(b), float(c))
        if r is not None:
            return r
    with np.errstate(all="ignore"):
        if dt == np.float64:
            return _fma64(a, b, c)
        if dt == np.float32:
            return _fma32(a, b, c)
        return _fma32(a, b, c).astype(dt)     # float16: float32 opmath, rounded once more
