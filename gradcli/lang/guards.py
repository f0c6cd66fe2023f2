"""What a formula may touch, and the operators that cannot blow up.

* Attributes: public ones (and `_version`) of engine objects, whose classes carry
  `__gradcli_safe__ = True`; a short method list for str, list, tuple, dict, numbers and
  ranges; the engine's list for NumPy arrays. Nothing else, and no name starting with `_`.
* Operators: Python's, except that integer `**`, `*` and `<<`, sequence repetition and
  concatenation, `%`-formatting and format specs refuse results past the limits before
  computing them, so `9**9**9**9` or `'a'*10**12` fail at once instead of hanging.
* Iteration that Python would run in C (list(), sum(), `in`, unpacking, str.join ...) goes
  through `bounded_list`, which counts and watches the clock.
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping
import operator
import re
import sys
import warnings
from types import BuiltinFunctionType, MappingProxyType, MethodType

from ..errors import EvalError, LimitError
from . import ast as _ast

_INTS = (int, bool)
_SEQS = (str, list, tuple, bytes, bytearray)
_SIZED_BUILTINS = (list, tuple, str, dict, set, frozenset, range, bytes, bytearray)
# bytes' methods whose result is no longer than their input's
_BYTES_METHODS = frozenset({
    "count", "decode", "endswith", "find", "hex", "index", "isalnum", "isalpha", "isascii",
    "isdigit", "islower", "isspace", "istitle", "isupper", "lower", "lstrip", "partition",
    "removeprefix", "removesuffix", "rfind", "rindex", "rpartition", "rsplit", "rstrip",
    "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper"})
MAX_FORMAT_WIDTH = 100_000

#: Methods a formula may call on plain values, by exact type.
ALLOWED_ATTRIBUTES: dict[type, frozenset] = {
    str: frozenset({
        "capitalize", "casefold", "center", "count", "endswith", "find", "format", "index",
        "isalnum", "isalpha", "isdecimal", "isdigit", "isidentifier", "islower",
        "isnumeric", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip",
        "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust",
        "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
        "swapcase", "title", "upper", "zfill", "expandtabs", "translate", "format_map",
        "encode", "isascii"}),
    bytes: _BYTES_METHODS,
    bytearray: _BYTES_METHODS | {"append", "clear", "copy", "extend", "insert", "pop",
                                 "remove", "reverse"},
    list: frozenset({"append", "clear", "copy", "count", "extend", "index", "insert", "pop",
                     "remove", "reverse", "sort"}),
    tuple: frozenset({"count", "index"}),
    dict: frozenset({"clear", "copy", "get", "items", "keys", "pop", "popitem", "setdefault",
                     "update", "values"}),
    MappingProxyType: frozenset({"copy", "get", "items", "keys", "values"}),  # vars(cls)
    int: frozenset({"bit_length", "conjugate", "denominator", "imag", "numerator", "real",
                    "as_integer_ratio", "bit_count", "to_bytes"}),
    bool: frozenset({"conjugate", "imag", "real"}),
    float: frozenset({"conjugate", "imag", "is_integer", "real", "as_integer_ratio"}),
    complex: frozenset({"conjugate", "imag", "real"}),
    range: frozenset({"count", "index", "start", "step", "stop"}),
    set: frozenset({"add", "clear", "copy", "difference", "discard", "intersection",
                    "isdisjoint", "issubset", "issuperset", "pop", "remove",
                    "symmetric_difference", "union", "update"}),
    slice: frozenset({"start", "step", "stop", "indices"}),
    # sys.version_info, sys.float_info, sys.int_info: named tuples of numbers
    type(sys.version_info): frozenset({"major", "minor", "micro", "releaselevel", "serial"}),
    type(sys.float_info): frozenset(sys.float_info.__match_args__),
    type(sys.int_info): frozenset(sys.int_info.__match_args__),
}

#: Class methods a formula may call on other types (lazy: their consumers are bounded).
_CLASS_METHODS: dict[type, frozenset] = {itertools.chain: frozenset({"from_iterable"}),
                                         int: frozenset({"from_bytes"}),
                                         bytes: frozenset({"fromhex"}),
                                         bytearray: frozenset({"fromhex"})}

_NUMPY_SCALAR_ATTRIBUTES = frozenset({"item", "dtype", "shape", "ndim", "real", "imag",
                                      "tolist", "astype", "is_integer"})

#: the attributes starting with '_' a formula may read of a tensor
_TENSOR_DUNDERS = frozenset({"_base", "__dlpack__", "__dlpack_device__", "__array__",
                             "__array_wrap__", "__array_priority__"})
# What a formula reads of an exception (besides its own class's attributes)
_EXCEPTION_READS = frozenset({"args", "__cause__", "__context__", "__suppress_context__"})


def _is_formula_function(obj) -> bool:
    from .vm import UserFunction
    return type(obj) is UserFunction


def _no_traceback():
    raise EvalError("TypeError: __traceback__ must be a traceback or None")


def is_engine_object(value) -> bool:
    """True for instances of classes the engine marked formula-safe."""
    return getattr(type(value), "__gradcli_safe__", False) is True


def suggest(name: str, candidates) -> str | None:
    """`did you mean `x`?` for the closest candidate, or None."""
    import difflib              # only when a name is not found: not at start-up
    found = difflib.get_close_matches(name, [c for c in candidates if c != name], n=1,
                                      cutoff=0.6)
    return f"did you mean `{found[0]}`?" if found else None


def _is_node(obj) -> bool:
    """A backward node: its `_saved_<name>` tensors are PyTorch's documented view of it."""
    from ..autograd.graph import Node
    return isinstance(obj, Node)


def _is_tensor(obj) -> bool:
    """A tensor: its `_base` (the tensor a view shares memory with) is PyTorch's public
    view of it."""
    from .._tensor import Tensor
    return isinstance(obj, Tensor)



def _in_transform() -> bool:
    """A torch.func transform (grad, vjp, jacrev, jacfwd, jvp, vmap) is running a formula's
    function: PyTorch refuses `t.requires_grad_()` there."""
    vmap = sys.modules.get("gradcli.autograd.vmap")
    return vmap is not None and vmap.TRANSFORMS[0] > 0


def check_unpackable(value) -> None:
    """Python's error for unpacking what has no way to iterate (`a, b = 5`); a type that has
    one raises its own error, if any, when iterated (a 0-d tensor's)."""
    cls = type(value)
    if not (hasattr(cls, "__iter__") or hasattr(cls, "__getitem__")):
        raise EvalError(f"TypeError: cannot unpack non-iterable {_type_name(value)} object")


def _numpy():
    return sys.modules.get("numpy")



def formula_private(obj, name: str) -> bool:
    """Whether `name` is a private attribute (one leading `_`) of a formula's own class or of
    its instance, which the formula may read, set and delete (`self._cache`): the class is
    the formula's, and no base class of gradcli's (nn.Module, Dataset ...) has or sets an
    attribute of that name, so none of their workings is reached."""
    if name[:1] != "_" or name[1:2] == "_":
        return False
    cls = obj if isinstance(obj, type) else type(obj)
    if getattr(cls, "__module__", None) != "__main__":
        return False
    return name not in reserved_names(cls)


def formula_protected(obj, name: str) -> bool:
    """Whether `name` is a private name that a base class of gradcli's lets the formula's
    subclasses (and their instances) read: one its `__formula_protected__` lists (a
    Distribution's `_validate_args`, `_validate_sample` ...)."""
    cls = obj if isinstance(obj, type) else type(obj)
    if getattr(cls, "__module__", None) != "__main__":
        return False
    return any(name in k.__dict__.get("__formula_protected__", ()) for k in cls.__mro__)


#: A class's place in the class tree, which a formula may read (guards._class_tree), and the
#: modules of the classes whose tree is Python's own.
CLASS_TREE = ("__mro__", "__bases__")
_PYTHON_CLASS_MODULES = ("__main__", "builtins", "abc", "enum", "typing")


def _hidden_base(cls: type) -> bool:
    """gradcli's named tuple under a `class P(NamedTuple):` (classes.named_tuple_base), the
    class under a `class MyT(torch.Tensor):` (subclass.py)."""
    return cls.__dict__.get("__gradcli_hidden_base__") is True


def _is_tensor_class(obj) -> bool:
    """torch.Tensor, a subclass of it, or a tensor."""
    from .._tensor import Tensor
    return isinstance(obj, Tensor) or isinstance(obj, type) and issubclass(obj, Tensor)


def _as_pytorch_mro(cls: type) -> tuple:
    """cls in a class's method order, as PyTorch's shows it: torch.Tensor followed by its C
    base, torch._C.TensorBase."""
    if cls.__module__ == "gradcli._tensor" and cls.__name__ == "Tensor":
        from ..subclass import TensorBase
        return cls, TensorBase
    return (cls,)


#: The special names a formula's class body may define (`def __add__`, `__slots__ = ...`,
#: `__rmul__ = __mul__`) and a formula may read from its classes (`V.__radd__`).
CLASS_BODY_NAMES = frozenset(_ast.METHOD_DUNDERS + ("__match_args__", "__slots__", "__doc__"))


def _formula_special(obj, name: str) -> bool:
    """Whether `name` is a special method or attribute that a formula's class (obj's, or
    obj itself) defines in its body (`__add__`, `__radd__ = __add__`, `__match_args__`)."""
    cls = obj if isinstance(obj, type) else type(obj)
    return any(name in vars(base) for base in cls.__mro__
               if getattr(base, "__module__", None) == "__main__")


def reserved_names(cls) -> frozenset:
    """The attribute names that the classes in cls's method order other than the formula's
    own define, or set on an instance as it is made; every name (a set that holds them all)
    where such a base cannot be made without arguments."""
    names: set = set()
    for base in cls.__mro__:
        if getattr(base, "__module__", None) == "__main__" or base is object:
            continue
        known = _BASE_NAMES.get(base)
        if known is None:
            known = _BASE_NAMES[base] = _names_of(base)
        if known is _EVERY_NAME:
            return _EVERY_NAME
        names |= known
    return frozenset(names)



def _doc_of(obj):
    """`x.__doc__`: a formula function's or class's docstring, else Python's."""
    from .builtins import unwrap_type
    from .vm import UserFunction
    obj = unwrap_type(obj)
    if isinstance(obj, UserFunction):
        return obj.code.doc
    if isinstance(obj, MethodType) and isinstance(obj.__func__, UserFunction):
        return obj.__func__.code.doc
    doc = getattr(obj, "__doc__", None)
    return doc if isinstance(doc, str) else None

class _Everything(frozenset):
    def __contains__(self, item) -> bool:
        return True


_EVERY_NAME = _Everything()
_BASE_NAMES: dict = {}


def _names_of(base) -> frozenset:
    names = set()
    for klass in base.__mro__:
        names.update(vars(klass))
    try:
        with warnings.catch_warnings():     # (the probe is no part of the program: a base's
            warnings.simplefilter("ignore")  # warning as it is made, Distribution's, unseen)
            instance = base.__new__(base)
            base.__init__(instance)
    except Exception:
        return _EVERY_NAME
    names.update(getattr(instance, "__dict__", ()))
    return frozenset(names)

class Guards:
    """Operators, attribute access and bounded iteration for one VM (it has the limits and
    the clock)."""

    def __init__(self, vm, safe_attributes: dict | None = None):
        self.vm = vm
        self.limits = vm.limits
        self.max_elements = vm.limits.max_elements
        self.max_bits = vm.limits.max_int_bits
        from .stdlib import container_attributes
        containers, wrapped = container_attributes()
        self.safe_attributes = dict(ALLOWED_ATTRIBUTES)
        self.safe_attributes.update(containers)
        self.safe_attributes.update(safe_attributes or {})
        self.wrapped = {**wrapped, **_WRAPPED}
        self.binops = self._binops()
        self.inplace = {op: self._make_inplace(op) for op in (
            "+", "-", "*", "@", "/", "//", "%", "**", "&", "|", "^", "<<", ">>")}
        self.unary = {"-": operator.neg, "+": operator.pos, "~": operator.invert}
        self._formatter = None

    @property
    def formatter(self):
        """str.format's engine for the formula (`_safe_formatter`), made on first use."""
        if self._formatter is None:
            self._formatter = _safe_formatter()(self)
        return self._formatter

    # --- limits
    def too_many(self, n: int, what: str = "elements") -> LimitError:
        return self.limits.error("max_elements", hint=f"the result would have {n:,} {what}")

    def check_size(self, n: int, what: str = "elements") -> None:
        if n > self.max_elements:
            raise self.too_many(n, what)

    def check_bits(self, bits: int) -> None:
        if bits > self.max_bits:
            raise self.limits.error("max_int_bits",
                                    hint=f"the result would have about {bits:,} bits")

    # --- binary operators
    def _binops(self) -> dict:
        ops = {
            "-": operator.sub, "@": operator.matmul, "/": operator.truediv,
            "//": operator.floordiv, "&": operator.and_, "|": operator.or_,
            "^": operator.xor, ">>": operator.rshift,
            "+": self.add, "*": self.mul, "**": self.pow, "<<": self.lshift, "%": self.mod,
            "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
            "==": operator.eq, "!=": operator.ne, "is": _is, "is not": _is_not,
            "in": self.contains,
            "not in": lambda a, b: not self.contains(a, b),
        }
        return ops

    def add(self, a, b):
        ta = type(a)
        if ta in _SEQS and type(b) in _SEQS:
            self.check_size(len(a) + len(b))
        return a + b

    def mul(self, a, b):
        ta, tb = type(a), type(b)
        if ta in _INTS and tb in _INTS:
            self.check_bits(a.bit_length() + b.bit_length())
        elif ta in _SEQS:
            self._check_repeat(a, b)
        elif tb in _SEQS:
            self._check_repeat(b, a)
        return a * b

    def _check_repeat(self, seq, times) -> None:
        try:
            n = operator.index(times)
        except TypeError:
            return
        self.check_size(len(seq) * max(n, 0))

    def pow(self, a, b, mod=None):
        if mod is not None and _is_tensor(a):       # a tensor has no three-argument pow
            raise TypeError(f"unsupported operand type(s) for ** or pow(): "
                            f"'{_type_name(a)}', '{_type_name(b)}', '{_type_name(mod)}'")
        if mod is None and type(a) in _INTS and type(b) in _INTS and b > 0 and abs(a) > 1:
            self.check_bits((a.bit_length() - 1) * b)
        return pow(a, b, mod) if mod is not None else a ** b

    def lshift(self, a, b):
        if type(a) in _INTS and type(b) in _INTS and a and b > 0:
            self.check_bits(a.bit_length() + b)
        return a << b

    def mod(self, a, b):
        if type(a) in (bytes, bytearray):       # b"%5d" % n: its widths as a str's
            self._check_percent_format(a.decode("latin-1"), b)
        if type(a) is str:
            self._check_percent_format(a, b)
            shown = tuple(map(_Shown.wrap, b)) if type(b) is tuple else _Shown.wrap(b)
            if shown is not b and shown != b:
                try:                        # `"%s" % torch.sin` as PyTorch's program shows it
                    return a % shown
                except TypeError:           # (`%d` of one: Python's own error, below)
                    pass
        return a % b

    _PERCENT = re.compile(r"%(\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.?)", re.S)

    def _check_percent_format(self, fmt: str, args) -> None:
        """Refuse widths and precisions past MAX_FORMAT_WIDTH, written (`%9999999d`) or
        taken from the arguments (`%*d`); Python reports every other mistake itself."""
        items = args if type(args) is tuple else (args,)
        index = 0
        for m in self._PERCENT.finditer(fmt):
            key, width, precision, conversion = m.groups()
            for part in (width, precision):
                if part == "*":
                    value = items[index] if index < len(items) else None
                    index += 1
                    part = str(abs(value)) if type(value) is int else None
                if part and (len(part) > 6 or int(part) > MAX_FORMAT_WIDTH):
                    raise EvalError(f"format width {part} is too large (at most "
                                    f"{MAX_FORMAT_WIDTH:,})")
            if key is None and conversion != "%":
                index += 1

    def check_format_spec(self, spec: str) -> None:
        for digits in re.findall(r"\d+", spec):
            if len(digits) > 6 or int(digits) > MAX_FORMAT_WIDTH:
                raise EvalError(f"format width {digits} is too large (at most "
                                f"{MAX_FORMAT_WIDTH:,})")

    def format(self, value, spec: str = "") -> str:
        self.check_format_spec(spec)
        if not spec and _Shown.wrap(value) is not value:
            from .builtins import text      # `"{}".format(torch.sin)`, format([torch.sin])
            return text(value)
        try:
            return format(value, spec)
        except TypeError as exc:            # `f"{torch.sin:d}"`: PyTorch's type name
            from .callables import retyped
            raise TypeError(retyped(str(exc), (value,))) from None

    def contains(self, item, container) -> bool:
        kind = type(container)
        if kind in _SIZED_BUILTINS or is_engine_object(container) \
                or self._is_array(container) or hasattr(kind, "__contains__"):
            return item in container
        if not (hasattr(kind, "__iter__") or hasattr(kind, "__getitem__")):
            raise TypeError(f"argument of type '{kind.__name__}' is not iterable")
        for value in self.bounded_iter(container):
            if value is item or value == item:
                return True
        return False

    def _make_inplace(self, op: str):
        plain = self.binops[op]
        name = {"+": "iadd", "-": "isub", "*": "imul", "@": "imatmul", "/": "itruediv",
                "//": "ifloordiv", "%": "imod", "**": "ipow", "&": "iand", "|": "ior",
                "^": "ixor", "<<": "ilshift", ">>": "irshift"}[op]
        in_place = getattr(operator, name)

        def apply(a, b):
            t = type(a)
            if t is list or t is dict or t is bytearray:
                if op == "+" and t is bytearray:        # (bytes-like only, as Python's)
                    self.check_size(len(a) + (len(b) if type(b) in _SEQS else 0))
                elif op == "+":
                    b = self.bounded_list(b)
                    self.check_size(len(a) + len(b))
                elif op == "*":
                    self._check_repeat(a, b)
                return in_place(a, b)
            if getattr(t, "__gradcli_safe__", False) is True or self._is_array(a):
                return in_place(a, b)
            try:
                return plain(a, b)
            except TypeError as exc:        # Python names the augmented operator
                text = str(exc)
                head = f"unsupported operand type(s) for {op}:"
                if not text.startswith(head):
                    raise
                raise TypeError(f"unsupported operand type(s) for {op}=:"
                                f"{text[len(head):]}") from None
        return apply

    # --- iteration that Python would do in C
    def bounded_iter(self, iterable):
        """Iterate, checking the element limit and the clock every 1024 items."""
        limit = self.max_elements
        for i, value in enumerate(iterable):
            if not i & 1023:
                self.vm.check_clock()
                if i > limit:
                    raise self.too_many(i, "items")
            yield value

    def bounded_list(self, iterable) -> list:
        if type(iterable) in _SIZED_BUILTINS or is_engine_object(iterable):
            try:
                n = len(iterable)
            except TypeError:
                n = None
            if n is not None:
                self.check_size(n, "items")
                return list(iterable)
        return list(self.bounded_iter(iterable))

    @staticmethod
    def has_instance_dict(obj) -> bool:
        """An instance of a formula's plain class (no engine base): its `__dict__` holds
        only what the formula set, so `vars(obj)` and `obj.__dict__` may give it."""
        cls = type(obj)
        return not isinstance(obj, type) and hasattr(obj, "__dict__") and all(
            base is object or base.__dict__.get("__gradcli_formula_class__") is True
            or getattr(base, "__module__", None) == "__main__" for base in cls.__mro__)

    def bounded_items(self, iterable):
        """A mapping as it is; anything else listed through bounded_list (what dict(),
        dict.update and the collections are given)."""
        return iterable if isinstance(iterable, (dict, Mapping)) else \
            self.bounded_list(iterable)

    def take(self, iterable, n: int) -> list:
        """At most n + 1 items (for unpacking into n targets)."""
        if type(iterable) in (list, tuple):
            return iterable
        check_unpackable(iterable)
        return list(itertools.islice(iter(iterable), n + 1))   # its own error, if any

    # --- attributes
    @staticmethod
    def _is_array(value) -> bool:
        np = _numpy()
        return np is not None and isinstance(value, np.ndarray)

    def _allowed(self, obj) -> frozenset | None:
        allowed = self.safe_attributes.get(type(obj))
        if allowed is None:
            np = _numpy()
            if np is not None and isinstance(obj, np.generic):
                return _NUMPY_SCALAR_ATTRIBUTES
        return allowed

    def get_attr(self, obj, name: str):
        if name in CLASS_TREE:                      # `B.__mro__`, `type(x).__bases__`
            return self._class_tree(obj, name)
        if isinstance(obj, BaseException) or (isinstance(obj, type)
                                               and issubclass(obj, BaseException)):
            return self._exception_attr(obj, name)
        if getattr(type(obj), "__gradcli_super__", False) is True:
            return obj.attribute(name)              # super(): its own rules (classes.py)
        if name == "__init__" and _is_module_class(obj):
            return obj.__init__
        if name == "__name__":                      # `type(layer).__name__`, `f.__name__`
            return self._name_of(obj)
        if name == "__qualname__":                  # `f.__qualname__`: 'f.<locals>.g'
            return self._qualname_of(obj)
        if name == "__doc__":                       # a docstring (or None)
            return _doc_of(obj)
        if name == "__module__":                    # `f.__module__`: '__main__', 'torch'
            return self._module_of(obj)
        if name == "__version__" and type(obj).__name__ == "Namespace" and \
                "__version__" in obj:                # torch.__version__, np.__version__
            return getattr(obj, name)
        if name[:1] == "_" and name != "_version" and not (
                name.startswith(("_saved_", "_raw_saved_")) and _is_node(obj)) and not (
                name in _TENSOR_DUNDERS and (_is_tensor(obj) or name[:7] == "__array"
                                             and _is_tensor_class(obj))):
            if name == "__class__.__name__":          # parser.CLASS_NAME
                return _class_name(obj)
            if name in ("__defaults__", "__kwdefaults__") and _is_formula_function(obj):
                values = obj.defaults if name == "__defaults__" else obj.kwdefaults
                return (tuple(values) if name == "__defaults__" else dict(values)) or None
            if name in NAMED_TUPLE_API:                 # (nothing else has them)
                if _is_named_tuple(obj):
                    return self._named_tuple_attr(obj, name)
                cls = type(obj)                     # (PyTorch's C structseqs: full name)
                shown = f"{cls.__module__}.{cls.__name__}" \
                    if cls.__module__ == "torch.return_types" else _type_name(obj)
                raise self._no_attribute(obj, name, f"'{shown}' object has no attribute "
                                                    f"'{name}'")
            if name in CLASS_BODY_NAMES:            # `V.__radd__`, `Point.__match_args__`
                if _formula_special(obj, name) or name == "__torch_function__" and \
                        _is_tensor_class(obj):      # torch.Tensor.__torch_function__
                    return getattr(obj, name)
                if name == "__repr__" and isinstance(obj, type) and _is_tensor_class(obj):
                    from ..subclass import tensor_repr     # (`func is torch.Tensor.__repr__`
                    return tensor_repr                     # in a __torch_function__)
                raise EvalError("attributes starting with '_' are not allowed in formulas: "
                                f"'{name}'")
            if formula_private(obj, name):          # `self._cache` of the formula's class
                try:
                    return getattr(obj, name)
                except AttributeError as exc:
                    raise self._no_attribute(obj, name, str(exc)) from None
            if formula_protected(obj, name):
                return getattr(obj, name)
            if obj is None and name.startswith(("_saved_", "_raw_saved_")):
                raise self._no_attribute(obj, name, "")   # `y.grad_fn._saved_self`, no node
            raise EvalError(f"attribute '{name}' is not available in gradcli formulas",
                            hint="names starting with '_' are private")
        if name == "requires_grad_" and _in_transform() and _is_tensor(obj):
            from ..autograd.vmap import REQUIRES_GRAD_IN_TRANSFORM
            raise EvalError(f"RuntimeError: {REQUIRES_GRAD_IN_TRANSFORM}")
        if getattr(type(obj), "__gradcli_safe__", False) is True:
            own_rules = getattr(type(obj), "__gradcli_getattr__", None)   # a Function's ctx
            try:
                return own_rules(obj, name) if own_rules else getattr(obj, name)
            except AttributeError as exc:
                raise self._no_attribute(obj, name, str(exc)) from None
        if isinstance(obj, type) and getattr(obj, "__gradcli_safe__", False) is True:
            if _own(obj, name) or (getattr(obj, name, None) is not None and _own(obj, name)):
                from .callables import class_attribute   # (torch.Tensor.add)
                return class_attribute(obj, name, getattr(obj, name))   # (the getattr:
                #                                                     Tensor's lazy methods)
            raise self._no_attribute(obj, name, f"type object '{obj.__name__}' has no "
                                                f"attribute '{name}'")
        allowed = self._allowed(obj)
        if allowed is not None and name in allowed:
            wrapper = self.wrapped.get((type(obj), name))
            return wrapper(self, obj) if wrapper else getattr(obj, name)
        if type(obj).__name__ == "BuiltinType":     # `str.lower`, `dict.fromkeys`
            return self._type_attr(obj.type, name)
        if isinstance(obj, type) and (obj in ALLOWED_ATTRIBUTES or obj in _CLASS_METHODS):
            return self._type_attr(obj, name)               # `int.bit_length`
        from ..callerrors import torch_type_name
        tname = torch_type_name(obj) or _type_name(obj)
        if hasattr(obj, name):
            raise EvalError(f"'{tname}' attribute '{name}' is not available in gradcli "
                            "formulas", hint=suggest(name, allowed or ()))
        raise EvalError(f"'{tname}' object has no attribute '{name}'",
                        hint=suggest(name, allowed or ()))

    def names_of(self, obj) -> list:
        """dir(obj): all of Python's names for a formula's own class and its instances (the
        interpreter's markers aside); the public ones a formula may read of anything else."""
        cls = obj if isinstance(obj, type) else type(obj)
        names = dir(obj)
        if "__main__" == getattr(cls, "__module__", None) and \
                getattr(cls, "__gradcli_formula_class__", False) is True:
            return [n for n in names if "gradcli" not in n]
        return [n for n in names if n[:1] != "_"]

    def _type_attr(self, cls: type, name: str):
        """An attribute of a builtin type: the unbound form of a method its values allow
        (`map(str.strip, lines)`, `sorted(words, key=str.lower)`), or `dict.fromkeys`."""
        if cls is str and name == "maketrans":
            return str.maketrans
        if cls is dict and name == "fromkeys":
            return lambda iterable, value=None, /: dict.fromkeys(
                self.bounded_list(iterable), value)
        if name in _CLASS_METHODS.get(cls, ()):
            return getattr(cls, name)
        allowed = ALLOWED_ATTRIBUTES.get(cls, frozenset())
        if name in allowed:
            wrapper = self.wrapped.get((cls, name))
            if wrapper is None:
                return getattr(cls, name)

            def unbound(obj, /, *args, **kwargs):
                if not isinstance(obj, cls):
                    raise EvalError(f"TypeError: descriptor '{name}' for '{cls.__name__}' "
                                    f"objects doesn't apply to a '{_type_name(obj)}' object")
                return wrapper(self, obj)(*args, **kwargs)
            unbound.__name__ = name
            return unbound
        if hasattr(cls, name):
            raise EvalError(f"type object '{cls.__name__}' attribute '{name}' is not "
                            "available in gradcli formulas", hint=suggest(name, allowed))
        raise EvalError(f"AttributeError: type object '{cls.__name__}' has no attribute "
                        f"'{name}'", hint=suggest(name, allowed))

    @staticmethod
    def _name_of(obj) -> str:
        """The `__name__` of a class or function (a string: nothing else is reachable)."""
        from .builtins import unwrap_type
        from .callables import shown
        obj = unwrap_type(obj)
        how = shown(obj)
        if how is not None:                         # torch's functions: PyTorch's
            return how.name
        torch_name = obj.__dict__.get("__torch_name__") if isinstance(obj, type) else None
        if isinstance(torch_name, str):             # type(torch): 'module'
            return torch_name.rpartition(".")[2]
        value = getattr(obj, "__name__", None) if callable(obj) else None
        if isinstance(value, str):
            return value
        if type(obj).__name__ == "Namespace":        # a module: `math.__name__`
            return object.__getattribute__(obj, "_name")
        raise EvalError(f"'{_type_name(obj)}' object has no attribute '__name__'")

    @classmethod
    def _qualname_of(cls, obj) -> str:
        """The `__qualname__` of a class or function (a string, like `__name__`)."""
        from .builtins import unwrap_type
        from .callables import shown
        target = unwrap_type(obj)
        how = shown(target)
        if how is not None:                         # torch's functions: PyTorch's
            return how.qualname
        value = getattr(target, "__qualname__", None) if callable(target) else None
        if isinstance(value, str):
            return value
        if type(target).__name__ == "Namespace":     # a module has none
            raise EvalError("AttributeError: module '"
                            f"{object.__getattribute__(target, '_name')}' has no attribute "
                            "'__qualname__'")
        raise EvalError(f"AttributeError: '{_type_name(obj)}' object has no attribute "
                        "'__qualname__'")

    def _named_tuple_attr(self, obj, name: str):
        """A named tuple's `_fields`, `_asdict` ... (`_make` lists its iterable through the
        guards)."""
        if name != "_make":
            return getattr(obj, name)
        make = obj._make
        return lambda iterable, /: make(self.bounded_list(iterable))

    @staticmethod
    def _module_of(obj) -> str | None:
        """The `__module__` of a function or class, as PyTorch's program reads it: the
        formula's own are '__main__', the engine's those of PyTorch's (callables.py,
        builtins.class_text); other values are refused as any `_` attribute is."""
        from .builtins import _user_function, class_text, unwrap_type
        from .callables import shown
        target = unwrap_type(obj)
        how = shown(target)
        if how is None and type(target) is MethodType:
            target = target.__func__                # a Python method: its function's
        if isinstance(target, _user_function()) or type(target) is BuiltinFunctionType:
            return "__main__" if type(target) is not BuiltinFunctionType \
                else target.__module__              # Python's builtins: 'builtins', 'math'
        how = how or shown(target)
        if how is not None:
            if how.kind == "descriptor":
                raise EvalError("AttributeError: 'method_descriptor' object has no attribute "
                                "'__module__'")
            return how.module
        cls = target if isinstance(target, type) else type(target)
        if not isinstance(target, type) and cls.__module__ == "builtins":
            raise EvalError(f"AttributeError: '{_type_name(target)}' object has no "
                            "attribute '__module__'")     # (1).__module__
        if cls is not target and cls.__module__.startswith("gradcli.lang"):
            raise EvalError("attribute '__module__' is not available in gradcli formulas",
                            hint="names starting with '_' are private")  # (the interpreter's)
        if cls is not target and cls.__module__ == "torch.return_types":   # C structseqs
            raise EvalError(f"AttributeError: 'torch.return_types.{cls.__name__}' object "
                            "has no attribute '__module__'")
        if not cls.__module__.startswith("gradcli"):
            return cls.__module__                   # the formula's classes, Python's
        text = class_text(cls)                      # an instance's: its class's
        name = text[len("<class '"):-2] if text.startswith("<class '") else ""
        if cls is not target and not _is_tensor(target) and name and (
                "." not in name or name in C_INSTANCE_MODULES):
            module = C_INSTANCE_MODULES.get(name)   # PyTorch's C types: most have none
            if module is None:
                raise EvalError(f"AttributeError: '{name}' object has no attribute "
                                "'__module__'")
            return module
        if "." in name:
            return name.rpartition(".")[0]
        raise EvalError("attribute '__module__' is not available in gradcli formulas",
                        hint="names starting with '_' are private")

    @staticmethod
    def _exception_attr(obj, name: str):
        """An exception's `args` (and the `code` of SystemExit, the `value` of
        StopIteration), an exception class's `__name__`, and what the formula's own
        exception classes define (their methods, class attributes, and the attributes their
        `__init__` set); nothing else."""
        if name[:1] != "_" and _own_exception_attribute(obj, name):
            return getattr(obj, name)
        if name == "__class__.__name__":              # parser.CLASS_NAME
            return _class_name(obj)
        if isinstance(obj, type):
            if name == "__name__":
                return obj.__name__
            if name == "__init__":                  # `Exception.__init__(self, message)`
                return obj.__init__
            raise EvalError(f"AttributeError: type object '{obj.__name__}' attribute "
                            f"'{name}' is not available in gradcli formulas")
        if name in _EXCEPTION_READS or (name, type(obj)) in (("code", SystemExit),
                                                             ("value", StopIteration)):
            return getattr(obj, name)
        if name == "with_traceback":        # (a formula has no tracebacks: only None)
            return lambda tb, /: obj if tb is None else _no_traceback()
        if name[:1] == "_" or hasattr(obj, name):
            raise EvalError(f"'{type(obj).__name__}' attribute '{name}' is not available in "
                            "gradcli formulas",
                            hint="a formula may read only the `args`, `__cause__`, "
                                 "`__context__` and `__suppress_context__` of an exception")
        raise EvalError(f"'{type(obj).__name__}' object has no attribute '{name}'")

    def _class_tree(self, obj, name: str) -> tuple:
        """A class's `__mro__` or `__bases__`, Python's own, where that is what PyTorch's
        program sees: every class in the order is the formula's, Python's (a builtin one,
        not a metaclass, or abc's, enum's, typing's) or nn.Module; gradcli's other classes
        are not arranged as PyTorch's. The named tuple a `class P(NamedTuple):` derives
        from is gradcli's means, left out (Python's P derives from tuple)."""
        from .builtins import unwrap_type
        cls = unwrap_type(obj)
        if not isinstance(cls, type):
            raise self._no_attribute(obj, name, f"AttributeError: '{_type_name(obj)}' object "
                                                f"has no attribute '{name}'")
        foreign = [k for k in cls.__mro__ if k.__module__ not in _PYTHON_CLASS_MODULES]
        if foreign:
            from ..nn import Module, Parameter
            from .._tensor import Tensor
            foreign = [k for k in foreign if k is not Module and k is not Tensor
                       and k is not Parameter and not _hidden_base(k)]
        if issubclass(cls, type) or foreign:
            raise EvalError(f"gradcli: `{name}` of {cls.__name__} is not available in "
                            "formulas", hint="gradcli gives it for the formula's own classes "
                            "and Python's, whose class tree is PyTorch's")
        if name == "__mro__":
            return tuple(b for k in cls.__mro__ if not _hidden_base(k)
                         for b in _as_pytorch_mro(k))
        if cls.__module__ == "gradcli._tensor":           # torch.Tensor's: (TensorBase,)
            return _as_pytorch_mro(cls)[1:]
        return tuple(b for k in cls.__bases__ for b in (k.__bases__ if _hidden_base(k) else (k,)))

    def _no_attribute(self, obj, name: str, message: str) -> EvalError:
        try:
            candidates = [n for n in dir(obj) if not n.startswith("_")]
        except Exception:
            candidates = []
        from ..callerrors import torch_type_name
        c_name = torch_type_name(obj)           # (PyTorch's C types: CPython's tp_name)
        short = f"'{type(obj).__name__}' object"
        if c_name and message.startswith(short):
            message = f"'{c_name}' object{message[len(short):]}"
        shown = c_name or _type_name(obj)
        return EvalError(message or f"'{shown}' object has no attribute '{name}'",
                         hint=suggest(name, candidates))

    def delete_attr(self, obj, name: str) -> None:
        """`del obj.name`: where the formula could set it (a module's submodule or
        parameter, an attribute of its own object), never a method."""
        if name[:1] == "_" and not formula_private(obj, name):
            raise EvalError(f"attribute '{name}' cannot be deleted in gradcli formulas",
                            hint="names starting with '_' are private")
        if getattr(type(obj), "__gradcli_safe__", False) is not True and not (
                isinstance(obj, type) and obj.__module__ == "__main__"
                and getattr(obj, "__gradcli_safe__", False) is True):
            raise EvalError(f"cannot delete attributes of a '{_type_name(obj)}' value in "
                            "gradcli formulas")
        if callable(getattr(type(obj), name, None)) and not isinstance(obj, type):
            raise EvalError(f"cannot delete method '{name}' of '{_type_name(obj)}'")
        try:
            delattr(obj, name)
        except AttributeError as exc:
            raise self._no_attribute(obj, name, str(exc)) from None

    def set_attr(self, obj, name: str, value) -> None:
        if name[:1] == "_" and not formula_private(obj, name) and not (
                formula_protected(obj, name) and not callable(getattr(type(obj), name, None))):
            raise EvalError(f"attribute '{name}' cannot be set in gradcli formulas",
                            hint="names starting with '_' are private")
        if isinstance(obj, type) and obj.__module__ == "__main__" and \
                getattr(obj, "__gradcli_safe__", False) is True:
            setattr(obj, name, value)            # a formula's own class: `Config.lr = 0.1`
            return
        if type(obj) in _NO_ATTRIBUTES:        # Python's own refusal (`ctx.k = 1` with ctx None)
            raise EvalError(f"AttributeError: '{_type_name(obj)}' object has no attribute "
                            f"'{name}'")
        if getattr(type(obj), "__gradcli_safe__", False) is not True:
            raise EvalError(f"cannot set attributes of a '{_type_name(obj)}' value in gradcli "
                            "formulas")
        own_rules = getattr(type(obj), "__gradcli_setattr__", None)       # a Function's ctx
        if own_rules is not None:
            try:
                return own_rules(obj, name, value)
            except AttributeError as exc:
                raise EvalError(f"AttributeError: {exc}") from None
        cls_attr = getattr(type(obj), name, None)
        if _is_tensor(obj) and (name == "grad_fn" or isinstance(cls_attr, property)
                                and cls_attr.fset is None):
            raise EvalError(f"AttributeError: attribute '{name}' of 'torch._C.TensorBase' "
                            "objects is not writable")
        if callable(cls_attr) and not isinstance(cls_attr, property) and \
                name not in getattr(type(obj), "__gradcli_overridable__", ()):
            raise EvalError(f"cannot assign to method '{name}' of '{_type_name(obj)}'")
        try:
            setattr(obj, name, value)
        except AttributeError as exc:
            if type(exc).__name__ == "FrozenInstanceError":     # a frozen dataclass
                error = EvalError(f"dataclasses.FrozenInstanceError: {exc}")
                error.python_type = "FrozenInstanceError"       # caught as AttributeError
                raise error from exc
            message = str(exc)
            if message and "has no attribute" not in message \
                    and "before Module.__init__() call" not in message:
                message = f"AttributeError: {message}"     # (an enum's member's `value`)
            error = self._no_attribute(obj, name, message)
            if "before Module.__init__() call" in error.message:
                error.hint = "call super().__init__() first in __init__"
            raise error from None


#: builtin types whose values take no attributes
_NO_ATTRIBUTES = frozenset((type(None), bool, int, float, complex, str, bytes, tuple, list, dict,
                            set, frozenset, range))


def _own(cls: type, name: str) -> bool:
    """Whether `cls` or a base other than `object` defines `name`."""
    return any(name in k.__dict__ for k in cls.__mro__ if k is not object)


def _own_exception_attribute(obj, name: str) -> bool:
    """Whether `name` is an attribute the formula gave its exception class or object."""
    cls = obj if isinstance(obj, type) else type(obj)
    from .classes import is_formula_class
    if not is_formula_class(cls):
        return False
    own = [k for k in cls.__mro__ if k.__module__ == "__main__"]
    return any(name in k.__dict__ for k in own) or (
        not isinstance(obj, type) and name in getattr(obj, "__dict__", {}))


def _is(a, b) -> bool:
    """`a is b`, where the builtin `list` (a BuiltinType) is the type list."""
    from .builtins import unwrap_type
    return unwrap_type(a) is unwrap_type(b)


def _is_not(a, b) -> bool:
    return not _is(a, b)


def _is_module_class(obj) -> bool:
    """A class a formula may derive from (a module, dataset, optimizer ... class or its own),
    whose `__init__` it may call (`nn.Module.__init__(self)`, `Base.__init__(self)`, as
    tutorials do in an __init__; `super().__init__()` is the SuperProxy's)."""
    if not isinstance(obj, type) or getattr(obj, "__gradcli_safe__", False) is not True:
        return False
    from .classes import is_class_base
    return is_class_base(obj)


#: A named tuple's public API (`p._asdict()`, `Point._fields`): the `_` names a formula may
#: read, of named tuples only.
NAMED_TUPLE_API = frozenset(("_fields", "_field_defaults", "_asdict", "_replace", "_make"))


#: The instances of PyTorch's C types (a node's, `<class 'MulBackward0'>`, too): the
#: `__module__` they have, None for none (AttributeError).
C_INSTANCE_MODULES = {
    "torch.dtype": "torch", "torch.Generator": "torch._C",
    **dict.fromkeys(("torch.Size", "torch.device", "torch.finfo", "torch.iinfo",
                     "torch.layout", "torch.memory_format"))}


def _is_named_tuple(obj) -> bool:
    """A formula's named tuple (collections.namedtuple, typing.NamedTuple) or its class."""
    cls = obj if isinstance(obj, type) else type(obj)
    return issubclass(cls, tuple) and isinstance(getattr(cls, "_fields", None), tuple) \
        and getattr(cls, "__gradcli_safe__", False) is True


def _class_name(obj) -> str:
    """`obj.__class__.__name__`: the name of type(obj) (a builtin type's is 'type')."""
    if type(obj).__name__ == "BuiltinType":
        return "type"
    return _type_name(obj)


def _type_name(obj) -> str:
    from .callables import type_name    # (torch.sin's 'builtin_function_or_method')
    return type_name(obj)


# --- wrapped methods of plain values: same behaviour, limits first -------------------------------

def _str_pad(method: str):
    def wrap(guards: Guards, s: str):
        bound = getattr(s, method)

        def call(*args):                  # Python's own errors for wrong arguments
            if args:
                guards.check_size(operator.index(args[0]), "characters")
            return bound(*args)
        return call
    return wrap


def _str_replace(guards: Guards, s: str):
    def replace(*args):                   # Python's own errors for wrong arguments
        old, new, count = (args + (-1,))[:3] if len(args) >= 2 else (None, None, -1)
        if isinstance(old, str) and isinstance(new, str) and len(new) > len(old) \
                and type(count) is int:
            n = s.count(old) if old else len(s) + 1
            if count >= 0:
                n = min(n, count)
            guards.check_size(len(s) + n * (len(new) - len(old)), "characters")
        return s.replace(*args)
    return replace


def _str_expandtabs(guards: Guards, s: str):
    def expandtabs(tabsize=8):
        guards.check_size(len(s) + s.count("\t") * max(operator.index(tabsize), 0),
                          "characters")
        return s.expandtabs(tabsize)
    return expandtabs


def _str_translate(guards: Guards, s: str):
    def translate(table, /):
        if isinstance(table, dict):         # each character may become a longer string
            longest = max((len(v) for v in table.values() if isinstance(v, str)), default=1)
            guards.check_size(len(s) * max(longest, 1), "characters")
        return s.translate(table)
    return translate


def _str_format_map(guards: Guards, s: str):
    def format_map(mapping, /):
        return guards.formatter.vformat(s, (), mapping)
    return format_map


def _str_join(guards: Guards, s: str):
    def join(iterable):
        cls = type(iterable)
        if not (hasattr(cls, "__iter__") or hasattr(cls, "__getitem__")):
            raise TypeError("can only join an iterable")      # Python's text, not iter()'s
        items = guards.bounded_list(iterable)
        total = sum(len(x) for x in items if isinstance(x, str)) + len(s) * max(len(items) - 1, 0)
        guards.check_size(total, "characters")
        return s.join(items)
    return join


def _str_format(guards: Guards, s: str):
    def format_(*args, **kwargs):
        return guards.formatter.format(s, *args, **kwargs)
    return format_


def _int_to_bytes(guards: Guards, n: int):
    def to_bytes(length=1, byteorder="big", *, signed=False):
        guards.check_size(operator.index(length), "bytes")
        return n.to_bytes(length, byteorder, signed=signed)
    return to_bytes


def _list_extend(guards: Guards, lst: list):
    def extend(iterable):
        items = guards.bounded_list(iterable)
        guards.check_size(len(lst) + len(items), "items")
        lst.extend(items)
    return extend


def _dict_update(guards: Guards, d: dict):
    def update(other=(), **kwargs):
        d.update(guards.bounded_items(other), **kwargs)
    return update


def _set_iterables(method: str):
    def wrap(guards: Guards, s: set):
        bound = getattr(s, method)

        def call(*others):
            items = [guards.bounded_list(o) for o in others]
            guards.check_size(len(s) + sum(len(i) for i in items), "items")
            return bound(*items)
        return call
    return wrap


_WRAPPED = {
    (str, "center"): _str_pad("center"), (str, "ljust"): _str_pad("ljust"),
    (str, "rjust"): _str_pad("rjust"), (str, "zfill"): _str_pad("zfill"),
    (str, "replace"): _str_replace, (str, "join"): _str_join, (str, "format"): _str_format,
    (str, "expandtabs"): _str_expandtabs, (str, "translate"): _str_translate,
    (str, "format_map"): _str_format_map,
    (list, "extend"): _list_extend, (bytearray, "extend"): _list_extend,
    (int, "to_bytes"): _int_to_bytes,
    (dict, "update"): _dict_update,
    **{(set, m): _set_iterables(m) for m in (
        "difference", "intersection", "isdisjoint", "issubset", "issuperset",
        "symmetric_difference", "union", "update")},
}


_FORMATTER: list = []


class _Shown:
    """A value `%` formatting shows as PyTorch's program does (builtins.text and repr_: a
    class, torch's functions, a container holding one)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    @staticmethod
    def wrap(value):
        """`value` itself, or a _Shown of it when builtins.text shows it its own way."""
        from .builtins import shown_own_way
        return _Shown(value) if shown_own_way(value) else value

    def __str__(self):
        from .builtins import text
        return text(self.value)

    def __repr__(self):
        from .builtins import repr_
        return repr_(self.value)


def _safe_formatter() -> type:
    """The class of str.format whose fields read attributes through the formula's rules: a
    string.Formatter, made when a formula first formats (`string` is not imported at
    start-up)."""
    if not _FORMATTER:
        import string

        class _SafeFormatter(string.Formatter):
            def __init__(self, guards: Guards):
                self.guards = guards

            def get_value(self, key, args, kwargs):
                if isinstance(key, int) and key >= len(args):      # str.format's own text
                    raise IndexError(f"Replacement index {key} out of range for positional "
                                     "args tuple")
                return super().get_value(key, args, kwargs)

            def get_field(self, field_name, args, kwargs):
                import _string
                first, rest = _string.formatter_field_name_split(field_name)
                obj = self.get_value(first, args, kwargs)
                for is_attr, key in rest:
                    obj = self.guards.get_attr(obj, key) if is_attr else obj[key]
                return obj, first

            def convert_field(self, value, conversion):
                from .builtins import ascii_, repr_, text
                convert = {"s": text, "r": repr_, "a": ascii_}.get(conversion)
                return super().convert_field(value, conversion) if convert is None \
                    else convert(value)

            def format_field(self, value, format_spec):
                return self.guards.format(value, format_spec)

        _FORMATTER.append(_SafeFormatter)
    return _FORMATTER[0]
