"""Activations and piecewise ops: sigmoid, relu, leaky_relu, elu/selu/celu, gelu, softplus,
silu, mish, logsigmoid, hardtanh/relu6, softsign, hardsigmoid, hardswish, threshold,
hardshrink, softshrink, softmin; clamp/clip, clamp_min/clamp_max, minimum/maximum, where.

Kinks follow PyTorch: relu passes no gradient at 0, clamp passes it at the bounds (inclusive),
hardtanh does not (exclusive), and minimum/maximum split it in half between equal inputs.
Where PyTorch computes a gradient with one backward function (sigmoid_backward,
threshold_backward, ...), the rule is that function in `fused`, which records it as one node
under create_graph; masks that only depend on the forward values are constants there, so
second derivatives are those of the smooth pieces.
"""
from __future__ import annotations

import math

import numpy as np

from .. import cpu, dtypes, vecmath, vecmath64
from ..argparser import check_forwarded
from ..autograd.graph import Node
from ..autograd.hooks import one_cpp_call
from ..fpmath import fma
from ..errors import TorchNotImplementedError, TorchRuntimeError, TorchTypeError, TorchValueError
from .._tensor import Tensor
from ..argparser import checked
from .core import (_enabled, apply, bf16_op, binary, broadcast_check, broadcast_error,
                   fill_where, iterator_layout, op_format, pass_where, picked_tangent,
                   refuse_complex, wrap)
from . import fused as F
from .core import inplace as _write_back
from .registry import binary as binary_samples
from .registry import native_signature
from .registry import category, fixed, register, unary
from .sumorder import EXACT_ELEMENTS
from .unary import check_float, check_tensor, float_cast, quiet

category("activation")

_FN = ("functional",)
_BOTH = ("torch", "functional")
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946
_INV_SQRT2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_GELU_K = math.sqrt(2.0 / math.pi)
_GELU_C = 0.044715


def _float_only(x, kernel: str, fname: str, complex_ok: bool = False) -> Tensor:
    """PyTorch's refusal to run a float-only kernel on an integer (or complex) tensor."""
    x = check_tensor(x, fname)
    if x._data.dtype.kind not in ("fc" if complex_ok else "f"):
        raise TorchNotImplementedError(f'"{kernel}" not implemented for \'{x.dtype.legacy}\'')
    return x


def _named(name: str, inplace: bool) -> str:
    """An op's name in PyTorch's errors: nn.functional's inplace=True calls its `name_`."""
    return name + "_" if inplace else name


def _scalar_arg(value, x: Tensor):
    """A Scalar argument of a float kernel on x as the kernel reads it: a 0-d tensor's
    number; a complex number's real part (an imaginary part is the overflow error naming
    the opmath type)."""
    if isinstance(value, Tensor):
        value = value.item()
    if value.__class__ is complex:
        opmath = np.float64 if x._data.dtype == np.float64 else np.float32
        value = dtypes.checked_scalar(value, opmath).item()
    return value


def _run(x, inplace, compute):
    """compute(x), or, for `inplace=True`, its result written back into x (as `x.op_()`)."""
    return _write_back(x, compute) if inplace else compute(x)


def _vectorised(x: np.ndarray, g: np.ndarray = None, grad_mode=None) -> bool:
    """Whether a float32 kernel (with g: a first-order gradient, no graph being built: grad
    mode, by default the current one, off) runs as ATen's vectorised loop in `vecmath`:
    below EXACT_ELEMENTS, where PyTorch's own loop is one thread's; past it NumPy's faster
    float32 arithmetic is used."""
    return _kernel_applies(np.float32, x, g, grad_mode)


def _exact64(x: np.ndarray, g: np.ndarray = None, grad_mode=None) -> bool:
    """`_vectorised` for float64: ATen's kernel with SLEEF's double functions (vecmath64),
    below EXACT_ELEMENTS."""
    return _kernel_applies(np.float64, x, g, grad_mode)


def _kernel_applies(dtype, x, g, grad_mode) -> bool:
    if g is not None:
        on = _enabled[0] if grad_mode is None else grad_mode
        if on or g.dtype != x.dtype or g.shape != x.shape:
            return False
    return x.dtype == dtype and x.size < EXACT_ELEMENTS


def _sigmoid_np(x):
    if x.dtype == np.float32:
        return vecmath.sigmoid(x)           # ATen's vectorised float32 sigmoid, bit for bit
    if _exact64(x):
        return vecmath64.sigmoid(x)
    with np.errstate(over="ignore"):
        if x.dtype.kind == "c":                 # 1 / (1 + exp(-x)), c10::complex's division
            from .. import complexmath
            return complexmath.reciprocal(1 + np.exp(-x))
        return 1 / (1 + np.exp(-x))


# -- smooth activations -----------------------------------------------------------------------

class SigmoidBackward0(Node):
    """d/dx sigmoid(x) = sigmoid(x) * (1 - sigmoid(x))"""

    elementwise = True
    save_output = True

    def forward(self, x):
        return _sigmoid_np(x)

    def backward(self, g):
        (y,) = self.saved
        if y._data.dtype.kind == "c" and not _enabled[0]:
            from .unary import _on_self         # (complex: ATen's g * ((1 - y) * y).conj(),
            return g * _on_self(y, lambda z: (1 - z) * z)       # conj'd after the product)
        return F.fused(F.SigmoidBackwardBackward0, (g, y))


@register("sigmoid", grad_fn="SigmoidBackward0", method=True, namespaces=_BOTH,
          sample=unary(), aliases=())
def sigmoid(input):
    """d/dx sigmoid(x) = sigmoid(x) * (1 - sigmoid(x))"""
    x = check_tensor(input, "sigmoid")
    return apply(SigmoidBackward0, (x,), float_cast(x))


class LogSigmoidBackward0(Node):
    """d/dx log(sigmoid(x)) = 1 - sigmoid(x) = sigmoid(-x)"""

    elementwise = True
    save_inputs = (0,)

    @quiet
    def forward(self, x):
        # contiguous whatever x's layout (ATen's log_sigmoid_forward allocates it so)
        if x.dtype == np.float32:
            return np.asarray(vecmath.log_sigmoid(x), order="C")    # ATen's kernel, bit for bit
        if _exact64(x):
            return np.asarray(vecmath64.log_sigmoid(x), order="C")
        return np.asarray(np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x))), order="C")

    def backward(self, g):
        (x,) = self.saved
        return F.fused(F.LogSigmoidBackwardBackward0, (g, x))


@register("logsigmoid", grad_fn="LogSigmoidBackward0", namespaces=_FN, sample=unary())
def logsigmoid(input):
    """d/dx log(sigmoid(x)) = sigmoid(-x)"""
    return apply(LogSigmoidBackward0, (_float_only(input, "log_sigmoid_cpu",
                                                   "logsigmoid"),))


class SiluBackward0(Node):
    """d/dx x*sigmoid(x) = s * (1 + x*(1 - s)), s = sigmoid(x)"""

    elementwise = True
    save_inputs = (0,)

    def forward(self, x):
        if x.dtype == np.float32:           # ATen's x / (1 + exp(-x))
            return vecmath.silu(x)
        if _exact64(x):
            return vecmath64.silu(x)
        return x * _sigmoid_np(x)

    def backward(self, g):
        (x,) = self.saved
        return self._rule(g, x, _enabled[0])

    @staticmethod
    def _rule(g, x, grad_mode):
        """PyTorch's: silu_backward's kernel, or in grad mode infinitely_differentiable_
        silu_backward's ops"""
        dt = x._data.dtype
        reduced = dt == dtypes.BF16_NP or dt == np.float16     # (in float, rounded once)
        if not grad_mode and dt == g._data.dtype and (dt == np.float32 or reduced):
            xd = x._data.astype(np.float32)     # ATen's kernel: 1 + x (1 - s) contracted
            s = vecmath.sigmoid(xd)             # to an fma
            out = (g._data.astype(np.float32) * s) * fma(xd, np.float32(1) - s, np.float32(1))
            if reduced:
                out = dtypes.to_bf16(out) if dt == dtypes.BF16_NP else out.astype(dt)
            return wrap(out)
        if _exact64(x._data, g._data, grad_mode):         # (float64)
            return wrap(vecmath64.silu_backward(g._data, x._data))
        s = x.sigmoid()
        right = 1 + x * (1 - s)         # built before g * s, as PyTorch's compiled formula is
        return g * s * right

    def jvp(self, inputs, tangents, out):
        """auto_element_wise: the backward formula on the tangent, in the grad mode the op
        runs in (PyTorch evaluates its forward formulas there)"""
        from ..autograd import forward_ad
        return None if tangents[0] is None else \
            self._rule(tangents[0], inputs[0], forward_ad.GRAD_MODE[0])


@register("silu", grad_fn="SiluBackward0", namespaces=_FN, sample=unary())
def silu(input, inplace=False):
    """d/dx x*sigmoid(x) = s * (1 + x*(1 - s)), s = sigmoid(x)"""
    x = _float_only(input, "silu_cpu", _named("silu", inplace), complex_ok=True)
    return _run(x, inplace, lambda v: apply(SiluBackward0, (v,)))


class SoftplusBackward0(Node):
    """d/dx log(1 + exp(beta x))/beta = sigmoid(beta x)  (1 where beta x > threshold)"""

    elementwise = True
    save_inputs = (0,)

    @quiet
    def forward(self, x):
        z = x * self.beta
        if _exact64(x):                         # ATen's kernel (SLEEF, glibc on the tail)
            return vecmath64.softplus(x, self.beta, self.threshold)
        if x.dtype == np.float32:               # ATen's log1p(exp(beta x)) / beta
            soft = vecmath.softplus(x, self.beta)
        else:
            with np.errstate(over="ignore"):
                soft = np.log1p(np.exp(z)) / self.beta
        return np.where(z > self.threshold, x, soft).astype(x.dtype)

    def backward(self, g):
        (x,) = self.saved
        return F.fused(F.SoftplusBackwardBackward0, (g, x), beta=self.beta,
                       threshold=self.threshold)


@register("softplus", grad_fn="SoftplusBackward0", namespaces=_FN, sample=fixed(
    (((3,),), {}), (((2, 3),), {"beta": 2.0}), (((4,),), {"beta": 1.0, "threshold": 1.5})))
def softplus(input, beta=1, threshold=20):
    """d/dx log(1 + exp(beta x))/beta = sigmoid(beta x)"""
    x = _float_only(input, "softplus_cpu", "softplus")
    for v in (beta, threshold):
        dtypes.checked_number(v, x._data.dtype, opmath=True)
    return apply(SoftplusBackward0, (x,), beta=float(beta), threshold=float(threshold),
                 as_given={"beta": beta, "threshold": threshold})


class MishBackward0(Node):
    """d/dx x*tanh(softplus(x)) = t + x*sigmoid(x)*(1 - t^2), t = tanh(softplus(x))"""

    elementwise = True
    save_inputs = (0,)

    @quiet
    def forward(self, x):
        if _vectorised(x):
            return vecmath.mish(x)          # ATen's kernel (SLEEF's exp, log1p, tanh)
        if _exact64(x):
            return vecmath64.mish(x)
        with np.errstate(over="ignore"):
            sp = np.where(x > 20, x, np.log1p(np.exp(x)))
        return (x * np.tanh(sp)).astype(x.dtype)

    def backward(self, g):
        (x,) = self.saved
        return self._rule(g, x, _enabled[0])

    def jvp(self, inputs, tangents, out):
        """auto_element_wise: the backward formula on the tangent, in the grad mode the op
        runs in (PyTorch evaluates its forward formulas there)"""
        from ..autograd import forward_ad
        return None if tangents[0] is None else \
            self._rule(tangents[0], inputs[0], forward_ad.GRAD_MODE[0])

    @staticmethod
    def _rule(g, x, grad_mode):
        """PyTorch's: mish_backward's kernel, or in grad mode infinitely_differentiable_
        mish_backward's ops"""
        if _vectorised(x._data, g._data, grad_mode):
            return wrap(vecmath.mish_backward(g._data, x._data))
        if _exact64(x._data, g._data, grad_mode):
            return wrap(vecmath64.mish_backward(g._data, x._data))
        s = x.sigmoid()                     # PyTorch's order of recording, its graph
        with np.errstate(over="ignore"):
            t = x.exp().log1p().tanh()          # (not softplus)
        right = 1 - t * t
        return g * (t + x * s * right)


@register("mish", grad_fn="MishBackward0", namespaces=_FN, sample=unary())
def mish(input, inplace=False):
    """d/dx x*tanh(softplus(x)) = t + x*sigmoid(x)*(1 - t^2)"""
    x = _float_only(input, "mish_cpu", _named("mish", inplace))
    return _run(x, inplace, lambda v: apply(MishBackward0, (v,)))


class GeluBackward0(Node):
    """d/dx x*Phi(x) = Phi(x) + x*phi(x)  (approximate='tanh': derivative of the tanh form)"""

    elementwise = True
    save_inputs = (0,)

    def forward(self, x):
        if self.approximate == "tanh" and x.dtype == np.float32 and x.size < EXACT_ELEMENTS:
            return vecmath.gelu_tanh(x)
        if _exact64(x):                 # ATen's kernel (oneDNN takes only float32)
            return (vecmath64.gelu_tanh if self.approximate == "tanh" else vecmath64.gelu)(x)
        if self.approximate == "tanh":
            return 0.5 * x * (1 + np.tanh(_GELU_K * (x + _GELU_C * x ** 3)))
        if _vectorised(x):
            return _gelu_erf_kernel(x)[0](x)
        from .unary import _erf_np
        return (0.5 * x * (1 + _erf_np(x * _INV_SQRT2))).astype(x.dtype)

    def backward(self, g):
        (x,) = self.saved
        if _vectorised(x._data, g._data):
            if self.approximate == "tanh":
                return wrap(vecmath.gelu_tanh_backward(g._data, x._data))
            return wrap(_gelu_erf_kernel(x._data)[1](g._data, x._data))
        return F.fused(F.GeluBackwardBackward0, (g, x), approximate=self.approximate)


def _gelu_erf_kernel(x: np.ndarray):
    """PyTorch's float32 gelu and gelu_backward for x: oneDNN's for a contiguous tensor of
    more than one element (whose forward depends on the instruction set oneDNN picks), else
    ATen's own kernel (vecmath)."""
    if x.size > 1 and x.flags.c_contiguous:
        forward = vecmath.gelu_onednn if cpu.onednn_avx512() else vecmath.gelu_onednn_avx2
        return forward, vecmath.gelu_onednn_backward
    return vecmath.gelu, vecmath.gelu_backward


@register("gelu", grad_fn="GeluBackward0", namespaces=_FN, sample=fixed(
    (((3,),), {}), (((2, 3),), {}), (((4,),), {"approximate": "tanh"})))
def gelu(input, approximate="none"):
    """d/dx x*Phi(x) = Phi(x) + x*phi(x)"""
    x = _float_only(input, "GeluKernelImpl", "gelu")
    if approximate not in ("none", "tanh"):
        raise TorchRuntimeError("approximate argument must be either none or tanh.")
    return apply(GeluBackward0, (x,), approximate=approximate)


# -- piecewise activations --------------------------------------------------------------------

class ReluBackward0(Node):
    """d/dx max(x, 0) = 1 where x > 0, else 0"""

    elementwise = True
    save_output = True

    def forward(self, x):
        if x.dtype == np.bool_:
            raise TorchRuntimeError("Boolean inputs not supported for relu")
        return _at_least(x, 0)

    def backward(self, g):
        (y,) = self.saved
        return F.fused(F.ThresholdBackwardBackward0, (g, y), threshold=0)


@register("relu", grad_fn="ReluBackward0", method=True, namespaces=_BOTH, sample=unary())
def relu(input, inplace=False):
    """d/dx max(x, 0) = 1 where x > 0, else 0"""
    x = check_tensor(input, _named("relu", inplace))
    refuse_complex("relu", x)
    return _run(x, inplace, lambda v: apply(ReluBackward0, (v,)))


class LeakyReluBackward0(Node):
    """d/dx leaky_relu(x) = 1 where x > 0, else negative_slope"""

    elementwise = True
    save_inputs = (0,)

    def forward(self, x):
        return np.where(x > 0, x, x * self.negative_slope).astype(x.dtype)

    def backward(self, g):
        (x,) = self.saved
        return F.fused(F.LeakyReluBackwardBackward0, (g, x), negative_slope=self.negative_slope)


class LeakyReluBackward1(LeakyReluBackward0):
    """d/dx leaky_relu(x) = 1 where the result > 0, else negative_slope  (in place)"""

    save_inputs = ()
    save_output = True

    def backward(self, g):
        (y,) = self.saved
        return F.fused(F.LeakyReluBackwardBackward0, (g, y), negative_slope=self.negative_slope)


@register("leaky_relu", grad_fn="LeakyReluBackward0", namespaces=_FN, sample=fixed(
    (((3,),), {}), (((2, 3), 0.2), {})))
def leaky_relu(input, negative_slope=0.01, inplace=False):
    """d/dx leaky_relu(x) = 1 where x > 0, else negative_slope"""
    x = _float_only(input, "leaky_relu_cpu", _named("leaky_relu", inplace))
    check_float(negative_slope, _named("leaky_relu", inplace), "negative_slope", 2, "Number")
    negative_slope = _scalar_arg(negative_slope, x)
    dtypes.checked_number(negative_slope, x._data.dtype, opmath=True)
    cls = LeakyReluBackward1 if inplace else LeakyReluBackward0
    return _run(x, inplace, lambda v: apply(cls, (v,), negative_slope=float(negative_slope),
                                            as_given={"negative_slope": negative_slope}))


class EluBackward0(Node):
    """d/dx elu(x) = scale where x > 0, else scale*alpha*input_scale*exp(input_scale*x)"""

    elementwise = True
    save_inputs = (0,)

    def forward(self, x):
        if x.dtype == np.float32 and x.size < EXACT_ELEMENTS:     # ATen's kernel, to the bit
            return vecmath.elu(x, self.alpha, self.scale, self.input_scale)
        if _exact64(x):
            return vecmath64.elu(x, self.alpha, self.scale, self.input_scale)
        neg = np.expm1(np.where(x > 0, x.dtype.type(0), x) * self.input_scale) * self.alpha
        return (self.scale * np.where(x > 0, x, neg)).astype(x.dtype)

    def backward(self, g):
        (x,) = self.saved
        if _vectorised(x._data, g._data):
            return wrap(vecmath.elu_backward(g._data, x._data, self.alpha, self.scale,
                                             self._grad_scale(), is_result=False))
        return F.fused(F.EluBackwardBackward0, (g, x), alpha=self.alpha, scale=self.scale,
                       input_scale=self._grad_scale(), is_result=False)

    def _grad_scale(self) -> float:
        """The input_scale elu_backward is given."""
        return self.input_scale


class CeluBackward0(EluBackward0):
    """d/dx celu(x) = 1 where x > 0, else exp(x/alpha)"""

    def _grad_scale(self) -> float:
        """PyTorch's derivative of celu passes 1.0 / alpha.toFloat(): alpha rounded to float
        first (the forward uses 1.0 / alpha in double)"""
        return 1.0 / float(np.float32(self.alpha))


class EluBackward1(EluBackward0):
    """d/dx elu(x) = scale where y > 0, else input_scale*(y + alpha*scale)  (in place, y = result)"""

    save_inputs = ()
    save_output = True

    def backward(self, g):
        (y,) = self.saved
        if _vectorised(y._data, g._data):
            return wrap(vecmath.elu_backward(g._data, y._data, self.alpha, self.scale,
                                             self._grad_scale(), is_result=True))
        return F.fused(F.EluBackwardBackward0, (g, y), alpha=self.alpha, scale=self.scale,
                       input_scale=self._grad_scale(), is_result=True)


class CeluBackward1(EluBackward1):
    """d/dx celu(x) = 1 where y > 0, else y/alpha + 1  (in place, y = result)"""

    _grad_scale = CeluBackward0._grad_scale


def _elu(x, inplace, cls, cls_inplace, **params):
    chosen = cls_inplace if inplace else cls
    return _run(x, inplace, lambda v: apply(chosen, (v,), **params))


@register("elu", grad_fn="EluBackward0", namespaces=_FN, sample=fixed(
    (((3,),), {}), (((2, 3), 0.5), {})))
def elu(input, alpha=1.0, inplace=False):
    """d/dx elu(x) = 1 where x > 0, else alpha*exp(x)"""
    x = _float_only(input, "elu_cpu", _named("elu", inplace))
    check_float(alpha, _named("elu", inplace), "alpha", 2, "Number")
    dtypes.checked_number(alpha, x._data.dtype, opmath=True)
    return _elu(x, inplace, EluBackward0, EluBackward1, alpha=float(alpha), scale=1.0,
                input_scale=1.0, as_given={"alpha": alpha, "scale": 1, "input_scale": 1})


@register("selu", grad_fn="EluBackward0", namespaces=_BOTH, sample=unary())
def selu(input, inplace=False):
    """d/dx selu(x) = scale where x > 0, else scale*alpha*exp(x)"""
    x = _float_only(input, "elu_cpu", _named("selu", inplace))
    return _elu(x, inplace, EluBackward0, EluBackward1, alpha=_SELU_ALPHA, scale=_SELU_SCALE,
                input_scale=1.0, as_given={"input_scale": 1})   # (ATen's Scalar 1)


@register("celu", grad_fn="CeluBackward0", namespaces=_BOTH, sample=fixed(
    (((3,),), {}), (((2, 3), 0.5), {})))
def celu(input, alpha=1.0, inplace=False):
    """d/dx celu(x) = 1 where x > 0, else exp(x/alpha)"""
    check_tensor(input, _named("celu", inplace))
    check_float(alpha, _named("celu", inplace), "alpha", 2, "Number")
    if alpha == 0:                          # (ATen's check, before elu's kernel)
        raise TorchRuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    x = _float_only(input, "elu_cpu", _named("celu", inplace))
    dtypes.checked_number(alpha, x._data.dtype, opmath=True)
    return _elu(x, inplace, CeluBackward0, CeluBackward1, alpha=float(alpha), scale=1.0,
                input_scale=1.0 / float(alpha))


class HardtanhBackward0(Node):
    """d/dx hardtanh(x) = 1 where min_val < x < max_val, else 0"""

    elementwise = True
    save_inputs = (0,)

    def forward(self, x):
        if x.dtype == np.bool_:
            raise TorchRuntimeError("Bool inputs not supported for hardtanh")
        return _at_most(_at_least(x, self.min_val), self.max_val)

    def backward(self, g):
        (x,) = self.saved
        return F.fused(F.HardtanhBackwardBackward0, (g, x), min_val=self.min_val,
                       max_val=self.max_val)


@register("hardtanh", grad_fn="HardtanhBackward0", namespaces=_FN, sample=fixed(
    (((3,),), {}), (((2, 3), -0.5, 0.5), {}), lo=-3.0, hi=3.0))
def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """d/dx hardtanh(x) = 1 where min_val < x < max_val, else 0"""
    if min_val > max_val:           # F.hardtanh's check (not F.hardtanh_'s), before ATen's
        raise TorchValueError("min_val cannot be greater than max_val")
    return hardtanh_kernel(input, min_val, max_val, inplace)


def hardtanh_kernel(input, min_val=-1.0, max_val=1.0, inplace=False):
    """ATen's hardtanh and hardtanh_ (F.hardtanh_ calls it directly): min(max(x, min_val),
    max_val), whatever the order of the limits"""
    x = check_tensor(input, _named("hardtanh", inplace))
    refuse_complex("hardtanh", x)
    if x._data.dtype == np.uint8 and (min_val < 0 or max_val < 0):
        raise TorchRuntimeError("cannot do hardtanh on an unsigned type with negative limits")
    for v in (min_val, max_val):
        dtypes.checked_number(v, x._data.dtype)
    return _run(x, inplace, lambda v: apply(HardtanhBackward0, (v,), min_val=min_val,
                                            max_val=max_val))


@register("relu6", grad_fn="HardtanhBackward0", namespaces=_FN, sample=unary(-2.0, 8.0))
def relu6(input, inplace=False):
    """d/dx min(max(x, 0), 6) = 1 where 0 < x < 6, else 0"""
    check_forwarded("nn.relu6_" if inplace else "nn.relu6", input)     # PyTorch's C++ names
    return hardtanh(input, 0, 6, inplace)          # (ATen's relu6: Scalars 0 and 6)


@register("softsign", grad_fn="DivBackward0", namespaces=_FN, sample=unary())
def softsign(input):
    """x/(1 + |x|), composed (as in PyTorch): d/dx = 1/(1 + |x|)^2"""
    x = check_tensor(input, "softsign")
    return x / (x.abs() + 1)


_ONE_SIXTH = float(np.float32(1.0) / np.float32(6.0))       # 0.1666666716337204


class HardsigmoidBackward0(Node):
    """d/dx hardsigmoid(x) = 1/6 where -3 < x < 3, else 0"""

    elementwise = True
    save_inputs = (0,)

    def forward(self, x):
        three, six = x.dtype.type(3), x.dtype.type(6)       # ATen: min(max(x + 3, 0), 6) / 6
        return np.minimum(np.maximum(x + three, x.dtype.type(0)), six) / six

    def backward(self, g):
        (x,) = self.saved
        # ATen's one_sixth is the float 1.0f / 6.0f, in the double kernel too
        value = F._where((x._data > -3) & (x._data < 3), g * _ONE_SIXTH)
        return F.not_implemented("hardsigmoid_backward", value, (g, x))


@register("hardsigmoid", grad_fn="HardsigmoidBackward0", namespaces=_FN,
          sample=unary(-4.0, 4.0),
          no_second_order="derivative for aten::hardsigmoid_backward is not implemented")
def hardsigmoid(input, inplace=False):
    """d/dx hardsigmoid(x) = 1/6 where -3 < x < 3, else 0"""
    x = _float_only(input, "hardsigmoid_cpu", _named("hardsigmoid", inplace))
    return _run(x, inplace, lambda v: apply(HardsigmoidBackward0, (v,)))


class HardswishBackward0(Node):
    """d/dx x*relu6(x + 3)/6 = 0 (x <= -3), x/3 + 1/2 (-3 < x < 3), 1 (x >= 3)"""

    elementwise = True
    save_inputs = (0,)

    def forward(self, x):
        return (x * np.clip(x + 3, 0, 6) / 6).astype(x.dtype)

    def backward(self, g):
        (x,) = self.saved
        return F.fused(F.HardswishBackwardBackward0, (g, x))


@register("hardswish", grad_fn="HardswishBackward0", namespaces=_FN, sample=unary(-4.0, 4.0))
def hardswish(input, inplace=False):
    """d/dx x*relu6(x + 3)/6 = x/3 + 1/2 on (-3, 3), 1 above, 0 below"""
    x = _float_only(input, "hardswish_cpu", _named("hardswish", inplace))
    return _run(x, inplace, lambda v: apply(HardswishBackward0, (v,)))


class ThresholdBackward0(Node):
    """d/dx (x where x > threshold, else value) = 1 where x > threshold, else 0"""

    elementwise = True
    save_inputs = (0,)

    def forward(self, x):
        if x.dtype == np.bool_:
            raise TorchNotImplementedError("\"threshold_cpu\" not implemented for 'Bool'")
        return np.where(x <= self.threshold, np.asarray(self.value, x.dtype), x)

    def backward(self, g):
        (x,) = self.saved
        return F.fused(F.ThresholdBackwardBackward0, (g, x), threshold=self.threshold)


class ThresholdBackward1(ThresholdBackward0):
    """d/dx threshold_(x) = 1 where x was > threshold, else 0  (in place: the result is
    saved, and the mask kept, as the value may be above the threshold too)"""

    save_inputs = ()
    save_output = True

    def forward(self, x):
        self._extra = x > self.threshold
        return super().forward(x)

    def backward(self, g):
        (y,) = self.saved
        return F.fused(F.ThresholdInPlaceBackwardBackward0, (g, y), threshold=self.threshold,
                       kept=self.extra)


@register("threshold", grad_fn="ThresholdBackward0", namespaces=_BOTH, sample=fixed(
    (((4,), 0.3, -1.0), {}), (((2, 3), -0.2, 0.5), {})))
def threshold(input, threshold, value, inplace=False):
    """x where x > threshold, else value: d/dx = 1 where x > threshold, else 0"""
    x = check_tensor(input, _named("threshold", inplace))
    check_float(threshold, _named("threshold", inplace), "threshold", 2, "Number")
    check_float(value, _named("threshold", inplace), "value", 3, "Number")
    threshold, value = _scalar_arg(threshold, x), _scalar_arg(value, x)
    refuse_complex("threshold", x)
    # c10's checked conversions: the threshold to the kernel's opmath type (an integer
    # dtype's own), the value to the dtype
    if x._data.dtype.kind in "iu":
        dtypes.checked_scalar(threshold, x._data.dtype)
    dtypes.checked_number(threshold, x._data.dtype, opmath=True)
    dtypes.checked_number(value, x._data.dtype)
    cls = ThresholdBackward1 if inplace else ThresholdBackward0
    return _run(x, inplace, lambda v: apply(cls, (v,), threshold=threshold, value=value))


class HardshrinkBackward0(Node):
    """d/dx (x where |x| > lambd, else 0) = 1 where |x| > lambd, else 0"""

    elementwise = True
    save_inputs = (0,)

    def forward(self, x):
        inside = (x >= -self.lambd) & (x <= self.lambd)
        return np.where(inside, np.zeros((), x.dtype), x)

    def backward(self, g):
        (x,) = self.saved
        return F.fused(F.HardshrinkBackwardBackward0, (g, x), lambd=self.lambd)


@register("threshold_", grad_fn="ThresholdBackward1", function=True, namespaces=_BOTH,
          differentiable=False)
def threshold_(input, threshold, value):
    """in-place threshold: x where x > threshold, else value"""
    return globals()["threshold"](input, threshold, value, inplace=True)


@register("hardshrink", grad_fn="HardshrinkBackward0", method=True, namespaces=_BOTH,
          sample=fixed((((4,),), {}), (((2, 3), 0.3), {})))
def hardshrink(input, lambd=0.5):
    """x where |x| > lambd, else 0: d/dx = 1 where |x| > lambd, else 0"""
    x = _float_only(input, "hardshrink_cpu", "hardshrink")
    dtypes.checked_number(lambd, x._data.dtype)
    return apply(HardshrinkBackward0, (x,), lambd=lambd)


class SoftshrinkBackward0(HardshrinkBackward0):
    """d/dx (x - lambd above lambd, x + lambd below -lambd, else 0) = 1 where |x| > lambd"""

    def forward(self, x):
        lambd = np.asarray(self.lambd, x.dtype)

        def kernel(m, v):       # 0 (nan kept) on ATen's vectors, x * 0 (-0. for x < 0) on its tail
            zero = v * 0 if m is vecmath._Scalar else np.where(v == v, v.dtype.type(0), v)
            return np.where(v > lambd, v - lambd, np.where(v < -lambd, v + lambd, zero))
        if x.dtype == np.float32:
            return vecmath.elementwise(kernel, x, block=vecmath.LANES)   # one vector a step
        if x.dtype == np.float64:           # one vector (8 doubles with AVX-512) a step
            tail = vecmath.scalar_positions([x], block=max(vecmath.LANES // 2, 1))
            return np.where(tail, kernel(vecmath._Scalar, x), kernel(None, x))
        return kernel(vecmath._Scalar, x)

    def backward(self, g):
        (x,) = self.saved
        return F.fused(F.SoftshrinkBackwardBackward0, (g, x), lambd=self.lambd)


@register("softshrink", grad_fn="SoftshrinkBackward0", namespaces=_FN,
          sample=fixed((((4,),), {}), (((2, 3), 0.3), {})))
def softshrink(input, lambd=0.5):
    """x - lambd above lambd, x + lambd below -lambd, else 0: d/dx = 1 where |x| > lambd"""
    x = _float_only(input, "softshrink_check", "softshrink")
    if not 0 <= lambd <= np.finfo(x._data.dtype).max:
        raise TorchRuntimeError(
            f"lambda must be in range [0, {float(np.finfo(x._data.dtype).max):g}] for input "
            f"dtype {x.dtype.legacy}, but found {lambd:g}")
    return apply(SoftshrinkBackward0, (x,), lambd=lambd)


@register("softmin", grad_fn="SoftmaxBackward0", namespaces=_FN, sample=fixed(
    (((4,), 0), {}), (((2, 3), 1), {})))
def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(-x), composed as in PyTorch: d/dx = -y*(g - sum(g*y))"""
    from .reduce import implicit_dim, softmax
    x = check_tensor(input, "softmin")
    if dim is None:
        dim = implicit_dim("softmin", x._data.ndim)
    return softmax(-x if dtype is None else -x.to(dtype), dim)


# -- clamp ------------------------------------------------------------------------------------

def _at_least(x, lo):
    """max(x, lo) as ATen's clamp and relu take it: x unless x < lo, so -0 against a bound
    of 0 stays -0 and nan stays nan (NumPy's maximum(lo, x) returns its second argument on a
    tie, except in float16)."""
    lo = np.asarray(lo, dtype=x.dtype)
    if x.dtype == np.float16:
        return np.where(x < lo, lo, x)
    return np.maximum(lo, x)


def _at_most(x, hi):
    """min(x, hi), the same way"""
    hi = np.asarray(hi, dtype=x.dtype)
    if x.dtype == np.float16:
        return np.where(x > hi, hi, x)
    return np.minimum(hi, x)


def _zero_ties(out, a, b, second):
    """out (NumPy's maximum or minimum of a and b) with the operand ATen's kernel returns
    where a and b are zeros of opposite signs (only there do equal operands differ): b where
    `second` (a mask of the broadcast shape, or a bool), a elsewhere. NaNs stay as NumPy
    propagates them."""
    if out.dtype.kind != "f":
        return out
    with np.errstate(invalid="ignore"):
        ties = (a == 0) & (b == 0)
    if not ties.any():
        return out
    pick = np.where(second(), b, a) if callable(second) else b if second else a
    shape = np.broadcast_shapes(out.shape, ties.shape, pick.shape)
    res = np.array(np.broadcast_to(out, shape), dtype=out.dtype)
    ties = np.broadcast_to(ties, shape)
    res[ties] = np.broadcast_to(pick, shape)[ties]
    return res


def _vector_ties(*arrays):
    """Where ATen's maximum, minimum and clamp kernels return their second operand on a tie
    (a mask, made when asked): where their vectorised loop runs, in steps of 64 bytes of
    the dtype on any CPU (its max_ps returns the second operand on equal ones); the scalar
    loop (std::max, std::min) returns the first."""
    a = arrays[0]
    item = 2 if a.dtype == dtypes.BF16_NP or (a.dtype == np.float32 and bf16_op[0]) else \
        a.dtype.itemsize                # (a bfloat16 or float16 op's: in float32 here)
    made = []

    def mask():
        if not made:
            made.append(~vecmath64.scalar_positions(arrays, 64 // item))
        return made[0]
    return mask


def _in_bf16(a) -> bool:
    """Whether a kernel's operand a is bfloat16 (computed in float32 here: core.bf16_op)."""
    return a.dtype == dtypes.BF16_NP or (a.dtype == np.float32 and bf16_op[0]
                                         and op_format[0] == "bf16")


def _maximum(a, b, second=None):
    """ATen's maximum of a and b (clamp_min's and clamp's with a tensor bound)"""
    return _zero_ties(np.maximum(a, b), a, b, second or _vector_ties(a, b))


def _minimum(a, b, second=None):
    """ATen's minimum of a and b (clamp_max's and clamp's with a tensor bound)"""
    return _zero_ties(np.minimum(a, b), a, b, second or _vector_ties(a, b))


class ClampBackward1(Node):
    """d/dx clamp(x, min, max) = 1 where min <= x <= max, else 0  (number bounds)"""

    save_inputs = (0,)

    def forward(self, x):
        if self.min is not None:
            x = _at_least(x, self.min)
        if self.max is not None:
            x = _at_most(x, self.max)
        return x

    def backward(self, g):
        (x,) = self.saved
        return pass_where(g, _inside(x._data, self.min, self.max))


def _inside(d, lo, hi):
    if d.dtype == dtypes.BF16_NP:       # number bounds in the dtype, as ATen compares them
        lo, hi = (b if b is None or isinstance(b, np.ndarray) else dtypes.to_bf16(b)
                  for b in (lo, hi))
    ok = np.ones(d.shape, dtype=bool)
    if lo is not None:
        ok = ok & (d >= lo)         # a tensor bound may broadcast x to a larger shape
    if hi is not None:
        ok = ok & (d <= hi)
    return ok


class ClampMinBackward0(ClampBackward1):
    """d/dx clamp_min(x, min) = 1 where x >= min, else 0"""


class ClampMaxBackward0(ClampBackward1):
    """d/dx clamp_max(x, max) = 1 where x <= max, else 0"""


class ClampBackward0(Node):
    """d clamp(x, lo, hi) = g where lo <= x <= hi; to lo where x < lo; to hi where x > hi"""

    save_inputs = (0, 1, 2)
    zero_tangents = True        # clamp_jvp's wheres read a missing tangent as zeros

    def forward(self, x, lo, hi):
        if self.has_min and self.has_max:       # ATen's clamp kernel, one loop for both
            second = _vector_ties(x, lo, hi)
            return _minimum(_maximum(x, lo, second), hi, second)
        return _maximum(x, lo) if self.has_min else _minimum(x, hi)


    def jvp(self, inputs, tangents, out):
        """PyTorch's clamp_jvp: where(min > max, max_t, where(self < min, min_t, where(self >
        max, max_t, self_t))) with both bounds (one: where(self > min, self_t, min_t) or
        where(self < max, self_t, max_t))"""
        (x, lo, hi), (tx, tlo, thi) = (t._data for t in inputs), tangents
        if self.has_min and self.has_max:
            return where(wrap(lo > hi), thi, where(wrap(x < lo), tlo,
                                                   where(wrap(x > hi), thi, tx)))
        if self.has_min:
            return where(wrap(x > lo), tx, tlo)
        return where(wrap(x < hi), tx, thi)

    def backward(self, g):
        x, lo, hi = (t._data for t in self.saved)
        n_lo, n_hi = self.has_min, self.has_max
        both = n_lo and n_hi
        if both and self.needs(0):    # ATen: (self >= min).logical_and_(self <= max)
            _in_place_fits(np.broadcast_shapes(x.shape, lo.shape),
                           np.broadcast_shapes(x.shape, hi.shape))
        gx = pass_where(g, _inside(x, lo if n_lo else None, hi if n_hi else None))
        glo = ghi = None
        if n_lo and self.needs(1):
            if both:                  # (self < min).logical_and_(min < max)
                _in_place_fits(np.broadcast_shapes(x.shape, lo.shape),
                               np.broadcast_shapes(lo.shape, hi.shape))
            glo = pass_where(g, (x < lo) & (lo < hi) if n_hi else x < lo)
        if n_hi and self.needs(2):
            if both:                  # (self > max).logical_or_(max < min)
                _in_place_fits(np.broadcast_shapes(x.shape, hi.shape),
                               np.broadcast_shapes(hi.shape, lo.shape))
            ghi = pass_where(g, (x > hi) | (hi < lo) if n_lo else x > hi)
        return gx, glo, ghi


def _in_place_fits(out, other):
    """ATen's in-place logical_and_/logical_or_ of masks shaped out and other: PyTorch's error
    when other broadcasts out to a larger shape."""
    full = np.broadcast_shapes(out, other)
    if full != tuple(out):
        raise TorchRuntimeError(f"output with shape [{', '.join(map(str, out))}] doesn't "
                                f"match the broadcast shape [{', '.join(map(str, full))}]")


class ClampMinBackward1(Node):
    """d clamp_min(x, m) = g where x >= m; to m where x < m"""

    elementwise = True
    save_inputs = (0, 1)
    zero_tangents = True

    def forward(self, x, m):
        return _maximum(x, m)

    def jvp(self, inputs, tangents, out):
        """where(self_p >= min_p, self_t, min_t)"""
        return where(wrap(inputs[0]._data >= inputs[1]._data), *tangents)

    def backward(self, g):
        x, m = (t._data for t in self.saved)
        return pass_where(g, x >= m), pass_where(g, x < m)


class ClampMaxBackward1(Node):
    """d clamp_max(x, m) = g where x <= m; to m where x > m"""

    elementwise = True
    save_inputs = (0, 1)
    zero_tangents = True

    def forward(self, x, m):
        return _minimum(x, m)

    def jvp(self, inputs, tangents, out):
        """where(self_p <= max_p, self_t, max_t)"""
        return where(wrap(inputs[0]._data <= inputs[1]._data), *tangents)

    def backward(self, g):
        x, m = (t._data for t in self.saved)
        return pass_where(g, x <= m), pass_where(g, x > m)


def _clamp_type_error(name, lo, hi):
    got = ", ".join("Tensor" if isinstance(v, Tensor) else type(v).__name__
                    for v in (lo, hi) if v is not None)
    bad = ", ".join(f"!{'Tensor' if isinstance(v, Tensor) else type(v).__name__}!"
                    for v in (lo, hi) if v is not None)
    return TorchTypeError(
        f"{name}() received an invalid combination of arguments - got ({got}), but expected "
        f"one of:\n * (Tensor min = None, Tensor max = None)\n      didn't match because some "
        f"of the arguments have invalid types: ({bad})\n * (Number min = None, Number max = "
        f"None)\n      didn't match because some of the arguments have invalid types: ({bad})\n")


def _number_clamp(cls, x, lo, hi):
    if cls is not ClampBackward1 or not x.dtype.is_floating_point:
        # clamp_min's and clamp_max's check of a complex number, and clamp's of the result
        # type it promotes an integral tensor to (a float one's kernel reads it as a double)
        refuse_complex("clamp", lo, hi, numbers=True)
    lo, hi = (_real_bound(v) for v in (lo, hi))
    scalars = [v for v in (lo, hi) if v is not None]
    rt = dtypes.result_type(((x.dtype, x._data.ndim),), scalars).np
    if rt == np.bool_:              # (bool bounds on a bool tensor: its kernel has no bool)
        kernel = "clamp" if lo is not None and hi is not None else \
            "clamp_min" if lo is not None else "clamp_max"      # (clamp's with one bound too)
        raise TorchNotImplementedError(f"\"{kernel}_scalar_cpu\" not implemented for 'Bool'")
    if rt.kind in "iu":             # c10's checked conversion: -1 wraps into uint8, 300 fails
        lo, hi = (None if v is None else dtypes.checked_scalar(v, rt).item()
                  for v in (lo, hi))
    else:                           # and 1e5 fails in float16
        for v in (lo, hi):
            dtypes.checked_number(v, rt)
    return apply(cls, (x,), None if rt == x._data.dtype else rt, min=lo, max=hi)


def _real_bound(v):
    """A bound of clamp as its kernel reads it, a double: a complex number with an imaginary
    part is c10's overflow error."""
    if v.__class__ is not complex:
        return v
    if v.imag:
        raise TorchRuntimeError("value cannot be converted to type double without overflow")
    return v.real


def _tensor_clamp(x, lo, hi):
    """clamp with tensor bounds: x, min and max broadcast together, in that order, with
    PyTorch's message for the first misfit."""
    present = [t for t in (x, lo, hi) if t is not None]
    broadcast_check(*present)
    rt = dtypes.result_type(tuple((t.dtype, t._data.ndim) for t in present), [])
    if rt.category == 3 or rt.category == 0 and lo is not None and hi is not None:
        # the kernel's: clamp's own, or maximum's (min alone) or minimum's (max alone)
        kernel = "clamp" if lo is not None and hi is not None else \
            "maximum" if lo is not None else "minimum"
        raise TorchNotImplementedError(f"\"{kernel}_cpu\" not implemented for '{rt.legacy}'")
    rt = rt.np
    filler = wrap(np.zeros((), dtype=rt))
    ins = (x, filler if lo is None else lo, filler if hi is None else hi)
    cast = None if all(t._data.dtype == rt for t in ins) else rt
    return apply(ClampBackward0, ins, cast, has_min=lo is not None, has_max=hi is not None)


@register("clamp", grad_fn="ClampBackward1", method=True, aliases=("clip",), sample=fixed(
    (((5,), -0.5, 0.5), {}), (((2, 3),), {"min": 0.3}), (((2, 3),), {"max": -0.3}),
    (((2, 3), (3,), (2, 1)), {}), (((4,), (4,)), {})))
def clamp(input, min=None, max=None):
    """d/dx clamp(x, lo, hi) = 1 where lo <= x <= hi; tensor bounds get the rest (ClampBackward0)"""
    x = check_tensor(input, "clamp")
    if min is None and max is None:
        raise TorchRuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    refuse_complex("clamp", x)
    tensors = [isinstance(v, Tensor) for v in (min, max) if v is not None]
    if any(tensors) and not all(tensors):
        # PyTorch's parser reads a 0-d tensor that needs no grad as a Number (clamp's
        # Scalar overload); any other tensor beside a number fits no overload
        from ..argparser import _scalar_tensor
        if not all(_scalar_tensor(v) for v in (min, max) if isinstance(v, Tensor)):
            raise _clamp_type_error("clamp", min, max)
        min, max = (v.item() if isinstance(v, Tensor) else v for v in (min, max))
    elif any(tensors):
        return _tensor_clamp(x, min, max)
    return _number_clamp(ClampBackward1, x, min, max)


@register("clamp_min", grad_fn="ClampMinBackward0", method=True, sample=fixed(
    (((2, 3), 0.3), {}), (((3,), (3,)), {})))
def clamp_min(input, min):
    """d/dx max(x, min) = 1 where x >= min, else 0 (to min where x < min)"""
    x = check_tensor(input, "clamp_min")
    refuse_complex("clamp_min:tensor" if isinstance(min, Tensor) else "clamp", x, min)
    if isinstance(min, Tensor):
        return binary(ClampMinBackward1, x, min)
    return _number_clamp(ClampMinBackward0, x, min, None)


@register("clamp_max", grad_fn="ClampMaxBackward0", method=True, sample=fixed(
    (((2, 3), 0.3), {}), (((3,), (3,)), {})))
def clamp_max(input, max):
    """d/dx min(x, max) = 1 where x <= max, else 0 (to max where x > max)"""
    x = check_tensor(input, "clamp_max")
    refuse_complex("clamp_max:tensor" if isinstance(max, Tensor) else "clamp", x, max)
    if isinstance(max, Tensor):
        return binary(ClampMaxBackward1, x, max)
    return _number_clamp(ClampMaxBackward0, x, None, max)


# -- minimum / maximum / where ----------------------------------------------------------------

class MinimumBackward0(Node):
    """d min(a, b) = g to the smaller input; g/2 to each when they are equal"""

    save_inputs = (0, 1)
    np_fn = staticmethod(_minimum)
    np_pick = staticmethod(np.less)

    def forward(self, a, b):
        return self.np_fn(a, b)

    def backward(self, g):
        # PyTorch: where(a == b, g / 2, g).masked_fill_(a < b, 0) to a (maximum), the
        # mirror to b; a NaN passes g to both
        a, b = (t._data for t in self.saved)
        equal = a == b
        ga = fill_where(self._halved(g, equal), ~self.np_pick(b, a)) if self.needs(0) else None
        gb = fill_where(self._halved(g, equal), ~self.np_pick(a, b)) if self.needs(1) else None
        return ga, gb

    def jvp(self, inputs, tangents, out):
        """PyTorch's forward formula: other_t + where(self_p == other_p, 0.5,
        self_p < other_p) * (self_t - other_t) (maximum: >)"""
        a, b = (t._data for t in inputs)
        with np.errstate(invalid="ignore"):
            weight = np.where(a == b, 0.5, self.np_pick(a, b))
        return picked_tangent(inputs, tangents, out, weight)

    @staticmethod
    def _halved(g, equal):
        """where(equal, g / 2, g)"""
        if _enabled[0]:
            shape = np.broadcast_shapes(equal.shape, g._data.shape)
            return where(wrap(np.broadcast_to(equal, shape)), g / 2, g)
        if not equal.any():
            return g
        gd = g._data
        return wrap(np.where(equal, gd / np.asarray(2, gd.dtype), gd))


class MaximumBackward0(MinimumBackward0):
    """d max(a, b) = g to the larger input; g/2 to each when they are equal"""

    np_fn = staticmethod(_maximum)
    np_pick = staticmethod(np.greater)


def _pairwise(cls, name, input, other):
    x = check_tensor(input, name)
    other = check_tensor(other, name, "other", 2)
    refuse_complex(name, x, other)
    return binary(cls, x, other)


@register("minimum", grad_fn="MinimumBackward0", method=True, sample=binary_samples())
def minimum(input, other):
    """d min(a, b) = g to the smaller input; g/2 to each when they are equal"""
    return _pairwise(MinimumBackward0, "minimum", input, other)


@register("maximum", grad_fn="MaximumBackward0", method=True, sample=binary_samples())
def maximum(input, other):
    """d max(a, b) = g to the larger input; g/2 to each when they are equal"""
    return _pairwise(MaximumBackward0, "maximum", input, other)


class WhereBackward0(Node):
    """d where(c, a, b) = where(c, g, 0), where(c, 0, g)"""

    linear = True           # its tangent is where(c, t_a, t_b), PyTorch's (signed 0s kept)

    def forward(self, a, b):
        c = self._extra
        return iterator_layout(np.where(c, a, b), (c, a, b))     # the condition first

    def backward(self, g):
        c = wrap(self.extra)                # the condition (released after a backward)
        zero = wrap(np.zeros((), dtype=g._data.dtype))
        ga = where(c, g, zero) if self.needs(0) else None
        gb = where(c, zero, g) if self.needs(1) else None
        return ga, gb


def _where_number(v, rt) -> np.ndarray:
    """A number operand of where in its dtype: checked as c10 converts it, but a float16 or
    bfloat16 one (overflowing to inf there, as in PyTorch)."""
    if rt == np.float16 or rt == dtypes.BF16_NP:
        if v.__class__ is not complex:
            with np.errstate(over="ignore"):
                return dtypes.to_bf16(float(v)) if rt == dtypes.BF16_NP else \
                    dtypes.cast(np.float64(v), rt)
    return dtypes.checked_scalar(v, rt)


def _where_operands(input, other):
    """(a, b, cast): numbers become 0-d tensors, promoted as PyTorch promotes them."""
    pairs, scalars = [], []
    for v in (input, other):
        if isinstance(v, Tensor):
            pairs.append((v.dtype, v._data.ndim))
        elif isinstance(v, (bool, int, float, complex)):
            scalars.append(v)
        else:
            raise TorchTypeError(f"where(): argument 'input' must be Tensor, not "
                                 f"{type(v).__name__}")
    rt = dtypes.result_type(pairs, scalars).np
    a, b = (v if isinstance(v, Tensor) else wrap(_where_number(v, rt)) for v in (input, other))
    same = a._data.dtype == rt and b._data.dtype == rt
    return a, b, None if same else rt


@register("where", grad_fn="WhereBackward0", sample=fixed(
    ((np.array([True, False, True]), (3,), (3,)), {}),
    ((np.array([[True], [False]]), (2, 3), 0.5), {}),
    ((np.array([True, False, False]), (2, 3), (1, 3)), {})))
@one_cpp_call
def where(condition, input=None, other=None):
    """d where(c, a, b) = g where c to a, g elsewhere to b"""
    c = check_tensor(condition, "where", "condition")
    if input is None and other is None:         # (nonzero's, a 0-d condition as one element)
        from .reduce import nonzero
        return nonzero(c, as_tuple=True)
    a, b, cast = _where_operands(input, other)
    cond = c._data
    if cond.dtype == np.uint8:
        from ..errors import warn_cpp
        warn_cpp("where received a uint8 condition tensor. This behavior is deprecated and "
                 "will be removed in a future version of PyTorch. Use a boolean condition "
                 "instead. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
                 "TensorCompare.cpp:621.)", once=True)
        cond = cond.astype(np.bool_)
    if cond.dtype != np.bool_:
        raise TorchRuntimeError(f"where expected condition to be a boolean tensor, but got a "
                                f"tensor with dtype {c.dtype.legacy}")
    try:
        both = np.broadcast_shapes(c._data.shape, a._data.shape)
    except ValueError:
        raise broadcast_error(c._data.shape, a._data.shape) from None
    try:
        np.broadcast_shapes(both, b._data.shape)
    except ValueError:
        raise broadcast_error(both, b._data.shape) from None
    return apply(WhereBackward0, (a, b), cast, _extra=cond)


def _where_method(self, condition, other):
    return where(condition, self, other)


_where_method.__name__ = _where_method.__qualname__ = "where"
Tensor.where = checked(_where_method, "where", True)        # (PyTorch's parser words)


# torch.relu(input) and the others take no `inplace` (nn.functional's do)
def _native_relu(input):
    return relu(input)


def _native_selu(input):
    return selu(input)


def _native_celu(input, alpha=1.0):
    return celu(input, alpha)


def _native_threshold(input, threshold, value):
    return globals()["threshold"](input, threshold, value)


for _name, _fn in (("relu", _native_relu), ("selu", _native_selu), ("celu", _native_celu),
                   ("threshold", _native_threshold)):
    native_signature(_name, _fn)
