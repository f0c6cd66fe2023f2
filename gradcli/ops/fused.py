"""The backward functions PyTorch runs as one op each: tanh_backward, threshold_backward,
mse_loss_backward, _softmax_backward_data …

Without create_graph a gradient is just numbers, and an op's rule computes it however it
likes. With create_graph the gradient is recorded, and PyTorch computes the gradients of
these ops with one dedicated function: the gradient then carries one node named after it
(`TanhBackwardBackward0`), whose inputs are the incoming gradient and the tensors the first
node saved (its `next_functions`), and whose own backward is that function's derivative as
PyTorch's derivatives.yaml gives it. So `x.grad` prints `grad_fn=<TanhBackwardBackward0>`,
and a gradient that depends on x only through a mask (relu, hardtanh, the nll loss) still
requires grad, as in PyTorch: its second derivative is zero, not an error.

Each class here has `rule`, the first-order formula on tensors (a static method taking the
node's constants as keywords), and `backward`, its derivative. An op's node calls
`fused(Cls, inputs, **constants)`: one `Cls` node while the backward builds a graph, else
just `Cls.rule`, nothing recorded.
"""
from __future__ import annotations

import math

import numpy as np

from ..fpmath import FMA_DTYPES, fma
from ..autograd.graph import Node, NotImplemented_
from ..errors import TorchRuntimeError
from .core import (_BF16, _bf16_used, _const, _enabled, apply, bf16_op, op_format, round_op,
                   wrap)
from .sumorder import EXACT_ELEMENTS


def fused(cls, inputs: tuple, **constants):
    """The gradient `cls.rule` computes from `inputs` (the incoming gradient first): one
    `cls` node when the backward builds a graph, else the rule's tensor ops."""
    if _enabled[0] or (_bf16_used[0] and any(_reduced(t) for t in inputs)):
        return apply(cls, inputs, **constants)      # (bfloat16, float16: in float32,
    exact = cls.kernel([t._data for t in inputs], constants)    # rounded once: core)
    if exact is not None:
        return wrap(exact)
    out = cls.rule(*inputs, **constants)
    if cls.contiguous and not out._data.flags.c_contiguous:
        out = out.contiguous()
    return out


def _reduced(t) -> bool:
    d = getattr(t, "_data", None)
    return d is not None and (d.dtype == _BF16 or d.dtype == np.float16)


class FusedBackward(Node):
    """A node whose forward is `rule` on the arrays (wrapped as constants) and the node's
    constants (`constants`)."""

    constants: tuple = ()
    contiguous = False      # ATen's function allocates a contiguous result, whatever the layouts
    # ATen's kernel computes in bfloat16/float16 op by op (scalar_t arithmetic), not in
    # float rounded once as most reduced-precision kernels do (core._reduced_in): True, or
    # "f16" for a kernel with a float branch for bfloat16 only
    rounded_steps = False

    @staticmethod
    def rule(*tensors, **constants):
        raise NotImplementedError

    @classmethod
    def kernel(cls, arrays: list, constants: dict):
        """ATen's kernel on the arrays where it is ported bit for bit (its value with or
        without a graph), else None (the rule's value)."""
        return None

    def forward(self, *arrays):
        kwargs = {name: getattr(self, name) for name in self.constants}
        if bf16_op[0] and self.rounded_steps in (True, op_format[0]):   # each op rounded
            arrays = [round_op(a).astype(_BF16 if op_format[0] == "bf16" else np.float16)
                      if a.dtype == np.float32 else a for a in arrays]
        out = self.kernel(list(arrays), kwargs)
        if out is None:
            out = self.rule(*[wrap(a) for a in arrays], **kwargs)._data
        if self.contiguous:
            return np.asarray(out, order="C")
        if out.ndim > 1 and not all(a.flags.c_contiguous for a in arrays) and \
                all(a.shape == out.shape for a in arrays):
            from .core import iterator_layout           # TensorIterator's: the inputs'
            return iterator_layout(out, list(arrays))
        return out

    def again(self, *inputs):
        """The same function on other inputs (its derivative in its first argument)."""
        return fused(type(self), inputs, **{n: getattr(self, n) for n in self.constants})


def _exact(dtype, arrays) -> bool:
    """Whether a backward kernel of `dtype` runs as ATen's, ported in vecmath (float32) or
    vecmath64 (float64, SLEEF's double functions on its vectors): arrays of one shape and
    that dtype, below EXACT_ELEMENTS (the first-order gradient's kernel, which a recorded
    gradient must equal)."""
    a = arrays[0]
    return all(b.dtype == dtype and b.shape == a.shape for b in arrays) and \
        a.size < EXACT_ELEMENTS


def _exact64(*arrays) -> bool:
    return _exact(np.float64, arrays)


def _exact32(*arrays) -> bool:
    return _exact(np.float32, arrays)


def _zeros_like(t):
    return wrap(np.zeros_like(t._data))


def _where(cond, t):
    """t where cond, else 0 (not t*mask: an inf or nan gradient outside the mask gives 0)."""
    d = t._data
    return wrap(np.where(cond, d, np.zeros((), d.dtype)))


# -- smooth activations -----------------------------------------------------------------------

class _Activation(FusedBackward):
    """The backward function f(g, x) of an elementwise activation (x its input or result):
    d/dg is f itself on gg, d/dx is `input_part` (its double backward function); PyTorch's
    forward formula is the sum of the two on the tangents, `f(g_t, x) + input_part(x_t)`."""

    save_inputs = (0, 1)

    def input_part(self, gg, g, x):
        """PyTorch's derivative of f in x (`self:` or `output:` in derivatives.yaml)."""
        raise NotImplementedError

    def backward(self, gg):
        g, x = self.saved
        return (self.again(gg, x) if self.needs(0) else None,
                self.input_part(gg, g, x) if self.needs(1) else None)

    def jvp(self, inputs, tangents, out):
        """A missing tangent is PyTorch's efficient zero: its term is left out, but f has
        no such shortcut (f runs on materialised zeros, its signed zeros kept)."""
        (g, x), (tg, tx) = inputs, tangents
        first = self.again(_zeros_like(g) if tg is None else tg, x)
        return first if tx is None else first + self.input_part(tx, g, x)


class TanhBackwardBackward0(_Activation):
    """tanh_backward(g, y) = g * (1 - y^2): d/dg = tanh_backward(gg, y), d/dy = -2 y g gg"""


    @staticmethod
    def rule(g, y):
        a, b = g._data, y._data
        if a.dtype == b.dtype and a.dtype in FMA_DTYPES and b.size < EXACT_ELEMENTS:
            return wrap(a * fma(-b, b, np.ones((), b.dtype)))     # ATen's kernel, contracted
        return g * (1 - y * y)

    def input_part(self, gg, g, y):
        return gg * (y * -2 * g)


class SigmoidBackwardBackward0(_Activation):
    """sigmoid_backward(g, y) = g * y(1 - y): d/dg = sigmoid_backward(gg, y),
    d/dy = gg g (1 - 2y)"""


    rounded_steps = "f16"           # (float16 takes the generic scalar_t kernel)

    @staticmethod
    def rule(g, y):
        return g * (1 - y) * y              # in ATen's order: (g * (1 - y)) * y

    def input_part(self, gg, g, y):
        return gg * g * (y * -2 + 1)


class LogSigmoidBackwardBackward0(_Activation):
    """log_sigmoid_backward(g, x) = g * sigmoid(-x): d/dx = gg g s(s - 1), s = sigmoid(x)"""


    @staticmethod
    def rule(g, x):
        a, b = g._data, x._data
        if a.dtype == b.dtype == np.float32 and a.shape == b.shape:
            from .. import vecmath     # (float32 kernels: loaded at first use)
            return wrap(vecmath.log_sigmoid_backward(b, vecmath.log_sigmoid_buffer(b), a))
        if _exact64(a, b):
            from .. import vecmath64
            return wrap(vecmath64.log_sigmoid_backward(b, vecmath64.log_sigmoid_buffer(b), a))
        return g * (-x).sigmoid()

    def input_part(self, gg, g, x):
        z = x.sigmoid()
        return gg * g * (z - 1) * z


class SoftplusBackwardBackward0(_Activation):
    """softplus_backward(g, x) = g * sigmoid(beta x) (g where beta x > threshold):
    d/dx = gg g beta s(1 - s) where beta x < threshold"""

    constants = ("beta", "threshold")

    @staticmethod
    def rule(g, x, *, beta, threshold):
        a, b = g._data, x._data
        if a.dtype == b.dtype == np.float32 and a.shape == b.shape:    # ATen's kernel
            from .. import vecmath
            soft = vecmath.softplus_backward(a, b, beta)
            return wrap(np.where(b * np.float32(beta) > np.float32(threshold), a, soft))
        if _exact64(a, b):
            from .. import vecmath64
            return wrap(vecmath64.softplus_backward(a, b, beta, threshold))
        z = (x * beta).sigmoid()
        linear = _const(x, x._data * beta > threshold)
        return g * (linear + (1 - linear) * z)

    def input_part(self, gg, g, x):
        """softplus_double_backward: sigmoid_backward(gg g, sigmoid(beta x)), masked, * beta"""
        bx = x * self.beta
        below = _const(x, bx._data < self.threshold)
        return fused(SigmoidBackwardBackward0, (gg * g, bx.sigmoid())) * below * self.beta


_GELU_K = math.sqrt(2.0 / math.pi)
_GELU_C = 0.044715
_INV_SQRT2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _gelu_second(x, approximate):
    """gelu''(x) as gelu_double_backward writes it (recorded under create_graph):
    tanh: with f = x/2, g = 1 - t^2, h = u', gelu'' = 2 f'gh + f h g' + f g h'"""
    if approximate != "tanh":
        sq = x * x
        pdf = (sq * -0.5).exp() * _INV_SQRT_2PI
        return pdf * 2 - sq * pdf
    inner = (x + x.pow(3) * _GELU_C) * _GELU_K
    t = inner.tanh()
    sech = 1 / inner.cosh()
    f = x * 0.5
    g = 1 - t * t
    h = (x * (3 * _GELU_C) * x + 1) * _GELU_K
    g_prime = (sech * 2) * (-sech * t) * h
    h_prime = x * (6 * _GELU_C) * _GELU_K
    return (g * 0.5 * h) * 2 + f * h * g_prime + f * g * h_prime


class GeluBackwardBackward0(_Activation):
    """gelu_backward(g, x) = g * gelu'(x): d/dx = gg g gelu''(x)"""

    constants = ("approximate",)

    @classmethod
    def kernel(cls, arrays, constants):
        """float32: the kernel of the first-order gradient (`GeluBackward0`)."""
        g, x = arrays
        if not _exact32(g, x):
            return None
        from .. import vecmath
        if constants["approximate"] == "tanh":
            return vecmath.gelu_tanh_backward(g, x)
        from .activation import _gelu_erf_kernel
        return _gelu_erf_kernel(x)[1](g, x)

    @staticmethod
    def rule(g, x, *, approximate):
        if _exact64(g._data, x._data):      # ATen's GeluBackwardKernelImpl on float64
            from .. import vecmath64
            kernel = vecmath64.gelu_tanh_backward if approximate == "tanh" else \
                vecmath64.gelu_backward
            return wrap(kernel(g._data, x._data))
        if approximate == "tanh":
            t = ((x + x * x * x * _GELU_C) * _GELU_K).tanh()
            inner = (x * x * (3 * _GELU_C) + 1) * _GELU_K
            return g * ((t + 1) * 0.5 + x * 0.5 * (1 - t * t) * inner)
        from .unary import erf
        cdf = (erf(x * _INV_SQRT2) + 1) * 0.5
        pdf = (x * x * -0.5).exp() * _INV_SQRT_2PI
        return g * (cdf + x * pdf)

    def input_part(self, gg, g, x):
        """gelu_double_backward: gg g gelu''(x), gelu'' in PyTorch's ops in any grad mode"""
        return gg * g * _gelu_second(x, self.approximate)


class EluBackwardBackward0(_Activation):
    """elu_backward(g, x or y): g*scale where positive, else g*scale*alpha*input_scale*
    exp(input_scale*x) (from the result y: g*input_scale*(y + alpha*scale)); its derivative
    in x or y is elu_double_backward"""

    constants = ("alpha", "scale", "input_scale", "is_result")

    @staticmethod
    def rule(g, x, *, alpha, scale, input_scale, is_result):
        """ATen's elu_backward kernel, in its order: g ipt (x + neg) or g ipt neg
        exp(x ipt) where x <= 0, else g scale (neg = alpha scale, ipt = input_scale)"""
        gd, xd = g._data, x._data
        if _exact64(gd, xd):                # SLEEF's exp on the vectors, glibc's on the tail
            from .. import vecmath64
            return wrap(vecmath64.elu_backward(gd, xd, alpha, scale, input_scale, is_result))
        if _exact32(gd, xd):                # SLEEF's expf on the vectors, glibc's on the tail
            from .. import vecmath
            return wrap(vecmath.elu_backward(gd, xd, alpha, scale, input_scale, is_result))
        neg = alpha * scale
        with np.errstate(all="ignore"):
            if is_result:
                curve = gd * input_scale * (xd + neg)
            else:
                curve = gd * input_scale * neg * np.exp(xd * input_scale)
            return wrap(np.where(xd > 0, gd * scale, curve).astype(
                np.result_type(gd, xd), copy=False))

    def input_part(self, gg, g, x):
        neg = _const(x, x._data < 0)
        if self.is_result:
            return gg * g * self.input_scale * neg
        return self.again(gg * g * self.input_scale, x) * neg


# -- piecewise activations: the derivative in the saved tensor is zero ------------------------

class _Masked(FusedBackward):
    """A backward that passes g where `mask` holds, else 0: d/dg is itself, d/dx is 0."""

    save_inputs = (0, 1)

    @staticmethod
    def mask(x, **constants):
        raise NotImplementedError

    @classmethod
    def rule(cls, g, x, **constants):
        return _where(cls.mask(x._data, **constants), g)

    def backward(self, gg):
        g, x = self.saved
        return (self.again(gg, x) if self.needs(0) else None,
                _zeros_like(gg) if self.needs(1) else None)


class ThresholdBackwardBackward0(_Masked):
    """threshold_backward(g, x, threshold) = 0 where x <= threshold, else g (NaN passes)"""

    constants = ("threshold",)

    @staticmethod
    def mask(x, *, threshold):
        return ~(x <= threshold)


class ThresholdInPlaceBackwardBackward0(ThresholdBackwardBackward0):
    """threshold_backward after threshold_: the result no longer tells where x was above
    the threshold (value may be above it too), so the forward's mask (`kept`) is used"""

    constants = ("threshold", "kept")

    @staticmethod
    def mask(x, *, threshold, kept):
        return kept


ThresholdInPlaceBackwardBackward0.__name__ = "ThresholdBackwardBackward0"
ThresholdInPlaceBackwardBackward0.__qualname__ = "ThresholdBackwardBackward0"


class HardtanhBackwardBackward0(_Masked):
    """hardtanh_backward(g, x) = 0 where x <= min_val or x >= max_val, else g (NaN
    passes)"""

    constants = ("min_val", "max_val")

    @staticmethod
    def mask(x, *, min_val, max_val):
        return ~((x <= min_val) | (x >= max_val))


class HardshrinkBackwardBackward0(_Masked):
    """hardshrink_backward(g, x) = g where |x| > lambd, else 0"""

    constants = ("lambd",)

    @staticmethod
    def mask(x, *, lambd):
        return (x > lambd) | (x < -lambd)


class SoftshrinkBackwardBackward0(HardshrinkBackwardBackward0):
    """softshrink_backward(g, x) = g where |x| > lambd, else 0"""


class LeakyReluBackwardBackward0(FusedBackward):
    """leaky_relu_backward(g, x) = g where x > 0, else g*negative_slope; d/dx = 0"""

    save_inputs = (0, 1)
    constants = ("negative_slope",)

    @staticmethod
    def rule(g, x, *, negative_slope):
        return g * _const(x, np.where(x._data > 0, 1.0, negative_slope))

    def backward(self, gg):
        g, x = self.saved
        return (self.again(gg, x) if self.needs(0) else None,
                _zeros_like(gg) if self.needs(1) else None)


class HardswishBackwardBackward0(_Activation):
    """hardswish_backward(g, x) = g*(x/3 + 1/2) on (-3, 3), g above, 0 below:
    d/dx = gg g / 3 on (-3, 3)"""


    @classmethod
    def kernel(cls, arrays, constants):
        """ATen's kernel: exactly 0 at or below -3, g at or above 3."""
        gd, xd = arrays
        if not (xd.dtype == gd.dtype and xd.dtype.kind == "f"):
            return None
        t = xd.dtype.type
        with np.errstate(all="ignore"):
            mid = gd * (xd / t(3) + t(0.5))
        return np.where(xd <= -3, t(0), np.where(xd < 3, mid, gd)).astype(xd.dtype)

    @staticmethod
    def rule(g, x):
        mid = _const(x, (x._data > -3) & (x._data < 3))
        high = _const(x, x._data >= 3)
        return g * (mid * (x / 3 + 0.5) + high)

    def input_part(self, gg, g, x):
        from .activation import where
        inside = wrap((x._data > -3) & (x._data < 3))
        return where(inside, gg * g / 3.0, _const(gg, 0))


class PreluKernelBackwardBackward0(FusedBackward):
    """_prelu_kernel_backward(g, x, w) = (g where x > 0 else w g, 0 where x > 0 else x g in
    x's shape: the engine sums it to w's, a SumBackward1 under create_graph, as PyTorch's
    validate_outputs); its derivative (PyTorch's, with x >= 0 for the side): to g,
    where(x >= 0, gg_x, gg_x w + gg_w x); to x, where(x >= 0, 0, g gg_w); to w,
    where(x >= 0, 0, g gg_x). An undefined gg gives zeros, so d/dx of the x-gradient is 0."""

    save_inputs = (0, 1, 2)
    n_outputs = 2
    materialize_grads = False

    @staticmethod
    def rule(g, x, w):
        pos = x._data > 0
        gx = g * _const(x, np.where(pos, 1, np.broadcast_to(w._data, pos.shape)))
        gw = _const(w, np.where(pos, 0, x._data * g._data).astype(w._data.dtype, copy=False))
        return gx, gw

    def forward(self, g, x, w):
        return tuple(t._data for t in self.rule(wrap(g), wrap(x), wrap(w)))

    def backward(self, gg_x, gg_w):
        from .activation import where
        g, x, w = self.saved
        neg = wrap(x._data >= 0)
        zero = _const(g, 0.0)
        gg = None
        if self.needs(0):
            if gg_x is None:
                gg = where(neg, zero, gg_w * x)
            else:
                gg = where(neg, gg_x, gg_x * w if gg_w is None else gg_x * w + gg_w * x)
        gx = gw = None
        if self.needs(1):
            gx = _zeros_like(x) if gg_w is None else where(neg, zero, g * gg_w)
        if self.needs(2):
            gw = _zeros_like(x) if gg_x is None else where(neg, zero, g * gg_x)
        return gg, gx, gw


def _sum_to(a, shape):
    """Array a summed over the dimensions it was broadcast along from shape."""
    lead = a.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape)
                                      if n == 1 and a.shape[lead + i] != 1)
    return a.sum(axis=axes, keepdims=True).reshape(shape) if axes else a


class SoftMarginLossBackwardBackward0(FusedBackward):
    """soft_margin_loss_backward(g, x) = -y sigmoid(-y x) g (/N for mean; y the target):
    d/dx = gg g y^2 z/(1 + z)^2 with z = exp(-y x); d/dg = the same backward on gg (summed
    for a reduced loss)"""

    save_inputs = (0, 1)
    constants = ("reduction", "target")

    @staticmethod
    def rule(g, x, *, reduction, target):
        # ATen's order: z = exp(-y x) and the quotient in the target's dtype, each product
        # rounded into a gradient of the input's dtype
        y = wrap(target)
        z = (-y * x).exp()
        n = x._data.size
        norm = (1.0 / n if n else math.inf) if reduction == "mean" else 1.0
        gi = (y * z).to(x.dtype) * -norm
        return (gi / (z + 1)).to(x.dtype) * g

    def backward(self, gg):
        g, x = self.saved
        y = wrap(self.target)
        gg_in = gx = None
        if self.needs(0):
            if self.reduction == "none":
                gg_in = self.again(gg, x)
            else:
                ones = _const(g, np.ones(g._data.shape))
                gg_in = (self.again(ones, x) * gg).sum()
        if self.needs(1):
            z = (x * -y).exp()
            zplus1 = z + 1
            gx = gg * g * y * y * z / (zplus1 * zplus1)
            if self.reduction == "mean":
                gx = gx / x._data.size
            if gx.dtype is not x.dtype:
                gx = gx.to(x.dtype)
        return gg_in, gx

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode formula for soft_margin_loss_backward (forward over
        reverse of soft_margin_loss)."""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("soft_margin_loss_backward")


def not_implemented(function: str, value, inputs: tuple):
    """The gradient `value` (a tensor); with create_graph, recorded as PyTorch records a
    backward function without a derivative (hardsigmoid's): on a NotImplemented node over
    those of `inputs` that require grad, which raises when run."""
    if not _enabled[0]:
        return value
    from ..autograd import forward_ad
    if forward_ad.ACTIVE[0] and forward_ad.has_tangent(inputs):   # forward over reverse
        from .extra import TorchNotImplementedError
        raise TorchNotImplementedError(f"Trying to use forward AD with aten::{function} that "
                                       "does not support it.")
    needing = tuple(t for t in inputs if t.requires_grad)
    if not needing:
        return value
    return apply(NotImplemented_, needing, value=value._data,
                 message=f"derivative for aten::{function} is not implemented")


# -- linear ops: pools, edge pads, upsampling --------------------------------------------------

class _Adjoint(FusedBackward):
    """The backward function of an op linear in its input (`op`, the forward's node): its
    rule is that node's own backward on g (`composite`); its gradient in g is the op again on
    gg (the adjoint of the adjoint), and in self, when it takes self, zeros_like(self)."""

    constants = ("op", "composite", "params")
    takes_self = True

    @staticmethod
    def rule(g, *self_, op, composite, params):
        return composite(op, g)

    def backward(self, gg):
        gin = apply(type(self.op), (gg,), **self.params) if self.needs(0) else None
        if not self.takes_self:
            return gin
        shape, dtype = self._in_meta[1]
        return gin, (wrap(np.zeros(shape, dtype)) if self.needs(1) else None)


def linear_backward(name: str, takes_self: bool = True):
    """Class decorator for the node of an op linear in its input whose backward PyTorch runs
    as one function (avg_pool2d_backward, reflection_pad2d_backward,
    upsample_bilinear2d_backward ...): with create_graph the gradient is one `name` node over
    (g, self), or (g,) for a function that takes only self's size (`takes_self` False, the
    upsamplings), as in PyTorch; the op then saves its input, as PyTorch's node does."""
    def decorate(cls):
        composite = cls.backward
        adjoint = type(name, (_Adjoint,), {"__doc__": _Adjoint.__doc__,
                                           "takes_self": takes_self})
        if takes_self:
            cls.save_inputs = (0,)

        def backward(self, g):
            saved = self.saved if takes_self else ()      # unpacked (checked) as PyTorch's
            if not _enabled[0]:
                return composite(self, g)
            params = {k: v for k, v in self.__dict__.items() if k != "_metadata"}
            inputs = (g, saved[0]) if takes_self else (g,)
            return apply(adjoint, inputs, op=self, composite=composite, params=params)
        backward.__doc__ = composite.__doc__
        cls.backward = backward
        return cls
    return decorate


# -- softmax ----------------------------------------------------------------------------------

def _vector_last(g, y, dim, along="along_last") -> bool:
    """A softmax gradient ATen's vectorised last-dim kernel gives (`vecmath`; its float64
    one with along="along_last64")."""
    from .. import vecmath
    return getattr(vecmath, along)(y._data, dim) and g._data.dtype == y._data.dtype and \
        g._data.shape == y._data.shape


def _kernel_row_sum(t, dim):
    """t.sum(dim, keepdim=True) as the softmax backward kernels add along the last dim (or of
    a 0-d tensor): from a row's first element, so a row of -0 sums to -0, not +0."""
    s = t.sum(dim, keepdim=True)
    d = t._data
    if not d.ndim or dim == d.ndim - 1:
        neg = np.all(np.signbit(d) & (d == 0), axis=dim if d.ndim else None, keepdims=True)
        if neg.any():
            s._data = np.where(neg, np.asarray(-0.0, s._data.dtype), s._data)
    return s


class SoftmaxBackwardDataBackward0(FusedBackward):
    """_softmax_backward_data(g, y) = y (g - sum(g y)): d/dg = itself on gg,
    d/dy = gg (g - sum(g y)) - g sum(gg y)"""

    save_inputs = (0, 1)
    constants = ("dim",)

    @staticmethod
    def rule(g, y, *, dim):
        if _vector_last(g, y, dim):
            from .. import vecmath
            return wrap(vecmath.softmax_backward_last(g._data, y._data))
        if _vector_last(g, y, dim, "along_last64"):
            from .. import vecmath
            return wrap(vecmath.softmax_backward_last64(g._data, y._data))
        return y * (g - _kernel_row_sum(g * y, dim))

    @staticmethod
    def jvp_decomposition(g, y, *, dim):
        """PyTorch's decomposition of _softmax_backward_data, which forward AD runs in its
        place (its value and tangent from these ops): g y - y sum(g y)"""
        gy = g * y
        return (gy - y * gy.sum(dim, keepdim=True)).contiguous()

    def backward(self, gg):
        g, y = self.saved
        gy = None
        if self.needs(1):
            gy = g * gg - (y * g).sum(self.dim, keepdim=True) * gg - \
                g * (y * gg).sum(self.dim, keepdim=True)
        return (self.again(gg, y) if self.needs(0) else None), gy


class LogSoftmaxBackwardDataBackward0(FusedBackward):
    """_log_softmax_backward_data(g, y) = g - exp(y) sum(g): d/dg = gg - sum(gg exp(y)),
    d/dy = -sum(g) exp(y) gg"""

    save_inputs = (0, 1)
    constants = ("dim",)

    @staticmethod
    def rule(g, y, *, dim):
        if _vector_last(g, y, dim):
            from .. import vecmath
            return wrap(vecmath.log_softmax_backward_last(g._data, y._data))
        if _vector_last(g, y, dim, "along_last64"):
            from .. import vecmath
            return wrap(vecmath.log_softmax_backward_last64(g._data, y._data))
        return g - y.exp() * _kernel_row_sum(g, dim)

    @staticmethod
    def jvp_decomposition(g, y, *, dim):
        """PyTorch's decomposition of _log_softmax_backward_data, which forward AD runs in
        its place: g - exp(y) sum(g)"""
        return g - y.exp() * g.sum(dim, keepdim=True)

    def backward(self, gg):
        g, y = self.saved
        dim = self.dim
        gg_in = gg - (gg * y.exp()).sum(dim, keepdim=True) if self.needs(0) else None
        gy = -g.sum(dim, keepdim=True) * y.exp() * gg if self.needs(1) else None
        return gg_in, gy


# -- losses -----------------------------------------------------------------------------------

def _spread(g, reduction, shape):
    """The incoming gradient of a reduced loss, spread over the elements (1/N for mean)."""
    if reduction == "mean":
        return g / (int(np.prod(shape)) or 1)
    return g


def _norm(reduction, a, scale=1.0):
    """ATen's loss-backward kernels' `norm` (scale/N for mean, scale otherwise) as a number of
    the dtype, the first factor of their products."""
    n = a._data.size
    value = scale / n if reduction == "mean" and n else scale
    return _const(a, np.asarray(value, dtype=a._data.dtype))


def _huber_kernel(delta: float):
    """ATen's huber_backward kernel (per element g, input a, target b; norm 1/N for the
    mean): its vector lanes give (norm*delta)*g past +-delta, its scalar tail
    (norm*g)*delta with delta a double, comparing in double; (norm*x)*g inside."""
    from .. import vecmath                  # (float32 kernels: loaded at first use)
    d32 = np.float32(delta)

    def make(norm):
        def kernel(m, g, a, b):
            x = a - b
            inner = (norm * x) * g
            if m is vecmath._Scalar:
                outer = ((norm * g).astype(np.float64) * delta).astype(np.float32)
                x64 = x.astype(np.float64)      # PyTorch's scalar loop compares in double
                return np.where(x64 <= -delta, -outer, np.where(x64 >= delta, outer, inner))
            outer = (norm * d32) * g
            return np.where(x <= -d32, -outer, np.where(x >= d32, outer, inner))
        return kernel
    return make


def _smooth_l1_kernel(beta: float):
    """ATen's smooth_l1_backward kernel: +-norm*g past +-beta; inside, its vector lanes give
    (norm*(x/beta))*g, its scalar tail ((norm*x)*g)/beta with beta a double."""
    from .. import vecmath
    b32 = np.float32(beta)

    def make(norm):
        def kernel(m, g, a, b):
            x = a - b
            if m is vecmath._Scalar:
                x64 = x.astype(np.float64)
                inner = (((norm * x) * g).astype(np.float64) / beta).astype(np.float32)
                return np.where(x64 <= -beta, -norm * g, np.where(x64 >= beta, norm * g, inner))
            sign = np.where(x > 0, np.float32(1), np.float32(-1))
            return np.where(np.abs(x) >= b32, (norm * sign) * g, (norm * (x / b32)) * g)
        return kernel
    return make


class _PairLoss(FusedBackward):
    """loss_backward(g, a, b): the gradient in a of a loss of (a - b); its derivative in a
    is `second(gg*g, a, b)`, in b the negative. ATen's backward functions (mse_loss_backward
    ...) write into a contiguous gradient."""

    save_inputs = (0, 1, 2)
    contiguous = True

    port = None             # ATen's float32 kernel: port(constant)(norm) for vecmath

    def second(self, h, a, b):
        """The derivative in a of the loss's backward times h, before mean's 1/N."""
        raise NotImplementedError

    @classmethod
    def kernel(cls, arrays, constants):
        g, a, b = arrays
        if cls.port is None or not (g.dtype == a.dtype == b.dtype == np.float32
                                    and 0 < a.size < EXACT_ELEMENTS):
            return None
        from .. import vecmath
        norm = 1.0 / a.size if constants["reduction"] == "mean" else 1.0
        run = cls.port(constants[cls.constants[1]])(np.float32(norm))
        return vecmath.elementwise(run, g, a, b, block=16)   # AVX2's loop: 8-float vectors

    def backward(self, gg):
        g, a, b = self.saved
        ga = gb = None
        if self.needs(1) or self.needs(2):
            h = self._double(gg * g, a, b)
            ga = h if self.needs(1) else None
            gb = -h if self.needs(2) else None
        return (self.again(gg, a, b) if self.needs(0) else None), ga, gb

    def _double(self, h, a, b):
        """The loss's double backward function (mse_loss_double_backward ...) on h."""
        h = self.second(h, a, b)
        return h / a._data.size if self.reduction == "mean" else h

    def jvp(self, inputs, tangents, out):
        """PyTorch's forward formula: double(a_t g, a, b) - double(b_t g, a, b) +
        loss_backward(g_t, a, b); a missing tangent is an efficient zero (a term of it left
        out, but subtracting from it and loss_backward run on materialised zeros)."""
        (g, a, b), (tg, ta, tb) = inputs, tangents
        self._check_zero_tangents(ta, tb)
        first = None if ta is None else self._double(ta * g, a, b)
        if tb is not None:
            second = self._double(tb * g, a, b)
            first = (_zeros_like(second) if first is None else first) - second
        last = self.again(_zeros_like(g) if tg is None else tg, a, b)
        return last if first is None else first + last

    def _check_zero_tangents(self, ta, tb) -> None:
        """PyTorch's error for a missing tangent, where the loss's double backward function
        writes into the efficient zero standing for it (none here; mse_loss's below)."""


class MseLossBackwardBackward0(_PairLoss):
    """mse_loss_backward(g, a, b) = 2(a - b) g (/N for mean)"""

    constants = ("reduction",)
    rounded_steps = True

    @staticmethod
    def rule(g, a, b, *, reduction):
        return _norm(reduction, a, 2.0) * (a - b) * g       # ATen's mse_backward kernel

    def second(self, h, a, b):
        return h * 2

    def _check_zero_tangents(self, ta, tb) -> None:
        """mse_loss_double_backward divides its result in place for the mean"""
        if self.reduction == "mean" and (ta is None or tb is None):
            raise TorchRuntimeError("ZeroTensors are immutable. Please use the materialized "
                                    "zero tensor obtained using .clone() if you want a mutable "
                                    "tensor.")


class SmoothL1LossBackwardBackward0(_PairLoss):
    """smooth_l1_loss_backward(g, a, b): g (a - b)/beta where |a - b| < beta, else g sign"""

    constants = ("reduction", "beta")

    @staticmethod
    def rule(g, a, b, *, reduction, beta):
        d = a - b                          # ATen's vectorised kernel: norm * slope * g
        quad = _const(d, np.abs(d._data) < beta)
        slope = quad * d / (beta or 1) + (1 - quad) * d.sign()
        return _norm(reduction, a) * slope * g

    def second(self, h, a, b):
        quad = _const(a, np.abs(a._data - b._data) < self.beta)
        return h * quad / (self.beta or 1)

    port = staticmethod(_smooth_l1_kernel)


class HuberLossBackwardBackward0(_PairLoss):
    """huber_loss_backward(g, a, b): g (a - b) where |a - b| < delta, else g delta sign"""

    constants = ("reduction", "delta")

    @staticmethod
    def rule(g, a, b, *, reduction, delta):
        d = a - b                          # ATen's vectorised kernel: norm * slope * g
        from .activation import where      # (past +-delta the slope is +-delta, also at inf)
        slope = where(wrap(np.abs(d._data) < delta), d, d.sign() * delta)
        return _norm(reduction, a) * slope * g

    def second(self, h, a, b):
        return h * _const(a, np.abs(a._data - b._data) < self.delta)

    port = staticmethod(_huber_kernel)

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode formula for huber_loss_backward (forward over
        reverse of huber_loss)."""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("huber_loss_backward")


class BinaryCrossEntropyBackwardBackward0(FusedBackward):
    """binary_cross_entropy_backward(g, x, t) = g w (x - t)/(x(1 - x))"""

    save_inputs = (0, 1, 2)
    constants = ("reduction", "weight")

    @staticmethod
    def rule(g, x, t, *, reduction, weight):
        r = g * (x - t) / ((1 - x) * x).clamp(min=1e-12)     # ATen's order: the weight and
        if weight is not None:                               # the mean's 1/N come last
            r = r * wrap(weight)
        if reduction == "mean":
            r = r / (x._data.size or 1)
        return r

    def backward(self, gg):
        g, x, t = self.saved
        return (self.again(gg, x, t) if self.needs(0) else None,
                self._input_part(gg, g, x, t) if self.needs(1) else None,
                self._target_part(gg, g, x, t) if self.needs(2) else None)

    def _input_part(self, gg, g, x, t):
        """binary_cross_entropy_double_backward(g, gg, x, t)"""
        eps = 1e-12
        gx = (x * x - x * 2 * t + t) / ((x + eps) ** 2 * (1 - x + eps) ** 2) * (gg * g)
        if self.weight is not None:
            gx = gx * wrap(self.weight)
        return gx / x._data.size if self.reduction == "mean" else gx

    def _target_part(self, gg, g, x, t):
        """binary_cross_entropy_double_backward_target(gg, g, x, t)"""
        gt = -gg * g
        if self.weight is not None:
            gt = gt * wrap(self.weight)
        gt = gt / ((1 - x) * x).clamp(min=1e-12)
        return gt / x._data.size if self.reduction == "mean" else gt

    def jvp(self, inputs, tangents, out):
        """PyTorch's forward formula: the input's and the target's double backward functions
        on their tangents, plus binary_cross_entropy_double_backward_grad_output on g's;
        missing tangents are efficient zeros, their terms left out."""
        (g, x, t), (tg, tx, tt) = inputs, tangents
        terms = [self._input_part(tx, g, x, t) if tx is not None else None,
                 self._target_part(tt, g, x, t) if tt is not None else None,
                 self._grad_output_part(tg, x, t) if tg is not None else None]
        total = None              # (forward AD asks only when some tangent is there)
        for term in terms:
            if term is not None:
                total = term if total is None else total + term
        return total

    def _grad_output_part(self, gg, x, t):
        eps = 1e-12
        ggo = (x - t) / ((x + eps) * (1 - x + eps)) * gg
        if self.weight is not None:
            ggo = ggo * wrap(self.weight)
        return ggo / x._data.size if self.reduction == "mean" else ggo


class NllLossBackwardBackward0(FusedBackward):
    """nll_loss_backward(g, x) = -w[t] g at each target class (/W for mean): d/dg is the nll
    loss of gg, d/dx is 0"""

    save_inputs = (0, 1)
    constants = ("reduction", "total_weight", "safe_target", "w_t", "ignored")

    @staticmethod
    def rule(g, x, *, reduction, total_weight, safe_target, w_t, ignored):
        """ATen's nll_loss_backward: w[t] * -(g / W) at each target (W the forward's total
        weight, as the forward summed it), +0 where ignored"""
        shape, dtype = x._data.shape, x._data.dtype
        cdim = 0 if len(shape) == 1 else 1
        gd = np.asarray(g._data, dtype)
        if reduction == "mean":
            with np.errstate(all="ignore"):
                gd = gd / np.asarray(total_weight, dtype)
        with np.errstate(all="ignore"):
            written = np.where(ignored, np.zeros((), dtype), w_t * -gd).astype(dtype)
        out = np.zeros(shape, dtype)        # contiguous, as ATen's zeros_like(input)
        np.put_along_axis(out, np.expand_dims(safe_target, cdim),
                          np.expand_dims(np.broadcast_to(written, safe_target.shape), cdim),
                          cdim)
        return wrap(out)

    first = "NllLossBackward0"

    def backward(self, gg):
        from . import loss
        gg_in = None
        if self.needs(0):
            gg_in = apply(getattr(loss, self.first), (gg,), reduction=self.reduction,
                          safe_target=self.safe_target, w_t=self.w_t, ignored=self.ignored)
        return gg_in, (_zeros_like(gg) if self.needs(1) else None)


class NllLoss2DBackwardBackward0(NllLossBackwardBackward0):
    """nll_loss2d_backward: as nll_loss_backward, for inputs with spatial dims"""

    first = "NllLoss2DBackward0"


def _glu_backward_kernel(g: np.ndarray, x: np.ndarray, dim: int) -> np.ndarray:
    """ATen's glu_backward: s = sigmoid(b) (its sigmoid kernel, on the half's layout), then
    [s g, (1 - s) s a g] in that order (glu_backward_cpu_out)."""
    from .. import vecmath, vecmath64
    a, b = np.split(x, 2, axis=dim)                 # views, laid out as PyTorch's halves
    one = x.dtype.type(1)
    out = np.split(np.empty(x.shape, x.dtype), 2, axis=dim)[0]   # grad_input's first half
    vec, sca = (vecmath._Vector, vecmath._Scalar) if x.dtype == np.float32 else \
        (vecmath64._Vector, vecmath64._Scalar)
    tail = vecmath64.scalar_positions([b], 8 * vecmath.LANES // x.dtype.itemsize, out)
    s = np.empty(b.shape, x.dtype)
    with np.errstate(all="ignore"):
        for m, where in ((vec, ~tail), (sca, tail)):
            if where.any():
                s[where] = one / (one + m.exp(-b[where]))
        return np.concatenate([s * g, (((one - s) * s) * a) * g], axis=dim).astype(
            x.dtype, copy=False)


class GluBackwardBackward0(FusedBackward):
    """glu_backward(g, x) = [g s, g a s(1 - s)] along dim (a, b the halves, s = sigmoid(b)):
    d/dg = gg_a s + gg_b a s(1 - s); d/da = gg_b g s(1 - s),
    d/db = gg_a g s(1 - s) + gg_b g a s(1 - s)(1 - 2s)"""

    save_inputs = (0, 1)
    constants = ("dim",)

    @staticmethod
    def rule(g, x, *, dim):
        from .shape import cat
        gd, xd = g._data, x._data
        if gd.dtype == xd.dtype and gd.dtype in (np.float32, np.float64) and \
                xd.size < EXACT_ELEMENTS:
            return wrap(_glu_backward_kernel(gd, xd, dim))
        h = x._data.shape[dim] // 2
        a, b = x.narrow(dim, 0, h), x.narrow(dim, h, h)
        s = b.sigmoid()
        return cat([g * s, g * a * s * (1 - s)], dim)

    def jvp(self, inputs, tangents, out):
        """PyTorch's glu_backward_jvp (out = [g s, g s a (1 - s)], the primal): d out_a =
        g_t s + out_a (db - db s), d out_b = d out_a (a - a s) + out_a (da - da s -
        a s (db - db s)); a missing tangent an efficient zero (its terms left out)."""
        from .shape import cat
        (g, x), (tg, tx) = inputs, tangents
        dim, h = self.dim, g._data.shape[self.dim]
        a, b = x.narrow(dim, 0, h), x.narrow(dim, h, h)
        sig_b = b.sigmoid()
        glu = a * sig_b
        d_a = None if tg is None else tg * sig_b
        if tx is None:
            return cat([d_a, d_a * (a - glu)], dim)
        out_a = out.narrow(dim, 0, h)
        da, db = tx.narrow(dim, 0, h), tx.narrow(dim, h, h)
        db_neg_sig_b = db - db * sig_b
        term = out_a * db_neg_sig_b
        d_a = term if d_a is None else d_a + term
        d_b = d_a * (a - glu) + out_a * (da - da * sig_b - glu * db_neg_sig_b)
        return cat([d_a, d_b], dim)

    def backward(self, gg):
        from .shape import cat
        g, x = self.saved
        dim = self.dim
        h = x._data.shape[dim] // 2
        a, b = x.narrow(dim, 0, h), x.narrow(dim, h, h)
        gga, ggb = gg.narrow(dim, 0, h), gg.narrow(dim, h, h)
        s = b.sigmoid()
        ds = s * (1 - s)
        gg_in = gga * s + ggb * a * ds if self.needs(0) else None
        gx = None
        if self.needs(1):
            gx = cat([ggb * g * ds, gga * g * ds + ggb * g * a * ds * (1 - s * 2)], dim)
        return gg_in, gx


# -- normalization ----------------------------------------------------------------------------

class NativeLayerNormBackwardBackward0(Node):
    """native_layer_norm_backward(g, x, mean, rstd, w, b) = (dx, dw, db), one node of three
    outputs as in PyTorch (mean, rstd: the forward's constants; w, b: empty when absent,
    b never differentiated). Its derivative is PyTorch's layer_norm_double_backward
    (FunctionsManual.cpp), its ops in that order so the graph it builds is PyTorch's."""

    n_outputs = 3
    save_inputs = (0, 1, 2, 3, 4)
    materialize_grads = False       # an unused output's gradient stays None

    def forward(self, g, x, mean, rstd, w, b):
        first = self.first
        outs = first.grads(wrap(g), wrap(x), wrap(w), (True, first.has_w, first.has_b))
        return tuple(np.zeros(0, x.dtype) if o is None else o._data for o in outs)

    @staticmethod
    def jvp_decomposition(g, x, mean, rstd, w, b, *, first):
        """PyTorch's decomposition of native_layer_norm_backward for forward AD (torch/_decomp/
        decompositions_for_jvp.py): mean and rstd recomputed from x so that they carry its
        tangent (rstd through var + eps, eps = rstd^-2 - var detached), then the gradients
        from those ops. An absent weight's or bias's gradient is a 0-d zero, as there."""
        from .extra import var_mean
        shape = x._data.shape
        axis = len(shape) - first.k
        inner, outer = list(range(axis, len(shape))), list(range(axis))
        n, m = int(np.prod(shape[axis:])), int(np.prod(shape[:axis]))
        if m <= 0 or n <= 0:
            return (_zeros_like(x), wrap(np.zeros(shape[axis:], x._data.dtype)),
                    wrap(np.zeros(shape[axis:], x._data.dtype)))
        var, mu = var_mean(x, dim=inner, correction=0, keepdim=True)
        eps = ((1 / rstd) ** 2 - var).detach()
        rstd = (var + eps).rsqrt()
        x_hat = (x - mu) * rstd
        gx_hat = g * w if first.has_w else g
        total = gx_hat * n - gx_hat.sum(inner, True) - x_hat * (gx_hat * x_hat).sum(inner, True)
        d_input = (rstd / n) * total
        none = wrap(np.zeros((), np.float32))
        d_weight = none if not first.has_w else \
            (g * x_hat).sum(outer, False) if outer else g * x_hat
        d_bias = none if not first.has_b else g.sum(outer, False) if outer else g.clone()
        return d_input, d_weight, d_bias

    def backward(self, ggI, ggG, ggB):
        g, x, mean, rstd, w = self.saved
        gI, gG, ggO = layer_norm_double_backward(
            x, w if self.first.has_w else None, ggI, ggG, ggB, g, mean, rstd, self.first.k)
        return ggO, gI, None, None, gG, None


def layer_norm_double_backward(x_t, gamma, ggI, ggG, ggB, gO_t, mean_t, rstd_t, k):
    """(gI, gG, ggO): PyTorch's layer_norm_double_backward over rows (M, N), N the last k
    dims, step for step (its in-place steps as the same ops out of place)."""
    shape = x_t._data.shape
    m, n = int(np.prod(shape[:len(shape) - k])), int(np.prod(shape[len(shape) - k:]))
    x, gO = x_t.reshape(m, n), gO_t.reshape(m, n)
    mu, s12 = mean_t.reshape(m, 1), rstd_t.reshape(m, 1)
    affine = gamma is not None
    gamma_e = gamma.reshape(1, n) if affine else _const(x, np.ones(1))
    ggG_e = ggG.reshape(1, n) if affine and ggG is not None else None
    ggB_e = ggB.reshape(1, n) if affine and ggB is not None else None
    ggI_e = ggI.reshape(m, n) if ggI is not None else None
    xmu = x - mu
    s1, s32 = s12.pow(2), s12.pow(3)
    xmu_s32 = xmu * s32
    gI = None
    if ggI_e is not None:
        gxhat = gO * gamma_e
        gxhat_mu_sum = (gxhat * xmu).sum(1, True)
        gxhat_sum = gxhat.sum(1, True)
        ggI_sum = ggI_e.sum(1, True)
        ggI_mu_sum = (ggI_e * xmu).sum(1, True)
        all_sub = ((ggI_sum * gxhat_sum) / n - (ggI_e * gxhat).sum(1, True)
                   + (s1 * gxhat_mu_sum * ggI_mu_sum) * (3.0 / n))
        gI_0t = (xmu_s32 * all_sub) / n
        right = gxhat_sum / n - gxhat          # C++ evaluates a product's right operand first
        gI_1t = (ggI_mu_sum * s32) / n * right
        right = ggI_sum / n - ggI_e
        gI_2t = (gxhat_mu_sum * s32) / n * right
        gI = gI_0t + gI_1t + gI_2t
    if ggG_e is not None:
        t0 = gO * ggG_e * s12
        t1 = (s12 * (gO * ggG_e).sum(1, True)) / -n
        t2 = (xmu_s32 * (gO * ggG_e * xmu).sum(1, True)) / -n
        term = t0 + t1 + t2
        gI = term if gI is None else gI + term
    if gI is not None:
        gI = gI.reshape(shape)

    def first_grad_input(gO_local, gamma_local):
        h0 = (gamma_local * s12) / n
        right = (gO_local * xmu).sum(1, True)
        h1 = n * gO_local - gO_local.sum(1, True) - xmu.mul(s1) * right
        return h0 * h1

    gG = None
    if affine and ggI_e is not None:
        gG = (gO * first_grad_input(ggI_e, _const(s12, np.ones(())))).sum(0)
        gG = gG.reshape(gamma._data.shape)
    ggO = first_grad_input(ggI_e, gamma_e) if ggI_e is not None else None
    if ggG_e is not None:
        term = ggG_e * xmu * s12
        ggO = term if ggO is None else ggO + term
    if ggB is not None:
        if ggB_e is None and ggO is not None:      # PyTorch's: ggB unshaped without a weight
            raise TorchRuntimeError("Expected a proper Tensor but got None (or an undefined "
                                    "Tensor in C++) for argument #1 'other'")
        ggO = None if ggB_e is None else (ggB_e if ggO is None else ggO + ggB_e)
    if ggO is not None:
        ggO = ggO.expand(m, n).reshape(shape)
    return gI, gG, ggO
