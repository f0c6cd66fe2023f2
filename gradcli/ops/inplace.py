"""In-place ops: `add_`, `sub_`, `mul_`, `div_`, `pow_`, `neg_`, `zero_`, `fill_`, `copy_`,
`clamp_`, the `x += y` family, and `op_` for elementwise functions and the other ops
PyTorch has an in-place form of (`masked_fill_`, `scatter_`, `tril_`, `addcmul_` ...).

Each is the out-of-place op written back into the tensor (`core.inplace`): the version
counter goes up, a leaf that requires grad is refused while grad mode is on, and the tensor's
`grad_fn` becomes the op's node (`y.add_(1)` gives `AddBackward0`), as in PyTorch.
"""
from __future__ import annotations

import inspect

import numpy as np

from .. import complexmath, dtypes
from ..autograd.graph import Node
from ..errors import TorchNotImplementedError, TorchRuntimeError, warn_complex_to_real
from .._tensor import Tensor
from ..meta import filled
from . import arith
from .core import apply, broadcast_error, check_inplace, inplace, to_tensor, wrap, zeros_for
from .registry import REGISTRY, category, own_keywords, register
from .views import check_inputs, check_write, internal_overlap, warn_expanded, \
    write_expanded

category("in-place")


_OPERANDS = (Tensor, int, float, bool, complex, np.ndarray, np.generic)


def _check_operands(self: Tensor, args, kwargs, inputs: bool = True,
                    full: bool = False) -> None:
    """PyTorch's memory checks of an in-place op, made (as there) after the leaf check and
    before any other: self not expanded, no operand partly (`full`: or wholly) in self's
    memory (`x[1:].add_(x[:-1])`, `x.add_(x[0])`)."""
    operands = (*args, *kwargs.values()) if inputs else ()
    check_write(self._data, [a._data for a in operands if isinstance(a, Tensor)], full)


def _binary_inplace(name, fn):
    def op_(self, other, **kwargs):
        if not isinstance(other, _OPERANDS) or isinstance(other, np.ndarray):
            return NotImplemented       # `t += "x"`: Python's TypeError names `+=`; `t += a`
                                        # is `t = t + a` (core.leaves_arrays), as in PyTorch
        if name in _KERNEL_AFTER_CAST or kwargs.get("rounding_mode") is not None:
            _refuse_result_type(self, other, name)

        def compute(before):
            if kwargs or isinstance(other, Tensor) or 0 in self._data.strides:
                _check_operands(self, (other,), kwargs)
            if self._data.dtype.kind != "c":
                return fn(before, other, **kwargs)
            complexmath.IN_PLACE[0] = True      # its loops see out alias self
            try:
                return fn(before, other, **kwargs)
            finally:
                complexmath.IN_PLACE[0] = False
        return _in_place_name(inplace(self, compute), name)
    op_.__name__ = name
    op_.__doc__ = f"in-place {fn.__name__}: self = {fn.__name__}(self, other)"
    return op_


# In-place binary ops whose kernel refuses some dtypes (`"remainder_cpu" not implemented`):
# PyTorch checks shapes and the result type first (_refuse_result_type).
_KERNEL_AFTER_CAST = frozenset(("remainder_", "floor_divide_", "fmod_", "atan2_", "arctan2_",
                                "copysign_", "hypot_", "xlogy_", "gcd_", "lcm_", "nextafter_"))
# ... of which these compute in the default float dtype for integer operands
_FLOAT_RESULT = frozenset(("atan2_", "arctan2_", "copysign_", "xlogy_"))


def _in_place_name(self, name: str):
    """self; a node with no derivative (`NotImplemented`) names the in-place op in its error
    (`aten::floor_divide_`), as PyTorch's in-place kernel's own node does."""
    fn = self.grad_fn
    if fn is not None and type(fn).__name__ == "NotImplemented":
        fn.aten_name = name
    return self


for _name, _fn, _dunder in [("add_", arith.add, "__iadd__"), ("sub_", arith.sub, "__isub__"),
                            ("mul_", arith.mul, "__imul__"), ("div_", arith.div, "__itruediv__"),
                            ("pow_", arith.pow, "__ipow__"),
                            ("remainder_", arith.remainder, "__imod__"),
                            ("floor_divide_", arith.floor_divide, "__ifloordiv__")]:
    register(_name, method=True, function=False, differentiable=False,
             dunders=(_dunder,))(_binary_inplace(_name, _fn))


class ZeroBackward0(Node):
    """d zero_(x) = 0"""

    def forward(self, x):
        return np.zeros_like(x)

    def backward(self, g):
        return zeros_for(g)


class FillBackward2(Node):
    """d fill_(x, v) = 0  (v a number)"""

    def forward(self, x):
        return np.full_like(x, self.value)

    def backward(self, g):
        return zeros_for(g)


class FillBackward3(Node):
    """d fill_(x, v) = 0 for x, the sum of g for v  (v a 0-d tensor)"""

    def forward(self, x, v):
        return np.full_like(x, v)

    def backward(self, g):
        return zeros_for(g), g.sum()


@register("zero_", method=True, function=False, differentiable=False)
def zero_(self):
    """set every element to 0, in place (an expanded tensor too, as PyTorch lets it)"""
    if filled(self):
        return self
    return _write_any(self, lambda before: apply(ZeroBackward0, (before,)), constant=True)


def _write_any(self: Tensor, compute, operands=(), constant: bool = False) -> Tensor:
    """inplace(self, compute), self expanded or not."""
    if write_expanded(self, compute, operands, constant=constant):
        return self
    return inplace(self, compute)


@register("fill_", method=True, function=False, differentiable=False)
def fill_(self, value):
    """set every element to value, in place"""
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise TorchRuntimeError(f"fill_ only supports 0-dimension value tensor but got "
                                    f"tensor with {value._data.ndim} dimensions.")
        return inplace(self, lambda before: apply(FillBackward3, (before, value)))
    value = dtypes.fill_scalar(value, self._data.dtype, self._data.size)[()]
    if filled(self):
        return self
    return _write_any(self, lambda before: apply(FillBackward2, (before,), value=value),
                      constant=True)


class CopyBackwards(Node):
    """d copy_(x, src) = 0 for x, g (summed to src's shape) for src"""

    _qualified = True

    def forward(self, x, src):
        warn_complex_to_real(src.dtype, x.dtype)
        if src.dtype.kind == "c" and x.dtype.kind not in "cb":
            src = src.real              # (PyTorch's warning above, not NumPy's too)
        return dtypes.cast(np.broadcast_to(src, x.shape), x.dtype)        # (a copy)

    def backward(self, g):
        return zeros_for(g), g

    def jvp(self, inputs, tangents, out):
        """PyTorch's copy_ forward rule: zeros for a source without a tangent
        (`self_t.fill_(0)`), else the source's tangent, cloned (broadcast when its shape
        differs) for a tensor that had none"""
        ta, tb = tangents
        if tb is None:
            return apply(FillBackward2, (ta,), value=0) if ta is not None else None
        if ta is not None:
            from ..autograd.grad_mode import _enabled
            if _enabled[0] and (ta._requires_grad or tb._requires_grad):
                return ta.copy_(tb)         # recorded: `self_t.copy_(src_t)`, a CopyBackwards
            return tb
        return tb.clone() if tb._data.shape == out._data.shape else tb.broadcast_to(out.shape)


@register("copy_", method=True, function=False, differentiable=False)
def copy_(self, other, non_blocking=False):
    """copy other's values into self, in place (broadcasting other)"""
    src = to_tensor(other)

    def compute(before):
        _check_operands(self, (src,), {})
        _fits_output(self._data.shape, src._data.shape)
        return apply(CopyBackwards, (before, src))
    from ..autograd import forward_ad
    src_t = forward_ad.tangent_of(src) if forward_ad.ACTIVE[0] else None
    kept = src_t is not None and self._base is None and forward_ad.tangent_of(self) is None \
        and src_t._data.shape == self._data.shape and src_t.dtype != self.dtype \
        and not src_t._requires_grad
    refused = src_t is not None and forward_ad.LEGACY_VMAP[0] and \
        forward_ad.tangent_of(self) is None and src_t._data.shape != self._data.shape
    inplace(self, compute)
    if refused:     # PyTorch's formula broadcasts the source's tangent: legacy vmap can't
        raise TorchRuntimeError("Batching rule not implemented for aten::broadcast_to; the "
                                "fallback path doesn't work on out= or view ops.")
    if kept:        # PyTorch's copy_ gives a tensor without a tangent the source's, its
        forward_ad.give_tangent(self, src_t.detach().clone())   # dtype kept
    return self


# in-place forms PyTorch does not check against their inputs' memory (matrix products write
# through a kernel of their own, ldexp_ is mul_ by a new tensor); tril_, triu_ check nothing
_INPUTS_UNCHECKED = frozenset(("addmm", "addmv", "addbmm", "ldexp"))
_UNCHECKED = frozenset(("tril", "triu"))
_FULL_CHECKED = frozenset(("scatter", "scatter_add"))     # src may not be self's memory at all


def masked_fill_(self, mask, value):
    """masked_fill_ checks in PyTorch's order: the value's dims, the mask's dtype, the mask
    against self's memory, then the shapes (self's must stay: `x.masked_fill_(m, v)` with m
    larger than x is refused as the output's shape). An expanded self is written, with a
    warning."""
    from .select import masked_fill
    check_inplace(self)
    m = to_tensor(mask)
    if isinstance(value, Tensor) and value._data.ndim:
        raise TorchRuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, "
                                f"but got tensor with {value._data.ndim} dimension(s).")
    if m._data.dtype != np.bool_:
        raise TorchRuntimeError(f"masked_fill_ only supports boolean masks, but got mask "
                                f"with dtype {_ctype(m.dtype)}")
    if internal_overlap(self._data):
        warn_expanded("masked_fill_")
    check_inputs(self._data, (m._data,))
    _fits_output(self._data.shape, m._data.shape)
    return _write_any(self, lambda before: masked_fill(before, m, value), (value,))


def _fits_output(target: tuple, shape: tuple) -> None:
    """PyTorch's refusal of an operand of an in-place op that does not broadcast to the
    written-to tensor's shape."""
    try:
        full = np.broadcast_shapes(target, shape)
    except ValueError:
        raise broadcast_error(target, shape) from None
    if full != target:
        raise TorchRuntimeError(f"output with shape [{', '.join(map(str, target))}] doesn't "
                                f"match the broadcast shape [{', '.join(map(str, full))}]")


def _lerp_shapes(self, end, weight):
    """lerp_'s checks of its operands, then of self's shape against their broadcast shape
    and of their result type (a 0-d weight's promotion) against self's dtype."""
    from .unary import lerp_operands
    s, _, _, shape = lerp_operands(self, end, weight)
    _fits_output(self._data.shape, shape)
    if not dtypes.can_cast(s.dtype, self.dtype):
        raise TorchRuntimeError(f"result type {s.dtype.legacy} can't be cast to the "
                                f"desired output type {self.dtype.legacy}")


def _bad_size(shape: tuple, target: tuple) -> None:
    """A structured in-place op's refusal of a self whose shape is not its result's."""
    if shape != target:
        raise TorchRuntimeError(
            f"Bad in-place call: input tensor size [{', '.join(map(str, shape))}] and output "
            f"tensor size [{', '.join(map(str, target))}] should match")


def _addmm_shape(self, mat1=None, mat2=None, *args, **kwargs) -> None:
    """addmm_'s meta function: the dtypes, then a product of mat1 and mat2 whose shape is not
    self's (mat1's and mat2's own refusals are addmm's)"""
    if isinstance(mat1, Tensor) and isinstance(mat2, Tensor):
        from .more import addmm_dtypes_check
        addmm_dtypes_check(self, mat1, mat2)
        (a, b) = mat1._data.shape, mat2._data.shape
        if len(a) == 2 == len(b) and a[1] == b[0]:
            _bad_size(self._data.shape, (a[0], b[1]))


def _addmv_shape(self, mat=None, vec=None, *args, **kwargs) -> None:
    """addmv_'s meta function: after addmv's shape checks and its dtypes' (addmv's own), a
    self of one element where the product has more is refused"""
    if isinstance(mat, Tensor) and isinstance(vec, Tensor) and mat._data.ndim == 2 and \
            vec._data.ndim == 1 and self._data.ndim <= 1 and \
            mat._data.shape[1] == vec._data.shape[0] and \
            self._data.size in (mat._data.shape[0], 1) and \
            self._data.dtype == mat._data.dtype == vec._data.dtype:
        _bad_size(self._data.shape, mat._data.shape[:1])


def _addr_shape(self, vec1=None, vec2=None, *args, **kwargs) -> None:
    """addr_'s check of self (after the vectors' dimensions, addr's own): a matrix of the
    outer product's shape"""
    if isinstance(vec1, Tensor) and isinstance(vec2, Tensor) and \
            vec1._data.ndim == 1 == vec2._data.ndim:
        if self._data.ndim != 2:
            raise TorchRuntimeError(f"2D tensor expected, got {self._data.ndim}D tensor for "
                                    f"input")
        target = (vec1._data.shape[0], vec2._data.shape[0])
        if self._data.shape != target:
            raise TorchRuntimeError(
                f"size mismatch, input: [{', '.join(map(str, self._data.shape))}], v1: "
                f"[{target[0]}], v2: [{target[1]}]")


_FUSED_SHAPES = {"addmm": _addmm_shape, "addmv": _addmv_shape, "addr": _addr_shape}


def _unary_inplace(name):
    if name == "masked_fill":
        return masked_fill_
    fn = REGISTRY[name].fn
    code = fn.__code__               # (inspect.signature, for 80 ops, cost start-up ~2 ms)
    inputs, full = name not in _INPUTS_UNCHECKED, name in _FULL_CHECKED
    if "inplace" in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]:
        def op_(self, *args, **kwargs):           # the op's own in-place form (its node name)
            return fn(self, *args, inplace=True, **kwargs)
    elif name in _UNCHECKED:
        def op_(self, *args, **kwargs):
            def compute(before):
                return fn(before, *args, **kwargs)
            if _tri_in_place(self._data) and write_expanded(self, compute):
                return self
            return _in_place_name(inplace(self, compute), name + "_")
    else:
        def op_(self, *args, **kwargs):
            if name in _NUMBER_BOUNDED and self.dtype.category < 2:
                _check_number_bounds(self, args, kwargs)

            if name + "_" in _KERNEL_AFTER_CAST and args:
                _refuse_result_type(self, args[0], name + "_")
            if name == "lerp":          # the leaf and memory checks, then its shapes and
                check_inplace(self)     # result type, before its kernel's refusal
                _check_operands(self, args, kwargs, inputs, full)
                _lerp_shapes(self, *args, **kwargs)
            if name == "ldexp":
                from .mathmisc import check_ldexp_out
                check_ldexp_out(self, self)

            def compute(before):
                if name in _FUSED_SHAPES:       # addmm_, addmv_, addr_: self's shape first
                    _FUSED_SHAPES[name](self, *args, **kwargs)
                if name == "abs" and before.dtype.is_complex:   # (its result would be real)
                    raise TorchRuntimeError("In-place abs is not supported for complex tensors.")
                if full:                        # (scatter's argument checks come first)
                    from .select import scatter_checks
                    scatter_checks(self, *args, **kwargs)
                _check_operands(self, args, kwargs, inputs, full)
                if name == "mvlgamma":          # (its own words for an integer self)
                    from .mathmisc import check_mvlgamma_out
                    check_mvlgamma_out(before, args[0] if args else kwargs.get("p"), self)
                return fn(before, *args, **kwargs)
            return _in_place_name(inplace(self, compute), name + "_")
    op_.__name__ = name + "_"
    op_.__doc__ = f"in-place {name}"
    return own_keywords(op_, fn)


_NUMBER_BOUNDED = frozenset(("clamp", "clip", "clamp_min", "clamp_max"))


def _tri_in_place(a: np.ndarray) -> bool:
    """Whether tril_/triu_ zero a's elements where they are (ATen's
    checkTrilTriuBatchContiguous): up to 3 dims, or batches laid out one after another
    (the first may be expanded), so an expanded tensor is written, not refused; otherwise
    the result is computed apart and copied in, which refuses one."""
    if a.ndim <= 3:
        return True
    step = a.shape[-1] * a.shape[-2] * a.itemsize
    for i in range(a.ndim - 3, -1, -1):
        if i == 0 and (a.strides[0] == 0 or a.shape[0] == 1):
            continue
        if a.strides[i] != step:
            return False
        step *= a.shape[i]
    return True


def _check_number_bounds(self, args, kwargs) -> None:
    """clamp_ of an integer tensor by numbers: the clamp kernel's own check of the result
    type, which names self's type as C++ does ("long int")."""
    bounds = [b for b in list(args) + list(kwargs.values()) if b is not None]
    if not bounds or any(isinstance(b, Tensor) for b in bounds):
        return                                  # (tensor bounds: TensorIterator's words)
    rt = dtypes.result_type([(self.dtype, self._data.ndim)], bounds)
    if rt is not self.dtype:
        from .._tensor import _CPP_NAMES
        raise TorchRuntimeError(f"result type {rt.legacy} can't be cast to the desired output "
                                f"type {_CPP_NAMES[self.dtype.name]}")


_MORE_INPLACE = ("ldexp", "gcd", "lcm", "nextafter", "mvlgamma", "addr", "addbmm", "i0",
                 "atan2", "arctan2", "bitwise_not", "digamma", "erfinv", "heaviside", "hypot",
                 "lgamma", "sgn")


# C++ type names in PyTorch's "Bad in-place call" and "Input dtypes must be the same"
def _ctype(d) -> str:
    from .._tensor import _CPP_NAMES
    return _CPP_NAMES.get(d.name, d.name)


def _refuse_result_type(self: Tensor, other, name: str) -> None:
    """PyTorch's TensorIterator checks of an in-place op's operand, made before it looks for
    the dtype's kernel and in its order: the leaf check, the operand's shape against self's,
    then a result type self cannot hold (`i.bitwise_and_(1.5)`, `x.remainder_(1j)` is no
    '"remainder_cpu" not implemented')."""
    if not isinstance(other, _OPERANDS) or isinstance(other, np.ndarray):
        return
    check_inplace(self)
    pairs = [(self.dtype, self._data.ndim)]
    scalars = []
    if isinstance(other, Tensor):
        _fits_output(self._data.shape, other._data.shape)
        pairs.append((other.dtype, other._data.ndim))
    else:
        scalars.append(other.item() if isinstance(other, np.generic) else other)
    rt = dtypes.result_type(pairs, scalars)
    if name in _FLOAT_RESULT and rt.category < 2:
        rt = dtypes.get_default_dtype()
    if not dtypes.can_cast(rt, self.dtype):
        raise TorchRuntimeError(f"result type {rt.legacy} can't be cast to the "
                                f"desired output type {self.dtype.legacy}")


def _cast_checked(name):
    """`name_` (a TensorIterator op) that first refuses a result type self cannot hold."""
    op = _unary_inplace(name)

    def op_(self, other, *args, **kwargs):
        _refuse_result_type(self, other, name)
        return op(self, other, *args, **kwargs)
    op_.__name__ = op.__name__
    op_.__doc__ = op.__doc__
    return op_


def _augmented(op_):
    """`t &= other` and the like: op_, or Python's own TypeError (NotImplemented) for an
    operand that is no tensor or number, as PyTorch's operators give it."""
    def dunder(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        return op_(self, other)
    return dunder


for _name, _dunder in (("bitwise_and", "__iand__"), ("bitwise_or", "__ior__"),
                       ("bitwise_xor", "__ixor__"), ("bitwise_left_shift", "__ilshift__"),
                       ("bitwise_right_shift", "__irshift__")):
    _op = register(_name + "_", method=True, function=False,
                   differentiable=False)(_cast_checked(_name))
    setattr(Tensor, _dunder, _augmented(_op))


@register("cumsum_", method=True, function=False, differentiable=False)
def cumsum_(self, dim, *, dtype=None):
    """self = cumsum(self, dim), in place, in self's dtype (a `dtype` must be self's)"""
    from .reduce import cumsum

    def compute(before):
        if dtype is not None:
            want = dtypes.to_dtype(dtype)
            if want != self.dtype:
                raise TorchRuntimeError(f"Bad in-place call: input tensor dtype "
                                        f"{_ctype(self.dtype)} and output tensor dtype "
                                        f"{_ctype(want)} should match")
        if self.dtype == dtypes.bool_:
            raise TorchNotImplementedError('"cumsum_out_cpu" not implemented for \'Bool\'')
        return cumsum(before, dim, dtype=self.dtype)
    return inplace(self, compute)


def _expand_check(shape: tuple, target: tuple, legacy: str) -> None:
    """PyTorch's expand of `shape` to `target` (an in-place op's self to its result's shape),
    with its errors."""
    if len(shape) > len(target):
        raise TorchRuntimeError(
            f"expand(torch.{legacy}Tensor{{[{', '.join(map(str, shape))}]}}, size=["
            f"{', '.join(map(str, target))}]): the number of sizes provided ({len(target)}) "
            f"must be greater or equal to the number of dimensions in the tensor "
            f"({len(shape)})")
    off = len(target) - len(shape)
    for i in range(len(target) - 1, off - 1, -1):
        have = shape[i - off]
        if have != target[i] and have != 1:
            raise TorchRuntimeError(
                f"The expanded size of the tensor ({target[i]}) must match the existing size "
                f"({have}) at non-singleton dimension {i}.  Target sizes: ["
                f"{', '.join(map(str, target))}].  Tensor sizes: ["
                f"{', '.join(map(str, shape))}]")


@register("baddbmm_", method=True, function=False, differentiable=False)
def baddbmm_(self, batch1, batch2, *, beta=1, alpha=1):
    """self = beta self + alpha batch1 @ batch2, in place: the operands of self's dtype, the
    product's shape self's own"""
    from .extra import baddbmm

    def compute(before):
        a, b = batch1, batch2
        if isinstance(a, Tensor) and isinstance(b, Tensor) and a._data.ndim >= 2 \
                and b._data.ndim >= 3:                  # PyTorch's meta function, in order
            sa, sb = a._data.shape, b._data.shape
            target = (sa[0], sa[1], sb[2])
            shape = self._data.shape
            _expand_check(shape, target, self.dtype.legacy)
            if a.dtype != self.dtype:
                raise TorchRuntimeError(
                    f"Input dtypes must be the same, got: input {_ctype(self.dtype)}, batch1: "
                    f"{_ctype(a.dtype)}, batch2: {_ctype(b.dtype)}")
            for name, m in (("batch1", a), ("batch2", b)):
                if m._data.ndim != 3:
                    raise TorchRuntimeError(f"{name} must be a 3D tensor")
            if sb[:2] != (sa[0], sa[2]):
                raise TorchRuntimeError(f"Expected size for first two dimensions of batch2 "
                                        f"tensor to be: [{sa[0]}, {sa[2]}] but got: "
                                        f"[{sb[0]}, {sb[1]}].")
            if b.dtype != self.dtype:                  # the output takes batch2's options
                raise TorchRuntimeError(f"Bad in-place call: input tensor dtype "
                                        f"{_ctype(self.dtype)} and output tensor dtype "
                                        f"{_ctype(b.dtype)} should match")
            if shape != target:
                raise TorchRuntimeError(
                    f"Bad in-place call: input tensor size [{', '.join(map(str, shape))}] "
                    f"and output tensor size [{', '.join(map(str, target))}] should match")
        return baddbmm(before, a, b, beta=beta, alpha=alpha)
    return inplace(self, compute)


@register("polygamma_", method=True, function=False, differentiable=False)
def polygamma_(self, n):
    """self = polygamma(n, self), in place (its node PolygammaBackward1)"""
    from .extra import PolygammaBackward0, _polygamma

    class PolygammaBackward1(PolygammaBackward0):
        """d/dx polygamma(n, x) = polygamma(n + 1, x)"""

    def compute(before):
        _polygamma(before.detach(), n)              # n's checks
        from .extra import _unary_float
        return _unary_float(PolygammaBackward1, before, "polygamma", n=n)
    return inplace(self, compute)


@register("float_power_", method=True, function=False, differentiable=False)
def float_power_(self, exponent):
    """self = float_power(self, exponent), in place: self must be of the double dtype the
    result has (float64, or complex128 with a complex operand)"""
    from .extra import float_power

    def compute(before):
        complex_ = any(isinstance(t, Tensor) and t.dtype.is_complex for t in (self, exponent)) \
            or isinstance(exponent, complex)
        want = dtypes.complex128 if complex_ else dtypes.float64
        if self.dtype != want:
            raise TorchRuntimeError(f"the base given to float_power_ has dtype "
                                    f"{self.dtype.legacy} but the operation's result requires "
                                    f"dtype {want.legacy}")
        _check_operands(self, (exponent,), {})
        return float_power(before, exponent)
    return inplace(self, compute)


class ConjPhysicalBackward1(Node):
    """d conj_physical_(x) = conj_physical(g)"""

    linear = True

    def forward(self, x):
        return np.conj(x) if x.dtype.kind == "c" else x.copy()     # (NumPy's conj of bools
                                                                    # is int8)

    def backward(self, g):
        from .shape import conj_physical
        return conj_physical(g)


@register("conj_physical_", method=True, differentiable=False)
def conj_physical_(input):
    """the complex conjugate written into the tensor (a real one is written as it is)"""
    return inplace(input, lambda before: apply(ConjPhysicalBackward1, (before,)))


def install_unary_inplace() -> None:
    """Give every elementwise method `f` its in-place form `f_` (called once ops are loaded)."""
    for name in ("exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "abs",
                 "neg", "reciprocal", "clamp", "clip", "floor", "ceil", "round", "trunc",
                 "square", "sign", "log1p", "expm1", "rsqrt", "exp2", "log2", "log10", "frac",
                 "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "erf",
                 "leaky_relu", "elu", "silu", "selu", "celu", "hardtanh", "relu6", "mish",
                 "hardsigmoid", "hardswish", "erfc", "sinc", "fmod", "remainder", "lerp",
                 "clamp_min", "clamp_max", "masked_fill", "scatter", "scatter_add", "tril",
                 "triu", "cumprod", "logit", "nan_to_num", "addcmul", "addcdiv", "addmm",
                 "addmv", "deg2rad", "rad2deg", "xlogy", "copysign", "renorm"
                 ) + _MORE_INPLACE:
        if name in REGISTRY and name + "_" not in REGISTRY:
            register(name + "_", method=True, function=False,
                     differentiable=False)(_unary_inplace(name))
