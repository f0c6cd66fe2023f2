"""torch.nn's module classes, one file per family as in PyTorch (so `type(m)` prints
`<class 'torch.nn.modules.linear.Linear'>`)."""
from .activation import (CELU, ELU, GELU, SELU, Hardsigmoid, Hardswish, Hardtanh, LeakyReLU,
                         LogSigmoid, LogSoftmax, Mish, PReLU, ReLU, ReLU6, SiLU, Sigmoid,
                         Softmax, Softmin, Softplus, Softsign, Tanh, Tanhshrink)
from .container import (ModuleDict, ModuleList, ParameterDict, ParameterList,
                        Sequential)
from .conv import Conv1d, Conv2d
from .dropout import Dropout, Flatten, Unflatten
from .linear import Identity, Linear
from .loss import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, MSELoss,
                   NLLLoss, SmoothL1Loss)
from .module import Module
from .normalization import BatchNorm1d, BatchNorm2d, Embedding, LayerNorm
from .pooling import (AdaptiveAvgPool1d, AdaptiveAvgPool2d, AvgPool1d, AvgPool2d, MaxPool1d,
                      MaxPool2d)
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell, RNNBase, RNNCellBase

__all__ = [
    "Module", "Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict",
    "Identity", "Linear", "Unflatten", "Conv1d",
    "Conv2d", "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool1d",
    "AdaptiveAvgPool2d", "LayerNorm", "BatchNorm1d", "BatchNorm2d", "Embedding", "Dropout",
    "Flatten", "ReLU", "ReLU6", "LeakyReLU", "PReLU", "ELU", "CELU", "SELU", "GELU", "SiLU",
    "Mish", "Tanh", "Sigmoid", "Softplus", "Softsign", "Hardtanh", "Hardswish", "Hardsigmoid",
    "LogSigmoid", "Tanhshrink", "Softmax", "LogSoftmax", "Softmin", "MSELoss", "L1Loss",
    "SmoothL1Loss", "HuberLoss", "NLLLoss", "CrossEntropyLoss", "BCELoss", "BCEWithLogitsLoss",
    "RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell",
]
