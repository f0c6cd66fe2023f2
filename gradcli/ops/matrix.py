"""torch.linalg functions beyond det/inv/cross: solve, slogdet and logdet, matrix_power,
norm and matrix_norm, cholesky, eigh, svd/svdvals (and torch.svd), qr, pinv, lstsq,
matrix_exp, the LU family (lu_factor(_ex), lu, lu_unpack, lu_solve, torch.lu/lu_solve), and
eig/eigvals computed without their derivative.

Each factorization is one primitive named as PyTorch names it; its backward rule recomputes
the factorization of the saved input with the op itself (a node of several outputs cannot save
them), so rules stay tensor ops and higher derivatives work. `cholesky` and `eigh` factor
(A + A^T)/2 where PyTorch reads one triangle: values agree for symmetric input, and the
gradient is then PyTorch's (symmetric) one exactly. Norms, `logdet` and `matrix_power` are
compositions, as in PyTorch, so their node names (`AmaxBackward0`, `WhereBackward0`,
`MmBackward0` ...) agree. lstsq solves through the SVD whatever the driver (the least-norm
solution gelsy, gelsd and gelss give; gels refuses a rank-deficient A), so the rounding of a
singular matrix's tiny singular values is NumPy's LAPACK's, not PyTorch's. pinv and
matrix_rank take PyTorch's four overloads each (tolerances as tensors, broadcast with the
batch, or as numbers; the deprecated rcond or tol), checked by its parser
(`argparser.parsed_by`).
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .._tensor import Tensor
from ..autograd.graph import Node
from ..argparser import parsed_by
from ..errors import (COMPLEX_HALF, LinAlgError, TorchNotImplementedError,
                      TorchRuntimeError, TorchTypeError, warn_once)
from .core import (_amp, _autocast_cpu, _enabled, apply, promoted, refuse_low_precision, wrap,
                   wrap_dim)
from .decomp import (_column_major, _solve_diag, _square, _square_float, inverse, lu_factor,
                     lu_factor_as_det, saved_lu)
from .reduce import check_floating, check_norm_dtype, vector_norm
from .reduce import sum_to
from .sumorder import torch_sum
from .registry import category, fixed, register
from .unary import check_tensor, rounded

category("linear algebra")


class _Result(tuple):
    """`torch.return_types.<kind>(field=..., ...)`: a tuple whose items also have names."""

    __gradcli_safe__ = True

    def __new__(cls, kind, fields, values):
        self = tuple.__new__(kind_class(cls, kind), values)
        self._kind, self._fields = kind, fields
        return self

    def __getattr__(self, name):
        fields = self.__dict__.get("_fields", ())
        if name in fields:
            return self[fields.index(name)]
        return _no_field(self, name)

    def __repr__(self):
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(self._fields, self))
        return f"torch.return_types.{self._kind}(\n{body})"

    __str__ = __repr__


def kind_class(cls, kind: str):
    """cls's subclass named `kind`, so that type(result).__name__ is PyTorch's ('svd'); called
    with a sequence (`torch.return_types.max((v, i))`), it makes one as a structseq does."""
    known = _KINDS.get((cls, kind))
    if known is None:
        space = {"__slots__": (), "__module__": "torch.return_types"}
        if not hasattr(cls, "__getattr__"):
            space["__getattr__"] = _no_field
        if kind in RETURN_FIELDS:
            space["__new__"] = _from_sequence
        known = _KINDS[cls, kind] = type(kind, (cls,), space)
    return known


_PAIRS = ("values", "indices")
# the fields of torch.return_types' classes, in order
RETURN_FIELDS = {
    **dict.fromkeys(("max", "min", "sort", "topk", "kthvalue", "mode", "median", "nanmedian",
                     "cummax", "cummin"), _PAIRS),
    "aminmax": ("min", "max"), "frexp": ("mantissa", "exponent"), "geqrf": ("a", "tau"),
    **dict.fromkeys(("histogram", "histogramdd"), ("hist", "bin_edges")),
    **dict.fromkeys(("lu_unpack", "linalg_lu"), ("P", "L", "U")),
    **dict.fromkeys(("qr", "linalg_qr"), ("Q", "R")),
    **dict.fromkeys(("slogdet", "linalg_slogdet"), ("sign", "logabsdet")),
    "svd": ("U", "S", "V"), "linalg_svd": ("U", "S", "Vh"),
    "triangular_solve": ("solution", "cloned_coefficient"),
    "linalg_cholesky_ex": ("L", "info"), "linalg_inv_ex": ("inverse", "info"),
    **dict.fromkeys(("linalg_eig", "linalg_eigh"), ("eigenvalues", "eigenvectors")),
    "linalg_ldl_factor": ("LD", "pivots"), "linalg_ldl_factor_ex": ("LD", "pivots", "info"),
    "linalg_lstsq": ("solution", "residuals", "rank", "singular_values"),
    "linalg_lu_factor": ("LU", "pivots"), "linalg_lu_factor_ex": ("LU", "pivots", "info"),
    "linalg_solve_ex": ("result", "info"),
}


def _from_sequence(cls, *args, **kwargs):
    """A return type made from a sequence, with CPython's structseq errors."""
    if not args and "sequence" not in kwargs:
        raise TypeError("structseq() missing required argument 'sequence' (pos 1)")
    try:
        items = tuple(args[0] if args else kwargs["sequence"])
    except TypeError:
        raise TypeError("constructor requires a sequence") from None
    kind = cls.__name__
    fields = RETURN_FIELDS[kind]
    if len(items) != len(fields):
        raise TypeError(f"torch.return_types.{kind}() takes a {len(fields)}-sequence "
                        f"({len(items)}-sequence given)")
    self = tuple.__new__(cls, items)
    self._kind, self._fields = kind, fields
    return self


def _no_field(self, name: str):
    """PyTorch's AttributeError for a name a return type has not (its type's C name is the
    qualified one)."""
    raise AttributeError(f"'torch.return_types.{type(self).__name__}' object has no "
                         f"attribute '{name}'")


_KINDS: dict = {}


def _mT(a):
    return np.swapaxes(a, -1, -2)


def _eye(n, like: Tensor) -> Tensor:
    return wrap(np.eye(n, dtype=like._data.dtype))


def _diag_embed(v: Tensor) -> Tensor:
    return v.unsqueeze(-1) * _eye(v._data.shape[-1], v)


def _batches(a):
    """(flat index, matrix) for every matrix of a batch (for per-matrix error messages)."""
    return enumerate(a.reshape((-1,) + a.shape[-2:]))


def _where(a, b) -> str:
    return f"(Batch element {b}): " if a.ndim > 2 else ""


# -- solve ------------------------------------------------------------------------------------

class LinalgSolveExBackward0(Node):
    """X = A^-1 B: d/dB = A^-T g, d/dA = -(d/dB) X^T  (left=False: X = B A^-1)"""

    save_inputs = (0,)
    save_output = True
    values = None               # solve_ex's result for a singular A, computed as PyTorch's
    shadows = ("LU", "pivots")

    def shadow(self, name):
        return saved_lu(self, name)

    def forward(self, a, b):
        if self.values is not None:
            return self.values
        if self.vector:
            b = b[..., None]
        if not self.left:
            a, b = _mT(a), _mT(b)
        try:
            x = _column_major(np.linalg.solve(a, b))
            if np.isnan(a).any():
                from .decomp import _nan_where_nan
                x = _nan_where_nan(np.broadcast_to(a, x.shape[:-2] + a.shape[-2:]), x)
        except np.linalg.LinAlgError:       # NumPy's LU met a zero pivot: PyTorch's LU?
            x, info = solve_as_torch(a, b)
            x = x.astype(np.result_type(a, b))
            if info.any():
                bad = int(np.flatnonzero(info.reshape(-1))[0])
                raise LinAlgError(f"torch.linalg.solve: {_where(x, bad)}The solver failed "
                                  "because the input matrix is singular.") from None
        if not self.left:
            x = _mT(x)
        if self.vector and x.ndim > 2:  # batched vectors: PyTorch lays the result out as a
            x = x[..., 0]               # matrix over its last two dims, column-major
            return _column_major(x) if self.left else np.ascontiguousarray(x)
        return x[..., 0] if self.vector else x

    def jvp(self, inputs, tangents, out):
        """PyTorch's linalg_solve_jvp: dX = lu_solve(LU, pivots, dB - dA X) (X dA when not
        left), A's LU factors constants there (their derivative does not reach A when the
        tangent is differentiated in turn, as in PyTorch)"""
        from .creation import zeros_like
        da, db = (t if t is not None else zeros_like(x) for x, t in zip(inputs, tangents))
        x = out
        if self.vector:
            x, db = x.unsqueeze(-1), db.unsqueeze(-1)
        rhs = db - (da @ x if self.left else x @ da)
        lu, pivots = lu_factor(inputs[0]._data)[:2]
        dx = linalg_lu_solve(wrap(lu), wrap(pivots), rhs, left=self.left)
        return dx.squeeze(-1) if self.vector else dx

    def backward(self, g):
        a, x = self.saved               # PyTorch's linalg_solve_backward: gB, then gA
        if self.vector:
            g = g.unsqueeze(-1)
        gb = _solve(a.mT, g, self.left, False)
        ga = None
        if self.needs(0):
            if self.vector:
                x = x.unsqueeze(-1)
            ga = sum_to(-(gb @ x.mT) if self.left else -(x.mT @ gb), self._in_meta[0][0])
        if self.vector:
            gb = gb.squeeze(-1)
        return ga, (sum_to(gb, self._in_meta[1][0]) if self.needs(1) else None)


def _svd(a, **kwargs):
    """numpy.linalg.svd with PyTorch's error when LAPACK's gesdd fails (on a nan: an
    infinite value gives nans, as in PyTorch)."""
    try:
        return np.linalg.svd(a, **kwargs)
    except np.linalg.LinAlgError:
        bad = next((b for b, m in _batches(a) if not np.isfinite(m).all()), None)
        if bad is None:
            raise LinAlgError("linalg.svd: The algorithm failed to converge because the input "
                              "matrix is ill-conditioned or has too many repeated singular "
                              "values.") from None
        raise LinAlgError(f"linalg.svd: {_where(a, bad)}The algorithm failed to converge "
                          "because the input matrix contained non-finite values.") from None


def _singular(m) -> bool:
    return not np.all(np.isfinite(m)) or np.linalg.matrix_rank(m) < m.shape[-1]


def _solve(a: Tensor, b: Tensor, left: bool, vector: bool, values=None) -> Tensor:
    solve_shapes(a, b, left, vector)
    return apply(LinalgSolveExBackward0, (a, b), promoted(a, b), left=left, vector=vector,
                 values=values)


def solve_shapes(a: Tensor, b: Tensor, left: bool, vector: bool) -> None:
    """linalg.solve's check that A and B fit in AX = B (XA = B when not left)."""
    n = a._data.shape[-1]
    rows = b._data.shape[-1] if vector else b._data.shape[-2 if left else -1]
    if rows != n:
        cols = 1 if vector else b._data.shape[-1 if left else -2]
        eq = "AX = B" if left else "XA = B"
        r, c = (rows, cols) if left else (cols, rows)
        raise TorchRuntimeError(f"linalg.solve: Incompatible shapes of A and B for the "
                                f"equation {eq} ({n}x{n} and {r}x{c})")


@register("linalg_solve", grad_fn="LinalgSolveExBackward0", namespaces=("linalg:solve",),
          sample=fixed((((3, 3), (3, 2)), {}), (((3, 3), (3,)), {}),
                       (((2, 3, 3), (3, 1)), {}), (((2, 2), (3, 2)), {"left": False}),
                       lo=-1.0, hi=1.0))
def linalg_solve(A, B, *, left=True):
    """X = solve(A, B): d/dB = A^-T g, d/dA = -A^-T g X^T"""
    a, b, vector = solve_inputs(A, B, left, "linalg.solve")
    return _solve(a, b, bool(left), vector)


def solve_inputs(A, B, left, fname):
    """(A, B, whether B is a vector) checked as linalg.solve checks them."""
    a = check_tensor(A, fname, "A")
    b = check_tensor(B, fname, "B", 2)
    if a._data.dtype.kind in "fc" and a.dtype is not b.dtype:
        raise TorchRuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but "
                                f"found A of type {a.dtype.legacy} and B of type "
                                f"{b.dtype.legacy} instead")
    _square_float(a, "linalg.solve")
    nb = b._data.ndim
    if nb == 0:
        raise TorchRuntimeError(f"{fname}: The input tensor B must have at least 2 dimensions.")
    vector = nb == 1 or (nb == a._data.ndim - 1 and b._data.shape == a._data.shape[:-1])
    if vector and not left:
        raise TorchRuntimeError(f"linalg.solve: Incompatible shapes of A and B for the "
                                f"equation XA = B ({a._data.shape[-1]}x{a._data.shape[-1]} "
                                f"and {b._data.shape[-1]}x1)")
    solve_shapes(a, b, left, vector)
    batch_shape(b, a, vector)
    refuse_low_precision("lu", a, autocast_fp32=fname == "linalg.solve")
    return a, b, vector


# -- slogdet, logdet --------------------------------------------------------------------------

class LinalgSlogdetBackward0(Node):
    """d/dA log|det A| = inv(A)^T g  (a real sign has no gradient; complex A:
    (g_abs - i Im(conj(g_sign) sign)) A^-H)"""

    n_outputs = 2
    save_inputs = (0,)
    save_output = True
    saved_results = (0,)            # the sign, which PyTorch saves (and checks the version of)
    result_names = ("sign",)
    shadows = ("LU", "pivots")

    def shadow(self, name):
        return saved_lu(self, name, lu_factor_as_det)

    def forward(self, a):
        """PyTorch's slogdet from the LU factorization: the permutation's sign times the
        signs of U's diagonal, and the sum of the logs of its magnitudes."""
        lu, _, perm_sign, _ = lu_factor_as_det(a)
        diag = np.diagonal(lu, axis1=-2, axis2=-1)
        with np.errstate(all="ignore"):             # a zero pivot: -inf; inf - inf: nan
            logabs = torch_sum(rounded(np.log, np.abs(diag)), axis=-1)   # ATen's log, order
        sign = np.prod(np.sign(diag), axis=-1) * perm_sign
        return np.asarray(sign, dtype=a.dtype), np.asarray(logabs, dtype=a.real.dtype)

    def backward(self, gsign, glog):
        if glog is None:
            return None
        a, _ = self.saved
        if _enabled[0]:             # slogdet_backward's graph: solve(A^T, diag(g)^T)
            return _solve_diag(a, glog)
        from .decomp import lu_gradient     # A^-T diag(g) with the forward's LU (inf, nan
        return lu_gradient(a, glog)         # at a singular A, as PyTorch's)

    def complex_backward(self, gsign, glog):
        """PyTorch's slogdet_backward for complex A: logabsdet's adjoint is g A^-H and the
        sign's -i Im(conj(g_sign) sign) A^-H, so with g = g_abs - i Im(conj(g_sign) sign)
        the gradient is A^-H diag(g): lu_solve with A's LU (adjoint), or, when a graph is
        recorded, solve(A^H, diag(g)^T)."""
        from .extra import diag_embed
        from .shape import imag
        if gsign is None and glog is None:
            return None
        a, sign = self.saved
        if gsign is None:
            g = glog.to(a.dtype)
        else:
            turn = imag(gsign.conj() * sign)
            g = turn * -1j if glog is None else glog - turn * 1j
        if not _enabled[0]:         # A^-H = conj(A)^-T, solved with conj(A)'s own LU (not
            from .decomp import lu_gradient     # its transpose's: a column-major copy)
            return lu_gradient(wrap(np.asfortranarray(a._data.conj())), g)
        n = a._data.shape[-1]
        d = diag_embed(g.unsqueeze(-1).expand(*g._data.shape, n)).mT
        return _solve(a.mH, d, True, False)

    def jvp(self, inputs, tangents, out):
        """PyTorch's slogdet_jvp (real A): the sign's tangent 0, logabsdet's tr(A^-1 dA)
        solved with the forward's LU (no perturbation: inf or nan at a singular A)"""
        (a,), (t,) = inputs, tangents
        if a._data.dtype.kind == "c" or a._requires_grad or t._requires_grad:
            return NotImplemented       # a recorded tangent: the full derivative (README)
        from .decomp import lu_trace
        return wrap(np.zeros(out[0]._data.shape, out[0]._data.dtype)), lu_trace(a, t)


@register("linalg_slogdet", grad_fn="LinalgSlogdetBackward0", namespaces=("linalg:slogdet",),
          sample=fixed((((3, 3),), {}), (((2, 2, 2),), {}), lo=-1.0, hi=1.0))
def linalg_slogdet(A):
    """(sign, log|det A|): d/dA log|det A| = inv(A)^T"""
    return _slogdet(A, "linalg_slogdet")


def _slogdet(A, kind):
    a = check_tensor(A, "linalg.slogdet", "A")
    _square_float(a, "linalg.slogdet")
    refuse_low_precision("slogdet", a)
    return _Result(kind, ("sign", "logabsdet"), apply(LinalgSlogdetBackward0, (a,)))


@register("slogdet", grad_fn="LinalgSlogdetBackward0", method=True, sample=fixed(
    (((3, 3),), {}), lo=-1.0, hi=1.0))
def slogdet(input):
    """torch.slogdet: linalg.slogdet's result, named torch.return_types.slogdet"""
    return _slogdet(input, "slogdet")


@register("logdet", grad_fn="WhereBackward0", method=True, sample=fixed(
    ((np.array([[2.0, 0.5, 0.1], [0.3, 1.5, -0.2], [0.0, 0.4, 1.8]]),), {}),
    ((np.array([[[1.5, 0.2], [0.1, 1.0]], [[-1.0, 0.3], [0.2, -2.0]]]),), {})))
def logdet(input):
    """log det A (nan where det < 0), composed as where(sign < 0, nan, log|det A|):
    d/dA = inv(A)^T"""
    from .activation import where
    a = check_tensor(input, "logdet")
    _square_float(a, "logdet")
    refuse_low_precision("logdet", a)
    sign, logabs = slogdet(a)
    if sign.dtype.is_complex:           # PyTorch: sign.log() + logabsdet (the phase)
        return sign.log() + logabs
    return where(wrap(sign._data < 0), float("nan"), logabs)


# -- matrix_power -----------------------------------------------------------------------------

@register("matrix_power", grad_fn="MmBackward0", method=True,
          namespaces=("torch", "linalg:matrix_power"), sample=fixed(
              (((3, 3), 2), {}), (((3, 3), 3), {}), (((3, 3), 5), {}), (((2, 2), -2), {}),
              (((2, 2), 1), {}), (((2, 2), 0), {}), (((2, 3, 3), 3), {}), lo=-1.0, hi=1.0))
def matrix_power(A, n):
    """A^n by repeated squaring (MmBackward0 for n >= 2): d/dA sums A^k^T g A^(n-1-k)^T"""
    a = check_tensor(A, "linalg.matrix_power", "A")
    _square(a, "linalg.matrix_power")
    n = int(n)
    if n == 0:
        return a.clone().copy_(_eye(a._data.shape[-1], a).expand_as(a))
    if n == 1:
        return a.clone()
    if n < 0:
        a, n = inverse(a), -n
    if n == 1:
        return a
    if n == 3:                  # ATen's own case: (A @ A) @ A, not A @ (A @ A)
        return (a @ a) @ a
    result, z = None, None
    while n:
        bit, n = n % 2, n // 2
        z = a if z is None else z @ z
        if bit:
            result = z if result is None else result @ z
    return result


# -- norms ------------------------------------------------------------------------------------

def _svd_norm(a: Tensor, ord, dims, keepdim) -> Tensor:
    """'nuc', 2 or -2: sum, largest or smallest singular value over the matrix dims."""
    moved = a.movedim(dims, (-2, -1))
    s = linalg_svdvals(moved)
    r = s.sum(-1, keepdim) if ord == "nuc" else _max_min(s, ord, -1, keepdim)
    if keepdim:                     # PyTorch's: one more unsqueeze, the dims moved back
        order = [d for d in range(a._data.ndim) if d not in dims] + list(dims)
        r = r.unsqueeze(-1).permute(tuple(np.argsort(order).tolist()))
    return r


def _max_min(t: Tensor, ord, dim: int, keepdim: bool) -> Tensor:
    """matrix_norm's last step: amax (ord > 0) or amin over dim. The largest of no norms at
    all (an empty matrix) is 0, a new tensor outside the graph, as PyTorch gives it; the
    smallest is refused (amin's error)."""
    if ord > 0 and t._data.shape[dim] == 0:
        shape = list(t._data.shape)
        if keepdim:
            shape[dim] = 1
        else:
            del shape[dim]
        return wrap(np.zeros(shape, t._data.dtype))
    return t.amax(dim, keepdim) if ord > 0 else t.amin(dim, keepdim)


def _matrix_norm_checks(a, dim, dtype, ord="fro"):
    """PyTorch's _linalg_matrix_norm_checks: a batch of matrices of floats, two different
    dims, a dtype that does not narrow; the dims wrapped."""
    if a._data.ndim < 2:
        raise TorchRuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 "
                                "dimensions.")
    check_floating(a, "linalg.matrix_norm")
    if ord not in ("fro", 1, -1, float("inf"), -float("inf")):
        refuse_low_precision("matrix_norm", a)
    given = list(dim) if isinstance(dim, (list, tuple)) else [dim]
    if len(given) != 2:
        raise TorchRuntimeError("linalg.matrix_norm: dim must be a 2-tuple. Got "
                                + " ".join(str(d) for d in given))
    dims = tuple(wrap_dim(d, a._data.ndim) for d in given)
    if dims[0] == dims[1]:
        raise TorchRuntimeError("linalg.matrix_norm: dims must be different. Got "
                                f"({dims[0]}, {dims[1]})")
    check_norm_dtype(a, dtype, "linalg.matrix_norm")
    return dims


@register("matrix_norm", grad_fn="LinalgVectorNormBackward0", namespaces=("linalg:matrix_norm",),
          sample=fixed((((3, 3),), {}), (((2, 3),), {"ord": "nuc"}), (((3, 2),), {"ord": 2}),
                       (((2, 3),), {"ord": -2}), (((3, 3),), {"ord": 1}),
                       (((3, 3),), {"ord": -1}), (((2, 3),), {"ord": float("inf")}),
                       (((2, 2, 3),), {"ord": -float("inf"), "keepdim": True}),
                       (((2, 3, 2),), {"ord": "nuc", "dim": (0, 2)})))
def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """'fro' = vector 2-norm of the entries; 'nuc'/2/-2 from the singular values; 1/-1/inf/-inf
    max/min of the absolute column/row sums: derivatives of those compositions"""
    a = check_tensor(A, "linalg.matrix_norm", "A")
    inf = float("inf")
    if ord not in ("fro", "nuc") and (isinstance(ord, str) or ord not in (1, -1, 2, -2, inf,
                                                                          -inf)):
        shown = ord if isinstance(ord, str) else f"{float(ord):g}"
        raise TorchRuntimeError(f"linalg.matrix_norm: Order {shown} not supported.")
    dims = _matrix_norm_checks(a, dim, dtype, ord)
    if ord == "fro":
        return vector_norm(a, 2, dims, keepdim, dtype=dtype)
    if dtype is not None:
        a = a.to(dtype)
    if ord in ("nuc", 2, -2):
        return _svd_norm(a, ord, dims, keepdim)
    d0, d1 = dims if ord in (1, -1) else dims[::-1]      # summed over d0, then max/min over d1
    sums = vector_norm(a, 1, d0, keepdim)
    if not keepdim and d0 < d1:                         # d0 is gone
        d1 -= 1
    return _max_min(sums, ord, d1, keepdim)


@register("linalg_norm", grad_fn="LinalgVectorNormBackward0", namespaces=("linalg:norm",),
          sample=fixed((((2, 3),), {}), (((3,),), {"ord": 3}), (((2, 3),), {"dim": 1}),
                       (((3, 3),), {"ord": "fro"}), (((3, 3),), {"ord": "nuc"}),
                       (((2, 3),), {"ord": 2}), (((2, 3),), {"ord": float("inf")}),
                       (((2, 3, 3),), {"dim": (1, 2), "ord": -1})))
def linalg_norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """vector_norm over one dim (or all, when ord is None), matrix_norm over two (or a 2-D
    input's, when ord is given): the derivative of the chosen norm"""
    a = check_tensor(A, "linalg.norm", "A")
    nd = a._data.ndim
    if dim is not None:
        given = list(dim) if isinstance(dim, (list, tuple)) else [dim]
        if len(given) not in (1, 2):
            raise TorchRuntimeError("linalg.norm: If dim is specified, it must be of length 1 "
                                    f"or 2. Got {given}")
    elif ord is not None and nd not in (1, 2):
        raise TorchRuntimeError(f"linalg.norm: If dim is not specified but ord is, the input "
                                f"must be 1D or 2D. Got {nd}D.")
    if isinstance(ord, str) or (ord is not None and (len(given) == 2 if dim is not None
                                                     else nd == 2)):
        return matrix_norm(a, ord, (0, 1) if dim is None else dim, keepdim, dtype=dtype)
    return vector_norm(a, 2.0 if ord is None else ord, dim, keepdim, dtype=dtype)


# -- cholesky ---------------------------------------------------------------------------------

class LinalgCholeskyExBackward0(Node):
    """A = L L^T: d/dA = L^-T Phi(L^T gL) L^-1, Phi(X) = (tril X + tril(X, -1)^T)/2"""

    column_major = (0,)             # LAPACK's result, as PyTorch returns it

    save_output = True
    result_names = ("L",)
    check, fname = True, "linalg.cholesky"      # cholesky_ex: check_errors, its name

    def forward(self, a):
        low, info = _potrf(_mT(a) if self.upper else a)   # LAPACK reads one triangle (the
        bad = np.flatnonzero(info)                         # lower of this), as PyTorch's
        if bad.size and self.check:                        # potrf does
            b = int(bad[0])
            raise LinAlgError(
                f"{self.fname}: {_where(a, b)}The factorization could not be completed "
                "because the input is not positive-definite (the leading minor of order "
                f"{int(info.reshape(-1)[b])} is not positive-definite).")
        _LAST_INFO[0] = info
        return _mT(low).copy() if self.upper else low

    def backward(self, g):
        (low,) = self.saved
        if self.upper:
            low, g = low.mT, g.mT
        p = (low.mT @ g).tril()
        p = (p + p.tril(-1).mT) * 0.5
        p = linalg_solve_triangular(low.mT, p, upper=True, left=True)
        return linalg_solve_triangular(low, p, upper=False, left=False)

    def complex_backward(self, g):
        """PyTorch's cholesky_backward: L^-H Phi(L^H gL) L^-1, Phi(X) = (tril X +
        tril(X, -1)^H)/2"""
        (low,) = self.saved
        if self.upper:
            low, g = low.mH, g.mH
        p = (low.mH @ g).tril()
        p = 0.5 * (p + p.tril(-1).mH)
        p = linalg_solve_triangular(low.mH, p, upper=True, left=True)
        return linalg_solve_triangular(low, p, upper=False, left=False)

    def jvp(self, inputs, tangents, out):
        """dL = L pi(L^-1 dA L^-T), pi(X) = tril(X) - diag(X)/2: PyTorch's formula, which
        reads all of dA (the backward reads the lower triangle)"""
        low = out.mT if self.upper else out
        x = _solve(low.mT, _solve(low, tangents[0], True, False), False, False)
        dl = low @ (x.tril() - _diag_embed(x.diagonal(0, -2, -1) * 0.5))
        return dl.mT if self.upper else dl


_LAST_INFO = [None]         # the info of the last factorization, for cholesky_ex


def _potrf(a: np.ndarray):
    """(L, info) as LAPACK's potrf leaves them for each matrix of `a` (its lower triangle
    read): info 0 and the factor; or info k, the first column j = k whose pivot
    a_jj - |L_j,:j|^2 is not positive (or is nan), the columns before it factored, the pivot
    stored, and the rest of the lower triangle as it was (the upper one is zeros). A complex
    matrix is read as the Hermitian one of its lower triangle (zpotrf: real diagonal)."""
    if a.dtype.kind == "c":
        n = a.shape[-1]             # (chosen, not summed with zeros: a -0 entry stays -0)
        lower = np.tri(n, dtype=bool)
        a = np.where(lower, a, np.conj(_mT(a)))
        a = np.where(np.eye(n, dtype=bool), np.real(a), a)
    try:
        low = np.linalg.cholesky(a)
        with np.errstate(invalid="ignore"):
            ok = not np.isnan(np.diagonal(low, 0, -2, -1)).any()
    except np.linalg.LinAlgError:
        ok = False
    info = np.zeros(a.shape[:-2], np.int32)
    if ok:
        return low, info
    low = np.tril(a).copy()
    flat_low, flat_info = low.reshape((-1,) + a.shape[-2:]), info.reshape(-1)
    for b, m in enumerate(flat_low):
        try:
            m[...] = np.linalg.cholesky(m)
            if not np.isnan(np.diagonal(m)).any():
                continue
            m[...] = np.tril(a.reshape(flat_low.shape)[b])
        except np.linalg.LinAlgError:
            pass
        flat_info[b] = _potf2(m)
    return low, info


def _potf2(m: np.ndarray) -> int:
    """LAPACK's unblocked lower Cholesky (dpotf2) in place on m's lower triangle; the
    1-based column where it stops, 0 when it does not."""
    with np.errstate(all="ignore"):
        for j in range(m.shape[0]):
            row = np.conj(m[j, :j])                 # zpotf2: conjugated (a no-op if real)
            ajj = np.real(m[j, j] - np.dot(m[j, :j], row))
            if not ajj > 0:                       # also nan
                m[j, j] = ajj
                return j + 1
            ajj = np.sqrt(ajj)
            m[j, j] = ajj
            m[j + 1:, j] = (m[j + 1:, j] - m[j + 1:, :j] @ row) / ajj
    return 0


def _spd(n, batch=()):
    """A fixed, well-conditioned symmetric positive-definite sample with distinct eigenvalues
    (made without numpy.random, which would cost every start-up ~10 ms to import)."""
    count = int(np.prod(batch + (n, n)))
    x = np.sin(np.arange(1.0, count + 1) * (1.7 + 0.1 * n + 0.01 * len(batch)))
    x = x.reshape(batch + (n, n))
    return x @ _mT(x) + np.diag(np.arange(1.0, n + 1))


@register("linalg_cholesky", grad_fn="LinalgCholeskyExBackward0",
          namespaces=("linalg:cholesky",), sample=fixed(
              ((_spd(3),), {}), ((_spd(2, (2,)),), {}), ((_spd(3),), {"upper": True})))
def linalg_cholesky(A, *, upper=False):
    """L with A = L L^T: d/dA = L^-T Phi(L^T gL) L^-1"""
    a = check_tensor(A, "linalg.cholesky", "A")
    _square_float(a, "linalg.cholesky")
    refuse_low_precision("cholesky", a, autocast_fp32=True)
    return apply(LinalgCholeskyExBackward0, (a,), upper=bool(upper), check=True,
                 fname="linalg.cholesky")


@register("linalg_cholesky_ex", grad_fn="LinalgCholeskyExBackward0",
          namespaces=("linalg:cholesky_ex",), sample=fixed(
              ((_spd(3),), {}), ((_spd(2, (2,)),), {"upper": True})))
def linalg_cholesky_ex(A, *, upper=False, check_errors=False):
    """(L, info): linalg.cholesky with LAPACK's info (the first leading minor that is not
    positive-definite, per matrix; 0 for none) instead of an error: d/dA as cholesky's"""
    a = check_tensor(A, "linalg.cholesky_ex", "A")
    _square_float(a, "linalg.cholesky")          # (PyTorch's text names cholesky)
    refuse_low_precision("cholesky", a, autocast_fp32=True)
    low = apply(LinalgCholeskyExBackward0, (a,), upper=bool(upper), check=bool(check_errors),
                fname="linalg.cholesky_ex")
    info, _LAST_INFO[0] = _LAST_INFO[0], None
    return _Result("linalg_cholesky_ex", ("L", "info"), (low, wrap(info)))


# -- eigh -------------------------------------------------------------------------------------

class LinalgEighBackward0(Node):
    """A = V diag(w) V^H: d/dA = V (skew(V^H gV) / (w_j - w_i), its diagonal gw) V^H"""

    column_major = (1,)             # LAPACK's result, as PyTorch returns it

    n_outputs = 2
    materialize_grads = False       # an unused output's gradient is None, as in PyTorch:
                                    # no 0/0 from the vector term at repeated values
    save_output = True
    saved_results = (0, 1)          # linalg_eig_backward takes the results, not A
    result_names = ("eigenvalues", "eigenvectors")

    def forward(self, a):
        w, v = np.linalg.eigh(a, UPLO=self.uplo)     # one triangle, as LAPACK's syevd
        return w, v

    def backward(self, gw, gv):
        """PyTorch's linalg_eig_backward for Hermitian A, step for step (its in-place
        steps too); an error when the loss depends on the phases of complex eigenvectors
        (Im diag(V^H gV) not 0)"""
        w, v = self.saved
        if gv is None:
            vh = v.mH                       # (C++ makes matmul's right operand first)
            return (v * gw.unsqueeze(-2)) @ vh
        vg = v.mH @ gv
        if vg._data.dtype.kind == "c":
            _check_phase(np.diagonal(vg._data, 0, -2, -1).imag, 0.0, "linalg_eigh_backward: "
                         "The eigenvectors in the complex case are specified up to "
                         "multiplication by e^{i phi}. The specified loss function depends on "
                         "this quantity, so it is ill-defined.")
        vg = 0.5 * (vg - vg.mH)
        gaps = w.unsqueeze(-2) - w.unsqueeze(-1)
        gaps.diagonal(0, -2, -1).fill_(1.0)
        m = vg.div_(gaps)
        if gw is not None:
            m.diagonal(0, -2, -1).copy_(gw)
        return v @ (m @ v.mH)

    complex_backward = backward

    def jvp(self, inputs, tangents, out):
        """dw = diag(P), dV = V (P / (w_j - w_i), 0 on the diagonal), P = V^T dA V:
        PyTorch's formula, which reads all of dA"""
        w, v = out
        p = v.mT @ tangents[0] @ v
        eye = _eye(w._data.shape[-1], w)
        gap = w.unsqueeze(-2) - w.unsqueeze(-1) + eye
        return p.diagonal(0, -2, -1), v @ (p / gap * (1 - eye))


@register("linalg_eigh", grad_fn="LinalgEighBackward0", namespaces=("linalg:eigh",),
          sample=fixed(((_spd(3),), {}), ((_spd(2, (2,)),), {})))
def linalg_eigh(A, UPLO="L"):
    """(eigenvalues, eigenvectors) of symmetric A: d/dA = V (diag(gw) + skew(V^T gV) / gaps) V^T"""
    a = check_tensor(A, "linalg.eigh", "A")
    _square(a, "linalg.eigh")
    if len(UPLO) != 1 or UPLO.upper() not in ("L", "U"):     # (either case, as PyTorch)
        raise TorchRuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    UPLO = UPLO.upper()
    if a._data.dtype.kind not in "fc":       # the kernel's dispatch refuses it, unless empty
        if a._data.size:
            raise TorchNotImplementedError(f'"linalg_eigh_cpu" not implemented for '
                                           f"'{a.dtype.legacy}'")
        return _Result("linalg_eigh", ("eigenvalues", "eigenvectors"), (
            wrap(np.zeros(a._data.shape[:-1], a._data.dtype)), wrap(a._data.copy())))
    refuse_low_precision("eigh", a, autocast_fp32=True)
    return _Result("linalg_eigh", ("eigenvalues", "eigenvectors"),
                   apply(LinalgEighBackward0, (a,), uplo=UPLO))


@register("linalg_eigvalsh", grad_fn="LinalgEighBackward0", namespaces=("linalg:eigvalsh",),
          sample=fixed(((_spd(3),), {})))
def linalg_eigvalsh(A, UPLO="L"):
    """eigenvalues of symmetric A: d/dA = V diag(g) V^T"""
    return linalg_eigh(A, UPLO)[0]


def _check_phase(im, other, text: str) -> None:
    """PyTorch's check that a complex loss does not depend on the phases of singular or
    eigen vectors: allclose(im, -other, rtol=1e-2, atol=1e-2), or `text` as its error."""
    other = -np.asarray(other)
    with np.errstate(invalid="ignore"):
        ok = np.all(np.abs(im - other) <= 1e-2 + 1e-2 * np.abs(other))
    if not ok:
        raise TorchRuntimeError(text)


# -- svd --------------------------------------------------------------------------------------

def _at_least_2d(a: Tensor, fname: str) -> None:
    if a._data.ndim < 2:
        raise TorchRuntimeError(f"{fname}: The input tensor A must have at least 2 dimensions.")
    if a._data.dtype.kind not in "fc":
        raise TorchRuntimeError(f"{fname}: Expected a floating point or complex tensor as "
                                f"input. Got {a.dtype.legacy}")


class LinalgSvdBackward0(Node):
    """A = U diag(S) Vh: d/dA = U [(skew(U^H gU) S + S skew(V^H gV)) / E + diag(gS)] Vh
    + the parts of gU, gV outside the ranges of U, V (PyTorch's svd_backward)"""

    column_major = (0, 2)             # LAPACK's result, as PyTorch returns it

    n_outputs = 3
    materialize_grads = False       # an unused output's gradient is None, as in PyTorch:
                                    # no 0/0 from the vector term at repeated values
    save_output = True
    saved_results = (0, 1, 2)       # svd_backward takes the results, not A
    result_names = ("U", "S", "Vh")

    def forward(self, a):
        u, s, vh = _svd(a, full_matrices=self.full_matrices)
        return u, s, vh

    def backward(self, gu, gs, gvh):
        """derivatives.yaml's call: svd_backward of the k leading singular vectors (narrowed
        when full_matrices; C++ evaluates the call's arguments last to first)"""
        u, s, vh = self.saved
        if self.full_matrices:
            k = s._data.shape[-1]
            vh, u = vh.narrow(-2, 0, k), u.narrow(-1, 0, k)
            gvh = None if gvh is None else gvh.narrow(-2, 0, k)
            gu = None if gu is None else gu.narrow(-1, 0, k)
        return _svd_backward(gu, gs, gvh, u, s, vh)

    complex_backward = backward


def _svd_backward(gu, gs, gvh, u, s, vh):
    """PyTorch's svd_backward step for step (real and complex; the right operand of each C++
    operator made first): an error when a complex loss depends on the phases of the
    singular vectors."""
    if gs is None and gu is None and gvh is None:
        return None
    m, n = u._data.shape[-2], vh._data.shape[-1]
    if gu is None and gvh is None:          # svdvals
        return u @ (gs.unsqueeze(-1) * vh) if m >= n else (u * gs.unsqueeze(-2)) @ vh
    is_complex = u._data.dtype.kind == "c"
    uhgu = vhgv = None
    if gu is not None:
        uhgu = u.mH @ gu
        uhgu = uhgu - uhgu.mH
    if gvh is not None:
        vhgv = vh @ gvh.mH
        vhgv = vhgv - vhgv.mH
    if is_complex:
        zeros = np.zeros(s._data.shape, s._data.dtype)
        _check_phase(zeros if uhgu is None else np.diagonal(uhgu._data, 0, -2, -1).imag,
                     zeros if vhgv is None else np.diagonal(vhgv._data, 0, -2, -1).imag,
                     "svd_backward: The singular vectors in the complex case are specified up "
                     "to multiplication by e^{i phi}. The specified loss function depends on "
                     "this phase term, making it ill-defined.")
    s2 = s * s
    right = s2.unsqueeze(-1)
    e = s2.unsqueeze(-2) - right
    e.diagonal(0, -2, -1).fill_(1)
    if uhgu is not None and vhgv is not None:
        right = s.unsqueeze(-1) * vhgv
        ga = (uhgu * s.unsqueeze(-2) + right) / e
    elif uhgu is not None:
        right = s.unsqueeze(-2)
        ga = (uhgu / e) * right
    else:
        right = vhgv / e
        ga = s.unsqueeze(-1) * right
    if gs is not None:
        ga = ga + gs.diag_embed()
    if is_complex and uhgu is not None and vhgv is not None:
        right = 2.0 * s
        ga = ga + (uhgu.diagonal(0, -2, -1) / right).diag_embed()
    if m > n and gu is not None:
        ga = u @ ga
        gus = gu / s.unsqueeze(-2)
        right = u @ (u.mH @ gus)
        ga = ga + gus - right
        return ga @ vh
    if m < n and gvh is not None:
        ga = ga @ vh
        sgvh = gvh / s.unsqueeze(-1)
        right = (sgvh @ vh.mH) @ vh
        ga = ga + sgvh - right
        return u @ ga
    return u @ (ga @ vh) if m >= n else (u @ ga) @ vh


def _driver_type(driver, fname: str) -> None:
    """PyTorch's parser: the driver is a string (or None)."""
    if driver is not None and not isinstance(driver, str):
        from ..argparser import tp_name
        raise TorchTypeError(f"{fname}(): argument 'driver' must be str, not {tp_name(driver)}")


def _no_driver(driver) -> None:
    """svd's `driver=` picks a cuSOLVER algorithm: PyTorch refuses it for a CPU tensor."""
    if driver is not None:
        raise TorchRuntimeError("torch.linalg.svd: keyword argument `driver=` is only "
                                "supported on CUDA inputs with cuSOLVER backend.")


@register("linalg_svd", grad_fn="LinalgSvdBackward0", namespaces=("linalg:svd",),
          sample=fixed((((3, 3),), {}), (((3, 2),), {"full_matrices": False}),
                       (((2, 2, 2),), {}), (((2, 3, 2),), {"full_matrices": False})))
def linalg_svd(A, full_matrices=True, *, driver=None):
    """(U, S, Vh) with A = U diag(S) Vh: d/dA = U [sym-gap terms + diag(gS)] Vh + range terms"""
    _driver_type(driver, "linalg_svd")
    a = check_tensor(A, "linalg.svd", "A")
    _at_least_2d(a, "linalg.svd")
    _no_driver(driver)
    refuse_low_precision("svd", a, autocast_fp32=True)
    return _Result("linalg_svd", ("U", "S", "Vh"),
                   apply(LinalgSvdBackward0, (a,), full_matrices=bool(full_matrices)))


@register("svd", grad_fn="LinalgSvdBackward0", method=True, sample=fixed(
    (((3, 3),), {}), (((3, 2),), {}), (((2, 2),), {"some": False})))
def svd(input, some=True, compute_uv=True):
    """(U, S, V) = linalg.svd(A, full_matrices=not some) with V = Vh^T: as linalg.svd"""
    a = check_tensor(input, "svd")
    if a._data.ndim < 2:                    # (torch.svd's own check, before linalg.svd's)
        raise TorchRuntimeError(f"linalg.svd: input should have at least 2 dimensions, but "
                                f"has {a._data.ndim} dimensions instead")
    _at_least_2d(a, "linalg.svd")
    refuse_low_precision("svd", a, autocast_fp32=True)
    if not compute_uv:
        s = linalg_svdvals(a)
        m, n = a._data.shape[-2:]
        shape = a._data.shape[:-2]
        zu = wrap(np.zeros(shape + ((m, m) if not some else (m, min(m, n))), a._data.dtype))
        zv = wrap(np.zeros(shape + ((n, n) if not some else (n, min(m, n))), a._data.dtype))
        return _Result("svd", ("U", "S", "V"), (zu, s, zv))
    u, s, vh = linalg_svd(a, full_matrices=not some)
    return _Result("svd", ("U", "S", "V"), (u, s, vh.mH))          # V = Vh^H


@register("linalg_svdvals", grad_fn="LinalgSvdBackward0", namespaces=("linalg:svdvals",),
          sample=fixed((((3, 3),), {}), (((2, 3),), {}), (((2, 3, 2),), {})))
def linalg_svdvals(A, *, driver=None):
    """singular values: d/dA = U diag(g) Vh (as PyTorch, the vectors are computed and
    saved only when A may need a gradient; the values then come from that decomposition)"""
    _driver_type(driver, "linalg_svdvals")
    a = check_tensor(A, "linalg.svdvals", "A")
    _at_least_2d(a, "linalg.svd")            # (PyTorch's svdvals is linalg.svd's kernel)
    _no_driver(driver)
    refuse_low_precision("svd", a, autocast_fp32=True)
    from ..autograd import forward_ad
    if (_enabled[0] and a._requires_grad) or (forward_ad.ACTIVE[0] and
                                              forward_ad.has_tangent((a,))):
        return apply(LinalgSvdBackward0, (a,), full_matrices=False)[1]
    return wrap(_svd(a._data, compute_uv=False))


# -- qr ---------------------------------------------------------------------------------------

class LinalgQrBackward0(Node):
    """A = QR: d/dA = (gQ + Q syminvadj(triu(gR R^H - Q^H gQ))) R^-H (m >= n); for m < n,
    [Q trilImInvAdjSkew(Q^H gQ - gR R^H) R_1^-H, 0] + Q gR (PyTorch's linalg_qr_backward)"""

    column_major = (0, 1)             # LAPACK's result, as PyTorch returns it

    n_outputs = 2
    save_output = True
    saved_results = (0, 1)            # linalg_qr_backward takes the results, not A
    result_names = ("Q", "R")

    def forward(self, a):
        if self.mode == "r":        # Q is not computed: an empty tensor, recorded all the same
            return np.zeros((0,), a.dtype), np.linalg.qr(a, mode="r")
        return np.linalg.qr(a, mode=self.mode)

    def backward(self, gq, gr):
        """PyTorch's linalg_qr_backward step for step (the right operand of each C++
        operator made first; its in-place halving of a diagonal too)"""
        m, n = self._in_meta[0][0][-2:]
        if self.mode == "r":
            raise TorchRuntimeError("The derivative of linalg.qr depends on Q, which is not "
                                    "computed when mode='r'. Please use linalg.qr(A, "
                                    "mode='reduced') if you are going to differentiate through "
                                    "linalg.qr.")
        if self.mode == "complete" and m > n:
            raise TorchRuntimeError("The QR decomposition is not differentiable when "
                                    "mode='complete' and nrows > ncols.")
        if gq is None and gr is None:
            return None
        q, r = self.saved
        complex_ = q._data.dtype.kind == "c"
        if gq is not None:
            right = q.mH @ gq
            ga = gr @ r.mH - right if gr is not None else -right
        else:
            ga = gr @ r.mH
        if m >= n:
            x = ga.triu()
            x = x + x.mH
            diagonal = x.diagonal(0, -2, -1)
            (diagonal.real if complex_ else diagonal).mul_(0.5)
            ga = q @ x
            if gq is not None:
                ga = ga + gq
            return linalg_solve_triangular(r.mH, ga, upper=False, left=False)   # as PyTorch:
            # no error for a singular R (inf, nan)
        x = -ga
        x = (x - x.mH).tril()
        if complex_:
            x.diagonal(0, -2, -1).imag.mul_(0.5)
        ga = q @ x
        ga = linalg_solve_triangular(r.narrow(-1, 0, m).mH, ga, upper=False, left=False)
        from .shape import cat
        ga = cat([ga, ga.new_zeros(r._data.shape[:-1] + (n - m,))], -1)
        return ga + q @ gr if gr is not None else ga

    complex_backward = backward


@register("linalg_qr", grad_fn="LinalgQrBackward0", namespaces=("linalg:qr",), sample=fixed(
    (((3, 3),), {}), (((3, 2),), {}), (((2, 3, 2),), {}), (((2, 4),), {}),
    (((3, 3),), {"mode": "complete"})))
def linalg_qr(A, mode="reduced"):
    """(Q, R) with A = QR: d/dA = [gQ + Q copyltu(R gR^T - gQ^T Q)] R^-T (m >= n)"""
    a = check_tensor(A, "linalg.qr", "A")
    _at_least_2d(a, "linalg.qr")
    if mode not in ("reduced", "r", "complete"):
        raise TorchRuntimeError(f"qr received unrecognized mode '{mode}' but expected one of "
                                "'reduced' (default), 'r', or 'complete'")
    refuse_low_precision("geqrf", a, autocast_fp32=True)
    return _Result("linalg_qr", ("Q", "R"), apply(LinalgQrBackward0, (a,), mode=mode))


# -- pinv -------------------------------------------------------------------------------------

class LinalgPinvBackward0(Node):
    """P = A^+: d/dA = -P^H g P^H + (I - A P) g^H P P^H + P^H P g^H (I - P A)"""

    save_inputs = (0,)
    save_output = True

    lowp = None                     # a CPU autocast region's dtype: PyTorch's last product

    def forward(self, a):
        if not a.size:              # PyTorch's early return (input.svd()): no tolerances
            out = np.zeros_like(_mT(a))
            if self.lowp is None:
                return out
            from .shape import to_np_dtype
            return to_np_dtype(wrap(out), self.lowp)._data
        left, right = self._factors(a)
        if self.lowp is not None:
            return self._autocast_product(left, right)
        return left @ right

    def _factors(self, a):
        """PyTorch's two operands of its last product: (V S^+, U^H) from the SVD, (U S^+, U^H)
        from eigh (of A's lower triangle) when hermitian; S^+ keeps 1/s where |s| is above
        max(atol, rtol * the largest |s|)."""
        if self.hermitian:
            s, u = np.linalg.eigh(a)
            size = np.abs(s)
            big = size.max(-1, keepdims=True)
        else:
            u, s, vh = _svd(a, full_matrices=False)
            size, big = s, s[..., :1]
        keep = size > _threshold(self.atol, self.rtol, big)
        inv_s = np.where(keep, 1 / np.where(keep, s, 1), 0).astype(a.dtype)
        left = u if self.hermitian else _mT(vh).conj()
        return left * inv_s[..., None, :], _mT(u).conj()

    def _autocast_product(self, left, right):
        """PyTorch's linalg_pinv on float32 in a CPU autocast region: its factors in float32,
        its last matmul (on autocast's list) in the region's dtype."""
        from .linalg import matmul
        from .shape import to_np_dtype
        return matmul(to_np_dtype(wrap(np.ascontiguousarray(left)), self.lowp),
                      to_np_dtype(wrap(np.ascontiguousarray(right)), self.lowp))._data

    def backward(self, g):
        a, p = self.saved
        return pinv_backward(g, p, a)

    complex_backward = backward         # PyTorch's, conjugate transposes included


def pinv_backward(g, p, a):
    """PyTorch's pinv_backward, its products in its order (m <= n ends in an addition,
    m > n in a subtraction: the node names of a second derivative); its transposes are
    conjugate ones (mH, a transpose for real numbers)."""
    m, n = a._data.shape[-2:]
    pt, gt = p.mH, g.mH
    if p._data.dtype != a._data.dtype:      # autocast's P (pinv in a region) of a float32 A:
        if m <= n:                           # PyTorch's first mixed product (its right-to-left
            return (gt @ p) @ a              # evaluation) raises
        return pt @ (p @ gt) @ p @ a
    if m <= n:          # (C++ makes each operator's right operand first)
        k = gt @ p
        kpt = k @ pt
        last = (pt @ p) @ (gt - k @ a)
        middle = (a @ p) @ kpt
        return -(p @ k).mH + kpt - middle + last
    k = p @ gt
    ptk = pt @ k
    last = ptk @ p @ a
    middle = (gt - a @ k) @ p @ pt
    return -(k @ p).mH + middle + ptk - last


# PyTorch's overloads of linalg.pinv, in its parser's order: the tolerances as tensors or as
# numbers, or the deprecated relative `rcond` (NumPy's), a tensor or a number
_PINV_SIGNATURES = tuple(f"linalg_pinv(Tensor input, {rest})" for rest in (
    "*, Tensor? atol=None, Tensor? rtol=None, bool hermitian=False, Tensor out=None",
    "*, double? atol=None, double? rtol=None, bool hermitian=False, Tensor out=None",
    "Tensor rcond, bool hermitian=False, *, Tensor out=None",
    "double rcond, bool hermitian=False, *, Tensor out=None"))
@register("linalg_pinv", grad_fn="LinalgPinvBackward0", namespaces=("linalg:pinv",),
          sample=fixed((((3, 3),), {}), (((3, 2),), {}), (((2, 3),), {}),
                       (((2, 2, 3),), {})))
@parsed_by(_PINV_SIGNATURES)
def linalg_pinv(input, rcond=None, hermitian=False, *, atol=None, rtol=None):
    """Moore-Penrose pseudo-inverse: d/dA = -P^H g P^H + (I - AP) g^H P P^H + P^H P g^H (I - PA)
    (the deprecated `rcond` is rtol with atol 0)"""
    if rcond is not None:
        _real_tolerance(rcond, "torch.linalg.pinv", "rcond")
        atol, rtol = _zero_like(rcond), rcond
    return _pinv(input, atol, rtol, hermitian, True)


def _pinv(A, atol, rtol, hermitian, autocast):
    """linalg.pinv; in a CPU autocast region when `autocast` (not for torch.pinverse, on
    autocast's float32 list: PyTorch runs it with autocast off), its result in the region's
    dtype (`LinalgPinvBackward0._autocast_product`)."""
    a = check_tensor(A, "linalg.pinv", "A")
    refuse_low_precision("pinv", a)
    if a._data.ndim < 2 or a._data.dtype.kind not in "fc":
        dims = ", ".join(map(str, a._data.shape))
        raise TorchRuntimeError(f"linalg.pinv({a.dtype.legacy}{{[{dims}]}}): "
                                "expected a tensor with 2 or more dimensions of float, double, "
                                "cfloat or cdouble types")
    atol, rtol = _tolerances(a, atol, rtol, "torch.linalg.pinv")
    if hermitian and a._data.size:      # (an empty A returns before its eigh)
        _square(a, "linalg.eigh")
    lowp = None
    if _autocast_cpu[0] and a._data.dtype == np.float32 and autocast:
        from ..autograd.engine import _running
        if not _running:                     # (autocast is about forward ops)
            lowp = _amp._CPU_DTYPE[0].np
    return apply(LinalgPinvBackward0, (a,), atol=atol, rtol=rtol, lowp=lowp,
                 hermitian=bool(hermitian))


def _real_tolerance(t, fname: str, name: str) -> None:
    """PyTorch's refusal of a complex tolerance tensor (checkNotComplexTolerance)."""
    if isinstance(t, Tensor) and t._data.dtype.kind == "c":
        raise TorchRuntimeError(f"{fname}: {name} tensor of complex type is not supported. "
                                f"Got {t.dtype.legacy}")


def _zero_like(tol):
    """The tolerance PyTorch pairs with a single `tol` or `rcond`: 0 in its dtype."""
    return np.zeros((), tol._data.dtype) if isinstance(tol, Tensor) else 0.0


def _tolerances(a: Tensor, atol, rtol, fname: str) -> tuple:
    """PyTorch's get_atol_rtol: atol and rtol as arrays (numbers as 0-d float64), atol
    defaulting to 0 and rtol to eps * max(m, n), or to 0 where atol is above 0."""
    _real_tolerance(atol, fname, "atol")
    _real_tolerance(rtol, fname, "rtol")
    if rtol is None:                    # (_get_epsilon: float types only)
        refuse_low_precision("epsilon", a, autocast_fp32=True)
        if a._data.dtype.kind not in "fc":
            raise TorchRuntimeError("This function doesn't handle types other than float and "
                                    "double")
        rtol = np.float64(np.finfo(a._data.real.dtype).eps * max(a._data.shape[-2:]))
        if atol is not None:
            rtol = np.where(_value(atol) > 0, 0.0, rtol)
    atol = np.zeros(()) if atol is None else _value(atol)
    return atol, _value(rtol)


def _threshold(atol, rtol, big):
    """max(atol, rtol * big) for the largest singular values `big` (batch + (1,)), broadcast
    as PyTorch's (rtol with big first) and in its dtypes: PyTorch unsqueezes the tolerances,
    so even 0-d ones promote (a float64 one compares in float64); integral ones take big's."""
    from .core import broadcast_error

    def fitted(t, other):
        t = t[..., None]
        if not _broadcasts(t.shape, other.shape):
            raise broadcast_error(t.shape, other.shape)
        return t.astype(other.dtype) if t.dtype.kind in "biu" else t
    scaled = fitted(rtol, big) * big
    return np.maximum(fitted(atol, scaled), scaled)


# -- lstsq ------------------------------------------------------------------------------------

_LSTSQ_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


class LinalgLstsqBackward0(Node):
    """X = A^+ B minimizing |AX - B|, residuals r = |AX - B|^2 by column:
    d/dB = P^H gX + 2 (B - AX) gr, d/dA = pinv's rule for gX B^H + 2 (AX - B) gr X^H"""

    n_outputs = 2
    save_inputs = (0, 1)
    save_output = True
    saved_results = (0,)
    result_names = ("solution",)
    materialize_grads = False

    def forward(self, a, b):
        if self.vector:
            b = b[..., None]
        b = np.broadcast_to(b, self.batch + b.shape[-2:])
        u, s, vh = _svd(a.astype(np.result_type(a.dtype, np.float64)), full_matrices=False)
        keep = _lstsq_kept(s, self.rcond)
        inv_s = np.where(keep, 1 / np.where(keep, s, 1), 0)
        x = _mT(vh).conj() @ (inv_s[..., :, None] * (_mT(u).conj() @ b))      # V S^+ U^H b
        res = np.zeros((0,), np.float64)
        if self.residuals:
            res = (np.abs(a @ x - b) ** 2).sum(-2)
        if self.vector:
            x = x[..., 0]
        return _lstsq_layout(x.astype(a.dtype), a.shape[-2:], self.vector), \
            res.astype(a.real.dtype)

    def backward(self, gx, gr):
        """PyTorch's linalg_lstsq_backward step for step, with the saved solution (its
        transposes conjugate ones: the same rule serves complex A and B)"""
        a, b, x = self.saved
        need_a, need_b = self.needs(0), self.needs(1)
        with_res = gr is not None and gr._data.size
        if (gx is None and not with_res) or not (need_a or need_b):
            return None, None
        vec = self.vector
        if vec:
            b = b.unsqueeze(-1)
        ga = gb = None
        if gx is not None:
            if vec:
                gx = gx.unsqueeze(-1)
            p = _pinv(a, None, None, False, True)
            if need_a:
                ga = pinv_backward(gx @ b.mH, p, a)
            if need_b:
                gb = p.mH @ gx
                if vec:
                    gb = gb.squeeze(-1)
        if with_res:
            if vec:
                x = x.unsqueeze(-1)
            r = a @ x - b
            gl = gr.unsqueeze(-2)
            if need_a:
                part = 2 * ((gl * r) @ x.mH)
                ga = part if ga is None else ga + part
            if need_b:
                part = -2 * gl * r
                if vec:
                    part = part.squeeze(-1)
                gb = part if gb is None else gb + part
        return (sum_to(ga, self._in_meta[0][0]) if need_a else None,
                sum_to(gb, self._in_meta[1][0]) if need_b else None)

    complex_backward = backward


def _lstsq_layout(x, shape, vector):
    """The solution laid out as LAPACK's gels leaves it in PyTorch: the leading n rows of a
    buffer of max(m, n) rows, each matrix column-major."""
    m, n = shape
    rows = max(m, n)
    if vector:
        buf = np.zeros(x.shape[:-1] + (rows,), x.dtype)
        buf[..., :n] = x
        return buf[..., :n]
    buf = np.swapaxes(np.zeros(x.shape[:-2] + (x.shape[-1], rows), x.dtype), -1, -2)
    buf[..., :n, :] = x
    return buf[..., :n, :]


def _lstsq_kept(s, rcond):
    """Which singular values the solution keeps: those above rcond times the largest."""
    smax = s.max(-1, keepdims=True) if s.shape[-1] else s
    return s > rcond * smax


def _lstsq_checks(a: Tensor, b: Tensor, driver):
    """PyTorch's checks, in its order; whether B is a (batch of) vector(s)."""
    if a._data.ndim < 2:
        raise TorchRuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    if b._data.ndim < 1:
        raise TorchRuntimeError("torch.linalg.lstsq: other must have at least 1 dimension.")
    if a.dtype is not b.dtype:
        raise TorchRuntimeError(f"torch.linalg.lstsq: Expected input and other to have the "
                                f"same dtype, but got input's dtype {a.dtype.legacy} and "
                                f"other's dtype {b.dtype.legacy}")
    diff = a._data.ndim - b._data.ndim
    if diff not in (0, 1):
        raise TorchRuntimeError("torch.linalg.lstsq: input.dim() must be greater or equal to "
                                "other.dim() and (input.dim() - other.dim()) <= 1")
    vector = b._data.ndim == 1 or (diff == 1 and b._data.shape == a._data.shape[:-1])
    if a._data.shape[-2] != b._data.shape[-1 if vector else -2]:
        raise TorchRuntimeError(f"torch.linalg.lstsq: input.size(-2) should match "
                                f"other.size({-1 if vector else -2})")
    if driver is not None and driver not in _LSTSQ_DRIVERS:
        raise TorchRuntimeError("torch.linalg.lstsq: parameter `driver` should be one of "
                                "(gels, gelsy, gelsd, gelss)")
    if a._data.dtype.kind not in "fc":
        raise TorchRuntimeError("This function doesn't handle types other than float and "
                                "double")
    if diff == 1 and not vector and not _broadcasts(a._data.shape[:-2], b._data.shape[:-1]):
        from .core import broadcast_error      # PyTorch checks B's shape less its last dim
        raise broadcast_error(a._data.shape[:-2], b._data.shape[:-1])
    return vector


@register("linalg_lstsq", grad_fn="LinalgLstsqBackward0", namespaces=("linalg:lstsq",),
          # drivers that give residuals: gradcheck cannot take an empty output's gradient
          sample=fixed((((3, 2), (3, 1)), {"driver": "gels"}),
                       (((3, 2), (3,)), {"driver": "gelsd"}),
                       (((2, 3, 2), (2, 3, 1)), {"driver": "gelss"}), lo=-1.0, hi=1.0))
def linalg_lstsq(A, B, rcond=None, *, driver=None):
    """(solution, residuals, rank, singular_values): X = A^+ B (the least-squares, least-norm
    solution); d/dB = A^+H gX, d/dA = pinv's rule for gX B^H, plus the residuals' terms"""
    a = check_tensor(A, "linalg.lstsq", "input")
    b = check_tensor(B, "linalg.lstsq", "other", 2)
    vector = _lstsq_checks(a, b, driver)
    refuse_low_precision("epsilon" if rcond is None else "lstsq", a, autocast_fp32=True)
    driver = driver or "gelsy"
    m, n = a._data.shape[-2:]
    # a matrix B with one dimension less than A: PyTorch broadcasts all of B but its last
    # dimension against A's batch (B (3, 2) with A (1, 3, 3) is a batch of 3 B's)
    b_batch = b._data.shape[:-1 if vector or a._data.ndim > b._data.ndim else -2]
    if not _broadcasts(a._data.shape[:-2], b_batch):
        from .core import broadcast_error
        raise broadcast_error(a._data.shape[:-2], b_batch)
    batch = np.broadcast_shapes(a._data.shape[:-2], b_batch)
    if rcond is None or (rcond < 0 and driver in ("gelsd", "gelss")):
        rcond = float(np.finfo(a._data.dtype).eps) * max(m, n)
    # rank and singular values are A's own (PyTorch runs LAPACK on each of B's matrices with
    # the A it broadcasts from, writing A's entries), not the broadcast batch's
    s, rank = _lstsq_rank(a._data, rcond, driver, math.prod(batch) > 0)
    if driver == "gelsy" and not vector and not b._data.shape[-1]:
        rank = np.zeros_like(rank)          # gelsy returns at once for no right-hand sides
    residuals = m > n and (driver == "gels" or (driver != "gelsy" and np.all(rank == n)))
    x, res = apply(LinalgLstsqBackward0, (a, b), rcond=float(rcond), residuals=residuals,
                   vector=vector, batch=batch)
    dt = a._data.dtype
    rank_t = wrap(np.zeros((0,), np.int64) if driver == "gels" else rank.astype(np.int64))
    real = a._data.real.dtype
    sv = wrap(s.astype(real) if driver in ("gelsd", "gelss") else np.zeros((0,), real))
    return _Result("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"),
                   (x, res, rank_t, sv))


def _lstsq_rank(a, rcond, driver, solved=True):
    """A's singular values and rank (those above rcond times the largest); gels, which
    assumes full rank, refuses a rank-deficient A as PyTorch does for a tall one, when it
    ran (`solved`: not for an empty broadcast batch)."""
    s = _svd(a.astype(np.result_type(a.dtype, np.float64)), compute_uv=False)
    rank = _lstsq_kept(s, rcond).sum(-1)
    if driver == "gels" and solved and np.any(rank < min(a.shape[-2:])):
        raise TorchRuntimeError(f"torch.linalg.lstsq: The least squares solution could not be "
                                f"computed because the input matrix does not have full rank "
                                f"(error code: {int(np.min(rank)) + 1}).")
    return s, rank


def _broadcasts(s1, s2) -> bool:
    try:
        np.broadcast_shapes(s1, s2)
        return True
    except ValueError:
        return False


# -- matrix_exp -------------------------------------------------------------------------------

#: ATen's bounds on the operator 1-norm up to which its Taylor polynomials of degree 1, 2, 4,
#: 8, 12 are accurate (Bader, Blanes, Casas 2019); past the last, degree 18 with scaling
_MEXP_THETAS = {
    np.dtype(np.float32): (1.192092800768788e-07, 5.978858893805233e-04, 5.116619363445086e-02,
                           5.800524627688768e-01, 1.461661507209034e+00, 3.010066362817634e+00),
    np.dtype(np.float64): (2.220446049250313e-16, 2.580956802971767e-08, 3.397168839976962e-04,
                           4.991228871115323e-02, 2.996158913811580e-01, 1.090863719290036e+00)}
_T12 = ((9.0198e-16, 0.46932117595418237389, -0.20099424927047284052, -0.04623946134063071740),
        (5.31597895759871264183, 1.19926790417132231573, 0.01179296240992997031,
         0.01108844528519167989),
        (0.18188869982170434744, 0.05502798439925399070, 0.09351590770535414968,
         0.00610700528898058230),
        (-2.0861320e-13, -0.13181061013830184015, -0.02027855540589259079,
         -0.00675951846863086359))
_T18 = ((0., -1.00365581030144618291e-01, -8.02924648241156932449e-03,
         -8.92138498045729985177e-04, 0.),
        (0., 3.97849749499645077844e-01, 1.36783778460411720168e+00,
         4.98289622525382669416e-01, -6.37898194594723280150e-04),
        (-1.09676396052962061844e+01, 1.68015813878906206114e+00, 5.71779846478865511061e-02,
         -6.98210122488052056106e-03, 3.34975017086070470649e-05),
        (-9.04316832390810593223e-02, -6.76404519071381882256e-02, 6.75961301770459654925e-02,
         2.95552570429315521194e-02, -1.39180257516060693404e-05),
        (0., 0., -9.23364619367118555360e-02, -1.69364939002081722752e-02,
         -1.40086798182036094347e-05))


def _real(dtype) -> np.dtype:
    """float32 for float32 and complex64, float64 for float64 and complex128"""
    return np.finfo(dtype).dtype


def _combine(mats, rows):
    """ATen's _compute_linear_combination: out[i] = sum_j rows[i][j] * mats[j], added in turn
    onto 0 in the matrices' dtype."""
    dt = mats[0].dtype.type
    out = []
    for row in rows:
        acc = np.zeros_like(mats[0])
        for c, m in zip(row, mats):
            acc = acc + m * dt(c)
        out.append(acc)
    return out


def _powers(a, count):
    """I, A, A^2, A^3 (A A^2), A^6 (A^3 A^3): the first `count`, as ATen fills them."""
    from .linalg import _bmm
    mats = [np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a.shape).copy(), a]
    if count > 2:
        mats.append(_bmm(a, a))
    if count > 3:
        mats.append(_bmm(a, mats[2]))
    if count > 4:
        mats.append(_bmm(mats[3], mats[3]))
    return mats[:count]


def _taylor(a, degree):
    """ATen's compute_T1 ... compute_T18 on a stack of matrices (Bader, Blanes, Casas)."""
    from .linalg import _bmm
    dt = a.dtype.type
    if degree <= 2:
        mats = _powers(a, degree + 1)
        out = mats[0] + mats[1]
        return out + mats[2] / dt(2.0) if degree == 2 else out
    if degree == 4:
        mats = _powers(a, 3)
        mats.append(_bmm(mats[2], _combine(mats, [(1 / 2.0, 1 / 6.0, 1 / 24.0)])[0]))
        return _combine(mats, [(1.0, 1.0, 0.0, 1.0)])[0]
    if degree == 8:
        return _taylor8(a)
    mats = _powers(a, 4 if degree == 12 else 5)
    b = _combine(mats, _T12 if degree == 12 else _T18)
    if degree == 12:
        b[2] = b[2] + _bmm(b[3], b[3])
        return b[0] + _bmm(b[1] + b[2], b[2])
    b[3] = b[3] + _bmm(b[0], b[4])
    return b[1] + _bmm(b[2] + b[3], b[3])


def _taylor8(a):
    """compute_T8: its constants worked out in double from the dtype's sqrt(177) and 2/3."""
    from .linalg import _bmm
    dt = _real(a.dtype).type
    r, x3 = float(dt(0.1330413469565007072504e+2)), float(dt(2. / 3.))
    x1, x2 = x3 * ((1. + r) / 88.), x3 * ((1. + r) / 352.)
    x4, x5 = (-271. + 29. * r) / (315. * x3), (-11. + 11. * r) / (1260. * x3)
    x6, x7 = (-99. + 11. * r) / (5040. * x3), (89. - r) / (5040. * x3)
    y2 = (857. - 58. * r) / 630.
    mats = _powers(a, 3)
    mats.append(_bmm(mats[2], _combine(mats[1:3], [(x1, x2)])[0]))
    mats.append(_bmm(_combine(mats[2:4], [(x3, 1.0)])[0],
                     _combine(mats[:4], [(x4, x5, x6, x7)])[0]))
    return _combine(mats, [(1.0, 1.0, y2, 0.0, 1.0)])[0]


def _mexp(a):
    """exp of a stack of real matrices as ATen's mexp_impl. One matrix: by the lowest degree
    whose bound its operator 1-norm is within (all NaN for a NaN norm); past the last bound,
    and for every matrix of a larger stack, degree 18 on the matrix scaled by 2^-s into its
    bound, then squared s times (one mm each). Matrices of one element: their exp. Complex
    matrices the same way, with the bounds and constants of their real dtype."""
    from .linalg import _mm
    if a.shape[-1] == 1:
        return rounded(np.exp, a)
    dt = _real(a.dtype).type
    thetas = [dt(t) for t in _MEXP_THETAS[_real(a.dtype)]]
    norm = np.abs(a).sum(-2).max(-1)
    if a.shape[0] == 1:
        if np.isnan(norm[0]):
            return np.full_like(a, np.nan)
        for theta, degree in zip(thetas, (1, 2, 4, 8, 12)):
            if norm[0] <= theta:
                return _taylor(a, degree)
    with np.errstate(all="ignore"):
        s = np.maximum(0, np.ceil(np.log2(norm / thetas[5]))).astype(np.int64)
        out = _taylor(a / (2.0 ** s).astype(dt)[:, None, None], 18)
    for i, steps in enumerate(s):
        for _ in range(int(steps)):
            out[i] = _mm(out[i], out[i])
    return out


class LinalgMatrixExpBackward0(Node):
    """d/dA exp(A) = the upper-right block of exp([[A^T, g], [0, A^T]])"""

    save_inputs = (0,)

    def forward(self, a):
        flat = a.reshape((math.prod(a.shape[:-2]),) + a.shape[-2:])
        if not flat.size:
            return a.copy()
        return _mexp(np.ascontiguousarray(flat)).reshape(a.shape)

    def backward(self, g):
        """PyTorch's differential_analytic_matrix_function (adjoint): the blocks written
        into a zero matrix in place (three CopySlices under create_graph)"""
        (a,) = self.saved
        n = a._data.shape[-1]
        at = a.mT
        meta = g.new_zeros(at._data.shape[:-2] + (2 * n, 2 * n))
        meta.narrow(-2, 0, n).narrow(-1, 0, n).copy_(at)
        meta.narrow(-2, n, n).narrow(-1, n, n).copy_(at)
        meta.narrow(-2, 0, n).narrow(-1, n, n).copy_(g)
        return matrix_exp(meta).narrow(-2, 0, n).narrow(-1, n, n)


@register("matrix_exp", grad_fn="LinalgMatrixExpBackward0", method=True,
          namespaces=("torch", "linalg:matrix_exp"), sample=fixed(
              (((3, 3),), {}), (((2, 2, 2),), {}), ((np.array([[1.0, 4.0], [-3.0, 2.5]]),), {})))
def matrix_exp(A):
    """exp(A) = sum A^k / k!: d/dA = the upper-right block of exp([[A^T, g], [0, A^T]])"""
    a = check_tensor(A, "linalg.matrix_exp", "A")
    _square_float(a, "linalg.matrix_exp")
    return apply(LinalgMatrixExpBackward0, (a,))



# -- vecdot, diagonal, vander, matrix_rank, solve_triangular ----------------------------------

@register("linalg_vecdot", grad_fn="SumBackward1", namespaces=("linalg:vecdot",), sample=fixed(
    (((2, 3), (2, 3)), {}), (((2, 3), (3,)), {}), (((3, 2), (3, 1)), {"dim": 0})))
def linalg_vecdot(x, y, *, dim=-1):
    """sum(conj(x) * y) along dim, broadcasting (PyTorch's composition; two vectors: vdot,
    whatever dim): d/dx = conj(g) y, d/dy = g x"""
    a = check_tensor(x, "linalg.vecdot", "x")
    b = check_tensor(y, "linalg.vecdot", "y", 2)
    check_floating(a, "linalg.vecdot")
    if a.dtype is not b.dtype:
        raise TorchRuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but "
                                f"found x of type {a.dtype.legacy} and y of type "
                                f"{b.dtype.legacy} instead")
    if a._data.ndim == 1 and b._data.ndim == 1:
        from .extra import vdot
        return vdot(a, b)
    return (a.conj() * b).sum(dim)          # x^H y, as PyTorch


@register("linalg_diagonal", grad_fn="DiagonalBackward0", namespaces=("linalg:diagonal",),
          sample=fixed((((3, 3),), {}), (((2, 3, 4),), {"offset": 1})))
def linalg_diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """torch.diagonal over the last two dims by default: d/dA = g on the diagonal"""
    return check_tensor(A, "linalg.diagonal", "A").diagonal(offset, dim1, dim2)


@register("linalg_vander", grad_fn="CatBackward0", namespaces=("linalg:vander",), sample=fixed(
    (((3,),), {}), (((2, 3),), {"N": 4})))
def linalg_vander(x, *, N=None):
    """columns x^0 .. x^(N-1), as PyTorch builds them: a cumprod of x repeated, after a column
    of ones (CatBackward0)"""
    from .shape import cat
    t = check_tensor(x, "linalg.vander", "x")
    refuse_low_precision("vander", t)
    if t.dtype.category == 0:
        raise TorchRuntimeError("linalg.vander supports floating point, complex, and integer "
                                f"tensors, but got {t.dtype.legacy}")
    t = t if t._data.ndim else t.unsqueeze(-1)
    shape = t._data.shape
    n = shape[-1] if N is None else int(N)
    if n <= 1:
        raise TorchRuntimeError("N must be greater than 1.")
    powers = t.unsqueeze(-1).expand(*shape, n - 1).cumprod(-1)
    ones = wrap(np.ones(shape + (1,), dtype=powers._data.dtype))
    return cat([ones, powers], -1)


_MATRIX_RANK_SIGNATURES = tuple(f"linalg_matrix_rank(Tensor input, {rest})" for rest in (
    "*, Tensor? atol=None, Tensor? rtol=None, bool hermitian=False, Tensor out=None",
    "*, double? atol=None, double? rtol=None, bool hermitian=False, Tensor out=None",
    "Tensor tol, bool hermitian=False, *, Tensor out=None",
    "double tol, bool hermitian=False, *, Tensor out=None"))


@register("matrix_rank", differentiable=False, namespaces=("linalg:matrix_rank",))
@parsed_by(_MATRIX_RANK_SIGNATURES)
def matrix_rank(input, tol=None, hermitian=False, *, atol=None, rtol=None):
    """number of singular values (|eigenvalues| when hermitian) above
    max(atol, rtol * largest), rtol defaulting to eps * max(m, n) (to 0 where atol > 0);
    the legacy `tol` is atol with rtol 0. PyTorch's checks in its order: dimensions,
    tolerances, then (unless A is empty) the factorization's dtype."""
    a = check_tensor(input, "linalg.matrix_rank", "A")
    if a._data.ndim < 2:
        raise TorchRuntimeError("torch.linalg.matrix_rank: The input tensor input must have at "
                                "least 2 dimensions.")
    if tol is not None:                 # (PyTorch checks it as atol)
        atol, rtol = tol, _zero_like(tol)
    atol, rtol = _tolerances(a, atol, rtol, "torch.linalg.matrix_rank")
    data = a._data
    batch = data.shape[:-2]
    if not data.size:
        return wrap(np.zeros(batch, np.int64))
    if hermitian:
        _square(a, "linalg.eigh")
        if data.dtype.kind not in "fc":
            raise TorchNotImplementedError(f'"linalg_eigh_cpu" not implemented for '
                                           f"'{a.dtype.legacy}'")
        refuse_low_precision("eigh", a, autocast_fp32=True)
        s = np.abs(np.linalg.eigvalsh(data))
        big = s.max(-1, keepdims=True)
    else:
        _at_least_2d(a, "linalg.svd")
        refuse_low_precision("svd", a, autocast_fp32=True)
        s = _svd(data, compute_uv=False)
        big = s[..., :1]
    rank = np.sum(s > _threshold(atol, rtol, big), axis=-1).astype(np.int64)
    if rank.shape != batch:             # ATen's result, made of A's batch shape, resized
        from .outparam import resized_warning
        warnings.warn(resized_warning(batch, rank.shape), UserWarning, stacklevel=2)
    return wrap(rank)


def _value(t):
    """A tolerance given as a tensor or an array, or as a number (PyTorch's double)."""
    if isinstance(t, Tensor):
        return t._data
    return t if isinstance(t, np.ndarray) else np.asarray(t, np.float64)


class LinalgSolveTriangularBackward0(Node):
    """X = A^-1 B (A triangular): d/dB = A^-T g, d/dA = -(d/dB) X^T on A's triangle
    (left=False: X = B A^-1, d/dB = g A^-T, d/dA = -X^T (d/dB))"""

    column_major = (0,)             # LAPACK's result, as PyTorch returns it

    save_inputs = (0,)
    save_output = True

    def forward(self, a, b):
        tri = np.triu(a) if self.upper else np.tril(a)
        if self.unitriangular:
            n = a.shape[-1]
            tri = tri * (1 - np.eye(n, dtype=a.dtype)) + np.eye(n, dtype=a.dtype)
        if np.all(np.diagonal(tri, axis1=-2, axis2=-1) != 0):
            if self.left:       # LAPACK's solve (on this machine nearer MKL's trsm's bits)
                return np.linalg.solve(tri, b).astype(np.result_type(a, b))
            return _mT(np.linalg.solve(_mT(tri), _mT(b))).astype(np.result_type(a, b))
        # a zero on the diagonal: substitution as trsm runs it, dividing by it (inf, nan)
        # where a general solver would refuse the matrix as singular
        dt = np.result_type(a, b)
        tri, b = tri.astype(dt, copy=False), np.broadcast_to(b, np.broadcast_shapes(
            tri.shape[:-2], b.shape[:-2]) + b.shape[-2:]).astype(dt)
        tri = np.broadcast_to(tri, b.shape[:-2] + tri.shape[-2:])
        if self.left:
            return _substitute(tri, b, lower=not self.upper, zero_pivots=True)
        return _mT(_substitute(_mT(tri), _mT(b), lower=self.upper, zero_pivots=True))

    def backward(self, g):
        """PyTorch's linalg_solve_triangular_backward (conjugate transposes: complex too)"""
        a, x = self.saved
        gb = ga = None
        if self.needs(1) or self.needs(0):
            gb = linalg_solve_triangular(a.mH, g, upper=not self.upper, left=self.left,
                                         unitriangular=self.unitriangular)
        if self.needs(0):
            ga = -(gb @ x.mH) if self.left else -(x.mH @ gb)
            ga = ga.triu(int(self.unitriangular)) if self.upper else \
                ga.tril(-int(self.unitriangular))
            ga = sum_to(ga, self._in_meta[0][0])
        return ga, (sum_to(gb, self._in_meta[1][0]) if self.needs(1) else None)

    complex_backward = backward


@register("linalg_solve_triangular", grad_fn="LinalgSolveTriangularBackward0",
          namespaces=("linalg:solve_triangular",), sample=fixed(
              ((_spd(3), (3, 2)), {"upper": True}), ((_spd(3), (3, 2)), {"upper": False}),
              ((_spd(3), (2, 3)), {"upper": True, "left": False}),
              ((_spd(3), (2, 3, 1)), {"upper": False, "unitriangular": True})))
def linalg_solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    """X with A X = B (X A = B when left=False), reading only A's upper or lower triangle
    (and a unit diagonal when unitriangular), in A's dtype"""
    a = check_tensor(A, "linalg.solve_triangular", "A")
    b = check_tensor(B, "linalg.solve_triangular", "B", 2)
    for t, name in ((a, "A"), (b, "B")):
        if t._data.ndim < 2:
            raise TorchRuntimeError(f"linalg.solve_triangular: The input tensor {name} must "
                                    "have at least 2 dimensions.")
    n, m = a._data.shape[-2:]
    if n != m:
        raise TorchRuntimeError(f"linalg.solve_triangular: A must be batches of square "
                                f"matrices, but they are {n} by {m} matrices")
    r, c = b._data.shape[-2:]
    if (r if left else c) != n:
        eq = "AX = B" if left else "XA = B"
        raise TorchRuntimeError(f"linalg.solve_triangular: Incompatible shapes of A and B for "
                                f"the equation {eq} ({n}x{n} and {r}x{c})")
    batch_shape(b, a)
    if a._data.dtype.kind not in "fc":
        raise TorchNotImplementedError(f'"triangular_solve_cpu" not implemented for '
                                       f"'{a.dtype.legacy}'")
    refuse_low_precision("triangular_solve", a)
    # B is copied into a result of A's dtype (cast, not promoted), as ATen's out= kernel
    # does: float32 A with float64 B solves in float32
    cast = None if b.dtype is a.dtype else a._data.dtype
    return apply(LinalgSolveTriangularBackward0, (a, b), cast, upper=bool(upper),
                 left=bool(left), unitriangular=bool(unitriangular))


# -- LU: lu_factor(_ex), lu, lu_unpack, lu_solve ----------------------------------------------

def _lu_input(a: Tensor, fname: str, pivot, autocast_fp32=False) -> None:
    """PyTorch's checks of an LU factorization's input (`autocast_fp32`: torch.lu's, which
    CPU autocast casts to float32)."""
    if a._data.ndim < 2:
        raise TorchRuntimeError(f"{fname}: Expected tensor with 2 or more dimensions. Got size: "
                                f"{list(a._data.shape)} instead")
    if a._data.dtype.kind not in "fc":
        raise TorchNotImplementedError(f"\"lu_cpu\" not implemented for '{a.dtype.legacy}'")
    refuse_low_precision("lu", a, autocast_fp32=autocast_fp32)
    if not pivot:
        raise TorchRuntimeError("linalg.lu_factor: LU without pivoting is not implemented on "
                                "the CPU")


def _lu_info(lu) -> np.ndarray:
    """LAPACK's info of each factorization: the 1-based index of U's first zero pivot, or 0."""
    diag = np.diagonal(lu, axis1=-2, axis2=-1)
    zero = diag == 0
    if not zero.shape[-1]:                          # an empty A: no pivots, info 0
        return np.zeros(zero.shape[:-1], np.int32)
    return np.where(zero.any(-1), zero.argmax(-1) + 1, 0).astype(np.int32)


def _unpack(lu, pivots):
    """(P, L, U) of a packed factorization, with A = P L U."""
    m, n = lu.shape[-2:]
    k = min(m, n)
    eye = np.eye(m, k, dtype=lu.dtype)
    low = np.tril(lu[..., :, :k], -1) + eye
    up = np.triu(lu[..., :k, :])
    return _permutation(pivots, m, lu.dtype), low, up


def _row_order(pivots, m):
    """perm (flat batch, m) with A = P L U, P[perm[j], j] = 1, from LAPACK's 1-based swaps."""
    batch = math.prod(pivots.shape[:-1])            # (no pivots: an empty A)
    flat = pivots.reshape(batch, pivots.shape[-1]).astype(np.int64) - 1
    perm = np.tile(np.arange(m), (flat.shape[0], 1))
    rows = np.arange(flat.shape[0])
    for i in range(flat.shape[1]):
        top = perm[rows, i].copy()
        perm[rows, i] = perm[rows, flat[:, i]]
        perm[rows, flat[:, i]] = top
    return perm


def _permutation(pivots, m, dtype):
    """P with A = P L U from LAPACK's 1-based row swaps (P[perm[j], j] = 1)."""
    perm = _row_order(pivots, m)
    rows = np.arange(perm.shape[0])
    p = np.zeros((perm.shape[0], m, m), dtype)
    p[rows[:, None], perm, np.arange(m)] = 1
    return p.reshape(pivots.shape[:-1] + (m, m))


def _deprecated(text: str, line: int) -> None:
    """PyTorch's C++ deprecation warning (it names the line of BatchLinearAlgebra.cpp), given
    once per process as its TORCH_WARN_ONCE does (once per formula run: errors.warn_once)."""
    from ..errors import warn_once
    warn_once(f"{text} (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
              f"BatchLinearAlgebra.cpp:{line}.)", UserWarning, stacklevel=3)


def _tri_solve(a, b, upper, left=True, unit=False):
    return linalg_solve_triangular(a, b, upper=upper, left=left, unitriangular=unit)


def _lu_backward(gl, gu, p, low, up, pivot=True):
    """PyTorch's linalg_lu_backward step for step, gL and gU None where unused (C++ makes a
    free function's arguments last to first, an operator's right operand first, a member
    call's object before its arguments)."""
    if gl is None and gu is None:
        return None
    from .shape import cat
    m, n = low._data.shape[-2], up._data.shape[-1]
    k = min(m, n)
    if m == n:
        ga = (low.mH @ gl).tril(-1) if gl is not None else None
        if gu is not None:
            right = (gu @ up.mH).triu()
            ga = right if ga is None else ga + right
        ga = linalg_solve_triangular(up.mH, ga, upper=False, left=False)
        ga = linalg_solve_triangular(low.mH, ga, upper=True, left=True, unitriangular=True)
        return p @ ga if pivot else ga
    if m < n:                       # wide: U = [U1 | U2], U1 square
        ga = low.mH @ gl if gl is not None else None
        if gu is not None:
            right = gu.triu() @ up.mH
            ga = -right if ga is None else ga - right
        ga = ga.tril(-1)
        ga = linalg_solve_triangular(up.narrow(-1, 0, k).mH, ga, upper=False, left=False)
        if gu is not None:
            ga = cat([ga + gu.narrow(-1, 0, k).triu(), gu.narrow(-1, k, n - k)], -1)
        ga = linalg_solve_triangular(low.mH, ga, upper=True, left=True, unitriangular=True)
        if gu is None:
            ga = cat([ga, up.narrow(-1, k, n - k).detach().new_zeros(
                up._data.shape[:-1] + (n - k,))], -1)
        return p @ ga if pivot else ga
    ga = gu @ up.mH if gu is not None else None         # tall: L = [L1; L2], L1 square
    if gl is not None:
        right = low.mH @ gl.tril(-1)
        ga = -right if ga is None else ga - right
    ga = ga.triu()
    ga = linalg_solve_triangular(low.narrow(-2, 0, k).mH, ga, upper=True, left=True,
                                 unitriangular=True)
    if gl is not None:
        ga = cat([ga + gl.narrow(-2, 0, k).tril(-1), gl.narrow(-2, k, m - k)], -2)
    ga = linalg_solve_triangular(up.mH, ga, upper=False, left=False)
    if gl is None:
        ga = cat([ga, low.detach().new_zeros(low._data.shape[:-2] + (m - k, k))], -2)
    return p @ ga if pivot else ga


class LinalgLuFactorExBackward0(Node):
    """(LU, pivots, info) with L (below the diagonal) and U packed in LU: PyTorch's
    lu_factor_ex_backward (lu_unpack of the saved LU, then linalg_lu_backward of the
    gradient's leading k columns and rows)"""

    column_major = (0,)             # LAPACK's result, as PyTorch returns it

    n_outputs = 3
    materialize_grads = False
    plain_outputs = (1, 2)          # pivots, info
    save_output = True
    saved_results = (0, 1)
    result_names = ("LU", "pivots")
    pivot = True

    def forward(self, a):
        packed, pivots = lu_factor(a)[:2]
        return packed, pivots, _lu_info(packed)

    def backward(self, g, gpiv=None, ginfo=None):
        if g is None:
            return None
        lu_data, pivots = self.saved
        p, low, up = lu_unpack(lu_data, pivots)
        m, n = lu_data._data.shape[-2:]
        k = min(m, n)
        return _lu_backward(g.narrow(-1, 0, k), g.narrow(-2, 0, k), p, low, up)

    complex_backward = backward


@register("linalg_lu_factor_ex", grad_fn="LinalgLuFactorExBackward0",
          namespaces=("linalg:lu_factor_ex",), sample=fixed(
              (((3, 3),), {}), (((2, 3),), {}), (((3, 2),), {}), (((2, 3, 3),), {})))
def linalg_lu_factor_ex(A, *, pivot=True, check_errors=False):
    """(LU, pivots, info): P L U = A packed in one matrix, the 1-based row swaps (int32) and
    LAPACK's info; d/dA = lu's rule for the packed gradient"""
    return _lu_factor(A, pivot, check_errors, "torch.linalg.lu_factor_ex", "linalg_lu_factor_ex")


def _lu_factor(A, pivot, check, fname, kind):
    a = check_tensor(A, fname.replace("torch.", ""), "A")
    _lu_input(a, "torch.lu_factor", pivot, kind == "_lu_with_info")
    lu, piv, info = apply(LinalgLuFactorExBackward0, (a,))
    if check and info._data.any():
        packed, info = lu._data, info._data
        b = int(np.flatnonzero(info.reshape(-1))[0])
        k = int(info.reshape(-1)[b])
        raise TorchRuntimeError(f"{fname}: {_where(packed, b)}U[{k},{k}] is zero and using it on "
                                "lu_solve would result in a division by zero. If you still want "
                                "to perform the factorization, consider calling linalg.lu(A, "
                                "pivot) or linalg.lu_factor_ex(A, pivot)")
    if kind == "linalg_lu_factor":
        return _Result(kind, ("LU", "pivots"), (lu, piv))
    return _Result(kind, ("LU", "pivots", "info"), (lu, piv, info))


@register("linalg_lu_factor", grad_fn="LinalgLuFactorExBackward0",
          namespaces=("linalg:lu_factor",), sample=fixed((((3, 3),), {}), (((2, 4),), {})))
def linalg_lu_factor(A, *, pivot=True):
    """(LU, pivots) as lu_factor_ex, refusing a factorization with a zero pivot"""
    return _lu_factor(A, pivot, True, "torch.linalg.lu_factor", "linalg_lu_factor")


@register("lu", grad_fn="LinalgLuFactorExBackward0", method=True, sample=fixed(
    (((3, 3),), {}),))
def lu(A, pivot=True, get_infos=False):
    """torch.lu (deprecated): (LU, pivots), with info when get_infos"""
    _deprecated("torch.lu is deprecated in favor of torch.linalg.lu_factor / "
                "torch.linalg.lu_factor_ex and will be removed in a future PyTorch release.\n"
                "LU, pivots = torch.lu(A, compute_pivots)\nshould be replaced with\nLU, "
                "pivots = torch.linalg.lu_factor(A, compute_pivots)\nand\nLU, pivots, info = "
                "torch.lu(A, compute_pivots, get_infos=True)\nshould be replaced with\nLU, "
                "pivots, info = torch.linalg.lu_factor_ex(A, compute_pivots)", 2073)
    r = _lu_factor(A, pivot, not get_infos, "torch.linalg.lu_factor_ex", "_lu_with_info")
    return r if get_infos else tuple(r[:2])


class LinalgLuBackward0(Node):
    """A = P L U (L unit lower, U upper): PyTorch's linalg_lu_backward of the saved P, L, U
    (square: d/dA = P L^-H [(L^H gL) strictly lower + (gU U^H) upper] U^-H). Its outputs
    are L and U alone (P is not differentiable: PyTorch numbers L 0 and U 1); P, made from
    the pivots the factorization gave, is kept beside them (`_saved_P`)."""

    n_outputs = 2
    materialize_grads = False
    save_output = True
    saved_results = (0, 1)
    result_names = ("L", "U")

    shadow_results = ("P",)
    pivot = True                    # (`_saved_pivot`: CPU factorizations pivot)

    def forward(self, a):
        return _unpack(self.packed, self.pivots)[1:]

    def shadow(self, name):
        return self.P

    def backward(self, gl, gu):
        low, up = self.saved
        return _lu_backward(gl, gu, self._saved_P, low, up)

    def jvp(self, inputs, tangents, out):
        """PyTorch's linalg_lu_jvp for a square A: dX = L^-1 P^T dA U^-1 (L unit lower),
        dL = L tril(dX, -1), dU = triu(dX) U (a tall or wide A: the generic rule)"""
        m, n = inputs[0]._data.shape[-2:]
        if m != n or tangents[0] is None:
            return NotImplemented
        low, up = out
        dx = linalg_solve_triangular(low, self.P.mT @ tangents[0], upper=False,
                                     unitriangular=True)
        dx = linalg_solve_triangular(up, dx, upper=True, left=False)
        return low @ dx.tril(-1), dx.triu() @ up

    complex_backward = backward


@register("linalg_lu", grad_fn="LinalgLuBackward0", namespaces=("linalg:lu",), sample=fixed(
    (((3, 3),), {}), (((2, 3),), {}), (((3, 2),), {}), (((2, 3, 3),), {})))
def linalg_lu(A, *, pivot=True):
    """(P, L, U) with A = P L U, partial pivoting: d/dA = P L^-H [(L^H gL) strictly lower +
    (gU U^H) upper] U^-H for square A (PyTorch's rule for wide and tall A)"""
    a = check_tensor(A, "linalg.lu", "A")
    _lu_input(a, "linalg.lu", pivot)
    packed, pivots = lu_factor(a._data)[:2]
    p = wrap(_permutation(pivots, packed.shape[-2], packed.dtype))
    low, up = apply(LinalgLuBackward0, (a,), packed=packed, pivots=pivots, P=p)
    return _Result("linalg_lu", ("P", "L", "U"), (p, low, up))


class LuUnpackBackward0(Node):
    """(L, U) read from LU's strict lower and upper parts: d/dLU = gL below the diagonal
    plus gU on and above it"""

    n_outputs = 2

    def forward(self, lu_data):
        return _unpack(lu_data, self.pivots)[1:]

    def backward(self, gl, gu):
        from .shape import cat
        m, n = self._in_meta[0][0][-2:]
        k = min(m, n)
        batch = self._in_meta[0][0][:-2]
        dt = (gl if gl is not None else gu)._data.dtype
        g = 0
        if gl is not None:
            g = gl.tril(-1)
            if k < n:
                g = cat([g, wrap(np.zeros(batch + (m, n - k), dt))], -1)
        if gu is not None:
            up = gu.triu()
            if k < m:
                up = cat([up, wrap(np.zeros(batch + (m - k, n), dt))], -2)
            g = g + up
        return g


@register("lu_unpack", grad_fn="LuUnpackBackward0", sample=fixed(
    ((np.array([[2.0, 1.0], [0.5, 3.0]]), np.array([2, 2], np.int32)), {})))
def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """(P, L, U) from lu_factor's packed LU and pivots: d/dLU = gL strictly below the diagonal
    + gU on and above it"""
    lu_t = check_tensor(LU_data, "lu_unpack", "LU_data")
    piv = check_tensor(LU_pivots, "lu_unpack", "LU_pivots", 2)
    if piv._data.dtype != np.int32:
        raise TorchRuntimeError("torch.lu_unpack: LU_pivots is expected to be a contiguous "
                                "tensor of torch.int32 dtype.\nNote: this function is intended "
                                "to be used with the output produced by torch.linalg.lu_factor")
    m = lu_t._data.shape[-2]
    pv = piv._data
    if pv.size and (pv.min() < 1 or pv.max() > m) or pv.shape[-1:] != (min(lu_t._data.shape[-2:]),):
        raise TorchRuntimeError("pivots passed to lu_unpack must be between 1 and LU.size(-2) "
                                "inclusive.Did you properly pass the result of lu_factor?")
    empty = wrap(np.zeros((0,), lu_t._data.dtype))
    low, up = apply(LuUnpackBackward0, (lu_t,), pivots=pv) if unpack_data else (empty, empty)
    p = wrap(_permutation(pv, m, lu_t._data.dtype)) if unpack_pivots else empty
    return _Result("lu_unpack", ("P", "L", "U"), (p, low, up))


class LinalgLuSolveBackward0(Node):
    """X = op(A)^-1 B from A's LU (op: transpose when adjoint; X A = B when not left):
    d/dB = lu_solve(g) with the adjoint flipped; d/dLU = PyTorch's linalg_lu_solve_LU"""

    save_inputs = (0, 1)
    save_output = True

    def forward(self, lu_data, b):
        """LAPACK's result as PyTorch returns it: column-major (X^T's when not left, so X
        row-major)"""
        p, low, up = _unpack(lu_data, self.pivots)
        b = np.broadcast_to(b, np.broadcast_shapes(lu_data.shape[:-2], b.shape[:-2]) +
                            b.shape[-2:])
        conj = self.adjoint and np.iscomplexobj(lu_data)
        if conj:                    # A^H X = B is A^T conj(X) = conj(B) (X A^H = B likewise)
            b = b.conj()
        if not self.left:           # X A = B is A^T X^T = B^T
            b = _mT(b)
        if self.adjoint == self.left:       # A^T X = B: X = P L^-T U^-T B
            x = _substitute(_mT(low), _substitute(_mT(up), b, lower=True, zero_pivots=True),
                            lower=False)
            x = p @ x
        else:                               # A X = B: X = U^-1 L^-1 P^T B
            x = _substitute(up, _substitute(low, _mT(p) @ b, lower=True), lower=False,
                            zero_pivots=True)
        if conj:
            x = x.conj()
        return _mT(_column_major(x)) if not self.left else _column_major(x)

    def backward(self, g):
        lu_t, b, x = self.saved
        piv = wrap(self.pivots)
        gb = linalg_lu_solve(lu_t, piv, g, left=self.left, adjoint=not self.adjoint) \
            if self.needs(1) else None
        glu = _lu_solve_lu_grad(g, lu_t, piv, x, self.left, self.adjoint) \
            if self.needs(0) else None
        return (None if glu is None else sum_to(glu, self._in_meta[0][0]),
                None if gb is None else sum_to(gb, self._in_meta[1][0]))

    complex_backward = backward


def _substitute(t, b, lower, zero_pivots=False, skip=True):
    """T^-1 B for triangular T, column by column as LAPACK's reference trsm: a non-zero
    entry of B is scaled by its pivot, then removed from the rows still to solve (a zero
    entry is skipped, which keeps the signs of zeros), in B's dtype. With `zero_pivots`, a
    zero entry is still divided by a zero pivot (nan), as MKL's trsm does in getrs; without
    `skip` every entry is divided and removed (MKL's trsm in lu_solve: 0 / -1 is -0)."""
    x = np.array(b, copy=True)
    n = t.shape[-1]
    for k in (range(n) if lower else range(n - 1, -1, -1)):
        nz = x[..., k, :] != 0
        if not skip:
            nz = np.ones_like(nz)
        elif zero_pivots:
            nz = nz | (t[..., k, k, None] == 0)
        with np.errstate(all="ignore"):
            x[..., k, :] = np.where(nz, x[..., k, :] / t[..., k, k, None], x[..., k, :])
            rest = slice(k + 1, None) if lower else slice(0, k)
            x[..., rest, :] = np.where(nz[..., None, :], x[..., rest, :] - x[..., k, None, :] *
                                       t[..., rest, k, None], x[..., rest, :])
    return x


def lu_solve_getrs(lu, pivots, b, adjoint: bool = False, skip: bool = False):
    """getrs with A's packed LU and pivots as MKL's trsm runs it (a zero pivot divides
    whatever it meets: inf, or nan for 0/0): A^-1 B, or with `adjoint` A^-T B (real A:
    U^T, then L^T, then the rows put back). `skip`: zero entries of B skipped as
    `_substitute`'s reference order does, as linalg.solve's values were recorded (on AMD's
    CPUs); without it every entry is divided, as det's and slogdet's gradients round."""
    m = lu.shape[-1]
    perm = _row_order(pivots, m)
    _, low, up = _unpack(lu, pivots)
    flat = b.reshape((-1,) + b.shape[-2:])
    index = np.arange(flat.shape[0])[:, None]
    if not adjoint:
        x = flat[index, perm].reshape(b.shape)
        return _substitute(up, _substitute(low, x, lower=True, skip=skip), lower=False,
                           zero_pivots=True, skip=skip)
    z = _substitute(np.swapaxes(low, -1, -2),
                    _substitute(np.swapaxes(up, -1, -2), b, lower=True, zero_pivots=True,
                                skip=skip),
                    lower=False, skip=skip)
    out = np.empty_like(z).reshape(flat.shape)
    out[index, perm] = z.reshape(flat.shape)
    return out.reshape(b.shape)


def solve_as_torch(a, b):
    """(A^-1 B, info) as PyTorch's linalg.solve_ex computes them for every matrix of the
    batch, singular ones included: A's LU (getrf), then getrs's substitutions as MKL's trsm
    makes them, which divides by a zero pivot whatever it divides (0/0 is nan); info is the
    LU's first zero pivot (1-based, 0 for none)."""
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, batch + a.shape[-2:])
    b = np.broadcast_to(b, batch + b.shape[-2:])
    packed, pivots = lu_factor(a)[:2]
    return lu_solve_getrs(packed, pivots, b, skip=True), _lu_info(packed)


def _lu_solve_lu_grad(gx, lu_t, piv, x, left, adjoint):
    """PyTorch's linalg_lu_solve_LU (its conjugate transposes: complex LU too)."""
    p, low, up = lu_unpack(lu_t, piv)       # (C++ makes a call's arguments last to first)
    if left != adjoint:
        rhs = -((gx if left else gx.mH) @ (x.mH if left else x))
        gr = _tri_solve(up.mH, rhs, upper=False)
        rhs = gr @ up.mH
        gl = _tri_solve(low.mH, rhs, upper=True, unit=True).tril(-1)
        return gl + gr.triu()
    gr = -(p.mT @ (x if left else x.mH) @ (gx.mH if left else gx) @ p)
    gr = _tri_solve(low.mH, gr, upper=True, left=False, unit=True)
    rhs = low.mH @ gr
    gu = _tri_solve(up.mH, rhs, upper=False, left=False).triu()
    return gr.tril(-1) + gu


@register("linalg_lu_solve", grad_fn="LinalgLuSolveBackward0", namespaces=("linalg:lu_solve",),
          sample=fixed(
              ((np.array([[2.0, 1.0], [0.5, 3.0]]), np.array([2, 2], np.int32), (2, 3)), {}),
              ((np.array([[2.0, 1.0], [0.5, 3.0]]), np.array([1, 2], np.int32), (3, 2)),
               {"left": False}),
              ((np.array([[2.0, 1.0], [0.5, 3.0]]), np.array([2, 2], np.int32), (2, 1)),
               {"adjoint": True})))
def linalg_lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """X with A X = B (X A = B when not left; A^T when adjoint) from A's lu_factor:
    d/dB = lu_solve(g) with adjoint flipped; d/dLU = PyTorch's linalg_lu_solve_LU"""
    lu_t = check_tensor(LU, "linalg.lu_solve", "LU")
    piv = check_tensor(pivots, "linalg.lu_solve", "pivots", 2)
    b = check_tensor(B, "linalg.lu_solve", "B", 3)
    _lu_solve_checks(lu_t, piv, b, left)
    batch = batch_shape(b, lu_t)
    refuse_low_precision("lu_solve", lu_t)
    pv = np.broadcast_to(piv._data, batch + piv._data.shape[-1:])
    return apply(LinalgLuSolveBackward0, (lu_t, b), pivots=pv, left=bool(left),
                 adjoint=bool(adjoint))


def _lu_solve_checks(lu_t: Tensor, piv: Tensor, b: Tensor, left) -> None:
    """linalg.lu_solve's checks, in PyTorch's order: dtypes (LU's, B's, the pivots'), LU's
    shape, A and B fitting, the pivots' count and batch (B's batch broadcasting follows)."""
    if lu_t._data.dtype.kind not in "fc":
        raise TorchRuntimeError(f"torch.linalg.lu_solve: Expected a floating point or complex "
                                f"tensor as input. Got {lu_t.dtype.legacy}")
    if lu_t.dtype is not b.dtype:
        raise TorchRuntimeError(f"linalg.lu_solve: Expected LU and B to have the same dtype, "
                                f"but found LU of type {lu_t.dtype.legacy} and B of type "
                                f"{b.dtype.legacy} instead")
    if piv._data.dtype != np.int32:
        raise TorchRuntimeError("linalg.lu_solve: pivots should be a Tensor of scalar type "
                                "torch.int32")
    if lu_t._data.ndim < 2:
        raise TorchRuntimeError("torch.linalg.lu_solve: The input tensor A must have at least "
                                "2 dimensions.")
    n, m = lu_t._data.shape[-2:]
    if n != m:
        raise TorchRuntimeError(f"torch.linalg.lu_solve: A must be batches of square matrices, "
                                f"but they are {n} by {m} matrices")
    if b._data.ndim < 2:
        raise TorchRuntimeError("linalg.lu_solve: The input tensor B must have at least 2 "
                                "dimensions.")
    r, c = b._data.shape[-2:]
    if (r if left else c) != n:
        eq = "AX = B" if left else "XA = B"
        raise TorchRuntimeError(f"linalg.lu_solve: Incompatible shapes of A and B for the "
                                f"equation {eq} ({n}x{n} and {r}x{c})")
    if piv._data.shape[-1:] != (n,):
        raise TorchRuntimeError("linalg.lu_solve: Number of pivots per batch should be same as "
                                "the dimension of the matrix")
    if piv._data.shape != lu_t._data.shape[:-1]:
        raise TorchRuntimeError(f"linalg.lu_solve: Expected LU.shape[:-1] and pivots.shape to "
                                f"be the same, but got pivots with shape "
                                f"{list(piv._data.shape)} instead")


def batch_shape(b: Tensor, a: Tensor, vector: bool = False) -> tuple:
    """The batch shape of a solve's B (its matrices, or its vectors when `vector`) and A
    broadcast together, as PyTorch's _linalg_broadcast_batch_dims(B, A) finds it (its error
    names B as tensor a)."""
    bb, ab = b._data.shape[:-1 if vector else -2], a._data.shape[:-2]
    if not _broadcasts(bb, ab):
        from .core import broadcast_error
        raise broadcast_error(bb, ab)
    return np.broadcast_shapes(bb, ab)


@register("lu_solve", grad_fn="LinalgLuSolveBackward0", method=True, sample=fixed(
    (((2, 3), np.array([[2.0, 1.0], [0.5, 3.0]]), np.array([2, 2], np.int32)), {})))
def lu_solve(input, LU_data, LU_pivots):
    """torch.lu_solve (deprecated): linalg.lu_solve(LU_data, LU_pivots, input)"""
    _deprecated("torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand will be "
                "removed in a future PyTorch release.\nNote that torch.linalg.lu_solve has its "
                "arguments reversed.\nX = torch.lu_solve(B, LU, pivots)\nshould be replaced "
                "with\nX = torch.linalg.lu_solve(LU, pivots, B)", 2230)
    return linalg_lu_solve(LU_data, LU_pivots, input)


# -- eig and eigvals ----------------------------------------------------------------------------

class LinalgEigBackward0(Node):
    """A V = V diag(L): d/dA = V^-H (diag(gL) + P(V^H gV) / conj(L_j - L_i)) V^H, with
    P(X) = X - V^H V Re(diag X) (the loss must not depend on each eigenvector's phase); the
    real part for a real A (PyTorch's linalg_eig_backward)"""

    column_major = (1,)             # LAPACK's result, as PyTorch returns it

    n_outputs = 2
    # its own results, as PyTorch saves them (not A): a second derivative must reach this
    # node's eigenvectors along with the first one's loss, or the phases neither depends
    # on would not cancel
    save_output, saved_results = True, (0, 1)
    result_names = ("eigenvalues", "eigenvectors")
    # an unused output's gradient stays undefined, as PyTorch's: eigenvalues alone take
    # V^-H diag(gL) V^H, with no division by eigenvalue gaps (0/0 for a repeated one)
    materialize_grads = False

    def forward(self, a):
        ctype = np.complex64 if a.dtype in (np.float32, np.complex64) else np.complex128
        w, v = np.linalg.eig(a)
        return w.astype(ctype), v.astype(ctype)

    def backward(self, gl, gv):
        lam, v = self.saved
        ga = _eig_backward(gl, gv, lam, v)
        return ga if self._in_meta[0][1].kind == "c" else ga.real


def _eig_backward(gl, gv, lam, v):
    from .extra import diag_embed
    vh = v.mH
    if gv is None:                      # eigenvalues only: V^-H diag(gL) V^H
        return linalg_solve(vh, gl.unsqueeze(-1) * vh)
    vhgv = vh @ gv
    diag = vhgv.diagonal(0, -2, -1)
    if not np.allclose(np.imag(diag._data), 0, rtol=1e-2, atol=1e-2):
        raise TorchRuntimeError("linalg_eig_backward: The eigenvectors in the complex case are "
                                "specified up to multiplication by e^{i phi}. The specified loss "
                                "function depends on this quantity, so it is ill-defined.")
    vhgv = vhgv - vh @ (v * diag.real.unsqueeze(-2))
    lc = lam.conj()
    n = lam._data.shape[-1]
    eye = wrap(np.eye(n, dtype=bool))
    e = (lc.unsqueeze(-2) - lc.unsqueeze(-1)).masked_fill(eye, 1.0)
    ret = vhgv / e
    if gl is not None:                  # PyTorch copies gL onto the diagonal
        ret = ret.masked_fill(eye, 0.0) + diag_embed(gl)
    return linalg_solve(vh, ret @ vh)


def _eig(A, fname: str):
    """LAPACK's geev on every matrix: complex eigenvalues and unit eigenvectors (each with
    its largest component real), in geev's order, as one LinalgEigBackward0 node."""
    a = check_tensor(A, fname, "A")
    if a._data.dtype.kind not in "fc":             # (its complex type, looked up first)
        raise TorchRuntimeError(f"Unknown Complex ScalarType for {a.dtype.legacy}")
    if a._data.dtype == np.float16 and not _autocast_cpu[0]:
        warn_once(COMPLEX_HALF)     # its complex32 results, allocated before any check
    _square_float(a, fname)
    refuse_low_precision("eig", a, autocast_fp32=True)
    if not np.isfinite(a._data).all():
        raise TorchRuntimeError("torch.linalg.eig: input tensor should not contain infs or "
                                "NaNs.")
    return apply(LinalgEigBackward0, (a,))


# eig and eigvals have PyTorch's derivative but stay out of the registry's sweeps (hence
# differentiable=False), which do not take complex results of a real input and whose
# gradcheck of eigenvectors would depend on their phases (which PyTorch's rule refuses):
# tests/test_linalg_more.py checks them, first and second order, on phase-free losses
@register("linalg_eig", grad_fn="LinalgEigBackward0", namespaces=("linalg:eig",),
          differentiable=False)
def linalg_eig(A):
    """(eigenvalues, eigenvectors) of a general matrix: complex, as LAPACK's geev gives them;
    d/dA = V^-H (diag(gL) + P(V^H gV) / conj(L_j - L_i)) V^H"""
    w, v = _eig(A, "linalg.eig")
    return _Result("linalg_eig", ("eigenvalues", "eigenvectors"), (w, v))


@register("linalg_eigvals", grad_fn="LinalgEigBackward0", namespaces=("linalg:eigvals",),
          differentiable=False)
def linalg_eigvals(A):
    """eigenvalues of a general matrix: complex, in LAPACK's geev order;
    d/dA = V^-H diag(gL) V^H"""
    return _eig(A, "linalg.eigvals")[0]


# -- cond ---------------------------------------------------------------------------------------

_COND_ORDS = (2, -2, 1, -1, float("inf"), -float("inf"), "fro", "nuc")


@register("linalg_cond", grad_fn="SqueezeBackward1", namespaces=("linalg:cond",), sample=fixed(
    # p = 1, inf, 'fro' have no backward in PyTorch (their inverse is modified in place)
    (((3, 3),), {}), (((2, 3),), {}), (((3, 3),), {"p": -2}), (((3, 3),), {"p": "nuc"}),
    (((2, 3, 3),), {"p": "nuc"}), lo=-1.0, hi=1.0))
def linalg_cond(A, p=None):
    """condition number: s_max / s_min for p = None, 2 (s_min / s_max for -2), else
    norm(A, p) * norm(inv(A), p), composed as PyTorch composes it"""
    a = check_tensor(A, "linalg.cond", "A")
    if a._data.ndim < 2:
        raise TorchRuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    p = 2 if p is None else p
    if p not in _COND_ORDS:
        raise TorchRuntimeError(f"linalg.cond got an invalid norm type: {p}")
    if a._data.size == 0:
        return wrap(np.zeros(a._data.shape[:-2], a._data.dtype))
    if p in (2, -2):
        _float_for(a, "linalg.svd")
        s = linalg_svdvals(a)
        big, small = s[..., :1], s[..., -1:]
        with np.errstate(divide="ignore", invalid="ignore"):
            return (big / small if p == 2 else small / big).squeeze(-1)
    _square_float(a, f"linalg.cond(ord={_cond_name(p)})")
    if p != "nuc":
        refuse_low_precision("inv", a, autocast_fp32=True)    # the inverse's, before its norm
    if p == "nuc":
        s = linalg_svdvals(a)
        with np.errstate(divide="ignore"):
            inverse_sum = s.reciprocal().sum(-1)    # (C++: the right operand's nodes first)
            return s.sum(-1) * inverse_sum
    inverse = _inverse_or_inf(a)
    with np.errstate(invalid="ignore"):
        inverse_norm = matrix_norm(inverse, p)      # (C++: the right operand's nodes first)
        r = matrix_norm(a, p) * inverse_norm
    return r.nan_to_num_(float("inf"), float("inf"), -float("inf"))


def _float_for(a: Tensor, fname: str) -> None:
    if a._data.dtype.kind not in "fc":
        raise TorchRuntimeError(f"{fname}: Expected a floating point or complex tensor as "
                                f"input. Got {a.dtype.legacy}")


def _cond_name(p) -> str:
    """ord as PyTorch's message prints it (an int, or the string)."""
    return p if isinstance(p, str) else ("inf" if p == float("inf") else "-inf"
                                         if p == -float("inf") else str(int(p)))


def _inverse_or_inf(a: Tensor) -> Tensor:
    """linalg.inv_ex's inverse with its singular matrices filled with inf in place, as
    PyTorch's cond does (so, as there, a backward through it finds the inverse modified)."""
    flat = a._data.reshape((-1,) + a._data.shape[-2:])
    singular = np.array([_singular(m) for m in flat]).reshape(a._data.shape[:-2])
    eye = np.eye(a._data.shape[-1], dtype=a._data.dtype)
    safe = wrap(np.where(singular[..., None, None], eye, a._data))
    inv = inverse(a if not singular.any() else a + (safe - a).detach())
    return inv.masked_fill_(wrap(np.broadcast_to(singular[..., None, None], inv._data.shape)),
                            float("inf"))
