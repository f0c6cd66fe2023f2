"""`torch.compile` and `torch.compiler`, as a program run on PyTorch's CPU build sees them.

gradcli has no compiler: a compiled function or module runs eagerly, with eager mode's values
(PyTorch's inductor may fuse float32 arithmetic differently, which shows in last bits at
most, and in the time it takes: gradcli never pays the seconds a first compilation costs).
What a program can observe of the compilation is reproduced:

- the tensors one call returns share one `CompiledFunctionBackward` node (AOTAutograd's
  autograd.Function), whose edges lead to the tensors the call read that require grad: a
  module's parameters first, then the others in the order the call first used them;
- its backward is the eager graph's, run when the node runs; the node's saved state goes
  with the graph's (a second backward without retain_graph raises PyTorch's error), and a
  gradient taken with create_graph=True is recorded by `CompiledFunctionBackwardBackward`,
  whose own backward PyTorch refuses;
- outputs that do not require grad have no node; under no_grad nothing is recorded;
- `backend="eager"` (or a backend given as a callable) records the eager graph itself;
- a compiled module is an `OptimizedModule` holding the original as `_orig_mod` (so its
  state_dict keys start with `_orig_mod.`), other attributes read through to it;
- argument checks and their texts as PyTorch 2.13's; torch.compiler's queries answer as
  outside compiled code.
"""
from __future__ import annotations

from .autograd import graph as _graph
from .autograd import grad_mode
from .autograd.function import Function
from .errors import TorchRuntimeError
from .nn.modules.module import Module

MODES = ("default", "lite", "reduce-overhead", "max-autotune-no-cudagraphs", "max-autotune")
#: torch._dynamo.list_backends() on the CPU build, and the debugging ones it accepts too
BACKENDS = ("cudagraphs", "inductor", "openxla", "tvm")
_DEBUG_BACKENDS = ("eager", "aot_eager", "aot_eager_decomp_partition", "aot_inductor")
_DOUBLE_BACKWARD = "torch.compile with aot_autograd does not currently support double backward"


class InvalidBackend(TorchRuntimeError):
    """torch._dynamo.exc.InvalidBackend."""


InvalidBackend.__module__ = "torch._dynamo.exc"


def compile(model=None, *, fullgraph=False, dynamic=None, backend="inductor", mode=None,
            options=None, disable=False):
    """torch.compile(model): the function or module, compiled (here: run eagerly, with the
    graph PyTorch's compiled code records). Without `model`, a decorator."""
    if model is None:
        def fn(model):
            if model is None:
                raise TorchRuntimeError("Model can't be None")
            return compile(model, fullgraph=fullgraph, dynamic=dynamic, backend=backend,
                           mode=mode, options=options, disable=disable)
        return fn
    if mode is not None and options is not None:
        raise TorchRuntimeError("Either mode or options can be specified, but both can't be "
                                "specified at the same time.")
    if mode is not None and mode not in MODES:
        raise TorchRuntimeError(f"Unrecognized mode={mode}, should be one of: "
                                + ", ".join(MODES))
    if isinstance(backend, str) and backend not in BACKENDS + _DEBUG_BACKENDS:
        raise InvalidBackend(f"Invalid backend: {backend!r}, see "
                             "`torch._dynamo.list_backends()` for available backends.")
    if not callable(model):
        raise AssertionError(f"A callable function is expected, but {type(model)} is "
                             "provided.")
    if disable:
        return model
    recorded = isinstance(backend, str) and backend != "eager"
    if isinstance(model, Module):
        return OptimizedModule(model, recorded)
    return CompiledCallable(model, recorded)


class CompiledCallable:
    """A compiled function: called as the original, shown as the original."""

    __gradcli_safe__ = True
    __slots__ = ("_fn", "_recorded", "__wrapped__")

    def __init__(self, fn, recorded: bool):
        self._fn, self._recorded, self.__wrapped__ = fn, recorded, fn

    def __call__(self, *args, **kwargs):
        if not self._recorded:
            return self._fn(*args, **kwargs)
        return call_compiled(self._fn, args, kwargs)

    @property
    def __name__(self):
        return getattr(self._fn, "__name__", type(self._fn).__name__)

    def __repr__(self):
        return repr(self._fn)


class OptimizedModule(Module):
    """torch._dynamo.eval_frame.OptimizedModule: the compiled module around `_orig_mod`."""

    def __init__(self, mod, recorded: bool = True):
        super().__init__()
        self._orig_mod = mod
        object.__setattr__(self, "_recorded", recorded)

    def __call__(self, *args, **kwargs):
        mod = self._orig_mod
        if not self.__dict__["_recorded"]:
            return mod(*args, **kwargs)
        return call_compiled(mod, args, kwargs, params=[p for p in mod.parameters()])

    def forward(self, *args, **kwargs):
        return self(*args, **kwargs)

    def __getattr__(self, name: str):
        try:
            return Module.__getattr__(self, name)
        except AttributeError:
            if name.startswith("__") or "_modules" not in self.__dict__:
                raise
            return getattr(self._orig_mod, name)


OptimizedModule.__module__ = "torch._dynamo.eval_frame"


# -- one compiled call ------------------------------------------------------------------------

def call_compiled(fn, args: tuple, kwargs: dict, params=()):
    """fn(*args, **kwargs), its differentiable outputs then given one CompiledFunction node
    over the part of the graph the call recorded."""
    from .autograd import pytree
    if not grad_mode._enabled[0]:
        return fn(*args, **kwargs)
    start = next(_graph._seq)
    result = fn(*args, **kwargs)
    outs = pytree.leaves(result)
    inner = [i for i, o in enumerate(outs) if _made_here(o, start)]
    if not inner:
        return result
    edges = _boundary([outs[i].grad_fn for i in inner], start, params)
    connected = _CompiledFunction.connect([outs[i] for i in inner], edges)
    values = list(outs)
    for i, t in zip(inner, connected):
        values[i] = t
    return pytree.rebuilt(result, iter(values))


def _made_here(t, start: int) -> bool:
    from ._tensor import Tensor
    fn = getattr(t, "grad_fn", None) if isinstance(t, Tensor) else None
    return fn is not None and start < fn._seq_nr < _graph.ACCUMULATE_SEQ


def _boundary(roots, start: int, params) -> list:
    """The edges leaving the call's part of the graph (to leaves' accumulators and to nodes
    made before the call), with the (shape, dtype) of the tensor each carries: parameters
    first (in `params` order), then by the first node of the call that used them."""
    seen, stack = set(), []
    for node in roots:
        if id(node) not in seen:
            seen.add(id(node))
            stack.append(node)
    found: dict = {}                  # (id(node), nr) -> [first use, edge, meta]
    while stack:
        node = stack.pop()
        metas = node._in_meta or ()
        for k, (nxt, nr) in enumerate(zip(node._next, node._next_nr)):
            if nxt is None:
                continue
            if start < nxt._seq_nr < _graph.ACCUMULATE_SEQ:
                if id(nxt) not in seen:
                    seen.add(id(nxt))
                    stack.append(nxt)
                continue
            key = (id(nxt), nr)
            use = (node._seq_nr, k)
            entry = found.get(key)
            if entry is None:
                found[key] = [use, (nxt, nr), metas[k] if k < len(metas) else None]
            elif use < entry[0]:
                entry[0] = use
    rank = {id(p): i for i, p in enumerate(params)}

    def order(entry):
        node = entry[1][0]
        variable = getattr(node, "variable", None)
        if variable is not None and id(variable) in rank:
            return (0, rank[id(variable)], ())
        return (1, 0, entry[0])
    return [(edge, meta) for _, edge, meta in sorted(found.values(), key=order)]


class _CompiledFunction(Function):
    """AOTAutograd's CompiledFunction: its node is `CompiledFunctionBackward`."""

    @staticmethod
    def connect(outs: list, edges: list) -> list:
        """New tensors for `outs` (their values), whose grad_fn is one node of this class
        with `edges` as its next functions."""
        from .ops.core import _new_node
        ctx = _new_node(_CompiledFunction._node_class())
        ctx._next = tuple(edge[0] for edge, _ in edges)
        ctx._next_nr = tuple(edge[1] for edge, _ in edges)
        ctx._in_meta = tuple(meta for _, meta in edges)
        ctx._saved, ctx._saved_ver = (), ()      # released after a backward not retaining
        ctx.needs_input_grad = (True,) * len(edges)
        ctx.n_outputs = len(outs)
        ctx.__dict__["_arg_is_tensor"] = [True] * len(edges)
        ctx.__dict__["_out_meta"] = tuple((o._data.shape, o._data.dtype) for o in outs)
        ctx.__dict__["_compiled"] = (tuple(outs), tuple(edge for edge, _ in edges))
        result = []
        for i, o in enumerate(outs):
            t = o.detach()
            t._requires_grad, t.grad_fn, t._output_nr = True, ctx, i
            result.append(t)
        return result

    @staticmethod
    def backward(ctx, *grads):
        ctx.saved_tensors                      # noqa: B018 - PyTorch's error once released
        from .autograd.engine import grad
        from .autograd.hooks import GradientEdge
        outs, edges = ctx.__dict__["_compiled"]
        build = grad_mode._enabled[0]
        roots = [(o, g) for o, g in zip(outs, grads) if g is not None]
        with grad_mode.no_grad():
            found = grad([o for o, _ in roots], [GradientEdge(n, nr) for n, nr in edges],
                         [g for _, g in roots], retain_graph=True, allow_unused=True)
        if build:           # the outputs carry the call's graph: the result is recorded
            return _CompiledBackward.apply(found, *[g for _, g in roots], *outs)
        return tuple(found)


_CompiledFunction.__name__ = _CompiledFunction.__qualname__ = "CompiledFunction"


class _CompiledBackward(Function):
    """The gradient of a compiled call taken with create_graph=True: PyTorch records it and
    refuses to differentiate it again."""

    @staticmethod
    def forward(ctx, found, *grads):
        return tuple(found)

    @staticmethod
    def backward(ctx, *grads):
        raise TorchRuntimeError(_DOUBLE_BACKWARD)


_CompiledBackward.__name__ = _CompiledBackward.__qualname__ = "CompiledFunctionBackward"


# -- torch.compiler ---------------------------------------------------------------------------

def _false(*args, **kwargs) -> bool:
    return False


def _nothing(*args, **kwargs) -> None:
    return None


def _given(fn=None, *args, **kwargs):
    """A decorator that leaves the function as it is (with or without arguments)."""
    if fn is None or not callable(fn):
        return lambda f: f
    return fn


def list_backends(exclude_tags=("debug", "experimental")) -> list:
    return list(BACKENDS)


def compiler_members() -> dict:
    """torch.compiler's names."""
    return {"compile": compile, "reset": _nothing, "is_compiling": _false,
            "is_dynamo_compiling": _false, "is_exporting": _false, "disable": _given,
            "allow_in_graph": _given, "assume_constant_result": _given,
            "cudagraph_mark_step_begin": _nothing, "list_backends": list_backends}

