"""`torch.utils.checkpoint`: activation checkpointing, as PyTorch does it.

`checkpoint(function, *args, use_reentrant=...)` runs `function` keeping only its inputs
and recomputes it during the backward pass:

- `use_reentrant=True` is the custom Function `CheckpointFunction`: the forward runs under
  no_grad, the output's grad_fn is `CheckpointFunctionBackward`, and its backward reruns the
  function with grad enabled and calls `autograd.backward` on the recomputed outputs (a
  backward pass inside the backward pass), handing back the gradients of its inputs.
- `use_reentrant=False` runs the function normally under saved-tensor hooks: each tensor
  a node would save is replaced by a holder, and the first unpack of any holder in a
  backward pass reruns the function (grad enabled, the RNG state of the forward restored)
  under hooks that fill the holders, stopping as soon as the last one is filled. The graph
  and its node names are the function's own.

`checkpoint_sequential` checkpoints all segments of a sequential model but the last.
"""
from __future__ import annotations

import itertools
import warnings
import weakref

from ..autograd import engine, grad_mode
from ..autograd.function import Function
from ..autograd.hooks import saved_tensors_hooks
from ..errors import GradcliError, TorchRuntimeError, TorchValueError

__all__ = ["checkpoint", "checkpoint_sequential", "CheckpointError", "CheckpointFunction",
           "check_backward_validity", "detach_variable", "set_checkpoint_early_stop",
           "set_checkpoint_debug_enabled", "noop_context_fn"]
__gradcli_safe__ = True

_REENTRANT_WARNING = (
    "torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. "
    "Starting in PyTorch 2.9, calling checkpoint without use_reentrant will raise an "
    "exception. use_reentrant=False is recommended, but if you need to preserve the current "
    "default behavior, you can pass use_reentrant=True. Refer to docs for more details on "
    "the differences between the two variants.")
_SEQUENTIAL_WARNING = (
    "torch.utils.checkpoint.checkpoint_sequential: the use_reentrant parameter should be "
    "passed explicitly. In version 2.9 we will raise an exception if use_reentrant is not "
    "passed. use_reentrant=False is recommended, but if you need to preserve the current "
    "default behavior, you can pass use_reentrant=True. Refer to docs for more details on "
    "the differences between the two variants.")
_DEBUG_TIP = """
Tip: To see a more detailed error message, either pass `debug=True` to
`torch.utils.checkpoint.checkpoint(...)` or wrap the code block
with `with torch.utils.checkpoint.set_checkpoint_debug_enabled(True):` to
enable checkpoint\u2011debug mode globally.

If this error occurs under torch.compile with automatic_dynamic_shapes enabled,
it may be because the recomputation selected a different compiled graph than the
forward pass (e.g., a dynamic graph instead of the original static graph).
To fix this, either:
  - Use torch._dynamo.mark_dynamic() to explicitly mark varying dimensions as
    dynamic upfront, avoiding the static-to-dynamic transition.
  - Call torch._C._dynamo.eval_frame._set_lru_cache(False) to disable LRU cache
    reordering, which can change which graph is checked first between forward
    and recompute.
See https://github.com/pytorch/pytorch/issues/166926 for more details and
workaround examples.
"""


class CheckpointError(TorchRuntimeError):
    """PyTorch's torch.utils.checkpoint.CheckpointError (a RuntimeError)."""


CheckpointError.__module__ = "torch.utils.checkpoint"


class _StopRecomputation(GradcliError):
    """Raised by the recomputation's pack hook once every holder is filled (early stop)."""


# -- module state PyTorch keeps in globals --------------------------------------------------

_early_stop = [None]        # set_checkpoint_early_stop's value, None when not entered
_debug = [None]             # set_checkpoint_debug_enabled's value


class _Setting:
    """A context manager setting one of the module's globals for its block."""

    __gradcli_safe__ = True
    __torch_name__ = "contextlib._GeneratorContextManager"

    def __init__(self, cell: list, value):
        self.cell, self.value = cell, value

    def __enter__(self):
        self.prev = self.cell[0]
        self.cell[0] = self.value

    def __exit__(self, *exc):
        self.cell[0] = self.prev
        return False


def set_checkpoint_early_stop(enable: bool) -> _Setting:
    """Whether non-reentrant checkpoints made inside stop recomputing early."""
    return _Setting(_early_stop, enable)


def set_checkpoint_debug_enabled(enabled) -> _Setting:
    """Whether non-reentrant checkpoints made inside run in debug mode (None: their own
    `debug` argument decides)."""
    return _Setting(_debug, enabled)


def noop_context_fn():
    """The default `context_fn`: two do-nothing context managers."""
    return _NullContext(), _NullContext()


class _NullContext:
    __gradcli_safe__ = True

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


# -- helpers PyTorch exports ----------------------------------------------------------------

def detach_variable(inputs):
    """The tuple `inputs` with each tensor detached, keeping its requires_grad."""
    from .._tensor import Tensor
    if not isinstance(inputs, tuple):
        raise TorchRuntimeError("Only tuple of tensors is supported. Got Unsupported input "
                                f"type: {type(inputs).__name__}")
    out = []
    for inp in inputs:
        if isinstance(inp, Tensor):
            x = inp.detach()
            x.requires_grad = inp.requires_grad
            inp = x
        out.append(inp)
    return tuple(out)


def check_backward_validity(inputs) -> None:
    """Warn when no tensor among `inputs` requires grad."""
    from .._tensor import Tensor
    if not any(inp.requires_grad for inp in inputs if isinstance(inp, Tensor)):
        warnings.warn("None of the inputs have requires_grad=True. Gradients will be None",
                      UserWarning, stacklevel=3)


class _ForkedRng:
    """Runs a block on the random state `state` (when given) and restores the state the
    block found (torch.random.fork_rng)."""

    def __init__(self, state):
        self.state = state

    def __enter__(self):
        from ..ops.creation import get_rng_state, set_rng_state
        if self.state is not None:
            self.outer = get_rng_state()
            set_rng_state(self.state)

    def __exit__(self, *exc):
        from ..ops.creation import set_rng_state
        if self.state is not None:
            set_rng_state(self.outer)
        return False


def _rng_state(preserve: bool):
    from ..ops.creation import get_rng_state
    return get_rng_state() if preserve else None


# -- use_reentrant=True -----------------------------------------------------------------------

class CheckpointFunction(Function):
    """The reentrant checkpoint: a custom Function over (run_function, preserve, *args)."""

    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        from .._tensor import Tensor
        check_backward_validity(args)
        ctx.run_function = run_function
        ctx.fwd_cpu_state = _rng_state(preserve_rng_state)
        ctx.inputs = [None if isinstance(a, Tensor) else a for a in args]
        ctx.tensor_indices = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        ctx.save_for_backward(*(a for a in args if isinstance(a, Tensor)))
        with grad_mode.no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx, *args):
        from .._tensor import Tensor
        if not engine.checkpoint_valid():
            raise TorchRuntimeError(
                "When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() "
                "or passing an `inputs` parameter to .backward(). To resolve this error, you "
                "can either set use_reentrant=False, or call .backward() without passing the "
                "`inputs` argument.")
        inputs = list(ctx.inputs)
        for i, t in zip(ctx.tensor_indices, ctx.saved_tensors):
            inputs[i] = t
        with _ForkedRng(ctx.fwd_cpu_state):
            detached = detach_variable(tuple(inputs))
            with grad_mode.enable_grad():
                outputs = ctx.run_function(*detached)
        if isinstance(outputs, Tensor):
            outputs = (outputs,)
        pairs = [(o, g) for o, g in zip(outputs, args)
                 if isinstance(o, Tensor) and o.requires_grad]
        if not pairs:
            raise TorchRuntimeError("none of output has requires_grad=True, this checkpoint() "
                                    "is not necessary")
        engine.backward([o for o, _ in pairs], [g for _, g in pairs])
        grads = tuple(inp.grad if isinstance(inp, Tensor) else None for inp in detached)
        return (None, None) + grads


# -- use_reentrant=False ----------------------------------------------------------------------

class _Holder:
    """What the forward's pack hook keeps in place of a saved tensor: per backward pass,
    a handle to its recomputed value (None once unpacked)."""

    __slots__ = ("handles", "__weakref__")

    def __init__(self):
        self.handles: dict = {}


class _Handle:
    __slots__ = ("__weakref__",)


_outside_ids = itertools.count(-2, -1)     # ids of unpacks outside any backward pass


def _pass_id() -> int:
    """The running backward pass (PyTorch's graph task id), a fresh id outside one."""
    return engine.current_task() if engine._running else next(_outside_ids)


def _metadata(t):
    """PyTorch's default determinism check: a saved tensor's shape, dtype and device."""
    return {"shape": t.shape, "dtype": t.dtype, "device": t.device}


_METADATA = {"default": _metadata, "none": lambda t: None}


class _Frame:
    """One non-reentrant checkpoint: its inputs, the holders its forward made, and what
    each backward pass recomputed."""

    def __init__(self, recompute, early_stop, metadata_fn, args):
        from .._tensor import Tensor
        self.recompute, self.early_stop, self.metadata_fn = recompute, early_stop, metadata_fn
        self.saved_args = [(a, a._vnum) if isinstance(a, Tensor) else (a, None)
                           for a in args]
        self.weak_holders: list = []
        self.x_metadatas: list = []
        self.recomputed: dict = {}       # pass id -> WeakKeyDictionary(handle -> tensor)
        self.counter: dict = {}          # pass id -> tensors saved by its recomputation
        self.done: set = set()           # pass ids whose recomputation ran
        self.forward_completed = False
        self.ignore_saved_mismatch = False

    def inputs(self) -> list:
        """The inputs, checked against in-place changes since the forward (as saved)."""
        from ..autograd.graph import _modified_message
        out = []
        for a, version in self.saved_args:
            if version is not None and a._vnum != version:
                raise TorchRuntimeError(_modified_message(a, version, a, None))
            out.append(a)
        return out

    # the forward's hooks
    def pack(self, x):
        holder = _Holder()
        self.weak_holders.append(weakref.ref(holder))
        with grad_mode.no_grad():
            self.x_metadatas.append(self.metadata_fn(x))
        return holder

    def unpack(self, holder):
        gid = _pass_id()
        if gid not in self.done:
            self._recompute(gid)
        handle = holder.handles.get(gid)
        if handle is None:
            raise CheckpointError(
                "torch.utils.checkpoint: Unpack is being triggered for a tensor that was "
                "already unpacked once. If you are calling ctx.saved_tensors in backward, make "
                "sure to do so only once. Otherwise please open an issue with details on your "
                "use case.")
        holder.handles[gid] = None
        return self.recomputed[gid][handle]

    def _recompute(self, gid) -> None:
        self.recomputed[gid] = weakref.WeakKeyDictionary()
        self.counter[gid] = 0
        args = self.inputs()
        try:
            with saved_tensors_hooks(lambda x: self._fill(gid, x), lambda x: x), \
                    grad_mode.enable_grad():
                self.recompute(*args)
        except _StopRecomputation:
            pass
        self.done.add(gid)
        self._check(gid)

    # the recomputation's pack hook
    def _fill(self, gid, x):
        x = x.detach() if x.requires_grad else x
        k = self.counter[gid]
        self.counter[gid] = k + 1
        if k >= len(self.weak_holders):
            if not self.forward_completed:
                self.ignore_saved_mismatch = True
                return x
            raise CheckpointError("torch.utils.checkpoint: trying to save more tensors during "
                                  f"recomputation than during the original forward pass.\n"
                                  f"{_DEBUG_TIP}")
        holder = self.weak_holders[k]()
        if holder is not None:
            handle = holder.handles[gid] = _Handle()
            self.recomputed[gid][handle] = x
        if self.early_stop and self.counter[gid] == len(self.weak_holders):
            raise _StopRecomputation("checkpoint recomputation stopped early")
        return x

    def _check(self, gid) -> None:
        """PyTorch's check that the recomputation saved what the forward saved."""
        if self.ignore_saved_mismatch:
            return
        if len(self.weak_holders) != self.counter[gid]:
            raise CheckpointError(
                "torch.utils.checkpoint: A different number of tensors was saved during the "
                "original forward and recomputation.\n"
                f"Number of tensors saved during forward: {len(self.weak_holders)}\n"
                f"Number of tensors saved during recomputation: {self.counter[gid]}.\n"
                f"{_DEBUG_TIP}")
        different = []
        for idx, ref in enumerate(self.weak_holders):
            holder = ref()
            if holder is None:
                continue
            recomputed = self.metadata_fn(self.recomputed[gid][holder.handles[gid]])
            if self.x_metadatas[idx] != recomputed:
                different.append(f"tensor at position {idx}:\nsaved metadata: "
                                 f"{_shown(self.x_metadatas[idx])}\nrecomputed metadata: "
                                 f"{_shown(recomputed)}\n")
        if different:
            raise CheckpointError(
                "torch.utils.checkpoint: Recomputed values for the following tensors have "
                f"different metadata than during the forward pass.\n{''.join(different)}.\n"
                f"{_DEBUG_TIP}")


def _shown(meta) -> str:
    """A metadata dict as Python prints it (torch.Size, torch.float32, device)."""
    if meta is None:
        return "None"
    return "{" + ", ".join(f"'{k}': {v!r}" for k, v in meta.items()) + "}"


def _without_reentrant(function, preserve, context_fn, determinism_check, debug, early_stop,
                       args, kwargs):
    """Run `function` under the frame's hooks (PyTorch's
    `_checkpoint_without_reentrant_generator` with the call in its middle)."""
    if (_debug[0] if _debug[0] is not None else debug) and context_fn is not noop_context_fn:
        raise TorchValueError("debug=True is incompatible with non-default context_fn")
    if determinism_check not in _METADATA:
        raise TorchValueError(f"determinism_check should be one of {list(_METADATA)}, but got "
                              f"{determinism_check}")
    forward_context, recompute_context = context_fn()
    state = _rng_state(preserve)

    def recompute(*inputs):
        with _ForkedRng(state), recompute_context:
            function(*inputs, **kwargs)

    if not grad_mode.is_grad_enabled():
        return function(*args, **kwargs)
    frame = _Frame(recompute, _early_stop[0] if _early_stop[0] is not None else early_stop,
                   _METADATA[determinism_check], args)
    with saved_tensors_hooks(frame.pack, frame.unpack), forward_context:
        result = function(*args, **kwargs)
    frame.forward_completed = True
    return result


# -- the public entry points ------------------------------------------------------------------

def checkpoint(function, *args, use_reentrant=None, context_fn=noop_context_fn,
               determinism_check="default", debug=False, early_stop=True, **kwargs):
    """Run `function(*args, **kwargs)` without keeping its intermediate results; they are
    recomputed in the backward pass."""
    if use_reentrant is None:
        warnings.warn(_REENTRANT_WARNING, UserWarning, stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs and use_reentrant:
        raise TorchValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    if use_reentrant:
        if context_fn is not noop_context_fn or debug is not False:
            raise TorchValueError("Passing `context_fn` or `debug` is only supported when "
                                  "use_reentrant=False.")
        return CheckpointFunction.apply(function, preserve, *args)
    return _without_reentrant(function, preserve, context_fn, determinism_check, debug,
                              early_stop, args, kwargs)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Run `functions` (a Sequential or a list of modules/functions) in order, checkpointing
    each of `segments` chunks but the last."""
    if use_reentrant is None:
        warnings.warn(_SEQUENTIAL_WARNING, UserWarning, stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise TorchValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    from ..nn import Sequential
    if isinstance(functions, Sequential):
        functions = list(functions.children())
    segment_size = len(functions) // segments
    end = -1
    for start in range(0, segment_size * (segments - 1), segment_size):
        end = start + segment_size - 1
        input = checkpoint(_run_segment(functions, start, end), input,
                           use_reentrant=use_reentrant, preserve_rng_state=preserve)
    return _run_segment(functions, end + 1, len(functions) - 1)(input)


def _run_segment(functions, start: int, end: int):
    """A function running functions[start..end] one after the other."""
    def forward(input):
        for j in range(start, end + 1):
            input = functions[j](input)
        return input
    return forward
