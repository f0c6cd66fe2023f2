"""Activation modules: each holds its options and calls torch.nn.functional's op."""
from __future__ import annotations

import warnings

from ... import devices
from ...errors import TorchAssertionError, TorchValueError
from ...ops import creation
from .. import functional as F
from .. import init
from .._mha import _canonical_mask, _none_or_dtype
from ..parameter import Parameter
from .linear import NonDynamicallyQuantizableLinear
from .module import Module, own_forward, own_init


def _inplace(flag: bool) -> str:
    return "inplace=True" if flag else ""


def _with_inplace(text: str, flag: bool) -> str:
    return text + (", inplace=True" if flag else "")


class _SharedForward(Module):
    """A base of gradcli's whose `forward` serves many activations; PyTorch's each define
    their own, so each subclass gets a copy named after it (`nn.ReLU.forward.__qualname__`
    is 'ReLU.forward')."""

    _forward_each = True


class _Plain(_SharedForward):
    """An activation without options: forward is F.<_op>(input)."""

    _op = ""

    def forward(self, input):
        return getattr(F, self._op)(input)


class _InplaceOnly(_SharedForward):
    """An activation whose one option is `inplace`."""

    _op = ""

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return getattr(F, self._op)(input, inplace=self.inplace)

    def extra_repr(self) -> str:
        return _inplace(self.inplace)


@own_init
class ReLU(_InplaceOnly):
    """max(0, x)"""
    _op = "relu"


@own_init
class ReLU6(_InplaceOnly):
    """min(max(0, x), 6)"""
    _op = "relu6"


own_forward(ReLU6, "Hardtanh")      # (PyTorch's ReLU6 is a Hardtanh: it inherits forward)


@own_init
class SiLU(_InplaceOnly):
    """x * sigmoid(x)"""
    _op = "silu"


@own_init
class Mish(_InplaceOnly):
    """x * tanh(softplus(x))"""
    _op = "mish"


@own_init
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


@own_init
class Hardswish(_InplaceOnly):
    """x * relu6(x + 3) / 6"""
    _op = "hardswish"

    def extra_repr(self) -> str:
        return ""                      # PyTorch's repr leaves out `inplace` here


@own_init
class Hardsigmoid(_InplaceOnly):
    """relu6(x + 3) / 6"""
    _op = "hardsigmoid"

    def extra_repr(self) -> str:
        return ""                      # PyTorch's repr leaves out `inplace` here


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
        Module.__init__(self)               # (CELU's too: not a subclass, as in PyTorch)
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return _with_inplace(f"alpha={self.alpha}", self.inplace)


@own_init
class CELU(Module):
    """max(0, x) + min(0, alpha * (exp(x / alpha) - 1))"""

    __init__, extra_repr = ELU.__init__, ELU.extra_repr

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
    """x clamped to [min_val, max_val] (min_value, max_value: the deprecated names)"""

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False,
                 min_value=None, max_value=None):
        super().__init__()
        for old, given in (("min_value", min_value), ("max_value", max_value)):
            if given is not None:
                warnings.warn(f"keyword argument `{old}` is deprecated and renamed to "
                              f"`{old[:3]}_val`", FutureWarning, stacklevel=2)
        min_val = min_val if min_value is None else min_value
        max_val = max_val if max_value is None else max_value
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace
        if self.max_val <= self.min_val:
            raise TorchAssertionError(f"max_val ({max_val}) must be greater than min_val "
                                      f"({min_val})")

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self) -> str:
        return _with_inplace(f"min_val={self.min_val}, max_val={self.max_val}", self.inplace)


class _SoftmaxLike(_SharedForward):
    _op = ""

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return getattr(F, self._op)(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


@own_init
class Softmax(_SoftmaxLike):
    """exp(x) / sum(exp(x)) along dim"""
    _op = "softmax"


@own_init
class LogSoftmax(_SoftmaxLike):
    """x - logsumexp(x) along dim"""
    _op = "log_softmax"


@own_init
class Softmin(_SoftmaxLike):
    """softmax(-x) along dim"""
    _op = "softmin"


class PReLU(Module):
    """x for x > 0, a * x otherwise, `a` a learned parameter (init 0.25)"""

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device=None, dtype=None):
        super().__init__()
        devices.check(device, meta=True, kernel="aten::empty.memory_format")
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(creation.full((num_parameters,), init, dtype=dtype,
                                              device=device))

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


class _Shrink(_SharedForward):
    _op = ""

    def __init__(self, lambd: float = 0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return getattr(F, self._op)(input, self.lambd)

    def extra_repr(self) -> str:
        return str(self.lambd)


@own_init
class Hardshrink(_Shrink):
    """x where |x| > lambd, else 0"""
    _op = "hardshrink"


@own_init
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


class MultiheadAttention(Module):
    """MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False,
    add_zero_attn=False, kdim=None, vdim=None, batch_first=False): softmax(q k^T / sqrt(d)) v
    per head, then out_proj.

    in_proj_weight (or q/k/v_proj_weight when kdim/vdim differ) is xavier_uniform_, the biases
    0, bias_k/bias_v xavier_normal_, out_proj a Linear drawn first: PyTorch's stream and order.
    forward is always F.multi_head_attention_forward: PyTorch's eval-mode no-grad fast path
    (torch._native_multi_head_attention) gives the same values up to float rounding."""

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False,
                 add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None,
                 dtype=None):
        if embed_dim <= 0 or num_heads <= 0:
            raise TorchValueError(f"embed_dim and num_heads must be greater than 0, got "
                                  f"embed_dim={embed_dim} and num_heads={num_heads} instead")
        super().__init__()
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads, self.dropout, self.batch_first = num_heads, dropout, batch_first
        self.head_dim = embed_dim // num_heads
        if self.head_dim * num_heads != self.embed_dim:
            raise TorchAssertionError("embed_dim must be divisible by num_heads")
        kw = {"dtype": dtype, "device": device}
        if not self._qkv_same_embed_dim:
            self.q_proj_weight = Parameter(creation.empty((embed_dim, embed_dim), **kw))
            self.k_proj_weight = Parameter(creation.empty((embed_dim, self.kdim), **kw))
            self.v_proj_weight = Parameter(creation.empty((embed_dim, self.vdim), **kw))
            self.register_parameter("in_proj_weight", None)
        else:
            self.in_proj_weight = Parameter(creation.empty((3 * embed_dim, embed_dim), **kw))
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        if bias:
            self.in_proj_bias = Parameter(creation.empty(3 * embed_dim, **kw))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias, **kw)
        if add_bias_kv:
            self.bias_k = Parameter(creation.empty((1, 1, embed_dim), **kw))
            self.bias_v = Parameter(creation.empty((1, 1, embed_dim), **kw))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            for w in (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
                init.xavier_uniform_(w)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
        if self.bias_v is not None:
            init.xavier_normal_(self.bias_v)

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True,
                attn_mask=None, average_attn_weights=True, is_causal=False):
        """(attn_output, attn_weights or None), as PyTorch's slow path computes them."""
        is_batched = query.dim() == 3
        key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask",
                                           _none_or_dtype(attn_mask), "attn_mask", query.dtype)
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype,
                                    check_other=False)
        if self.batch_first and is_batched:
            if key is value:
                if query is key:
                    query = key = value = query.transpose(1, 0)
                else:
                    query, key = (x.transpose(1, 0) for x in (query, key))
                    value = key
            else:
                query, key, value = (x.transpose(1, 0) for x in (query, key, value))
        separate = {} if self._qkv_same_embed_dim else {
            "use_separate_proj_weight": True, "q_proj_weight": self.q_proj_weight,
            "k_proj_weight": self.k_proj_weight, "v_proj_weight": self.v_proj_weight}
        out, weights = F.multi_head_attention_forward(
            query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight,
            self.in_proj_bias, self.bias_k, self.bias_v, self.add_zero_attn, self.dropout,
            self.out_proj.weight, self.out_proj.bias, training=self.training,
            key_padding_mask=key_padding_mask, need_weights=need_weights, attn_mask=attn_mask,
            average_attn_weights=average_attn_weights, is_causal=is_causal, **separate)
        if self.batch_first and is_batched:
            return out.transpose(1, 0), weights
        return out, weights
