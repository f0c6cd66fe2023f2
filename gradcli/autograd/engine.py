"""The backward pass: dependency counts, a ready queue, accumulate, free. No recursion.

Nodes run in PyTorch's order: a ready node with the highest sequence number first (the most
recently created), leaves (`AccumulateGrad`) as soon as they are ready. Gradients are summed
per node input in a buffer, broadcasting is undone and dtypes restored in one place
(`_fit`), hooks run where PyTorch runs them, and saved tensors are released after each node
unless `retain_graph`.
"""
from __future__ import annotations

import gc
import heapq
import warnings

import numpy as np

from ..errors import TorchRuntimeError, TorchTypeError
from . import grad_mode
from .graph import AccumulateGrad

_CREATE_GRAPH_WARNING = (
    "Using backward() with create_graph=True will create a reference cycle between the "
    "parameter and its gradient which can cause a memory leak. We recommend using "
    "autograd.grad when creating the graph to avoid this. If you have to use this function, "
    "make sure to reset the .grad fields of your parameters to None after use to break the "
    "cycle and avoid the leak.")

# Observers (e.g. `gradcli explain`) get every executed node: fn(node, grads_out, grads_in).
_observers: list = []


def _as_tensor_list(x):
    from .._tensor import Tensor
    if x is None:
        return None
    if isinstance(x, Tensor):
        return [x]
    return list(x)


def _make_root_grads(tensors, grads, create_graph):
    from ..ops.creation import ones_like
    from ..printing import format_size
    from .._tensor import Tensor
    out = []
    for i, t in enumerate(tensors):
        g = None if grads is None else grads[i]
        if g is None:
            if t._data.size != 1:
                raise TorchRuntimeError("grad can be implicitly created only for scalar outputs")
            g = ones_like(t)
        elif not isinstance(g, Tensor):
            g = Tensor._wrap(np.asarray(g, dtype=t._data.dtype))
        elif g._data.shape != t._data.shape:
            raise TorchRuntimeError(
                f"Mismatch in shape: grad_output[{i}] has a shape of "
                f"{format_size(g._data.shape)} and output[{i}] has a shape of "
                f"{format_size(t._data.shape)}.")
        out.append(g)
    return out


def _check_roots(tensors):
    for i, t in enumerate(tensors):
        if not t._requires_grad:
            raise TorchRuntimeError(f"element {i} of tensors does not require grad and does "
                                    "not have a grad_fn")


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    """Accumulate into `.grad` the gradients of `tensors` w.r.t. the graph leaves."""
    tensors = _as_tensor_list(tensors)
    grads = _as_tensor_list(grad_tensors if grad_tensors is not None else grad_variables)
    if grads is not None and len(grads) != len(tensors):
        raise TorchRuntimeError(f"grad can be implicitly created only for scalar outputs"
                                if not grads else
                                f"got {len(grads)} gradients for {len(tensors)} tensors")
    if inputs is not None:
        inputs = _as_tensor_list(inputs)
        if not inputs:
            raise TorchRuntimeError("'inputs' argument to backward() cannot be empty.")
    _check_roots(tensors)
    if create_graph and inputs is None:
        warnings.warn(_CREATE_GRAPH_WARNING, UserWarning, stacklevel=3)
    root_grads = _make_root_grads(tensors, grads, create_graph)
    keep = create_graph if retain_graph is None else retain_graph
    captured = run_backward(tensors, root_grads, keep, create_graph, inputs)
    if inputs is not None:
        for t, g in zip(inputs, captured):
            if g is None:
                continue
            if t.grad_fn is None:
                t._grad_accumulator().accumulate(g, create_graph)
            else:
                t._grad = (g if create_graph else g._detached_copy()) if t._grad is None \
                    else t._grad + g


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """Return the gradients of `outputs` w.r.t. `inputs` without touching `.grad`."""
    from .._tensor import Tensor
    outputs = _as_tensor_list(outputs)
    single = isinstance(inputs, Tensor)
    inputs = _as_tensor_list(inputs)
    grads = _as_tensor_list(grad_outputs)
    for i, t in enumerate(inputs):
        if not isinstance(t, Tensor):
            raise TorchTypeError(f"grad(): argument 'inputs' must be tuple of Tensors, not "
                                 f"{type(t).__name__}")
        if not t._requires_grad:
            raise TorchRuntimeError("One of the differentiated Tensors does not require grad")
    _check_roots(outputs)
    root_grads = _make_root_grads(outputs, grads, create_graph)
    keep = create_graph if retain_graph is None else retain_graph
    captured = run_backward(outputs, root_grads, keep, create_graph, inputs)
    allow_unused = materialize_grads if allow_unused is None else allow_unused
    result = []
    for i, g in enumerate(captured):
        if g is None:
            if not allow_unused:
                raise TorchRuntimeError(
                    f"The differentiated Tensor at index {i} appears to not have been used in "
                    "the graph. Set allow_unused=True if this is the desired behavior."
                    if len(inputs) > 1 else
                    "One of the differentiated Tensors appears to not have been used in the "
                    "graph. Set allow_unused=True if this is the desired behavior.")
            if materialize_grads:
                from ..ops.creation import zeros_like
                g = zeros_like(inputs[i])
        result.append(g)
    return tuple(result)


def graph_nodes(root_nodes):
    """Every node reachable from the roots, in discovery order (iterative)."""
    seen = set()
    order = []
    stack = [n for n in root_nodes if n is not None]
    for n in stack:
        seen.add(n)
    stack.reverse()
    while stack:
        node = stack.pop()
        order.append(node)
        for nxt, _ in reversed(node.next_functions):
            if nxt is not None and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return order


def _needed(order, targets):
    """The nodes from which a target node can be reached (children before parents)."""
    index = {n: i for i, n in enumerate(order)}
    parents = [[] for _ in order]
    for i, n in enumerate(order):
        for nxt, _ in n.next_functions:
            if nxt is not None:
                parents[index[nxt]].append(i)
    needed = set()
    stack = [index[t] for t in targets if t in index]
    while stack:
        i = stack.pop()
        node = order[i]
        if node in needed:
            continue
        needed.add(node)
        stack.extend(parents[i])
    return needed


def run_backward(roots, root_grads, keep_graph, create_graph, inputs=None):
    """Run the backward pass from `roots`; return the captured gradients of `inputs`."""
    return _Pass(roots, root_grads, keep_graph, create_graph, inputs).run()


def _edge(t):
    return (t.grad_fn, t._output_nr) if t.grad_fn is not None else (t._grad_accumulator(), 0)


class _Pass:
    """One backward pass: the plan (active nodes, dependency counts, captures) and the run."""

    def __init__(self, roots, root_grads, keep_graph, create_graph, inputs):
        self.keep, self.create, self.inputs = keep_graph, create_graph, inputs
        self.root_edges = [_edge(t) for t in roots]
        order = graph_nodes([n for n, _ in self.root_edges])
        self.captures = {}
        if inputs is not None:
            for k, t in enumerate(inputs):
                node, nr = _edge(t)
                self.captures.setdefault(node, []).append((nr, k))
            self.active = _needed(order, list(self.captures))
        else:
            self.active = set(order)
        self.deps = deps = {}
        active = self.active
        for node in order:
            if node in active:
                for nxt, _ in node.next_functions:
                    if nxt is not None and nxt in active:
                        deps[nxt] = deps.get(nxt, 0) + 1
        self.buffers = {}
        for (node, nr), g in zip(self.root_edges, root_grads):
            _add_to_buffer(self.buffers, node, nr, g)
        self.captured = [None] * (len(inputs) if inputs is not None else 0)

    def run(self):
        heap, tie, queued = [], 0, set()
        for node, _ in self.root_edges:
            if node in self.active and self.deps.get(node, 0) == 0 and node not in queued:
                queued.add(node)
                heap.append((-node._seq_nr, len(heap), node))
        heapq.heapify(heap)
        tie = len(heap)
        prev = grad_mode._enabled[0]
        grad_mode._enabled[0] = self.create
        gc_was_on = gc.isenabled()
        gc.disable()              # the pass makes no cycles; rescanning the graph is waste
        try:
            while heap:
                for nxt in self._step(heapq.heappop(heap)[2]):
                    heapq.heappush(heap, (-nxt._seq_nr, tie, nxt))
                    tie += 1
        finally:
            grad_mode._enabled[0] = prev
            if gc_was_on:
                gc.enable()
        return self.captured

    def _step(self, node):
        """Run one node; return the nodes that became ready."""
        buf = self.buffers.pop(node, None) or [None] * node.n_outputs
        if node._hooks or (type(node) is AccumulateGrad and node.variable._hooks):
            buf = _run_pre_hooks(node, buf)
        if node in self.captures:
            for nr, k in self.captures[node]:
                self.captured[k] = buf[nr]
        if type(node) is AccumulateGrad:
            if self.inputs is None:
                node.accumulate(buf[0], self.create)
            return ()
        live = buf[0] is not None if len(buf) == 1 else any(g is not None for g in buf)
        grads = _call_node(node, buf) if live else None
        if not self.keep:
            node._release()
        ready, deps, active, buffers = [], self.deps, self.active, self.buffers
        for i, (nxt, nr) in enumerate(node.next_functions):
            if nxt is None or nxt not in active:
                continue
            if grads is not None and grads[i] is not None:
                _add_to_buffer(buffers, nxt, nr, grads[i])
            left = deps[nxt] - 1
            deps[nxt] = left
            if left == 0:
                ready.append(nxt)
        return ready


def _add_to_buffer(buffers, node, nr, g):
    buf = buffers.get(node)
    if buf is None:
        buf = buffers[node] = [None] * node.n_outputs
    old = buf[nr]
    buf[nr] = g if old is None else old + g


def _run_pre_hooks(node, buf):
    hooks = node._hooks or {}
    buf = list(buf)
    for key, fns in list(hooks.items()):
        if isinstance(key, tuple) and key[0] == "tensor" and buf[key[1]] is not None:
            for fn in list(fns):
                r = fn(buf[key[1]])
                if r is not None:
                    buf[key[1]] = r
    if isinstance(node, AccumulateGrad):
        var = node.variable
        if var._hooks and buf[0] is not None:
            for fn in list(var._hooks):
                r = fn(buf[0])
                if r is not None:
                    buf[0] = r
    for key, refs in list(hooks.items()):
        if isinstance(key, tuple) and key[0] == "retain" and buf[key[1]] is not None:
            for ref in refs:
                t = ref()
                if t is not None:
                    g = buf[key[1]]
                    t._grad = (g._detached_copy() if not grad_mode._enabled[0] else g) \
                        if t._grad is None else t._grad + g
    for fn in list(hooks.get("pre", ())):
        r = fn(tuple(buf))
        if r is not None:
            buf = list(r)
    return buf


def _call_node(node, buf):
    """Run one node's backward rule and fit each gradient to its input's shape and dtype."""
    if node.n_outputs == 1:
        out = node.backward(buf[0])
    else:
        out = node.backward(*_materialize(node, buf))
    if out.__class__ is not tuple:
        out = (out,)
    fitted = []
    for g, meta in zip(out, node._in_meta):
        if g is not None:
            data = g._data
            if data.shape != meta[0] or data.dtype != meta[1]:
                g = _fit(g, meta)
        fitted.append(g)
    fitted = tuple(fitted)
    if node._hooks and "post" in node._hooks:
        for fn in list(node._hooks["post"]):
            r = fn(fitted, tuple(buf))
            if r is not None:
                fitted = tuple(r)
    for obs in _observers:
        obs(node, tuple(buf), fitted)
    return fitted


def _materialize(node, buf):
    from ..ops.creation import zeros
    metas = node.__dict__.get("_out_meta")
    return [g if g is not None or metas is None else zeros(metas[i][0], dtype=metas[i][1])
            for i, g in enumerate(buf)]


def _fit(g, meta):
    """Sum a gradient back over broadcast dimensions and give it its input's dtype."""
    shape, dtype = meta
    data = g._data
    if data.shape != shape:
        from ..ops.reduce import sum_to
        g = sum_to(g, shape)
    if g._data.dtype != dtype:
        from ..ops.shape import to_np_dtype
        g = to_np_dtype(g, dtype)
    return g
