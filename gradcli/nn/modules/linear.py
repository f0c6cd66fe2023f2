"""`Linear` (y = x W^T + b, PyTorch's default initialisation) and `Identity`."""
from __future__ import annotations

import math

from ...ops import creation
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module


def empty_weight_and_bias(module, weight_shape: tuple, bias_size: int, bias: bool, dtype,
                          device=None) -> None:
    """A layer's weight and (if `bias`) bias, uninitialised: reset_parameters draws them."""
    module.weight = Parameter(creation.empty(weight_shape, dtype=dtype, device=device))
    if bias:
        module.bias = Parameter(creation.empty(bias_size, dtype=dtype, device=device))
    else:
        module.register_parameter("bias", None)


class Identity(Module):
    """Returns its input (any arguments to the constructor are ignored, as PyTorch)."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    """Linear(in_features, out_features, bias=True): y = x @ weight.T + bias.

    weight is drawn by kaiming_uniform_(a=sqrt(5)), then bias uniform in +-1/sqrt(in_features),
    from PyTorch's stream in PyTorch's order: after `torch.manual_seed(s)` the weights are
    PyTorch's."""

    def __init__(self, in_features: int, out_features: int, bias: bool = True, device=None,
                 dtype=None):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        empty_weight_and_bias(self, (out_features, in_features), out_features, bias, dtype,
                              device)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")



class Bilinear(Module):
    """Bilinear(in1_features, in2_features, out_features, bias=True): y = x1^T A x2 + b, with
    weight and bias uniform in +-1/sqrt(in1_features) (PyTorch's stream and order)."""

    def __init__(self, in1_features: int, in2_features: int, out_features: int,
                 bias: bool = True, device=None, dtype=None):
        super().__init__()
        self.in1_features, self.in2_features = in1_features, in2_features
        self.out_features = out_features
        empty_weight_and_bias(self, (out_features, in1_features, in2_features), out_features,
                              bias, dtype, device)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        bound = 1 / math.sqrt(self.weight.size(1))
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")


class NonDynamicallyQuantizableLinear(Linear):
    """A Linear by another name: MultiheadAttention's out_proj is one in PyTorch, and its
    repr shows the name."""
