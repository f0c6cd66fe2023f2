"""Tensor subclasses and `__torch_function__`, as PyTorch's "Extending torch" describes.

`class MyT(torch.Tensor):` in a formula derives from `SubclassTensor` (hidden from the class
tree a formula reads), whose every public method, property (get and set) and operator hands
the call to `type(self).__torch_function__(func, types, args, kwargs)`. Tensor's own (the
default) runs `func` with the dispatch turned off and gives its tensor results the subclass
(`as_subclass`), but `.grad`'s. torch's functions (and Tensor's methods called on a plain
tensor) ask for `__torch_function__` on the slow path of their argument check (argparser:
`_overridden`), which an argument of a type other than a plain tensor's takes, so a plain
tensor pays nothing more; nn.functional's Python functions without that check, torch.norm
and torch.split ask in a thin wrapper (argparser: `_python_function`). Only once a class with
`__torch_function__` was made in the run (ACTIVE) do they scan their arguments.
"""
from __future__ import annotations

import functools
import warnings
from types import FunctionType

from ._tensor import Size, Tensor
from .argparser import PUBLIC, TORCH_FUNCTION

#: Whether a class with `__torch_function__` (a formula's Tensor subclass or tensor-like
#: class) was made: the argument check's slow path scans arguments for one only then.
ACTIVE = TORCH_FUNCTION
#: > 0 while Tensor.__torch_function__ runs its function (DisableTorchFunctionSubclass).
DISABLED = [0]


class TensorBase:
    """What a formula sees of torch._C.TensorBase: torch.Tensor's base class in
    `MyT.__mro__` (gradcli's Tensor has no C base)."""

    __torch_name__ = "torch._C.TensorBase"
    __gradcli_safe__ = True


def relevant_types(args, kwargs) -> list:
    """The classes of the arguments whose `__torch_function__` a call asks, in PyTorch's
    order: as the arguments come (tensors in a list or tuple too), a subclass before its
    base class."""
    found: list = []
    for item in _arguments(args, kwargs):
        kind = type(item)
        if kind is Tensor or kind in found or \
                getattr(kind, "__gradcli_tf__", False) is not True:
            continue
        for i, other in enumerate(found):
            if issubclass(kind, other):
                found.insert(i, kind)
                break
        else:
            found.append(kind)
    return found


def _arguments(args, kwargs):
    """A call's arguments as PyTorch's dispatch looks at them: each argument, and the items
    of one that is a list or tuple."""
    for value in (*args, *(kwargs.values() if kwargs else ())):
        if type(value) in (list, tuple):
            yield from value
        else:
            yield value


def overridden(func, args, kwargs, kind: str = "torch"):
    """The result of `func(*args, **kwargs)` (of `kind`: see `dispatch`) as the arguments'
    `__torch_function__` give it, or NotImplemented when none of them has one (or the
    dispatch is off)."""
    if DISABLED[0]:
        return NotImplemented
    found = relevant_types(args, kwargs)
    if not found:
        return NotImplemented
    if kind == "method" and type(func) is FunctionType:   # as a formula reads it
        from .lang.callables import class_attribute
        func = class_attribute(Tensor, func.__name__, func)
    return dispatch(PUBLIC.get(func, func), found, tuple(args), kwargs, kind)


def dispatch(func, found: list, args: tuple, kwargs, kind: str = "torch"):
    """Ask each class of `found` in turn, until one answers other than NotImplemented; else
    PyTorch's TypeError naming `func`, of `kind` 'torch' (torch.<name>), 'method' (a Tensor
    method PyTorch writes in C++), 'python' (one it writes in Python), 'operator' (which
    answers NotImplemented itself, so that Python refuses the operands) or the Python module
    of a function PyTorch writes in Python ('torch.nn.functional')."""
    types = tuple(found)
    for klass in found:
        handler = _handler(klass, args, kwargs)
        out = handler(func, types, args, kwargs)
        if out is not NotImplemented:
            return out
    if kind == "operator":
        return NotImplemented
    from .errors import TorchTypeError
    name = getattr(func, "__name__", None) or getattr(getattr(func, "function", None),
                                                      "__name__", "?")
    if kind not in ("torch", "method"):             # a function PyTorch writes in Python
        where = "torch._tensor" if kind == "python" else kind
        raise TorchTypeError(f"no implementation found for '{where}.{name}' on types "
                             f"that implement __torch_function__: "
                             f"[{', '.join(_class_text(k) for k in found)}]")
    shown = f"torch.Tensor.{name}" if kind == "method" else f"torch.{name}"
    lines = "".join(f"  - tensor subclass {_class_text(k)}\n" for k in found)
    raise TorchTypeError(f"Multiple dispatch failed for '{shown}'; all __torch_function__ "
                         f"handlers returned NotImplemented:\n\n{lines}\nFor more "
                         "information, try re-running with TORCH_LOGS=not_implemented")


def _handler(klass, args, kwargs):
    """klass's __torch_function__, bound to the class (a classmethod), or with PyTorch's
    warning, to the first argument of that class (a plain method, deprecated)."""
    for k in klass.__mro__:
        raw = k.__dict__.get("__torch_function__")
        if raw is not None:
            break
    if raw is None or isinstance(raw, (classmethod, staticmethod)):
        return klass.__torch_function__
    warnings.warn("Defining your `__torch_function__` as a plain method is deprecated and "
                  "will be an error in future, please define it as a classmethod. (Triggered "
                  "internally at /__w/pytorch/pytorch/torch/csrc/utils/python_arg_parser.cpp:"
                  "359.)", UserWarning, stacklevel=3)
    for item in _arguments(args, kwargs):
        if type(item) is klass:
            return raw.__get__(item, klass)
    return klass.__torch_function__


def _class_text(kind) -> str:
    return f"<class '{kind.__module__}.{kind.__qualname__}'>"


def default_torch_function(cls, func, types, args=(), kwargs=None):
    """torch.Tensor.__torch_function__: `func` run with the dispatch off, its tensor results
    (in a tuple or list too) of class `cls` (`as_subclass`); `.grad`'s stays as it is."""
    if kwargs is None:
        kwargs = {}
    for kind in types:
        if not issubclass(cls, kind):
            return NotImplemented
    DISABLED[0] += 1
    try:
        out = func(*args, **kwargs)
        if getattr(func, "__gradcli_nowrap__", False):
            return out
        return _convert(out, cls)
    finally:
        DISABLED[0] -= 1


def _convert(out, cls):
    if isinstance(out, Tensor):
        return out if isinstance(out, cls) or cls is Tensor else as_subclass(out, cls)
    if type(out) is list or isinstance(out, tuple) and not isinstance(out, Size):
        items = [_convert(item, cls) for item in out]
        if all(a is b for a, b in zip(items, out)):
            return out
        return items if type(out) is list else (
            tuple(items) if type(out) is tuple else type(out)(items))
    return out


def as_subclass(self, cls):
    """`t.as_subclass(cls)`: an alias of `t` (same data, its version counter; with history,
    AliasBackward0) whose class is `cls`, a subclass of torch.Tensor."""
    from .errors import TorchTypeError
    if not isinstance(cls, type):
        raise TorchTypeError(f"cls must be a type (got {type(cls).__name__})")
    if not issubclass(cls, Tensor):
        raise TorchTypeError("Creating a Tensor subclass from a class that does not inherit "
                             "from Tensor is not possible. Make sure your class inherits from "
                             "Tensor.")
    from .ops.shape import _alias_view
    out = _alias_view(self)
    if cls is not Tensor:
        out.__class__ = cls
    return out


def is_tensor_like(value) -> bool:
    """torch.overrides.is_tensor_like: a tensor, or anything with `__torch_function__` (a
    tensor-like class too)."""
    return type(value) is Tensor or hasattr(value, "__torch_function__")


# -- the hidden base of a formula's Tensor subclass -------------------------------------------

#: operators: (the function's name PyTorch hands to __torch_function__, the Tensor method
#: that computes it, whether it gets kwargs {} rather than None). PyTorch's operators are its
#: methods (`x + 1` is Tensor.add), but those it writes in Python (`__rsub__` ...).
_OPERATORS = {
    "__add__": ("add", "add", False), "__radd__": ("add", "add", False),
    "__sub__": ("sub", "sub", False), "__rsub__": ("__rsub__", "__rsub__", True),
    "__mul__": ("mul", "mul", False), "__rmul__": ("mul", "mul", False),
    "__truediv__": ("div", "div", False), "__rtruediv__": ("__rdiv__", "__rtruediv__", True),
    "__floordiv__": ("__floordiv__", "__floordiv__", True),
    "__rfloordiv__": ("__rfloordiv__", "__rfloordiv__", True),
    "__mod__": ("remainder", "remainder", False), "__rmod__": ("__rmod__", "__rmod__", True),
    "__pow__": ("pow", "pow", True), "__rpow__": ("__rpow__", "__rpow__", True),
    "__matmul__": ("matmul", "matmul", False),
    "__neg__": ("neg", "neg", False), "__pos__": ("positive", "positive", False),
    "__abs__": ("abs", "abs", False),
    "__lt__": ("lt", "lt", False), "__le__": ("le", "le", False),
    "__gt__": ("gt", "gt", False), "__ge__": ("ge", "ge", False),
    "__ne__": ("ne", "ne", False), "__eq__": ("__eq__", "__eq__", False),
    "__iadd__": ("add_", "add_", False), "__isub__": ("sub_", "sub_", False),
    "__imul__": ("mul_", "mul_", False), "__itruediv__": ("div_", "div_", False),
    "__len__": ("__len__", "__len__", True), "__contains__": ("__contains__", "__contains__",
                                                             True),
    "__format__": ("__format__", "__format__", True),
}
#: reflected operators whose plain-tensor left operand PyTorch's own operator takes first
#: (`p + x` is Tensor.add(p, x)): Python asks the subclass's reflected one first here
_SWAPPED = {"__radd__", "__rmul__"}
#: what refuses a call to one of _OPERATORS that every __torch_function__ declines
#: (otherwise the operator answers NotImplemented)
_OPERATOR_KINDS = {"__len__": "python", "__contains__": "python", "__format__": "python",
                   "__iadd__": "method", "__isub__": "method", "__imul__": "method",
                   "__itruediv__": "method"}
#: special methods handed on by their own name (kwargs None)
_SPECIAL = ("__getitem__", "__setitem__", "__float__", "__int__", "__bool__", "__index__",
            "__complex__", "__rmatmul__", "__and__", "__or__", "__xor__", "__rand__",
            "__ror__", "__rxor__", "__invert__", "__lshift__", "__rshift__",
            "__ifloordiv__", "__ipow__", "__imod__", "__iand__", "__ior__", "__ixor__",
            "__array__", "__reversed__")
#: Tensor attributes a subclass keeps as they are
_KEPT = frozenset({"__torch_function__", "__gradcli_getattr__", "__getattr__", "__init__",
                   "__new__", "__dir__", "__hash__", "__setattr__", "__delattr__",
                   "__getattribute__", "__init_subclass__", "__subclasshook__", "__deepcopy__",
                   "__class__", "__reduce__", "__reduce_ex__", "__sizeof__", "__weakref__",
                   "__dict__", "__slots__", "__module__", "__doc__", "__qualname__",
                   "__array_priority__", "as_subclass", "__iter__", "__repr__", "__str__"})


def _named(fn, name: str, method=None, python=False):
    """`fn` as __torch_function__'s `func` shows: named `name`; Tensor's method `method`
    as a formula reads it (`torch.Tensor.add`, the key a formula's table of handlers has)."""
    if method is not None and getattr(method, "__name__", None) == name and not python:
        from .lang.callables import class_attribute
        return class_attribute(Tensor, name, method)

    def func(*args, **kwargs):
        return fn(*args, **kwargs)
    func.__name__ = name
    func.__qualname__ = f"Tensor.{name}"          # (PyTorch's, written in Python)
    return func


def _method(name: str, original):
    shown = name if name in _SPECIAL else getattr(original, "__name__", name)
    func = _named(original, shown, original)

    def method(self, *args, **kwargs):
        if DISABLED[0]:
            return original(self, *args, **kwargs)
        return dispatch(func, relevant_types((self,) + args, kwargs), (self,) + args,
                        kwargs or None, "method")
    method.__name__, method.__qualname__ = name, f"Tensor.{name}"
    method.__doc__ = getattr(original, "__doc__", None)
    return method


def _operator(dunder: str, shown: str, target: str, python: bool):
    original = getattr(Tensor, dunder)
    func = _named(getattr(Tensor, target), shown, getattr(Tensor, target, None), python)
    swapped = dunder in _SWAPPED

    def method(self, *args):
        if DISABLED[0]:
            return original(self, *args)
        if swapped and isinstance(args[0], Tensor):
            call_args = (args[0], self)
        else:
            call_args = (self,) + args
        return dispatch(func, relevant_types(call_args, None), call_args,
                        {} if python else None, _OPERATOR_KINDS.get(dunder, "operator"))
    method.__name__, method.__qualname__ = dunder, f"Tensor.{dunder}"
    return method


def _getter(name: str, prop: property):
    def __get__(self):
        return prop.fget(self)
    if name == "grad":
        __get__.__gradcli_nowrap__ = True

    def get(self):
        if DISABLED[0]:
            return prop.fget(self)
        return dispatch(__get__, relevant_types((self,), None), (self,), None, "method")
    setter = prop.fset
    if setter is None:
        return property(get, None, prop.fdel, prop.__doc__)

    def __set__(self, value):
        return setter(self, value)

    def set_(self, value):
        if DISABLED[0]:
            setter(self, value)
        else:
            dispatch(__set__, relevant_types((self, value), None), (self, value), None,
                     "method")
    return property(get, set_, prop.fdel, prop.__doc__)


def _repr(self):
    if DISABLED[0]:
        return tensor_repr(self)
    return dispatch(_REPR, relevant_types((self,), None), (self,), {"tensor_contents": None},
                    "python")


def tensor_repr(self, *, tensor_contents=None):
    """torch.Tensor.__repr__ as a formula reads it (and a __torch_function__ is given it): a
    formula's subclass's name in the place of `tensor`."""
    if not isinstance(self, Tensor):
        from .errors import TorchTypeError
        raise TorchTypeError("is_functorch_wrapped_tensor(): incompatible function "
                             "arguments. The following argument types are supported:\n"
                             "    1. (arg0: torch.Tensor) -> bool\n\nInvoked with: "
                             f"{self!r}")
    if isinstance(self, subclass_base()):
        return self._text(f"{type(self).__name__}(")
    return Tensor.__repr__(self)


tensor_repr.__name__ = "__repr__"
tensor_repr.__qualname__ = "Tensor.__repr__"
_REPR = tensor_repr


def _deepcopy(self, memo):
    """Tensor.__deepcopy__ of a subclass: PyTorch's asks new_empty() (with the dispatch off
    under the default __torch_function__) for an instance of the same class first."""
    new = self.new_empty([])
    if type(new) is not type(self):
        from .errors import TorchRuntimeError
        raise TorchRuntimeError(
            "The default implementation of __deepcopy__() for non-wrapper subclasses only "
            "works for subclass types that implement new_empty() and for which that function "
            "returns another instance of the same subclass. You should either properly "
            "implement new_empty() for your subclass or override __deepcopy__() if it is "
            "intended behavior for new_empty() to return an instance of a different type.")
    out = Tensor.__deepcopy__(self, memo)
    if type(out) is not type(self):
        out.__class__ = type(self)
    return out


_deepcopy.__name__ = _deepcopy.__qualname__ = "__deepcopy__"


def _str(self):
    """str(): the class's repr (a subclass's own __repr__ too), as object's __str__."""
    return repr(self)


def _new(cls, *args, **kwargs):
    """`MyT(data)`: PyTorch's legacy constructor (Tensor's), making an instance of cls."""
    self = object.__new__(cls)
    Tensor.__init__(self, *args, **kwargs)
    return self


def _init(self, *args, **kwargs):
    """Nothing to do: __new__ made the tensor (a subclass's own __init__ takes the same
    arguments after it)."""


def _iter(self):
    """PyTorch's Tensor.__iter__, in Python: dim() then unbind(0), both handed on."""
    if self.dim() == 0:
        from .errors import TorchTypeError
        raise TorchTypeError("iteration over a 0-d tensor")
    return iter(self.unbind(0))


@functools.lru_cache(maxsize=1)
def subclass_base() -> type:
    """The hidden base class of a formula's `class MyT(torch.Tensor):`."""
    from . import ops
    ops.complete(None, "tensor")
    space: dict = {"__slots__": (), "__module__": "torch", "__gradcli_tf__": True,
                   "__deepcopy__": _method("__deepcopy__", _deepcopy),
                   "__gradcli_hidden_base__": True, "__hash__": Tensor.__hash__,
                   "__repr__": _repr, "__str__": _str, "__iter__": _iter,
                   "__new__": _new, "__init__": _init}
    seen: dict = {}
    for klass in reversed(Tensor.__mro__):
        seen.update(vars(klass))
    for name, value in seen.items():
        if name in _KEPT or name in _OPERATORS or (name[:1] == "_" and name not in _SPECIAL):
            continue
        if isinstance(value, property):
            if value.fget is not None:
                space[name] = _getter(name, value)
        elif isinstance(value, (staticmethod, classmethod)) or not callable(value) \
                or isinstance(value, type):
            continue
        else:
            space[name] = _method(name, getattr(Tensor, name))
    for dunder, (shown, target, python) in _OPERATORS.items():
        if hasattr(Tensor, dunder):
            space[dunder] = _operator(dunder, shown, target, python)
    return type("SubclassTensor", (Tensor,), space)


def _has_torch_function(args) -> bool:
    """torch.overrides.has_torch_function: whether one of `args` (an iterable) is of a class
    with its own `__torch_function__`."""
    if not isinstance(args, (list, tuple)):
        from .errors import TorchTypeError
        raise TorchTypeError("expected a sequence")
    return bool(relevant_types(tuple(args), None))


def _has_torch_function_variadic(*args) -> bool:
    """torch.overrides.has_torch_function_variadic (and _unary): has_torch_function(args)."""
    return bool(relevant_types(args, None))


def overrides_members() -> dict:
    """What torch.overrides holds for a formula."""
    return {"has_torch_function": _has_torch_function,
            "has_torch_function_unary": _has_torch_function_variadic,
            "has_torch_function_variadic": _has_torch_function_variadic,
            "is_tensor_like": is_tensor_like}


def activate() -> None:
    """A class with `__torch_function__` was made: torch's functions ask for it from now."""
    ACTIVE[0] = True

