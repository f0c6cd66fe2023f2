"""Products: dot, mm, mv, bmm, matmul (`@`), outer.

`matmul` dispatches as PyTorch does: 1-D@1-D is `dot`, 2-D@2-D `mm`, 2-D@1-D `mv`, 1-D@2-D
an `mm` of the unsqueezed vector; batched products broadcast over leading dims.
"""
from __future__ import annotations

import math

import numpy as np

from .. import cpu
from ..autograd.graph import Node
from ..errors import TorchIndexError, TorchNotImplementedError, TorchRuntimeError
from .._tensor import _CPP_NAMES, Tensor
from .core import apply, broadcast_error, maybe_multiply, to_tensor, wrap
from .core import _BF16, _amp, _autocast_cpu, _bf16_used
from .registry import category, fixed, register
from .sumorder import EXACT_ELEMENTS

category("linear algebra")


def _same_dtype(a, b, what):
    """PyTorch's refusal of operands of two dtypes, in the words of the kernel `what`."""
    if a._data.dtype == b._data.dtype:
        return
    la, lb = a.dtype.legacy, b.dtype.legacy
    if what.startswith("dot"):
        raise TorchRuntimeError(f"{what}, but found {la} and {lb}")
    if what == "mv":
        raise TorchRuntimeError(f"addmv input tensors must have the same dtype, but got {lb}, "
                                f"{la}, and {lb}")
    if what == "bmm":
        raise TorchRuntimeError(f"expected scalar type {la} but found {lb}")
    raise TorchRuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                            f"{_cname(a)} != {_cname(b)}")


def _cname(t):
    """The C++ name of t's element type, as ATen's messages print it (c10::BFloat16 ...)."""
    return _CPP_NAMES.get(t.dtype.name, t.dtype.name)


class DotBackward0(Node):
    """d dot(a, b) = g*b, g*a"""

    bilinear = True
    same_dtype = "dot : expected both vectors to have same dtype"
    save_inputs = (0, 1)
    saved_if = ((1,), (0,))

    def forward(self, a, b):
        return dot_values(a, b)

    def backward(self, g):
        a, b = self.saved
        return (g * b if self.needs(0) else None), (g * a if self.needs(1) else None)


def dot_values(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """ATen's dot of two vectors: MKL's order on Intel's CPUs (`mkl_dot`, up to
    _MKL_DOT_ELEMENTS), else NumPy's."""
    if a.dtype == b.dtype and a.dtype in (np.float32, np.float64) and \
            a.size <= _MKL_DOT_ELEMENTS and cpu.mkl_vendor() == "intel":
        return mkl_dot(a, b)
    return np.asarray(np.dot(a, b))


#: longest vectors whose dot follows MKL's order (each of its steps is an emulated fused
#: multiply-add on one vector's worth: ~2 ms at this length); NumPy's BLAS beyond
_MKL_DOT_ELEMENTS = 2048


def mkl_dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """dot(a, b) of two float32 or float64 vectors as PyTorch 2.13's MKL (sdot, ddot) adds it
    on an Intel CPU with AVX-512, found by probing torch (each pair of elements set to M and
    -M, the rest 1: the ones lost tell which partial sum holds both) and checked bit for bit
    against it on every length to 300 and more to 8200, at three alignments: vectors of
    V = 16 (float32) or 8 (float64) lanes, each multiplied into an accumulator by a fused
    multiply-add; four accumulators take the vectors in turn while four or more whole
    vectors are left, then two, then the first takes the rest, the last vector zero-padded;
    then (acc0 + acc1) + (acc2 + acc3), whose lanes are halved (float64: 4, 2, 1 apart;
    float32: 8, 4 apart, then (s0 + s1) + (s2 + s3)). A vector with a stride (either) takes
    MKL's scalar kernel instead (`_strided_dot_part`). (From 32 KiB on, MKL's two threads
    would take ceil(n/2) and the rest, each in this order, and add their sums.)"""
    part = _mkl_dot_part if a.strides[0] == b.strides[0] == a.itemsize else _strided_dot_part
    return np.asarray(part(a, b))


def _strided_dot_part(a: np.ndarray, b: np.ndarray):
    """MKL's dot of strided vectors (same probing): four accumulators take the elements in
    turn (fused multiply-adds) over the first 4 * (n // 4); then (acc0 + acc2) and
    (acc1 + acc3) take the next two elements if two are left, are added, and the last
    element, if one is left, is multiplied onto that sum."""
    from ..fpmath import fma
    dt = a.dtype
    n = a.size
    quads = n // 4 * 4
    acc = np.zeros(4, dt)
    with np.errstate(all="ignore"):
        for t in range(0, quads, 4):
            acc = fma(a[t:t + 4], b[t:t + 4], acc)
        two = np.array([acc[0] + acc[2], acc[1] + acc[3]], dt)
        if n - quads >= 2:
            two = fma(a[quads:quads + 2], b[quads:quads + 2], two)
        total = two[0] + two[1]
        if (n - quads) % 2:
            total = fma(a[n - 1:], b[n - 1:], np.array([total], dt))[0]
        return total


def _mkl_dot_part(a: np.ndarray, b: np.ndarray):
    from ..fpmath import fma
    dt = a.dtype
    lanes = 16 if dt == np.float32 else 8
    n = a.size
    whole = n // lanes
    acc = np.zeros((4, lanes), dt)
    quads = whole // 4 * 4
    va = a[:quads * lanes].reshape(-1, 4, lanes)
    vb = b[:quads * lanes].reshape(-1, 4, lanes)
    with np.errstate(all="ignore"):
        for block in range(quads // 4):
            acc = fma(va[block], vb[block], acc)
        t = quads
        if whole - t >= 2:
            acc[:2] = fma(a[t * lanes:(t + 2) * lanes].reshape(2, lanes),
                          b[t * lanes:(t + 2) * lanes].reshape(2, lanes), acc[:2])
            t += 2
        if t < whole:
            acc[0] = fma(a[t * lanes:(t + 1) * lanes], b[t * lanes:(t + 1) * lanes], acc[0])
        if n > whole * lanes:           # the last, partial vector, zero-padded
            pa, pb = np.zeros(lanes, dt), np.zeros(lanes, dt)
            pa[:n - whole * lanes] = a[whole * lanes:]
            pb[:n - whole * lanes] = b[whole * lanes:]
            acc[0] = fma(pa, pb, acc[0])
        v = (acc[0] + acc[1]) + (acc[2] + acc[3])
        if lanes == 16:
            v = v[:8] + v[8:]
            v = v[:4] + v[4:]
            return (v[0] + v[1]) + (v[2] + v[3])
        v = v[:4] + v[4:]
        v = v[:2] + v[2:]
        return v[0] + v[1]


@register("dot", grad_fn="DotBackward0", method=True, sample=fixed((((3,), (3,)), {})))
def dot(input, tensor):
    """sum(a*b) of two vectors: d/da = b, d/db = a"""
    a, b = input, to_tensor(tensor)
    check_dot_operands(a, b)
    return apply(DotBackward0, (a, b))


def check_dot_operands(a, b) -> None:
    """PyTorch's checks of dot's and vdot's operands, in its order (dot_check): two 1-D
    tensors of one dtype and one length, not bool (its dot kernels have no bool version)."""
    if a._data.ndim != 1 or b._data.ndim != 1:
        raise TorchRuntimeError(f"1D tensors expected, but got {a._data.ndim}D and "
                                f"{b._data.ndim}D tensors")
    _same_dtype(a, b, "dot : expected both vectors to have same dtype")
    if a._data.shape != b._data.shape:
        n, m = a._data.shape[0], b._data.shape[0]
        raise TorchRuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{m}]"
                                f" to have the same number of elements, but got {n} and {m} "
                                "elements respectively")
    if a._data.dtype == np.bool_:
        raise TorchNotImplementedError("\"dot\" not implemented for 'Bool'")


class MmBackward0(Node):
    """d (A @ B) = g @ B^T, A^T @ g"""

    zero_tangents = True
    bilinear = True
    same_dtype = "mm"
    save_inputs = (0, 1)
    saved_if = ((1,), (0,))

    def forward(self, a, b):
        self.col_major = (_col_major(a), _col_major(b))
        self.in_strides = (a.strides, b.strides)    # _saved_self_sym_strides, mat2's
        return _mm(a, b)

    def backward(self, g):
        a, b = self.saved
        return mm_graph_grads(g, a, b, self.col_major, self.needs(0), self.needs(1),
                              mat2_first=True)


def mm_graph_grads(g, a, b, col_major, need_a, need_b, alpha=1, mat2_first=False):
    """mm_mat1_backward and mm_mat2_backward as PyTorch records them: an input that was
    column-major gets its gradient as a transposed product; alpha multiplies last. They
    are made in the order of the inputs' names (PyTorch's code generator sorts them):
    mm's (self, mat2) mat2's first, addmm's (mat1, mat2) mat1's."""
    def grad_a():
        return maybe_multiply(b.mm(g.t()).t() if col_major[0] else g.mm(b.t()), alpha)

    def grad_b():
        return maybe_multiply(g.t().mm(a).t() if col_major[1] else a.t().mm(g), alpha)
    gb = grad_b() if need_b and mat2_first else None
    ga = grad_a() if need_a else None
    if need_b and not mat2_first:
        gb = grad_b()
    return ga, gb


def _mm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b, rounded as PyTorch's CPU kernel rounds it where its order is known
    (`_mm_values`), laid out as ATen allocates it (`row_major`)."""
    return row_major(_mm_values(a, b))


def row_major(out: np.ndarray) -> np.ndarray:
    """A matrix product's result as ATen allocates it: a new row-major array whose size-1 dims
    have their contiguous strides too (a kernel's (n, 1) column of a 1-D result has 0)."""
    if out.flags.c_contiguous and out.base is None and \
            (out.ndim < 2 or out.strides[0] == out.shape[1] * out.itemsize):
        return out
    fresh = np.empty(out.shape, out.dtype)
    fresh[...] = out
    return fresh


def _mm_values(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b, rounded as PyTorch's CPU kernel rounds it where its order is known.

    A row times a column that is not column-major ((1, K) @ (K, 1), as a linear layer's
    weight gradient for one output and one input feature) is summed product by rounded
    product from the first. A column times a row ((M, 1) @ (1, N), M and N over 1: a
    linear layer's weight gradient for a batch of one) is its products, -0 kept. So is a
    float32 product with few output columns (see
    `_adds_in_turn`: MKL's small-matrix kernels, e.g. every `Linear(3, 8)` forward and
    weight gradient); elsewhere NumPy's BLAS, whose order can differ in the last bit.
    These orders are MKL's on AMD's CPUs (`cpu.mkl_vendor`), where matrix-vector products
    follow them up to EXACT_ELEMENTS products (beyond, the ordered sums would cost many
    times the product itself). On Intel's CPUs MKL's orders there (`intel_gemm`,
    `intel_gemv64`) within their caps, else NumPy's BLAS."""
    if cpu.mkl_vendor() != "amd":
        if _intel_gemm_applies(a, b) or _intel_sgemm_nt_in_turn(a, b):
            return intel_gemm(a, b)
        parts = _intel_k_parts(a, b)
        if parts is not None:
            return _k_split_values(a, b, parts)
        if _intel_sgemm_nt_dot(a, b):
            return intel_sgemm_dot(a, b)
        kernel = _intel_dgemm_nt(a, b)
        if kernel is not None:
            return kernel(a, b)
        if a.shape[1] == 1 and a.shape[0] > 1 and b.shape[1] > 1 and a.dtype == b.dtype and \
                a.dtype in (np.float32, np.float64):
            return a * b                # one product each: MKL's gemm gives it (-0 kept)
        if b.shape[1] == 1 and a.dtype == b.dtype == np.float32 and not _blas_transposed(a):
            out = intel_sgemv_rows(a, b[:, 0], b.strides[1] == b.itemsize)   # a Linear(k, 1)'s
            if out is not None:
                return out[:, None]
        if a.shape[0] == 1 and b.shape[1] > 1 and a.dtype == b.dtype == np.float32:
            out = intel_sgemv_rows(b.T, a[0]) if _blas_transposed(b) else \
                intel_sgemv_columns(b.T, a[0])      # one row: the gemv of B^T
            if out is not None:
                return out[None, :]
        if b.shape[1] == 1 and a.shape[0] > 1 and a.dtype == b.dtype == np.float32 and \
                _blas_transposed(a):
            out = intel_sgemv_columns(a, b[:, 0])   # G.t() @ x: a Linear(1, n)'s weight grad
            if out is not None:
                return out[:, None]
        if a.dtype == b.dtype == np.float64 and a.size * b.shape[1] <= _MKL_GEMV_ELEMENTS:
            if b.shape[1] == 1 and a.shape[0] > 1:
                out = intel_gemv64(a, b[:, 0])
                if out is not None:
                    return out[:, None]
            elif a.shape[0] == 1 and b.shape[1] > 1:        # one row: the gemv of B^T
                out = intel_gemv64(b.T, a[0])
                if out is not None:
                    return out[None, :]
        return a @ b
    if a.shape[0] == 1 and b.shape[1] == 1 and a.dtype == b.dtype \
            and a.dtype in (np.float32, np.float64) and not _col_major(b):
        products = a[0] * b[:, 0]
        total = np.cumsum(products)[-1:] if products.size else np.zeros(1, a.dtype)
        return total.reshape(1, 1).astype(a.dtype, copy=False)
    if a.shape[1] == 1 and a.shape[0] > 1 and b.shape[1] > 1 and a.dtype == b.dtype and \
            a.dtype in (np.float32, np.float64):
        return a * b                    # one product each: MKL's gemm gives it (-0 kept)
    gemv = a.size + b.size <= EXACT_ELEMENTS
    if a.dtype == b.dtype == np.float32 and a.size + b.size <= _IN_TURN_ELEMENTS:
        if gemv and b.shape[1] == 1 and a.shape[0] > 1 and a.shape[1] > 4 and \
                not _blas_transposed(a):
            return _gemv_rows(a, b[:, 0])[:, None]
        if a.shape[0] > 1 and 2 <= b.shape[1] <= 11 and a.shape[1] > 1 and \
                a.size * b.shape[1] <= _IN_TURN_ELEMENTS and \
                _blas_transposed(b) and not _blas_transposed(a):
            return _rows_times_rows(a, b.T)         # x @ W.t(): a Linear's forward
        if gemv and a.shape[0] == 1 and b.shape[1] > 1:     # one row: MKL's gemv of B^T
            if b.shape[0] > 4 and _blas_transposed(b):
                return _gemv_rows(b.T, a[0])[None, :]
            return _in_turn(a, b)
    if a.dtype == b.dtype == np.float32 and _adds_in_turn(a, b):
        return _in_turn(a, b)
    if a.dtype == b.dtype == np.float64 and a.size + b.size <= _IN_TURN_ELEMENTS:
        if gemv and b.shape[1] == 1 and a.shape[0] > 1 and a.shape[1] > 4 and \
                not _blas_transposed(a):
            return _gemv_rows64(a, b[:, 0])[:, None]
        if gemv and a.shape[0] == 1 and b.shape[1] > 1 and b.shape[0] > 4 and \
                _blas_transposed(b):
            return _gemv_rows64(b.T, a[0])[None, :]         # one row: dgemv of B^T
        if a.shape[0] > 1 and 2 <= b.shape[1] <= 11 and a.shape[1] > 1 and \
                a.size * b.shape[1] <= _IN_TURN_ELEMENTS and \
                _blas_transposed(b) and not _blas_transposed(a):
            return _rows_times_rows(a, b.T)         # x @ W.t(): a Linear's forward
        if _adds_in_turn64(a, b):
            return _in_turn(a, b)
    return a @ b


#: most products of a matrix product in MKL's order on Intel's CPUs (`intel_gemm`: each of
#: its k steps an emulated fused multiply-add over the m x n outputs, ~10-25 ns a product,
#: so ~50 ms at the cap); NumPy's BLAS beyond. Probed against torch past the old cap of
#: 2^17 too: 16 shapes of 0.6-1.6 million products, A row-major or transposed and B
#: row-major, or float32 x @ W.t(), all in turn.
_MKL_GEMM_ELEMENTS = 1 << 21
#: where MKL's sgemm/dgemm change kernels on an Intel CPU (alpha's operand, two threads
#: over the inner elements): rows x columns x inner of 196,608 float32 or 98,304 float64
_MKL_BIG_BYTES = 786432


def mm_onto(c: np.ndarray, a: np.ndarray, b: np.ndarray, alpha=None) -> np.ndarray:
    """C + alpha * (a @ b) as MKL's gemm with beta 1 adds it on an Intel CPU: the product
    (`scaled_mm_values`), then C; for a float64 row-major A of two rows the products onto
    C in turn (`_two_rows_from_c`); where it splits the inner elements (`_intel_k_parts`),
    C plus the first block's sums, then the next's (`_k_split_values`). alpha on the
    operand, or on each half's sums where the product takes it (measured for two halves: 8
    of 8 shapes of each layout and dtype for addmm, the flash-attention kernel's gradients
    with alpha; for two rows: addmm's 40 beta and alpha probes)."""
    with np.errstate(all="ignore"):
        if cpu.mkl_vendor() != "amd":
            where = "-" if alpha is None else _alpha_operand(a, b)
            if where != "" and _two_rows_from_c(a, b):
                a, b, _ = _alpha_on(a, b, alpha, where)
                return intel_gemm(a, b, np.asarray(c, a.dtype))
            parts = _intel_k_parts(a, b)
            if parts is not None:
                a, b, after = _alpha_on(a, b, alpha, where)
                if after is None:
                    return _k_split_values(a, b, parts, np.asarray(c, a.dtype))
                if [len(part) for part in parts] in ([2], [1, 1]):
                    h = parts[0][0]
                    halves = [intel_gemm(a[:, :h], b[:h]) * after,
                              intel_gemm(a[:, h:], b[h:]) * after]
                    return (c + halves[0]).astype(a.dtype) + halves[1]
        prod = _mm_values(a, b) if alpha is None else scaled_mm_values(a, b, alpha)
        return (prod + c).astype(np.result_type(a, b))


def _two_rows_from_c(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether MKL's dgemm on an Intel CPU adds a float64 row-major A of two rows onto C in
    turn (from C, not the product then C): where its in-turn kernel runs."""
    return a.dtype == b.dtype == np.float64 and a.shape[0] == 2 and \
        not _blas_transposed(a) and _intel_gemm_applies(a, b)


def _alpha_on(a: np.ndarray, b: np.ndarray, alpha, where: str):
    """(a, b, after): alpha applied to the operand `_alpha_operand` names ("a", "b"), else
    `after`, the factor for the product (None when alpha is None or already applied)."""
    if alpha is None:
        return a, b, None
    alpha = a.dtype.type(alpha)
    with np.errstate(all="ignore"):
        if where == "a":
            return a * alpha, b, None
        if where == "b":
            return a, b * alpha, None      # (a transposed view stays one)
    return a, b, alpha


def _intel_k_parts(a: np.ndarray, b: np.ndarray):
    """How MKL on an Intel CPU splits the inner elements of a @ b where it does not add
    them all in turn, as a list of parts, each a list of block sizes; each block's sums are
    in turn (`intel_gemm`), a part's blocks are added one after the other, then the parts
    (`_k_split_values`). Or None (not split, or not known). Measured against torch on an
    Intel Xeon: B row-major (float64 with A row-major: three or more rows), or float32
    `x @ W.t()` of 16 or more rows, 385 or more inner elements: one thread takes them in
    blocks of 384, the last two blocks even (the first ceil(half)); where rows x columns x
    inner pass 196,608 float32 products or 98,304 float64 (two threads), each thread its
    half of the inner elements so (known up to 1,200 of them). A float64 `x @ W.t()` of four
    or more rows and 193-384 inner elements: two halves. Of 340 probed shapes of 385-3,000
    inner elements, every layout and both dtypes, the 254 the rule covers all match."""
    (m, k), n = a.shape, b.shape[1]
    if not (a.dtype == b.dtype and a.dtype in (np.float32, np.float64) and m > 1 and
            n > 1 and m * k * n <= _MKL_GEMM_ELEMENTS):
        return None
    f64 = a.dtype == np.float64
    if _blas_transposed(b):
        if _blas_transposed(a):
            return None
        if f64:
            return [[k - k // 2, k // 2]] if m >= 4 and 192 < k <= 384 else None
        if m < 16:
            return None
    elif f64 and m == 2 and not _blas_transposed(a):
        return None
    if k <= 384:
        return None
    if m * n * k <= _MKL_BIG_BYTES // a.itemsize:
        return [_k_blocks(k)]
    return [_k_blocks(k - k // 2), _k_blocks(k // 2)] if k <= 1200 else None


def _k_blocks(k: int) -> list[int]:
    """One thread's blocks of k inner elements: 384 at a time, the last two even."""
    sizes = []
    while k > 768:
        sizes.append(384)
        k -= 384
    return sizes + ([k - k // 2, k // 2] if k > 384 else [k])


def _k_split_values(a: np.ndarray, b: np.ndarray, parts, c=None) -> np.ndarray:
    """a @ b (plus C) added as `_intel_k_parts` says: the first part's blocks onto C (or
    from the first block), each other part's from its first block, then the parts in order
    (C's place measured with one part, two halves and two threads of two blocks each)."""
    kind = np.result_type(a, b)
    sums, lo = [], 0
    with np.errstate(all="ignore"):
        for i, part in enumerate(parts):
            total = c if i == 0 else None
            for size in part:
                p = intel_gemm(a[:, lo:lo + size], b[lo:lo + size])
                lo += size
                total = p if total is None else (total + p).astype(kind)
            sums.append(total)
        out = sums[0]
        for p in sums[1:]:
            out = (out + p).astype(kind)
    return out


def _intel_gemm_applies(a: np.ndarray, b: np.ndarray) -> bool:
    (m, k), n = a.shape, b.shape[1]
    return m > 1 and n > 1 and 1 < k <= 384 and m * k * n <= _MKL_GEMM_ELEMENTS and \
        a.dtype == b.dtype and a.dtype in (np.float32, np.float64) and not _blas_transposed(b)


def _intel_sgemm_nt_in_turn(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether MKL's sgemm adds a float32 `x @ W.t()` (A row-major, B column-major) on an
    Intel CPU as `intel_gemm` does, each output's products in turn: with 16 or more rows
    and 2 to 384 inner elements; with fewer rows and up to 31 inner elements, 12 or more
    columns, or 4 to 11 columns where there are no more of them than rows or inner elements
    less one, or three columns and 11 or more rows; with 32 to 384 inner elements, three or
    more rows, fewer than 24 inner elements per row and four or more columns (three with 11
    or more rows). Measured against torch on an Intel Xeon: 9,691 shapes of 2-40 rows,
    2-20 columns and 2-200 inner elements, 2,950 random ones up to 700 x 420 x 700, and
    (the 24-per-row limit) 3,284 of 2-15 rows, 60-396 inner elements and 3-36 columns:
    all that the rule gives match, none of the others. Other shapes of fewer than 32 inner
    elements take a dot-product kernel (`_intel_sgemm_nt_dot`); longer rows and those of
    two or three columns vary."""
    (m, k), n = a.shape, b.shape[1]
    if not (a.dtype == b.dtype == np.float32 and m > 1 and n > 1 and 1 < k <= 384 and
            m * k * n <= _MKL_GEMM_ELEMENTS and _blas_transposed(b) and not _blas_transposed(a)):
        return False
    if m >= 16:
        return True
    if k <= 31:
        return n >= 12 or (n >= 4 and n <= max(m, k - 1)) or (n == 3 and m > 10)
    return (n >= 4 or (n == 3 and m > 10)) and 3 <= m and k < 24 * m


def _intel_sgemm_nt_dot(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether MKL's sgemm takes its dot-product kernel for a float32 `x @ W.t()` on an Intel
    CPU (`intel_sgemm_dot`): fewer than 16 rows, 2 to 31 inner elements, and two columns,
    three with up to 10 rows, or 4 to 11 columns where there are more of them than rows
    and than inner elements less one (measured as `_intel_sgemm_nt_in_turn`; past 31 inner
    elements the kernel rounds otherwise)."""
    (m, k), n = a.shape, b.shape[1]
    return a.dtype == b.dtype == np.float32 and 1 < m < 16 and 1 < k <= 31 and \
        (n == 2 or (n == 3 and m <= 10) or 3 < n < 12 and n > max(m, k - 1)) and \
        _blas_transposed(b) and not _blas_transposed(a)


def intel_sgemm_dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b as MKL's float32 dot-product kernel adds it on an Intel CPU with AVX-512: each
    output in 16 lanes (lane i takes inner elements i, i+16, ..., fused in turn from +0;
    the last group zero-padded), the lanes halved: i + i+8, then i+4, i+2, i+1."""
    from ..fpmath import fma32_in_turn
    (m, k), n = a.shape, b.shape[1]
    width = -(-k // 16) * 16
    products = np.zeros((width // 16, m, n, 16))      # [group, row, column, lane], exact
    flat = a.astype(np.float64)[:, None, :] * b.T.astype(np.float64)[None, :, :]
    padded = np.zeros((m, n, width))
    padded[..., :k] = flat
    products[...] = np.moveaxis(padded.reshape(m, n, width // 16, 16), 2, 0)
    with np.errstate(all="ignore"):
        lanes = fma32_in_turn(products, np.zeros((m, n, 16), np.float32), axis=0)
        return _fold_lanes(lanes)


def _intel_dgemm_nt(a: np.ndarray, b: np.ndarray):
    """MKL's kernel for a float64 `x @ W.t()` (A row-major, B column-major) on an Intel CPU,
    as measured against torch on an Intel Xeon, or None where it is not known: with four or
    more rows and 2 to 192 inner elements each output's products in turn (`intel_gemm`;
    335 of 335 random shapes; past 192 MKL splits them), with two or three rows a
    dot-product kernel (`intel_dgemm_dot`). float32's `x @ W.t()` is not one order (its
    kernel changes with the shape)."""
    (m, k), n = a.shape, b.shape[1]
    if not (a.dtype == b.dtype == np.float64 and n > 1 and k > 1 and
            m * k * n <= _MKL_GEMM_ELEMENTS and _blas_transposed(b) and not _blas_transposed(a)):
        return None
    if m in (2, 3):
        return intel_dgemm_dot
    return intel_gemm if m >= 4 and k <= 192 else None


def intel_dgemm_dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b of two or three rows for `_intel_dgemm_nt`, as MKL's dgemm adds it on an Intel CPU with
    AVX-512 (found by probing torch with pairs of M and -M, then checked on 400 random
    shapes of up to 3,000 inner elements and 1,500 with zeros, infinities and huge values:
    all bit for bit): each output is a dot product in four lanes, the inner elements taken
    four at a time into two accumulators in turn (fused multiply-adds from +0, the last
    four padded with zeros), the accumulators added, then the lanes as (0 + 1) + (2 + 3)."""
    from ..fpmath import fma
    (m, k), n = a.shape, b.shape[1]
    width = -(-k // 4) * 4
    rows = np.zeros((m, 1, width))
    rows[:, 0, :k] = a
    cols = np.zeros((1, n, width))
    cols[0, :, :k] = b.T
    acc = [np.zeros((m, n, 4)), np.zeros((m, n, 4))]
    with np.errstate(all="ignore"):
        for c in range(width // 4):
            part = slice(4 * c, 4 * c + 4)
            acc[c & 1] = fma(rows[:, :, part], cols[:, :, part], acc[c & 1])
        v = acc[0] + acc[1] if width > 4 else acc[0]
        return (v[..., 0] + v[..., 1]) + (v[..., 2] + v[..., 3])


def intel_gemm(a: np.ndarray, b: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
    """a @ b (two or more rows and columns, B row-major, 2 to 384 inner elements) as
    PyTorch 2.13's MKL (sgemm, dgemm) adds it on an Intel CPU with AVX-512, found by probing
    torch (pairs of M and -M in a row of A: every output adds its products in turn) and
    checked on random shapes, both layouts of A, 2-100 columns: each output's products
    multiplied onto it in turn by fused multiply-adds, from +0 (addmm adds C afterwards,
    but for a row-major float64 A of two rows, where the sums start from C: `start`).
    Past 384 MKL splits the inner dimension (`_intel_k_parts`); with one inner element its
    product is the output (-0 stays)."""
    from ..fpmath import IN_TURN_ELEMENTS, fma, fma32_in_turn
    shape = a.shape[:-1] + b.shape[-1:]         # (also stacks: see stacked_mm_values)
    out = np.zeros(shape, a.dtype) if start is None else \
        np.array(np.broadcast_to(start, shape), a.dtype)
    with np.errstate(all="ignore"):
        if a.dtype == np.float32:      # products[j] = column j of a times row j of b, exact
            columns = np.moveaxis(a, -1, 0).astype(np.float64)[..., None]
            rows = np.moveaxis(b, -2, 0).astype(np.float64)[..., None, :]
            run = max(1, IN_TURN_ELEMENTS // max(out.size, 1))   # products made as needed
            for j in range(0, a.shape[-1], run):
                out = fma32_in_turn(columns[j:j + run] * rows[j:j + run], out, axis=0)
            return out
        for j in range(a.shape[-1]):
            out = fma(a[..., j:j + 1], b[..., j:j + 1, :], out)
    return out


#: most products of a float64 matrix-vector product in MKL's order on Intel's CPUs (each
#: step an emulated fused multiply-add: ~0.5 ms a 64x64 matrix); NumPy's BLAS beyond
_MKL_GEMV_ELEMENTS = 4096


def intel_gemv64(a: np.ndarray, v: np.ndarray) -> np.ndarray | None:
    """a @ v in float64 as PyTorch 2.13's MKL (dgemv) adds it on an Intel CPU with AVX-512,
    found by probing torch as `mkl_dot` was: for a matrix that is not column-major (BLAS
    gets it transposed), each row in 8 lanes of fused multiply-adds, two accumulators taking
    the vectors in turn while two whole ones are left, added; the whole vector left and the
    zero-padded partial one multiplied onto that sum; its lanes added (i, i+2), (i, i+1),
    then the two halves. A column-major matrix: each output's products multiplied onto it
    in turn (fused), from +0, up to 127 columns (MKL blocks longer rows otherwise). Checked
    on rows 1-64 and 500, 1-1000 columns, aligned or not. None where the order is not
    known: a column-major matrix of 128 or more columns; one row of 4,096 or more (MKL's
    threads split it)."""
    from ..fpmath import fma
    m, k = a.shape
    with np.errstate(all="ignore"):
        if _blas_transposed(a):
            if k >= 128:
                return None
            out = np.zeros(m, np.float64)
            for j in range(k):
                out = fma(a[:, j], v[j], out)
            return out
        if m == 1 and k >= 4096:
            return None
        whole, lanes = k // 8, 8
        pairs = whole // 2 * 2
        acc = np.zeros((m, 2, lanes))
        if pairs:
            va = a[:, :pairs * lanes].reshape(m, pairs // 2, 2, lanes)
            vv = v[:pairs * lanes].reshape(pairs // 2, 2, lanes)
            for t in range(pairs // 2):
                acc = fma(va[:, t], vv[t], acc)
        total = acc[:, 0] + acc[:, 1]
        if whole > pairs:
            total = fma(a[:, pairs * lanes:whole * lanes], v[pairs * lanes:whole * lanes], total)
        if k > whole * lanes:
            pa, pv = np.zeros((m, lanes)), np.zeros(lanes)
            pa[:, :k - whole * lanes] = a[:, whole * lanes:]
            pv[:k - whole * lanes] = v[whole * lanes:]
            total = fma(pa, pv, total)
        total = (total[:, 0:8:4] + total[:, 2:8:4]) + (total[:, 1:8:4] + total[:, 3:8:4])
        return total[:, 0] + total[:, 1]


#: most products of a float32 matrix-vector product in MKL's order on Intel's CPUs; the
#: longest rows followed (checked up to 500; one row: 255, past which sdot splits it)
_MKL_SGEMV_ELEMENTS = 1 << 18
_MKL_SGEMV_ROW = 512


def intel_sgemv_rows(a: np.ndarray, v: np.ndarray,
                     contiguous_column: bool = False) -> np.ndarray | None:
    """a @ v in float32 for a row-major `a` (BLAS gets it transposed: sgemv "T", each output
    a row's dot product) as PyTorch 2.13's MKL adds it on an Intel CPU with AVX-512, found
    by probing torch (a +-2^40 pair among ones in a row: the ones lost tell which products
    meet first) and checked on 2,009 random shapes of 1-64 rows and 2-500 columns, with
    torch's and NumPy's allocations, every output bit for bit:

    * one row times a contiguous column (`contiguous_column`: a (k, 1) matrix of its own):
      the products multiplied onto +0 in turn (fused); from 256 products (up to 4,096) in
      two halves so, added (1,000 products checked); one row times any other column
      (`W.t()` of a `Linear(k, 1)`, `G.t()`): as a row left over below;
    * rows four at a time: the first product rounded, then 16 lanes taking the rest sixteen
      at a time (fused), halved (lane i + lane i+8, then i+4, i+2, i+1) into one sum; what
      is left (fewer than 16) goes into fresh lanes, the sum into the first, halved again;
    * the one to three rows left over: 16 lanes over all but the first product, a pair of
      them taking 32 at a time and added before the last, shorter, part (the second row
      left over: one set of lanes throughout), halved, then the first product added.

    None where the order is not known (a longer row; more than _MKL_SGEMV_ELEMENTS)."""
    m, k = a.shape
    if not m or not k or k > (4096 if m == 1 and contiguous_column else _MKL_SGEMV_ROW) or \
            m * k > _MKL_SGEMV_ELEMENTS:
        return None
    if _zero_vector_times_finite(a, v):
        return np.zeros(m, np.float32)
    from ..fpmath import fma, fma32_in_turn
    a = np.ascontiguousarray(a)
    v = np.ascontiguousarray(v)
    with np.errstate(all="ignore"):
        if m == 1 and contiguous_column:
            products = a[0].astype(np.float64) * v.astype(np.float64)      # exact
            if k <= 255:
                return fma32_in_turn(products[:, None], np.zeros(1, np.float32), axis=0)
            half = -(-k // 2)               # MKL's two halves, each from +0, added
            first, second = (fma32_in_turn(part[:, None], np.zeros(1, np.float32), axis=0)
                             for part in (products[:half], products[half:]))
            return first + second
        whole = m // 4 * 4
        parts = [_sgemv_four_rows(a[:whole], v, fma)] if whole else []
        for i in range(m - whole):
            row = a[whole + i:whole + i + 1]
            parts.append(_sgemv_left_over_row(row, v, fma, paired=i != 1))
    return np.concatenate(parts)


def _zero_vector_times_finite(a: np.ndarray, v: np.ndarray) -> bool:
    """Whether v is all zeros (of either sign) and a finite: then every sum MKL's sgemv
    orders (products fused onto +0, or a first product added to a sum from +0) is +0,
    in any order, and the emulation can be skipped. The backward of a backward meets it
    often: a Hessian row by reverse mode sends zeros through most of the first backward's
    products (jacrev of jacrev: 63,488 of 65,536 sgemv calls for a 32 x 64 layer)."""
    return not v.any() and bool(np.isfinite(a).all())


def intel_sgemv_columns(a: np.ndarray, v: np.ndarray) -> np.ndarray | None:
    """a @ v in float32 for a column-major `a` (sgemv "N": the columns times the elements of
    v, added onto the outputs) as PyTorch 2.13's MKL adds it on an Intel CPU with AVX-512,
    found as `intel_sgemv_rows` was and checked on 1,258 random shapes of 1-100 rows and
    2-255 columns, every output bit for bit. Outputs sixteen at a time take the columns
    eight at a time: the running sum gets the 7th, then the 5th column's products (fused);
    the 8th's product gets the 6th's, the 3rd's the 1st's, the 4th's the 2nd's; those four
    are added as (sum + 8th) + (3rd + 4th); fewer than eight columns left are multiplied
    onto the sum in turn. The outputs left over (fewer than 16) take every column in turn.
    With 256 or more columns (and up to 40 outputs) MKL splits them in two halves (the
    first ceil(k/2)), each summed so from +0, and adds the halves: checked on 130 random
    shapes of 1-40 rows and 256-4,000 columns (16-output groups up to 510 columns).
    None elsewhere (MKL then splits the outputs instead) or past _MKL_SGEMV_ELEMENTS."""
    m, k = a.shape
    if not m or not k or m * k > _MKL_SGEMV_ELEMENTS:
        return None
    if _zero_vector_times_finite(a, v):
        return np.zeros(m, np.float32)
    if k <= 255:
        return _sgemv_columns(a, v)
    half = -(-k // 2)
    if m > 40 or k > 4096 or (m >= 16 and half > 255):
        return None
    return _sgemv_columns(a[:, :half], v[:half]) + _sgemv_columns(a[:, half:], v[half:])


def _sgemv_columns(a: np.ndarray, v: np.ndarray) -> np.ndarray:
    """`intel_sgemv_columns` of one run of columns, from +0."""
    m, k = a.shape
    from ..fpmath import fma32_in_turn
    # products[j] = column j times v[j], exact in float64 (0 * inf: nan, silently as MKL)
    with np.errstate(all="ignore"):
        products = a.T.astype(np.float64) * np.asarray(v, np.float64)[:, None]
    whole = m // 16 * 16
    out = np.empty(m, np.float32)
    with np.errstate(all="ignore"):
        if whole:
            eights = k // 8 * 8
            total = np.zeros(whole, np.float32)
            if eights:
                blocks = products[:eights, :whole].reshape(eights // 8, 8, whole)
                # per block: the 8th's product and the 6th's, the 3rd's and the 1st's, the
                # 4th's and the 2nd's, each pair fused in that order from +0
                pairs = fma32_in_turn(blocks[:, [[7, 5], [2, 0], [3, 1]]],
                                      np.zeros((eights // 8, 3, whole), np.float32), axis=2)
                low = pairs[:, 1] + pairs[:, 2]
                total = _columns_running_sum(blocks, pairs[:, 0], low)
            out[:whole] = fma32_in_turn(products[eights:, :whole], total, axis=0)
        if m > whole:
            out[whole:] = fma32_in_turn(products[:, whole:], np.zeros(m - whole, np.float32),
                                        axis=0)
    return out


def _columns_running_sum(blocks: np.ndarray, high: np.ndarray, low: np.ndarray) -> np.ndarray:
    """`intel_sgemv_columns`' running sum over its blocks of eight columns: the 7th and 5th
    products fused onto it, then high and low added. Each fused step is a float64 sum
    rounded to float32, all checked at the end as `fpmath.fma32_in_turn` checks them (a
    sum that rounding twice could get wrong: then each step again, by fma32_in_turn)."""
    from ..fpmath import fma32_in_turn, twice_rounded_risk
    count, width = blocks.shape[0], blocks.shape[2]
    sums = np.empty((count, 2, width))
    before = np.empty((count, 2, width))
    wide = np.zeros(width)
    narrow = np.zeros(width, np.float32)
    for b in range(count):
        for step, col in enumerate((6, 4)):
            before[b, step] = wide
            np.add(blocks[b, col], wide, out=sums[b, step])
            narrow[...] = sums[b, step]
            wide[...] = narrow
        narrow = (narrow + high[b]) + low[b]
        wide[...] = narrow
    if twice_rounded_risk(sums, blocks[:, [6, 4]], before):
        narrow = np.zeros(width, np.float32)
        for b in range(count):
            narrow = fma32_in_turn(blocks[b, [6, 4]], narrow, axis=0)
            narrow = (narrow + high[b]) + low[b]
    return narrow


def _fold_lanes(lanes: np.ndarray) -> np.ndarray:
    """Sixteen lanes added as a vector register is: i + i+8, then i+4, i+2, i+1
    (`vecmath.fold_lanes`, loaded where an Intel CPU's float32 kernels first need it)."""
    from ..vecmath import fold_lanes
    return fold_lanes(lanes)


def _into_lanes(a: np.ndarray, v: np.ndarray, lanes: np.ndarray, start: int, stop: int,
                fma) -> np.ndarray:
    """Multiply a[:, start:stop] by v onto the lanes sixteen at a time (fused), the last
    group into the first lanes only. The whole groups of float32 take one
    `fma32_in_turn` (their products are exact in float64), not a call per group."""
    whole = start + (stop - start) // 16 * 16
    if whole - start > 16 and a.dtype == v.dtype == lanes.dtype == np.float32:
        from ..fpmath import fma32_in_turn
        steps = (whole - start) // 16
        products = (a[:, start:whole].astype(np.float64) *
                    v[start:whole].astype(np.float64)).reshape(a.shape[0], steps, 16)
        lanes[...] = fma32_in_turn(products, lanes, axis=1)
        start = whole
    for s in range(start, stop, 16):
        e = min(stop, s + 16)
        lanes[:, :e - s] = fma(a[:, s:e], np.broadcast_to(v[s:e], (a.shape[0], e - s)),
                               lanes[:, :e - s])
    return lanes


def _sgemv_four_rows(a, v, fma):
    m, k = a.shape
    total = fma(a[:, 0], np.broadcast_to(v[0], (m,)), np.zeros(m, np.float32))
    whole = 1 + (k - 1) // 16 * 16
    if whole > 1:
        lanes = np.zeros((m, 16), np.float32)
        lanes[:, 0] = total
        total = _fold_lanes(_into_lanes(a, v, lanes, 1, whole, fma))
    if k > whole:
        lanes = np.zeros((m, 16), np.float32)
        lanes[:, 0] = total
        total = _fold_lanes(_into_lanes(a, v, lanes, whole, k, fma))
    return total


def _sgemv_left_over_row(row, v, fma, paired):
    k = row.shape[1]
    lanes = np.zeros((1, 16), np.float32)
    start = 1
    if paired and k > 32:
        other = np.zeros((1, 16), np.float32)
        pairs_end = 1 + (k - 1) // 32 * 32
        for s in range(1, pairs_end, 32):
            lanes = _into_lanes(row, v, lanes, s, s + 16, fma)
            other = _into_lanes(row, v, other, s + 16, s + 32, fma)
        lanes = lanes + other
        start = pairs_end
    total = _fold_lanes(_into_lanes(row, v, lanes, start, k, fma))
    return np.float32(row[0, 0] * v[0]) + total


def _adds_in_turn64(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether PyTorch 2.13's CPU float64 mm (MKL dgemm, AVX-512) adds each output's
    products in turn, each product rounded (some in two partial sums: `_split_sums64`):
    measured against torch for every layout, rows 1-67, inner sizes 2-100, columns 1-11."""
    (m, k), n = a.shape, b.shape[1]
    if k <= 1 or n > 11 or m * k * n > (EXACT_ELEMENTS if n == 1 else _IN_TURN_ELEMENTS):
        return False            # n == 1: a matrix-vector product, capped as in `_mm`
    ta, tb = _blas_transposed(a), _blas_transposed(b)
    if ta and tb:
        return n == 1 or k <= 7
    if tb:
        return k <= 4 if n == 1 else k <= 7 if n <= 3 else k <= 3
    if n == 1:
        return ta or k <= 4
    return True         # odd n with k > 7: some outputs in two partial sums (_in_turn)


def _gemv_rows(a: np.ndarray, v: np.ndarray) -> np.ndarray:
    """a @ v for a row-major float32 matrix of two or more rows and five or more columns, as
    PyTorch 2.13's CPU kernel (MKL, AVX-512) adds each row's products (each rounded, no
    fused multiply-add), found by probing torch with values whose sum shows the order:
    rows in blocks of four add their first P products in turn, then the rest in four lanes
    (lane 0 starting from that sum), the lanes added pairwise; the last rows % 4 add their
    first five in turn, then 15, 23 ... products in eight lanes (four in the second of
    them; with 7 to 14 left, 7 in four lanes), then the rest in turn."""
    m, k = a.shape
    p = a * v[None, :]
    out = np.empty(m, np.float32)
    q = m - m % 4
    if q:
        count = 4 * ((k - 1) // 4) - 1
        out[:q] = _lane_sum(p[:q], k - count, 4, count)
    rest = k - 5
    count = 8 * ((rest + 1) // 8) - 1 if rest >= 15 else 7 if rest >= 7 else 0
    for row in range(q, m):             # the second of them uses four lanes throughout
        width = 8 if count >= 15 and row != q + 1 else 4 if count else 1
        total = _lane_sum(p[row:row + 1], 5, width, count)
        out[row] = _then_in_turn(total, p[row:row + 1, 5 + count:])[0]
    return out


def _rows_times_rows(a: np.ndarray, w: np.ndarray) -> np.ndarray:
    """a @ w.T for float32 a (m, k) row-major and w (n, k), n of 2 to 11, as PyTorch 2.13's
    CPU kernel (MKL, AVX-512) adds each output's products, found by probing torch: from the
    first element of a's row that is 16-byte aligned (a0; the elements before it and it
    summed in turn), in chunks of four (in lanes, added pairwise at the end), the rest in
    turn. The first 4 * (n // 4) columns use four lanes; the others eight, over blocks of
    eight (four lanes when a's row is unaligned and only one block fits). Alignment is
    reckoned from the start of a's memory, which PyTorch allocates 64-byte aligned. float64
    (MKL's dgemm): two lanes where float32 has four, and eight lanes added (i, i+2), then
    (i, i+4), then (i, i+1) for the other columns, aligned or not."""
    m, k = a.shape
    n = w.shape[0]
    p = a[:, None, :] * w[None, :, :]
    double = a.dtype == np.float64
    chunk = 2 if double else 4                  # elements in 16 bytes
    first = _element_offset(a) if a.strides[1] == a.itemsize else 0
    step = a.strides[0] // a.itemsize if a.strides[1] == a.itemsize else k
    aligned = (-(first + step * np.arange(m))) % chunk
    out = np.empty((m, n), a.dtype)
    four = 4 * (n // 4)
    for a0 in range(chunk):
        rows = np.flatnonzero(aligned == a0)
        if not rows.size:
            continue
        for lo, hi in ((0, four), (four, n)):
            if lo == hi:
                continue
            block = p[rows, lo:hi].reshape(-1, k)
            order = None
            if hi == four:
                width, count = chunk, chunk * max((k - a0) // chunk, 0)
            else:
                count = 8 * max((k - a0) // 8, 0)
                width = 8 if a0 == 0 or count >= 16 or double else 4
                order = (2, 4, 1) if double else None
            total = _lane_sum(block, a0 + 1, width, count - 1, order) if count else \
                np.cumsum(block, axis=1)[:, -1] + a.dtype.type(0)
            rest = block[:, a0 + count:] if count else block[:, :0]
            out[rows, lo:hi] = _then_in_turn(total, rest).reshape(rows.size, hi - lo)
    return out


def _element_offset(x: np.ndarray) -> int:
    """x's first element's offset, in elements, from the start of the memory it views."""
    from ..storage import root_array
    root = root_array(x)
    return (x.__array_interface__["data"][0] - root.__array_interface__["data"][0]) \
        // x.itemsize


def _gemv_rows64(a: np.ndarray, v: np.ndarray) -> np.ndarray:
    """`_gemv_rows` for float64 (MKL's dgemv, found the same way): rows in blocks of four
    add their first P products in turn, then the rest in two lanes; of the last rows % 4,
    a pair adds its first three in turn, then 7, 15 ... in four lanes (the first) or two
    (the second), and a single row 7, 15 ... in eight lanes (added (i, i+2), (i, i+4),
    (i, i+1)); then the rest in turn."""
    m, k = a.shape
    p = a * v[None, :]
    out = np.empty(m, np.float64)
    q = m - m % 4
    if q:
        count = 2 * ((k - 1) // 2) - 1
        out[:q] = _lane_sum(p[:q], k - count, 2, count)
    pair = 8 * ((k - 2) // 8) - 1
    single = 8 * ((k - 2) // 8) - 1
    for row in range(q, m):
        if m - q >= 2 and row < q + 2:
            width, count, order = (4, pair, (2, 1)) if row == q else (2, pair, (1,))
        else:
            width, count, order = 8, single, (2, 4, 1)
        total = _lane_sum(p[row:row + 1], 3, width, count, order) if count > 0 else \
            np.cumsum(p[row:row + 1, :3], axis=1)[:, -1] + 0.0
        out[row] = _then_in_turn(total, p[row:row + 1, 3 + max(count, 0):])[0]
    return out


def _then_in_turn(total: np.ndarray, rest: np.ndarray) -> np.ndarray:
    """Each row's running total with the row of `rest` added to it in turn."""
    if not rest.shape[1]:
        return total
    both = np.empty((rest.shape[0], rest.shape[1] + 1), rest.dtype)
    both[:, 0] = total
    both[:, 1:] = rest
    return _rows_in_turn(both)


def _rows_in_turn(p: np.ndarray) -> np.ndarray:
    """Each row of p summed from its first element on in turn, each partial sum rounded.
    NumPy pairs the terms of a sum along the axis it walks innermost, so the sum walks the
    rows side by side instead (a copy with the rows as columns), adding column after column;
    one row takes a running sum, which adds in order. (A NumPy sum starts from +0: from -0
    it starts from the first element, as -0 + x is x.)"""
    m, k = p.shape
    if m == 1:
        return np.cumsum(p[0])[-1:]
    if k <= 8:
        total = p[:, 0].copy()
        for col in range(1, k):
            total += p[:, col]
        return total
    return np.add.reduce(np.ascontiguousarray(p.T), axis=0, initial=p.dtype.type(-0.0))


def _lane_sum(p: np.ndarray, first: int, width: int, count: int,
              order: tuple[int, ...] | None = None) -> np.ndarray:
    """Each row of p summed as a SIMD loop does: p[:, :first] in turn from +0, then
    p[:, first:first + count] in `width` lanes (lane 0 starting from that sum; element j
    in lane (j - first + 1) % width), the lanes then added in halves, or as `order` says
    (each step adds lane i + step into lane i). count + 1 is a multiple of width."""
    m = p.shape[0]
    terms = np.empty((count + 1, m), p.dtype)       # the rows side by side, as columns
    terms[0] = _rows_in_turn(p[:, :first]) + p.dtype.type(0)
    terms[1:] = p[:, first:first + count].T
    if width == 1:
        return _rows_in_turn(terms.T)
    # every row's lanes side by side: the sum over axis 0 adds each lane's terms in turn,
    # from +0 (NumPy's sum starts from +0)
    lanes = np.add.reduce(terms.reshape(-1, width, m), axis=0, initial=p.dtype.type(0)).T
    if order is not None:
        kept = {i: lanes[:, i] for i in range(width)}
        for step in order:
            kept = {i: kept[i] + kept[i + step] for i in kept if not i & step}
        return kept[0]
    while lanes.shape[1] > 1:
        half = lanes.shape[1] // 2
        lanes = lanes[:, :half] + lanes[:, half:2 * half]
    return lanes[:, 0]


def _mv(a: np.ndarray, v: np.ndarray) -> np.ndarray:
    """a @ v as PyTorch's gemv rounds it: the rule of `_mm` for one column."""
    return _mm(a, v[:, None])[:, 0] if v.size else a @ v


_IN_TURN_ELEMENTS = 1 << 22     # products held at once by _in_turn (16 MB of float32)


def _adds_in_turn(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether PyTorch 2.13's CPU float32 mm (MKL sgemm, AVX-512) adds the products of each
    output element one after another, each product rounded, from k = 0. Measured against
    torch for every layout of the operands as BLAS gets them (row-major, or column-major:
    a transposed view), rows 1-1000, inner sizes 1-1000, columns 1-12: with 12 or more
    columns MKL switches to kernels whose order NumPy's BLAS mostly shares."""
    (m, k), n = a.shape, b.shape[1]
    if k <= 1:              # one product: no order; NumPy's BLAS then signs zeros as MKL
        return False        # mostly does (its n == 1 kernels give +0 for 0 * -w)
    if n > 11 or m * k * n > _IN_TURN_ELEMENTS:
        return False
    ta, tb = _blas_transposed(a), _blas_transposed(b)
    if ta and tb:
        return True
    if ta:
        return True
    if tb:
        return n <= 11 if k <= 3 else n <= 3 if k == 4 else k <= 7 and n in (2, 3)
    if n == 1:
        return k <= 4
    return True         # n in 5..11 with k > 7: some elements in two partial sums (_in_turn)


def _in_turn(a: np.ndarray, b: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
    """sum_k a[i, k] * b[k, j] in a's dtype (float32 or float64), rounding each product and
    each partial sum, k in order (NumPy's cumulative sum adds in order: its reductions would
    pair them), from +0, or from `start` (broadcast to the result: addmm's C, which MKL's
    sgemm adds first)."""
    (m, k), n = a.shape, b.shape[1]
    dt = a.dtype
    if k == 0:
        return np.zeros((m, n), dt) if start is None else \
            np.array(np.broadcast_to(start, (m, n)), dt)
    products = a[:, :, None] * b[None, :, :]
    split = None if _blas_transposed(b) else _split_sums(m, k, n) if dt == np.float32 \
        else _split_sums64(m, k, n)
    if start is not None:
        first = np.broadcast_to(np.asarray(start, dt), (m, n))[:, None, :]
        products = np.concatenate([first, products], axis=1)
    if n == 1:
        total = _rows_in_turn(products[:, :, 0])[:, None]
    else:           # the outputs side by side: the sum over k adds each one's terms in turn
        # (from the first: -0 + x is x)
        total = np.add.reduce(products, axis=1, initial=dt.type(-0.0))
    if start is None:
        total += dt.type(0)     # MKL's sum starts from +0: products all -0 give +0
    if split is not None and split.any():
        total[split] = _eight_blocks(np.moveaxis(products, 1, 2)[split], start is not None)
    return total


def _split_sums(m: int, k: int, n: int) -> np.ndarray | None:
    """Which outputs of a float32 (m, k) @ (k, n) with B row-major (n of 5 to 11 but 8, k of
    8 or more) MKL adds in two partial sums per eight products (`_eight_blocks`) instead of
    in turn: those whose 16-byte chunk of the row-major result starts in the row before
    (offset % 4 >= column + 1; for n = 5, offset % 4 >= column + 3). Found by probing torch
    with values whose sum shows the order; None where every output adds in turn."""
    if not 5 <= n <= 11 or n == 8 or k < 8:
        return None
    rows, cols = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
    return (rows * n + cols) % 4 >= cols + (3 if n == 5 else 1)


def _split_sums64(m: int, k: int, n: int) -> np.ndarray | None:
    """`_split_sums` for float64 (MKL's dgemm): with an odd number of columns, the first
    column's outputs whose 16-byte chunk of the result (two doubles) begins in the row
    before."""
    if n < 2 or k < 8:
        return None
    rows, cols = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
    return (rows * n + cols) % 2 >= cols + 1


def _eight_blocks(p: np.ndarray, started: bool) -> np.ndarray:
    """Rows of products summed eight at a time as two partial sums, the first four onto the
    running total, the next four from +0, then added; the last k % 8 in turn. `started`:
    p[:, 0] is C, the total's start, not a product."""
    acc = p[:, 0] if started else np.zeros(p.shape[0], np.float32)
    p = p[:, 1:] if started else p
    blocks = p.shape[1] // 8
    for i in range(blocks):
        first = np.cumsum(np.concatenate([acc[:, None], p[:, 8 * i:8 * i + 4]], axis=1),
                          axis=1)[:, -1]
        acc = first + np.cumsum(p[:, 8 * i + 4:8 * i + 8], axis=1)[:, -1]
    return _then_in_turn(acc, p[:, 8 * blocks:])


def addmm_in_turn(c: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """C + A @ B as PyTorch's float32 addmm (MKL sgemm with beta 1) computes it where the
    products add in turn (`_adds_in_turn`, or one row), B is row-major and has two or more
    columns: from C, not A @ B then C. None elsewhere, where C is added last (measured
    against torch for every layout, on AMD's CPUs: on Intel's, None)."""
    if cpu.mkl_vendor() != "amd":       # Intel's: C last, but float64 A of two rows from C
        if a.shape[1] == 1 and c.dtype == a.dtype == b.dtype == np.float32 and \
                b.shape[1] > 1 and (a.shape[0] > 1 or not _col_major(b)):
            return _rank_one_update(c, a, b)
        return intel_gemm(a, b, c) if c.dtype == a.dtype and _two_rows_from_c(a, b) else None
    if a.dtype == b.dtype == c.dtype == np.float64:
        return _in_turn(a, b, c) if (b.shape[1] >= 2 or _blas_transposed(a)) and \
            not _blas_transposed(b) and _adds_in_turn64(a, b) else None
    if not (a.dtype == b.dtype == c.dtype == np.float32) or b.shape[1] < 2 or \
            _blas_transposed(b):                # B column-major (x @ W.t()): C comes last
        return None
    if a.shape[0] == 1:                         # one row: MKL's gemv of B^T, in turn
        return _in_turn(a, b, c) if a.size + b.size <= _IN_TURN_ELEMENTS else None
    return _in_turn(a, b, c) if _adds_in_turn(a, b) else None


def _rank_one_update(c: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """C + A @ B of one inner element as PyTorch's float32 addmm computes it on an Intel CPU
    (MKL sgemm with beta 1) for two or more columns and, unless B is column-major (a
    `Linear(1, n)` of one row), any rows: each output one fused multiply-add onto C (a
    `Linear(1, n)` layer's forward; measured against torch for 1-20 rows and columns, both
    layouts of B)."""
    from ..fpmath import fma
    shape = a.shape[:-1] + b.shape[-1:]         # (also stacks of matrices)
    with np.errstate(all="ignore"):
        return fma(np.ascontiguousarray(np.broadcast_to(a, shape)),
                   np.ascontiguousarray(np.broadcast_to(b, shape)),
                   np.ascontiguousarray(np.broadcast_to(c, shape), a.dtype))


def stacked_mm_values(a: np.ndarray, b: np.ndarray, alpha=None) -> np.ndarray:
    """`_mm_values` (`scaled_mm_values` with an alpha) of each matrix of two stacks of the
    same leading shape, as a loop over them would give: the kernel and the operand alpha
    scales depend only on the matrices' shape and layout, chosen once; MKL's in-turn
    kernel (`intel_gemm`) runs on many matrices at once. Past STACK_EXACT_PRODUCTS products
    in all (each emulated one costs ~20 ns) NumPy's batched product, scaled after."""
    lead = a.shape[:-2]
    first = (0,) * len(lead)
    if a.size * b.shape[-1] > STACK_EXACT_PRODUCTS:
        with np.errstate(all="ignore"):
            out = np.matmul(a, b)
            return out if alpha is None else out * a.dtype.type(alpha)
    if alpha is not None:
        where = _alpha_operand(a[first], b[first]) if a.size and b.size else ""
        a, b, after = _alpha_on(a, b, alpha, where)
        if after is not None:
            with np.errstate(all="ignore"):
                return stacked_mm_values(a, b) * after
    out = np.empty(lead + (a.shape[-2], b.shape[-1]), np.result_type(a, b))
    if not out.size:
        return out
    if cpu.mkl_vendor() != "amd" and (_intel_gemm_applies(a[first], b[first]) or
                                      _intel_sgemm_nt_in_turn(a[first], b[first])):
        per = a.shape[-2] * a.shape[-1] * b.shape[-1]
        rows = a.reshape((-1,) + a.shape[-2:])
        cols = b.reshape((-1,) + b.shape[-2:])
        flat = out.reshape((-1,) + out.shape[-2:])
        step = max(1, _STACK_PRODUCTS // per)      # products held at once: 16 MB
        for i in range(0, flat.shape[0], step):
            flat[i:i + step] = intel_gemm(rows[i:i + step], cols[i:i + step])
        return out
    for idx in np.ndindex(*lead):
        out[idx] = _mm_values(a[idx], b[idx])
    return out


def stacked_mm_onto(c: np.ndarray, a: np.ndarray, b: np.ndarray, alpha=None) -> np.ndarray:
    """C + alpha * (a @ b) for stacks of matrices, as MKL's gemm with beta 1 adds it on an
    Intel CPU: `mm_onto` matrix by matrix where C's place is not after the product (a
    float64 A of two rows, inner elements split), else `stacked_mm_values` then C."""
    first = (0,) * (a.ndim - 2)
    if a.size and b.size and cpu.mkl_vendor() != "amd":
        a0, b0 = a[first], b[first]
        if (_two_rows_from_c(a0, b0) and (alpha is None or _alpha_operand(a0, b0) != "")) \
                or _intel_k_parts(a0, b0) is not None:
            out = np.empty(c.shape, a.dtype)
            for idx in np.ndindex(*c.shape[:-2]):
                out[idx] = mm_onto(c[idx], a[idx], b[idx], alpha)
            return out
    with np.errstate(all="ignore"):
        return stacked_mm_values(a, b, alpha) + c


_STACK_PRODUCTS = 1 << 21
#: most products a stack of matrix products (`stacked_mm_values`) adds in MKL's orders
STACK_EXACT_PRODUCTS = 1 << 20


def scaled_mm_values(a: np.ndarray, b: np.ndarray, alpha) -> np.ndarray:
    """alpha * (a @ b) as a GEMM with that alpha (addmm's, the flash-attention kernel's)
    rounds it: MKL on an Intel CPU multiplies one operand by alpha before the product for
    some shapes (`_alpha_operand`), else the product; the product itself as `_mm_values`."""
    a, b, after = _alpha_on(a, b, alpha, _alpha_operand(a, b))
    with np.errstate(all="ignore"):
        return _mm_values(a, b) if after is None else _mm_values(a, b) * after


def _alpha_operand(a: np.ndarray, b: np.ndarray) -> str:
    """Which operand of a @ b MKL's gemm (PyTorch 2.13, Intel CPU with AVX-512) scales by
    alpha first: "b" (the matrix it is handed first, as ATen swaps the operands), "a", or
    "" (the product is scaled). Measured against torch.addmm(beta=0, alpha) on 22,799
    float32 and float64 shapes of 1-512 rows, 2-512 columns and 2-128 inner elements (those
    whose sums `_mm_values` adds in MKL's order):
    - x @ W.t() (W column-major for BLAS): b, for 2 or more rows (4 for float64), when there
      are more columns than rows and at least max(12, inner) columns (max(8, inner) for
      float64); from 63 rows and 64 inner elements (32 for float64), for 63 or more columns
      whatever the rows. Up to 62 rows the product is scaled instead once rows x columns x
      inner reaches 196,608 (98,304 for float64) from 8 rows (4), unless the columns are a
      multiple of 256 (for float32, with fewer than 16 rows). The rule holds for all but 4
      of 4,543 float32 shapes up to 64 rows and 1 of 4,843 float64 ones; of 65-256 rows,
      for all but 43 of 884 and 41 of 858.
    - a row-major or transposed a times a row-major b: b from 64 rows, once rows x
      columns x inner pass the size above (for a row-major a, with 64 or more columns);
      else a for one row (and float64's row-major A of two rows); else the product: all
      but 3 of 11,671 shapes (ones up to 512 rows included).
    Elsewhere (another CPU's MKL, other dtypes) the product is scaled."""
    if cpu.mkl_vendor() == "amd" or not a.dtype == b.dtype or \
            a.dtype not in (np.float32, np.float64) or a.ndim != 2:
        return ""
    (m, k), n = a.shape, b.shape[1]
    f64 = a.dtype == np.float64
    big = _MKL_BIG_BYTES // a.itemsize
    if _blas_transposed(b) and not _blas_transposed(a):
        if m < (4 if f64 else 2):
            return ""
        if m >= 63 and k >= (32 if f64 else 64):
            return "b" if n >= 63 else ""
        if n <= m or n < max(8 if f64 else 12, k):
            return ""
        if f64 and 4 <= m < 63 and n % 256 and m * n * k >= big:
            return ""
        if not f64 and 8 <= m < 63 and m * n * k >= big and (m >= 16 or n % 256):
            return ""
        return "b"
    if _blas_transposed(b):
        return ""
    if (_blas_transposed(a) or n >= 64) and m >= 64 and m * n * k > big:
        return "b"
    return "a" if m == 1 or (m == 2 and f64 and not _blas_transposed(a)) else ""


def _blas_transposed(x: np.ndarray) -> bool:
    """Whether PyTorch hands the matrix to BLAS as column-major (a transposed view): only
    when it is not row-major first; one that is neither is copied row-major."""
    (rows, cols), size = x.shape, x.itemsize
    s0, s1 = x.strides
    if (cols == 1 or s1 == size) and (rows == 1 or s0 >= max(1, cols) * size):
        return False            # a dim of size 1 may have any stride
    return s0 == size and s1 >= max(1, rows) * size


def _col_major(a) -> bool:
    """PyTorch's test for a column-major matrix: strides (1, rows)."""
    st, size = a.strides, a.itemsize
    return st[0] == size and st[1] == size * a.shape[0]


@register("mm", grad_fn="MmBackward0", method=True, sample=fixed((((2, 3), (3, 4)), {})))
def mm(input, mat2):
    """matrix product: d/dA = g B^T, d/dB = A^T g"""
    a, b = input, to_tensor(mat2)
    if _autocast_cpu[0]:
        a, b = _amp.cast_inputs(_amp.LOWER, (a, b))
    if a._data.ndim != 2 or b._data.ndim != 2:
        bad = a if a._data.ndim != 2 else b
        raise TorchRuntimeError(f"{'self' if bad is a else 'mat2'} must be a matrix")
    (n, k), (k2, m) = a._data.shape, b._data.shape
    if k != k2:
        raise TorchRuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({n}x{k} and "
                                f"{k2}x{m})")
    _same_dtype(a, b, "mm")
    _no_bool(a, "addmm_impl_cpu_")
    return apply(MmBackward0, (a, b))


class MvBackward0(Node):
    """d (A @ v) = outer(g, v), A^T @ g"""

    zero_tangents = True
    bilinear = True
    same_dtype = "mv"
    save_inputs = (0, 1)
    saved_if = ((1,), (0,))

    def forward(self, a, v):
        return _mv(a, v)

    def backward(self, g):
        a, v = self.saved
        ga = g.unsqueeze(1) * v if self.needs(0) else None
        gv = a.t().mv(g) if self.needs(1) else None
        return ga, gv

    def array_backward(self, g):
        """`backward` when only v needs a gradient and A, v and g share a float dtype: A's
        transpose (the view t() makes) times g, as mv computes it"""
        if _bf16_used[0] and g._data.dtype == _BF16:
            return None               # bfloat16: each step rounded (`backward`)
        if self._next[0] is not None:          # A needs one too (and v may not be saved)
            return None
        a, _ = self.saved
        ad, gd = a._data, g._data
        if ad.dtype != gd.dtype or ad.dtype.kind != "f" \
                or ad.ndim != 2 or gd.ndim != 1 or ad.shape[0] != gd.shape[0]:
            return None
        at = ad.T
        out = _mv_one_nonzero(self, at, gd)
        return None, wrap(_mv(at, gd) if out is None else out)


def _mv_one_nonzero(node, a: np.ndarray, v: np.ndarray):
    """a @ v when v has one nonzero element v[j] and a and v[j] are finite: every order of
    summation then gives a[:, j] * v[j] (one rounded product, plus zeros), so that column is
    the product, bit for bit, without the BLAS call. The rows of a Jacobian or Hessian
    (`autograd.functional`) send such vectors through each matrix-vector product of the
    backward pass. None where that does not hold, or where an element comes out zero (the
    sign of a sum of zeros depends on the kernel). Whether a is finite is checked once per
    node: what it saved cannot change without the version check failing first."""
    if v.dtype not in (np.float32, np.float64) or v.size < 2 or np.count_nonzero(v) != 1:
        return None
    j = int(v.argmax())
    if v[j] == 0:                               # the nonzero one is negative
        j = int(v.argmin())
    scale = v[j]
    if not math.isfinite(scale):
        return None
    finite = node.__dict__.get("_finite_saved")
    if finite is None:
        with np.errstate(all="ignore"):        # a sum is finite only if every element is
            finite = node._finite_saved = bool(np.isfinite(np.add.reduce(a, axis=None)))
    if not finite:
        return None
    out = a[:, j] * scale
    return out if out.all() else None


@register("mv", grad_fn="MvBackward0", method=True, sample=fixed((((2, 3), (3,)), {})))
def mv(input, vec):
    """matrix-vector product: d/dA = outer(g, v), d/dv = A^T g"""
    a, v = input, to_tensor(vec)
    if a._data.ndim == 0:                         # ATen sizes the result by a.size(0) first
        raise TorchIndexError("Dimension specified as 0 but tensor has no dimensions")
    if a._data.ndim != 2 or v._data.ndim != 1:
        raise TorchRuntimeError(f"vector + matrix @ vector expected, got 1, {a._data.ndim}, "
                                f"{v._data.ndim}")
    if a._data.shape[1] != v._data.shape[0]:
        raise TorchRuntimeError(f"size mismatch, got input ({a._data.shape[0]}), mat "
                                f"({a._data.shape[0]}x{a._data.shape[1]}), vec "
                                f"({v._data.shape[0]})")
    _same_dtype(a, v, "mv")
    _no_bool(a, "addmv_impl_cpu")
    return apply(MvBackward0, (a, v))


def _no_bool(a, kernel: str) -> None:
    """ATen's CPU matrix kernels have no bool version."""
    if a._data.dtype == np.bool_:
        raise TorchNotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


class BmmBackward0(Node):
    """d (A @ B) batched = g @ B^T, A^T @ g"""

    zero_tangents = True
    bilinear = True
    same_dtype = "bmm"
    save_inputs = (0, 1)
    saved_if = ((1,), (0,))

    def forward(self, a, b):
        return _bmm(a, b)

    def backward(self, g):
        a, b = self.saved
        ga = g.bmm(b.transpose(1, 2)) if self.needs(0) else None
        gb = a.transpose(1, 2).bmm(g) if self.needs(1) else None
        return ga, gb


#: ATen's bmm and baddbmm take their plain loop (baddbmm_cpu_kernel) below this many
#: products per matrix (rows x inner x columns)
BMM_LOOP_PRODUCTS = 400


def _bmm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Batched a @ b as ATen's bmm rounds it: matrices with fewer than 400 products (rows x
    inner x columns) by its plain loop, products added in turn from 0 in the op math type
    (float for float16); larger ones one mm per batch (`_mm`)."""
    (n, p, k), m = a.shape, b.shape[2]
    if a.dtype.kind != "f" or 0 in (n, p, m):
        return np.matmul(a, b)
    if k * p * m < BMM_LOOP_PRODUCTS:
        work = np.dtype(np.float32) if a.dtype == np.float16 else a.dtype
        if k == 0:
            return np.zeros((n, p, m), a.dtype)
        products = a.astype(work)[:, :, :, None] * b.astype(work)[:, None, :, :]
        total = np.cumsum(products, axis=2)[:, :, -1, :] + work.type(0)   # from +0
        return np.ascontiguousarray(total, dtype=a.dtype)
    if k == 1 and n > 1:        # one product each, from +0 (one matrix: `_mm`'s, -0 kept)
        return np.matmul(a, b) + a.dtype.type(0)
    return np.stack([_mm(a[i], b[i]) for i in range(n)])


@register("bmm", grad_fn="BmmBackward0", method=True,
          sample=fixed((((2, 2, 3), (2, 3, 2)), {})))
def bmm(input, mat2):
    """batched matrix product of 3-D tensors"""
    a, b = input, to_tensor(mat2)
    if _autocast_cpu[0]:
        a, b = _amp.cast_inputs(_amp.LOWER, (a, b))
    if a._data.ndim != 3 or b._data.ndim != 3:
        raise TorchRuntimeError(f"batch1 must be a 3D tensor" if a._data.ndim != 3
                                else "batch2 must be a 3D tensor")
    (n, _, k), (n2, k2, m) = a._data.shape, b._data.shape
    if (n2, k2) != (n, k):
        raise TorchRuntimeError(f"Expected size for first two dimensions of batch2 tensor to "
                                f"be: [{n}, {k}] but got: [{n2}, {k2}].")
    _same_dtype(a, b, "bmm")
    _no_bool(a, "bmm")
    return apply(BmmBackward0, (a, b))


@register("matmul", grad_fn="MmBackward0", method=True, dunders=("__matmul__",),
          namespaces=("torch", "linalg:matmul"),
          sample=fixed((((3,), (3,)), {}), (((2, 3), (3, 2)), {}), (((2, 3), (3,)), {}),
                       (((3,), (3, 2)), {}), (((2, 2, 3), (3, 2)), {}),
                       (((2, 2, 3), (3,)), {}), (((3,), (2, 3, 2)), {}),
                       (((2, 3), (2, 3, 2)), {}), (((2, 1, 2, 3), (3, 3, 2)), {})))
def matmul(input, other):
    """matrix product with PyTorch's dispatch (dot, mm, mv, batched)"""
    if not isinstance(other, Tensor):
        return NotImplemented           # torch.matmul(x, 2): a TypeError (registry)
    a, b = input, other
    if _autocast_cpu[0]:             # matmul is in the list: its mv and dot cases too
        a, b = _amp.cast_inputs(_amp.LOWER, (a, b))
    da, db = a._data.ndim, b._data.ndim
    if da == 0 or db == 0:
        raise TorchRuntimeError(f"both arguments to matmul need to be at least 1D, but they "
                                f"are {da}D and {db}D")
    if da == 1 and db == 1:
        return dot(a, b)
    if da == 2 and db == 2:
        return mm(a, b)
    if da == 2 and db == 1:
        return mv(a, b)
    if da == 1 and db == 2:
        from .shape import SqueezeBackward4
        return apply(SqueezeBackward4, (mm(a.unsqueeze(0), b),), dims=(0,))
    _same_dtype(a, b, "mv" if db == 1 else "mm" if db == 2 and da >= 3 else "bmm")
    return _matmul_nd(a, b)


def _matmul_nd(a, b):
    """A matmul with a batched operand, composed as ATen's _matmul_impl: the larger operand's
    batch folded into the rows of one mm or mv where `_should_fold` says so (transposed when
    the batched operand is the second), else both expanded to the broadcast batch, reshaped
    to 3-D and multiplied by bmm; an `_unsafe_view` gives the result its shape. So the graph
    has PyTorch's nodes (UnsafeViewBackward0 over MmBackward0, BmmBackward0 ...)."""
    from .more import UnsafeViewBackward0 as UnsafeView
    da, db = a._data.ndim, b._data.ndim
    if _should_fold(a, b):
        transpose = db > da
        t1 = b.mT if transpose else a
        t2 = (a.t() if da == 2 else a) if transpose else b
        sizes = t1._data.shape
        shape = sizes[:-1]
        folded = t1.reshape(int(np.prod(shape)), sizes[-1])
        if t2._data.ndim == 2:
            out = apply(UnsafeView, (folded.mm(t2),), shape=shape + (t2._data.shape[1],))
            return out.mT.contiguous() if transpose else out
        return apply(UnsafeView, (folded.mv(t2),), shape=shape)
    sa, sb = a._data.shape, b._data.shape
    n = sa[-2] if da > 1 else 1
    m1 = sa[-1]
    m2 = sb[-2] if db > 1 else sb[0]
    p = sb[-1] if db > 1 else 1
    if da == 3 and db == 3 and sa[0] != sb[0]:
        if sa[0] == 1 and a.requires_grad:
            return matmul(a.squeeze(0), b)
        if sb[0] == 1 and b.requires_grad:
            return matmul(a, b.squeeze(0))
    try:
        batch = tuple(np.broadcast_shapes(sa[:max(da - 2, 0)], sb[:max(db - 2, 0)]))
    except ValueError:
        raise broadcast_error(sa[:max(da - 2, 0)], sb[:max(db - 2, 0)]) from None
    count = int(np.prod(batch))
    a3 = a.expand(batch + (n, m1)).reshape(count, n, m1)
    if db == 1:
        b3 = b.expand(batch + (m2,)).reshape(count, m2).unsqueeze(2)
    else:
        b3 = b.expand(batch + (m2, p)).reshape(count, m2, p)
    shape = batch + ((n,) if da > 1 else ()) + ((p,) if db > 1 else ())
    out = a3.bmm(b3)
    return apply(UnsafeView, (out.squeeze(-1) if db == 1 else out,), shape=shape)


def _should_fold(a, b) -> bool:
    """ATen's should_fold: the operand with 3 or more dims (t1; the second one transposed
    when it is the larger) times one with at most 2 is run as one mm or mv of t1's rows
    folded together when the other operand requires grad (a 2-D weight gradient then comes
    from one mm), or else when t1's leading dims fold without a copy (never for a 2-D first
    operand: the transposed result would need one)."""
    da, db = a._data.ndim, b._data.ndim
    first_larger = da >= db
    t1 = a._data if first_larger else np.swapaxes(b._data, -1, -2)
    d2 = db if first_larger else da
    if not (t1.ndim >= 3 and d2 <= 2):
        return False
    if (b if first_larger else a).requires_grad:
        return True
    if da == 2:
        return False
    if t1.size == 0:
        return True
    size, shape = t1.itemsize, t1.shape
    return all(t1.strides[i] // size == (t1.strides[i + 1] // size) * shape[i + 1]
               for i in range(t1.ndim - 2))


def _rmatmul(self, other):
    """`other @ self`: torch.matmul takes tensors only, so a list or number answers
    NotImplemented (Python's "unsupported operand type(s) for @")."""
    return matmul(other, self) if isinstance(other, Tensor) else NotImplemented


Tensor.__rmatmul__ = _rmatmul


@register("outer", grad_fn="MulBackward0", method=True, sample=fixed((((3,), (2,)), {})),
          aliases=("ger",))
def outer(input, vec2):
    """a_i * b_j, composed as PyTorch does: a.reshape(-1, 1) * b"""
    for t, name in ((input, "self"), (vec2, "vec2")):
        if isinstance(t, Tensor) and t._data.ndim != 1:
            raise TorchRuntimeError(f"outer: Expected 1-D argument {name}, but got "
                                    f"{t._data.ndim}-D")
    return input.reshape(-1, 1) * vec2
