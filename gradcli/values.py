"""Variable values given on the command line (`--x 0,1,2,3`), parsed into NumPy arrays.

The syntaxes, tried in this order:

* `@FILE`: `.npy`, `.json`, `.csv` or `.txt` (`@-` reads the text syntaxes from stdin);
* numbers: `2.5`, `0,1,2,3`, rows separated by `;` (`1,2;3,4`), `nan`, `inf`;
* a JSON list: `[[1,2],[3,4]]`;
* any constant formula (`arange(4)`, `randn(3,3)`, `[1., 2.]`), run by the formula language.

Every mistake is a `UsageError` naming the variable and showing the text with a caret.
NumPy is imported here, the formula language only when a value needs it.
"""
from __future__ import annotations

import errno
import json
import math
import os
import re

import numpy as np

from .errors import GradcliError, Position, UsageError, unreadable_file

_NUMBER = re.compile(r"\s*[+-]?(?:(?:\d+(?:_\d+)*)?\.?\d+(?:_\d+)*(?:[eE][+-]?\d+)?|\d+\.|"
                     r"inf(?:inity)?|nan)\s*\Z", re.I)
_GRID_CHARS = re.compile(r"[\d\s.,;eE+\-_]*(?:(?:inf(?:inity)?|nan)[\d\s.,;eE+\-_]*)*\Z",
                         re.I)
_SUFFIXES = (".npy", ".json", ".csv", ".txt")


def parse_value(name: str, text: str, *, dtype, option: str | None = None,
                stdin=None, limits=None) -> np.ndarray:
    """The array `text` stands for, cast to `dtype` (a NumPy floating dtype). `limits`
    bound a constant formula as they bound any formula."""
    where = option or f"--{name}"
    if option is not None:
        name = option               # not a variable: errors name the option (--gradient)
    stripped = text.strip()
    if stripped.startswith("@"):
        arr = _load_file(name, where, stripped[1:], stdin, limits)
    else:
        arr = parse_text(name, where, text, limits)
    return _cast(name, where, text, arr, dtype)


def parse_text(name: str, where: str, text: str, limits=None) -> np.ndarray:
    """A value written as numbers, a JSON list or a constant formula."""
    stripped = text.strip()
    if not stripped:
        raise _error(name, where, text, 0, "the value is empty",
                     "give a number, a list like 0,1,2,3, or a formula like arange(4)")
    if _NUMBER.match(stripped):
        return np.asarray(_to_float(stripped))
    if _GRID_CHARS.match(stripped) and any(c in stripped for c in ",;"):
        return _parse_grid(name, where, text)
    if stripped.startswith("["):
        try:
            arr = _parse_json_list(stripped)
        except OverflowError:
            raise _too_large(name, where, text) from None
        if arr is not None:
            return _checked_array(name, where, text, arr)
    return _parse_formula(name, where, text, limits)


def _to_float(cell: str) -> float:
    return float(cell.replace("_", ""))


def _parse_grid(name: str, where: str, text: str) -> np.ndarray:
    """`0,1,2,3` (a vector) or `1,2;3,4` (rows of a matrix)."""
    rows, offset = [], 0
    for row_text in text.split(";"):
        row, col = [], offset
        for cell in row_text.split(","):
            if not cell.strip():
                what = "an empty row" if "," not in row_text else "an empty element"
                raise _error(name, where, text, col + _lead(cell), f"{what} in the value",
                             "write numbers separated by ',' (elements) and ';' (rows), "
                             "e.g. 1,2;3,4")
            if not _NUMBER.match(cell):
                raise _error(name, where, text, col + _lead(cell),
                             f"{cell.strip()!r} is not a number", "e.g. 1,2;3,4 or -0.5,1e-3")
            row.append(_to_float(cell))
            col += len(cell) + 1
        rows.append(row)
        offset += len(row_text) + 1
    if ";" not in text:
        return np.asarray(rows[0])
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        first = len(rows[0])
        bad = next(i for i, r in enumerate(rows) if len(r) != first)
        raise _error(name, where, text, sum(len(r) + 1 for r in text.split(";")[:bad]),
                     f"row {bad + 1} has {_elements(len(rows[bad]))} but row 1 has {first}",
                     "every row of a matrix needs the same number of elements")
    return np.asarray(rows)


def _elements(n: int) -> str:
    return f"{n} element" if n == 1 else f"{n} elements"


def _lead(cell: str) -> int:
    return len(cell) - len(cell.lstrip())


def _parse_json_list(text: str):
    try:
        return _json_loads(text)
    except _HugeInt:
        raise OverflowError from None
    except (ValueError, RecursionError):
        return None


class _HugeInt(ValueError):
    """A JSON integer too long for Python to read (over 4,300 digits), far beyond a float."""


def _json_int(text: str):
    if len(text) > 4000:
        raise _HugeInt(text)
    return int(text)


def _json_loads(text: str):
    return json.loads(text, parse_constant=_json_constant, parse_int=_json_int)


def _json_constant(name: str) -> float:
    return {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}[name]


def _checked_array(name: str, where: str, text: str, data) -> np.ndarray:
    """A nested list as an array; ragged lists and non-numbers are usage errors."""
    try:
        arr = np.asarray(_json_nan_strings(data))
        if arr.dtype == object:                 # ints beyond int64 (JSON has no limit)
            arr = np.asarray(arr.tolist(), dtype=np.float64)
    except _NotANumber as e:
        raise _error(name, where, text, 0, f"the value holds {e}, which is not a number",
                     "give numbers or nested lists of numbers, e.g. [[1,2],[3,4]]") from None
    except OverflowError:
        raise _too_large(name, where, text) from None
    except (ValueError, TypeError):
        if _depth(data) > MAX_DIMS:
            raise _error(name, where, text, 0, f"the lists are nested {_depth(data):,} deep, "
                         f"over the {MAX_DIMS} dimensions a tensor can have",
                         "e.g. [[1,2],[3,4]] (2 dimensions)") from None
        raise _error(name, where, text, 0, "the nested lists have different lengths",
                     "every row needs the same number of elements, e.g. [[1,2],[3,4]]") from None
    if arr.dtype == object or arr.dtype.kind in "USV":
        raise _error(name, where, text, 0, "the value holds something other than numbers",
                     "e.g. [[1,2],[3,4]]")
    return arr


def _too_large(name: str, where: str, text: str) -> UsageError:
    return _error(name, where, text, 0, "an integer in the value is too large for a float",
                  "floats reach about 1.8e308; write inf for infinity")


MAX_DIMS = 64          # NumPy's limit, and PyTorch's


def _depth(data) -> int:
    """How deeply the first elements of nested lists go (without recursion)."""
    depth = 0
    while isinstance(data, (list, tuple)):
        depth += 1
        data = data[0] if data else None
    return depth


class _NotANumber(Exception):
    """A value that NumPy would quietly turn into a number or an object: JSON's null (None,
    which NumPy reads as NaN) or a JSON object (a dict)."""


def _json_nan_strings(data):
    """gradcli's own JSON writes NaN and infinities as strings: read them back. null and
    objects are refused (see `_NotANumber`)."""
    if isinstance(data, str):
        return _json_constant(data) if data in ("NaN", "Infinity", "-Infinity") else data
    if isinstance(data, (list, tuple)):
        return [_json_nan_strings(v) for v in data]
    if data is None:
        raise _NotANumber("null (None)")
    if isinstance(data, dict):
        raise _NotANumber("a JSON object {...}" if data else "an empty JSON object {}")
    return data


def _parse_formula(name: str, where: str, text: str, limits=None) -> np.ndarray:
    """A constant formula (`arange(4)`, `randn(3,3)`), run by the formula language."""
    from . import lang
    from ._tensor import Tensor
    try:
        import sys                       # stdout holds the report: print() is a diagnostic
        value = lang.eval_expression(text, {}, filename=where, limits=limits, out=sys.stderr)
    except GradcliError as e:
        pos = e.position
        column = pos.column - 1 if pos is not None else 0
        raise _error(name, where, text, column, f"not a valid value: {e.message}",
                     e.hint or "give a number, a list like 0,1,2,3 or 1,2;3,4, "
                               "a nested list [[1,2],[3,4]], or a constant formula "
                               "like arange(4)") from None
    if isinstance(value, Tensor):
        return np.array(value._data, copy=True)
    if isinstance(value, (bool, int, float, complex, list, tuple, np.ndarray, np.generic)):
        if isinstance(value, (list, tuple)):
            value = _tensors_to_arrays(value)
        return _checked_array(name, where, text, value)
    raise _error(name, where, text, 0,
                 f"the value is a {type(value).__name__}, not a number or a tensor",
                 "give a number, a list or a formula that makes a tensor")


def _tensors_to_arrays(value):
    from ._tensor import Tensor
    return [v._data if isinstance(v, Tensor) else
            _tensors_to_arrays(v) if isinstance(v, (list, tuple)) else v for v in value]


def _load_file(name: str, where: str, path: str, stdin, limits) -> np.ndarray:
    if path == "-":
        import sys
        stream = stdin if stdin is not None else sys.stdin
        return parse_text(name, f"{where} (stdin)", _read_bounded(stream, where, limits),
                          limits)
    try:
        if os.path.isdir(path):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
        os.stat(path)
    except OSError as e:
        raise unreadable_file(path, e, where) from None
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in _SUFFIXES:
        raise UsageError(f"{where}: cannot load {path!r}: unknown file type {suffix or '(none)'}",
                         hint="use a .npy, .json, .csv or .txt file (or @- for stdin)")
    try:
        if suffix == ".npy":
            return _load_npy(where, path, limits)
        with open(path, encoding="utf-8-sig") as f:      # a BOM (Excel, Notepad) is fine
            content = f.read()
        if not content.strip():
            raise UsageError(f"{where}: {path} is empty: it holds no numbers",
                             hint="an empty value file is not a value; for an empty tensor "
                                  "write the value [] instead")
        if suffix == ".json":
            return _checked_array(name, where, f"@{path}", _json_loads(content))
        return _table(name, where, path, suffix, content)
    except GradcliError:
        raise
    except (FileNotFoundError, IsADirectoryError, PermissionError) as e:
        raise unreadable_file(path, e, where) from None
    except _HugeInt:
        raise UsageError(f"{where}: cannot load {path}: an integer in it is too large for a "
                         "float", hint="floats reach about 1.8e308; write inf for "
                                       "infinity") from None
    except RecursionError:
        raise UsageError(f"{where}: cannot load {path}: its lists are nested too deeply",
                         hint="a tensor has at most 64 dimensions") from None
    except (OSError, ValueError, UnicodeDecodeError) as e:
        raise UsageError(f"{where}: cannot load {path}: {_first_line(e)}",
                         hint="a .npy array, a JSON number or nested list, or numbers "
                              "separated by commas (csv) or spaces (txt)") from None


def _load_npy(where: str, path: str, limits) -> np.ndarray:
    """A .npy array, its header read first: an empty or foreign file, an object array, a
    header that promises more elements than the limit allows or more bytes than the file
    holds are each refused before anything is allocated."""
    from numpy.lib import format as npy
    with open(path, "rb") as f:
        magic = f.read(len(npy.MAGIC_PREFIX))
        if not magic:
            raise UsageError(f"{where}: {path} is empty (0 bytes), not a .npy array",
                             hint="an empty value file is not a value: save the array with "
                                  "numpy.save, or write the value [] for an empty tensor")
        if magic != npy.MAGIC_PREFIX:
            raise UsageError(f"{where}: cannot load {path}: it is not a .npy file (it does "
                             "not begin with NumPy's \\x93NUMPY)",
                             hint="save the array with numpy.save, or give the numbers as "
                                  ".json, .csv or .txt")
        f.seek(0)
        version = npy.read_magic(f)
        read_header = npy.read_array_header_1_0 if version == (1, 0) else \
            npy.read_array_header_2_0
        shape, _, dtype = read_header(f)
        if dtype.hasobject:
            raise UsageError(f"{where}: cannot load {path}: it holds Python objects "
                             f"({dtype}), not numbers",
                             hint="save an array of numbers (float, int, bool or complex)")
        count = math.prod(shape)
        limit = (limits if limits is not None else _default_limits()).max_elements
        if count > limit:
            raise too_many_elements(where, count, limit, f" ({path}: shape {list(shape)})")
        _check_npy_size(where, path, f, count * dtype.itemsize)
        f.seek(0)
        return np.load(f, allow_pickle=False)


def _check_npy_size(where: str, path: str, f, need: int) -> None:
    import stat
    st = os.fstat(f.fileno())
    if stat.S_ISREG(st.st_mode) and st.st_size - f.tell() < need:
        raise UsageError(f"{where}: cannot load {path}: the file is cut short: its header "
                         f"promises {need:,} bytes of data, it holds "
                         f"{max(st.st_size - f.tell(), 0):,}",
                         hint="save the array again with numpy.save")


def _default_limits():
    from .lang.limits import DEFAULT_LIMITS
    return DEFAULT_LIMITS


def too_many_elements(what: str, count: int, limit: int, detail: str = "") -> UsageError:
    """The usage error of a value over --max-elements (`detail`: where it came from)."""
    return UsageError(f"{what} has {count:,} elements{detail}, over the limit of {limit:,}",
                      hint="raise it with --max-elements")


def _table(name: str, where: str, path: str, suffix: str, content: str) -> np.ndarray:
    """Rows of numbers separated by commas (.csv, or a .txt that has them) or spaces."""
    delimiter = "," if suffix == ".csv" or "," in content else None
    lines = content.splitlines()
    try:
        return np.loadtxt(lines, delimiter=delimiter, dtype=np.float64, comments="#")
    except ValueError as e:
        raise _table_error(where, path, lines, delimiter) or e from None


def _table_error(where: str, path: str, lines: list, delimiter) -> UsageError | None:
    """What is wrong with a table NumPy refused, with its line and column (NumPy's own
    message counts rows from 0 or 1 by case and advises its `usecols`)."""
    width = first = None
    for number, line in enumerate(lines, 1):
        cells = line.split("#", 1)[0].split(delimiter)
        if delimiter is not None and not line.split("#", 1)[0].strip():
            continue
        if not cells or not any(c.strip() for c in cells):
            continue
        for column, cell in enumerate(cells, 1):
            try:
                float(cell)
            except ValueError:
                return UsageError(f"{where}: cannot load {path}: line {number}, column "
                                  f"{column}: {cell.strip()!r} is not a number",
                                  hint="numbers separated by commas (csv) or spaces (txt), "
                                       "one row per line; # starts a comment")
        if width is None:
            width, first = len(cells), number
        elif len(cells) != width:
            return UsageError(f"{where}: cannot load {path}: line {number} has "
                              f"{_elements(len(cells))} but line {first} has {width}",
                              hint="every row of a matrix needs the same number of elements")
    return None


def _read_bounded(stream, where: str, limits) -> str:
    """Stdin's text, up to the source-size limit (`< /dev/zero` is an error, not a hang)."""
    if limits is None:
        return stream.read()
    text = stream.read(limits.max_source_bytes + 1)
    if len(text) > limits.max_source_bytes:
        raise UsageError(f"{where}: stdin holds more than {limits.max_source_bytes:,} "
                         "characters", hint="raise the limit with --max-source-bytes, or "
                                            "give the value as a .npy file")
    return text


def _first_line(e: Exception) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def _cast(name: str, where: str, text: str, arr: np.ndarray, dtype) -> np.ndarray:
    arr = np.asarray(arr)
    if arr.dtype.kind == "c":           # the complex dtype of the same precision, as
        dtype = np.result_type(dtype, np.complex64)     # torch.tensor(1+2j) is complex64
    elif arr.dtype.kind not in "biuf":
        raise _error(name, where, text, 0, f"values of type {arr.dtype} are not numbers",
                     "give numbers")
    return np.array(arr, dtype=dtype, copy=True)


def _error(name: str, where: str, text: str, column: int, message: str,
           hint: str) -> UsageError:
    """A usage error showing the value's text with a caret under the problem."""
    shown = text.replace("\n", " ")
    what = name if name.startswith("-") else f"variable {name!r}"
    err = UsageError(f"bad value for {what}: {message}", hint=hint)
    err.position = Position(where, 1, min(column, len(shown)) + 1, shown)
    return err
