"""`torch.nn.utils.parametrizations`: orthogonal (`_Orthogonal`: matrix_exp, cayley or
householder maps, with or without the trivialization's `base` buffer), weight_norm (its
`_WeightNorm` module over original0 = g and original1 = v) and spectral_norm (`_SpectralNorm`,
with buffers `_u`, `_v` from PyTorch's normal_ stream and 15 power iterations at
registration), as PyTorch registers them.

orthogonal's QR steps (geqrf, and the Q of `_make_orthogonal`) run in NumPy's LAPACK and its
householder map's product of reflectors is written with tensor ops (so it has gradients of
every order): PyTorch's LAPACK calls round differently, so these values agree with PyTorch's
to rounding, not to the bit."""
from __future__ import annotations

import numpy as np

from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ...errors import TorchIndexError, TorchNotImplementedError, TorchValueError
from ...ops import creation
from ...ops.shape import cat
from ...ops.nn import _norm_except_dim, _weight_norm
from ...ops.registry import REGISTRY
from ..modules.module import Module
from .parametrize import register_parametrization


class _WeightNorm(Module):
    """weight = g * v / ||v|| (norms over all dims but `dim`)."""

    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return _weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return _norm_except_dim(weight, self.dim), weight


def _is_orthogonal(q: np.ndarray) -> bool:
    """PyTorch's check: allclose(Q^H Q, I, atol=10 n eps)."""
    n, k = q.shape[-2:]
    eps = 10.0 * n * float(np.finfo(q.dtype).eps)
    qhq = np.swapaxes(q, -1, -2).conj() @ q
    return bool(np.all(np.abs(qhq - np.eye(k)) <= eps + 1e-05 * 1.0))


def _geqrf(a: np.ndarray):
    """LAPACK's geqrf of each matrix: (reflectors below R, tau)."""
    lead = a.shape[:-2]
    flat = a.reshape((-1,) + a.shape[-2:])
    hs, taus = zip(*(np.linalg.qr(m, mode="raw") for m in flat)) if flat.shape[0] else ((), ())
    h = np.stack([x.T for x in hs]) if hs else np.zeros(flat.shape)
    tau = np.stack(taus) if taus else np.zeros((0, min(a.shape[-2:])))
    return h.reshape(a.shape).astype(a.dtype), tau.reshape(lead + (-1,)).astype(a.dtype)


def _make_orthogonal(a: np.ndarray) -> np.ndarray:
    """The Q of A = QR with R's diagonal made non-negative (PyTorch's geqrf, then
    householder_product, times sgn(diag R))."""
    q, r = np.linalg.qr(a)
    return (q * np.sign(np.diagonal(r, axis1=-2, axis2=-1))[..., None, :]).astype(a.dtype)


def _reflectors(q: np.ndarray) -> Tensor:
    """geqrf's reflectors of Q with sign(R's diagonal) on the diagonal (its negation where
    tau is 0): the X whose householder map gives Q back."""
    a, tau = _geqrf(q)
    diag = np.diagonal(a, axis1=-2, axis2=-1)
    idx = np.arange(diag.shape[-1])
    a[..., idx, idx] = np.where(tau == 0.0, -np.sign(diag), np.sign(diag))
    return Tensor._wrap(np.ascontiguousarray(a))


def _householder_product(a: Tensor, tau: Tensor) -> Tensor:
    """H_1 H_2 ... H_k times the first k columns of I, H_i = I - tau_i v_i v_i^T with v_i
    column i of A below the diagonal and 1 on it (LAPACK's orgqr), as tensor ops."""
    n, k = a.shape[-2], a.shape[-1]
    rows = np.arange(n)
    q = creation.eye(n, k, dtype=a.dtype).expand(*a.shape[:-2], n, k)
    for i in reversed(range(k)):                     # a loop over columns, applied right first
        below = Tensor._wrap((rows > i).astype(a._data.dtype))
        unit = Tensor._wrap((rows == i).astype(a._data.dtype))
        v = a[..., :, i] * below + unit
        q = q - tau[..., i, None, None] * (v.unsqueeze(-1) @ (v.unsqueeze(-2) @ q))
    return q


_MAPS = ("matrix_exp", "cayley", "householder")


class _Orthogonal(Module):
    """An orthogonal (n x k) matrix from an unconstrained one: the exponential or Cayley map
    of a skew-symmetric matrix, or a product of Householder reflectors; with the
    trivialization, times the `base` buffer that right_inverse sets."""

    def __init__(self, weight, orthogonal_map: str, *, use_trivialization=True):
        super().__init__()
        if weight.dtype.is_complex and orthogonal_map == "householder":
            raise TorchValueError("The householder parametrization does not support complex "
                                  "tensors.")
        if weight.dtype.is_complex:
            raise TorchNotImplementedError("gradcli: orthogonal of a complex weight is not "
                                           "supported")
        self.shape = weight.shape
        self.orthogonal_map = orthogonal_map
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, X):
        n, k = X.size(-2), X.size(-1)
        transposed = n < k
        if transposed:
            X, n, k = X.mT, k, n
        if self.orthogonal_map in ("matrix_exp", "cayley"):
            X = X.tril()
            if n != k:
                X = cat([X, X.new_zeros(n, n - k).expand(*X.shape[:-2], -1, -1)], dim=-1)
            A = X - X.mH
            if self.orthogonal_map == "matrix_exp":
                Q = REGISTRY["matrix_exp"].fn(A)
            else:
                Id = creation.eye(n, dtype=A.dtype)
                Q = REGISTRY["linalg_solve"].fn(Id.add(A, alpha=-0.5), Id.add(A, alpha=0.5))
            if n != k:
                Q = Q[..., :k]
        else:
            A = X.tril(diagonal=-1)
            tau = 2.0 / (1.0 + (A * A).sum(dim=-2))
            Q = _householder_product(A, tau)
            Q = Q * X.diagonal(dim1=-2, dim2=-1).int().unsqueeze(-2)
        if "base" in self._buffers:
            Q = self.base @ Q
        if transposed:
            Q = Q.mT
        return Q

    def right_inverse(self, Q):
        with no_grad():
            return self._right_inverse(Q)

    def _right_inverse(self, Q):
        if Q.shape != self.shape:
            raise TorchValueError(f"Expected a matrix or batch of matrices of shape "
                                  f"{self.shape}. Got a tensor of shape {Q.shape}.")
        shape = Q.shape
        n, k = Q.size(-2), Q.size(-1)
        transpose = n < k
        if transpose:
            Q, n, k = Q.mT, k, n
        if "base" not in self._buffers:
            if self.orthogonal_map in ("cayley", "matrix_exp"):
                raise TorchNotImplementedError(
                    "It is not possible to assign to the matrix exponential or the Cayley "
                    "parametrizations when use_trivialization=False.")
            A = _reflectors(Q._data)
            return A.mT if transpose else A
        if n == k:
            q = Q._data.copy() if _is_orthogonal(Q._data) else _make_orthogonal(Q._data)
            Q = Tensor._wrap(q)
        else:
            N = creation.randn(*(tuple(Q.size()[:-2]) + (n, n - k)), dtype=Q.dtype)
            Q = Tensor._wrap(_make_orthogonal(cat([Q, N], dim=-1)._data))
        self.base = Q
        neg_id = np.zeros(tuple(shape), dtype=Q._data.dtype)
        neg_id[..., np.arange(min(shape[-2:])), np.arange(min(shape[-2:]))] = -1.0
        return Tensor._wrap(neg_id)


def orthogonal(module, name: str = "weight", orthogonal_map=None, *,
               use_trivialization: bool = True):
    """Reparametrise module.<name> (a matrix or a batch of them) as an orthogonal matrix;
    returns the module."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise TorchValueError(f"Module '{module}' has no parameter or buffer with name "
                              f"'{name}'")
    if weight.ndim < 2:
        raise TorchValueError(f"Expected a matrix or batch of matrices. Got a tensor of "
                              f"{weight.ndim} dimensions.")
    if orthogonal_map is None:
        orthogonal_map = "matrix_exp" if weight.size(-2) == weight.size(-1) or \
            weight.dtype.is_complex else "householder"
    if orthogonal_map not in _MAPS:
        raise TorchValueError(f'orthogonal_map has to be one of "matrix_exp", "cayley", '
                              f'"householder". Got: {orthogonal_map}')
    orth = _Orthogonal(weight, orthogonal_map, use_trivialization=use_trivialization)
    register_parametrization(module, name, orth, unsafe=True)
    return module


def weight_norm(module, name: str = "weight", dim=0):
    """Reparametrise module.<name> as g * v / ||v|| (parametrizations.<name>.original0 = g,
    original1 = v); returns the module."""
    register_parametrization(module, name, _WeightNorm(dim), unsafe=True)

    def compat(module, state_dict, prefix, local_metadata, strict, missing, unexpected,
               errors):
        """A checkpoint of the old weight_norm (<name>_g, <name>_v) loads, as PyTorch's."""
        g_key, v_key = f"{prefix}{name}_g", f"{prefix}{name}_v"
        if g_key in state_dict and v_key in state_dict:
            state_dict[f"{prefix}parametrizations.{name}.original0"] = state_dict.pop(g_key)
            state_dict[f"{prefix}parametrizations.{name}.original1"] = state_dict.pop(v_key)
    module.register_load_state_dict_pre_hook(compat)
    return module


def _normalize(t, eps):
    return REGISTRY["normalize"].fn(t, dim=0, eps=eps)


class _SpectralNorm(Module):
    """weight / sigma, sigma its largest singular value by power iteration on _u, _v (in
    training mode); a 1-D weight is just normalised."""

    def __init__(self, weight, n_power_iterations: int = 1, dim: int = 0, eps: float = 1e-12):
        super().__init__()
        ndim = weight.ndim
        if dim >= ndim or dim < -ndim:
            raise TorchIndexError(f"Dimension out of range (expected to be in range of "
                                  f"[-{ndim}, {ndim - 1}] but got {dim})")
        if n_power_iterations <= 0:
            raise TorchValueError(f"Expected n_power_iterations to be positive, but got "
                                  f"n_power_iterations={n_power_iterations}")
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            mat = self._reshape_weight_to_matrix(weight)
            h, w = mat.shape
            u, v = mat.new_empty(h).normal_(0, 1), mat.new_empty(w).normal_(0, 1)
            self.register_buffer("_u", _normalize(u, self.eps))
            self.register_buffer("_v", _normalize(v, self.eps))
            self._power_method(mat, 15)

    def _reshape_weight_to_matrix(self, weight):
        if self.dim != 0:
            weight = weight.permute(self.dim, *(d for d in range(weight.dim()) if d != self.dim))
        return weight.flatten(1)

    def _power_method(self, mat, n_power_iterations: int) -> None:
        mv = REGISTRY["mv"].fn
        with no_grad():
            for _ in range(n_power_iterations):
                self._u = _normalize(mv(mat, self._v), self.eps)
                self._v = _normalize(mv(mat.mT, self._u), self.eps)

    def forward(self, weight):
        if weight.ndim == 1:
            return _normalize(weight, self.eps)
        mat = self._reshape_weight_to_matrix(weight)
        if self.training:
            self._power_method(mat, self.n_power_iterations)
        u, v = self._u.clone(), self._v.clone()
        sigma = REGISTRY["vdot"].fn(u, REGISTRY["mv"].fn(mat, v))
        return weight / sigma

    def right_inverse(self, value):
        return value


def spectral_norm(module, name: str = "weight", n_power_iterations: int = 1,
                  eps: float = 1e-12, dim=None):
    """Reparametrise module.<name> as itself over its spectral norm; returns the module."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise TorchValueError(f"Module '{module}' has no parameter or buffer with name "
                              f"'{name}'")
    if dim is None:
        transposed = type(module).__name__ in ("ConvTranspose1d", "ConvTranspose2d",
                                               "ConvTranspose3d")
        dim = 1 if transposed else 0
    register_parametrization(module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
    return module


PUBLIC = ("orthogonal", "weight_norm", "spectral_norm")
