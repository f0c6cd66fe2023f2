"""torch.svd_lowrank and torch.pca_lowrank: a randomized low-rank SVD (Halko, Martinsson and
Tropp 2009, their Algorithm 4.4 for the range, then an SVD of the small projection), composed
of gradcli's own ops in PyTorch's order, so the random matrix is PyTorch's draw from the
default generator, and the results are differentiable through qr and svd as PyTorch's are.
"""
from __future__ import annotations

from .. import dtypes
from ..errors import TorchValueError
from .registry import category, register

category("linalg")


def _floating(A):
    return A.dtype if A.dtype.is_floating_point or A.dtype.is_complex else dtypes.float32


def _approximate_basis(A, q: int, niter, M=None):
    """Q with q orthonormal columns such that Q Q^H (A - M) approximates A - M: a random
    range, sharpened by niter subspace iterations, each step orthonormalized by QR."""
    from .creation import randn
    from .linalg import matmul
    from .matrix import linalg_qr
    niter = 2 if niter is None else niter
    R = randn(A.shape[-1], q, dtype=_floating(A))
    X = matmul(A, R)
    if M is not None:
        X = X - matmul(M, R)
    Q = linalg_qr(X)[0]
    for _ in range(niter):
        X = matmul(A.mH, Q)
        if M is not None:
            X = X - matmul(M.mH, Q)
        Q = linalg_qr(X)[0]
        X = matmul(A, Q)
        if M is not None:
            X = X - matmul(M, Q)
        Q = linalg_qr(X)[0]
    return Q


def _svd_lowrank(A, q=6, niter=2, M=None):
    from .linalg import matmul
    from .matrix import linalg_svd
    q = 6 if q is None else q
    m, n = A.shape[-2:]
    if M is not None:
        M = M.broadcast_to(A.size())
    if m < n:                         # the basis of the smaller side
        A = A.mH
        if M is not None:
            M = M.mH
    Q = _approximate_basis(A, q, niter, M)
    B = matmul(Q.mH, A)
    if M is not None:
        B = B - matmul(Q.mH, M)
    U, S, Vh = linalg_svd(B, full_matrices=False)
    V = Vh.mH
    U = Q.matmul(U)
    if m < n:
        U, V = V, U
    return U, S, V


@register("svd_lowrank", differentiable=False)
def svd_lowrank(A, q=6, niter=2, M=None):
    """(U, S, V), an approximate SVD of A - M of rank q: U S V^H ~ A - M (random: reset the
    seed for repeatable results)"""
    return _svd_lowrank(A, q, niter, M)


@register("pca_lowrank", differentiable=False)
def pca_lowrank(A, q=None, center=True, niter=2):
    """(U, S, V), the principal components of A's rows (centered on the column means unless
    center=False) by svd_lowrank of rank q (min(6, m, n) by default)"""
    m, n = A.shape[-2:]
    if q is None:
        q = min(6, m, n)
    elif not 0 <= q <= min(m, n):
        raise TorchValueError(f"q(={q}) must be non-negative integer and not greater than "
                              f"min(m, n)={min(m, n)}")
    if not niter >= 0:
        raise TorchValueError(f"niter(={niter}) must be non-negative integer")
    if not center:
        return _svd_lowrank(A, q, niter, None)
    C = A.mean(dim=(-2,), keepdim=True)
    return _svd_lowrank(A - C, q, niter, None)
