"""Resource limits the engine enforces while a formula runs (none for the Python API).

The interpreter activates a limits object (with `max_elements`, `max_total_elements`,
`max_nodes` and a `flag_for(field)` method) around a run; the engine checks each new tensor
and node against it. Exceeding one raises `LimitError` naming the limit and its CLI flag.

`max_total_elements` bounds what a run holds at once, not what it allocates over its life
(a training loop allocates far more than it keeps: PyTorch's own dynamic_net tutorial
allocates 330 million elements, holding a few thousand). Each new tensor's elements are
counted; when the count passes the limit, the memory the process has taken since the run
began (its resident set, /proc/self/statm, else its peak) is read as 8-byte elements: over
the limit, the run stops; under it, counting starts again from that amount. Where neither
can be read the count itself is the limit (what it allocated).
"""
from __future__ import annotations

import contextlib
import os
import sys

from .errors import LimitError

active = [None]
_counts = {"elements": 0, "nodes": 0}
_baseline: list = [None]        # the process's resident bytes when the run began


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
        total = _held(lim, n, total)
    _counts["elements"] = total


def _held(lim, n: int, total: int) -> int:
    """The count passed the total limit: what the run holds, measured, plus the n elements
    about to be made; refused when that too is over the limit (see the module's text)."""
    hint = f"raise it with {_flag(lim, 'max_total_elements', '--max-total-elements')}"
    now, base = resident_bytes(), _baseline[0]
    if now is None or base is None:
        raise LimitError(f"the formula has allocated {total:,} tensor elements in total, over "
                         f"the limit of {lim.max_total_elements:,}", hint=hint)
    held = max(0, now - base) // 8 + n
    if held > lim.max_total_elements:
        raise LimitError(f"the formula holds about {held:,} tensor elements at once "
                         f"({max(0, now - base) / 1e6:,.0f} MB taken since it began), over the "
                         f"limit of {lim.max_total_elements:,}", hint=hint)
    return held


def resident_bytes() -> int | None:
    """The process's resident memory in bytes (Linux), else its peak (other Unix), else
    None."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


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
    prev, prev_counts, prev_base = active[0], dict(_counts), _baseline[0]
    active[0] = lim
    _counts.update(elements=0, nodes=0)
    _baseline[0] = resident_bytes()
    try:
        yield lim
    finally:
        active[0] = prev
        _counts.update(prev_counts)
        _baseline[0] = prev_base
