"""PyTorch's argument parser (torch/csrc/utils/python_arg_parser.cpp and invalid_arguments.cpp)
for the calls of torch's C++ functions, Tensor's methods and nn.functional's C++ functions: an
argument of the wrong type is the TypeError PyTorch raises, in its words, instead of a silent
wrong result or a message of Python's from deep inside an op.

The signatures are PyTorch's own (gradcli/argsigs.py, generated from ATen's schema, plus the
few methods PyTorch writes by hand: MANUAL_METHODS). The registry wraps each op in `checked`.
A call is first matched cheaply on the exact types of its arguments (`type(v) in {int}`: the
usual calls pay well under a microsecond; a function of one tensor, such as torch.sin, one
test); only a call that this does not settle goes through the parser's full rules
(`_Signature.parse`: NumPy integers and 0-dim integer tensors as ints, int lists unpacked
element by element ...), which either raises PyTorch's message or hands the op the call as
PyTorch's C++ would receive it (Python ints, PyTorch's keyword names).
"""
from __future__ import annotations

import inspect
import math
import operator
import sys

import numpy as np

from . import argsigs
from ._tensor import Size, Tensor, layout, memory_format
from .errors import TorchAssertionError, TorchTypeError, TorchValueError

# -- parameter kinds (python_arg_parser.cpp's type_map) and their names in messages ---------
TENSOR, SCALAR, INT, SYMINT, DOUBLE, COMPLEX, TENSORS, INTS, SYMINTS, FLOATS, GENERATOR, \
    BOOL, DTYPE, LAYOUT, MEMFMT, DEVICE, STRING, DIMNAME, DIMNAMES, SCALARS, OBJECT, \
    OTHER, OPT_TENSORS = range(23)
_KINDS = {
    "Tensor": TENSOR, "Scalar": SCALAR, "int64_t": INT, "SymInt": SYMINT, "double": DOUBLE,
    "complex": COMPLEX, "TensorList": TENSORS,
    "c10::List<::std::optional<Tensor>>": OPT_TENSORS, "IntArrayRef": INTS,
    "SymIntArrayRef": SYMINTS, "ArrayRef<double>": FLOATS, "Generator": GENERATOR,
    "bool": BOOL, "ScalarType": DTYPE, "Layout": LAYOUT, "MemoryFormat": MEMFMT,
    "Device": DEVICE, "std::string": STRING, "c10::string_view": STRING,
    "Dimname": DIMNAME, "DimnameList": DIMNAMES, "ScalarList": SCALARS, "PyObject*": OBJECT,
}
_TYPE_NAMES = {
    TENSOR: "Tensor", SCALAR: "Number", INT: "int", SYMINT: "int", DOUBLE: "float",
    COMPLEX: "complex", TENSORS: "tuple of Tensors", OPT_TENSORS: "tuple of Tensors",
    INTS: "tuple of ints",
    SYMINTS: "tuple of ints", FLOATS: "tuple of floats", GENERATOR: "torch.Generator",
    BOOL: "bool", DTYPE: "torch.dtype", LAYOUT: "torch.layout",
    MEMFMT: "torch.memory_format", DEVICE: "torch.device", STRING: "str", DIMNAME: "name",
    DIMNAMES: "tuple of names", SCALARS: "tuple of Scalars", OBJECT: "object",
    OTHER: "object",
}
# the C++ functions whose Tensor parameters also take Python numbers
_NUMBERS_AS_TENSORS = frozenset((
    "add", "add_", "div", "div_", "divide", "divide_", "mul", "mul_", "multiply", "multiply_",
    "sub", "sub_", "subtract", "subtract_", "true_divide", "true_divide_", "to", "copy_",
    "floor_divide", "floor_divide_"))
# NumPy's names the parser also takes for these parameters
_NUMPY_NAMES = {"dim": ("axis",), "keepdim": ("keepdims",), "input": ("x", "a", "x1"),
                "other": ("x2",)}
_MISSING = object()

# Tensor's methods PyTorch writes by hand (python_variable_methods.cpp), with the signatures
# its parser is given there (confirmed against PyTorch 2.13's messages).
_CONVERSIONS = ("bool", "byte", "char", "double", "float", "half", "int", "long", "short",
                "bfloat16", "cfloat", "cdouble")
MANUAL_METHODS = {
    **{n: (f"{n}(*, MemoryFormat? memory_format=None)",) for n in _CONVERSIONS},
    "size": ("size(int64_t? dim=None)",),
    "stride": ("stride(int64_t? dim=None)",),
    "contiguous": ("contiguous(*, MemoryFormat memory_format=contiguous_format)",),
    "is_contiguous": ("is_contiguous(*, MemoryFormat memory_format=contiguous_format)",),
    "cpu": ("cpu(*, MemoryFormat? memory_format=None)",),
    "requires_grad_": ("requires_grad_(bool requires_grad=True)",),
    "type": ("type(PyObject* dtype=None, bool non_blocking=False, *, MemoryFormat? "
             "memory_format=None)", "type(PyObject* dtype=None, bool async=False, *, "
             "MemoryFormat? memory_format=None)|deprecated"),
    "nonzero": ("nonzero()", "nonzero(*, bool as_tuple)"),
    "copy_": ("copy_(Tensor other, bool non_blocking=False)",
              "copy_(Tensor other, bool async=False)|deprecated"),
    "to": tuple(f"to({first}bool non_blocking=False, bool copy=False, *, MemoryFormat? "
                f"memory_format=None)" for first in (
                    "Device? device=None, ScalarType? dtype=None, ", "ScalarType dtype, ",
                    "Tensor tensor, ")),
}

# torch.special's and torch.linalg's bindings of a torch op (torch.special.erf is torch.erf's
# op) whose PyTorch 2.13 signatures are not torch's renamed (argsigs has torch's only;
# torch.linalg's own are argsigs.LINALG's)
ALIAS_SIGNATURES = {
    "special_round": ("special_round(Tensor input, *, int64_t decimals=0, Tensor out=None)",),
    "special_softmax": ("special_softmax(Tensor input, int64_t dim, ScalarType? dtype=None)",),
    "special_log_softmax": (
        "special_log_softmax(Tensor input, int64_t dim, *, ScalarType? dtype=None)",),
}


# keywords of a binding's signature the op names otherwise (linalg_det(Tensor A): torch.det's
# `input`), renamed for the op
ALIAS_KEYWORDS = {"linalg_det": {"A": "input"}, "linalg_inv": {"A": "input"}}


# keyword defaults of a binding that its base op has as "not given" (special.round always
# runs round.decimals: "round_vml_cpu" is refused for integers even with decimals=0)
ALIAS_DEFAULTS = {"special_round": {"decimals": 0}}


# -- the types PyTorch's checks accept -------------------------------------------------------

def _is_numpy_int(v) -> bool:
    return isinstance(v, np.integer)


def _is_numpy_scalar(v) -> bool:
    return isinstance(v, (np.integer, np.floating, np.complexfloating, np.bool_))


def _is_long(v) -> bool:
    """THPUtils_checkLong: a Python int that is not a bool, or a NumPy integer."""
    return (isinstance(v, int) and not isinstance(v, bool)) or _is_numpy_int(v)


def _is_index(v) -> bool:
    """THPUtils_checkIndex: an int-like value other than a bool (anything with __index__:
    a NumPy integer, an integer tensor of one element)."""
    if isinstance(v, bool) or v is None:
        return False
    if _is_long(v):
        return True
    if isinstance(v, Tensor):
        return v.numel() == 1 and _integral(v)
    try:
        v.__index__()
    except Exception:       # noqa: BLE001 - whatever refuses is not an index
        return False
    return True


def _integral(t) -> bool:
    """An integer tensor, bool excluded."""
    return t.dtype.category == 1


def _is_scalar(v) -> bool:
    """THPUtils_checkScalar."""
    return isinstance(v, (int, float, complex)) or _is_numpy_scalar(v)


def _is_double(v) -> bool:
    return isinstance(v, (int, float)) or _is_numpy_scalar(v)


def _scalar_tensor(v) -> bool:
    return isinstance(v, Tensor) and not v.requires_grad and v.dim() == 0


def _is_dtype(v) -> bool:
    from .dtypes import dtype
    return isinstance(v, dtype) or any(v is t for t in (float, int, bool, complex))


def _is_device(v) -> bool:
    from .devices import device
    return _is_long(v) or isinstance(v, (str, device))


def _is_generator(v) -> bool:
    from .ops.creation import Generator
    return isinstance(v, Generator)


def _is_layout(v) -> bool:
    return isinstance(v, layout)


def tp_name(v) -> str:
    """The name CPython's tp_name gives `type(v)`, as PyTorch's messages print it: NumPy's and
    torch's own C types carry their module (`numpy.float64`, `torch.dtype`)."""
    from .callerrors import torch_type_name
    t = type(v)
    if t.__module__ == "numpy" or t.__module__.startswith("numpy."):
        return f"{t.__module__}.{t.__name__}"        # numpy.float64, numpy.dtypes.Int64DType
    name = torch_type_name(v)                       # torch.dtype, torch._C.Generator
    if name is not None:
        return name
    if t.__name__ == "BuiltinType":     # a formula's `str`, `list`: a type to Python
        return "type"
    return t.__name__


class _Param:
    __slots__ = ("kind", "name", "size", "optional", "allow_none", "kwonly", "default",
                 "numbers", "names", "index")

    def __init__(self, text: str, kwonly: bool, numbers: bool):
        type_str, _, rest = text.partition(" ")
        self.allow_none = "?" in type_str
        type_str = type_str.replace("?", "")
        self.size = 0
        if "[" in type_str:
            type_str, _, size = type_str.partition("[")
            self.size = int(size.rstrip("]") or 0)
        self.kind = _KINDS.get(type_str, OTHER)
        self.name, eq, self.default = rest.partition("=")
        self.optional = bool(eq)
        if self.default == "None":
            self.allow_none = True
        self.kwonly, self.numbers = kwonly, numbers
        self.names = (self.name,) + _NUMPY_NAMES.get(self.name, ())

    def text(self) -> str:
        """toString's form of the parameter: `Number alpha = 1`."""
        words = f"{_TYPE_NAMES[self.kind]} {self.name}"
        return f"{words} = {self.default}" if self.optional else words

    def check(self, v) -> tuple[bool, int]:
        """FunctionParameter::check: (whether `v` fits, the index of the element of a list that
        does not, or -1)."""
        k = self.kind
        if k == TENSOR:
            return isinstance(v, Tensor) or (self.numbers and _is_scalar(v)), -1
        if k in (SCALAR, COMPLEX, DOUBLE):
            ok = (k == SCALAR and _is_scalar(v)) or (k != DOUBLE and isinstance(v, complex)) \
                or _is_double(v) or _scalar_tensor(v)
            return ok, -1
        if k == INT:
            return _is_long(v) or (_scalar_tensor(v) and _integral(v)), -1
        if k == SYMINT:
            return _is_index(v), -1
        if k in (INTS, SYMINTS):
            if isinstance(v, (tuple, list)):
                if not v or _is_index(v[0]):
                    return True, -1
                return False, 0
            if self.size > 0 and isinstance(v, Tensor):
                return v.numel() == 1 and _integral(v), -1
            return self.size > 0 and (_is_long(v) if k == INTS else _is_index(v)), -1
        if k in (TENSORS, OPT_TENSORS):
            if not isinstance(v, (tuple, list)):
                return False, -1
            for i, e in enumerate(v):
                if not isinstance(e, Tensor) and not (e is None and k == OPT_TENSORS):
                    raise TorchTypeError(f"expected Tensor as element {i} in argument "
                                         f"{self.index}, but got {tp_name(e)}")
            return True, -1
        if k == FLOATS:
            return isinstance(v, (tuple, list)) and (
                not v or _is_double(v[0]) or isinstance(v[0], complex)), -1
        if k == SCALARS:
            return isinstance(v, (tuple, list)) and all(_is_scalar(e) for e in v), -1
        return {GENERATOR: _is_generator, BOOL: lambda x: isinstance(x, bool),
                DTYPE: _is_dtype, LAYOUT: _is_layout, DEVICE: _is_device,
                STRING: lambda x: isinstance(x, str), DIMNAME: lambda x: isinstance(x, str),
                DIMNAMES: lambda x: isinstance(x, (tuple, list)),
                MEMFMT: lambda x: isinstance(x, memory_format),
                }.get(k, lambda x: True)(v), -1


class _Signature:
    """One of PyTorch's FunctionSignature: `sum(IntArrayRef[1]? dim, bool keepdim=False)`."""

    def __init__(self, text: str):
        head, _, self.flag = text.partition("|")
        self.name, _, body = head.partition("(")
        body = body[:-1]
        numbers = self.name in _NUMBERS_AS_TENSORS
        self.params, kwonly = [], False
        for piece in body.split(", ") if body else ():
            if piece == "*":
                kwonly = True
            else:
                self.params.append(_Param(piece, kwonly, numbers))
        for i, p in enumerate(self.params):
            p.index = i
        self.hidden = bool(self.flag)
        self.deprecated = self.flag == "deprecated"
        self.min_args = sum(not p.optional for p in self.params)
        self.max_args = len(self.params)
        self.max_pos = sum(not p.kwonly for p in self.params)
        self.varargs = self.max_pos == 1 and self.params[0].kind in (INTS, SYMINTS)

    def text(self) -> str:
        """FunctionSignature::toString: `(Tensor input, *, Tensor out = None)`."""
        parts, star = [], False
        for p in self.params:
            if p.kwonly and not star:
                parts.append("*")
                star = True
            parts.append(p.text())
        return "(" + ", ".join(parts) + ")"

    def parse(self, args: tuple, kwargs: dict, raising: bool):
        """FunctionSignature::parse: None when the call does not fit; with `raising`,
        PyTorch's TypeError for the first argument that does not. A call that fits has its
        int lists unpacked as PyTorch's dispatch does (its "failed to unpack" message) and
        comes back as the (args, kwargs) the op is given: ints as Python ints (a NumPy
        integer, a 0-dim integer tensor), NumPy's keyword names as PyTorch's."""
        nargs = len(args)
        varargs = self.varargs and nargs > 0 and _is_index(args[0])
        if nargs > self.max_pos and not varargs:
            return raising and self._extra_args(nargs)
        arg_pos, remaining = 0, len(kwargs)
        taken = []
        for p in self.params:
            is_kwd = arg_pos >= nargs
            key = arg_pos
            if not is_kwd:
                if p.kwonly:
                    return raising and self._extra_args(nargs)
                obj = args[arg_pos]
            else:
                obj = _MISSING
                for key in p.names:
                    if key in kwargs:
                        obj = kwargs[key]
                        break
            if (obj is _MISSING and p.optional) or (obj is None and p.allow_none):
                pass
            elif obj is _MISSING:
                return raising and self._missing(p)
            else:
                ok, failed = p.check(obj)
                if ok:
                    taken.append((p, obj, key))
                elif varargs and arg_pos == 0 and not is_kwd:
                    taken.append((p, args, None))
                    arg_pos = nargs
                    continue
                elif not raising:
                    return None
                else:
                    self._wrong(p, obj, is_kwd, arg_pos, failed)
            if not is_kwd:
                arg_pos += 1
            elif obj is not _MISSING:
                remaining -= 1
        if remaining > 0:
            return raising and self._extra_kwargs(kwargs, nargs)
        return self._bound(taken, args, kwargs)

    def _bound(self, taken, args, kwargs):
        new_args, new_kwargs = None, None
        for p, obj, key in taken:
            if p.kind in (INTS, SYMINTS) and isinstance(obj, (tuple, list)):
                self._unpack(p, obj)
            elif p.kind == FLOATS and isinstance(obj, (tuple, list)):
                self._unpack_floats(p, obj)
            value = _as_ints(p.kind, obj)
            if key is None:                       # the positional arguments as one size
                new_args = tuple(value)
            elif isinstance(key, int):
                if value is not obj:
                    new_args = list(new_args or args)
                    new_args[key] = value
            elif key != p.name or value is not obj:
                new_kwargs = dict(new_kwargs or kwargs)
                del new_kwargs[key]
                new_kwargs[p.name] = value
        return (args if new_args is None else tuple(new_args),
                kwargs if new_kwargs is None else new_kwargs)

    def _wrong(self, p, obj, is_kwd, arg_pos, failed):
        if is_kwd:
            raise TorchTypeError(f"{self.name}(): argument '{p.name}' must be "
                                 f"{_TYPE_NAMES[p.kind]}, not {tp_name(obj)}")
        if failed != -1:
            raise TorchTypeError(
                f"{self.name}(): argument '{p.name}' (position {arg_pos + 1}) must be "
                f"{_TYPE_NAMES[p.kind]}, but found element of type {tp_name(obj[failed])} "
                f"at pos {failed}")
        raise TorchTypeError(f"{self.name}(): argument '{p.name}' (position {arg_pos + 1}) "
                             f"must be {_TYPE_NAMES[p.kind]}, not {tp_name(obj)}")

    def _unpack(self, p, seq):
        for i, e in enumerate(seq):
            if not (isinstance(e, bool) or _is_index(e)):
                raise TorchTypeError(
                    f"{self.name}(): argument '{p.name}' failed to unpack the object at pos "
                    f"{i + 1} with error \"type must be tuple of ints,but got {tp_name(e)}\"")

    def _unpack_floats(self, p, seq):
        """getDoublelist's refusal of an element that is not a number (counted from 1)."""
        for i, e in enumerate(seq):
            if not (_is_double(e) or isinstance(e, Tensor)):
                raise TorchTypeError(f"{self.name}(): argument '{p.name}' must be tuple of "
                                     f"floats, but found element of type {tp_name(e)} at pos "
                                     f"{i + 1}")

    # a call whose arguments do not bind is Python's TypeError, as a call of a Python
    # function's would be (the formula's error then reads "TypeError: ...")
    def _extra_args(self, nargs):
        lo, hi = self.min_args, self.max_pos
        if lo != hi:
            raise TypeError(f"{self.name}() takes from {lo} to {hi} positional arguments "
                                 f"but {nargs} were given")
        raise TypeError(f"{self.name}() takes {hi} positional argument"
                             f"{'' if hi == 1 else 's'} but {nargs} "
                             f"{'was' if nargs == 1 else 'were'} given")

    def _missing(self, first):
        names = [p.name for p in self.params[self.params.index(first):] if not p.optional]
        quoted = ", ".join(f'"{n}"' for n in names)
        raise TypeError(f"{self.name}() missing {len(names)} required positional "
                             f"argument{'s' if len(names) == 1 else ''}: {quoted}")

    def _extra_kwargs(self, kwargs, nargs):
        for key in kwargs:
            if not isinstance(key, str):
                raise TypeError("keywords must be strings")
            index = next((i for i, p in enumerate(self.params) if p.name == key), -1)
            if index < 0:
                raise TypeError(f"{self.name}() got an unexpected keyword argument "
                                     f"'{key}'")
            if index < nargs:
                raise TypeError(f"{self.name}() got multiple values for argument "
                                     f"'{key}'")
        raise TypeError("invalid keyword arguments")


class Parser:
    """PythonArgParser: a function's signatures, deprecated ones tried last."""

    def __init__(self, texts):
        sigs = [_Signature(t) for t in texts]
        self.name = sigs[0].name
        self.sigs = [s for s in sigs if not s.deprecated] + [s for s in sigs if s.deprecated]
        # a deprecated signature's call is rewritten by the full rules (`_modern`)
        self.fast = [_fast_form(s) for s in self.sigs if not s.deprecated]

    def check(self, args: tuple, kwargs: dict) -> tuple:
        """The call's (args, kwargs) as the op takes them (_Signature.parse), or PyTorch's
        TypeError (raw_parse, print_error)."""
        if len(self.sigs) == 1:
            return self.sigs[0].parse(args, kwargs, True)
        for s in self.sigs:
            bound = s.parse(args, kwargs, False)
            if bound:
                return self._modern(s, *bound) if s.deprecated else bound
        n = len(args) + len(kwargs)
        plausible = [s for s in self.sigs if s.min_args <= n <= s.max_args and not s.hidden]
        if len(plausible) == 1:
            plausible[0].parse(args, kwargs, True)
        raise TorchTypeError(self.invalid(args, kwargs), hint=self._keyword_hint(kwargs))

    def _modern(self, old: _Signature, args, kwargs) -> tuple:
        """A call of a deprecated signature (`x.add(2, y)`: alpha first) as the call of the
        current one (`x.add(y, alpha=2)`), with PyTorch's warning, which it gives once a
        process (TORCH_WARN_ONCE in check_deprecated)."""
        values = dict(zip((p.name for p in old.params), args), **kwargs)
        new = min((s for s in self.sigs if not s.deprecated
                   and set(values) <= {p.name for p in s.params}), key=lambda s: s.max_args)
        _warn_deprecated(self, old)
        positional = []
        for p in new.params:
            if p.kwonly or p.name not in values:
                break
            positional.append(values.pop(p.name))
        return tuple(positional), values

    def _keyword_hint(self, kwargs) -> str | None:
        """`did you mean `requires_grad`?` for a keyword no signature has (a typo)."""
        import difflib
        names = {n for s in self.sigs for p in s.params for n in p.names}
        for key in kwargs:
            if key not in names:
                found = difflib.get_close_matches(key, sorted(names), n=1, cutoff=0.6)
                if found:
                    return f"did you mean `{found[0]}`?"
        return None

    def invalid(self, args, kwargs) -> str:
        """format_invalid_args: "received an invalid combination of arguments" with the
        signatures and, for those the call's length fits, why they did not match."""
        options = [s.text() for s in self.sigs if not s.hidden]
        head = f"{self.name}() received an invalid combination of arguments - "
        if len(options) == 1:
            names = _option_names(options[0])
            unmatched = _unmatched_kwargs(names, kwargs)
            if unmatched:
                return head + "got unrecognized keyword arguments: " + ", ".join(unmatched)
            given = _formatted(names, args, kwargs) if _count_match(names, args, kwargs) \
                else described(args, kwargs)
            return head + f"got {given}, but expected {options[0]}"
        lines = [head + f"got {described(args, kwargs)}, but expected one of:"]
        for option in options:
            lines.append(" * " + option)
            names = _option_names(option)
            if _count_match(names, args, kwargs):
                unmatched = _unmatched_kwargs(names, kwargs)
                lines.append(
                    "      didn't match because some of the keywords were incorrect: "
                    + ", ".join(unmatched) if unmatched else
                    "      didn't match because some of the arguments have invalid types: "
                    + _formatted(names, args, kwargs))
        return "\n".join(lines) + "\n"


def _as_ints(kind, v):
    """`v` with the ints of an int or int-list parameter as Python ints, a NumPy scalar for a
    number as a Python number (dtypes.python_number) and Python's float, int, bool or complex
    for a dtype as the dtype, as PyTorch's C++ receives them (`v` itself when it holds nothing
    else)."""
    if isinstance(v, np.generic) and kind in (SCALAR, DOUBLE, COMPLEX, TENSOR):
        from .dtypes import python_number
        return python_number(v)
    if kind == DTYPE and isinstance(v, type):       # `dtype=complex`: a ScalarType
        from .dtypes import python_type_dtype
        known = python_type_dtype(v)
        return v if known is None else known
    if kind in (INT, SYMINT, INTS, SYMINTS) and not isinstance(v, (tuple, list)):
        return v if type(v) is int or not _is_index(v) else operator.index(v)
    if kind in (INTS, SYMINTS) and any(type(e) is not int for e in v):
        ints = [operator.index(e) for e in v]
        return ints if type(v) is list else tuple(ints)
    return v


def _warn_deprecated(parser: Parser, old: _Signature) -> None:
    """PyTorch's warning for a deprecated overload: one TORCH_WARN_ONCE for them all, once
    per process (once per formula run: errors.reset_once_warnings)."""
    from .errors import _WARNED_ONCE
    if "deprecated overload" in _WARNED_ONCE:
        return
    _WARNED_ONCE.add("deprecated overload")
    import warnings
    name = old.name
    options = "".join(f"\n\t{name}{s.text()}" for s in parser.sigs if not s.hidden)
    warnings.warn(f"This overload of {name} is deprecated:\n\t{name}{old.text()}\nConsider "
                  f"using one of the following signatures instead:{options} (Triggered "
                  "internally at /__w/pytorch/pytorch/torch/csrc/utils/python_arg_parser.cpp:"
                  "1841.)", UserWarning, stacklevel=5)   # the caller of the op


def described(args, kwargs) -> str:
    """_argDesc: `(Tensor, min=str)`; a call of keywords alone keeps the trailing comma."""
    text = "".join(f"{tp_name(a)}, " for a in args) + \
        "".join(f"{k}={tp_name(v)}, " for k, v in _map_order(kwargs))
    return "(" + (text[:-2] if args else text) + ")"


# invalid_arguments.cpp reads the option strings back: an argument's name is its last word
# (`= None` makes it "None") and its type the words before; "float" also matches an int.
def _option_names(option: str) -> list:
    pieces = option[1:-1].split(", ")
    return [(p.rpartition(" ")[2], p.rpartition(" ")[0]) for p in pieces]


def _count_match(names, args, kwargs) -> bool:
    return len(args) + len(kwargs) == len(names)


def _unmatched_kwargs(names, kwargs) -> list:
    start = max(len(names) - len(kwargs), 0)
    known = {n for n, _ in names[start:]}
    return [k for k, _ in _map_order(kwargs) if k not in known]


def _map_order(kwargs) -> list:
    """The keywords in the order invalid_arguments.cpp lists them: it copies them into a
    std::unordered_map, whose few entries libstdc++ walks newest first."""
    return list(kwargs.items())[::-1]


_MATCHING = {"float": ("float", "int", "long"), "int": ("int", "long")}


def _formatted(names, args, kwargs) -> str:
    """_formattedArgDesc: the call's types, the ones that do not fit between `!` (a call of
    keywords alone keeps the trailing comma)."""
    values = list(args) + [kwargs.get(names[i][0], v) if i < len(names) else v
                           for i, v in enumerate(kwargs.values(), len(args))]
    parts = []
    for i, v in enumerate(values):
        type_name = names[i][1] if i < len(names) else ""
        ok = tp_name(v) in _MATCHING.get(type_name, (type_name,))
        text = (f"{names[i][0]}=" if i >= len(args) else "") + _typed(v)
        parts.append(text if ok else f"!{text}!")
    return "(" + "".join(f"{p}, " for p in parts)[:-2 if args else None] + ")"


def _typed(v) -> str:
    if isinstance(v, (tuple, list)):
        inner = ", ".join(tp_name(e) for e in v)
        if isinstance(v, tuple):
            return f"{tp_name(v)} of ({inner}{',' if len(v) == 1 else ''})"
        return f"{tp_name(v)} of [{inner}]"
    return tp_name(v)


# -- the cheap first match --------------------------------------------------------------------

def _fast_slot(p: _Param) -> tuple:
    """(the exact types that certainly fit `p`, the exact type a list's or tuple's elements
    must all have to fit it, or None): anything else goes to the full rules."""
    k = p.kind
    types = {TENSOR: {Tensor}, SCALAR: {int, float, bool, complex}, DOUBLE: {int, float, bool},
             INT: {int}, SYMINT: {int}, BOOL: {bool}, STRING: {str}}.get(k, set())
    element = None
    if k == TENSOR:
        parameter = getattr(sys.modules.get("gradcli.nn.parameter"), "Parameter", None)
        types |= {int, float, bool, complex} if p.numbers else set()
        types |= {parameter} if parameter else set()
    elif k in (INTS, SYMINTS):
        types, element = {tuple, list, Size} | ({int} if p.size else set()), int
    elif k == TENSORS:
        types, element = {tuple, list}, Tensor
    elif k == DTYPE:
        from .dtypes import dtype
        types = {dtype}
    elif k == GENERATOR:
        from .ops.creation import Generator
        types = {Generator}
    if p.allow_none:
        types.add(type(None))
    return frozenset(types), element


def _fast_form(s: _Signature):
    slots = tuple(_fast_slot(p) for p in s.params if not p.kwonly)
    kw = {p.name: _fast_slot(p) for p in s.params}     # NumPy's names: renamed by parse
    # `view(2, 3)`: a size of one int (`IntArrayRef[1] dim`) binds the first int alone
    varargs = s.varargs and not s.params[0].size
    required = tuple((i, p.name) for i, p in enumerate(s.params) if not p.optional)
    positional = tuple(p.name for p in s.params if not p.kwonly)
    return s.max_pos, slots, kw, varargs, s.min_args, required, positional


_SEQS = frozenset((tuple, list, Size))


def fits(fast, args, kwargs) -> bool:
    """Whether the call certainly fits one of the signatures, by its arguments' exact types
    (a list's elements all of one exact type)."""
    n = len(args)
    for max_pos, slots, kw, varargs, min_args, required, positional in fast:
        if n + len(kwargs) < min_args:
            continue
        if kwargs and (any(i >= n and name not in kwargs for i, name in required)
                       or any(name in kwargs for name in positional[:n])):
            continue    # sum(keepdim=True): its dim is missing; sum(0, dim=0): dim given twice
        if varargs and n and type(args[0]) is int:       # view(2, 3), zeros(2)
            for a in args:
                if type(a) is not int:
                    break
            else:
                if not kwargs or _kw_fit(kw, kwargs):
                    return True
            continue
        if n > max_pos:
            continue
        for a, (types, element) in zip(args, slots):
            if type(a) not in types:
                break
            if element is not None and type(a) in _SEQS:
                for e in a:
                    if type(e) is not element:
                        break
                else:
                    continue
                break
        else:
            if not kwargs or _kw_fit(kw, kwargs):
                return True
    return False


def _kw_fit(kw, kwargs) -> bool:
    for k, v in kwargs.items():
        slot = kw.get(k)
        if slot is None or type(v) not in slot[0]:
            return False
        if slot[1] is not None and type(v) in _SEQS:
            for e in v:
                if type(e) is not slot[1]:
                    return False
    return True


# -- the wrappers the registry puts around ops ------------------------------------------------

def _unary(texts, method: bool) -> bool:
    """Whether every signature takes one tensor (`sin(Tensor input, *, Tensor out=None)`),
    the method none."""
    for t in texts:
        params = [p for p in t.partition("(")[2].rstrip(")").split(", ") if p and p != "*"]
        if any(not p.startswith(("Tensor ", "Tensor? ")) for p in params) or \
                len([p for p in params if p != "Tensor out=None"]) > (0 if method else 1):
            return False
    return True


def method_signatures(name: str):
    return MANUAL_METHODS.get(name) or argsigs.METHODS.get(name)


#: subclass.ACTIVE: whether a class of the run has `__torch_function__` (the slow path of a
#: call's check then asks its arguments for it)
TORCH_FUNCTION = [False]
#: torch.<name> by the checked function it calls (ops.outparam's `out=` wrapper): the
#: `func` a __torch_function__ is given is the one a formula can compare with
PUBLIC: dict = {}


def _overridden(func, args, kwargs, method=False, python=None):
    """`func(*args, **kwargs)` as an argument's __torch_function__ answers (subclass.py), or
    NotImplemented. `python`: nn.functional's function PyTorch writes in Python, whose
    signature says how it hands on its arguments (`_as_handed_on`)."""
    from .subclass import overridden, relevant_types
    if python is not None:
        if relevant_types(args, kwargs):
            args, kwargs = _as_handed_on(python, args, kwargs)
        return overridden(func, args, kwargs, "torch.nn.functional")
    return overridden(func, args, kwargs or None, "method" if method else "torch")


def checked(fn, name: str, method: bool, functional: bool = False, texts=None):
    """_checked's `fn`, after PyTorch's own Python checks of options that come before it
    touches its input, for nn.functional's OPTIONS_FIRST."""
    if getattr(fn, "__code__", None) is PYTHON_FUNCTION_CODE:
        return fn
    call = _checked(fn, name, method, functional, texts)
    call = _options_first(call, name) if functional and name in OPTIONS_FIRST else call
    if not method and getattr(fn, "__code__", None) not in CHECKED_CODES:
        from .callerrors import PYTHON_FUNCTIONS
        if functional and name not in _functional_builtins() or \
                not functional and name in PYTHON_FUNCTIONS:
            if call.__code__ in CHECKED_CODES and name != "split":
                return call                         # asks __torch_function__ when slow
            if call.__code__ is OPTIONS_FIRST_CODE and \
                    call.__wrapped__.__code__ in CHECKED_CODES:
                PUBLIC[call.__wrapped__] = call     # (its func: the function F binds)
                return call
            return _python_function(call, name, functional)
    return call


def _functional_builtins() -> frozenset:
    from .callerrors import FUNCTIONAL_BUILTINS
    return FUNCTIONAL_BUILTINS


def _python_function(fn, name: str, functional: bool):
    """`fn`, a function PyTorch writes in Python (nn.functional's, torch.norm ...), asking
    its arguments for `__torch_function__` first once a class of the run has one (subclass.py;
    PyTorch's `has_torch_function` test at its top, handing on its required parameters as
    arguments, the others by keyword)."""
    where = "torch.nn.functional" if functional else "torch.functional"

    def call(*args, **kwargs):
        if TORCH_FUNCTION[0]:
            from .subclass import overridden, relevant_types
            if relevant_types(args, kwargs):
                args, kwargs = _as_handed_on(fn, args, kwargs)
            out = overridden(call, args, kwargs, where)
            if out is not NotImplemented:
                return out
        return fn(*args, **kwargs)
    call.__name__ = call.__qualname__ = getattr(fn, "__name__", name)
    call.__doc__, call.__wrapped__ = fn.__doc__, fn
    call.__module__ = getattr(fn, "__module__", __name__)
    return call


PYTHON_FUNCTION_CODE = _python_function(len, "norm", False).__code__
OPTIONS_FIRST_CODE = None      # (set below, once _options_first is defined)


def _checked(fn, name: str, method: bool, functional: bool = False, texts=None):
    """`fn` (a Tensor method when `method`, torch.nn.functional's function when `functional`,
    else torch's function) checking its arguments as PyTorch's parser does; `fn` itself when
    PyTorch's signatures for `name` are unknown, PyTorch writes it in Python (callerrors) or
    it is a method of no arguments (Python's own refusal words those: callerrors). `texts`:
    the signatures, when not those argsigs has for `name`."""
    from .callerrors import PYTHON_FUNCTIONS, PYTHON_METHODS
    if getattr(fn, "__code__", None) in CHECKED_CODES:
        return fn
    if texts is None and name == "split" and not functional:
        return _checked_split(fn, method)
    if functional and name in ("softmax", "log_softmax", "softmin"):
        return _checked_softmax(fn, name)
    if functional and name in FORWARDED:
        return _checked_forwarded(fn, name)
    if functional and name in ASKS_INPUT:
        return _asking_input(fn, name)
    if texts is None:
        texts = method_signatures(name) if method else \
            (argsigs.FUNCTIONAL if functional else argsigs.FUNCTIONS).get(name)
    if method and texts == () and not _takes_self_only(fn, name):
        return _no_arguments(fn, name)
    if not texts or name in (PYTHON_METHODS if method else PYTHON_FUNCTIONS):
        return fn
    python = fn if functional and name not in _functional_builtins() else None
    if _unary(texts, method):
        return fn if method else _checked_unary(fn, name, texts, python)
    made = []          # the Parser, built at the first call (nn's Parameter known by then)
    if method:
        def call(self, *args, **kwargs):
            parser = made[0] if made else _make(made, texts)
            if not fits(parser.fast, args, kwargs):
                if TORCH_FUNCTION[0]:
                    out = _overridden(call, (self, *args), kwargs, True)
                    if out is not NotImplemented:
                        return out
                args, kwargs = parser.check(args, kwargs)
            return fn(self, *args, **kwargs)
    else:
        def call(*args, **kwargs):
            parser = made[0] if made else _make(made, texts)
            if not fits(parser.fast, args, kwargs):
                if TORCH_FUNCTION[0]:
                    out = _overridden(call, args, kwargs, False, python)
                    if out is not NotImplemented:
                        return out
                args, kwargs = parser.check(args, kwargs)
            return fn(*args, **kwargs)
    call.__name__ = call.__qualname__ = getattr(fn, "__name__", name)
    call.__doc__, call.__wrapped__ = fn.__doc__, fn
    call.__module__ = getattr(fn, "__module__", __name__)
    return call


def alias(fn, name: str, base: str):
    """torch.special's or torch.linalg's binding `name` ("special_erf", "linalg_matrix_power")
    of the op `fn` that is torch.<base> (checked with torch.<base>'s signatures): PyTorch
    binds those apart, so the function is named `name`, and its parser's words too (torch's
    signatures renamed, torch.linalg's own, or ALIAS_SIGNATURES')."""
    texts = ALIAS_SIGNATURES.get(name, ())
    if texts == ():
        texts = argsigs.LINALG.get(name) or argsigs.SPECIAL.get(name) or \
            tuple(name + t[t.index("("):] for t in argsigs.FUNCTIONS.get(base, ()))
    raw = fn.__wrapped__ if getattr(fn, "__code__", None) in CHECKED_CODES else fn
    given = ALIAS_DEFAULTS.get(name)
    if given is not None:           # a default torch.<base> lacks, always passed on
        plain = raw

        def raw(*args, **kwargs):
            return plain(*args, **{**given, **kwargs})
        raw.__name__, raw.__wrapped__ = name, plain
    renamed = ALIAS_KEYWORDS.get(name)
    if renamed is not None:         # linalg_det(A=...): torch.det's `input`
        named = raw

        def raw(*args, **kwargs):
            return named(*args, **{renamed.get(k, k): v for k, v in kwargs.items()})
        raw.__name__, raw.__wrapped__ = name, named
    call = checked(raw, name, False, texts=texts) if texts else raw
    if call is raw:                 # a function of its own to name: `raw` is torch.<base>
        def call(*args, **kwargs):
            return fn(*args, **kwargs)
        call.__doc__, call.__wrapped__, call.__module__ = fn.__doc__, fn, fn.__module__
    call.__name__ = call.__qualname__ = name
    return call


def _takes_self_only(fn, name: str) -> bool:
    """Whether Python refuses any argument to the method `fn` in words callerrors turns into
    PyTorch's: `fn` named `name` (not an alias's target) and taking self alone (not *args
    passed on, as an in-place `abs_`, nor a hidden default, as `isnan`'s)."""
    code = getattr(fn, "__code__", None)
    return code is not None and getattr(fn, "__name__", None) == name \
        and code.co_argcount == 1 and not code.co_kwonlyargcount \
        and not code.co_flags & 0x0C                     # CO_VARARGS | CO_VARKEYWORDS


def _no_arguments(fn, name: str):
    """The method `fn` as `name`, taking no arguments: Python's refusal of an argument is
    then worded as PyTorch's (callerrors)."""
    def call(self):
        return fn(self)
    call.__name__ = call.__qualname__ = name       # no __wrapped__: its signature is ()
    call.__doc__, call.__module__ = fn.__doc__, getattr(fn, "__module__", __name__)
    return call


def _checked_unary(fn, name: str, texts, python=None):
    """`fn` of one tensor checking its call with one test on the usual one (a chain of small
    ops, benchmark W2, pays one call frame). `python`: see _overridden."""
    made = []

    def call(*args, **kwargs):
        if kwargs or len(args) != 1 or type(args[0]) is not Tensor:
            if TORCH_FUNCTION[0]:
                out = _overridden(call, args, kwargs, False, python)
                if out is not NotImplemented:
                    return out
            args, kwargs = (made[0] if made else _make(made, texts)).check(args, kwargs)
        return fn(*args, **kwargs)
    call.__name__ = call.__qualname__ = getattr(fn, "__name__", name)
    call.__doc__, call.__wrapped__ = fn.__doc__, fn
    call.__module__ = getattr(fn, "__module__", __name__)
    return call


def _checked_softmax(fn, name: str):
    """nn.functional's softmax, log_softmax and softmin, which PyTorch writes in Python: a
    dim given is checked as their `input.softmax(dim, dtype=dtype)` call checks it (after
    softmin's negation of its input)."""
    made = []
    texts = argsigs.METHODS["log_softmax" if name == "log_softmax" else "softmax"]

    def call(*args, **kwargs):
        dim = args[1] if len(args) > 1 else kwargs.get("dim")
        dtype = kwargs.get("dtype")
        odd = args and not isinstance(args[0], Tensor)
        if not odd and (dim is None or (type(dim) is int and dtype is None)):
            return fn(*args, **kwargs)
        if not _binds(fn, args, kwargs):    # (Python binds the call before the body runs)
            return fn(*args, **kwargs)
        if odd:                                         # Python's refusal, as PyTorch's
            if dim is None:
                getattr(args[0], "dim")                 # `input.dim()` for the implicit dim
            elif name == "softmin":
                getattr(-args[0], "softmax")            # `(-input).softmax(dim)`
        if dim is not None and (type(dim) is not int or dtype is not None):
            (made[0] if made else _make(made, texts)).check(
                (dim,), {} if dtype is None else {"dtype": dtype})
        return fn(*args, **kwargs)
    call.__name__ = call.__qualname__ = name
    call.__doc__, call.__wrapped__, call.__module__ = fn.__doc__, fn, fn.__module__
    return call


def _dropout_p(a) -> None:
    p = a["p"]
    if p < 0.0 or p > 1.0:
        raise TorchValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _fractional_options(nd: int):
    def check(a) -> None:
        from .ops.fractional import check_ratio
        check_ratio(f"fractional_max_pool{nd}d", nd, a["output_size"], a["output_ratio"])
    return check


def _gaussian_var(a) -> None:
    var = a["var"]
    if isinstance(a["input"], Tensor):
        return                          # (the op checks var against it, in the same order)
    if isinstance(var, float):
        if var < 0:
            raise TorchValueError("var has negative entry/entries")
        check_forwarded("torch.ones_like", a["input"])
    elif not isinstance(var, Tensor):
        check_forwarded("torch.any", var < 0)
    elif (var._data < 0).any():
        raise TorchValueError("var has negative entry/entries")


def _reduction(a) -> None:
    """_Reduction.get_enum(reduction), when no legacy size_average or reduce is given."""
    red = a["reduction"]
    if a["size_average"] is None and a["reduce"] is None and \
            red not in ("none", "mean", "elementwise_mean", "sum"):
        raise TorchValueError(f"{red} is not a valid value for reduction")


def _poisson_reduction(a) -> None:
    red = a["reduction"]
    if a["size_average"] is None and a["reduce"] is None and red != "none" and \
            red != "mean" and red != "sum":
        raise TorchValueError(red + " is not a valid value for reduction")


def _multi_margin(a) -> None:
    _reduction(a)
    if a["p"] != 1 and a["p"] != 2:
        raise TorchValueError("only p == 1 and p == 2 supported")


def _interpolate_corners(a) -> None:
    if a["mode"] in ("nearest", "area", "nearest-exact") and a["align_corners"] is not None:
        raise TorchValueError("align_corners option can only be set with the interpolating "
                              "modes: linear | bilinear | bicubic | trilinear")


# nn.functional's Python functions whose code checks options before it first touches its
# input (F.dropout1d([1.], p=2.0) is the ValueError about p, not the input's AttributeError
# nor the C++ call's TypeError): their checks, of the call's arguments by name
OPTIONS_FIRST = {
    **dict.fromkeys(("dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
                     "feature_alpha_dropout"), _dropout_p),
    "fractional_max_pool2d": _fractional_options(2),
    "fractional_max_pool3d": _fractional_options(3),
    "gaussian_nll_loss": _gaussian_var,
    **dict.fromkeys(("cosine_embedding_loss", "hinge_embedding_loss", "soft_margin_loss",
                     "cross_entropy", "margin_ranking_loss"), _reduction),
    "poisson_nll_loss": _poisson_reduction,
    "multi_margin_loss": _multi_margin,
    "interpolate": _interpolate_corners,
}


def _binds(fn, args: tuple, kwargs: dict) -> bool:
    """Whether Python binds the call to fn's parameters (else fn itself refuses it, in
    Python's words, before its body runs)."""
    try:
        inspect.signature(fn).bind(*args, **kwargs)
    except TypeError:
        return False
    return True


def _as_handed_on(fn, args: tuple, kwargs: dict):
    """(args, kwargs) of a call of `fn` as PyTorch's Python function hands them to
    __torch_function__: its parameters without a default as arguments, the rest (defaults
    too) by keyword; as they are where they do not bind."""
    try:
        params = inspect.signature(fn)
        bound = params.bind(*args, **kwargs)
    except (TypeError, ValueError):
        return args, kwargs
    bound.apply_defaults()
    given: list = []
    named: dict = {}
    for key, param in params.parameters.items():
        value = bound.arguments[key]
        if param.kind is param.VAR_POSITIONAL:
            given.extend(value)
        elif param.kind is param.VAR_KEYWORD:
            named.update(value)
        elif param.default is param.empty and param.kind is not param.KEYWORD_ONLY:
            given.append(value)
        else:
            named[key] = value
    return tuple(given), named


def _options_first(fn, name: str):
    """`fn` running OPTIONS_FIRST's check of `name` first, on the call's arguments bound to
    fn's parameters (when Python binds them: otherwise `fn` refuses the call itself)."""
    check = OPTIONS_FIRST[name]
    params = inspect.signature(fn)

    def call(*args, **kwargs):
        try:
            bound = params.bind(*args, **kwargs)
        except TypeError:
            return fn(*args, **kwargs)
        bound.apply_defaults()
        check(bound.arguments)
        return fn(*args, **kwargs)
    call.__name__ = call.__qualname__ = name
    call.__doc__, call.__wrapped__, call.__module__ = fn.__doc__, fn, fn.__module__
    return call


OPTIONS_FIRST_CODE = _options_first(lambda input, p=0.5: None, "dropout").__code__


# nn.functional's Python functions whose code first asks its input for an attribute
# (`input.dim()`), and the attribute: a non-tensor input is Python's AttributeError there, as
# in PyTorch (F.dropout1d([1.]): "'list' object has no attribute 'dim'")
ASKS_INPUT = {
    **dict.fromkeys(("adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool2d",
                     "adaptive_max_pool3d", "gaussian_nll_loss", "instance_norm",
                     "max_unpool1d", "max_unpool2d", "max_unpool3d"), "size"),
    **dict.fromkeys(("dropout1d", "dropout2d", "dropout3d", "fractional_max_pool2d",
                     "fractional_max_pool3d", "glu", "group_norm", "interpolate",
                     "local_response_norm"), "dim"),
    "normalize": "norm", "sigmoid": "sigmoid",
    "softsign": "abs", "tanh": "tanh", "tanhshrink": "tanh",
}


def _asking_input(fn, name: str):
    """nn.functional's `name` (ASKS_INPUT), whose first argument, when not a tensor, is asked
    for PyTorch's attribute first: Python's own AttributeError (or, should it have one, the
    op's refusal)."""
    attr = ASKS_INPUT[name]
    first = fn.__code__.co_varnames[0]

    def call(*args, **kwargs):
        x = args[0] if args else kwargs.get(first)
        if not isinstance(x, Tensor) and (args or first in kwargs):
            if not _binds(fn, args, kwargs):    # (Python binds the call first)
                return fn(*args, **kwargs)
            getattr(x, attr)
        return fn(*args, **kwargs)
    call.__name__ = call.__qualname__ = name
    call.__doc__, call.__wrapped__, call.__module__ = fn.__doc__, fn, fn.__module__
    return call


_REDUCTIONS = {"none": 0, "mean": 1, "sum": 2}
_LEGACY = (("size_average", None), ("reduce", None), ("reduction", "mean"))
# nn.functional's Python functions (their parameters and defaults) and the C++ call each makes
# (argsigs.FORWARDED's signature, its positional arguments from the bound call), as PyTorch
# 2.13's torch/nn/functional.py makes it; None: no C++ call to check (a legacy argument)
FORWARDED = {
    "pad": ((("input",), ("pad",), ("mode", "constant"), ("value", None)), "nn.pad",
            lambda a: (a["input"], a["pad"], a["mode"], a["value"])),
    "leaky_relu": ((("input",), ("negative_slope", 0.01), ("inplace", False)), "nn.leaky_relu",
                   lambda a: None if a["inplace"] else (a["input"], a["negative_slope"])),
    "embedding": ((("input",), ("weight",), ("padding_idx", None), ("max_norm", None),
                   ("norm_type", 2.0), ("scale_grad_by_freq", False), ("sparse", False)),
                  "torch.embedding", lambda a: _embedding_call(a)),
    **{f"max_pool{n}d": ((("input",), ("kernel_size",), ("stride", None), ("padding", 0),
                          ("dilation", 1), ("ceil_mode", False), ("return_indices", False)),
                         f"torch.max_pool{n}d",
                         lambda a: None if a["return_indices"] is True else (
                             a["input"], a["kernel_size"],
                             [] if a["stride"] is None else a["stride"], a["padding"],
                             a["dilation"], a["ceil_mode"])) for n in (1, 2, 3)},
    "threshold": ((("input",), ("threshold",), ("value",), ("inplace", False)),
                  "torch.threshold",
                  lambda a: None if a["inplace"] else (a["input"], a["threshold"], a["value"])),
    "nll_loss": ((("input",), ("target",), ("weight", None), ("size_average", None),
                  ("ignore_index", -100), ("reduce", None), ("reduction", "mean")),
                 "nn.nll_loss_nd",
                 lambda a: None if a["size_average"] is not None or a["reduce"] is not None
                 or a["reduction"] not in _REDUCTIONS else (
                     a["input"], a["target"], a["weight"], _REDUCTIONS[a["reduction"]],
                     a["ignore_index"])),
    "layer_norm": ((("input",), ("normalized_shape",), ("weight", None), ("bias", None),
                    ("eps", 1e-5)), "torch.layer_norm",
                   lambda a: (a["input"], a["normalized_shape"], a["weight"], a["bias"],
                              a["eps"], False)),
    # (after F.batch_norm's eps and batch checks, and F.instance_norm's spatial one: the op's)
    "batch_norm": ((("input",), ("running_mean",), ("running_var",), ("weight", None),
                    ("bias", None), ("training", False), ("momentum", 0.1), ("eps", 1e-5)),
                   "torch.batch_norm",
                   lambda a: None if not _norm_checks_pass(a, a["training"], True) else (
                       a["input"], a["weight"], a["bias"], a["running_mean"],
                       a["running_var"], a["training"], a["momentum"], a["eps"], False)),
    "instance_norm": ((("input",), ("running_mean", None), ("running_var", None),
                       ("weight", None), ("bias", None), ("use_input_stats", True),
                       ("momentum", 0.1), ("eps", 1e-5)), "torch.instance_norm",
                      lambda a: (a["input"], a["weight"], a["bias"], a["running_mean"],
                                 a["running_var"], a["use_input_stats"], a["momentum"],
                                 a["eps"], False)
                      if _norm_checks_pass(a, a["use_input_stats"], False) else None),
    # nn.functional's losses that pass their options on to torch.<loss> as they are
    "hinge_embedding_loss": ((("input",), ("target",), ("margin", 1.0), *_LEGACY),
                             "torch.hinge_embedding_loss",
                             lambda a: _loss_call(a, a["input"], a["target"], a["margin"])),
    "cosine_embedding_loss": ((("input1",), ("input2",), ("target",), ("margin", 0),
                               *_LEGACY), "torch.cosine_embedding_loss",
                              lambda a: _loss_call(a, a["input1"], a["input2"], a["target"],
                                                   a["margin"])),
    "margin_ranking_loss": ((("input1",), ("input2",), ("target",), ("margin", 0), *_LEGACY),
                            "torch.margin_ranking_loss",
                            lambda a: _loss_call(a, a["input1"], a["input2"], a["target"],
                                                 a["margin"])
                            if _same_dims(a["input1"], a["input2"], a["target"]) else None),
    "triplet_margin_loss": ((("anchor",), ("positive",), ("negative",), ("margin", 1.0),
                             ("p", 2), ("eps", 1e-6), ("swap", False), *_LEGACY),
                            "torch.triplet_margin_loss",
                            lambda a: _loss_call(a, a["anchor"], a["positive"], a["negative"],
                                                 a["margin"], a["p"], a["eps"], a["swap"])
                            if _is_double(a["margin"]) and a["margin"] > 0 else None),
    "poisson_nll_loss": ((("input",), ("target",), ("log_input", True), ("full", False),
                          ("size_average", None), ("eps", 1e-8), ("reduce", None),
                          ("reduction", "mean")), "torch.poisson_nll_loss",
                         lambda a: _loss_call(a, a["input"], a["target"], a["log_input"],
                                              a["full"], a["eps"])
                         if a["reduction"] != "elementwise_mean" else None),
    "cross_entropy": ((("input",), ("target",), ("weight", None), ("size_average", None),
                       ("ignore_index", -100), ("reduce", None), ("reduction", "mean"),
                       ("label_smoothing", 0.0)), "nn.cross_entropy_loss",
                      lambda a: None if a["size_average"] is not None or a["reduce"] is not None
                      or a["reduction"] not in _REDUCTIONS else (
                          a["input"], a["target"], a["weight"], _REDUCTIONS[a["reduction"]],
                          a["ignore_index"], a["label_smoothing"])),
}


def _enum(a) -> int | None:
    """_Reduction.get_enum(reduction) of an nn.functional loss's call, when no legacy
    size_average or reduce is given; None otherwise (its own code then answers)."""
    if a["size_average"] is not None or a["reduce"] is not None:
        return None
    red = a["reduction"]
    return 1 if red == "elementwise_mean" else _REDUCTIONS.get(red) if type(red) is str \
        else None


def _loss_call(a, *args) -> tuple | None:
    """The C++ call (`args`, then the reduction's enum) an nn.functional loss makes once its
    reduction is known (None: its own code refuses the reduction, or a legacy flag is given)."""
    enum = _enum(a)
    return None if enum is None else (*args, enum)


def _same_dims(*values) -> bool:
    """F.margin_ranking_loss's test before its C++ call: tensors of one dimensionality."""
    return all(isinstance(v, Tensor) for v in values) and \
        len({v._data.ndim for v in values}) == 1


def _embedding_call(a) -> tuple:
    """F.embedding's Python up to its torch.embedding call: padding_idx checked against
    weight.size(0) (before the input is touched), max_norm's
    embedding_renorm_(weight.detach(), input.contiguous(), ...) call checked."""
    pad = a["padding_idx"]
    if pad is not None and (pad > 0 or pad < 0):        # (Python's refusal of a non-number)
        rows = getattr(a["weight"], "size")(0)
        if pad >= rows or pad < -rows:
            raise TorchAssertionError("Padding_idx must be within num_embeddings")
    if a["max_norm"] is not None:
        getattr(a["input"], "contiguous")
        getattr(a["weight"], "detach")
        check_forwarded("torch.embedding_renorm_", a["weight"], a["input"], a["max_norm"],
                        a["norm_type"])
    return (a["weight"], a["input"], -1 if a["padding_idx"] is None else a["padding_idx"],
            a["scale_grad_by_freq"], a["sparse"])


def _norm_checks_pass(a, training, batch: bool) -> bool:
    """Whether F.batch_norm's (batch) or F.instance_norm's own Python checks pass (eps a
    number, not negative nor 0 in training; more than one value per channel, or spatial
    element, in training), so that the torch call it makes is the next to refuse."""
    x, eps = a["input"], a["eps"]
    if not isinstance(x, Tensor) or not _is_double(eps) or eps < 0 or \
            (batch and training is True and eps == 0):
        return False
    shape = x._data.shape
    values = math.prod(shape[2:]) * (shape[0] if batch and shape else 1)
    return not training or values != 1


def _bound_call(params, args, kwargs) -> dict | None:
    """The call's arguments by name, as Python binds them to `params` ((name,) or (name,
    default)); None when Python would refuse the call (the function itself then does)."""
    if len(args) > len(params) or not set(kwargs) <= {p[0] for p in params}:
        return None
    bound = {}
    for i, p in enumerate(params):
        if i < len(args):
            if p[0] in kwargs:
                return None
            bound[p[0]] = args[i]
        elif p[0] in kwargs:
            bound[p[0]] = kwargs[p[0]]
        elif len(p) > 1:
            bound[p[0]] = p[1]
        else:
            return None
    return bound


def _checked_forwarded(fn, name: str):
    """An nn.functional function PyTorch writes in Python, checking the C++ call it makes
    (FORWARDED): the positions in a message are that call's, as in PyTorch's."""
    params, key, forward = FORWARDED[name]
    asks = ASKS_INPUT.get(name)
    made = []

    def call(*args, **kwargs):
        bound = _bound_call(params, args, kwargs)
        if asks and bound and not isinstance(bound["input"], Tensor):
            getattr(bound["input"], asks)               # (ASKS_INPUT)
        inner = bound and forward(bound)
        if inner:
            parser = made[0] if made else _make(made, _forwarded_texts(key))
            if not fits(parser.fast, inner, {}):
                parser.check(inner, {})
        return fn(*args, **kwargs)
    call.__name__ = call.__qualname__ = name
    call.__doc__, call.__wrapped__, call.__module__ = fn.__doc__, fn, fn.__module__
    return call


def check_forwarded(key: str, *args, **kwargs) -> tuple:
    """The C++ call `key` (argsigs.FORWARDED's "torch.grid_sampler") that one of PyTorch's
    Python functions makes, checked by PyTorch's parser: its TypeError, or the positional
    arguments as the C++ function takes them (_Signature.parse: ints as Python ints)."""
    parser = _forwarded_parsers.get(key) or _forwarded_parsers.setdefault(
        key, Parser(_forwarded_texts(key)))
    if fits(parser.fast, args, kwargs):
        return args
    return parser.check(args, kwargs)[0]


_forwarded_parsers: dict = {}


def _forwarded_texts(key: str):
    """The signatures of the C++ call `key`: argsigs.FORWARDED's, or torch.<name>'s."""
    return argsigs.FORWARDED.get(key) or argsigs.FUNCTIONS[key.partition(".")[2]]


def _checked_split(fn, method: bool):
    """Tensor.split and torch.split, which PyTorch writes in Python: an int size (bool
    included) goes to the C++ `split`, anything else to `split_with_sizes`, as
    `(tensor, size, dim)`."""
    size_name = "split_size" if method else "split_size_or_sections"

    def call(*args, **kwargs):
        if not args or len(args) > 3 or not set(kwargs) <= {size_name, "dim"}:
            return fn(*args, **kwargs)            # Python's own refusal of the call
        tensor, rest = args[0], list(args[1:])
        size = rest.pop(0) if rest else kwargs.get(size_name, _MISSING)
        dim = rest.pop(0) if rest else kwargs.get("dim", 0)
        if size is not _MISSING and not (type(size) is int and type(dim) is int):
            if isinstance(size, Tensor) and size.numel() == 1 and _integral(size):
                size = int(size)
            which = "split" if isinstance(size, int) else "split_with_sizes"
            parser = _split_parsers.get(which) or _split_parsers.setdefault(
                which, Parser(argsigs.FUNCTIONS[which]))
            (tensor, size, dim), _ = parser.check((tensor, size, dim), {})
            return fn(tensor, size, dim)
        return fn(*args, **kwargs)
    call.__name__ = call.__qualname__ = "split"
    call.__doc__, call.__wrapped__, call.__module__ = fn.__doc__, fn, fn.__module__
    return call


_split_parsers: dict = {}


def _make(made: list, texts) -> Parser:
    made.append(Parser(texts))
    return made[0]


def _codes():
    def f(self, *args, **kwargs):
        pass
    return frozenset([*(checked(f, name, method).__code__ for name, method in (
        ("sum", True), ("sum", False), ("split", True), ("sin", False))),
        _python_function(f, "norm", False).__code__])


CHECKED_CODES: frozenset = frozenset()
CHECKED_CODES = _codes()


def _passing_codes():
    def f(input):
        pass
    return frozenset([*(w(f, n).__code__ for w, n in (
        (_checked_forwarded, "threshold"), (_asking_input, "glu"),
        (_checked_softmax, "softmin"))), _python_function(f, "norm", False).__code__])


#: the frames of the wrappers above that pass a call on to nn.functional's Python function
#: unchanged: a call of it that does not bind is refused in Python's words, as PyTorch's
#: (registry.WRAPPER_CODES)
PASSING_CODES = _passing_codes()


def parsed_by(texts, name: str | None = None):
    """Decorator: the function called once its call fits one of PyTorch's signatures `texts`
    (their parser's TypeError when it fits none; the parser is built at the first call),
    under `name` if given; inspect sees the function's own signature (`__wrapped__`)."""
    def deco(fn):
        made: list = []

        def call(*args, **kwargs):
            if not made:
                made.append(Parser(texts))
            args, kwargs = made[0].check(args, kwargs)
            return fn(*args, **kwargs)
        call.__name__ = call.__qualname__ = name or fn.__name__
        call.__doc__, call.__wrapped__, call.__module__ = fn.__doc__, fn, fn.__module__
        return call
    return deco
