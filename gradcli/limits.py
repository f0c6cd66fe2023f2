"""Resource limits the engine enforces while a formula runs (none for the Python API).

The interpreter activates a limits object (with `max_elements`, `max_total_elements`,
`max_nodes` and a `flag_for(field)` method) around a run; the engine checks each new tensor
and node against it. Exceeding one raises `LimitError` naming the limit and its CLI flag.
"""
from __future__ import annotations

import contextlib

from .errors import LimitError

active = [None]
_counts = {"elements": 0, "nodes": 0}


def _flag(lim, field: str, default: str) -> str:
    fn = getattr(lim, "flag_for", None)
    return fn(field) if fn is not None else default


def check_size(n: int) -> None:
    """Refuse to create a tensor of n elements when that breaks a limit (before allocating)."""
    lim = active[0]
    if lim is None:
        return
    if n > lim.max_elements:
        raise LimitError(f"a tensor of {n:,} elements exceeds the limit of "
                         f"{lim.max_elements:,} elements per tensor",
                         hint=f"raise it with {_flag(lim, 'max_elements', '--max-elements')}")
    total = _counts["elements"] + n
    if total > lim.max_total_elements:
        raise LimitError(f"the formula has allocated {total:,} tensor elements in total, over "
                         f"the limit of {lim.max_total_elements:,}",
                         hint=f"raise it with "
                              f"{_flag(lim, 'max_total_elements', '--max-total-elements')}")
    _counts["elements"] = total


def check_tensor(arr) -> None:
    check_size(arr.size)


def count_scalar(node: bool) -> None:
    """check_size(1), then count_node() when `node`: a 0-d result of the scalar fast path,
    in one call."""
    lim = active[0]
    total = _counts["elements"] + 1
    if total > lim.max_total_elements or lim.max_elements < 1:
        check_size(1)
    _counts["elements"] = total
    if node:
        count_node()


def count_node() -> None:
    lim = active[0]
    n = _counts["nodes"] + 1
    _counts["nodes"] = n
    if n > lim.max_nodes:
        raise LimitError(f"the graph has more than {lim.max_nodes:,} nodes",
                         hint=f"raise the limit with {_flag(lim, 'max_nodes', '--max-nodes')}")


@contextlib.contextmanager
def activated(lim):
    """Enforce `lim` inside the block (nested runs restore the outer limits and counts)."""
    prev, prev_counts = active[0], dict(_counts)
    active[0] = lim
    _counts.update(elements=0, nodes=0)
    try:
        yield lim
    finally:
        active[0] = prev
        _counts.update(prev_counts)
