"""The rest of `torch.autograd.graph`: hooks on saved tensors (`saved_tensors_hooks`,
`save_on_cpu`, `disable_saved_tensors_hooks`, a node's `_raw_saved_<name>`), gradient hooks
over several tensors (`register_multi_grad_hook`), `GradientEdge` / `get_gradient_edge`,
`increment_version` and `allow_mutation_on_saved_tensors`. `gradcli.autograd.graph` (where
`Node` lives) re-exports them.

While saved-tensor hooks are active, a node packs each tensor it saves with `pack_hook` as
it is recorded and keeps what that returned instead; its backward unpacks them with
`unpack_hook`, once each every time the node runs, and reading `_saved_<name>` unpacks that
one. As in PyTorch: a wrapped Python number is not packed; a node's tensors are packed and
unpacked in the order of their names in derivatives.yaml (`other` before `self`), results
last; versions are not checked (the hooks own the values); and the tensor handed back
takes the saved tensor's place in the graph (its grad_fn, or its leaf's accumulator).
"""
from __future__ import annotations

import functools
from collections import namedtuple

import numpy as np

from ..errors import CPP_CALLS, TorchRuntimeError, TorchTypeError, TorchValueError, warn_cpp
from .graph import (BACKWARD_TWICE, EXTRA_SAVED, Node, RemovableHandle, _SavedOutput,
                    _modified_message, saved_names)

_stack: list = []        # the (pack, unpack) pairs entered, innermost last
_disabled: list = []     # messages of the disable_saved_tensors_hooks entered, innermost last


def _route(node, inputs) -> None:
    """A record observer while hooks are active: its presence sends every op through
    `ops.core._record`, where saved tensors are packed (the scalar fast lanes skip it)."""


class saved_tensors_hooks:
    """Context manager: tensors saved for backward inside it are packed with
    `pack_hook(tensor)` and given back by `unpack_hook(packed)` when backward needs them."""

    __gradcli_safe__ = True
    __torch_name__ = "torch.autograd.graph.saved_tensors_hooks"

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self):
        if _disabled:
            raise TorchRuntimeError(_disabled[-1])
        from ..ops import core
        _stack.append((self.pack_hook, self.unpack_hook))
        core.record_observers.append(_route)

    def __exit__(self, *exc):
        from ..ops import core
        _stack.pop()
        core.record_observers.remove(_route)
        return False

    def __repr__(self):
        return f"<torch.autograd.graph.saved_tensors_hooks object at {hex(id(self))}>"


class save_on_cpu(saved_tensors_hooks):
    """Saved tensors are kept in CPU memory: what every tensor here already is."""

    __torch_name__ = "torch.autograd.graph.save_on_cpu"

    def __init__(self, pin_memory=False, device_type="cuda"):
        super().__init__(lambda t: (t.device, t.cpu()), lambda packed: packed[1])

    def __repr__(self):
        return f"<torch.autograd.graph.save_on_cpu object at {hex(id(self))}>"


def disable_saved_tensors_hooks(error_message):
    """Context manager: entering `saved_tensors_hooks` inside it raises `error_message`."""
    return _DisabledHooks(error_message)


class _DisabledHooks:
    __gradcli_safe__ = True
    __torch_name__ = "contextlib._GeneratorContextManager"

    def __init__(self, error_message):
        self.error_message = error_message

    def __enter__(self):
        _disabled.append(self.error_message)
        if _stack:                      # PyTorch refuses while saved-tensor hooks are active
            _disabled.pop()
            raise TorchRuntimeError(self.error_message)

    def __exit__(self, *exc):
        _disabled.pop()
        return False

    def __call__(self, fn):
        """As a decorator (PyTorch's is a contextlib context manager): every call of `fn`
        runs inside a fresh one."""
        import functools

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with _DisabledHooks(self.error_message):
                return fn(*args, **kwargs)
        return wrapper


# -- packing and unpacking ---------------------------------------------------------------------

class _Packed:
    """A saved tensor as its pack hook left it, with what unpacking needs to give the value
    back its place in the graph."""

    __slots__ = ("value", "unpack_hook", "grad_fn", "output_nr", "requires_grad", "acc",
                 "is_output")

    def __init__(self, value, unpack_hook, t, is_output):
        self.value, self.unpack_hook, self.is_output = value, unpack_hook, is_output
        if t._requires_grad and t.grad_fn is None and not is_output:
            t._grad_accumulator()               # the node's edge holds it; keep the link
        self.grad_fn, self.output_nr = t.grad_fn, t._output_nr
        self.requires_grad, self.acc = t._requires_grad, t._acc

    def unpack(self, node):
        from .._tensor import Tensor, _init
        data = self.unpack_hook(self.value)
        if not isinstance(data, Tensor):
            raise TorchTypeError("Output of saved tensor unpack_hook expected to be a Tensor "
                                 f"but got result of type {type(data).__name__}")
        v = Tensor.__new__(Tensor)
        _init(v, data._data)
        if self.is_output and self.output_nr in node.plain_outputs:
            return v                            # a result that is not differentiable
        if self.is_output or self.grad_fn is not None:
            v._requires_grad = True
            v.grad_fn = node if self.is_output else self.grad_fn
            v._output_nr = self.output_nr
        elif self.requires_grad:
            v._requires_grad = True
            v._acc = self.acc                   # gradients reach the saved leaf's .grad
        return v


def _order(node, saved) -> list:
    """Positions of `saved` in PyTorch's packing order: inputs by their derivatives.yaml
    names (alphabetical, as its code generator lists them), then results."""
    from .function import FunctionCtx
    if isinstance(node, FunctionCtx):
        return list(range(len(saved)))           # save_for_backward's order
    return sorted(range(len(saved)), key=lambda k: _key(node, saved, k))


def _key(node, saved, k) -> tuple:
    item = saved[k]
    if isinstance(item, _SavedOutput) or (isinstance(item, _Packed) and item.is_output):
        names = node.result_names           # PyTorch's names, alphabetically (after inputs)
        if names and not node.saved_results:
            return (1, names[0])                # a lone result's name (cholesky's L)
        return (1, names[node.saved_results.index(item.output_nr)] if names
                else str(item.output_nr))
    names = saved_names(node)
    positions = node.save_inputs
    pos = positions[k] if k < len(positions) else k
    return (0, names[pos] if pos < len(names) else str(pos))


def _plan(node, saved, extras) -> list:
    """The positions of the saved items and ("extra", place) for the arrays of `extra`
    PyTorch saves (`extras`: (key, place, ...) each), in PyTorch's packing order."""
    from .function import FunctionCtx
    if isinstance(node, FunctionCtx):
        return list(range(len(saved)))
    keyed = [(_key(node, saved, k), k) for k in range(len(saved))]
    keyed += [(e[0], ("extra", e[1])) for e in extras]
    keyed += [(_shadow_key(node, name), ("shadow", name)) for name in _shadow_names(node)]
    return [k for _, k in sorted(keyed, key=lambda pair: pair[0])]


def _shadow_names(node) -> tuple:
    return node.shadows + node.shadow_results


def _shadow_key(node, name: str) -> tuple:
    return (1 if name in node.shadow_results else 0, name)


def shadow_value(node, name: str):
    """`_saved_<name>` of one of node's shadows: unpacked when hooks packed it."""
    if node._released:
        if node.shadow_undefined(name):
            return None                         # (an undefined one, even once freed)
        raise TorchRuntimeError(BACKWARD_TWICE)
    packed = node.__dict__.get("_shadow_packed", {}).get(name)
    return packed.unpack(node) if packed is not None else node.shadow(name)


def _extra_arrays(node) -> list:
    """(sort key, place, array shown to the hooks, dim to put back or None) for each array
    of node's `extra` that PyTorch saves as a tensor; place is None for a lone array, else
    its index in the key."""
    spec = EXTRA_SAVED.get(type(node).__name__)
    extra = node._extra
    if spec is None or extra is None:
        return []
    name, is_result = spec
    key = (1, "1") if is_result else (0, name)
    if isinstance(extra, np.ndarray):
        dim = node.__dict__.get("dim")
        if is_result and node.__dict__.get("keepdim") is False and isinstance(dim, int) \
                and extra.ndim:
            return [(key, None, np.squeeze(extra, dim), dim)]
        return [(key, None, extra, None)]
    if isinstance(extra, tuple):
        return [(key, i, a, None) for i, a in enumerate(extra)
                if isinstance(a, np.ndarray) and a.ndim]
    return []


class _PackedExtra:
    """A node's `extra` whose arrays saved-tensor hooks packed: the rest of it (a key's
    slices; the hooks own the arrays), and by place each packed array, the dimension to put
    back on unpacking (or None) and its key in the packing order."""

    __slots__ = ("extra", "packed")

    def __init__(self, extra, places):
        self.extra = tuple(None if i in places else k for i, k in enumerate(extra)) \
            if isinstance(extra, tuple) else None
        self.packed = {}

    def unpack_one(self, node, place):
        packed, dim, _ = self.packed[place]
        data = packed.unpack(node)._data
        return np.expand_dims(data, dim) if dim is not None else data

    def rebuilt(self, values: dict):
        if None in values:
            return values[None]
        return tuple(values.get(i, k) for i, k in enumerate(self.extra))


def one_cpp_call(op):
    """Op `op` as PyTorch runs it, one C++ call: under saved-tensor hooks, the C++ warnings
    it gives reach Python as it returns, after the pack hooks of what it saved (or before
    its error)."""
    @functools.wraps(op)
    def call(*args, **kwargs):
        if not _stack:
            return op(*args, **kwargs)
        held: list = []
        CPP_CALLS.append(held)
        try:
            return op(*args, **kwargs)
        finally:
            CPP_CALLS.pop()
            for warning in held:
                warn_cpp(*warning)
    return call


def pack_node(node, outputs) -> None:
    """Pack what `node` saved with the innermost pack hook (called by `ops.core` and
    `Function.apply` once the node and its results are connected): Python code, whose
    warnings go out as it gives them."""
    CPP_CALLS.append(None)
    try:
        _pack_node(node, outputs)
    finally:
        CPP_CALLS.pop()


def _pack_node(node, outputs) -> None:
    saved = node._saved
    extras = _extra_arrays(node)
    if not saved and not extras and not _shadow_names(node):
        return
    from .._tensor import Tensor
    from ..ops.core import is_wrapped_number
    from .grad_mode import no_grad
    pack_hook, unpack_hook = _stack[-1]
    entries = list(saved or ())
    arrays = {e[1]: e for e in extras}
    packed_extra = _PackedExtra(node._extra, arrays) if extras else None
    with no_grad():                             # PyTorch packs with grad mode off
        for k in _plan(node, entries, extras):
            if k.__class__ is tuple and k[0] == "shadow":
                _pack_shadow(node, k[1], pack_hook, unpack_hook)
                continue
            if k.__class__ is tuple:
                key, place, arr, dim = arrays[k[1]]
                t = Tensor._wrap(arr)
                packed_extra.packed[place] = (_Packed(_pack(pack_hook, t), unpack_hook, t, False),
                                              dim, key)
                continue
            item = entries[k]
            if item is None or k < len(node.save_inputs) and node.undefined(node.save_inputs[k]):
                continue
            is_output = isinstance(item, _SavedOutput)
            t = outputs[item.output_nr] if is_output else item
            if not is_output and is_wrapped_number(t):
                continue
            entries[k] = _Packed(_pack(pack_hook, t), unpack_hook, t, is_output)
            if is_output:
                entries[k].output_nr = item.output_nr
    if packed_extra is not None:
        node._extra = packed_extra
    _mark(node, tuple(entries))


def _pack_shadow(node, name: str, pack_hook, unpack_hook) -> None:
    t = node.shadow(name)
    if t is not None:                           # (an undefined one is not packed)
        packed = _Packed(_pack(pack_hook, t), unpack_hook, t, False)
        node.__dict__.setdefault("_shadow_packed", {})[name] = packed


def _pack(pack_hook, t):
    """pack_hook(t), refused as PyTorch's SavedVariable does when the hook changed t in place
    (its version counter moved)."""
    version = t._version
    packed = pack_hook(t)
    if t._version != version:
        raise TorchRuntimeError(
            "A saved tensor pack hook is modifying its input in place. Tensors provided as "
            "input to pack hook cannot be modified by in-place operations as this can lead "
            "to unexpected side-effects. Please open an issue if you need to perform "
            "in-place operations on the input to a pack hook.")
    return packed


def _mark(node, entries) -> None:
    node._saved = entries
    node._hooked = True
    node.scalar_backward = None                 # the float lane reads `_saved` directly


def unpack_all(node, with_extra: bool = False) -> tuple:
    """What `node` saved, each packed tensor unpacked (in PyTorch's order); `with_extra`:
    its packed `extra` too, into `_extra_unpacked` (for `call_unpacked`)."""
    cached = node.__dict__.get("_unpacked")
    if cached is not None:
        return cached
    out = list(node._saved)
    packed_extra = node._extra if with_extra and isinstance(node._extra, _PackedExtra) \
        else None
    values = {}
    places = [(key, p) for p, (_, _, key) in packed_extra.packed.items()] \
        if packed_extra else []
    for k in _plan(node, out, places):
        if k.__class__ is tuple and k[0] == "shadow":
            packed = node.__dict__.get("_shadow_packed", {}).get(k[1])
            if packed is not None and with_extra:
                packed.unpack(node)
        elif k.__class__ is tuple:
            values[k[1]] = packed_extra.unpack_one(node, k[1])
        elif isinstance(out[k], (_Packed, _SavedOutput)):
            out[k] = out[k].unpack(node)
    if packed_extra is not None:
        node.__dict__["_extra_unpacked"] = packed_extra.rebuilt(values)
    return tuple(out)


def unpacked_extra(node):
    """A hooked node's `extra`: as unpacked for the backward in progress, else unpacked
    now (`_saved_<name>`); as it is where nothing of it was packed."""
    extra = node._extra
    if not isinstance(extra, _PackedExtra):
        return extra
    if "_extra_unpacked" in node.__dict__:
        return node.__dict__["_extra_unpacked"]
    return extra.rebuilt({p: extra.unpack_one(node, p) for p in extra.packed})


def unpack_one(node, k: int):
    """Saved item k of `node`, unpacked if packed (`_saved_<name>`)."""
    if node._saved is None:
        raise TorchRuntimeError(BACKWARD_TWICE)
    item = node._saved[k]
    if isinstance(item, (_Packed, _SavedOutput)):
        return item.unpack(node)
    return item


def call_unpacked(node, call):
    """Run `call()` (the node's backward rule) with the node's saved tensors unpacked once,
    as PyTorch's generated code unpacks them at the top of a node's apply()."""
    if "_unpacked" in node.__dict__ or node._saved is None:
        return call()
    from ..ops import core
    node.__dict__["_unpacked"] = unpack_all(node, with_extra=True)
    core.last_use[0] = None             # a hook's value is the user's: never reuse its memory
    try:
        return call()
    finally:
        del node.__dict__["_unpacked"]
        node.__dict__.pop("_extra_unpacked", None)


class SavedTensor:
    """A node's `_raw_saved_<name>`: one saved tensor, whose hooks can be set. `k` is its
    position in the node's `saved`, or, for one gradcli keeps in another form (an index
    array, a shadow), its name (and position in a list of them)."""

    __gradcli_safe__ = True
    __torch_name__ = "torch._C._autograd.SavedTensor"

    def __init__(self, node=None, k: int = 0):
        if node is None:                        # (a formula's `type(saved)()`)
            raise TorchRuntimeError("Trying to create a SavedTensor object from Python is "
                                    "forbidden.")
        self._node, self._k = node, k

    def register_hooks(self, *hooks) -> None:
        node = self._node
        if len(hooks) != 2 or not all(callable(h) for h in hooks):
            raise TorchTypeError(       # pybind11's text, for any wrong arguments
                "register_hooks(): incompatible function arguments. The following argument "
                "types are supported:\n    1. (self: torch._C._autograd.SavedTensor, arg0: "
                "collections.abc.Callable, arg1: collections.abc.Callable) -> None\n\n"
                f"Invoked with: {', '.join([repr(self)] + [_shown(h) for h in hooks])}")
        pack_hook, unpack_hook = hooks
        if node._saved is None:
            raise TorchRuntimeError(
                "Calling register_hooks on a saved tensor after it has been freed. Saved "
                "intermediate values of the graph are freed when you call .backward() or "
                "autograd.grad(). Specify retain_graph=True if you need to backward through "
                "the graph a second time or if you need to access saved variables after "
                "calling backward.")
        if self._k.__class__ is not int:
            raise TorchRuntimeError("gradcli cannot set hooks on this saved tensor (PyTorch "
                                    "saves it, gradcli keeps it in another form)")
        entries = list(node._saved)
        item = entries[self._k]
        if isinstance(item, _Packed):
            raise TorchRuntimeError("Calling register_hooks on a saved tensor whose hooks "
                                    "have already been set. Hint: only one pair of hooks is "
                                    "allowed at a time.")
        is_output = isinstance(item, _SavedOutput)
        t = item.tensor if is_output else item
        data = t._alias()                       # the pack hook sees the bare data
        packed = _Packed(_pack(pack_hook, data), unpack_hook, t, is_output)
        if is_output:
            packed.output_nr = item.output_nr
        entries[self._k] = packed
        _mark(node, tuple(entries))

    @property
    def data(self):
        """What is kept: the tensor saved (a result without its history), the value the
        pack hook returned once hooks packed it; None once freed or where undefined."""
        item = self._item()
        if item is None or isinstance(item, _Packed):
            return None if item is None else item.value
        if self._k.__class__ is not int:
            return self._derived(released=None)
        return item.tensor if isinstance(item, _SavedOutput) else item

    @property
    def unpack_hook(self):
        """The unpack hook of the hooks that packed it (None without hooks, once freed)."""
        item = self._item()
        return item.unpack_hook if isinstance(item, _Packed) else None

    def unpack(self):
        """The saved tensor as a backward pass reads it (checked against in-place changes,
        through the unpack hook), None where undefined; a result cannot be (PyTorch unpacks
        it for no node here)."""
        node, item = self._node, self._item()
        if item is None:
            if not node._released or self._undefined():
                return None
            raise TorchRuntimeError(BACKWARD_TWICE)
        if self._k.__class__ is not int and item.__class__ is not _Packed:
            return self._derived(released=True)
        output = isinstance(item, _SavedOutput) or isinstance(item, _Packed) and item.is_output
        if output and item.output_nr not in node.plain_outputs:
            raise TorchRuntimeError(
                "Trying to use a saved tensor that has been detached in-place, i.e. with "
                ".detach_().This is not supported, please use out-of-place `.detach()` "
                "instead")
        if isinstance(item, _Packed):
            return item.unpack(node)
        t = item.tensor if output else item
        version = node._saved_ver[self._k]
        if t._vnum != version:
            raise TorchRuntimeError(_modified_message(t, version, item, node))
        return t

    def _item(self):
        """The node's entry for it: a tensor, a _SavedOutput or a _Packed; None once freed
        or where undefined; for one kept in another form, its packed shadow or True."""
        node, k = self._node, self._k
        if node._saved is None and node._released:
            return None
        if k.__class__ is not int:
            key, place = (k, None) if k.__class__ is str else k
            extra = node._extra
            if isinstance(extra, _PackedExtra) and EXTRA_SAVED[type(node).__name__][0] == key \
                    and place in extra.packed:
                return extra.packed[place][0]
            return node.__dict__.get("_shadow_packed", {}).get(k, True)
        if self._undefined():
            return None
        return node._saved[k]

    def _undefined(self) -> bool:
        node, k = self._node, self._k
        if k.__class__ is not int:
            return k.__class__ is str and node.shadow_undefined(k)
        return k < len(node.save_inputs) and node.undefined(node.save_inputs[k])

    def _derived(self, released):
        """data (released None: None once freed) or unpack() of one kept in another form."""
        key, place = (self._k, None) if self._k.__class__ is str else self._k
        try:
            value = getattr(self._node, "_saved_" + key)
        except TorchRuntimeError:
            if released is None:
                return None
            raise
        return value if place is None else value[place]

    def __getattr__(self, name):
        raise AttributeError(f"'torch._C._autograd.SavedTensor' object has no attribute "
                             f"'{name}'")

    def __gradcli_setattr__(self, name, value) -> None:
        """PyTorch's pybind11 class takes no attributes."""
        if name in ("data", "unpack_hook"):
            raise AttributeError("property of 'SavedTensor' object has no setter")
        if name in ("unpack", "register_hooks"):
            raise AttributeError(f"'torch._C._autograd.SavedTensor' object attribute "
                                 f"'{name}' is read-only")
        raise AttributeError(f"'torch._C._autograd.SavedTensor' object has no attribute "
                             f"'{name}'")

    def __repr__(self):
        return f"<torch._C._autograd.SavedTensor object at {hex(id(self))}>"


def _shown(value) -> str:
    from ..lang.builtins import repr_
    return repr_(value)


# -- gradient hooks over several tensors -------------------------------------------------------

class _MultiHandle:
    """What `register_multi_grad_hook` returns: `remove()` takes every hook away."""

    __gradcli_safe__ = True
    __torch_name__ = "torch.autograd.graph._MultiHandle"

    def __init__(self, handles):
        self.handles = handles

    def remove(self) -> None:
        for h in self.handles:
            h.remove()

    def __repr__(self):
        return f"<torch.autograd.graph._MultiHandle object at {hex(id(self))}>"


def register_multi_grad_hook(tensors, fn, *, mode="all"):
    """mode "all": fn(grads) once per backward pass, when the gradients of all of `tensors`
    that the pass reaches are computed (None for the others); "any": fn(grad) with the
    first of them the pass computes."""
    from . import engine
    if mode not in ("all", "any"):
        raise TorchValueError(f"Expects mode to be one of ('all', 'any') but got {mode}")
    tensors = list(tensors)
    if mode == "any":
        seen = set()

        def first(grad):
            task = engine.current_task()
            if task not in seen:
                seen.add(task)
                fn(grad)
        return _MultiHandle(tuple(t.register_hook(first) for t in tensors
                                  if t._requires_grad))
    nodes = [_grad_fn_or_accumulator(t) for t in tensors]
    state: dict = {}

    def inner(index):
        def hook(grad):
            task = engine.current_task()
            count, buffer = state.get(task) or (0, [None] * len(tensors))
            if count == 0:
                state["expected", task] = sum(engine.will_execute(n) for n in nodes)
            buffer[index] = grad
            count += 1
            state[task] = (count, buffer)
            if count == state["expected", task]:
                del state[task], state["expected", task]
                fn(buffer)
        return hook
    return _MultiHandle(tuple(t.register_hook(inner(i)) for i, t in enumerate(tensors)))


def _grad_fn_or_accumulator(t):
    if t._requires_grad and t.grad_fn is None:
        return t._grad_accumulator()
    if t.grad_fn is None:
        raise AssertionError("Expected gradient function to be set")
    return t.grad_fn


# -- edges ----------------------------------------------------------------------------------------

class GradientEdge(namedtuple("GradientEdge", ("node", "output_nr", "ownership_token"),
                              defaults=(None,))):
    """An edge of the backward graph: `node`'s input `output_nr`; accepted where
    `autograd.grad` takes inputs or outputs."""

    __slots__ = ()
    __gradcli_safe__ = True
    __torch_name__ = "torch.autograd.graph.GradientEdge"


def get_gradient_edge(tensor) -> GradientEdge:
    """The edge a gradient of `tensor` flows along (its grad_fn, or its leaf's
    accumulator)."""
    if not tensor._requires_grad:
        raise TorchRuntimeError("It is not possible to get the gradient edge for a Tensor "
                                "that does not require gradients")
    if tensor.grad_fn is None:
        return GradientEdge(tensor._grad_accumulator(), 0)
    # the node remembers the shape and dtype of what flows along the edge (PyTorch keeps
    # them as the node's input metadata), for the edge given as an output to grad()
    metas = tensor.grad_fn.__dict__.setdefault("_edge_meta", {})
    metas[tensor._output_nr] = (tensor._data.shape, tensor._data.dtype)
    return GradientEdge(tensor.grad_fn, tensor._output_nr)


def edge_meta(edge) -> tuple | None:
    """(shape, dtype) of the gradient that flows along a GradientEdge, when known."""
    node = edge.node
    variable = getattr(node, "variable", None)
    if variable is not None:
        return variable._data.shape, variable._data.dtype
    metas = node.__dict__.get("_out_meta")
    if metas is not None and metas[edge.output_nr][1] is not None:
        return metas[edge.output_nr]
    return node.__dict__.get("_edge_meta", {}).get(edge.output_nr)


def increment_version(tensor) -> None:
    """Bump the version counter of `tensor` (or of each tensor in a list), as an in-place
    change the engine cannot see would."""
    for t in tensor if isinstance(tensor, (list, tuple)) else (tensor,):
        t._version_box[0] += 1


# -- allow_mutation_on_saved_tensors ------------------------------------------------------------

_mutation_ctx: list = []     # the allow_mutation_on_saved_tensors context entered, if any
_OUTSIDE = ("Trying to backward outside of the 'allow_mutation_on_saved_tensors' context"
            "in which the graph was originally recorded.")      # (PyTorch's missing space)


class _AllowMutationOnSavedContext:
    """What `allow_mutation_on_saved_tensors()` yields: the values saved inside it, each
    with the version it was saved at and a copy of its data. PyTorch clones a saved tensor
    just before an in-place op changes it; gradcli copies as it saves (the same gradients,
    more memory while the context is open)."""

    __gradcli_safe__ = True
    __torch_name__ = "torch.autograd.graph._AllowMutationOnSavedContext"

    def __init__(self):
        self.saved = {}          # handle -> (tensor, version, data copy)

    def pack(self, tensor):
        import numpy as np
        handle = object()
        self.saved[handle] = (tensor, tensor._vnum, np.array(tensor._data, copy=True))
        return handle

    def unpack(self, handle):
        from .._tensor import Tensor
        if not _mutation_ctx or handle not in self.saved:
            raise AssertionError(_OUTSIDE)
        tensor, version, data = self.saved[handle]
        return tensor if tensor._vnum == version else Tensor._wrap(data)

    def clear(self):
        self.saved.clear()

    def __repr__(self):
        return f"<torch.autograd.graph._AllowMutationOnSavedContext object at {hex(id(self))}>"


class allow_mutation_on_saved_tensors:
    """Context manager: tensors saved for backward inside it may be changed in place
    afterwards; backward (run inside it too) sees the values they had when saved."""

    __gradcli_safe__ = True
    __torch_name__ = "contextlib._GeneratorContextManager"

    def __enter__(self):
        self.ctx = _AllowMutationOnSavedContext()
        self.hooks = saved_tensors_hooks(self.ctx.pack, self.ctx.unpack)
        self.hooks.__enter__()
        if _mutation_ctx:
            self.hooks.__exit__(None, None, None)
            raise TorchRuntimeError("allow_mutation_on_saved_tensors contexts cannot be nested")
        _mutation_ctx.append(self.ctx)
        return self.ctx

    def __exit__(self, *exc):
        self.ctx.clear()
        _mutation_ctx.pop()
        self.hooks.__exit__(*exc)
        return False


__all__ = ["Node", "saved_tensors_hooks", "save_on_cpu", "disable_saved_tensors_hooks",
           "register_multi_grad_hook", "GradientEdge", "get_gradient_edge",
           "increment_version", "RemovableHandle", "allow_mutation_on_saved_tensors"]
