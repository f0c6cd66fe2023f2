"""Forward-mode AD, `torch.autograd.forward_ad`: dual levels, dual tensors, and how a tangent
goes through an op.

A dual tensor is a tensor with a tangent in its `_fw` slot (left unset on every other
tensor, so plain tensors pay nothing for it). One level at a time, as in PyTorch; leaving it
takes every tangent away. While a level is active `ops.core.apply` hands each op to
`apply_dual`, which runs the op on the primals with forward AD switched off and, when an
input has a tangent, gives each floating result the Jacobian-vector product as its tangent:

* a view op's tangent is the same view of the input's tangent (it shares its memory, so an
  in-place change of either one's tangent shows in the other, as in PyTorch); a linear op
  (`Node.linear`: sum, mean, cat ...) is applied to the tangents, and a product
  (`Node.bilinear`: mm, dot, _trilinear ...) gives f(ta, b) + f(a, tb) (+ f(a, b, tc));
* an op with a `jvp(inputs, tangents, out)` method uses it: PyTorch's own formula where
  its rounding shows in printed values (add, mul, div, softmax, norm ...), where it reads
  the tangent differently from the backward (cholesky, eigh), or PyTorch's refusal
  (cdist); a method may give NotImplemented to leave a case to the rules below;
* an elementwise op of one input (`Node.elementwise`) has a diagonal Jacobian, so its
  JVP is its own backward applied to the tangent: PyTorch's `auto_element_wise` formulas
  (of a complex input: conj(backward(conj t)) where the op is holomorphic, see
  `_complex_jvp` for the others);
* any other op uses its backward twice ("double vjp"): g_i = J_i^T u for a dummy cotangent
  u, built with create_graph, is linear in u, and d/du sum_i <g_i, t_i> = sum_i J_i t_i.
  Every backward rule is itself differentiable (second order is gradchecked), so this one
  rule serves every op.

A tangent is computed without recording a graph unless grad mode is on and a primal or a
tangent requires grad; then (reverse over forward) the same rules run as recorded tensor
ops on tangent-free primals (`_jvp_recorded`), and the tangent has a `grad_fn`. A dual
whose primal requires grad records its own reverse graph. Forward over reverse works: saved tensors keep their tangents (a saved
result's copy gets its result's, `_give_saved_output`) and a backward pass inside the level
runs the rules' tensor ops through here, so gradients carry tangents (Hessian-vector
products, `torch.func.jacfwd(jacrev(f))`).
"""
from __future__ import annotations

import weakref
from typing import NamedTuple

import numpy as np

from .. import dtypes
from ..errors import TorchRuntimeError, TorchTypeError, TorchValueError
from .grad_mode import _inference
from .graph import Node

__all__ = ["UnpackedDualTensor", "dual_level", "enter_dual_level", "exit_dual_level",
           "make_dual", "unpack_dual"]
__gradcli_safe__ = True

# Whether a dual level is active: the one flag the ops' fast paths read.
ACTIVE = [False]
# Whether the tangents are batched by PyTorch's legacy vmap (autograd.functional's
# forward-mode jacobian), which refuses some ops' formulas (`Node.legacy_vmap_refusal`)
LEGACY_VMAP = [False]
_level = [-1]
_duals: list = []               # weak references to the tensors given a tangent at the level
_prune_at = [4096]


# -- levels -----------------------------------------------------------------------------------

def enter_dual_level() -> int:
    """Enter the forward AD level (only one at a time) and return its number, 0."""
    if _level[0] >= 0:
        raise TorchRuntimeError("Nested forward mode AD is not supported at the moment")
    _level[0] = 0
    ACTIVE[0] = True
    return 0


def exit_dual_level(*, level=None) -> None:
    """Leave the level: every tangent made in it is dropped."""
    if level is None:
        level = _level[0]
    if level != _level[0]:
        raise TorchRuntimeError("Trying to exit a forward AD level that was not the last one "
                                "that was created. This is not supported.")
    if level < 0:
        raise TorchRuntimeError("Dual level must be a positive number.")
    for ref in _duals:
        t = ref()
        if t is not None:
            _drop(t)
    _duals.clear()
    _level[0] = -1
    ACTIVE[0] = False


def reset() -> None:
    """Leave the level if one is still open (a formula stopped inside it, or never left it):
    the state of a fresh process, for runners that reuse one."""
    if _level[0] >= 0:
        exit_dual_level()


class dual_level:
    """`with dual_level():` enters the forward AD level and leaves it at the end."""

    __gradcli_safe__ = True

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, *exc):
        exit_dual_level()
        return False

    def __repr__(self):
        return f"<torch.autograd.forward_ad.dual_level object at {hex(id(self))}>"


# -- dual tensors -----------------------------------------------------------------------------

class UnpackedDualTensor(NamedTuple):
    """What `unpack_dual` returns: the primal and the tangent (None if there is none)."""

    primal: object
    tangent: object


UnpackedDualTensor.__gradcli_safe__ = True
UnpackedDualTensor.__module__ = "torch.autograd.forward_ad"


def make_dual(tensor, tangent, *, level=None):
    """A view of `tensor` with `tangent` as its forward gradient (the tangent as it is)."""
    if level is None:
        level = _level[0]
    if level < 0:
        raise TorchRuntimeError("Trying to create a dual Tensor for forward AD but no level "
                                "exists, make sure to enter_dual_level() first.")
    for what, t in (("primal", tensor), ("tangent", tangent)):
        if not (t.is_floating_point() or t.dtype.is_complex):
            raise TorchValueError(f"Expected {what} to be floating point or complex, but got: "
                                  f"{t.dtype}")
    if level != _level[0]:
        raise TorchRuntimeError("Invalid level given to _make_dual")
    if tangent_of(tensor) is not None:
        raise TorchRuntimeError("Making a dual Tensor based on a Tensor that already has a "
                                f"forward gradient at the same level {level} is not supported.")
    if tangent_of(tangent) is not None:
        raise TorchRuntimeError("Setting a forward grad that itself has a forward gradient at "
                                f"the same level{level} is not supported.")
    if tangent._data.shape != tensor._data.shape:
        raise TorchRuntimeError(
            "Trying to set a forward gradient that has a different size than that of the "
            "original Tensor, this is not supported. Tensor is of size "
            f"{_size(tensor)} while the given forward gradient is of size {_size(tangent)}.")
    from ..ops.core import apply
    from ..ops.shape import ViewBackward0
    ACTIVE[0] = False
    try:
        dual = apply(ViewBackward0, (tensor,), shape=tensor._data.shape)
    finally:
        ACTIVE[0] = True
    if not _inference[0]:                     # as it is, or copied to the primal's layout
        if _same_meta(tangent, dual):
            _give(dual, tangent)
        else:
            _refuse_overlapping(dual)
            _give(dual, _laid_out_as(tangent, dual))
    return dual


def _refuse_overlapping(primal) -> None:
    """PyTorch copies a tangent into the primal's layout with copy_, which refuses a layout
    whose elements share memory (an expanded primal)."""
    from ..ops.views import INTERNAL_OVERLAP, internal_overlap
    if internal_overlap(primal._data):
        raise TorchRuntimeError(INTERNAL_OVERLAP)


def _storage(a: np.ndarray) -> tuple:
    """(the number of elements of a's memory, a's offset in it), as PyTorch's storage."""
    from ..storage import root_array
    root = root_array(a)
    start = a.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return root.nbytes // a.itemsize, start // a.itemsize


def _same_meta(tangent, primal) -> bool:
    """PyTorch's `has_same_meta`: the same strides (but along sizes 0 and 1), storage
    offset and storage size; make_dual keeps such a tangent as it is, copies any other."""
    t, p = tangent._data, primal._data
    if any(n > 1 and st // t.itemsize != sp // p.itemsize
           for n, st, sp in zip(p.shape, t.strides, p.strides)):
        return False
    return _storage(t) == _storage(p)


def unpack_dual(tensor, *, level=None) -> UnpackedDualTensor:
    """(primal, tangent) of `tensor`: the primal a view without the tangent."""
    if level is None:
        level = _level[0]
    if level < 0:
        return UnpackedDualTensor(tensor, None)
    from .._tensor import Tensor
    if not isinstance(tensor, Tensor):
        raise TorchTypeError(f"_unpack_dual(): argument 'dual' (position 1) must be Tensor, "
                             f"not {type(tensor).__name__}")
    tangent = tangent_of(tensor)
    if tangent is None:
        return UnpackedDualTensor(tensor, None)
    if level != _level[0]:
        raise TorchRuntimeError("Invalid level given to _fw_primal")
    from ..ops.core import apply
    ACTIVE[0] = False
    try:
        primal = apply(CppFunction, (tensor,))
    finally:
        ACTIVE[0] = True
    _give(primal, False)
    return UnpackedDualTensor(primal, tangent)


def _size(t) -> str:
    return f"[{', '.join(str(n) for n in t._data.shape)}]"


def tangent_of(t):
    """t's tangent at the active level, or None. A view of a tensor that was given a tangent
    after the view was made (by an in-place write) sees the same view of that tangent."""
    if _inference[0]:                         # inference mode turns forward AD off too
        return None
    tangent = getattr(t, "_fw", None)
    if tangent is False:                      # unpack_dual's primal, a view without one
        return None
    if tangent is None and t._base is not None and ACTIVE[0]:
        base = getattr(t._base, "_fw", None)
        if base is not None:
            tangent = _view_of(base, t._base, t)
            _give(t, tangent)
    return tangent


def _give(t, tangent) -> None:
    t._fw = tangent
    _duals.append(weakref.ref(t))
    if len(_duals) > _prune_at[0]:            # a long level: forget the tensors gone since
        _duals[:] = [ref for ref in _duals if ref() is not None]
        _prune_at[0] = max(4096, 2 * len(_duals))


def _drop(t) -> None:
    try:
        del t._fw
    except AttributeError:
        pass


def _view_of(base_tangent, base, view):
    """The tangent of `view` in `base_tangent`: the view's place in its base, over the
    tangent's memory when the two are laid out alike (a copy otherwise)."""
    from ..ops.core import wrap
    from ..ops.views import positions
    tb, b, v = base_tangent._data, base._data, view._data
    scale = tb.itemsize / b.itemsize
    alike = tb.strides == tuple(int(s * scale) for s in b.strides)
    if alike and (b.flags.c_contiguous or b.flags.f_contiguous):
        start = (v.__array_interface__["data"][0] - b.__array_interface__["data"][0]) \
            // b.itemsize
        memory = tb.ravel(order="K")                  # a view: tb is contiguous too
        strides = tuple(int(s * scale) for s in v.strides)
        tangent = wrap(np.lib.stride_tricks.as_strided(memory[start:], v.shape, strides))
        _as_view(tangent, base_tangent)       # its version counter is the base tangent's
        return tangent
    flat = positions(v, b)                    # (C-order places in b, any dense layout)
    if flat is not None:
        return wrap(tb.reshape(-1)[flat])
    raise TorchRuntimeError("gradcli gives a tangent to views of tensors dense in memory "
                            "only; call .contiguous() first")


# -- tangents through ops ---------------------------------------------------------------------

#: The tensor an in-place op is about to write (ops.core.inplace sets it while the op runs),
#: and the value it writes when the op's tangent formula reads it (`_after_write`).
IN_PLACE = [None]
WRITTEN = [None]
#: The self an in-place op's node is applied to (its value before the write)
IN_PLACE_SELF = [None]


def apply_dual(apply, cls, inputs, cast, params):
    """`apply(cls, inputs, cast, **params)` at an active level: the op on the primals, and
    its results' tangents when an input has one."""
    # (forward AD runs in PyTorch's Autograd kernels, which an op whose every input is an
    # inference tensor skips)
    tangents = [tangent_of(x) for x in inputs] if cls.differentiable and not all(
        x._is_inference for x in inputs) else ()
    decomposed = getattr(cls, "jvp_decomposition", None)
    if decomposed is not None and any(t is not None for t in tangents):
        return decomposed(*inputs, **params)     # the ops of PyTorch's jvp decomposition
    if cls.zero_tangents and any(t is not None for t in tangents):
        tangents = [_zeros(x) if t is None and _floating(x) else t
                    for x, t in zip(inputs, tangents)]
    elif tangents and tangents[0] is None and inputs[0] is IN_PLACE_SELF[0] and \
            _floating(inputs[0]) and cls.__name__ in _ZEROS_SELF_TANGENT and \
            any(t is not None for t in tangents):
        # real zeros, not an efficient zero (`zeros.div_(d)`'s tangent is 0, not -0)
        tangents = [_zeros(inputs[0])] + list(tangents[1:])
    ACTIVE[0] = False
    from . import grad_mode
    GRAD_MODE[0] = grad_mode._enabled[0]
    try:
        out = apply(cls, inputs, cast, **params)
        if any(t is not None for t in tangents):
            if LEGACY_VMAP[0] and cls.legacy_vmap_refusal:
                raise TorchRuntimeError(cls.legacy_vmap_refusal)
            inputs = _after_write(inputs, out)
            tangents = _complex_of_real(cls, inputs, tangents)
            record = _differentiable(inputs, tangents)
            try:
                if record:
                    with _recording():
                        tangent = _jvp_recorded(cls, inputs, cast, params, tangents, out)
                else:
                    with _recording(False):
                        tangent = _jvp(cls, inputs, cast, params, tangents, out)
            except TorchRuntimeError as exc:
                raise _no_formula(exc) from None
            if not cls.is_view:
                tangent = _unaliased(tangent, tangents, record)
            _attach(out, tangent, cls.is_view, cls.plain_outputs)
    finally:
        ACTIVE[0] = True
        WRITTEN[0] = None
    return out


#: The grad mode the op itself runs in: PyTorch evaluates a forward formula in it (logit's
#: differs with it), while gradcli works a tangent out with grad mode on or off (`_recording`)
GRAD_MODE = [True]


def _no_formula(exc: Exception) -> Exception:
    """PyTorch's forward-mode error for an op whose backward node is NotImplemented (its
    derivative raises "derivative for aten::X is not implemented"): no formula either."""
    import re
    found = re.fullmatch(r"derivative for (aten::\S+) is not implemented", str(exc))
    if found is None:
        return exc
    from ..ops.extra import TorchNotImplementedError
    return TorchNotImplementedError(f"Trying to use forward AD with {found.group(1)} that "
                                    "does not support it.")


def _after_write(inputs, out) -> tuple:
    """The primals an in-place op's tangent formula reads: PyTorch writes the primal first,
    then evaluates the formula with self's original value (`original_self_p`) but the other
    inputs as they are then, so another input that is self itself (`r *= r`, `r.pow_(r)`)
    reads the written value (the tangent of r *= r is t r^2 + t r, not 2 t r)."""
    target = IN_PLACE[0]
    if target is None or isinstance(out, tuple) or \
            not any(_same_memory(x, target) for x in inputs[1:]):
        return inputs
    from ..ops.core import wrap
    if out._requires_grad and out._data.dtype == target._data.dtype and \
            out._data.shape == target._data.shape:
        # the written self with the op's history, as PyTorch's `other_p` is: what the
        # formula saves of it (and of the other input's tangent) joins the tangent's graph
        new = _primal_alias(out)
    else:
        new = wrap(np.array(np.broadcast_to(out._data.astype(target._data.dtype, copy=False),
                                            target._data.shape)))
        _give(new, False)
    WRITTEN[0] = new                    # and `result` is the written value (_rerun)
    return (inputs[0],) + tuple(new if _same_memory(x, target) else x for x in inputs[1:])


def _same_memory(x, target) -> bool:
    """x is target, or another tensor over the same elements (`target.detach()`)."""
    from ..ops.views import overlap
    return x is target or (x._data.shape == target._data.shape and
                           overlap(x._data, target._data) == "full")


def _unaliased(result, tangents, record: bool):
    """The tangent(s) of an op that is not a view, none of them an input's tangent (a rule
    may pass one on as it is, `x + 0 * y`): such a one is copied, keeping its place in the
    graph when `record` (else without one), so an in-place op on the result leaves the
    input's tangent alone."""
    if result is None or result is NO_TANGENT:
        return result
    if isinstance(result, tuple):
        return tuple(_unaliased(r, tangents, record) for r in result)
    if not any(t is not None and np.may_share_memory(result._data, t._data) for t in tangents):
        return result
    from ..ops.core import _history_copy, wrap
    if not record:
        return wrap(result._data.copy())
    if result.grad_fn is None and result._requires_grad:
        # a leaf (`h.copy_(x)` passes x's tangent on): the copy's gradient is the leaf's,
        # as when PyTorch's formula reads the leaf itself (`self_t.copy_(src_t)`)
        acc = result._grad_accumulator()
        copy = wrap(result._data.copy())
        copy._requires_grad, copy._acc = True, (lambda: acc)
        return copy
    before, ACTIVE[0] = ACTIVE[0], False
    try:
        return _history_copy(result)
    finally:
        ACTIVE[0] = before


def _differentiable(inputs, tangents) -> bool:
    """Whether the tangent must record its own graph (reverse over forward): grad mode on
    and a primal or a tangent requires grad."""
    from .grad_mode import _enabled
    if not _enabled[0]:
        return False
    return any(x._requires_grad for x in inputs) or \
        any(t is not None and t._requires_grad for t in tangents)


def _jvp_recorded(cls, inputs, cast, params, tangents, out):
    """`_jvp` with tensor ops that record a graph, so the tangent is differentiable in the
    primals and the tangents (PyTorch's tangents carry a grad_fn then)."""
    from ..ops.core import apply
    outs = out if isinstance(out, tuple) else (out,)
    if not any(_floating(o) for o in outs):
        return None
    reads_primals = not (cls.is_view or cls.linear or cls.__name__ in _IN_PLACE_FORMULA)
    if IN_PLACE[0] is not None and reads_primals and inputs:
        # an in-place op's formula reads self's value before the write as PyTorch's does,
        # from a clone of it (`original_self_p`, a CloneBackward0 in the tangent's graph)
        inputs = (_original_self(inputs[0], tangents[0]),) + tuple(inputs[1:])
    # PyTorch's formulas read the primals (`self_p`): tensors without a tangent of their own,
    # so what the tangent's graph saves carries none into a later backward in the level
    inputs = tuple(_primal_alias(x) if t is not None else x for x, t in zip(inputs, tangents))
    if not reads_primals:
        args = tuple(x if not _floating(x) else (t if t is not None else _zeros(x))
                     for x, t in zip(inputs, tangents))
        if cls.__name__ in _IN_PLACE_FORMULA:
            cls, params = _formula_node(cls, params, args[0])
        return apply(cls, args, cast, **params)
    if cls.bilinear:
        total = None
        for i, t in enumerate(tangents):
            if t is not None:
                term = apply(cls, inputs[:i] + (t,) + inputs[i + 1:], cast, **params)
                total = term if total is None else total + term
        return total
    if hasattr(cls, "jvp"):
        tangent = _own_jvp(cls, inputs, params, tangents, out)
        if tangent is not NotImplemented:
            return tangent
    if cls.elementwise and len(inputs) == 1:
        return _elementwise_recorded(cls, inputs[0], cast, params, tangents[0], out)
    return _double_vjp_recorded(cls, inputs, cast, params, tangents, isinstance(out, tuple))


def _original_self(before, tangent):
    """A recorded clone of `before` (an in-place op's self before the write), keeping its
    tangent."""
    copy = before.clone()
    if tangent is not None:
        _give(copy, tangent)
    return copy


def _formula_node(cls, params, tangent):
    """The node and parameters of PyTorch's in-place tangent formula of op `cls` on
    `tangent`: a constant written is 0 there (`self_t.masked_fill_(mask, 0)`), and
    `x[index] = v` on a view x is index_put_ on its tangent, which is no view."""
    if "value" in params:
        params = dict(params, value=0)
    if params.get("index_put") and tangent._base is None:
        from ..ops.views import IndexPutBackward0
        cls = IndexPutBackward0
    return cls, params


def _joined_copy(x):
    """x itself when it requires grad (a tangent computed from it is joined to it), else a
    copy that does."""
    return x if x._requires_grad else x.detach().requires_grad_(True)


def _elementwise_recorded(cls, x, cast, params, tangent, out):
    """J t of an elementwise op, its backward rule applied to t, recorded."""
    from ..ops.core import apply
    from .engine import grad
    node = out.grad_fn
    if cls.save_output and type(node) is cls and not _complex(x) and tangent.dtype == out.dtype:
        # PyTorch's formula reads the result itself (`self_t * result`): the tangent's graph
        # runs through the op's own node, and what it saves of the result gets its tangent
        # (`_give_saved_output`), so a gradient of the tangent carries one too
        return node(tangent)
    c = _joined_copy(x)
    y = apply(cls, (c,), cast, **params)
    if not y._requires_grad:
        return None
    if _complex(x):
        return _copied(_complex_jvp(cls, y, tangent, lambda g: grad(
            [y], [c], [g], create_graph=True, retain_graph=True, allow_unused=True)[0]), y)
    result = grad([y], [c], [tangent.to(y.dtype)], create_graph=True, allow_unused=True)[0]
    if cls.save_output and result is not None:     # the result the formula read carries it
        _give_saved_output(y, result)
    return result


def _complex(t) -> bool:
    return t._data.dtype.kind == "c"


def _copied(tangent, y):
    """A recorded tangent of a complex input's op copied into a tensor laid out as the
    result y (PyTorch's such tangents have grad_fn CopyBackwards)."""
    if tangent is None:
        return None
    from ..ops.creation import zeros_like
    return zeros_like(y).copy_(tangent)


def _complex_jvp(cls, y, tangent, vjp):
    """df = a t + b conj(t) (a = df/dz, b = df/dconj(z)) of an elementwise op y = f(z) of a
    complex z, from its backward rule `vjp`, PyTorch's v(g) = g conj(a) + conj(g) b:
    conj(v(conj t)) where f is holomorphic (b = 0), Re(conj(v(1)) t) where f is real
    (b = conj(a)); else a and b from v(1) and v(i)."""
    from ..ops.core import HOLOMORPHIC_RULES
    from ..ops.creation import ones_like, zeros_like
    if not _complex(y):                     # v(1) = 2 conj(a): df = 2 Re(a t)
        v1 = vjp(ones_like(y))
        return None if v1 is None else (v1.conj() * tangent).real
    if cls.__name__ in HOLOMORPHIC_RULES:
        g = vjp(tangent.conj())
        return None if g is None else g.conj()
    from ..ops.shape import complex_

    def times_i(v):
        return complex_(-v.imag, v.real)
    part = y.real.detach()
    v1, vi = vjp(ones_like(y)), vjp(complex_(zeros_like(part), ones_like(part)))
    if v1 is None:
        return None
    a = (v1 - times_i(vi)).conj() * 0.5
    b = (v1 + times_i(vi)) * 0.5
    return a * tangent + b * tangent.conj()


def _primal_alias(x):
    """x as a primal: the same values and graph, no tangent."""
    from ..ops.core import apply
    if not x._requires_grad:
        primal = x.detach()
    elif _complex(x):               # a node ops.core lets differentiate complex tensors
        from ..ops.shape import AliasBackward0
        primal = apply(AliasBackward0, (x,))
    else:
        primal = apply(CppFunction, (x,))
    _give(primal, False)
    return primal


def _zeros(x):
    from ..ops.creation import zeros_like
    return zeros_like(x)


def _double_vjp_recorded(cls, inputs, cast, params, tangents, multi: bool):
    """sum_i J_i t_i as d/du sum_i <J_i^T u, t_i>, every step recorded: the op is run again
    on the primals themselves (a copy requiring grad for one that does not), so the result
    is joined to them and to the tangents."""
    from ..ops.core import apply
    xs, wrt, ts = [], [], []
    for x, t in zip(inputs, tangents):
        if t is not None and _floating(x):
            c = _joined_copy(x)
            wrt.append(c)
            ts.append(t)
            xs.append(c)
        else:
            xs.append(x)
    ys = apply(cls, tuple(xs), cast, **params)
    _written_result(ys)
    ys = ys if isinstance(ys, tuple) else (ys,)
    result = _jvps_of(ys, wrt, ts, True)
    if result is not None and any(_complex(t) for t in ts):
        result = tuple(_copied(r, y) for r, y in zip(result, ys))
    return result if multi or result is None else result[0]


def _jvps_of(ys, wrt, ts, record: bool):
    """For each result y of an op run on `wrt`: J t = d/du <J^T u, t> summed over the
    inputs (None for a result that is not floating point, or does not depend on them);
    None when no result requires grad. `record`: the second derivative is recorded too."""
    from .engine import grad
    pairs = [(y, _zeros(y).requires_grad_(True)) for y in ys if _floating(y) and y._requires_grad]
    if not pairs:
        return None
    gs = grad([y for y, _ in pairs], wrt, [u for _, u in pairs], create_graph=True,
              allow_unused=True)
    # <J^T u, conj(t)> for a complex t: with J^T u = u conj(a) + conj(u) b (PyTorch's
    # conjugate Wirtinger rule), its gradient in u is a t + b conj(t), the JVP
    terms = [(g * (t.conj() if _complex(t) else t)).sum() for g, t in zip(gs, ts)
             if g is not None and g._requires_grad]
    jvps = [None] * len(pairs)
    if terms:
        total = terms[0]
        for term in terms[1:]:
            total = total + term
        from ..ops.creation import ones_like
        jvps = grad([total], [u for _, u in pairs], [ones_like(total)] if _complex(total)
                    else None, create_graph=record, allow_unused=True)
    # (a tangent of a wider dtype than the primal's keeps it, as PyTorch's formulas promote)
    jvps = [_promoted_to(j, y, wrt, ts) for (y, _), j in zip(pairs, jvps)]
    by_output = {id(y): j for (y, _), j in zip(pairs, jvps)}
    return tuple(by_output.get(id(y)) if _floating(y) else None for y in ys)


#: ops whose tangent PyTorch copies into a tensor of the result's dtype (diagonal_copy's)
_COPIED_TANGENT = frozenset(("DiagonalBackward0_copy",))


def _promoted_to(jvp, y, xs, ts):
    """jvp (computed in result y's dtype) promoted with the tangents of another dtype than
    their primal's (a float64 tangent of a float32 x: PyTorch's formula promotes; .half()
    of a float32 x keeps float16)."""
    if jvp is None or type(y.grad_fn).__name__ in _COPIED_TANGENT:
        return jvp
    wanted = y.dtype
    for x, t in zip(xs, ts):
        if t is not None and t.dtype is not x.dtype and not _complex(t):
            wanted = dtypes._promote2(wanted, t.dtype)
    return jvp if wanted is jvp.dtype else jvp.to(wanted)


def _jvp(cls, inputs, cast, params, tangents, out):
    """The tangent of each result of op `cls` (a tensor, or a tuple of them or None)."""
    if cls.is_view or cls.linear:
        return _linear(cls, inputs, cast, params, tangents)
    if cls.bilinear:
        return _bilinear(cls, inputs, cast, params, tangents)
    if hasattr(cls, "jvp"):
        tangent = _own_jvp(cls, inputs, params, tangents, out)
        if tangent is not NotImplemented:         # else the op's case has no rule of its own
            return tangent
    outs = out if isinstance(out, tuple) else (out,)
    if not any(_floating(o) for o in outs):
        return None
    if cls.elementwise and len(inputs) == 1:
        return _elementwise(cls, inputs, cast, params, tangents[0])
    return _double_vjp(cls, inputs, cast, params, tangents, isinstance(out, tuple))


def _own_jvp(cls, inputs, params, tangents, out):
    """The op's own forward formula (its `jvp`), whose scalar operations are C++'s Scalar
    overloads as the backward rules' are (`2. * result` records MulBackward1)."""
    from .grad_mode import _rule_scalars
    before, _rule_scalars[0] = _rule_scalars[0], True
    try:
        return _scratch(cls, inputs, params).jvp(inputs, tangents, out)
    finally:
        _rule_scalars[0] = before


def _floating(t) -> bool:
    return t._data.dtype.kind in "fc"


def _scratch(cls, inputs, params):
    """A node of class `cls` to run its forward or rule on, outside any graph."""
    node = cls.__new__(cls)
    node.__dict__.update(params)
    node._in_meta = tuple((x._data.shape, x._data.dtype) for x in inputs)
    return node


def _array(tangent, x, cast):
    """What a linear op's forward takes for input x: its tangent (zeros if it has none) or,
    for an integer input (indices), x itself."""
    if not _floating(x):
        return x._data
    arr = np.zeros_like(x._data) if tangent is None else tangent._data
    return arr if cast is None or arr.dtype == cast else arr.astype(cast)


def _linear(cls, inputs, cast, params, tangents):
    """A linear op's (or a view's) tangent: the op applied to the tangents. A view of a
    tangent shares its memory, as the view shares its input's."""
    from ..ops.core import wrap
    if cls.elementwise and tangents[0] is not None and _complex(tangents[0]) and \
            not _complex(inputs[0]):
        tangents = (_real_part(tangents[0]),)       # neg: an auto_element_wise formula
    node = _scratch(cls, inputs, params)
    arrays = [_array(t, x, None) for x, t in zip(inputs, tangents)]
    if len(inputs) > 1 and (cast is None or cast == _promoted([x._data for x in inputs])):
        cast = _promoted(arrays)     # cat, where: of the tangents promotes them, not the primals
    arrays = [a if cast is None or a.dtype == cast or a.dtype.kind not in "fc" else
              a.astype(cast) for a in arrays]
    out = node.forward(*arrays)
    out = tuple(wrap(o) for o in out) if isinstance(out, tuple) else wrap(np.asarray(out))
    if cls.is_view and tangents[0] is not None:
        for o in out if isinstance(out, tuple) else (out,):
            _as_view(o, tangents[0])
    return out


def _promoted(arrays):
    """The NumPy dtype PyTorch promotes the floating arrays to (None if none is floating)."""
    floats = [(dtypes.from_numpy(a.dtype), a.ndim) for a in arrays if a.dtype.kind in "fc"]
    return dtypes.result_type(floats, ()).np if floats else None


def _as_view(view, tangent) -> None:
    """A view op's tangent, over `tangent`'s memory, made a view of it the graph knows (as
    PyTorch's is): a write into it later records a CopySlices on the tangent it views (a
    transposed primal's tangent included: ops.views follows any dense layout)."""
    from ..ops.core import _dense_layout
    root = tangent if tangent._base is None else tangent._base
    if not np.shares_memory(view._data, root._data):
        return
    view._version_box = root._version_box
    if root._data.flags.c_contiguous or _dense_layout(root._data):
        view._base = root


def _bilinear(cls, inputs, cast, params, tangents):
    """A product's tangent, f(ta, b) + f(a, tb) (and + f(a, b, tc) for a product of three):
    PyTorch's `self_t.mm(other_p) + self_p.mm(other_t)` and its kin."""
    from ..ops.core import wrap
    if cls.same_dtype and cast is None:
        _refuse_mixed(cls, inputs, tangents)
    node = _scratch(cls, inputs, params)
    primals = [x._data if cast is None else x._data.astype(cast) for x in inputs]
    total = None
    for i, (x, t) in enumerate(zip(inputs, tangents)):
        if t is not None:
            args = primals[:i] + [_array(t, x, cast)] + primals[i + 1:]
            term = np.asarray(node.forward(*args))
            total = term if total is None else total + term
    return wrap(np.asarray(total))


def _refuse_mixed(cls, inputs, tangents) -> None:
    """PyTorch's formula multiplies each tangent (an absent one: zeros of its primal's dtype)
    by the other primals with the op itself, so a tangent of another dtype than its primal
    meets the op's dtype check; C++ works out `a + b`'s right term first, so the last
    input's term is checked first."""
    from ..ops.linalg import _same_dtype
    if all(t is None or t.dtype == x.dtype for x, t in zip(inputs, tangents)):
        return
    for i in reversed(range(len(inputs))):
        if tangents[i] is not None:
            a, b = (tangents[0], inputs[1]) if i == 0 else (inputs[0], tangents[1])
            _same_dtype(a, b, cls.same_dtype)


def _rerun(cls, inputs, cast, params, tangents):
    """The op run again on detached copies of the inputs, those with a tangent requiring
    grad: (results tuple, the copies that require grad, their tangents)."""
    from ..ops.core import apply
    xs, wrt, ts = [], [], []
    for x, t in zip(inputs, tangents):
        c = x.detach()
        c._is_inference = False
        if t is not None and _floating(x):
            c.requires_grad_(True)
            wrt.append(c)
            ts.append(t)
        xs.append(c)
    with _recording():
        out = apply(cls, tuple(xs), cast, **params)
    _written_result(out)
    return (out if isinstance(out, tuple) else (out,)), wrt, ts


def _written_result(out) -> None:
    """A rerun of an in-place op whose other input was self (`_after_write`) saves the value
    the op wrote as its result, the `result` PyTorch's formula reads (r.pow_(r): the
    exponent's term is t r_written log r, not t r^r_written log r)."""
    written = WRITTEN[0]
    if written is not None and not isinstance(out, tuple) and out.grad_fn is not None and \
            out.grad_fn.save_output and out._data.shape == written._data.shape:
        out._data[...] = written._data


class _recording:
    """Grad mode on (or off, `_recording(False)`) and inference mode off while a tangent is
    worked out: on to run the op's backward, off so that a tangent records no graph."""

    def __init__(self, on: bool = True):
        self.on = on

    def __enter__(self):
        from . import grad_mode
        self.saved = grad_mode._enabled[0], grad_mode._inference[0]
        grad_mode._enabled[0], grad_mode._inference[0] = self.on, False

    def __exit__(self, *exc):
        from . import grad_mode
        grad_mode._enabled[0], grad_mode._inference[0] = self.saved
        return False


def _elementwise(cls, inputs, cast, params, tangent):
    """J t for an op whose Jacobian is diagonal: its vector-Jacobian product with t."""
    from .engine import grad
    if _complex(tangent) and not _complex(inputs[0]) and cls.__name__ != "FracBackward0":
        tangent = _real_part(tangent)               # (frac's formula is self_t: kept)
    (y,), wrt, _ = _rerun(cls, inputs, cast, params, (tangent,))
    if not y._requires_grad:
        return None
    with _recording():
        if _complex(inputs[0]):
            if not _complex(tangent):             # a real tangent of a complex primal
                tangent = tangent.to(y.dtype)
            return _complex_jvp(cls, y, tangent, lambda g: grad(
                [y], wrt, [g], retain_graph=True, allow_unused=True)[0])
        if tangent.dtype != y.dtype:          # PyTorch's t * f'(x): the wider dtype of the two
            return _promoted_rule(y, tangent)
        return grad([y], wrt, [tangent], allow_unused=True)[0]


#: Ops whose PyTorch forward formula runs a real kernel on the tangent (their backward's),
#: which refuses a complex tangent of a real primal
_REAL_KERNELS = {"ReluBackward0": "threshold_cpu", "ThresholdBackward0": "threshold_cpu",
                 "LeakyReluBackward0": "leaky_relu_backward_cpu",
                 "HardtanhBackward0": "hardshrink_backward_cpu",
                 "EluBackward0": "elu_backward_cpu", "CeluBackward0": "elu_backward_cpu",
                 "SoftplusBackward0": "softplus_backward_cpu",
                 "HardswishBackward0": "hardswish_backward_cpu",
                 "HardsigmoidBackward0": "hardsigmoid_backward"}
#: Ops with a formula of their own that copies its complex result into the real result's
#: tangent, as the elementwise ones do (`_real_part`)
_CUT_TO_REAL = frozenset(("SiluBackward0", "MishBackward0", "ReciprocalBackward0"))


def _complex_of_real(cls, inputs, tangents):
    """The tangents an op reads when its first input is real and its tangent complex:
    PyTorch's refusal by a real kernel, the tangent's real part, or the tangent as it is."""
    if not tangents or tangents[0] is None or not _complex(tangents[0]) or \
            _complex(inputs[0]):
        return tangents
    name = cls.__name__
    if name in _REAL_KERNELS:
        from ..errors import TorchNotImplementedError
        raise TorchNotImplementedError(f"\"{_REAL_KERNELS[name]}\" not implemented for "
                                       f"'{tangents[0].dtype.legacy}'")
    if name == "LogSigmoidBackward0":
        raise TorchRuntimeError(f"Found dtype {tangents[0].dtype.legacy} but expected "
                                f"{inputs[0].dtype.legacy}")
    if name in _CUT_TO_REAL:
        return (_real_part(tangents[0]),) + tuple(tangents[1:])
    return tangents


def _real_part(tangent):
    """A complex tangent of a real primal as PyTorch's elementwise formulas leave it: their
    complex result is copied into the real result's tangent (warning once)."""
    from ..errors import warn_complex_to_real
    warn_complex_to_real(tangent._data.dtype, np.dtype(np.float32))
    return tangent.real


def _promoted_rule(y, tangent):
    """An elementwise op's JVP for a tangent of another dtype than its primal: the rule on
    the tangent as it is (the engine would cast the result to the primal's dtype), in the
    dtype PyTorch's formula promotes the two to."""
    rt = dtypes.result_type([(tangent.dtype, 1), (y.dtype, 1)], ())
    with _recording(False):
        g = y.grad_fn(tangent)
    return g if g is None or g.dtype == rt else g.to(rt)


def _double_vjp(cls, inputs, cast, params, tangents, multi: bool):
    """sum_i J_i t_i as d/du sum_i <J_i^T u, t_i> (see the module docstring)."""
    ys, wrt, ts = _rerun(cls, inputs, cast, params, tangents)
    with _recording():
        result = _jvps_of(ys, wrt, ts, False)
    return result if multi or result is None else result[0]


#: What an op's `jvp` returns where PyTorch leaves the results' tangent undefined (the results
#: then have none, not zeros).
NO_TANGENT = object()


def _attach(out, tangents, view: bool, plain: tuple = ()) -> None:
    """Give each floating result its tangent (zeros where the op gave None), in the result's
    shape and memory layout (a view's tangent is kept as it is: it views the input's); the
    results at `plain` are not differentiable and get none."""
    from ..ops.creation import zeros_like
    if tangents is NO_TANGENT:
        return
    outs = out if isinstance(out, tuple) else (out,)
    if not isinstance(tangents, tuple):
        tangents = (tangents,) * len(outs) if tangents is not None else (None,) * len(outs)
    for i, (o, t) in enumerate(zip(outs, tangents)):
        if not _floating(o) or i in plain:
            continue
        if t is None:
            t = zeros_like(o)
        elif t._data.shape != o._data.shape or (t._data.strides != o._data.strides
                                                and not view):
            t = _laid_out_as(t, o)
        _give(o, t)
        _give_saved_output(o, t)


def _give_saved_output(o, tangent) -> None:
    """The copy of result `o` that its node saved for the backward gets o's tangent too:
    a backward run inside the level then carries it into the gradients (forward-over-reverse,
    as PyTorch's saved variables keep their forward gradient)."""
    from .graph import _SavedOutput
    node = o.grad_fn
    if node is None or not node.save_output or not node._saved:
        return
    for item in node._saved:
        if isinstance(item, _SavedOutput) and item.tensor._data is o._data:
            _give(item.tensor, tangent)
            for ref in item.early or ():      # unpacked by the result's own tangent formula
                alias = ref()
                if alias is not None and tangent_of(alias) is None:
                    _give(alias, tangent)
            item.early = None


def _laid_out_as(tangent, t):
    """A copy of `tangent` (broadcast to t's shape) in t's memory layout: a view op then
    views the tangent as it views the primal, as PyTorch lays tangents out."""
    from ..ops.core import wrap
    size, offset = _storage(t._data)
    if offset or size != t._data.size:        # over memory of t's storage's size, at its offset
        memory = np.zeros(size, dtype=tangent._data.dtype)
        arr = np.ndarray(t._data.shape, memory.dtype, memory, offset * memory.itemsize, tuple(
            s // t._data.itemsize * memory.itemsize for s in t._data.strides))
    else:
        arr = np.empty_like(t._data, dtype=tangent._data.dtype)
    if tangent._requires_grad and _records_write(tangent, None):
        with suspended():                     # a recorded copy (CopyBackwards), as PyTorch's
            return wrap(arr).copy_(tangent)
    arr[...] = tangent._data
    return wrap(arr)


def history_copy(t, copy) -> None:
    """`ops.core._history_copy(t)` gave `copy`, t's value before an in-place op: it keeps
    t's tangent as well."""
    tangent = tangent_of(t)
    if tangent is not None:
        from .grad_mode import _enabled
        if _enabled[0]:                       # PyTorch's `self_t = self_t.clone()`: the
            with suspended():                 # formula's graph keeps the old tangent when
                tangent = tangent.clone()     # the write changes it in place
            if tangent.grad_fn is not None:   # (which `_take_history` takes out again)
                tangent.grad_fn._tangent_copy = True
        _give(copy, tangent)


def written(target, out) -> None:
    """An in-place op wrote `out` into `target`: its tangent (made in its base's tangent when
    target is a view, zeros around it) now holds out's tangent, or zeros."""
    from ..ops.core import wrap
    new = getattr(out, "_fw", None)
    mine = tangent_of(target)
    if _records_write(mine, new) or (mine is None and new is not None
                                     and target._base is None and _floating(target)):
        _written_recorded(target, mine, new)
        return
    if mine is None:
        if new is None or not _floating(target):
            return
        mine = _place(target)
    if not mine._data.flags.writeable:         # a broadcast tangent: target gets its own
        mine = wrap(np.array(np.broadcast_to(mine._data, target._data.shape)))
        _give(target, mine)
    if new is None:
        mine._data[...] = 0
    else:
        np.copyto(mine._data, new._data, casting="unsafe")
    mine._bump()                               # PyTorch's self_t.copy_(...) counts as a write


def before_view_write(target, value) -> None:
    """`target[key] = value` writes through a view of target (copy_ into target[key]): a
    target without a tangent gets zeros first, as PyTorch gives its base, and the value's
    tangent is then copied in, which counts as a write of the tangent."""
    if ACTIVE[0] and tangent_of(target) is None and tangent_of(value) is not None \
            and _floating(target):
        _place(target)


def _records_write(mine, new) -> bool:
    """Whether the write into a tangent is recorded (PyTorch's `self_t.copy_(formula)` then
    gives it a CopyBackwards or, through a view, its base a CopySlices): grad mode on and
    the old or the new tangent requiring grad."""
    from .grad_mode import _enabled
    return _enabled[0] and ((mine is not None and mine._requires_grad)
                            or (new is not None and new._requires_grad))


def _written_recorded(target, mine, new) -> None:
    """`written` as PyTorch records it: a tensor without a tangent takes the op's tangent as
    it is (in its dtype, not the tensor's); otherwise the new tangent (zeros if none) is
    copied into the old one by a recorded copy_, through a view of its base's tangent when
    target is a view, or the old one takes the op's history (`_IN_PLACE_FORMULA`)."""
    if mine is None and target._base is None:
        dtype = np.promote_types(new._data.dtype, target._data.dtype)   # zeros(target) + new
        if dtype != new._data.dtype:
            with suspended():
                new = new.to(dtypes.from_numpy(dtype))
        _give(target, new if new._data.strides == target._data.strides
              else _laid_out_as(new, target))
        return
    if mine is None:
        mine = _place(target)
    base_tangent = None if target._base is None else tangent_of(target._base)
    if base_tangent is not None and mine._base is None:    # mine is a view of base_tangent
        mine = _recorded_view(mine, base_tangent)
        _give(target, mine)
    if new is not None and mine._base is None and (
            type(new.grad_fn).__name__ in _IN_PLACE_FORMULA or _copied_in(new)):
        _take_history(mine, new)            # (a view's: CopySlices)
        return
    value = new if new is not None else _zeros(target)
    with suspended():
        mine.copy_(value)


#: The in-place ops whose tangent PyTorch changes with the same in-place op (its formula
#: `self_t.index_put_(...)`, not `self_t.copy_(...)`): the tangent's grad_fn is the op's.
_IN_PLACE_FORMULA = frozenset((
    "CopySlices", "FillBackward2", "FillBackward3", "ZeroBackward0", "MaskedFillBackward0",
    "MaskedFillBackward1", "IndexPutBackward0", "IndexFillBackward0", "IndexFillBackward1",
    "IndexCopyBackward0", "ScatterBackward0", "ScatterBackward1", "MaskedScatterBackward0"))


#: In-place ops whose formula reads a missing self tangent as zeros: PyTorch's codegen gives
#: an in-place op's self_t `zeros`, but a formula that reads self's original value (mul_,
#: atan2_, pow_, fmod_ ...) takes `original_self_t`, an efficient zero
_ZEROS_SELF_TANGENT = frozenset(("AddBackward0", "SubBackward0", "DivBackward0",
                                 "AddcmulBackward0", "AddcdivBackward0"))


def _copied_in(new) -> bool:
    """Whether new is copy_'s tangent made by its formula `self_t.copy_(src_t)` (on the
    clone of self's tangent that `history_copy` made), not a source's tangent as it is."""
    node = new.grad_fn
    return type(node).__name__ == "CopyBackwards" and node._next[0] is not None and \
        node._next[0].__dict__.get("_tangent_copy", False)


def _take_history(mine, new) -> None:
    """mine takes new's values and history (new was computed from mine's old value). An
    in-place formula runs on the tangent itself in PyTorch, not on the clone `history_copy`
    made of it for the formulas that copy their result in: new's node then takes the
    clone's input in its place."""
    from ..ops.core import _refresh_views, check_inplace
    check_inplace(mine)
    node = new.grad_fn
    first = node._next[0] if node._next else None
    if first is not None and first.__dict__.get("_tangent_copy"):
        node._next = (first._next[0],) + tuple(node._next[1:])
        node._next_nr = (first._next_nr[0],) + tuple(node._next_nr[1:])
    np.copyto(mine._data, new._data, casting="unsafe")
    mine._version_box[0] += 1
    mine.grad_fn, mine._output_nr, mine._requires_grad = new.grad_fn, new._output_nr, True
    _refresh_views(mine, None)


def _recorded_view(view, base_tangent):
    """`view`, a tensor over part of `base_tangent`'s memory, made a view of it that the
    graph knows (an in-place write into it then records a CopySlices on the base)."""
    _as_view(view, base_tangent)
    root = view._base
    if root is None:
        return view                             # a copy
    if root._requires_grad:
        from ..ops.core import _gather_from_base
        _gather_from_base(root, [view])
    return view


def _place(t):
    """A zero tangent for t, which had none: the view of a zero tangent of its base when t
    is a view."""
    from ..ops.core import wrap
    base = t._base
    if base is None:
        tangent = wrap(np.zeros_like(t._data))
        _give(t, tangent)
        return tangent
    if tangent_of(base) is None:
        _give(base, wrap(np.zeros_like(base._data)))         # laid out as the base
    return tangent_of(t)


def unsupported(name: str) -> Exception:
    """PyTorch's error for an op without a forward-mode rule (raised by the op's `jvp`),
    named as the in-place op when it is one (`igamma_`)."""
    from ..ops.extra import TorchNotImplementedError
    if IN_PLACE[0] is not None and not name.endswith("_"):
        name += "_"
    return TorchNotImplementedError(
        f"Trying to use forward AD with {name} that does not support it because it has not "
        "been implemented yet.\nPlease file an issue to PyTorch at "
        "https://github.com/pytorch/pytorch/issues/new?template=feature-request.yml so that we "
        "can prioritize its implementation or submit a PR adding the implementation to "
        "derivatives.yaml")


def has_tangent(args) -> bool:
    """Whether any of args is a tensor with a tangent at the active level."""
    from .._tensor import Tensor
    return any(isinstance(a, Tensor) and tangent_of(a) is not None for a in args)


def give_tangent(t, tangent) -> None:
    """Make `t` a dual tensor with `tangent` (a custom Function's jvp result)."""
    _give(t, tangent)


class suspended:
    """A block that runs with forward AD switched off (a custom Function's forward and jvp
    see the primals only)."""

    def __enter__(self):
        self.was = ACTIVE[0]
        ACTIVE[0] = False

    def __exit__(self, *exc):
        ACTIVE[0] = self.was
        return False


def refuse_custom(args) -> None:
    """A custom autograd.Function called on a dual tensor: PyTorch's refusal when it has no
    `jvp` (gradcli does not run a user's jvp)."""
    from .._tensor import Tensor
    if any(isinstance(a, Tensor) and tangent_of(a) is not None for a in args):
        raise NotImplementedError("You must implement the jvp function for custom "
                                  "autograd.Function to use it with forward mode AD.")


# -- the node PyTorch's unpack_dual gives a primal that requires grad ---------------------------

class CppFunction(Node):
    """d primal(x) = g"""

    is_view = True

    # PyTorch's Identity node has no Python class of its own: its type is the generic
    # CppFunction, its name() says what it is (and a tensor's grad_fn=<Identity>)
    def name(self) -> str:
        return "torch::autograd::Identity"

    def forward(self, x):
        return x.view()

    def backward(self, g):
        return g
