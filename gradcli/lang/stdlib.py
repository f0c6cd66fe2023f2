"""The parts of Python's standard library a formula may import.

Tutorials and checking scripts reach for a few standard modules beside torch: `math` for pi
and square roots, `random` for a seeded shuffle, `time` to time a loop, `typing` for
annotations, `collections.OrderedDict` to build a Sequential, `functools.reduce`,
`itertools.product`, `copy.deepcopy(model)`, `@dataclass` on a config class,
`functools.singledispatch`,
`@contextlib.contextmanager` on a generator (and `contextlib.ExitStack`, `suppress`,
`nullcontext`), `ABC` and `@abstractmethod` for a base class,
`class Mode(enum.Enum):` for a set of named choices, `types.SimpleNamespace` for a config and
the types of functions (`isinstance(f, types.FunctionType)`),
`warnings.warn`, `filterwarnings("ignore")` and `catch_warnings(record=True)`,
`string.ascii_letters` and the other constants of `string`, `json.dumps(config,
indent=2)` (text only: no files), an `argparse` parser whose `parse_args()` gives the
defaults (a formula has no command-line arguments), `operator.itemgetter` and the operators as functions, and from `sys` the
version, the streams and `exit()`. Each is offered as a read-only module of pure
computations (nothing that reads files, starts processes or inspects objects), built once
per run so `random` starts unseeded, as in a fresh process. Where Python would loop in C
over something a formula made (`math.prod`, `functools.reduce`, `random.sample`), the loop
goes through the run's guards, so the element limit and the clock still hold; results that
could grow without bound (`math.factorial`, `math.comb`, `math.perm`) check the integer-size
limit first, and `time.sleep` never sleeps past the time limit.
"""
from __future__ import annotations

import functools
import math
import operator

NAMES = ("math", "random", "time", "typing", "collections", "functools", "itertools", "copy",
         "sys", "dataclasses", "contextlib", "abc", "warnings", "string", "json", "argparse",
         "operator", "enum", "types", "statistics", "gc", "io", "textwrap")

#: Infinite iterators of `itertools`, offered bounded by the element limit: a C consumer
#: (list(), torch.tensor()) of one would never return. (repeat() requires its count.)
_INFINITE = ("count", "cycle")


def make(name: str, vm):
    """The module `name` for the run `vm` (a gradcli.namespace.Namespace), or None."""
    if name not in NAMES:
        return None
    from ..namespace import Namespace
    members = globals()[f"_{name}"](vm)
    return Namespace(name, members)


# -- math ---------------------------------------------------------------------------------------

def _math(vm) -> dict:
    guards = vm.guards
    members = {name: getattr(math, name) for name in dir(math) if not name.startswith("_")}

    def factorial(n, /):
        n = operator.index(n)
        if n > 1000:
            guards.check_bits(int(n * math.log2(n)))
        return math.factorial(n)

    def comb(n, k, /):
        n, k = operator.index(n), operator.index(k)
        if n > 1000 and k > 0:
            guards.check_bits(int(min(k, n - k) * math.log2(n)))
        return math.comb(n, k)

    def perm(n, k=None, /):
        n = operator.index(n)
        k = n if k is None else operator.index(k)
        if n > 1000 and k > 0:
            guards.check_bits(int(min(k, n) * math.log2(n)))
        return math.perm(n, k)

    def prod(iterable, /, *, start=1):
        total = start
        for value in guards.bounded_list(iterable):
            total = guards.mul(total, value)
        return total

    def fsum(iterable, /):
        return math.fsum(guards.bounded_list(iterable))

    def dist(p, q, /):
        return math.dist(guards.bounded_list(p), guards.bounded_list(q))

    members.update(factorial=factorial, comb=comb, perm=perm, prod=prod, fsum=fsum, dist=dist)
    if hasattr(math, "sumprod"):
        members["sumprod"] = lambda p, q, /: math.sumprod(guards.bounded_list(p),
                                                          guards.bounded_list(q))
    return members


# -- random -------------------------------------------------------------------------------------

def _random(vm) -> dict:
    import random
    members = _random_members(vm.guards, random.Random())    # seeded from the OS, as a
                                                             # new process's random is

    def Random(x=None):
        """random.Random(seed): a generator of its own, with the module's functions."""
        return RandomGenerator(_random_members(vm.guards, random.Random(x)))

    members["Random"] = Random
    return members


class RandomGenerator:
    """What random.Random(seed) gives a formula: the module's functions on its own state."""

    __gradcli_safe__ = True

    def __init__(self, members: dict):
        self.__dict__.update(members)

    def __repr__(self):
        return f"<random.Random object at {hex(id(self))}>"


def _random_members(guards, state) -> dict:
    def sample(population, k, *, counts=None):
        guards.check_size(operator.index(k), "items")
        return state.sample(population, k, counts=counts)

    def choices(population, weights=None, *, cum_weights=None, k=1):
        guards.check_size(operator.index(k), "items")
        return state.choices(population, weights, cum_weights=cum_weights, k=k)

    def getrandbits(k, /):
        guards.check_bits(operator.index(k))
        return state.getrandbits(k)

    members = {name: getattr(state, name) for name in (
        "seed", "random", "uniform", "randint", "randrange", "choice", "shuffle", "gauss",
        "normalvariate", "lognormvariate", "expovariate", "triangular", "betavariate",
        "gammavariate", "vonmisesvariate", "paretovariate", "weibullvariate", "getstate",
        "setstate")}
    members.update(sample=sample, choices=choices, getrandbits=getrandbits)
    return members


# -- time ---------------------------------------------------------------------------------------

def _time(vm) -> dict:
    import time

    def sleep(seconds, /):
        """Sleeps as asked, but never past the run's time limit (then the limit's error)."""
        left = vm.deadline - time.monotonic()
        time.sleep(max(0.0, min(float(seconds), left + 0.01)))
        vm.check_clock()

    members = {name: getattr(time, name) for name in (
        "time", "time_ns", "perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns",
        "process_time", "process_time_ns")}
    members["sleep"] = sleep
    return members


# -- typing -------------------------------------------------------------------------------------

def _typing(vm) -> dict:
    import typing
    return {name: getattr(typing, name) for name in (
        "Any", "Callable", "Dict", "FrozenSet", "Iterable", "Iterator", "List", "Literal",
        "Mapping", "NoReturn", "Optional", "Sequence", "Set", "Tuple", "Type", "TypeVar",
        "Union", "cast", "ClassVar", "Final", "Annotated", "NamedTuple", "TypedDict",
        "Protocol", "Generic", "runtime_checkable", "DefaultDict", "Deque", "Generator",
        "Hashable", "Sized", "Collection", "MutableMapping", "MutableSequence", "AbstractSet",
        "SupportsFloat", "SupportsInt", "Text", "overload", "final", "no_type_check")}


# -- collections --------------------------------------------------------------------------------

def _collections(vm) -> dict:
    import collections
    guards = vm.guards

    def namedtuple(typename, field_names, *, rename=False, defaults=None):
        cls = collections.namedtuple(typename, field_names, rename=rename, defaults=defaults,
                                     module="__main__")
        cls.__gradcli_safe__ = True      # its fields (public names) are readable
        return cls

    def deque(iterable=(), maxlen=None):
        return collections.deque(guards.bounded_list(iterable), maxlen)

    def counter(iterable=None, /, **kwargs):
        return collections.Counter(None if iterable is None else guards.bounded_items(iterable),
                                   **kwargs)

    def ordered_dict(iterable=(), /, **kwargs):
        return collections.OrderedDict(guards.bounded_items(iterable), **kwargs)

    def defaultdict(default_factory=None, iterable=(), /, **kwargs):
        from .builtins import unwrap_type
        return collections.defaultdict(unwrap_type(default_factory),
                                       guards.bounded_items(iterable), **kwargs)

    def chain_map(*maps):
        return collections.ChainMap(*maps)

    import collections.abc
    from ..namespace import Namespace
    from .builtins import BuiltinType
    abcs = Namespace("collections.abc", {    # for isinstance(x, Iterable) and annotations
        name: getattr(collections.abc, name) for name in (
            "Iterable", "Iterator", "Generator", "Sized", "Container", "Collection",
            "Callable", "Hashable", "Sequence", "MutableSequence", "Mapping",
            "MutableMapping", "Set", "MutableSet", "Reversible")})
    return {"abc": abcs, "OrderedDict": BuiltinType(collections.OrderedDict, ordered_dict),
            "ChainMap": BuiltinType(collections.ChainMap, chain_map),
            "defaultdict": BuiltinType(collections.defaultdict, defaultdict),
            "namedtuple": namedtuple, "deque": BuiltinType(collections.deque, deque),
            "Counter": BuiltinType(collections.Counter, counter)}


@functools.lru_cache(maxsize=1)
def container_attributes() -> tuple[dict, dict]:
    """What a formula may call on the containers of `collections` (by exact type): the
    attribute names, and the methods that take an iterable, wrapped to iterate through the
    guards (as list.extend and dict.update are in guards.py)."""
    import collections
    from .guards import ALLOWED_ATTRIBUTES
    mapping = ALLOWED_ATTRIBUTES[dict]
    attributes = {
        collections.OrderedDict: mapping | {"move_to_end"},
        collections.defaultdict: mapping | {"default_factory"},
        collections.Counter: mapping | {"most_common", "elements", "subtract", "total"},
        collections.ChainMap: mapping | {"maps", "new_child", "parents"},
        collections.deque: frozenset({
            "append", "appendleft", "clear", "copy", "count", "extend", "extendleft",
            "index", "insert", "maxlen", "pop", "popleft", "remove", "reverse", "rotate"}),
        _Partial: frozenset({"func", "args", "keywords"}),   # (functools.partial: what it holds)
    }
    wrapped = {(collections.Counter, name): _bounded_argument(name)
               for name in ("update", "subtract")}
    wrapped.update({(collections.deque, name): _bounded_argument(name)
                    for name in ("extend", "extendleft")})
    for cls in (collections.OrderedDict, collections.defaultdict, collections.ChainMap):
        wrapped[(cls, "update")] = _bounded_argument("update")
    return attributes, wrapped


def _bounded_argument(method: str):
    """obj.method(iterable) with the iterable listed through the guards first (a mapping
    passes as it is)."""
    def wrap(guards, obj):
        bound = getattr(obj, method)

        def call(iterable=(), /, **kwargs):
            return bound(guards.bounded_items(iterable), **kwargs)
        return call
    return wrap


# -- functools ----------------------------------------------------------------------------------

def _functools(vm) -> dict:
    import copy
    import functools
    guards = vm.guards
    missing = object()
    guards.safe_attributes[functools._lru_cache_wrapper] = frozenset({     # @lru_cache's
        "cache_info", "cache_clear", "cache_parameters"})
    guards.safe_attributes[functools._CacheInfo] = frozenset({
        "hits", "misses", "maxsize", "currsize"})

    def reduce(function, iterable, initial=missing, /):
        items = guards.bounded_list(iterable)
        if initial is missing:
            return functools.reduce(function, items)
        return functools.reduce(function, items, initial)

    def wraps(wrapped, /):
        """functools.wraps: the wrapper, named as the function it wraps (`__name__` and
        its repr), with its docstring; a formula function has no other metadata to copy."""
        def decorate(wrapper):
            from .vm import UserFunction
            name = getattr(wrapped, "__name__", None)
            if type(wrapper) is not UserFunction or not isinstance(name, str):
                return wrapper
            code = copy.copy(wrapper.code)
            code.name = name
            code.qualname = wrapped.code.qualname if type(wrapped) is UserFunction else name
            code.doc = wrapped.code.doc if type(wrapped) is UserFunction else \
                getattr(wrapped, "__doc__", None)
            return UserFunction(code, wrapper.defaults, wrapper.kwdefaults, wrapper.closure,
                                wrapper.vm)
        return decorate

    return {"reduce": reduce, "partial": _Partial, "cmp_to_key": functools.cmp_to_key,
            "lru_cache": functools.lru_cache, "cache": functools.cache, "wraps": wraps,
            "total_ordering": functools.total_ordering,
            "cached_property": functools.cached_property,
            "singledispatch": lambda func, /: _SingleDispatch(func, vm)}


class _Partial(functools.partial):
    """functools.partial, whose repr shows torch's functions as PyTorch's program does
    (`functools.partial(<built-in method sum of type object at 0x...>, dim=0)`)."""

    __slots__ = ()

    def __repr__(self):
        from .builtins import repr_
        parts = [repr_(self.func), *map(repr_, self.args),
                 *(f"{key}={repr_(value)}" for key, value in self.keywords.items())]
        return f"functools.partial({', '.join(parts)})"


_Partial.__module__, _Partial.__name__, _Partial.__qualname__ = "functools", "partial", "partial"


class _SingleDispatch:
    """functools.singledispatch: functools' own dispatcher (its method order and cache),
    whose `register` also takes a formula's builtin classes (`list`, `str`) and reads the
    class of `@register` from the first parameter's annotation, which a formula keeps as
    text: a name (or dotted name) of the run's globals, looked up when it is registered."""

    __gradcli_safe__ = True
    __slots__ = ("_dispatcher", "_vm", "__wrapped__")

    def __init__(self, func, vm):
        self._dispatcher, self._vm, self.__wrapped__ = functools.singledispatch(func), vm, func

    def __call__(self, *args, **kwargs):
        if not args:
            raise TypeError(f"{self.__name__} requires at least 1 positional argument")
        return self._dispatcher.dispatch(args[0].__class__)(*args, **kwargs)

    @property
    def __name__(self):
        return getattr(self.__wrapped__, "__name__", "singledispatch function")

    def __getattr__(self, name):
        if name == "__qualname__":      # (a class body's `__qualname__` must be a str)
            return getattr(self.__wrapped__, "__qualname__", self.__name__)
        raise AttributeError(f"'function' object has no attribute '{name}'")

    def __repr__(self):
        return f"<function {self.__qualname__} at {hex(id(self))}>"

    @property
    def registry(self):
        return self._dispatcher.registry

    def dispatch(self, cls, /):
        from .builtins import unwrap_type
        return self._dispatcher.dispatch(unwrap_type(cls))

    def register(self, cls, func=None):
        from .builtins import unwrap_type
        from .vm import UserFunction
        if func is None and type(cls) is UserFunction:      # `@show.register` alone
            return self._dispatcher.register(self._annotated(cls), cls)
        if func is None:
            return lambda f, /: self.register(cls, f)
        return self._dispatcher.register(unwrap_type(cls), func)

    def _annotated(self, func) -> type:
        """The class the first parameter of `func` is annotated with (Python's errors)."""
        params = func.code.params
        text = params.annotations.get(params.names[0]) if params.names else None
        if text is None:
            raise TypeError(f"Invalid first argument to `register()`: {func!r}. Use either "
                            "`@register(some_class)` or plain `@register` on an annotated "
                            "function.")
        head, *rest = text.split(".")
        vm = self._vm
        value = vm.globals.get(head, vm.builtins.get(head))
        if value is None or "[" in text:
            raise TypeError(f"Invalid annotation for {params.names[0]!r}. {text} is not a "
                            "class.")
        for name in rest:
            value = vm.guards.get_attr(value, name)
        from .builtins import unwrap_type
        return unwrap_type(value)


# -- itertools ----------------------------------------------------------------------------------

def _itertools(vm) -> dict:
    import itertools
    guards = vm.guards
    members = {name: getattr(itertools, name) for name in dir(itertools)
               if not name.startswith("_") and name not in _INFINITE + ("repeat",)}

    def count(start=0, step=1):
        """itertools.count, which stops at the element limit (a C consumer of it, list()
        or torch.tensor(), would otherwise never return)."""
        return guards.bounded_iter(itertools.count(start, step))

    def cycle(iterable, /):
        return guards.bounded_iter(itertools.cycle(guards.bounded_list(iterable)))

    def repeat(value, times=None):
        """itertools.repeat; without a count it stops at the element limit, as count does."""
        if times is None:
            return guards.bounded_iter(itertools.repeat(value))
        guards.check_size(operator.index(times), "items")
        return itertools.repeat(value, times)

    members.update(repeat=repeat, count=count, cycle=cycle)
    return members


# -- copy ---------------------------------------------------------------------------------------

def _copy(vm) -> dict:
    import copy
    return {"copy": copy.copy, "deepcopy": copy.deepcopy}


# -- sys ----------------------------------------------------------------------------------------

class Stream:
    """sys.stdout or sys.stderr as a formula sees it: write() and flush() (print's file=).
    stdout is the run's output, where print() writes."""

    __gradcli_safe__ = True
    __slots__ = ("_target", "_name")

    def __init__(self, target, name: str):
        self._target = target
        self._name = name

    def write(self, text, /):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._target().write(text)
        return len(text)

    def flush(self):
        self._target().flush()

    def __repr__(self):
        return f"<_io.TextIOWrapper name='<{self._name}>' mode='w' encoding='utf-8'>"


def _sys(vm) -> dict:
    import sys
    from . import exceptions as X

    def exit(status=None, /):
        """SystemExit, as Python raises it: `finally` blocks and with-blocks run on the way
        out; a run that ends by exit(None) or exit(0) has succeeded, any other status is
        its error."""
        raise X.error_for_exit(status)

    members = {name: getattr(sys, name) for name in (
        "version", "version_info", "hexversion", "platform", "byteorder", "maxsize",
        "float_info", "int_info", "float_repr_style", "getrecursionlimit",
        "getdefaultencoding")}
    members.update(
        argv=[vm.frames[0].code.filename] if vm.frames else [""], exit=exit,
        stdout=Stream(lambda: vm.out, "stdout"), stderr=Stream(lambda: sys.stderr, "stderr"))
    return members


# -- dataclasses --------------------------------------------------------------------------------

_DATACLASS_OPTIONS = ("init", "repr", "eq", "order", "unsafe_hash", "frozen", "match_args",
                      "kw_only")


def _dataclasses(vm) -> dict:
    """Python's dataclasses on a formula's own classes: the class body's annotations are its
    fields (the annotation is not evaluated; a `ClassVar[...]` one is not a field), and the
    methods dataclass writes (`__init__`, `__repr__`, `__eq__` ...) are Python's own."""
    import dataclasses
    from ..errors import EvalError
    from .classes import is_formula_class
    vm.guards.safe_attributes[dataclasses.Field] = frozenset({
        "name", "type", "default", "default_factory", "init", "repr", "hash", "compare",
        "kw_only"})

    def dataclass(cls=None, /, **options):
        unknown = next((k for k in options if k not in _DATACLASS_OPTIONS), None)
        if unknown is not None:
            raise EvalError(f"TypeError: dataclass() got an unexpected keyword argument "
                            f"'{unknown}'" if unknown != "slots" else
                            "dataclass(slots=True) is not supported in gradcli formulas")

        def wrap(c):
            if not is_formula_class(c):
                raise EvalError("TypeError: dataclass() in gradcli formulas applies to a "
                                "plain class the formula defines")
            own_repr = "__repr__" in c.__dict__
            own_doc = c.__dict__.get("__doc__") is not None
            made = dataclasses.dataclass(c, **options)
            if options.get("repr", True) and not own_repr:
                made.__repr__ = _dataclass_repr(made)
            if not own_doc and isinstance(made.__doc__, str):
                made.__doc__ = _unquoted(made.__doc__, dataclasses.fields(made))
            return made
        return wrap if cls is None else wrap(cls)

    return {"dataclass": dataclass, "field": dataclasses.field, "fields": dataclasses.fields,
            "asdict": dataclasses.asdict, "astuple": dataclasses.astuple,
            "replace": dataclasses.replace, "is_dataclass": dataclasses.is_dataclass,
            "MISSING": dataclasses.MISSING,
            "FrozenInstanceError": dataclasses.FrozenInstanceError}



def _unquoted(doc: str, fields) -> str:
    """The `A(x: int, y: list = <factory>)` docstring dataclass writes, its annotations
    shown as written (a formula keeps them as text, which the signature would quote)."""
    for f in fields:
        if isinstance(f.type, str):
            doc = doc.replace(f"{f.name}: {f.type!r}", f"{f.name}: {f.type}", 1)
    return doc


def _dataclass_repr(cls):
    """The `__repr__` dataclass writes, showing the values as PyTorch's program does (a
    field holding torch.relu: `<built-in method relu of type object at 0x...>`)."""
    import dataclasses
    import reprlib
    from .builtins import repr_
    names = [f.name for f in dataclasses.fields(cls) if f.repr]

    @reprlib.recursive_repr()
    def __repr__(self):
        fields = ", ".join(f"{name}={repr_(getattr(self, name))}" for name in names)
        return f"{type(self).__qualname__}({fields})"
    __repr__.__qualname__ = f"{cls.__qualname__}.__repr__"
    return __repr__


# -- contextlib ---------------------------------------------------------------------------------

class _FormulaExit:
    """A context manager of ours whose `__exit__` sees the exception a formula would catch
    (vm._exit_arguments), as a formula class's does."""

    __gradcli_formula_exit__ = True
    __slots__ = ()


class GeneratorContextManager(_FormulaExit):
    """What a `@contextmanager` function returns: its generator runs up to the `yield` on
    entering the block (the value yielded is the `as` target) and after it on leaving; an
    exception in the block is raised at the `yield`, where the generator may catch it."""

    __slots__ = ("gen",)

    def __init__(self, gen):
        self.gen = gen

    def __enter__(self):
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield") from None

    def __exit__(self, kind, value, traceback):
        from ..errors import GradcliError
        from .exceptions import formula_exception
        if kind is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        try:
            self.gen.throw(value)
        except StopIteration as stop:
            return stop is not value            # the generator caught it: suppressed
        except GradcliError as error:
            if formula_exception(error) is value:
                return False                    # the block's own error, not caught
            raise
        raise RuntimeError("generator didn't stop after throw()")


class Suppress(_FormulaExit):
    """contextlib.suppress(*exceptions)."""

    __slots__ = ("exceptions",)

    def __init__(self, *exceptions):
        self.exceptions = exceptions

    def __enter__(self):
        return None

    def __exit__(self, kind, value, traceback):
        return kind is not None and issubclass(kind, self.exceptions)


class ExitStack(_FormulaExit):
    """contextlib.ExitStack: context managers entered and callbacks pushed in a block, left
    and called in reverse order when it ends (or at close()); an exit that returns true
    suppresses the exception, one that raises replaces it for those left."""

    __gradcli_safe__ = True
    __slots__ = ("_exits",)

    def __init__(self):
        self._exits: list = []

    def __enter__(self):
        return self

    def enter_context(self, cm):
        cls = type(cm)
        if getattr(cls, "__enter__", None) is None or getattr(cls, "__exit__", None) is None:
            raise TypeError(f"'{cls.__module__}.{cls.__qualname__}' object does not support "
                            "the context manager protocol")
        result = cm.__enter__()
        self._exits.append(cm.__exit__)
        return result

    def push(self, exit):
        method = getattr(type(exit), "__exit__", None)
        self._exits.append(exit.__exit__ if method is not None else exit)
        return exit

    def callback(self, callback, /, *args, **kwds):
        self._exits.append(lambda kind, value, tb: callback(*args, **kwds) and False)
        return callback

    def pop_all(self):
        stack = ExitStack()
        stack._exits, self._exits = self._exits, []
        return stack

    def close(self):
        self.__exit__(None, None, None)

    def __exit__(self, kind, value, traceback):
        from ..errors import GradcliError
        from .exceptions import formula_exception
        given, raised = value, None
        while self._exits:
            exit = self._exits.pop()
            try:
                if exit(kind, value, traceback):
                    kind = value = traceback = raised = None
            except Exception as exc:        # (its own error replaces the block's,
                value = (formula_exception(exc) if isinstance(exc, GradcliError) else None) \
                    or exc                  # as the formula sees it)
                kind, traceback, raised = type(value), None, exc
        if raised is not None:
            raise raised
        return given is not None and value is None


def _contextlib(vm) -> dict:
    import contextlib

    def contextmanager(function, /):
        @functools.wraps(function)
        def helper(*args, **kwargs):
            return GeneratorContextManager(function(*args, **kwargs))
        return helper

    return {"contextmanager": contextmanager, "suppress": Suppress,
            "nullcontext": contextlib.nullcontext, "ExitStack": ExitStack}


# -- abc ----------------------------------------------------------------------------------------

def _abc(vm) -> dict:
    """`class Shape(ABC):` with `@abstractmethod` methods: a class that cannot be made
    until a subclass defines them (classes.make_class updates the abstract methods once
    a class has its methods)."""
    import abc

    ABC = abc.ABCMeta("ABC", (), {"__module__": "abc", "__qualname__": "ABC",
                                  "__gradcli_safe__": True,
                                  "__gradcli_formula_class__": True})

    def abstractmethod(function, /):
        def method(*args, **kwargs):
            return function(*args, **kwargs)
        method.__name__ = method.__qualname__ = getattr(function, "__name__", "method")
        method.__isabstractmethod__ = True
        return method

    return {"ABC": ABC, "ABCMeta": abc.ABCMeta, "abstractmethod": abstractmethod}


# -- warnings -----------------------------------------------------------------------------------

def _warnings(vm) -> dict:
    """warn() (reported on stderr at the formula's line, as the engine's warnings are) and
    the filters (a run's changes to them end with the run: lang/__init__.py)."""
    import warnings

    def warn(message, category=None, stacklevel=1):
        """Python's warn, from the formula as a script's `__main__`: the filters see that
        module (a RuntimeWarning or DeprecationWarning shows, as in a script)."""
        where = vm.position()
        if category is None:
            category = message.__class__ if isinstance(message, Warning) else UserWarning
        warnings.warn_explicit(message, category, where.file if where else "<formula>",
                               where.line if where else 0, module="__main__")

    catch_warnings = type("catch_warnings", (CatchWarnings,), {
        "__slots__": (), "_vm": vm, "__module__": "warnings", "__qualname__": "catch_warnings"})
    return {"warn": warn, "filterwarnings": warnings.filterwarnings,
            "simplefilter": warnings.simplefilter, "resetwarnings": warnings.resetwarnings,
            "catch_warnings": catch_warnings, "WarningMessage": WarningMessage}


class WarningMessage:
    """What `catch_warnings(record=True)` collects, Python's warnings.WarningMessage: the
    warning (`message`), its class, and the formula's file and line it came from."""

    __gradcli_safe__ = True
    __slots__ = ("message", "category", "filename", "lineno", "file", "line", "source")

    def __init__(self, message, category, filename, lineno, file=None, line=None,
                 source=None):
        self.message, self.category = message, category
        self.filename, self.lineno = filename, lineno
        self.file, self.line, self.source = file, line, source

    def __str__(self):
        return (f"{{message : {self.message!r}, category : {self.category.__name__!r}, "
                f"filename : {self.filename!r}, lineno : {self.lineno}, "
                f"line : {self.line!r}}}")


class CatchWarnings:
    """warnings.catch_warnings(): the real one keeps the filters; with record=True each
    warning that passes them is appended to the list the block gets, once per line of the
    formula where no filter of the formula's names an action (Python's "default")."""

    __gradcli_safe__ = True
    __slots__ = ("_record", "_inner", "_seen")
    _vm = None                  # the run's VM: warnings.catch_warnings is a subclass per run

    def __init__(self, *, record=False, action=None, category=Warning, lineno=0,
                 append=False):
        """Python's (3.11): the filters (and how warnings are shown) come back on leaving
        the block; record=True gives the list the warnings are appended to instead."""
        import warnings
        self._record = bool(record)
        self._inner = warnings.catch_warnings(action=action, category=category,
                                              lineno=lineno, append=append)
        self._seen: set = set()

    def __enter__(self):
        import warnings
        self._inner.__enter__()
        if not self._record:
            return None
        log: list = []
        self._seen.clear()

        def show(message, category, filename, lineno, file=None, line=None):
            where = self._vm.position()
            filename, lineno = (where.file, where.line) if where else (filename, lineno)
            key = _once_key(str(message), category, lineno, self._vm.host_filters)
            if key is not None:
                if key in self._seen:
                    return
                self._seen.add(key)
            log.append(WarningMessage(message, category, filename, lineno))

        warnings.showwarning = show
        return log

    def __exit__(self, kind, value, traceback):
        self._inner.__exit__(kind, value, traceback)
        return False

    def __repr__(self):
        return "catch_warnings(record=True)" if self._record else "catch_warnings()"


CatchWarnings.__init__.__qualname__ = "catch_warnings.__init__"    # Python's argument errors


def _once_key(text: str, category, lineno: int, host: frozenset = frozenset()):
    """Which earlier warnings hide this one, by the first of the formula's filters it
    matches: the same text, class and line for "default" (also when only the run's closing
    "always" matches: no filter of Python's own would have), text and class for "module"
    and "once", none for "always". Filters in `host` (ids of those the run started with)
    are not the formula's: they only decide whether a warning reaches here at all."""
    import warnings
    filters = warnings.filters
    for index, entry in enumerate(filters):
        if id(entry) in host:
            continue
        action, msg, cat, mod, ln = entry
        if (msg is None or msg.match(text)) and issubclass(category, cat) and \
                (mod is None or mod.match("__main__")) and (ln == 0 or lineno == ln):
            closing = index == len(filters) - 1 and action == "always" and msg is None \
                and cat is Warning and mod is None and ln == 0
            if action == "always" and not closing:
                return None
            if action in ("module", "once"):
                return (text, category)
            return (text, category, lineno)
    return (text, category, lineno)


# -- string -------------------------------------------------------------------------------------

def _string(vm) -> dict:
    """The character-class constants (a char-RNN tutorial's `string.ascii_letters`) and
    capwords."""
    import string
    return {name: getattr(string, name) for name in (
        "ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits",
        "octdigits", "punctuation", "printable", "whitespace", "capwords")}


# -- json ---------------------------------------------------------------------------------------

def _json(vm) -> dict:
    """dumps and loads: text in, text out (a formula has no files to dump to)."""
    import json
    return {"dumps": json.dumps, "loads": json.loads, "JSONDecodeError": json.JSONDecodeError}


# -- argparse -----------------------------------------------------------------------------------

class ArgumentParser:
    """argparse.ArgumentParser as a formula has it: add_argument (and groups of them),
    set_defaults, and parse_args(), which parses the list it is given or else none (a
    formula file has no command-line arguments), so a script runs with its defaults."""

    __gradcli_safe__ = True
    __slots__ = ("_parser",)

    def __init__(self, *args, **kwargs):
        import argparse
        object.__setattr__(self, "_parser", argparse.ArgumentParser(*args, **kwargs))

    def add_argument(self, *args, **kwargs):
        _add_argument(self._parser, args, kwargs)

    def add_argument_group(self, *args, **kwargs):
        return _ArgumentGroup(self._parser.add_argument_group(*args, **kwargs))

    def add_mutually_exclusive_group(self, **kwargs):
        return _ArgumentGroup(self._parser.add_mutually_exclusive_group(**kwargs))

    def set_defaults(self, **kwargs):
        _check_destinations(kwargs)
        self._parser.set_defaults(**kwargs)

    def parse_args(self, args=None, namespace=None):
        return self._parser.parse_args(_argument_list(args), _namespace(namespace))

    def parse_known_args(self, args=None, namespace=None):
        return self._parser.parse_known_args(_argument_list(args), _namespace(namespace))

    def __setattr__(self, key, value):
        raise AttributeError(f"cannot set '{key}' of an ArgumentParser in gradcli formulas")

    def __repr__(self):
        return repr(self._parser)


class _ArgumentGroup:
    __gradcli_safe__ = True
    __slots__ = ("_group",)

    def __init__(self, group):
        object.__setattr__(self, "_group", group)

    def add_argument(self, *args, **kwargs):
        _add_argument(self._group, args, kwargs)

    def __setattr__(self, key, value):
        raise AttributeError(f"cannot set '{key}' of an argument group in gradcli formulas")


def _add_argument(target, args, kwargs) -> None:
    from .builtins import unwrap_type
    if "type" in kwargs:                    # `type=str`: the builtin type, as argparse
        kwargs["type"] = unwrap_type(kwargs["type"])    # looks it up
    action = target.add_argument(*args, **kwargs)
    try:
        _check_destinations({action.dest: None})
    except ValueError:
        target._remove_action(action)
        raise


def _check_destinations(names) -> None:
    """parse_args() sets each option as an attribute: never a private one."""
    bad = next((n for n in names if not isinstance(n, str) or n.startswith("_")), None)
    if bad is not None:
        raise ValueError(f"option name {bad!r}: names starting with '_' are not allowed in "
                         "gradcli formulas")


def _namespace(namespace):
    if namespace is None:
        return _parsed_arguments()()
    if type(namespace) is not _parsed_arguments():
        raise TypeError("parse_args(namespace=) in gradcli formulas takes an "
                        "argparse.Namespace")
    return namespace


def _argument_list(args) -> list:
    if args is None:
        return []
    if not isinstance(args, (list, tuple)) or not all(isinstance(a, str) for a in args):
        raise TypeError("parse_args() in gradcli formulas takes a list of strings")
    return list(args)


def _parsed_arguments():
    """The class of what parse_args() gives, made at its first use (argparse is not
    imported by a formula that never uses it)."""
    if not _PARSED:
        import argparse

        class Namespace(argparse.Namespace):
            """What parse_args() gives: argparse's Namespace, whose options a formula
            reads."""
            __gradcli_safe__ = True
        Namespace.__module__ = "argparse"
        _PARSED.append(Namespace)
    return _PARSED[0]


_PARSED: list = []


def _argparse(vm) -> dict:
    from .builtins import BuiltinType

    def namespace(**kwargs):
        _check_destinations(kwargs)
        return _parsed_arguments()(**kwargs)
    return {"ArgumentParser": ArgumentParser, "Namespace": BuiltinType(_parsed_arguments(),
                                                                       namespace)}


# -- operator -----------------------------------------------------------------------------------

def _operator(vm) -> dict:
    """The operators as functions, those that could grow without bound (`mul`, `pow`,
    `lshift`, `concat`) through the guards as the operators are, `itemgetter`, and
    `attrgetter` and `methodcaller` under the formula's attribute rules (a computed name
    reads what a written one may: `methodcaller('sum')`, not `methodcaller('_data')`)."""
    guards = vm.guards
    plain = ("sub", "truediv", "floordiv", "neg", "pos", "abs", "eq", "ne", "lt", "le", "gt",
             "ge", "not_", "truth", "and_", "or_", "xor", "rshift", "matmul", "getitem",
             "index", "inv", "invert", "is_", "is_not", "countOf", "indexOf", "itemgetter")
    members = {name: getattr(operator, name) for name in plain}

    def attrgetter(*names):
        def get(obj):
            values = []
            for name in names:
                value = obj
                for part in name.split("."):
                    value = guards.get_attr(value, part)
                values.append(value)
            return values[0] if len(names) == 1 else tuple(values)
        return get

    def methodcaller(name, /, *args, **kwargs):
        if not isinstance(name, str):
            from ..errors import EvalError
            raise EvalError("TypeError: method name must be a string")

        def call(obj):
            return guards.get_attr(obj, name)(*args, **kwargs)
        return call

    members.update(methodcaller=methodcaller)
    members.update(add=guards.add, mul=guards.mul, pow=lambda a, b: guards.pow(a, b),
                   lshift=guards.lshift, mod=guards.mod, concat=guards.add,
                   contains=lambda a, b: guards.contains(b, a), attrgetter=attrgetter)
    return members


# -- enum ---------------------------------------------------------------------------------------

def _enum(vm) -> dict:
    """The enumeration base classes (a formula's `class Mode(Enum):` is made by
    classes.make_enum), `auto` and `unique`."""
    import enum
    return {name: getattr(enum, name) for name in (
        "Enum", "IntEnum", "Flag", "IntFlag", "StrEnum", "auto", "unique")}


# -- types --------------------------------------------------------------------------------------

def _types(vm) -> dict:
    """SimpleNamespace, and the types of functions and modules as PyTorch's program sees
    them (builtins.py's: `isinstance(torch.sin, types.BuiltinFunctionType)` holds); none of
    them makes a value but SimpleNamespace."""
    import types
    from . import builtins as B
    from ..namespace import Namespace
    def new_module(*args, **kwargs):
        from ..errors import EvalError
        raise EvalError("types.ModuleType() is not available in gradcli formulas: a formula "
                        "imports the modules it uses")
    module_type = B.BuiltinType(Namespace, new_module)

    def simple_namespace(*args, **kwargs):
        if args:                                # (Python 3.11's: keywords only)
            raise TypeError("no positional arguments expected")
        return _simple_namespace()(**kwargs)
    return {"SimpleNamespace": B.BuiltinType(_simple_namespace(), simple_namespace),
            "FunctionType": B.FUNCTION_TYPE, "LambdaType": B.FUNCTION_TYPE,
            "BuiltinFunctionType": B.BUILTIN_FUNCTION_TYPE,
            "BuiltinMethodType": B.BUILTIN_FUNCTION_TYPE, "MethodType": B.METHOD_TYPE,
            "MethodDescriptorType": B.METHOD_DESCRIPTOR_TYPE,
            "GetSetDescriptorType": B.GETSET_TYPE, "ModuleType": module_type,
            "NoneType": type(None)}


@functools.lru_cache(maxsize=1)
def _simple_namespace() -> type:
    """types.SimpleNamespace, whose attributes a formula reads and sets."""
    import reprlib
    import types

    class SimpleNamespace(types.SimpleNamespace):
        __gradcli_safe__ = True

        @reprlib.recursive_repr("namespace(...)")
        def __repr__(self):
            from .builtins import repr_
            items = ", ".join(f"{k}={repr_(v)}" for k, v in vars(self).items())
            return f"namespace({items})"
    SimpleNamespace.__module__, SimpleNamespace.__qualname__ = "types", "SimpleNamespace"
    return SimpleNamespace


# -- statistics ---------------------------------------------------------------------------------

def _statistics(vm) -> dict:
    """Python's statistics (pure functions of the numbers they are given)."""
    import statistics
    return {name: getattr(statistics, name) for name in (
        "mean", "fmean", "geometric_mean", "harmonic_mean", "median", "median_low",
        "median_high", "median_grouped", "mode", "multimode", "quantiles", "pstdev",
        "pvariance", "stdev", "variance", "correlation", "covariance", "linear_regression",
        "NormalDist", "StatisticsError")}


# -- gc -----------------------------------------------------------------------------------------

def _gc(vm) -> dict:
    """gc's switches, which a script calls between epochs: collect() collects (Python's own
    collector: an int, the objects it found unreachable), the rest report it always on."""
    import gc

    def collect(generation=2):
        return gc.collect(generation)

    return {"collect": collect, "enable": lambda: None, "disable": lambda: None,
            "isenabled": lambda: True}


# -- io -----------------------------------------------------------------------------------------

class _Buffer:
    """io.StringIO and io.BytesIO in memory (print(..., file=buf) writes to a StringIO),
    their size within the element limit."""

    __gradcli_safe__ = True
    _kind = str

    def __init__(self, guards, initial=None):
        self._guards = guards
        self._buffer = self._make(self._kind() if initial is None else initial)

    def write(self, data, /):
        self._guards.check_size(self._buffer.tell() + len(data), "characters")
        return self._buffer.write(data)

    def writelines(self, lines, /):
        for line in self._guards.bounded_iter(lines):
            self.write(line)

    def getvalue(self):
        return self._buffer.getvalue()

    def read(self, size=-1, /):
        return self._buffer.read(size)

    def readline(self, size=-1, /):
        return self._buffer.readline(size)

    def readlines(self, hint=-1, /):
        return self._buffer.readlines(hint)

    def seek(self, pos, whence=0, /):
        return self._buffer.seek(pos, whence)

    def tell(self):
        return self._buffer.tell()

    def truncate(self, size=None, /):
        return self._buffer.truncate(size)

    def flush(self):
        pass

    def close(self):
        self._buffer.close()

    @property
    def closed(self):
        return self._buffer.closed

    def __iter__(self):
        return iter(self._buffer)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class StringIO(_Buffer):
    @staticmethod
    def _make(initial):
        import io
        return io.StringIO(initial)


class BytesIO(_Buffer):
    _kind = bytes

    @staticmethod
    def _make(initial):
        import io
        return io.BytesIO(initial)


StringIO.__module__ = BytesIO.__module__ = "_io"


def _io(vm) -> dict:
    guards = vm.guards

    def string_io(initial_value="", newline="\n"):
        return StringIO(guards, initial_value)

    def bytes_io(initial_bytes=b""):
        return BytesIO(guards, initial_bytes)

    return {"StringIO": string_io, "BytesIO": bytes_io}


# -- textwrap -----------------------------------------------------------------------------------

def _textwrap(vm) -> dict:
    """Python's textwrap (its results are no longer than their text, but for indent's
    prefixes, which are checked)."""
    import textwrap
    guards = vm.guards

    def indent(text, prefix, predicate=None):
        guards.check_size(len(text) + len(prefix) * (text.count("\n") + 1), "characters")
        return textwrap.indent(text, prefix, predicate)

    members = {name: getattr(textwrap, name) for name in ("wrap", "fill", "shorten", "dedent")}
    members["indent"] = indent
    return members
