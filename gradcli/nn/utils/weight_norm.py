"""`torch.nn.utils.weight_norm` / `remove_weight_norm` (the hook form): a module's weight
becomes g * v / ||v|| (norms over all dims but `dim`), recomputed before every forward from
two new parameters `<name>_g` and `<name>_v`, as PyTorch's WeightNorm hook does."""
from __future__ import annotations

import warnings

from ...errors import TorchRuntimeError, TorchValueError
from ...ops.nn import _norm_except_dim, _weight_norm
from ..parameter import Parameter


class WeightNorm:
    """The forward pre-hook that recomputes `name` from `name_g` and `name_v`."""

    def __init__(self, name: str, dim: int):
        self.name, self.dim = name, -1 if dim is None else dim

    def compute_weight(self, module):
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return _weight_norm(v, g, self.dim)

    @staticmethod
    def apply(module, name: str, dim: int) -> "WeightNorm":
        warnings.warn("`torch.nn.utils.weight_norm` is deprecated in favor of "
                      "`torch.nn.utils.parametrizations.weight_norm`.", FutureWarning,
                      stacklevel=3)
        for hook in module._forward_pre_hooks:
            if isinstance(hook, WeightNorm) and hook.name == name:
                raise TorchRuntimeError(f"Cannot register two weight_norm hooks on the same "
                                        f"parameter {name}")
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        del module._parameters[name]
        norms = _norm_except_dim(weight.detach(), fn.dim)
        module.register_parameter(name + "_g", Parameter(norms.detach()))
        module.register_parameter(name + "_v", Parameter(weight.detach()))
        setattr(module, name, fn.compute_weight(module))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module) -> None:
        weight = self.compute_weight(module)
        delattr(module, self.name)
        del module._parameters[self.name + "_g"]
        del module._parameters[self.name + "_v"]
        setattr(module, self.name, Parameter(weight.detach()))

    def __call__(self, module, inputs) -> None:
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module, name: str = "weight", dim: int = 0):
    """Reparametrise module.<name> as g * v / ||v||; returns the module."""
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module, name: str = "weight"):
    """Undo weight_norm: <name> becomes a plain parameter again (its current value)."""
    return remove_hook(module, WeightNorm, name, "weight_norm")


def remove_hook(module, cls, name: str, what: str):
    """Take off the `cls` pre-hook that reparametrises module.<name> (weight_norm's or
    spectral_norm's), PyTorch's ValueError when there is none."""
    for k, hook in enumerate(module._forward_pre_hooks):
        if isinstance(hook, cls) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[k]
            return module
    raise TorchValueError(f"{what} of '{name}' not found in {module}")
