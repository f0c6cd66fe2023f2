"""Values as text, the way PyTorch prints them, for every renderer (no Rich here)."""
from __future__ import annotations

import math

import numpy as np

from .. import printing
from ..dtypes import from_numpy

#: Table cells: PyTorch's defaults on a narrower line.
CELL = printing.PrintOptions(precision=4, threshold=1000, edgeitems=3, linewidth=60)
#: Whole matrices, one row per line.
WIDE = printing.PrintOptions(precision=4, threshold=math.inf, edgeitems=3, linewidth=1 << 30)
#: One-line labels of graph nodes: at most a dozen elements.
SHORT = printing.PrintOptions(precision=4, threshold=12, edgeitems=2, linewidth=1 << 30)


def tensor_text(value, options: printing.PrintOptions = CELL) -> str:
    """A value as PyTorch prints it, without `tensor(` and `)`."""
    if value is None:
        return "None"
    arr = value if type(value) is np.ndarray else np.asarray(value)
    if arr.ndim == 0 and arr.dtype.type in _FLOATS and type(arr) is np.ndarray and \
            options.sci_mode is None and options.edgeitems:
        return scalar_text(arr.item(), options.precision)
    try:
        name = from_numpy(arr.dtype).name
    except TypeError:
        return str(value)
    text = printing.format_tensor(arr, dtype_name=name, default_dtype_name=name, prefix="",
                                  options=options)
    return text[:-1]


_FLOATS = (np.float32, np.float64)


def scalar_text(v: float, precision: int) -> str:
    """One float32 or float64 number as `tensor_text` writes it (printing.format_scalar)."""
    return printing.format_scalar(v, precision)


def short_text(value) -> str:
    """A value on one line, summarised beyond a dozen elements (graph labels)."""
    if type(value) is np.ndarray and value.ndim == 0 and value.dtype.type in _FLOATS:
        return scalar_text(value.item(), SHORT.precision)
    return tensor_text(value, SHORT).replace("\n", "")
