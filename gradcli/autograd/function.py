"""Custom autograd functions: subclass `Function` with static `forward(ctx, ...)` and
`backward(ctx, *grad_outputs)`, call `Function.apply`.

As in PyTorch, `ctx` is the backward node itself: a `<Name>Backward` node whose
`save_for_backward` / `saved_tensors` go through the same version checks and release as
built-in nodes.
"""
from __future__ import annotations

import warnings

import numpy as np

from ..errors import TorchRuntimeError, TorchTypeError
from . import forward_ad, grad_mode
from .graph import Error, Node, _SavedOutput
from .hooks import _stack as _saved_hooks
from .hooks import pack_node

_rule_scalars = grad_mode._rule_scalars

_TAKEN = ("saved_tensors can only be accessed once when clear_saved_tensors_on_access=True is "
          "set on the autograd.Function. Either access saved_tensors only once, or set "
          "clear_saved_tensors_on_access=False.")
_TWICE = "trying to differentiate twice a function that was marked with @once_differentiable"


class FunctionCtx(Node):
    """The `ctx` of a custom Function and the node of its backward pass."""

    _fn_cls = None
    materialize_grads = True        # (set_materialize_grads: read by the engine; hidden from
                                    # formulas, as PyTorch's ctx has no such attribute)

    def name(self) -> str:
        return type(self).__name__

    def __repr__(self):
        return f"<torch.autograd.function.{self.name()} object at {hex(id(self))}>"

    def __call__(self, *args, **kwargs):
        # PyTorch's custom-Function node (BackwardCFunction) cannot be called as built-in
        # nodes can
        raise TorchTypeError(f"'{self.name()}' object is not callable")

    def __gradcli_getattr__(self, name: str):
        """`ctx.name` in a formula: what the formula set (`_FORMULA_OWN`: kept apart from
        gradcli's own node attributes of that name), else PyTorch's ctx attribute; gradcli's
        own node attributes are not there (AttributeError, as on PyTorch's ctx)."""
        own = self.__dict__.get("_formula_attrs", {})
        if name in own:
            return own[name]
        if name in _GRADCLI_NODE_NAMES:
            raise AttributeError(f"'{self.name()}' object has no attribute '{name}'")
        return getattr(self, name)

    def __gradcli_setattr__(self, name: str, value) -> None:
        """`ctx.name = value` in a formula: as on PyTorch's ctx, any attribute but the
        read-only ones of its C base; one that gradcli's node has (its own attributes, or a
        method the formula shadows, `ctx.name = ...`) is kept apart from it."""
        if name in _READ_ONLY:
            raise AttributeError(f"attribute '{name}' of 'torch._C._FunctionBase' objects is "
                                 "not writable")
        if name in _GRADCLI_NODE_NAMES or (callable(getattr(type(self), name, None))
                                           and not isinstance(getattr(type(self), name),
                                                              property)):
            self.__dict__.setdefault("_formula_attrs", {})[name] = value
        else:
            setattr(self, name, value)

    def save_for_backward(self, *tensors) -> None:
        self._saved = tuple(tensors)
        self._saved_ver = tuple(getattr(t, "_version_box", (0,))[0] for t in tensors)

    def save_for_forward(self, *tensors) -> None:
        """Tensors the `jvp` reads back as `ctx.saved_tensors`."""
        self.__dict__["_fwd_saved"] = tuple(tensors)

    @property
    def saved_tensors(self) -> tuple:
        if self.__dict__.get("_in_jvp"):
            return self.__dict__.get("_fwd_saved", ())
        if self.__dict__.get("_in_forward"):
            return ()                   # PyTorch saves them only once forward has returned
        if getattr(self._fn_cls, "clear_saved_tensors_on_access", False):
            if self.__dict__.get("_saved_taken"):
                raise TorchRuntimeError(_TAKEN)
            saved = self.saved
            self.__dict__["_saved_taken"] = True      # PyTorch drops its references here
            return saved
        return self.saved

    @property
    def saved_variables(self) -> tuple:
        import warnings
        warnings.warn("'saved_variables' is deprecated; use 'saved_tensors'", DeprecationWarning,
                      stacklevel=2)
        return self.saved_tensors

    def mark_dirty(self, *tensors) -> None:
        self.__dict__["_dirty"] = tensors

    def mark_non_differentiable(self, *tensors) -> None:
        self.__dict__["_non_diff"] = {id(t) for t in tensors}
        self.__dict__["_non_diff_marked"] = tensors

    def set_materialize_grads(self, value: bool) -> None:
        if value is not True and value is not False:
            raise TorchTypeError("set_materialize_grads received an invalid combination of "
                                 "arguments - got (), but expected (bool)")
        self.materialize_grads = value

    def backward(self, *grads):
        scalars = _rule_scalars[0]
        _rule_scalars[0] = False            # the user's backward is user code
        try:
            result = self.apply(*grads)
        finally:
            _rule_scalars[0] = scalars
        return self._checked_grads(result if isinstance(result, tuple) else (result,))

    def apply(self, *grads):
        """The user's backward (or vjp) on `grads`, its result unchecked, as PyTorch's
        BackwardCFunction.apply gives it (`boxed_grads_call`: the gradients as one list the
        backward may empty as it goes)."""
        if getattr(self._fn_cls, "boxed_grads_call", False):
            grads = (list(grads),)
        return _user_backward(self._fn_cls)(self, *grads)

    def _checked_grads(self, result: tuple) -> tuple:
        """The gradients of the tensor inputs, as PyTorch's PyNode takes them from the user's
        backward: extra trailing Nones dropped, then one per forward input, None for each
        non-tensor input, a tensor or None for each tensor input."""
        from .._tensor import Tensor
        is_tensor = self.__dict__["_arg_is_tensor"]
        n_args = len(is_tensor)
        if len(result) > n_args and all(g is None for g in result[n_args:]):
            result = result[:n_args]
        if len(result) != n_args:
            raise TorchRuntimeError(f"function {self.name()} returned an incorrect number of "
                                    f"gradients (expected {n_args}, got {len(result)})")
        for i, (g, is_t) in enumerate(zip(result, is_tensor)):
            if g is None:
                continue
            if not is_t:
                raise TorchRuntimeError(f"function {self.name()} returned a gradient different "
                                        f"than None at position {i + 1}, but the corresponding "
                                        "forward input was not a Variable")
            if not isinstance(g, Tensor):
                raise TorchRuntimeError(f"expected Variable or None (got {type(g).__name__})")
        return tuple(g for g, is_t in zip(result, is_tensor) if is_t)


class BackwardCFunction(FunctionCtx):
    """PyTorch's base of the `<Name>Backward` node classes of custom Functions."""


#: public attributes of gradcli's nodes that PyTorch's ctx has not (its engine reads them):
#: on a custom Function's ctx a formula neither sees them nor changes them
_GRADCLI_NODE_NAMES = frozenset(
    n for n in dir(FunctionCtx) if not n.startswith("_")) - frozenset((
        "apply", "dirty_tensors", "mark_dirty", "mark_non_differentiable",
        "metadata", "name", "needs_input_grad", "next_functions", "non_differentiable",
        "register_hook", "register_prehook", "requires_grad", "save_for_backward",
        "save_for_forward", "saved_for_forward", "saved_tensors", "saved_variables",
        "set_materialize_grads", "to_save"))
#: PyTorch's ctx attributes a formula cannot set
_READ_ONLY = frozenset(("requires_grad", "metadata", "next_functions", "saved_tensors",
                        "saved_variables"))


class Function:
    """Base class of user-defined differentiable functions."""

    __gradcli_safe__ = True

    def __init__(self, *args, **kwargs):
        import sys
        message = (f"{self.__class__} should not be instantiated. Methods on autograd "
                   "functions are all static, so you should invoke them on the class itself. "
                   "Instantiating an autograd function will raise an error in a future "
                   "version of PyTorch.")
        if sys._getframe(1).f_globals.get("__name__", "").startswith("gradcli"):
            # called from a formula: its classes live in `__main__`, where Python's filters
            # show a DeprecationWarning (the run reports it at the formula's line)
            warnings.warn_explicit(message, DeprecationWarning, "<formula>", 0,
                                   module="__main__")
        else:
            warnings.warn(message, DeprecationWarning, stacklevel=2)

    def __call__(self, *args, **kwargs):
        raise TorchRuntimeError("Legacy autograd function with non-static forward method is "
                                "deprecated. Please use new-style autograd function with static "
                                "forward method. (Example: "
                                "https://pytorch.org/docs/stable/autograd.html"
                                "#torch.autograd.Function)")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def vjp(ctx, *grad_outputs):
        """Another name for backward: a Function may define either one."""
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode "
                                  "AD.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        """Overridden by Functions whose forward takes no ctx (PyTorch's second style)."""
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError("You must implement the jvp function for custom "
                                  "autograd.Function to use it with forward mode AD.")

    # ctx.saved_tensors readable once only (PyTorch then frees them); backward(ctx, grads)
    # given the gradients as one mutable list
    clear_saved_tensors_on_access = False
    boxed_grads_call = False

    # torch.func.vmap: gradcli maps a Function slice by slice, which is what PyTorch's
    # generated rule does; a Function needs one or the other, as in PyTorch
    generate_vmap_rule = False

    @staticmethod
    def vmap(info, in_dims, *args):
        raise NotImplementedError("To use autograd.Function with vmap, you must either "
                                  "override the vmap staticmethod or set "
                                  "generate_vmap_rule=True.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode "
                                  "AD.")

    @classmethod
    def _node_class(cls):
        node_cls = cls.__dict__.get("_gradcli_node")
        if node_cls is None:
            node_cls = type(f"{cls.__name__}Backward", (BackwardCFunction,), {"_fn_cls": cls})
            cls._gradcli_node = node_cls
        return node_cls

    @classmethod
    def apply(cls, *args, **kwargs):
        from ..ops.core import _new_node, _record
        from .._tensor import Tensor
        _check_transforms(cls)
        if cls.setup_context is not Function.setup_context:
            args, kwargs = _bind_defaults(cls, args, kwargs)
        elif kwargs:
            kwargs = _keyword_inputs(cls.forward, len(args), kwargs)
        # PyTorch's inputs: the positional arguments, then the keyword ones in their order
        inputs = args + tuple(kwargs.values()) if kwargs else args
        dual = forward_ad.ACTIVE[0] and forward_ad.has_tangent(inputs)
        if dual and cls.jvp is Function.jvp:
            forward_ad.refuse_custom(inputs)
        ctx = _new_node(cls._node_class())
        ctx._saved_ver = ()
        tensors = tuple(a for a in inputs if isinstance(a, Tensor))
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in inputs)
        outputs = _run_forward(cls, ctx, args, kwargs)
        if ctx._saved:      # PyTorch saves them once forward has returned: their versions then
            ctx.save_for_backward(*ctx._saved)
        single = not isinstance(outputs, tuple)
        outs = (outputs,) if single else outputs
        _check_marks(ctx, inputs, outs)
        if ctx._saved:
            _check_saved(ctx._saved)
        if not (grad_mode._enabled[0] and any(t._requires_grad for t in tensors)):
            fresh = tuple(_given_back(ctx, o, tensors) for o in outs)
            if dual:
                _forward_tangents(cls, ctx, inputs, fresh)
            return fresh[0] if single else fresh
        for d in ctx.__dict__.get("_dirty", ()):       # (before the inputs' edges are read)
            if d.grad_fn is None and d._requires_grad:
                raise TorchRuntimeError("a leaf Variable that requires grad has been used in "
                                        "an in-place operation.")
        saved, saved_ver = ctx._saved, ctx._saved_ver
        _record(ctx, type(ctx), tensors)
        ctx._saved, ctx._saved_ver = saved, saved_ver
        ctx.__dict__["_arg_is_tensor"] = [isinstance(a, Tensor) for a in inputs]
        ctx.n_outputs = len(outs)
        ctx.__dict__["_out_meta"] = tuple((o._data.shape, o._data.dtype) if isinstance(o, Tensor)
                                          else ((), None) for o in outs)
        result = []
        for i, o in enumerate(outs):
            if isinstance(o, Tensor) and any(r is o for r in result):
                o._output_nr = i        # returned again: PyTorch's last output of the two
            else:
                o = _connect(ctx, o, i, tensors)
            result.append(o)
        result = tuple(result)
        ctx.__dict__["_n_differentiable"] = sum(isinstance(r, Tensor) and r.grad_fn is ctx
                                               for r in result)
        if ctx._saved:
            _mark_saved_outputs(ctx, outs, result, tensors)
        if _saved_hooks and ctx._saved:
            pack_node(ctx, result)
        if dual:                # after the outputs have their history, as PyTorch's
            _forward_tangents(cls, ctx, inputs, result)      # _process_forward_mode_AD
        return result[0] if single else result


class InplaceFunction(Function):
    """PyTorch's base of the Functions that may work in place (its legacy `inplace` flag)."""

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace


def _keyword_inputs(forward, n_args: int, kwargs: dict) -> dict:
    """kwargs in the order of forward's parameters, checked as PyTorch's apply binds them to
    positions: every parameter up to the last one named must be given (its default does not
    count)."""
    try:
        params = list(_signature(forward).parameters.values())[1:]      # (no ctx)
    except (TypeError, ValueError):
        return kwargs
    if any(p.kind is p.VAR_KEYWORD or p.kind is p.VAR_POSITIONAL for p in params):
        return kwargs
    names = [p.name for p in params]
    for key in kwargs:
        if key not in names:
            raise TorchTypeError(f"forward() got an unexpected keyword argument '{key}'")
        if names.index(key) < n_args:
            raise TorchTypeError(f"forward() got multiple values for argument '{key}'")
    last = max(names.index(key) for key in kwargs)
    for i in range(n_args, last):
        if names[i] not in kwargs:
            raise TorchTypeError(f"forward() missing required argument: '{names[i]}' "
                                 f"(position {i})")
    return {name: kwargs[name] for name in names if name in kwargs}


_SIGNATURES: dict = {}


def _signature(forward):
    """inspect.signature of a Function's forward, worked out once."""
    sig = _SIGNATURES.get(forward)
    if sig is None:
        import inspect
        sig = _SIGNATURES[forward] = inspect.signature(forward)
    return sig


def _bind_defaults(cls, args: tuple, kwargs: dict):
    """PyTorch's bind_default_args for a Function with setup_context: the call bound to
    forward's signature, defaults filled in (keywords become positional where they can)."""
    bound = _signature(cls.forward).bind(*args, **kwargs)
    bound.apply_defaults()
    return bound.args, bound.kwargs


IN_FORWARD = [0]      # custom Function forwards running (their writes are mark_dirty's)


def _run_forward(cls, ctx, args, kwargs):
    """The user's forward (and setup_context) without recording, ctx marked as in forward."""
    ctx.__dict__["_in_forward"] = True
    IN_FORWARD[0] += 1
    try:
        with grad_mode.no_grad(), forward_ad.suspended(), _own_vmap_rule(cls):
            if cls.setup_context is Function.setup_context:
                return cls.forward(ctx, *args, **kwargs)
            outputs = cls.forward(*args, **kwargs)
            cls.setup_context(ctx, args, outputs)
            return outputs
    finally:
        ctx.__dict__["_in_forward"] = False
        IN_FORWARD[0] -= 1


class _own_vmap_rule:
    """A vmapped slice's forward of a Function with its own vmap staticmethod runs as that
    rule runs it in PyTorch, below the vmap (its values readable: a NumPy forward works):
    gradcli maps a slice at a time, the values the rule gives (not the rule itself, which
    expects the whole batch)."""

    def __init__(self, cls):
        self.own = cls.vmap is not Function.vmap and not cls.generate_vmap_rule

    def __enter__(self):
        from .vmap import MAPPING
        self.mapping, MAPPING[0] = MAPPING[0], (0 if self.own else MAPPING[0])

    def __exit__(self, *exc):
        from .vmap import MAPPING
        MAPPING[0] = self.mapping
        return False


_EXTENDING_FUNC = "https://pytorch.org/docs/main/notes/extending.func.html"


def _check_transforms(cls) -> None:
    """PyTorch's conditions on a Function called inside torch.func's transforms: the
    setup_context style, and a vmap rule under vmap."""
    from .vmap import MAPPING, TRANSFORMS
    if not TRANSFORMS[0]:
        return
    if cls.setup_context is Function.setup_context:
        raise TorchRuntimeError("In order to use an autograd.Function with functorch "
                                "transforms (vmap, grad, jvp, jacrev, ...), it must override "
                                "the setup_context staticmethod. For more details, please see "
                                + _EXTENDING_FUNC)
    if MAPPING[0] and not cls.generate_vmap_rule and cls.vmap is Function.vmap:
        raise TorchRuntimeError(f"You tried to vmap over {cls.__name__}, but it does not have "
                                "vmap support. Please override and implement the vmap "
                                "staticmethod or set generate_vmap_rule=True. For more "
                                f"details, please see {_EXTENDING_FUNC}")


def _user_backward(cls):
    """The Function's backward, or its vjp (PyTorch refuses both)."""
    backward, vjp = cls.backward, cls.vjp
    if vjp is Function.vjp:
        return backward
    if backward is not Function.backward:
        raise TorchRuntimeError("Implementing both 'backward' and 'vjp' for a custom Function "
                                "is not allowed. You should only implement one of them.")
    return vjp


def _mark_saved_outputs(ctx, outs, result, inputs) -> None:
    """Outputs the forward saved are kept as saved results of ctx, as PyTorch keeps them:
    changing one in place afterwards is reported as "output i of <Function>". An input
    given back as it is stays a saved input (PyTorch's output is another tensor then)."""
    from .._tensor import Tensor
    saved = list(ctx._saved)
    found = False
    for k, item in enumerate(saved):
        for i, (o, r) in enumerate(zip(outs, result)):
            given = item is o and (o is r or not any(o is a for a in inputs))
            if item is not None and (given or item is r) and isinstance(r, Tensor) \
                    and r.grad_fn is ctx:
                saved[k] = _SavedOutput(r, i)
                found = True
                break
    if found:
        ctx._saved = tuple(saved)
        ctx.save_output = True


def _check_marks(ctx, args, outs) -> None:
    """PyTorch's checks of mark_dirty and mark_non_differentiable after the forward (its
    two texts end where PyTorch's own end, before the argument they mean to name)."""
    from .._tensor import Tensor
    dirty = ctx.__dict__.get("_dirty", ())
    if any(not isinstance(t, Tensor) for t in dirty):
        raise TorchRuntimeError("mark_dirty can only accept variables, but argument ")
    if any(not isinstance(t, Tensor) for t in ctx.__dict__.get("_non_diff_marked", ())):
        raise TorchRuntimeError("mark_non_differentiable only accepts variable arguments, "
                                "but got ")
    for t in dirty:
        if not any(t is a for a in args):
            warnings.warn("ctx.mark_dirty() received a tensor that was not an input. Only "
                          "input Tensors that have been mutated should be passed to "
                          "ctx.mark_dirty(). (Triggered internally at /__w/pytorch/pytorch/torch/"
                          "csrc/autograd/custom_function.cpp:320.)", UserWarning, stacklevel=3)
    if any(not any(t is o for o in outs) for t in dirty):
        raise TorchRuntimeError("Some elements marked as dirty during the forward method were "
                                "not returned as output. The inputs that are modified inplace "
                                "must all be outputs of the Function.")
    for t in dirty:
        t._version_box[0] += 1          # PyTorch bumps a dirty tensor's version once more


def _check_saved(saved: tuple) -> None:
    """PyTorch's refusal of anything but tensors and None in save_for_backward."""
    from .._tensor import Tensor
    for i, t in enumerate(saved):
        if t is not None and not isinstance(t, Tensor):
            raise TorchTypeError(f"save_for_backward can only save variables, but argument {i} "
                                 f"is of type {type(t).__name__}")


def _forward_tangents(cls, ctx, args, outs) -> None:
    """Forward AD through a custom Function: its `jvp(ctx, *tangents)` (a tangent per
    forward input: None for a non-tensor, zeros for a tensor without one) gives the
    tangent of each output (`outs`: the outputs as apply returns them, their history set).
    It runs in the caller's grad mode, as PyTorch's: what it computes from the outputs
    (or anything requiring grad) is recorded."""
    from .._tensor import Tensor
    from ..ops.creation import zeros_like
    tangents = []
    for a in args:
        t = forward_ad.tangent_of(a) if isinstance(a, Tensor) else None
        if t is None and isinstance(a, Tensor) and ctx.materialize_grads:
            t = zeros_like(a)
        tangents.append(t)
    ctx.__dict__["_in_jvp"] = True
    try:
        with forward_ad.suspended():
            result = cls.jvp(ctx, *tangents)
    finally:
        ctx.__dict__["_in_jvp"] = False
    result = result if isinstance(result, tuple) else (result,)
    if len(result) != len(outs):
        raise TorchRuntimeError(f"{cls.__name__}.jvp returned an incorrect number of forward "
                                f"gradients (expected {len(outs)}, got {len(result)})")
    for out, t in zip(outs, result):
        if isinstance(out, Tensor) and t is not None:
            forward_ad.give_tangent(out, t)


# (the rebase of a view's history rewrites the graph for a node of one result only)
_DIRTY_VIEW_OF_MANY = (
    "If your Function modifies inplace an input that is a view of another Tensor, your "
    "Function cannot return more than one Tensor. This is not supported by the current "
    "autograd engine. You should either make sure the input is not a view (using .clone() for "
    "example) or make your Function only return one Tensor (potentially splitting it into two "
    "Functions: one doing the inplace that returns a single Tensor and a second one that does "
    "the other operations). You can ask on the forum https://discuss.pytorch.org/ if you need "
    "help to do this change.")


def _connect(ctx, out, i, inputs):
    from .._tensor import Tensor
    if not isinstance(out, Tensor) or out._data.dtype.kind not in "fc":
        return out
    if id(out) in ctx.__dict__.get("_non_diff", ()):
        if not out._requires_grad or (out._base is not None and
                                      not any(out is a for a in inputs)):
            return out      # a view made in forward keeps its requires_grad, as PyTorch's
        if any(out is a for a in inputs):
            return out.detach()                     # an input given back: a detached alias
        out._requires_grad = False                  # PyTorch's detach_()
        return out
    if any(out is d for d in ctx.__dict__.get("_dirty", ())):
        # changed in place and marked dirty: the same tensor, its history now this node
        if out._base is not None and ctx.n_outputs > 1:
            raise TorchRuntimeError(_DIRTY_VIEW_OF_MANY)
        if out._base is not None and out.grad_fn is not None and \
                out._base.grad_fn is None and out._base._requires_grad:
            raise TorchRuntimeError("a view of a leaf Variable that requires grad is being "
                                    "used in an in-place operation.")
        if out._base is not None and out._base._data.flags.c_contiguous:
            return _dirty_view(ctx, out, i)
        t = out
    else:
        t = out._alias() if (out.grad_fn is not None or out._requires_grad) else out
        if t is not out:        # still a view: of what `out` views, or of the input given back
            is_input = any(out is a for a in inputs)
            t._base = out._base if out._base is not None else (out if is_input else None)
    t._requires_grad = True
    t.grad_fn = ctx
    t._output_nr = i
    return t


def _given_back(ctx, out, inputs):
    """An output when nothing is recorded. An input returned as it is (not marked dirty) is
    not handed back itself, as in PyTorch: a detached alias if it requires grad, else a view
    of it."""
    if not any(out is a for a in inputs) or any(out is d for d in ctx.__dict__.get("_dirty", ())):
        mark = getattr(out, "_made_without_grad", None)
        if mark is not None and len(mark) == 2:     # a view made in forward: PyTorch marks
            out._made_without_grad = mark + ("custom Function",)    # it as the Function's
        return out
    if out._requires_grad:
        return out.detach()
    with grad_mode.no_grad():
        return out.view_as(out)


def _dirty_view(ctx, view, i):
    """A view changed in place and marked dirty: as for a built-in in-place op on a view,
    its base gets a CopySlices node over this Function's output and the view becomes a
    gather from the base (AsStridedBackward0), as PyTorch rebases the history."""
    from ..ops.core import _dual, apply
    from ..ops.views import AsStridedBackward0, positions, rebase, wrap_inplace
    base = view._base
    flat = positions(view._data, base._data)
    if ctx.n_outputs == 1 and not _dual[0]:
        # PyTorch's CopySlices wraps the Function's node and takes its first input to be the
        # view: the base's old node, then the node's other edges
        wrap_inplace(base, flat, ctx, ())
    else:
        result = view._alias()
        result._requires_grad, result.grad_fn, result._output_nr = True, ctx, i
        rebase(base, flat, result)
    view.grad_fn = apply(AsStridedBackward0, (base,), flat=flat).grad_fn
    view._output_nr, view._requires_grad = 0, True
    return view


def make_function_class(name: str, methods: dict, base: type | None = None,
                        kinds: dict | None = None) -> type:
    """A Function subclass from a formula's `class Name(Function):` block (or `class
    Name(Other):`, Other a Function of the formula's, whose methods it inherits): its
    forward, backward, vjp, setup_context, jvp and vmap static, its other methods what
    their decorators (`kinds`: 'staticmethod', 'classmethod', 'property') made them."""
    made = {"staticmethod": staticmethod, "classmethod": classmethod, "property": property}
    body = {k: staticmethod(v) if k in _STATIC else made.get((kinds or {}).get(k), _same)(v)
            for k, v in methods.items()}
    body["__module__"] = "__main__"             # where a script's classes live
    return type(name, (base or Function,), body)


_STATIC = ("forward", "backward", "vjp", "setup_context", "jvp", "vmap")


def _same(fn):
    return fn


def once_differentiable(fn):
    """Decorator of a custom backward: it runs without building a graph; when its inputs
    require grad (create_graph), its results carry an `Error` node that refuses a second
    derivative, as in PyTorch."""
    import functools

    @functools.wraps(fn)
    def wrapper(ctx, *args):
        from .._tensor import Tensor
        with grad_mode.no_grad():
            outputs = fn(ctx, *args)
        needing = tuple(a for a in args if isinstance(a, Tensor) and a._requires_grad)
        if not (grad_mode._enabled[0] and needing):
            return outputs
        single = not isinstance(outputs, tuple)
        wrapped = _delayed_error((outputs,) if single else outputs)
        return wrapped[0] if single else wrapped
    return wrapper


def _delayed_error(outputs: tuple) -> tuple:
    """The results of a once-differentiable backward as PyTorch's DelayedError gives them:
    one `Error` node over them all, each a detached copy made a leaf; a None result is an
    empty edge of that node (`next_functions` shows None there) and stays None."""
    from .._tensor import Tensor
    from ..ops.core import apply
    ins = tuple(o.detach().requires_grad_() if isinstance(o, Tensor) else Tensor._wrap(np.zeros(0))
                for o in outputs)
    cls = Error if len(ins) == 1 else _errors_of(len(ins))
    value = ins[0]._data if len(ins) == 1 else tuple(t._data for t in ins)
    made = apply(cls, ins, value=value, message=_TWICE)
    made = (made,) if len(ins) == 1 else made
    return tuple(m if isinstance(o, Tensor) else o for m, o in zip(made, outputs))


_ERRORS: dict = {}


def _errors_of(n: int):
    """The Error node class of n results (PyTorch's one C++ class; gradcli's node classes
    fix their number of results)."""
    if n not in _ERRORS:
        _ERRORS[n] = type("Error", (Error,), {"n_outputs": n})
    return _ERRORS[n]
