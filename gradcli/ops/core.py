"""How an op runs: `apply` (record a node), `inplace`, scalar wrapping, promotion.

An op is a `Node` subclass named as PyTorch names it, with `forward` on NumPy arrays and
`backward` written with tensor ops (so the same rule serves higher-order derivatives). The
public function that users call is registered in `registry`. This module is the only place
that builds graph edges.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes, limits
from ..autograd import grad_mode
from ..autograd.graph import Node, _SavedOutput
from ..autograd.graph import new_node as _new_node
from ..errors import TorchRuntimeError, TorchTypeError
from .._tensor import Tensor, _init

_enabled = grad_mode._enabled
_active_limits = limits.active
_new = Tensor.__new__
_ndarray = np.ndarray


def wrap(arr) -> Tensor:
    t = _new(Tensor)
    _init(t, arr)
    return t


def apply(cls, inputs: tuple, cast=None, **params):
    """Run op `cls` on tensors `inputs`; record a node when grad mode and inputs ask for it."""
    recording = False
    if _enabled[0] and cls.differentiable:
        for x in inputs:
            if x._requires_grad:
                recording = True
                break
    node = _new_node(cls) if recording else _scratch(cls)
    if params:
        node.__dict__.update(params)
    if cast is None:
        out = node.forward(*[t._data for t in inputs])
    else:
        out = node.forward(*[t._data if t._data.dtype == cast else t._data.astype(cast)
                             for t in inputs])
    if cls.n_outputs != 1:
        return _finish_multi(node, cls, inputs, out, recording)
    if out.__class__ is not _ndarray:
        out = np.asarray(out)         # NumPy gives scalars for 0-d results; keep arrays
    t = _new(Tensor)
    _init(t, out)
    if _active_limits[0] is not None:
        limits.check_tensor(out)
    if cls.is_view:
        src = inputs[0]
        t._version_box = src._version_box
        t._base = src if src._base is None else src._base
    if not recording:
        return t
    _record(node, cls, inputs)
    if cls.save_output:
        node._saved += (_SavedOutput(t._alias()),)
        node._saved_ver += (t._version_box[0],)
    t._requires_grad = True
    t.grad_fn = node
    return t


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


def _record(node, cls, inputs) -> None:
    if record_observers:
        for fn in record_observers:
            fn(node, inputs)
    edges = []
    for x in inputs:
        if x.grad_fn is not None:
            edges.append((x.grad_fn, x._output_nr))
        elif x._requires_grad:
            edges.append((x._grad_accumulator(), 0))
        else:
            edges.append((None, 0))
    node.next_functions = tuple(edges)
    node._in_meta = tuple([(x._data.shape, x._data.dtype) for x in inputs])
    if cls.save_inputs:
        saved = tuple([inputs[i] for i in cls.save_inputs])
        for x in saved:
            if x._is_inference:
                raise TorchRuntimeError(_INFERENCE_SAVED)
        node._saved = saved
        node._saved_ver = tuple([x._version_box[0] for x in saved])
    else:
        node._saved = ()
        node._saved_ver = ()
    if _active_limits[0] is not None:
        limits.count_node()


def _finish_multi(node, cls, inputs, outs, recording):
    results = tuple(wrap(o) for o in outs)
    if cls.is_view:
        src = inputs[0]
        for r in results:
            r._version_box = src._version_box
            r._base = src if src._base is None else src._base
    if not recording:
        return results
    _record(node, cls, inputs)
    node.__dict__["_out_meta"] = tuple((o.shape, o.dtype) for o in outs)
    for i, r in enumerate(results):
        r._requires_grad = True
        r.grad_fn = node
        r._output_nr = i
    return results


# -- in-place ---------------------------------------------------------------------------------

_INFERENCE_SAVED = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in "
    "inference mode in computation tracked by autograd. To work around this, you can make a "
    "clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of "
    "`torch.inference_mode()`.")
_LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
_VIEW_LEAF_INPLACE = ("a view of a leaf Variable that requires grad is being used in an "
                      "in-place operation.")


def check_inplace(self: Tensor, through_view: bool = False) -> None:
    """PyTorch's refusal to modify a leaf that requires grad while grad mode is on
    (`through_view`: the write goes through a view, as `x[i] = v` does)."""
    if not _enabled[0]:
        return
    if self._requires_grad and self.grad_fn is None:
        if self._base is not None or through_view:
            raise TorchRuntimeError(_VIEW_LEAF_INPLACE)
        raise TorchRuntimeError(_LEAF_INPLACE)
    base = self._base
    if base is not None and base._requires_grad and base.grad_fn is None:
        raise TorchRuntimeError(_VIEW_LEAF_INPLACE)


def inplace(self: Tensor, compute, through_view: bool = False) -> Tensor:
    """Write `compute(self_before)` into self, as `x.op_(...)` does: the version counter is
    bumped and, when recorded, self's grad_fn becomes the node of the computed result."""
    check_inplace(self, through_view)
    recording = _enabled[0]
    if recording and self._base is not None:
        from .views import inplace_on_view
        return inplace_on_view(self, compute, _write)
    before = _history_copy(self) if recording else self
    out = compute(before)
    _write(self, out)
    if out.grad_fn is not None:
        self.grad_fn = out.grad_fn
        self._output_nr = out._output_nr
        self._requires_grad = True
    return self


def _write(self: Tensor, out: Tensor) -> None:
    """Copy out's values into self's memory and bump the version counter."""
    if not self._data.flags.writeable:
        raise TorchRuntimeError(
            "unsupported operation: more than one element of the written-to tensor refers to a "
            "single memory location. Please clone() the tensor before performing the operation.")
    try:
        np.copyto(self._data, out._data, casting="same_kind")
    except TypeError:
        raise TorchRuntimeError(f"result type {out.dtype.legacy} can't be cast to the desired "
                                f"output type {self.dtype.legacy}") from None
    except ValueError:
        raise TorchRuntimeError(f"output with shape [{', '.join(map(str, self._data.shape))}] "
                                f"doesn't match the broadcast shape "
                                f"[{', '.join(map(str, out._data.shape))}]") from None
    self._version_box[0] += 1


def _history_copy(t: Tensor) -> Tensor:
    """A copy of t's current value that keeps t's place in the graph."""
    c = wrap(t._data.copy())
    c.grad_fn = t.grad_fn
    c._output_nr = t._output_nr
    c._requires_grad = t._requires_grad
    c._acc = t._acc
    if t.grad_fn is None and t._requires_grad:
        c._acc = None
        c.grad_fn = None
    return c


# -- arguments --------------------------------------------------------------------------------

_SCALARS = (int, float, bool)


def to_tensor(x, dtype=None) -> Tensor:
    """A tensor from a tensor, number, nested list or ndarray (for op arguments)."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray):
        return wrap(x if dtype is None else x.astype(dtype))
    if isinstance(x, _SCALARS) or isinstance(x, (list, tuple)):
        from .creation import tensor
        return tensor(x, dtype=dtype)
    if isinstance(x, np.generic):
        return wrap(np.asarray(x))
    raise TorchTypeError(f"expected Tensor as element 0 in argument 0, but got "
                         f"{type(x).__name__}")


_constants: dict = {}


def _constant(value, np_dtype) -> Tensor:
    """A Python number as a 0-d tensor of a float dtype, shared between uses: these wrapped
    numbers are never handed to users, so nothing can modify them."""
    if value == 0 or value != value:          # keep -0.0 apart from 0.0, and NaN uncached
        return wrap(np.asarray(value, dtype=np_dtype))
    key = (value.__class__, value, np_dtype)
    t = _constants.get(key)
    if t is None:
        if len(_constants) > 4096:
            _constants.clear()
        t = _constants[key] = wrap(np.asarray(value, dtype=np_dtype))
    return t


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
            return a, _constant(b, da), None
        rt = dtypes.result_type(((a.dtype, a._data.ndim),), (b,)).np
        return a, wrap(np.asarray(b, dtype=rt)), (None if rt == da else rt)
    if isinstance(b, (np.ndarray, np.generic, list)):
        return binary_args(a, to_tensor(np.asarray(b)))
    return None


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


def binary(cls, a: Tensor, b, reverse=False):
    """Apply a broadcasting binary op `cls` to a tensor and anything tensor-like."""
    args = binary_args(a, b)
    if args is None:
        return NotImplemented
    x, y, cast = args
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
        return tuple(wrap_dim(d, ndim) for d in dim)
    return (wrap_dim(dim, ndim),)
