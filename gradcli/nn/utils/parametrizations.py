"""`torch.nn.utils.parametrizations`: weight_norm (its `_WeightNorm` module over original0 =
g and original1 = v) and spectral_norm (`_SpectralNorm`, with buffers `_u`, `_v` from PyTorch's
normal_ stream and 15 power iterations at registration), as PyTorch registers them."""
from __future__ import annotations

from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ...errors import TorchIndexError, TorchValueError
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


def weight_norm(module, name: str = "weight", dim=0):
    """Reparametrise module.<name> as g * v / ||v|| (parametrizations.<name>.original0 = g,
    original1 = v); returns the module."""
    register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
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


PUBLIC = ("weight_norm", "spectral_norm")
