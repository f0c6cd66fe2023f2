"""`class Net(nn.Module):` (or `class Meter:`) in a formula, and the `super()` its methods call.

A module class is a real Python subclass of the base the formula names (nn.Module, Dataset,
or another formula class), so registration, `parameters()`, `repr()` and the optimizers
treat it as any other module; a class without a base is a plain formula-safe class. Its methods are the formula's functions: each is wrapped in a Python
function that runs it on the formula's VM (a nested run, bounded by the call-depth limit),
and each carries its class in the last entry of its closure, so a zero-argument `super()` in
it finds the class as Python's `__class__` cell would. `super()` gives a `SuperProxy`, which
hands out the base class's attributes and nothing private but `__init__`.
"""
from __future__ import annotations

from ..errors import EvalError, GradcliError

#: The key under which a method's closure holds its class (not a string: no formula name can
#: reach it).
OWNER = object()


def is_module_base(base) -> bool:
    """Whether `class X(base):` makes a module class (base is nn.Module or a subclass)."""
    if not isinstance(base, type):
        return False
    from ..nn import Module
    return issubclass(base, Module)


def is_dataset_base(base) -> bool:
    """Whether `class X(base):` makes a dataset or sampler class (base is
    torch.utils.data.Dataset, Sampler or a subclass): its `__len__`, `__getitem__` and
    `__iter__` serve len(), indexing and DataLoader."""
    if not isinstance(base, type):
        return False
    from ..utils.data import Dataset, Sampler
    return issubclass(base, (Dataset, Sampler))


def is_optim_base(base) -> bool:
    """Whether `class X(base):` makes an optimizer or a learning-rate schedule (base is
    torch.optim.Optimizer, lr_scheduler.LRScheduler or a subclass): a custom optimizer's
    `step`, a custom schedule's `get_lr`."""
    if not isinstance(base, type):
        return False
    from ..optim import LRScheduler, Optimizer
    return issubclass(base, (Optimizer, LRScheduler))


def is_pruning_base(base) -> bool:
    """Whether `class X(base):` makes a pruning method (base is
    torch.nn.utils.prune.BasePruningMethod or a subclass): its `compute_mask`."""
    if not isinstance(base, type):
        return False
    from ..nn.utils.prune import BasePruningMethod
    return issubclass(base, BasePruningMethod)


def is_distribution_base(base) -> bool:
    """Whether `class X(base):` makes a distribution, a constraint or a transform (base is
    torch.distributions.Distribution, a distribution, constraints.Constraint or a
    Transform, whose `_call` and `_inverse` a formula's class may define)."""
    if not isinstance(base, type):
        return False
    from ..distributions.constraints import Constraint
    from ..distributions.distribution import Distribution
    from ..distributions.transforms import Transform
    return issubclass(base, (Distribution, Constraint, Transform))


def is_parameter_base(base) -> bool:
    """nn.Parameter or a subclass (`class P(nn.Parameter):`, as PyTorch allows)."""
    if not isinstance(base, type):
        return False
    from ..nn.parameter import Parameter, UninitializedParameter
    return issubclass(base, Parameter) and not issubclass(base, UninitializedParameter)


def is_tensor_base(base) -> bool:
    """torch.Tensor or a formula's subclass of it (`class MyT(torch.Tensor):`, subclass.py);
    not nn.Parameter, whose subclasses are is_parameter_base's."""
    from .._tensor import Tensor
    return base is Tensor or isinstance(base, type) and issubclass(base, Tensor) \
        and base.__dict__.get("__gradcli_formula_tensor__") is True


def is_formula_class(base) -> bool:
    """A class a formula made (`class A:`), which another may derive from."""
    return isinstance(base, type) and any(
        k.__dict__.get("__gradcli_formula_class__") is True for k in base.__mro__)


def is_exception_base(base) -> bool:
    """Whether `class X(base):` makes an exception class: base is one of the exception
    classes a formula can name (ValueError, Exception ...; not SystemExit or GeneratorExit,
    which only end a run) or a formula's own exception class."""
    from .exceptions import is_formula_exception, is_never_caught
    return isinstance(base, type) and issubclass(base, Exception) \
        and is_formula_exception(base) and not is_never_caught(base)


def is_named_tuple_base(base) -> bool:
    """`class Point(NamedTuple):` (typing.NamedTuple, a function in Python 3.11)."""
    import typing
    return base is typing.NamedTuple


def named_tuple_base(name: str, annotations, attributes: dict) -> type:
    """The named tuple `class name(NamedTuple):` stands for: a field for each annotation,
    in order, its default taken out of `attributes`; the formula class derives from it."""
    import collections
    fields = [field for field, _ in annotations]
    defaults: list = []
    first_default = None
    for field in fields:
        if field in attributes:
            defaults.append(attributes.pop(field))
            first_default = first_default or field
        elif first_default is not None:
            raise EvalError(f"TypeError: Non-default namedtuple field {field} cannot follow "
                            f"default field {first_default}")
    base = collections.namedtuple(name, fields, defaults=defaults or None, module="__main__")
    base.__gradcli_safe__ = True
    base.__gradcli_formula_class__ = True
    base.__gradcli_hidden_base__ = True      # not in the class tree a formula reads
    return base


def is_enum_base(base) -> bool:
    """`class Mode(Enum):`: one of enum's base classes, or a formula's enumeration without
    members (Python refuses to extend one that has them)."""
    import enum
    return isinstance(base, enum.EnumType) and (
        base.__module__ == "enum" or getattr(base, "__gradcli_safe__", False) is True)


def make_enum(vm, name: str, base: type, methods: dict, kinds: dict,
              attributes: dict) -> type:
    """The enumeration `class name(base):` with the members `attributes` and the formula
    functions `methods` (plain methods, staticmethods, classmethods and properties), made
    by enum's own metaclass so its members, `auto()` and errors are Python's."""
    from .vm import UserFunction
    meta = type(base)
    namespace = meta.__prepare__(name, (base,))
    namespace.update({"__module__": "__main__", "__qualname__": name})
    try:
        for key, value in attributes.items():
            namespace[key] = value
        for method_name, fn in methods.items():
            kind = kinds.get(method_name)
            if isinstance(fn, UserFunction):
                fn = _wrap(fn, f"{name}.{method_name}")
                fn = {"staticmethod": staticmethod, "classmethod": classmethod,
                      "property": property}.get(kind, lambda f: f)(fn)
            namespace[method_name] = fn
        cls = meta(name, (base,), namespace)
    except (TypeError, ValueError) as exc:           # a repeated name, a bad value
        raise EvalError(f"{type(exc).__name__}: {exc}") from None
    type.__setattr__(cls, "__gradcli_safe__", True)  # its members' name and value
    return cls


def is_typing_base(base) -> bool:
    """`class Shape(Protocol):`, `class Stack(Generic[T]):`: a plain class for a formula."""
    import typing
    return base is typing.Protocol or base is typing.Generic


def is_typed_dict_base(base) -> bool:
    """`class Options(TypedDict):` (typing.TypedDict, a function in Python 3.11)."""
    import typing
    return base is typing.TypedDict


def typed_dict(name: str, annotations) -> type:
    """The TypedDict `class name(TypedDict):` makes: calling it makes a plain dict."""
    import typing
    return typing.TypedDict(name, {key: text for key, text in annotations})


def is_class_base(base) -> bool:
    """Whether `class X(base):` may be made by make_class."""
    return is_module_base(base) or is_dataset_base(base) or is_formula_class(base) \
        or is_typing_base(base) \
        or is_exception_base(base) or is_optim_base(base) or is_pruning_base(base) \
        or is_distribution_base(base) or is_parameter_base(base) or is_tensor_base(base)


def make_class(vm, name: str, bases: tuple, methods: dict, kinds: dict,
               attributes: dict | None = None, accessors: list = (), order: tuple = ()) -> type:
    """The class of `class name(*bases):` (no bases: a plain class; an exception class:
    the formula's own exception, which `raise` and `except` take as Python's) with the class
    `attributes` and the formula functions `methods`, each a method, or what `kinds` says
    its decorator made it ('staticmethod', 'classmethod', 'property'), then `accessors`
    ((name, 'setter' or 'deleter', function), in order) added to the properties they name.
    Its instances are formula-safe: their public attributes can be read and set. `order`:
    the names in the body's order, which the class's `__dict__` keeps (each method's place
    held until it is made)."""
    from .vm import UserFunction
    attributes = attributes or {}
    _check_private(name, bases, methods, attributes)
    namespace = {"__module__": "__main__", "__qualname__": name}
    if "__annotations__" in attributes:
        namespace["__annotations__"] = attributes["__annotations__"]
    namespace.update((n, attributes.get(n)) for n in order if n in attributes or n in methods)
    namespace.update(attributes)
    if all(is_typing_base(b) for b in bases) or any(is_exception_base(b) for b in bases):
        namespace.update(__gradcli_safe__=True, __gradcli_formula_class__=True)
    if "__torch_function__" in methods or any(is_tensor_base(b) for b in bases):
        bases = _torch_function_class(bases, namespace)
    try:
        cls = type(name, bases or (object,), namespace)
    except TypeError as exc:         # an impossible method order, a layout conflict
        raise EvalError(f"TypeError: {exc}") from None
    made: dict = {}                     # id(fn) -> its first name (`__rmul__ = __mul__`)
    for method_name, fn in methods.items():
        if id(fn) in made:
            setattr(cls, method_name, cls.__dict__[made[id(fn)]])
            continue
        made[id(fn)] = method_name
        qualname = fn.code.qualname if isinstance(fn, UserFunction) \
            else f"{name}.{method_name}"           # (`A.B.f`, `f.<locals>.C.g`)
        kind = kinds.get(method_name)
        if kind == "staticmethod":
            setattr(cls, method_name, staticmethod(_wrap(fn, qualname)))
            continue
        if not isinstance(fn, UserFunction):    # made by another decorator: as it is
            setattr(cls, method_name, fn)
            if hasattr(type(fn), "__set_name__"):      # functools.cached_property
                fn.__set_name__(cls, method_name)
            continue
        owned = _wrap(UserFunction(fn.code, fn.defaults, fn.kwdefaults,
                                   fn.closure + ({OWNER: cls},), vm), qualname)
        if kind == "classmethod":
            owned = classmethod(owned)
        elif kind == "property":
            owned = property(_getter(owned) if hasattr(cls, "__getattr__") else owned)
        setattr(cls, method_name, owned)
        if kind == "property":
            owned.__set_name__(cls, method_name)     # named in its "has no setter" error
    for method_name, kind, fn in accessors:
        prop = cls.__dict__.get(method_name)
        if not isinstance(prop, property):
            raise EvalError(f"AttributeError: '{type(prop).__name__}' object has no "
                            f"attribute '{kind}'")
        owned = _wrap(UserFunction(fn.code, fn.defaults, fn.kwdefaults,
                                   fn.closure + ({OWNER: cls},), vm), f"{name}.{method_name}")
        prop = getattr(prop, kind)(owned)
        setattr(cls, method_name, prop)
        prop.__set_name__(cls, method_name)
    if "__eq__" in methods and "__hash__" not in methods:
        cls.__hash__ = None             # as Python's class statement: unhashable
    if hasattr(cls, "__abstractmethods__"):          # `class Shape(ABC):` (stdlib.py)
        import abc
        abc.update_abstractmethods(cls)
    return cls


#: Private methods of gradcli's bases that PyTorch documents as extension points: a formula's
#: nn.Module may define its own (state_dict and load_state_dict call them per module).
_OVERRIDABLE = frozenset({"_save_to_state_dict", "_load_from_state_dict"})


def _torch_function_class(bases: tuple, namespace: dict) -> tuple:
    """A Tensor subclass's bases (torch.Tensor: subclass.py's hidden base, whose methods hand
    calls to `__torch_function__`), or a tensor-like class's (`__torch_function__` without
    Tensor): from now on torch's functions ask its arguments for `__torch_function__`."""
    from ..subclass import activate, subclass_base
    from .._tensor import Tensor
    activate()
    namespace["__gradcli_tf__"] = True
    if any(is_tensor_base(b) for b in bases):
        namespace["__gradcli_formula_tensor__"] = True
        bases = tuple(subclass_base() if b is Tensor else b for b in bases)
    return bases


def _check_private(name: str, bases: tuple, methods: dict, attributes: dict) -> None:
    """A private method or class attribute (`def _helper(self)`, `_count = 0`) may not
    replace a name of a base class of gradcli's (`_call_impl` of nn.Module ...)."""
    from .guards import reserved_names
    private = [n for n in (*methods, *attributes) if n[:1] == "_" and n[1:2] != "_"
               and n not in _OVERRIDABLE]
    if not private or not bases:
        return
    try:
        probe = type(name, bases, {"__module__": "__main__"})
    except TypeError:
        return                              # make_class reports the impossible bases
    taken = reserved_names(probe)
    hooks = {n for b in probe.__mro__ for n in b.__dict__.get("__formula_hooks__", ())}
    for n in private:
        if n in taken and n not in hooks:
            what = "method" if n in methods else "attribute"
            raise EvalError(f"{what} '{n}' is not supported in gradcli formulas",
                            hint=f"'{n}' is a name of the base class "
                                 f"{', '.join(b.__name__ for b in bases)}: a formula's class "
                                 "may not replace it")


#: Special methods whose Python callers end a loop on one exception class: `__next__` on
#: StopIteration, `__getitem__` (iteration over a sequence) on IndexError.
_PROTOCOL_ENDS = {"__next__": StopIteration, "__getitem__": IndexError}


def _wrap(fn, qualname: str):
    """A Python function that runs the formula function `fn` (so it binds as a method)."""
    ends = _PROTOCOL_ENDS.get(qualname.rpartition(".")[2])

    def method(*args, **kwargs):
        if ends is None:
            return fn(*args, **kwargs)
        try:
            return fn(*args, **kwargs)
        except GradcliError as error:
            # list(it), `for`, zip() ... stop on Python's exception; it carries the error
            # (exceptions.py), so where it is not caught it still reads as raised in `fn`
            from .exceptions import formula_exception
            value = formula_exception(error)
            if type(value) is not ends:
                raise
            raise value from None
    method.__name__ = getattr(fn, "__name__", qualname.rpartition(".")[2])
    method.__qualname__ = qualname
    method.__doc__ = getattr(getattr(fn, "code", None), "doc", None)
    return method


def _getter(method):
    """A property's getter in a class with __getattr__ (nn.Module's): an AttributeError it
    raises is Python's, so that Python falls back on __getattr__ for the property's name
    (PyTorch's "'P' object has no attribute 'prop'")."""
    def getter(self):
        try:
            return method(self)
        except GradcliError as error:
            from .exceptions import formula_exception
            value = formula_exception(error)
            if not isinstance(value, AttributeError):
                raise
            raise value from None
    getter.__name__, getter.__qualname__ = method.__name__, method.__qualname__
    getter.__doc__ = method.__doc__
    return getter


class _Super:
    """What `super(...)` gives in a formula: its attributes by `attribute` (guards.py asks),
    none set, no private ones."""

    __gradcli_safe__ = True
    __gradcli_super__ = True
    __slots__ = ("_cls", "_other")

    def __init__(self, cls: type, other):
        object.__setattr__(self, "_cls", cls)
        object.__setattr__(self, "_other", other)

    @staticmethod
    def _public(name: str) -> None:
        if name.startswith("_") and name != "__init__" and name != "__torch_function__":
            raise EvalError(f"attribute '{name}' is not available in gradcli formulas",
                            hint="names starting with '_' are private")

    def __setattr__(self, key, value):
        raise EvalError("cannot set attributes of a 'super' value in gradcli formulas")


class SuperProxy(_Super):
    """`super()` or `super(Class, obj)`: the attributes of the classes after `cls` in the
    instance's method order, bound to the instance (`_other`)."""

    __slots__ = ()

    def attribute(self, name: str):
        """The base classes' `name` bound to the instance (public names and `__init__`)."""
        self._public(name)
        try:
            return getattr(super(self._cls, self._other), name)
        except AttributeError:
            raise EvalError(f"AttributeError: 'super' object has no attribute '{name}'") \
                from None

    def __repr__(self):
        return (f"<super: <class '{self._cls.__name__}'>, <{type(self._other).__name__} "
                "object>>")


class UnboundSuper(_Super):
    """`super(Class)`: Python's unbound super object (`_other`: the run's VM). Its use in
    practice, `super(C).__init__()` in a method (PyTorch's IterableDataset examples), binds
    it to the method's class and instance and does nothing else; it has no other
    attributes."""

    __slots__ = ()

    def attribute(self, name: str):
        self._public(name)
        if name == "__init__":
            def init():
                _method_context(self._other)   # outside a method: Python's RuntimeError
            return init
        raise EvalError(f"AttributeError: 'super' object has no attribute '{name}'")

    def __repr__(self):
        return f"<super: <class '{self._cls.__name__}'>, NULL>"


def make_super(vm):
    """The `super` builtin of one run: `super()` in a method, or `super(Class, self)`."""
    def super_(*args):
        if len(args) == 2:
            cls, obj = args
            if not is_class_base(cls):
                raise EvalError("super(type, obj): gradcli formulas support super() only in "
                                "the methods of a class the formula defines")
            if not isinstance(obj, cls):
                raise EvalError("TypeError: super(type, obj): obj must be an instance or "
                                "subtype of type")
            return SuperProxy(cls, obj)
        if len(args) == 1:
            if not isinstance(args[0], type):
                raise EvalError(f"TypeError: super() argument 1 must be a type, not "
                                f"{type(args[0]).__name__}")
            return UnboundSuper(args[0], vm)
        if args:
            raise EvalError(f"TypeError: super() expected at most 2 arguments, got {len(args)}")
        return SuperProxy(*_method_context(vm))
    super_.__name__ = "super"
    return super_


def _method_context(vm):
    """(class, first argument) of the method running in the innermost formula frame."""
    frame = vm.frames[-1]
    if not frame.code.is_function:
        raise EvalError("RuntimeError: super(): no arguments",
                        hint="super() works in the methods of a `class Name(nn.Module):`")
    closure = frame.closure
    owner = closure[-1].get(OWNER) if closure and isinstance(closure[-1], dict) else None
    if owner is None:
        raise EvalError("RuntimeError: super(): __class__ cell not found",
                        hint="super() works in the methods of a `class Name(nn.Module):`")
    names = frame.code.params.names if frame.code.params is not None else []
    if not names or names[0] not in frame.locals:
        raise EvalError("RuntimeError: super(): no arguments")
    obj = frame.locals[names[0]]
    if not isinstance(obj, owner) and not (isinstance(obj, type) and issubclass(obj, owner)):
        raise EvalError("TypeError: super(type, obj): obj must be an instance or subtype of "
                        "type")
    return owner, obj


def metaclass_bases(vm, bases: list) -> list:
    """The bases of `class C(..., metaclass=ABCMeta)`: abc's ABC in the metaclass's place
    (the one metaclass a formula may name: it makes `@abstractmethod` hold, as `ABC`)."""
    import abc
    made = []
    for base in bases:
        if isinstance(base, type) and issubclass(base, type):
            if base is not abc.ABCMeta:
                raise EvalError(f"metaclass '{base.__name__}' is not supported in gradcli "
                                "formulas", hint="abc.ABCMeta is")
            base = vm.import_module("abc")[1].ABC
            if any(isinstance(b, type) and issubclass(b, base) for b in bases):
                continue
        made.append(base)
    return made
