"""`torch.func`: gradients, Jacobians and Hessians as function transforms.

`grad(f)(x)` is the gradient of f at x as a new function's value; transforms nest
(`grad(grad(f))`, `hessian(f) = jacfwd(jacrev(f))`). Arguments and results may be pytrees
(dicts, lists and tuples of tensors, `pytree`). `grad`, `vjp` and `jacrev` run the
reverse-mode engine: each transform differentiates with respect to its own copy of the
arguments, and builds the gradient's graph only when something outside needs it (an
enclosing transform, or an argument that requires grad), so a top-level result carries no
`grad_fn`, as in PyTorch. `jvp`, `jacfwd` and `linearize` run forward-mode AD
(`forward_ad`), also over a reverse transform (`jacfwd(jacrev(f))`, `jvp(grad(f))`) and
under one (`jacrev(jacfwd(f))`: the tangents then record their graph); only a jvp inside a
jvp (gradcli has one dual level) uses reverse mode twice (the same values; signed zeros may
differ from PyTorch's). `vmap` lives in `vmap`; `functional_call` here.
"""
from __future__ import annotations

import weakref

from ..errors import TorchRuntimeError, TorchValueError
from . import forward_ad, grad_mode
from .pytree import leaves, mapped, pprint, rebuilt, treespec
from .vmap import (LEVELS, TRANSFORMS, WRAPPED, _check_randomness, _Randomness, mapping,
                   named_after, transforming, vmap)

__all__ = ["grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "linearize",
           "vmap", "functional_call", "stack_module_state", "functionalize",
           "replace_all_batch_norm_modules_", "debug_unwrap"]

_depth = [0]          # transforms running now: inside one, results must stay differentiable


def _tensor_type():
    from .._tensor import Tensor
    return Tensor


def _argnums(argnums) -> None:
    if not isinstance(argnums, (int, tuple)):
        raise TorchRuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")


def _wrapped_argnums(argnums, n: int) -> tuple:
    """The argument numbers as PyTorch's _slice_argnums checks and wraps them."""
    _argnums(argnums)
    wrapped = []
    for a in (argnums if isinstance(argnums, tuple) else (argnums,)):
        if not isinstance(a, int):
            raise TorchRuntimeError(f"argnum must be int, got: {type(a)}")
        if not -n <= a < n:
            raise TorchRuntimeError(f"Got argnum={a}, but only {n} positional inputs")
        wrapped.append(a % n)
    if isinstance(argnums, tuple):
        if not wrapped:
            raise TorchRuntimeError("argnums must be non-empty")
        if len(set(wrapped)) != len(wrapped):
            raise TorchRuntimeError(f"argnums elements must be unique, got {tuple(wrapped)}")
    return tuple(wrapped)


def _level_view(a):
    """A view of `a` for a level to differentiate with respect to, joined to a's graph by a
    ViewBackward0 that hands the gradient on as it is: PyTorch's level wraps `a` without a
    node, so a gradient computed through the level ends in the function's own last node
    (grad(grad(f))(x) of an x that requires grad), not in a view of it."""
    from ..ops.core import apply
    return apply(_level_view_node(), (a,), shape=a._data.shape)


def _level_view_node():
    cls = _LEVEL_VIEW[0]
    if cls is None:
        from ..ops.shape import ViewBackward0
        cls = _LEVEL_VIEW[0] = type("ViewBackward0", (ViewBackward0,),
                                    {"backward": lambda self, g: g, "__module__": __name__})
    return cls


_LEVEL_VIEW = [None]


class _Level:
    """One transform's run: the differentiable copies of the arguments it differentiates
    (the tensors of a dict/list/tuple argument each), and whether results must keep a graph
    for something outside."""

    def __init__(self, args, nums, wraps: bool = True, link: bool = False):
        self.args, self.nums, self.wraps = list(args), nums, wraps
        # vjp's copies of arguments that require grad stay joined to them even under
        # no_grad: its vjp_fn, called later with grad mode on, records the products as
        # PyTorch's unwrapped backward does (see `linked`)
        self.link, self.linked = link, False
        self.inputs = []
        self.originals = []         # the argument each input copies (for printing)
        # a graph is kept for an enclosing transform, or for ordinary autograd outside when
        # an argument requires grad and grad mode is on (the outer no_grad is respected)
        Tensor = _tensor_type()
        # inside another transform: its level sees the results, unless the function turned
        # grad mode off around this call (a no_grad inside the outer function holds for the
        # outer levels: the results are constants there)
        self.nested = _depth[0] > 0 and grad_mode.is_grad_enabled()
        self.keep = self.nested or (grad_mode.is_grad_enabled() and any(
            isinstance(a, Tensor) and a.requires_grad for a in leaves(args)))
        self.outer = grad_mode.is_grad_enabled()  # ordinary autograd outside records
        self.outer_used = False                   # see `track`

    def __enter__(self):
        _depth[0] += 1
        TRANSFORMS[0] += 1
        LEVELS.append("level")
        RUNNING.append(self)
        if self.wraps:
            WRAPPED.append("all")
        self._grad = _transform_mode()
        self._grad.__enter__()
        try:
            for i in self.nums:
                originals = leaves(self.args[i])
                copies = [self._copy(t) for t in originals]
                self.args[i] = rebuilt(self.args[i], iter(copies))
                self.inputs.extend(copies)
                self.originals.extend(originals)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _copy(self, a):
        """A copy to differentiate with respect to, joined to `a` when it has a graph (and
        keeping its tangent inside an enclosing jvp)."""
        if not isinstance(a, _tensor_type()):
            raise TorchValueError(f"Thing passed to transform API must be Tensor, got {type(a)}")
        if (self.keep or self.link) and a.requires_grad:
            self.linked = True
            return _level_view(a)
        copy = _detached(a)
        copy._is_inference = False      # functorch's wrapper of an inference tensor is none
        return _remembered(copy.requires_grad_())

    def per_argument(self, flat) -> tuple:
        """Values for the flat inputs regrouped in the structure of each differentiated
        argument (a dict of parameters gives a dict of gradients)."""
        return rebuilt(tuple(self.args[i] for i in self.nums), iter(flat))

    def __exit__(self, *exc):
        self._grad.__exit__(*exc)
        _depth[0] -= 1
        TRANSFORMS[0] -= 1
        LEVELS.pop()
        RUNNING.pop()
        if self.wraps:
            WRAPPED.pop()
        return False

    def track(self, tree) -> None:
        """Note whether func's results reach a tensor outside this level that requires grad
        (one the function closed over, such as a model's parameters): the gradients then
        keep their graph to it, as PyTorch's levels do."""
        if self.outer and not self.keep:
            Tensor = _tensor_type()
            self.outer_used = any(_reaches_outer(t, self.inputs) for t in leaves(tree)
                                  if isinstance(t, Tensor))

    @property
    def create(self) -> bool:
        """Whether results keep a graph."""
        return self.keep or self.outer_used

    def out(self, tree):
        """A result as this level returns it (the tensors of a pytree too): without a graph
        unless one is needed."""
        if self.nested:
            return tree
        Tensor = _tensor_type()
        if self.keep:           # for autograd outside: a graph only to a tensor there
            return mapped(lambda t: t if not isinstance(t, Tensor) or _reaches_outer(t, ())
                          else _detached(t), tree)

        def one(t):
            if not isinstance(t, Tensor):
                return t
            return t if self.outer_used and _reaches_outer(t, self.inputs) else _detached(t)
        return mapped(one, tree)

    def grads(self, outputs, grad_outputs=None, retain_graph: bool = True,
              create_graph: bool = True):
        from .engine import grad as autograd_grad
        # always with a graph, as PyTorch's transforms take gradients (create_graph=True):
        # a backward formula that depends on grad mode (silu's, mish's ...) takes the same
        # branch; a result that needs no graph is detached after (`out`)
        got = autograd_grad(outputs, self.inputs, grad_outputs, retain_graph=retain_graph,
                            create_graph=create_graph, allow_unused=True)
        if not self.create:         # the graph was this level's: gone with it, as functorch's
            got = [None if g is None else _without_graph(g) for g in got]
        return tuple(g if g is not None else _zeros_like(x) for g, x in zip(got, self.inputs))


# the levels running now, innermost last
RUNNING: list = []


def tracking_text(t, plain):
    """What print shows for `t` inside a grad-style transform (grad, vjp, jacrev), or None
    for the ordinary text: PyTorch wraps each tensor of a level in a GradTrackingTensor and
    prints the value the level below sees (the argument itself for an argument's copy; a
    result with a grad_fn only when it reaches a tensor outside that requires grad).
    Only for one level running alone, and a tensor computed from its arguments: gradcli
    keeps no wrapper, so a tensor made inside from nothing of the level (torch.ones(2)),
    which PyTorch wraps as well, and nested levels print as ordinary tensors. `plain(t,
    grad_fn_name, requires_grad)` is t's ordinary text with that history."""
    if len(RUNNING) != 1 or len(LEVELS) != 1:
        return None
    level = RUNNING[0]
    for copy, original in zip(level.inputs, level.originals):
        if copy is t:
            return _tracking(repr(original))
    if not _reaches(t, level.inputs):
        return None
    fn = t.grad_fn if _reaches_outer(t, level.inputs) else None
    return _tracking(plain(t, None if fn is None else type(fn).__name__, False))


def _tracking(value: str) -> str:
    import textwrap                 # (blank lines stay blank, as in PyTorch's)
    return f"GradTrackingTensor(lvl=1, value=\n{textwrap.indent(value, '    ')}\n)"


def _reaches(t, inputs) -> bool:
    """Whether t's graph reaches one of `inputs` (an explicit stack: the graph is the
    user's)."""
    from .graph import AccumulateGrad
    mine = {id(x) for x in inputs}
    starts = {id(x.grad_fn) for x in inputs if x.grad_fn is not None}
    seen, stack = set(), [t.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if id(node) in starts or (type(node) is AccumulateGrad and id(node.variable) in mine):
            return True
        stack.extend(node._next)
    return False


class _transform_mode:
    """Grad mode on and inference mode off while a transform runs (PyTorch's transforms
    ignore an outer no_grad or inference_mode; a no_grad inside the function holds)."""

    def __enter__(self):
        self.saved = grad_mode._enabled[0], grad_mode._inference[0]
        grad_mode._enabled[0], grad_mode._inference[0] = True, False

    def __exit__(self, *exc):
        grad_mode._enabled[0], grad_mode._inference[0] = self.saved
        return False


# every level's differentiable copies (id -> weak reference), alive or not: a copy made by
# a transform that has ended is no tensor of the world outside (functorch's wrapper of that
# level is gone), though gradcli's graph still reaches it
_COPIES: dict = {}


def _remembered(copy):
    key = id(copy)
    _COPIES[key] = weakref.ref(copy, lambda _, key=key: _COPIES.pop(key, None))
    return copy


def _is_copy(t) -> bool:
    ref = _COPIES.get(id(t))
    return ref is not None and ref() is t


def _reaches_outer(t, inputs) -> bool:
    """Whether t's graph reaches a leaf that requires grad other than `inputs` and other
    than the copies of transforms run inside (an explicit stack: the graph is the
    user's)."""
    if not t.requires_grad:
        return False
    mine = {id(x) for x in inputs}
    if t.grad_fn is None:
        return id(t) not in mine and not _is_copy(t)
    from .graph import AccumulateGrad
    seen, stack = set(), [t.grad_fn]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if type(node) is AccumulateGrad:
            if id(node.variable) not in mine and not _is_copy(node.variable):
                return True
            continue
        stack.extend(n for n in node._next if n is not None)
    return False


def _detached(t):
    """t without its graph; inside an enclosing jvp's dual level, with its tangent (a
    transform's result stays a dual for the jvp around it, as functorch's levels keep it)."""
    out = t.detach()
    if forward_ad.ACTIVE[0]:
        tangent = forward_ad.tangent_of(t)
        if tangent is not None:
            forward_ad.give_tangent(out, tangent)
    return out


def _without_graph(t):
    """t and, inside an enclosing jvp, its tangent, both without a graph."""
    out = t.detach()
    if forward_ad.ACTIVE[0]:
        tangent = forward_ad.tangent_of(t)
        if tangent is not None:
            forward_ad.give_tangent(out, tangent.detach())
    return out


def _zeros_like(x):
    from ..ops.creation import zeros_like
    return zeros_like(x)


def _zeros(shape, like):
    from ..ops.creation import zeros
    return zeros(shape, dtype=like.dtype)


# How PyTorch's messages name each transform (jacrev and jacfwd run vjp and jvp)
_CALL = {"grad_and_value": "grad_and_value(f)(*args)", "vjp": "vjp(f, *primals)",
         "jvp": "jvp(f, primals, tangents)"}
_JVP = _CALL["jvp"]


def _split_aux(value, has_aux: bool, name: str):
    """(output, aux) of func's value; vjp and jvp check aux at once, grad_and_value after
    its checks of the output (`_check_aux`)."""
    if not has_aux:
        return value, None
    if not (isinstance(value, tuple) and len(value) == 2):
        raise TorchRuntimeError(f"{_CALL[name]}: output of function f should be a tuple: "
                                "(output, aux) if has_aux is True")
    if name != "grad_and_value":
        _check_aux(value[1])
    return value


def _check_aux(aux) -> None:
    """PyTorch's _undo_create_differentiable on aux: every leaf must be a tensor (None
    too is refused); a tuple that is no pytree node (a torch.Size) is taken as a tuple of
    its items."""
    Tensor = _tensor_type()
    pending = leaves(aux)
    while pending:
        leaf = pending.pop(0)
        if isinstance(leaf, tuple):
            pending[0:0] = leaves(tuple(leaf))
        elif not isinstance(leaf, Tensor):
            raise TorchRuntimeError(f"Expected tensors, got unsupported type {type(leaf)}")


def _check_tensor_output(flat, api: str, what: str = "f(*primals)") -> None:
    """PyTorch's assert_non_empty_tensor_output."""
    if not flat or (len(flat) == 1 and flat[0] is None):
        raise TorchRuntimeError(f"{api}: Expected f to be a function that has non-empty output "
                                f"(got output = {flat})")
    Tensor = _tensor_type()
    for o in flat:
        if not isinstance(o, Tensor):
            raise TorchRuntimeError(f"{api}: expected {what} to return only tensors, got "
                                    f"unsupported type {type(o)}")


# -- grad, vjp, jacrev: reverse mode ---------------------------------------------------------

def grad_and_value(func, argnums=0, has_aux: bool = False):
    """The function returning (gradient of func with respect to args[argnums], func's
    value); func must return a scalar tensor (and an auxiliary value with has_aux)."""
    def wrapper(*args, **kwargs):
        with _no_saved_hooks():
            return _grad_and_value(func, argnums, has_aux, args, kwargs)
    return named_after(wrapper, func)


def _no_saved_hooks():
    """PyTorch's refusal of saved-tensor hooks around grad, vjp and jacrev (active when they
    start, or entered in the function)."""
    from .hooks import disable_saved_tensors_hooks
    return disable_saved_tensors_hooks(
        "torch.func.{grad, vjp, jacrev, hessian} don't yet support saved tensor hooks. "
        "Please open an issue with your use case.")


def _grad_and_value(func, argnums, has_aux, args, kwargs):
    """grad_and_value(func, argnums, has_aux)(*args, **kwargs)."""
    nums = _wrapped_argnums(argnums, len(args))
    with _Level(args, nums) as level:
        value, aux = _split_aux(func(*level.args, **kwargs), has_aux, "grad_and_value")
        level.track((value, aux))
        Tensor = _tensor_type()
        if not isinstance(value, Tensor):
            raise TorchRuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to "
                                    f"return a Tensor, got {type(value)}")
        if value.dim() != 0:
            raise TorchRuntimeError(
                f"grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, "
                f"got tensor with {value.dim()} dims. Maybe you wanted to use the vjp or "
                "jacrev APIs instead?")
        if has_aux:
            _check_aux(aux)
        if not value.requires_grad:           # f does not depend on the inputs
            gs = tuple(_zeros_like(x) for x in level.inputs)
        else:
            gs = level.grads(value)
        gs = level.per_argument(level.out(gs))
        g = gs if isinstance(argnums, tuple) else gs[0]
        value = level.out(value)
        return (g, (value, level.out(aux))) if has_aux else (g, value)


def grad(func, argnums=0, has_aux: bool = False):
    """The function returning the gradient of func (a scalar) with respect to
    args[argnums] (and func's auxiliary value with has_aux)."""
    inner = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        g, value = inner(*args, **kwargs)
        return (g, value[1]) if has_aux else g
    return named_after(wrapper, func)


def vjp(func, *primals, has_aux: bool = False):
    """(func(*primals), vjp_fn): vjp_fn(cotangents), cotangents in the structure of the
    output, gives the vector-Jacobian products, a tuple with one per primal."""
    with _no_saved_hooks(), _Level(primals, tuple(range(len(primals))), link=True) as level:
        output, aux = _split_aux(func(*level.args), has_aux, "vjp")
        level.track((output, aux))
        flat = _vjp_outputs(output)

    def wrapper(cotangents, retain_graph=True, create_graph=None):
        """vjp_fn: the cotangents go to autograd.grad as PyTorch's do (its type and shape
        errors, indexed among the outputs that require grad), retain_graph too."""
        if treespec(cotangents) != treespec(output):
            raise TorchRuntimeError(
                "Expected pytree structure of cotangents to be the same as pytree structure "
                f"of outputs to the function. cotangents: {pprint(cotangents)}, primal "
                f"output: {pprint(output)}")
        for flag in (retain_graph, create_graph):
            _check_flag(flag)
        # PyTorch's create_graph defaults to grad mode at the call: under no_grad the
        # products have no graph, whatever the forward had
        graph = grad_mode.is_grad_enabled() if create_graph is None else create_graph
        cts = leaves(cotangents)
        with _Level((), (), wraps=False) as inner:      # vjp's level has ended
            inner.inputs = level.inputs
            inner.keep = level.keep or inner.keep or (graph and level.linked)
            inner.nested = level.nested or inner.nested
            inner.outer_used = level.outer_used
            live = [(o, ct) for o, ct in zip(flat, cts) if o.requires_grad]
            if not live:
                gs = tuple(_zeros_like(x) for x in level.inputs)
            else:
                gs = inner.grads([o for o, _ in live], [ct for _, ct in live],
                                 retain_graph=retain_graph, create_graph=graph)
            if not graph:
                gs = tuple(_detached(g) for g in gs)
            return level.per_argument(inner.out(gs))
    wrapper.__qualname__ = "_vjp_with_argnums.<locals>.wrapper"   # PyTorch's vjp_fn
    out = level.out(output)
    return (out, wrapper, level.out(aux)) if has_aux else (out, wrapper)


def _check_flag(flag) -> None:
    """A tensor given for vjp_fn's retain_graph or create_graph: PyTorch's engine reads it
    as a bool through an index, which only a one-element integer tensor has."""
    if isinstance(flag, _tensor_type()) and (
            flag.numel() != 1 or flag.is_floating_point() or flag.is_complex()):
        from ..errors import TorchTypeError
        raise TorchTypeError("only integer tensors of a single element can be converted to an "
                             "index")


def _vjp_outputs(output) -> list:
    """The output's tensors, checked as PyTorch's vjp checks them."""
    flat = leaves(output)
    _check_tensor_output(flat, "vjp(f, *primals)")
    for o in flat:
        if not (o.is_floating_point() or o.is_complex()):
            raise TorchRuntimeError(f"vjp(f, ...): All outputs of f must be floating-point or "
                                    f"complex Tensors, got Tensor with dtype {o.dtype}")
    return flat


def jacrev(func, argnums=0, *, has_aux: bool = False, chunk_size=None):
    """The function returning the Jacobian of func with respect to args[argnums], one
    reverse pass per output element: shape output.shape + input.shape, per output and
    per argument (chunk_size only groups PyTorch's passes; the values are the same)."""
    if not (chunk_size is None or chunk_size > 0):
        raise TorchValueError("jacrev: `chunk_size` should be greater than 0.")

    def wrapper(*args):
        _error_if_complex("jacrev", args, "inputs")
        with _no_saved_hooks():
            return _jacrev(func, argnums, has_aux, chunk_size, args)
    return named_after(wrapper, func)


def _jacrev(func, argnums, has_aux, chunk_size, args):
    """jacrev(func, argnums, has_aux=, chunk_size=)(*args), its inputs checked."""
    nums = _wrapped_argnums(argnums, len(args))
    with _Level(args, nums) as level:
        output, aux = _split_aux(func(*level.args), has_aux, "vjp")
        level.track((output, aux))
        flat = _vjp_outputs(output)
        _error_if_complex("jacrev", flat, "outputs")
        _check_chunks(flat, chunk_size)
        blocks = [level.per_argument(level.out(r)) for r in _rows(level, flat)]
    return _jacobian_result(blocks, output, argnums, level.out(aux) if has_aux else _NO_AUX)


_NO_AUX = object()


def _check_chunks(flat, chunk_size) -> None:
    """PyTorch splits the rows of the Jacobian into `[chunk_size] * n_chunks` when
    chunk_size is below the outputs' numel: a float chunk_size is refused there."""
    if chunk_size and not isinstance(chunk_size, int) \
            and chunk_size < sum(o.numel() for o in flat):
        from ..errors import TorchTypeError
        raise TorchTypeError(f"can't multiply sequence by non-int of type "
                             f"'{type(chunk_size).__name__}'")


def _error_if_complex(name: str, tree, what: str) -> None:
    """jacrev's and jacfwd's refusal of complex inputs (all the arguments) and outputs."""
    for idx, t in enumerate(leaves(tree)):
        if isinstance(t, _tensor_type()) and t.is_complex():
            raise TorchRuntimeError(f"{name}: Expected all {what} to be real but received "
                                    f"complex tensor at flattened input idx: {idx}")


def _jacobian_result(blocks, output, argnums, aux):
    """The Jacobian blocks (per output leaf, a tuple per argument) in PyTorch's nesting:
    the output's structure, then a tuple per argument when argnums is a tuple; with aux
    when has_aux."""
    if not isinstance(argnums, tuple):
        blocks = [b[0] for b in blocks]
    jac = rebuilt(output, iter(blocks))
    return jac if aux is _NO_AUX else (jac, aux)


def _rows(level, outputs):
    """d o / d input for each output o and input: shape o.shape + input.shape. Row k is one
    reverse pass from all outputs at once, the k-th element's cotangent 1 and every other
    0, as PyTorch's vmapped vjp runs it (a gradient then sums every output's part, signed
    zeros included)."""
    from ..ops.creation import eye
    from ..ops.shape import stack
    live = [o for o in outputs if o.requires_grad]
    sizes = [o.numel() for o in live]
    rows = []
    WRAPPED[-1] = "grad"        # PyTorch vmaps vjp's function once vjp's level has ended
    if live and sum(sizes):
        basis = eye(sum(sizes), dtype=live[0].dtype)
        flat = [o.reshape(-1) for o in live]
        for k in range(sum(sizes)):
            cts, start = [], 0
            for o, n in zip(live, sizes):
                cts.append(basis[k, start:start + n].to(o.dtype))
                start += n
            rows.append(level.grads(flat, cts))
    out, start = [], 0
    for o in outputs:
        shapes = [tuple(o.shape) + tuple(x.shape) for x in level.inputs]
        if not o.requires_grad or o.numel() == 0:
            out.append(tuple(_zeros(s, x) for s, x in zip(shapes, level.inputs)))
            continue
        mine = rows[start:start + o.numel()]
        start += o.numel()
        out.append(tuple(stack([r[i] for r in mine]).reshape(s) for i, s in enumerate(shapes)))
    return out


# -- jvp, jacfwd, linearize: forward mode ----------------------------------------------------

def jvp(func, primals, tangents, *, strict=False, has_aux: bool = False):
    """(func(*primals), the Jacobian-vector product with tangents), each in the structure of
    func's output: forward-mode AD, each tangent carried through func's ops (recording a
    graph when the product must be differentiable: inside another transform, or for a
    primal that requires grad). Inside an open dual level (a jvp of a jvp; gradcli has one
    level) it is computed by reverse mode twice."""
    flat_p, flat_t = _check_jvp_args(primals, tangents)
    if forward_ad._level[0] < 0:
        return _jvp_forward(func, primals, flat_p, flat_t, _JvpTangents(strict), has_aux)
    return _jvp_by_reverse(func, primals, flat_t, _JvpTangents(strict), has_aux)


def _check_jvp_args(primals, tangents):
    """The primals' and tangents' tensors, checked as PyTorch's _jvp_with_argnums and
    make_dual check them."""
    if not isinstance(primals, tuple):
        raise TorchRuntimeError(f"{_JVP}: Expected primals to be a tuple. E.g. it should be "
                                "valid to call f(*primals).")
    if treespec(primals) != treespec(tangents):
        raise TorchRuntimeError(
            f"{_JVP}: Expected primals and tangents to have the same python structure. For "
            "example, if primals is a tuple of 3 tensors, tangents also must be. Got primals "
            f"with structure {treespec(primals)} and tangents with structure "
            f"{treespec(tangents)}")
    flat_p, flat_t = leaves(primals), leaves(tangents)
    Tensor = _tensor_type()
    for what, flat in (("primals", flat_p), ("tangents", flat_t)):
        if not flat:
            raise TorchRuntimeError(f"{_JVP}: Expected {what} to contain at least one Tensor.")
        for t in flat:
            if not isinstance(t, Tensor):
                raise TorchRuntimeError(f"{_JVP}: Expected {what} to only contain Tensors, got "
                                        f"{type(t)}")
    for p, t in zip(flat_p, flat_t):
        for what, x in (("primal", p), ("tangent", t)):
            if not (x.is_floating_point() or x.is_complex()):
                raise TorchValueError(f"Expected {what} to be floating point or complex, but "
                                      f"got: {x.dtype}")
        if tuple(p.shape) != tuple(t.shape):
            raise TorchRuntimeError(f"Trying to set a forward gradient that has a different "
                                    f"size than that of the original Tensor, this is not "
                                    f"supported. Tensor is of size {list(p.shape)} while the "
                                    f"given forward gradient is of size {list(t.shape)}.")
    return flat_p, flat_t


def _unwrapped(p):
    """p detached, and not an inference tensor: functorch's wrapper of one is none (an op
    on inference tensors alone would skip forward AD)."""
    c = p.detach()
    c._is_inference = False
    return c


def _jvp_forward(func, primals, flat_p, flat_t, policy, has_aux):
    graph = grad_mode.is_grad_enabled() or _depth[0] > 0
    with _no_inference(), forward_ad.dual_level():
        duals = [forward_ad.make_dual(p if graph and p.requires_grad else _unwrapped(p), t)
                 for p, t in zip(flat_p, flat_t)]
        with transforming():
            output, aux = _split_aux(func(*rebuilt(primals, iter(duals))), has_aux, "jvp")
        flat = leaves(output)
        policy.check(flat)
        outs, tangents = [], []
        for k, o in enumerate(flat):
            if not isinstance(o, _tensor_type()):    # (linearize passes them on)
                outs.append(o)
                tangents.append(o)
                continue
            primal, tangent = forward_ad.unpack_dual(o)
            outs.append(_unpacked_primal(o) if graph and o.requires_grad else primal.detach())
            tangents.append(policy.tangent(k, tangent, primal))
        if has_aux:
            aux = mapped(_primal, aux)
    result = (rebuilt(output, iter(outs), plain_sizes=True),
              rebuilt(output, iter(tangents), plain_sizes=True))
    return result + (aux,) if has_aux else result


class _no_inference:
    """Inference mode off (it turns forward AD off too) while jvp's forward pass runs."""

    def __enter__(self):
        self.saved = grad_mode._inference[0]
        grad_mode._inference[0] = False

    def __exit__(self, *exc):
        grad_mode._inference[0] = self.saved
        return False


def _primal(t):
    return forward_ad.unpack_dual(t).primal.detach() if isinstance(t, _tensor_type()) else t


class _JvpTangents:
    """What jvp makes of func's outputs: tensors only, and zeros for the tangent of one that
    does not depend on the primals (refused with strict)."""

    def __init__(self, strict: bool):
        self.strict = strict

    def check(self, flat) -> None:
        _check_tensor_output(flat, _JVP)

    def tangent(self, k: int, tangent, primal):
        if tangent is not None:
            return tangent
        if self.strict:
            raise TorchRuntimeError(f"{_JVP[:-1]}, strict=True): The output of f is "
                                    "independent of the inputs. This is not allowed with "
                                    "strict=True.")
        return _zeros_like(primal)


class _LinearTangents:
    """What linearize's jvp_fn makes of them: PyTorch traces the jvp and folds what does
    not depend on the tangents into constants, so any output passes (a non-tensor as it
    is), and the tangent of an output that does not depend on the primals is the graph's
    folded constant: a Parameter of zeros, the same object at every call."""

    def __init__(self):
        self.constants = {}

    def check(self, flat) -> None:
        pass

    def tangent(self, k: int, tangent, primal):
        if tangent is not None:
            return tangent
        if k not in self.constants:
            from ..nn.parameter import Parameter
            self.constants[k] = Parameter(_zeros_like(primal).detach(), requires_grad=False)
        return self.constants[k]


def _jvp_by_reverse(func, primals, flat_t, policy, has_aux):
    """J t through two reverse passes: u -> J^T u is linear, so J t is the gradient in u
    of <J^T u, t>."""
    with _Level(primals, tuple(range(len(primals)))) as level:
        output, aux = _split_aux(func(*level.args), has_aux, "jvp")
        level.track((output, aux))
        flat = leaves(output)
        policy.check(flat)
        Tensor = _tensor_type()
        results = [policy.tangent(k, _jt(level, o, flat_t), o) if isinstance(o, Tensor) else o
                   for k, o in enumerate(flat)]
        res = level.out(rebuilt(output, iter(results), plain_sizes=True))
        out, aux = level.out(output), level.out(aux)
    if _depth[0] == 0:
        out = mapped(_unpacked_primal, out)
    return (out, res, aux) if has_aux else (out, res)


def _unpacked_primal(t):
    """An output that keeps a graph as PyTorch's jvp gives it back: the primal unpacked from
    its dual, an alias (`AliasBackward0`)."""
    from ..ops.shape import AliasBackward0
    from ..ops.core import apply
    if isinstance(t, _tensor_type()) and t.grad_fn is not None:
        return apply(AliasBackward0, (t,))
    return t


def _jt(level, o, tangents):
    """J t for one output o of the level (None when o does not depend on the inputs)."""
    from .engine import grad as autograd_grad
    if not o.requires_grad:
        return None
    u = _zeros_like(o).requires_grad_()
    vjps = autograd_grad([o], level.inputs, [u], retain_graph=True, create_graph=True,
                         allow_unused=True)
    total = None
    for g, t in zip(vjps, tangents):
        if g is not None:
            term = (g * t).sum()
            total = term if total is None else total + term
    if total is None or not total.requires_grad:
        return _zeros_like(o)
    (jt,) = autograd_grad([total], [u], retain_graph=True, create_graph=level.create,
                          allow_unused=True)
    return jt if jt is not None else _zeros_like(o)


def jacfwd(func, argnums=0, has_aux: bool = False, *, randomness="error"):
    """The Jacobian column by column: one jvp per element of the differentiated arguments,
    with the standard basis as tangents (PyTorch vmaps the same jvp over that basis, and
    `randomness` is vmap's)."""
    _check_randomness(randomness)

    def wrapper(*args):
        _error_if_complex("jacfwd", args, "inputs")
        nums = _wrapped_argnums(argnums, len(args))
        diff = tuple(args[i] for i in nums)
        primals = leaves(diff)
        for p in primals:
            if not isinstance(p, _tensor_type()):
                raise AttributeError(f"'{type(p).__name__}' object has no attribute 'numel'")

        def pushed(*flat):
            call = list(args)
            for i, a in zip(nums, rebuilt(diff, iter(flat))):
                call[i] = a
            return func(*call)
        columns, output, aux = _columns(pushed, tuple(primals), has_aux, randomness)
        blocks = [rebuilt(diff, iter(_blocks(o, [c[k] for c in columns], primals)))
                  for k, o in enumerate(leaves(output))]
        return _jacobian_result(blocks, output, argnums, aux)
    return named_after(wrapper, func)


def _columns(pushed, primals, has_aux, randomness):
    """(J e_k for each basis tangent e_k, as the flat outputs' tangents; the output; aux)."""
    columns, aux, output = [], _NO_AUX, None
    draws = _Randomness(randomness, size=sum(p.numel() for p in primals))
    for k, tangents in enumerate(_basis(primals)):
        # PyTorch vmaps the jvp over the basis: only the tangents are batched, so the
        # function may read its primals' values (`if t.sum() > 0`)
        with draws.slice(k), mapping("tangents"):
            result = jvp(pushed, primals, tangents, has_aux=has_aux)
        output = result[0]
        _error_if_complex("jacfwd", output, "outputs")
        if has_aux and aux is _NO_AUX:
            aux = result[2]
        columns.append(leaves(result[1]))
    if not columns:                               # no element to differentiate by
        result = jvp(pushed, primals, primals, has_aux=has_aux)
        output, aux = result[0], (result[2] if has_aux else aux)
    return columns, output, aux


def _basis(primals):
    """The standard basis of the primals' elements taken together, as tuples of tangents
    (one per primal: a one-hot tangent for the primal the element is in, zeros elsewhere)."""
    for i, p in enumerate(primals):
        for k in range(p.numel()):
            tangents = [_zeros_like(q) for q in primals]
            tangents[i].view(-1)[k] = 1
            yield tuple(tangents)


def _blocks(o, columns, primals):
    """d o / d p for each primal p (shape o.shape + p.shape), from the columns J e_k."""
    from ..ops.shape import stack
    out, k = [], 0
    for p in primals:
        n = p.numel()
        shape = tuple(o.shape) + tuple(p.shape)
        out.append(stack(columns[k:k + n], -1).reshape(shape) if n and columns
                   else _zeros(shape, o))
        k += n
    return out


def hessian(func, argnums=0):
    """jacfwd(jacrev(func)): the matrix of second derivatives of a scalar func."""
    return jacfwd(jacrev(func, argnums), argnums)


#: PyTorch's linearize traces the jvp with make_fx; folding its constants warns this once for
#: each primal (torch/fx/experimental/const_fold.py), every call
_GET_ATTR_WARNING = (
    "Attempted to insert a get_attr Node with no underlying reference in the owning "
    "GraphModule! Call GraphModule.add_submodule to add the necessary submodule, "
    "GraphModule.add_parameter to add the necessary Parameter, or nn.Module.register_buffer "
    "to add the necessary buffer")


def linearize(func, *primals):
    """(func(*primals), jvp_fn): jvp_fn(*tangents) is the Jacobian-vector product at the
    primals. PyTorch calls func once for the output and once to trace the jvp, which
    jvp_fn replays; gradcli traces nothing and runs the jvp at each call, which gives the
    same values (`_LinearTangents`: what the trace makes of outputs)."""
    output = func(*primals)
    flat_p = leaves(primals)
    for p in flat_p:
        if not isinstance(p, _tensor_type()):      # PyTorch makes tangents with new_empty
            raise AttributeError(f"'{type(p).__name__}' object has no attribute 'new_empty'")
    policy = _LinearTangents()
    _linear_part(func, primals, mapped(_zeros_like, primals), policy)     # the trace
    import warnings
    for _ in flat_p:        # what PyTorch's tracing of the jvp (its const folding) warns
        warnings.warn(_GET_ATTR_WARNING, UserWarning, stacklevel=1)
    spec = treespec(primals)

    def jvp_fn(*tangents):
        if treespec(tangents) != spec:
            raise TorchRuntimeError(f"Expected the tangents {treespec(tangents)} to have the "
                                    f"same argspec as the primals {spec}")
        for idx, (t, p) in enumerate(zip(leaves(tangents), flat_p)):
            for what, mine, theirs in (("shape", t.shape, p.shape), ("dtype", t.dtype, p.dtype)):
                if mine != theirs:
                    raise TorchRuntimeError(
                        f"tangent:{idx} with {what} {mine} in flattened pytree doesn't match "
                        f"the {what} {theirs} of the corresponding primal.")
        return _linear_part(func, primals, tangents, policy)
    return output, jvp_fn


def _linear_part(func, primals, tangents, policy):
    """The tangents of func's outputs as linearize's jvp_fn gives them."""
    flat_p, flat_t = _check_jvp_args(primals, tangents)
    if forward_ad._level[0] < 0:
        return _jvp_forward(func, primals, flat_p, flat_t, policy, False)[1]
    return _jvp_by_reverse(func, primals, flat_t, policy, False)[1]


# -- functionalize ------------------------------------------------------------------------------

def functionalize(func, *, remove: str = "mutations"):
    """func as PyTorch's functionalize runs it: the same values, in-place updates of the
    inputs applied to them at the end, and results that share no memory with an input
    (gradcli runs func eagerly, so each such result is a copy; with
    remove='mutations_and_views' no result is a view either)."""
    if remove not in ("mutations", "mutations_and_views"):
        raise TorchRuntimeError(
            "functionalize(f, remove='mutations'): received invalid argument for remove="
            f"{remove}. Valid options are:\n     remove='mutations': all inplace and out= "
            "operators will be removed from the program, and replaced with their "
            "out-of-place equivalents.\n     remove='mutations_and_views': In addition to the "
            "above, all aliasing operators {view} will be replaced with their non-aliasing "
            "counterparts, {view}_copy.\n")
    import functools
    import numpy as np

    @functools.wraps(func)
    def functionalized(*args, **kwargs):
        inputs = [t for t in leaves((args, kwargs)) if isinstance(t, _tensor_type())]
        out = func(*args, **kwargs)

        def fresh(t):
            if isinstance(t, _tensor_type()) and (
                    (remove == "mutations_and_views" and t._base is not None) or
                    any(np.may_share_memory(t._data, x._data) for x in inputs)):
                return t.clone()
            return t
        return mapped(fresh, out)
    return functionalized


# -- functional_call ----------------------------------------------------------------------------

def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *,
                    tie_weights=True, strict=False):
    """Call `module` with its parameters and buffers replaced, for this call only, by the
    tensors given by name (`"0.weight"` for a submodule's): a module as a function of its
    parameters, which `grad` and `vmap` can transform."""
    values = _merged_dicts(parameter_and_buffer_dicts)
    given = values
    if tie_weights:
        values = _untied(module, values)
    if strict:
        _check_keys(module, values)
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    swapped = {}
    try:
        for name, tensor in values.items():
            swapped[name] = _swap(module, name, tensor)
        return module(*args, **(kwargs or {}))
    finally:
        _restore(swapped, given)


def _restore(swapped, given) -> None:
    """Put back what functional_call swapped, in the order it swapped them, as PyTorch's
    _reparametrize_module does: a module reached under two names (`self.l2 = self.l1`, tied
    weights) recorded the given tensor as the second name's original, so that tensor stays
    in the module after the call. Tensors the call put in the module in place of the given
    ones are written back to the given dict."""
    now = {}
    for name, (table, attr, old) in swapped.items():
        if attr in table:
            now[name] = table[attr]
        if old is _ABSENT:
            table.pop(attr, None)
        else:
            table[attr] = old
    given.update({k: now[k] for k in given if k in now})


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


def _untied(module, values) -> dict:
    """tie_weights: a value given for one name of a tensor the module holds under several
    names (`l2.weight = l1.weight`) stands for all of them; two different values for one
    tied tensor are refused, as PyTorch's _untie_named_tensors_map does."""
    named = dict(module.named_parameters(remove_duplicate=False))
    named.update(module.named_buffers(remove_duplicate=False))
    names_of: dict = {}                       # id of a tensor -> its names
    for name, tensor in named.items():
        names_of.setdefault(id(tensor), set()).add(name)
    tied = {name: names for names in names_of.values() if len(names) > 1 for name in names}
    given = [name for name in values if name in tied]
    for name in given:
        names = tied[name]
        if len(names.intersection(given)) > 1 and \
                len({id(values[n]) for n in names if n in values}) != 1:
            raise TorchValueError(f"functional_call got multiple values for keys "
                                  f"{sorted(names)}, which are tied. Consider using "
                                  "tie_weights=False")
    untied = dict(values)
    for name in given:
        for other in tied[name]:
            untied[other] = values[name]
    return untied


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
    to put back (a value that is no tensor, None aside, is refused as PyTorch's
    swap_tensor refuses it)."""
    if tensor is not None and not isinstance(tensor, _tensor_type()):
        from ..errors import TorchTypeError
        raise TorchTypeError(f"{tensor} is not an instance of torch.Tensor")
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


# -- stack_module_state --------------------------------------------------------------------------

def ensemble(models, caller: str) -> list:
    """`models` as a list, checked as PyTorch checks a model ensemble (stack_module_state,
    functorch's combine_state_for_ensemble): at least one, one train/eval mode, one class."""
    from ..errors import TorchRuntimeError
    models = list(models)
    if not models:
        raise TorchRuntimeError(f"{caller}: Expected at least one model, got 0.")
    if not (all(m.training for m in models) or all(not m.training for m in models)):
        raise TorchRuntimeError(f"{caller}: Expected all models to have the same "
                                "training/eval mode.")
    if not all(type(m) is type(models[0]) for m in models):
        raise TorchRuntimeError(f"{caller}: Expected all models to be of the same class.")
    return models


def stack_module_state(models):
    """(params, buffers): each name's tensors from `models` (same class, same train/eval
    mode) stacked along a new first dim, as torch.func.stack_module_state gives them for
    `vmap` over a model ensemble; stacked parameters are new leaves that require grad."""
    models = ensemble(models, "stack_module_state")
    params = [dict(m.named_parameters()) for m in models]
    buffers = [dict(m.named_buffers()) for m in models]
    return ({k: _stacked_leaf([p[k] for p in params], k) for k in params[0]},
            {k: _stacked_leaf([b[k] for b in buffers], k) for k in buffers[0]})


def _stacked_leaf(tensors, name):
    from ..errors import TorchRuntimeError
    from ..ops.shape import stack
    wants = [t.requires_grad for t in tensors]
    if any(wants) and not all(wants):
        raise TorchRuntimeError(f"Expected {name} from each model to have the same "
                                ".requires_grad")
    result = stack(tensors)
    return result.detach().requires_grad_() if all(wants) else result


# -- batch norm under vmap, debug_unwrap ---------------------------------------------------------

def replace_all_batch_norm_modules_(root):
    """root with every batch norm module in it (root too) made to keep no running
    statistics, in place, so that vmap can run it: running_mean, running_var and
    num_batches_tracked become None and track_running_stats False (PyTorch's
    batch_norm_without_running_stats). Returns root."""
    from ..nn.modules.normalization import _BatchNorm
    for module in [root, *root.modules()]:
        if isinstance(module, _BatchNorm) and module.track_running_stats:
            module.running_mean = None
            module.running_var = None
            module.num_batches_tracked = None
            module.track_running_stats = False
    return root


def debug_unwrap(tensor, *, recurse=True):
    """The tensor a torch.func transform has wrapped (a BatchedTensor's, a
    GradTrackingTensor's), for debugging; gradcli wraps none, so the tensor itself."""
    return tensor
