"""Elementwise math: the exp/log family, roots, trig and hyperbolic functions and their
inverses, atan2, hypot, lerp, erf/erfc, sinc, and the rounding functions.

Each op is a `Node` named as PyTorch names it, with its forward on NumPy and its derivative
rule written with tensor ops (so it also gives higher-order derivatives), followed by one
`_elementwise(...)` line that registers the public function. Integer and bool inputs are
computed in the default float dtype, as PyTorch does; rounding functions keep integer dtypes.
NumPy has no `erf`, so it is evaluated with the standard library's `math.erf`.
"""
from __future__ import annotations

import math

import numpy as np

from .. import cpu, dtypes
from ..autograd import grad_mode
from ..autograd.graph import Node
from ..errors import TorchNotImplementedError, TorchRuntimeError, TorchTypeError
from ..fpmath import fma
from .._tensor import Tensor
from .core import (COMPLEX_REFUSED, _const, apply, broadcast_error, scalar_runner, binary,
                   binary_args, ew, refuse_complex, reusable, wrap)
from .core import _amp, _autocast_cpu, bf16_op, efficient_zero, round_op
from .fused import TanhBackwardBackward0, fused
from .registry import binary as binary_samples
from .sumorder import EXACT_ELEMENTS
from .registry import category, fixed, register, unary

category("elementwise math")

_LN2 = math.log(2.0)
_LN10 = 2.3025850929940456      # PyTorch's literal in log10's formula: 1 ulp below log(10)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def check_tensor(x, fname: str, arg: str = "input", pos: int = 1) -> Tensor:
    """x itself when it is a tensor (in a CPU autocast region, cast as the region casts the
    arguments of op `fname`: amp.ENTRY_POLICY); PyTorch's TypeError otherwise."""
    if isinstance(x, Tensor):
        if _autocast_cpu[0] and fname in _amp.ENTRY_POLICY:
            return _amp.cast_inputs(_amp.ENTRY_POLICY[fname], (x,))[0]
        return x
    raise TorchTypeError(f"{fname}(): argument '{arg}' (position {pos}) must be Tensor, "
                         f"not {type(x).__name__}")


def check_flag(value, fname: str, arg: str, pos: int | None = None) -> None:
    """PyTorch's parser's TypeError for a bool argument given another type (NumPy's bool
    passes, as there); `pos` None when PyTorch's Python passes the argument by keyword."""
    if value is True or value is False or isinstance(value, np.bool_):
        return
    _wrong_scalar(value, fname, arg, pos, "bool")


def check_float(value, fname: str, arg: str, pos: int | None = None,
                kind: str = "float") -> None:
    """PyTorch's parser's TypeError for a float argument (`kind` "Number" for a Scalar one)
    given something that is not a real number (a 0-dim tensor passes, as there)."""
    if isinstance(value, (int, float, np.integer, np.floating)) or \
            (isinstance(value, Tensor) and value._data.ndim == 0) or \
            (kind == "Number" and isinstance(value, (complex, np.complexfloating))):
        return
    _wrong_scalar(value, fname, arg, pos, kind)


def _wrong_scalar(value, fname: str, arg: str, pos: int | None, kind: str):
    from ..argparser import tp_name
    where = "" if pos is None else f" (position {pos})"
    raise TorchTypeError(f"{fname}(): argument '{arg}'{where} must be {kind}, not "
                         f"{tp_name(value)}")


def float_cast(x: Tensor):
    """The NumPy dtype an integer or bool tensor is computed in (None for float tensors)."""
    return None if x._data.dtype.kind in "fc" else dtypes.get_default_dtype().np

_INF = float("inf")


def _elementwise(name, cls, sample, *, aliases=(), namespaces=("torch",), keep_int=False):
    """Register `name(input)` running node `cls` (ints promoted to float unless keep_int)."""
    cls.elementwise = True
    scalar = None if cls.scalar is None else scalar_runner(cls, 1)
    refused = name in COMPLEX_REFUSED       # PyTorch has no complex kernel for it

    def fn(input):
        if scalar is not None and input.__class__ is Tensor:
            t = scalar(input)             # None unless input is 0-d float64
            if t is not None:
                return t
        x = check_tensor(input, name)
        if refused:
            refuse_complex(name, x)
        return apply(cls, (x,), None if keep_int else float_cast(x))
    fn.__name__ = name
    fn.__qualname__ = name
    fn.__doc__ = cls.__doc__
    return register(name, grad_fn=cls.__name__, method=True, namespaces=namespaces,
                    sample=sample, aliases=aliases)(fn)


def quiet(forward):
    """Run a forward with NumPy's floating-point warnings off: like PyTorch, log(0) is -inf
    and sqrt(-1) is nan without a word."""
    def run(self, *arrays):
        with np.errstate(all="ignore"):
            return forward(self, *arrays)
    run.__name__ = forward.__name__
    return run


def _erf_np(x):
    return np.asarray(np.frompyfunc(math.erf, 1, 1)(x), dtype=x.dtype)


def _erfc_np(x):
    return np.asarray(np.frompyfunc(math.erfc, 1, 1)(x), dtype=x.dtype)


def libm(np_fn, math_fn):
    """math_fn when it gives np_fn's float64 results bit for bit over a spread of inputs,
    else None: NumPy may use its own SIMD code rather than the C library's (it does for exp,
    log and tanh here), so a `Node.scalar` from `math` is only used after this check."""
    x = np.concatenate([np.linspace(-40.0, 40.0, 1601), np.geomspace(1e-8, 1e6, 400)])
    try:
        got = np.array([math_fn(v) for v in x.tolist()])
    except (ArithmeticError, ValueError):
        return None
    return math_fn if np.array_equal(np_fn(x).view(np.int64), got.view(np.int64)) else None


def rounded(ufunc, x):
    """ufunc(x); for float32 x computed in float64 and rounded once. PyTorch's vectorised
    float32 kernels give the correctly rounded result for nearly every input, where NumPy's
    own float32 loops are often one unit in the last place off (exp(10.) is 22026.465 in
    PyTorch, 22026.467 in NumPy): this agrees with PyTorch for ~99% of inputs of exp, log*,
    expm1, sinh, cosh, tanh and atanh, ~95% of sin and cos, against 50-90% before. Past
    EXACT_ELEMENTS (PyTorch's grain size) NumPy's float32 loop runs: twice as fast, within
    one unit in the last place."""
    if x.dtype == _F32 and x.size < EXACT_ELEMENTS:
        return ew(ufunc, x.astype(np.float64)).astype(np.float32)
    return ew(ufunc, x)


_F32 = np.dtype(np.float32)
_F64 = np.dtype(np.float64)


def sleef(name: str, ufunc, x):
    """ufunc(x), below EXACT_ELEMENTS as ATen's kernel computes it (SLEEF on its vectors,
    the C library on its scalar tail): float32 by `vecmath.unary`; float64 by `vecmath64`,
    sinh, cosh, exp2 and atanh so, expm1 and log1p by SLEEF on every element (ATen's vml::map,
    whose last partial vector is SLEEF's too); else `rounded`."""
    if x.dtype == _F32 and x.size < EXACT_ELEMENTS:
        from .. import vecmath         # (float32 kernels: loaded at first use)
        return vecmath.unary(name, x)
    if x.dtype == _F64 and x.size < EXACT_ELEMENTS and name in _SLEEF64:
        from .. import vecmath64
        if name in ("expm1", "log1p"):
            return getattr(vecmath64, name)(x)
        return vecmath64.elementwise(lambda m, v: getattr(m, name)(v), x)
    return rounded(ufunc, x)


_SLEEF64 = frozenset(("sinh", "cosh", "exp2", "atanh", "expm1", "log1p"))


def c_library(name: str, ufunc, x):
    """ufunc(x) as ATen's scalar loop computes it (cpu_kernel calling std::`name`): the C
    library's float or double function (glibc's asinhf, acosh, ..., which NumPy's own loops
    do not always equal) below EXACT_ELEMENTS; NumPy's beyond (one call per element through
    ctypes costs about a microsecond) and for other dtypes."""
    if x.size < EXACT_ELEMENTS and x.dtype in (_F32, _F64):
        from .. import vecmath
        if x.dtype == _F32:
            return vecmath._c_or_rounded(name + "f", x, ufunc)
        return vecmath.libm64(name, x, ufunc)
    return ufunc(x)


def _same_layout(a: Tensor, b: Tensor) -> bool:
    """Same shape and dtype: a rule may then combine the arrays into one new array."""
    return a._data.shape == b._data.shape and a._data.dtype == b._data.dtype


# -- exp and log ------------------------------------------------------------------------------

class ExpBackward0(Node):
    """d/dx exp(x) = exp(x)"""

    save_output = True

    @quiet
    def forward(self, x):
        return rounded(np.exp, x)

    def backward(self, g):
        (y,) = self.saved
        if _same_layout(g, y) and reusable(self, y, 2):     # y's last use: into its memory
            return wrap(ew(np.multiply, g._data, y._data, out=y._data))
        return g * y

    def scalar_backward(self, g):
        r = g * float(self.saved[0]._data)
        return (r,) if -_INF < r < _INF else None


exp = _elementwise("exp", ExpBackward0, unary())


class Exp2Backward0(Node):
    """d/dx 2^x = 2^x * ln 2"""

    save_output = True

    @quiet
    def forward(self, x):
        return sleef("exp2", np.exp2, x)

    def backward(self, g):
        (y,) = self.saved
        return g * y * _LN2


exp2 = _elementwise("exp2", Exp2Backward0, unary(), namespaces=("torch", "special:exp2"))


class Expm1Backward0(Node):
    """d/dx (exp(x) - 1) = exp(x) = y + 1"""

    save_output = True

    @quiet
    def forward(self, x):
        return sleef("expm1", np.expm1, x)

    def backward(self, g):
        (y,) = self.saved
        return g * (y + 1)


expm1 = _elementwise("expm1", Expm1Backward0, unary(), namespaces=("torch", "special:expm1"))


class LogBackward0(Node):
    """d/dx log(x) = 1/x"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        return rounded(np.log, x)

    def backward(self, g):
        (x,) = self.saved
        return g / x


log = _elementwise("log", LogBackward0, unary(0.2, 3.0))


class Log2Backward0(Node):
    """d/dx log2(x) = 1/(x ln 2)"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        return rounded(np.log2, x)

    def backward(self, g):
        (x,) = self.saved
        return g / (x * _LN2)


log2 = _elementwise("log2", Log2Backward0, unary(0.2, 3.0))


class Log10Backward0(Node):
    """d/dx log10(x) = 1/(x ln 10)"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        return rounded(np.log10, x)

    def backward(self, g):
        (x,) = self.saved
        return g / (x * _LN10)


log10 = _elementwise("log10", Log10Backward0, unary(0.2, 3.0))


class Log1PBackward0(Node):
    """d/dx log(1 + x) = 1/(1 + x)"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        return sleef("log1p", np.log1p, x)

    def backward(self, g):
        (x,) = self.saved
        return g / (x + 1)


log1p = _elementwise("log1p", Log1PBackward0, unary(-0.8, 2.0),
                     namespaces=("torch", "special:log1p"))


def sqrt_values(x: np.ndarray) -> np.ndarray:
    """x's square roots as PyTorch's CPU `sqrt` computes them: MKL's vsSqrt/vdSqrt, which
    ATen calls, on an Intel CPU with AVX-512 (`vecmath.mkl_sqrt`); elsewhere correctly
    rounded."""
    if x.dtype in (_F32, _F64) and cpu.mkl_avx512():
        from .. import vecmath
        return vecmath.mkl_sqrt(x)
    return ew(np.sqrt, x)


class SqrtBackward0(Node):
    """d/dx sqrt(x) = 1/(2 sqrt(x))"""

    save_output = True

    @quiet
    def forward(self, x):
        return sqrt_values(x)

    def backward(self, g):
        (y,) = self.saved
        return g / (y * 2)


sqrt = _elementwise("sqrt", SqrtBackward0, unary(0.2, 3.0))


class RsqrtBackward0(Node):
    """d/dx x^(-1/2) = -x^(-3/2)/2 = -y^3/2"""

    save_output = True

    @quiet
    def forward(self, x):
        if bf16_op[0]:                  # bfloat16's, float16's kernel: 1/sqrt in float where
            from ..vecmath import LANES, scalar_positions     # its vectorised loop runs,
            tail = scalar_positions([x], 2 * LANES)             # 1 / (sqrt rounded) in
            out = np.reciprocal(np.sqrt(x))                     # its scalar one
            if tail.any():
                out[tail] = np.reciprocal(round_op(np.sqrt(x[tail])))
            return out
        if x.dtype.kind == "c":         # 1 / sqrt(z) by c10::complex's division
            from .. import complexmath
            return complexmath.reciprocal(np.sqrt(x))
        return np.reciprocal(np.sqrt(x))

    def backward(self, g):
        (y,) = self.saved
        if y._data.dtype.kind == "c":
            cube = _on_self(y, lambda z: z.pow(3))      # (result.pow(3).conj())
            return -0.5 * g * cube
        if not grad_mode._enabled[0]:
            return g * (y * y * y * -0.5)
        cube = y.pow(3)                 # PyTorch's graph: -0.5 * grad * result.pow(3), its
        return -0.5 * g * cube          # right operand made first


rsqrt = _elementwise("rsqrt", RsqrtBackward0, unary(0.2, 3.0))


# -- trigonometric ----------------------------------------------------------------------------

class SinBackward0(Node):
    """d/dx sin(x) = cos(x)"""

    scalar = libm(np.sin, math.sin)
    save_inputs = (0,)

    def forward(self, x):
        return rounded(np.sin, x)

    def backward(self, g):
        (x,) = self.saved
        return g * x.cos()

    def scalar_backward(self, g):
        cos = CosBackward0.scalar               # |cos| <= 1: finite for a finite g
        saved = self._saved or self.saved
        if saved[0]._vbox is not None:
            saved = self.saved                  # modified in place since: check versions
        return None if cos is None else (g * cos(float(saved[0]._data)),)


sin = _elementwise("sin", SinBackward0, unary())


class CosBackward0(Node):
    """d/dx cos(x) = -sin(x)"""

    scalar = libm(np.cos, math.cos)
    save_inputs = (0,)

    def forward(self, x):
        return rounded(np.cos, x)

    def backward(self, g):
        (x,) = self.saved
        return g * -_on_self(x, lambda z: z.sin())     # (complex: -(sin(self).conj()))

    def scalar_backward(self, g):
        sin = SinBackward0.scalar               # |sin| <= 1: finite for a finite g
        saved = self._saved or self.saved
        if saved[0]._vbox is not None:
            saved = self.saved                  # modified in place since: check versions
        return None if sin is None else (g * -sin(float(saved[0]._data)),)


cos = _elementwise("cos", CosBackward0, unary())


class TanBackward0(Node):
    """d/dx tan(x) = 1 + tan(x)^2"""

    save_output = True

    @quiet
    def forward(self, x):
        return rounded(np.tan, x)

    def backward(self, g):
        (y,) = self.saved
        if y._data.dtype.kind == "c":               # (1 + result.pow(2)).conj()
            return g * _on_self(y, lambda z: 1 + z.pow(2))
        if not grad_mode._enabled[0]:
            return g * (y * y + 1)
        return g * (1 + y.pow(2))                   # PyTorch's graph


tan = _elementwise("tan", TanBackward0, unary(-1.2, 1.2))


def _on_self(x: Tensor, rule) -> Tensor:
    """rule(x), or for a complex x (which a holomorphic rule is given conjugated, see
    HOLOMORPHIC_RULES) PyTorch's `rule(self).conj()` on self itself: the signs of zeros a
    conjugate flips pick the branch of a square root."""
    if x._data.dtype.kind != "c":
        return rule(x)
    return rule(x.conj()).conj()


class AsinBackward0(Node):
    """d/dx asin(x) = 1/sqrt(1 - x^2)"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        return rounded(np.arcsin, x)

    def backward(self, g):
        (x,) = self.saved
        return g * _on_self(x, lambda z: (-z * z + 1).rsqrt())


asin = _elementwise("asin", AsinBackward0, unary(-0.9, 0.9), aliases=("arcsin",))


class AcosBackward0(Node):
    """d/dx acos(x) = -1/sqrt(1 - x^2)"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        if x.dtype == np.complex128:
            # ATen's Vectorized<complex<double>>::acos, each part: (pi/2, 0) - asin(x), so
            # the imaginary part of a real point is +0 (std::acos, and NumPy's, give -0)
            s = ew(np.arcsin, x)
            out = np.empty_like(s)
            out.real = np.pi / 2 - s.real
            out.imag = 0.0 - s.imag
            return out
        return rounded(np.arccos, x)

    def backward(self, g):
        (x,) = self.saved
        return g * -_on_self(x, lambda z: (-z * z + 1).rsqrt())


acos = _elementwise("acos", AcosBackward0, unary(-0.9, 0.9), aliases=("arccos",))


class AtanBackward0(Node):
    """d/dx atan(x) = 1/(1 + x^2)"""

    save_inputs = (0,)

    def forward(self, x):
        return rounded(np.arctan, x)

    def backward(self, g):
        (x,) = self.saved
        return g / (x * x + 1)


atan = _elementwise("atan", AtanBackward0, unary(), aliases=("arctan",))


# -- hyperbolic -------------------------------------------------------------------------------

class SinhBackward0(Node):
    """d/dx sinh(x) = cosh(x)"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        return sleef("sinh", np.sinh, x)

    def backward(self, g):
        (x,) = self.saved
        return g * x.cosh()


sinh = _elementwise("sinh", SinhBackward0, unary())


class CoshBackward0(Node):
    """d/dx cosh(x) = sinh(x)"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        return sleef("cosh", np.cosh, x)

    def backward(self, g):
        (x,) = self.saved
        return g * x.sinh()


cosh = _elementwise("cosh", CoshBackward0, unary())


def _tanh_grad(g, y, out):
    """g (1 - y y) into out, rounded after each step as ATen's kernel rounds it."""
    np.multiply(y, y, out=out)
    np.subtract(out.dtype.type(1), out, out=out)
    return np.multiply(g, out, out=out)


_tanh_grad.__name__ = "multiply"      # the step whose conditions NumPy would report


class TanhBackward0(Node):
    """d/dx tanh(x) = 1 - tanh(x)^2"""

    save_output = True

    def forward(self, x):
        if x.dtype in (_F32, _F64) and x.size and cpu.mkl_avx512():
            from .. import mklvml       # MKL's vsTanh/vdTanh, which ATen calls, bit for bit
            if x.dtype == _F32 and x.size <= mklvml.VML_ELEMENTS:
                return mklvml.tanh(x)
            if x.dtype == _F64 and x.size <= mklvml.VML64_ELEMENTS:
                return mklvml.tanh64(x)
        return rounded(np.tanh, x)

    def backward(self, g):
        (y,) = self.saved
        if not grad_mode._enabled[0] and y._data.size >= EXACT_ELEMENTS and _same_layout(g, y):
            # no graph: the same three ufuncs, into y's memory on its last use, else into
            # one new array; all three on each piece of `ew` in turn, while it is in cache
            r = y._data if reusable(self, y, 2) else np.empty_like(y._data)
            return wrap(ew(_tanh_grad, g._data, y._data, out=r))
        return fused(TanhBackwardBackward0, (g, y))

    def scalar_backward(self, g):
        """g * fma(-y, y, 1), as the tensor rule (ATen's kernel, contracted): 1 - y*y
        rounded once, exactly in integers (|1 - y*y| <= 1: finite for a finite g)"""
        n, d = float(self.saved[0]._data).as_integer_ratio()
        dd = d * d
        return (g * ((dd - n * n) / dd),)


tanh = _elementwise("tanh", TanhBackward0, unary(), namespaces=("torch", "functional"))


class AsinhBackward0(Node):
    """d/dx asinh(x) = 1/sqrt(x^2 + 1)"""

    save_inputs = (0,)

    def forward(self, x):
        return c_library("asinh", np.arcsinh, x)

    def backward(self, g):
        (x,) = self.saved
        return g * _on_self(x, lambda z: (z.pow(2) + 1).rsqrt())   # (its graph)


asinh = _elementwise("asinh", AsinhBackward0, unary(), aliases=("arcsinh",))


class AcoshBackward0(Node):
    """d/dx acosh(x) = 1/sqrt(x^2 - 1)"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        return c_library("acosh", np.arccosh, x)

    def backward(self, g):
        (x,) = self.saved
        if x._data.dtype.kind == "c":   # PyTorch's complex rule (sqrt(z^2 - 1) would take
            return g * _on_self(x, lambda z: (z + 1).rsqrt() * (z - 1).rsqrt())   # the other
        return g * (x * x - 1).rsqrt()                                            # branch)


acosh = _elementwise("acosh", AcoshBackward0, unary(1.1, 3.0), aliases=("arccosh",))


class AtanhBackward0(Node):
    """d/dx atanh(x) = 1/(1 - x^2)"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        return sleef("atanh", np.arctanh, x)

    def backward(self, g):
        (x,) = self.saved
        return g / (1 - x.pow(2))                  # PyTorch's formula (and graph)


atanh = _elementwise("atanh", AtanhBackward0, unary(-0.9, 0.9), aliases=("arctanh",))


# -- error function and sinc ------------------------------------------------------------------

class ErfBackward0(Node):
    """d/dx erf(x) = 2/sqrt(pi) * exp(-x^2)"""

    save_inputs = (0,)

    def forward(self, x):
        if bf16_op[0] and x.dtype == np.float32:    # bfloat16, float16: ATen's vector erf
            from .. import vecmath                  # on every element (vml's map)
            return vecmath.erf(x)
        return _erf_np(x)

    def backward(self, g):
        (x,) = self.saved
        return _TWO_OVER_SQRT_PI * (-x.pow(2)).exp() * g


erf = _elementwise("erf", ErfBackward0, unary(), namespaces=("torch", "special:erf"))


class ErfcBackward0(Node):
    """d/dx erfc(x) = -2/sqrt(pi) * exp(-x^2)"""

    save_inputs = (0,)

    def forward(self, x):
        return _erfc_np(x)

    def backward(self, g):
        (x,) = self.saved
        return -_TWO_OVER_SQRT_PI * (-x.pow(2)).exp() * g


erfc = _elementwise("erfc", ErfcBackward0, unary(), namespaces=("torch", "special:erfc"))


class SincBackward0(Node):
    """d/dx sin(pi x)/(pi x) = (cos(pi x) - sinc(x))/x, and 0 at x = 0"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        if x.dtype == _F32:             # ATen: sinf(pi x) / (pi x) in float, 1 at 0
            px = (np.float32(math.pi) * x).astype(_F32)
            from .. import vecmath
            r = (vecmath.libm("sinf", px, np.sin) / px).astype(_F32)
            return np.where(x == 0, np.float32(1), r)
        return np.sinc(x)

    def backward(self, g):
        (x,) = self.saved
        return _sinc_backward(g, x)


def _sinc_backward(g, x):
    """PyTorch's graph: where(pi x^2 == 0, 0, g * (pi x cos(pi x) - sin(pi x)) / (pi x^2))
    (for a complex x: g * that quotient's conj())."""
    from .activation import where
    complex_ = x._data.dtype.kind == "c"
    if complex_:                        # (self: a holomorphic rule is given it conjugated)
        x = x.conj()
    x_pi = x * math.pi
    x2_pi = x * x * math.pi
    with np.errstate(all="ignore"):     # (C++ makes the right operand's node first)
        sin = x_pi.sin()
        quotient = (x_pi * x_pi.cos() - sin) / x2_pi
        out = g * (quotient.conj() if complex_ else quotient)
    return where(wrap(x2_pi._data == 0), _const(g, 0.0), out)


sinc = _elementwise("sinc", SincBackward0, unary(), namespaces=("torch", "special:sinc"))


# -- rounding: derivative zero (frac: one) ----------------------------------------------------

class _ZeroGrad(Node):
    """Rounding functions are piecewise constant: the derivative is 0."""

    def backward(self, g):
        return wrap(np.zeros_like(g._data))     # zeros_like(grad): no history, as in PyTorch


def _rounding(name, np_fn, doc):
    kernel = f'"{np_fn.__name__}_vml_cpu" not implemented for \'Bool\''

    def forward(self, x):
        if x.dtype == np.bool_:           # PyTorch's rounding kernels have no bool version
            raise TorchNotImplementedError(kernel)
        return np_fn(x)
    return type(name, (_ZeroGrad,), {"__doc__": doc, "forward": forward})


FloorBackward0 = _rounding("FloorBackward0", np.floor, "d/dx floor(x) = 0")
CeilBackward0 = _rounding("CeilBackward0", np.ceil, "d/dx ceil(x) = 0")
TruncBackward0 = _rounding("TruncBackward0", np.trunc, "d/dx trunc(x) = 0")
RoundBackward0 = _rounding("RoundBackward0", np.round, "d/dx round(x) = 0")


class RoundBackward1(_ZeroGrad):
    """d/dx round(x, decimals) = 0"""

    @quiet                  # (10^decimals past the dtype's range: inf, nan without a word)
    def forward(self, x):
        return np.round(x, self.decimals)


class FracBackward0(Node):
    """d/dx (x - trunc(x)) = 1"""

    def forward(self, x):
        if x.dtype.kind not in "fc":        # PyTorch has no integer frac kernel
            raise TorchNotImplementedError(f'"frac_cpu" not implemented for '
                                           f"'{dtypes.from_numpy(x.dtype).legacy}'")
        return x - np.trunc(x)

    def backward(self, g):
        return g


floor = _elementwise("floor", FloorBackward0, unary(0.1, 0.9), keep_int=True)
ceil = _elementwise("ceil", CeilBackward0, unary(0.1, 0.9), keep_int=True)
trunc = _elementwise("trunc", TruncBackward0, unary(0.1, 0.9), keep_int=True,
                     aliases=("fix",))
frac = _elementwise("frac", FracBackward0, unary(0.1, 0.9), keep_int=True)


class _Default:
    """round's `decimals` not given (PyTorch's round.default, not round.decimals)."""

    def __repr__(self):
        return "0"


_NO_DECIMALS = _Default()


@register("round", grad_fn="RoundBackward0", method=True,
          namespaces=("torch", "special:round"), sample=fixed(
    (((3,),), {}), (((2, 3),), {"decimals": 1}), lo=0.1, hi=0.4))
def round(input, *, decimals=_NO_DECIMALS):
    """d/dx round(x) = 0 (RoundBackward0; RoundBackward1 with decimals)"""
    x = check_tensor(input, "round")
    given, decimals = decimals is not _NO_DECIMALS, 0 if decimals is _NO_DECIMALS else decimals
    refuse_complex("round" if decimals == 0 else "round:decimals", x)
    if given and decimals == 0 and x._data.dtype.kind not in "fc":
        # round(x, decimals=0) (and special.round) runs the kernel integers lack; only a
        # bare round(x) gives an integer tensor back
        raise TorchNotImplementedError(f'"round_vml_cpu" not implemented for '
                                       f"'{x.dtype.legacy}'")
    if decimals != 0 and x._data.dtype.kind not in "fc":
        raise TorchNotImplementedError(f'"round_cpu" not implemented for \'{x.dtype.legacy}\'')
    if not given:
        return apply(RoundBackward0, (x,))
    return apply(RoundBackward1, (x,), decimals=int(decimals))     # decimals=0 too


# -- binary -----------------------------------------------------------------------------------

def _binary_tensors(name, input, other):
    """Both operands checked to be tensors, integers promoted to the default float dtype."""
    a = check_tensor(input, name)
    b = check_tensor(other, name, "other", 2)
    if a._data.dtype.kind not in "fc" and b._data.dtype.kind not in "fc":
        f = dtypes.get_default_dtype().np
        a, b = wrap(a._data.astype(f)), wrap(b._data.astype(f))
    return a, b


class Atan2Backward0(Node):
    """d atan2(a, b) = g*b/(a^2 + b^2), -g*a/(a^2 + b^2)"""

    save_inputs = (0, 1)

    @quiet
    def forward(self, a, b):
        if a.dtype == b.dtype == _F32 and max(a.size, b.size) < EXACT_ELEMENTS:
            from .. import vecmath
            return vecmath.atan2_kernel(a, b)
        if a.dtype == b.dtype == _F64 and 0 < max(a.size, b.size) < EXACT_ELEMENTS:
            from .. import vecmath64    # SLEEF's on the vectors, glibc's on the tail
            return vecmath64.elementwise(lambda m, y, x: m.atan2(y, x), a, b)
        return np.arctan2(a, b)

    def backward(self, g):
        a, b = self.saved
        denom = a * a + b * b                       # PyTorch's atan2_backward: 0 at (0, 0)
        recip = denom.reciprocal().masked_fill(wrap(denom._data == 0), 0)
        return (g * b * recip if self.needs(0) else None,
                g * -a * recip if self.needs(1) else None)

    def jvp(self, inputs, tangents, out):
        """PyTorch's forward formula, unmasked (nan at (0, 0), where the backward gives 0):
        (-self_p * other_t + other_p * self_t) / (self_p^2 + other_p^2), a missing tangent
        an efficient zero"""
        (a, b), (ta, tb) = inputs, tangents
        zero = efficient_zero(out._data.ndim, out._data.dtype)
        with np.errstate(all="ignore"):
            num = (-a * tb if tb is not None else zero) + (b * ta if ta is not None else zero)
            return num / (a.pow(2) + b.pow(2))


@register("atan2", grad_fn="Atan2Backward0", method=True, sample=binary_samples(),
          aliases=("arctan2",))
def atan2(input, other):
    """d atan2(a, b) = g*b/(a^2 + b^2), -g*a/(a^2 + b^2)"""
    a, b = _binary_tensors("atan2", input, other)
    refuse_complex("atan2", a, b)
    return binary(Atan2Backward0, a, b)


class HypotBackward0(Node):
    """d sqrt(a^2 + b^2) = g*a/y, g*b/y"""

    save_inputs = (0, 1)
    save_output = True

    @quiet
    def forward(self, a, b):
        return np.hypot(a, b)

    def backward(self, g):
        a, b, y = self.saved
        return (g * a / y if self.needs(0) else None), (g * b / y if self.needs(1) else None)

    def jvp(self, inputs, tangents, out):
        """PyTorch's forward formula: self_t * self_p / result + other_t * other_p / result
        (a missing tangent's term an efficient zero)"""
        (a, b), (ta, tb) = inputs, tangents
        with np.errstate(all="ignore"):
            terms = [t * x / out for t, x in ((ta, a), (tb, b)) if t is not None]
            if len(terms) == 2:
                return terms[0] + terms[1]
            return terms[0] + efficient_zero(out._data.ndim, out._data.dtype)


@register("hypot", grad_fn="HypotBackward0", method=True, sample=binary_samples())
def hypot(input, other):
    """d sqrt(a^2 + b^2) = g*a/y, g*b/y"""
    a = check_tensor(input, "hypot")
    b = check_tensor(other, "hypot", "other", 2)
    refuse_complex("hypot", a, b)
    rt = dtypes.result_type([(a.dtype, a._data.ndim), (b.dtype, b._data.ndim)], ())
    if rt.category < 2:                     # PyTorch's hypot kernel has no integer version
        raise TorchNotImplementedError(f"\"hypot_cpu\" not implemented for '{rt.legacy}'")
    return binary(HypotBackward0, a, b)


def lerp_np(s, e, w):
    """PyTorch's lerp kernel: s + w (e - s) for |w| < 0.5, else e - (e - s)(1 - w), each
    with one fused multiply-add (as its vectorised CPU loop computes it)."""
    w = np.asarray(w, dtype=np.result_type(s, e))
    d = e - s
    if d.dtype.kind == "c":                 # complex products: no single fma to mirror
        return np.where(np.abs(w) < 0.5, s + w * d, e - d * (1 - w)).astype(d.dtype)
    return np.where(np.abs(w) < 0.5, fma(w, d, s), fma(-d, 1 - w, e)).astype(d.dtype)


class LerpBackward0(Node):
    """d (s + w (e - s)) = g*(1 - w), g*w  (w a number)"""

    linear = True           # its tangent is lerp(t_s, t_e, w), PyTorch's formula (signed 0s)

    def forward(self, s, e):
        return lerp_np(s, e, self.weight)

    def backward(self, g):
        return g * (1 - self.weight), g * self.weight


class LerpBackward1(Node):
    """d (s + w (e - s)) = g*(1 - w), g*w, g*(e - s)"""

    save_inputs = (0, 1, 2)
    saved_if = ((2,), (2,), (0, 1, 2))  # s and e kept for w's gradient; w always, as PyTorch

    def forward(self, s, e, w):
        return lerp_np(s, e, w)

    def backward(self, g):
        s, e, w = self.saved            # in PyTorch's order of the names: end, self, weight
        ge = g * w if self.needs(1) else None
        gs = g * (1 - w) if self.needs(0) else None
        return gs, ge, (g * (e - s) if self.needs(2) else None)


@register("lerp", grad_fn="LerpBackward0", method=True, sample=fixed(
    (((3,), (3,), 0.3), {}), (((2, 3), (3,), (2, 3)), {})))
def lerp(input, end, weight):
    """start + weight*(end - start): d/dstart = 1 - w, d/dend = w, d/dw = end - start"""
    s, e, weight, shape = lerp_operands(input, end, weight)
    tensor_w = isinstance(weight, Tensor)
    if s._data.dtype.kind not in "fc":
        kernel = "lerp_kernel_tensor" if tensor_w else "lerp_kernel_scalar"
        raise TorchNotImplementedError(f'"{kernel}" not implemented for '
                                       f"'{s.dtype.legacy}'")
    if tensor_w:
        return _lerp3(s, e, weight)
    x, y, cast = binary_args(s, e)
    if weight.__class__ is complex:       # a complex tensor's weight, else c10's check
        if s._data.dtype.kind == "c":
            dtypes.checked_scalar(weight, s._data.dtype)
            return apply(LerpBackward0, (x, y), cast, weight=weight)
        # read as the opmath type (float for float16 and bfloat16)
        opmath = np.float64 if s._data.dtype == np.float64 else np.float32
        weight = dtypes.checked_scalar(weight, opmath if s._data.dtype.kind == "f" else
                                       s._data.dtype)
    elif s._data.dtype == np.complex64:
        dtypes.checked_scalar(weight, np.complex64)
    elif s._data.dtype.itemsize < 8 or s._data.dtype == dtypes.BF16_NP:
        dtypes.checked_scalar(weight, np.float32)   # read as a float (its opmath type)
    return apply(LerpBackward0, (x, y), cast, weight=float(weight), as_given={"weight": weight})


def lerp_operands(input, end, weight):
    """lerp's operands checked as PyTorch checks them before its kernel looks at the dtype
    (lerp_ then checks self's shape against theirs): one dtype, but for a 0-d weight, which
    takes part in type promotion (a float one makes int ends float, a complex one float
    ends complex: lerp_ refuses that result type), then shapes that broadcast; with the
    broadcast shape."""
    s, e = check_tensor(input, "lerp"), check_tensor(end, "lerp", "end", 2)
    tensor_w = isinstance(weight, Tensor)
    if tensor_w and not weight._data.ndim and weight._data.dtype != s._data.dtype \
            and e._data.dtype == s._data.dtype:
        rt = dtypes.result_type([(s.dtype, s._data.ndim), (e.dtype, e._data.ndim),
                                 (weight.dtype, 0)], [])
        s, e, weight = (t if t.dtype is rt else t.to(rt) for t in (s, e, weight))
    for t, name in ((e, "end"), (weight if tensor_w else e, "weight")):
        if t._data.dtype != s._data.dtype:      # PyTorch's lerp takes one dtype only
            from .linalg import _cname
            raise TorchRuntimeError(f"expected dtype {_cname(s)} for `{name}` but got dtype "
                                    f"{_cname(t)}")
    shapes = [t._data.shape for t in (s, e) + ((weight,) if tensor_w else ())]
    try:
        return s, e, weight, np.broadcast_shapes(*shapes)
    except ValueError:
        raise broadcast_error(*shapes[:2]) if len(shapes) == 2 else \
            _lerp_broadcast_error(shapes) from None


def _lerp_broadcast_error(shapes):
    """PyTorch's message for the first pair of lerp's operands that does not broadcast."""
    a, b, w = shapes
    try:
        ab = np.broadcast_shapes(a, b)
    except ValueError:
        return broadcast_error(a, b)
    return broadcast_error(ab, w)


def _lerp3(s, e, w):
    return apply(LerpBackward1, (s, e, w))      # (one dtype: checked by `lerp`)
