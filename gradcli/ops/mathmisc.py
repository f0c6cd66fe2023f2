"""Less common math ops: logaddexp2, ldexp, frexp, gcd/lcm, nextafter, mvlgamma, addr,
addbmm, bilinear, and the torch-level forms of the losses (`torch.kl_div(input, target,
reduction=0)` ..., whose `reduction` is PyTorch's integer enum: 1 mean, 2 sum, else none).
Its special functions (i0, i0e, i1, i1e, ndtri, logaddexp2, mvlgamma) run ATen's float
kernels on float32 tensors below EXACT_ELEMENTS, so their results are PyTorch's to the bit.
"""
from __future__ import annotations

import functools
import inspect
import math
import warnings

import numpy as np

from .. import dtypes, vecmath
from ..autograd.graph import Node
from ..fpmath import fma
from ..errors import (TorchIndexError, TorchNotImplementedError, TorchRuntimeError,
                      TorchTypeError)
from .._tensor import Tensor
from .core import (apply, bf16_op, bf16_result, inplace, maybe_multiply, op_format, promoted,
                   refuse_complex, refuse_low_precision, wrap, zeros_for)
from . import special_kernels
from .extra import lgamma_c, zeta_np
from .linalg import _bmm
from .matrix import _Result
from .misc import NoDerivative, no_derivative
from .more import _expand_check, _pair, addmm_dtypes_check, affine_product_jvp
from .outparam import _into
from .registry import REGISTRY, category, fixed, native_signature, register
from .registry import binary as binary_samples
from .sumorder import EXACT_ELEMENTS, torch_sum
from .unary import _const, check_tensor, quiet
from .views import check_write

category("arithmetic")


def _not_for(kernel: str, dtype: np.dtype):
    legacy = dtypes.from_numpy(dtype).legacy
    return TorchNotImplementedError(f'"{kernel}_cpu" not implemented for \'{legacy}\'')


class Logaddexp2Backward0(Node):
    """d log2(2^a + 2^b) = g/(1 + 2^(b - a)), g/(1 + 2^(a - b))"""

    save_inputs = (0, 1)

    @quiet
    def forward(self, a, b):
        if a.dtype == b.dtype == np.float32 and max(a.size, b.size) < EXACT_ELEMENTS:
            return vecmath.logaddexp2(a, b)
        if a.dtype == b.dtype == np.float64 and max(a.size, b.size) < EXACT_ELEMENTS:
            from .. import vecmath64
            return vecmath64.logaddexp2(a, b)
        return np.logaddexp2(a, b)

    def backward(self, g):
        a, b = self.saved               # PyTorch's formulas, other's first (alphabetical):
        gb = g / (1 + 2 ** (a - b)) if self.needs(1) else None      # grad / (1 + pow(2, ...))
        ga = g / (1 + 2 ** (b - a)) if self.needs(0) else None
        return ga, gb


@register("logaddexp2", grad_fn="Logaddexp2Backward0", method=True,
          sample=binary_samples())
def logaddexp2(input, other):
    """log2(2^a + 2^b): d/da = 1/(1 + 2^(b - a)), d/db = 1/(1 + 2^(a - b))"""
    refuse_complex("logaddexp2", input, other)
    a, b = check_tensor(input, "logaddexp2"), check_tensor(other, "logaddexp2", "other", 2)
    dt = promoted(a, b) or a._data.dtype
    if dt.kind not in "fc":
        raise _not_for("logaddexp2", dt)
    a, b, cast = _pair(a, b, "logaddexp2")
    return apply(Logaddexp2Backward0, (a, b), cast)


class LdexpBackward0(Node):
    """d x*2^e = g*2^e, g*result*log(2)  (2^e is 0 for a negative integer e, as in PyTorch)"""

    save_inputs = (1,)
    save_output = True

    real_exponent = False
    pow_dtype = None

    def forward(self, x, e):
        if self.real_exponent:      # PyTorch's pow(2, e) in a float e's own dtype: exact
            return x * np.exp2(e.real)
        if self.pow_dtype is not None:      # (then cast to the product's dtype, as mul's
            return x * np.exp2(e.astype(self.pow_dtype)).astype(x.dtype)    # iterator)
        return x * np.exp2(e)

    def backward(self, g):
        e, out = self.saved             # PyTorch's formulas, other's first (alphabetical)
        ge = g * out * math.log(2.0) if self.needs(1) else None
        gx = None
        if self.needs(0):
            if e._data.dtype.kind in "fc":
                scale = 2 ** e
            else:   # PyTorch's rule takes pow(2, e) in integers: 0 for a negative e
                scale = _const(out, np.where(e._data >= 0, np.exp2(np.maximum(e._data, 0)), 0)
                               .astype(out._data.dtype))
            gx = g * scale
        return gx, ge


@register("ldexp", grad_fn="LdexpBackward0", method=True,
          sample=fixed((((3,), np.array([1, 0, 3])), {}), (((2, 3), (3,)), {})))
def ldexp(input, other):
    """x * 2^e: d/dx = 2^e, d/de = x 2^e log(2) (a float result for integer arguments)"""
    x, e = check_tensor(input, "ldexp"), check_tensor(other, "ldexp", "other", 2)
    if x._data.dtype.kind == "f" and e._data.dtype.kind in "biu":
        _integer_exponent(x._data, e._data)
    real = e._data.dtype.kind == "f" and x._data.dtype.kind != "c"
    pow_dtype = _ldexp_pow_dtype(x._data.dtype, e._data.dtype)
    x, e, cast = _pair(x, e, "ldexp")
    return apply(LdexpBackward0, (x, e), cast, real_exponent=real, pow_dtype=pow_dtype)


def check_ldexp_out(x, out) -> None:
    """PyTorch's first check of ldexp_ and ldexp(out=): ldexp computes in a float (or
    complex) dtype, which an integral or bool `out` can't hold, in ldexp's own words
    (whatever x and the exponent are)."""
    if isinstance(x, Tensor) and out.dtype.category < 2:
        raise TorchRuntimeError(f"ldexp can't be cast to the desired output type "
                                f"{out.dtype.legacy}")


def check_frexp_out(x, outs) -> None:
    """frexp(out=(mantissa, exponent))'s checks, in ATen's order and words: x floating, the
    mantissa of x's dtype, the exponent int32 (no cast into another dtype)."""
    from .._tensor import _CPP_NAMES
    if not isinstance(x, Tensor) or len(outs) != 2:
        return                                  # (the call's own refusals speak)
    if x._data.dtype.kind != "f":
        raise TorchRuntimeError("torch.frexp() only supports floating-point dtypes")
    mantissa, exponent = outs
    if mantissa.dtype is not x.dtype:
        raise TorchRuntimeError(f"torch.frexp() expects mantissa to have dtype "
                                f"{_CPP_NAMES[x.dtype.name]} but got "
                                f"{_CPP_NAMES[mantissa.dtype.name]}")
    if exponent.dtype is not dtypes.int32:
        raise TorchRuntimeError(f"torch.frexp() expects exponent to have int dtype but got "
                                f"{_CPP_NAMES[exponent.dtype.name]}")


def check_mvlgamma_out(x, p, out) -> None:
    """mvlgamma(out=)'s refusal of an out= its result (x's floating dtype, the default one for
    integers) can't be cast to, in ATen's words, which name x's dtype first; its checks of x
    and p come first (left to the call)."""
    if not isinstance(x, Tensor) or x.dtype.category not in (1, 2) \
            or not isinstance(p, int) or p < 1:
        return
    rt = x.dtype if x.dtype.category == 2 else dtypes.get_default_dtype()
    if not dtypes.can_cast(rt, out.dtype):
        raise TorchRuntimeError(f"mvlgamma: result type {x.dtype.legacy} can't be cast to the "
                                f"desired output type {rt.legacy}")


def _ldexp_pow_dtype(x, e):
    """The complex dtype PyTorch's ldexp takes pow(2, e) in (None: the result's, or real):
    a complex e's own, a float e's complex counterpart beside a complex x (complex64 for
    float32, even beside complex128), so pow(2, 3+0j) is exactly 8 in complex64 and
    7.999999999999998 in complex128."""
    if e.kind == "c":
        return e
    if x.kind == "c" and e.kind == "f":
        return np.dtype(np.complex128 if e == np.float64 else np.complex64)
    return None


def _integer_exponent(x: np.ndarray, e: np.ndarray) -> None:
    """PyTorch's ldexp of a floating x by integers runs its own kernel, writing into a copy of
    x: resized, with ATen's warning, when x is not the result's shape; none for bools."""
    try:
        shape = np.broadcast_shapes(x.shape, e.shape)
    except ValueError:
        return                                  # _pair's error
    if shape != x.shape and x.size:
        from .outparam import resized_warning
        warnings.warn(resized_warning(x.shape, shape), UserWarning, stacklevel=3)
    if e.dtype == np.bool_:
        raise TorchNotImplementedError("\"ldexp_cpu_exp\" not implemented for 'Bool'")


class FrexpBackward0(Node):
    """d mantissa(x) = g / 2^exponent(x)"""

    def forward(self, x):
        return np.frexp(x)[0]

    def backward(self, g):
        return g / self.scale


@register("frexp", grad_fn="FrexpBackward0", method=True, sample=fixed(
    (((3,),), {}), (((2, 3),), {}), lo=-8.0, hi=8.0))
def frexp(input):
    """(mantissa, exponent) with x = mantissa * 2^exponent, 0.5 <= |mantissa| < 1: d mantissa
    / dx = 2^-exponent; exponent is int32 and outside the graph"""
    x = check_tensor(input, "frexp")
    if x._data.dtype.kind != "f":
        raise TorchRuntimeError("torch.frexp() only supports floating-point dtypes")
    exponent = np.frexp(x._data)[1].astype(np.int32)
    scale = _const(x, np.exp2(exponent.astype(x._data.dtype)))
    mantissa = apply(FrexpBackward0, (x,), scale=scale)
    return _Result("frexp", ("mantissa", "exponent"), (mantissa, wrap(exponent)))


def _integer_pair(name, input, other):
    a, b = check_tensor(input, name), check_tensor(other, name, "other", 2)
    try:                        # (the iterator's shapes first, then the kernel's dtypes)
        np.broadcast_shapes(a._data.shape, b._data.shape)
    except ValueError:
        from .core import broadcast_error
        raise broadcast_error(a._data.shape, b._data.shape) from None
    dt = promoted(a, b) or a._data.dtype
    if dt.kind not in "iu":
        raise _not_for(name, dt)
    return a._data.astype(dt, copy=False), b._data.astype(dt, copy=False)


@register("gcd", method=True, differentiable=False)
def gcd(input, other):
    """greatest common divisor, elementwise (integer tensors; never negative)"""
    return wrap(np.asarray(np.gcd(*_integer_pair("gcd", input, other))))


@register("lcm", method=True, differentiable=False)
def lcm(input, other):
    """least common multiple, elementwise (integer tensors): PyTorch's |a / gcd * b|, which
    wraps around where it overflows (NumPy's lcm takes |a| and |b| first, so its wrapped
    result keeps the product's sign); 8- and 16-bit types compute in C's int, then wrap to
    their own"""
    a, b = _integer_pair("lcm", input, other)
    dt = a.dtype
    if dt.itemsize < 4:
        a, b = a.astype(np.int32), b.astype(np.int32)
    g = np.gcd(a, b)
    with np.errstate(all="ignore"):
        out = np.abs(a // np.where(g == 0, 1, g) * b)
    return wrap(np.asarray(np.where(g == 0, 0, out).astype(dt, copy=False)))


class NextafterBackward0(Node):
    """d nextafter(a, b) = g where a != b (else 0), 0 (PyTorch's rule: the result is a as far
    as gradients go, and constant where it is b)"""

    save_inputs = (0, 1)
    saved_if = ((0,), (0,))

    def forward(self, a, b):
        if bf16_op[0]:                  # float16 or bfloat16 (held in float32): their own step
            if op_format[0] == "f16":             # (NumPy's float16 keeps a where a == b)
                h = np.nextafter(a.astype(np.float16), b.astype(np.float16))
                return np.where(a == b, b, h)
            return _bf16_nextafter(a, b)
        return np.nextafter(a, b)

    def jvp(self, inputs, tangents, out):
        """where(self_p != other_p, self_t, 0): no tangent unless self has one"""
        (a, b), (ta, _) = inputs, tangents
        if ta is None:
            from ..autograd.forward_ad import NO_TANGENT
            return NO_TANGENT
        from .activation import where
        return where(wrap(a._data != b._data), ta, _const(ta, 0.0))

    def backward(self, g):
        a, b = self.saved
        ga = None
        if self.needs(0):
            from .activation import where
            ga = where(wrap(a._data != b._data), g, _const(g, 0.0))
        return ga, (zeros_for(g) if self.needs(1) else None)


def _bf16_nextafter(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """c10's nextafter of bfloat16 values held in float32: NaN if either is; b where a == b
    (so 0 towards -0 is -0); the smallest subnormal of b's sign from a zero; else a's bits
    one step (2^16 in float32's) towards b."""
    a, b = np.broadcast_arrays(np.asarray(a, np.float32), np.asarray(b, np.float32))
    ia, ib = a.view(np.uint32), b.view(np.uint32)
    sign, unit = np.uint32(1 << 31), np.uint32(1 << 16)
    with np.errstate(over="ignore"):
        away = ((ia & ~sign) > (ib & ~sign)) | ((ia ^ ib) & sign != 0)
        step = np.where(away, ia - unit, ia + unit)
    step = np.where((ia & ~sign) == 0, (ib & sign) | unit, step).view(np.float32)
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(a) | np.isnan(b), a + b, np.where(a == b, b, step))


@register("nextafter", grad_fn="NextafterBackward0", method=True, sample=binary_samples())
def nextafter(input, other):
    """the next float after a towards b: d/da = 1, d/db = 0 (PyTorch's rule)"""
    a, b = check_tensor(input, "nextafter"), check_tensor(other, "nextafter", "other", 2)
    dt = promoted(a, b) or a._data.dtype
    if dt.kind != "f":
        raise _not_for("nextafter", dt)
    a, b, cast = _pair(a, b, "nextafter")
    return apply(NextafterBackward0, (a, b), cast)


category("special functions")


class MvlgammaBackward0(Node):
    """d mvlgamma(x, p) = g * sum_j digamma(x - j/2), j = 0..p-1"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        if bf16_op[0] and x.dtype == np.float32:
            return self._reduced(x)
        if x.dtype in (np.float32, np.float64) and x.size * self.p < EXACT_ELEMENTS:
            # ATen: lgamma(x[..., None] + arange(-(p-1)/2, 1/2, 1/2)).sum(-1) + p(p-1)/4 log pi
            lgamma = vecmath.lgamma if x.dtype == np.float32 else special_kernels.lgamma64
            total = torch_sum(lgamma(x[..., None] + _mv_args(self.p, x.dtype)), axis=-1)
            return (total + x.dtype.type(self.p * (self.p - 1) * math.log(math.pi) * 0.25)
                    ).astype(x.dtype)
        wide = x.astype(np.float64)
        total = sum(lgamma_c(wide - j / 2) for j in range(self.p))
        return (total + self.p * (self.p - 1) / 4 * math.log(math.pi)).astype(x.dtype)

    def _reduced(self, x):
        """ATen's steps on a bfloat16 or float16 x, each result rounded to it: x + offsets,
        lgamma (in float32), the sum over them (a float32 sum), then + p(p-1)/4 log pi
        (itself rounded to x's dtype; the sum rounded once by the caller)."""
        from .core import round_to
        fmt = op_format[0]
        lgamma = round_to(vecmath.lgamma(round_to(x[..., None] + _mv_args(self.p), fmt)), fmt)
        total = lgamma[..., 0]
        for j in range(1, self.p):
            total = total + lgamma[..., j]
        return round_to(total, fmt) + round_to(self.p * (self.p - 1) * math.log(math.pi)
                                               * 0.25, fmt)

    def backward(self, g):
        (x,) = self.saved
        dt = x._data.dtype
        if dt in (np.float32, np.float64):  # ATen's order: digamma of the same args, summed
            args = x.unsqueeze(-1) + wrap(_mv_args(self.p, dt))
            return g * args.digamma().sum(-1)
        return g * sum((x - j / 2).digamma() for j in range(self.p))


def _mv_args(p: int, dtype=np.float32) -> np.ndarray:
    """-(p-1)/2, ..., -1/2, 0: the offsets ATen's mvlgamma adds to x."""
    return np.arange(-p * 0.5 + 0.5, 0.5, 0.5, dtype=dtype)


@register("mvlgamma", grad_fn="MvlgammaBackward0", method=True,
          namespaces=("torch", "special:multigammaln"),
          sample=fixed((((3,), 1), {}), (((2, 3), 3), {}), lo=1.5, hi=4.0))
def mvlgamma(input, p):
    """log of the multivariate gamma function of dimension p: sum_j lgamma(x - j/2) +
    p(p-1)/4 log(pi); d/dx = sum_j digamma(x - j/2)"""
    x = check_tensor(input, "mvlgamma")
    if x.dtype is dtypes.bool_:                 # (ATen's checks, then its arange's refusal)
        raise TorchRuntimeError("The input tensor may not be a boolean tensor.")
    if p < 1:
        raise TorchRuntimeError("p has to be greater than or equal to 1")
    refuse_complex("mvlgamma", input)
    if x._data.dtype.kind not in "f":
        x = x.to(dtypes.get_default_dtype())
    return apply(MvlgammaBackward0, (x,), p=int(p))


# -- the regularized incomplete gamma functions -----------------------------------------------

def _should_compute(node: Node, i: int) -> bool:
    """PyTorch's should_compute_output: whether the running backward pass needs input i's
    gradient (`autograd.grad(y, x)` does not need a's even when a requires grad)."""
    from ..autograd import engine
    nxt = node._next[i]
    if nxt is None:
        return False
    work = engine._running[-1] if engine._running else None
    return work is None or work.active is None or nxt in work.active


class _IncompleteGamma(Node):
    """P(a, x) or Q(a, x): d/dx P = x^(a-1) e^-x / Gamma(a) = -d/dx Q; PyTorch has no
    derivative in a (its backward raises for it)"""

    save_inputs = (0, 1)
    upper = False

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for igamma/igammac"""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("igammac" if self.upper else "igamma")

    @quiet
    def forward(self, a, x):
        from .incgamma import igamma as kernel
        return kernel(a, x, self.upper)

    def backward(self, g):
        a, x = self.saved
        if _should_compute(self, 0):
            name = "igammac" if self.upper else "igamma"
            raise TorchNotImplementedError(f"the derivative for '{name}: input' is not "
                                           "implemented.")
        if not self.needs(1):
            return None, None
        # derivatives.yaml's formula, op for op (so its graph under create_graph)
        density = ((a - 1) * x.log() - x - a.lgamma()).exp()
        return None, (-g if self.upper else g) * density


class IgammaBackward0(_IncompleteGamma):
    __doc__ = _IncompleteGamma.__doc__


class IgammacBackward0(_IncompleteGamma):
    __doc__ = _IncompleteGamma.__doc__
    upper = True


def _incomplete_gamma(cls, name, input, other, position=2):
    a, x = check_tensor(input, name), check_tensor(other, name, "other", position)
    dt = promoted(a, x) or a._data.dtype
    if dt.kind != "f":
        raise _not_for("igammac" if cls.upper else "igamma", dt)
    a, x, cast = _pair(a, x, name)
    return apply(cls, (a, x), cast)


def _igamma_samples(rng):
    """x in (0.2, 4) requiring grad; a a constant tensor (PyTorch has no derivative in a)."""
    cases = []
    for a_shape, x_shape in (((3,), (3,)), ((2, 3), (3,)), ((), (2, 2)), ((2, 1), (1, 3))):
        a = Tensor._wrap(rng.uniform(0.5, 3.0, size=a_shape))
        cases.append(((a, rng.uniform(0.2, 4.0, size=x_shape)), {}))
    return cases


def _incomplete_gamma_op(name: str, cls, namespace: str):
    """torch.<name> or torch.special.<name> (PyTorch's errors name it special_<name>)."""
    qualified = name if namespace == "torch" else f"special_{name}"

    def fn(input, other, *, out=None):
        if out is not None:
            return _into(qualified, fn, (input, other), {}, out, False)
        return _incomplete_gamma(cls, qualified, input, other)
    fn.__name__ = fn.__qualname__ = qualified
    return fn


_P_DOC = """the regularized lower incomplete gamma function P(a, x) = gamma(a, x)/Gamma(a):
    d/dx = x^(a-1) e^-x / Gamma(a); no derivative in a (PyTorch's)"""
_Q_DOC = """the regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x):
    d/dx = -x^(a-1) e^-x / Gamma(a); no derivative in a (PyTorch's)"""

def _register_incomplete_gamma() -> None:
    """torch.igamma/igammac and torch.special.gammainc/gammaincc (registered as
    special_gammainc ..., the names PyTorch's errors give them)."""
    for name, special, cls, doc in (("igamma", "gammainc", IgammaBackward0, _P_DOC),
                                    ("igammac", "gammaincc", IgammacBackward0, _Q_DOC)):
        for op, namespaces, where in ((name, ("torch",), "torch"),
                                      ("special_" + special, (f"special:{special}",), "")):
            fn = _incomplete_gamma_op(name if where else special, cls, where or "special")
            fn.__doc__ = doc
            register(op, grad_fn=cls.__name__, namespaces=namespaces,
                     sample=_igamma_samples)(fn)


_register_incomplete_gamma()
igamma, igammac = REGISTRY["igamma"].fn, REGISTRY["igammac"].fn


def _igamma_method(name: str, cls):
    """Tensor.<name>(other) and its in-place form."""
    def method(self, other):
        return _incomplete_gamma(cls, name, self, other, 1)

    def method_(self, other):
        check_tensor(other, name + "_", "other", 1)

        def compute(before):
            check_write(self._data, [other._data] if isinstance(other, Tensor) else [])
            return method(before, other)
        return inplace(self, compute)
    method.__name__ = method.__qualname__ = name
    method_.__name__ = method_.__qualname__ = name + "_"
    method.__doc__ = f"{name}(self, other): see torch.{name}"
    method_.__doc__ = f"in-place {name}"
    return method, method_


def _expose_igamma_methods() -> None:
    """Tensor.igamma(other), igammac and their in-place forms (`other` is the method's
    first argument in PyTorch's errors)."""
    for name, cls in (("igamma", IgammaBackward0), ("igammac", IgammacBackward0)):
        method, method_ = _igamma_method(name, cls)
        from ..argparser import checked         # (PyTorch's parser words: "missing other")
        setattr(Tensor, name, checked(method, name, True))
        register(name + "_", method=True, function=False, differentiable=False)(method_)


_expose_igamma_methods()


# -- the Hurwitz zeta function -----------------------------------------------------------------

_NO_ZETA_GRAD = "the derivative for 'zeta' is not implemented."


class SpecialZetaBackward0(Node):
    """d zeta(x, q) = -g x zeta(x + 1, q) in q; none in x (PyTorch's: it raises)"""

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for special_zeta"""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("special_zeta")

    save_inputs = (0, 1)

    @quiet
    def forward(self, x, q):
        return zeta_np(x, q)

    def backward(self, g):
        x, q = self.saved
        if _should_compute(self, 0):
            raise TorchNotImplementedError(_NO_ZETA_GRAD)
        if not self.needs(1):
            return None, None
        return None, g * -x * special_zeta(x + 1.0, q)


class SpecialZetaBackward1(Node):
    """d zeta(c, q) = -g c zeta(c + 1, q)  (c a number)"""

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for special_zeta"""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("special_zeta")

    save_inputs = (0,)

    @quiet
    def forward(self, q):
        return zeta_np(np.asarray(self.self_, dtype=q.dtype), q)

    def backward(self, g):
        (q,) = self.saved
        return g * -self.self_ * special_zeta(self.self_ + 1.0, q)


class SpecialZetaBackward2(Node):
    """zeta(x, c) (c a number): no derivative in x (PyTorch's: it raises)"""

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for special_zeta"""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("special_zeta")

    @quiet
    def forward(self, x):
        return zeta_np(x, np.asarray(self.other, dtype=x.dtype))

    def backward(self, g):
        raise TorchNotImplementedError(_NO_ZETA_GRAD)


_ZETA_SIGNATURES = ("\n * (Tensor input, Tensor other, *, Tensor out = None)"
                    "\n * (Number self, Tensor other, *, Tensor out = None)"
                    "\n * (Tensor input, Number other, *, Tensor out = None)\n")


def _zeta_float(t: Tensor) -> Tensor:
    dt = t._data.dtype
    if dt == np.float16:
        raise _not_for("zeta", dt)
    return t if dt.kind == "f" else t.to(dtypes.get_default_dtype())


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) or isinstance(v, bool)


def _zeta_samples(rng):
    """q in (0.5, 3) requiring grad; x a constant tensor in (1.5, 4) (no derivative in x)."""
    cases = []
    for x_shape, q_shape in (((3,), (3,)), ((2, 3), (3,)), ((), (2, 2))):
        x = Tensor._wrap(rng.uniform(1.5, 4.0, size=x_shape))
        cases.append(((x, rng.uniform(0.5, 3.0, size=q_shape)), {}))
    cases.append(((2.5, rng.uniform(0.5, 3.0, size=(3,))), {}))
    return cases


@register("special_zeta", grad_fn="SpecialZetaBackward0", namespaces=("special:zeta",),
          sample=_zeta_samples)
def special_zeta(input, other, *, out=None):
    """the Hurwitz zeta function zeta(x, q) = sum_k (q + k)^-x: d/dq = -x zeta(x + 1, q);
    no derivative in x (PyTorch's)"""
    refuse_complex("zeta", input, other)
    if bf16_result(input, other):           # (a bfloat16 operand of a float32 op is not)
        refuse_low_precision("zeta", input, other)
    if out is not None:
        return _into("special_zeta", special_zeta, (input, other), {}, out, False)
    if isinstance(input, Tensor) and isinstance(other, Tensor):
        x, q, cast = _pair(input, other, "special_zeta")
        if cast is not None and cast.kind != "f" or (cast is None and x._data.dtype.kind != "f"):
            cast = dtypes.get_default_dtype().np
        if cast == np.float16 or (cast is None and x._data.dtype == np.float16):
            raise _not_for("zeta", np.dtype(np.float16))
        return apply(SpecialZetaBackward0, (x, q), cast)
    if _number(input) and isinstance(other, Tensor):
        return apply(SpecialZetaBackward1, (_zeta_float(other),), self_=float(input))
    if isinstance(input, Tensor) and _number(other):
        return apply(SpecialZetaBackward2, (_zeta_float(input),), other=float(other))
    from ..callerrors import invalid_combination
    raise TorchTypeError(invalid_combination("special_zeta", (input, other), {}, False) +
                         _ZETA_SIGNATURES)


category("linear algebra")


def _addr_kernel(m: np.ndarray, u: np.ndarray, v: np.ndarray, beta, alpha) -> np.ndarray:
    """ATen's addr_kernel for float and double, row by row: beta*M + alpha*u*v as the
    released build's fused multiply-adds give it, fma(alpha*u, v, beta*M) on each row's
    whole vectors (vecmath.LANES floats, half as many doubles), fma(beta, M, (alpha*u)*v)
    on the rest; (alpha*u)*v for beta 0 (M ignored). Measured against torch.addr on 80
    shapes and (beta, alpha) pairs, float32 and float64."""
    kind = u.dtype.type
    au = (kind(alpha) * u)[:, None]
    shape = (u.shape[0], v.shape[0])
    with np.errstate(all="ignore"):
        if beta == 0:
            return np.ascontiguousarray(np.broadcast_to(au * v[None, :], shape))
        mm = np.ascontiguousarray(np.broadcast_to(m, shape), u.dtype)
        lanes = vecmath.LANES if u.dtype == np.float32 else max(vecmath.LANES // 2, 1)
        full = shape[1] - shape[1] % lanes
        out = fma(np.full(shape, kind(beta)), mm, au * v[None, :])
        if full:
            out[:, :full] = fma(np.ascontiguousarray(np.broadcast_to(au, (shape[0], full))),
                                np.ascontiguousarray(np.broadcast_to(v[:full], (shape[0], full))),
                                kind(beta) * mm[:, :full])
        return out


class AddrBackward0(Node):
    """d (beta*M + alpha*outer(u, v)) = beta*g, alpha*g@v, alpha*g^T@u"""

    save_inputs = (1, 2)
    saved_if = ((2,), (1,))

    def forward(self, m, u, v):
        if u.dtype == v.dtype and u.dtype in (np.float32, np.float64) and \
                np.result_type(m, u) == u.dtype:
            return _addr_kernel(m, u, v, self.beta, self.alpha)
        if m.dtype == u.dtype == v.dtype == np.bool_:
            # ATen's bool addr: (beta && M) || (alpha && u && v), M ignored for beta false
            prod = np.logical_and.outer(u, v) & bool(self.alpha)
            return prod | (np.asarray(m) & bool(self.beta))
        prod = maybe_multiply(np.multiply.outer(u, v), self.alpha)
        if self.beta == 0:
            return np.asarray(prod)
        return (prod + maybe_multiply(m, self.beta)).astype(prod.dtype)

    def backward(self, g):
        # PyTorch's: self's, vec1's, vec2's, alpha multiplying each product (maybe_multiply)
        u, v = self.saved
        gc = maybe_multiply(g, self.beta) if self.needs(0) else None
        g1 = maybe_multiply(g.mv(v), self.alpha) if self.needs(1) else None
        return gc, g1, (maybe_multiply(g.t().mv(u), self.alpha) if self.needs(2) else None)

    def jvp(self, inputs, tangents, out):
        """PyTorch's: beta self_t + alpha vec1_t.outer(vec2_p) + alpha vec1_p.outer(vec2_t)"""
        return affine_product_jvp(self, inputs, tangents, lambda x, y: x.outer(y),
                                  np.multiply.outer)


def _addr_scalars(dtype, beta, alpha):
    """ATen's check_addr_scalar on the result's NumPy dtype, beta's then alpha's: a bool only
    for a bool result, a float or complex not for an integral one, and a complex with an
    imaginary part not for a real one (c10's checked conversion). Returns them, a complex
    without an imaginary part made real for a real result."""
    out = []
    for name, value in (("beta", beta), ("alpha", alpha)):
        if value.__class__ is int and not -(1 << 63) <= value < (1 << 64):
            raise dtypes.scalar_overflow(value)                 # (PyTorch's Scalar)
        if isinstance(value, bool) and dtype.kind != "b":
            raise TorchRuntimeError(f"Boolean {name} only supported for Boolean results.")
        if dtype.kind in "biu" and isinstance(value, (float, complex)):
            raise TorchRuntimeError(f"For integral input tensors, argument {name} must "
                                    f"not be a floating point number.")
        if value.__class__ is complex and dtype.kind != "c":
            dtypes.checked_scalar(value, dtype)
            value = value.real
        out.append(value)
    return out


@register("addr", grad_fn="AddrBackward0", method=True, sample=fixed(
    (((3, 2), (3,), (2,)), {}), (((2,), (3,), (2,)), {"beta": 0.5, "alpha": -2.0})))
def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """beta*M + alpha*outer(u, v): d/dM = beta g, d/du = alpha g v, d/dv = alpha g^T u"""
    m = check_tensor(input, "addr")
    u = check_tensor(vec1, "addr", "vec1", 2)
    v = check_tensor(vec2, "addr", "vec2", 3)
    for name, t in (("vec1", u), ("vec2", v)):
        if t._data.ndim != 1:
            raise TorchRuntimeError(f"addr: Expected 1-D argument {name}, but got "
                                    f"{t._data.ndim}-D")
    rt = dtypes.result_type([(t.dtype, t._data.ndim) for t in (m, u, v)], ()).np
    beta, alpha = _addr_scalars(rt, beta, alpha)
    _expand_check(m, (u._data.shape[0], v._data.shape[0]))
    return apply(AddrBackward0, (m, u, v), promoted(m, u, v), beta=beta, alpha=alpha)


class AddbmmBackward0(Node):
    """d (beta*M + alpha*sum_b A_b@B_b) = beta*g, alpha*g@B_b^T, alpha*A_b^T@g"""

    zero_tangents = True
    save_inputs = (1, 2)
    saved_if = ((2,), (1,))

    def forward(self, m, a, b):
        """ATen's addbmm: one addmm per batch onto the result, the first with beta, the
        others with beta 1 (each rounded as addmm: `more.addmm_values`)."""
        from .more import addmm_values
        shape = (a.shape[1], b.shape[2])
        out = np.array(np.broadcast_to(m, shape))
        if not a.shape[0]:
            return np.zeros(shape, out.dtype) if self.beta == 0 else \
                np.asarray(maybe_multiply(out, self.beta), out.dtype)
        beta = self.beta
        for i in range(a.shape[0]):
            out = addmm_values(out, a[i], b[i], beta, self.alpha)
            beta = 1
        return out.astype(np.result_type(m, a, b), copy=False)

    def backward(self, g):
        # PyTorch's: batch1's, batch2's (grad expanded over the batch, bmm, then alpha), then
        # self's
        a, b = self.saved           # (each saved only when the other needs its gradient)
        n, m, k = self._in_meta[1][0]
        p = self._in_meta[2][0][2]
        g1 = g2 = None
        if self.needs(1):
            g1 = maybe_multiply(g.unsqueeze(0).expand(n, m, p).bmm(b.transpose(1, 2)), self.alpha)
        if self.needs(2):
            g2 = maybe_multiply(a.transpose(1, 2).bmm(g.unsqueeze(0).expand(n, m, p)), self.alpha)
        return (maybe_multiply(g, self.beta) if self.needs(0) else None), g1, g2


@register("addbmm", grad_fn="AddbmmBackward0", method=True, sample=fixed(
    (((3, 4), (2, 3, 5), (2, 5, 4)), {}),
    (((4,), (2, 3, 2), (2, 2, 4)), {"beta": 0.5, "alpha": -2.0})))
def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta*M + alpha*sum_b A_b@B_b: d/dM = beta g, d/dA_b = alpha g B_b^T, d/dB_b =
    alpha A_b^T g"""
    m = check_tensor(input, "addbmm")
    a = check_tensor(batch1, "addbmm", "batch1", 2)
    b = check_tensor(batch2, "addbmm", "batch2", 3)
    _expand_check(m, (a.size(1), b.size(2)))        # PyTorch expands input first
    for name, t in (("batch1", a), ("batch2", b)):
        if t._data.ndim != 3:
            raise TorchRuntimeError(f"{name} must be a 3D tensor")
    (n, p, k), (n2, k2, q) = a._data.shape, b._data.shape
    if n != n2:
        raise TorchRuntimeError(f"batch1 and batch2 must have same number of batches, got "
                                f"{n} and {n2}")
    if k != k2:
        raise TorchRuntimeError(f"Incompatible matrix sizes for bmm ({p}x{k} and {k2}x{q})")
    _expand_check(m, (p, q))
    if n:                                   # (checked by the addmm of each batch)
        addmm_dtypes_check(m, a, b)
    cast = promoted(m, a, b)          # ATen's addbmm is addmm's kernel, one batch at a time
    dt = np.result_type(m._data, a._data, b._data) if cast is None else cast
    beta, alpha = (dtypes.kernel_scalar(s, dt, "addmm_impl_cpu_") for s in (beta, alpha))
    return apply(AddbmmBackward0, (m, a, b), cast, beta=beta, alpha=alpha)


_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half"}


def _bilinear_check(x1, x2, w, b):
    tensors = [("input1", x1), ("input2", x2), ("weight", w)] + \
        ([("bias", b)] if b is not None else [])
    if len({t._data.dtype for _, t in tensors}) > 1:
        got = ", ".join(f"{n}: {_TYPE_NAMES.get(t.dtype.name, t.dtype.name)}"
                        for n, t in tensors)
        raise TorchRuntimeError(f"All tensors must have the same dtype, got {got}")
    s1, s2, sw = x1._data.shape, x2._data.shape, w._data.shape
    if len(s1) != len(s2):
        raise TorchRuntimeError(f"bilinear(): input dimensions do not match: got {len(s1)} "
                                f"and {len(s2)}")
    for i in range(len(s1) - 1):
        if s1[i] != s2[i]:
            raise TorchRuntimeError(f"bilinear(): input batch dimensions do not match at dim "
                                    f"{i}: got {s1[i]} and {s2[i]}")
    for name, size, k in (("input1", s1[-1], 1), ("input2", s2[-1], 2)):
        if size != sw[k]:
            raise TorchRuntimeError(f"bilinear(): {name} size does not match weight size: "
                                    f"got {size} but expected {sw[k]}")
    if b is not None and b._data.shape[0] != sw[0]:
        raise TorchRuntimeError(f"bilinear(): bias size does not match weight size: got "
                                f"{b._data.shape[0]} but expected {sw[0]}")


def _dim_set(dims, total: int) -> list[int]:
    """ATen's dim_list_to_bitset: each dim wrapped into [0, total), none twice."""
    seen = []
    for d in dims:
        if not -total <= d < total:
            raise TorchIndexError(f"Dimension out of range (expected to be in range of "
                                  f"[{-total}, {total - 1}], but got {d})")
        d %= total
        if d in seen:
            raise TorchRuntimeError(f"dim {d} appears multiple times in the list of dims")
        seen.append(d)
    return seen


def _sumproduct_pair(left: np.ndarray, right: np.ndarray, sum_dims: list[int]) -> np.ndarray:
    """ATen's sumproduct_pair (keepdim): left * right summed over sum_dims, as one bmm of
    (dims of both, dims of left only, summed) by (both, summed, dims of right only); a
    summed dim that only one side has is summed on that side first."""
    if left.ndim != right.ndim:
        raise TorchRuntimeError("number of dimensions must match")
    if not sum_dims:
        return left * right
    lro, lo, ro = [], [], []
    for i in range(left.ndim):
        sl, sr = left.shape[i] != 1, right.shape[i] != 1
        if sl and sr and left.shape[i] != right.shape[i]:
            raise TorchRuntimeError("non-broadcast dimensions must match")
        if i in sum_dims:
            if sl and not sr:
                left = left.sum(i, keepdims=True)
            elif sr and not sl:
                right = right.sum(i, keepdims=True)
        elif sl and sr:
            lro.append(i)
        elif sl:
            lo.append(i)
        else:
            ro.append(i)
    size = lambda a, dims: math.prod(a.shape[d] for d in dims)     # noqa: E731
    batch, rows, inner, cols = size(left, lro), size(left, lo), size(left, sum_dims), \
        size(right, ro)
    a = left.transpose(lro + lo + sum_dims + ro).reshape(batch, rows, inner)
    b = right.transpose(lro + sum_dims + ro + lo).reshape(batch, inner, cols)
    out = _bmm(a, b).reshape([left.shape[d] for d in lro + lo] + [1] * len(sum_dims) +
                             [right.shape[d] for d in ro])
    order = lro + lo + sum_dims + ro
    return out.transpose([order.index(d) for d in range(left.ndim)])


def _trilinear_np(i1, i2, i3, expand1, expand2, expand3, sumdim, unroll_dim=1):
    """ATen's _trilinear: i1 * i2 * i3, each unsqueezed at its expand dims, summed over
    sumdim, computed slice by slice along unroll_dim: two sumproduct_pairs a slice, the
    first over the summed dims i3 lacks, added into zeros (or into the one sum, when
    unroll_dim is summed)."""
    total = i1.ndim + len(expand1)
    if not 0 <= unroll_dim < total:
        raise TorchRuntimeError(f"unroll_dim must be in [0,{total - 1}]")
    e1, e2, e3, summed = (_dim_set(d, total) for d in (expand1, expand2, expand3, sumdim))
    sum12, sum23, size, unroll_size = [], [], [], 0
    xs = [i1, i2, i3]
    for i in range(total):
        s = 0
        for j, e in enumerate((e1, e2, e3)):
            x = xs[j]
            if not -x.ndim - (i in e) <= i < x.ndim + (i in e):
                raise TorchIndexError(f"Dimension out of range (expected to be in range of "
                                      f"[{-x.ndim - (i in e)}, {x.ndim - 1 + (i in e)}], but "
                                      f"got {i})")
            if i in e:
                xs[j] = np.expand_dims(x, i)
            else:
                s = x.shape[i]
        if i in summed and i != unroll_dim:
            (sum12 if i in e3 else sum23).append(i)
        size.append(1 if i in summed else s)
        if i == unroll_dim:
            unroll_size = s
    i1, i2, i3 = xs
    out = np.zeros(size, i1.dtype)
    if i1.size and i2.size and i3.size:
        for k in range(unroll_size):
            parts = []
            for x, e in ((i1, e1), (i2, e2), (i3, e3)):
                at = 0 if unroll_dim in e else k
                if at >= x.shape[unroll_dim]:
                    raise TorchRuntimeError(f"start ({at}) + length (1) exceeds dimension "
                                            f"size ({x.shape[unroll_dim]}).")
                parts.append(np.take(x, [at], axis=unroll_dim))
            buf = _sumproduct_pair(_sumproduct_pair(parts[0], parts[1], sum12), parts[2],
                                   sum23)
            where = out if unroll_dim in summed else \
                out[(slice(None),) * unroll_dim + (slice(k, k + 1),)]
            np.add(where, buf, out=where, casting="unsafe")
    return out.reshape([n for i, n in enumerate(size) if i not in summed])


class TrilinearBackward0(Node):
    """d _trilinear(i1, i2, i3) = _trilinear of g with the other two, g taking the place
    of the input and the input's expand dims becoming the sum (ATen's _trilinear_backward);
    linear in each input"""

    zero_tangents = True
    bilinear = True
    save_inputs = (0, 1, 2)
    saved_if = ((1, 2), (0, 2), (0, 1))

    @quiet
    def forward(self, i1, i2, i3):
        return _trilinear_np(i1, i2, i3, self.expand1, self.expand2, self.expand3,
                             self.sumdim, self._unroll_dim)

    def backward(self, g):
        i1, i2, i3 = self.saved
        e1, e2, e3, s = self.expand1, self.expand2, self.expand3, self.sumdim
        return (_trilinear(g, i2, i3, s, e2, e3, e1) if self.needs(0) else None,
                _trilinear(i1, g, i3, e1, s, e3, e2) if self.needs(1) else None,
                _trilinear(i1, i2, g, e1, e2, s, e3) if self.needs(2) else None)


def _int_tuple(value, name: str, position: int) -> tuple:
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    if not isinstance(value, (list, tuple)) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise TorchTypeError(f"_trilinear(): argument '{name}' (position {position}) must be "
                             f"tuple of ints, not {type(value).__name__}")
    return tuple(value)


@register("_trilinear", grad_fn="TrilinearBackward0",
          sample=fixed((((2, 3), (4, 3, 5), (2, 5), [1, 3], [0], [1, 2], [2, 3]), {}),
                       (((3, 2), (2,), (3,), [], [0], [1], [1], 0), {}),
                       (((2, 3), (3, 4), (2, 4), [2], [0], [1], [1, 2]), {})))
def _trilinear(i1, i2, i3, expand1, expand2, expand3, sumdim, unroll_dim=1):
    """i1 * i2 * i3 summed over sumdim, each input unsqueezed at its expand dims (the
    product under bilinear and nn.Bilinear)"""
    xs = tuple(check_tensor(t, "_trilinear", n, k)
               for k, (t, n) in enumerate(((i1, "i1"), (i2, "i2"), (i3, "i3")), 1))
    dims = {name: _int_tuple(v, name, k) for k, (name, v) in enumerate(
        (("expand1", expand1), ("expand2", expand2), ("expand3", expand3),
         ("sumdim", sumdim)), 4)}
    return apply(TrilinearBackward0, xs, **dims, _unroll_dim=int(unroll_dim))


@register("bilinear", grad_fn="ViewBackward0", namespaces=("functional", "torch"),
          sample=fixed((((2, 3), (2, 4), (5, 3, 4), (5,)), {}), (((3,), (2,), (2, 3, 2)), {}),
                       (((2, 2, 3), (2, 2, 2), (1, 3, 2)), {})))
def bilinear(input1, input2, weight, bias=None):
    """y_o = x1^T W_o x2 + b_o over the last dimension: ATen's _trilinear of the inputs
    flattened to rows, reshaped back (TrilinearBackward0 under ViewBackward0, then
    AddBackward0 with a bias)"""
    x1 = check_tensor(input1, "bilinear", "input1", 1)
    x2 = check_tensor(input2, "bilinear", "input2", 2)
    w = check_tensor(weight, "bilinear", "weight", 3)
    b = None if bias is None else check_tensor(bias, "bilinear", "bias", 4)
    _bilinear_check(x1, x2, w, b)
    n_out, n1, n2 = w._data.shape
    y = _trilinear(x1.reshape(-1, n1), w, x2.reshape(-1, n2), (1, 3), (0,), (1, 2), (2, 3))
    y = y.reshape(*x1._data.shape[:-1], n_out)
    return y if b is None else y + b


# -- torch.<loss>: PyTorch's C++ forms, whose reduction is an integer --------------------------

def _int_reduction(name: str, reduction, position: int | None = None) -> str:
    if not isinstance(reduction, int) or isinstance(reduction, bool):
        where = "" if position is None else f" (position {position})"
        raise TorchTypeError(f"{name}(): argument 'reduction'{where} must be int, not "
                             f"{type(reduction).__name__}")
    return {1: "mean", 2: "sum"}.get(reduction, "none")


def _positional_reduction(fn, name: str, position: int):
    """fn, refusing a non-int `reduction` given by position with PyTorch's words for that."""
    @functools.wraps(fn)
    def checked(*args, **kwargs):
        if len(args) >= position:
            _int_reduction(name, args[position - 1], position)
        return fn(*args, **kwargs)
    return checked


def _torch_kl_div(input, target, reduction=0, *, log_target=False):
    red = _int_reduction("kl_div", reduction)
    with warnings.catch_warnings():         # nn.functional's 'mean' warning is its own
        warnings.simplefilter("ignore", UserWarning)
        return REGISTRY["kl_div"].fn(input, target, reduction=red, log_target=log_target)


def _torch_cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=0):
    return REGISTRY["cosine_embedding_loss"].fn(
        input1, input2, target, margin, reduction=_int_reduction("cosine_embedding_loss",
                                                                 reduction))


def _torch_margin_ranking_loss(input1, input2, target, margin=0.0, reduction=0):
    return REGISTRY["margin_ranking_loss"].fn(
        input1, input2, target, margin, reduction=_int_reduction("margin_ranking_loss",
                                                                 reduction))


def _torch_hinge_embedding_loss(input, target, margin=1.0, reduction=0):
    return REGISTRY["hinge_embedding_loss"].fn(
        input, target, margin, reduction=_int_reduction("hinge_embedding_loss", reduction))


def _torch_triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06,
                               swap=False, reduction=0):
    from .misc import _triplet_margin_loss       # (nn.functional's checks margin > 0)
    return _triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                _int_reduction("triplet_margin_loss", reduction))


def _torch_poisson_nll_loss(input, target, log_input, full, eps, reduction):
    return REGISTRY["poisson_nll_loss"].fn(
        input, target, log_input, full, eps=eps,
        reduction=_int_reduction("poisson_nll_loss", reduction))


def _torch_binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None,
                                            reduction=0):
    return REGISTRY["binary_cross_entropy_with_logits"].fn(
        input, target, weight, reduction=_int_reduction("binary_cross_entropy_with_logits",
                                                        reduction), pos_weight=pos_weight)


def _expose_losses() -> None:
    """torch.kl_div ...: the loss's torch-level form beside its nn.functional one."""
    for name, fn in (("kl_div", _torch_kl_div),
                     ("cosine_embedding_loss", _torch_cosine_embedding_loss),
                     ("margin_ranking_loss", _torch_margin_ranking_loss),
                     ("hinge_embedding_loss", _torch_hinge_embedding_loss),
                     ("triplet_margin_loss", _torch_triplet_margin_loss),
                     ("poisson_nll_loss", _torch_poisson_nll_loss),
                     ("binary_cross_entropy_with_logits",
                      _torch_binary_cross_entropy_with_logits)):
        info = REGISTRY[name]
        if "torch" not in info.namespaces:
            info.namespaces = info.namespaces + ("torch",)
        fn.__name__ = fn.__qualname__ = name         # Python's own argument errors
        position = list(inspect.signature(fn).parameters).index("reduction") + 1
        native_signature(name, _positional_reduction(fn, name, position))


_expose_losses()


category("creation")


@register("vander", differentiable=False)
def vander(x, N=None, increasing=False):
    """columns x^0, x^1, ... (reversed unless increasing), built as PyTorch builds it: ones,
    then x copied into columns 1.. and their cumprod copied back in place. So, as in
    PyTorch 2.13, the result has a grad_fn (FlipBackward0, or CopySlices when increasing)
    but a backward through it fails: cumprod's saved input was overwritten."""
    from .creation import empty
    x = check_tensor(x, "vander", "x", 1)
    if x._data.ndim != 1:
        raise TorchRuntimeError("x must be a one-dimensional tensor.")
    n = x._data.shape[0] if N is None else N
    if n < 0:
        raise TorchRuntimeError("N must be non-negative.")
    dtype = dtypes._promote2(x.dtype, dtypes.int64)
    result = empty(x._data.shape[0], n, dtype=dtype)
    if n > 0:
        result.fill_(1)
        if n > 1:
            result[:, 1:].copy_(x.unsqueeze(1))
            result[:, 1:].copy_(result[:, 1:].cumprod(1))
    return result if increasing else result.flip(1)


category("special functions")


def _i1_np(x):
    """The modified Bessel function I1 in float64, by its power series
    sum_k (x/2)^(2k+1) / (k! (k+1)!): every term is positive, so the sum is accurate; it ends
    when no term adds anything (at most ~750 terms: I1 overflows past |x| = 713)."""
    ax = np.abs(np.asarray(x, dtype=np.float64))
    with np.errstate(all="ignore"):
        half = ax / 2
        term, total = half.copy(), half.copy()
        sq = half * half
        for k in range(1, 800):
            term = term * sq / (k * (k + 1))
            total = total + term
            if not np.any(term > total * 1e-17):
                break
        out = np.copysign(total, x)
    return np.where(np.isinf(x), np.nan, out)


def _i0_np(x):
    with np.errstate(all="ignore"):
        return np.where(np.isinf(x), np.nan, np.i0(np.asarray(x, dtype=np.float64)))


_F32 = np.float32


@quiet
def bessel_f32(kind: str, x):
    """ATen's calc_i0, calc_i0e, calc_i1, calc_i1e for float32 (glibc's expf)."""
    from .special_extra import _I0_A, _I0_B, _I1_A, _I1_B, chebyshev_i
    ax = np.abs(x).astype(_F32)
    small = ax <= 8
    first = kind in ("i0", "i0e")
    # ATen's float kernels keep the last 17 and 7 of I1's coefficients
    a_tab, b_tab = (_I0_A, _I0_B) if first else (_I1_A[-17:], _I1_B[-7:])
    lo, hi = chebyshev_i(ax, a_tab, b_tab, ax.dtype)
    root = np.sqrt(ax)
    scaled = kind.endswith("e")
    e = np.ones_like(ax) if scaled else vecmath.libm("expf", ax, np.exp)
    if first:
        out = np.where(small, e * lo if not scaled else lo, (e * hi / root) if not scaled
                       else hi / root)
    elif scaled:
        out = np.where(small, lo * ax, hi / root)
    else:
        out = np.where(small, (e * ax).astype(_F32) * lo, (e * hi).astype(_F32) / root)
    out = out.astype(_F32)
    return out if first else np.where(x < 0, -out, out).astype(_F32)


def _float_input(x: Tensor) -> Tensor:
    return x if x._data.dtype.kind in "fc" else x.to(dtypes.get_default_dtype())


class I0Backward0(Node):
    """d i0(x) = g * i1(x)"""

    save_inputs = (0,)

    def forward(self, x):
        if x.dtype == _F32 and x.size < EXACT_ELEMENTS:
            return bessel_f32("i0", x)          # ATen's float cephes kernel
        if x.dtype == np.float64 and x.size < EXACT_ELEMENTS:
            return special_kernels.bessel64("i0", x)
        return _i0_np(x).astype(x.dtype)

    def backward(self, g):
        (x,) = self.saved
        return g * special_i1(x)


@register("i0", grad_fn="I0Backward0", method=True, namespaces=("torch", "special:i0"),
          sample=fixed((((3,),), {}), (((2, 3),), {}), lo=-3.0, hi=3.0))
def i0(input):
    """the modified Bessel function of the first kind, order 0: d/dx i0 = i1"""
    refuse_complex("i0", input)
    return apply(I0Backward0, (_float_input(check_tensor(input, "i0")),))


def _float_or_double(kernel: str, t) -> None:
    """A kernel ATen dispatches on float and double alone (AT_DISPATCH_FLOATING_TYPES)."""
    if t.dtype in (dtypes.float16, dtypes.bfloat16):
        raise TorchNotImplementedError(f"\"{kernel}\" not implemented for '{t.dtype.legacy}'")


class SpecialI1Backward0(Node):
    """d i1(x) = g * (i0(x) - i1(x)/x), 0.5 g at x = 0"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        if x.dtype == _F32 and x.size < EXACT_ELEMENTS:
            return bessel_f32("i1", x)          # ATen's float cephes kernel
        if x.dtype == np.float64 and x.size < EXACT_ELEMENTS:
            return special_kernels.bessel64("i1", x)
        return _i1_np(x).astype(x.dtype)

    def backward(self, g):
        from .activation import where
        x, y = self.saved
        _float_or_double("i1_backward", x)
        eps = float(np.finfo(x._data.dtype).eps)
        not_tiny = wrap(np.abs(x._data) > eps)        # PyTorch's i1_backward, term for term
        safe = where(not_tiny, x, _const(x, np.asarray(eps, dtype=x._data.dtype)))
        scaled = y * safe.reciprocal()          # (C++: `-`'s right operand first)
        dx = safe.i0() - scaled
        return g * where(not_tiny, dx, _const(x, np.asarray(0.5, dtype=x._data.dtype)))


@register("special_i1", grad_fn="SpecialI1Backward0", namespaces=("special:i1",),
          sample=fixed((((3,),), {}), (((2, 3),), {}), lo=-3.0, hi=3.0))
def special_i1(input):
    """the modified Bessel function of the first kind, order 1: d/dx i1 = i0 - i1/x"""
    refuse_complex("i1", input)
    return apply(SpecialI1Backward0, (_float_input(check_tensor(input, "special_i1")),))


def _asymptotic_bessel_e(x, nu, terms=8):
    """exp(-x) I_nu(x) for large x > 0 by Hankel's expansion
    1/sqrt(2 pi x) sum_k (-1)^k a_k(nu) / x^k, a_k = prod_j (4 nu^2 - (2j - 1)^2) / (k! 8^k)."""
    total, a = np.ones_like(x), 1.0
    for k in range(1, terms):
        a = a * (4 * nu * nu - (2 * k - 1) ** 2) / (k * 8)
        total = total + (-1) ** k * a / x ** k
    return total / np.sqrt(2 * np.pi * x)


_BESSEL_SWITCH = 700.0          # past it exp(|x|) I(x) overflows: Hankel's expansion instead


@quiet
def _i0e_np(x):
    """exp(-|x|) i0(x) in float64."""
    ax = np.abs(np.asarray(x, dtype=np.float64))
    small = np.where(ax < _BESSEL_SWITCH, ax, 0.0)
    big = np.where(ax < _BESSEL_SWITCH, _BESSEL_SWITCH, ax)
    out = np.where(ax < _BESSEL_SWITCH, np.exp(-small) * np.i0(small),
                   _asymptotic_bessel_e(big, 0))
    return np.where(np.isinf(ax), 0.0, out)


@quiet
def _i1e_np(x):
    """exp(-|x|) i1(x) in float64 (odd in x)."""
    ax = np.abs(np.asarray(x, dtype=np.float64))
    small = np.where(ax < _BESSEL_SWITCH, ax, 0.0)
    big = np.where(ax < _BESSEL_SWITCH, _BESSEL_SWITCH, ax)
    out = np.where(ax < _BESSEL_SWITCH, np.exp(-small) * _i1_np(small),
                   _asymptotic_bessel_e(big, 1))
    return np.copysign(np.where(np.isinf(ax), 0.0, out), x)


class SpecialI0EBackward0(Node):
    """d i0e(x) = g * (i1e(x) - sgn(x) i0e(x))"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        if x.dtype == _F32 and x.size < EXACT_ELEMENTS:
            return bessel_f32("i0e", x)          # ATen's float cephes kernel
        if x.dtype == np.float64 and x.size < EXACT_ELEMENTS:
            return special_kernels.bessel64("i0e", x)
        return _i0e_np(x).astype(x.dtype)

    def backward(self, g):
        x, y = self.saved
        scaled = x.sgn() * y                    # (C++: `-`'s right operand first)
        return g * (special_i1e(x) - scaled)


@register("special_i0e", grad_fn="SpecialI0EBackward0", namespaces=("special:i0e",),
          sample=fixed((((3,),), {}), (((2, 3),), {}), lo=-3.0, hi=3.0))
def special_i0e(input):
    """exp(-|x|) i0(x): d/dx = i1e(x) - sgn(x) i0e(x)"""
    refuse_complex("i0e", input)
    return apply(SpecialI0EBackward0, (_float_input(check_tensor(input, "special_i0e")),))


class SpecialI1EBackward0(Node):
    """d i1e(x) = g * (i0e(x) - i1e(x) (sgn(x) + 1/x)), 0.5 g at x = 0"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        if x.dtype == _F32 and x.size < EXACT_ELEMENTS:
            return bessel_f32("i1e", x)          # ATen's float cephes kernel
        if x.dtype == np.float64 and x.size < EXACT_ELEMENTS:
            return special_kernels.bessel64("i1e", x)
        return _i1e_np(x).astype(x.dtype)

    def backward(self, g):
        from .activation import where
        x, y = self.saved
        _float_or_double("i1e_backward", x)
        eps = float(np.finfo(x._data.dtype).eps)
        not_tiny = wrap(np.abs(x._data) > eps)        # PyTorch's i1e_backward, term for term
        safe = where(not_tiny, x, _const(x, np.asarray(eps, dtype=x._data.dtype)))
        inverse = safe.reciprocal()             # (C++: right operands first)
        scaled = y * (safe.sgn() + inverse)
        dx = special_i0e(safe) - scaled
        return g * where(not_tiny, dx, _const(x, np.asarray(0.5, dtype=x._data.dtype)))


@register("special_i1e", grad_fn="SpecialI1EBackward0", namespaces=("special:i1e",),
          sample=fixed((((3,),), {}), (((2, 3),), {}), lo=-3.0, hi=3.0))
def special_i1e(input):
    """exp(-|x|) i1(x): d/dx = i0e(x) - i1e(x) (sgn(x) + 1/x)"""
    refuse_complex("i1e", input)
    return apply(SpecialI1EBackward0, (_float_input(check_tensor(input, "special_i1e")),))


_ERFC_OBJ = np.frompyfunc(math.erfc, 1, 1)
_SQRT2 = math.sqrt(2.0)
_SQRT2PI = math.sqrt(2.0 * math.pi)


def _erfc64(x):
    return np.asarray(_ERFC_OBJ(np.asarray(x, dtype=np.float64)), dtype=np.float64)


@quiet
def _ndtri_np(p):
    """The standard normal quantile in float64: Abramowitz & Stegun 26.2.23 for the lower
    tail q = min(p, 1 - p), then Halley steps on Phi(x) = erfc(-x/sqrt 2)/2 = q (accurate far
    into the tail, where 2p - 1 would round to -1)."""
    p = np.asarray(p, dtype=np.float64)
    q = np.clip(np.minimum(p, 1.0 - p), 1e-300, 0.5)
    t = np.sqrt(-2.0 * np.log(q))
    x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
          / (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3))
    for _ in range(4):
        r = (0.5 * _erfc64(-x / _SQRT2) - q) * _SQRT2PI * np.exp(0.5 * x * x)
        x = x - r / (1.0 + 0.5 * x * r)
    x = np.where(p < 0.5, x, -x)
    x = np.where(p == 0.5, 0.0, x)
    x = np.where(p == 0.0, -np.inf, np.where(p == 1.0, np.inf, x))
    return np.where((p < 0) | (p > 1) | np.isnan(p), np.nan, x)


_NDTRI_P0 = (-5.99633501014107895267E1, 9.80010754185999661536E1, -5.66762857469070293439E1,
             1.39312609387279679503E1, -1.23916583867381258016E0)
_NDTRI_Q0 = (1.0, 1.95448858338141759834E0, 4.67627912898881538453E0, 8.63602421390890590575E1,
             -2.25462687854119370527E2, 2.00260212380060660359E2, -8.20372256168333339912E1,
             1.59056225126211695515E1, -1.18331621121330003142E0)
_NDTRI_P1 = (4.05544892305962419923E0, 3.15251094599893866154E1, 5.71628192246421288162E1,
             4.40805073893200834700E1, 1.46849561928858024014E1, 2.18663306850790267539E0,
             -1.40256079171354495875E-1, -3.50424626827848203418E-2, -8.57456785154685413611E-4)
_NDTRI_Q1 = (1.0, 1.57799883256466749731E1, 4.53907635128879210584E1, 4.13172038254672030440E1,
             1.50425385692907503408E1, 2.50464946208309415979E0, -1.42182922854787788574E-1,
             -3.80806407691578277194E-2, -9.33259480895457427372E-4)
_NDTRI_P2 = (3.23774891776946035970E0, 6.91522889068984211695E0, 3.93881025292474443415E0,
             1.33303460815807542389E0, 2.01485389549179081538E-1, 1.23716634817820021358E-2,
             3.01581553508235416007E-4, 2.65806974686737550832E-6, 6.23974539184983293730E-9)
_NDTRI_Q2 = (1.0, 6.02427039364742014255E0, 3.67983563856160859403E0, 1.37702099489081330271E0,
             2.16236993594496635890E-1, 1.34204006088543189037E-2, 3.28014464682127739104E-4,
             2.89247864745380683936E-6, 6.79019408009981274425E-9)


def _polevl32(x, coeffs):
    r = np.zeros(x.shape, _F32)
    for c in coeffs:
        r = fma(r, x, _F32(c))
    return r


@quiet
def ndtri_f32(y0):
    """ATen's calc_ndtri<float> (cephes' rational fits in float with GCC's fused
    multiply-adds; the tail's square root and logarithms in double)."""
    one, edge = _F32(1), _F32(0.13533528323661269189)
    flip = y0 > (one - edge)
    y = np.where(flip, one - y0, y0).astype(_F32)
    mid = y > edge
    c = (y - _F32(0.5)).astype(_F32)
    c2 = (c * c).astype(_F32)
    ratio = ((c2 * _polevl32(c2, _NDTRI_P0)).astype(_F32) / _polevl32(c2, _NDTRI_Q0)).astype(_F32)
    central = (fma(c, ratio, c) * _F32(2.50662827463100050242)).astype(_F32)
    safe = np.where(mid | (y <= 0), _F32(0.5), y).astype(_F32)
    # ::sqrt and ::log here are the double functions: x and x0 are rounded from double
    x = np.sqrt(-2.0 * np.log(safe.astype(np.float64))).astype(_F32)
    xd = x.astype(np.float64)
    x0 = (xd - np.log(xd) / xd).astype(_F32)
    z = (one / x).astype(_F32)
    near = x < 8
    p = np.where(near, _polevl32(z, _NDTRI_P1), _polevl32(z, _NDTRI_P2))
    q = np.where(near, _polevl32(z, _NDTRI_Q1), _polevl32(z, _NDTRI_Q2))
    tail = (x0 - ((z * p).astype(_F32) / q).astype(_F32)).astype(_F32)
    tail = np.where(flip, tail, -tail)
    r = np.where(mid, central, tail)
    r = np.where((y0 < 0) | (y0 > 1), _F32(np.nan), r)
    r = np.where(y0 == 1, _F32(np.inf), np.where(y0 == 0, _F32(-np.inf), r))
    return np.where(np.isnan(y0), -np.abs(y0), r).astype(_F32)     # a nan runs the negated tail


class SpecialNdtriBackward0(Node):
    """d ndtri(p) = g sqrt(2 pi) exp(ndtri(p)^2 / 2)"""

    save_output = True

    def forward(self, x):
        if x.dtype == _F32 and x.size < EXACT_ELEMENTS:
            return ndtri_f32(x)
        if x.dtype == np.float64 and x.size < EXACT_ELEMENTS:
            return special_kernels.ndtri64(x)
        return _ndtri_np(x).astype(x.dtype)

    def backward(self, g):
        (y,) = self.saved
        return g * _SQRT2PI * (y.square() / 2).exp()


@register("special_ndtri", grad_fn="SpecialNdtriBackward0", namespaces=("special:ndtri",),
          sample=fixed((((3,),), {}), (((2, 3),), {}), lo=0.05, hi=0.95))
def special_ndtri(input):
    """the standard normal quantile (inverse of ndtr): d/dp = sqrt(2 pi) exp(ndtri(p)^2/2)"""
    refuse_complex("ndtri", input)
    x = check_tensor(input, "special_ndtri")
    refuse_low_precision("ndtri", x)
    return apply(SpecialNdtriBackward0, (_float_input(x),))


_ERFCX_SWITCH = 3.0             # below: exp(x^2) erfc(x); above: erfc's continued fraction


@quiet
def _erfcx_np(x):
    """exp(x^2) erfc(x) in float64: directly where exp(x^2) is small, by the continued
    fraction erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))) above,
    and 2 exp(x^2) - erfcx(-x) for x < 0 (inf once exp(x^2) overflows)."""
    x = np.asarray(x, dtype=np.float64)
    ax = np.abs(x)
    near = np.where(ax < _ERFCX_SWITCH, ax, 0.0)
    direct = np.exp(near * near) * _erfc64(near)
    far = np.where(ax < _ERFCX_SWITCH, _ERFCX_SWITCH, ax)
    k = far.copy()
    for n in range(60, 0, -1):
        k = far + (n / 2.0) / k
    pos = np.where(ax < _ERFCX_SWITCH, direct, 1.0 / (math.sqrt(math.pi) * k))
    pos = np.where(np.isinf(ax), 0.0, pos)
    return np.where(x < 0, 2.0 * np.exp(x * x) - pos, pos)


class SpecialErfcxBackward0(Node):
    """d erfcx(x) = g (2 x erfcx(x) - 2/sqrt(pi))"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        if x.dtype in (np.float32, np.float64):
            return special_kernels.erfcx(x)         # ATen's calc_erfcx, bit for bit
        return _erfcx_np(x).astype(x.dtype)

    def backward(self, g):
        x, y = self.saved
        return g * (2.0 * x * y - 2.0 / math.sqrt(math.pi))


@register("special_erfcx", grad_fn="SpecialErfcxBackward0", namespaces=("special:erfcx",),
          sample=fixed((((3,),), {}), (((2, 3),), {}), lo=-2.0, hi=5.0))
def special_erfcx(input):
    """the scaled complementary error function exp(x^2) erfc(x): d/dx = 2x erfcx(x) -
    2/sqrt(pi)"""
    refuse_complex("erfcx", input)
    x = check_tensor(input, "special_erfcx")
    refuse_low_precision("erfcx", x)
    return apply(SpecialErfcxBackward0, (_float_input(x),))


category("linear algebra")


def _pairs(n: int):
    """Row pairs (i, j), i < j, in PyTorch's pdist order."""
    i, j = np.triu_indices(n, 1)
    return i, j


class PdistBackward0(Node):
    """d ||x_i - x_j||_p = w for row i and -w for row j, w = g sign(d)|d|^(p-1)/dist^(p-1)
    (d = x_i - x_j; PyTorch's cases: 0 for p = 0, sign(d) for p = 1, the maximal |d| for
    p = inf, 0 where dist = 0 or, for p < 1, d = 0)"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        i, j = _pairs(x.shape[0])
        if x.dtype in (np.float32, np.float64):
            from .misc import pdist_values
            return pdist_values(np.abs(x[i] - x[j]), self.p)
        from .misc import _pnorm_np
        return np.asarray(_pnorm_np(x[i] - x[j], self.p), dtype=x.dtype)

    def jvp(self, inputs, tangents, out):
        """PyTorch has no forward-mode rule for _pdist_forward"""
        from ..autograd import forward_ad
        raise forward_ad.unsupported("_pdist_forward")

    def backward(self, g):
        x, dist = self.saved
        from .misc import pdist_grad
        out = pdist_grad(x._data, g._data, dist._data, self.p)
        return _pdist_no_derivative(out, (g, x, dist))


class PdistBackwardBackward0(NoDerivative):
    """_pdist_backward, which PyTorch does not differentiate: running it raises"""
    kernel = "_pdist_backward"


def _pdist_no_derivative(value, inputs):
    return no_derivative(PdistBackwardBackward0, value, inputs)


@register("pdist", grad_fn="PdistBackward0", namespaces=("functional", "torch"),
          no_second_order="the derivative for '_pdist_backward' is not implemented.",
          sample=fixed((((4, 3),), {}), (((3, 2), 1.0), {}), (((3, 2), 3.0), {}),
                       (((4, 2), 0.5), {}), (((3, 2), float("inf")), {})))
def pdist(input, p=2):
    """p-norm distance between each pair of rows i < j:
    d/dx_i = g sign(d)|d|^(p-1)/dist^(p-1), the opposite for x_j"""
    x = check_tensor(input, "pdist")
    if x._data.ndim != 2:
        raise TorchRuntimeError(f"pdist only supports 2D tensors, got: {x._data.ndim}D")
    if x._data.dtype.kind != "f":
        raise TorchRuntimeError("pdist only supports floating-point dtypes")
    if not p >= 0:                          # (nan too)
        raise TorchRuntimeError("pdist only supports non-negative p values")
    refuse_low_precision("pdist", x)
    from .. import limits
    n, m = x._data.shape
    limits.check_size(n * (n - 1) // 2)          # the result, then the differences it sums
    limits.check_size(n * (n - 1) // 2 * m)
    return apply(PdistBackward0, (x,), p=float(p))


# -- torch.special's Bessel functions and orthogonal polynomials (no derivatives) ---------------

category("special functions")


def _detached(args):
    return tuple(a.detach() if isinstance(a, Tensor) else a for a in args)


def _special_float(dt, kernel: str):
    """The dtype ATen's float kernel runs in: integers and bool the default float; float32
    and float64 have a kernel, others do not."""
    if dt.kind in "iub":
        dt = dtypes.get_default_dtype().np
    if dt not in (np.float32, np.float64):
        raise _not_for(kernel, dt)
    return np.dtype(dt)


# the special functions whose PyTorch signature names their argument x, not input
_ARGUMENT_X = dict.fromkeys(("airy_ai", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
                             "spherical_bessel_j0"), "x")


def _special_unary(name: str):
    from . import special_extra
    kernel = getattr(special_extra, name)
    qualified = "special_" + name

    def op(input, *, out=None):
        if out is not None:
            return _into(qualified, op, _detached((input,)), {}, out, False)
        x = check_tensor(input, qualified, _ARGUMENT_X.get(name, "input"))
        dt = _special_float(x._data.dtype, name)
        data = x._data.astype(dt)
        return wrap(np.asarray(kernel(data.ravel()), dtype=dt).reshape(data.shape))
    op.__name__ = op.__qualname__ = qualified
    op.__doc__ = f"torch.special.{name} (ATen's cephes kernel; no derivative, as PyTorch's)"
    register(qualified, namespaces=(f"special:{name}",), differentiable=False)(op)


def _special_poly(name: str):
    from . import special_extra
    kernel = getattr(special_extra, name)
    qualified = "special_" + name
    signatures = ("\n * (Tensor x, Tensor n, *, Tensor out = None)"
                  "\n * (Number x, Tensor n, *, Tensor out = None)"
                  "\n * (Tensor x, Number n, *, Tensor out = None)\n")

    def op(x, n, *, out=None):
        if out is not None:
            return _into(qualified, op, _detached((x, n)), {}, out, False)
        pair = (x, n)
        tensors = [a for a in pair if isinstance(a, Tensor)]
        if not tensors or not all(isinstance(a, Tensor) or _number(a) for a in pair):
            from ..callerrors import invalid_combination
            raise TorchTypeError(invalid_combination(qualified, pair, {}, False) + signatures)
        rt = dtypes.result_type([(a.dtype, a._data.ndim) for a in tensors],
                                [a for a in pair if not isinstance(a, Tensor)]).np
        dt = _special_float(rt, name)
        xs, ns = (a._data if isinstance(a, Tensor) else np.asarray(a) for a in pair)
        try:
            np.broadcast_shapes(xs.shape, ns.shape)
        except ValueError:
            from .core import broadcast_error
            raise broadcast_error(xs.shape, ns.shape) from None
        xs, ns = xs.astype(dt), ns.astype(dt)
        try:
            value = kernel(xs, ns)
        except ValueError as e:
            raise TorchRuntimeError(str(e)) from None
        return wrap(np.asarray(value, dtype=dt))
    op.__name__ = op.__qualname__ = qualified
    op.__doc__ = (f"torch.special.{name}(x, n) (ATen's recurrence; n truncated to an integer; "
                  "no derivative, as PyTorch's)")
    register(qualified, namespaces=(f"special:{name}",), differentiable=False)(op)


for _name in ("airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0",
              "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1",
              "scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "spherical_bessel_j0"):
    _special_unary(_name)
for _name in ("chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v",
              "chebyshev_polynomial_w", "shifted_chebyshev_polynomial_t",
              "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
              "shifted_chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he",
              "laguerre_polynomial_l", "legendre_polynomial_p"):
    _special_poly(_name)
del _name
