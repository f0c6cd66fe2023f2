"""`torch.func`: gradients, Jacobians and Hessians as function transforms, and vmap.

`grad(f)(x)` is the gradient of f at x as a new function's value; transforms nest
(`grad(grad(f))`, `hessian(f) = jacfwd(jacrev(f))`). They are built on the reverse-mode
engine: each transform differentiates with respect to its own copy of the arguments, and
builds the gradient's graph only when something outside needs it (an enclosing transform,
or an argument that requires grad), so a top-level result carries no `grad_fn`, as in
PyTorch. `jvp` and `jacfwd` run forward-mode AD (`forward_ad`), also over a reverse
transform (`jacfwd(jacrev(f))`, `hessian`, `jvp(grad(f))`); where the product must itself be
differentiable (inside another transform, or a primal requiring grad) they use reverse mode
twice (the same values; signed zeros and last places may differ from PyTorch's). `vmap`
runs the function once per slice and stacks the results: the same values as PyTorch's
batching rules for functions without randomness or in-place writes to their inputs.
"""
from __future__ import annotations

from ..errors import TorchRuntimeError, TorchValueError
from . import forward_ad, grad_mode

_depth = [0]          # transforms running now: inside one, results must stay differentiable


def _tensor_type():
    from .._tensor import Tensor
    return Tensor


def _argnums(argnums, n: int, name: str):
    nums = argnums if isinstance(argnums, tuple) else (argnums,)
    for a in nums:
        if not isinstance(a, int) or isinstance(a, bool):
            raise TorchRuntimeError(f"{name}: argnums must be int or Tuple[int, ...], got: "
                                    f"{type(a).__name__}")
        if not -n <= a < n:
            raise TorchRuntimeError(f"Got argnum={a}, but only {n} positional inputs")
    return tuple(a % n for a in nums)


class _Level:
    """One transform's run: the differentiable copies of the arguments it differentiates,
    and whether results must keep a graph for something outside."""

    def __init__(self, args, nums, pytrees=False):
        self.args, self.nums, self.pytrees = list(args), nums, pytrees
        self.inputs = []
        self.counts = []          # per differentiated argument, its number of tensors
        # a graph is kept for an enclosing transform, or for ordinary autograd outside when
        # an argument requires grad and grad mode is on (the outer no_grad is respected)
        Tensor = _tensor_type()
        self.keep = _depth[0] > 0 or (grad_mode.is_grad_enabled() and any(
            isinstance(a, Tensor) and a.requires_grad for a in args))

    def __enter__(self):
        _depth[0] += 1
        self._grad = grad_mode.enable_grad()
        self._grad.__enter__()
        try:
            self._differentiable_copies()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _differentiable_copies(self) -> None:
        for i in self.nums:
            a = self.args[i]
            if self.pytrees and isinstance(a, (dict, list, tuple)):
                leaves = _leaves(a)
                copies = [self._copy(t) for t in leaves]
                self.args[i] = _rebuilt(a, iter(copies))
                self.inputs.extend(copies)
                self.counts.append(len(copies))
                continue
            self.args[i] = self._copy(a)
            self.inputs.append(self.args[i])
            self.counts.append(None)

    def _copy(self, a):
        """A copy to differentiate with respect to, joined to `a` when it has a graph (and
        keeping its tangent inside an enclosing jvp)."""
        if not isinstance(a, _tensor_type()):
            raise TorchValueError(f"Thing passed to transform API must be Tensor, got {type(a)}")
        if self.keep and a.requires_grad:
            return a.view_as(a)
        return _detached(a).requires_grad_()

    def per_argument(self, grads: tuple) -> tuple:
        """The flat gradients regrouped in the structure of each differentiated argument
        (a dict of parameters gives a dict of gradients, as torch.func's pytrees)."""
        out, k = [], 0
        for i, n in zip(self.nums, self.counts):
            if n is None:
                out.append(grads[k])
                k += 1
            else:
                out.append(_rebuilt(self.args[i], iter(grads[k:k + n])))
                k += n
        return tuple(out)

    def __exit__(self, *exc):
        self._grad.__exit__(*exc)
        _depth[0] -= 1
        return False

    def out(self, t):
        """A result as this level returns it (tensors in tuples, lists and dicts too):
        without a graph unless one is needed."""
        Tensor = _tensor_type()
        if self.keep:
            return t
        if isinstance(t, Tensor):
            return _detached(t)
        if isinstance(t, (tuple, list)):
            return type(t)(self.out(v) for v in t)
        if isinstance(t, dict):
            return {k: self.out(v) for k, v in t.items()}
        return t

    def grads(self, outputs, grad_outputs=None):
        from .engine import grad as autograd_grad
        got = autograd_grad(outputs, self.inputs, grad_outputs, retain_graph=True,
                            create_graph=self.keep, allow_unused=True)
        return tuple(g if g is not None else _zeros_like(x) for g, x in zip(got, self.inputs))


def _detached(t):
    """t without its graph; inside an enclosing jvp's dual level, with its tangent (a
    transform's result stays a dual for the jvp around it, as functorch's levels keep it)."""
    out = t.detach()
    if forward_ad.ACTIVE[0]:
        tangent = forward_ad.tangent_of(t)
        if tangent is not None:
            forward_ad.give_tangent(out, tangent)
    return out


def _leaves(tree) -> list:
    """The tensors of a dict/list/tuple structure, depth first in order (an explicit
    stack: the nesting is the user's)."""
    out, stack = [], [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, (list, tuple)):
            stack.extend(reversed(node))
        else:
            out.append(node)
    return out


def _rebuilt(tree, values):
    """`tree` with its leaves replaced, in `_leaves` order, by the items of the iterator
    `values` (an explicit stack; containers are rebuilt children first)."""
    root = [None]
    stack = [(tree, root, 0)]
    containers = []
    while stack:
        node, parent, index = stack.pop()
        if isinstance(node, (dict, list, tuple)):
            children = list(node.values()) if isinstance(node, dict) else list(node)
            slots = [None] * len(children)
            parent[index] = slots
            containers.append((node, parent, index, slots))
            stack.extend((children[j], slots, j) for j in reversed(range(len(children))))
        else:
            parent[index] = next(values)
    for node, parent, index, slots in reversed(containers):
        parent[index] = dict(zip(node, slots)) if isinstance(node, dict) else type(node)(slots)
    return root[0]


def _spec(tree) -> str:
    """A structure as PyTorch's treespec_pprint shows it: `*` for a leaf, `(*, *)`,
    `[*]`, `{'a': *}` for containers (an explicit stack: the nesting is the user's)."""
    out = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and node.startswith("\0"):
            out.append(node[1:])                  # a piece of container syntax
        elif isinstance(node, (tuple, list, dict)):
            opening, closing = {list: "[]", dict: "{}"}.get(type(node), "()")
            items = list(node.items()) if isinstance(node, dict) else list(node)
            parts = ["\0" + opening]
            for k, item in enumerate(items):
                if k:
                    parts.append("\0, ")
                if isinstance(node, dict):
                    parts.append(f"\0{item[0]!r}: ")
                    item = item[1]
                parts.append(item)
            parts.append("\0" + ("," if isinstance(node, tuple) and len(items) == 1 else "")
                         + closing)
            stack.extend(reversed(parts))
        else:
            out.append("*")
    return "".join(out)


def _zeros_like(x):
    from ..ops.creation import zeros_like
    return zeros_like(x)


# How PyTorch's messages name each transform (jacrev and jacfwd run vjp and jvp)
_CALL = {"grad_and_value": "grad_and_value(f)(*args)", "vjp": "vjp(f, *primals)",
         "jacrev": "vjp(f, *primals)", "jvp": "jvp(f, primals, tangents)",
         "jacfwd": "jvp(f, primals, tangents)"}


def _split_aux(value, has_aux: bool, name: str):
    if not has_aux:
        return value, None
    if not (isinstance(value, tuple) and len(value) == 2):
        raise TorchRuntimeError(f"{_CALL[name]}: output of function f should be a tuple: "
                                "(output, aux) if has_aux is True")
    return value


def grad_and_value(func, argnums=0, has_aux: bool = False):
    """The function returning (gradient of func with respect to args[argnums], func's
    value); func must return a scalar tensor (and an auxiliary value with has_aux)."""
    def wrapper(*args, **kwargs):
        nums = _argnums(argnums, len(args), "grad_and_value")
        with _Level(args, nums, pytrees=True) as level:
            value, aux = _split_aux(func(*level.args, **kwargs), has_aux, "grad_and_value")
            Tensor = _tensor_type()
            if not isinstance(value, Tensor):
                raise TorchRuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to "
                                        f"return a Tensor, got {type(value)}")
            if value.dim() != 0:
                raise TorchRuntimeError(
                    f"grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, "
                    f"got tensor with {value.dim()} dims. Maybe you wanted to use the vjp or "
                    "jacrev APIs instead?")
            if not value.requires_grad:           # f does not depend on the inputs
                gs = tuple(_zeros_like(x) for x in level.inputs)
            else:
                gs = level.grads(value)
            gs = level.per_argument(tuple(level.out(g) for g in gs))
            g = gs if isinstance(argnums, tuple) else gs[0]
            value = level.out(value)
            return (g, (value, level.out(aux))) if has_aux else (g, value)
    return wrapper


def grad(func, argnums=0, has_aux: bool = False):
    """The function returning the gradient of func (a scalar) with respect to
    args[argnums] (and func's auxiliary value with has_aux)."""
    inner = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        g, value = inner(*args, **kwargs)
        return (g, value[1]) if has_aux else g
    return wrapper


def vjp(func, *primals, has_aux: bool = False):
    """(func(*primals), vjp_fn): vjp_fn(cotangents) gives the vector-Jacobian products, one
    per primal."""
    with _Level(primals, tuple(range(len(primals)))) as level:
        output, aux = _split_aux(func(*level.args), has_aux, "vjp")
    outputs = output if isinstance(output, tuple) else (output,)

    def vjp_fn(*cotangents):
        cts = cotangents[0] if len(cotangents) == 1 and isinstance(output, tuple) \
            else cotangents
        if len(cotangents) == 1 and _spec(cotangents[0]) != _spec(output):
            raise TorchRuntimeError(
                "Expected pytree structure of cotangents to be the same as pytree structure "
                f"of outputs to the function. cotangents: {_spec(cotangents[0])}, primal "
                f"output: {_spec(output)}")
        if len(cts) != len(outputs):
            raise TorchRuntimeError("Expected pytree structure of cotangents to be the same "
                                    "as pytree structure of outputs to the function")
        for ct, o in zip(cts, outputs):
            if tuple(ct.shape) != tuple(o.shape):
                raise TorchRuntimeError(
                    f"Mismatch in shape: grad_output[0] has a shape of {ct.shape} and "
                    f"output[0] has a shape of {o.shape}.")
        with _Level((), ()) as inner:
            inner.inputs = level.inputs
            inner.keep = level.keep or inner.keep
            live = [(o, ct) for o, ct in zip(outputs, cts) if o.requires_grad]
            if not live:
                gs = tuple(_zeros_like(x) for x in level.inputs)
            else:
                gs = inner.grads([o for o, _ in live], [ct for _, ct in live])
            return tuple(inner.out(g) for g in gs)
    out = tuple(level.out(o) for o in outputs) if isinstance(output, tuple) \
        else level.out(output)
    return (out, vjp_fn, level.out(aux)) if has_aux else (out, vjp_fn)


def _jacobian(func, argnums, has_aux, name):
    """jacrev: one reverse pass per output element gives a row of the Jacobian."""
    def wrapper(*args):
        nums = _argnums(argnums, len(args), name)
        with _Level(args, nums) as level:
            output, aux = _split_aux(func(*level.args), has_aux, name)
            outputs = output if isinstance(output, tuple) else (output,)
            jac_per_output = []
            for o in outputs:
                rows = _rows(level, o)
                jac_per_output.append(tuple(level.out(r) for r in rows))
        return _jacobian_result(jac_per_output, output, argnums,
                                (level.out(aux) if aux is not None else aux) if has_aux
                                else _NO_AUX)
    return wrapper


_NO_AUX = object()


def _jacobian_result(jac_per_output, output, argnums, aux):
    """The Jacobian blocks in PyTorch's nesting: per output (when f returns a tuple), then
    per argument (when argnums is a tuple); with aux when has_aux."""
    if not isinstance(argnums, tuple):
        jac_per_output = [j[0] for j in jac_per_output]
    jac = tuple(jac_per_output) if isinstance(output, tuple) else jac_per_output[0]
    return jac if aux is _NO_AUX else (jac, aux)


def _rows(level, o):
    """d o / d input for each input: shape o.shape + input.shape."""
    from ..ops.shape import stack
    n = o.numel()
    if not o.requires_grad:
        return tuple(_zeros_like_shape(tuple(o.shape) + tuple(x.shape), x)
                     for x in level.inputs)
    flat = o.reshape(-1)
    per_input = [[] for _ in level.inputs]
    eye = _eye(n, o)
    for k in range(n):
        gs = level.grads(flat, eye[k])
        for i, g in enumerate(gs):
            per_input[i].append(g)
    out = []
    for x, parts in zip(level.inputs, per_input):
        if parts:
            out.append(stack(parts).reshape(tuple(o.shape) + tuple(x.shape)))
        else:
            out.append(_zeros_like_shape(tuple(o.shape) + tuple(x.shape), x))
    return tuple(out)


def _eye(n, like):
    from ..ops.creation import eye
    return eye(n, dtype=like.dtype)


def _zeros_like_shape(shape, like):
    from ..ops.creation import zeros
    return zeros(shape, dtype=like.dtype)


def jacrev(func, argnums=0, *, has_aux: bool = False, chunk_size=None):
    """The function returning the Jacobian of func with respect to args[argnums]: shape
    output.shape + input.shape."""
    return _jacobian(func, argnums, has_aux, "jacrev")


def jacfwd(func, argnums=0, has_aux: bool = False, *, randomness="error"):
    """The Jacobian column by column: one jvp per element of the differentiated arguments,
    with the standard basis as tangents (PyTorch vmaps the same jvp over that basis)."""
    def wrapper(*args):
        nums = _argnums(argnums, len(args), "jacfwd")
        primals = tuple(args[i] for i in nums)
        for p in primals:
            if not isinstance(p, _tensor_type()):
                raise TorchValueError(f"Thing passed to transform API must be Tensor, got "
                                      f"{type(p)}")

        def pushed(*ps):
            call = list(args)
            for i, p in zip(nums, ps):
                call[i] = p
            return func(*call)
        columns, aux = [], _NO_AUX
        for tangents in _basis(primals):
            result = jvp(pushed, primals, tangents, has_aux=has_aux)
            output, column = result[0], result[1]
            if has_aux and aux is _NO_AUX:
                aux = result[2]
            columns.append(column if isinstance(output, tuple) else (column,))
        if not columns:                       # no element to differentiate by
            result = jvp(pushed, primals, primals, has_aux=has_aux)
            output = result[0]
            aux = result[2] if has_aux else aux
        outputs = output if isinstance(output, tuple) else (output,)
        jac = [_blocks(o, [c[k] for c in columns], primals) for k, o in enumerate(outputs)]
        return _jacobian_result(jac, output, argnums, aux)
    return wrapper


def _basis(primals):
    """The standard basis of the primals' elements taken together, as tuples of tangents
    (one per primal: a one-hot tangent for the primal the element is in, zeros elsewhere)."""
    from ..ops.creation import zeros_like
    for i, p in enumerate(primals):
        for k in range(p.numel()):
            tangents = [zeros_like(q) for q in primals]
            tangents[i].view(-1)[k] = 1
            yield tuple(tangents)


def _blocks(o, columns, primals):
    """d o / d p for each primal p (shape o.shape + p.shape), from the columns J e_k."""
    from ..ops.shape import stack
    out, k = [], 0
    for p in primals:
        n = p.numel()
        if n == 0 or not columns:
            out.append(_zeros_like_shape(tuple(o.shape) + tuple(p.shape), o))
        else:
            block = stack(columns[k:k + n], -1)
            out.append(block.reshape(tuple(o.shape) + tuple(p.shape)))
        k += n
    return tuple(out)


def hessian(func, argnums=0):
    """jacfwd(jacrev(func)): the matrix of second derivatives of a scalar func."""
    return jacfwd(jacrev(func, argnums), argnums)


def jvp(func, primals, tangents, *, strict=False, has_aux: bool = False):
    """(func(*primals), the Jacobian-vector product with tangents): forward-mode AD, each
    tangent carried through func's ops. Inside another transform, or when a primal
    requires grad, the product must itself be differentiable, and forward AD's tangents
    record no graph: it is then computed by reverse mode (the same values)."""
    _check_jvp_args(primals, tangents)
    if _forward_mode(primals, tangents):
        return _jvp_forward(func, primals, tangents, has_aux)
    return _jvp_by_reverse(func, primals, tangents, has_aux)


def _check_jvp_args(primals, tangents) -> None:
    if not isinstance(primals, tuple) or not isinstance(tangents, tuple):
        raise TorchRuntimeError("jvp(f, primals, tangents): Expected primals to be a tuple. "
                                "E.g. it should be valid to call f(*primals).")
    if len(primals) != len(tangents):
        raise TorchRuntimeError("jvp(f, primals, tangents): Expected primals and tangents to "
                                "have the same python structure. For example, if primals is a "
                                "tuple of 3 tensors, tangents also must be.")
    for p, t in zip(primals, tangents):
        if tuple(p.shape) != tuple(t.shape):
            raise TorchRuntimeError(f"Trying to set a forward gradient that has a different "
                                    f"size than that of the original Tensor, this is not "
                                    f"supported. Tensor is of size {list(p.shape)} while the "
                                    f"given forward gradient is of size {list(t.shape)}.")


def _forward_mode(primals, tangents) -> bool:
    """Whether the jvp can run as forward AD: no dual level open (gradcli has one level),
    not inside another transform, and nothing that requires grad in the arguments."""
    Tensor = _tensor_type()
    if forward_ad._level[0] >= 0 or _depth[0] > 0:
        return False
    tensors = [a for a in primals + tangents if isinstance(a, Tensor)]
    if len(tensors) != 2 * len(primals) or not all(t.is_floating_point() for t in tensors):
        return False
    return not (grad_mode.is_grad_enabled() and any(t.requires_grad for t in tensors))


def _jvp_forward(func, primals, tangents, has_aux):
    with forward_ad.dual_level():
        duals = tuple(forward_ad.make_dual(p.detach(), t) for p, t in zip(primals, tangents))
        output, aux = _split_aux(func(*duals), has_aux, "jvp")
        outputs = output if isinstance(output, tuple) else (output,)
        _check_outputs(outputs)
        out, res = [], []
        for o in outputs:
            primal, tangent = forward_ad.unpack_dual(o)
            out.append(primal.detach())
            res.append(tangent if tangent is not None else _zeros_like(o))
        if has_aux:
            aux = _primals_of(aux)
    out, res = tuple(out), tuple(res)
    if not isinstance(output, tuple):
        out, res = out[0], res[0]
    return (out, res, aux) if has_aux else (out, res)


def _check_outputs(outputs) -> None:
    Tensor = _tensor_type()
    for o in outputs:
        if not isinstance(o, Tensor):
            raise TorchRuntimeError(f"jvp(f, primals, tangents): Expected f(*primals) to "
                                    f"return only tensors, got unsupported type {type(o)}")


def _primals_of(tree):
    """A structure's tensors without their tangents (aux leaves a jvp as primals)."""
    Tensor = _tensor_type()
    leaves = [forward_ad.unpack_dual(t).primal.detach() if isinstance(t, Tensor) else t
              for t in _leaves(tree)]
    return _rebuilt(tree, iter(leaves))


def _jvp_by_reverse(func, primals, tangents, has_aux):
    """J t through two reverse passes: u -> J^T u is linear, so J t is the gradient in u
    of <J^T u, t>."""
    from .engine import grad as autograd_grad
    with _Level(primals, tuple(range(len(primals)))) as level:
        output, aux = _split_aux(func(*level.args), has_aux, "jvp")
        outputs = output if isinstance(output, tuple) else (output,)
        _check_outputs(outputs)
        results = []
        for o in outputs:
            if not o.requires_grad:
                results.append(_zeros_like(o))
                continue
            u = _zeros_like(o).requires_grad_()
            vjps = autograd_grad([o], level.inputs, [u], retain_graph=True, create_graph=True,
                                 allow_unused=True)
            total = None
            for g, t in zip(vjps, tangents):
                if g is not None:
                    term = (g * t).sum()
                    total = term if total is None else total + term
            if total is None or not total.requires_grad:
                results.append(_zeros_like(o))
                continue
            (jt,) = autograd_grad([total], [u], retain_graph=True, create_graph=level.keep,
                                  allow_unused=True)
            results.append(jt if jt is not None else _zeros_like(o))
        out = tuple(level.out(o) for o in outputs)
        res = tuple(level.out(r) for r in results)
        aux = level.out(aux)
    if not isinstance(output, tuple):
        out, res = out[0], res[0]
    return (out, res, aux) if has_aux else (out, res)


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """func mapped over dimension in_dims of its arguments (None: not mapped), results
    stacked along out_dims."""
    Tensor = _tensor_type()

    fname = getattr(func, "__name__", None) or "f"

    def wrapper(*args, **kwargs):
        dims = in_dims if isinstance(in_dims, (tuple, list)) else (in_dims,) * len(args)
        if len(dims) != len(args):
            raise TorchValueError(
                f"vmap({fname}, in_dims={in_dims}, ...)(<inputs>): in_dims is not compatible "
                f"with the structure of `inputs`. in_dims has structure {_structure(dims)} but "
                f"inputs has structure {_structure(args)}.")
        size = None
        for a, d in _mapped_tensors(args, dims):
            if not isinstance(a, Tensor):
                raise TorchValueError(
                    f"vmap({fname}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={d} for an "
                    f"input but the input is of type {type(a)}. We cannot vmap over non-Tensor "
                    "arguments, please use None as the respective in_dim")
            n = a.dim()
            if not -n <= d < n:
                raise TorchValueError(
                    f"vmap({fname}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={d} for some "
                    f"input, but that input is a Tensor of dimensionality {n} so expected "
                    f"in_dim to satisfy -{n} <= in_dim < {n}.")
            s = a.shape[d]
            if size is not None and s != size:
                sizes = [x.shape[dd] for x, dd in _mapped_tensors(args, dims)]
                raise TorchValueError(
                    f"vmap: Expected all tensors to have the same size in the mapped "
                    f"dimension, got sizes {sizes} for the mapped dimension")
            size = s
        if size is None:
            raise TorchValueError(f"vmap({fname}, in_dims={in_dims}, ...)(<inputs>): at least "
                                  "one input must be a Tensor mapped over a dimension (in_dim "
                                  "not None)")
        results = []
        for k in range(size):
            call = [a if d is None else _rebuilt(a, iter([t.select(d, k) for t in _leaves(a)]))
                    for a, d in zip(args, dims)]
            results.append(func(*call, **kwargs))
        return _stack_results(results, out_dims)
    return wrapper


def _mapped_tensors(args, dims):
    """(tensor, in_dim) for each mapped argument; an in_dim given for a dict/list/tuple
    argument maps every tensor in it (torch.func's pytrees)."""
    for a, d in zip(args, dims):
        if d is None:
            continue
        if isinstance(a, (dict, list, tuple)) and a:
            for t in _leaves(a):
                yield t, d
        else:
            yield a, d


def _structure(items) -> str:
    return "(" + ", ".join("*" for _ in items) + ("," if len(items) == 1 else "") + ")"


def _stack_results(results, out_dims):
    from ..ops.shape import stack
    Tensor = _tensor_type()
    first = results[0]
    if isinstance(first, dict):
        return {key: _stack_results([r[key] for r in results], out_dims) for key in first}
    if isinstance(first, tuple):
        dims = out_dims if isinstance(out_dims, (tuple, list)) else (out_dims,) * len(first)
        return tuple(_stack_results([r[i] for r in results], dims[i])
                     for i in range(len(first)))
    if not isinstance(first, Tensor):
        raise TorchValueError(f"vmap: `f` must return only Tensors, got type {type(first)}. "
                              "Did you mean to set out_dims= to None for output?")
    return stack(results, out_dims)


# -- functional_call ----------------------------------------------------------------------------

def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *,
                    tie_weights=True, strict=False):
    """Call `module` with its parameters and buffers replaced, for this call only, by the
    tensors given by name (`"0.weight"` for a submodule's): a module as a function of its
    parameters, which `grad` and `vmap` can transform."""
    values = _merged_dicts(parameter_and_buffer_dicts)
    if strict:
        _check_keys(module, values)
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    swapped = []
    try:
        for name, tensor in values.items():
            swapped.append(_swap(module, name, tensor))
        return module(*args, **(kwargs or {}))
    finally:
        for table, attr, old in reversed(swapped):
            if old is _ABSENT:
                del table[attr]
            else:
                table[attr] = old


_ABSENT = object()


def _merged_dicts(dicts) -> dict:
    """PyTorch's checks of `parameter_and_buffer_dicts`: a dict, or a list/tuple of dicts
    with no key in two of them."""
    if isinstance(dicts, dict):
        return dicts
    if not isinstance(dicts, (list, tuple)):
        raise TorchValueError("Expected parameter_and_buffer_dicts to be a dict, or a "
                              f"list/tuple of dicts, but got {type(dicts)}")
    if not all(isinstance(d, dict) for d in dicts):
        raise TorchValueError("Expected all elements of parameter_and_buffer_dicts to be "
                              "dictionaries")
    counts: dict = {}
    for d in dicts:
        for k in d:
            counts[k] = counts.get(k, 0) + 1
    repeated = [k for k, n in counts.items() if n > 1]
    if repeated:
        raise TorchValueError(f"{repeated} appeared in multiple dictionaries; behavior of "
                              "functional call is ambiguous")
    return {k: v for d in dicts for k, v in d.items()}


def _check_keys(module, values) -> None:
    """strict=True: the names must be exactly the module's parameters and buffers."""
    valid = {n for n, _ in module.named_parameters(remove_duplicate=False)}
    valid |= {n for n, _ in module.named_buffers(remove_duplicate=False)}
    unexpected, missing = sorted(set(values) - valid), sorted(valid - set(values))
    errors = []
    if unexpected:
        errors.append(f"Unexpected key(s): {', '.join(map(repr, unexpected))}.")
    if missing:
        errors.append(f"Missing key(s): {', '.join(map(repr, missing))}.")
    if errors:
        raise TorchRuntimeError(f"Error(s) in reparametrizing for {type(module).__name__}:\n\t"
                                + "\n\t".join(errors))


def _swap(module, name: str, tensor):
    """Put `tensor` in the place of the parameter or buffer `name`; (table, key, old value)
    to put back."""
    prefix, _, attr = name.rpartition(".")
    owner = module.get_submodule(prefix) if prefix else module
    for key in ("_parameters", "_buffers"):
        table = owner.__dict__[key]
        if attr in table:
            old = table[attr]
            table[attr] = tensor
            return table, attr, old
    table = owner.__dict__["_buffers"]          # a name the module lacks: there for the call
    table[attr] = tensor
    return table, attr, _ABSENT
