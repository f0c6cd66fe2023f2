"""`torch.nn.utils.parametrizations`: weight_norm as a parametrization (its `_WeightNorm`
module over original0 = g and original1 = v), as PyTorch registers it."""
from __future__ import annotations

from ...ops.nn import _norm_except_dim, _weight_norm
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


PUBLIC = ("weight_norm",)
