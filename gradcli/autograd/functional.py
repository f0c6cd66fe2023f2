"""`torch.autograd.functional`: jacobian, hessian, vjp, jvp, hvp and vhp.

Same signatures, return structures and error texts as PyTorch. Everything is built on
`autograd.grad`: a Jacobian is one backward pass per output element (the graph retained and
the engine's plan for it built once), `jvp` and `hvp` use the double-backward trick (the
backward pass is linear in its incoming gradient, so differentiating it with respect to that
gradient gives forward-mode products), and the Hessian is the Jacobian of the gradient built
with `create_graph=True`.
`vectorize=True` runs one backward pass from all outputs at once per row, as PyTorch's
batched vjp sums them; `strategy="forward-mode"` runs forward-mode AD (`forward_ad`), one pass
per input element, and over the reverse gradient for hessian's outer_jacobian_strategy (the
result then has no `grad_fn`, where PyTorch's tangents carry one).
"""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ..errors import TorchRuntimeError, TorchTypeError
from . import engine as _engine, grad_mode
from .engine import grad as _grad
from .vmap import LEGACY_RANDOM_ERROR, _Randomness, refuse_requires_grad

__all__ = ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]


# -- PyTorch's helpers, one for one ---------------------------------------------------------

def _as_tuple(inp, arg_name, fn_name):
    """(was it a tuple, the tuple), checking every element is a Tensor."""
    is_tuple = isinstance(inp, tuple)
    items = inp if is_tuple else (inp,)
    for i, el in enumerate(items):
        if not isinstance(el, Tensor):
            where = f"value at index {i}" if is_tuple else f"given {arg_name}"
            raise TorchTypeError(f"The {arg_name} given to {fn_name} must be either a Tensor or "
                                 f"a tuple of Tensors but the {where} has type {type(el)}.")
    return is_tuple, items


def _tuple_postprocess(res, to_unpack):
    """Undo `_as_tuple` (twice, for a nested result, when `to_unpack` is a pair)."""
    if isinstance(to_unpack, tuple):
        if not to_unpack[1]:
            res = tuple(el[0] for el in res)
        if not to_unpack[0]:
            res = res[0]
    elif not to_unpack:
        res = res[0]
    return res


def _grad_preprocess(inputs, create_graph, need_graph):
    """Fresh leaves (or, with create_graph, views that keep the caller's graph); PyTorch
    makes a leaf with requires_grad_(), which a torch.func transform refuses."""
    out = []
    for inp in inputs:
        if create_graph and inp.requires_grad:
            out.append(inp.view_as(inp))
        else:
            refuse_requires_grad()
            out.append(inp.detach().requires_grad_(bool(need_graph)))
    return tuple(out)


def _grad_postprocess(items, create_graph):
    # items[0] of no items is PyTorch's IndexError (a function that returned ())
    if isinstance(items[0], Tensor):
        return items if create_graph else tuple(t.detach() for t in items)
    return tuple(_grad_postprocess(t, create_graph) for t in items)


def _validate_v(v, other, is_other_tuple):
    if len(other) != len(v):
        if is_other_tuple:
            raise TorchRuntimeError(f"v is a tuple of invalid length: should be {len(other)} "
                                    f"but got {len(v)}.")
        raise TorchRuntimeError("The given v should contain a single Tensor.")
    for idx, (el_v, el_other) in enumerate(zip(v, other)):
        if el_v.shape != el_other.shape:
            prepend = f"Entry {idx} in " if is_other_tuple else ""
            raise TorchRuntimeError(f"{prepend}v has invalid size: should be {el_other.shape} "
                                    f"but got {el_v.shape}.")


_STRICT = {
    "hessian": ("The hessian of the user-provided function with respect to input {i} is "
                "independent of the input. This is not allowed in strict mode. You should ensure "
                "that your function is thrice differentiable and that the hessian depends on the "
                "inputs."),
    "jacobian": ("While computing the hessian, found that the jacobian of the user-provided "
                 "function with respect to input {i} is independent of the input. This is not "
                 "allowed in strict mode. You should ensure that your function is twice "
                 "differentiable and that the jacobian depends on the inputs (this would be "
                 "violated by a linear function for example)."),
    "grad_inputs": ("The gradient with respect to input {i} is independent of the inputs of the "
                    "user-provided function. This is not allowed in strict mode."),
    "outputs": ("Output {i} of the user-provided function does not require gradients. The "
                "outputs must be computed in a differentiable manner from the input when running "
                "in strict mode."),
}


def _check_requires_grad(items, kind, strict):
    if not strict:
        return
    for i, t in enumerate(items):
        if t is None:
            raise TorchRuntimeError(f"The output of the user-provided function is independent "
                                    f"of input {i}. This is not allowed in strict mode.")
        if not t.requires_grad:
            raise TorchRuntimeError(_STRICT[kind].format(i=i))


def _autograd_grad(outputs, inputs, grad_outputs=None, create_graph=False, retain_graph=None):
    """`autograd.grad` that skips outputs that do not require grad (None for unused inputs)."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o is not None and o.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    return _grad([o for o, _ in pairs], list(inputs), [g for _, g in pairs],
                 retain_graph=retain_graph, create_graph=create_graph, allow_unused=True)


_FILL = {
    "back": "The output of the user-provided function is independent of input {i}. This is "
            "not allowed in strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
                  "grad_outputs when using the double backward trick to compute forward mode "
                  "gradients. This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. "
                   "This is not allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry "
                         "{i} in the grad_jacobian. This is not allowed in strict mode as it "
                         "prevents from using the double backward trick to replace forward "
                         "mode AD.",
}


def _fill_in_zeros(grads, refs, strict, create_graph, stage):
    """Replace missing gradients by zeros (or raise PyTorch's strict-mode error)."""
    from ..ops.creation import zeros_like
    out = []
    for i, (g, ref) in enumerate(zip(grads, refs)):
        if g is None:
            if strict:
                raise TorchRuntimeError(_FILL[stage].format(i=i))
            g = zeros_like(ref)
        elif strict and create_graph and not g.requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise TorchRuntimeError(f"The {what} of the user-provided function is independent "
                                    f"of input {i}. This is not allowed in strict mode when "
                                    "create_graph=True.")
        out.append(g)
    return tuple(out)


def _prepare_v(v, refs, is_refs_tuple, fn_name, create_graph, none_msg):
    if v is None:
        if len(refs) != 1 or refs[0].numel() != 1:
            raise TorchRuntimeError(none_msg)
        return None
    _, v = _as_tuple(v, "v", fn_name)
    v = _grad_preprocess(v, create_graph=create_graph, need_graph=False)
    _validate_v(v, refs, is_refs_tuple)
    return v


_V_OUT = ("The vector v can only be None if the user-provided function returns a single Tensor "
          "with a single element.")
_V_IN = ("The vector v can only be None if the input to the user-provided function is a single "
         "Tensor with a single element.")



# -- vjp / jvp ------------------------------------------------------------------------------

def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(*inputs), v^T J): the vector-Jacobian product at `inputs`."""
    with grad_mode.mode(True):
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                              "vjp")
        _check_requires_grad(outputs, "outputs", strict)
        v = _prepare_v(v, outputs, is_outputs_tuple, "vjp", create_graph, _V_OUT)
        with grad_mode.mode(create_graph or grad_mode._enabled[0]):
            grad_res = _autograd_grad(outputs, inputs, v, create_graph=create_graph)
            res = _fill_in_zeros(grad_res, inputs, strict, create_graph, "back")
    outputs = _grad_postprocess(outputs, create_graph)
    res = _grad_postprocess(res, create_graph)
    return (_tuple_postprocess(outputs, is_outputs_tuple),
            _tuple_postprocess(res, is_inputs_tuple))


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(*inputs), J v): the Jacobian-vector product, by the double-backward trick."""
    from ..ops.creation import zeros_like
    with grad_mode.mode(True):
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        v = _prepare_v(v, inputs, is_inputs_tuple, "jvp", create_graph, _V_IN)
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                              "jvp")
        _check_requires_grad(outputs, "outputs", strict)
        # The backward pass is linear in grad_outputs: its value never matters, only its graph.
        grad_outputs = tuple(zeros_like(o, requires_grad=True) for o in outputs)
        grad_inputs = _autograd_grad(outputs, inputs, grad_outputs, create_graph=True)
        _check_requires_grad(grad_inputs, "grad_inputs", strict)
        with grad_mode.mode(create_graph):
            grad_res = _autograd_grad(grad_inputs, grad_outputs, v, create_graph=create_graph)
            res = _fill_in_zeros(grad_res, outputs, strict, create_graph, "back_trick")
    outputs = _grad_postprocess(outputs, create_graph)
    res = _grad_postprocess(res, create_graph)
    return (_tuple_postprocess(outputs, is_outputs_tuple),
            _tuple_postprocess(res, is_outputs_tuple))


# -- jacobian / hessian ---------------------------------------------------------------------

_STRATEGY_HINT = (" Hint: If your function has more outputs than inputs, \"forward-mode\" "
                  "tends to be more performant. Otherwise, prefer to use \"reverse-mode\".")


def _check_strategy(strategy, hint) -> None:
    from ..errors import TorchAssertionError
    if strategy not in ("forward-mode", "reverse-mode"):
        raise TorchAssertionError('Expected strategy to be either "forward-mode" or '
                                  '"reverse-mode".' + hint)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """The Jacobian of func at inputs: shape output.shape + input.shape for each pair. Its
    arguments are refused in PyTorch's order, with its texts."""
    from ..errors import TorchNotImplementedError
    _check_strategy(strategy, _STRATEGY_HINT)
    if strategy == "forward-mode":
        if create_graph:
            raise TorchNotImplementedError(
                "torch.autograd.functional.jacobian: `create_graph=True` and "
                '`strategy="forward-mode"` are not supported together (yet). Please either set '
                '`create_graph=False` or `strategy="reverse-mode"`.')
        return _jacfwd(func, inputs, strict, vectorize)
    with grad_mode.mode(True):
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                              "jacobian")
        _check_requires_grad(outputs, "outputs", strict)
        if vectorize and strict:
            raise TorchRuntimeError("torch.autograd.functional.jacobian: `strict=True` and "
                                    "`vectorized=True` are not supported together. Please "
                                    "either set `strict=False` or `vectorize=False`.")
        if vectorize:
            jac = _vectorized(outputs, inputs, create_graph)
        else:
            jac = tuple(_jacobian_of(i, out, inputs, create_graph, strict)
                        for i, out in enumerate(outputs))
    jac = _grad_postprocess(jac, create_graph)
    return _tuple_postprocess(jac, (is_outputs_tuple, is_inputs_tuple))


def _vectorized(outputs, inputs, create_graph):
    """vectorize=True: row k is one backward pass from all outputs at once, the k-th of
    their elements taken together getting 1 and every other 0 (PyTorch's batched vjp: a
    gradient then sums the parts of every output, signed zeros included)."""
    from ..errors import TorchAssertionError
    if not outputs:                 # PyTorch's _construct_standard_basis_for
        raise TorchAssertionError("Expected at least one tensor")
    numels = [o.numel() for o in outputs]
    live = [k for k, o in enumerate(outputs) if o.requires_grad]
    if live and not sum(numels):    # autograd.grad's is_grads_batched reads grad[0]
        from ..errors import TorchIndexError
        raise TorchIndexError("index 0 is out of bounds for dimension 0 with size 0")
    rows = []
    for k in range(sum(numels)):
        cts, start = [], 0
        for o, n in zip(outputs, numels):
            ct = np.zeros(n, dtype=o._data.dtype)
            if start <= k < start + n:
                ct[k - start] = 1
            cts.append(Tensor._wrap(ct.reshape(o._data.shape)))
            start += n
        rows.append(_grad([outputs[i] for i in live], list(inputs), [cts[i] for i in live],
                          retain_graph=True, create_graph=create_graph, allow_unused=True)
                    if live else (None,) * len(inputs))
    jac, start = [], 0
    for out, n in zip(outputs, numels):
        jac.append(tuple(_assemble([r[j] for r in rows[start:start + n]], out, inp,
                                   create_graph) for j, inp in enumerate(inputs)))
        start += n
    return tuple(jac)


def _jacfwd(func, inputs, strict, vectorize):
    """strategy="forward-mode": one forward-AD pass per element of the inputs taken
    together, its tangent 1 and every other 0; the tangents of the outputs are the
    Jacobian's columns."""
    from ..errors import TorchNotImplementedError
    if strict:
        raise TorchRuntimeError("torch.autograd.functional.jacobian: `strict=True` and "
                                '`strategy="forward-mode"` are not supported together (yet). '
                                'Please either set `strict=False` or `strategy="reverse-mode"`.')
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
    if not vectorize:
        raise TorchNotImplementedError("Computing Jacobian using forward-AD or "
                                       "forward-over-reverse Hessian isonly implemented for "
                                       "`vectorize=True`.")
    if not inputs:                  # PyTorch's _construct_standard_basis_for
        from ..errors import TorchAssertionError
        raise TorchAssertionError("Expected at least one tensor")
    columns, outputs, is_outputs_tuple = [], None, False
    draws = _Randomness("error", LEGACY_RANDOM_ERROR)   # PyTorch vmaps the columns
    from .forward_ad import LEGACY_VMAP
    before, LEGACY_VMAP[0] = LEGACY_VMAP[0], True
    try:
        for k, tangents in enumerate(_basis(inputs)):
            with draws.slice(k):
                is_outputs_tuple, outputs, tangents_out = _dual_run(func, inputs, tangents)
            columns.append(tangents_out)
    finally:
        LEGACY_VMAP[0] = before
    if outputs is None:                           # inputs without elements
        is_outputs_tuple, outputs = _as_tuple(func(*inputs), "outputs", None)
    jac = []
    for i, out in enumerate(outputs):
        blocks, start = [], 0
        for inp in inputs:
            n, shape = inp.numel(), tuple(out.shape) + tuple(inp.shape)
            blocks.append(_stacked([c[i] for c in columns[start:start + n]], shape, out))
            start += n
        jac.append(blocks)
    # lists, as PyTorch's _jacfwd hands them to _tuple_postprocess
    return _tuple_postprocess(jac, (is_outputs_tuple, is_inputs_tuple))


def _basis(inputs):
    """One tuple of tangents per element of the inputs taken together: one-hot there."""
    for i, inp in enumerate(inputs):
        for k in range(inp.numel()):
            tangents = [np.zeros(x._data.shape, dtype=x._data.dtype) for x in inputs]
            tangents[i].reshape(-1)[k] = 1
            yield tuple(Tensor._wrap(t) for t in tangents)


def _dual_run(func, inputs, tangents):
    """(is the output a tuple, the outputs' primals, their tangents) of func on duals."""
    from ..ops.creation import zeros_like
    from . import forward_ad
    with forward_ad.dual_level():
        duals = tuple(forward_ad.make_dual(x, t) for x, t in zip(inputs, tangents))
        is_tuple, outs = _as_tuple(func(*duals), "outputs", None)
        primals, tangents_out = [], []
        for o in outs:
            primal, tangent = forward_ad.unpack_dual(o)
            primals.append(primal)
            tangents_out.append(tangent if tangent is not None else zeros_like(primal))
    return is_tuple, primals, tangents_out


def _stacked(columns, shape, out):
    if not columns:
        return Tensor._wrap(np.zeros(shape, dtype=out._data.dtype))
    from ..ops.shape import stack
    # as PyTorch's _jacfwd: the columns stacked first, moved last, then reshaped (so a
    # Jacobian that keeps a graph ends in the same node, e.g. ReshapeAliasBackward0)
    jac = stack(columns, 0)
    return jac.permute(*range(1, jac.ndim), 0).reshape(shape)


def _jacobian_of(i, out, inputs, create_graph, strict):
    """Rows of d out / d inputs, one backward pass per element of out (graph retained)."""
    rows = [[] for _ in inputs]
    for vj in _row_grads(out, inputs, create_graph):
        for k, (g, inp) in enumerate(zip(vj, inputs)):
            rows[k].append(_row(g, inp, i, k, create_graph, strict))
    if not out.numel():             # PyTorch stacks the rows
        raise TorchRuntimeError("stack expects a non-empty TensorList")
    return tuple(_assemble(r, out, inp, create_graph) for r, inp in zip(rows, inputs))


def _row_grads(out, inputs, create_graph):
    """For each element j of out: the gradients of out.reshape(-1)[j] w.r.t. inputs (None
    where unused), i.e. `autograd.grad` with a one-hot grad_output and the graph retained.
    The first row goes through `autograd.grad` itself (its checks and errors); the rest share
    one backward plan."""
    n = out.numel()
    if not out.requires_grad:
        yield from ((None,) * len(inputs) for _ in range(n))
        return
    if n and out._data.dtype.kind == "c":       # each element's implicit grad, as PyTorch's
        raise TorchRuntimeError(f"grad can be implicitly created only for real scalar "
                                f"outputs but got {out.dtype}")
    shape, basis = out._data.shape, np.zeros(n, dtype=out._data.dtype)

    def onehot(j):
        basis[j] = 1
        t = Tensor._wrap(basis.reshape(shape).copy())
        basis[j] = 0
        return t

    inputs = list(inputs)
    if n:
        yield _grad([out], inputs, [onehot(0)], retain_graph=True, create_graph=create_graph,
                    allow_unused=True)
    yield from _rerun(out, inputs, create_graph, (onehot(j) for j in range(1, n)))


def _rerun(out, inputs, create_graph, root_grads):
    """`autograd.grad(out, inputs, g, retain_graph=True, allow_unused=True)` for each g in
    root_grads. Each pass walks the same retained graph, so the engine's plan (the nodes that
    lead to the inputs, their dependency counts) is built once and rerun (`_Pass.rerun`)."""
    plan = None
    for g in root_grads:
        if plan is None:
            plan = _engine._Pass([out], [g], True, create_graph, inputs, reusable=True)
            yield tuple(plan.run())
        else:
            yield tuple(plan.rerun([g]))


def _row(g, inp, i, k, create_graph, strict):
    if g is None:
        if strict:
            raise TorchRuntimeError(f"Output {i} of the user-provided function is independent "
                                    f"of input {k}. This is not allowed in strict mode.")
        return None
    if strict and create_graph and not g.requires_grad:
        raise TorchRuntimeError(f"The jacobian of the user-provided function is independent of "
                                f"input {i}. This is not allowed in strict mode when "
                                "create_graph=True.")
    return g


def _assemble(rows, out, inp, create_graph):
    """Stack the rows into a tensor of shape out.shape + inp.shape."""
    shape = tuple(out._data.shape) + tuple(inp._data.shape)
    if create_graph and any(r is not None and r.requires_grad for r in rows):
        from ..ops.creation import zeros_like
        from ..ops.shape import stack
        full = [r if r is not None else zeros_like(inp) for r in rows]
        return stack(full, 0).view(shape) if full else Tensor._wrap(np.zeros(shape, inp._data.dtype))
    arr = np.zeros((len(rows),) + tuple(inp._data.shape), dtype=inp._data.dtype)
    for j, r in enumerate(rows):
        if r is not None:
            arr[j] = r._data
    return Tensor._wrap(arr.reshape(shape))


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """The Hessian of a scalar function: the Jacobian of its gradient (forward over reverse
    with outer_jacobian_strategy="forward-mode")."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    _check_strategy(outer_jacobian_strategy, "")

    def single_output(*inp):
        out = func(*inp)
        is_out_tuple, t_out = _as_tuple(out, "outputs of the user-provided function", "hessian")
        _check_requires_grad(t_out, "outputs", strict)
        if is_out_tuple:
            raise TorchRuntimeError("The function given to hessian should return a single Tensor")
        if out.numel() != 1:
            raise TorchRuntimeError("The Tensor returned by the function given to hessian should "
                                    "contain a single element")
        return out.squeeze()

    def jac_func(*inp):
        if outer_jacobian_strategy == "forward-mode":
            refuse_requires_grad()
            inp = tuple(t.requires_grad_(True) for t in inp)
        jac = _gradient(single_output, inp)
        _check_requires_grad(jac, "jacobian", strict)
        return jac

    res = jacobian(jac_func, inputs, create_graph=create_graph, strict=strict,
                   vectorize=vectorize, strategy=outer_jacobian_strategy)
    return _tuple_postprocess(res, (is_inputs_tuple, is_inputs_tuple))


def _gradient(func, inputs):
    """`jacobian(func, inputs, create_graph=True)` for a tuple of inputs and a func with a 0-d
    output: its one row, i.e. the gradients themselves (zeros where unused). PyTorch stacks
    that row and views it to the input's shape; the values are the same, and the Hessian's
    rows then backpropagate through two nodes fewer."""
    from ..ops.creation import zeros_like
    with grad_mode.mode(True):
        inputs = _grad_preprocess(inputs, create_graph=True, need_graph=True)
        grads = next(_row_grads(func(*inputs), inputs, create_graph=True))
    return tuple(g if g is not None else zeros_like(inp) for g, inp in zip(grads, inputs))


# -- hvp / vhp ------------------------------------------------------------------------------

def _scalar_output(func, inputs, fn_name, strict):
    outputs = func(*inputs)
    is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                          fn_name)
    _check_requires_grad(outputs, "outputs", strict)
    if is_outputs_tuple:
        raise TorchRuntimeError(f"The function given to {fn_name} should return a single Tensor")
    if outputs[0].numel() != 1:
        raise TorchRuntimeError(f"The Tensor returned by the function given to {fn_name} should "
                                "contain a single element")
    return outputs


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(*inputs), v^T H) for a scalar function."""
    with grad_mode.mode(True):
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vhp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        v = _prepare_v(v, inputs, is_inputs_tuple, "vhp", create_graph, _V_IN)
        outputs = _scalar_output(func, inputs, "vhp", strict)
        jac = _autograd_grad(outputs, inputs, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict)
        with grad_mode.mode(create_graph or grad_mode._enabled[0]):
            grad_res = _autograd_grad(jac, inputs, v, create_graph=create_graph)
            res = _fill_in_zeros(grad_res, inputs, strict, create_graph, "double_back")
    outputs = _grad_postprocess(outputs, create_graph)
    res = _grad_postprocess(res, create_graph)
    return outputs[0], _tuple_postprocess(res, is_inputs_tuple)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(*inputs), H v) for a scalar function, by the double-backward trick."""
    from ..ops.creation import zeros_like
    with grad_mode.mode(True):
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hvp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        v = _prepare_v(v, inputs, is_inputs_tuple, "hvp", create_graph, _V_IN)
        outputs = _scalar_output(func, inputs, "hvp", strict)
        jac = _autograd_grad(outputs, inputs, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict)
        grad_jac = tuple(zeros_like(inp, requires_grad=True) for inp in inputs)
        double_back = _autograd_grad(jac, inputs, grad_jac, create_graph=True)
        _check_requires_grad(jac, "hessian", strict)
        with grad_mode.mode(create_graph or grad_mode._enabled[0]):
            grad_res = _autograd_grad(double_back, grad_jac, v, create_graph=create_graph)
            res = _fill_in_zeros(grad_res, inputs, strict, create_graph, "double_back_trick")
    outputs = _grad_postprocess(outputs, create_graph)
    res = _grad_postprocess(res, create_graph)
    return outputs[0], _tuple_postprocess(res, is_inputs_tuple)
