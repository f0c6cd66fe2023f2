"""`torch.nn.utils.spectral_norm` / `remove_spectral_norm` (the hook form): the weight is
divided by its largest singular value, estimated by power iteration on buffers `<name>_u` and
`<name>_v` (updated in training mode only), from the parameter `<name>_orig`, recomputed
before every forward, as PyTorch's SpectralNorm hook does (u and v start from PyTorch's
normal_ stream, so they equal its after the same manual_seed)."""
from __future__ import annotations

from ...autograd.grad_mode import no_grad
from ...errors import TorchRuntimeError, TorchValueError
from ...ops.registry import REGISTRY
from ..parameter import Parameter
from .weight_norm import remove_hook


def _normalize(t, eps):
    return REGISTRY["normalize"].fn(t, dim=0, eps=eps)


class SpectralNorm:
    """The forward pre-hook that recomputes `name` from `name_orig`, `name_u`, `name_v`."""

    def __init__(self, name: str = "weight", n_power_iterations: int = 1, dim: int = 0,
                 eps: float = 1e-12):
        if n_power_iterations <= 0:
            raise TorchValueError(f"Expected n_power_iterations to be positive, but got "
                                  f"n_power_iterations={n_power_iterations}")
        self.name, self.dim = name, dim
        self.n_power_iterations, self.eps = n_power_iterations, eps

    def reshape_weight_to_matrix(self, weight):
        mat = weight
        if self.dim != 0:
            mat = mat.permute(self.dim, *[d for d in range(mat.dim()) if d != self.dim])
        return mat.reshape(mat.size(0), -1)

    def compute_weight(self, module, do_power_iteration: bool):
        weight = getattr(module, self.name + "_orig")
        u, v = getattr(module, self.name + "_u"), getattr(module, self.name + "_v")
        mat = self.reshape_weight_to_matrix(weight)
        mv = REGISTRY["mv"].fn
        if do_power_iteration:
            with no_grad():
                for _ in range(self.n_power_iterations):
                    v.copy_(_normalize(mv(mat.t(), u), self.eps))   # PyTorch's out=v
                    u.copy_(_normalize(mv(mat, v), self.eps))
                u, v = u.clone(), v.clone()
        sigma = REGISTRY["dot"].fn(u, mv(mat, v))
        return weight / sigma

    def remove(self, module) -> None:
        with no_grad():
            weight = self.compute_weight(module, do_power_iteration=False)
        for suffix in ("", "_u", "_v", "_orig"):
            delattr(module, self.name + suffix)
        module.register_parameter(self.name, Parameter(weight.detach()))

    def __call__(self, module, inputs) -> None:
        setattr(module, self.name, self.compute_weight(module, module.training))

    @staticmethod
    def apply(module, name: str, n_power_iterations: int, dim: int, eps: float):
        for hook in module._forward_pre_hooks:
            if isinstance(hook, SpectralNorm) and hook.name == name:
                raise TorchRuntimeError(f"Cannot register two spectral_norm hooks on the same "
                                        f"parameter {name}")
        fn = SpectralNorm(name, n_power_iterations, dim, eps)
        weight = module._parameters[name]
        with no_grad():
            h, w = fn.reshape_weight_to_matrix(weight).shape
            u = _normalize(weight.new_empty(h).normal_(0, 1), fn.eps)
            v = _normalize(weight.new_empty(w).normal_(0, 1), fn.eps)
        delattr(module, fn.name)
        module.register_parameter(fn.name + "_orig", weight)
        setattr(module, fn.name, weight.detach())
        module.register_buffer(fn.name + "_u", u)
        module.register_buffer(fn.name + "_v", v)
        module.register_forward_pre_hook(fn)
        return fn


def spectral_norm(module, name: str = "weight", n_power_iterations: int = 1,
                  eps: float = 1e-12, dim=None):
    """Reparametrise module.<name> as <name>_orig / sigma(<name>_orig); returns the module."""
    if dim is None:
        transposed = type(module).__name__ in ("ConvTranspose1d", "ConvTranspose2d",
                                               "ConvTranspose3d")
        dim = 1 if transposed else 0
    SpectralNorm.apply(module, name, n_power_iterations, dim, eps)
    return module


def remove_spectral_norm(module, name: str = "weight"):
    """Undo spectral_norm: <name> becomes a plain parameter again (its current value)."""
    return remove_hook(module, SpectralNorm, name, "spectral_norm")
