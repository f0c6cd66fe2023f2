"""`torch.func.vmap`: a function mapped over a dimension of its arguments.

gradcli runs the function once per slice and stacks the results: the values PyTorch's
batching rules give. Arguments and results are pytrees (`pytree`), with `in_dims` and
`out_dims` checked and worded as PyTorch's. `randomness` is kept by watching the default
generator around each slice: 'error' refuses a function that drew from it, 'same' replays
the first slice's draws to every slice, 'different' has each draw of the first slice made
for the whole batch, as PyTorch draws it, and the later slices take their share
(`ops.rng.BatchDraws`). A backward pass run by a slice keeps its graph when another slice
of the same batched call follows (`RETAINING`): PyTorch's one batched pass frees it once.
"""
from __future__ import annotations

import numpy as np

from ..errors import TorchAssertionError, TorchRuntimeError, TorchTypeError, TorchValueError
from .pytree import broadcast, leaves, rebuilt, treespec


# vmapped functions running now: PyTorch refuses to read a batched tensor's values inside
# one (`refuse_data`, for Tensor.item/__bool__/tolist to call)
MAPPING = [0]
# torch.func transforms running now (vmap's slices, grad/vjp/jacrev levels, jvp's forward
# pass): a custom Function called inside one must have PyTorch's setup_context style
TRANSFORMS = [0]
# what functorch has wrapped now, innermost last: "all" inside a transform's level or a
# vmapped slice (every tensor there), "grad" while jacrev's rows run (PyTorch vmaps the vjp
# function after its level has ended: only the cotangents are batched). Wrapped tensors
# are "subclass-like", for which ATen's formulas take their composite branches.
WRAPPED = []
# the kind of each transform running now, innermost last: "vmap" for a vmapped slice,
# "tangents" for a column of jacfwd, "level" for any other (grad, vjp, jvp, jacrev); PyTorch
# words a refused read of a batched tensor differently when another transform runs inside
# the vmap
LEVELS = []
# vmapped slices running now that another slice of the same batched call (of the same chunk)
# follows: PyTorch runs that call's backward passes once, batched, so a pass run by such a
# slice keeps its graph whatever its retain_graph says, and the call's last slice frees it
# as PyTorch's batched pass does (the engine reads this)
RETAINING = [0]


def subclass_like(with_grad: bool = False) -> bool:
    """ATen's areAnyTensorSubclassLike on a formula's saved tensors (and, with_grad, on
    the incoming gradient too)."""
    return bool(WRAPPED) and (with_grad or "all" in WRAPPED)

_DATA_MESSAGES = {
    "item": "vmap: It looks like you're calling .item() on a Tensor. We don't support vmap "
            "over calling .item() on a Tensor, please try to rewrite what you're doing with "
            "other operations. If error is occurring somewhere inside PyTorch internals, please "
            "file a bug report.",
    "bool": "vmap: It looks like you're attempting to use a Tensor in some data-dependent "
            "control flow. We don't support that yet, please file an issue at "
            "https://github.com/pytorch/pytorch/issues .",
    "data": "Cannot access data pointer of Tensor that doesn't have storage",
    "inner": "vmap: It looks like you're either (1) calling .item() on a Tensor or (2) "
             "attempting to use a Tensor in some data-dependent control flow or (3) "
             "encountering this error in PyTorch internals. For (1): we don't support vmap "
             "over calling .item() on a Tensor, please try to rewrite what you're doing with "
             "other operations. For (2): we don't support data-dependent control flow in vmap "
             "yet, please file an issue at https://github.com/pytorch/pytorch/issues . For "
             "(3): please file an issue.",
}


class mapping:
    """A block that runs one slice of a vmapped function, or (kind "tangents") one column of
    jacfwd, where PyTorch batches only the tangents: ops refuse what they refuse under vmap,
    but the function may read its primals' values."""

    def __init__(self, kind: str = "vmap"):
        self.kind = kind

    def __enter__(self):
        MAPPING[0] += 1
        TRANSFORMS[0] += 1
        WRAPPED.append("all")
        LEVELS.append(self.kind)

    def __exit__(self, *exc):
        MAPPING[0] -= 1
        TRANSFORMS[0] -= 1
        WRAPPED.pop()
        LEVELS.pop()
        return False


class retaining:
    """A block that runs a vmapped slice another slice follows (see RETAINING)."""

    def __init__(self, more: bool):
        self.more = more

    def __enter__(self):
        RETAINING[0] += self.more

    def __exit__(self, *exc):
        RETAINING[0] -= self.more
        return False


class transforming:
    """A block inside a torch.func transform (see TRANSFORMS)."""

    def __enter__(self):
        TRANSFORMS[0] += 1
        WRAPPED.append("all")
        LEVELS.append("level")

    def __exit__(self, *exc):
        TRANSFORMS[0] -= 1
        WRAPPED.pop()
        LEVELS.pop()
        return False


def refuse_data(kind: str) -> None:
    """Inside a vmapped function, PyTorch's refusal to read a tensor's values: kind 'item'
    (item, float, int), 'bool' (if/while on a tensor) or 'data' (tolist, numpy). Under a
    grad or jvp level inside the vmap, PyTorch meets item and bool as one error."""
    if MAPPING[0] and "vmap" in LEVELS:
        if kind in ("item", "bool") and LEVELS[-1] != "vmap":
            kind = "inner"
        raise TorchRuntimeError(_DATA_MESSAGES[kind])


REQUIRES_GRAD_IN_TRANSFORM = (
    "You are attempting to call Tensor.requires_grad_() (or perhaps using "
    "torch.autograd.functional.* APIs) inside of a function being transformed by a functorch "
    "transform. This is unsupported, please attempt to use the functorch transforms (e.g. "
    "grad, vjp, jacrev, jacfwd, hessian) or call requires_grad_() outside of a function being "
    "transformed instead.")


def refuse_requires_grad() -> None:
    """PyTorch's refusal of Tensor.requires_grad_() while a torch.func transform runs (what
    torch.autograd.functional meets first there)."""
    if TRANSFORMS[0]:
        raise TorchRuntimeError(REQUIRES_GRAD_IN_TRANSFORM)


def _tensor_type():
    from .._tensor import Tensor
    return Tensor


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """func mapped over dimension in_dims of its arguments (None: not mapped), results
    stacked along out_dims. It runs func once per slice; `randomness` is PyTorch's: 'error'
    refuses a function that draws random numbers, 'same' gives every slice the same draws,
    'different' draws for all slices at once."""
    _check_randomness(randomness)
    if not (chunk_size is None or chunk_size > 0):
        raise TorchValueError(f"vmap: chunk_size should be None or greater than 0. (got "
                              f"{chunk_size})")
    name = _name(func)

    def wrapper(*args, **kwargs):
        _check_out_dims(out_dims, name)
        flat, dims, size = _batched_inputs(args, in_dims, name)
        if isinstance(chunk_size, float):         # PyTorch's [chunk_size] * n_chunks
            raise TorchTypeError("can't multiply sequence by non-int of type 'float'")
        if size == 0:
            return _empty_batch(func, args, flat, dims, kwargs, out_dims, name)
        draws = _Randomness(randomness, size=size,
                            chunk=chunk_size if isinstance(chunk_size, int) else None)
        unmapped = [(t, t._vnum) for t, d in zip(flat, dims)
                    if d is None and isinstance(t, _tensor_type())]
        chunk = chunk_size if isinstance(chunk_size, int) else size
        results, passed = [], []
        for k in range(size):
            given = [t if d is None else t.select(d, k) for t, d in zip(flat, dims)]
            passed.append({id(g): i for i, (g, d) in enumerate(zip(given, dims))
                           if d is not None})
            call = rebuilt(args, iter(given), plain_sizes=True)
            with draws.slice(k), retaining(k + 1 < size and (k + 1) % chunk != 0):
                with mapping():
                    results.append(func(*call, **kwargs))
            _check_unmapped(unmapped)
        joined = _unbatched(results, out_dims, name, (passed, flat, dims))
        if chunk_size is not None:
            _check_chunked_out_dims(results[0], out_dims)
        return joined
    return named_after(wrapper, func)


def _check_unmapped(unmapped) -> None:
    """PyTorch writes an in-place op on an argument that is not mapped (in_dims None) once
    for the whole batch, or refuses it when the value written is batched; gradcli, which
    runs one slice at a time, would write it once per slice: refused."""
    for t, version in unmapped:
        if t._vnum != version:
            raise TorchRuntimeError(
                "vmap: an argument that is not mapped (in_dim None) was modified in place; "
                "gradcli runs the function once per slice and cannot give PyTorch's batched "
                "result. Map the argument, or write into a copy")


_RANDOM_ERROR = ("vmap: called random operation while in randomness error mode. Please either "
                 "use the 'same' or 'different' randomness flags on vmap or perform the "
                 "randomness operation out of vmap")


#: what the vmap of torch._vmap_internals (torch.autograd.functional's forward mode) says
LEGACY_RANDOM_ERROR = ("vmap: We do not yet support calling random operations inside of vmap. "
                       "Please perform random operations outside of vmap as a workaround")


def _check_randomness(randomness) -> None:
    if randomness not in ("error", "different", "same"):
        raise TorchRuntimeError(f"Only allowed values for randomness are 'error', 'different', "
                                f"or 'same'. Got {randomness}")


class _Randomness:
    """The generators around each slice's call (gradcli runs a batch slice by slice):
    'error' refuses a call that drew from the default one, 'same' starts every slice from
    the state the first one started from, so all get the first one's draws; 'different'
    with the batch's `size` has each draw of the first slice made for the whole batch (of
    each chunk of `chunk` slices, as PyTorch runs a chunked vmap), the later slices taking
    their share (ops.rng.BatchDraws)."""

    def __init__(self, mode: str, refusal: str = None, size: int = 0, chunk=None):
        from ..ops.creation import rng_snapshot
        self.mode = mode
        self.start = rng_snapshot()
        self.refusal = refusal or _RANDOM_ERROR
        self.size, self.chunk, self.batch = size, chunk or size, None

    def slice(self, k: int):
        return _RandomnessSlice(self, k)

    def batch_of(self, k: int):
        """The draws slice k shares ('different' only), ready for it."""
        if self.mode != "different" or not self.size:
            return None
        from ..ops.rng import BatchDraws
        if k % self.chunk == 0:
            self.batch = BatchDraws(min(self.chunk, self.size - k))
        self.batch.start(k % self.chunk)
        return self.batch


class _RandomnessSlice:
    def __init__(self, owner, k):
        self.owner, self.k = owner, k

    def __enter__(self):
        from ..ops.creation import rng_restore, rng_snapshot
        if self.owner.mode == "same" and self.k:
            rng_restore(self.owner.start)
        self.before = rng_snapshot()
        self.batch = self.owner.batch_of(self.k)
        if self.batch is not None:
            from ..ops.rng import BATCHES
            BATCHES.append(self.batch)

    def __exit__(self, kind, *exc):
        from ..ops.creation import rng_restore, rng_snapshot
        if self.batch is not None:
            from ..ops.rng import BATCHES
            BATCHES.pop()
        if self.owner.mode == "error" and _drew(self.before, rng_snapshot()):
            # PyTorch refuses before drawing, so before any error raised after the draw
            rng_restore(self.before)
            raise TorchRuntimeError(self.owner.refusal) from None
        return False


def _drew(before, after) -> bool:
    """Whether the default stream moved between two snapshots (a reseeding is no draw)."""
    (seed0, state0), (seed1, state1) = before, after
    if seed0 != seed1 or state1 is None:
        return False
    if state0 is None:
        return True
    (engine0, normal0), (engine1, normal1) = state0, state1
    s0, s1 = engine0["state"], engine1["state"]
    return s0["pos"] != s1["pos"] or normal0 != normal1 or \
        not np.array_equal(s0["key"], s1["key"])


def _name(func) -> str:
    return getattr(func, "__name__", None) or repr(func)


def named_after(wrapper, func):
    """`wrapper` given func's __name__ and __qualname__, as PyTorch's transforms are by
    functools.wraps (a vmap of grad(f) names f in its messages, and a call with a keyword
    argument the wrapper does not take names f in Python's TypeError)."""
    name = getattr(func, "__name__", None)
    qualname = getattr(func, "__qualname__", None)
    if isinstance(name, str):
        wrapper.__name__ = name
    if isinstance(qualname, str) or isinstance(name, str):   # a formula's function: its name
        wrapper.__qualname__ = qualname if isinstance(qualname, str) else name
    return wrapper


def _check_out_dims(out_dims, name) -> None:
    if isinstance(out_dims, int):
        return
    if not all(d is None or isinstance(d, int) for d in leaves(out_dims)):
        raise TorchValueError(f"vmap({name}, ..., out_dims={out_dims}): `out_dims` must be an "
                              "int, None or a python collection of ints representing where in "
                              "the outputs the vmapped dimension should appear.")


def _batched_inputs(args, in_dims, name):
    """(the arguments' leaves, the in_dim of each, the batch size), checked as PyTorch's
    _process_batched_inputs checks them."""
    head = f"vmap({name}, in_dims={in_dims}, ...)(<inputs>)"
    if not isinstance(in_dims, (int, tuple)):
        raise TorchValueError(f"{head}: expected `in_dims` to be int or a (potentially nested) "
                              f"tuple matching the structure of inputs, got: {type(in_dims)}.")
    if not args:
        raise TorchValueError(f"vmap({name})(<inputs>): got no inputs. Maybe you forgot to add "
                              "inputs, or you are trying to vmap over a function with no "
                              "inputs. The latter is unsupported.")
    flat = leaves(args)
    dims = broadcast(in_dims, args)
    if dims is None:
        raise TorchValueError(f"{head}: in_dims is not compatible with the structure of "
                              f"`inputs`. in_dims has structure {treespec(in_dims)} but inputs "
                              f"has structure {treespec(args)}.")
    Tensor = _tensor_type()
    sizes = []
    for a, d in zip(flat, dims):
        if d is None:
            continue
        if not isinstance(d, int):
            raise TorchValueError(f"{head}: Got in_dim={d} for an input but in_dim must be "
                                  "either an integer dimension or None.")
        if not isinstance(a, Tensor):
            raise TorchValueError(f"{head}: Got in_dim={d} for an input but the input is of "
                                  f"type {type(a)}. We cannot vmap over non-Tensor arguments, "
                                  "please use None as the respective in_dim")
        n = a.dim()
        if not -n <= d < n:
            raise TorchValueError(f"{head}: Got in_dim={d} for some input, but that input is a "
                                  f"Tensor of dimensionality {n} so expected in_dim to satisfy "
                                  f"-{n} <= in_dim < {n}.")
        if isinstance(d, bool):                 # PyTorch reads the size with a.size(d)
            raise TorchTypeError("size(): argument 'dim' (position 1) must be int, not bool")
        sizes.append(a.shape[d])
    if not sizes:
        raise TorchValueError("vmap: Expected at least one Tensor to vmap over")
    if any(s != sizes[0] for s in sizes):
        raise TorchValueError(f"vmap: Expected all tensors to have the same size in the mapped "
                              f"dimension, got sizes {sizes} for the mapped dimension")
    return flat, dims, sizes[0]


def _unbatched(results, out_dims, name, given=None):
    """The slices' results joined: each leaf of the output structure stacked along its
    out_dim, or (out_dim None) given as it is when it is not batched. A leaf that is in
    every slice the slice of one argument the function was given (`given`: the ids of each
    slice's mapped arguments, the arguments, their in_dims) is that argument, its batch
    dim moved to out_dim (the argument itself where they agree), as PyTorch unwraps it."""
    first = results[0]
    spec = treespec(first)
    for r in results[1:]:
        if treespec(r) != spec:
            raise TorchValueError(f"vmap({name}, ...): the outputs of `{name}` have a different "
                                  "structure for different elements of the batch")
    dims = _out_dims_of(out_dims, first)
    if dims is None:
        raise TorchValueError(f"vmap({name}, ..., out_dims={out_dims})(<inputs>): out_dims is "
                              "not compatible with the structure of `outputs`. out_dims has "
                              f"structure {treespec(out_dims)} but outputs has structure "
                              f"{spec}.")
    columns = list(zip(*[leaves(r) for r in results]))
    joined = [_joined(list(c), d, name) for c, d in zip(columns, dims)]
    if given is not None:
        joined = [_passed_through(c, d, j, given) for c, d, j in zip(columns, dims, joined)]
    return rebuilt(first, iter(joined), plain_sizes=True)


def _passed_through(column, out_dim, value, given):
    """`value`, or the argument whose slices `column` is (see _unbatched)."""
    passed, flat, dims = given
    if out_dim is None or not isinstance(value, _tensor_type()):
        return value
    at = passed[0].get(id(column[0]))
    if at is None or any(p.get(id(v)) != at for p, v in zip(passed, column)):
        return value
    source, n = flat[at], value.dim()
    src, dst = dims[at] % n, out_dim % n
    return source if src == dst else source.movedim(src, dst)


def _out_dims_of(out_dims, output):
    """The out_dim of each leaf of the output: PyTorch lets a one-element tuple stand for the
    out_dim of an output that is a single tensor."""
    if isinstance(output, _tensor_type()) and isinstance(out_dims, tuple) and \
            len(out_dims) == 1:
        return list(out_dims)
    return broadcast(out_dims, output)


def _check_chunked_out_dims(output, out_dims) -> None:
    """PyTorch joins the chunks of a chunked vmap with torch.cat along each out_dim, which
    refuses None and a one-element tuple standing for a single output's out_dim."""
    dims = broadcast(out_dims, output)
    if dims is None:
        raise TorchAssertionError("flat_out_dims must not be None")
    Tensor = _tensor_type()
    for value, d in zip(leaves(output), dims):
        if not isinstance(value, Tensor):
            raise TorchTypeError(f"expected Tensor as element 0 in argument 0, but got "
                                 f"{type(value).__name__}")
        if d is None:
            raise TorchTypeError("cat(): argument 'dim' must be int, not NoneType")


def _unbatched_value(values) -> bool:
    """Whether the slices' results for an output are one value PyTorch would not have
    batched: the same object, or tensors made in each slice (torch.ones(2), a 'same' random
    draw) equal in dtype, shape and value. gradcli runs slice by slice and does not know
    what depends on the mapped arguments: equal values are taken for an unbatched one."""
    first = values[0]
    if all(v is first for v in values):
        return True
    Tensor = _tensor_type()
    return all(isinstance(v, Tensor) and v.dtype == first.dtype and v.shape == first.shape
               and np.array_equal(v._data, first._data, equal_nan=True) for v in values)


def _joined(values, out_dim, name):
    from ..ops.shape import stack
    Tensor = _tensor_type()
    first = values[0]
    if out_dim is None:
        if not isinstance(first, Tensor) or _unbatched_value(values):
            return first
        raise TorchValueError(f"vmap({name}, ...): `{name}` can not return a BatchedTensor when "
                              "out_dim is None")
    if not isinstance(first, Tensor):
        raise TorchValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type "
                              f"{type(first)}. Did you mean to set out_dims= to None for "
                              "output?")
    return stack(values, int(out_dim))         # True stands for 1, as in PyTorch


def _empty_batch(func, args, flat, dims, kwargs, out_dims, name):
    """A batch of size 0: func runs once on zeros shaped as one slice (for the shapes of its
    results), and each result gets a batch dimension of size 0."""
    from ..ops.creation import zeros
    call = rebuilt(args, iter([t if d is None else zeros(
        tuple(t.shape[:d % t.dim()]) + tuple(t.shape[d % t.dim() + 1:]), dtype=t.dtype)
        for t, d in zip(flat, dims)]), plain_sizes=True)
    joined = _unbatched([func(*call, **kwargs)], out_dims, name)
    Tensor = _tensor_type()
    dims_out = _out_dims_of(out_dims, joined)
    return rebuilt(joined, iter([
        v.narrow(d, 0, 0) if isinstance(v, Tensor) and d is not None else v
        for v, d in zip(leaves(joined), dims_out)]))
