"""Sums of float32/float64 arrays added in the order of PyTorch's CPU `sum` kernel.

Floating-point addition is not associative, so `loss.mean()` is PyTorch's to the last bit
only when the terms are added in ATen's order (ReduceOps' `cascade_sum`, SumKernel.cpp):

- a row of n >= V elements (V = 8 float32 or 4 float64: one 256-bit vector, the width its
  sum kernel uses) is read as n // V vectors; those are summed by `row_sum` (below) in vector
  lanes; then a scalar accumulator starts at 0, adds the n % V trailing elements in turn,
  then the V lanes in turn;
- a shorter row is summed by `row_sum` on its scalars;
- `row_sum` splits its items round-robin into 4 accumulators (`multi_row_sum` over groups of
  4), adds the leftover items (fewer than 4) to the first, then folds 2nd, 3rd, 4th into it;
- `multi_row_sum` is a cascade: items are added in turn in blocks of L = 2**max(4,
  ceil(log2(groups)) // 4); each block total is added to a level-1 accumulator, which is
  flushed into level 2 every L blocks, itself flushed into level 3 every L*L blocks; the
  trailing items (less than a block) go to level 0, then levels 1, 2, 3 are added to it.

That is the serial order. From 32768 elements (GRAIN_SIZE) on, PyTorch splits a reduction
among its threads (TensorIterator.parallel_reduce): a sum into several outputs by columns,
each output still summed as above, so these are reproduced whatever their length (up to
_OUTER_ELEMENTS); a sum into one output in two passes, each thread summing one slice into its
own slot, then the slots summed (`_two_pass`, up to _TWO_PASS_ELEMENTS, with the thread count
PyTorch would use: torch.get_num_threads()). Longer sums use NumPy's (pairwise, as exact,
and ten times faster than this emulation). Other dtypes use NumPy's sum.
"""
from __future__ import annotations

import numpy as np

_LANES = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}

#: PyTorch's grain size: past it a CPU kernel may split its work among threads. Sums up to
#: it are added in PyTorch's order here, and float32 transcendentals rounded as PyTorch's
#: kernels round (ops/unary.py); longer ones take NumPy's faster loops.
EXACT_ELEMENTS = 32768
_ILP = 4
_LEVELS = 4
#: an outer sum (over an axis other than the last) adds its rows in PyTorch's order up to
#: this many elements (one NumPy step per row, each across all the columns)
_OUTER_ELEMENTS = 4_000_000
#: an outer sum of this many elements or more splits its columns between two threads
_PARALLEL_ELEMENTS = 1 << 18
#: a sum of this many elements or fewer into one output is added in PyTorch's two-pass order
_TWO_PASS_ELEMENTS = 1 << 21


def _sequential(items: np.ndarray, acc=None) -> np.ndarray:
    """acc (zeros by default) plus items[0], items[1], ... in turn, elementwise on the rest.
    From zeros, by one NumPy reduction where NumPy adds in turn: when the summed axis is not
    the one it walks innermost (another axis of several elements has a smaller stride)."""
    if acc is None:
        if len(items) > 2 and _walked_outside(items):
            return np.add.reduce(items, axis=0, initial=0.0)
        acc = np.zeros(items.shape[1:], items.dtype)
    for item in items:
        acc = acc + item
    return acc


def _walked_outside(items: np.ndarray) -> bool:
    """Whether NumPy reduces axis 0 of items row after row (each output element its own
    running sum), not pairwise along it: some other axis of more than one element has a
    smaller stride. (Checked bit for bit against adding in turn, over 20,000 layouts.)"""
    first = abs(items.strides[0])
    return any(n > 1 and abs(st) < first for n, st in zip(items.shape[1:], items.strides[1:]))


def _blocks(items: np.ndarray, step: int):
    """The sequential totals of each complete block of `step` items, and the leftover items."""
    full = len(items) // step * step
    blocked = items[:full].reshape((full // step, step) + items.shape[1:])
    totals = _sequential(np.moveaxis(blocked, 1, 0)) if full else items[:0]
    return totals, items[full:]


def _cascade(items: np.ndarray) -> np.ndarray:
    """ATen's multi_row_sum over axis 0 (its rows), elementwise on the other axes."""
    size = len(items)
    power = max(4, int(size - 1).bit_length() // _LEVELS) if size > 1 else 4
    step = 1 << power
    level1, rest = _blocks(items, step)          # block totals; trailing items to level 0
    level2, rest1 = _blocks(level1, step)        # level 1 flushes every `step` blocks
    level3, rest2 = _blocks(level2, step)        # level 2 every step**2 blocks
    acc = _sequential(rest)
    for level in (_sequential(rest1), _sequential(rest2), _sequential(level3)):
        acc = acc + level
    return acc


def _row_sum(items: np.ndarray) -> np.ndarray:
    """ATen's row_sum over axis 0: four interleaved cascades, leftovers to the first."""
    groups = len(items) // _ILP
    body = items[:groups * _ILP].reshape((groups, _ILP) + items.shape[1:])
    partial = _cascade(body) if groups else np.zeros((_ILP,) + items.shape[1:], items.dtype)
    first = _sequential(items[groups * _ILP:], partial[0])
    for k in range(1, _ILP):
        first = first + partial[k]
    return first


def _sum_rows(rows: np.ndarray, lanes: int | None = None) -> np.ndarray:
    """PyTorch's sum of each row of `rows` (axis 0 is the summed one; the rest are rows),
    `lanes` to a vector (by default one 256-bit vector of rows.dtype)."""
    n, lanes = len(rows), lanes or _LANES[rows.dtype]
    if n < lanes:
        return np.zeros(rows.shape[1:], rows.dtype) + _row_sum(rows)
    vecs = n // lanes
    folded = _row_sum(rows[:vecs * lanes].reshape((vecs, lanes) + rows.shape[1:]))
    acc = _sequential(rows[vecs * lanes:])
    return _sequential(folded, acc)


def torch_sum(a: np.ndarray, axis=None, keepdims: bool = False):
    """np.sum(a, axis, keepdims) with PyTorch's rounding for float32/float64 when summing all
    elements, the last axis (a contiguous row in PyTorch's layout), another single axis of a
    C-contiguous array, a strided 1-D view, or (below EXACT_ELEMENTS) any other axes and
    strides, walked as TensorIterator walks them (`iter_sum`); NumPy's otherwise."""
    a = np.asarray(a)
    if a.dtype.kind == "c" and 0 < a.size < EXACT_ELEMENTS:
        r = _complex_sum(a, axis)
        if r is not None:
            return np.expand_dims(r, tuple(range(a.ndim)) if axis is None else axis) \
                if keepdims else r
    if a.dtype not in _LANES or a.size == 0:
        if a.dtype.kind == "f":     # (called here, NumPy's warnings are gradcli's: unshown)
            return np.add.reduce(a, axis=axis, keepdims=keepdims)
        return np.sum(a, axis=axis, keepdims=keepdims)
    axes = None if axis is None else tuple(d % max(a.ndim, 1) for d in np.atleast_1d(axis))
    if axes is None or (a.ndim and sorted(axes) == list(range(a.ndim))) or (
            a.size >= EXACT_ELEMENTS and all(a.shape[d] == 1 for d in range(a.ndim)
                                              if d not in axes)):
        r = _sum_all(a)                             # (or into one output element)
        if r is None:
            return np.sum(a, axis=axis, keepdims=keepdims)
        if axes is not None:
            return r.reshape([1 if d in axes else n for d, n in enumerate(a.shape)]) \
                if keepdims else r.reshape([n for d, n in enumerate(a.shape) if d not in axes])
        return r.reshape((1,) * a.ndim) if keepdims else r
    if len(axes) == 1 and axes[0] != a.ndim - 1 and a.flags.c_contiguous \
            and a.size < _OUTER_ELEMENTS:           # (each output summed by itself: exact at
        r = _sum_outer(a, axes[0])                  # any length, split among threads or not)
        return np.expand_dims(r, axes[0]) if keepdims else r
    if axes != (a.ndim - 1,) or a.strides[-1] != a.itemsize or (
            a.shape[-1] >= EXACT_ELEMENTS and a.size >= _OUTER_ELEMENTS):
        if a.size < EXACT_ELEMENTS and axes and len(set(axes)) == len(axes):
            r = iter_sum(a, set(axes))
            if r is not None:
                return r.reshape([1 if d in axes else n for d, n in enumerate(a.shape)]) \
                    if keepdims else r
        return np.sum(a, axis=axis, keepdims=keepdims)
    r = _sum_rows(np.moveaxis(a, -1, 0))
    return r[..., None] if keepdims else r


def _sum_all(a: np.ndarray):
    """The sum of all of a's elements in PyTorch's order (a 0-d array), or None where it is
    not reproduced (more than _TWO_PASS_ELEMENTS, or strides no tensor has past
    EXACT_ELEMENTS)."""
    strided_row = a.ndim == 1 and a.strides[0] != a.itemsize
    if a.size >= EXACT_ELEMENTS:
        if a.size > _TWO_PASS_ELEMENTS or not (strided_row or a.flags.c_contiguous
                                               or a.flags.f_contiguous):
            return None
        row = a if strided_row else np.ravel(a, order="K")
        return np.asarray(_two_pass(row, _row_sum if strided_row else _sum_rows), a.dtype)
    r = None
    if strided_row:
        r = _row_sum(a)                             # a strided row: ATen's scalar row_sum
    elif a.ndim > 1 and not (a.flags.c_contiguous or a.flags.f_contiguous):
        r = iter_sum(a, set(range(a.ndim)))        # None for strides no tensor has
    if r is None:
        r = _sum_rows(np.ravel(a, order="K"))       # memory order, as TensorIterator
    return np.asarray(r, dtype=a.dtype)


def _two_pass(row: np.ndarray, kernel) -> np.ndarray:
    """ATen's two_pass_reduction of a row of at least GRAIN_SIZE elements into one output:
    at::parallel_for gives each of min(threads, ceil(n / GRAIN_SIZE)) tasks a slice of
    ceil(n / tasks) elements, which `kernel` sums into that thread's zeroed slot of a
    buffer; the slots (one per thread) are then summed as a short row. One thread: the
    serial sum."""
    from .predicates import get_num_threads
    n, threads = len(row), get_num_threads()
    tasks = min(threads, -(-n // EXACT_ELEMENTS))
    if threads == 1:
        return kernel(row)
    chunk = -(-n // tasks)
    slots = np.zeros(threads, row.dtype)
    for i, start in enumerate(range(0, n, chunk)):
        slots[i] = slots[i] + kernel(row[start:start + chunk])
    return _sum_rows(slots)


def _complex_sum(a: np.ndarray, axis):
    """`torch_sum` of a complex array over all elements (C-contiguous), along its last axis
    (rows contiguous) or another single axis (C-contiguous): ATen's order with one 256-bit
    vector of complex numbers (4 complex64, 2 complex128) a step, the real and imaginary
    parts in their own lanes; None elsewhere (NumPy's sum then)."""
    part = np.float32 if a.dtype == np.complex64 else np.float64
    lanes = 32 // a.itemsize
    if axis is None or (a.ndim and tuple(sorted(np.atleast_1d(axis) % a.ndim)) ==
                        tuple(range(a.ndim))):
        if not a.flags.c_contiguous:
            return None
        pairs = a.reshape(-1).view(part).reshape(-1, 2)
    elif tuple(np.atleast_1d(axis) % max(a.ndim, 1)) == (a.ndim - 1,) and \
            a.strides[-1] == a.itemsize:
        pairs = np.moveaxis(np.stack([a.real, a.imag], -1), -2, 0)
    elif np.ndim(axis) == 0 or len(np.atleast_1d(axis)) == 1:
        d = int(np.atleast_1d(axis)[0]) % a.ndim
        if not a.flags.c_contiguous or a.size >= _OUTER_ELEMENTS:
            return None         # an outer sum: the parts interleaved are a real array whose
        flat = a.view(part).reshape(a.shape[:-1] + (2 * a.shape[-1],))   # vectors hold
        return _sum_outer(flat, d).view(a.dtype)       # the same elements as the complex's
    else:
        return None
    r = _sum_rows(pairs, lanes)
    out = np.empty(r.shape[:-1], a.dtype)
    out.real, out.imag = r[..., 0], r[..., 1]
    return out


def _iter_order(shape, ins, outs):
    """TensorIterator's dimension order for a reduction (reorder_dimensions): innermost
    first, the reduced dims (output stride 0) in front, then by output strides, then by input
    strides; an insertion sort from the reversed order, ties kept."""
    nd = len(shape)

    def should_swap(d0, d1):
        for k, st in enumerate((outs, ins)):
            s0, s1 = st[d0], st[d1]
            if k == 0 and (s0 == 0) != (s1 == 0):
                return 1 if s1 == 0 else -1
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return -1 if s0 < s1 else 1
            if shape[d0] > shape[d1]:
                return 1
        return 0
    perm = list(range(nd))[::-1]
    for i in range(1, nd):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    return perm


def iter_sum(a: np.ndarray, axes: set):
    """The sum over `axes` as ATen's cascade_sum walks a TensorIterator over `a` (its
    strides, a contiguous output): dims reordered and coalesced, each 2-D chunk summed by
    vectorized/scalar inner/outer kernels, chunk totals added into the output in turn.
    None where a's strides are not a tensor's (negative or not whole elements)."""
    item = a.itemsize
    if any(s < 0 or s % item for s in a.strides):
        return None
    nd = a.ndim
    ins = [s // item for s in a.strides]
    kept = [1 if d in axes else n for d, n in enumerate(a.shape)]
    outs, step = [0] * nd, 1
    for d in range(nd - 1, -1, -1):
        outs[d] = 0 if d in axes else step
        step *= kept[d]
    pos = np.broadcast_to(np.arange(step).reshape(kept), a.shape)
    perm = _iter_order(a.shape, ins, outs)
    shape = [a.shape[d] for d in perm]
    ist, ost = [ins[d] for d in perm], [outs[d] for d in perm]
    groups = [[0]]                      # coalesce_dimensions
    for i in range(1, nd):
        gp = groups[-1]
        s0 = int(np.prod([shape[d] for d in gp]))
        if s0 == 1 or shape[i] == 1 or all(st[gp[0]] * s0 == st[i] for st in (ist, ost)):
            if s0 == 1:
                ist[gp[0]], ost[gp[0]] = ist[i], ost[i]
            gp.append(i)
        else:
            groups.append([i])
    sizes = [int(np.prod([shape[d] for d in g])) for g in groups]
    gi, go = [ist[g[0]] for g in groups], [ost[g[0]] for g in groups]
    rev = [perm[d] for d in range(nd)][::-1]
    vals = np.transpose(a, rev).reshape(sizes[::-1] or [1])
    pos = np.transpose(pos, rev).reshape(sizes[::-1] or [1])
    if len(sizes) == 1:
        sizes, gi, go = sizes + [1], gi + [0], go + [0]
        vals, pos = vals[None], pos[None]
    # numpy axes: (dim k-1, ..., dim 2, dim 1, dim 0)
    if go[0] != 0 and go[1] == 0:
        vals, pos = np.swapaxes(vals, -1, -2), np.swapaxes(pos, -1, -2)
        sizes[0], sizes[1], gi[0], gi[1] = sizes[1], sizes[0], gi[1], gi[0]
        go[0], go[1] = go[1], go[0]
    lanes = _LANES[a.dtype]
    if go[0] != 0:                      # no reduction in the chunk: added elementwise
        cols, cpos = vals, pos
        seq_axes = [i for i in range(vals.ndim) if go[vals.ndim - 1 - i] == 0]
    else:
        size0, size1 = sizes[0], sizes[1]
        col = np.moveaxis(vals, -1, 0)   # dim 0 (the summed one) first
        if gi[0] == 1 and size0 >= lanes:
            cols = _sum_rows(col)
        else:
            if gi[1] == 1 and size1 >= lanes:
                split = size1 // (_ILP * lanes) * (_ILP * lanes)
            elif gi[0] < gi[1]:
                split = 0
            else:
                split = size1 // _ILP * _ILP
            cols = np.empty(col.shape[1:], a.dtype)
            if split:
                cols[..., :split] = _cascade(col[..., :split])
            if split < size1:
                cols[..., split:] = _row_sum(col[..., split:])
        cpos = pos[..., 0]
        seq_axes = [i for i in range(cols.ndim) if go[cols.ndim - i] == 0]
    keep_axes = [i for i in range(cols.ndim) if i not in seq_axes]
    order = keep_axes + seq_axes
    cols, cpos = np.transpose(cols, order), np.transpose(cpos, order)
    nkeep = int(np.prod([cols.shape[i] for i in range(len(keep_axes))]))
    cols, cpos = cols.reshape(nkeep, -1), cpos.reshape(nkeep, -1)[:, 0]
    acc = _sequential(np.moveaxis(cols, 1, 0))
    out = np.zeros(step, a.dtype)
    out[cpos] = acc
    return out.reshape([n for d, n in enumerate(a.shape) if d not in axes])


def _sum_outer(a: np.ndarray, axis: int) -> np.ndarray:
    """The sum over `axis` (not the last) of a C-contiguous array, as ATen's outer sum adds
    it (vectorized_outer_sum, or scalar_outer_sum for fewer columns than a vector): the
    inner columns in groups (of 4 vectors, or of 4 for the scalar loop) each summed by one
    cascade (multi_row_sum), the columns left over by row_sum."""
    outer, rows = int(np.prod(a.shape[:axis])), a.shape[axis]
    inner = int(np.prod(a.shape[axis + 1:]))
    m = np.moveaxis(a.reshape(outer, rows, inner), 1, 0)     # the summed axis first
    if inner == 1:                      # TensorIterator drops the size-1 dims: a plain row
        return _sum_rows(m[:, :, 0]).reshape(a.shape[:axis] + a.shape[axis + 1:])
    lanes = _LANES[a.dtype]
    group = _ILP * lanes if inner >= lanes else _ILP
    split = inner // group * group
    out = np.empty((outer, inner), a.dtype)
    half = split // group // 2 * group
    if half and a.size >= _PARALLEL_ELEMENTS:     # each column's sum is its own: two threads
        from .core import in_parallel             # take half of the groups each
        out[:, :half], out[:, half:split] = in_parallel(
            lambda: _cascade(m[:, :, :half]), lambda: _cascade(m[:, :, half:split]))
    elif split:
        out[:, :split] = _cascade(m[:, :, :split])
    if split < inner:
        out[:, split:] = _row_sum(m[:, :, split:])
    return out.reshape(a.shape[:axis] + a.shape[axis + 1:])


def torch_mean(a: np.ndarray, axis=None, keepdims: bool = False):
    """PyTorch's CPU mean: its sum divided by the element count, in the dtype."""
    a = np.asarray(a)
    complex_ = a.dtype.kind == "c"
    if a.dtype not in _LANES and not complex_:
        return np.mean(a, axis=axis, keepdims=keepdims)
    s = torch_sum(a, axis, keepdims)
    count = a.size if axis is None else int(np.prod([a.shape[d] for d in np.atleast_1d(axis)]))
    if complex_:                # divided by complex(count, 0): each part times 1/count
        from .. import complexmath
        return complexmath.divide(np.asarray(s), np.asarray(count, a.dtype))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(s / a.dtype.type(count), dtype=a.dtype)


def nll_total(terms: np.ndarray, weights: np.ndarray, kept: np.ndarray, rounded=None):
    """(sum of terms, sum of weights) over the kept items of a 1-D batch, added as ATen's
    nll_loss adds them (nll_loss_out_frame): each item into a level-0 accumulator; after item
    b (b counting ignored ones too, which are skipped outright), while b's base-16 digits
    are 0 from the lowest up, each level is added into the next and cleared (8 levels);
    the total is 0 + level 0 + level 1 + ... + level 7. `rounded`: the accumulators are a
    bfloat16 or float16 kernel's scalar_t (terms given in float32), each sum rounded."""
    dt = terms.dtype.type
    add = (lambda a, b: dt(a + b)) if rounded is None else (lambda a, b: dt(rounded(a + b)))
    loss, weight = [dt(0)] * 8, [dt(0)] * 8
    positions = np.nonzero(kept)[0]
    start = 0
    for stop in [k + 1 for k, b in enumerate(positions) if b % 16 == 0] + [len(positions)]:
        seg = positions[start:stop]
        if len(seg) and rounded is None:
            loss[0] = np.add.accumulate(np.concatenate(([loss[0]], terms[seg])))[-1]
            weight[0] = np.add.accumulate(np.concatenate(([weight[0]], weights[seg])))[-1]
        elif len(seg):
            for t, w in zip(terms[seg], weights[seg]):
                loss[0], weight[0] = add(loss[0], t), add(weight[0], w)
        if stop < len(positions) or (len(seg) and seg[-1] % 16 == 0):
            b = int(seg[-1])
            for j in range(7):
                if (b >> (4 * j)) & 15:
                    break
                loss[j + 1], loss[j] = add(loss[j + 1], loss[j]), dt(0)
                weight[j + 1], weight[j] = add(weight[j + 1], weight[j]), dt(0)
        start = stop
    total, total_weight = dt(0), dt(0)
    for j in range(8):
        total, total_weight = add(total, loss[j]), add(total_weight, weight[j])
    return total, total_weight


#: the type ATen's CPU cumulative kernels (cpu_cum_base_kernel) accumulate a dtype in
#: (at::acc_type<T, false>): every running total is kept wide and rounded on its own
_CUM_ACC = {np.dtype(np.float32): np.float64, np.dtype(np.float16): np.float32}


def torch_cumulative(ufunc, a: np.ndarray, axis: int) -> np.ndarray:
    """ufunc.accumulate(a, axis) (np.add or np.multiply) as PyTorch's cumsum/cumprod: one
    element after another along the axis in the wider accumulator, each total rounded."""
    if a.ndim == 0:
        return a.copy()
    wide = _CUM_ACC.get(a.dtype)
    if wide is None and ufunc is np.add and a.dtype == np.complex64:
        wide = np.complex128        # at::acc_type of complex<float> (products: NumPy's)
    if wide is None:
        out = ufunc.accumulate(a, axis=axis)
    else:
        with np.errstate(over="ignore", invalid="ignore"):
            out = ufunc.accumulate(a.astype(wide), axis=axis).astype(a.dtype)
    if ufunc is np.add and out.dtype.kind == "f":
        out += 0.0          # the running sum starts from +0: a run of -0.0 sums to +0.0
    return out


def torch_prod(a: np.ndarray, axis=None, keepdims: bool = False):
    """np.prod(a, axis, keepdims) with PyTorch's float32/float64 rounding
    (binary_kernel_reduce_vec): along a contiguous row, blocks of 4 vectors (of 8 float32 or
    4 float64) are multiplied lane by lane, the four
    combined as (v0*v1)*(v2*v3), its lanes folded in turn, then the elements past the last
    block one by one; along any other single axis, one row after another. Products of one
    output over 32768 or more elements (split among threads) and other dtypes are NumPy's."""
    a = np.asarray(a)
    if a.dtype not in _LANES or a.size == 0 or a.ndim == 0:
        return np.prod(a, axis=axis, keepdims=keepdims)
    axes = tuple(range(a.ndim)) if axis is None else tuple(d % a.ndim for d in np.atleast_1d(axis))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        if len(axes) == a.ndim and a.size < EXACT_ELEMENTS:
            r = _prod_rows(np.ravel(a, order="K")[None])[0]
            return np.full((1,) * a.ndim, r) if keepdims else r
        if len(axes) != 1 or a.shape[axes[0]] >= EXACT_ELEMENTS:
            return np.prod(a, axis=axis, keepdims=keepdims)
        d = axes[0]
        if d == a.ndim - 1 and a.strides[d] == a.itemsize:
            r = _prod_rows(a.reshape(-1, a.shape[d])).reshape(a.shape[:-1])
        else:
            r = np.multiply.accumulate(a, axis=d).take(-1, axis=d)
        return np.expand_dims(r, d) if keepdims else r


def _prod_rows(rows: np.ndarray) -> np.ndarray:
    """vectorized_inner_reduction's product of each row of a 2-D float32 array."""
    n, lanes = rows.shape[1], _LANES[rows.dtype]
    count = n // (_ILP * lanes)
    out = np.ones(rows.shape[0], rows.dtype)
    if count:
        blocks = rows[:, :count * _ILP * lanes].reshape(rows.shape[0], count, _ILP, lanes)
        acc = np.multiply.accumulate(blocks, axis=1)[:, -1]     # block by block, in turn
        acc = (acc[:, 0] * acc[:, 1]) * (acc[:, 2] * acc[:, 3])
        total = acc[:, 0]
        for j in range(1, lanes):
            total = total * acc[:, j]
        out = out * total
    for k in range(count * _ILP * lanes, n):
        out = out * rows[:, k]
    return out
