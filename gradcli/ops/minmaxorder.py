"""Which of several equal extremes PyTorch's CPU min/max reductions return: the sign of a
zero result. ATen's kernels compare with `<`/`>` (or a vector min/max), so of equal values
(+0 and -0 among them) the one kept depends on the order they meet in; these rules were
read off torch 2.13 (x86-64, AVX2 kernels: 8 float32 or 4 float64 lanes) by setting one
element to -0 and another to +0, the rest larger, for every pair of positions: the winners
form a total order, here computed as a key per position (the highest key wins).

- amin/amax over a contiguous row (all elements, or the last dim): rows shorter than four
  vectors are walked in turn, the first of equal values kept. Longer ones in blocks of four
  vectors, each vector into its own accumulator, where a later value replaces an equal one;
  the accumulators are then combined (a later accumulator's value kept), then the lanes
  (the first lane's kept), then the elements after the last whole block, in turn.
- min()/max() of all elements: one vector accumulator (a later value kept per lane), its
  lanes combined in a fixed order (float32: pairwise halves; float64: neighbours first).
- amin/amax over dim 0 of a C-contiguous matrix: each column's values in turn; columns in
  whole blocks of four vectors keep a later equal value, the columns after them the first.
  (A transposed matrix is reduced in its memory's order: dim 1 as the other's dim 0.)

Only zero results are affected (other equal values have the same bits). Applied up to
EXACT_ELEMENTS elements, below PyTorch's grain size (beyond it the work is split between
threads).
"""
from __future__ import annotations

import numpy as np

from .sumorder import EXACT_ELEMENTS

_LANES = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}
_NEVER = np.iinfo(np.int64).min         # the key of a position that holds no zero
#: min()/max()'s lane ranks (higher wins): float32 7,3,5,1,6,2,4,0 first; float64 3,2,1,0
_LANE_RANK = {8: np.array([0, 4, 2, 6, 1, 5, 3, 7]), 4: np.array([0, 1, 2, 3])}


def row_keys(n: int, lanes: int) -> np.ndarray:
    """amin/amax's key for each position of a contiguous row of n elements."""
    p = np.arange(n)
    block = 4 * lanes
    if n < block:
        return -p
    blocks = n // block
    full = blocks * block
    lane, acc, which = p % lanes, (p % block) // lanes, p // block
    keys = n + ((lanes - 1 - lane) * 4 + acc) * blocks + which
    keys[full:] = -p[full:]
    return keys


def all_keys(n: int, lanes: int) -> np.ndarray:
    """min()/max()'s key for each position of the flattened input."""
    p = np.arange(n)
    if n < lanes:
        return p
    return _LANE_RANK[lanes][p % lanes] * n + p


def torch_extreme(x: np.ndarray, result: np.ndarray, op: str, dims, keepdim: bool):
    """result (np.min/np.max of x over dims) with each zero taken from the element PyTorch's
    kernel keeps; as it is where the rule is not known (other layouts, other dtypes, past
    EXACT_ELEMENTS)."""
    lanes = _LANES.get(x.dtype)
    if lanes is None or x.size == 0 or x.size > EXACT_ELEMENTS or not (result == 0).any():
        return result
    nd = x.ndim
    dims = tuple(range(nd)) if dims is None else tuple(d % nd for d in np.atleast_1d(dims))
    # TensorIterator drops dims of size 1 and walks memory in its order: do the same
    big = [k for k in range(nd) if x.shape[k] > 1]
    if len(big) == 1 and big[0] in dims:            # one dim of several elements, reduced
        x, nd, dims = x.reshape(-1), 1, (0,)
    if not x.flags.c_contiguous and x.T.flags.c_contiguous and \
            (nd <= 2 or len(dims) == nd):       # a transpose: the kernel walks its memory
        x, dims = x.T, tuple(nd - 1 - d for d in dims)     # (results keep their order)
    if not x.flags.c_contiguous:
        return result
    if set(dims) == set(range(nd)):                 # all elements
        flat = x.reshape(-1)
        keys = all_keys(flat.size, lanes) if op in ("min", "max") else \
            row_keys(flat.size, lanes)
        zero = flat == 0
        pick = flat[np.argmax(np.where(zero, keys, _NEVER))]
        return np.asarray(pick, dtype=x.dtype).reshape(result.shape)
    if op not in ("amin", "amax") or len(dims) != 1:
        return result
    (d,) = dims
    if d == nd - 1:                                  # each contiguous row
        rows = x.reshape(-1, x.shape[-1])
        keys = row_keys(rows.shape[1], lanes)
        masked = np.where(rows == 0, keys, _NEVER)
        picked = rows[np.arange(len(rows)), np.argmax(masked, axis=1)]
    elif d == 0 and nd == 2:                        # each column, row after row
        m, n = x.shape
        block = 4 * lanes
        later = np.arange(n) < n // block * block
        order = np.where(later[None, :], np.arange(m)[:, None], -np.arange(m)[:, None])
        masked = np.where(x == 0, order, _NEVER)
        picked = x[np.argmax(masked, axis=0), np.arange(n)]
    else:
        return result
    out = np.array(result, copy=True)
    flat_out = out.reshape(-1)
    zero = flat_out == 0
    flat_out[zero] = picked.reshape(-1)[zero]
    return out
