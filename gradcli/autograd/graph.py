"""Backward-graph nodes: `Node` (every `grad_fn`), `AccumulateGrad` (leaves), hook handles.

A `Node` is created by every recorded operation. Its class name is PyTorch's node name
(`MulBackward0`), `next_functions` gives one `(node, input_nr)` pair per tensor input, and
saved tensors carry the version they had when saved, so an in-place change is caught when
the backward pass unpacks them. Saved tensors are released after a backward pass unless
`retain_graph` was asked for; a node that saved nothing can run again, as in PyTorch.
A leaf's `grad_dtype`, when a program set one, is kept here (`GRAD_DTYPES`).
"""
from __future__ import annotations

import itertools
import re
import sys
import weakref

import numpy as np

from ..errors import TorchRuntimeError
from ..dtypes import BF16_NP as _BF16, BF16_USED as _BF16_USED

_seq = itertools.count()
ACCUMULATE_SEQ = 1 << 62          # leaves run as soon as they are ready, as in PyTorch
# `_in_meta` of a node whose 1, 2 or 3 inputs are all 0-d float64: `ops.core` gives every
# such node these very tuples, of a class of their own, so
# `node._in_meta.__class__ is ScalarMetas` tells the engine that `scalar_backward` applies.


class ScalarMetas(tuple):
    """A node's input metas when every input is a 0-d float64 (equal to the plain tuple)."""

    __slots__ = ()


SCALAR_METAS = tuple(ScalarMetas((((), np.dtype(np.float64)),) * n) for n in range(4))

BACKWARD_TWICE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward.")
# How PyTorch's messages shorten a node name: "Backward" and a final 0 go, another
# overload number stays (MulBackward0 -> Mul, TBackward1 -> T1)
_NODE_SUFFIX = re.compile(r"Backward(0$|(?=\d+$)|$)")


class RemovableHandle:
    """Returned by `register_hook`; `remove()` takes the hook away again."""

    __gradcli_safe__ = True
    __torch_name__ = "torch.utils.hooks.RemovableHandle"
    _ids = itertools.count()

    def __init__(self, hooks: list, entry):
        hooks.append(entry)
        self._hooks = hooks
        self._entry = entry
        self.id = next(self._ids)

    def remove(self) -> None:
        try:
            self._hooks.remove(self._entry)
        except ValueError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()
        return False

    def __repr__(self):
        return f"<torch.utils.hooks.RemovableHandle object at {hex(id(self))}>"


def _type_string(t) -> str:
    shape = ", ".join(str(s) for s in t._data.shape)
    legacy = t.dtype.legacy
    # no legacy tensor type (bool, bfloat16, complex): ATen's type name
    if legacy in ("Bool", "BFloat16") or legacy.startswith("Complex"):
        return f"CPU{legacy}Type [{shape}]"
    return f"torch.{legacy}Tensor [{shape}]"


class Node:
    """A step of the backward graph (a `grad_fn`)."""

    __gradcli_safe__ = True
    __slots__ = ("_next", "_next_nr", "_seq_nr", "_saved", "_saved_ver", "_in_meta",
                 "_hooks", "_released", "__dict__", "__weakref__")
    save_inputs: tuple = ()       # indices of inputs the backward rule needs
    # None, or for each entry of save_inputs the inputs whose gradient uses it: that saved
    # input is kept only when one of them requires grad, else saved as None (PyTorch saves
    # no more than that, so `a * 2.0` does not hold on to `a` or mind `a` changing in place)
    saved_if: tuple = None
    save_output = False           # whether the backward rule needs the result
    saved_results: tuple = ()     # which results it needs, of several (save_output set too)
    result_names: tuple = ()      # PyTorch's names for those (`_saved_<name>`), if not result<i>
    plain_outputs: tuple = ()     # results that are not differentiable (pivots, a permutation)
    differentiable = True
    is_view = False               # the result shares memory and version counter with input 0
    n_outputs = 1
    # One input, and each result element depends on the same input element only (a diagonal
    # Jacobian): forward AD's tangent is then the backward rule applied to the tangent
    elementwise = False
    # A bfloat16 or float16 op whose results take input 0's dtype, whatever its other inputs'
    # (the normalizations' float32 weights)
    result_like_input = False
    # The outputs (by position) that LAPACK writes and PyTorch returns column-major: each
    # matrix in Fortran order, batches outermost (a (4, 3) Q of qr has strides (1, 4))
    column_major: tuple = ()
    # The ranks (4: channels_last, 5: channels_last_3d) at which the results take the
    # memory format input 0's strides suggest, as ATen allocates them with
    # `suggest_memory_format()` (pools, pads, upsampling, group_norm); `format_from`: "any"
    # (a convolution: input or weight) or "all" (cat: every input) instead of input 0
    input_format: tuple = ()
    format_from = "first"
    # Forward AD: the op is linear in its float inputs (its tangent is the op applied to
    # the tangents), or a product linear in each of its inputs (two, or _trilinear's three)
    linear = False
    bilinear = False
    # Forward AD: the words of a product's dtype check (`ops.linalg._same_dtype`), which its
    # formula's products meet when a tangent's dtype is not its primal's
    same_dtype = ""
    # Forward AD: an input without a tangent takes zeros in the op's formula, as PyTorch's
    # matrix products and convolutions materialize its efficient zero tensor there (so a
    # tangent of A @ B is nan where B's primal is inf and A has none), where mul, dot and
    # the like skip the term
    zero_tangents = False
    # Forward AD under legacy vmap (autograd.functional's forward-mode jacobian): the error of
    # an op whose PyTorch forward formula calls an op that vmap can neither batch nor fall
    # back on (max pools' `flatten`, block_diag's tensor list)
    legacy_vmap_refusal = ""
    # The forward on Python floats, for 0-d float64 inputs: `ops.core.apply` uses it instead
    # of a NumPy ufunc call (several times slower on one number) when it raises nothing and
    # gives a finite result, which IEEE arithmetic makes bit-identical to NumPy's.
    scalar = None
    # The backward on Python floats, the same operations in the same order as `backward`:
    # `scalar_backward(g)` -> one float (or None) per input, or None as a whole when a result
    # would not be finite (the engine then runs `backward`, which gives NumPy's inf or nan).
    # The engine uses it for nodes whose inputs are 0-d float64 when no graph of the
    # backward is built, and only with a finite g.
    scalar_backward = None
    # The backward on NumPy arrays, for a pass that builds no graph of the backward: the same
    # NumPy calls in the same order as `backward` makes through tensor ops, without the
    # tensors between them. `array_backward(g)` -> a tuple of one tensor (or None) per
    # input, each of its input's shape and dtype, or None as a whole where it does not apply
    # (`backward` then runs). The engine uses it for gradients of 1 to 4095 elements, where
    # the tensor ops cost more than their arithmetic, when nothing could tell the difference:
    # no graph, hooks, saved-tensor hooks, observers, anomaly mode or limits.
    array_backward = None
    # What else PyTorch saves, by its names, that gradcli's rule does not read from `saved`
    # (nll_loss's target and weight, kept in another form): `shadow(name)` gives each (a
    # tensor, or None where PyTorch's is undefined) when `_saved_<name>` is read, and
    # saved-tensor hooks pack them in PyTorch's order, among the inputs' names (`shadows`)
    # or the results' (`shadow_results`)
    shadows: tuple = ()
    shadow_results: tuple = ()
    _extra = None                 # see `extra`; _RELEASED after release
    _fn_cls = None                # the custom Function class of a FunctionCtx node
    _hooked = False               # whether saved-tensor hooks packed what it saved (`hooks`)

    def __gradcli_setattr__(self, name: str, value) -> None:
        """`grad_fn.name = value` in a formula: PyTorch's built-in nodes take no attributes
        (a custom Function's ctx does: `function.FunctionCtx`)."""
        raise AttributeError(f"'{self.name()}' object has no attribute '{name}'")

    # -- the op protocol: subclasses define forward (NumPy) and backward (tensor ops) ----
    def forward(self, *arrays):
        raise NotImplementedError

    def backward(self, *grads):
        raise TorchRuntimeError(f"derivative for {self.name()} is not implemented")

    def shadow(self, name: str):
        """The tensor PyTorch saves as `name` (one of `shadows`, `shadow_results`)."""
        return self.__dict__.get(name)

    def shadow_undefined(self, name: str) -> bool:
        """Whether shadow `name` stands for an optional tensor not given (None, even once
        freed)."""
        return False

    def undefined(self, i: int) -> bool:
        """Whether saved input i stands for an optional tensor not given (PyTorch's is
        undefined: `_saved_<name>` None, nothing packed)."""
        return False

    def needs(self, i: int) -> bool:
        """Whether input i needs a gradient (lets a rule skip expensive work)."""
        return self._next[i] is not None

    # The edges are kept as two flat tuples, `_next` (the nodes, None where no gradient
    # flows) and `_next_nr` (their input numbers): a long forward pass makes one object per
    # node for them instead of one per input more, which the garbage collector rescans.
    @property
    def next_functions(self) -> tuple:
        return tuple(zip(self._next, self._next_nr))

    @next_functions.setter
    def next_functions(self, pairs) -> None:
        self._next = tuple(n for n, _ in pairs)
        self._next_nr = tuple(nr for _, nr in pairs)

    # -- PyTorch's public Node API -------------------------------------------------------
    # PyTorch's C++-only nodes (AccumulateGrad, CopySlices, CopyBackwards) give their name()
    # as `torch::autograd::CopySlices`, while their repr and a tensor's grad_fn=<...> show
    # the bare class name (as gradcli's reports do)
    _qualified = False

    def name(self) -> str:
        n = type(self).__name__
        return "torch::autograd::" + n if self._qualified else n

    @property
    def metadata(self) -> dict:
        d = self.__dict__.get("_metadata")
        if d is None:
            d = self.__dict__["_metadata"] = {}
        return d

    def __call__(self, *grads, **kwargs):
        """Run the backward rule on `grads` (one per output), as calling a PyTorch node does:
        a graph of it is built when grad mode is on; one gradient per input (None where
        none flows), alone when the node has one input."""
        from .engine import call_directly
        return call_directly(self, grads, kwargs)

    def register_hook(self, fn):
        """fn(grad_inputs, grad_outputs) -> new grad_inputs or None, run after this node."""
        return RemovableHandle(self._hook_list("post"), fn)

    def register_prehook(self, fn):
        """fn(grad_outputs) -> new grad_outputs or None, run before this node."""
        return RemovableHandle(self._hook_list("pre"), fn)

    def _hook_list(self, kind, key=None):
        hooks = self._hooks
        if hooks is None:
            hooks = self._hooks = {}
        return hooks.setdefault(kind if key is None else (kind, key), [])

    def __repr__(self):
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    # -- saved tensors --------------------------------------------------------------------
    @property
    def saved(self) -> tuple:
        """The saved tensors, checked against in-place changes and release."""
        saved = self._saved
        if saved is None:
            if self._released:
                raise TorchRuntimeError(BACKWARD_TWICE)
            return ()
        if self._hooked:
            from .hooks import unpack_all
            return unpack_all(self)
        if not self.save_output:
            for t, version in zip(saved, self._saved_ver):
                if t is not None and t._vbox is not None and t._vbox[0] != version:
                    self._refuse_modified()
            return saved
        out = []
        for item, version in zip(saved, self._saved_ver):
            t = item if not isinstance(item, _SavedOutput) else item.tensor
            if t is not None and t._vnum != version:
                self._refuse_modified()
            out.append(item.unpack(self) if isinstance(item, _SavedOutput) else item)
        return tuple(out)

    def _refuse_modified(self):
        """PyTorch's error for the first saved tensor changed in place, in the order its
        node unpacks them (derivatives.yaml's names sorted, `other` before `self`)."""
        from .hooks import _order
        saved = self._saved
        for k in _order(self, saved):
            item, version = saved[k], self._saved_ver[k]
            t = item.tensor if isinstance(item, _SavedOutput) else item
            if t is not None and t._vnum != version:
                raise TorchRuntimeError(_modified_message(t, version, item, self))

    def __getattr__(self, name):
        """PyTorch's `_saved_<name>` view of what the node keeps (`y.grad_fn._saved_self`,
        `_saved_result`, `_saved_other`, `_saved_dim`, `_saved_self_sym_sizes` ...)."""
        if name.startswith("_saved_"):
            return _saved_attribute(self, name[7:])
        if name.startswith("_raw_saved_"):
            return _saved_attribute(self, name[11:], raw=True)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def _release(self) -> None:
        if self._saved is not None:
            self._saved = None
            self._released = True
        if self._extra is not None:
            self._extra = _RELEASED
            self._released = True

    @property
    def extra(self):
        """Arrays the forward kept for the backward (masks, indices), released with the rest."""
        extra = self._extra
        if extra is _RELEASED:
            raise TorchRuntimeError(BACKWARD_TWICE)
        watched = self.__dict__.get("_watched")
        if watched:
            for t, version in watched:
                if t._vnum != version:
                    raise TorchRuntimeError(_modified_message(t, version, t, self))
        if self._hooked and extra is not None:
            from .hooks import unpacked_extra
            return unpacked_extra(self)
        return extra


_RELEASED = object()


def watched(*tensors) -> tuple:
    """For an op's `_watched` parameter: each tensor (of `tensors` that are tensors) whose
    array the node keeps in `extra` (an index, a mask) with its version, which `extra` then
    checks as PyTorch checks its saved variables (an index changed in place: its error)."""
    return tuple((t, t._vnum) for t in tensors if hasattr(t, "_vbox"))


def watch_indices(values, indices) -> None:
    """Have the node that made `values` check `indices`, the result given back beside them
    (kept as an array in its `extra`), against in-place changes, as PyTorch checks the
    indices it saves (`sort`, `topk`, `max(dim)`, `cummax` ...)."""
    node = values.grad_fn
    if node is not None:
        node._watched = node.__dict__.get("_watched", ()) + watched(indices)


# Names PyTorch gives the saved inputs of a node, by input position, where they are not
# ("self", "other"): aten's argument names
_SAVED_NAMES = {
    "MmBackward0": ("self", "mat2"), "BmmBackward0": ("self", "mat2"),
    "MvBackward0": ("self", "vec"), "DotBackward0": ("self", "tensor"),
    "AddmmBackward0": ("self", "mat1", "mat2"), "MseLossBackward0": ("self", "target"),
    "SmoothL1LossBackward0": ("self", "target"), "HuberLossBackward0": ("self", "target"),
    "BinaryCrossEntropyBackward0": ("self", "target"), "PowBackward1": ("self", "exponent"),
    "WhereBackward0": ("condition", "self", "other"), "LinalgDetBackward0": ("A",),
    "ConvolutionBackward0": ("input", "weight", "bias"), "PowBackward2": ("exponent",),
    "CdistBackward0": ("x1", "x2"), "ClampBackward0": ("self", "min", "max"),
    "AddcmulBackward0": ("self", "tensor1", "tensor2"),
    "AddcdivBackward0": ("self", "tensor1", "tensor2"),
    "TrilinearBackward0": ("i1", "i2", "i3"),
    "NativeLayerNormBackward0": ("input", "weight", "bias"),
    "LerpBackward1": ("self", "end", "weight"), "AddmvBackward0": ("self", "mat", "vec"),
    "BaddbmmBackward0": ("self", "batch1", "batch2"), "IndexAddBackward0": ("self", "source"),
    "IndexCopyBackward0": ("self", "source"), "LinalgSlogdetBackward0": ("A",),
    "PutBackward0": ("self", "source"),
    "ScatterReduceBackward0": ("self", "src"), "IndexReduceBackward0": ("self", "source"),
    "LinalgLuSolveBackward0": ("LU", "B"),
    "LinalgSolveExBackward0": ("A", "B"), "LinalgLstsqBackward0": ("self", "b"),
    "TriangularSolveBackward0": ("self", "A"), "CholeskySolveBackward0": ("self", "input2"),
    "LinalgHouseholderProductBackward0": ("input", "tau"),
    "GridSampler2DBackward0": ("input", "grid"),
    "NativeBatchNormBackward0": ("input", "weight", "bias"),
    "NativeGroupNormBackward0": ("input", "weight", "bias"), "XlogyBackward1": ("other",),
    "BinaryCrossEntropyWithLogitsBackward0": ("self", "target"),
}


# gradcli's name of a node's constant where PyTorch's `_saved_<name>` differs
_PARAM_NAMES = {"dim": "dims", "ord": "p", "dim0": "d0", "dim1": "d1", "dim2": "d2",
                "repeats": "reps", "dimension": "d"}
# PyTorch keeps a loss's reduction as its at::Reduction number
_REDUCTIONS = {"none": 0, "mean": 1, "sum": 2}
# ... where the name depends on the node (`2 ** x` keeps its base as `self`)
_NODE_PARAM_NAMES = {("PowBackward2", "self"): "base", ("XlogyBackward1", "self"): "x",
                     ("XlogyBackward2", "other"): "y"}
# constants whose default value the node class holds (`x + y` saves alpha=1)
_CLASS_PARAMS = ("alpha", "pivot")


def saved_names(node) -> tuple:
    """PyTorch's names of node's inputs, by position (`_saved_<name>`)."""
    return _SAVED_NAMES.get(type(node).__name__, ("self", "other", "third"))


def _saved_attribute(node, key: str, raw: bool = False):
    """`_saved_<key>` of node, or with `raw` its `_raw_saved_<key>` (a `SavedTensor`). A node
    PyTorch has answers only the names PyTorch's answers (`ops._saved_names`)."""
    known = _torch_saved(type(node).__name__)
    if known is not None and key not in (known[0] if raw else known[0] + known[1]):
        prefix = "_raw_saved_" if raw else "_saved_"
        raise AttributeError(f"'{type(node).__name__}' object has no attribute '{prefix}{key}'")
    if raw and known is not None and _saved_index(node, key) is None:
        return _raw_derived(node, key)
    return _gradcli_saved(node, key, raw)


def _torch_saved(name: str):
    from ..ops._saved_names import saved_table
    return saved_table().get(name)


def _raw_derived(node, key: str):
    """`_raw_saved_<key>` of a tensor gradcli keeps in another form than a saved input or
    result (an index in `extra`, a shadow): a SavedTensor, or a tuple of them for a list."""
    from . import hooks
    try:
        value = getattr(node, "_saved_" + key)   # (a node's own property, or as above)
    except TorchRuntimeError:
        value = None                            # (released: PyTorch's is still there)
    if isinstance(value, (list, tuple)):
        return tuple(hooks.SavedTensor(node, (key, i)) for i in range(len(value)))
    return hooks.SavedTensor(node, key)


def _saved_index(node, key: str):
    """Where `_saved_<key>` is in node's `_saved` (a saved input or result), else None."""
    names = saved_names(node)
    if key == "result" and node.save_output and not node.saved_results:
        return len(node.save_inputs)
    if key in node.result_names:
        return len(node.save_inputs) + node.result_names.index(key)
    if key[:6] == "result" and key[6:].isdigit() and int(key[6:]) in node.saved_results \
            and not node.result_names:
        return len(node.save_inputs) + node.saved_results.index(int(key[6:]))
    if key in names and names.index(key) in node.save_inputs:
        return node.save_inputs.index(names.index(key))
    return None


def _gradcli_saved(node, key: str, raw: bool = False):
    """`_saved_<key>` from what gradcli's node keeps (see `_saved_attribute`)."""
    names = saved_names(node)
    for suffix, pick in (("_sym_sizes", lambda meta: tuple(meta[0])),
                         ("_sym_numel", lambda meta: int(np.prod(meta[0], dtype=np.int64)))):
        if not raw and key.endswith(suffix) and key[:-len(suffix)] in names:
            pos = names.index(key[:-len(suffix)])
            if node._in_meta is not None and pos < len(node._in_meta):
                return pick(node._in_meta[pos])
    if not raw and type(node).__name__ == "ClampBackward0" and key in ("min", "max") and \
            not node.__dict__.get(f"has_{key}", True):
        return None                             # clamp(x, min=t): max was not given
    strides = node.__dict__.get("in_strides")
    if not raw and strides is not None and key.endswith("_sym_strides") and \
            key[:-12] in names and strides[names.index(key[:-12])] is not None:
        # mm's and addmm's: an input's strides (in elements) at the forward, kept for its
        # own gradient's formula, so undefined (shown as ()) when it needs none
        pos = names.index(key[:-12])
        size = node._in_meta[pos][1].itemsize
        return tuple(s // size for s in strides[pos]) if node.needs(pos) else ()
    index = _saved_index(node, key)
    if index is not None:
        from . import hooks
        if raw:
            return hooks.SavedTensor(node, index)
        if index < len(node.save_inputs) and node.undefined(node.save_inputs[index]):
            return None                             # (an undefined one, even once freed)
        if node._hooked:
            t = hooks.unpack_one(node, index)
        else:
            saved = node.saved                    # checks versions, and release
            if node._saved is None:
                raise TorchRuntimeError(BACKWARD_TWICE)
            t = saved[index]
        from ..ops.core import as_wrapped_number
        return as_wrapped_number(t)
    if not raw and (key in node.shadows or key in node.shadow_results):
        from .hooks import shadow_value
        return shadow_value(node, key)
    if raw:
        raise AttributeError(f"'{type(node).__name__}' object has no attribute "
                             f"'_raw_saved_{key}'")
    value = _as_given(node, key, _constant(node, key))
    if value is _ABSENT:
        raise AttributeError(f"'{type(node).__name__}' object has no attribute '_saved_{key}'")
    return value if key in _SCALAR_NAMES else _unsigned(value)


def _constant(node, key: str):
    """A constant `_saved_<key>` from what gradcli's node keeps; _ABSENT if it keeps none."""
    value = _kept_otherwise(node, key)
    if value is not _ABSENT:
        return value
    for attr in (key, _PARAM_NAMES.get(key), _NODE_PARAM_NAMES.get((type(node).__name__, key))):
        if attr and attr in node.__dict__ and not attr.startswith("_"):
            value = node.__dict__[attr]
            if isinstance(value, np.ndarray):           # where's condition: a tensor there
                return _as_tensor(value)
            return _REDUCTIONS.get(value, value) if key == "reduction" else value
    if key in _CLASS_PARAMS and hasattr(node, key):
        return getattr(node, key)
    return _derived(node, key)


_ABSENT = object()
# PyTorch's nodes keep the dims an op was given as written (x.sum(-1) keeps -1), where
# gradcli's keep them wrapped: an op that wraps passes `as_given`, {PyTorch's name: the
# value the caller gave}, of which a lone dim stands for the tuple PyTorch keeps where
# gradcli's node keeps a tuple (x.sum(-1) keeps (-1,)) unless the node keeps one int
_ONE_DIM = {("ProdBackward1", "dim"), ("AminmaxBackward0", "dim")}


def _as_given(node, key: str, value):
    """value, or the value the op was given for `key` where the op kept that (`as_given`),
    in the form of PyTorch's node."""
    given = node.__dict__.get("as_given")
    if not given or key not in given:
        return value
    written = given[key]
    if node._released and hasattr(written, "_data"):     # a tensor: freed with the rest
        raise TorchRuntimeError(BACKWARD_TWICE)
    if isinstance(written, (tuple, list)):
        written = tuple(written)
        if (type(node).__name__, key) in _ONE_DIM and len(written) == 1:
            return written[0]
    elif isinstance(value, tuple) and (type(node).__name__, key) not in _ONE_DIM:
        return (written,)
    return written


# The names of PyTorch's nodes' constants that are Scalars (signed); every other integer
# constant is an int64 or SymInt (or a list of them), which PyTorch's node attributes give
# back as unsigned 64-bit numbers: x.prod(-1).grad_fn._saved_dim is 18446744073709551615.
# (From torch/csrc/autograd/generated/Functions.h of torch 2.13: the at::Scalar members.)
_SCALAR_NAMES = frozenset(
    "alpha beta correction exponent initial input_scale lambd lower margin max max_val "
    "maxnorm min min_val negative_slope ord other p scalar scalars scale self threshold "
    "upper value weight".split())


def _unsigned(value):
    """value with each negative int of it (alone or in a tuple or list) as the unsigned
    64-bit number PyTorch reads back."""
    if value.__class__ is int:
        return value + (1 << 64) if value < 0 else value
    if isinstance(value, (tuple, list)) and any(v.__class__ is int and v < 0 for v in value):
        return type(value)(v + (1 << 64) if v.__class__ is int and v < 0 else v for v in value)
    return value
# PyTorch's names of what a node keeps in `extra` (indices, masks): an integer or boolean
# array, shown as a tensor (a reduction's indices without the kept dimension, as PyTorch
# keeps them when keepdim=False)
_EXTRA_NAMES = {"MaxBackward0": "indices", "MinBackward0": "indices",
                "SortBackward0": "indices", "TopkBackward0": "indices",
                "KthvalueBackward0": "indices", "MedianBackward1": "indices",
                "ModeBackward0": "indices", "NanmedianBackward1": "indices",
                "GatherBackward0": "index",
                "IndexSelectBackward0": "index", "ScatterBackward1": "index",
                "MaskedFillBackward0": "mask", "WhereBackward0": "condition",
                "EmbeddingBackward0": "indices", "CummaxBackward0": "indices",
                "CumminBackward0": "indices", "ScatterBackward0": "index",
                "ScatterAddBackward0": "index", "ScatterReduceBackward0": "index",
                "MaskedSelectBackward0": "mask",
                "TakeBackward0": "index", "IndexAddBackward0": "index", "PutBackward0": "index",
                "IndexCopyBackward0": "index", "RreluWithNoiseBackward0": "noise",
                "RreluWithNoiseBackward1": "noise", "MaxUnpool2DBackward0": "indices",
                "MaxUnpool3DBackward0": "indices",
                "IndexFillBackward0": "index", "MaskedFillBackward1": "mask"}
# ... and, for saved-tensor hooks, every node whose `extra` PyTorch saves as tensors (an
# IndexBackward0 keeps a key, of which PyTorch saves the index arrays): its name, and
# whether it is the node's second result (indices given back beside the values, which
# saved-tensor hooks see as the user does: without the reduced dimension unless keepdim)
EXTRA_SAVED = {**{name: (key, False) for name, key in _EXTRA_NAMES.items()},
               **{name: ("indices", True) for name in (
                   "MaxBackward0", "MinBackward0", "SortBackward0", "TopkBackward0",
                   "KthvalueBackward0", "MedianBackward1", "NanmedianBackward1",
                   "ModeBackward0", "CummaxBackward0",
                   "CumminBackward0")},
               "IndexBackward0": ("indices", False),
               "MaxPool2DWithIndicesBackward0": ("result1", True),
               "MaxPool3DWithIndicesBackward0": ("result1", True),
               "AdaptiveMaxPool2DBackward0": ("result1", True),
               "AdaptiveMaxPool3DBackward0": ("result1", True)}


# `_saved_<name>` PyTorch keeps where gradcli supports one value only
_FIXED = {("GatherBackward0", "sparse_grad"): False, ("EmbeddingBackward0", "sparse"): False}


def _kept_otherwise(node, key: str):
    """`_saved_<key>` where gradcli keeps the constant in another form than PyTorch's;
    _ABSENT otherwise."""
    name = type(node).__name__
    if name in ("SqueezeBackward1", "SqueezeBackward4") and key == "dim" and \
            node.__dict__.get("dims"):
        return node.__dict__["dims"][0]         # squeeze(dim) keeps its one dim as an int
    if name == "EmbeddingBackward0" and key == "padding_idx" \
            and node.__dict__.get("padding_idx", 0) is None:
        return -1                               # (PyTorch's int64 for "none")
    return _ABSENT


def _derived(node, key: str):
    """`_saved_<key>` PyTorch keeps where gradcli keeps something equivalent: indices and
    masks (`extra`), select's dim and index and slice's dim, start and step (from the key),
    rsub's alpha, a result PyTorch names otherwise (`inverse`); _ABSENT otherwise."""
    name = type(node).__name__
    if _EXTRA_NAMES.get(name) == key and node._extra is _RELEASED:
        raise TorchRuntimeError(BACKWARD_TWICE)
    if _EXTRA_NAMES.get(name) == key and (isinstance(node._extra, np.ndarray) or (
            node._hooked and node._extra is not None and node._extra is not _RELEASED)):
        arr = node.extra                        # (unpacked, when saved-tensor hooks packed it)
        if node.__dict__.get("keepdim") is False and isinstance(node.__dict__.get("dim"), int):
            arr = np.squeeze(arr, node.__dict__["dim"])
        return _as_tensor(arr)
    if key == "inverse" and name == "LinalgInvExBackward0":
        return _gradcli_saved(node, "result")
    if (name, key) in _FIXED:
        return _FIXED[name, key]
    if name == "SplitBackward0" and key == "split_size" and node.__dict__.get("sizes"):
        return node.__dict__["sizes"][0]        # every piece but the last has that size
    if key == "S_sym_argsize_minus_1" and name == "LinalgSvdBackward0":
        return min(node._in_meta[0][0][-2:])    # (S's length)
    if key == "source_dim" and name in ("IndexAddBackward0", "IndexCopyBackward0"):
        return len(node._in_meta[1][0])
    if name == "EmbeddingBackward0" and key == "weight_sym_argsize_0":
        return node._in_meta[0][0][0]
    if key == "alpha" and name.startswith("RsubBackward"):
        return 1
    if name in ("SelectBackward0", "SliceBackward0") and key in ("dim", "index", "start",
                                                                   "end", "step"):
        return _key_part(node, name, key)
    return _ABSENT


def _key_part(node, name, key):
    """select's dim/index and slice's dim/start/step from the node's index key: the one
    entry that is not a full slice."""
    entries = [k for k in node.__dict__.get("key", ()) if k is not Ellipsis]
    picked = [(d, k) for d, k in enumerate(entries) if k != slice(None)]
    if len(picked) != 1:
        return _ABSENT
    dim, k = picked[0]
    if key == "dim":
        return dim
    if name == "SelectBackward0" and isinstance(k, int) and key == "index":
        return k
    if name == "SliceBackward0" and isinstance(k, slice) and key in ("start", "end", "step"):
        written = node.__dict__.get("written")      # x[a:b:c] as written: PyTorch keeps
        if written is not None:                     # those (an absent stop is INT64_MAX)
            return written[("start", "end", "step").index(key)]
        value = getattr(k, "stop" if key == "end" else key)
        return value if value is not None else (0 if key == "start" else 1)
    return _ABSENT


def _as_tensor(arr):
    from .._tensor import Tensor
    return Tensor._wrap(np.array(arr))


class RefusingNode(Node):
    """A C++-only node of PyTorch whose value is given (`value`) and whose backward raises
    `message`: `NotImplemented` (a backward function without a derivative) and `Error`
    (the results of a once-differentiable backward)."""

    _qualified = True

    def forward(self, *arrays):
        return self.value

    def backward(self, *grads):
        raise TorchRuntimeError(self.message)


NotImplemented_ = type("NotImplemented", (RefusingNode,), {})
Error = type("Error", (RefusingNode,), {})


class _SavedOutput:
    """A saved result, kept without a reference cycle to the node that made it."""

    __slots__ = ("tensor", "output_nr", "early")

    def __init__(self, tensor, output_nr=0):
        self.tensor = tensor
        self.output_nr = output_nr
        self.early = None   # weak refs to aliases unpacked before the result had its tangent

    def unpack(self, node):
        from .grad_mode import _enabled
        t = self.tensor
        if not _enabled[0] or self.output_nr in node.plain_outputs:
            return t
        alias = t._alias()
        alias.requires_grad = True
        alias.grad_fn = node
        alias._output_nr = self.output_nr
        tangent = getattr(t, "_fw", None)
        if tangent is not None and tangent is not False:     # forward-over-reverse
            from .forward_ad import give_tangent
            give_tangent(alias, tangent)
        elif tangent is None:       # (at a dual level, the result's tangent may come later)
            from .forward_ad import _level
            if _level[0] >= 0:
                live = [ref for ref in self.early or () if ref() is not None]
                self.early = live + [weakref.ref(alias)]
        return alias


class _SavedViewOutput(_SavedOutput):
    """The saved result of an in-place op on a view. PyTorch's SavedVariable then keeps the
    view's grad_fn after the write, weakly: the result unpacks with that history (a second
    derivative goes through the base's CopySlices, where the op's node is wrapped), or with
    the op's node once that grad_fn is gone (the view written again, or freed)."""

    __slots__ = ("view_fn",)

    def __init__(self, tensor, output_nr, view_fn):
        super().__init__(tensor, output_nr)
        self.view_fn = weakref.ref(view_fn)

    def history(self, node):
        fn = self.view_fn()
        return node if fn is None else fn

    def unpack(self, node):
        return super().unpack(self.history(node))


def _modified_message(t, version, item, node) -> str:
    if isinstance(item, _SavedOutput):
        if isinstance(item, _SavedViewOutput):
            node = item.history(node)
        origin = f", which is output {item.output_nr} of {_NODE_SUFFIX.sub('', node.name())},"
    elif t.grad_fn is not None:
        origin = f", which is output {t._output_nr} of {_NODE_SUFFIX.sub('', t.grad_fn.name())},"
    else:
        origin = ""
    return ("one of the variables needed for gradient computation has been modified by an "
            f"inplace operation: [{_type_string(t)}]{origin} is at version {t._version_box[0]}; "
            f"expected version {version} instead. {_modified_hint()}")


def _modified_hint() -> str:
    from .anomaly import _state
    if _state[0]:
        return ("Hint: the backtrace further above shows the operation that failed to compute "
                "its gradient. The variable in question was changed in there or anywhere "
                "later. Good luck!")
    return ("Hint: enable anomaly detection to find the operation that failed to compute its "
            "gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")


def new_node(cls):
    """A fresh node of class `cls` with its bookkeeping slots set."""
    node = cls.__new__(cls)
    node._seq_nr = next(_seq)
    node._saved = None
    node._hooks = None
    node._released = False
    return node


class AccumulateGrad(Node):
    """The sink of a leaf tensor: adds the incoming gradient into `variable.grad`."""

    __slots__ = ("variable",)
    _qualified = True

    def __init__(self, variable):
        self.variable = variable
        self._next = self._next_nr = ()
        self._seq_nr = ACCUMULATE_SEQ
        self._saved = None
        self._hooks = None
        self._released = False
        self._in_meta = ((variable._data.shape, variable._data.dtype),)

    def accumulate(self, grad, create_graph: bool, owned: bool = False) -> None:
        """Add grad into `variable.grad`; `owned`: nothing else holds grad, so it becomes
        the new `.grad` itself instead of a copy (as PyTorch steals such a gradient)."""
        var = self.variable
        if grad is None or not var._requires_grad:     # (a leaf frozen since the forward):
            self._post_hooks(var)                       # nothing to add; the hooks still run
            return
        if _BF16_USED[0] and grad._data.dtype == _BF16 and not grad._requires_grad:
            from ..dtypes import to_bf16          # (a rule's float32 arithmetic in a
            from ..ops.core import wrap           # bfloat16 array: the values rounded)
            grad = wrap(to_bf16(grad._data))
        old = var._grad
        if old is None:
            if create_graph and grad._requires_grad:
                var.grad = _clone_obey_contract(grad, var)      # recorded
            elif owned and grad.grad_fn is None and grad._vbox is None \
                    and grad.__class__ is var.__class__ and (
                        _obeys_layout(grad, var) or not LAYOUT_ENFORCED[0]):
                var.grad = grad
            else:
                from ..ops.core import wrap
                var.grad = wrap(_laid_out_for(grad._data, var))
        elif create_graph:
            var.grad = old + grad
        elif _forward_ad_tangent(old, grad):      # PyTorch's `variable_grad += new_grad`:
            from .grad_mode import no_grad        # the tangents add up as well
            with no_grad():
                old.add_(grad)
        else:
            from ..ops.core import ew
            if not old._data.flags.writeable:     # a `.grad` the program set to an expanded
                from ..ops.views import INTERNAL_OVERLAP      # tensor: `+=` refuses it
                raise TorchRuntimeError(INTERNAL_OVERLAP)
            ew(np.add, old._data, grad._data, out=old._data)      # bfloat16 rounds once
            old._version_box[0] += 1
        self._post_hooks(var)

    @staticmethod
    def _post_hooks(var) -> None:
        """register_post_accumulate_grad_hook's hooks, fn(tensor), run as PyTorch's
        _call_hooks runs them: a hook that returns None or the tensor it was given changes
        nothing; another tensor is checked as a tensor hook's result and is what the next
        hooks are given, and once all have run such a replacement is refused."""
        post = getattr(var._hooks, "post", None)
        if post:
            from .engine import _checked_value
            arg, replaced = var, False
            for fn in list(post):
                r = fn(arg)
                if r is None or r is arg:
                    continue
                arg, replaced = _checked_value(fn, arg, r), True
            if replaced:
                raise TorchRuntimeError("Tensor post accumulate grad hooks should return None.")


# -- Tensor.grad_dtype -----------------------------------------------------------------------
# The grad_dtype a program set on a tensor, by id: (a weak reference to it, a dtype or None).
# A tensor absent has its own dtype as grad_dtype. It is kept beside the tensor, not on it,
# because copies (copy.copy, deepcopy, pickling) do not take it in PyTorch.
GRAD_DTYPES: dict = {}
UNSET = object()            # grad_dtype_of's answer for a tensor whose grad_dtype was not set


def grad_dtype_of(t):
    """The grad_dtype set on t (a dtype, or None for any dtype), else UNSET."""
    entry = GRAD_DTYPES.get(id(t)) if GRAD_DTYPES else None
    if entry is None or entry[0]() is not t:
        return UNSET
    return entry[1]


def set_grad_dtype(t, dtype) -> None:
    key = id(t)
    GRAD_DTYPES[key] = (weakref.ref(t, lambda _, key=key: GRAD_DTYPES.pop(key, None)), dtype)


def leaf_grad_dtype(node, g):
    """Where node is a leaf's AccumulateGrad whose grad_dtype was set: the dtype PyTorch's
    validate_outputs gives gradient g on its way there (the leaf's grad_dtype; None: g's
    own), else None. A grad_dtype that is not floating nor complex fails PyTorch's assert."""
    if type(node) is not AccumulateGrad or g is None:
        return None
    want = grad_dtype_of(node.variable)
    if want is UNSET:
        return None
    if want is None:
        return g._data.dtype
    if want.category < 2:
        raise TorchRuntimeError(
            "isDifferentiableType(grad.scalar_type()) INTERNAL ASSERT FAILED at \""
            "/__w/pytorch/pytorch/torch/csrc/autograd/engine.cpp\":998, please report a bug "
            "to PyTorch. ")
    return want.np


def _forward_ad_tangent(old, grad) -> bool:
    """Whether a dual level is active and the `.grad` or the gradient added to it has a
    tangent (a gradient computed from dual tensors)."""
    fw = sys.modules.get("gradcli.autograd.forward_ad")
    if fw is None or not fw.ACTIVE[0]:
        return False
    return fw.tangent_of(old) is not None or fw.tangent_of(grad) is not None


#: enforce_grad_layout_policy's setting: off, a stealable gradient is stolen whatever its
#: strides
LAYOUT_ENFORCED = [True]


def _obeys_layout(grad, var) -> bool:
    """PyTorch's gradient layout contract (obeys_layout_contract): `.grad` has its
    parameter's strides when the parameter is non-overlapping and dense (a contiguous
    parameter gets a contiguous gradient, so `p.grad.view(-1)` works, a transposed one a
    transposed gradient, whatever layout the backward produced), else it is contiguous."""
    g, v = grad._data, var._data
    if not _dense_layout(v):
        return g.flags.c_contiguous
    for n, gs, vs in zip(g.shape, g.strides, v.strides):
        if n != 1 and gs // g.itemsize != vs // v.itemsize or n == 1 and gs == 0:
            return False
    return True


def _contract_strides(var):
    """The element strides PyTorch's clone_obey_contract gives a parameter's gradient:
    the parameter's own when it is non-overlapping and dense, else None (contiguous)."""
    v = var._data
    if v.flags.c_contiguous or not _dense_layout(v):
        return None
    return tuple(s // v.itemsize for s in v.strides)


def _laid_out_for(g: np.ndarray, var, copy: bool = True) -> np.ndarray:
    """A copy of gradient `g` under the contract (clone_obey_contract, unrecorded), or with
    copy=False an uninitialised array in that layout."""
    from ..ops.shape import laid_out
    out = laid_out(np.empty(g.size, g.dtype), g.shape, _contract_strides(var))
    if copy:
        out[...] = g
    return out


def _clone_obey_contract(grad, var):
    """clone_obey_contract recorded, as a create_graph backward records it: an empty tensor
    in the parameter's layout copied into (CopyBackwards), or, for a parameter that is not
    dense, a contiguous clone (CloneBackward0)."""
    if not _dense_layout(var._data):
        from .._tensor import MEMORY_FORMATS
        return grad.clone(memory_format=MEMORY_FORMATS["contiguous_format"])
    from ..ops.core import wrap
    return wrap(_laid_out_for(grad._data, var, copy=False)).copy_(grad)


def _dense_layout(a: np.ndarray) -> bool:
    from ..ops.core import _dense_layout as dense
    return dense(a)


class LeafHooks(list):
    """A leaf tensor's `_hooks`: the hooks on its gradient (the list itself) and, in
    `post`, those run after the gradient is accumulated into `.grad`
    (`register_post_accumulate_grad_hook`)."""

    __slots__ = ("post",)

    def __init__(self):
        super().__init__()
        self.post = []


def __getattr__(name):
    """The rest of PyTorch's `torch.autograd.graph` (saved-tensor hooks, multi-tensor
    gradient hooks, gradient edges) lives in `hooks`."""
    from . import hooks
    if name in hooks.__all__:
        return getattr(hooks, name)
    raise AttributeError(f"module 'torch.autograd.graph' has no attribute '{name}'")
