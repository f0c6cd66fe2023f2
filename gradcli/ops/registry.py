"""The one op registry: every user-facing function, read by the interpreter's name table,
`gradcli ops`, the gradcheck sweep in the tests and the docs.

An entry names the function, the PyTorch node its result carries (`grad_fn`), the derivative
rule in one line, whether it is also a `Tensor` method or operator, which namespaces expose
it (`torch`, `torch.nn.functional`, `torch.linalg`, `torch.special`), and how to make sample
inputs for the gradcheck sweep (`sample`). Registering with `method=True` attaches the function
to `Tensor`; `dunders` attaches it as operators. torch.<name>, Tensor.<name> and nn.functional's
C++ functions check their arguments as PyTorch's parser does (argparser.checked wraps them;
the operators are not wrapped).
"""
from __future__ import annotations

import inspect

import numpy as np

from .._struct import Struct
from .._tensor import Tensor
from ..argparser import PASSING_CODES, checked, tp_name
from ..meta import FACTORY_CODE
from .outparam import OUT_CODE
from . import unsigned


class OpInfo(Struct, slots=False, eq=True):
    name: str
    fn: object
    grad_fn: str = ""
    rule: str = ""
    method: bool = False
    function: bool = True
    namespaces: tuple = ("torch",)
    differentiable: bool = True
    sample: object = None          # rng -> list of (args, kwargs); ndarray args get gradchecked
    category: str = ""
    no_gradcheck: str = ""         # why a differentiable op cannot be gradchecked in float64
    # the error its second derivative raises, where PyTorch has none (hardsigmoid's)
    no_second_order: str = ""
    # torch.<name>, torch.special.<name> and Tensor.<name> where PyTorch's C++ signature
    # differs from its Python nn.functional one (set by `native_signature`)
    native: object = None

    @property
    def signature(self) -> str:
        try:
            sig = str(inspect.signature(self.fn))
        except (TypeError, ValueError):
            sig = "(...)"
        return f"{self.name}{sig}"


class _Registry(dict):
    """The registry: a dict whose lookups of a name that an op module not loaded yet defines
    load the rest first, and whose enumerations see every op (gradcli.ops: `complete`)."""

    _complete = staticmethod(lambda name=None: False)     # set by gradcli.ops

    def __missing__(self, name):
        if self._complete(name):
            return dict.__getitem__(self, name)
        raise KeyError(name)

    def get(self, name, default=None):
        if not dict.__contains__(self, name) and not self._complete(name):
            return default
        return dict.get(self, name, default)

    def __contains__(self, name):
        return dict.__contains__(self, name) or (self._complete(name) and
                                                 dict.__contains__(self, name))

    def __iter__(self):
        self._complete()
        return dict.__iter__(self)

    def __len__(self):
        self._complete()
        return dict.__len__(self)

    def keys(self):
        self._complete()
        return dict.keys(self)

    def values(self):
        self._complete()
        return dict.values(self)

    def items(self):
        self._complete()
        return dict.items(self)

    def copy(self):
        self._complete()
        return dict(dict.items(self))


REGISTRY: dict[str, OpInfo] = _Registry()
_category = ["misc"]


def category(name: str) -> None:
    """Set the category of the ops registered next (used by `gradcli ops`)."""
    _category[0] = name


def register(name: str, *, grad_fn: str = "", rule: str = "", method: bool = False,
             function: bool = True, namespaces: tuple = ("torch",), differentiable=True,
             sample=None, dunders: tuple = (), aliases: tuple = (), no_gradcheck: str = "",
             no_second_order: str = ""):
    """Decorator: record `fn` under `name` (and `aliases`) and attach it to Tensor as asked."""
    def deco(fn):
        if fn.__name__ not in (name,) + tuple(aliases):     # made by a factory ("fn")
            fn.__name__ = fn.__qualname__ = name
        fn = _keepdims_alias(fn, name)
        if unsigned.kernels(name) is not None:
            fn = unsigned.refusing(fn, name)
        called = _refusing(fn) if dunders else fn
        info = OpInfo(name, called, grad_fn, rule or _first_line(fn), method, function,
                      namespaces, differentiable, sample, _category[0], no_gradcheck,
                      no_second_order)
        for n in (name,) + tuple(aliases):
            if dict.__contains__(REGISTRY, n):
                raise RuntimeError(f"op {n!r} is registered twice")
            # an alias is a function of its own, named as PyTorch names it (torch.concat
            # shows as concat, not cat)
            REGISTRY[n] = info if n == name else OpInfo(**{
                **info.__dict__, "name": n, "fn": _refusing(fn, n)})
            _check_as_torch(REGISTRY[n], n)
            if method:
                setattr(Tensor, n, checked(_refusing(fn, n, method=True)
                                           if dunders or n != name else fn, n, True))
        for d in dunders:
            setattr(Tensor, d, fn)
        return fn
    return deco


def native_signature(name: str, fn) -> None:
    """Give torch.<name> (and torch.special's, and Tensor's method) the signature of
    PyTorch's C++ function where nn.functional's Python one takes more or optional
    arguments: torch.relu has no `inplace`, torch.softmax needs its `dim`. `fn` calls the
    op's function."""
    info = REGISTRY[name]
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__, fn.__module__ = info.fn.__doc__, info.fn.__module__
    info.native = checked(fn, name, False)
    if info.method:
        setattr(Tensor, name, checked(fn, name, True))


def python_method(name: str, fn) -> None:
    """Give Tensor the method `name` as PyTorch writes it in Python, with its own signature
    (`fn`, taking self) where torch.<name>'s differs: Python's refusals of a call then name
    it `Tensor.<name>()`, as PyTorch's do."""
    fn.__name__, fn.__qualname__ = name, f"Tensor.{name}"
    setattr(Tensor, name, checked(fn, name, True))


def _check_as_torch(info: OpInfo, name: str) -> None:
    """torch.<name> and nn.functional's <name> checking their arguments as PyTorch's parser
    does (argparser); an nn.functional function that PyTorch writes in Python is left as it
    is, and where it is also torch's, the checking torch.<name> becomes the op's `native`."""
    original = info.fn
    functional = checked(original, name, False, functional=True) \
        if "functional" in info.namespaces else original
    torch = checked(original, name, False) \
        if info.function and "torch" in info.namespaces else original
    info.fn = functional
    if "functional" in info.namespaces and "torch" in info.namespaces and \
            info.function and info.native is None:
        info.native = torch
    elif torch is not original:
        info.fn = torch


def _refusing(fn, name=None, method=False):
    """`fn` for calls by name (`torch.add(x, y)`, `x.add(y)`): an operand it cannot take is
    PyTorch's TypeError there, where the operator (`x + y`) answers NotImplemented so that
    Python tries the other operand."""
    name = name or fn.__name__

    def called(*args, **kwargs):
        out = fn(*args, **kwargs)
        if out is NotImplemented:
            raise _bad_operand(name, args, kwargs, method)
        return out
    called.__name__ = called.__qualname__ = name
    called.__doc__, called.__wrapped__, called.__module__ = fn.__doc__, fn, fn.__module__
    return called


REFUSING_CODE = _refusing(len).__code__     # the frame a call through `_refusing` adds

# Python-level functions of PyTorch's with a keepdim that do not take NumPy's `keepdims`
_NO_KEEPDIMS = {"norm", "pairwise_distance", "matrix_norm", "linalg_norm"}


def _keepdims_alias(fn, name: str):
    """`fn` also taking `keepdims=` for `keepdim=`, as PyTorch's C++ reductions do
    (`t.sum(1, keepdims=True)`, NumPy's spelling)."""
    code = getattr(fn, "__code__", None)
    if code is None or name in _NO_KEEPDIMS or \
            "keepdim" not in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]:
        return fn

    def call(*args, **kwargs):
        if "keepdims" in kwargs and "keepdim" not in kwargs:
            kwargs["keepdim"] = kwargs.pop("keepdims")
        return fn(*args, **kwargs)
    call.__name__, call.__qualname__ = fn.__name__, fn.__qualname__
    call.__doc__, call.__wrapped__, call.__module__ = fn.__doc__, fn, fn.__module__
    return call


def own_keywords(op_, fn):
    """op_ refusing a keyword its out-of-place op `fn` has no parameter for, and `out`, in
    its own name (`exp_() got an unexpected keyword argument 'out'`), as PyTorch's binding
    (an overloaded one's parser words it: callerrors).
    (fn's signature is read at the first call with keywords: reading 80 costs start-up.)"""
    known = []

    def checked(self, *args, **kwargs):
        if kwargs:
            if not known:
                params = inspect.signature(fn).parameters.values()
                known.append(None if any(p.kind is p.VAR_KEYWORD for p in params) else
                             {p.name for p in params} - {"out", "inplace"})
            for key in kwargs:
                if known[0] is not None and key not in known[0]:
                    raise TypeError(f"{op_.__name__}() got an unexpected keyword argument "
                                    f"'{key}'")
        return op_(self, *args, **kwargs)
    checked.__name__, checked.__qualname__ = op_.__name__, op_.__qualname__
    checked.__doc__, checked.__wrapped__, checked.__module__ = op_.__doc__, op_, op_.__module__
    return checked


KEEPDIMS_CODE = _keepdims_alias(lambda keepdim=False: None, "x").__code__
OWN_KEYWORDS_CODE = own_keywords(len, len).__code__
#: frames that gradcli's own wrappers put between a call and the op it reaches (the
#: refusing, keepdims and in-place keywords wrappers here, outparam's out= wrapper)
WRAPPER_CODES = frozenset((REFUSING_CODE, KEEPDIMS_CODE, OWN_KEYWORDS_CODE, OUT_CODE,
                           FACTORY_CODE, unsigned.REFUSING_CODE, *PASSING_CODES))


_ONE_SIGNATURE = {"add", "sub", "mul", "div", "matmul", "logical_and", "logical_or",
                  "logical_xor"}


def _bad_operand(name, args, kwargs, method):
    from ..errors import TorchTypeError
    from ..callerrors import invalid_combination
    if name in _ONE_SIGNATURE and len(args) == 2:
        bad = args[-1]
        return TorchTypeError(f"{name}(): argument 'other' (position {2 - method}) must be "
                              f"Tensor, not {tp_name(bad)}")
    return TorchTypeError(invalid_combination(name, args[1:] if method else args, kwargs,
                                              method))


def keyword_names() -> set:
    """Every parameter name of every registered op (for `did you mean` hints)."""
    names = set()
    for info in REGISTRY.values():
        try:
            names.update(inspect.signature(info.fn).parameters)
        except (TypeError, ValueError):
            pass
    return names


def _first_line(fn) -> str:
    """The first line of fn's docstring (what inspect.getdoc's cleaning gives for it, without
    its cost: this runs for every op at import)."""
    doc = getattr(fn, "__doc__", None)
    return doc.strip().partition("\n")[0].strip() if isinstance(doc, str) else ""


# -- sample inputs for the gradcheck sweep ---------------------------------------------------

SHAPES_UNARY = [(), (3,), (2, 3)]
SHAPES_BINARY = [((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2,))]


def unary(lo: float = -2.0, hi: float = 2.0, **kwargs):
    """Samples for an elementwise op valid on (lo, hi), away from kinks near 0 if lo < 0 < hi."""
    def make(rng):
        return [((_uniform(rng, s, lo, hi),), dict(kwargs)) for s in SHAPES_UNARY]
    return make


def binary(lo: float = -2.0, hi: float = 2.0, lo2=None, hi2=None):
    def make(rng):
        return [((_uniform(rng, a, lo, hi),
                  _uniform(rng, b, lo if lo2 is None else lo2, hi if hi2 is None else hi2)), {})
                for a, b in SHAPES_BINARY]
    return make


def fixed(*cases, lo: float = -2.0, hi: float = 2.0):
    """Samples given literally: each case is (args, kwargs); a tuple of ints in args stands
    for a random array of that shape with values in (lo, hi)."""
    def shape(a):
        return isinstance(a, tuple) and all(isinstance(i, int) for i in a)

    def conv(a, rng):
        if shape(a):
            return _uniform(rng, a, lo, hi)
        if isinstance(a, list) and any(shape(x) for x in a):
            return [_uniform(rng, x, lo, hi) if shape(x) else x for x in a]
        return a

    def make(rng):
        return [(tuple(conv(a, rng) for a in args), kwargs) for args, kwargs in cases]
    return make


def _uniform(rng, shape, lo, hi):
    x = rng.uniform(lo, hi, size=shape)
    if lo < 0 < hi:
        x = np.where(np.abs(x) < 0.1, 0.1 + np.abs(x), x)   # keep away from kinks at 0
    return np.asarray(x, dtype=np.float64)
