"""Arithmetic: + - * / // % **, negation, reciprocal, abs, sign, and comparisons.

Python numbers are wrapped as 0-d tensors, so `x * 2` has PyTorch's
`next_functions = ((AccumulateGrad, 0), (None, 0))`. `2 - x` and `2 ** x` are PyTorch's
scalar overloads (`RsubBackward1`, `PowBackward2`) with one input; `2 / x` is
`reciprocal(x) * 2`, as in PyTorch.
"""
from __future__ import annotations

import operator

import numpy as np

from .. import complexmath, dtypes
from ..autograd.graph import Node
from ..fpmath import FMA_DTYPES, fma
from ..errors import TorchNotImplementedError, TorchRuntimeError, TorchTypeError
from .._tensor import Tensor
from .core import (COMPLEX_REFUSED, _constant, _enabled, _rule_scalars, apply, apply_array,
                   binary, binary_args, broadcast_check, ew, leaves_arrays, refuse_complex,
                   may_overwrite, reusable, scalar_array, scalar_runner, to_tensor, wrap,
                   zeros_for)
from .core import (_BF16, _F16, _bf16_used, _iterator_layout, bf16_op, efficient_zero,
                   iterator_layout, op_format, round_op, tangent_difference)
from .registry import binary as binary_samples
from .registry import category, fixed, register, unary
from .sumorder import EXACT_ELEMENTS

category("arithmetic")

_INF = float("inf")
_F64 = np.dtype(np.float64)
_NO_MODE = type("_NoMode", (), {"__repr__": lambda self: "None"})()   # div without the keyword


class AddBackward0(Node):
    """d(a + alpha*b) = g, alpha*g"""

    scalar = staticmethod(operator.add)
    alpha = 1

    def forward(self, a, b):
        alpha = self.alpha
        if _complex(a, b):
            return ew(np.add, a, _times_alpha(a, b, alpha))
        return ew(np.add, a, b) if alpha == 1 else _with_alpha(np.add, a, b, alpha)

    def backward(self, g):                  # (only where an input has an edge, as PyTorch)
        alpha = self.alpha
        gb = (g if alpha == 1 else g * alpha) if self.needs(1) else None
        return (g if self.needs(0) else None), gb

    def scalar_backward(self, g):
        return (g, g) if self.alpha == 1 else None

    def array_backward(self, g):
        return (g, g) if self.alpha == 1 else None

    def jvp(self, inputs, tangents, out):
        """ta + alpha*tb, as PyTorch's forward formula (a missing tangent is a zero)"""
        ta, tb = tangents
        if tb is not None and self.alpha != 1:
            tb = tb * self.alpha
        if ta is not None and tb is not None:
            return ta + tb
        return _with_zero_tangent(np.add, inputs, ta, tb, out)


class SubBackward0(Node):
    """d(a - alpha*b) = g, -alpha*g"""

    scalar = staticmethod(operator.sub)
    alpha = 1

    def forward(self, a, b):
        alpha = self.alpha
        if _complex(a, b):
            return ew(np.add, a, _times_alpha(a, b, -alpha))
        return ew(np.subtract, a, b) if alpha == 1 else _with_alpha(np.subtract, a, b, alpha)

    def backward(self, g):
        alpha = self.alpha
        return (g if self.needs(0) else None), (_negated(g, alpha) if self.needs(1) else None)

    def scalar_backward(self, g):
        return (g, -g) if self.alpha == 1 else None

    def jvp(self, inputs, tangents, out):
        """ta - alpha*tb, as PyTorch's forward formula (a missing tangent is a zero)"""
        ta, tb = tangents
        if tb is not None and self.alpha != 1:
            tb = tb * self.alpha
        if ta is not None and tb is not None:
            return ta - tb
        return _with_zero_tangent(np.subtract, inputs, ta, tb, out)


def _with_zero_tangent(op, inputs, ta, tb, out):
    """add's or sub's tangent when one operand has none: PyTorch's formula takes an
    efficient zero in its place, so the tangent has the result's dtype (a float32 tangent
    added to a float64 tensor is float64) and, when its graph is recorded, the op's node
    (AddBackward0 or SubBackward0 over the present tangent); else the values alone."""
    t = ta if tb is None else tb
    missing = inputs[1] if tb is None else inputs[0]
    if _enabled[0] and (t._requires_grad or inputs[0]._requires_grad
                        or inputs[1]._requires_grad):
        zero = efficient_zero(missing._data.ndim, missing._data.dtype,
                              -0.0 if op is np.add or tb is not None else 0.0)
        if op is np.add:
            return t + zero if tb is None else zero + t
        return t - zero if tb is None else zero - t
    if tb is not None and op is np.subtract:
        t = -t
    return _with_zero_dtype(t, missing)     # t + zeros(missing): a wider tangent stays


def _complex(a, b) -> bool:
    return a.dtype.kind == "c" or b.dtype.kind == "c"


def _times_alpha(a, b, alpha):
    """alpha*b as ATen's complex add forms it (sub is add with -alpha), a complex product
    even for alpha 1: an inf or nan part of b makes its other part nan ((1+0j) * (inf+0j)
    is inf+nanj), and zeros take the product's signs (-1 * (0-1j) is 0+1j)."""
    rt = np.result_type(a, b)
    return complexmath.multiply(np.asarray(b, rt), np.asarray(alpha, rt))


def _with_alpha(op, a, b, alpha):
    """a op alpha*b in a's dtype (a bool result is a logical one: True + 2*True is True);
    for floats one fused multiply-add, as ATen's kernel (compiled with contraction) does;
    for bfloat16 and float16 (here in float32) alpha rounded to that dtype, then where the
    kernel's vectorised loop runs a fused multiply-add in float, where its scalar loop runs
    (a row's last len % 32 elements) alpha*b rounded to the dtype first."""
    if bf16_op[0] and a.dtype == b.dtype == np.float32:
        c = round_op(alpha if op is np.add else -alpha)
        from ..vecmath import LANES, _scalar_positions
        shape = np.broadcast_shapes(a.shape, b.shape)
        tail = _scalar_positions([a, b], shape, 2 * LANES)
        if tail is None:                # layouts that disagree: the scalar loop throughout
            tail = np.ones(shape, bool)
        vector = fma(b, c, a) if not tail.all() else None
        scalar = a + round_op(c * b) if tail.any() else None
        return vector if scalar is None else scalar if vector is None else \
            np.where(tail, scalar, vector)
    if a.dtype == b.dtype and a.dtype in FMA_DTYPES:
        c = np.asarray(alpha if op is np.add else -alpha, dtype=a.dtype)
        return fma(b, c, a)
    if a.dtype == b.dtype and a.dtype.kind in "iu":     # alpha as the dtype, wrapping: -1
        with np.errstate(over="ignore"):                # is 255 for uint8
            return op(a, dtypes.checked_scalar(alpha, a.dtype) * b)
    r = op(a, alpha * b)
    return r.astype(a.dtype) if a.dtype == np.bool_ else r



class RsubBackward0(Node):
    """d(other - alpha*input) = -alpha*g, g (torch.rsub of two tensors; inputs in that
    order)"""

    alpha = 1

    def forward(self, a, b):
        alpha = self.alpha
        if _complex(a, b):
            return ew(np.add, b, _times_alpha(b, a, -alpha))
        return ew(np.subtract, b, a) if alpha == 1 else _with_alpha(np.subtract, b, a, alpha)

    def backward(self, g):
        return _negated(g, self.alpha), g

    def jvp(self, inputs, tangents, out):
        """-alpha*ta + tb, PyTorch's `-maybe_multiply(self_t, alpha) + other_t`"""
        ta, tb = tangents
        if ta is not None:
            ta = -ta if self.alpha == 1 else -(ta * self.alpha)
        if ta is not None and tb is not None:
            return ta + tb
        return _with_zero_tangent(np.add, inputs, ta, tb, out)


class RsubBackward1(Node):
    """d(c - alpha*x) = -alpha*g"""

    elementwise = True
    alpha = 1

    def forward(self, x):
        c = scalar_array(self.other, x.dtype)
        if _complex(c, x):
            return ew(np.add, c, _times_alpha(c, x, -self.alpha))
        if self.alpha == 1:
            return ew(np.subtract, c, x)
        return _with_alpha(np.subtract, np.broadcast_to(c, x.shape), x, self.alpha)

    def backward(self, g):
        return _negated(g, self.alpha)


def _negated(g, alpha):
    """-alpha*g as PyTorch's sub and rsub rules form it, `maybe_multiply(-grad, alpha.conj())`:
    a NegBackward0 under a MulBackward1, and a complex product (signs of zeros included)."""
    return -g if alpha == 1 else -g * alpha.conjugate()


class MulBackward0(Node):
    """d(a * b) = g*b, g*a"""

    scalar = staticmethod(operator.mul)
    save_inputs = (0, 1)
    saved_if = ((1,), (0,))

    def forward(self, a, b):
        return ew(np.multiply, a, b)

    def backward(self, g):
        a, b = self.saved
        gb = _times(self, g, a) if self.needs(1) else None     # never into g: read below
        ga = _times(self, g, b, into_g=True) if self.needs(0) else None
        return ga, gb

    def array_backward(self, g):
        """`backward` where g, the inputs that need a gradient and the factors their
        gradients take share a float dtype, and those inputs have g's shape (no broadcasting
        to undo; the other factor may broadcast, as in `a * 2.0`): g*a, then g*b, each one
        np.multiply as `g * t` makes it."""
        if _bf16_used[0] and (g._data.dtype == _BF16 or g._data.dtype == _F16):
            return None               # bfloat16, float16: each step rounded (`backward`)
        a, b = self.saved
        gd = g._data
        na, nb = self._next
        if gd.dtype.kind != "f":
            return None
        for t, need, meta in ((a, nb, self._in_meta[1]), (b, na, self._in_meta[0])):
            if need is not None and (t._data.dtype != gd.dtype or meta != (gd.shape, gd.dtype)):
                return None
        gb = None if nb is None else wrap(np.multiply(gd, a._data))
        ga = None if na is None else wrap(np.multiply(gd, b._data))
        return ga, gb

    def scalar_backward(self, g):
        a, b = self._saved or self.saved
        if (a is not None and a._vbox is not None) or (b is not None and b._vbox is not None):
            a, b = self.saved                   # modified in place since: check versions
        na, nb = self._next
        ga = None if na is None else g * float(b._data)
        gb = None if nb is None else g * float(a._data)
        if (ga is None or -_INF < ga < _INF) and (gb is None or -_INF < gb < _INF):
            return ga, gb
        return None

    def jvp(self, inputs, tangents, out):
        """tb*a + ta*b, PyTorch's `other_t * self_p + self_t * other_p`"""
        (a, b), (ta, tb) = inputs, tangents
        if ta is not None and tb is not None:
            return tb * a + ta * b
        if _enabled[0]:
            return _plus_zero_term(ta, tb, a, b)
        term = ta * b if tb is None else tb * a
        return _with_zero_dtype(term, a, b)        # + the zero times the other primal


def _with_zero_dtype(term, *tensors):
    """A forward formula's term in the dtype that adding the efficient zero's terms (over
    `tensors`) gives it: a tangent narrower than the primals widens to theirs."""
    rt = dtypes.result_type([(t.dtype, t._data.ndim) for t in (term,) + tensors], ())
    return term if term.dtype == rt else term.to(rt)


def _plus_zero_term(ta, tb, a, b):
    """mul's recorded tangent when one of ta, tb is missing: PyTorch's efficient zero in its
    place, whose product with the other primal is recorded too (MulBackward0), summed in the
    formula's order (AddBackward0 with the other term's values); the primal the present
    tangent multiplies is read as a primal (Identity) when it requires grad."""
    t, other, own = (ta, b, a) if tb is None else (tb, a, b)
    if not (t._requires_grad or a._requires_grad or b._requires_grad):
        return t * other
    if other._requires_grad:
        from ..autograd.forward_ad import _primal_alias
        other = _primal_alias(other)
    if tb is None:                  # in the formula's order: the zero's product first
        zero = apply(_ZeroTangentTimes, (wrap(np.zeros((), t._data.dtype)), own))
        term = t * other
        out = zero + term
    else:
        term = t * other
        out = term + apply(_ZeroTangentTimes, (wrap(np.zeros((), term._data.dtype)), own))
    _set_values(out, term._data)
    return out


def _set_values(t, values) -> None:
    """t's data replaced by `values` (broadcast, cast) in t's own memory layout."""
    data = np.empty_like(t._data)
    data[...] = values
    t._data = data


class _ZeroTangentTimes(MulBackward0):
    """zero * primal for `_plus_zero_term`: PyTorch's efficient zero times the primal, whose
    gradients are efficient zeros (so a leaf gets +0.0, whatever the sign of g)."""

    array_backward = scalar_backward = None

    def backward(self, g):
        from ..autograd.engine import zero_grad
        return tuple(zero_grad(*self._in_meta[i]) if self.needs(i) else None for i in (0, 1))


_ZeroTangentTimes.__name__ = _ZeroTangentTimes.__qualname__ = "MulBackward0"


def _times(node, g, t, into_g=False):
    """g * t for node's backward rule: into the memory of saved tensor t on its last use
    (the rule holds t in its saved tuple and a local), or with into_g into the lent g."""
    if g._data.shape == t._data.shape and g._data.dtype == t._data.dtype and \
            (t._data.ndim or t._data.dtype != np.float16):      # (0-d float16: `binary`)
        if reusable(node, t, 3):
            return wrap(ew(np.multiply, g._data, t._data, out=t._data))
        if into_g and may_overwrite(g, t):
            ew(np.multiply, g._data, t._data, out=g._data)
            return g
    return g * t


class DivBackward0(Node):
    """d(a / b) = g/b, -g*a/b^2"""

    scalar = staticmethod(operator.truediv)
    save_inputs = (0, 1)
    saved_if = ((1,), (0, 1))

    def forward(self, a, b):
        return ew(np.true_divide, a, b)

    def backward(self, g):
        a, b = self.saved
        gb = None
        if self.needs(1):                   # PyTorch's order: b first; -grad * ((a/b)/b),
            quotient = a / b / b            # whose right operand C++ makes first
            gb = -g * quotient
        ga = g / b if self.needs(0) else None
        return ga, gb

    def scalar_backward(self, g):
        a, b = self.saved
        b = float(b._data)
        ga = g / b if self.needs(0) else None
        gb = -g * (float(a._data) / b / b) if self.needs(1) else None     # as `backward`
        if (ga is None or -_INF < ga < _INF) and (gb is None or -_INF < gb < _INF):
            return ga, gb
        return None

    def jvp(self, inputs, tangents, out):
        """(ta - tb*result) / b, PyTorch's forward formula"""
        (_, b), (ta, tb) = inputs, tangents
        if ta is not None and tb is not None:
            return (ta - tb * out) / b
        if _enabled[0] and (out._requires_grad or (ta if tb is None else tb)._requires_grad):
            return _div_zero_tangent(b, ta, tb, out)
        if tb is None:                            # (ta - 0 * result) / b
            return _with_zero_dtype(ta / b, out)
        term = (tb * out)._data
        return wrap(np.multiply(term, term.dtype.type(-1))) / b     # ATen's res.mul(-1)


def _div_zero_tangent(b, ta, tb, out):
    """div's recorded tangent when one of ta, tb is missing: PyTorch's efficient zero in
    its place, every term recorded: (ta - 0*result) / b (MulBackward0 of the zero, then
    SubBackward0 with ta's values) or (0 - tb*result) / b (SubBackward0 with -(tb*result)'s
    values); the divisor b read as a primal (Identity) when it requires grad."""
    if tb is None and b._requires_grad:
        from ..autograd.forward_ad import _primal_alias
        b = _primal_alias(b)
    if tb is None:
        diff = ta - apply(_ZeroTangentTimes, (wrap(np.zeros((), ta._data.dtype)), out))
        values = ta._data
    else:
        term = tb * out
        diff = wrap(np.zeros((), term._data.dtype)) - term
        values = np.multiply(term._data, term._data.dtype.type(-1))    # ATen's res.mul(-1)
    _set_values(diff, values)
    return diff / b


# PyTorch's Scalar overloads (add.Scalar, mul.Scalar ...): one input, the number a constant.
# User code never records them (`x * 2` wraps the 2, MulBackward0); the C++ derivative
# formulas do, and so do gradcli's rules while they build a graph (core.binary).

class AddBackward1(Node):
    """d(x + c) = g"""

    elementwise = True

    def forward(self, x):
        if bf16_op[0]:
            return x + round_op(self.other)
        return (x + self.other).astype(x.dtype, copy=False)

    def backward(self, g):
        return g


class SubBackward1(Node):
    """d(x - c) = g"""

    elementwise = True

    def forward(self, x):
        if bf16_op[0]:
            return x - round_op(self.other)
        return (x - self.other).astype(x.dtype, copy=False)

    def backward(self, g):
        return g


class MulBackward1(Node):
    """d(x * c) = g*c"""

    elementwise = True

    def forward(self, x):
        return (x * self.other).astype(x.dtype, copy=False)

    def backward(self, g):
        return apply(MulBackward1, (g,), other=self.other)

    def array_backward(self, g):
        """`backward`: this node's forward on g"""
        if _bf16_used[0] and (g._data.dtype == _BF16 or g._data.dtype == _F16):
            return None               # bfloat16, float16: each step rounded (`backward`)
        out = self.forward(g._data)
        return (wrap(out if out.__class__ is np.ndarray else np.asarray(out)),)


class DivBackward1(Node):
    """d(x / c) = g/c"""

    elementwise = True

    def forward(self, x):
        return (x / self.other).astype(x.dtype, copy=False)

    def backward(self, g):
        return apply(DivBackward1, (g,), other=self.other)


AddBackward0.scalar_overload = AddBackward1
SubBackward0.scalar_overload = SubBackward1
MulBackward0.scalar_overload = MulBackward1
DivBackward0.scalar_overload = DivBackward1


def _complex_neg(x: np.ndarray) -> np.ndarray:
    """-x for complex x as ATen's kernel computes it: its vector loop subtracts from zero
    (0 - x: +0 for a zero of either sign) in steps of 64 bytes, its scalar loop (a row's
    last elements, a strided row) flips the signs."""
    block = 64 // x.dtype.itemsize
    if x.flags.c_contiguous and x.ndim:         # one row: vectors, then its last n % block
        out = np.subtract(0, x)
        tail = x.size % block
        if tail:
            out.reshape(-1)[-tail:] = np.negative(x.reshape(-1)[-tail:])
        return out
    from ..vecmath import scalar_positions
    out = np.negative(x)
    vector = ~scalar_positions([x], block)
    if vector.any():
        out[vector] = 0 - x[vector]
    return out


class NegBackward0(Node):
    """d(-x) = -g"""

    elementwise = True
    linear = True           # forward AD: -t, in the tangent's own dtype as PyTorch's
    scalar = staticmethod(operator.neg)

    def forward(self, x):
        if x.dtype.kind == "c":
            return _complex_neg(x)
        return ew(np.negative, x)

    def backward(self, g):
        if may_overwrite(g, g) and g._data.dtype.kind != "c":
            ew(np.negative, g._data, out=g._data)
            return g
        return -g

    def scalar_backward(self, g):
        return (-g,)


class ReciprocalBackward0(Node):
    """d(1/x) = -g/x^2 = -g*y^2"""

    elementwise = True
    save_output = True

    def forward(self, x):
        if x.dtype.kind == "c":
            return complexmath.reciprocal(x)
        return np.reciprocal(x)

    def backward(self, g):
        (y,) = self.saved
        if y._data.dtype.kind == "c":       # (result * result).conj()
            from .unary import _on_self
            square = _on_self(y, lambda z: z * z)
            return -g * square
        square = y * y                      # (the right operand of `*` first, as in C++)
        return -g * square

    def jvp(self, inputs, tangents, out):
        """-t * (result * result), PyTorch's forward formula (its backward formula's, as
        auto_element_wise makes it): the result itself, not the primal's reciprocal again"""
        (t,) = tangents
        return -t * (out * out)


def _pow_scalar(x: np.ndarray, c) -> np.ndarray:
    """x ** c as PyTorch's CPU kernel computes it for float32/float64: its special cases by
    multiplication and division (x**3 is (x*x)*x, rounded twice; x**-2 is 1/(x*x)), sqrt,
    1/sqrt and 1/x, else pow."""
    if bf16_op[0] and op_format[0] == "bf16":     # (float16's kernel is float32's)
        return _pow_scalar_bf16(x, c)
    if x.dtype in (np.float32, np.float64):
        one = x.dtype.type(1)
        if c == 2:
            return x * x
        if c == 3:
            return x * x * x
        if c == -2:
            return one / (x * x)
        if c == 0.5:
            return np.sqrt(x)
        if c == -0.5:
            return one / np.sqrt(x)
        if c == -1:
            return one / x
        if c == 1 or c == 0:               # PyTorch copies or fills
            return np.power(x, np.asarray(c, dtype=x.dtype))
        if x.dtype == np.float32 and x.size < EXACT_ELEMENTS:
            from .. import vecmath     # (float32 kernels: loaded at first use)
            return vecmath.pow_scalar(x, float(c))
        if x.dtype == np.float64 and x.size < EXACT_ELEMENTS:
            from .. import vecmath64   # SLEEF's pow on the vectors, the C library's after
            return vecmath64.pow_scalar(x, float(c))
    if x.dtype.kind in "iu" and isinstance(c, int):
        return np.power(x, dtypes.checked_scalar(c, x.dtype))   # PyTorch's checked exponent
    if x.dtype.kind == "c":
        return _complex_pow_scalar(x, c)
    return np.power(x, np.asarray(c, dtype=x.dtype))


def _complex_pow_scalar(x: np.ndarray, c) -> np.ndarray:
    """complex x ** c as ATen's kernel: fill, copy, sqrt, 1/sqrt, 1/x, x*x, x*x*x and
    1/(x*x) for c = 0, 1, 0.5, -0.5, -1, 2, 3, -2; else std::pow, which is C's cpow,
    exp(c * log(x)) (NumPy's power multiplies for integer exponents instead)."""
    rec = complexmath.reciprocal
    if c == 0:
        return np.ones_like(x)
    if c == 1:
        return x.copy()
    if c == 0.5:
        return np.sqrt(x)
    if c == -0.5:
        return rec(np.sqrt(x))
    if c == -1:
        return rec(x)
    if c in (2, 3, -2):
        return complexmath.power(x, int(c.real))     # (c may be a complex 2+0j)
    return _cpow(x, np.asarray(c, dtype=x.dtype))


def _cpow(base: np.ndarray, exp: np.ndarray) -> np.ndarray:
    """C's cpow(base, exp), exp(exp * log(base)), as std::pow of two complex numbers."""
    with np.errstate(all="ignore"):
        return np.exp(exp * np.log(base))


def _pow_scalar_bf16(x: np.ndarray, c) -> np.ndarray:
    """x ** c for a bfloat16 x (here in float32) as PyTorch's kernel: sqrt, rsqrt (1 over
    the rounded sqrt) or reciprocal for 0.5, -0.5, -1; else c rounded to bfloat16 (the
    kernel's scalar_t), and then x**3 and x**-2 round their product x*x first."""
    if c == 0.5:
        return np.sqrt(x)
    if c == -0.5:
        return np.float32(1) / round_op(np.sqrt(x))      # rsqrt: 1 / (sqrt rounded)
    if c == -1:
        return np.float32(1) / x
    c = round_op(float(c))
    if c == 3:
        return round_op(x * x) * x
    if c == -2:
        return np.float32(1) / round_op(x * x)
    if c == 2:
        return x * x
    return np.power(x, c)


class PowBackward0(Node):
    """d(x^c) = g*c*x^(c-1)"""

    elementwise = True
    save_inputs = (0,)

    def forward(self, x):
        return _pow_scalar(x, self.exponent)

    def backward(self, g):
        (x,) = self.saved
        c = self.exponent
        if c == 0:
            return zeros_for(g)
        if x._data.dtype.kind == "c":      # (exponent * self.pow(exponent - 1)).conj()
            from .unary import _on_self
            c = getattr(self, "_node", self).exponent       # (not the conjugated one)
            return g * _on_self(x, lambda z: c * z.pow(c - 1))
        if c == 2 and not _enabled[0]:
            return g * (2 * x)
        return g * (c * x ** (c - 1))      # PyTorch's graph under create_graph

    def array_backward(self, g):
        """`backward` for g and x of one float dtype and shape, c != 0: x ** (c-1) (this
        node's forward), times c as the 0-d constant `c * t` multiplies by, times g."""
        if _bf16_used[0] and (g._data.dtype == _BF16 or g._data.dtype == _F16):
            return None               # bfloat16, float16: each step rounded (`backward`)
        (x,) = self.saved
        c, xd, gd = self.exponent, x._data, g._data
        if c == 0 or xd.dtype != gd.dtype or xd.dtype.kind != "f" or xd.shape != gd.shape:
            return None
        if c == 2:
            p = np.multiply(xd, _constant(2, xd.dtype)._data)
        else:
            p = _pow_scalar(xd, c - 1)
            if p.__class__ is not np.ndarray:
                p = np.asarray(p)
            p = np.multiply(p, _constant(c, xd.dtype)._data)
        return (wrap(np.multiply(gd, p)),)


class PowBackward1(Node):
    """d(a^b) = g*b*a^(b-1), g*a^b*log(a)"""

    save_inputs = (0, 1)
    save_output = True

    def forward(self, a, b):
        return _power(a, b)

    def jvp(self, inputs, tangents, out):
        """PyTorch's forward formula: (pow_backward_self(self_t, ...) +
        pow_backward_exponent(exponent_t, ...)), conjugated around for complex tensors. A
        missing tangent is an efficient zero tensor: the self term is then zeros (its where
        makes them real), the exponent term nothing."""
        (a, b), (ta, tb) = inputs, tangents
        conj = out._data.dtype.kind == "c"
        ta, tb = (t.conj() if conj and t is not None else t for t in (ta, tb))
        if ta is None:
            from .creation import zeros_like
            total = zeros_like(out.detach())
        else:
            total = _pow_graph_grads(ta, a, b, out, True, False)[0]
        if tb is not None:
            total = total + _pow_graph_grads(tb, a, b, out, False, True)[1]
        return total.conj() if conj else total

    def backward(self, g):
        a, b, y = self.saved
        return _pow_graph_grads(g, a, b, y, self.needs(0), self.needs(1))


def _pow_graph_grads(g, a, b, y, need_a, need_b):
    """pow_backward_self / pow_backward_exponent as PyTorch computes (and records) them:
    where(b == 0, 0, g * (b * a^(b-1))), g * where(a == 0 & b >= 0, 0, y * log(a)); PyTorch
    records the exponent's first (its order of accumulation one level down)"""
    from .activation import where
    zero = wrap(np.zeros((), dtype=g._data.dtype))
    ga = gb = None
    with np.errstate(all="ignore"):
        if need_b:
            at_zero = wrap((a._data == 0) & (b._data >= 0))
            gb = g * where(at_zero, zero, y * a.log())
        if need_a:
            ga = where(wrap(b._data == 0), zero, g * (b * a.pow(b - 1)))
    return ga, gb


class PowBackward2(Node):
    """d(c^x) = g*c^x*log(c)"""

    elementwise = True
    save_inputs = (0,)           # as PyTorch, which saves the exponent beside the result
    save_output = True

    def forward(self, x):        # contiguous whatever x's layout, as ATen's pow(Scalar, Tensor)
        return np.asarray(_power(scalar_array(self.base, x.dtype), x), order="C")

    def backward(self, g):
        _, y = self.saved
        if self.base != 0:
            log = np.log(self.base)
            return g * (y * (complex(log) if self.base.__class__ is complex else float(log)))
        # PyTorch: 0 where x >= 0, else 0^x log 0 = inf * -inf = -inf
        return g * wrap(np.where(y._data == np.inf, -np.inf, 0.0).astype(y._data.dtype))


def _power(a, b):
    """a ** b elementwise; an integer to a negative integer power as PyTorch's powi gives it
    (1 for 1, +-1 for -1, else 0), where NumPy refuses; complex as C's cpow."""
    if a.dtype.kind == "c" or b.dtype.kind == "c":
        dtype = np.result_type(a, b)
        return _cpow(np.asarray(a, dtype=dtype), np.asarray(b, dtype=dtype))
    if b.dtype.kind not in "iu" or not np.any(b < 0):
        if a.dtype == np.float32 and b.dtype == np.float32 and max(a.size, b.size) < \
                EXACT_ELEMENTS:
            from .. import vecmath
            return vecmath.pow_tensor(a, b)          # SLEEF's powf, as PyTorch's kernel
        if a.dtype == np.float64 and b.dtype == np.float64 and max(a.size, b.size) < \
                EXACT_ELEMENTS:
            from .. import vecmath64
            return vecmath64.elementwise(lambda m, u, v: m.pow(u, v), a, b)
        return np.power(a, b)
    neg = b < 0
    r = np.power(a, np.where(neg, 0, b))
    odd = np.abs(b) % 2 == 1
    low = np.where(a == 1, 1, np.where(a == -1, np.where(odd, -1, 1), 0))
    return np.where(neg, low, r).astype(r.dtype)


class RemainderBackward0(Node):
    """d(a mod b) = g, -g*floor(a/b)"""

    save_inputs = (0, 1)

    def forward(self, a, b):
        check_int_divisor(b)
        _no_bool(a, "remainder_cpu")
        if a.dtype.kind != "f":
            return np.remainder(a, b)
        with np.errstate(all="ignore"):    # PyTorch: fmod, moved by b where signs differ
            r = np.fmod(a, b)              # (so -4 % 2 is -0., where NumPy gives 0.)
            return np.where((r != 0) & ((b < 0) != (r < 0)), r + b, r)

    def backward(self, g):
        a, b = self.saved
        return g, (-g * wrap(np.floor_divide(a._data, b._data)) if self.needs(1) else None)

    def jvp(self, inputs, tangents, out):
        return _mod_jvp(inputs, tangents, out, "floor", type(self) is RemainderBackward0)


NotImplementedNode = type("NotImplemented", (Node,), {
    "__doc__": "floor division has no derivative (PyTorch records a NotImplemented node)",
    "forward": lambda self, a, b: rounded_division(a, b, "floor"),
    # (`aten_name`: the in-place form's name, "floor_divide_", when its wrapper sets it)
    "backward": lambda self, g: _no_derivative(getattr(self, "aten_name", "floor_divide")),
    "_qualified": True,         # name() is torch::autograd::NotImplemented
})
RemainderScalarNode = type("NotImplemented", (Node,), {
    "__doc__": "remainder(number, tensor) has no derivative (a NotImplemented node)",
    "forward": lambda self, a, b: RemainderBackward0.forward(self, a, b),
    "backward": lambda self, g: _no_derivative("remainder"),
    "_qualified": True,         # name() is torch::autograd::NotImplemented
})


def _no_bool(a, kernel: str) -> None:
    """PyTorch's integer-division kernels have no bool version."""
    if a.dtype == np.bool_:
        raise TorchNotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def check_int_divisor(b: np.ndarray) -> None:
    """PyTorch's integer division kernels refuse a zero divisor (a RuntimeError whose text is
    ZeroDivisionError); floats give inf or nan."""
    if b.dtype.kind in "iu" and not np.all(b):
        raise TorchRuntimeError("ZeroDivisionError")


def rounded_division(a: np.ndarray, b: np.ndarray, mode: str) -> np.ndarray:
    """a / b rounded toward -inf ("floor") or toward zero ("trunc"), integers staying
    integers, as PyTorch's div with a rounding_mode (and `//`)."""
    check_int_divisor(b)
    _no_bool(a, f"div_{mode}_cpu")
    if mode == "floor":
        return np.floor_divide(a, b)
    if a.dtype.kind in "iu":
        q = np.floor_divide(a, b)
        return q + ((np.remainder(a, b) != 0) & ((a < 0) != (b < 0))).astype(q.dtype)
    return np.trunc(np.true_divide(a, b))


class DivBackward2(Node):
    """d div(a, b, rounding_mode=m) = g/b, -g*a/b^2 without a mode; 0 for both with "trunc"
    or "floor" (steps). PyTorch records it whenever rounding_mode= is passed, even None."""

    save_inputs = (0, 1)
    saved_if = ((1,), (0, 1))       # as PyTorch's: a only for b's gradient

    def forward(self, a, b):
        if self.rounding_mode is None:
            return ew(np.true_divide, a, b)
        return rounded_division(a, b, self.rounding_mode)

    def backward(self, g):
        if self.rounding_mode is not None:
            return (zeros_for(g) if self.needs(0) else None), \
                (zeros_for(g) if self.needs(1) else None)
        a, b = self.saved
        gb = None
        if self.needs(1):                   # (the right operand of `*` first, as in C++)
            quotient = a / b / b
            gb = -g * quotient
        ga = g / b if self.needs(0) else None
        return ga, gb


def _no_derivative(name):
    raise TorchRuntimeError(f"derivative for aten::{name} is not implemented")


class AbsBackward0(Node):
    """d|x| = g*sign(x)"""

    elementwise = True
    save_inputs = (0,)

    def forward(self, x):
        if x.dtype == np.bool_:
            raise TorchNotImplementedError("\"abs_cpu\" not implemented for 'Bool'")
        if x.dtype.kind == "c" and x.size:
            return complexmath.absolute(x)
        return ew(np.abs, x)

    def backward(self, g):
        (x,) = self.saved
        return g * x.sgn()

    complex_backward = backward       # g * z/|z| (0 at 0): PyTorch's rule for complex z


class SignBackward0(Node):
    """d sign(x) = 0"""

    elementwise = True

    def forward(self, x):
        if x.dtype == np.bool_:
            return x.copy()
        if x.dtype.kind == "c":
            return complexmath.sgn(x)
        if x.dtype.kind != "f":
            return np.sign(x)
        # PyTorch's kernel is (0 < x) - (x < 0): sign(nan) is 0 (so abs' gradient there)
        return np.where(np.isnan(x), 0, np.sign(x)).astype(x.dtype)

    def backward(self, g):
        self.saved          # what a subclass keeps (angle's self) is unpacked and checked
        return wrap(np.zeros_like(g._data))     # zeros_like(grad): no history, as in PyTorch


# -- public functions -------------------------------------------------------------------------

@register("add", grad_fn="AddBackward0", method=True, dunders=("__add__", "__radd__"),
          sample=binary_samples())
def add(input, other, *, alpha=1):
    """a + alpha*b: d/da = 1, d/db = alpha"""
    if alpha != 1 or alpha is True:
        return _realpha(AddBackward0, to_tensor(input), other, alpha)
    if not isinstance(input, Tensor):
        return binary(AddBackward0, to_tensor(other), input, reverse=True)
    return binary(AddBackward0, input, other)


def _realpha(cls, a, b, alpha):
    from .core import binary_args
    args = binary_args(a, b)
    if args is None:
        return NotImplemented
    x, y, cast = args
    check_alpha(x._data.dtype if cast is None else cast, alpha)
    broadcast_check(x, y)
    return apply(cls, (x, y), cast, alpha=alpha)


def check_alpha(dtype, alpha) -> None:
    """PyTorch's alpha_check: a bool alpha only for a bool result, no float (or complex)
    alpha for an integral one, no complex alpha for a real one."""
    if isinstance(alpha, bool) and dtype != np.bool_:
        raise TorchRuntimeError("Boolean alpha only supported for Boolean results.")
    if dtype.kind in "biu" and isinstance(alpha, (float, complex)):
        raise TorchRuntimeError("For integral input tensors, argument alpha must not be a "
                                "floating point number.")
    if alpha.__class__ is complex and dtype.kind != "c":
        raise TorchRuntimeError("For non-complex input tensors, argument alpha must not be a "
                                "complex number.")
    dtypes.checked_number(alpha, dtype)     # alpha in the dtype: 1e5 overflows float16
    if dtype.kind in "iu":                  # and the kernel's alpha.to<scalar_t>(): checked
        dtypes.checked_scalar(alpha, dtype)


@register("sub", grad_fn="SubBackward0", method=True, dunders=("__sub__",),
          sample=binary_samples(), aliases=("subtract",))
def sub(input, other, *, alpha=1):
    """a - alpha*b: d/da = 1, d/db = -alpha (PyTorch refuses bool operands)"""
    if isinstance(other, np.ndarray):
        return NotImplemented               # `t - a`: NumPy's (core.leaves_arrays)
    _check_bool_sub(input, other)
    if not isinstance(input, Tensor):       # (two numbers: the parser makes other a tensor)
        return rsub(other if isinstance(other, Tensor) else to_tensor(other), input, alpha)
    if alpha != 1 or alpha is True:
        return _realpha(SubBackward0, input, other, alpha)
    return binary(SubBackward0, input, other)


@register("rsub", grad_fn="RsubBackward1", method=False, dunders=("__rsub__",),
          sample=fixed((((3,), 2.0), {})))
def rsub(input, other, alpha=1):
    """other - input: d/dinput = -1 (alpha may be positional after a number: PyTorch's
    rsub.Scalar overload)"""
    _check_bool_sub(input, other)
    if isinstance(other, Tensor):
        x, y, cast = binary_args(input, other)
        check_alpha(x._data.dtype if cast is None else cast, alpha)
        broadcast_check(y, x)             # as ATen's sub(other, input) names them
        return apply(RsubBackward0, (x, y), cast, alpha=alpha)
    if other.__class__ is complex:
        cast = _complex_cast(input, other)
        check_alpha(cast or input._data.dtype, alpha)
        return apply(RsubBackward1, (input,), cast, other=other, alpha=alpha)
    if not isinstance(other, (int, float, bool)):
        return NotImplemented
    x = input
    if x.dtype.category < 2 and isinstance(other, float):
        x = x.to(_default())
    check_alpha(x._data.dtype, alpha)
    if _rule_scalars[0] and alpha == 1:
        return _filled(x, other) - x
    return apply(RsubBackward1, (x,), other=other, alpha=alpha)


def _check_bool_sub(a, b) -> None:
    """PyTorch's sub_check: no bool tensor (nor a bool number beside one) in a subtraction."""
    bools = [x.dtype is dtypes.bool_ if isinstance(x, Tensor) else isinstance(x, bool)
             for x in (a, b)]
    if not any(bools):          # a bool number is a bool tensor to PyTorch here
        return
    if all(bools):
        raise TorchRuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                                "supported. Use the `^` or `logical_xor()` operator instead.")
    raise TorchRuntimeError("Subtraction, the `-` operator, with a bool tensor is not "
                            "supported. If you are trying to invert a mask, use the `~` or "
                            "`logical_not()` operator instead.")


def _filled(x, c):
    """A constant like x filled with c: C++ derivative formulas spell `c - x` and `c / x`
    `empty_like(x).fill_(c).sub_(x)` (SubBackward0, DivBackward0 with a None input)."""
    return wrap(np.full(x._data.shape, c, dtype=x._data.dtype))


def _default():
    from ..dtypes import get_default_dtype
    return get_default_dtype()


@register("mul", grad_fn="MulBackward0", method=True, dunders=("__mul__", "__rmul__"),
          sample=binary_samples(), aliases=("multiply",))
def mul(input, other):
    """a * b: d/da = b, d/db = a"""
    if not isinstance(input, Tensor):
        return binary(MulBackward0, to_tensor(other), input, reverse=True)
    return binary(MulBackward0, input, other)


@register("div", grad_fn="DivBackward0", method=True, dunders=("__truediv__",),
          sample=binary_samples(0.5, 2.0), aliases=("divide", "true_divide"))
def div(input, other, *, rounding_mode=_NO_MODE):
    """a / b: d/da = 1/b, d/db = -a/b^2; with rounding_mode= "trunc" or "floor" the rounded
    quotient (integers stay integers), recorded as DivBackward2"""
    if rounding_mode is not _NO_MODE:
        return _div_mode(input, other, rounding_mode)
    if not isinstance(input, Tensor):
        return _rtruediv(to_tensor(other), input)
    a = input
    if a.dtype.category < 2 and (not isinstance(other, Tensor) or other.dtype.category < 2):
        a = a.to(_default())
    return binary(DivBackward0, a, other)


def _div_mode(input, other, mode):
    """div with rounding_mode= given: PyTorch's div.Tensor_mode (DivBackward2)."""
    if mode not in (None, "trunc", "floor"):
        raise TorchRuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or "
                                f"'floor' but found '{mode}'")
    from .core import binary_args
    if isinstance(input, Tensor):
        x, y, cast = binary_args(input, other)
    else:
        y, x, cast = binary_args(to_tensor(other), input)
    computed = cast or x._data.dtype
    if mode is not None and computed.kind == "c":
        raise TorchNotImplementedError(f"\"div_{mode}_cpu\" not implemented for "
                                       f"'{dtypes.from_numpy(computed).legacy}'")
    if mode is None and computed.kind not in "fc":
        cast = _default().np
    broadcast_check(x, y)
    return apply(DivBackward2, (x, y), cast, rounding_mode=mode)


def _rtruediv(x, other):
    if isinstance(other, Tensor):
        return div(other, x)
    if isinstance(other, np.ndarray):
        return reciprocal(x) * other        # PyTorch's __rdiv__: NumPy multiplies (see
                                            # core.leaves_arrays)
    if not isinstance(other, (int, float, bool, complex)):
        if isinstance(other, np.generic):   # `np.float32(2) / t`: read as a Python number
            return _rtruediv(x, dtypes.python_number(other))
        return NotImplemented
    if _rule_scalars[0] and x._data.dtype.kind == "f":
        return _filled(x, other) / x
    return reciprocal(x) * other


Tensor.__rtruediv__ = _rtruediv


@register("neg", grad_fn="NegBackward0", method=True, dunders=("__neg__",),
          sample=unary(), aliases=("negative",))
def neg(input):
    """-x: d/dx = -1 (PyTorch refuses bool tensors)"""
    if input.dtype is dtypes.bool_:
        raise TorchRuntimeError("Negation, the `-` operator, on a bool tensor is not supported. "
                                "If you are trying to invert a mask, use the `~` or "
                                "`logical_not()` operator instead.")
    return apply(NegBackward0, (input,))


def _pos(self):
    """+x: x itself (torch.positive, which refuses bool tensors)"""
    if self.dtype is dtypes.bool_:
        raise TorchRuntimeError("The `+` operator, on a bool tensor is not supported.")
    return self


Tensor.__pos__ = _pos


@register("reciprocal", grad_fn="ReciprocalBackward0", method=True, sample=unary(0.5, 2.0))
def reciprocal(input):
    """1/x: d/dx = -1/x^2"""
    x = input if input.dtype.category >= 2 else input.to(_default())
    return apply(ReciprocalBackward0, (x,))


@register("pow", grad_fn="PowBackward0", method=True, dunders=("__pow__",),
          sample=fixed((((3,), 3), {}), (((3,), 2.5), {}), (((3,), (3,)), {}),
                       lo=0.5, hi=2.0))
def pow(input, exponent):
    """x^c: d/dx = c*x^(c-1); a^b: d/db = a^b*log(a); c^x: d/dx = c^x*log(c)"""
    if not isinstance(input, Tensor):
        return _rpow(exponent, input)
    if isinstance(exponent, Tensor):
        if input.dtype is dtypes.bool_ and exponent.dtype is dtypes.bool_:
            raise _no_bool_pow()
        return binary(PowBackward1, input, exponent)
    if isinstance(exponent, bool):
        if input.dtype is dtypes.bool_:     # bool ** True is x, bool ** False all True
            return wrap(np.array(input._data) if exponent else np.ones_like(input._data))
        exponent = int(exponent)            # else PyTorch reads True as the integer 1
    if isinstance(exponent, (int, float)):
        x = input
        if x._data.dtype == np.float16 or x._data.dtype == _BF16:
            dtypes.checked_number(exponent, x._data.dtype)  # (their kernels' scalar_t)
        if x.dtype.category < 2 and (isinstance(exponent, float) or exponent < 0):
            if exponent < 0 and isinstance(exponent, int):
                raise TorchRuntimeError("Integers to negative integer powers are not allowed.")
            x = x.to(_default())
        elif x.dtype.category == 0:     # bool ** int: PyTorch promotes to int64
            x = x.to(dtypes.int64)
        return apply(PowBackward0, (x,), exponent=exponent)
    if exponent.__class__ is complex:           # (complex_number: see core._conjugated)
        return apply(PowBackward0, (input,), _complex_cast(input, exponent), exponent=exponent,
                     complex_number=True)
    if isinstance(exponent, np.generic):        # `t ** np.float32(2)`: a Python number
        return pow(input, dtypes.python_number(exponent))
    return NotImplemented


def _complex_cast(x: Tensor, number: complex):
    """The complex dtype an op of x with a Python complex number computes in (None: x's
    own), by PyTorch's promotion: float32, bfloat16 (and integers, bool) give complex64,
    float64 complex128. A float16 x would give complex32, which gradcli does not have."""
    rt = dtypes.result_type(((x.dtype, x._data.ndim),), (number,))
    if x.dtype is dtypes.float16:
        raise TorchNotImplementedError(
            f"a {x.dtype} tensor with a Python complex number is a complex32 (ComplexHalf) "
            "tensor in PyTorch, which gradcli does not support")
    return None if rt.np == x._data.dtype else rt.np


def _no_bool_pow() -> TorchNotImplementedError:
    """What ATen's pow kernel raises for a result of dtype bool (one bool tensor to the
    power of another, or True to a bool tensor's powers)."""
    return TorchNotImplementedError('"pow" not implemented for \'Bool\'')


def _rpow(x, base):
    if isinstance(base, Tensor):
        return pow(base, x)
    if base.__class__ is complex:
        return apply(PowBackward2, (x,), _complex_cast(x, base), base=base, complex_number=True)
    if not isinstance(base, (int, float)):
        return NotImplemented
    if x.dtype is dtypes.bool_ and isinstance(base, bool):
        raise _no_bool_pow()
    if x.dtype is dtypes.bool_:             # number ** bool tensor: int64 or the default float
        x = x.to(dtypes.int64 if isinstance(base, int) else _default())
    x = x if x.dtype.category >= 2 or isinstance(base, int) else x.to(_default())
    return apply(PowBackward2, (x,), base=base)


Tensor.__rpow__ = _rpow


@register("square", grad_fn="PowBackward0", method=True, sample=unary())
def square(input):
    """x^2: d/dx = 2x"""
    return pow(input, 2)


@register("floor_divide", grad_fn="NotImplemented", method=True, dunders=("__floordiv__",),
          differentiable=False)
def floor_divide(input, other):
    """floor(a / b): not differentiable (backward raises, as in PyTorch)"""
    refuse_complex("floor_divide", input, other)
    _refuse_complex_number("floor_divide", input, other)
    if not isinstance(input, Tensor):
        return binary(NotImplementedNode, to_tensor(other), input, reverse=True)
    return binary(NotImplementedNode, input, other)


Tensor.__rfloordiv__ = lambda self, other: floor_divide(other, self)


@register("remainder", grad_fn="RemainderBackward0", method=True, dunders=("__mod__",),
          sample=fixed((((3,), 0.7), {})))
def remainder(input, other):
    """a mod b: d/da = 1, d/db = -floor(a/b)"""
    refuse_complex("remainder", input, other, numbers=True)
    _refuse_complex_number("remainder", input, other)
    if not isinstance(input, Tensor):
        return binary(RemainderScalarNode, to_tensor(other), input, reverse=True)
    return binary(RemainderBackward1 if isinstance(other, Tensor) else RemainderBackward0,
                  input, other)


def _refuse_complex_number(name: str, a, b) -> None:
    """PyTorch's kernel error (COMPLEX_REFUSED) for a real tensor with a Python complex
    number, named by the complex dtype they promote to."""
    tensor, number = (a, b) if isinstance(a, Tensor) else (b, a)
    if isinstance(number, np.generic):      # a NumPy scalar: the Python number PyTorch reads
        number = dtypes.python_number(number)
    if number.__class__ is complex and isinstance(tensor, Tensor):
        cls, text = COMPLEX_REFUSED[name]
        rt = dtypes.result_type(((tensor.dtype, tensor._data.ndim),), (number,))
        raise cls(text.format(dtype=rt.legacy))


RemainderBackward1 = type("RemainderBackward1", (RemainderBackward0,), {
    "__doc__": "remainder(tensor, tensor): as RemainderBackward0 (PyTorch's Tensor overload)"})


Tensor.__rmod__ = lambda self, other: remainder(other, self)


class FmodBackward0(Node):
    """d fmod(a, b) = g, -g*trunc(a/b)"""

    save_inputs = (0, 1)

    def forward(self, a, b):
        check_int_divisor(b)
        _no_bool(a, "fmod_cpu")
        return np.fmod(a, b)

    def backward(self, g):
        a, b = self.saved
        return g, (-g * wrap(np.trunc(a._data / b._data)) if self.needs(1) else None)

    def jvp(self, inputs, tangents, out):
        return _mod_jvp(inputs, tangents, out, "trunc", type(self) is FmodBackward0)


def _mod_jvp(inputs, tangents, out, mode: str, scalar: bool):
    """PyTorch's forward formulas of remainder and fmod. With a number for other
    (auto_element_wise of `self: grad`) the tangent is self's. With a tensor, self_t -
    other_t * self_p.div(other_p, rounding_mode=mode): so the tangent's graph reaches both
    primals, with derivative zero. A missing tangent is an efficient zero; its product is
    zeros (never 0 * inf's nan)."""
    (a, b), (ta, tb) = inputs, tangents
    if scalar:
        return ta
    with np.errstate(all="ignore"):
        q = a.div(b, rounding_mode=mode)
        term = tb * q if tb is not None else (q * 0).nan_to_num(0.0, 0.0, 0.0)
    return tangent_difference(ta, term, out._data.ndim, out._data.dtype)


@register("fmod", grad_fn="FmodBackward0", method=True, sample=fixed((((3,), 0.7), {})))
def fmod(input, other):
    """C-style remainder (sign of the dividend): d/da = 1, d/db = -trunc(a/b)"""
    refuse_complex("fmod", input, other, numbers=True)
    return binary(FmodBackward1 if isinstance(other, Tensor) else FmodBackward0, input, other)


FmodBackward1 = type("FmodBackward1", (FmodBackward0,), {
    "__doc__": "fmod(tensor, tensor): as FmodBackward0 (PyTorch's Tensor overload)"})


@register("abs", grad_fn="AbsBackward0", method=True, dunders=("__abs__",), sample=unary(),
          aliases=("absolute",))
def abs(input):
    """|x|: d/dx = sign(x)"""
    return apply(AbsBackward0, (input,))


@register("sign", grad_fn="SignBackward0", method=True, sample=unary())
def sign(input):
    """sign(x): d/dx = 0"""
    refuse_complex("sign", input)
    return apply(SignBackward0, (input,))


class SgnBackward0(SignBackward0):
    """d sgn(x) = 0 (real x): PyTorch's efficient zero tensor, which adding to another
    gradient leaves as it is and multiplying keeps zero (autograd.engine.zero_grad)"""

    save_inputs = (0,)
    save_output = True          # PyTorch's sgn_backward(self, grad, result) keeps both (so
                                # changing the result in place fails a later backward)

    def backward(self, g):
        from ..autograd.engine import zero_grad
        self.saved                  # unpacked (and their versions checked), as PyTorch's
        return zero_grad(*self._in_meta[0])

    def complex_backward(self, g):
        """PyTorch's sgn_backward for complex x: (g - sgn(x)**2 * conj(g)) / (2|x|), 0 where
        x is 0"""
        x, _ = self.saved
        s, a = x.sgn(), x.abs()
        return ((g - (s * s) * g.conj()) / (2. * a)).masked_fill(a == 0, 0)


@register("sgn", grad_fn="SgnBackward0", method=True, sample=unary())
def sgn(input):
    """sign of a real tensor (x/|x| for complex; a bool tensor is its own): d/dx = 0"""
    if isinstance(input, Tensor) and input.dtype.category == 0:
        return input.clone()
    return apply(SgnBackward0, (input,))


class AngleBackward0(SignBackward0):
    """d angle(x) = 0 (real x)"""

    save_inputs = (0,)

    def forward(self, x):
        if x.dtype.kind == "c":          # a complex tensor's angle is real
            return complexmath.angle(x).astype(x.real.dtype, copy=False)
        out = np.where(x < 0, np.pi, 0.0).astype(x.dtype)
        return np.where(np.isnan(x), x, out)

    def complex_backward(self, g):
        """PyTorch's angle_backward for complex z: where(z == 0, 0, g * z / |z|**2 * 1j)"""
        from .activation import where
        (x,) = self.saved
        t = g * x / x.abs().pow(2) * 1j     # (a complex product: re(t) * 0 - im(t) is +0
        # for a real t, nan for an infinite one)
        return where(x == 0, wrap(np.zeros((), t._data.dtype)), t)


@register("angle", grad_fn="AngleBackward0", method=True, sample=unary())
def angle(input):
    """the argument of a complex number; of a real x: pi where x < 0, else 0 (nan kept):
    d/dx = 0"""
    if input._data.dtype.kind not in "fc":
        input = input.to(dtypes.get_default_dtype())
    return apply(AngleBackward0, (input,))


# -- comparisons and logic: results are bool tensors outside the graph ------------------------

def _compare(np_fn, name):
    refused = name in COMPLEX_REFUSED           # the orderings: no complex kernel

    def cmp(input, other):
        a = input if isinstance(input, Tensor) else to_tensor(input)
        b = other._data if isinstance(other, Tensor) else other
        if isinstance(b, np.generic):       # a NumPy scalar: the Python number PyTorch reads
            b = other = dtypes.python_number(b)
        elif not isinstance(b, (int, float, bool, complex, np.ndarray)):
            return NotImplemented
        if refused:
            refuse_complex(name, a, other)
        if isinstance(other, Tensor) and b.dtype != a._data.dtype:
            a, b = _in_promoted(a, other)   # float32 [0.1] == a 0-d float64 0.1: True
        elif b.__class__ is float and a._data.dtype.kind in "biu":
            rt = dtypes.result_type(((a.dtype, a._data.ndim),), (b,)).np
            a, b = wrap(a._data.astype(rt)), scalar_array(b, rt)   # 16777217 == 16777216.0
        if b.__class__ is complex:  # compared in the complex dtype they promote to
            rt = dtypes.result_type(((a.dtype, a._data.ndim),), (b,))
            if refused:
                cls, text = COMPLEX_REFUSED[name]
                raise cls(text.format(dtype=rt.legacy))
            b = scalar_array(b, rt.np)
        elif b.__class__ is int:      # PyTorch casts the number to the promoted dtype (wraps)
            rt = dtypes.result_type(((a.dtype, a._data.ndim),), (b,)).np
            b = scalar_array(b, rt)
        elif b.__class__ is float and _bf16_used[0] and a._data.dtype == _BF16:
            b = dtypes.to_bf16(b)               # so is a float for a bfloat16 tensor
        try:
            out = np.asarray(np_fn(a._data, b))
        except ValueError:
            from .core import broadcast_error
            raise broadcast_error(a._data.shape, np.shape(b)) from None
        operands = [a._data, b] if isinstance(b, np.ndarray) else [a._data]
        return wrap(iterator_layout(out, operands, len(operands) == 1))
    cmp.__name__ = name
    cmp.__doc__ = f"elementwise {name}: a bool tensor, not differentiable"
    return cmp


def _in_promoted(a: Tensor, other: Tensor):
    """(a, other's array) converted to the dtype PyTorch's TensorIterator compares them in
    (their promoted dtype: a uint8 tensor against a 0-d int64 -1 compares with 255)."""
    rt = dtypes.result_type(((a.dtype, a._data.ndim), (other.dtype, other._data.ndim)), ())
    if rt.category == 3 and a.dtype.category < 3 and other.dtype.category < 3:
        return a, other._data
    conv = [t._data if t.dtype is rt else t.to(rt)._data for t in (a, other)]
    return wrap(conv[0]), conv[1]


_COMPARE_ALIASES = {"ne": ("not_equal",), "lt": ("less",), "le": ("less_equal",),
                    "gt": ("greater",), "ge": ("greater_equal",)}
for _name, _fn, _dunder in [("eq", np.equal, "__eq__"), ("ne", np.not_equal, "__ne__"),
                            ("lt", np.less, "__lt__"), ("le", np.less_equal, "__le__"),
                            ("gt", np.greater, "__gt__"), ("ge", np.greater_equal, "__ge__")]:
    register(_name, method=True, dunders=(_dunder,), differentiable=False,
             aliases=_COMPARE_ALIASES.get(_name, ()))(_compare(_fn, _name))

def _bitwise(np_fn, name, kernel):
    """A bitwise op: integers and bools only; PyTorch's kernel refuses the floating dtype
    the operands promote to."""
    op = _compare(np_fn, name)

    def bitwise(input, other):
        if not isinstance(other, (Tensor, int, float, bool, complex, np.ndarray, np.generic)):
            return NotImplemented           # `t & "x"`: Python's TypeError
        a = input if isinstance(input, Tensor) else to_tensor(input)
        operands = ([(a.dtype, a._data.ndim)], [])
        if isinstance(other, Tensor):
            operands[0].append((other.dtype, other._data.ndim))
            broadcast_check(a, other)       # (TensorIterator's shapes before the kernel)
        elif isinstance(other, (int, float, bool, complex)):
            operands[1].append(other)
        try:
            result = dtypes.result_type(*operands)
        except TorchNotImplementedError:    # float16 with a complex number: complex32
            result = None
        if result is None or result.category >= 2 or (kernel in ("lshift", "rshift")
                                                       and result.category == 0):
            raise TorchNotImplementedError(f'"{kernel}_cpu" not implemented for '
                                           f"'{result.legacy if result else 'ComplexHalf'}'")
        if isinstance(other, Tensor) and other.dtype is not result:
            other = other.to(result)        # in the promoted dtype: a 0-d int16 `&` an
        if a.dtype is not result:           # int8 tensor stays int8, as PyTorch's
            a = a.to(result)
        return op(a, other)
    bitwise.__name__, bitwise.__doc__ = name, op.__doc__
    return bitwise


for _name, _fn, _dunders in [("logical_and", np.logical_and, ()),
                             ("logical_or", np.logical_or, ()),
                             ("logical_xor", np.logical_xor, ())]:
    register(_name, method=True, dunders=_dunders, differentiable=False)(
        _compare(_fn, _name))
for _name, _fn, _dunders in [("bitwise_and", np.bitwise_and, ("__and__", "__rand__")),
                             ("bitwise_or", np.bitwise_or, ("__or__", "__ror__")),
                             ("bitwise_xor", np.bitwise_xor, ("__xor__", "__rxor__"))]:
    register(_name, method=True, dunders=_dunders, differentiable=False)(
        _bitwise(_fn, _name, _name))


_shifts = {}
for _name, _fn, _dunder, _kernel in [
        ("bitwise_left_shift", np.left_shift, "__lshift__", "lshift"),
        ("bitwise_right_shift", np.right_shift, "__rshift__", "rshift")]:
    _shifts[_dunder] = register(_name, method=True, dunders=(_dunder,),
                                differentiable=False)(_bitwise(_fn, _name, _kernel))


def _reflected_shift(dunder: str):
    def shift(self, other):
        """`number << tensor`: PyTorch's reflected shifts take a number, and anything else
        is NotImplemented (Python's "unsupported operand" TypeError)"""
        if not isinstance(other, (bool, int, float, complex)):
            return NotImplemented
        from .creation import tensor
        return _shifts[dunder](tensor(other), self)
    return shift


Tensor.__rlshift__ = _reflected_shift("__lshift__")
Tensor.__rrshift__ = _reflected_shift("__rshift__")
for _dunder in ("__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__and__", "__rand__",
                "__or__", "__ror__", "__xor__", "__rxor__", "__lshift__", "__rlshift__",
                "__rshift__", "__rrshift__", "__rfloordiv__", "__rmod__", "__rsub__",
                "__rpow__"):
    setattr(Tensor, _dunder, leaves_arrays(getattr(Tensor, _dunder)))


@register("logical_not", method=True, differentiable=False)
def logical_not(input):
    """not x, elementwise: a bool tensor"""
    return wrap(_iterator_layout(np.logical_not(input._data), input._data))


@register("bitwise_not", method=True, dunders=("__invert__",), differentiable=False)
def bitwise_not(input):
    """~x: bitwise not (logical not for bool tensors); PyTorch refuses floats"""
    if input.dtype.category >= 2:
        raise TorchNotImplementedError(f'"bitwise_not_cpu" not implemented for '
                                       f"'{input.dtype.legacy}'")
    return wrap(np.invert(input._data))


def _invert(self):
    """`~x`: the Python operator refuses floats in its own words."""
    if self.dtype.category >= 2:
        raise TorchTypeError("~ (operator.invert) is only implemented on integer and "
                             "Boolean-type tensors")
    return bitwise_not(self)


Tensor.__invert__ = _invert


@register("equal", method=True, differentiable=False)
def equal(input, other):
    """True when both tensors have the same shape and elements"""
    if not isinstance(other, Tensor):
        raise TorchTypeError(f"equal(): argument 'other' (position 2) must be Tensor, not "
                             f"{type(other).__name__}")
    return input._data.shape == other._data.shape and bool(np.all(input._data == other._data))


@register("allclose", method=True, differentiable=False)
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when all elements are close (`isclose(...).all()`)"""
    return bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


@register("isclose", method=True, differentiable=False)
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """elementwise closeness: a bool tensor; PyTorch wants both of one dtype and shapes
    that broadcast"""
    other = to_tensor(other)
    if input.dtype is not other.dtype:
        raise TorchRuntimeError(f"{input.dtype.legacy} did not match {other.dtype.legacy}")
    for name, tol in (("rtol", rtol), ("atol", atol)):
        if not float(tol) >= 0:                             # (nan too)
            shown = "nan" if tol != tol else f"{float(tol):g}"      # C++'s stream
            raise TorchRuntimeError(f"{name} must be greater than or equal to zero, but got "
                                    f"{shown}")
    broadcast_check(input, other)
    return wrap(np.asarray(np.isclose(input._data, other._data, rtol, atol, equal_nan)))


# -- operator fast paths ---------------------------------------------------------------------
# `x * y` and `x * 0.5` on float tensors of one dtype are most of what formulas do; they skip
# the general argument handling (promotion, scalar wrapping) and fall back to it otherwise.

def _fast(cls, general):
    from .core import F64_FLOATS, _constant
    scalar = scalar_runner(cls, 2)

    def op(self, other):
        dtype = self._data.dtype
        if other.__class__ is float and _rule_scalars[0]:
            return general(self, other)         # a rule building a graph: the Scalar overload
        if other.__class__ is float and dtype is _F64:             # x * 0.5, 2.0 * x too
            c = F64_FLOATS.get(other)
            inputs = (self, _constant(other, dtype) if c is None else c)
        elif other.__class__ is Tensor:
            other_dtype = other._data.dtype
            if (other_dtype is not dtype and other_dtype != dtype) or dtype.kind != "f":
                return general(self, other)     # promotion, or int / int (a float result)
            inputs = (self, other)
        elif other.__class__ is float and dtype.kind == "f":
            inputs = (self, _constant(other, dtype))
        else:
            return general(self, other)
        if dtype is _F64:
            t = scalar(inputs)
            if t is not None:
                return t
        try:
            return apply_array(cls, inputs)   # the 0-d float64 shortcut was tried above
        except ValueError:
            return general(self, other)   # broadcasting failed: the general path says so
    op.__name__ = general.__name__
    op.__doc__ = general.__doc__
    return op


Tensor.__add__ = Tensor.__radd__ = _fast(AddBackward0, add)
Tensor.__mul__ = Tensor.__rmul__ = _fast(MulBackward0, mul)
Tensor.__sub__ = _fast(SubBackward0, sub)
Tensor.__truediv__ = _fast(DivBackward0, div)
