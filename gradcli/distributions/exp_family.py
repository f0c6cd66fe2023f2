"""`ExponentialFamily`: distributions whose entropy follows from their log-normalizer (the
Bregman divergence, computed with autograd), the fallback KL between two of the same kind."""
from __future__ import annotations

from ..errors import TorchNotImplementedError

from .distribution import Distribution

__all__ = ["ExponentialFamily"]


class ExponentialFamily(Distribution):
    """p(x) = h(x) exp(<t(x), theta> - F(theta)); subclasses give `_natural_params`,
    `_log_normalizer` and `_mean_carrier_measure`."""

    @property
    def _natural_params(self):
        raise TorchNotImplementedError("")

    def _log_normalizer(self, *natural_params):
        raise TorchNotImplementedError("")

    @property
    def _mean_carrier_measure(self):
        raise TorchNotImplementedError("")

    def entropy(self):
        import gradcli as torch
        result = -self._mean_carrier_measure
        nparams = [p.detach().requires_grad_() for p in self._natural_params]
        lg_normal = self._log_normalizer(*nparams)
        gradients = torch.autograd.grad(lg_normal.sum(), nparams, create_graph=True)
        result += lg_normal
        for np_, g in zip(nparams, gradients):
            result -= (np_ * g).reshape(tuple(self._batch_shape) + (-1,)).sum(-1)
        return result
