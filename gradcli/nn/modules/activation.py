"""Activation modules: each holds its options and calls torch.nn.functional's op."""
from __future__ import annotations

from ...ops import creation
from .. import functional as F
from ..parameter import Parameter
from .module import Module


def _inplace(flag: bool) -> str:
    return "inplace=True" if flag else ""


def _with_inplace(text: str, flag: bool) -> str:
    return text + (", inplace=True" if flag else "")


class _Plain(Module):
    """An activation without options: forward is F.<_op>(input)."""

    _op = ""

    def forward(self, input):
        return getattr(F, self._op)(input)


class _InplaceOnly(Module):
    """An activation whose one option is `inplace`."""

    _op = ""

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return getattr(F, self._op)(input, inplace=self.inplace)

    def extra_repr(self) -> str:
        return _inplace(self.inplace)


class ReLU(_InplaceOnly):
    """max(0, x)"""
    _op = "relu"


class ReLU6(_InplaceOnly):
    """min(max(0, x), 6)"""
    _op = "relu6"


class SiLU(_InplaceOnly):
    """x * sigmoid(x)"""
    _op = "silu"


class Mish(_InplaceOnly):
    """x * tanh(softplus(x))"""
    _op = "mish"


class SELU(_InplaceOnly):
    """scale * elu(x, alpha) with PyTorch's constants"""
    _op = "selu"


class Tanh(_Plain):
    """tanh(x)"""
    _op = "tanh"


class Sigmoid(_Plain):
    """1 / (1 + exp(-x))"""
    _op = "sigmoid"


class Softsign(_Plain):
    """x / (1 + |x|)"""
    _op = "softsign"


class LogSigmoid(_Plain):
    """log(sigmoid(x))"""
    _op = "logsigmoid"


class Tanhshrink(_Plain):
    """x - tanh(x)"""
    _op = "tanhshrink"


class Hardswish(_InplaceOnly):
    """x * relu6(x + 3) / 6"""
    _op = "hardswish"


class Hardsigmoid(_InplaceOnly):
    """relu6(x + 3) / 6"""
    _op = "hardsigmoid"


class LeakyReLU(Module):
    """x for x > 0, negative_slope * x otherwise"""

    def __init__(self, negative_slope: float = 1e-2, inplace: bool = False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self) -> str:
        return _with_inplace(f"negative_slope={self.negative_slope}", self.inplace)


class ELU(Module):
    """x for x > 0, alpha * (exp(x) - 1) otherwise"""

    def __init__(self, alpha: float = 1.0, inplace: bool = False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return _with_inplace(f"alpha={self.alpha}", self.inplace)


class CELU(ELU):
    """max(0, x) + min(0, alpha * (exp(x / alpha) - 1))"""

    def forward(self, input):
        return F.celu(input, self.alpha, self.inplace)


class GELU(Module):
    """x * Phi(x) (approximate='tanh' for the tanh formula)"""

    def __init__(self, approximate: str = "none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class Softplus(Module):
    """log(1 + exp(beta * x)) / beta, x itself above threshold"""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Hardtanh(Module):
    """x clamped to [min_val, max_val]"""

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False):
        super().__init__()
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self) -> str:
        return _with_inplace(f"min_val={self.min_val}, max_val={self.max_val}", self.inplace)


class _SoftmaxLike(Module):
    _op = ""

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return getattr(F, self._op)(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmax(_SoftmaxLike):
    """exp(x) / sum(exp(x)) along dim"""
    _op = "softmax"


class LogSoftmax(_SoftmaxLike):
    """x - logsumexp(x) along dim"""
    _op = "log_softmax"


class Softmin(_SoftmaxLike):
    """softmax(-x) along dim"""
    _op = "softmin"


class PReLU(Module):
    """x for x > 0, a * x otherwise, `a` a learned parameter (init 0.25)"""

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(creation.full((num_parameters,), init, dtype=dtype))

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class Softmax2d(Module):
    """softmax over the channels of (C, H, W) or (N, C, H, W) input"""

    def forward(self, input):
        if input.dim() not in (3, 4):
            from ...errors import TorchValueError
            raise TorchValueError(f"Softmax2d: expected input to be 3D or 4D, got "
                                  f"{input.dim()}D instead")
        return F.softmax(input, -3)


class _Shrink(Module):
    _op = ""

    def __init__(self, lambd: float = 0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return getattr(F, self._op)(input, self.lambd)

    def extra_repr(self) -> str:
        return str(self.lambd)


class Hardshrink(_Shrink):
    """x where |x| > lambd, else 0"""
    _op = "hardshrink"


class Softshrink(_Shrink):
    """x - lambd above lambd, x + lambd below -lambd, else 0"""
    _op = "softshrink"


class Threshold(Module):
    """x where x > threshold, else value"""

    def __init__(self, threshold: float, value: float, inplace: bool = False):
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input):
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        return _with_inplace(f"threshold={self.threshold}, value={self.value}", self.inplace)


class GLU(Module):
    """a * sigmoid(b), the two halves of the input along dim"""

    def __init__(self, dim: int = -1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class RReLU(Module):
    """leaky relu whose negative slope is drawn uniformly in [lower, upper] in training
    (PyTorch's stream), their mean in eval mode"""

    def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3, inplace: bool = False):
        super().__init__()
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input):
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self) -> str:
        return _with_inplace(f"lower={self.lower}, upper={self.upper}", self.inplace)
