"""What `try`/`except` sees of an error: the Python exception class and object a formula
catches, or nothing when the error must not be caught.

Every error in a running formula is a GradcliError (the VM converts Python's exceptions and
keeps the original as `__cause__`). A formula never holds one: `except ... as e` binds a
plain builtin exception of the class PyTorch or Python would raise (RuntimeError for the
engine's "element 0 of tensors does not require grad ...", NameError, ZeroDivisionError
...), with the message PyTorch or Python would give, made once per error. Limits, memory and
recursion errors, and exceptions that are neither gradcli's nor Python's builtin ones (our
bugs), have no such object: no `except` clause, not even a bare one, catches them.
"""
from __future__ import annotations

import builtins
import functools
import re

from ..errors import AssertionFailed, EvalError, GradcliError, LimitError
from .limits import CallDepthError

#: The exception classes a formula can name (Python's hierarchy comes with them).
EXCEPTION_NAMES = (
    "Exception", "ArithmeticError", "LookupError", "RuntimeError", "ValueError", "TypeError",
    "IndexError", "KeyError", "ZeroDivisionError", "AssertionError", "AttributeError",
    "NameError", "NotImplementedError", "StopIteration", "OverflowError", "GeneratorExit",
    "SystemExit", "ImportError", "ModuleNotFoundError", "UnboundLocalError", "OSError",
    "FileNotFoundError", "RecursionError", "Warning", "UserWarning", "DeprecationWarning", "FutureWarning",
    "RuntimeWarning")
EXCEPTIONS = {name: getattr(builtins, name) for name in EXCEPTION_NAMES}

# Builtin exceptions that stand for a resource problem, not a formula's mistake.
_NEVER_CAUGHT = (RecursionError, MemoryError, KeyboardInterrupt, SystemExit, GeneratorExit)
# ... of which a formula may raise SystemExit (as sys.exit does) and RecursionError (the
# call-depth limit is one to a formula, limits.CallDepthError)
_UNRAISABLE = (MemoryError, KeyboardInterrupt, GeneratorExit)

# The formula-visible object of an error, and the error a formula-visible object stands for.
_VALUE, _ERROR = "formula_value", "_gradcli_error"

# Errors the interpreter reports without a Python class in their text, by their message.
_BY_MESSAGE_TEXT = (
    (r"^cannot access local variable ", UnboundLocalError),
    (r"^name '[^']*' is not |^cannot access free variable ", NameError),
    (r"object has no attribute |^module '[^']*' has no attribute "
     r"|^attribute '[^']*' (is not available|cannot be set)"
     r"|^cannot set attributes |^cannot assign to method |attribute '[^']*' is not available"
     r"|^cannot (assign to|delete) field '|^property '[^']*' of '[^']*' object has no "
     r"|^can't (set|delete) attribute|^type object '[^']*' has no attribute "
     r"|^cannot assign \w+ before Module\.__init__\(\) call",
     AttributeError),
    (r"values to unpack", ValueError),
    (r"\(\) (takes|missing|got an unexpected|got multiple|got some positional-only)"
     r"|^argument after \*\* must|^got multiple values|does not support the context manager"
     r"|is not a mapping"
     r"|^exceptions must derive|^exception causes must derive|^catching classes",
     TypeError),
    (r"^cannot import '", ModuleNotFoundError),      # a module a formula cannot import
    (r"^cannot import ", ImportError),
)


@functools.cache
def _by_message() -> list:
    """_BY_MESSAGE_TEXT compiled (at the first error: compiling costs ~2 ms a start)."""
    return [(re.compile(pattern), cls) for pattern, cls in _BY_MESSAGE_TEXT]


@functools.cache
def _class_prefix():
    return re.compile(r"^([A-Z]\w*(?:Error|Exception)): (.*)\Z", re.S)


class GradcheckError(RuntimeError):
    """torch.autograd.gradcheck.GradcheckError as a formula sees it: a RuntimeError."""


GradcheckError.__module__ = "torch.autograd.gradcheck"



class CheckpointError(RuntimeError):
    """torch.utils.checkpoint.CheckpointError as a formula sees it: a RuntimeError."""


CheckpointError.__module__ = "torch.utils.checkpoint"


class _LinAlgError(RuntimeError):
    """torch.linalg.LinAlgError (torch._C._LinAlgError) as a formula sees it."""


_LinAlgError.__module__ = "torch._C"


class InvalidBackend(RuntimeError):
    """torch._dynamo.exc.InvalidBackend (torch.compile's unknown backend) as a formula sees
    it."""


InvalidBackend.__module__ = "torch._dynamo.exc"

# Formula-visible classes of PyTorch's own (and torch.load's pickle error, a frozen
# dataclass's assignment error), by the engine error each stands for
class _TorchClasses(dict):
    """{name: class}, the library ones (pickle's, dataclasses', json's) imported at the first
    lookup (they cost ~5 ms a start)."""

    def get(self, name, default=None):
        if not self:
            import dataclasses
            import json
            import pickle
            self.update(GradcheckError=GradcheckError, CheckpointError=CheckpointError,
                        _LinAlgError=_LinAlgError, InvalidBackend=InvalidBackend,
                        UnpicklingError=pickle.UnpicklingError,
                        FrozenInstanceError=dataclasses.FrozenInstanceError,
                        JSONDecodeError=json.JSONDecodeError)
        return dict.get(self, name, default)


_TORCH_CLASSES = _TorchClasses()


def is_formula_exception(cls) -> bool:
    """A builtin exception class, one of PyTorch's a formula can meet, or one the formula
    defined (`class MyError(ValueError):`, classes.py)."""
    return isinstance(cls, type) and issubclass(cls, BaseException) \
        and (cls.__module__ == "builtins" or _TORCH_CLASSES.get(cls.__name__) is cls
             or _is_own(cls))


def _is_own(cls) -> bool:
    """An exception class the formula defined (classes.make_class marks it)."""
    return cls.__module__ == "__main__" and any(
        k.__dict__.get("__gradcli_formula_class__") is True for k in cls.__mro__)


def is_never_caught(cls) -> bool:
    """An exception class that stands for a resource problem or the end of a run."""
    return issubclass(cls, _NEVER_CAUGHT)


def formula_exception(error: GradcliError):
    """The exception object a formula catching `error` gets (the same one each time), or
    None when `error` may not be caught."""
    value = getattr(error, _VALUE, None)
    if value is not None:
        return value
    value = _make(error)
    if value is not None:
        setattr(error, _VALUE, value)
        setattr(value, _ERROR, error)
    return value


def _make(error: GradcliError):
    if isinstance(error, CallDepthError):
        return RecursionError("maximum recursion depth exceeded")
    if isinstance(error, LimitError) or not isinstance(error, GradcliError):
        return None
    cause = error.__cause__
    if getattr(error, "python_type", None) and isinstance(cause, BaseException):
        return _copy(cause)
    if isinstance(error, AssertionFailed):
        return AssertionError(*getattr(error, "formula_args", (error.message,)))
    for cls in type(error).__mro__:
        if cls.__module__ == "builtins" and cls not in (Exception, BaseException, object):
            args = (error.message,) if error.message else ()   # a bare `raise X` of PyTorch
            return _TORCH_CLASSES.get(type(error).__name__, cls)(*args)
    if isinstance(error, EvalError):
        m = _class_prefix().match(error.message)
        if m and is_formula_exception(getattr(builtins, m.group(1), None)):
            return _copy_args(getattr(builtins, m.group(1)), (m.group(2),))
        for pattern, cls in _by_message():
            if pattern.search(error.message):
                return cls(error.message)
        return RuntimeError(error.message)
    return None


def _copy(exc: BaseException):
    """A fresh instance of a builtin exception (no traceback, no frames), or None. A library
    exception derived from a builtin one other than Exception itself (dataclasses'
    FrozenInstanceError, NumPy's LinAlgError) is caught as that one."""
    cls = type(exc)
    if isinstance(exc, _NEVER_CAUGHT):
        return None
    if _is_own(cls):                # the formula's own object: nothing of ours in it
        return exc
    if _TORCH_CLASSES.get(cls.__name__) is cls:     # a library's own arguments (JSON's)
        import copy
        return copy.copy(exc)
    if not is_formula_exception(cls):
        cls = next((k for k in cls.__mro__ if k.__module__ == "builtins"
                    and k not in (Exception, BaseException, object)), None)
        if cls is None:
            return None
    return _copy_args(cls, exc.args)


def _copy_args(cls, args):
    try:
        return cls(*args)
    except Exception:
        return None


def error_for(value) -> GradcliError:
    """The error `raise value` raises: the error a caught exception came from (re-raising
    it keeps its place and text), or a new one for an exception the formula made."""
    error = getattr(value, _ERROR, None)
    if error is not None:
        return error
    text = str(value)
    name = type(value).__name__
    error = RaisedError(f"{name}: {text}" if text else name)
    setattr(error, _VALUE, value)
    setattr(value, _ERROR, error)
    return error


def error_of(exc: BaseException) -> GradcliError | None:
    """The error a formula-visible exception object stands for, if it has one."""
    error = getattr(exc, _ERROR, None)
    return error if isinstance(error, GradcliError) else None


def generator_exit() -> GradcliError:
    """What a generator's close() raises where it stopped: GeneratorExit, which `finally`
    and a bare or `except GeneratorExit` clause see, and `except Exception` does not."""
    return error_for(GeneratorExit())


def is_generator_exit(error: GradcliError) -> bool:
    return isinstance(getattr(error, _VALUE, None), GeneratorExit)


def error_for_exit(status) -> GradcliError:
    """What sys.exit(status) raises: SystemExit, which only a bare `except` or `except
    SystemExit` catches."""
    return error_for(SystemExit(status))


def clean_exit(error: GradcliError) -> bool:
    """The run ended by sys.exit() or sys.exit(0) (a success)."""
    value = getattr(error, _VALUE, None)
    return isinstance(value, SystemExit) and value.code in (None, 0)


def name_uncaught(error: GradcliError) -> None:
    """An error the interpreter words without a class ("name 'x' is not defined") reads as
    CPython prints it when no `except` caught it ("NameError: name 'x' is not defined"),
    as Python's own errors already do. A refused import stays gradcli's own message."""
    if type(error) is not EvalError or _class_prefix().match(error.message):
        return
    for pattern, cls in _by_message():
        if pattern.search(error.message):
            if not issubclass(cls, ImportError):
                error.message = f"{cls.__name__}: {error.message}"
            return


def exception_value(value, what: str = "exceptions"):
    """`raise X` and `raise X(...)`: the exception object, made from a class if needed.
    `raise SystemExit(status)` is sys.exit(status)."""
    if isinstance(value, type) and is_formula_exception(value) \
            and not issubclass(value, _UNRAISABLE):
        value = value()
    if isinstance(value, BaseException) and is_formula_exception(type(value)) \
            and not isinstance(value, _UNRAISABLE):
        return value
    raise EvalError(f"TypeError: {what} must derive from BaseException")


def names_recursion_error(spec) -> bool:
    """An `except` clause naming RecursionError (or a tuple holding it): the one that catches
    the call-depth limit (a bare `except:` or `except Exception:` does not, so a catch-all
    never swallows a limit)."""
    return spec is RecursionError or (isinstance(spec, tuple) and RecursionError in spec)


def check_catchable(spec) -> None:
    """An `except` clause's class, or tuple of them, as Python checks it (a tuple inside
    the tuple is refused, though isinstance would take it)."""
    for item in spec if isinstance(spec, tuple) else (spec,):
        if not (isinstance(item, type) and issubclass(item, BaseException)):
            raise EvalError("TypeError: catching classes that do not inherit from "
                            "BaseException is not allowed")


class RaisedError(EvalError):
    """An exception a formula raised with `raise` and did not catch."""


def set_context(error: GradcliError, handling: GradcliError | None) -> None:
    """Python's implicit chaining: an error raised while `handling` another has it as its
    `__context__` (set once, never to itself)."""
    if handling is None or handling is error:
        return
    value, before = formula_exception(error), formula_exception(handling)
    if value is not None and before is not None and before is not value \
            and value.__context__ is None:
        value.__context__ = before


def chain_hint(error: GradcliError) -> None:
    """The hint of an error a `raise` made: its cause or its context, where Python prints
    their tracebacks ("The above exception was the direct cause of the following
    exception")."""
    value = formula_exception(error)
    if value is None or error.hint is not None:
        return
    if value.__cause__ is not None:
        error.hint = f"raised from {_shown(value.__cause__)}"
    elif value.__context__ is not None and not value.__suppress_context__:
        error.hint = f"raised while handling {_shown(value.__context__)}"


def _shown(value: BaseException) -> str:
    text = str(value)
    return f"{type(value).__name__}: {text}" if text else type(value).__name__
