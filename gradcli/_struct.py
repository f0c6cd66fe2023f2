"""Plain record classes that cost next to nothing to define.

`dataclasses` writes and compiles an `__init__`, `__repr__` and `__eq__` for every class when
the module is imported: a quarter of a millisecond each, which for the syntax tree's and the
report model's sixty classes was a noticeable part of gradcli's start-up. A `Struct`
subclass declares its fields the same way (annotations, defaults, `field(default_factory=)`)
but compiles its `__init__` only when the first instance is made, and most runs make only a
few kinds of node.

    class Point(Struct):                 # slots and fields from the annotations
        x: int
        y: int = 0
        tags: list = field(default_factory=list)

Options as class keywords: `slots=False` gives instances a `__dict__`; `eq=True` compares
field by field (otherwise identity); `frozen=True` refuses assignment after `__init__` (and,
with `eq=True`, hashes the fields), as a frozen dataclass. Fields are inherited in
base-first order. `replace(obj, **changes)` and `asdict(obj)` are dataclasses' (shallow).

The engine's own records on the start-up path (limits, settings, positions, the op registry's
entries, batch results) are Structs for the same reason: `dataclasses` compiles ~0.45 ms of
methods for each, ~4 ms of every run for nine of them. A formula's `@dataclass` is Python's.
"""
from __future__ import annotations

_MISSING = object()


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make):
        self.make = make


def field(*, default_factory):
    """A field whose default is made anew for each instance (as dataclasses.field)."""
    return _Factory(default_factory)


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen Struct (dataclasses.FrozenInstanceError's text)."""


def _compile_init(cls) -> object:
    names, lines, env = [], [], {"_MISSING": _MISSING, "_set": object.__setattr__}
    frozen = cls._frozen
    for name in cls._fields:
        assign = f"_set(self, {name!r}, {{}})" if frozen else f"self.{name} = {{}}"
        if name in cls._defaults:
            default = cls._defaults[name]
            env[f"_d_{name}"] = default
            if isinstance(default, _Factory):
                names.append(f"{name}=_MISSING")
                lines.append(assign.format(f"_d_{name}.make() if {name} is _MISSING else {name}"))
                continue
            names.append(f"{name}=_d_{name}")
        else:
            names.append(name)
        lines.append(assign.format(name))
    source = f"def __init__(self, {', '.join(names)}):\n    " + "\n    ".join(lines or ["pass"])
    exec(source, env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _first_init(self, *args, **kwargs):
    """Stands in for a class's `__init__` until its first instance: compiles the real one."""
    cls = type(self)
    init = _compile_init(cls)
    cls.__init__ = init
    init(self, *args, **kwargs)


class _StructType(type):
    def __new__(mcls, name, bases, namespace, slots=True, eq=None, frozen=False):
        own = list(namespace.get("__annotations__", {}))
        defaults = {}
        for field_name in own:
            if field_name in namespace:
                defaults[field_name] = namespace.pop(field_name)
        if slots and "__slots__" not in namespace:
            namespace["__slots__"] = tuple(own)
        cls = super().__new__(mcls, name, bases, namespace)
        inherited = [f for f in getattr(cls, "_fields", ()) if f not in own]
        cls._fields = tuple(inherited + own)
        cls._defaults = {**getattr(cls, "_defaults", {}), **defaults}
        if "__init__" not in namespace:
            cls.__init__ = _first_init
        cls._frozen = frozen or getattr(cls, "_frozen", False)
        if eq:
            cls.__eq__ = _eq
            cls.__hash__ = _hash if frozen else None
        if frozen:
            cls.__setattr__ = _refuse_setattr
            cls.__delattr__ = _refuse_delattr
            cls.__reduce__ = _reduce_frozen     # pickle and copy: through __init__
        return cls


def _refuse_setattr(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delattr(self, name):
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _reduce_frozen(self):
    return type(self), tuple(getattr(self, f) for f in self._fields)


def _hash(self):
    return hash(tuple(getattr(self, f) for f in self._fields))


def _eq(self, other):
    if other.__class__ is not self.__class__:
        return NotImplemented
    return tuple(getattr(self, f) for f in self._fields) == \
        tuple(getattr(other, f) for f in other._fields)


class Struct(metaclass=_StructType):
    """Base of the record classes; see the module docstring."""

    __slots__ = ()
    _fields = ()
    _defaults = {}
    _frozen = False

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({inner})"


def replace(obj: Struct, **changes) -> Struct:
    """A copy of `obj` with some fields changed (dataclasses.replace)."""
    unknown = [name for name in changes if name not in obj._fields]
    if unknown:
        raise TypeError(f"{type(obj).__name__}.__init__() got an unexpected keyword argument "
                        f"{unknown[0]!r}")
    return type(obj)(**{f: changes[f] if f in changes else getattr(obj, f)
                        for f in obj._fields})


def asdict(obj: Struct) -> dict:
    """The fields and their values, in order (shallow, unlike dataclasses.asdict)."""
    return {f: getattr(obj, f) for f in obj._fields}
