"""`torch.nn`: Parameter, Module and the layers, activations and losses built on it, the
`init` functions and `functional` (`import gradcli.nn as nn`).

Everything here is plain Python over the engine's ops: a layer's forward calls
torch.nn.functional's op, so its graph shows PyTorch's node names (`AddmmBackward0` ...).
Formulas see the same classes as `torch.nn` (namespace.py); `class Net(nn.Module):` in a
formula makes a subclass whose methods run on the formula's VM (lang/vm.py).
"""
from __future__ import annotations

from . import functional, init, utils
from . import modules as _modules
from .modules import __all__ as _modules_all
from .modules.loss import LinearCrossEntropyOptions
from .parameter import Buffer, Parameter, UninitializedBuffer, UninitializedParameter

__gradcli_module__ = True

globals().update({name: getattr(_modules, name) for name in _modules_all})

__all__ = ["Parameter", "Buffer", "UninitializedParameter", "UninitializedBuffer",
           "LinearCrossEntropyOptions", "functional", "init", "utils", *_modules_all]
