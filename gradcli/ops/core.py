"""How an op runs: `apply` (record a node), `inplace`, scalar wrapping, promotion.

An op is a `Node` subclass named as PyTorch names it, with `forward` on NumPy arrays and
`backward` written with tensor ops (so the same rule serves higher-order derivatives). The
public function that users call is registered in `registry`. This module is the only place
that builds graph edges.

Two things here are only about speed, and neither changes a bit of any result: 0-d float64
ops run on Python floats (`Node.scalar`, `_apply_scalar`), and elementwise ufuncs on large
arrays run in two halves on two threads (`ew`).
"""
from __future__ import annotations

import _thread
import os
import sys
import warnings
import weakref

import numpy as np

from .. import amp as _amp
from .. import dtypes, limits
from ..autograd import forward_ad as _fw
from ..autograd import grad_mode
from ..autograd import graph as _graph
from ..autograd.graph import _NODE_SUFFIX, SCALAR_METAS, Node, _SavedOutput
from ..autograd.graph import new_node as _new_node
from ..autograd.hooks import _stack as _saved_hooks
from ..autograd.hooks import pack_node as _pack_node
from ..errors import (TorchNotImplementedError, TorchRuntimeError, TorchTypeError,
                      warn_complex_to_real)
from .._tensor import Tensor, _init
from ..meta import MetaArray

_enabled = grad_mode._enabled
_rule_scalars = grad_mode._rule_scalars
_inference = grad_mode._inference
_dual = _fw.ACTIVE               # a forward AD level is active: ops go through _fw.apply_dual
_active_limits = limits.active
_new = Tensor.__new__
_ndarray = np.ndarray
_autocast_cpu = _amp.CPU_ON      # a CPU autocast region is on: ops cast their inputs
_bf16_used = dtypes.BF16_USED    # a bfloat16 or float16 tensor may exist: `_reduced_in`
_BF16 = dtypes.BF16_NP
_F32 = np.dtype(np.float32)
_F16 = np.dtype(np.float16)
bf16_op = [False]                # a bfloat16 or float16 op runs (in float32): `_reduced_in`
op_format = ["bf16"]             # which of the two ("bf16", "f16") while bf16_op[0]


def efficient_zero(ndim: int, dtype, sign: float = -0.0) -> Tensor:
    """A forward formula's stand-in for a missing tangent, PyTorch's efficient ZeroTensor:
    adding it leaves every value as it is, signed zeros included, as adding -0 (or
    subtracting +0, `sign`) does; all ones in shape, so it broadcasts to any operand."""
    return wrap(np.full((1,) * ndim, sign, dtype))


def tangent_difference(ta, tb, ndim: int, dtype) -> Tensor:
    """A forward formula's `self_t - other_t`, a missing tangent an efficient zero (which
    leaves the other's values as they are, signed zeros included)."""
    return (ta if ta is not None else efficient_zero(ndim, dtype)) - \
        (tb if tb is not None else efficient_zero(ndim, dtype, 0.0))


def picked_tangent(inputs, tangents, out, weight) -> Tensor:
    """PyTorch's forward formula of the ops that pick one input per element (minimum,
    maximum, fmin, fmax): other_t + weight * (self_t - other_t), weight (an array: 1 where
    self is picked, 0 where other is, 0.5 for a tie of minimum/maximum) in the result's
    dtype; a missing tangent is an efficient zero, so its term leaves the rest as it is
    (signed zeros, and the nan that 0 * inf gives, included)."""
    (ta, tb), nd, dt = tangents, out._data.ndim, out._data.dtype
    diff = tangent_difference(ta, tb, nd, dt)
    with np.errstate(all="ignore"):
        return (tb if tb is not None else efficient_zero(nd, dt)) + \
            wrap(np.asarray(weight, dt)) * diff


def wrap(arr) -> Tensor:
    if arr.__class__ is not _ndarray and not isinstance(arr, _ndarray) \
            and arr.__class__ is not MetaArray:
        arr = np.asarray(arr)         # NumPy gives scalars for 0-d results; keep arrays
    t = _new(Tensor)
    _init(t, arr)
    return t


def apply(cls, inputs: tuple, cast=None, **params):
    """Run op `cls` on tensors `inputs`; record a node when grad mode and inputs ask for it."""
    if cls.scalar is not None and cast is None and not params:
        t = _apply_scalar(cls, inputs)
        if t is not None:
            return t
    return apply_array(cls, inputs, cast, params)


def apply_array(cls, inputs: tuple, cast=None, params: dict = {}):     # noqa: B006 (read only)
    """`apply` past its 0-d float64 shortcut: for a caller that tried the shortcut itself or
    knows it cannot apply."""
    if _dual[0]:
        return _fw.apply_dual(apply, cls, inputs, cast, params)
    if _autocast_cpu[0]:
        policy = _amp.POLICY.get(cls.__name__)
        if policy is not None:
            cast_in = _amp.cast_inputs(policy, inputs)
            if any(c is not t for c, t in zip(cast_in, inputs)):
                inputs, cast = cast_in, promoted(*cast_in)
    recording = False
    if _enabled[0] and cls.differentiable:
        for x in inputs:
            if x._requires_grad:
                recording = True
                break
        # PyTorch's inference tensors lack the Autograd dispatch key: an op whose every
        # input is one skips autograd (a Python number, wrapped, is a normal tensor)
        if recording and all(x._is_inference for x in inputs):
            recording = False
    node = _new_node(cls) if recording else _scratch(cls)
    if params:
        node.__dict__.update(params)
    if _bf16_used[0] and not cls.is_view:
        reduced = _reduced_in(cls, inputs, cast)
        if reduced is not None:
            fmt, arrays = reduced
            # computed in bfloat16 or float16 (emulated in float32), not a mixed op
            # computed in float32
            outer = bf16_op[0], op_format[0]     # (an op run inside another's forward)
            bf16_op[0], op_format[0] = bool(fmt), fmt
            try:
                out = node.forward(*arrays)
            finally:
                bf16_op[0], op_format[0] = outer
            out = _reduced_out(cls, inputs, out, cast)
            if cls.input_format:
                out = _input_format(cls, inputs, out)
            if cls.n_outputs != 1:
                return _finish_multi(node, cls, inputs, out, recording)
            return _finish(node, cls, inputs, out, recording)
    if cast is None:
        out = node.forward(*[t._data for t in inputs])
    else:
        target = np.dtype(cast)
        if target.kind not in "cb":               # a reduction's dtype= below a complex input
            for t in inputs:
                warn_complex_to_real(t._data.dtype, target, stacklevel=3)
        out = node.forward(*[t._data if t._data.dtype == cast else t._data.astype(cast)
                             for t in inputs])
    if cls.column_major:
        out = _column_major(out, cls.column_major)
    if cls.input_format:
        out = _input_format(cls, inputs, out)
    if cls.n_outputs != 1:
        return _finish_multi(node, cls, inputs, out, recording)
    if out.__class__ is not _ndarray:
        if not isinstance(out, _ndarray) and out.__class__ is not MetaArray:
            out = np.asarray(out)     # NumPy gives scalars for 0-d results; keep arrays
    elif out.ndim > 1 and (cls.elementwise or cls.__name__ in POINTWISE) \
            and cls.__name__ not in CONTIGUOUS_RESULT:
        if (not (out.flags.c_contiguous and all(t._data.flags.c_contiguous for t in inputs))
                or 1 in out.shape) and not getattr(node, "own_layout", False):
            out = iterator_layout(out, [t._data for t in inputs], cls.__name__ in SCALAR_OPERAND)
    return _finish(node, cls, inputs, out, recording)


#: Nodes of ops PyTorch computes with a TensorIterator over several tensors (or one tensor
#: and numbers): their result takes its layout from the operands (`_pointwise_layout`).
POINTWISE = frozenset((
    "AddBackward0", "AddBackward1", "SubBackward0", "SubBackward1", "RsubBackward0",
    "RsubBackward1", "MulBackward0", "MulBackward1", "DivBackward0", "DivBackward1",
    "DivBackward2", "DivBackward3", "PowBackward0", "PowBackward1",
    "Atan2Backward0", "MaximumBackward0", "MinimumBackward0", "FmaxBackward0",
    "FminBackward0", "FmodBackward0", "FmodBackward1", "RemainderBackward0",
    "RemainderBackward1", "HypotBackward0", "CopysignBackward0", "CopysignBackward1",
    "XlogyBackward0", "XlogyBackward2", "LogaddexpBackward0", "LerpBackward0", "LerpBackward1",
    "AddcmulBackward0", "AddcdivBackward0", "ClampBackward0",
    "ClampBackward1", "NanToNumBackward0", "ToCopyBackward0", "RoundBackward0",
    "RoundBackward1", "MseLossBackward0", "ClampMinBackward0", "ClampMaxBackward0",
    "I0Backward0", "ErfinvBackward0", "DigammaBackward0", "PolygammaBackward0",
    "LogitBackward0", "Deg2RadBackward0", "Rad2DegBackward0", "SmoothL1LossBackward0",
    "HuberLossBackward0", "BinaryCrossEntropyBackward0",
    "BinaryCrossEntropyWithLogitsBackward0", "PreluKernelBackward0", "SoftMarginLossBackward0"))

#: Nodes of one tensor whose ATen op has a number as a second operand of its TensorIterator
#: (`2 - x`, `xlogy(x, 2)`) or allocates its result with empty_like: their result's layout
#: is the input's, even where NumPy counts it contiguous (a transposed column's size-1 dim)
SCALAR_OPERAND = frozenset(("RsubBackward1", "XlogyBackward2", "NanToNumBackward0",
                            "HardtanhBackward0", "ToCopyBackward0"))

#: Elementwise nodes whose ATen kernel allocates a contiguous result whatever the layout of
#: its input (log_sigmoid_forward; pow of a number to a tensor's powers).
CONTIGUOUS_RESULT = frozenset(("LogSigmoidBackward0", "PowBackward2"))


def _column_major(out, positions: tuple):
    """The results at `positions` of a LAPACK-backed op laid out as PyTorch returns them:
    each matrix column-major (Fortran order), batches outermost."""
    def fortran(a):             # (a dim of size 1 gets PyTorch's stride too)
        a = np.asarray(a)
        if a.ndim < 2:
            return a
        out = np.empty(a.shape[:-2] + (a.shape[-1], a.shape[-2]), a.dtype).swapaxes(-1, -2)
        out[...] = a
        return out
    if not isinstance(out, tuple):
        return fortran(out)
    return tuple(fortran(o) if i in positions else o for i, o in enumerate(out))


def iterator_layout(out: np.ndarray, arrays, scalar: bool = False) -> np.ndarray:
    """`out` of a pointwise op of `arrays` (the operands; `scalar`: and a number PyTorch
    wraps as a 0-d one) laid out as PyTorch's TensorIterator lays it out. Operands all of
    the result's shape and contiguous take its fast setup: a new contiguous result. Else
    the dims are ordered by the operands' strides, those of size-1 dims too (NumPy's
    contiguous flag overlooks them: a transposed column (3, 1) has strides (1, 3))."""
    if out.ndim < 2:
        return out
    if out.flags.c_contiguous and all(a.flags.c_contiguous for a in arrays):
        if 1 not in out.shape or not (scalar or any(a.shape != out.shape for a in arrays)):
            return out
        return _pointwise_layout(out, arrays)
    return _iterator_layout(out, arrays[0]) if len(arrays) == 1 else \
        _pointwise_layout(out, arrays)


def _pointwise_layout(out: np.ndarray, arrays) -> np.ndarray:
    """`out` laid out as PyTorch's TensorIterator lays out the result of several operands:
    the dims ordered by the operands' strides, the first operand that tells two dims apart
    deciding (a broadcast dimension tells nothing), then dense strides in that order."""
    from .shape import _dense_strides, _iterator_order, copy_laid_out
    shape = out.shape
    strides = []
    for a in arrays:
        if a.ndim and a.size:
            # TensorIterator's compute_strides: 0 for a missing or broadcast dim, else the
            # operand's own (a size-1 dim's too, where NumPy's broadcast_to gives 0)
            lead = len(shape) - a.ndim
            strides.append([0] * lead + [
                0 if n == 1 and shape[lead + i] != 1 else abs(s) // a.itemsize
                for i, (n, s) in enumerate(zip(a.shape, a.strides))])
    perm = _iterator_order(shape, strides)      # innermost first
    want = _dense_strides(shape, perm)
    return out if tuple(s // out.itemsize for s in out.strides) == want else \
        copy_laid_out(out, want)


def _iterator_layout(out: np.ndarray, a: np.ndarray) -> np.ndarray:
    """A pointwise op's result laid out as PyTorch's TensorIterator lays it out from its
    input: a dense input's order of strides (a transposed input gives a transposed result,
    a broadcast one a contiguous result), whatever layout the kernel returned."""
    from .shape import _dense_strides, copy_laid_out, layout_like
    want = layout_like(a) if a.shape == out.shape else None
    if want is None:
        want = _dense_strides(out.shape, range(out.ndim - 1, -1, -1))
    return out if tuple(s // out.itemsize for s in out.strides) == tuple(want) else \
        copy_laid_out(out, want)


def _reduced_in(cls, inputs, cast):
    """(format, arrays) an op runs on when one of `inputs` is bfloat16 or float16 or it
    computes in one (None otherwise). PyTorch's CPU kernels for the two are one template
    (Vectorized<BFloat16> and Vectorized<Half>): they compute in float32, and so does
    gradcli, the other inputs first converted to the computing dtype `cast` (rounded to
    it when that is bfloat16 or float16). format: "bf16" or "f16" for an op computing in
    that dtype (its float32 results are rounded to it once, `_reduced_out`), False for a
    mixed op computing in float32 (a bfloat16 operand of a float32 op). A float16
    conversion (`bf16_exact`) keeps NumPy's."""
    found = None
    for t in inputs:
        d = t._data.dtype
        if d == _BF16 or d == _F16:
            found = d
            break
    target = found if cast is None else cast
    if target == _F16:
        if getattr(cls, "bf16_exact", False):       # (NumPy converts float16 as c10 does)
            return None
        fmt = "f16"
    elif target == _BF16:
        fmt = "bf16"
    elif found == _BF16:
        fmt = False
    else:
        return None
    arrays = []
    for i, t in enumerate(inputs):
        a = t._data
        if fmt and not a.ndim and a.dtype.kind == "f":
            # a 0-d operand (a Python number's too) is converted to the op's dtype, but the
            # second operand of mul and div (any rounding mode), which ATen reads in float32
            # (original_scalar_value): `x * 1.3` multiplies by 1.3f, not by 1.296875;
            # `1.3 * x` is x * 1.3 there. A Python number's float16 constant keeps it
            # (F16_NUMBERS): `x * 1e5` is 100.0625 for a float16 x = 0.001, not inf.
            if cls.__name__ not in _OPMATH_SCALAR or not (
                    i == 1 or (a.dtype == target and cls.__name__ == "MulBackward0")):
                arrays.append(round_to(a, fmt))
            else:
                number = F16_NUMBERS.get(id(a)) if a.dtype == _F16 else None
                arrays.append(a.astype(_F32) if number is None else number)
            continue
        if cast is not None and a.dtype != cast:
            a = dtypes.to_bf16(a) if cast == _BF16 else dtypes.cast(a, cast)
        arrays.append(a.astype(_F32) if a.dtype == _BF16 or a.dtype == _F16 else a)
    return fmt, arrays


_OPMATH_SCALAR = frozenset(("MulBackward0", "DivBackward0", "DivBackward2",
                            "NotImplemented"))     # (that last: floor_divide's node)


def round_to(values, fmt) -> np.ndarray:
    """`values` rounded to bfloat16 (fmt "bf16") or float16 ("f16") as c10 rounds a float
    (a double first to float), as float32; fmt None: `values` themselves."""
    if fmt is None:
        return values
    if fmt == "f16":
        with np.errstate(over="ignore"):
            return np.asarray(values, _F32).astype(_F16).astype(_F32)
    return dtypes.to_bf16(values).astype(_F32)


def round_op(values) -> np.ndarray:
    """`values` rounded to the dtype of the bfloat16 or float16 op running now (`bf16_op`),
    as float32: a number its kernel converts to scalar_t."""
    return round_to(values, op_format[0])


def _reduced_out(cls, inputs, out, cast):
    """An op's float32 result(s) on bfloat16 or float16 inputs rounded once to that dtype
    when it computes in it: the dtype `cast` it is given, else PyTorch's promotion of the
    inputs (a conversion, `bf16_exact`, gives its own dtype)."""
    if getattr(cls, "bf16_exact", False):
        return out if cls.n_outputs != 1 or out.__class__ is _ndarray else np.asarray(out)
    if cast is None:
        cast = inputs[0]._data.dtype if cls.result_like_input else \
            dtypes.result_type([(t.dtype, t._data.ndim) for t in inputs], ()).np
    if cast == _BF16:
        rounded = dtypes.to_bf16
    elif cast == _F16:
        rounded = _to_f16
    else:
        return out if cls.n_outputs != 1 else np.asarray(out)
    if cls.n_outputs != 1:
        return tuple(rounded(o) if np.asarray(o).dtype == _F32 else o for o in out)
    out = np.asarray(out)
    return rounded(out) if out.dtype == _F32 else out


def _to_f16(a: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return np.asarray(a).astype(_F16)


def _finish(node, cls, inputs, out, recording, metas=None) -> Tensor:
    """The result tensor over `out`, with its node recorded when `recording`."""
    t = _new(Tensor)
    _init(t, out)
    if _active_limits[0] is not None:
        limits.check_tensor(out)
    if cls.is_view:
        src = inputs[0]
        bits = getattr(src, "_bits", 0)     # a conjugate's (negative's) view is one too, in
        if bits and out.dtype == src._data.dtype:   # its dtype (not its real view's parts)
            t._bits = bits
        t._is_inference = src._is_inference   # a view of a normal tensor is normal, as there
        t._version_box = src._version_box
        if src._is_inference:           # PyTorch tracks no view of an inference tensor: a
            return t                    # plain one, not requiring grad
        t._base = src if src._base is None else src._base
        if getattr(src, "_quiet_view", None) is not None:
            t._quiet_view = src._quiet_view     # (PyTorch's creation meta passes to views of it)
        if _enabled[0]:
            _register_view(t)
            if src._base is not None:
                _inherit_creation_meta(t, src)
        elif not src._requires_grad:
            if not _inference[0]:
                t._quiet_view = "no_grad"
        else:
            t._requires_grad = True     # PyTorch: a no_grad view keeps requires_grad, no grad_fn
            t._made_without_grad = (t._vbox[0], _inference[0])      # (stale_view)
            if getattr(t, "_quiet_view", None) == "multi":
                t._quiet_view = None    # (its no_grad creation meta replaces the multi one)
    if not recording:
        return t
    _record(node, cls, inputs, metas)
    if cls.save_output:
        node._saved += (_SavedOutput(t._alias()),)
        node._saved_ver += (0 if t._vbox is None else t._vbox[0],)
    t._requires_grad = True
    t.grad_fn = node
    if _saved_hooks:
        _pack_node(node, (t,))
    return t


_F64 = np.dtype(np.float64)
_INF = float("inf")
_NINF = -_INF


def _apply_scalar(cls, inputs):
    """`apply` for 0-d float64 inputs through `cls.scalar` on Python floats: None when the
    inputs are not all 0-d float64, or the float function fails or gives inf or nan (NumPy
    then computes it, with its warnings)."""
    n = len(inputs)
    if n == 2:
        return scalar_runner(cls, 2)(inputs)
    return scalar_runner(cls, 1)(inputs[0]) if n == 1 else None


_runners: dict = {}


def scalar_runner(cls, n: int):
    """`_apply_scalar` for op `cls` with n = 1 or 2 inputs, made once per class with the
    class's constants bound and `_init`, `new_node` and the common case of `_record`
    written out: a chain of scalar steps spends most of its time here. What the common case
    leaves out (a class that saves its result or part of its inputs, an input with an output
    number, a version or from inference mode, record observers) goes through `_finish`. It
    takes the input (n=1) or the tuple of both (n=2)."""
    runner = _runners.get((cls, n))
    if runner is None:
        runner = _runners[cls, n] = (_runner1 if n == 1 else _runner2)(cls)
    return runner


def _plain(cls, n: int) -> bool:
    """Whether `cls` records the common way: differentiable, saving all n inputs or none,
    and not its output."""
    return cls.differentiable and not cls.save_output and cls.save_inputs in ((), _ALL[n])


def _runner1(cls):
    scalar, plain, keep = cls.scalar, _plain(cls, 1), bool(cls.save_inputs)
    metas, zero, diff = SCALAR_METAS[1], _ZEROS[1], cls.differentiable
    dual = _dual                          # a closure cell: read faster than a global

    def run(x):
        a = x._data
        if a.dtype is not _F64 or a.ndim or dual[0]:
            return None
        try:
            r = scalar(float(a))
        except (ArithmeticError, ValueError):
            return None
        if not _NINF < r < _INF:
            return None
        recording = x._requires_grad and _enabled[0] and not x._is_inference
        if recording and (not plain or x._output_nr or x._is_inference
                          or x._vbox is not None or record_observers):
            return _finish(_new_node(cls) if diff else None, cls, (x,), _asarray(r), diff,
                           metas)
        t = _new(Tensor)                  # _init(t, _asarray(r)), written out
        t._data = _asarray(r)
        t._requires_grad = False
        t._grad = t.grad_fn = t._vbox = t._base = t._acc = t._hooks = None
        t._output_nr = 0
        t._retains_grad = False
        t._is_inference = _inference[0]
        if not recording:
            if _active_limits[0] is not None:
                limits.count_scalar(False)
            return t
        node = _new(cls)
        node._seq_nr = _next_seq()
        node._hooks = None
        node._released = False
        fn = x.grad_fn
        node._next = (x._grad_accumulator() if fn is None else fn,)
        node._next_nr = node._saved_ver = zero
        node._in_meta = metas
        node._saved = (x,) if keep else ()
        if _active_limits[0] is not None:
            limits.count_scalar(True)
        t._requires_grad = True
        t.grad_fn = node
        return t
    return run


def _runner2(cls):
    scalar, plain, keep = cls.scalar, _plain(cls, 2), bool(cls.save_inputs)
    metas, zeros, users = SCALAR_METAS[2], _ZEROS[2], cls.saved_if
    diff, dual = cls.differentiable, _dual

    def run(inputs):
        x, y = inputs
        a, b = x._data, y._data
        if a.dtype is not _F64 or b.dtype is not _F64 or a.ndim or b.ndim or dual[0]:
            return None
        try:
            r = scalar(float(a), float(b))
        except ArithmeticError:
            return None
        if not _NINF < r < _INF:
            return None
        recording = (x._requires_grad or y._requires_grad) and _enabled[0] and not (
            x._is_inference and y._is_inference)
        if recording and (not plain or x._output_nr or y._output_nr or x._is_inference
                          or y._is_inference or x._vbox is not None or y._vbox is not None
                          or record_observers):
            return _finish(_new_node(cls) if diff else None, cls, inputs, _asarray(r), diff,
                           metas)
        t = _new(Tensor)                  # _init(t, _asarray(r)), written out
        t._data = _asarray(r)
        t._requires_grad = False
        t._grad = t.grad_fn = t._vbox = t._base = t._acc = t._hooks = None
        t._output_nr = 0
        t._retains_grad = False
        t._is_inference = _inference[0]
        if not recording:
            if _active_limits[0] is not None:
                limits.count_scalar(False)
            return t
        node = _new(cls)
        node._seq_nr = _next_seq()
        node._hooks = None
        node._released = False
        fx, fy = x.grad_fn, y.grad_fn
        if fx is None and x._requires_grad:
            fx = x._grad_accumulator()
        if fy is None and y._requires_grad:
            fy = y._grad_accumulator()
        node._next = (fx, fy)
        node._next_nr = node._saved_ver = zeros
        node._in_meta = metas
        if not keep:
            node._saved = ()
        elif users is not None and (fx is None or fy is None):
            need = 0 if fy is None else 1             # the one input that requires grad
            node._saved = (x if need in users[0] else None, y if need in users[1] else None)
        else:
            node._saved = inputs
        if _active_limits[0] is not None:
            limits.count_scalar(True)
        t._requires_grad = True
        t.grad_fn = node
        return t
    return run


_asarray = np.asarray
_next_seq = _graph._seq.__next__
_ALL = ((), (0,), (0, 1))


_scratch_nodes: dict = {}


def _scratch(cls) -> Node:
    """A reusable node for an op that records nothing (its forward only reads params)."""
    node = _scratch_nodes.get(cls)
    if node is None:
        node = _scratch_nodes[cls] = _new_node(cls)
    else:
        node.__dict__.clear()
    return node


# Called as fn(node, inputs) for every recorded node (e.g. `gradcli graph` keeps the inputs
# to show each node's value; the engine itself keeps only what backward needs).
record_observers: list = []


# Shared copies of the tuples most nodes would otherwise each own (input shapes and dtypes,
# all-zero versions): fewer objects for the garbage collector to scan during a long forward.
_metas: dict = {m: m for m in SCALAR_METAS}
_ZEROS = [(0,) * n for n in range(64)]


def _intern_metas(metas: tuple) -> tuple:
    if len(_metas) > 4096:
        _metas.clear()
        _metas.update((m, m) for m in SCALAR_METAS)
    _metas[metas] = metas
    return metas


def _record(node, cls, inputs, metas=None) -> None:
    """Give `node` its edges to the inputs' nodes, the inputs' shapes and dtypes (`metas`
    when the caller knows them) and the inputs its backward rule needs, with their
    versions."""
    if record_observers:
        for fn in record_observers:
            fn(node, inputs)
    nodes = []
    nrs = None
    for i, x in enumerate(inputs):
        fn = x.grad_fn
        if fn is not None:
            if fn.__class__ is InvalidView:       # PyTorch refuses to read its grad_fn
                fn.backward(None)
            nodes.append(fn)
            if x._output_nr:
                nrs = nrs or [0] * len(inputs)
                nrs[i] = x._output_nr
        else:
            nodes.append(x._grad_accumulator() if x._requires_grad else None)
    node._next = tuple(nodes)
    n = len(inputs)
    node._next_nr = (_ZEROS[n] if n < 64 else (0,) * n) if nrs is None else tuple(nrs)
    if metas is None:
        metas = tuple([(x._data.shape, x._data.dtype) for x in inputs])
        metas = _metas.get(metas) or _intern_metas(metas)
    node._in_meta = metas
    if (metas in _COMPLEX_METAS or "complex_number" in node.__dict__) \
            and cls.__name__ not in COMPLEX_RULES \
            and getattr(cls, "_fn_cls", None) is None \
            and not _real_scaling(cls.__name__, inputs, metas):   # (_fn_cls: a Function's own)
        if cls.__name__ in HOLOMORPHIC_RULES:
            node.backward = _conjugated(node, cls)
        elif cls.__name__ in COMPLEX_OWN_RULES:
            node.backward = (getattr(cls, "complex_backward", None)
                             or _OWN_ELSEWHERE[cls.__name__]).__get__(node)
        else:
            node.backward = _complex_refusal(cls)
        node.array_backward = None          # the engine's array shortcuts would skip it
        node.scalar_backward = None
    keep = cls.save_inputs
    if keep:
        n = len(keep)
        if cls.saved_if is not None and None in nodes:
            saved = _saved_if_needed(cls, inputs, nodes)
        elif keep[-1] == n - 1:               # a prefix of the inputs, as every op saves
            saved = inputs if n == len(inputs) and inputs.__class__ is tuple \
                else tuple(inputs[:n])
        else:
            saved = tuple([inputs[i] for i in keep])
        fresh = True
        for x in saved:
            if x is None:
                continue
            if x._is_inference:
                raise TorchRuntimeError(_INFERENCE_SAVED)
            if x._vbox is not None:
                fresh = False
        node._saved = saved
        node._saved_ver = _ZEROS[n] if fresh and n < 64 else \
            tuple([0 if x is None or x._vbox is None else x._vbox[0] for x in saved])
    else:
        node._saved = ()
        node._saved_ver = ()
    if _active_limits[0] is not None:
        limits.count_node()


class _ComplexMetas:
    """`metas in _COMPLEX_METAS`: whether an input is complex (cached per interned metas)."""

    def __init__(self):
        self._seen: dict = {}

    def __contains__(self, metas) -> bool:
        found = self._seen.get(metas)
        if found is None:
            found = self._seen[metas] = any(dt.kind == "c" for _, dt in metas)
        return found


_COMPLEX_METAS = _ComplexMetas()

#: Nodes whose backward rule is right for complex inputs: linear maps that need no
#: conjugation (views, copies, sums, additions) and the complex ops' own nodes. Any other
#: node over a complex input refuses its backward rather than give a gradient without
#: PyTorch's Wirtinger conjugates.
COMPLEX_RULES = frozenset({
    "CppFunction", "AddBackward0", "AddBackward1", "SubBackward0", "SubBackward1", "RsubBackward0",
    "RsubBackward1",
    "NegBackward0", "SumBackward0", "SumBackward1", "ViewBackward0", "ReshapeAliasBackward0",
    "UnsafeViewBackward0", "PermuteBackward0", "TransposeBackward0", "TBackward0",
    "SelectBackward0", "SliceBackward0", "ExpandBackward0", "CloneBackward0", "CatBackward0",
    "StackBackward0", "SqueezeBackward0", "SqueezeBackward1", "SqueezeBackward2",
    "SqueezeBackward3", "SqueezeBackward4", "SqueezeBackward5", "UnsqueezeBackward0",
    "AliasBackward0", "ToCopyBackward0", "ComplexBackward0", "ViewAsRealBackward0",
    "ViewAsComplexBackward0", "ConjBackward0", "ConjPhysicalBackward0", "FlipBackward0",
    "IndexBackward0", "CopySlices", "CopyBackwards", "_UndefinedGradBackward",
    "FftR2CBackward0", "FftC2CBackward0", "FftC2RBackward0", "ConstantPadNdBackward0",
    "PolarBackward0",
    "MaskedFillBackward0", "MaskedFillBackward1", "SliceBackwardBackward0",
    "SelectBackwardBackward0", "DiagEmbedBackward0", "IndexPutBackward0", "IndexAddBackward0",
    "ScatterAddBackward0", "AsStridedScatterBackward0", "UnfoldBackwardBackward0",
    "TransposeBackward1", "ConjPhysicalBackward1", "NarrowCopyBackward0",
    "UnsafeSplitBackward0", "UnsafeSplitWithSizesBackward0", "LinalgEigBackward0",
    "LuUnpackBackward0", "FillBackward2", "FillBackward3",
    "NotImplemented", "Error"})     # (these refuse any gradient, complex or not)


#: Nodes of holomorphic functions with real coefficients (and of bilinear maps: products,
#: matrix products; linear maps need nothing) whose real rule, run with the saved tensors
#: conjugated, is PyTorch's complex one: for f holomorphic, grad_input = g * conj(f'(z)) =
#: g * f'(conj z); for a*b, (g*conj(b), g*conj(a)); for a@b, (g @ b^H, a^H @ g). An input
#: that is real takes the real part, as PyTorch's handle_r_to_c.
HOLOMORPHIC_RULES = frozenset({
    "LogaddexpBackward0", "MulBackward0", "MulBackward1", "DivBackward0", "DivBackward1", "DivBackward2",
    "DivBackward3", "ReciprocalBackward0", "ExpBackward0", "LogBackward0", "SqrtBackward0",
    "RsqrtBackward0", "SinBackward0", "CosBackward0", "TanBackward0", "TanhBackward0",
    "SinhBackward0", "CoshBackward0", "SigmoidBackward0", "PowBackward0", "PowBackward1",
    "PowBackward2", "MeanBackward0", "MeanBackward1", "DotBackward0", "MmBackward0",
    "MvBackward0", "BmmBackward0", "MatmulBackward0", "Expm1Backward0", "Log1pBackward0",
    "Log2Backward0", "Log10Backward0", "Exp2Backward0", "AddmmBackward0", "AddmvBackward0",
    "OuterBackward0", "DiagBackward0", "DiagonalBackward0", "TraceBackward0",
    "RepeatBackward0", "SplitBackward0", "SplitWithSizesBackward0", "UnbindBackward0",
    "NarrowBackward0", "ChunkBackward0", "RollBackward0", "TileBackward0",
    "AsStridedBackward0", "UnfoldBackward0", "IndexSelectBackward0", "GatherBackward0",
    "MaskedSelectBackward0", "WhereBackward0", "CumsumBackward0", "SumToSizeBackward0",
    "ExpandAsBackward0", "ProdBackward0", "ProdBackward1", "TanhBackwardBackward0",
    "SigmoidBackwardBackward0", "DiagonalBackwardBackward0", "AsinBackward0", "AcosBackward0",
    "AtanBackward0", "AsinhBackward0", "AcoshBackward0", "AtanhBackward0", "Log1PBackward0",
    "CumprodBackward0", "TrilBackward0", "TriuBackward0", "DiagonalBackward0_copy",
    "LinalgInvExBackward0", "LinalgDetBackward0", "LinalgSolveExBackward0", "SincBackward0",
    "LinalgCrossBackward0", "LogsumexpBackward0", "LerpBackward0", "LerpBackward1",
    "AddcmulBackward0", "AddcdivBackward0", "LinalgMatrixExpBackward0"})

#: Nodes with a rule of their own for complex inputs (`complex_backward`, or
#: _OWN_ELSEWHERE's): functions that are not holomorphic (abs, angle, sgn, norms, var),
#: with PyTorch's formulas.
COMPLEX_OWN_RULES = frozenset({"AbsBackward0", "AngleBackward0", "SgnBackward0",
                               "VdotBackward0", "LinalgVectorNormBackward0", "VarBackward0",
                               "StdBackward0", "VarMeanBackward0", "StdMeanBackward0",
                               "LinalgCholeskyExBackward0", "CholeskyBackward0",
                               "LinalgEighBackward0", "LinalgQrBackward0",
                               "LinalgSvdBackward0", "RenormBackward0",
                               "TriangularSolveBackward0", "LinalgSolveTriangularBackward0",
                               "LinalgLuBackward0", "LinalgLuFactorExBackward0",
                               "LinalgLuSolveBackward0",
                               "LinalgHouseholderProductBackward0", "OrmqrBackward0",
                               "LinalgSlogdetBackward0", "LinalgPinvBackward0",
                               "LinalgLstsqBackward0"})


def _vdot_complex_backward(self, g):
    """d vdot(a, b) = sum(conj(a)*b): conj(g)*b, g*a (PyTorch's rule; extra.py's node
    has the real one)"""
    from .shape import conj_physical
    a, b = self.saved
    return (conj_physical(g) * b if self.needs(0) else None), \
        (g * a if self.needs(1) else None)


_OWN_ELSEWHERE = {"VdotBackward0": _vdot_complex_backward}


class _ConjSaved:
    """A node as its real rule sees it with its saved complex tensors and its complex
    numbers (a Python complex exponent or base) conjugated (its other attributes are the
    node's)."""

    def __init__(self, node, saved):
        self.__dict__.update({k: v.conjugate() if v.__class__ is complex else v
                              for k, v in node.__dict__.items()})
        self.__dict__["_node"] = node
        self.saved = saved

    def __getattr__(self, name):
        return getattr(self.__dict__["_node"], name)


def _conjugated(node, cls):
    """node's backward over complex inputs (or a complex number's: `complex_number`): its
    real rule with the saved tensors (inputs, output) and complex coefficients conjugated
    (see HOLOMORPHIC_RULES): for f holomorphic, f'(conj z; conj a) = conj(f'(z; a)), so
    g * f'(z) becomes PyTorch's g * conj(f'(z)), computed as PyTorch computes it (signed
    zeros included)."""
    rule = cls.backward
    metas = node._in_meta

    def backward(*grads):
        from .shape import conj_physical, real
        saved = tuple([t if t is None or not t.dtype.is_complex else conj_physical(t)
                       for t in node.saved])
        out = rule(_ConjSaved(node, saved), *grads)
        single = not isinstance(out, tuple)
        outs = (out,) if single else out
        res = []
        for r, (_, dt) in zip(outs, metas):
            if r is not None and dt.kind != "c" and r.dtype.is_complex:
                r = real(r)                 # a real input: handle_r_to_c
            res.append(r)
        return res[0] if single else tuple(res)
    return backward


def _real_scaling(name: str, inputs, metas) -> bool:
    """One tensor that requires grad times (or divided by) real values that do not: its
    rule (g * c, g / c) then needs no conjugate. Two factors that require grad, a complex
    constant factor (even of zero imaginary parts: PyTorch's g * c.conj() gives its zeros'
    signs; a real Python number wrapped in the complex dtype is real there) or a divisor
    that requires grad do."""
    if name in ("MulBackward1", "DivBackward1"):
        return True                    # by a real number (a complex one is a 0-d tensor)
    if name not in ("MulBackward0", "DivBackward0") or len(inputs) != 2:
        return False
    grads = [x._requires_grad for x in inputs]
    if grads.count(True) != 1 or (name == "DivBackward0" and grads[1]):
        return False
    constant = inputs[1] if grads[0] else inputs[0]
    data = constant._data
    return data.dtype.kind != "c" or (not data.ndim and any(
        c is constant and key[0] is not complex for key, c in _constants.items()))


def _complex_refusal(cls):
    def backward(*grads):
        name = cls.__name__
        raise TorchNotImplementedError(
            f"gradcli does not compute {name}'s gradient for complex inputs (PyTorch's "
            "complex derivatives, with their Wirtinger conjugates, are not implemented); "
            "split the computation into real and imaginary parts (torch.view_as_real, "
            ".real, .imag) to differentiate it")
    return backward


def _saved_if_needed(cls, inputs, edges) -> tuple:
    """cls.save_inputs of `inputs`, each None unless an input whose gradient uses it has
    an edge (requires grad)."""
    return tuple([inputs[i] if any(edges[j] is not None for j in users) else None
                  for i, users in zip(cls.save_inputs, cls.saved_if)])


def _input_format(cls, inputs, out):
    """The result(s) laid out in the channels-last format the inputs suggest (see
    Node.input_format), those of another rank as they are."""
    from .shape import follow_format
    tensors = [t._data for t in inputs if t._data.ndim in cls.input_format]
    if cls.format_from == "first":
        tensors = tensors[:1] if inputs[0]._data.ndim in cls.input_format else []
    if not tensors:
        return out
    if isinstance(out, tuple):
        return tuple(follow_format(o, tensors, cls.format_from) for o in out)
    return follow_format(out, tensors, cls.format_from)


def _finish_multi(node, cls, inputs, outs, recording):
    results = tuple(wrap(o) for o in outs)
    if cls.is_view:
        src = inputs[0]
        for r in results:
            if getattr(src, "_bits", 0):            # as in _finish: a conjugate's views
                r._bits = src._bits
            r._version_box = src._version_box
            r._is_inference = src._is_inference     # as in _finish: a view of a normal
            if src._is_inference:                   # tensor is normal; of an inference
                continue                            # tensor, a plain inference tensor
            r._base = src if src._base is None else src._base
            r._requires_grad = src._requires_grad and not _enabled[0]   # as in _finish
            if not _inference[0]:
                r._quiet_view = "multi" if _enabled[0] else "no_grad"
            if r._requires_grad:
                r._made_without_grad = (r._vbox[0], _inference[0])
            elif _enabled[0] and not recording:     # (requires_grad_() of base: they follow)
                _register_view(r)
    if not recording:
        return results
    _record(node, cls, inputs)
    node.__dict__["_out_meta"] = tuple((o.shape, o.dtype) for o in outs)
    plain = cls.plain_outputs
    for i, r in enumerate(results):
        if i not in plain:
            r._requires_grad = True
            r.grad_fn = node
            r._output_nr = i
            if cls.is_view:             # (a write into their base invalidates them)
                _register_view(r)
    for i in cls.saved_results:
        r = results[i]
        node._saved += (_SavedOutput(r._alias(), i),)
        node._saved_ver += (0 if r._vbox is None else r._vbox[0],)
    if _saved_hooks:
        _pack_node(node, results)
    return results


# -- elementwise ufuncs on two cores ----------------------------------------------------------

PARALLEL_MIN = 1 << 20            # elements; below this a second thread costs more than it saves
_pool: list = [None, None]        # [helper thread, pid that made it]


class _Helper:
    """One thread that runs what it is given, one call at a time. (Not concurrent.futures:
    importing it costs ~8 ms, a tenth of a large op's first call. Not threading.Thread: its
    start() waits without end for a thread that could not come up, which is what happens
    under a tight address-space cap, as in `gradcli batch --max-memory`.)

    `start()` is False when the thread did not come up; `result()` is None when it has
    stopped since (then the caller does the work itself)."""

    def __init__(self):
        self.tasks = None
        self.alive = False

    def start(self) -> bool:
        try:
            import _queue
            self.tasks = _queue.SimpleQueue()
            up = _thread.allocate_lock()
            up.acquire()
            _thread.start_new_thread(self._serve, (up,))
            return up.acquire(timeout=_START_WAIT)
        except (ImportError, RuntimeError, MemoryError, OSError):
            return False

    def _serve(self, up):
        self.alive = True
        up.release()
        try:
            while True:
                task = self.tasks.get()
                if task is None:          # stop()
                    break
                fn, args, box, done = task
                del task                  # (the tuple would keep the call's arrays alive)
                try:
                    box.append((True, fn(*args)))
                except BaseException as e:  # noqa: BLE001 - handed back to the caller
                    box.append((False, e))
                del fn, args, box         # nothing of the call outlives it here
                done.release()
        finally:
            self.alive = False

    def stop(self) -> None:
        """End the thread (it finishes the call it is in first) and wait for it."""
        import time
        self.tasks.put(None)
        while self.alive:
            time.sleep(0.001)

    def submit(self, fn, *args):
        done = _thread.allocate_lock()
        done.acquire()
        box: list = []
        self.tasks.put((fn, args, box, done))
        return box, done

    def result(self, pending):
        box, done = pending
        while not done.acquire(timeout=_POLL):
            if not self.alive:
                return None
        ok, value = box[0]
        if not ok:
            raise value
        return value


_START_WAIT = 2.0                 # seconds a new helper thread may take to come up
_POLL = 0.5                       # how often a wait for it checks that it still runs


def _helper():
    """The one helper thread (None on a single core, or when none could be started); remade
    in a forked child."""
    pool, pid = _pool
    if pid != os.getpid():
        pool = None
        if (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                else os.cpu_count() or 1) >= 2:
            pool = _Helper()
            if not pool.start():
                pool = None
        _pool[:] = [pool, os.getpid()]
    return pool


def helper_running() -> bool:
    """Whether this process runs the helper thread (threading does not list it)."""
    pool, pid = _pool
    return pool is not None and pid == os.getpid() and pool.alive


def stop_helper() -> None:
    """End the helper thread, if it runs (before a fork: the copy must not inherit a thread
    that might hold a lock); the next large op starts a new one."""
    pool, pid = _pool
    if pool is not None and pid == os.getpid() and pool.alive:
        pool.stop()
    _pool[:] = [None, None]


def ew(ufunc, *arrays, out=None):
    """ufunc(*arrays, out=out) for an elementwise ufunc. On large arrays (all of one shape,
    C-contiguous, 1-d or broadcast from a scalar; or 0-d, or the shape's last dims, as a
    bias broadcast along the first axis) this thread and a helper thread
    share the work: it is cut into up to PARTS pieces along the first axis and each thread
    takes the next piece left until none is, so a helper that starts late or runs slowly
    (on a virtual machine, its core lent elsewhere for a while) costs about one piece, not
    half the call. Every element goes through the same NumPy loop either way, so the result
    is bit-identical. Floating-point conditions met in any piece are reported afterwards as
    NumPy reports them for the whole call (`_report`)."""
    if _bf16_used[0] and out is not None and out.dtype == _BF16:
        out[...] = dtypes.to_bf16(ufunc(*arrays))        # computed in float32, rounded
        return out
    if (ufunc is np.multiply or ufunc is np.true_divide) and len(arrays) == 2 and \
            (_complex(arrays[0]) or _complex(arrays[1])):
        from .. import complexmath      # ATen's complex rounding (NumPy's differs)
        value = (complexmath.multiply if ufunc is np.multiply else complexmath.divide)(*arrays)
        if out is None:
            return value
        out[...] = value
        return out
    big = max(arrays, key=_ndim)
    if big.size < PARALLEL_MIN or big.shape[0] < 2:
        return ufunc(*arrays, out=out)
    shape = big.shape
    for a in arrays + ((out,) if out is not None else ()):
        if type(a) is not _ndarray:
            return ufunc(*arrays, out=out)
        if a.ndim < len(shape) and (a.ndim == 0 or a.shape == shape[-a.ndim:]):
            continue            # broadcast along the first axis: each piece takes it whole
        if a.shape != shape or not (a.ndim == 1 or a.flags.c_contiguous or
                                    not any(a.strides)):
            return ufunc(*arrays, out=out)
    modes = np.geterr()
    pool = _helper()
    if pool is None or not _REPORTABLE.issuperset(modes.values()):
        return ufunc(*arrays, out=out)
    if out is None:
        try:
            dtype = ufunc.resolve_dtypes(tuple(a.dtype for a in arrays) + (None,))[-1]
        except (TypeError, ValueError):
            return ufunc(*arrays)
        out = np.empty(shape, dtype)
    watch = {k: ("ignore" if v == "ignore" else "call") for k, v in modes.items()}
    parts = max(2, min(PARTS, shape[0], big.size // PART_MIN))
    bounds = [shape[0] * i // parts for i in range(parts + 1)]
    done = bytearray(parts)
    job = [ufunc, arrays, out, watch, bounds, iter(range(parts)).__next__, done]
    other = pool.submit(_share, job)
    try:
        met = _share(job)
    finally:
        met_other = pool.result(other)        # never return while the helper writes `out`
    if met_other is None:                     # the helper stopped: no more of it here, and
        _pool[0] = None                       # the piece it had may be unfinished
        job[5] = iter([i for i in range(parts) if not done[i]]).__next__
        met_other = _share(job)
    met += met_other
    job.clear()                   # the helper thread may hold `job` a moment longer
    if met:
        _report(met, ufunc.__name__, modes)
    return out


def in_parallel(first, second):
    """(first(), second()), second run on the helper thread (under this thread's NumPy error
    modes) while this thread runs first; both here, in turn, where there is no helper. For
    pure functions of disjoint parts of a large op, whose results then do not depend on the
    thread that computed them."""
    pool = _helper()
    if pool is None:
        return first(), second()
    pending = pool.submit(_under_modes, second, np.geterr())
    try:
        a = first()
    finally:
        b = pool.result(pending)        # never return while the helper still runs second
    if b is None:                       # the helper stopped: no more of it here
        _pool[0] = None
        b = (second(),)
    return a, b[0]


def _under_modes(fn, modes):
    with np.errstate(**modes):
        return (fn(),)


def _complex(a) -> bool:
    return getattr(a, "dtype", None) is not None and a.dtype.kind == "c"


def _ndim(a) -> int:
    return getattr(a, "ndim", 0)


PARTS = 16                        # most pieces an `ew` call is cut into
PART_MIN = PARALLEL_MIN // 4      # fewest elements in a piece (one call's overhead: ~10 us)


def _share(job) -> list:
    """Run pieces of an `ew` call until none is left (taking the next one is one call of a
    range iterator, atomic under the GIL); the floating-point conditions they met."""
    ufunc, arrays, out, watch, bounds, take, done = job
    met = []
    nd = out.ndim
    with np.errstate(**watch, call=lambda kind, flag: met.append(kind)):
        for i in iter(take, None):
            part = slice(bounds[i], bounds[i + 1])
            ufunc(*[a[part] if a.ndim == nd else a for a in arrays], out=out[part])
            done[i] = 1
    return met


_REPORTABLE = frozenset(("ignore", "warn", "raise"))
_CONDITIONS = (("divide by zero", "divide"), ("overflow", "over"), ("underflow", "under"),
               ("invalid value", "invalid"))


def _report(met, name: str, modes: dict) -> None:
    """NumPy's report of floating-point conditions after a ufunc call: one RuntimeWarning
    per condition in this order, or FloatingPointError at the first one set to raise."""
    for kind, key in _CONDITIONS:
        if kind in met:
            message = f"{kind} encountered in {name}"
            if modes[key] == "raise":
                raise FloatingPointError(message)
            warnings.warn(message, RuntimeWarning, stacklevel=3)


# The incoming gradient the engine lends to the backward rule it is running as scratch memory
# (nothing else holds it); None when it lends none.
lent = [None]


def may_overwrite(g: Tensor, like: Tensor) -> bool:
    """Whether a backward rule may write a result of `like`'s shape and dtype into its
    incoming gradient g (as its last use of g)."""
    return lent[0] is g and g._data.shape == like._data.shape \
        and g._data.dtype == like._data.dtype


# The node the engine is running for the last time (no retain_graph, no graph of the
# backward): its rule may reuse the memory of saved tensors nothing else holds.
last_use = [None]


def reusable(node, t: Tensor, refs: int) -> bool:
    """Whether node's backward rule may overwrite saved tensor t, which it holds through
    `refs` references (the saved tuple's and its own locals)."""
    if last_use[0] is not node or t._data.size < 4096:
        return False
    arr = t._data
    return (sys.getrefcount(t) <= refs + 2 and sys.getrefcount(arr) <= 3 and arr.base is None
            and arr.flags.writeable)


def owned(t: Tensor, refs: int) -> bool:
    """Whether t may be overwritten: at most `refs` references to it (the caller counts its
    own, plus one for this call), and its array owns its memory and is referenced by t
    alone. Used on gradients inside a backward pass, which no user code can see unless a
    hook kept them (and then the count is higher)."""
    arr = t._data
    return (sys.getrefcount(t) <= refs + 2 and sys.getrefcount(arr) <= 3 and arr.base is None
            and arr.flags.writeable and not t._requires_grad)


# -- in-place ---------------------------------------------------------------------------------

_INFERENCE_SAVED = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in "
    "inference mode in computation tracked by autograd. To work around this, you can make a "
    "clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of "
    "`torch.inference_mode()`.")
_LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
_VIEW_LEAF_INPLACE = ("a view of a leaf Variable that requires grad is being used in an "
                      "in-place operation.")


_CUSTOM_FUNCTION_VIEW = (
    "This view was created inside a custom Function (or because an input was returned as-is) "
    "and the autograd logic to handle view+inplace would override the custom backward "
    "associated with the custom Function, leading to incorrect gradients. This behavior is "
    "forbidden. You can fix this by cloning the output of the custom Function.")


def _made_without_grad_error(view: Tensor, modified: str) -> str:
    """PyTorch's refusal of a view made under no_grad (or inference_mode) of a base that
    requires grad, once it `modified` ("is being": the view itself, now; "its base or
    another view of its base has been": since the view was made) in place."""
    mark = getattr(view, "_made_without_grad", None)
    mode, block, when = (("inference", "inference_mode", "in normal mode")
                         if mark is not None and mark[1] else
                         ("no_grad", "no_grad", "with grad mode enabled"))
    head = f"A view was created in {mode} mode and {modified} modified inplace {when}."
    if mark is not None and len(mark) > 2:          # an output of a custom Function
        return f"{head} {_CUSTOM_FUNCTION_VIEW}"
    return (f"{head} Given that this use case is ambiguous and error-prone, it is forbidden. "
            f"You can clarify your code by moving both the view and the inplace either both "
            f"inside the {block} block (if you don't want the inplace to be tracked) or both "
            "outside (if you want the inplace to be tracked).")


def _creation_meta(view: Tensor):
    """PyTorch's creation meta of `view` when not the default: "no_grad" or "inference"
    (made so of a base requiring grad), "custom" (given back by a custom Function), "multi"
    (an output of unbind, split, chunk), or None."""
    meta = view.__dict__.get("_view_meta")
    if meta is not None:
        return meta
    mark = getattr(view, "_made_without_grad", None)
    if mark is not None:
        return "custom" if len(mark) > 2 else "inference" if mark[1] else "no_grad"
    fn = view.grad_fn
    if fn is None:
        return None
    if fn.is_view and fn.n_outputs != 1 or fn.__dict__.get("_n_differentiable", 1) > 1:
        return "multi"
    return "custom" if fn._fn_cls is not None else None


def _inherit_creation_meta(view: Tensor, src: Tensor) -> None:
    """A view made in grad mode of a view `src` takes src's creation meta, as PyTorch's
    propagate_creation_meta (an in-place change of it is then refused as of src)."""
    meta = _creation_meta(src)
    if meta is not None:
        view.__dict__["_view_meta"] = meta


_VIEW_OF_VIEW_TAILS = {
    "multi": ("This view is the output of a function that returns multiple views. Such "
              "functions do not allow the output views to be modified inplace. You should "
              "replace the inplace operation by an out-of-place one."),
    "custom": _CUSTOM_FUNCTION_VIEW,
}


def _view_of_view_error(view: Tensor, meta: str) -> str:
    """PyTorch's refusal of an in-place change of a view (made in grad mode) of a view
    whose creation meta is `meta`."""
    head = f"Output {view._output_nr} of {_NODE_SUFFIX.sub('', view.grad_fn.name())} is a view"
    if meta in _VIEW_OF_VIEW_TAILS:
        return f"{head} and is being modified inplace. {_VIEW_OF_VIEW_TAILS[meta]}"
    mode, block, when = (("inference", "inference_mode", "in normal mode") if meta == "inference"
                         else ("no_grad", "no_grad", "with grad mode enabled"))
    return (f"{head} of a view which was created in {mode} mode and is being modified inplace "
            f"{when}. Given that this use case is ambiguous and error-prone, it is forbidden. "
            f"You can clarify your code by moving both the view and the inplace either both "
            f"inside the {block} block (if you don't want the inplace to be tracked) or both "
            "outside (if you want the inplace to be tracked).")


def check_quiet_view(view: Tensor) -> None:
    """PyTorch's refusal to give history, by an in-place op, to a view of a tensor that does
    not require grad when the view came from unbind/split/chunk or was made under no_grad
    (`_quiet_view`, its creation meta)."""
    mark = getattr(view, "_quiet_view", None)
    if mark == "no_grad":
        raise TorchRuntimeError(_made_without_grad_error(view, "is being"))
    if mark == "multi":
        raise TorchRuntimeError(
            "A view was created in no_grad mode and is being modified inplace with grad mode "
            "enabled. This view is the output of a function that returns multiple views. Such "
            "functions do not allow the output views to be modified inplace. You should replace "
            "the inplace operation by an out-of-place one.")


def stale_view(view: Tensor, raising: bool = False) -> bool:
    """Whether `view`, made under no_grad or inference_mode of a base that requires grad,
    has had its memory written (through it, its base or another view) since: PyTorch then
    refuses its history (reading grad_fn or is_leaf, using it in a recorded op, backward
    from it) and prints it with `grad_fn=<Invalid>`. With `raising`, refuse it here."""
    mark = getattr(view, "_made_without_grad", None)
    if mark is None or view._vbox is None or view._vbox[0] == mark[0]:
        return False
    if raising:
        raise TorchRuntimeError(_made_without_grad_error(
            view, "its base or another view of its base has been"))
    return True


def several_views_error(output_nr: int, op: str) -> TorchRuntimeError:
    """PyTorch's refusal to write in place into an output of unbind, split or chunk (or a
    view of one) that the view op `op` made."""
    return TorchRuntimeError(
        f"Output {output_nr} of {op} is a view and is being modified inplace. This view is the "
        "output of a function that returns multiple views. Such functions do not allow the "
        "output views to be modified inplace. You should replace the inplace operation by an "
        "out-of-place one.")


def check_inplace(self: Tensor, through_view: bool = False) -> None:
    """PyTorch's refusal to modify a leaf that requires grad while grad mode is on
    (`through_view`: the write goes through a view, as `x[i] = v` does)."""
    if not _enabled[0]:
        return
    base = self._base
    if base is not None:
        fn = self.grad_fn
        # a view given back by a Function (of several differentiable results: PyTorch's
        # MULTI_OUTPUT_NODE, as unbind's, split's and chunk's)
        several = fn is not None and (fn.is_view and fn.n_outputs != 1 or
                                      fn.__dict__.get("_n_differentiable", 1) > 1
                                      or _of_several_views(self))
        if fn is not None and (fn._fn_cls is not None or several):
            name = _NODE_SUFFIX.sub("", fn.name())
            if fn.__class__ is InvalidView:     # (PyTorch names the history it made)
                raise several_views_error(fn.output, fn.op)
            if several:
                raise several_views_error(self._output_nr, name)
            raise TorchRuntimeError(f"Output {self._output_nr} of {name} is a view and is "
                                    f"being modified inplace. {_CUSTOM_FUNCTION_VIEW}")
        if fn is None and base._requires_grad and _of_several_views(self):
            check_quiet_view(self)      # (made before base required grad)
        if fn is not None and "_view_meta" in self.__dict__:
            raise TorchRuntimeError(_view_of_view_error(self, self.__dict__["_view_meta"]))
        if fn is None and base._requires_grad and base.grad_fn is None \
                and getattr(self, "_made_without_grad", None) is None \
                and any(r() is self for r in getattr(base, "_views", ())):
            # made in grad mode before its leaf base required grad (not under no_grad)
            raise TorchRuntimeError(_VIEW_LEAF_INPLACE)
        if fn is None and base._requires_grad:              # a view made under no_grad
            raise TorchRuntimeError(_made_without_grad_error(self, "is being"))
    if self._requires_grad and self.grad_fn is None:
        if self._base is not None or through_view:
            raise TorchRuntimeError(_VIEW_LEAF_INPLACE)
        raise TorchRuntimeError(_LEAF_INPLACE)
    base = self._base       # (a view that requires grad: PyTorch asks whether its base is a
    # leaf, not whether the base requires grad)
    if base is not None and base.grad_fn is None and (base._requires_grad or self.requires_grad):
        raise TorchRuntimeError(_VIEW_LEAF_INPLACE)


INFERENCE_INPLACE = (
    "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a "
    "clone to get a normal tensor before doing inplace update.See "
    "https://github.com/pytorch/rfcs/pull/17 for more details.")


def refuse_inference_write(self: Tensor) -> None:
    """PyTorch's refusal, after the write, of an in-place change of an inference tensor
    outside inference mode."""
    if self._is_inference and not _inference[0]:
        raise TorchRuntimeError(INFERENCE_INPLACE)


def _inference_write(self: Tensor, compute) -> None:
    """An in-place op on an inference tensor outside inference mode. It reaches autograd
    only through an operand that is not one (a Python number is wrapped as one): there a
    leaf requiring grad is refused first, unwritten; else PyTorch writes, then refuses."""
    if self._requires_grad and self.grad_fn is None:
        try:
            out = compute(self)
        except TorchRuntimeError as e:      # self saved by the recorded op: autograd ran
            if str(e) != _INFERENCE_SAVED:
                raise
            out = None
        if out is None or out.grad_fn is not None:
            raise TorchRuntimeError(_LEAF_INPLACE)
    else:
        out = compute(self)
    _write(self, out)
    raise TorchRuntimeError(INFERENCE_INPLACE)


def inplace(self: Tensor, compute, through_view: bool = False) -> Tensor:
    """Write `compute(self_before)` into self, as `x.op_(...)` does: the version counter is
    bumped and, when recorded, self's grad_fn becomes the node of the computed result (and
    the other views of the same memory read from the new history)."""
    if self._is_inference and not _inference[0]:
        _inference_write(self, compute)
    check_inplace(self, through_view)
    recording = _enabled[0] and self._data.dtype.kind in "fc"     # (integers: no history)
    outer = _fw.IN_PLACE[0]
    if _dual[0]:                        # the tangent formula reads what the write leaves
        _fw.IN_PLACE[0] = self          # in another input that is self (_fw._after_write),
    try:                                # through a view too (a dual tensor views its primal)
        if recording and self._base is not None:
            from .views import inplace_on_view
            inplace_on_view(self, compute, _write)
            _refresh_views(self._base, self)
            return self
        before = _history_copy(self) if recording else self
        outer_self, _fw.IN_PLACE_SELF[0] = _fw.IN_PLACE_SELF[0], before
        try:
            out = compute(before)
        finally:
            _fw.IN_PLACE_SELF[0] = outer_self
    finally:
        _fw.IN_PLACE[0] = outer
    _write(self, out)
    if recording and out.grad_fn is not None:
        _clone_saved_self(out.grad_fn, before)
    if not recording:
        if self._requires_grad:
            _regenerate_views(self._base if self._base is not None else self)
        return self
    if out.grad_fn is not None:
        self.grad_fn = out.grad_fn
        self._output_nr = out._output_nr
        self._requires_grad = True
        if self._retains_grad:
            self._retain_at_grad_fn()
        if out.grad_fn.save_output:
            _save_into(out.grad_fn, out, self)
        _refresh_views(self, None)
    return self


# The views recorded of each base (weak references, in the base's `_views` slot, unset until
# it has one): an in-place change of the base, or of one of its views, gives the others a
# history from the base's new one, as PyTorch regenerates a view's grad_fn when the version
# of its memory has moved on since the view was made.

class _ViewRef(weakref.ref):
    """A weak reference to a view, with the version of its memory when it was made."""

    __slots__ = ("version",)


def _register_view(t: Tensor) -> None:
    base = t._base
    try:
        views = base._views
    except AttributeError:
        views = base._views = []
    if len(views) >= 64 and len(views) & (len(views) - 1) == 0:    # now and then, prune
        views[:] = [r for r in views if r() is not None]
    ref = _ViewRef(t)
    ref.version = t._vbox[0]
    views.append(ref)


def histories_on_requiring_grad(base: Tensor) -> None:
    """`base.requires_grad_()`: its views made in grad mode before, whose memory was written
    since, get the history PyTorch regenerates (an AsStridedBackward0 of base)."""
    views = [v for v in (ref() for ref in base._views
                         if getattr(ref, "version", None) != base._version_box[0])
             if v is not None and _view_before_grad(v)]
    if views and (base._data.flags.c_contiguous or _dense_layout(base._data)):
        before, _enabled[0] = _enabled[0], True
        try:
            _gather_from_base(base, views)
        finally:
            _enabled[0] = before


def _live_views(base: Tensor) -> list:
    """The live recorded views of `base`, when base is in the graph (and dense in memory:
    views.positions)."""
    try:
        views = base._views
    except AttributeError:
        return []
    if not base._requires_grad or not (base._data.flags.c_contiguous
                                       or _dense_layout(base._data)):
        return []
    return [v for v in (ref() for ref in list(views)) if v is not None]


def _dense_layout(a: np.ndarray) -> bool:
    from .views import _dense
    return _dense(a) and all(s >= 0 for s in a.strides)


def _gather_from_base(base: Tensor, views) -> None:
    """Give each of `views` the history 'gather from base', an AsStridedBackward0 of base's
    current node; an output of a function that returns several views (unbind, split, chunk)
    gets PyTorch's invalid history instead, whose backward refuses (`InvalidView`)."""
    from .views import view_history
    for v in views:
        fn = v.grad_fn
        if fn.__class__ is InvalidView:           # stays so
            continue
        if fn is not None and (fn.is_view and fn.n_outputs != 1 or _of_several_views(v)
                               or v.__dict__.get("_view_meta") == "multi"):
            node = _new_node(InvalidView)
            _record(node, InvalidView, ())
            node.op, node.output = _NODE_SUFFIX.sub("", fn.name()), v._output_nr
            v.grad_fn, v._output_nr = node, 0
            continue
        node = view_history(v, base)
        v.grad_fn, v._output_nr, v._requires_grad = node, 0, True
        if v._retains_grad:                 # PyTorch moves the retains_grad hook
            v._retain_at_grad_fn()


def _of_several_views(v: Tensor) -> bool:
    """Whether `v` is an output of unbind, split or chunk, or a view of one (PyTorch's
    MULTI_OUTPUT_NODE creation meta, which views of such a view inherit)."""
    return getattr(v, "_quiet_view", None) == "multi"


class InvalidView(Node):
    """The history of an output of unbind, split or chunk whose base (or another view of
    it) was then changed in place: PyTorch refuses to compute its gradient (its tensors
    print `grad_fn=<Invalid>`)."""

    def backward(self, g):
        raise TorchRuntimeError(
            f"Output {self.output} of {self.op} is a view and its base or another view of its "
            "base has been modified inplace. This view is the output of a function that "
            "returns multiple views. Such functions do not allow the output views to be "
            "modified inplace. You should replace the inplace operation by an out-of-place "
            "one.")


InvalidView.__name__ = InvalidView.__qualname__ = "Invalid"


def _refresh_views(base: Tensor, written) -> None:
    """After a recorded write, every live view of `base` but `written` reads from base's new
    history."""
    _gather_from_base(base, [v for v in _live_views(base) if v is not written])


def _regenerate_views(base: Tensor) -> None:
    """After a write under no_grad, the views of `base` in the graph get the history PyTorch
    regenerates for a view whose memory moved on: an AsStridedBackward0 of base's node
    (an `optimizer.step()` between two backward passes then names AsStrided in the version
    error, as PyTorch's does). Views of several outputs (unbind, split) and views of them
    become invalid (their history then refuses to be read)."""
    from ..autograd.function import IN_FORWARD
    if IN_FORWARD[0]:                 # a custom Function's forward: mark_dirty handles it
        return
    views = [v for v in _live_views(base) if (v.grad_fn is not None
             and v.grad_fn._fn_cls is None and v.grad_fn.__class__ is not InvalidView)
             or _view_before_grad(v)]
    if not views:
        return
    before, _enabled[0] = _enabled[0], True          # recorded, whatever the grad mode
    try:
        _gather_from_base(base, views)
    finally:
        _enabled[0] = before


def _view_before_grad(v: Tensor) -> bool:
    """Whether `v` was made in grad mode while its base did not require grad yet (no
    history, PyTorch's DEFAULT creation meta): a write since regenerates its history."""
    return (v.grad_fn is None and getattr(v, "_made_without_grad", None) is None
            and getattr(v, "_quiet_view", None) is None)


def _clone_saved_self(node, before: Tensor) -> None:
    """An in-place op saves a clone of self's old value (PyTorch's `original_self =
    self.clone()`, recorded: its `_saved_self` has a CloneBackward0, and so does the graph
    of a second derivative)."""
    saved = node._saved
    if not saved or before._requires_grad is False or not any(x is before for x in saved):
        return
    from .shape import CloneBackward0
    clone = apply(CloneBackward0, (before,))
    node._saved = tuple(clone if x is before else x for x in saved)


def _save_into(node, out: Tensor, self: Tensor) -> None:
    """A node that saved its result `out` now saves `self`, which the result was written
    into: as in PyTorch, changing self in place again is then caught by backward
    (`y.exp_(); y.add_(1)` -> "output 0 of Exp ... is at version 2")."""
    saved, versions = list(node._saved), list(node._saved_ver)
    for k, item in enumerate(saved):
        if isinstance(item, _SavedOutput) and item.tensor._data is out._data:
            saved[k] = _SavedOutput(self._alias(), item.output_nr)
            versions[k] = self._version_box[0]
    node._saved, node._saved_ver = tuple(saved), tuple(versions)


def _write(self: Tensor, out: Tensor) -> None:
    """Copy out's values into self's memory and bump the version counter."""
    if not self._data.flags.writeable:
        self._data = _writable(self._data)
    if out._data.shape != self._data.shape and \
            np.broadcast_shapes(self._data.shape, out._data.shape) != self._data.shape:
        raise TorchRuntimeError(f"output with shape [{', '.join(map(str, self._data.shape))}] "
                                f"doesn't match the broadcast shape "
                                f"[{', '.join(map(str, out._data.shape))}]")
    if _bf16_used[0] and self._data.dtype == _BF16 and out._data.dtype != _BF16:
        out = wrap(dtypes.to_bf16(out._data)) if out.dtype.category < 3 else out
    try:
        np.copyto(self._data, out._data, casting="same_kind")
    except TypeError:
        # PyTorch's canCast is wider than NumPy's same_kind: a signed integer written into
        # uint8 wraps around
        if not dtypes.can_cast(out.dtype, self.dtype):
            raise TorchRuntimeError(f"result type {out.dtype.legacy} can't be cast to the "
                                    f"desired output type {self.dtype.legacy}") from None
        np.copyto(self._data, out._data, casting="unsafe")
    except ValueError:
        raise TorchRuntimeError(f"output with shape [{', '.join(map(str, self._data.shape))}] "
                                f"doesn't match the broadcast shape "
                                f"[{', '.join(map(str, out._data.shape))}]") from None
    self._version_box[0] += 1
    if _dual[0]:
        _fw.written(self, out)


class _Memory:
    """The array interface of an array made writable, its owner kept alive with it."""

    def __init__(self, a: np.ndarray, owner: np.ndarray):
        self.__array_interface__ = dict(a.__array_interface__,
                                        data=(a.__array_interface__["data"][0], False))
        self.owner = owner


def _writable(a: np.ndarray) -> np.ndarray:
    """`a` made writable: NumPy's broadcast views are read-only, while PyTorch writes into a
    view of an expanded tensor that holds no element twice (`g.expand(4)[0] = 0`) when the
    memory is its own; the overlap error otherwise."""
    owner = a
    while not owner.flags.writeable:
        base = owner.base           # (np.broadcast_to's and as_strided's views keep their array
                                    # in a DummyArray)
        base = base if isinstance(base, np.ndarray) else getattr(base, "base", None)
        if not isinstance(base, np.ndarray):
            break
        owner = base
    if not owner.flags.writeable or a.__class__ is not np.ndarray or (
            a.size > 1 and any(st == 0 and n > 1 for n, st in zip(a.shape, a.strides))):
        raise TorchRuntimeError(
            "unsupported operation: more than one element of the written-to tensor refers to a "
            "single memory location. Please clone() the tensor before performing the operation.")
    return np.asarray(_Memory(a, owner))


def _history_copy(t: Tensor) -> Tensor:
    """A copy of t's current value that keeps t's place in the graph."""
    c = wrap(_layout_copy(t._data))        # laid out as t: the kernels read it so
    c.grad_fn = t.grad_fn
    c._output_nr = t._output_nr
    c._requires_grad = t._requires_grad
    c._acc = t._acc
    if t.grad_fn is None and t._requires_grad:
        c._acc = None
        c.grad_fn = None
    if _dual[0]:
        _fw.history_copy(t, c)
    return c


def _layout_copy(a: np.ndarray) -> np.ndarray:
    """A copy of a with a's strides where a has gaps between its rows (a chunk of a wider
    tensor, written in place: ATen's kernels then run row by row, each row's last elements
    in their scalar loop) and the span they cover is small; else dense, in a's order."""
    if a.flags.c_contiguous or a.flags.f_contiguous or not a.size:
        return a.copy(order="K")
    item = a.itemsize
    low = sum(min(0, s * (n - 1)) for s, n in zip(a.strides, a.shape))
    high = sum(max(0, s * (n - 1)) for s, n in zip(a.strides, a.shape)) + item
    span = (high - low) // item
    if span > 4 * a.size + 64 or any(s % item for s in a.strides):
        return a.copy(order="K")
    buf = np.empty(span, a.dtype)
    out = np.lib.stride_tricks.as_strided(buf[-low // item:], a.shape, a.strides)
    out[...] = a
    return out


# -- arguments --------------------------------------------------------------------------------

_SCALARS = (int, float, bool)


def one_argument(args: tuple, given, overloaded: str | None = None):
    """A method's one list parameter as PyTorch's parser reads it: separate numbers
    (`x.squeeze(0, 2)`), one value (`x.squeeze((0, 2))`, `x.squeeze(0)`) or, without
    positional ones, the keyword's value `given`. Both given is the refusal of the method
    `overloaded` names (PyTorch's for a call fitting none of its signatures)."""
    if not args:
        return given
    if given is not None and overloaded:
        from ..callerrors import invalid_combination
        raise TorchTypeError(invalid_combination(overloaded, args, {"dim": given}, True))
    return args[0] if len(args) == 1 else tuple(args)


def int_sizes(sizes: tuple, fname: str, arg: str = "size", pos: int = 1) -> tuple:
    """A shape given as f(2, 3), f((2, 3)), f([2, 3]) or f(torch.Size([2, 3])) as a tuple of
    ints (a 0-d integer tensor counts as one); anything else is PyTorch's TypeError."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = sizes[0]
    elif len(sizes) == 1 and (sizes[0].__class__ is bool or _as_int(sizes[0]) is None):
        raise TorchTypeError(f"{fname}(): argument '{arg}' (position {pos}) must be tuple of "
                             f"ints, not {type(sizes[0]).__name__}")
    out = []
    for k, s in enumerate(sizes):
        v = _as_int(s)
        if v is None:
            raise TorchTypeError(f"{fname}(): argument '{arg}' failed to unpack the object at "
                                 f"pos {k + 1} with error \"type must be tuple of ints,but got "
                                 f"{type(s).__name__}\"")
        out.append(v)
    return tuple(out)


def _as_int(v):
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, Tensor) and v._data.ndim == 0 and v._data.dtype.kind in "iub":
        return int(v._data)
    return None


def to_tensor(x, dtype=None) -> Tensor:
    """A tensor from a tensor, number, nested list or ndarray (for op arguments)."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray):
        return wrap(x if dtype is None else x.astype(dtype))
    if isinstance(x, _SCALARS) or isinstance(x, (list, tuple, complex)):
        from .creation import tensor            # (`torch.add(1.5, 1j)`: a complex 0-d)
        return tensor(x, dtype=dtype)
    if isinstance(x, np.generic):
        return wrap(np.asarray(x))
    raise TorchTypeError(f"expected Tensor as element 0 in argument 0, but got "
                         f"{type(x).__name__}")


_constants: dict = {}
F64_FLOATS: dict = {}             # the float64 entries of _constants for non-zero Python floats
# The float16 entries' Python numbers as float32, by id of the entry's array (alive while
# _constants holds it): what ATen's float16 mul and div read instead of the rounded value
F16_NUMBERS: dict = {}


def _const(t: Tensor, arr) -> Tensor:
    """A constant tensor (no history) of t's dtype."""
    return wrap(np.asarray(arr, dtype=t._data.dtype))


def pass_where(g: Tensor, mask) -> Tensor:
    """g where mask, else +0, as PyTorch's backward formulas give it with where(mask, grad,
    0), masked_fill or a scatter into zeros; never g * mask, whose 0 * inf is nan and
    0 * -1 is -0. While a graph is built, `where` (its WhereBackward0 node)."""
    shape = np.broadcast_shapes(np.shape(mask), g._data.shape)
    if _enabled[0]:
        from .activation import where
        return where(wrap(np.broadcast_to(mask, shape)), g, _const(g, 0.0))
    gd = g._data
    return wrap(np.where(mask, gd, np.zeros((), gd.dtype)))


def zeros_for(g: Tensor) -> Tensor:
    """PyTorch's zeros_like(grad), the gradient of a step or an overwritten input: +0
    everywhere and no history (never g * 0, whose 0 * inf is nan and 0 * -1 is -0)."""
    return wrap(np.zeros(g._data.shape, g._data.dtype))


def fill_where(g: Tensor, mask) -> Tensor:
    """`pass_where` as g.masked_fill(~mask, 0): a MaskedFillBackward0 node while a graph is
    built (the formulas of maximum, minimum, fmax and fmin)."""
    if _enabled[0]:
        shape = np.broadcast_shapes(np.shape(mask), g._data.shape)
        return g.masked_fill(wrap(~np.broadcast_to(mask, shape)), 0)
    return pass_where(g, mask)


def _constant(value, np_dtype) -> Tensor:
    """A Python number as a 0-d tensor of a float dtype, shared between uses: these wrapped
    numbers are never handed to users, so nothing can modify them."""
    if value != value:                        # NaN: uncached
        return wrap(np.asarray(value, dtype=np_dtype))
    key = (value.__class__, value, np_dtype) if value else \
        (value.__class__, value, np_dtype, repr(value))     # keep -0.0 apart from 0.0
    t = _constants.get(key)
    if t is None:
        if len(_constants) > 4096:
            _constants.clear()
            F64_FLOATS.clear()
            F16_NUMBERS.clear()
        t = _constants[key] = wrap(np.asarray(value, dtype=np_dtype))
        t._is_inference = False           # shared: one made in inference mode serves outside
        if value.__class__ is float and np_dtype == _F64 and value:
            F64_FLOATS[value] = t             # (by value: 0.0 and -0.0 would be one key)
        elif np_dtype == _F16:
            with np.errstate(over="ignore"):
                F16_NUMBERS[id(t._data)] = np.asarray(float(value), np.float32)
    return t


def is_wrapped_number(t: Tensor) -> bool:
    """Whether `t` is one of `_constant`'s wrapped Python numbers."""
    return not t._data.ndim and any(c is t for c in _constants.values())


def as_wrapped_number(t: Tensor) -> Tensor:
    """`t`, or the 0-d tensor PyTorch saves for the Python number `t` was made from (by
    `_constant`): `x * 2` saves `tensor(2)` (int64), `x * 2.5` a float64 tensor and
    `x * 1j` a complex128 one, whatever x's dtype. For `_saved_other` and the like; None
    and non-numbers pass through."""
    if t is None or t._data.ndim != 0:
        return t
    for (cls, value, *_), c in _constants.items():
        if c is t:
            dtype = {int: np.int64, float: np.float64, bool: np.bool_,
                     complex: np.complex128}.get(cls)
            return t if dtype is None else wrap(np.asarray(value, dtype=dtype))
    return t


def promoted(*tensors, floating: bool = False):
    """The NumPy dtype PyTorch computes `tensors` in, by its promotion (not NumPy's: float32
    with int64 is float32, a 0-d float64 does not widen a float32 tensor), an integer result
    made the default float when `floating`; None when every tensor has it already."""
    rt = dtypes.result_type([(t.dtype, t._data.ndim) for t in tensors], ()).np
    if floating and rt.kind not in "fc":
        rt = dtypes.get_default_dtype().np
    return None if all(t._data.dtype == rt for t in tensors) else rt


def scalar_array(value, np_dtype) -> np.ndarray:
    """A Python number as a 0-d array of an op's dtype: an int outside an integer dtype's
    range wraps around, as PyTorch's cast of the scalar does (an int past int64 is
    PyTorch's OverflowError)."""
    if bf16_op[0] and np_dtype == _F32:      # a bfloat16/float16 op's (in float32): cast
        return round_op(value)
    if value.__class__ is int:
        if not -(1 << 63) <= value < (1 << 64):       # PyTorch's Scalar: int64 or uint64
            raise dtypes.scalar_overflow(value)
        if np_dtype.kind in "iu":
            return np.asarray(value & 0xFFFFFFFFFFFFFFFF, dtype=np.uint64).astype(np_dtype)
    return np.asarray(value, dtype=np_dtype)


def binary_args(a: Tensor, b):
    """(a, b, cast) for a binary op: a Python number becomes a 0-d tensor; cast is the
    NumPy dtype both are computed in when PyTorch's promotion differs from theirs."""
    da = a._data.dtype
    if type(b) is Tensor or isinstance(b, Tensor):
        db = b._data.dtype
        if da == db:
            return a, b, None
        rt = dtypes.result_type(((a.dtype, a._data.ndim), (b.dtype, b._data.ndim)), ()).np
        return a, b, rt
    if isinstance(b, _SCALARS):
        if da.kind == "f":
            if b.__class__ is int and not -(1 << 63) <= b < (1 << 64):
                raise dtypes.scalar_overflow(b)
            return a, _constant(b, da), None
        rt = dtypes.result_type(((a.dtype, a._data.ndim),), (b,)).np
        if rt.kind == "c":          # known as a real number: no conjugate (_real_scaling)
            return a, _constant(b, rt), (None if rt == da else rt)
        return a, wrap(scalar_array(b, rt)), (None if rt == da else rt)
    if b.__class__ is complex:                # a formula's `1j`: PyTorch's promotion
        if a.dtype is dtypes.float16:
            raise TorchNotImplementedError(
                f"a {a.dtype} tensor with a Python complex number is a complex32 "
                "(ComplexHalf) tensor in PyTorch, which gradcli does not support")
        rt = dtypes.result_type(((a.dtype, a._data.ndim),), (b,)).np
        return a, _constant(b, rt), (None if rt == da else rt)
    if isinstance(b, np.generic):
        return binary_args(a, dtypes.python_number(b))
    return None          # an ndarray too: the operator leaves it to NumPy (PyTorch's way)


def leaves_arrays(operator):
    """`operator` (a Tensor dunder) answering NotImplemented for an ndarray operand, as
    PyTorch's operators do: Python then asks the array, whose NumPy computes on the tensor's
    numpy() (refused when it requires grad) and wraps the result as a tensor (`t + a`), or
    refuses (`a + t`, `t < a`), or compares by identity (`t != a`)."""
    def op(self, other):
        if isinstance(other, (np.ndarray, np.generic)):
            if isinstance(other, np.ndarray):
                return NotImplemented
            other = dtypes.python_number(other)     # `np.float32(2) - t`: a Python number
        return operator(self, other)
    op.__name__ = getattr(operator, "__name__", "op")
    op.__doc__ = operator.__doc__
    return op


def broadcast_error(a_shape, b_shape) -> TorchRuntimeError:
    """PyTorch's message for shapes that do not broadcast."""
    ra, rb = a_shape[::-1], b_shape[::-1]
    for i in range(min(len(ra), len(rb))):
        if ra[i] != rb[i] and ra[i] != 1 and rb[i] != 1:
            dim = max(len(a_shape), len(b_shape)) - 1 - i
            return TorchRuntimeError(f"The size of tensor a ({ra[i]}) must match the size of "
                                     f"tensor b ({rb[i]}) at non-singleton dimension {dim}")
    return TorchRuntimeError(f"shapes {list(a_shape)} and {list(b_shape)} are not "
                             "broadcastable")


def _kernel(name: str) -> tuple:
    return (TorchNotImplementedError, f'"{name}" not implemented for \'{{dtype}}\'')


def _clamp_text() -> tuple:
    return (TorchNotImplementedError, "clamp is not supported for complex types")


#: What PyTorch raises for a complex input, by op (and by the variant an op names, e.g.
#: "softmax:dim" for a softmax over another dimension than the last). `{dtype}` is the
#: legacy name (ComplexFloat, ComplexDouble). Ops call `refuse_complex(name, *tensors)`.
COMPLEX_REFUSED = {
    **{n: _kernel(f"{n}_vml_cpu") for n in ("erf", "erfc", "erfinv", "lgamma", "i0")},
    "round": _kernel("round_vml_cpu"), "round:decimals": _kernel("round_cpu"),
    **{n: (TorchNotImplementedError, f"{n} is not supported for complex inputs")
       for n in ("ceil", "floor", "trunc")},
    **{n: _kernel(f"{n}_cpu") for n in (
        "frac", "atan2", "hypot", "fmod", "remainder", "copysign", "logaddexp2", "hardshrink",
        "hardsigmoid", "hardswish", "leaky_relu", "mish", "softplus", "threshold", "xlogy",
        "xlog1py", "entr", "logit", "cummax", "cummin", "kthvalue", "median", "erfcx", "ndtri",
        "i0e", "i1", "i1e", "zeta", "log_ndtr", "glu", "mse", "huber", "smooth_l1", "mode")},
    **{n: _kernel(f"{n}_cpu") for n in ("gt", "ge", "lt", "le")},
    "floor_divide": _kernel("div_floor_cpu"), "elu": _kernel("elu_cpu"),
    "gelu": _kernel("GeluKernelImpl"), "logsigmoid": _kernel("log_sigmoid_cpu"),
    "softshrink": _kernel("softshrink_check"), "digamma": _kernel("digamma"),
    "trigamma": _kernel("trigamma"), "polygamma": _kernel("polygamma"),
    "amax": _kernel("max_values_cpu"), "amin": _kernel("min_values_cpu"),
    "aminmax": _kernel("aminmax_cpu"), "max": _kernel("max_all"), "min": _kernel("min_all"),
    "median:dim": _kernel("median_out"), "searchsorted": _kernel("searchsorted_out_cpu"),
    "unique": _kernel("unique"), "unique_dim": _kernel("unique_dim"),
    "mvlgamma": _kernel("arange_cpu"),
    "softmax": _kernel("softmax_lastdim_kernel_impl"), "softmax:dim": _kernel(
        "softmax_kernel_impl"), "log_softmax": _kernel("log_softmax_lastdim_kernel_impl"),
    "log_softmax:dim": _kernel("log_softmax_kernel_impl"),
    "group_norm": _kernel("GroupNormKernelImpl"), "dropout": _kernel("bernoulli_scalar_cpu_"),
    "bernoulli": _kernel("bernoulli_tensor_cpu_self_"), "histogram": _kernel("histogramdd"),
    "clamp": _clamp_text(), "clamp_min:tensor": _kernel("maximum_cpu"),
    "clamp_max:tensor": _kernel("minimum_cpu"),
    "sign": (TorchNotImplementedError, "Unlike NumPy, torch.sign is not intended to support "
             "complex numbers. Please use torch.sgn instead."),
    "signbit": (TorchNotImplementedError, "signbit is not implemented for complex tensors."),
    **{n: (TorchRuntimeError, f"{n} not implemented for complex tensors.")
       for n in ("maximum", "minimum", "fmax", "fmin")},
    **{n: (TorchRuntimeError, f"{n.split(':')[0]}(): does not support complex input")
       for n in ("argmax", "argmin", "max:dim", "min:dim")},
    "sort": (TorchRuntimeError, " Sort does not support complex dtypes on CPU"),
    "topk": (TorchRuntimeError, " topk does not support complex dtypes on CPU"),
    "nansum": (TorchRuntimeError, "nansum on CPU does not support complex inputs"),
    **{n: (TorchRuntimeError, f"{n} is not supported for complex tensors.")
       for n in ("deg2rad", "rad2deg")},
    "heaviside": (TorchRuntimeError, "heaviside is not yet implemented for complex tensors."),
    "isin": (TorchRuntimeError, "Unsupported input type encountered for isin(): {dtype}"),
    "kl_div": (TorchRuntimeError, "kl_div: Complex inputs not supported."),
    "cosine_similarity": (TorchRuntimeError, "expected common dtype to be floating point, yet "
                          "common dtype is {dtype}"),
    "binary_cross_entropy": _kernel("binary_cross_entropy"),
}
COMPLEX_REFUSED.update({"max_pool1d": _kernel("max_pool1d_impl"),
                        "avg_pool1d": _kernel("avg_pool2d"),
                        "adaptive_max_pool1d": _kernel("adaptive_max_pool2d"),
                        "rrelu": _kernel("leaky_relu_cpu"), "relu": _clamp_text(),
                        "relu6": _clamp_text(), "hardtanh": _clamp_text(),
                        "celu": _kernel("elu_cpu"), "selu": _kernel("elu_cpu")})


def refuse_complex(name: str, *operands, numbers: bool = False) -> None:
    """PyTorch's error (COMPLEX_REFUSED[name]) when any of the tensors among operands is
    complex (or, with numbers=True, any Python number is); the dtype named is the complex
    one they all promote to, Python numbers included."""
    tensors = [(t.dtype, t._data.ndim) for t in operands if isinstance(t, Tensor)]
    scalars = [v for v in operands if isinstance(v, (bool, int, float, complex))]
    if any(d.category == 3 for d, _ in tensors) or numbers and any(
            v.__class__ is complex for v in scalars):
        cls, text = COMPLEX_REFUSED[name]
        try:
            legacy = dtypes.result_type(tensors, scalars).legacy
        except TorchNotImplementedError:  # float16 parts: PyTorch's complex32
            legacy = "ComplexHalf"
        raise cls(text.format(dtype=legacy))


def _low_text(fname: str) -> tuple:
    return (TorchRuntimeError, f"{fname}: Low precision dtypes not supported. Got {{dtype}}")


#: What PyTorch's CPU kernels raise for a float16 or bfloat16 input (ops whose kernels
#: dispatch on float, double and complex only), by op; `{dtype}` is the legacy name (Half,
#: BFloat16), `{shape}` the input's shape. An entry of a 3-tuple names the one dtype it
#: refuses. Ops call `refuse_low_precision(name, *tensors)` where ATen reaches the kernel.
LOW_PRECISION_REFUSED = {
    "lu": _kernel("lu_cpu"), "lu_solve": _kernel("linalg.lu_solve_cpu"),
    "cholesky": _kernel("cholesky_cpu"), "cholesky_solve": _kernel("cholesky_solve_cpu"),
    "cholesky_inverse": _kernel("cholesky_inverse_out_cpu"),
    "triangular_solve": _kernel("triangular_solve_cpu"), "geqrf": _kernel("geqrf_cpu"),
    "orgqr": _kernel("orgqr_cpu"), "ormqr": _kernel("ormqr_cpu"),
    "svd": _kernel("linalg_svd_cpu"), "eigh": _kernel("linalg_eigh_cpu"),
    "eig": _kernel("linalg_eig_out_cpu"), "lstsq": _kernel("linalg_lstsq_cpu"),
    "ldl_factor": _kernel("ldl_factor_kernel_cpu"), "ldl_solve": _kernel("ldl_solve_kernel_cpu"),
    "inv": _low_text("linalg.inv"), "slogdet": _low_text("linalg.slogdet"),
    "logdet": _low_text("logdet"), "matrix_norm": _low_text("linalg.matrix_norm"),
    # _get_epsilon, for a default rcond (lstsq) or rtol (matrix_rank)
    "epsilon": (TorchRuntimeError, "This function doesn't handle types other than float and "
                "double"),
    "pinv": (TorchRuntimeError, "linalg.pinv({dtype}{{{shape}}}): expected a tensor with 2 or "
             "more dimensions of float, double, cfloat or cdouble types"),
    "vander": (TorchRuntimeError, "linalg.vander supports floating point, complex, and integer "
               "tensors, but got {dtype}"),
    "cdist": _kernel("cdist"), "pdist": _kernel("pdist"), "histogram": _kernel("histogramdd"),
    **{n: _kernel(f"{n}_cpu") for n in ("ndtri", "log_ndtr", "erfcx", "ctc_loss")},
    "zeta": _kernel("zeta_cpu") + ("bfloat16",),
    **{k: _kernel(k) for k in ("multilabel_margin_loss_forward_out_frame",
                               "multi_margin_loss_cpu_kernel")},
    "rrelu": _kernel("rrelu_with_noise_out_cpu") + ("float16",),
}


def refuse_low_precision(name: str, *tensors, autocast_fp32=False) -> None:
    """PyTorch's error (LOW_PRECISION_REFUSED[name]) when the first float16 or bfloat16
    tensor among `tensors` reaches a kernel that has no such dtype; none in a CPU autocast
    region for an op of its float32 list (`autocast_fp32`), which casts them to float32."""
    if autocast_fp32 and _autocast_cpu[0]:
        return
    for t in tensors:
        if isinstance(t, Tensor):
            d = t.dtype
            if d is dtypes.bfloat16 or d is dtypes.float16:
                cls, text, *only = LOW_PRECISION_REFUSED[name]
                if only and only[0] != d.name:
                    return
                shape = ", ".join(str(s) for s in t._data.shape)
                raise cls(text.format(dtype=d.legacy, shape=f"[{shape}]"))


def bf16_result(*operands) -> bool:
    """Whether a binary op of `operands` (tensors, numbers) computes in bfloat16."""
    if not dtypes.BF16_USED[0]:
        return False
    tensors = [t for t in operands if isinstance(t, Tensor)]
    scalars = [v for v in operands if not isinstance(v, Tensor)]
    return dtypes.result_type([(t.dtype, t._data.ndim) for t in tensors],
                              scalars) is dtypes.bfloat16


def reduced_result(*operands) -> bool:
    """Whether a binary op of `operands` (tensors, numbers) computes in bfloat16 or
    float16."""
    if not dtypes.BF16_USED[0]:
        return False
    tensors = [t for t in operands if isinstance(t, Tensor)]
    scalars = [v for v in operands if not isinstance(v, Tensor)]
    rt = dtypes.result_type([(t.dtype, t._data.ndim) for t in tensors], scalars)
    return rt is dtypes.bfloat16 or rt is dtypes.float16


def bf16_scalar(value: float, reduced: bool, np_dtype) -> np.ndarray:
    """A number operand as a kernel reads it: rounded to the op's dtype in a bfloat16 or
    float16 op (`reduced`, running now)."""
    if reduced:
        return round_op(value)
    return np.asarray(value, dtype=np_dtype)


def maybe_multiply(t, factor):
    """PyTorch's maybe_multiply(t, s) of its backward formulas (alpha, beta): t itself for a
    factor of 1, else t * factor (a tensor or an array)."""
    return t if factor == 1 else t * factor


def no_requires_grad(t, name: str, fname: str) -> None:
    """PyTorch's check_no_requires_grad, which its generated autograd code runs (before the
    kernel) for a tensor argument with no derivative: refused while grad mode is on."""
    if t is not None and t._requires_grad and _enabled[0]:
        raise TorchRuntimeError(f"The function '{fname}' is not differentiable with respect "
                                f"to argument '{name}'. This input cannot have requires_grad "
                                "True.")


def float_kernel(kernel: str, *tensors) -> None:
    """A kernel ATen dispatches on floating types only, for the tensors' promoted dtype:
    its NotImplementedError ('"mse_cpu" not implemented for 'Long'') otherwise."""
    rt = dtypes.result_type([(t.dtype, t._data.ndim) for t in tensors], ())
    if rt.np.kind not in "fc":
        raise TorchNotImplementedError(f"\"{kernel}\" not implemented for '{rt.legacy}'")


def broadcast_check(*tensors) -> tuple:
    """The shape `tensors` broadcast to, with PyTorch's error where they do not (each
    against the broadcast of those before it)."""
    shape = tensors[0]._data.shape
    for t in tensors[1:]:
        try:
            shape = np.broadcast_shapes(shape, t._data.shape)
        except ValueError:
            raise broadcast_error(shape, t._data.shape) from None
    return shape


def aten_composite(fn):
    """For an op PyTorch composes in C++ out of other ops: a Python number in `fn` is an
    ATen Scalar there, so `x + eps` records AddBackward1, `x * 0.5` MulBackward1 and
    `1 - x` a SubBackward0 of a filled tensor (ATen's `Scalar - Tensor`), as in a backward
    rule; not the Python operators' AddBackward0 over a wrapped number and RsubBackward1."""
    import functools

    @functools.wraps(fn)
    def composed(*args, **kwargs):
        saved = _rule_scalars[0]
        _rule_scalars[0] = True
        try:
            return fn(*args, **kwargs)
        finally:
            _rule_scalars[0] = saved
    return composed


def binary(cls, a: Tensor, b, reverse=False):
    """Apply a broadcasting binary op `cls` to a tensor and anything tensor-like (a Python
    number in a backward rule that builds a graph: the op's Scalar overload)."""
    args = binary_args(a, b)
    if args is None:
        return NotImplemented
    x, y, cast = args
    if _rule_scalars[0] and (b.__class__ is float or b.__class__ is int):
        overload = getattr(cls, "scalar_overload", None)
        if overload is not None:        # reverse: only mul and add, which commute
            return apply(overload, (x,), cast, other=y._data)
    if reverse:
        x, y = y, x
    try:
        return apply(cls, (x, y), cast)
    except ValueError:
        try:
            np.broadcast_shapes(x._data.shape, y._data.shape)
        except ValueError:
            raise broadcast_error(x._data.shape, y._data.shape) from None
        raise


def wrap_dim(dim, ndim):
    from .._tensor import _wrap_dim
    return _wrap_dim(dim, ndim)


def wrap_dims(dim, ndim):
    """A tuple of non-negative dims from an int, a list or None (all dims)."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (list, tuple)):
        dims = tuple(wrap_dim(d, ndim) for d in dim)
        if len(set(dims)) != len(dims):
            repeated = next(d for k, d in enumerate(dims) if d in dims[:k])
            raise TorchRuntimeError(f"dim {repeated} appears multiple times in the list of dims")
        return dims
    return (wrap_dim(dim, ndim),)
