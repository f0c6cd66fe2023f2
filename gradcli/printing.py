"""Tensor printing that matches PyTorch's ``torch._tensor_str`` byte for byte.

A pure module (NumPy and the standard library only): it turns an ``ndarray`` plus the
tensor's metadata into exactly the text ``print(tensor)`` shows in PyTorch 2.13, and holds
the print options (``set_printoptions`` / ``get_printoptions`` / ``printoptions``).

How PyTorch decides the look of a tensor, reproduced here:

* One formatter per tensor (two for complex: real and imaginary parts), built from the
  values that will actually be shown (the edge items when the tensor is summarised).
  Floats are formatted as Python floats (float32 values widen exactly to double).
  ``int_mode``: every nonzero finite value is integral, printed ``'{:.0f}.'``.
  ``sci_mode``: nonzero finite |max| / |min| > 1000, |max| > 1e8 or |min| < 1e-4, unless
  forced by ``sci_mode`` in the options. Every element is right-aligned to the widest
  nonzero finite value (zeros, ``inf`` and ``nan`` do not count towards the width).
* Rows are wrapped so that ``(linewidth - indent) // (width + 2)`` elements fit a line.
* More than ``threshold`` elements: each dimension longer than ``2 * edgeitems`` keeps its
  first and last ``edgeitems`` entries with ``...`` between them.
* Suffixes in order: ``size=`` (empty non-1-d tensors, or ``edgeitems == 0``), ``dtype=``,
  then ``grad_fn=<...>`` or ``requires_grad=True``, then a dual tensor's ``tangent=``; each
  goes on a new line when it would pass ``linewidth``.

The layout is built bottom-up, one dimension at a time, so there is no recursion.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from ._struct import Struct, asdict
from .meta import is_meta

__all__ = [
    "PrintOptions",
    "format_dtype",
    "format_size",
    "format_tensor",
    "get_printoptions",
    "printoptions",
    "set_printoptions",
]


class PrintOptions(Struct, slots=False, eq=True):
    """The fields of ``torch._tensor_str.PRINT_OPTS``, with PyTorch's defaults."""

    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


_PROFILES: dict[str, dict[str, Any]] = {
    "default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80},
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}

PRINT_OPTS = PrintOptions()


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Like ``torch.set_printoptions``, argument order included.

    As in PyTorch, an unknown ``profile`` is ignored, and every call sets ``sci_mode``
    (so leaving it out resets it to automatic).
    """
    if profile is not None:
        for name, value in _PROFILES.get(profile, {}).items():
            setattr(PRINT_OPTS, name, value)
    given = {"precision": precision, "threshold": threshold,
             "edgeitems": edgeitems, "linewidth": linewidth}
    for name, value in given.items():
        if value is not None:
            setattr(PRINT_OPTS, name, value)
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions() -> dict[str, Any]:
    """The current options, as keyword arguments for ``set_printoptions``."""
    return asdict(PRINT_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs: Any) -> Iterator[None]:
    """Set print options for the duration of a ``with`` block."""
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)


def format_dtype(dtype_name: str) -> str:
    """``'float32'`` -> ``'torch.float32'``."""
    return f"torch.{dtype_name}"


def format_size(shape: tuple[int, ...]) -> str:
    """``(2, 3)`` -> ``'torch.Size([2, 3])'``."""
    return f"torch.Size([{', '.join(str(int(n)) for n in shape)}])"


class _Formatter(Struct, slots=False, eq=True):
    """How one real-valued part of a tensor is written (``torch._tensor_str._Formatter``)."""

    floating: bool
    precision: int = 4
    int_mode: bool = True
    sci_mode: bool = False
    max_width: int = 1

    def raw(self, value: Any) -> str:
        """The value's text before right-alignment."""
        if not self.floating:
            return f"{value}"
        if self.sci_mode:
            return f"{value:.{self.precision}e}"
        if self.int_mode:
            text = f"{value:.0f}"
            return text if math.isinf(value) or math.isnan(value) else text + "."
        return f"{value:.{self.precision}f}"

    def format(self, value: Any) -> str:
        return self.raw(value).rjust(self.max_width)


def format_scalar(value: float, precision: int = 4) -> str:
    """One real number as a tensor of that one value writes it (sci_mode unset):
    `_make_formatter`'s choice for a single value, without NumPy (graph commands write
    hundreds of thousands of them)."""
    fmt = _Formatter(floating=True, precision=precision)
    if value != 0 and not (math.isinf(value) or math.isnan(value)):
        size = abs(value)
        fmt.int_mode = value == math.ceil(value)
        fmt.sci_mode = size > 1.0e8 or size < 1.0e-4
    return fmt.raw(value)


def _make_formatter(values: np.ndarray, opts: PrintOptions) -> _Formatter:
    """Choose int/sci mode and the column width from the values that will be shown."""
    flat = values.reshape(-1)
    if flat.dtype.kind not in "fc":
        width = max((len(f"{v}") for v in flat.tolist()), default=1)
        return _Formatter(floating=False, max_width=width)
    fmt = _Formatter(floating=True, precision=opts.precision)
    shown = flat[np.isfinite(flat) & (flat != 0)]
    if shown.size == 0:
        return fmt
    fmt.int_mode = bool(np.all(shown == np.ceil(shown)))
    if opts.sci_mode is None:
        magnitudes = np.abs(shown).astype(np.float64)
        low, high = magnitudes.min(), magnitudes.max()
        with np.errstate(over="ignore"):
            fmt.sci_mode = bool(high / low > 1000.0 or high > 1.0e8 or low < 1.0e-4)
    else:
        fmt.sci_mode = bool(opts.sci_mode)
    fmt.max_width = max(len(fmt.raw(v)) for v in shown.tolist())
    return fmt


class _Cells:
    """Formats single elements (real, or complex as ``real+imagj``)."""

    def __init__(self, shown: np.ndarray, opts: PrintOptions):
        self.complex = shown.dtype.kind == "c"
        if self.complex:
            self.real = _make_formatter(shown.real, opts)
            self.imag = _make_formatter(shown.imag, opts)
        else:
            self.real = _make_formatter(shown, opts)

    def element_length(self) -> int:
        """Columns one element takes in a row, with its ", " (and "j" for complex)."""
        if self.complex:
            return self.real.max_width + 2 + self.imag.max_width + 1
        return self.real.max_width + 2

    def format(self, value: Any) -> str:
        if not self.complex:
            return self.real.format(value)
        real = self.real.format(value.real)
        imag = (self.imag.format(value.imag) + "j").lstrip()
        return real + imag if imag[0] in "+-" else real + "+" + imag


def _kept(size: int, summarize: bool, edge: int) -> tuple[list[int], int | None]:
    """Indices shown along one dimension and where its ``...`` goes (None: no ``...``).

    PyTorch slices a row as ``[:edge]`` and ``[-edge:]``, so a negative ``edgeitems``
    (which only a 1-d tensor survives, see ``_refuse_edgeitems``) keeps all but ``-edge``
    items at each end."""
    if summarize and size > 2 * edge:
        every = list(range(size))
        first, last = every[:edge], every[-edge:] if edge else []
        return first + last, len(first)
    return list(range(size)), None


def _refuse_edgeitems(shape: tuple[int, ...], edge: Any) -> None:
    """PyTorch's errors for an ``edgeitems`` its summariser cannot use, raised where its
    ``get_summarized_data`` meets the first dimension longer than ``2 * edgeitems``: a
    row slices with it, an outer dimension makes a ``range`` of it, and a negative one
    leaves that range empty."""
    longer = [axis for axis, size in enumerate(shape) if size > 2 * edge]
    if not longer:
        return
    row = longer[0] == len(shape) - 1
    if not isinstance(edge, int):
        raise TypeError("slice indices must be integers or None or have an __index__ method"
                        if row else
                        f"'{type(edge).__name__}' object cannot be interpreted as an integer")
    if edge < 0 and not row:
        from .errors import TorchRuntimeError
        raise TorchRuntimeError("stack expects a non-empty TensorList")


def _vector_str(cells: list[str], gap: int | None, indent: int,
                element_length: int, summarize: bool, opts: PrintOptions) -> str:
    """One innermost row, wrapped to the line width (``torch._tensor_str._vector_str``)."""
    per_line = max(1, math.floor((opts.linewidth - indent) / element_length))
    if summarize and not opts.edgeitems:
        items = ["..."]
    elif gap is not None:
        items = cells[:gap] + [" ..."] + cells[gap:]
    else:
        items = cells
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _join_dim(parts: list[str], groups: int, size: int, gap: int | None,
              dim: int, indent: int) -> list[str]:
    """Bracket each run of ``size`` sub-tensor texts into the text of a ``dim``-d tensor."""
    sep = "," + "\n" * (dim - 1) + " " * (indent + 1)
    joined = []
    for g in range(groups):
        run = parts[g * size:(g + 1) * size]
        if gap is not None:
            run = run[:gap] + ["..."] + run[gap:]
        joined.append("[" + sep.join(run) + "]")
    return joined


def _tensor_str(data: np.ndarray, indent: int, opts: PrintOptions) -> str:
    """The bracketed body of a non-empty tensor (``torch._tensor_str._tensor_str``)."""
    summarize = data.size > opts.threshold
    if data.ndim == 0:
        return _Cells(data, opts).format(data.item())
    if summarize:
        _refuse_edgeitems(data.shape, opts.edgeitems)
    kept = [_kept(n, summarize, opts.edgeitems) for n in data.shape]
    shown = data
    for axis, (idx, _) in enumerate(kept):      # (np.ix_ takes at most 63 axes)
        if len(idx) != data.shape[axis]:
            shown = np.take(shown, idx, axis=axis)
    cells = _Cells(shown, opts)
    flat = [cells.format(v) for v in shown.reshape(-1).tolist()]
    # Innermost rows first, then one enclosing dimension per pass: depth = ndim <= 64.
    ndim, row = data.ndim, shown.shape[-1]
    rows = math.prod(shown.shape[:-1])
    parts = [
        _vector_str(flat[r * row:(r + 1) * row], kept[-1][1], indent + ndim - 1,
                    cells.element_length(), summarize, opts)
        for r in range(rows)
    ]
    for axis in range(ndim - 2, -1, -1):
        parts = _join_dim(parts, math.prod(shown.shape[:axis]), shown.shape[axis],
                          kept[axis][1], ndim - axis, indent + axis)
    return parts[0]


def _add_suffixes(text: str, suffixes: list[str], indent: int, linewidth: int) -> str:
    """Append ``, suffix`` items, starting a new line for one that would overflow."""
    out = [text]
    # PyTorch's own measure (one more than the last line's length when it has a newline).
    last_line = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line + len(suffix) + 2 > linewidth:
            out.append(",\n" + " " * indent + suffix)
            last_line = indent + len(suffix)
        else:
            out.append(", " + suffix)
            last_line += len(suffix) + 2
    out.append(")")
    return "".join(out)


def _has_default_dtype(dtype_name: str, default_dtype_name: str) -> bool:
    default_complex = "complex128" if default_dtype_name == "float64" else "complex64"
    return dtype_name in (default_dtype_name, default_complex, "int64", "bool")


def format_tensor(
    data: np.ndarray,
    *,
    dtype_name: str,
    default_dtype_name: str,
    grad_fn_name: str | None = None,
    requires_grad: bool = False,
    tangent: str | None = None,
    prefix: str = "tensor(",
    options: PrintOptions | None = None,
) -> str:
    """Exactly what ``print(tensor)`` prints in PyTorch.

    ``data`` holds the tensor's values in its own dtype; ``dtype_name`` is the torch
    dtype without ``torch.``; ``tangent`` is a dual tensor's tangent as text (``f"{t}"``,
    a number for a 0-d one); ``options`` defaults to the module's current print options.
    """
    opts = PRINT_OPTS if options is None else options
    indent = len(prefix)
    suffixes = []
    if is_meta(data):                   # PyTorch's: no values to show
        suffixes += ["device='meta'", f"size={tuple(data.shape)}"]
        if dtype_name != default_dtype_name:
            suffixes.append(f"dtype={format_dtype(dtype_name)}")
        body = "..."
    elif (data := np.asarray(data)).size == 0:
        if data.ndim != 1:
            suffixes.append(f"size={tuple(data.shape)}")
        if dtype_name != default_dtype_name:
            suffixes.append(f"dtype={format_dtype(dtype_name)}")
        body = "[]"
    else:
        if not opts.edgeitems:
            suffixes.append(f"size={tuple(data.shape)}")
        if not _has_default_dtype(dtype_name, default_dtype_name):
            suffixes.append(f"dtype={format_dtype(dtype_name)}")
        body = _tensor_str(data, indent, opts)
    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")
    if tangent is not None:
        suffixes.append(f"tangent={tangent}")
    return _add_suffixes(prefix + body, suffixes, indent, opts.linewidth)
