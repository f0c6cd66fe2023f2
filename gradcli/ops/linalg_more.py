"""More linear algebra: the Cholesky-based solvers (cholesky_solve, cholesky_inverse), the
deprecated triangular_solve, linalg.inv_ex and linalg.solve_ex (with LAPACK's info), and
linalg.tensorinv and linalg.tensorsolve (compositions, as in PyTorch).

Triangular solves run as LAPACK's reference trsm does (`matrix._substitute`: zeros skipped,
so a singular factor gives the infs and nans PyTorch gives); cholesky_inverse is potri
(trti2 then lauu2, column by column), so a zero on the factor's diagonal is LAPACK's error.
Backward rules are PyTorch's (FunctionsManual.cpp), written with the ops themselves so that
higher derivatives work.
"""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ..autograd.graph import Node
from ..errors import LinAlgError, TorchNotImplementedError, TorchRuntimeError
from .core import _enabled, apply, broadcast_error, refuse_low_precision, wrap
from .decomp import (LinalgInvExBackward0, _square, _square_float, _well_conditioned,
                     singular_text)
from .matrix import (_deprecated, _mT, _Result, _solve, _spd, _substitute, _where,
                     linalg_solve, solve_as_torch, solve_inputs)
from .reduce import sum_to
from .registry import category, fixed, register
from .unary import check_tensor

category("linear algebra")


def _mH(a):
    """The conjugate transpose of an array."""
    return np.conj(_mT(a)) if a.dtype.kind == "c" else _mT(a)


def _tH(t: Tensor) -> Tensor:
    """The conjugate transpose of a tensor (its transpose when real)."""
    return t.mH if t._data.dtype.kind == "c" else t.mT


def _batch(b, a, shown_a=None, shown_b=None):
    """The broadcast batch shape of two (batches of) matrices, or PyTorch's error."""
    try:
        return np.broadcast_shapes(b.shape[:-2], a.shape[:-2])
    except ValueError:
        raise broadcast_error(b.shape[:-2], a.shape[:-2]) from None


def _linear_solve_inputs(b: Tensor, a: Tensor, name: str) -> None:
    """linearSolveCheckInputs: one dtype, square A, as many rows in b as A has."""
    if b.dtype is not a.dtype:
        raise TorchRuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                                f"{b.dtype.legacy} and A of type {a.dtype.legacy} instead.")
    n, m = a._data.shape[-2:]
    if n != m:
        raise TorchRuntimeError(f"A must be batches of square matrices, but they are {n} by {m} "
                                "matrices")
    r, c = b._data.shape[-2:]
    if r != n:
        raise TorchRuntimeError(f"Incompatible matrix sizes for {name}: each A matrix is {n} by "
                                f"{n} but each b matrix is {r} by {c}")


def _solve_checks(b: Tensor, a: Tensor, name: str, kernel: str, warn=None) -> tuple:
    """ATen's linearSolveCheckInputs and batch broadcast (after the caller's rank checks),
    then `warn()` (a kernel's deprecation warning, given after the meta function's checks)
    and the kernel's dtype checks: the batch shape."""
    _linear_solve_inputs(b, a, name)
    batch = _batch(b._data, a._data)
    if warn is not None:
        warn()
    if a._data.dtype.kind not in "fc":
        raise TorchNotImplementedError(f'"{kernel}" not implemented for \'{a.dtype.legacy}\'')
    refuse_low_precision(kernel[:-len("_cpu")], a, autocast_fp32=True)
    return batch


def _full(b, batch):
    return np.broadcast_to(b, batch + b.shape[-2:])


# -- cholesky_solve ---------------------------------------------------------------------------

class CholeskySolveBackward0(Node):
    """X = (L L^H)^-1 B: d/dB = cholesky_solve(g, L), d/dL = -(G + G^H) L with
    G = (d/dB) X^H (upper: -U (G + G^H))"""

    column_major = (0,)             # LAPACK's result, as PyTorch returns it

    save_inputs = (0, 1)            # as PyTorch's (its rule reads factor and the result)
    save_output = True

    def forward(self, b, factor):
        batch = _batch(b, factor)
        low = _mH(factor) if self.upper else factor       # potrs reads one triangle
        y = _substitute(low, np.array(_full(b, batch)), lower=True)
        return _substitute(_mH(low), y, lower=False)

    def backward(self, g):
        _, factor, x = self.saved
        gb = cholesky_solve(g, factor, self.upper)
        common = gb @ _tH(x)
        common = common + _tH(common)
        gl = -(factor @ common) if self.upper else -(common @ factor)
        return (sum_to(gb, self._in_meta[0][0]) if self.needs(0) else None,
                sum_to(gl, self._in_meta[1][0]) if self.needs(1) else None)


@register("cholesky_solve", grad_fn="CholeskySolveBackward0", method=True, sample=fixed(
    # a factor of more than one row is a constant: its other triangle, which potrs does not
    # read, gets PyTorch's (non-zero) gradient; tests/test_linalg_more.py checks it on tril(L)
    (((3, 2), wrap(np.linalg.cholesky(_spd(3)))), {}),
    (((2, 3, 1), wrap(np.linalg.cholesky(_spd(3)).T.copy())), {"upper": True}),
    (((1, 3), np.array([[[1.5]], [[0.75]]])), {}), (((1, 2), np.array([[1.25]])), {"upper": True})))
def cholesky_solve(input, input2, upper=False):
    """X = (L L^H)^-1 B from the Cholesky factor L = input2 (U^H U when upper):
    d/dB = cholesky_solve(g, L), d/dL = -(G + G^H) L, G = (d/dB) X^H"""
    b = check_tensor(input, "cholesky_solve")
    a = check_tensor(input2, "cholesky_solve", "input2", 2)
    if b._data.ndim < 2:
        raise TorchRuntimeError(f"b should have at least 2 dimensions, but has "
                                f"{b._data.ndim} dimensions instead")
    if a._data.ndim < 2:
        raise TorchRuntimeError(f"u should have at least 2 dimensions, but has "
                                f"{a._data.ndim} dimensions instead")
    _solve_checks(b, a, "cholesky_solve", "cholesky_solve_cpu")
    return apply(CholeskySolveBackward0, (b, a), upper=bool(upper))


# -- cholesky_inverse -------------------------------------------------------------------------

class CholeskyInverseBackward0(Node):
    """Y = (L L^H)^-1: d/dL = -Y (g + g^H) Y L  (upper: -U Y (g + g^H) Y)"""

    column_major = (0,)             # LAPACK's result, as PyTorch returns it

    save_inputs = (0,)
    save_output = True

    def forward(self, factor):
        low = _mH(factor) if self.upper else factor
        return _potri(low)

    def backward(self, g):
        factor, y = self.saved
        common = g + _tH(g)
        common = y @ (common @ y)
        return -(factor @ common) if self.upper else -(common @ factor)


def _potri(low: np.ndarray) -> np.ndarray:
    """(L L^H)^-1 from the lower triangle of L as LAPACK's potri computes it: L^-1 by trti2,
    then L^-H L^-1 by lauu2 (the lower triangle), mirrored; a zero on L's diagonal is
    LAPACK's singular-matrix error."""
    zero = np.diagonal(low, 0, -2, -1) == 0
    if zero.any():
        flat = zero.reshape(-1, zero.shape[-1])
        b = int(np.flatnonzero(flat.any(-1))[0])
        k = int(np.argmax(flat[b])) + 1
        raise LinAlgError(f"cholesky_inverse: {_where(low, b)}The diagonal element {k} is zero, "
                          "the inversion could not be completed because the input matrix is "
                          "singular.")
    inv = _trti2(low)
    out = _lauu2(inv)
    n = low.shape[-1]
    return np.where(np.tri(n, dtype=bool), out, _mH(out))


def _trti2(low: np.ndarray) -> np.ndarray:
    """L^-1 of lower-triangular L column by column from the last (LAPACK's dtrti2): the
    diagonal inverted, the column below it L^-1's trailing block times it, scaled by
    -1/l_jj (a zero column stays a signed zero, as trmv skips zeros)."""
    n = low.shape[-1]
    a = np.tril(low).copy()
    with np.errstate(all="ignore"):
        for j in range(n - 1, -1, -1):
            a[..., j, j] = 1 / a[..., j, j]
            if j < n - 1:
                col = a[..., j + 1:, j + 1:] @ a[..., j + 1:, j, None]
                a[..., j + 1:, j] = (col[..., 0] + 0.0) * -a[..., j, j, None]
    return a


def _lauu2(a: np.ndarray) -> np.ndarray:
    """The lower triangle of L^H L for lower-triangular L (LAPACK's dlauu2): row i is
    l_ii times itself plus the rows below's contribution (the last row only scaled)."""
    n = a.shape[-1]
    a = a.copy()
    for i in range(n):
        aii = a[..., i, i].copy()
        col = a[..., i:, i]
        a[..., i, i] = np.sum(np.conj(col) * col, axis=-1)
        if i < n - 1:
            rest = np.conj(_mT(a[..., i + 1:, :i])) @ a[..., i + 1:, i, None]
            a[..., i, :i] = aii[..., None] * a[..., i, :i] + rest[..., 0]
        else:
            a[..., i, :i] = aii[..., None] * a[..., i, :i]
    return a


@register("cholesky_inverse", grad_fn="CholeskyInverseBackward0", method=True, sample=fixed(
    ((np.array([[1.5]]),), {}), ((np.array([[[0.7]], [[1.25]]]),), {"upper": True})))
def cholesky_inverse(input, upper=False):
    """(L L^H)^-1 from the Cholesky factor L (U^H U when upper):
    d/dL = -Y (g + g^H) Y L with Y the result"""
    a = check_tensor(input, "cholesky_inverse")
    _square(a, "cholesky_inverse")
    if a._data.dtype.kind not in "fc":
        raise TorchNotImplementedError(f'"cholesky_inverse_out_cpu" not implemented for '
                                       f"'{a.dtype.legacy}'")
    refuse_low_precision("cholesky_inverse", a, autocast_fp32=True)
    return apply(CholeskyInverseBackward0, (a,), upper=bool(upper))


# -- triangular_solve -------------------------------------------------------------------------

class TriangularSolveBackward0(Node):
    """X = op(A)^-1 b with A triangular (op: transpose when asked), and a copy M of A:
    d/db = triangular_solve(g, A) with transpose flipped, d/dA = -(d/db) X^H on A's
    triangle (transpose: -X (d/db)^H) plus gM"""

    column_major = (0, 1)             # LAPACK's result, as PyTorch returns it

    n_outputs = 2
    save_inputs = (0, 1)
    save_output = True
    saved_results = (0,)
    result_names = ("solution",)
    materialize_grads = False         # an unused result passes no gradient (no 0 added)

    def forward(self, b, a):
        batch = _batch(b, a)
        return _tri_solve(b, a, self.upper, self.transpose, self.unitriangular, batch), \
            np.array(_full(a, batch))

    def jvp(self, inputs, tangents, out):
        """PyTorch's triangular_solve_jvp: dX = op(A)^-1 (dB - dA X), with all of dA as
        given (its other triangle too, and not transposed for transpose=True), dM = dA"""
        a = inputs[1]
        db, da = tangents
        if da is not None and da._data.shape != out[1]._data.shape:
            from ..ops.shape import _shape_str
            raise TorchRuntimeError(
                "Trying to set a forward gradient that has a different size than that of the "
                f"original Tensor, this is not supported. Tensor is of size "
                f"{_shape_str(out[1]._data.shape)} while the given forward gradient is of size "
                f"{_shape_str(da._data.shape)}.")
        rhs = db
        if da is not None:
            rhs = -(da @ out[0]) if rhs is None else rhs - da @ out[0]
        dx = None if rhs is None else _triangular_solve(
            rhs, a, self.upper, self.transpose, self.unitriangular)[0]
        return dx, da

    def backward(self, gx, gm):
        """PyTorch's triangular_solve_backward, with the saved solution x"""
        b, a, x = self.saved
        gb = ga = None
        if gx is not None:
            gb = _triangular_solve(gx, a.conj(), self.upper, not self.transpose,
                                   self.unitriangular)[0]
            if self.needs(1):
                ga = -(x.conj() @ gb.mT) if self.transpose else -(gb @ _tH(x))
                unit = int(self.unitriangular)
                ga = ga.triu(unit) if self.upper else ga.tril(-unit)
        else:                               # only the copy of A is used: b's gradient is 0
            gb = gm.new_zeros(1).expand(self._in_meta[0][0])
        if gm is not None and self.needs(1):    # (PyTorch adds gM to a 0 if nothing else)
            ga = (gm.new_zeros(1).expand(self._in_meta[1][0]) if ga is None else ga) + gm
        return (None if gb is None or not self.needs(0) else sum_to(gb, self._in_meta[0][0]),
                None if ga is None else sum_to(ga, self._in_meta[1][0]))

    complex_backward = backward         # PyTorch's, conjugates included


def _tri_solve(b, a, upper, transpose, unit, batch):
    """op(T)^-1 b for T A's upper or lower triangle (unit diagonal when `unit`), as trsm."""
    t = np.triu(a) if upper else np.tril(a)
    if unit:
        n = a.shape[-1]
        t = np.where(np.eye(n, dtype=bool), np.ones((), a.dtype), t)
    if transpose:
        t = _mT(t)
    return _substitute(t, np.array(_full(b, batch)), lower=upper == transpose)


def _triangular_solve(b: Tensor, a: Tensor, upper, transpose, unitriangular):
    return apply(TriangularSolveBackward0, (b, a), upper=bool(upper),
                 transpose=bool(transpose), unitriangular=bool(unitriangular))


def _warn_triangular_solve() -> None:
    _deprecated("torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangular"
                "and will be removed in a future PyTorch release.\ntorch.linalg.solve_triangular "
                "has its arguments reversed and does not return a copy of one of the inputs.\n"
                "X = torch.triangular_solve(B, A).solution\nshould be replaced with\nX = "
                "torch.linalg.solve_triangular(A, B).", 2273)


@register("triangular_solve", grad_fn="TriangularSolveBackward0", method=True, sample=fixed(
    (((3, 2), _spd(3)), {}), (((3, 2), _spd(3)), {"upper": False, "transpose": True}),
    (((2, 3, 1), _spd(3)), {"unitriangular": True})))
def triangular_solve(input, A, upper=True, transpose=False, unitriangular=False):
    """(X, M): X = op(A)^-1 b reading A's upper (or lower) triangle, M a copy of A
    (deprecated): d/db = triangular_solve(g, A, transpose flipped), d/dA = -(d/db) X^T on
    the triangle + gM"""
    b = check_tensor(input, "triangular_solve")
    a = check_tensor(A, "triangular_solve", "A", 2)
    for t, name in ((b, "b"), (a, "A")):
        if t._data.ndim < 2:
            raise TorchRuntimeError(f"torch.triangular_solve: Expected {name} to have at least 2 "
                                    f"dimensions, but it has {t._data.ndim} dimensions instead")
    _solve_checks(b, a, "triangular_solve", "triangular_solve_cpu", _warn_triangular_solve)
    x, m = _triangular_solve(b, a, upper, transpose, unitriangular)
    return _Result("triangular_solve", ("solution", "cloned_coefficient"), (x, m))


# -- inv_ex, solve_ex -------------------------------------------------------------------------

def _singular_values(a, b):
    """(values, info): values None unless some matrix of `a` is singular (PyTorch's LU has a
    zero pivot), then A^-1 B with its infs and nans as PyTorch computes them."""
    if _well_conditioned(a):
        return None, np.zeros(a.shape[:-2], np.int32)
    x, info = solve_as_torch(a, b)
    info = np.where(np.isnan(a).any((-2, -1)), 0, info).astype(np.int32)  # nan: a pivot
    return (x if info.any() else None), info


@register("linalg_inv_ex", grad_fn="LinalgInvExBackward0", namespaces=("linalg:inv_ex",),
          sample=fixed((((3, 3),), {}), (((2, 2, 2),), {}), lo=-1.0, hi=1.0))
def linalg_inv_ex(A, *, check_errors=False):
    """(inverse, info): linalg.inv with LAPACK's info (the first zero pivot of A's LU) and,
    for a singular A, its infs and nans instead of an error: d/dA = -A^-H g A^-H"""
    a = check_tensor(A, "linalg.inv_ex", "A")
    _square_float(a, "linalg.inv")
    refuse_low_precision("inv", a, autocast_fp32=True)
    n = a._data.shape[-1]
    values, info = _singular_values(a._data, np.eye(n, dtype=a._data.dtype))
    if check_errors and info.any():
        raise LinAlgError(singular_text(info, "linalg.inv_ex"))
    inv = apply(LinalgInvExBackward0, (a,), values=values)
    return _Result("linalg_inv_ex", ("inverse", "info"), (inv, wrap(info)))


@register("linalg_solve_ex", grad_fn="LinalgSolveExBackward0", namespaces=("linalg:solve_ex",),
          sample=fixed((((3, 3), (3, 2)), {}), (((2, 3, 3), (3,)), {}),
                       (((2, 2), (3, 2)), {"left": False}), lo=-1.0, hi=1.0))
def linalg_solve_ex(A, B, *, left=True, check_errors=False):
    """(result, info): linalg.solve with LAPACK's info and, for a singular A, its infs and
    nans instead of an error: d/dB = A^-H g, d/dA = -(d/dB) X^H"""
    a, b, vector = solve_inputs(A, B, left, "linalg.solve_ex")
    ad, bd = a._data, b._data[..., None] if vector else b._data
    if not left:
        ad, bd = _mT(ad), _mT(bd)
    values, info = _singular_values(ad, bd)
    if check_errors and info.any():
        bad = int(np.flatnonzero(info.reshape(-1))[0])
        raise LinAlgError(f"torch.linalg.solve_ex: {_where(ad, bad)}The solver failed because "
                          "the input matrix is singular.")
    if values is not None:
        values = values.astype(np.result_type(ad, bd))
        values = values if left else _mT(values)
        values = values[..., 0] if vector else values
    x = _solve(a, b, bool(left), vector, values)
    return _Result("linalg_solve_ex", ("result", "info"), (x, wrap(info)))


# -- tensorinv, tensorsolve -------------------------------------------------------------------

def _prod(shape) -> int:
    return int(np.prod(shape, dtype=np.int64))


@register("linalg_tensorinv", grad_fn="ReshapeAliasBackward0", namespaces=("linalg:tensorinv",),
          sample=fixed((((4, 2, 2),), {"ind": 1}), (((2, 3, 6),), {}), lo=-1.0, hi=1.0))
def linalg_tensorinv(input, ind=2):
    """The tensor X with tensordot(A, X, ind) = I: inv of A viewed as a matrix, reshaped
    (PyTorch's composition): d/dA through the reshapes and inv"""
    a = check_tensor(input, "linalg.tensorinv")
    ind = int(ind)
    if ind <= 0:
        raise TorchRuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    end, start = a._data.shape[ind:], a._data.shape[:ind]
    if _prod(end) != _prod(start):
        raise TorchRuntimeError(f"Expected self to satisfy the requirement prod(self.shape[ind:])"
                                f" == prod(self.shape[:ind]), but got {_prod(end)} != "
                                f"{_prod(start)}")
    inv, info = linalg_inv_ex(a.reshape(_prod(end), _prod(end)))
    if info._data.any():
        raise LinAlgError(singular_text(info._data, "inv"))
    return inv.reshape(tuple(end) + tuple(start))


@register("linalg_tensorsolve", grad_fn="ViewBackward0", namespaces=("linalg:tensorsolve",),
          sample=fixed((((2, 3, 6), (2, 3)), {}), (((6, 2, 3), (2, 3)), {"dims": (0,)}),
                       lo=-1.0, hi=1.0))
def linalg_tensorsolve(input, other, dims=None):
    """The tensor X with tensordot(A, X, X.ndim) = B: A (its `dims` moved last) viewed as a
    matrix, solved against B flattened (PyTorch's composition)"""
    a = check_tensor(input, "linalg.tensorsolve")
    b = check_tensor(other, "linalg.tensorsolve", "other", 2)
    nd = a._data.ndim
    if dims is not None:
        dims = [dims] if isinstance(dims, int) else list(dims)
        a = a.movedim(dims, list(range(nd - len(dims), nd)))
    shape = a._data.shape[b._data.ndim:]
    if _prod(shape) != _prod(b._data.shape):
        raise TorchRuntimeError(f"Expected self to satisfy the requirement "
                                f"prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]),"
                                f" but got {_prod(shape)} != {_prod(b._data.shape)}")
    x = linalg_solve(a.reshape(_prod(shape), _prod(shape)), b.flatten())
    return x.reshape(tuple(shape))


# -- geqrf, householder_product (orgqr), ormqr --------------------------------------------------

class GeqrfBackward0(Node):
    """A = QR as LAPACK's geqrf stores it (R and the Householder vectors below it, tau): no
    derivative, as in PyTorch"""

    column_major = (0,)             # LAPACK's result, as PyTorch returns it

    n_outputs = 2

    def forward(self, a):
        flat = a.reshape((int(np.prod(a.shape[:-2])),) + a.shape[-2:])
        k = min(a.shape[-2:])
        h = np.zeros(flat.shape, a.dtype)
        tau = np.zeros((flat.shape[0], k), a.dtype)
        for i, m in enumerate(flat):
            if m.size:
                raw, t = np.linalg.qr(m, mode="raw")     # LAPACK's geqrf (column-major)
                h[i], tau[i] = raw.T, t
        return h.reshape(a.shape), tau.reshape(a.shape[:-2] + (k,))

    def backward(self, ga, gtau):
        raise TorchNotImplementedError("the derivative for 'geqrf' is not implemented.")


@register("geqrf", grad_fn="GeqrfBackward0", method=True, differentiable=False)
def geqrf(input):
    """(a, tau): LAPACK's QR factorization, R on and above a's diagonal and the Householder
    vectors of Q below it, with their scales tau (no derivative, as in PyTorch)"""
    a = check_tensor(input, "geqrf")
    if a._data.ndim < 2:
        raise TorchRuntimeError("torch.geqrf: input must have at least 2 dimensions.")
    if a._data.dtype.kind not in "fc":
        raise TorchNotImplementedError(f'"geqrf_cpu" not implemented for \'{a.dtype.legacy}\'')
    refuse_low_precision("geqrf", a, autocast_fp32=True)
    out, tau = apply(GeqrfBackward0, (a,))
    return _Result("geqrf", ("a", "tau"), (out, tau))


def _vector(a, i):
    """The i-th Householder vector of a geqrf result (1 at row i, zeros above) as an array."""
    v = np.where(np.arange(a.shape[-2]) > i, a[..., :, i], 0).astype(a.dtype)
    v[..., i] = 1
    return v


def _vector_t(a: Tensor, i: int) -> Tensor:
    """_vector with tensor ops (so that gradients reach a's column below the diagonal)."""
    rows = np.arange(a._data.shape[-2])
    below = wrap((rows > i).astype(a._data.dtype))
    return a[..., :, i] * below + wrap((rows == i).astype(a._data.dtype))


def _reflect(x, v, tau):
    """H x with H = I - tau v v^H (arrays or tensors; v (..., n), tau (...,))."""
    conj = np.conj(v) if isinstance(v, np.ndarray) else (v.conj() if v._data.dtype.kind == "c"
                                                          else v)
    return x - tau[..., None, None] * (v[..., :, None] * (conj[..., None, :] @ x))


def _steps(n_tau, left, transpose):
    """The reflector indices in the order ormqr applies them to C (Q = H_1 ... H_k: Q C
    applies H_k first, Q^H C H_1 first; C Q and C Q^H as (Q^H C^H)^H and (Q C^H)^H)."""
    first_last = range(n_tau) if transpose == left else range(n_tau - 1, -1, -1)
    return list(first_last)


def _larf(x, a, tau, i, conj=False):
    """H_i x in place on rows i: of x as LAPACK's larf applies it (not at all where tau_i is
    0, so zeros keep their signs)."""
    t = np.conj(tau[..., i]) if conj else tau[..., i]
    sub = x[..., i:, :]
    new = _reflect(sub, _vector(a, i)[..., i:], t)
    x[..., i:, :] = np.where((t != 0)[..., None, None], new, sub)


def _apply_reflectors(x, a, tau, order, conj):
    """x after the reflectors of `order` (numpy arrays), H^H when `conj`."""
    x = np.array(x, dtype=np.result_type(x, a), copy=True)
    for i in order:
        _larf(x, a, tau, i, conj)
    return x


def _org2r(a, tau):
    """The first n columns of H_1 ... H_k as LAPACK's org2r forms them: from the last
    reflector back, H_i applied to the columns right of i, then column i set to
    (-tau_i v_i below the diagonal, 1 - tau_i on it, zeros above)."""
    m, n = a.shape[-2:]
    q = np.broadcast_to(np.eye(m, n, dtype=a.dtype), a.shape).copy()
    for i in range(tau.shape[-1] - 1, -1, -1):
        if i < n - 1:
            right = q[..., :, i + 1:]
            _larf(right, a, tau, i)
            q[..., :, i + 1:] = right
        q[..., i + 1:, i] = -tau[..., i, None] * a[..., i + 1:, i]
        q[..., i, i] = 1 - tau[..., i]
        q[..., :i, i] = 0
    return q


def _simple_transformation(m, k, u_full, v_full, t, big_k, in_place, with_i=True,
                           left=True):
    """PyTorch's apply_simple_transformation: (I - t u v^H) K, or K (I - t u v^H) when not
    left (without I: -t u v^H K); `in_place` (no graph) updates K's rows or columns from k
    on, which are the only ones the reflector changes."""
    if left:
        if in_place:
            v = u_full.narrow(-2, k, m - k)
            u = v_full.narrow(-2, k, m - k).mH @ big_k.narrow(-2, k, m - k)
            big_k.narrow(-2, k, m - k).sub_((t.unsqueeze(-1) * v) * u)
            return big_k
        right = v_full.mH @ big_k           # (C++ makes an operator's right operand first)
        change = (t.unsqueeze(-1) * u_full) * right
    else:
        if in_place:
            v = u_full.narrow(-2, k, m - k)
            u = big_k.narrow(-1, k, m - k) @ (t.unsqueeze(-1) * v_full.narrow(-2, k, m - k))
            big_k.narrow(-1, k, m - k).sub_(u * v.mH)
            return big_k
        right = v_full.mH
        change = (big_k @ (t.unsqueeze(-1) * u_full)) * right
    return big_k - change if with_i else -change


def _householder_product_backward(grad, result, input_, tau, flip_order=False):
    """PyTorch's householder_product_backward step for step: (d input, d tau) of
    Q = H_1 ... H_k (its rows and columns of K updated in place when no graph is built)."""
    if grad is None or not input_._data.size or not tau._data.size:
        return None, None
    m = input_._data.shape[-2]
    k = tau._data.shape[-1]
    inp = input_.tril(-1)
    inp.diagonal(0, -2, -1).fill_(1.0)
    first = inp.narrow(-1, 0, k)
    norms = (first * first.conj()).sum(-2)
    sigma = tau / (tau * norms - 1.0)
    big_k = result @ grad.mH
    in_place = not _enabled[0]

    def update_grad(j, v_full, t, kk):
        v = v_full.narrow(-2, j, m - j)
        vhk = v.mH @ kk.narrow(-2, j, m - j)
        kv = kk.narrow(-1, j, m - j) @ v
        tu = t.unsqueeze(-1)
        right = (tu * kv).squeeze(-1)
        v_grad = (-tu * vhk).conj().squeeze(-2) - right
        tau_grad = -(vhk.narrow(-1, j, m - j) @ v).conj()
        tau_grad = tau_grad.squeeze(-1)             # (make_tuple's last argument first)
        return v_grad.unsqueeze(-1), tau_grad

    def flip(i):
        return i if not flip_order else k - i - 1

    def reflect(j, v_full, t, kk, left):
        return _simple_transformation(m, j, v_full, v_full, t, kk, in_place, True, left)

    apply_left = not flip_order
    zero = flip(0)
    big_k = reflect(zero, inp.narrow(-1, zero, 1), sigma.narrow(-1, zero, 1), big_k, apply_left)
    from .creation import zeros_like
    input_grad, tau_grad = zeros_like(input_), zeros_like(tau)
    for i_idx in range(k):
        i = flip(i_idx)
        v_i, t_i = inp.narrow(-1, i, 1), tau.narrow(-1, i, 1)
        v_i_grad, tau_i_grad = update_grad(i, v_i, t_i, big_k)
        input_grad.select(-1, i).copy_(v_i_grad.squeeze(-1))
        tau_grad.select(-1, i).copy_(tau_i_grad.squeeze(-1))
        if i != flip(k - 1):
            i_next = i + 1 if not flip_order else i - 1
            big_k = reflect(i_next, inp.narrow(-1, i_next, 1), sigma.narrow(-1, i_next, 1),
                            big_k, apply_left)
            big_k = reflect(i, v_i, t_i, big_k, not apply_left)
    input_grad.tril_(-1)
    return input_grad, tau_grad


class LinalgHouseholderProductBackward0(Node):
    """Q = H_1 ... H_k I[:, :n] with H_i = I - tau_i v_i v_i^H: d/dtau_i = -v_i^T G_i Q_i^T v_i,
    d/dv_i = -tau_i (G_i Q_i^T v_i + Q_i G_i^T v_i), G the gradient passed through H_1..H_i-1
    (real inputs)"""

    column_major = (0,)             # LAPACK's result, as PyTorch returns it

    save_inputs = (0, 1)
    save_output = True

    def forward(self, a, tau):
        return _org2r(a, tau)

    def backward(self, g):
        a, tau, q = self.saved
        return _householder_product_backward(g, q, a, tau)

    complex_backward = backward         # PyTorch's, conjugates included


def _tau_rank(a, t, fname):
    if a._data.ndim - t._data.ndim != 1:
        raise TorchRuntimeError(f"{fname}: Expected tau to have one dimension less than input, "
                                f"but got tau.ndim equal to {t._data.ndim} and input.ndim is "
                                f"equal to {a._data.ndim}")


def _batch_equal(t, expected, what, fname, extra=1):
    got = t._data.shape[:-extra]
    if got != expected:
        raise TorchRuntimeError(f"{fname}: Expected batch dimensions of {what} to be equal to "
                                f"input.shape[:-2], but got {list(got)}")


@register("linalg_householder_product", grad_fn="LinalgHouseholderProductBackward0",
          namespaces=("linalg:householder_product",), sample=fixed(
              (((4, 3), (3,)), {}), (((2, 3, 3), (2, 2)), {}), lo=-1.0, hi=1.0))
def linalg_householder_product(input, tau):
    """The first n columns of H_1 ... H_k, H_i = I - tau_i v_i v_i^H with v_i column i of A
    below the diagonal and 1 on it (LAPACK's orgqr): d/dA, d/dtau through each reflector"""
    fname = "torch.linalg.householder_product"
    a = check_tensor(input, "linalg.householder_product")
    t = check_tensor(tau, "linalg.householder_product", "tau", 2)
    if a._data.ndim < 2:
        raise TorchRuntimeError(f"{fname}: input must have at least 2 dimensions.")
    m, n = a._data.shape[-2:]
    if m < n:
        raise TorchRuntimeError(f"{fname}: input.shape[-2] must be greater than or equal to "
                                "input.shape[-1]")
    if t._data.ndim and t._data.shape[-1] > n:
        raise TorchRuntimeError(f"{fname}: input.shape[-1] must be greater than or equal to "
                                "tau.shape[-1]")
    _tau_rank(a, t, fname)
    if a._data.ndim > 2:
        _batch_equal(t, a._data.shape[:-2], "tau", fname)
    if t.dtype is not a.dtype:
        raise TorchRuntimeError(f"{fname}: tau dtype {t.dtype.legacy} does not match input "
                                f"dtype {a.dtype.legacy}")
    if a._data.dtype.kind not in "fc":
        raise TorchNotImplementedError(f'"orgqr_cpu" not implemented for \'{a.dtype.legacy}\'')
    refuse_low_precision("orgqr", a, autocast_fp32=True)
    return apply(LinalgHouseholderProductBackward0, (a, t))


@register("orgqr", grad_fn="LinalgHouseholderProductBackward0", method=True, sample=fixed(
    (((3, 2), (2,)), {}), lo=-1.0, hi=1.0))
def orgqr(input, input2):
    """torch.orgqr: linalg.householder_product(input, input2)"""
    return linalg_householder_product(input, input2)


class OrmqrBackward0(Node):
    """op(Q) C (C op(Q) when not left), Q = H_1 ... H_k from geqrf's reflectors: each
    reflector's rule as householder_product's, and d/dC = op(Q)^T g (real inputs)"""

    column_major = (0,)             # LAPACK's result, as PyTorch returns it

    save_inputs = (0, 1, 2)
    save_output = True

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for ormqr"""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("ormqr")

    def forward(self, a, tau, c):
        x = c if self.left else _mH(c)
        x = _apply_reflectors(x, a, tau, self._order(tau.shape[-1]), self._conj())
        return x if self.left else _mH(x)

    def _order(self, k):
        return _steps(k, self.left, self.transpose)

    def _conj(self):
        return self.transpose == self.left      # Q^H C, or C Q = (Q^H C^H)^H

    def backward(self, g):
        """PyTorch's ormqr_backward: other's gradient first, then householder_product's
        backward with the gradient and the result in the roles the side and transpose give"""
        a, tau, c, out = self.saved
        gc = ormqr(a, tau, g, self.left, not self.transpose) if self.needs(2) else None
        ga = gt = None
        if self.needs(0) or self.needs(1):
            if self.left != self.transpose:
                hg, hr = (g, out) if not self.transpose else (g.mH, out.mH)
                ga, gt = _householder_product_backward(hg, hr, a, tau)
            else:
                hg, hr = (out.mH, g.mH) if not self.transpose else (out, g)
                ga, gt = _householder_product_backward(hg, hr, a, tau, flip_order=True)
        return ga, gt, gc

    complex_backward = backward         # PyTorch's, conjugates included


@register("ormqr", grad_fn="OrmqrBackward0", method=True, sample=fixed(
    (((4, 3), (3,), (4, 2)), {}), (((4, 3), (3,), (4, 2)), {"transpose": True}),
    (((3, 2), (2,), (4, 3)), {"left": False}),
    (((2, 3, 3), (2, 3), (2, 2, 3)), {"left": False, "transpose": True}), lo=-1.0, hi=1.0))
def ormqr(input, input2, input3, left=True, transpose=False):
    """op(Q) C (C op(Q) when not left) with Q = H_1 ... H_k from geqrf's (input, tau) and
    op a transpose when asked, without forming Q (LAPACK's ormqr)"""
    a = check_tensor(input, "ormqr")
    t = check_tensor(input2, "ormqr", "input2", 2)
    c = check_tensor(input3, "ormqr", "input3", 3)
    _ormqr_checks(a, t, c, bool(left))
    return apply(OrmqrBackward0, (a, t, c), left=bool(left), transpose=bool(transpose))


def _ormqr_checks(a, t, c, left):
    fname = "torch.ormqr"
    for x, name in ((a, "input"), (c, "other")):
        if x._data.ndim < 2:
            raise TorchRuntimeError(f"{fname}: {name} must have at least 2 dimensions.")
    side = -2 if left else -1
    if c._data.shape[side] != a._data.shape[-2]:
        raise TorchRuntimeError(f"{fname}: other.shape[{side}] must be equal to "
                                "input.shape[-2]")
    if t._data.ndim and t._data.shape[-1] != min(c._data.shape[side], a._data.shape[-1]):
        raise TorchRuntimeError(f"{fname}: tau.shape[-1] must be equal to min(other.shape[-2], "
                                "input.shape[-1])")
    _tau_rank(a, t, fname)
    if a._data.ndim != c._data.ndim:
        raise TorchRuntimeError(f"{fname}: Expected other to have the same number of dimensions "
                                f"as input, but got other.ndim equal to {c._data.ndim} and "
                                f"input.ndim is equal to {a._data.ndim}")
    if a._data.ndim > 2:
        _batch_equal(t, a._data.shape[:-2], "tau", fname)
        _batch_equal(c, a._data.shape[:-2], "other", fname, 2)
    for x, name in ((t, "tau"), (c, "other")):
        if x.dtype is not a.dtype:
            raise TorchRuntimeError(f"{fname}: Expected input and {name} to have the same dtype, "
                                    f"but input has dtype{a.dtype.legacy} and {name} has dtype "
                                    f"{x.dtype.legacy}")
    if a._data.dtype.kind not in "fc":
        raise TorchNotImplementedError(f'"ormqr_cpu" not implemented for \'{a.dtype.legacy}\'')
    refuse_low_precision("ormqr", a, autocast_fp32=True)


# -- ldl_factor(_ex), ldl_solve ------------------------------------------------------------------

_BK_ALPHA = (1 + 17 ** 0.5) / 8          # Bunch-Kaufman's threshold


def _sytf2(m: np.ndarray):
    """LAPACK's unblocked Bunch-Kaufman factorization (dsytf2, lower) of one symmetric matrix
    in place: (LD, 1-based pivots as LAPACK stores them: k for a 1x1 block, -kp twice for a
    2x2 one, info: the first zero diagonal block)."""
    n = m.shape[0]
    piv = np.zeros(n, np.int32)
    info, k = 0, 0
    with np.errstate(all="ignore"):
        while k < n:
            kstep, kp = 1, k
            absakk = abs(m[k, k])
            imax = k + 1 + int(np.argmax(np.abs(m[k + 1:, k]))) if k < n - 1 else k
            colmax = abs(m[imax, k]) if k < n - 1 else 0.0
            if max(absakk, colmax) == 0 or np.isnan(absakk):
                info = info or k + 1
            elif absakk < _BK_ALPHA * colmax:
                kp, kstep = _bk_pivot(m, k, imax, absakk, colmax)
            kk = k + kstep - 1
            if kp != kk:
                _sy_swap(m, k, kk, kp, kstep)
            if max(absakk, colmax) != 0 and not np.isnan(absakk):
                (_sy_update1 if kstep == 1 else _sy_update2)(m, k)
            piv[k:k + kstep] = kp + 1 if kstep == 1 else -(kp + 1)
            k += kstep
    return m, piv, info


def _bk_pivot(m, k, imax, absakk, colmax):
    """(kp, kstep) of dsytf2's pivot search when a_kk is too small."""
    n = m.shape[0]
    rowmax = np.max(np.abs(m[imax, k:imax])) if imax > k else 0.0
    if imax < n - 1:
        rowmax = max(rowmax, np.max(np.abs(m[imax + 1:, imax])))
    if absakk >= _BK_ALPHA * colmax * (colmax / rowmax):
        return k, 1
    if abs(m[imax, imax]) >= _BK_ALPHA * rowmax:
        return imax, 1
    return imax, 2


def _sy_swap(m, k, kk, kp, kstep):
    """Swap rows and columns kk and kp of the trailing lower triangle (dsytf2)."""
    m[kp + 1:, [kk, kp]] = m[kp + 1:, [kp, kk]]
    seg = m[kk + 1:kp, kk].copy()
    m[kk + 1:kp, kk] = m[kp, kk + 1:kp]
    m[kp, kk + 1:kp] = seg
    m[kk, kk], m[kp, kp] = m[kp, kp], m[kk, kk]
    if kstep == 2:
        m[k + 1, k], m[kp, k] = m[kp, k], m[k + 1, k]


def _sy_update1(m, k):
    """A 1x1 pivot: the trailing block minus x x^T / a_kk, x scaled to L's column."""
    if k < m.shape[0] - 1:
        d11 = 1 / m[k, k]
        x = m[k + 1:, k].copy()
        m[k + 1:, k + 1:] -= np.tril(d11 * np.outer(x, x))
        m[k + 1:, k] = d11 * x


def _sy_update2(m, k):
    """A 2x2 pivot (dsytf2's formulas, column by column)."""
    n = m.shape[0]
    if k >= n - 2:
        return
    d21 = m[k + 1, k]
    d11 = m[k + 1, k + 1] / d21
    d22 = m[k, k] / d21
    t = 1 / (d11 * d22 - 1)
    d21 = t / d21
    for j in range(k + 2, n):
        wk = d21 * (d11 * m[j, k] - m[j, k + 1])
        wkp1 = d21 * (d22 * m[j, k + 1] - m[j, k])
        m[j:, j] -= m[j:, k] * wk + m[j:, k + 1] * wkp1
        m[j, k], m[j, k + 1] = wk, wkp1


def _ldl_arrays(a):
    flat = np.array(a.reshape((int(np.prod(a.shape[:-2])),) + a.shape[-2:]), copy=True)
    n = a.shape[-1]
    pivots = np.zeros(flat.shape[:1] + (n,), np.int32)
    info = np.zeros(flat.shape[:1], np.int32)
    for b in range(flat.shape[0]):
        flat[b], pivots[b], info[b] = _sytf2(flat[b])
    ld = np.tril(flat).reshape(a.shape)
    return ld, pivots.reshape(a.shape[:-1]), info.reshape(a.shape[:-2])


_LdlNode = type("NotImplemented", (Node,), {
    "__doc__": "ldl_factor and ldl_solve have no derivative (PyTorch records a NotImplemented "
               "node)",
    "forward": lambda self, *arrays: self.result,
    "backward": lambda self, g: _no_ldl_derivative(self.op),
    "_qualified": True,
})


def _no_ldl_derivative(op):
    raise TorchRuntimeError(f"derivative for aten::{op} is not implemented")


def _ldl(A, hermitian, check, fname):
    a = check_tensor(A, fname.replace("torch.", ""))
    _square_float(a, "torch.linalg.ldl_factor_ex")
    refuse_low_precision("ldl_factor", a)
    if hermitian and a._data.dtype.kind == "c":
        raise TorchNotImplementedError("torch.linalg.ldl_factor: gradcli factors real and "
                                       "complex symmetric matrices but not Hermitian ones")
    ld, pivots, info = _ldl_arrays(a._data)
    if check and info.any():
        code = int(info.reshape(-1)[np.flatnonzero(info.reshape(-1))[0]])
        raise TorchRuntimeError('false INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/aten/src/'
                                'ATen/native/BatchLinearAlgebra.cpp":1642, please report a bug '
                                f"to PyTorch. {fname}: Unknown error code: {code}.")
    out = apply(_LdlNode, (a,), result=ld, op="linalg_ldl_factor_ex")
    return out, wrap(pivots), wrap(info)


@register("linalg_ldl_factor_ex", grad_fn="NotImplemented", differentiable=False,
          namespaces=("linalg:ldl_factor_ex",))
def linalg_ldl_factor_ex(input, *, hermitian=False, check_errors=False):
    """(LD, pivots, info): A = P L D L^T P^T by LAPACK's Bunch-Kaufman sytrf (L below LD's
    diagonal, D's 1x1 and 2x2 blocks on and next to it; no derivative, as in PyTorch)"""
    ld, piv, info = _ldl(input, hermitian, check_errors, "torch.linalg.ldl_factor_ex")
    return _Result("linalg_ldl_factor_ex", ("LD", "pivots", "info"), (ld, piv, info))


@register("linalg_ldl_factor", grad_fn="NotImplemented", differentiable=False,
          namespaces=("linalg:ldl_factor",))
def linalg_ldl_factor(input, *, hermitian=False):
    """(LD, pivots): ldl_factor_ex refusing a singular D (no derivative, as in PyTorch)"""
    ld, piv, _ = _ldl(input, hermitian, True, "torch.linalg.ldl_factor")
    return _Result("linalg_ldl_factor", ("LD", "pivots"), (ld, piv))


def _sytrs(ld, piv, b):
    """A^-1 B from one matrix's ldl_factor (LAPACK's dsytrs, lower): L D Y = P^T B forward,
    then L^T X = Y backward, the rows swapped as the pivots say."""
    n = ld.shape[-1]
    x = np.array(b, copy=True)
    k = 0
    while k < n:
        if piv[k] > 0:
            kp = piv[k] - 1
            x[[k, kp]] = x[[kp, k]]
            x[k + 1:] -= np.outer(ld[k + 1:, k], x[k])
            x[k] /= ld[k, k]
            k += 1
            continue
        kp = -piv[k] - 1
        x[[k + 1, kp]] = x[[kp, k + 1]]
        x[k + 2:] -= np.outer(ld[k + 2:, k], x[k]) + np.outer(ld[k + 2:, k + 1], x[k + 1])
        akm1k = ld[k + 1, k]
        akm1, ak = ld[k, k] / akm1k, ld[k + 1, k + 1] / akm1k
        denom = akm1 * ak - 1
        bkm1, bk = x[k] / akm1k, x[k + 1] / akm1k
        x[k], x[k + 1] = (ak * bkm1 - bk) / denom, (akm1 * bk - bkm1) / denom
        k += 2
    k = n - 1
    while k >= 0:
        x[k] -= ld[k + 1:, k] @ x[k + 1:]
        if piv[k] > 0:
            kp = piv[k] - 1
            x[[k, kp]] = x[[kp, k]]
            k -= 1
            continue
        x[k - 1] -= ld[k + 1:, k - 1] @ x[k + 1:]
        kp = -piv[k] - 1
        x[[k, kp]] = x[[kp, k]]
        k -= 2
    return x


@register("linalg_ldl_solve", grad_fn="NotImplemented", differentiable=False,
          namespaces=("linalg:ldl_solve",))
def linalg_ldl_solve(LD, pivots, B, *, hermitian=False):
    """X with A X = B from A's ldl_factor (LAPACK's sytrs; no derivative, as in PyTorch)"""
    fname = "torch.linalg.ldl_solve"
    ld = check_tensor(LD, "linalg.ldl_solve", "LD")
    piv = check_tensor(pivots, "linalg.ldl_solve", "pivots", 2)
    b = check_tensor(B, "linalg.ldl_solve", "B", 3)
    _ldl_solve_checks(ld, piv, b, fname)
    refuse_low_precision("ldl_solve", ld)
    batch = _batch(b._data, ld._data)
    lds = np.broadcast_to(ld._data, batch + ld._data.shape[-2:])
    pv = np.broadcast_to(piv._data, batch + piv._data.shape[-1:])
    bs = _full(b._data, batch)
    out = np.empty(bs.shape, bs.dtype)
    for idx in np.ndindex(*batch):
        out[idx] = _sytrs(lds[idx], pv[idx], bs[idx])
    return apply(_LdlNode, (ld, b), result=out, op="linalg_ldl_solve")


def _ldl_solve_checks(ld, piv, b, fname):
    """PyTorch's checks of ldl_solve's arguments (as far as they were observed)."""
    from .core import wrap_dim
    for t in (ld, b):
        if t._data.ndim < 2:
            wrap_dim(-2, t._data.ndim)              # PyTorch's IndexError
    _linear_solve_inputs(b, ld, fname)
    if piv._data.dtype.kind not in "iu":
        raise TorchRuntimeError(f"{fname}: Expected pivots to be integers. Got "
                                f"{piv.dtype.legacy}")
