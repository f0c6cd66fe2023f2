"""Matrix functions: trace, diag, det, inverse (linalg.inv), einsum and cross.

`einsum` is composed as ATen composes it (Linear.cpp's einsum and sumproduct_pair, PyTorch
2.13): each operand reduced to its diagonals, unsqueezed and permuted into (output dims,
contracted dims), the operands contracted left to right by permutes, reshapes and one `bmm`
each (a `mul` where nothing is summed), and the contracted dims dropped by a final `view`
(one operand: a `sum`). So its nodes, at every order of derivative, are PyTorch's.
"""
from __future__ import annotations

import string

import numpy as np

from .. import cpu, dtypes
from .._tensor import Tensor
from ..autograd.graph import Node
from ..autograd.hooks import one_cpp_call
from ..errors import (LinAlgError, TorchNotImplementedError, TorchRuntimeError, TorchTypeError,
                      TorchValueError)
from ..fpmath import FMA_DTYPES, fma
from .core import _enabled, apply, pass_where, refuse_low_precision, wrap, wrap_dim
from .registry import category, fixed, register
from .unary import check_tensor

category("linear algebra")


def _square(x: Tensor, fname: str) -> None:
    """PyTorch's checks for a (batch of) square matrices."""
    if x._data.ndim < 2:
        raise TorchRuntimeError(f"{fname}: The input tensor A must have at least 2 "
                                "dimensions.")
    n, m = x._data.shape[-2:]
    if n != m:
        raise TorchRuntimeError(f"{fname}: A must be batches of square matrices, but they are "
                                f"{n} by {m} matrices")


def _square_float(x: Tensor, fname: str) -> None:
    """PyTorch's checks for a (batch of) square floating-point matrices."""
    _square(x, fname)
    if x._data.dtype.kind not in "fc":
        raise TorchRuntimeError(f"{fname}: Expected a floating point or complex tensor as "
                                f"input. Got {x.dtype.legacy}")


def _column_major(m):
    """m with each matrix stored column by column, as LAPACK returns inv and solve results
    (their strides decide how a later mm writes its gradients; a dim of size 1 too has
    PyTorch's stride)."""
    m = np.asarray(m)
    out = np.swapaxes(np.empty(m.shape[:-2] + (m.shape[-1], m.shape[-2]), m.dtype), -1, -2)
    out[...] = m
    return out


def _well_conditioned(a) -> bool:
    """Whether inv(A) is trustworthy for every matrix of the batch."""
    if not a.size:
        return True
    if not np.isfinite(a).all():
        return False                    # (the SVD of cond fails on a nan)
    with np.errstate(all="ignore"):
        cond = np.linalg.cond(a)
    return bool(np.all(cond * np.finfo(a.dtype).eps < 1e-3))


# -- trace and diag ---------------------------------------------------------------------------

class TraceBackward0(Node):
    """d/dX trace(X) = I (g on the diagonal)"""

    linear = True           # forward AD: the op on the tangent, in its own dtype

    def forward(self, x):
        r = np.trace(x)
        return np.asarray(r, dtype=np.int64 if x.dtype.kind in "biu" else x.dtype)

    def backward(self, g):
        n, m = self._in_meta[0][0]
        return pass_where(g, np.eye(n, m, dtype=bool))      # PyTorch: zeros, index_fill_


@register("trace", grad_fn="TraceBackward0", method=True, sample=fixed(
    (((3, 3),), {}), (((2, 3),), {})))
def trace(input):
    """sum of the diagonal: d/dX = I"""
    x = check_tensor(input, "trace")
    if x._data.ndim != 2:
        raise TorchRuntimeError(f"trace: expected a matrix, but got tensor with dim "
                                f"{x._data.ndim}")
    if x.dtype.name == "bool":          # (its CPU kernel's dtype dispatch has no bool)
        raise TorchNotImplementedError("\"trace\" not implemented for 'Bool'")
    return apply(TraceBackward0, (x,))


class DiagEmbedBackward0(Node):
    """d diag(v, k) = the k-th diagonal of g"""

    def forward(self, v):
        return np.diag(v, self.offset)

    def backward(self, g):
        return g.diagonal(self.offset)


class DiagonalBackward0_copy(Node):
    """d diag(X, k) = g placed on the k-th diagonal of zeros"""

    def forward(self, x):
        return np.diagonal(x, self.offset).copy()

    def backward(self, g):
        from .shape import DiagonalBackwardBackward0
        return apply(DiagonalBackwardBackward0, (g,), offset=self.offset, d1=0, d2=1,
                     shape=self._in_meta[0][0])


@register("diag", grad_fn="DiagEmbedBackward0", method=True, sample=fixed(
    (((3,),), {}), (((3,), 1), {}), (((3, 3),), {}), (((3, 4), -1), {})))
def diag(input, diagonal=0):
    """vector -> diagonal matrix (DiagEmbedBackward0); matrix -> its diagonal
    (DiagonalBackward0_copy): the derivative moves g back where the entries came from"""
    x = check_tensor(input, "diag")
    nd = x._data.ndim
    if nd == 1:
        return apply(DiagEmbedBackward0, (x,), offset=int(diagonal),
                     as_given={"dim1": -2, "dim2": -1})     # (ATen's diag_embed defaults)
    if nd == 2:
        return apply(DiagonalBackward0_copy, (x,), offset=int(diagonal),
                     as_given={"dim1": 0, "dim2": 1})
    raise TorchRuntimeError(f"diag(): Supports 1D or 2D tensors. Got {nd}D")


# -- det and inverse --------------------------------------------------------------------------

class LinalgDetBackward0(Node):
    """d/dA det(A) = g * det(A) * inv(A)^T  (the cofactor matrix)"""

    save_inputs = (0,)
    save_output = True
    shadows = ("LU", "pivots")

    def shadow(self, name):
        return saved_lu(self, name, lu_factor_as_det)

    def forward(self, a):
        return lu_det(a)

    def backward(self, g):
        a, y = self.saved
        if not a._data.size:        # PyTorch's: no gradient (zeros, outside the graph)
            return wrap(np.zeros_like(a._data))
        if _enabled[0]:             # a graph is built: PyTorch's two differentiable formulas
            eps = float(np.finfo(a._data.dtype).eps)
            if np.any(np.abs(y._data) < 100 * eps):
                return _det_grad_svd(a, g)
            return _solve_diag(a, g * y)    # solve(A^T, diag(g det)^T)
        if a._data.dtype.kind == "c":
            return _solve_diag(a, g * y)
        return lu_gradient(a, g * y, perturb=True)   # at a singular A: PyTorch's zeros

    def jvp(self, inputs, tangents, out):
        """PyTorch's linalg_det_jvp (real A): tr(A^-1 dA) det, solved with the forward's LU
        whose zero pivots are eps (so 0 at a singular A)"""
        (a,), (t,) = inputs, tangents
        if a._data.dtype.kind == "c" or a._requires_grad or t._requires_grad:
            return NotImplemented       # a recorded tangent: the full derivative (README)
        return lu_trace(a, t, perturb=True) * out


def _det_lu(a: np.ndarray, perturb: bool):
    """The LU det and slogdet computed (of A^T for a contiguous A, whose memory LAPACK reads
    column by column), its pivots, and whether it is A^T's; `perturb`: zero pivots made eps
    (PyTorch's det is C^1, so its derivatives at a singular A use a near one)."""
    lu, pivots, _, _ = lu_factor_as_det(a)
    if perturb:
        eps = np.finfo(a.dtype).eps
        n = lu.shape[-1]
        lu = lu + np.where(np.eye(n, dtype=bool) & (lu == 0), eps, 0).astype(lu.dtype)
    return lu, pivots, a.flags.c_contiguous


def lu_gradient(a: Tensor, v: Tensor, perturb: bool = False) -> Tensor:
    """A^-T diag(v) as PyTorch's first-order det and slogdet gradients solve it: with the
    forward's LU, getrs's way (lu_solve, adjoint unless the LU is A^T's), a zero pivot
    dividing (inf, nan) unless `perturb`."""
    from .matrix import lu_solve_getrs
    lu, pivots, transposed = _det_lu(a._data, perturb)
    n = a._data.shape[-1]
    rhs = np.where(np.eye(n, dtype=bool), np.asarray(v._data)[..., None, None],
                   np.zeros((), a._data.dtype))         # +0 off the diagonal, as diag_embed
    return wrap(lu_solve_getrs(lu, pivots, rhs, adjoint=not transposed).astype(a._data.dtype))


def lu_trace(a: Tensor, t: Tensor, perturb: bool = False) -> Tensor:
    """tr(A^-1 dA) as PyTorch's det and slogdet tangents solve it: with the forward's LU
    (lu_solve, adjoint when the LU is A^T's)."""
    from .matrix import lu_solve_getrs
    lu, pivots, transposed = _det_lu(a._data, perturb)
    dt = np.broadcast_to(t._data, a._data.shape)
    x = lu_solve_getrs(lu, pivots, dt, adjoint=transposed)
    with np.errstate(all="ignore"):                     # inf - inf at a singular A: nan
        trace = np.diagonal(x, axis1=-2, axis2=-1).sum(-1)
    return wrap(np.asarray(trace, dtype=a._data.dtype))


def _det_grad_svd(a: Tensor, g: Tensor) -> Tensor:
    """PyTorch's det gradient for (nearly) singular A when a graph is built:
    U diag(g alpha prod_{j != i} s_j) Vh with A = U diag(s) Vh and alpha = det(U) det(Vh)."""
    from .matrix import linalg_svd
    from .shape import cat
    u, s, vh = linalg_svd(a)
    alpha = det(u) * det(vh)
    ones = s.new_ones(s._data.shape[:-1] + (1,))
    before = cat([ones, s[..., :-1]], -1).cumprod(-1)
    after = cat([ones, s[..., 1:].flip(-1)], -1).cumprod(-1).flip(-1)
    dgrad = (g * alpha).unsqueeze(-1) * (before * after)
    return (u * dgrad.unsqueeze(-2)) @ vh


def _solve_diag(a: Tensor, v: Tensor) -> Tensor:
    """solve(A^T, diag_embed(v)^T) = v A^-T, recorded as PyTorch's det and slogdet backward
    record it (a diag_embed of v expanded over the last dim, a transpose, linalg_solve)."""
    from .extra import diag_embed
    from .matrix import _solve
    n = a._data.shape[-1]
    d = diag_embed(v.unsqueeze(-1).expand(*v._data.shape, n)).mT
    return _solve(a.mT, d, True, False)


@register("det", grad_fn="LinalgDetBackward0", method=True,
          namespaces=("torch", "linalg:det"), sample=fixed(
              (((3, 3),), {}), (((2, 2, 2),), {}), lo=-1.0, hi=1.0))
def det(input):
    """determinant: d/dA = det(A) inv(A)^T"""
    x = check_tensor(input, "det")
    _square_float(x, "linalg.det")
    refuse_low_precision("lu", x)
    return apply(LinalgDetBackward0, (x,))


class LinalgInvExBackward0(Node):
    """d/dA inv(A) = -inv(A)^T g inv(A)^T"""

    save_output = True
    values = None               # inv_ex's result for a singular A, computed as PyTorch's

    def forward(self, a):
        if self.values is not None:
            return _column_major(self.values)
        try:
            inv = np.linalg.inv(a)
        except np.linalg.LinAlgError:           # NumPy's LU met a zero pivot: PyTorch's LU?
            from .matrix import solve_as_torch
            inv, info = solve_as_torch(a, np.eye(a.shape[-1], dtype=a.dtype))
            if info.any():
                raise LinAlgError(singular_text(info, "linalg.inv")) from None
            return _column_major(inv)
        if _nearly_singular(a, inv):            # PyTorch's LU may have a zero pivot
            message = _singular_message(a)
            if message:
                raise LinAlgError(message)
        return _nan_where_nan(a, _column_major(inv))

    def backward(self, g):
        (y,) = self.saved
        right = g @ y.mT            # C++ evaluates the right operand first: its node is older
        return -(y.mT @ right)

    def jvp(self, inputs, tangents, out):
        """PyTorch's formula -inv(A) (dA inv(A)), whose zeros are negative"""
        return -(out @ (tangents[0] @ out))


def _nearly_singular(a, inv) -> bool:
    """Whether ||A|| ||A^-1|| (1-norm) says some matrix of the batch may be singular in
    exact arithmetic (cheaper than _well_conditioned's SVD)."""
    if not a.size:
        return False
    with np.errstate(all="ignore"):
        cond = np.abs(a).sum(-2).max(-1) * np.abs(inv).sum(-2).max(-1)
        return not bool(np.all(cond * np.finfo(a.dtype).eps < 1e-3))


def _nan_where_nan(a, out):
    """out with nans for every matrix of `a` that holds a nan: LAPACK's LU picks a nan as
    its pivot there (MKL's, as PyTorch's; OpenBLAS's, under NumPy, passes over it), so the
    nan reaches every entry of the result."""
    bad = np.isnan(a).any(axis=(-2, -1))
    if bad.any():
        out = out.copy()
        out[bad] = np.nan
    return out


def _singular_message(a, fname="linalg.inv") -> str:
    """LAPACK's report for a singular matrix: the first zero pivot of the LU factorization
    PyTorch computes (of the first matrix of the batch that has one); "" for none."""
    return singular_text(lu_info(a), fname)


def lu_info(a) -> np.ndarray:
    """getrf's info for every matrix of `a`: the 1-based index of its LU's first zero pivot
    (0 for none, and for a matrix holding a nan, which MKL's getrf takes as a pivot)."""
    diag = np.diagonal(lu_factor(a)[0], axis1=-2, axis2=-1)
    zero = (diag == 0) & ~np.isnan(a).any((-2, -1))[..., None]
    return np.where(zero.any(-1), zero.argmax(-1) + 1, 0).astype(np.int32)


def singular_text(info, fname) -> str:
    """The inversion error for the first nonzero `info` of a batch ("" for none)."""
    flat = np.asarray(info).reshape(-1)
    bad = np.flatnonzero(flat)
    if not bad.size:
        return ""
    b = int(bad[0])
    where = f"(Batch element {b}): " if np.ndim(info) else ""
    return (f"{fname}: {where}The diagonal element {int(flat[b])} is zero, the inversion "
            "could not be completed because the input matrix is singular.")


#: matrices up to this many rows and columns MKL's getrf factors column by column, each
#: update a fused multiply-add (larger ones blocked, in another order)
_UNBLOCKED_LU = 16


def lu_factor(a: np.ndarray):
    """LU with partial pivoting of each matrix of a batch, as LAPACK's getrf computes it (the
    multipliers scaled by the pivot's reciprocal): (LU packed in one array, 1-based pivot
    rows as int32, sign of the permutation). Up to 16 x 16 (real) on Intel's CPUs MKL's
    bits: each update of the trailing matrix one fused multiply-add, and in a square matrix
    up to 4 x 4 a lone multiplier divided by its pivot (its small kernel); larger ones, and
    on AMD's CPUs (MKL's generic path), each step rounded as NumPy's arithmetic does."""
    m = np.array(a, dtype=a.dtype, copy=True)
    batch, n = m.shape[:-2], m.shape[-1]
    rows_n = m.shape[-2]
    exact = max(m.shape[-2:]) <= _UNBLOCKED_LU and m.dtype in FMA_DTYPES and \
        cpu.mkl_vendor() != "amd"           # (on AMD's CPUs MKL's getrf rounds each step)
    small = rows_n == n <= 4
    flat = m.reshape((int(np.prod(batch)),) + m.shape[-2:])
    rows = np.arange(flat.shape[0])
    pivots = np.zeros((flat.shape[0], min(m.shape[-2:])), dtype=np.int32)
    sign = np.ones(flat.shape[0], dtype=a.dtype)
    complex_ = m.dtype.kind == "c"
    for j in range(min(m.shape[-2:])):
        column = flat[:, j:, j]             # LAPACK's i?amax: |re| + |im| for complex
        p = j + np.argmax(np.abs(column.real) + np.abs(column.imag) if complex_ else
                          np.abs(column), axis=1)
        pivots[:, j] = p + 1
        swap = p != j
        top = flat[rows, j].copy()
        flat[rows, j] = flat[rows, p]
        flat[rows, p] = top
        sign[swap] = -sign[swap]
        piv = flat[:, j, j]
        with np.errstate(all="ignore"):
            if exact and small and rows_n - j - 1 == 1:
                flat[:, j + 1:, j] = np.where(piv[:, None] != 0, flat[:, j + 1:, j] /
                                              piv[:, None], flat[:, j + 1:, j])
            else:
                scale = np.where(piv != 0, 1 / piv, 0).astype(a.dtype)
                flat[:, j + 1:, j] *= scale[:, None]
            if exact:
                flat[:, j + 1:, j + 1:] = fma(-flat[:, j + 1:, j, None],
                                              flat[:, j, None, j + 1:], flat[:, j + 1:, j + 1:])
            else:
                flat[:, j + 1:, j + 1:] -= flat[:, j + 1:, j, None] * flat[:, j, None, j + 1:]
    return flat.reshape(m.shape), pivots.reshape(batch + pivots.shape[-1:]), sign.reshape(batch), n


def saved_lu(node, name: str, factor=lu_factor):
    """The LU factorization of A PyTorch's det, slogdet and solve keep (`_saved_LU`,
    `_saved_pivots`), which their rules here do not read: A's again, from the saved A."""
    lu, pivots = factor(node.saved[0]._data)[:2]
    return wrap(lu if name == "LU" else pivots)


def lu_factor_t(a: np.ndarray):
    """lu_factor of A^T: PyTorch's det and slogdet hand A's row-major memory to LAPACK,
    which reads it column by column, so they factor the transpose (the same determinant,
    other roundings: [[1,2,3],[4,5,6],[7,8,9]] gets an exact 0)."""
    return lu_factor(np.swapaxes(a, -1, -2))


def lu_factor_as_det(a: np.ndarray):
    """The LU PyTorch's det and slogdet take: of A^T when A is contiguous (its row-major
    memory read column by column), else of A itself (LAPACK gets a column-major copy)."""
    return lu_factor_t(a) if a.flags.c_contiguous else lu_factor(a)


def lu_det(a: np.ndarray) -> np.ndarray:
    """det as PyTorch computes it: the product of the diagonal of the LU's U times the
    permutation's sign (a singular matrix can give -0.)."""
    lu, _, sign, n = lu_factor_as_det(a)
    diag = np.diagonal(lu, axis1=-2, axis2=-1)
    return np.asarray(sign * np.prod(diag, axis=-1), dtype=a.dtype)


@register("inverse", grad_fn="LinalgInvExBackward0", method=True,
          namespaces=("torch", "linalg:inv"), sample=fixed(
              (((3, 3),), {}), (((2, 2, 2),), {}), lo=-1.0, hi=1.0))
def inverse(input):
    """matrix inverse: d/dA = -inv(A)^T g inv(A)^T"""
    x = check_tensor(input, "inverse")
    _square_float(x, "linalg.inv")
    refuse_low_precision("inv", x, autocast_fp32=True)
    return apply(LinalgInvExBackward0, (x,))


# -- cross product ----------------------------------------------------------------------------

class LinalgCrossBackward0(Node):
    """d (a x b) = b x g, g x a"""

    save_inputs = (0, 1)

    def forward(self, a, b):
        with np.errstate(all="ignore"):         # inf * 0: nan, quietly
            if a.dtype == b.dtype and a.dtype in FMA_DTYPES:
                return _cross_kernel(a, b, self.dim)
            return np.ascontiguousarray(np.cross(a, b, axis=self.dim))    # ATen's: contiguous

    def backward(self, g):
        a, b = self.saved
        ga = cross(b, g, dim=self.dim) if self.needs(0) else None
        gb = cross(g, a, dim=self.dim) if self.needs(1) else None
        return ga, gb


def _cross_kernel(a: np.ndarray, b: np.ndarray, dim: int) -> np.ndarray:
    """ATen's float cross kernel: each component a_i b_j - a_j b_i with the first product
    fused (GCC contracts it to fma(a_i, b_j, -(a_j b_i))); a contiguous result."""
    shape = np.broadcast_shapes(a.shape, b.shape)
    x = np.moveaxis(np.broadcast_to(a, shape), dim, -1)
    y = np.moveaxis(np.broadcast_to(b, shape), dim, -1)

    def part(i, j):
        return fma(x[..., i], y[..., j], -(x[..., j] * y[..., i]))
    out = np.stack([part(1, 2), part(2, 0), part(0, 1)], axis=dim)
    return np.ascontiguousarray(out.astype(a.dtype, copy=False))


def _cross_dim(a, dim):
    """torch.cross's dim: the one given, else (with PyTorch's warning, once per process) the
    first of size 3 in the input's own shape (not the broadcast one)."""
    if dim is not None:
        return dim
    from ..errors import warn_cpp
    warn_cpp("Using torch.cross without specifying the dim arg is deprecated.\nPlease "
             "either pass the dim explicitly or simply use torch.linalg.cross.\nThe "
             "default value of dim will change to agree with that of linalg.cross in a "
             "future release. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/"
             "native/Cross.cpp:63.)", once=True)
    found = next((i for i, s in enumerate(a._data.shape) if s == 3), None)
    if found is None:
        raise TorchRuntimeError("no dimension of size 3 in input")
    return found


@register("cross", grad_fn="LinalgCrossBackward0", method=True, sample=fixed(
    (((3,), (3,)), {"dim": 0}), (((2, 3), (2, 3)), {"dim": 1}), (((3, 2), (3, 1)), {"dim": 0})))
@one_cpp_call
def cross(input, other, dim=None):
    """cross product along dim: d/da = b x g, d/db = g x a. PyTorch's linalg_cross checks,
    in its order: the same number of dims, the dim (of the input), its length 3 in both,
    then the broadcast of the rest, then one dtype for both."""
    a = check_tensor(input, "cross")
    b = check_tensor(other, "cross", "other", 2)
    dim = _cross_dim(a, dim)
    if a._data.ndim != b._data.ndim:
        raise TorchRuntimeError("linalg.cross: inputs must have the same number of "
                                "dimensions.")
    if not a._data.ndim:                # input.size(dim) of a 0-d tensor
        from ..errors import TorchIndexError
        raise TorchIndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    d = wrap_dim(dim, a._data.ndim)
    if a._data.shape[d] != 3 or b._data.shape[d] != 3:
        raise TorchRuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. "
                                f"Got {a._data.shape[d]} and {b._data.shape[d]}")
    try:
        shape = np.broadcast_shapes(a._data.shape, b._data.shape)
    except ValueError:
        from .core import broadcast_error
        raise broadcast_error(a._data.shape, b._data.shape) from None
    if a.dtype.name == "bool":            # (dispatched on input's dtype before other's check)
        from ..errors import TorchNotImplementedError
        raise TorchNotImplementedError("\"cross\" not implemented for 'Bool'")
    if a.dtype is not b.dtype:            # ATen's kernel: one dtype, not a promoted one
        raise TorchRuntimeError(f"expected scalar type {a.dtype.legacy} but found "
                                f"{b.dtype.legacy}")
    return apply(LinalgCrossBackward0, (a, b), None, dim=d - len(shape), as_given={"dim": dim})


@register("linalg_cross", grad_fn="LinalgCrossBackward0", namespaces=("linalg:cross",),
          sample=fixed((((3,), (3,)), {}), (((2, 3), (1, 3)), {})))
def linalg_cross(input, other, *, dim=-1):
    """torch.linalg.cross (dim defaults to -1): d/da = b x g, d/db = g x a"""
    return cross(input, other, dim=dim)


# -- einsum -----------------------------------------------------------------------------------

_LETTERS = string.ascii_uppercase + string.ascii_lowercase


def _check_chars(eq: str) -> None:
    for i, c in enumerate(eq):
        if not (c in _LETTERS or c in ",.>" or (c == "-" and eq[i + 1:i + 2] == ">")):
            raise TorchRuntimeError(f"einsum(): invalid subscript given at index {i} in the "
                                    "equation string, subscripts must be in [a-zA-Z]")
    if eq.count("->") > 1:
        i = eq.index("->", eq.index("->") + 2)
        raise TorchRuntimeError(f"einsum(): invalid subscript given at index {i} in the "
                                "equation string, subscripts must be in [a-zA-Z]")


def _expand_ellipsis(terms, ndims, free):
    """Replace `...` in each input term by letters; returns (terms, ellipsis letters)."""
    spans = []
    for k, (term, nd) in enumerate(zip(terms, ndims)):
        if "." in term.replace("...", "", 1) or term.count("...") > 1:
            raise TorchRuntimeError(f"einsum(): found '.' for operand {k} that is not part of "
                                    "any ellipsis")
        explicit = len(term.replace("...", ""))
        if "..." not in term and explicit != nd:
            raise TorchRuntimeError(
                f"einsum(): the number of subscripts in the equation ({explicit}) does not "
                f"match the number of dimensions ({nd}) for operand {k} and no ellipsis was "
                "given")
        if "..." in term and explicit > nd:
            raise TorchRuntimeError(
                f"einsum(): the number of subscripts in the equation ({explicit}) is more than "
                f"the number of dimensions ({nd}) for operand {k}")
        spans.append(nd - explicit if "..." in term else 0)
    rank = max(spans, default=0)
    ell = "".join(free[:rank])
    return [t.replace("...", ell[rank - s:]) for t, s in zip(terms, spans)], ell


def _output_term(rhs, arrow, terms, ell):
    if not arrow:
        counts = {}
        for c in "".join(terms):
            counts[c] = counts.get(c, 0) + 1
        return ell + "".join(sorted(c for c, n in counts.items() if n == 1 and c not in ell))
    out = rhs.replace("...", ell)
    seen = set("".join(terms))
    for c in out:
        if out.count(c) > 1:
            raise TorchRuntimeError(f"einsum(): output subscript {c} appears more than once in "
                                    "the output")
        if c not in seen:
            raise TorchRuntimeError(f"einsum(): output subscript {c} does not appear in the "
                                    "equation for any input operand")
    return out


def _check_sizes(terms, shapes):
    """ATen's checks, operand by operand: a subscript repeated in one operand (a diagonal)
    has one size there; across operands its sizes broadcast."""
    seen = {}
    for k, (term, shape) in enumerate(zip(terms, shapes)):
        first = {}
        for c, s in zip(term, shape):
            if c in first:
                if s != first[c]:
                    raise TorchRuntimeError(f"einsum(): subscript {c} is repeated for operand "
                                            f"{k} but the sizes don't match, {s} != {first[c]}")
                continue
            first[c] = s
            old = seen.get(c)
            if old is None or old == 1:
                seen[c] = s
            elif s not in (1, old):
                raise TorchRuntimeError(f"einsum(): subscript {c} has size {s} for operand {k} "
                                        f"which does not broadcast with previously seen size "
                                        f"{old}")


def _parse(equation: str, ops: list):
    """(input terms, output term, the ellipsis's letters) with ellipses spelled out as
    letters, checked."""
    eq = equation.replace(" ", "")
    _check_chars(eq)
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) > len(ops):
        raise TorchRuntimeError("einsum(): fewer operands were provided than specified in the "
                                "equation")
    if len(terms) < len(ops):
        raise TorchRuntimeError("einsum(): more operands were provided than specified in the "
                                "equation")
    free = [c for c in _LETTERS if c not in eq]
    terms, ell = _expand_ellipsis(terms, [o._data.ndim for o in ops], free)
    out = _output_term(rhs, arrow, terms, ell)
    _check_sizes(terms, [o._data.shape for o in ops])
    return terms, out, ell


def _label_rank(c: str) -> int:
    """PyTorch's order of subscripts: A-Z before a-z (its contracted dims come in it)."""
    return ord(c) - ord("A") if c.isupper() else ord(c) - ord("a") + 26


def _einsum(equation, ops):
    """ATen's einsum, step for step, so that its graph is PyTorch's: each operand reduced to
    its diagonals, unsqueezed and permuted to (output dims, contracted dims), then contracted
    left to right (dims only one side has summed first, the rest by `_sumproduct_pair`), and
    the contracted dims dropped by a view (one operand: summed)."""
    terms, out, ell = _parse(equation, ops)
    contracted = sorted(set("".join(terms)) - set(out) - set(ell), key=_label_rank)
    order = list(out) + [c for c in ell if c not in out] + contracted
    index = {c: i for i, c in enumerate(order)}
    counts = [0] * len(order)
    aligned = [_aligned(op, term, index, counts) for op, term in zip(ops, terms)]
    n_out = len(out)
    while len(aligned) > 1:
        a, b = aligned.pop(0), aligned.pop(0)
        sum_dims, a_sum, b_sum = [], [], []
        for d in range(n_out, len(order)):
            in_a, in_b = a._data.shape[d] != 1, b._data.shape[d] != 1
            if in_a and in_b:
                counts[d] -= 1
                if counts[d] == 1:
                    sum_dims.append(d)
                    counts[d] = 0
            elif counts[d] == 1 and (in_a or in_b):
                (a_sum if in_a else b_sum).append(d)
                counts[d] = 0
        if a_sum:
            a = a.sum(a_sum, True)
        if b_sum:
            b = b.sum(b_sum, True)
        aligned.insert(0, _sumproduct_pair(a, b, sum_dims))
    result = aligned[0]
    if len(order) == n_out:
        return result
    if len(ops) > 1:
        return result.view(result._data.shape[:n_out])
    return result.sum(list(range(n_out, len(order))))


def _aligned(op, term, index, counts):
    """One operand with its repeated subscripts reduced to diagonals, a size-1 dim added for
    each subscript it lacks and its dims permuted into `index`'s order; counts, per dim, the
    operands that have it (with a size other than 1)."""
    perm = [-1] * len(index)
    dim = 0
    for c in term:
        k = index[c]
        if perm[k] == -1:
            if op._data.shape[dim] != 1:
                counts[k] += 1
            perm[k] = dim
            dim += 1
        else:                                   # a repeated subscript: its diagonal
            op = op.diagonal(0, perm[k], dim).movedim(-1, perm[k])
    for k in range(len(perm)):
        if perm[k] == -1:
            op = op.unsqueeze(dim)
            perm[k] = dim
            dim += 1
    return op.permute(perm)


def _sumproduct_pair(left, right, sum_dims):
    """ATen's sumproduct_pair(left, right, sum_dims, keepdim=True): the product of two
    aligned operands summed over sum_dims, as one bmm of (shared, left-only, summed) by
    (shared, summed, right-only) reshapes, viewed and permuted back (the operands swapped
    when every right-only dim comes before the left-only ones)."""
    if not sum_dims:
        return left * right
    lro, lo, ro = [], [], []
    n_lro = n_lo = n_ro = n_sum = 1
    for i in range(left._data.ndim):
        sl, sr = left._data.shape[i] != 1, right._data.shape[i] != 1
        if i in sum_dims:
            if sl and sr:
                n_sum *= left._data.shape[i]
            elif sl:
                left = left.sum(i, True)
            elif sr:
                right = right.sum(i, True)
        elif sl and sr:
            lro.append(i)
            n_lro *= left._data.shape[i]
        elif sl:
            lo.append(i)
            n_lo *= left._data.shape[i]
        else:
            ro.append(i)
            n_ro *= right._data.shape[i]
    if lo and ro and ro[-1] < lo[0]:        # PyTorch 2.13 swaps them: no permute of the result
        left, right, lo, ro, n_lo, n_ro = right, left, ro, lo, n_ro, n_lo
    out_size = ([left._data.shape[d] for d in lro] + [left._data.shape[d] for d in lo] +
                [1] * len(sum_dims) + [right._data.shape[d] for d in ro])
    placed = lro + lo + list(sum_dims) + ro
    operm = [0] * len(placed)
    for i, d in enumerate(placed):
        operm[d] = i
    left = left.permute(placed).reshape(n_lro, n_lo, n_sum)
    right = right.permute(lro + list(sum_dims) + ro + lo).reshape(n_lro, n_sum, n_ro)
    return left.bmm(right).view(out_size).permute(operm)


@register("einsum", grad_fn="ViewBackward0", sample=fixed(
    (("ij,jk->ik", (2, 3), (3, 2)), {}), (("i,i->", (3,), (3,)), {}),
    (("bij,bjk->bik", (2, 2, 3), (2, 3, 2)), {}), (("ii->i", (3, 3)), {}),
    (("ij->", (2, 3)), {}), (("i,j->ij", (2,), (3,)), {}), (("...ij,jk", (2, 2, 3), (3, 2)), {}),
    (("ij,jk,kl->il", (2, 3), (3, 2), (2, 2)), {}), (("ij,k->i", (2, 3), (2,)), {})))
def einsum(*args):
    """Einstein summation, composed as PyTorch composes it (diagonal, permute, reshape, bmm,
    view): d/dX_k = einsum of g with the other operands"""
    if len(args) < 2 or (len(args) == 2 and isinstance(args[1], (list, tuple)) and
                         not isinstance(args[0], Tensor) and not args[1]):
        raise TorchValueError("einsum(): must specify the equation string and at least one "
                              "operand, or at least one operand and its subscripts list")
    equation, operands = args[0], args[1:]
    if isinstance(equation, Tensor):           # einsum(op1, sublist1, op2, ..., [out])
        equation, operands = _sublist_form(args)
    elif len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not isinstance(equation, str):
        raise TorchRuntimeError("einsum(): the equation must be a string")
    for i, o in enumerate(operands):            # (_VF.einsum's TensorList, its argument 1)
        if not isinstance(o, Tensor):
            raise TorchTypeError(f"expected Tensor as element {i} in argument 1, but got "
                                 f"{type(o).__name__}")
    ops = [check_tensor(o, "einsum", "operands", i + 2) for i, o in enumerate(operands)]
    summed = _sums_an_index(equation, ops)
    if len(ops) == 1 and summed and ops[0]._data.dtype.kind in "biu":
        ops = [ops[0].to(dtypes.int64)]         # PyTorch sums one operand with sum()
    return _einsum(equation, ops)


def _sublist_form(args):
    """(equation, operands) of einsum's sublist form: subscripts 0..51 stand for a-z, A-Z,
    and Ellipsis for `...`."""
    letters = string.ascii_lowercase + string.ascii_uppercase

    def term(sub):
        out = ""
        for x in sub:
            if x is Ellipsis:
                out += "..."
            elif not isinstance(x, int) or not 0 <= x < 52:
                raise TorchValueError("einsum(): subscript in subscript list is not within the "
                                      "valid range [0, 52)")
            else:
                out += letters[x]
        return out
    ops, terms = list(args[0::2]), [term(t) for t in args[1::2]]
    if len(ops) > len(terms):                  # an odd count: the last one is the output
        return ",".join(terms) + "->" + term(ops[-1]), ops[:-1]
    return ",".join(terms), ops


def _sums_an_index(equation, ops) -> bool:
    """Whether the equation sums an index away; PyTorch contracts two or more operands with
    bmm, which has no bool kernel."""
    lhs, _, rhs = equation.replace(" ", "").partition("->")
    if "->" not in equation:
        rhs = "".join(c for c in set(lhs) if c.isalpha() and lhs.count(c) == 1)
    summed = bool(set(c for c in lhs if c.isalpha()) - set(rhs))
    if summed and len(ops) >= 2 and any(o._data.dtype == np.bool_ for o in ops):
        raise TorchNotImplementedError("\"bmm\" not implemented for 'Bool'")
    return summed
