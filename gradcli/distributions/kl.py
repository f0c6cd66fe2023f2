"""`torch.distributions.kl`: `kl_divergence(p, q)` dispatched on the pair of types to the
most specific registered rule (`register_kl`), as PyTorch orders candidate pairs."""
from __future__ import annotations

import functools
import warnings

from ..errors import TorchNotImplementedError, TorchTypeError

__all__ = ["register_kl", "kl_divergence"]

_KL_REGISTRY: dict = {}     # (type_p, type_q) -> rule: the source of truth
_KL_MEMOIZE: dict = {}      # every pair looked up so far -> its rule (or NotImplemented)
_BUILTIN_RULES: dict = {}   # the library's own rules (keep_builtin_rules), once all loaded


def keep_builtin_rules() -> None:
    """Remember the rules registered so far as the library's own (every module loaded)."""
    if not _BUILTIN_RULES:
        _BUILTIN_RULES.update(_KL_REGISTRY)


def reset_rules() -> None:
    """Drop the rules a program registered: the next run starts with the library's."""
    if _BUILTIN_RULES and len(_KL_REGISTRY) != len(_BUILTIN_RULES) or any(
            _KL_REGISTRY.get(k) is not v for k, v in _BUILTIN_RULES.items()):
        _KL_REGISTRY.clear()
        _KL_REGISTRY.update(_BUILTIN_RULES)
        _KL_MEMOIZE.clear()


def register_kl(type_p, type_q):
    """Decorator registering `fun(p, q)` as KL(p || q) for p of type_p and q of type_q.
    Any class is accepted and anything else is issubclass's TypeError, as in PyTorch,
    whose check `not isinstance(t, type) and issubclass(t, Distribution)` means just that."""
    for t in (type_p, type_q):
        if not isinstance(t, type):
            raise TorchTypeError("issubclass() arg 1 must be a class")

    def decorator(fun):
        _KL_REGISTRY[type_p, type_q] = fun
        _KL_MEMOIZE.clear()
        return fun
    return decorator


@functools.total_ordering
class _Match:
    """A candidate pair, ordered so that the more specific (subclass first) pair is less."""

    __slots__ = ["types"]

    def __init__(self, *types):
        self.types = types

    def __eq__(self, other):
        return self.types == other.types

    def __le__(self, other):
        for x, y in zip(self.types, other.types):
            if not issubclass(x, y):
                return False
            if x is not y:
                break
        return True


def _dispatch_kl(type_p, type_q):
    matches = [(sp, sq) for sp, sq in _KL_REGISTRY
               if issubclass(type_p, sp) and issubclass(type_q, sq)]
    if not matches:
        return NotImplemented
    left_p, left_q = min(_Match(*m) for m in matches).types
    right_q, right_p = min(_Match(*reversed(m)) for m in matches).types
    left_fun = _KL_REGISTRY[left_p, left_q]
    if left_fun is not _KL_REGISTRY[right_p, right_q]:
        warnings.warn(f"Ambiguous kl_divergence({type_p.__name__}, {type_q.__name__}). "
                      f"Please register_kl({left_p.__name__}, {right_q.__name__})",
                      RuntimeWarning, stacklevel=2)
    return left_fun


def kl_divergence(p, q):
    """KL(p || q), batched over the batch shape."""
    key = (type(p), type(q))
    if key not in _KL_MEMOIZE:
        _KL_MEMOIZE[key] = _dispatch_kl(*key)
    fun = _KL_MEMOIZE[key]
    if fun is NotImplemented:
        raise TorchNotImplementedError(
            f"No KL(p || q) is implemented for p type {p.__class__.__name__} and q type "
            f"{q.__class__.__name__}")
    return fun(p, q)
