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
    arr = np.asarray(value)
    try:
        name = from_numpy(arr.dtype).name
    except TypeError:
        return str(value)
    text = printing.format_tensor(arr, dtype_name=name, default_dtype_name=name, prefix="",
                                  options=options)
    return text[:-1]


def short_text(value) -> str:
    """A value on one line, summarised beyond a dozen elements (graph labels)."""
    return tensor_text(value, SHORT).replace("\n", "")
