"""`torch.nn`: Parameter, Module and the layers, activations and losses built on it, the
`init` functions and `functional` (`import gradcli.nn as nn`).

Everything here is plain Python over the engine's ops: a layer's forward calls
torch.nn.functional's op, so its graph shows PyTorch's node names (`AddmmBackward0` ...).
Formulas see the same classes as `torch.nn` (namespace.py); `class Net(nn.Module):` in a
formula makes a subclass whose methods run on the formula's VM (lang/vm.py).
"""
from __future__ import annotations

from . import functional, init, utils
from .modules import (CELU, ELU, GELU, SELU, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AvgPool1d,
                      AvgPool2d, BatchNorm1d, BatchNorm2d, BCELoss, BCEWithLogitsLoss, Conv1d,
                      Conv2d, CrossEntropyLoss, Dropout, Embedding, Flatten, Hardsigmoid,
                      Hardswish, Hardtanh, HuberLoss, Identity, L1Loss, LayerNorm, LeakyReLU,
                      Linear, LogSigmoid, LogSoftmax, MaxPool1d, MaxPool2d, Mish, Module,
                      ModuleDict, ModuleList, MSELoss, NLLLoss, ParameterDict, ParameterList,
                      PReLU, ReLU, ReLU6, Sequential, SiLU, Sigmoid, SmoothL1Loss, Softmax,
                      Softmin, Softplus, Softsign, Tanh, Tanhshrink, Unflatten)
from .modules import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNBase, RNNCell, RNNCellBase
from .modules import __all__ as _modules_all
from .parameter import Parameter

__gradcli_module__ = True

__all__ = ["Parameter", "functional", "init", "utils", *_modules_all]
