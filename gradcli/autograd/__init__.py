"""`gradcli.autograd`: PyTorch's `torch.autograd` namespace (backward, grad, Function, grad
modes, functional transforms, gradcheck)."""
from __future__ import annotations

from .anomaly import (detect_anomaly, is_anomaly_check_nan_enabled, is_anomaly_enabled,
                      set_detect_anomaly)
from .engine import backward, grad
from .function import Function, FunctionCtx, once_differentiable
from .grad_mode import (enable_grad, enforce_grad_layout_policy, inference_mode,
                        is_grad_enabled, is_inference_mode_enabled, is_multithreading_enabled,
                        is_view_replay_enabled, no_grad, set_grad_enabled,
                        set_multithreading_enabled)
from .graph import AccumulateGrad, Node
from .variable import Variable

__gradcli_safe__ = True
_LAZY = {"functional": ".functional", "gradcheck": ".gradcheck", "gradgradcheck": ".gradcheck"}


class _Package(type(__import__("sys"))):
    """This package's module type: when the import system binds the submodule `gradcheck`
    here (`import gradcli.autograd.gradcheck`), the functions are bound instead, as in
    torch.autograd, where gradcheck is the function, not its module."""

    def __setattr__(self, name, value):
        if name == "gradcheck" and isinstance(value, type(__import__("sys"))):
            super().__setattr__("gradgradcheck", value.gradgradcheck)
            value = value.gradcheck
        super().__setattr__(name, value)


__import__("sys").modules[__name__].__class__ = _Package


def __getattr__(name):
    """Load `functional` and `gradcheck` on first use (keeps `import gradcli` light)."""
    import importlib
    if name in _LAZY:
        mod = importlib.import_module(_LAZY[name], __name__)
        if name == "functional":
            return mod
        # importing the submodule set this package's `gradcheck` to it: the functions win,
        # as in torch.autograd (where gradcheck is the function, not its module)
        globals().update(gradcheck=mod.gradcheck, gradgradcheck=mod.gradgradcheck)
        return getattr(mod, name)
    raise AttributeError(f"module 'torch.autograd' has no attribute '{name}'")
