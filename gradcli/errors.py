"""The one error hierarchy of gradcli.

Every error a user can cause is a `GradcliError`: a kind, a message, an optional source
position and an optional hint. Deep code raises them; only the CLI renders them (once, to
stderr) and maps their `exit_code` to the process exit status. Engine errors that PyTorch
raises as `RuntimeError`/`TypeError`/`ValueError`/`IndexError` subclass both the gradcli class
and the builtin one, so Python users can catch them as they would with PyTorch.
"""
from __future__ import annotations

import re
from ._struct import Struct

EXIT_OK = 0
EXIT_EVAL = 1
EXIT_USAGE = 2
EXIT_SYNTAX = 3


class Position(Struct, slots=False, eq=True, frozen=True):
    """A place in a source text: 1-based line and column."""

    file: str
    line: int
    column: int
    source_line: str = ""


class GradcliError(Exception):
    """Base of every error gradcli reports to a user."""

    kind = "error"
    exit_code = EXIT_EVAL

    def __init__(self, message: str, *, hint: str | None = None,
                 position: Position | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.position = position

    def at(self, position: Position | None) -> "GradcliError":
        """Attach a source position unless one is already known; returns self."""
        if self.position is None and position is not None:
            self.position = position
        return self

    def render(self) -> str:
        """`FILE:LINE:COL: error: message`, the source line, a caret and the hint."""
        lines = []
        if self.position is not None:
            p = self.position
            lines.append(printable(f"{p.file}:{p.line}:{p.column}: {self.kind}: "
                                   f"{self.message}"))
            if p.source_line:
                src, caret = _window(p.source_line.rstrip("\r\n").expandtabs(1), p.column)
                lines.append(f"    {re.sub(CONTROL, chr(0xFFFD), src)}")   # one column each
                lines.append("    " + " " * caret + "^")
        else:
            lines.append(printable(f"{self.kind}: {self.message}"))
        if self.hint:
            lines.append(printable(f"hint: {self.hint}"))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.message


#: Control characters (but tab and newline) of user text: written to a terminal as they are,
#: they would move the cursor, recolour or retitle it (`\x1b[31m`, a stray `\r`). Lone
#: surrogates (an undecodable byte of a command-line argument) are not text either.
#: A pattern, compiled (and kept by `re`) when first used: compiling it costs ~0.5 ms of
#: every start-up that prints no error.
CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]"


def printable(text: str) -> str:
    """User text with each control character written as its escape (`\x1b`, `\udcff`)."""
    return re.sub(CONTROL, _escape, text)


def _escape(m) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _window(line: str, column: int, width: int = 100) -> tuple[str, int]:
    """The part of a long source line around `column`, and the caret's offset in it."""
    caret = max(column - 1, 0)
    if len(line) <= width:
        return line, caret
    start = max(0, min(caret - width // 2, len(line) - width))
    text = line[start:start + width]
    if start > 0:
        text, caret = "..." + text, caret - start + 3
    else:
        caret = caret - start
    if start + width < len(line):
        text += "..."
    return text, caret


class UsageError(GradcliError):
    """Bad command-line use: a missing variable, a malformed value, a bad option."""

    kind = "usage error"
    exit_code = EXIT_USAGE


def unreadable_file(path: str, error: OSError, where: str = "") -> UsageError:
    """A file named on the command line that cannot be opened: what is wrong with the
    path, and a hint for each usual cause (a typo, a directory, a link loop, permissions)."""
    import errno
    prefix = f"{where}: " if where else ""
    if not path.strip():
        return UsageError(f"{prefix}the file name is empty",
                          hint="give the path of a file (- reads stdin)")
    if error.errno == errno.ENOENT:
        return UsageError(f"{prefix}no such file: {printable(path)}", hint=_missing_hint(path))
    known = {
        errno.EISDIR: ("{} is a directory, not a file", "name a file in it"),
        errno.ENOTDIR: ("cannot read {}: a part of the path that should be a directory is "
                        "not one", "drop the '/' after a file name, or check each part"),
        errno.ELOOP: ("cannot read {}: its symbolic links form a loop",
                      "point the link at a real file (see ls -l)"),
        errno.EACCES: ("cannot read {}: permission denied", "check its permissions (ls -l)"),
    }
    message, hint = known.get(error.errno, (f"cannot read {{}}: {error.strerror}", None))
    return UsageError(prefix + message.format(printable(path)), hint=hint)


def _missing_hint(path: str) -> str:
    import os
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        return f"the directory {printable(parent)} does not exist"
    if os.path.isabs(path):
        return f"{printable(parent)} has no entry {printable(os.path.basename(path))!r}"
    return f"a relative path is read from the current directory, {printable(os.getcwd())}"


class FormulaSyntaxError(GradcliError):
    """A formula that does not parse."""

    kind = "syntax error"
    exit_code = EXIT_SYNTAX


class EvalError(GradcliError):
    """A formula that parses but fails while it runs (name errors, type errors, ...)."""

    kind = "error"
    exit_code = EXIT_EVAL


class OutputError(GradcliError):
    """The output could not be written: a full disk, a closed stdout, a failing device."""

    kind = "error"
    exit_code = EXIT_EVAL


class LimitError(EvalError):
    """A resource limit was hit (steps, time, elements, nodes, depth...)."""

    kind = "limit exceeded"


class AssertionFailed(EvalError):
    """An `assert` in a formula file did not hold: worded as CPython's last traceback line
    ("AssertionError", "AssertionError: message"), the assert's text as the hint."""


# --- engine errors: PyTorch raises these builtin types, so ours are both --------------------

class TorchRuntimeError(EvalError, RuntimeError):
    """What PyTorch raises as RuntimeError, with PyTorch's message text."""


class _LinAlgError(TorchRuntimeError):
    """torch.linalg.LinAlgError (torch._C._LinAlgError, a RuntimeError): a factorization or
    an inversion that failed on its input (singular, not positive-definite)."""


LinAlgError = _LinAlgError


class TorchTypeError(EvalError, TypeError):
    """What PyTorch raises as TypeError."""


class ArgumentTypeError(TorchTypeError):
    """An argument of the wrong type found inside an op (a dim that is not an int): the
    interpreter words it as PyTorch's parser would, naming the function, the parameter and
    its position (gradcli/callerrors.py), which the op itself does not know."""

    def __init__(self, value, expected: str):
        super().__init__(f"argument must be {expected}, not {type(value).__name__}")
        self.value, self.expected = value, expected


class TorchValueError(EvalError, ValueError):
    """What PyTorch raises as ValueError."""


class TorchIndexError(EvalError, IndexError):
    """What PyTorch raises as IndexError."""


class TorchKeyError(EvalError, KeyError):
    """What PyTorch raises as KeyError (whose str() is the message's repr, as KeyError's)."""

    __str__ = KeyError.__str__


class TorchNotImplementedError(EvalError, NotImplementedError):
    """What PyTorch raises as NotImplementedError."""


class TorchAssertionError(EvalError, AssertionError):
    """What PyTorch raises as AssertionError ("Torch not compiled with CUDA enabled")."""


# Warnings PyTorch gives once per process: TORCH_WARN_ONCE, or a warning of its own Python
# code (reported at its own line, so Python's registry shows it once). A formula run shows
# the others once per line of the formula, as Python's default filter does for a script.
ONCE_MESSAGES: set = set()
#: the once-per-process warnings given since the process (or the formula run) began
_WARNED_ONCE: set = set()


#: the C++ warnings held back by the ops running as one C++ call (`hooks.one_cpp_call`),
#: a list per op, innermost last; None while Python code runs inside one (a pack hook)
CPP_CALLS: list = []


def warn_cpp(message: str, category=UserWarning, once: bool = False) -> None:
    """warnings.warn for a warning of PyTorch's C++ code (TORCH_WARN, or TORCH_WARN_ONCE
    with `once`): Python sees it at the line that called into C++, so it points at the
    first frame outside gradcli, however deep in gradcli the op found it; and as that call
    returns (held back until then inside `hooks.one_cpp_call`)."""
    if CPP_CALLS and CPP_CALLS[-1] is not None:
        CPP_CALLS[-1].append((message, category, once))
        return
    import sys
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_globals.get("__name__", "").startswith("gradcli"):
        frame, level = frame.f_back, level + 1
    if frame is None:           # only gradcli's frames (the formula language's VM)
        level = 2
    if once:
        warn_once(message, category, stacklevel=level)
    else:
        import warnings
        warnings.warn(message, category, stacklevel=level)


def warn_once(message: str, category=UserWarning, stacklevel: int = 2, key=None) -> None:
    """warnings.warn for one of PyTorch's once-per-process warnings: TORCH_WARN_ONCE's
    flag is set before the warning goes out, so no filter (`always`, `error`, a recording
    catch_warnings) ever sees it twice. Each formula run starts afresh, as a new PyTorch
    process would (`reset_once_warnings`). `key` names the call site when its message
    varies (a TORCH_WARN_ONCE's flag is its site's, whatever the text)."""
    ONCE_MESSAGES.add(message)
    key = message if key is None else key
    if key in _WARNED_ONCE:
        return
    _WARNED_ONCE.add(key)
    import warnings
    warnings.warn(message, category, stacklevel=stacklevel + 1)


#: PyTorch's warning (once per process) when it allocates a complex32 tensor
COMPLEX_HALF = ("ComplexHalf support is experimental and many operators don't support it yet. "
                "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/"
                "EmptyTensor.cpp:54.)")


#: PyTorch's warning (once per process) when a copy turns complex values into real ones
COMPLEX_TO_REAL = ("Casting complex values to real discards the imaginary part (Triggered "
                   "internally at /__w/pytorch/pytorch/aten/src/ATen/native/Copy.cpp:307.)")


def warn_complex_to_real(source, target, stacklevel: int = 2) -> None:
    """COMPLEX_TO_REAL when NumPy dtype `source` is complex and `target` is not (nor bool,
    which PyTorch tests for nonzero instead)."""
    if source.kind == "c" and target.kind not in "cb":
        warn_cpp(COMPLEX_TO_REAL, once=True)


def reset_once_warnings() -> None:
    """Let every once-per-process warning be given again (a new formula run)."""
    _WARNED_ONCE.clear()
