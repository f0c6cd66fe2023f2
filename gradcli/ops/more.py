"""More of PyTorch: `torch.nn.functional`'s linear, normalize, cosine_similarity, one_hot,
pad, layer_norm, kl_div, glu and tanhshrink; the fused products addmm, addmv, addcmul and
addcdiv; cumprod, logaddexp, xlogy, nan_to_num, inner, kron, diff, tile, repeat_interleave,
flipud/fliplr, rot90, deg2rad/rad2deg, logit, fmax/fmin; and the `Tensor.new_*` factories and
`cpu()`. Where PyTorch has a node of its own (`AddmmBackward0`, `CumprodBackward0`,
`NativeLayerNormBackward0`, ...) the op is a primitive here; where PyTorch composes (linear on
other ranks, normalize, cosine_similarity, kl_div, diff, inner, kron, repeat_interleave) it is
composed from gradcli ops the same way, so the result node and its edges match PyTorch's.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .. import cpu as _cpu, devices as _devices, dtypes, meta as _meta
from ..autograd.graph import Node
from ..autograd.grad_mode import no_grad
from ..fpmath import FMA_DTYPES, fma
from ..errors import TorchIndexError, TorchNotImplementedError, TorchRuntimeError, TorchTypeError
from .._tensor import Tensor
from .activation import _in_bf16, _zero_ties
from .creation import _shape
from .core import (_enabled, apply, bf16_op, bf16_scalar, broadcast_check, broadcast_error,
                   efficient_zero, fill_where, float_kernel, int_sizes, maybe_multiply,
                   op_format, picked_tangent, promoted, reduced_result, refuse_complex, round_op,
                   round_to, to_tensor, wrap, wrap_dim)
from .fused import GluBackwardBackward0, NativeLayerNormBackwardBackward0, fused, linear_backward, \
    not_implemented
from .linalg import (_alpha_operand, _col_major, _mm, _mv, _two_rows_from_c, addmm_in_turn,
                     matmul, mm_graph_grads, mm_onto, row_major, scaled_mm_values)
from .loss import _reduction
from .reduce import _dtype_cast, in_dtype
from .registry import binary as binary_samples
from .registry import category, fixed, register, unary
from .shape import _by_keyword, _shape_str, cat, stack
from .unary import _const, check_flag, check_float, check_tensor, float_cast, quiet
from .moments import LAYER_NORM_ELEMENTS, LAYER_NORM_ROW, layer_norm_backward, layer_norm_rows
from .predicates import get_num_threads
from .sumorder import EXACT_ELEMENTS, torch_cumulative

_FN = ("functional",)


def _expand_check(t: Tensor, shape) -> None:
    """PyTorch's expand error when t does not broadcast to `shape`."""
    try:
        np.broadcast_to(t._data, shape)
    except ValueError:
        with no_grad():
            t.expand(shape)                 # raises PyTorch's message
        raise


def _pair(a, b, name: str):
    """(a, b, cast) for an elementwise float op of two tensors, checking that they broadcast."""
    a = check_tensor(a, name)
    b = check_tensor(b, name, "other", 2)
    try:
        np.broadcast_shapes(a._data.shape, b._data.shape)
    except ValueError:
        raise broadcast_error(a._data.shape, b._data.shape) from None
    return a, b, promoted(a, b, floating=True)


# -- fused products ----------------------------------------------------------------------------

category("linear algebra")


def affine_product_jvp(node, inputs, tangents, product, arrays_product):
    """The forward formula PyTorch gives addmm, addmv, addr and baddbmm (beta*C + alpha*A@B):
    maybe_multiply(self_t, beta) + maybe_multiply(product(mat1_t, mat2_p), alpha) +
    maybe_multiply(product(mat1_p, mat2_t), alpha), added in that order. A missing tangent
    is an efficient zero tensor there: beta's term is then left out (adding it changes
    nothing), and a product with it is a real product of zeros (`_zero_product`)."""
    (c, a, b), (tc, ta, tb) = inputs, tangents
    first = product(ta, b) if ta is not None else _zero_product(product, arrays_product, a, b, 0)
    second = product(a, tb) if tb is not None else \
        _zero_product(product, arrays_product, a, b, 1)
    first = maybe_multiply(first, node.alpha)
    if tc is not None:
        first = maybe_multiply(tc, node.beta) + first
    return first + maybe_multiply(second, node.alpha)


def _zero_product(product, arrays_product, a, b, missing: int):
    """product(a, b) with operand `missing` (0: a, 1: b) all zeros, as PyTorch makes it of an
    efficient zero tensor (materialised, then the op itself): where a graph is recorded the op
    on a zero tensor; else NumPy's product of the arrays (every sum of products of zeros
    is +0, or NaN where the other operand holds an infinity or NaN, in any order of adding:
    the op's own order need not be followed)."""
    zeros = np.zeros_like((a if missing == 0 else b)._data)
    other = b if missing == 0 else a
    if _enabled[0] and other._requires_grad:
        return product(wrap(zeros), b) if missing == 0 else product(a, wrap(zeros))
    return wrap(np.asarray(arrays_product(zeros, b._data) if missing == 0 else
                           arrays_product(a._data, zeros)))


class AddmmBackward0(Node):
    """d (beta*C + alpha*A@B) = beta*g, alpha*g@B^T, alpha*A^T@g"""

    save_inputs = (1, 2)
    saved_if = ((2,), (1,))

    def forward(self, c, a, b):
        self.col_major = (_col_major(a), _col_major(b))
        self.in_strides = (None, a.strides, b.strides)  # _saved_mat1_sym_strides, mat2's
        return addmm_values(c, a, b, self.beta, self.alpha)

    def backward(self, g):
        a, b = self.saved
        grads = mm_graph_grads(g, a, b, self.col_major, self.needs(1), self.needs(2),
                               self.alpha)          # mat1's, mat2's, then self's
        gc = maybe_multiply(g, self.beta) if self.needs(0) else None
        return (gc,) + grads

    def jvp(self, inputs, tangents, out):
        """PyTorch's: beta self_t + alpha mat1_t.mm(mat2_p) + alpha mat1_p.mm(mat2_t)"""
        return affine_product_jvp(self, inputs, tangents, lambda x, y: x.mm(y), np.matmul)


def addmm_values(c: np.ndarray, a: np.ndarray, b: np.ndarray, beta=1, alpha=1) -> np.ndarray:
    """beta*C + alpha*(a @ b) as PyTorch's addmm (MKL's gemm) rounds it. alpha scales one
    operand or the product (`scaled_mm_values`); C is added after the product, ignored for
    beta 0 (nan too). On an Intel CPU, for another beta, beta*C is fused onto the product
    (fma(beta, C, product)), and for a float64 row-major A of two rows the products add
    onto (beta*)C in turn; measured against torch.addmm on 40 shapes and (beta, alpha)
    pairs, float32 and float64. With beta and alpha 1, `addmm_in_turn`'s kernels (AMD's
    too). BLAS's gemm with alpha 0 reads neither operand (`blas_scaled_c`)."""
    if alpha == 0 and a.dtype in BLAS_DTYPES and not bf16_op[0]:
        return blas_scaled_c(c, (a.shape[0], b.shape[1]), beta)
    if alpha == 1 and beta == 1:
        out = addmm_in_turn(c, a, b)
        if out is not None:
            return row_major(out)
    intel = _cpu.mkl_vendor() != "amd" and a.dtype == b.dtype and \
        a.dtype in (np.float32, np.float64) and np.result_type(c, a) == a.dtype
    shape = (a.shape[0], b.shape[1])
    scale = None if alpha == 1 else alpha
    if intel and beta == 1:           # C added after the product, or between its blocks
        return row_major(mm_onto(np.broadcast_to(c, shape), a, b, scale))
    if intel and beta != 0 and _two_rows_from_c(a, b) and \
            (scale is None or _alpha_operand(a, b) != ""):
        with np.errstate(all="ignore"):                    # onto beta*C in turn
            return row_major(mm_onto(np.broadcast_to(c, shape) * a.dtype.type(beta), a, b,
                                     scale))
    prod = _mm(a, b) if alpha == 1 else row_major(scaled_mm_values(a, b, alpha))
    if beta == 0:
        return np.ascontiguousarray(np.broadcast_to(prod, prod.shape))
    if beta == 1:
        return (prod + c).astype(prod.dtype)
    if intel:
        return fma(np.ascontiguousarray(np.broadcast_to(c, shape)), prod.dtype.type(beta), prod)
    return (prod + c * beta).astype(prod.dtype)


#: the dtypes whose matrix products ATen hands to BLAS (gemm, and gemv for the real ones;
#: not float16 and bfloat16, held in float32 while their op runs: `bf16_op`)
BLAS_DTYPES = tuple(map(np.dtype, (np.float32, np.float64, np.complex64, np.complex128)))


def blas_scaled_c(c: np.ndarray, shape, beta) -> np.ndarray:
    """BLAS's gemm or gemv with alpha 0: beta*C without the product (a NaN or an infinity in
    the operands is never read); C itself for beta 1 (-0 kept), zeros for beta 0."""
    if beta == 0:
        return np.zeros(shape, c.dtype)
    out = np.array(np.broadcast_to(c, shape))
    return out if beta == 1 else (out * c.dtype.type(beta)).astype(c.dtype)


def addmm_dtypes_check(c: Tensor, a: Tensor, b: Tensor) -> None:
    """addmm's refusal of operands of different dtypes (self's, then mat1's, against mat2's)"""
    for name, t in (("self", c), ("mat1", a)):
        if t._data.dtype != b._data.dtype:
            raise TorchRuntimeError(f"{name} and mat2 must have the same dtype, but got "
                                    f"{t.dtype.legacy} and {b.dtype.legacy}")


def _addmm_check(c: Tensor, a: Tensor, b: Tensor) -> None:
    addmm_dtypes_check(c, a, b)                       # PyTorch checks dtypes first
    for name, m in (("mat1", a), ("mat2", b)):
        if m._data.ndim != 2:
            raise TorchRuntimeError(f"{name} must be a matrix, got {m._data.ndim}-D tensor")
    (n, k), (k2, m) = a._data.shape, b._data.shape
    if k != k2:
        raise TorchRuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({n}x{k} and "
                                f"{k2}x{m})")
    _expand_check(c, (n, m))


@register("addmm", grad_fn="AddmmBackward0", method=True, sample=fixed(
    (((2, 4), (2, 3), (3, 4)), {}), (((4,), (2, 3), (3, 4)), {"beta": 0.5, "alpha": 2.0})))
def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta*C + alpha*A@B: d/dC = beta g, d/dA = alpha g B^T, d/dB = alpha A^T g"""
    c, a, b = check_tensor(input, "addmm"), to_tensor(mat1), to_tensor(mat2)
    _addmm_check(c, a, b)
    cast = promoted(c, a, b)
    dt = np.result_type(c._data, a._data, b._data) if cast is None else cast
    beta, alpha = (dtypes.kernel_scalar(s, dt, "addmm_impl_cpu_") for s in (beta, alpha))
    return apply(AddmmBackward0, (c, a, b), cast, beta=beta, alpha=alpha)


class AddmvBackward0(Node):
    """d (beta*c + alpha*A@v) = beta*g, alpha*outer(g, v), alpha*A^T@g"""

    save_inputs = (1, 2)
    saved_if = ((2,), (1,))

    def forward(self, c, a, v):
        if self.alpha == 0 and a.dtype.kind == "f" and not bf16_op[0]:
            return blas_scaled_c(c, a.shape[:1], self.beta)     # (complex: ATen's own gemv)
        prod = _mv(a, v)
        if self.alpha != 1:
            prod = prod * self.alpha
        if self.beta == 0:
            return np.asarray(prod)
        return (prod + (c if self.beta == 1 else c * self.beta)).astype(prod.dtype)

    def backward(self, g):
        # PyTorch's: maybe_multiply(grad.ger(vec), alpha) for mat, maybe_multiply(grad, beta)
        # for self, maybe_multiply(mat.t().mv(grad), alpha) for vec, in that (alphabetical)
        # order; alpha multiplies the product
        a, v = self.saved
        gm = maybe_multiply(g.reshape(g._data.shape[0], 1) * v, self.alpha) \
            if self.needs(1) else None
        gc = maybe_multiply(g, self.beta) if self.needs(0) else None
        return gc, gm, (maybe_multiply(a.t().mv(g), self.alpha) if self.needs(2) else None)

    def jvp(self, inputs, tangents, out):
        """PyTorch's: beta self_t + alpha mat_t.mv(vec_p) + alpha mat_p.mv(vec_t)"""
        return affine_product_jvp(self, inputs, tangents, lambda x, y: x.mv(y), np.matmul)


@register("addmv", grad_fn="AddmvBackward0", method=True, sample=fixed(
    (((2,), (2, 3), (3,)), {}), (((1,), (2, 3), (3,)), {"beta": 2.0, "alpha": -0.5})))
def addmv(input, mat, vec, *, beta=1, alpha=1):
    """beta*c + alpha*A@v: d/dc = beta g, d/dA = alpha outer(g, v), d/dv = alpha A^T g"""
    c, a, v = check_tensor(input, "addmv"), to_tensor(mat), to_tensor(vec)
    if not (a._data.ndim == 2 and v._data.ndim == 1 and c._data.ndim <= 1):
        raise TorchRuntimeError(f"vector + matrix @ vector expected, got {c._data.ndim}, "
                                f"{a._data.ndim}, {v._data.ndim}")
    (m, n), size = a._data.shape, c._data.size
    if not (n == v._data.shape[0] and size in (m, 1)):
        if not c._data.ndim:        # ATen's message reads input.size(0) first
            raise TorchIndexError("Dimension specified as 0 but tensor has no dimensions")
        raise TorchRuntimeError(f"size mismatch, got input ({size}), mat ({m}x{n}), "
                                f"vec ({v._data.shape[0]})")
    if not c._data.dtype == a._data.dtype == v._data.dtype:
        raise TorchRuntimeError(f"addmv input tensors must have the same dtype, but got "
                                f"{c.dtype.legacy}, {a.dtype.legacy}, and {v.dtype.legacy}")
    cast = promoted(c, a, v)
    dt = c._data.dtype if cast is None else cast        # (bfloat16's own: BF16_NP)
    beta, alpha = (dtypes.kernel_scalar(s, dt, "addmv_impl_cpu", opmath=False)
                   for s in (beta, alpha))
    return apply(AddmvBackward0, (c, a, v), cast, beta=beta, alpha=alpha)


class AddcmulBackward0(Node):
    """d (x + value*a*b) = g, value*g*b, value*g*a"""

    save_inputs = (1, 2)
    saved_if = ((2,), (1,))

    def forward(self, x, a, b):
        dt = np.result_type(x, a, b)
        if dt in FMA_DTYPES and max(x.size, a.size, b.size) < EXACT_ELEMENTS:
            # ATen's kernel: self + (value * t1) * t2 in one fma (past EXACT_ELEMENTS
            # NumPy's two roundings: the emulated fma is 20 times slower)
            v = dt.type(self.value)
            return np.asarray(fma(v * a.astype(dt), b, x)).astype(dt, copy=False)
        return np.asarray(x + self.value * (a * b)).astype(dt)

    def backward(self, g):
        a, b = self.saved                          # derivatives.yaml: g * (b * value)
        v = self.value
        return (g if self.needs(0) else None, g * (b * v) if self.needs(1) else None,
                g * (a * v) if self.needs(2) else None)

    def jvp(self, inputs, tangents, out):
        """PyTorch's: self_t + maybe_multiply(tensor1_t * tensor2_p, value)
        + maybe_multiply(tensor2_t * tensor1_p, value), a missing tangent's term left out"""
        (x, a, b), (tx, ta, tb), v = inputs, tangents, self.value
        if tx is None:
            tx = efficient_zero(x._data.ndim, out._data.dtype)
        total = tx
        for t, other in ((ta, b), (tb, a)):
            if t is not None:
                term = t * other
                total = total + (term if v == 1 else term * v)
        return total.to(out.dtype) if total._data.dtype != out._data.dtype else total


class AddcdivBackward0(Node):
    """d (x + value*a/b) = g, value*g/b, -value*g*a/b^2"""

    save_inputs = (1, 2)
    saved_if = ((2,), (1, 2))

    def forward(self, x, a, b):
        dt = np.result_type(x, a, b)
        if dt in FMA_DTYPES:            # ATen's kernel: self + (value * t1) / t2
            with np.errstate(all="ignore"):
                return np.asarray(x + dt.type(self.value) * a.astype(dt) / b).astype(dt)
        return np.asarray(x + self.value * (a / b)).astype(dt)

    def backward(self, g):
        a, b = self.saved           # derivatives.yaml: g * (value / b), -g * (value*a / (b*b))
        v = self.value
        from .arith import _filled          # C++'s value / b: a true division
        g1 = g * (_filled(b, v) / b) if self.needs(1) else None
        g2 = None
        if self.needs(2):                   # C++ makes each right operand first
            square = b * b
            ratio = a * v / square
            g2 = -g * ratio
        return (g if self.needs(0) else None), g1, g2

    def jvp(self, inputs, tangents, out):
        """PyTorch's: self_t + maybe_multiply(tensor1_t / tensor2_p, value)
        - maybe_multiply(tensor2_t * (tensor1_p / tensor2_p) / tensor2_p, value)"""
        (x, a, b), (tx, ta, tb), v = inputs, tangents, self.value
        if tx is None:
            tx = efficient_zero(x._data.ndim, out._data.dtype)
        total = tx
        with np.errstate(all="ignore"):
            if ta is not None:
                term = ta / b
                total = total + (term if v == 1 else term * v)
            if tb is not None:
                term = tb * (a / b) / b
                total = total - (term if v == 1 else term * v)
        return total.to(out.dtype) if total._data.dtype != out._data.dtype else total


def _addc(cls, name, input, tensor1, tensor2, value):
    x = check_tensor(input, name)
    a, b = to_tensor(tensor1), to_tensor(tensor2)
    broadcast_check(x, a, b)              # PyTorch's order: input, then each tensor
    cast = promoted(x, a, b)
    if value.__class__ is complex:        # a real result: c10's check of the number
        dt = np.result_type(x._data, a._data, b._data) if cast is None else cast
        if dt.kind != "c":
            value = dtypes.checked_scalar(value, dt).item()
    else:                                 # read as the dtype's opmath type (float)
        dtypes.checked_number(value, x._data.dtype if cast is None else cast, opmath=True)
    if cls is AddcmulBackward0:           # an integer kernel truncates value (0.5 is 0)
        value = dtypes.kernel_scalar(value, x._data.dtype if cast is None else cast,
                                     "addcmul_cpu_out")
    return apply(cls, (x, a, b), cast, value=value)


@register("addcmul", grad_fn="AddcmulBackward0", method=True, sample=fixed(
    (((3,), (3,), (3,)), {}), (((2, 3), (3,), (2, 1)), {"value": 0.5})))
def addcmul(input, tensor1, tensor2, *, value=1):
    """x + value*a*b: d/dx = g, d/da = value g b, d/db = value g a"""
    return _addc(AddcmulBackward0, "addcmul", input, tensor1, tensor2, value)


@register("addcdiv", grad_fn="AddcdivBackward0", method=True, sample=fixed(
    (((3,), (3,), (3,)), {}), (((2, 3), (3,), (2, 1)), {"value": -2.0}), lo=0.5, hi=2.0))
def addcdiv(input, tensor1, tensor2, *, value=1):
    """x + value*a/b: d/dx = g, d/da = value g/b, d/db = -value g a/b^2"""
    b = to_tensor(tensor2)
    if to_tensor(tensor1)._data.dtype.kind in "biu" and b._data.dtype.kind in "biu":
        raise TorchRuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future  release "
            "addcdiv will perform a true division of tensor1 and tensor2. The historic "
            "addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / "
            "tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / "
            "tensor2) for float inputs. The future addcdiv behavior is just the latter "
            "implementation: (input + value * tensor1 / tensor2), for all dtypes.")
    return _addc(AddcdivBackward0, "addcdiv", input, tensor1, tensor2, value)


@register("inner", grad_fn="ViewBackward0", method=True, sample=fixed(
    (((3,), (3,)), {}), (((2, 3), (4, 3)), {}), (((2, 2, 3), (3,)), {})))
def inner(input, other):
    """sum over the last dims of a and b: ATen's tensordot over them (a view of an mm)"""
    a, b = check_tensor(input, "inner"), check_tensor(other, "inner", "other", 2)
    if a._data.ndim == 0 or b._data.ndim == 0:
        return a * b
    if a._data.shape[-1] != b._data.shape[-1]:
        raise TorchRuntimeError(f"inner() the last dimension must match on both input tensors "
                                f"but got shapes {_shape_str(a.shape)} and "
                                f"{_shape_str(b.shape)}")
    from .extra import tensordot              # ATen's inner is tensordot over the last dims
    return tensordot(a, b, ([-1], [-1]))


class _UnsafeReshape(Node):
    """d reshape(x) = g reshaped back (PyTorch's `_unsafe_view`, a copy-free reshape: with
    `_strict`, an input whose strides allow no such view is refused with view's error, as
    ATen's is; else copied)"""

    def forward(self, x):
        v = x.view()
        try:
            v.shape = self.shape
        except AttributeError:
            if self.__dict__.get("_strict"):
                from .shape import view_error
                raise view_error() from None
            return np.ascontiguousarray(x).reshape(self.shape)
        return v

    def backward(self, g):
        return g.reshape(self._in_meta[0][0])


UnsafeViewBackward0 = type("UnsafeViewBackward0", (_UnsafeReshape,),
                           {"__doc__": _UnsafeReshape.__doc__})


@register("kron", grad_fn="UnsafeViewBackward0", method=True, sample=fixed(
    (((2, 2), (2, 3)), {}), (((3,), (2,)), {}), (((2,), (2, 2)), {})))
def kron(input, other):
    """Kronecker product, composed as in PyTorch: a product of interleaved `_unsafe_view`s,
    viewed to the result's shape"""
    a, b = check_tensor(input, "kron"), check_tensor(other, "kron", "other", 2)
    nd = max(a._data.ndim, b._data.ndim)
    sa = (1,) * (nd - a._data.ndim) + a._data.shape
    sb = (1,) * (nd - b._data.ndim) + b._data.shape
    ra, rb = [], []
    for i in range(nd):
        ra += [sa[i], 1]
        rb += [1, sb[i]]
    # the product's layout follows its operands' (TensorIterator's): from a transposed
    # input it may admit no view of the result's shape, which PyTorch refuses
    prod = apply(UnsafeViewBackward0, (a,), shape=tuple(ra)) * \
        apply(UnsafeViewBackward0, (b,), shape=tuple(rb))
    return apply(UnsafeViewBackward0, (prod,), shape=tuple(x * y for x, y in zip(sa, sb)),
                 _strict=True)


# -- cumulative and elementwise ----------------------------------------------------------------

category("reduction")


class CumprodBackward0(Node):
    """d cumprod(x)_i = sum_{k>=i} g_k prod_{j<=k, j!=i} x_j, as ATen's cumprod_backward
    computes it: reversed cumsum(g*out) / x without zeros in x; with zeros, its O(n) masks
    when no graph is built, else its O(n^2) products (which have a derivative of their own)"""

    save_inputs = (0,)
    save_output = True

    def forward(self, x):
        if x.ndim == 0:
            return x.copy()
        return np.asarray(torch_cumulative(np.multiply, x, self.dim), order="C")  # as PyTorch's

    def backward(self, g):
        x, out = self.saved
        d = self.dim
        if x._data.size <= 1 or x._data.shape[d] == 1:
            return g
        from ..autograd.vmap import subclass_like
        wrapped = subclass_like(True)       # torch.func's tensors are subclass-like: ATen
        if not wrapped and np.all(x._data != 0):    # then takes the composite O(n^2) rule
            return (out * g).flip(d).cumsum(d).flip(d) / x    # reversed cumsum(g*out) / x
        from .reduce import _grad_enabled
        if _grad_enabled() or wrapped:
            return _cumprod_grad_products(x, g, d, wrapped)
        return _cumprod_grad_masks(x, out, g, d)

    def jvp(self, inputs, tangents, out):
        """PyTorch's cumprod_jvp: cumsum(t / x) * out, and past a slice's first zero the
        cumprod of x with t at that zero (a where)"""
        from .activation import where
        (x,), (t,) = inputs, tangents
        if t is None:
            return None
        d = self.dim
        gradient = (t / x).cumsum(d) * out
        zeros = x == 0
        if x._data.ndim == 0:
            return gradient.masked_fill(zeros, t) if zeros._data.any() else gradient
        first_zero = zeros & (zeros.cumsum(d) == 1)
        new_grad = where(first_zero, t, x).cumprod(d)
        return where(first_zero.cumsum(d).to(dtypes.bool_), new_grad, gradient)


def _cumprod_grad_masks(x: Tensor, out: Tensor, g: Tensor, d: int) -> Tensor:
    """ATen's O(n) rule for inputs with zeros (no graph): before the first zero of a slice
    the fast rule on w = out*g cut there; at the first zero, the sum over (z1, z2) of g times
    the cumprod of x there, times the product before z1; after it, zero."""
    w = out * g
    counts = (x == 0).cumsum(d)
    before = counts == 0
    grad = (w.masked_fill(~before, 0.0).flip(d).cumsum(d).flip(d) / x).masked_fill(~before, 0.0)
    span = counts == 1
    first = span.max(d, keepdim=True)[1]
    slots = np.arange(x._data.shape[d]).reshape((-1,) + (1,) * (x._data.ndim - 1 - d))
    at_first = wrap(slots == first._data) & span        # a scatter of the index, as ATen
    span = span & ~at_first
    before_first = out.gather(d, (first - 1).relu()).masked_fill(first == 0, 1.0)
    value = (x.masked_fill(~span, 1.0).cumprod(d) * g.masked_fill(counts != 1, 0.0)).sum(
        d, keepdim=True) * before_first
    return wrap(np.where(at_first._data, value._data, grad._data))    # masked_scatter_


def _cumprod_grad_products(x: Tensor, g: Tensor, d: int, stacked: bool = False) -> Tensor:
    """ATen's O(n^2) rule (when the backward builds a graph): for each k, the products of x
    omitting x_k for every j >= k, weighted by g_j and summed, copied into slot k (stacked,
    for subclass-like tensors)."""
    from ..autograd.grad_mode import no_grad as _no_grad
    n = x._data.shape[d]
    lead = (slice(None),) * d

    def part(t, start, stop=None):
        return t[lead + (slice(start, stop),)]

    shape = list(x._data.shape)
    shape[d] = 1
    ones = _const(g, np.ones(1, g._data.dtype)).expand(*shape)
    with _no_grad():
        grad = _const(g, np.zeros(x._data.shape, g._data.dtype))
    slices = []
    for k in range(n):
        if k == 0:
            omitted = cat([ones, part(x, 1).cumprod(d)], d)
        elif k == n - 1:
            omitted = part(x, 0, k).prod(d, True)
        else:
            until = part(x, 0, k).prod(d, True)
            after = part(x, k + 1).cumprod(d)
            omitted = cat([until, until.expand_as(after) * after], d)
        if stacked:
            slices.append((part(g, k) * omitted).sum(d))
        else:
            grad.select(d, k).copy_((part(g, k) * omitted).sum(d))
    return stack(slices, d) if stacked else grad


@register("cumprod", grad_fn="CumprodBackward0", method=True, sample=fixed(
    (((4,), 0), {}), (((2, 3), 1), {}), (((3, 2), -2), {}), (((),), {"dim": 0})))
def cumprod(input, dim, *, dtype=None):
    """running product along dim: d/dx_i = sum_{k>=i} g_k prod_{j<=k, j!=i} x_j"""
    x = check_tensor(input, "cumprod")
    d = wrap_dim(dim, max(x._data.ndim, 1))
    if dtype is not None and dtypes.to_dtype(dtype) is dtypes.bool_:
        raise TorchNotImplementedError("\"cumprod_out_cpu\" not implemented for 'Bool'")
    if dtype is None and x._data.dtype.kind in "biu":
        dtype = dtypes.int64
    return in_dtype(apply(CumprodBackward0, (x,), _dtype_cast(x, dtype), dim=d,
                          as_given={"dim": dim}), dtype, x)


category("arithmetic")


class LogaddexpBackward0(Node):
    """d log(e^a + e^b) = g*sigmoid(a - b), g*sigmoid(b - a)"""

    save_inputs = (0, 1)

    def forward(self, a, b):
        if a.dtype == b.dtype == np.float32 and max(a.size, b.size) < EXACT_ELEMENTS:
            from .. import vecmath          # ATen's vectorised kernel (SLEEF's exp, log1p)
            return vecmath.logaddexp(a, b)
        if a.dtype == b.dtype == np.float64 and max(a.size, b.size) < EXACT_ELEMENTS:
            from .. import vecmath64
            return vecmath64.logaddexp(a, b)
        if a.dtype.kind == "c":
            return _logaddexp_complex(a, b)
        return np.logaddexp(a, b)

    def backward(self, g):
        a, b = self.saved
        return (g / (1 + (b - a).exp()) if self.needs(0) else None,
                g / (1 + (a - b).exp()) if self.needs(1) else None)


def _log1p_complex(z: np.ndarray) -> np.ndarray:
    """c10's complex log1p: (log|1 + z|, arg(1 + z)), log|1 + z| as log1p(x(2 + x) + y^2) / 2
    for |z| < 0.5 (x there where that underflows to 0)."""
    x, y = z.real, z.imag
    theta = np.arctan2(y, x + 1)
    with np.errstate(all="ignore"):
        r = x * (2 + x) + y * y
        small = np.where(r == 0, x, 0.5 * np.log1p(r))
        re = np.where(np.abs(z) < 0.5, small, np.log(np.hypot(x + 1, y)))
    out = np.empty(z.shape, z.dtype)
    out.real, out.imag = re, theta
    return out


def _logaddexp_complex(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """ATen's _log_add_exp_helper for complex: log1p(exp(min - max)) + max, min and max by
    real part; nan where a real part is nan; at equal infinite real parts, min for -inf and
    log(exp(min) + exp(max)) for +inf."""
    a, b = np.broadcast_arrays(a, b)
    first = b.real < a.real
    lo, hi = np.where(first, b, a), np.where(first, a, b)
    with np.errstate(all="ignore"):
        out = _log1p_complex(np.exp(lo - hi)) + hi
        both_inf = ~np.isfinite(lo.real) & (lo.real == hi.real)
        if both_inf.any():
            out = np.where(both_inf, np.where(lo.real < 0, lo, np.log(np.exp(lo) + np.exp(hi))),
                           out)
        nan = np.isnan(lo.real) | np.isnan(hi.real)
        out = np.where(nan, np.asarray(complex(np.nan, np.nan), a.dtype), out)
    return out.astype(a.dtype)


@register("logaddexp", grad_fn="LogaddexpBackward0", method=True, sample=binary_samples())
def logaddexp(input, other):
    """log(e^a + e^b): d/da = sigmoid(a - b), d/db = sigmoid(b - a)"""
    a, b = check_tensor(input, "logaddexp"), check_tensor(other, "logaddexp", "other", 2)
    dt = dtypes.from_numpy(promoted(a, b) or a._data.dtype)
    if dt.category < 2:                   # ATen's kernel has no integer or bool variant
        raise TorchNotImplementedError(f'"logaddexp_cpu" not implemented for \'{dt.legacy}\'')
    a, b, cast = _pair(input, other, "logaddexp")
    return apply(LogaddexpBackward0, (a, b), cast)


def _xlogy_np(x, y, bf16=False):
    """x * log(y), 0 where x is 0 (unless y is nan). `bf16`: the bfloat16 kernel's steps
    (its operands bfloat16, std::log of a BFloat16 giving a BFloat16, then the product)."""
    with np.errstate(all="ignore"):
        if np.result_type(x, y) == np.float32:      # ATen's scalar loop: std::log, logf
            from .. import vecmath
            log = vecmath.libm("logf", np.asarray(y, np.float32), np.log)
        elif np.result_type(x, y) == np.float64 and np.size(y) < EXACT_ELEMENTS:
            from .. import vecmath                  # std::log: the C library's
            log = vecmath.libm64("log", np.asarray(y, np.float64), np.log)
        else:
            log = np.log(y)
        if bf16:
            log = round_op(log)
        return np.where((x == 0) & ~np.isnan(y), 0, x * log).astype(np.result_type(x, y))


class XlogyBackward0(Node):
    """d x*log(y) = g*log(y) (0 where x = 0), g*x/y"""

    save_inputs = (0, 1)
    bf16 = False

    def forward(self, x, y):
        return _xlogy_np(x, y, self.bf16)

    def jvp(self, inputs, tangents, out):
        """PyTorch's forward formula: xlogy(self_t, other_p) (0 where self_p = 0 and
        other_p <= 0) + other_t * self_p / other_p; a missing self_t is zeros there, a
        missing other_t drops its term (an efficient zero tensor)."""
        (x, y), (tx, ty) = inputs, tangents
        if tx is None:
            from .creation import zeros_like
            tx = zeros_like(x.detach())
        total = xlogy(tx, y).masked_fill(wrap((x._data == 0) & (y._data <= 0)), 0.0)
        return total if ty is None else total + ty * x / y

    def backward(self, g):
        x, y = self.saved
        gy = g * x / y if self.needs(1) else None      # PyTorch records y's gradient first
        gx = None
        if self.needs(0):
            gx = xlogy(g, y).masked_fill(wrap((x._data == 0) & (y._data <= 0)), 0.0)
        return gx, gy


class XlogyBackward1(Node):
    """d c*log(y) = g*c/y  (c a number)"""

    save_inputs = (0,)
    bf16 = False

    def forward(self, y):
        return _xlogy_np(bf16_scalar(self.x, self.bf16, y.dtype), y, self.bf16)

    def backward(self, g):
        (y,) = self.saved
        return g * self.x / y


class XlogyBackward2(Node):
    """d x*log(c) = xlogy(g, c), 0 where x = 0 unless c > 0  (c a number: derivatives.yaml's
    Scalar_Other formula)"""

    save_inputs = (0,)
    bf16 = False

    def forward(self, x):
        return _xlogy_np(x, bf16_scalar(self.y, self.bf16, x.dtype), self.bf16)

    def backward(self, g):
        (x,) = self.saved
        r = apply(XlogyBackward2, (g,), y=self.y, bf16=reduced_result(g))
        return r if self.y > 0 else r.masked_fill(x == 0, 0.0)


@register("xlogy", grad_fn="XlogyBackward0", method=True, namespaces=("torch", "special:xlogy"),
          sample=binary_samples(0.2, 2.0))
def xlogy(input, other):
    """x*log(y), 0 where x = 0: d/dx = log(y), d/dy = x/y"""
    if isinstance(input, (int, float, complex)) and isinstance(other, Tensor):
        refuse_complex("xlogy", other, input, numbers=True)     # (a complex number too)
        y = other if other._data.dtype.kind in "fc" else other.to(dtypes.get_default_dtype())
        return apply(XlogyBackward1, (y,), x=float(input), bf16=reduced_result(y),
                     as_given={"self": input})
    x = check_tensor(input, "xlogy")
    refuse_complex("xlogy", x, other, numbers=True)
    if isinstance(other, (int, float)):
        x = x if x._data.dtype.kind in "fc" else x.to(dtypes.get_default_dtype())
        return apply(XlogyBackward2, (x,), y=float(other), bf16=reduced_result(x),
                     as_given={"other": other})
    bf16 = reduced_result(x, other)
    x, y, cast = _pair(x, other, "xlogy")
    return apply(XlogyBackward0, (x, y), cast, bf16=bf16)


class NanToNumBackward0(Node):
    """d nan_to_num(x) = g where x is finite, else 0"""

    save_inputs = (0,)

    def forward(self, x):
        if x.dtype.kind not in "fc":
            return x.copy()
        big = float(np.finfo(x.dtype).max)
        if bf16_op[0]:              # a bfloat16 or float16 op's (in float32): its dtype's
            big = 65504.0 if op_format[0] == "f16" else dtypes.BF16_MAX
        with np.errstate(over="ignore"):       # (a bound past the dtype's range: inf)
            return np.nan_to_num(x, nan=self.nan,
                                 posinf=big if self.posinf is None else self.posinf,
                                 neginf=-big if self.neginf is None else self.neginf)

    def backward(self, g):
        (x,) = self.saved
        return g * _const(x, np.isfinite(x._data))


@register("nan_to_num", grad_fn="NanToNumBackward0", method=True, sample=unary())
def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """nan, +inf, -inf replaced by numbers: d/dx = 1 where x is finite, else 0"""
    x = check_tensor(input, "nan_to_num")
    return apply(NanToNumBackward0, (x,), nan=0.0 if nan is None else float(nan),
                 posinf=posinf, neginf=neginf)         # (nan=None: 0, as PyTorch's default)


class _Scale(Node):
    """d c*x = c*g"""

    def forward(self, x):
        return x * np.asarray(self.factor, dtype=x.dtype)

    def backward(self, g):
        return g * self.factor


Deg2RadBackward0 = type("Deg2RadBackward0", (_Scale,), {"factor": math.pi / 180})
Rad2DegBackward0 = type("Rad2DegBackward0", (_Scale,), {"factor": 180 / math.pi})


@register("deg2rad", grad_fn="Deg2RadBackward0", method=True, sample=unary(-90.0, 90.0))
def deg2rad(input):
    """x*pi/180: d/dx = pi/180"""
    x = check_tensor(input, "deg2rad")
    refuse_complex("deg2rad", x)
    return apply(Deg2RadBackward0, (x,), float_cast(x))


@register("rad2deg", grad_fn="Rad2DegBackward0", method=True, sample=unary())
def rad2deg(input):
    """x*180/pi: d/dx = 180/pi"""
    x = check_tensor(input, "rad2deg")
    refuse_complex("rad2deg", x)
    return apply(Rad2DegBackward0, (x,), float_cast(x))


def _logit_clamp(x: np.ndarray, lo, hi) -> np.ndarray:
    """x < lo ? lo : (x > hi ? hi : x), ATen's clamp of logit's input (an eps above 0.5
    makes lo > hi: NumPy's clip would give hi everywhere)."""
    return np.where(x < lo, x.dtype.type(lo), np.where(x > hi, x.dtype.type(hi), x))


def _logit_kernel32(x: np.ndarray, eps) -> np.ndarray:
    """ATen's float logit kernel: log(x / (1 - x)) with x clamped to [eps, 1 - eps] first
    when eps is given, the quotient in float; its log is correctly rounded on the tested
    values (0 of 1,000 differ from the double log rounded to float, where NumPy's float32
    log differed in the last bit)."""
    one = np.float32(1)
    if eps is not None:
        x = _logit_clamp(x, np.float32(eps), one - np.float32(eps))
    q = (x / (one - x)).astype(np.float32)
    return np.log(q.astype(np.float64)).astype(np.float32)


class LogitBackward0(Node):
    """d log(x/(1-x)) = g/(x(1-x)), 0 outside [eps, 1-eps] when eps is given"""

    save_inputs = (0,)

    @quiet
    def forward(self, x):
        from .sumorder import EXACT_ELEMENTS
        if bf16_op[0]:          # bfloat16, float16: eps and each step in the dtype
            z = x
            if self.eps is not None:
                lo = round_op(self.eps)
                z = _logit_clamp(x, lo, round_op(1 - lo))
            q = round_op(z / round_op(1 - z))
            return np.where(z == 1, np.float32(np.inf), round_op(np.log(q)))
        if x.dtype == np.float32 and x.size < EXACT_ELEMENTS:
            return _logit_kernel32(x, self.eps)
        z = x if self.eps is None else _logit_clamp(x, self.eps, 1 - self.eps)
        return np.log(z / (1 - z)).astype(x.dtype)

    def jvp(self, inputs, tangents, out):
        """auto_element_wise: the backward rule on the tangent, as the grad mode the op ran
        in picks it"""
        from ..autograd import forward_ad
        return self._rule(tangents[0], inputs[0], forward_ad.GRAD_MODE[0])

    def backward(self, g):
        return self._rule(g, self.saved[0], _enabled[0])

    def _rule(self, g, x, grad_mode: bool):
        """PyTorch's: infinitely_differentiable_logit_backward in grad mode, else the
        logit_backward kernel"""
        from .activation import where
        lo, hi = (0.0, 1.0) if self.eps is None else (self.eps, 1 - self.eps)
        outside = np.nan if self.eps is None else 0.0
        if not grad_mode:
            # no graph: ATen's logit_backward kernel, g * inf at 0 and 1 (g / (x (1 - x))
            # would take the sign of a -0)
            xd, gd = x._data, g._data
            step = None
            if xd.dtype == dtypes.BF16_NP:      # each step rounded, as its bfloat16 kernel
                xd, gd = xd.astype(np.float32), gd.astype(np.float32)
                step = "bf16"
            with np.errstate(all="ignore"):
                quotient = round_to(gd / round_to(xd * round_to(1 - xd, step), step), step)
                out = np.where((xd == 0) | (xd == 1), gd * np.inf, quotient)
                out = np.where((xd < lo) | (xd > hi), outside, out)
            return wrap(out.astype(g._data.dtype, copy=False))
        with np.errstate(all="ignore"):
            out = g / (x * (1 - x))
        inside = wrap((x._data >= lo) & (x._data <= hi))
        return where(inside, out, _const(x, outside))


@register("logit", grad_fn="LogitBackward0", method=True, namespaces=("torch", "special:logit"),
          sample=fixed(
    (((3,),), {}), (((2, 3),), {"eps": 0.05}), lo=0.1, hi=0.9))
def logit(input, eps=None):
    """log(x/(1-x)), x clamped to [eps, 1-eps]: d/dx = 1/(x(1-x)) (0 outside the clamp)"""
    x = check_tensor(input, "logit")
    refuse_complex("logit", x)
    return apply(LogitBackward0, (x,), float_cast(x), eps=None if eps is None else float(eps))


class FmaxBackward0(Node):
    """d fmax(a, b) = g where a >= b or b is nan, else 0 (to b: the rest)"""

    save_inputs = (0, 1)
    pick = staticmethod(np.greater_equal)
    tangent_pick = staticmethod(np.greater)     # the forward formula's test (a tie: b's)

    def forward(self, a, b):
        """std::fmax or std::fmin, element by element: a tie of zeros gives the first
        operand (the second in bfloat16)"""
        out = (np.fmax if self.pick is np.greater_equal else np.fmin)(a, b)
        return _zero_ties(out, a, b, _in_bf16(out))

    def jvp(self, inputs, tangents, out):
        """PyTorch's forward formula: other_t + (self_p > other_p | isnan(other_p)) *
        (self_t - other_t) (fmin: <=)"""
        a, b = (t._data for t in inputs)
        with np.errstate(invalid="ignore"):
            weight = self.tangent_pick(a, b) | np.isnan(b)
        return picked_tangent(inputs, tangents, out, weight)

    def backward(self, g):
        a, b = self.saved
        with np.errstate(invalid="ignore"):
            first = self.pick(a._data, b._data) | np.isnan(b._data)
        return (fill_where(g, first) if self.needs(0) else None,
                fill_where(g, ~first) if self.needs(1) else None)


class FminBackward0(FmaxBackward0):
    """d fmin(a, b) = g where a <= b or b is nan, else 0 (to b: the rest)"""

    pick = staticmethod(np.less_equal)
    tangent_pick = staticmethod(np.less_equal)


@register("fmax", grad_fn="FmaxBackward0", method=True, sample=binary_samples())
def fmax(input, other):
    """max ignoring nan: d/da = 1 where a >= b (or b is nan), d/db = 1 elsewhere"""
    a, b = check_tensor(input, "fmax"), check_tensor(other, "fmax", "other", 2)
    broadcast_check(a, b)
    refuse_complex("fmax", a, b)
    return apply(FmaxBackward0, (a, b), promoted(a, b))


@register("fmin", grad_fn="FminBackward0", method=True, sample=binary_samples())
def fmin(input, other):
    """min ignoring nan: d/da = 1 where a <= b (or b is nan), d/db = 1 elsewhere"""
    a, b = check_tensor(input, "fmin"), check_tensor(other, "fmin", "other", 2)
    broadcast_check(a, b)
    refuse_complex("fmin", a, b)
    return apply(FminBackward0, (a, b), promoted(a, b))


# -- shape --------------------------------------------------------------------------------------

category("shape")


@register("diff", grad_fn="SubBackward0", method=True, sample=fixed(
    (((4,),), {}), (((2, 4),), {"n": 2}), (((3, 2),), {"dim": 0}),
    (((3,), 1, -1, (1,), (2,)), {})))
def diff(input, n=1, dim=-1, prepend=None, append=None):
    """x[1:] - x[:-1] along dim, n times: each step is a SubBackward0 of two slices"""
    x = check_tensor(input, "diff")
    if x._data.ndim == 0:
        raise TorchRuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise TorchRuntimeError(f"order must be non-negative but got {n}")
    d = wrap_dim(dim, x._data.ndim)
    if prepend is not None or append is not None:
        parts = [p if isinstance(p, Tensor) else to_tensor(p) for p in (prepend, x, append)
                 if p is not None]
        for p in parts:                   # ATen's diff_check: prepend's, then append's
            if p is x:
                continue
            if p._data.ndim != x._data.ndim:
                raise TorchRuntimeError("diff expects prepend or append to be the same "
                                        "dimension as input")
            for i, (m, k) in enumerate(zip(x._data.shape, p._data.shape)):
                if i != d and m != k:
                    raise TorchRuntimeError(
                        "diff expects the shape of tensor to prepend or append to match that "
                        f"of input except along the differencing dimension; input.size({i}) "
                        f"= {m}, but got tensor.size({i}) = {k}")
        x = cat(parts, d)
    for _ in range(n):
        size = x._data.shape[d]
        if size == 0:
            break
        later, earlier = x.narrow(d, 1, size - 1), x.narrow(d, 0, size - 1)
        x = later ^ earlier if x.dtype is dtypes.bool_ else later - earlier   # as PyTorch
    return x


@register("tile", grad_fn="RepeatBackward0", method=True, sample=fixed(
    (((2, 3), [2]), {}), (((3,), [2, 2]), {})))
def tile(input, *sizes, dims=None):
    """repeat with dims padded by leading ones: d/dx = g summed over the copies
    (`x.tile(2, 1)` as `x.tile((2, 1))`, as PyTorch's method takes them)"""
    x = check_tensor(input, "tile")
    sizes = _by_keyword(sizes, dims, "tile", "dims")
    if not sizes:
        raise TorchTypeError('tile() missing 1 required positional arguments: "dims"')
    reps = int_sizes(sizes, "tile", "dims")
    reps = (1,) * (x._data.ndim - len(reps)) + reps
    return x.repeat(reps)


@register("repeat_interleave", grad_fn="ViewBackward0", method=True, sample=fixed(
    (((2, 3), 2), {"dim": 1}), (((2, 3), 3), {}), (((3, 2), 2), {"dim": 0})))
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """each element repeated `repeats` times along dim, composed as PyTorch does: unsqueeze,
    expand, clone, view (d/dx = g summed over the repeats); a tensor of repeats (one per
    element, or one for all) selects with index_select; `repeat_interleave(r)` alone gives
    each position i of r repeated r[i] times"""
    x = check_tensor(input, "repeat_interleave")
    if repeats is None:
        if x._data.ndim != 1:
            raise TorchRuntimeError("repeat_interleave only accept 1D vector as repeat")
        return wrap(_repeated_positions(x._data, output_size))
    if isinstance(repeats, Tensor):
        return _repeat_by_tensor(x, repeats._data, dim, output_size)
    repeats = int(repeats)
    if repeats < 0:
        raise TorchRuntimeError("Repeats must be non-negative")
    if x._data.ndim == 0 and dim is not None:       # PyTorch unsqueezes the 0-d tensor at
        wrap_dim(wrap_dim(dim, 1) + 1, 1)           # dim + 1: out of range
    x, d = _along(x, dim)
    shape = x._data.shape
    big = shape[:d + 1] + (repeats,) + shape[d + 1:]
    out = shape[:d] + (shape[d] * repeats,) + shape[d + 1:]
    if output_size is not None and output_size != out[d]:
        raise TorchRuntimeError(f"repeat_interleave: Invalid output_size, expected {out[d]} "
                                f"but got {output_size}")
    return x.unsqueeze(d + 1).expand(big).clone().reshape(out)


def _along(x, dim):
    """(x, d): repeat_interleave's view of x and the dim it repeats along (x flattened when
    dim is None; a 0-d x as one element)."""
    if dim is None:
        return x.flatten(), 0
    d = wrap_dim(dim, max(x._data.ndim, 1))
    return (x.reshape(1) if x._data.ndim == 0 else x), d


def _repeat_by_tensor(x, r, dim, output_size=None):
    """repeat_interleave with a tensor of repeats r: x (flattened when dim is None) indexed
    along dim by each position repeated its count (IndexSelectBackward0, as PyTorch)."""
    if r.ndim > 1:
        raise TorchRuntimeError("repeats must be 0-dim or 1-dim tensor")
    if x._data.ndim == 0 and dim is not None:       # index_select's refusal
        raise TorchIndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    x, d = _along(x, dim)
    size = x._data.shape[d]
    if r.size == 1:
        r = np.broadcast_to(r.reshape(1), (size,))
    elif r.shape[0] != size:
        raise TorchRuntimeError(f"repeats must have the same size as input along dim, but got "
                                f"repeats.size(0) = {r.shape[0]} and input.size({d}) = {size}")
    return x.index_select(d, wrap(_repeated_positions(r, output_size)))


def _repeated_positions(r: np.ndarray, output_size=None) -> np.ndarray:
    """0, 1, ... each repeated r[i] times (int64), refused as PyTorch's kernel refuses (and
    when `output_size` is given and not their count)."""
    if r.dtype.kind not in "iu":
        raise TorchNotImplementedError(f'"repeat_interleave_cpu" not implemented for '
                                       f"'{dtypes.from_numpy(r.dtype).legacy}'")
    if (r < 0).any():
        raise TorchRuntimeError("repeats can not be negative")
    if output_size is not None and output_size != r.sum():
        raise TorchRuntimeError("allocated size does not match required size")
    return np.repeat(np.arange(r.shape[0], dtype=np.int64), r)


@register("flipud", grad_fn="FlipBackward0", method=True, sample=fixed((((3, 2),), {})))
def flipud(input):
    """flip along dim 0: d/dx = g flipped back"""
    x = check_tensor(input, "flipud")
    if x._data.ndim < 1:
        raise TorchRuntimeError("Input must be >= 1-d.")
    return x.flip(0)


@register("fliplr", grad_fn="FlipBackward0", method=True, sample=fixed((((2, 3),), {})))
def fliplr(input):
    """flip along dim 1: d/dx = g flipped back"""
    x = check_tensor(input, "fliplr")
    if x._data.ndim < 2:
        raise TorchRuntimeError("Input must be >= 2-d.")
    return x.flip(1)


class Rot90Backward0(Node):
    """d rot90(x, k) = rot90(g, -k)"""

    linear = True           # forward AD: the op on the tangent, in its own dtype

    def forward(self, x):
        """ATen's: a contiguous clone (k = 0), a flip in x's layout (k = 2), or a flip along
        one dim transposed (k = 1, 3: a contiguous x gives a transposed result)."""
        from .shape import copy_laid_out, layout_like
        k = self.k % 4
        d0, d1 = (d % x.ndim for d in self.dims)
        if k == 0:
            return np.array(x, order="C")
        if k == 2:
            return copy_laid_out(np.flip(x, (d0, d1)), layout_like(x))
        flipped = copy_laid_out(np.flip(x, d1 if k == 1 else d0), layout_like(x))
        return flipped.swapaxes(d0, d1)

    def backward(self, g):
        return apply(Rot90Backward0, (g,), k=-self.k, dims=self.dims)


@register("rot90", grad_fn="Rot90Backward0", method=True, sample=fixed(
    (((2, 3),), {}), (((2, 3), 2), {}), (((2, 3, 2), 3, [2, 0]), {}), (((2, 3), -1), {})))
def rot90(input, k=1, dims=(0, 1)):
    """rotate by k quarter turns in the plane of dims: d/dx = rot90(g, -k)"""
    x = check_tensor(input, "rot90")
    dims = tuple(dims)
    if len(dims) != 2:
        raise TorchRuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    nd = x._data.ndim
    if nd < 2:
        raise TorchRuntimeError(f"expected total dims >= 2, but got total dims = {nd}")
    wrapped = tuple(wrap_dim(d, nd) for d in dims)
    if wrapped[0] == wrapped[1]:
        raise TorchRuntimeError(f"expected rotation dims to be different, but got dim0 = "
                                f"{dims[0]} and dim1 = {dims[1]}")
    return apply(Rot90Backward0, (x,), k=int(k) % 4, dims=wrapped, as_given={"k": k, "dims": dims})


# -- torch.nn.functional ------------------------------------------------------------------------

category("functional")


@register("linear", grad_fn="AddmmBackward0", namespaces=_FN, sample=fixed(
    (((2, 3), (4, 3), (4,)), {}), (((2, 3), (4, 3)), {}), (((3,), (4, 3), (4,)), {}),
    (((3,), (4, 3)), {}), (((2, 2, 3), (4, 3), (4,)), {}), (((2, 2, 3), (4, 3)), {})))
def linear(input, weight, bias=None):
    """x W^T + b, dispatched as PyTorch does (2-D with bias: addmm; other ranks of a
    contiguous x: a flattened addmm viewed back; else matmul, then the bias added):
    d/dx = g W, d/dW = g^T x, d/db = sum of g"""
    x = check_tensor(input, "linear")
    w = check_tensor(weight, "linear", "weight", 2)
    nx, nw = x._data.ndim, w._data.ndim
    if nx == 0 or nw == 0:
        raise TorchRuntimeError(f"both arguments to linear need to be at least 1D, but they "
                                f"are {nx}D and {nw}D")
    if nw > 2:
        raise TorchRuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {nw}D")
    k = w._data.shape[-1]
    if nw == 2 and x._data.shape[-1] != k:
        rows = int(np.prod(x._data.shape[:-1]))
        raise TorchRuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x"
                                f"{x._data.shape[-1]} and {k}x{w._data.shape[0]})")
    if bias is None:
        return matmul(x, w.t())
    b = check_tensor(bias, "linear", "bias", 3)
    if nx == 2:
        return addmm(b, x, w.t())
    if b._data.ndim == 1 and x._data.flags.c_contiguous:     # a 1-D weight: addmm's error
        lead = x._data.shape[:-1]
        flat = x.reshape(int(np.prod(lead)), x._data.shape[-1])
        out = addmm(b, flat, w.t())
        return out.view(lead + (out._data.shape[1],))
    return matmul(x, w.t()) + b


@register("normalize", grad_fn="DivBackward0", namespaces=_FN, sample=fixed(
    (((2, 3),), {}), (((3,),), {"dim": 0}), (((2, 3),), {"p": 1.0, "dim": 0})))
def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """x / max(||x||_p, eps) along dim, composed as in PyTorch (norm, clamp_min, expand_as,
    div)"""
    x = check_tensor(input, "normalize")
    denom = x.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(x)
    if out is not None:                     # PyTorch's `torch.div(x, denom, out=out)`
        from .outparam import with_out
        return with_out("div", lambda a, b: a / b)(x, denom, out=out)
    return x / denom


@register("cosine_similarity", grad_fn="SumBackward1", namespaces=("torch", "functional"),
          sample=fixed((((2, 3), (2, 3)), {}), (((3,), (3,)), {"dim": 0}),
                       (((2, 3), (1, 3)), {}), (((2, 3), (2, 3)), {"dim": 0})))
def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """sum((a/||a||) * (b/||b||)) along dim, composed as in PyTorch (norms clamped at eps
    without a gradient)"""
    a = check_tensor(x1, "cosine_similarity", "x1")
    b = check_tensor(x2, "cosine_similarity", "x2", 2)
    refuse_complex("cosine_similarity", a, b)
    common = dtypes.from_numpy(promoted(a, b) or a._data.dtype)
    if common.category < 2:
        raise TorchRuntimeError(f"expected common dtype to be floating point, yet common dtype "
                                f"is {common.legacy}")
    a, b = (t if t.dtype.category >= 2 else t.to(common) for t in (a, b))   # integers only
    sa, sb = a._data.shape, b._data.shape
    if sa != sb:
        try:
            shape = np.broadcast_shapes(sa, sb)
        except ValueError:
            raise broadcast_error(sa, sb) from None
        # ATen's expand_outplace: both expanded (even one of that shape already), x2 first
        # (the arguments of its make_tuple, which GCC evaluates right to left)
        b = b.expand(shape)
        a = a.expand(shape)
    wrap_dim(dim, a._data.ndim)             # (its check; the nodes keep dim as given)
    na = a.norm(2, dim, keepdim=True).clone()
    nb = b.norm(2, dim, keepdim=True).clone()
    with no_grad():
        na.clamp_min_(eps)
        nb.clamp_min_(eps)
    return ((a / na) * (b / nb)).sum(dim)


@register("one_hot", namespaces=_FN, differentiable=False)
def one_hot(tensor, num_classes=-1):
    """class indices as rows of 0s and a 1 (int64); not differentiable"""
    t = check_tensor(tensor, "one_hot", "input")
    if t._data.dtype != np.int64:
        raise TorchRuntimeError("one_hot is only applicable to index tensor of type "
                                "LongTensor.")
    idx = t._data
    if num_classes == -1:
        if idx.size == 0:
            raise TorchRuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(idx.max()) + 1
    if idx.size and idx.min() < 0:
        raise TorchRuntimeError("Class values must be non-negative.")
    if idx.size and idx.max() >= num_classes:
        raise TorchRuntimeError("Class values must be smaller than num_classes.")
    out = (idx[..., None] == np.arange(num_classes)).astype(np.int64)
    return wrap(out)


class ConstantPadNdBackward0(Node):
    """d constant_pad(x, p) = constant_pad(g, -p): the padding cut off again"""

    input_format = (4, 5)

    def forward(self, x):
        pads = self.pad
        n = len(pads) // 2
        widths = [(0, 0)] * (x.ndim - n)
        for i in range(n - 1, -1, -1):                 # pad lists the last dim first
            widths.append((pads[2 * i], pads[2 * i + 1]))
        grow = [(max(lo, 0), max(hi, 0)) for lo, hi in widths]
        out = np.pad(x, grow, constant_values=self.value)
        cut = tuple(slice(-min(lo, 0), out.shape[k] + min(hi, 0))
                    for k, (lo, hi) in enumerate(widths))
        return np.ascontiguousarray(out[cut])

    def backward(self, g):
        return apply(ConstantPadNdBackward0, (g,), pad=tuple(-p for p in self.pad), value=0)


_PAD_MODES = ("constant", "reflect", "replicate", "circular")


@register("pad", grad_fn="ConstantPadNdBackward0", namespaces=_FN, sample=fixed(
    (((2, 3), [1, 2]), {}), (((2, 3), [1, 0, 0, 2]), {"value": 1.5}),
    (((2, 4), [-1, 1]), {}), (((3,), [2, -1]), {}),
    (((2, 4), [2, 1]), {"mode": "reflect"}), (((1, 3, 4), [1, -1, 2, 1]), {"mode": "reflect"}),
    (((2, 3), [3, 1]), {"mode": "replicate"}),
    (((1, 2, 3, 3), [1, 1, 1, 0, 1, 1]), {"mode": "replicate"}),
    (((1, 1, 2, 3, 3), [1, 1, 1, 1, 1, 0]), {"mode": "reflect"}),
    (((2, 3), [2, 1]), {"mode": "circular"}),
    (((1, 2, 3, 4), [1, -1, 3, 2]), {"mode": "circular"}),
    (((1, 1, 2, 3, 2), [1, 2, -1, 1, 2, 0]), {"mode": "circular"})))
def pad(input, pad, mode="constant", value=None):
    """pad with a constant (negative widths crop): d/dx = g with the padding cut off;
    'reflect'/'replicate': each padded element's gradient goes to the element it copies;
    'circular': composed of copies, as PyTorch does (so its node is CopySlices)"""
    x = check_tensor(input, "pad")
    if mode not in _PAD_MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    pads = tuple(int(p) for p in pad)
    if len(pads) % 2:
        raise TorchRuntimeError("Padding length must be divisible by 2")
    if len(pads) > 2 * x._data.ndim:
        raise TorchRuntimeError(f"Padding length should be less than or equal to two times "
                                f"the input dimension but got padding length {len(pads)} and "
                                f"input of dimension {x._data.ndim}")
    if mode != "constant":
        if value is not None and value != 0:
            raise TorchRuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
        _check_nonconstant(pads, x._data.ndim)
        return _circular_pad(x, pads) if mode == "circular" else _edge_pad(x, pads, mode)
    shape = list(x._data.shape)
    for i in range(len(pads) // 2):
        d = len(shape) - 1 - i
        new = shape[d] + pads[2 * i] + pads[2 * i + 1]
        if new < 0:
            raise TorchRuntimeError("narrow(): length must be non-negative.")
    return apply(ConstantPadNdBackward0, (x,), pad=pads, value=0.0 if value is None else value)


class _EdgePad(Node):
    """reflect/replicate padding of the last k dims: each output element is an input
    element (`self.maps[i]`: the input index of each output index along padded dim i), so
    d/dx adds g's elements into the input positions they came from"""

    input_format = (4, 5)

    def forward(self, x):
        for axis, index in zip(self.axes, self.maps):
            x = np.take(x, index, axis=axis)
        return np.ascontiguousarray(x)

    def backward(self, g):
        """Each output element's gradient added into the input element it copies, in the
        output's order (ATen's reflection/replication_padNd_backward loops: a plane at a
        time, its elements in turn), so an input element that several copies read sums
        them as PyTorch does."""
        shape = self._in_meta[0][0]
        gd = g._data
        nd = gd.ndim
        src = list(np.indices(gd.shape, sparse=True))
        for axis, index in zip(self.axes, self.maps):
            axis %= nd
            src[axis] = np.asarray(index, np.int64).reshape(
                [-1 if d == axis else 1 for d in range(nd)])
        flat = np.ravel_multi_index(np.broadcast_arrays(*src), shape)
        gx = np.zeros(int(np.prod(shape)), gd.dtype)
        np.add.at(gx, flat.reshape(-1), np.ascontiguousarray(gd).reshape(-1))
        return wrap(gx.reshape(shape))


_EDGE_PAD_NODES = {(mode, k): linear_backward(f"{name}Pad{k}DBackwardBackward0")(
                       type(f"{name}Pad{k}DBackward0", (_EdgePad,), {}))
                   for mode, name in (("reflect", "Reflection"), ("replicate", "Replication"))
                   for k in (1, 2, 3)}
_NUMPY_PAD_MODE = {"reflect": "reflect", "replicate": "edge"}


def _check_nonconstant(pads: tuple, nd: int) -> None:
    """PyTorch's pad: a non-constant mode pads the last 1-3 dims of a tensor with one or two
    leading (batch, channel) dims."""
    k = len(pads) // 2
    if len(pads) % 2 or not 1 <= k <= 3 or nd not in (k + 1, k + 2):
        raise TorchNotImplementedError(
            f"Padding size {len(pads)} is not supported for {nd}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")


def _circular_pad(x, pads: tuple):
    """F.pad with mode 'circular', as PyTorch's _pad_circular writes it: an empty result,
    the (cropped) input copied into its middle, then each side copied from the far end, one
    padded dim at a time; each copy is a CopySlices node whose source is a slice (of x, then
    of the result so far), so the graph is PyTorch's node for node."""
    nd, shape, k = x._data.ndim, x._data.shape, len(pads) // 2
    out_shape = list(shape)
    for i in range(k):
        lo, hi = pads[2 * i], pads[2 * i + 1]
        size = shape[nd - 1 - i]
        if lo > size or hi > size:
            raise TorchRuntimeError("Padding value causes wrapping around more than once.")
        out_shape[nd - 1 - i] = size + lo + hi
        if out_shape[nd - 1 - i] < 0:
            raise TorchRuntimeError("Negative padding value is resulting in an empty dimension")
    region, src = [slice(None)] * nd, x
    for i in range(k):
        dim, lo, hi = nd - 1 - i, pads[2 * i], pads[2 * i + 1]
        region[dim] = slice(max(lo, 0), out_shape[dim] - max(hi, 0))
        src = _slice(src, dim, max(-lo, 0), shape[dim] - max(-hi, 0))
    out = copy_into(x.new_empty(out_shape), region, src)
    for i in range(k):
        dim, lo, hi = nd - 1 - i, pads[2 * i], pads[2 * i + 1]
        n, end, start = out_shape[dim], out_shape[dim] - max(hi, 0), max(lo, 0)
        if lo > 0:
            _check_no_overlap(out_shape, dim, end - lo < lo)
            out = copy_into(out, _span(nd, dim, 0, lo), _slice(out, dim, end - lo, end))
        if hi > 0:
            _check_no_overlap(out_shape, dim, start + hi > n - hi)
            out = copy_into(out, _span(nd, dim, n - hi, n), _slice(out, dim, start, start + hi))
    return out


def _check_no_overlap(shape: list, dim: int, overlap: bool) -> None:
    """A side copied from a range it overlaps (a negative width on the other side): PyTorch's
    copy_ refuses it when both ranges are contiguous; otherwise its result depends on its copy
    kernel's order, which gradcli does not reproduce."""
    if not overlap or 0 in shape:
        return
    if math.prod(shape[:dim]) == 1:
        raise TorchRuntimeError(
            "unsupported operation: some elements of the input tensor and the written-to tensor "
            "refer to a single memory location. Please clone() the tensor before performing the "
            "operation.")
    raise TorchRuntimeError("pad: circular padding that copies a side from a range it "
                            "overlaps is not supported by gradcli")


def _slice(t, dim: int, start: int, end: int):
    return t.narrow(dim, start, end - start)


def _span(nd: int, dim: int, start: int, end: int) -> list:
    key = [slice(None)] * nd
    key[dim] = slice(start, end)
    return key


def copy_into(base, region: list, src):
    """`base[region].copy_(src)` as PyTorch records it: CopySlices(base, src)."""
    from .views import CopySlices, key_positions
    return apply(CopySlices, (base, src), flat=key_positions(tuple(base.shape), tuple(region)))


def _edge_pad(x, pads: tuple, mode: str):
    """F.pad with mode 'reflect' or 'replicate': PyTorch's reflection_pad/replication_pad
    for 1-3 padded dims (a batch dim optional), with its checks and node names."""
    k, nd, shape = len(pads) // 2, x._data.ndim, x._data.shape
    if any(n == 0 for n in shape[nd - k - 1:]):        # a batch dim may be empty
        raise TorchRuntimeError(
            f"Expected {k + 1}D or {k + 2}D (batch mode) tensor with possibly 0 batch size and "
            f"other non-zero dimensions for input, but got: {list(shape)}")
    axes, maps = [], []
    for i in range(k):                       # pads list the last dim first
        axis = nd - 1 - i
        lo, hi = pads[2 * i], pads[2 * i + 1]
        n = shape[axis]
        if mode == "reflect" and not (lo < n and hi < n):
            raise TorchRuntimeError(
                f"Argument #{4 + 2 * i}: Padding size should be less than the corresponding "
                f"input dimension, but got: padding ({lo}, {hi}) at dimension {axis} of "
                f"input {list(shape)}")
        index = np.pad(np.arange(n), (max(lo, 0), max(hi, 0)), mode=_NUMPY_PAD_MODE[mode])
        index = index[-min(lo, 0):len(index) + min(hi, 0)]
        axes.append(axis)
        maps.append(index)
    if x._data.dtype == np.bool_:            # (the kernel's dispatch, after the checks)
        kind = "reflection" if mode == "reflect" else "replication"
        raise TorchNotImplementedError(f"\"{kind}_pad{k}d\" not implemented for 'Bool'")
    return apply(_EDGE_PAD_NODES[(mode, k)], (x,), axes=tuple(axes), maps=tuple(maps),
                 as_given={"padding": tuple(pads)})


def _exact_layer_norm(x, k, *wb) -> bool:
    """Whether layer_norm over the last k dims is rounded as ATen's kernel
    (moments.layer_norm_rows): float32 or float64 throughout, within the size limits
    there."""
    return x.dtype in (np.float32, np.float64) and 0 < x.size <= LAYER_NORM_ELEMENTS \
        and int(np.prod(x.shape[x.ndim - k:])) <= LAYER_NORM_ROW \
        and all(t.dtype == x.dtype for t in wb)


def _absent(x):
    """A weight or bias not given: an input without history, so the node keeps the edge
    PyTorch gives an undefined optional tensor (None in next_functions)."""
    return wrap(np.zeros(0, x._data.dtype))


def _reduced_affine_grads(dy, x, mean, rstd, fmt):
    """layer_norm's (dw, db) in bfloat16 or float16 as ATen's kernel sums them: row after
    row into the dtype, dy (x - mean) rstd in float, each sum rounded."""
    n = x.shape[1]
    dw, db = np.zeros(n, np.float32), np.zeros(n, np.float32)
    with np.errstate(all="ignore"):
        for i in range(x.shape[0]):
            db = round_to(db + dy[i], fmt)
            dw = round_to(dw + dy[i] * (x[i] - mean[i]) * rstd[i], fmt)
    return dw, db


class NativeLayerNormBackward0(Node):
    """d layer_norm: dx = rstd*(gh - mean(gh) - xhat*mean(gh*xhat)), gh = g*w;
    dw = sum(g*xhat), db = sum(g) over the leading dims. Inputs (x, w, b) always, an
    absent w or b a placeholder (PyTorch's undefined optional)."""

    save_inputs = (0, 1, 2)
    result_like_input = True      # a float16/bfloat16 input's dtype, even with float32 weights
    mixed = False                 # that case: its statistics are saved in float
    shadow_results = ("result1", "result2")     # PyTorch's saved mean and rstd

    def undefined(self, i):
        return i == 1 and not self.has_w or i == 2 and not self.has_b

    def shadow(self, name):
        x = self.saved[0]._data
        return wrap(self.moments(x)[name == "result2"].reshape(
            x.shape[:x.ndim - self.k] + (1,) * self.k))

    def forward(self, x, w, b):
        wb = [t for t, has in ((w, self.has_w), (b, self.has_b)) if has]
        if _exact_layer_norm(x, self.k, *wb):
            rows = x.reshape(-1, int(np.prod(x.shape[x.ndim - self.k:])))
            y, mean, rstd = layer_norm_rows(rows, w.reshape(-1) if self.has_w else None,
                                            b.reshape(-1) if self.has_b else None, self.eps)
            if bf16_op[0] and not self.mixed:   # saved in the (bfloat16/float16) dtype
                mean, rstd = round_op(mean), round_op(rstd)
            self.stats = (mean, rstd)
            return np.asarray(y.reshape(x.shape), order="C")
        axes = tuple(range(x.ndim - self.k, x.ndim))
        mu = x.mean(axis=axes, keepdims=True)
        var = ((x - mu) ** 2).mean(axis=axes, keepdims=True)
        y = (x - mu) / np.sqrt(var + self.eps)
        if self.has_w:
            y = y * w
        if self.has_b:
            y = y + b
        return np.asarray(y, dtype=x.dtype, order="C")      # contiguous, as PyTorch's

    def backward(self, g):
        x, w, b = self.saved
        needs = (self.needs(0), self.has_w and self.needs(1), self.has_b and self.needs(2))
        if not _enabled[0]:
            return self.grads(g, x, w, needs)
        mean, rstd = self.moments(x._data)   # one node, as PyTorch's native_layer_norm_backward
        outs = apply(NativeLayerNormBackwardBackward0, (g, x, wrap(mean), wrap(rstd), w, b),
                     first=self)
        return tuple(o if n else None for o, n in zip(outs, needs))

    def jvp(self, inputs, tangents, out):
        """PyTorch's layer_norm_jvp: t_xhat = (tx - mean(tx)) r + (x - mean) t_r with
        t_r = -r^3 mean((tx - mean(tx)) (x - mean)); then times w, plus xhat tw and tb"""
        x, w, _ = inputs
        tx, tw, tb = tangents
        shape = x._data.shape
        lead, n = shape[:len(shape) - self.k], int(np.prod(shape[len(shape) - self.k:]))
        kept = lead + (1,) * self.k

        def over_rows(v, op):
            """op over the normalized dims, kept; one row each, as ATen reduces them"""
            return getattr(v.reshape(lead + (n,)), op)(-1).reshape(kept)
        mean, rstd = (_const(x, a) for a in self.moments(x._data))
        xmu = x - mean
        if tx is None:
            result = _const(x, np.zeros(shape))
        else:
            txc = tx - over_rows(tx, "mean")
            t_rstd = over_rows(txc * xmu * -rstd.pow(3), "sum") / n
            result = txc * rstd + xmu * t_rstd
        if self.has_w:
            result = result * w
            if tw is not None:
                result = result + xmu * rstd * tw
        if self.has_b and tb is not None:
            result = result + tb
        return result

    def moments(self, x):
        """The (mean, rstd) the forward saves, shaped to broadcast against x."""
        shape = x.shape[:x.ndim - self.k] + (1,) * self.k
        stats = getattr(self, "stats", None)
        if stats is None and _exact_layer_norm(x, self.k):    # a forward-mode scratch node
            rows = x.reshape(-1, int(np.prod(x.shape[x.ndim - self.k:])))
            stats = layer_norm_rows(rows, None, None, self.eps)[1:]
        if stats:
            return stats[0].reshape(shape), stats[1].reshape(shape)
        axes = tuple(range(x.ndim - self.k, x.ndim))
        mu = x.mean(axis=axes, keepdims=True)
        with np.errstate(all="ignore"):
            rstd = 1 / np.sqrt(((x - mu) ** 2).mean(axis=axes, keepdims=True) + self.eps)
        return mu.astype(x.dtype), rstd.astype(x.dtype)

    def grads(self, g, x, w, needs):
        """(dx, dw, db) where `needs`: ATen's kernel where it applies (float32, float64),
        else tensor ops."""
        if getattr(self, "stats", None) and g._data.dtype == x._data.dtype:
            outs = self._backward_aten(g, x, w if self.has_w else None)
            return tuple(o if n else None for o, n in zip(outs, needs))
        axes = tuple(range(x._data.ndim - self.k, x._data.ndim))
        lead = tuple(range(x._data.ndim - self.k))
        mu = x.mean(axes, keepdim=True)
        xc = x - mu
        rstd = ((xc * xc).mean(axes, keepdim=True) + self.eps).rsqrt()
        xhat = xc * rstd
        gh = g * w if self.has_w else g
        gx = gw = gb = None
        if needs[0]:
            gx = rstd * (gh - gh.mean(axes, keepdim=True)
                         - xhat * (gh * xhat).mean(axes, keepdim=True))
        if needs[1]:
            gw = (g * xhat).sum(lead) if lead else g * xhat
        if needs[2]:
            gb = g.sum(lead) if lead else g
        return gx, gw, gb

    def _backward_aten(self, g, x, w):
        """ATen's layer_norm_backward kernel (moments.layer_norm_backward); for bfloat16 and
        float16 in float, dx rounded once, dw and db (unless float32 weights) added row
        after row in the dtype, each sum rounded."""
        shape = x._data.shape
        n = int(np.prod(shape[len(shape) - self.k:]))
        ns = shape[len(shape) - self.k:]
        gd, xd = np.ascontiguousarray(g._data).reshape(-1, n), x._data.reshape(-1, n)
        wd = None if w is None else w._data.reshape(-1)
        fmt = "bf16" if xd.dtype == dtypes.BF16_NP else "f16" if xd.dtype == np.float16 else None
        if fmt is not None:
            gd, xd = gd.astype(np.float32), xd.astype(np.float32)
            wd = None if wd is None else wd.astype(np.float32)
        dx, dw, db = layer_norm_backward(gd, xd, *self.stats, wd, get_num_threads())
        if fmt is not None:
            dx = round_to(dx, fmt)
            if not self.mixed:
                dw, db = _reduced_affine_grads(gd, xd, *self.stats, fmt)
        return wrap(dx.reshape(shape)), wrap(dw.reshape(ns)), wrap(db.reshape(ns))


# (no sample of a bias without a weight: PyTorch's double backward then drops the bias's
# second-order term or raises, so it fails gradgradcheck there too)
@register("layer_norm", grad_fn="NativeLayerNormBackward0", namespaces=_FN, sample=fixed(
    (((2, 3), [3]), {}), (((2, 3), [3], (3,), (3,)), {}),
    (((2, 2, 3), [2, 3], (2, 3), (2, 3)), {}),
    (((2, 3), [3], (3,), None), {"eps": 1e-3})))
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """(x - mean)/sqrt(var + eps)*w + b over the last dims: one fused node as in PyTorch"""
    x = check_tensor(input, "layer_norm")
    if not isinstance(normalized_shape, (tuple, list)):     # a bare int too, as in PyTorch
        raise TorchTypeError(f"layer_norm(): argument 'normalized_shape' (position 2) must be "
                             f"tuple of ints, not {type(normalized_shape).__name__}")
    ns = int_sizes((normalized_shape,), "layer_norm", "normalized_shape", 2)
    check_float(eps, "layer_norm", "eps", 5)
    from .nn import check_norm_types
    check_norm_types(x, weight, bias, mixed_only=True)      # layer_norm_cpu's first check
    k = len(ns)
    if k == 0:                      # ATen's _check_layer_norm_inputs: this, weight, bias, input
        raise TorchRuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., "
                                "containing at least one element, but got normalized_shape = []")
    inputs = [x]
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None:
            if t._data.shape != ns:
                raise TorchRuntimeError(
                    f"Expected {name} to be of same shape as normalized_shape, but got {name} "
                    f"of shape {_shape_str(t.shape)} and normalized_shape = {_shape_str(ns)}")
            inputs.append(t)
        else:
            inputs.append(_absent(x))
    if x._data.shape[x._data.ndim - k:] != ns or x._data.ndim < k:
        raise TorchRuntimeError(f"Given normalized_shape={_shape_str(ns)}, expected input with "
                                f"shape [*, {', '.join(map(str, ns))}], but got input of size"
                                f"{_shape_str(x.shape)}")
    check_norm_types(x, weight, bias)       # ATen's: no float64 input with float32 weights
    float_kernel("LayerNormKernelImpl", x)
    mixed = x._data.dtype == np.float16 or x._data.dtype == dtypes.BF16_NP    # (float32 w, b)
    mixed_params = mixed and any(t is not None and t._data.dtype != x._data.dtype
                                 for t in (weight, bias))
    return apply(NativeLayerNormBackward0, tuple(inputs), None if mixed else promoted(*inputs),
                 k=k, eps=float(eps), has_w=weight is not None, has_b=bias is not None,
                 mixed=mixed_params, normalized_shape=tuple(ns))


_KL_MEAN_WARNING = (
    "reduction: 'mean' divides the total loss by both the batch size and the support size."
    "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
    "'mean' will be changed to behave the same as 'batchmean' in the next major release.")


@register("kl_div", grad_fn="MeanBackward0", namespaces=_FN, sample=fixed(
    (((2, 3), (2, 3)), {}), (((2, 3), (2, 3)), {"reduction": "batchmean"}),
    (((2, 3), (2, 3)), {"reduction": "sum", "log_target": True}),
    (((3,), (3,)), {"reduction": "none"}), lo=0.2, hi=1.5))
def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """target*(log(target) - input) reduced, composed as in PyTorch (xlogy, mul, sub, then
    mean, sum or sum / batch size)"""
    if size_average is not None or reduce is not None:      # (PyTorch's Python: the
        red = _reduction(reduction, size_average, reduce)   # reduction and its warning
    elif reduction == "batchmean":                          # before the tensors' checks)
        red = "batchmean"
    else:
        if reduction == "mean":
            warnings.warn(_KL_MEAN_WARNING, UserWarning, stacklevel=2)
        red = _reduction(reduction)
    x = check_tensor(input, "kl_div")
    t = check_tensor(target, "kl_div", "target", 2)
    check_flag(log_target, "kl_div", "log_target")
    refuse_complex("kl_div", x, t)
    if x._data.dtype.kind in "biu" or t._data.dtype.kind in "biu":
        raise TorchRuntimeError("kl_div: Integral inputs not supported.")
    # ATen's C++ composes these; GCC evaluates an operator's right operand first, so its
    # node is made first (a lower sequence number: the backward reaches it later)
    if log_target:
        diff = t - x
        loss = t.exp() * diff
    else:
        product = t * x
        loss = xlogy(t, t) - product
    if red == "none":
        return loss
    if red == "mean":
        return loss.mean()
    loss = loss.sum()
    if red == "batchmean" and x._data.ndim != 0:
        loss = loss / x._data.shape[0]
    return loss


def _glu_kernel(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """ATen's glu kernel, a * (1 / (1 + exp(-b))): SLEEF's exp on its vectors, the C
    library's on each row's tail (vecmath, vecmath64)."""
    if a.dtype == np.float64:
        from .. import vecmath64
        return vecmath64.glu(a, b)
    from .. import vecmath
    one = np.float32(1)
    return vecmath.elementwise(lambda m, u, v: u * (one / (one + m.exp(-v))), a, b)


class GluBackward0(Node):
    """d a*sigmoid(b) = [g*s, g*a*s*(1-s)] along dim, s = sigmoid(b)"""

    save_inputs = (0,)

    def forward(self, x):
        from .sumorder import EXACT_ELEMENTS
        a, b = np.split(x, 2, axis=self.dim)         # views, as ATen's halves
        if x.size < EXACT_ELEMENTS and x.dtype in (np.float32, np.float64):
            return _glu_kernel(a, b)
        with np.errstate(over="ignore"):
            return a / (1 + np.exp(-b))

    def backward(self, g):
        (x,) = self.saved
        return fused(GluBackwardBackward0, (g, x), dim=self.dim)

    def jvp(self, inputs, tangents, out):
        """PyTorch's forward formula glu_jvp(result, self_p, self_t, dim): ATen's kernel
        da s + res (db - s db), s = 1 / (1 + exp(-b)), with GCC's contractions (db - s db is
        one fused multiply-add; then the vector loop fuses res's product onto da s, the
        scalar loop da's onto res's, as the bits of torch 2.13 show). glu_jvp has no
        derivative: a tangent that requires grad is on a NotImplemented node."""
        (x,), (t,) = inputs, tangents
        _, b = np.split(x._data, 2, axis=self.dim)
        da, db = np.split(t._data, 2, axis=self.dim)
        res = out._data
        if res.dtype in (np.float32, np.float64):
            from .. import vecmath, vecmath64
            from ..fpmath import fma
            lib = vecmath64 if res.dtype == np.float64 else vecmath
            one = res.dtype.type(1)

            def kernel(m, r, v, u, w):
                s = one / (one + m.exp(-v))
                inner = fma(-s, w, w)
                return fma(r, inner, u * s) if m is lib._Vector else fma(u, s, r * inner)
            value = lib.elementwise(kernel, res, b, da, db)
        else:
            with np.errstate(all="ignore"):
                s = 1 / (1 + np.exp(-b))
                value = da * s + res * (db - s * db)
        return not_implemented("glu_jvp", wrap(np.asarray(value, res.dtype)), (out, x, t))


@register("glu", grad_fn="GluBackward0", namespaces=_FN, sample=fixed(
    (((2, 4),), {}), (((4, 3),), {"dim": 0})))
def glu(input, dim=-1):
    """a*sigmoid(b) of the two halves along dim: d/da = sigmoid(b), d/db = a s (1 - s)"""
    x = check_tensor(input, "glu")
    if x._data.ndim == 0:
        raise TorchRuntimeError("glu does not support scalars because halving size must be "
                                "even")
    if type(dim) is not int:            # (PyTorch's torch._C._nn.glu call's parser)
        from ..argparser import check_forwarded
        dim = check_forwarded("nn.glu", x, dim)[1]
    d = wrap_dim(dim, x._data.ndim)
    if x._data.shape[d] % 2:
        raise TorchRuntimeError(f"Halving dimension must be even, but dimension {d} is size "
                                f"{x._data.shape[d]}")
    if x.dtype.category < 2:
        raise TorchNotImplementedError(f'"glu_cpu" not implemented for \'{x.dtype.legacy}\'')
    return apply(GluBackward0, (x,), float_cast(x), dim=d, as_given={"dim": dim})


@register("tanhshrink", grad_fn="SubBackward0", namespaces=_FN, sample=unary())
def tanhshrink(input):
    """x - tanh(x), composed as in PyTorch: d/dx = tanh(x)^2"""
    x = check_tensor(input, "tanhshrink")
    return x - x.tanh()


# -- Tensor factories -------------------------------------------------------------------------

category("creation")


def _new(self: Tensor, arr: np.ndarray, requires_grad: bool, device=None) -> Tensor:
    """A new leaf of arr, on self's device unless `device` names one (meta: gradcli.meta)."""
    if requires_grad and arr.dtype.kind not in "fc":      # a factory's words
        raise TorchRuntimeError("Only Tensors of floating point and complex dtype can require "
                                "gradients")
    t = wrap(arr)
    if _meta.wanted(device) or (device is None and self.is_meta):
        t = _meta.to_meta(t)
    return t.requires_grad_(True) if requires_grad else t


def _new_dtype(self: Tensor, dtype):
    return self._data.dtype if dtype is None else dtypes.to_dtype(dtype).np


@register("new_zeros", method=True, function=False, differentiable=False)
def new_zeros(self, *sizes, size=None, dtype=None, device=None, requires_grad=False):
    """zeros of self's dtype (unless given)"""
    _devices.check(device, meta=True, kernel="aten::empty.memory_format")
    size = sizes if size is None else (size,)
    return _new(self, np.zeros(_shape(size, fname="new_zeros"), dtype=_new_dtype(self, dtype)), requires_grad,
                device)


@register("new_ones", method=True, function=False, differentiable=False)
def new_ones(self, *sizes, size=None, dtype=None, device=None, requires_grad=False):
    """ones of self's dtype (unless given)"""
    _devices.check(device, meta=True, kernel="aten::empty.memory_format")
    size = sizes if size is None else (size,)
    return _new(self, np.ones(_shape(size, fname="new_ones"), dtype=_new_dtype(self, dtype)), requires_grad,
                device)


@register("new_empty", method=True, function=False, differentiable=False)
def new_empty(self, *sizes, size=None, dtype=None, device=None, requires_grad=False):
    """an uninitialised tensor of self's dtype (unless given); gradcli fills it with zeros"""
    from .. import devices
    size = sizes if size is None else (size,)
    t = new_zeros(self, *size, dtype=dtype, device=device, requires_grad=requires_grad)
    devices.uninitialized(t._data)
    return t


@register("new_full", method=True, function=False, differentiable=False)
def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False):
    """fill_value everywhere, of self's dtype (unless given)"""
    _devices.check(device, meta=True, kernel="aten::empty.memory_format")
    np_dtype = _new_dtype(self, dtype)
    shape = _shape((size,), fname="new_full")
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()      # PyTorch reads it as a Scalar
    value = dtypes.fill_scalar(fill_value, np_dtype, math.prod(shape))
    return _new(self, np.full(shape, value, dtype=np_dtype), requires_grad, device)


@register("new_tensor", method=True, function=False, differentiable=False)
def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
    """a copy of data as a new leaf, of self's dtype (unless given)"""
    _devices.check(device, meta=True)
    from .creation import tensor
    if device is None and self.is_meta:
        device = "meta"
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use "
            "sourceTensor.detach().clone() or sourceTensor.detach().clone().requires_grad_("
            "True), rather than tensor.new_tensor(sourceTensor).", UserWarning, stacklevel=2)
        data = data._data.tolist()
    dt = self.dtype if dtype is None else dtype
    return tensor(data, dtype=dt, requires_grad=requires_grad, device=device)


@register("cpu", method=True, function=False, differentiable=False)
def cpu(self, memory_format=None):
    """self (gradcli computes on the CPU), laid out in memory_format if one is given; a meta
    tensor has no data to copy"""
    if self.is_meta:
        from ..meta import NO_DATA
        raise TorchNotImplementedError(NO_DATA)
    return self if memory_format is None else self.to(memory_format=memory_format)


def _accelerator_method(kind: str, says: str):
    """Tensor.<kind>(): the accelerator PyTorch's CPU build has not, refused in its words."""
    def method(self, device=None, non_blocking=False, memory_format=None):
        _devices.to_accelerator(kind, device)
        return self
    method.__name__ = method.__qualname__ = kind
    method.__doc__ = f"what PyTorch's CPU build says: {says}"
    return register(kind, method=True, function=False, differentiable=False)(method)


cuda = _accelerator_method("cuda", "Torch not compiled with CUDA enabled")
xpu = _accelerator_method("xpu", "Torch not compiled with XPU enabled")
ipu = _accelerator_method("ipu", "PyTorch is not linked with support for ipu devices")
mtia = _accelerator_method("mtia", "Torch not compiled with MTIA enabled")
