"""The Python builtins a formula can call, and the names it is told it cannot.

In a one-liner, `abs`, `min`, `max`, `sum`, `round`, `pow`, `any` and `all` are torch's
function when an argument is a tensor (`sum(x*x)` is torch.sum) and Python's otherwise. In a
formula file they are Python's, as in the PyTorch program the file also is (`sum(x)` adds
the rows of x). Python's side goes through the guards, so `sum(range(10**12))` or
`pow(9, 9**9)` stop at a limit.
"""
from __future__ import annotations

import builtins as _py
import operator
from types import (BuiltinFunctionType, FunctionType, GetSetDescriptorType,
                   MethodDescriptorType, MethodType)

import numpy as np

from ..errors import EvalError
from .classes import make_super
from .callables import TensorMethod
from .exceptions import EXCEPTIONS

#: Builtins that exist in Python but not in formulas, with the reason a user is told.
UNAVAILABLE = {
    name: "gradcli formulas cannot read files, run code or inspect objects"
    for name in ("open", "eval", "exec", "compile", "__import__", "globals", "locals",
                 "object",
                 "input", "breakpoint", "help", "exit", "quit", "memoryview",
                 "classmethod", "property", "staticmethod")
}
UNAVAILABLE.update(exit="use sys.exit() (import sys) to end a formula early",
                   quit="use sys.exit() (import sys) to end a formula early")

# keyword arguments each Python builtin takes (others mean torch's version: dim=, keepdim=)
_PY_KEYWORDS = {"min": {"key", "default"}, "max": {"key", "default"}, "sum": {"start"},
                "round": {"ndigits"}, "pow": {"base", "exp", "mod"}, "abs": set(),
                "any": set(), "all": set(), "complex": {"real", "imag"}}


# The names a script's module has before its first line (dir() at the top level)
_SCRIPT_NAMES = ("__annotations__", "__builtins__", "__cached__", "__doc__", "__file__",
                 "__loader__", "__name__", "__package__", "__spec__")

#: Every builtin name a formula has, besides the engine's (and the exception classes).
BUILTIN_NAMES = frozenset({
    "print", "range", "len", "float", "int", "bool", "str", "repr", "list", "tuple", "dict",
    "set", "type", "enumerate", "zip", "reversed", "sorted", "isinstance", "callable",
    "divmod", "format", "chr", "ord", "abs", "min", "max", "sum", "round", "pow", "any",
    "all", "super", "__name__", "map", "filter", "iter", "next", "frozenset", "slice",
    "hex", "oct", "bin", "getattr", "setattr", "hasattr", "delattr", "ascii", "hash", "issubclass",
    "id", "NotImplemented", "Ellipsis", "complex", "vars", "dir", "bytes", "bytearray"}) \
    | frozenset(EXCEPTIONS)


_PLAIN_TYPES = frozenset((int, float, complex, bool, str, list, tuple, dict, set, frozenset,
                          type(None), range, slice))


def class_text(cls: type) -> str:
    """How PyTorch prints a class: `<class 'torch.Tensor'>`, `<class 'MulBackward0'>`,
    `<class 'torch.autograd.grad_mode.no_grad'>` (gradcli's own module names are PyTorch's
    with `torch` for `gradcli`)."""
    from ..autograd.graph import Node
    from .._tensor import Tensor
    from ..autograd.function import FunctionCtx
    if issubclass(cls, FunctionCtx):                # a custom Function's node
        return f"<class 'torch.autograd.function.{cls.__name__}'>"
    if issubclass(cls, Node) and cls is not Node and cls.__module__.startswith("gradcli"):
        return f"<class '{cls.__name__}'>"          # PyTorch's C++ nodes have no module
    name = getattr(cls, "__torch_name__", None)
    if name is None and cls.__module__.startswith("gradcli"):
        module = "torch" if cls is Tensor or cls.__module__ in (
            "gradcli._tensor", "gradcli.dtypes", "gradcli.devices", "gradcli._struct") \
            else "torch" + cls.__module__[len("gradcli"):]
        name = f"{module}.{cls.__qualname__}"
    return f"<class '{name}'>" if name else repr(cls)


def _no_new_function(*args, **kwargs):
    """`type(f)(...)`: Python's refusal (a formula has no code objects to give it)."""
    if not args:
        raise TypeError("function() missing required argument 'code' (pos 1)")
    raise TypeError(f"function() argument 'code' must be code, not {type(args[0]).__name__}")


def _user_function() -> type:
    from .vm import UserFunction
    return UserFunction


class BuiltinType:
    """A builtin type whose call goes through the guards (`list(...)` is `bounded_list`),
    and which is that type everywhere else: isinstance/issubclass, ==, `is` (guards.py
    unwraps it), printing and as a factory (`defaultdict(list)`, stdlib.py unwraps it)."""

    __slots__ = ("type", "call")

    def __init__(self, cls: type, call):
        self.type = cls
        self.call = call

    def __call__(self, *args, **kwargs):
        try:
            return self.call(*args, **kwargs)
        except TypeError as exc:
            text = call_error_text(self.call, args, kwargs) \
                if exc.__traceback__.tb_next is None else None     # did not bind
            if text is None:
                raise
            raise TypeError(text) from None

    def __instancecheck__(self, obj) -> bool:
        if self.type in _FUNCTION_TYPES:        # what PyTorch's program sees (callables.py)
            from .callables import python_type
            seen = python_type(obj)
            if seen is not None:
                return seen is self.type
            if self.type is FunctionType:       # FUNCTION_TYPE: a formula's function too
                return isinstance(obj, (FunctionType, _user_function()))
        return isinstance(obj, self.type)

    def __subclasscheck__(self, cls) -> bool:
        return issubclass(cls, self.type)

    def __eq__(self, other):
        return other is self.type or other is self

    def __hash__(self):
        return hash(self.type)

    def __repr__(self):
        return class_text(self.type)


def _is_missing_attribute(err) -> bool:
    """An error that means "no such attribute" (getattr's default applies), not a refusal."""
    return "has no attribute" in err.message


#: what type() gives for a formula's function: Python's `function` type (the formula's
#: functions are its instances), which makes none
FUNCTION_TYPE = BuiltinType(FunctionType, _no_new_function)


def _no_new(cls: type):
    def refuse(*args, **kwargs):
        raise TypeError(f"cannot create '{cls.__name__}' instances")
    return refuse


#: type() of torch's C functions and Python's builtins, and of torch.Tensor's unbound C
#: methods (callables.py says which is which)
BUILTIN_FUNCTION_TYPE = BuiltinType(BuiltinFunctionType, _no_new(BuiltinFunctionType))
METHOD_DESCRIPTOR_TYPE = BuiltinType(MethodDescriptorType, _no_new(MethodDescriptorType))
METHOD_TYPE = BuiltinType(MethodType, MethodType)
GETSET_TYPE = BuiltinType(GetSetDescriptorType, _no_new(GetSetDescriptorType))
_FUNCTION_TYPES = (FunctionType, BuiltinFunctionType, MethodDescriptorType,
                   GetSetDescriptorType)
_SHOWN_TYPES = {FunctionType: FUNCTION_TYPE, BuiltinFunctionType: BUILTIN_FUNCTION_TYPE,
                MethodDescriptorType: METHOD_DESCRIPTOR_TYPE, MethodType: METHOD_TYPE,
                GetSetDescriptorType: GETSET_TYPE}


def class_namespace(cls: type, function_base):
    """A formula class's `__dict__` as Python's vars(cls) gives it (make_class keeps the
    body's order), less gradcli's own marks. (Other classes' hold functions that reach past
    the guards: `object.__dict__['__getattribute__']`; a custom Function's is made its own
    way, not in PyTorch's order and without its `_backward_cls`.)"""
    from types import MappingProxyType
    if function_base is not None and issubclass(cls, function_base):
        raise EvalError("vars() of a custom autograd Function is not available in gradcli "
                        "formulas")
    return MappingProxyType({k: v for k, v in cls.__dict__.items()
                             if not k.startswith("__gradcli")})


def unwrap_type(value):
    """The type a BuiltinType stands for; any other value as it is."""
    return value.type if type(value) is BuiltinType else value


def repr_(obj):
    if type(obj) in _CONTAINERS:
        return _container_text(obj)
    return class_text(obj) if isinstance(obj, type) else _function_text(obj) or repr(obj)


def text(obj) -> str:
    """str(obj) as PyTorch's program would print it (classes by `class_text`, torch's
    functions and a tensor's methods as PyTorch shows them: callables.py), also inside
    lists, tuples, dicts and sets."""
    if type(obj) in _CONTAINERS:
        return _container_text(obj)
    return class_text(obj) if isinstance(obj, type) else _function_text(obj) or str(obj)


_CONTAINERS = {list: "[...]", tuple: "(...)", dict: "{...}", set: "set(...)",
               frozenset: "frozenset(...)"}
_SHOWN_OWN_WAY = (FunctionType, MethodType, property, TensorMethod)   # (and classes): repr_


def shown_own_way(value) -> bool:
    """Whether text()/repr_() show `value` otherwise than Python's str()/repr() would."""
    kind = type(value)
    if kind in _CONTAINERS:
        return _has_own_way(value)
    if kind is BuiltinType:                 # `list`: <class 'list'>, as its type's repr
        return True
    if kind in _SHOWN_OWN_WAY:
        return _function_text(value) is not None
    return isinstance(value, type) and class_text(value) != repr(value)


def _container_text(obj) -> str:
    """Python's repr of nested lists, tuples, dicts and sets, with the values `repr_` shows
    its own way (classes, torch's functions) shown so; written with a stack, not recursion
    (a formula sets the depth)."""
    if not _has_own_way(obj):
        return repr(obj)
    out: list = []
    entered: set = set()
    stack = [(iter((_Item(obj),)), None)]
    while stack:
        piece = next(stack[-1][0], None)
        if piece is None:
            entered.discard(stack.pop()[1])
        elif type(piece) is str:
            out.append(piece)
        elif type(piece.value) not in _CONTAINERS:
            out.append(repr_(piece.value))
        elif id(piece.value) in entered:
            out.append(_CONTAINERS[type(piece.value)])
        else:
            entered.add(id(piece.value))
            stack.append((_pieces(piece.value), id(piece.value)))
    return "".join(out)


class _Item:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _pieces(obj):
    """The text around a container's values, and its values (as _Items), in order."""
    kind = type(obj)
    if kind in (set, frozenset) and not obj:
        yield f"{kind.__name__}()"
        return
    opening, closing = {list: "[]", tuple: "()", dict: "{}"}.get(kind, "{}")
    yield (f"{kind.__name__}(" if kind is frozenset else "") + opening
    for i, value in enumerate(obj.items() if kind is dict else obj):
        if i:
            yield ", "
        if kind is dict:
            yield _Item(value[0])
            yield ": "
            value = value[1]
        yield _Item(value)
    yield ",)" if kind is tuple and len(obj) == 1 else closing
    if kind is frozenset:
        yield ")"


def _has_own_way(obj) -> bool:
    """Whether a value `repr_` shows its own way is somewhere inside the container `obj`."""
    seen, stack = set(), [obj]
    while stack:
        container = stack.pop()
        if id(container) in seen:
            continue
        seen.add(id(container))
        values = (*container.keys(), *container.values()) if type(container) is dict \
            else container
        kinds = set(map(type, values))              # (C speed for a long list of numbers)
        if any(k in _SHOWN_OWN_WAY or k is BuiltinType or issubclass(k, type) for k in kinds):
            return True
        if not kinds.isdisjoint(_CONTAINERS):
            stack.extend(v for v in values if type(v) in _CONTAINERS)
    return False


def _function_text(obj) -> str | None:
    if type(obj) not in _SHOWN_OWN_WAY:
        return None
    from .callables import text as shown_text
    return shown_text(obj)


def ascii_(obj):
    """repr() with what is not ASCII escaped, as Python's ascii()."""
    return repr_(obj).encode("ascii", "backslashreplace").decode("ascii")


def make_builtins(vm, engine_names: dict, tensor_type, duals: bool = False) -> dict:
    """The builtin namespace of one run: the engine's bare names, then Python's safe
    builtins, which win (with `duals`, the eight names above dispatch on tensors)."""
    guards = vm.guards

    def print_(*args, sep=" ", end="\n", file=None, flush=False):
        from .stdlib import Stream, StringIO
        if file is not None and not isinstance(file, (Stream, StringIO)):
            raise EvalError("print(file=...) is supported in gradcli formulas only for "
                            "sys.stdout and sys.stderr (and an io.StringIO)")
        write = vm.out.write if file is None else file.write
        sep = " " if sep is None else sep
        end = "\n" if end is None else end
        for name, value in (("sep", sep), ("end", end)):
            if not isinstance(value, str):
                raise EvalError(f"TypeError: {name} must be None or a string, not "
                                f"{type(value).__name__}")
        for i, a in enumerate(args):        # each written in turn, as Python's print: what
            if i:                           # comes before an argument whose str() raises
                write(sep)                  # is written
            write(text(a))
        write(end)

    def list_(iterable=()):
        return guards.bounded_list(iterable)

    def tuple_(iterable=()):
        return tuple(guards.bounded_list(iterable))

    def set_(iterable=()):
        return set(guards.bounded_list(iterable))

    def type_(obj, *rest):
        cls = type(obj)
        if len(rest) not in (0, 2):
            raise EvalError("TypeError: type() takes 1 or 3 arguments")
        if not rest and cls is _user_function():
            return FUNCTION_TYPE                # a formula's def or lambda
        if not rest and cls in (FunctionType, MethodType, BuiltinFunctionType, property,
                                TensorMethod):
            from .callables import python_type
            seen = python_type(obj) or (cls if cls is not property else None)
            if seen is not None:                # torch's functions, Python's builtins
                return _SHOWN_TYPES.get(seen, seen)
        if not rest and cls is np.ufunc:
            return cls                          # np.sin ... (which makes none)
        if not rest and isinstance(obj, np.generic):
            return cls                          # np.float64 ...: NumPy's own scalar types
        from ..dtypes import dtype
        if not rest and isinstance(obj, dtype):
            return dtype                        # (float16's, uint16's ... subclasses are ours)
        if rest or not (isinstance(obj, BaseException) or cls in _PLAIN_TYPES
                        or cls in guards.safe_attributes
                        or getattr(cls, "__gradcli_safe__", False) is True):
            raise EvalError("type() of this value is not available in gradcli formulas",
                            hint="use isinstance(value, cls) to test a value's type")
        return cls

    def str_(*args, **kwargs):
        if len(args) == 1 and not kwargs:
            return text(args[0])
        return str(*args, **kwargs)

    def bytes_of(kind):
        """bytes(...) and bytearray(...): a size's zeros within the element limit, an
        iterable's items bounded as list()'s."""
        def make(source=b"", encoding=None, errors=None):
            if encoding is not None or errors is not None or isinstance(source, str):
                args = [a for a in (encoding, errors) if a is not None]
                return kind(source, *args)
            if isinstance(source, int) and not isinstance(source, bool):
                guards.check_size(source, "bytes")
                return kind(source)
            if isinstance(source, (bytes, bytearray)):
                return kind(source)
            return kind(guards.bounded_list(source))
        return make

    def dict_(iterable=(), **kwargs):
        return dict(guards.bounded_items(iterable), **kwargs)

    def sorted_(*args, key=None, reverse=False):
        if len(args) != 1:
            raise EvalError(f"TypeError: sorted expected 1 argument, got {len(args)}")
        return sorted(guards.bounded_list(args[0]), key=key, reverse=reverse)

    def minmax(fn):
        def call(*args, **kwargs):
            if len(args) == 1:
                args = (guards.bounded_list(args[0]),)
            return fn(*args, **kwargs)
        return call

    def sum_(iterable, /, start=0):
        if isinstance(start, str):
            raise EvalError("TypeError: sum() can't sum strings [use ''.join(seq) instead]")
        total = start
        for value in guards.bounded_list(iterable):
            total = guards.add(total, value)
        return total

    def any_(iterable):
        return any(guards.bounded_iter(iterable))

    def all_(iterable):
        return all(guards.bounded_iter(iterable))

    def round_(number, ndigits=None):
        if ndigits is not None and type(number) in (int, float, bool):
            ndigits = operator.index(ndigits)       # Python's TypeError for round(x, 1.0)
        if ndigits is not None and isinstance(number, int) and ndigits < 0:
            guards.check_bits(int(-ndigits * 3.33))
        if ndigits is not None and abs(ndigits) > 10_000:
            ndigits = 10_000 if ndigits > 0 else -10_000
        return round(number, ndigits) if ndigits is not None else round(number)

    def format_(value, spec=""):
        return guards.format(value, spec)

    def iter_(iterable, /, *sentinel):
        """iter(x), and iter(callable, sentinel) as a generator (Python's callable_iterator
        is a C loop a formula could not stop; this one yields to its consumer each call)."""
        if not sentinel:
            return iter(iterable)
        if len(sentinel) > 1:
            raise EvalError(f"TypeError: iter expected at most 2 arguments, got "
                            f"{1 + len(sentinel)}")
        if not callable(iterable):
            raise EvalError("TypeError: iter(v, w): v must be callable")
        return guards.bounded_iter(_calls_until(iterable, sentinel[0]))   # (max(), sum() ...
        #                                                 loop in C: the limits still hold)

    def frozenset_(iterable=()):
        return frozenset(guards.bounded_list(iterable))

    missing = object()

    def getattr_(obj, name, default=missing, /):
        """getattr under the formula's attribute rules (a computed name gets no further than
        a written one: `getattr(x, "_data")` is refused as `x._data` is)."""
        if not isinstance(name, str):
            raise EvalError("TypeError: attribute name must be string, not "
                            f"'{type(name).__name__}'")
        try:
            return guards.get_attr(obj, name)
        except EvalError as err:
            if default is missing or not _is_missing_attribute(err):
                raise
            return default

    def hasattr_(obj, name, /):
        found = object()
        return getattr_(obj, name, found) is not found

    def setattr_(obj, name, value, /):
        guards.set_attr(obj, name, value)

    def delattr_(obj, name, /):
        guards.delete_attr(obj, name)

    def vars_(*args):
        """vars(obj): the attributes of an instance of a formula's plain class, or a
        formula class's own names, read-only in its body's order (vars() alone would be the
        caller's locals, which a formula cannot have)."""
        if len(args) != 1:
            raise EvalError(f"TypeError: vars() takes exactly one argument ({len(args)} given)"
                            if args else "vars() with no argument is not available in gradcli "
                            "formulas")
        if isinstance(args[0], type) and args[0].__module__ == "__main__" \
                and not issubclass(args[0], type):
            return class_namespace(args[0], vm.engine.function_base)
        if not guards.has_instance_dict(args[0]):
            raise EvalError("TypeError: vars() argument must have __dict__ attribute")
        return args[0].__dict__

    def dir_(*args):
        """dir(): the names of the caller's scope (a script's module names at the top
        level); dir(obj): what guards.names_of lists, sorted."""
        if len(args) > 1:
            raise EvalError(f"TypeError: dir expected at most 1 argument, got {len(args)}")
        if args:
            return sorted(guards.names_of(args[0]))
        frame = vm.frames[-1]
        if frame.code.is_function:
            return sorted(frame.locals)
        return sorted({*_SCRIPT_NAMES, *vm.globals})

    python = {
        "print": print_, "dir": dir_,
        "bytes": BuiltinType(bytes, bytes_of(bytes)),
        "bytearray": BuiltinType(bytearray, bytes_of(bytearray)), "range": range, "len": len, "float": float, "int": int,
        "bool": bool, "str": BuiltinType(str, str_), "repr": repr_,
        "list": BuiltinType(list, list_), "tuple": BuiltinType(tuple, tuple_),
        "dict": BuiltinType(dict, dict_), "set": BuiltinType(set, set_),
        "type": BuiltinType(type, type_), "enumerate": enumerate, "zip": zip, "reversed": reversed,
        "sorted": sorted_, "isinstance": isinstance, "callable": callable,
        "divmod": divmod, "format": format_, "chr": chr, "ord": ord, "vars": vars_,
        "super": make_super(vm),
        "__name__": "__main__",         # a formula file runs as a script does
        # lazy, so bounded where consumed: list(), for, sum() ... go through the guards
        "map": map, "filter": filter, "iter": iter_, "next": next,
        "frozenset": BuiltinType(frozenset, frozenset_), "slice": slice, "hex": hex,
        "oct": oct, "bin": bin, "getattr": getattr_, "hasattr": hasattr_,
        "setattr": setattr_, "delattr": delattr_, "ascii": ascii_, "hash": hash, "issubclass": issubclass, "id": id,
        "NotImplemented": NotImplemented, "Ellipsis": Ellipsis,
    }
    def pow_(base, exp, mod=None):
        return guards.pow(base, exp, mod)

    overlapping = {"abs": _py.abs, "min": minmax(_py.min), "max": minmax(_py.max), "sum": sum_,
                   "round": round_, "pow": pow_, "any": any_, "all": all_,
                   "complex": complex}
    python.update(EXCEPTIONS)
    assert set(python) | set(overlapping) == BUILTIN_NAMES
    for name, fn in (*python.items(), *overlapping.items()):
        fn = fn.call if type(fn) is BuiltinType else fn
        if type(fn) is FunctionType:        # errors name it as Python does: `sum()`
            fn.__name__ = fn.__qualname__ = name
    names = dict(engine_names)
    names.update(python)
    # (torch's ops of these nine are loaded with `import gradcli`: tests/test_lazy_ops.py)
    for name, py_fn in overlapping.items():
        names[name] = _dual(name, py_fn, engine_names.get(name), tensor_type) if duals \
            else py_fn
    return names


# How Python words a wrong call of each builtin formulas wrap: ("expected", least, most),
# ("one",) for "takes exactly one argument", ("named", required, parameters)
_CALL_RULES = {
    **{name: ("expected", 0, 1) for name in ("list", "tuple", "set", "frozenset", "dict")},
    "getattr": ("expected", 2, 3), "hasattr": ("expected", 2, 2),
    "setattr": ("expected", 3, 3), "delattr": ("expected", 2, 2),
    "format": ("expected", 1, 2), "iter": ("expected", 1, 2), "sorted": ("expected", 1, 1),
    **{name: ("one",) for name in ("any", "all", "repr", "ascii")},
    "round": ("named", 1, ("number", "ndigits")), "pow": ("named", 2, ("base", "exp", "mod")),
    "sum": ("named", 1, ("iterable", "start")),
}


def call_error_text(func, args, kwargs) -> str | None:
    """Python's TypeError text for a call of one of the builtins above that did not bind
    (`sum()`, `list(1, 2)`, `round(x=1)`), or None for another function."""
    name = getattr(func, "__name__", None)
    if type(func) is not FunctionType or func.__module__ != __name__ or (
            name not in _CALL_RULES and name not in ("print", "type")):
        return None
    n, kwargs = len(args), kwargs or {}
    if name == "type":
        return "type() takes 1 or 3 arguments"
    if name in ("print", "sorted"):
        allowed = ("sep", "end", "file", "flush") if name == "print" else ("key", "reverse")
        unknown = next((k for k in kwargs if k not in allowed), None)
        if unknown is not None:
            return f"'{unknown}' is an invalid keyword argument for " \
                   f"{'print' if name == 'print' else 'sort'}()"
        if name == "print":
            return None
    kind, *rule = _CALL_RULES[name]
    if kind == "named":
        return _named_call_error(name, n, kwargs, *rule)
    if kwargs and name not in ("dict", "sorted"):
        return f"{name}() takes no keyword arguments"
    if kind == "one":
        return f"{name}() takes exactly one argument ({n} given)"
    least, most = rule
    if least == most:
        return f"{name} expected {_plural(least, 'argument')}, got {n}"
    if n < least:
        return f"{name} expected at least {_plural(least, 'argument')}, got {n}"
    return f"{name} expected at most {_plural(most, 'argument')}, got {n}"


def _named_call_error(name: str, n: int, kwargs: dict, required: int, params) -> str:
    unknown = next((k for k in kwargs if k not in params), None)
    if name == "sum":
        if n == 0:
            return "sum() takes at least 1 positional argument (0 given)"
        return f"sum() takes at most 2 arguments ({n + len(kwargs)} given)"
    if n + len(kwargs) > len(params):
        return f"{name}() takes at most {len(params)} arguments ({n + len(kwargs)} given)"
    missing = next((i for i in range(required) if i >= n and params[i] not in kwargs), None)
    if missing is not None:
        return f"{name}() missing required argument '{params[missing]}' (pos {missing + 1})"
    if unknown is not None:
        return f"'{unknown}' is an invalid keyword argument for {name}()"
    return f"argument for {name}() given by name ('{params[0]}') and position (1)"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _dual(name: str, py_fn, engine_fn, tensor_type):
    if engine_fn is None or tensor_type is None:
        return py_fn
    py_keywords = _PY_KEYWORDS[name]

    def call(*args, **kwargs):
        if (args and isinstance(args[0], tensor_type)) or any(
                isinstance(a, tensor_type) for a in args[1:2]) or not kwargs.keys() <= \
                py_keywords:
            return engine_fn(*args, **kwargs)
        return py_fn(*args, **kwargs)
    call.__name__ = call.__qualname__ = name
    return call


def _calls_until(fn, sentinel):
    """iter(fn, sentinel): fn's results until one equals sentinel (identity first, as
    Python's comparison of the two does)."""
    while True:
        value = fn()
        if value is sentinel or value == sentinel:
            return
        yield value
