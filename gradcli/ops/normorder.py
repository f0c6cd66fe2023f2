"""float32 (and float64) vector norms rounded as PyTorch's CPU norm kernel (ReduceOpsKernel.cpp)
rounds them.

- The 2-norm over the last, contiguous dim (or over all the dims of a contiguous tensor, one
  row to TensorIterator) takes ATen's vectorised row loop, as its released build compiles
  it: 8 lanes (AVX2) accumulating x*x, each product rounded before it is added; the lanes
  folded one after another; then the n % 8 trailing elements one by one, the first four of
  them as rounded squares (the compiler's in-order vectorised epilogue) and the rest with a
  fused multiply-add; then a float32 square root.
- Other orders and reductions take `binary_kernel_reduce`: each output adds its terms one
  after another in float32 (|x| for p = 1, |x|**p rounded for other finite p, x*x for
  p = 2), then takes acc**(1/p).

These were fitted against PyTorch 2.13's outputs on sweeps of row lengths 1..70 and longer;
reductions of one output over 32768 or more elements, which PyTorch splits among threads,
keep NumPy's sums. float64 takes the same paths (4 lanes of the same vectors, every tail
element a fused multiply-add), fitted the same way: exact for p = 1, 2 and integer p; other p
can differ in the last bit where PyTorch's pow does.
"""
from __future__ import annotations

import numpy as np

from ..fpmath import fma
from .sumorder import EXACT_ELEMENTS

_F = np.float32
_LANES = 8


def norm2_rows(rows: np.ndarray) -> np.ndarray:
    """The 2-norm of each row of a 2-D float32 or float64 array, in ATen's vectorised order
    (float64: 4 lanes, the same 256-bit vectors, and its tail all fused multiply-adds)."""
    n = rows.shape[1]
    lanes = _LANES if rows.dtype == _F else _LANES // 2
    full = n - n % lanes
    acc = np.zeros((rows.shape[0], lanes), rows.dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        if full:                    # each lane's squares added in turn (accumulate is serial)
            v = rows[:, :full].reshape(rows.shape[0], -1, lanes)
            acc = np.add.accumulate(v * v, axis=1)[:, -1]
        total = acc[:, 0]
        for j in range(1, lanes):
            total = total + acc[:, j]
        unrolled = 4 if rows.dtype == _F else 0
        for i, k in enumerate(range(full, n)):
            v = rows[:, k]
            total = total + v * v if i < unrolled and n - full >= unrolled else fma(v, v, total)
        return np.sqrt(total)


def lastdim_rows(x: np.ndarray, dims):
    """x as (outputs, reduced) rows when TensorIterator sees one reduced dim of unit stride
    (its vectorised path): one dim of stride 1, the trailing dims of a C-contiguous array,
    or all the dims of a C- or F-contiguous one (in memory order); else None."""
    if x.size == 0:
        return None
    axes = tuple(range(x.ndim)) if dims is None else tuple(sorted(dims))
    if len(axes) == x.ndim and (x.flags.c_contiguous or x.flags.f_contiguous):
        return np.ravel(x, order="K")[None]
    if len(axes) == 1 and x.strides[axes[0]] == x.itemsize:
        return np.moveaxis(x, axes[0], -1).reshape(-1, x.shape[axes[0]])
    k = len(axes)
    if x.flags.c_contiguous and axes == tuple(range(x.ndim - k, x.ndim)):
        return x.reshape(-1, int(np.prod(x.shape[x.ndim - k:])))
    return None


def sequential_norm(x: np.ndarray, p: float, dims, keepdim: bool):
    """binary_kernel_reduce's p-norm (p finite, nonzero) of float32/64 x over dims: the terms
    added in turn per output, in TensorIterator's order (memory order for all dims, index
    order along one dim); None where that order is not reproduced here."""
    if dims is None or len(dims) == x.ndim:
        if x.size >= EXACT_ELEMENTS or x.size == 0:
            return None
        flat = np.ravel(x, order="K")
        r = _project(_terms(flat, p), p, axis=0)
        return r.reshape((1,) * x.ndim) if keepdim else r
    if len(dims) != 1 or x.shape[dims[0]] == 0:
        return None
    r = _project(_terms(x, p), p, axis=dims[0])
    return np.expand_dims(r, dims[0]) if keepdim else r


def _terms(x, p):
    a = np.abs(x)
    with np.errstate(over="ignore", invalid="ignore"):
        if p == 1:
            return a
        if p == 2:
            return x * x
        return _pow(a.astype(np.float64), p).astype(x.dtype)


def _project(terms, p, axis):
    with np.errstate(over="ignore", invalid="ignore"):
        acc = np.add.accumulate(terms, axis=axis).take(-1, axis=axis)
        if p == 1:
            return np.asarray(acc)
        if p == 2:
            return np.sqrt(acc)
        dt = terms.dtype.type
        inv = dt(1) / dt(p)
        return _pow(acc.astype(np.float64), np.float64(inv)).astype(terms.dtype)


def _pow(a: np.ndarray, p) -> np.ndarray:
    """double pow as ATen's norm calls it (std::pow, the C library's): NumPy's own may differ
    in the last bit (its AVX-512 one does), so below EXACT_ELEMENTS the C library's."""
    if np.size(a) < EXACT_ELEMENTS:
        from ..vecmath import pow64
        return pow64(a, p)
    return np.power(a, p)
