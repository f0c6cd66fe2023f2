"""The backward pass: dependency counts, a ready queue, accumulate, free. No recursion.

Nodes run in PyTorch's order: a ready node with the highest sequence number first (the most
recently created), leaves (`AccumulateGrad`) as soon as they are ready. Gradients are summed
per node input in a buffer, broadcasting is undone and dtypes restored in one place
(`_fit`), hooks run where PyTorch runs them, and saved tensors are released after each node
unless `retain_graph`.

Two shortcuts keep the results bit for bit what the plain rules give. Gradients of 0-d
float64 values travel as Python floats between nodes that have a `scalar_backward` (the
"scalar lane"). Without a graph of the backward, memory nobody else can reach is reused:
a buffered gradient is summed into in place, a rule may write into the incoming gradient
(`ops.core.lent`) or, on the last use, into a saved tensor (`ops.core.reusable`), and a
leaf takes a gradient nothing else holds as its `.grad` instead of a copy. "Nobody else"
is checked with reference counts, so a gradient a hook kept is never overwritten.
"""
from __future__ import annotations

import gc
import math
import heapq
import itertools
import warnings
from collections.abc import Mapping

import numpy as np

from .. import _memory
from ..limits import active as _limits_active
from ..errors import TorchRuntimeError, TorchTypeError, TorchValueError, warn_once
from . import forward_ad, grad_mode
from .anomaly import _state as _anomaly_state
from .function import FunctionCtx
from .graph import GRAD_DTYPES, AccumulateGrad, ScalarMetas, leaf_grad_dtype
from .vmap import RETAINING as _vmap_retaining
from ..dtypes import BF16_NP as _BF16, BF16_USED as _BF16_USED

_CREATE_GRAPH_WARNING = (
    "Using backward() with create_graph=True will create a reference cycle between the "
    "parameter and its gradient which can cause a memory leak. We recommend using "
    "autograd.grad when creating the graph to avoid this. If you have to use this function, "
    "make sure to reset the .grad fields of your parameters to None after use to break the "
    "cycle and avoid the leak. (Triggered internally at "
    "/__w/pytorch/pytorch/torch/csrc/autograd/engine.cpp:1307.)")

# Observers (e.g. `gradcli explain`) get every executed node: fn(node, grads_out, grads_in).
_observers: list = []
_anomaly = _anomaly_state     # [enabled, check_nan] of anomaly detection
_enabled = grad_mode._enabled
_rule_scalars = grad_mode._rule_scalars

# -- PyTorch's efficient zero tensors ----------------------------------------------------------
# Some rules give a gradient that is known to be zero without computing it (sgn of a real
# tensor): PyTorch's `_efficientzerotensor`. Added to another gradient it leaves it as it is
# (a -0.0 stays -0.0); multiplied or divided, summed, viewed or passed on unchanged it stays an
# efficient zero (so 0 * inf gives 0, not nan); any other rule computes with real zeros. A
# leaf's .grad gets real zeros. ZeroGrad is that gradient here: a tensor of +0.0 the engine
# recognises by its class.

ZeroGrad = None         # the class, made on first use (Tensor is not importable here yet)

#: node -> the inputs whose gradient PyTorch's rule leaves an efficient zero when the
#: output's gradient is one (rules of the form grad * a, grad / a, grad itself, a view or
#: slices of grad); the node's other inputs get the rule's value on real zeros
_KEEPS_ZERO = {name: (0,) for name in (
    "AbsBackward0", "ExpBackward0", "Exp2Backward0", "LogBackward0", "Log1PBackward0",
    "Log2Backward0", "Log10Backward0", "SinBackward0", "CosBackward0", "TanBackward0",
    "SinhBackward0", "CoshBackward0", "SqrtBackward0", "MulBackward1", "DivBackward0",
    "DivBackward1", "PowBackward0", "PowBackward2", "SumBackward0", "SumBackward1", "ViewBackward0",
    "ReshapeAliasBackward0", "UnsafeViewBackward0", "TBackward0", "PermuteBackward0",
    "TransposeBackward0", "SqueezeBackward0", "SqueezeBackward1", "SqueezeBackward2",
    "SqueezeBackward3", "SqueezeBackward4", "SqueezeBackward5", "UnsqueezeBackward0",
    "CloneBackward0", "AliasBackward0", "AddBackward1", "SubBackward0", "SubBackward1")}
_KEEPS_ZERO.update(MulBackward0=(0, 1), AddBackward0=(0, 1), DotBackward0=(0, 1),
                   HypotBackward0=(0, 1), PowBackward1=(1,),
                   CppFunction=(0,),           # forward AD's primal alias: grad itself
                   CatBackward0=None)                   # None: every input
#: inputs whose rule turns an efficient zero into real zeros without computing (a `where`
#: over grad * a, or `zeros_like`): x ** y's x, x ** 0's x
_REAL_ZERO = {"PowBackward1": (0,)}


def zero_grad(shape, dtype):
    """An efficient zero gradient of this shape and dtype."""
    global ZeroGrad
    if ZeroGrad is None:
        from .._tensor import Tensor

        class _ZeroGrad(Tensor):
            __slots__ = ()
        ZeroGrad = _ZeroGrad
    return ZeroGrad._wrap(np.zeros(shape, dtype))


def _real_zeros(g):
    """An efficient zero as an ordinary tensor of zeros (what a rule computes with), with the
    history it was recorded with under create_graph."""
    from .._tensor import Tensor
    t = Tensor._wrap(g._data)
    if g.grad_fn is not None:
        t.grad_fn, t._output_nr, t._requires_grad = g.grad_fn, g._output_nr, True
    return t


def _zero_with_history(r, meta):
    """An efficient zero of this meta that a create_graph backward recorded as r: PyTorch's
    zero-tensor kernels give zeros, but autograd records the op (exp's grad * result is a
    MulBackward0 when result has a history)."""
    z = zero_grad(*meta)
    if r._requires_grad:
        z.grad_fn, z._output_nr, z._requires_grad = r.grad_fn, r._output_nr, True
    return z


def _zero_step(node, g):
    """The input gradients of a node whose output's gradient is an efficient zero: efficient
    zeros where PyTorch's rule keeps one, the rule on real zeros elsewhere. Under
    create_graph the rule always runs, for the history its keeps-zero results carry."""
    name = type(node).__name__
    keeps = _KEEPS_ZERO.get(name, ())
    real = _REAL_ZERO.get(name, ())
    if name == "PowBackward0" and node.exponent == 0:
        keeps, real = (), (0,)
    metas = node._in_meta
    n = len(node._next)
    if grad_mode._enabled[0] and keeps is not None:
        out = _call_node(node, (_real_zeros(g),))
        return tuple(r if r is None else _zero_with_history(r, metas[i]) if i in keeps else
                     _zeros_of(metas[i]) if i in real else r for i, r in enumerate(out))
    if keeps is None or all(i in keeps or i in real for i in range(n) if node.needs(i)):
        out = tuple(None if not node.needs(i) else _zeros_of(metas[i]) if i in real
                    else zero_grad(*metas[i]) for i in range(n))
        for obs in _observers:
            obs(node, (g,), out)
        return out
    out = _call_node(node, (_real_zeros(g),))
    return tuple(r if r is None else zero_grad(*metas[i]) if i in keeps else
                 _zeros_of(metas[i]) if i in real else r for i, r in enumerate(out))


def _zeros_of(meta):
    from .._tensor import Tensor
    return Tensor._wrap(np.zeros(*meta))


def _batched_grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused,
                  materialize_grads):
    from ..ops.shape import stack
    from .._tensor import Tensor
    grads = _as_tensor_list(grad_outputs)
    wrong = next((g for g in grads if g is not None and not isinstance(g, Tensor)), None)
    if wrong is not None:                       # (_make_grads' check, as unbatched)
        raise TorchTypeError(f"gradients can be either Tensors or None, but got "
                             f"{type(wrong).__name__}")
    if not grads or any(g is None for g in grads):
        raise TorchRuntimeError("If `is_grads_batched=True`, we interpret the first dimension "
                                "of each grad_output as the batch dimension. The sizes of the "
                                "remaining dimensions are expected to match the shape of "
                                "corresponding output, but a mismatch was detected")
    for i, (out, g) in enumerate(zip(_as_tensor_list(outputs), grads)):
        first = g[0]
        if first._data.shape != out._data.shape:
            from ..printing import format_size
            raise TorchRuntimeError(
                "If `is_grads_batched=True`, we interpret the first dimension of each "
                "grad_output as the batch dimension. The sizes of the remaining dimensions are "
                f"expected to match the shape of corresponding output, but a mismatch was "
                f"detected: grad_output[{i}] has a shape of "
                f"{format_size(first._data.shape[1:])} and output[{i}] has a shape of "
                f"{format_size(out._data.shape)}. If you only want some tensors in "
                "`grad_output` to be considered batched, consider using vmap.")
    n = grads[0]._data.shape[0] if grads[0]._data.ndim else 0
    rows = []
    for k in range(n):
        rows.append(grad(outputs, inputs, [g[k] for g in grads],
                         retain_graph=True if k < n - 1 else retain_graph,
                         create_graph=create_graph, allow_unused=allow_unused,
                         materialize_grads=materialize_grads))
    return tuple(None if rows[0][i] is None else stack([r[i] for r in rows])
                 for i in range(len(rows[0])))


def _as_tensor_list(x, optional: bool = True):
    """x as a list: a tensor (or gradient edge) alone, or the items of a sequence; None
    stays None where `optional` (gradients), else Python's error for tuple(None)."""
    from .._tensor import Tensor
    from .hooks import GradientEdge
    if x is None and optional:
        return None
    if isinstance(x, (Tensor, GradientEdge)):
        return [x]
    return list(x)


def _check_counts(tensors, grads) -> None:
    """PyTorch's refusal of fewer gradients than tensors (more are ignored, as there)."""
    if grads is not None and len(grads) < len(tensors):
        raise TorchRuntimeError(f"got {len(tensors)} tensors and {len(grads)} gradients")


def _make_root_grads(tensors, grads, create_graph):
    from ..ops.creation import ones_like
    from .._tensor import Tensor
    out = []
    # zip, as PyTorch's _make_grads: a missing gradient is refused afterwards by the count
    for i, (t, g) in enumerate(zip(tensors, [None] * len(tensors) if grads is None else grads)):
        shape, dtype = _output_meta(t)
        if g is None:
            if not isinstance(t, tuple) and not t._requires_grad:
                out.append(None)        # refused next, by _check_roots
                continue
            if math.prod(shape) != 1:
                raise TorchRuntimeError("grad can be implicitly created only for scalar outputs")
            if np.dtype(dtype).kind == "c":
                from ..dtypes import from_numpy
                raise TorchRuntimeError("grad can be implicitly created only for real scalar "
                                        f"outputs but got {from_numpy(np.dtype(dtype))}")
            g = ones_like(t) if isinstance(t, Tensor) else Tensor._wrap(np.ones(shape, dtype))
        elif not isinstance(g, Tensor):
            raise TorchTypeError(f"gradients can be either Tensors or None, but got "
                                 f"{type(g).__name__}")
        elif g._data.shape != shape:
            from ..printing import format_size    # (only here: it costs a first call ~1 ms)
            # positions by list.index, as PyTorch's (see _complex_mismatch)
            grad_at, out_at = list(grads).index(g), list(tensors).index(t)
            raise TorchRuntimeError(
                f"Mismatch in shape: grad_output[{grad_at}] has a shape of "
                f"{format_size(g._data.shape)} and output[{out_at}] has a shape of "
                f"{format_size(shape)}.")
        elif (g._data.dtype.kind == "c") != (np.dtype(dtype).kind == "c"):
            raise _complex_mismatch(tensors, grads, t, g, dtype)
        out.append(g)
    return out


def _complex_mismatch(tensors, grads, t, g, dtype) -> TorchRuntimeError:
    """PyTorch's refusal of a complex gradient for a real output, or of a real one for a
    complex output; its positions are `grads.index(grad)` and `outputs.index(out)`, Python's
    list.index, which compares other tensors with `==` (a tensor of several elements then
    refuses to be a bool, as in PyTorch)."""
    from ..dtypes import from_numpy
    grad_at, out_at = list(grads).index(g), list(tensors).index(t)
    return TorchRuntimeError(
        "For complex Tensors, both grad_output and output are required to have the same "
        f"dtype. Mismatch in dtype: grad_output[{grad_at}] has a dtype of {g.dtype} and "
        f"output[{out_at}] has a dtype of {from_numpy(np.dtype(dtype))}.")


def _output_meta(t) -> tuple:
    """(shape, dtype) of an output of grad()/backward(): a tensor or a GradientEdge."""
    from .._tensor import Tensor
    if isinstance(t, Tensor):
        return t._data.shape, t._data.dtype
    if isinstance(t, tuple):
        from .hooks import edge_meta
        meta = edge_meta(t)
        if meta is None:
            raise TorchRuntimeError("the shape of the gradient along this GradientEdge is not "
                                    "known: pass it from get_gradient_edge()")
        return meta
    raise AssertionError("Expected output to be a torch.Tensor")


def _check_roots(tensors):
    for i, t in enumerate(tensors):
        if not isinstance(t, tuple) and not t._requires_grad:
            raise TorchRuntimeError(f"element {i} of tensors does not require grad and does "
                                    "not have a grad_fn")


def _inputs_list(inputs, fn_name: str):
    """`inputs` of grad()/backward() as a list: a tensor or GradientEdge alone, the values
    of a dict (no other mapping), or the items of a sequence."""
    from .._tensor import Tensor
    from .hooks import GradientEdge
    if isinstance(inputs, (Tensor, GradientEdge)):
        return [inputs]
    if type(inputs) is dict:
        return list(inputs.values())
    if isinstance(inputs, Mapping):
        raise TorchTypeError(f"`inputs` argument to `{fn_name}()` must be a dict, not "
                             f"{type(inputs).__name__}. Other Mapping types are not supported.")
    return list(inputs)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    """Accumulate into `.grad` the gradients of `tensors` w.r.t. the graph leaves."""
    from .vmap import TRANSFORMS
    if TRANSFORMS[0]:
        raise TorchRuntimeError("backward() called inside a functorch transform. This is not "
                                "supported, please use functorch.grad or functorch.vjp instead "
                                "or call backward() outside of functorch transforms.")
    if grad_variables is not None:
        warnings.warn("`grad_variables` is deprecated. Use `grad_tensors` instead.",
                      FutureWarning, stacklevel=2)
        if grad_tensors is not None:
            raise TorchRuntimeError("`grad_tensors` and `grad_variables` (deprecated) arguments "
                                    "both passed to `backward()`. Please only use "
                                    "`grad_tensors`.")
        grad_tensors = grad_variables
    if inputs is not None:
        inputs = _inputs_list(inputs, "backward")
        if not inputs:
            raise TorchRuntimeError("`inputs` argument to `backward()` cannot be empty.")
    tensors = _as_tensor_list(tensors, optional=False)
    grads = _as_tensor_list(grad_tensors)
    root_grads = _make_root_grads(tensors, grads, create_graph)
    _check_counts(tensors, grads)
    _check_roots(tensors)
    if inputs is not None:
        for t in inputs:
            if not isinstance(t, tuple):        # PyTorch retains the grad of each input:
                t.retain_grad()                 # a non-leaf's .grad is filled by that hook
    keep = _engine_flag(create_graph if retain_graph is None else retain_graph)
    run_backward(tensors, root_grads, keep, _engine_flag(create_graph), inputs,
                 run_inputs=True)
    if create_graph:        # after the pass, where PyTorch's engine warnings reach Python
        warn_once(_CREATE_GRAPH_WARNING, UserWarning, stacklevel=3)   # PyTorch's own line


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """Return the gradients of `outputs` w.r.t. `inputs` without touching `.grad`.
    With is_grads_batched, the first dimension of each grad_output is a batch: one
    vector-Jacobian product per entry, stacked (PyTorch vmaps it; the values are the same)."""
    from .._tensor import Tensor
    if materialize_grads and allow_unused is False:
        raise TorchValueError("Expected allow_unused to be True or not passed when "
                              "materialize_grads=True, but got: allow_unused=False.")
    if type(inputs) is dict:
        return dict(zip(inputs, grad(outputs, list(inputs.values()), grad_outputs,
                                     retain_graph, create_graph, only_inputs, allow_unused,
                                     is_grads_batched, materialize_grads)))
    if not only_inputs:
        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to "
                      "True). To accumulate gradient for other parts of the graph, please use "
                      "torch.autograd.backward.", FutureWarning, stacklevel=2)
    if is_grads_batched:
        return _batched_grad(outputs, inputs, grad_outputs, retain_graph, create_graph,
                             allow_unused, materialize_grads)
    from .hooks import GradientEdge
    outputs = _as_tensor_list(outputs, optional=False)
    inputs = _inputs_list(inputs, "grad")
    if not inputs:
        raise TorchRuntimeError("`inputs` argument to `grad()` cannot be empty.")
    grads = _as_tensor_list(grad_outputs)
    root_grads = _make_root_grads(outputs, grads, create_graph)
    _check_counts(outputs, grads)
    _check_roots(outputs)
    for i, t in enumerate(inputs):
        if isinstance(t, GradientEdge):
            continue
        if not isinstance(t, Tensor):
            raise TorchRuntimeError("all inputs have to be Tensors or GradientEdges, but got "
                                    f"{type(t).__name__}")
        if not t._requires_grad:
            raise TorchRuntimeError("One of the differentiated Tensors does not require grad")
    keep = _engine_flag(create_graph if retain_graph is None else retain_graph)
    captured = run_backward(outputs, root_grads, keep, _engine_flag(create_graph), inputs)
    allow_unused = materialize_grads if allow_unused is None else allow_unused
    result = []
    for i, g in enumerate(captured):
        if g is None:
            if not allow_unused:
                raise TorchRuntimeError(
                    f"The differentiated Tensor at index {i} appears to not have been used in "
                    "the graph. Set allow_unused=True if this is the desired behavior.")
            if materialize_grads:
                from ..ops.creation import zeros_like
                g = zeros_like(inputs[i], requires_grad=create_graph)
        result.append(g)
    return tuple(result)


def _engine_flag(value):
    """retain_graph or create_graph as PyTorch's engine reads it: a C integer (anything with
    __index__: a bool, an int, a one-element integer tensor), refused otherwise."""
    if value is True or value is False:
        return value
    import operator
    try:
        return bool(operator.index(value))
    except TypeError as e:
        if isinstance(value, _tensor_cls()):
            raise
        raise TorchTypeError(f"'{type(value).__name__}' object cannot be interpreted as an "
                             "integer") from e


def _tensor_cls():
    from .._tensor import Tensor
    return Tensor


def graph_nodes(root_nodes):
    """Every node reachable from the roots, in discovery order (iterative)."""
    seen = set()
    order = []
    # once each: two outputs of one node (`a, b = aminmax(x)`) are two roots with one node
    stack = list(dict.fromkeys(n for n in root_nodes if n is not None))
    for n in stack:
        seen.add(n)
    stack.reverse()
    while stack:
        node = stack.pop()
        order.append(node)
        for nxt in reversed(node._next):
            if nxt is not None and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return order


def _count_deps(root_nodes):
    """{node: number of edges into it} over every node reachable from the roots, in one
    iterative walk (roots that no other node reaches are absent)."""
    deps = {}
    roots = set(root_nodes)
    stack = list(roots)
    while stack:
        for nxt in stack.pop()._next:
            if nxt is None:
                continue
            if nxt in deps:
                deps[nxt] += 1
            else:
                deps[nxt] = 1
                if nxt not in roots:
                    stack.append(nxt)
    return deps


def _needed(order, targets):
    """(the nodes that run: those from which an edge leads on to a target node, the targets
    that are reached): a target is run only when another target lies beyond it; otherwise
    its gradient is captured as it arrives and the node is left as it was, as in PyTorch."""
    index = {n: i for i, n in enumerate(order)}
    parents = [[] for _ in order]
    for i, n in enumerate(order):
        for nxt in n._next:
            if nxt is not None:
                parents[index[nxt]].append(i)
    runs = set()
    reached = [index[t] for t in targets if t in index]
    stack = [p for i in reached for p in parents[i]]
    while stack:
        i = stack.pop()
        node = order[i]
        if node in runs:
            continue
        runs.add(node)
        stack.extend(parents[i])
    return runs, {order[i] for i in reached}


_running: list = []               # the passes running now, innermost last
_task_ids = itertools.count(1)


def current_task() -> int:
    """The number of the backward pass running now (PyTorch's graph task id), for hooks
    that keep state per pass."""
    if not _running:
        raise AssertionError("expected this hook to be called inside a backward call")
    return _running[-1].task_id


def will_execute(node) -> bool:
    """Whether the running pass will run `node` (`torch._C._will_engine_execute_node`)."""
    current_task()
    work = _running[-1]
    if type(node) is AccumulateGrad and work.inputs is not None and not work.run_inputs:
        raise TorchRuntimeError("A leaf node was passed to _will_engine_execute_node but we "
                                "are currently running autograd.grad(). This is currently not "
                                "supported.")
    return work.will_execute(node)


def checkpoint_valid() -> bool:
    """`torch.autograd._is_checkpoint_valid()`: False inside a pass that computes only some
    gradients (`autograd.grad`, `backward(inputs=...)`) or nested in one."""
    return all(p.inputs is None for p in _running)


def run_backward(roots, root_grads, keep_graph, create_graph, inputs=None, run_inputs=False):
    """Run the backward pass from `roots`; return the captured gradients of `inputs`.
    `run_inputs`: the nodes of `inputs` run too (`backward(inputs=...)` accumulates there,
    and PyTorch runs them), else only their gradients are captured (`autograd.grad`).
    A vmapped slice that another slice of its batched call follows keeps the graph."""
    keep_graph = keep_graph or _vmap_retaining[0] > 0
    work = _Pass(roots, root_grads, keep_graph, create_graph, inputs, run_inputs=run_inputs)
    captured, size = work.run(), len(work.deps)
    if work.record and not create_graph:
        captured = [_without_graph(g) for g in captured]
    if size >= _memory.RELEASE_NODES:
        del work              # its bookkeeping goes back to the system, not into the heap's pad
        _memory.release()
    return captured


def _edge(t):
    if isinstance(t, tuple):                                      # a GradientEdge
        return t.node, t.output_nr
    return (t.grad_fn, t._output_nr) if t.grad_fn is not None else (t._grad_accumulator(), 0)


def _replay_entry(node, captures, active):
    """What `_Pass._replay` needs of a node, worked out once per plan: (node, whether it
    takes `_step`'s general way, whether its scalar rule applies, its array rule, its edges
    to active nodes as (index, node, input number, whether that node has one output), how
    many edges it has)."""
    general = node.n_outputs != 1 or type(node) is AccumulateGrad \
        or isinstance(node, FunctionCtx) or node in captures
    scalar = node.scalar_backward is not None and node._in_meta.__class__ is ScalarMetas
    edges = [(k, nxt, nr, nxt.n_outputs == 1)
             for k, (nxt, nr) in enumerate(zip(node._next, node._next_nr))
             if nxt is not None and (active is None or nxt in active)]
    return node, general, scalar, node.array_backward, edges, len(node._next)


class _Pass:
    """One backward pass: the plan (active nodes, dependency counts, captures) and the run.

    `active` is None when every reachable node takes part (no `inputs`). `buffers` holds the
    gradient summed so far for each waiting node: a tensor for a node with one output, a
    list with one entry per output otherwise."""

    def __init__(self, roots, root_grads, keep_graph, create_graph, inputs, reusable=False,
                 run_inputs=False):
        self.keep, self.create, self.inputs = keep_graph, create_graph, inputs
        self.run_inputs = run_inputs
        self.root_edges = [_edge(t) for t in roots]
        self.captures = {}
        if inputs is not None:
            for k, t in enumerate(inputs):
                node, nr = _edge(t)
                self.captures.setdefault(node, []).append((nr, k))
            order = graph_nodes([n for n, _ in self.root_edges])
            runs, reached = _needed(order, list(self.captures))
            self.active = active = runs | reached
            self.capture_only = () if run_inputs else reached - runs
            self.deps = deps = {}
            for node in order:
                if node in active:
                    for nxt in node._next:
                        if nxt is not None and nxt in active:
                            deps[nxt] = deps.get(nxt, 0) + 1
        else:
            self.active = None
            self.capture_only = ()
            self.deps = _count_deps([n for n, _ in self.root_edges])
        self._deps0 = dict(self.deps) if reusable else None     # for `rerun`
        self._order = None            # the nodes in the order the first run took them
        self._replay_plan = None      # `_replay`'s entries for them
        self._note_order = reusable
        self._start(root_grads)

    def _start(self, root_grads):
        self.buffers = {}
        for (node, nr), g in zip(self.root_edges, root_grads):
            _add_to_buffer(self.buffers, node, nr, g)
        self.captured = [None] * (len(self.inputs) if self.inputs is not None else 0)

    def rerun(self, root_grads):
        """Run the same pass again from new root gradients over the retained graph: the plan
        (which nodes lead where, their dependency counts) is kept; the per-run state is new.
        Needs `reusable=True` and the graph kept.

        Which node runs when depends on the graph alone (dependency counts and sequence
        numbers, never on the gradients' values), so the order the first run took is taken
        again (`_replay`), without the ready queue (outside a forward-AD level, whose
        gradients `_send` strips of their graph)."""
        self.deps = dict(self._deps0)
        self._start(root_grads)
        return self.run(self._order if not forward_ad.ACTIVE[0] else None)

    def run(self, order=None):
        """Run the pass (`order`: the nodes in the order a run of it took, see `rerun`)."""
        heap, queued = [], set()
        for node, _ in self.root_edges:
            if (self.active is None or node in self.active) and self.deps.get(node, 0) == 0 \
                    and node not in queued:
                queued.add(node)
                heap.append((-node._seq_nr, len(heap), node))
        heapq.heapify(heap)
        # under a dual level the rules' tensor ops carry the saved tensors' tangents into
        # the gradients (forward-over-reverse), so no float or in-place shortcuts
        # Inside a dual level the rules' tensor ops carry the saved tensors' tangents into
        # the gradients (forward-over-reverse). The rules then run as for create_graph,
        # whose branches are the differentiable ones, and the graph they make is dropped.
        self.record = self.create or forward_ad.ACTIVE[0]
        self.lane = not self.record and not _observers and not _anomaly[0]
        self.arrays = self.lane and _limits_active[0] is None      # see Node.array_backward
        prev = grad_mode._enabled[0]
        grad_mode._enabled[0] = self.record
        gc_was_on = gc.isenabled()
        gc.disable()              # the pass makes no cycles; rescanning the graph is waste
        self.task_id = next(_task_ids)
        _running.append(self)
        try:
            if order is None:
                self._drain(heap)
            else:
                self._replay(order)
        finally:
            _running.pop()
            grad_mode._enabled[0] = prev
            if gc_was_on:
                gc.enable()
        return self.captured

    def will_execute(self, node) -> bool:
        if self.active is not None:
            return node in self.active
        return node in self.deps or any(node is n for n, _ in self.root_edges)

    def _drain(self, heap):
        """Run nodes, the ready one with the highest sequence number first. A node that
        becomes ready alone and outranks the queue runs at once, without the heap.

        A node of the scalar lane that receives a float is run here, without `_step` and
        `_send`: the same work, written out for the common case (one output, no hooks,
        nothing captured, every node active)."""
        step, tie, node = self._step, len(heap), None
        heappush, heappop = heapq.heappush, heapq.heappop
        buffers, deps, keep = self.buffers, self.deps, self.keep
        lane = self.lane and not self.captures and self.active is None
        taken = [] if self._note_order else None
        while node is not None or heap:
            if node is None:
                node = heappop(heap)[2]
            if taken is not None:
                taken.append(node)
            ready = None
            rule = node.scalar_backward if lane else None
            if rule is not None and not node._hooks:
                g = buffers.pop(node, None)
                if g.__class__ is float and node._in_meta.__class__ is ScalarMetas:
                    try:
                        grads = rule(g)             # buffered floats are finite
                    except (ArithmeticError, ValueError):
                        grads = None
                    if grads is not None:
                        if not keep:
                            if node._saved is not None:
                                node._saved = None
                                node._released = True
                            if node._extra is not None:
                                node._release()
                        ready = []
                        for nxt, nr, r in zip(node._next, node._next_nr, grads):
                            if nxt is None:
                                continue
                            if r is not None:
                                if nxt.n_outputs == 1:
                                    old = buffers.get(nxt)
                                    buffers[nxt] = r if old is None else _sum(old, r)
                                else:
                                    _add_to_buffer(buffers, nxt, nr, r)
                            left = deps[nxt] - 1
                            deps[nxt] = left
                            if left == 0:
                                ready.append(nxt)
                if ready is None:
                    if g is not None:
                        buffers[node] = g
                    ready = step(node)
            else:
                ready = step(node)
            node = None
            if not ready:
                continue
            if len(ready) == 1:
                nxt = ready[0]
                if not heap or -nxt._seq_nr < heap[0][0]:
                    node = nxt
                    continue
            for nxt in ready:
                heappush(heap, (-nxt._seq_nr, tie, nxt))
                tie += 1
        if taken is not None:
            self._order, self._note_order = taken, False

    def _replay(self, order):
        """`_drain` for `rerun`: the nodes in the given order. A node of one output that is
        neither a leaf nor a custom Function's runs here: `_step` and `_send` written out,
        less the dependency counts, which only tell `_drain` what is ready. What depends on
        the plan alone (which nodes take that way, the edges that lead to active nodes) is
        worked out on the first replay and kept."""
        buffers, keep, lane, step = self.buffers, self.keep, self.lane, self._step
        arrays = self.arrays
        plan = self._replay_plan
        if plan is None:
            plan = self._replay_plan = [_replay_entry(node, self.captures, self.active)
                                        for node in order]
        for node, general, scalar, rule, edges, n_edges in plan:
            if general or node._hooks:
                step(node)
                continue
            g = buffers.pop(node, None)
            grads = None
            if g.__class__ is ZeroGrad and g is not None:
                grads = _zero_step(node, g)
            elif g is not None:
                if lane and scalar:
                    grads = _scalar_step(node, g)
                if grads is None:
                    if g.__class__ is float:
                        g = _as_tensor(g)
                    if arrays and rule is not None:
                        grads = _array_step(node, g)
                    if grads is None:
                        grads = _call_lending(node, g, not keep) if lane and \
                            g._data.size >= _IN_PLACE_MIN else _call_node(node, (g,))
            if not keep:
                node._release()
            if grads is None:
                continue
            if len(grads) < n_edges:
                raise TorchRuntimeError(f"function {node.name()} returned an incorrect number "
                                        f"of gradients (expected {n_edges}, got "
                                        f"{len(grads)})")
            for k, nxt, nr, single in edges:
                r = grads[k]
                if r is None:
                    continue
                if single:
                    old = buffers.get(nxt)
                    buffers[nxt] = r if old is None else _sum(old, r)
                else:
                    _add_to_buffer(buffers, nxt, nr, r)

    def _step(self, node):
        """Run one node; return the nodes that became ready."""
        if node.n_outputs != 1 or node._hooks or type(node) is AccumulateGrad \
                or isinstance(node, FunctionCtx):
            return self._step_general(node)
        g = self.buffers.pop(node, None)
        if self.captures and node in self.captures:
            g = _as_tensor(g)
            for nr, k in self.captures[node]:
                self.captured[k] = _real_zeros(g) if g.__class__ is ZeroGrad else g
            if node in self.capture_only:
                return ()
        grads = None
        if g.__class__ is ZeroGrad and g is not None:
            grads = _zero_step(node, g)
        elif g is not None:
            if self.lane and node.scalar_backward is not None \
                    and node._in_meta.__class__ is ScalarMetas:
                grads = _scalar_step(node, g)
            if grads is None:
                g = _as_tensor(g)
                if self.arrays and node.array_backward is not None:
                    grads = _array_step(node, g)
                if grads is None:
                    grads = _call_lending(node, g, not self.keep) if self.lane and \
                        g._data.size >= _IN_PLACE_MIN else _call_node(node, (g,))
        if not self.keep:
            if node._saved is not None:
                node._saved = None
                node._released = True
            if node._extra is not None:
                node._release()
        return self._send(node, grads)

    def _step_general(self, node):
        got = self.buffers.pop(node, None)
        buf = [_as_tensor(got)] if node.n_outputs == 1 else \
            ([_as_tensor(g) for g in got] if got else [None] * node.n_outputs)
        if ZeroGrad is not None:
            zero = [g is not None and g.__class__ is ZeroGrad for g in buf]
            if any(zero):
                if type(node) is AccumulateGrad and zero[0] and not node._hooks \
                        and not node.variable._hooks and self.inputs is None \
                        and node.variable._grad is not None and not self.create:
                    return ()                   # adding an efficient zero changes nothing
                buf = [_real_zeros(g) if z else g for g, z in zip(buf, zero)]
        if GRAD_DTYPES and type(node) is AccumulateGrad:
            buf = [_to_grad_dtype(node, buf[0])]
        capture_only = node in self.capture_only
        # autograd.grad captures the gradient of a node it also runs before any hook (as
        # PyTorch); one it only captures after the tensor hooks, never the node's pre-hooks
        early = not capture_only and not self.run_inputs
        if early and node in self.captures:
            self._capture(node, buf)
        if node._hooks or (type(node) is AccumulateGrad and node.variable._hooks):
            buf = _run_pre_hooks(node, buf, node_hooks=not capture_only)
        if not early and node in self.captures:
            self._capture(node, buf)
            if capture_only:
                return ()
        if type(node) is AccumulateGrad:
            if self.inputs is None:
                from ..ops.core import owned
                g, got, buf = buf[0], None, None
                mine = g is not None and owned(g, 1) and not self.record
                node.accumulate(g, self.create, mine)
                if node._hooks and "post" in node._hooks:
                    _run_post_hooks(node, (), (g,))
            elif self.run_inputs and buf[0] is not None and node in self.captures:
                # backward(inputs=[leaf, ...]): PyTorch runs the leaf's node, hooks and all
                g = buf[0]
                if self.record and not self.create:
                    g = _without_graph(g)
                node.accumulate(g, self.create)
                if node._hooks and "post" in node._hooks:
                    _run_post_hooks(node, (), (g,))
            return ()
        grads = _call_node(node, buf) if any(g is not None for g in buf) else \
            _call_without_grads(node, buf)
        if not self.keep:
            node._release()
        return self._send(node, grads)

    def _capture(self, node, buf):
        for nr, k in self.captures[node]:
            g = buf[nr]
            self.captured[k] = _real_zeros(g) if g.__class__ is ZeroGrad and g is not None \
                else g

    def _send(self, node, grads):
        """Add the node's input gradients to the buffers of the nodes they go to; return
        those whose last dependency this was."""
        ready, deps, active, buffers = [], self.deps, self.active, self.buffers
        edges = node._next
        if grads is None:
            grads = (None,) * len(edges)
        elif self.record and not self.create:     # the graph was only for the rules' sake
            grads = tuple(_without_graph(g) for g in grads)
        elif len(grads) < len(edges):
            raise TorchRuntimeError(f"function {node.name()} returned an incorrect number of "
                                    f"gradients (expected {len(edges)}, got {len(grads)})")
        for nxt, nr, g in zip(edges, node._next_nr, grads):
            if nxt is None or (active is not None and nxt not in active):
                continue
            if g is not None:
                if nxt.n_outputs == 1:
                    old = buffers.get(nxt)
                    buffers[nxt] = g if old is None else _sum(old, g)
                else:
                    _add_to_buffer(buffers, nxt, nr, g)
            left = deps[nxt] - 1
            deps[nxt] = left
            if left == 0:
                ready.append(nxt)
        return ready


def _add_to_buffer(buffers, node, nr, g):
    if node.n_outputs == 1:
        old = buffers.get(node)
        buffers[node] = g if old is None else _sum(old, g)
        return
    buf = buffers.get(node)
    if buf is None:
        buf = buffers[node] = [None] * node.n_outputs
    old = buf[nr]
    buf[nr] = g if old is None else _sum(old, g)


# -- the scalar lane: gradients of 0-d float64 values as Python floats ------------------------
# A chain of scalar steps spends its time making tensors, not computing; nodes with a
# `scalar_backward` pass Python floats to each other instead. A float becomes a tensor again
# where anything else needs one (another node, a hook, a leaf's .grad, a captured gradient).

_F64 = np.dtype(np.float64)
_F32 = np.dtype(np.float32)
_INF = float("inf")
_IN_PLACE_MIN = 4096              # elements; below this a new array is as cheap


def _retained_copy(g):
    """What retain_grad keeps of a gradient: a copy, with its tangent inside a dual level
    (PyTorch's retained gradient keeps it; a leaf's accumulated one does not)."""
    copy = g._detached_copy()
    tangent = forward_ad.tangent_of(g) if forward_ad.ACTIVE[0] else None
    if tangent is not None:
        forward_ad.give_tangent(copy, tangent.detach() if tangent._requires_grad else tangent)
    return copy


def _creating() -> bool:
    """Whether the gradients being made are to keep their graph (create_graph)."""
    return _running[-1].create if _running else grad_mode._enabled[0]


def _without_graph(g):
    """A gradient of a pass that recorded only for forward-over-reverse: without its
    graph, with its tangent."""
    if g is None or (g.grad_fn is None and not g._requires_grad):
        return g
    out = g.detach()
    tangent = forward_ad.tangent_of(g)
    if tangent is not None:
        forward_ad.give_tangent(out, tangent.detach() if tangent._requires_grad else tangent)
    return out


def _wrap(arr):
    """`ops.core.wrap`, imported on first use (the ops import this module)."""
    global _wrap
    from ..ops.core import wrap as _wrap
    return _wrap(arr)


def _as_tensor(g):
    if g.__class__ is float:
        from .._tensor import Tensor
        return Tensor._wrap(np.asarray(g))
    return g


def _sum(old, g):
    """old + g for two buffered gradients (tensors or floats); into old's memory when only
    the buffer holds old (its caller's local, the buffer and this call's)."""
    if old.__class__ is float and g.__class__ is float:
        s = old + g
        if -_INF < s < _INF:
            return s
    if ZeroGrad is not None and (g.__class__ is ZeroGrad or old.__class__ is ZeroGrad):
        return _sum_with_zero(old, g)
    old, g = _as_tensor(old), _as_tensor(g)
    a, b = old._data, g._data
    if a.dtype is b.dtype and (a.dtype is _F64 or a.dtype is _F32) and a.shape == b.shape \
            and a.size < _IN_PLACE_MIN and not grad_mode._enabled[0] \
            and not forward_ad.ACTIVE[0] and not _observers and _limits_active[0] is None:
        return _wrap(np.add(a, b))      # what `old + g` computes, without the op's dispatch
    if _fits(old._data, g._data) and not grad_mode._enabled[0] and not forward_ad.ACTIVE[0]:
        from ..ops.core import ew, owned
        if owned(old, 3):
            ew(np.add, old._data, g._data, out=old._data)
            return old
    return old + g


def _sum_with_zero(old, g):
    """old + g where one is an efficient zero: the other's values unchanged; under
    create_graph, with PyTorch's AddBackward0 (the zero a constant operand) when the other
    has a history. But a zero that comes after a gradient the buffer alone holds, outside
    grad mode, is added into it in place as PyTorch's InputBuffer::add does
    (old.add_(zero)), which turns its -0.0 into +0.0."""
    if g.__class__ is ZeroGrad and old.__class__ is not ZeroGrad \
            and not grad_mode._enabled[0] and not forward_ad.ACTIVE[0]:
        if old.__class__ is float:
            return old + 0.0
        from ..ops.core import owned
        if owned(old, 4):      # the engine's local, the buffer, _sum's and this call's
            np.add(old._data, 0.0, out=old._data)
            return old
    old, g = _as_tensor(old), _as_tensor(g)
    other = g if old.__class__ is ZeroGrad else old
    if (other.grad_fn is None and (old if other is g else g).grad_fn is None) \
            or not grad_mode._enabled[0]:
        return other
    out = old + g           # AddBackward0 when either side has a history
    if other.__class__ is ZeroGrad:
        return _zero_with_history(out, (other._data.shape, other._data.dtype))
    out._data = other._data.copy()
    return out


def _call_lending(node, g, last):
    """_call_node, lending g to the rule as scratch memory when nothing else holds it (the
    caller's local and this call's are its only references), and telling the rule whether
    this is the last use of its saved tensors."""
    from ..ops import core
    core.lent[0] = g if core.owned(g, 2) else None
    core.last_use[0] = node if last else None
    try:
        return _call_node(node, (g,))
    finally:
        core.lent[0] = core.last_use[0] = None


def _fits(a, b) -> bool:
    """Whether a + b can be written into a: same shape and dtype, and large enough to be
    worth avoiding a new array."""
    return a.size >= _IN_PLACE_MIN and a.shape == b.shape and a.dtype == b.dtype


def _scalar_step(node, g):
    """node.scalar_backward on g as a float (node's inputs being 0-d float64), when g is a
    finite 0-d float64 and so is every result; None otherwise (the tensor rule then runs,
    with NumPy's warnings). Floats only reach the buffers from here, `_drain` and `_sum`,
    each of which keeps only finite ones."""
    if g.__class__ is not float:
        data = g._data
        if data.dtype is not _F64 or data.ndim:
            return None
        g = float(data)
        if not -_INF < g < _INF:
            return None
    try:
        return node.scalar_backward(g)
    except (ArithmeticError, ValueError):
        return None


def _array_step(node, g):
    """node.array_backward on g, for a gradient of 1 to 4095 elements (larger ones go to
    `_call_lending`) of a node whose saved tensors no hooks pack, fitted to the inputs as
    `_call_node` fits; None where it does not apply."""
    if not 0 < g._data.size < _IN_PLACE_MIN or not g._data.ndim or node._hooked:
        return None
    out = node.array_backward(g)
    if out is not None:
        for r, meta in zip(out, node._in_meta):
            if r is not None and (r._data.shape, r._data.dtype) != meta:
                return _fit_all(out, node._in_meta, node)      # as `_call_node` does
    return out


def _hook_name(fn) -> str:
    return getattr(fn, "__name__", None) or type(fn).__name__


def _checked_value(fn, old, new):
    """A tensor hook's result as PyTorch checks it: a tensor of the gradient's size and
    type."""
    if new is None:
        return old
    from .._tensor import Tensor
    if not isinstance(new, Tensor):
        raise TorchTypeError(f"expected Variable, but hook returned '{type(new).__name__}'")
    if old is None:
        raise TorchRuntimeError("can't replace a None gradient with a non-None value")
    if new._data.shape != old._data.shape:
        raise TorchRuntimeError(f"hook '{_hook_name(fn)}' has changed the size of value")
    if new._data.dtype != old._data.dtype:
        from ..dtypes import aten_type_string
        raise TorchRuntimeError(f"hook '{_hook_name(fn)}' has changed the type of value (was "
                                f"{aten_type_string(old.dtype)} got "
                                f"{aten_type_string(new.dtype)})")
    return new


def _checked_values(fn, old: tuple, new):
    """A node hook's result as PyTorch checks it: None, or a tuple of as many values as it
    was given, each None or a tensor that `_checked_value` accepts (never in the place of a
    None gradient)."""
    if new is None:
        return old
    if not isinstance(new, tuple):
        raise TorchTypeError(f"expected tuple, but hook returned '{type(new).__name__}'")
    if len(new) != len(old):
        raise TorchRuntimeError(f"hook '{_hook_name(fn)}' has returned an incorrect number of "
                                f"values (got {len(new)}, but expected {len(old)})")
    for o, n in zip(old, new):
        if n is not None:
            if o is None:
                raise TorchRuntimeError("can't replace a None gradient with a non-None value")
            _checked_value(fn, o, n)
    return new


def _run_pre_hooks(node, buf, node_hooks=True):
    """The tensor hooks, then retain_grad, then (node_hooks) the node's pre-hooks."""
    hooks = node._hooks or {}
    buf = list(buf)
    for key, fns in list(hooks.items()):       # (with None too: an output no gradient
        if isinstance(key, tuple) and key[0] == "tensor":          # reached, as PyTorch)
            for fn in list(fns):
                buf[key[1]] = _checked_value(fn, buf[key[1]], fn(buf[key[1]]))
    if isinstance(node, AccumulateGrad):
        var = node.variable
        if var._hooks:
            for fn in list(var._hooks):
                buf[0] = _checked_value(fn, buf[0], fn(buf[0]))
    for key, refs in list(hooks.items()):
        if isinstance(key, tuple) and key[0] == "retain" and buf[key[1]] is not None:
            for ref in refs:
                t = ref()
                if t is not None and t.grad_fn is node:       # not since moved on in place
                    g = buf[key[1]]
                    # PyTorch's retains_grad hook clones (CloneBackward0 under create_graph)
                    t._grad = (_retained_copy(g) if not _creating() else g.clone()) \
                        if t._grad is None else t._grad + g
    for fn in list(hooks.get("pre", ())) if node_hooks else ():
        buf = list(_checked_values(fn, tuple(buf), fn(tuple(buf))))
    return buf


def call_directly(node, grads: tuple, kwargs=None):
    """`node(*grads)` outside a backward pass (see Node.__call__): PyTorch's Node::operator()
    runs the bare rule, without the engine's hooks or its fitting of each gradient to its
    input; no defined gradient gives None for every input."""
    from .._tensor import Tensor
    if kwargs:
        raise TorchTypeError("keyword arguments are not supported")
    expected = 1 if type(node) is AccumulateGrad else node.n_outputs
    if len(grads) != expected:
        raise TorchTypeError(f"expected {expected} arguments, got {len(grads)} instead")
    for i, g in enumerate(grads):
        if g is not None and not isinstance(g, Tensor):
            raise TorchTypeError(f"argument {i} is not a Variable")
    if type(node) is AccumulateGrad:
        if grads[0] is not None:
            node.accumulate(grads[0], grad_mode._enabled[0])
        return ()
    if all(g is None for g in grads):
        out = (None,) * len(node._next)
    else:
        out = _call_node(node, list(grads), raw=True)
        out = tuple(out) + (None,) * (len(node._next) - len(out))
    return out[0] if len(out) == 1 else out


def _run_post_hooks(node, grad_inputs: tuple, grad_outputs: tuple) -> tuple:
    """The node's post hooks, fn(grad_inputs, grad_outputs) -> new grad_inputs or None (an
    AccumulateGrad's get no grad_inputs, after the gradient is accumulated)."""
    for fn in list(node._hooks["post"]):
        grad_inputs = _checked_values(fn, grad_inputs, fn(grad_inputs, grad_outputs))
    return grad_inputs


def _call_node(node, buf, checked=False, raw=False):
    """Run one node's backward rule and fit each gradient to its input's shape and dtype
    (under anomaly detection, through `anomaly.checked_call`, which calls back `checked`);
    `raw`: the rule's results as they are, without fitting, post-hooks or observers."""
    if _anomaly[0] and not checked and not raw:
        from .anomaly import checked_call
        return checked_call(_call_node, node, buf)
    if node._hooked and node._saved is not None and "_unpacked" not in node.__dict__:
        from .hooks import call_unpacked
        return call_unpacked(node, lambda: _call_node(node, buf, True, raw))
    if _enabled[0]:
        _rule_scalars[0] = True
        try:
            out = node.backward(buf[0]) if node.n_outputs == 1 else \
                node.backward(*_materialize(node, buf))
        finally:
            _rule_scalars[0] = False
    else:
        out = node.backward(buf[0]) if node.n_outputs == 1 else \
            node.backward(*_materialize(node, buf))
    if out.__class__ is not tuple:
        out = (out,)
    if raw:
        return out
    bf16 = False
    for g, (shape, dtype) in zip(out, node._in_meta):
        if g is not None:
            data = g._data
            if data.shape != shape or data.dtype != dtype:
                out = _fit_all(out, node._in_meta, node)
                break
            bf16 = bf16 or (_BF16_USED[0] and dtype == _BF16)
    if bf16:                            # a rule's float32 arithmetic left in a bfloat16
        out = _bf16_rounded(out)        # array: rounded, as c10 would have
    if node._hooks and "post" in node._hooks:
        out = _run_post_hooks(node, _unneeded_as_none(node, out), tuple(buf))
    for obs in _observers:
        obs(node, tuple(buf), out)
    return out


def run_rule(node, g) -> tuple:
    """`node`'s backward rule on the gradient `g` of its one output, one gradient per input
    fitted to that input, without the node's hooks or observers: for a node that another
    wraps (CopySlices runs the rule of the in-place op it replaced)."""
    if node._hooked and node._saved is not None and "_unpacked" not in node.__dict__:
        from .hooks import call_unpacked
        return call_unpacked(node, lambda: run_rule(node, g))
    out = node.backward(g)
    if out.__class__ is not tuple:
        out = (out,)
    out += (None,) * (len(node._next) - len(out))
    return _fit_all(out, node._in_meta, node)


def _call_without_grads(node, buf):
    """A node reached by no defined gradient (a hook dropped them): PyTorch still calls it.
    A custom Function's backward then gets zeros (or None without materialize_grads); a
    built-in node gives None for every input, after which its post-hooks run."""
    if isinstance(node, FunctionCtx):
        return _call_node(node, _materialize(node, buf))
    if node._hooks and "post" in node._hooks:
        return _run_post_hooks(node, (None,) * len(node._next), tuple(buf))
    return None


def _unneeded_as_none(node, out):
    """A built-in node computes no gradient for an edge the pass does not need (PyTorch's
    should_compute_output), so its post-hooks see None there; a custom Function's backward
    gives what it gives."""
    work = _running[-1] if _running else None
    if work is None or work.active is None or isinstance(node, FunctionCtx):
        return out
    edges = node._next
    return tuple(g if i >= len(edges) or (edges[i] is not None and edges[i] in work.active)
                 else None for i, g in enumerate(out))


def _bf16_rounded(grads) -> tuple:
    """grads with every bfloat16 one holding bfloat16 values (`dtypes.to_bf16`)."""
    from .._tensor import Tensor
    from ..dtypes import to_bf16
    return tuple(g if g is None or g._data.dtype != _BF16 or g.__class__ is ZeroGrad
                 or g._requires_grad else Tensor._wrap(to_bf16(g._data)) for g in grads)


def _to_grad_dtype(node, g):
    """The gradient g reaching a leaf's AccumulateGrad node cast to the leaf's grad_dtype
    (when one was set, `graph.leaf_grad_dtype`), before its hooks see it."""
    want = leaf_grad_dtype(node, g)
    if want is None or g._data.dtype == want:
        return g
    from ..ops.shape import to_np_dtype
    return to_np_dtype(g, want)


def _fit_all(grads, metas, node=None):
    """Each gradient fitted to its input (`_fit`); none for an input without an edge (that
    does not require grad), unchecked, as PyTorch's validate_outputs skips it. A gradient
    going to a leaf whose grad_dtype was set takes that dtype (None: keeps its own)."""
    edges = () if node is None else node._next
    if isinstance(node, FunctionCtx):
        _check_complex_parts(grads, metas, edges)
    if GRAD_DTYPES:
        metas = [_leaf_meta(edges[i], g, meta) if i < len(edges) else meta
                 for i, (g, meta) in enumerate(zip(grads, metas))]
    return tuple(None if g is None or (i < len(edges) and edges[i] is None)
                 else _fit(g, meta, node, i) for i, (g, meta) in enumerate(zip(grads, metas)))


def _leaf_meta(nxt, g, meta):
    """meta with the grad_dtype of the leaf that edge `nxt` leads to, when one was set."""
    want = leaf_grad_dtype(nxt, g)
    return meta if want is None else (meta[0], want)


def _check_complex_parts(grads, metas, edges) -> None:
    """validate_outputs' check of a custom Function's gradients: a complex gradient only for
    a complex input (the built-in rules give a real input its real part themselves)."""
    for i, (g, meta) in enumerate(zip(grads, metas)):
        if g is not None and g._data.dtype.kind == "c" and np.dtype(meta[1]).kind != "c" \
                and i < len(edges) and edges[i] is not None:
            raise TorchRuntimeError(
                "Expected isFloatingType(grad.scalar_type()) || (input_is_complex == "
                "grad_is_complex) to be true, but got false.  (Could this error message be "
                "improved?  If so, please report an enhancement request to PyTorch.)")


def _materialize(node, buf):
    from ..ops.creation import zeros
    metas = node.__dict__.get("_out_meta")
    if not getattr(node, "materialize_grads", True):     # ctx.set_materialize_grads(False)
        return list(buf)
    # a custom Function's output that is not a tensor (dtype None) gets None, as in PyTorch
    return [g if g is not None or metas is None or metas[i][1] is None
            else zeros(metas[i][0], dtype=metas[i][1]) for i, g in enumerate(buf)]


def _fit(g, meta, node=None, index=0):
    """Sum a gradient back over broadcast dimensions and give it its input's dtype; a
    gradient its input's shape does not broadcast to is PyTorch's error."""
    shape, dtype = meta
    if g.__class__ is ZeroGrad:
        return g if (g._data.shape, g._data.dtype) == (shape, dtype) else zero_grad(shape, dtype)
    data = g._data
    if data.shape != shape:
        try:
            fits = np.broadcast_shapes(shape, data.shape) == data.shape
        except ValueError:
            fits = False
        if not fits and node is not None:
            raise TorchRuntimeError(
                f"Function {node.name()} returned an invalid gradient at index {index} - got "
                f"[{', '.join(map(str, data.shape))}] but expected shape compatible with "
                f"[{', '.join(map(str, shape))}]")
        from ..ops.reduce import sum_to
        g = sum_to(g, shape)
    if g._data.dtype != dtype:
        if g._data.dtype.kind == "c" and np.dtype(dtype).kind != "c":
            g = g.real                  # a real input's part of a complex gradient, as PyTorch
            if g._data.dtype == dtype:
                return g
        from ..ops.shape import to_np_dtype
        g = to_np_dtype(g, dtype)
    return g
