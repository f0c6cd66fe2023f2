"""The tie order of PyTorch's CPU sort, topk, kthvalue and mode, reproduced.

PyTorch's CPU kernels order equal values by the unstable algorithms they call: `sort` and
`argsort` (stable=False) and `mode` call libstdc++'s std::sort, `topk` std::nth_element /
std::partial_sort and std::sort, `kthvalue` PyTorch's own quick_select_template. Which index
a tie returns is a deterministic result of those algorithms, so they are written out here
step for step (each on a list of (key, index) pairs, keys compared with < or >), and the
selection ops use them for a row only when a tie makes the order matter. Python runs them,
so a call whose rows with ties hold more than EXACT_TIES_MAX elements in all keeps the
stable order instead (same values; the indices of tied values may then differ).
"""
from __future__ import annotations

import numpy as np

EXACT_TIES_MAX = 100_000


def rank_keys(row: np.ndarray, descending: bool) -> list:
    """Integer keys ordering row as PyTorch's comparators do: NaN above every number, equal
    values equal; negated for a descending order (so < always means 'comes first')."""
    a = np.asarray(row)
    if a.dtype.kind == "f":
        nan = np.isnan(a)
        u = np.unique(a[~nan])
        r = np.where(nan, len(u), np.searchsorted(u, a))
    else:
        r = np.searchsorted(np.unique(a), a)
    return (-r if descending else r).tolist()


def sort_order(keys: list) -> list:
    """std::sort's order of indices 0..n-1 by keys (any objects with a <: the comparator)."""
    q = list(zip(keys, range(len(keys))))
    sort(q, 0, len(q))
    return [i for _, i in q]


def topk_order(keys: list, k: int, ordered: bool) -> list:
    """PyTorch's topk_impl_loop: the first k indices by keys."""
    n = len(keys)
    if k == 0:
        return []
    q = list(zip(keys, range(n)))
    if k * 64 <= n:
        partial_sort(q, 0, k, n)
    else:
        nth_element(q, 0, k - 1, n)
        if ordered:
            sort(q, 0, k - 1)
    return [i for _, i in q[:k]]


def kth_index(keys: list, k: int) -> int:
    """The index kthvalue reports for the k-th smallest (1-based) key."""
    q = list(zip(keys, range(len(keys))))
    quick_select(q, k - 1)
    return q[k - 1][1]


def mode_index(row: np.ndarray) -> int:
    """The index PyTorch's mode reports: std::sort by value (raw <, so NaN compares false),
    then the last position of the first longest run."""
    q = list(zip(row.tolist(), range(len(row))))
    sort(q, 0, len(q))
    best, most, run = 0, 0, 0
    for i in range(len(q)):
        run += 1
        if i == len(q) - 1 or q[i][0] != q[i + 1][0]:
            if run > most:
                best, most = q[i][1], run
            run = 0
    return best



def _lt(a, b):
    return a[0] < b[0]


def _lg(n):
    return n.bit_length() - 1


def nth_element(q, first, nth, last):
    if first == last or nth == last:
        return
    depth = _lg(last - first) * 2
    while last - first > 3:
        if depth == 0:
            _heap_select(q, first, nth + 1, last)
            q[first], q[nth] = q[nth], q[first]
            return
        depth -= 1
        cut = _partition_pivot(q, first, last)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(q, first, last)


def sort(q, first, last):
    if first == last:
        return
    stack = [(first, last, _lg(last - first) * 2)]
    while stack:                      # __introsort_loop, its recursion made a stack
        lo, hi, depth = stack.pop()
        while hi - lo > 16:
            if depth == 0:
                _partial_sort(q, lo, hi, hi)
                break
            depth -= 1
            cut = _partition_pivot(q, lo, hi)
            stack.append((cut, hi, depth))
            hi = cut
    if last - first > 16:
        _insertion_sort(q, first, first + 16)
        for i in range(first + 16, last):
            _linear_insert(q, i)
    else:
        _insertion_sort(q, first, last)


def partial_sort(q, first, middle, last):
    _partial_sort(q, first, middle, last)


def _partial_sort(q, first, middle, last):
    _heap_select(q, first, middle, last)
    while middle - first > 1:           # __sort_heap
        middle -= 1
        _pop_heap(q, first, middle, middle)


def _partition_pivot(q, first, last):
    mid = first + (last - first) // 2
    _median_to_first(q, first, first + 1, mid, last - 1)
    return _unguarded_partition(q, first + 1, last, first)


def _median_to_first(q, result, a, b, c):
    if _lt(q[a], q[b]):
        if _lt(q[b], q[c]):
            pick = b
        elif _lt(q[a], q[c]):
            pick = c
        else:
            pick = a
    elif _lt(q[a], q[c]):
        pick = a
    elif _lt(q[b], q[c]):
        pick = c
    else:
        pick = b
    q[result], q[pick] = q[pick], q[result]


def _unguarded_partition(q, first, last, pivot):
    while True:
        while _lt(q[first], q[pivot]):
            first += 1
        last -= 1
        while _lt(q[pivot], q[last]):
            last -= 1
        if not first < last:
            return first
        q[first], q[last] = q[last], q[first]
        first += 1


def _insertion_sort(q, first, last):
    if first == last:
        return
    for i in range(first + 1, last):
        if _lt(q[i], q[first]):
            val = q[i]
            q[first + 1:i + 1] = q[first:i]
            q[first] = val
        else:
            _linear_insert(q, i)


def _linear_insert(q, last):
    val = q[last]
    nxt = last - 1
    while _lt(val, q[nxt]):
        q[last] = q[nxt]
        last = nxt
        nxt -= 1
    q[last] = val


def _heap_select(q, first, middle, last):
    _make_heap(q, first, middle)
    for i in range(middle, last):
        if _lt(q[i], q[first]):
            _pop_heap(q, first, middle, i)


def _make_heap(q, first, last):
    n = last - first
    if n < 2:
        return
    parent = (n - 2) // 2
    while True:
        _adjust_heap(q, first, parent, n, q[first + parent])
        if parent == 0:
            return
        parent -= 1


def _adjust_heap(q, first, hole, n, value):
    top = hole
    child = hole
    while child < (n - 1) // 2:
        child = 2 * (child + 1)
        if _lt(q[first + child], q[first + child - 1]):
            child -= 1
        q[first + hole] = q[first + child]
        hole = child
    if n % 2 == 0 and child == (n - 2) // 2:
        child = 2 * (child + 1)
        q[first + hole] = q[first + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2            # __push_heap
    while hole > top and _lt(q[first + parent], value):
        q[first + hole] = q[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    q[first + hole] = value


def _pop_heap(q, first, last, result):
    value = q[result]
    q[result] = q[first]
    _adjust_heap(q, first, 0, last - first, value)


def quick_select(q, k):
    """PyTorch's quick_select_template (kthvalue): q[k] ends as the k-th smallest; keys
    compare with >."""
    lo, hi = 0, len(q) - 1
    while True:
        if hi <= lo:
            return
        if hi == lo + 1:
            if q[lo][0] > q[hi][0]:
                q[lo], q[hi] = q[hi], q[lo]
            return
        p = lo + (hi - lo) // 2
        q[p], q[lo + 1] = q[lo + 1], q[p]
        if q[lo + 1][0] > q[hi][0]:
            q[lo + 1], q[hi] = q[hi], q[lo + 1]
        if q[lo][0] > q[hi][0]:
            q[lo], q[hi] = q[hi], q[lo]
        if q[lo + 1][0] > q[lo][0]:
            q[lo + 1], q[lo] = q[lo], q[lo + 1]
        i, j = lo + 1, hi
        piv = q[lo][0]
        while True:
            i += 1
            while piv > q[i][0]:
                i += 1
            j -= 1
            while q[j][0] > piv:
                j -= 1
            if j < i:
                break
            q[i], q[j] = q[j], q[i]
        q[lo], q[j] = q[j], q[lo]
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1
