"""Grad mode: whether new operations record a graph (`no_grad`, `enable_grad`, ...).

The state is one module-level cell read on every operation, so checking it is cheap.
"""
from __future__ import annotations

import functools

_enabled = [True]       # operations record a graph (read on every operation)
_inference = [False]
# Grad mode as is_grad_enabled() reports it inside inference mode: PyTorch's enable_grad()
# there turns grad mode on, yet operations still record nothing (inference tensors).
_shadow = [False]
# Set while one of gradcli's own backward rules builds a graph (create_graph): a Python
# number in its arithmetic is then PyTorch's Scalar overload, as in derivatives.yaml's C++
# formulas (`grad * 2` records MulBackward1, one input), not a wrapped 0-d tensor as in
# user code (MulBackward0, an input of None).
_rule_scalars = [False]


def is_grad_enabled() -> bool:
    return _shadow[0] if _inference[0] else _enabled[0]


def _set(on: bool) -> None:
    """Switch grad mode; inside inference mode only the mode reported changes."""
    if _inference[0]:
        _shadow[0] = on
    else:
        _enabled[0] = on


def is_inference_mode_enabled() -> bool:
    return _inference[0]


class _GradModeContext:
    """Base of the grad-mode managers: usable with `with` and as a decorator."""

    __gradcli_safe__ = True
    _target = True

    def __enter__(self):
        self._prev = _enabled[0], _shadow[0]
        _set(self._target)
        return None

    def __exit__(self, *exc):
        _enabled[0], _shadow[0] = self._prev
        return False

    def __call__(self, fn):
        if isinstance(fn, type):
            fn = _class_caller(fn)
        if _is_generator_function(fn):
            return _wrap_generator(fn, self.__class__)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)
        return wrapper

    def __repr__(self):
        return f"<torch.autograd.grad_mode.{type(self).__name__} object at {hex(id(self))}>"

    def clone(self):
        """A new manager of the same kind (PyTorch's _DecoratorContextManager.clone)."""
        return self.__class__()


def _class_caller(cls):
    """What PyTorch decorates in place of a class (with its FutureWarning): a lambda that
    calls the class, named as PyTorch's is."""
    import warnings
    warnings.warn("Decorating classes is deprecated and will be disabled in future versions. "
                  "You should only decorate functions or methods. To preserve the current "
                  "behavior of class decoration, you can directly decorate the `__init__` "
                  "method and nothing else.", FutureWarning, stacklevel=3)

    def call(*args, **kwargs):
        return cls(*args, **kwargs)
    call.__name__ = "<lambda>"
    call.__qualname__ = "_DecoratorContextManager.__call__.<locals>.<lambda>"
    return call


def _is_generator_function(fn) -> bool:
    """A Python generator function, or a formula's function with a `yield`."""
    import inspect
    code = getattr(fn, "code", None)
    return inspect.isgeneratorfunction(fn) or bool(getattr(code, "is_generator", False))


def _wrap_generator(fn, manager):
    """As PyTorch decorates a generator function: each step of the generator (start, send,
    throw, close) runs inside a fresh `manager()`, the caller's code between steps outside."""
    import sys

    @functools.wraps(fn)
    def generator_context(*args, **kwargs):
        gen = fn(*args, **kwargs)
        try:
            with manager():
                response = gen.send(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with manager():
                        gen.close()
                    raise
                except BaseException:
                    with manager():
                        response = gen.throw(*sys.exc_info()[1:2])
                else:
                    with manager():
                        response = gen.send(request)
        except StopIteration as e:
            return e.value
    return generator_context


class set_multithreading_enabled(_GradModeContext):
    """Multithreaded backward on or off: gradcli's backward always runs on the calling
    thread, so this only keeps the setting (a function or a context manager, as PyTorch's)."""

    _multithreading = [True]

    def __init__(self, mode: bool):
        self._prev = self._multithreading[0]
        self._multithreading[0] = self.mode = mode

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        self._multithreading[0] = self._prev
        return False

    def clone(self):
        return set_multithreading_enabled(self.mode)


class enforce_grad_layout_policy(_GradModeContext):
    """The gradient layout contract on (default) or relaxed: relaxed, a leaf's first
    gradient that nothing else holds becomes its `.grad` whatever its strides (a function,
    a context manager or a decorator, as PyTorch's)."""

    def __init__(self, enable: bool = True):
        from .graph import LAYOUT_ENFORCED as enforced
        self._enforced = enforced
        self.prev = self._enforced[0]
        self._enforced[0] = self.mode = enable

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        self._enforced[0] = self.prev
        return False

    def __call__(self, fn):
        self._enforced[0] = self.prev          # decorating: the setting is the calls' only

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.clone():
                return fn(*args, **kwargs)
        return wrapper

    def clone(self):
        return enforce_grad_layout_policy(self.mode)


def is_multithreading_enabled() -> bool:
    """The setting set_multithreading_enabled keeps (True unless turned off)."""
    return set_multithreading_enabled._multithreading[0]


def is_view_replay_enabled() -> bool:
    """Whether views are replayed instead of as_strided in backward (PyTorch's
    _force_original_view_tracking): never in gradcli, so False, PyTorch's default."""
    return False


def mode(on: bool) -> _GradModeContext:
    """`enable_grad()` or `no_grad()`, for code that picks the mode at run time."""
    return enable_grad() if on else no_grad()


class _NoParamDecoratorContextManager(_GradModeContext):
    """A manager that also decorates bare (`@torch.no_grad` as well as `@torch.no_grad()`)."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class no_grad(_NoParamDecoratorContextManager):
    """Operations inside do not record a graph."""

    _target = False


class enable_grad(_NoParamDecoratorContextManager):
    """Operations inside record a graph even within `no_grad`."""

    _target = True


class set_grad_enabled(_GradModeContext):
    """`set_grad_enabled(False)` switches grad mode at once; as a context manager it restores."""

    def __init__(self, mode: bool):
        if not isinstance(mode, bool):
            from ..errors import TorchTypeError
            raise TorchTypeError("set_grad_enabled(): argument 'enabled' (position 1) must be "
                                 f"bool, not {type(mode).__name__}")
        self._prev = _enabled[0], _shadow[0]
        self._target = mode
        _set(self._target)

    def clone(self):
        return set_grad_enabled(self._target)      # which, as PyTorch's, switches at once

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        _enabled[0], _shadow[0] = self._prev
        return False

    def __repr__(self):
        return f"torch.autograd.grad_mode.set_grad_enabled(mode={self._target})"

    def __call__(self, fn):
        mode = self._target
        _enabled[0], _shadow[0] = self._prev
        if _is_generator_function(fn):
            return _wrap_generator(fn, functools.partial(set_grad_enabled, mode))

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)
        return wrapper


class inference_mode(_GradModeContext):
    """Like `no_grad`; tensors made inside are inference tensors. Also a bare decorator."""

    def __new__(cls, mode=True):
        if callable(mode) and not isinstance(mode, bool):       # @torch.inference_mode
            return cls()(mode)
        return super().__new__(cls)

    def __init__(self, mode: bool = True):
        self._mode = bool(mode)
        self.mode = mode

    def clone(self):
        return inference_mode(self._mode)

    def __enter__(self):
        self._prev = _enabled[0], _shadow[0], _inference[0]
        # PyTorch's InferenceMode(enabled) sets grad mode to `not enabled`: inference_mode
        # (False) turns grad mode on even inside no_grad
        _enabled[0] = _shadow[0] = not self._mode
        _inference[0] = self._mode
        return None

    def __exit__(self, *exc):
        _enabled[0], _shadow[0], _inference[0] = self._prev
        return False

    def __call__(self, fn):
        mode = self._mode
        if _is_generator_function(fn):
            return _wrap_generator(fn, functools.partial(inference_mode, mode))

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with inference_mode(mode):
                return fn(*args, **kwargs)
        return wrapper
